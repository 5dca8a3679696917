"""Scores outside a rating that its column's other scores fit (an 11 among 1-10 ratings): how many a column may
hold and still be read on the rating (strays, each kept and flagged), and how they are named, by sheet and row.
Used by :mod:`coachlog_xl.core.scales` (domain.md, "Exact rules: Scores": values outside the scale are kept and
flagged, never clipped)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# a 1-5 or 1-10 rating column with a score or a few above its top (a bonus, a typo: 11 of 10) is still that
# rating when it holds this many scores in all, the strays among them, and the others are STRAYS at most, or one in
# fifty: an 11 and a 12 (a bonus, a typo of the next key) are as likely as an 11 alone, and a rule that let one pass
# but read a column with two on another scale (8 as 80 with one, as 16 with two) turned on a single cell; two among
# 20 is one in 10, still a rating's scores; a shorter column's strays: one (two of seven are a spread, not strays).
# The strays count toward the twenty (21 scores with two 11s are read as 22 are), and their share grows with the
# column (6 of 500 are strays as 5 are); more than one in fifty above the top is no typo but another scale: a 0-100
# column of low scores (many in 11-50) is not a 1-10 rating with strays (11-50 would read as 110-500), and is read
# as 1-50 or as points, a column that mostly fits 1-10 so read said (scales._shorter: one in MOSTLY above it)
NEAR_FIT_VALUES = 20
STRAYS = 2
MOSTLY = 5  # a column read on a longer rating mostly fits a shorter one when at most one score in 5 is above it


def allowed(n: int) -> int:
    """How many strays a column of ``n`` scores may hold (see :data:`STRAYS`)."""
    return max(STRAYS, n // 50) if n > NEAR_FIT_VALUES else 1


def strays(v: np.ndarray | pd.Series, top: float, least: int, most: int) -> np.ndarray | None:
    """Which of a column's numbers are outside 0-``top`` when they are from 1 to ``most``, one at least above
    ``top``, and at least ``least`` others are whole numbers from 0 to ``top``, one of them above 1; else None."""
    v = np.asarray(v)
    above = v > top
    out = above | (v < 0)
    k = int(out.sum())
    if not 0 < k <= most or len(v) - k < least or not above.any():
        return None  # (a column of points: no more looked at)
    inside = v[~out & (v == v.round())]
    return out if len(inside) == len(v) - k and inside.max() > 1 else None


def stray_count(v: np.ndarray | pd.Series, top: float, least: int) -> int:
    """How many of a column's numbers are above ``top`` when they are strays (:func:`strays`, none
    below 0: a 1-``top`` rating with a bonus or a typo, 11 among 1-10 ratings) and the column holds ``least``
    numbers in all, the strays among them (see :data:`STRAYS`); else 0."""
    most = allowed(len(v))
    out = strays(v, top, least - most, most)
    return 0 if out is None or (np.asarray(v)[out] < 0).any() else int(out.sum())


def cells_of(out: np.ndarray, values: pd.Series, rows: pd.Series, tabs: pd.Series | None,
             sheet: str | None = None) -> list[tuple[str | None, int, float]]:
    """The sheet (``tabs``: each row's, for a paste over an export's tabs, else ``sheet``), row and score of each of
    a column's scores ``out`` marks, in the column's (the rows') order."""
    on = [sheet] * int(out.sum()) if tabs is None else tabs.to_numpy()[out].tolist()
    return list(zip(on, rows.to_numpy()[out].astype(int).tolist(), values.to_numpy(dtype=float)[out].tolist()))


def by_row(cells: list[tuple], tabs: pd.Series | None) -> str:
    """``row 25, 11; row 26, 12``: the scores :func:`cells_of` gives, by row (and sheet, over an export's tabs)."""
    shown = [f"{'' if tabs is None else f'{on} '}row {row}, {v:g}" for on, row, v in cells]
    return "; ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")
