"""Each (session, rep) pair's windows summed without listing a call: the calls in run order, running sums.

:class:`SortedCalls` holds the calls as :class:`~coachlog_xl.core.windows.CallRuns` sorts them, with
running sums of their scores and squares over all of them and over the timed ones; a window is a
range of them, so its n, sum and sum of squares are differences of two running sums.  The comparison
group's pairs (:mod:`coachlog_xl.core.panel`) take their figures from here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.windows import CallRuns, running, running_sums

KEEP_ALL = 1_000_000  # a baseline "N" no rep reaches: every earlier call counts


class SortedCalls:
    """The calls in run order with running sums over all of them and over the timed ones: a window's
    sum is the difference of two running sums.  The sums are exact integers when every score is a
    whole number of 1/2**k points (:func:`_exact_scale`), else extended precision; either way a
    window's sum is the same float."""

    def __init__(self, calls: pd.DataFrame, runs: CallRuns):
        order = runs.order
        self.runs = runs
        self.at = calls["at"].to_numpy(dtype="datetime64[ns]").astype(np.int64)[order]
        timed_call = ~calls["date_only"].to_numpy(dtype=bool)[order]
        score = calls["score"].to_numpy(dtype=float)[order]
        k = _exact_scale(score)
        if k is None:
            score = score.astype(np.longdouble)
            self.unit = np.array([1.0, 1.0])
        else:
            score = (score * 2.0 ** k).astype(np.int64)
            self.unit = np.array([2.0 ** -k, 4.0 ** -k])  # powers of two: scaling back is exact
        self.cum = running_sums(score)
        self.rank = running(timed_call, np.int64)
        # an export with call times throughout: the timed calls are all the calls, their sums the same
        # and a call's rank among them its place
        self.all_timed = bool(timed_call.all())
        self.timed_at = self.at if self.all_timed else self.at[timed_call]  # the timed calls' moments, in order
        self.t_cum = self.cum if self.all_timed else running_sums(score[timed_call])

    def figures(self, m, take: np.ndarray, s_run: np.ndarray, own: np.ndarray) -> dict:
        """(n, sum, sum of squares) of each window of the pairs ``take`` (positions in the sessions'
        moments ``m``, as :class:`coachlog_xl.core.panel.Chunks` holds them) whose runs are ``s_run``;
        R only of the pairs ``own`` (places in ``take``, the coached reps'); of the follow-up its n
        (``F_n``) and what gives its sums of some pairs (``F``), and the same of P1 and P2 (``P``) and
        their span (``P_span``), which the comparison group needs of a fifth of the pairs only."""
        at, rank, cum, t_cum, unit = self.at, self.rank, self.cum, self.t_cum, self.unit
        s_at, s_day, cut, last_day = m.at[take], m.day[take], m.cut[take], m.last_day[take]
        timed, n = m.timed[take], m.n[take]
        first, day_lo, day_hi, end_lo, end = self.runs.find(s_run, s_day, last_day)

        # a timed session splits its own day (and its last day) by the moment
        pair, idx = _listed(day_lo, day_hi, timed)
        call_at, moment = at[idx], s_at[pair]
        before_in_day = _count(pair, call_at < moment, len(take))
        after_in_day = _count(pair, (call_at > moment) & (call_at <= cut[pair]), len(take))
        pair, idx = _listed(end_lo, end, timed & (last_day > s_day))
        on_last_day = _count(pair, at[idx] <= cut[pair], len(take))
        if self.all_timed:  # (before_in_day is 0 where the session has no time)
            top, kb = day_lo + before_in_day, before_in_day
        else:
            top = rank[day_lo + before_in_day]
            kb = np.where(timed, top - rank[day_lo], 0)  # timed calls of the day before the moment
        length = day_lo - first + kb
        # the running sums at the moment, looked up once for the three windows back; of whole numbers
        # (int64, whose sums are the same in any order), the timed ones only where a window has some
        exact = cum.dtype.kind == "i"
        at_top, at_day = None if exact else t_cum.take(top, axis=0), cum.take(day_lo, axis=0)

        def looked_up(at=None):  # what back needs of the pairs at (all when None), taken once
            found = (length, kb, at_top, top, at_day, day_lo)
            return found if at is None else tuple(v if v is None else v.take(at, axis=0) for v in found)

        def back(j, found):
            """(n, sum, squares) of the last ``j`` calls before the moment (j clipped to what there is)
            of the pairs whose :func:`looked_up` is ``found``."""
            length, kb, at_top, top, at_day, day_lo = found
            j = np.minimum(j, length)
            in_day = np.minimum(j, kb)
            rest = j - in_day
            if not exact:
                sums = at_top - t_cum.take(top - in_day, axis=0) + at_day - cum.take(day_lo - rest, axis=0)
            else:
                sums = at_day - cum.take(day_lo - rest, axis=0)
                some = np.flatnonzero(in_day)
                sums[some] += t_cum.take(top[some], axis=0) - t_cum.take(top[some] - in_day[some], axis=0)
            return (j, *_float(sums, unit))

        def between(hi, lo):
            return tuple(a - b for a, b in zip(hi, lo))

        def placebo(at=None):
            """P1 and P2 of the pairs ``at`` (all when None)."""
            n_at, b_at = (n, b1) if at is None else (n[at], tuple(v[at] for v in b1))
            found = looked_up(at)
            nearer, farther = back(2 * n_at, found), back(3 * n_at, found)
            return {"P1": between(nearer, b_at), "P2": between(farther, nearer)}

        def spans(at=None):
            """The moments of P2's first call and P1's last (the 3N-th and the N+1-th call back) of the pairs
            ``at`` (all when None), NaT where the two windows are not full: which sessions' windows before
            the baseline share calls."""
            n_at, found = (n if at is None else n[at]), looked_up(at)
            out = [_nth_back(self, j, found) for j in (3 * n_at, n_at + 1)]
            short = found[0] < 3 * n_at
            for ends in out:
                ends[short] = np.iinfo(np.int64).min  # (NaT)
            return tuple(out)

        b1 = back(n, looked_up())
        b_own = tuple(v[own] for v in b1)
        long_run = between(back(np.full(len(own), KEEP_ALL), looked_up(own)), b_own)
        f_start = np.where(timed, day_hi - after_in_day, day_hi)
        f_end = np.where(timed, np.where(last_day > s_day, end_lo + on_last_day, day_hi), end)
        f_end = np.minimum(np.maximum(f_end, f_start), f_start + n)

        def follow(at=None):
            """The follow-up's (sum, squares) of the pairs ``at`` (all when None)."""
            lo, hi = (f_start, f_end) if at is None else (f_start[at], f_end[at])
            return _float(cum.take(hi, axis=0) - cum.take(lo, axis=0), unit)

        return {"B": b1, "F_n": f_end - f_start, "F": follow, "R": (own, long_run), "P": placebo, "P_span": spans}


def _nth_back(calls: SortedCalls, j: np.ndarray, found: tuple) -> np.ndarray:
    """The moment (ns) of the ``j``-th call back from each pair's moment (1: the last before it), of the pairs whose
    :func:`looked_up` is ``found``: among the timed calls of the session's day before the moment, else among the
    calls of earlier days; where there are fewer, the first there is (the caller marks those)."""
    length, kb, _, top, _, day_lo = found
    j = np.clip(j, 1, np.maximum(length, 1))
    in_day = np.minimum(j, kb)
    rest = j - in_day
    earlier = calls.at[np.clip(day_lo - rest, 0, len(calls.at) - 1)] if len(calls.at) else np.zeros(len(j), np.int64)
    same_day = calls.timed_at[np.clip(top - in_day, 0, max(len(calls.timed_at) - 1, 0))] if len(calls.timed_at) \
        else earlier
    return np.where(rest > 0, earlier, same_day)


_EXACT_LIMIT = 2.0 ** 62  # a running sum of squares below this fits an int64 (and a long double) exactly


def _exact_scale(score: np.ndarray, most: int = 8) -> int | None:
    """The least k (up to ``most``) with every score times 2**k a whole number small enough that
    the running sum of its squares stays exact in an int64; None when there is none (e.g. 83.33)."""
    if not len(score) or not np.isfinite(score).all():
        return None if len(score) else 0
    top = float(np.abs(score).max())
    for k in range(most + 1):
        scaled = score * 2.0 ** k
        if (top * 2.0 ** k) ** 2 * len(score) >= _EXACT_LIMIT:
            return None
        if np.array_equal(scaled, np.rint(scaled)):
            return k
    return None


def _float(sums: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Window sums (one row per window: the sum, the sum of squares) as floats in score points, the
    sums in one row and the squares in another (``unit``: the value of 1 in each column of ``sums``;
    a power of two, so the scaling is exact)."""
    out = sums.T.astype(float, order="C")
    out *= unit[:, None]
    return out


def _listed(lo: np.ndarray, hi: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted calls in ``lo``..``hi`` of each pair where ``mask``, listed as (pair, place) (the
    calls of one rep on one day: a few per pair; the pairs with none, most of them, are left out
    before anything is repeated)."""
    some = np.flatnonzero(mask & (hi > lo))
    lo, counts = lo[some], hi[some] - lo[some]
    return np.repeat(some, counts), np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())


def _count(pair: np.ndarray, passed: np.ndarray, size: int) -> np.ndarray:
    """Per pair (0 .. size - 1), how many of its listed calls passed."""
    return np.bincount(pair[passed], minlength=size).astype(np.int64)
