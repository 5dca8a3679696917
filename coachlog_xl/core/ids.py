"""Call and session ids in the order a person reads them: ``C2`` before ``C10`` (:func:`id_rank`).

The windows order calls at one moment by id (:mod:`.windows`), and the Follow-up lists a day's
sessions by id, the same way.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_DIGITS = re.compile(r"(\d+)")
_PLAIN = re.compile(r"(\D*)(\d+)")  # an id of text and then digits (S00123, 95, S-2): most ids


def id_rank(col: pd.Series) -> np.ndarray:
    """Positions of call ids in the order a person reads them (equal ids share one): a run of digits
    compared as a number, the rest as text, so ``C2`` comes before ``C10`` and ``95`` before ``100``
    (digits first, then code points); a blank id (None, NaN) ranks as the empty text, first."""
    codes, ids = pd.factorize(col.astype(object), use_na_sentinel=False)
    rank = _plain_rank(ids)
    if rank is None:
        rank = _rank_of_keys(ids)
    return rank[codes]


def _rank_of_keys(ids) -> np.ndarray:
    """:func:`id_rank` of distinct ids, each id's key made and the keys sorted."""
    keys = []
    for i in ids:
        # text, digits, text, ...: the digits at the odd places
        parts = _DIGITS.split("" if i is None or i != i else str(i))
        # a number by its digits without leading zeros: the longer is the larger, then digit by digit
        # (exact for any length, where int() refuses over 4,300 digits)
        parts[1::2] = ((len(d), d) for d in (p.lstrip("0") for p in parts[1::2]))
        keys.append(tuple(parts))
    rank = np.zeros(len(keys), dtype=np.int64)
    last, r = None, -1
    for i in sorted(range(len(keys)), key=keys.__getitem__):
        if keys[i] != last:
            last, r = keys[i], r + 1
        rank[i] = r
    return rank


def _plain_rank(ids) -> np.ndarray | None:
    """:func:`id_rank` of distinct ids when every one is a text of the form text-then-digits (None
    otherwise): their keys (text, (digits' length, digits), "") in :func:`_rank_of_keys` compare as the
    text, then the number's length, then its digits, which one sort of the three columns' codes gives
    (the texts' codes in code point order, as Python compares them)."""
    match = _PLAIN.fullmatch
    found = [match(i) if isinstance(i, str) else None for i in ids]
    if not all(found):
        return None
    texts = np.array([m[1] for m in found], dtype=object)
    digits = np.array([m[2].lstrip("0") for m in found], dtype=object)
    lengths = np.fromiter(map(len, digits), dtype=np.int64, count=len(digits))
    text_codes = pd.factorize(texts, sort=True)[0]
    digit_codes = pd.factorize(digits, sort=True)[0]
    order = np.lexsort((digit_codes, lengths, text_codes))
    keys = np.column_stack([text_codes, lengths, digit_codes])[order]
    step = np.ones(len(order), dtype=np.int64)
    step[1:] = (keys[1:] != keys[:-1]).any(axis=1)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.cumsum(step) - 1
    return rank
