"""What a person typed on a computed sheet around its table is named, not dropped without a word: a row
typed directly under the table (a note, a total, a formula), whatever the next refresh's number of
sessions; a header row renamed in full under a typed title; the rows inserted above a header pushed
below row 10 (and not the table's rows under it); and a pivot table's refusal names the cells by the
same rule as the refresh, which tells its rows from the row alone (a row of a session the Log no longer
holds is its own)."""

import datetime as dt

import pytest
import xlwings as xw
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel, schema
from coachlog_xl.cli import main
from coachlog_xl.workbook.strays import refresh_row, said, typed_values
from tests import fidelity_kit as kit
from tests.test_pivots import _pivot_on_follow_up
from tests.xlbook import MemoryEngine, sheets_of

AS_OF = dt.date(2026, 6, 1)
TYPED = "typed-on-computed-sheet"
# Baseline's 17 columns, A to Q (Session ID ... Calls)
BASELINE_LETTERS = "ABCDEFGHIJKLMNOPQ"


def _refreshed(path) -> None:
    """The base workbook (S-1 on Log row 2, S-2 on Log row 3) refreshed: on Follow-up and Baseline, row 1
    the header, rows 2 and 3 S-1 and S-2, row 4 empty."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    for name in ("Follow-up", "Baseline"):
        assert [wb[name].cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]


def _typed_rows(path) -> list[tuple]:
    return [(r[1], r[2], r[3], r[4]) for r in load_workbook(path)["Checks"].iter_rows(values_only=True)
            if r[5] == TYPED]


def _excel_says(path) -> str:
    """The Excel refresh of the file's values: its refusal's message, or "" when it refreshes."""
    book = MemoryEngine().open(sheets_of(path))
    try:
        excel.refresh(book, as_of=AS_OF)
    except xw.XlwingsError as exc:
        return str(exc)
    return ""


def _more_sessions(wb) -> None:
    """S-3 added on Log row 4, a copy of S-2's row: Follow-up's new rows are 2 to 4, row 4 written over."""
    log = wb["Log"]
    for col in range(1, log.max_column + 1):
        log.cell(4, col).value = log.cell(3, col).value
    log["A4"] = "S-3"


def _fewer_sessions(wb) -> None:
    """S-2's Log row deleted: Follow-up's new rows are row 2 alone; its old row 3 (S-2) was the refresh's."""
    wb["Log"].delete_rows(3)


def _as_many(wb) -> None:
    """The Log left as it is: Follow-up's new rows are rows 2 and 3 again."""


@pytest.mark.parametrize("log_edit", [_as_many, _more_sessions, _fewer_sessions])
def test_a_row_typed_under_follow_up_is_named_whatever_the_next_refresh_writes_there(tmp_path, log_edit):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Follow-up"]
    ws["A4"] = "Average"  # the first empty row under the table: column A filled, as a block row's is
    ws["K4"] = "=AVERAGE(K2:K3)"  # Follow-up mean is K
    ws["L4"] = 5.8  # a total typed as a number (Delta: 17.2 and -5.6 averaged)
    log_edit(wb)
    wb.save(book)
    # in Excel the refresh stops on the same row (K4's formula, written by openpyxl, stores no value, so it
    # reads as blank here; Excel reads the value it shows, and names it too)
    assert _excel_says(book).startswith("Nothing was changed: Follow-up A4, L4 hold words")
    # by hand: the three cells of row 4, each a Checks row of its own (three, not more than eight)
    cells = [("Follow-up", 4, "A4", "Average"), ("Follow-up", 4, "K4", "=AVERAGE(K2:K3)"),
             ("Follow-up", 4, "L4", "5.8")]
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert "Follow-up A4 holds" in out.output and "Follow-up L4 holds" in out.output
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert "Follow-up A4, K4, L4" in " ".join(out.output.split())
    assert _typed_rows(book) == cells
    with open(book.with_name("book.xlsx.bak"), "rb") as kept:
        assert load_workbook(kept)["Follow-up"]["A4"].value == "Average"  # still there


def test_in_excel_a_row_typed_under_the_table_is_named_and_the_rows_above_it_are_the_refreshs():
    own = refresh_row(schema.BASELINE)
    header = list(schema.BASELINE.headers[:4])  # Session ID, Rep, Criterion, Session date
    data = [["S-1", "Ana", "Empathy", 45000.0], ["S-9", "Ben", "Empathy", 45001.0]]  # (S-9: a session gone since)
    assert typed_values([header, *data], header, own) == []
    # a total under the table (its value as Excel reads a formula's) and a note: no rep, so typed
    assert typed_values([header, *data, ["Average", None, None, 45000.5]], header, own) == ["A4", "D4"]
    assert typed_values([header, *data, ["Total: 2", None, None, None], ["checked", None, None, None]], header,
                        own) == ["A4", "A5"]


def test_a_header_row_renamed_in_full_under_a_typed_title_is_named_with_the_title(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Baseline"]
    ws.insert_rows(1)
    ws["A1"] = "Baselines, June"
    for col in range(1, 18):
        ws.cell(2, col).value = f"Column {col}"  # every header renamed
    wb.save(book)
    # by hand: A1, then the 17 cells of row 2; the rows of S-1 and S-2 (now 3 and 4) are the refresh's
    cells = ["A1"] + [f"{letter}2" for letter in BASELINE_LETTERS]
    assert _excel_says(book).startswith(f"Nothing was changed: {said({'Baseline': cells})} hold words")
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Baseline": cells}
    # 18 cells: one Checks row, its range from A1 to Q2 and the first cell's value
    assert _typed_rows(book) == [("Baseline", 1, "A1:Q2", "Baselines, June")]
    ws = load_workbook(book)["Baseline"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]


def test_the_rows_inserted_above_a_header_pushed_below_row_10_are_named_and_the_tables_rows_are_not(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Baseline"]
    ws.insert_rows(1, 11)  # the header now in row 12, S-1 and S-2 in rows 13 and 14
    ws["A1"] = "Baselines, June"
    for r in range(2, 12):
        ws.cell(r, 1).value = f"Step {r - 1}"  # every inserted row holds a note: the first ten rows hold no header
    wb.save(book)
    assert load_workbook(book)["Baseline"]["A12"].value == "Session ID"
    cells = [f"A{r}" for r in range(1, 12)]  # by hand: only what was typed in the inserted rows, A1 to A11
    assert _excel_says(book).startswith(f"Nothing was changed: {said({'Baseline': cells})} hold words")
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert "Baseline A1, A2" in out.output and "A12" not in out.output and "A13" not in out.output
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Baseline": cells}
    # 11 cells: one Checks row, their range and the first cell's value
    assert _typed_rows(book) == [("Baseline", 1, "A1:A11", "Baselines, June")]
    ws = load_workbook(book)["Baseline"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]


def test_a_pivot_tables_refusal_names_no_row_of_the_refresh_a_header_deleted_left(tmp_path):
    """Follow-up refreshed while both sessions await their follow-up (21 of its 62 columns filled, fewer
    than half), its header row deleted: S-1 moved up into row 1 is the refresh's row, for the refusal as
    for the check."""
    book = tmp_path / "book.xlsx"
    held = dt.date(2026, 3, 1)  # the sessions' day: no follow-up call yet
    kit.base_workbook(book)
    api.refresh_file(book, as_of=held, backup=False, cache=False)
    wb = load_workbook(book)
    ws = wb["Follow-up"]
    assert sum(v is not None for v in next(ws.iter_rows(min_row=2, max_row=2, values_only=True))) == 21
    ws.delete_rows(1)
    wb.save(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", held.isoformat()])
    assert "Follow-up A1" not in out.output
    _pivot_on_follow_up(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", held.isoformat(), "--no-cache"])
    said_ = " ".join(out.output.split())
    assert out.exit_code == 2 and 'the pivot table "SessionsPivot" (Follow-up Z6:Z9)' in said_
    assert "typed" not in said_


def test_a_header_deleted_over_a_session_the_log_no_longer_holds_leaves_the_refreshs_row_unnamed(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    wb["Baseline"].delete_rows(1)  # S-1's row moved up into row 1, S-2's into row 2
    wb["Log"].delete_rows(2)  # S-1's Log row: the next refresh writes S-2 alone
    wb.save(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert TYPED not in out.output and "Baseline A1" not in out.output
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.dropped == {}
    assert _typed_rows(book) == []
    ws = load_workbook(book)["Baseline"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3)] == ["Session ID", "S-2", None]


def test_in_excel_a_totals_row_of_formulas_under_follow_up_is_named_as_the_check_names_it(tmp_path):
    """A totals row under the table: A4 "Total", B4 "all reps", H4 =SUM(H2:H3) and J4 =SUM(J2:J3).  Excel
    reads the sums as numbers (Baseline n and Follow-up n: 10 + 10 = 20 each), as a count the refresh writes
    would read; their formulas say they are a person's, so the row is none of the refresh's and the Excel
    Refresh stops on the four cells the check names."""
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Follow-up"]
    ws["A4"], ws["B4"], ws["H4"], ws["J4"] = "Total", "all reps", "=SUM(H2:H3)", "=SUM(J2:J3)"
    wb.save(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert all(f"Follow-up {ref}4 holds" in out.output
               for ref in "ABHJ") and "typed-on-computed-sheet (4)" in out.output
    sheets = sheets_of(book)
    assert [row[:2] for row in sheets["Follow-up"][1:3]] == [["S-1", "Ann Lee"], ["S-2", "Bo Chan"]]
    sheets["Follow-up"][3][7] = sheets["Follow-up"][3][9] = 20.0  # what Excel shows: the sums
    formulas = {"Follow-up": {(4, 8): "=SUM(H2:H3)", (4, 10): "=SUM(J2:J3)"}}
    excel_book = MemoryEngine().open(sheets, formulas=formulas)
    with pytest.raises(xw.XlwingsError, match=r"^Nothing was changed: Follow-up A4, B4, H4, J4 hold words"):
        excel.refresh(excel_book, as_of=AS_OF)
    assert excel_book.written_sheets() == set()
