"""A team's formulas naming a column of its table over a computed sheet that a refresh renames back or takes
out: named in Checks and on the command line, with the cell and what to edit, the formula left as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from coachlog_xl.workbook.tablerefs import Changed, named_columns
from tests import fidelity_kit as kit

LAST = get_column_letter(len(schema.FOLLOWUP.headers))  # Follow-up's last column (BJ)
DELTA = schema.FOLLOWUP.headers.index("Delta") + 1  # its column L
LAST_DELTA = get_column_letter(DELTA)


def _table(fu, last: str) -> Table:
    """The table FollowUp over Follow-up's rows 1-3 to column ``last``, its columns named as the header cells
    (the sheet's filter taken off: a table brings its own)."""
    fu.auto_filter.ref = None
    table = Table(displayName="FollowUp", ref=f"A1:{last}3")
    table._initialise_columns()
    for column in table.tableColumns:
        column.name = fu.cell(1, column.id).value
    fu.add_table(table)
    return table


def _with_table(path, extra: str | None = None) -> None:
    """Follow-up (two sessions: rows 2-3) formatted as the table FollowUp, its Delta column renamed "Delta
    pts" in the cell and the table (as Excel renames both), and with ``extra``, a column of the team's added
    past the last (its header and a value a row)."""
    wb = load_workbook(path)
    fu = wb["Follow-up"]
    last = LAST
    if extra:
        last = get_column_letter(len(schema.FOLLOWUP.headers) + 1)
        fu[f"{last}1"] = extra
        fu[f"{last}2"], fu[f"{last}3"] = "y", "n"
    table = _table(fu, last)
    fu.cell(1, DELTA).value = "Delta pts"
    table.tableColumns[DELTA - 1].name = "Delta pts"
    wb.calculation.fullCalcOnLoad = False
    mine = wb.create_sheet("Mine")
    mine["A1"] = "=SUM(FollowUp[Delta pts])"
    mine["B2"] = "=INDEX(FollowUp[[#This Row],[Delta pts]],1)"
    mine["C3"] = '="FollowUp[Delta pts]"'  # a text: names no column
    mine["D4"] = "=COUNTA(FollowUp[Rep])"  # a column the refresh keeps as it is
    if extra:
        mine["E5"] = f'=COUNTIF(FollowUp[{extra}],"y")'
    wb.defined_names["TeamDelta"] = DefinedName("TeamDelta", attr_text="FollowUp[[Session ID]:[Delta pts]]")
    wb.save(path)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 1), backup=False)
    return path


def _rows(path, code: str) -> list[tuple]:
    ws = load_workbook(path)["Checks"]
    return [(r[1], r[2], r[3]) for r in ws.iter_rows(min_row=2, values_only=True) if r[5] == code]


def test_formulas_naming_a_table_column_renamed_back_are_named_with_the_cell_and_left_as_typed(book):
    _with_table(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-02", "--no-cache"])
    assert out.exit_code == 0, out.output
    # Mine A1, B2 and the defined name name FollowUp[Delta pts]; C3 is a text, D4 names Rep, kept as it is
    assert _rows(book, "formula-names-table-column") == [
        ("(defined names)", None, "TeamDelta"), ("Mine", 1, "A1"), ("Mine", 2, "B2")]
    said = " ".join(out.output.split())
    assert "Mine A1 (FollowUp[Delta pts], now FollowUp[Delta])" in said
    assert "the defined name TeamDelta (FollowUp[Delta pts], now FollowUp[Delta])" in said
    assert f'Follow-up {LAST_DELTA}1 is the header of a table column renamed: the refresh wrote "Delta" back' in said
    assert "what was typed on them is gone" not in said  # the header is not a cell to move
    wb = load_workbook(book)
    assert wb["Mine"]["A1"].value == "=SUM(FollowUp[Delta pts])"  # the team's formula as typed
    assert wb["Follow-up"].cell(1, DELTA).value == "Delta"
    assert wb["Follow-up"].tables["FollowUp"].tableColumns[DELTA - 1].name == "Delta"
    fix = next(r[7] for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if r[3] == "A1")
    assert "FollowUp[Delta]" in fix
    header = next(r for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if r[3] == f"{LAST_DELTA}1")
    assert header[5] == "typed-on-computed-sheet" and header[4] == "Delta pts"  # the cell typed over, named
    assert 'wrote back as "Delta"' in header[7] and "move it" not in header[7]  # not told to move a header


def test_a_formula_naming_a_column_added_to_the_table_is_named_with_where_its_cells_are(book):
    _with_table(book, extra="My flag")
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-02", "--no-cache"])
    assert out.exit_code == 0, out.output
    assert ("Mine", 5, "E5") in _rows(book, "formula-names-table-column")
    said = " ".join(out.output.split())
    assert "Mine E5 (FollowUp[My flag], taken out of the table)" in said
    wb = load_workbook(book)
    assert wb["Follow-up"].tables["FollowUp"].ref == f"A1:{LAST}3"  # the column is out of the table
    fix = next(r[7] for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if r[3] == "E5")
    assert "team.xlsx.bak" in fix and "sheet of your own" in fix


def test_no_formula_is_named_when_no_table_column_changes(book):
    wb = load_workbook(book)
    _table(wb["Follow-up"], LAST)
    wb.create_sheet("Mine")["A1"] = "=SUM(FollowUp[Delta])"
    wb.save(book)
    result = api.refresh_file(book, as_of=dt.date(2026, 6, 2), backup=False, cache=False)
    assert result.naming == [] and _rows(book, "formula-names-table-column") == []


GONE = Changed("Follow-up", "FollowUp", "Delta pts", "Delta")
ODD = Changed("Follow-up", "FollowUp", "Rate [%]", "Rate")


@pytest.mark.parametrize(("formula", "named"), [
    ("=SUM(FollowUp[Delta pts])", [GONE]),
    ("=followup[@[Delta pts]]", [GONE]),  # a table's name in any capitals, a row's item
    ("=SUM(FollowUp[[#Headers],[Status]:[Delta pts]])", [GONE]),  # the range's second end
    ("=FollowUp[[#This Row],[delta PTS]]", [GONE]),
    ('="FollowUp[Delta pts]"', []),  # a text
    ("=MyFollowUp[Delta pts]", []),  # another table
    ("=SUM(FollowUp[Delta])", []),
    ("=FollowUp[Rate '[%']]", [ODD]),  # a name's brackets escaped with '
    ("=FollowUp[Delta pts]+FollowUp[[Rate '[%']]]", [GONE, ODD]),
])
def test_the_columns_a_structured_reference_names(formula, named):
    by_table = {"followup": {"delta pts": GONE, "rate [%]": ODD}}
    assert named_columns(formula, by_table) == named


def test_check_names_the_formulas_before_the_refresh_with_the_header_to_type_back(book):
    _with_table(book, extra="My flag")
    before = book.read_bytes()
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-02", "--no-cache"])
    said = " ".join(out.output.split())
    assert book.read_bytes() == before  # check writes nothing
    assert said.count("formula-names-table-column (4)") == 1  # Mine A1, B2, E5 and the defined name
    assert 'Mine A1 holds =SUM(FollowUp[Delta pts]), which names the column "Delta pts"' in said
    assert f'type the header back as "Delta" in Follow-up {LAST_DELTA}1' in said
    assert "Mine E5 holds" in said and "Before the next refresh, put the column on a sheet of your own" in said
