"""Adding rows to an input table as a person would: below the last row, the table growing with them."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import get_column_letter, range_boundaries
from coachlog_xl.workbook.writer import set_cell


def last_filled_row(ws, width: int, first_col: int = 1) -> int:
    """The last row with a value in the given columns (1 when only the header is there)."""
    last = 1
    for row in ws.iter_rows(min_row=2, min_col=first_col, max_col=first_col + width - 1):
        if any(c.value not in (None, "") for c in row):
            last = row[0].row
    return last


def append_records(wb, sheet: schema.Sheet, records: list[dict], first_col: int = 1) -> int:
    """Append records (keyed by schema key) to a sheet's table; returns the first new row number.

    Values are written through :func:`set_cell`, so text is never turned into a formula; the sheet's
    Excel table, when it has one, is extended to cover the new rows.
    """
    ws = wb[sheet.name]
    width = len(sheet.columns)
    start = last_filled_row(ws, width, first_col) + 1
    formats = [schema.NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
    for i, rec in enumerate(records):
        for j, col in enumerate(sheet.columns):
            if col.key in rec:
                set_cell(ws.cell(row=start + i, column=first_col + j), rec[col.key], formats[j])
    if sheet.table:
        extend_table(ws, sheet.table, start + len(records) - 1)
    return start


def extend_table(ws, name: str, last_row: int) -> None:
    """Grow an Excel table (and its filter) down to ``last_row``; never shrink it."""
    if name not in ws.tables:
        return
    table = ws.tables[name]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max(max_row, last_row)}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
