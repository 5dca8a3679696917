"""A header block's rows of a pasted table, as the reader typed them, with their factors.

:func:`~coachlog_xl.core.layout.segments` cuts a paste into its header blocks (each export pasted under
the last with its own header); each block takes its rows here: the columns a column-wise reader typed
(:attr:`~coachlog_xl.core.inputs.RawTable.typed`) as they are, and the factors of the table's text
columns narrowed to the block's rows, so that what reads a block's distinct values (its trailing
summary rows, its filled columns, its known names) reads them once per distinct value, not once per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.inputs import ROW, RawTable


def block_rows(table: RawTable, first: int, end: int, width: int) -> tuple[pd.DataFrame, dict]:
    """Rows ``first`` to ``end`` of the table's first ``width`` columns, copied, with their row numbers, and
    their factors (:attr:`RawTable.factors`, of those rows: :func:`rows_factors`); of a table with
    :attr:`RawTable.typed` columns, each such column as typed where the rows hold none of its text cells
    (the same cells: numbers as floats, not objects), the columns put side by side, not consolidated into
    one block."""
    data, out, factors = table.data, [], {}
    whole = {p: f for p, f in table.factors.items() if p < width and len(f[0]) == len(data)}  # (of every row)
    if not table.typed:  # (a table as any reader gives it: its columns' dtypes kept as they are)
        part = data.iloc[first:end]
        block = part[list(range(width))].copy() if width else part[[]].copy()
        block[ROW] = part[ROW].to_numpy()
        return block.reset_index(drop=True), {p: rows_factors(*f, first, end) for p, f in whole.items()}
    for p in range(width):
        at, col, coded, holes = table.typed.get(p, (None, None, None, None))
        if at is not None and first >= at and end - at <= len(col) and \
                np.searchsorted(holes, first - at) == np.searchsorted(holes, end - at):  # (no text cell)
            values = col[first - at:end - at]  # (no copy: the typed arrays are read, never written)
            if coded is not None:
                factors[p] = rows_factors(*coded, first - at, end - at)
        else:
            values = data[p].to_numpy()[first:end].copy()
            if p in whole:
                factors[p] = rows_factors(*whole[p], first, end)
        out.append(pd.Series(values, dtype=values.dtype, name=p, copy=False))
    block = pd.concat(out, axis=1) if out else pd.DataFrame(index=pd.RangeIndex(max(end - first, 0)))
    block[ROW] = data[ROW].to_numpy()[first:end]
    return block, factors


def rows_factors(codes: np.ndarray, distinct: np.ndarray, first: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """The factors ``pandas.factorize`` gives rows ``first`` to ``end`` of a column, from the whole
    column's (``codes``, -1 for a blank; ``distinct`` in order of first appearance): the codes of those
    rows renumbered in the order their values first appear there, and those values."""
    if first == 0 and end >= len(codes):
        return codes, distinct
    part = codes[first:end]
    filled = part >= 0
    present, first_at = np.unique(part[filled], return_index=True)
    order = present[np.argsort(first_at, kind="stable")]
    renumber = np.full(len(distinct) + 1, -1, dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return np.where(filled, renumber[part], -1), np.asarray(distinct, dtype=object)[order]
