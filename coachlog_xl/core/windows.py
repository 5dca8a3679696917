"""Choosing the baseline and follow-up windows of every session.

domain.md, "Baseline window", "Follow-up window" and "Exact rules: Windows":
- baseline: the rep's scored calls on the targeted criterion strictly before the session's moment,
  the last N of them;
- follow-up: strictly after the moment and no later than the moment plus the timeframe, the first N;
- a call on the session's day when the session or the call has a date only, or a call exactly at a
  timed session's moment, is in neither window;
- when the session names a call type, both windows take only calls of that type;
- order within a window: call date-time, then call id, then source sheet and row.

All sessions are handled at once: a binary search in the calls sorted by rep, criterion and time
finds each session's few candidate calls, then vectorised masks and a rank within each session.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from coachlog_xl.core.distinct import per_value
from coachlog_xl.core.ids import id_rank
from coachlog_xl.core.inputs import header_key

BASELINE = "baseline"
FOLLOWUP = "follow-up"
SAME_DAY = "same day"

_ROLES = pd.Series([BASELINE, FOLLOWUP, SAME_DAY]).array  # (a pair's role: one of these, as pandas holds text)
_SESSION_COLS = ["rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]


def window_ends(sessions: pd.DataFrame) -> pd.Series:
    """The last moment of each session's follow-up window.

    Date-only session on day D: the end of day D + timeframe (given as that day, midnight);
    timed session at m: m + timeframe x 24 h.
    """
    span = pd.to_timedelta(sessions["timeframe_days"].astype(int), unit="D")
    return sessions["at"] + span


def assign(sessions: pd.DataFrame, calls: pd.DataFrame, runs: CallRuns | None = None, first: int = 0,
           keep: list[str] | None = None) -> pd.DataFrame:
    """Every (session, call) pair that falls in a window or is left out on the session's day.

    Returns the call columns plus ``s`` (the session's position), ``role`` (baseline, follow-up or
    same day) and ``pos`` (0-based position within the window: for the baseline counted back from
    the session, for the follow-up forward from it).  Only the last/first N of each window are kept.
    ``runs``: the calls' :class:`CallRuns`, when the caller has them; ``first``: the position of the
    first of ``sessions`` (a part of all sessions: :func:`join_parts` puts the parts together); ``keep``:
    the call columns to return (None: all).
    """
    sess = sessions[_SESSION_COLS].assign(s=np.arange(first, first + len(sessions)))
    sess = sess[sess["criterion"].notna()].reset_index(drop=True)
    if sess.empty or calls.empty:
        return _empty(calls, keep)
    s_idx, c_idx = _candidates(sess, runs or CallRuns(calls))
    if not len(s_idx):
        return _empty(calls, keep)
    # each pair's session and call: only the values the rules read, as numpy arrays (moments compared
    # across units exactly; a day is its moment floored to midnight, as pandas' normalize gives it)
    s_at = sess["at"].to_numpy()[s_idx]
    s_day = sess["day"].to_numpy()[s_idx]
    timed = sess["timed"].astype(bool).to_numpy()[s_idx]
    span = sess["timeframe_days"].astype(int).to_numpy().astype("timedelta64[D]")[s_idx]
    c_at = calls["at"].to_numpy()[c_idx]
    c_day = calls["day"].to_numpy()[c_idx]
    by_day = ~timed | calls["date_only"].astype(bool).to_numpy()[c_idx]
    s_end = s_at + span
    end_day = s_end.astype("datetime64[D]")

    before = np.where(by_day, c_day < s_day, c_at < s_at)
    after = np.where(
        by_day,
        (c_day > s_day) & (c_day <= end_day),
        (c_at > s_at) & (c_at <= s_end),
    )
    same_day = ~before & ~after & (c_day == s_day)

    # the pairs are by session (s ascending): a pair's place in its session's window counted from
    # the first of its session's pairs in that window, or (the baseline) back from the last
    s, window_n = sess["s"].to_numpy()[s_idx], sess["window_n"].to_numpy()[s_idx]
    base, follow, same = np.flatnonzero(before), np.flatnonzero(~before & after), np.flatnonzero(same_day)
    base_pos = np.searchsorted(s[base], s[base], "right") - np.arange(len(base)) - 1
    follow_pos = np.arange(len(follow)) - np.searchsorted(s[follow], s[follow], "left")
    base_kept, follow_kept = base_pos < window_n[base], follow_pos < window_n[follow]
    take = np.concatenate([base[base_kept], follow[follow_kept], same])
    out = (calls if keep is None else calls[keep]).iloc[c_idx[take]].reset_index(drop=True)
    # each pair's role taken from the three names (not a text made per pair and converted)
    roles = _ROLES.take(np.repeat(np.arange(3), [base_kept.sum(), follow_kept.sum(), len(same)]))
    return out.assign(
        s=s[take], role=roles,
        pos=np.concatenate([base_pos[base_kept], follow_pos[follow_kept], np.zeros(len(same), dtype=np.int64)]),
    )


def join_parts(parts: list[pd.DataFrame], calls: pd.DataFrame) -> pd.DataFrame:
    """The :func:`assign` of all sessions from those of consecutive parts of them, in the same order:
    every baseline pair, then every follow-up pair, then the same-day ones, each by session."""
    held = [p for p in parts if len(p)]
    if not held:
        return _empty(calls)
    joined = pd.concat(held, ignore_index=True)
    role = joined["role"]
    rank = (role == FOLLOWUP).to_numpy(dtype=np.int64) + 2 * (role == SAME_DAY).to_numpy(dtype=np.int64)
    order = np.argsort(rank, kind="stable")  # baseline 0, follow-up 1, same day 2
    return joined.iloc[order].reset_index(drop=True)


def _candidates(sess: pd.DataFrame, runs: CallRuns) -> tuple[np.ndarray, np.ndarray]:
    """The (session, call) pairs that can be in a window, in window order (session, call date-time,
    call id, sheet, row), found by binary search instead of pairing every session with every call:
    the sessions' places in ``sess`` and the calls' positions.

    Calls sit in runs of one rep, criterion (and call type, for sessions that name one), ordered by
    day and then window order.  A call on a day before the session's day is always before it, one on
    a later day up to the window's last day always after it (except, on that last day, after the
    window's end moment, which only the last calls of the run can be).  So the last N calls before
    the session's day, every call on its day and the first N calls after it hold both windows; the
    exact rules are applied to these few pairs by :func:`assign`.
    """
    s_day = sess["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    last_day = (sess["at"] + pd.to_timedelta(sess["timeframe_days"].astype(int), unit="D")) \
        .to_numpy(dtype="datetime64[D]").astype(np.int64)
    n = sess["window_n"].astype(int).to_numpy()
    first, day_lo, day_hi, _, end = runs.find(runs.of(sess), s_day, last_day)
    lo = np.maximum(first, day_lo - n)
    hi = np.minimum(end, day_hi + n)
    counts = np.maximum(hi - lo, 0)
    s_idx = np.repeat(np.arange(len(sess)), counts)
    starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return s_idx, runs.order[starts + np.arange(counts.sum())]


class CallRuns:
    """The calls in runs of one rep and criterion, then again in runs of one rep, criterion and call
    type, each run ordered by day and then window order (date-time, call id, sheet, row).

    Sorted once per refresh and shared by the windows (:func:`assign`) and the comparison group's
    pairs (:mod:`coachlog_xl.core.panel`).  ``order`` holds the call positions (every call twice),
    ``run`` the run number at each place of ``order`` (ascending); :meth:`of` gives the run of any
    rows with a rep, criterion and call type, and :meth:`find` where a run's days lie in ``order``.
    ``factors``: the ``pandas.factorize`` of the calls' ``"rep"`` and ``"criterion"`` columns, where made
    already (:func:`~coachlog_xl.core.calls.count`), which are not made again.  ``blank_types``:
    whether a call's type is blank (None, NaN or ''), found as the call types are factorised.
    """

    def __init__(self, calls: pd.DataFrame, factors: dict | None = None):
        at = calls["at"].to_numpy(dtype="datetime64[ns]")
        days = calls["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        self._values, codes = [], []
        known = factors or {}
        *types, self.blank_types = _type_factors(calls["call_type"])
        for c, uniques in (_factors(calls["rep"], known.get("rep")),
                           _factors(calls["criterion"], known.get("criterion")),
                           types):
            codes.append(c.astype(np.int64))
            self._values.append(pd.Index(uniques, dtype=object))
        orders, runs, self._lookup, shift = [], [], [], 0
        for typed in (False, True):
            keys = codes[:3] if typed else codes[:2]
            run = _combine(keys)
            # a typed run splits a run of one rep and criterion by call type (its numbers follow the
            # untyped ones'), so one stable sort of the first order by it gives the second
            if typed:
                placed = run[orders[0]]
                within = np.argsort(_narrow(placed), kind="stable")
                order, placed = orders[0][within], placed[within]
            else:
                order = _window_order(calls, run, days, at)
                placed = run[order]
            orders.append(order)
            # a call of each run (the run numbers are 0 up, and order is sorted by them): its rep,
            # criterion and call type are the run's
            first = order[np.flatnonzero(np.diff(placed, prepend=-1))]
            placed += shift
            runs.append(placed)
            self._lookup.append(pd.Series(np.arange(len(first)) + shift,
                                          index=pd.MultiIndex.from_arrays([k[first] for k in keys])))
            shift += len(first)
        self.order = np.concatenate(orders) if len(calls) else np.zeros(0, dtype=np.int64)
        self.run = np.concatenate(runs) if len(calls) else np.zeros(0, dtype=np.int64)
        self._days = days[self.order]
        self._run_start = np.searchsorted(self.run, np.arange(shift + 1))
        self._table = self._day_table()

    @functools.cached_property
    def key(self) -> np.ndarray:
        """run * DAYS + day + HALF of each place of :attr:`order`: ordered by run, then day, one key for
        every binary search of :meth:`find` (made when first asked for: where the day table serves,
        never)."""
        return self.run * DAYS + self._days + HALF

    def _day_table(self) -> tuple[np.ndarray, ...] | None:
        """Per run, a cell per day from its first call's day to the day after its last: the place in
        :attr:`order` of the run's first call on or after that day, i.e. what a binary search of
        :attr:`key` for the run and day gives (side left; side right is the next day's cell).  None
        when the runs span too many days for a table (a date typed decades off): then :meth:`find`
        searches."""
        if not len(self._days):
            return None
        first_day = self._days[self._run_start[:-1]]
        cells = self._days[self._run_start[1:] - 1] - first_day + 2
        if cells.sum() > 4 * len(self._days) + TABLE_SLACK:
            return None
        base = np.concatenate(([0], np.cumsum(cells)[:-1]))
        # each call's cell, ascending as the calls are sorted by run and day; a cell's entry is the
        # number of calls in earlier cells: 0 up to the first call's cell, 1 up to the second's...
        cell = (base - first_day)[self.run]
        cell += self._days
        gaps = np.diff(cell, prepend=-1, append=int(cells.sum()) - 1)
        table = np.repeat(np.arange(len(cell) + 1, dtype=np.int32 if len(cell) < 1 << 31 else np.int64), gaps)
        return table, base, first_day, cells

    def find(self, s_run: np.ndarray, day: np.ndarray, last_day: np.ndarray) -> tuple[np.ndarray, ...]:
        """Where runs ``s_run`` begin, and where each day ``day`` and ``last_day`` (days since 1970)
        begin and end in them, as places in :attr:`order`: ``(first, day_lo, day_hi, end_lo, end)``,
        all 0 where ``s_run`` is -1.  Looked up in the day table; without one, binary searches run on
        the keys in ascending order."""
        ok = s_run >= 0
        run = np.where(ok, s_run, 0)
        found = [self._run_start[run]]
        if self._table is not None:
            table, base, first_day, cells = self._table
            lo = first_day[run]
            hi, shift = lo + (cells[run] - 1), base[run] - lo  # a day's cell: shift + the day, kept to lo .. hi
            off = np.flatnonzero(~ok)
            for d in (day, day + 1, last_day, last_day + 1):
                cell = np.maximum(d, lo)
                np.minimum(cell, hi, out=cell)
                cell += shift
                found.append(table.take(cell).astype(np.int64))
            for at in found:
                at[off] = 0
            return tuple(found)
        day_key, last_key = run * DAYS + HALF + day, run * DAYS + HALF + last_day
        order = np.argsort(day_key, kind="stable")
        for keys in (day_key[order], last_key[order]):
            for side in ("left", "right"):
                at = np.empty(len(order), dtype=np.int64)
                at[order] = np.searchsorted(self.key, keys, side)
                found.append(at)
        for at in found:
            at[~ok] = 0
        return tuple(found)

    def of(self, frame: pd.DataFrame) -> np.ndarray:
        """Each row's run: its rep and criterion, with its call type when it names one; -1 when no
        call has them."""
        wanted = type_keys(frame["call_type"])
        codes = [values.get_indexer(np.asarray(col, dtype=object))
                 for values, col in zip(self._values, (frame["rep"], frame["criterion"], wanted))]
        out = np.full(len(frame), -1, dtype=np.int64)
        for typed in (False, True):
            keys = codes[:3] if typed else codes[:2]
            rows = np.flatnonzero(((wanted != "") == typed) & np.logical_and.reduce([k >= 0 for k in keys]))
            if len(rows):
                found = self._lookup[typed].reindex(pd.MultiIndex.from_arrays([k[rows] for k in keys]))
                out[rows] = found.fillna(-1).to_numpy(dtype=np.int64)
        return out


def _window_order(calls: pd.DataFrame, run: np.ndarray, days: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The calls sorted by run, day and moment, calls at the same moment by call id, sheet and row:
    the ids and sheets are ranked only among such calls (a timed export has few)."""
    order = np.lexsort((at, days, run))
    if len(order) < 2:
        return order
    r, d, a = run[order], days[order], at.view(np.int64)[order]
    same = (r[1:] == r[:-1]) & (d[1:] == d[:-1]) & (a[1:] == a[:-1])  # a call at its predecessor's moment
    if not same.any():
        return order
    tied = np.zeros(len(order), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    places = np.flatnonzero(tied)
    group = np.cumsum(~np.concatenate(([False], same))[places])  # each run of calls at one moment
    sub = order[places]
    picked = calls.iloc[sub]
    within = np.lexsort((picked["row"].to_numpy(), _rank(picked["sheet"]), id_rank(picked["call_id"]), group))
    order[places] = sub[within]
    return order


def _combine(codes: list[np.ndarray]) -> np.ndarray:
    """A number per distinct combination of the code columns (codes 0 and up), in the order of the
    combinations: the combinations' places in a table of every possible one when it is small (a
    rep x criterion x call type table), else sorted out step by step."""
    n = len(codes[0])
    if not n:
        return np.zeros(0, dtype=np.int64)
    sizes = [int(c.max()) + 1 for c in codes]
    if math.prod(sizes) <= max(4 * n, 1 << 16):
        key = np.zeros(n, dtype=np.int64)
        for c, size in zip(codes, sizes):
            key = key * size + c
        present = np.zeros(math.prod(sizes), dtype=bool)
        present[key] = True
        return (np.cumsum(present) - 1)[key]
    key = np.zeros(n, dtype=np.int64)
    for c, size in zip(codes, sizes):
        key = np.unique(key * size + c, return_inverse=True)[1].astype(np.int64).reshape(-1)
    return key


def _narrow(codes: np.ndarray) -> np.ndarray:
    """Codes 0 and up as 16-bit numbers where they fit (a stable sort of those is a radix sort, about 4x
    quicker at a million calls than of 64-bit ones; the order is the same), else as they are."""
    return codes.astype(np.uint16) if len(codes) and 0 <= int(codes.min()) and int(codes.max()) < 1 << 16 else codes


# the day table of CallRuns may have up to 4 cells per call and this many more, else binary searches
TABLE_SLACK = 1 << 20
# a day is stored as days since 1970 plus HALF, so it lies in 0 .. DAYS for any date Python knows
# (years 1-9999 are within 3 million days of 1970), and run * DAYS + day orders by run, then day
DAYS = 1 << 32
HALF = 1 << 31


def type_keys(col) -> np.ndarray:
    """The normalised call type of each row (``header_key``, once per distinct value)."""
    return per_value(pd.Series(col, dtype=object), header_key)


def _factors(col: pd.Series, known: tuple | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of a column as objects, the blanks (None, NaN) one value (``use_na_sentinel=False``).
    A column without a blank (a text column of the calls has none) is factorised without looking
    for them, which is what ``use_na_sentinel=False`` costs: a scan of every cell; ``known``: its
    ``pd.factorize`` (codes, distinct values), made already, used when it holds no blank."""
    col = pd.Series(col, dtype=object, copy=False)
    codes, uniques = known if known is not None else pd.factorize(col)
    if len(codes) and codes.min() < 0:
        codes, uniques = pd.factorize(col, use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


def _type_factors(col: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """:func:`_factors` of :func:`type_keys`, the distinct call types keyed and the keys factorised (in
    order of first appearance, as the cells' keys are); a column with blanks is keyed cell by cell.
    Third, whether a call type is blank (None, NaN or '', as ``isna`` and ``isin([""])`` tell)."""
    col = pd.Series(col, dtype=object, copy=False)
    codes, uniques = pd.factorize(col)
    if len(codes) and codes.min() < 0:
        return (*_factors(type_keys(col)), True)
    merged, keys = pd.factorize(np.array([header_key(u) for u in uniques], dtype=object))
    return merged[codes], np.asarray(keys, dtype=object), any(isinstance(u, str) and u == "" for u in uniques)


def _rank(col: pd.Series) -> np.ndarray:
    """Positions of the values in sorted order (equal values share one), for a numeric sort key."""
    # a text column is ranked as it is (its strings sort by code point, as Python's do)
    codes, _ = pd.factorize(col if isinstance(col.dtype, pd.StringDtype) else col.astype(object), sort=True)
    return codes


def _empty(calls: pd.DataFrame, keep: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(columns=list(calls.columns if keep is None else keep) + ["s", "role", "pos"])


def running(values: np.ndarray, dtype=None) -> np.ndarray:
    """0, then the running sums of ``values`` (written in place: no second copy of a long array)."""
    out = np.empty(len(values) + 1, dtype=dtype or values.dtype)
    out[0] = 0
    np.cumsum(values, out=out[1:])
    return out


def running_sums(score: np.ndarray) -> np.ndarray:
    """0, then the running sums of ``score`` and of its squares side by side, one row per call: a
    window's two sums come from one lookup of two rows."""
    out = np.empty((len(score) + 1, 2), dtype=score.dtype)
    out[0] = 0
    np.cumsum(score, out=out[1:, 0])
    np.cumsum(score * score, out=out[1:, 1])
    return out
