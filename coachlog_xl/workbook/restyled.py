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

Cells a person merged (Home > Merge & Center) are unmerged for the same reason, and because a merge
hides the values written under its first cell: :func:`merged_by_hand` names the ranges.

Rows a person hid by hand (Home > Format > Hide Rows, or a group collapsed) are shown again by a
refresh for the same reason: :func:`hidden_by_hand` names them.  Rows a filter hides are not: the
refresh applies the filter to the new rows, so where the sheet or a table on it filters, its hidden
rows are taken as the filter's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coachlog_xl.workbook.sheetxml import column_styles
from coachlog_xl.workbook.stylesxml import Styles

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


def restyled_cells(xml: bytes, styles: Styles, width: int) -> list[str]:
    """The references of the cells (and ``N:N`` of the rows) below row 1 of a computed sheet's XML whose
    style looks like none of its first ``width`` columns' styles, in sheet order (see the module)."""
    opening = _DATA.search(xml)
    if opening is None:
        return []
    head = xml[:opening.start()].decode("utf-8", "replace")
    start = _after_first_row(xml, opening.end())
    bases = column_styles(head)
    looks = {styles.look(bases.get(i, 0)) for i in range(1, width + 1)}
    # the styles no column's look has, searched past the columns' own (no string made per cell); among a
    # workbook's thousands of styles, every cell's
    known = [str(i).encode() for i in range(len(styles.xfs)) if styles.look(i) in looks]
    unknown = re.compile(rb' s="(?!(?:' + b"|".join(known) + rb')")(\d+)"') if 0 < len(known) <= _KNOWN_MOST else _STYLE
    foreign = {s for s in set(unknown.findall(xml, start)) if styles.look(int(s)) not in looks}
    if not foreign:
        return []
    # each cell or row of such a style, found by its style (a scan as the one above), its tag then read
    hits = re.compile(rb' s="(?:' + b"|".join(re.escape(s) for s in sorted(foreign)) + rb')"')
    out, whole = [], None
    for m in hits.finditer(xml, start):
        opening = xml.rfind(b"<", start, m.start())
        tag = _TAG.match(xml, opening) if opening != -1 and xml.find(b">", opening, m.start()) == -1 else None
        ref = tag and _REF.search(xml, opening, xml.find(b">", m.end()) + 1)
        if not ref:
            continue
        letters, number = ref.group(1).decode(), ref.group(2).decode()
        if tag.group(1) == b"row":
            if _CUSTOM.search(xml, opening, ref.endpos):  # (else its style is not shown)
                whole = number
                out.append(f"{number}:{number}")
        elif letters and number != whole:  # (a cell of a row named whole is not named again)
            out.append(f"{letters}{number}")
    return out


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

