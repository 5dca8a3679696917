"""A column a person inserted in a computed sheet's table is named alone: the refresh's rows under it,
whose columns moved right, are told as the refresh's by the columns the header row names (Checks'
Severity and Code, Aggregate's By), in the file refresh, ``coachlog check`` and the Excel Refresh alike."""

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.cli import main
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
    # by hand: the inserted column C (rows 1 to 5) and How to fix, pushed from H to I, past the sheet's
    # eight columns (rows 1 to 5): ten cells, in sheet order
    cells = [f"{letter}{r}" for r in range(1, 6) for letter in "CI"]
    assert _excel_says(book).startswith(f"Nothing was changed: {said({'Checks': cells})} hold words")
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert "Checks C1, I1, C2, I2, C3, I3, C4, I4 and 2 more (10 cells in C1:I5" in " ".join(out.output.split())
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Checks": cells}
    assert _typed_rows(book) == [("Checks", 1, "C1:I5", "Owner")]


def test_a_column_inserted_before_aggregates_by_names_itself_and_not_the_refreshs_rows(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    before = load_workbook(book)["Aggregate"]
    assert (before.max_row, before.max_column) == (10, 32)  # A to AF
    pushed = [r for r in range(1, 11) if before.cell(r, 32).value is not None]  # AF's cells, now AG's
    _inserted(book, "Aggregate", 1, "Quarter", 10)
    cells = sorted([f"A{r}" for r in range(1, 11)] + [f"AG{r}" for r in pushed],
                   key=lambda ref: (int(ref.lstrip("AG")), len(ref)))
    assert cells[:2] == ["A1", "AG1"]
    assert _excel_says(book).startswith(f"Nothing was changed: {said({'Aggregate': cells})} hold words")
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Aggregate": cells}
    assert _typed_rows(book) == [("Aggregate", 1, "A1:AG10", "Quarter")]
