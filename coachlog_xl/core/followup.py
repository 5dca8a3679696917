"""Follow-up figures: delta, K-of-N threshold, check-in and status.

domain.md, "Delta", "Threshold", "Check-in", "Status" and "Exact rules: Before a window completes /
Status order".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import header_key

SCHEDULED = "scheduled"
AWAITING = "awaiting calls"
IN_PROGRESS = "in progress"
CHECKIN_DUE = "check-in due"
COMPLETE = "complete"
EXPIRED = "expired"
YES, NO = "yes", "no"
# what makes two Follow-up rows one session (its id, rep, criterion and moment: the session written twice
# in the Log, named in Checks), counted once in Aggregate, in the refresh's summary and among a rep's
# earlier unmet sessions
SAME_SESSION = ["session_id", "rep", "criterion", "session_at"]
HOLDING = ("recorded", "typed")  # a Log row's grey cells holding a baseline (core.baseline's RECORDED, TYPED)


def same_sessions(table: pd.DataFrame) -> np.ndarray:
    """Of the Follow-up rows ``table``, those repeating another row's :data:`SAME_SESSION` (the id as typed:
    ``S-1`` and ``s-1`` are two, a recorded baseline on either being its own): each but the first, or but the
    first holding a recorded or typed baseline (``stored_state``: a row pasted again above the row holding the
    session's baseline is the one not counted)."""
    if not len(table):
        return np.zeros(0, dtype=bool)
    keys = table[SAME_SESSION]
    if "stored_state" not in table:
        return keys.duplicated().to_numpy(dtype=bool)
    order = np.argsort(~table["stored_state"].isin(HOLDING).to_numpy(dtype=bool), kind="stable")
    out = np.empty(len(table), dtype=bool)
    out[order] = keys.iloc[order].duplicated().to_numpy(dtype=bool)
    return out


def repeat_moment(at, timed: bool, target, call_type=None) -> tuple | None:
    """What two sessions of a rep on a criterion under two ids share when they are likely one session
    typed twice (Checks' same-session-twice names them; a suggestion to escalate and the Aggregate count
    them once): a timed session's moment; a date-only one's day with its development target as a person
    reads it (:func:`same_target`; two targets on a day are two sessions); either with the call type it
    names, as the windows match it (two sessions naming two types count different calls); None for a
    date-only session without a target (nothing tells it is another's)."""
    kind = header_key(call_type) if isinstance(call_type, str) else ""
    if timed:
        return at, kind
    key = same_target(target)
    return (at, kind, key) if key else None


def repeat_criterion(criterion):
    """A session's criterion (its Criteria name, else as typed) as :func:`repeat_moment`'s sessions are told
    apart: capitals aside, as names are matched (``"Tone"`` and ``"tone"``, both off the list, are one)."""
    return criterion.lower() if isinstance(criterion, str) else criterion


def same_target(target) -> str:
    """A development target as a person reads it, for telling two sessions' targets apart: case, runs of
    spaces, the spaces around it and full stops at its end ignored (``"Greet by name."`` is ``"greet by
    name"``), other punctuation and the words kept; '' for none."""
    text = target if isinstance(target, str) else "" if target is None or target != target else str(target)
    return " ".join(text.split()).rstrip(". ").casefold()


def written_again(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Of the Follow-up rows ``table``, those repeating the session of an earlier Log row: written again
    under its id (:data:`SAME_SESSION`: the session itself, counted once), and likely typed again under
    another id (the rep, criterion and :func:`repeat_moment` of an earlier Log row: Checks'
    same-session-twice).  Each is the later row of its key in Log row order (``row``; the table's order
    without it); a row written again under its id is not compared again under another."""
    n = len(table)
    same = same_sessions(table)
    likely = np.zeros(n, dtype=bool)
    if not n or not {"rep", "criterion_key", "at", "timed", "target"} <= set(table.columns):
        return same, likely
    order = np.argsort(table["row"].to_numpy(), kind="stable") if "row" in table else np.arange(n)
    rep, at, timed, target = (table[k].to_numpy(dtype=object) for k in ("rep", "at", "timed", "target"))
    crit = table["criterion_key"].map(repeat_criterion)
    kind = table["call_type"].to_numpy(dtype=object) if "call_type" in table else [None] * n
    # only sessions of a rep and criterion sharing their day with another may share a moment
    may = (pd.DataFrame({"rep": table["rep"], "crit": crit, "day": table["day"]}).duplicated(keep=False).to_numpy()
           if "day" in table else np.ones(n, bool))
    crit = crit.to_numpy(dtype=object)
    first: dict[tuple, int] = {}
    for i in order[may[order]].tolist():
        moment = None if same[i] else repeat_moment(at[i], bool(timed[i]), target[i], kind[i])
        if moment is not None:
            likely[i] = first.setdefault((rep[i], crit[i], moment), i) != i
    return same, likely


# points: a difference smaller than this is the float error of putting a score on 0-100 (0.58 x 100
# = 57.99999999999999) or of averaging (two windows whose calls average to 200/3 exactly give means
# 1e-14 apart), never a difference in the scores, which nobody types to nine decimals
TOLERANCE = 1e-9


def reaches(score: float, threshold: float) -> bool:
    """The call is at or above the threshold (within :data:`TOLERANCE`)."""
    return score >= threshold - TOLERANCE


def difference(a: float, b: float) -> float:
    """``a - b``, exactly 0.0 when within :data:`TOLERANCE` (a delta of 0 is "no improvement")."""
    d = a - b
    return 0.0 if abs(d) < TOLERANCE else d


def as_of_end(as_of: dt.date) -> pd.Timestamp:
    """The as-of moment is the end of the as-of date: everything before the next midnight."""
    return pd.Timestamp(as_of) + pd.Timedelta(days=1)


def is_scheduled(sessions: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """The session's moment is after the as-of moment (a date-only session on the as-of date is not)."""
    return sessions["day"] > pd.Timestamp(as_of)


def is_window_over(sessions: pd.DataFrame, ends: pd.Series, as_of: dt.date) -> pd.Series:
    """The follow-up window ended before the as-of moment."""
    timed = sessions["timed"].astype(bool).to_numpy()
    over = np.where(timed, ends < as_of_end(as_of), ends.dt.normalize() < pd.Timestamp(as_of))
    return pd.Series(over, index=sessions.index, dtype=bool, copy=False)


def status(n: int, window_n: int, checkin_n: int, scheduled: bool, over: bool) -> str:
    """The first status that applies, in the order of domain.md."""
    if scheduled:
        return SCHEDULED
    if n >= window_n:
        return COMPLETE
    if over:
        return EXPIRED
    if n == 0:
        return AWAITING
    if n < min(checkin_n, window_n):
        return IN_PROGRESS
    return CHECKIN_DUE


def threshold_met(at_threshold: int, n: int, window_n: int, k: int, closed: bool) -> str | None:
    """yes once K calls reach the threshold; no once K cannot be reached or the window closed short."""
    if at_threshold >= k:
        return YES
    if closed or at_threshold + (window_n - n) < k:
        return NO
    return None


def figures(scores: list[float], baseline_mean, threshold: float, checkin_n: int, window_n: int) -> dict:
    """Follow-up mean, delta, calls at threshold and check-in from the follow-up scores so far."""
    n = len(scores)
    mean = sum(scores) / n if n else None
    checkin = min(checkin_n, window_n)
    checkin_mean = sum(scores[:checkin]) / checkin if n >= checkin else None
    delta = difference(mean, baseline_mean) if (n >= checkin and baseline_mean is not None) else None
    emerging = None
    if checkin_mean is not None and baseline_mean is not None:
        emerging = YES if difference(checkin_mean, baseline_mean) > 0 else NO
    return {
        "followup_n": n,
        "followup_mean": mean,
        "delta": delta,
        "at_threshold": sum(1 for v in scores if reaches(v, threshold)),
        "checkin_mean": checkin_mean,
        "improvement_emerging": emerging,
    }


def held_deltas(table: pd.DataFrame, issues: Issues) -> None:
    """No Delta for a session whose figures wait for rows (``scores_wait``: a follow-up, or a baseline not recorded,
    rows may belong in) while a paste's scores may be read over the evaluation's overall (``maximum-or-overall``,
    :mod:`.overallmax`: 5 of 100 where 5 of 5 may be meant): its figures are not yet known."""
    if any(i.code is Code.MAXIMUM_UNSURE for i in issues):
        table.loc[table["scores_wait"].to_numpy(dtype=bool), "delta"] = None
