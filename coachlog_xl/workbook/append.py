"""The surgical write of an import: rows appended to one Scores sheet, every other part copied as stored.

An import owns only what it adds.  Appending to a sheet it streams that sheet's XML, copies every row
already there as it is and writes the new rows after the last used one (cells of blank, formatted
rows there keep their style, as a person pasting would see).  A new sheet is a new worksheet part plus
its entry in workbook.xml, workbook.xml.rels and [Content_Types].xml.  Text is always an inline
string (never a formula, so ``=...`` stays text and sharedStrings.xml is never touched), numbers are
numbers, dates and times numbers with a date format.  Recording links (http and https) become cell
hyperlinks: the sheet's ``<hyperlinks>`` and its relationships part are rewritten.  The Scores table
grows to the new last row.  Everything else — other sheets, styles (unless a date needs a format the
workbook never had), shared strings, drawings, comments, the VBA project — keeps its stored bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from coachlog_xl import schema
from coachlog_xl.errors import TemplateError
from coachlog_xl.workbook.a1 import column_index_from_string, get_column_letter
from coachlog_xl.workbook.celledits import grow_dimension
from coachlog_xl.workbook.package import REL, Package, Rel, deflated, free_rid, relationship
from coachlog_xl.workbook.parts import attribute_text, date1904, editable
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.rowscheck import RowsXml
from coachlog_xl.workbook.sheetxml import REL_NS, cell_xml, child_start, inline_string
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import MAX_CELL_TEXT, cell_value, date_format, fitted_text, whole_characters
from coachlog_xl.workbook.xmltext import quoteattr
from coachlog_xl.workbook.zipparts import ZipSource

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
EMPTY_SHEET = (f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><dimension ref="A1"/>'
               '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
               '<sheetData/><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
               'footer="0.5"/></worksheet>').encode()
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(/?)>")
_ROW_R = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_ROWS_PER_CHUNK = 1000
# Worksheet children that come after <hyperlinks> (ECMA-376 18.3.1.99): new links go before them.
# Excel wraps the controls and OLE objects of a sheet in an mc:AlternateContent.
_AFTER_HYPERLINKS = ("printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
                     "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
                     "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                     "webPublishItems", "tableParts", "extLst", "AlternateContent")


@dataclass
class Rows:
    """What to add to a sheet: ``rows`` from row ``first`` down, ``links`` the column (0-based) whose
    http(s) addresses become hyperlinks (None: no such column) and ``plain`` the rows (0-based,
    a header written by the import) where it does not apply."""

    rows: list[list]
    first: int
    links: int | None = None
    plain: frozenset = frozenset()

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1


def append_package(path: Path, out, sheet: str, add: Rows, after: str | None = None) -> list[str]:
    """Write ``path`` with ``add`` appended to ``sheet`` to the open file ``out``; returns the parts
    written anew.  A sheet the workbook does not have is created right after the sheet ``after``.

    The sheet is parsed as it is compressed, its new rows matched by the pattern of
    :mod:`~coachlog_xl.workbook.rowscheck` (rows kept from the sheet that it does not match, by expat), so that the
    check of the saved file reads it back with its CRC only (expat parsing an export's 100,000 rows
    again as they were read back took about a fifth of the importing process's CPU)."""
    pkg = Package(ZipSource(path))
    try:
        book = pkg.workbook_part()
        styles_part = next((r.target for r in pkg.rels(book) if r.type == REL + "styles"), None)
        styles = Styles(editable(pkg, styles_part, pkg.read(styles_part))) if styles_part else None
        in1904 = date1904(editable(pkg, book, pkg.read(book)))
        part = pkg.sheet_parts().get(sheet)
        if part is None:
            part, _ = new_sheet(pkg, book, sheet, after)
            pkg.put(part, deflated(_appended(pkg, part, EMPTY_SHEET, add, styles, in1904), True), WORKSHEET_TYPE)
        else:
            xml = editable(pkg, part, pkg.read(part), sheet)
            pkg.put(part, deflated(_appended(pkg, part, xml, add, styles, in1904), True))
            if sheet == schema.SCORES.name:
                _extend_table(pkg, part, schema.SCORES.table, add.last)
        if styles is not None and styles.changed:
            pkg.put(styles_part, styles.updated_xml())
        return pkg.write(out)
    finally:
        pkg.source.close()


def new_sheet(pkg: Package, book: str, name: str, after: str | None, text: str | None = None) -> tuple[str, str]:
    """A new worksheet part, listed in workbook.xml right after the sheet ``after`` (else last); returns
    the part's name and workbook.xml's new text (``text``: the text it had after an earlier call)."""
    part = pkg.free_name("xl/worksheets/sheet1.xml")
    rels = pkg.rels(book)
    rid = free_rid(rels)
    pkg.put_rels(book, [*rels, relationship(rid, REL + "worksheet", book, part)])
    text = text if text is not None else pkg.read(book).decode("utf-8")
    sheets = list(re.finditer(r"<((?:\w+:)?)sheet\b[^>]*?/>", text))
    if not sheets:
        raise TemplateError(f"{pkg.source.path.name}: workbook.xml lists no sheets.")
    names = [attribute_text(re.search(r'\bname="([^"]*)"', m.group(0)).group(1)) for m in sheets]
    index = names.index(after) + 1 if after in names else len(sheets)
    ids = [int(i) for m in sheets for i in re.findall(r'\bsheetId="(\d+)"', m.group(0))]
    rel_prefix = _prefix_of(text, REL.rstrip("/"))
    p = sheets[0].group(1)
    element = (f"<{p}sheet name={quoteattr(name)} sheetId=\"{max(ids, default=0) + 1}\" "
               f"{rel_prefix}id=\"{rid}\"/>")
    at = sheets[index - 1].end() if index else sheets[0].start()
    text = text[:at] + element + text[at:]
    # Sheet-local names and the active tab count sheets by position: the ones after the new sheet move on.
    text = re.sub(r'(\blocalSheetId=")(\d+)"', lambda m: f'{m.group(1)}{_shift(int(m.group(2)), index)}"', text)
    text = re.sub(r'<(?:\w+:)?workbookView\b[^>]*>', lambda view: re.sub(
        r'(\b(?:activeTab|firstSheet)=")(\d+)"', lambda m: f'{m.group(1)}{_shift(int(m.group(2)), index)}"',
        view.group(0)), text)
    pkg.put(book, text.encode("utf-8"))
    return part, text


def _shift(position: int, inserted: int) -> int:
    return position + 1 if position >= inserted else position


def _prefix_of(text: str, namespace: str) -> str:
    """The prefix (with its colon) bound to ``namespace`` in ``text``; ``r:`` is declared when missing."""
    m = re.search(rf'xmlns:(\w+)="{re.escape(namespace)}"', text)
    if m:
        return m.group(1) + ":"
    return f'xmlns:r="{namespace}" r:'


def _appended(pkg: Package, part: str, xml: bytes, add: Rows, styles: Styles | None,
              in1904: bool) -> Iterator[bytes]:
    """The sheet's XML with the new rows after its last used one, in chunks; ``in1904``: the workbook's
    date system (:func:`~coachlog_xl.workbook.sheetxml.serial`)."""
    p = prefix_of(xml)
    end = re.search(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>", xml)
    if end is None:
        raise TemplateError(f"{pkg.source.path.name}: the sheet part {part} has no cell data.")
    tail_start = _first_row_at(xml, end.start(), add.first)
    tail = xml[tail_start:end.start()].decode("utf-8")
    merged = _existing_rows(tail)
    links: list[tuple[str, str]] = []
    rows = _new_rows(p, add, merged, styles, links, in1904)
    head = xml[:tail_start]
    after = xml[end.end():] if end.group(0).endswith(b"/>") else xml[end.start():]
    if end.group(0).endswith(b"/>"):
        head = xml[:end.start()] + f"<{p}sheetData>".encode()
        after = f"</{p}sheetData>".encode() + after
    # Only the part before <sheetData> holds the used range: the existing rows go out as they are.
    data = re.search(rb"<(?:\w+:)?sheetData\b", head).start()
    if add.rows:
        width = max(len(r) for r in add.rows)
        yield grow_dimension(head[:data].decode("utf-8"), [(add.first, 1), (add.last, width)]).encode("utf-8")
    else:
        yield head[:data]
    yield head[data:]
    yield from rows
    rest = after.decode("utf-8")
    if links:
        rest = _add_hyperlinks(pkg, part, rest, links, p)
    yield rest.encode("utf-8")


def _first_row_at(xml: bytes, data_end: int, first: int) -> int:
    """Where the first ``<row>`` numbered ``first`` or more starts (``data_end`` when there is none).

    Rows are in order, so only the end of the sheet data is searched, in a window that grows until it
    starts before such a row (a row without a number makes it count rows from the start instead)."""
    window = 1 << 16
    while True:
        lo = max(0, data_end - window)
        numbers = []
        for m in _ROW_TAG.finditer(xml, lo, data_end):
            r = _ROW_R.search(m.group(1))
            if r is None:
                return _first_row_counted(xml, data_end, first)
            numbers.append((int(r.group(1)), m.start()))
        if lo == 0 or (numbers and numbers[0][0] < first):
            return next((start for n, start in numbers if n >= first), data_end)
        window *= 4


def _first_row_counted(xml: bytes, data_end: int, first: int) -> int:
    number = 0
    for m in _ROW_TAG.finditer(xml, 0, data_end):
        r = _ROW_R.search(m.group(1))
        number = int(r.group(1)) if r else number + 1
        if number >= first:
            return m.start()
    return data_end


def _existing_rows(tail: str) -> dict[int, tuple[str, dict[int, str]]]:
    """The rows at or below the first new row (blank rows, possibly formatted): row number -> (its start
    tag, its cells by column)."""
    out: dict[int, tuple[str, dict[int, str]]] = {}
    number = 0
    for m in re.finditer(r"<((?:\w+:)?)row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", tail, re.S):
        r = re.search(r'\br="(\d+)"', m.group(2))
        number = int(r.group(1)) if r else number + 1
        attrs = re.sub(r'\s*\b(?:r|spans)="[^"]*"', "", m.group(2))
        cells, col = {}, 0
        for c in _CELL.finditer(m.group(3) or ""):
            ref = re.search(r'\br="([A-Z]+)\d+"', c.group(1))
            col = column_index_from_string(ref.group(1)) if ref else col + 1
            cells[col] = c.group(0)
        out[number] = (attrs, cells)
    return out


def _style_of(cell: str) -> int:
    m = re.search(r'\bs="(\d+)"', cell[:cell.find(">")])
    return int(m.group(1)) if m else 0


def _new_rows(p: str, add: Rows, existing: dict, styles: Styles | None,
              links: list[tuple[str, str]], in1904: bool) -> Iterator[bytes]:
    """The new rows (merged with the blank rows already there), then the rows left below them, in chunks
    of whole rows (:class:`~coachlog_xl.workbook.rowscheck.RowsXml`: the cells written here are those
    its pattern matches; a row kept from the sheet that it does not match is parsed by expat)."""
    width = max((len(r) for r in add.rows), default=0)
    letters = [get_column_letter(k) for k in range(1, width + 1)]
    chunk: list[str] = []
    texts: dict[str, str] = {}  # a text's cell after its reference, made once (an export repeats its texts)
    for i, values in enumerate(add.rows):
        r = add.first + i
        attrs, old = existing.pop(r, ("", {}))
        if not old:  # a row where nothing stood (most of an import): the short way
            cells_xml = _plain_row(p, values, letters, r, texts, None if i in add.plain else add.links)
            if cells_xml is not None:
                chunk.append(f'<{p}row r="{r}"{attrs}>{cells_xml}</{p}row>')
                if len(chunk) >= _ROWS_PER_CHUNK:
                    yield RowsXml("".join(chunk), p)
                    chunk = []
                continue
        cells = []
        for k, value in enumerate(values):
            kind = type(value)
            if kind is str:  # the common kinds inline; the others through cell_xml
                if not value.strip():
                    continue
                style = _style_of(old[k + 1]) if old and k + 1 in old else 0
                s = f' s="{style}"' if style else ""
                cells.append((k + 1, f'<{p}c r="{letters[k]}{r}"{s} t="inlineStr">{inline_string(p, value)}</{p}c>'))
                if k == add.links and i not in add.plain and re.match(r"https?://", value.strip(), re.I):
                    links.append((f"{letters[k]}{r}", value.strip()))
            elif kind is int or (kind is float and value - value == 0):
                s = f' s="{_style_of(old[k + 1])}"' if old and k + 1 in old and _style_of(old[k + 1]) else ""
                cells.append((k + 1, f'<{p}c r="{letters[k]}{r}"{s}><{p}v>{value!r}</{p}v></{p}c>'))
            elif kind is not float and value is not None:
                value = cell_value(value)
                style = _style_of(old[k + 1]) if old and k + 1 in old else 0
                code = date_format(value)
                if code and styles is not None:
                    style = styles.with_format(style, code)
                xml = cell_xml(p, f"{letters[k]}{r}", value, style, in1904)
                if xml:
                    cells.append((k + 1, xml))
        if old:
            written = {k for k, _ in cells}
            cells = sorted(cells + [(k, xml) for k, xml in old.items() if k not in written])
        chunk.append(f'<{p}row r="{r}"{attrs}>{"".join(xml for _, xml in cells)}</{p}row>')
        if len(chunk) >= _ROWS_PER_CHUNK:
            yield RowsXml("".join(chunk), p)
            chunk = []
    for r in sorted(existing):
        attrs, old = existing[r]
        chunk.append(f'<{p}row r="{r}"{attrs}>{"".join(old[c] for c in sorted(old))}</{p}row>')
    yield RowsXml("".join(chunk), p)


_TEXTS_HELD = 200_000  # distinct texts whose cells are kept for the rows after


def _plain_row(p: str, values: list, letters: list[str], r: int, texts: dict[str, str],
               links: int | None) -> str | None:
    """The cells of a row of texts and numbers where no cell stood, as :func:`_new_rows` writes them;
    None when the row holds another kind of value or a link in column ``links`` (written the long way)."""
    out = []
    for k, value in enumerate(values):
        kind = type(value)
        if kind is str:
            if k == links and re.match(r"https?://", value.strip(), re.I):
                return None
            tail = texts.get(value)
            if tail is None:
                tail = f' t="inlineStr">{inline_string(p, value)}</{p}c>' if value.strip() else ""
                if len(texts) < _TEXTS_HELD:
                    texts[value] = tail
            if tail:
                out.append(f'<{p}c r="{letters[k]}{r}"{tail}')
        elif kind is int or (kind is float and value - value == 0):
            out.append(f'<{p}c r="{letters[k]}{r}"><{p}v>{value!r}</{p}v></{p}c>')
        elif value is not None:
            return None
    return "".join(out)


def altered(rows: list[list], texts: list[str] | None = None) -> list[tuple[int, int]]:
    """Where ``rows`` hold a text :func:`~coachlog_xl.workbook.writer.fitted_text` has to change to fit a cell
    (longer than 32,767 characters): (row, column), each counted from 0; ``texts``: the rows' texts, when the
    caller has them."""
    texts = [v for r in rows for v in r if type(v) is str] if texts is None else texts
    if not texts or (max(map(len, texts)) <= MAX_CELL_TEXT and whole_characters("".join(texts))):
        return []
    return [(i, k) for i, r in enumerate(rows) for k, v in enumerate(r) if type(v) is str and fitted_text(v) != v]


def _add_hyperlinks(pkg: Package, part: str, rest: str, links: list[tuple[str, str]], p: str) -> str:
    """The links added to the sheet's ``<hyperlinks>`` (created where the schema wants it) and to its
    relationships part, one external relationship per link."""
    rels = pkg.rels(part)
    taken = {r.id for r in rels}
    new_rels: list[Rel] = []
    elements = []
    n = 1
    for ref, url in links:
        while f"rId{n}" in taken:
            n += 1
        rid = f"rId{n}"
        taken.add(rid)
        xml = (f'<Relationship Id="{rid}" Type="{REL}hyperlink" Target={quoteattr(url)} '
               'TargetMode="External"/>')
        new_rels.append(Rel(rid, REL + "hyperlink", url, xml, external=True))
        elements.append(f'<{p}hyperlink ref="{ref}" r:id="{rid}"/>')
    pkg.put_rels(part, [*rels, *new_rels])
    body = "".join(elements)
    close = re.search(r"</(?:\w+:)?hyperlinks>", rest)
    if close:
        return rest[:close.start()] + body.replace(' r:id="', f' xmlns:r="{REL_NS}" r:id="') + rest[close.start():]
    at = child_start(rest, _AFTER_HYPERLINKS)
    return rest[:at] + f'<{p}hyperlinks xmlns:r="{REL_NS}">{body}</{p}hyperlinks>' + rest[at:]


def _extend_table(pkg: Package, part: str, name: str, last_row: int) -> None:
    """Grow the sheet's table called ``name`` (and its filter) down to ``last_row``; never shrink it."""
    for rel in pkg.rels(part):
        if rel.type != REL + "table" or rel.external:
            continue
        text = editable(pkg, rel.target, pkg.read(rel.target), schema.SCORES.name).decode("utf-8")
        head = re.search(r"<(?:\w+:)?table\b[^>]*>", text)
        if head is None or name not in re.findall(r'\b(?:name|displayName)="([^"]*)"', head.group(0)):
            continue
        m = re.search(r'\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', head.group(0))
        if m is None or int(m.group(4)) >= last_row:
            return
        ref = f"{m.group(1)}{m.group(2)}:{m.group(3)}{last_row}"
        new = re.sub(r'(<(?:\w+:)?(?:table|autoFilter)\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', text, count=2)
        pkg.put(rel.target, new.encode("utf-8"))
        return
