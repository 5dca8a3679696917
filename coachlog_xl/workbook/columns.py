"""Reading a large sheet column by column with fastexcel (calamine + Arrow), when it is installed.

A pasted QA export is long and regular: each column holds one kind of value.  fastexcel reads such
a sheet straight into typed columns (text, numbers, date-times, yes/no), several times faster than
building a Python row per line.  It is used only when the result is exactly what the cell-by-cell
reader gives, and :func:`read_columns` returns None otherwise, so the caller reads the sheet the
ordinary way:
- fastexcel (or pyarrow) is not installed (e.g. on Pyodide);
- the workbook counts its dates from 1904 (Excel for Mac's option): fastexcel takes the date system
  from the last ``workbookPr`` element of the workbook part, and Excel 2013 and later write a second
  one (``x15:workbookPr``, in its extensions) without the flag, so every date would be read as days
  from 1900, 1,462 days early; the row reader reads the workbook's own date system;
- the sheet's cells do not start at A1 (fastexcel would drop the offset);
- a column mixes kinds (text and a number, yes/no and numbers, a date among numbers), which
  fastexcel would turn into blanks or into the column's kind (:func:`fastload.load` refuses them),
  except numbers, text and yes/no: read as numbers, the text and yes/no cells put back where they stand
  (``"85"`` stays text, a yes/no stays True or False); a text "nan",
  which fastexcel reads as a number (NaN, which no cell holds), sends the sheet to the row reader;
  and date-times and text (text dates among the dates Excel made of a paste): each date given as the
  row reader gives it (a date at midnight, else a datetime), the text cells put back;
- a date-time column holds days before 1900-03-01, or times of day beside dates.  A column of times
  of day alone (a Time column beside a Date column) is given as ``datetime.time`` objects and one of
  durations as ``datetime.timedelta``, as the row reader gives them.
Row 1 comes from fastexcel's column names when every header cell is text and none is renamed (a
repeated header becomes ``Score_1``); otherwise row 1 is read as values.  When rows 1 .. k are text
only (an export pasted with its own header, and any title rows, under the template's header), the sheet
is loaded with row k as fastexcel's header row, so that its columns are typed by the export's cells
alone, and rows 1 .. k are read apart as the row reader reads them (:mod:`.leadrows`) and put back
above (:func:`_spliced`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from coachlog_xl.core.inputs import RawTable
from coachlog_xl.workbook import fastload, leadrows

_NO_ROWS = np.empty(0, dtype=np.int64)
_EARLIEST = np.datetime64("1900-03-01")  # earlier "dates" are Excel times of day on day 0
# past Excel's last day (9999-12-31): a number in a date format that no date-time holds, which the row reader
# gives as the number (pandas' date-times end in 2262 too)
_LATEST = np.datetime64("2262-04-11")
_RENAMED = re.compile(r"_\d+$")


def modules():
    """(fastexcel, pyarrow), or None where they are not installed (:func:`fastload.modules`)."""
    return fastload.modules()


def available() -> bool:
    return modules() is not None


def read_columns(path: Path, sheet: str, part: str | None, loaded=fastload.NOT_LOADED) -> RawTable | None:
    """The sheet as a :class:`RawTable` read column-wise, or None when the row reader must be used;
    ``loaded``: :func:`fastload.load` of the sheet, when it was loaded already (by the prefetch),
    which this takes over: each of its Arrow columns is let go once read (a column of long texts
    would otherwise be held three times over, as Arrow, as distinct values and as Python strings)."""
    if not available() or part is None:
        return None
    head = leadrows.scan(path, part)
    if head is None:
        return None
    if loaded is fastload.NOT_LOADED or not _of(loaded, head, part):
        loaded = fastload.load(path, sheet, part=part, head=head)
    if loaded is None or loaded.errors:
        return None
    body, loaded.body = loaded.body, None
    n, arrow = body.num_rows, list(body.columns)
    lead = loaded.lead
    headers = list(lead[0]) if lead else _headers(list(body.schema.names)) if head.text else None
    del body
    if headers is None:  # a header fastexcel renames (duplicate) or a number: read row 1 as values
        row1 = fastload.first_row(path, sheet)
        if row1 is None:
            return None
        headers = [_header(v) for v in row1]
    pa = modules()[1]
    columns, factors, holed = [], {}, {}
    for i in range(len(arrow)):
        arr = _column(arrow, i, pa, loaded.texts.get(i))
        if arr is None:
            return None
        if isinstance(arr, WithTexts):  # numbers or date-times with text cells: also kept as typed
            holed[i] = (arr.typed, arr.rows)
            arr = arr.values
        elif isinstance(arr, tuple):  # text: its codes and distinct values come with it
            arr, factors[i] = arr
        columns.append(arr)
    width = max(len(headers), len(columns))
    headers += [""] * (width - len(headers))
    columns += [np.full(n, None, dtype=object) for _ in range(width - len(columns))]
    typed = {i: (0, values, None, rows) for i, (values, rows) in holed.items()}
    if lead:
        body, body_factors = columns, factors
        columns, factors = _spliced(columns, factors, lead[1:])
        if columns is None:
            return None
        top = len(lead) - 1
        typed = {}
        for i, col in enumerate(body):
            values, rows = holed.get(i, (col, _NO_ROWS))
            typed[i] = (top, values, body_factors.get(i), rows)
        n += top
    used = _used_rows(columns, n)
    if used < n:  # (trailing blank rows dropped: a block's rows then end before the typed ones do)
        typed = {i: (at, col[:used - at], None, rows[rows < used - at])
                 for i, (at, col, _, rows) in typed.items() if used > at}
    return RawTable.from_columns(sheet, headers, [c[:used] for c in columns], first_row=2,
                                 factors={i: (codes[:used], values) for i, (codes, values) in factors.items()},
                                 typed=typed)


def _of(loaded, head: leadrows.Head, part: str) -> bool:
    """Whether the prefetch's load of the sheet is of the rows :func:`leadrows.scan` found: its header row
    the last row of text at the top, or row 1 (always right: the rows below are read as they are)."""
    return loaded is None or loaded.lead is None or (loaded.part == part and len(loaded.lead) == head.rows)


def _spliced(columns: list[np.ndarray], factors: dict, rows: list[list]) -> tuple[list | None, dict]:
    """Each column with its cells of ``rows`` (rows 2 .. k, text or "") put above its own, a blank as a
    blank of the column (None, NaN among numbers, NaT among date-times); a column of numbers or
    date-times given a text there becomes one of objects, each date-time as the row reader gives it; a
    text column's codes and distinct values renumbered as ``pandas.factorize`` numbers the whole.
    (None, {}) for a column of another kind."""
    out, renumbered = [], {}
    for i, col in enumerate(columns):
        top = [r[i] if i < len(r) and r[i] != "" else None for r in rows]
        texts = any(v is not None for v in top)
        if i in factors:
            codes, distinct = factors[i]
            order = {v: j for j, v in enumerate(dict.fromkeys(v for v in top if v is not None))}
            moved = np.array([order.setdefault(v, len(order)) for v in distinct] + [-1], dtype=np.int64)
            codes = np.concatenate([np.array([-1 if v is None else order[v] for v in top], dtype=np.int64),
                                    moved[codes]])
            distinct = np.array(list(order), dtype=object)
            renumbered[i] = (codes, distinct)
            out.append(np.append(distinct, None)[codes])
            continue
        kind = col.dtype.kind
        if kind == "M" and texts:
            col, kind = _as_objects(col, _cell_date), "O"
        if kind == "f" and not texts:
            out.append(np.concatenate([np.full(len(top), np.nan), col]))
        elif kind == "M":
            out.append(np.concatenate([np.full(len(top), np.datetime64("NaT"), dtype=col.dtype), col]))
        elif kind in "fO":
            out.append(np.concatenate([np.array(top + [None], dtype=object)[:-1], col.astype(object, copy=False)]))
        else:
            return None, {}
    return out, renumbered


def _headers(names: list[str]) -> list | None:
    """Row 1 as the row reader gives it, from fastexcel's column names (all text cells): a blank cell
    is named ``__UNNAMED__<i>``; None when a name may be a renamed duplicate (``Score_1``)."""
    if any(_RENAMED.search(n) for n in names):
        return None
    return ["" if n == f"__UNNAMED__{i}" else n for i, n in enumerate(names)]


def _header(value):
    """A header cell as the row reader gives it: blank is '', a number a float."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _empty(n: int) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """A column of ``n`` blank cells with its factors, which say it holds no value (every code -1, no
    distinct value), so that the layout and the normaliser need not scan its cells for one; the codes
    are one -1 seen ``n`` times (read, never written: no memory for a million codes).  An empty array
    of objects holds None in every cell, made in half the time ``np.full(n, None)`` takes (7 of the
    benchmark export's 13 columns are empty: about 10 ms at 100,000 rows)."""
    return np.empty(n, dtype=object), (np.broadcast_to(np.intp(-1), (n,)), np.empty(0, dtype=object))


class WithTexts(NamedTuple):
    """A column of numbers or date-times holding text cells: ``values`` as the row reader gives them
    (objects), ``typed`` the same column as floats or datetime64 (NaN or NaT in the text cells), ``rows``
    the text cells' rows, sorted."""

    values: np.ndarray
    typed: np.ndarray
    rows: np.ndarray


def _column(arrow: list, i: int, pa, texts: dict[int, str] | None = None) -> np.ndarray | tuple | None:
    """Column ``i`` of the Arrow columns ``arrow``, taken out of the list (so it is let go once read),
    as the values the row reader gives (numbers as float, blanks as None or NaN/NaT); a text column
    with its factors (:attr:`RawTable.factors`): ``(values, (codes, distinct values))``; ``texts``: the
    text cells of a column of numbers or date-times (row -> text), put back among them
    (:class:`WithTexts`), or of a column of yes/no or of durations."""
    col, arrow[i] = arrow[i], None
    kind = col.type
    if texts:
        rows = np.fromiter(texts, dtype=np.int64, count=len(texts))
        typed = None  # (the column as floats or datetime64, for a header block to take as they are)
        if pa.types.is_timestamp(kind):  # (dates as the row reader gives them: a date at midnight)
            stamps = col.cast(pa.timestamp("ms")).to_numpy(zero_copy_only=False).astype("datetime64[ms]")
            present = stamps[~np.isnat(stamps)]
            if present.size and present.max() >= _LATEST:
                return None
            if present.size and present.min() < _EARLIEST:  # times of day (a paste's header among them)
                values = _times_of_day(stamps, present)
            else:
                values, typed = _as_objects(stamps, _cell_date), stamps
        elif pa.types.is_floating(kind) or pa.types.is_integer(kind):
            typed = _numbers(col, rows)
            values = None if typed is None else typed.astype(object)
        elif pa.types.is_boolean(kind):
            values = np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)
        elif pa.types.is_duration(kind):
            values = _durations(col, pa)
        else:
            return None
        if values is None:
            return None
        values[rows] = np.fromiter(texts.values(), dtype=object, count=len(texts))
        if typed is None:
            return values
        typed[rows] = np.datetime64("NaT") if typed.dtype.kind == "M" else np.nan
        return WithTexts(values, typed, np.sort(rows))
    encoded = pa.types.is_dictionary(kind) and (pa.types.is_string(kind.value_type)  # (by the prefetch)
                                                or pa.types.is_large_string(kind.value_type))
    if encoded or pa.types.is_string(kind) or pa.types.is_large_string(kind) \
            or getattr(pa.types, "is_string_view", bool)(kind):
        if col.null_count == len(col):  # an empty column of the export
            return _empty(len(col))
        # one Python string per distinct text (a rep's name is one object, not one per row), in order
        # of first appearance, as pandas.factorize numbers them
        coded = col if encoded else (col.combine_chunks() if hasattr(col, "combine_chunks")
                                     else col).dictionary_encode()
        del col  # the distinct texts are all that is read from here on
        indices, dictionary = coded.indices, coded.dictionary
        del coded
        distinct = np.asarray(dictionary.to_numpy(zero_copy_only=False), dtype=object)
        del dictionary  # (as Arrow)
        if indices.null_count:  # a blank cell: code -1, which picks the None after the last text
            indices = indices.fill_null(pa.scalar(-1, indices.type))
        codes = indices.to_numpy(zero_copy_only=False)
        return np.append(distinct, None)[codes], (codes, distinct)
    if pa.types.is_boolean(kind):
        return np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)
    if pa.types.is_null(kind):  # (a text column without a text, as the prefetch sends it)
        return _empty(len(col))
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        return _numbers(col)
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        values = col.cast(pa.timestamp("ms")).to_numpy(zero_copy_only=False).astype("datetime64[ms]")
        present = values[~np.isnat(values)]
        if present.size and present.max() >= _LATEST:
            return None
        if present.size and present.min() < _EARLIEST:
            return _times_of_day(values, present)
        return values
    if pa.types.is_duration(kind):
        return _durations(col, pa)
    return None


def _durations(col, pa) -> np.ndarray | None:
    """A column of durations as the row reader gives them: ``datetime.timedelta`` objects, blanks None; None
    (the row reader reads the sheet) when one is past what a ``timedelta`` holds (a ten-digit call id in a
    duration format), which the row reader gives as the number (:func:`~coachlog_xl.workbook.reader.sheet_values`)."""
    values = col.cast(pa.duration("ms")).to_numpy(zero_copy_only=False).astype("timedelta64[ms]")
    ms = values.view(np.int64)[~np.isnat(values)]
    if ms.size and max(-int(ms.min()), int(ms.max())) > _LONGEST_MS:
        return None
    return _as_objects(values, lambda ms: dt.timedelta(milliseconds=ms))


_LONGEST_MS = dt.timedelta.max // dt.timedelta(milliseconds=1)  # (999,999,999 days and a little)


_DAY_ZERO = np.datetime64("1899-12-31", "ms")  # where fastexcel puts a time of day (a number below 1)
_MS_PER_DAY = 86_400_000


def _times_of_day(values: np.ndarray, present: np.ndarray) -> np.ndarray | None:
    """A column of times of day (numbers from 0 to 1 in a time format, which fastexcel gives on
    1899-12-31) as the row reader gives them: ``datetime.time`` objects, blanks None.  None when the
    column holds anything else before 1900-03-01 (a day of early 1900, or times beside dates)."""
    if present.min() < _DAY_ZERO or present.max() >= _DAY_ZERO + _MS_PER_DAY:
        return None
    since = (values - _DAY_ZERO).astype("timedelta64[ms]")

    def time_of(ms: int) -> dt.time:
        return (dt.datetime.min + dt.timedelta(milliseconds=ms)).time()

    return _as_objects(since, time_of)


def _cell_date(ms: int) -> dt.datetime | dt.date:
    """A date-time (milliseconds since 1970) as the row reader gives a date cell: at midnight, a date."""
    at = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ms)
    return at.date() if at.time() == dt.time(0) else at


def _as_objects(values: np.ndarray, make) -> np.ndarray:
    """``values`` (datetime64 or timedelta64 in ms, NaT for a blank) as objects: ``make(ms)`` once per
    distinct value, None for a blank."""
    ms = values.view(np.int64)
    blank = np.isnat(values)
    distinct, codes = np.unique(ms[~blank], return_inverse=True)
    out = np.full(len(values), None, dtype=object)
    out[~blank] = np.array([make(int(v)) for v in distinct], dtype=object)[codes]
    return out


def _numbers(col, text_rows: np.ndarray | None = None) -> np.ndarray | None:
    """A number column as floats (blanks NaN); None when it holds a NaN that is not a blank outside
    ``text_rows``: a text "nan" fastexcel read as a number (no cell holds NaN)."""
    values = col.to_numpy(zero_copy_only=False).astype(np.float64)
    read_nan = np.isnan(values)
    if col.null_count:
        read_nan &= ~np.asarray(col.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if text_rows is not None:
        read_nan[text_rows] = False
    return None if read_nan.any() else values


def _used_rows(columns: list[np.ndarray], n: int) -> int:
    """The number of rows up to the last one holding a value (trailing blank rows dropped)."""
    last = -1
    for arr in columns:
        i = n - 1
        while i > last and _blank(arr[i]):
            i -= 1
        last = max(last, i)
    return last + 1


def _blank(value) -> bool:
    """Whether a cell is blank: None, a text of spaces, NaN or NaT; a date, time or yes/no object is not."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return isinstance(value, float) and value != value
