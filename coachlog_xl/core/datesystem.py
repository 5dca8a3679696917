"""A call date column's date numbers (serials) read in its workbook's date system: the 1900 system (Excel's
default) or the 1904 one (Excel for Mac's option, where the same number is a day 1,462 days later); or, where
the workbook was read through an engine that cannot tell its system (xlwings Lite and Server: the Office.js
client sends none), or Excel on the desktop answered the question with an error (:class:`Refused`: a dialog
open, Excel busy), read in the 1900 system and said so in Checks, each in its own words, never silently."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import datenumbers
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.wording import count


@dataclass(frozen=True)
class Refused:
    """A workbook's date system that Excel on the desktop was asked for and answered with an error (``error``: its
    text, as the engine gave it): unknown, as on an engine that cannot tell, but for a reason the user can clear."""

    error: str


def in_date_system(col: pd.Series, date1904: bool | Refused | None, out: pd.DataFrame, issues: Issues,
                   field: str = "call date") -> pd.Series:
    """The date column ``col`` (``field``: the name of the column its dates are in, ``call date`` or ``grading
    date``) with its date numbers made the 1900 system's (what :func:`~coachlog_xl.core.datenumbers.read` reads):
    moved from the 1904 system when ``date1904`` is True; as they are when it is unknown (None: the engine cannot
    tell; :class:`Refused`: Excel answered with an error), with one warning for the sheet naming how many there are,
    the first (``out``: each row's sheet and row) and why the system is unknown; as they are, without a word, when
    it is False."""
    if date1904 is True:
        return datenumbers.in_1900(col, date1904)
    if date1904 is not False and (serials := datenumbers.serials_1904(col)).any():
        first = serials.argmax()
        sheet, row = out["sheet"].iat[first], int(out["row"].iat[first])
        n = int(serials.sum())
        dates = count(n, field) if " or " not in field else f"{count(n, 'date')} ({field})"
        value = col.iat[first]
        value = int(value) if isinstance(value, float) and value.is_integer() else value
        numbers = (f"{sheet}: {dates} reached coachlog as date numbers (first on row {row}: {value}), read "
                   "in Excel's 1900 date system" if n > 1 else
                   f"{sheet}: the {field} on row {row} reached coachlog as a date number ({value}), read in Excel's "
                   "1900 date system")
        early = (f"In a workbook using the 1904 date system (Excel for Mac's option) {'each' if n > 1 else 'it'} is "
                 "read 1,462 days (4 years and 1 day) early.")
        if isinstance(date1904, Refused):
            problem = (f"{numbers}: asked for the workbook's date system, Excel answered with an error "
                       f"({date1904.error.rstrip('.')}). {early}")
            fix = ("Close any dialog open in Excel (or let it finish what it is doing) and refresh again; nothing to "
                   "do if the workbook uses the 1900 date system (Excel's default).")
        else:
            problem = (f"{numbers}: this Excel did not tell coachlog the workbook's date system (xlwings Lite and "
                       f"Server cannot). {early}")
            fix = ("Nothing to do if the workbook uses the 1900 date system (Excel's default); else refresh it from "
                   "Excel on the desktop, or with `coachlog refresh` on the saved file, which read its date system.")
        if sheet == schema.LOG.name:  # (a baseline recorded by this refresh for such a session stays)
            fix += (" In a 1904 workbook, a baseline recorded for a session whose date came so is kept as recorded: "
                    "clear its Baseline mean, Baseline n and Baseline recorded on, then refresh from Excel on the "
                    "desktop or with `coachlog refresh` on the saved file, to record it again.")
        issues.add(Code.DATE_SYSTEM_UNKNOWN, sheet, row, field, col.iat[first], problem, fix)
    return col
