"""Scores a rep gave their own calls: the evaluator column names the scored rep, as QA platforms with agent
self-evaluations export them.  A self-assessment is not a QA score: it is left out of every window (not merged
into the call's score as a calibration would be), and each rep's are named in one warning of Checks.

The evaluator and the rep are compared as reps are matched (:meth:`~.names.Directory.resolve`: the Reps sheet's
names and other names, ``Cruz, Dana`` and ``Dana Cruz <dcruz@...>`` as ``Dana Cruz``), then as evaluators are
(:func:`~.names.evaluator_key`, as the merge of a call's evaluators reads them: ``dana.cruz@acme.test``, on no
roster, is ``Dana Cruz``).  The evaluators' distinct names are mapped onto the reps' once, and the rows compared by
their codes: a million rows are two integer arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import kept_factors
from coachlog_xl.core.frames import paste_rows
from coachlog_xl.core.names import Directory, evaluator_key
from coachlog_xl.core.wording import rows_held

MARK = "self_assessed"  # the column :func:`mark` adds to the rows, :func:`left_out` takes away


def mark(rows: pd.DataFrame, pastes: list[dict], reps: Directory) -> None:
    """Add to ``rows``, the pastes' rows as read (in the order of ``pastes``: per paste, the (codes, texts) of its
    ``"rep"`` and ``"evaluator"`` cells as written, None where every cell is blank), a column :data:`MARK` saying
    which are self-assessments; none where no row is one.  The steps before :func:`left_out` that drop rows (the
    scale's zeros not scored and scores far out of reading, :func:`~.scales.put_on_scale`) drop its cells with
    theirs: the pastes' codes are not those rows' any more."""
    mine = np.concatenate([_self_assessed(coded, reps) for coded in pastes]) if pastes else np.zeros(0, bool)
    if mine.any():
        rows[MARK] = mine


def left_out(rows: pd.DataFrame, issues: Issues, factors: dict) -> tuple[pd.DataFrame, dict]:
    """``rows`` without the self-assessments :func:`mark` found (but those with a reason typed in Exclude, which
    leaves a row out anyway), and ``factors`` (the rows' columns' ``pandas.factorize``, by field) of the rows kept; a
    warning per rep whose rows are left out, on its first row, with how many."""
    if MARK not in rows:
        return rows, factors
    mine = rows.pop(MARK).to_numpy(dtype=bool, copy=True)
    at = np.flatnonzero(mine)
    mine[at[rows["exclude"].to_numpy(dtype=object)[at] != ""]] = False  # (the few rows found looked at, not all)
    if not mine.any():
        return rows, factors
    for rep, grp in rows[mine].groupby("rep", sort=False):
        first = grp.iloc[0]
        issues.add(
            Code.SELF_ASSESSMENT, first["sheet"], int(first["row"]), "evaluator", rep,
            f'{first["sheet"]} row {first["row"]}: {rows_held(paste_rows(grp), len(grp))} of {rep}\'s calls, first at '
            f"this row, name {rep} as the evaluator: a self-assessment, not a QA score; left out of the windows.",
            "Remove the self-assessments from the export, or type a reason (e.g. self-assessment) in their Exclude "
            "cells.")
    kept = ~mine
    return rows[kept].reset_index(drop=True), kept_factors(factors, kept)


def _self_assessed(coded: dict, reps: Directory) -> np.ndarray:
    """Whether each of a paste's rows names its rep as its evaluator (``coded``: see :func:`mark`): the reps'
    and the evaluators' distinct texts each numbered by the person they name, once (``Dana Cruz``, ``DANA CRUZ`` and
    ``dcruz@acme.test`` one number), then the two columns' numbers compared."""
    (rep_codes, rep_names), evaluators = coded["rep"], coded["evaluator"]
    if evaluators is None:  # (no evaluator written: none is the rep)
        return np.zeros(len(rep_codes), dtype=bool)
    ev_codes, ev_names = evaluators
    people: dict[str, int] = {}
    reps_of = np.array([people.setdefault(who, len(people)) if (who := _person(name, reps)) else -1
                        for name in rep_names.tolist()], dtype=np.intp)
    evs_of = np.array([people.get(_person(name, reps), -2) for name in ev_names.tolist()], dtype=np.intp)
    if (evs_of < 0).all():  # (no evaluator is a rep of the paste: its rows are not looked at)
        return np.zeros(len(rep_codes), dtype=bool)
    # (a code -1, a blank's, picks the number appended: -2 and -3, no one's)
    return np.append(evs_of, -2)[ev_codes] == np.append(reps_of, -3)[rep_codes]


def _person(name, reps: Directory) -> str:
    """A name as the person it is: the :func:`~.names.evaluator_key` of the rep the Reps sheet names so, or of the name
    as written where no rep on it is (``dana.cruz@acme.test`` is ``Dana Cruz``'s, as the evaluators' merge reads it)."""
    return evaluator_key(reps.resolve(name) or name)
