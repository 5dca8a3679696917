"""A Session time cell, or a call time column's cell, read as a time of day (:func:`time_of_day`, :func:`call_time`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from coachlog_xl.core import clock, coerce, datenumbers, monthnames


def time_of_day(value) -> dt.time | None:
    """A Session time cell: a time, a fraction of a day, or a clock reading (14:30, 14.30, 14h30, 2pm); a number of
    hours (:func:`hours_typed`: ``14,30`` typed with a decimal comma) is unreadable, its message saying so."""
    if coerce.is_blank(value):
        return None
    value = as_typed(value)
    if (hours := hours_typed(value)) is not None:
        raise coerce.Unreadable(_as_hours(hours, value))
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


def call_time(value) -> dt.time | None:
    """A call time column's cell: :func:`time_of_day`, and the forms a call date's time is read in after the date in
    one cell (``14:30 Uhr``, ``um 14.30``, ``14.30.00``: :func:`.clock.usual` after
    :func:`.monthnames.time_alone`).  A number of 1 or more is not a time of day: a handle time in minutes (``5.3``)
    or hours as a decimal (``14.5``) is never taken for a clock reading (a CSV's ``14.30`` arrives as that number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 1:
        raise coerce.Unreadable(f"{coerce.text(value)!r} is not a time of day (type it as 14:30)")
    try:
        return time_of_day(value)
    except coerce.Unreadable:
        bare = monthnames.time_alone(value) if isinstance(value, str) else None
        if (read := clock.usual(" ".join((bare or value).split()) if isinstance(value, str) else "")) is None:
            raise
        return dt.time(*read)


# Excel's and LibreOffice's day 1 of the 1900 date system before 1 March 1900 (the days a number of hours falls on)
_DAY_0 = dt.datetime(1899, 12, 31)


def hours_typed(value) -> float | None:
    """The number of a cell that holds a number of hours, 2 to 24 with at most two decimals, not a time of day
    (``14,30`` typed where a comma is the decimal sign: 14.3; in a cell formatted as a time, the date and time
    1900-01-14 07:12 it shows), else None.  (A number from 1 to 2 falls on day 1, which a time cell also holds beside
    its time: not told apart; a time on a later day of 1900 that is no such number, 1900-01-02 14:30, is its time.)"""
    if isinstance(value, dt.datetime) and dt.datetime(1900, 1, 2) <= value < dt.datetime(1900, 1, 25):
        hours = round((value - _DAY_0) / dt.timedelta(days=1), 9)
    elif isinstance(value, float) and 2 <= value < 24:
        hours = value
    else:
        return None
    return hours if abs(hours * 100 - round(hours * 100)) < 1e-6 else None


def _as_hours(hours: float, value) -> str:
    """Why a number of hours (:func:`hours_typed`) is not read as a time, and what it likely was: no time is guessed
    from it (``14,3`` may be 14:30 or 14:03, or hours and a fraction); a whole number is an hour without minutes."""
    shown = f", shown as the date and time {value:%Y-%m-%d %H:%M}," if isinstance(value, dt.datetime) else ""
    if hours == int(hours):
        return (f"holds the number {hours:g}{shown} which is not a time of day (an hour without minutes); type it as "
                f"{int(hours):02d}:00, with a colon")
    typed = f"{hours:g}".replace(".", ",")
    return (f"holds the number {hours:g}{shown} which is not a time of day (likely a time typed with a comma, {typed}, "
            "where a comma is the decimal sign); type it as 14:30, with a colon")


def as_typed(value):
    """A cell as it was typed: a whole number under 2400 in a cell formatted as a time or date is read as a day of
    1900 to 1906 (``1430``, a clock without its colon, as 1903-11-30), and is that number again; else the cell."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        days = (value - datenumbers.EXCEL_EPOCH.date()).days
        return days if 0 < days < 2400 else value
    return value


# a clock reading: hours, then minutes after ":", "." or "h" (and seconds), or am / pm
_CLOCK = re.compile(r"(\d{1,2})(?:\s*[:.h]\s*(\d{2})(?:\s*:\s*(\d{2}))?)?\s*(?:([ap])\.?\s*m\.?)?", re.I)
