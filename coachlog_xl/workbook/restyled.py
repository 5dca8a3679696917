"""Cells a person formatted on a computed sheet, whose formatting a refresh does not keep.

A refresh writes a computed sheet's rows anew, in its own order, each cell in its column's style (the
sheet's ``<col>`` style, with the number format of the value's kind).  A fill, a font, a border or an
alignment a person gave to some cells (a row highlighted for a meeting) would stand beside another
session after the refresh, so it is not kept: :func:`restyled_cells` names those cells, from the
sheet's XML as it is before the refresh writes it, so that the file refresh can say so.  What a refresh
does keep is named in that message: a whole column's formatting (its ``<col>`` style, which the new
cells take) and conditional formatting (which grows with the rows).

A cell counts as formatted by a person when its style looks like none of the sheet's column styles
(number formats apart: the refresh gives each value its column's number format when that shows it as its
kind's does, else its kind's).  The sheet's XML is searched first for
the styles no column has, a regular expression passing over the columns' own styles without making a
string per cell, so that a sheet nobody formatted costs one scan; when there are some, a second scan
finds the cells of those styles, and only their tags are read.  A whole row formatted (Excel gives the
row a style of its own, shown in its empty cells, and its cells that style too) is named as the row,
``5:5``, and its cells not again.  Row 1, the header, is not looked at: the refresh keeps its cells'
styles.

A number format a person gave to some cells of a column (L2:L46 of Follow-up set to ``0.000``) is set back
too: the refresh gives each cell its column's number format (the column's own, when that shows the value
as its kind's does, else its kind's, or a date's).  :func:`reformatted_cells` names those cells, down each
column, those of a look a column has (the others :func:`restyled_cells` names).  It searches as that does:
the styles the refresh writes (a column's look with a format it gives that column) are passed over in one
scan, and only the cells of the others are read.  A style the refresh writes in one column, given to a cell
of another column of the same look (the integer columns' ``0`` on a mean of Checks), is not told apart.

Cells a person merged (Home > Merge & Center) are unmerged for the same reason, and because a merge
hides the values written under its first cell: :func:`merged_by_hand` names the ranges.

Rows a person hid by hand (Home > Format > Hide Rows, or a group collapsed) are shown again by a
refresh for the same reason: :func:`hidden_by_hand` names them.  Rows a filter hides are not: the
refresh applies the filter to the new rows, so where the sheet or a table on it filters, its hidden
rows are taken as the filter's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import column_index_from_string
from coachlog_xl.workbook.sheetxml import column_letter, column_styles
from coachlog_xl.workbook.stylesxml import Styles, same_format

_DATA = re.compile(rb"<(?:\w+:)?sheetData\b[^>]*>")
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*"([A-Z]+\d+:[A-Z]+\d+)"')
_STYLE = re.compile(rb' s="(\d+)"')
_KNOWN_MOST = 200  # styles looking like a column's, passed over in one expression
_CUSTOM = re.compile(rb'\scustomFormat="(?:1|true)"')
_ROW_END = re.compile(rb"</(?:\w+:)?row>|<(?:\w+:)?row\b[^>]*/>")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_TAG = re.compile(rb"<(?:\w+:)?(c|row)\b")
_REF = re.compile(rb'\sr="([A-Z]*)(\d+)"')
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_FILTERED = re.compile(rb"<(?:\w+:)?filterColumn\b")
_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_VIEWS = re.compile(rb"<(?:\w+:)?customSheetViews\b")
# the formats the refresh gives a date, date-time or time, in any column (a Checks value may be a date)
_DATED = tuple(schema.NUMBER_FORMATS[kind] for kind in (schema.DATE, schema.DATETIME, schema.TIME))


def restyled_cells(xml: bytes, styles: Styles, width: int, used: set[bytes] | None = None) -> list[str]:
    """The references of the cells (and ``N:N`` of the rows) below row 1 of a computed sheet's XML whose
    style looks like none of its first ``width`` columns' styles, in sheet order (see the module);
    ``used``: :func:`cell_styles`, found for this and :func:`reformatted_cells` in one scan."""
    found = _rows_and_bases(xml)
    if found is None:
        return []
    start, bases = found
    looks = _looks(styles, bases, width)
    # the styles no column's look has, searched past the columns' own
    known = _known(styles, looks)
    passed = set(known)
    foreign = {s for s in (_styles_beyond(xml, start, known) if used is None else used)
               if int(s) not in passed and styles.look(int(s)) not in looks}
    out, whole = [], None
    for tag, letters, number, _style, opening, end in _tags_of(xml, start, foreign):
        if tag == b"row":
            if _CUSTOM.search(xml, opening, end):  # (else its style is not shown)
                whole = number
                out.append(f"{number}:{number}")
        elif letters and number != whole:  # (a cell of a row named whole is not named again)
            out.append(f"{letters}{number}")
    return out


def reformatted_cells(xml: bytes, styles: Styles, sheet: schema.Sheet, skip: Collection[str] = (),
                      used: set[bytes] | None = None) -> list[str]:
    """The cells below row 1 of a computed sheet's XML whose number format the refresh sets back to their
    column's, as runs down each column with its header (``L2:L46 (Delta)``), column by column; cells of a look
    no column has (:func:`restyled_cells`) and those in ``skip`` apart (see the module); ``used``: as
    :func:`restyled_cells`'."""
    found = _rows_and_bases(xml)
    if found is None:
        return []
    start, bases = found
    width = len(sheet.columns)
    own, given, written = _given(styles, bases, sheet)
    passed = set(written)
    others = {s for s in (_styles_beyond(xml, start, written) if used is None else used)
              if int(s) not in passed and styles.look(int(s)) in given}
    runs: dict[int, list[list[int]]] = {}
    for tag, letters, number, style, _opening, _end in _tags_of(xml, start, others):
        if tag != b"c" or not letters or f"{letters}{number}" in skip:
            continue
        i, row = column_index_from_string(letters), int(number)
        if i > width or styles.format_of(int(style)) in own[i]:
            continue
        column = runs.setdefault(i, [])
        if column and column[-1][1] == row - 1:
            column[-1][1] = row
        else:
            column.append([row, row])
    return [f"{column_letter(i)}{a}" + (f":{column_letter(i)}{b}" if b != a else "")
            + f" ({sheet.columns[i - 1].header})"
            for i in sorted(runs) for a, b in runs[i]]


def cell_styles(xml: bytes, styles: Styles, sheet: schema.Sheet) -> set[bytes]:
    """The styles (as written) of the cells and rows below row 1 of a computed sheet's XML but those the
    refresh writes in a column of their look: what :func:`restyled_cells` and :func:`reformatted_cells` each
    search for, found in one scan for both (the two scans took 30 ms each over the Checks' 35 MB at a
    million score rows)."""
    found = _rows_and_bases(xml)
    if found is None:
        return set()
    start, bases = found
    known = set(_known(styles, _looks(styles, bases, len(sheet.columns))))
    return _styles_beyond(xml, start, [s for s in _given(styles, bases, sheet)[2] if s in known])


def _looks(styles: Styles, bases: dict[int, int], width: int) -> set:
    """The looks of the first ``width`` columns' styles."""
    return {styles.look(bases.get(i, 0)) for i in range(1, width + 1)}


def _known(styles: Styles, looks: set) -> list[int]:
    """The styles of a look some column has."""
    return [i for i in range(len(styles.xfs)) if styles.look(i) in looks]


def _given(styles: Styles, bases: dict[int, int], sheet: schema.Sheet) -> tuple[dict[int, set[str]], dict, list[int]]:
    """Each column's own formats, each column look's formats the refresh gives, and the styles it writes:
    those looks with those formats."""
    own = {i: {styles.format_of(bases.get(i, 0)), *map(same_format, (schema.NUMBER_FORMATS.get(c.kind, "General"),
                                                                      *_DATED))}
           for i, c in enumerate(sheet.columns, start=1)}
    given: dict[tuple, set[str]] = {}
    for i in range(1, len(sheet.columns) + 1):
        given.setdefault(styles.look(bases.get(i, 0)), set()).update(own[i])
    return own, given, [s for s in range(len(styles.xfs)) if styles.format_of(s) in given.get(styles.look(s), ())]


def _rows_and_bases(xml: bytes) -> tuple[int, dict[int, int]] | None:
    """Where a computed sheet's rows below row 1 start in its XML, and its columns' styles (``<col>``); None
    without ``<sheetData>``."""
    opening = _DATA.search(xml)
    if opening is None:
        return None
    return _after_first_row(xml, opening.end()), column_styles(xml[:opening.start()].decode("utf-8", "replace"))


def _styles_beyond(xml: bytes, start: int, known: list[int]) -> set[bytes]:
    """The styles (their numbers as written) of the cells and rows from ``start`` that are not among ``known``:
    one scan passing over the known ones (no string made per cell), every cell's where they are many among a
    workbook's thousands of styles."""
    keys = [str(i).encode() for i in known]
    unknown = re.compile(rb' s="(?!(?:' + b"|".join(keys) + rb')")(\d+)"') if 0 < len(keys) <= _KNOWN_MOST else _STYLE
    passed = set(known)
    return {s for s in set(unknown.findall(xml, start)) if int(s) not in passed}


def _tags_of(xml: bytes, start: int, chosen: set[bytes]):
    """Each cell or row from ``start`` whose style is one of ``chosen``, found by its style (a scan as
    :func:`_styles_beyond`'s), then its tag read: (``b"c"`` or ``b"row"``, column letters, row number, style,
    where its tag opens, where it ends)."""
    if not chosen:
        return
    hits = re.compile(rb' s="(' + b"|".join(re.escape(s) for s in sorted(chosen)) + rb')"')
    for m in hits.finditer(xml, start):
        opening = xml.rfind(b"<", start, m.start())
        tag = _TAG.match(xml, opening) if opening != -1 and xml.find(b">", opening, m.start()) == -1 else None
        ref = tag and _REF.search(xml, opening, xml.find(b">", m.end()) + 1)
        if ref:
            yield tag.group(1), ref.group(1).decode(), ref.group(2).decode(), m.group(1), opening, ref.endpos


def merged_by_hand(xml: bytes) -> list[str]:
    """The ranges of merged cells a computed sheet's XML lists (``A10:A12``), in its order."""
    if b"mergeCell" not in xml:
        return []
    return [ref.decode() for ref in _MERGE_REF.findall(xml)]


def hidden_by_hand(xml: bytes, tables: Sequence[str] = ()) -> list[str]:
    """The rows below row 1 of a computed sheet's XML that are hidden (``5:5``), in sheet order, when
    neither the sheet's filter nor one of its tables' (``tables``: their XML) filters: rows a person hid
    (see the module)."""
    if b'hidden="' not in xml:
        return []
    opening = _DATA.search(xml)
    if opening is None:
        return []
    end = _DATA_END.search(xml, opening.end())
    after = end.end() if end else len(xml)
    views = _VIEWS.search(xml, after)  # (a custom view's filter hides rows only while that view is shown)
    if _FILTERED.search(xml, after, views.start() if views else len(xml)) or any("filterColumn" in t for t in tables):
        return []
    out = []
    for m in _HIDDEN_ROW.finditer(xml, opening.end(), end.start() if end else len(xml)):
        ref = _REF.search(m.group())
        if ref and ref.group(2) != b"1":
            out.append(f"{ref.group(2).decode()}:{ref.group(2).decode()}")
    return out


def _after_first_row(xml: bytes, at: int) -> int:
    """Where the sheet's rows below row 1 start (``at``: just inside ``<sheetData>``): after its first row
    when that is row 1 (a sheet whose row 1 was emptied holds none)."""
    row = _ROW.search(xml, at)
    ref = row and _REF.search(row.group())
    if row is None or (ref and ref.group(2) != b"1"):
        return at
    end = _ROW_END.search(xml, row.start())
    return at if end is None else end.end()

