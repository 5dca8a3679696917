"""More parts Microsoft Excel wrote, grafted into a coachlog workbook the way Excel links them: an Office
add-in, a chart and an option button drawn on the Aggregate sheet beside the tool's own charts, a signed
VBA project, a query table over a database connection, pictures placed in Log cells (rich values), an
Excel 2010 list validation that reads another sheet, and the cell formats Excel renumbers on its first save.

The parts are in tests/fixtures/excel_parts, each named in its README with the public repository and path
it was taken from, or the documentation it was written from where no permissively licensed file Excel made
has it (the slicer's parts, the agile and V3 signatures); :mod:`tests.excel_kit` has the kit this builds on.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter

from tests.excel_kit import (
    DECLARATION,
    MS_REL,
    PARTS,
    _add_ext,
    _add_sheet,
    _add_vml_shapes,
    _before_first,
    _excel_table,
    _free,
    _free_rid,
    _shape_ids,
    _uid,
    _vml_of,
    real,
    slicer_parts,
)
from tests.fidelity_kit import CT, Zip

A16 = "http://schemas.microsoft.com/office/drawing/2014/main"


def drawing_of(z: Zip, sheet: str) -> str:
    return next(t for t in z.targets(z.sheet(sheet)) if re.search(r"drawings/drawing\d+\.xml$", t))


def _anchor(col: int, row: int, to_col: int, to_row: int) -> str:
    return (f"<xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0"
            f"</xdr:rowOff></xdr:from><xdr:to><xdr:col>{to_col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{to_row}"
            "</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>")


def _append_anchor(z: Zip, drawing: str, anchor: str) -> None:
    z.parts[drawing] = z.text(drawing).replace("</xdr:wsDr>", anchor + "</xdr:wsDr>").encode("utf-8")


def add_user_chart(z: Zip, sheet: str, title: str, first: str, second: str, at: tuple[int, int]) -> str:
    """A chart a person drew on ``sheet`` (Insert > Chart, a title typed) in the sheet's drawing, beside
    whatever is there: Excel's chart part, its two series over the ranges ``first`` and ``second`` (each
    a series name cell and a row of values, ``('My notes'!$A$2, 'My notes'!$B$2:$E$2)``), with its style
    and colour parts, anchored as Excel anchors a chart; returns the chart part."""
    drawing = drawing_of(z, sheet)
    chart = _free(z, "xl/charts/chart1.xml")
    body = real("chartsheet_chart1.xml")
    for n, (name, values) in enumerate((first, second), start=1):
        body = body.replace(f"Sheet1!$A${n}", name).replace(f"Sheet1!$B${n}:$E${n}", values)
    body = body.replace("<c:chart><c:plotArea>", '<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>'
                        f'{title}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
                        '<c:autoTitleDeleted val="0"/><c:plotArea>')
    z.put(chart, body, f"{CT}.drawingml.chart+xml")
    style, colors = _free(z, "xl/charts/style1.xml"), _free(z, "xl/charts/colors1.xml")
    z.put(style, real("chart_style1.xml"), "application/vnd.ms-office.chartstyle+xml")
    z.put(colors, real("chart_colors1.xml"), "application/vnd.ms-office.chartcolorstyle+xml")
    z.rel(chart, "rId1", f"{MS_REL}/2011/relationships/chartStyle", style)
    z.rel(chart, "rId2", f"{MS_REL}/2011/relationships/chartColorStyle", colors)
    rid = _free_rid(z, drawing)
    z.rel(drawing, rid, "chart", chart)
    col, row = at
    _append_anchor(z, drawing, (
        f'<xdr:twoCellAnchor>{_anchor(col, row, col + 7, row + 15)}<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        f'<xdr:cNvPr id="{90 + len(z.parts) % 7}" name="Chart 9"><a:extLst><a:ext '
        'uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}">'
        f'<a16:creationId xmlns:a16="{A16}" id="{_uid(chart)}"/></a:ext></a:extLst></xdr:cNvPr><xdr:cNvGraphicFramePr/>'
        '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" '
        'cy="0"/></xdr:xfrm><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'))
    return chart


def add_office_addin(z: Zip, sheet: str, at: tuple[int, int]) -> list[str]:
    """An Office add-in (Insert > Get Add-ins) placed on ``sheet``: Excel's web extension part, its
    snapshot picture and the add-in's anchor (an mc:AlternateContent Excel 2010 reads as the picture);
    returns the parts added."""
    drawing = drawing_of(z, sheet)
    part = _free(z, "xl/webextensions/webextension1.xml")
    z.put(part, real("webextension1.xml"), "application/vnd.ms-office.webextension+xml")
    image = _free(z, "xl/media/image1.png")
    z.parts[image] = (PARTS / "addin_image1.png").read_bytes()
    if 'Extension="png"' not in z.text("[Content_Types].xml"):
        z.insert("[Content_Types].xml", "</Types>", '<Default Extension="png" ContentType="image/png"/>')
    we_rid = _free_rid(z, drawing)
    z.rel(drawing, we_rid, f"{MS_REL}/2011/relationships/webextension", part)
    image_rid = _free_rid(z, drawing)
    z.rel(drawing, image_rid, "image", image)
    anchor = re.search(r"<xdr:twoCellAnchor>.*</xdr:twoCellAnchor>", real("addin_drawing1.xml"), re.S).group(0)
    col, row = at
    anchor = re.sub(r"<xdr:from>.*?</xdr:to>", _anchor(col, row, col + 7, row + 28), anchor, count=1, flags=re.S)
    anchor = anchor.replace('r:id="rId1"', f'r:id="{we_rid}"').replace('r:embed="rId2"', f'r:embed="{image_rid}"')
    _append_anchor(z, drawing, anchor.replace('id="2" name="WebExtension 1"', 'id="80" name="WebExtension 1"'))
    return [part, image]


def add_option_button(z: Zip, sheet: str) -> str:
    """Excel's option button (Developer > Insert > Option Button) drawn on ``sheet`` beside the shapes
    already in its drawing: the control properties, the DrawingML and VML shapes and the sheet's
    ``<controls>``; returns the control properties part."""
    part = z.sheet(sheet)
    name = _free(z, "xl/ctrlProps/ctrlProp1.xml")
    z.put(name, real("ctrlProp1.xml"), "application/vnd.ms-excel.controlproperties+xml")
    rid = _free_rid(z, part)
    z.rel(part, rid, "ctrlProp", name)
    source = real("form_controls_sheet.xml")
    control = re.search(r'<mc:AlternateContent xmlns:mc="[^"]+"><mc:Choice Requires="x14"><control shapeId="1025".*?'
                        r"</mc:AlternateContent>", source, re.S).group(0)
    controls = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                f'<mc:Choice Requires="x14"><controls>{_shape_ids(control, 3072).replace("rId3", rid)}</controls>'
                "</mc:Choice></mc:AlternateContent>")
    xml = z.text(part)
    if "xmlns:xdr=" not in xml[:xml.index(">", xml.index("<worksheet"))]:
        xml = xml.replace("<worksheet ", '<worksheet xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
                          'spreadsheetDrawing" ', 1)
    z.parts[part] = _before_first(xml, ("tableParts", "extLst"), controls).encode("utf-8")
    drawing = drawing_of(z, sheet)
    anchor = re.search(r"<mc:AlternateContent\b.*?</mc:AlternateContent>", real("form_controls_drawing1.xml"),
                       re.S).group(0)
    _append_anchor(z, drawing, _shape_ids(anchor, 3072))
    shape = re.search(r'<v:shape id="_x0000_s1025".*?</v:shape>', real("form_controls_vmlDrawing1.vml"), re.S).group(0)
    vml = _vml_of(z, part)
    _add_vml_shapes(z, vml, _shape_ids(shape, 3072))
    if "_x0000_t201" not in z.text(vml):
        shapetype = re.search(r"<v:shapetype\b.*?</v:shapetype>", real("form_controls_vmlDrawing1.vml"), re.S).group(0)
        _add_vml_shapes(z, vml, shapetype)
    return name


def make_signed_macro_workbook(z: Zip) -> list[str]:
    """The workbook as a .xlsm whose VBA project is signed (a project Excel signed with its signature
    part, and stand-ins for the agile and V3 signature parts newer Excel adds, all three linked from the
    project as Excel links them); returns the parts added."""
    z.parts["[Content_Types].xml"] = z.text("[Content_Types].xml").replace(
        f"{CT}.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode()
    z.put("xl/vbaProject.bin", (PARTS / "signed_vbaProject.bin").read_bytes(), "application/vnd.ms-office.vbaProject")
    z.rel("xl/workbook.xml", "rIdVba", f"{MS_REL}/2006/relationships/vbaProject", "xl/vbaProject.bin")
    added = ["xl/vbaProject.bin"]
    for kind in ("", "Agile", "V3"):
        name = f"xl/vbaProjectSignature{kind}.bin"
        z.put(name, (PARTS / f"vbaProjectSignature{kind}.bin").read_bytes(),
              f"application/vnd.ms-office.vbaProjectSignature{kind}")
        added.append(name)
    z.parts["xl/_rels/vbaProject.bin.rels"] = (PARTS / "vbaProject.bin.rels").read_bytes()
    return added


def add_query_table(z: Zip, title: str) -> list[str]:
    """A sheet of a team's own filled from a database (Data > From Other Sources): the workbook's
    connections, the query table and the table it fills, as Excel wrote them; returns the parts added."""
    sheet_xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
                 'openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F2"/><sheetViews><sheetView '
                 'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData><row r="1">'
                 + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip(
                     "ABCDEF", ("ID1", "Long Name", "Long X", "A very long Y indeed so back off", "Z", "Size Value")))
                 + '</row><row r="2"><c r="A2"><v>0</v></c><c r="B2" t="inlineStr"><is><t>first</t></is></c><c r="C2">'
                 '<v>122</v></c><c r="D2"><v>-200</v></c><c r="E2"><v>120</v></c><c r="F2"><v>55</v></c></row>'
                 '</sheetData><pageMargins left="0.35" right="0.35" top="0.75" bottom="0.75" header="0.25" '
                 'footer="0.25"/>'
                 '<tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>')
    part = _free(z, "xl/worksheets/sheet1.xml")
    z.put(part, DECLARATION + sheet_xml, f"{CT}.spreadsheetml.worksheet+xml")
    ids = [int(i) for n in z.parts if re.match(r"xl/tables/table\d+\.xml$", n)
           for i in re.findall(r'<table\b[^>]*\bid="(\d+)"', z.text(n))]
    table = _free(z, "xl/tables/table1.xml")
    z.put(table, real("querytable_table1.xml").replace('id="2"', f'id="{max(ids, default=0) + 1}"', 1)
          .replace('ref="A1:F7"', 'ref="A1:F2"'), f"{CT}.spreadsheetml.table+xml")
    z.rel(part, "rId1", "table", table)
    query = _free(z, "xl/queryTables/queryTable1.xml")
    z.put(query, real("queryTable1.xml"), f"{CT}.spreadsheetml.queryTable+xml")
    z.rel(table, "rId1", "queryTable", query)
    z.put("xl/connections.xml", real("connections.xml"), f"{CT}.spreadsheetml.connections+xml")
    z.rel("xl/workbook.xml", _free_rid(z, "xl/workbook.xml"), "connections", "xl/connections.xml")
    _add_sheet(z, title, part, "worksheet")
    return [part, table, query, "xl/connections.xml"]


def add_pictures_in_cells(z: Zip, cells: list[tuple[str, str]]) -> list[str]:
    """Pictures placed in cells (Insert > Pictures > Place in Cell, Excel 365): each cell an error value
    with a value-metadata index, the workbook's metadata and rich-value parts and the two pictures, as
    Excel wrote them; ``cells`` are (sheet, cell) pairs, at most two. Returns the parts added."""
    added = []
    for n in (1, 2):
        z.parts[f"xl/media/incell{n}.png"] = (PARTS / f"incell_image{n}.png").read_bytes()
        added.append(f"xl/media/incell{n}.png")
    if 'Extension="png"' not in z.text("[Content_Types].xml"):
        z.insert("[Content_Types].xml", "</Types>", '<Default Extension="png" ContentType="image/png"/>')
    z.put("xl/metadata.xml", real("richdata_metadata.xml"), f"{CT}.spreadsheetml.sheetMetadata+xml")
    z.rel("xl/workbook.xml", "rIdMetadata", "sheetMetadata", "xl/metadata.xml")
    for name, content_type, rel_type in (
            ("richValueRel.xml", "application/vnd.ms-excel.richvaluerel+xml", "2022/10/relationships/richValueRel"),
            ("rdrichvalue.xml", "application/vnd.ms-excel.rdrichvalue+xml", "2017/06/relationships/rdRichValue"),
            ("rdrichvaluestructure.xml", "application/vnd.ms-excel.rdrichvaluestructure+xml",
             "2017/06/relationships/rdRichValueStructure"),
            ("rdRichValueTypes.xml", "application/vnd.ms-excel.rdrichvaluetypes+xml",
             "2017/06/relationships/rdRichValueTypes")):
        z.put(f"xl/richData/{name}", real(name), content_type)
        z.rel("xl/workbook.xml", f"rIdRich{len(added)}", f"{MS_REL}/{rel_type}", f"xl/richData/{name}")
        added.append(f"xl/richData/{name}")
    z.parts["xl/richData/_rels/richValueRel.xml.rels"] = (PARTS / "richValueRel.xml.rels").read_bytes().replace(
        b"../media/image", b"../media/incell")
    for vm, (sheet, ref) in enumerate(cells, start=1):
        put_cell(z, sheet, ref, f'<c r="{ref}" t="e" vm="{vm}"><v>#VALUE!</v></c>')
    return added


def put_cell(z: Zip, sheet: str, ref: str, cell: str) -> None:
    """``cell`` written at ``ref`` of ``sheet`` in place of what is there, its row made when missing."""
    part = z.sheet(sheet)
    xml = z.text(part)
    row = int(re.search(r"\d+", ref).group(0))
    m = re.search(rf'<row r="{row}"[^>]*?(?:/>|>(.*?)</row>)', xml, re.S)
    if m is None:
        after = next((mm for mm in re.finditer(r'<row r="(\d+)"', xml) if int(mm.group(1)) > row), None)
        at = after.start() if after else xml.index("</sheetData>")
        xml = xml[:at] + f'<row r="{row}">{cell}</row>' + xml[at:]
    else:
        body = m.group(1) or ""
        old = re.search(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', body, re.S)
        if old:
            body = body.replace(old.group(0), cell)
        else:
            col = re.match(r"[A-Z]+", ref).group(0)
            later = next((c for c in re.finditer(r'<c r="([A-Z]+)\d+"', body)
                          if (len(c.group(1)), c.group(1)) > (len(col), col)), None)
            body = body[:later.start()] + cell + body[later.start():] if later else body + cell
        head = re.match(r"<row\b[^>]*?(?=/?>)", m.group(0)).group(0)
        xml = xml[:m.start()] + head + ">" + body + "</row>" + xml[m.end():]
    z.parts[part] = xml.encode("utf-8")


def add_list_validation(z: Zip, sheet: str, sqref: str, source: str) -> None:
    """A list validation whose items are on another sheet, as Excel 2010 and later store it: in the
    sheet's x14 extension (the validation of a real workbook, pointed at ``source``)."""
    ext = re.search(r'<ext uri="\{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF\}".*?</ext>', real("x14_validation_sheet.xml"),
                    re.S).group(0)
    ext = ext.replace("Model!#REF!", source).replace("<xm:sqref>B6 J6</xm:sqref>", f"<xm:sqref>{sqref}</xm:sqref>")
    part = z.sheet(sheet)
    z.parts[part] = _add_ext(z.text(part), ext).encode("utf-8")


def renumber_cell_formats(z: Zip) -> dict[int, int]:
    """The cell formats (cellXfs) in another order, every ``s=`` of cells and rows and ``style=`` of columns
    moved with them, as Excel renumbers formats on a first save; returns old -> new."""
    styles = z.text("xl/styles.xml")
    m = re.search(r"(<cellXfs\b[^>]*>)(.*?)(</cellXfs>)", styles, re.S)
    xfs = re.findall(r"<xf\b[^>]*?/>|<xf\b[^>]*?>.*?</xf>", m.group(2), re.S)
    order = [0] + list(range(len(xfs) - 1, 0, -1))  # the default format stays first, the others reversed
    new_of = {old: new for new, old in enumerate(order)}
    z.parts["xl/styles.xml"] = (styles[:m.start(2)] + "".join(xfs[old] for old in order)
                                + styles[m.end(2):]).encode("utf-8")
    for name in [n for n in z.parts if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]:
        xml = z.text(name)
        xml = re.sub(r'(<(?:c|row)\b[^>]*?\ss="|<col\b[^>]*?\sstyle=")(\d+)(")',
                     lambda mm: f"{mm.group(1)}{new_of[int(mm.group(2))]}{mm.group(3)}", xml)
        z.parts[name] = xml.encode("utf-8")
    return new_of


def add_sheet_table(z: Zip, sheet: str, name: str, rows: int) -> int:
    """A table a person made over a sheet's header and ``rows`` rows (Home > Format as Table), as Excel
    writes it (its uids, the sheet's own filter handed to the table); returns the table's id."""
    part = z.sheet(sheet)
    xml = z.text(part)
    heads = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<is>(.*?)</is>", re.search(r'<row r="1".*?</row>', xml,
                                                                                          re.S).group(0))]
    if not heads:
        strings = re.findall(r"<si>(.*?)</si>", z.text("xl/sharedStrings.xml"), re.S)
        cells = re.findall(r'<c r="[A-Z]+1"[^>]*t="s"[^>]*><v>(\d+)</v>', re.search(r'<row r="1".*?</row>', xml,
                                                                                     re.S).group(0))
        heads = [re.sub(r"<[^>]+>", "", strings[int(i)]) for i in cells]
    ids = [int(i) for n in z.parts if re.match(r"xl/tables/[^/]+\.xml$", n)
           for i in re.findall(r'<table\b[^>]*\bid="(\d+)"', z.text(n))]
    table_id = max(ids, default=0) + 1
    ref = f"A1:{get_column_letter(len(heads))}{rows + 1}"
    columns = "".join(f'<tableColumn id="{i + 1}" name="{h}"/>' for i, h in enumerate(heads))
    table = _free(z, "xl/tables/table1.xml")
    z.put(table,
          _excel_table(f'<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="{table_id}" '
                              f'name="{name}" displayName="{name}" ref="{ref}" totalsRowShown="0"><autoFilter '
                              f'ref="{ref}"/><tableColumns '
                              f'count="{len(heads)}">{columns}</tableColumns><tableStyleInfo '
                              'name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" '
                              'showColumnStripes="0"/></table>', table), f"{CT}.spreadsheetml.table+xml")
    rid = _free_rid(z, part)
    z.rel(part, rid, "table", table)
    xml = re.sub(r"<autoFilter\b[^>]*/>|<autoFilter\b.*?</autoFilter>", "", xml, count=1, flags=re.S)
    parts = re.search(r"<tableParts count=\"(\d+)\">", xml)
    if parts:
        xml = xml.replace(parts.group(0), f'<tableParts count="{int(parts.group(1)) + 1}">') \
            .replace("</tableParts>", f'<tablePart r:id="{rid}"/></tableParts>')
    else:
        xml = _before_first(xml, ("extLst",), f'<tableParts count="1"><tablePart r:id="{rid}"/></tableParts>')
    z.parts[part] = xml.encode("utf-8")
    return table_id


def add_slicer_beside(z: Zip, sheet: str, table_id: int, column: int, caption: str) -> list[str]:
    """Excel's table slicer on column ``column`` of table ``table_id``, drawn in ``sheet``'s drawing beside
    the shapes already there (the slicer cache, the slicer, the anchor and the sheet's slicer list);
    returns the parts added."""
    added, frame, ext = slicer_parts(z, sheet, table_id, column, caption, _anchor(20, 6, 23, 19))
    _append_anchor(z, drawing_of(z, sheet), frame)
    part = z.sheet(sheet)
    z.parts[part] = _add_ext(z.text(part), ext).encode("utf-8")
    return added


def excel_columns(z: Zip) -> None:
    """Every sheet's column list as Excel writes it: attributes in Excel's order and columns that look
    alike side by side merged into one ``<col min max>`` range."""
    for name in [n for n in z.parts if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]:
        xml = z.text(name)
        m = re.search(r"<cols>(.*?)</cols>", xml, re.S)
        if m is None:
            continue
        merged: list[dict] = []
        for col in re.findall(r"<col\b[^>]*/>", m.group(1)):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', col))
            lo, hi = int(attrs.pop("min")), int(attrs.pop("max"))
            if merged and merged[-1]["attrs"] == attrs and merged[-1]["max"] == lo - 1:
                merged[-1]["max"] = hi
            else:
                merged.append({"min": lo, "max": hi, "attrs": attrs})
        order = ("width", "style", "hidden", "bestFit", "customWidth", "outlineLevel", "collapsed")
        cols = "".join(f'<col min="{c["min"]}" max="{c["max"]}"' + "".join(
            f' {k}="{c["attrs"][k]}"' for k in sorted(c["attrs"], key=lambda k: (order + (k,)).index(k))) + "/>"
            for c in merged)
        z.parts[name] = (xml[:m.start(1)] + cols + xml[m.end(1):]).encode("utf-8")
