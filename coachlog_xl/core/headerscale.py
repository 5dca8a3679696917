"""Scores whose paste's header states a scale (``Score (0-100)``, :func:`~coachlog_xl.core.qualifiers.scale`) but
whose numbers say otherwise: cells formatted as percent (80 % stored as 0.8) are fractions of 1 whatever the header
says; some of them beside points (0.8 beside 80) are said, by row, and read on the header's scale as typed (on a
scale up to 10, 0.5 is half a star: not said); a column of only 0s and 1s under a scale above 10 (a pass/fail
export's, or points?) is read as points on it, said; a column plainly not on the scale (every number, or nearly,
above its top) is read as if none were stated, said (:func:`misfit_under`); a 0 on a scale of 1-100 is 0 points, said
(:func:`zeros_as_points`).  Used by
:func:`coachlog_xl.core.scales.put_on_scale` (domain.md, "Exact rules: Scores")."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.qualifiers import scale as header_scale
from coachlog_xl.core.qualifiers import split
from coachlog_xl.core.ratingstrays import MOSTLY, by_row, cells_of
from coachlog_xl.core.wording import count

HALVES = 10  # on a stated scale up to this, a score between 0 and 1 is a half point (half a star), not a fraction


class Said(NamedTuple):
    """How messages name a column whose header states its scale: its paste, its criterion, the paste's sheet, each
    row's tab (None but over an export's tabs), and whether the header is a wide paste's criterion column's
    (``Empathy (1-5)``) rather than a long paste's score column's (``Score (1-5)``)."""

    where: str
    crit: str
    sheet: str
    tabs: pd.Series | None
    wide: bool


def retyped(head: str, said: Said) -> str:
    """How to take a header's scale away: a long paste's score column becomes Score; a wide paste's criterion
    column keeps its criterion's name (``Empathy (1-5)`` -> Empathy), as Score would make it no criterion's; where
    the Criteria sheet names the criterion with the scale (``Empathy (1-5)`` there too), the name without it would be
    no criterion's either: the header becomes the criterion's ID, or the criterion is renamed there."""
    if not said.wide:
        return "retype the score column's header as Score, without the scale"
    if header_scale(said.crit) is not None:
        return (f'retype the header "{head}" as the criterion\'s ID on the Criteria sheet, or rename the criterion '
                f'"{said.crit}" there and in the header alike, without the scale')
    return f'retype the header "{head}" as {(split(head) or (head,))[0]}, without the scale'


def misfit_under(grp: pd.DataFrame, scale: tuple[tuple[float, float], str], said: Said, issues: Issues,
                 fit: Callable[[pd.Series], tuple[float | None, str]]) -> tuple[float | None, str] | None:
    """How a column is read whose numbers plainly do not fit the scale its header states (``scale``: (bottom, top)
    and the header): every score other than 0, or all but one in :data:`~.ratingstrays.MOSTLY` of them, above its
    top (``Empathy (1-5)`` over 80, 0, 60, 90: points out of 100 under a mislabelled header; a 0, not scored or no
    points, fits any scale, so it is no evidence of fit); None when they fit.  Such a column is read as if its header
    stated no scale, on ``fit``'s reading of its numbers ((top, description), top None: as points out of 100;
    domain.md, "Exact rules: Scores": scores are kept and flagged, never dropped), said once for the column with a
    few of its cells by row; a few above the top among many that fit are not (kept and flagged each, on the
    header's scale)."""
    (bottom, top), head = scale
    v = grp["score"].to_numpy(dtype=float)
    above, told = v > top, int(((v != 0) & ~np.isnan(v)).sum())
    if not told or told - int(above.sum()) > told // MOSTLY:
        return None
    read = fit(grp["score"])
    what = "points out of 100" if read[0] is None else read[1].split(" (")[0]
    cells = cells_of(above, grp["score"], grp["row"], said.tabs, said.sheet)
    other = " other than 0" if told < len(v) else ""
    how_many = (f"the one score{other} is" if told == 1 else f"all {count(told, 'score')}{other} are") \
        if len(cells) == told else f"{len(cells)} of the {told} scores{other} are"
    issues.add(Code.SCALE_UNCLEAR, said.sheet, None, "score", said.crit,
               f'{said.where}, "{said.crit}": {how_many} above {top:g}, the top of the scale {bottom:g}-{top:g} its '
               f'header "{head}" states ({by_row(cells[:3], said.tabs)}{" and more" if len(cells) > 3 else ""}); '
               f"{'it is' if told == 1 else 'all are'} read as {what}, as if the header stated no scale.",
               f'Nothing to do if {"it is" if told == 1 else "they are"} {what}; else correct the scale in the header '
               f'"{head}", or {retyped(head, said)}.')
    return read


def zeros_as_points(grp: pd.DataFrame, source: str, said: Said, issues: Issues) -> None:
    """A warning for the 0s of a column on a 1-100 scale (``source``: what states it, the header or Settings): they
    are read as 0 points, not as "not scored" as on the rating scales that start at 1 (1-5, 1-10, 1-50): a 1-100
    scale is most often a 0-100 points export's mislabelled, whose 0 is a call failed on a fatal item
    (exports.md), said with a few of their rows and how to leave them out if 0 means not scored there."""
    zero = (grp["score"] == 0).to_numpy()
    if not zero.any():
        return
    cells = cells_of(zero, grp["score"], grp["row"], said.tabs, said.sheet)
    issues.add(Code.SCALE_UNCLEAR, cells[0][0], cells[0][1], "score", said.crit,  # (on the first 0's row)
               f'{said.where}, "{said.crit}": {count(len(cells), "score")} of 0 on the scale 1-100 {source} '
               f"({rows_named(cells, said.tabs)}); read as 0 points out of 100 "
               "and counted (a 1-100 scale is most often a 0-100 export's, whose 0 is a call failed on a fatal item).",
               'If 0 means "not scored" on your QA platform, type a reason (e.g. "0 = not graded") in Exclude on those '
               "rows of the Scores sheet: they are then not counted; else nothing to do.")


def fractions_under(grp: pd.DataFrame, detected: tuple[float | None, str], scale: tuple[tuple[float, float], str],
                    said: Said, issues: Issues) -> tuple[str, str] | None:
    """How a column is read whose header states a scale above 1 (``scale``: (bottom, top) and the header) but whose
    numbers are all fractions of 1 (cells formatted 80 %, stored 0.8), one at least between 0 and 1 (0s and 1s are
    points on the header's scale): as fractions, as under ``Score (%)``, the contradiction said; None when they are
    not (``detected``: :func:`~coachlog_xl.core.scales.detect`'s reading), some between 0 and 1 beside scores above
    1 said by row.  Returns how the scores are read and what to do if that is wrong: the header's scale, which
    overrides Settings' Score scale, is what to change.  ``said``: how messages name the column (:class:`Said`)."""
    (bottom, top), head = scale
    where, crit, sheet, tabs, _ = said
    v = grp["score"].to_numpy(dtype=float)
    part = (v > 0) & (v < 1)
    if not part.any():
        return None
    fix = (f"Nothing to do if they are percents; if they are points out of {top:g}, {retyped(head, said)}, "
           f"and set Score scale on Settings to {bottom:g}-{top:g}.")
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
                         said: Said, issues: Issues) -> None:
    """A scale-unclear warning, on the row of the first 1, for a column of only 0s and 1s (one 1 at least) under a
    header stating a scale above :data:`HALVES` (``Score (0-100)``): a pass/fail export's, whose 1 is a pass (100),
    or 0 and 1 points?  Read as the header says, points; on a shorter scale (``Score (0-5)``: 0 and 20) they are
    points, not said.  ``scale`` and ``said`` as :func:`fractions_under` takes them."""
    (bottom, top), head = scale
    where, crit, sheet, tabs, _ = said
    v = grp["score"].to_numpy(dtype=float)
    ones = v == 1
    if top <= HALVES or not ones.any() or not (ones | (v == 0)).all():
        return
    cells = cells_of(ones, grp["score"], grp["row"], tabs, sheet)
    issues.add(Code.SCALE_UNCLEAR, cells[0][0], cells[0][1], "score", crit,
               f'{where}, "{crit}": all {count(len(v), "score")} are 0 or 1 (the 1s: {rows_named(cells, tabs)}); all '
               f'are read as points on the scale {bottom:g}-{top:g} its header "{head}" states (1 as {100 / top:g} on '
               "0-100).",
               f"If they are pass/fail (1 = pass), {retyped(head, said)}, with Score scale on Settings auto: 0s "
               "and 1s are then read as absent/present (0 and 100); else nothing to do.")


def rows_named(cells: list[tuple], tabs: pd.Series | None, total: int | None = None) -> str:
    """``rows 3, 4``: the rows of the scores :func:`~.ratingstrays.cells_of` gives, each with its sheet over an
    export's tabs (``Week 1 row 3, Week 2 row 4``), not their values (all alike); ``total``: how many scores there
    are, where ``cells`` holds only the first of them."""
    shown = [str(row) if tabs is None else f"{on} row {row}" for on, row, _ in cells[:5]]
    total = len(cells) if total is None else total
    head = ("row " if total == 1 else "rows ") if tabs is None else ""
    return head + ", ".join(shown) + (f" and {total - 5} more" if total > 5 else "")


def far_under(grp: pd.DataFrame, scale: tuple[float, float], head: str, limit: float) -> dict:
    """Row -> (value, how the problem names it, why, fix), as :func:`~.wording.score_outside` gives them, of each
    number of a column read on the scale its header states (``scale``: (bottom, top); ``head``: the header) whose
    score on 0-100 is beyond ``limit`` points either way: said as its cell holds it (``score 300, on the scale 1-5
    its header "Opening (1-5)" states 6000 on 0-100``), not as the number the header's scale made of it."""
    bottom, top = scale
    v = grp["score"].to_numpy(dtype=float)
    far = abs(v * (100.0 / top)) > limit
    return {i: (cell,
                f'score {cell:g}, on the scale {bottom:g}-{top:g} its header "{head}" states {cell * 100 / top:g} '
                "on 0-100,", f"is the column on {bottom:g}-{top:g}?",
                f'Correct the score, or the scale in the header "{head}"; or type a reason in Exclude.')
            for i, cell in zip(grp.index[far].tolist(), v[far].tolist())}


def resolved(headed: dict, resolve: Callable[[str], str | None], issues: Issues, rows: pd.DataFrame) -> dict:
    """``headed`` (see :func:`~coachlog_xl.core.scales.put_on_scale`) with each wide paste's criterion as the Criteria
    sheet names it (``resolve``; a name it does not know as written).  Two columns of one paste that name one
    criterion (``EMP (1-5)`` and ``Empathy (1-10)``) but state different scales are each read on their own: the
    second column's rows (``rows``, their criteria as written, before the names are resolved) are given a paste of
    their own (``paste``, changed in place), with its scale; said (a scale-unclear warning naming both headers),
    not one scale put over the other."""
    out: dict = {}
    for key, (on, head) in headed.items():
        at = (*key[:2], resolve(key[2]) or key[2], *key[3:]) if len(key) > 2 else key
        if at in out and out[at][0] != on:
            issues.add(Code.SCALE_UNCLEAR, key[0], None, "score", at[2],
                       f'{key[0]}: the columns "{out[at][1]}" and "{head}" are both criterion "{at[2]}" but state '
                       f"different scales ({out[at][0][0]:g}-{out[at][0][1]:g}, {on[0]:g}-{on[1]:g}); each is read "
                       "on its own.",
                       "Nothing to do if that is right; else give the columns one scale, or name them two criteria on "
                       "the Criteria sheet.")
            apart = ((rows["sheet"] == key[0]) & (rows["paste"] == key[1]) & (rows["criterion"] == key[2])).to_numpy()
            at = (key[0], int(rows["paste"].max()) + 1, at[2])
            rows.loc[apart, "paste"] = at[1]
        out[at] = (on, head)
    return out
