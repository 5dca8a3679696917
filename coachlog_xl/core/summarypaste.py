"""A summary pasted or imported instead of the calls: an Excel pivot table pasted as values (``Average of Score``,
``Column Labels``, ``Row Labels``, ``Grand Total``) or a BI tool's summarized export (Power BI's ``Average of Score``
beside ``Count of Evaluation ID``).  Its rows are averages per rep, no call's score, so none is read: it is said once,
with the export to make, rather than each of its rows said unreadable or its figures taken for names."""

from __future__ import annotations

import re

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable, header_key

# an aggregate's caption, as Excel's pivot tables and Power BI write it: Average of Score, Count of Evaluation ID
_AGGREGATE = re.compile(r"^\s*(?:average|avg|sum|count|distinct count|min|max|median|stdev|variance) of \S", re.I)
_PIVOT_LABELS = {"rowlabels", "columnlabels", "grandtotal"}
_LOOKED_AT = 3  # the rows under the header a pivot's captions may stand in (pasted under the Scores header)


def _captions(table: RawTable) -> list[str]:
    """The paste's header cells and those of its first rows, as texts."""
    cells = list(table.headers)
    for _, row in table.data.head(_LOOKED_AT).iterrows():
        cells.extend(row.tolist())
    return [coerce.text(v) for v in cells if isinstance(v, str)]


def summary_said(table: RawTable, issues: Issues) -> bool:
    """Whether the paste is a summary (an aggregate's caption beside another, or beside a pivot's ``Row Labels``,
    ``Column Labels`` or ``Grand Total``): then one error says so, and none of its rows is read."""
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
