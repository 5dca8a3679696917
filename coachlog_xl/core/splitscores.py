"""A comma-separated export's rows that hold more cells than its header (:func:`rejoined`), and what is said of them
(:func:`long_rows_said`).

A long export's score written with a decimal comma and not quoted (``4,5``) is split by the file's commas over two
cells, ``4`` under the score's header and ``5`` right of it, and the rest of its row one cell to the right: its call
date under the next header, or nothing when the score is its last column.  Such a row holds one cell more than the
header, the sign of the split: a row of a file separated otherwise (tabs, semicolons, an .xlsx), or pasted into a
Scores sheet, or under a header whose last cell is blank, is no such row, and a headerless column beside every
score (a count, a maximum) reads the same as every score split, so it is left as a column of its own.  A comment's
comma makes a row as long: the split is undone only where no other reading fits.  Only a comma-separated file
shows the sign, so the split is undone as the file is read: its cells are written into the workbook as the export
wrote them before the split.  What is said of these rows is said at import only (:data:`SAID_AT_IMPORT`): a refresh
reads the workbook, not the file.
"""

from __future__ import annotations

import numpy as np

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.layout import is_header, map_headers
from coachlog_xl.core.wording import count, some

HEADER_ROWS = 30  # the first rows of a file looked through for its header (a title above it)
# the codes said of a file as it is imported, never in Checks (a refresh reads the workbook, not the file)
SAID_AT_IMPORT = frozenset({Code.SCORE_SPLIT.value, Code.ROW_PAST_HEADER.value})


def rejoined(rows: list[list], header_map) -> dict[int, tuple[str, str | None]]:
    """``rows`` (a comma-separated file's, each with as many cells as the line has fields, the header row first
    or below a title) with each row one cell longer than the header whose score is a whole number and whose next
    cell holds digits put back as one text, ``4,5`` (read as the column's decimal comma says), the rest of the
    row moved back under its headers, where that join is the one reading that fits the row: the score is the
    last cell of the row's under a header, or the cells moved back put no text under a header whose column holds
    only numbers in the rows as long as the header (``9,90,10,ok, not great`` under a score, a percentage, a
    maximum and a comment is a comment's comma: 90,10 would leave "ok" as the maximum).  When every scored row
    holds the extra cell, nothing is joined: a headerless column beside the scores (a count, a maximum) reads
    the same as every score split.  Returns each row longer than the header (Excel row, the header row 1 where
    ``rows[0]`` is) -> (``"joined"``, its score's two cells ``4 | 5``) when so joined, (``"beside"``, the two
    cells) when every scored row holds such a cell beside its score, and (``"long"``, None) when it is left as
    written for another reason (two cells too many, a file without a score column, an extra cell elsewhere than
    beside the score, a join some other reading fits).  A file holding a second header row longer than the first
    is left as it is (several exports of their own widths)."""
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
    fits = {i: _split_at(rows[i], p, width) for i in long} if 0 <= p else dict.fromkeys(long)
    others = [i for i in range(head + 1, len(rows)) if i not in fits]  # (the rows as long as the header)
    if 0 <= p and any(rows[i][p] is not None for i in long) and not any(
            len(rows[i]) > p and rows[i][p] is not None for i in others):  # (stops at the first scored one)
        return {i + 1: ("beside", cells) if cells else ("long", None) for i, cells in fits.items()}
    # the columns a join would move text into, then those of them holding only numbers in the other rows
    moved = {j for i, cells in fits.items() if cells for j in range(p + 1, width) if _text(rows[i][j + 1])}
    numbers = {j for j in moved if _numbers_only(rows, others, j)}
    out: dict[int, tuple[str, str | None]] = {}
    for i, cells in fits.items():
        row = rows[i]
        if cells and not any(j in numbers and _text(row[j + 1]) for j in range(p + 1, width)):
            row[p:p + 2] = [cells.replace(" | ", ",")]
            out[i + 1] = ("joined", cells)
        else:
            out[i + 1] = ("long", None)
    return out


def _split_at(row: list, p: int, width: int) -> str | None:
    """The two cells ``4 | 5`` of a row one cell longer than the header whose score (at ``p``) is a whole number
    and whose next cell holds digits; else None."""
    if any(v is not None for v in row[width + 1:]) or not _whole(row[p]) or _digits(row[p + 1]) is None:
        return None
    return f"{_digits(row[p])} | {_digits(row[p + 1])}"


def _numbers_only(rows: list[list], others: list[int], j: int) -> bool:
    """Whether column ``j`` holds a number and no text in the rows ``others`` (those as long as the header)."""
    seen = False
    for i in others:
        v = rows[i][j] if j < len(rows[i]) else None
        if _text(v):
            return False
        seen = seen or v is not None
    return seen


def _text(value) -> bool:
    """Whether a cell holds something other than a number."""
    return value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)))


def long_rows_said(sheet: str, long: dict[int, tuple[str, str | None]], head: str, issues: Issues) -> None:
    """A warning for the rows of a comma-separated file one of whose scores its commas split (:func:`rejoined`:
    ``long``, its rows; ``head``, the score's header), and one for its rows left longer than the header: the
    rows named are the file's (a row appended to a Scores sheet holding rows already has another number there)."""
    joined = [r for r, (how, _) in long.items() if how == "joined"]
    if joined:
        first, n = long[joined[0]][1], len(joined)
        issues.add(Code.SCORE_SPLIT, sheet, joined[0], "score", first,
                   f"{sheet}: {count(n, 'score')} under \"{head}\" {'was' if n == 1 else 'were'} split over two cells "
                   f"by the file's commas (the file's row{'s' * (n > 1)} {some(joined)}; first {first}), as a "
                   "comma-separated export splits a score written with a decimal comma, each such row one cell "
                   f"longer than the header; read and written into the workbook as one ({first.replace(' | ', ',')}).",
                   "Nothing to do if that is right; else export the file again with semicolons between its fields "
                   "or decimal points, and import that file instead.")
    beside = [r for r, (how, _) in long.items() if how == "beside"]
    if beside:
        first, n = long[beside[0]][1], len(beside)
        left, right = first.split(" | ")
        issues.add(Code.ROW_PAST_HEADER, sheet, beside[0], "row", first,
                   f"{sheet}: every scored row holds one cell more than the header, beside its score under \"{head}\" "
                   f"({count(n, 'row')}: the file's row{'s' * (n > 1)} {some(beside)}; first {first}). That reads two "
                   f"ways: a column of its own whose header is missing (a count, a maximum: score {left}, then "
                   f"{right}), or every score written with a decimal comma and split by the file's commas "
                   f"({left},{right}). Imported as written: each score read as the cell under \"{head}\", the cell "
                   "beside it under no header.",
                   "If the cells are a column of their own, nothing to do (or give that column a header in the "
                   "file); if the scores were split, export the file again with its scores quoted (\"4,5\") or with "
                   "semicolons between its fields, then correct the imported rows in the Scores sheet (they are "
                   "found there by call ID, not by the file's row numbers) or exclude them.")
    left = [r for r, (how, _) in long.items() if how == "long"]
    if left:
        n = len(left)
        issues.add(Code.ROW_PAST_HEADER, sheet, left[0], "row", None,
                   f"{sheet}: {count(n, 'row')} {'holds' if n == 1 else 'hold'} more cells than the header "
                   f"(the file's row{'s' * (n > 1)} {some(left)}), as when a comma-separated export splits a value "
                   "written with a comma (a decimal comma, a comment) over two cells: the cells after it are read "
                   "under the header of the cell before them, and the last is read under none.",
                   "Correct those rows in the file (quote the value holding the comma) or export it again with "
                   "semicolons between its fields, and import it again; else type a reason in Exclude on the rows "
                   "they were added as in the Scores sheet (found there by call ID: the rows named here are the "
                   "file's, which differ from the sheet's when rows are appended below others).")


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
