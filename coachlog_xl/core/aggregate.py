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
from coachlog_xl.core.frames import blank_none, records
from coachlog_xl.core.intervals import NOISE, change_label, combine, mean_interval, mean_part

BLANK_GROUP = "(blank)"
# improved / declined / a gain that the comparison (or the expected RTM gain) accounts for
_AGAINST_COMPARISON = ("improved beyond the comparison group", "declined against the comparison group",
                       "gain matched by the comparison group: likely regression to the mean",
                       "gain beyond the comparison group within noise")
_AGAINST_RTM = ("improved beyond regression to the mean", "declined",
                "gain explained by regression to the mean", "gain beyond regression to the mean within noise")
_DECISIONS = (("share_close", "close"), ("share_continue", "continue"), ("share_escalate", "escalate"))
# the evidence's values, each with the ends of a session's own interval
_OWN = (("delta", "delta_low", "delta_high"), ("comparison_change", "comparison_low", "comparison_high"),
        ("did", "did_low", "did_high"), ("rtm_corrected", "rtm_low", "rtm_high"),
        ("placebo", "placebo_low", "placebo_high"))
# the Follow-up columns compared with words
_TEXTS = ("valid", "status", "threshold_met", "suggested", "no_comparison", "same_criterion", "definition_unchanged",
          "types_comparable", "enough_calls")
# the Follow-up columns the aggregates read (the groups' keys, the status and conditions, the evidence)
READ = frozenset({
    *(key for key, _ in schema.AGGREGATE_DIMENSIONS), "session_id", "day", "session_at", "baseline_mean",
    "followup_mean", "delta", "threshold_met", "status", "same_criterion", "definition_unchanged",
    "types_comparable", "enough_calls", "valid", "suggested", "delta_low", "delta_high", "rtm_corrected",
    "rtm_low", "rtm_high", "comparison_change", "comparison_low", "comparison_high", "did", "did_low",
    "did_high", "placebo", "placebo_low", "placebo_high", "no_comparison", "comparison_names", "comparison_sd",
    "comparison_welch", "scores_wait",
})


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
        cols = _Columns(followup[[c for c in followup.columns if c in READ]])
        # in the sheet's order, with a rough cost: the sessions each piece reads, and per group an interval
        pieces = [(partial(_dimension, cols, key, label), cols.n + 60 * cols.distinct(key))
                  for key, label in schema.AGGREGATE_DIMENSIONS]
        pieces += [(partial(_session_rows, cols, half, 2), 2 * cols.n) for half in range(2)]
        if offsets is not None:
            pieces.append((partial(_evaluator_rows, offsets), len(offsets)))
        self._order = sorted(range(len(pieces)), key=lambda i: -pieces[i][1])
        self.pieces = [pieces[i][0] for i in self._order]

    def frame(self, parts: list[list[dict]]) -> pd.DataFrame:
        """The sheet from the pieces' rows (in the order of :attr:`pieces`)."""
        in_order = [part for _, part in sorted(zip(self._order, parts), key=lambda pair: pair[0])]
        return pd.DataFrame([row for part in in_order for row in part], columns=schema.AGGREGATE.keys)


class _Columns:
    """The sessions' columns read here, each made once for every group: a list of Python values (blanks
    None, as :func:`~coachlog_xl.core.frames.records_blank_none` gives them), text as an array to
    compare, the numbers of valid sessions as floats (NaN where blank or not valid), and every
    session's comparison reps as codes (one flat array, ``name_start`` where each session's begin)."""

    def __init__(self, frame: pd.DataFrame):
        self.n = len(frame)
        self._lists = {c: blank_none(frame[c]) for c in frame.columns}
        self._texts = {key: np.array(self.values(key), dtype=object) for key in _TEXTS}
        # a session whose figures wait for Scores rows not yet counted is left out until they are
        self.waits = np.array([bool(w) for w in self.values("scores_wait")], dtype=bool)
        self.valid = (self.text("valid") == YES) & ~self.waits
        self._numbers = {key: self._floats(frame, key) for keys in (*_OWN, ("comparison_sd",)) for key in keys}
        self.month = [_month(v) for v in self.values("session_at")]
        self.names = [v or () for v in self.values("comparison_names")]
        self.name_count = np.array([len(v) for v in self.names], dtype=np.int64)
        self.name_start = np.concatenate([[0], np.cumsum(self.name_count)])
        code_of: dict[str, int] = {}
        self.codes = np.array([code_of.setdefault(name, len(code_of)) for names in self.names for name in names],
                              dtype=np.int64)
        self.why = _left_out_why(self)

    def values(self, key: str) -> list:
        return self._lists[key] if key in self._lists else [None] * self.n

    def text(self, key: str) -> np.ndarray:
        return self._texts[key]

    def number(self, key: str) -> np.ndarray:
        return self._numbers[key]

    def _floats(self, frame: pd.DataFrame, key: str) -> np.ndarray:
        if key in frame and frame[key].dtype == np.float64:  # blanks are NaN already
            return np.where(self.valid, frame[key].to_numpy(), np.nan)
        return np.array([float(v) if ok and v is not None else np.nan
                         for v, ok in zip(self.values(key), self.valid.tolist())], dtype=np.float64)

    def distinct(self, key: str) -> int:
        return len(set(self.month if key == "month" else self.values(key)))

    def codes_of(self, rows: np.ndarray) -> np.ndarray:
        """The comparison reps' codes of ``rows``, row after row."""
        counts = self.name_count[rows]
        before = np.cumsum(counts) - counts
        return self.codes[np.repeat(self.name_start[rows] - before, counts) + np.arange(counts.sum())]


def _left_out_why(c: _Columns) -> np.ndarray:
    """Each session's first reason not to be a valid comparison (or not counted as one yet), read for
    the sessions left out: a criterion not on the Criteria sheet before all others (no call is ever
    counted for it, so it never completes)."""
    tests = [c.text("no_comparison") == UNKNOWN_CRITERION, c.text("status") != COMPLETE, c.waits]
    # figures waiting for Scores rows not yet counted may change (Checks says which)
    words = [UNKNOWN_CRITERION, "not complete", "waits for scores"]
    for key, label in (("same_criterion", "criterion"), ("definition_unchanged", "definition changed"),
                       ("types_comparable", "call types"), ("enough_calls", "too few calls")):
        tests.append(c.text(key) == "no")
        words.append(label)
    tests += [c.text("valid") == "no", np.ones(c.n, dtype=bool)]
    words += ["not valid", "cannot be checked"]
    return np.array(words, dtype=object)[np.argmax(np.vstack(tests), axis=0)]


def _dimension(c: _Columns, key: str, label: str) -> list[dict]:
    names = np.array([v if isinstance(v, str) and v else BLANK_GROUP
                      for v in (c.month if key == "month" else c.values(key))], dtype=object)
    codes, names = pd.factorize(names)  # the groups in the order they first appear
    members = np.split(np.argsort(codes, kind="stable"), np.cumsum(np.bincount(codes))[:-1])
    names = names.tolist()
    by_name = sorted(range(len(names)), key=lambda k: (names[k] == BLANK_GROUP, names[k].lower()))
    return [_row(c, label, names[k], members[k]) for k in by_name]


def _mean_and_margin(c: _Columns, valid: np.ndarray, key: str, low: str, high: str) -> tuple[int, tuple | None]:
    """n, and (mean, low, high) of the valid sessions' values of ``key`` (None without values)."""
    values = c.number(key)[valid]
    have = ~np.isnan(values)
    n = int(have.sum())
    if n == 0:
        return 0, None
    if n > 1:
        iv = mean_interval(values[have].tolist())
        return n, (iv.estimate, iv.low, iv.high)
    alone = valid[have][0]
    lo, hi = c.number(low)[alone], c.number(high)[alone]
    ok = not (np.isnan(lo) or np.isnan(hi))
    return 1, (float(values[have][0]), float(lo) if ok else None, float(hi) if ok else None)


def _margin(iv: tuple | None) -> float | None:
    return None if iv is None or iv[1] is None else (iv[2] - iv[1]) / 2


def _share(test: np.ndarray) -> float | None:
    return int(test.sum()) / len(test) if len(test) else None


def _row(c: _Columns, label: str, name: str, g: np.ndarray) -> dict:
    ok = c.valid[g]
    valid, left = g[ok], g[~ok]
    deltas = c.number("delta")[valid]
    deltas = deltas[~np.isnan(deltas)]
    listed = deltas.tolist()
    row = {
        "dimension": label,
        "group": name,
        "sessions": len(g),
        "valid": len(valid),
        "left_out": len(left),
        "left_out_why": _reasons(Counter(c.why[left].tolist())),
        "mean_delta": sum(listed) / len(listed) if listed else None,
        "median_delta": statistics.median(listed) if listed else None,
        "share_improved": _share(deltas > 0),
        "share_threshold": _share(c.text("threshold_met")[valid] == YES),
    }
    row.update(_evidence(c, valid))
    held = g[c.text("status")[g] != SCHEDULED]
    row["held"] = len(held)
    for key, word in _DECISIONS:
        row[key] = _share(c.text("suggested")[held] == word)
    return row


def _reasons(counts: Counter) -> str:
    """``too few calls: 2; call types: 1``: each reason with the sessions it left out, most first."""
    return "; ".join(f"{why}: {n}" for why, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _shared(c: _Columns, valid: np.ndarray, key: str, interval: tuple | None) -> tuple | None:
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
    rows = valid[~np.isnan(c.number(key)[valid]) & (c.name_count[valid] > 0)]
    sds = c.number("comparison_sd")[rows]
    sds = sds[~np.isnan(sds)].tolist()
    welch = c.values("comparison_welch")
    ones = [welch[i] for i in rows.tolist() if welch[i] is not None]
    if interval is None or interval[1] is None or len(rows) < 2 or not (sds or ones):
        return interval
    # each rep's weight, summed row by row in the rows' order (np.bincount adds in input order), and
    # the squares summed over the reps in the order they first appear
    codes, counts = c.codes_of(rows), c.name_count[rows]
    weight = np.bincount(codes, weights=np.repeat(1 / (len(rows) * counts), counts))
    reps = pd.unique(codes)  # in the order they first appear (a hash table: no sort)
    if sds:
        pooled, df = sum(v * v for v in sds) / len(sds), max(len(reps) - 1, 1)
    else:
        pooled, df = sum(v for v, _ in ones) / len(ones), max(len(reps) - 1, min(d for _, d in ones))
    parts = [(pooled * sum((weight[reps] ** 2).tolist()), df)]
    if key == "did":
        parts.append(mean_part(c.number("delta")[rows].tolist()))
    wide = combine(interval[0], parts)
    return interval if wide.margin <= (interval[2] - interval[1]) / 2 else (wide.estimate, wide.low, wide.high)


def _evidence(c: _Columns, valid: np.ndarray) -> dict:
    """The evidence columns of a group of valid sessions."""
    _, naive = _mean_and_margin(c, valid, "delta", "delta_low", "delta_high")
    compared, comp = _mean_and_margin(c, valid, "comparison_change", "comparison_low", "comparison_high")
    _, did = _mean_and_margin(c, valid, "did", "did_low", "did_high")
    comp, did = _shared(c, valid, "comparison_change", comp), _shared(c, valid, "did", did)
    _, corrected = _mean_and_margin(c, valid, "rtm_corrected", "rtm_low", "rtm_high")
    _, placebo = _mean_and_margin(c, valid, "placebo", "placebo_low", "placebo_high")
    reps = len(pd.unique(c.codes_of(valid[~np.isnan(c.number("comparison_change")[valid])]))) if compared else None
    missing = Counter(why for why in c.text("no_comparison")[valid].tolist() if isinstance(why, str))
    return {
        "delta_margin": _margin(naive),
        "compared": compared,
        "comparison_reps": reps,
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


def _session_rows(c: _Columns, part: int = 0, parts: int = 1) -> list[dict]:
    """One row per valid session with a delta, grouped by rep, then by session date: of these rows,
    those of ``part`` (0 .. ``parts`` - 1) of as many consecutive parts of about equal length.  Each is
    a group of one: its evidence is the session's own (estimate, interval), column by column."""
    delta, rep, sid, day = (c.values(k) for k in ("delta", "rep", "session_id", "day"))
    chosen = [i for i in np.flatnonzero(c.valid).tolist() if delta[i] is not None]
    chosen.sort(key=lambda i: (str(rep[i]), day[i], str(sid[i])))
    rows = np.array(chosen[len(chosen) * part // parts:len(chosen) * (part + 1) // parts], dtype=np.int64)
    naive, comp, did, corrected, placebo = (_own(c, rows, *keys) for keys in _OWN)
    verdicts = [verdict(*ivs) for ivs in zip(naive[0], did[0], corrected[0])]
    names, why = c.names, c.values("no_comparison")
    threshold, suggested = c.values("threshold_met"), c.values("suggested")
    before, after = c.values("baseline_mean"), c.values("followup_mean")
    out = []
    for k, i in enumerate(rows.tolist()):
        compared = 0 if comp[0][k] is None else 1
        row = {"dimension": schema.SESSION_DIMENSION, "group": f"{rep[i]} \u00b7 {sid[i]}",
               "sessions": 1, "valid": 1, "left_out": 0, "mean_delta": delta[i], "median_delta": delta[i],
               "share_improved": 1.0 if delta[i] > 0 else 0.0,
               "share_threshold": 1.0 if threshold[i] == YES else 0.0,
               "before": before[i], "after": after[i], "held": 1,
               "delta_margin": naive[1][k], "compared": compared,
               "comparison_reps": len(set(names[i])) if compared else None,
               "comparison_change": comp[2][k], "comparison_margin": comp[1][k],
               "did": did[2][k], "did_margin": did[1][k],
               "rtm_corrected": corrected[2][k], "rtm_margin": corrected[1][k],
               "placebo": placebo[2][k], "placebo_margin": placebo[1][k], "verdict": verdicts[k],
               "no_comparison_why": f"{why[i]}: 1" if isinstance(why[i], str) else None}
        for key, word in _DECISIONS:
            row[key] = 1.0 if suggested[i] == word else 0.0
        out.append(row)
    return out


def _own(c: _Columns, rows: np.ndarray, key: str, low: str, high: str) -> tuple[list, list, list]:
    """Of sessions each a group of its own, as :func:`_mean_and_margin` and :func:`_margin` give them
    for one session: the (value, low, high) triples (None without a value; low and high None unless
    both are known), the margins, and the values."""
    value, lo, hi = c.number(key)[rows], c.number(low)[rows], c.number(high)[rows]
    have = ~np.isnan(value)
    ends = have & ~np.isnan(lo) & ~np.isnan(hi)
    value, margin = _blanks(value, have), _blanks((hi - lo) / 2, ends)
    lo, hi = _blanks(lo, ends), _blanks(hi, ends)
    triples = [None if v is None else (v, a, b) for v, a, b in zip(value, lo, hi)]
    return triples, margin, value


def _blanks(values: np.ndarray, keep: np.ndarray) -> list:
    return [v if k else None for v, k in zip(values.tolist(), keep.tolist())]


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
