"""A long paste's score written with a decimal comma in a comma-separated export (``4,5`` unquoted): the file's comma
splits it over two cells, ``4`` under the score's header and ``5`` right of it under no header, and the score alone
read as 4, silently (:func:`joined_scores`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.wording import count, some


def joined_scores(table: RawTable, found: dict, raw: pd.DataFrame, factors: dict, issues: Issues) -> pd.DataFrame:
    """``raw`` (:func:`~.layout.to_long`'s rows of ``table``; ``found``: its fields' columns) with each score split
    over two cells (a whole number in the score column, digits right of it under no header, on some rows only: a column
    filled beside every score is one of its own) read as written before the split, the two joined by a comma (``4,5``: read as the column's other scores' decimal comma says), said once
    with its rows; the cells stay as pasted, and the score's ``factors`` (made of its cells) are dropped then."""
    p = found.get("score", -1)
    if p < 0 or found.get("criterion", -1) < 0 or table.tabs or p + 1 not in table.data \
            or p + 1 < len(table.headers) and not coerce.is_blank(table.headers[p + 1]):
        return raw
    right = table.data[p + 1].to_numpy(dtype=object)
    filled = np.fromiter((not coerce.is_blank(v) for v in right), dtype=bool, count=len(right))
    if not filled.any():
        return raw
    at = pd.Index(table.data[ROW].to_numpy()).get_indexer(raw["row"].to_numpy())  # each raw row's row of the table
    left, scores = table.data[p].to_numpy(dtype=object), raw["score"].to_numpy(dtype=object)
    split = np.array([i for i, j in enumerate(at.tolist()) if j >= 0 and filled[j] and _same(scores[i], left[j])
                      and _whole(left[j]) and _digits(right[j]) is not None], dtype=np.intp)
    scored = np.fromiter((not coerce.is_blank(v) for v in left), dtype=bool, count=len(left))
    if not len(split) or filled[scored].all():  # (filled beside every score: a column of its own, a maximum?)
        return raw
    scores = scores.copy()
    scores[split] = [f"{_digits(left[at[i]])},{_digits(right[at[i]])}" for i in split]
    raw = raw.assign(score=scores)
    factors.pop("score", None)
    rows, j = raw["row"].to_numpy()[split], at[split[0]]
    cells = f"{_digits(left[j])} | {_digits(right[j])}"
    head, n = coerce.text(table.headers[p]) if p < len(table.headers) else "", len(split)
    issues.add(Code.SCORE_SPLIT, table.sheet, int(rows[0]), "score", cells,
               f"{table.sheet}: {count(n, 'score')} under \"{head}\" {'is' if n == 1 else 'are'} split over two cells, "
               f"the second under no header (row{'s' * (n > 1)} {some(rows)}; first {cells}), as a "
               "comma-separated export splits a score written with a decimal comma; read as written before the "
               f"split ({scores[split[0]]}).",
               "Nothing to do if that is right; else export the file again with semicolons between its fields or "
               "decimal points, or type a reason in Exclude on those rows.")
    return raw


def _whole(value) -> bool:
    """Whether a cell is a whole number without a leading zero (an int, or a text of digits)."""
    digits = _digits(value)
    return digits is not None and (digits == "0" or not digits.startswith("0"))


def _digits(value) -> str | None:
    """A cell's digits as written: a text of digits, or a whole number that is no bool; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)) or isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None


def _same(score, cell) -> bool:
    """Whether a raw row's score is the score column's cell (a later paste's score may be another column's)."""
    return type(score) is type(cell) and score == cell
