"""A coachlog workbook as a team leaves it after a month in Excel, and one saved by a tool that writes
neither shared strings nor a styles part nor document properties.

:func:`month_book`: openpyxl makes what it can (the Log's columns rearranged as a person inserts and
moves them, with headers renamed in their case, its table over them with a filter, rows grouped and
hidden, notes, links, a conditional format, validations, protection with passwords, a very hidden
sheet, a sheet named with apostrophes and accents holding a chart over Aggregate, names local to a
sheet), then the workbook is saved as Excel saves it (:func:`tests.excel_kit.excel_save`) and Excel's
own parts are written into it: x14 data validations and conditional formats on the Log's tool
columns, a threaded comment on a tool cell, a slicer on the Log's table, a pivot table with a timeline,
chartEx charts (on that sheet and on Aggregate beside the tool's), a Power Query connection with its
query table, an external link.  :func:`plain_book`: the same team's file with every string inline
(``t="inlineStr"``), no ``s`` attributes and no styles, shared strings or docProps parts.
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import FilterColumn, Filters
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.views import Pane

from coachlog_xl import api, schema
from tests import excel_kit as xk
from tests import fidelity_kit as kit

FIRST = dt.date(2026, 6, 1)
ODD_NAME = "Lee's 'notes' – Ünïcødé ✓"
RENAMED = {"Baseline mean": "Baseline Mean", "Baseline n": "baseline n", "Coaching method": "Coaching Method"}
XM = "http://schemas.microsoft.com/office/excel/2006/main"
X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
MS_REL = "http://schemas.microsoft.com/office"
CHARTEX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
NEW_SESSIONS = [("S-3", "Ann Lee"), ("S-4", "Bo Chan")]  # on 2026-03-12, Log rows 4 and 5


def _base(path: Path) -> None:
    """Two sessions refreshed on FIRST (their baselines recorded), two more typed since."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    wb = load_workbook(path)
    ws = wb["Log"]
    head = [c.value for c in ws[1]]
    for row, (sid, rep) in enumerate(NEW_SESSIONS, start=4):
        for key, value in {"session_id": sid, "rep": rep, "supervisor": "Lee Park",
                           "session_date": dt.date(2026, 3, 12),
                           "criterion": kit.CRIT, "method": "role-play"}.items():
            ws.cell(row=row, column=head.index(schema.LOG.column(key).header) + 1, value=value)
    wb.save(path)


def log_order() -> list[str]:
    """The Log's headers (before renaming) once a person inserted two columns and moved Baseline n last."""
    order = [c.header for c in schema.LOG.columns]
    order.insert(order.index("Session date") + 1, "Coach rating")
    order.remove("Baseline n")
    order.insert(order.index("Baseline mean") + 1, "My note")
    return [*order, "Baseline n"]


def _rearranged_log(wb) -> dict[str, int]:
    ws = wb["Log"]
    head = [c.value for c in ws[1]]
    order = log_order()
    at = {h: i + 1 for i, h in enumerate(order)}
    cells = {(c.row, head[c.column - 1]): (c.value, copy(c._style)) for row in ws.iter_rows() for c in row}
    dims = {h: (ws.column_dimensions[get_column_letter(i + 1)].width,
                copy(ws.column_dimensions[get_column_letter(i + 1)]._style))
            for i, h in enumerate(head)}  # (a column's width and style move with it, as in Excel)
    last = ws.max_row
    for row in ws.iter_rows():
        for c in row:
            c.value = None
    for (row, header), (value, style) in cells.items():
        c = ws.cell(row=row, column=at[header])
        c.value, c._style = (RENAMED.get(value, value) if row == 1 else value), style
    for header, i in at.items():
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width, dim._style = dims.get(header, (12, copy(ws.column_dimensions["A"]._style)))
    for header in ("Coach rating", "My note"):
        ws.cell(row=1, column=at[header], value=header)._style = copy(ws.cell(row=1, column=1)._style)
    ws.cell(row=2, column=at["Coach rating"], value=4).number_format = "General"
    ws.cell(row=2, column=at["My note"], value="typed by me")
    table = ws.tables["Log"]
    table.ref = table.autoFilter.ref = f"A1:{get_column_letter(len(order))}{last}"
    table.tableColumns = [TableColumn(id=i + 1, name=RENAMED.get(h, h)) for i, h in enumerate(order)]
    table.autoFilter.filterColumn = [FilterColumn(colId=at["Rep"] - 1, filters=Filters(filter=["Ann Lee"]))]
    letters = {get_column_letter(i + 1): h for i, h in enumerate(head)}
    for dv in ws.data_validations.dataValidation:
        letter = at[letters[re.match(r"[A-Z]+", str(dv.sqref)).group(0)]]
        dv.sqref = f"{get_column_letter(letter)}2:{get_column_letter(letter)}1048576"
    return at


def _month_in_openpyxl(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb["Log"]
    at = _rearranged_log(wb)
    mean, rating = get_column_letter(at["Baseline mean"]), get_column_letter(at["Coach rating"])
    ws.conditional_formatting.add(f"{mean}2:{mean}200", CellIsRule(
        operator="lessThan", formula=["65"], fill=PatternFill("solid", bgColor="FFC7CE"), font=Font(color="9C0006")))
    ws.add_data_validation(DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                                          sqref=f"{rating}2:{rating}500"))
    for row in (4, 5):
        ws.row_dimensions[row].outlineLevel = 1
    ws.row_dimensions[5].hidden = ws.row_dimensions[3].hidden = True  # grouped, and Bo's rows filtered out
    ws.cell(row=2, column=at["Baseline mean"]).comment = Comment("Checked by hand", "Lee Park")
    ws.cell(row=4, column=at["Baseline n"]).comment = Comment("Fill me", "Lee Park")
    ws.cell(row=2, column=at["Evidence call ID or link"], value="call 77").hyperlink = "https://calls.example.test/77"
    ws.freeze_panes = "C2"
    ws.protection = SheetProtection(sheet=True, password="coach", formatCells=False, autoFilter=False, sort=False)
    wb["Follow-up"].protection = SheetProtection(sheet=True, password="coach")
    wb.security = WorkbookProtection(workbookPassword="book", lockStructure=True)
    secret = wb.create_sheet("Secret")
    secret["A1"], secret.sheet_state = "hidden", "veryHidden"
    odd = wb.create_sheet(ODD_NAME)
    odd["A1"], odd["B2"] = "Ünïcødé", "=Aggregate!B2"
    chart = BarChart()
    chart.title = "Aggregate by me"
    chart.add_data(Reference(wb["Aggregate"], min_col=3, min_row=1, max_row=4), titles_from_data=True)
    chart.anchor = "D4"
    odd.add_chart(chart)
    odd.sheet_view.pane = Pane(xSplit=2000, ySplit=1500, topLeftCell="C5", activePane="bottomRight", state="split")
    wb["Follow-up"].defined_names["LocalMeans"] = DefinedName("LocalMeans", attr_text="'Follow-up'!$L$2:$L$20")
    odd.defined_names["Mine"] = DefinedName("Mine", attr_text="'Lee''s ''notes'' – Ünïcødé ✓'!$A$1")
    wb.defined_names["OnAgg"] = DefinedName("OnAgg", attr_text="Aggregate!$A$1:$C$9")
    wb.save(path)


def _excel_parts_on_the_log(z: kit.Zip) -> None:
    log = z.sheet("Log")
    head = {h: get_column_letter(i + 1) for i, h in enumerate(log_order())}
    xk.add_threaded_comment(z, "Log", f"{head['Baseline recorded on']}4", "Recorded late?")
    crit, count = head["Targeted criterion"], head["Baseline n"]
    validation = (
        f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{xk.X14}"><x14:dataValidations count="1" '
        f'xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
        f'xr:uid="{{0A1B2C3D-0000-4000-8000-000000000001}}"><x14:formula1><xm:f>Criteria!$B$2:$B$50</xm:f>'
        f"</x14:formula1><xm:sqref>{crit}2:{crit}500</xm:sqref></x14:dataValidation></x14:dataValidations></ext>")
    conditional = (
        f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{xk.X14}"><x14:conditionalFormattings>'
        f'<x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="cellIs" priority="9" operator="greaterThan" '
        f'id="{{0A1B2C3D-0000-4000-8000-000000000002}}"><xm:f>Settings!$B$4</xm:f><x14:dxf><font><color '
        f'rgb="FF006100"/></font><fill><patternFill><bgColor rgb="FFC6EFCE"/></patternFill></fill></x14:dxf>'
        f"</x14:cfRule><xm:sqref>{count}2:{count}500</xm:sqref></x14:conditionalFormatting>"
        f"</x14:conditionalFormattings></ext>")
    xml = xk._add_ext(xk._add_ext(z.text(log), conditional), validation)
    link = f'<hyperlink ref="{head["Baseline mean"]}4" location="\'Follow-up\'!A1" display="S-3 on Follow-up"/>'
    # on a cell the refresh fills
    z.parts[log] = xml.replace("</hyperlinks>", link + "</hyperlinks>", 1).encode("utf-8")
    table = next(t for t in z.targets(log) if "/tables/" in t)
    xk.add_table_slicer(z, "Log", int(re.search(r'<table [^>]*\bid="(\d+)"', z.text(table)).group(1)), 2, "Rep")


def _timeline(z: kit.Zip) -> None:
    """A timeline (Insert > Timeline) on the pivot table's sheet: its cache, its part, the references."""
    cache = (xk.DECLARATION + f'<timelineCacheDefinition xmlns="{X15}" name="NativeTimeline_Session_date" '
             'sourceName="Session date"><pivotTables><pivotTable tabId="15" name="PivotTable1"/></pivotTables>'
             '<state minimalRefreshVersion="6" lastRefreshVersion="6" pivotCacheId="1" filterType="unknown">'
             '<selection startDate="2026-01-01T00:00:00" endDate="2026-12-31T00:00:00"/><bounds '
             'startDate="2026-01-01T00:00:00" endDate="2027-01-01T00:00:00"/></state></timelineCacheDefinition>')
    z.put("xl/timelineCaches/timelineCache1.xml", cache, "application/vnd.ms-excel.timelineCache+xml")
    z.rel("xl/workbook.xml", "rIdTl1", f"{MS_REL}/2011/relationships/timelineCache",
          "xl/timelineCaches/timelineCache1.xml")
    z.insert("xl/workbook.xml", "</extLst></workbook>", f'<ext uri="{{D0CA8CA8-9F24-4464-BF8E-62219DCF47F9}}" '
             f'xmlns:x15="{X15}"><x15:timelineCacheRefs><x15:timelineCacheRef '
             'r:id="rIdTl1"/></x15:timelineCacheRefs></ext>')
    z.insert("xl/workbook.xml", "</definedNames>", '<definedName name="NativeTimeline_Session_date">#N/A</definedName>')
    z.put("xl/timelines/timeline1.xml", xk.DECLARATION + f'<timelines xmlns="{X15}"><timeline name="Session date" '
          'cache="NativeTimeline_Session_date" caption="Session date" level="2" selectionLevel="2" '
          'scrollPosition="2026-01-01T00:00:00"/></timelines>', "application/vnd.ms-excel.timeline+xml")
    pivot = z.sheet("Pivot")
    z.rel(pivot, "rIdTl", f"{MS_REL}/2011/relationships/timeline", "xl/timelines/timeline1.xml")
    z.parts[pivot] = xk._add_ext(z.text(pivot), f'<ext uri="{{7E03D99C-DC04-49d9-9315-930204A7B6E9}}" '
                                 f'xmlns:x15="{X15}"><x15:timelines><x15:timeline r:id="rIdTl"/></x15:timelines>'
                                 "</ext>").encode("utf-8")


def _chartex_anchor(rid: str, row: int) -> str:
    """A chartEx frame as Excel writes it: the whole anchor in mc:AlternateContent, a text box for older
    versions as its fallback."""
    spot = (f"<xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0"
            f"</xdr:rowOff></xdr:from><xdr:to><xdr:col>18</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row + 12}"
            "</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>")
    return (f'<mc:AlternateContent xmlns:mc="{xk.MC}"><mc:Choice xmlns:cx1="{MS_REL}/drawing/2015/9/8/chartex" '
            f'Requires="cx1"><xdr:twoCellAnchor>{spot}<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr '
            f'id="77" name="Chart 77"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic xmlns:a="{kit.A}"><a:graphicData uri="{CHARTEX}"><cx:chart '
            f'xmlns:cx="{CHARTEX}" xmlns:r="{kit.R}" r:id="{rid}"/></a:graphicData></a:graphic></xdr:graphicFrame>'
            f'<xdr:clientData/></xdr:twoCellAnchor></mc:Choice><mc:Fallback><xdr:twoCellAnchor>{spot}<xdr:sp '
            f'macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="0" name=""/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>'
            f'<a:xfrm xmlns:a="{kit.A}"><a:off x="0" y="0"/><a:ext cx="4572000" cy="2743200"/></a:xfrm></xdr:spPr>'
            "</xdr:sp><xdr:clientData/></xdr:twoCellAnchor></mc:Fallback></mc:AlternateContent>")


def _chartex(z: kit.Zip) -> None:
    """A histogram over Aggregate (a chartEx part) on the odd-named sheet and on Aggregate beside the tool's."""
    for n, sheet in enumerate([ODD_NAME, "Aggregate"], start=1):
        data = (xk.DECLARATION + f'<cx:chartSpace xmlns:a="{kit.A}" xmlns:r="{kit.R}" xmlns:cx="{CHARTEX}">'
                '<cx:chartData><cx:data id="0"><cx:numDim type="val"><cx:f>Aggregate!$C$2:$C$4</cx:f><cx:lvl '
                'ptCount="1"><cx:pt idx="0">1</cx:pt></cx:lvl></cx:numDim></cx:data></cx:chartData><cx:chart>'
                f'<cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:txData><cx:v>Histogram {n}</cx:v></cx:txData>'
                '</cx:tx></cx:title><cx:plotArea><cx:plotAreaRegion><cx:series layoutId="clusteredColumn" '
                'uniqueId="{0A1B2C3D-0000-4000-8000-000000000004}"><cx:dataId val="0"/><cx:layoutPr><cx:binning '
                'intervalClosed="r"/></cx:layoutPr></cx:series></cx:plotAreaRegion><cx:axis id="0"><cx:catScaling '
                'gapWidth="0"/></cx:axis><cx:axis id="1"><cx:valScaling/></cx:axis></cx:plotArea></cx:chart>'
                "</cx:chartSpace>")
        z.put(f"xl/charts/chartEx{n}.xml", data, "application/vnd.ms-office.chartex+xml")
        drawing = next(t for t in z.targets(z.sheet(sheet)) if re.search(r"drawings/drawing\d+\.xml$", t))
        z.rel(drawing, f"rIdCx{n}", f"{MS_REL}/2014/relationships/chartEx", f"xl/charts/chartEx{n}.xml")
        z.parts[drawing] = z.text(drawing).replace("</xdr:wsDr>",
                                                   _chartex_anchor(f"rIdCx{n}", 30) + "</xdr:wsDr>").encode()


def _query(z: kit.Zip) -> None:
    """A Power Query connection loading a table on a sheet of its own (Data > Get Data)."""
    z.put("xl/connections.xml", xk.DECLARATION + f'<connections xmlns="{kit.MAIN}"><connection id="1" keepAlive="1" '
          'name="Query - export" type="5" refreshedVersion="8" background="1" saveData="1"><dbPr '
          'connection="Provider=Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;Location=export;" '
          'command="SELECT * FROM [export]"/></connection></connections>', f"{kit.CT}.spreadsheetml.connections+xml")
    z.rel("xl/workbook.xml", "rIdConn", "connections", "xl/connections.xml")
    sheet, table = xk._free(z, "xl/worksheets/sheet1.xml"), xk._free(z, "xl/tables/table1.xml")
    z.put(sheet, xk.DECLARATION + f'<worksheet xmlns="{kit.MAIN}" xmlns:r="{kit.R}"><sheetData><row r="1"><c r="A1" '
          't="inlineStr"><is><t>call</t></is></c><c r="B1" t="inlineStr"><is><t>score</t></is></c></row><row r="2">'
          '<c r="A2" t="inlineStr"><is><t>x1</t></is></c><c r="B2"><v>88</v></c></row></sheetData><tableParts '
          'count="1"><tablePart r:id="rIdQt"/></tableParts></worksheet>', f"{kit.CT}.spreadsheetml.worksheet+xml")
    z.put(table, xk.DECLARATION + f'<table xmlns="{kit.MAIN}" id="77" name="export" displayName="export" ref="A1:B2" '
          'tableType="queryTable" totalsRowShown="0"><autoFilter ref="A1:B2"/><tableColumns count="2"><tableColumn '
          'id="1" uniqueName="1" name="call" queryTableFieldId="1"/><tableColumn id="2" uniqueName="2" name="score" '
          'queryTableFieldId="2"/></tableColumns></table>', f"{kit.CT}.spreadsheetml.table+xml")
    z.rel(sheet, "rIdQt", "table", table)
    z.put("xl/queryTables/queryTable1.xml", xk.DECLARATION + f'<queryTable xmlns="{kit.MAIN}" name="ExternalData_1" '
          'connectionId="1" autoFormatId="16" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
          'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="0"><queryTableRefresh '
          'nextId="3"><queryTableFields count="2"><queryTableField id="1" name="call" tableColumnId="1"/>'
          '<queryTableField id="2" name="score" tableColumnId="2"/></queryTableFields></queryTableRefresh>'
          "</queryTable>", f"{kit.CT}.spreadsheetml.queryTable+xml")
    z.rel(table, "rId1", "queryTable", "xl/queryTables/queryTable1.xml")
    xk._add_sheet(z, "Query", sheet, "worksheet")
    count = len(re.findall(r"<sheet ", z.text("xl/workbook.xml")))
    z.insert("xl/workbook.xml", "</definedNames>", f'<definedName name="ExternalData_1" localSheetId="{count - 1}" '
             'hidden="1">Query!$A$1:$B$2</definedName>')


def month_book(path: Path) -> None:
    """The team's workbook a month on (see the module's docstring); S-3 and S-4 have no baseline yet."""
    _base(path)
    _month_in_openpyxl(path)
    xk.excel_save(path)
    z = kit.Zip(path)
    book = z.text("xl/workbook.xml")  # (openpyxl counts a name's sheet among the worksheets only)
    odd = re.findall(r'<sheet [^>]*?name="([^"]+)"', book).index(ODD_NAME)
    z.parts["xl/workbook.xml"] = re.sub(r'(<definedName name="Mine" localSheetId=")\d+', rf"\g<1>{odd}", book).encode()
    _excel_parts_on_the_log(z)
    xk.add_pivot_table(z, "Pivot", "A1:C3", ["Session ID", "Rep", "Supervisor"])
    _timeline(z)
    _chartex(z)
    _query(z)
    xk.add_external_link(z)
    for name in [n for n in z.parts if n.endswith(".rels")]:
        xk.relative_targets(z, name)
    z.save(path)


def plain_book(path: Path, empty_styles: bool = False) -> None:
    """The team's workbook (S-3 without a baseline) as a tool writing no styles, shared strings or
    document properties saves it: strings inline, no cell or column styles; with ``empty_styles``, a
    styles part that is only ``<styleSheet/>`` (which the schema allows)."""
    _base(path)
    z = kit.Zip(path)
    strings = re.findall(r"<si>(.*?)</si>", z.text("xl/sharedStrings.xml"), re.S) if "xl/sharedStrings.xml" in z.parts \
        else []
    for name in [n for n in z.parts if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]:
        xml = re.sub(r'<c([^>]*?) t="s"([^>]*)><v>(\d+)</v></c>',
                     lambda m: f'<c{m.group(1)} t="inlineStr"{m.group(2)}><is>{strings[int(m.group(3))]}</is></c>',
                     z.text(name))
        xml = re.sub(r"<conditionalFormatting\b.*?</conditionalFormatting>", "",
                     re.sub(r'\s(?:s|style)="\d+"', "", xml),
                     flags=re.S)
        z.parts[name] = xml.encode("utf-8")
    gone = ["xl/sharedStrings.xml", "xl/styles.xml", "docProps/app.xml", "docProps/core.xml"]
    for name in gone:
        z.parts.pop(name, None)
    types = z.text("[Content_Types].xml")
    z.parts["[Content_Types].xml"] = re.sub(r'<Override PartName="/(?:xl/sharedStrings|xl/styles|docProps/\w+)\.xml"'
                                            r"[^>]*/>", "", types).encode("utf-8")
    for rels in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):
        z.parts[rels] = re.sub(r'<Relationship [^>]*Target="[^"]*(?:sharedStrings|styles|docProps/\w+)\.xml"[^>]*/>',
                               "",
                               z.text(rels)).encode("utf-8")
    if empty_styles:
        z.put("xl/styles.xml", f'<styleSheet xmlns="{kit.MAIN}"/>', f"{kit.CT}.spreadsheetml.styles+xml")
        z.rel("xl/workbook.xml", "rIdStyles", "styles", "xl/styles.xml")
    z.save(path)
