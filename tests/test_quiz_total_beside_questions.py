"""A Google Forms quiz's ``Score`` column (``17 / 20``, the form's total of each response) beside a column per
question: the evaluation's overall score, named as such, never read as a criterion's score nor dropped unsaid."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records

# 1. a Google Forms quiz's Score, the form's total of each response, beside a column per question

_QUIZ = ("Timestamp,Score,Agent,Call ID,Date of call,Greeting,Resolution\n"
         "3/2/2026 10:00:00,17 / 20,Ann Lee,C1,3/1/2026,4,5\n"
         "3/3/2026 10:00:00,12 / 20,Ann Lee,C2,3/2/2026,2,4\n"
         "3/4/2026 10:00:00,20 / 20,Ann Lee,C3,3/3/2026,5,5\n"
         "3/5/2026 10:00:00,20 / 20,Ann Lee,C4,3/4/2026,5,5\n"
         "3/6/2026 10:00:00,16 / 20,Ann Lee,C5,3/5/2026,3,5\n")


def test_a_forms_quiz_score_beside_a_column_per_question_is_named_the_overall_score_not_read(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, _QUIZ)
    assert "score <- Score" not in out
    assert "columns kept but not used: Score" in out
    assert '"Score" (17 / 20 on row 2) is each call\'s overall score beside a column per criterion' in out
    assert "criterion columns: Greeting, Resolution." in out
    said = [c for c in checks_of(book, Code.LAYOUT_NOTE) if c["Value"] == "Score"]
    assert len(said) == 1 and "overall score" in said[0]["Problem"]
    base = records(book, "Baseline")[0]
    # Greeting's own column, a 1-5 rating: 4, 2, 5, 5, 3 -> 80, 40, 100, 100, 60; (80+40+100+100+60) / 5 = 76
    # (the totals 17/20 = 85, 12/20 = 60... would give another mean: no criterion gets them)
    assert (base["Baseline n"], base["Calls"]) == (5, "C1, C2, C3, C4, C5")
    assert base["Baseline mean"] == pytest.approx(76.0)
