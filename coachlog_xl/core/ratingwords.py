"""A graded scale's words among a column's ratings from 1 (``Meets`` or ``Partial`` in a column of 1-5 ratings): the
word is on a scale of its own (Meets the top of meets / partially meets / does not meet, 100; the middle of a 1-5
performance rating, 3 of 5), so its place on the column's rating cannot be told, and it is not placed on a guess:
each such cell is an unreadable score, named with its row, that holds the baselines it may belong in as any
unreadable score does (docs/reading.md, "scores go on 0-100"), and is not counted in the note of words read.  A yes
and a no (``Yes``, ``Pass``, ``No``, ``Fail``) are full marks and none on any scale, 100 and 0, and stay so.
Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.convertednotes import recounted
from coachlog_xl.core.frames import unplaced_rows


def graded_apart(rows: pd.DataFrame, of: np.ndarray, scale: tuple[float, float], where: str, crit: str,
                 issues: Issues, unplaced: set[tuple] | None) -> None:
    """The rows ``of`` (a paste's criterion read on the rating ``scale``, (bottom, top)) whose score is a graded
    word (:class:`~.scorewords.Graded`) taken out of the count (their score NaN), each said as an unreadable score;
    those without a reason in Exclude go to ``unplaced``."""
    at = np.flatnonzero(of & rows["score"].notna().to_numpy())
    if not at.size:
        return
    bottom, top = scale
    for i in at.tolist():
        sheet, row, word = rows["sheet"].iat[i], rows["row"].iat[i], rows["read_as"].iat[i].word
        issues.add(Code.UNREADABLE_SCORE, sheet, row, "score", word,
                   f'{sheet} row {row}: "{word}" is a word of a graded scale among the {bottom:g}-{top:g} ratings of '
                   f'"{crit}" in {where}; where it stands on that rating cannot be told (Meets is the top of meets / '
                   f"partially meets / does not meet, the middle of a 1-{top:g} performance rating), so it is not "
                   "counted.",
                   f"Type the rating it stands for ({bottom:g} to {top:g}) over it, or a reason in Exclude to leave "
                   "the row out.")
    kept = (rows["exclude"].iloc[at] == "").to_numpy()  # (the rows a words note counted: no reason in Exclude)
    if unplaced is not None:
        unplaced.update(unplaced_rows(rows.iloc[at][kept]))
    said: dict[tuple, list[str]] = {}
    for i in at[kept].tolist():
        said.setdefault((rows["sheet"].iat[i], rows["paste"].iat[i]), []).append(rows["read_as"].iat[i].word)
    for (sheet, paste), words in said.items():  # (the words note counts only the words read)
        recounted(issues, sheet, paste, words)
    rows.loc[rows.index[at], "score"] = float("nan")
