"""Appending an export's rows to a Scores sheet of the workbook, as a person pasting it would.

The rows go, as exported, into the Scores sheet when the export's header is the sheet's, else into a
sheet of its own whose name starts with ``Scores`` (a refresh reads every such sheet).  Rows the
sheet already holds are not added again, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.config import Config
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.layout import map_headers
from coachlog_xl.errors import ConfigError
from coachlog_xl.workbook.fill import extend_table
from coachlog_xl.workbook.writer import set_cell

BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Appended:
    sheet: str
    new_sheet: bool
    rows_added: int
    rows_already_there: int
    first_row: int | None
    cells_altered: int = 0


def target_sheet(wb, export: RawTable, name: str | None, stem: str) -> str:
    if name:
        if not name.lower().startswith("scores"):
            raise ConfigError(f'--sheet "{name}": the sheet name must start with "Scores" so a refresh reads it.')
        return name
    head = [header_key(c.value) for c in wb[schema.SCORES.name][1]]
    if [h for h in head if h] == [header_key(h) for h in export.headers if header_key(h)]:
        return schema.SCORES.name
    base = BAD_SHEET_CHARS.sub(" ", f"Scores {stem}").strip()[:31]
    return base


def _row_key(values) -> tuple:
    out = [coerce.text(v) for v in values]
    while out and out[-1] == "":
        out.pop()
    return tuple(out)


def _last_header(ws, cfg: Config) -> list | None:
    last = None
    for row in ws.iter_rows(values_only=True):
        cells = [v for v in row if not coerce.is_blank(v)]
        if cells and all(isinstance(v, str) for v in cells) and len(map_headers(list(row), cfg.header_map)) >= 3:
            last = list(row)
    return last


def append_export(wb, export: RawTable, cfg: Config, sheet: str | None, stem: str) -> Appended:
    name = target_sheet(wb, export, sheet, stem)
    new_sheet = name not in wb.sheetnames
    if new_sheet:
        after = max(i for i, n in enumerate(wb.sheetnames) if n.lower().startswith("scores"))
        ws = wb.create_sheet(name, after + 1)
        existing: set = set()
        next_row = 1
    else:
        ws = wb[name]
        existing = {_row_key(r) for r in ws.iter_rows(values_only=True)}
        next_row = _last_filled(ws) + 1
    rows = [list(r) for r in export.data.drop(columns=["_row"]).itertuples(index=False, name=None)]
    fresh = [r for r in rows if _row_key(r) not in existing and any(not coerce.is_blank(v) for v in r)]
    first, altered = None, 0
    if fresh:
        header = _last_header(ws, cfg) if not new_sheet else None
        if header is None or _row_key(header) != _row_key(export.headers):
            altered += _write_row(ws, next_row, export.headers, None)
            next_row += 1
        link_col = map_headers(export.headers, cfg.header_map).get("recording")
        first = next_row
        for r in fresh:
            altered += _write_row(ws, next_row, r, link_col)
            next_row += 1
        if name == schema.SCORES.name:
            extend_table(ws, schema.SCORES.table, next_row - 1)
    return Appended(name, new_sheet, len(fresh), len(rows) - len(fresh), first, altered)


def _write_row(ws, row: int, values, link_col: int | None) -> int:
    """Write one row; returns how many cells had to be altered to fit (control characters, length)."""
    altered = 0
    for col, value in enumerate(values, start=1):
        if coerce.is_blank(value):
            continue
        cell = ws.cell(row=row, column=col)
        altered += not set_cell(cell, value)
        if link_col is not None and col - 1 == link_col and re.match(r"https?://", str(value).strip(), re.I):
            cell.hyperlink = str(value).strip()
            cell.style = "Hyperlink"
    return altered


def _last_filled(ws) -> int:
    last = 0
    for row in ws.iter_rows():
        if any(not coerce.is_blank(c.value) for c in row):
            last = row[0].row
    return last
