"""An export dated by its grading date alone (no call date column) records no baseline its rows may be calls in:
windows use the call date, never the grading date (domain.md, "Which calls count"), and a baseline recorded once on
grading dates would stay after the call dates come. The session S-1: Dana Cruz, Empathy, 2025-03-10, 3 calls."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from tests.test_export_readings import DATED, _checks, _dated_export, _figures, _imported
from tests.wbkit import records, run


def _headermap_line(book, header: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    settings = wb["Settings"]
    fields = [c.column for c in settings[1] if c.value == "Field"][0]
    row = next(r for r in range(2, settings.max_row + 2) if settings.cell(row=r, column=fields).value is None)
    settings.cell(row=row, column=fields, value="call_at")
    settings.cell(row=row, column=fields + 1, value=header)
    wb.save(book)


def test_rows_dated_by_their_grading_date_hold_the_baseline_until_their_call_dates_are_read(tmp_path):
    assert DATED[2] == ("c3", "2025-03-06", "2025-03-12", 70)  # taken before the session, graded after it
    book, _ = _imported(tmp_path, _dated_export("Ticket Opened"))
    # by grading date the baseline would be c1, c2 (graded 03-04, 03-05): 50, 60 -> 55, n 2, recorded for good,
    # where c3, called on 03-06, belongs in it. Now it is shown as provisional (2, 55) and nothing is recorded
    assert _figures(book)[:2] == (2, 55)
    log = records(book, "Log")[0]
    assert (log["Baseline n"], log["Baseline mean"], log["Baseline recorded on"]) == (None, None, None)
    [held] = [r for r in records(book, "Checks") if r["Code"] == Code.BASELINE_HELD.value]
    assert (held["Sheet"], held["Row"]) == ("Log", 2) and "grading date" in held["Problem"]
    # the export's rows hold the baseline: its grading-date row is an error, saying that the baselines wait, and the
    # fix reads the call dates; Exclude is offered only for rows that are no call to count (it drops them)
    [used] = _checks(book, Code.GRADING_DATE_HOLDS)
    assert used["Severity"] == "error" and not _checks(book, Code.GRADING_DATE_USED)
    assert "while its rows lack call dates, every baseline one of them may be a call in waits" in used["Problem"]
    assert "add a Call date column to these rows" in used["How to fix"]
    assert "HeaderMap" in held["How to fix"] and "a Call date column added to those rows by hand" in held["How to fix"]
    assert "Type a reason in Exclude only for a row that is no call to count" in held["How to fix"]
    assert "a baseline of 0 calls, recorded for good" in held["How to fix"]
    # the HeaderMap line the warning offers: dated by their call dates, the baseline is c1, c2, c3 = 50, 60, 70 ->
    # 180 / 3 = 60, n 3, recorded; the follow-up c4, c5, c6 = 80, 90, 100 -> 90
    _headermap_line(book, "Ticket Opened")
    assert run("refresh", book, "--as-of", "2025-04-30", "-q").exit_code == 0
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")
    log = records(book, "Log")[0]
    assert (log["Baseline n"], log["Baseline mean"]) == (3, 60)
    assert not _checks(book, Code.BASELINE_CHANGED) and not _checks(book, Code.BASELINE_HELD)

