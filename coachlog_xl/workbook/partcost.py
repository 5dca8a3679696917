"""The save's parts dealt to two processes (:func:`~coachlog_xl.workbook.package.refresh_package`) so
that both are done at about the same time: each part's expected cost, and the split of the parts.

A computed sheet's cells do not cost the same to make, compress and check on every sheet: the
Baseline's (a wrapped criterion, two dates) cost about 1.6 times the Follow-up's, whose cell is the
unit.  The costs only choose which process makes a part; every part's bytes are the same wherever it
is made.
"""

from __future__ import annotations

from collections.abc import Sequence

from coachlog_xl import schema, workers

# The CPU a computed sheet's cell costs to make, compress and check, against a Follow-up cell's (about
# 2.4-2.9 us): each part timed in one process, twice at a million score rows and once at 100,000
# (scale_book.py workbooks refreshed as of 2025-12-31; docs/speed.md, the round on the two uneven
# splits), the ratios averaged.  Fixed, the same on any machine.  An edited sheet costs about a
# Follow-up cell per 8 bytes of its XML.
CELL_COST = {schema.BASELINE.name: 1.6, schema.AGGREGATE.name: 0.9, schema.CHECKS.name: 1.05}
EDITED_BYTES = 8
EXACT_MOST = 12  # parts split by trying every split (2 ** 11 of them); more are dealt by workers.deal


def sheet_cost(sheet: schema.Sheet, rows: int) -> float:
    """A computed sheet's expected cost to make, in Follow-up cells (:data:`CELL_COST`; a sheet not
    measured counts as the Follow-up's cells)."""
    return rows * len(sheet.columns) * CELL_COST.get(sheet.name, 1.0)


def edited_cost(xml: bytes) -> float:
    """An input sheet's expected cost to have its cells edited, in Follow-up cells."""
    return len(xml) / EDITED_BYTES


def split(costs: Sequence[float]) -> list[bool]:
    """Which parts the second process makes: of all the ways to split them in two, the one whose
    dearer side costs least, this process taking that side (the second also starts and sends its parts
    back).  :func:`~coachlog_xl.workers.deal`, the dearest first to the cheaper side, cannot find the
    best split of a million rows' save, the Follow-up and the Log's edits against the rest: it puts the
    Checks and the Log's edits, the next two dearest, together.  The first best split found, items in
    order, is taken, so the same costs always split the same way.  Above :data:`EXACT_MOST` parts the
    deal is :func:`~coachlog_xl.workers.deal`'s, which may leave the dearer side to the second process."""
    n = len(costs)
    if n > EXACT_MOST:
        return workers.deal(costs)
    total = sum(costs)
    best, away = total, 0
    for mask in range(1 << max(n - 1, 0)):  # (the first part here: each split and its mirror tried once)
        there = sum(costs[i + 1] for i in range(n - 1) if mask >> i & 1)
        if (dearer := max(there, total - there)) < best:
            best, away = dearer, mask
    second = [i > 0 and bool(away >> (i - 1) & 1) for i in range(n)]
    there = sum(c for c, far in zip(costs, second) if far)
    return [not far for far in second] if there > total - there else second
