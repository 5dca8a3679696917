"""95 % intervals without scipy: Welch, Wilson, a mean's interval.

The t quantiles come from :mod:`coachlog_xl.core.tdist` (no scipy); tests/test_evidence_intervals.py
compares the intervals with scipy and statsmodels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coachlog_xl.core.tdist import t_quantile

LEVEL = 0.95
# values from which mean_sd squares them in one numpy call: below, a call of its own costs more than it saves
SQUARED_APART = 64
Z95 = 1.959963984540054  # the standard normal's 97.5th percentile


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95 % interval, standard error and degrees of freedom."""

    estimate: float
    low: float
    high: float
    se: float
    df: float

    @property
    def margin(self) -> float:
        return (self.high - self.low) / 2.0


def t_interval(estimate: float, se: float, df: float, quantile: float | None = None) -> Interval:
    """estimate +- t(0.975, df) x se; an exact value (se 0) has a zero-width interval.  ``quantile``:
    t(0.975, df), when the caller has it."""
    if se == 0 or not df > 0:
        return Interval(estimate, estimate, estimate, 0.0, df)
    half = (t_quantile(0.5 + LEVEL / 2.0, df) if quantile is None else quantile) * se
    return Interval(estimate, estimate - half, estimate + half, se, df)


def mean_sd(values: Sequence[float]) -> tuple[float, float | None]:
    """The mean and the sample standard deviation (n - 1; None below two values)."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None
    squares = ((v - mean) ** 2 for v in values)
    if n > SQUARED_APART:  # at once: numpy's float_power is C's pow, as Python's ** 2 on a float
        with np.errstate(all="ignore"):
            at_once = np.float_power(np.asarray(values, dtype=float) - mean, 2)
        if np.isfinite(at_once).all():  # (else as Python squares them: an overflow raises, a NaN stays)
            squares = at_once.tolist()
    return mean, math.sqrt(math.fsum(squares) / (n - 1))


def welch(after: Sequence[float], before: Sequence[float], centre: float | None = None) -> Interval | None:
    """Welch's interval for mean(after) - mean(before), Welch-Satterthwaite degrees of freedom.

    ``centre`` replaces the difference of the two means (a recorded baseline); the spread still comes
    from the calls.  None when either side has fewer than two values.
    """
    parts = welch_parts(after, before)
    if parts is None:
        return None
    estimate = math.fsum(after) / len(after) - math.fsum(before) / len(before) if centre is None else centre
    return combine(estimate, parts)


def welch_parts(after: Sequence[float], before: Sequence[float]) -> list[tuple[float, float]] | None:
    """The variance parts of Welch's interval (each side's variance of the mean, its df); None when
    either side has fewer than two values."""
    parts = [mean_part(after), mean_part(before)]
    return None if None in parts else parts


def mean_part(values: Sequence[float]) -> tuple[float, float] | None:
    """One Welch part: the variance of the mean of ``values`` and its df (n - 1); None below two values."""
    if len(values) < 2:
        return None
    sd = mean_sd(values)[1]
    return sd * sd / len(values), len(values) - 1


def combine(estimate: float, parts: Sequence[tuple[float, float]]) -> Interval:
    """An interval from independent variance parts (variance of the mean, its df): Welch-Satterthwaite."""
    spread = spread_of(parts)
    if spread is None:
        return Interval(estimate, estimate, estimate, 0.0, math.inf)
    return t_interval(estimate, *spread)


def spread_of(parts: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The standard error and Welch-Satterthwaite df of independent variance parts; None when the
    variance is 0."""
    var = math.fsum(v for v, _ in parts)
    if var <= 0:
        return None
    denom = math.fsum(v * v / df for v, df in parts if v > 0)
    return math.sqrt(var), var * var / denom


def mean_interval(values: Sequence[float]) -> Interval | None:
    """The t interval of a mean (n - 1 df); None below two values."""
    if len(values) < 2:
        return None
    mean, sd = mean_sd(values)
    return t_interval(mean, sd / math.sqrt(len(values)), len(values) - 1)


def wilson(successes: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval (Wilson 1927), 95 %, of each proportion successes / n (every n above 0):
    the low and high ends, kept within 0 and 1."""
    z2 = Z95 * Z95
    p = successes / n
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low, high = centre - half, centre + half
    return np.where(low > 0.0, low, 0.0), np.where(high < 1.0, high, 1.0)


IMPROVED, DECLINED, NOISE = "improved", "declined", "within noise"


def change_label(low, high) -> str | None:
    """improved / declined / within noise from an interval (blank without one)."""
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return None
    if low > 0:
        return IMPROVED
    if high < 0:
        return DECLINED
    return NOISE


def change_labels(low: np.ndarray, high: np.ndarray) -> list[str | None]:
    """:func:`change_label` of each interval (``low``, ``high``: floats, NaN for none)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    given = ~(np.isnan(low) | np.isnan(high))
    out = np.full(len(low), None, dtype=object)
    out[given] = NOISE
    out[given & (high < 0)] = DECLINED
    out[given & (low > 0)] = IMPROVED  # (an interval above 0 is an improvement whatever its high end)
    return out.tolist()
