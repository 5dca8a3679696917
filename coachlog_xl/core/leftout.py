"""The Scores rows left out before the calls are counted (domain.md, "Which calls count"): those whose
Exclude cell holds a reason, and those dated after the as-of date (calls after the as-of moment are
ignored everywhere); those dated after the real today, which cannot have happened, are an error instead
(:mod:`~coachlog_xl.core.aftertoday`).  Each is said once in Checks, counted in rows as the person pasted them (a wide
export's row holds a score per criterion: :func:`~coachlog_xl.core.frames.paste_rows`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl.core import aftertoday, coerce, datenumbers, wording
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.frames import kept_rows, paste_rows
from coachlog_xl.core.names import Directory


def drop_excluded_and_late(rows: pd.DataFrame, as_of: dt.date, issues: Issues, today: dt.date | None = None,
                           future: aftertoday.Ahead | None = None,
                           factors: dict | None = None) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The rows counted (Checks say what is left out), ``exclude`` and ``read_as`` dropped when any is, and
    which rows they are (None: all); ``today``: the real day, when known: the (rep, criterion, None) of the rows
    dated after the day after it go to ``future``, said as an error (:func:`~coachlog_xl.core.aftertoday.said`), not
    as after the as-of date; ``factors``: the rows' rep and criterion factors, when made, for that (numbers, not
    names)."""
    rows["at"] = pd.to_datetime(rows["at"])
    rows["day"] = datenumbers.days_of(rows["at"])
    excluded = rows["exclude"].to_numpy(dtype=object) != ""  # (as an array: see calls._one_table)
    late = (rows["day"] > pd.Timestamp(as_of)).to_numpy()
    if (ahead := aftertoday.ahead(rows["day"], excluded, today)).any():
        made = {k: (codes[ahead], names) for k, (codes, names) in (factors or {}).items()
                if k in ("rep", "criterion") and len(codes) == len(rows)}
        aftertoday.said(rows[ahead], today, issues, future, made)
    for sheet, grp in rows[excluded].groupby("sheet") if excluded.any() else ():
        numbers = sorted(set(grp["row"].tolist()))
        rows_said = f"row{'s' if len(numbers) > 1 else ''} {wording.some(numbers)}"
        issues.add(Code.EXCLUDED, sheet, numbers[0], "Exclude", None,
                   f"{sheet}: {wording.rows_held(len(numbers), len(grp))} "
                   f"left out because an Exclude cell holds a reason ({rows_said}).",
                   "Nothing to do; clear an Exclude cell to count that row again.")
    if (after := late & ~excluded & ~ahead).any():
        first, n = rows[after].iloc[0], int(after.sum())
        held = paste_rows(rows[after])  # (a wide export's row holds a score per criterion: counted as one row)
        are, they = ("is", "it counts") if held == 1 else ("are", "they count")
        said = wording.count(n, "scored call") if held == n else wording.rows_held(held, n)
        issues.add(Code.AFTER_AS_OF, first["sheet"], int(first["row"]), "call date", None,
                   f"{said} {are} dated after the as-of date {as_of} and {are} ignored "
                   f"({'' if held == 1 else 'the first '}at {first['sheet']} row {first['row']}, dated "
                   f"{first['day'].date()}).",
                   f"Nothing to do; {they} once the as-of date reaches {'it' if held == 1 else 'them'}. A date that "
                   "cannot be right yet may be read in the wrong order: see Date order on Settings.")
    kept = ~excluded & ~late
    if kept.all() and isinstance(rows.index, pd.RangeIndex) and rows.index.start == 0 and rows.index.step == 1:
        return rows, None  # nothing left out: no copy
    used = [c for c in rows.columns if c not in ("exclude", "read_as")]  # (nothing after this reads them)
    return kept_rows(rows[used], kept), kept


def unplaced_named(unplaced: set[tuple], known: dict[str, Directory]) -> list[tuple]:
    """The rows that could not be counted as (rep, criterion, day), sorted, the rows without a day first: a name
    as it resolves, else each known name close to it (its rows may be that one's), else as written; a blank name
    None (any rep's, any criterion's)."""
    options: dict[tuple[str, str], list] = {}

    def names(what: str, name) -> list:
        if (what, name) not in options:
            hit = None if coerce.is_blank(name) else known[what].resolve(name)
            options[what, name] = ([hit] if hit is not None or coerce.is_blank(name)
                                   else known[what].hints(name) or [name])
        return options[what, name]

    named = {(r, c, day) for rep, crit, day in unplaced for r in names("rep", rep) for c in names("criterion", crit)}
    return sorted(named, key=lambda u: (u[0] or "", u[1] or "", u[2] is not None, u[2] or dt.date.min))
