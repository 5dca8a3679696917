"""Every rep's calls around each session's moment: the raw material of the comparison group and the RTM checks.

For each session and each rep with calls on its criterion (the coached rep included), the windows of
:func:`coachlog_xl.core.windows.assign` are taken as if that rep had been coached at the same moment,
with the same N, timeframe and call type: the same calendar windows for everyone.  The baseline side
is kept further back than N calls, so a rep's earlier calls are at hand too:

- ``pos`` 0..N-1 before the moment: the baseline window;
- ``pos`` N..2N-1 and 2N..3N-1: the two windows before it (the pre-period placebo);
- every earlier call (the coached rep only): the rep's long-run calls outside both windows.

The other reps' windows are taken in chunks of sessions close in time, each with only the calls it can
reach, so the work grows with the sessions and the team, not with sessions x the whole history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.windows import BASELINE, FOLLOWUP, assign

KEEP_ALL = 1_000_000  # a baseline "N" no rep reaches: every earlier call is kept with its position
CHUNK_DAYS = 14

_COLUMNS = ["s", "rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]


def panel(sessions: pd.DataFrame, calls: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pairs (session, rep) and their calls.

    Returns ``pairs`` (columns ``p``, ``s`` the session's position, ``rep``, ``n`` the session's N) and
    ``members`` (the call columns plus ``p``, ``role`` and ``pos``; for the follow-up its first N calls;
    before the moment, every earlier call of the coached rep and the last 3N of every other rep).
    """
    sess = sessions.assign(s=np.arange(len(sessions)))
    sess = sess[sess["criterion"].notna()]
    reps = calls[["rep", "criterion"]].drop_duplicates()
    if sess.empty or reps.empty:
        return _empty_pairs(), pd.DataFrame(columns=list(calls.columns) + ["p", "role", "pos"])
    pairs = sess.rename(columns={"rep": "coached"}).merge(reps, on="criterion")
    pairs = pairs.sort_values(["s", "rep"], kind="stable").reset_index(drop=True)
    pairs = pairs.assign(n=pairs["window_n"].astype(int), p=np.arange(len(pairs)))
    own = (pairs["rep"] == pairs["coached"]).to_numpy()
    parts = [_assign(pairs[own].assign(window_n=KEEP_ALL), calls)]
    others = pairs[~own].assign(window_n=3 * pairs["n"][~own])
    for chunk in _chunks(others):
        parts.append(_assign(chunk, _calls_around(chunk, calls)))
    members = pd.concat(parts)
    n_of = members["p"].map(pairs["n"])
    members = members[(members["role"] == BASELINE) | ((members["role"] == FOLLOWUP) & (members["pos"] < n_of))]
    return pairs[["p", "s", "rep", "n"]], members.reset_index(drop=True)


def _assign(pairs: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """:func:`assign` for some pairs; its ``s`` (their position) becomes their ``p``."""
    members = assign(pairs.assign(s=0)[_COLUMNS], calls)
    p = members.pop("s").to_numpy(dtype=int)
    return members.assign(p=pairs["p"].to_numpy()[p])


def _chunks(pairs: pd.DataFrame):
    """The pairs in groups of sessions no more than ``CHUNK_DAYS`` apart with the same named call type,
    so each group needs only the calls of a short stretch of time (a team's whole history, merged with
    every session, would not fit in memory)."""
    if pairs.empty:
        return
    keyed = pairs.assign(_type=pairs["call_type"].map(header_key)).sort_values(["_type", "day", "p"], kind="stable")
    for _, group in keyed.groupby("_type", sort=True):
        days = group["day"].to_numpy()
        bucket = ((days - days[0]) // np.timedelta64(CHUNK_DAYS, "D")).astype(int)
        for _, chunk in group.groupby(bucket, sort=True):
            yield chunk


def _calls_around(chunk: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """The calls a chunk's windows can reach: from the 3N-th last call of each rep before the chunk's
    first day (of the named call type, if any) to the end of its last follow-up window."""
    crit = calls[calls["criterion"].isin(set(chunk["criterion"]))]
    wanted = header_key(chunk["call_type"].iloc[0])
    if wanted:
        crit = crit[crit["call_type"].map(header_key) == wanted]
    first_day = chunk["day"].min()
    last_day = (chunk["at"] + pd.to_timedelta(chunk["timeframe_days"].astype(int), unit="D")).max().normalize()
    before = crit[crit["day"] < first_day].sort_values(["at", "call_id", "sheet", "row"], kind="stable")
    start = before.groupby(["rep", "criterion"]).tail(int(chunk["window_n"].max()))["day"].min()
    start = first_day if pd.isna(start) else start
    return crit[(crit["day"] >= start) & (crit["day"] <= last_day)]


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
