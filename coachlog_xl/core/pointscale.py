"""A quiz question's points with no column of their maximum (a form's ``Points - Greeting`` alone, or ``Greeting -
Points``): points, whose 0 is a score of 0, never "not scored" as on a rating from 1 (domain.md, "Exact rules:
Scores": points earned over points possible).  Their maximum is guessed, and said: the top of the rating another
paste gives the criterion where every point fits under it, else the column's largest value.
Used by :func:`coachlog_xl.core.scales.put_on_scale`; a header stating the scale (``Points - Greeting (0-10)``), a
maximum column or "Score scale" on Settings decides it instead."""

from __future__ import annotations

import re

import pandas as pd

from coachlog_xl.core.checks import Code, Issues

POINTS_HEAD = re.compile(r"^\s*points\s+-\s+\S|\s+-\s+points\s*$", re.I)
POINTS = "points"  # the last part of a ``headed`` key (sheet, paste, criterion, POINTS) of such a column


def points_columns(sheet: str, heads_of: dict) -> dict[tuple, tuple[None, str]]:
    """(sheet, paste, criterion as written, :data:`POINTS`) -> (None, header) of each wide paste's criterion column
    headed as points (``heads_of``: per paste, its ``columns``, criterion -> (header, criterion named))."""
    return {(sheet, paste, crit, POINTS): (None, head) for paste, h in heads_of.items()
            for crit, (head, _) in h.get("columns", {}).items() if POINTS_HEAD.search(head)}


def guessed_top(values: pd.Series, rated: dict[float, str], own: str) -> tuple[float, str] | None:
    """(top, what it is) of a points column with no maximum (``values``: its plain numbers): the least top of a
    rating another paste than ``own`` gives the criterion (``rated``: top -> the paste) at or above every value, else
    its largest value; None where no value is above 0 or one is below it (nothing to guess from)."""
    v = values.dropna()
    if not len(v) or v.max() <= 0 or (v < 0).any():
        return None
    largest = float(v.max())
    known = sorted((t, by) for t, by in rated.items() if by != own and largest <= t)
    if known:
        top, by = known[0]
        return float(top), f"points out of {top:g}, the top of the 1-{top:g} rating {by} gives the criterion"
    return largest, f"points out of {largest:g}, the largest of them"


def say_guessed(issues: Issues, sheet: str, where: str, crit: str, head: str, what: str) -> None:
    """A warning that a points column's maximum was guessed (:func:`guessed_top`), said once per paste and criterion."""
    issues.add(Code.SCALE_UNCLEAR, sheet, None, "score", crit,
               f'{where}, "{crit}": "{head}" gives points with no column of their maximum; read as {what} (a 0 is 0 '
               "points), a maximum guessed.",
               f'If the question\'s maximum is another, add a column "{crit} - Max Points" holding it beside the '
               f'points, or state it in the header ("{head} (0-10)"), or set Score scale on Settings.')
