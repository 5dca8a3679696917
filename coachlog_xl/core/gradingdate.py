"""An export dated by its grading date alone: what Checks says of it.

Windows use the call date, never the grading date (domain.md, "Which calls count"); an export without a call
date column is read by its grading date, with a warning.  Where the export has a column holding dates that no
field is read as (``Conversation Date``, a header the HeaderMap does not list), that column may well be the
call date: the warning names each such column by its header and letter, and gives the HeaderMap line that makes
one the call date (a baseline is recorded once, so one recorded from grading dates stays).  A column whose header
names a grading, review or evaluation date is named, never offered as the call date.
Used by :func:`coachlog_xl.core.layout.to_long`.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.paste_checks import column_letter
from coachlog_xl.core.wording import listed

LOOKED_AT = 50  # the distinct values of a column looked at to tell that it holds dates
FIRST_ROWS = 1000  # the rows they are taken from (a paste of a million rows: a column of dates shows it at its top)
# words of a header naming when a call was graded, not when it took place (header_key: lower case, no spaces)
GRADING_WORDS = ("grad", "review", "evaluat", "scored", "audit", "assess")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")  # a number written as text (an id, a score): no date, though some read as one
_HEADER_MAP = "the HeaderMap table on Settings (its Field and Export header columns)"


def grading_date_used(block: RawTable, cols: dict[str, int], issues: Issues) -> None:
    """The warning that ``block``'s export is dated by its grading date (``cols``: the fields' columns), naming
    its columns that hold dates no field is read as."""
    problem = f"{export_named(block)} has no call date column, only a grading date; windows use the grading date."
    fix = "Paste an export that includes the call date (windows should use when the call took place)."
    dated = unread_dates(block, cols)
    if dated:
        named = [f'{column_letter(p)} "{coerce.text(block.headers[p]).strip()}"' for p in dated]
        problem += (f" Column {named[0]} holds dates and is not read." if len(named) == 1 else
                    f" Columns {listed(named)} hold dates and are not read.")
        offered = [p for p in dated if not any(w in header_key(block.headers[p]) for w in GRADING_WORDS)]
        if offered:
            head, which = coerce.text(block.headers[offered[0]]).strip(), column_letter(offered[0])
            fix = (f"If column {which} is the call date, add a line to {_HEADER_MAP}: Field call_at, Export header "
                   f"{head}; the next refresh dates the calls by it (a baseline recorded before stays: clear the "
                   "session's Baseline mean, Baseline n and Baseline recorded on cells in the Log to record it again). "
                   + ("Else " if len(offered) == 1 else "Or the same with another column's header; else ")
                   + fix[0].lower() + fix[1:])
    issues.add(Code.GRADING_DATE_USED, block.sheet, block.header_row, "grading date", None, problem, fix)


def export_named(block: RawTable) -> str:
    """How a message names the export of a header block: its sheet, or, under a header further down, that header."""
    return block.sheet if block.header_row == 1 else f"{block.sheet} row {block.header_row}: the export under this header"


def unread_dates(block: RawTable, cols: dict[str, int]) -> list[int]:
    """The positions of ``block``'s columns with a header that no field is read as and whose values (the first
    :data:`LOOKED_AT` distinct ones of its first :data:`FIRST_ROWS`) are all dates, as a datetime cell or a text that
    reads as a date."""
    read = set(cols.values())
    out = []
    for p, head in enumerate(block.headers):
        if p in read or coerce.is_blank(head) or p not in block.data:
            continue
        col = block.data[p].iloc[:FIRST_ROWS]
        if col.dtype.kind == "M":
            if col.notna().any():
                out.append(p)
            continue
        values = [v for v in pd.unique(col.to_numpy(dtype=object)) if not coerce.is_blank(v)][:LOOKED_AT]
        if values and all(_is_date(v) for v in values):
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
