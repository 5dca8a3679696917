"""The follow-up figures, status and four conditions of many sessions at once, as arrays.

The rules are those of :mod:`.followup` and :mod:`.comparability` (which state them for one session);
here each is a numpy expression over all sessions, and each reason text is made once per distinct
wording (a team's sessions share a few) and then looked up.  The two conditions that read a
session's own calls (definition unchanged, call types comparable) are worked out with the one-session
rules where they can differ from the plain answer: for the few sessions whose criterion has dated
versions or whose calls carry a version, and once per distinct pair of call-type counts.
"""

from __future__ import annotations

import numpy as np

from coachlog_xl.core import comparability as cmp
from coachlog_xl.core import followup as fu
from coachlog_xl.core.followup import NO, YES

# follow-up calls up to which a window's sums are added up in the grid of every session's scores
GRID = 64


def figures(scores: list[list[float]], b_mean: list, threshold: np.ndarray, checkin_n: int,
            window_n: np.ndarray) -> dict[str, list]:
    """:func:`~coachlog_xl.core.followup.figures` of every session, as columns (lists): the follow-up
    scores so far ``scores``, each window's sums added up call by call from 0 as :func:`sum` adds them
    (the same floats)."""
    n = np.fromiter(map(len, scores), dtype=np.int64, count=len(scores))
    long = n > GRID  # (a window of hundreds of calls: on its own, not a grid that wide for every session)
    shown = np.where(long, 0, n)
    widest = int(shown.max(initial=0))
    # row i: 0, then session i's scores, then zeros (adding 0.0 after the last score changes no sum)
    grid = np.zeros((len(scores), widest + 1), dtype=np.float64)
    if widest:
        flat = np.fromiter((v for s, k in zip(scores, long.tolist()) if not k for v in s), dtype=np.float64,
                           count=int(shown.sum()))
        rows = np.repeat(np.arange(len(scores)), shown)
        grid[rows, 1 + np.arange(len(flat)) - np.repeat(np.cumsum(shown) - shown, shown)] = flat
    sums = np.cumsum(grid, axis=1)
    at = (grid[:, 1:] >= (threshold - fu.TOLERANCE)[:, None]) & (np.arange(widest) < n[:, None])
    checkin = np.minimum(checkin_n, window_n)
    index = np.arange(len(scores))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = sums[index, shown] / n
        checkin_mean = sums[index, np.minimum(checkin, widest)] / checkin
    base = np.array([np.nan if m is None else m for m in b_mean], dtype=np.float64)
    has_base = np.array([m is not None for m in b_mean], dtype=bool)
    checked = n >= checkin
    delta = _difference(mean, base)
    emerging = _difference(checkin_mean, base) > 0
    out = {
        "followup_n": n.tolist(),
        "followup_mean": _where(n > 0, mean),
        "delta": _where(checked & has_base, delta),
        "at_threshold": at.sum(axis=1).tolist(),
        "checkin_mean": _where(checked, checkin_mean),
        "improvement_emerging": _where(checked & has_base, np.where(emerging, YES, NO).astype(object)),
    }
    for i in np.flatnonzero(long).tolist():
        for key, value in fu.figures(scores[i], b_mean[i], float(threshold[i]), checkin_n, int(window_n[i])).items():
            out[key][i] = value
    return out


def _difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`~coachlog_xl.core.followup.difference` of arrays."""
    with np.errstate(invalid="ignore"):
        d = a - b
        return np.where(np.abs(d) < fu.TOLERANCE, 0.0, d)


def _where(keep: np.ndarray, values: np.ndarray) -> list:
    """``values`` as a list, None where ``keep`` is false."""
    return [v if k else None for v, k in zip(values.tolist(), keep.tolist())]


def status(n: np.ndarray, window_n: np.ndarray, checkin_n: int, scheduled: np.ndarray, over: np.ndarray) -> np.ndarray:
    """:func:`~coachlog_xl.core.followup.status` of every session: the first that applies."""
    return np.select(
        [scheduled, n >= window_n, over, n == 0, n < np.minimum(checkin_n, window_n)],
        [fu.SCHEDULED, fu.COMPLETE, fu.EXPIRED, fu.AWAITING, fu.IN_PROGRESS], fu.CHECKIN_DUE).astype(object)


def threshold_met(at: np.ndarray, n: np.ndarray, window_n: np.ndarray, k: np.ndarray, closed: np.ndarray) -> list:
    """:func:`~coachlog_xl.core.followup.threshold_met` of every session."""
    out = np.select([at >= k, closed | (at + (window_n - n) < k)], [YES, NO], "").astype(object)
    return [v or None for v in out.tolist()]


class Conditions:
    """The four conditions of every session and the overall verdict: per condition a value column
    (``yes``, ``no``, None, or ``yes (inbound only)``) and a reason column ("" when none)."""

    def __init__(self, count: int):
        self.values = [np.full(count, None, dtype=object) for _ in range(4)]
        self.reasons = [np.full(count, "", dtype=object) for _ in range(4)]

    def set(self, which: int, where: np.ndarray, value, reason="") -> None:
        self.values[which][where] = value
        self.reasons[which][where] = reason

    def overall(self, calls_gone: np.ndarray) -> tuple[list, list]:
        """:func:`~coachlog_xl.core.comparability.overall` of every session: its value and reason (None
        when it has none)."""
        count = len(calls_gone)
        values, reasons = self.values, self.reasons
        failed = np.logical_or.reduce([v == NO for v in values])
        known = np.logical_and.reduce([np.array([x is not None and x.startswith(YES) for x in v.tolist()], dtype=bool)
                                       for v in values])
        value = np.where(failed, NO, np.where(known, YES, None)).astype(object)
        reason = np.full(count, None, dtype=object)
        said: dict[tuple, str] = {}  # (a team's sessions fail with a few wordings: each joined once)
        for i in np.flatnonzero(failed).tolist():
            why = tuple(reasons[c][i] for c in range(4) if values[c][i] == NO)
            reason[i] = said.get(why) or said.setdefault(why, cmp.said_once(list(why)))
        unknown = ~failed & ~known
        # (a rep not on the Reps sheet, no call under its name: that is why, whatever its baseline's calls)
        rep_off = np.array([r == cmp.UNKNOWN_REP for r in reasons[0].tolist()], dtype=bool)
        calls_gone = calls_gone & ~rep_off
        reason[unknown & calls_gone] = cmp.BASELINE_CALLS_GONE
        for i in np.flatnonzero(unknown & ~calls_gone).tolist():
            reason[i] = cmp.said_once([reasons[c][i] for c in range(4)
                                       if values[c][i] is None and reasons[c][i]]) or None
        return value.tolist(), reason.tolist()


def same_criterion(out: Conditions, known: np.ndarray, b_n: np.ndarray, f_n: np.ndarray, closed: np.ndarray,
                   call_type: list, scheduled: np.ndarray, blank: np.ndarray | None = None) -> None:
    """Condition 1 (:func:`~coachlog_xl.core.comparability.same_criterion`) of every session; ``blank``: the
    sessions whose Log row names no criterion at all (said so, not "not on the Criteria sheet")."""
    out.set(0, known & (b_n > 0) & (f_n > 0), YES)
    for wanted in {t or "" for t in call_type}:  # the reasons name the session's call type: one wording per type
        on = [(t or "") == wanted for t in call_type]
        no_base = np.array(on, dtype=bool) & known & (b_n == 0) & ~scheduled
        no_follow = np.array(on, dtype=bool) & known & (b_n > 0) & (f_n == 0) & closed
        reason = cmp.same_criterion(True, 0, 0, True, wanted).reason
        out.set(0, no_base, NO, reason)
        out.set(0, no_follow, NO, cmp.same_criterion(True, 1, 0, True, wanted).reason)
    out.set(0, ~known, NO, cmp.UNKNOWN_CRITERION)
    if blank is not None:
        out.set(0, ~known & blank, NO, cmp.NO_CRITERION)


def rep_unknown(out: Conditions, uncalled: np.ndarray, known: np.ndarray) -> None:
    """A session whose rep is not on the Reps sheet and no call is scored under its name (``uncalled``, on
    any criterion: :func:`uncalled`): its calls are more likely under the rep's name on Reps than none at
    all, so conditions 1 and 4 are not known (blank, the reason naming the rep) rather than failed on the
    criterion, until the Log row is fixed."""
    rows = uncalled & known
    out.set(0, rows, None, cmp.UNKNOWN_REP)
    out.set(3, rows, None, "")


def uncalled(sessions: list[dict], reps) -> None:
    """Each session's ``uncalled``: its rep is not on the Reps sheet (``unknown_rep``) and no scored call, on
    any criterion, is under its name (``reps``: the calls' reps, a pandas Series)."""
    unknown = {s["rep"] for s in sessions if s["unknown_rep"]}
    named = set(reps[reps.isin(unknown)].unique()) if unknown else set()
    for s in sessions:
        s["uncalled"] = bool(s["unknown_rep"]) and s["rep"] not in named


def enough_calls(out: Conditions, b_n: np.ndarray, f_n: np.ndarray, window_n: np.ndarray, closed: np.ndarray,
                 scheduled: np.ndarray) -> None:
    """Condition 4 (:func:`~coachlog_xl.core.comparability.enough_calls`) of every session, each reason
    worded once per distinct (calls, calls needed)."""
    short = b_n < window_n
    out.set(3, ~short & (f_n >= window_n), YES)
    # (the one-session rule's reason for a short baseline, and for a short follow-up once closed)
    for rows, n, args in ((short & ~scheduled, b_n, lambda k, w: (k, w, w, True)),
                          (~short & (f_n < window_n) & closed, f_n, lambda k, w: (w, k, w, True))):
        at = np.flatnonzero(rows)
        said = {pair: cmp.enough_calls(*args(*pair)).reason for pair in set(zip(n[at].tolist(), window_n[at].tolist()))}
        out.set(3, at, NO, [said[pair] for pair in zip(n[at].tolist(), window_n[at].tolist())])


def definition_unchanged(out: Conditions, effective: dict, criteria: list, first: list, last: list, versions: list,
                         closed: np.ndarray) -> None:
    """Condition 2 (:func:`~coachlog_xl.core.comparability.definition_unchanged`) of every session;
    ``first``: the first baseline call's moment (None: no baseline in use), ``last``: the last
    follow-up call's, ``versions``: the versions the windows' calls carry.  A session whose criterion
    has no version dates and whose calls carry no version is yes once closed; the others are judged
    one by one."""
    both = np.array([f is not None and la is not None for f, la in zip(first, last)], dtype=bool)
    out.set(1, both & closed, YES)
    judged = [i for i in np.flatnonzero(both).tolist() if versions[i] or effective.get(criteria[i])]
    for i in judged:
        v = cmp.definition_unchanged(effective.get(criteria[i], []), first[i], last[i], versions[i], bool(closed[i]))
        out.values[1][i], out.reasons[1][i] = v.value, v.reason


def call_types_comparable(out: Conditions, wanted: list, b_types: list, f_types: list, b_n: np.ndarray,
                          f_n: np.ndarray, tolerance, closed: np.ndarray) -> None:
    """Condition 3 (:func:`~coachlog_xl.core.comparability.call_types_comparable`) of every session;
    ``b_n``, ``f_n``: the calls the windows' type counts count (a baseline not in use: 0).  The shares
    are compared once per distinct pair of counts (a team's windows repeat a few)."""
    held = (b_n > 0) & (f_n > 0)
    named = np.array([bool(w) for w in wanted], dtype=bool)
    for i in np.flatnonzero(held & named).tolist():
        out.values[2][i] = f"{YES} ({wanted[i]} only)"
    said: dict = {}
    for i in np.flatnonzero(held & ~named & closed).tolist():
        key = (tuple(b_types[i].items()), tuple(f_types[i].items()))
        if key not in said:
            said[key] = cmp.call_types_comparable("", b_types[i], f_types[i], tolerance, True)
        out.values[2][i], out.reasons[2][i] = said[key].value, said[key].reason
