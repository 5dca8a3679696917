"""The cells of a Log row before the tool's columns are kept as they stand, matched at once: the same
sheet XML as keeping them one cell at a time (``celledits._edit_row``'s own loop)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl.workbook import celledits, package
from coachlog_xl.workbook.a1 import column_letters, get_column_letter
from coachlog_xl.workbook.stylesxml import Styles

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# columns about the letters' carries: one, two and three letters, and the last column
COLUMNS = [*range(1, 60), 676, 677, 702, 703, 704, 728, 729, 1378, 2278, 16383, 16384]


@pytest.mark.parametrize("column", [1, 2, 26, 27, 28, 52, 53, 677, 702, 703, 704, 729, 16384])
def test_the_cells_matched_at_once_are_those_of_the_columns_before(column):
    pattern = celledits._cells_before(column)
    for other in COLUMNS:
        cell = f'<c r="{get_column_letter(other)}7" s="3"><v>1</v></c>'
        found = pattern.match(cell)
        assert (found is not None and found.end() == len(cell)) == (other < column), (column, other)


def _cell(draw_column, prefix: str, how: str, column: int, value: str) -> str:
    ref = f'r="{column_letters(column)}{draw_column}"'
    attrs = {"first": f" {ref} s=\"1\"", "later": f' s="1" {ref}', "none": ' s="1"',
             "odd": f' r="{column_letters(column)}{draw_column}x"'}[how]
    if value == "formula":
        return f"<{prefix}c{attrs}><{prefix}f>1+1</{prefix}f><{prefix}v>2</{prefix}v></{prefix}c>"
    if value == "empty":
        return f"<{prefix}c{attrs}/>"
    return f'<{prefix}c{attrs} t="inlineStr"><{prefix}is><{prefix}t>{value}</{prefix}t></{prefix}is></{prefix}c>'


# columns of a row: mostly near the tool's, some about the letters' carries, the last column and past it (to
# ZZZ, and past ZZZ, four letters, as a file another program wrote may hold)
_COLUMN = st.one_of(st.integers(1, 40), st.integers(1, 40), st.sampled_from([*COLUMNS, 16385, 18278, 18279, 18306]))
_CELLS = st.lists(st.tuples(_COLUMN, st.sampled_from(["first", "first", "first", "later", "none", "odd"]),
                            st.sampled_from(["typed", "a &lt; b", "empty", "formula", "&lt;/c&gt;"]),
                            st.sampled_from(["", "", " ", "\n"])), max_size=12)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["", "x:"]), st.lists(_CELLS, min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(2, 6), st.one_of(st.integers(1, 45), st.sampled_from(COLUMNS)),
                          st.sampled_from([64.5, 7, "text", None])),
                min_size=1, max_size=12))
def test_edited_rows_are_those_of_keeping_each_cell_in_turn(prefix, rows, edits):
    # rows of cells in or out of column order, with or without r (first or later among the attributes),
    # spaces between them, formulas and empty cells: the sheet edited with the cells before the first
    # edit matched at once is the sheet edited with none matched so
    body = "".join(f'<{prefix}row r="{r}">' + "".join(_cell(r, prefix, how, col, value) + gap
                                                      for col, how, value, gap in cells) + f"</{prefix}row>"
                   for r, cells in enumerate(rows, start=2))
    ns = f'xmlns:x="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    xml = f"<{prefix}worksheet {ns}><{prefix}sheetData>{body}</{prefix}sheetData></{prefix}worksheet>".encode()
    cells = [(r, c, v, "0.0") for r, c, v in edits]
    at_once = celledits.edit_cells(xml, cells, Styles(package._EMPTY_STYLES))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(celledits, "_cells_before", lambda _column: re.compile(r"(?!)()"))
        one_by_one = celledits.edit_cells(xml, cells, Styles(package._EMPTY_STYLES))
    assert at_once == one_by_one
