"""The maximum a column's cells state (``4 out of 5``, read as points over it: :class:`~.points.Stated`), which tells
the scale of the plain numbers beside them in a column too short to tell its own (domain.md, "Exact rules: Scores"),
and the columns of full stars only whose top of 5 no cell shows (:func:`stars_without_top`).
Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.headerscale import rows_named
from coachlog_xl.core.wording import count


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


def stars_without_top(rows: pd.DataFrame, sheets: np.ndarray, numeric: np.ndarray, issues: Issues) -> None:
    """A warning per column (``sheets``: each row's sheet as the pastes are told apart) whose stars are written as full
    stars only (``★★★``, no empty star: read as a 1-5 star rating, :data:`~.points.STAR_TOP`) and none of whose cells
    shows the top of 5 (five stars, or a cell such as ``★★★☆☆`` beside them): 1-3 or 1-4 stars would read otherwise.
    Said on the first such cell's row, naming the rows; ``numeric``: the rows read as plain numbers (none of them)."""
    at = np.flatnonzero(~numeric)
    if not len(at):
        return
    kinds = rows["read_as"].to_numpy()
    at = [i for i in at[kinds[at] == "points/max"].tolist() if hasattr(kinds[i], "assumed")]
    if not any(kinds[i].assumed for i in at):
        return
    pastes, criteria, scores = rows["paste"].to_numpy(), rows["criterion"].to_numpy(), rows["score"].to_numpy()
    tabs, numbers = rows["sheet"].to_numpy(), rows["row"].to_numpy()
    columns: dict[tuple, list[int]] = {}
    for i in at:
        columns.setdefault((sheets[i], pastes[i], criteria[i]), []).append(i)
    for (sheet, _, crit), cells in columns.items():
        if not all(kinds[i].assumed for i in cells) or (scores[cells] >= 100).any():
            continue  # (a cell shows the top: five stars, or its empty stars or maximum)
        said = [(tabs[i], int(numbers[i]), 0.0) for i in cells[:5]]  # (rows_named shows five, then how many more)
        said += [(None, 0, 0.0)] * (len(cells) - len(said))
        apart = None if len(set(tabs[cells].tolist())) == 1 else rows["sheet"]
        issues.add(Code.SCALE_UNCLEAR, said[0][0], said[0][1], "score", crit,
                   f'{sheet}, "{crit}": {count(len(said), "score")} written as full stars only, none of them five '
                   f"({rows_named(said, apart)}); read as a 1-5 star rating (3 stars as 3 of 5, 60).",
                   "Nothing to do if the stars are out of 5; else export them with their empty stars (3 of 4 as "
                   "\u2605\u2605\u2605\u2606), or type the scores as points over their maximum (3/4).")
