"""A graded scale's words that rank above and below each other in one column (Exceeds beside Meets): how many points
each is worth cannot be told, so each is an unreadable score that holds the baseline, never Exceeds = Meets = 100."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records


def _long(words: list[str]) -> str:
    return "Agent,Call ID,Date of call,Criterion,Score\n" + "".join(
        f"Ann Lee,C{i},3/{i}/2026,Greeting,{w}\n" for i, w in enumerate(words, 1))


def test_exceeds_meets_below_in_one_column_are_unreadable_and_hold_the_baseline(tmp_path):
    book = session_book(tmp_path)
    words = ["Meets Expectations", "Below Expectations", "Exceeds Expectations", "Meets Expectations",
             "Exceeds Expectations", "Meets Expectations"]
    out = imported(tmp_path, book, _long(words), code=1)
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    # every one of the six cells (Scores rows 2-7) is refused, Exceeds and Meets alike: not 100 and 100
    assert [(c["Row"], c["Value"]) for c in bad] == [(i + 2, w) for i, w in enumerate(words)]
    assert "Exceeds 3/3, Meets 2/3, Below 1/3" in bad[0]["How to fix"]
    assert "Meets Expectations = 100" not in out
    base = records(book, "Baseline")[0]
    assert base["Recomputed n"] == 0
    assert base["Recorded on"] is None


def test_the_four_levels_exceeds_meets_needs_improvement_unsatisfactory_are_all_unreadable(tmp_path):
    book = session_book(tmp_path)
    words = ["Exceeds", "Meets", "Needs Improvement", "Unsatisfactory", "Meets", "Yes"]
    imported(tmp_path, book, _long(words), code=1)
    # Exceeds and Meets (rows 2, 3, 6) refused beside each other, as Needs Improvement and Unsatisfactory (rows 4, 5)
    # already were; the Yes (row 7) is full marks on any scale: 100, the one call counted
    assert sorted(c["Row"] for c in checks_of(book, Code.UNREADABLE_SCORE)) == [2, 3, 4, 5, 6]
    base = records(book, "Baseline")[0]
    assert (base["Recomputed n"], base["Calls"]) == (1, "C6")
    assert base["Recomputed mean"] == pytest.approx(100.0)
    assert base["Recorded on"] is None


def test_exceeds_in_another_criterions_column_leaves_meets_and_does_not_meet_read(tmp_path):
    book = session_book(tmp_path)
    text = _long(["Meets", "Does not meet", "Meets", "Meets expectations"]) + \
        "Ann Lee,R1,3/1/2026,Resolution,Exceeds\nAnn Lee,R2,3/2/2026,Resolution,Meets\n"
    imported(tmp_path, book, text, code=1)
    # only Resolution's column holds Exceeds beside Meets (rows 6, 7); Greeting's Meets / Does not meet, a pass and a
    # fail, stay 100 and 0: (100 + 0 + 100 + 100) / 4 = 75, recorded
    assert sorted(c["Row"] for c in checks_of(book, Code.UNREADABLE_SCORE)) == [6, 7]
    base = records(book, "Baseline")[0]
    assert base["Baseline n"] == 4
    assert base["Baseline mean"] == pytest.approx(75.0)

