"""An evaluation's overall score repeated on each of its questions' rows (a Playvox-like long export: ``Score`` the
evaluation's percent on every row, ``Points`` and ``Max Points`` the question's), read as each criterion's score:
every criterion of the call would get the call's overall score, an N/A question's too, and a baseline recorded
from it would be wrong for good.  It is told from a long paste whose score is one value on every criterion's row
of nearly every call, a value that differs between calls; an error, which holds the baselines back
(:func:`~coachlog_xl.core.baseline.unread_scores`) until the HeaderMap names the column of each criterion's score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks, factorized, per_value
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.wording import count

LEAST_CALLS = 5  # calls scored on two or more criteria, fewer tell nothing
SHARE = 0.9  # of them with one score on all their criteria


def _number(value) -> float:
    """A cell as a number (a percent or score word as :func:`~coachlog_xl.core.coerce.score` reads it), NaN when
    it is none: only numbers are compared."""
    try:
        got = coerce.score(value)[0]
    except coerce.Unreadable:
        return np.nan
    return np.nan if got is None else got


def _top(highest: float) -> float:
    """The top of the scale a column's values fit: 1 (fractions), 5, 10 or 100, else its highest value."""
    return next((top for top in (1.0, 5.0, 10.0, 100.0) if highest <= top), highest)


def _numbers(col: pd.Series) -> np.ndarray:
    return per_value(col, _number, float)


def overall_score(block: RawTable, data: pd.DataFrame, cols: dict[str, int], issues: Issues) -> None:
    """An error for a long paste (``cols``: its fields' columns, one score column) whose score is the same on every
    criterion's row of a call in :data:`SHARE` of its :data:`LEAST_CALLS` or more calls scored on two or more
    criteria, with values that differ between calls.  A call whose one value is 0 or the top of its scale (100
    for percents) is not counted: a pass/fail export whose calls mostly pass every item is not this.  Said once
    per sheet; the export's other numeric columns that vary within a call are named as each criterion's likely
    score."""
    key = header_key(block.headers[cols["score"]])
    if cols.get("call_id", -1) < 0 or len(data) < 2 * LEAST_CALLS or any(
            i.code is Code.SCORE_PER_CALL and i.sheet == block.sheet for i in issues) or sum(
            header_key(h) == key for h in block.headers) > 1:  # (a score column per evaluator: not one score)
        return
    score = _numbers(data[cols["score"]])
    at = cols["call_id"]  # (its factors as read, when the rows are the block's own)
    calls = (block.factors[at] if data is block.data and at in block.factors else factorized(data[at]))[0]
    keep = (calls >= 0) & ~np.isnan(score)
    frame = pd.DataFrame({"call": calls[keep], "score": score[keep]})
    per = frame.groupby("call", sort=False)["score"].agg(["size", "min", "max"])
    per = per[per["size"] >= 2]
    one = per["min"] == per["max"]
    per = per[~(one & per["min"].isin([0.0, _top(frame["score"].max())]))]
    same = per[per["min"] == per["max"]]
    if len(per) < LEAST_CALLS or len(same) < SHARE * len(per) or same["min"].nunique() < 2:
        return
    head = coerce.text(block.headers[cols["score"]])
    likely = _varying(block, data, cols, calls, per.index)
    first = int(data[ROW].iloc[0]) - 1
    said = f" {', '.join(likely)} {'varies' if len(likely) == 1 else 'vary'} within a call: likely each " \
           "criterion's score." if likely else ""
    column = likely[0] if likely else "the column of each criterion's score"
    issues.add(Code.SCORE_PER_CALL, block.sheet, first, "score", head,
               f"{block.sheet}: {head} is one value on every criterion's row of {len(same)} of the "
               f"{count(len(per), 'call')} scored on two or more criteria, as an evaluation's overall score repeated "
               "on each question's row is: read as each criterion's score, every criterion (an N/A one too) gets "
               f"the call's overall score, so no baseline is recorded while it stands.{said}",
               f"Add a line to the HeaderMap table on Settings, Field score, Export header {column}, above the line "
               f"naming {head}; the next refresh reads every row by it, those imported already too.")


def _varying(block: RawTable, data: pd.DataFrame, cols: dict[str, int], calls: np.ndarray, counted) -> list[str]:
    """The headers of the paste's other numeric columns that take more than one value within half or more of the
    ``counted`` calls."""
    used, out = set(cols.values()), []
    rows = np.isin(calls, np.asarray(counted))
    for p, head in enumerate(block.headers):
        if p in used or p not in data or not coerce.text(head):
            continue
        filled = ~blanks(data[p])[rows]
        values = _numbers(data[p])[rows]
        if not filled.any() or np.isnan(values[filled]).mean() > 1 - SHARE:
            continue
        within = pd.DataFrame({"call": calls[rows], "v": values}).groupby("call")["v"].agg(["min", "max"])
        if (within["min"] < within["max"]).mean() >= 0.5:
            out.append(coerce.text(head))
    return out
