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
from coachlog_xl.workbook.tablerefs import Changed, named_columns, naming_formulas
from tests import fidelity_kit as kit
from tests.wbkit import kept_before_refresh

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
    (kept,) = kept_before_refresh(book)
    assert f"(its cells are still in {kept.name})" in fix and "sheet of your own" in fix


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
    ("=SUM([1]!FollowUp[Delta pts])", []),  # a table of that name in another workbook
    ("=SUM('C:\\q\\[Other.xlsx]Sheet1'!FollowUp[Delta pts])", []),
    ("=SUM(Other.xlsx!FollowUp[Delta pts])+FollowUp[Delta pts]", [GONE]),  # the second is this workbook's
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


def test_a_column_inserted_inside_the_table_is_the_only_one_named_and_told_it_is_taken_out(book):
    # A "Note" column inserted at L inside the table: the template's columns are all still in the table, one
    # place on (Delta at M, Follow-up calls past the template's last); a refresh names the table's columns
    # as the template's headers again, so only "Note" goes, and only Mine A3 names it
    wb = load_workbook(book)
    fu = wb["Follow-up"]
    fu.insert_cols(DELTA)
    fu.cell(1, DELTA).value = "Note"
    fu.cell(2, DELTA).value = fu.cell(3, DELTA).value = "x"
    _table(fu, get_column_letter(len(schema.FOLLOWUP.headers) + 1))
    mine = wb.create_sheet("Mine")
    mine["A1"], mine["A2"], mine["A3"] = "=SUM(FollowUp[Delta])", "=AVERAGE(FollowUp[Follow-up calls])", \
        "=COUNTA(FollowUp[Note])"
    wb.save(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-02", "--no-cache"])
    said = " ".join(out.output.split())
    assert said.count("formula-names-table-column (1)") == 1
    assert 'Mine A3 holds =COUNTA(FollowUp[Note]), which names the column "Note"' in said
    assert "type the header back" not in said  # typing "Delta" over Note would make a second Delta (Delta2)
    assert "Before the next refresh, put the column on a sheet of your own" in said
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-02", "--no-cache"])
    assert out.exit_code == 0, out.output
    assert _rows(book, "formula-names-table-column") == [("Mine", 3, "A3")]
    said = " ".join(out.output.split())
    assert "Mine A3 (FollowUp[Note], taken out of the table)" in said and "Mine A1 (" not in said


def test_many_formulas_naming_one_column_are_one_row_naming_the_first_eight(book):
    _with_table(book)
    wb = load_workbook(book)
    for r in range(1, 21):  # Mine G1:G20, 20 formulas naming FollowUp[Delta pts]
        wb["Mine"][f"G{r}"] = f"=SUM(FollowUp[Delta pts])+{r}"
    wb.save(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-02", "--no-cache"])
    assert out.exit_code == 0, out.output
    # on Mine 22 formulas name the column: A1, B2 and G1-G20, in sheet order A1, G1, B2, G2, ..., G20
    rows = _rows(book, "formula-names-table-column")
    assert rows == [("(defined names)", None, "TeamDelta"), ("Mine", 1, "A1 and 21 more")]
    said = " ".join(out.output.split())
    assert "Mine A1, G1, B2, G2, G3, G4, G5, G6 and 14 more (FollowUp[Delta pts], now FollowUp[Delta])" in said
    assert "G20" not in said
    problem = next(r[6] for r in load_workbook(book)["Checks"].iter_rows(min_row=2, values_only=True)
                   if r[3] == "A1 and 21 more")
    assert problem.startswith("Mine A1, G1, B2, G2, G3, G4, G5, G6 and 14 more (22 formulas; A1 holds "
                              "=SUM(FollowUp[Delta pts])) name the column")


def test_a_renamed_header_among_more_than_eight_typed_cells_keeps_its_own_row_and_fix(book):
    _with_table(book)
    wb = load_workbook(book)
    fu = wb["Follow-up"]
    for r in range(2, 11):  # BM2:BM10, nine cells typed beside the table
        fu[f"BM{r}"] = f"note {r}"
    wb.save(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-02", "--no-cache"])
    assert out.exit_code == 0, out.output
    assert _rows(book, "typed-on-computed-sheet") == [("Follow-up", 1, f"{LAST_DELTA}1"), ("Follow-up", 2, "BM2:BM10")]
    rows = {r[3]: r for r in load_workbook(book)["Checks"].iter_rows(min_row=2, values_only=True)
            if r[5] == "typed-on-computed-sheet"}
    assert 'wrote back as "Delta"' in rows[f"{LAST_DELTA}1"][7] and "move it" not in rows[f"{LAST_DELTA}1"][7]
    assert "9 cells in BM2:BM10" in rows["BM2:BM10"][6] and "move them" in rows["BM2:BM10"][7]


def test_a_formula_still_naming_a_column_the_table_has_not_is_named_at_every_refresh_after(book):
    _with_table(book, extra="My flag")
    first = api.refresh_file(book, as_of=dt.date(2026, 6, 2), backup=False, cache=False)
    assert len(first.naming) == 4  # Mine A1, B2, E5 and the defined name: the columns renamed back, taken out
    # the table now has the template's columns only: A1 and B2 still name "Delta pts", E5 "My flag", the
    # defined name "Delta pts"; D4 names Rep, which it has
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-03", "--no-cache"])
    said = " ".join(out.output.split())
    assert said.count("formula-names-table-column (4)") == 1
    assert 'Mine E5 holds =COUNTIF(FollowUp[My flag],"y"), which names the column "My flag" of the table FollowUp ' \
           "on Follow-up: the table has no such column" in said
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-03", "--no-cache"])
    assert out.exit_code == 0, out.output
    assert _rows(book, "formula-names-table-column") == [
        ("(defined names)", None, "TeamDelta"), ("Mine", 1, "A1"), ("Mine", 2, "B2"), ("Mine", 5, "E5")]
    said = " ".join(out.output.split())
    assert "Mine A1 (FollowUp[Delta pts], no such column)" in said


def test_no_sheet_of_the_team_s_is_read_when_no_computed_sheet_holds_a_table():
    def unread() -> bytes:
        raise AssertionError("read")

    assert naming_formulas([], [("Mine", unread)], unread, []) == []
