"""The name a criterion is shown under when a later version rewords it.

A later Criteria row of a Criterion ID under another name is a new version of that criterion
(:func:`~coachlog_xl.core.names.criterion_directory`): its scores and sessions under either name are one
criterion, matched under the first row's name.  Shown, it takes the name of its newest version in force
on the as-of date (the latest Effective from on or before it; a row without one is in force from the
start), which is the name the team uses now and the Log's new rows target: on Follow-up, Baseline and
Aggregate alike (by criterion, and per evaluator).  Only the shown name changes, once every figure is
computed: the matching name stays the first row's, so the same Scores read under any as-of date.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import ROW, header_key
from coachlog_xl.core.names import Directory


def names_in_force(criteria: pd.DataFrame, directory: Directory, as_of: dt.date, date_order: str) -> dict[str, str]:
    """Each criterion (as ``directory`` names it) whose newest version in force on ``as_of`` is named otherwise
    -> that name (``criteria`` by schema; ``date_order``: how a text Effective from is read)."""
    newest: dict[str, tuple] = {}  # criterion -> (Effective from, row, name) of its newest version in force
    for name, effective, row in zip(criteria["name"], criteria["effective"], criteria[ROW]):
        text = coerce.text(name)
        criterion = directory.resolve(text) if text else None
        try:
            day = coerce.day(effective, date_order) or dt.date.min
        except coerce.Unreadable:  # (Checks names the date; the row's name is not taken)
            continue
        if criterion is not None and day <= as_of:
            newest[criterion] = max(newest.get(criterion, (day, row, text)), (day, row, text))
    return {c: text for c, (_, _, text) in newest.items() if header_key(text) != header_key(c)}


def shown(names: dict[str, str], *frames: pd.DataFrame | None) -> None:
    """Each of ``frames`` (None or with a ``criterion`` column) with its criteria under their :func:`names_in_force`
    ``names``, in place."""
    for frame in frames:
        if names and frame is not None and "criterion" in frame.columns and len(frame):
            frame["criterion"] = [names.get(c, c) if isinstance(c, str) else c for c in frame["criterion"].tolist()]
