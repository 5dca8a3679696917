"""Single cells of an input sheet rewritten in place: the Log's tool-owned columns, the refresh stamp.

:func:`edit_cells` rewrites the ``<c>`` elements it is given (adding a cell or a row where there is
none) and leaves every other byte of the sheet alone; :func:`formula_cells` and :func:`error_cells`
find the cells no refresh may write over or read as values (a formula's, and each cell of an array
formula's range: a dynamic array's spill, a legacy array formula entered over several cells).  Cells are written as
:func:`~coachlog_xl.workbook.sheetxml.cell_xml` writes a computed sheet's.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from coachlog_xl.core.inputs import ArrayPart
from coachlog_xl.workbook.a1 import column_number, get_column_letter, range_boundaries
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.sheetxml import (
    CELL,
    CELL_REF,
    ROW_END,
    ROW_START,
    attributes,
    cell_xml,
    column_letter,
    column_styles,
    element_bounds,
)
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import cell_value, date_format
from coachlog_xl.workbook.xmltext import unescape

_R_IS = r'(?<![\w:])r\s*=\s*"'  # the attribute r, not x:r, to its value's quote
_R_ATTR = re.compile(_R_IS + r'([^"]*)"')
_CELL_COLUMN = re.compile(r'(?<![\w:])r="(?:([A-Z]+)\d)?')  # a cell's r attribute: its column's letters, if any
# CELL, with the column's letters apart when r is the cell's first attribute (as Excel and coachlog write it)
_CELL_EDIT = re.compile(r'<(?:\w+:)?c\b(?:\s+r="([A-Z]+)\d+")?([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)', re.S)
_PAST_LAST_COLUMN = 16385
_SPANS = re.compile(r'\s+spans="[^"]*"')
_FORMULA = re.compile(r"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
ERROR_MARK = b">#"  # what every error cell holds, however its tag is written: a value starting with "#"
_ERROR_TYPE = re.compile(r"""\bt\s*=\s*["']e["']""")
_VALUE = re.compile(r"<(?:\w+:)?v\b[^>]*>([^<]*)</(?:\w+:)?v\s*>")
_VALUE_ELEMENT = re.compile(r"<(?:\w+:)?v\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?v>)")
_STR_TYPE = re.compile(r'\bt="str"')
_ARRAY_FORMULA = re.compile(r'<(?:\w+:)?f\b[^>]*?\bt="array"[^>]*>')
_REF = re.compile(r'(?<![\w:])ref="([^"]*)"')
# a cell's column, as its reference names it: past XFD, even past ZZZ, in a file another program wrote
column_index = functools.lru_cache(maxsize=None)(column_number)


def edit_cells(xml: bytes, cells: list[tuple], styles: Styles, date1904: bool = False) -> bytes:
    """The sheet's XML with only the given cells (row, column, value, number format) rewritten;
    ``date1904``: the workbook's date system (see :func:`~coachlog_xl.workbook.sheetxml.serial`)."""
    text = xml.decode("utf-8")
    p = prefix_of(text)
    new_cell = _NewCells(p, column_styles(text[:(element_bounds(text, "sheetData") or (len(text),))[0]]), styles)
    by_row: dict[int, dict[int, tuple]] = {}
    ranges = array_ranges(text)
    arrays = _Covered(ranges)
    for row, col, value, fmt in cells:
        if not ranges or not arrays.holds(row, col):  # (an array formula's cell holds what it gives)
            by_row.setdefault(row, {})[col] = (cell_value(value), fmt, date1904)
    out, pos, r = [], 0, 0
    order, next_edit = sorted(by_row), 0  # rows to edit, walked once alongside the sheet's rows
    for m in ROW_START.finditer(text):
        found = _R_ATTR.search(m.group(1))
        r = int(found.group(1)) if found else r + 1  # a row without r follows the one before (ECMA-376)
        close = m.end() if m.group(2) else ROW_END.search(text, m.end()).end()
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


def formula_cells(xml: bytes, columns: set[int] | None = None,
                  calculated: bool | None = None) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text of each cell of ``columns`` (None: of every column) holding a formula
    (``<f>``, shared or not; a cell of a filled-down formula gives "", a cell of an array formula's range
    other than its first an :class:`~coachlog_xl.core.inputs.ArrayPart`), whatever its cached value;
    ``calculated`` False: only those stored without a value (never calculated, as a program that does
    not calculate writes them: :func:`_has_value`), True: only those with one (an empty text included)."""
    text = xml.decode("utf-8")
    if not _FORMULA.search(text):
        return {}
    arrays = _Covered(array_ranges(text))
    return {(r, col): unescape(f.group(2) or "") if f is not None else part for r, col, cell in sheet_cells(text)
            if (columns is None or col in columns)
            and ((f := _FORMULA.search(cell)) is not None or (part := arrays.range_of(r, col)) is not None)
            and (calculated is None or calculated == _has_value(cell))}


def array_ranges(text: str) -> list[tuple[int, int, int, int]]:
    """(first column, first row, last column, last row) of each array formula's range in a sheet's
    XML: its first cell holds the formula, the others only the values it gives."""
    if 't="array"' not in text:
        return []
    out = []
    for m in _ARRAY_FORMULA.finditer(text):
        ref = _REF.search(m.group(0))
        try:
            bounds = range_boundaries(ref.group(1)) if ref else None
        except ValueError:
            bounds = None
        if bounds and None not in bounds:
            out.append(bounds)
    return out


class _Covered:
    """The cells of array formulas' ranges, looked up by row: a column of 10,000 formulas Excel saved as
    array formulas (each its own range) is 10,000 ranges, and a cell is compared with its row's few."""

    _TALL = 64  # rows: a range taller is compared with every cell (a spill down a column: there are few)

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self._rows: dict[int, list[tuple[int, int, int, int]]] = {}
        self._tall = []
        for c1, r1, c2, r2 in ranges:
            if r2 - r1 < self._TALL:
                for r in range(r1, r2 + 1):
                    self._rows.setdefault(r, []).append((c1, r1, c2, r2))
            else:
                self._tall.append((c1, r1, c2, r2))

    def _bounds(self, r: int, col: int) -> tuple[int, int, int, int] | None:
        return next(((c1, r1, c2, r2) for c1, r1, c2, r2 in (*self._rows.get(r, ()), *self._tall)
                     if c1 <= col <= c2 and r1 <= r <= r2), None)

    def holds(self, r: int, col: int) -> bool:
        return self._bounds(r, col) is not None

    def range_of(self, r: int, col: int) -> ArrayPart | None:
        """The range (``AA2:AA3``) of the array formula whose range holds the cell, if one does."""
        if (bounds := self._bounds(r, col)) is None:
            return None
        c1, r1, c2, r2 = bounds
        return ArrayPart(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")


def _has_value(cell: str) -> bool:
    """Whether a formula cell holds its calculated value: a ``<v>`` with a value, or an empty one in a
    cell typed as text (a formula giving "").  openpyxl writes an uncalculated formula with an empty
    ``<v/>`` and no type."""
    v = _VALUE_ELEMENT.search(cell)
    if v is None:
        return False
    return bool((v.group(1) or "").strip()) or bool(_STR_TYPE.search(cell[:cell.find(">")]))


def sheet_cells(text: str, start: int = 0, r: int = 0) -> Iterator[tuple[int, int, str]]:
    """(row, column, the cell's XML) of every cell of a sheet, 1-based, from the row starting at
    ``start`` (``r``: the number of the row before it); a row or a cell without its r attribute follows
    the one before it (ECMA-376)."""
    for m in ROW_START.finditer(text, start):
        r = int(attributes(m.group(1)).get("r", r + 1))
        yield from _row_cells(text, m, r)


def _row_cells(text: str, m: re.Match, r: int) -> Iterator[tuple[int, int, str]]:
    """(row, column, the cell's XML) of the cells of the row whose start ``m`` matched, numbered ``r``."""
    if m.group(2):
        return
    col = 0
    for c in CELL.finditer(text, m.end(), ROW_END.search(text, m.end()).start()):
        found = _R_ATTR.search(c.group(1))
        ref = CELL_REF.match(found.group(1)) if found else None
        col = column_index(ref.group(1)) if ref else col + 1
        yield r, col, c.group(0)


def _edit_row(r: int, body: str, edits: dict, new_cell: _NewCells) -> str:
    """The row's cells with ``edits`` made; a cell holding a formula is never written over (a filled-down
    formula's first cell holds the formula of the others)."""
    parts, col = [], 0
    todo, i = sorted(edits), 0  # the columns to write, in order; i: the first not yet written
    after = todo[0]  # the column of the next edit: the cells before it are kept as they are
    kept = _cells_before(after).match(body) if body else None
    if kept is not None and kept.end():  # (those the loop below would keep as they are, matched at once)
        parts.append(body[:kept.end()])
        col = column_index(kept.group(1))
    for m in _CELL_EDIT.finditer(body, kept.end() if kept is not None else 0):
        if m.group(1):  # the cell's column from its r attribute (the others only for an edit)
            col = column_index(m.group(1))
        else:
            ref = _CELL_COLUMN.search(m.group(2))
            col = column_index(ref.group(1)) if ref and ref.group(1) else col + 1
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
                parts.append(new_cell(r, col, edits[col], int(attributes(m.group(2)).get("s", 0))))
        else:
            parts.append(m.group(0))
        after = todo[i] if i < len(todo) else _PAST_LAST_COLUMN
    parts.extend(new_cell(r, k, edits[k], None) for k in todo[i:])
    return "".join(parts)


@functools.cache
def _cells_before(column: int) -> re.Pattern[str]:
    """The cells at the start of a row's content that :func:`_edit_row` keeps as they are, before the
    first column it writes: each a match of ``_CELL_EDIT`` whose ``r`` comes first and names a column
    before ``column``, one right after another (group 1: the last one's column letters).  A row of a
    Log holds a person's cells before the tool's columns, matched here at once instead of one by one."""
    letters = column_letter(column)
    before = [f"[A-Z]{{1,{len(letters) - 1}}}"] if len(letters) > 1 else []
    for j, letter in enumerate(letters):  # as long as the column's letters, and less at letter j
        if letter > "A":
            before.append(letters[:j] + f"[A-{chr(ord(letter) - 1)}]" + "[A-Z]" * (len(letters) - j - 1))
    if not before:  # (column A: no column comes before it)
        return re.compile(r"(?!)()")
    return re.compile(r'(?:<(?:\w+:)?c\b\s+r="(' + "|".join(before) + r')\d+"[^>]*?(?:/>|>.*?</(?:\w+:)?c>))*', re.S)


def _new_row(p: str, r: int, edits: dict, new_cell: _NewCells) -> str:
    return f'<{p}row r="{r}">{_edit_row(r, "", edits, new_cell)}</{p}row>'


class _NewCells:
    """Tool cells of one sheet: each the cell's own style (else its column's), keeping the column's fill
    (the tool grey) on a cell that has none, with the value's number format, unless that style's own
    shows the value as well (a person's 0.00 on a mean, dd/mm/yyyy on a date: kept, as Excel keeps a
    cell's format when a value is typed in).  The style of each (cell's style, column, format, value's kind) is
    looked up once: the Log's tool columns hold a few of them."""

    def __init__(self, p: str, col_styles: dict[int, int], styles: Styles):
        self._p, self._col_styles, self._styles = p, col_styles, styles
        self._style: dict[tuple, int] = {}

    def __call__(self, r: int, col: int, edit: tuple, current: int | None) -> str:
        value, fmt, date1904 = edit
        kind = type(value)
        style = self.style_for(col, current, value, fmt)
        ref = f"{column_letter(col)}{r}"
        p = self._p
        if kind is int or kind is float and value - value == 0:  # a number as cell_xml writes it, without its checks
            s = f' s="{style}"' if style else ""
            return f'<{p}c r="{ref}"{s}><{p}v>{value!r}</{p}v></{p}c>'
        return cell_xml(p, ref, value, style, date1904) or (f'<{p}c r="{ref}" s="{style}"/>' if style else "")

    def key(self, col: int, current: int | None, value, fmt: str | None) -> tuple:
        """What the style :meth:`style_for` gives depends on: (``current``, ``col``, the number format, the kind
        shown)."""
        kind = type(value)
        dated = None if kind is float or kind is int else date_format(value)
        return current, col, dated or fmt, "date" if dated else "number" if kind is float or kind is int else None

    def style_for(self, col: int, current: int | None, value, fmt: str | None) -> int:
        """The style a cell of column ``col`` whose own style is ``current`` (None: it has none) gets, written
        ``value`` with the number format ``fmt``."""
        key = self.key(col, current, value, fmt)
        style = self._style.get(key)
        if style is None:
            style = self._style[key] = self._style_of(col, current, *key[2:])
        return style

    def base(self, col: int, current: int | None) -> int:
        """The style a cell of column ``col`` shows before it is written: its own, else its column's."""
        column = self._col_styles.get(col)
        return current if current is not None else column if column is not None else 0

    def _style_of(self, col: int, current: int | None, code: str | None, shown: str | None) -> int:
        styles, column = self._styles, self._col_styles.get(col)
        base = self.base(col, current)
        if shown is not None and styles.number_kind(base) == shown:
            code = None
        fill = None
        if column is not None and styles.fill_of(base) == "0" and styles.fill_of(column) != "0":
            fill = styles.fill_of(column)
        return styles.with_format(base, code, fill)


@dataclass(frozen=True)
class ColumnCells:
    """What :func:`formats_set_back` reads of a sheet's XML for some columns, before the values to write are
    known (a refresh reads it beside the Log's rows, where a core would idle): each cell's style in those
    columns (``styles``: by (row, column); the last of a cell written twice, as a walk keeps it), the cells there
    holding a formula (``formulas``, not written), each column's own style and the array formulas' ranges."""

    styles: dict[tuple[int, int], int]
    formulas: frozenset[tuple[int, int]]
    column_styles: dict[int, int]
    arrays: list[tuple[int, int, int, int]]


def column_cells(xml: bytes, columns: set[int]) -> ColumnCells:
    """The cells of ``columns`` as :func:`formats_set_back` needs them (:class:`ColumnCells`)."""
    text = xml.decode("utf-8")
    bounds = element_bounds(text, "sheetData")
    styles: dict[tuple[int, int], int] = {}
    formulas = set()
    for row, col, cell in _cells_in_columns(text, bounds, columns):
        if col in columns:
            if _FORMULA.search(cell):
                formulas.add((row, col))
            else:
                styles[(row, col)] = int(attributes(CELL.match(cell).group(1)).get("s", 0))
    return ColumnCells(styles, frozenset(formulas), column_styles(text[:(bounds or (len(text),))[0]]),
                       array_ranges(text))


def formats_set_back(found: ColumnCells, cells: list[tuple], styles: Styles) -> list[tuple[int, int, int, int]]:
    """(row, column, the style it shows, the style it gets) of each of ``cells`` (as :func:`edit_cells` takes
    them) whose number format :func:`edit_cells` would change from one of the cell's own or its column's (a
    person's: not General) to the value's: a format of another kind than the value's (:class:`_NewCells`).
    ``found``: the sheet's cells of their columns (:func:`column_cells`).  A cell holding a formula, or in an
    array formula's range, is not written, and not named.  The verdict of each (cell's style, column, format,
    value's kind) is reached once: a Log's 30,000 grey cells hold a few."""
    new_cell = _NewCells("", found.column_styles, styles)
    arrays = _Covered(found.arrays)
    wanted = {(row, col): (cell_value(value), fmt) for row, col, value, fmt in cells
              if not (found.arrays and arrays.holds(row, col))}
    verdicts: dict[tuple, tuple[int, int] | None] = {}
    out = []
    for (row, col), (value, fmt) in sorted(wanted.items()):
        if (row, col) in found.formulas:
            continue
        current = found.styles.get((row, col))
        key = new_cell.key(col, current, value, fmt)
        if key not in verdicts:
            base, style = new_cell.base(col, current), new_cell.style_for(col, current, value, fmt)
            set_back = styles.number_kind(base) != "general" and styles.format_of(style) != styles.format_of(base)
            verdicts[key] = (base, style) if set_back else None
        if (verdict := verdicts[key]) is not None:
            out.append((row, col, *verdict))
    return out


_CELL_WITHOUT_R = re.compile(r"<(?:\w+:)?c\b(?![^>]*?" + _R_IS + ")")


def _cells_in_columns(text: str, bounds: tuple | None, columns: set[int]) -> Iterator[tuple[int, int, str]]:
    """What :func:`sheet_cells` gives, of the cells in ``columns`` only (and maybe others): found by their r
    attribute with one search where every cell has one (as Excel, LibreOffice and coachlog write them; one
    search for a cell without, not a count of all cells and of those with one), not by walking every cell of
    the sheet (a year's Log: 30 cells a row); else :func:`sheet_cells` itself.
    ``bounds``: the sheetData element's (:func:`~coachlog_xl.workbook.sheetxml.element_bounds`)."""
    body = text[bounds[1]:bounds[2]] if bounds else ""
    if not columns or _CELL_WITHOUT_R.search(body):
        yield from sheet_cells(text)
        return
    letters = "|".join(column_letter(c) for c in sorted(columns))
    for m in re.finditer(rf'<(?:\w+:)?c\b(?=[^>]*?{_R_IS}({letters})(\d+)")', body):
        yield int(m.group(2)), column_index(m.group(1)), CELL.match(body, m.start()).group(0)


def grow_dimension(text: str, cells: list[tuple]) -> str:
    """The used range (``<dimension>``) reaching ``cells`` ((row, column) pairs first); never shrunk."""
    m = re.search(r'<(?:\w+:)?dimension\b[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', text)
    if m is None or not cells:
        return text
    c1, r1 = column_index(m.group(1)), int(m.group(2))
    c2 = column_index(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)) if m.group(4) else r1
    rows, cols = [c[0] for c in cells], [c[1] for c in cells]
    n1, n2 = (min(c1, *cols), min(r1, *rows)), (max(c2, *cols), max(r2, *rows))
    if (n1, n2) == ((c1, r1), (c2, r2)):
        return text
    ref = f"{column_letter(n1[0])}{n1[1]}:{column_letter(n2[0])}{n2[1]}"
    return text[:m.start(1)] + ref + text[m.end(m.lastindex):]


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """The Excel error values (``#DIV/0!``, ``#REF!``, ...) a sheet's XML stores, by (row, column),
    1-based: a formula that could not be computed.  The fast reader gives such a cell as a blank."""
    if ERROR_MARK not in xml:
        return {}
    out = {}
    for r, col, cell in _marked_cells(xml.decode("utf-8"), ERROR_MARK.decode()):
        tag = cell[:cell.find(">")]
        value = _VALUE.search(cell) if _ERROR_TYPE.search(tag) else None
        if value is not None:
            out[r, col] = unescape(value.group(1))
    return out


def _marked_cells(text: str, mark: str) -> Iterator[tuple[int, int, str]]:
    """:func:`sheet_cells` of the rows whose XML holds ``mark``, the others passed over without looking at
    their cells (a few error cells among 200,000 rows: 0.1 s, where every cell's took 10 s); a row's
    number is its r attribute, else one past the row's before it, as :func:`sheet_cells` counts."""
    starts = [m.start() for m in ROW_START.finditer(text)]
    numbered = (-1, 0)  # (index of a row in starts, its number): row -1 is numbered 0
    at = text.find(mark)
    while at != -1:
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0:
            m = ROW_START.match(text, starts[k])
            j, add = k, 0
            while j > numbered[0] and (r := attributes(ROW_START.match(text, starts[j]).group(1)).get("r")) is None:
                j, add = j - 1, add + 1
            number = int(r) + add if j > numbered[0] else numbered[1] + add
            numbered = (k, number)
            yield from _row_cells(text, m, number)
        at = text.find(mark, starts[k + 1]) if k + 1 < len(starts) else -1
