"""A hand-made scorecard's row of weights or points possible right under its wide header (``Weight``: 30, 40, 30):
each criterion column's maximum.  Its scores are points out of it (12 of 30 is 40), read as points over a
maximum column's are (domain.md, "Exact rules: Scores"); read on their own scale instead, a column of 30-point
scores whose largest is 28 reads as a rating that puts every score out of proportion, and a baseline recorded
from it stays wrong for good.  The row is its columns' maxima only where each number is at least every score below
it in its column: a score above its column's number says the row is something else (a weighting applied after),
and the scores are read on their own scale, said in a note."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.trailers import WEIGHT_WORDS, header_words


def _first_text(cells: list) -> str | None:
    first = next((v for v in cells if not coerce.is_blank(v)), None)
    return first if isinstance(first, str) else None


def _number(value) -> float | None:
    try:
        got, kind = coerce.score(value)
    except coerce.Unreadable:
        return None
    return got if kind == "number" else None


def weight_maxima(block: RawTable, data: pd.DataFrame, criteria: list[int], issues: Issues) -> dict[int, float]:
    """Criterion column -> its points possible, from the row right under the header (the block's first) whose
    first cell is a label such as ``Weight``, ``Max``, ``Points possible``, ``Out of`` or ``Possible``, where each
    criterion column's number there is at least every score below it (``data``: the block's rows read); else
    nothing (no such row, or a score above its number, said in a note)."""
    if not len(block.data) or not criteria:
        return {}
    first = block.data.iloc[0]
    cells = [v for c, v in first.items() if c != ROW]
    label = _first_text(cells)
    if label is None or not header_words([label], WEIGHT_WORDS)[0]:
        return {}
    tops = {p: _number(first[p]) for p in criteria if p in first.index}
    tops = {p: t for p, t in tops.items() if t is not None and t > 0}
    if not tops:
        return {}
    row, rows = int(first[ROW]), data[data[ROW] != first[ROW]]
    for p, top in tops.items():
        above = [(r, n) for r, v in zip(rows[ROW], rows[p]) if (n := _number(v)) is not None and n > top]
        if above:
            r, n = above[0]
            issues.add(Code.LAYOUT_NOTE, block.sheet, row, "max_score", label,
                       f"{block.sheet} row {row} ({label}) is not read as each criterion's points possible: row {r} "
                       f"scores {n:g} in {coerce.text(block.headers[p])}, above its {top:g}; the scores are read on "
                       "their own scale.", "Nothing to do if that is right; else correct the score or the row.")
            return {}
    shown = ", ".join(f"{coerce.text(block.headers[p])} {t:g}" for p, t in tops.items())
    issues.add(Code.LAYOUT_NOTE, block.sheet, row, "max_score", label,
               f"{block.sheet} row {row} ({label}) gives each criterion's points possible ({shown}): each score is "
               "read as points out of its column's.", "Nothing to do.")
    return tops
