"""A computed sheet's cells are read one way wherever the rows are judged (a row's first cell, the cell
told with it, the Rep column, the whole row), so that a row a person typed is named whichever of them
tells it: a boolean typed in Rep or Group is no rep's name nor a group (as the Excel refresh reads it),
and a text of several runs is its whole text, not its first run."""

import datetime as dt

import pytest

from coachlog_xl import api
from tests.test_typed_row_inside_table import _excel_says, _inserted, _refreshed, _sheet_part, _xml_inserted

AS_OF = dt.date(2026, 6, 1)


@pytest.mark.parametrize(("sheet", "cells"), [
    # S-2 on rows 3 and 4, each judged whole: row 3 holds a session ID and a number, but TRUE in Rep (B)
    ("Baseline", {"A3": "S-2", "B3": True, "F3": 5}),
    # "Rep" and a count in Sessions (C), but TRUE in Group (B)
    ("Aggregate", {"A3": "Rep", "B3": True, "C3": 4}),
])
def test_a_boolean_typed_in_rep_or_group_of_an_inserted_row_is_named_by_the_file_refresh_as_by_excel(tmp_path, sheet,
                                                                                                      cells):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, sheet, cells)
    # by hand: TRUE is no rep's name and no group (the refresh writes a name there): row 3 is no row the
    # refresh writes, its three cells named; the refresh's own rows (2, 4) are not
    refs = list(cells)
    assert _excel_says(book).startswith(f"Nothing was changed: {sheet} {', '.join(refs)} hold words typed")
    assert api.refresh_file(book, as_of=AS_OF, backup=False).dropped == {sheet: refs}


@pytest.mark.parametrize("row", [
    # a severity, and a code whose text goes on in a second run
    '<row r="3"><c r="A3" t="inlineStr"><is><t>warning</t></is></c><c r="F3" t="inlineStr"><is>'
    "<t>typed-on-computed-sheet</t><r><t> and my note</t></r></is></c></row>",
    # a severity whose text goes on in a second run, and a code
    '<row r="3"><c r="A3" t="inlineStr"><is><t>warning</t><r><t>: see me</t></r></is></c>'
    '<c r="F3" t="inlineStr"><is><t>typed-on-computed-sheet</t></is></c></row>',
])
def test_a_text_of_two_runs_on_checks_is_read_whole_and_its_row_named(tmp_path, row):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _xml_inserted(book, _sheet_part(book, "Checks"), row)
    # by hand: the row's severity or code is the run before the second ("warning", a code) followed by
    # more words: "warning: see me" is no severity, "typed-on-computed-sheet and my note" no code, so the
    # row is no refresh's and both its cells are named
    assert api.refresh_file(book, as_of=AS_OF, backup=False).dropped == {"Checks": ["A3", "F3"]}

