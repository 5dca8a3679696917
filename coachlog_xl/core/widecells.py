"""A wide export's cell that cannot be read as a score: one row holds a score per criterion, each under its own
column, so the message names the column and the criterion it is read as (``Close``, read as ``Call close``), and
its fix says that Exclude leaves out the row's other criteria's scores too, clearing the cell only its own."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
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


def held_by_unread(out: pd.DataFrame, heads_of: dict, rows) -> set[tuple]:
    """(rep, criterion, call day) of each wide paste's calls (of ``rows``: a rep, no Exclude reason) for each criterion
    a column of it is headed as but holds no readable score of (:func:`~.namedcolumns.said_unread`): any of them may
    hold the rep's score on it, so a baseline they may fall in waits, as on a row whose score cannot be read."""
    got: set[tuple] = set()
    for paste, h in heads_of.items():
        for crit in h.get("held", {}):
            got |= unplaced_rows(out.loc[rows & (out["paste"].to_numpy() == paste), ["rep", "at"]], criterion=crit)
    return got
