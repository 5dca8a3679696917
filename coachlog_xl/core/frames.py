"""Row dicts from a data frame, as ``DataFrame.to_dict("records")`` gives them, a column at a time.

``to_dict("records")`` boxes every cell through pandas' generic path (about a third of a microsecond
each); the per-session loops of a refresh read tables of 10,000 sessions x 60 columns that way.
Here each column becomes a list at once (``Series.tolist``: Python numbers, Timestamps, the objects
of an object column), and numpy scalars inside object columns are made Python ones, as pandas does;
a nullable column (``Int64``, ``string``) goes through pandas itself.  :func:`columns` gives the same
values as one list per column, for code that reads a table a column at a time.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pandas as pd

from coachlog_xl.core.errorcells import is_error


def paste_rows(rows: pd.DataFrame) -> int:
    """How many of a paste's rows ``rows`` (with ``sheet`` and ``row`` columns) are of, as a person counts
    them: a wide export's row is a row per criterion here, and a calibration export's a row per evaluator."""
    return len(rows[["sheet", "row"]].drop_duplicates())


def paste_calls(rows: pd.DataFrame) -> int:
    """How many calls a paste's rows ``rows`` (with ``sheet``, ``row`` and ``call_id`` columns) are of: its distinct
    call ids, and each of its rows without one, or with an Excel error (``#N/A`` names no call: three such rows are
    three calls) (a wide export's row is one call with a score per criterion, a long export's call a row per
    criterion)."""
    ids = rows["call_id"].to_numpy(dtype=object)
    named = np.array([isinstance(v, str) and v != "" and not is_error(v) for v in ids], dtype=bool)
    return len(rows.loc[named, ["sheet", "call_id"]].drop_duplicates()) + paste_rows(rows[~named])


def unplaced_rows(rows: pd.DataFrame, rep=None, criterion=None) -> set[tuple]:
    """(rep, criterion, call day) of Scores rows that could not be counted, the day None where the row
    has no readable call date; ``rep`` / ``criterion``: a name to give every row instead of its own.
    Each distinct triple is made once (a misspelled rep may have a million rows, on a few hundred days)."""
    reps, rep_names = pd.factorize(rows["rep"].to_numpy(dtype=object) if rep is None
                                   else np.full(len(rows), rep, object))
    crits, crit_names = pd.factorize(rows["criterion"].to_numpy(dtype=object) if criterion is None
                                     else np.full(len(rows), criterion, object))
    days = pd.DatetimeIndex(pd.to_datetime(rows["at"].to_numpy())).normalize().as_unit("ns")
    keys = pd.DataFrame({"r": reps, "c": crits, "d": days.asi8}).drop_duplicates()  # numbers: fast to compare
    when = [None if pd.isna(at) else at.date() for at in pd.to_datetime(keys["d"].to_numpy(), unit="ns")]
    return set(zip(np.asarray(rep_names, dtype=object)[keys["r"]].tolist(),
                   np.asarray(crit_names, dtype=object)[keys["c"]].tolist(), when))


def kept_rows(frame: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``kept`` is true, numbered from 0; when they are its first rows (the
    calls after the as-of date at the end of a paste in date order), those rows as they are, not taken
    one by one (a million rows' cells copied, 0.08 s).  pandas 2.2, which writes through a slice, copies
    them in ``reset_index``; pandas 3 shares them copy-on-write: a write to the result never reaches ``frame``."""
    n = int(kept.sum())
    return frame.iloc[slice(0, n) if kept[:n].all() else np.flatnonzero(kept)].reset_index(drop=True)


def first_row_of(col: pd.Series, value, where: pd.DataFrame | None) -> int | None:
    """The row of ``col``'s first cell holding ``value``, placed by ``where``'s ``row`` column (None without it)."""
    return None if where is None else int(
        where["row"].iloc[int(np.argmax((col == value).to_numpy(bool, na_value=False)))])


def columns(frame: pd.DataFrame) -> dict[str, list]:
    """Each column, by name, as the list of the values :func:`records` gives its rows."""
    return {name: _values(frame.iloc[:, k]) for k, name in enumerate(frame.columns)}


def records(frame: pd.DataFrame) -> list[dict]:
    """One dict per row, keyed by column, with the values ``frame.to_dict("records")`` gives."""
    names = list(frame.columns)
    values = [_values(frame.iloc[:, k]) for k in range(len(names))]
    # (each row's dict made by map, not by a comprehension's loop: a tenth quicker)
    return list(map(dict, map(zip, repeat(names), zip(*values)))) if names else [{} for _ in range(len(frame))]


def blank_none(col: pd.Series) -> list:
    """One column's values as :func:`columns` gives them, every blank (None, NaN, NaT, NA) as None: those
    of ``col.astype(object).where(col.notna(), None)``, without making the column objects first."""
    values = _values(col)
    missing = col.isna().to_numpy()
    if not missing.any():
        return values
    return [None if m else v for v, m in zip(values, missing.tolist())]


def _values(col: pd.Series) -> list:
    if getattr(col.dtype, "na_value", None) is pd.NA:  # nullable types: pandas' own boxing (NA as None)
        return [r[0] for r in col.to_frame(0).to_dict("records")]
    values = col.tolist()
    if col.dtype == object and any(issubclass(t, _BOXED) for t in set(map(type, values))):
        return [_native(v) if isinstance(v, _BOXED) else v for v in values]
    return values


_BOXED = (np.generic, type(pd.NA))  # what an object column may hold that pandas gives as another value


def _native(value):
    """A numpy scalar or NA in an object column as pandas boxes it: numbers and yes/no as Python's,
    date-times as Timestamp / Timedelta, NA as None, anything else (a numpy string) as it is."""
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, np.timedelta64):  # a numpy integer too: tested first
        return pd.Timedelta(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return None if value is pd.NA else value


def day_numbers(day: pd.Series) -> list | None:
    """The days as whole numbers in the column's own unit when it is of date-times without a blank: they
    compare and sort as the dates do, quicker than a Timestamp each; else None."""
    if not len(day) or not isinstance(day.dtype, np.dtype) or day.dtype.kind != "M" or not day.notna().all():
        return None
    return day.to_numpy().view(np.int64).tolist()
