"""Two rows of the Reps or Criteria sheet whose names differ by their accents alone (``Ana Lopez`` and ``Ana
López``, ``Resume check`` and ``Résumé check``): one person or criterion typed twice, as an export written with
or without accents splits its calls between the two rows (a session of either takes only its own spelling's
calls).  Said in Checks (``near-miss-rows``, warning) and not held back: both names are on the lists.  Names
further apart (a letter more or less, another initial, a number: ``Jo Kim`` and ``Jon Kim``, ``A. Smith`` and
``B. Smith``, ``Hold`` and ``Holds``, ``Rep 001`` and ``Rep 002``) are two people or criteria as often as not,
and the warning, whose fix for two is to do nothing, would stay for good: they are not named (docs/rules.md,
Reps and criteria)."""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.criterionnames import typed_among
from coachlog_xl.core.inputs import ROW, header_key, unaccented
from coachlog_xl.core.names import Directory


def near_rows(reps: pd.DataFrame, criteria: pd.DataFrame, rep_dir: Directory, crit_dir: Directory,
              scores: pd.DataFrame, issues: Issues) -> None:
    """A warning for each later Reps row (``reps`` by schema) whose Rep differs from an earlier row's by its
    accents alone, and each Criteria row (``criteria``) whose criterion so differs from an earlier criterion;
    ``scores``: the Scores rows read (names resolved), to say where both spellings have scored calls."""
    for sheet, rows, key, column, directory in ((schema.REPS, reps, "rep", "rep", rep_dir),
                                                (schema.CRITERIA, criteria, "name", "criterion", crit_dir)):
        pairs = _pairs(rows[key], rows[ROW], directory)
        scored = set(pd.unique(scores.loc[scores["exclude"] == "", column])) if pairs and len(scores) else set()
        for (was, was_row), (name, row) in pairs:
            problem, fix = _said(sheet.name, column, was, was_row, name, row, {was, name} <= scored)
            # (its fix types the name without a semicolon already: where_typed is given it so, not to say so twice)
            fix = directory.where_typed(typed_among(name), fix) if column == "criterion" else fix
            issues.add(Code.NEAR_MISS_ROWS, sheet.name, row, sheet.column(key).header, name, problem, fix)


def _pairs(names: pd.Series, rows: pd.Series, directory: Directory) -> list[tuple]:
    """Each (first name and row, later name and row) whose names differ by their accents alone (``directory``'s
    spelling key, without accents): a name the sheet reads as another's (a version, an other name) or repeats
    is not one."""
    own: dict[str, tuple[str, int]] = {}  # a name of its own's key -> the name and its first row
    for name, row in zip(names, rows):
        name = coerce.text(name)
        if name and header_key(directory.resolve(name) or "") == header_key(name):
            own.setdefault(header_key(name), (name, int(row)))
    plain: dict[str, list[tuple[str, int]]] = {}  # each key without its accents -> its names and rows
    for name, row in own.values():
        plain.setdefault(unaccented(directory.near_key(name)), []).append((name, row))
    return [(spelt[0], later) for spelt in plain.values() for later in spelt[1:]]


def _said(sheet: str, column: str, was: str, was_row: int, name: str, row: int, both_scored: bool) -> tuple:
    """The problem and its fix."""
    problem = (f'{sheet} rows {was_row} and {row}: "{was}" and "{name}" differ only by their accents, and each row '
               "counts only the scores written its own way.")
    if both_scored:
        problem += (" Scores hold calls under both, so a session of either takes only that spelling's calls into "
                    "its baseline and follow-up (and a baseline recorded so keeps them).")
    if column == "rep":
        fix = (f'If they are one person, delete row {row} and type "{name}" among {was}\'s Other names (then clear '
               "the Baseline mean, Baseline n and Baseline recorded on of their sessions recorded since, for the next "
               "refresh to record them from all the calls); if they are two people, nothing to do.")
    else:
        fix = (f'If they are one criterion, delete row {row} and type "{typed_among(name)}" among {was}\'s Other names '
               "(then clear the baseline cells of their sessions recorded since, as for a rep); if they are two "
               "criteria, nothing to do.")
    return problem, fix
