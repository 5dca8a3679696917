"""A ``weight`` column beside a ``score`` column, as flattened API exports carry it (exports.md: ``score + weight``
is a score over its maximum): each row's points possible, or each criterion's weight in an overall score.

The values tell the two apart.  Where no score is above the weight beside it (2 of 2, 1 of 4, 0 of 0) the weight is
the row's points possible: the score is points over it (:mod:`~coachlog_xl.core.maxima`: points / maximum x 100; 0
of 0 possible is not scored, a score beside a blank weight unreadable, named by row), as ``rubric_score`` beside
``max_rubric_score`` is.  Where a score is above its weight (60 beside 2, a 0-100 score beside a weighting of 1-3;
or points above 0 beside a weight of 0) the weight is the criterion's weighting, which a call's score on one
criterion does not use: the scores are read on their own scale and the weight is not read.  A column of weights
holding no number above 0 is no maximum either.  Checks says which reading was taken (:func:`said_weight`).
Used by :func:`coachlog_xl.core.layout.to_long` and :func:`~coachlog_xl.core.layout.columns_read`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import per_distinct
from coachlog_xl.core.gradingdate import export_named
from coachlog_xl.core.inputs import ROW, RawTable, header_key

SCORE, WEIGHT = "score", "weight"  # the flattened API's keys (header_key) of the two columns


def with_weight(block: RawTable, cols: dict[str, int]) -> dict[str, int]:
    """``cols`` (each field's column in ``block``) with the maximum score read from the weight column where it is
    the rows' points possible (:func:`_beside`: no score above its weight)."""
    beside = _beside(block, cols)
    if beside is not None and beside[1] is None:
        cols["max_score"] = beside[0]
    return cols


def said_weight(block: RawTable, cols: dict[str, int], issues: Issues) -> None:
    """A note on the reading taken of a weight column beside the score column (:func:`with_weight`), if any."""
    weight = cols.get("max_score")
    if weight is not None and weight >= 0 and header_key(block.headers[weight]) == WEIGHT:
        issues.add(Code.SCALE_CONVERTED, block.sheet, block.header_row, "score", None,
                   f'{export_named(block)}: each score is read as points over the "{block.headers[weight]}" beside it, the row\'s '
                   "points possible (no score is above its weight): 3 beside a weight of 5 is 60. A weight of 0 beside "
                   "a score of 0 is not scored (0 of 0 possible); a score beside a blank weight is unreadable, named by "
                   "its row.",
                   "Nothing to do if the weight is each row's points possible; if it is the criterion's weight in "
                   "an overall score, rename the column (criterion_weight) so that it is not read as points possible.")
        return
    beside = _beside(block, cols)
    if beside is None or beside[1] is None:
        return
    position, (row, score, weight) = beside
    issues.add(Code.LAYOUT_NOTE, block.sheet, row, "score", None,
               f'{export_named(block)}: the "{block.headers[position]}" column is read as each criterion\'s weight in an '
               f"overall score, not as the row's points possible, since a score is above its weight (row {row}: "
               f"{score:g} beside a weight of {weight:g}); the scores are read on their own scale and the weight is "
               "not used.",
               "Nothing to do if the weight is the criterion's weighting; if it is each row's points possible, the "
               "scores above it are errors in the export: correct them, or type a reason in Exclude on their rows.")


def _beside(block: RawTable, cols: dict[str, int]) -> tuple[int, tuple | None] | None:
    """(the position of a weight column beside the score column, None where it is the rows' points possible, else
    (the row, score and weight) of the first score above its weight); None without such a column: a maximum column
    read already, a score column named otherwise, or weights holding no number above 0."""
    if "max_score" in cols or cols.get("score", -1) < 0 or header_key(block.headers[cols["score"]]) != SCORE:
        return None
    read = set(cols.values())
    position = next((p for p, h in enumerate(block.headers) if p not in read and header_key(h) == WEIGHT), None)
    if position is None:
        return None
    score, weight = (_numbers(block.data[p]) for p in (cols["score"], position))
    both = ~np.isnan(score) & ~np.isnan(weight)
    if not (weight[both] > 0).any():
        return None
    above = np.flatnonzero(both & (score > weight))
    if not len(above):
        return position, None
    first = int(above[0])
    return position, (int(block.data[ROW].iloc[first]), float(score[first]), float(weight[first]))


def _numbers(col: pd.Series) -> np.ndarray:
    """The column's cells as numbers (NaN for a blank or a text that is no number: N/A, a word), each distinct
    value read once."""
    if col.dtype.kind in "fi":
        return col.to_numpy(dtype=float)
    return per_distinct(col, lambda values: [_number(v) for v in values], float)


def _number(value) -> float:
    try:
        n = coerce.number(value)
    except coerce.Unreadable:
        return np.nan
    return np.nan if n is None else n
