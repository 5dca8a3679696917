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
  unknown: an evaluator without an offset, or calls that name no evaluator beside calls that do, as
  when the follow-up comes from an export without its evaluator column).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from coachlog_xl.core.distinct import per_distinct_table, per_value, sorted_factors
from coachlog_xl.core.intervals import mean_interval
from coachlog_xl.core.names import evaluator_key
from coachlog_xl.core.windows import BASELINE, FOLLOWUP

MIX_TOLERANCE = 0.30  # the same 30 points domain.md allows a call type's share to move
EFFECT_MIN = 1.0  # points of delta


def offsets(calls: pd.DataFrame, factors: dict | None = None) -> pd.DataFrame:
    """Per criterion and evaluator: calls scored, mean offset and its 95 % interval (``factors``: the
    ``pandas.factorize`` of the calls' ``"rep"`` and ``"criterion"`` columns, where made already)."""
    cols = ["criterion", "evaluator", "calls", "offset", "offset_low", "offset_high"]
    if calls.empty:
        return pd.DataFrame(columns=cols)
    # each call's evaluator key, and whether it names one, from its distinct texts (a team of one
    # evaluator, or none named, is told at once)
    codes, table = _key_table(calls["evaluator"])
    given = (table != "")[codes]
    if not given.any():
        return pd.DataFrame(columns=cols)
    at = np.flatnonzero(given)
    (crit, crits), (rep, _) = (sorted_factors(calls[key], (factors or {}).get(key), at) for key in ("criterion", "rep"))
    # each call's score less its rep's mean on the criterion (none for a call without either)
    score, both = calls["score"].to_numpy(dtype=float)[at], (crit >= 0) & (rep >= 0)
    pair = np.where(both, crit.astype(np.int64) * (int(rep.max()) + 1) + rep, -1)
    dev = np.where(both, score - pd.Series(score).groupby(pair).transform("mean").to_numpy(), np.nan)
    # the calls by criterion, then evaluator key (each sorted, as groupby sorts them), in their own
    # order within each: one slice per criterion and evaluator, summed as Python sums
    e_codes = pd.factorize(table[codes[at]], sort=True)[0]
    keep = np.flatnonzero(crit >= 0)  # (a call without a criterion is in no group)
    if not len(keep):
        return pd.DataFrame(columns=cols)
    key = crit[keep].astype(np.int64) * (int(e_codes.max()) + 1) + e_codes[keep]
    by = np.argsort(key, kind="stable")
    order, key = keep[by], key[by]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    group_crit = crit[order[starts]]
    evaluators = np.bincount(group_crit, minlength=len(crits))  # (evaluators per criterion)
    dev, text = dev[order], calls["evaluator"].to_numpy(dtype=object)[at[order[starts]]]
    rows = []
    for a, b, c, name in zip(starts.tolist(), ends.tolist(), group_crit.tolist(), text.tolist()):
        if evaluators[c] < 2:
            continue
        devs = dev[a:b].tolist()
        iv = mean_interval(devs)
        rows.append({"criterion": crits[c], "evaluator": name, "calls": len(devs),
                     "offset": sum(devs) / len(devs), "offset_low": iv.low if iv else None,
                     "offset_high": iv.high if iv else None})
    return pd.DataFrame(rows, columns=cols)


def mix_change(n_sessions: int, members: pd.DataFrame, criteria: pd.Series, table: pd.DataFrame) -> pd.DataFrame:
    """Per session: the evaluator shift (total variation), the mix-changed flag and the evaluator effect."""
    shift: list = [None] * n_sessions
    changed: list = [None] * n_sessions
    effect: list = [None] * n_sessions
    windows = members[members["role"].isin([BASELINE, FOLLOWUP])]
    if len(windows) and _any_named(windows["evaluator"]):  # (else no session's mix is known: all blank)
        key = _keys(windows["evaluator"])
        counts = windows.groupby([windows["s"], key, windows["role"]]).size().unstack("role", fill_value=0)
        counts = counts.reindex(columns=[BASELINE, FOLLOWUP], fill_value=0)
        s = counts.index.get_level_values(0).to_numpy()
        names = counts.index.get_level_values(1).to_numpy(dtype=object)
        before, after = counts[BASELINE].to_numpy(), counts[FOLLOWUP].to_numpy()
        total_b = pd.Series(before).groupby(s).transform("sum").to_numpy()
        total_a = pd.Series(after).groupby(s).transform("sum").to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            diff = after / total_a - before / total_b
        named = pd.Series(names != "").groupby(s).transform("any").to_numpy()
        held = (total_b > 0) & (total_a > 0) & named
        # each evaluator's part of the effect: share difference x offset (NaN: no offset known)
        offset = {(c, _key(e)): o for c, e, o in zip(table["criterion"], table["evaluator"], table["offset"])}
        crit = criteria.to_numpy(dtype=object)[s]
        counted = diff != 0  # (calls whose evaluator is not named have no offset: the effect is unknown)
        part = np.zeros(len(s))
        for i in np.flatnonzero(counted):
            part[i] = diff[i] * offset.get((crit[i], names[i]), np.nan)
        sums = pd.DataFrame({"s": s, "tv": np.abs(diff), "part": part, "missing": np.isnan(part)})[held]
        per = sums.groupby("s").agg(tv=("tv", "sum"), effect=("part", "sum"), missing=("missing", "any"))
        for i, tv, eff, miss in zip(per.index, per["tv"], per["effect"], per["missing"]):
            value = None if miss else float(eff)
            shift[i], effect[i] = tv / 2, value
            matters = value is None or abs(value) >= EFFECT_MIN
            changed[i] = "yes" if tv / 2 > MIX_TOLERANCE + 1e-12 and matters else "no"
    return pd.DataFrame({"evaluator_shift": shift, "evaluators_changed": changed, "evaluator_effect": effect})


def _key_table(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(each cell's code, the :func:`_key` of each distinct text): the calls' evaluators keyed once each."""
    return per_distinct_table(col, lambda values: [_key(v) for v in values])


def _any_named(col: pd.Series) -> bool:
    """Whether a cell of ``col`` names an evaluator (told from its distinct texts)."""
    return bool((_key_table(col)[1] != "").any())


def _keys(col: pd.Series) -> pd.Series:
    """:func:`_key` of each cell of ``col`` (the calls' evaluators, texts), once per distinct text."""
    return pd.Series(per_value(col, _key), index=col.index, name=col.name, dtype=object, copy=False)


@lru_cache(maxsize=4096)
def _key(value) -> str:
    return evaluator_key(value)  # one evaluator however written (the calls' merge matches them so)
