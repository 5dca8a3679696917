"""A pivot table placed on the Log (LibreOffice's Insert > Pivot Table, destination Log!A8, under the
sessions) is not read as sessions: its cells are the pivot table's.  Checks names it once, where it stands
and how many rows are left free above it for the next sessions; its part and cells stay byte for byte, and
no tool-owned cell is written into its range.  The Refresh button in Excel reads the Log the same way."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from tests import fidelity_kit as kit
from tests.xlbook import MemoryEngine, demo_files

AS_OF = dt.date(2026, 3, 31)
PIVOT = "xl/pivotTables/pivotTable1.xml"
CACHE = "xl/pivotCache/pivotCacheDefinition1.xml"
RECORDS = "xl/pivotCache/pivotCacheRecords1.xml"
# what LibreOffice writes for a pivot table counting the sessions by rep at Log!A8: its Filter button in A8,
# a blank row, then its range A10:B13
LIBREOFFICE_CELLS = {"A8": "Filter", "A10": "Rep", "B10": "Count - Session ID", "A11": "Ann Lee", "B11": 1,
                     "A12": "Bo Chan", "B12": 1, "A13": "Total Result", "B13": 2}


def _pivot_on_log(path: Path, cells: dict, ref: str, libreoffice: bool = True) -> None:
    """The fidelity workbook (sessions S-1 and S-2 in Log rows 2 and 3) with a pivot table's ``cells`` written on
    the Log and its parts linked from the Log, its location ``ref``; ``libreoffice``: its root as LibreOffice
    writes it (no Excel versions: its Filter button stands two rows over its range)."""
    kit.base_workbook(path)
    wb = load_workbook(path)
    for cell, value in cells.items():
        wb["Log"][cell] = value
    wb.save(path)
    z = kit.Zip(path)
    z.put(RECORDS, kit.PIVOT_RECORDS, f"{kit.CT}.spreadsheetml.pivotCacheRecords+xml")
    z.put(CACHE, kit.PIVOT_CACHE, f"{kit.CT}.spreadsheetml.pivotCacheDefinition+xml")
    z.rel(CACHE, "rId1", "pivotCacheRecords", RECORDS)
    z.rel("xl/workbook.xml", "rIdPivotCache", "pivotCacheDefinition", CACHE)
    z.insert("xl/workbook.xml", "</workbook>",
             f'<pivotCaches><pivotCache cacheId="7" r:id="rIdPivotCache" xmlns:r="{kit.R}"/></pivotCaches>')
    part = kit.PIVOT_TABLE.replace('<location ref="A3:A6"', f'<location ref="{ref}"').replace(
        'name="SessionsPivot"', 'name="PivotLog"')
    if libreoffice:
        part = re.sub(r' (created|updated|minRefreshable)Version="\d+"', "", part)
    z.put(PIVOT, part, f"{kit.CT}.spreadsheetml.pivotTable+xml")
    z.rel(PIVOT, "rId1", "pivotCacheDefinition", CACHE)
    z.rel(z.sheet("Log"), "rIdPivot", "pivotTable", PIVOT)
    z.save(path)


def _parts(path: Path, names: list[str]) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in names]


def _log_rows(path: Path, first: int, last: int) -> list[bytes]:
    """The ``<row>`` elements of the Log's rows ``first`` to ``last``, as the file holds them."""
    z = kit.Zip(path)
    xml = z.parts[z.sheet("Log")]
    return [m.group(0) for r in range(first, last + 1)
            for m in [re.search(rb'<row r="%d"[^>]*>.*?</row>' % r, xml, re.S)] if m]


def test_a_libreoffice_pivot_table_under_the_sessions_is_named_once_and_not_read_as_sessions(tmp_path):
    path = tmp_path / "team.xlsx"
    _pivot_on_log(path, LIBREOFFICE_CELLS, "A10:B13")
    parts, rows = _parts(path, [PIVOT, CACHE, RECORDS]), _log_rows(path, 8, 13)
    assert len(rows) == 5  # rows 8, 10, 11, 12, 13 (row 9 is blank)

    result = api.refresh_file(path, AS_OF, backup=False, cache=False)

    assert result.summary["sessions"] == 2  # S-1 and S-2; the pivot table's five rows are none
    codes = set(result.checks["code"])
    assert Code.MISSING_REP.value not in codes and Code.MISSING_SESSION_DATE.value not in codes
    named = result.checks[result.checks["code"] == Code.PIVOT_ON_INPUT.value]
    assert len(named) == 1
    row = named.iloc[0]
    # its Filter button in A8 to its last row, 13; the sessions end at row 3, so rows 4 to 7 are free
    assert (row["sheet"], row["row"], row["value"]) == ("Log", 8, "PivotLog")
    assert row["problem"].startswith('Log A8:B13: the pivot table "PivotLog" stands here')
    assert "not read as sessions" in row["problem"] and "(row 4 on): 4 free rows are left above it" in row["problem"]
    assert "Move PivotTable > New Worksheet" in row["fix"] and "Destination: New sheet" in row["fix"]
    # the pivot table's parts and cells as they were: no tool-owned cell written in its rows
    assert _parts(path, [PIVOT, CACHE, RECORDS]) == parts
    assert _log_rows(path, 8, 13) == rows
    log = load_workbook(path)["Log"]
    assert [log.cell(r, 27).value for r in (2, 3)] != [None, None]  # (the baselines were recorded)
    assert all(log.cell(r, c).value is None for r in range(4, 14) for c in range(3, 31))


def test_coachlog_check_on_a_log_with_a_pivot_table_under_its_sessions_finds_no_error(tmp_path):
    path = tmp_path / "team.xlsx"
    _pivot_on_log(path, LIBREOFFICE_CELLS, "A10:B13")
    out = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert "0 errors" in out.output and "pivot-table-on-input-sheet (1)" in out.output
    assert "Total Result" not in out.output


def test_a_pivot_table_beside_the_log_s_columns_is_named_but_not_in_the_way(tmp_path):
    """An Excel pivot table at AF2 (past the Log's 30 columns, A to AD): beside the sessions, not where the
    next ones are typed; its cells are not read either."""
    path = tmp_path / "team.xlsx"
    cells = {"AF2": "Row Labels", "AG2": "Count of Session ID", "AF3": "Ann Lee", "AG3": 1, "AF4": "Grand Total",
             "AG4": 1}
    _pivot_on_log(path, cells, "AF2:AG4", libreoffice=False)
    result = api.refresh_file(path, AS_OF, backup=False, cache=False)
    named = result.checks[result.checks["code"] == Code.PIVOT_ON_INPUT.value]
    assert len(named) == 1 and named.iloc[0]["row"] == 2
    assert named.iloc[0]["problem"].startswith('Log AF2:AG4: the pivot table "PivotLog" stands here')
    assert "typed next" not in named.iloc[0]["problem"]
    assert result.summary["sessions"] == 2


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


def test_in_excel_a_pivot_table_under_the_sessions_is_not_read_as_sessions(files):
    """The Refresh button reads the Log through xlwings, which tells the pivot table's range (Excel's TableRange1:
    no Filter button row): A{n+5}:B{n+8} under the n rows of the Log (header included) leaves 4 rows free."""
    sheets = files.after()
    log = sheets["Log"]
    n = len(log)
    sessions = sum(1 for r in log[1:] if any(v not in (None, "") for v in r))
    assert sessions == n - 1  # (no blank row among the demo's sessions)
    width = len(log[0])
    pivot = [["Row Labels", "Count of Session ID"], ["Ann Lee", 1], ["Bo Chan", 1], ["Grand Total", 2]]
    sheets["Log"] = log + [[None] * width for _ in range(4)] + [row + [None] * (width - 2) for row in pivot]
    ref = f"A{n + 5}:B{n + 8}"
    book = MemoryEngine().open(sheets, pivots={"Log": [("PivotLog", ref)]})
    excel.refresh(book)
    grid = book.grid("Checks")
    header = {grid[(1, c)]: c for c in range(1, 12) if (1, c) in grid}
    checks = [{h: grid.get((r, c)) for h, c in header.items()} for r in range(2, 1 + max(r for r, _ in grid))]
    codes = [c["Code"] for c in checks]
    assert Code.MISSING_REP.value not in codes and Code.MISSING_SESSION_DATE.value not in codes
    named = [c for c in checks if c["Code"] == Code.PIVOT_ON_INPUT.value]
    assert len(named) == 1
    assert named[0]["Problem"].startswith(f'Log {ref}: the pivot table "PivotLog" stands here')
    assert f"(row {n + 1} on): 4 free rows are left above it" in named[0]["Problem"]
    log_after = book.grid("Log")
    assert [log_after.get((n + 5 + i, c)) for i in range(4) for c in (1, 2)] == [v for row in pivot for v in row]
