"""A paste with no criterion column whose one column of scores is headed by a generic word (``Outcome``,
``Result``, ``Status``, ``Pass/Fail``): an evaluation's verdict, each call's or each question's, not a criterion's
scores.  Read as a wide paste's one criterion, each call's rows would conflict with each other; the missing
criterion column is said instead, naming that column and what would have it read."""

from __future__ import annotations

from collections.abc import Container

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable
from coachlog_xl.core.wide import lone_generic
from coachlog_xl.core.wording import HEADER_MAP_SAID, looked_for
from coachlog_xl.schema import FIELD_NAMES


def generic_column(block: RawTable, data: pd.DataFrame, cols: dict, known: Container = ()) -> int | None:
    """The one column of scores of a paste with no criterion column, when a generic word heads it (``Outcome``,
    ``Result``, ``Status``, ``Pass/Fail``: an evaluation's verdict, each call's or each question's) and the
    Criteria sheet does not name it: read as a criterion, its rows would be one criterion's scores, a call's rows
    conflicting with each other.  Only where it is the paste's one column of scores and no column is the score
    field's (:func:`~.wide.lone_generic`)."""
    return lone_generic(block, data, cols, known)


def say_generic(block: RawTable, data: pd.DataFrame, cols: dict, known: Container, header_map: dict,
                issues: Issues) -> int | None:
    """The missing criterion column said of a paste whose one column of scores is :func:`generic_column`'s, naming
    that column and what would have it read (a Criteria row, or a HeaderMap line naming the criterion column);
    that column, or None when the paste has none such."""
    p = generic_column(block, data, cols, known)
    if p is None:
        return None
    head = coerce.text(block.headers[p])
    looked = looked_for(list(header_map.get("criterion", [])))
    found = ", ".join(t for t in map(coerce.text, block.headers) if t)
    issues.add(Code.MISSING_COLUMN, block.sheet, 1, FIELD_NAMES["criterion"], None,
               f'{block.sheet}: no criterion column. Its one column of scores, "{head}", is not read as a '
               f"criterion's: its header is a generic word (an evaluation's outcome), not on the Criteria sheet, "
               f"and read so all its rows would be one criterion's. Looked for: {looked}. Found: {found}.",
               f'If a column names each row\'s criterion, add a line to {HEADER_MAP_SAID}: Field criterion, Export '
               f'header that column\'s header. If "{head}" is one criterion\'s score, add a row to the Criteria sheet '
               f'with "{head}" as its Criterion (or Criterion ID).')
    return p
