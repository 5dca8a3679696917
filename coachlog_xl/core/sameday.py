"""What Checks says of a session's scored calls that are in neither window on its day, and what would
place them (domain.md, "Exact rules: Windows": a call on the session's day when the session or the call
has a date only, or a call at a timed session's exact moment, is in neither window).

Only a call with a time of day can be placed, and only once the session has one too: the advice to type
the Session time is given for those calls alone; a call dated without a time stays in neither window
whatever the Log says, so nothing is advised for it.  Clearing a recorded baseline is never advised
(domain.md: a baseline is recorded once): with the time typed, a call after it joins the follow-up, and
one before it joins a recorded baseline only if the baseline is recorded again, which also takes in every
score pasted since; the row says so, for the manager to choose, and baseline-differs-from-recorded names
the difference meanwhile.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.windows import SAME_DAY
from coachlog_xl.core.wording import count

_RECORDED = (" The recorded baseline stays as it is: a call placed before that time would join it only if the baseline "
             "were recorded again (its Baseline mean, Baseline n and Baseline recorded on cells cleared), which would "
             "also take in any scores pasted since it was recorded.")


def timed_on_day(members: pd.DataFrame, first: int, n: int) -> list[int]:
    """Per session ``first`` .. ``first + n - 1``: how many of its calls in neither window on its day have a
    time of day (``members``: :func:`~coachlog_xl.core.windows.assign`'s pairs, with the calls' ``date_only``)."""
    timed = ((members["role"] == SAME_DAY) & ~members["date_only"].astype(bool)).to_numpy()
    return np.bincount(members["s"].to_numpy(dtype=np.int64)[timed] - first, minlength=n).tolist()


def said(s: dict, same: int, timed: int, recorded: bool, issues: Issues) -> None:
    """The info row of session ``s`` with ``same`` scored calls in neither window on its day, ``timed`` of
    them with a time of day; ``recorded``: the session's baseline is recorded (never recomputed)."""
    untimed, day = same - timed, s["day"].date()
    are = "is" if same == 1 else "are"
    if s["timed"]:  # a timed call here is at the session's exact moment: nothing places it either
        one = same == 1
        if timed == 0:
            why = f"{'it has' if one else 'they have'} no time of day"
        elif untimed == 0:
            why = f"{'it is' if one else 'they are'} at the session's exact moment"
        else:
            why = (f"{untimed} {'has' if untimed == 1 else 'have'} no time of day, {timed} "
                   f"{'is' if timed == 1 else 'are'} at the session's exact moment")
        fix = ("Nothing to do if the Session time is right: a call on the session's day without a time of day, or "
               "at the session's exact moment, is in neither window.")
    elif timed == 0:
        why = f"neither the session nor {'the call has' if same == 1 else 'the calls have'} a time of day"
        fix = (f"Nothing to do: typing the Session time does not place {'it' if same == 1 else 'them'}; a call "
               "dated without a time of day is in neither window of a session on its day.")
    else:
        them = "it" if timed == 1 else "them"
        which = them if timed == same else f"the {timed} with a time of day"
        fix = f"Type the Session time to place {which}, if you know it."
        if recorded:
            fix += _RECORDED
        if untimed:
            fix += (f" The other {untimed}, dated without a time of day, {'stays' if untimed == 1 else 'stay'} "
                    "in neither window.")
        why = "the session has no time"
    issues.add(Code.SAME_DAY_CALLS, schema.LOG.name, s["row"], "Session date", None,
               f"{s['session_id']}: {count(same, 'scored call')} on {day} {are} in neither window ({why}).", fix)
