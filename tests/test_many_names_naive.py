"""A paste with thousands of reps on no list, or tens of thousands of conflicts: the same Checks rows, in the same
order and words, as the naive way (``benchmarks/messy_scale.py``: the code before, going through every spelling for
each name, and grouping the rows name by name and call by call)."""

from __future__ import annotations

import random

import pandas as pd

from benchmarks.messy_scale import (
    conflict_paste,
    conflicts_checked,
    naive_hints,
    naive_merge_evaluators,
    naive_resolve_names,
    names_checked,
    roster,
    unknown_names,
    unknown_paste,
)
from coachlog_xl.core.checks import Code
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.names import resolve_names
from coachlog_xl.core.repeats import merge_evaluators


def _misspelt(name: str, rng: random.Random) -> str:
    """A name as a person may type it: a letter left out, doubled or changed, the accents left off, the words the
    other way round, a word or an id added, or another case."""
    how = rng.randrange(7)
    at = rng.randrange(len(name))
    if how == 0:
        return name[:at] + name[at + 1:]
    if how == 1:
        return name[:at] + name[at] + name[at:]
    if how == 2:
        return name[:at] + rng.choice("aeoxz1") + name[at + 1:]
    if how == 3:
        return name.replace("\u00e9", "e").replace("\u00fa", "u").replace("\u00f1", "n")
    if how == 4:
        return " ".join(reversed(name.split()))
    if how == 5:
        return f"{name} ({rng.choice(['E1001', 'QA', 'night shift'])})"
    return name.upper() if rng.random() < 0.5 else f"{name.split()[-1]}, {name.split()[0]}"


def test_hints_are_those_of_every_spelling_looked_at():
    # 3,000 names near the roster's (and strangers) against a Reps sheet of 300 and the Criteria sheet:
    # each name's hints, and their order, as going through every spelling for it (Directory's: a rep written
    # "Name (ID)" adds the reps of its parts, tests/test_rep_name_and_id.py)
    rng = random.Random(5)
    reps, criteria = roster(300)
    for known in (reps, criteria):
        spellings = [*known.aliases.values(), "Empathy statement", "Closing", "Shared Alias"]
        names = [_misspelt(rng.choice(spellings), rng) for _ in range(1500)] + unknown_names(200, 300)
        assert [Directory.hints(known, n) for n in names] == [naive_hints(known, n) for n in names]
        assert sum(bool(known.hints(n)) for n in names) > 500  # (most names have a hint: the test says something)


def test_unknown_reps_checks_are_the_naive_ones():
    # 600 unknown spellings (near misses, accents left off, errors, several reps, an other name two reps give,
    # a total row, a sheet of unknown criteria, rows with a reason) beside a roster of 80
    paste = unknown_paste(600, 80)
    ours, naive = names_checked(resolve_names, paste, 80), names_checked(naive_resolve_names, paste, 80)
    assert len(ours[0]) > 450 and ours[1]  # (Checks rows, and the (rep, criterion, day) the hints hold back)
    assert ours[0] == naive[0] and ours[1] == naive[1]
    pd.testing.assert_frame_equal(ours[2], naive[2])


def test_conflict_checks_are_the_naive_ones():
    # 1,000 conflicts among exact repeats, calibrations, unnamed rows, ids with and without zeros, rounded ids,
    # a row's two score columns, wide rows and a conflict of 15 rows
    frame = conflict_paste(1000)
    ours, naive = conflicts_checked(merge_evaluators, frame), conflicts_checked(naive_merge_evaluators, frame)
    assert sum(i.code == Code.CONFLICT for i in ours[0]) > 900
    assert ours[0] == naive[0] and ours[1] == naive[1]
    pd.testing.assert_frame_equal(ours[2], naive[2])
