"""How tall a row must be for its wrapped text: lines of text estimated from a column's width.

A spreadsheet does not always fit a row to wrapped text when it opens a file (LibreOffice converting
a file leaves every row one line tall), so the writer states the height of each row whose wrapped text
needs more than one line.  The estimate counts a column's width in characters, a little more than
the characters of ordinary text that fit it, so a row may come out a little tall, never cut short.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

LINE_HEIGHT = 15  # points per line of 11-point text (Excel's default row height)
MAX_LINES = 27  # a row is at most 409 points tall in Excel


def lines(text: str, room: int) -> int:
    """How many lines ``text`` wraps to at ``room`` characters a line (a word too long for a line takes
    as many as it needs; a line break starts a new line)."""
    count = 0
    for part in text.split("\n"):
        count += 1
        used = 0
        for word in part.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need > room and used:
                count, used = count + 1, len(word)
            else:
                used = need
            while used > room:
                count, used = count + 1, used - room
    return count


def row_heights(widths: Sequence[int | None], columns: Sequence[Sequence]) -> dict[int, int]:
    """The height in points of each row (0-based) whose text in a wrapped column needs more than one
    line: ``widths`` has a wrapped column's width, None for a column that does not wrap.

    Each distinct text of a column is wrapped once, and the rows take their line counts from those by a
    look-up per row made in C (``map`` over ``dict.get``): a million-score-row refresh's Checks sheet has
    57,505 rows of four wrapped columns, three of them holding fewer than ten distinct texts."""
    tallest = None  # the most lines of each row's wrapped cells so far
    for width, values in zip(widths, columns):
        if width is None or not len(values):
            continue
        try:
            distinct = dict.fromkeys(values)
        except TypeError:  # a value that is no dict key (never text): one look-up per row in Python
            distinct = None
        shaped: dict[tuple[int, ...], int] = {}  # see _wrapped
        tall = {value: n for value in (values if distinct is None else distinct)
                if isinstance(value, str) and (len(value) > width or "\n" in value)
                and (n := _wrapped(value, width, shaped)) > 1}
        if not tall:
            continue
        counts = map(tall.get, values, itertools.repeat(1)) if distinct is not None else \
            (tall.get(value, 1) if isinstance(value, str) else 1 for value in values)
        n = np.fromiter(counts, dtype=np.int64, count=len(values))
        tallest = n if tallest is None else np.maximum(tallest, n)
    if tallest is None:
        return {}
    rows = np.flatnonzero(tallest > 1)
    return dict(zip(rows.tolist(), (LINE_HEIGHT * tallest[rows]).tolist()))


def _wrapped(text: str, room: int, shaped: dict[tuple[int, ...], int]) -> int:
    """:func:`lines` of ``text`` (at most :data:`MAX_LINES`), through ``shaped``: a text of one line
    wraps as the lengths of its words say, so texts that differ only in their digits (the Checks
    sheet's "Log row 12 (S00012): ...", one per session) are wrapped once per set of word lengths."""
    if "\n" in text:
        return min(lines(text, room), MAX_LINES)
    key = tuple(map(len, text.split()))
    n = shaped.get(key)
    if n is None:
        n = shaped[key] = min(lines(text, room), MAX_LINES)
    return n
