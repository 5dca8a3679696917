"""Cells a person typed on a computed sheet, which a refresh rewrites whole.

A refresh leaves a computed sheet as one block: rows 1, 2, 3 ... each with a cell in column A, no cell
right of the sheet's last column.  :func:`typed_cells` names the cells outside that block in the sheet
as it is before the refresh writes it (a note typed two rows under the table, or in a spare column):
the refresh says they were not kept, and where they still are (the backup).  A note typed in the row
just under the table, in column A, reads as one of the table's rows and is not told apart.

The usual sheet (the block alone) is told by counting its row tags and reading its last one and its
used range; the cells are read only in a sheet that may hold more.
"""

from __future__ import annotations

import re

from coachlog_xl.workbook.sheetxml import CELL, ROW_END, ROW_START, attributes, column_letter

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?ref="[A-Z]+\d+:([A-Z]+)\d+"')
_FIRST_IN_A = re.compile(r'\s*<(?:\w+:)?c\b[^>]*?(?<![\w:])r="A\d')
_CELL_REF = re.compile(r'(?<![\w:])r="([A-Z]+)(\d+)"')
SHOWN = 8  # cells named in a message; the others counted


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def typed_cells(xml: bytes, width: int) -> list[str]:
    """The references of the cells of a computed sheet's XML outside the block a refresh writes (see
    the module), in sheet order; ``width``: the sheet's number of columns."""
    if _just_the_block(xml, width):
        return []
    text = xml.decode("utf-8")
    block, after = 0, len(text)  # the rows of the block: 1 .. block, each with a cell in column A
    for m in ROW_START.finditer(text):
        if m.group(2) or attributes(m.group(1)).get("r") != str(block + 1) \
                or not _FIRST_IN_A.match(text, m.end()):
            after = m.start()
            break
        block += 1
    dim = _DIMENSION.search(xml)
    wide = dim is None or _column(dim.group(1).decode()) > width  # cells right of the block: read every row
    return [ref for ref, row, col in _cells(text, 0 if wide else after, block) if row > block or col > width]


def _just_the_block(xml: bytes, width: int) -> bool:
    """Whether the sheet is the block alone, told without reading its cells: its rows numbered 1 to the
    last one's number, the last starting in column A, and its used range (which Excel, LibreOffice and
    openpyxl keep when they save) no wider than ``width``.  (False for a sheet whose tags carry a
    namespace prefix: those are read cell by cell.)"""
    last = xml.rfind(b'<row r="')
    if last < 0:
        return b"<row" not in xml and b":row" not in xml
    number = xml[last + 8:xml.find(b'"', last + 8)]
    close = xml.find(b">", last)
    if not number.isdigit() or xml.count(b"<row ") != int(number) or not xml.startswith(b'<c r="A', close + 1):
        return False
    dim = _DIMENSION.search(xml)
    return dim is not None and _column(dim.group(1).decode()) <= width


def _cells(text: str, start: int = 0, r: int = 0):
    """(reference, row, column) of every cell holding a value or a formula, from the row starting at
    ``start`` (``r``: the number of the row before it)."""
    for m in ROW_START.finditer(text, start):
        r = int(attributes(m.group(1)).get("r", r + 1))
        if m.group(2):
            continue
        col = 0
        for c in CELL.finditer(text, m.end(), ROW_END.search(text, m.end()).start()):
            ref = _CELL_REF.search(c.group(1))
            col = _column(ref.group(1)) if ref else col + 1
            if "<" in c.group(0)[1:]:  # a value, an inline string or a formula: not a styled blank
                yield f"{column_letter(col)}{r}", r, col


def said(sheet: str, refs: list[str]) -> str:
    """The cells in words: ``Follow-up A80, BM2`` (the first :data:`SHOWN`, then how many more)."""
    more = f" and {len(refs) - SHOWN} more" if len(refs) > SHOWN else ""
    return f"{sheet} {', '.join(refs[:SHOWN])}{more}"
