"""Writing a refresh's results: the computed sheets, the tool-owned Log cells and the stamp.

A refresh owns the computed sheets entirely and, on the Log, only the baseline columns of the rows
the core returned in ``log_updates``; it writes nothing else.  The file is saved to a temporary
file in the same folder and moved over the original in one step.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from coachlog_xl import schema
from coachlog_xl.core.refresh import RefreshResult
from coachlog_xl.errors import TemplateError
from coachlog_xl.workbook.reader import open_values
from coachlog_xl.workbook.safety import Fingerprint, save_workbook
from coachlog_xl.workbook.template import format_computed_sheet

MAX_CELL_TEXT = 32767
DATE_FORMAT = schema.NUMBER_FORMATS[schema.DATE]
DATETIME_FORMAT = schema.NUMBER_FORMATS[schema.DATETIME]


def load_for_writing(path: Path):
    open_values(path).close()  # the same clear error for a file that is not a workbook
    return load_workbook(path, keep_vba=Path(path).suffix.lower() == ".xlsm", rich_text=True)


def cell_value(value):
    """A value as openpyxl should store it: None for blanks, plain Python types otherwise."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def safe_text(text: str) -> str:
    """Text a cell can hold: characters XML forbids become U+FFFD, and at most 32,767 characters."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "\u2026"


def set_cell(cell, value, number_format: str | None = None) -> bool:
    """Write a value; text is always stored as text, never as a formula.

    Returns False when the text had to be changed to fit in a cell (see :func:`safe_text`).
    """
    value = cell_value(value)
    kept = True
    if isinstance(value, str):
        fitted = safe_text(value)
        kept, value = fitted == value, fitted
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT if value.time() != dt.time(0) else DATE_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif number_format:
        cell.number_format = number_format
    return kept


def write_sheet(wb, sheet: schema.Sheet, frame: pd.DataFrame) -> None:
    """Replace a computed sheet's rows with ``frame`` (columns = the sheet's keys)."""
    ws = wb[sheet.name] if sheet.name in wb.sheetnames else wb.create_sheet(sheet.name)
    if ws.max_row > 1:
        ws.delete_rows(2, ws.max_row - 1)
    for col, c in enumerate(sheet.columns, start=1):
        ws.cell(row=1, column=col, value=c.header)
    formats = [schema.NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
    for r, values in enumerate(frame[sheet.keys].itertuples(index=False, name=None), start=2):
        for col, value in enumerate(values, start=1):
            set_cell(ws.cell(row=r, column=col), value, formats[col - 1])
    format_computed_sheet(ws, sheet, len(frame))


def write_log_updates(wb, updates: pd.DataFrame) -> None:
    ws = wb[schema.LOG.name]
    headers = {str(c.value).strip().lower(): c.column for c in ws[1] if c.value is not None}
    cols = {}
    for key in ("baseline_mean", "baseline_n", "baseline_recorded_on"):
        col = schema.LOG.column(key)
        if col.header.lower() not in headers:
            raise TemplateError(f'Log sheet, row 1: the column "{col.header}" is missing; restore its header.')
        cols[key] = (headers[col.header.lower()], schema.NUMBER_FORMATS.get(col.kind))
    for rec in updates.to_dict("records"):
        for key, (col, fmt) in cols.items():
            set_cell(ws.cell(row=int(rec["_row"]), column=col), rec[key], fmt)


def add_aggregate_charts(wb, frame: pd.DataFrame) -> None:
    """The tool's own charts on Aggregate: mean delta by coaching method and by criterion."""
    ws = wb[schema.AGGREGATE.name]
    ws._charts = []
    value_col = schema.AGGREGATE.keys.index("mean_delta") + 1
    group_col = schema.AGGREGATE.keys.index("group") + 1
    anchor_col = len(schema.AGGREGATE.columns) + 2
    top = 1
    for _, label in schema.AGGREGATE_DIMENSIONS[:2]:
        rows = [i + 2 for i, d in enumerate(frame["dimension"]) if d == label]
        if not rows:
            continue
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"Mean delta by {label.lower()} (valid comparisons)"
        chart.y_axis.title = "Mean delta (points)"
        chart.legend = None
        chart.height, chart.width = 7.5, 16
        data = Reference(ws, min_col=value_col, min_row=rows[0], max_row=rows[-1])
        cats = Reference(ws, min_col=group_col, min_row=rows[0], max_row=rows[-1])
        chart.add_data(data, titles_from_data=False)
        chart.set_categories(cats)
        ws.add_chart(chart, f"{get_column_letter(anchor_col)}{top}")
        top += 16


def write_stamp(wb, text: str) -> None:
    if schema.START in wb.sheetnames:
        wb[schema.START][schema.STAMP_CELL] = text


def save_atomically(wb, path: Path, backup: bool = True, expected: Fingerprint | None = None) -> None:
    """Save through :func:`coachlog_xl.workbook.safety.save_workbook` (verified, atomic, with a backup)."""
    save_workbook(wb, path, backup=backup, expected=expected)


def write_result(path: Path, result: RefreshResult, stamp: str, expected: Fingerprint | None = None) -> None:
    wb = load_for_writing(path)
    for sheet, frame in (
        (schema.FOLLOWUP, result.followup),
        (schema.BASELINE, result.baseline),
        (schema.AGGREGATE, result.aggregate),
        (schema.CHECKS, result.checks),
    ):
        write_sheet(wb, sheet, frame)
    add_aggregate_charts(wb, result.aggregate)
    write_log_updates(wb, result.log_updates)
    write_stamp(wb, stamp)
    save_atomically(wb, path, backup=result.config.backup, expected=expected)
