"""Workbooks as people leave them: user charts, a chart sheet, an image and a shape, a form control, a
pivot table over Follow-up, comments, own sheets, defined names, x14 extensions, a VBA project.

openpyxl makes what it can (sheets, comments, names, charts, a chart sheet); the parts it cannot make
are hand-written OOXML patched into the zip, each the smallest form Excel itself writes.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

from coachlog_xl import api, schema

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
RED = "FF0000"
CRIT = "Acknowledges the concern"
# Twelve calls before each session, ten after: rep 1 improves, rep 2 does not.
BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69, 61, 63]
AFTER = {"Ann Lee": [70, 75, 80, 85, 82, 88, 90, 79, 84, 86], "Bo Chan": [60, 55, 62, 58, 61, 57, 60, 59, 63, 56]}
METHODS = {"Ann Lee": "role-play", "Bo Chan": "call review"}


def _type(ws, row: int, sheet: schema.Sheet, values: dict) -> None:
    head = [c.value for c in ws[1]]
    for key, value in values.items():
        ws.cell(row=row, column=head.index(sheet.column(key).header) + 1, value=value)


_BASE: list[bytes] = []  # the bytes of the first base workbook this process made


def base_workbook(path: Path) -> None:
    """A coachlog workbook with two sessions, a user sheet with a comment, a defined name, a chart of
    the user's on Follow-up (red bars) and a chart sheet over Follow-up.  Made once per process (a new
    workbook, an openpyxl load and save: 0.16 s) and written as those bytes after, to each test's own
    path."""
    if not _BASE:
        _make_base_workbook(path)
        _BASE.append(Path(path).read_bytes())
    else:
        Path(path).write_bytes(_BASE[0])


def _make_base_workbook(path: Path) -> None:
    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    _type(wb["Criteria"], 2, schema.CRITERIA, {"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": dt.date(2025, 1, 1), "active": "yes"})
    row = 2
    for n, rep in enumerate(AFTER):
        _type(wb["Reps"], n + 2, schema.REPS, {"rep": rep, "supervisor": "Lee Park"})
        scores = [(dt.datetime(2026, 2, 10 + i, 10), s) for i, s in enumerate(BEFORE)]
        scores += [(dt.datetime(2026, 3, 2 + i, 10), s) for i, s in enumerate(AFTER[rep])]
        for i, (when, score) in enumerate(scores):
            _type(wb["Scores"], row, schema.SCORES, {"call_id": f"{rep[:2]}{i:02d}", "rep": rep, "call_at": when,
                                                     "criterion": CRIT, "score": score, "call_type": "inbound"})
            row += 1
        _type(wb["Log"], n + 2, schema.LOG, {
            "session_id": f"S-{n + 1}", "rep": rep, "supervisor": "Lee Park", "session_date": dt.date(2026, 3, 1),
            "logged_at": dt.datetime(2026, 3, 1, 16), "criterion": CRIT, "method": METHODS[rep],
            "observation": "Went straight to troubleshooting.", "target": "Name the concern first.",
            "summary": "Reviewed a call and practised openings.", "commitment": "Name the concern."})
    notes = wb.create_sheet("My notes")
    notes.append(["Week", "Calls"])
    for week in range(1, 6):
        notes.append([f"W{week}", week * 10])
    notes["A1"].comment = Comment("The team's own notes.", "Lee Park")
    wb.defined_names["MyCalls"] = DefinedName("MyCalls", attr_text="'My notes'!$B$2:$B$6")
    followup = wb["Follow-up"]
    col = schema.FOLLOWUP.keys.index("followup_mean") + 1
    chart = BarChart()
    chart.title = "Follow-up means (the user's chart)"
    chart.add_data(Reference(followup, min_col=col, min_row=1, max_row=3), titles_from_data=True)
    chart.series[0].graphicalProperties.solidFill = RED
    chart.anchor = "B5"
    followup.add_chart(chart)
    sheet_chart = BarChart()
    sheet_chart.add_data(Reference(followup, min_col=col, min_row=1, max_row=3), titles_from_data=True)
    wb.create_chartsheet("Chart of means").add_chart(sheet_chart)
    wb.save(path)


class Zip:
    """A package in memory: parts by name, in their order, to patch and write back."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as zf:
            self.parts = {n: zf.read(n) for n in zf.namelist()}

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, data: str | bytes, content_type: str | None = None) -> None:
        self.parts[name] = data.encode("utf-8") if isinstance(data, str) else data
        if content_type:
            self.insert("[Content_Types].xml", "</Types>",
                        f'<Override PartName="/{name}" ContentType="{content_type}"/>')

    def insert(self, name: str, before: str, text: str) -> None:
        body = self.text(name)
        assert before in body, f"{name} has no {before}"
        self.parts[name] = body.replace(before, text + before, 1).encode("utf-8")

    def rel(self, owner: str, rid: str, rel_type: str, target: str) -> None:
        folder, base = owner.rsplit("/", 1) if "/" in owner else ("", owner)
        name = f"{folder}/_rels/{base}.rels".lstrip("/")
        if name not in self.parts:
            self.parts[name] = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
                b"</Relationships>"
        full = rel_type if "://" in rel_type else f"{R}/{rel_type}"
        self.insert(name, "</Relationships>", f'<Relationship Id="{rid}" Type="{full}" Target="/{target}"/>')

    def targets(self, owner: str) -> list[str]:
        """The part names ``owner``'s relationships point at (relative targets resolved)."""
        folder, base = posixpath.split(owner)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.parts:
            return []
        out = []
        for target in re.findall(r'Target="([^"]+)"', self.text(rels)):
            out.append(target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target)))
        return out

    def sheet(self, title: str) -> str:
        """The worksheet or chartsheet part of a sheet."""
        rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', self.text("xl/workbook.xml"))
        rels = self.text("xl/_rels/workbook.xml.rels")
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels) or \
            re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
        return target.group(1).lstrip("/") if target.group(1).startswith("/") else "xl/" + target.group(1)

    def save(self, path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.parts.items():
                zf.writestr(name, data)


def png(width: int = 4, height: int = 4) -> bytes:
    """A small red PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\xff\0\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


CHART_EXT = ('<extLst><ext uri="{56B9EC1D-385E-4148-901F-78D8002777C0}" '
             'xmlns:c16r3="http://schemas.microsoft.com/office/drawing/2017/03/chart"><c16r3:dataDisplayOptions16>'
             '<c16r3:dispNaAsBlank val="1"/></c16r3:dataDisplayOptions16></ext></extLst>')  # in openpyxl's default ns
X14_EXT = (
    '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD8539E65}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings>'
    '<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:cfRule type="dataBar" id="{3F1B1E4C-0000-4000-8000-000000000001}"><x14:dataBar minLength="0" '
    'maxLength="100"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule>'
    '<xm:sqref>B2:B6</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>'
    '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup displayEmptyCellsAs="gap">'
    '<x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>\'My notes\'!B2:B6</xm:f>'
    '<xm:sqref>C2</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>'
    '</extLst>')
DRAWING = (
    f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{R}">'
    '<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr>'
    '<a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/>'
    '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="1219200" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
    '</xdr:pic><xdr:clientData/></xdr:twoCellAnchor>'
    '<xdr:twoCellAnchor><xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>7</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>10</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Note box"/>'
    '<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom></xdr:spPr>'
    '<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Check in with Bo on Friday</a:t></a:r></a:p></xdr:txBody>'
    '</xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>')
PIVOT_CACHE = (
    f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" r:id="rId1" refreshOnLoad="1" createdVersion="6" '
    'refreshedVersion="6" minRefreshableVersion="3" recordCount="2"><cacheSource type="worksheet">'
    '<worksheetSource ref="A1:B3" sheet="Follow-up"/></cacheSource><cacheFields count="2">'
    '<cacheField name="Session ID" numFmtId="0"><sharedItems count="2"><s v="S-1"/><s v="S-2"/></sharedItems>'
    '</cacheField><cacheField name="Rep" numFmtId="0"><sharedItems/></cacheField></cacheFields>'
    '</pivotCacheDefinition>')
PIVOT_RECORDS = (f'<pivotCacheRecords xmlns="{MAIN}" count="2"><r><x v="0"/><s v="Ann Lee"/></r>'
                 '<r><x v="1"/><s v="Bo Chan"/></r></pivotCacheRecords>')
PIVOT_TABLE = (
    f'<pivotTableDefinition xmlns="{MAIN}" name="SessionsPivot" cacheId="7" applyNumberFormats="0" '
    'applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" '
    'applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" '
    'createdVersion="6" indent="0" outline="1" outlineData="1"><location ref="A3:A6" firstHeaderRow="1" '
    'firstDataRow="1" firstDataCol="0"/><pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items '
    'count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField><pivotField showAll="0"/>'
    '</pivotFields><rowFields count="1"><field x="0"/></rowFields><rowItems count="3"><i><x/></i><i><x v="1"/></i>'
    '<i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems><pivotTableStyleInfo '
    'name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" '
    'showLastColumn="1"/></pivotTableDefinition>')
CTRL_PROP = ('<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
             'objectType="CheckBox" checked="Checked" lockText="1"/>')
USER_ANCHOR = (
    f'<xdr:twoCellAnchor xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{R}"><xdr:from><xdr:col>14</xdr:col>'
    '<xdr:colOff>0</xdr:colOff><xdr:row>30</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>20</xdr:col>'
    '<xdr:colOff>0</xdr:colOff><xdr:row>44</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro="">'
    '<xdr:nvGraphicFramePr><xdr:cNvPr id="90" name="My own Aggregate chart"/><xdr:cNvGraphicFramePr/>'
    '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
    f'<a:graphicData uri="{C}"><c:chart xmlns:c="{C}" r:id="rIdUser"/></a:graphicData></a:graphic>'
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>')

CT = "application/vnd.openxmlformats-officedocument"


def patch_user_parts(path: Path) -> None:
    """Add what openpyxl cannot make: a chart extension on the user's Follow-up chart, x14 data bar and
    sparkline extensions, an image and a shape, a form control, and a pivot table over Follow-up."""
    z = Zip(path)
    followup_rels = z.text(z.sheet("Follow-up").replace("worksheets/", "worksheets/_rels/") + ".rels")
    drawing = re.search(r'Target="/?([^"]*drawing\d+\.xml)"', followup_rels).group(1)
    drawing = drawing if drawing.startswith("xl/") else "xl/" + drawing.lstrip("./")
    chart = re.search(r'Target="/?([^"]*chart\d+\.xml)"', z.text(drawing.replace("drawings/", "drawings/_rels/")
                                                                  + ".rels")).group(1)
    z.insert(chart if chart.startswith("xl/") else "xl/" + chart.lstrip("./"), "</chartSpace>", CHART_EXT)
    notes = z.sheet("My notes")
    z.insert(notes, "</worksheet>", X14_EXT)
    z.put("xl/media/coachlog_test_logo.png", png())
    z.insert("[Content_Types].xml", "</Types>", '<Default Extension="png" ContentType="image/png"/>')
    z.put("xl/drawings/userDrawing1.xml", DRAWING, f"{CT}.drawing+xml")
    z.rel("xl/drawings/userDrawing1.xml", "rId1", "image", "xl/media/coachlog_test_logo.png")
    z.rel(notes, "rIdUserDrawing", "drawing", "xl/drawings/userDrawing1.xml")
    z.insert(notes, "<legacyDrawing", f'<drawing r:id="rIdUserDrawing" xmlns:r="{R}"/>')
    z.put("xl/ctrlProps/ctrlProp1.xml", CTRL_PROP, "application/vnd.ms-excel.controlproperties+xml")
    z.rel(notes, "rIdCtrl1", "ctrlProp", "xl/ctrlProps/ctrlProp1.xml")
    z.put("xl/pivotCache/pivotCacheDefinition1.xml", PIVOT_CACHE, f"{CT}.spreadsheetml.pivotCacheDefinition+xml")
    z.put("xl/pivotCache/pivotCacheRecords1.xml", PIVOT_RECORDS, f"{CT}.spreadsheetml.pivotCacheRecords+xml")
    z.rel("xl/pivotCache/pivotCacheDefinition1.xml", "rId1", "pivotCacheRecords",
          "xl/pivotCache/pivotCacheRecords1.xml")
    z.rel("xl/workbook.xml", "rIdPivotCache", "pivotCacheDefinition", "xl/pivotCache/pivotCacheDefinition1.xml")
    z.insert("xl/workbook.xml", "</workbook>", f'<pivotCaches><pivotCache cacheId="7" r:id="rIdPivotCache" '
                                               f'xmlns:r="{R}"/></pivotCaches>')
    z.put("xl/pivotTables/pivotTable1.xml", PIVOT_TABLE, f"{CT}.spreadsheetml.pivotTable+xml")
    z.rel("xl/pivotTables/pivotTable1.xml", "rId1", "pivotCacheDefinition", "xl/pivotCache/pivotCacheDefinition1.xml")
    z.rel(notes, "rIdPivot", "pivotTable", "xl/pivotTables/pivotTable1.xml")
    z.save(path)


def add_user_chart_to_aggregate(path: Path) -> str:
    """A chart of the user's in the drawing that holds the tool's charts on Aggregate; returns the
    anchor's XML as written."""
    z = Zip(path)
    sheet_rels = z.text(z.sheet("Aggregate").replace("worksheets/", "worksheets/_rels/") + ".rels")
    drawing = re.search(r'Target="/?([^"]*drawings/drawing\d+\.xml)"', sheet_rels).group(1)
    chart = next(n for n in z.parts if n.startswith("xl/charts/chart"))
    body = z.text(chart).replace("Mean delta by", "Own view of the delta by")
    body = body.replace("</chartSpace>", CHART_EXT + "</chartSpace>")
    z.put("xl/charts/userChart1.xml", body, f"{CT}.drawingml.chart+xml")
    z.rel(drawing, "rIdUser", "chart", "xl/charts/userChart1.xml")
    root_end = re.search(r"</(\w+:)?wsDr>", z.text(drawing)).group(0)
    z.insert(drawing, root_end, USER_ANCHOR)
    z.save(path)
    return USER_ANCHOR


def make_xlsm(src: Path, dst: Path) -> bytes:
    """The workbook as a macro-enabled .xlsm with a VBA project blob; returns the blob."""
    z = Zip(src)
    blob = bytes(range(256)) * 16 + b"coachlog fidelity test VBA project"
    main_ct = f"{CT}.spreadsheetml.sheet.main+xml"
    z.parts["[Content_Types].xml"] = z.text("[Content_Types].xml").replace(
        main_ct, "application/vnd.ms-excel.sheet.macroEnabled.main+xml").encode()
    z.put("xl/vbaProject.bin", blob, "application/vnd.ms-office.vbaProject")
    z.rel("xl/workbook.xml", "rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
          "xl/vbaProject.bin")
    z.save(dst)
    return blob


def type_setting(path: Path, key: str, old: int, new: int) -> None:
    """Change a number on the Settings sheet as a person would, touching only that cell's value."""
    z = Zip(path)
    part = z.sheet("Settings")
    row = [s.key for s in schema.SETTINGS_ITEMS].index(key) + 2
    body, n = re.subn(rf'(<c r="B{row}"[^>]*><v>){old}(</v>)', rf"\g<1>{new}\g<2>", z.text(part))
    assert n == 1
    z.parts[part] = body.encode("utf-8")
    z.save(path)


def refreshed_then_lowered(path: Path, as_of: dt.date) -> Path:
    """The user's workbook (:func:`base_workbook` with :func:`patch_user_parts`) after a refresh as of
    ``as_of``, with the threshold lowered from 80 to 60 since (the next refresh writes new results into
    the parts it owns)."""
    base_workbook(path)
    patch_user_parts(path)
    api.refresh_file(path, as_of=as_of, backup=False)
    type_setting(path, "threshold", 80, 60)
    return path

