"""A quiz's ``Points - X`` with no column of its maximum: points, a 0 a score of 0 (never "not scored" as on a
rating from 1), out of the rating another paste gives the criterion, else the column's largest value; the guess
said in Checks."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records

# 2. a quiz's points with no column of their maximum: a 0 is 0 points, the maximum guessed and said

def test_a_quiz_points_column_alone_reads_its_zero_as_a_score_on_its_largest_value(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, "Agent,Call ID,Date of call,Points - Greeting\n"
                    "Ann Lee,C1,3/1/2026,5\nAnn Lee,C2,3/2/2026,0\nAnn Lee,C3,3/3/2026,4\n"
                    "Ann Lee,C4,3/4/2026,3\nAnn Lee,C5,3/5/2026,5\n")
    assert "read as \"not scored\"" not in out
    assert '"Points - Greeting" gives points with no column of their maximum; read as points out of 5, the ' \
        "largest of them (a 0 is 0 points), a maximum guessed." in out
    assert checks_of(book, Code.ZERO_NOT_SCORED) == []
    assert any("a maximum guessed" in c["Problem"] for c in checks_of(book, Code.SCALE_UNCLEAR))
    base = records(book, "Baseline")[0]
    # points out of 5, the largest: 5, 0, 4, 3, 5 -> 100, 0, 80, 60, 100; (100+0+80+60+100) / 5 = 68, C2 counted
    assert (base["Baseline n"], base["Calls"]) == (5, "C1, C2, C3, C4, C5")
    assert base["Baseline mean"] == pytest.approx(68.0)


def test_a_quiz_points_column_alone_takes_the_rating_another_paste_gives_its_criterion(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, "Agent,Call ID,Date of call,Criterion,Score\n"
              "Ann Lee,R1,2/1/2026,Greeting,5\nAnn Lee,R2,2/2/2026,Greeting,4\nAnn Lee,R3,2/3/2026,Greeting,4\n"
              "Ann Lee,R4,2/4/2026,Greeting,3\nAnn Lee,R5,2/5/2026,Greeting,5\n", name="ratings.csv")
    imported(tmp_path, book, "Agent,Call ID,Date of call,Points - Greeting\n"
              "Ann Lee,P1,3/1/2026,0\nAnn Lee,P2,3/2/2026,2\nAnn Lee,P3,3/3/2026,3\nAnn Lee,P4,3/4/2026,4\n")
    guessed = [c["Problem"] for c in checks_of(book, Code.SCALE_UNCLEAR) if "a maximum guessed" in c["Problem"]]
    assert len(guessed) == 1 and "points out of 5, the top of the 1-5 rating" in guessed[0]
    base = records(book, "Baseline")[0]
    # the ratings, 1-5: 5, 4, 4, 3, 5 -> 100, 80, 80, 60, 100 (420); the points out of 5, that rating's top (not 4,
    # their largest): 0, 2, 3, 4 -> 0, 40, 60, 80 (180), the 0 a score; (420 + 180) / 9 (recomputed: the first
    # refresh, after the ratings alone, recorded the baseline of those for good)
    assert (base["Recomputed n"], base["Calls"]) == (9, "R1, R2, R3, R4, R5, P1, P2, P3, P4")
    assert base["Recomputed mean"] == pytest.approx(600 / 9)
