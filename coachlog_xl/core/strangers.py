"""Scores rows of a rep on no list: the baseline of a rep with no row at all waits (docs/rules.md, "Recorded").

A rep the Scores name in a way neither the Reps sheet nor any rep's Other names give (an export writing agents
by an ID, ``3f1c2a9e-7b1d-...``) counts for no session, and a rep spelled close to a known one holds that rep's
baselines (:mod:`~coachlog_xl.core.names`).  A spelling close to none may still be a listed rep's, but most such
rows are another team's (a Reps sheet listing a team lead's 8 reps of a 500-rep export), a departed rep's, a
total row: so they hold only the baseline of a rep with no Scores row at all under any of the rep's spellings (the
export names the rep by an ID nothing gives), and only where the Reps sheet lists a rep (without a Reps list no name
is a stranger) (:func:`held`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.wording import some


class Strangers:
    """The reps with a Scores row counted or marked N/A (with a call date, no Exclude reason), and the rows of
    spellings on no list (none close to a listed rep's) without an Exclude reason, by criterion: made once (the
    spellings looked at only when a session of a rep without a row asks, :meth:`of`), each session then a look-up."""

    def __init__(self, rows: pd.DataFrame | None = None, reps: Directory | None = None, factor: tuple | None = None,
                 named: list | None = None):
        """``factor``: the rows' rep column's ``pandas.factorize``, when made (:attr:`~.calls.Normalised.factors`;
        then not made again: 0.2 s at a million rows); ``named``: the reps, as written, of rows marked not scored (N/A)
        with a call date and no Exclude reason (:attr:`~.calls.Normalised.named`): a rep whose rows are all N/A is
        named by the export as the lists name it, so rows of spellings on no list are not its own.  A row with an
        Exclude reason (a call graded under the wrong agent) names no rep."""
        self._rows, self._reps, self._factor = rows, reps, factor
        self._with_rows: set = set()
        self._by_crit: dict | None = None  # criterion -> (timed moments, their spellings, days, their spellings)
        self._names: list = []
        if rows is None or rows.empty or reps is None or not reps.aliases:
            self._reps = None  # (no Reps list: nothing is a stranger)
            return
        if factor is None:
            self._factor = factor = pd.factorize(rows["rep"].to_numpy(dtype=object), use_na_sentinel=False)
        # (a listed rep's rows carry the rep's name, as Reps gives it; a row with an Exclude reason names no one)
        counted = rows["exclude"].to_numpy(dtype=object) == "" if "exclude" in rows else slice(None)
        self._with_rows = {factor[1][k] for k in np.unique(factor[0][counted]).tolist()}
        self._with_rows.update(reps.resolve(name) or name for name in named or ())

    def _made(self) -> dict:
        """The rows of spellings on no list, by criterion: their moments sorted (timed rows by their moment, others
        by their day), each with its spelling's code."""
        if self._by_crit is not None:
            return self._by_crit
        self._by_crit, (codes, names), rows = {}, self._factor, self._rows
        self._names = names.tolist()
        counted = np.flatnonzero(rows["exclude"].to_numpy(dtype=object) == "")  # (a row with a reason: none)
        unknown = np.zeros(len(self._names), dtype=bool)
        for code in np.unique(codes[counted]).tolist():  # (each spelling of such rows looked at once)
            name = self._names[code]
            unknown[code] = isinstance(name, str) and bool(name.strip()) and name not in self._reps \
                and not self._reps.hints(name)
        mine = counted[unknown[codes[counted]]]
        if not len(mine):
            return self._by_crit
        at = pd.to_datetime(rows["at"]).to_numpy()[mine].astype("datetime64[ns]")
        at[np.isnat(at)] = np.datetime64("1677-09-22", "ns")  # (no readable call date: it may be before any session)
        date_only = rows["date_only"].astype(bool).to_numpy()[mine]
        crit = rows["criterion"].to_numpy(dtype=object)[mine]
        frame = pd.DataFrame({"crit": crit, "at": at, "code": codes[mine], "date_only": date_only})
        for name, grp in frame.groupby("crit", sort=False):
            timed, by_day = grp[~grp["date_only"]].sort_values("at"), grp[grp["date_only"]].sort_values("at")
            self._by_crit[name] = (timed["at"].to_numpy(), timed["code"].to_numpy(),
                                   by_day["at"].to_numpy().astype("datetime64[D]"), by_day["code"].to_numpy())
        return self._by_crit

    def of(self, s: dict) -> list[str]:
        """The spellings on no list with rows before the session, the most rows first, when its rep has no Scores
        row at all (and the Reps sheet lists reps); else none.  Before: on its criterion, before its moment (a
        date-only row on a timed session's day, any row on a date-only session's day, is in neither window); a row
        without a readable call date is none of the rows read (left out before them)."""
        if self._reps is None or s.get("rep") is None or s["rep"] in self._with_rows \
                or (self._reps.resolve(s["rep"]) or s["rep"]) in self._with_rows:
            return []
        found = self._made().get(s["criterion"])
        if found is None:
            return []
        timed_at, timed_codes, days, day_codes = found
        day = np.datetime64(pd.Timestamp(s["day"]).normalize().to_datetime64(), "D")
        moment = pd.Timestamp(s["at"]).to_datetime64() if s["timed"] else day.astype("datetime64[ns]")
        first = np.concatenate([timed_codes[:np.searchsorted(timed_at, moment, "left")],
                                day_codes[:np.searchsorted(days, day, "left")]])
        if not len(first):
            return []
        counts = np.bincount(first)
        order = np.flatnonzero(counts)
        order = order[np.lexsort((order, -counts[order]))]
        return [self._names[code] for code in order.tolist()]


def shown(found: list[str]) -> str:
    """Up to 3 spellings, quoted, and how many more (:func:`~coachlog_xl.core.wording.some`)."""
    return some([f'"{name}"' for name in found], 3)


def held(s: dict, b_n: int, strangers: Strangers) -> tuple | None:
    """The Checks row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session whose baseline
    waits for rows of reps on no list, or None: its rep has no Scores row at all, and such rows on its criterion
    are before it (:meth:`Strangers.of`)."""
    if not (found := strangers.of(s)):
        return None
    rep, n = s["rep"], int(s["window_n"])
    return (Code.BASELINE_HELD, "Log", s["row"], "Baseline n", b_n,
            f'{s["session_id"]}: the baseline is not recorded yet: no Scores row under {rep} or any of {rep}\'s Other '
            "names is scored or marked not scored (N/A) with a call date and no Exclude reason, and Scores rows on "
            f"this criterion before the session are of reps on no list ({shown(found)}: not on the Reps sheet, no "
            f"rep's Other name), which may be {rep}'s (an export naming reps by an ID or login). A baseline recorded "
            f"now would hold 0 of its {n} calls for good. It is shown as provisional.",
            f"If one of them is {rep}, add that spelling to {rep}'s Other names on the Reps sheet; the next refresh "
            f"records the baseline. If {rep} really has no call yet, nothing to do: the baseline is recorded once "
            f"{rep}'s calls arrive.")
