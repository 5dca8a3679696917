"""The maximum a column's cells state (``4 out of 5``, read as points over it: :class:`~.points.Stated`), which tells
the scale of the plain numbers beside them in a column too short to tell its own (domain.md, "Exact rules: Scores").
Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

import numpy as np
import pandas as pd


def stated_maxima(rows: pd.DataFrame, sheets: np.ndarray, numeric: np.ndarray) -> dict[tuple, tuple[set[float], str]]:
    """Per (sheet, paste, criterion) with cells that state their maximum (``4 out of 5``: their kind,
    :class:`~coachlog_xl.core.points.Stated`, holds it): the maxima stated, and the first such cell's
    sheet and row; ``sheets``: each row's sheet as the pastes are told apart (see
    :func:`~coachlog_xl.core.scales.put_on_scale`)."""
    kinds = rows["read_as"].to_numpy()
    at = np.flatnonzero(~numeric)
    at = at[kinds[at] == "points/max"] if len(at) else at
    out: dict[tuple, tuple[set[float], str]] = {}
    pastes, criteria = rows["paste"].to_numpy(), rows["criterion"].to_numpy()
    tabs, numbers = rows["sheet"].to_numpy(), rows["row"].to_numpy()
    for i in at.tolist():
        top = getattr(kinds[i], "maximum", None)  # (a maximum column's points/max state none)
        if top is not None:
            out.setdefault((sheets[i], pastes[i], criteria[i]), (set(), f"{tabs[i]} row {numbers[i]}"))[0].add(top)
    return out


def stated_scale(stated: tuple[set[float], str] | None, values: pd.Series) -> tuple[float, str] | None:
    """(top, description) of a column too short to tell its scale by its plain numbers, when its other
    cells state one maximum (``stated``: :func:`stated_maxima`) and every plain number is from 0 to it; None
    when they state none or several (4 out of 5, 8/10), or a number is above it (a 7 beside 4 out of 5)."""
    if stated is None or len(stated[0]) != 1:
        return None
    top = next(iter(stated[0]))
    v = values.dropna().to_numpy(dtype=float)
    if top <= 0 or (v < 0).any() or v.max() > top:
        return None
    return top, f"points out of {top:g}, the maximum its other cells state (as {stated[1]} does)"
