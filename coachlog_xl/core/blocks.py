"""A header block's rows of a pasted table, as the reader typed them, with their factors.

:func:`~coachlog_xl.core.layout.segments` cuts a paste into its header blocks (each export pasted under
the last with its own header); each block takes its rows here: the columns a column-wise reader typed
(:attr:`~coachlog_xl.core.inputs.RawTable.typed`) as they are, and the factors of the table's text
columns narrowed to the block's rows, so that what reads a block's distinct values (its trailing
summary rows, its filled columns, its known names) reads them once per distinct value, not once per row.
A block may take the rows of several header blocks under one header (:func:`~coachlog_xl.core.layout.
segments` with ``merge``): the rows of each span, one after the other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.inputs import ROW, RawTable


def block_rows(table: RawTable, spans: list[tuple[int, int]], width: int) -> tuple[pd.DataFrame, dict]:
    """Rows ``first`` to ``end`` of each ``(first, end)`` span, one span after the other, of the table's
    first ``width`` columns, copied, with their row numbers, and their factors (:attr:`RawTable.factors`,
    of those rows: :func:`rows_factors`); of a table with :attr:`RawTable.typed` columns, each such column
    as typed in the spans that hold none of its text cells (the same cells: numbers as floats, not
    objects), as pandas concatenates the spans' columns where some do, the columns put side by side, not
    consolidated into one block."""
    data, out, factors = table.data, [], {}
    rows = slice(*spans[0]) if len(spans) == 1 else np.concatenate([np.arange(a, b) for a, b in spans])
    whole = {p: f for p, f in table.factors.items() if p < width and len(f[0]) == len(data)}  # (of every row)
    if not table.typed:  # (a table as any reader gives it: its columns' dtypes kept as they are)
        part = data.iloc[rows]
        block = part[list(range(width))].copy() if width else part[[]].copy()
        block[ROW] = part[ROW].to_numpy()
        return block.reset_index(drop=True), {p: rows_factors(*f, rows) for p, f in whole.items()}
    for p in range(width):
        at, col, coded, holes = table.typed.get(p, (None, None, None, None))
        plain = [at is not None and first >= at and end - at <= len(col) and
                 np.searchsorted(holes, first - at) == np.searchsorted(holes, end - at)  # (no text cell)
                 for first, end in spans]
        if all(plain):
            if len(spans) == 1:  # (no copy: the typed arrays are read, never written)
                values = col[spans[0][0] - at:spans[0][1] - at]
            else:
                values = np.concatenate([col[first - at:end - at] for first, end in spans])
            if coded is not None:
                factors[p] = rows_factors(*coded, rows - at if isinstance(rows, np.ndarray) else
                                          slice(rows.start - at, rows.stop - at))
        elif not any(plain):
            values = data[p].to_numpy()[rows].copy()
            if p in whole:
                factors[p] = rows_factors(*whole[p], rows)
        else:  # some spans typed, some with text: the column pandas makes of the blocks' columns one under the other
            values = pd.concat([pd.Series(col[first - at:end - at] if typed else data[p].to_numpy()[first:end])
                                for (first, end), typed in zip(spans, plain)], ignore_index=True).to_numpy()
        out.append(pd.Series(values, dtype=values.dtype, name=p, copy=False))
    count = sum(max(end - first, 0) for first, end in spans)
    block = pd.concat(out, axis=1) if out else pd.DataFrame(index=pd.RangeIndex(count))
    block[ROW] = data[ROW].to_numpy()[rows]
    return block, factors


def rows_factors(codes: np.ndarray, distinct: np.ndarray, rows: slice | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The factors ``pandas.factorize`` gives some rows of a column (a slice, or their positions in order),
    from the whole column's (``codes``, -1 for a blank; ``distinct`` in order of first appearance): the
    codes of those rows renumbered in the order their values first appear there, and those values."""
    if isinstance(rows, slice) and (rows.start or 0) <= 0 and (rows.stop is None or rows.stop >= len(codes)):
        return codes, distinct
    part = codes[rows]
    filled = part >= 0
    present, first_at = np.unique(part[filled], return_index=True)
    order = present[np.argsort(first_at, kind="stable")]
    renumber = np.full(len(distinct) + 1, -1, dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return np.where(filled, renumber[part], -1), np.asarray(distinct, dtype=object)[order]
