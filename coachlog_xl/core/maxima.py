"""Points beside a maximum column: points / maximum x 100, when the column holds a maximum.

A column is read as the maximum by its header (the HeaderMap's ``max_score`` line: ``max_rubric_score``,
``total_score``, ...), and a header alone cannot tell: ``obtainedScore`` beside ``total_score`` is
points over the points possible, while a long export's ``Total Score`` is each evaluation's overall
score repeated on every one of its rows, which read as a maximum rescales each score silently (75
beside a Total Score of 87.5 would be 85.7).

The rule.  The points possible of a criterion are a property of the criterion (of its version, when a
version column says which): the same on every call it is scored on.  So a paste's maximum column is read
unless, among the rows holding both a score and a maximum (a maximum of 0, "0 of 0 possible", marks an
item not applicable and is left aside), some criterion of one version has more than one maximum, and
beside that the column shows a sign of being something else:

- it is the same on every criterion of each call (and evaluator) scored on several, and so a value of
  the evaluation, as an overall score is;
- it holds a fraction (87.5) while every score is whole points;
- it is below the row's score on the rows of two or more calls (on one call's rows that is a bonus above
  the maximum, kept and flagged as any score above 100).

A criterion whose maximum changes with nothing else wrong (points possible set per call) is read, and so is
a maximum that is the same on all of a criterion's rows, whatever it is.  A column not read leaves the
paste's scores as they are, on the scale they show, and a warning names the column and its rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, wording
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import per_distinct


def apply_max(out: pd.DataFrame, raw: pd.DataFrame, name: str, issues: Issues) -> None:
    """Points with a maximum: points / maximum x 100 (the rows of a score already normalised carry no
    maximum: :func:`~coachlog_xl.core.layout.to_long`); 0 points of 0 possible (an item not applicable, as
    some platforms write it) is not scored.  A paste whose column is no maximum (see the module) keeps its
    scores as read; ``name``: the column's header, for the message."""
    top = per_distinct(raw["max_score"], lambda values: [_maximum(v) for v in values], float)
    score = pd.to_numeric(out["score"], errors="coerce").to_numpy(dtype=float, copy=True)
    numbers = out["read_as"].to_numpy(dtype=object) == "number"
    both = numbers & ~np.isnan(score) & ~np.isnan(top) & (top != 0)
    for paste, signs in _not_a_maximum(out, score, top, both).items():
        rows = (out["paste"].to_numpy() == paste) & ~np.isnan(top)
        top[rows] = np.nan
        _say(out[rows & both], name, signs, issues)
    use = numbers & ~np.isnan(score) & ~np.isnan(top) & (top != 0)
    none = numbers & (score == 0) & (top == 0)
    if none.any():
        score[none] = np.nan
        out["score"] = score
        out.loc[none, "read_as"] = "not scored"
    if use.any():
        score[use] = score[use] / top[use] * 100
        out["score"] = score
        out.loc[use, "read_as"] = "points/max"


def _maximum(value) -> float:
    """A maximum column's cell as a number (NaN when blank or unreadable: the score stays as read)."""
    try:
        top = coerce.number(value)
    except coerce.Unreadable:
        return np.nan
    return np.nan if top is None else top


def _not_a_maximum(out: pd.DataFrame, score: np.ndarray, top: np.ndarray, both: np.ndarray) -> dict[int, list[str]]:
    """The pastes whose maximum column is no maximum of points (the module's rule), each with the signs."""
    if not both.any():
        return {}
    rows = pd.DataFrame({"paste": out["paste"].to_numpy()[both], "criterion": out["criterion"].to_numpy()[both],
                         "version": out["version"].to_numpy()[both], "call": out["call_id"].to_numpy()[both],
                         "evaluator": out["evaluator"].to_numpy()[both], "score": score[both], "top": top[both]})
    varies = rows.groupby(["paste", "criterion", "version"], sort=False)["top"].nunique() > 1
    found = {}
    for paste in varies[varies].index.get_level_values("paste").unique():
        part = rows[rows["paste"] == paste]
        signs = []
        calls = part.groupby(["call", "evaluator"], sort=False).agg(criteria=("criterion", "nunique"), tops=("top", "nunique"))
        several = calls[calls["criteria"] > 1]
        if len(several) and (several["tops"] == 1).all():
            signs.append("is the same on all criteria of a call (an overall score?)")
        fractions = part.loc[part["top"] % 1 != 0, "top"]
        if (part["score"] % 1 == 0).all() and len(fractions):
            signs.append(f"holds fractions ({fractions.iloc[0]:g}) beside whole points")
        below = part.loc[part["score"] > part["top"], "call"].nunique()
        if below > 1:
            signs.append(f"is below the score on {wording.count(below, 'call')}")
        if signs:
            found[int(paste)] = signs
    return found


def _say(rows: pd.DataFrame, name: str, signs: list[str], issues: Issues) -> None:
    sheet, first = rows["sheet"].iloc[0], int(rows["row"].iloc[0])
    column = f'"{name}"' if name else "the maximum score column"
    why = ", ".join(signs[:-1]) + (" and " if len(signs) > 1 else "") + signs[-1]
    issues.add(
        Code.MAXIMUM_NOT_READ, sheet, first, "maximum score", name or None,
        f"{sheet} rows {wording.some(sorted(pd.unique(rows['row'])))}: {column} is read as the maximum score but "
        f"holds no criterion's points possible: it differs between the calls of one criterion, {why}. "
        "The scores were read as they are.",
        f"If {column} is an overall score, nothing to do (or take it off the max_score line of HeaderMap on "
        "Settings); if it is the points possible, give each criterion one maximum, or add a version column "
        "where it changed.",
    )
