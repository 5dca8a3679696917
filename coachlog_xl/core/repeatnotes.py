"""How one call and criterion on several Scores rows is said in Checks (:mod:`.repeats` decides what counts):
calibrations (several evaluators, one call), rows of one call on different call days, and the rows beyond the first
:data:`SHOWN` of a sheet in one row each (an overlapping weekly paste repeats thousands of rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.calibrated import MARK
from coachlog_xl.core.checks import Code, Issues

SHOWN = 20  # notes of one kind named one by one per sheet; the rest in one row
CALL_KEY = "_call"
LISTED = 10  # the rows a conflict's note lists


def when(row: pd.Series) -> str:
    """A call's moment as a note says it: its date, and its time when the export gives one."""
    at = pd.Timestamp(row["at"])
    return str(at.date()) if row.get("date_only") else at.strftime("%Y-%m-%d %H:%M")


def first_shown(sheets: np.ndarray) -> np.ndarray:
    """Per note (in order), whether it is among the first :data:`SHOWN` of its sheet."""
    codes = pd.factorize(sheets)[0]
    return pd.Series(codes).groupby(codes).cumcount().to_numpy() < SHOWN


def the_rest(code: Code, sheets: np.ndarray, rows: np.ndarray, shown: np.ndarray, field: str, what: str,
             fix: str, issues: Issues) -> None:
    """One row per sheet for its notes beyond the first :data:`SHOWN` (``rows``: each note's row)."""
    per_sheet(code, sheets[~shown], rows[~shown], field, f"more {what}", fix, issues)


def per_sheet(code: Code, sheets: np.ndarray, rows: np.ndarray, field: str, what: str, fix: str,
              issues: Issues) -> None:
    """One Checks row per sheet for the given rows: how many, ``what`` they are, the first five; each row
    once (a wide export's row is a row per criterion here)."""
    for sheet in pd.unique(sheets):
        at = pd.unique(rows[sheets == sheet])
        listed = ", ".join(str(r) for r in at[:5]) + (", ..." if len(at) > 5 else "")
        issues.add(code, sheet, int(at[0]), field, None, f"{sheet}: {len(at)} {what} (rows {listed}).", fix)


def named_calls(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (a few: those a note names) with ``_shown``: the call id a note names each call by,
    its first row's (a call written ``000123`` and ``123`` is one call)."""
    return rows.assign(_shown=rows.groupby(CALL_KEY, sort=False)["call_id"].transform("first"))


def calibrations(multi: pd.DataFrame, issues: Issues) -> None:
    """A note per call and criterion scored by several evaluators (``multi``: their rows), in call order."""
    if multi.empty:
        return
    multi = named_calls(multi)
    group = multi.groupby(["_shown", CALL_KEY, "criterion"], sort=True).ngroup().to_numpy()
    firsts = np.unique(group, return_index=True)[1]  # each group's first row, the groups in call order
    sheets = multi["sheet"].to_numpy(dtype=object)[firsts]
    shown = first_shown(sheets)
    named = multi[np.isin(group, np.flatnonzero(shown))]
    for (call, _, crit), grp in named.groupby(["_shown", CALL_KEY, "criterion"], sort=True):
        typed = grp[grp[MARK].to_numpy(dtype=bool)] if MARK in grp else grp.iloc[:0]
        issues.add(
            Code.CALIBRATION_MERGED, grp["sheet"].iloc[0], grp["row"].iloc[0], "evaluator",
            ", ".join(grp["evaluator"]),
            f'Call {call}, "{crit}": scored by {grp["_ev"].nunique()} evaluators; counted once with their mean '
            f'({grp["score"].mean():g}).' + (f" {_marked_said(typed)}." if len(typed) else ""),
            _typed_fix(typed) if len(typed) else "Nothing to do.",
        )
    rest = multi[~np.isin(group, np.flatnonzero(shown))]
    typed = rest[rest[MARK].to_numpy(dtype=bool)] if MARK in rest else rest.iloc[:0]
    the_rest(Code.CALIBRATION_MERGED, sheets, multi["row"].to_numpy()[firsts], shown, "evaluator",
             "calls were scored by several evaluators; each is counted once with their mean" + (
                 f"; {_marked_said(typed)}" if len(typed) else ""),
             _typed_fix(typed) if len(typed) else "Nothing to do.", issues)


def _rows_of(rows: pd.DataFrame) -> str:
    """Rows as a note names them: ``Scores t5 row 120``, ``Scores t5 rows 120, 124`` (five at most, of its first
    sheet)."""
    sheet, at = rows["sheet"].iloc[0], list(dict.fromkeys(rows["row"].tolist()))
    return f"{sheet} row{'s' * (len(at) > 1)} " + ", ".join(str(r) for r in at[:5]) + (", ..." if len(at) > 5 else "")


def _marked_said(rows: pd.DataFrame) -> str:
    """``Scores t5 row 120 is marked calibration ...``: what a note adds of the rows an export marks so."""
    return f"{_rows_of(rows)} {'is' if rows['row'].nunique() == 1 else 'are'} marked calibration by the export's " \
        "evaluation type"


def _typed_fix(rows: pd.DataFrame) -> str:
    """The fix of a calibration whose rows the export marks as such (``rows``): an Exclude reason keeps them out."""
    return (f"If the calibration is no production score, type a reason (e.g. calibration) in the Exclude cell of "
            f"{_rows_of(rows)} to keep it out of the windows; if it is one, nothing to do.")


def days_apart(rows: pd.DataFrame, pair: np.ndarray, ev: np.ndarray) -> np.ndarray:
    """Which rows are of a call whose rows of one criterion (``pair``; one score each evaluator: a conflict is out by
    now) give different call days, whoever scored them (the evaluators of one call share its call date).  Rows of a
    paste dated by its grading date alone (``graded_only``: no call date column) differ by evaluator: only one
    evaluator's rows of other moments are (``ev``: each row's; a calibration's evaluators may grade apart)."""
    graded = rows["graded_only"].to_numpy() == 1 if "graded_only" in rows.columns else None
    if graded is None or not graded.any():
        by, days = pair, rows["day"]
    else:
        by, days = [pair, np.where(graded, ev, -1)], rows["day"].where(~graded, rows["at"])
    return (days.groupby(by, sort=False).transform("nunique") > 1).to_numpy()


def dates_apart(rows: pd.DataFrame, apart: np.ndarray, issues: Issues) -> None:
    """A warning per call of the rows ``apart`` (:func:`days_apart`): its rows, their dates, evaluators and criteria,
    the date used (the call's first row's), and for a criterion several evaluators scored, that their mean is the
    score counted (their calibration note is not given: if they are two calls, they are no calibration); the first
    :data:`SHOWN` calls of a sheet one by one, the rest in one row."""
    if not apart.any():
        return
    calls = rows[CALL_KEY].to_numpy()[apart]  # (one note per call, whatever its criteria)
    firsts = rows[apart].groupby(calls, sort=False).head(1)
    shown = first_shown(firsts["sheet"].to_numpy(dtype=object))
    named = np.isin(calls, firsts[CALL_KEY].to_numpy()[shown])  # (only the calls named one by one are looked at)
    for _, grp in rows[apart][named].groupby(calls[named], sort=False):
        first = grp.iloc[0]
        listed = [f'{s} row {r}: {when(row)}{f" ({e})" if e else ""}, "{c}"' for s, r, e, c, (_, row) in zip(
            grp["sheet"], grp["row"], grp["evaluator"], grp["criterion"], grp.head(LISTED).iterrows())]
        more = f"; ... ({len(grp)} rows in all)" if len(grp) > LISTED else ""
        issues.add(Code.REPEAT_DATES_DIFFER, first["sheet"], int(first["row"]), "call date", first["call_id"],
                   f'Call {first["call_id"]}: rows on different call dates ({"; ".join(listed)}{more}); counted '
                   f"once, on {when(first)}{_mean_of(grp)}.",
                   "If they are two calls (an id the QA platform used again), make their ids differ in the pasted "
                   "rows (e.g. add the year to one call's id) to count both; if one date is wrong (a workbook's dates "
                   "read in another date system?), type a reason in the Exclude cell of its rows.")
    the_rest(Code.REPEAT_DATES_DIFFER, firsts["sheet"].to_numpy(dtype=object), firsts["row"].to_numpy(), shown,
             "call date", "calls have rows on different call dates; each counted once, on its first row's date",
             "See the rows above.", issues)


def _mean_of(grp: pd.DataFrame) -> str:
    """What a note on one call's rows of different days adds when several evaluators scored it: the score counted,
    their mean (per criterion when they scored several)."""
    if grp["_ev"].nunique() < 2:
        return ""
    if grp["criterion"].nunique() > 1:
        return ", each criterion with the mean of its evaluators' scores"
    return f' with the mean of its {grp["_ev"].nunique()} evaluators\' scores ({grp["score"].mean():g})'
