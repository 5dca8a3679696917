"""An export dated by its grading date alone: what Checks says of it.

Windows use the call date, never the grading date (domain.md, "Which calls count"); an export without a call
date column is read by its grading date, with a warning.  Where the export has a column holding dates that no
field is read as (``Conversation Date``, a header the HeaderMap does not list), that column may well be the
call date: the warning names each such column by its header and letter, and gives the HeaderMap line that makes
one the call date (a baseline is recorded once, so one recorded from grading dates stays).  A column whose header
names a grading, review or evaluation date is named, never offered as the call date, nor is one named after a
person's hiring, birth or employment, or a date a system sets (due, expiry, last modified), nor a Microsoft Forms
download's own times (its ``Start time``, then its grading date, and ``Completion time``).
An export with two columns the HeaderMap could each take as the call date (``Contact Date`` beside ``Date``) whose
dates differ, each read as the call date is (date order, time zone), gets a warning naming both and the HeaderMap
line that takes the other (:func:`two_call_dates`; a Microsoft Forms download's own ``Start time`` is the form's, not
one of them: a note says it does not date the calls, :func:`~.formtime.form_own_times`); one of them holding times
of day alone is the call time of the other (:func:`clock_apart`); a call time column holding dates, with no call
date column, is the call date (:func:`dated_clock`).
Used by :func:`coachlog_xl.core.layout.to_long`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, datenumbers, timeofday
from coachlog_xl.core.calltimes import DAY_ZERO
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.dateorder import column_order
from coachlog_xl.core.distinct import holds_text
from coachlog_xl.core.formtime import form_own_times
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.paste_checks import all_blank, column_letter
from coachlog_xl.core.wording import HEADER_MAP_SAID, RECORDED_STAYS, listed

LOOKED_AT = 50  # the distinct values of a column looked at to tell that it holds dates
FIRST_ROWS = 1000  # the rows they are taken from (a paste of a million rows: a column of dates shows it at its top)
# words of a header naming when a call was graded, not when it took place (header_key: lower case, no spaces)
GRADING_WORDS = ("grad", "review", "evaluat", "scored", "audit", "assess")
# ... or when something else happened to a person or a record (hired, born, employed from or to, due, expiring, a
# record last changed): never offered as the call date (a call's start time is one: not "start" alone)
OTHER_DATE_WORDS = ("hire", "hiring", "birth", "dob", "employ", "tenure", "termination", "due", "expir", "modified",
                    "updated", "createdby")
# a number written as text (an id, a score): no date, though some read as one
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# a header naming the call (``Call time``, ``CallTime``): a call time column so headed that holds dates dates the calls
_CALLED = re.compile(r"(?i:\bcall)|(?<=[a-z])Call")


def grading_date_used(block: RawTable, cols: dict[str, int], issues: Issues) -> bool:
    """Whether ``block``'s export, without a call date column, is dated by its grading date (``cols``: the fields'
    columns), with the warning that says so, naming its columns that hold dates no field is read as.  A grading date
    column blank on every row dates nothing: the export has no call date column then, an error naming the same
    columns (False; said once per sheet), not a blank call date on every row."""
    at = cols["graded_at"]
    blank = at not in block.data or all_blank(block.data[at])
    if blank and any(i.code is Code.MISSING_COLUMN and i.sheet == block.sheet for i in issues):
        return False
    problem = (f"{export_named(block)} has no call date column, only a grading date: its rows are placed by their "
               f"grading date, and {WAIT_WORDS} (windows use the call date, never the grading date, and a baseline is "
               "recorded once).")
    if blank:
        problem = (f'{export_named(block)}: no call date column, and its grading date column {column_letter(at)} '
                   f'"{coerce.text(block.headers[at]).strip()}" is blank on every row, so no call can be dated.')
    fix = f"Paste an export that includes the call date (windows should use when the call took place). {NO_CALL_DATE}"
    dated = unread_dates(block, cols)
    if dated:
        named = [f'{column_letter(p)} "{coerce.text(block.headers[p]).strip()}"' for p in dated]
        problem += (f" Column {named[0]} holds dates and is not read." if len(named) == 1 else
                    f" Columns {listed(named)} hold dates and are not read.")
        form_times = form_own_times([header_key(h) for h in block.headers])  # (a form's own: grading moments)
        offered = [p for p in dated if p not in form_times
                   and not any(w in header_key(block.headers[p]) for w in GRADING_WORDS + OTHER_DATE_WORDS)]
        if offered:
            head, which = coerce.text(block.headers[offered[0]]).strip(), column_letter(offered[0])
            fix = (f"If column {which} is the call date, add a line to {HEADER_MAP_SAID}: Field call_at, Export header "
                   f"{head}; the next refresh dates the calls by it ({RECORDED_STAYS}). "
                   + ("Else " if len(offered) == 1 else "Or the same with another column's header; else ")
                   + fix[0].lower() + fix[1:])
    if blank:
        issues.add(Code.MISSING_COLUMN, block.sheet, block.header_row, "call date", None, problem, fix)
        return False
    issues.add(Code.GRADING_DATE_USED, block.sheet, block.header_row, "grading date", None, problem, fix)
    return True


# what the grading-date-used row says of the baselines, and what to do where the QA tool exports no call date
WAIT_WORDS = ("while its rows lack call dates, every baseline one of them may be a call in waits: none is recorded "
              "until they have them")
NO_CALL_DATE = ("If the QA tool exports no call date, add a Call date column to these rows and type each call's date "
                "(from the call's record or recording); until then the baselines wait. An Exclude reason leaves a row "
                "out of every window, as a row that is no call to count: it drops the row from the baseline, and a "
                "baseline recorded once every scored call is excluded is of 0 calls, for good.")


def graded_rows(rows: pd.DataFrame) -> dict[tuple, list[tuple]]:
    """(rep, criterion, grading day) of the Scores rows dated by their grading date alone (``graded_only``, an
    export without a call date column) that have no Exclude reason, for :func:`held`, by the grading-date-used row
    that names their export: its sheet and header row (``graded_under``; None where the rows do not say it, rows
    kept by a version before it: any of the sheet's)."""
    if "graded_only" not in rows.columns:
        return {}
    mine = rows[(rows["graded_only"].to_numpy() == 1) & (rows["exclude"].to_numpy() == "")]
    under = mine["graded_under"] if "graded_under" in mine.columns else pd.Series(np.nan, index=mine.index)
    return {(sheet, None if pd.isna(row) else int(row)): list(unplaced_rows(part))
            for (sheet, row), part in mine.groupby([mine["sheet"], under], dropna=False, sort=False)}


def held(s: dict) -> tuple:
    """The Checks row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session whose baseline
    waits for the call dates of rows dated by their grading date (:func:`graded_rows`)."""
    return (Code.BASELINE_HELD, "Log", s["row"], "Baseline mean", None,
            f'{s["session_id"]}: the baseline is not recorded yet: Scores rows of {s["rep"]} on this criterion are '
            "dated by their grading date (an export without a call date column, see its grading-date-holds-baseline "
            "row), and one of them may be a call in the baseline, "
            "graded after it. A baseline recorded on grading dates would stay. It is shown as provisional.",
            "Give the rows their call dates: a HeaderMap line on Settings (Field call_at, Export header: the export's "
            "call date column), or the export pasted again with its call date, or, where the QA tool exports none, a "
            "Call date column added to those rows by hand; the next refresh records the baseline. Type a reason in "
            "Exclude only for a row that is no call to count: it drops the row from the baseline (every scored call "
            "excluded: a baseline of 0 calls, recorded for good).")


def holding(issues: Issues, holders: set[tuple]) -> None:
    """Each grading-date-used row made an error (``grading-date-holds-baseline``) where the rows of its export hold a
    session's baseline (``holders``: the keys of :func:`graded_rows` whose rows held one, as the sessions were
    held: :func:`held`): a baseline that cannot be recorded until the calls' dates are read, as for a blank call
    date; a warning still where they hold none, beside another export on the same sheet whose rows do."""
    for i in [i for i in issues if i.code is Code.GRADING_DATE_USED
              and ((i.sheet, i.row) in holders or (i.sheet, None) in holders)]:
        issues.replace(i, i._replace(code=Code.GRADING_DATE_HOLDS))


def two_call_dates(block: RawTable, header_map: dict[str, list[str]], cols: dict[str, int], issues: Issues,
                   order: str = "month-first", zone: str | None = None) -> None:
    """A warning for each column besides the call date's that the HeaderMap also lists as the call date
    (``Contact Date`` beside ``Date``) and whose dates differ from it on a row of the first :data:`FIRST_ROWS`
    (where both hold one): which one is read, and the HeaderMap line that reads the other.  Each column is read as
    the call date is (:func:`_moments`: the Settings' date ``order``, or the one its texts prove, and time ``zone``),
    and two cells differ by their moment where both give a time, else by their day.  The lines are named as the
    HeaderMap spells them (``call date-time`` for a column headed ``Call Date/Time``)."""
    at = cols.get("call_at", -1)
    if at < 0 or at not in block.data:
        return
    names = {header_key(h) for h in header_map.get("call_at", ())}
    form_times = form_own_times([header_key(h) for h in block.headers], header_map)  # (the form's: set aside)
    others = [p for p, h in enumerate(block.headers) if p != at and p in block.data and header_key(h) in names]
    head = coerce.text(block.headers[at]).strip()
    line = {header_key(h): h for h in reversed(header_map.get("call_at", ()))}  # (a line as the HeaderMap spells it)
    for p in [p for p in others if p in form_times]:
        name = coerce.text(block.headers[p]).strip()
        issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "call date", name,
                   f'{export_named(block)} is a Microsoft Forms download: its own column {column_letter(p)} "{name}" '
                   "(when the evaluator opened the form, a grading moment) does not date the calls; column "
                   f'{column_letter(at)} "{head}" dates them.',
                   f'Nothing to do if "{head}" is when the call took place; else, in {HEADER_MAP_SAID}, move the line '
                   f"Field call_at, Export header {line.get(header_key(name), name)} above every other call_at line: "
                   f"the next refresh dates the calls by it ({RECORDED_STAYS}).")
    others = [p for p in others if p not in form_times]
    if not others:
        return
    read, rows = _moments(block.data[at], order, zone), block.data[ROW].to_numpy()
    for p in others:
        other = _moments(block.data[p], order, zone)
        apart = [k for k, (a, b) in enumerate(zip(read, other)) if a is not None and b is not None and _apart(a, b)]
        if not apart:
            continue
        k, name = apart[0], coerce.text(block.headers[p]).strip()
        issues.add(Code.TWO_CALL_DATES, block.sheet, int(rows[k]), "call date", name,
                   f'{export_named(block)}: columns {column_letter(at)} "{head}" and {column_letter(p)} "{name}" could '
                   f"each be the call date (the HeaderMap lists both), and their dates differ (row {int(rows[k])}: "
                   f"{_said(read[k])} and {_said(other[k])}; {len(apart)} of the first {min(len(read), FIRST_ROWS)} "
                   f'rows differ). The calls are dated by "{head}", the first of them in the HeaderMap order.',
                   f'Nothing to do if "{head}" is when the call took place; else, in {HEADER_MAP_SAID}, move the line '
                   f"Field call_at, Export header {line.get(header_key(name), name)} above the line Field call_at, "
                   f"Export header {line.get(header_key(head), head)}: the next "
                   f"refresh dates the calls by it ({RECORDED_STAYS}).")


def _moments(col: pd.Series, order: str, zone: str | None) -> list:
    """Each of the column's first :data:`FIRST_ROWS` cells as the call date reader reads it (:func:`coerce.moment` in
    the ``order`` its texts prove, else ``order``, converted into ``zone``); None for a blank or a text that is no
    date."""
    col = col.iloc[:FIRST_ROWS]
    order = column_order(col, order) if holds_text(col) else order
    out = []
    for value in col.tolist():
        try:
            out.append(None if coerce.is_blank(value) else coerce.moment(value, order, zone))
        except coerce.Unreadable:
            out.append(None)
    return out


def _apart(a: coerce.Moment, b: coerce.Moment) -> bool:
    """Whether two readings of a call's date differ: by their moment where both give a time, else by their day."""
    return a.at.date() != b.at.date() if a.date_only or b.date_only else a.at != b.at


def _said(m: coerce.Moment) -> str:
    """A reading as a message shows it: its day, and its time where it gives one."""
    return f"{m.at.date()}" if m.date_only else f"{m.at:%Y-%m-%d %H:%M}"


def clock_apart(block: RawTable, header_map: dict[str, list[str]], cols: dict[str, int]) -> dict[str, int]:
    """``cols`` with a call date column holding times of day alone (``Start Time`` of ``09:30``, beside ``Date``: the
    "Date + Time" export of two columns) read as the call time of the first other column the HeaderMap lists as the
    call date that holds dates, which is read as the call date; as they were without such a pair."""
    at = cols.get("call_at", -1)
    # (a time cell as the engine hands it: shown as a time of day, or told by no format: Lite and Server)
    formatted = None if block.clocks is None else at in block.clocks
    if at < 0 or at not in block.data or not _holds(block.data[at], partial(_is_clock, formatted=formatted)):
        return cols
    order = {header_key(h): n for n, h in enumerate(header_map.get("call_at", ()))}
    dated = sorted((order[header_key(h)], p) for p, h in enumerate(block.headers) if p != at and p in block.data
                   and header_key(h) in order and p not in cols.values() and _holds(block.data[p], _is_day))
    if not dated:
        return cols
    if "call_time" not in cols:
        cols["call_time"] = at
    cols["call_at"] = dated[0][1]
    return cols


def dated_clock(block: RawTable, cols: dict[str, int]) -> dict[str, int]:
    """``cols`` with a call time column holding dates (``Call time`` of ``2/2/2026 3:05pm``: an Airtable date-time
    field) read as the call date, where no column is read as the call date and its header names the call
    (:data:`_CALLED`; a bare ``Time`` may be when the call was graded): each cell is the call's date and time, and
    the grading date (``Created``) dates no call; as they were where a call date column is read (a call time beside
    it gives the time of its day, as before) or the call time column holds times of day alone (``15:05``)."""
    at = cols.get("call_time", -1)
    if "call_at" in cols or at < 0 or at not in block.data or not _CALLED.search(coerce.text(block.headers[at])):
        return cols
    col = block.data[at].iloc[:FIRST_ROWS]
    if col.dtype.kind == "M":  # (date-time cells; a time-only cell on Excel's day zero is a time)
        dates = col.dropna()
        dated = not dates.empty and not dates.dt.normalize().isin([pd.Timestamp(d) for d in DAY_ZERO]).any()
    else:
        dated = _holds(col, lambda v: _is_date(v) and not _is_clock(v, formatted=True))
    return {**{f: p for f, p in cols.items() if f != "call_time"}, "call_at": at} if dated else cols


def dated_clock_said(block: RawTable, header_map: dict[str, list[str]], cols: dict[str, int], issues: Issues) -> None:
    """A note where the call date is read from a column the HeaderMap lists as the call time (:func:`dated_clock`):
    which column dates the calls, and why."""
    at = cols.get("call_at", -1)
    if at < 0 or header_key(block.headers[at]) not in {header_key(h) for h in header_map.get("call_time", ())}:
        return
    head = coerce.text(block.headers[at]).strip()
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "call date", head,
               f'{export_named(block)}: column {column_letter(at)} "{head}" holds full dates and times and there is no '
               "call date column: it dates the calls (each cell the call's date and time).",
               f'Nothing to do if "{head}" is when each call took place; else paste the export with its call date '
               "column.")


def _holds(col: pd.Series, kind) -> bool:
    """Whether the first :data:`LOOKED_AT` distinct values of the column's first :data:`FIRST_ROWS` cells are all of a
    ``kind`` (:func:`_is_clock`, :func:`_is_date`), and there is one."""
    col = col.iloc[:FIRST_ROWS]
    if col.dtype.kind == "M":
        dates = col.dropna()
        if getattr(kind, "func", None) is not _is_clock:
            return not dates.empty
        return not dates.empty and kind.keywords["formatted"] is True \
            and bool(dates.dt.normalize().isin([pd.Timestamp(d) for d in DAY_ZERO]).all())
    values = [v for v in pd.unique(col.to_numpy(dtype=object)) if not coerce.is_blank(v)][:LOOKED_AT]
    return bool(values) and all(kind(v) for v in values)


def _is_clock(value, formatted: bool | None = False) -> bool:
    """Whether a cell of a call date column holds a time of day alone: a time, or a text that reads as one and as no
    date (``09:30``); or a time-only cell as an engine hands it through Excel: a date-time on Excel's day zero (the
    desktop's, 1899-12-30 15:08, or 1904-01-01 in the 1904 system), a text of one, or a fraction of a day
    (Lite and Server: 0.6305).  Asked of the call date column only, and true of a column only when each of its
    values is one (:func:`_holds`): a call's real date is never Excel's day zero.  ``formatted``: whether the
    column's number format shows a time of day (:attr:`~coachlog_xl.core.inputs.RawTable.clocks`; None where the
    engine tells no format and hands a time cell as a fraction of a day): a date-time on day zero is a time only
    under a time's format (a duration's, ``[h]:mm:ss``, is a call's length: not its time), a fraction of a day
    only there or where no format is told (a plain number, 0.55, is no time: a pass rate, a share)."""
    if isinstance(value, dt.time):
        return True
    if isinstance(value, dt.datetime):
        return formatted is True and value.date() in DAY_ZERO
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return formatted is not False and 0 <= value < 1
    if not isinstance(value, str):
        return False
    try:
        if timeofday.time_of_day(value) is None:
            return False
    except coerce.Unreadable:
        return False
    try:
        moment = coerce.moment(value)
    except coerce.Unreadable:
        return True
    return moment is None or (not moment.date_only and moment.at.date() in DAY_ZERO)


def _is_day(value) -> bool:
    """Whether a cell of a column beside a column of times alone holds its date (:func:`_is_date`), or the whole
    number an engine hands for a date cell (an Excel serial: Lite and Server hand a date cell so)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return 1 <= value < datenumbers.SERIAL_END and float(value).is_integer()
    return _is_date(value)


def export_named(block: RawTable) -> str:
    """How a message names the export of a header block: its sheet, or, under a header further down, that header."""
    return (block.sheet if block.header_row == 1
            else f"{block.sheet} row {block.header_row}: the export under this header")


def unread_dates(block: RawTable, cols: dict[str, int]) -> list[int]:
    """The positions of ``block``'s columns with a header that no field is read as and whose values (the first
    :data:`LOOKED_AT` distinct ones of its first :data:`FIRST_ROWS`) are all dates, as a datetime cell or a text that
    reads as a date."""
    read = set(cols.values())
    out = []
    for p, head in enumerate(block.headers):
        if p in read or coerce.is_blank(head) or p not in block.data:
            continue
        if _holds(block.data[p], _is_date):
            out.append(p)
    return out


def _is_date(value) -> bool:
    """Whether a cell holds a date: a date or datetime, or a text that reads as one in either date order (a
    number, or a text of digits alone, is no evidence: an id, a score or a serial)."""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return True
    if not isinstance(value, str) or _NUMBER.fullmatch(value.strip()):
        return False
    for order in ("month-first", "day-first"):
        try:
            if coerce.moment(value, order) is not None:
                return True
        except coerce.Unreadable:
            continue
    return False


def dated_by(block: RawTable, cols: dict, paste: int, dated: dict[int, str], issues: Issues,
             graded: dict[int, int]) -> bool:
    """Whether a block of scores can be dated, the field it is dated by kept in ``dated`` (paste -> field): its call
    date, or without one its grading date, read as its rows' call date and said in Checks once per export (each
    export under its own header has its own date columns; its header repeated on each page is one), the header row
    that Checks row names kept in ``graded`` (paste -> row).  A block whose
    grading date column is blank on every row is dated by nothing (False: its rows are not read, the one error of
    :func:`grading_date_used` says why), block by block: a week's paste with grading dates below one without is
    read by them."""
    if "call_at" in cols or "graded_at" not in cols:
        if "call_at" in cols:
            dated.setdefault(paste, "call_at")
        return True
    at = cols["graded_at"]
    if at not in block.data or all_blank(block.data[at]):
        grading_date_used(block, cols, issues)
        return False
    if paste not in dated and grading_date_used(block, cols, issues):
        graded[paste] = block.header_row
    cols["call_at"] = at
    dated[paste] = "graded_at"
    return True
