"""Call dates whose text names a weekday that is not their date's (``vendredi 4 mars 2025``: 4 March 2025 is a
Tuesday), told as they are read (:attr:`~coachlog_xl.core.coerce.Moment.weekday`): the date or the weekday is wrong,
and the call may be counted on the wrong day (:func:`weekdays_said`)."""

from __future__ import annotations

from operator import attrgetter

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.wording import count, some

_SAID = attrgetter("weekday")
_DAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekdays_said(col: pd.Series, codes: np.ndarray, when: list, out: pd.DataFrame, field: str, issues: Issues) -> None:
    """One warning per sheet naming the rows of ``col`` (its cells' ``codes`` into ``when``, the moment each distinct
    cell reads as; ``out``: their sheet and row) whose text names another weekday than its date's; read by the date."""
    if not any(map(_SAID, filter(None, when))):  # (most columns: none, told without a loop in Python)
        return
    wrong = np.array([m is not None and m.weekday is not None for m in when], dtype=bool)
    hit = np.flatnonzero(wrong[codes])
    sheets, rows = out["sheet"].to_numpy(dtype=object)[hit], out["row"].to_numpy()[hit]
    for sheet in pd.unique(sheets):
        mine = np.flatnonzero(sheets == sheet)
        first, n = int(hit[mine[0]]), len(mine)
        m = when[codes[first]]
        issues.add(Code.WEEKDAY_NOT_DATE, sheet, int(rows[mine[0]]), field, col.iloc[first],
                   f"{sheet}: {count(n, field)} {'names' if n == 1 else 'name'} a weekday that is not "
                   f"{'its' if n == 1 else 'their'} date's (row{'s' * (n > 1)} {some(rows[mine].tolist())}; first "
                   f"\"{col.iloc[first]}\": {m.at:%Y-%m-%d} is a {_DAY[m.at.weekday()]}, not {m.weekday}); read on the "
                   "date.",
                   "Check those rows in the export: where the weekday is right, correct the date; else nothing to do.")
