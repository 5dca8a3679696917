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
"""

from __future__ import annotations

import datetime as dt
import math

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
SERIAL_END = 2958466  # 10000-01-01: the first day no serial reaches
ACCEPTED = ("a number in a date column is read as an Excel serial (below 2958466), a date written yyyymmdd "
            "(20250304), or Unix time in seconds (10 digits, such as 1741082400) or milliseconds (13 digits)")


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
