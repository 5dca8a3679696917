"""Choosing the baseline and follow-up windows of every session.

domain.md, "Baseline window", "Follow-up window" and "Exact rules: Windows":
- baseline: the rep's scored calls on the targeted criterion strictly before the session's moment,
  the last N of them;
- follow-up: strictly after the moment and no later than the moment plus the timeframe, the first N;
- a call on the session's day when the session or the call has a date only, or a call exactly at a
  timed session's moment, is in neither window;
- when the session names a call type, both windows take only calls of that type;
- order within a window: call date-time, then call id, then source sheet and row.

All sessions are handled at once: one merge of sessions with their rep's calls on the criterion,
vectorised masks, and a rank within each session.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.inputs import header_key

BASELINE = "baseline"
FOLLOWUP = "follow-up"
SAME_DAY = "same day"

_SESSION_COLS = ["s", "rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]


def window_ends(sessions: pd.DataFrame) -> pd.Series:
    """The last moment of each session's follow-up window.

    Date-only session on day D: the end of day D + timeframe (given as that day, midnight);
    timed session at m: m + timeframe x 24 h.
    """
    span = pd.to_timedelta(sessions["timeframe_days"].astype(int), unit="D")
    return sessions["at"] + span


def assign(sessions: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """Every (session, call) pair that falls in a window or is left out on the session's day.

    Returns the call columns plus ``s`` (the session's position), ``role`` (baseline, follow-up or
    same day) and ``pos`` (0-based position within the window: for the baseline counted back from
    the session, for the follow-up forward from it).  Only the last/first N of each window are kept.
    """
    sess = sessions.assign(s=np.arange(len(sessions)))[_SESSION_COLS]
    sess = sess[sess["criterion"].notna()]
    if sess.empty or calls.empty:
        return _empty(calls)
    pairs = sess.merge(calls, on=["rep", "criterion"], suffixes=("_s", ""))
    if pairs.empty:
        return _empty(calls)
    wanted = pairs["call_type_s"].map(header_key)
    pairs = pairs[(wanted == "") | (wanted == pairs["call_type"].map(header_key))]

    span = pd.to_timedelta(pairs["timeframe_days"].astype(int), unit="D")
    s_at, s_day, timed = pairs["at_s"], pairs["day_s"], pairs["timed"].astype(bool)
    c_at, c_day, c_date_only = pairs["at"], pairs["day"], pairs["date_only"].astype(bool)
    by_day = ~timed | c_date_only
    end_day = (s_at + span).dt.normalize()

    before = np.where(by_day, c_day < s_day, c_at < s_at)
    after = np.where(
        by_day,
        (c_day > s_day) & (c_day <= end_day),
        (c_at > s_at) & (c_at <= s_at + span),
    )
    same_day = ~before & ~after & (c_day == s_day).to_numpy()
    pairs = pairs.assign(
        role=np.select([before, after, same_day], [BASELINE, FOLLOWUP, SAME_DAY], default=""),
    )
    pairs = pairs[pairs["role"] != ""]
    pairs = pairs.sort_values(["s", "at", "call_id", "sheet", "row"], kind="stable")

    base = pairs[pairs["role"] == BASELINE]
    base = base.assign(pos=base.groupby("s").cumcount(ascending=False))
    base = base[base["pos"] < base["window_n"]]
    follow = pairs[pairs["role"] == FOLLOWUP]
    follow = follow.assign(pos=follow.groupby("s").cumcount())
    follow = follow[follow["pos"] < follow["window_n"]]
    same = pairs[pairs["role"] == SAME_DAY].assign(pos=0)
    keep = list(calls.columns) + ["s", "role", "pos"]
    return pd.concat([base, follow, same])[keep].reset_index(drop=True)


def _empty(calls: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(columns=list(calls.columns) + ["s", "role", "pos"])
