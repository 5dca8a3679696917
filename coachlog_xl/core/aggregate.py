"""Aggregates over valid comparisons only (domain.md, S1 step 6).

By coaching method, criterion, rep, supervisor and month of the session: sessions, valid
comparisons, how many were left out and why, mean and median delta, share improved and share
meeting the threshold.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.followup import COMPLETE, YES

BLANK_GROUP = "(blank)"


def why_left_out(row: dict) -> str:
    """The first reason a session is not a valid comparison."""
    if row["status"] != COMPLETE:
        return "not complete"
    for key, label in (("same_criterion", "criterion"), ("definition_unchanged", "definition changed"),
                       ("types_comparable", "call types"), ("enough_calls", "too few calls")):
        if row[key] == "no":
            return label
    return "not valid"


def aggregate(followup: pd.DataFrame) -> pd.DataFrame:
    rows = []
    if followup.empty:
        return pd.DataFrame(rows, columns=schema.AGGREGATE.keys)
    table = followup.assign(
        month=[_month(v) for v in followup["session_at"]],
        _valid=followup["valid"] == YES,
    )
    for key, label in schema.AGGREGATE_DIMENSIONS:
        groups = table[key].map(lambda v: v if isinstance(v, str) and v else BLANK_GROUP)
        for name in sorted(groups.unique(), key=lambda g: (g == BLANK_GROUP, g.lower())):
            rows.append(_row(label, name, table[groups == name]))
    return pd.DataFrame(rows, columns=schema.AGGREGATE.keys)


def _row(label: str, name: str, g: pd.DataFrame) -> dict:
    valid = g[g["_valid"]]
    left = g[~g["_valid"]]
    reasons = Counter(why_left_out(r) for r in left.to_dict("records"))
    deltas = [float(d) for d in valid["delta"] if d is not None and d == d]
    return {
        "dimension": label,
        "group": name,
        "sessions": len(g),
        "valid": len(valid),
        "left_out": len(left),
        "left_out_why": "; ".join(f"{n} {why}" for why, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        "mean_delta": sum(deltas) / len(deltas) if deltas else None,
        "median_delta": float(pd.Series(deltas).median()) if deltas else None,
        "share_improved": sum(1 for d in deltas if d > 0) / len(deltas) if deltas else None,
        "share_threshold": float((valid["threshold_met"] == YES).mean()) if len(valid) else None,
    }


def _month(value) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value is not None else BLANK_GROUP
