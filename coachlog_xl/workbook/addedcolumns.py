"""The input columns a later template added (the Criteria sheet's Other names), added by ``coachlog repair`` to a
workbook made before them.

The column goes at the end of its table: inserting it where the template has it would move the user's cells to
the right, and with them whatever points at them (a formula, a chart, a filter), and a repair changes none of a
user's cells.  The reader finds each column by its header, wherever it stands.  The column after the table must
be empty down the table's rows (no cell of a user's, no other table, no merged cell): else nothing is added, and
the repair says what to do instead.
"""

from __future__ import annotations

from copy import copy

from openpyxl.utils import get_column_letter, range_boundaries
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
        table = next((t for t in ws.tables.values() if t.displayName.casefold() == sheet.table.casefold()),
                     None) if ws is not None else None
        if table is None:  # (a sheet re-created from the template has it; a table deleted is said by a refresh)
            continue
        header = sheet.column(key).header
        first_col, first_row, last_col, last_row = range_boundaries(table.ref)
        if any(header_key(ws.cell(first_row, c).value) == header_key(header) for c in range(first_col, last_col + 1)):
            continue
        new = last_col + 1
        taken = _taken(ws, table, new, first_row, last_row)
        if taken:
            refused.append(f"{ws.title}: the {table.displayName} table has no {header} column, and none was added: "
                           f"{taken}. Add one yourself (a header cell {header} at the table's end, inside the table), "
                           f"or move what is there and run the repair again.")
            continue
        _extend(ws, table, header, sheet.column(key).width, new, first_row, last_row)
        added.append(f"{ws.title}: {header}")
    return added, refused


def _taken(ws, table, col: int, first_row: int, last_row: int) -> str:
    """Why column ``col`` beside ``table`` cannot take its new column (a value, another table, a merged cell),
    or ""."""
    letter = get_column_letter(col)
    if col > 16384:
        return "it already reaches the sheet's last column"
    for row in range(first_row, last_row + 1):
        if ws.cell(row, col).value is not None:
            return f"{letter}{row} holds a value"
    for other in ws.tables.values():
        a, top, b, bottom = range_boundaries(other.ref)
        if other is not table and a <= col <= b and top <= last_row and bottom >= first_row:
            return f"the {other.displayName} table stands in column {letter}"
    for merged in ws.merged_cells.ranges:
        if merged.min_col <= col <= merged.max_col and merged.min_row <= last_row and merged.max_row >= first_row:
            return f"{merged.coord} is merged"
    return ""


def _extend(ws, table, header: str, width: float | None, col: int, first_row: int, last_row: int) -> None:
    """Write ``header`` in column ``col`` of the header row, styled as the table's last header, and take the column
    into ``table`` (its range, its filter's and its list of columns)."""
    cell, beside = ws.cell(first_row, col), ws.cell(first_row, col - 1)
    writer.set_cell(cell, header)
    if beside.has_style:
        cell.font, cell.fill, cell.border = copy(beside.font), copy(beside.fill), copy(beside.border)
        cell.alignment = copy(beside.alignment)
    letter = get_column_letter(col)
    if width and letter not in ws.column_dimensions:  # (a width of the user's kept)
        ws.column_dimensions[letter].width = width
    start = table.ref.split(":")[0]
    table.ref = f"{start}:{letter}{last_row}"
    if table.autoFilter is not None:
        shown = last_row - (1 if table.totalsRowCount else 0)
        table.autoFilter.ref = f"{start}:{letter}{shown}"
    ids = [c.id for c in table.tableColumns]
    table.tableColumns.append(TableColumn(id=max(ids, default=0) + 1, name=header))
