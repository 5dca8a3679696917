"""A column a person inserted in a computed sheet's table is named alone: the refresh's rows under it,
whose columns moved right, are told as the refresh's by the columns the header row names (Checks'
Severity and Code, Aggregate's By), in the file refresh, ``coachlog check`` and the Excel Refresh alike."""

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.cli import main
from coachlog_xl.workbook.sheetxml import column_letter
from coachlog_xl.workbook.strays import said
from tests import fidelity_kit as kit
from tests.test_typed_under_table import AS_OF, _excel_says, _typed_rows


def _refreshed(path) -> None:
    """The base workbook (S-1, S-2) refreshed: Checks rows 1 to 5 (its header and four warnings) in columns
    A to H, every cell of H filled; Aggregate rows 1 to 10 in columns A to AF."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    ws = load_workbook(path)["Checks"]
    assert (ws.max_row, ws.max_column) == (5, 8)
    assert all(ws.cell(r, 8).value for r in range(1, 6))


def _inserted(path, sheet: str, col: int, header: str, last: int) -> None:
    """A column inserted at ``col`` of ``sheet``, its header ``header`` and "East" in rows 2 to ``last``."""
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.insert_cols(col)
    ws.cell(1, col).value = header
    for r in range(2, last + 1):
        ws.cell(r, col).value = "East"
    wb.save(path)


def test_a_column_inserted_in_checks_names_itself_and_not_the_refreshs_rows(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Checks", 3, "Owner", 5)
    # by hand: the inserted column C (rows 1 to 5). How to fix, pushed from H to I past the sheet's eight
    # columns, is the refresh's own column moved (its header in I1, in the sheet's order): not named
    cells = [f"C{r}" for r in range(1, 6)]
    assert _excel_says(book).startswith(f"Nothing was changed: {said({'Checks': cells})} hold words")
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert 'Checks C1 holds "Owner"' in " ".join(out.output.split())
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Checks": cells}
    assert [row[:3] for row in _typed_rows(book)] == [("Checks", r, f"C{r}") for r in range(1, 6)]


def test_a_column_inserted_before_aggregates_by_names_itself_and_not_the_refreshs_rows(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    before = load_workbook(book)["Aggregate"]
    assert (before.max_row, before.max_column) == (10, 32)  # A to AF
    _inserted(book, "Aggregate", 1, "Quarter", 10)
    # by hand: A1 to A10; AF pushed to AG is the refresh's own column moved (its header in AG1): not named
    cells = [f"A{r}" for r in range(1, 11)]
    assert _excel_says(book).startswith(f"Nothing was changed: {said({'Aggregate': cells})} hold words")
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Aggregate": cells}
    assert _typed_rows(book) == [("Aggregate", 1, "A1:A10", "Quarter")]


def _cells(rows: range, letters: str) -> list[str]:
    """The references of ``letters``' cells in ``rows``, in sheet order (rows, then columns)."""
    return [f"{letter}{r}" for r in rows for letter in letters]


def _everywhere_says(book, sheet: str, cells: list[str]) -> None:
    """The Excel refresh refuses naming ``cells`` of ``sheet``, and the file refresh drops exactly them."""
    verb = "hold" if len(cells) > 1 else "holds"
    assert _excel_says(book).startswith(f"Nothing was changed: {said({sheet: cells})} {verb} words")
    assert api.refresh_file(book, as_of=AS_OF).dropped == {sheet: cells}


def test_two_columns_inserted_in_baseline_are_both_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Baseline"]
    assert (ws.max_row, ws.max_column) == (3, 17)  # S-1, S-2 in columns A to Q
    ws.insert_cols(1, 2)
    for r, (region, team) in enumerate([("Region", "Team"), ("East", "North"), ("East", "South")], 1):
        ws.cell(r, 1).value, ws.cell(r, 2).value = region, team
    wb.save(book)
    # by hand: A and B, rows 1 to 3 (what was typed); P, Q pushed to R, S are the refresh's, moved
    _everywhere_says(book, "Baseline", _cells(range(1, 4), "AB"))


def test_a_column_inserted_without_a_header_in_baseline_is_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Baseline"]
    ws.insert_cols(5)
    ws["E2"], ws["E3"] = "East", "West"
    wb.save(book)
    # by hand: E2, E3 typed (Q pushed to R is the refresh's, moved)
    _everywhere_says(book, "Baseline", ["E2", "E3"])


def test_a_column_inserted_before_baselines_renamed_session_id_and_rep_is_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Baseline"]
    ws["A1"], ws["B1"] = "Session", "Agent"  # Session ID and Rep renamed
    ws.insert_cols(1)
    ws["A1"], ws["A2"], ws["A3"] = "Region", "East", "West"
    wb.save(book)
    # by hand: A (typed) and the two renamed headers' columns B, C: three columns where the sheet has two
    # before Criterion, so which of them is the refresh's is not told and all three are named (never fewer
    # than were typed); Q pushed to R is the refresh's, moved
    _everywhere_says(book, "Baseline", _cells(range(1, 4), "ABC"))


def test_a_column_inserted_before_a_header_row_renamed_in_full_is_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Baseline"]
    for c in range(1, 18):
        ws.cell(1, c).value = f"h{c}"
    ws.insert_cols(1)
    ws["A1"], ws["A2"], ws["A3"] = "Region", "East", "West"
    wb.save(book)
    # no header of the sheet is left, and the row is 18 columns wide, one more than the sheet's: every
    # cell holding a value is named (A2, A3 among them), rows 1 to 3, columns A to R, as openpyxl reads them
    held = [f"{column_letter(c)}{r}" for r in range(1, 4) for c in range(1, 19) if ws.cell(r, c).value is not None]
    assert {"A2", "A3"} <= set(held) and len(held) > 40
    _everywhere_says(book, "Baseline", held)


def test_an_empty_column_inserted_at_a_leaves_the_checks_rows_the_refreshs(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    wb["Checks"].insert_cols(1)
    wb["Checks"]["A1"] = "Region"  # a header, nothing under it
    wb.save(book)
    # by hand: A1 typed; rows 2 to 5 are the refresh's, their column A now empty, How to fix in I its own
    # column moved
    _everywhere_says(book, "Checks", ["A1"])


def test_aggregates_by_deleted_leaves_its_rows_the_refreshs(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    wb["Aggregate"].delete_cols(1)
    wb.save(book)
    # by hand: no column is inserted and nothing typed: the refresh's rows, one column fewer, are its own
    assert _excel_says(book) == ""
    assert api.refresh_file(book, as_of=AS_OF).dropped == {}


def test_checks_severity_and_code_renamed_before_a_column_inserted_at_a_leave_the_rows_the_refreshs(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Checks"]
    assert (ws["A1"].value, ws["F1"].value) == ("Severity", "Code")
    ws["A1"], ws["F1"] = "Level", "Kind"
    ws.insert_cols(1)
    for r in range(1, 6):
        ws.cell(r, 1).value = "Region" if r == 1 else "East"
    wb.save(book)
    # by hand: A (typed) and B, Level's column: two columns before Sheet where the sheet has one, so
    # both are named; G1, Kind, a header renamed in place. Columns C to I of rows 2 to 5 are the
    # refresh's (a severity under Level, a code under Kind, How to fix moved to I), none of them named.
    _everywhere_says(book, "Checks", ["A1", "B1", "G1", *_cells(range(2, 6), "AB")])


def test_a_cell_typed_right_of_the_checks_last_column_pushed_right_is_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Checks", 3, "Owner", 5)
    wb = load_workbook(book)
    wb["Checks"]["J2"] = "ask Sam"  # right of How to fix, now in I
    wb.save(book)
    # by hand: C1 to C5 (the inserted column) and J2; I, How to fix moved, is the refresh's
    _everywhere_says(book, "Checks", ["C1", "C2", "J2", "C3", "C4", "C5"])
