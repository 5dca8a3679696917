"""Rows of a paste that read as pasted under the wrong columns, five or more with no readable row between them, in
a sheet whose other rows can be read: an export pasted without its header row below another pasted with its own,
in another column order, is read with that one's header, so its Score column holds their call dates.  A row is
such a row when its score cannot be read because its cell holds a date, and its rep or criterion is on no list
(or the team keeps no Reps list), or its call date is before 1901 (a score read as a date): a score of "Pending",
or a listed rep's score Excel turned into a date (8/10), is that row's own matter, said row by row, holding the
sessions it may belong to.  Said as ``no-row-read`` of those rows, which holds every baseline as a sheet none of
whose rows can be read does (docs/rules.md, "Baseline recorded once"): a baseline recorded without them would
stay wrong once they are fixed; their calls may be any rep's, on any criterion."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.names import Directory

_DATE_TEXT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_FIRST_YEAR = np.datetime64("1901-01-01", "us")


def unread_runs(sheet: str, out: pd.DataFrame, unread: np.ndarray, kept: np.ndarray, scores: pd.Series,
                known: dict[str, Directory], least: int, issues: Issues) -> None:
    """``no-row-read`` for each stretch of one paste's rows (``out``: its ``row``, ``paste``, ``rep``,
    ``criterion`` and ``at`` columns) between rows ``kept`` holding ``least`` or more misread rows: ``unread``
    (scored, not excluded, not readable) whose score cell (``scores``, as read) holds a date and whose rep or
    criterion is on no list (``known``: the Reps and Criteria sheets' names) or call date is before 1901; rows
    neither kept nor misread (N/A, excluded, another unreadable score) do not end a stretch.  A wide export's row
    is a row per criterion there, one sheet row here."""
    at = np.flatnonzero(unread)
    values = scores.to_numpy(dtype=object)[at]
    dated = np.fromiter((isinstance(v, (dt.date, np.datetime64)) or (isinstance(v, str) and _DATE_TEXT.match(
        v.strip()) is not None) for v in values.tolist()), dtype=bool, count=len(at))
    off = np.asarray(out["at"].to_numpy()[at] < _FIRST_YEAR, dtype=bool)
    for field in ("rep", "criterion"):
        names = known[field]
        if not names.aliases:  # (a team keeping no Reps list: a name tells nothing)
            off |= True
            continue
        names_at = out[field].to_numpy(dtype=object)[at]
        on = {v: names.resolve(v) is not None for v in set(names_at.tolist())}
        off |= np.fromiter((not on[v] for v in names_at.tolist()), dtype=bool, count=len(at))
    misread = dated & off
    if np.count_nonzero(misread) < least:
        return
    bad = np.zeros(len(out), dtype=bool)
    bad[at[misread]] = True
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
                   f"{sheet} rows {a} to {b}: {len(these)} of these rows hold a date where the score should be, and a "
                   "rep or criterion on no list or a call date before 1901 (see their own rows in Checks), and none "
                   "between them could be read, though the sheet's other rows could: are they pasted under "
                   "the wrong columns? An export pasted without its header row below another pasted with its own, in "
                   "another column order, is read with that one's header.",
                   f"Paste the export's header row above row {a} (its columns are then read by their names), or move "
                   "the rows under the columns they follow; or, if they are not scores, type a reason in their "
                   "Exclude cells.")
