"""Aggregates over valid comparisons only (domain.md, S1 step 6, and "Evidence").

By coaching method, criterion, rep, supervisor and month of the session: sessions, valid
comparisons, how many were left out and why, mean and median delta, share improved and share
meeting the threshold; then the evidence:

- each mean (delta, comparison change, delta vs comparison, delta minus the expected RTM gain, the
  pre-trend placebo) with the half-width of its 95 % t interval over the group's sessions (n - 1 df;
  a group of one session shows that session's own interval), and the n behind it;
- a verdict in words (:func:`verdict`);
- the share of held sessions whose suggested decision is close, continue and escalate.

Below them: one row per valid session, grouped by rep (before and after means, for the before/after
chart), and one row per evaluator and criterion with the evaluator's offset.
"""

from __future__ import annotations

import statistics
from collections import Counter
from functools import partial

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.comparability import UNKNOWN_CRITERION
from coachlog_xl.core.followup import COMPLETE, SCHEDULED, YES
from coachlog_xl.core.frames import records, records_blank_none
from coachlog_xl.core.intervals import NOISE, change_label, combine, mean_interval, mean_part

BLANK_GROUP = "(blank)"
# improved / declined / a gain that the comparison (or the expected RTM gain) accounts for
_AGAINST_COMPARISON = ("improved beyond the comparison group", "declined against the comparison group",
                       "gain matched by the comparison group: likely regression to the mean",
                       "gain beyond the comparison group within noise")
_AGAINST_RTM = ("improved beyond regression to the mean", "declined",
                "gain explained by regression to the mean", "gain beyond regression to the mean within noise")
_DECISIONS = (("share_close", "close"), ("share_continue", "continue"), ("share_escalate", "escalate"))
# the Follow-up columns the aggregates read (the groups' keys, the status and conditions, the evidence)
READ = frozenset({
    *(key for key, _ in schema.AGGREGATE_DIMENSIONS), "session_id", "day", "session_at", "baseline_mean",
    "followup_mean", "delta", "threshold_met", "status", "same_criterion", "definition_unchanged",
    "types_comparable", "enough_calls", "valid", "suggested", "delta_low", "delta_high", "rtm_corrected",
    "rtm_low", "rtm_high", "comparison_change", "comparison_low", "comparison_high", "did", "did_low",
    "did_high", "placebo", "placebo_low", "placebo_high", "no_comparison", "comparison_names", "comparison_sd",
    "comparison_welch", "scores_wait",
})


def why_left_out(row: dict) -> str:
    """The first reason a session is not a valid comparison (or not counted as one yet): a criterion
    not on the Criteria sheet before all others (no call is ever counted for it, so it never completes)."""
    if row.get("no_comparison") == UNKNOWN_CRITERION:
        return UNKNOWN_CRITERION
    if row["status"] != COMPLETE:
        return "not complete"
    if row.get("scores_wait"):
        return "waits for scores"  # Scores rows not yet counted may change its figures (Checks says which)
    for key, label in (("same_criterion", "criterion"), ("definition_unchanged", "definition changed"),
                       ("types_comparable", "call types"), ("enough_calls", "too few calls")):
        if row[key] == "no":
            return label
    return "not valid" if row["valid"] == "no" else "cannot be checked"


def _estimated(naive: tuple | None) -> bool:
    return naive is not None and naive[0] is not None and not pd.isna(naive[0])


def _held_up(delta: float, against_comparison: bool) -> str:
    """Above the comparison (or the expected regression to the mean) without a gain of its own: the rep
    held steady, or declined less, while the comparison fell."""
    steady = delta >= -1e-9
    if against_comparison:
        return "no change while the comparison group declined" if steady else "declined less than the comparison group"
    return ("no change where regression to the mean expected a fall" if steady
            else "declined less than regression to the mean expected")


def verdict(naive: tuple | None, did: tuple | None, corrected: tuple | None) -> str | None:
    """The evidence in words, from (estimate, low, high) triples; the comparison group comes first, then
    the delta minus the expected regression to the mean, then the delta alone.  When the mean delta is
    above 0 but the corrected figure's interval spans 0, the gain is called regression to the mean only
    when the correction took at least half of it away; otherwise the rest of the gain is within noise.
    Above the comparison (or the expected regression) without a mean delta above 0 is no improvement:
    the words say the rep held steady, or declined less, while the comparison fell."""
    def beyond(iv):
        return iv is not None and iv[1] is not None and not pd.isna(iv[1])

    naive_up = beyond(naive) and naive[1] > 0
    for iv, words in ((did, _AGAINST_COMPARISON), (corrected, _AGAINST_RTM)):
        if not beyond(iv):
            continue
        if iv[1] > 0:  # above the comparison: an improvement only when the delta itself is one
            return words[0] if not _estimated(naive) or naive[0] > 1e-9 else _held_up(naive[0], iv is did)
        if iv[2] < 0:
            return words[1]
        if not naive_up:
            return NOISE
        # The naive gain is real but the corrected one spans 0: say RTM only when most of it is gone.
        return words[2] if iv[0] <= naive[0] / 2 else words[3]
    if not beyond(naive):
        return None
    return change_label(naive[1], naive[2])


def aggregate(followup: pd.DataFrame, offsets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Aggregate sheet's rows: by each dimension, per valid session, per evaluator (see the module)."""
    work = Aggregation(followup, offsets)
    return work.frame([piece() for piece in work.pieces])


class Aggregation:
    """The aggregates as independent pieces: ``pieces`` (each gives its rows: one per dimension, each
    half of the session rows, the evaluator rows; the largest first) may run in any order or process;
    :meth:`frame` puts their rows together in the sheet's order."""

    def __init__(self, followup: pd.DataFrame, offsets: pd.DataFrame | None = None):
        self.pieces: list = []
        self._order: list[int] = []
        if followup.empty:
            return
        # a Log row repeating an earlier one's session (its id, rep, criterion and moment: the session
        # written twice, named in Checks) counts once
        followup = followup[~followup.duplicated(["session_id", "rep", "criterion", "session_at"])]
        # the columns read here, blank cells (None, NaN, NaT) as None, a column at a time
        self.sessions = sessions = records_blank_none(followup[[c for c in followup.columns if c in READ]])
        code_of: dict[str, int] = {}
        for r in sessions:
            # a session whose figures wait for Scores rows not yet counted is left out until they are
            r["month"], r["_valid"] = _month(r["session_at"]), r["valid"] == YES and not r.get("scores_wait")
            names = r.get("comparison_names") or ()
            r["_comparison_codes"] = np.array([code_of.setdefault(n, len(code_of)) for n in names], dtype=np.int64)
        # in the sheet's order, with a rough cost: the sessions each piece reads, and per group an interval
        pieces = [(partial(self._dimension, key, label), len(sessions) + 20 * len({r.get(key) for r in sessions}))
                  for key, label in schema.AGGREGATE_DIMENSIONS]
        # the session rows (an interval per session: the costliest piece) in two halves
        pieces += [(partial(_session_rows, sessions, half, 2), 7 * len(sessions)) for half in range(2)]
        if offsets is not None:
            pieces.append((partial(_evaluator_rows, offsets), len(offsets)))
        self._order = sorted(range(len(pieces)), key=lambda i: -pieces[i][1])
        self.pieces = [pieces[i][0] for i in self._order]

    def _dimension(self, key: str, label: str) -> list[dict]:
        groups: dict[str, list[dict]] = {}
        for r in self.sessions:
            v = r.get(key)
            groups.setdefault(v if isinstance(v, str) and v else BLANK_GROUP, []).append(r)
        return [_row(label, name, groups[name]) for name in sorted(groups, key=lambda g: (g == BLANK_GROUP, g.lower()))]

    def frame(self, parts: list[list[dict]]) -> pd.DataFrame:
        """The sheet from the pieces' rows (in the order of :attr:`pieces`)."""
        in_order = [part for _, part in sorted(zip(self._order, parts), key=lambda pair: pair[0])]
        return pd.DataFrame([row for part in in_order for row in part], columns=schema.AGGREGATE.keys)


def _mean_and_margin(g: list[dict], key: str, low: str, high: str) -> tuple[int, tuple | None]:
    """n, and (mean, low, high) of the group's values of ``key`` (None without values)."""
    have = [r for r in g if r.get(key) is not None]
    values = [float(r[key]) for r in have]
    if not values:
        return 0, None
    iv = mean_interval(values)
    if iv is not None:
        return len(values), (iv.estimate, iv.low, iv.high)
    lo, hi = have[0].get(low), have[0].get(high)
    ok = lo is not None and hi is not None
    return 1, (values[0], float(lo) if ok else None, float(hi) if ok else None)


def _margin(iv: tuple | None) -> float | None:
    return None if iv is None or iv[1] is None else (iv[2] - iv[1]) / 2


def _share(rows: list[dict], test) -> float | None:
    return sum(1 for r in rows if test(r)) / len(rows) if rows else None


def _row(label: str, name: str, g: list[dict]) -> dict:
    valid = [r for r in g if r["_valid"]]
    left = [r for r in g if not r["_valid"]]
    reasons = Counter(why_left_out(r) for r in left)
    deltas = [float(r["delta"]) for r in valid if r["delta"] is not None]
    row = {
        "dimension": label,
        "group": name,
        "sessions": len(g),
        "valid": len(valid),
        "left_out": len(left),
        "left_out_why": _reasons(reasons),
        "mean_delta": sum(deltas) / len(deltas) if deltas else None,
        "median_delta": statistics.median(deltas) if deltas else None,
        "share_improved": sum(1 for d in deltas if d > 0) / len(deltas) if deltas else None,
        "share_threshold": _share(valid, lambda r: r["threshold_met"] == YES),
    }
    row.update(_evidence(valid))
    held = [r for r in g if r["status"] != SCHEDULED]
    row["held"] = len(held)
    for key, word in _DECISIONS:
        row[key] = _share(held, lambda r, w=word: r["suggested"] == w)
    return row


def _reasons(counts: Counter) -> str:
    """``too few calls: 2; call types: 1``: each reason with the sessions it left out, most first."""
    return "; ".join(f"{why}: {n}" for why, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _shared(rows: list[dict], key: str, interval: tuple | None) -> tuple | None:
    """Widen a mean's interval for comparison reps shared between sessions.

    Sessions close in time often use the same comparison reps over nearly the same windows, so their
    comparison changes move together and the spread of the session values understates the error.  Here
    each comparison rep counts once, with the weight its sessions give it: var(mean comparison change) =
    sum over reps of weight^2 x the reps' pooled variance of change (as if a rep's changes in overlapping
    sessions were one), plus, for the difference-in-differences, the variance of the mean delta; the
    wider of this and the plain interval is kept (Welch-Satterthwaite df).  The pooled variance is that
    of the sessions with two or more comparison reps (their changes' spread, distinct reps - 1 df); where
    every session has one, the mean of those reps' own errors of change (as the sessions' intervals
    take them, Welch-Satterthwaite df, the fewest of them).
    """
    rows = [r for r in rows if r.get(key) is not None and r.get("comparison_names")]
    sds = [float(r["comparison_sd"]) for r in rows if r.get("comparison_sd") is not None]
    ones = [r["comparison_welch"] for r in rows if r.get("comparison_welch") is not None]
    if interval is None or interval[1] is None or len(rows) < 2 or not (sds or ones):
        return interval
    # each rep's weight, summed row by row in the rows' order (np.bincount adds in input order), and
    # the squares summed over the reps in the order they first appear
    codes = np.concatenate([r["_comparison_codes"] for r in rows])
    step = np.repeat([1 / (len(rows) * len(r["comparison_names"])) for r in rows],
                     [len(r["comparison_names"]) for r in rows])
    weight = np.bincount(codes, weights=step)
    reps = pd.unique(codes)  # in the order they first appear (a hash table: no sort)
    if sds:
        pooled, df = sum(v * v for v in sds) / len(sds), max(len(reps) - 1, 1)
    else:
        pooled, df = sum(v for v, _ in ones) / len(ones), max(len(reps) - 1, min(d for _, d in ones))
    parts = [(pooled * sum((weight[reps] ** 2).tolist()), df)]
    if key == "did":
        deltas = [float(r["delta"]) for r in rows]
        parts.append(mean_part(deltas))
    wide = combine(interval[0], parts)
    return interval if wide.margin <= (interval[2] - interval[1]) / 2 else (wide.estimate, wide.low, wide.high)


def _evidence(valid: list[dict]) -> dict:
    """The evidence columns of a group of valid sessions."""
    _, naive = _mean_and_margin(valid, "delta", "delta_low", "delta_high")
    compared, comp = _mean_and_margin(valid, "comparison_change", "comparison_low", "comparison_high")
    _, did = _mean_and_margin(valid, "did", "did_low", "did_high")
    comp, did = _shared(valid, "comparison_change", comp), _shared(valid, "did", did)
    _, corrected = _mean_and_margin(valid, "rtm_corrected", "rtm_low", "rtm_high")
    _, placebo = _mean_and_margin(valid, "placebo", "placebo_low", "placebo_high")
    names = set()
    for r in valid:
        if r.get("comparison_change") is not None:
            names.update(r.get("comparison_names") or ())
    missing = Counter(r["no_comparison"] for r in valid if isinstance(r.get("no_comparison"), str))
    return {
        "delta_margin": _margin(naive),
        "compared": compared,
        "comparison_reps": len(names) if compared else None,
        "comparison_change": comp[0] if comp else None,
        "comparison_margin": _margin(comp),
        "did": did[0] if did else None,
        "did_margin": _margin(did),
        "rtm_corrected": corrected[0] if corrected else None,
        "rtm_margin": _margin(corrected),
        "placebo": placebo[0] if placebo else None,
        "placebo_margin": _margin(placebo),
        "verdict": verdict(naive, did, corrected),
        "no_comparison_why": _reasons(missing) or None,
    }


def _session_rows(records: list[dict], part: int = 0, parts: int = 1) -> list[dict]:
    """One row per valid session with a delta, grouped by rep, then by session date: of these rows,
    those of ``part`` (0 .. ``parts`` - 1) of as many consecutive parts of about equal length."""
    valid = [r for r in records if r["_valid"] and r["delta"] is not None]
    valid.sort(key=lambda r: (str(r["rep"]), r["day"], str(r["session_id"])))
    rows = []
    for r in valid[len(valid) * part // parts:len(valid) * (part + 1) // parts]:
        row = {"dimension": schema.SESSION_DIMENSION, "group": f"{r['rep']} \u00b7 {r['session_id']}",
               "sessions": 1, "valid": 1, "left_out": 0, "mean_delta": r["delta"], "median_delta": r["delta"],
               "share_improved": 1.0 if r["delta"] > 0 else 0.0,
               "share_threshold": 1.0 if r["threshold_met"] == YES else 0.0,
               "before": r["baseline_mean"], "after": r["followup_mean"], "held": 1}
        row.update(_evidence([r]))
        for key, word in _DECISIONS:
            row[key] = 1.0 if r["suggested"] == word else 0.0
        rows.append(row)
    return rows


def _evaluator_rows(offsets: pd.DataFrame) -> list[dict]:
    rows = []
    for r in records(offsets):
        lo, hi = r["offset_low"], r["offset_high"]
        rows.append({"dimension": schema.EVALUATOR_DIMENSION, "group": f"{r['evaluator']} \u00b7 {r['criterion']}",
                     "calls": r["calls"], "offset": r["offset"],
                     "offset_margin": None if lo is None or pd.isna(lo) else (hi - lo) / 2})
    return rows


def _month(value) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value is not None else BLANK_GROUP
