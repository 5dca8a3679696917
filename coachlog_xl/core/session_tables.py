"""The Follow-up and Baseline tables' rows of the sessions, from their windows' figures.

A part of the sessions (:func:`~coachlog_xl.core.refresh.compute` works on two) gives each table's
columns as lists, in session order, the same for every part; :func:`followup_table` and
:func:`baseline_table` put the parts together.  The rules are those of :mod:`.followup` and
:mod:`.comparability`, applied session by session; only the tables are made a column at a time.
"""

from __future__ import annotations

from operator import itemgetter

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import comparability as cmp
from coachlog_xl.core import followup as fu
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import Config
from coachlog_xl.core.frames import columns

# the figures :func:`followup_columns` adds to the sessions' own columns, in the order of its table
_FOLLOWUP_KEYS = ("criterion_key", "criterion", "session_at", "baseline_n", "baseline_mean", "followup_n",
                  "followup_mean", "delta", "at_threshold", "checkin_mean", "improvement_emerging", "threshold_met",
                  "status", "window_ends", "same_criterion", "definition_unchanged", "types_comparable",
                  "enough_calls", "valid", "invalid_because", "calls")
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
    added: list[tuple] = []
    for s, (_, used_n, b_mean, _), f_scores, b_first, b_types, f_types, f_last, b_versions, f_versions, f_ids, \
            later, closed in zip(rows, used, *figures.values(), scheduled, over):
        known, later = s["criterion"] is not None, bool(later)
        window_n, closed = int(s["window_n"]), bool(closed)
        fig = fu.figures(f_scores, b_mean, s["threshold"], cfg.checkin_n, window_n)
        f_n = fig["followup_n"]
        status = fu.status(f_n, window_n, cfg.checkin_n, later, closed)
        closed = closed or status == fu.COMPLETE
        b_n = int(used_n)  # (a baseline recorded with no call has no window to judge a definition or types in)
        verdicts = [
            cmp.same_criterion(known, b_n, f_n, closed, s["call_type"], later),
            cmp.definition_unchanged(effective.get(s["criterion"], []), b_first if b_n else None, f_last,
                                     b_versions | f_versions, closed),
            cmp.call_types_comparable(s["call_type"], b_types if b_n else {}, f_types, cfg.type_tolerance, closed),
            cmp.enough_calls(b_n, f_n, window_n, closed, later),
        ]
        valid = cmp.overall(verdicts, calls_gone=closed and b_n > 0 and b_first is None)
        _condition_checks(s, verdicts, issues)
        criterion = s["criterion"] or s["criterion_text"]
        added.append((criterion, criterion, None, b_n, b_mean, *(fig[k] for k in _FIGURES),
                      fu.threshold_met(fig["at_threshold"], f_n, window_n, int(s["k_needed"]), closed), status, None,
                      *(v.value for v in verdicts), valid.value, valid.reason or None, ", ".join(f_ids) or None))
    for key, values in zip(_FOLLOWUP_KEYS, zip(*added)):
        cols[key] = list(values)
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
        "call_types": [", ".join(f"{k or '(blank)'} {n}" for k, n in sorted(types.items())) or None
                       for types in stats["b_types"].tolist()],
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


def _condition_checks(s: dict, verdicts: list[cmp.Verdict], issues: Issues) -> None:
    for at, code, fix in _CONDITION_CHECKS:
        if verdicts[at].value == fu.NO:
            issues.add(code, schema.LOG.name, s["row"], "Targeted criterion", s["criterion_text"],
                       f"{s['session_id']}: comparison not valid: {verdicts[at].reason}.", fix)
