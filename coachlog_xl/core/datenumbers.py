"""Dates written as numbers, told apart by size (a number cell, or a text of digits).

- below 2,958,466 (10000-01-01): an **Excel serial**, days since 1899-12-30 (45000 is 2023-03-15);
- a whole number of 8 digits, 10,000,000 to 99,999,999: **yyyymmdd** (20250304 is 2025-03-04), when
  it is a calendar day;
- 10 digits, 1,000,000,000 to 9,999,999,999: **Unix time in seconds** (1741082400 is
  2025-03-04 10:00:00 UTC), as flattened API exports (Observe.AI, Gong, Zendesk QA) write it;
- 13 digits, 1,000,000,000,000 to 9,999,999,999,999: **Unix time in milliseconds**.

No Excel serial is that large, so the sizes never overlap; any other number (9, 11, 12 or 14+ digits,
a yyyymmdd with a fraction) is no date.  Unix time is a moment in UTC: it is read as an ISO text with
``Z`` is (see :func:`coachlog_xl.core.coerce.moment`), at its UTC time of day unless Settings names a
time zone to convert into.  Every reading is rounded to the second, half a second up.

:func:`read` reads one number; :func:`read_column` reads a call date column's Unix times and
yyyymmdd at once (one distinct value a call: read one by one, a million took seconds), and
:func:`midnights_timed` says which midnights of a column of times are times, not days alone.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
SERIAL_END = 2958466  # 10000-01-01: the first day no serial reaches
ACCEPTED = ("a number in a date column is read as an Excel serial (below 2958466), a date written yyyymmdd "
            "(20250304), or Unix time in seconds (10 digits, such as 1741082400) or milliseconds (13 digits)")


DAYS_TO_1904 = 1462  # the 1900 system's serial of 1904-01-01, day 0 of the 1904 system (Excel for Mac's option)


def _serial_1904(v):
    """Whether numbers are serials of the 1904 system: from 1 (1904-01-02) to the last serial.  A number
    below 1 is a time of day alone, no date, in either system: left as it is, it is read as the 1900
    system's (an unreadable date), the same in a workbook of either system."""
    return (v >= 1) & (v < SERIAL_END - DAYS_TO_1904)


def from_1904(col: pd.Series) -> pd.Series:
    """A date column of a workbook in the 1904 date system, its serials (:func:`_serial_1904`) made the
    1900 system's of the same days (+ 1,462) that :func:`read` reads; a yyyymmdd, a Unix time, a time
    alone, a text and a date-time cell as they are (a text of digits is no serial of the workbook's: typed)."""
    moved = serials_1904(col)
    if not moved.any():
        return col
    out = col.astype(float) if col.dtype.kind in "iuf" else col.copy()
    out[moved] = col[moved].astype(float) + DAYS_TO_1904
    return out


def in_1900(col: pd.Series, date1904) -> pd.Series:
    """A column of an input sheet's dates (the Scores' call and grading dates, the Log's, Criteria's Effective from,
    Settings' As-of date) with its date numbers read in its workbook's date system: :func:`from_1904` where the
    workbook counts from 1904 (``date1904`` True), as they are otherwise (False: the 1900 system; None or refused:
    unknown, read as the 1900 system's)."""
    return from_1904(col) if date1904 is True else col


def serials_1904(col: pd.Series) -> np.ndarray:
    """Which cells of a date column are date numbers the 1904 system reads (:func:`_serial_1904`): those
    :func:`from_1904` moves."""
    if col.dtype.kind in "iuf":
        with np.errstate(invalid="ignore"):
            return np.asarray(_serial_1904(col.to_numpy(dtype=float)))
    if col.dtype != object:
        return np.zeros(len(col), dtype=bool)
    return np.fromiter((serial_from_1904(v) is not None for v in col), dtype=bool, count=len(col))


def serial_from_1904(value) -> float | None:
    """The 1900 system's serial of a cell that is a serial of the 1904 system (see :func:`from_1904`), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _serial_1904(value):
        return value + DAYS_TO_1904
    return None


class NotADate(ValueError):
    """A number that is none of the dates above (the message says which forms are read)."""


def read(number: int | float) -> dt.datetime:
    """The date-time a number stands for: naive for a serial or yyyymmdd, in UTC for Unix time.

    An ``int`` is compared as it is, however large (``10**400`` is no float)."""
    if 1 <= number < SERIAL_END - 0.5 / 86400:  # (past it, the rounding to the second reaches year 10000)
        at = EXCEL_EPOCH + dt.timedelta(days=number)
        return (at + dt.timedelta(seconds=0.5)).replace(microsecond=0)
    if 10**7 <= number < 10**8 and number == int(number):
        return _yyyymmdd(int(number))
    if 10**9 <= number < 10**10:
        return UNIX_EPOCH + dt.timedelta(seconds=_rounded(number, 1))
    if 10**12 <= number < 10**13:
        return UNIX_EPOCH + dt.timedelta(seconds=_rounded(number, 1000))
    raise NotADate(ACCEPTED)


def _yyyymmdd(number: int) -> dt.datetime:
    year, month, day = number // 10000, number // 100 % 100, number % 100
    try:
        return dt.datetime(year, month, day)
    except ValueError:
        raise NotADate(f"read as yyyymmdd, it is no calendar day; {ACCEPTED}") from None


def _rounded(number: int | float, per_second: int) -> int:
    """Whole seconds of ``number`` units of 1/``per_second`` s, half a second up (exact for an int)."""
    if isinstance(number, int):
        return (2 * number + per_second) // (2 * per_second)
    return math.floor(number / per_second + 0.5)


def is_unix_time(value) -> bool:
    """Whether a cell (a number, or a text of digits) is read as Unix time: a moment, whose midnight
    in a column of times is that time of day, as ``2025-10-10T00:00:00Z`` is."""
    if isinstance(value, str):
        value = value.strip().lstrip("'")
        if not value.replace(".", "", 1).isdigit():
            return False
        value = float(value)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return 10**9 <= value < 10**10 or 10**12 <= value < 10**13


_DIGITS = re.compile(r"\d{8}|\d{10}|\d{13}")  # a text read at once: a yyyymmdd or a Unix time, nothing around it


def _digit_texts(col: pd.Series) -> np.ndarray:
    """Which cells of a column of texts are texts :data:`_DIGITS` matches whole, each distinct value
    matched once (:func:`~coachlog_xl.core.distinct.per_value`): a pasted column of text dates repeats
    each day on hundreds of rows, and matching every cell took 0.9 s at a million rows."""
    from coachlog_xl.core.distinct import per_value  # (it imports coerce, which imports this module)

    return per_value(col, _digit_text, bool)


def _digit_text(value) -> bool:
    return isinstance(value, str) and _DIGITS.fullmatch(value) is not None


def read_column(col: pd.Series, years: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`read` at once for the Unix times and yyyymmdd of a column of numbers or of texts, as
    (at, as datetime64[us] in UTC, NaT where not read; which cells were read; which are at midnight),
    or None for a column of neither kind.  Cells not read are left to be read one by one: blanks,
    serials, other numbers or texts, dates outside ``years`` (the first and last year a date may fall in).

    The same floating-point steps as :func:`read` (a whole number of digits in a text is exactly the
    float it is read as), so the moments are the same to the second; no time zone is converted.
    """
    from coachlog_xl.core.distinct import holds_text  # (it imports coerce, which imports this module)

    if col.dtype.kind in "iuf":
        v = col.to_numpy(dtype=float)
    elif holds_text(col):
        digits = _digit_texts(col)
        if not digits.any():
            return None
        v = np.full(len(col), np.nan)
        v[digits] = col[digits].astype(float).to_numpy()
    else:
        return None
    with np.errstate(invalid="ignore"):
        ms = (v >= 10**12) & (v < 10**13)
        seconds = np.floor(np.where(ms, v / 1000, v) + 0.5)  # (NaN where blank: compared False)
        end = (dt.datetime(years[1] + 1, 1, 1, tzinfo=dt.timezone.utc) - UNIX_EPOCH).total_seconds()
        unix = (ms | (v >= 10**9) & (v < 10**10)) & (seconds < end)
        number = np.where((v >= 10**7) & (v < 10**8) & (v == np.floor(v)), v, 0).astype(np.int64)
    year, month, day = number // 10000, number // 100 % 100, number % 100
    first = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    date = first.astype("datetime64[D]") + (day - 1)
    ymd = (number > 0) & (month >= 1) & (day >= 1) & (date.astype("datetime64[M]") == first) \
        & (year >= years[0]) & (year <= years[1])
    whole = np.where(unix, seconds, 0).astype(np.int64)
    at = np.where(unix, whole.astype("datetime64[s]"), date.astype("datetime64[s]")).astype("datetime64[us]")
    done = unix | ymd
    at[~done] = np.datetime64("NaT")
    return at, done, ymd | unix & (whole % 86400 == 0)


_WRITES_TIME = re.compile(r"\d:\d\d|T\d\d|\d\s*[ap]\.?m\b", re.I)  # a text date that writes a time of day


def midnights_timed(col: pd.Series, at: np.ndarray, date_only: np.ndarray,
                    apart: np.ndarray | None = None) -> np.ndarray:
    """``date_only`` of a call date column's cells (``at``: their moments, NaT where none), a cell at
    midnight in a column holding times (a moment at another time of day) read as that time when it
    writes one (``2025-10-10T00:00:00Z``, ``10/10/2025 12:00 AM``) or is Unix time (``1760054400``): a
    text of a date alone, a serial and a date-time cell stay date only.  The rows ``apart`` (of pastes with
    a call time column) are neither: that column gives their calls' times, so a call date at midnight there
    is a date alone, its call time blank or not, in a CSV as a date-time cell of an .xlsx is (domain.md,
    "Exact rules: Moments": a call with a date only)."""
    ours = np.ones(len(date_only), dtype=bool) if apart is None else ~apart
    own = date_only & ours
    if not own.any() or not (~date_only & ~np.isnat(at) & ours).any():
        return date_only
    midnight = np.flatnonzero(own)
    codes, distinct = pd.factorize(col.to_numpy(dtype=object)[midnight])  # (1 and True as one: neither is a time)
    date_only[midnight] &= np.array([not (isinstance(v, str) and _WRITES_TIME.search(v) or is_unix_time(v))
                                     for v in distinct], dtype=bool)[codes]
    return date_only


def days_of(at: pd.Series) -> pd.Series:
    """The day (midnight) of each date-time, as ``Series.dt.normalize`` gives it (NaT stays NaT): of naive
    date-times, by numpy's cast to days and back (which floors, as normalize does), four times faster."""
    if not isinstance(at.dtype, np.dtype) or at.dtype.kind != "M":
        return at.dt.normalize()
    values = at.to_numpy()
    return pd.Series(values.astype("datetime64[D]").astype(values.dtype), index=at.index, name=at.name, copy=False)
