"""A row of units under an export's header (``points``, ``(0-5)``, ``%``, ``date`` and blanks), as some
QA platforms and hand-kept sheets write one: it is no call, and the rows under it are the export's.

It was read as the first call: a wide export lost every criterion column (a column whose first value is
``points`` reads as no scores) and was refused for a missing criterion and score column; a long one gave
five errors for the one row.  Now it is skipped with a note, as a totals row is, and a row of scores
is never taken for one.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from coachlog_xl import api
from coachlog_xl.core import trailers
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}]

WIDE = [
    ["qa_id", "agent_name", "call_date", ACK, VERIFY],
    [None, None, None, "points", "(0-5)"],
    ["Q-1", "Dana Cruz", "2026-03-02 10:00", 60, 3],
    ["Q-2", "Dana Cruz", "2026-03-12 10:00", 90, 5],
]
LONG = [
    ["Call ID", "Rep", "Call date", "Criterion", "Score", "Call type"],
    [None, None, "date", None, "%", None],
    ["L-1", "Dana Cruz", "2026-03-02 10:00", ACK, 70, "inbound"],
    ["L-2", "Dana Cruz", "2026-03-12 10:00", ACK, 85, "inbound"],
]


def _write(path, rows):
    if path.suffix == ".csv":
        path.write_text("\n".join(",".join("" if v is None else str(v) for v in row) for row in rows) + "\n")
    else:
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    return path


def _scored(path):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    calls = pv.calls.sort_values(["call_id", "criterion"])
    return [(r.call_id, r.criterion, round(r.score, 6)) for r in calls.itertuples()], pv.checks


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_wide_export_with_a_units_row_is_read_from_the_row_under_it(tmp_path, suffix):
    got, checks = _scored(_write(tmp_path / f"export{suffix}", WIDE))
    assert not (checks["code"] == "missing-column").any()
    # ACK as points on 0-100; VERIFY 3 and 5 are all 10 or below: read as points out of 100 as any such column
    assert got == [("Q-1", ACK, 60.0), ("Q-1", VERIFY, 3.0), ("Q-2", ACK, 90.0), ("Q-2", VERIFY, 5.0)]
    note = checks[checks["problem"].str.contains("units")]
    assert note[["code", "row"]].values.tolist() == [["layout-note", 2]]
    assert "points, (0-5)" in note["problem"].iat[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_long_export_with_a_units_row_gives_no_error_for_it(tmp_path, suffix):
    got, checks = _scored(_write(tmp_path / f"export{suffix}", LONG))
    assert got == [("L-1", ACK, 70.0), ("L-2", ACK, 85.0)]
    assert not (checks["severity"] == "error").any()
    assert checks.loc[checks["row"] == 2, "code"].tolist() == ["layout-note"]


def test_a_units_row_pasted_into_scores_is_skipped_and_the_calls_under_it_count(tmp_path):
    path = tmp_path / "team.xlsx"
    api.new_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb["Reps"].append(["Dana Cruz", None, "Morgan Hale", "Team A", "yes"])
    wb["Criteria"].append(["ACK", ACK, "Process", 1, "good", "poor", "percent 0-100", "1",
                           dt.date(2024, 1, 1), "yes", "yes", "yes", "yes"])
    for col, value in enumerate(["S1", "Dana Cruz", "Morgan Hale", None, dt.date(2026, 3, 10)], start=1):
        wb["Log"].cell(2, col, value)
    wb["Log"].cell(2, 15, ACK)
    scores = wb["Scores"]
    for r, row in enumerate(WIDE, start=2):  # under the template's header: the export's header, units, calls
        for c, value in enumerate(row, start=1):
            scores.cell(r, c).value = value
    scores.tables["Scores"].ref = f"A1:M{1 + len(WIDE)}"
    wb.save(path)
    result = api.compute_file(path, as_of=dt.date(2026, 12, 31), cache=False)
    assert not (result.checks["code"] == "missing-column").any()
    # baseline: Q-1 on 2026-03-02, 60; follow-up: Q-2 on 2026-03-12, 90
    assert result.baseline.iloc[0]["baseline_n"] == 1
    assert result.baseline.iloc[0]["baseline_mean"] == 60
    assert result.followup.iloc[0]["followup_mean"] == 90
    note = result.checks[result.checks["problem"].str.contains("row of units")]
    assert note[["sheet", "row", "code"]].values.tolist() == [["Scores", 3, "layout-note"]]


@pytest.mark.parametrize("cells", [
    ["Q-3", "Dana Cruz", "2026-03-02", 60, 3],  # a call
    [None, None, None, 60, 3],  # scores without a call named: a summary's, not units
    [None, None, None, "Yes", "No"],  # score words
    [None, None, None, "80%", None],  # a percent score
    ["10-20", None, None, None, None],  # a call id that reads as a range
    [None, "1-5", None, None, None],  # in the rep's column
    [None, None, None, None, None],  # a blank row
])
def test_a_row_of_values_is_no_units_row(cells):
    assert trailers.units_row(cells, named={0, 1, 2}) is None


def test_units_words_and_ranges_make_a_units_row():
    assert trailers.units_row([None, "text", "dd/mm/yyyy", "points", "(0-5)", "0-100%", "%", " Date "], {0, 1}) == \
        ["text", "dd/mm/yyyy", "points", "(0-5)", "0-100%", "%", "Date"]
