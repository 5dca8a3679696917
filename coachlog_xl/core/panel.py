"""Every rep's windows around each session's moment: the raw material of the comparison group and the RTM checks.

For each session and each rep with calls on its criterion (the coached rep included), the windows of
:func:`coachlog_xl.core.windows.assign` are taken as if that rep had been coached at the same moment,
with the same N, timeframe and call type: the same calendar windows for everyone.  The baseline side
is kept further back than N calls, so a rep's earlier calls are at hand too:

- ``pos`` 0..N-1 before the moment: the baseline window (B);
- ``pos`` N..2N-1 and 2N..3N-1: the two windows before it (P1, P2: the pre-period placebo);
- every earlier call (the coached rep only; 3N back for the others): the long-run calls (R);
- the first N calls after the moment: the follow-up window (F).

There are sessions x reps pairs (ten million at 10,000 sessions and 1,000 reps), so no pair's calls
are listed.  In the calls sorted as :func:`~coachlog_xl.core.windows.assign` sorts them (by rep,
criterion, call type for sessions that name one, then window order), a pair's calls before its moment
are the calls of earlier days followed by the timed ones of the session's day before the moment, and
its follow-up is one contiguous run; binary searches find these ranges and running sums over the
sorted calls (extended precision) give every window's n, mean and variance at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.windows import DAYS, HALF, run_order, type_keys

KEEP_ALL = 1_000_000  # a baseline "N" no rep reaches: every earlier call counts
_PARTS = ("B", "F", "P1", "P2", "R")
_COLUMNS = ["s", "rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]


def panel(sessions: pd.DataFrame, calls: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pairs (session, rep) and the figures of their windows.

    Returns ``pairs`` (columns ``p``, ``s`` the session's position, ``rep``, ``n`` the session's N)
    and ``windows``: per pair ``p``, the n, mean and sample variance (n - 1) of the baseline (B), the
    follow-up (F), the two windows before the baseline (P1 the nearer, P2 the earlier) and the calls
    before the baseline window (R: all of them for the coached rep, up to 3N back for the others).
    """
    sess = sessions.assign(s=np.arange(len(sessions)))[_COLUMNS]
    sess = sess[sess["criterion"].notna()].reset_index(drop=True)
    reps = calls[["rep", "criterion"]].drop_duplicates()
    if sess.empty or reps.empty:
        empty = pd.DataFrame(columns=["p", "s", "rep", "n"])
        return empty, _frame(empty["p"], {})
    # every session with every rep scored on its criterion, reps in name order, built from positions
    # (millions of pairs: no merge of text columns)
    crit_code, crits = pd.factorize(pd.concat([reps["criterion"], sess["criterion"]], ignore_index=True))
    reps = reps.assign(_c=crit_code[:len(reps)]).sort_values(["_c", "rep"], kind="stable")
    s_crit = crit_code[len(reps):]
    block = np.searchsorted(reps["_c"].to_numpy(), np.arange(len(crits) + 1))
    counts = block[s_crit + 1] - block[s_crit]
    take = np.repeat(np.arange(len(sess)), counts)
    rep_at = np.repeat(block[s_crit] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    pairs = sess.iloc[take].rename(columns={"rep": "coached"}).reset_index(drop=True)
    pairs["rep"] = reps["rep"].to_numpy(dtype=object)[rep_at]
    pairs["n"] = pairs["window_n"].astype(int)
    pairs["p"] = np.arange(len(pairs))
    limit = np.where(pairs["rep"] == pairs["coached"], KEEP_ALL, 3 * pairs["n"].to_numpy())
    # a pair's run of calls: its rep and criterion (and the session's call type, when it names one)
    type_code, _ = pd.factorize(type_keys(sess["call_type"]))
    combo, inverse = np.unique(rep_at * (type_code.max() + 1) + type_code[take], return_inverse=True)
    first = np.unique(inverse, return_index=True)[1]
    order, run, combo_run = run_order(calls, pairs.iloc[first])
    figures = _figures(pairs, calls, limit, (order, run, combo_run[inverse.ravel()]))
    return pairs[["p", "s", "rep", "n"]], _frame(pairs["p"], figures)


def _frame(p: pd.Series, figures: dict) -> pd.DataFrame:
    out = pd.DataFrame({"p": p.to_numpy()})
    for name in _PARTS:
        n, total, squares = figures.get(name, (np.zeros(len(p), dtype=int), None, None))
        out[f"{name}_n"] = n.astype(int)
        out[f"{name}_mean"] = np.full(len(p), np.nan) if total is None else _mean(n, total)
        out[f"{name}_var"] = np.full(len(p), np.nan) if total is None else _var(n, total, squares)
    return out


def _mean(n: np.ndarray, total: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / n, np.nan)


def _var(n: np.ndarray, total: np.ndarray, squares: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        centred = np.maximum(squares - total * total / np.maximum(n, 1), 0)
        return np.where(n > 1, centred / np.maximum(n - 1, 1), np.nan)


def _figures(pairs: pd.DataFrame, calls: pd.DataFrame, limit: np.ndarray, runs: tuple) -> dict:
    """(n, sum, sum of squares) of each window of each pair; the running sums are kept in extended
    precision, so a window's sum is as exact as summing its own calls."""
    order, run, s_run = runs
    at = calls["at"].to_numpy(dtype="datetime64[ns]").astype(np.int64)[order]
    day = calls["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)[order]
    timed_call = ~calls["date_only"].to_numpy(dtype=bool)[order]
    score = calls["score"].to_numpy(dtype=float)[order].astype(np.longdouble)
    # running sums over all calls, and over the timed calls only (by their rank among timed calls)
    cum = [np.concatenate(([0], np.cumsum(v))) for v in (score, score * score)]
    rank = np.concatenate(([0], np.cumsum(timed_call)))
    t_cum = [np.concatenate(([0], np.cumsum(v[timed_call]))) for v in (score, score * score)]
    del score

    s_at = pairs["at"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    s_day = pairs["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    span = pairs["timeframe_days"].to_numpy(dtype=np.int64)
    cut = s_at + span * 86_400_000_000_000  # a timed session's last moment
    last_day = (pairs["at"] + pd.to_timedelta(span, unit="D")).to_numpy(dtype="datetime64[D]").astype(np.int64)
    timed = pairs["timed"].to_numpy(dtype=bool)
    n = pairs["n"].to_numpy(dtype=np.int64)

    key = run * DAYS + day + HALF
    ok = s_run >= 0
    first = np.searchsorted(key, np.where(ok, s_run, 0) * DAYS, "left")
    base = np.where(ok, s_run, 0) * DAYS + HALF
    day_lo = np.searchsorted(key, base + s_day, "left")
    day_hi = np.searchsorted(key, base + s_day, "right")
    end_lo = np.searchsorted(key, base + last_day, "left")
    end = np.searchsorted(key, base + last_day, "right")
    for arr in (first, day_lo, day_hi, end_lo, end):
        arr[~ok] = 0

    # a timed session splits its own day (and its last day) by the moment
    before_in_day = _count_in(day_lo, day_hi, timed, lambda idx, p: at[idx] < s_at[p])
    after_in_day = _count_in(day_lo, day_hi, timed, lambda idx, p: (at[idx] > s_at[p]) & (at[idx] <= cut[p]))
    on_last_day = _count_in(end_lo, end, timed & (last_day > s_day), lambda idx, p: at[idx] <= cut[p])
    prefix_end = day_lo + before_in_day
    kb = np.where(timed, rank[prefix_end] - rank[day_lo], 0)  # timed calls of the day before the moment
    earlier = day_lo - first
    length = earlier + kb

    def back(j):
        """(n, sum, squares) of the last ``j`` calls before the moment (j clipped to what there is)."""
        j = np.minimum(j, length)
        in_day = np.minimum(j, kb)
        top = rank[prefix_end]
        rest = j - in_day
        return (j, *((t[top] - t[top - in_day] + c[day_lo] - c[day_lo - rest]).astype(float)
                     for t, c in zip(t_cum, cum)))

    def between(hi, lo):
        return tuple(a - b for a, b in zip(hi, lo))

    b1, b2, b3, b_all = back(n), back(2 * n), back(3 * n), back(limit)
    f_start = np.where(timed, day_hi - after_in_day, day_hi)
    f_end = np.where(timed, np.where(last_day > s_day, end_lo + on_last_day, day_hi), end)
    f_end = np.minimum(np.maximum(f_end, f_start), f_start + n)
    follow = (f_end - f_start, *((c[f_end] - c[f_start]).astype(float) for c in cum))
    return {"B": b1, "P1": between(b2, b1), "P2": between(b3, b2), "R": between(b_all, b1), "F": follow}


def _count_in(lo: np.ndarray, hi: np.ndarray, mask: np.ndarray, test) -> np.ndarray:
    """Per pair where ``mask``: how many sorted calls in ``lo``..``hi`` pass ``test(positions, pairs)``
    (the calls of one rep on one day: a few per pair, so they are listed)."""
    counts = np.where(mask, hi - lo, 0)
    p = np.repeat(np.arange(len(lo)), counts)
    idx = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    return np.bincount(p, weights=test(idx, p), minlength=len(lo)).astype(np.int64)
