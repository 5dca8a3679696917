"""A column's scale told from its numbers as an array gives what the pandas Series gave (the rules as
first written, kept here as the reference; fractions beside points are flagged beside penalties
too), on columns of every kind the rules tell apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core import scales


def _detect_as_series(values: pd.Series) -> tuple[float | None, str]:
    v = values.astype(float)
    if v.empty or (v < 0).any() or not v.any():  # (a column of 0s alone says nothing of its scale)
        return None, ""
    if v.max() <= 1 and (v < 1).any():
        return 1.0, "fractions of 1"
    if v.max() <= scales.BONUS_FRACTION and ((v > 0) & (v < 1)).sum() * 2 > len(v):
        return 1.0, "fractions of 1 (some above 1: a bonus)"
    if v.max() <= 1:
        return 1.0, "0/1 (absent/present)"
    if not (v == v.round()).all():
        return None, ""
    for top in scales.RATING_TOPS:
        if v.max() <= top and len(v) >= scales.MIN_VALUES[top] and v.max() > 1:
            return float(top), f"a 1-{top} rating"
    return None, ""


def _unclear_as_series(values: pd.Series, rows: pd.Series) -> str | None:
    """How the problem :func:`scales.unclear` gives starts (None: no doubt)."""
    v = values.astype(float)
    if v.empty or v.max() <= 1:
        return None
    if v.max() <= 10 and not (v < 0).any():  # (before fractions: a 0.6 among 0-10 scores is one of them)
        return f"all {len(v)} scores are 10 or below, read as points out of 100"
    fractions = ((v > 0) & (v < 1)).to_numpy()
    if fractions.any():
        return (f"{int(fractions.sum())} scores between 0 and 1 (first on row {rows.to_numpy()[fractions][0]}) "
                "stand beside scores above 1; all are read as points out of 100.")
    return None


def _columns(seed: int) -> list[pd.Series]:
    rng = np.random.default_rng(seed)
    out = [pd.Series([], dtype=float), pd.Series([0.5]), pd.Series([1.0, 0.0, 1.0]), pd.Series([2.0, 4, 5, 3, 1]),
           pd.Series([2.0, 4, 5, 3]), pd.Series([0.8, 0.95, 1.05]), pd.Series([0.8, 1.2, 1.4, 1.3]),
           pd.Series([-1.0, 50]), pd.Series([12.0, 48, 50] * 7), pd.Series([85.5, 90, 100]),
           pd.Series([0.5, 80, 90]), pd.Series([3.0, 7, 10, 9, 8]), pd.Series([np.nan, 0.5, 0.7]),
           pd.Series([np.nan, 4.0, 5, 3, 2, 1]), pd.Series([np.nan, np.nan])]
    for _ in range(200):
        n = int(rng.integers(1, 40))
        kind = rng.integers(0, 5)
        v = (rng.random(n) * 1.6 if kind == 0 else rng.integers(0, 11, n).astype(float) if kind == 1
             else rng.integers(0, 51, n).astype(float) if kind == 2 else rng.random(n) * 120 if kind == 3
             else rng.integers(-2, 3, n).astype(float))
        if rng.random() < 0.2:
            v[rng.integers(0, n)] = np.nan
        out.append(pd.Series(v, index=rng.permutation(n) + 2))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_scale_told_from_an_array_is_the_scale_told_from_the_series(seed):
    for values in _columns(seed):
        assert scales.detect(values) == _detect_as_series(values), values.tolist()
        rows = pd.Series(np.arange(len(values)) + 2, index=values.index)
        got, want = scales.unclear(values, rows), _unclear_as_series(values, rows)
        assert (got is None) == (want is None) and (got is None or got[0].startswith(want)), values.tolist()
