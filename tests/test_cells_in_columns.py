"""The Log's grey cells' number formats are looked up by a search for the cells of their columns alone
(:func:`coachlog_xl.workbook.celledits._cells_in_columns`), not by walking every cell of the Log: the same
cells, with the same XML, as walking them all (:func:`~coachlog_xl.workbook.celledits.sheet_cells`) and
keeping those columns, on sheets written the ways programs write them."""

from __future__ import annotations

import zipfile

import pytest

from coachlog_xl.workbook.celledits import _cells_in_columns, sheet_cells
from coachlog_xl.workbook.sheetxml import element_bounds
from tests.wbkit import run

HAND = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="AA1" s="3"><v>1</v></c><c r="AB1"/></row>'
        '<row r="2"><c s="2" r="AA2"><f>1+1</f><v>2</v></c><c r = "AC2" t="str"><v>x</v></c></row>'
        '<row r="3" spans="1:29"/><row r="4"><c r="B4"><v>4</v></c><c r="AB4" s="7"><v>5</v></c></row>'
        '</sheetData></worksheet>')
PREFIXED = HAND.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace("</worksheet>", "</x:worksheet>") \
    .replace("<sheetData>", "<x:sheetData>").replace("</sheetData>", "</x:sheetData>").replace("<row", "<x:row") \
    .replace("</row>", "</x:row>").replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("<v>", "<x:v>") \
    .replace("</v>", "</x:v>")
NO_R = HAND.replace('<c r="B4">', "<c>")  # (a cell placed after the one before it: the whole walk)


def _demo_log(tmp_path) -> str:
    book = tmp_path / "demo.xlsx"
    assert run("demo", book).exit_code == 0
    with zipfile.ZipFile(book) as z:
        return z.read("xl/worksheets/sheet2.xml").decode()  # (the Log: the template's second sheet)


@pytest.mark.parametrize("columns", [{27}, {27, 28, 29}, {1, 28}, {2}, {40}])
def test_the_cells_of_some_columns_are_those_a_walk_of_every_cell_finds(columns):
    for text in (HAND, PREFIXED, NO_R):
        walked = [cell for cell in sheet_cells(text) if cell[1] in columns]
        assert [cell for cell in _cells_in_columns(text, element_bounds(text, "sheetData"), columns)
                if cell[1] in columns] == walked


def test_on_the_demo_log_too(tmp_path):
    text = _demo_log(tmp_path)
    assert "<row" in text and ' r="AA' in text
    columns = {27, 28, 29}
    walked = [cell for cell in sheet_cells(text) if cell[1] in columns]
    assert walked and [cell for cell in _cells_in_columns(text, element_bounds(text, "sheetData"), columns)
                       if cell[1] in columns] == walked
