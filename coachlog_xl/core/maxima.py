"""Points beside a maximum column: points / maximum x 100 (domain.md, "Exact rules: Scores").

A maximum cell that is blank or N/A gives no maximum: the score stays as read (the rows of a wide
paste made long carry none: :func:`~coachlog_xl.core.layout.to_long`).  0 points of 0 possible (an
item not applicable, as some platforms write it) is not scored.  A plain number beside a maximum that
is no number of 0 or more (``fifty``, ``#DIV/0!``, ``-50``), or beside 0 possible with points above 0,
cannot be put on 0-100: it is unreadable, named in Checks and not counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import per_distinct


def apply_max(out: pd.DataFrame, maxima: pd.Series, issues: Issues) -> None:
    """``out``'s plain-number scores over the maximum beside each (``maxima``, the column's cells)."""
    top = per_distinct(maxima, lambda values: [_maximum(v) for v in values], float)
    score = pd.to_numeric(out["score"], errors="coerce").to_numpy(dtype=float, copy=True)
    numbers = (out["read_as"].to_numpy(dtype=object) == "number") & ~np.isnan(score)
    use = numbers & ~np.isnan(top) & (top > 0)
    none = numbers & (score == 0) & (top == 0)
    bad = numbers & (np.isinf(top) | ((top == 0) & (score != 0)))
    for at in np.flatnonzero(bad).tolist():
        sheet, r, cell = out["sheet"].iat[at], int(out["row"].iat[at]), maxima.iat[at]
        issues.add(
            Code.UNREADABLE_SCORE, sheet, r, "score", coerce.text(cell),
            f"{sheet} row {r}: the maximum {coerce.text(cell)!r} beside the score {coerce.text(out['score'].iat[at])} "
            "is no number of points possible, so the score cannot be put on 0-100.",
            "Correct the maximum, or type a reason in Exclude to leave the row out.",
        )
    score[none | bad] = np.nan
    score[use] = score[use] / top[use] * 100
    if (none | bad | use).any():
        out["score"] = score
        out.loc[none, "read_as"] = "not scored"
        out.loc[bad, "read_as"] = "unreadable"
        out.loc[use, "read_as"] = "points/max"


def _maximum(value) -> float:
    """A maximum column's cell as a number: NaN when blank or N/A (no maximum given), infinity when it
    is no number of 0 or more (a maximum given that cannot be read)."""
    if coerce.is_blank(value) or coerce.text(value).lower() in coerce.NOT_SCORED_WORDS:
        return np.nan
    try:
        top = coerce.number(value)
    except coerce.Unreadable:
        return np.inf
    return np.inf if top is None or top < 0 else top
