"""Per-session figures of each window: n, mean, first and last call, call types, versions."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coachlog_xl.core.windows import BASELINE, FOLLOWUP, SAME_DAY

READS = ["call_id", "score", "at", "call_type", "version"]  # the call columns window_stats reads of a pair


def window_stats(n_sessions: int, members: pd.DataFrame, first: int = 0) -> pd.DataFrame:
    """One row per session position ``first`` .. ``first + n_sessions - 1`` with the figures of its
    windows (``members``: :func:`~coachlog_xl.core.windows.assign` of those sessions, with at least the
    call columns :data:`READS`).

    Columns: ``b_n, b_mean, b_scores, b_first, b_last, b_types, b_versions, b_ids`` for the baseline,
    ``f_n, f_mean, f_scores, f_last, f_types, f_versions, f_ids`` for the follow-up (scores in window
    order; no rule reads a follow-up's first call), ``b_from, b_to, f_from, f_to`` (each window's first
    and last call's moment as numpy moments, NaT for an empty window: whether two windows share calls,
    :func:`~coachlog_xl.core.aggregate_columns._sharing_calls`), and ``same_day`` (calls in neither
    window on the session's day).
    """
    index = pd.RangeIndex(first, first + n_sessions, name="s")
    out: dict[str, pd.Series] = {}
    roles = members["role"]
    # only the columns read here are taken in window order below, a column at a time
    s_all, pos_all = members["s"].to_numpy(dtype=np.int64), members["pos"].to_numpy(dtype=np.int64)
    at_all = members["at"].to_numpy(dtype="datetime64[us]")
    for prefix, role in (("b", BASELINE), ("f", FOLLOWUP)):
        rows = np.flatnonzero((roles == role).to_numpy())
        # window order: the baseline's pos counts back from the session, the follow-up's forward
        ahead = pos_all[rows] * (-1 if role == BASELINE else 1)
        rows = rows[np.lexsort((ahead, s_all[rows]))]
        bounds = np.searchsorted(s_all[rows], np.arange(first, first + n_sessions + 1))
        # the first (of a baseline) and last call's moment of each window (not every call's made a Timestamp)
        held = np.flatnonzero(bounds[1:] > bounds[:-1])
        firsts, lasts = ([None] * n_sessions for _ in range(2))
        wanted = [(firsts, bounds[held]), (lasts, bounds[held + 1] - 1)] if role == BASELINE \
            else [(lasts, bounds[held + 1] - 1)]
        for ends, at in wanted:
            for s, moment in zip(held.tolist(), members["at"].iloc[rows[at]].tolist()):
                ends[s] = moment
        for end, at in (("from", bounds[held]), ("to", bounds[held + 1] - 1)):
            moments = np.full(n_sessions, np.datetime64("NaT"), dtype="datetime64[us]")
            moments[held] = at_all[rows[at]]
            out[f"{prefix}_{end}"] = pd.Series(moments, index=index, copy=False)
        # each column a list at once, each window a slice of it
        scores = members["score"].to_numpy(dtype=np.float64)[rows].tolist()
        types, versions, ids = (members[k].iloc[rows].tolist() for k in ("call_type", "version", "call_id"))
        windows = list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))
        # calls with a version before each call (most criteria have none: their windows' sets made at once)
        versioned = np.concatenate([[0], np.cumsum(np.fromiter(map(bool, versions), bool, len(versions)))]).tolist()
        figures = {
            "n": [hi - lo for lo, hi in windows],
            "scores": [scores[lo:hi] for lo, hi in windows],
            "first": firsts if role == BASELINE else None,
            "last": lasts,
            "types": _type_counts(members["call_type"].iloc[rows], types, bounds),
            "versions": [{v for v in versions[lo:hi] if v} if versioned[hi] > versioned[lo] else set()
                         for lo, hi in windows],
            "ids": [ids[lo:hi] for lo, hi in windows],
        }
        figures["mean"] = [as_stored(sum(s) / len(s)) if s else None for s in figures["scores"]]
        for key in ("n", "mean", "scores", "first", "last", "types", "versions", "ids"):
            if figures[key] is not None:
                out[f"{prefix}_{key}"] = pd.Series(figures[key], index=index, dtype=object)
    same = s_all[(roles == SAME_DAY).to_numpy()] - first  # each same-day pair's session, counted
    out["same_day"] = pd.Series(np.bincount(same, minlength=n_sessions).astype(int), index=index, copy=False)
    return pd.DataFrame(out, index=index)


def _type_counts(col: pd.Series, types: list, bounds: np.ndarray) -> list[Counter]:
    """``Counter(types[lo:hi])`` of each window ``lo, hi`` of consecutive ``bounds``, the windows'
    (window, call type) pairs counted at once: each window's types in the order they first appear
    in it (a window with a blank type is counted call by call)."""
    codes = pd.factorize(col)[0]
    sizes = np.diff(bounds)
    window = np.repeat(np.arange(len(sizes)), sizes)
    _, first, counts = np.unique(window * (int(codes.max(initial=0)) + 2) + codes + 1, return_index=True,
                                     return_counts=True)
    order = np.argsort(first, kind="stable")  # (windows in order, each window's types as they first appear)
    first, counts = first[order], counts[order]
    edges = np.searchsorted(window[first], np.arange(len(sizes) + 1)).tolist()
    blank = np.zeros(len(sizes), dtype=bool)
    blank[window[codes < 0]] = True
    names, counts = [types[k] for k in first.tolist()], counts.tolist()
    # an empty Counter made without its __init__, Python code that adds nothing to an empty one: half
    # the time of Counter() (20,000 windows at 10,000 sessions)
    empty = Counter.__new__
    out = []
    for a, b, lo, hi, whole in zip(edges[:-1], edges[1:], bounds[:-1].tolist(), bounds[1:].tolist(), blank.tolist()):
        if whole:
            out.append(Counter(types[lo:hi]))
            continue
        counted = empty(Counter)
        dict.update(counted, zip(names[a:b], counts[a:b]))
        out.append(counted)
    return out


def as_stored(mean: float) -> float:
    """A mean at the precision a workbook cell stores it: 16 significant digits.

    A recorded baseline is read back from the Log by every later refresh; computing it at that
    precision from the start keeps a refresh run twice identical (domain.md, Cells).
    """
    return float(f"{mean:.16g}")
