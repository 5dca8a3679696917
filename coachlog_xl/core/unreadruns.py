"""Rows of a paste none of which can be read for its score, five or more in a row, in a sheet whose other rows
can be read: rows pasted under the wrong columns (an export pasted without its header row below another pasted
with its own, in another column order, is read with that one's header: its score column holds their dates).
Said as ``no-row-read`` of those rows, which holds every baseline as a sheet none of whose rows can be read does
(docs/rules.md, "Baseline recorded once"): a baseline recorded without them would stay wrong once they are fixed;
their calls may be any rep's, on any criterion, when their rep and criterion are read from other columns too."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues


def unread_runs(sheet: str, out: pd.DataFrame, unread: np.ndarray, least: int, issues: Issues) -> None:
    """``no-row-read`` for each run of ``least`` or more rows of one paste (consecutive among the rows of ``out``,
    its ``row`` and ``paste`` columns) whose every score is ``unread`` (per row of ``out``: scored, not excluded,
    and not readable); a wide export's row is a row per criterion there, one sheet row here."""
    per = pd.DataFrame({"row": out["row"].to_numpy(), "paste": out["paste"].to_numpy(), "unread": unread})
    per = per.groupby("row", sort=True).agg(paste=("paste", "first"), unread=("unread", "all"))
    rows, paste, bad = per.index.to_numpy(), per["paste"].to_numpy(), per["unread"].to_numpy()
    # a run starts where a row is unread and the row before it is not, or is of another paste
    starts = bad & ~np.concatenate([[False], bad[:-1] & (paste[1:] == paste[:-1])])
    ends = bad & ~np.concatenate([bad[1:] & (paste[1:] == paste[:-1]), [False]])
    for first, last in zip(np.flatnonzero(starts).tolist(), np.flatnonzero(ends).tolist()):
        n = last - first + 1
        if n < least:
            continue
        a, b = int(rows[first]), int(rows[last])
        issues.add(Code.NOTHING_READ, sheet, a, "score", None,
                   f"{sheet} rows {a} to {b}: none of these {n} rows has a score that could be read (see their own "
                   "rows in Checks), though the sheet's other rows could be read: are they pasted under the wrong "
                   "columns? An export pasted without its header row below another pasted with its own, in another "
                   "column order, is read with that one's header.",
                   f"Paste the export's header row above row {a} (its columns are then read by their names), or move "
                   "the rows under the columns they follow; or, if they are not scores, type a reason in their "
                   "Exclude cells.")
