"""A Log row's Session date and Session time read into the session's moment (domain.md, "The session's moment").

A time that cannot be read ("half past two"), or one given in both cells and differing, leaves the moment in
doubt: the session is placed as Checks says, but a baseline recorded then could hold the wrong side of the
session's own day, and would stay.  So its baseline waits (``time``, ``date-in-time``, ``two-times``: the words of
:func:`moment`), not recorded until the row is mended; one recorded (or typed) already and used (its grey cells held
by no Checks row: :func:`~coachlog_xl.core.cellwaits.held`) stays as it is and is in use, while the follow-up window
is measured from the moment as read until the row is mended (:func:`kept_words`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce, timeofday
from coachlog_xl.core.cellwaits import RECORDED, TYPED, held
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import Config
from coachlog_xl.core.dateorder import other_reading, two_readings
from coachlog_xl.core.logcells import LogCells
from coachlog_xl.core.logquality import log_header

LOG = schema.LOG.name
WAITS = " Its baseline is not recorded until then."  # (said with the fix of a session with no baseline kept)
KEPT = (RECORDED, TYPED)  # the grey cells' states whose baseline is kept whatever the moment read
# what leaves a session's moment in doubt, as a Follow-up reason names it, what ends the doubt (as Checks says it), and
# the moment the follow-up window is then measured from
DOUBT = {"time": ("its Session time cannot be read", "the time can be read", "the time typed"),
         "date-in-time": ("its Session time holds a date as well as the time", "only the time is left in Session time",
                          "the Session date at the time left in Session time"),
         "two-times": ("its time is given twice, differing", "one of the two is kept", "the time kept")}
# Session time cells holding one of the date systems' day 0 or 1 beside the time (Excel's, LibreOffice's)
_NO_DAY = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(1904, 1, 1))


def moment(c: LogCells, i: int, row: int, sid: str, cfg: Config, issues: Issues,
           stored: dict | None = None) -> tuple[coerce.Moment | None, str]:
    """The session's moment (None when it has no readable date), and what leaves it in doubt (:data:`DOUBT`):
    ``time`` (a Session time that cannot be read), ``date-in-time`` (Session time holding another day),
    ``two-times`` (a time in both cells, differing) or "".  ``stored``: what the session's grey cells hold
    (``sessions._stored_baseline``); a baseline recorded or typed (:data:`KEPT`) and used is kept and in use, so the
    doubt is said of the follow-up window alone (its baseline waits for nothing)."""
    field, given, typed = log_header("session_date"), c.raw["session_date"][i], c.raw["session_time"][i]
    date, time = c.read["session_date"][i], c.read["session_time"][i]
    if isinstance(date, coerce.Unreadable):
        issues.add(
            Code.MISSING_SESSION_DATE, LOG, row, field, given,
            f"Log row {row} ({sid}): {field} {date}; the session cannot be placed in time.",
            "Type the session date as a date (and the time in Session time, if known).",
        )
        return None, ""
    waits = ""
    if isinstance(time, coerce.Unreadable):
        exc, time = time, None
        if date is not None:
            kept = _kept(stored, row, sid, date.day)
            placed = (f"{date.day:%Y-%m-%d}, date only (calls that day are in neither window)" if date.date_only
                      else f"{date.at:%Y-%m-%d %H:%M}, the time in {field}")
            then, waiting = _meanwhile(kept, date, "time")
            issues.add(
                Code.UNREADABLE_SESSION_TIME, LOG, row, log_header("session_time"), timeofday.as_typed(typed),
                f"Log row {row} ({sid}): {log_header('session_time')}: {exc}; the session is read as on {placed}, "
                f"and {then}.",
                f"Type the time in {log_header('session_time')} as 14:30, or clear it.{waiting}",
            )
            waits = "time"
    if date is None:
        issues.add(
            Code.MISSING_SESSION_DATE, LOG, row, field, None,
            f"Log row {row} ({sid}): no session date, so no window can be computed.",
            "Type the date the session took place.",
        )
        return None, ""
    _two_ways(given, date.day, row, sid, cfg.date_order, issues)
    if time is None:
        return date, waits
    other_day = typed.date() if isinstance(typed, dt.datetime) else None
    read = coerce.Moment(dt.datetime.combine(date.day, time).replace(microsecond=0), False)
    kept = _kept(stored, row, sid, date.day)
    if other_day is not None and other_day != date.day and other_day not in _NO_DAY:
        then, waiting = _meanwhile(kept, read, "date-in-time")
        issues.add(
            Code.TWO_SESSION_TIMES, LOG, row, log_header("session_time"), typed,
            f"Log row {row} ({sid}): Session time holds the date {other_day:%Y-%m-%d} as well as the time; the "
            f"session is read as on {date.day:%Y-%m-%d} (its Session date) at {time:%H:%M}, and {then}.",
            f"Keep the date in Session date and only the time in Session time.{waiting}")
        waits = "date-in-time"
    elif not date.date_only and date.at.time() != time.replace(microsecond=0):
        # (to the second: a call in the minute between them would fall in either window; seconds apart alone, said)
        shown = "%H:%M:%S" if _minute(date.at.time()) == _minute(time) else "%H:%M"
        then, waiting = _meanwhile(kept, read, "two-times")
        issues.add(
            Code.TWO_SESSION_TIMES, LOG, row, log_header("session_time"), typed,
            f"Log row {row} ({sid}): the Session date holds the time {date.at:{shown}} and Session time "
            f"{time:{shown}}; Session time is used, and {then}.",
            f"Keep the time in one of the two cells.{waiting}")
        waits = "two-times"
    return read, waits


def _kept(stored: dict | None, row: int, sid: str, day: dt.date) -> str:
    """The state of the session's grey cells when they hold a baseline kept and used (:data:`KEPT`, no Checks row
    holding them: recorded before the session, a mean or n cleared, an n typed without its mean, a formula), else
    ""; ``day``: the session's day as read."""
    state = (stored or {}).get("stored_state")
    if state not in KEPT:
        return ""
    return "" if held({**stored, "row": row, "session_id": sid, "day": pd.Timestamp(day)}) else state


def _meanwhile(kept: str, read: coerce.Moment, doubt: str) -> tuple[str, str]:
    """What a session whose moment is in doubt (``doubt``, a key of :data:`DOUBT`) does until the row is mended, as
    its Checks row says it, and what its fix adds: a baseline not kept and used waits, not recorded; one recorded or
    typed already and used (``kept``) stays in use, the follow-up window measured from the moment as read (``read``)
    until the row is mended, then from the moment the mended row gives."""
    _, until, then = DOUBT[doubt]
    if kept not in KEPT:
        return f"its baseline waits until {until}", WAITS
    return (f"its baseline, {kept} already, stays as it is and is in use; until {until}, the follow-up window is "
            f"measured from {kept_words(read.at, not read.date_only)}",
            " The baseline stays as it is (a baseline is recorded once); the follow-up window is then measured from "
            f"{then}.")


def kept_words(at: dt.datetime, timed: bool) -> str:
    """Where the follow-up window of a session whose moment is in doubt starts, as read meanwhile: after
    ``2026-03-10 14:00``, or from the day after a date-only session (its day's calls are in neither window)."""
    if timed:
        return f"{at:%Y-%m-%d %H:%M}"
    return f"{at:%Y-%m-%d}, date only (calls from {at + dt.timedelta(days=1):%Y-%m-%d} on)"


def _minute(time: dt.time) -> dt.time:
    """A time as a cell formatted h:mm shows it: 14:30:27 is 14:30, the seconds dropped, not rounded."""
    return time.replace(second=0, microsecond=0)


def _two_ways(value, day: dt.date, row: int, sid: str, order: str, issues: Issues) -> None:
    """A warning for a Session date typed as text that reads as another real date in the other date
    order (``09/02/2026``: 2 September month-first, 9 February day-first); a date cell never is."""
    if (read := other_reading(value, day, order)) is None:
        return
    how, typed = two_readings(order, day, *read)
    issues.add(
        Code.AMBIGUOUS_SESSION_DATE, LOG, row, log_header("session_date"), value,
        f'Log row {row} ({sid}): the Session date "{value.strip()}" is text, {how}.',
        f"Type the date {typed}; if the order is wrong for every text date, set Date order on Settings and type "
        "this one as a date as well (a text date that reads two ways stays listed here).")


def recorded_two_ways(issues: Issues, sessions: list[dict], written: set[int], order: str) -> None:
    """The fix of each ``ambiguous-session-date`` whose session's baseline this refresh records (its Log row in
    ``written``) or its grey cells hold, recorded for the date as read: a date typed as the fix asks that is not
    that one leaves the baseline of the day read recorded for good, so the fix says to clear the three grey cells
    as well (Settings' Date order states the order: the baseline is not held for it).  ``sessions``: the sessions'
    row dicts; ``order``: Settings' Date order."""
    said = {i.row: i for i in issues if i.code is Code.AMBIGUOUS_SESSION_DATE}
    for s in sessions if said else ():
        issue, day, on = said.get(s["row"]), s["day"].date(), s["stored_on"]
        kept = s["stored_state"] == RECORDED and isinstance(on, dt.date) and _day(on) >= day
        if issue is None or not (kept or s["row"] in written):
            continue
        if (read := other_reading(issue.value, day, order)) is None:
            continue
        when = f"its grey cells hold the baseline recorded on {on:%Y-%m-%d}" if kept else \
            "this refresh records its baseline"
        issues.replace(issue, issue._replace(fix=(
            f"{issue.fix} As it stands, {when} for {day:%Y-%m-%d}, the date as read: if the session was on "
            f"{read[1]:%Y-%m-%d}, clear Baseline mean, Baseline n and Baseline recorded on as well when you type "
            "it: the next refresh records the baseline for the date typed.")))


def _day(value: dt.date) -> dt.date:
    """A date, or a date-time's date."""
    return value.date() if isinstance(value, dt.datetime) else value
