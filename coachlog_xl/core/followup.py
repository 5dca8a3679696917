"""Follow-up figures: delta, K-of-N threshold, check-in and status.

domain.md, "Delta", "Threshold", "Check-in", "Status" and "Exact rules: Before a window completes /
Status order".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

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


def repeat_moment(at, timed: bool, target) -> tuple | None:
    """What two sessions of a rep on a criterion under two ids share when they are likely one session
    typed twice (Checks' same-session-twice names them; a suggestion to escalate counts them once): a
    timed session's moment; a date-only one's day with its development target (two targets on a day are
    two sessions); None for a date-only session without a target (nothing tells it is another's)."""
    return (at,) if timed else (at, target) if target else None

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
