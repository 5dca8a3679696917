"""The Field column of Checks as the user sees the sheet: a Scores row's field named by its column's header.

The reading code names a Scores field by its own word (``rep``, ``call date``, ``criterion``: schema.FIELD_NAMES) or
key (``max_score``), and checks key on those; the Checks sheet shows the header the sheet heads that column with
instead: the template's (``Rep``, ``Call date``) on a paste under its header, an export's own (``Agent Name``) on a
paste under the export's header, the paste the row or header row is in deciding; a field no column of the paste is
read as (a missing column) by the template's header.
"""

from __future__ import annotations

from bisect import bisect_right

from coachlog_xl import schema
from coachlog_xl.core import coerce

# a field's word or key -> its key
KEYS = {**{word: key for key, word in schema.FIELD_NAMES.items()}, **{key: key for key in schema.FIELD_NAMES}}
# a field's header on the template's Scores sheet, else the first header the HeaderMap reads it under
TITLES = {key: next((c.header for c in schema.SCORES.columns if c.key == key), None)
          or schema.DEFAULT_HEADER_MAP.get(key, (key,))[0] for key in schema.FIELD_NAMES}


class Shown:
    """Each read Scores sheet's pastes, in order of their header row: (header row, field key -> header as written),
    from :func:`~coachlog_xl.core.layout.to_long`; called as :meth:`~coachlog_xl.core.checks.Issues.frame`'s
    ``shown`` with the problems' sheets, rows and fields, it gives the fields as the sheets head them."""

    def __init__(self, pastes: dict[str, list[tuple[int, dict[str, str]]]] | None = None):
        self.pastes = {sheet: sorted(found, key=lambda p: p[0]) for sheet, found in (pastes or {}).items()}
        self._rows = {sheet: [p[0] for p in found] for sheet, found in self.pastes.items()}

    def header(self, sheet, row, field: str) -> str:
        """The header of ``field`` on ``sheet`` at ``row`` (the paste above it, or the sheet's first for a sheet-wide
        problem), or ``field`` itself where it is no Scores field or the sheet no Scores sheet."""
        key = KEYS.get(field)
        if key is None or not isinstance(sheet, str) or not (sheet in self.pastes or sheet.startswith("Scores")):
            return field
        found = self.pastes.get(sheet, [])
        at = bisect_right(self._rows.get(sheet, []), row if isinstance(row, int) else 0) - 1
        return (found[max(at, 0)][1].get(key) if found else None) or TITLES[key]

    def __call__(self, sheets: list, rows: list, fields: list) -> list:
        known: dict = {}
        return [field if field not in KEYS else known.setdefault((sheet, row, field), self.header(sheet, row, field))
                for sheet, row, field in zip(sheets, rows, fields)]


def as_headed(block, cols: dict[str, int]) -> tuple[int, dict[str, str]]:
    """A block of a paste's header row and each field's header as written there (``cols``: field -> column, -1 for
    none), as :class:`Shown` takes them."""
    return block.header_row, {f: coerce.text(block.headers[c]).strip() for f, c in cols.items() if c >= 0}
