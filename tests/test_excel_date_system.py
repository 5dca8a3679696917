"""Refreshing from inside Excel reads the Scores' date numbers (call dates pasted as plain numbers) in the
workbook's date system where the engine tells it (Excel on the desktop: ``Workbook.Date1904``), as the file
refresh does; where it cannot (xlwings Lite and Server), they are read in the 1900 system and Checks says so.
A team workbook saved in the 1904 date system by openpyxl, its sheets handed to the stand-in Excel
(tests/xlbook.py) as a reader of the file sees them; days worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from coachlog_xl import excel
from coachlog_xl.core.checks import Code
from tests.test_export_1904 import team_1904
from tests.xlbook import ComError, MemoryBook, sheets_of

# days from 1904-01-01 to 1 February 2026: 122 years (31 of them leap: 1904 .. 2024) and 31 days of January
FEB_1_2026 = 122 * 365 + 31 + 31


def _team_1904(path):
    return sheets_of(team_1904(path))  # (call dates in row 2 on: 2 Feb (60), 3 Feb (80), 5 Feb (90), 6 Feb (100))


def _records(book: MemoryBook, sheet: str) -> list[dict]:
    grid = book.grid(sheet)
    rows = [[grid.get((r, c)) for c in range(1, max(c for _, c in grid) + 1)]
            for r in range(1, max(r for r, _ in grid) + 1)]
    return [dict(zip(rows[0], row)) for row in rows[1:] if any(v is not None for v in row)]


def test_excel_on_the_desktop_reads_a_1904_workbook_s_date_numbers_in_it(tmp_path):
    book = MemoryBook(_team_1904(tmp_path / "team.xlsx"), name="team.xlsx", date1904=True)
    excel.refresh(book, as_of=dt.date(2026, 2, 28))
    row = _records(book, "Follow-up")[0]
    # 2 and 3 February before the 4 February session (60, 80 -> 70), 5 and 6 after (90, 100 -> 95); read in
    # the 1900 system all four fell in February 2022: a baseline of 4 and no follow-up
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 95)
    assert not [r for r in _records(book, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value]


def test_an_engine_that_cannot_tell_the_date_system_says_so_on_checks(tmp_path):
    # as xlwings Lite and Server: no date system sent; the numbers are read in the 1900 system (February 2022)
    book = MemoryBook(_team_1904(tmp_path / "team.xlsx"), name="team.xlsx", reads_formats=False, date1904=None)
    excel.refresh(book, as_of=dt.date(2026, 2, 28))
    said = [r for r in _records(book, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value]
    assert [(r["Sheet"], r["Row"], r["Severity"]) for r in said] == [("Scores", 2, "warning")]
    assert said[0]["Problem"].startswith(f"Scores: 4 call dates reached coachlog as date numbers (first on row 2: "
                                         f"{FEB_1_2026 + 1.4375}), read in Excel's 1900 date system")


def test_a_1900_workbook_s_date_numbers_on_the_desktop_are_read_as_before(tmp_path):
    book = MemoryBook(_team_1904(tmp_path / "team.xlsx"), name="team.xlsx", date1904=False)
    excel.refresh(book, as_of=dt.date(2026, 2, 28))
    # read in the 1900 system, as the workbook says: four calls in February 2022, before the session
    assert _records(book, "Follow-up")[0]["Baseline n"] == 4
    assert not [r for r in _records(book, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value]


def test_an_error_asking_excel_its_date_system_is_read_as_not_told(tmp_path):
    # Workbook.Date1904 failing through COM (Excel busy in a dialog: RPC_E_CALL_REJECTED, 0x80010001): the refresh
    # goes on, the numbers read in the 1900 system (4 calls in February 2022 before the session) and said, as
    # where the engine cannot tell
    busy = ComError(-2147418111, "Call was rejected by callee.", None, None)
    book = MemoryBook(_team_1904(tmp_path / "team.xlsx"), name="team.xlsx", date1904=busy)
    excel.refresh(book, as_of=dt.date(2026, 2, 28))
    assert _records(book, "Follow-up")[0]["Baseline n"] == 4
    said = [r for r in _records(book, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value]
    assert [(r["Sheet"], r["Row"], r["Severity"], r["Field"]) for r in said] == [("Scores", 2, "warning", "Call date")]
    # Excel's answer said with its text, and the fix one a desktop user can take (not "use Excel on the desktop")
    assert "Excel answered with an error (Call was rejected by callee)" in said[0]["Problem"]
    assert "Lite" not in said[0]["Problem"] and "dialog" in said[0]["How to fix"]
    assert "on the desktop" not in said[0]["How to fix"]


@pytest.mark.parametrize("bug", [TypeError("unhashable"), ValueError("bad literal")])
def test_a_bug_asking_excel_its_date_system_is_raised_not_read_as_excels_answer(tmp_path, bug):
    book = MemoryBook(_team_1904(tmp_path / "team.xlsx"), name="team.xlsx", date1904=bug)
    with pytest.raises(type(bug), match=str(bug)):
        excel.refresh(book, as_of=dt.date(2026, 2, 28))


def test_date_numbers_in_a_grading_date_column_are_said_of_that_column(tmp_path):
    # a Scores sheet whose only date column is the grading date (date_graded): the warning's Field is that column
    sheets = _team_1904(tmp_path / "team.xlsx")
    sheets["Scores"][0] = ["date_graded" if h == "Call date" else h for h in sheets["Scores"][0]]
    book = MemoryBook(sheets, name="team.xlsx", reads_formats=False, date1904=None)
    excel.refresh(book, as_of=dt.date(2026, 2, 28))
    said = [r for r in _records(book, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value]
    assert [(r["Row"], r["Field"]) for r in said] == [(2, "date_graded")]  # (the column as the sheet heads it)
    assert said[0]["Problem"].startswith("Scores: 4 grading dates reached coachlog as date numbers")


def test_a_session_date_number_on_an_engine_that_cannot_tell_the_system_is_said(tmp_path):
    # the Session date typed as a plain number, 4 February 2026 in the workbook's 1904 system, read in the 1900
    # system as 3 February 2022 (as the Scores' numbers are: here they move together), with nothing said before
    sheets = _team_1904(tmp_path / "team.xlsx")
    log = sheets["Log"]
    log[1][log[0].index("Session date")] = FEB_1_2026 + 3
    lite = MemoryBook(sheets, name="team.xlsx", reads_formats=False, date1904=None)
    excel.refresh(lite, as_of=dt.date(2026, 2, 28))
    said = [r for r in _records(lite, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value and r["Sheet"] == "Log"]
    assert [(r["Row"], r["Field"], r["Severity"]) for r in said] == [(2, "Session date", "warning")]
    assert said[0]["Problem"].startswith(f"Log: the Session date on row 2 reached coachlog as a date number "
                                         f"({FEB_1_2026 + 3}), read in Excel's 1900 date system: this Excel did not "
                                         "tell coachlog the workbook's date system")
    # Excel on the desktop tells the system: nothing to say of the Log
    desktop = MemoryBook(_team_1904(tmp_path / "again.xlsx"), name="team.xlsx", date1904=True)
    desktop.sheets[[s.name for s in desktop.sheets].index("Log")].cells[(2, log[0].index("Session date") + 1)] = \
        FEB_1_2026 + 3
    excel.refresh(desktop, as_of=dt.date(2026, 2, 28))
    assert not [r for r in _records(desktop, "Checks") if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value]


def test_an_as_of_date_number_on_an_engine_that_cannot_tell_the_system_is_said_when_it_is_used(tmp_path):
    # Settings' As-of date typed as a plain number: 28 February 2026 in the 1904 system, 27 February 2022 read in
    # the 1900 one, with nothing said before; not said where the refresh is given its as-of date (the cell unused)
    sheets = _team_1904(tmp_path / "team.xlsx")
    settings = sheets["Settings"]
    row = next(r for r in settings if r[0] == "As-of date")
    row[1] = FEB_1_2026 + 27
    lite = MemoryBook(sheets, name="team.xlsx", reads_formats=False, date1904=None)
    excel.refresh(lite)
    said = [r for r in _records(lite, "Checks")
            if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value and r["Sheet"] == "Settings"]
    assert [(r["Row"], r["Field"]) for r in said] == [(settings.index(row) + 1, "As-of date")]
    assert said[0]["Problem"].startswith(f"Settings: the As-of date on row {settings.index(row) + 1} reached "
                                         f"coachlog as a date number ({FEB_1_2026 + 27})")
    given = MemoryBook(sheets, name="team.xlsx", reads_formats=False, date1904=None)
    excel.refresh(given, as_of=dt.date(2026, 2, 28))
    assert not [r for r in _records(given, "Checks")
                if r["Code"] == Code.DATE_SYSTEM_UNKNOWN.value and r["Sheet"] == "Settings"]


@pytest.mark.parametrize("dates", ["datetime", "text"])
def test_a_score_excel_made_a_date_is_said_so_whichever_way_the_engine_sends_dates(tmp_path, dates):
    # 8/10 pasted into Scores row 2's Score and made 10 August 2026 by Excel: the desktop sends a datetime, xlwings
    # Lite and Server ISO text ("2026-08-10 00:00:00"), which was said to be "not a number"
    sheets = _team_1904(tmp_path / "team.xlsx")
    scores = sheets["Scores"]
    scores[1][scores[0].index("Score")] = dt.datetime(2026, 8, 10)
    book = MemoryBook(sheets, name="team.xlsx", dates=dates, reads_formats=dates != "text", date1904=None)
    excel.refresh(book, as_of=dt.date(2026, 2, 28))
    row = next(r for r in _records(book, "Checks") if r["Sheet"] == "Scores" and r["Row"] == 2
               and r["Code"] != Code.DATE_SYSTEM_UNKNOWN.value)
    assert "'2026-08-10' is a date, not a score: Excel turns a score written as 8/10" in row["Problem"]


def test_a_date_typed_as_text_in_a_score_cell_is_not_said_to_be_excels_doing():
    # "2026-03-25" typed (or in a CSV export): not a number, as before; the engine's "2026-03-25 00:00:00": a date
    from coachlog_xl.core import coerce
    from coachlog_xl.core.scorecells import score_reader

    read = score_reader(pd.Series(["2026-03-25", "80"], dtype=object))
    with pytest.raises(coerce.Unreadable, match="is not a number"):
        read("2026-03-25")
    with pytest.raises(coerce.Unreadable, match="'2026-03-25' is a date, not a score"):
        read("2026-03-25 00:00:00")
