"""A workbook that is no coachlog workbook (a QA export given where the team's workbook goes, or an
import's two files swapped) is named as such, with the import the user meant; nothing is written, and
`coachlog repair` does not turn the export into a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.wbkit import run


def _export(path, sheet="Evaluations"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["ConversationID", "Scored Agent", "Start Time", "Acknowledges the concern"])
    ws.append(["D-107", "Dana Cruz", "3/23/2026 9:00 AM", 90])
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet", ["Evaluations", "Scores"])
@pytest.mark.parametrize("command", ["refresh", "check", "repair"])
def test_a_qa_export_given_as_the_workbook_is_said_to_be_no_coachlog_workbook(tmp_path, monkeypatch, command,
                                                                             sheet):
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "export.xlsx", sheet)
    before = export.read_bytes()
    result = run(command, "export.xlsx")
    assert result.exit_code == 2, result.output
    assert "export.xlsx: not a coachlog workbook" in result.output
    assert f"(sheets found: {sheet})" in result.output
    assert "`coachlog import BOOK.xlsx export.xlsx`" in result.output
    assert "Traceback" not in result.output and "coachlog repair" not in result.output
    assert export.read_bytes() == before
    made = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".coachlog-lock"))  # (the lock stays)
    assert made == ["export.xlsx"]  # no backup, no new file


def test_an_import_with_its_two_files_swapped_names_the_export_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "team.xlsx"
    assert run("new", book).exit_code == 0
    export = _export(tmp_path / "export.xlsx")
    before = {p: p.read_bytes() for p in (book, export)}
    result = run("import", "export.xlsx", book)
    assert result.exit_code == 2, result.output
    assert "export.xlsx: not a coachlog workbook" in result.output
    assert "`coachlog import BOOK.xlsx export.xlsx` (the workbook first, then the export)" in result.output
    assert {p: p.read_bytes() for p in (book, export)} == before
    assert run("import", book, export).exit_code == 0  # the right order imports it


@pytest.mark.parametrize("command", ["refresh", "check", "repair", "import"])
def test_an_empty_workbook_is_no_coachlog_workbook_and_the_import_it_offers_pastes_into_a_shell(tmp_path, monkeypatch,
                                                                                              command):
    # a workbook as openpyxl makes it, one empty sheet: the message cannot say the file holds scores, and
    # the import it offers names the file as a shell reads it (a name with a space, quoted)
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "my scores.xlsx"
    Workbook().save(empty)
    before = empty.read_bytes()
    typed = "my scores.xlsx"
    result = run(command, typed, typed) if command == "import" else run(command, typed)
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "my scores.xlsx: not a coachlog workbook" in message and "(sheets found: Sheet)" in message
    assert "if this file is a QA export, add its scores to that workbook with " \
           "`coachlog import BOOK.xlsx 'my scores.xlsx'`" in message
    assert "Traceback" not in result.output
    assert empty.read_bytes() == before


@pytest.mark.parametrize("command", ["refresh", "check", "repair", "import"])
@pytest.mark.parametrize(("typed", "word"), [
    ("QA exports/week 1.xlsx", "'QA exports/week 1.xlsx'"),  # in a folder: the bare name would not be found
    ("./-export.xlsx", "./-export.xlsx"),  # a leading dash: without ./ a command takes it for an option
])
def test_the_import_a_no_coachlog_workbook_offers_names_the_file_as_given(tmp_path, monkeypatch, command, typed,
                                                                          word):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "QA exports").mkdir()
    _export(tmp_path / typed)
    result = run(command, typed, typed) if command == "import" else run(command, typed)
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert f"add its scores to that workbook with `coachlog import BOOK.xlsx {word}`" in message


def test_a_missing_sheet_offers_a_repair_that_pastes_into_a_shell(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team books").mkdir()
    book = Path("team books") / "my team.xlsx"
    assert run("new", book).exit_code == 0
    wb = load_workbook(book)
    del wb["Reps"]
    wb.save(book)
    for command in ("refresh", "check"):
        result = run(command, book)
        assert result.exit_code == 2, result.output
        message = " ".join(result.output.split())
        assert 'the sheet "Reps" is missing' in message
        assert "run `coachlog repair 'team books/my team.xlsx'` to re-create it empty" in message
    assert run("repair", book).exit_code == 0
    assert "Reps" in load_workbook(book).sheetnames
