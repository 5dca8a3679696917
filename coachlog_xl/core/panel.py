"""Every rep's windows around each session's moment: the raw material of the comparison group and the RTM checks.

For each session and each rep with calls on its criterion (the coached rep included), the windows of
:func:`coachlog_xl.core.windows.assign` are taken as if that rep had been coached at the same moment,
with the same N, timeframe and call type: the same calendar windows for everyone.  The baseline side
is kept further back than N calls, so a rep's earlier calls are at hand too:

- ``pos`` 0..N-1 before the moment: the baseline window (B);
- ``pos`` N..2N-1 and 2N..3N-1: the two windows before it (P1, P2: the pre-period placebo);
- every earlier call, for the coached rep (the long run, R);
- the first N calls after the moment: the follow-up window (F).

There are sessions x reps pairs (five million at 10,000 sessions and 500 reps), so no pair's calls
are listed, and the pairs come in chunks of consecutive sessions (:func:`chunks`) so only one chunk's
figures are held at a time.  In the calls sorted as :func:`~coachlog_xl.core.windows.assign` sorts
them (by rep, criterion, call type for sessions that name one, then window order), a pair's calls
before its moment are the calls of earlier days followed by the timed ones of the session's day
before the moment, and its follow-up is one contiguous run; the runs' day table finds these ranges and
running sums over the sorted calls (:mod:`~coachlog_xl.core.pairsums`: exact integers when every score is a whole number
of points, halves, quarters..., else extended precision) give every window's n, mean and variance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from coachlog_xl.core.pairsums import SortedCalls
from coachlog_xl.core.rtm import first_coached
from coachlog_xl.core.windows import CallRuns, type_keys

CHUNK = 1 << 18  # pairs per chunk: about 60 MB of figures at a time
_PARTS = ("B", "F", "P1", "P2", "R")
SPAN = ("P_from", "P_to")  # the moments (ns) of P2's first call and P1's last
_NS_PER_DAY = 86_400_000_000_000


def panel(sessions: pd.DataFrame, calls: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every chunk of :func:`chunks` put together: ``pairs`` and ``windows``, one row per pair each."""
    parts = list(chunks(sessions, calls))
    if not parts:
        empty = pd.DataFrame({"p": np.zeros(0, dtype=np.int64), "s": np.zeros(0, dtype=np.int64),
                              "rep": np.zeros(0, dtype=object), "n": np.zeros(0, dtype=np.int64),
                              "coached": np.zeros(0, dtype=bool), "first_coached": np.zeros(0, dtype="datetime64[ns]")})
        return empty, pd.DataFrame({c: np.zeros(0, dtype=float if c[-4:] in ("mean", "_var") else int)
                                   for c in (*_names(_PARTS), *SPAN)})
    return (pd.concat([p for p, _ in parts], ignore_index=True),
            pd.concat([w for _, w in parts], ignore_index=True))


def chunks(sessions: pd.DataFrame, calls: pd.DataFrame, size: int = CHUNK,
           runs: CallRuns | None = None) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """The chunks of :class:`Chunks`, in order."""
    work = Chunks(sessions, calls, size, runs)
    return (work[i] for i in range(len(work)))


class Chunks:
    """The pairs (session, rep) and the figures of their windows, a chunk of consecutive sessions at a time.

    ``Chunks(...)[i]`` is chunk ``i``: ``pairs`` (columns ``p`` the pair's number, ``s`` the session's
    position, ``rep``, ``n`` the session's N, ``coached`` whether the rep is the session's own,
    ``first_coached`` the first day the rep had a session on the criterion, NaT when never) and
    ``windows``: per pair ``p``, the n, mean and sample variance (n - 1) of the baseline (B), the
    follow-up (F), the two windows before the baseline (P1 the nearer, P2 the earlier) and, for the
    coached rep only, every call before the baseline window (R; n 0 for the other reps); ``P_from`` and
    ``P_to``, the moments (ns) of P2's first call and P1's last (NaT unless both are full).  Sessions
    without a criterion, or whose criterion no rep was scored on, have no pairs; a chunk holds about
    ``size`` pairs and each is made on its own (in any order).  ``runs``: the calls' runs, when the
    caller has them.  ``sums`` false: made without the calls' running sums, which :meth:`with_sums`
    makes before any chunk (set up in another process, this is sent back in 1 MB at a million score
    rows, where the running sums are 65 MB, as long to send and read back as to make).
    ``twin[s]``: the first session of session ``s``'s chunk alike in everything
    its pairs' windows depend on (``s`` itself when none is before it): the two have the same reps
    and the same figures for each.
    """

    def __init__(self, sessions: pd.DataFrame, calls: pd.DataFrame, size: int = CHUNK,
                 runs: CallRuns | None = None, sums: bool = True):
        self._spans: list[tuple[int, int]] = []
        self._sorted_calls: SortedCalls | None = None  # (made here, or by with_sums where sums is false)
        sess = sessions.reset_index(drop=True)
        self.twin = np.arange(len(sess))
        has_crit = sess["criterion"].notna().to_numpy()
        if not has_crit.any() or calls.empty:
            return
        runs = runs or CallRuns(calls)
        # every rep scored on each criterion: the first call of each run of one rep and criterion (the
        # first of the two sortings of the calls in runs.order)
        untyped = runs.run[:len(calls)]
        reps = calls[["rep", "criterion"]].iloc[runs.order[np.flatnonzero(np.diff(untyped, prepend=-1) != 0)]]
        # the rep table: every rep scored on each criterion, in name order within the criterion
        crit_code, crits = pd.factorize(pd.concat([reps["criterion"], sess["criterion"]], ignore_index=True))
        reps = reps.assign(_c=crit_code[:len(reps)]).sort_values(["_c", "rep"], kind="stable").reset_index(drop=True)
        s_crit = crit_code[len(reps):]
        block = np.searchsorted(reps["_c"].to_numpy(), np.arange(len(crits) + 1))
        counts = np.where(s_crit >= 0, block[s_crit + 1] - block[s_crit], 0)
        rep_names = reps["rep"].to_numpy(dtype=object)
        coached_first = first_coached(sessions).reindex(pd.MultiIndex.from_arrays([reps["rep"], reps["criterion"]]))
        # the coached rep's row in the rep table (-1 when the rep has no calls on the criterion)
        row_of = pd.Series(np.arange(len(reps)), index=pd.MultiIndex.from_arrays([reps["rep"], reps["criterion"]]))
        own_row = row_of.reindex(pd.MultiIndex.from_arrays([sess["rep"], sess["criterion"]])).fillna(-1)

        # a pair's run of calls: its rep and criterion (and the session's call type, when it names one)
        type_code, _ = pd.factorize(type_keys(sess["call_type"]))
        kinds = int(type_code.max()) + 1
        used = np.zeros(len(reps) * kinds, dtype=bool)
        for c, t in set(zip(s_crit[has_crit].tolist(), type_code[has_crit].tolist())):
            if c >= 0:
                used[np.arange(block[c], block[c + 1]) * kinds + t] = True
        combos = np.flatnonzero(used)
        a_session_of_kind = np.unique(type_code, return_index=True)[1]
        combo_frame = pd.DataFrame({
            "rep": rep_names[combos // kinds], "criterion": reps["criterion"].to_numpy()[combos // kinds],
            "call_type": sess["call_type"].to_numpy(dtype=object)[a_session_of_kind][combos % kinds]})
        run_of = np.full(len(used), -1, dtype=np.int64)
        run_of[combos] = runs.of(combo_frame)
        if sums:
            self._sorted_calls = SortedCalls(calls, runs)
        self._moments = _Moments(sess)
        self._s_crit, self._block, self._counts, self._rep_names = s_crit, block, counts, rep_names
        self._coached_first = coached_first.to_numpy(dtype="datetime64[ns]")
        self._own_row = own_row.to_numpy(dtype=np.int64)
        self._type_code, self._kinds, self._run_of = type_code, kinds, run_of

        self._starts = starts = np.concatenate(([0], np.cumsum(counts)))
        s_lo = 0
        while s_lo < len(sess):
            s_hi = int(np.searchsorted(starts, starts[s_lo] + max(size, 1), "right")) - 1
            s_hi = min(max(s_hi, s_lo + 1), len(sess))
            if starts[s_hi] > starts[s_lo]:  # the span has pairs
                self._spans.append((s_lo, s_hi))
            s_lo = s_hi
        # twins: of one chunk, with the same criterion, call type, moment, last day and N
        part = np.full(len(sess), -1)
        for k, (lo, hi) in enumerate(self._spans):
            part[lo:hi] = k
        m = self._moments
        alike = np.column_stack([part, s_crit, type_code, m.at, m.day, m.cut, m.last_day, m.timed, m.n])
        _, first, twin = np.unique(alike, axis=0, return_index=True, return_inverse=True)
        self.twin = first[twin.ravel()]

    def __len__(self) -> int:
        return len(self._spans)

    def with_sums(self, calls: pd.DataFrame, runs: CallRuns | None = None) -> None:
        """The calls' running sums made, where this was made without them (``sums`` false; ``calls``
        and ``runs``: those it was made of)."""
        if self._spans and self._sorted_calls is None:
            self._sorted_calls = SortedCalls(calls, runs or CallRuns(calls))

    def __getitem__(self, i: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        pairs, windows = self.columns(i)
        pairs["rep"] = pd.Series(pairs["rep"], dtype=object)  # object: no copy into a string array
        return pd.DataFrame(pairs), pd.DataFrame(windows)

    def columns(self, i: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Chunk ``i`` as :meth:`__getitem__` gives it, each frame a dict of its columns' arrays."""
        found, windows, rest = self.sparing(i)
        pairs = {"p": found["p"], "s": found["s"], "rep": found["rep_names"][found["rep_row"]],
                 "n": self._moments.n[found["s"]], "coached": found["coached"], "first_coached": found["first_coached"]}
        windows.update(rest(np.ones(len(pairs["p"]), dtype=bool)))
        own, total = np.flatnonzero(pairs["coached"]), len(pairs["p"])
        windows.update({f"R_{field}": _spread(windows[f"R_{field}"], own, total, fill)
                        for field, fill in (("n", 0), ("mean", np.nan), ("var", np.nan))})
        return pairs, {c: windows[c] for c in (*_names(_PARTS), *SPAN)}

    def sparing(self, i: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Callable]:
        """:meth:`columns` with, of the pairs, each one's rep as its row in the rep table (``rep_row``,
        its name in ``rep_names``) and not its N; of the windows, only what every pair needs (``p``, the n and mean of
        the baseline, the n of the follow-up), R of the coached reps' pairs only (one value per
        coached pair, in order), and what gives the rest: ``rest(wanted)``, the baseline's variance,
        the follow-up's mean and variance and the two windows before the baseline (P1, P2) of the
        pairs ``wanted`` (a mask), one value per pair wanted, in order (the comparison group needs
        them of a fifth of the pairs).

        The figures are worked out for the first of each set of :attr:`twin` sessions only (several a
        day on one criterion at 10,000 sessions), each pair's being its twin pair's: the same floats."""
        s_lo, s_hi = self._spans[i]
        starts, counts, moments = self._starts, self._counts, self._moments
        idx = np.arange(s_lo, s_hi)
        take = np.repeat(idx, counts[idx])
        total = len(take)
        rep_at = self._rep_at(idx, take, starts[s_lo])
        coached = rep_at == self._own_row[take]
        own = np.flatnonzero(coached)
        twin = self.twin[idx]
        if (twin != idx).any():  # the pairs of each set's first session only
            firsts = idx[twin == idx]
            u_take = np.repeat(firsts, counts[firsts])
            u_start = np.concatenate(([0], np.cumsum(counts[firsts])))
            # a pair's twin: the same place among its session's pairs in the first session's pairs
            of = np.repeat(u_start[np.searchsorted(firsts, twin)] - (starts[idx] - starts[s_lo]), counts[idx]) \
                + np.arange(total)
            u_rep_at = self._rep_at(firsts, u_take, 0, u_start)
        else:
            of, u_take, u_rep_at = None, take, rep_at
        s_run = self._run_of[u_rep_at * self._kinds + self._type_code[u_take]]
        figures = self._sorted_calls.figures(moments, u_take, s_run, own if of is None else of[own])
        p = starts[s_lo] + np.arange(total)
        pairs = {"p": p, "s": take, "rep_row": rep_at, "rep_names": self._rep_names, "coached": coached,
                 "first_coached": self._coached_first[rep_at]}
        b_n, b_sum, b_squares = figures["B"]
        windows = {"B_n": b_n.astype(int), "B_mean": _mean(b_n, b_sum), "F_n": figures["F_n"].astype(int)}
        windows = {"p": p, **(windows if of is None else {k: v[of] for k, v in windows.items()})}
        windows.update(_figures({"R": figures["R"][1]}))

        def rest(wanted: np.ndarray) -> dict[str, np.ndarray]:
            at = None if wanted.all() else np.flatnonzero(wanted)
            twins = at if of is None else of if at is None else of[at]
            b = (b_n, b_sum, b_squares) if twins is None else (b_n[twins], b_sum[twins], b_squares[twins])
            f_n = figures["F_n"] if twins is None else figures["F_n"][twins]
            f_sum, f_squares = figures["F"](twins)
            out = _figures(figures["P"](twins))
            out["P_from"], out["P_to"] = figures["P_span"](twins)
            out.update({"B_var": _var(*b), "F_mean": _mean(f_n, f_sum), "F_var": _var(f_n, f_sum, f_squares)})
            return out

        return pairs, windows, rest

    def _rep_at(self, idx: np.ndarray, take: np.ndarray, first: int, starts: np.ndarray | None = None) -> np.ndarray:
        """Each pair's row in the rep table (pairs of sessions ``idx``, ``take``, numbered from ``first``;
        ``starts``: where each session's pairs begin, when not as in all pairs)."""
        begin = self._starts[idx] - first if starts is None else starts[:-1]
        return np.repeat(self._block[np.maximum(self._s_crit[idx], 0)] - begin, self._counts[idx]) \
            + np.arange(len(take))


class _Moments:
    """Each session's moment, last day and N as arrays (indexed by session position)."""

    def __init__(self, sess: pd.DataFrame):
        self.at = sess["at"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        self.day = sess["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        span = pd.to_numeric(sess["timeframe_days"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
        self.cut = self.at + span * _NS_PER_DAY  # a timed session's last moment
        self.last_day = (sess["at"] + pd.to_timedelta(span, unit="D")).to_numpy(dtype="datetime64[D]").astype(np.int64)
        self.timed = sess["timed"].to_numpy(dtype=bool)
        self.n = pd.to_numeric(sess["window_n"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _figures(figures: dict) -> dict:
    """Per part of ``figures`` (its n, sum and sum of squares), its columns: n, mean and sample variance."""
    out = {}
    for name, (n, total, squares) in figures.items():
        out[f"{name}_n"], out[f"{name}_mean"], out[f"{name}_var"] = (n.astype(int), _mean(n, total),
                                                                     _var(n, total, squares))
    return out


def _spread(values: np.ndarray, at: np.ndarray, size: int, fill) -> np.ndarray:
    out = np.full(size, fill, dtype=values.dtype)
    out[at] = values
    return out


def _names(parts) -> list[str]:
    return ["p", *(f"{name}_{field}" for name in parts for field in ("n", "mean", "var"))]


def _mean(n: np.ndarray, total: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = total / n
    out[n <= 0] = np.nan
    return out


def _var(n: np.ndarray, total: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """The sample variance: the squares less total^2 / n (never below 0) over n - 1 (in place: one
    array for all the steps)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out = total * total
        out /= np.maximum(n, 1)
        np.subtract(squares, out, out=out)
        np.maximum(out, 0, out=out)
        out /= np.maximum(n - 1, 1)
    out[n <= 1] = np.nan
    return out
