"""The naive refresh, kept only as a negative control for the fidelity tests and the benchmarks.

It writes like the package once did: load the whole workbook with openpyxl, change the computed sheets
and the tool cells, save the whole workbook again.  That is slow at scale and loses or rewrites what
openpyxl does not model (shapes, form controls, VBA unless asked, pivot caches, chart extensions,
x14 conditional formats).  Not a user option: ``coachlog refresh`` always writes surgically.

    python benchmarks/naive_refresh.py BOOK.xlsx [--as-of 2026-04-30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from copy import copy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl.utils import get_column_letter  # noqa: E402

from coachlog_xl import api, schema  # noqa: E402
from coachlog_xl.workbook.book import FileBook  # noqa: E402
from coachlog_xl.workbook.template import format_computed_sheet  # noqa: E402
from coachlog_xl.workbook.writelock import guarded_write  # noqa: E402
from coachlog_xl.workbook.writer import load_for_writing, save_atomically, set_cell  # noqa: E402
from tests.chart_reference import add_charts  # noqa: E402 - the charts as openpyxl draws them


class NaiveBook(FileBook):
    """A :class:`FileBook` whose writes go through a full openpyxl workbook, saved whole."""

    def __init__(self, path: Path):
        super().__init__(path)
        self._wb = None

    def _write(self):
        if self._wb is None:
            self._wb = load_for_writing(self.path)
        return self._wb

    def write_sheet(self, sheet: schema.Sheet, rows: list[list]) -> None:
        wb = self._write()
        ws = wb[sheet.name] if sheet.name in wb.sheetnames else wb.create_sheet(sheet.name)
        if ws.max_row > 1:
            ws.delete_rows(2, ws.max_row - 1)
        for col, c in enumerate(sheet.columns, start=1):
            ws.cell(row=1, column=col, value=c.header)
        formats = [schema.NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
        for r, values in enumerate(rows, start=2):
            for col, value in enumerate(values, start=1):
                set_cell(ws.cell(row=r, column=col), value, formats[col - 1])
        format_computed_sheet(ws, sheet, len(rows))
        add_charts(ws, sheet, rows)

    def write_cells(self, sheet: str, cells: list) -> None:
        ws = self._write()[sheet]
        for row, col, value, fmt in cells:
            cell = ws.cell(row=row, column=col)
            set_cell(cell, value, fmt)
            dim = ws.column_dimensions.get(get_column_letter(col))
            if dim is not None and dim.fill is not None and dim.fill.fill_type and not cell.fill.fill_type:
                cell.fill = copy(dim.fill)

    def save(self, backup: bool = True, expected=None) -> None:
        if self._wb is not None:
            save_atomically(self._wb, self.path, backup=backup, expected=expected)


def naive_refresh(path: Path, as_of: dt.date | None = None) -> None:
    """Refresh ``path`` the naive way (same computation, openpyxl load and save)."""
    with guarded_write(path) as before:
        book = NaiveBook(Path(path))
        try:
            api.refresh_book(book, as_of)
            book.save(backup=False, expected=before)
        finally:
            book.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat)
    args = parser.parse_args()
    naive_refresh(args.book, args.as_of)
