"""Scores rows dated after the real today: a call that cannot have happened yet, most often a year typed wrong
(2027-11-18 for 2026-11-18, or a whole paste a year ahead).  Unlike a call after an as-of date a person chose to
replay history with (``after-as-of``, an info: :mod:`~coachlog_xl.core.leftout`), such a row's real day is not
known, and a baseline recorded without it would stay so for good (domain.md, "Baseline is recorded once").  A
refresh says so as an error (``call-after-today``) and records no baseline such a row could enter, on its rep and
criterion (a blank one: any; a row that cannot be counted holds so too), until its date is corrected or a reason
typed in its Exclude cell (:func:`held`); an import warns before the rows reach the workbook
(``pasted-after-today``: :func:`warned`).  A call of the day after today is taken for real (:func:`last_day`).  The
real day is the caller's (the workbook layer's ``done.today_where``, in Settings' Time zone when one is named): the
core never reads the clock, and without it nothing is said.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import datenumbers, wording
from coachlog_xl.core.checks import Code, Issues

LEEWAY = dt.timedelta(days=1)  # a call of tomorrow's date may be made already where the team is, or exported in UTC


class Ahead(set):
    """The (rep, criterion, None) of Scores rows dated after the day after today, a blank name None: the baselines
    they hold; ``first``: the earliest such day (a refresh on the day before it takes them for real)."""

    first: dt.date | None = None

    def note(self, pairs, days) -> None:
        """Add ``pairs`` of rows dated ``days`` (dates)."""
        self.update(pairs)
        self.first = min([*([self.first] if self.first else []), *days], default=None)


def last_day(today: dt.date) -> dt.date:
    """The last call day a refresh on ``today`` takes for real: tomorrow's too (an evening call in New York exported
    in UTC is dated the next day; it is tomorrow in Tokyo while the machine's clock says today)."""
    return today + LEEWAY


def ahead(days: pd.Series, excluded: np.ndarray, today: dt.date | None) -> np.ndarray:
    """Which rows (their call ``days``, midnight) are dated after the day after ``today`` (:func:`last_day`) with no
    Exclude reason; none when the real day is not known.  One comparison over the column: a paste of a million rows
    is not slowed."""
    if today is None:
        return np.zeros(len(days), dtype=bool)
    return (days > pd.Timestamp(last_day(today))).to_numpy() & ~excluded


def said(rows: pd.DataFrame, today: dt.date, issues: Issues, future: Ahead | None = None,
         factors: dict | None = None) -> None:
    """An error per sheet for its ``rows`` dated after the day after ``today`` (with a ``day`` column); to ``future``,
    given, the (rep, criterion, None) they may be calls of, a blank name None (any rep's, any criterion's): the
    baselines they hold, and their earliest day; ``factors``: the rows' rep and criterion factors where made (codes,
    names; a blank -1), else their categories' codes or a factorisation of their names."""
    for sheet, mine in rows.groupby("sheet", sort=False):
        _say(Code.CALL_AFTER_TODAY, sheet, mine, today, issues,
             lambda many: f"No baseline whose window {'these calls' if many else 'this call'} could enter (the same "
             f"rep and criterion) is recorded until {'their dates are' if many else 'its date is'} fixed: recorded "
             f"without {'them' if many else 'it'}, it would stay so for good.",
             " The next refresh records the baselines that wait.")
    if future is None:
        return
    # each distinct pair once, as numbers (a paste a year ahead: a million rows of a few names)
    (reps, rep_names), (crits, crit_names) = (_codes(rows[k], (factors or {}).get(k)) for k in ("rep", "criterion"))
    pairs = pd.unique(reps * len(crit_names) + crits)  # (hashed as numbers, not sorted)
    future.note({(_name(r), _name(c), None) for r, c in zip(rep_names[pairs // len(crit_names)].tolist(),
                                                           crit_names[pairs % len(crit_names)].tolist())},
               [rows["day"].min().date()])


def _codes(col: pd.Series, made: tuple | None) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes (int64, from 0) and names, a blank as the last name (None): from its factors ``made`` (a
    blank -1) when given, else its categories, else factorised (its names hashed: the slowest)."""
    if made is None and isinstance(col.dtype, pd.CategoricalDtype):
        made = col.cat.codes.to_numpy(), col.cat.categories.to_numpy(dtype=object)
    if made is None:
        codes, names = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=False)
        return codes.astype(np.int64), np.asarray(names, dtype=object)
    codes, names = made
    codes = np.where(codes < 0, len(names), codes).astype(np.int64)  # (a blank: the name after the last)
    return codes, np.append(np.asarray(names, dtype=object), None)


def warned(rows: pd.DataFrame, sheet: str, today: dt.date | None, issues: Issues) -> None:
    """A warning for an export's ``rows`` (normalised, before they are appended) dated after the day after ``today``:
    the count, the first row and its date, and the likely fix, before a refresh holds the baselines they could enter."""
    if today is None or rows.empty:
        return
    days = datenumbers.days_of(pd.to_datetime(rows["at"]))
    mask = ahead(days, rows["exclude"].to_numpy(dtype=object) != "", today)
    if mask.any():
        _say(Code.PASTED_AFTER_TODAY, sheet, rows[mask].assign(day=days[mask]), today, issues,
             lambda many: f"A refresh records no baseline {'they' if many else 'it'} could enter until "
             f"the date{'s are' if many else ' is'} fixed.",
             " Correct the export before importing it, or the dates in the workbook after the import.")


def _say(code: Code, sheet: str, mine: pd.DataFrame, today: dt.date, issues: Issues, then, fix_then: str) -> None:
    """The Checks row of a sheet's rows ``mine`` dated after the day after ``today``: how many rows (and scores, where
    a row holds more: a wide export's), the first and its date, ``then(many)`` and the fix, ``fix_then`` after it."""
    first = mine.iloc[int(np.argmin(mine["row"].to_numpy()))]
    n, held = len(mine), len(pd.unique(mine["row"].to_numpy()))  # (rows of one sheet: a wide row counted once)
    many = held > 1
    issues.add(code, sheet, int(first["row"]), "call date", first["day"].date(),
               f"{sheet}: {wording.rows_held(held, n)} {'are' if many else 'is'} dated after tomorrow "
               f"({last_day(today):%Y-%m-%d}): {'the first, ' if many else ''}row {first['row']}, on "
               f"{first['day']:%Y-%m-%d}. A call cannot have happened yet. {then(many)}",
               _fix(first["row"], many, _doubted(sheet, issues)) + fix_then)


def held(s: dict) -> tuple:
    """The Checks row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session whose baseline
    waits for Scores rows of its rep and criterion dated after today."""
    return (Code.BASELINE_HELD, schema.LOG.name, s["row"], "Baseline mean", None,
            f'{s["session_id"]}: the baseline is not recorded yet: Scores rows that may be {s["rep"]}\'s on this '
            "criterion are dated after tomorrow (see the call-after-today row, or the Scores rows that could not be "
            "counted), and one of them, its date corrected, may belong in the baseline. A baseline recorded now would "
            "stay without it for good. It is shown as provisional.",
            "Correct those call dates (the year may be typed wrong), or write a reason in their Exclude cells; the "
            "next refresh records the baseline.")


def _doubted(sheet: str, issues: Issues) -> bool:
    """Whether the sheet's date order is doubted (``date-order-doubted``): a day-first date read month-first can
    land after today too (12-11-2026, 12 November, read as 11 December)."""
    return any(i.code is Code.DATE_ORDER_DOUBTED and i.sheet == sheet for i in issues)


def _fix(row: int, many: bool, doubted: bool = False) -> str:
    order = ("The date order may be read wrong: tell it in Date order on Settings or in the call date header, as the "
             "date-order-doubted row says. Else the year (or a time zone)") if doubted else "The year (or a time zone)"
    return (f"{order} may be typed wrong: correct the date{'s' * many} "
            f"({'the first in ' * many}row {row}), or write a "
            f"reason in {'their' if many else 'its'} Exclude cell{'s' * many} to leave "
            f"{'the calls' if many else 'the call'} out.")


def _name(value):
    return None if value is None or value == "" or (isinstance(value, float) and np.isnan(value)) else value
