"""A number format a person gave to some cells of a computed sheet (not its whole column) is set back to the
column's by a refresh, which writes the rows anew: the refresh's note names those cells, as it names fills."""

from __future__ import annotations

import hashlib
import shutil
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.styles import PatternFill

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.workbook.restyled import reformatted_cells
from coachlog_xl.workbook.stylesxml import Styles
from tests.demo_kit import demo_copy
from tests.test_restyled import NS

NOTE = ("Note: a refresh gives every cell of a computed sheet its column's number format, so the number format given "
        "to some cells of a column is set back to the column's: ")
KEEP = ("To keep a number format, give it to the whole column (select the column, then format it): one that shows "
        "the values as the column's own does, such as 0.000 for 0.0, is kept.")

# style 0: default; 1: column A's (General); 2: column B's (0.0); 3: 0.000; 4: 0 (an integer column's format);
# 5: a date; 6: 0.000 filled yellow (a look no column has)
STYLES = f"""<styleSheet xmlns="{NS}">
<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.000"/>
<numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="1"><font><sz val="11"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>
<borders count="1"><border/></borders>
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>
</cellXfs></styleSheet>""".encode()
SHEET = schema.Sheet("Two", (schema.Column("name", "Name", schema.TEXT), schema.Column("mean", "Mean", schema.MEAN)))


def _sheet(*rows: tuple[int, int]) -> bytes:
    cols = '<cols><col min="1" max="1" width="12" style="1"/><col min="2" max="2" width="8" style="1"/></cols>'
    cells = "".join(f'<row r="{r}"><c r="A{r}" s="{a}"><v>1</v></c><c r="B{r}" s="{b}"><v>2</v></c></row>'
                    for r, (a, b) in enumerate(rows, start=1))
    return f'<worksheet xmlns="{NS}">{cols}<sheetData>{cells}</sheetData></worksheet>'.encode()


def test_cells_given_a_format_the_column_is_not_written_in_are_named_as_runs_down_their_column():
    xml = _sheet((3, 3),  # the header row: not looked at
                 (1, 2),  # as the refresh writes: General text, a mean's 0.0
                 (1, 3), (1, 3), (3, 3),  # B3:B5 set to 0.000, and A5: four cells, two runs
                 (1, 5),  # a date's format: the refresh gives one to any date, so not named
                 (1, 4),  # 0 on a mean: the integer columns' format, not this column's
                 (1, 6))  # 0.000 filled: a look no column has, named as restyled, not here
    assert reformatted_cells(xml, Styles(STYLES), SHEET) == ["A5 (Name)", "B3:B5 (Mean)", "B7 (Mean)"]
    assert reformatted_cells(xml, Styles(STYLES), SHEET, skip={"B4"}) == ["A5 (Name)", "B3 (Mean)", "B5 (Mean)",
                                                                          "B7 (Mean)"]


def test_a_whole_columns_format_and_a_sheet_as_the_refresh_wrote_it_name_nothing():
    column = _sheet((1, 3), (1, 3), (1, 3)).replace(b'max="2" width="8" style="1"', b'max="2" width="8" style="3"')
    assert reformatted_cells(column, Styles(STYLES), SHEET) == []
    assert reformatted_cells(_sheet(*[(1, 2)] * 300), Styles(STYLES), SHEET) == []
    assert reformatted_cells(b"<worksheet/>", Styles(STYLES), SHEET) == []


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    return demo_copy(tmp_path_factory.mktemp("reformatted") / "team.xlsx", tmp_path_factory)


def _refresh(path) -> str:
    out = CliRunner().invoke(main, ["refresh", str(path), "--no-backup", "--no-cache"])
    assert out.exit_code == 0, out.output
    return " ".join(out.output.split())


class _Cells(dict):
    """Cells by reference; one the sheet does not hold is empty, of the General format (as a load makes it)."""

    def __missing__(self, key):
        return SimpleNamespace(value=None, number_format="General")


def _follow_up(path) -> _Cells:
    """The Follow-up sheet's cells by reference, read with openpyxl read-only, which parses that sheet
    alone (a whole load of the demo, its 7,412 Scores rows, took 2.5 s): the same values and formats
    (checked on the demo, every cell)."""
    wb = load_workbook(path, read_only=True)
    try:
        return _Cells((c.coordinate, c) for row in wb["Follow-up"].iter_rows() for c in row if c is not EMPTY_CELL)
    finally:
        wb.close()


def test_a_number_format_given_to_some_cells_of_follow_up_is_named_and_set_back(refreshed, tmp_path):
    path = tmp_path / "team.xlsx"
    shutil.copy(refreshed, path)
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    assert (ws["L1"].value, ws["S1"].value, ws.max_row) == ("Delta", "Share at threshold", 46)
    for row in range(2, 47):  # Delta's cells, not the column
        ws[f"L{row}"].number_format = "0.000"
    ws["S5"].number_format = "0.0%"
    ws["F7"].fill = PatternFill("solid", fgColor="FFFFFF00")
    ws["F7"].number_format = "dd/mm/yyyy"  # filled too: named once, as formatted
    wb.save(path)
    said = _refresh(path)
    assert f"{NOTE}Follow-up L2:L46 (Delta), S5 (Share at threshold). {KEEP}" in said
    assert "is not kept: Follow-up F7. Formatting" in said
    ws = _follow_up(path)
    assert {ws[f"L{r}"].number_format for r in range(2, 47) if ws[f"L{r}"].value is not None} == {"0.0"}
    assert ws["S5"].number_format == "0%"
    first = hashlib.sha256(path.read_bytes()).hexdigest()
    assert "number format" not in _refresh(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == first


def test_a_number_format_given_to_the_whole_column_is_kept_and_not_named(refreshed, tmp_path):
    path = tmp_path / "team.xlsx"
    shutil.copy(refreshed, path)
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    ws.column_dimensions["L"].number_format = "0.000"  # as Excel formats a selected column: its style and its cells'
    for row in range(2, 47):
        ws[f"L{row}"].number_format = "0.000"
    wb.save(path)
    assert "number format" not in _refresh(path)
    assert _follow_up(path)["L2"].number_format == "0.000"
