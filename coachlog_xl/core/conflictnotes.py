"""The Checks rows of conflicts (one evaluator, two scores of one call and criterion: :mod:`.repeats`): one per call
and criterion, in call order, naming its rows, their scores, and the exact repeats of them left out before."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.repeatnotes import CALL_KEY, LISTED

# a call id Excel rounded: 16 or more digits ending in zeros, or written in scientific notation
ROUNDED_ID = re.compile(r"^(?:\d{15}0+|\d(?:\.\d+)?E\+\d+)$", re.I)


def repeats_of(rows: pd.DataFrame, repeated: pd.DataFrame) -> dict[str, list[str]]:
    """Of the rows of conflicts (``rows``), each one's exact repeats left out before (``sheet row criterion`` ->
    ``["Scores row 22", ...]``), found once for all conflicts: of its criterion only (a wide paste's row holds
    several, and repeats another's scores one by one)."""
    if repeated.empty or rows.empty:
        return {}
    again = repeated[np.isin(repeated["first_row"].to_numpy(), rows["row"].to_numpy())]  # (then the sheet, below)
    wanted = set(zip(rows["sheet"], rows["row"], rows["criterion"]))
    out: dict[str, list[str]] = {}
    for fs, fr, c, s, r in zip(again["first_sheet"], again["first_row"], again["criterion"], again["sheet"],
                               again["row"]):
        if (fs, fr, c) in wanted:
            out.setdefault(f"{fs} {fr} {c}", []).append(f"{s} row {r}")
    return out


def _with_repeats(sheets: list, rows: list, crits: list, repeats: dict[str, list[str]]) -> list[str]:
    """A conflict's rows in order (``Scores row 11``), each with the rows repeating it exactly
    (``Scores row 11 (again at Scores row 22)``): they hold its score, so each is to be excluded too
    where it is the wrong one."""
    keys = [f"{s} {r} {c}" for s, r, c in zip(sheets, rows, crits)]
    return [f"{s} row {r}" + (f" (again at {', '.join(repeats[k])})" if k in repeats else "")
            for s, r, k in zip(sheets, rows, keys)]


def conflict_notes(rows: pd.DataFrame, repeats: dict[str, list[str]], width: dict[tuple, int],
                   issues: Issues) -> None:
    """An error per call and criterion in conflict (``rows``: their rows, with ``_shown``,
    :func:`~.repeatnotes.named_calls`), in order of the call as shown, the call and the criterion; ``repeats``:
    :func:`repeats_of` them; ``width``: (sheet, row) -> how many scores the sheet row holds.  The rows are sorted
    once and each call's taken as a slice of lists (grouped one by one, 25,000 conflicts took seconds)."""
    group = rows.groupby(["_shown", CALL_KEY, "criterion"], sort=True).ngroup().to_numpy(dtype=float)
    kept = np.flatnonzero(~np.isnan(group))  # (a call without an id or criterion is in no group)
    order = kept[np.argsort(group[kept], kind="stable")]  # each call's rows together, in their order
    starts = np.flatnonzero(np.diff(group[order], prepend=-1)).tolist()
    calls, sheets, numbers, crits, scores = (rows[c].to_numpy(dtype=object)[order].tolist() if c != "row" else
                                             rows[c].to_numpy()[order].tolist()
                                             for c in ("_shown", "sheet", "row", "criterion", "score"))
    for start, end in zip(starts, [*starts[1:], len(order)]):
        _conflict(calls[start], crits[start], sheets[start:end], numbers[start:end], crits[start:end],
                  scores[start:end], repeats, width, issues)


def _conflict(call, crit, sheets: list, numbers: list, crits: list, scores: list, repeats: dict[str, list[str]],
              width: dict[tuple, int], issues: Issues) -> None:
    """The error of one call and criterion in conflict, its rows given as lists of their sheets, rows, criteria and
    scores."""
    own = Counter(zip(sheets, numbers))  # (a row's several score columns: one row, named once)
    listed = [t + (f" ({own[k]} score columns of one row)" if own[k] > 1 else "")
              for k, t in dict(zip(zip(sheets, numbers), _with_repeats(sheets, numbers, crits, repeats))).items()]
    wide = [f"{s} row {r}" for s, r in own if width[s, r] > own[s, r]]  # (other criteria's scores on it too)
    apart = [f"{s} row {r}" for s, r in own if own[s, r] > 1]
    more = f", ... ({len(sheets)} rows in all)" if len(sheets) > LISTED else ""
    where = ", ".join(listed[:LISTED]) + more
    said = ", ".join(f"{v:g}" for v in scores[:LISTED]) + (", ..." if more else "")
    rounded = ROUNDED_ID.match(str(call)) is not None
    issues.add(
        Code.CONFLICT, sheets[0], numbers[0], "score", said,
        f'Call {call}, "{crit}": different scores ({said}) at {where}; the call is left out until resolved.'
        + (" The call id looks rounded: Excel keeps 15 digits of a number, so long ids opened in Excel "
           "become one." if rounded else ""),
        "Import the export file itself (`coachlog import`), whose ids are read as text, instead of pasting "
        "it from Excel." if rounded else
        "Type a reason (e.g. superseded grading) in the Exclude cell of each row with the wrong score."
        + (f" {' and '.join(wide[:LISTED])} {'holds' if len(wide) == 1 else 'hold'} other criteria's scores too "
           "(a wide export's row): an Exclude there leaves those out as well, but where another row repeats them."
           if wide else "")
        + (f" {' and '.join(apart[:LISTED])} {'gives' if len(apart) == 1 else 'give'} both scores in columns of "
           "its own (one evaluator's each): an Exclude there leaves both out; correct the wrong cell instead, or "
           "name the column to read in the HeaderMap table on Settings (Field score)." if apart else ""),
    )
