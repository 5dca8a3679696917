"""A computed sheet someone deleted comes back with the next refresh looking as the template makes it.

The expected look is read with openpyxl from the shipped template (templates/coachlog.xlsx, which
tests/test_template.py keeps in step with the code), never from what the refresh wrote.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from coachlog_xl.errors import TemplateError
from coachlog_xl.workbook.stylesxml import Styles
from tests import fidelity_kit as kit
from tests.wbkit import soffice_convert

TEMPLATE = Path(__file__).parents[1] / "templates" / "coachlog.xlsx"
AS_OF = dt.date(2026, 6, 1)


def _rgb(color) -> str | None:
    """A colour's RGB without its alpha (openpyxl writes 00, LibreOffice FF), else None."""
    return color.rgb[-6:] if color is not None and isinstance(color.rgb, str) else None


def _look(path: Path, name: str) -> dict:
    """What a person sees of a computed sheet, besides its values."""
    ws = load_workbook(path)[name]
    width = len(next(s for s in schema.COMPUTED_SHEETS if s.name == name).columns)
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    dims = ws.column_dimensions
    header = [ws.cell(row=1, column=i) for i in range(1, width + 1)]
    rules = sorted((str(cf.sqref), rule.formula[0], _rgb(rule.dxf.font.color), rule.dxf.font.i,
                    _rgb(rule.dxf.fill.fgColor) if rule.dxf.fill else None)
                   for cf in ws.conditional_formatting for rule in cf.rules)
    return {
        "widths": [dims[c].width for c in letters],
        "column formats": [dims[c].number_format for c in letters],
        "column alignment": [dims[c].alignment.horizontal for c in letters],
        "header fill": [_rgb(c.fill.fgColor) for c in header],
        "header font": [(c.font.b, c.font.sz, _rgb(c.font.color)) for c in header],
        "header wrap": [c.alignment.wrap_text for c in header],
        "header notes": [c.comment.text if c.comment else None for c in header],
        "header height": ws.row_dimensions[1].height,
        "frozen": ws.freeze_panes,
        "conditional formats": rules,
        "tables": sorted(ws.tables),
        "print titles": (ws.print_title_rows, ws.print_title_cols),
        "page": (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.sheet_properties.pageSetUpPr.fitToPage),
    }


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rels(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _others_changed(before: Path, after: Path, name: str) -> list[str]:
    """The parts a refresh does not own that are not as they were: every part but the computed sheets,
    the Log, Start here, workbook.xml, its relationships, [Content_Types].xml, and the parts of the sheet
    that came back and of the tool's charts on Aggregate (linked from it)."""
    z = kit.Zip(after)
    sheets = [z.sheet(s.name) for s in schema.COMPUTED_SHEETS] + [z.sheet("Log"), z.sheet(schema.START)]
    owned = set(sheets) | {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    for part in (z.sheet(name), z.sheet("Aggregate")):
        owned |= {_rels(part), *z.targets(part)}
    for drawing in [t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t)]:
        owned |= {_rels(drawing), *z.targets(drawing)}
    old, new = _parts(before), _parts(after)
    return sorted([f"{n}: added" for n in new if n not in old and n not in owned]
                  + [f"{n}: changed" for n, data in old.items() if n not in owned and new.get(n) != data])


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    """A coaching log with two sessions, a sheet of the team's own, a defined name and a chart sheet."""
    path = tmp_path_factory.mktemp("readded") / "team.xlsx"
    kit.base_workbook(path)
    return path


@pytest.mark.parametrize("name", [s.name for s in schema.COMPUTED_SHEETS])
def test_a_deleted_computed_sheet_comes_back_with_the_templates_look(team, tmp_path, name):
    path = tmp_path / "team.xlsx"
    shutil.copy(team, path)
    wb = load_workbook(path)
    del wb[name]
    wb.save(path)
    before = tmp_path / "before.xlsx"
    shutil.copy(path, before)
    api.refresh_file(path, as_of=AS_OF, backup=False)

    got, want = _look(path, name), _look(TEMPLATE, name)
    assert got == want
    assert want["header fill"][0] == "595959" and want["frozen"] in ("A2", "C2")  # (the template has its look)
    ws = load_workbook(path)[name]
    last = get_column_letter(len(next(s for s in schema.COMPUTED_SHEETS if s.name == name).columns))
    assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}" and ws.max_row > 1  # the filter spans the rows written
    names = load_workbook(path).sheetnames
    assert names.index(name) == schema.SHEET_ORDER.index(name)
    # the template's styles are all in the workbook an openpyxl save left: styles.xml stays as it was
    assert _others_changed(before, path, name) == []
    assert _parts(path)["xl/styles.xml"] == _parts(before)["xl/styles.xml"]

    once = path.read_bytes()
    api.refresh_file(path, as_of=AS_OF, backup=False)
    assert path.read_bytes() == once  # a second refresh changes nothing


def test_a_renamed_computed_sheet_is_kept_and_the_one_added_has_the_templates_look(team, tmp_path):
    path = tmp_path / "team.xlsx"
    shutil.copy(team, path)
    wb = load_workbook(path)
    wb["Checks"].title = "Checks (March)"
    wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    assert _look(path, "Checks") == _look(TEMPLATE, "Checks")
    assert "Checks (March)" in load_workbook(path).sheetnames


def test_a_sheet_renamed_in_its_capitals_only_is_the_same_sheet(team, tmp_path):
    # Excel finds a sheet whatever its capitals, and takes two names equal but for them for damage
    path, plain = tmp_path / "team.xlsx", tmp_path / "plain.xlsx"
    shutil.copy(team, path)
    shutil.copy(team, plain)
    _rename(path, "Follow-up", "FOLLOW-UP")
    _excel_delete(path, "Baseline")  # added back after it, where the template has it
    api.refresh_file(path, as_of=AS_OF, backup=False)
    api.refresh_file(plain, as_of=AS_OF, backup=False)
    names = load_workbook(path).sheetnames
    assert len({n.casefold() for n in names}) == len(names) and "FOLLOW-UP" in names
    assert names.index("Baseline") == names.index("FOLLOW-UP") + 1

    def values(p: Path, name: str) -> list[list]:
        return [list(r) for r in load_workbook(p)[name].iter_rows(values_only=True)]

    assert len(values(plain, "Follow-up")) > 2 and values(path, "FOLLOW-UP") == values(plain, "Follow-up")
    codes = [r[schema.CHECKS.keys.index("code")] for r in values(path, "Checks")[1:]]
    assert "computed-sheet-renamed" not in codes
    # an input sheet so renamed is named, and a repair adds no second one beside it
    _rename(path, "Log", "log")
    with pytest.raises(TemplateError, match='the sheet "Log" is named "log"'):
        api.refresh_file(path, as_of=AS_OF, backup=False)
    assert api.repair(path).sheets == [] and load_workbook(path).sheetnames.count("log") == 1
    assert "Log" not in load_workbook(path).sheetnames


def _rename(path: Path, name: str, new: str) -> None:
    """Rename a sheet as Excel does, its name in workbook.xml and in the names that refer to it
    (openpyxl would number a name equal but for its capitals: FOLLOW-UP1)."""
    z = kit.Zip(path)
    text = z.text("xl/workbook.xml").replace(f'name="{name}"', f'name="{new}"', 1)
    z.parts["xl/workbook.xml"] = text.replace(f"'{name}'!", f"'{new}'!").replace(f"{name}!", f"{new}!").encode("utf-8")
    z.save(path)


def _excel_delete(path: Path, name: str) -> None:
    """Delete a sheet as Excel does: its entry and its own names go from workbook.xml; the names of the
    sheets after it count one place less."""
    z = kit.Zip(path)
    text = z.text("xl/workbook.xml")
    index = re.findall(r'<sheet [^>]*name="([^"]*)"', text).index(name)
    text = re.sub(rf'<sheet [^>]*name="{name}"[^>]*/>', "", text)
    text = re.sub(rf'<definedName [^>]*localSheetId="{index}"[^>]*>[^<]*</definedName>', "", text)
    text = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{int(m.group(1)) - (int(m.group(1)) > index)}"',
                  text)
    z.parts["xl/workbook.xml"] = text.encode("utf-8")
    z.save(path)


def test_a_sheet_deleted_from_a_libreoffice_workbook_comes_back_with_its_styles_added_after_the_workbooks(
        team, tmp_path):
    # LibreOffice writes its own style table: the template's header font and fill, and the conditional
    # formats' looks, are added after the workbook's; every index a cell uses stays as it was
    saved = soffice_convert(team, "xlsx", tmp_path)
    _excel_delete(saved, "Checks")
    before = tmp_path / "before.xlsx"
    shutil.copy(saved, before)
    api.refresh_file(saved, as_of=AS_OF, backup=False)

    got, want = _look(saved, "Checks"), _look(TEMPLATE, "Checks")
    assert got == want
    assert _others_changed(before, saved, "Checks") == ["xl/styles.xml: changed"]
    old, new = (_parts(p)["xl/styles.xml"].decode() for p in (before, saved))
    for tag, child in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf"), ("dxfs", "dxf")):
        kept = re.search(rf"<{tag}\b.*?</{tag}>", old, re.S).group(0)
        grown = re.search(rf"<{tag}\b.*?</{tag}>", new, re.S).group(0)
        children = re.compile(rf"<{child}\b(?:[^>]*/>|.*?</{child}>)", re.S)
        assert children.findall(grown)[:len(children.findall(kept))] == children.findall(kept), tag
    once = saved.read_bytes()
    api.refresh_file(saved, as_of=AS_OF, backup=False)
    assert saved.read_bytes() == once
    opened = soffice_convert(saved, "xlsx", tmp_path / "lo")  # LibreOffice opens it
    assert _look(opened, "Checks")["header fill"] == want["header fill"]


def test_a_style_taken_from_another_workbook_is_found_or_added_after_the_ones_there():
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ours = Styles(f'<styleSheet {ns}><fonts count="2"><font><sz val="10"/></font><font><b val="1"/><sz val="9"/>'
                  '</font></fonts><fills count="2"><fill><patternFill/></fill><fill><patternFill '
                  'patternType="gray125"/>'
                  '</fill></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" '
                  'fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/>'
                  '</cellXfs><tableStyles count="0"/></styleSheet>'.encode())
    theirs = Styles(f'<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="170" formatCode="0.0"/></numFmts>'
                    '<fonts count="3"><font><sz val="11"/></font><font><sz val="9"/><b val="1"/></font><font><i '
                    'val="1"/>'
                    '</font></fonts><fills count="3"><fill><patternFill/></fill><fill><patternFill '
                    'patternType="gray125"/>'
                    '</fill><fill><patternFill patternType="solid"><fgColor '
                    'rgb="00595959"/></patternFill></fill></fills>'
                    '<borders count="1"><border/></borders><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" '
                    'borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/><xf '
                    'numFmtId="170" fontId="2" fillId="2" borderId="0" xfId="0"/></cellXfs><dxfs count="1"><dxf><font>'
                    '<color rgb="009C0006"/></font></dxf></dxfs></styleSheet>'.encode())
    assert ours.adopt(theirs, 0) == 0 and ours.adopt(theirs, 1) == 1  # the same font, its children in another order
    assert ours.adopt(theirs, 2) == 2 and ours.adopt_dxf(theirs, 0) == 0
    xml = ours.updated_xml().decode()
    assert '<fonts count="3">' in xml and xml.count("<font>") == 3 + 1  # one font added (and the dxf's)
    assert '<fills count="3">' in xml and '<numFmt numFmtId="164" formatCode="0.0"/>' in xml
    assert ('<xf numFmtId="164" fontId="2" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" '
            'applyFill="1"/></cellXfs>') in xml
    # a workbook without conditional formats gets its dxfs where the schema has them: before tableStyles
    assert '</cellXfs><dxfs count="1"><dxf><font><color rgb="009C0006"/></font></dxf></dxfs><tableStyles' in xml
    again = Styles(xml.encode())
    assert again.adopt(theirs, 2) == 2 and again.adopt_dxf(theirs, 0) == 0 and not again.changed


def _row1(xml: bytes) -> bytes:
    return re.search(rb"<(?:\w+:)?row\b[^>]*\br=\"1\".*?</(?:\w+:)?row>", xml, re.S).group(0)


@pytest.mark.parametrize("emptied", ["every row deleted", "the header row deleted"])
@pytest.mark.parametrize("name", [s.name for s in schema.COMPUTED_SHEETS])
def test_a_computed_sheet_whose_rows_were_deleted_gets_its_header_row_back_with_the_templates_look(
        team, tmp_path, name, emptied):
    path = tmp_path / "team.xlsx"
    shutil.copy(team, path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    part = kit.Zip(path).sheet(name)
    refreshed = _parts(path)
    z = kit.Zip(path)
    xml = z.text(part)
    if emptied == "every row deleted":
        xml = re.sub(r"<sheetData>.*</sheetData>", "<sheetData/>", xml, flags=re.S)
    else:
        xml = re.sub(r'<row r="1"[^>]*>.*?</row>', "", xml, count=1, flags=re.S)
    assert xml != z.text(part) and 'r="1"' not in re.search(r"<sheetData.*?(?:/>|</sheetData>)", xml, re.S).group(0)
    z.put(part, xml)
    z.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)

    after = _parts(path)
    assert _row1(after[part]) == _row1(refreshed[part])  # the height and each cell's style a refresh keeps
    assert after[part] == refreshed[part]
    assert after["xl/styles.xml"] == refreshed["xl/styles.xml"]  # (the template's header style was there)
    got, want = _look(path, name), _look(TEMPLATE, name)
    for key in ("header fill", "header font", "header wrap", "header height"):
        assert got[key] == want[key], key
    assert want["header fill"][0] == "595959" and want["header font"][0][0]  # (grey, bold: the template's look)
    once = path.read_bytes()
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    assert path.read_bytes() == once
