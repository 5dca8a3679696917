"""Writing a refresh's results: the computed sheets, the tool-owned Log cells and the stamp.

A refresh owns the computed sheets entirely and, on the Log, only the baseline columns of the rows
the core returned in ``log_updates``; it writes nothing else.  The file is saved to a temporary
file in the same folder and moved over the original in one step.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues, in_order, listed
from coachlog_xl.core.frames import records
from coachlog_xl.core.inputs import header_key, header_positions
from coachlog_xl.core.refresh import RefreshResult
from coachlog_xl.errors import TemplateError, WorkbookError
from coachlog_xl.workbook.a1 import column_index_from_string, coordinate_from_string, get_column_letter
from coachlog_xl.workbook.parts import sheet_name_problem
from coachlog_xl.workbook.reader import open_values
from coachlog_xl.workbook.safety import Fingerprint, save_workbook

MAX_CELL_TEXT = 32767
DATE_FORMAT = schema.NUMBER_FORMATS[schema.DATE]
DATETIME_FORMAT = schema.NUMBER_FORMATS[schema.DATETIME]
TIME_FORMAT = schema.NUMBER_FORMATS[schema.TIME]
# What XML 1.0 cannot hold: control characters, lone surrogates and the two non-characters.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# half a character, and the two non-characters: no file holds them (nor did a file give them)
_NO_CHARACTER = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def load_for_writing(path: Path):
    from openpyxl import load_workbook  # (not imported by a refresh, which writes the sheets' XML itself)

    values = open_values(path)  # the same clear error for a file that is not a workbook
    names = list(values.sheetnames)
    values.close()
    for name in names:  # openpyxl refuses to load such a file: say which sheet and how to mend it
        problem = sheet_name_problem(name)
        if problem:
            raise WorkbookError(
                f'{path}: the sheet "{name}" has a name Excel cannot open: {problem}. Restore the copy made before '
                f"that sheet was added ({Path(path).name}.bak, if nothing was saved since), or open the file in Excel, "
                "which offers to repair it, and rename the sheet.")
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
    """Text a cell written by openpyxl can hold: characters XML forbids become U+FFFD, and at most 32,767
    characters (the surgical write keeps the characters, written as Excel writes them: :func:`fitted_text`)."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return _cut(text)


def fitted_text(text: str) -> str:
    """Text a cell can hold, as Excel holds it: at most 32,767 characters; a lone surrogate (half a character)
    or U+FFFE or U+FFFF, which no file holds, U+FFFD. Control characters stay (the XML writes them as
    ``_x0001_``: :func:`~coachlog_xl.workbook.xmltext.xstring`)."""
    return _cut(text if whole_characters(text) else _NO_CHARACTER.sub("\ufffd", text))


def whole_characters(text: str) -> bool:
    """Whether ``text`` holds characters only: no lone surrogate (half a character), no U+FFFE or U+FFFF."""
    return text.isascii() or _NO_CHARACTER.search(text) is None


def _cut(text: str) -> str:
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
    fmt = date_format(value) or number_format
    if fmt:
        cell.number_format = fmt
    return kept


def date_format(value) -> str | None:
    """The number format a date-like value needs, or None for any other value."""
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT if value.time() != dt.time(0) else DATE_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, dt.time):
        return TIME_FORMAT
    return None


def sheet_rows(sheet: schema.Sheet, frame: pd.DataFrame) -> list[list]:
    """A computed table as plain Python rows in the sheet's column order: each cell as
    :func:`cell_value` gives it, made a column at a time (:func:`sheet_columns`, then zipped)."""
    columns = sheet_columns(sheet, frame)
    return [list(row) for row in zip(*columns)] if columns else [[] for _ in range(len(frame))]


def sheet_columns(sheet: schema.Sheet, frame: pd.DataFrame) -> list[list]:
    """A computed table's values a list per column, in the sheet's column order (see :func:`sheet_rows`)."""
    table = frame[sheet.keys]
    return [_cells(table.iloc[:, k]) for k in range(table.shape[1])]


class SheetRows(Sequence):
    """:func:`sheet_rows` of a table, made when first read: where the sheet's XML is made, which may
    be the second process (:func:`coachlog_xl.workbook.package.refresh_package`); its length is known
    at once.  :meth:`columns` gives the same values a column at a time, without making the rows."""

    def __init__(self, sheet: schema.Sheet, frame: pd.DataFrame):
        self._sheet, self._frame, self._rows = sheet, frame, None
        self._columns: list[list] | None = None

    def _made(self) -> list[list]:
        if self._rows is None:
            self._rows = sheet_rows(self._sheet, self._frame)
        return self._rows

    def columns(self) -> list[list]:
        """The values as :func:`sheet_columns` gives them (from the rows, if they are made already)."""
        if self._columns is None:
            self._columns = (sheet_columns(self._sheet, self._frame) if self._rows is None else
                             [list(c) for c in zip(*self._rows)] if self._rows else [[] for _ in self._sheet.keys])
        return self._columns

    def column(self, k: int) -> list:
        """The values of the sheet's ``k``-th column (0-based) as :meth:`columns` gives them, the others not made."""
        if self._columns is not None:
            return self._columns[k]
        if self._rows is not None:
            return [row[k] for row in self._rows]
        return _cells(self._frame[self._sheet.keys[k]])

    def __len__(self) -> int:
        return len(self._frame)

    def __getitem__(self, i):
        return self._made()[i]

    def __iter__(self):
        return iter(self._made())


def columns_of(rows: Sequence[list]) -> list[list]:
    """A computed sheet's values a column at a time: a :class:`SheetRows`' own (made once), else the
    rows turned."""
    return rows.columns() if hasattr(rows, "columns") else [list(c) for c in zip(*rows)]


def _cells(col: pd.Series) -> list:
    """:func:`cell_value` of every value of a column; numbers and yes/no without a call per value."""
    values = col.tolist()
    if col.dtype == np.float64:  # NaN is blank, as cell_value makes it (found at once, set one by one)
        for i in np.flatnonzero(np.isnan(col.to_numpy())).tolist():
            values[i] = None
        return values
    if col.dtype == np.int64 or col.dtype == np.bool_:
        return values  # tolist gives Python ints and bools, which cell_value returns as they are
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.na_value is not pd.NA:
        return [v if type(v) is str else None for v in values]  # text, or NaN for a blank
    if isinstance(col.array, pd.arrays.DatetimeArray):  # converted at once, as Timestamp.to_pydatetime does each
        return [None if v is pd.NaT else v for v in col.array.to_pydatetime().tolist()]
    if col.dtype == object:  # blanks, text, whole numbers and dates are as cell_value returns them
        return [v if type(v) in _AS_THEY_ARE else cell_value(v) for v in values]
    return [cell_value(v) for v in values]


# the types cell_value returns unchanged (exactly these: a float may be NaN, a subclass such as a
# Timestamp or a NumPy scalar is converted)
_AS_THEY_ARE = frozenset({type(None), str, int, bool, dt.date, dt.datetime, dt.time})


def log_cells(header: list, updates: pd.DataFrame) -> list[tuple]:
    """The tool-owned Log cells to write: (row, column, value, number format); each column found as the
    reader finds it (:func:`~coachlog_xl.core.inputs.header_positions`)."""
    cols = log_columns(header)
    return [(int(rec["_row"]), c, cell_value(rec[key]), fmt)
            for rec in records(updates) for key, c, fmt in cols]


def log_columns(header: list) -> list[tuple[str, int, str | None]]:
    """(key, column, number format) of each tool-owned Log column, found as the reader finds it
    (:func:`~coachlog_xl.core.inputs.header_positions`) in the Log's row 1, ``header``."""
    positions = header_positions(header)
    cols = []
    for key in ("baseline_mean", "baseline_n", "baseline_recorded_on"):
        col = schema.LOG.column(key)
        pos = positions.get(header_key(col.header))
        if pos is None:
            raise TemplateError(f'Log sheet, row 1: the column "{col.header}" is missing; restore its header.')
        cols.append((key, pos + 1, schema.NUMBER_FORMATS.get(col.kind)))
    return cols


def write_result(book, result: RefreshResult, stamp: str) -> None:
    """Write a refresh's results through a :class:`~coachlog_xl.workbook.book.Book` (everything read
    before anything is written)."""
    at = stamp_said(result, start_rows(book))
    for sheet, frame in computed_frames(result):
        book.write_sheet(sheet, SheetRows(sheet, frame) if getattr(book, "lazy_rows", False)
                         else sheet_rows(sheet, frame))
    if len(result.log_updates):
        book.write_cells(schema.LOG.name, log_cells(book.rows(schema.LOG.name)[0], result.log_updates))
    if at is not None:
        book.write_cells(schema.START, [(*at, stamp, None)])


def start_rows(book) -> list[list] | None:
    """Start here's rows, or None where no sheet is named so; the stamp's cell (:func:`_stamp_cell`) holding a
    formula holds its text (``=...``), where the book can tell formulas (``formulas``, :class:`~coachlog_xl.workbook.
    book.Book`): a formula is the team's, as words are, and no stamp is written over it (one saved without its
    value, or giving "", reads as blank)."""
    if schema.START not in book.sheet_names():
        return None
    rows = book.rows(schema.START)
    formulas = getattr(book, "formulas", None)
    row, col = _stamp_cell(rows)
    text = None if formulas is None else formulas(schema.START, {col}).get((row, col))
    if text is not None:
        rows.extend([] for _ in range(row - len(rows)))
        rows[row - 1].extend([None] * (col - len(rows[row - 1])))
        rows[row - 1][col - 1] = f"={text}" if isinstance(text, str) and text else "a formula"
    return rows


def stamp_said(result: RefreshResult, start: list[list] | None) -> tuple[int, int] | None:
    """Where the refresh stamp goes on Start here (``start``: its rows, :func:`start_rows`), else None, the
    note that it is not written then added to ``result``'s checks (a refresh's, and a check's preview of it)."""
    result.unstamped = start is None
    at = None if start is None else stamp_position(start)
    if at is None:
        add_checks(result, _not_stamped(start))
    return at


def add_checks(result: RefreshResult, issues: Issues) -> None:
    """Add ``issues`` to ``result``'s checks, in the Checks order (errors, warnings, notes:
    :func:`~coachlog_xl.core.checks.in_order`), its summary's count of them (the stamp's) with them."""
    result.checks = in_order(pd.concat([result.checks, issues.frame()], ignore_index=True))
    result.summary["checks"] = result.checks["severity"].value_counts().to_dict()


def _not_stamped(rows: list[list] | None) -> Issues:
    """A note that the refresh's stamp is not written: the cell it goes in holds a value of the team's
    (:func:`stamp_position`), or no sheet is named Start here (``rows`` None)."""
    issues = Issues()
    line = "the line saying when and as of which date the workbook was refreshed"
    if rows is None:
        issues.add(Code.STAMP_NOT_WRITTEN, schema.START, None, "sheet name", None,
                   f"No sheet is named {schema.START} (renamed?), so {line} is written nowhere.",
                   f"Name the sheet {schema.START} again to see it there.")
        return issues
    row, col = _stamp_cell(rows)
    ref = f"{get_column_letter(col)}{row}"
    issues.add(Code.STAMP_NOT_WRITTEN, schema.START, row, ref, rows[row - 1][col - 1],
               f"{schema.START} {ref} holds a value of yours, so {line} is not written there (a refresh never writes "
               "over what was typed).",
               f"Move what {ref} holds to another cell, and clear it, to see the line there.")
    return issues


def computed_frames(result: RefreshResult) -> list[tuple[schema.Sheet, pd.DataFrame]]:
    """Each computed sheet with the table a refresh writes on it (Checks as a sheet holds it: :func:`listed`)."""
    return [(schema.FOLLOWUP, result.followup), (schema.BASELINE, result.baseline),
            (schema.AGGREGATE, result.aggregate), (schema.CHECKS, listed(result.checks))]


# a refresh's stamp, of every version (api.stamp; an as-of date given as a date-time wrote its midnight before
# 0.3.21), where words a person typed may start with "Refreshed " too
_STAMPED = re.compile(r"Refreshed \d{4}-\d\d-\d\d \d\d:\d\d, as of \d{4}-\d\d-\d\d(?: 00:00:00)?: ")


def stamp_position(rows: list[list]) -> tuple[int, int] | None:
    """(row, column) of the refresh stamp on Start here (:func:`_stamp_cell`), only while it is blank or holds a
    stamp: else None, and no stamp is written: what a person typed there stays."""
    row, col = _stamp_cell(rows)
    held = rows[row - 1][col - 1] if len(rows) >= row and len(rows[row - 1]) >= col else None
    if held is None or (isinstance(held, str) and (not held.strip() or _STAMPED.match(held)
                                                   or held == schema.STAMP_TEMPLATE)):
        return row, col
    return None


def _stamp_cell(rows: list[list]) -> tuple[int, int]:
    """(row, column) of the cell the refresh stamp goes in: right of the Last refresh label (in column A in the
    template, its stamp in B3; lower or further right when rows or columns were inserted), else B3."""
    label = schema.STAMP_LABEL.lower()
    cells = [(r, c) for r, row in enumerate(rows, start=1) for c, cell in enumerate(row, start=1)
             if isinstance(cell, str) and cell.strip().lower() == label]
    if cells:  # (in column A first, as the template has it: a "Last refresh" typed elsewhere is not the label)
        row, col = min(cells, key=lambda rc: (rc[1] != 1, rc))
        return row, col + 1
    letter, row = coordinate_from_string(schema.STAMP_CELL)
    return row, column_index_from_string(letter)


def save_atomically(wb, path: Path, backup: bool = True, expected: Fingerprint | None = None) -> None:
    """Save through :func:`coachlog_xl.workbook.safety.save_workbook` (verified, atomic, with a backup)."""
    save_workbook(wb, path, backup=backup, expected=expected)
