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
- it tracks the scores: one value on every row of :data:`~.overallscore.SHARE` of the evaluations on two or more
  scored criteria and, on every such evaluation a run does not cut (:func:`_cut`), the sum of its scores (5 + 4 = 9),
  their percent of the paste's greatest score (5 and 4 of 5: 90) or their mean (4.5), taking two or more values.
  One value that is every call's sum or percent with every score at full marks (5 + 5 = 10, 100) may be either, on
  any number of calls (5 of 10 points, or 5 of 1-5?): it stays the maximum and an error (``maximum-or-overall``)
  holds the baselines (:func:`~coachlog_xl.core.baseline.unread_scores`), since a baseline read from either could be
  wrong for good, until the score column's header states the questions' scale (``Score (1-5)``: the overall;
  ``Score (0-10)``, its top the column's value: the maximum).  A constant total that the calls' scores do not reach
  in full (3 + 3 + 4 = 10) is each question's points possible, and so is a percent whose full marks are above
  :data:`RATING_TOP`, no rating's top (80 on every question beside 100: 80 points of 100).

Its filled rows are looked at (an export's early rows may leave it blank), of a long paste runs of them across it.
A column of fewer than :data:`~.overallscore.LEAST_CALLS` whole values that the scores reach on :data:`REACHED` of
its rows or more (of the calls with two or more scored rows: a call's one question scored beside N/A ones reaches
their sum) is a maximum, told before any grouping.

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
from coachlog_xl.core.overallscore import LEAST_CALLS, SHARE, evaluations, numbers
from coachlog_xl.core.qualifiers import scale as header_scale
from coachlog_xl.core.qualifiers import split
from coachlog_xl.core.wording import count

FRACTIONS = 0.1  # of a maximum column's values holding a fraction, beside whole scores
VERSIONS = 10  # a form's versions at most: a maximum taking more values on one question's rows is no version's
REACH = 0.5  # of it, that no score beside an overall comes to (1-5 ratings beside 0-100): a question's scores do
REACHED = 0.1  # of a few whole maxima's rows whose scores reach them: a maximum, told before any grouping
RATING_TOP = 10  # the highest top of a rating scale: full marks above it beside a total of 100 are points of it
LOOKED_AT, CHUNKS = 20_000, 10  # a paste's filled rows that tell, in runs across it (their evaluations: about 50 ms)


class Overall(NamedTuple):
    """The column read as the maximum that is, or may be, the evaluation's overall (:func:`verdict`)."""

    position: int
    unsure: str  # "": the overall, not read; "sum", "percent": one total, full marks, may be; "few": tracks, too few
    # calls to show the scores' scale (either way it stays the maximum, held)
    calls: int  # the evaluations on two or more criteria that tell
    full: float = 0.0  # where unsure: every score (full marks of the ratings: 5)
    total: float = 0.0  # where unsure: the column's one value (10, 100)


def without_overall(block, cols: dict[str, int], header_map: dict[str, list[str]],
                    scale: tuple[float, float] | None = None) -> tuple[dict[str, int], Overall | None]:
    """``cols`` without the maximum column where it is the evaluation's overall (:func:`verdict`), the next filled
    column the HeaderMap names as the maximum read instead (``Max Points`` beside ``Total Score``, in a workbook
    listing ``total_score`` first), and the overall (None: the maximum stands; ``unsure``: it stands, held)."""
    found = verdict(block, cols, scale)
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


def verdict(block, cols: dict[str, int], scale: tuple[float, float] | None = None) -> Overall | None:
    """Whether the column ``cols`` reads as the maximum of ``block``'s long rows is the evaluation's overall, may be
    or is one on too few calls to show the scores' scale (``unsure``), or not (None).  ``scale``: the Settings Score
    scale (None: auto), stated as a score header's (1-5) is where the header states none."""
    if cols.get("max_score", -1) < 0 or min(cols.get(f, -1) for f in ("call_id", "criterion", "score")) < 0:
        return None
    data, run = _looked_at(block.data, cols["max_score"])
    score, top = numbers(data[cols["score"]]), numbers(data[cols["max_score"]])
    tops = np.unique(top[~np.isnan(top)])
    both = ~np.isnan(score) & ~np.isnan(top)
    # (a call's one question scored beside N/A ones reaches their sum alone: only calls of 2+ scored rows tell)
    call = pd.factorize(data[cols["call_id"]])[0]
    several = both & (call >= 0) & (np.bincount(call[both & (call >= 0)], minlength=len(call) + 1)[call] >= 2)
    reached = (score[several] >= top[several]).sum()
    if len(tops) < LEAST_CALLS and not (tops % 1 != 0).any() and reached >= REACHED * both.sum() > 0:
        return None  # (a question's few whole maxima that its scores reach: a maximum, before any grouping)
    frame = evaluations(block, data, cols)
    frame = frame[frame["top"].notna()]
    frame = frame.assign(whole=frame["score"].groupby(frame["evaluation"]).transform("sum"))
    per = frame.groupby("evaluation", sort=False).agg(
        criteria=("criterion", "nunique"), least=("top", "min"), most=("top", "max"), whole=("whole", "first"),
        low=("score", "min"), high=("score", "max"), rows=("score", "size"))
    per = per[per["criteria"] >= 2]
    one = per["least"] == per["most"]
    said = partial(Overall, cols["max_score"], calls=len(per))
    if _told(frame, per, one):
        return said("")
    kept = per[one & ~per.index.isin(_cut(frame, run))]
    if not len(kept) or one.mean() < SHARE:
        return None
    full = float(frame["score"].max())  # (the ratings' top: 5, full marks of 1-5)
    total = kept["least"]
    summed = np.isclose(total, kept["whole"], rtol=1e-3)
    percent = np.isclose(total, 100 * kept["whole"] / (kept["rows"] * full), rtol=1e-3)
    meant = np.isclose(total, kept["whole"] / kept["rows"], rtol=1e-3)
    if not (summed | percent | meant).all():
        return None
    stated = header_scale(block.headers[cols["score"]]) or scale
    if total.nunique() >= 2:  # (the total tracks the call's scores, 10 and 9, 100 and 90: the overall, whose
        # ratings' scale a few calls do not show: held, as 4 of 1-5 read on 0-100 would be 4)
        return said("" if len(kept) >= LEAST_CALLS or stated is not None else "few", full=full)
    if np.isclose(total.iloc[0], full) or not ((kept["low"] == full) & (kept["high"] == full)).all():
        return None  # (one total, the calls' scores below full marks: 3 + 3 + 4 = 10 points possible a question;
        # or full marks themselves, 5 of 5, read alike either way)
    if stated is not None:  # (the score column's header says the questions' scale: Score (1-5), Score (0-10))
        return None if np.isclose(stated[1], total.iloc[0]) else said("")
    if not summed.all() and full > RATING_TOP:
        return None  # (80 on every question beside 100: 80 points of 100, no rating scale tops at 80)
    return said("sum" if summed.all() else "percent", full=full, total=float(total.iloc[0]))


def _cut(frame: pd.DataFrame, run: int) -> np.ndarray:
    """The evaluations that a run of :func:`_looked_at` (``run`` rows, 0: none) may cut: each run's first and last."""
    if not run or not len(frame):
        return np.array([], dtype=np.int64)
    runs = pd.Series(frame["evaluation"].to_numpy()).groupby(frame.index.to_numpy() // run, sort=False)
    return np.union1d(runs.first().to_numpy(), runs.last().to_numpy())


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


def _looked_at(data: pd.DataFrame, top: int) -> tuple[pd.DataFrame, int]:
    """The rows of a paste whose maximum cell is filled (an export's early rows may leave it blank), and of more than
    :data:`LOOKED_AT` of them, :data:`CHUNKS` runs of rows spread evenly across them (an evaluation's rows are
    together: a run cuts at most two), with a run's length (0: every row, none cut)."""
    filled = np.flatnonzero(~np.asarray(blanks(data[top]), dtype=bool))
    if len(filled) > LOOKED_AT:
        run = LOOKED_AT // CHUNKS
        starts = np.linspace(0, len(filled) - run, CHUNKS).astype(np.int64)
        return data.iloc[filled[(starts[:, None] + np.arange(run)).ravel()]], run
    return data.iloc[filled], 0


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
               f"question, or holds fractions where the scores are whole, or it is the sum of the call's {score}s, "
               f"their mean or their percent of full marks on every call, differing from call to call or, one value, "
               f"not the top of the scale the {score} header or Settings' Score scale states; it is not used, and "
               f"{instead}.",
               f"Nothing to do if {head} is the evaluation's overall score; if the export gives each question's points "
               "possible in another column, add a line to the HeaderMap table on Settings, Field max_score, Export "
               "header (that column's), above the line naming it.")


def _header_base(header: str) -> str:
    """A header without the qualifier it ends in (``Score (%)`` -> ``Score``): the scale is typed in its place."""
    parts = split(header)
    return header if parts is None else parts[0].rstrip()


def at_header(sheet: str, row: int) -> str:
    """Where the hold's fix is typed (``on sheet 'Scores form', row 1``): an import says its own sheet and row."""
    return f"on sheet '{sheet}', row {row}"


def _said_unsure(block, found: Overall, head: str, score: str, issues: Issues) -> None:
    """The error for a maximum column that may be the evaluation's overall (every call at full marks beside one
    total that is their sum or percent), or is one on too few calls to show the ratings' scale, with the fix in the
    paste's own score header (:func:`verdict`)."""
    full, total, calls = found.full, found.total, found.calls
    on = "the evaluation" if calls == 1 else f"each of the {calls} evaluations"
    base = _header_base(score)
    rated = (f'If each question is rated {0 if full == 1 else 1}-{full:g}{" (pass/fail)" if full == 1 else ""}, '
             f'retype the header "{score}" {at_header(block.sheet, block.header_row)} as '
             f'"{base} ({0 if full == 1 else 1}-{full:g})"')
    if found.unsure == "few":
        issues.add(Code.MAXIMUM_UNSURE, block.sheet, block.header_row, "max_score", head,
                   f'{export_named(block)}: "{head}" is the evaluation\'s overall score, not each question\'s maximum: '
                   f"on {on} scored on two or more questions it is the sum of the call's {score}s, their mean or "
                   f"their percent of full marks; but {count(calls, 'evaluation', 'evaluations')} (under "
                   f"{LEAST_CALLS}) do not show the scale each {score} is on, so no baseline is recorded while it "
                   "stands.",
                   f"{rated} (or with the scale they are on, 1-10); or import the export again with {LEAST_CALLS} or "
                   "more of its calls. Then refresh.")
        return
    how = f"the sum of the call's {score}s" if found.unsure == "sum" else "the percent of full marks they make"
    issues.add(Code.MAXIMUM_UNSURE, block.sheet, block.header_row, "max_score", head,
               f'{export_named(block)}: "{head}" may be each question\'s maximum or the evaluation\'s overall score: '
               f"on {on} scored on two or more questions every {score} is {full:g} and {head} is {total:g} on every "
               f"row, {how}, so the paste cannot tell. Read as points over it, {full:g} is {full:g} of {total:g} = "
               f"{100 * full / total:.4g}; read as the overall, {full:g} is full marks, 100. No baseline is recorded "
               "while it stands.",
               f"{rated} if {head} is the evaluation's overall; if each question is out of {total:g} points, as "
               f'"{base} (0-{total:g})". Then refresh.')
