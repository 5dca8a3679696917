"""Two rows of the Reps or Criteria sheet whose names are near misses of each other (``Ana Lopez`` and
``Ana López``, accents alone; ``Ana Lopez`` and ``Ana Lopes``, one spelling mistake; ``Greeting`` and
``Greetings``), as :meth:`~coachlog_xl.core.names.Directory.near` tells a name not on the sheets from one
that is.  Both are matched as written, so an export writing one person or criterion under both spellings
splits its calls between the two rows: a session of either takes only its own spelling's calls.  Said in
Checks (``near-miss-rows``, warning) and not held back: both names are on the lists, and for two people
or criteria the fix is to do nothing, which a held baseline would never see (docs/rules.md, Reps and
criteria)."""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, header_key, unaccented
from coachlog_xl.core.names import Directory, RepDirectory


def near_rows(reps: pd.DataFrame, criteria: pd.DataFrame, rep_dir: Directory, crit_dir: Directory,
              scores: pd.DataFrame, issues: Issues) -> None:
    """A warning for each later Reps row (``reps`` by schema) whose Rep is a near miss of an earlier row's,
    and each Criteria row (``criteria``) whose criterion is one of an earlier criterion's; ``scores``: the
    Scores rows read (names resolved), to say where both spellings have scored calls."""
    for sheet, rows, key, column, directory, seen in (
            (schema.REPS, reps, "rep", "rep", rep_dir, RepDirectory()),
            (schema.CRITERIA, criteria, "name", "criterion", crit_dir, Directory())):
        pairs = _pairs(rows[key], rows[ROW], directory, seen)
        scored = set(pd.unique(scores.loc[scores["exclude"] == "", column])) if pairs and len(scores) else set()
        for (was, was_row), (name, row) in pairs:
            issues.add(Code.NEAR_MISS_ROWS, sheet.name, row, sheet.column(key).header, name,
                       *_said(sheet.name, column, was, was_row, name, row, {was, name} <= scored))


def _pairs(names: pd.Series, rows: pd.Series, directory: Directory, seen: Directory) -> list[tuple]:
    """Each (earlier name and row, later name and row) whose names are near misses: a name the sheet reads as
    another's (a version, an other name) or repeats is not one."""
    first: dict[str, int] = {}  # a name of its own -> its first row
    pairs = []
    for name, row in zip(names, rows):
        name = coerce.text(name)
        if not name or header_key(directory.resolve(name) or "") != header_key(name) or name in seen:
            continue
        pairs += [((was, first[was]), (name, int(row))) for was in seen.near(name)]
        first[name] = int(row)
        seen.add(name)
    return pairs


def _said(sheet: str, column: str, was: str, was_row: int, name: str, row: int, both_scored: bool) -> tuple:
    """The problem and its fix."""
    how = ("differ only by their accents" if unaccented(header_key(was)) == unaccented(header_key(name))
           else "are one spelling mistake apart")
    problem = (f'{sheet} rows {was_row} and {row}: "{was}" and "{name}" {how}, and each row counts only the scores '
               "written its own way.")
    if both_scored:
        problem += (" Scores hold calls under both, so a session of either takes only that spelling's calls into "
                    "its baseline and follow-up (and a baseline recorded so keeps them).")
    if column == "rep":
        fix = (f'If they are one person, delete row {row} and type "{name}" among {was}\'s Other names (then clear '
               "the Baseline mean, Baseline n and Baseline recorded on of their sessions recorded since, for the next "
               "refresh to record them from all the calls); if they are two people, nothing to do.")
    else:
        fix = (f'If they are one criterion, type row {was_row}\'s Criterion ID on row {row} with a Version of its own '
               f'(Effective from blank when the definition did not change): "{name}" is then read as "{was}" (then '
               "clear the baseline cells of their sessions recorded since, as for a rep); if they are two "
               "criteria, nothing to do.")
    return problem, fix
