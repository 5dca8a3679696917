"""Messages one command said less well than another for the same file: each now says what to do, as the other
does (a damaged workbook, an old .xls file, a QA export given as the workbook, a calibration export's second
score column, a folder that cannot be made)."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from coachlog_xl.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def said(result) -> str:
    return " ".join(result.output.split())


def test_repair_of_a_damaged_workbook_says_what_to_do_as_the_refresh_does(tmp_path):
    whole = tmp_path / "whole.xlsx"
    assert run("new", whole).exit_code == 0
    cut = tmp_path / "team.xlsx"
    cut.write_bytes(whole.read_bytes()[:3000])  # a copy cut off: its zip's directory at the end is gone
    expected = (f"Error: {cut}: not a readable .xlsx workbook; it is damaged or truncated (BadZipFile: File is not a "
                "zip file). Restore it from your last copy, or open it in Excel, which offers to repair it.")
    for command in ("refresh", "repair"):
        result = run(command, cut)
        assert result.exit_code == 2 and expected in said(result), command
    assert cut.read_bytes() == whole.read_bytes()[:3000]


def test_an_old_xls_file_is_named_so_by_the_refresh_as_by_the_import(tmp_path):
    book, old = tmp_path / "team.xlsx", tmp_path / "scores.xls"
    assert run("new", book).exit_code == 0
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)  # an .xls file is an OLE compound file
    refreshed = run("refresh", old)
    assert refreshed.exit_code == 2
    assert (f"{old}: the old .xls format cannot be read; open it in Excel and save it as .xlsx (File > Save As), "
            "then run the command on that file.") in said(refreshed)
    imported = run("import", book, old)
    assert imported.exit_code == 2
    assert (f"{old}: the old .xls format cannot be read; open it in Excel and save it as .xlsx or .csv (File > Save "
            "As), then run the command on that file.") in said(imported)


def test_excel_refuses_a_workbook_that_is_no_coachlog_one_as_the_refresh_does(tmp_path):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "QA export"
    wb.save(other)
    expected = (f"other.xlsx: not a coachlog workbook: it has no Log, Criteria, Reps or Settings sheet (sheets found: "
                f"QA export). Run the command on the team's workbook; if this file is a QA export, add its scores to "
                f"that workbook with `coachlog import BOOK.xlsx {other}` (the workbook first, then the export)")
    for command in ("excel", "refresh"):
        result = run(command, other)
        assert result.exit_code == 2 and expected in said(result), command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.xlsx"]  # no other.py beside it
    team = tmp_path / "team.xlsx"
    assert run("new", team).exit_code == 0
    assert run("excel", team).exit_code == 0 and (tmp_path / "team.py").exists()


def test_the_import_lists_a_calibration_exports_second_evaluators_score_column(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "calibration.csv"
    assert run("new", book).exit_code == 0
    export.write_text("Conversation,Agent,Call Date,Metric,Quinn Score,Rae Score\n"
                      "K0,Dana Cruz,2025-07-01 10:00,Greets,80,60\nK1,Dana Cruz,2025-07-02 10:00,Greets,90,100\n",
                      encoding="utf-8")
    result = run("import", book, export, "--dry-run")
    assert result.exit_code == 0, result.output
    # two calls, each scored by Quinn and by Rae: one score each, their mean
    assert "calibration.csv: 2 scores of 2 calls on 1 criterion for 1 rep." in result.output
    assert ("  columns read: call_id <- Conversation, rep <- Agent, call_at <- Call Date, criterion <- Metric, "
            "score <- Quinn Score + Rae Score (an evaluator each)\n") in result.output


def test_lite_says_a_folder_it_cannot_make_without_speaking_of_workbooks(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("mine")
    inside = note / "lite"  # a folder inside a file: it cannot be made
    result = run("lite", inside)
    assert result.exit_code == 2
    assert said(result) == (f"Error: {inside}: Not a directory. Give a folder you may write in (one that is missing "
                            "is made, where its parent folder takes it).")
    assert note.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
