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

from collections.abc import Mapping

import numpy as np
import pandas as pd

from coachlog_xl.core.comparability import UNKNOWN_CRITERION
from coachlog_xl.core.intervals import Interval, Pending, mean_sd, spread_of
from coachlog_xl.core.rtm import Components

_OUT = [
    "comparison_reps", "comparison_baseline", "comparison_change", "comparison_low", "comparison_high",
    "did", "did_low", "did_high", "placebo", "placebo_low", "placebo_high", "pretrend", "no_comparison",
    "comparison_names", "comparison_sd", "comparison_welch",
]


def _spread_part(changes: list[float], sd: float | None, welch_one: tuple | None) -> list[tuple[float, float]] | None:
    """The variance parts of a mean of reps' changes (``sd`` their sample SD, None for one change):
    :func:`~coachlog_xl.core.intervals.mean_part` of them, else ``welch_one``."""
    return [(sd * sd / len(changes), len(changes) - 1)] if sd is not None else welch_one


def _welch_parts(cols: dict, i: int, later: str, earlier: str) -> list[tuple[float, float]] | None:
    parts = []
    for name in (later, earlier):
        n, var = int(cols[f"{name}_n"][i]), cols[f"{name}_var"][i]
        if n < 2 or var is None or pd.isna(var):
            return None
        parts.append((float(var) / n, n - 1))
    return parts


def _fill(row: dict, prefix: str, iv: Interval | None, estimate: float) -> None:
    row[prefix] = estimate
    if iv is not None:
        row[f"{prefix}_low"], row[f"{prefix}_high"] = iv.low, iv.high


def comparisons(sessions: pd.DataFrame, baseline: pd.Series, delta: pd.Series, session_parts: list,
                pairs: Mapping, windows: Mapping, comps: dict[str, Components],
                checkin_n: int) -> dict[int, dict]:
    """The columns of ``_OUT`` for the sessions that have pairs in ``pairs`` (a chunk of
    :func:`coachlog_xl.core.panel.chunks`), by session position; :func:`blank` for the others.

    ``session_parts`` holds each session's Welch variance parts of its delta (or None); ``windows``
    holds the figures of ``pairs``, one row per pair, in order (each a frame, or a dict of arrays as
    :meth:`~coachlog_xl.core.panel.Chunks.columns` gives).  Who is in the comparison group is
    decided for all pairs of the chunk at once; the sums over each session's group follow session by
    session.
    """
    s_of = np.asarray(pairs["s"], dtype=np.int64)
    cols = {c: np.asarray(windows[c]) for c in windows}
    for c in ("rep", "coached", "first_coached"):
        cols[c] = np.asarray(pairs[c])
    crit = sessions["criterion"].to_numpy(dtype=object)
    days = sessions["day"].to_numpy(dtype="datetime64[ns]")
    window_n = sessions["window_n"].to_numpy()
    held = np.unique(s_of)
    group = np.searchsorted(held, s_of)  # the pair's session among those of the chunk
    n = window_n[s_of].astype(np.int64)
    b_mean = cols["B_mean"].astype(float)
    full = cols["B_n"] >= n
    edges = fifth_edges(group[full], b_mean[full], len(held))
    with np.errstate(invalid="ignore"):
        b_own = pd.to_numeric(baseline.iloc[held], errors="coerce").to_numpy(dtype=float)
        own_fifth = (edges <= b_own[:, None]).sum(axis=1)
        pair_fifth = (edges[group] <= b_mean[:, None]).sum(axis=1)
    # a rep coached on the criterion on or before the session's day is never a comparison
    uncoached = ~(cols["first_coached"] <= days[s_of])
    cols["same"] = full & ~cols["coached"] & (cols["F_n"] >= np.minimum(checkin_n, n)) \
        & (pair_fifth == own_fifth[group]) & uncoached
    cols["full"] = full
    bounds = np.searchsorted(s_of, np.append(held, held[-1] + 1)) if len(held) else [0]
    rows = {}
    later = Pending()
    for j, s in enumerate(held.tolist()):
        g = {k: v[bounds[j]:bounds[j + 1]] for k, v in cols.items()}
        rows[s] = _one(crit[s], int(window_n[s]), baseline.iat[s], delta.iat[s], session_parts[s], g, comps, later)
    later.settle()  # the chunk's intervals, their t quantiles together
    return rows


_FIFTHS = np.array([0.2, 0.4, 0.6, 0.8])


def fifth_edges(group: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Per group (0 .. groups - 1), the 20th, 40th, 60th and 80th percentiles of its values, as
    ``numpy.quantile`` computes them by default (the linear method: position (m - 1) q in the sorted
    values, interpolated from both sides as numpy does); NaN for groups of fewer than two values."""
    out = np.full((groups, len(_FIFTHS)), np.nan)
    if not len(values):
        return out
    if groups < 1 << 15:  # values sorted, then a stable (radix) sort by group: each group's values in order
        by_value = np.argsort(values)
        order = by_value[np.argsort(group[by_value].astype(np.int16), kind="stable")]
    else:
        order = np.lexsort((values, group))
    g, x = group[order], values[order]
    start = np.searchsorted(g, np.arange(groups))
    m = np.bincount(g, minlength=groups)
    big = np.flatnonzero(m >= 2)
    virtual = (m[big, None] - 1) * _FIFTHS[None, :]
    below = np.floor(virtual)
    t = virtual - below
    at = start[big, None] + below.astype(np.int64)
    a, b = x[at], x[at + 1]
    diff = b - a
    out[big] = np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)
    return out


def blank(criterion) -> dict:
    """The row of a session without pairs: no rep has calls on its criterion, or it has none."""
    return _one(criterion, 0, None, None, None, None, None)


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_OUT)


def _one(crit, n, b, delta, parts, g, comps, later: Pending | None = None) -> dict:
    """A session's comparison columns; its intervals are filled in when ``later`` settles."""
    row = dict.fromkeys(_OUT)
    if crit is None or g is None or b is None or pd.isna(b):
        row["no_comparison"] = "no baseline" if crit is not None else UNKNOWN_CRITERION
        return row
    if np.count_nonzero(g["full"]) < 2:
        row["no_comparison"] = "fewer than two reps with a full baseline at that date"
        return row
    same = np.flatnonzero(g["same"])
    if not len(same):
        row["no_comparison"] = "no uncoached rep in the same fifth with follow-up calls"
        return row
    b_mean = g["B_mean"].astype(float)
    comp = comps.get(crit)
    k = len(same)
    changes = (g["F_mean"][same].astype(float) - b_mean[same]).tolist()
    slope = 1 - comp.reliability(n, comp.between) if comp is not None else 0.0
    comp_base = float(np.mean(b_mean[same]))
    mean, sd = mean_sd(changes)
    change = mean + slope * (comp_base - float(b))
    welch_one = _welch_parts(g, same[0], "F", "B") if k == 1 else None
    comp_parts = _spread_part(changes, sd, welch_one)
    # (the one rep's error of its change, variance and df: what the Aggregate has of its spread when k is 1)
    spread = spread_of(welch_one) if welch_one else None
    row.update(comparison_reps=k, comparison_baseline=comp_base, comparison_change=change,
               comparison_names=tuple(sorted(g["rep"][same].tolist())), comparison_sd=sd,
               comparison_welch=(spread[0] ** 2, spread[1]) if spread else None)
    if comp_parts:
        later.add(change, comp_parts, lambda civ: row.update(comparison_low=civ.low, comparison_high=civ.high))
    if delta is not None and not pd.isna(delta):
        did = float(delta) - change
        _fill(row, "did", None, did)
        if parts and comp_parts:
            later.add(did, parts + comp_parts, lambda iv: _fill(row, "did", iv, did))
    _placebo(row, g, np.flatnonzero(g["coached"]), same, n, later)
    return row


def _placebo(row: dict, g: dict, own: np.ndarray, same: np.ndarray, n: int, later: Pending) -> None:
    if not len(own):
        return
    mine = own[0]
    if g["P1_n"][mine] < n or g["P2_n"][mine] < n:
        return
    pre = same[(g["P1_n"][same] >= n) & (g["P2_n"][same] >= n)]
    if not len(pre):
        return
    changes = (g["P1_mean"][pre].astype(float) - g["P2_mean"][pre].astype(float)).tolist()
    mean, sd = mean_sd(changes)
    value = float(g["P1_mean"][mine] - g["P2_mean"][mine]) - mean
    own_parts = _welch_parts(g, mine, "P1", "P2")
    comp_parts = _spread_part(changes, sd, _welch_parts(g, pre[0], "P1", "P2") if len(pre) == 1 else None)
    _fill(row, "placebo", None, value)
    if own_parts and comp_parts:
        def done(iv: Interval) -> None:
            _fill(row, "placebo", iv, value)
            row["pretrend"] = "yes" if iv.low > 0 or iv.high < 0 else "no"

        later.add(value, own_parts + comp_parts, done)
