"""Scorecard answers written as a known label and their points in brackets (``Good (4)``, ``Yes (2)``, ``No (0)``,
as Five9 and Zoom exports write them): the bracket is points, never a guessed 1-5 or 1-10 rating.  Their maximum is
the maximum column beside them where there is one, else the points a top answer (a score word reading 100, ``Yes``,
``Pass``, ``Met``, ``Exceeds``, or ``Excellent``) carries in the same paste and criterion: ``Yes (2)`` and ``No (0)``
are 100 and 0, ``Good (4)`` beside ``Excellent (5)`` is 80.  A ``(0)`` under a label that is not N/A is 0 points.
Where neither is known the cells are left as written, unreadable (:data:`~.scorewords.LABEL_UNREAD`); ``N/A (0)``
is not scored.  Said once per paste."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.scorewords import labelled


def score_like(value) -> tuple[float | None, str]:
    """:func:`~.coerce.score`, a labelled answer (``Yes (2)``, unreadable alone) read as a score whose maximum is yet
    to be found (``(None, "labelled")``): a column of them is a criterion's, its cells read by :func:`with_points`."""
    try:
        return coerce.score(value)
    except coerce.Unreadable:
        if isinstance(value, str) and labelled(value.strip()) is not None:
            return None, "labelled"
        raise


def with_points(raw: pd.DataFrame, issues: Issues) -> pd.Series:
    """``raw["score"]`` with each labelled answer whose maximum is known written as its points: the bare number
    beside a maximum column's cell (read over it, as a number there is), else ``points of top``; said in one note
    per paste (``raw``: the rows' cells, with ``sheet``, ``row``, ``paste``, ``criterion`` and ``max_score``)."""
    col = raw["score"]
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
        return col
    found = {v: got for v in pd.unique(col.to_numpy(dtype=object))
             if isinstance(v, str) and "(" in v and (got := labelled(v.strip())) is not None and got[1] != "na"}
    if not found:
        return col
    cells = col.to_numpy(dtype=object)
    hit = np.flatnonzero(col.isin(list(found)).to_numpy())
    maxed = np.asarray(~blanks(raw["max_score"]))[hit] if "max_score" in raw else np.zeros(hit.size, dtype=bool)
    points = [found[cells[i]][0] for i in hit]
    groups = list(zip(raw["paste"].to_numpy()[hit], (header_key(coerce.text(c)) for c in
                                                   raw["criterion"].to_numpy(dtype=object)[hit])))
    tops: dict[tuple, set] = {}
    for g, i in zip(groups, hit):
        if found[cells[i]][1] == "top":
            tops.setdefault(g, set()).add(coerce.number(found[cells[i]][0], None))
    out = cells.copy()
    read = np.zeros(hit.size, dtype=bool)
    for k, (i, g) in enumerate(zip(hit, groups)):
        if maxed[k]:
            out[i], read[k] = points[k], True
        elif len(top := tops.get(g, ())) == 1 and (m := next(iter(top))) is not None and m > 0:
            out[i], read[k] = f"{points[k]} of {m:g}", True
    if read.any():
        _said(raw, hit[read], cells, out, issues)
    return pd.Series(out, index=col.index, dtype=object)


def _said(raw: pd.DataFrame, rows: np.ndarray, cells: np.ndarray, out: np.ndarray, issues: Issues) -> None:
    """One note per paste naming how many labelled answers were read as points, with an example."""
    pastes = raw["paste"].to_numpy()[rows]
    for paste in pd.unique(pastes):
        mine = rows[pastes == paste]
        i = int(mine[0])
        sheet, how = raw["sheet"].iat[i], ("over the maximum beside it" if " of " not in out[i] else
                                           "over the points of its criterion's top answer (Yes, Met, Excellent)")
        issues.add(Code.SCALE_CONVERTED, sheet, None, "score", None,
                   f"{sheet}: {mine.size} score{'s' if mine.size > 1 else ''} written as an answer with its points in "
                   f"brackets read as those points {how} ({cells[i]} read as {out[i]}; a (0) is 0 points, N/A is "
                   "not scored); converted to 0-100 as points / maximum x 100.",
                   "Nothing to do, if the numbers in brackets are the points each answer earns.")
