"""A comma-separated export's rows that hold more cells than its header (:func:`rejoined`), and what is said of them
(:func:`long_rows_said`).

A long export's score written with a decimal comma and not quoted (``4,5``) is split by the file's commas over two
cells, ``4`` under the score's header and ``5`` right of it, and the rest of its row one cell to the right: its call
date under the next header, or nothing when the score is its last column.  Such a row holds one cell more than the
header, the sign of the split: a row of a file separated otherwise (tabs, semicolons, an .xlsx), or pasted into a
Scores sheet, or under a header whose last cell is blank, is no such row, and a headerless column beside its scores
(a count, a maximum) is a column of its own.  Only a comma-separated file shows the sign, so the split is undone as
the file is read: its cells are written into the workbook as the export wrote them before the split.
"""

from __future__ import annotations

import numpy as np

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.layout import is_header, map_headers
from coachlog_xl.core.wording import count, some

HEADER_ROWS = 30  # the first rows of a file looked through for its header (a title above it)


def rejoined(rows: list[list], header_map) -> dict[int, str | None]:
    """``rows`` (a comma-separated file's, each with as many cells as the line has fields, the header row first
    or below a title) with each row one cell longer than the header whose score is a whole number and whose next
    cell holds digits put back as one text, ``4,5`` (read as the column's decimal comma says), the rest of the
    row moved back under its headers.  Returns each row longer than the header (Excel row, the header row 1 where
    ``rows[0]`` is) -> its score's two cells (``4 | 5``) when so joined, None when it is left as written (two
    cells too many, a file without a score column, an extra cell elsewhere than beside the score).  A file holding a second header row longer than the first is left as it is (several exports of
    their own widths)."""
    head = next((i for i, r in enumerate(rows[:HEADER_ROWS]) if is_header(r, header_map)), None)
    if head is None:
        return {}
    width = len(rows[head])
    if max(map(len, rows), default=0) <= width:  # (most files: no row longer than the header, told at once)
        return {}
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    longer = np.flatnonzero(sizes[head + 1:] > width) + head + 1
    long = [int(i) for i in longer if any(v is not None for v in rows[i][width:])]  # (not blank fields only)
    if not long or any(is_header(rows[i], header_map) for i in long):
        return {}
    p = map_headers(rows[head], header_map).get("score", -1)
    out: dict[int, str | None] = {}
    for i in long:
        row = rows[i]
        left, right = (row[p], row[p + 1]) if 0 <= p else (None, None)
        alone = all(v is None for v in row[width + 1:])  # (one cell too many)
        if alone and _whole(left) and _digits(right) is not None:
            row[p:p + 2] = [f"{_digits(left)},{_digits(right)}"]
            out[i + 1] = f"{_digits(left)} | {_digits(right)}"
        else:
            out[i + 1] = None
    return out


def long_rows_said(sheet: str, long: dict[int, str | None], head: str, issues: Issues) -> None:
    """A warning for the rows of a comma-separated file one of whose scores its commas split (:func:`rejoined`:
    ``long``, its rows; ``head``, the score's header), and one for its rows left longer than the header."""
    joined = [r for r, cells in long.items() if cells is not None]
    if joined:
        first, n = long[joined[0]], len(joined)
        issues.add(Code.SCORE_SPLIT, sheet, joined[0], "score", first,
                   f"{sheet}: {count(n, 'score')} under \"{head}\" {'was' if n == 1 else 'were'} split over two cells "
                   f"by the file's commas (row{'s' * (n > 1)} {some(joined)}; first {first}), as a "
                   "comma-separated export splits a score written with a decimal comma, each such row one cell "
                   f"longer than the header; read and written into the workbook as one ({first.replace(' | ', ',')}).",
                   "Nothing to do if that is right; else export the file again with semicolons between its fields "
                   "or decimal points, and import that file instead.")
    left = [r for r, cells in long.items() if cells is None]
    if left:
        n = len(left)
        issues.add(Code.ROW_PAST_HEADER, sheet, left[0], "row", None,
                   f"{sheet}: {count(n, 'row')} {'holds' if n == 1 else 'hold'} more cells than the header "
                   f"(row{'s' * (n > 1)} {some(left)}), as when a comma-separated export splits a value "
                   "written with a comma (a decimal comma, a comment) over two cells: the cells after it are read "
                   "under the header of the cell before them, and the last is read under none.",
                   "Correct those rows in the file (quote the value holding the comma) or export it again with "
                   "semicolons between its fields, and import it again; else type a reason in Exclude on those rows.")


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
