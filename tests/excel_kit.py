"""Workbooks as Microsoft Excel leaves them: a coachlog workbook saved the way Excel saves it, with real
parts Excel wrote grafted in where a person using Excel would add them.

The parts come from files Excel made (tests/fixtures/excel_parts, each named in its README with the
public repository and path it was taken from, all under permissive licences; the few no such file
holds, the slicer's, are written by hand from the documentation the README names);
:class:`tests.fidelity_kit.Zip` patches them into the package.  Only what ties a part to this workbook
is changed: the cells it points at, its relationship ids, the sheet and table it belongs to.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

from tests.fidelity_kit import CT, R, Zip

PARTS = Path(__file__).parent / "fixtures" / "excel_parts"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
MS_REL = "http://schemas.microsoft.com/office"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
VML_NS = ('xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
          'xmlns:x="urn:schemas-microsoft-com:office:excel"')


def real(name: str) -> str:
    return (PARTS / name).read_bytes().decode("utf-8")


def _body(xml: str) -> str:
    """A part's text without its XML declaration."""
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)


def _uid(seed: str) -> str:
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, seed)).upper() + "}"


def rels_name(part: str) -> str:
    folder, base = part.rsplit("/", 1)
    return f"{folder}/_rels/{base}.rels"


def _free(z: Zip, like: str) -> str:
    stem, ext = re.match(r"(.*?)\d*(\.\w+)$", like).groups()
    n = 1
    while f"{stem}{n}{ext}" in z.parts:
        n += 1
    return f"{stem}{n}{ext}"


def _free_rid(z: Zip, owner: str) -> str:
    rels = z.parts.get(rels_name(owner), b"").decode("utf-8")
    n = 1
    while f'Id="rIdX{n}"' in rels:
        n += 1
    return f"rIdX{n}"


def relative_targets(z: Zip, rels_part: str) -> None:
    """Targets written as Excel writes them: relative to the part's folder."""
    owner_folder = rels_part.split("/_rels/")[0] if "/_rels/" in rels_part else ""

    def rel(m):
        target = m.group(1)
        if not target.startswith("/"):
            return m.group(0)
        parts, base = target[1:].split("/"), owner_folder.split("/") if owner_folder else []
        while parts and base and parts[0] == base[0]:
            parts, base = parts[1:], base[1:]
        return f'Target="{"/".join([".."] * len(base) + parts)}"'
    z.parts[rels_part] = re.sub(r'Target="([^"]+)"', rel, z.text(rels_part)).encode("utf-8")


# -- saved by Excel -------------------------------------------------------------------------------------

def excel_save(path: Path) -> None:
    """The workbook as Excel saves it: every text cell a shared string, Excel's worksheet, workbook and
    styles roots (mc:Ignorable, x14ac:dyDescent, xr:uid), row spans, relative relationship targets."""
    z = Zip(path)
    strings: dict[str, int] = {}
    root = re.search(r"<worksheet\b[^>]*>", real("excel_threaded_sheet.xml")).group(0)
    for name in [n for n in z.parts if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]:
        z.parts[name] = _excel_sheet(z.text(name), strings, root.replace(
            re.search(r'xr:uid="[^"]+"', root).group(0), f'xr:uid="{_uid(name)}"')).encode("utf-8")
    keep = ' xml:space="preserve"'
    sst = "".join(f"<si><t{keep if t != t.strip() else ''}>{t}</t></si>" for t in strings)
    z.put("xl/sharedStrings.xml", f'{DECLARATION}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
          f'main" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
          f"{CT}.spreadsheetml.sharedStrings+xml")
    z.rel("xl/workbook.xml", "rIdSst", "sharedStrings", "xl/sharedStrings.xml")
    book = real("excel_workbook.xml")
    head = book[:book.index("<bookViews>")]
    ours = _body(z.text("xl/workbook.xml"))
    sheets = ours[ours.index("<sheets>"):ours.index("<calcPr")]
    z.parts["xl/workbook.xml"] = (
        head + '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840" '
        f'xr2:uid="{_uid("book")}"/></bookViews>' + sheets + '<calcPr calcId="191029"/><extLst><ext '
        'uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" xmlns:x15="http://schemas.microsoft.com/office/'
        'spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>'
    ).encode("utf-8")
    styles = real("excel_styles.xml")
    style_root = re.search(r"<styleSheet\b[^>]*>", styles).group(0)
    style_ext = styles[styles.index("<extLst>"):styles.index("</styleSheet>")]
    ours = _body(z.text("xl/styles.xml"))
    ours = re.sub(r"<styleSheet\b[^>]*>", style_root, ours, count=1)
    ours = ours.replace("</styleSheet>", style_ext + "</styleSheet>")
    z.parts["xl/styles.xml"] = (DECLARATION + ours).encode("utf-8")
    for table in [n for n in z.parts if re.match(r"xl/tables/table\d+\.xml$", n)]:
        z.parts[table] = _excel_table(z.text(table), table).encode("utf-8")
    for drawing in [n for n in z.parts if re.match(r"xl/drawings/drawing\d+\.xml$", n)]:
        _excel_drawing(z, drawing)
    for name in [n for n in z.parts if n.endswith(".rels")]:
        relative_targets(z, name)
    z.save(path)


def _excel_table(xml: str, name: str) -> str:
    """A table as Excel writes it: its revision namespaces and the uid of the table, its filter and
    each column."""
    xml = _body(xml)
    xml = re.sub(r"<table\b([^>]*?)\s*xmlns=\"([^\"]+)\"", r'<table xmlns="\2"\1', xml, count=1)
    xml = re.sub(r"<table\b", '<table xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                 'mc:Ignorable="xr xr3" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
                 'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"', xml, count=1)
    xml = re.sub(r"(<table\b[^>]*?)\s*(/?>)", lambda m: f'{m.group(1)} xr:uid="{_uid(name)}"{m.group(2)}', xml, count=1)
    xml = re.sub(r"(<autoFilter\b[^>]*?)\s*(/?>)",
                 lambda m: f'{m.group(1)} xr:uid="{_uid(name + "filter")}"{m.group(2)}',
                 xml, count=1)
    xml = re.sub(r'(<tableColumn id="(\d+)")', lambda m: f'{m.group(1)} xr3:uid="{_uid(name + m.group(2))}"', xml)
    return DECLARATION + xml


def _excel_drawing(z: Zip, drawing: str) -> None:
    """A drawing as Excel writes it: the xdr prefix, each shape's creationId, and the style and colour
    parts Excel 2013 and later give each chart it saves."""
    xml = _body(z.text(drawing))
    if 'xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"' in xml:
        xml = re.sub(r'(<\w+) xmlns:a="[^"]*" xmlns:c="[^"]*" xmlns:r="[^"]*" xmlns="[^"]*"(?=[ >/])',
                     lambda m: m.group(1), xml[xml.index(">") + 1:])
        xml = re.sub(r"<(/?)(?!\w+:)(\w+)", r"<\1xdr:\2", xml)
        xml = (f'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
               f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">{xml}')
        xml = xml.replace("<c:chart ", f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
                                        f'xmlns:r="{R}" ')

    def creation(m):
        return (m.group(1) + '><a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId '
                'xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" '
                f'id="{_uid(drawing + m.group(0))}"/></a:ext></a:extLst></xdr:cNvPr>')
    xml = re.sub(r'(<xdr:cNvPr id="\d+" name="[^"]*")\s*/>', creation, xml)
    z.parts[drawing] = (DECLARATION + xml).encode("utf-8")
    for chart in [t for t in z.targets(drawing) if re.search(r"charts/chart\d+\.xml$", t)]:
        style, colors = _free(z, "xl/charts/style1.xml"), _free(z, "xl/charts/colors1.xml")
        z.put(style, real("chart_style1.xml"), "application/vnd.ms-office.chartstyle+xml")
        z.put(colors, real("chart_colors1.xml"), "application/vnd.ms-office.chartcolorstyle+xml")
        z.rel(chart, "rId1", f"{MS_REL}/2011/relationships/chartStyle", style)
        z.rel(chart, "rId2", f"{MS_REL}/2011/relationships/chartColorStyle", colors)


def _excel_sheet(xml: str, strings: dict[str, int], root: str) -> str:
    xml = _body(xml)

    def shared(m):
        attrs, text = m.group(1), m.group(2)
        index = strings.setdefault(text, len(strings))
        return f'<c{attrs} t="s"><v>{index}</v></c>'
    xml = re.sub(r'<c\b([^>]*?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', shared, xml,
                 flags=re.S)

    def spans(m):
        cols = [_col(c) for c in re.findall(r'<c r="([A-Z]+)\d+"', m.group(0))]
        attrs = m.group(1) + (f' spans="{min(cols)}:{max(cols)}"' if cols else "")
        return f"<row{attrs} x14ac:dyDescent=\"0.25\">" + m.group(0)[m.group(0).index(">") + 1:]
    xml = re.sub(r"<row\b([^>]*?)>.*?</row>", spans, xml, flags=re.S)
    xml = re.sub(r"<sheetFormatPr\b([^>]*?)\s*/>", r'<sheetFormatPr\1 x14ac:dyDescent="0.25"/>', xml, count=1)
    return DECLARATION + re.sub(r"<worksheet\b[^>]*>", root, xml, count=1)


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


# -- what a person adds in Excel ------------------------------------------------------------------------

def _before_first(xml: str, tags: tuple[str, ...], text: str) -> str:
    """``text`` inserted before the first top-level child of ``tags`` of the worksheet (else before its end)."""
    data_end = re.search(r"</sheetData>|<sheetData\s*/>", xml)
    for pos, tag in _top_level_positions(xml, data_end.end()):
        if tag in tags:
            return xml[:pos] + text + xml[pos:]
    end = xml.rindex("</worksheet>")
    return xml[:end] + text + xml[end:]


def _top_level_positions(xml: str, start: int) -> list[tuple[int, str]]:
    """(position, local name) of each child element of the worksheet from ``start`` on."""
    out, depth = [], 0
    for m in re.finditer(r"<(/?)([\w:]+)[^>]*?(/?)>", xml[start:]):
        closing, name, empty = m.groups()
        if name == "worksheet" or name.endswith(":worksheet"):
            continue
        if closing:
            depth -= 1
            continue
        if depth == 0:
            out.append((start + m.start(), name.split(":")[-1] if name != "mc:AlternateContent" else name))
        if not empty:
            depth += 1
    return out


_AFTER_CF = ("dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
             "drawing", "legacyDrawing", "tableParts", "extLst")


def _add_ext(xml: str, ext: str) -> str:
    """An ``<ext>`` added to the worksheet's own extLst (made when missing)."""
    m = re.search(r"<extLst>((?:(?!<extLst>).)*)</extLst>\s*</worksheet>", xml, re.S)
    if m:
        at = m.end(1)
        return xml[:at] + ext + xml[at:]
    end = xml.rindex("</worksheet>")
    return xml[:end] + f"<extLst>{ext}</extLst>" + xml[end:]


def add_data_bar(z: Zip, sheet: str, sqref: str) -> str:
    """Excel's data bar (Home > Conditional Formatting > Data Bars): the 2007 rule and its x14 extension,
    as Excel 2010 wrote them, on ``sqref``; returns the rule's id."""
    source = real("databar_sheet.xml")
    cf = re.search(r'<conditionalFormatting sqref="E2:E17">.*?</conditionalFormatting>', source).group(0)
    x14 = re.search(r'<x14:conditionalFormatting [^>]*>(?:(?!</x14:conditionalFormatting>).)*?type="dataBar".*?'
                    r"</x14:conditionalFormatting>", source, re.S).group(0)
    rule_id = re.search(r"<x14:id>([^<]+)</x14:id>", cf).group(1)
    new_id = _uid(f"{sheet}{sqref}databar")
    cf = cf.replace("E2:E17", sqref).replace(rule_id, new_id).replace('priority="19"', 'priority="100"')
    x14 = x14.replace("E2:E17", sqref).replace(rule_id, new_id)
    part = z.sheet(sheet)
    xml = z.text(part)
    ends = [m.end() for m in re.finditer(r"</conditionalFormatting>", xml)]
    xml = xml[:ends[-1]] + cf + xml[ends[-1]:] if ends else _before_first(xml, _AFTER_CF, cf)
    ext = (f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings>'
           f"{x14}</x14:conditionalFormattings></ext>")
    z.parts[part] = _add_ext(xml, ext).encode("utf-8")
    return new_id


def add_sparklines(z: Zip, sheet: str, source: str, cell: str) -> None:
    """Excel's sparkline group (Insert > Sparklines > Line): ``source`` drawn in ``cell``."""
    group = re.search(r"<x14:sparklineGroup\b.*?</x14:sparklineGroup>", real("sparklines_sheet.xml"), re.S).group(0)
    group = re.sub(r"<xm:f>[^<]*</xm:f>", f"<xm:f>{escape(source)}</xm:f>", group)
    group = re.sub(r"<xm:sqref>[^<]*</xm:sqref>", f"<xm:sqref>{cell}</xm:sqref>", group)
    ext = (f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups '
           f'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">{group}</x14:sparklineGroups></ext>')
    part = z.sheet(sheet)
    z.parts[part] = _add_ext(z.text(part), ext).encode("utf-8")


def _sheet_target(z: Zip, part: str, rel_type: str) -> str | None:
    return next((t for t in z.targets(part) if re.search(rel_type, t)), None)


def _vml_of(z: Zip, part: str) -> str:
    return _sheet_target(z, part, r"\.vml$")


def _add_vml_shapes(z: Zip, vml: str, shapes: str) -> None:
    text = z.text(vml)
    if 'xmlns:v="' not in text:
        text = re.sub(r"<xml\b", f"<xml {VML_NS}", text, count=1)
    z.parts[vml] = text.replace("</xml>", shapes + "</xml>").encode("utf-8")


def add_threaded_comment(z: Zip, sheet: str, ref: str, text: str) -> None:
    """A threaded comment (Review > New Comment) on ``ref`` as Excel stores it: the threadedComments part
    and the persons part, and the legacy note Excel writes beside it for older versions (an author
    ``tc={id}``, the note and its VML shape added to the sheet's comments and VML parts)."""
    part = z.sheet(sheet)
    row, col = int(re.search(r"\d+", ref).group(0)), _col(re.match(r"[A-Z]+", ref).group(0))
    comment_id = _uid(f"{sheet}{ref}thread")
    threaded = real("threadedComment1.xml")
    old_id = re.search(r' id="(\{[^"]+\})"', threaded).group(1)
    threaded = threaded.replace('ref="C2"', f'ref="{ref}"').replace(old_id, comment_id)
    threaded = re.sub(r"<text xml:space=\"preserve\">.*?</text>", f'<text xml:space="preserve">{escape(text)}</text>',
                      threaded, flags=re.S)
    name = _free(z, "xl/threadedComments/threadedComment1.xml")
    z.put(name, threaded, "application/vnd.ms-excel.threadedcomments+xml")
    z.rel(part, _free_rid(z, part), f"{MS_REL}/2017/10/relationships/threadedComment", name)
    if "xl/persons/person.xml" not in z.parts:
        z.put("xl/persons/person.xml", real("person.xml"), "application/vnd.ms-excel.person+xml")
        z.rel("xl/workbook.xml", "rIdPersons", f"{MS_REL}/2017/10/relationships/person", "xl/persons/person.xml")
    comments = _sheet_target(z, part, r"comment[^/]*\.xml$")
    note = re.search(r"<comment ref=\"C2\".*?</comment>", real("comments1.xml"), re.S).group(0)
    body = z.text(comments)
    if "xmlns:xr=" not in body:  # Excel's comments root, which declares the xr:uid of a threaded note
        body = re.sub(r"<comments\b[^>]*>", re.search(r"<comments\b[^>]*>", real("comments1.xml")).group(0), body,
                      count=1)
    authors = re.findall(r"<author>", body)
    note = re.sub(r'authorId="\d+"', f'authorId="{len(authors)}"', note.replace('ref="C2"', f'ref="{ref}"'))
    note = note.replace(old_id, comment_id).replace("    testing\n", f"    {escape(text)}\n")
    body = body.replace("</authors>", f"<author>tc={comment_id}</author></authors>", 1)
    z.parts[comments] = body.replace("</commentList>", note + "</commentList>", 1).encode("utf-8")
    shape = re.search(r"<v:shape id=\"_x0000_s1030\".*?</v:shape>", real("comments_vmlDrawing1.vml"), re.S).group(0)
    shape = shape.replace("_x0000_s1030", f"_x0000_s{4000 + row * 50 + col}")
    shape = re.sub(r"<x:Row>\d+</x:Row>", f"<x:Row>{row - 1}</x:Row>", shape)
    shape = re.sub(r"<x:Column>\d+</x:Column>", f"<x:Column>{col - 1}</x:Column>", shape)
    _add_vml_shapes(z, _vml_of(z, part), shape)


def add_form_controls(z: Zip, sheet: str) -> list[str]:
    """Excel's form controls (Developer > Insert > Option Button, Group Box): their control properties,
    the DrawingML and VML shapes and the ``<controls>`` of the sheet; returns the parts added."""
    part = z.sheet(sheet)
    source = real("form_controls_sheet.xml")
    controls = re.search(r"<mc:AlternateContent\b.*</mc:AlternateContent>", source, re.S).group(0)
    added = []
    for n, old in ((1, "rId3"), (2, "rId4"), (3, "rId5")):
        name = _free(z, "xl/ctrlProps/ctrlProp1.xml")
        z.put(name, real(f"ctrlProp{n}.xml"), "application/vnd.ms-excel.controlproperties+xml")
        rid = _free_rid(z, part)
        z.rel(part, rid, "ctrlProp", name)
        controls = controls.replace(f'r:id="{old}"', f'r:id="{rid}"')
        added.append(name)
    drawing = _free(z, "xl/drawings/drawing1.xml")
    z.put(drawing, _shape_ids(real("form_controls_drawing1.xml")), f"{CT}.drawing+xml")
    rid = _free_rid(z, part)
    z.rel(part, rid, "drawing", drawing)
    xml = z.text(part)
    xml = _before_first(xml, ("legacyDrawing", "legacyDrawingHF", "tableParts", "extLst"), f'<drawing r:id="{rid}"/>')
    xml = _before_first(xml, ("tableParts", "extLst"), _shape_ids(controls))
    z.parts[part] = xml.encode("utf-8")
    shapes = re.findall(r"<v:shape\b.*?</v:shape>", real("form_controls_vmlDrawing1.vml"), re.S)
    _add_vml_shapes(z, _vml_of(z, part), _shape_ids("".join(shapes)))
    return [*added, drawing]


def _shape_ids(xml: str, offset: int = 1024) -> str:
    """Shape ids (1025...) moved past the notes' VML shapes, as Excel numbers the shapes of one sheet."""
    xml = re.sub(r"_x0000_s(\d+)", lambda m: f"_x0000_s{int(m.group(1)) + offset}", xml)
    xml = re.sub(r'shapeId="(\d+)"', lambda m: f'shapeId="{int(m.group(1)) + offset}"', xml)
    return re.sub(r'(<xdr:cNvPr id=")(\d{4})"', lambda m: f'{m.group(1)}{int(m.group(2)) + offset}"', xml)


def add_activex(z: Zip, sheet: str) -> None:
    """An ActiveX command button (Developer > Insert > ActiveX Controls) beside the sheet's form controls
    (:func:`add_form_controls` first), as Excel 2007 saves it: the control's part and binary, its picture
    and VML shape and its entry in the sheet's ``<controls>``."""
    part = z.sheet(sheet)
    ocx = _free(z, "xl/activeX/activeX1.xml")
    binary = ocx.replace(".xml", ".bin")
    z.put(ocx, real("activeX1.xml"), "application/vnd.ms-office.activeX+xml")
    z.parts[binary] = (PARTS / "activeX1.bin").read_bytes()
    z.parts[rels_name(ocx)] = real("activeX1.xml.rels").replace(
        'Target="activeX2.bin"', f'Target="{binary.rsplit("/", 1)[1]}"').encode("utf-8")
    image = _free(z, "xl/media/image1.emf")
    z.parts[image] = (PARTS / "activex_image1.emf").read_bytes()
    for ext, content_type in (("bin", "application/vnd.ms-office.activeX"), ("emf", "image/x-emf")):
        if f'Extension="{ext}"' not in z.text("[Content_Types].xml"):
            z.insert("[Content_Types].xml", "</Types>", f'<Default Extension="{ext}" ContentType="{content_type}"/>')
    control_rid = _free_rid(z, part)
    z.rel(part, control_rid, "control", ocx)
    entry = re.search(r'<control shapeId="1028" [^>]*/>', real("activex_sheet.xml")).group(0)
    entry = _shape_ids(entry, 2048).replace('r:id="rId5"', f'r:id="{control_rid}"')
    xml = z.text(part)
    at = xml.rindex("</controls>")
    z.parts[part] = (xml[:at] + entry + xml[at:]).encode("utf-8")
    vml = _vml_of(z, part)
    shape = re.search(r'<v:shape id="CommandButton2".*?</v:shape>', real("activex_vmlDrawing1.vml"), re.S).group(0)
    _add_vml_shapes(z, vml, _shape_ids(shape, 2048).replace('o:relid="rId2"', 'o:relid="rIdActiveXImage"'))
    if "_x0000_t201" not in z.text(vml):
        shapetype = re.search(r"<v:shapetype\b.*?</v:shapetype>", real("activex_vmlDrawing1.vml"), re.S).group(0)
        _add_vml_shapes(z, vml, shapetype)
    z.rel(vml, "rIdActiveXImage", "image", image)


def make_macro_workbook(src: Path, dst: Path) -> bytes:
    """The workbook saved as .xlsm with the VBA project of a real macro workbook; returns the project."""
    z = Zip(src)
    blob = (PARTS / "vbaProject.bin").read_bytes()
    z.parts["[Content_Types].xml"] = z.text("[Content_Types].xml").replace(
        f"{CT}.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode()
    z.put("xl/vbaProject.bin", blob, "application/vnd.ms-office.vbaProject")
    z.rel("xl/workbook.xml", "rIdVba", f"{MS_REL}/2006/relationships/vbaProject", "xl/vbaProject.bin")
    z.save(dst)
    return blob


def _add_sheet(z: Zip, name: str, part: str, rel_type: str) -> None:
    sheet_ids = [int(i) for i in re.findall(r'sheetId="(\d+)"', z.text("xl/workbook.xml"))]
    rid = _free_rid(z, "xl/workbook.xml")
    z.rel("xl/workbook.xml", rid, rel_type, part)
    z.insert("xl/workbook.xml", "</sheets>", f'<sheet name="{name}" sheetId="{max(sheet_ids) + 1}" r:id="{rid}"/>')


def add_chart_sheet(z: Zip, title: str, column: str) -> None:
    """A chart sheet Excel made (Insert > Chart, Move Chart > New sheet), its series over Follow-up."""
    chartsheet = _free(z, "xl/chartsheets/sheet1.xml")
    drawing = _free(z, "xl/drawings/drawing1.xml")
    chart = _free(z, "xl/charts/chart1.xml")
    body = real("chartsheet_chart1.xml")
    body = body.replace("Sheet1!$A$1", "'Follow-up'!$A$1").replace("Sheet1!$B$1:$E$1",
                                                                   f"'Follow-up'!${column}$2:${column}$3")
    body = body.replace("Sheet1!$A$2", "'Follow-up'!$B$1").replace("Sheet1!$B$2:$E$2",
                                                                   f"'Follow-up'!${column}$2:${column}$3")
    z.put(chart, body, f"{CT}.drawingml.chart+xml")
    z.put(drawing, real("chartsheet_drawing1.xml"), f"{CT}.drawing+xml")
    z.rel(drawing, "rId1", "chart", chart)
    z.put(chartsheet, real("chartsheet1.xml").replace(' tabSelected="1"', ""), f"{CT}.spreadsheetml.chartsheet+xml")
    z.rel(chartsheet, "rId1", "drawing", drawing)
    _add_sheet(z, title, chartsheet, "chartsheet")


def add_external_link(z: Zip) -> None:
    """A link to another workbook (a formula ``=[book1.xlsx]Sheet1!A1``) as Excel stores it."""
    z.put("xl/externalLinks/externalLink1.xml", real("externalLink1.xml"), f"{CT}.spreadsheetml.externalLink+xml")
    z.parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (PARTS / "externalLink1.xml.rels").read_bytes()
    z.rel("xl/workbook.xml", "rIdExt1", "externalLink", "xl/externalLinks/externalLink1.xml")
    z.insert("xl/workbook.xml", "<definedNames>", '<externalReferences><externalReference r:id="rIdExt1"/>'
             "</externalReferences>")


def add_custom_xml(z: Zip) -> None:
    """A custom XML data part (Power Query's DataMashup, UTF-16) and custom document properties."""
    z.parts["customXml/item1.xml"] = (PARTS / "customXml_item1.xml").read_bytes()
    z.put("customXml/itemProps1.xml", real("customXml_itemProps1.xml"), f"{CT}.customXmlProperties+xml")
    z.parts["customXml/_rels/item1.xml.rels"] = (PARTS / "customXml_item1.xml.rels").read_bytes()
    z.rel("xl/workbook.xml", "rIdCustomXml", "customXml", "customXml/item1.xml")
    z.put("docProps/custom.xml", real("custom.xml"), f"{CT}.custom-properties+xml")
    z.rel("", "rIdCustomProps", "custom-properties", "docProps/custom.xml")


def add_pivot_table(z: Zip, sheet_title: str, source_ref: str, fields: list[str]) -> list[str]:
    """A pivot table Excel made (Insert > PivotTable) on a sheet of its own, its cache over
    ``'Follow-up'!source_ref`` whose first three columns are ``fields``; returns the parts added."""
    cache = real("pivotCacheDefinition1.xml").replace('ref="A1:C4" sheet="Tabelle1"',
                                                       f'ref="{source_ref}" sheet="Follow-up"')
    for old, new in zip(("Field1", "Field2", "Field3"), fields):
        cache = cache.replace(f'name="{old}"', f'name="{escape(new)}"')
    z.put("xl/pivotCache/pivotCacheDefinition1.xml", cache, f"{CT}.spreadsheetml.pivotCacheDefinition+xml")
    z.put("xl/pivotCache/pivotCacheRecords1.xml", real("pivotCacheRecords1.xml"),
          f"{CT}.spreadsheetml.pivotCacheRecords+xml")
    z.rel("xl/pivotCache/pivotCacheDefinition1.xml", "rId1", "pivotCacheRecords",
          "xl/pivotCache/pivotCacheRecords1.xml")
    z.put("xl/pivotTables/pivotTable1.xml", real("pivotTable1.xml"), f"{CT}.spreadsheetml.pivotTable+xml")
    z.rel("xl/pivotTables/pivotTable1.xml", "rId1", "pivotCacheDefinition", "xl/pivotCache/pivotCacheDefinition1.xml")
    part = _free(z, "xl/worksheets/sheet1.xml")
    z.put(part, DECLARATION + f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          f'xmlns:r="{R}"><dimension ref="A3:D7"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
          '<sheetFormatPr defaultRowHeight="15"/><sheetData/><pageMargins left="0.7" right="0.7" top="0.75" '
          'bottom="0.75" header="0.3" footer="0.3"/></worksheet>', f"{CT}.spreadsheetml.worksheet+xml")
    z.rel(part, "rId1", "pivotTable", "xl/pivotTables/pivotTable1.xml")
    _add_sheet(z, sheet_title, part, "worksheet")
    z.rel("xl/workbook.xml", "rIdPivotCache1", "pivotCacheDefinition", "xl/pivotCache/pivotCacheDefinition1.xml")
    book = z.text("xl/workbook.xml")
    at = book.index("<extLst>") if "<extLst>" in book else book.index("</workbook>")
    z.parts["xl/workbook.xml"] = (book[:at] + '<pivotCaches><pivotCache cacheId="0" r:id="rIdPivotCache1"/>'
                                  "</pivotCaches>" + book[at:]).encode("utf-8")
    return [part, "xl/pivotTables/pivotTable1.xml", "xl/pivotCache/pivotCacheDefinition1.xml"]


def slicer_parts(z: Zip, sheet: str, table_id: int, column: int, caption: str, spot: str) -> tuple[list[str], str, str]:
    """Excel's table slicer on column ``column`` of table ``table_id`` for ``sheet``: the slicer cache on the
    workbook and the slicer part, at free names, linked as Excel links them (written by hand from MS-XLSX).
    Returns the parts added, the slicer's drawing anchor at ``spot`` (``<xdr:from>...<xdr:to>...``) and the
    sheet's slicer list (its ``<ext>``)."""
    cache_name = f"Slicer_{caption}"
    cache = real("slicerCache1.xml").replace('name="Slicer_a"', f'name="{cache_name}"').replace(
        'sourceName="a"', f'sourceName="{caption}"').replace('tableId="1" column="1"',
                                                             f'tableId="{table_id}" column="{column}"')
    cache_part = _free(z, "xl/slicerCaches/slicerCache1.xml")
    z.put(cache_part, cache, "application/vnd.ms-excel.slicerCache+xml")
    rid = _free_rid(z, "xl/workbook.xml")
    z.rel("xl/workbook.xml", rid, f"{MS_REL}/2007/relationships/slicerCache", cache_part)
    z.insert("xl/workbook.xml", "</definedNames>", f'<definedName name="{cache_name}">#N/A</definedName>')
    z.insert("xl/workbook.xml", "</extLst></workbook>",
             '<ext uri="{46BE6895-7355-4a93-B00E-2C351335B9C9}" xmlns:x15="http://schemas.microsoft.com/office/'
             f'spreadsheetml/2010/11/main"><x15:slicerCaches xmlns:x14="{X14}"><x14:slicerCache r:id="{rid}"/>'
             "</x15:slicerCaches></ext>")
    slicer = real("slicer1.xml").replace('name="a"', f'name="{caption}"').replace(
        'cache="Slicer_a" caption="a"', f'cache="{cache_name}" caption="{caption}"')
    slicer_part = _free(z, "xl/slicers/slicer1.xml")
    z.put(slicer_part, slicer, "application/vnd.ms-excel.slicer+xml")
    part = z.sheet(sheet)
    slicer_rid = _free_rid(z, part)
    z.rel(part, slicer_rid, f"{MS_REL}/2007/relationships/slicer", slicer_part)
    frame = re.search(r'<mc:AlternateContent xmlns:mc="[^"]+"><mc:Choice xmlns:sle15=.*?</mc:AlternateContent>',
                      real("slicer_drawing2.xml"), re.S).group(0).replace('name="a"', f'name="{caption}"')
    frame = re.sub(r"(<mc:Choice [^>]*>)(.*?)(</mc:Choice>)",
                   lambda m: f'{m.group(1)}<xdr:twoCellAnchor editAs="oneCell">{spot}{m.group(2)}<xdr:clientData/>'
                             f"</xdr:twoCellAnchor>{m.group(3)}", frame, count=1, flags=re.S)
    frame = re.sub(r"(<mc:Fallback>)(.*?)(</mc:Fallback>)",
                   lambda m: f'{m.group(1)}<xdr:twoCellAnchor editAs="oneCell">{spot}{m.group(2)}<xdr:clientData '
                             f'fLocksWithSheet="0"/></xdr:twoCellAnchor>{m.group(3)}', frame, count=1, flags=re.S)
    ext = ('<ext uri="{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}" xmlns:x15="http://schemas.microsoft.com/office/'
           f'spreadsheetml/2010/11/main"><x14:slicerList xmlns:x14="{X14}"><x14:slicer r:id="{slicer_rid}"/>'
           "</x14:slicerList></ext>")
    return [cache_part, slicer_part], frame, ext


def add_table_slicer(z: Zip, sheet: str, table_id: int, column: int, caption: str) -> None:
    """Excel's table slicer (Table Design > Insert Slicer) on column ``column`` of table ``table_id``,
    drawn on ``sheet``: the slicer cache on the workbook, the slicer part and its drawing anchor (the
    three parts written by hand from MS-XLSX, linked as Excel links them)."""
    spot = ("<xdr:from><xdr:col>14</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>"
            "</xdr:from><xdr:to><xdr:col>17</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>14</xdr:row><xdr:rowOff>0"
            "</xdr:rowOff></xdr:to>")
    _, frame, ext = slicer_parts(z, sheet, table_id, column, caption, spot)
    part = z.sheet(sheet)
    drawing_head = re.search(r"<xdr:wsDr\b[^>]*>", real("slicer_drawing2.xml")).group(0)
    drawing = _free(z, "xl/drawings/drawing1.xml")
    z.put(drawing, DECLARATION + drawing_head + frame + "</xdr:wsDr>", f"{CT}.drawing+xml")
    rid = _free_rid(z, part)
    z.rel(part, rid, "drawing", drawing)
    xml = _before_first(z.text(part), ("legacyDrawing", "legacyDrawingHF", "tableParts", "extLst"),
                        f'<drawing r:id="{rid}"/>')
    z.parts[part] = _add_ext(xml, ext).encode("utf-8")


def add_formulas(z: Zip, cells: list[tuple[str, str, str, float]]) -> None:
    """Formulas typed in Excel, (sheet, cell, formula, value) each, with the calculation chain Excel
    keeps of them (its real part's root, entries for these cells; the chain replaced when there is one)."""
    book = z.text("xl/workbook.xml")
    ids = {name: sheet_id for name, sheet_id in re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', book)}
    for sheet, ref, formula, value in cells:
        part = z.sheet(sheet)
        row = re.search(r"\d+", ref).group(0)
        xml = z.text(part)
        m = re.search(rf'<row r="{row}"[^>]*>.*?(?=</row>)', xml, re.S)
        cell = f'<c r="{ref}"><f>{escape(formula)}</f><v>{value}</v></c>'
        z.parts[part] = (xml[:m.end()] + cell + xml[m.end():]).encode("utf-8")
    chain = real("calcChain.xml")
    level = ' l="1"'  # the first cell starts the chain's first level
    entries = "".join(f'<c r="{ref}" i="{ids[sheet]}"{level if n == 0 else ""}/>'
                      for n, (sheet, ref, _, _) in enumerate(cells))
    chain = re.sub(r"(<calcChain\b[^>]*>).*(</calcChain>)", lambda m: m.group(1) + entries + m.group(2), chain,
                   flags=re.S)
    if "xl/calcChain.xml" in z.parts:
        z.put("xl/calcChain.xml", chain)
        return
    z.put("xl/calcChain.xml", chain, f"{CT}.spreadsheetml.calcChain+xml")
    z.rel("xl/workbook.xml", "rIdCalcChain", "calcChain", "xl/calcChain.xml")
