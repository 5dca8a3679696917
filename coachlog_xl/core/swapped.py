"""Scores rows whose rep and criterion are in each other's columns.

When the Scores sheet's columns were put in another order (Criterion before Rep) and an export is then pasted
under it without its own header row, each pasted row holds a criterion's name under Rep and a rep's name under
Criterion.  Read as written, every such row is a call of an unknown rep on an unknown criterion: it counts for
no session, and the baselines of the reps it belongs to would be recorded without it, for good.  So rows whose
Rep cell names a criterion of the Criteria sheet and whose Criterion cell names a rep of the Reps sheet are one
error in Checks per sheet (not a rep and a criterion missing from the lists), and the baselines they may belong
to wait (``unplaced``, as for a row whose rep is misspelled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.wording import count

if TYPE_CHECKING:
    from coachlog_xl.core.names import Directory


def swapped_rows(rows: pd.DataFrame, unknown_rep: np.ndarray, unknown_crit: np.ndarray, reps: Directory,
                 criteria: Directory, issues: Issues, unplaced: set[tuple] | None) -> np.ndarray:
    """A mask of the ``rows`` (their rep and criterion as written, each unknown where ``unknown_rep`` and
    ``unknown_crit`` say) whose rep names a criterion and whose criterion names a rep, said in ``issues`` (rows
    with a reason in Exclude aside) and added to ``unplaced`` under the rep and criterion they name."""
    both = unknown_rep & unknown_crit & (rows["exclude"].to_numpy() == "")
    if not both.any():
        return np.zeros(len(rows), dtype=bool)
    pairs = rows.loc[both, ["rep", "criterion"]].drop_duplicates()
    turned = {(r, c): (reps.resolve(c), criteria.resolve(r)) for r, c in zip(pairs["rep"], pairs["criterion"])}
    turned = {pair: names for pair, names in turned.items() if None not in names}
    if not turned:
        return np.zeros(len(rows), dtype=bool)
    keys = pd.MultiIndex.from_arrays([rows["rep"], rows["criterion"]])
    mask = both & keys.isin(list(turned))
    for sheet, grp in rows[mask].groupby("sheet", sort=False):
        first = grp.iloc[0]
        n = len(grp["row"].unique())  # (a paste's row of a score per evaluator column is a row per evaluator here)
        many = n > 1
        rows_said = f"{count(n, 'row')}, first at row {first['row']}, hold" if many else \
            f"1 row, row {first['row']}, holds"
        issues.add(Code.SWAPPED_REP_CRITERION, sheet, first["row"], "rep", first["rep"],
                   f'{sheet}: {rows_said} a criterion under Rep and a rep under Criterion ("{first["rep"]}" '
                   f'under Rep, "{first["criterion"]}" under Criterion): pasted in another column order than the '
                   "header above them, they count for no session, and the baselines they may belong to wait.",
                   "Paste the export again with its own header row (rows are read under the header pasted with "
                   "them), or move the cells into the columns their header names; or type a reason in Exclude to "
                   "leave the rows out.")
        if unplaced is not None:
            for (rep, crit), part in grp.groupby(["rep", "criterion"], sort=False):
                unplaced.update(unplaced_rows(part, *turned[rep, crit]))
    return mask
