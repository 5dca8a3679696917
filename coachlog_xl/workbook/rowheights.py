"""How tall a row must be for its wrapped text: lines of text estimated from a column's width.

A spreadsheet does not always fit a row to wrapped text when it opens a file (LibreOffice converting
a file leaves every row one line tall), so the writer states the height of each row whose wrapped text
needs more than one line.  The estimate counts a column's width in characters, a little more than
the characters of ordinary text that fit it, so a row may come out a little tall, never cut short.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    line: ``widths`` has a wrapped column's width, None for a column that does not wrap."""
    tall: dict[int, int] = {}
    for width, values in zip(widths, columns):
        if width is None:
            continue
        counted: dict[str, int] = {}  # a text repeated down the column (a fix, a reason) counted once
        shaped: dict[tuple[int, ...], int] = {}  # see _wrapped
        for i, value in enumerate(values):
            if isinstance(value, str) and (len(value) > width or "\n" in value):
                n = counted.get(value)
                if n is None:
                    n = counted[value] = _wrapped(value, width, shaped)
                if n > tall.get(i, 1):
                    tall[i] = n
    return {i: LINE_HEIGHT * n for i, n in tall.items()}


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
