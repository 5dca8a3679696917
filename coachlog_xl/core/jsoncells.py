"""An export holding each call's scores in one cell as JSON (LevelAI's ``scores_json``: ``[{"question": "Greeting",
"score": 80, ...}, ...]``): such a cell is not read, and a paste whose criteria or scores are only there is missing
that column; the message says where they are and which export to make instead, not to add a column's header (or a
flag column's, ``auto_fail``) as a criterion."""

from __future__ import annotations

import json

from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import RawTable

_FIELDS = ("criterion", "score")  # the fields such a cell holds


def _json_items(cell) -> bool:
    """Whether a cell is a JSON list of objects, or an object (the scores of one call as their items)."""
    text = coerce.text(cell).strip()
    if not text.startswith(("[{", "{")):
        return False
    try:
        got = json.loads(text)
    except ValueError:
        return False
    return isinstance(got, dict) or isinstance(got, list) and bool(got) and all(isinstance(i, dict) for i in got)


def json_column(table: RawTable) -> str | None:
    """The header of the paste's first column whose non-blank cells (of its first 50 rows, one at least) are all JSON
    lists of objects, else None."""
    for p, head in enumerate(table.headers):
        if p not in table.data.columns:
            continue
        cells = [v for v in table.data[p].head(50) if not coerce.is_blank(v)]
        if cells and all(_json_items(v) for v in cells):
            return coerce.text(head)
    return None


def said(table: RawTable, field: str, extra: str, fix: str) -> tuple[str, str]:
    """``extra`` and ``fix`` of a paste's missing ``field``, where it is a criterion or score and a column holds the
    scores as JSON (:func:`json_column`): that the scores are in that column, not read, and the export to make."""
    head = json_column(table) if field in _FIELDS else None
    if head is None:
        return extra, fix
    return (extra + f' "{head}" holds each call\'s scores in one cell as JSON, which is not read.',
            f'Export the scores one row per criterion (its call, rep, date, criterion and score columns) or one column '
            f'per criterion, and import that; "{head}" and a yes/no flag column (an auto-fail) are no criterion to add '
            "to the Criteria sheet.")
