"""An evaluation's overall score repeated on each of its questions' rows (a Playvox-like long export: ``Score`` the
evaluation's percent on every row, ``Points`` and ``Max Points`` the question's), read as each criterion's score:
every criterion of the call would get the call's overall score, an N/A question's too, and a baseline recorded
from it would be wrong for good.  It is told from a long paste whose score is one value on every criterion's row
of nearly every evaluation (a call as one evaluator scored it, on two or more distinct criteria), a value that
differs between them; where another numeric column varies within a call (the likely score of each criterion) it is
an error, which holds the baselines back (:func:`~coachlog_xl.core.baseline.unread_scores`) until the HeaderMap
names that column; without one it is a warning that holds nothing (an evaluator rating every criterion alike, a
halo, looks the same)."""

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
# a long paste's calls sampled across it (one call in k, picked by a hash of its code: about this many rows) before
# all of them: where under half of their evaluations on two or more criteria are one value (an export of each
# criterion's own score), the rest are not looked at (0.37 s at a million rows, about 10 ms for the sample)
SAMPLED_ROWS, SAMPLED_SHARE = 20_000, 0.5


def _number(value) -> float:
    """A cell as a number (a percent or score word as :func:`~coachlog_xl.core.coerce.score` reads it), NaN when
    it is none: only numbers are compared."""
    try:
        got = coerce.score(value)[0]
    except coerce.Unreadable:
        return np.nan
    return np.nan if got is None else got


def numbers(col: pd.Series) -> np.ndarray:
    """Each cell of ``col`` as a number (:func:`_number`), NaN where it is none."""
    return per_value(col, _number, float)


def _codes(block: RawTable, data: pd.DataFrame, at: int) -> np.ndarray:
    """Each row's code of its value in column ``at`` (-1 blank): the column's factors as read, when the rows are the
    block's own."""
    return (block.factors[at] if data is block.data and at in block.factors else factorized(data[at]))[0]


def evaluations(block: RawTable, data: pd.DataFrame, cols: dict[str, int]) -> pd.DataFrame:
    """The rows with a call and a score, each with its evaluation: its call, its evaluator where the paste has an
    evaluator column, and the turn of its criterion in the call (a call scored twice without one, the calibration's
    rows below the first evaluation's, is two); the same criterion's same score twice (a week pasted twice) is one
    row.  Columns ``call``, ``evaluation``, ``criterion``, ``score`` and ``top``: the row's maximum where the paste
    has a maximum column (NaN else)."""
    score = numbers(data[cols["score"]])
    top = numbers(data[cols["max_score"]]) if cols.get("max_score", -1) >= 0 else np.full(len(score), np.nan)
    frame = pd.DataFrame({"call": _codes(block, data, cols["call_id"]), "score": score, "top": top,
                          "criterion": _codes(block, data, cols["criterion"]),
                          "evaluator": _codes(block, data, cols["evaluator"]) if cols.get("evaluator", -1) >= 0 else 0})
    frame = frame[(frame["call"] >= 0) & (frame["criterion"] >= 0) & frame["score"].notna()].drop_duplicates(
        ["call", "evaluator", "criterion", "score"])
    turn = frame.groupby(["call", "evaluator", "criterion"], sort=False).cumcount()
    frame["evaluation"] = frame.groupby([frame["call"], frame["evaluator"], turn], sort=False).ngroup()
    return frame


def _on_criteria(frame: pd.DataFrame) -> pd.DataFrame:
    """The evaluations (:func:`evaluations`) on two or more distinct criteria, each with its least and greatest
    score (``least``, ``most``), its rows' greatest maximum (``top``) and its call."""
    per = frame.groupby("evaluation", sort=False).agg(
        criteria=("criterion", "nunique"), least=("score", "min"), most=("score", "max"), top=("top", "max"),
        call=("call", "first"))
    return per[per["criteria"] >= 2]


def _alike_share(frame: pd.DataFrame) -> float:
    """The share of the evaluations on two or more criteria (:func:`evaluations`) with one value on all of them."""
    per = _on_criteria(frame)
    return float((per["least"] == per["most"]).mean()) if len(per) else 0.0


def overall_score(block: RawTable, data: pd.DataFrame, cols: dict[str, int], issues: Issues) -> None:
    """An error for a long paste (``cols``: its fields' columns, one score column) whose score is the same on every
    criterion's row of an evaluation (:func:`evaluations`) in :data:`SHARE` of its :data:`LEAST_CALLS` or more
    evaluations on two or more distinct criteria, with values that differ between them, where another numeric
    column of the paste varies within a call (named as each criterion's likely score).  An evaluation whose one
    value is 0 or the top of its scale is not counted: a pass/fail export whose calls mostly pass every item, or a
    points export of a strong team at full marks, is not this.  Without such a column it is a warning
    (``score-alike-per-call``) that holds nothing: an evaluator rating every criterion alike looks the same.  Said
    once per sheet."""
    key = header_key(block.headers[cols["score"]])
    if cols.get("call_id", -1) < 0 or len(data) < 2 * LEAST_CALLS or any(
            i.code in (Code.SCORE_PER_CALL, Code.SCORE_ALIKE) and i.sheet == block.sheet for i in issues) or sum(
            header_key(h) == key for h in block.headers) > 1:  # (a score column per evaluator: not one score)
        return
    if len(data) > 3 * SAMPLED_ROWS:
        # (calls picked by a hash of their code: every k-th code could fall in step with a paste's own period)
        picked = (_codes(block, data, cols["call_id"]).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> 40
        sampled = picked % np.uint64(len(data) // SAMPLED_ROWS) == 0
        if _alike_share(evaluations(block, data[sampled], cols)) < SAMPLED_SHARE:
            return
    frame = evaluations(block, data, cols)
    per = _on_criteria(frame)
    one = per["least"] == per["most"]
    # 0 or the top: an export's all-pass, a points export's full marks (the top: the row's maximum, else the largest)
    ends = one & ((per["least"] == 0) | (per["least"] == per["top"].fillna(frame["score"].max())))
    per, one = per[~ends], one[~ends]
    same = per[one]
    if len(per) < LEAST_CALLS or len(same) < SHARE * len(per) or same["least"].nunique() < 2:
        return
    head = coerce.text(block.headers[cols["score"]])
    likely = _varying(block, data, cols, _codes(block, data, cols["call_id"]), per["call"].unique())
    first = int(data[ROW].iloc[0]) - 1
    if per["call"].nunique() == len(per):
        noun, plural, which = "call", "calls", ""
    else:
        noun, plural = "evaluation", "evaluations"
        which = " (a call and its evaluator)" if cols.get("evaluator", -1) >= 0 else " (a call scored twice is two)"
    top = "its row's maximum" if cols.get("max_score", -1) >= 0 else f"{frame['score'].max():g}, the largest {head}"
    counted = (f"{block.sheet}: {head} is one value on every criterion's row of {len(same)} of the "
               f"{count(len(per), noun, plural)}{which} scored on two or more criteria" + (
                   f" ({count(int(ends.sum()), noun, plural)} left out: their one value is 0 or "
                   f"the top, {top})" if ends.any() else "") +
               ", as an evaluation's overall score repeated on each question's row is")
    if not likely:
        issues.add(Code.SCORE_ALIKE, block.sheet, first, "score", head,
                   f"{counted}, or as an evaluator rating every criterion alike. No other column of the paste varies "
                   "within a call, so the baselines are recorded from it.",
                   f"Check that {head} is each criterion's own score (the export's per-question score or rating): if "
                   "it is, nothing to do; if it is the evaluation's overall score, export the question scores and "
                   f"add a line to the HeaderMap table on Settings, Field score, Export header (theirs), above the "
                   f"line naming {head}.")
        return
    issues.add(Code.SCORE_PER_CALL, block.sheet, first, "score", head,
               f"{counted}: read as each criterion's score, every criterion (an N/A one too) gets the call's overall "
               f"score, so no baseline is recorded while it stands. {', '.join(likely)} "
               f"{'varies' if len(likely) == 1 else 'vary'} within a call: likely each criterion's score.",
               f"Add a line to the HeaderMap table on Settings, Field score, Export header {likely[0]}, above the line "
               f"naming {head}; the next refresh reads every row by it, those imported already too.")


def _varying(block: RawTable, data: pd.DataFrame, cols: dict[str, int], calls: np.ndarray, counted) -> list[str]:
    """The headers of the paste's other numeric columns that take more than one value within half or more of the
    ``counted`` calls, more than one for some criterion across them, and none above the row's maximum (the paste's
    maximum column) or 100: a question's number or id, one per criterion (or per form version, above any
    maximum), is no score; a yes/no item every call passes leaves a points column one still."""
    used, out = set(cols.values()), []
    rows = np.isin(calls, np.asarray(counted))
    criteria = _codes(block, data, cols["criterion"])
    top = numbers(data[cols["max_score"]])[rows] if cols.get("max_score", -1) >= 0 else None
    for p, head in enumerate(block.headers):
        if p in used or p not in data or not coerce.text(head):
            continue
        filled = ~blanks(data[p])[rows]
        values = numbers(data[p])[rows]
        if not filled.any() or np.isnan(values[filled]).mean() > 1 - SHARE:
            continue
        if np.nanmax(values, initial=0) > 100 or (top is not None and (values[filled] > top[filled]).any()):
            continue
        frame = pd.DataFrame({"call": calls[rows], "criterion": criteria[rows], "v": values})
        within = frame.groupby("call")["v"].agg(["min", "max"])
        across = frame.groupby("criterion")["v"].agg(["min", "max"])
        if (within["min"] < within["max"]).mean() >= 0.5 and (across["min"] < across["max"]).any():
            out.append(coerce.text(head))
    return out


def beside_criteria(block: RawTable, data: pd.DataFrame, cols: dict[str, int], issues: Issues) -> None:
    """A note for the column a wide paste (a column per criterion) reads as the score field's, ``Score`` beside the
    questions' own columns (a Google Forms quiz's ``17 / 20``, the form's total of each response): the evaluation's
    overall score, kept but not used as an overall ``Total points`` is, never a criterion's score nor left unsaid."""
    head = coerce.text(block.headers[cols["score"]])
    filled = data[cols["score"]][~blanks(data[cols["score"]])]
    shown = f" ({coerce.text(filled.iat[0])} on row {int(data[ROW][filled.index[0]])})" if len(filled) else ""
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "score", head,
               f'{block.sheet}: "{head}"{shown} is each call\'s overall score beside a column per criterion (as a '
               "form's total is): kept but not used, never a criterion's score; each criterion is read from its own "
               "column.",
               "Nothing to do: the criteria's own columns give their scores.")
