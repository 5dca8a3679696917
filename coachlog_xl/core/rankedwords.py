"""A graded scale's words that rank above and below each other in one column (``Exceeds expectations`` beside
``Meets expectations``, ``Below expectations``, ``Partially meets``): ``Exceeds`` above ``Meets`` makes a scale of
three or more levels whose points the words do not give (Meets is the top of meets / partially meets / does not
meet, 100, but the middle of exceeds / meets / below, 2 of 3), so none of the column's graded words is placed on a
guess: each such cell is an unreadable score, named with its row, that holds the baselines it may belong in as any
unreadable score does (docs/reading.md, "scores go on 0-100"), and is not counted in the note of words read.  Two
different words of one graded scale never get the same score.  ``Meets`` beside ``Does not meet`` (or
``Below expectations``), a pass and a fail, stays 100 and 0, and so does a yes and a no (``Yes``, ``No``) anywhere.
Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.convertednotes import recounted
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.scorewords import spelled

# the words that rank above Meets: beside another graded word, Meets is not the top of the column's scale
_ABOVE_MEETS = {"exceeds"}
_WORDS_SHOWN = 4  # the distinct words a message names


def _level(word: str) -> str:
    """A graded word's level as :func:`~.scorewords.spelled` writes it, ``expectations`` after it dropped (``Meets
    expectations`` and ``Meets`` are one level)."""
    return spelled(word).removesuffix(" expectations")


def ranked_apart(rows: pd.DataFrame, graded: np.ndarray, columns: tuple[np.ndarray, np.ndarray, np.ndarray],
                 label: dict, issues: Issues, unplaced: set[tuple] | None) -> None:
    """The rows whose score is a graded word (``graded``; :class:`~.scorewords.Graded`, still counted) in a column
    holding ``Exceeds`` beside another graded word taken out of the count (their score NaN), each said as an
    unreadable score; those without a reason in Exclude go to ``unplaced``.  ``columns``: each row's sheet (an
    export's tabs as the one sheet their import writes), paste and criterion; ``label``: how messages name each
    (sheet, paste) (the sheet where it names none)."""
    at = np.flatnonzero(graded & rows["score"].notna().to_numpy())
    if not at.size:
        return
    sheets, pastes, criteria = columns
    written = rows["read_as"].to_numpy()  # (arrays, not a lookup per row: a paste of words may hold a million)
    held: dict[tuple, list[int]] = {}
    for i, key in zip(at.tolist(), zip(sheets[at].tolist(), pastes[at].tolist(), criteria[at].tolist())):
        held.setdefault(key, []).append(i)
    refused: list[int] = []
    for (sheet, paste, crit), mine in held.items():
        words = [written[i].word for i in mine]
        levels = {_level(w) for w in set(words)}
        if len(levels) < 2 or not levels & _ABOVE_MEETS:
            continue
        shown = list(dict.fromkeys(w.strip() for w in words))
        named = " / ".join(shown[:_WORDS_SHOWN]) + (" / ..." if len(shown) > _WORDS_SHOWN else "")
        where = label.get((sheet, paste), sheet)
        for i, on, row in zip(mine, rows["sheet"].to_numpy()[mine].tolist(), rows["row"].to_numpy()[mine].tolist()):
            word = written[i].word
            issues.add(Code.UNREADABLE_SCORE, on, row, "score", word,
                       f'{on} row {row}: "{word}" is one of the graded words of "{crit}" in {where} '
                       f"({named}); Exceeds ranks above Meets, so how many points each word is worth cannot be told "
                       "(Meets is not full marks there), and it is not counted.",
                       "Type the points it is worth with their maximum over it (e.g. Exceeds 3/3, Meets 2/3, "
                       "Below 1/3), or type the points (3, 2, 1) and give the maximum (3) in a column of points "
                       "possible beside them (HeaderMap Field max_score on Settings); or a reason in Exclude to leave "
                       "the row out.")
        refused.extend(mine)
    if not refused:
        return
    at = np.asarray(refused)
    kept = (rows["exclude"].iloc[at] == "").to_numpy()  # (the rows a words note counted: no reason in Exclude)
    if unplaced is not None:
        unplaced.update(unplaced_rows(rows.iloc[at][kept]))
    said: dict[tuple, list[str]] = {}
    on, paste = rows["sheet"].to_numpy(), rows["paste"].to_numpy()
    for i in at[kept].tolist():
        said.setdefault((on[i], paste[i]), []).append(written[i].word)
    for (sheet, paste), words in said.items():  # (the words note counts only the words read)
        recounted(issues, sheet, paste, words)
    rows.loc[rows.index[at], "score"] = float("nan")
