"""What :mod:`.intervals` computes for one session, for many sessions at once, to the same floats.

The evidence sums each session's scores, and each comparison group's changes, with ``math.fsum``
(:func:`~coachlog_xl.core.intervals.mean_sd`), and a group's baseline with ``numpy.mean``; one
Python call per session is most of its time at 10,000 sessions.  Here the values of every group sit
in one padded array, one row per group:

- :func:`fsums` is ``math.fsum`` of each row: the correctly rounded sum, found with error-free
  transformations (TwoSum) and proved row by row; a row it cannot prove (a sum within a hair of a
  rounding tie, 0, or one with a NaN, an infinity or an overflow) is left to ``math.fsum`` itself,
  so every row's sum is either proved or ``math.fsum``'s own (its errors included);
- :func:`means` is ``numpy.mean`` of each group: ``numpy`` sums a row of an array the way it sums
  the same values on their own (its pairwise summation), so the groups of one size are summed
  together;
- :func:`intervals` is :func:`~coachlog_xl.core.intervals.combine` of each row of variance parts
  (:class:`Parts`).
"""

from __future__ import annotations

import math

import numpy as np

from coachlog_xl.core.intervals import LEVEL
from coachlog_xl.core.tdist import t_quantiles

_U = 2.0 ** -53  # the unit roundoff of a float
_TINIEST = 2.0 ** -1074


class Groups:
    """Values of consecutive groups (``group`` sorted, 0 .. ``size`` - 1) as the rows of a padded array."""

    def __init__(self, group: np.ndarray, size: int):
        self.group = np.asarray(group, dtype=np.int64)
        self.count = np.bincount(self.group, minlength=size)
        starts = np.concatenate(([0], np.cumsum(self.count)[:-1]))
        self.width = int(self.count.max()) if size else 0
        # each member's place in the rows laid end to end: its place among the members, moved on by
        # the padding of the rows before its own (the groups are sorted)
        self._place = np.arange(len(self.group)) + np.repeat(np.arange(size) * self.width - starts, self.count)

    def rows(self, values: np.ndarray, pad: float = 0.0) -> np.ndarray:
        """``values`` (one per member) as rows, padded with ``pad``."""
        out = np.full((len(self.count), self.width), pad)
        out.reshape(-1)[self._place] = values
        return out


def fsums(rows: np.ndarray) -> np.ndarray:
    """``math.fsum`` of each row of a 2-D float array: each row's sum is proved equal to it, or is
    ``math.fsum``'s own (a row of +0.0 only gives 0.0 at once)."""
    groups, width = rows.shape
    if not width:
        return np.zeros(groups)
    with np.errstate(invalid="ignore", over="ignore"):
        total, error = _running(rows)  # the row's sum as summed in order, and each step's exact error
        rest, rest_error = _running(error)  # the same for the errors
        out = total + rest
        # the exact sum is total + rest + the rest's errors: when these are all 0, out is its
        # rounding; else out is when the exact sum lies within half the gap to out's nearer neighbour,
        # with room for how the errors were summed
        left = _two_sum_error(total, rest, out)  # total + rest == out + left, exactly
        bound = np.abs(rest_error).sum(axis=1) * (1 + 4 * width * _U)
        bound += np.where(bound > 0, width * _TINIEST, 0.0)
        # half the gap: half out's ulp, 2 ** (exponent - 53), or a quarter of it at a power of two of
        # either sign (the gap toward 0 is half as wide); from the exponent, as np.spacing of the
        # largest float is inf (a sum past it must go to math.fsum, which raises OverflowError); it
        # is 0 for a sum below 2 ** -1021, where only an exact sum (bound 0) is proved
        fraction, exponent = np.frexp(out)
        gap = np.ldexp(np.where(np.abs(fraction) == 0.5, 0.25, 0.5), exponent - 53)
        proved = np.isfinite(out) & (out != 0) & ((bound == 0) | (np.abs(left) + bound < gap * (1 - 2.0 ** -20)))
    unproved = np.flatnonzero(~proved)
    zeros = ~(rows[unproved] != 0).any(axis=1) & ~np.signbit(rows[unproved]).any(axis=1)
    out[unproved[zeros]] = 0.0  # a row of +0.0 only (padding): its fsum is 0.0
    for i in unproved[~zeros].tolist():
        out[i] = math.fsum(rows[i].tolist())
    return out


def _running(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The float sum of each row, added left to right, and the exact error of each addition."""
    running = np.cumsum(rows, axis=1)
    before = np.zeros_like(running)
    before[:, 1:] = running[:, :-1]
    return running[:, -1], _two_sum_error(before, rows, running)


def _two_sum_error(a: np.ndarray, b: np.ndarray, total: np.ndarray) -> np.ndarray:
    """a + b - total exactly, where ``total`` is the float a + b (Knuth's TwoSum)."""
    back = total - a
    return (a - (total - back)) + (b - back)


def mean_sds(values: np.ndarray, groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~coachlog_xl.core.intervals.mean_sd` of each group's values: the means (NaN for an
    empty group) and the sample SDs (NaN below two values)."""
    count = groups.count
    rows = groups.rows(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = fsums(rows) / count
        centred = np.float_power(rows - mean[:, None], 2)  # Python's ** 2 on a float: C's pow, not x * x
        centred[np.arange(groups.width)[None, :] >= count[:, None]] = 0.0
        sd = np.sqrt(fsums(centred) / (count - 1))
    sd[count < 2] = np.nan
    return mean, sd


def means(values: np.ndarray, groups: Groups) -> np.ndarray:
    """``numpy.mean`` of each group's values (NaN for an empty group)."""
    out = np.full(len(groups.count), np.nan)
    rows = groups.rows(values)
    for size in np.unique(groups.count[groups.count > 0]).tolist():
        which = np.flatnonzero(groups.count == size)
        out[which] = np.ascontiguousarray(rows[which, :size]).sum(axis=1) / size
    return out


def intervals(estimate: np.ndarray, parts: Parts) -> tuple[np.ndarray, np.ndarray]:
    """The low and high ends of :func:`~coachlog_xl.core.intervals.combine` of each estimate with its
    row of ``parts`` (every row given)."""
    return spread_ends(estimate, *spreads(parts))


def spread_ends(estimate: np.ndarray, total: np.ndarray, dof: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`intervals` of each estimate from its row's :func:`spreads` (``total`` variance, ``dof``)."""
    se = np.sqrt(total)
    spread = (total > 0) & (se != 0) & (dof > 0)  # else an exact value: a zero-width interval
    half = np.zeros(len(estimate))
    at = np.flatnonzero(spread)
    half[at] = np.array(t_quantiles(0.5 + LEVEL / 2.0, dof[at].tolist()), dtype=float) * se[at]
    return np.where(spread, estimate - half, estimate), np.where(spread, estimate + half, estimate)


def spreads(parts: Parts) -> tuple[np.ndarray, np.ndarray]:
    """Each row's total variance and Welch-Satterthwaite df (:func:`~coachlog_xl.core.intervals.spread_of`;
    NaN or inf where the variance is 0 or a part is NaN)."""
    var = parts.var
    total = fsums(var)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        denom = fsums(np.where(var > 0, var * var / np.where(var > 0, parts.df, 1.0), 0.0))
        return total, total * total / denom


def maybe(values: np.ndarray, where: np.ndarray) -> list:
    """``values`` as Python numbers where ``where``, else None (a column of the row dicts' values)."""
    return np.where(where, values.astype(object), None).tolist()


class Parts:
    """Rows of Welch variance parts (the variances of the means, their degrees of freedom), one row
    per session; a part of variance 0 pads a row, a row of NaN stands for none."""

    def __init__(self, var: np.ndarray, df: np.ndarray):
        self.var, self.df = var, df

    @property
    def given(self) -> np.ndarray:
        """Which rows have parts (no NaN)."""
        return ~np.isnan(self.var).any(axis=1)

    def join(self, other: Parts) -> Parts:
        """Each row's parts followed by ``other``'s."""
        return Parts(np.hstack([self.var, other.var]), np.hstack([self.df, other.df]))

    def take(self, rows: np.ndarray, width: int) -> Parts:
        """The parts of ``rows``, each padded to ``width`` parts."""
        pad = ((0, 0), (0, width - self.var.shape[1]))
        return Parts(np.pad(self.var[rows], pad), np.pad(self.df[rows], pad, constant_values=1.0))

    @classmethod
    def none(cls, rows: int, width: int = 2) -> Parts:
        """``rows`` rows of ``width`` parts, none given (all NaN)."""
        return cls(np.full((rows, width), np.nan), np.full((rows, width), np.nan))

    @classmethod
    def stack(cls, parts: list[Parts]) -> Parts:
        """The rows of each of ``parts`` (all of one width), one after the other."""
        return cls(np.vstack([p.var for p in parts]), np.vstack([p.df for p in parts]))
