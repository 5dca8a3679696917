"""A ``weight`` column beside a ``score`` column, as flattened API exports carry it (exports.md: ``score + weight``
is a score over its maximum): each row's points possible, or each criterion's weight in an overall score.

The values tell the two apart only where they prove it, each criterion by its own rows.  The weight is a
criterion's points possible where no score is above the weight beside it **and** each of its weights is scored in
full on some row of it (2 of 2, 4 of 4: a column of points possible has full marks; another criterion's 10 of 10 is
no full mark of this one's weight of 10): its scores are points over it (:mod:`~coachlog_xl.core.maxima`: points /
maximum x 100; 0 of 0 possible is not scored, a score beside a blank weight unreadable, named by row), as
``rubric_score`` beside ``max_rubric_score`` is.  Where a score is above its weight (60 beside 2, a 0-100 score
beside a weighting of 1-3; or points above 0 beside a weight of 0) the weight is the criteria's weighting, which a
call's score on one criterion does not use: every score is read on its own scale and the weight is not read.  Where
no score is above its weight but a criterion never scores one of its weights in full (1-5 ratings beside weights of
30 and 20, 0/1 beside 1-3) either could be meant: that criterion's scores are read on their own scale (marked
:data:`~coachlog_xl.core.maxima.OWN_SCALE`, :func:`own_scale`), the criteria that prove their weights read as points
over them, with a warning naming the criteria, both readings and the HeaderMap line that reads the weight as the
maximum.  A column of weights holding no number above 0 is no maximum either.
One export's pastes (its header repeated, the same export pasted again) are decided together (``alike``).
Checks says which reading was taken (:func:`said_weight`).
Used by :func:`coachlog_xl.core.layout.to_long` and :func:`~coachlog_xl.core.layout.columns_read`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import per_value
from coachlog_xl.core.gradingdate import export_named
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.maxima import OWN_SCALE
from coachlog_xl.core.wording import HEADER_MAP_SAID, RECORDED_STAYS, listed

SCORE, WEIGHT = "score", "weight"  # the flattened API's keys (header_key) of the two columns


def with_weight(block: RawTable, cols: dict[str, int], alike: list[RawTable] = ()) -> dict[str, int]:
    """``cols`` (each field's column in ``block``) with the maximum score read from the weight column where it is
    the rows' points possible (:func:`_beside`), decided over ``block`` and ``alike`` (the other blocks of its
    export: the same header elsewhere on its sheet)."""
    beside = _beside(block, cols, alike)
    if beside is not None and beside[1][0] in ("points", "some"):
        cols["max_score"] = beside[0]
    return cols


def own_scale(frame: pd.DataFrame, alike) -> pd.DataFrame:
    """``frame`` (a block's rows, :func:`~coachlog_xl.core.layout.to_long`) with the weight beside each score of a
    criterion that does not prove it points possible (its export's others do, :func:`_verdict`) marked
    :data:`~coachlog_xl.core.maxima.OWN_SCALE`: those scores stay on their own scale."""
    read = getattr(alike, "read", None)
    if read is None or read[0] != "some" or not len(frame):
        return frame
    unproved = {c for c, _ in read[1][3]}
    texts = per_value(frame["criterion"], coerce.text)
    frame["max_score"] = np.where(np.isin(texts, list(unproved)), OWN_SCALE, frame["max_score"].to_numpy(dtype=object))
    return frame


def by_header(blocks: list[RawTable], keyed: list[tuple]) -> dict[tuple, list[RawTable]]:
    """A header's words (``keyed``: each block's) -> the ``blocks`` under it or under a header it begins or that
    begins it (an export pasted under the sheet's header, whose own columns follow the export's): one export's,
    whose weight column is read one way (:func:`with_weight`)."""
    out: dict[tuple, list[RawTable]] = {}
    for block, words in zip(blocks, keyed):
        out.setdefault(words, []).append(block)
    return {w: Export(b for v, bs in out.items() if v[:len(w)] == w or w[:len(v)] == v for b in bs) for w in out}


class Export(list):
    """One export's blocks (:func:`by_header`), with the reading of their weight column once made (``read``: a
    report's header on each of its thousand pages is one export, its values read once, not once per page)."""

    read: tuple | None = None


def said_weight(block: RawTable, cols: dict[str, int], issues: Issues, alike: list[RawTable] = ()) -> None:
    """A note on the reading taken of a weight column beside the score column (:func:`with_weight`), if any: once per
    export, on the first of its blocks (``alike``)."""
    if alike and alike[0] is not block:
        return
    weight, beside = cols.get("max_score"), None
    if weight is not None and weight >= 0 and header_key(block.headers[weight]) == WEIGHT:
        read = getattr(alike, "read", None)
        beside = (weight, read) if read is not None and read[0] == "some" else None
        others = f"each score but those of {_named(beside[1][1][3])}" if beside else "each score"
        issues.add(Code.SCALE_CONVERTED, block.sheet, block.header_row, "score", None,
                   f'{export_named(block)}: {others} is read as points over the "{block.headers[weight]}" beside it, '
                   "the row's points possible (no score of its criterion is above its weight, and each of its weights "
                   "is scored in full on some row): 3 beside a weight of 5 is 60. A weight of 0 beside a score of 0 is "
                   "not scored (0 of 0 possible); a score beside a blank weight is unreadable, named by its row.",
                   "Nothing to do if the weight is each row's points possible; if it is the criterion's weight in "
                   "an overall score, rename the column (criterion_weight) so that it is not read as points possible.")
        if beside is None:
            return
    beside = beside or _beside(block, cols, alike)
    if beside is None or beside[1][0] == "points":
        return
    position, (kind, (row, score, weight, unproved)) = beside
    head = block.headers[position]
    if unproved:
        whose = f"the scores of {_named(unproved)} are" if kind == "some" else "the scores are"
        issues.add(Code.SCALE_UNCLEAR, block.sheet, row, "score", None,
                   f'{export_named(block)}: the "{head}" column may be each row\'s points possible or each '
                   "criterion's weight in an overall score: no score is above its weight, but no score is "
                   f"{_weights(unproved)} (full marks, which a column of points possible shows). "
                   f"{whose[0].upper()}{whose[1:]} read on their own scale and the weight is not used for them (row "
                   f"{row}: {score:g} beside a weight of {weight:g}); read as points over the weight it would be "
                   f"{score:g} of {weight:g}, {100 * score / weight:.3g}.",
                   "Nothing to do if the weight is the criterion's weighting; if it is each row's points possible, "
                   f"add a line to {HEADER_MAP_SAID}: Field max_score, Export header {head}; the next refresh reads "
                   f"each score as points over it ({RECORDED_STAYS}).")
        return
    issues.add(Code.LAYOUT_NOTE, block.sheet, row, "score", None,
               f'{export_named(block)}: the "{head}" column is read as each criterion\'s weight in an '
               f"overall score, not as the row's points possible, since a score is above its weight (row {row}: "
               f"{score:g} beside a weight of {weight:g}); the scores are read on their own scale and the weight is "
               "not used.",
               "Nothing to do if the weight is the criterion's weighting; if it is each row's points possible, the "
               "scores above it are errors in the export: correct them, or type a reason in Exclude on their rows.")


def _named(unproved: list[tuple[str, float]]) -> str:
    """The criteria of ``unproved`` (:func:`_weights`) as a message names them: Greeting, or Greeting and Closing."""
    return listed(dict.fromkeys(c for c, _ in unproved))


def _weights(unproved: list[tuple[str, float]]) -> str:
    """``unproved`` (each criterion and weight of it no score of it equals) as a message says them: equal to its
    weight of 20 or 30 (Empathy), or of 3 (Greeting) or of 10 (Empathy)."""
    by: dict[str, list[str]] = {}
    for criterion, weight in unproved:
        by.setdefault(criterion, []).append(f"{weight:g}")
    said = [" or ".join(w[:5]) + (f" (and {len(w) - 5} more)" if len(w) > 5 else "") + f" ({c})" * bool(c)
            for c, w in by.items()]
    return "equal to its weight of " + " or of ".join(said)


def _beside(block: RawTable, cols: dict[str, int], alike: list[RawTable] = ()) -> tuple[int, tuple] | None:
    """(the position of a weight column beside the score column, its reading: :func:`_verdict`); None without such
    a column: a maximum column read already, a score column named
    otherwise, or weights holding no number above 0.  ``alike``: other blocks under the same header, whose rows
    decide with ``block``'s."""
    if "max_score" in cols or cols.get("score", -1) < 0 or header_key(block.headers[cols["score"]]) != SCORE:
        return None
    taken = set(cols.values())
    position = next((p for p, h in enumerate(block.headers) if p not in taken and header_key(h) == WEIGHT), None)
    if position is None:
        return None
    if getattr(alike, "read", None) is None:
        criterion = header_key(block.headers[cols["criterion"]]) if cols.get("criterion", -1) >= 0 else None
        pairs = [_pair(block, criterion, cols["score"], position)] + [
            _pair(b, criterion) for b in alike
            if b is not block and {SCORE, WEIGHT} <= {header_key(h) for h in b.headers}]
        read = _verdict(*(np.concatenate([p[k] for p in pairs]) for k in range(4)))
        if isinstance(alike, Export):
            alike.read = read
    else:
        read = alike.read
    return None if read[0] == "no weight" else (position, read)


def _verdict(score: np.ndarray, weight: np.ndarray, rows: np.ndarray, criteria: np.ndarray) -> tuple[str, tuple | None]:
    """:func:`_beside`'s reading of scores beside their weights (``rows``: their rows' numbers; ``criteria``: their
    criteria, as text): ``no weight`` (none above 0), ``points`` (points possible), ``weighting`` with the row, score
    and weight of the first score above its weight (and no weights), or ``unproved`` with the first row's and each
    criterion's weights no score of it equals.  Each criterion proves its own weights: one criterion's 10 of 10 is
    no full mark of another's 1-5 ratings beside a weighting of 10; ``some`` where only some criteria leave a weight
    unproved (those stay on their own scale, :func:`own_scale`), ``unproved`` where every criterion does."""
    both = ~np.isnan(score) & ~np.isnan(weight)
    if not (weight[both] > 0).any():
        return "no weight", None
    above = np.flatnonzero(both & (score > weight))
    if len(above):
        first = int(above[0])
        return "weighting", (int(rows[first]), float(score[first]), float(weight[first]), [])
    seen = both & (weight > 0)
    # (a key per criterion and weight: a groupby of texts took 3 times as long)
    named, names = pd.factorize(criteria[seen])
    weighed, weights = pd.factorize(weight[seen])
    key = named.astype(np.int64) * len(weights) + weighed
    unproved = sorted((str(names[k // len(weights)]), float(weights[k % len(weights)]))
                      for k in np.setdiff1d(np.unique(key), key[(score == weight)[seen]]).tolist())
    if not unproved:
        return "points", None
    doubted = {c for c, _ in unproved}
    first = int(np.flatnonzero(seen & np.isin(criteria, list(doubted)))[0])
    kind = "some" if len(doubted) < len(names) else "unproved"
    return kind, (int(rows[first]), float(score[first]), float(weight[first]), unproved)


def _pair(block: RawTable, criterion: str | None, *at: int) -> tuple[np.ndarray, ...]:
    """A block's scores and weights as numbers (``at``: their columns, else its first headed score and weight), its
    rows' numbers and their criteria as text (``criterion``: its column's header key; one criterion without it)."""
    keys = [header_key(h) for h in block.headers]
    at = at or (keys.index(SCORE), keys.index(WEIGHT))
    score, weight = (_numbers(block.data[p]) for p in at)
    named = criterion is not None and criterion in keys
    criteria = per_value(block.data[keys.index(criterion)], coerce.text) if named \
        else np.full(len(score), "", dtype=object)
    return score, weight, block.data[ROW].to_numpy(), criteria


def _numbers(col: pd.Series) -> np.ndarray:
    """The column's cells as numbers (NaN for a blank or a text that is no number: N/A, a word), each distinct
    value read once."""
    if col.dtype.kind in "fi":
        return col.to_numpy(dtype=float)
    return per_value(col, _number, float)


def _number(value) -> float:
    try:
        n = coerce.number(value)
    except coerce.Unreadable:
        return np.nan
    return np.nan if n is None else n
