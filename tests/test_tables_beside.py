"""A table a person put on a computed sheet beside or below the rows a refresh writes stops a refresh of
the file before anything is written (its cells would be cleared or written over, and Excel would then
drop the table as damaged)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlwings as xw
from openpyxl import load_workbook
from openpyxl.worksheet.table import Table

from coachlog_xl import api, excel, schema
from tests import fidelity_kit as kit
from tests.wbkit import run
from tests.xlbook import MemoryEngine, demo_files


def _with_table(path: Path, sheet: str, ref: str, cells: dict[str, object]) -> None:
    kit.base_workbook(path)
    wb = load_workbook(path)
    ws = wb[sheet]
    for cell, value in cells.items():
        ws[cell] = value
    ws.add_table(Table(displayName="export", ref=ref))
    wb.save(path)


BESIDE = {  # Follow-up ends at column BJ (62 columns), Checks at H (8): beside, and below the rows
    "Follow-up": ("BM1:BN3", {"BM1": "call", "BN1": "score", "BM2": "x1", "BN2": 88, "BM3": "x2", "BN3": 77}),
    "Checks": ("A20:B21", {"A20": "week", "B20": "calls", "A21": "W1", "B21": 10}),
}


@pytest.mark.parametrize("sheet", list(BESIDE))
def test_a_table_beside_or_below_a_computed_sheets_rows_stops_the_refresh_with_nothing_written(tmp_path, sheet):
    assert (len(schema.FOLLOWUP.columns), len(schema.CHECKS.columns)) == (62, 8)
    path = tmp_path / "team.xlsx"
    ref, cells = BESIDE[sheet]
    _with_table(path, sheet, ref, {**cells, "BP9" if sheet == "Follow-up" else "M9": "a note"})
    before = path.read_bytes()
    result = run("refresh", path, "--as-of", "2026-06-02")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert f'team.xlsx: Nothing was changed: the table "export" ({sheet} {ref}) stands on a sheet that a refresh ' \
           "rewrites whole" in result.output  # the file named, as every other refusal of a file names it
    assert "Move it to a sheet of your own" in result.output
    note = "BP9" if sheet == "Follow-up" else "M9"  # typed beside it: named too, the table's own cells not
    assert f"{sheet} {note} holds words typed on such a sheet" in result.output
    assert path.read_bytes() == before and not path.with_name("team.xlsx.bak").exists()


def test_a_table_over_a_computed_sheets_columns_is_still_refreshed(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    wb["Follow-up"].add_table(Table(displayName="mine", ref="A1:C3"))
    wb.save(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 2), backup=False)
    with zipfile.ZipFile(path) as zf:
        assert any(b'displayName="mine"' in zf.read(n) for n in zf.namelist() if n.startswith("xl/tables/"))


def test_a_table_over_a_computed_sheets_rows_with_its_header_row_off_is_refreshed_not_refused(tmp_path):
    # Table Design > Header Row unticked on a table made over Follow-up: Excel moves its range down to
    # the first row of values (A2) and writes headerRowCount="0"; it has no header cells to disagree
    # with its column names, and it lies on the sheet's own rows and columns.
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    table = Table(displayName="plain", ref="A2:C9", headerRowCount=0)  # made when Follow-up had 8 rows
    wb["Follow-up"].add_table(table)
    wb.save(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 2), backup=False)
    with zipfile.ZipFile(path) as zf:
        part = next(zf.read(n) for n in zf.namelist() if n.startswith("xl/tables/") and b'"plain"' in zf.read(n))
    # two sessions (S-1, S-2) are now Follow-up rows 2 and 3: the table's rows, with no header row above
    assert b'ref="A2:C3"' in part and b'headerRowCount="0"' in part
    assert len(load_workbook(path)["Follow-up"].tables) == 1


def test_a_table_put_beside_the_columns_an_earlier_version_wrote_stops_the_refresh(tmp_path):
    # Follow-up had 28 columns (A:AB) in the first templates and has 62 now: a table a person put beside
    # them then, at AD1, now lies over the tool's columns. Its names are none of the sheet's headers, so
    # it is not a table over the tool's columns: its cells would be written over and its names replaced.
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    for row in ws.iter_rows(min_col=29):  # the sheet as the earlier version left it
        for cell in row:
            cell.value = None
    cells = {"AD1": "call", "AE1": "score", "AD2": "x1", "AE2": 88, "AD3": "x2", "AE3": 77}
    for cell, value in cells.items():
        ws[cell] = value
    ws.add_table(Table(displayName="export", ref="AD1:AE3"))
    wb.save(path)
    before = path.read_bytes()
    result = run("refresh", path, "--as-of", "2026-06-02")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert 'the table "export" (Follow-up AD1:AE3) stands on a sheet that a refresh rewrites whole' in result.output
    assert path.read_bytes() == before


def test_a_table_from_column_a_with_every_header_renamed_is_still_refreshed(tmp_path):
    # the table's names (ID, Who) are none of Follow-up's headers, but a table from A1 is over the
    # tool's columns: its header cells are written back as Session ID and Rep, as before
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    ws["A1"], ws["B1"] = "ID", "Who"
    ws.add_table(Table(displayName="mine", ref="A1:B3"))
    wb.save(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 2), backup=False)
    table = load_workbook(path)["Follow-up"].tables["mine"]
    assert [c.name for c in table.tableColumns] == ["Session ID", "Rep"]


def test_check_says_what_would_stop_a_refresh_and_writes_nothing(tmp_path):
    path = tmp_path / "team.xlsx"
    ref, cells = BESIDE["Follow-up"]
    _with_table(path, "Follow-up", ref, cells)
    before = path.read_bytes()
    result = run("check", path, "--as-of", "2026-06-02")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "A REFRESH WOULD STOP" in result.output
    assert f'team.xlsx: Nothing was changed: the table "export" (Follow-up {ref}) stands on a sheet' in result.output
    assert result.output.rstrip().endswith("A refresh would stop: see above.")
    assert path.read_bytes() == before


def test_check_of_a_workbook_without_problems_that_a_refresh_refuses_says_its_data_has_none(tmp_path):
    # a new workbook has no problems in its data; only the table below Checks' rows stops a refresh: the
    # last line says so, not "0 errors, 0 warnings, 0 notes" above an exit status of 1
    path = tmp_path / "team.xlsx"
    assert run("new", path).exit_code == 0
    wb = load_workbook(path)
    wb["Checks"]["A20"], wb["Checks"]["A21"] = "week", "W1"
    wb["Checks"].add_table(Table(displayName="export", ref="A20:A21"))
    wb.save(path)
    result = run("check", path, "--as-of", "2026-06-02")
    assert result.exit_code == 1 and "A REFRESH WOULD STOP" in result.output, result.output
    assert result.output.rstrip().endswith(
        "team.xlsx: no problems found in its data (as of 2026-06-02). A refresh would stop: see above.")
    assert "0 errors" not in result.output


def test_check_of_a_workbook_a_refresh_takes_says_nothing_of_a_refresh_stopping(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    result = run("check", path, "--as-of", "2026-06-02")
    assert "REFRESH WOULD STOP" not in result.output and "would stop" not in result.output, result.output
    assert result.exit_code in (0, 1)
    assert run("refresh", path, "--as-of", "2026-06-02").exit_code in (0, 1)  # which the refresh bears out


def test_the_refresh_button_stops_for_a_table_beside_follow_up_naming_its_cells(tmp_path_factory):
    # through xlwings a table's cells are values as any other: BM1:BN3, past Follow-up's 62 columns (BJ),
    # are named as typed there, and nothing is written
    sheets = demo_files(tmp_path_factory).after()
    for i, cells in enumerate([["call", "score"], ["x1", 88], ["x2", 77]]):
        sheets["Follow-up"][i] = [*sheets["Follow-up"][i], None, None, *cells]
    book = MemoryEngine().open(sheets)
    with pytest.raises(xw.XlwingsError, match=r"Nothing was changed: Follow-up BM1, BN1, BM2, BN2, BM3, BN3 hold "
                                              r"words typed on a sheet that a refresh rewrites whole"):
        excel.refresh(book)
    assert book.written_sheets() == set()
