"""Cells a person typed on a computed sheet, which a refresh rewrites whole.

A refresh leaves a computed sheet as one block: rows 1, 2, 3 ... each with a value in column A, no
cell right of the sheet's last column.  :func:`typed_cells` names the cells holding a value outside that
block in the sheet's XML as it is before the refresh writes it (a note typed under the table, or in a
spare column): the file refresh says they were not kept, and where they still are (the backup).
:func:`typed_values` applies the same rule to a sheet's values read through xlwings, where no backup
is made: a refresh in Excel stops before it writes anything and names the cells.  Cells that hold
nothing (LibreOffice and Excel write formatted empty cells, and empty rows below a table) are no one's
words.  A note typed in column A of the row just under the table reads as one of the table's rows and
is not told apart.

The usual sheet is told in one scan of its row tags and the first cell of each; the cells are read one
by one only after the block, and in every row only where a cell may lie past its last column: the
sheet's used range says so, a search of the cells' references finds one, or a cell's reference is not
its first attribute (or it has none), which the search does not read.  White space where XML allows it
(line breaks between a row's tag and its first cell, between attributes, around ``=``: an indenting
writer's) is read as the same block.  A sheet whose attributes are quoted with ' is not looked at (no
writer here does that).
"""

from __future__ import annotations

import re

from coachlog_xl.workbook.celledits import column_index, sheet_cells
from coachlog_xl.workbook.sheetxml import column_letter, prefix_of

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref\s*=\s*"[A-Z]+\d+:([A-Z]+)\d+"')
_VALUE = re.compile(r"<(?:\w+:)?(?:v\s*>[^<]|is\b|f\b)")  # a cell's value, inline text or formula
SHOWN = 8  # cells named in a message; the others counted


def typed_cells(xml: bytes, width: int) -> list[str]:
    """The references of the cells holding a value in a computed sheet's XML outside the block a refresh
    writes (see the module), in sheet order; ``width``: the sheet's number of columns."""
    if b"r='" in xml[:1 << 16]:  # (a writer quoting its attributes with ': not read)
        return []
    p = prefix_of(xml[:4096].decode("utf-8", "replace")).encode()
    block, after = _block(xml, p)
    dim = _DIMENSION.search(xml)  # cells right of the block: every row is read (a stale used range is not trusted)
    wide = dim is None or column_index(dim.group(1).decode()) > width or not _led_by_reference(xml, p) \
        or _past(p, width).search(xml) is not None
    if after is None and not wide:
        return []
    text = xml.decode("utf-8")
    start = 0 if wide else len(xml[:after].decode("utf-8"))
    return [f"{column_letter(col)}{row}" for row, col, cell in sheet_cells(text, start, 0 if wide else block)
            if (row > block or col > width) and _VALUE.search(cell)]


def typed_values(rows: list[list], width: int) -> list[str]:
    """The references of the cells holding a value outside the block a refresh writes, in ``rows``
    (a sheet's values from A1, blanks as None); ``width``: the sheet's number of columns."""
    block = 0
    while block < len(rows) and rows[block] and rows[block][0] is not None:
        block += 1
    return [f"{column_letter(c)}{r}" for r, row in enumerate(rows, 1) for c, value in enumerate(row, 1)
            if (r > block or c > width) and value is not None]


def _led_by_reference(xml: bytes, p: bytes) -> bool:
    """Whether every cell tag starts ``<c r="`` (as Excel, LibreOffice and openpyxl write them), counted at
    the speed of memory: every tag starting ``<c`` in the cell data (a rich text's ``<color>`` too, which
    only makes the answer no)."""
    start, end = xml.find(b"<" + p + b"sheetData"), xml.rfind(b"</" + p + b"sheetData>")
    tag = b"<" + p + b"c"
    return start < 0 or xml.count(tag + b' r="', start, end) == xml.count(tag, start, end)


def _past(p: bytes, width: int) -> re.Pattern[bytes]:
    """A cell tag ``<c r="...`` whose reference lies right of column ``width`` (more letters than its
    letter, or as many and later in the alphabet at the first letter that differs); searched from its
    literal start, it costs about 2 ms a megabyte."""
    last = column_letter(width)
    later = [(last[:i] + f"[{chr(ord(last[i]) + 1)}-Z]" + "[A-Z]" * (len(last) - i - 1)).encode()
             for i in range(len(last)) if last[i] != "Z"] + [b"[A-Z]{%d,3}" % (len(last) + 1)] * (len(last) < 3)
    return re.compile(rb"<" + p + rb'c r="(?:' + b"|".join(later) + rb")\d")


def _block(xml: bytes, p: bytes) -> tuple[int, int | None]:
    """The rows of the block (1 .. n) and the byte where the first row after it starts (None: none).
    A row or a cell written without its number is the one after the one before (ECMA-376)."""
    rows = re.compile(rb"<" + p + rb'row\b(?:\s+r\s*=\s*"(\d+)")?[^>]*?(/?)>(?:\s*<' + p
                      + rb'c\b(?:\s+r\s*=\s*"([A-Z]+)\d+")?[^>/]*>\s*<' + p + rb"(v\s*>[^<]|is\b|f\b))?")
    n = 0
    for m in rows.finditer(xml):
        number, empty, column, value = m.groups()
        if empty or not value or column not in (None, b"A") or (number is not None and int(number) != n + 1):
            return n, m.start()
        n += 1
    return n, None


def said(sheet: str, refs: list[str]) -> str:
    """The cells in words: ``Follow-up A80, BM2`` (the first :data:`SHOWN`, then how many more)."""
    more = f" and {len(refs) - SHOWN} more" if len(refs) > SHOWN else ""
    return f"{sheet} {', '.join(refs[:SHOWN])}{more}"
