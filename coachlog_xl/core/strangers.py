"""Scores rows of a rep on no list: the baselines they may belong in wait (docs/rules.md, "Recorded").

A rep the Scores name in a way neither the Reps sheet nor any rep's Other names give (an export writing agents
by an ID, ``3f1c2a9e-7b1d-...``) counts for no session, and a rep spelled close to a known one holds that rep's
baselines (:mod:`~coachlog_xl.core.names`).  A spelling close to none may still be any listed rep's: a session's
baseline recorded now would miss its calls for good (0 calls where the export names every agent so).  It may as
well be another team's rep (a Reps sheet that lists a team lead's 8 reps of a 500-rep export), whose rows are in
every window: so such rows hold only a baseline short of its N calls (then its last N calls may include them),
never one that the rep's own calls fill (:func:`held`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code
from coachlog_xl.core.directory import Directory

_FIRST = dt.date.min  # (the day of a row without a readable call date: it may be a call before any session)
_EPOCH = dt.date(1970, 1, 1)


class Strangers:
    """The spellings of reps on no list (none close to a listed rep's) of the Scores rows without an Exclude
    reason, by criterion (None: a blank one), each with the first day of its rows on it (:meth:`of`)."""

    def __init__(self, rows: pd.DataFrame | None = None, reps: Directory | None = None, factor: tuple | None = None):
        """``factor``: the rows' rep column's ``pandas.factorize``, when made (:attr:`~.calls.Normalised.factors`;
        then not made again: 0.2 s at a million rows)."""
        self._first: dict[object, tuple[list[dt.date], list[str]]] = {}
        if rows is None or rows.empty or reps is None:
            return
        codes, names = factor if factor is not None else pd.factorize(rows["rep"].to_numpy(dtype=object),
                                                                                  use_na_sentinel=False)
        unknown = np.array([isinstance(name, str) and bool(name.strip()) and name not in reps and not reps.hints(name)
                            for name in names.tolist()], dtype=bool)
        if not unknown.any():
            return
        mine = np.flatnonzero(unknown[codes])
        mine = mine[rows["exclude"].to_numpy(dtype=object)[mine] == ""]
        crits, crit_names = pd.factorize(rows["criterion"].to_numpy(dtype=object)[mine])  # (-1: blank)
        # each (spelling, criterion)'s first day, as days since 1970; a row without a readable call date (NaT, the
        # least int64) the earliest of all
        days = pd.to_datetime(rows["at"]).to_numpy()[mine].astype("datetime64[D]").view("int64")
        width = len(crit_names) + 1
        firsts = pd.Series(days).groupby(codes[mine] * width + crits + 1, sort=False).min()
        found: dict[object, list[tuple[dt.date, str]]] = {}
        undated = np.datetime64("NaT", "D").view("int64")
        for key, first in firsts.items():
            rep, crit = names[key // width], key % width - 1
            crit = None if crit < 0 or crit_names[crit] == "" else crit_names[crit]
            day = _FIRST if first == undated else _EPOCH + dt.timedelta(days=int(first))
            found.setdefault(crit, []).append((day, rep))
        for key, pairs in found.items():
            pairs.sort(key=lambda pair: (pair[0], str(pair[1])))
            self._first[key] = ([day for day, _ in pairs], [rep for _, rep in pairs])

    def of(self, s: dict) -> list[str]:
        """The spellings with a row on the session's criterion (or a blank one) dated before its moment (a
        date-only session's own day is in neither window) or without a readable call date."""
        if not self._first:
            return []
        day = s["day"].date()
        last = day if s["timed"] else day - dt.timedelta(days=1)
        found: set[str] = set()
        for key in (s["criterion"], None):
            days, reps = self._first.get(key, ((), ()))
            found.update(reps[:bisect_right(days, last)])
        return sorted(found, key=str)


def held(s: dict, b_n: int, strangers: Strangers) -> tuple | None:
    """The Checks row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session whose baseline
    waits for rows of reps on no list, or None: it waits while it holds fewer than its N calls (``b_n``) and rows
    of such reps on its criterion are dated before it (:meth:`Strangers.of`)."""
    if b_n >= int(s["window_n"]) or not (found := strangers.of(s)):
        return None
    shown = ", ".join(f'"{name}"' for name in found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
    reps = "a rep" if len(found) == 1 else "reps"
    return (Code.BASELINE_HELD, "Log", s["row"], "Baseline n", b_n,
            f'{s["session_id"]}: the baseline is not recorded yet: it holds {b_n} of its {int(s["window_n"])} calls, '
            f"and Scores rows on this criterion before the session are of {reps} on no list ({shown}: not on the Reps "
            f'sheet, no rep\'s Other name), which may be {s["rep"]}\'s (an export naming reps by an ID or login). A '
            "baseline recorded now would stay without them. It is shown as provisional.",
            f'If one of them is {s["rep"]}, add that spelling to {s["rep"]}\'s Other names on the Reps sheet (or '
            "add another team's reps to Reps, or type a reason in their rows' Exclude cells); the next refresh "
            f'records the baseline once no such row may be {s["rep"]}\'s, or once {s["rep"]}\'s own calls fill its '
            f'{int(s["window_n"])}.')
