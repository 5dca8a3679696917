"""Worksheet XML for the surgical write: a computed sheet's cell data, and the cell XML every write uses.

:func:`computed_sheet` streams a computed sheet's new ``<sheetData>`` (every string an inline string,
so sharedStrings.xml is never touched) and keeps the rest of the sheet's XML as the template made it,
changing only the ranges that follow the data: ``<dimension>``, the ``<autoFilter>``, conditional
formats that start in row 2, and the sheet's ``<drawing>``; rows a person's filter leaves out are
hidden (:mod:`coachlog_xl.workbook.filters`).  :func:`cell_xml` is one value as a cell;
single cells of an input sheet are edited by :mod:`coachlog_xl.workbook.celledits`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Iterator, Sequence

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import column_index_from_string, column_letters, get_column_letter
from coachlog_xl.workbook.filters import hidden_rows, move_sorts, own_end
from coachlog_xl.workbook.floattext import float_reprs
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.rowheights import row_heights
from coachlog_xl.workbook.rowscheck import RowsXml
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import (
    MAX_CELL_TEXT,
    SheetRows,
    cell_value,
    date_format,
    fitted_text,
)
from coachlog_xl.workbook.xmltext import xstring

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EPOCHS = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}  # by the workbook's date1904
# what a cell's text cannot hold as it is: XML's specials, characters XML cannot hold, OOXML's escape ("_x0041_")
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x")
_SPECIAL_ASCII = "".join(c for c in map(chr, range(0x80)) if _SPECIAL.match(c))  # the characters _SPECIAL matches
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)", re.S)
ROW_START = re.compile(r"<(?:\w+:)?row\b([^>]*?)(/?)>")
ROW_END = re.compile(r"</(?:\w+:)?row>")
_ROWS_PER_CHUNK = 2000
# a sheet's merged cells (a computed sheet keeps none: its rows are written anew, in the refresh's order)
MERGES = re.compile(r"<(?:\w+:)?mergeCells\b[^>]*?(?:/>|>.*?</(?:\w+:)?mergeCells\s*>)", re.S)
HIDDEN = ' hidden="1"'
KEEP = "keep"  # computed_sheet's drawing argument: leave the sheet's <drawing> element as it is
# Worksheet children that come after <drawing> (ECMA-376 18.3.1.99): a new <drawing> goes before them.
_AFTER_DRAWING = ("legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                  "webPublishItems", "tableParts", "extLst", "AlternateContent")  # (controls wrapped by Excel)


column_letter = functools.lru_cache(maxsize=None)(column_letters)  # any number of letters: a file another program wrote


def inline_string(p: str, text: str) -> str:
    """An inline string's ``<is>`` element; surrounding spaces kept, text never a formula; shown as ``text``
    is, control characters and a ``_x0041_`` typed as text included (:func:`~coachlog_xl.workbook.xmltext.xstring`),
    cut at 32,767 characters."""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    if len(text) > MAX_CELL_TEXT or _SPECIAL.search(text):  # most text needs neither: one scan decides
        # (a carriage return as a reference: a parser reads a written one as a line feed)
        text = xstring(fitted_text(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace("\r", "&#13;")
    return f"<{p}is><{p}t{space}>{text}</{p}t></{p}is>"


def has_special(text: str) -> bool:
    """Whether ``text`` holds what :data:`_SPECIAL` matches; ASCII text is searched for each such character and
    ``_x`` in turn (each a scan at memory speed, a tenth of the time of the class's match)."""
    if text.isascii():
        return "_x" in text or any(c in text for c in _SPECIAL_ASCII)
    return _SPECIAL.search(text) is not None


def serial(value, date1904: bool = False) -> float:
    """A date, date-time or time as an Excel serial number in the workbook's date system (``date1904``:
    :func:`~coachlog_xl.workbook.parts.date1904`)."""
    epoch = EPOCHS[date1904]
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
    """How the values of one computed column are styled: its base style and the kind's format.  A number
    format given to the whole column (its ``<col>`` style) that shows a value as the kind's format does
    (``+0.00;-0.00`` for a mean's ``0.0``, ``dd/mm/yyyy`` for a date's ``yyyy-mm-dd``: see
    :meth:`~coachlog_xl.workbook.stylesxml.Styles.shows_as`) is the person's and kept; one of another kind (a
    mean shown as a percent, a date-time without its time), or one that hides or scales some values (``0.0;;``,
    ``0.0,``), gives way to the kind's, as does a General one."""

    def __init__(self, styles: Styles, base: int, code: str | None):
        self._styles, self._base = styles, base
        self.style = self._styled(code) if code and code != "General" else base
        self.attr = f' s="{self.style}"' if self.style else ""
        self._dated: dict[str, int] = {}

    def _styled(self, code: str) -> int:
        return self._base if self._styles.shows_as(self._base, code) else self._styles.with_format(self._base, code)

    def dated(self, code: str) -> int:
        if code not in self._dated:
            self._dated[code] = self._styled(code)
        return self._dated[code]


def _split(xml: str, tag: str) -> tuple[int, int, str] | None:
    """Start, end and inner text of the first ``<tag>`` element (any prefix), or None."""
    found = element_bounds(xml, tag)
    return None if found is None else (found[0], found[3], xml[found[1]:found[2]])


def element_bounds(xml: str, tag: str) -> tuple[int, int, int, int] | None:
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


_ATTRIBUTE = re.compile(r"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")  # (XML allows either quote)


def attributes(tag: str) -> dict[str, str]:
    return {name: double or single for name, double, single in _ATTRIBUTE.findall(tag)}


def column_styles(head: str) -> dict[int, int]:
    styles = {}
    for tag in re.findall(r"<(?:\w+:)?col\b[^>]*>", head):
        a = attributes(tag)
        if "style" in a:
            for i in range(int(a.get("min", 0)), min(int(a.get("max", 0)), 16384) + 1):
                styles[i] = int(a["style"])
    return styles


def _covered(head: str) -> set[int]:
    out = set()
    for tag in re.findall(r"<(?:\w+:)?col\b[^>]*>", head):
        a = attributes(tag)
        out.update(range(int(a.get("min", 0)), min(int(a.get("max", 0)), 16384) + 1))
    return out


def _first_row(data: str, start: int, end: int) -> tuple[dict[str, str], dict[int, int]]:
    """The attributes of row 1 and the style of each of its cells, by column: ``data[start:end]`` is
    the sheet's ``<sheetData>``."""
    m = ROW_START.search(data, start, end)
    if m is None or attributes(m.group(1)).get("r", "1") != "1":
        return {}, {}
    body = "" if m.group(2) else data[m.end():ROW_END.search(data, m.end(), end).start()]
    styles = {}
    for tag in re.findall(r"<(?:\w+:)?c\b[^>]*?>", body):
        a = attributes(tag)
        ref = CELL_REF.match(a.get("r", ""))
        if ref and "s" in a:
            styles[column_index_from_string(ref.group(1))] = int(a["s"])
    return attributes(m.group(1)), styles


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


_FLOATS, _INTS, _TEXTS, _DATES, _OTHER = "floats", "ints", "texts", "dates", "other"  # kinds of columns
_DATE_TYPES = frozenset({dt.date, dt.datetime, dt.time})
_NO_NUMBER = frozenset({"None", "nan", "inf", "-inf"})  # a number column's blank, NaN or infinity: no cell


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


def _date_codes(column: list) -> list[str | None]:
    """:func:`~coachlog_xl.workbook.writer.date_format` of each date, date-time or time (None for a
    blank), each value without a time zone made once (two zones' equal instants are equal, and not the
    same time of day)."""
    known: dict = {None: None}
    codes = []
    for v in column:
        if getattr(v, "tzinfo", None) is not None:
            codes.append(date_format(v))
        elif v in known:
            codes.append(known[v])
        else:
            codes.append(known.setdefault(v, date_format(v)))
    return codes


def _date_formats(columns: list[_Column], kinds: list[str], values: list[list]) -> list[list | None]:
    """The date format of each value of the columns of dates or mixed kinds (None for the others), and
    their styles looked up in the order a row at a time meets them: a style the workbook lacks is
    numbered in the order it is first asked for."""
    formats: list[list | None] = []
    first: dict[tuple[int, str], int] = {}  # (column, format) -> the first row holding such a date
    for k, (kind, column) in enumerate(zip(kinds, values)):
        if kind == _DATES:
            codes = _date_codes(column)
        elif kind == _OTHER:
            codes = [date_format(v) if v is not None else None for v in column]
        else:
            codes = None
        formats.append(codes)
        for i, code in enumerate(codes or ()):
            if code and (k, code) not in first:
                first[k, code] = i
    for (k, code), _ in sorted(first.items(), key=lambda item: (item[1], item[0][0])):
        columns[k].dated(code)
    return formats


class _ColumnCells:
    """The ``<c>`` elements of one column of a computed sheet for a run of rows, made a column at a time,
    the kind of the column's values decided once (:func:`_kind`)."""

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
        self._reprs: dict[float, str] | None = {}  # each float written once (None: the column's hardly repeat)
        self._serials: dict = {None: ""}  # a date's cell after its row number (see _dates)

    def pieces(self, kind: str, values: list, rows: list[str], formats: list | None) -> tuple[list, bool]:
        """The cells of ``values``, in the rows numbered ``rows`` (as text), as pieces side by side
        (:func:`_rows_xml`): each a text the same in every row or a list of one text per row, a row's cell
        being its pieces joined; and whether every value makes a cell.  Where one makes none (a blank), the
        pieces are one list, "" for a blank.  ``formats``: the date format of each value, for a column of
        dates (see :func:`_date_formats`)."""
        start, number, close_v = self._start, self._number, self._close_v
        if kind == _FLOATS or kind == _INTS:  # each number as the f-string {v!r} or {v} writes it
            texts = self._floats(values) if kind == _FLOATS else list(map(str, values))
            if _NO_NUMBER.isdisjoint(texts):
                return [start, rows, number, texts, close_v], True
            return [[f"{start}{r}{number}{t}{close_v}" if t not in _NO_NUMBER else ""
                     for t, r in zip(texts, rows)]], False
        if kind == _TEXTS:
            texts = list(filter(None, values))
            if has_special("\n".join(texts)) or max(map(len, texts), default=0) > MAX_CELL_TEXT:
                text, close_c, inline = self._text, self._close_c, self._inline
                return [[f"{start}{r}{text}{inline(v)}{close_c}" if v else "" for v, r in zip(values, rows)]], False
            # no text to escape or shorten (the usual case): each is its own <t>, kept as inline_string keeps
            # it (str.strip strips what str.isspace calls a space)
            plain, kept, close = self._plain, self._kept, self._close_t
            if len(texts) == len(values):
                opening = plain if list(map(str.strip, values)) == values else \
                    [plain if v == v.strip() else kept for v in values]
                return [start, rows, opening, values, close], True
            return [[(f"{start}{r}{plain}{v}{close}" if v == v.strip() else f"{start}{r}{kept}{v}{close}") if v else ""
                     for v, r in zip(values, rows)]], False
        if kind == _DATES:
            texts = self._dates(values, formats)
            if "" not in texts:
                return [start, rows, texts], True
            return [[f"{start}{r}{t}" if t else "" for t, r in zip(texts, rows)]], False
        return [[self._any(v, r) for v, r in zip(values, rows)]], False

    def _floats(self, values: list) -> list[str]:
        """``repr`` of each value ("None" for a blank), a value met before in the column looked up; but a
        zero each time (0.0 == -0.0).  Where the first run of rows holds more distinct values than
        repeats, the column's are written a run at a time (:func:`~coachlog_xl.workbook.floattext.float_reprs`)."""
        reprs = self._reprs
        if reprs is None:
            return float_reprs(values)
        new = set(values).difference(reprs)
        if not reprs and len(new) > len(values) // 2:
            self._reprs = None
            return float_reprs(values)
        reprs.update(zip(new, map(repr, new)))
        return [reprs[v] if v else repr(v) for v in values]

    def _dates(self, values: list, formats: list) -> list[str]:
        """What follows the row number in each cell of dates, date-times and times, "" for a blank: the
        column's style in the value's date format and the serial number (as :func:`cell_xml` writes them).
        A value the column held before is looked up, but not one with a time zone (two zones' equal
        instants are equal, and not the same serial)."""
        close_v, p, date1904, made = self._close_v, self._p, self._date1904, self._serials
        pieces: dict[str, str] = {}  # date format -> '" s="7"><v>'
        out = []
        for v, code in zip(values, formats):
            naive = getattr(v, "tzinfo", None) is None
            text = made.get(v) if naive else None
            if text is None:
                piece = pieces.get(code)
                if piece is None:
                    style = self._column.dated(code)
                    attr = f' s="{style}"' if style else ""
                    piece = pieces[code] = f'"{attr}><{p}v>'
                text = f"{piece}{serial(v, date1904)!r}{close_v}"
                if naive:
                    made[v] = text
            out.append(text)
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


def _rows_xml(pieces: list, n: int, empty: Sequence[int]) -> str:
    """``n`` rows, each its ``pieces`` joined: a piece is a text the same in every row or a list of one
    text per row; the rows numbered (from 0) in ``empty`` are left out."""
    merged: list = []  # side by side texts as one
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    stride = len(merged)
    flat = [""] * (stride * n)
    for k, piece in enumerate(merged):
        flat[k::stride] = [piece] * n if isinstance(piece, str) else piece
    for i in empty:
        flat[i * stride:(i + 1) * stride] = [""] * stride
    return "".join(flat)


def _row_open(p: str, row: str, hidden: bool, height: int | None) -> str:
    """A row's opening tag: hidden by a person's filter, as tall as its wrapped text."""
    tall = f' ht="{height}" customHeight="1"' if height else ""
    return f'<{p}row r="{row}"{tall}{HIDDEN if hidden else ""}>'


def computed_sheet(xml: bytes, sheet: schema.Sheet, rows: list[list], styles: Styles,
                   drawing: str | None = KEEP, date1904: bool = False,
                   tables: Sequence[tuple[int, str]] = ()) -> Iterator[bytes]:
    """The computed sheet's XML with ``rows`` below the schema's header row, in chunks of rows each made a
    column at a time (:class:`_ColumnCells`; the rows of a :class:`~coachlog_xl.workbook.writer.SheetRows`
    are taken as its columns, never zipped into rows), each marked as rows for the check of the save
    (:class:`~coachlog_xl.workbook.rowscheck.RowsXml`).

    Cells a person merged are unmerged (:data:`MERGES`): a merge would hide the values written under it.
    ``drawing``: the relationship id of the sheet's drawing, None to drop it, :data:`KEEP` to leave it;
    ``date1904``: the workbook's date system (see :func:`serial`); ``tables``: the tables over the
    sheet's header whose filters hide rows (see :func:`~coachlog_xl.workbook.filters.hidden_rows`).
    """
    text = xml.decode("utf-8")
    p = prefix_of(text)
    start, inner, inner_end, end = element_bounds(text, "sheetData") or (len(text),) * 4
    head, tail = text[:start], text[end:]
    n_cols, last_row = len(sheet.columns), len(rows) + 1
    last = get_column_letter(n_cols)
    row_attrs, header_styles = _first_row(text, inner, inner_end)
    col_styles = column_styles(head)
    covered = _covered(head)
    missing = [i for i in range(1, n_cols + 1) if i not in covered]
    if missing:
        added = ""
        for i in missing:
            col = sheet.columns[i - 1]
            style = styles.plain(schema.NUMBER_FORMATS.get(col.kind, "General"),
                                 col.kind in (schema.INTEGER, schema.FLAG), col.wrap)
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
    own = own_end(tail)  # (a custom view's filter and sort are the view's: left as they are)
    tail = move_sorts(re.sub(r'(<(?:\w+:)?autoFilter\b[^>]*?ref=")[^"]*"', rf'\g<1>A1:{last}{last_row}"', tail[:own],
                             count=1), 2, last_row) + tail[own:]
    tail = MERGES.sub("", tail)  # a person's merged cells would hide the values written under them
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
    hidden = hidden_rows(tail, values, tables)  # a person's filters on the sheet, applied to the new rows
    # rows as tall as the text of the columns whose style wraps (a workbook made before a column wrapped
    # keeps its one-line rows)
    heights = row_heights([c.width if styles.wraps(col_styles.get(i, 0)) else None
                           for i, c in enumerate(sheet.columns, start=1)], values)
    for first in range(0, len(rows), _ROWS_PER_CHUNK):
        stop = min(first + _ROWS_PER_CHUNK, len(rows))
        numbers = [str(r) for r in range(first + 2, stop + 2)]
        made = [w.pieces(kind, v[first:stop], numbers, f and f[first:stop])
                for w, kind, v, f in zip(writers, kinds, values, formats)]
        plain = (not hidden or hidden.isdisjoint(range(first, stop))) and \
            (not heights or heights.keys().isdisjoint(range(first, stop)))
        opening = [f'<{p}row r="', numbers, '">'] if plain else \
            [[_row_open(p, row, i in hidden, heights.get(i)) for i, row in enumerate(numbers, start=first)]]
        if any(full for _, full in made):
            empty: Sequence[int] = ()
        else:  # a row none of whose values makes a cell is left out
            cells = [pieces[0] for pieces, _ in made]
            empty = [i for i, row in enumerate(zip(*cells)) if not any(row)] if cells else range(stop - first)
        chunk = _rows_xml([*opening, *(piece for pieces, _ in made for piece in pieces), f"</{p}row>"],
                          stop - first, empty)
        yield RowsXml(chunk + f"</{p}sheetData>" if stop == len(rows) else chunk, p)
    if not rows:
        yield f"</{p}sheetData>".encode()
    yield tail.encode("utf-8")


