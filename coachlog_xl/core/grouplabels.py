"""A rep's name written once above that rep's calls, the other cells of its row blank (an export grouping its rows by
rep, as a report's group header does): a group label, not a call, and never a band row naming criteria.  Each row
under it whose rep is blank, down to the next label, the next row with a rep of its own (another rep's call) or a
totals row, is read as that rep's; the label's row holds nothing to read, and a note says which rows were read so.
The cells stay as pasted (docs/reading.md, "The Scores")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.wording import count


def labelled(block: RawTable, data: pd.DataFrame, cols: dict[str, int], issues: Issues) -> pd.DataFrame:
    """``data`` (a block's rows) with each group label's rep given to the rows under it whose rep is blank, the
    labels' own rows left out; ``data`` itself where it holds no label (a label: a row whose rep alone is filled,
    with a row under it, before the next label, row with its own rep or totals row, whose rep is blank and whose
    other cells are not all blank)."""
    rep = cols.get("rep", -1)
    if rep < 0 or rep not in data or len(data) < 2:
        return data
    no_rep = blanks(data[rep])
    if not no_rep.any() or no_rep.all():
        return data
    others = [p for p in data.columns if p not in (ROW, rep)]
    empty = np.logical_and.reduce([blanks(data[p]) for p in others]) if others else np.ones(len(data), bool)
    label = ~no_rep & empty
    if not label.any():
        return data
    # a label's group runs down to the next label, a row with its own rep (another call) or a totals row
    start = label | (~no_rep & ~empty)
    if len(block.data) > len(data):  # (rows skipped as totals or footers: the row after each ends a group)
        rows = data[ROW].to_numpy()
        after = np.searchsorted(rows, block.data[ROW].to_numpy()[~np.isin(block.data[ROW], rows)], side="right")
        start[after[after < len(data)]] = True
    group = np.cumsum(start)  # (each row's group: the last start above it, or none, 0)
    names, named = np.full(int(group[-1]) + 1, None, dtype=object), np.zeros(int(group[-1]) + 1, bool)
    names[group[label]], named[group[label]] = data[rep].to_numpy(dtype=object)[label], True
    under = no_rep & ~empty & named[group]
    label &= np.isin(group, np.unique(group[under]))  # (a label with no unnamed row under it is a row as any other)
    if not label.any():
        return data
    at = np.flatnonzero(label)
    out = data.copy()
    reps = out[rep].to_numpy(dtype=object).copy()
    reps[under] = names[group[under]]
    out[rep] = reps
    names = names[group[at]]
    first, n = int(data[ROW].to_numpy()[at[0]]), int(under.sum())
    issues.add(Code.LAYOUT_NOTE, block.sheet, first, "rep", coerce.text(names[0]),
               f"{block.sheet}: {count(len(at), 'rep name')} written once above the rep's calls (the first on row "
               f"{first}, {coerce.text(names[0])!r}, a group label, not a call); the {count(n, 'row')} under "
               f"{'it' if len(at) == 1 else 'them'} with a blank rep {'is' if n == 1 else 'are'} read as the rep's "
               "named above.",
               "Nothing to do if that is right; to give a row another rep, type the rep in its own cell.")
    return out[~label]
