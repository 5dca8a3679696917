"""The comparison group of a session and the difference-in-differences (domain.md, "Evidence").

For a session of rep r on criterion c at moment t:

- **Team distribution**: every rep's last-N mean on c before t (reps with N calls there), and its
  fifths (the 20th, 40th, 60th and 80th percentiles).
- **Comparison reps**: the other reps whose last-N mean falls in the same fifth as r's baseline, with
  no session on c on or before the session's date, and at least the check-in count of calls in the
  same follow-up window.  As in Callaway & Sant'Anna (2021), the comparisons are the never-coached and
  the not-yet-coached.  A rep coached earlier never is one (picked for low scores once already, their
  level is lower than their fifth's and they regress less).  A rep coached later keeps their whole
  windows even when their own session falls inside the follow-up window: leaving them out would keep
  only the reps whose follow-up stayed high enough not to be coached, which inflates the comparison
  change; keeping them can add a little of the coaching effect to it, which makes the difference
  smaller, never larger.
- **Comparison change**: the mean of their follow-up mean minus baseline mean over the same calendar
  windows, moved to r's own baseline with the team's regression slope (the fifth is a band; a rep at
  its bottom regresses further than the band's average).  Its standard error is the spread of the
  reps' changes over sqrt(k) (k - 1 df), or the Welch error of the one rep's windows when k is 1.
- **Difference-in-differences** = the session's delta minus the comparison change; its interval
  combines the Welch parts of the session with the comparison's (Welch-Satterthwaite df).
- **Pre-period placebo**: the same difference over the two windows before the baseline (the N calls
  before it against the N before those); an interval away from 0 says scores were already trending
  apart before the session.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from coachlog_xl.core.intervals import Interval, combine, mean_sd
from coachlog_xl.core.rtm import Components

_OUT = [
    "comparison_reps", "comparison_baseline", "comparison_change", "comparison_low", "comparison_high",
    "did", "did_low", "did_high", "placebo", "placebo_low", "placebo_high", "pretrend", "no_comparison",
    "comparison_names", "comparison_sd",
]


def _coached_days(sessions: pd.DataFrame) -> dict[tuple, list]:
    out: dict[tuple, list] = {}
    for rep, crit, day in zip(sessions["rep"], sessions["criterion"], sessions["day"]):
        if crit is not None:
            out.setdefault((rep, crit), []).append(pd.Timestamp(day))
    return out


def _fifth(edges: np.ndarray, value: float) -> int:
    """Which fifth of the team (0 = bottom) a last-N mean falls in, given the 20/40/60/80th percentiles."""
    return int(np.searchsorted(edges, value, side="right"))


def _spread_part(changes: list[float], welch_one: tuple | None) -> list[tuple[float, float]] | None:
    """The variance parts of a mean of reps' changes."""
    if len(changes) >= 2:
        _, sd = mean_sd(changes)
        return [(sd * sd / len(changes), len(changes) - 1)]
    return welch_one


def _welch_parts(w: dict, later: str, earlier: str) -> list[tuple[float, float]] | None:
    parts = []
    for name in (later, earlier):
        n, var = int(w[f"{name}_n"]), w[f"{name}_var"]
        if n < 2 or var is None or pd.isna(var):
            return None
        parts.append((float(var) / n, n - 1))
    return parts


def _fill(row: dict, prefix: str, iv: Interval | None, estimate: float) -> None:
    row[prefix] = estimate
    if iv is not None:
        row[f"{prefix}_low"], row[f"{prefix}_high"] = iv.low, iv.high


def comparisons(sessions: pd.DataFrame, baseline: pd.Series, delta: pd.Series, session_parts: list,
                pairs: pd.DataFrame, windows: pd.DataFrame, comps: dict[str, Components],
                checkin_n: int) -> pd.DataFrame:
    """One row per session with the columns of ``_OUT`` (blank where there is no comparison).

    ``session_parts`` holds each session's Welch variance parts of its delta (or None); ``windows``
    is :func:`coachlog_xl.core.panel.window_means` of ``pairs``.
    """
    coached = _coached_days(sessions)
    table = pairs.merge(windows, on="p")
    by_session = {s: g for s, g in table.groupby("s", sort=False)}
    rows = []
    for s in range(len(sessions)):
        rows.append(_one(sessions.iloc[s], baseline.iat[s], delta.iat[s], session_parts[s], by_session.get(s),
                         comps, coached, checkin_n))
    return pd.DataFrame(rows, columns=_OUT)


def _one(sess, b, delta, parts, g, comps, coached, checkin_n) -> dict:
    row = dict.fromkeys(_OUT)
    crit, rep = sess["criterion"], sess["rep"]
    if crit is None or g is None or b is None or pd.isna(b):
        row["no_comparison"] = "no baseline" if crit is not None else "criterion not on the Criteria sheet"
        return row
    n, day = int(sess["window_n"]), pd.Timestamp(sess["day"])
    full = g[g["B_n"] >= n]
    if len(full) < 2:
        row["no_comparison"] = "fewer than two reps with a full baseline at that date"
        return row
    edges = np.quantile(full["B_mean"].to_numpy(dtype=float), [0.2, 0.4, 0.6, 0.8])
    fifth = _fifth(edges, float(b))
    others = full[(full["rep"] != rep) & (full["F_n"] >= min(checkin_n, n))]
    keep = [_fifth(edges, float(v)) == fifth and not any(d <= day for d in coached.get((r, crit), []))
            for v, r in zip(others["B_mean"], others["rep"])]
    same = others.loc[np.array(keep, dtype=bool)]
    if same.empty:
        row["no_comparison"] = "no uncoached rep in the same fifth with follow-up calls"
        return row
    comp = comps.get(crit)
    k = len(same)
    changes = (same["F_mean"] - same["B_mean"]).astype(float).tolist()
    slope = 1 - comp.reliability(n, comp.between) if comp is not None else 0.0
    comp_base = float(same["B_mean"].mean())
    change = math.fsum(changes) / k + slope * (comp_base - float(b))
    comp_parts = _spread_part(changes, _welch_parts(same.iloc[0].to_dict(), "F", "B") if k == 1 else None)
    row.update(comparison_reps=k, comparison_baseline=comp_base, comparison_change=change,
               comparison_names=tuple(sorted(same["rep"])), comparison_sd=mean_sd(changes)[1])
    if comp_parts:
        civ = combine(change, comp_parts)
        row["comparison_low"], row["comparison_high"] = civ.low, civ.high
    if delta is not None and not pd.isna(delta):
        did = float(delta) - change
        _fill(row, "did", combine(did, parts + comp_parts) if parts and comp_parts else None, did)
    _placebo(row, g[g["rep"] == rep], same, n)
    return row


def _placebo(row: dict, own: pd.DataFrame, same: pd.DataFrame, n: int) -> None:
    if own.empty:
        return
    mine = own.iloc[0].to_dict()
    if mine["P1_n"] < n or mine["P2_n"] < n:
        return
    pre = same[(same["P1_n"] >= n) & (same["P2_n"] >= n)]
    if pre.empty:
        return
    changes = (pre["P1_mean"] - pre["P2_mean"]).astype(float).tolist()
    value = float(mine["P1_mean"] - mine["P2_mean"]) - math.fsum(changes) / len(changes)
    own_parts = _welch_parts(mine, "P1", "P2")
    comp_parts = _spread_part(changes, _welch_parts(pre.iloc[0].to_dict(), "P1", "P2") if len(pre) == 1 else None)
    iv = combine(value, own_parts + comp_parts) if own_parts and comp_parts else None
    _fill(row, "placebo", iv, value)
    if iv is not None:
        row["pretrend"] = "yes" if iv.low > 0 or iv.high < 0 else "no"
