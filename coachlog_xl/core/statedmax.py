"""The maximum a column's cells state (``4 out of 5``, read as points over it: :class:`~.points.Stated`), which tells
the scale of the plain numbers beside them in a column too short to tell its own (domain.md, "Exact rules: Scores"),
and the top of a column's cells of full stars only (:func:`stars_on_top`).
Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

from itertools import repeat

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.headerscale import rows_named
from coachlog_xl.core.points import STAR_TOP, Stated, too_many_stars
from coachlog_xl.core.wording import count


def stated_maxima(rows: pd.DataFrame, sheets: np.ndarray, numeric: np.ndarray) -> dict[tuple, tuple[set[float], str]]:
    """Per (sheet, paste, criterion) with cells that state their maximum (``4 out of 5``: their kind,
    :class:`~coachlog_xl.core.points.Stated`, holds it): the maxima stated, and the first such cell's
    sheet and row (with "'s full stars" where that maximum is a 1-5 star rating's, assumed); ``sheets``: each row's
    sheet as the pastes are told apart (see :func:`~coachlog_xl.core.scales.put_on_scale`)."""
    kinds = rows["read_as"].to_numpy()
    at = _stating(kinds, numeric)
    out: dict[tuple, tuple[set[float], str]] = {}
    pastes, criteria = rows["paste"].to_numpy(), rows["criterion"].to_numpy()
    tabs, numbers = rows["sheet"].to_numpy(), rows["row"].to_numpy()
    for i in at.tolist():
        where = f"{tabs[i]} row {numbers[i]}" + ("'s full stars" if kinds[i].assumed else "")
        out.setdefault((sheets[i], pastes[i], criteria[i]), (set(), where))[0].add(kinds[i].maximum)
    return out


def _stating(kinds: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    """The positions of the rows (not ``numeric``) whose kind is a cell's stated maximum (:class:`~.points.Stated`),
    told by their type at once: a paste over a maximum column (or a row of points possible) has a million rows of its
    plain ``points/max``, which state none."""
    at = np.flatnonzero(~numeric)
    return at[np.fromiter(map(isinstance, kinds[at].tolist(), repeat(Stated)), dtype=bool, count=len(at))]


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
    if stated[1].endswith("full stars"):  # (full stars only: a 1-5 star rating's top, assumed, not shown)
        return top, (f"points out of {top:g}, the top of the 1-5 star rating its other cells' full stars are "
                     f"assumed on (as {stated[1]} are)")
    return top, f"points out of {top:g}, the maximum its other cells state (as {stated[1]} does)"


def stars_on_top(rows: pd.DataFrame, sheets: np.ndarray, numeric: np.ndarray, issues: Issues,
                 unplaced: set[tuple] | None = None) -> None:
    """Each column's cells of full stars only (``★★★``, read over 5 by their cell: :data:`~.points.STAR_TOP`) put on
    the top its cells with empty stars show (``★★☆`` beside ``★★★``: 3 of 3, 100), where they show one (``sheets``:
    each row's sheet as the pastes are told apart; ``numeric``: the rows read as plain numbers, none of them); else
    on a 1-5 star rating, with a warning where no cell shows five (1-3 or 1-4 stars would read otherwise), said on the
    first such cell's row, naming the rows; a column whose empty stars show several tops (``★★★☆☆`` beside
    ``★★★★☆☆☆☆☆☆``) shows none for its full stars only, which are read on a 1-5 star rating too, with a warning
    naming the first row of each top (:func:`_tops_differ`).  A cell of more full stars than the top is an
    unreadable score, not counted (its (rep, criterion, day) to ``unplaced`` without an Exclude reason)."""
    kinds = rows["read_as"].to_numpy()
    at = [i for i in _stating(kinds, numeric).tolist() if kinds[i].assumed or kinds[i].stars]
    if not any(kinds[i].assumed for i in at):
        return
    kinds = kinds.copy()  # (the full-only cells put on a top shown are then read as stating it)
    pastes, criteria = rows["paste"].to_numpy(), rows["criterion"].to_numpy()
    tabs, numbers = rows["sheet"].to_numpy(), rows["row"].to_numpy()
    columns: dict[tuple, list[int]] = {}
    for i in at:
        columns.setdefault((sheets[i], pastes[i], criteria[i]), []).append(i)
    scores = rows["score"].to_numpy(dtype=float).copy()
    unread: set[int] = set()
    for (sheet, _, crit), cells in columns.items():
        full = [i for i in cells if kinds[i].assumed]
        shown = {kinds[i].maximum for i in cells if not kinds[i].assumed}
        if len(shown) > 1 and full:
            _tops_differ(cells, kinds, tabs, numbers, sheet, crit, issues)
        top = shown.pop() if len(shown) == 1 else STAR_TOP
        for i in full:  # (a full-only cell holds its stars over 5)
            stars = round(scores[i] * STAR_TOP / 100)
            if stars > top:
                unread.add(i)
                issues.add(Code.UNREADABLE_SCORE, tabs[i], int(numbers[i]), "score", "\u2605" * stars,
                           f'{tabs[i]} row {numbers[i]}: the score {"★" * stars!r} {too_many_stars(stars, top)}.',
                           "Correct the score, or type a reason in Exclude to leave the row out.")
            elif top != STAR_TOP:
                scores[i], kinds[i] = stars / top * 100.0, Stated(top)
        full = [i for i in full if i not in unread]
        if top != STAR_TOP or not full or len(full) < len(cells) or (scores[full] >= 100).any():
            continue  # (a cell shows the top: five stars, or its empty stars)
        said = [(tabs[i], int(numbers[i]), 0.0) for i in full[:5]]  # (rows_named shows five, then how many more)
        said += [(None, 0, 0.0)] * (len(full) - len(said))
        apart = None if len(set(tabs[full].tolist())) == 1 else rows["sheet"]
        issues.add(Code.SCALE_UNCLEAR, said[0][0], said[0][1], "score", crit,
                   f'{sheet}, "{crit}": {count(len(said), "score")} written as full stars only, none of them five '
                   f"({rows_named(said, apart)}); read as a 1-5 star rating (3 stars as 3 of 5, 60).",
                   "Nothing to do if the stars are out of 5; else export them with their empty stars (3 of 4 as "
                   "\u2605\u2605\u2605\u2606), or type the scores as points over their maximum (3/4).")
    scores[list(unread)] = np.nan
    rows["score"] = scores
    rows["read_as"] = pd.Series(kinds, index=rows.index, dtype=object)  # (kinds, not texts: pandas 3 makes str of them)
    if unplaced is not None and unread:
        picked = rows.iloc[sorted(unread)]
        unplaced.update(unplaced_rows(picked[(picked["exclude"] == "").to_numpy()]))


def _tops_differ(cells: list[int], kinds: np.ndarray, tabs: np.ndarray, numbers: np.ndarray, sheet: str, crit: str,
                 issues: Issues) -> None:
    """A warning on the first full-only cell of a column (``cells``, in row order) whose cells with empty stars
    show several tops: its full stars only are read on a 1-5 star rating, which may be none of them."""
    firsts: dict[float, int] = {}
    for i in cells:
        if not kinds[i].assumed:
            firsts.setdefault(kinds[i].maximum, i)
    full = [i for i in cells if kinds[i].assumed]
    tops = "; ".join(f"{tabs[i]} row {numbers[i]}: {top:g} stars" for top, i in sorted(firsts.items()))
    said = [(tabs[i], int(numbers[i]), 0.0) for i in full]
    rows = rows_named(said, None if len({tabs[i] for i in full}) == 1 else tabs)  # (each with its tab over several)
    issues.add(Code.SCALE_UNCLEAR, tabs[full[0]], int(numbers[full[0]]), "score", crit,
               f'{sheet}, "{crit}": its stars show {count(len(firsts), "top")} ({tops}), so '
               f'{count(len(full), "score")} written as full stars only ({rows}) show none of their own; read as a '
               "1-5 star rating (3 stars as 3 of 5, 60).",
               "Export the stars with their empty stars (3 of 4 as \u2605\u2605\u2605\u2606), or type the scores as "
               "points over their maximum (3/4); paste two scorecards' ratings as two criteria.")
