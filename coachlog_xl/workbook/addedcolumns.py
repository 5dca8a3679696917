"""The input columns a later template added (the Criteria sheet's Other names), added by ``coachlog repair`` to a
workbook made before them.

The column goes at the end of its table: inserting it where the template has it would move the user's cells to
the right, and with them whatever points at them (a formula, a chart, a filter), and a repair changes none of a
user's cells.  The reader finds each column by its header, wherever it stands.  The column after the table must
be nobody's: empty down the table's rows (no cell of a user's, no other table, no merged cell), under no data
validation or conditional format of the user's, not hidden, on a sheet not protected.  Else nothing is added, and
the repair says why and what to do instead (type the header in Excel, which grows the table); so too where the
sheet has no table of that name.  A width the user set over the column (one ``<col>`` entry over several columns)
is kept: no second entry is written over it.
"""

from __future__ import annotations

from copy import copy

from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.table import TableColumn

from coachlog_xl import schema
from coachlog_xl.core.inputs import header_key
from coachlog_xl.workbook import writer

# (sheet, column key): the columns a workbook made before them lacks
ADDED = ((schema.CRITERIA, "other_names"),)


def add_columns(wb) -> tuple[list[str], list[str]]:
    """Add each column of :data:`ADDED` that its sheet's table lacks at the table's end.  Returns the columns
    added (``Criteria: Other names``) and, for each that could not be, why and what to do."""
    added, refused = [], []
    for sheet, key in ADDED:
        title = schema.sheet_named(wb.sheetnames, sheet.name)
        ws = wb[title] if title is not None else None
        if ws is None:  # (a sheet re-created from the template has it)
            continue
        header = sheet.column(key).header
        table = next((t for t in ws.tables.values() if t.displayName.casefold() == sheet.table.casefold()), None)
        if table is None:
            if (why := _no_table(ws, sheet, header)):
                refused.append(why)
            continue
        first_col, first_row, last_col, last_row = range_boundaries(table.ref)
        if any(header_key(ws.cell(first_row, c).value) == header_key(header) for c in range(first_col, last_col + 1)):
            continue
        new = last_col + 1
        taken, clear = _taken(ws, table, new, first_row, last_row)
        if taken:
            cell = f"{get_column_letter(new)}{first_row}" if new <= 16384 else "the cell right of its last header"
            refused.append(f"{ws.title}: the {table.displayName} table has no {header} column, and none was added: "
                           f"{taken}. {clear}Type {header} in {cell}, right of the table's last header, in "
                           f"Excel: the table grows to take the column in.")
            continue
        _extend(ws, table, header, sheet.column(key).width, new, first_row, last_row)
        added.append(f"{ws.title}: {header}")
    return added, refused


def _no_table(ws, sheet, header: str) -> str:
    """Why no column was added on ``ws``, which has no table of ``sheet``'s name (converted to a range, or
    renamed), and what to do; "" where its header row has the column already."""
    rows = list(ws.iter_rows(min_row=1, max_row=min(ws.max_row, 20)))
    named = {header_key(c.header) for c in sheet.columns}
    top = next((r for r in rows if any(header_key(c.value) in named for c in r)), None)
    if top is not None and any(header_key(c.value) == header_key(header) for c in top):
        return ""
    last = max((c.column for c in top if c.value is not None), default=0) if top is not None else 0
    where = f"in {get_column_letter(last + 1)}{top[0].row}, " if top is not None and last < 16384 else "in the cell "
    return (f"{ws.title}: there is no {sheet.table} table on the sheet (it was converted to a range or renamed), so "
            f"the repair added no {header} column. Type {header} {where}right of the last header of your criteria, "
            f"in Excel, and your criteria's other names below it.")


def _taken(ws, table, col: int, first_row: int, last_row: int) -> tuple[str, str]:
    """Why column ``col`` beside ``table`` cannot take its new column (a value, another table, a merged cell, a
    data validation or conditional format, a protected sheet, a hidden column) and what to clear first, or ("", "")."""
    if col > 16384:
        return "it already reaches the sheet's last column", ""
    letter, move = get_column_letter(col), "Move or clear it first if it is not meant for that column. "
    if ws.protection.sheet:
        return "the sheet is protected", "Unprotect it first (Review > Unprotect Sheet). "
    for row in range(first_row, last_row + 1):
        if ws.cell(row, col).value is not None:
            return f"{letter}{row} holds a value", move
    for other in ws.tables.values():
        a, top, b, bottom = range_boundaries(other.ref)
        if other is not table and a <= col <= b and top <= last_row and bottom >= first_row:
            return f"the {other.displayName} table stands in column {letter}", move
    for merged in ws.merged_cells.ranges:
        if merged.min_col <= col <= merged.max_col and merged.min_row <= last_row and merged.max_row >= first_row:
            return f"{merged.coord} is merged", "Unmerge it first. "
    for rule in ws.data_validations.dataValidation:
        if (over := _over(rule.sqref, col, first_row)):
            return (f"a data validation of yours stands over {over}",
                    f"Clear it from column {letter} first (Data > Data Validation > Clear All), if it is not meant "
                    "for other names. ")
    for formats in ws.conditional_formatting:
        if (over := _over(formats.sqref, col, first_row)):
            return (f"a conditional format of yours stands over {over}",
                    f"Clear it from column {letter} first (Home > Conditional Formatting > Clear Rules), if it is "
                    "not meant for other names. ")
    if any(d.hidden for d in _entries(ws, col)):
        return f"column {letter} is hidden", "Unhide it first. "
    return "", ""


def _over(sqref, col: int, first_row: int) -> str:
    """The range of ``sqref`` covering column ``col`` from ``first_row`` down, or ""."""
    return next((r.coord for r in sqref.ranges if r.min_col <= col <= r.max_col and r.max_row >= first_row), "")


def _entries(ws, col: int) -> list:
    """The sheet's column entries (``<col min max>``: a width, a hidden column) covering column ``col``: openpyxl
    keys an entry by its first column, ``M`` for one over M:P."""
    found = []
    for letter, d in ws.column_dimensions.items():
        low = d.min or column_index_from_string(letter)
        if low <= col <= max(d.max or low, low):
            found.append(d)
    return found


def _extend(ws, table, header: str, width: float | None, col: int, first_row: int, last_row: int) -> None:
    """Write ``header`` in column ``col`` of the header row, styled as the table's last header, and take the column
    into ``table`` (its range, its filter's and its list of columns)."""
    cell, beside = ws.cell(first_row, col), ws.cell(first_row, col - 1)
    writer.set_cell(cell, header)
    if beside.has_style:
        cell.font, cell.fill, cell.border = copy(beside.font), copy(beside.fill), copy(beside.border)
        cell.alignment = copy(beside.alignment)
    letter = get_column_letter(col)
    if width and not _entries(ws, col):  # (a width of the user's kept, and no second entry over a column)
        ws.column_dimensions[letter].width = width
    start = table.ref.split(":")[0]
    table.ref = f"{start}:{letter}{last_row}"
    if table.autoFilter is not None:
        shown = last_row - (1 if table.totalsRowCount else 0)
        table.autoFilter.ref = f"{start}:{letter}{shown}"
    ids = [c.id for c in table.tableColumns]
    table.tableColumns.append(TableColumn(id=max(ids, default=0) + 1, name=header))
