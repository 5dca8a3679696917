"""A computed sheet someone deleted (or renamed) comes back with the next refresh, as the template makes it.

The sheet is made as ``coachlog new`` makes it: :func:`~coachlog_xl.workbook.template.format_computed_sheet`
on the sheet alone, in a workbook openpyxl saves to memory.  Its parts are then moved into the package:
the worksheet (column widths and styles, every column naming its style, a plain one where the template's
has none, the header row's look and height, frozen panes, the filter,
conditional formats, page setup), its styles each found in the workbook's styles.xml or added after the
ones there (:meth:`~coachlog_xl.workbook.stylesxml.Styles.adopt`: no index a cell uses changes); the
header notes (a comments part and its VML drawing); and in workbook.xml, beside the sheet's entry, its
print titles and the filter's hidden name.  The refresh then writes its cells as into any computed sheet.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass

from coachlog_xl import schema
from coachlog_xl.workbook.append import EMPTY_SHEET, WORKSHEET_TYPE, new_sheet
from coachlog_xl.workbook.package import REL, Package, free_rid, relationship
from coachlog_xl.workbook.parts import attribute_text
from coachlog_xl.workbook.stylesxml import Styles

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_SHEET_PART = "xl/worksheets/sheet1.xml"
_UNSTYLED_COL = re.compile(r'(<(?:\w+:)?col\b(?![^>]*?\bstyle=)[^>]*?)\s*(/?>)')
_LEGACY_DRAWING = re.compile(r'(<(?:\w+:)?legacyDrawing\b[^>]*?:id=")[^"]*("[^>]*/>)')


@dataclass(frozen=True)
class _Made:
    """The template's sheet, made alone: its XML, the styles.xml it refers to, its header notes (comments
    and VML drawing, or None) and its defined names in workbook.xml (print titles, the filter's)."""

    sheet: str
    styles: bytes
    comments: bytes | None
    vml: bytes | None
    names: tuple[str, ...]


def add_missing(pkg: Package, book: str, parts: dict[str, str], names: list[str],
                styles: Styles | None) -> dict[str, bytes]:
    """Add each computed sheet of ``names`` the workbook lacks, after the sheet it follows in the
    template's order, with the template's look; returns each one's XML, for the refresh to write its cells
    into (``parts`` gets its part).  ``styles``: the workbook's, which take the styles the sheet needs
    (None when the package has no styles part: the sheet comes back plain)."""
    text, added, renamed = None, {}, {}
    for name in names:
        if name in parts:
            continue
        if (variant := schema.sheet_named(parts, name)) is not None:  # renamed in its capitals only
            parts[name] = parts[variant]  # (Excel's own name for it: adding another would damage the file)
            renamed[name] = variant
            continue
        before = [v for n in schema.SHEET_ORDER[:schema.SHEET_ORDER.index(name)]  # as workbook.xml names them
                  if (v := renamed.get(n) or schema.sheet_named(parts, n)) is not None]
        parts[name], text = new_sheet(pkg, book, name, before[-1] if before else None, text)
        added[name] = EMPTY_SHEET
        if styles is not None:
            made = _made(name)
            added[name] = _moved(pkg, parts[name], made, styles).encode("utf-8")
            text = _with_names(text, name, made.names)
            pkg.put(book, text.encode("utf-8"))
        pkg.put(parts[name], added[name], WORKSHEET_TYPE)
    return added


@functools.cache
def _made(name: str) -> _Made:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    from coachlog_xl.workbook.template import format_computed_sheet

    wb = Workbook()
    wb.active.title = name
    format_computed_sheet(wb.active, next(s for s in schema.COMPUTED_SHEETS if s.name == name), 0)
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w")).save()
    with zipfile.ZipFile(raw) as zf:
        rels = Package.parse_rels(_SHEET_PART, zf.read("xl/worksheets/_rels/sheet1.xml.rels"))
        targets = {r.type: r.target for r in rels}
        sheet = zf.read(_SHEET_PART).decode("utf-8")
        names = re.findall(r'<definedName\b[^>]*?\blocalSheetId="0"[^>]*>[^<]*</definedName>',
                           zf.read("xl/workbook.xml").decode("utf-8"))
        return _Made(sheet, zf.read("xl/styles.xml"),
                     zf.read(targets[REL + "comments"]) if REL + "comments" in targets else None,
                     zf.read(targets[REL + "vmlDrawing"]) if REL + "vmlDrawing" in targets else None, tuple(names))


def _moved(pkg: Package, part: str, made: _Made, styles: Styles) -> str:
    """The template's sheet XML for ``part``: its styles and conditional formats' looks as ``styles``
    numbers them, its header notes added to the package and linked."""
    theirs = Styles(made.styles)
    xml = re.sub(r'(<(?:\w+:)?(?:c|row)\b[^>]*?\bs=")(\d+)"',
                 lambda m: f'{m.group(1)}{styles.adopt(theirs, int(m.group(2)))}"', made.sheet)
    xml = re.sub(r'(<(?:\w+:)?col\b[^>]*?\bstyle=")(\d+)"',
                 lambda m: f'{m.group(1)}{styles.adopt(theirs, int(m.group(2)))}"', xml)
    # a column the template leaves in its default style is given that style by number (found in the workbook's
    # styles or added), as Excel and LibreOffice name every column's: left without one, it is in the workbook's
    # default style, which LibreOffice gives an alignment, and a tool that saves such a column in a plain style
    # of its own (openpyxl) would set it apart from its cells, which would then read as formatted by a person
    plain = styles.adopt(theirs, 0)
    xml = _UNSTYLED_COL.sub(lambda m: f'{m.group(1)} style="{plain}"{m.group(2)}', xml)
    xml = re.sub(r'(<(?:\w+:)?cfRule\b[^>]*?\bdxfId=")(\d+)"',
                 lambda m: f'{m.group(1)}{styles.adopt_dxf(theirs, int(m.group(2)))}"', xml)
    if made.comments is None or made.vml is None:
        return _LEGACY_DRAWING.sub("", xml)
    rels = pkg.rels(part)
    comments, vml = pkg.free_name("xl/comments/comment1.xml"), pkg.free_name("xl/drawings/commentsDrawing1.vml")
    pkg.put(comments, made.comments, COMMENTS_TYPE)
    pkg.put(vml, made.vml, VML_TYPE)
    rels.append(relationship(free_rid(rels), REL + "comments", part, comments))
    rels.append(relationship(free_rid(rels), REL + "vmlDrawing", part, vml))
    pkg.put_rels(part, rels)
    return _LEGACY_DRAWING.sub(lambda m: m.group(1) + rels[-1].id + m.group(2), xml, count=1)


def _with_names(text: str, name: str, names: tuple[str, ...]) -> str:
    """workbook.xml's ``text`` with ``names`` (the template sheet's own defined names) for the sheet
    ``name``, counted by its place among the sheets."""
    sheets = re.findall(r"<((?:\w+:)?)sheet\b([^>]*?)/>", text)
    if not names or not sheets:
        return text
    p = sheets[0][0]
    index = [attribute_text(re.search(r'\bname="([^"]*)"', attrs).group(1)) for _, attrs in sheets].index(name)
    added = "".join(n.replace('localSheetId="0"', f'localSheetId="{index}"').replace("<definedName", f"<{p}definedName")
                    .replace("</definedName>", f"</{p}definedName>") for n in names)
    close = re.search(rf"</{p}definedNames>", text)
    if close:
        return text[:close.start()] + added + text[close.start():]
    empty = re.search(rf"<{p}definedNames\s*/>", text)
    if empty:
        return text[:empty.start()] + f"<{p}definedNames>{added}</{p}definedNames>" + text[empty.end():]
    # definedNames follows sheets, functionGroups and externalReferences (ECMA-376 18.2.27)
    at = max(m.end() for m in re.finditer(
        rf"</{p}(?:sheets|functionGroups|externalReferences)>|<{p}functionGroups\b[^>]*/>", text))
    return text[:at] + f"<{p}definedNames>{added}</{p}definedNames>" + text[at:]


_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_FIRST_ROW = re.compile(rb"\s*<(?:\w+:)?row\b([^>]*?)/?>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")


def with_header_row(xml: bytes, name: str, styles: Styles) -> bytes:
    """A computed sheet's XML whose sheet data does not begin with row 1 (a person deleted every row, or
    another tool saved the sheet empty) with the template's header row put back before its rows: the
    row's height and each header cell's look, its styles found in the workbook's or added
    (:meth:`~coachlog_xl.workbook.stylesxml.Styles.adopt`), for the refresh to write the headers into.
    Any other sheet's XML is returned as it is."""
    data = _SHEET_DATA.search(xml)
    if data is None:
        return xml
    first = None if data.group(2) else _FIRST_ROW.match(xml, data.end())
    if first is not None:
        number = _ROW_NUMBER.search(first.group(1))
        if number is None or number.group(1) == b"1":  # (a first row without its number is row 1)
            return xml
    p = data.group(1).decode()
    made = _made(name)
    theirs = Styles(made.styles)
    row = re.search(r"<(?:\w+:)?row\b([^>]*?)>(.*?)</(?:\w+:)?row>", made.sheet, re.S)
    attrs = re.sub(r'\s(?:r|spans)="[^"]*"', "", row.group(1))
    cells = "".join(f'<{p}c r="{ref}" s="{styles.adopt(theirs, int(s))}"/>'
                    for ref, s in re.findall(r'<c\b[^>]*?\br="([A-Z]+1)"[^>]*?\bs="(\d+)"', row.group(2)))
    header = f'<{p}row r="1"{attrs}>{cells}</{p}row>'.encode()
    if data.group(2):
        return xml[:data.start()] + f"<{p}sheetData>".encode() + header + f"</{p}sheetData>".encode() + \
            xml[data.end():]
    return xml[:data.end()] + header + xml[data.end():]
