"""Per-session figures of each window: n, mean, first and last call, call types, versions."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coachlog_xl.core.windows import BASELINE, FOLLOWUP, SAME_DAY


def window_stats(n_sessions: int, members: pd.DataFrame, first: int = 0) -> pd.DataFrame:
    """One row per session position ``first`` .. ``first + n_sessions - 1`` with the figures of its
    windows (``members``: :func:`~coachlog_xl.core.windows.assign` of those sessions).

    Columns: ``b_n, b_mean, b_first, b_last, b_types, b_versions, b_ids`` for the baseline,
    ``f_n, f_mean, f_scores, f_first, f_last, f_types, f_versions, f_ids`` for the follow-up (scores
    in window order), and ``same_day`` (calls in neither window on the session's day).
    """
    out = pd.DataFrame(index=pd.RangeIndex(first, first + n_sessions, name="s"))
    for prefix, role in (("b", BASELINE), ("f", FOLLOWUP)):
        win = members[members["role"] == role]
        # window order: the baseline's pos counts back from the session, the follow-up's forward
        ahead = win["pos"].to_numpy(dtype=np.int64) * (-1 if role == BASELINE else 1)
        win = win.iloc[np.lexsort((ahead, win["s"].to_numpy(dtype=np.int64)))]
        bounds = np.searchsorted(win["s"].to_numpy(dtype=np.int64), np.arange(first, first + n_sessions + 1))
        cols = {k: win[k].tolist() for k in ("score", "call_type", "version", "call_id")}
        # the first and last call's moment of each window (not every call's made a Timestamp)
        held = np.flatnonzero(bounds[1:] > bounds[:-1])
        firsts, lasts = ([None] * n_sessions for _ in range(2))
        for ends, at in ((firsts, bounds[held]), (lasts, bounds[held + 1] - 1)):
            for s, moment in zip(held.tolist(), win["at"].iloc[at].tolist()):
                ends[s] = moment
        rows = [_describe(cols, bounds[s], bounds[s + 1], firsts[s], lasts[s]) for s in range(n_sessions)]
        for key in ("n", "mean", "scores", "first", "last", "types", "versions", "ids"):
            out[f"{prefix}_{key}"] = pd.Series([r[key] for r in rows], index=out.index, dtype=object)
    same = members[members["role"] == SAME_DAY].groupby("s").size()
    out["same_day"] = same.reindex(out.index, fill_value=0).astype(int)
    return out


def as_stored(mean: float) -> float:
    """A mean at the precision a workbook cell stores it: 16 significant digits.

    A recorded baseline is read back from the Log by every later refresh; computing it at that
    precision from the start keeps a refresh run twice identical (domain.md, Cells).
    """
    return float(f"{mean:.16g}")


def _describe(cols: dict[str, list], lo: int, hi: int, first, last) -> dict:
    if hi <= lo:
        return {"n": 0, "mean": None, "scores": [], "first": None, "last": None, "types": Counter(),
                "versions": set(), "ids": []}
    scores = [float(v) for v in cols["score"][lo:hi]]
    return {
        "n": len(scores),
        "mean": as_stored(sum(scores) / len(scores)),
        "scores": scores,
        "first": first,
        "last": last,
        "types": Counter(cols["call_type"][lo:hi]),
        "versions": {v for v in cols["version"][lo:hi] if v},
        "ids": cols["call_id"][lo:hi],
    }
