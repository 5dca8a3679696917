"""The row of a paste most like its header, for a message naming what was found where no header names the fields
it needs: an export whose call id column has a header the HeaderMap lacks (``Call #``) has no row naming three
fields, so its first row, a title (``Tier 1 QA Scorecard — week of 14/09/2026``), stood for its header, and the
message named the title as all that was found."""

from __future__ import annotations

from collections.abc import Mapping

from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.layout import map_headers

ROWS_LOOKED_AT = 30  # the rows under the first a header may be on (titles, filter lines, a logo's blank rows)


def likeliest_header(table: RawTable, headers: list, header_map: Mapping[str, list[str]]) -> list:
    """Of ``headers`` (the header the paste was read with) and the paste's first rows, the row naming the most fields
    (:func:`~.layout.map_headers`), then holding the most text cells; ``headers`` on a tie."""
    def rank(cells: list) -> tuple[int, int]:
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        return len(map_headers(texts, dict(header_map))), len(texts)

    best, top = list(headers), rank(list(headers))
    data = table.data
    for i in range(min(len(data), ROWS_LOOKED_AT)):
        cells = [v for c, v in data.iloc[i].items() if c != ROW and not coerce.is_blank(v)]
        if (ranked := rank(cells)) > top:
            best, top = cells, ranked
    return best



def judged_on(table: RawTable, found: dict, headers: list, header_map: Mapping[str, list[str]],
              required: tuple) -> tuple[dict, list]:
    """The fields found and the header a message about a missing field names (:func:`likeliest_header`), judged on
    the same row: a field that row names (``Agent``: the rep) is not said to be missing beside it.  The paste's own
    ``found`` and ``headers`` where that row names every field of ``required`` and the call date (nothing would be
    said, though the paste cannot be read)."""
    likely = likeliest_header(table, headers, header_map)
    if likely == list(headers):
        return found, headers
    judged = {**map_headers([c for c in likely if isinstance(c, str) and c.strip()], dict(header_map)), **found}
    return (found, headers) if all(f in judged for f in (*required, "call_at")) else (judged, likely)
