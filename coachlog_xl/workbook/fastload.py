"""fastexcel's part of reading a long sheet: the sheet loaded into Arrow, with nothing else imported.

:mod:`coachlog_xl.workbook.columns` turns what :func:`load` gives into the table a refresh reads; the
load itself needs only fastexcel (and pyarrow), so it can run in a process that has not imported
pandas yet (:mod:`coachlog_xl.workbook.prefetch`).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

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
    Excel made of a paste; a yes/no among numbers as True or False), which ``body`` holds as blanks.  ``lead``: for a
    sheet whose rows 1 .. k are text only (an export pasted with its header under the template's header,
    :func:`~coachlog_xl.workbook.leadrows.scan`), those rows as the row reader gives them, ``body`` then
    being the rows below row k (its column names from row k); ``part``: the sheet's part they are of."""

    body: object
    errors: bool
    texts: dict[int, dict[int, str | bool]] = field(default_factory=dict)
    lead: list[list] | None = None
    part: str | None = None


NOT_LOADED = object()  # a sheet no process has loaded yet


def load(path: Path, sheet: str, reader=None, part: str | None = None, head=None) -> Loaded | None:
    """The sheet loaded column-wise, or None when fastexcel cannot read it (or is not installed), the
    workbook counts its dates from 1904 (fastexcel may read them as days from 1900, 1,462 days early:
    :mod:`~coachlog_xl.workbook.columns`), or a
    column mixes kinds of value other than numbers and text; ``reader``: the file opened with
    ``fastexcel.read_excel`` already; ``part``: the sheet's part, whose rows of text at the top
    (``head``: :func:`~coachlog_xl.workbook.leadrows.scan` of it, when scanned already) are read apart
    (:attr:`Loaded.lead`), the sheet being loaded once with the last of them as its header row.

    Each column's type is taken from all its cells, strictly: a text column would turn a number into
    text (0.5, a time of day, into "0.5") and a number column a yes/no into 1, without reporting it,
    where the row reader gives each cell as it is.  Typing every cell adds about 10 ms per 100,000
    rows.  A column of numbers with text cells is read as numbers, and its text cells go in
    :attr:`Loaded.texts`: together they are the cells the row reader gives.  An error value (a
    ``#N/A`` among the scores) goes there as its text too, as the row reader gives it (one among
    100,000 scores sent the sheet to the row reader: 5 s where the column-wise read takes 0.3 s).  fastexcel reports
    each text cell it cannot read as a number with its text; it takes ``N/A``, ``NA`` and ``null`` for
    blanks when it types a column itself, and refuses other text (``-``) or a yes/no among numbers, naming
    the first such column; the sheet is then loaded again with that column typed (numbers, date-times or
    yes/no), and with it every column whose cells in the rows below the header row are numbers or
    date-times (:func:`_sampled`): a paste's header row further down puts text in all of them at once
    (the README asks for each week's export pasted with its header).  Below rows of text read apart (an
    export pasted under the template's header, where such pastes go on), or when those rows already show
    a column the whole load would refuse (a score column mixing ``85``, ``"85"``, yes/no and ``N/A``
    from its first rows), those columns are typed so from the first load.  Typed as numbers, fastexcel
    reads a text that looks like a number ("80", "00123") as one without a word, and a yes/no as 1;
    typed as date-times it reads a number as one.  So a second load, beside the first in a thread, types
    each column of numbers as date-times, which reports every text cell with its text and every yes/no
    (put back as True or False, as the row reader gives it), and each date-time column no refusal named
    as durations, which reports every number and yes/no (:func:`_checked`): the sheet goes to the row
    reader when either finds anything but text (and yes/no among numbers).
    """
    found = modules()
    if found is None or leadrows.counts_from_1904(path):
        return None
    fastexcel = found[0]
    refused = getattr(fastexcel, "UnsupportedColumnTypeCombinationError", ())  # (a fastexcel without it: none)
    try:
        book = reader or fastexcel.read_excel(str(path))
    except fastexcel.FastExcelError:  # (a layout its reader cannot open: the workbook part named otherwise)
        return None
    lead = _lead(path, sheet, part, head)
    header = len(lead) - 1 if lead else 0
    forced: dict[str, str] = {}  # columns typed: "float" (numbers), "datetime", "boolean" or "duration"
    named: set[str] = set()  # those a refusal named, whose kinds it listed
    sampled, refused_ahead = _sampled(path, sheet, part, header)
    if lead or refused_ahead:
        forced.update(sampled)
    for _ in range(MIXED_COLUMNS + 1):
        checking = _Checking(path, sheet, header, forced, named)
        try:
            loaded = book.load_sheet_by_name(sheet, header_row=header, dtype_coercion="strict",
                                             schema_sample_rows=None, dtypes=forced or None)
            body, errors = loaded.to_arrow_with_errors()
        except refused as exc:
            column, kind = _numbers_and_text(str(exc)) or (None, None)
            if column is None or column in forced:
                return None
            forced[column] = kind
            named.add(column)
            for other, guessed in sampled.items():
                forced.setdefault(other, guessed)
            continue
        except fastexcel.FastExcelError:
            return None
        except BaseException as exc:  # noqa: BLE001 - a panic in fastexcel (pyo3's PanicException is no Exception):
            if not is_panic(exc):  # the row reader reads the sheet; Ctrl-C and the rest go on up
                raise
            return None
        finally:  # (on every path: no thread is left running)
            checked = checking.result()
        if any(getattr(c, "absolute_index", i) != i for i, c in enumerate(loaded.selected_columns)):
            # a column blank from the header row down, left of its first name (a paste started in column
            # B under the template's header): fastexcel leaves it out, and every column after would move
            # one to the left; the row reader reads each cell where it is
            return None
        if checked is None:
            return Loaded(body, True)
        names = list(body.schema.names)
        if any(column not in names for column in checked.texts):
            return Loaded(body, True)
        proved = frozenset(names.index(column) for column in checked.texts)  # (their text cells come from the check)
        texts = text_cells(errors.errors, proved=proved) if errors is not None and errors.errors else {}
        if texts is None:
            return Loaded(body, True)
        for column, every in checked.texts.items():  # (a column of numbers: each text and yes/no reported)
            texts[names.index(column)] = every
        for column, words in checked.words.items():
            if column not in names or not _only_yes_no(words, texts.get(names.index(column), {})):
                return Loaded(body, True)
        return Loaded(body, False, texts, lead, part if lead else None)
    return None


def is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a Rust panic in fastexcel, as pyo3 raises it (``pyo3_runtime.PanicException``)."""
    return type(exc).__name__ == "PanicException"


class _Checking:
    """:func:`_checked` of the columns ``forced`` types, run in a thread while the sheet loads (fastexcel
    lets go of the interpreter while it reads, and each thread opens the file with a reader of its own)."""

    def __init__(self, path: Path, sheet: str, header: int, forced: dict[str, str], named: set[str]):
        self._out: list = [None]
        wanted = {c: kind for c, kind in forced.items() if kind == "float" or c not in named}
        self._thread = None
        if wanted:
            self._thread = threading.Thread(target=self._run, args=(path, sheet, header, wanted), daemon=True)
            self._thread.start()
        else:
            self._out[0] = Checked({}, {})

    def _run(self, *args) -> None:
        try:
            self._out[0] = _checked(*args)
        except BaseException as exc:  # noqa: BLE001 - a panic in fastexcel (pyo3's PanicException is no Exception):
            if not is_panic(exc):  # the row reader reads the sheet, no traceback
                raise
            self._out[0] = None

    def result(self) -> Checked | None:
        if self._thread is not None:
            self._thread.join()
        return self._out[0]


class Checked(NamedTuple):
    """What :func:`_checked` found: ``texts`` {column of numbers: {row: text, or a yes/no as True or False}}, ``words``
    {column of yes/no: its cells as fastexcel writes them as text (a yes/no as ``true`` or ``false``, a number as
    ``1``)}."""

    texts: dict[str, dict[int, str | bool]]
    words: dict[str, object]


def _checked(path: Path, sheet: str, header: int, wanted: dict[str, str]) -> Checked | None:
    """Whether the columns ``wanted`` (name -> the type the sheet is loaded with) hold that type and text
    only, from one load of them typed otherwise: a column of numbers as date-times (which reports every
    text cell, with its text, and every yes/no, which :attr:`Checked.texts` gives as True or False among
    the texts; a date-time the numbers load reports), a column of
    date-times as durations (which reports every number, yes/no and text), a column of yes/no as text
    (whose cells but the text ones the yes/no load reports must then read ``true`` or ``false``:
    :func:`_only_yes_no`).  None when a cell of another kind is found or the load fails."""
    fastexcel = modules()[0]
    as_other = {c: _CHECKED_AS[kind] for c, kind in wanted.items()}
    try:
        loaded = fastexcel.read_excel(str(path)).load_sheet_by_name(
            sheet, header_row=header, dtype_coercion="strict", schema_sample_rows=None,
            use_columns=list(as_other), dtypes=as_other)
        body, errors = loaded.to_arrow_with_errors()
    except Exception:  # noqa: BLE001 - any failure: the row reader reads the sheet
        return None
    words = {c: body.column(c) for c, kind in wanted.items() if kind == "boolean" and c in body.schema.names}
    del body
    if words:  # (its first import, 0.2 s, made here while the sheet's own load still runs: :func:`_only_yes_no`)
        import pyarrow.compute  # noqa: F401
    names = {c.index: c.name for c in loaded.selected_columns}  # (an error names the sheet's column)
    numbers = frozenset(i for i, c in names.items() if wanted.get(c) == "float")
    found = text_cells(errors.errors, numbers) if errors is not None else {}
    if found is None or not found.keys() <= names.keys():
        return None
    texts = {c: {} for c, kind in wanted.items() if kind == "float"}
    texts.update((names[i], rows) for i, rows in found.items() if names[i] in texts)
    return Checked(texts, words)


_CHECKED_AS = {"float": "datetime", "datetime": "duration", "boolean": "string"}


def _only_yes_no(words, text_rows) -> bool:
    """Whether a column's cells as text (:attr:`Checked.words`) are blank, ``true`` or ``false`` but in
    ``text_rows`` (its text cells)."""
    import pyarrow.compute as pc

    yes_no = pc.is_in(words, value_set=modules()[1].array(["true", "false"]))
    other = pc.and_(pc.invert(yes_no), pc.is_valid(words))
    return set(pc.indices_nonzero(other).to_pylist()) <= set(text_rows)


SAMPLE_ROWS = 64  # rows below the header row whose kinds type the columns ahead of a refusal, or after it
_SAMPLED_TYPES = {"float": "float", "int": "float", "datetime": "datetime", "boolean": "boolean"}


def _sampled(path: Path, sheet: str, part: str | None, header: int) -> tuple[dict[str, str], bool]:
    """(column name -> "float", "datetime" or "boolean", whether fastexcel's strict typing refuses a column
    of the sample) for each named column fastexcel types so in a small workbook of the header row and up
    to :data:`SAMPLE_ROWS` rows below it, to the next row of text only
    (:func:`~coachlog_xl.workbook.leadrows.top`), strictly: a column the sample shows holding numbers
    (date-times, yes/no) and text is typed as :func:`_numbers_and_text` types it from the refusal, and
    then the whole sheet's strict load would be refused too (every cell's kind is taken), so it is
    loaded typed so from the first load: a refused load of 200,000 rows takes about 1 s.  ({}, False)
    when it cannot tell (a column of kinds a refusal cannot type: the whole sheet's load decides).  Only
    a guess: :func:`_checked` proves it."""
    if part is None:
        return {}, False
    fastexcel = modules()[0]
    refused = getattr(fastexcel, "UnsupportedColumnTypeCombinationError", ())
    typed: dict[str, str] = {}
    try:
        small = leadrows.top(path, part, header + 1, SAMPLE_ROWS)
        if small is None:
            return {}, False
        reader = fastexcel.read_excel(small)
        while True:
            try:
                found = reader.load_sheet_by_name(sheet, header_row=header, n_rows=SAMPLE_ROWS, dtype_coercion="strict",
                                                  schema_sample_rows=None, dtypes=typed or None).selected_columns
                break
            except refused as exc:
                column, kind = _numbers_and_text(str(exc)) or (None, None)
                if column is None or column in typed:
                    return {}, False
                typed[column] = kind
    except Exception:  # noqa: BLE001 - a sample that cannot be typed: nothing typed ahead
        return {}, False
    out = {c.name: _SAMPLED_TYPES[c.dtype] for c in found
           if c.dtype in _SAMPLED_TYPES and not c.name.startswith("__UNNAMED__")}
    return out, bool(typed)


def _lead(path: Path, sheet: str, part: str | None, head) -> list[list] | None:
    """Rows 1 .. k of the sheet as the row reader gives them, when they are text only (k >= 2), or None."""
    if part is None:
        return None
    try:
        head = head or leadrows.scan(path, part)
    except Exception:  # noqa: BLE001 - a damaged part: read from row 1 (the row reader names the damage)
        return None
    return leadrows.values(path, sheet, part, head) if head is not None and head.rows >= 2 else None


MIXED_COLUMNS = 3  # columns of numbers and text typed one load at a time: beyond these, the row reader
_MIXED = re.compile(r"column contains \{(\w+(?:, \w+)*)\}.*?for column (.*)\Z", re.S)
_TYPES = {"Float": "float", "Int": "float", "DateTime": "datetime", "Bool": "boolean", "Duration": "duration"}
_TEXT_IN_NUMBERS = re.compile(r"Expected (?:float|int|datetime|boolean|duration) but got 'String\(\"(.*)\"\)'?",
                              re.S)  # (its closing ' or none, as fastexcel writes it for yes/no)
_TEXT_OR_ERROR = ("Expected float but got 'String(", "Expected float but got 'Error(")
_YES_NO_IN_NUMBERS = re.compile(r"Expected datetime but got 'Bool\((true|false)\)'")
# a number past the date-times' range (a call id of ten digits): what a column of numbers loaded as date-times
# reports of it, a number all the same
_NUMBER_PAST_DATES = re.compile(r"Expected datetime but got '(?:Float|Int)\(-?[0-9.eE+\-]+\)'")
_ERROR_IN_NUMBERS = re.compile(r"Expected (?:float|int|datetime|boolean|duration) but got 'Error\((\w+)\)'")
# (calamine's error kinds, each read from exactly this text: any other stops its load)
_ERROR_TEXTS = {"Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!", "Num": "#NUM!", "Ref": "#REF!",
                "Value": "#VALUE!"}
_RUST_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|(.))", re.S)
_RUST_CHARS = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def _numbers_and_text(message: str) -> tuple[str, str] | None:
    """The column fastexcel's strict typing refused for holding numbers (date-times, yes/no, durations) and
    text, with the type to load it as ("float", "datetime", "boolean", "duration"), or None when it holds other kinds
    too (numbers and date-times).  Typed as yes/no, a column reports every text cell
    with its text, and reads a number as yes/no without a word: the refusal listing the column's kinds
    is what shows it holds none.  A column of numbers holding yes/no (a score column of an export
    mixing ``85``, ``yes`` and ``N/A``: numbers, yes/no and perhaps text) is loaded as numbers too: the
    load beside it, typing it as date-times, reports each yes/no as it reports each text cell
    (:func:`_checked`)."""
    m = _MIXED.search(message)
    if m is None:
        return None
    kinds, column = set(m.group(1).split(", ")), m.group(2).removesuffix("\n")
    if kinds & {"Float", "Int"} and kinds <= {"Float", "Int", "Bool", "String"}:
        return column, "float"
    others = kinds - {"String"}
    if "String" not in kinds or len(others) != 1 or not others <= _TYPES.keys():
        return None
    return column, _TYPES[others.pop()]


def text_cells(errors, yes_no: frozenset[int] = frozenset(),
               proved: frozenset[int] = frozenset()) -> dict[int, dict[int, str | bool]] | None:
    """{column: {row: text}} of the cells fastexcel could not read as their column's type because they hold
    text, or an Excel error value (``#N/A``), given as its text as the row reader gives it
    (:func:`~coachlog_xl.workbook.book._with_error_values`), or, in the columns ``yes_no`` (columns of
    numbers loaded as date-times: :func:`_checked`), a yes/no, given as True or False, and a number past the
    date-times' range left out (a number, as the column's own load reads it); None when any cell failed
    for another reason (a date or a yes/no among numbers, a number among date-times loaded as durations):
    the row reader reads such a sheet.  ``proved``: columns whose text cells another
    load gives (:func:`_checked`), whose cells here are only seen to have failed for holding text or an
    error value, not read (a column of call ids, text but for a few numbers, reports 200,000 cells
    at 200,000 rows: read twice, 0.5 s more)."""
    out: dict[int, dict[int, str | bool]] = {}
    for e in errors:
        row, column = e.offset_position
        if column in proved:
            if not e.detail.startswith(_TEXT_OR_ERROR):
                return None
            continue
        m = _TEXT_IN_NUMBERS.fullmatch(e.detail)
        failed = None if m else _ERROR_IN_NUMBERS.fullmatch(e.detail)
        text = _unescape(m.group(1)) if m else _ERROR_TEXTS.get(failed.group(1)) if failed else None
        if text is None and column in yes_no and (said := _YES_NO_IN_NUMBERS.fullmatch(e.detail)):
            text = said.group(1) == "true"
        if text is None and column in yes_no and _NUMBER_PAST_DATES.fullmatch(e.detail):
            continue  # (a number the column's own load reads as the number it is)
        if text is None:
            return None
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
