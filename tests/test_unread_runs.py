"""Five rows or more in a row whose scores cannot be read, in a Scores sheet whose other rows can: rows pasted
under the wrong columns (a week's export pasted without its header row below an export pasted with its own, in
another column order, is read with that one's header: its Score column holds their call dates, its Rep column
their criterion).  Checks names the run (`no-row-read`) and no baseline is recorded, as for a sheet none of whose
rows can be read: the session's baseline was recorded from the rows above alone (90 over ten calls where its
last ten are five at 90 and five at 40, 65), for good."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.wbkit import ACK, checks_and_first_log_row, team_book, type_log_rows

AT = dt.datetime(2026, 10, 1, 9)


def _book(path, below: list, then: list | None = None):
    """Bo Park's calls C100.. at 90 from 2026-10-01, one a day, under the template's header; then a header row in
    another column order with C200 and C201 at 90 under it (10-06); then the rows ``below`` (template order),
    and ``then`` (the other order); S-1 on 2026-10-12."""
    wb = team_book(path, [("ACK", ACK), ("GRT", "Greets")], ["Bo Park"])
    scores = wb["Scores"]
    for i in range(10):
        scores.append([f"C{100 + i}", "Bo Park", AT + dt.timedelta(days=i // 2, hours=i), ACK, 90])
    scores.append(["Call ID", "Criterion", "Score", "Rep", "Call date"])
    for i in range(2):
        scores.append([f"C{200 + i}", ACK, 90, "Bo Park", AT + dt.timedelta(days=5, hours=i)])
    for row in below + (then or []):
        scores.append(row)
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK,
                        "Session date": dt.datetime(2026, 10, 12), "Development target": "Name the concern first."}])
    wb.save(path)


def _template_order(n: int) -> list:
    """``n`` of Bo Park's calls C300.. from 2026-10-07, in the template's column order (no header above them)."""
    return [[f"C{300 + i}", "Bo Park", AT + dt.timedelta(days=6 + i // 2, hours=i), ACK, 40] for i in range(n)]


def _refreshed(book) -> tuple[list, dict]:
    return checks_and_first_log_row(book, "2026-10-12")


def test_five_rows_under_the_wrong_columns_are_named_and_no_baseline_is_recorded(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, _template_order(5))
    checks, log = _refreshed(book)
    # the header is row 12, C200 and C201 rows 13 and 14, the five rows 15 to 19
    [run_said] = [c for c in checks if c["Code"] == "no-row-read"]
    assert (run_said["Severity"], run_said["Sheet"], run_said["Row"], run_said["Field"]) == \
        ("error", "Scores", 15, "Score")
    assert run_said["Problem"].startswith("Scores rows 15 to 19: 5 of these rows have a score that cannot be read "
                                          "beside a criterion on no list, a rep that is a number or a date, or a call "
                                          "date before 1901")
    assert "Paste the export's header row above row 15" in run_said["How to fix"]
    assert sorted(c["Row"] for c in checks if c["Code"] == "unreadable-score") == [15, 16, 17, 18, 19]
    assert (log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]) == (None, None, None)
    assert any(c["Code"] == "baseline-not-recorded" for c in checks)
    # the header row pasted above them: read by their names, the baseline the last ten calls, 5 x 90 + 5 x 40
    again = tmp_path / "fixed.xlsx"
    _book(again, [["Call ID", "Rep", "Call date", "Criterion", "Score"], *_template_order(5)])
    checks, log = _refreshed(again)
    assert [c for c in checks if c["Severity"] == "error"] == []
    assert (log["Baseline mean"], log["Baseline n"]) == ((5 * 90 + 5 * 40) / 10, 10)


def test_a_run_broken_by_a_row_not_scored_is_still_named(tmp_path):
    # eight rows under the wrong columns, the fourth with no call date (under Score there: not scored), which is no
    # readable row: one run of seven
    rows = _template_order(8)
    rows[3][2] = None
    book = tmp_path / "team.xlsx"
    _book(book, rows)
    checks, log = _refreshed(book)
    [said] = [c for c in checks if c["Code"] == "no-row-read"]
    assert said["Row"] == 15 and said["Problem"].startswith("Scores rows 15 to 22: 7 of these rows")
    assert log["Baseline n"] is None


@pytest.mark.parametrize("shape", ["ids", "rep names", "shifted"])
def test_rows_whose_score_column_holds_text_under_the_wrong_columns_are_named(tmp_path, shape):
    # six rows below the second header (Call ID, Criterion, Score, Rep, Call date) whose Score column holds a call
    # id, the rep's name (its Rep column the score, 40), or the criterion (the week pasted a column to the right)
    days = [AT + dt.timedelta(days=6, hours=i) for i in range(6)]
    rows = {"ids": [[f"C{300 + i}", f"X{i}", f"C{300 + i}", "Bo Park", day] for i, day in enumerate(days)],
            "rep names": [[f"C{300 + i}", ACK, "Bo Park", 40, day] for i, day in enumerate(days)],
            "shifted": [[None, f"C{300 + i}", ACK, 40, "Bo Park", day] for i, day in enumerate(days)]}[shape]
    book = tmp_path / "team.xlsx"
    _book(book, rows)
    checks, log = _refreshed(book)
    assert [c["Row"] for c in checks if c["Code"] == "no-row-read"] == [15]
    assert log["Baseline n"] is None


def test_a_paste_with_score_and_date_swapped_under_a_team_keeping_no_reps_list_is_named(tmp_path):
    # no Reps list (a rep's name tells nothing), and five rows of the export below the second header with their
    # score and date columns swapped: its Score column holds dates, its Call date column scores (40: a day of 1900)
    book = tmp_path / "team.xlsx"
    _book(book, [[r[0], r[3], r[2], r[1], r[4]] for r in _template_order(5)])
    wb = load_workbook(book)
    wb["Reps"].delete_rows(2, wb["Reps"].max_row)
    wb.save(book)
    checks, log = _refreshed(book)
    assert [c["Row"] for c in checks if c["Code"] == "no-row-read"] == [15]
    assert log["Baseline n"] is None


@pytest.mark.parametrize("rows", [
    _template_order(4),  # fewer than five: a typo each, said row by row
    # five N/A under the right columns: not scored, not unread
    [[f"C{400 + i}", ACK, "N/A", "Bo Park", AT + dt.timedelta(days=6, hours=i)] for i in range(5)],
    # five of Bo Park's calls scored "Pending" under the right columns: his rep and criterion are on the lists, so
    # the rows are his own matter (said row by row, holding the sessions they may belong to), not a paste misread
    [[f"C{500 + i}", ACK, "Pending", "Bo Park", AT + dt.timedelta(days=-20, hours=i)] for i in range(5)],
    # a new rep not on Reps yet, five calls scored "Pending", or 8/10 that Excel turned into a date: unknown-rep's
    # matter, no paste misread
    [[f"C{600 + i}", ACK, "Pending", "Cy New", AT + dt.timedelta(days=2, hours=i)] for i in range(5)],
    [[f"C{700 + i}", ACK, dt.datetime(2026, 8, 10), "Cy New", AT + dt.timedelta(days=2, hours=i)] for i in range(5)],
    _template_order(3) + [["C400", ACK, 90, "Bo Park", AT + dt.timedelta(days=8)]] + _template_order(2),
])
def test_fewer_than_five_unread_rows_in_a_row_or_n_a_record_the_baseline(tmp_path, rows):
    book = tmp_path / "team.xlsx"
    _book(book, rows)
    checks, log = _refreshed(book)
    assert [c for c in checks if c["Code"] == "no-row-read"] == []
    assert log["Baseline n"] == 10 and log["Baseline recorded on"] is not None
