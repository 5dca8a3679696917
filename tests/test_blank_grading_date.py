"""A grading date column blank on every row does not stand in for the call date: a Scores sheet whose ``Call date``
header was renamed ``When`` (no HeaderMap line reads it) and whose ``Graded on`` is blank has no call date column,
one error naming the blank grading date column, the column of dates not read and the HeaderMap line that reads it,
not a ``missing-call-date`` error on every row; the line added, the next refresh records the baseline.
Expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from tests.wbkit import ACK, one_rep_book, records, run

SCORES = [60, 70, 80, 90, 100]  # calls on 2026-03-01 ... 03-05, before the session of 2026-03-10


def test_a_blank_grading_date_column_is_no_call_date_and_the_column_of_dates_is_offered():
    head = ["Call ID", "Rep", "When", "Criterion", "Score", "Graded on"]
    rows = [[f"C{i}", "Bo Park", dt.datetime(2026, 3, i, 10), ACK, s, None] for i, s in enumerate(SCORES, start=1)]
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=[{"rep": "Bo Park"}]),
                 RawTable.from_rows("export.csv", head, rows))
    codes = list(pv.checks["code"])
    assert Code.MISSING_CALL_DATE.value not in codes and Code.GRADING_DATE_USED.value not in codes
    said = pv.checks[pv.checks["code"] == Code.MISSING_COLUMN.value]
    assert list(said["field"]) == ["Call date"]  # one error, not one a row (the call date as the template heads it)
    problem, fix = said["problem"].iloc[0], said["fix"].iloc[0]
    assert 'grading date column F "Graded on" is blank on every row' in problem
    assert 'Column C "When" holds dates and is not read' in problem
    assert "Field call_at, Export header When" in fix


def test_the_refresh_says_it_once_holds_the_baseline_and_records_it_once_the_headermap_reads_the_dates(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = one_rep_book(book, [(dt.date(2026, 3, d), s) for d, s in enumerate(SCORES, start=1)],
                      [{"Session ID": "S-1", "Session date": dt.date(2026, 3, 10)}])
    scores = wb["Scores"]
    head = [c.value for c in scores[1]]
    scores.cell(1, head.index("Call date") + 1).value = "When"  # Graded on left blank on every row
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    checks = records(book, "Checks")
    said = [(r["Severity"], r["Code"], r["Field"]) for r in checks if r["Sheet"] == "Scores"]
    assert said == [("error", Code.MISSING_COLUMN.value, "Call date"), ("warning", Code.BASELINE_HELD.value, None)]
    assert records(book, "Log")[0]["Baseline recorded on"] is None
    wb = load_workbook(book)
    ws = wb["Settings"]
    head = [c.value for c in ws[1]]
    field = head.index("Field") + 1
    last = next(r for r in range(2, ws.max_row + 2) if ws.cell(r, field).value is None)
    ws.cell(last, field).value, ws.cell(last, field + 1).value = "call_at", "When"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    row = records(book, "Follow-up")[0]
    # the five calls before the session: (60 + 70 + 80 + 90 + 100) / 5 = 80
    assert (row["Baseline n"], row["Baseline mean"]) == (5, 80)
    assert records(book, "Log")[0]["Baseline recorded on"] is not None


def _inputs():
    return RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=[{"rep": "Bo Park"}])


def test_no_rep_column_beside_a_blank_grading_date_is_one_error_each():
    head = ["Call ID", "Graded on", "Criterion", "Score"]
    rows = [[f"C{i}", None, ACK, s] for i, s in enumerate(SCORES, start=1)]
    pv = preview(_inputs(), RawTable.from_rows("export.csv", head, rows))
    said = pv.checks[pv.checks["code"] == Code.MISSING_COLUMN.value]
    # the call date (its grading date blank) and the rep: two errors, each said once
    assert sorted(said["field"]) == ["Call date", "Rep"]


def test_a_paste_with_grading_dates_is_read_by_them_below_one_whose_grading_dates_are_blank():
    head = ["Call ID", "Rep", "Graded on", "Criterion", "Score"]
    # week 1: calls C1-C5 with Graded on blank; week 2 pasted under its own header: C6-C10 graded 2026-03-06 ... 10
    week1 = [[f"C{i}", "Bo Park", None, ACK, s] for i, s in enumerate(SCORES, start=1)]
    week2 = [[f"C{i + 5}", "Bo Park", dt.datetime(2026, 3, i + 5), ACK, s] for i, s in enumerate(SCORES, start=1)]
    pv = preview(_inputs(), RawTable.from_rows("Scores", head, [*week1, head, *week2]))
    codes = list(pv.checks["code"])
    # the blank paste: the one error; the other: read by its grading dates, with the warning that says so
    assert codes.count(Code.MISSING_COLUMN.value) == 1 and codes.count(Code.GRADING_DATE_USED.value) == 1
    assert Code.MISSING_CALL_DATE.value not in codes
    # week 2's five calls read: 60 + 70 + 80 + 90 + 100 = 400 over 5 = 80
    assert sorted(pv.calls["call_id"]) == ["C10", "C6", "C7", "C8", "C9"]
    assert pv.calls["score"].mean() == 80
