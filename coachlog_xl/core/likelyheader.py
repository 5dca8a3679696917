"""The row of a paste most like its header, for a message naming what was found where no header names the fields
it needs: an export whose call id column has a header the HeaderMap lacks (``Call #``) has no row naming three
fields, so its first row, a title (``Tier 1 QA Scorecard — week of 14/09/2026``), stood for its header, and the
message named the title as all that was found."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.layout import map_headers
from coachlog_xl.core.scales import ABSURD
from coachlog_xl.core.wide import looks_scored, overall

ROWS_LOOKED_AT = 30  # the rows under the first a header may be on (titles, filter lines, a logo's blank rows)


def likeliest_header(table: RawTable, headers: list, header_map: Mapping[str, list[str]]) -> tuple[list, int | None]:
    """Of ``headers`` (the header the paste was read with) and the paste's first rows, the row naming the most fields
    (:func:`~.layout.map_headers`), then holding the most text cells; ``headers`` on a tie.  With it, the row's place
    in the paste's data (None for ``headers``)."""
    def rank(cells: list) -> tuple[int, int]:
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        return len(map_headers(texts, dict(header_map))), len(texts)

    best, top, at = list(headers), rank(list(headers)), None
    data = table.data
    for i in range(min(len(data), ROWS_LOOKED_AT)):
        cells = [v for c, v in data.iloc[i].items() if c != ROW and not coerce.is_blank(v)]
        if (ranked := rank(cells)) > top:
            best, top, at = cells, ranked, i
    return best, at


def judged_on(table: RawTable, found: dict, headers: list, header_map: Mapping[str, list[str]],
              required: tuple, criteria: Directory | None = None) -> tuple[dict, list]:
    """The fields found and the header a message about a missing field names (:func:`likeliest_header`), judged on
    the same row: a field that row names (``Agent``: the rep) is not said to be missing beside it, and where it names
    no criterion column but heads columns of scores under it (:func:`wide_under`), it is a wide header (a column per
    criterion), whose criterion and score are not missing either, unless a column under it holds criterion names
    (``criteria``: a long export's criterion column under a header of no field's).  The paste's own ``found`` and
    ``headers`` where that row names every field of ``required`` and the call date (nothing would be said, though the
    paste cannot be read)."""
    likely, at = likeliest_header(table, headers, header_map)
    if likely == list(headers):
        return found, headers
    judged = {**map_headers([c for c in likely if isinstance(c, str) and c.strip()], dict(header_map)), **found}
    if "criterion" not in judged and at is not None and wide_under(table, at, header_map) and \
            not names_under(table, at, criteria):
        judged = {"criterion": -1, "score": -1, **judged}
    return (found, headers) if all(f in judged for f in (*required, "call_at")) else (judged, likely)


def wide_under(table: RawTable, at: int, header_map: Mapping[str, list[str]]) -> bool:
    """Whether the paste's row ``at`` heads a column of scores under it (:func:`~.wide.looks_scored`, every number
    within 1000 points either way: an id of four digits or more is no score) with a text of no field's nor an overall
    score's (:func:`~.wide.overall`): a wide header's criterion column."""
    data = table.data
    row, below = data.iloc[at], data.iloc[at + 1:at + 1 + ROWS_LOOKED_AT * 7]
    for c, head in row.items():
        if c == ROW or not isinstance(head, str) or not head.strip() or overall(head) or \
                map_headers([head], dict(header_map)):
            continue
        numbers = pd.to_numeric(below[c], errors="coerce")
        if looks_scored(below[c]) and not (numbers.abs() > ABSURD).any():
            return True
    return False


def names_under(table: RawTable, at: int, criteria: Directory | None) -> bool:
    """Whether a column under the paste's row ``at`` holds criterion names (``criteria``), most of its texts one: a
    long export's criterion column, whatever its header, so the row is no wide header."""
    if criteria is None:
        return False
    below = table.data.iloc[at + 1:at + 1 + ROWS_LOOKED_AT * 7]
    for c in below.columns:
        texts = [v.strip() for v in below[c] if isinstance(v, str) and v.strip()] if c != ROW else []
        if texts and 2 * sum(criteria.resolve(t) is not None for t in texts) > len(texts):
            return True
    return False
