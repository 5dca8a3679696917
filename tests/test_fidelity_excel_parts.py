"""Parts of a computed sheet's package a person adds in Excel and no other fidelity test holds: the sheet's
VBA code name and tab colour, printer settings, a background picture and a page break on Follow-up, a
table over Follow-up's rows read by name by a pivot cache, a dynamic-array formula (xl/metadata.xml) on a
sheet whose name needs escaping. A refresh keeps each of them, grows the table with the rows, and copies
every part it does not own as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from xml.sax.saxutils import escape

from fidelity_kit import CT, Zip, base_workbook
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from coachlog_xl.workbook.stylesxml import Styles

AS_OF = dt.date(2026, 6, 1)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ODD_NAME = "Dana's Q&A <view>"
METADATA = ('<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1">'
            '<metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" '
            'splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/>'
            '</metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-'
            '3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" '
            'fCollapsed="0"/></ext></extLst></bk></futureMetadata>'
            '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>')
PIVOT_CACHE = ('<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'refreshOnLoad="1" recordCount="0"><cacheSource type="worksheet"><worksheetSource name="FollowTable"/>'
               '</cacheSource><cacheFields count="1"><cacheField name="Session ID" numFmtId="0"><sharedItems/>'
               '</cacheField></cacheFields></pivotCacheDefinition>')


def _user_book(path):
    """The fixture workbook with a third session typed, a sheet named :data:`ODD_NAME`, then the parts
    openpyxl cannot write patched in; the table over Follow-up was made while the sheet had no rows."""
    base_workbook(path)
    wb = load_workbook(path)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"session_id": "S-3", "rep": "Ann Lee", "supervisor": "Lee Park",
                       "session_date": dt.date(2026, 3, 5), "criterion": log.cell(2, head.index(
                           schema.LOG.column("criterion").header) + 1).value, "method": "role-play"}.items():
        log.cell(4, head.index(schema.LOG.column(key).header) + 1, value)
    odd = wb.create_sheet(ODD_NAME)
    odd["A1"] = "complete"
    wb.save(path)
    z = Zip(path)
    followup = z.sheet("Follow-up")
    body = z.text(followup)
    body = re.sub(r"<sheetPr\b[^>]*/>|<sheetPr\b[^>]*>.*?</sheetPr>|(?=<dimension)",
                  '<sheetPr codeName="Sheet7"><tabColor rgb="FFFF0000"/></sheetPr>', body, count=1, flags=re.S)
    body = re.sub(r"<autoFilter\b[^>]*/>|<autoFilter\b.*?</autoFilter>", "", body, count=1, flags=re.S)
    body = re.sub(r"(<pageSetup\b[^>]*?)\s*(/>)", rf'\1 xmlns:r="{REL}" r:id="rIdUserPrinter"\2', body, count=1)
    assert "rIdUserPrinter" in body and "<legacyDrawing " in body
    body = body.replace("<legacyDrawing ",
                        '<rowBreaks count="1" manualBreakCount="1"><brk id="20" max="16383" man="1"/>'
                        "</rowBreaks><legacyDrawing ", 1)
    z.parts[followup] = body.encode("utf-8")
    tail = next(t for t in ("<legacyDrawing ", "<tableParts", "</worksheet>") if t in z.text(followup))
    z.insert(followup, tail, f'<picture r:id="rIdUserPicture" xmlns:r="{REL}"/>')
    tail = "<extLst>" if "<extLst>" in z.text(followup) else "</worksheet>"
    z.insert(followup, tail, f'<tableParts count="1"><tablePart r:id="rIdUserTable" xmlns:r="{REL}"/></tableParts>')
    z.put("xl/printerSettings/printerSettings9.bin", bytes(range(256)) * 4,
          "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings")
    z.rel(followup, "rIdUserPrinter", "printerSettings", "xl/printerSettings/printerSettings9.bin")
    z.put("xl/media/user_background.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    if 'Extension="png"' not in z.text("[Content_Types].xml"):
        z.insert("[Content_Types].xml", "</Types>", '<Default Extension="png" ContentType="image/png"/>')
    z.rel(followup, "rIdUserPicture", "image", "xl/media/user_background.png")
    heads = [h for h in schema.FOLLOWUP.headers]
    last = get_column_letter(len(heads))
    columns = "".join(f'<tableColumn id="{i + 1}" name="{escape(h)}"/>' for i, h in enumerate(heads))
    z.put("xl/tables/userTable.xml", f'<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          f'id="90" name="FollowTable" displayName="FollowTable" ref="A1:{last}2" totalsRowShown="0">'
          f'<autoFilter ref="A1:{last}2"/><tableColumns count="{len(heads)}">{columns}</tableColumns></table>',
          f"{CT}.spreadsheetml.table+xml")
    z.rel(followup, "rIdUserTable", "table", "xl/tables/userTable.xml")
    z.put("xl/pivotCache/userCache.xml", PIVOT_CACHE, f"{CT}.spreadsheetml.pivotCacheDefinition+xml")
    z.rel("xl/workbook.xml", "rIdUserCache", "pivotCacheDefinition", "xl/pivotCache/userCache.xml")
    z.insert("xl/workbook.xml", "</workbook>",
             f'<pivotCaches><pivotCache cacheId="9" r:id="rIdUserCache" xmlns:r="{REL}"/></pivotCaches>')
    z.put("xl/metadata.xml", METADATA, f"{CT}.spreadsheetml.sheetMetadata+xml")
    z.rel("xl/workbook.xml", "rIdUserMeta", "sheetMetadata", "xl/metadata.xml")
    odd_part = z.sheet(re.search(r'<sheet [^>]*name="(Dana[^"]*)"', z.text("xl/workbook.xml")).group(1))
    z.parts[odd_part] = z.text(odd_part).replace(
        "</row>", '<c r="B1" cm="1"><f t="array" ref="B1">_xlfn.ROWS(_xlfn._xlws.FILTER(\'Follow-up\'!A2:A99,'
        "'Follow-up'!Y2:Y99=A1))</f><v>0</v></c></row>", 1).encode("utf-8")
    z.save(path)
    return followup, odd_part


def _owned(z: Zip, followup: str) -> set[str]:
    """The parts a refresh may rewrite: the computed sheets, the Log, Start here, the tables on the computed
    sheets, the tool's charts, their drawing and its relationship from Aggregate, styles and content types."""
    owned = {"[Content_Types].xml", "xl/styles.xml"}
    for title in ("Start here", "Log", "Follow-up", "Baseline", "Aggregate", "Checks"):
        part = z.sheet(title)
        owned.add(part)
        if title != "Log":
            owned.update(t for t in z.targets(part) if "/tables/" in t)
    owned.add(z.sheet("Aggregate").replace("worksheets/", "worksheets/_rels/") + ".rels")  # the tool's charts come
    for drawing in (t for t in z.targets(z.sheet("Aggregate")) if re.search(r"/drawing\d+\.xml$", t)):
        owned.add(drawing)
        owned.add(drawing.replace("drawings/", "drawings/_rels/") + ".rels")
        owned.update(z.targets(drawing))
    return owned


def test_excel_parts_of_followup_and_a_table_over_it_survive_a_refresh(tmp_path):
    path = tmp_path / "edited.xlsx"
    followup, odd_part = _user_book(path)
    before = Zip(path)
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    after = Zip(path)
    for name in set(before.parts) - _owned(before, followup):
        assert after.parts.get(name) == before.parts[name], name
    sheet = after.text(followup)
    assert '<sheetPr codeName="Sheet7"><tabColor rgb="FFFF0000"/></sheetPr>' in sheet
    assert re.search(r'<pageSetup\b[^>]*r:id="rIdUserPrinter"', sheet)
    assert '<picture r:id="rIdUserPicture"' in sheet and '<brk id="20" max="16383" man="1"/>' in sheet
    assert '<tablePart r:id="rIdUserTable"' in sheet
    assert "<autoFilter" not in sheet  # the filter is the table's now; a second one over it is damage to Excel
    rels = after.text(followup.replace("worksheets/", "worksheets/_rels/") + ".rels")
    assert "rIdUserPrinter" in rels and "rIdUserPicture" in rels and "rIdUserTable" in rels
    last = get_column_letter(len(schema.FOLLOWUP.headers))
    assert f'ref="A1:{last}4"' in after.text("xl/tables/userTable.xml")  # three sessions, grown from one blank row
    wb = load_workbook(path)
    assert sorted(wb["Follow-up"].cell(r, 1).value for r in (2, 3, 4)) == ["S-1", "S-2", "S-3"]
    assert wb[ODD_NAME]["A1"].value == "complete"
    with zipfile.ZipFile(path) as zf:
        first = {n: zf.read(n) for n in zf.namelist()}
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    with zipfile.ZipFile(path) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == first


LIBREOFFICE_STYLES = (
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2">'
    b'<numFmt numFmtId="164" formatCode="General"/><numFmt numFmtId="168" formatCode="0"/></numFmts>'
    b'<fonts count="1"><font/></fonts><fills count="3"><fill/><fill/><fill/></fills><borders count="1"><border/>'
    b'</borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2">'
    b'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    b'<xf numFmtId="168" fontId="0" fillId="2" borderId="0" xfId="0" applyAlignment="true"/>'
    b'</cellXfs></styleSheet>')


def test_a_number_format_saved_as_a_custom_code_of_a_builtin_one_is_found_not_added():
    """LibreOffice writes Excel's built-in "0" (id 1) as a custom format 168 "0": a grey cell of the Log
    written with "0" takes the workbook's own grey "0" style, and styles.xml stays as it is."""
    styles = Styles(LIBREOFFICE_STYLES)
    assert styles.with_format(0, "0", "2") == 1
    assert styles.with_format(1, "0") == 1
    assert not styles.changed
    assert styles.with_format(0, "0.0", "2") == 2  # a combination the workbook lacks is still added
    assert styles.changed
