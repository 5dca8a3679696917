"""The calls of a baseline recorded over more calls than its session's window holds now.

domain.md: N comes from the Log row when filled, else Settings, and a recorded baseline is used from then on.
When Calls per window is made smaller after a baseline was recorded over n calls, the window's last N calls are
no longer the baseline's; the rep's last n scored calls before the session's moment (the window's own rules, n
in place of N) are, when their mean is the recorded mean (within 1e-9, as a recorded baseline is compared with
its window's).  Found, the baseline's SD, the delta's interval and Change and the anchor check are computed
from them, and Checks notes the smaller window (``window-smaller-than-recorded``, info); not found (late
scores, a score corrected), the recorded baseline differs from the score data (``baseline-differs-from-recorded``).
"""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import baseline_words
from coachlog_xl.core.baseline_words import fmt
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.followup import TOLERANCE
from coachlog_xl.core.stats import READS, as_stored, window_stats
from coachlog_xl.core.windows import CallRuns, assign

RECORDED = "recorded"  # a baseline's state once a refresh recorded it (baseline.py: the states)


def wider_than_window(s: dict) -> bool:
    """Whether the session's recorded baseline was taken over more calls than its window holds now."""
    n = s.get("stored_n")
    return s.get("stored_state") == RECORDED and n is not None and int(n) > int(s["window_n"])


def mark(rows: list[dict], sessions: pd.DataFrame, calls: pd.DataFrame, runs: CallRuns) -> None:
    """Each session's ``recorded_calls``: for one whose recorded baseline was taken over more calls than its
    window holds now (``rows``: the row dicts of ``sessions``, in order), the scores and call ids of the rep's
    last n calls before the session's moment, n the recorded n (fewer when fewer are on Scores); None for the
    others (every row dict has the same keys)."""
    for s in rows:
        s["recorded_calls"] = None
    wide = [i for i, s in enumerate(rows) if wider_than_window(s)]
    if not wide:
        return
    part = sessions.iloc[wide].assign(window_n=[int(rows[i]["stored_n"]) for i in wide])
    stats = window_stats(len(wide), assign(part, calls, runs, keep=READS))
    for i, scores, ids in zip(wide, stats["b_scores"], stats["b_ids"]):
        rows[i]["recorded_calls"] = (list(scores), list(ids))


def check(s: dict, comp_n: int, comp_mean, issues: Issues) -> None:
    """Says in Checks, once, how a session's recorded baseline stands against the score data: nothing when the
    window's calls give it (``comp_n`` calls, mean ``comp_mean``); a note when the window holds fewer calls now
    and the rep's last n before the session still give it; else the warning of a baseline that differs."""
    n, mean, on, window_n = int(s["stored_n"]), s["stored_mean"], s["stored_on"], int(s["window_n"])
    wide = wider_than_window(s)
    if wide:  # (the window's own calls are fewer than the baseline's: the rep's last n are compared)
        scores = (s.get("recorded_calls") or ([], []))[0]
        comp_n, comp_mean = len(scores), as_stored(sum(scores) / len(scores)) if scores else None
    if comp_n == n and same(mean, comp_mean, 0.0):
        if wide:
            issues.add(Code.WINDOW_SMALLER_THAN_RECORDED, schema.LOG.name, s["row"], "Baseline n", n,
                       *baseline_words.smaller_window(s["session_id"], on, fmt(mean), n, window_n))
        return
    cause, fix = baseline_words.changed_since(n, comp_n, s["criterion_text"] if s["criterion"] is None else None,
                                              s["rep"] if s["unknown_rep"] else None)
    data = (f"the rep's last {n} calls before the session now give {fmt(comp_mean)} (n {comp_n}; the window holds "
            f"{window_n} calls now, Calls per window changed since)" if wide
            else f"the score data now gives {fmt(comp_mean)} (n {comp_n})")
    issues.add(Code.BASELINE_CHANGED, schema.LOG.name, s["row"], "Baseline mean", mean,
               f'{s["session_id"]}: baseline recorded on {on} as {fmt(mean)} (n {n}); {data}, {cause}. The recorded '
               f"baseline is kept; its calls are no longer known, {baseline_words.CALLS_UNKNOWN}.", fix)


def same(a, b, tolerance: float) -> bool:
    """Whether two baseline means are one (both blank, or within ``tolerance`` and the float error
    :data:`~coachlog_xl.core.followup.TOLERANCE`)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tolerance + TOLERANCE


def widened(stats: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """``stats`` (the sessions' window figures, in the order of ``rows``) with the baseline's scores and ids of
    each session :func:`mark` marked taken from its recorded baseline's calls (which
    :func:`~coachlog_xl.core.baseline.known_calls` keeps only when their mean is the recorded mean)."""
    marked = [(i, s["recorded_calls"]) for i, s in enumerate(rows) if s.get("recorded_calls") is not None]
    if not marked:
        return stats
    b_scores, b_ids = stats["b_scores"].tolist(), stats["b_ids"].tolist()
    for i, (scores, ids) in marked:
        b_scores[i], b_ids[i] = scores, ids
    return stats.assign(b_scores=pd.Series(b_scores, index=stats.index, dtype=object),
                        b_ids=pd.Series(b_ids, index=stats.index, dtype=object))
