"""A sheet of the team's own holding a Scores header is named, and every baseline waits: only sheets whose names
start with Scores are read, so scores moved to "Q1 archive" (or Scores renamed "Q3 Scores" beside a new empty
Scores) counted for no session, and the baselines were recorded without them, for good, with nothing said."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.wbkit import ACK, checks_and_first_log_row, team_book, type_log_rows

HEADER = ["Call ID", "Rep", "Call date", "Criterion", "Score"]


def _book(path, archive: str, above: list | None = None):
    """Bo Park's ten calls at 60 from 2026-02-20 on the sheet ``archive`` (under ``above``'s rows and the template's
    header), five at 90 from 2026-03-02 on Scores; S-1 on 2026-03-09, its baseline not recorded yet."""
    wb = team_book(path, [("ACK", ACK), ("GRT", "Greets")], ["Bo Park"])
    old = wb.create_sheet(archive)
    for row in [*(above or []), HEADER]:
        old.append(row)
    for i in range(10):
        old.append([f"A{i:02d}", "Bo Park", dt.datetime(2026, 2, 20 + i // 2, 9 + i), ACK, 60])
    for i in range(5):
        wb["Scores"].append([f"B{i:02d}", "Bo Park", dt.datetime(2026, 3, 2 + i, 10), ACK, 90])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK,
                        "Session date": dt.datetime(2026, 3, 9), "Development target": "Name the concern first."}])
    wb.save(path)


def _named(checks: list[dict]) -> list[tuple]:
    """(sheet, row) of each scores-sheet-not-read row of Checks."""
    return [(c["Sheet"], c["Row"]) for c in checks if c["Code"] == "scores-sheet-not-read"]


def _held_by(book, sheet: str) -> None:
    """The workbook refreshed: ``sheet`` named at its row 1, and S-1's baseline not recorded."""
    checks, log = _refreshed(book)
    assert _named(checks) == [(sheet, 1)]
    assert (log["Baseline mean"], log["Baseline n"]) == (None, None)


def _refreshed(book) -> tuple[list, dict]:
    return checks_and_first_log_row(book, "2026-03-09")


def test_scores_on_a_sheet_not_named_scores_are_named_and_no_baseline_is_recorded(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, "Q1 archive")
    checks, log = _refreshed(book)
    [said] = [c for c in checks if c["Code"] == "scores-sheet-not-read"]
    assert (said["Severity"], said["Sheet"], said["Row"]) == ("error", "Q1 archive", 1)
    assert said["Problem"] == ('Sheet "Q1 archive": row 1 is a Scores header (Call ID, Rep, Call date, Criterion, '
                               "Score) over calls that are not on Scores, but the sheet is not read: only sheets "
                               "whose names start with Scores are, so none of its scores counts for any session.")
    assert said["How to fix"].startswith('Rename the sheet so its name starts with Scores (e.g. "Scores Q1 archive")')
    # without the archive, the five 90s alone would have been recorded (mean 90, n 5): nothing is
    assert (log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]) == (None, None, None)
    assert [c["Sheet"] for c in checks if c["Code"] == "baseline-not-recorded"] == ["Q1 archive"]
    # renamed as asked: both sheets read, the last ten calls before the session five 60s and five 90s
    wb = load_workbook(book)
    wb["Q1 archive"].title = "Scores Q1 archive"
    wb.save(book)
    checks, log = _refreshed(book)
    assert [c for c in checks if c["Severity"] == "error"] == []
    assert (log["Baseline mean"], log["Baseline n"]) == ((5 * 60 + 5 * 90) / 10, 10)


def test_a_header_below_title_rows_is_named_at_its_row(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, "Old Q3 Scores", above=[["QA export, January"], []])
    checks, _ = _refreshed(book)
    [said] = [c for c in checks if c["Code"] == "scores-sheet-not-read"]
    assert (said["Sheet"], said["Row"]) == ("Old Q3 Scores", 3)
    assert 'e.g. "Scores Old Q3"' in said["How to fix"]


def test_a_wide_archive_is_named_and_a_view_of_scores_or_a_header_alone_is_not(tmp_path):
    # a wide export (a column per criterion) archived: named; a sheet of Scores' own calls (a view, a calibration
    # of them, its ids written otherwise), a header typed ready for next week with no row under it, and a sheet of
    # calls with no score: the team's own, not named
    book = tmp_path / "team.xlsx"
    _book(book, "Notes")
    wb = load_workbook(book)
    del wb["Notes"]
    wide = wb.create_sheet("Wide archive")
    wide.append(["Call ID", "Rep", "Call date", ACK])
    wide.append(["W01", "Bo Park", dt.datetime(2026, 2, 1, 9), 55])
    view = wb.create_sheet("Bo's calls")
    view.append(HEADER)
    view.append(["B00", "Bo Park", dt.datetime(2026, 3, 2, 10), ACK, 90])  # (on Scores)
    wb.create_sheet("Next week").append(HEADER)
    copy = wb.create_sheet("Copied ids")  # (Scores' ids as another program writes them: an apostrophe, zeros)
    copy.append(HEADER)
    copy.append(["'B01", "Bo Park", dt.datetime(2026, 3, 3, 10), ACK, 90])
    complaints = wb.create_sheet("Complaints")  # (calls and reps, no score: not scores)
    complaints.append(["Call ID", "Rep", "Call date", "Complaint"])
    complaints.append(["Z01", "Bo Park", dt.datetime(2026, 2, 1, 9), "Put on hold twice"])
    ratings = wb.create_sheet("Customer ratings")  # (a score of another system's tickets, no criterion)
    ratings.append(["Call ID", "Rep", "Call date", "Score", "Complaint"])
    ratings.append(["TCK-5521", "Bo Park", dt.datetime(2026, 2, 1, 9), 2, "Put on hold twice"])
    wb.save(book)
    _held_by(book, "Wide archive")


def test_an_archive_holding_some_calls_still_on_scores_is_named(tmp_path):
    # Scores copied to "Archive", then its old weeks deleted from Scores: the archive's ten old calls and three of
    # Scores' five: most of its calls are on no Scores sheet
    book = tmp_path / "team.xlsx"
    _book(book, "Archive")
    wb = load_workbook(book)
    for i in range(3):
        wb["Archive"].append([f"B{i:02d}", "Bo Park", dt.datetime(2026, 3, 2 + i, 10), ACK, 90])
    wb.save(book)
    _held_by(book, "Archive")


def test_a_sheet_of_the_teams_own_without_a_scores_header_is_not_named(tmp_path):
    # a notes sheet naming a rep, a criterion and a comment (no call id, score or date), and a copy of the Log
    book = tmp_path / "team.xlsx"
    _book(book, "Notes", above=None)
    wb = load_workbook(book)
    del wb["Notes"]
    notes = wb.create_sheet("Notes")
    notes.append(["Rep", "Criterion", "Comment"])
    notes.append(["Bo Park", ACK, "Doing better."])
    wb.copy_worksheet(wb["Log"]).title = "Log copy"
    wb.save(book)
    checks, log = _refreshed(book)
    assert [c for c in checks if c["Code"] in ("scores-sheet-not-read", "baseline-not-recorded")] == []
    assert (log["Baseline mean"], log["Baseline n"]) == (90, 5)
