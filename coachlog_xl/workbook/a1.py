"""A1 references: column letters and numbers, range bounds.

``openpyxl.utils``' ``get_column_letter``, ``column_index_from_string``, ``range_boundaries`` and
``coordinate_from_string``, under their names and with the same answers, errors included (but for
``coordinate_from_string``'s, a ValueError here; tests compare them over every column), without
importing openpyxl: a refresh reads and writes its sheets' XML itself, and openpyxl takes 65 ms or more
to import.  Those stop at ZZZ, as openpyxl does; :func:`column_number` and :func:`column_letters` read and
write a column of any number of letters, for the references a sheet's XML holds, which may name a
column past Excel's last, XFD (a file another program wrote): an edit of the Log's cells keeps such a
cell as it stands, where it raised.
"""

from __future__ import annotations

import functools
import re
from string import ascii_uppercase

MAX_COLUMN = 18278  # XFD is Excel's last column; openpyxl accepts up to ZZZ
_INDEX = {letter: i for i, letter in enumerate(ascii_uppercase, 1)}
_COORDINATE = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)$")
_RANGE = re.compile(r"^[$]?([A-Za-z]{1,3})?[$]?(\d+)?(:[$]?([A-Za-z]{1,3})?[$]?(\d+)?)?$")


@functools.cache
def get_column_letter(index: int) -> str:
    """The letters of column ``index`` (1 = A, 27 = AA); ValueError outside 1 .. 18278."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"Invalid column index {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


@functools.cache
def column_index_from_string(letters: str) -> int:
    """The number of the column named ``letters`` (A = 1, either case); ValueError for anything but
    one to three letters naming a column up to ZZZ."""
    if len(letters) > 3:
        raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")
    index = 0
    for letter, power in zip(reversed(letters.upper()), (1, 26, 676)):  # (an upper case longer than 3: its last 3)
        if letter not in _INDEX:
            raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")
        index += _INDEX[letter] * power
    if not 0 < index <= MAX_COLUMN:
        raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")
    return index


def column_number(letters: str) -> int:
    """The number of the column named by capital ``letters``, of any length (A = 1, XFD = 16384,
    AAAA = 18279); ValueError for anything else (a cell reference's letters are capitals)."""
    if not letters or not letters.isascii() or not letters.isupper() or not letters.isalpha():
        raise ValueError(f"'{letters}' is not a column's letters")
    index = 0
    for letter in letters:
        index = index * 26 + _INDEX[letter]
    return index


def column_letters(index: int) -> str:
    """The capital letters of column ``index`` (1 = A, 18279 = AAAA), of any length; ValueError below 1."""
    if index < 1:
        raise ValueError(f"Invalid column index {index}")
    return get_column_letter(index) if index <= MAX_COLUMN else column_letters((index - 1) // 26) + \
        ascii_uppercase[(index - 1) % 26]


def range_boundaries(ref: str) -> tuple:
    """(first column, first row, last column, last row) of a cell or range reference (``B2``,
    ``$A$1:C9``, ``A:C``, ``2:5``), None for a part a row or column range leaves out; ValueError for
    anything else."""
    m = _RANGE.match(ref)
    if not m:
        raise ValueError(f"{ref} is not a valid coordinate or range")
    min_col, min_row, sep, max_col, max_row = m.groups()
    if sep:
        cols, rows = (min_col, max_col), (min_row, max_row)
        if not (all(cols + rows) or (all(cols) and not any(rows)) or (all(rows) and not any(cols))):
            raise ValueError(f"{ref} is not a valid coordinate or range")
    first_col = None if min_col is None else column_index_from_string(min_col)
    first_row = None if min_row is None else int(min_row)
    last_col = first_col if max_col is None else column_index_from_string(max_col)
    last_row = first_row if max_row is None else int(max_row)
    return first_col, first_row, last_col, last_row


def coordinate_from_string(ref: str) -> tuple[str, int]:
    """(column letters, row) of a cell reference (``B12`` -> ("B", 12)); ValueError for anything else."""
    m = _COORDINATE.match(ref)
    if not m or not int(m.group(2)):
        raise ValueError(f"Invalid cell coordinates ({ref})")
    return m.group(1), int(m.group(2))
