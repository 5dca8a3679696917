"""A list of scores flattened into columns (:func:`items`): a QA platform's API gives each review its scores as a
list (``"scores": [{"criterion": "Greeting", "value": 4}, ...]``), which a generic JSON-to-CSV tool flattens into
indexed columns: ``scores[0].criterion, scores[0].value, scores[1].criterion, ...`` (or ``scores.0.criterion``,
``scores/0/value``, ``scores_0_criterion``).  Each item is one score of the row's call: its criterion, its value, and
its maximum or N/A flag when the list has them; the row's other columns (call id, rep, date...) are kept on each
(:func:`item_rows`).  An item whose cells are all blank (a call scored on fewer criteria than another) is no score.
A list is read so when one of its items has both a criterion and a score key (a HeaderMap name of the field, or one
of the usual JSON keys of :data:`~.wide.KEYS`); its columns are then no criterion's."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.wide import KEYS

# a list's name, then [i] (and a separator) or a separator, i and a separator, then the item's key
INDEXED = re.compile(r"^\s*(?P<list>.+?)(?:\[(?P<i>\d+)\][./_]?|[./_](?P<j>\d+)[./_])(?P<key>[^\[\]./]+?)\s*$")
_SAID = {"criterion": "a criterion", "score": "a score", "max_score": "a maximum", "not_applicable": "an N/A flag"}
Item = tuple[str, dict[str, int]]  # an item's name (scores[0]) and its fields' columns


def items(headers: list, header_map: dict[str, list[str]], cols: dict[str, int]) -> list[Item]:
    """The items of the flattened lists of a header, in order (list, then index): each item's name as its
    columns write it (``scores[0]``) and its fields' columns, criterion and score always, max_score and
    not_applicable when it has them; none when no list has an item with both.  ``cols``: the row's own
    fields' columns (not an item's)."""
    used = set(cols.values())
    found: dict[tuple[str, int], Item] = {}
    for p, head in enumerate(headers):
        m = INDEXED.match(head) if isinstance(head, str) and p not in used else None
        field = _field(header_key(m["key"]), header_map) if m else None
        if field is not None:
            at = (header_key(m["list"]), int(m["i"] if m["i"] is not None else m["j"]))
            found.setdefault(at, (head[:m.start("key")].rstrip("./_ "), {}))[1].setdefault(field, p)
    lists = {name for (name, _), (_, fields) in found.items() if fields.keys() >= {"criterion", "score"}}
    return [found[at] for at in sorted(found) if at[0] in lists and found[at][1].keys() >= {"criterion", "score"}]


def _field(key: str, header_map: dict[str, list[str]]) -> str | None:
    """The field of an item a key (header_key) is: a HeaderMap name of the field first, then :data:`KEYS`."""
    for field in KEYS:
        if key in {header_key(h) for h in header_map.get(field, ())}:
            return field
    return next((field for field, keys in KEYS.items() if key in keys), None)


def item_rows(block: RawTable, data: pd.DataFrame, cols: dict[str, int], found: list[Item],
              base: Callable[[dict[str, int]], pd.DataFrame], issues: Issues) -> pd.DataFrame:
    """One row per call and item (``base``: the rows of the block with the fields' columns it is given),
    an item's all-blank cells left out; said in Checks."""
    row_fields = {f: p for f, p in cols.items() if f != "max_score"}  # (a row's maximum is no item's)
    parts = []
    for _, fields in found:
        part = base({**row_fields, **fields})
        empty = np.logical_and.reduce([blanks(data[p]) for p in fields.values()])
        parts.append(part[~empty] if empty.any() else part)
    said = [_SAID[f] for f in _SAID if any(f in fields for _, fields in found)]
    span = found[0][0] if len(found) == 1 else f"{found[0][0]} to {found[-1][0]}"
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "layout", None,
               f"{block.sheet}: a list flattened into columns read ({span}, each {', '.join(said[:-1])} and "
               f"{said[-1]}): one row per call and item, with the call's other columns.",
               "Nothing to do; add a criterion's spelling to the Criteria sheet if it is reported unknown.")
    return pd.concat(parts, ignore_index=True)
