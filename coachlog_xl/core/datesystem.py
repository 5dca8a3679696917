"""A call date column's date numbers (serials) read in its workbook's date system: the 1900 system (Excel's
default) or the 1904 one (Excel for Mac's option, where the same number is a day 1,462 days later); or, where
the workbook was read through an engine that cannot tell its system (xlwings Lite and Server: the Office.js
client sends none), read in the 1900 system and said so in Checks, never silently."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core import datenumbers
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.wording import count


def in_date_system(col: pd.Series, date1904: bool | None, out: pd.DataFrame, issues: Issues) -> pd.Series:
    """The call date column ``col`` with its date numbers made the 1900 system's (what
    :func:`~coachlog_xl.core.datenumbers.read` reads): moved from the 1904 system when ``date1904`` is True;
    as they are when it is None (the system unknown), with one warning for the sheet naming how many there are
    and the first (``out``: each row's sheet and row); as they are, without a word, when it is False."""
    if date1904:
        return datenumbers.from_1904(col)
    if date1904 is None and (serials := datenumbers.serials_1904(col)).any():
        first = serials.argmax()
        sheet, row = out["sheet"].iat[first], int(out["row"].iat[first])
        issues.add(Code.DATE_SYSTEM_UNKNOWN, sheet, row, "call date", col.iat[first],
                   f"{sheet}: {count(int(serials.sum()), 'call date')} reached coachlog as date numbers (first on row "
                   f"{row}: {col.iat[first]}), read in Excel's 1900 date system: this Excel did not tell coachlog "
                   "the workbook's date system (xlwings Lite and Server cannot; Excel on the desktop may refuse while "
                   "busy). In a workbook using the 1904 date system (Excel for Mac's option) each is read 1,462 days (4 years "
                   "and 1 day) early.",
                   "Nothing to do if the workbook uses the 1900 date system (Excel's default); else refresh it from "
                   "Excel on the desktop, or with `coachlog refresh` on the saved file, which read its date system.")
    return col
