"""The read contract between the workbook layer and the core.

The workbook layer (or a test) hands the core raw cell values exactly as a reader returned them:
one :class:`RawTable` per input table, with the header cells of row 1 as typed and, for each data
row, the sheet name and the Excel row number (a tool-owned cell holding a formula without a value
comes as a :class:`Formula`).  All coercion (dates, scores, N/A, yes/no) happens in the core, so
every problem can point back to a cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import datenumbers

if TYPE_CHECKING:
    from coachlog_xl.core.calls import Normalised

ROW = "_row"


class ArrayPart(str):
    """The formula text the workbook layer gives a cell of an array formula's range other than its first
    (a legacy array formula entered over several cells, or an Excel 365 spill): the cell holds only a
    value the formula in the range's first cell gives.  The text is the range, ``AA2:AA3``."""

    @property
    def first(self) -> str:
        """The range's first cell, where its formula is: ``AA2``."""
        return self.split(":")[0]


def formula_words(text: str) -> str:
    """A formula cell as a message names it, by its formula's text as stored: ``the formula =A2&B2``; a
    cell of a filled-down formula (the text is the first cell's: "") or of an array formula's range
    (:class:`ArrayPart`), by what it is."""
    if isinstance(text, ArrayPart):
        return f"part of the array formula in {text.first} (its range {text})"
    return f"the formula ={text}" if text else "a filled-down formula"


def formula_shown(text: str) -> str | None:
    """A formula cell in a Checks row's Value column: ``=A2&B2``; a filled-down formula's other cells,
    or an array formula's, whose text is in another cell: None."""
    return None if not text or isinstance(text, ArrayPart) else f"={text}"


@dataclass(frozen=True)
class Formula:
    """A tool-owned cell holding a formula that gives no value (never calculated, or it gives ""):
    the reader hands it as this rather than as a blank, because a cell with a formula is not blank and
    is never written over.  ``text``: the formula as stored (empty for a cell of a filled-down formula;
    an :class:`ArrayPart` for a cell of an array formula's range)."""

    text: str

    def __str__(self) -> str:
        return formula_shown(self.text) or formula_words(self.text)


@dataclass(frozen=True)
class Merged(Formula):
    """A tool-owned cell of the Log that is one of a merge's cells but its first (``text``: the merge, ``AA5:AC5``):
    Excel keeps no value written there, so none is written, and the session's baseline is not recorded while the
    range is merged (a baseline is recorded whole or not at all)."""

    def __str__(self) -> str:
        return self.text


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NOT_ALNUM_KEEP_LINES = re.compile(r"[^0-9a-z\n]+")


@dataclass
class RawTable:
    """Raw cells of one table.

    ``headers`` are the header cells in sheet order (duplicates and blanks allowed); ``data`` has one
    column per header position (0, 1, ...) holding raw values, plus ``_row``: the Excel row number.
    ``factors``: per column position, the column's distinct values as ``pandas.factorize`` gives them
    (codes, with -1 for a blank; values in order of first appearance), when the reader has them (an
    empty column's: every code -1, no value; the codes may be a read-only view of one -1).
    ``replaced``: for a text file, the rows (their numbers, header row 1) holding bytes its encoding
    could not read, each read as U+FFFD, and how many such bytes each holds; ``encoding``: the one-byte encoding
    a text file beyond ASCII and not UTF-8 was read in (``Windows-1252``, ``Mac Roman``, ``Windows-1250``,
    ``Shift-JIS``), which the import names, with ``encoding_doubt``: the others that read it as plausibly and a
    word each reads otherwise (``Mac Roman ("José" would read "JosÈ")``), or "".
    ``header_row``: the Excel row of ``headers`` (a header block further down a paste:
    :func:`~coachlog_xl.core.layout.segments`).
    ``uncalculated``: the cells holding a formula never calculated, which the readers give as blank:
    (Excel row, column 1 = A) -> the formula's text ("" for a cell of a filled-down formula).
    ``tabs``: for the sheets of one file read one below the other (an export in monthly tabs), each
    sheet's name in messages and the row of the table its row 1 is (:meth:`tabs_apart`).  ``merged``:
    the ranges of merged cells over several rows below the header (``A3:A10``), when the reader can tell.
    ``formulas``: the Log's tool-owned cells holding a formula with a value, which is read as the cell's:
    (Excel row, column 1 = A) -> the formula's text.  ``typed``: per column position, the rows of ``data``
    from a row on as a column-wise reader typed them before rows of text above were put in the column
    (an export pasted with its header under the template's): (that row's index, the typed values, their
    factors or None, the rows among them, from that row, holding text: a later paste's header),
    for a header block below those rows and holding none of those to take as they are
    (:func:`~coachlog_xl.core.layout.segments`).  ``keyed``: the distinct texts of its columns keyed
    while it is read, latest first, and their keys (:func:`~coachlog_xl.core.trailers.header_words`: a
    column's texts are looked at for a header row, then for totals rows, and keyed once), kept with the
    table so that none outlives it.  ``date1904``: the table is a workbook's that counts its serial numbers
    in the 1904 date system (Excel for Mac's option): a date column's plain numbers are days from 1904-01-01;
    None: the workbook's date system could not be told (:mod:`~coachlog_xl.core.datesystem`).  ``long_rows``: for a
    comma-separated file, its rows holding a value past its header, imported as they are (Excel row -> what it
    holds from its score on; :func:`~coachlog_xl.core.longrows.past_header`).  ``clocks``: the column positions whose
    cells' number format shows a time of day alone, where the reader hands a time cell as a date-time on Excel's day
    zero or a fraction of a day and reads formats (Excel on the desktop); empty where a time cell comes as a time (a
    file); None where the engine hands a time cell as a fraction of a day and tells no format (Lite, Server).
    ``sheets_left``: an .xlsx export's other visible sheets whose header names a call id, scores and criteria, not
    read; ``sheets_skipped``: its other visible sheets of a call id not read either, each with why (a copy of one
    read, a header with no rows under it, a summary naming no criterion); ``sheets_hidden``: its hidden sheets of
    scores holding rows found on no sheet read, not read.  ``side``: of a header read with a band row over it
    (:func:`~coachlog_xl.core.grouped.banded_header`), the columns under no criterion's band: the bands say which
    columns are criteria, so one of them is a criterion's only when its header names one (:mod:`~.wide`);
    ``bands``: of those, the lone column a band stands over headed by no score word (``Answer``, ``Pts``) -> the
    band's name, that criterion's column where the Criteria sheet names it
    (:func:`~coachlog_xl.core.grouped.named_bands`).
    """

    sheet: str
    headers: list
    data: pd.DataFrame
    factors: dict = field(default_factory=dict)
    replaced: dict[int, int] = field(default_factory=dict)
    header_row: int = 1
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)
    tabs: list[tuple[str, int]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    typed: dict[int, tuple] = field(default_factory=dict)
    keyed: list = field(default_factory=list, compare=False, repr=False)
    date1904: bool | None = False
    long_rows: dict[int, tuple] = field(default_factory=dict)
    clocks: frozenset[int] | None = frozenset()
    sheets_left: list[str] = field(default_factory=list)
    sheets_skipped: list[tuple[str, str]] = field(default_factory=list)
    sheets_hidden: list[str] = field(default_factory=list)
    side: frozenset[int] = frozenset()
    bands: dict[int, str] = field(default_factory=dict)
    encoding: str = ""
    encoding_doubt: str = ""

    @classmethod
    def from_rows(cls, sheet: str, headers: list, rows: list[list], first_row: int = 2) -> RawTable:
        width = len(headers)
        padded = [list(r)[:width] + [None] * (width - len(r)) for r in rows]
        data = pd.DataFrame(padded, columns=list(range(width)), dtype=object)
        data[ROW] = range(first_row, first_row + len(padded))
        return cls(sheet, list(headers), data)

    @classmethod
    def from_columns(cls, sheet: str, headers: list, columns: list, first_row: int = 2,
                     factors: dict | None = None, typed: dict | None = None) -> RawTable:
        """A table from one array of raw values per header position, as a column-wise reader gives
        them (text and yes/no as objects, numbers as floats, date-times as datetime64; NaN/NaT blank);
        ``factors`` and ``typed``: see the class."""
        n = len(columns[0]) if columns else 0
        # each column keeps its array's dtype (object stays object: no text inference) and its own
        # block: put side by side, not copied into one two-dimensional block per dtype (the table
        # takes the arrays over: the caller made them for it)
        data = pd.concat([pd.Series(col, dtype=col.dtype, name=i, copy=False) for i, col in enumerate(columns)],
                         axis=1) if columns else pd.DataFrame(index=pd.RangeIndex(n))
        data[ROW] = np.arange(first_row, first_row + n)
        return cls(sheet, list(headers), data, dict(factors or {}), typed=dict(typed or {}))

    @classmethod
    def from_records(cls, sheet: schema.Sheet | str, records: list[dict], headers: list | None = None) -> RawTable:
        """A table from dicts keyed by header text (or schema key), as a person would fill it."""
        sheet_obj = sheet if isinstance(sheet, schema.Sheet) else None
        name = sheet_obj.name if sheet_obj else str(sheet)
        if headers is None:
            headers = sheet_obj.headers if sheet_obj else list(dict.fromkeys(k for r in records for k in r))
        by_key = {c.key: c.header for c in sheet_obj.columns} if sheet_obj else {}
        rows = []
        for rec in records:
            cells = {by_key.get(k, k): v for k, v in rec.items()}
            rows.append([cells.get(h) for h in headers])
        return cls.from_rows(name, headers, rows)

    def __len__(self) -> int:
        return len(self.data)

    def cleared(self) -> bool:
        """Whether the table holds no value at all, its header row blank too (a Scores sheet cleared whole,
        its scores now coming in sheets of their own): nothing to read, and no column to miss."""
        return (all(pd.isna(h) or (isinstance(h, str) and not h.strip()) for h in self.headers)
                and not self.uncalculated and not self.merged
                and all(self.data[c].isna().all() for c in self.data.columns if c != ROW))

    def tabs_apart(self) -> list[RawTable]:
        """Each of :attr:`tabs` as a table of its own, its rows numbered as on its sheet (its row 1 the
        header), so that a message names the sheet and row a person finds the cell at."""
        rows = [list(self.headers), *self.data.drop(columns=[ROW]).itertuples(index=False, name=None)]
        ends = [first - 1 for _, first in self.tabs[1:]] + [len(rows)]
        return [RawTable.from_rows(name, rows[first - 1], rows[first:end])
                for (name, first), end in zip(self.tabs, ends)]


# modifier letters written as apostrophes and primes (``Customerʼs``), which are letters to Unicode
_APOSTROPHE_LETTERS = frozenset("\u02b9\u02ba\u02bb\u02bc\u02bd\u02c8\u02ee")


_MISREAD_BOM = "\ufeff".encode().decode("cp1252")  # ï»¿
# Turkish's capital dotted I and small dotless i: its locale's upper case of i and lower case of I (an export
# made there heads a column QUESTİON_İD or ıd), which case folding alone keeps apart from i
_TURKISH_I = str.maketrans({"\u0130": "i", "\u0131": "i"})


def header_key(text) -> str:
    """Headers and names match case-, space- and punctuation-insensitively: ``Call  date`` == ``call_date``.

    The key keeps the letters, marks and digits of every script (``Иван Петров`` -> ``иванпетров``),
    case-folded after compatibility normalisation (NFKC: full-width ``ＡＢ`` and ``ab`` match, and so do
    an accent typed as one character or as a letter and a combining mark; an apostrophe typed as a
    modifier letter, ``ʼ``, is punctuation as ``'`` is).  Accents are kept:
    ``Lê Anh`` and ``Lý Anh`` are two people, and ``Muller`` matches ``Müller`` only through the Reps
    sheet's Other names; Turkish ``İ`` and ``ı`` are ``i`` (``QUESTİON_İD`` is ``question_id``, ``Yıldız`` is
    ``Yildiz``).  A text of punctuation only has the empty key.  A UTF-8 byte order mark read as
    Windows-1252 (``ï»¿call_id``: a UTF-8 export opened with the wrong encoding, then pasted) is no part of it.
    """
    if text is None:
        return ""
    text = str(text)
    if text.isascii():
        return _NOT_ALNUM.sub("", text.lower())
    text = text.removeprefix(_MISREAD_BOM)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).translate(_TURKISH_I).casefold())
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LMN" and c not in _APOSTROPHE_LETTERS)


def unaccented(key: str) -> str:
    """A name's key without its accents, to hint at (never to match) the name they were left off."""
    if key.isascii():
        return key
    return "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))


def header_keys(texts: list[str]) -> list[str]:
    """:func:`header_key` of each text; the ASCII ones lowered and cleaned in one pass over them all (a
    column of 125,000 call ids), where lowering is per character, so joining changes no key.  Texts
    with other characters, or holding the separator, are keyed alone."""
    plain = [i for i, t in enumerate(texts) if t.isascii()]
    keys = [""] * len(texts)
    joined = _NOT_ALNUM_KEEP_LINES.sub("", "\n".join(texts[i] for i in plain).lower()).split("\n")
    if len(joined) != len(plain):  # a text holding the separator
        joined = [header_key(texts[i]) for i in plain]
    for i, key in zip(plain, joined):
        keys[i] = key
    for i in (i for i, t in enumerate(texts) if not t.isascii()):
        keys[i] = header_key(texts[i])
    return keys


def header_positions(headers: list) -> dict[str, int]:
    """Each header's :func:`header_key` -> the position (0-based) of the first column with it: how a
    column is found wherever a sheet is read or written, so the reader and the writer agree."""
    positions: dict[str, int] = {}
    for pos, head in enumerate(headers):
        positions.setdefault(header_key(head), pos)
    return positions


_DATES = (schema.DATE, schema.DATETIME)


def by_schema(table: RawTable, sheet: schema.Sheet) -> tuple[pd.DataFrame, list[str]]:
    """Columns of a fixed-layout table renamed to schema keys.

    Returns the frame (every schema key present, missing ones all blank, plus ``_row``) and the list
    of schema headers that were not found.  A header is found by :func:`header_positions`.  A date column's
    date numbers are read in the table's workbook's date system (:func:`~coachlog_xl.core.datenumbers.in_1900`).
    """
    positions = header_positions(table.headers)
    columns, missing = {}, []
    for col in sheet.columns:
        pos = positions.get(header_key(col.header))
        if pos is None:
            missing.append(col.header)
            columns[col.key] = pd.Series([None] * len(table.data), index=table.data.index, dtype=object)
        else:
            values = table.data[pos].astype(object)
            columns[col.key] = datenumbers.in_1900(values, table.date1904) if col.kind in _DATES else values
    # (put side by side at once: a column set at a time costs a fifth of a millisecond each, the Log's forty)
    out = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=table.data.index)
    out[ROW] = table.data[ROW].to_numpy()
    return out, missing


@dataclass
class RawInputs:
    """Everything a refresh reads, as raw cells."""

    criteria: RawTable
    reps: RawTable
    scores: list[RawTable]
    log: RawTable
    settings: RawTable
    call_types: RawTable | None = None
    methods: RawTable | None = None
    supervisors: RawTable | None = None
    word_lists: RawTable | None = None
    header_map: RawTable | None = None
    extra: dict = field(default_factory=dict)
    # the Scores pastes already normalised (a refresh cache, or the first compute on these inputs);
    # when set, ``scores`` is not read again
    normalised: Normalised | None = None
    # cells a refresh reads of the Log (but its tool-owned columns), Criteria, Reps and Settings holding a
    # formula never calculated (the file saved by a program that does not calculate), read as blank:
    # (sheet, row, header, the formula's text, "" for a cell of a filled-down formula)
    uncalculated: list[tuple[str, int, str, str]] = field(default_factory=list)
    # ranges of merged cells reaching below the header of the Log, Criteria and Reps: (sheet, range
    # such as A2:A4, its first row)
    merged: list[tuple[str, str, int]] = field(default_factory=list)
    # pivot tables standing on the Log, Criteria or Reps, whose cells are read as blank: (sheet, name, the
    # range of its cells such as A8:B13, its first row, the row the sheet's next entry goes in when the
    # pivot table stands there or below it, else None); range and rows None where the engine cannot tell them
    pivots: list[tuple[str, str, str | None, int | None, int | None]] = field(default_factory=list)
    # (sheet, computed sheet): a computed sheet missing, and a sheet of another name with its columns
    renamed: list[tuple[str, str]] = field(default_factory=list)
    # (sheet, its first rows): the sheets of the team's own (not read as Scores), whose top may hold a Scores header
    elsewhere: list[tuple[str, list[list]]] = field(default_factory=list)

    @classmethod
    def from_records(
        cls,
        *,
        criteria: list[dict] = (),
        reps: list[dict] = (),
        scores: list[dict] = (),
        log: list[dict] = (),
        settings: dict | None = None,
        call_types=schema.DEFAULT_CALL_TYPES,
        methods=schema.DEFAULT_METHODS,
        supervisors=(),
        word_lists: dict | None = None,
        header_map: dict | None = None,
    ) -> RawInputs:
        """Inputs from plain Python records, keyed by header text or schema key.

        ``settings`` maps a setting's key or label to its value; the rest keep their defaults.
        """
        labels = {s.key: s.label for s in schema.SETTINGS_ITEMS}
        given = {labels.get(k, k): v for k, v in (settings or {}).items()}
        settings_rows = [
            {"setting": s.label, "value": given.get(s.label, s.default), "help": s.help}
            for s in schema.SETTINGS_ITEMS
        ]
        words = word_lists if word_lists is not None else schema.DEFAULT_WORD_LISTS
        hmap = header_map if header_map is not None else schema.DEFAULT_HEADER_MAP
        return cls(
            criteria=RawTable.from_records(schema.CRITERIA, list(criteria)),
            reps=RawTable.from_records(schema.REPS, list(reps)),
            scores=[RawTable.from_records(schema.SCORES, list(scores))],
            log=RawTable.from_records(schema.LOG, list(log)),
            settings=RawTable.from_records(schema.SETTINGS, settings_rows),
            call_types=RawTable.from_records(schema.CALL_TYPES, [{"call_type": t} for t in call_types]),
            methods=RawTable.from_records(schema.METHODS, [{"method": m} for m in methods]),
            supervisors=RawTable.from_records(schema.SUPERVISORS, [{"supervisor": s} for s in supervisors]),
            word_lists=RawTable.from_records(
                schema.WORD_LISTS, [{"list": k, "phrase": p} for k, ps in words.items() for p in ps]
            ),
            header_map=RawTable.from_records(
                schema.HEADER_MAP, [{"field": k, "header": h} for k, hs in hmap.items() for h in hs]
            ),
        )
