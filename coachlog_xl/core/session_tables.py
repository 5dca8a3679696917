"""The Follow-up and Baseline tables' rows of the sessions, from their windows' figures.

A part of the sessions (:func:`~coachlog_xl.core.refresh.compute` works on two) gives each table's
columns as lists, in session order, the same for every part; :func:`followup_table` and
:func:`baseline_table` put the parts together.  The rules are those of :mod:`.followup` and
:mod:`.comparability`, worked out for all the sessions at once (:mod:`.verdicts`) and the tables
made a column at a time.
"""

from __future__ import annotations

from operator import itemgetter

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import comparability as cmp
from coachlog_xl.core import followup as fu
from coachlog_xl.core import verdicts as vd
from coachlog_xl.core.baseline import RECORDED
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import Config
from coachlog_xl.core.frames import columns

# the figures :func:`followup_columns` adds to the sessions' own columns, in the order of its table
_FOLLOWUP_KEYS = ("criterion_key", "criterion", "session_at", "baseline_n", "baseline_mean", "followup_n",
                  "followup_mean", "delta", "at_threshold", "checkin_mean", "improvement_emerging", "threshold_met",
                  "status", "window_ends", "same_criterion", "definition_unchanged", "types_comparable",
                  "enough_calls", "valid", "invalid_because", "calls")
_CONDITIONS = ("same_criterion", "definition_unchanged", "types_comparable", "enough_calls")
_FIGURES = ("followup_n", "followup_mean", "delta", "at_threshold", "checkin_mean", "improvement_emerging")


def followup_columns(rows: list[dict], stats: pd.DataFrame, used: list[tuple], ends: list, scheduled: list,
                     over: list, effective: dict, cfg: Config, issues: Issues) -> dict[str, list]:
    """The Follow-up table's columns of the sessions ``rows`` (their Log row dicts, at least one):
    their own columns, then their windows' figures, status and conditions (Checks rows for failed
    conditions, in session order).  ``stats``: their windows' figures; ``used``: their baselines as
    :func:`~coachlog_xl.core.baseline.settle_rows` gives them; ``ends``, ``scheduled``, ``over``: per
    session, lists."""
    keys = list(rows[0])  # (the rows' values turned into columns in one pass)
    cols = dict(zip(keys, map(list, zip(*map(itemgetter(*keys), rows)))))
    figures = columns(stats[["f_scores", "b_first", "b_types", "f_types", "f_last", "b_versions", "f_versions",
                             "f_ids"]])
    later, over = np.array(scheduled, dtype=bool), np.array(over, dtype=bool)
    window_n = np.array([int(w) for w in cols["window_n"]], dtype=np.int64)
    b_used = np.array([int(u[1]) for u in used], dtype=np.int64)
    b_mean = [u[2] for u in used]
    fig = vd.figures(figures["f_scores"], b_mean, np.array(cols["threshold"], dtype=np.float64), cfg.checkin_n,
                     window_n)
    f_n = np.array(fig["followup_n"], dtype=np.int64)
    status = vd.status(f_n, window_n, cfg.checkin_n, later, over)
    closed = over | (status == fu.COMPLETE)
    known = np.array([c is not None for c in cols["criterion"]], dtype=bool)
    # (a baseline recorded with no call has no window to judge a definition or types in)
    first = [f if n else None for f, n in zip(figures["b_first"], b_used.tolist())]
    conditions = vd.Conditions(len(rows))
    vd.same_criterion(conditions, known, b_used, f_n, closed, cols["call_type"], later,
                      cmp.blank_criterion(cols["criterion_text"]))
    versions = [b | f if b or f else b for b, f in zip(figures["b_versions"], figures["f_versions"])]
    vd.definition_unchanged(conditions, effective, cols["criterion"], first, figures["f_last"], versions, closed)
    b_types = [t if n else {} for t, n in zip(figures["b_types"], b_used.tolist())]
    vd.call_types_comparable(conditions, cols["call_type"], b_types, figures["f_types"],
                             np.fromiter((sum(t.values()) for t in b_types), dtype=np.int64, count=len(rows)),
                             np.fromiter((sum(t.values()) for t in figures["f_types"]), dtype=np.int64,
                                         count=len(rows)), cfg.type_tolerance, closed)
    vd.enough_calls(conditions, b_used, f_n, window_n, closed, later)
    vd.rep_unknown(conditions, np.array(cols["uncalled"], dtype=bool), known)
    gone = closed & (b_used > 0) & np.array([f is None for f in figures["b_first"]], dtype=bool)
    # (no call can count for a criterion on no list, or a rep on none with no call under its name: not known, not
    # "no", until the Log row is fixed, however many calls the row asks for)
    judged = known & ~np.array(cols["uncalled"], dtype=bool)
    met = vd.threshold_met(np.array(fig["at_threshold"], dtype=np.int64), f_n, window_n,
                           np.array([int(k) for k in cols["k_needed"]], dtype=np.int64), closed)
    valid, because = conditions.overall(gone)
    _condition_checks(rows, conditions, [u[0] == RECORDED for u in used], b_types, issues)
    criterion = [c or t for c, t in zip(cols["criterion"], cols["criterion_text"])]
    blank = [None] * len(rows)
    added = {"criterion_key": criterion, "criterion": criterion, "session_at": blank, "baseline_n": b_used.tolist(),
             "baseline_mean": b_mean, **{k: fig[k] for k in _FIGURES},
             "threshold_met": [m if j else None for m, j in zip(met, judged.tolist())],
             "status": status.tolist(), "window_ends": blank,
             **{key: values.tolist() for key, values in zip(_CONDITIONS, conditions.values)},
             "valid": valid, "invalid_because": because, "calls": [", ".join(ids) or None for ids in figures["f_ids"]]}
    for key in _FOLLOWUP_KEYS:
        cols[key] = added[key]
    timed = cols["timed"]
    cols["session_at"] = moments(cols["at"], timed)
    cols["window_ends"] = moments(ends, timed)
    return cols


def followup_table(parts: list[dict[str, list]]) -> pd.DataFrame:
    """The Follow-up table of all sessions from the columns of its consecutive parts
    (:func:`followup_columns`, with ``held`` and ``scores_wait``); a blank supervisor, method, call
    type or decision is None."""
    cols = {key: _joined(parts, key) for key in parts[0]}
    for key in ("supervisor", "method", "call_type", "decision"):
        cols[key] = [v or None for v in cols[key]]
    return pd.DataFrame(cols)


def _joined(parts: list[dict[str, list]], key: str) -> list:
    """The column ``key`` of consecutive parts, one list (a single part's as it is)."""
    return parts[0][key] if len(parts) == 1 else [v for p in parts for v in p[key]]


def _difference(mean, computed) -> float | None:
    """Baseline mean - recomputed mean; 0 when they are one number but for the digits a spreadsheet
    saved the baseline with (LibreOffice keeps 15 significant digits: a recorded 72.83333333333333 comes
    back as 72.8333333333333), as a recorded baseline is checked against the scores within
    :data:`~coachlog_xl.core.followup.TOLERANCE`."""
    if mean is None or computed is None:
        return None
    gap = float(mean) - float(computed)
    return 0.0 if abs(gap) <= fu.TOLERANCE else gap


def baseline_columns(rows: list[dict], stats: pd.DataFrame, used: list[tuple]) -> dict[str, list]:
    """The Baseline sheet's columns of the sessions ``rows`` (``used``: their baselines as
    :func:`~coachlog_xl.core.baseline.settle_rows` gives them)."""
    state, n, mean, recorded_on = (list(c) for c in zip(*used))
    comp = stats["b_mean"].tolist()
    timed = [s["timed"] for s in rows]
    return {
        "session_id": [s["session_id"] for s in rows],
        "rep": [s["rep"] for s in rows],
        "criterion": [s["criterion"] or s["criterion_text"] for s in rows],
        "session_at": moments([s["at"] for s in rows], timed),
        "state": state,
        "baseline_n": [int(k) for k in n],
        "baseline_mean": mean,
        "recorded_on": recorded_on,
        "computed_n": [int(k) for k in stats["b_n"].tolist()],
        "computed_mean": comp,
        "difference": [_difference(m, c) for m, c in zip(mean, comp)],
        "first_call": call_times(stats["b_first"].tolist()),
        "last_call": call_times(stats["b_last"].tolist()),
        "call_types": [_type_counts(types) or None for types in stats["b_types"].tolist()],
        "versions": [", ".join(sorted(v)) or None for v in stats["b_versions"].tolist()],
        "left_out_same_day": [int(k) for k in stats["same_day"].tolist()],
        "calls": [", ".join(ids) or None for ids in stats["b_ids"].tolist()],
    }


def baseline_table(parts: list[dict[str, list]]) -> pd.DataFrame:
    """The Baseline table of all sessions from the columns of its consecutive parts."""
    return pd.DataFrame({key: _joined(parts, key) for key in schema.BASELINE.keys}, columns=schema.BASELINE.keys)


def moments(at: list, timed: list) -> list:
    """Session or window moments (Timestamps) as written to a sheet: a datetime, or a date where
    ``timed`` is false (the moment has no time)."""
    stamps = _microseconds(at)
    whole, days = stamps.tolist(), stamps.astype("datetime64[D]").tolist()
    return [w if t else d for w, d, t in zip(whole, days, timed)]


def call_times(values: list) -> list:
    """Call moments (Timestamps or None) as written to a sheet: a date for one at midnight (a call
    with no time of day), else a datetime."""
    stamps = _microseconds(values)
    days = stamps.astype("datetime64[D]")
    midnight = (stamps == days).tolist()
    whole, days = stamps.tolist(), days.tolist()
    return [None if v is None else d if m else w for v, w, d, m in zip(values, whole, days, midnight)]


def _microseconds(values: list) -> np.ndarray:
    """Timestamps (None: NaT) as numpy moments in microseconds, the unit a refresh holds them in (in
    nanoseconds, as pandas 2 would convert them, a year typed wrong past 2262 does not fit).  A Timestamp
    goes in as its numpy moment: the same microseconds (the nanoseconds floored, as numpy reads a
    datetime's fields), ten times faster than numpy reading the fields."""
    return np.array([v.to_datetime64() if isinstance(v, pd.Timestamp) else v for v in values], dtype="datetime64[us]")


# the conditions whose failure is a Checks row: the verdict's place, its code and the fix
_CONDITION_CHECKS = (
    (1, Code.DEFINITION_CHANGED, "Compare with a later session, or accept that the definition changed mid-window."),
    (2, Code.TYPES_SHIFTED,
     "Name the call type the target applies to in the Log's Call type column, so both windows use only it."),
)


def _type_counts(types: dict) -> str:
    """A window's call types with their counts as the Baseline sheet lists them (``inbound 5, outbound 5``)."""
    return ", ".join(f"{k or '(blank)'} {n}" for k, n in sorted(types.items()))


def _types_fix(fix: str, recorded: bool, before: dict) -> str:
    """The call-types fix of a session whose baseline window holds the call types ``before``: a recorded
    baseline is never recomputed (domain.md, "Baseline is recorded once"), so naming a type leaves it as
    recorded while the follow-up takes that type alone; when it holds other types than the one named, its
    three cells are to be cleared too (which type the target applies to is the supervisor's to say)."""
    if not recorded:
        return fix
    return (f"{fix} Its baseline is recorded and never recomputed: if it holds calls of other types than the one "
            f"you name (its window now: {_type_counts(before) or 'no call'}), clear its Baseline mean, Baseline n "
            "and Baseline recorded on cells too, for the next refresh to record it over that type only (taking in "
            "any scores pasted since; it may then hold fewer calls than the window needs).")


def _condition_checks(rows: list[dict], conditions: vd.Conditions, recorded: list[bool], b_types: list,
                      issues: Issues) -> None:
    """A Checks row per failed condition of :data:`_CONDITION_CHECKS`, session by session (``recorded``: per
    session, whether its baseline is one a refresh recorded; ``b_types``: its baseline window's call type
    counts)."""
    failed = [conditions.values[at] == fu.NO for at, _, _ in _CONDITION_CHECKS]
    for i in np.flatnonzero(np.logical_or.reduce(failed)).tolist():
        s = rows[i]
        for (at, code, fix), no in zip(_CONDITION_CHECKS, failed):
            if no[i]:
                if code == Code.TYPES_SHIFTED:
                    fix = _types_fix(fix, recorded[i], b_types[i])
                issues.add(code, schema.LOG.name, s["row"], "Targeted criterion", s["criterion_text"],
                           f"{s['session_id']}: comparison not valid: {conditions.reasons[at][i]}.", fix)
