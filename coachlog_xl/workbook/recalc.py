"""Formulas of the team's own over refreshed cells: which sheets hold them, when the file keeps old results.

A refresh writes values; a formula elsewhere in the workbook that reads them (a dashboard's
``=COUNTIF('Follow-up'!Y:Y, "complete")``, a Log column ``=AA2+10``) keeps the result it was saved
with, and Excel does not recalculate a file its own version saved when it opens it.  The refresh
leaves the team's sheets and workbook.xml (where the calculation settings are) byte for byte as they
are, so it says instead which sheets hold such formulas, for the command line to tell the user to
recalculate (Ctrl+Alt+F9), and Checks holds the same note (:func:`stale_issues`), for a refresh no one
watches.  A workbook whose calculation settings ask for a full recalculation on
opening (``fullCalcOnLoad``, as a workbook fresh from ``coachlog new`` has until Excel saves it) needs
no such word.
"""

from __future__ import annotations

import re

from coachlog_xl.core.checks import Code, Issues

_CALC_PR = re.compile(rb"<(?:\w+:)?calcPr\b([^>]*?)/?>")
_FULL = re.compile(rb'\sfullCalcOnLoad\s*=\s*(["\'])(.*?)\1')


def recalculates_on_open(workbook_xml: bytes) -> bool:
    """Whether the workbook's calculation settings ask for every formula to be recalculated when it is
    opened."""
    m = _CALC_PR.search(workbook_xml)
    full = _FULL.search(m.group(1)) if m else None
    return full is not None and full.group(2).strip().lower() in (b"1", b"true")


def stale_issues(sheets: list[str]) -> Issues:
    """A note on Checks for each of the team's ``sheets`` holding formulas the file does not recalculate on
    opening (``formulas-show-old-values``): what the command line says, kept in the workbook for a refresh
    run on a schedule, where no one reads the command line."""
    issues = Issues()
    for sheet in sheets:
        issues.add(Code.OLD_VALUES_SHOWN, sheet, None, "", None,
                   f"Formulas of your own on {sheet} show the values they had when the file was last saved, not "
                   "this refresh's, until they are recalculated (the refresh writes values, and leaves the "
                   "workbook's calculation settings as they are).",
                   "Press Ctrl+Alt+F9 in Excel (Data > Calculate > Recalculate Hard in LibreOffice), then save.")
    return issues
