"""A wide export's cell that cannot be read as a score: one row holds a score per criterion, each under its own
column, so the message names the column and the criterion it is read as (``Close``, read as ``Call close``), and
its fix says that Exclude leaves out the row's other criteria's scores too, clearing the cell only its own."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.frames import unplaced_rows


def wide_column(columns: dict, out: pd.DataFrame, raw: pd.DataFrame):
    """A row's (column header, criterion) where it is a wide paste's (``columns``: per paste, each criterion as
    read -> its column's header and the criterion it names), else None, looked up row by row (``at``: the row's
    position in ``out`` and ``raw``)."""
    pastes, criteria = out["paste"].to_numpy(), raw["criterion"].to_numpy(dtype=object)

    def where(at: int):
        return columns.get(pastes[at], {}).get(coerce.text(criteria[at]))
    return where


def unreadable_in(named: tuple[str, str], sheet: str, row: int, value, error: str) -> tuple:
    """The Checks row of a wide paste's unreadable score (``error``: why, as :func:`~.coerce.score` says it)."""
    head, crit = named
    read_as = "" if coerce.text(head) == crit else f', read as the criterion "{crit}"'
    return (Code.UNREADABLE_SCORE, sheet, row, head, value,
            f'{sheet} row {row}, column "{head}"{read_as}: the score {error}.',
            f'Correct the score, or clear the cell to leave out that score alone; typing a reason in Exclude leaves '
            f'out the whole row, the scores of its other criteria too. If "{head}" holds no scores of "{crit}" '
            "(notes or call details), rename its header in the export so that it names no criterion.")


def held_by_unread(out: pd.DataFrame, heads_of: dict, rows, sheet: str) -> list[tuple]:
    """Each wide paste's criterion a column of it is headed as but holds no readable score of
    (:func:`~.namedcolumns.said_unread`), as (sheet, paste, criterion, the column's header, the paste's calls of
    ``rows``: a rep, no Exclude reason, as call id, rep and call time): any of them may hold the rep's score on it,
    unless another paste gives it (:func:`held_elsewhere`)."""
    pastes = out["paste"].to_numpy()
    return [(sheet, paste, crit, head, out.loc[rows & (pastes == paste), ["call_id", "rep", "at"]])
            for paste, h in heads_of.items() for crit, head in h.get("held", {}).items()]


def held_elsewhere(held: list[tuple], frames: list[pd.DataFrame], resolve, issues: Issues) -> set[tuple]:
    """(rep, criterion, call day) of the calls of each column of :func:`held_by_unread` whose score on its
    criterion no other paste of the workbook gives (by call id; ``frames``: the pastes' rows read, ``resolve``: the
    Criteria sheet's name of a criterion as written): a baseline they may fall in waits, as on a row whose score
    cannot be read.  A column whose every call has that score elsewhere holds nothing: a notes column, its error
    said as a note instead."""
    got: set[tuple] = set()
    for sheet, paste, crit, head, calls in held:
        given: set = set()
        for f in frames:
            other = (f["score"].notna() & ~((f["sheet"] == sheet) & (f["paste"] == paste))).to_numpy()
            named = [c for c in pd.unique(f["criterion"].to_numpy(dtype=object)[other]) if resolve(c) == crit]
            given.update(f.loc[other & f["criterion"].isin(named).to_numpy(), "call_id"])
        left = calls[~calls["call_id"].isin(given)]
        if len(left):
            got |= unplaced_rows(left[["rep", "at"]], criterion=crit)
            continue
        for i in list(issues):
            if i.code == Code.UNREADABLE_SCORE and i.sheet == sheet and i.field == head and i.value is None:
                issues.replace(i, Issue(Code.LAYOUT_NOTE, sheet, i.row, head, None, f'{sheet}: "{head}" is headed as '
                                        f'the criterion "{crit}" but holds no scores for the most part, and another '
                                        f'paste gives each of its calls\' scores of "{crit}"; kept but not used.',
                                        "Nothing to do."))
    return got
