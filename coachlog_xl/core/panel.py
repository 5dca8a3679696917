"""Every rep's calls around each session's moment: the raw material of the comparison group and the RTM checks.

For each session and each rep with calls on its criterion (the coached rep included), the windows of
:func:`coachlog_xl.core.windows.assign` are taken as if that rep had been coached at the same moment,
with the same N, timeframe and call type: the same calendar windows for everyone.  The baseline side
is kept further back than N calls, so a rep's earlier calls are at hand too:

- ``pos`` 0..N-1 before the moment: the baseline window;
- ``pos`` N..2N-1 and 2N..3N-1: the two windows before it (the pre-period placebo);
- every earlier call: the rep's long-run calls outside both windows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.windows import BASELINE, FOLLOWUP, assign

KEEP_ALL = 1_000_000  # a baseline "N" no rep reaches: every earlier call is kept with its position

_COLUMNS = ["s", "rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]


def panel(sessions: pd.DataFrame, calls: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pairs (session, rep) and their calls.

    Returns ``pairs`` (columns ``p``, ``s`` the session's position, ``rep``, ``n`` the session's N) and
    ``members`` (the call columns plus ``p``, ``role`` and ``pos``; for the follow-up only its first N
    calls, for the baseline side every earlier call).
    """
    sess = sessions.assign(s=np.arange(len(sessions)))
    sess = sess[sess["criterion"].notna()]
    reps = calls[["rep", "criterion"]].drop_duplicates()
    if sess.empty or reps.empty:
        return _empty_pairs(), pd.DataFrame(columns=list(calls.columns) + ["p", "role", "pos"])
    pairs = sess.drop(columns=["rep"]).merge(reps, on="criterion")
    pairs = pairs.sort_values(["s", "rep"], kind="stable").reset_index(drop=True)
    pairs = pairs.assign(n=pairs["window_n"].astype(int), p=np.arange(len(pairs)))
    pseudo = pairs.assign(s=pairs["p"], window_n=KEEP_ALL)[_COLUMNS]
    members = assign(pseudo, calls).rename(columns={"s": "p"})
    n_of = members["p"].map(pairs["n"])
    members = members[(members["role"] == BASELINE) | ((members["role"] == FOLLOWUP) & (members["pos"] < n_of))]
    return pairs[["p", "s", "rep", "n"]], members.reset_index(drop=True)


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame(columns=["p", "s", "rep", "n"])


def window_means(pairs: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Per pair: n, mean and sample variance of the baseline (B), the follow-up (F), the two windows before
    the baseline (P1 the nearer, P2 the earlier) and all the calls before the baseline window (R, the
    rep's long-run calls outside both windows)."""
    n_of = members["p"].map(pairs.set_index("p")["n"])
    pos = members["pos"].astype(int)
    base = members["role"] == BASELINE
    part = np.select(
        [~base, pos < n_of, pos < 2 * n_of, pos < 3 * n_of],
        ["F", "B", "P1", "P2"],
        default="",
    )
    scored = members.assign(part=part, score=members["score"].astype(float))
    rest = scored[base & (pos >= n_of)].assign(part="R")
    grouped = pd.concat([scored[scored["part"] != ""], rest]).groupby(["p", "part"])["score"]
    stats = grouped.agg(["size", "mean", "var"]).unstack("part")
    out = pd.DataFrame(index=pairs["p"])
    for name in ("B", "F", "P1", "P2", "R"):
        for stat, col in (("size", "n"), ("mean", "mean"), ("var", "var")):
            key = (stat, name)
            values = stats[key] if key in stats.columns else pd.Series(dtype=float)
            out[f"{name}_{col}"] = values.reindex(out.index)
        out[f"{name}_n"] = out[f"{name}_n"].fillna(0).astype(int)
    return out.reset_index()
