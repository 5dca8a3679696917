"""Scorecard answers written as a known label and their points in brackets (``Good (4)``, ``Yes (2)``, ``No (0)``,
as Five9 and Zoom exports write them): the bracket is points, never a guessed 1-5 or 1-10 rating.  Their maximum is
the maximum column beside them where there is one, else the points a top answer (a score word reading 100, ``Yes``,
``Pass``, ``Met``, ``Exceeds``, or ``Excellent``) carries in the same paste and criterion: ``Yes (2)`` and ``No (0)``
are 100 and 0, ``Good (4)`` beside ``Excellent (5)`` is 80.  A ``(0)`` under a label that is not N/A is 0 points.
Where neither is known the cells are left as written, unreadable (:data:`~.scorewords.LABEL_UNREAD`); ``N/A (0)``
is not scored.  A top answer carrying fewer points than the maximum beside it (``Excellent (5)`` over 10) contradicts
it: each answer of that criterion beside such a maximum is unreadable, named with both.  Said once per paste."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks, per_value
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


def with_points(raw: pd.DataFrame, issues: Issues) -> tuple[pd.Series, np.ndarray]:
    """``raw["score"]`` with each labelled answer whose maximum is known written as its points: the bare number
    beside a maximum column's cell (read over it, as a number there is), else ``points of top``; said in one note
    per paste (``raw``: the rows' cells, with ``sheet``, ``row``, ``paste``, ``criterion`` and ``max_score``).
    Also the rows whose answer is beside a maximum above the points of its criterion's top answer (``Excellent
    (5)`` over 10): the two contradict each other, so each is an unreadable score, named in Checks here (their
    cells, written as their points, are for the caller to leave unread).  The work is done per distinct cell
    and per distinct criterion, never per row: a paste may hold a million labelled answers."""
    col = raw["score"]
    unread = np.zeros(len(col), dtype=bool)
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
        return col, unread
    codes, values = pd.factorize(col.to_numpy(dtype=object))
    got = [labelled(v.strip()) if isinstance(v, str) and "(" in v else None for v in values.tolist()]
    known = np.array([g is not None and g[1] != "na" for g in got] + [False], dtype=bool)  # (-1: a blank cell)
    hit = np.flatnonzero(known[codes])
    if not hit.size:
        return col, unread
    answer = codes[hit]  # (each hit row's distinct answer)
    written = [g[0] if g is not None else "" for g in got]
    worth = np.array([coerce.number(p, None) if p else np.nan for p in written], dtype=float)  # (None: NaN)
    top = np.array([g is not None and g[1] == "top" for g in got], dtype=bool)
    group = _groups(raw, hit)
    # each group's points of its top answers: one distinct (group, answer) pair at a time
    pairs = np.unique(group[top[answer]] * len(values) + answer[top[answer]])
    tops: dict[int, dict[float, int]] = {}
    for pair in pairs.tolist():
        g, a = divmod(pair, len(values))
        tops.setdefault(g, {}).setdefault(worth[a], a)
    n = int(group.max()) + 1
    single = np.full(n, np.nan)  # the one top answer's points where a group has exactly one (else NaN)
    least = np.full(n, np.inf)  # the fewest points a top answer of the group carries
    least_answer = np.full(n, -1)
    for g, found in tops.items():
        if len(found) == 1:
            single[g] = next(iter(found))
        numbers = [p for p in found if p == p]
        if numbers:
            least[g] = min(numbers)
            least_answer[g] = found[least[g]]
    if "max_score" in raw:
        maxima = raw["max_score"].iloc[hit]
        maxed = ~blanks(maxima)
        beside = per_value(maxima, _points_possible, float)
    else:
        maxed, beside = np.zeros(hit.size, dtype=bool), np.full(hit.size, np.nan)
    contradicted = maxed & (least[group] < beside)
    out = col.to_numpy(dtype=object).copy()
    by_max = maxed & ~contradicted
    out[hit[maxed]] = np.asarray(written, dtype=object)[answer[maxed]]
    of_top = ~maxed & (single[group] > 0)
    if of_top.any():
        made, each = np.unique(answer[of_top] * n + group[of_top], return_inverse=True)  # (answer, group)
        texts = [f"{written[a]} of {single[g]:g}" for a, g in zip(*np.divmod(made, n))]
        out[hit[of_top]] = np.asarray(texts, dtype=object)[each.ravel()]
    read = by_max | of_top
    if read.any():
        _said(raw, hit[read], col.to_numpy(dtype=object), out, issues)
    if contradicted.any():
        _contradicted(raw, hit[contradicted], values, answer[contradicted],
                      least_answer[group[contradicted]], beside[contradicted], worth, issues)
        unread[hit[contradicted]] = True
    return pd.Series(out, index=col.index, dtype=object), unread


def _groups(raw: pd.DataFrame, hit: np.ndarray) -> np.ndarray:
    """Each of the rows ``hit``'s group, numbered from 0: its paste and criterion (names matched as headers are,
    :func:`~.inputs.header_key`, worked out once per distinct name)."""
    crit, names = pd.factorize(raw["criterion"].to_numpy(dtype=object)[hit])
    keys = pd.factorize(np.array([header_key(coerce.text(c)) for c in names.tolist()] + [""], dtype=object))[0]
    paste = pd.factorize(raw["paste"].to_numpy()[hit])[0].astype(np.int64)
    return pd.factorize(paste * (int(keys.max()) + 1) + keys[crit])[0]


def _points_possible(value) -> float:
    """A maximum cell as a number (NaN when it is none: :mod:`~.maxima` names such a cell)."""
    try:
        got = coerce.number(value, None)
    except coerce.Unreadable:
        return np.nan
    return np.nan if got is None else got


def _contradicted(raw: pd.DataFrame, rows: np.ndarray, values: np.ndarray, answers: np.ndarray, tops: np.ndarray,
                  maxima: np.ndarray, worth: np.ndarray, issues: Issues) -> None:
    """Checks' rows, one per labelled answer beside a maximum above the points of its criterion's top answer
    (``tops``: that answer of each row, the one with the fewest points), each text made once."""
    said: dict = {}
    sheets, numbers = raw["sheet"].to_numpy(dtype=object)[rows], raw["row"].to_numpy()[rows]
    for sheet, r, a, t, m in zip(sheets.tolist(), numbers.tolist(), answers.tolist(), tops.tolist(), maxima.tolist()):
        if (a, t, m) not in said:
            top = values[t]
            said[a, t, m] = (f"is its criterion's top answer, yet its {worth[t]:g} points are below the maximum {m:g} "
                             "beside it" if a == t else
                             f"cannot be read over the maximum {m:g} beside it: its criterion's top answer, {top!r}, "
                             f"gives {worth[t]:g} points, below that maximum") + \
                ": the two contradict each other, and which is meant cannot be told"
        issues.add(Code.UNREADABLE_SCORE, sheet, int(r), "score", values[a],
                   f"{sheet} row {r}: the score {values[a]!r} {said[a, t, m]}.",
                   "Correct the maximum or the points in brackets, or type a reason in Exclude to leave the row out.")


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
