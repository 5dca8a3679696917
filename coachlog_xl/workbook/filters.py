"""A person's filter on a computed sheet, applied again to the rows a refresh writes.

Excel keeps a filter's choices in the sheet's ``<autoFilter>`` (a ``<filterColumn>`` per filtered
column) and hides the rows it leaves out with ``hidden="1"`` on each ``<row>``; it does not apply the
filter again when it opens a file.  A refresh writes new rows, so without this every row would show
under a filter button that says some are hidden.  The filters applied here are the ones a person picks
from a computed sheet's text columns (Status, Valid, Suggested, a rep's name): a list of texts, with or
without "(Blanks)", matched as Excel matches them (ignoring case).  Any other filter (on numbers or
dates, by condition, top ten, colour) leaves every row shown, as Excel's Reapply would decide it from
the cells' formatted text; the filter itself is kept either way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coachlog_xl.workbook.parts import attribute_text

_AUTO_FILTER = re.compile(r"<(?:\w+:)?autoFilter\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?autoFilter>)", re.S)
_FILTER_COLUMN = re.compile(r"<(?:\w+:)?filterColumn\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?filterColumn>)", re.S)
_COL_ID = re.compile(r'\bcolId="(\d+)"')
_FILTERS = re.compile(r"^\s*<(?:\w+:)?filters\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?filters>)\s*$", re.S)
_VALUE = re.compile(r"""^\s*<(?:\w+:)?filter\s+val=(?:"([^"]*)"|'([^']*)')\s*/>""")
_BLANK = re.compile(r'\bblank="(?:1|true)"')
_SORT_REF = re.compile(r'(<(?:\w+:)?(?:sortState|sortCondition)\b[^>]*?\bref="[A-Z]+)\d+:([A-Z]+)\d+"')
_CUSTOM_VIEWS = re.compile(r"<(?:\w+:)?customSheetViews\b")


def own_end(tail: str) -> int:
    """Where the sheet's own filter and sort can end in ``tail`` (its XML after the sheet data): at its
    custom views (View > Custom Views), each of which may hold a filter of its own, applied only when
    that view is shown (ECMA-376 18.3.1.99 places ``autoFilter`` and ``sortState`` before
    ``customSheetViews``)."""
    views = _CUSTOM_VIEWS.search(tail)
    return len(tail) if views is None else views.start()


def text_filters(tail: str) -> dict[int, tuple[set[str], bool]] | None:
    """The sheet's filter (``tail``: its XML after the sheet data; not a custom view's, :func:`own_end`)
    as, per filtered column (0-based), the texts it shows (lower-cased) and whether it shows blank
    cells; None when the sheet has no filtered column or a filter of another kind."""
    found = _AUTO_FILTER.search(tail, 0, own_end(tail))
    if found is None or not found.group(1):
        return None
    out: dict[int, tuple[set[str], bool]] = {}
    for column in _FILTER_COLUMN.finditer(found.group(1)):
        col_id = _COL_ID.search(column.group(1))
        lists = _FILTERS.match(column.group(2) or "")
        if col_id is None or lists is None:
            return None
        texts, rest = set(), lists.group(2) or ""
        while rest.strip():
            value = _VALUE.match(rest)
            if value is None:  # a date group or anything else: not a list of texts
                return None
            texts.add(attribute_text(value.group(1) if value.group(1) is not None else value.group(2)).lower())
            rest = rest[value.end():]
        out[int(col_id.group(1))] = (texts, _BLANK.search(lists.group(1)) is not None)
    return out or None


def hidden_rows(tail: str, columns: list[list], tables: Sequence[tuple[int, str]] = ()) -> set[int]:
    """The rows (0-based, of ``columns``' values) the sheet's filter (in ``tail``) and its tables'
    filters hide (``tables``: each table's first column, 0-based, and its part's XML; a table's filter
    counts its columns from its own first).  A filter hides none when it is not of texts, or when a
    filtered column holds anything but text and blanks (a number is matched by its formatted text,
    which is Excel's to make)."""
    hidden: set[int] = set()
    for offset, xml in [(0, tail), *tables]:
        hidden |= _hidden_by(xml, columns[offset:])
    return hidden


def move_sorts(xml: str, first: int, last: int) -> str:
    """A filter's sort (``<sortState>`` and its ``<sortCondition>``s, from the sort buttons) moved to
    rows ``first`` to ``last``, its columns kept."""
    return _SORT_REF.sub(rf'\g<1>{first}:\g<2>{max(last, first)}"', xml)


def _hidden_by(xml: str, columns: list[list]) -> set[int]:
    wanted = text_filters(xml)
    if not wanted:
        return set()
    hidden: set[int] = set()
    for col, (texts, blanks) in wanted.items():
        if col >= len(columns):
            return set()  # a filter on a column the sheet no longer has
        for i, value in enumerate(columns[col]):
            if value is None or value == "" or value != value:  # blank, or NaN (a blank number)
                shown = blanks
            elif isinstance(value, str):
                shown = value.lower() in texts
            else:
                return set()
            if not shown:
                hidden.add(i)
    return hidden
