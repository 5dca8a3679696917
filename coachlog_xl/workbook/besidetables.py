"""Tables a person put on a computed sheet beside or below the rows a refresh writes.

A table (Insert > Table, or the table a Power Query loads, Data > Get Data) placed past the last column
of Follow-up, Baseline, Aggregate or Checks, or headed by a row other than the sheet's first (below the
rows, or beside them lower down), stands in cells a refresh clears or writes over: it writes the sheet
whole.  Its part would still name the columns whose header cells are now blank or hold the refresh's
values, and Excel takes a table whose names and header cells disagree for damage: it offers to repair
the file and drops the table.  (A table headed by row 1 over the tool's columns is kept in line with
the rows written, :mod:`~coachlog_xl.workbook.tables`, and so is one there without a header row, Table
Design > Header Row unticked, which starts on row 2, the first row of values, or on row 1: it has no
header cells to disagree with its names.  A table headed by row 1 right of column A none of whose
names is a header of the sheet is not over the tool's columns but beside the fewer ones an earlier
version wrote, and is in the way too; one from column A is the tool's, its headers renamed.)  So, as for a pivot
table there (:mod:`~coachlog_xl.workbook.pivots`), a refresh of the file stops before anything is
written, names each such table and its range, and says how to move it; cells typed elsewhere on the
computed sheets are named with it.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from coachlog_xl import schema
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.a1 import range_boundaries
from coachlog_xl.workbook.parts import attribute_text
from coachlog_xl.workbook.pivots import Pivot, on_computed, refusal

_TABLE = re.compile(rb"<(?:\w+:)?table\b[^>]*>")
_ATTR = {name: re.compile(rb"\s" + name.encode() + rb'\s*=\s*"([^"]*)"') for name in ("displayName", "name", "ref")}
_COLUMN_NAME = re.compile(rb'<(?:\w+:)?tableColumn\b[^>]*?\sname\s*=\s*"([^"]*)"')


def headerless(table_tag: bytes | str) -> bool:
    """Whether a table's start tag says it has no header row (Table Design > Header Row unticked,
    ``headerRowCount="0"``): Excel then starts its range on its first row of values, and it has no header
    cells to disagree with its column names."""
    text = table_tag.decode("utf-8") if isinstance(table_tag, bytes) else table_tag
    return re.search(r'\sheaderRowCount\s*=\s*"0"', text) is not None


def _names_a_header(xml: bytes, sheet: schema.Sheet) -> bool:
    """Whether one of the table's column names (or none is given) is a header of ``sheet``: a table made
    over the tool's columns takes its names from their header cells, while one a person put beside the
    fewer columns an earlier version wrote (Follow-up had 28, Aggregate 10) names its own."""
    names = [attribute_text(n.decode("utf-8")).strip().casefold() for n in _COLUMN_NAME.findall(xml)]
    headers = {h.casefold() for h in sheet.headers}
    return not names or any(n in headers for n in names)


def in_the_way(xml: bytes, sheet: schema.Sheet) -> tuple[str, tuple[int, int, int, int]] | None:
    """(the table's name, its bounds: first column, row, last column, row) when the table part ``xml``
    lies wholly past the columns of ``sheet``, starts below its first row of values (row 1, the
    header, for a table with a header row; row 2 for one without, :func:`headerless`), or is headed by
    row 1 right of column A with names none of which is a header of the sheet, else None."""
    root = _TABLE.search(xml)
    if root is None:
        return None
    ref = _ATTR["ref"].search(root.group(0))
    try:
        bounds = range_boundaries(ref.group(1).decode("utf-8").replace("$", "")) if ref else None
    except ValueError:
        bounds = None
    if bounds is None or None in bounds:
        return None
    bare = headerless(root.group(0))
    if bounds[0] <= len(sheet.columns) and bounds[1] <= (2 if bare else 1) \
            and (bare or bounds[0] == 1 or _names_a_header(xml, sheet)):
        return None
    name = _ATTR["displayName"].search(root.group(0)) or _ATTR["name"].search(root.group(0))
    return (attribute_text(name.group(1).decode("utf-8")) if name else "", bounds)


def refuse_tables_beside(pkg, parts: dict[str, str]) -> None:
    """A :class:`~coachlog_xl.errors.WorkbookError` naming the tables beside or below the tool's rows
    on the computed sheets of the package (``parts``: its sheet parts by name) and the cells typed
    elsewhere on them, before anything is read or written; any other problem of the file is left to the
    readers, which name it."""
    from coachlog_xl.workbook.a1 import get_column_letter

    def table(xml: bytes, name: str, sheet: schema.Sheet) -> Pivot | None:
        if (got := in_the_way(xml, sheet)) is None:
            return None
        title, (left, top, right, bottom) = got
        return Pivot(title, name, f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}")

    if (on := on_computed(pkg, parts, "table", table)) is not None:
        tables, typed = on
        raise WorkbookError(f"{PurePath(pkg.source.path).name}: {refusal(tables, typed, kind='table')}")
