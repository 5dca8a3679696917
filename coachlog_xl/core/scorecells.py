"""How a Scores column's cells are read as scores (:func:`coachlog_xl.core.coerce.score`), with the column's
decimal separator and its yes and no words (:mod:`~coachlog_xl.core.yesnopairs`: ``Sí`` beside ``No``), and what a date
in a score cell is said to be (a score Excel turned into a date)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.scorewords import spelled
from coachlog_xl.core.yesnopairs import Unpaired, read_pairs


def score_reader(col: pd.Series, beside: pd.Series | None = None):
    """:func:`coerce.score` with the decimal separator the column's texts use (:func:`decimal_comma`, ``beside``:
    the maximum column), which decides a comma or dot followed by three digits (``87,125``, ``1.250``;
    :func:`coerce.number`)."""
    if col.dtype.kind == "f":
        return coerce.score  # numbers only: no text to read
    texts = pd.unique(col.to_numpy(dtype=object))  # (its distinct cells, read once for both)
    read = functools.partial(_score, functools.partial(coerce.score, decimal_comma=decimal_comma(col, beside, texts)))
    pairs = read_pairs(texts)  # ("Sí" beside "No": a yes and no of one language)
    if pairs:
        read = functools.partial(_paired, pairs, read)
    return lambda value: date_score(value) if isinstance(value, dt.date) else read(value)


def _paired(pairs: dict, read, value):
    """``read(value)``, but for a yes or no word of the column's pair (:func:`~.yesnopairs.read_pairs`): 100 or 0,
    or unreadable where the column's pair cannot be told."""
    got = pairs.get(spelled(value)) if isinstance(value, str) else None
    if got is None:
        return read(value)
    if isinstance(got, Unpaired):
        raise coerce.Unreadable(f"{value.strip()!r} {got}")
    return got, "word"


# a date as ISO text with its midnight, as xlwings Lite and Server send a cell formatted as a date
# ("2026-08-10 00:00:00"; a date typed as text, "2026-03-25", is not said to be Excel's doing)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})[ T]00:00(?::00(?:\.0+)?)?\s*")


def _score(read, value):
    """``read(value)``; a text that cannot be read and is a date written as ISO text, said as a date is
    (:func:`date_score`)."""
    try:
        return read(value)
    except coerce.Unreadable:
        m = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
        if m and 1 <= int(m[2]) <= 12 and 1 <= int(m[3]) <= calendar.monthrange(int(m[1]) or 1, int(m[2]))[1]:
            date_score(dt.date(int(m[1]) or 1, int(m[2]), int(m[3])))
        raise


def decimal_comma(col: pd.Series, beside: pd.Series | None = None, texts=None) -> bool | None:
    """:func:`coerce.column_decimal_comma` of the column's texts (``texts``: its distinct cells, when known); when they
    tell neither, of the texts of the column ``beside`` it (a score's maximum, or a maximum's score: one export writes
    one decimal separator)."""
    if texts is None and col.dtype.kind != "f":
        texts = pd.unique(col.to_numpy(dtype=object))
    told = None if col.dtype.kind == "f" else coerce.column_decimal_comma(texts)
    return decimal_comma(beside) if told is None and beside is not None else told


def date_score(value):
    """A date in a score cell: said as what it likely is: a number in a cell formatted as a date (up to 1904, the
    later date system's start), else points over a maximum (8/10) Excel made a date as it was pasted or opened."""
    if value.year > 1904:
        raise coerce.Unreadable(
            f"{coerce.text(value)!r} is a date, not a score: Excel turns a score written as 8/10 or 4/5 into a date "
            "when the export is opened or pasted (8/10 as the 10th of August or the 8th of October); add the export "
            "with `coachlog import BOOK.xlsx EXPORT` instead, which keeps 8/10 as written and reads it as 80, or "
            "format the column as Text before pasting it again")
    raise coerce.Unreadable(f"{coerce.text(value)!r} is a date, not a score: a score pasted into cells formatted as "
                            "dates shows as one (60 as 1900-02-28); format the column as Number and paste it again")
