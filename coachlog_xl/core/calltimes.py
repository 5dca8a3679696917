"""A call time column beside the call date: the time it places a call at in its day, and what Checks says of a
row whose call time cell gives another day than its call date (:func:`other_days`), or whose call date gives
another time (:func:`two_times`; a row dated by its grading date, an export without a
call date column, names that grading date as one) or whose call time is unreadable (:func:`unreadable_times`).
Used by :mod:`.calls`."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues

DAY_ZERO = (dt.date(1899, 12, 30), dt.date(1904, 1, 1))  # the date Excel gives a time-only cell (1900, 1904 systems)
# a text that may write a date (3/10/2026, 2026-03-10, 10.03.2026, Mar 10): a time of day alone (15:05, 3:05pm) never
_DATE_LIKE = re.compile(r"\d[/.-]\d{1,2}[/.-]\d|[A-Za-z]{3}")


def unreadable_times(told: Issues, out: pd.DataFrame, at: np.ndarray, date_only: np.ndarray, issues: Issues,
                     graded: np.ndarray) -> None:
    """``told``'s unreadable call times added to ``issues``, each saying what the refresh did with its call
    (``at``, ``date_only``: the rows' moments without those times), when its score counts: a date alone
    counts the call on that day without a time, in neither window of a session that day (domain.md, Exact
    rules: Windows); a call date that gives a time keeps it; a call without a readable date is not counted
    (its date is named).  A row dated by its grading date (``graded``: an export without a call date column) names
    that grading date as one, never as the call date (as :func:`two_times`)."""
    if not len(told):
        return
    named = {i.row for i in told}
    rows = out["row"].to_numpy()
    first: dict = {}
    for k in np.flatnonzero(np.isin(rows, list(named))).tolist():
        first.setdefault((out["sheet"].iat[k], int(rows[k])), k)
    for i in told:
        k = first[(i.sheet, i.row)]
        day, date = pd.Timestamp(at[k]), "grading date" if graded[k] else "call date"
        if pd.isna(day):
            done, fix = f" The call is not counted: its {date} is blank or unreadable too.", i.fix
        elif date_only[k]:
            on = "grading date" if graded[k] else "date"
            done = (f" The call is counted on its {on}, {day.date().isoformat()}, without a time: in neither window "
                    "of a session that day (its order there is unknown), and by its date in the windows of other "
                    "days' sessions.")
            fix = ("Correct the call time (e.g. 14:30) to place the call in its day, or clear it to count the call "
                   f"on its {on} as now, or type a reason in Exclude to leave the row out.")
        else:
            done = f" The call is counted at the time its {date} gives, {day.strftime('%Y-%m-%d %H:%M')}."
            fix = (f"Correct the call time, or clear it to keep the {date}'s time as now, or type a reason in "
                   "Exclude to leave the row out.")
            if graded[k]:
                done += " With no call date column, the grading date is used (see the grading-date row)."
        issues.add(i.code, i.sheet, i.row, i.field, i.value, i.problem + done, fix)


def two_times(out: pd.DataFrame, at: np.ndarray, date_only: np.ndarray, offset: np.ndarray, cells: pd.Series,
              issues: Issues, graded: np.ndarray) -> np.ndarray:
    """``date_only`` with each call date at midnight beside a call time (``offset``: each row's time of day,
    NaT where none) made a date alone, whatever its cell (``2026-02-02 00:00``, a date-time cell, a date): the
    call time places it in its day.  A warning for each row whose call date gives another time of day and
    whose call time gives another: the call date's is used, as a call date that gives a time keeps it beside
    an unreadable call time (:func:`unreadable_times`).  A row dated by its grading date (``graded``: an export
    without a call date column) is said so: its grading date is named as one, never as the call date."""
    timed = ~np.isnat(offset) & ~np.isnat(at)
    if not timed.any():
        return date_only
    of_day = at - at.astype("datetime64[D]").astype(at.dtype)
    date_only = date_only | timed & (of_day == np.timedelta64(0, "us"))
    given = timed & ~date_only
    said: set[tuple] = set()  # (a wide paste's row is several scores: named once)
    for k in np.flatnonzero(given & (of_day != offset)).tolist():
        sheet, row = out["sheet"].iat[k], int(out["row"].iat[k])
        if (sheet, row) in said:
            continue
        said.add((sheet, row))
        moment, other = pd.Timestamp(at[k]), pd.Timestamp(at[k].astype("datetime64[D]") + offset[k])
        shown = "%H:%M:%S" if moment.second or other.second else "%H:%M"
        if graded[k]:  # (the grading date, read for a missing call date: the call time is of another day)
            issues.add(Code.TWO_CALL_TIMES, sheet, row, "call time", cells.iat[k],
                       f"{sheet} row {row}: the grading date gives the time {moment.strftime(shown)} and the call "
                       f"time column {other.strftime(shown)}; with no call date column, the call is counted at the "
                       f"grading date's, {moment.strftime('%Y-%m-%d ' + shown)} (see the grading-date row).",
                       "Give the rows their call dates (the export pasted again with its call date, or a HeaderMap "
                       "line on Settings: Field call_at, Export header: its call date column); the call time then "
                       "places each call in its day.")
            continue
        issues.add(Code.TWO_CALL_TIMES, sheet, row, "call time", cells.iat[k],
                   f"{sheet} row {row}: the call date gives the time {moment.strftime(shown)} and the call time "
                   f"column {other.strftime(shown)}; the call is counted at the call date's, "
                   f"{moment.strftime('%Y-%m-%d ' + shown)}.",
                   "Correct the one that is wrong (clear the time in the call date cell to count the call at the "
                   "call time column's), or type a reason in Exclude to leave the row out.")
    return date_only


def other_days(out: pd.DataFrame, at: np.ndarray, cells: pd.Series, issues: Issues, graded: np.ndarray,
               order: str) -> None:
    """A warning for each row whose call time cell holds a full date (``3/10/2026 3:05pm``, read in the date
    ``order``) of another day than its call date (``at``; a row dated by its grading date, ``graded``, aside): the
    call is counted on its call date, at the call time's time of day."""
    codes, distinct = pd.factorize(cells.astype(object), use_na_sentinel=True)
    days = np.full(len(distinct) + 1, np.datetime64("NaT"), dtype="datetime64[D]")  # (the last: a blank cell's)
    for n, value in enumerate(distinct.tolist()):
        if isinstance(value, dt.datetime) or isinstance(value, str) and _DATE_LIKE.search(value):
            days[n] = _day(value, order)
    days = days[codes]
    called = at.astype("datetime64[D]")
    said: set[tuple] = set()  # (a wide paste's row is several scores: named once)
    for k in np.flatnonzero(~np.isnat(days) & ~np.isnat(called) & ~graded & (days != called)).tolist():
        day = days[k]
        sheet, row = out["sheet"].iat[k], int(out["row"].iat[k])
        if (sheet, row) in said:
            continue
        said.add((sheet, row))
        issues.add(Code.TWO_CALL_DATES, sheet, row, "call time", cells.iat[k],
                   f"{sheet} row {row}: the call date gives {called[k]} and the call time "
                   f"'{coerce.text(cells.iat[k]).strip()}' another day, {day}; the call is counted on "
                   f"the call date, {called[k]}, at the call time's time of day.",
                   "Correct the one that is wrong (the call time as a time of day alone, e.g. 15:05, or the call "
                   "date), or type a reason in Exclude to leave the row out.")


def _day(value: str | dt.datetime, order: str) -> dt.date | None:
    """The day a call time cell that may write a date gives, where it holds a full date (not a time of day alone, nor
    Excel's day zero of a time-only cell); else None."""
    try:
        read = coerce.moment(value, order)
    except coerce.Unreadable:
        return None
    return None if read is None or read.at.date() in DAY_ZERO else read.at.date()
