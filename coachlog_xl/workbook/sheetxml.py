"""Worksheet XML for the surgical write: a computed sheet's cell data, and single cells of an input sheet.

:func:`computed_sheet` streams a computed sheet's new ``<sheetData>`` (every string an inline string,
so sharedStrings.xml is never touched) and keeps the rest of the sheet's XML as the template made it,
changing only the ranges that follow the data: ``<dimension>``, the ``<autoFilter>`` and conditional
formats that start in row 2.  :func:`edit_cells` rewrites single ``<c>`` elements of an input sheet and
leaves every other byte of it alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import unescape

from openpyxl.utils import column_index_from_string, get_column_letter

from coachlog_xl import schema
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import (
    MAX_CELL_TEXT,
    SheetRows,
    cell_value,
    date_format,
    safe_text,
)

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EPOCHS = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}  # by the workbook's date1904
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REF = re.compile(r"([A-Z]+)(\d+)")
_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)", re.S)
_R_ATTR = re.compile(r'(?<![\w:])r="([^"]*)"')  # the attribute r, not x:r
_CELL_COLUMN = re.compile(r'(?<![\w:])r="(?:([A-Z]+)\d)?')  # a cell's r attribute: its column's letters, if any
# _CELL, with the column's letters apart when r is the cell's first attribute (as Excel and coachlog write it)
_CELL_EDIT = re.compile(r'<(?:\w+:)?c\b(?:\s+r="([A-Z]+)\d+")?([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)', re.S)
_PAST_LAST_COLUMN = 16385
_SPANS = re.compile(r'\s+spans="[^"]*"')
_ROW = re.compile(r"<(?:\w+:)?row\b([^>]*?)(/?)>")
_ROW_END = re.compile(r"</(?:\w+:)?row>")
_FORMULA = re.compile(r"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_ROWS_PER_CHUNK = 500
ERROR_MARK = b't="e"'  # what every error cell's tag holds
_ERROR_TYPE = re.compile(r'\bt="e"')
_VALUE = re.compile(r"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
KEEP = "keep"  # computed_sheet's drawing argument: leave the sheet's <drawing> element as it is
# Worksheet children that come after <drawing> (ECMA-376 18.3.1.99): a new <drawing> goes before them.
_AFTER_DRAWING = ("legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                  "webPublishItems", "tableParts", "extLst")


_column_index = functools.lru_cache(maxsize=None)(column_index_from_string)
_letter = functools.lru_cache(maxsize=None)(get_column_letter)


def inline_string(p: str, text: str) -> str:
    """An inline string's ``<is>`` element; surrounding spaces kept, text never a formula."""
    if len(text) > MAX_CELL_TEXT or _SPECIAL.search(text):  # most text needs neither: one scan decides
        text = safe_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f"<{p}is><{p}t{space}>{text}</{p}t></{p}is>"


def serial(value, date1904: bool = False) -> float:
    """A date, date-time or time as an Excel serial number in the workbook's date system (``date1904``:
    :func:`~coachlog_xl.workbook.parts.date1904`)."""
    epoch = _EPOCHS[date1904]
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - epoch
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    if isinstance(value, dt.date):
        return float((value - epoch.date()).days)
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


def _number(value) -> str | None:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return repr(value) if isinstance(value, float) else str(value)


def cell_xml(p: str, ref: str, value, style: int, date1904: bool = False) -> str | None:
    """One ``<c>`` element, or None for a blank value (NaN and None are blank); ``date1904``: see
    :func:`serial`."""
    s = f' s="{style}"' if style else ""
    kind = type(value)
    if kind is str:
        return f'<{p}c r="{ref}"{s} t="inlineStr">{inline_string(p, value)}</{p}c>' if value else None
    if kind is bool:
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if kind is float or kind is int:
        number = _number(value)
        return None if number is None else f'<{p}c r="{ref}"{s}><{p}v>{number}</{p}v></{p}c>'
    if isinstance(value, (dt.date, dt.time)):
        return f'<{p}c r="{ref}"{s}><{p}v>{serial(value, date1904)!r}</{p}v></{p}c>'
    value = cell_value(value)
    if value is None:
        return None
    if isinstance(value, (int, float, str, dt.date, dt.time)):
        return cell_xml(p, ref, value, style, date1904)
    return cell_xml(p, ref, str(value), style)


class _Column:
    """How the values of one computed column are styled: its base style and the kind's format."""

    def __init__(self, styles: Styles, base: int, code: str | None):
        self._styles, self._base = styles, base
        self.style = styles.with_format(base, code) if code and code != "General" else base
        self.attr = f' s="{self.style}"' if self.style else ""
        self._dated: dict[str, int] = {}

    def dated(self, code: str) -> int:
        if code not in self._dated:
            self._dated[code] = self._styles.with_format(self._base, code)
        return self._dated[code]


def _split(xml: str, tag: str) -> tuple[int, int, str] | None:
    """Start, end and inner text of the first ``<tag>`` element (any prefix), or None."""
    found = _bounds(xml, tag)
    return None if found is None else (found[0], found[3], xml[found[1]:found[2]])


def _bounds(xml: str, tag: str) -> tuple[int, int, int, int] | None:
    """Where the first ``<tag>`` element (any prefix) starts and ends, and its inner text, or None."""
    m = re.search(rf"<(?:\w+:)?{tag}\b[^>]*?(/?)>", xml)
    if m is None:
        return None
    if m.group(1):
        return m.start(), m.end(), m.end(), m.end()
    # the closing tag is searched for from the last "</" before the first "tag>": no match starts earlier
    # (a match holds no "<" but its first), and the text of a long element (last refresh's rows) is not
    # scanned character by character
    first = xml.find(f"{tag}>", m.end())
    begin = xml.rfind("</", m.end(), first) if first != -1 else -1
    close = re.compile(rf"</(?:\w+:)?{tag}>").search(xml, begin if begin != -1 else m.end())
    return m.start(), m.end(), close.start(), close.end()


def _attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w:]+)="([^"]*)"', tag))


def _column_styles(head: str) -> dict[int, int]:
    styles = {}
    for tag in re.findall(r"<(?:\w+:)?col\b[^>]*>", head):
        a = _attrs(tag)
        if "style" in a:
            for i in range(int(a.get("min", 0)), min(int(a.get("max", 0)), 16384) + 1):
                styles[i] = int(a["style"])
    return styles


def _covered(head: str) -> set[int]:
    out = set()
    for tag in re.findall(r"<(?:\w+:)?col\b[^>]*>", head):
        a = _attrs(tag)
        out.update(range(int(a.get("min", 0)), min(int(a.get("max", 0)), 16384) + 1))
    return out


def _first_row(data: str, start: int, end: int) -> tuple[dict[str, str], dict[int, int]]:
    """The attributes of row 1 and the style of each of its cells, by column: ``data[start:end]`` is
    the sheet's ``<sheetData>``."""
    m = _ROW.search(data, start, end)
    if m is None or _attrs(m.group(1)).get("r", "1") != "1":
        return {}, {}
    body = "" if m.group(2) else data[m.end():_ROW_END.search(data, m.end(), end).start()]
    styles = {}
    for tag in re.findall(r"<(?:\w+:)?c\b[^>]*?>", body):
        a = _attrs(tag)
        ref = _REF.match(a.get("r", ""))
        if ref and "s" in a:
            styles[column_index_from_string(ref.group(1))] = int(a["s"])
    return _attrs(m.group(1)), styles


def _extend_sqref(tail: str, last_row: int) -> str:
    """Conditional formats follow the data: their ranges from row 2 reach at least ``last_row``, both
    the 2007 ``sqref`` attribute and the ``<xm:sqref>`` of an Excel 2010 format (a data bar's second
    half); a sparkline group's or a data validation's ``<xm:sqref>`` is left alone."""
    def one(r):
        parts = re.fullmatch(r"([A-Z]+)2:([A-Z]+)(\d+)", r)
        if parts is None or int(parts.group(3)) >= last_row:
            return r
        return f"{parts.group(1)}2:{parts.group(2)}{last_row}"

    def grow(m):
        return m.group(1) + " ".join(one(r) for r in m.group(2).split()) + m.group(3)

    def x14(m):
        return re.sub(r"(<(?:\w+:)?sqref>)([^<]*)(</)", grow, m.group(0))

    tail = re.sub(r'(<(?:\w+:)?conditionalFormatting\b[^>]*?sqref=")([^"]*)(")', grow, tail)
    return re.sub(r"<(\w+:)?conditionalFormatting\b[^>]*>.*?</\1?conditionalFormatting>", x14, tail, flags=re.S)


_TAG = re.compile(r"""<(/?)(?:\w+:)?(\w+)(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")


def child_start(rest: str, names: tuple[str, ...]) -> int:
    """Where in ``rest`` (a worksheet's XML from the end of its sheet data) the first child of the
    worksheet named one of ``names`` starts, else where the worksheet closes.  Only the worksheet's own
    children count: an Excel data bar holds an ``<extLst>`` inside its rule."""
    depth = 0
    for m in _TAG.finditer(rest):
        closing, name, empty = m.groups()
        if closing:
            if depth == 0 and name == "worksheet":
                return m.start()
            depth = max(depth - 1, 0)  # the </sheetData> that ``rest`` may start with
        elif depth == 0 and name in names:
            return m.start()
        elif not empty:
            depth += 1
    return len(rest)


def set_drawing(xml: str, rid: str | None, p: str = "") -> str:
    """The sheet's ``<drawing>`` element removed (``rid`` None) or pointing at ``rid``; ``xml``: the
    worksheet's XML from the end of its sheet data.  A new element goes before the first of the
    worksheet's own children the schema places after it (not into a data bar's ``<extLst>``)."""
    xml = re.sub(r"<(?:\w+:)?drawing\b[^>]*/>", "", xml)
    if rid is None:
        return xml
    element = f'<{p}drawing xmlns:r="{REL_NS}" r:id="{rid}"/>'
    at = child_start(xml, _AFTER_DRAWING)
    return xml[:at] + element + xml[at:]


def _prefix(xml: str) -> str:
    m = re.search(r"<(\w+:)?worksheet\b", xml)
    return (m.group(1) or "") if m else ""


_FLOATS, _INTS, _TEXTS, _DATES, _OTHER = "floats", "ints", "texts", "dates", "other"  # kinds of columns
_DATE_TYPES = frozenset({dt.date, dt.datetime, dt.time})


def _kind(values: list) -> str:
    """What a column's values are, blanks (None) aside: all floats, all ints, all text, all dates, date-times
    or times (exactly these types), or anything else."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if not kinds or kinds == {float}:
        return _FLOATS
    if kinds == {int}:
        return _INTS
    if kinds == {str}:
        return _TEXTS
    return _DATES if kinds <= _DATE_TYPES else _OTHER


def _transposed(rows: Sequence[list], n_cols: int) -> list[list]:
    """Rows as ``n_cols`` columns; a short row's missing values are blanks (None), as they write no cell."""
    columns = [list(c) for c in itertools.zip_longest(*rows)][:n_cols]
    return columns + [[None] * len(rows) for _ in range(n_cols - len(columns))]


def _date_formats(columns: list[_Column], kinds: list[str], values: list[list]) -> list[list | None]:
    """The date format of each value of the columns of dates or mixed kinds (None for the others), and
    their styles looked up in the order a row at a time meets them: a style the workbook lacks is
    numbered in the order it is first asked for."""
    formats: list[list | None] = []
    first: dict[tuple[int, str], int] = {}  # (column, format) -> the first row holding such a date
    for k, (kind, column) in enumerate(zip(kinds, values)):
        codes = [date_format(v) if v is not None else None for v in column] if kind in (_DATES, _OTHER) else None
        formats.append(codes)
        for i, code in enumerate(codes or ()):
            if code and (k, code) not in first:
                first[k, code] = i
    for (k, code), _ in sorted(first.items(), key=lambda item: (item[1], item[0][0])):
        columns[k].dated(code)
    return formats


class _ColumnCells:
    """The ``<c>`` elements of one column of a computed sheet for a run of rows, "" for a blank; made a
    column at a time, the kind of the column's values decided once (:func:`_kind`)."""

    def __init__(self, p: str, letter: str, column: _Column, date1904: bool):
        self._p, self._letter, self._column, self._date1904 = p, letter, column, date1904
        # the fixed pieces: <c r="A  (row)  " s="7"><v>  (value)  </v></c>
        self._start = f'<{p}c r="{letter}'
        self._number = f'"{column.attr}><{p}v>'
        self._text = f'"{column.attr} t="inlineStr">'
        self._close_v, self._close_c = f"</{p}v></{p}c>", f"</{p}c>"
        self._plain, self._kept = f"{self._text}<{p}is><{p}t>", f'{self._text}<{p}is><{p}t xml:space="preserve">'
        self._close_t = f"</{p}t></{p}is></{p}c>"
        self._texts: dict[str, str] = {}  # a short text's <is> element, made once per distinct text

    def cells(self, kind: str, values: list, rows: list[str], formats: list | None) -> list[str]:
        """The cells of ``values``, in the rows numbered ``rows`` (as text); ``formats``: the date format of
        each value, for a column of dates (see :func:`_date_formats`)."""
        start, number, close_v = self._start, self._number, self._close_v
        if kind == _FLOATS:  # v - v == 0: neither NaN nor infinite
            return [f"{start}{r}{number}{v!r}{close_v}" if v is not None and v - v == 0 else ""
                    for v, r in zip(values, rows)]
        if kind == _INTS:
            return [f"{start}{r}{number}{v}{close_v}" if v is not None else "" for v, r in zip(values, rows)]
        if kind == _TEXTS:
            texts = list(filter(None, values))
            if _SPECIAL.search("\n".join(texts)) or max(map(len, texts), default=0) > MAX_CELL_TEXT:
                text, close_c, inline = self._text, self._close_c, self._inline
                return [f"{start}{r}{text}{inline(v)}{close_c}" if v else "" for v, r in zip(values, rows)]
            # no text to escape or shorten (the usual case): each is its own <t>, kept as inline_string keeps
            # it (str.strip strips what str.isspace calls a space)
            plain, kept, close = self._plain, self._kept, self._close_t
            return [(f"{start}{r}{plain}{v}{close}" if v == v.strip() else f"{start}{r}{kept}{v}{close}") if v else ""
                    for v, r in zip(values, rows)]
        if kind == _DATES:
            return self._dates(values, formats, rows)
        return [self._any(v, r) for v, r in zip(values, rows)]

    def _dates(self, values: list, formats: list, rows: list[str]) -> list[str]:
        """Cells of dates, date-times and times: each its serial number, with the column's style in the
        value's date format (as :func:`cell_xml` writes them)."""
        start, close_v, p, date1904 = self._start, self._close_v, self._p, self._date1904
        pieces: dict[str, str] = {}  # date format -> '" s="7"><v>'
        out = []
        for v, code, r in zip(values, formats, rows):
            if v is None:
                out.append("")
                continue
            piece = pieces.get(code)
            if piece is None:
                style = self._column.dated(code)
                attr = f' s="{style}"' if style else ""
                piece = pieces[code] = f'"{attr}><{p}v>'
            out.append(f"{start}{r}{piece}{serial(v, date1904)!r}{close_v}")
        return out

    def _inline(self, value: str) -> str:
        inline = self._texts.get(value)
        if inline is None:
            inline = inline_string(self._p, value)
            if len(value) <= 64:  # names, labels, ids repeat; long notes seldom do
                self._texts[value] = inline
        return inline

    def _any(self, value, r: str) -> str:
        """One cell of a column of mixed kinds: the common kinds inline (cell_xml writes the same for them,
        more slowly), dates with their column's date format."""
        kind = type(value)
        if kind is str:
            return f"{self._start}{r}{self._text}{self._inline(value)}{self._close_c}" if value else ""
        if kind is float:
            return f"{self._start}{r}{self._number}{value!r}{self._close_v}" if value - value == 0 else ""
        if kind is int:
            return f"{self._start}{r}{self._number}{value}{self._close_v}"
        if value is None:
            return ""
        code = date_format(value)
        col = self._column
        return cell_xml(self._p, f"{self._letter}{r}", value, col.dated(code) if code else col.style,
                        self._date1904) or ""


def computed_sheet(xml: bytes, sheet: schema.Sheet, rows: list[list], styles: Styles,
                   drawing: str | None = KEEP, date1904: bool = False) -> Iterator[bytes]:
    """The computed sheet's XML with ``rows`` below the schema's header row, in chunks of rows each made a
    column at a time (:class:`_ColumnCells`; the rows of a :class:`~coachlog_xl.workbook.writer.SheetRows`
    are taken as its columns, never zipped into rows).

    ``drawing``: the relationship id of the sheet's drawing, None to drop it, :data:`KEEP` to leave it;
    ``date1904``: the workbook's date system (see :func:`serial`).
    """
    text = xml.decode("utf-8")
    p = _prefix(text)
    start, inner, inner_end, end = _bounds(text, "sheetData") or (len(text),) * 4
    head, tail = text[:start], text[end:]
    n_cols, last_row = len(sheet.columns), len(rows) + 1
    last = get_column_letter(n_cols)
    row_attrs, header_styles = _first_row(text, inner, inner_end)
    col_styles = _column_styles(head)
    covered = _covered(head)
    missing = [i for i in range(1, n_cols + 1) if i not in covered]
    if missing:
        added = ""
        for i in missing:
            col = sheet.columns[i - 1]
            style = styles.plain(schema.NUMBER_FORMATS.get(col.kind, "General"),
                                 col.kind in (schema.INTEGER, schema.FLAG))
            col_styles[i] = style
            added += f'<{p}col min="{i}" max="{i}" width="{col.width}" customWidth="1" style="{style}"/>'
        cols = _split(head, "cols")
        if cols:
            close = head.rfind("</", 0, cols[1])
            head = head[:close] + added + head[close:] if cols[2] else \
                head[:cols[0]] + f"<{p}cols>{added}</{p}cols>" + head[cols[1]:]
        else:
            head += f"<{p}cols>{added}</{p}cols>"
    head = re.sub(r'(<(?:\w+:)?dimension\b[^>]*?ref=")[^"]*"', rf'\g<1>A1:{last}{last_row}"', head, count=1)
    tail = re.sub(r'(<(?:\w+:)?autoFilter\b[^>]*?ref=")[^"]*"', rf'\g<1>A1:{last}{last_row}"', tail, count=1)
    tail = _extend_sqref(tail, last_row)
    if drawing != KEEP:
        tail = set_drawing(tail, drawing, p)
    yield head.encode("utf-8")
    yield f"<{p}sheetData>".encode()
    row_attrs.pop("spans", None)
    row_attrs.pop("r", None)
    extra = "".join(f' {k}="{v}"' for k, v in row_attrs.items())
    fallback = header_styles[max(header_styles)] if header_styles else 0
    header = "".join(
        cell_xml(p, f"{get_column_letter(i)}1", c.header, header_styles.get(i, fallback)) or ""
        for i, c in enumerate(sheet.columns, start=1))
    yield f'<{p}row r="1"{extra}>{header}</{p}row>'.encode()
    columns = [_Column(styles, col_styles.get(i, 0), schema.NUMBER_FORMATS.get(c.kind))
               for i, c in enumerate(sheet.columns, start=1)]
    writers = [_ColumnCells(p, get_column_letter(i), col, date1904)
               for i, col in enumerate(columns, start=1)]
    values = rows.columns() if isinstance(rows, SheetRows) else _transposed(rows, n_cols)
    kinds = [_kind(v) for v in values]
    formats = _date_formats(columns, kinds, values)
    for first in range(0, len(rows), _ROWS_PER_CHUNK):
        stop = min(first + _ROWS_PER_CHUNK, len(rows))
        numbers = [str(r) for r in range(first + 2, stop + 2)]
        cells = [w.cells(kind, v[first:stop], numbers, f and f[first:stop])
                 for w, kind, v, f in zip(writers, kinds, values, formats)]
        chunk = []
        for row, parts in zip(numbers, zip(*cells)):
            body = "".join(parts)
            if body:
                chunk.append(f'<{p}row r="{row}">{body}</{p}row>')
        if stop == len(rows):
            chunk.append(f"</{p}sheetData>")
        yield "".join(chunk).encode("utf-8")
    if not rows:
        yield f"</{p}sheetData>".encode()
    yield tail.encode("utf-8")


def edit_cells(xml: bytes, cells: list[tuple], styles: Styles, date1904: bool = False) -> bytes:
    """The sheet's XML with only the given cells (row, column, value, number format) rewritten;
    ``date1904``: the workbook's date system (see :func:`serial`)."""
    text = xml.decode("utf-8")
    p = _prefix(text)
    new_cell = _NewCells(p, _column_styles(text[:(_bounds(text, "sheetData") or (len(text),))[0]]), styles)
    by_row: dict[int, dict[int, tuple]] = {}
    for row, col, value, fmt in cells:
        by_row.setdefault(row, {})[col] = (cell_value(value), fmt, date1904)
    out, pos, r = [], 0, 0
    order, next_edit = sorted(by_row), 0  # rows to edit, walked once alongside the sheet's rows
    for m in _ROW.finditer(text):
        found = _R_ATTR.search(m.group(1))
        r = int(found.group(1)) if found else r + 1  # a row without r follows the one before (ECMA-376)
        close = m.end() if m.group(2) else _ROW_END.search(text, m.end()).end()
        first = next_edit
        while next_edit < len(order) and order[next_edit] < r:
            next_edit += 1
        pending = [k for k in order[first:next_edit] if k in by_row] if next_edit > first else None
        if pending:
            out.append(text[pos:m.start()])
            out.extend(_new_row(p, k, by_row.pop(k), new_cell) for k in pending)
            pos = m.start()
        if r in by_row:
            body = "" if m.group(2) else text[m.end():text.rfind("</", 0, close)]
            start_tag = m.group(0)
            if 'spans="' in start_tag:
                start_tag = _SPANS.sub("", start_tag)
            start_tag = start_tag.replace("/>", ">")
            out.append(text[pos:m.start()])
            out.append(start_tag + _edit_row(r, body, by_row.pop(r), new_cell) + f"</{p}row>")
            pos = close
    rest = sorted(by_row)
    if rest:
        data_end = re.search(r"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>", text)
        out.append(text[pos:data_end.start()])
        new_rows = "".join(_new_row(p, k, by_row[k], new_cell) for k in rest)
        if data_end.group(0).endswith("/>"):
            new_rows = f"<{p}sheetData>{new_rows}</{p}sheetData>"
            pos = data_end.end()
        else:
            pos = data_end.start()
        out.append(new_rows)
    out.append(text[pos:])
    return grow_dimension("".join(out), cells).encode("utf-8")


def formula_cells(xml: bytes, columns: set[int]) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text of each cell of ``columns`` holding a formula (``<f>``, shared or
    not; a cell of a filled-down formula gives ""), whatever its cached value."""
    text = xml.decode("utf-8")
    if not _FORMULA.search(text):
        return {}
    return {(r, col): unescape(f.group(2) or "") for r, col, cell in _cells(text)
            if col in columns and (f := _FORMULA.search(cell)) is not None}


def _cells(text: str) -> Iterator[tuple[int, int, str]]:
    """(row, column, the cell's XML) of every cell of a sheet, 1-based; a row or a cell without its r
    attribute follows the one before it (ECMA-376)."""
    r = 0
    for m in _ROW.finditer(text):
        r = int(_attrs(m.group(1)).get("r", r + 1))
        if m.group(2):
            continue
        col = 0
        for c in _CELL.finditer(text, m.end(), _ROW_END.search(text, m.end()).start()):
            found = _R_ATTR.search(c.group(1))
            ref = _REF.match(found.group(1)) if found else None
            col = column_index_from_string(ref.group(1)) if ref else col + 1
            yield r, col, c.group(0)


def _edit_row(r: int, body: str, edits: dict, new_cell: _NewCells) -> str:
    """The row's cells with ``edits`` made; a cell holding a formula is never written over (a filled-down
    formula's first cell holds the formula of the others)."""
    parts, col = [], 0
    todo, i = sorted(edits), 0  # the columns to write, in order; i: the first not yet written
    after = todo[0]  # the column of the next edit: the cells before it are kept as they are
    for m in _CELL_EDIT.finditer(body):
        if m.group(1):  # the cell's column from its r attribute (the others only for an edit)
            col = _column_index(m.group(1))
        else:
            ref = _CELL_COLUMN.search(m.group(2))
            col = _column_index(ref.group(1)) if ref and ref.group(1) else col + 1
        if col < after:
            parts.append(m.group(0))
            continue
        while i < len(todo) and todo[i] < col:
            parts.append(new_cell(r, todo[i], edits[todo[i]], None))
            i += 1
        if i < len(todo) and todo[i] == col:
            i += 1
            if _FORMULA.search(m.group(0)):
                parts.append(m.group(0))
            else:
                parts.append(new_cell(r, col, edits[col], int(_attrs(m.group(2)).get("s", 0))))
        else:
            parts.append(m.group(0))
        after = todo[i] if i < len(todo) else _PAST_LAST_COLUMN
    parts.extend(new_cell(r, k, edits[k], None) for k in todo[i:])
    return "".join(parts)


def _new_row(p: str, r: int, edits: dict, new_cell: _NewCells) -> str:
    return f'<{p}row r="{r}">{_edit_row(r, "", edits, new_cell)}</{p}row>'


class _NewCells:
    """Tool cells of one sheet: each the cell's own style (else its column's), keeping the column's fill
    (the tool grey) on a cell that has none, with the value's number format.  The style of each
    (cell's style, column, format) is looked up once: the Log's tool columns hold a few of them."""

    def __init__(self, p: str, col_styles: dict[int, int], styles: Styles):
        self._p, self._col_styles, self._styles = p, col_styles, styles
        self._style: dict[tuple, int] = {}

    def __call__(self, r: int, col: int, edit: tuple, current: int | None) -> str:
        value, fmt, date1904 = edit
        kind = type(value)
        code = fmt if kind is float or kind is int else date_format(value) or fmt
        key = (current, col, code)
        style = self._style.get(key)
        if style is None:
            style = self._style[key] = self._style_of(col, current, code)
        ref = f"{_letter(col)}{r}"
        p = self._p
        if kind is int or kind is float and value - value == 0:  # a number as cell_xml writes it, without its checks
            s = f' s="{style}"' if style else ""
            return f'<{p}c r="{ref}"{s}><{p}v>{value!r}</{p}v></{p}c>'
        return cell_xml(p, ref, value, style, date1904) or (f'<{p}c r="{ref}" s="{style}"/>' if style else "")

    def _style_of(self, col: int, current: int | None, code: str | None) -> int:
        styles, column = self._styles, self._col_styles.get(col)
        base = current if current is not None else column if column is not None else 0
        fill = None
        if column is not None and styles.fill_of(base) == "0" and styles.fill_of(column) != "0":
            fill = styles.fill_of(column)
        return styles.with_format(base, code, fill)


def grow_dimension(text: str, cells: list[tuple]) -> str:
    """The used range (``<dimension>``) reaching ``cells`` ((row, column) pairs first); never shrunk."""
    m = re.search(r'<(?:\w+:)?dimension\b[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', text)
    if m is None or not cells:
        return text
    c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
    c2 = column_index_from_string(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)) if m.group(4) else r1
    rows, cols = [c[0] for c in cells], [c[1] for c in cells]
    n1, n2 = (min(c1, *cols), min(r1, *rows)), (max(c2, *cols), max(r2, *rows))
    if (n1, n2) == ((c1, r1), (c2, r2)):
        return text
    ref = f"{get_column_letter(n1[0])}{n1[1]}:{get_column_letter(n2[0])}{n2[1]}"
    return text[:m.start(1)] + ref + text[m.end(m.lastindex):]


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """The Excel error values (``#DIV/0!``, ``#REF!``, ...) a sheet's XML stores, by (row, column),
    1-based: a formula that could not be computed.  The fast reader gives such a cell as a blank."""
    if ERROR_MARK not in xml:
        return {}
    out = {}
    for r, col, cell in _cells(xml.decode("utf-8")):
        tag = cell[:cell.find(">")]
        value = _VALUE.search(cell) if _ERROR_TYPE.search(tag) else None
        if value is not None:
            out[r, col] = unescape(value.group(1))
    return out
