"""A sheet whose values reach far beyond its table, refused before a reader lays it out as a grid.

The compiled readers (python-calamine, fastexcel) and the table built from their rows hold a sheet as a
grid from A1 to its last value: one note typed in the last column (``XFD2``, where Ctrl+Right lands)
beside 3,000 rows makes a grid of 49 million cells (gigabytes, and minutes), and one in the last cell
(``XFD1048576``) a grid no machine holds (the reader aborts the process).  :func:`refuse_far` reads
the used range the sheet states (its ``<dimension>``, in the first bytes of its XML); only when that
reaches past :data:`MAX_COLUMNS` columns or :data:`MAX_CELLS` cells are the sheet's cells looked at:
first at the speed of a search (:func:`_reach`: a used range stated far beyond the cells, as a writer
may leave it, or cells formatted far to the right cost no more), then, when that bound is past them too,
cell by cell, and the values among them (not a cell that is only formatted, which the readers skip) must
lie within those bounds, else a clear error names the farthest ones.  A sheet stating no used range is
read as it is.  :func:`stated_far` tells, from the used ranges and that bound, whether any sheet of a
file may be such a sheet (the second process loading the Scores sheets leaves such a file to the first,
which names the cells).
This module imports nothing but the standard library: that second process runs it before pandas is
imported.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from coachlog_xl.errors import WorkbookError

MAX_COLUMNS = 1024  # an export one column per criterion, comment and field has a few dozen
MAX_CELLS = 50_000_000  # 1,000,000 rows of 50 columns; a grid cell takes 32 bytes in the readers
_HEAD = 1 << 16  # the dimension comes before the rows, in the first bytes
_CHUNK = 1 << 24
_DIMENSION = re.compile(rb"""<(?:\w+:)?dimension\b[^>]*?\bref=["'](?:[A-Z]+\d+:)?([A-Z]+)(\d+)["']""")
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s/>]")  # ("<" never stands in text: it is written &lt;)
_CELL = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br=["']([A-Z]+)(\d+)["'][^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)""", re.S)
_WIDE_REF = re.compile(rb"""r=["']([A-Z]{2,3})\d""")  # a cell past column Z (no other attribute ends in r)
_REF_AT = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\sr=["'][A-Z]+(\d+)["']""")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v>[^<]|is>|f\b)")


def _within(rows: int, cols: int) -> bool:
    return cols <= MAX_COLUMNS and rows * cols <= MAX_CELLS


def _index(letters: bytes) -> int:
    """The column number of its letters (``A`` 1, ``XFD`` 16,384)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _stated(zf: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    """(rows, columns) of the used range the part states, or None when it states none."""
    with zf.open(part) as f:
        found = _DIMENSION.search(f.read(_HEAD))
    return None if found is None else (int(found.group(2)), _index(found.group(1)))


def stated_far(path: Path) -> bool:
    """Whether a worksheet of the file states a used range beyond the bounds and its cells may reach
    past them (:func:`_reach`; see the module)."""
    with zipfile.ZipFile(path) as zf:
        return any((size := _stated(zf, name)) is not None and not _within(*size) and not _within(*_reach(zf, name))
                   for name in zf.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def refuse_far(path: Path, sheet: str, part: str | None) -> None:
    """A clear error when a value of the sheet stored at ``part`` of the file lies beyond the bounds a
    reader can lay out (see the module); nothing when the part is missing or its used range is within."""
    if part is None:
        return
    with zipfile.ZipFile(path) as zf:
        if part not in zf.NameToInfo:
            return
        size = _stated(zf, part)
        if size is None or _within(*size) or _within(*_reach(zf, part)):
            return
        far_col, far_row = _farthest(zf, part)
    if far_col is None or _within(far_row[0], far_col[1]):
        return
    right, down = (f"{_letters(c)}{r}" for r, c in (far_col, far_row))
    reach = right if right == down else f"column {_letters(far_col[1])} (at {right}) and row {far_row[0]:,} (at {down})"
    raise WorkbookError(
        f"{path}: the values of the sheet \"{sheet}\" reach {reach}. A sheet is read from A1 to its last value, "
        f"as a grid of at most {MAX_COLUMNS:,} columns and {MAX_CELLS:,} cells (this one: {far_col[1]:,} by "
        f"{far_row[0]:,}), so that a value typed far away cannot take minutes and the machine's memory. Delete the "
        "values typed far beyond the table (in Excel or LibreOffice, Ctrl+End goes to the sheet's last cell), save, "
        "and run the command again.")


def _reach(zf: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(rows, columns) within which every value of the part lies: the row of the last cell of each read
    (a value or only a format; rows ascend, as the format has them) and the farthest column past Z in
    which a cell holds a value (26 when none does), found at the speed of a search for those rare
    cells.  A used range stated far beyond the values (a writer's own, or cells formatted far to the
    right) costs no look at each cell (:func:`_farthest`)."""
    rows, cols = 0, 26
    carry = b""
    with zf.open(part) as f:
        while True:
            chunk = f.read(_CHUNK)
            data = carry + chunk
            last = _last_cell_start(data)
            end = len(data) if not chunk else last
            cols = _widest(data, end, cols)
            if (at := _REF_AT.match(data, last)) is not None:
                rows = max(rows, int(at.group(1)))
            if not chunk:
                return rows, cols
            carry = data[end:]


def _widest(data: bytes, end: int, cols: int, tries: int = 16) -> int:
    """The farthest column past ``cols`` in which a cell of ``data[:end]`` holds a value (``cols`` when
    none does), a search per column named, farthest first; after ``tries`` columns without a value, the
    farthest named (a bound)."""
    named = sorted({n for n in map(_index, set(_WIDE_REF.findall(data, 0, end))) if n > cols}, reverse=True)
    if len(named) > tries:
        return named[0]
    for n in named:
        held = re.compile(rb"""r=["']""" + _letters(n).encode()
                          + rb"""\d+["'][^>]*?(?<!/)>\s*<(?:\w+:)?(?:v>[^<]|is>|f\b)""")
        if held.search(data, 0, end):
            return n
    return cols


def _farthest(zf: zipfile.ZipFile, part: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(row, column) of the value farthest right and of the value farthest down in the part (None, None
    without a value), its XML read a chunk at a time."""
    far_col = far_row = None
    carry = b""
    with zf.open(part) as f:
        while True:
            chunk = f.read(_CHUNK)
            data = carry + chunk
            end = len(data) if not chunk else _last_cell_start(data)  # (that cell may go on in the next chunk)
            for m in _CELL.finditer(data, 0, end):
                if m.group(3) is None or not _VALUE.search(m.group(3)):
                    continue
                row, col = int(m.group(2)), _index(m.group(1))
                if far_col is None or col > far_col[1]:
                    far_col = (row, col)
                if far_row is None or row > far_row[0]:
                    far_row = (row, col)
            if not chunk:
                return far_col, far_row
            carry = data[end:]


def _last_cell_start(data: bytes) -> int:
    """Where the last whole start tag of a cell in ``data`` begins (0 without one): what follows it, a
    tag cut in two included, is read with the next chunk."""
    at = len(data)
    while (at := data.rfind(b"<", 0, at)) >= 0:
        if _CELL_START.match(data, at):
            return at
    return 0
