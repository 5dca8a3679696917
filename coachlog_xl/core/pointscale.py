"""A quiz question's points with no column of their maximum (a form's ``Points - Greeting`` alone, or ``Greeting -
Points``): read on the scale any score column of theirs is read on (the scale detected, the rating another paste
gives the criterion, the Settings scale; no maximum is guessed for them), except that a 0 among them is a score of
0, never "not scored" as on a rating from 1 (domain.md, "Exact rules: Scores": points earned over points possible).
Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

import re

POINTS_HEAD = re.compile(r"^\s*points\s+-\s+\S|\s+-\s+points\s*$", re.I)
POINTS = "points"  # the last part of a ``headed`` key (sheet, paste, criterion, POINTS) of such a column


def points_columns(sheet: str, heads_of: dict) -> dict[tuple, tuple[None, str]]:
    """(sheet, paste, criterion as written, :data:`POINTS`) -> (None, header) of each wide paste's criterion column
    headed as points (``heads_of``: per paste, its ``columns``, criterion -> (header, criterion named))."""
    return {(sheet, paste, crit, POINTS): (None, head) for paste, h in heads_of.items()
            for crit, (head, _) in h.get("columns", {}).items() if POINTS_HEAD.search(head)}


def zeros_as_scores(what: str, head: str, n: int) -> str:
    """How a points column holding ``n`` zeros on a rating from 1 is read (``what``: its scale), its 0s scores of 0."""
    return f'{what}, its {"0" if n == 1 else f"{n} zeros"} 0 points ("{head}" gives points: a 0 is a score of 0)'
