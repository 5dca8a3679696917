"""Regression to the mean: how much a session's follow-up would rise with no coaching at all.

Reps are usually coached *because* their recent scores were low (domain.md, "Evidence").  A baseline
of N calls is the rep's level plus noise, so a low one is partly bad luck, and the next N calls are
expected to come back toward the rep's level.  Under the normal model of Barnett, van der Pols &
Dobson (2005, Int J Epidemiol 34:215) the expected change given a baseline B is

    expected gain = (1 - rho) x (mean - B),   rho = var(level) / (var(level) + within / N)

where ``within`` is the call-to-call variance of one rep and rho the reliability of an N-call mean.

- **Team level**: mean = the team's mean on the criterion (the mean of the reps' means), var(level) =
  the between-rep variance; both from a one-way random-effects analysis of variance of every scored
  call on the criterion.
- **Rep level**: mean = the rep's own calls before the baseline window (calls after the follow-up
  window are left out: they may carry the coaching's own effect), var(level) = how much a rep's level
  moves from one N-call stretch to the next beyond call noise (pooled over the team); when a rep's
  level does not move, rho is 0 and the whole gap is expected back.

The anchor check: the call a session is about is in its baseline window when it was one of the last N
calls; the baseline without that call is shown beside the baseline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coachlog_xl.core.distinct import sorted_factors
from coachlog_xl.core.inputs import header_key


@dataclass(frozen=True)
class Components:
    """Variance components of one criterion's scores (points squared)."""

    mean: float  # the team's mean: the mean of the reps' means
    within: float  # call-to-call variance of one rep
    between: float  # variance of the reps' levels
    drift: float  # variance of one rep's level from one N-call stretch to the next (N of Settings)
    reps: int
    drifts: tuple[tuple[int, float], ...] = ()  # the same for the other N of the criterion's sessions

    def drift_of(self, n: int) -> float:
        """The drift between ``n``-call stretches: a session's own N (its Log row's) has its own."""
        return dict(self.drifts).get(n, self.drift)

    def reliability(self, n: int, level: float) -> float:
        """rho of an ``n``-call mean when the level varies with variance ``level``."""
        noise = self.within / max(n, 1)
        return level / (level + noise) if level + noise > 0 else 1.0

    def standard_error(self, n: int) -> float:
        """The standard error of an ``n``-call mean of one rep."""
        return math.sqrt(self.within / max(n, 1))


def first_coached(sessions: pd.DataFrame) -> pd.Series:
    """The first day each rep had a session on each criterion, indexed by (rep, criterion)."""
    return sessions[sessions["criterion"].notna()].groupby(["rep", "criterion"])["day"].min()


def components(calls: pd.DataFrame, block: int, sessions: pd.DataFrame | None = None,
               factors: dict | None = None) -> dict[str, Components]:
    """Per criterion: the team mean, within- and between-rep variance and the drift of a rep's level.

    Only calls before the rep's first session on the criterion are used (when ``sessions`` is given):
    the estimates describe scores with no coaching, which is what regression to the mean is about.
    The drift is of ``block``-call stretches, and of each other N (``window_n``) of the criterion's
    sessions: docs/rules.md takes a rep's N-call block means with the session's own N.

    The calls are read by the codes of their criteria and reps (each in name order): the reps' sizes,
    means and variances of every criterion from one ``groupby`` of one number per criterion and rep (each group's
    arithmetic is that of its own calls in order, as a ``groupby`` of the criterion's calls alone gives
    it).  ``factors``: the ``pandas.factorize`` of the calls' ``"rep"`` and ``"criterion"`` columns, where made already
    (see :class:`~coachlog_xl.core.windows.CallRuns`): their few distinct values are sorted, not the calls.
    """
    out: dict[str, Components] = {}
    if calls.empty:
        return out
    before_sessions = sessions is not None and sessions["criterion"].notna().any()
    known = factors or {}
    order = _in_order(calls, ["at", "call_id", "sheet", "row"], known)
    (crit, crits), (rep, reps) = (sorted_factors(calls[key], known.get(key), order) for key in ("criterion", "rep"))
    crits, reps = pd.Index(crits, dtype=object), pd.Index(reps, dtype=object)
    score = calls["score"].to_numpy(dtype=float)[order]
    keep = crit >= 0  # (a call without a criterion is in no criterion's group)
    if before_sessions:  # the calls of a rep and criterion before the rep's first session on it
        first = first_coached(sessions)  # (a rep and criterion, each of the calls' when they are)
        f_crit = crits.get_indexer(first.index.get_level_values(1))
        f_rep = reps.get_indexer(first.index.get_level_values(0))
        known = (f_crit >= 0) & (f_rep >= 0)
        at = pd.Index(f_crit[known] * len(reps) + f_rep[known]).get_indexer(
            np.where(keep & (rep >= 0), crit * len(reps) + rep, -1))
        days = first.to_numpy()[known]
        cut = np.full(len(at), np.datetime64("NaT"), dtype=days.dtype)
        cut[at >= 0] = days[at[at >= 0]]
        keep &= np.isnat(cut) | (calls["day"].to_numpy()[order] < cut)
    other_n = _other_blocks(sessions, block) if sessions is not None else {}
    kept = np.flatnonzero(keep)
    kept = kept[np.argsort(crit[kept], kind="stable")]  # each criterion's calls together, in order
    crit, rep, score = crit[kept], rep[kept], score[kept]
    named = rep >= 0
    # grouped by one number per (criterion, rep), which orders them as the pair does
    per_rep = pd.Series(score[named]).groupby(crit[named] * max(len(reps), 1) + rep[named]).agg(["size", "mean", "var"])
    rep_rows = np.searchsorted(per_rep.index.to_numpy() // max(len(reps), 1), np.arange(len(crits) + 1))
    per_rep = per_rep.reset_index(drop=True)
    bounds = np.searchsorted(crit, np.arange(len(crits) + 1))
    for c in range(len(crits)):
        lo, hi = bounds[c], bounds[c + 1]
        if lo == hi:
            continue
        comp = _anova(per_rep.iloc[rep_rows[c]:rep_rows[c + 1]], pd.Series(score[lo:hi]))
        if comp is not None:
            drifts = tuple((n, _drift(score[lo:hi], rep[lo:hi], n, comp[1])) for n in other_n.get(crits[c], ()))
            out[crits[c]] = Components(comp[0], comp[1], comp[2], _drift(score[lo:hi], rep[lo:hi], block, comp[1]),
                                       comp[3], drifts)
    return out


def _other_blocks(sessions: pd.DataFrame, block: int) -> dict[str, list[int]]:
    """Per criterion, the N of its sessions other than ``block`` (a Log row's own Calls to review)."""
    if "window_n" not in sessions.columns:
        return {}
    rows = sessions[sessions["criterion"].notna() & sessions["window_n"].notna()]
    n = rows["window_n"].astype(np.int64)
    other = n != int(block)
    return {crit: sorted(set(ns.tolist())) for crit, ns in n[other].groupby(rows["criterion"][other])}


def _in_order(frame: pd.DataFrame, by: list[str], factors: dict | None = None) -> np.ndarray:
    """The positions that sort ``frame`` by the columns ``by``, as ``sort_values(by)`` sorts it, by one
    ``numpy.lexsort``: integers by their values, date-times by theirs (NaT last), any other column by
    the codes of its sorted distinct values (blanks last), as pandas sorts it (through a categorical,
    a slower way to the codes).  A frame in that order already (as the calls of an export by date
    are) is found so by comparing each row with the next, without the sort (``factors``: see
    :func:`_ordered`)."""
    if _ordered(frame, by, factors):
        return np.arange(len(frame))
    keys = []
    for name in reversed(by):
        col = frame[name]
        if col.dtype.kind in "iub":
            keys.append(col.to_numpy())
        elif col.dtype.kind in "mM":
            values = col.to_numpy()
            keys += [values.view(np.int64), np.isnat(values)]  # NaT, the least int64, moved last
        else:
            codes, distinct = pd.factorize(col, sort=True)
            keys.append(np.where(codes < 0, len(distinct), codes))
    return np.lexsort(keys)


def _ordered(frame: pd.DataFrame, by: list[str], factors: dict | None = None) -> bool:
    """Whether each row of ``frame`` is at or before the next by the keys of :func:`_in_order` (a
    column of texts compared as texts, which is how their sorted codes compare; a column with a blank,
    or of anything else but texts, numbers and date-times, is not compared: False).  ``factors``: a
    column's ``pandas.factorize`` (codes, distinct values) by name, where made already: a column of
    texts among them is told equal row to row by its codes, and only the rows its codes tell apart
    are compared as texts."""
    tied = np.ones(max(len(frame) - 1, 0), dtype=bool)  # each row equal to the next by the keys so far
    for name in by:
        col = frame[name]
        codes, distinct = (factors or {}).get(name, (None, None))
        if codes is not None and len(codes) == len(frame) and (not len(codes) or codes.min() >= 0) \
                and all(type(v) is str for v in distinct):
            same = codes[:-1] == codes[1:]
            differ = np.flatnonzero(tied & ~same)
            texts = col.to_numpy(dtype=object)
            if not (texts[differ] < texts[differ + 1]).all():
                return False
            tied &= same
            continue
        if col.dtype.kind in "iub":
            keys = [col.to_numpy()]
        elif col.dtype.kind in "mM":
            values = col.to_numpy()
            keys = [np.isnat(values), values.view(np.int64)]
        # (texts of an object column have no blank: a blank makes it "mixed"; a string column's do not)
        elif pd.api.types.infer_dtype(col, skipna=False) == "string" and (col.dtype == object or not col.isna().any()):
            keys = [col.to_numpy(dtype=object)]
        else:
            return False
        for key in keys:  # the more significant first
            before, after = key[:-1], key[1:]
            same = before == after
            differ = tied & ~same  # first told apart by this key: in order when it is the less
            if not (before[differ] < after[differ]).all():
                return False
            tied &= same
    return True


def _anova(per_rep: pd.DataFrame, scores: pd.Series) -> tuple[float, float, float, int] | None:
    """One-way random-effects ANOVA with reps as groups (unbalanced: Searle's n0), from each rep's
    size, mean and variance (``per_rep``, reps in name order) and the criterion's ``scores``."""
    k, total = len(per_rep), int(per_rep["size"].sum())
    if k < 2 or total - k < 1:
        return None
    grand = float(scores.mean())
    msw = float(((per_rep["size"] - 1) * per_rep["var"].fillna(0)).sum()) / (total - k)
    msb = float((per_rep["size"] * (per_rep["mean"] - grand) ** 2).sum()) / (k - 1)
    n0 = (total - float((per_rep["size"] ** 2).sum()) / total) / (k - 1)
    between = max(0.0, (msb - msw) / n0) if n0 > 0 else 0.0
    return float(per_rep["mean"].mean()), msw, between, k


def _drift(scores: np.ndarray, reps: np.ndarray, block: int, within: float) -> float:
    """Variance of a rep's level between consecutive ``block``-call stretches, beyond call noise
    (``scores`` in order, ``reps`` their reps' codes, -1 for none).

    Every rep's stretches are averaged at once, as the rows of one array, and the reps with as many
    stretches as each other are compared at once: numpy sums each row of an array as it sums the
    same values on their own, so each rep's figure is the float that one rep at a time gives, and the
    reps' figures are added in order of first appearance (as ``groupby(sort=False)`` gives them)."""
    block = max(int(block), 1)
    named = np.flatnonzero(reps >= 0)  # a blank rep is no group
    codes = pd.factorize(reps[named])[0]
    ordered = scores[named[np.argsort(codes, kind="stable")]]  # each rep's scores in order
    sizes = np.bincount(codes)
    whole = sizes // block
    kept = np.flatnonzero(whole >= 2)  # reps of two stretches or more
    if not len(kept):
        return 0.0
    stretches = whole[kept]
    first = np.cumsum(stretches) - stretches  # each kept rep's first stretch among all of them
    starts = np.repeat((np.cumsum(sizes) - sizes)[kept] - first * block, stretches) + np.arange(stretches.sum()) * block
    means = ordered[starts[:, None] + np.arange(block)].mean(axis=1)
    devs = np.zeros(len(kept))
    for size in np.unique(stretches).tolist():
        which = np.flatnonzero(stretches == size)
        rows = means[first[which, None] + np.arange(size)]
        devs[which] = ((rows - rows.mean(axis=1)[:, None]) ** 2).sum(axis=1)
    total = 0.0
    for dev in devs.tolist():
        total += dev
    return max(0.0, total / int((stretches - 1).sum()) - within / block)


def expected_gains(
    baseline: pd.Series, n: pd.Series, criterion: pd.Series, long_run: pd.DataFrame, comps: dict[str, Components]
) -> pd.DataFrame:
    """Per session: the expected spurious gain at rep and at team level, the basis used and the flag.

    ``long_run`` holds, per session, the rep's calls before the baseline window (``R_n``, ``R_mean``).
    The rep-level figure needs at least N such calls.  The flag (``yes``) says the baseline is far
    below the rep's or the team's mean: the expected gain, on the basis used, is above zero and at least
    one standard error of an N-call mean (both zero, as when no rep's scores vary, is no flag).
    """
    rows = []
    known: dict[tuple, tuple | None] = {}  # per criterion and N: what the components give (the same for its sessions)
    for b, size, crit, run_n, run_mean in zip(baseline.tolist(), n.tolist(), criterion.tolist(),
                                             long_run["R_n"].tolist(), long_run["R_mean"].tolist()):
        size = int(size)
        if (crit, size) not in known:
            comp = comps.get(crit)
            known[crit, size] = None if comp is None else (
                1 - comp.reliability(size, comp.between), comp.mean, 1 - comp.reliability(size, comp.drift_of(size)),
                comp.standard_error(size))
        figures = known[crit, size]
        row = {"long_run_n": int(run_n), "long_run_mean": None, "rtm_gain_rep": None,
               "rtm_gain_team": None, "rtm_basis": None, "rtm_gain": None, "rtm_flag": None}
        if row["long_run_n"]:
            row["long_run_mean"] = float(run_mean)
        if b is None or pd.isna(b) or figures is None:
            rows.append(row)
            continue
        b = float(b)
        team_share, mean, rep_share, error = figures
        row["rtm_gain_team"] = team_share * (mean - b)
        row["rtm_basis"], row["rtm_gain"] = "team", row["rtm_gain_team"]
        if row["long_run_n"] >= size:
            row["rtm_gain_rep"] = rep_share * (row["long_run_mean"] - b)
            row["rtm_basis"], row["rtm_gain"] = "rep", row["rtm_gain_rep"]
        gain = row["rtm_gain"]
        row["rtm_flag"] = "yes" if gain > 0 and gain >= error else "no"
        rows.append(row)
    return pd.DataFrame(rows)


def anchor_in_baseline(evidence_call: pd.Series, b_ids: pd.Series, b_scores: pd.Series) -> pd.DataFrame:
    """Per session: ``yes`` when the call evidence anchor is one of the baseline calls, and the baseline
    mean without it (blank when it is not there, or was the only call); blank when the anchor is not a
    call id (empty, or a recording link)."""
    flags, without = [], []
    for call, ids, scores in zip(evidence_call, b_ids, b_scores):
        # A recording link cannot be matched: the Scores calls are known by their call id only.
        key = header_key(call) if isinstance(call, str) and "://" not in call else ""
        hits = [j for j, c in enumerate(ids) if key and header_key(str(c)) == key]
        if not key or not ids:
            flags.append(None)
            without.append(None)
            continue
        flags.append("yes" if hits else "no")
        rest = [v for j, v in enumerate(scores) if j not in hits]
        without.append(float(np.mean(rest)) if hits and rest else None)
    return pd.DataFrame({"anchor_in_baseline": flags, "baseline_without_anchor": without})
