"""A person's filter on a computed sheet, applied again to the rows a refresh writes.

Excel keeps a filter's choices in the sheet's ``<autoFilter>`` (a ``<filterColumn>`` per filtered
column) and hides the rows it leaves out with ``hidden="1"`` on each ``<row>``; it does not apply the
filter again when it opens a file.  A refresh writes new rows, so without this every row would show
under a filter button that says some are hidden.  The filters applied here, as Excel's Reapply would:
a list of texts picked from a text column (Status, Valid, Suggested, a rep's name), with or without
"(Blanks)", matched ignoring case; and one or two conditions on numbers (Number Filters: equals, does
not equal, greater than, less than, ... joined by And or Or) on a column of numbers, compared at 15 significant digits
as Excel compares them, where a blank cell meets only "does not equal".  Any other filter (dates, a text condition, top
ten, above average, colour, a condition on a column holding text) leaves every row shown, and :func:`unapplied_filters`
names its column so that the command line says so; the filter itself is kept either way.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from functools import partial
from numbers import Real

from coachlog_xl.workbook.parts import attribute_text

_AUTO_FILTER = re.compile(r"<(?:\w+:)?autoFilter\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?autoFilter>)", re.S)
_FILTER_COLUMN = re.compile(r"<(?:\w+:)?filterColumn\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?filterColumn>)", re.S)
_COL_ID = re.compile(r'\bcolId="(\d+)"')
_FILTERS = re.compile(r"^\s*<(?:\w+:)?filters\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?filters>)\s*$", re.S)
_VALUE = re.compile(r"""^\s*<(?:\w+:)?filter\s+val=(?:"([^"]*)"|'([^']*)')\s*/>""")
_BLANK = re.compile(r'\bblank="(?:1|true)"')
_CUSTOMS = re.compile(r"^\s*<(?:\w+:)?customFilters\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?customFilters>)\s*$", re.S)
_CUSTOM = re.compile(r"^\s*<(?:\w+:)?customFilter\b([^>]*?)/>")
_OPERATOR = re.compile(r"""\boperator=(?:"(\w+)"|'(\w+)')""")
_OPERAND = re.compile(r"""\bval=(?:"([^"]*)"|'([^']*)')""")
_AND = re.compile(r"""\band=["'](?:1|true)["']""")
_COMPARE = {"equal": operator.eq, "notEqual": operator.ne, "greaterThan": operator.gt,
            "greaterThanOrEqual": operator.ge, "lessThan": operator.lt, "lessThanOrEqual": operator.le}
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
        texts = _texts(column.group(2) or "")
        if col_id is None or texts is None:
            return None
        out[int(col_id.group(1))] = texts
    return out or None


def _texts(xml: str) -> tuple[set[str], bool] | None:
    """A filter column's list of texts (``xml``: its content), lower-cased, and whether it shows blank
    cells; None when it is not a list of texts."""
    lists = _FILTERS.match(xml)
    if lists is None:
        return None
    texts, rest = set(), lists.group(2) or ""
    while rest.strip():
        value = _VALUE.match(rest)
        if value is None:  # a date group or anything else: not a list of texts
            return None
        texts.add(attribute_text(value.group(1) if value.group(1) is not None else value.group(2)).lower())
        rest = rest[value.end():]
    return texts, _BLANK.search(lists.group(1)) is not None


def hidden_rows(tail: str, columns: list[list], tables: Sequence[tuple[int, str]] = ()) -> set[int]:
    """The rows (0-based, of ``columns``' values) the sheet's filter (in ``tail``) and its tables'
    filters hide (``tables``: each table's first column, 0-based, and its part's XML; a table's filter
    counts its columns from its own first).  A filter hides none when one of its columns is not applied
    (:func:`unapplied_filters`)."""
    hidden: set[int] = set()
    for offset, xml in [(0, tail), *tables]:
        hidden |= _applied(xml, columns[offset:])[0]
    return hidden


def unapplied_filters(tail: str, columns: list[list], tables: Sequence[tuple[int, str]] = ()) -> list[int]:
    """The columns (0-based, of the sheet) whose filter, in ``tail`` or a table's (as :func:`hidden_rows`),
    is not applied to ``columns``' values: every row of that filter is shown."""
    return sorted({offset + col for offset, xml in [(0, tail), *tables] for col in _applied(xml, columns[offset:])[1]})


def move_sorts(xml: str, first: int, last: int) -> str:
    """A filter's sort (``<sortState>`` and its ``<sortCondition>``s, from the sort buttons) moved to
    rows ``first`` to ``last``, its columns kept."""
    return _SORT_REF.sub(rf'\g<1>{first}:\g<2>{max(last, first)}"', xml)


def _applied(xml: str, columns: list[list]) -> tuple[set[int], list[int]]:
    """The rows a filter hides, and its columns not applied (then it hides none)."""
    found = _AUTO_FILTER.search(xml, 0, own_end(xml))
    if found is None or not found.group(1):
        return set(), []
    tests: dict[int, Callable | None] = {}
    for column in _FILTER_COLUMN.finditer(found.group(1)):
        col_id = _COL_ID.search(column.group(1))
        if col_id is not None and (column.group(2) or "").strip():  # (a button hidden or shown: no filter)
            tests[int(col_id.group(1))] = _test(column.group(2))
    if any(col >= len(columns) for col in tests):
        return set(), []  # a filter on a column the sheet no longer has
    shown = [[test(value) for value in columns[col]] if test is not None else None for col, test in tests.items()]
    unapplied = [col for col, seen in zip(tests, shown) if seen is None or None in seen]
    if unapplied or not tests:
        return set(), unapplied
    return {i for seen in shown for i, one in enumerate(seen) if not one}, []


def _test(xml: str) -> Callable | None:
    """Whether a value is shown by a filter column's choices (``xml``: its content), as a function giving
    True, False or None (a value it cannot tell: the filter is not applied); None: a filter not applied."""
    if _FILTERS.match(xml) is not None:
        texts = _texts(xml)
        return None if texts is None else partial(_listed, *texts)
    customs = _CUSTOMS.match(xml)
    if customs is None:
        return None  # top ten, dynamic, colour, icon
    conditions, rest = [], customs.group(2) or ""
    while rest.strip():
        one = _CUSTOM.match(rest)
        if one is None:
            return None
        name = _OPERATOR.search(one.group(1))
        operand = _OPERAND.search(one.group(1))
        compare = _COMPARE.get(next(filter(None, name.groups())) if name else "equal")
        number = _number(attribute_text(next(g for g in operand.groups() if g is not None))) if operand else None
        if compare is None or number is None:
            return None  # a condition on text (with its wildcards), or an operator of another kind
        conditions.append((compare, number))
        rest = rest[one.end():]
    if not 1 <= len(conditions) <= 2:
        return None
    return partial(_meets, conditions, all if _AND.search(customs.group(1)) else any)


def _listed(texts: set[str], blanks: bool, value) -> bool | None:
    """A list of texts: a blank (or NaN, a blank number) shown when "(Blanks)" is; a number is matched by
    its formatted text, which is Excel's to make (None)."""
    if value is None or value == "" or value != value:
        return blanks
    return value.lower() in texts if isinstance(value, str) else None


def _meets(conditions: list[tuple[Callable, float]], joined: Callable, value) -> bool | None:
    """Conditions on numbers: a blank cell meets only "does not equal" (it is not equal to the number);
    text (or yes/no) is not told (None).  Numbers are compared at 15 significant digits, as Excel
    compares them (a Delta stored as 17.200000000000003 equals 17.2)."""
    if value is None or value == "" or value != value:
        return joined(compare is operator.ne for compare, _ in conditions)
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    shown = _digits(value)
    return joined(compare(shown, number) for compare, number in conditions)


def _digits(number: float) -> float:
    """``number`` rounded to 15 significant digits, the precision Excel compares at."""
    return float(f"{number:.15g}")


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return _digits(number) if number == number else None
