"""The Follow-up table as the aggregates read it: a column at a time, for every group at once.

:class:`Columns` holds each column the aggregates read once (not a dict per session): the values as
Python objects, text as arrays to compare, the numbers of valid sessions as floats, each session's
comparison reps as codes.  :class:`Groups` counts and lists the sessions of every group of a
dimension in one pass; :class:`SharedReps` finds what the widening for shared comparison reps
(:func:`coachlog_xl.core.aggregate._shared`) needs of every group.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from coachlog_xl.core.comparability import (
    EFFECTIVE_UNREAD,
    NO_BASELINE_CALLS,
    NO_CRITERION,
    NO_FOLLOWUP_CALLS,
    UNDATED,
    UNKNOWN_CRITERION,
    UNKNOWN_REP,
)
from coachlog_xl.core.followup import COMPLETE, EXPIRED, NO, SCHEDULED, YES
from coachlog_xl.core.frames import blank_none, day_numbers
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.intervals import LEVEL
from coachlog_xl.core.tdist import t_quantiles
from coachlog_xl.core.windows import id_rank

BLANK_GROUP = "(blank)"
# why a Log row likely typed again under another id is left out (Checks' same-session-twice names it)
TYPED_TWICE = "likely typed twice: see Checks"
# why a session left out may yet count: still open (or not held yet) with no condition failed, its figures waiting
# for Scores rows not yet counted, or a condition not known (Valid blank)
NOT_COMPLETE, NOT_HELD, WAITS, UNCHECKED = "not complete", "not held yet", "waits for scores", "cannot be checked"
MAY_YET = frozenset({NOT_COMPLETE, NOT_HELD, WAITS, UNCHECKED})
# why a session left out counts once its Log row is fixed (Follow-up: "decide once the Log row is fixed")
LOG_FIX = frozenset({NO_CRITERION, UNKNOWN_CRITERION, UNKNOWN_REP, *UNDATED})
# why a finished session left out counts once a Criteria row is fixed: its Valid blank only for a version's Effective
# from that cannot be read (waiting changes nothing)
CRITERIA_FIX = "Effective from unreadable"
# the evidence's values, each with the ends of a session's own interval
OWN = (("delta", "delta_low", "delta_high"), ("comparison_change", "comparison_low", "comparison_high"),
       ("did", "did_low", "did_high"), ("rtm_corrected", "rtm_low", "rtm_high"),
       ("placebo", "placebo_low", "placebo_high"))
# the Follow-up columns compared with words
_TEXTS = ("valid", "status", "threshold_met", "suggested", "no_comparison", "same_criterion", "definition_unchanged",
          "types_comparable", "enough_calls", "invalid_because")


class Columns:
    """The sessions' columns read here, each made once for every group: a list of Python values (blanks
    None, as :func:`~coachlog_xl.core.frames.blank_none` gives them), text as an array to
    compare, the numbers of valid sessions as floats (NaN where blank or not valid), and every
    session's comparison reps as codes (one flat array, ``name_start`` where each session's begin)."""

    def __init__(self, frame: pd.DataFrame, again: np.ndarray | None = None):
        self.n = len(frame)
        self._frame = frame
        self._lists: dict[str, list] = {}
        self._texts = {key: np.array(self.values(key), dtype=object) for key in _TEXTS}
        # a session whose figures wait for Scores rows not yet counted is left out until they are; a Log
        # row likely typed again (``again``: :func:`~coachlog_xl.core.followup.written_again`) is left out,
        # its session counted once, on the earlier row
        self.waits = np.array([bool(w) for w in self.values("scores_wait")], dtype=bool)
        self.again = np.zeros(self.n, dtype=bool) if again is None else np.asarray(again, dtype=bool)
        # a Log row with no readable Session date: no window, no decision, left out for its date
        self.undated = np.array([v or "" for v in self.values("date_unread")], dtype=object)
        self.valid = (self.text("valid") == YES) & ~self.waits & ~self.again & (self.undated == "")
        self._numbers = {key: self._floats(key) for keys in (*OWN, ("comparison_sd", *ERRORS["delta"],
                                                                     *ERRORS["placebo"])) for key in keys}
        self.together = _sharing_calls(frame, self.valid)
        self.together_before = _sharing_calls(frame, self.valid, PRE_SPANS)  # (the placebo's windows)
        self.month = [_month(v) for v in self.values("session_at")]
        self.names = [v or () for v in self.values("comparison_names")]
        self.name_count = np.array([len(v) for v in self.names], dtype=np.int64)
        self.name_start = np.concatenate([[0], np.cumsum(self.name_count)])
        # each name's code in order of first appearance (factorised as one flat array of the names)
        flat = np.fromiter(chain.from_iterable(self.names), dtype=object, count=int(self.name_start[-1]))
        self.codes = pd.factorize(flat, use_na_sentinel=False)[0].astype(np.int64, copy=False)
        # the valid sessions with a delta grouped by rep, then by session date, then by id as Follow-up
        # lists a day's sessions (S-2 before S-10)
        delta, rep, sid = (self.values(k) for k in ("delta", "rep", "session_id"))
        day = (day_numbers(frame["day"]) if "day" in frame else None) or self.values("day")  # (sorted as dates)
        by_rep = [i for i in np.flatnonzero(self.valid).tolist() if delta[i] is not None]
        by_rep.sort(key=lambda i: (str(rep[i]), day[i]))
        self.by_rep = np.array(_by_id(by_rep, [(str(rep[i]), day[i]) for i in by_rep], sid), dtype=np.int64)
        self.why = left_out_why(self)
        self.no_comparison_why = np.array([isinstance(v, str) for v in self.values("no_comparison")], dtype=bool)

    def values(self, key: str) -> list:
        """The column ``key`` (all None where the table has none), made when first asked for."""
        if key not in self._lists:
            self._lists[key] = blank_none(self._frame[key]) if key in self._frame else [None] * self.n
        return self._lists[key]

    def text(self, key: str) -> np.ndarray:
        return self._texts[key]

    def number(self, key: str) -> np.ndarray:
        return self._numbers[key]

    def _floats(self, key: str) -> np.ndarray:
        if key in self._frame and self._frame[key].dtype == np.float64:  # blanks are NaN already
            return np.where(self.valid, self._frame[key].to_numpy(), np.nan)
        return np.array([float(v) if ok and v is not None else np.nan
                         for v, ok in zip(self.values(key), self.valid.tolist())], dtype=np.float64)

    def distinct(self, key: str) -> int:
        """How many different values ``key`` has (its groups, about)."""
        return len(set(self.month if key == "month" else self.values(key)))

    def codes_of(self, rows: np.ndarray) -> np.ndarray:
        """The comparison reps' codes of ``rows``, row after row."""
        counts = self.name_count[rows]
        before = np.cumsum(counts) - counts
        return self.codes[np.repeat(self.name_start[rows] - before, counts) + np.arange(counts.sum())]


# each window's first and last call's moment (:func:`~coachlog_xl.core.evidence.window_spans`); of the two
# windows before the baseline, the first's first and the second's last (:data:`~.comparison.PRE_OWN`)
SPANS = (("baseline_from", "baseline_to"), ("followup_from", "followup_to"))
PRE_SPANS = (("placebo_from", "placebo_to"),)
# each figure whose groups' intervals have a floor: its sessions' own standard error and df
ERRORS = {"delta": ("delta_se", "delta_df"), "placebo": ("placebo_se", "placebo_df")}


def _sharing_calls(frame: pd.DataFrame, valid: np.ndarray, spans: tuple = SPANS) -> np.ndarray:
    """Each session's set of sessions whose errors are counted as one (a number: the set's first row; a
    session on its own has a set of its own).  Two valid sessions of one rep on one criterion are linked
    when their baseline windows share calls, or their follow-up windows do: the same calls then stand on
    the same side of both deltas.  A rep's calls on a criterion are in one order, and each window is a run
    of them, so two windows share calls when each one's first call is no later than the other's last; a
    set is the sessions linked one to the next.  Sessions naming different call types share no calls
    (:func:`_by_call_type`).  A later session whose baseline holds an earlier one's
    follow-up calls (sessions chained) is not linked by them: those calls raise one delta and lower the
    other, so the two errors run against each other and counting them independent does not understate
    the mean's error (domain.md, "Evidence").  ``spans``: the windows compared (the pre-trend's: the two
    windows before the baseline, one run of calls)."""
    together = np.arange(len(frame), dtype=np.int64)
    if not {"rep", "criterion_key", *(k for ends in spans for k in ends)} <= set(frame.columns) or not valid.any():
        return together
    rows = np.flatnonzero(valid)
    rep, crit = (pd.factorize(frame[k].to_numpy(dtype=object)[rows], use_na_sentinel=False)[0].astype(np.int64)
                 for k in ("rep", "criterion_key"))
    key = pd.factorize(rep * (crit.max() + 1) + crit)[0].astype(np.int64)
    if "call_type" in frame.columns:  # (a session naming a call type counts that type's calls alone)
        key = _by_call_type(key, frame["call_type"].to_numpy(dtype=object)[rows])
    least = np.arange(len(rows))  # each session's set as the least of its sessions (positions in rows)
    sets = [_overlapping(key, *(frame[k].to_numpy(dtype="datetime64[us]")[rows] for k in ends)) for ends in spans]
    while True:  # the least position over each window's sets in turn, until no set lowers it
        lowered = least
        for of in sets:
            lowest = np.full(len(rows), len(rows))
            np.minimum.at(lowest, of, lowered)
            lowered = lowest[of]
        lowered = lowered[lowered]
        if np.array_equal(lowered, least):
            break
        least = lowered
    together[rows] = rows[least]
    return together


def _by_call_type(key: np.ndarray, call_type: np.ndarray) -> np.ndarray:
    """``key`` (a rep and criterion) told apart by the call type each session names, where every session of
    that key names one: two sessions naming different types count different calls and share none.  Where
    one names none (its windows hold every type's calls), the key's sessions stay together.  Types are told
    apart as the windows match them (:func:`~coachlog_xl.core.inputs.header_key`: ``In-bound`` is ``inbound``)."""
    named = np.array([header_key(t) if isinstance(t, str) else "" for t in call_type], dtype=object)
    kind = pd.factorize(named)[0].astype(np.int64)
    blank = pd.Series(named == "").groupby(key).transform("any").to_numpy()
    kind[blank] = -1
    return pd.factorize(key * (kind.max() + 2) + kind + 1)[0].astype(np.int64)


def _overlapping(key: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Each session's set of those with windows (``first`` .. ``last`` call moments, NaT for none)
    that share calls, one after another, within one ``key``: sorted by key and first call, a set opens
    where a window begins after every earlier one of its key has ended (their running maximum); a
    session without a window has a set of its own."""
    of = np.arange(len(key), dtype=np.int64)
    has = np.flatnonzero(~np.isnat(first))
    if not len(has):
        return of
    order = has[np.lexsort((first[has], key[has]))]
    keys, start = key[order], first[order].astype(np.int64)
    reach = pd.Series(last[order].astype(np.int64)).groupby(keys, sort=False).cummax().to_numpy()
    opens = np.ones(len(order), dtype=bool)
    opens[1:] = (start[1:] > reach[:-1]) | (keys[1:] != keys[:-1])
    of[order] = order[np.flatnonzero(opens)][np.cumsum(opens) - 1]
    return of


def own_errors(c: Columns, groups: Groups, rows: np.ndarray, sizes: list[int],
               figure: str = "delta") -> list[tuple | None]:
    """Each group's variance of its mean ``figure`` (the delta, or the placebo: :data:`ERRORS`) from its
    sessions' own errors (``rows``: the group's
    sessions, group after group, ``sizes`` of them), its df and the half-width of its 95 % interval:
    (1/k^2) x the sum of their variances, the errors of sessions sharing calls (:func:`_sharing_calls`)
    added before squaring, as if they were one (fully correlated), each such set with the fewest df of
    its sessions (Welch-Satterthwaite over the sets); None for a group of one, or where none has an
    error above 0.  The placebo's sets are those sharing calls in the windows before the baseline."""
    se, dof = (c.number(k)[rows] for k in ERRORS[figure])
    together = c.together if figure == "delta" else c.together_before
    known = ~np.isnan(se) & ~np.isnan(dof)
    if not known.any():
        return [None] * groups.n
    group, se, dof = groups.group[rows][known], se[known], dof[known]
    pair, pairs = pd.factorize(group * c.n + together[rows][known])
    of = pairs // c.n
    spread = np.bincount(pair, weights=se, minlength=len(pairs)) / np.array(sizes, dtype=float)[of]
    order = np.argsort(pair, kind="stable")
    fewest = np.minimum.reduceat(dof[order], np.searchsorted(pair[order], np.arange(len(pairs))))
    var = spread * spread
    total = np.bincount(of, weights=var, minlength=groups.n)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = total * total / np.bincount(of, weights=var * var / fewest, minlength=groups.n)
    wide = np.flatnonzero((total > 0) & (df > 0) & (np.array(sizes) > 1))  # (a group of one shows its own)
    margin = np.full(groups.n, np.nan)
    margin[wide] = np.array(t_quantiles(0.5 + LEVEL / 2.0, df[wide].tolist())) * np.sqrt(total[wide])
    return [None if m != m else (v, d, m) for v, d, m in zip(total.tolist(), df.tolist(), margin.tolist())]


def _by_id(rows: list[int], keys: list[tuple], sid: list) -> list[int]:
    """``rows`` (sorted by ``keys``, ties in the rows' order) with the rows of each run of equal keys put
    in the order of their ids as a person reads them (:func:`~coachlog_xl.core.windows.id_rank`; equal
    ids in the rows' order).  Only the ids of such runs are ranked (a rep's two sessions on one day):
    ranked among themselves, they keep the order they have among all the ids."""
    tied = [k for k in range(1, len(rows)) if keys[k] == keys[k - 1]]
    if not tied:
        return rows
    at = sorted({k for t in tied for k in (t - 1, t)})
    rank = dict(zip(at, id_rank(pd.Series([sid[rows[k]] for k in at], dtype=object)).tolist()))
    order = sorted(range(len(rows)), key=lambda k: (keys[k], rank.get(k, 0), rows[k]))
    return [rows[k] for k in order]


def left_out_why(c: Columns) -> np.ndarray:
    """Each session's first reason not to be a valid comparison (or not counted as one yet), read for
    the sessions left out: a Log row with no readable Session date first (:data:`UNDATED`: it has no window), then no
    criterion named, or one not on the Criteria sheet, before all others (no call
    is ever counted for it, so it never completes), then a rep not on the Reps sheet with no call under its name
    (its Valid blank until the Log row is fixed: :func:`~coachlog_xl.core.verdicts.rep_unknown`), and a
    Log row likely typed again before those (its session is counted on the earlier row, whatever this
    one's figures).  A session still open, or not held yet, is "not complete" ("not held yet") only while no
    condition has failed: one whose Valid is no already (too few baseline calls, an empty baseline window, two
    versions on its calls) never becomes valid, and counts under the condition that fails, as Follow-up's Not
    valid because says it, as an expired session does.  The first condition fails for a window without a call
    on the criterion: its reason names that window (no baseline calls, no follow-up calls), as Not valid
    because does.  A finished session whose Valid is blank only for a version's Effective from that cannot be read
    is left out for it (:data:`CRITERIA_FIX`: fixing the Criteria row decides it, not waiting)."""
    unfinished = (c.text("status") != COMPLETE) & (c.text("status") != EXPIRED) & (c.text("valid") != NO)
    tests = [*(c.undated == word for word in UNDATED), c.again, c.text("no_comparison") == NO_CRITERION,
             c.text("no_comparison") == UNKNOWN_CRITERION,
             c.text("invalid_because") == UNKNOWN_REP, unfinished & (c.text("status") == SCHEDULED), unfinished,
             c.waits]
    # figures waiting for Scores rows not yet counted may change (Checks says which)
    words = [*UNDATED, TYPED_TWICE, NO_CRITERION, UNKNOWN_CRITERION, UNKNOWN_REP, NOT_HELD, NOT_COMPLETE, WAITS]
    because = c.text("invalid_because").tolist()
    for empty in (NO_BASELINE_CALLS, NO_FOLLOWUP_CALLS):
        says = [isinstance(v, str) and (v.startswith(empty) or f"; {empty}" in v) for v in because]
        tests.append((c.text("same_criterion") == NO) & np.array(says, dtype=bool))
        words.append(empty)
    for key, label in (("same_criterion", UNKNOWN_CRITERION), ("definition_unchanged", "definition changed"),
                       ("types_comparable", "call types"), ("enough_calls", "too few calls")):
        tests.append(c.text(key) == NO)
        words.append(label)
    tests += [c.text("valid") == NO, ~unfinished & (c.text("invalid_because") == EFFECTIVE_UNREAD),
              np.ones(c.n, dtype=bool)]
    words += ["not valid", CRITERIA_FIX, UNCHECKED]
    return np.array(words, dtype=object)[np.argmax(np.vstack(tests), axis=0)]


class Groups:
    """A dimension's groups (``group``: each session's, 0 .. ``n_groups`` - 1), their sessions counted
    and listed for all groups at once, each group's in the sessions' order."""

    def __init__(self, group: np.ndarray, n_groups: int):
        self.group, self.n = group, n_groups

    def count(self, mask: np.ndarray) -> list[int]:
        """How many of each group's sessions ``mask`` holds."""
        return np.bincount(self.group[mask], minlength=self.n).tolist()

    def rows(self, mask: np.ndarray) -> tuple[np.ndarray, list[int]]:
        """The sessions ``mask`` holds, group after group, and how many of each group's."""
        rows = np.flatnonzero(mask)
        return rows[np.argsort(self.group[rows], kind="stable")], self.count(mask)

    def lists(self, mask: np.ndarray, values: np.ndarray) -> list[list]:
        """Each group's ``values`` of the sessions ``mask`` holds, in a list."""
        rows, sizes = self.rows(mask)
        return slices(values[rows].tolist(), sizes)


class SharedReps:
    """What the widening for shared comparison reps needs of every group of a dimension, found for all
    groups at once.  Of the valid sessions with a value of ``key`` and comparison reps: each group's (in
    their order), its reps' count and the sum of their squared weights (a rep's weight summed session by
    session in the sessions' order, as np.bincount adds; the squares summed over the reps in the order
    they first appear), the squares of its comparison SDs and its reps' own errors of change."""

    def __init__(self, c: Columns, groups: Groups, key: str):
        rows, sizes = groups.rows(c.valid & ~np.isnan(c.number(key)) & (c.name_count > 0))
        n_groups, g, counts = groups.n, groups.group[rows], c.name_count[rows]
        self.rows = np.split(rows, np.cumsum(sizes)[:-1])
        sizes = np.array(sizes, dtype=np.int64)
        # each (group, rep) pair numbered in the order it first appears (a hash table: no sort), and its weight
        width = int(c.codes.max(initial=0)) + 1
        pair, pairs = pd.factorize(np.repeat(g, counts) * width + c.codes_of(rows))
        weight = np.bincount(pair, weights=np.repeat(1 / (sizes[g] * counts), counts))
        self.reps = np.bincount(pairs // width, minlength=n_groups).tolist()
        self.squares = slices((weight ** 2).tolist(), self.reps)
        sds = c.number("comparison_sd")[rows]
        known = ~np.isnan(sds)
        self.sds = slices((sds[known] * sds[known]).tolist(), np.bincount(g[known], minlength=n_groups).tolist())
        welch = c.values("comparison_welch")
        self.ones = [[welch[i] for i in r.tolist() if welch[i] is not None] for r in self.rows]

    def of(self, k: int) -> tuple:
        """Group ``k``'s sessions, reps, squared weights, squared SDs and reps' own errors."""
        return self.rows[k], self.reps[k], self.squares[k], self.sds[k], self.ones[k]


def slices(values: list, sizes: list[int]) -> list[list]:
    """``values`` cut into consecutive lists of ``sizes``."""
    ends = np.cumsum([0, *sizes]).tolist()
    return [values[a:b] for a, b in zip(ends[:-1], ends[1:])]


def with_undated(frame: pd.DataFrame, undated: list[dict]) -> pd.DataFrame:
    """The Follow-up rows ``frame`` with the Log rows of no readable Session date (``undated``) after them, their
    other columns blank: a date-time column stays of date-times (NaT), a number column of floats (NaN).  A session
    written twice counts once (docs/rules.md): a row under the Session ID and rep of a session in ``frame`` or of an
    earlier such row (a row copied, its date cleared) is not added; the ID as the Log compares IDs everywhere, as
    typed with the spaces around it stripped (``s-12`` is another session than ``S-12``)."""
    seen = set(zip(frame["session_id"], frame["rep"])) if len(frame) else set()
    once = []
    for u in undated:
        if (u["session_id"], u["rep"]) not in seen:
            seen.add((u["session_id"], u["rep"]))
            once.append(u)
    undated = once
    if not undated:
        return frame
    more = pd.DataFrame(undated)
    if not len(frame):
        return more
    for key in frame.columns:
        if key not in more:
            kind = frame[key].dtype
            more[key] = pd.Series([None] * len(more), dtype=kind if kind.kind in "Mmf" else object)
    return pd.concat([frame, more[[*frame.columns, *(k for k in more if k not in frame)]]], ignore_index=True)


def _month(value) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value is not None else BLANK_GROUP

