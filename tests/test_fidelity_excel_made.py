"""A refresh of a workbook carrying more parts real Excel wrote (tests/excel_made_kit.py; each part named in
tests/fixtures/excel_parts/README.md with the repository and file it comes from, or the documentation it
was written from where no permissively licensed Excel-made part was found), linked as Excel links them:

- on Aggregate, in the drawing that holds the tool's charts: a chart of the team's own, an Office add-in
  (an mc:AlternateContent anchor with its web extension part and snapshot picture) and an option button;
- on Follow-up: a table over its rows, a slicer on that table (its parts written by hand) drawn beside
  the user's chart, an option button and an Excel 2010 list validation; the pivot table's cache reads
  the Follow-up table by name;
- pictures placed in cells (Excel 365 rich values) on the Log and on a sheet of the team's own;
- a sheet filled by a query over a database connection (connections, query table, its table);
- a signed VBA project (.xlsm, with its signature part and stand-ins for the agile and V3 signatures);
- the cell formats in another order and the column lists merged into ranges, as Excel's first save leaves them.

Every part the refresh does not own stays byte for byte, the user's shapes stay in the drawings and sheets
the refresh rewrites, the table over Follow-up grows with its rows, the computed values are those worked out
by hand below, a second refresh changes nothing, and openpyxl and LibreOffice open the result.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from tests import excel_kit as xk
from tests import excel_made_kit as mk
from tests import fidelity_kit as kit
from tests.test_fidelity import parts
from tests.test_fidelity_excel import FIRST, SECOND, _type_session, graft, only_gone_types_removed
from tests.wbkit import soffice_convert

AGGREGATE_CHART = "The team's chart on Aggregate"
THIRD = {"session_id": "S-3", "rep": "Ann Lee", "supervisor": "Lee Park", "session_date": "2026-03-20",
         "criterion": kit.CRIT, "method": "role-play"}


def _saved_by_excel(path: Path, renumbered: bool) -> None:
    """The team's workbook after one refresh, saved by Excel (its format order and column ranges when
    ``renumbered``) with the parts above added, the threshold since lowered from 80 to 60 and a third
    session typed, so the next refresh has new results and a row more to write."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    xk.excel_save(path)
    z = kit.Zip(path)
    graft(z)
    mk.add_user_chart(z, "Aggregate", AGGREGATE_CHART, ("'My notes'!$A$2", "'My notes'!$B$2:$B$5"),
                      ("'My notes'!$A$3", "'My notes'!$B$3:$B$6"), (12, 2))
    mk.add_office_addin(z, "Aggregate", (12, 20))
    mk.add_option_button(z, "Aggregate")
    table_id = mk.add_sheet_table(z, "Follow-up", "FollowUpTable", 1)  # made when Follow-up had one row
    mk.add_slicer_beside(z, "Follow-up", table_id, 2, "Rep")
    mk.add_option_button(z, "Follow-up")
    mk.add_list_validation(z, "Follow-up", "A2:A50", "Reps!$A$2:$A$50")
    mk.add_list_validation(z, "Log", "B2:B500", "Reps!$A$2:$A$50")
    cache = "xl/pivotCache/pivotCacheDefinition1.xml"
    z.parts[cache] = re.sub(r"<worksheetSource [^>]*/>", '<worksheetSource name="FollowUpTable"/>',
                            z.text(cache)).encode("utf-8")
    mk.add_pictures_in_cells(z, [("Log", "L2"), ("My notes", "C3")])
    mk.add_query_table(z, "From the QA database")
    if renumbered:
        mk.renumber_cell_formats(z)
        mk.excel_columns(z)
    for name in [n for n in z.parts if n.endswith(".rels")]:
        xk.relative_targets(z, name)
    z.save(path)
    kit.type_setting(path, "threshold", 80, 60)
    _type_session(path, 4, THIRD)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("made") / "team.xlsx"
    _saved_by_excel(path, renumbered=True)
    return path


def _copy(src: Path, tmp_path: Path, name: str | None = None) -> Path:
    dst = tmp_path / (name or src.name)
    shutil.copy(src, dst)
    return dst


def _refresh(path: Path) -> None:
    api.refresh_file(path, as_of=SECOND, backup=False)


def _tool_charts(z: kit.Zip, drawing: str) -> set[str]:
    """The parts of the tool's charts in ``drawing`` (the anchors it names ``coachlog_xl chart N``) and
    the parts only they use."""
    xml = z.text(drawing)
    rels = z.text(xk.rels_name(drawing))
    out = set()
    for anchor in re.findall(r"<xdr:(?:one|two)CellAnchor\b.*?</xdr:(?:one|two)CellAnchor>", xml, re.S):
        if 'name="coachlog_xl chart' not in anchor:
            continue
        rid = re.search(r'<c:chart [^>]*r:id="([^"]+)"', anchor).group(1)
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
            re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        name = target.group(1)
        name = name[1:] if name.startswith("/") else \
            posixpath.normpath(posixpath.join(posixpath.dirname(drawing), name))
        out |= {name, xk.rels_name(name), *z.targets(name)}
    return out


def _owned(path: Path) -> set[str]:
    """What a refresh may rewrite here: the computed sheets, the Log and Start here, the table over
    Follow-up (it grows), the drawing on Aggregate and its relationships, the tool's charts and the parts
    only they use, and [Content_Types].xml when those go."""
    z = kit.Zip(path)
    out = {z.sheet(s.name) for s in schema.COMPUTED_SHEETS} | {z.sheet("Log"), z.sheet(schema.START)}
    out.add("[Content_Types].xml")
    out |= {t for t in z.targets(z.sheet("Follow-up")) if "/tables/" in t}
    drawing = mk.drawing_of(z, "Aggregate")
    return out | {drawing, xk.rels_name(drawing)} | _tool_charts(z, drawing)


def _user_anchors(xml: str) -> list[str]:
    """The anchors of a drawing that are not the tool's charts, as their bytes."""
    found = re.findall(r"<mc:AlternateContent\b.*?</mc:AlternateContent>(?=<xdr:|<mc:|</xdr:wsDr>)"
                       r"|<xdr:(?:one|two)CellAnchor\b.*?</xdr:(?:one|two)CellAnchor>", xml, re.S)
    return [a for a in found if 'name="coachlog_xl chart' not in a]


def test_every_part_a_refresh_does_not_own_stays_byte_for_byte(made, tmp_path):
    path = _copy(made, tmp_path)
    before = parts(path)
    owned = _owned(path)
    _refresh(path)
    after = parts(path)
    changed = sorted(n for n in before if n not in owned and after.get(n) != before[n])
    assert changed == []
    assert {n for n in after if n not in before} <= owned  # nothing of the team's is added or renamed
    assert only_gone_types_removed(made, path)


def test_the_naive_openpyxl_refresh_fails_the_same_check(made, tmp_path):
    """The negative control: openpyxl's load and save drops or rewrites the team's parts."""
    path = _copy(made, tmp_path)
    before = parts(path)
    owned = _owned(path)
    load_workbook(path).save(path)
    after = parts(path)
    lost = {n for n in before if n not in owned and after.get(n) != before[n]}
    assert {"xl/webextensions/webextension1.xml", "xl/richData/rdrichvalue.xml", "xl/connections.xml"} <= lost


def test_the_teams_chart_add_in_and_option_button_stay_in_the_drawing_of_the_tools_charts(made, tmp_path):
    path = _copy(made, tmp_path)
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    mine = _user_anchors(z.text(drawing))
    assert len(mine) == 3
    rels = {r for r in re.findall(r"<Relationship [^>]*/>", z.text(xk.rels_name(drawing))) if "rIdX" in r}
    controls = re.search(r"<mc:AlternateContent\b[^>]*><mc:Choice Requires=\"x14\"><controls>.*?</controls>"
                         r"</mc:Choice></mc:AlternateContent>", z.text(z.sheet("Aggregate")), re.S).group(0)
    _refresh(path)
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    assert _user_anchors(z.text(drawing)) == mine
    assert rels <= set(re.findall(r"<Relationship [^>]*/>", z.text(xk.rels_name(drawing))))
    assert controls in z.text(z.sheet("Aggregate"))
    assert z.text(drawing).count('name="coachlog_xl chart') == 4  # the tool's four charts, drawn anew


def test_on_follow_up_the_table_grows_and_the_slicer_button_and_validation_stay(made, tmp_path):
    path = _copy(made, tmp_path)
    z = kit.Zip(path)
    sheet = z.text(z.sheet("Follow-up"))
    kept = [re.search(pattern, sheet, re.S).group(0) for pattern in (
        r'<x14:slicerList\b.*?</x14:slicerList>', r"<x14:dataValidations\b.*?</x14:dataValidations>",
        r'<control shapeId="\d+" r:id="[^"]+" name="Option Button 1">.*?</control>')]
    table = next(t for t in z.targets(z.sheet("Follow-up")) if "/tables/" in t)
    was = z.text(table)
    _refresh(path)
    z = kit.Zip(path)
    sheet = z.text(z.sheet("Follow-up"))
    for xml in kept:
        assert xml in sheet
    last = get_column_letter(len(schema.FOLLOWUP.columns))
    # three sessions written under the header: the table grows from its one row, keeping its id and name
    assert z.text(table) == was.replace(f'ref="A1:{last}2"', f'ref="A1:{last}4"')
    assert "<autoFilter" not in sheet[sheet.index("</sheetData>"):]  # the filter is the table's


def test_pictures_placed_in_cells_stay_in_their_cells(made, tmp_path):
    path = _copy(made, tmp_path)
    _refresh(path)
    z = kit.Zip(path)
    assert '<c r="L2" t="e" vm="1"><v>#VALUE!</v></c>' in z.text(z.sheet("Log"))
    assert '<c r="C3" t="e" vm="2"><v>#VALUE!</v></c>' in z.text(z.sheet("My notes"))


def test_the_values_written_are_those_worked_out_by_hand(made, tmp_path):
    """Baseline: the last 10 of the 12 calls before 1 March, 64, 66, 68, 70, 58, 62, 66, 69, 61, 63:
    647 / 10 = 64.7 for both reps. Follow-up: Ann Lee's ten calls sum to 819 (81.9, delta 17.2, all ten at
    or above the lowered threshold 60: met), Bo Chan's to 591 (59.1, delta -5.6, five at 60 or more: not
    met). S-3 (20 March) has no call after it; its 30 days ended 19 April, before the as-of date."""
    path = _copy(made, tmp_path)
    _refresh(path)
    ws = load_workbook(path, read_only=True)["Follow-up"]
    keys = schema.FOLLOWUP.keys
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert sorted(rows) == ["S-1", "S-2", "S-3"]

    def value(session, key):
        return rows[session][keys.index(key)]
    assert [value("S-1", k) for k in ("baseline_mean", "followup_n", "followup_mean")] == [64.7, 10, 81.9]
    assert round(value("S-1", "delta"), 6) == 17.2 and value("S-1", "at_threshold") == 10
    assert [value("S-2", k) for k in ("baseline_mean", "followup_n", "followup_mean")] == [64.7, 10, 59.1]
    assert round(value("S-2", "delta"), 6) == -5.6 and value("S-2", "at_threshold") == 5
    assert (value("S-3", "followup_n"), value("S-3", "status")) == (0, "expired")


def test_a_second_refresh_changes_nothing(made, tmp_path):
    path = _copy(made, tmp_path)
    _refresh(path)
    once = path.read_bytes()
    _refresh(path)
    assert path.read_bytes() == once


def test_formats_excel_renumbered_give_the_written_cells_the_look_they_have_otherwise(made, tmp_path):
    """Cell formats in another order and columns merged into ranges (Excel's first save): every cell and
    column of the refreshed sheets has the same number format, font, fill, border and alignment as in
    the same workbook refreshed without them."""
    plain = tmp_path / "plain.xlsx"
    _saved_by_excel(plain, renumbered=False)
    path = _copy(made, tmp_path)
    for book in (plain, path):
        _refresh(book)
    assert _looks(path) == _looks(plain)


def _looks(path: Path) -> dict:
    """(sheet, cell or column) -> its width and its format's number format, font, fill, border and
    alignment, for the refreshed sheets."""
    z = kit.Zip(path)
    styles = z.text("xl/styles.xml")

    def block(tag: str, item: str) -> list[str]:
        body = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", styles, re.S).group(1)
        return re.findall(rf"<{item}\b[^>]*?/>|<{item}\b[^>]*?>.*?</{item}>", body, re.S)
    xfs, fonts, fills, borders = (block("cellXfs", "xf"), block("fonts", "font"), block("fills", "fill"),
                                  block("borders", "border"))
    codes = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))

    def look(index: int) -> tuple:
        xf = xfs[index]

        def at(name):
            m = re.search(rf'\b{name}="(\d+)"', xf)
            return int(m.group(1)) if m else 0
        return (codes.get(str(at("numFmtId")), at("numFmtId")), fonts[at("fontId")], fills[at("fillId")],
                borders[at("borderId")], re.findall(r"<alignment\b[^>]*/>", xf))
    out = {}
    for title in [s.name for s in schema.COMPUTED_SHEETS] + ["Log"]:
        xml = z.text(z.sheet(title))
        for ref, attrs in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)/?>', xml):
            style = re.search(r'\ss="(\d+)"', attrs)
            out[title, ref] = look(int(style.group(1)) if style else 0)
        for col in re.findall(r"<col\b[^>]*/>", xml):
            lo, hi = (int(re.search(rf'{a}="(\d+)"', col).group(1)) for a in ("min", "max"))
            style = re.search(r'\sstyle="(\d+)"', col)
            for n in range(lo, hi + 1):
                out[title, n] = (re.search(r'width="([^"]+)"', col).group(1), look(int(style.group(1)) if style else 0))
    return out


def test_a_signed_macro_workbook_keeps_its_project_and_signatures(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    xk.excel_save(path)
    z = kit.Zip(path)
    signed = mk.make_signed_macro_workbook(z) + ["xl/_rels/vbaProject.bin.rels"]
    for name in [n for n in z.parts if n.endswith(".rels")]:
        xk.relative_targets(z, name)
    macro = tmp_path / "team.xlsm"
    z.save(macro)
    kit.type_setting(macro, "threshold", 80, 60)
    before = parts(macro)
    _refresh(macro)
    after = parts(macro)
    assert {n: after[n] for n in signed} == {n: before[n] for n in signed}
    types = after["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert all(f'PartName="/xl/vbaProjectSignature{k}.bin"' in types for k in ("", "Agile", "V3"))
    assert load_workbook(macro, keep_vba=True).vba_archive is not None


def test_openpyxl_and_libreoffice_open_the_result_and_libreoffice_draws_the_teams_chart(made, tmp_path):
    path = _copy(made, tmp_path)
    _refresh(path)
    assert load_workbook(path)["From the QA database"]["B2"].value == "first"
    pdf = soffice_convert(path, 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}',
                          tmp_path / "pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    aggregate = [p for p in pages if "Mean delta by coaching method" in p]
    assert aggregate and AGGREGATE_CHART in aggregate[0]  # on the page of Aggregate, beside the tool's charts
    with zipfile.ZipFile(soffice_convert(path, "xlsx", tmp_path / "lo")) as zf:
        assert zf.testzip() is None


def _with_alt_text(path: Path, number: int, attrs: str, macro: str, move: bool = False) -> None:
    """Alt text typed on the tool's chart ``number`` in Excel (right-click > Edit Alt Text: the
    description, and a title as Excel 2016 kept one), ``macro`` assigned to it (Assign Macro); the chart
    dragged to column C too when ``move``."""
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    xml = z.text(drawing)
    name = f'name="coachlog_xl chart {number}"'
    assert name in xml
    at = xml.index(name)
    frame = xml.rindex("<xdr:graphicFrame", 0, at)
    xml = xml[:frame] + xml[frame:at].replace("<xdr:graphicFrame", f"<xdr:graphicFrame {macro}", 1) + \
        xml[at:].replace(name, f"{name} {attrs}", 1)
    if move:
        anchor = re.search(rf"<xdr:oneCellAnchor>(?:(?!</xdr:oneCellAnchor>).)*?{name}.*?</xdr:oneCellAnchor>",
                           xml, re.S).group(0)
        xml = xml.replace(anchor, anchor.replace("<xdr:col>0</xdr:col>", "<xdr:col>2</xdr:col>", 1))
    z.parts[drawing] = xml.encode("utf-8")
    z.save(path)


def _frame_names(path: Path) -> dict[str, str]:
    """The title of each chart in Aggregate's drawing -> the attributes of its frame and its frame's cNvPr."""
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    out = {}
    xml = z.text(drawing)
    rels = z.text(xk.rels_name(drawing))
    for frame in re.finditer(r"<(?:\w+:)?graphicFrame\b.*?</(?:\w+:)?graphicFrame>", xml, re.S):
        if 'graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"' not in frame.group(0):
            continue  # (the add-in's frame)
        cnvpr = re.match(r"<[\w:]+([^>]*)>", frame.group(0)).group(1) + \
            re.search(r"<(?:\w+:)?cNvPr\b([^>]*?)/?>", frame.group(0)).group(1)
        rid = re.search(r'r:id="([^"]+)"', frame.group(0)).group(1)
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
            re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        chart = target.group(1)
        chart = chart[1:] if chart.startswith("/") else posixpath.normpath(posixpath.join("xl/drawings", chart))
        title = re.search(r"<((?:\w+:)?)title>.*?</\1title>", z.text(chart), re.S).group(0)
        title = "".join(re.findall(r"<(?:\w+:)?t>([^<]*)</(?:\w+:)?t>", title))
        out[title] = cnvpr
    return out


@pytest.mark.parametrize("move", [False, True], ids=["in place", "moved"])
def test_alt_text_typed_on_a_tools_chart_stays_on_the_chart_of_its_kind(made, tmp_path, move):
    """Excel's accessibility check asks for alt text on every chart: a description typed on the tool's
    first chart (mean delta by coaching method) is the team's, and stays on that chart drawn anew, whether it
    is placed again or stands where a person dragged it, and so do hiding it in the Selection Pane and a
    macro assigned to it; the tool's other charts get none of them."""
    path = _copy(made, tmp_path)
    alt = 'descr="Bars: the mean change in score for each coaching method &amp; its interval." ' \
          'title="Deltas by method" hidden="1"'
    macro = 'macro="[0]!ShowSessions"'
    _with_alt_text(path, 1, alt, macro, move)
    titled = [t for t, attrs in _frame_names(path).items() if "descr=" in attrs]
    assert len(titled) == 1
    _refresh(path)
    names = _frame_names(path)
    assert alt in names[titled[0]] and macro in names[titled[0]]
    assert [t for t, attrs in names.items() if re.search(r'descr=|macro="[^"]', attrs)] == titled
    once = path.read_bytes()
    _refresh(path)
    assert path.read_bytes() == once



_ANCHOR = re.compile(r"<xdr:(?:one|two)CellAnchor\b(?:(?!CellAnchor>).)*?</xdr:(?:one|two)CellAnchor>", re.S)


def _chart_of(z: kit.Zip, drawing: str, anchor: str) -> str:
    """The chart part an anchor of ``drawing`` shows."""
    rid = re.search(r'r:id="([^"]+)"', anchor).group(1)
    rels = z.text(xk.rels_name(drawing))
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    name = target.group(1)
    return name[1:] if name.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(drawing), name))


def _copied_as_excel_copies(path: Path, number: int, moved: str) -> tuple[str, dict[str, bytes]]:
    """The tool's chart ``number`` on Aggregate copied and pasted in Excel (Ctrl+C, Ctrl+V): a second frame
    drawn after the first, with the same name, a new shape id and a relationship of its own to a copy of
    the chart part and of its style and colours (Excel gives a pasted chart parts of its own).  The frame
    ``moved`` ("copy" or "original") is then dragged to column I and given alt text; the other stands at
    the tool's place.  Returns that moved anchor and its parts (chart, style, colours, .rels) as written."""
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    xml = z.text(drawing)
    name = f'name="coachlog_xl chart {number}"'
    anchor = next(a for a in _ANCHOR.findall(xml) if name in a)
    chart = _chart_of(z, drawing, anchor)
    new_chart = re.sub(r"\d*\.xml$", "90.xml", chart)
    types = z.text("[Content_Types].xml")
    own = {part: z.parts[part] for part in [chart, *z.targets(chart), xk.rels_name(chart)] if part in z.parts}
    copies: dict[str, bytes] = {}
    for part in [chart, *z.targets(chart)]:
        new = re.sub(r"\d*\.xml$", "90.xml", part)
        content_type = re.search(rf'PartName="/{re.escape(part)}" ContentType="([^"]+)"', types).group(1)
        z.put(new, z.parts[part], content_type)
        copies[new] = z.parts[part]
    if xk.rels_name(chart) in z.parts:
        rels = re.sub(r'Target="([^"]*?)\d*\.xml"', r'Target="\g<1>90.xml"', z.text(xk.rels_name(chart)))
        z.parts[xk.rels_name(new_chart)] = copies[xk.rels_name(new_chart)] = rels.encode("utf-8")
    z.rel(drawing, "rId90", "chart", new_chart)
    xk.relative_targets(z, xk.rels_name(drawing))
    top = max(int(i) for i in re.findall(r'<xdr:cNvPr\b[^>]*?\bid="(\d+)"', xml))
    copy = anchor.replace(re.search(r'r:id="[^"]+"', anchor).group(0), 'r:id="rId90"')
    copy = re.sub(r'(<xdr:cNvPr\b[^>]*?)\bid="\d+"', rf'\g<1>id="{top + 1}"', copy, count=1)
    mine = copy if moved == "copy" else anchor
    dragged = mine.replace(name, f'{name} descr="Ours, to filter by hand"', 1)
    dragged = dragged.replace("<xdr:col>0</xdr:col>", "<xdr:col>8</xdr:col>", 1)
    pair = anchor + dragged if moved == "copy" else dragged + copy
    z.parts[drawing] = xml.replace(anchor, pair, 1).encode("utf-8")
    z.save(path)
    return dragged, copies if moved == "copy" else own


def _tool_chart_parts(path: Path, but: str = "") -> list[bytes]:
    """The chart parts of the frames on Aggregate named as the tool names its charts, but the anchor ``but``."""
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    anchors = [a for a in _ANCHOR.findall(z.text(drawing)) if 'name="coachlog_xl chart' in a and a != but]
    return sorted(z.parts[_chart_of(z, drawing, a)] for a in anchors)


@pytest.fixture(scope="module")
def alone(made, tmp_path_factory) -> Path:
    """The workbook refreshed without a copy of a chart (once, for every way of copying one)."""
    path = _copy(made, tmp_path_factory.mktemp("alone"), "alone.xlsx")
    _refresh(path)
    return path


@pytest.mark.parametrize("moved", ["copy", "original"])
def test_a_copy_of_a_tools_chart_made_in_excel_is_the_teams_and_stays_byte_for_byte(made, alone, tmp_path, moved):
    """Excel keeps the name and title of a chart copied and pasted: of two frames named ``coachlog_xl chart 1``
    the one at the tool's place is the tool's, drawn anew once, as a refresh without the copy draws it; the
    other (the copy dragged away, or the original dragged away from the copy) stays where it was put, with
    its chart part, style, colours and relationship byte for byte, and its alt text does not move onto the
    tool's chart.  A second refresh changes nothing; LibreOffice opens the result."""
    path = _copy(made, tmp_path)
    kept, parts = _copied_as_excel_copies(path, 1, moved)
    rid = re.search(r'r:id="([^"]+)"', kept).group(1)
    before = kit.Zip(path)
    rel = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*/>',
                    before.text(xk.rels_name(mk.drawing_of(before, "Aggregate"))))
    assert len(parts) >= 2  # the chart part and its relationships at least
    _refresh(path)
    z = kit.Zip(path)
    drawing = mk.drawing_of(z, "Aggregate")
    xml = z.text(drawing)
    assert xml.count(kept) == 1 and xml.count('name="coachlog_xl chart 1"') == 2
    assert xml.count("Ours, to filter") == 1
    assert {name: z.parts.get(name) for name in parts} == parts
    assert rel is not None and rel.group(0) in z.text(xk.rels_name(drawing))
    assert _tool_chart_parts(path, but=kept) == _tool_chart_parts(alone)
    once = path.read_bytes()
    _refresh(path)
    assert path.read_bytes() == once
    with zipfile.ZipFile(soffice_convert(path, "xlsx", tmp_path / "lo")) as zf:  # (it drops a chart's alt text)
        assert zf.testzip() is None
        drawings = b"".join(zf.read(n) for n in zf.namelist() if re.match(r"xl/drawings/[^/]*\.xml$", n))
    ours = "".join(z.text(n) for n in z.parts if re.match(r"xl/drawings/[^/]*\.xml$", n))
    assert drawings.count(b'name="coachlog_xl chart 1"') == 2
    assert len(re.findall(rb"<c:chart\b", drawings)) == len(re.findall(r"<c:chart\b", ours))
