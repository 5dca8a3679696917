"""A graded scale's word (``Meets``, ``Partially meets``) among a column's 1-5 ratings: where it stands on the rating
cannot be told, so it is an unreadable score, said, not a full mark; a yes stays full marks."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records

# 3. a graded scale's word among 1-5 ratings: not placed on the rating on a guess, said

@pytest.mark.parametrize("word", ["Meets", "Partially meets", "Exceeds expectations"])
def test_a_graded_word_among_ratings_is_an_unreadable_score_not_a_full_mark(tmp_path, word):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, "Agent,Call ID,Date of call,Criterion,Score\n"
                    f"Ann Lee,C1,3/1/2026,Greeting,4\nAnn Lee,C2,3/2/2026,Greeting,{word}\n"
                    "Ann Lee,C3,3/3/2026,Greeting,3\nAnn Lee,C4,3/4/2026,Greeting,5\n"
                    "Ann Lee,C5,3/5/2026,Greeting,2\nAnn Lee,C6,3/6/2026,Greeting,4\n", code=1)
    assert f'"Greeting": the words of a graded scale ({word}; 1 score: row 3) stand among its 1-5 ratings' in out
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert [(c["Row"], c["Value"]) for c in bad] == [(3, word)]
    base = records(book, "Baseline")[0]
    # the ratings 4, 3, 5, 2, 4 -> 80, 60, 100, 40, 80: (80+60+100+40+80) / 5 = 72, C2 not counted; and the baseline
    # waits (an unreadable score of the session's rep and criterion before it)
    assert (base["Recomputed n"], base["Calls"]) == (5, "C1, C3, C4, C5, C6")
    assert base["Recomputed mean"] == pytest.approx(72.0)
    assert base["Recorded on"] is None


def test_a_yes_among_ratings_stays_full_marks(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, "Agent,Call ID,Date of call,Criterion,Score\n"
              "Ann Lee,C1,3/1/2026,Greeting,4\nAnn Lee,C2,3/2/2026,Greeting,Yes\n"
              "Ann Lee,C3,3/3/2026,Greeting,3\nAnn Lee,C4,3/4/2026,Greeting,5\n"
              "Ann Lee,C5,3/5/2026,Greeting,2\nAnn Lee,C6,3/6/2026,Greeting,4\n")
    assert checks_of(book, Code.UNREADABLE_SCORE) == []
    base = records(book, "Baseline")[0]
    # Yes is full marks on any scale, 100: (80+100+60+100+40+80) / 6 = 460 / 6
    assert base["Baseline n"] == 6
    assert base["Baseline mean"] == pytest.approx(460 / 6)


def test_a_refused_graded_word_is_not_said_read_in_the_words_note(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, "Agent,Call ID,Date of call,Criterion,Score\n"
                   "Ann Lee,C1,3/1/2026,Greeting,4\nAnn Lee,C2,3/2/2026,Greeting,Meets\n"
                   "Ann Lee,C3,3/3/2026,Greeting,3\nAnn Lee,C4,3/4/2026,Greeting,5\n"
                   "Ann Lee,C5,3/5/2026,Greeting,2\nAnn Lee,C6,3/6/2026,Greeting,4\n", code=1)
    # the one word, Meets, is refused (an error): no note says a score was read from a word
    assert "written as words" not in out
    assert not [c for c in checks_of(book, Code.SCALE_CONVERTED) if "written as words" in c["Problem"]]


def test_the_words_note_counts_the_yes_only_when_meets_is_refused_beside_ratings_and_beside_points(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, "Agent,Call ID,Date of call,Criterion,Score\n"
                   + "".join(f"Ann Lee,C{i},3/{i}/2026,Greeting,{v}\n"
                             for i, v in enumerate([4, "Meets", 3, "Yes", 5, 2, 4, 1, 3, 5], 1))
                   + "Ann Lee,R1,3/1/2026,Resolution,Meets\nAnn Lee,R2,3/2/2026,Resolution,80\n"
                   "Ann Lee,R3,3/3/2026,Resolution,Meets\n", code=1)
    # Greeting's Meets (row 3) is refused among its 1-5 ratings, its Yes read (100); Resolution's two Meets (rows 12,
    # 14) beside a score typed as a number (80) in their own column are refused too (Meets with no Does not meet is
    # no pass and fail: beside 80 it may be 2 of 3 or the middle of a rating): 1 word read, the Yes
    said = [c["Problem"] for c in checks_of(book, Code.SCALE_CONVERTED) if "written as words" in c["Problem"]]
    assert said == ["Scores form: 1 score written as words read on 0-100 (Yes = 100)."]
    assert "form.csv: 1 score written as words read on 0-100 (Yes = 100)." in out
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert [c["Row"] for c in bad] == [3, 12]
    assert "2 scores: rows 12, 14" in bad[1]["Problem"]
