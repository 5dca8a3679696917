"""A column the HeaderMap reads as each question's maximum that is the evaluation's overall score repeated on each of
its questions' rows (a Dialpad-like long export: ``Score`` a question's 1-5 rating, ``Total Score`` the evaluation's
overall 0-100, 73.3, on every row of it).  exports.md lists ``total_score`` as a real maximum beside
``obtainedScore``, so the header does not tell the two apart; the values do.  A question's points possible is the
question's: the same for a criterion from call to call (a form version apart) and, where the questions of a call
differ, different on its rows.  The column is the evaluation's overall where

- it is one value on every row of :data:`~.overallscore.SHARE` of the evaluations scored on two or more criteria
  (:data:`~.overallscore.LEAST_CALLS` at least) while taking :data:`~.overallscore.LEAST_CALLS` or more values on
  one criterion's rows (an overall takes a value per call), and a score is above it, or it takes more than
  :data:`VERSIONS` values on one criterion's rows, or no score beside it comes to :data:`REACH` of it (1-5 ratings
  beside a 0-100 overall): a form version's maximum, the same on every question of a version (exports.md's
  ``total_score`` beside ``obtainedScore``: 4, 5, 10 by version), takes a few whole values, and the scores beside it
  come near it though a hard form's calls may never reach full marks; or
- :data:`FRACTIONS` of its values or more hold a fraction where every score is whole (4 of 73.3 is no question's)
  and it is one value on each evaluation's rows taking two or more values on one criterion's rows, or a score is
  above it: a question's maximum with halves (2.5, 7.5 beside whole points) is the question's, the same from call
  to call; or
- it is one value on every row of :data:`~.overallscore.SHARE` of the evaluations on two or more criteria, no score
  reaches it, and on every such evaluation it is the sum of its scores (two questions at full marks, 5 + 5 = 10) or
  no score comes to :data:`REACH` of it (5 beside 100): the calls' full marks summed or as a percent, where a
  maximum's full marks would reach it.  On fewer than :data:`~.overallscore.LEAST_CALLS` such evaluations (a first
  paste of one call) it may be either: it stays the maximum and an error (``maximum-or-overall``) holds the
  baselines (:func:`~coachlog_xl.core.baseline.unread_scores`), since a baseline read from either could be wrong for
  good.

Its filled rows are looked at (an export's early rows may leave it blank), of a long paste runs of them across it.

Read as points over it, every score would be a few points of the overall (4 of 73.3 = 5.5): the column is read as
the evaluation's overall and not used (docs/reading.md: an overall score is never a criterion's), the scores on
their own scale; another column the HeaderMap names as the maximum (``Max Points``) is read instead.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks
from coachlog_xl.core.gradingdate import export_named
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.overallscore import LEAST_CALLS, SHARE, evaluations
from coachlog_xl.core.wording import count

FRACTIONS = 0.1  # of a maximum column's values holding a fraction, beside whole scores
VERSIONS = 10  # a form's versions at most: a maximum taking more values on one question's rows is no version's
REACH = 0.5  # of it, that no score beside an overall comes to (1-5 ratings beside 0-100): a question's scores do
LOOKED_AT, CHUNKS = 20_000, 10  # a paste's filled rows that tell, in runs across it (their evaluations: about 50 ms)


class Overall(NamedTuple):
    """The column read as the maximum that is, or may be, the evaluation's overall (:func:`verdict`)."""

    position: int
    unsure: str  # "": the evaluation's overall, not read; else why it may be one (it stays the maximum, held)
    calls: int  # the evaluations on two or more criteria that tell


def without_overall(block, cols: dict[str, int], header_map: dict[str, list[str]]) -> tuple[dict[str, int],
                                                                                            Overall | None]:
    """``cols`` without the maximum column where it is the evaluation's overall (:func:`verdict`), the next filled
    column the HeaderMap names as the maximum read instead (``Max Points`` beside ``Total Score``, in a workbook
    listing ``total_score`` first), and the overall (None: the maximum stands; ``unsure``: it stands, held)."""
    found = verdict(block, cols)
    if found is None or found.unsure:
        return cols, found
    overall, taken = cols.pop("max_score"), set(cols.values())
    keys = [header_key(h) for h in block.headers]
    for synonym in header_map.get("max_score", ()):
        at = next((p for p, k in enumerate(keys) if k == header_key(synonym) and p != overall and p not in taken
                   and p in block.data and not blanks(block.data[p]).all()), None)
        if at is not None:
            cols["max_score"] = at
            break
    return cols, found


def verdict(block, cols: dict[str, int]) -> Overall | None:
    """Whether the column ``cols`` reads as the maximum of ``block``'s long rows is the evaluation's overall, may be
    (too few evaluations to tell), or not (None)."""
    if cols.get("max_score", -1) < 0 or min(cols.get(f, -1) for f in ("call_id", "criterion", "score")) < 0:
        return None
    frame = evaluations(block, _looked_at(block.data, cols["max_score"]), cols)
    frame = frame[frame["top"].notna()]
    frame = frame.assign(whole=frame["score"].groupby(frame["evaluation"]).transform("sum"))
    per = frame.groupby("evaluation", sort=False).agg(
        criteria=("criterion", "nunique"), least=("top", "min"), most=("top", "max"), whole=("whole", "first"),
        high=("score", "max"))
    per = per[per["criteria"] >= 2]
    one = per["least"] == per["most"]
    said = partial(Overall, cols["max_score"], calls=len(per))
    if _told(frame, per, one):
        return said("")
    if not len(per) or one.mean() < SHARE or (frame["score"] >= frame["top"]).any():
        return None  # (a top on a question's rows, or full marks of it: a maximum)
    # one value on a call's rows that no score reaches: a maximum, or full marks summed (5 + 5 = 10) or as a percent
    # (100 beside 1-5 ratings), which the export's other calls tell apart
    ones = per[one]
    if np.isclose(ones["least"], ones["whole"], rtol=1e-3).all():
        why = "sum"
    elif (ones["high"] < REACH * ones["least"]).all():
        why = "far"
    else:
        return None
    return said("" if len(ones) >= LEAST_CALLS else why)


def _told(frame: pd.DataFrame, per: pd.DataFrame, one: pd.Series) -> bool:
    """Whether the maximum column is the evaluation's overall by its values (the module's first two cases)."""
    if len(frame) < 2 * LEAST_CALLS:
        return False
    above = bool((frame["score"] > frame["top"]).any())  # (no maximum of the scores beside it)
    per_call = len(per) >= 2 and one.mean() >= SHARE  # (one value on each call's rows)
    values = frame.groupby("criterion")["top"].nunique().max()  # (the most a question's rows take)
    if (frame["top"] % 1 != 0).mean() >= FRACTIONS and not (frame["score"] % 1 != 0).any():
        return above or per_call and values >= 2  # (a question's halves, 2.5, are its maximum: fractions alone not)
    if len(per) < LEAST_CALLS or not per_call or values < LEAST_CALLS:
        return False
    # a form version's maximum, one per call too, takes a few whole values, and the scores beside it come near it
    # (no call need reach full marks); an overall takes a value per call, or is far above 1-5 ratings beside it
    return above or values > VERSIONS or bool((frame["score"] < REACH * frame["top"]).all())


def _looked_at(data: pd.DataFrame, top: int) -> pd.DataFrame:
    """The rows of a paste whose maximum cell is filled (an export's early rows may leave it blank), and of more than
    :data:`LOOKED_AT` of them, :data:`CHUNKS` runs of rows spread evenly across them (an evaluation's rows are
    together: a run cuts at most two)."""
    filled = np.flatnonzero(~np.asarray(blanks(data[top]), dtype=bool))
    if len(filled) > LOOKED_AT:
        run = LOOKED_AT // CHUNKS
        starts = np.linspace(0, len(filled) - run, CHUNKS).astype(np.int64)
        filled = filled[(starts[:, None] + np.arange(run)).ravel()]
    return data.iloc[filled]


def said_overall(block, found: Overall, cols: dict[str, int], issues: Issues) -> None:
    """A note that the column ``found`` is read as the evaluation's overall score and not used (:func:`verdict`),
    with the maximum read instead, if any (``cols``); where it only may be the overall, an error that holds the
    baselines (:func:`~coachlog_xl.core.baseline.unread_scores`) until the paste tells or the HeaderMap says."""
    head = coerce.text(block.headers[found.position])
    score = coerce.text(block.headers[cols["score"]])
    if found.unsure:
        _said_unsure(block, found, head, score, issues)
        return
    other = cols.get("max_score", -1)
    instead = (f'each {score} is read as points over "{coerce.text(block.headers[other])}"' if other >= 0
               else f"each {score} is read on its own scale")
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "max_score", head,
               f'{export_named(block)}: "{head}" is read as the evaluation\'s overall score, not as each question\'s '
               f"maximum: it is one value on every question's row of a call and differs from call to call on the same "
               f"question, or holds fractions where the scores are whole, or no {score} reaches it while it is their "
               f"sum or far above them; it is not used, and {instead}.",
               f"Nothing to do if {head} is the evaluation's overall score; if the export gives each question's points "
               "possible in another column, add a line to the HeaderMap table on Settings, Field max_score, Export "
               "header (that column's), above the line naming it.")


def _said_unsure(block, found: Overall, head: str, score: str, issues: Issues) -> None:
    """The error for a maximum column that may be the evaluation's overall: too few evaluations to tell."""
    how = (f"it is the sum of the call's {score}s" if found.unsure == "sum"
           else f"no {score} comes to half of it")
    issues.add(Code.MAXIMUM_UNSURE, block.sheet, block.header_row, "max_score", head,
               f'{export_named(block)}: "{head}" may be the evaluation\'s overall score (all questions at full marks), '
               f"not each question's maximum: it is one value on every question's row of a call, no {score} reaches "
               f"it and {how}, on {count(found.calls, 'evaluation', 'evaluations')} scored on two or more questions, "
               f"too few (under {LEAST_CALLS}) to tell. Read as points over it, full marks would read low, so no "
               "baseline is recorded while it stands.",
               f"If {head} is the evaluation's overall score, delete the line of the HeaderMap table on Settings, "
               f"Field max_score, that names {head}: each {score} is then read on its own scale (with few calls, set "
               f"Score scale on Settings to it, 1-5). If it is each question's points possible, paste more of the "
               f"export's calls: {LEAST_CALLS} or more evaluations, or one scored at full marks of it, tell.")
