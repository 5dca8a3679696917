"""Rows of a paste that read as pasted under the wrong columns, five or more with no readable row between them, in
a sheet whose other rows can be read: an export pasted without its header row below another pasted with its own,
in another column order, is read with that one's header, so its Score column holds another field.  A row is such a
row when its score cannot be read and its criterion is on no list, or its rep is a number or a date, or its call
date is before 1901 (a score read as a date): a new rep's "Pending", or a listed criterion's 8/10 that Excel turned
into a date, is that row's own matter, said row by row, holding the sessions it may belong to.  Said as
``no-row-read`` of those rows, which holds every baseline as a sheet none of whose rows can be read does
(docs/rules.md, "Baseline recorded once"): a baseline recorded without them would stay wrong once they are fixed;
their calls may be any rep's, on any criterion."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.names import Directory

_FIRST_YEAR = np.datetime64("1901-01-01", "us")


def unread_runs(sheet: str, out: pd.DataFrame, unread: np.ndarray, kept: np.ndarray, reps: pd.Series,
                known: dict[str, Directory], least: int, issues: Issues) -> None:
    """``no-row-read`` for each stretch of one paste's rows (``out``: its ``row``, ``paste``, ``criterion`` and
    ``at`` columns) between rows ``kept`` holding ``least`` or more misread rows: ``unread`` (scored, not excluded,
    not readable) whose criterion is on no list (``known``: the Reps and Criteria sheets' names), whose rep cell
    (``reps``, as read) holds a number or a date no Reps row lists, or whose call date is before 1901; rows neither
    kept nor misread (N/A, excluded, another unreadable score) do not end a stretch.  A wide export's row is a row
    per criterion there, one sheet row here."""
    at = np.flatnonzero(unread)
    off = np.asarray(out["at"].to_numpy()[at] < _FIRST_YEAR, dtype=bool)
    off |= np.fromiter((isinstance(v, (int, float, dt.date, np.datetime64)) and not isinstance(v, bool) and v == v
                        and known["rep"].resolve(v) is None  # (a rep's id, listed among the Other names: a rep)
                        for v in reps.to_numpy(dtype=object)[at].tolist()), dtype=bool, count=len(at))
    criteria = known["criterion"]
    if criteria.aliases:
        names = out["criterion"].to_numpy(dtype=object)[at]
        on = {v: criteria.resolve(v) is not None for v in set(names.tolist())}
        off |= np.fromiter((not on[v] for v in names.tolist()), dtype=bool, count=len(at))
    if np.count_nonzero(off) < least:
        return
    bad = np.zeros(len(out), dtype=bool)
    bad[at[off]] = True
    per = pd.DataFrame({"row": out["row"].to_numpy(), "paste": out["paste"].to_numpy(), "bad": bad, "kept": kept})
    per = per.groupby("row", sort=True).agg(paste=("paste", "first"), bad=("bad", "all"), kept=("kept", "any"))
    rows, paste, bad, kept = (per.index.to_numpy(), per["paste"].to_numpy(), per["bad"].to_numpy(),
                              per["kept"].to_numpy())
    # a stretch ends at a row read, or where another paste starts
    stretch = np.cumsum(kept | np.concatenate([[True], paste[1:] != paste[:-1]]))
    many = np.bincount(stretch, weights=bad)
    for s in np.flatnonzero(many >= least).tolist():
        these = rows[bad & (stretch == s)]
        a, b = int(these[0]), int(these[-1])
        issues.add(Code.NOTHING_READ, sheet, a, "score", None,
                   f"{sheet} rows {a} to {b}: {len(these)} of these rows have a score that cannot be read beside a "
                   "criterion on no list, a rep that is a number or a date, or a call date before 1901 (a score read "
                   "as a date; see their own rows in Checks), and none between them could be read, though the "
                   "sheet's other rows could: are they pasted under "
                   "the wrong columns? An export pasted without its header row below another pasted with its own, in "
                   "another column order, is read with that one's header.",
                   f"Paste the export's header row above row {a} (its columns are then read by their names), or move "
                   "the rows under the columns they follow; or, if they are not scores, type a reason in their "
                   "Exclude cells.")
