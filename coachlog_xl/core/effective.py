"""The dates each criterion's versions took effect (the Criteria sheet's Effective from), for condition 2 of a
valid comparison (domain.md, Exact rules: Conditions): a version taking effect between the windows' first and last
call is a definition change.  A text date is read in the Settings date order, and one that reads as another real
date in the other order is named with both readings, as a Log Session date is (``ambiguous-effective-date``); a
blank row between criteria is no criterion."""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import Config
from coachlog_xl.core.dateorder import other_reading, two_readings
from coachlog_xl.core.frames import records
from coachlog_xl.core.names import Directory

CRITERIA, FIELD = schema.CRITERIA.name, schema.CRITERIA.column("effective").header


def effective_dates(criteria: pd.DataFrame, crit_dir: Directory, cfg: Config, issues: Issues) -> dict:
    """Per criterion (as ``crit_dir`` names it), the Effective from dates of its rows (``criteria`` by schema), NaT
    for one typed but not read (a change may fall anywhere); ``issues`` says what could not be read, what reads two
    ways, and a further version without its date."""
    out: dict[str, list[pd.Timestamp]] = {}
    listed: set[str] = set()
    for rec in records(criteria):
        name, row = crit_dir.resolve(coerce.text(rec["name"]) or coerce.text(rec["criterion_id"])), rec["_row"]
        try:
            eff = coerce.day(rec["effective"], cfg.date_order)
        except coerce.Unreadable as exc:
            issues.add(Code.UNREADABLE_DATE, CRITERIA, row, FIELD, rec["effective"],
                       f"Criteria row {row}: Effective from {exc}.", "Type the date the version took effect.")
            if name:  # a date typed but not read: a change may fall anywhere (definition_unchanged says unknown)
                out.setdefault(name, []).append(pd.NaT)
            continue
        if eff is not None:
            _two_ways(rec["effective"], eff, row, cfg.date_order, issues)
        if name is None:  # a blank row (or one naming no criterion): no version of anything
            continue
        if eff is not None:
            out.setdefault(name, []).append(pd.Timestamp(eff))
        elif name in listed:  # a later version of a criterion listed above, without its date
            issues.add(Code.UNDATED_VERSION, CRITERIA, row, FIELD, None,
                       f'Criteria row {row}: a further version of "{name}" without an Effective from date: '
                       "no session is seen as spanning a change of its definition.",
                       "Type the date the version took effect (or delete the row if the definition did not change).")
        listed.add(name)
    return out


def _two_ways(value, day, row: int, order: str, issues: Issues) -> None:
    """A warning for an Effective from typed as text that reads as another real date in the other date order."""
    if (read := other_reading(value, day, order)) is None:
        return
    how, typed = two_readings(order, day, *read)
    issues.add(
        Code.AMBIGUOUS_EFFECTIVE_DATE, CRITERIA, row, FIELD, value,
        f'Criteria row {row}: Effective from "{value.strip()}" is text, {how}, and which sessions span the '
        "definition change depends on it.", f"Type the date {typed}.")
