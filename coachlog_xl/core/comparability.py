"""The four conditions of a valid pre/post comparison, each checked and shown on its own.

domain.md, "A pre/post comparison is valid only when all hold" and "Exact rules: Conditions".
Each condition is ``yes``, ``no`` or blank (not yet known) with a short reason when ``no``.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from coachlog_xl.core.followup import NO, YES
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.logcells import blank
from coachlog_xl.core.wording import count

UNKNOWN_CRITERION = "criterion not on the Criteria sheet"
NO_CRITERION = "no targeted criterion"  # (the Log row's Targeted criterion left blank)
UNKNOWN_REP = "rep not on the Reps sheet"
# why a Log row with no readable Session date is left out (it has no window): blank, or typed but unreadable
UNDATED = ("no session date", "session date unreadable")
NO_BASELINE_CALLS, NO_FOLLOWUP_CALLS = "no baseline calls", "no follow-up calls"  # (an empty window's reasons)
# the list each name a Log row gives belongs on (a session naming one on no list waits for the row's fix)
LISTS = {"rep": "the Reps sheet", "criterion": "the Criteria sheet", "call type": "the Settings call type list"}
EFFECTIVE_UNREAD = "a version's Effective from date cannot be read (see Checks)"  # (a Criteria row to fix)
BASELINE_CALLS_GONE = ("the baseline's calls are not on Scores (cleared since it was recorded, or a baseline typed "
                       "in), so whether the definition and the call types stayed the same cannot be checked")


def blank_criterion(texts: list) -> np.ndarray:
    """Which sessions' Log rows name no criterion at all (``texts``: each row's Targeted criterion as typed)."""
    return np.array(blank(texts), dtype=bool)


@dataclass
class Verdict:
    value: str | None
    reason: str = ""


def same_criterion(known: bool, b_n: int, f_n: int, closed: bool, call_type: str | None = None,
                   scheduled: bool = False) -> Verdict:
    """Condition 1; ``call_type``: the one type the session counts (its windows hold no other), named in
    the reason when a window is empty; ``scheduled``: the session's moment is still to come, so calls
    may yet join its baseline (an empty one is not known to stay empty)."""
    on = f"on the criterion of call type {call_type}" if call_type else "on the criterion"
    if not known:
        return Verdict(NO, UNKNOWN_CRITERION)
    if b_n == 0:
        return Verdict(None) if scheduled else Verdict(NO, f"{NO_BASELINE_CALLS} {on}")
    if f_n == 0:
        return Verdict(NO, f"{NO_FOLLOWUP_CALLS} {on}") if closed else Verdict(None)
    return Verdict(YES)


def definition_unchanged(effective: list[pd.Timestamp], first_baseline, last_followup, versions: set,
                         closed: bool = True) -> Verdict:
    """No new version takes effect after the first baseline call and on or before the last follow-up call,
    and the windows' calls carry at most one non-blank version (compared without case or extra spaces).  A change seen
    is final at once; its absence only once the follow-up window has closed (a later call may still fall after a new
    version)."""
    if first_baseline is None or last_followup is None:
        return Verdict(None)
    dated = sorted(eff for eff in effective if not pd.isna(eff))
    for eff in dated:
        if first_baseline < eff <= last_followup:
            return Verdict(NO, f"a new version took effect on {eff.date()}")
    if len({" ".join(str(v).split()).casefold() for v in versions}) > 1:  # (`V1` and `v1 ` are one version)
        return Verdict(NO, "calls carry versions " + ", ".join(sorted(versions)))
    if len(dated) < len(effective):  # a version's Effective from could not be read (Checks names it)
        return Verdict(None, EFFECTIVE_UNREAD)
    return Verdict(YES) if closed else Verdict(None)


def call_types_comparable(wanted: str, b_types: Counter, f_types: Counter, tolerance: Fraction,
                          closed: bool) -> Verdict:
    """With a named call type both windows hold only it; otherwise each type's share may differ by at
    most the tolerance (percentage points, inclusive, compared exactly).  Shares are compared once the
    follow-up window has closed: before that one call of another type would swing them."""
    b_n, f_n = sum(b_types.values()), sum(f_types.values())
    if b_n == 0 or f_n == 0:
        return Verdict(None)
    if wanted:
        return Verdict(f"{YES} ({wanted} only)")
    if not closed:
        return Verdict(None)
    b, f = _by_key(b_types), _by_key(f_types)
    # the gap of a type's shares is |b/b_n - f/f_n| = |b f_n - f b_n| / (b_n f_n): over one common
    # denominator, the integers alone say which gap is widest
    worst_key, widest = None, 0
    for key in sorted(set(b) | set(f)):
        gap = abs(b.get(key, 0) * f_n - f.get(key, 0) * b_n)
        if gap > widest:
            worst_key, widest = key, gap
    if widest * 100 * tolerance.denominator > tolerance.numerator * b_n * f_n:  # widest / (b_n f_n) x 100 > it
        name = _label(worst_key, b_types, f_types)
        share_b = Fraction(b.get(worst_key, 0), b_n) * 100
        share_f = Fraction(f.get(worst_key, 0), f_n) * 100
        return Verdict(NO, f"{name} calls {float(share_b):.0f}% before vs {float(share_f):.0f}% after")
    return Verdict(YES)


def enough_calls(b_n: int, f_n: int, window_n: int, closed: bool, scheduled: bool = False) -> Verdict:
    """Condition 4; ``scheduled``: see :func:`same_criterion` (a short baseline may yet fill up)."""
    if b_n < window_n:
        return Verdict(None) if scheduled else Verdict(NO, f"{_only(b_n, 'baseline call')} ({window_n} needed)")
    if f_n >= window_n:
        return Verdict(YES)
    if closed:
        return Verdict(NO, f"{_only(f_n, 'follow-up call')} ({window_n} needed)")
    return Verdict(None)


def _only(n: int, noun: str) -> str:
    """``no baseline calls``, ``only 1 baseline call``, ``only 7 baseline calls``."""
    return f"no {noun}s" if n == 0 else f"only {count(n, noun)}"


def overall(verdicts: list[Verdict], calls_gone: bool = False) -> Verdict:
    """``calls_gone``: the session's window has closed, and the calls of its baseline in use are not on
    Scores (a paste of the last month only, or a baseline typed in): a condition not known then stays
    unknown, and says why (a rep not on the Reps sheet, the first condition's reason, says it first)."""
    failed = [v.reason for v in verdicts if v.value == NO]
    if failed:
        return Verdict(NO, said_once(failed))
    if all(v.value is not None and v.value.startswith(YES) for v in verdicts):
        return Verdict(YES)
    unknown = said_once([v.reason for v in verdicts if v.value is None and v.reason])
    return Verdict(None, BASELINE_CALLS_GONE if calls_gone and verdicts[0].reason != UNKNOWN_REP else unknown)


_NO_CALLS = (NO_BASELINE_CALLS, NO_FOLLOWUP_CALLS)  # (an empty window's reasons under condition 4)


def said_once(reasons: list[str]) -> str:
    """The conditions' ``reasons`` joined, each that an earlier one already says left out: an empty window
    fails both condition 1 and condition 4, and ``no baseline calls on the criterion`` says what ``no
    baseline calls (10 needed)`` does, as ``criterion not on the Criteria sheet`` (or no targeted criterion)
    does an empty window's (no call matches it; each condition's own cell keeps its reason)."""
    kept: list[str] = []
    for reason in reasons:
        said = reason.split(" (")[0]
        if said in _NO_CALLS and (UNKNOWN_CRITERION in kept or NO_CRITERION in kept):
            continue
        if not any(k == said or k.startswith(said + " ") for k in kept):
            kept.append(reason)
    return "; ".join(kept)


_type_key = functools.lru_cache(maxsize=1 << 12)(header_key)  # a team has a few call types


def _by_key(types: Counter) -> Counter:
    """The counts by call type key; ``types`` itself when each name is its own key (no two names
    then share one)."""
    if all(_type_key(name) == name for name in types):
        return types
    out: Counter = Counter()
    for name, n in types.items():
        out[_type_key(name)] += n
    return out


def _label(key: str, *counters: Counter) -> str:
    for c in counters:
        for name in c:
            if _type_key(name) == key:
                return name or "blank-type"
    return key or "blank-type"
