"""Scores whose paste's header states a scale (``Score (0-100)``, :func:`~coachlog_xl.core.qualifiers.scale`) but
whose numbers say otherwise: cells formatted as percent (80 % stored as 0.8) are fractions of 1 whatever the header
says; some of them beside points (0.8 beside 80) are said, by row, and read on the header's scale as typed (on a
scale up to 10, 0.5 is half a star: not said); a column of only 0s and 1s under a scale above 10 (a pass/fail
export's, or points?) is read as points on it, said.  Used by :func:`coachlog_xl.core.scales.put_on_scale`
(domain.md, "Exact rules: Scores")."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.ratingstrays import by_row, cells_of
from coachlog_xl.core.wording import count

HALVES = 10  # on a stated scale up to this, a score between 0 and 1 is a half point (half a star), not a fraction


def fractions_under(grp: pd.DataFrame, detected: tuple[float | None, str], scale: tuple[tuple[float, float], str],
                    said: tuple[str, str, str, pd.Series | None], issues: Issues) -> tuple[str, str] | None:
    """How a column is read whose header states a scale above 1 (``scale``: (bottom, top) and the header) but whose
    numbers are all fractions of 1 (cells formatted 80 %, stored 0.8), one at least between 0 and 1 (0s and 1s are
    points on the header's scale): as fractions, as under ``Score (%)``, the contradiction said; None when they are
    not (``detected``: :func:`~coachlog_xl.core.scales.detect`'s reading), some between 0 and 1 beside scores above
    1 said by row.  Returns how the scores are read and what to do if that is wrong: the header's scale, which
    overrides Settings' Score scale, is what to change.  ``said``: how messages name the paste, the criterion, the
    paste's sheet, and each row's tab (None but over an export's tabs)."""
    (bottom, top), head = scale
    where, crit, sheet, tabs = said
    v = grp["score"].to_numpy(dtype=float)
    part = (v > 0) & (v < 1)
    if not part.any():
        return None
    fix = (f"Nothing to do if they are percents; if they are points out of {top:g}, retype the score column's header "
           f"as Score, without the scale, and set Score scale on Settings to {bottom:g}-{top:g}.")
    if detected[0] != 1 or not detected[1].startswith("fractions"):
        if top > HALVES and v.max() > 1:
            cells = cells_of(part, grp["score"], grp["row"], tabs, sheet)
            issues.add(Code.SCALE_UNCLEAR, cells[0][0], cells[0][1], "score", crit,
                       f'{where}, "{crit}": {count(len(cells), "score")} between 0 and 1 ({by_row(cells, tabs)}) '
                       f'stand beside scores above 1; all are read on the scale {bottom:g}-{top:g} its header '
                       f'"{head}" states ({cells[0][2]:g} as {cells[0][2]:g} points).',
                       "If those rows are fractions (cells formatted as percent hold 85 % as 0.85), type them as "
                       f"points out of {top:g} (85); else nothing to do.")
        return None
    cells = cells_of(part, grp["score"], grp["row"], tabs, sheet)[0]
    which = f"its 1 score is a fraction of 1 (row {cells[1]}, " if len(v) == 1 else \
        f"all {count(len(v), 'score')} are {detected[1]} (first between 0 and 1: row {cells[1]}, "
    issues.add(Code.SCALE_UNCLEAR, sheet, None, "score", crit,
               f'{where}, "{crit}": its header "{head}" states a scale, but {which}{cells[2]:g}; cells formatted as '
               f"percent hold 80 % as 0.8); read as fractions (0.8 = 80).", fix)
    return detected[1], fix


def zeros_and_ones_under(grp: pd.DataFrame, scale: tuple[tuple[float, float], str],
                         said: tuple[str, str, str, pd.Series | None], issues: Issues) -> None:
    """A scale-unclear warning, on the row of the first 1, for a column of only 0s and 1s (one 1 at least) under a
    header stating a scale above :data:`HALVES` (``Score (0-100)``): a pass/fail export's, whose 1 is a pass (100),
    or 0 and 1 points?  Read as the header says, points; on a shorter scale (``Score (0-5)``: 0 and 20) they are
    points, not said.  ``scale`` and ``said`` as :func:`fractions_under` takes them."""
    (bottom, top), head = scale
    where, crit, sheet, tabs = said
    v = grp["score"].to_numpy(dtype=float)
    ones = v == 1
    if top <= HALVES or not ones.any() or not (ones | (v == 0)).all():
        return
    cells = cells_of(ones, grp["score"], grp["row"], tabs, sheet)
    issues.add(Code.SCALE_UNCLEAR, cells[0][0], cells[0][1], "score", crit,
               f'{where}, "{crit}": all {count(len(v), "score")} are 0 or 1 (the 1s: {by_row(cells, tabs)}); all are '
               f'read as points on the scale {bottom:g}-{top:g} its header "{head}" states (1 as {100 / top:g} on '
               "0-100).",
               "If they are pass/fail (1 = pass), retype the score column's header as Score, without the scale, with "
               "Score scale on Settings auto: 0s and 1s are then read as absent/present (0 and 100); else nothing to "
               "do.")
