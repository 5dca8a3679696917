"""A column's function computed once per distinct value: an export repeats its values a lot (a rep's
name, a criterion, a date on thousands of rows), so coercing each distinct value once and spreading the
results over the rows is what makes reading a paste of a million rows fast.  (Also a column of one value
made at once: :func:`filled`.)"""

from __future__ import annotations

import datetime as dt
import numbers

import numpy as np
import pandas as pd

from coachlog_xl.core.coerce import is_blank


def is_empty(col: pd.Series) -> bool:
    """Whether a column holds only None / NaN / NaT (a filled one mostly shows it in its first cell)."""
    return bool(len(col)) and bool(pd.isna(col.iloc[0])) and bool(col.isna().all())


def holds_text(col: pd.Series) -> bool:
    """Whether ``col`` is a column of texts (or of texts among other cells): an object column, as pandas 2
    keeps texts and any column of mixed cells, or a string column, as pandas 3 makes one of texts alone
    (``str``); a test of ``dtype == object`` alone misses the latter."""
    return col.dtype == object or isinstance(col.dtype, pd.StringDtype)


def filled(n: int, value) -> np.ndarray:
    """An object array of ``n`` cells all holding ``value`` (``np.full`` would make a text into n new
    strings, one per cell: five times as long)."""
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


def blanks(col: pd.Series) -> np.ndarray:
    """:func:`~coachlog_xl.core.coerce.is_blank` of every cell: of a column of numbers or date-times, its
    NaN or NaT (no other value of them is blank)."""
    if col.dtype.kind == "f":
        return np.isnan(col.to_numpy())
    if col.dtype.kind == "M" and isinstance(col.dtype, np.dtype):  # (a zoned date-time dtype is pandas' own)
        return np.isnat(col.to_numpy())
    return per_value(col, is_blank, bool)


def per_value(col: pd.Series, fn, dtype=object, factors: tuple | None = None) -> np.ndarray:
    """``fn`` of every cell, computed once per distinct value (exports repeat values a lot), as an
    array of ``dtype`` (``bool`` for a test); ``factors``: the column's (codes, distinct values) when
    known (:attr:`RawTable.factors`)."""
    return per_distinct(col, lambda values: [fn(v) for v in values], dtype, factors)


def per_distinct(col: pd.Series, fn, dtype=object, factors: tuple | None = None) -> np.ndarray:
    """Like :func:`per_value`, with ``fn`` taking the list of distinct values (None last) and giving
    the list of their results, for a function that is faster on many values at once."""
    codes, table = per_distinct_table(col, fn, dtype, factors)
    return table[codes]  # the sentinel -1 picks fn(None), the last entry


def factorized(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The column's factors as every reading here makes them: each cell's code (-1 for a blank) and the
    distinct values, a column of other than numbers or date-times taken as Python objects."""
    return pd.factorize(col if col.dtype.kind in "fM" else col.astype(object), use_na_sentinel=True)


def per_distinct_table(col: pd.Series, fn, dtype=object, factors: tuple | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`per_distinct` before it is spread over the rows: each cell's code (-1 for a blank) and
    ``fn``'s results per distinct value, then for a blank (last)."""
    codes, uniques = factors if factors is not None else factorized(col)
    return codes, np.fromiter(fn([*uniques, None]), dtype=dtype, count=len(uniques) + 1)


def text_factors(data: pd.DataFrame, skip) -> dict:
    """The factors (:attr:`~coachlog_xl.core.inputs.RawTable.factors`) of each column of ``data`` but
    ``skip`` that holds texts and blanks alone (:func:`factorized`, as :func:`per_distinct_table` makes them), made once
    for the several readings of an export (its header search three times, its texts, its formula-like
    cells: about 0.6 s of factorizing at 100,000 rows).  A column with another kind of value is left
    out (the factors of 1 and 1.0 would be one), and so is a column of blanks alone (empty factors say
    a reader found the column empty, which its readings then skip)."""
    out = {}
    for p in data.columns:
        if p != skip and holds_text(data[p]) and pd.api.types.infer_dtype(data[p], skipna=True) == "string":
            codes, uniques = factorized(data[p])
            if len(uniques) and all(type(u) is str for u in uniques):  # (not a subclass of str either)
                out[p] = (codes, uniques)
    return out


_EQUAL_ACROSS_TYPES = (numbers.Number, dt.date, np.generic)  # 1 == 1.0 == True: told apart by type


def typed_codes(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each cell's code, the distinct cells) of an object column, a cell told from an equal one of
    another type (``1``, ``1.0`` and ``True`` are three cells); the missing cells (None, NaN, NaT)
    share one code."""
    kinds = set(map(type, raw))
    if sum(issubclass(k, _EQUAL_ACROSS_TYPES) for k in kinds) <= 1:
        codes, distinct = pd.factorize(raw, use_na_sentinel=False)
        return codes, np.asarray(distinct, dtype=object)
    index: dict = {}
    missing = ("missing",)
    codes = np.fromiter((index.setdefault(missing if v is None or v != v else (type(v), v), len(index)) for v in raw),
                        dtype=np.int64, count=len(raw))
    distinct = np.empty(len(index), dtype=object)
    for key, i in index.items():
        distinct[i] = None if key is missing else key[1]
    return codes, distinct


def kept_factors(factors: dict, kept: np.ndarray) -> dict:
    """Columns' ``pandas.factorize`` (key -> (codes, distinct values), no blank) of some of their rows
    (``kept``): the codes of those rows numbered again in order of first appearance, as a factorisation
    of their values gives them, without hashing the values (numbers, not texts)."""
    out = {}
    for key, (codes, names) in factors.items():
        again, first = first_seen(codes[kept], len(names))
        out[key] = (again, np.asarray(names, dtype=object)[first])
    return out


def factorised(codes: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize`` of the cells ``table[codes]`` (a code of -1 picks the last entry), made from
    the codes and the few entries of ``table``, not from the cells: the entries factorised (equal ones made
    one, a missing one -1), then numbered in the order the cells show them first.  A column of a million
    texts that a reader gave as codes of its distinct texts is not hashed text by text again."""
    merged, distinct = pd.factorize(np.asarray(table, dtype=object))
    again, first = first_seen(merged[codes], len(distinct))
    return again, np.asarray(distinct, dtype=object)[first]


def kept_codes(coded: dict, keys, kept=slice(None)) -> dict:
    """Of columns given as (codes, table) (:func:`factorised`; key -> those, or None), those of ``keys`` of
    the rows ``kept``."""
    return {key: None if coded[key] is None else (coded[key][0][kept], coded[key][1]) for key in keys}


def joined_factors(parts: list[dict], keys) -> dict:
    """``pandas.factorize`` of the columns ``keys`` of frames put one below the other, each column's cells
    given per frame as (codes, table) (:func:`factorised`; ``parts``: per frame, key -> those or None),
    for each key every frame gives."""
    out = {}
    for key in keys:
        got = [part.get(key) for part in parts]
        if not got or any(g is None for g in got):
            continue
        if len(got) == 1:
            out[key] = factorised(*got[0])
            continue
        starts = np.cumsum([0, *(len(table) for _, table in got)])
        codes = [np.where(c < 0, len(table) - 1, c) + at for (c, table), at in zip(got, starts.tolist())]
        out[key] = factorised(np.concatenate(codes), np.concatenate([table for _, table in got]))
    return out


def first_seen(codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes from 0 to ``k`` - 1 (-1 for a blank) numbered again in the order they first appear, as
    ``pandas.factorize`` of them gives them (blank -1), without a hash table: each code's first row is
    found at once; and the old code of each new one."""
    n = len(codes)
    first = np.full(k, n, dtype=np.int64)
    present = codes >= 0
    if present.all():
        np.minimum.at(first, codes, np.arange(n, dtype=np.int64))
    else:
        at = np.flatnonzero(present)
        np.minimum.at(first, codes[at], at)
    used = np.flatnonzero(first < n)
    order = used[np.argsort(first[used])]  # (each code's first row: no two alike)
    rank = np.full(k + 1, -1, dtype=np.intp)  # (the last: a blank's -1)
    rank[order] = np.arange(len(order), dtype=np.intp)
    return rank[codes], order


def sorted_factors(col: pd.Series, known: tuple | None, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(col[order], sort=True)``; from ``known``, the column's ``pandas.factorize``
    (codes, distinct values without a blank), when given: the distinct values sorted as ``sort=True``
    sorts them, and each code renumbered by its value's place among them (a blank stays -1)."""
    if known is None:
        return pd.factorize(col.to_numpy(dtype=object)[order], sort=True)
    codes, names = known
    place, ordered = pd.factorize(np.asarray(names, dtype=object), sort=True)
    codes = codes[order]
    return np.where(codes >= 0, np.append(place, -1)[codes], -1), ordered
