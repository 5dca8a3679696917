"""The calls of a baseline recorded over more calls than its session's window holds now.

domain.md: N comes from the Log row when filled, else Settings, and a recorded baseline is used from then on.
When Calls per window is made smaller after a baseline was recorded over n calls, the window's last N calls are
no longer the baseline's; the rep's last n scored calls before the session's moment (the window's own rules, n
in place of N) are, when their mean is the recorded mean (within 1e-9, as a recorded baseline is compared with
its window's).  Found, every baseline figure (SD, the delta's interval and Change, the anchor check, the
conditions, the evaluators' mix, the Baseline sheet's row) is computed from them, and Checks notes the smaller
window (``window-smaller-than-recorded``, info); not found (late scores, a score corrected), the recorded baseline
differs from the score data (``baseline-differs-from-recorded``) and the window's last N calls stay its figures.
A window holding more calls than the recorded n (Calls per window made larger since, or older calls pasted since:
the two look the same) is a difference the Baseline sheet shows and Checks warns of, as late scores are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import baseline_words, scaledoubt
from coachlog_xl.core.baseline_words import fmt
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.followup import TOLERANCE
from coachlog_xl.core.stats import READS, as_stored, window_stats
from coachlog_xl.core.windows import BASELINE, FOLLOWUP, SAME_DAY, CallRuns, assign

RECORDED = "recorded"  # a baseline's state once a refresh recorded it (baseline.py: the states)


def wider_than_window(s: dict) -> bool:
    """Whether the session's recorded baseline was taken over more calls than its window holds now."""
    n = s.get("stored_n")
    return s.get("stored_state") == RECORDED and n is not None and int(n) > int(s["window_n"])


@dataclass
class Wide:
    """The rep's last n calls before each session whose recorded baseline is over more calls than its window
    holds now: ``at`` its place among the part's sessions, ``stats`` their :func:`window_stats` (one row each,
    in that order, indexed 0 ..) and ``pairs`` their baseline pairs (``s``: the row of ``stats``)."""

    at: list[int] = field(default_factory=list)
    stats: pd.DataFrame | None = None
    pairs: pd.DataFrame | None = None


def mark(rows: list[dict], sessions: pd.DataFrame, calls: pd.DataFrame, runs: CallRuns,
         keep: list[str] | None = None) -> Wide:
    """Each session's ``recorded_calls``: for one whose recorded baseline was taken over more calls than its
    window holds now (``rows``: the row dicts of ``sessions``, in order), the scores and call ids of the rep's
    last n calls before the session's moment, n the recorded n (fewer when fewer are on Scores); None for the
    others (every row dict has the same keys).  Returns those calls' figures (``keep``: the call columns of
    their pairs, with at least :data:`READS`)."""
    for s in rows:
        s["recorded_calls"] = None
    wide = [i for i, s in enumerate(rows) if wider_than_window(s)]
    if not wide:
        return Wide()
    part = sessions.iloc[wide].assign(window_n=[int(rows[i]["stored_n"]) for i in wide])
    pairs = assign(part, calls, runs, keep=keep or READS)
    stats = window_stats(len(wide), pairs)
    for i, scores, ids in zip(wide, stats["b_scores"], stats["b_ids"]):
        rows[i]["recorded_calls"] = (list(scores), list(ids))
    return Wide(wide, stats, pairs[(pairs["role"] == BASELINE).to_numpy()])


def found(s: dict) -> bool:
    """Whether the session's recorded baseline is over more calls than its window holds now and the
    rep's last n calls before the session (:func:`mark`) are n calls whose mean is the recorded mean: its calls."""
    if s.get("recorded_calls") is None:
        return False
    scores = s["recorded_calls"][0]
    return len(scores) == int(s["stored_n"]) and same(s["stored_mean"], last_mean(scores, len(scores)), 0.0)


def swapped(wide: Wide, rows: list[dict], used: list[tuple], stats: pd.DataFrame, members: pd.DataFrame,
            first: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``stats`` and ``members`` (the window figures and pairs of ``rows``, the sessions ``first`` ..) with, for
    each session whose recorded baseline is in use and :func:`found`, every baseline figure (n, mean, scores, ids,
    first and last call, call types, versions) and baseline pair taken from its recorded n calls in place of the
    window's last N: the Baseline sheet, the conditions and the statistics then read the baseline's own calls."""
    mine = [(k, i) for k, i in enumerate(wide.at) if used[i][0] == RECORDED and found(rows[i])]
    if not mine:
        return stats, members
    stats = stats.copy()
    b_cols = [c for c in stats.columns if c.startswith("b_")]
    for k, i in mine:
        for c in b_cols:
            stats.at[first + i, c] = wide.stats.at[k, c]
    there = dict(mine)
    pairs = wide.pairs[wide.pairs["s"].isin(list(there)).to_numpy()]
    pairs = pairs.assign(s=pairs["s"].map(lambda k: first + there[k]))[members.columns]
    gone = (members["role"] == BASELINE).to_numpy() & members["s"].isin([first + i for _, i in mine]).to_numpy()
    joined = pd.concat([members[~gone], pairs], ignore_index=True)
    # (as :func:`~coachlog_xl.core.windows.assign` gives them: baseline pairs, then follow-up, then same day, each
    # by session, a window's pairs in their order)
    rank = (joined["role"] == FOLLOWUP).to_numpy(dtype=np.int64) + 2 * (joined["role"] == SAME_DAY).to_numpy(
        dtype=np.int64)
    order = np.lexsort((np.arange(len(joined)), joined["s"].to_numpy(dtype=np.int64), rank))
    return stats, joined.iloc[order].reset_index(drop=True)


def check(s: dict, comp_n: int, comp_mean, issues: Issues, scores: list, told: float | None = None) -> None:
    """Says in Checks, once, how a session's recorded baseline stands against the score data: nothing when the
    window's calls give it (``comp_n`` calls, mean ``comp_mean``; ``scores``: theirs, in order); a note when the
    window holds fewer calls now and the rep's last n before the session still give it; else the warning of a
    baseline that differs, saying, when the window holds more calls and its last n still give it, that its
    statistics come from them; ``told``: the top of Score scale on Settings, which may explain a baseline recorded on
    a guessed scale (:func:`~.scaledoubt.rescaled`)."""
    n, mean, on, window_n = int(s["stored_n"]), s["stored_mean"], s["stored_on"], int(s["window_n"])
    wide = wider_than_window(s)
    if found(s):  # (the window holds fewer calls than the baseline's: its last n are still the same)
        issues.add(Code.WINDOW_SMALLER_THAN_RECORDED, schema.LOG.name, s["row"], "Baseline n", n,
                   *baseline_words.smaller_window(s["session_id"], on, fmt(mean), n, window_n))
        return
    if wide:  # (the window's own calls are fewer than the baseline's: the rep's last n are compared)
        scores = (s.get("recorded_calls") or ([], []))[0]
        comp_n, comp_mean = len(scores), last_mean(scores, len(scores))
    elif comp_n == n and same(mean, comp_mean, 0.0):
        return
    elif 0 < n < comp_n and len(scores) >= n and same(mean, last_mean(scores, n), 0.0):  # (its last n: recorded)
        issues.add(Code.BASELINE_CHANGED, schema.LOG.name, s["row"], "Baseline mean", mean,
                   *baseline_words.larger_window(s["session_id"], on, fmt(mean), n, window_n, comp_n, fmt(comp_mean)))
        return
    cause, fix = baseline_words.changed_since(n, comp_n, s["criterion_text"] if s["criterion"] is None else None,
                                              s["rep"] if s["unknown_rep"] else None)
    if comp_n == n and (rescaled := scaledoubt.rescaled(mean, comp_mean, told)):  # (4.19 recorded, 41.9 now: 0-10 told)
        cause, fix = rescaled, scaledoubt.RECORD_AGAIN
    data = (f"the rep's last {n} calls before the session now give {fmt(comp_mean)} (n {comp_n}; the window holds "
            f"{window_n} calls now, Calls per window changed since)" if wide
            else f"the score data now gives {fmt(comp_mean)} (n {comp_n})")
    issues.add(Code.BASELINE_CHANGED, schema.LOG.name, s["row"], "Baseline mean", mean,
               f'{s["session_id"]}: baseline recorded on {on} as {fmt(mean)} (n {n}); {data}, {cause}. The recorded '
               f"baseline is kept; its calls are no longer known, {baseline_words.CALLS_UNKNOWN}.", fix)


def last_mean(scores: list[float], n) -> float | None:
    """The mean of the last ``n`` of a baseline window's calls (all of them when it has fewer; none for 0)."""
    n = int(n)
    return as_stored(sum(scores[-n:]) / len(scores[-n:])) if n > 0 and scores else None


def same(a, b, tolerance: float) -> bool:
    """Whether two baseline means are one (both blank, or within ``tolerance`` and the float error
    :data:`~coachlog_xl.core.followup.TOLERANCE`)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tolerance + TOLERANCE
