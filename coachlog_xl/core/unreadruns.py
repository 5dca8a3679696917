"""Rows of a paste that read as pasted under the wrong columns, five or more among its rows, no readable row between
them, in a sheet whose other rows can be read: an export pasted without its header row below another pasted with
its own, in another column order, is read with that one's header, so its Score column holds their call dates and
its Rep and Criterion columns other fields.  A row is such a row when its score cannot be read and its rep or
criterion is on no list (a score of "Pending" on a rep's and criterion's row is that row's own matter, said row by
row, and holds only the sessions it may belong to).  Said as ``no-row-read`` of those rows, which holds every
baseline as a sheet none of whose rows can be read does (docs/rules.md, "Baseline recorded once"): a baseline
recorded without them would stay wrong once they are fixed; their calls may be any rep's, on any criterion."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.names import Directory


def unread_runs(sheet: str, out: pd.DataFrame, unread: np.ndarray, kept: np.ndarray, known: dict[str, Directory],
                least: int, issues: Issues) -> None:
    """``no-row-read`` for each stretch of one paste's rows (``out``: its ``row``, ``paste``, ``rep`` and
    ``criterion`` columns) between rows ``kept`` holding ``least`` or more rows whose every score is ``unread``
    (scored, not excluded, not readable) and whose rep or criterion is on no list (``known``: the Reps and Criteria
    sheets' names); rows neither (N/A, excluded) do not end a stretch.  A wide export's row is a row per criterion
    there, one sheet row here."""
    at = np.flatnonzero(unread)
    off = np.zeros(len(at), dtype=bool)
    for field in ("rep", "criterion"):
        names = known[field]
        if names.aliases:  # (a team keeping no Reps list: any rep's name may be a rep's)
            values = out[field].to_numpy(dtype=object)[at]
            on = {v: names.resolve(v) is not None for v in set(values.tolist())}
            off |= np.fromiter((not on[v] for v in values.tolist()), dtype=bool, count=len(at))
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
                   f"{sheet} rows {a} to {b}: {len(these)} rows with no readable row between them have a score that "
                   "could not be read and a rep or criterion on no list (see their own rows in Checks), though the "
                   "sheet's other rows could be read: are they pasted under the wrong columns? An export pasted "
                   "without its header row below another pasted with its own, in another column order, is read with "
                   "that one's header.",
                   f"Paste the export's header row above row {a} (its columns are then read by their names), or move "
                   "the rows under the columns they follow; or, if they are not scores, type a reason in their "
                   "Exclude cells.")
