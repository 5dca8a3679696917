"""Telling which date order a paste writes its text dates in, and what that says of its real dates.

domain.md, "Bad input": dates come as text in several formats.  ``03/04/2025`` is read in the Settings
date order unless the paste proves the other one (:func:`paste_date_order`).  A paste whose text dates
prove day-first and whose same date column also holds real date cells is what a day-first export
opened in month-first Excel gives: Excel turned the dates it could read month-first into real dates,
their month and day swapped, and left the others text; those cells are named, never changed.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, wording
from coachlog_xl.core.checks import Code, Issues

# a text date written day and month first, either way round (dotted dates are day-first always)
SLASHED_DATE = re.compile(r"^\s*'?(\d{1,2})[/\-](\d{1,2})[/\-](\d{2,4})")
# what a date cell says of the order (:func:`_kind`)
_OTHER, _DAY_FIRST, _MONTH_FIRST, _SWAPPABLE = 0, 1, 2, 3
_PROOFS = {_DAY_FIRST: "day-first", _MONTH_FIRST: "month-first"}


def paste_date_order(raw: pd.DataFrame, order: str, sheet: str, field: str, issues: Issues) -> str:
    """The order a paste's slashed text dates (``raw["call_at"]``) are read in: the Settings ``order``,
    unless one of its dates is only possible in the other (``13/04/2025``: day-first) and none only in
    ``order``; then the other, with a note (an export writes its dates one way: under the wrong order
    its 03/04 would be on the wrong day and its 13/04 unreadable).  A date that is no date in the order
    it would prove either (``31/04/2025``: April has 30 days) proves nothing: it is unreadable in both.
    A paste with dates only possible in each order is an error, read in ``order``: its ambiguous dates
    may be on the wrong day.  Real date cells beside text dates proving day-first are named
    (:func:`_swapped_by_excel`; ``field``: the date column's name in messages)."""
    codes, values = pd.factorize(raw["call_at"].to_numpy(dtype=object))  # (-1: a blank cell)
    kinds = np.fromiter(map(_kind, values), dtype=np.int8, count=len(values))
    # each order's first proof, as the paste writes it
    proofs = {proves: values[np.argmax(kinds == k)] for k, proves in _PROOFS.items() if (kinds == k).any()}
    if "day-first" in proofs:
        _swapped_by_excel(raw, codes, values, np.append(kinds, _OTHER)[codes], field, issues)
    other = next((p for p in proofs if p != order), None)
    if other is None:
        return order
    if order in proofs:
        issues.add(
            Code.DATE_ORDER, sheet, None, "call date", proofs[other],
            f'{sheet}: the date "{proofs[other]}" is only possible {other} and "{proofs[order]}" only {order}, so '
            f"its dates are written both ways; its ambiguous dates such as 03/04 are read {order}, as Settings says, "
            "so some may be on the wrong day.",
            "Correct the dates written the other way, or export the file again with dates written one way "
            "(2025-04-03 is never ambiguous).")
        return order
    issues.add(
        Code.DATE_ORDER_OF_PASTE, sheet, None, "call date", proofs[other],
        f'{sheet}: its dates are read {other} (the date "{proofs[other]}" is only possible {other}), though '
        f"Settings says {order}.",
        "Nothing to do if that is right; the Settings date order reads the pastes whose dates do not show theirs.")
    return other


def _proves(value) -> str | None:
    """The order a text date is only possible in (``13/04/2025``: day-first), or None."""
    m = SLASHED_DATE.match(value) if isinstance(value, str) else None
    if m is None:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    proves = "day-first" if first > 12 >= second else "month-first" if second > 12 >= first else None
    if proves and not _is_date(int(m.group(3)), second if proves == "day-first" else first, max(first, second)):
        return None  # 31/04: no date either way (April has 30 days), so no proof of either
    return proves


def _is_date(year: int, month: int, day: int) -> bool:
    """Whether a day, month and year make a date; a two-digit year as :mod:`coerce` reads it (00-69: 20xx)."""
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _kind(value) -> int:
    """What a date cell says: a text date only possible day-first or month-first, a real date whose
    month and day could be swapped (a day up to 12 other than its month: 5 May reads the same either
    way), or nothing."""
    if isinstance(value, dt.date):  # a datetime or a Timestamp too
        return _SWAPPABLE if value.day <= 12 and value.day != value.month else _OTHER
    proves = _proves(value)
    return _DAY_FIRST if proves == "day-first" else _MONTH_FIRST if proves == "month-first" else _OTHER


def _swapped_by_excel(raw: pd.DataFrame, codes: np.ndarray, values: np.ndarray, kinds: np.ndarray, field: str,
                      issues: Issues) -> None:
    """A warning per paste (``raw["paste"]``) and sheet for its real date cells (``codes`` into the
    distinct ``values`` of ``raw["call_at"]``, -1 for a blank; ``kinds``: each cell's :func:`_kind`)
    that Excel may have swapped: the paste's text dates prove day-first (and none month-first), as those Excel leaves text
    when it opens a day-first export month-first; it made the others real dates, 01/05 as 5 January.
    Nothing is changed: a cell may be a date typed or pasted as it should be."""
    paste = raw["paste"].to_numpy()
    proved = np.setdiff1d(paste[kinds == _DAY_FIRST], paste[kinds == _MONTH_FIRST])
    suspect = (kinds == _SWAPPABLE) & np.isin(paste, proved)
    if not suspect.any():
        return
    cells = pd.DataFrame({"sheet": raw["sheet"].to_numpy()[suspect], "row": raw["row"].to_numpy()[suspect],
                          "paste": paste[suspect], "value": values[codes[suspect]]})
    for (sheet, one), rows in cells.groupby(["sheet", "paste"], sort=False):
        numbers = sorted(pd.unique(rows["row"]))
        proof = values[codes[np.flatnonzero((paste == one) & (kinds == _DAY_FIRST))[0]]]
        issues.add(
            Code.DATES_MAYBE_SWAPPED, sheet, int(numbers[0]), field, coerce.text(rows["value"].iloc[0]),
            f"{sheet} rows {wording.some(numbers)}: {wording.count(len(numbers), 'real date')} in the {field} "
            f'column of a paste whose text dates are written day-first (such as "{proof}"): Excel may have '
            "swapped their month and day when it opened the export (opened with month-first settings, a day-first "
            "file's 01/05 becomes 5 January and its 13/05 stays text). They are read as they are.",
            "Import the export file itself with `coachlog import` (it reads its text dates in the order they "
            "prove), or paste the dates as text (format the column as Text first), or correct the dates.")
