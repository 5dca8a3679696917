"""Two rows of the Reps or Criteria sheet whose names are near misses of each other (``Ana Lopez`` and
``Ana López``, accents alone; ``Ana Lopez`` and ``Ana Lopes``, one spelling mistake; ``Greeting`` and
``Greetings``; not ``Rep 001`` and ``Rep 002``, told apart by their numbers), as
:meth:`~coachlog_xl.core.names.Directory.near` tells a name not on the sheets from one that is. Both are matched
as written, so an export writing one person or criterion under both spellings splits its calls between the two
rows: a session of either takes only its own spelling's calls. Said in Checks (``near-miss-rows``, warning) and
not held back: both names are on the lists, and for two people or criteria the fix is to do nothing, which a
held baseline would never see (docs/rules.md, Reps and criteria)."""

from __future__ import annotations

import re

import numpy as np
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
            (schema.REPS, reps, "rep", "rep", rep_dir, RepDirectory),
            (schema.CRITERIA, criteria, "name", "criterion", crit_dir, Directory)):
        pairs = _pairs(rows[key], rows[ROW], directory, seen)
        scored = set(pd.unique(scores.loc[scores["exclude"] == "", column])) if pairs and len(scores) else set()
        for (was, was_row), (name, row) in pairs:
            issues.add(Code.NEAR_MISS_ROWS, sheet.name, row, sheet.column(key).header, name,
                       *_said(sheet.name, column, was, was_row, name, row, {was, name} <= scored))


def _pairs(names: pd.Series, rows: pd.Series, directory: Directory, kind: type[Directory]) -> list[tuple]:
    """Each (earlier name and row, later name and row) whose names are near misses (``kind``'s
    :meth:`~Directory.near`, over the earlier names): a name the sheet reads as another's (a version, an other
    name) or repeats is not one."""
    own: dict[str, tuple[str, int]] = {}  # a name of its own's key -> the name and its first row
    for name, row in zip(names, rows):
        name = coerce.text(name)
        if name and header_key(directory.resolve(name) or "") == header_key(name):
            own.setdefault(header_key(name), (name, int(row)))
    found = list(own.values())
    if len(found) < 2:
        return []
    near_key = kind().near_key
    keys, queries = _letters([header_key(n) for n, _ in found], [near_key(n) for n, _ in found])
    plain: dict[str, list[int]] = {}  # each key without its accents -> the names of it
    for i, (name, _) in enumerate(found):
        plain.setdefault(unaccented(near_key(name)), []).append(i)
    # names differing in their digits alone (``Rep 001`` and ``Rep 002``, ``Q1`` and ``Q10``, ``Jo Kim`` and ``Jo
    # Kim 2``) are told apart by their numbers, not one a spelling mistake of the other: never compared
    bare = pd.factorize(pd.Series([re.sub(r"\d", "", header_key(n)) for n, _ in found]))[0]
    numbers = pd.factorize(pd.Series([re.sub(r"\D", "", n) for n, _ in found]))[0]
    pairs = []
    for i, (name, row) in enumerate(found):
        # only the names that may be 0.8 alike (as quick_ratio bounds difflib's ratio: twice the letters shared
        # over both lengths), or alike without accents, are compared: 1,000 reps in 0.3 s, not 4.6
        shared = np.minimum(keys[:i], queries[i]).sum(axis=1)
        numbered = (bare[:i] == bare[i]) & (numbers[:i] != numbers[i])
        alike = np.flatnonzero((2 * shared >= 0.8 * (keys[:i].sum(axis=1) + queries[i].sum())) & ~numbered)
        seen = kind()
        unaccented_alike = (j for j in plain[unaccented(near_key(name))] if j < i and not numbered[j])
        for j in sorted({*alike.tolist(), *unaccented_alike}):
            seen.add(found[j][0])
        if seen.aliases and name not in seen:
            pairs += [((was, own[header_key(was)][1]), (name, row)) for was in seen.near(name)]
    return pairs


def _letters(keys: list[str], queries: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """How many of each letter (of all the texts') each key and each query holds."""
    letters = {c: k for k, c in enumerate(sorted({c for t in (*keys, *queries) for c in t}))}
    out = []
    for texts in (keys, queries):
        counts = np.zeros((len(texts), max(len(letters), 1)), dtype=np.int32)
        for i, t in enumerate(texts):
            for c in t:
                counts[i, letters[c]] += 1
        out.append(counts)
    return out[0], out[1]


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
