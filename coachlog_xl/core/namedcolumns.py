"""A wide export's column headed by a criterion's name, ID or other name: read as that criterion's only where its
cells read as scores for the most part (:func:`mostly_scores`), so that a side column of text named like a
criterion (``Close`` of ``Resolved``, ``Hold`` of ``00:02:10``, a ``QA`` of evaluators' names, a comment column
``Greeting`` beside ``Greeting - Score``) is kept but not used, said once (:func:`said_unread`), never an
unreadable score on each row."""

from __future__ import annotations

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable


def mostly_scores(col) -> bool:
    """Whether at least half a column's non-blank cells (of its first 200) read as scores or N/A, one a score: a
    criterion's column with a few cells mistyped, not a side column of text (``Resolved``, ``00:02:10``, a name)."""
    good = na = bad = 0
    for v in col.head(200):
        if coerce.is_blank(v):
            continue
        try:
            _, how = coerce.score(v)
        except coerce.Unreadable:
            bad += 1
            continue
        if how == "not scored":
            na += 1
        else:
            good += 1
    return good > 0 and good + na >= bad


def said_unread(block: RawTable, col, p: int, crit: str | None, issues: Issues) -> None:
    """Say column ``p`` (its cells ``col``), headed as the criterion ``crit`` (its header where None), not read as
    its scores: holding no scores for the most part, or beside another column of that criterion's scores (a ``-
    Score``, or its full name beside a form's ``Id``): kept but not used, a few of its values named."""
    head = coerce.text(block.headers[p])
    values = list(dict.fromkeys(coerce.text(v) for v in col if not coerce.is_blank(v)))
    shown = ", ".join(values[:3]) + (f" and {len(values) - 3} more" if len(values) > 3 else "")
    why = "another column gives its scores" if mostly_scores(col) else "holds no scores for the most part"
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, head, None,
               f'{block.sheet}: "{head}" is headed as the criterion "{crit or head}" but {why} ({shown}); kept but '
               "not used: no scores of it are read from that column.",
               "Nothing to do if it holds notes or call details; if it holds that criterion's scores, correct its "
               "cells to numbers or score words and import again.")
