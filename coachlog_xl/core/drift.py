"""Evaluator drift: a change in who scored the calls can move a delta with no change in the rep.

- **Offset** of an evaluator on a criterion: the mean, over the calls they scored, of the score minus
  that rep's mean on the criterion (so an evaluator who happens to score strong reps is not called
  lenient), with its t interval.  Needs two or more evaluators on the criterion.
- **Evaluator effect**: what the change of mix alone is expected to add to the delta, from the offsets:
  sum over evaluators of (follow-up share - baseline share) x offset.
- **Mix changed** (per session, when the windows' calls name an evaluator): each evaluator's share of
  the baseline calls against their share of the follow-up calls, the shift being half the sum of the
  share differences (total variation).  With ten calls a window and a few evaluators taking calls at
  random the shift is often 30 % by chance alone, so the flag is ``yes`` only when the shift is over
  ``MIX_TOLERANCE`` *and* the evaluator effect is at least ``EFFECT_MIN`` points either way (or
  unknown: an evaluator without an offset).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.intervals import mean_interval
from coachlog_xl.core.windows import BASELINE, FOLLOWUP

MIX_TOLERANCE = 0.30  # the same 30 points domain.md allows a call type's share to move
EFFECT_MIN = 1.0  # points of delta


def offsets(calls: pd.DataFrame) -> pd.DataFrame:
    """Per criterion and evaluator: calls scored, mean offset and its 95 % interval."""
    cols = ["criterion", "evaluator", "calls", "offset", "offset_low", "offset_high"]
    named = calls[calls["evaluator"].map(lambda v: bool(header_key(v)))] if len(calls) else calls
    if named.empty:
        return pd.DataFrame(columns=cols)
    named = named.assign(score=named["score"].astype(float), _ev=named["evaluator"].map(header_key))
    named = named.assign(dev=named["score"] - named.groupby(["criterion", "rep"])["score"].transform("mean"))
    rows = []
    for crit, g in named.groupby("criterion", sort=True):
        if g["_ev"].nunique() < 2:
            continue
        for _, h in g.groupby("_ev", sort=True):
            devs = h["dev"].tolist()
            iv = mean_interval(devs)
            rows.append({"criterion": crit, "evaluator": h["evaluator"].iloc[0], "calls": len(devs),
                         "offset": sum(devs) / len(devs), "offset_low": iv.low if iv else None,
                         "offset_high": iv.high if iv else None})
    return pd.DataFrame(rows, columns=cols)


def mix_change(n_sessions: int, members: pd.DataFrame, criteria: pd.Series, table: pd.DataFrame) -> pd.DataFrame:
    """Per session: the evaluator shift (total variation), the mix-changed flag and the evaluator effect."""
    offset = {(c, header_key(e)): o for c, e, o in zip(table["criterion"], table["evaluator"], table["offset"])}
    windows = members[members["role"].isin([BASELINE, FOLLOWUP])]
    groups = {s: g for s, g in windows.groupby("s", sort=False)}
    rows = []
    for s in range(n_sessions):
        g = groups.get(s)
        row = {"evaluator_shift": None, "evaluators_changed": None, "evaluator_effect": None}
        if g is not None:
            keys = g["evaluator"].map(header_key)
            before = Counter(keys[g["role"] == BASELINE])
            after = Counter(keys[g["role"] == FOLLOWUP])
            if sum(before.values()) and sum(after.values()) and any(k for k in (before | after)):
                share_b = {k: v / sum(before.values()) for k, v in before.items()}
                share_a = {k: v / sum(after.values()) for k, v in after.items()}
                names = set(share_b) | set(share_a)
                diff = {k: share_a.get(k, 0.0) - share_b.get(k, 0.0) for k in names}
                shift = sum(abs(v) for v in diff.values()) / 2
                row["evaluator_shift"] = shift
                crit = criteria.iat[s]
                effect = None
                if all((crit, k) in offset for k in names if k and diff[k]):
                    effect = sum(diff[k] * offset[(crit, k)] for k in names if k and diff[k])
                row["evaluator_effect"] = effect
                matters = effect is None or abs(effect) >= EFFECT_MIN
                row["evaluators_changed"] = "yes" if shift > MIX_TOLERANCE + 1e-12 and matters else "no"
        rows.append(row)
    return pd.DataFrame(rows)
