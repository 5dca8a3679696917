"""An .xlsx export with more than one sheet of scores: the import names the sheets it read and the other sheets of
scores it left, and how to import them (``--export-sheet NAME``, ``--all-sheets``)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from coachlog_xl.cli import main
from tests.wbkit import team_book

ACK = "Acknowledges the concern"
HEAD = ["Call ID", "Agent", "Call Date", "Criterion", "Score"]


def _export(path):
    """Week 1 on "Evaluations"; week 2 on "Evaluations (2)", with a Graded on column more (so its header names
    one field more, and it alone is read by default)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Evaluations"
    ws.append(HEAD)
    ws.append(["A1", "Dana Cruz", dt.datetime(2026, 3, 2, 10), ACK, 80])
    ws2 = wb.create_sheet("Evaluations (2)")
    ws2.append([*HEAD, "Graded on"])
    ws2.append(["B1", "Eli Moss", dt.datetime(2026, 3, 9, 10), ACK, 60, dt.datetime(2026, 3, 10)])
    wb.save(path)


def _book(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [("ACK", ACK)], ["Dana Cruz", "Eli Moss"]).save(book)
    _export(tmp_path / "weeks.xlsx")
    return book


def _ids(book):
    ws = load_workbook(book)["Scores weeks"]
    return sorted(r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0] not in (None, "Call ID"))


def test_an_import_names_the_other_sheet_of_scores_it_did_not_read_and_how_to_import_it(tmp_path):
    book = _book(tmp_path)
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "weeks.xlsx")])
    # a warning: the exit status stays 0, as for the import's other warnings
    assert got.exit_code == 0, got.output
    assert "weeks.xlsx (sheet Evaluations (2)) was read" in got.output
    assert 'sheet "Evaluations" of the file also holds a header naming a call id and scores' in got.output
    assert '--export-sheet "Evaluations"' in got.output and "--all-sheets" in got.output
    assert _ids(book) == ["B1"]  # week 2's one call


def test_export_sheet_imports_the_sheet_named_and_all_sheets_every_sheet_of_scores(tmp_path):
    book = _book(tmp_path)
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "weeks.xlsx"), "--export-sheet", "Evaluations"])
    assert got.exit_code == 0, got.output
    assert 'sheet "Evaluations (2)" of the file also holds' in got.output
    assert _ids(book) == ["A1"]
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "weeks.xlsx"), "--all-sheets"])
    assert got.exit_code == 0, got.output
    # both weeks read, week 1's call already there: B1 added, nothing left unsaid
    assert "2 scores of 2 calls" in got.output and "also holds" not in got.output
    assert _ids(book) == ["A1", "B1"]


def test_an_export_sheet_the_file_does_not_hold_is_an_error_naming_its_sheets(tmp_path):
    book = _book(tmp_path)
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "weeks.xlsx"), "--export-sheet", "Week 3"])
    assert got.exit_code != 0
    assert "no sheet named 'Week 3'; its sheets are 'Evaluations', 'Evaluations (2)'" in got.output


def _copies(path, hidden: bool):
    """ "Evaluations" (3 calls, ACK 80 each); an identical copy "Evaluations_raw"; a per-call summary "Per call"
    (Call ID, Agent, Call Date, Score: no criterion); the last two hidden or visible."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Evaluations"
    raw, summary = wb.create_sheet("Evaluations_raw"), wb.create_sheet("Per call")
    for sheet in (ws, raw):
        sheet.append(HEAD)
        for i in range(3):
            sheet.append([f"C{i}", "Dana Cruz", dt.datetime(2026, 3, 2 + i, 10), ACK, 80])
    summary.append(["Call ID", "Agent", "Call Date", "Score"])
    for i in range(3):
        summary.append([f"C{i}", "Dana Cruz", dt.datetime(2026, 3, 2 + i, 10), 80])
    if hidden:
        raw.sheet_state = summary.sheet_state = "hidden"
    wb.save(path)


def _rows(book):
    return [r for r in load_workbook(book)["Scores copies"].iter_rows(min_row=2, values_only=True)]


def test_hidden_sheets_are_neither_offered_nor_read_by_all_sheets(tmp_path):
    book = _book(tmp_path)
    _copies(tmp_path / "copies.xlsx", hidden=True)
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "copies.xlsx"), "--all-sheets"])
    assert got.exit_code == 0, got.output
    # only "Evaluations": its 3 rows, no second header, no summary row
    assert "3 scores of 3 calls" in got.output and "--export-sheet" not in got.output
    assert [r[0] for r in _rows(book)] == ["C0", "C1", "C2"]
    plain = tmp_path / "plain.xlsx"
    team_book(plain, [("ACK", ACK)], ["Dana Cruz"]).save(plain)
    got = CliRunner().invoke(main, ["import", str(plain), str(tmp_path / "copies.xlsx")])
    assert got.exit_code == 0, got.output
    assert "also hold" not in got.output and "--all-sheets" not in got.output


def test_a_visible_copy_and_a_summary_are_not_read_by_all_sheets_and_each_is_said(tmp_path):
    book = _book(tmp_path)
    _copies(tmp_path / "copies.xlsx", hidden=False)
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "copies.xlsx"), "--all-sheets"])
    assert got.exit_code == 0, got.output
    assert [r[0] for r in _rows(book)] == ["C0", "C1", "C2"]
    assert 'sheet "Evaluations_raw" of the file was not read: its rows repeat those of sheet "Evaluations"' \
        in got.output
    assert 'sheet "Per call" of the file was not read: its header names no criterion' in got.output
    plain = tmp_path / "plain.xlsx"
    team_book(plain, [("ACK", ACK)], ["Dana Cruz"]).save(plain)
    got = CliRunner().invoke(main, ["import", str(plain), str(tmp_path / "copies.xlsx")])
    # neither is offered as a sheet of scores left behind
    assert "also hold" not in got.output and "--all-sheets" not in got.output
    assert 'sheet "Per call" of the file was not read' in got.output


def test_export_sheet_with_all_sheets_is_refused_saying_why(tmp_path):
    book = _book(tmp_path)
    got = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "weeks.xlsx"), "--all-sheets",
                                    "--export-sheet", "Evaluations"])
    assert got.exit_code == 2
    assert "--export-sheet and --all-sheets cannot be used together" in got.output
    assert "Scores weeks" not in load_workbook(book).sheetnames
