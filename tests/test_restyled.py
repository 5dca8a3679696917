"""Cells a person formatted on a computed sheet: named by the refresh, which writes the rows anew."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from coachlog_xl.cli import main
from coachlog_xl.workbook.restyled import hidden_by_hand, restyled_cells
from coachlog_xl.workbook.stylesxml import Styles
from tests.wbkit import one_team_demo, soffice_convert

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
YELLOW = "FFFFFF00"

# style 0: default; 1: the columns' style; 2: style 1 with a date format (how the refresh writes a date);
# 3: style 1 filled yellow; 4: style 1 in bold; 5: the centred style of column C
STYLES = f"""<styleSheet xmlns="{NS}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="{YELLOW}"/></patternFill></fill></fills>
<borders count="1"><border/></borders>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment horizontal="center"/></xf>
</cellXfs></styleSheet>""".encode()


def _sheet(*rows: str) -> bytes:
    cols = '<cols><col min="1" max="2" width="12" style="1"/><col min="3" max="3" width="8" style="5"/></cols>'
    return f'<worksheet xmlns="{NS}">{cols}<sheetData>{"".join(rows)}</sheetData></worksheet>'.encode()


def _row(r: int, styles: tuple[int, int, int], attrs: str = "") -> str:
    cells = "".join(f'<c r="{col}{r}" s="{s}"><v>{r}</v></c>' for col, s in zip("ABC", styles))
    return f'<row r="{r}"{attrs}>{cells}</row>'


def test_only_cells_whose_look_no_column_has_are_named_in_sheet_order():
    xml = _sheet(_row(1, (3, 3, 4)),  # the header row: its styles are kept, not named
                 _row(2, (1, 2, 5)),  # as the refresh writes: the columns' styles, a date format
                 _row(3, (3, 1, 5)),  # A3 filled
                 _row(4, (1, 5, 4)),  # B4 centred as column C is: a look a column has, not named; C4 bold
                 _row(5, (1, 1, 5), ' s="3" customFormat="1"'),  # the whole row filled
                 _row(6, (1, 1, 5), ' s="3"'))  # a row style not shown (no customFormat): not named
    assert restyled_cells(xml, Styles(STYLES), 3) == ["A3", "C4", "5:5"]


def test_a_row_formatted_whole_is_named_as_the_row_not_again_cell_by_cell():
    # as Excel and LibreOffice save a highlighted row: the row's style shown, and each of its cells given it
    xml = _sheet(_row(1, (1, 1, 5)), _row(2, (1, 2, 5)), _row(3, (3, 3, 3), ' spans="1:3" s="3" customFormat="1"'),
                 _row(4, (1, 4, 5)), _row(5, (3, 3, 3), ' s="3" customFormat="true"'))
    assert restyled_cells(xml, Styles(STYLES), 3) == ["3:3", "B4", "5:5"]


def test_the_first_row_is_passed_over_only_as_row_1_and_any_prefix_or_attribute_order_is_read():
    emptied = _sheet(_row(2, (3, 1, 5)), _row(3, (1, 4, 5)))  # row 1 emptied: Excel leaves it out
    assert restyled_cells(emptied, Styles(STYLES), 3) == ["A2", "B3"]
    prefixed = _sheet('<x:row r="1"><x:c r="A1" s="3"/></x:row>', '<x:row r="2"><x:c s="4" r="B2"><x:v>1</x:v></x:c>'
                      '<x:c r="C2" t="inlineStr" s="1"><x:is><x:t> s="3"</x:t></x:is></x:c></x:row>')
    assert restyled_cells(prefixed.replace(b"<sheetData>", b"<x:sheetData>")
                          .replace(b"</sheetData>", b"</x:sheetData>"),
                          Styles(STYLES), 3) == ["B2"]


def test_a_sheet_as_the_refresh_wrote_it_costs_one_scan_and_names_nothing():
    xml = _sheet(_row(1, (1, 1, 5)), *(_row(r, (1, 2, 5)) for r in range(2, 500)))
    assert restyled_cells(xml, Styles(STYLES), 3) == []
    assert restyled_cells(b"<worksheet/>", Styles(STYLES), 3) == []


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """One team of the demo, refreshed: 13 sessions on Follow-up (complete, expired, awaiting calls, in
    progress), 34 rows of Checks and the Aggregate's rows, all the rows these tests format, hide, merge
    and filter; a quarter of the demo's score rows, which every openpyxl open and save of the tests
    reads and writes again."""
    return one_team_demo(tmp_path_factory.mktemp("restyled") / "team.xlsx")


def _copy(refreshed, tmp_path):
    """A copy of the refreshed demo, and the copy opened for a person's edits."""
    path = tmp_path / "team.xlsx"
    shutil.copy(refreshed, path)
    return path, load_workbook(path)


def _refresh(path) -> str:
    out = CliRunner().invoke(main, ["refresh", str(path), "--no-backup", "--no-cache"])
    assert out.exit_code == 0, out.output
    return out.output


def test_a_row_highlighted_on_follow_up_is_named_and_not_kept_and_the_next_refresh_names_nothing(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    ws = wb["Follow-up"]
    for cell in ws[5][:3]:
        cell.fill = PatternFill("solid", fgColor=YELLOW)
    ws["F7"].font = Font(bold=True)
    ws["B9"].border = Border(bottom=Side(style="thick"))
    ws["C9"].alignment = Alignment(horizontal="right")  # a look no column has (some wrap)
    wb["Checks"]["A3"].fill = PatternFill("solid", fgColor=YELLOW)
    wb["Aggregate"]["A1"].fill = PatternFill("solid", fgColor=YELLOW)  # the header row: its look is kept
    wb.save(path)
    said = " ".join(_refresh(path).split())
    assert ("the formatting given to some of their cells (a merge too) is not kept: Follow-up A5, B5, C5, F7, B9, C9; "
            "Checks A3. Formatting given to whole columns is kept") in said
    wb = load_workbook(path)
    assert wb["Follow-up"]["A5"].fill.fgColor.rgb != YELLOW and not wb["Follow-up"]["F7"].font.b
    assert wb["Aggregate"]["A1"].fill.fgColor.rgb == YELLOW
    assert "formatting given" not in _refresh(path)


def test_a_row_highlighted_whole_is_named_once_as_the_row(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    ws = wb["Follow-up"]
    fill = PatternFill("solid", fgColor=YELLOW)
    ws.row_dimensions[6].fill = fill  # as Excel highlights a selected row: its style shown, and its cells'
    for cell in ws[6]:
        cell.fill = fill
    ws["B8"].font = Font(italic=True)
    wb.save(path)
    said = " ".join(_refresh(path).split())
    assert "is not kept: Follow-up 6:6, B8. Formatting" in said


def test_a_cell_typed_on_and_formatted_is_named_once_as_typed(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    below = wb["Follow-up"].max_row + 3
    wb["Follow-up"].cell(below, 1, "Ask Ann about this").fill = PatternFill("solid", fgColor=YELLOW)
    wb["Follow-up"]["D6"].fill = PatternFill("solid", fgColor=YELLOW)
    wb.save(path)
    said = " ".join(_refresh(path).split())
    assert f"what was typed on them is gone: Follow-up A{below}." in said
    assert "is not kept: Follow-up D6. Formatting" in said


@pytest.mark.parametrize("writer", ["libreoffice", "openpyxl"])
def test_a_workbook_saved_again_by_another_program_has_no_cell_named(refreshed, tmp_path, writer):
    # the program writes the styles anew and renumbers them: the refresh's own cells keep their columns' look
    # and number formats
    src = tmp_path / "src.xlsx"
    shutil.copy(refreshed, src)
    if writer == "openpyxl":
        load_workbook(src).save(src)
        path = src
    else:
        path = soffice_convert(src, "xlsx", tmp_path / "out")
    said = _refresh(path)
    assert "formatting given" not in said
    assert "number format" not in said


def test_a_whole_column_formatted_is_kept_on_the_new_rows_and_not_named(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    ws = wb["Follow-up"]
    fill = PatternFill("solid", fgColor=YELLOW)
    ws.column_dimensions["F"].fill = fill  # as Excel formats a selected column: its style and its cells'
    for cell in ws["F"]:
        cell.fill = fill
    rows = ws.max_row
    wb.save(path)
    assert "formatting given" not in _refresh(path)
    ws = load_workbook(path)["Follow-up"]
    assert ws.max_row == rows and all(ws.cell(r, 6).fill.fgColor.rgb == YELLOW for r in range(2, rows + 1))


def test_among_thousands_of_styles_of_the_columns_look_the_cells_are_still_told_apart():
    # a workbook with 3,000 styles looking like column A's (as a long-used one may have): read cell by cell
    many = STYLES.replace(b'<cellXfs count="6">', b'<cellXfs count="3006">').replace(
        b"</cellXfs>", b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 3000 + b"</cellXfs>")
    xml = _sheet(_row(1, (1, 1, 5)), _row(2, (3005, 1, 5)), _row(3, (3, 1, 5)))
    assert restyled_cells(xml, Styles(many), 3) == ["A3"]


def test_with_a_backup_kept_the_note_says_the_formatting_is_still_there(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    wb["Checks"]["B4"].fill = PatternFill("solid", fgColor=YELLOW)
    wb.save(path)
    out = CliRunner().invoke(main, ["refresh", str(path), "--no-cache"])
    assert out.exit_code == 0, out.output
    backup = tmp_path / "team.xlsx.bak"
    assert "is not kept: Checks B4." in out.output
    assert (f"The formatted cells are still in {backup}, until the next command that saves the workbook (a refresh, "
            "an import, a repair) replaces it." in " ".join(out.output.split()))
    with backup.open("rb") as fh:  # (openpyxl goes by the name's ending: the file itself is read)
        assert load_workbook(fh)["Checks"]["B4"].fill.fgColor.rgb == YELLOW


def test_rows_hidden_by_hand_are_named_unless_a_filter_of_the_sheet_or_its_table_hides_rows():
    rows = ('<row r="1" hidden="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
            '<row r="3" spans="1:3" hidden="1" customHeight="1"><c r="A3"><v>3</v></c></row>'
            '<row r="4" hidden="0"/><row r="5" hidden="true"/>')
    cols = '<cols><col min="2" max="2" hidden="1"/></cols>'
    sheet = f'<worksheet xmlns="{NS}">{cols}<sheetData>{rows}</sheetData>{{}}</worksheet>'
    assert hidden_by_hand(sheet.format("").encode()) == ["3:3", "5:5"]
    filtered = ('<autoFilter ref="A1:C5"><filterColumn colId="2"><filters><filter '
                'val="complete"/></filters></filterColumn></autoFilter>')
    assert hidden_by_hand(sheet.format(filtered).encode()) == []
    table = f'<table xmlns="{NS}" ref="A1:C5"><autoFilter ref="A1:C5"><filterColumn colId="0"/></autoFilter></table>'
    assert hidden_by_hand(sheet.format("").encode(), [table]) == []
    assert hidden_by_hand(f'<worksheet xmlns="{NS}">{cols}<sheetData/></worksheet>'.encode()) == []


def test_rows_hidden_by_hand_on_follow_up_are_named_and_shown_again(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    for row in (4, 7):
        wb["Follow-up"].row_dimensions[row].hidden = True
    wb.save(path)
    said = " ".join(_refresh(path).split())
    assert "rows hidden by hand are shown again: Follow-up 4:4, 7:7. To hide rows, filter them" in said
    ws = load_workbook(path)["Follow-up"]
    assert not ws.row_dimensions[4].hidden and not ws.row_dimensions[7].hidden
    assert "hidden by hand" not in _refresh(path)


def test_rows_a_filter_hides_are_not_named(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    ws = wb["Follow-up"]
    status = [c.value for c in ws[1]].index("Status")
    ws.auto_filter.ref = ws.dimensions
    ws.auto_filter.add_filter_column(status, ["complete"])
    hid = [r for r in range(2, ws.max_row + 1) if ws.cell(r, status + 1).value != "complete"]
    for row in hid:
        ws.row_dimensions[row].hidden = True
    wb.save(path)
    assert hid and "hidden by hand" not in _refresh(path)
    ws = load_workbook(path)["Follow-up"]
    assert [r for r in range(2, ws.max_row + 1) if ws.row_dimensions[r].hidden] == hid  # the filter applied again


def test_cells_merged_on_follow_up_are_unmerged_named_and_what_they_hid_shown(refreshed, tmp_path):
    path, wb = _copy(refreshed, tmp_path)
    ws = wb["Follow-up"]
    ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    b3 = ws["B3"].value
    ws.merge_cells("B3:D3")  # (openpyxl empties C3 and D3, as Excel does: merged, only B3 keeps its value)
    ws.merge_cells("A10:A12")  # A11 and A12 emptied: session ids the refresh writes again
    wb.save(path)
    said = " ".join(_refresh(path).split())
    assert "(a merge too) is not kept: Follow-up B3:D3, A10:A12." in said
    # the rows under the merge are the last refresh's, not cells typed on the sheet
    assert "what was typed on them is gone" not in said
    ws = load_workbook(path)["Follow-up"]
    assert not ws.merged_cells.ranges
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == ids
    assert ws["B3"].value == b3 and ws["C3"].value is not None and ws["D3"].value is not None
    assert "a merge too" not in _refresh(path)
