"""A comma-separated export's rows holding a value past its header (:func:`past_header`), and what is said of them
(:func:`past_header_said`).

A long export's score written with a decimal comma and not quoted (``4,5``) is split by the file's commas over two
cells, ``4`` under the score's header and ``5`` right of it, the rest of its row one cell to the right; a comment's
unquoted comma moves its row the same way, and a column without a header (a maximum, a count) puts a cell there on
every row.  The file cannot tell these apart, and a guess changes scores where a warning does not: the rows are
imported exactly as exported, every cell where the file put it (the score read is the cell under the score's
header), and named with both readings where the score and the cell beside it could be one decimal-comma score.
What is said of them is said at import only (:data:`SAID_AT_IMPORT`): a refresh reads the workbook, not the file.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.layout import is_header, map_headers
from coachlog_xl.core.wording import count, some

HEADER_ROWS = 30  # the first rows of a file looked through for its header (a title above it)
# the codes said of a file as it is imported, never in Checks (a refresh reads the workbook, not the file)
SAID_AT_IMPORT = frozenset({Code.ROW_PAST_HEADER.value, Code.SHEETS_NOT_IMPORTED.value,
                            Code.PASTED_AFTER_TODAY.value, Code.ENCODING_READ.value})
_CELLS_SHOWN = 4  # a named row's cells shown, from its score on
_DETAILED = 3  # the named rows shown cell by cell


class PastHeader(NamedTuple):
    """A row holding a value past its header: its filled cells from the score's on (from the first past the
    header in a file without a score column), each as (its header, or None under none, the cell), and ``4,5``
    where the score and the cell beside it could be one score written with a decimal comma (else None)."""

    cells: tuple
    one_score: str | None


def past_header(rows: list[list], header_map) -> dict[int, PastHeader]:
    """``rows`` (a comma-separated file's, each with as many cells as the line has fields, the header row first or
    below a title) holding a filled cell past the header's last cell, or under a blank header cell right of
    the score's: Excel row (the header row 1 where ``rows[0]`` is) -> :class:`PastHeader`.  Reads only: the
    rows are imported as they are.  A row that is itself a header (a second export below the first, of its own
    width) starts the rows measured against it."""
    head = next((i for i, r in enumerate(rows[:HEADER_ROWS]) if is_header(r, header_map)), None)
    out: dict[int, PastHeader] = {}
    while head is not None:
        head = _below(rows, head, header_map, out)
    return out


def _below(rows: list[list], head: int, header_map, out: dict[int, PastHeader]) -> int | None:
    """The rows below the header at ``head`` holding a value past it, into ``out``, up to a row of them that is
    a header: its index (else None)."""
    header = rows[head]
    width = len(header)
    p = map_headers(header, header_map).get("score", -1)
    # a blank header cell right of the score's (a header ending in a comma, as every row does); other blank header
    # cells are a column's without a name, or a group's over two header rows
    beside = p + 1 if 0 <= p and p + 1 < width and coerce.is_blank(header[p + 1]) else None
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    found = {int(i) + head + 1 for i in np.flatnonzero(sizes[head + 1:] > width)}
    if beside is not None:  # (most headers have none: no row read)
        found.update(i for i in range(head + 1, len(rows)) if sizes[i] > beside and rows[i][beside] is not None)
    for i in sorted(found):
        row = rows[i]
        if not (any(not coerce.is_blank(v) for v in row[width:])
                or (beside is not None and len(row) > beside and not coerce.is_blank(row[beside]))):
            continue
        if is_header(row, header_map):
            return i
        start = p if 0 <= p else width
        cells = tuple((header[j] if j < width and not coerce.is_blank(header[j]) else None, v)
                      for j, v in enumerate(row[start:], start) if not coerce.is_blank(v))
        one = None
        if 0 <= p and len(row) > p + 1 and _whole(row[p]) and _digits(row[p + 1]) is not None:
            one = f"{_digits(row[p])},{_digits(row[p + 1])}"
        out[i + 1] = PastHeader(cells[:_CELLS_SHOWN], one)
    return None


def past_header_said(sheet: str, found: dict[int, PastHeader], head: str, issues: Issues) -> None:
    """One warning naming the rows of a comma-separated file that hold a value past its header (``found``:
    :func:`past_header`; ``head``, the score's header): the file's rows (a row appended to a Scores sheet holding
    rows already has another number there), what each of the first holds from its score on, and both readings
    where its score and the cell beside it could be one score written with a decimal comma."""
    if not found:
        return
    rows = list(found)
    n, first = len(rows), found[rows[0]]
    shown = "; ".join(_row_said(r, found[r], head) for r in rows[:_DETAILED])
    more = f"; and {count(n - _DETAILED, 'more row')}" if n > _DETAILED else ""
    one = next((found[r].one_score for r in rows if found[r].one_score), None)
    where = f"the {head} cell" if head else "the score's cell"
    joined = (f"Where a score and the cell beside it are one score written with a decimal comma (read as "
              f"{one.split(',')[0]}; if the export meant {one}): export again with the scores quoted or with "
              f"semicolons between its fields and import that, or type {one} in {where} of that row. ") if one else ""
    issues.add(Code.ROW_PAST_HEADER, sheet, rows[0], "row", first.one_score,
               f"{sheet}: {count(n, 'row')} {'holds' if n == 1 else 'hold'} a value past the header (the file's "
               f"row{'s' * (n > 1)} {some(rows)}), imported as written, every cell where the file put it: {shown}"
               f"{more}. The file cannot tell a value its commas split (a score written with a decimal comma, a "
               "comment's comma) from a column of its own without a header, so no cells are joined: a guess would "
               "change scores.",
               f"{joined}Where the cells past the header are a column of their own (a maximum, a count): give the "
               "column a header. Where a comment's comma split the row: quote the comment in the file, or type a "
               "reason in Exclude on that row. The rows are found in the Scores sheet by call ID (the rows named here "
               "are the file's, which differ from the sheet's when rows are appended below others).")


def _row_said(row: int, past: PastHeader, head: str) -> str:
    """``row 2: 4 under "Score", 5 under no header, read as 4 (or 4,5)``."""
    cells = ", ".join(f"{_shown(v)} under " + (f'"{h}"' if h is not None else "no header") for h, v in past.cells)
    reading = f", read as {past.one_score.split(',')[0]} (or {past.one_score})" if past.one_score else ""
    return f"row {row}: {cells}{reading}"


def _shown(value) -> str:
    """A cell as the message shows it: a number as written, a text quoted and cut at 30 characters."""
    if isinstance(value, str):
        return f'"{value[:30]}..."' if len(value) > 30 else f'"{value}"'
    return str(value)


def _whole(value) -> bool:
    """Whether a cell is a whole number without a leading zero (an int, or a text of digits)."""
    digits = _digits(value)
    return digits is not None and (digits == "0" or not digits.startswith("0"))


def _digits(value) -> str | None:
    """A cell's digits as written: a text of digits, or a whole number that is no bool; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None
