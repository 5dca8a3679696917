"""A wide export's column headed by a criterion's name, ID or other name: read as that criterion's only where its
cells read as scores for the most part (:func:`mostly_scores`), so that a side column of text named like a
criterion (``Close`` of ``Resolved``, ``Hold`` of ``00:02:10``, a ``QA`` of evaluators' names, a comment column
``Greeting`` beside ``Greeting - Score``) is kept but not used, said once (:func:`said_unread`), never an
unreadable score on each row."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core import coerce, labelpoints
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks, per_value
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.scorewords import spelled
from coachlog_xl.core.yesnopairs import read_pairs


def first_filled(col: pd.Series, k: int = 200, scored: bool = False) -> list:
    """A column's first ``k`` non-blank cells (``scored``: nor N/A) (a criterion added to a scorecard late is blank
    or N/A down its first rows), read a few thousand rows at a time: a column of a million cells is not read whole
    to find them."""
    out: list = []
    for start in range(0, len(col), 4096):
        part = col.iloc[start:start + 4096]
        kept = per_value(part, _scored, bool) if scored else ~blanks(part)
        out.extend(part[kept].head(k - len(out)).tolist())
        if len(out) >= k:
            break
    return out


def _scored(v) -> bool:
    """Whether a cell is filled with something other than N/A (a score, or a text that is none)."""
    if coerce.is_blank(v):
        return False
    try:
        return labelpoints.score_like(v)[1] != "not scored"
    except coerce.Unreadable:
        return True


def mostly_scores(col: pd.Series) -> bool:
    """Whether at least half a column's first 200 non-blank cells read as scores or N/A, one a score (where those
    are N/A alone, the first 200 that are not: a criterion added to a scorecard late; a yes and no of another language,
    ``Sí`` beside ``No``, are scores: :mod:`~.yesnopairs`): a criterion's column with a few cells mistyped, not a side
    column of text (``Resolved``, ``00:02:10``, a name)."""
    good = na = bad = 0
    cells = first_filled(col)
    pairs = read_pairs(cells)  # (a yes and no of another language, Sí beside No: scores)
    for v in cells:
        if isinstance(v, str) and isinstance(pairs.get(spelled(v)), float):
            good += 1
            continue
        try:
            good, na = (good, na + 1) if labelpoints.score_like(v)[1] == "not scored" else (good + 1, na)
        except coerce.Unreadable:
            bad += 1
    if not good and na and not bad:
        return mostly_scores_past_na(col)
    return good > 0 and good + na >= bad


def mostly_scores_past_na(col: pd.Series) -> bool:
    """Whether at least half of a column's first 200 cells neither blank nor N/A read as scores."""
    good = bad = 0
    for v in first_filled(col, scored=True):
        try:
            labelpoints.score_like(v)
            good += 1
        except coerce.Unreadable:
            bad += 1
    return good > 0 and good >= bad


_SCORE_WORDS = ("score", "rating", "points")


def _score_headed(headers: list, crit: str) -> bool:
    """Whether another of ``headers`` names the criterion with a score word before or after it (``Empathy Score``,
    ``Empathy_rating``, ``Score: Empathy``): that column gives its scores, and one of its name alone is notes."""
    keys = {header_key(coerce.text(h)) for h in headers}
    k = header_key(crit)
    return any(k + w in keys or w + k in keys for w in _SCORE_WORDS)


def said_unread(block: RawTable, col, p: int, crit: str | None, issues: Issues, held: dict | None = None,
                given: bool = False) -> None:
    """Say column ``p`` (its cells ``col``), headed as the criterion ``crit`` (its header where None), not read as
    its scores: holding no scores for the most part, or beside another column of that criterion's scores (a ``-
    Score``, or its full name beside a form's ``Id``): kept but not used, a few of its values named.  A column headed
    by a criterion's own name on the Criteria sheet (``crit``; not its ID or an other name, as a side column's
    ``Close`` or ``QA`` may be) holding no scores for the most part, where no column gives its scores (``held`` given),
    may be its scores written in a way not read: an error, and ``held`` gets the criterion -> its header, whose
    sessions' baselines wait on the paste's calls (:func:`~.widecells.held_by_unread`), never recorded without them.
    ``given``: another column's scores are read as that criterion's, the only case the note says another column
    gives them (an ``Empathy Score`` read as a criterion of that name, not on the Criteria sheet, gives none)."""
    head = coerce.text(block.headers[p])
    # (its first 10,000 filled cells: a million cells are not read whole to name three values)
    values = list(dict.fromkeys(coerce.text(v) for v in first_filled(col, 10_000)))
    shown = ", ".join(values[:3]) + (", ..." if len(values) > 3 else "")
    scores = mostly_scores(col)
    beside = scores or _score_headed(block.headers, crit or head)
    why = "another column gives its scores" if given or scores else "holds no scores for the most part"
    if crit is not None and header_key(head) == header_key(crit) and not beside and held is not None:
        held[crit] = head
        issues.add(Code.UNREADABLE_SCORE, block.sheet, block.header_row, head, None,
                   f'{block.sheet}: "{head}" is headed as the criterion "{crit}" but its cells cannot be read as '
                   f"scores for the most part ({shown}); none is read, so the baselines of sessions on \"{crit}\" "
                   "whose rep has calls in it wait, not recorded without them.",
                   "If it holds that criterion's scores, correct its cells to numbers or score words (in the export, "
                   "and import it again); if it holds notes or call details, rename its header so that it names no "
                   "criterion.")
        return
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, head, None,
               f'{block.sheet}: "{head}" is headed as the criterion "{crit or head}" but {why} ({shown}); kept but '
               "not used: no scores of it are read from that column.",
               "Nothing to do if it holds notes or call details; if it holds that criterion's scores, correct its "
               "cells to numbers or score words and import again.")
