"""Telling a real change from noise, per session (domain.md, "Evidence").

- **Spread**: each window's standard deviation (per call, n - 1).
- **Delta interval**: Welch's 95 % interval around the delta shown (the recorded baseline when there
  is one), with the spread of the windows' calls and Welch-Satterthwaite degrees of freedom.
- **Label**: ``improved`` when the whole interval is above 0, ``declined`` when it is below, ``within
  noise`` when it spans 0; blank while there is no delta or a window has fewer than two calls.
- **Share at threshold**: follow-up calls at or above the threshold over follow-up n, with Wilson's
  95 % interval.

:func:`session_evidence` puts these beside the regression-to-the-mean figures (:mod:`.rtm`), the
comparison group (:mod:`.comparison`) and the evaluator drift (:mod:`.drift`), one row per session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import chain

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import batched, comparison, drift, panel, rtm
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.comparability import blank_criterion
from coachlog_xl.core.config import Config
from coachlog_xl.core.followup import SCHEDULED, YES
from coachlog_xl.core.frames import records
from coachlog_xl.core.intervals import change_labels, wilson
from coachlog_xl.core.windows import CallRuns
from coachlog_xl.core.wording import points

LOG = schema.LOG.name
# calls from which the team's figures are worth working out beside the calls' runs, in a second process
# (see :func:`coachlog_xl.core.refresh.compute`): at 100,000 calls they take about 0.04 s
BESIDE_RUNS = 300_000


def _scores(lists: list[list[float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each session's number of calls, mean and SD (:func:`~coachlog_xl.core.intervals.mean_sd`) of
    its scores (``lists``, one list per session)."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    values = np.fromiter(chain.from_iterable(lists), dtype=float, count=int(lengths.sum()))
    members = batched.Groups(np.repeat(np.arange(len(lists)), lengths), len(lists))
    return (lengths, *batched.mean_sds(values, members))


def delta_parts(b_scores: list[list[float]],
                f_scores: list[list[float]]) -> tuple[batched.Parts, np.ndarray, np.ndarray]:
    """Each session's Welch parts of its delta (:func:`~coachlog_xl.core.intervals.welch_parts` of the
    follow-up and the baseline, NaN where a window has fewer than two calls) and the two windows' SDs."""
    (b_n, _, b_sd), (f_n, _, f_sd) = _scores(b_scores), _scores(f_scores)
    with np.errstate(invalid="ignore", divide="ignore"):
        parts = batched.Parts(np.column_stack([f_sd * f_sd / f_n, b_sd * b_sd / b_n]),
                              np.column_stack([f_n - 1, b_n - 1]).astype(float))
    parts.var[~parts.given] = np.nan
    return parts, b_sd, f_sd


def delta_evidence(delta: np.ndarray, parts: batched.Parts) -> dict[str, list]:
    """The Welch interval of each ``delta`` (NaN for none) from its ``parts``, and its label."""
    given = ~np.isnan(delta) & parts.given
    at = np.flatnonzero(given)
    low, high = np.full(len(delta), np.nan), np.full(len(delta), np.nan)
    # each one's variance and df: its Welch interval, centred on the delta shown, and its standard error and df,
    # the Aggregate's floor for a group's interval (not on the sheet)
    var, dof = batched.spreads(parts)
    low[at], high[at] = batched.spread_ends(delta[at], var[at], dof[at])
    lows, highs = batched.maybe(low, given), batched.maybe(high, given)
    return {"delta_low": lows, "delta_high": highs, "change": change_labels(low, high),
            "delta_se": np.where(given, np.sqrt(var), np.nan), "delta_df": np.where(given, dof, np.nan)}


def window_spans(stats: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each window's first and last call's moment (NaT for an empty window), for the Aggregate to tell
    which sessions' windows share calls (not on the sheet)."""
    return {f"{window}_{end}": stats[f"{prefix}_{end}"].to_numpy()
            for prefix, window in (("b", "baseline"), ("f", "followup")) for end in ("from", "to")}


def threshold_share(at_threshold: np.ndarray, n: np.ndarray) -> dict[str, list]:
    """The share of follow-up calls at the threshold and its Wilson interval
    (:func:`~coachlog_xl.core.intervals.wilson`), None without follow-up calls."""
    given = n > 0
    m = np.where(given, n, 1)
    low, high = wilson(at_threshold, m)
    return {"share_at_threshold": batched.maybe(at_threshold / m, given), "share_low": batched.maybe(low, given),
            "share_high": batched.maybe(high, given)}


def team_figures(sessions: pd.DataFrame, calls: pd.DataFrame, cfg: Config, factors: dict | None = None,
                 runs: CallRuns | None = None) -> tuple[dict, pd.DataFrame, panel.Chunks]:
    """What the evidence needs of the whole team, from the calls and sessions alone: the variance
    components per criterion (:func:`~coachlog_xl.core.rtm.components`; ``factors``: the calls' rep and
    criterion factors, where made already), the evaluators' offsets (:func:`~coachlog_xl.core.drift.offsets`)
    and the comparison group's pairs set up but for the calls' running sums (:class:`~coachlog_xl.core.panel.Chunks`;
    ``runs``: the calls' runs, when known)."""
    return (rtm.components(calls, cfg.window_n, sessions, factors), drift.offsets(calls, factors),
            panel.Chunks(sessions, calls, panel.CHUNK, runs, sums=False))


def session_evidence(sessions: pd.DataFrame, calls: pd.DataFrame, members: pd.DataFrame, stats: pd.DataFrame,
                     table: pd.DataFrame, cfg: Config, runs: CallRuns | None = None,
                     mapper: Callable = map, team: tuple | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every evidence column of the Follow-up sheet (one row per session, in ``sessions`` order) and the
    evaluator offsets (one row per criterion and evaluator); ``runs``: the calls' runs, when known;
    ``mapper``: how its independent pieces (each chunk of pairs among them) are mapped, when there are
    two chunks or more (see :func:`coachlog_xl.core.refresh.compute`); ``team``: :func:`team_figures`
    of these sessions, calls and ``runs``, when known."""
    n = len(sessions)
    comps, offsets, work = team if team is not None else team_figures(sessions, calls, cfg, runs=runs)
    work.with_sums(calls, runs)
    parts, b_sd, f_sd = delta_parts(stats["b_scores"].tolist(), stats["f_scores"].tolist())
    baseline = table["baseline_mean"].reset_index(drop=True)
    delta = table["delta"].reset_index(drop=True)
    b_values, d_values = (pd.to_numeric(v, errors="coerce").to_numpy(dtype=float) for v in (baseline, delta))

    def own_evidence() -> pd.DataFrame:  # each session's own delta interval and threshold share
        return pd.DataFrame({"baseline_sd": batched.maybe(b_sd, ~np.isnan(b_sd)),
                             "followup_sd": batched.maybe(f_sd, ~np.isnan(f_sd)),
                             **delta_evidence(d_values, parts), **window_spans(stats),
                             **threshold_share(table["at_threshold"].to_numpy(dtype=np.int64),
                                               table["followup_n"].to_numpy(dtype=np.int64))}, index=range(n))

    def side_evidence() -> tuple:  # the anchor call, and the evaluators' mix
        return (rtm.anchor_in_baseline(sessions["evidence_call"], stats["b_ids"], stats["b_scores"]),
                drift.mix_change(n, members, sessions["criterion"], offsets))

    # the pairs of every session with every rep, a chunk at a time: the coached rep's long run, and
    # the comparison group
    r_n, r_mean = np.zeros(n, dtype=np.int64), np.full(n, np.nan)
    found: list[comparison.Found] = []

    def chunk(i: int) -> tuple:
        pairs, windows, rest = work.sparing(i)
        coached = pairs["coached"]
        return (pairs["s"][coached], windows["R_n"], windows["R_mean"],
                comparison.comparisons(sessions, b_values, d_values, parts, pairs, windows, comps, cfg.checkin_n,
                                       rest, work.twin))

    # every piece on its own: the two independent ones first, then the chunks; one chunk of pairs (a
    # team of a thousand sessions) is a few hundredths of a second of work in all, which a second
    # process does not repay (its start, and the pages of this one it copies): all are done here
    pieces = [own_evidence, side_evidence, *(partial(chunk, i) for i in range(len(work)))]
    done = list((mapper if len(work) > 1 else map)(lambda task: task(), pieces))
    own, (anchors, mix) = done[0], done[1]
    for at, chunk_n, chunk_mean, chunk_found in done[2:]:
        r_n[at], r_mean[at] = chunk_n, chunk_mean
        found.append(chunk_found)
    long_run = pd.DataFrame({"R_n": r_n, "R_mean": r_mean})
    comp = comparison.frame(sessions["criterion"].to_numpy(dtype=object), found,
                            blank_criterion(sessions["criterion_text"].tolist()))
    gains = rtm.expected_gains(baseline, sessions["window_n"], sessions["criterion"], long_run, comps)
    gain = gains["rtm_gain"].map(lambda g: None if g is None or pd.isna(g) else float(g))
    gains["rtm_corrected"] = [None if g is None or pd.isna(d) else float(d) - g for g, d in zip(gain, delta)]
    gains["rtm_low"] = [None if g is None or lo is None else lo - g for g, lo in zip(gain, own["delta_low"])]
    gains["rtm_high"] = [None if g is None or hi is None else hi - g for g, hi in zip(gain, own["delta_high"])]
    out = pd.concat([own, anchors, gains, comp, mix], axis=1)
    out["did_change"] = change_labels(out["did_low"].to_numpy(dtype=float), out["did_high"].to_numpy(dtype=float))
    return out, offsets


def evidence_checks(table: pd.DataFrame, issues: Issues) -> None:
    """Checks rows for held sessions whose delta may owe something to selection, scoring or a trend."""
    used = ["status", "row", "criterion_text", "session_id", "anchor_in_baseline", "baseline_without_anchor",
            "evidence_call", "rtm_flag", "baseline_mean", "rtm_basis", "rtm_gain", "evaluators_changed",
            "evaluator_shift", "evaluator_effect", "pretrend", "placebo"]
    flagged = (table["anchor_in_baseline"] == YES) | (table["rtm_flag"] == YES) \
        | (table["evaluators_changed"] == YES) | (table["pretrend"] == YES)
    for r in records(table.loc[flagged, used]):
        if r["status"] == SCHEDULED:
            continue
        where = (LOG, r["row"], "Targeted criterion", r["criterion_text"])
        sid = r["session_id"]
        if r["anchor_in_baseline"] == YES:
            without = r["baseline_without_anchor"]
            issues.add(Code.ANCHOR_IN_BASELINE, *where,
                       f"{sid}: the call the session is about ({r['evidence_call']}) is one of the baseline calls"
                       + (f"; without it the baseline is {points(without)}." if without is not None else "."),
                       "Read the delta against the baseline without the anchor call (Follow-up sheet).")
        if r["rtm_flag"] == YES:
            issues.add(Code.LOW_BASELINE, *where,
                       f"{sid}: the baseline {points(r['baseline_mean'])} is far below the {r['rtm_basis']}'s mean; "
                       f"about {points(r['rtm_gain'], sign=True)} points are expected back with no coaching "
                       "(regression to the mean).",
                       "Judge the session on the comparison group or the delta minus the expected gain.")
        if r["evaluators_changed"] == YES:
            issues.add(Code.EVALUATOR_MIX, *where,
                       f"{sid}: the follow-up calls were scored by a different mix of evaluators "
                       f"({r['evaluator_shift']:.0%} of the calls changed hands), worth "
                       + (f"about {points(r['evaluator_effect'], sign=True)} points of the delta."
                          if r["evaluator_effect"] is not None and not pd.isna(r["evaluator_effect"])
                          else "an unknown part of the delta (an evaluator without an offset: calls that name "
                               "no evaluator, as an export without the column)."),
                       "Compare the evaluators' offsets on Aggregate; calibrate the evaluators if they differ.")
        if r["pretrend"] == YES:
            issues.add(Code.PRE_TREND, *where,
                       f"{sid}: before the baseline the rep's scores already moved {points(r['placebo'], sign=True)} "
                       "points against the comparison group.",
                       "Read the difference-in-differences with care: the rep was already trending.")
