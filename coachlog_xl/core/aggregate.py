"""Aggregates over valid comparisons only (domain.md, S1 step 6, and "Evidence").

By coaching method, criterion, rep, supervisor and month of the session: sessions, valid
comparisons, how many were left out and why, mean and median delta, share improved and share
meeting the threshold; then the evidence:

- each mean (delta, comparison change, delta vs comparison, delta minus the expected RTM gain, the
  pre-trend placebo) with the half-width of its 95 % t interval over the group's sessions (n - 1 df;
  a group of one session shows that session's own interval), and the n behind it; the delta, the
  DiD, the corrected delta and the pre-trend never narrower than their sessions' own errors give (:func:`_wider`);
- a verdict in words (:func:`verdict`);
- the share of held sessions whose suggested decision is close, continue and escalate.

Below them: one row per valid session, grouped by rep (before and after means, for the before/after
chart), and one row per evaluator and criterion with the evaluator's offset.

The sessions are read a column at a time (:mod:`.aggregate_columns`), each group's figures from its
sessions' rows of those columns, in the sessions' order and with the same arithmetic as one session
after another would give them.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from functools import partial
from itertools import repeat

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.aggregate_columns import (
    BLANK_GROUP,
    CRITERIA_FIX,
    LOG_FIX,
    MAY_YET,
    OWN,
    Columns,
    Groups,
    SharedReps,
    own_errors,
    slices,
    with_undated,
)
from coachlog_xl.core.comparison import PRE_OWN
from coachlog_xl.core.followup import SCHEDULED, YES, written_again
from coachlog_xl.core.frames import records
from coachlog_xl.core.intervals import NOISE, Interval, change_label, combine, mean_interval, mean_part

# improved / declined / a gain that the comparison (or the expected RTM gain) accounts for
_AGAINST_COMPARISON = ("improved beyond the comparison group", "declined against the comparison group",
                       "gain matched by the comparison group: likely regression to the mean",
                       "gain beyond the comparison group within noise")
_AGAINST_RTM = ("improved beyond regression to the mean", "declined",
                "gain explained by regression to the mean", "gain beyond regression to the mean within noise")
NO_VALID = "no valid comparison"  # a group's verdict without one
# what each figure a verdict goes by is known for (:func:`_judged`), named where it is not every valid comparison
_KNOWN_FOR = ("a delta", "a comparison group", "an expected RTM gain")
_DECISIONS = (("share_close", "close"), ("share_continue", "continue"), ("share_escalate", "escalate"))
# the Follow-up columns the aggregates read (the groups' keys, the status and conditions, the evidence)
READ = frozenset({
    *(key for key, _ in schema.AGGREGATE_DIMENSIONS), "session_id", "day", "session_at", "baseline_mean",
    "followup_mean", "delta", "threshold_met", "status", "same_criterion", "definition_unchanged",
    "types_comparable", "enough_calls", "valid", "invalid_because", "suggested", "delta_low", "delta_high",
    "rtm_corrected",
    "rtm_low", "rtm_high", "comparison_change", "comparison_low", "comparison_high", "did", "did_low",
    "did_high", "placebo", "placebo_low", "placebo_high", "no_comparison", "comparison_names", "comparison_sd",
    "comparison_welch", "scores_wait", "criterion_key", "date_unread", "delta_se", "delta_df",
    "baseline_from", "baseline_to", "followup_from", "followup_to", "call_type", *PRE_OWN,
})
# the figures whose groups' intervals are never narrower than their sessions' own errors give: of the delta
# (the DiD and the corrected delta move with it), and of the placebo over the two windows before the baseline
_OWN_FLOOR = {"delta": "delta", "did": "delta", "rtm_corrected": "delta", "placebo": "placebo"}


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
    return _judged(naive, did, corrected)[0]


def _judged(naive: tuple | None, did: tuple | None, corrected: tuple | None) -> tuple[str | None, int]:
    """:func:`verdict`, and which figure it rests on: 0 the delta, 1 the comparison, 2 the corrected delta."""
    def beyond(iv):
        return iv is not None and iv[1] is not None and not pd.isna(iv[1])

    naive_up = beyond(naive) and naive[1] > 0
    for at, iv, words in ((1, did, _AGAINST_COMPARISON), (2, corrected, _AGAINST_RTM)):
        if not beyond(iv):
            continue
        if iv[1] > 0:  # above the comparison: an improvement only when the delta itself is one
            return (words[0] if not _estimated(naive) or naive[0] > 1e-9 else _held_up(naive[0], iv is did)), at
        if iv[2] < 0:
            return words[1], at
        if not naive_up:
            return NOISE, at
        # The naive gain is real but the corrected one spans 0: say RTM only when most of it is gone.
        return (words[2] if iv[0] <= naive[0] / 2 else words[3]), at
    if not beyond(naive):
        return None, 0
    return change_label(naive[1], naive[2]), 0


def _group_verdict(f: dict, figures: tuple[tuple, ...]) -> str | None:
    """A group's verdict (``figures``: the n and triple of the delta, the comparison and the corrected delta),
    with the sessions it rests on where they are fewer than the group's valid comparisons (the comparison
    group, or the expected RTM gain, known for some of them): "(on the 2 of 3 sessions with a comparison
    group)".  A group without a valid comparison says so: "yet" while one of its sessions left out may still
    become one (still open with no condition failed, waiting for scores, a condition not known), else "until
    the Log rows are fixed" (the Criteria rows, the Log or Criteria rows) where fixing a session's Log row (a
    Criteria row's Effective from) would make it one (domain.md, S1 step 6)."""
    if not f["valid"]:
        if any(why in MAY_YET for why in f["why"]):
            return NO_VALID + " yet"
        rows = [name for name, fixes in (("Log", LOG_FIX), ("Criteria", {CRITERIA_FIX})) if set(f["why"]) & fixes]
        return f"{NO_VALID} until the {' or '.join(rows)} rows are fixed" if rows else NO_VALID
    words, at = _judged(*(iv for _, iv in figures))
    n = figures[at][0]
    if not words or n >= f["valid"]:
        return words
    return f"{words} (on the {n} of {f['valid']} sessions with {_KNOWN_FOR[at]})"


def aggregate(followup: pd.DataFrame, offsets: pd.DataFrame | None = None, undated: list | None = None) -> pd.DataFrame:
    """The Aggregate sheet's rows: by each dimension, per valid session, per evaluator (see the module)."""
    work = Aggregation(followup, offsets, undated)
    return work.frame([piece() for piece in work.pieces])


# sessions from which the aggregates' pieces are worth a second process: below, they and the checks
# beside them are a few hundredths of a second in all (1,000 sessions: about 0.05 s), which a second
# process's start and the pages of this one it copies take as well
APART = 4_000


class Aggregation:
    """The aggregates as independent pieces: ``pieces`` (each gives its rows: one per dimension, each
    half of the session rows, the evaluator rows; the largest first) may run in any order or process;
    :meth:`frame` puts their rows together in the sheet's order.  ``weighty``: whether they are worth
    a second process (:data:`APART` sessions or more)."""

    def __init__(self, followup: pd.DataFrame, offsets: pd.DataFrame | None = None, undated: list | None = None):
        self.pieces: list = []
        self._order: list[int] = []
        self.weighty = len(followup) >= APART
        if followup.empty and not undated:
            return
        # a Log row repeating an earlier one's session counts once: written again under its id, it is
        # dropped; likely typed again under another id (Checks' same-session-twice), it is left out
        same, likely = written_again(followup)
        followup, likely = followup[~same][[c for c in followup.columns if c in READ]], likely[~same]
        if undated:  # (Log rows with no readable Session date: counted, left out for it; sessions.read_sessions)
            followup = with_undated(followup, undated)
            likely = np.concatenate([likely, np.zeros(len(followup) - len(likely), dtype=bool)])
        cols = Columns(followup, likely)
        # in the sheet's order, with a rough cost: the sessions each piece reads, and per group an interval
        pieces = [(partial(_dimension, cols, key, label), cols.n + 60 * cols.distinct(key))
                  for key, label in schema.AGGREGATE_DIMENSIONS]
        # the session rows in two halves
        pieces += [(partial(_session_rows, cols, half, 2), 2 * cols.n) for half in range(2)]
        if offsets is not None:
            pieces.append((partial(_evaluator_rows, offsets), len(offsets)))
        self._order = sorted(range(len(pieces)), key=lambda i: -pieces[i][1])
        self.pieces = [pieces[i][0] for i in self._order]

    def frame(self, parts: list[list]) -> pd.DataFrame:
        """The sheet from the pieces' rows (in the order of :attr:`pieces`): a row a dict, or a tuple of the
        sheet's columns (a frame made of tuples is made of dicts as well, a missing key NaN, but quicker)."""
        in_order = [part for _, part in sorted(zip(self._order, parts), key=lambda pair: pair[0])]
        keys = schema.AGGREGATE.keys
        rows = [row if type(row) is tuple else tuple(row.get(k, math.nan) for k in keys) for part in in_order
                for row in part]
        return pd.DataFrame(rows, columns=keys)


def _dimension(c: Columns, key: str, label: str) -> list[dict]:
    labels = np.array([v if isinstance(v, str) and v else BLANK_GROUP
                       for v in (c.month if key == "month" else c.values(key))], dtype=object)
    codes, found = pd.factorize(labels)  # the groups in the order they first appear
    groups = Groups(codes, len(found))
    shared = {"comparison_change": SharedReps(c, groups, "comparison_change")}
    # the same sessions have a difference-in-differences, as a rule: their figures found once
    same = np.array_equal(np.isnan(c.number("did")), np.isnan(c.number("comparison_change")))
    shared["did"] = shared["comparison_change"] if same else SharedReps(c, groups, "did")
    # (a session's decision counted once, as its delta is; a Log row with no readable date has none)
    held = (c.text("status") != SCHEDULED) & ~c.again & (c.undated == "")
    # each figure a list over the groups: counts, and the lists a group's figures are made of
    figures = {"sessions": groups.count(np.ones(c.n, dtype=bool)), "valid": groups.count(c.valid),
               "at_threshold": groups.count(c.valid & (c.text("threshold_met") == YES)), "held": groups.count(held),
               "why": groups.lists(~c.valid, c.why),
               "no_comparison": groups.lists(c.valid & c.no_comparison_why, c.text("no_comparison")),
               **{word: groups.count(held & (c.text("suggested") == word)) for _, word in _DECISIONS}}
    floors: list[tuple] = []  # (rows, whose errors, their groups' own errors): the same sessions' found once
    for keys in OWN:  # each group's values of the valid sessions with one, beside each one's own interval's ends
        rows, sizes = groups.rows(~np.isnan(c.number(keys[0])))
        for k in keys:
            figures[k] = slices(c.number(k)[rows].tolist(), sizes)
        if keys[0] in _OWN_FLOOR:
            of = _OWN_FLOOR[keys[0]]
            same = [own for at, whose, own in floors if whose == of and np.array_equal(at, rows)]
            figures[f"{keys[0]}_own"] = same[0] if same else own_errors(c, groups, rows, sizes, of)
            floors.append((rows, of, figures[f"{keys[0]}_own"]))
    names = found.tolist()
    by_name = sorted(range(len(names)), key=lambda k: (names[k] == BLANK_GROUP, names[k].lower()))
    return [_row(c, label, names[k], {field: of[k] for field, of in figures.items()},
                 {key: s.of(k) for key, s in shared.items()}) for k in by_name]


def _mean_and_margin(f: dict, key: str, low: str, high: str) -> tuple[int, tuple | None]:
    """n, and (mean, low, high) of a group's values of ``key`` (None without values; a group of one
    session shows that session's own interval, if it has both ends)."""
    values = f[key]
    if not values:
        return 0, None
    if len(values) > 1:
        iv = _wider(mean_interval(values), f.get(f"{key}_own"))
        return len(values), (iv.estimate, iv.low, iv.high)
    lo, hi = f[low][0], f[high][0]
    ok = not (math.isnan(lo) or math.isnan(hi))
    return 1, (values[0], lo if ok else None, hi if ok else None)


def _wider(iv: Interval, own: tuple | None) -> Interval:
    """``iv``, or the interval its sessions' own errors give the mean (``own``: its variance, df and
    half-width, :func:`~coachlog_xl.core.aggregate_columns.own_errors`) when that is the wider: sessions
    of one rep a day apart share most of their calls, so their deltas nearly coincide and the spread of
    the group's values understates the error (domain.md, "Evidence": a 95 % interval for the delta)."""
    if own is None or own[2] <= iv.margin:
        return iv
    var, df, margin = own
    return Interval(iv.estimate, iv.estimate - margin, iv.estimate + margin, math.sqrt(var), df)


def _margin(iv: tuple | None) -> float | None:
    return None if iv is None or iv[1] is None else (iv[2] - iv[1]) / 2


def _row(c: Columns, label: str, name: str, f: dict, shared: dict[str, tuple]) -> dict:
    """A group's row from its figures ``f`` (see :func:`_dimension`)."""
    deltas = f["delta"]
    row = {
        "dimension": label,
        "group": name,
        "sessions": f["sessions"],
        "valid": f["valid"],
        "left_out": f["sessions"] - f["valid"],
        "left_out_why": _reasons(Counter(f["why"])),
        "mean_delta": sum(deltas) / len(deltas) if deltas else None,
        "median_delta": statistics.median(deltas) if deltas else None,
        "share_improved": sum(1 for d in deltas if d > 0) / len(deltas) if deltas else None,
        "share_threshold": f["at_threshold"] / f["valid"] if f["valid"] else None,
    }
    row.update(_evidence(c, f, shared))
    row["held"] = f["held"]
    for key, word in _DECISIONS:
        row[key] = f[word] / f["held"] if f["held"] else None
    return row


def _reasons(counts: Counter) -> str:
    """``too few calls: 2; call types: 1``: each reason with the sessions it left out, most first."""
    return "; ".join(f"{why}: {n}" for why, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _shared(c: Columns, key: str, interval: tuple | None, shared: tuple, own: tuple | None = None) -> tuple | None:
    """Widen a mean's interval for comparison reps shared between sessions.

    Sessions close in time often use the same comparison reps over nearly the same windows, so their
    comparison changes move together and the spread of the session values understates the error.  Here
    each comparison rep counts once, with the weight its sessions give it: var(mean comparison change) =
    sum over reps of weight^2 x the reps' pooled variance of change (as if a rep's changes in overlapping
    sessions were one), plus, for the difference-in-differences, the variance of the mean delta; the
    wider of this and the plain interval is kept (Welch-Satterthwaite df); the mean delta's variance is
    that of its sessions' spread or of their own errors (``own``, :func:`_wider`), the wider.  The
    pooled variance is that of the sessions with two or more comparison reps (their changes' spread, distinct reps - 1
    df); where every session has one, the mean of those reps' own errors of change (as the sessions' intervals
    take them, Welch-Satterthwaite df, the fewest of them).
    """
    rows, reps, squares, sds, ones = shared
    if interval is None or interval[1] is None or len(rows) < 2 or not (sds or ones):
        return interval
    if sds:
        pooled, df = sum(sds) / len(sds), max(reps - 1, 1)
    else:
        pooled, df = sum(v for v, _ in ones) / len(ones), max(reps - 1, min(d for _, d in ones))
    parts = [(pooled * sum(squares), df)]
    if key == "did":
        spread = mean_part(c.number("delta")[rows].tolist())
        plain = combine(0.0, [spread])
        parts.append(spread if _wider(plain, own) is plain else own[:2])
    wide = combine(interval[0], parts)
    return interval if wide.margin <= (interval[2] - interval[1]) / 2 else (wide.estimate, wide.low, wide.high)


def _evidence(c: Columns, f: dict, shared: dict[str, tuple]) -> dict:
    """The evidence columns of a group's valid sessions (``f``: its figures, ``shared``:
    :meth:`SharedReps.of` the group)."""
    naive_n, naive = _mean_and_margin(f, *OWN[0])
    compared, comp = _mean_and_margin(f, *OWN[1])
    did_n, did = _mean_and_margin(f, *OWN[2])
    comp = _shared(c, "comparison_change", comp, shared["comparison_change"])
    did = _shared(c, "did", did, shared["did"], f.get("did_own"))
    corrected_n, corrected = _mean_and_margin(f, *OWN[3])
    _, placebo = _mean_and_margin(f, *OWN[4])
    reps = shared["comparison_change"][1] if compared else None  # the reps of sessions with a change
    missing = Counter(f["no_comparison"])
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
        "verdict": _group_verdict(f, ((naive_n, naive), (did_n, did), (corrected_n, corrected))),
        "no_comparison_why": _reasons(missing) or None,
    }


def _session_rows(c: Columns, part: int = 0, parts: int = 1) -> list[tuple]:
    """One row per valid session with a delta (in :attr:`Columns.by_rep` order): of these rows, those
    of ``part`` (0 .. ``parts`` - 1) of as many consecutive parts of about equal length, each a tuple of
    the sheet's columns (NaN in those a session's row leaves empty).  Each is a group of one: its
    evidence is the session's own (estimate, interval), made column by column."""
    rows = c.by_rep[len(c.by_rep) * part // parts:len(c.by_rep) * (part + 1) // parts]
    naive, comp, did, corrected, placebo = (_own(c, rows, *keys) for keys in OWN)
    at = rows.tolist()
    rep, sid, why, threshold, suggested, before, after = (c.values(k) for k in (
        "rep", "session_id", "no_comparison", "threshold_met", "suggested", "baseline_mean", "followup_mean"))
    delta = [c.values("delta")[i] for i in at]
    columns = {
        "dimension": repeat(schema.SESSION_DIMENSION), "group": [f"{rep[i]} \u00b7 {sid[i]}" for i in at],
        "sessions": repeat(1), "valid": repeat(1), "left_out": repeat(0), "mean_delta": delta, "median_delta": delta,
        "share_improved": [1.0 if d > 0 else 0.0 for d in delta],
        "share_threshold": [1.0 if threshold[i] == YES else 0.0 for i in at],
        "before": [before[i] for i in at], "after": [after[i] for i in at], "held": repeat(1),
        "delta_margin": naive[1], "compared": [0 if v is None else 1 for v in comp[2]],
        "comparison_reps": [None if v is None else len(set(c.names[i])) for i, v in zip(at, comp[2])],
        "comparison_change": comp[2], "comparison_margin": comp[1], "did": did[2], "did_margin": did[1],
        "rtm_corrected": corrected[2], "rtm_margin": corrected[1], "placebo": placebo[2],
        "placebo_margin": placebo[1], "verdict": [verdict(*ivs) for ivs in zip(naive[0], did[0], corrected[0])],
        "no_comparison_why": [f"{why[i]}: 1" if isinstance(why[i], str) else None for i in at],
        **{key: [1.0 if suggested[i] == word else 0.0 for i in at] for key, word in _DECISIONS},
    }
    return list(zip(*(columns.get(key, repeat(math.nan)) for key in schema.AGGREGATE.keys)))


def _own(c: Columns, rows: np.ndarray, key: str, low: str, high: str) -> tuple[list, list, list]:
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
