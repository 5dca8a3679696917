"""fastexcel's part of reading a long sheet: the sheet loaded into Arrow, with nothing else imported.

:mod:`coachlog_xl.workbook.columns` turns what :func:`load` gives into the table a refresh reads; the
load itself needs only fastexcel (and pyarrow), so it can run in a process that has not imported
pandas yet (:mod:`coachlog_xl.workbook.prefetch`).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from coachlog_xl.workbook import leadrows

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
    column names from row 1), ``errors`` whether any cell could not be read as its column's type,
    ``texts`` the text cells of number or date-time columns (column -> {row of ``body`` -> text}: a score
    column holding ``N/A`` among its numbers, a call date column holding ``13/04/2025`` among the dates
    Excel made of a paste), which ``body`` holds as blanks.  ``lead``: for a sheet whose rows 1 .. k
    are text only (an export pasted with its header under the template's header,
    :func:`~coachlog_xl.workbook.leadrows.scan`), those rows as the row reader gives them, ``body`` then
    being the rows below row k (its column names from row k); ``part``: the sheet's part they are of."""

    body: object
    errors: bool
    texts: dict[int, dict[int, str]] = field(default_factory=dict)
    lead: list[list] | None = None
    part: str | None = None


NOT_LOADED = object()  # a sheet no process has loaded yet


def load(path: Path, sheet: str, reader=None, part: str | None = None, head=None) -> Loaded | None:
    """The sheet loaded column-wise, or None when fastexcel cannot read it (or is not installed) or a
    column mixes kinds of value other than numbers and text; ``reader``: the file opened with
    ``fastexcel.read_excel`` already; ``part``: the sheet's part, whose rows of text at the top
    (``head``: :func:`~coachlog_xl.workbook.leadrows.scan` of it, when scanned already) are read apart
    (:attr:`Loaded.lead`), the sheet being loaded once with the last of them as its header row.

    Each column's type is taken from all its cells, strictly: a text column would turn a number into
    text (0.5, a time of day, into "0.5") and a number column a yes/no into 1, without reporting it,
    where the row reader gives each cell as it is.  Typing every cell adds about 10 ms per 100,000
    rows.  A column of numbers with text cells is read as numbers, and its text cells go in
    :attr:`Loaded.texts`: together they are the cells the row reader gives.  fastexcel reports each
    text cell it cannot read as a number with its text; it takes ``N/A``, ``NA`` and ``null`` for
    blanks when it types a column itself, and refuses other text (``-``) among numbers, so such a column
    is loaded again typed as numbers.  Typed so, fastexcel reads a text that looks like a number ("80",
    "00123") as one without a word, so that column's text cells are taken from a third load that types
    it as yes/no, which reports every text cell with its text (:func:`_texts_of`).  A column of
    date-times and text is loaded typed as date-times, which reports each text cell with its text.
    """
    found = modules()
    if found is None:
        return None
    fastexcel = found[0]
    refused = getattr(fastexcel, "UnsupportedColumnTypeCombinationError", ())  # (a fastexcel without it: none)
    try:
        book = reader or fastexcel.read_excel(str(path))
    except fastexcel.FastExcelError:  # (a layout its reader cannot open: the workbook part named otherwise)
        return None
    lead = _lead(path, sheet, part, head)
    header = len(lead) - 1 if lead else 0
    forced: dict[str, str] = {}  # columns of numbers (or date-times) and text: their type
    for _ in range(MIXED_COLUMNS + 1):
        try:
            loaded = book.load_sheet_by_name(sheet, header_row=header, dtype_coercion="strict",
                                             schema_sample_rows=None, dtypes=forced or None)
            body, errors = loaded.to_arrow_with_errors()
        except refused as exc:
            column, kind = _numbers_and_text(str(exc)) or (None, None)
            if column is None or column in forced:
                return None
            forced[column] = kind
            continue
        except fastexcel.FastExcelError:
            return None
        texts = _text_cells(errors.errors) if errors is not None and errors.errors else {}
        if texts is None:
            return Loaded(body, True)
        names = list(body.schema.names)
        for column in (c for c, kind in forced.items() if kind == "float"):  # (a date-time one: each text reported)
            every = _texts_of(book, sheet, column, fastexcel, header)
            if every is None or column not in names:
                return Loaded(body, True)
            texts[names.index(column)] = every
        return Loaded(body, False, texts, lead, part if lead else None)
    return None


def _lead(path: Path, sheet: str, part: str | None, head) -> list[list] | None:
    """Rows 1 .. k of the sheet as the row reader gives them, when they are text only (k >= 2), or None."""
    if part is None:
        return None
    try:
        head = head or leadrows.scan(path, part)
    except Exception:  # noqa: BLE001 - a damaged part: read from row 1 (the row reader names the damage)
        return None
    return leadrows.values(path, sheet, part, head) if head is not None and head.rows >= 2 else None


def _texts_of(book, sheet: str, column: str, fastexcel, header: int = 0) -> dict[int, str] | None:
    """Every text cell of a column (row -> text), from a load typing it as yes/no: fastexcel then
    reports each text cell, whatever it looks like, with its text (and reads a number as yes/no, which
    is not used).  None when that load fails or reports anything but text."""
    try:
        loaded = book.load_sheet_by_name(sheet, header_row=header, dtype_coercion="strict", schema_sample_rows=None,
                                         use_columns=[column], dtypes={column: "boolean"})
        _, errors = loaded.to_arrow_with_errors()
    except fastexcel.FastExcelError:
        return None
    out = {}
    for e in errors.errors if errors is not None else ():
        m = _TEXT_AS_YES_NO.fullmatch(e.detail)
        text = _unescape(m.group(1)) if m else None
        if text is None:
            return None
        out[e.offset_position[0]] = text
    return out


MIXED_COLUMNS = 3  # columns of numbers and text typed one load at a time: beyond these, the row reader
_MIXED = re.compile(r"column contains \{(?:String, (Float|Int|DateTime)|(Float|Int|DateTime), String)\}.*?for column (.*)\Z",
                    re.S)
_TEXT_AS_YES_NO = re.compile(r"Expected boolean but got 'String\(\"(.*)\"\)'?", re.S)  # (its closing ' or none)
_TEXT_IN_NUMBERS = re.compile(r"Expected (?:float|int|datetime) but got 'String\(\"(.*)\"\)'", re.S)
_RUST_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|(.))", re.S)
_RUST_CHARS = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def _numbers_and_text(message: str) -> tuple[str, str] | None:
    """The column fastexcel's strict typing refused for holding numbers (or date-times) and text, with
    the type to load it as ("float", "datetime"), or None when it holds other kinds too (yes/no, or
    numbers and date-times)."""
    m = _MIXED.search(message)
    if m is None:
        return None
    return m.group(3).removesuffix("\n"), "datetime" if "DateTime" in (m.group(1), m.group(2)) else "float"


def _text_cells(errors) -> dict[int, dict[int, str]] | None:
    """{column: {row: text}} of the cells fastexcel could not read as numbers because they hold text;
    None when any cell failed for another reason (a date or a yes/no among numbers, text in a date
    column): the row reader reads such a sheet."""
    out: dict[int, dict[int, str]] = {}
    for e in errors:
        m = _TEXT_IN_NUMBERS.fullmatch(e.detail)
        text = _unescape(m.group(1)) if m else None
        if text is None:
            return None
        row, column = e.offset_position
        out.setdefault(column, {})[row] = text
    return out


def _unescape(debug: str) -> str | None:
    """A text from the form Rust's ``{:?}`` writes it in (``\\"`` for ", ``\\n``, ``\\u{301}``), or
    None for an escape it does not write."""
    bad = False

    def one(m: re.Match) -> str:
        nonlocal bad
        if m.group(1):
            return chr(int(m.group(1), 16))
        if m.group(2) not in _RUST_CHARS:
            bad = True
            return ""
        return _RUST_CHARS[m.group(2)]

    text = _RUST_ESCAPE.sub(one, debug)
    return None if bad else text


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
