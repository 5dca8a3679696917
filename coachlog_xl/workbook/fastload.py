"""fastexcel's part of reading a long sheet: the sheet loaded into Arrow, with nothing else imported.

:mod:`coachlog_xl.workbook.columns` turns what :func:`load` gives into the table a refresh reads; the
load itself needs only fastexcel (and pyarrow), so it can run in a process that has not imported
pandas yet (:mod:`coachlog_xl.workbook.prefetch`).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

logging.getLogger("fastexcel").setLevel(logging.ERROR)  # it logs a note per column it types as text


@functools.cache
def modules():
    """(fastexcel, pyarrow), imported on first use (they take a moment to load), or None where the
    optional compiled readers are not installed (e.g. Pyodide / xlwings Lite)."""
    try:
        import fastexcel
        import pyarrow
    except ImportError:  # pragma: no cover - exercised where the wheels are missing
        return None
    return fastexcel, pyarrow


@dataclass
class Loaded:
    """A sheet as fastexcel loads it: ``body`` the Arrow record batch of the rows below row 1 (its
    column names from row 1), ``errors`` whether any cell could not be read as its column's type."""

    body: object
    errors: bool


NOT_LOADED = object()  # a sheet no process has loaded yet


def load(path: Path, sheet: str, reader=None) -> Loaded | None:
    """The sheet loaded column-wise, or None when fastexcel cannot read it (or is not installed) or a
    column mixes kinds of value; ``reader``: the file opened with ``fastexcel.read_excel`` already.

    Each column's type is taken from all its cells, strictly: a text column would turn a number into
    text (0.5, a time of day, into "0.5") and a number column a yes/no into 1, without reporting it,
    where the row reader gives each cell as it is.  Typing every cell adds about 10 ms per 100,000
    rows.
    """
    found = modules()
    if found is None:
        return None
    fastexcel = found[0]
    try:
        loaded = (reader or fastexcel.read_excel(str(path))).load_sheet_by_name(
            sheet, header_row=0, dtype_coercion="strict", schema_sample_rows=None)
        body, errors = loaded.to_arrow_with_errors()
    except fastexcel.FastExcelError:
        return None
    return Loaded(body, bool(errors is not None and errors.errors))


def first_row(path: Path, sheet: str) -> list | None:
    """Row 1's cells as fastexcel reads them (a number as a number), or None when it cannot."""
    found = modules()
    if found is None:
        return None
    fastexcel = found[0]
    try:
        head = fastexcel.read_excel(str(path)).load_sheet_by_name(
            sheet, header_row=None, n_rows=1, dtype_coercion="coerce").to_arrow()
    except fastexcel.FastExcelError:
        return None
    return list(head.to_pylist()[0].values()) if head.num_rows else []
