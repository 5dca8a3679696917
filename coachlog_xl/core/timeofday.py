"""A Session time cell, or a call time column's cell, read as a time of day (:func:`time_of_day`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from coachlog_xl.core import coerce, datenumbers


def time_of_day(value) -> dt.time | None:
    """A Session time cell: a time, a fraction of a day, or a clock reading (14:30, 14.30, 14h30, 2pm)."""
    if coerce.is_blank(value):
        return None
    value = as_typed(value)
    if isinstance(value, (dt.datetime, dt.time)):
        return value.time() if isinstance(value, dt.datetime) else value
    bad = coerce.Unreadable(f"{coerce.text(value)!r} is not a time of day (type it as 14:30)")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:  # (1430 is none)
        return (dt.datetime.min + dt.timedelta(seconds=round(float(value) * 86400))).time()
    if m := _CLOCK.fullmatch(s := str(value).strip()):
        hour, minute, second, half = int(m[1]), int(m[2] or 0), int(m[3] or 0), (m[4] or "").lower()
        hour = hour % 12 + (12 if half == "p" else 0) if half and 1 <= hour <= 12 else hour
        if not ((half or m[2]) and hour < 24 and minute < 60 and second < 60):
            raise bad
        return dt.time(hour, minute, second)
    if ":" in s:  # (dateutil reads 1430 as a year, noon as midnight); a zone after the time is ignored
        with contextlib.suppress(ValueError, OverflowError):
            return coerce.PARSER.parse(s, default=dt.datetime(2000, 1, 1), ignoretz=True).time()
    raise bad


def as_typed(value):
    """A cell as it was typed: a whole number under 2400 in a cell formatted as a time or date is read as a day of
    1900 to 1906 (``1430``, a clock without its colon, as 1903-11-30), and is that number again; else the cell."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        days = (value - datenumbers.EXCEL_EPOCH.date()).days
        return days if 0 < days < 2400 else value
    return value


# a clock reading: hours, then minutes after ":", "." or "h" (and seconds), or am / pm
_CLOCK = re.compile(r"(\d{1,2})(?:\s*[:.h]\s*(\d{2})(?:\s*:\s*(\d{2}))?)?\s*(?:([ap])\.?\s*m\.?)?", re.I)
