"""Settings' As-of date given by a formula (domain.md, "As of").

A refresh reads the value a formula had when the file was last saved: nothing here calculates.  For a
formula of today's date (``=EOMONTH(TODAY(),-1)``, the end of last month) that is the date of the last
save, not of the refresh, and every status and each Baseline recorded on would be as of that old day.  The
few shapes that are today's date moved by a whole number of days or months are worked out for the
refresh's own today, as Excel would work them out on opening the file that day: ``TODAY()``, ``NOW()``
(its date), ``TODAY()-n`` and ``EOMONTH(TODAY(),n)``, spaces and capitals as typed; any other formula's
saved value is used.  Either way Checks says where the date came from (and the command line repeats it).
Through Excel (the Refresh button) Excel has calculated the cell already, and the reader there cannot
tell a formula: nothing is said.

An as-of date after today (a what-if, or a date typed wrong) records no baseline of a session held after
today, whose calls before it are not all known yet: :func:`not_yet_held` says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.dateorder import two_readings
from coachlog_xl.core.inputs import formula_shown, formula_words
from coachlog_xl.core.wording import count, some

_TODAY = r"\s*TODAY\s*\(\s*\)\s*"
_SHAPES = {
    "today": re.compile(rf"{_TODAY}|\s*NOW\s*\(\s*\)\s*", re.I),
    "days back": re.compile(rf"{_TODAY}-\s*(\d{{1,5}})\s*", re.I),
    "month end": re.compile(rf"\s*EOMONTH\s*\({_TODAY},\s*([+-]?\s*\d{{1,4}})\s*\)\s*", re.I),
}


@dataclass(frozen=True)
class AsOfFormula:
    """Settings' As-of date cell holding a formula: where (``cell``: ``B9``; ``row``), the formula's text as stored
    (no ``=``) and the value the file was saved with, read as a date (None: unreadable, or none: ``uncalculated``,
    saved by a program that does not calculate formulas)."""

    row: int
    cell: str
    text: str
    saved: dt.date | None
    uncalculated: bool = False

    @property
    def workable(self) -> bool:
        """Whether the formula is one of the shapes :func:`worked_out` works out."""
        return any(shape.fullmatch(self.text) for shape in _SHAPES.values())


@dataclass(frozen=True)
class AsOfText:
    """Settings' As-of date typed as a text that reads as two real dates (``03/04/2025``), as a Log Session
    date may be (:func:`~coachlog_xl.core.dateorder.other_reading`): where (``cell``: ``B9``; ``row``), the
    text, the date it is read as in the Settings date order, the other order and the date in it."""

    cell: str
    row: int
    text: str
    day: dt.date
    other: str
    swapped: dt.date


def worked_out(formula: AsOfFormula | None, today: dt.date) -> dt.date | None:
    """The date ``formula`` gives on ``today``, when it is one of the shapes of today's date; else None."""
    if formula is None:
        return None
    for name, shape in _SHAPES.items():
        if (m := shape.fullmatch(formula.text)) is None:
            continue
        if name == "today":
            return today
        if name == "days back":
            return today - dt.timedelta(days=int(m.group(1)))
        year, month = divmod(today.year * 12 + today.month - 1 + int(m.group(1).replace(" ", "")), 12)
        return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])
    return None


def said(formula: AsOfFormula | None, given: dt.date | None, as_of: dt.date, today: dt.date, issues: Issues) -> None:
    """A Checks row when the refresh's as-of date came from the formula: worked out (info), or its saved
    value (a warning); saved without a value, one not worked out is a setting that cannot be read (a bad setting:
    today is used, and no baseline recorded: :func:`~coachlog_xl.core.baseline.unread_as_of`); none when
    ``--as-of`` was given (``given``), or the saved value was unreadable (a bad setting, said as such)."""
    if formula is None or given is not None:
        return
    label = next(s.label for s in schema.SETTINGS_ITEMS if s.key == "as_of")
    where = f"Settings {formula.cell}: {label} holds {formula_words(formula.text)}"
    if formula.workable:
        shown = "not a date" if formula.saved is None else f"{formula.saved:%Y-%m-%d}"
        saved = ("The file holds no value of it (saved by a program that does not calculate formulas); none is "
                 "needed." if formula.uncalculated else f"The value the file was saved with ({shown}) is the "
                 "formula's on the day of that save, and is not used.")
        issues.add(Code.AS_OF_FORMULA_WORKED, schema.SETTINGS.name, formula.row, label, formula_shown(formula.text),
                   f"{where}, worked out for today ({today:%Y-%m-%d}): the refresh is as of {as_of:%Y-%m-%d}. {saved}",
                   f"Nothing to do. To refresh as of a fixed date, type it in {formula.cell} (or pass --as-of); clear "
                   "the cell to refresh as of today.")
    elif formula.uncalculated:
        issues.add(Code.BAD_SETTING, schema.SETTINGS.name, formula.row, label, formula_shown(formula.text),
                   f"Settings row {formula.row}: {label} holds {formula_words(formula.text)}, which has no calculated "
                   "value (the file was saved by a program that does not calculate formulas) and is not one coachlog "
                   "works out (=TODAY(), =NOW(), =TODAY()-n, =EOMONTH(TODAY(),n)).",
                   "Open the workbook in Excel or LibreOffice and save it (that calculates the formula), or type the "
                   "date instead.")
    elif formula.saved == as_of:
        issues.add(Code.AS_OF_FORMULA_SAVED, schema.SETTINGS.name, formula.row, label, formula_shown(formula.text),
                   f"{where}: the refresh is as of {as_of:%Y-%m-%d}, the value the formula had when the file was last "
                   "saved (a refresh does not calculate formulas); if it reads today's date or a cell changed since, "
                   "it may give another date now, and every status and each Baseline recorded on are as of that day.",
                   f"Type the as-of date in {formula.cell} (a date, not a formula), clear the cell to refresh as of "
                   "today, or pass --as-of YYYY-MM-DD to the refresh.")


def two_ways(text: AsOfText | None, given: dt.date | None, order: str, issues: Issues) -> None:
    """A warning when the as-of date came from a text on Settings that reads as two real dates; none when
    ``--as-of`` was given (``given``: the cell is not used)."""
    if text is None or given is not None:
        return
    label = next(s.label for s in schema.SETTINGS_ITEMS if s.key == "as_of")
    how, typed = two_readings(order, text.day, text.other, text.swapped)
    issues.add(Code.AMBIGUOUS_AS_OF, schema.SETTINGS.name, text.row, label, text.text,
               f'Settings {text.cell}: the {label} "{text.text}" is text, {how}. The refresh is as of '
               f"{text.day:%Y-%m-%d}: every status and each Baseline recorded on are as of that day.",
               f"Type the date in {text.cell} {typed} (or clear it to refresh as of today).")


def not_yet_held(unheld: list[int], as_of: dt.date, today: dt.date, given: bool, issues: Issues) -> None:
    """One Checks row when an as-of date after today left sessions held after today unrecorded (``unheld``:
    their Log rows; ``given``: the date came from ``--as-of``, else from Settings): a baseline recorded now
    would lack the calls still to come before the session, and would be kept for good."""
    if not unheld:
        return
    label = next(item.label for item in schema.SETTINGS_ITEMS if item.key == "as_of")
    source = "--as-of" if given else f"the {label} on Settings"
    fix = ("Refresh without --as-of (or with a date not after today)" if given else
           f"Set the {label} on Settings back to today or earlier, or clear it to refresh as of today")
    issues.add(Code.BASELINE_HELD, schema.LOG.name if given else schema.SETTINGS.name, None,
               "Baseline recorded on" if given else label, None,
               f"This refresh is as of {as_of:%Y-%m-%d} ({source}), after today ({today:%Y-%m-%d}), so the baseline "
               f"of {count(len(unheld), 'session')} held after today "
               f"(Log row{'s' if len(unheld) > 1 else ''} {some(sorted(unheld))}) was not "
               "recorded in the Log: calls before a session may still be pasted until it is held. The baseline "
               "shown is computed from the scores so far (provisional), and the grey cells are left blank.",
               f"{fix}: a refresh on or after each session's day records its baseline then.")
