"""A computed sheet whose header row is gone: only the rows a deleted header (row 1) or a cleared one (row 2)
leaves where the refresh wrote them, and only when they are recognisably the refresh's (a session ID, its
rep and a count; on Checks a severity and a code), are its own; what a person typed on a sheet
emptied, or over its header row, is named by the file refresh, by ``coachlog check`` and by the Excel
refresh alike, and the tool's own words are not."""

import datetime as dt

import pytest
import xlwings as xw
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel
from coachlog_xl.cli import main
from coachlog_xl.workbook.strays import said
from tests import fidelity_kit as kit
from tests.xlbook import MemoryEngine, sheets_of

AS_OF = dt.date(2026, 6, 1)
TYPED = "typed-on-computed-sheet"


def _refreshed_then(path, sheet: str, edit) -> None:
    """The base workbook (S-1 and S-2) refreshed, then ``edit`` made to ``sheet`` and saved."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    edit(wb[sheet])
    wb.save(path)


def _emptied_then_todo(ws) -> None:
    ws.delete_rows(1, ws.max_row)
    for col, value in zip("ABCD", ["todo", "Ana", "call back", "Friday"]):
        ws[f"{col}3"] = value


def _emptied_then_row5_text(ws) -> None:
    ws.delete_rows(1, ws.max_row)
    for col in range(1, 10):
        ws.cell(5, col, f"n{col}")


def _emptied_then_row1_numbers(ws) -> None:
    ws.delete_rows(1, ws.max_row)
    for col in range(1, 10):
        ws.cell(1, col, col)


def _header_typed_over(ws) -> None:
    for cell in ws[1]:
        cell.value = cell.column if cell.column > 1 else "Total"


CASES = [  # (sheet, edit, the cells named: worked out from the edit)
    ("Checks", _emptied_then_todo, ["A3", "B3", "C3", "D3"]),
    ("Baseline", _emptied_then_row5_text, [f"{c}5" for c in "ABCDEFGHI"]),
    ("Baseline", _emptied_then_row1_numbers, [f"{c}1" for c in "ABCDEFGHI"]),
    ("Baseline", _header_typed_over, [f"{c}1" for c in "ABCDEFGHIJKLMNOPQ"]),  # Baseline's 17 columns
]


def _excel_named(path) -> dict[str, list[str]] | str:
    """The Excel refresh of the file's values: its refusal's message, or {} when it refreshes."""
    engine = MemoryEngine()
    book = engine.open(sheets_of(path))
    try:
        excel.refresh(book, as_of=AS_OF)
    except xw.XlwingsError as exc:
        return str(exc)
    return {}


@pytest.mark.parametrize(("sheet", "edit", "cells"), CASES, ids=[e.__name__ for _, e, _ in CASES])
def test_what_was_typed_on_a_sheet_emptied_or_over_its_header_row_is_named(tmp_path, sheet, edit, cells):
    book = tmp_path / "book.xlsx"
    _refreshed_then(book, sheet, edit)
    excel_says = _excel_named(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert f"{sheet} {cells[0]}" in out.output
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.dropped == {sheet: cells}
    typed = [row for row in load_workbook(book)["Checks"].iter_rows(values_only=True) if row[5] == TYPED]
    assert sorted(row[3] for row in typed) == (cells if len(cells) <= 4 else [f"{cells[0]}:{cells[-1]}"])
    # the Excel refresh stops on the same cells, before anything is written
    assert excel_says.startswith(f"Nothing was changed: {said({sheet: cells})} hold words"), excel_says


def _with_note_first(path) -> None:
    """The base workbook with S-1 decided on the Log and refreshed, then both sessions' Log rows deleted and
    refreshed again: Checks' first row is the note of S-1's decision, whose Row is blank."""
    kit.base_workbook(path)
    wb = load_workbook(path)
    log = wb["Log"]
    log.cell(2, [c.value for c in log[1]].index("Decision") + 1).value = "close"
    wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    wb["Log"].delete_rows(2, 2)
    wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)


def test_checks_whose_header_is_deleted_over_a_note_with_no_row_number_is_the_tools_own(tmp_path):
    book = tmp_path / "book.xlsx"
    _with_note_first(book)
    wb = load_workbook(book)
    ws = wb["Checks"]
    assert [c.value for c in ws[2]][:3] == ["info", "Follow-up", None]
    assert ws["F2"].value == "decision-of-session-gone"
    ws.delete_rows(1)
    wb.save(book)
    assert _excel_named(book) == {}
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert TYPED not in out.output and "Checks A1" not in out.output
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.dropped == {}
    assert [r for r in load_workbook(book)["Checks"].iter_rows(values_only=True) if r[5] == TYPED] == []


def test_a_header_word_typed_as_a_note_under_a_cleared_header_is_named_not_taken_for_the_header(tmp_path):
    book = tmp_path / "book.xlsx"

    def edit(ws):
        for cell in ws[1]:
            cell.value = None
        ws["B6"] = "Rep"  # Baseline's column B header, typed under S-1 (row 2), S-2 (row 3) and two empty rows

    _refreshed_then(book, "Baseline", edit)
    assert _excel_named(book).startswith("Nothing was changed: Baseline B6 holds words")
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.dropped == {"Baseline": ["B6"]}
    ws = load_workbook(book)["Baseline"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]


def _cleared(ws) -> None:
    for cell in ws[1]:
        cell.value = None


@pytest.mark.parametrize("sheet", ["Follow-up", "Aggregate", "Checks"])
@pytest.mark.parametrize("edit", [_cleared, lambda ws: ws.delete_rows(1)], ids=["cleared", "deleted"])
def test_the_rows_a_header_row_deleted_or_cleared_leaves_are_recognised_on_every_computed_sheet(tmp_path, sheet, edit):
    book = tmp_path / "book.xlsx"
    _refreshed_then(book, sheet, edit)
    assert _excel_named(book) == {}
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.dropped == {}
    ws = load_workbook(book)[sheet]
    assert ws["A1"].value == {"Follow-up": "Session ID", "Aggregate": "By", "Checks": "Severity"}[sheet]
