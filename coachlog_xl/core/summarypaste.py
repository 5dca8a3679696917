"""A summary pasted or imported instead of the calls: an Excel pivot table pasted as values (``Average of Score``,
``Column Labels``, ``Row Labels``, ``Grand Total``) or a BI tool's summarized export (Power BI's ``Average of Score``
beside ``Count of Evaluation ID``).  Its rows are averages per rep, no call's score, so none is read: it is said once,
with the export to make, rather than each of its rows said unreadable or its figures taken for names."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable, header_key

# an aggregate's caption, as Excel's pivot tables and Power BI write it: Average of Score, Count of Evaluation ID; a
# label of a few words, no sentence (an evaluator's comment "Max of 2 holds allowed; agent placed 3" is none)
_AGGREGATE = re.compile(r"^\s*(?:average|avg|sum|count|distinct count|min|max|median|stdev|variance) of \S", re.I)
_SENTENCE = re.compile(r"[:;,.!?]")
_PIVOT_LABELS = {"rowlabels", "columnlabels", "grandtotal"}
_LOOKED_AT = 3  # the rows under the header a pivot's captions may stand in (pasted under the Scores header)
_PER_CALL = 50  # the rows looked at for a call id beside a call date
_SERIALS = 20_000  # an Excel date serial of 1954 or later: a number below it in a call date column is no date


def _captions(table: RawTable) -> list[str]:
    """The paste's header cells and the label-like cells of its first rows (a few words, no sentence), as texts."""
    cells = list(table.headers)
    for _, row in table.data.head(_LOOKED_AT).iterrows():
        cells.extend(v for v in row.tolist() if isinstance(v, str) and len(v.split()) <= 5 and not _SENTENCE.search(v))
    return [coerce.text(v) for v in cells if isinstance(v, str)]


def _dated(value) -> bool:
    """Whether a cell reads as a date (a number only as an Excel serial of a recent year: a pivot's averages, pasted
    under the Scores header, fill its Call date column with figures such as 62.73)."""
    if isinstance(value, (int, float)):
        return value >= _SERIALS
    try:
        return coerce.moment(value) is not None
    except (coerce.Unreadable, ValueError, OverflowError):
        return False


def _per_call(raw: pd.DataFrame) -> bool:
    """Whether a row of the paste's first ones gives a call id beside a call (or grading) date, or, with no call id
    column, every one of them a call date: calls, no summary (averages per rep carry no call's date; a per-call
    export without its call id column is said as such by the missing column's error)."""
    head = raw.head(_PER_CALL)
    named = np.array([not coerce.is_blank(v) for v in head["call_id"].tolist()] if "call_id" in head else
                     [False] * len(head), dtype=bool)  # (a few cells: the ids' texts are not factorised, see count)
    if not named.any():  # (no call id column, or none in it)
        return "call_at" in head and len(head) > 0 and all(map(_dated, head["call_at"].tolist()))
    return any(named[k] and _dated(head[f].iat[k]) for f in ("call_at", "graded_at") if f in head
               for k in range(len(head)))


def summary_said(table: RawTable, raw: pd.DataFrame, issues: Issues) -> bool:
    """Whether the paste is a summary (no row of a call id beside a call date, nor a call date on every row,
    ``raw``: its rows read, and an
    aggregate's caption beside another, or beside a pivot's ``Row Labels``, ``Column Labels`` or ``Grand Total``):
    then one error says so, and none of its rows is read."""
    if _per_call(raw):
        return False
    texts = _captions(table)
    aggregates = list(dict.fromkeys(t for t in texts if _AGGREGATE.match(t)))
    labels = [t for t in texts if header_key(t) in _PIVOT_LABELS]
    if not aggregates or len(aggregates) + len(labels) < 2:
        return False
    shown = ", ".join(f'"{t}"' for t in [*aggregates, *dict.fromkeys(labels)][:4])
    issues.add(Code.NOTHING_READ, table.sheet, table.header_row, "layout", None,
               f"{table.sheet} holds a summary ({shown}): averages per rep or criterion, not one row per call and "
               "criterion, so none of its rows is read and no baseline can be taken from it.",
               "Paste or import the per-call export instead: the QA tool's evaluation export, or, from Power BI, "
               "Export data > Underlying data; an Excel pivot's source table, not the pivot.")
    return True
