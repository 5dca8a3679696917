"""A quiz's ``Points - X`` with no column of its maximum: read on the scale it would be read on as any score column
(detected, the rating another paste gives the criterion, the Settings scale), no maximum guessed, except that a 0 in
it is a score of 0, never "not scored" as on a rating from 1; the import says what the refresh reads."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records

POINTS = "Agent,Call ID,Date of call,Points - Greeting\n"
RATINGS = "Agent,Call ID,Date of call,Criterion,Score\n"


def _rows(prefix: str, month: int, values, criterion: str = "") -> str:
    return "".join(f"Ann Lee,{prefix}{i},{month}/{i}/2026,{criterion}{v}\n" for i, v in enumerate(values, 1))


def _converted(book) -> list[str]:
    return [c["Problem"] for c in checks_of(book, Code.SCALE_CONVERTED)]


def test_a_quiz_points_column_alone_is_read_on_its_detected_rating_its_zero_a_score(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, POINTS + _rows("C", 3, [4, 0, 3, 4, 2, 3]))
    assert "read as \"not scored\"" not in out and "a maximum guessed" not in out
    assert checks_of(book, Code.ZERO_NOT_SCORED) == []
    # a rating that never reaches its top is a guessed scale (0-4 or 1-5): the baseline waits for it to be told
    # (scale-holds-baseline), its 0s 0 points; meanwhile read on the 1-5 rating any column of 1-5 numbers is
    held = checks_of(book, Code.SCALE_HOLDS)
    assert len(held) == 1 and "maybe a 0-4 scale" in held[0]["Problem"], held
    base = records(book, "Baseline")[0]
    # provisional: 4, 0, 3, 4, 2, 3 -> 80, 0, 60, 80, 40, 60; (80+0+60+80+40+60) / 6 = 320 / 6, C2's 0 counted as 0
    assert (base["Baseline n"], base["Calls"]) == (6, "C1, C2, C3, C4, C5, C6")
    assert base["Baseline mean"] == pytest.approx(320 / 6)


def test_a_quiz_points_column_alone_takes_the_rating_another_paste_gives_its_criterion(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, RATINGS + _rows("R", 2, [5, 4, 4, 3, 5], "Greeting,"), name="ratings.csv")
    imported(tmp_path, book, POINTS + _rows("P", 3, [0, 2, 3, 4]))
    assert not any("guessed" in c["Problem"] for c in checks_of(book, Code.SCALE_UNCLEAR))
    base = records(book, "Baseline")[0]
    # the ratings, 1-5: 5, 4, 4, 3, 5 -> 100, 80, 80, 60, 100 (420); the points on that 1-5 rating: 0, 2, 3, 4 ->
    # 0, 40, 60, 80 (180), the 0 a score; (420 + 180) / 9 (recomputed: the first refresh, after the ratings alone,
    # recorded the baseline of those for good)
    assert (base["Recomputed n"], base["Calls"]) == (9, "R1, R2, R3, R4, R5, P1, P2, P3, P4")
    assert base["Recomputed mean"] == pytest.approx(600 / 9)


def test_a_points_paste_before_a_ratings_paste_is_read_on_the_same_rating(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, POINTS + _rows("B", 3, [4, 3, 4, 4, 2]))
    imported(tmp_path, book, RATINGS + _rows("C", 2, [5, 4, 3, 4, 5], "Greeting,"), name="ratings.csv")
    assert "no number of the criterion" in out  # (the points alone never reach 5: their scale is guessed, at first)
    base = records(book, "Baseline")[0]
    # both 1-5 (the points not out of 4, their largest): B 4, 3, 4, 4, 2 -> 80, 60, 80, 80, 40 (340); C 5, 4, 3, 4,
    # 5 -> 100, 80, 60, 80, 100 (420); (340 + 420) / 10 = 76
    assert base["Recomputed n"] == 10
    assert base["Recomputed mean"] == pytest.approx(76.0)


def test_the_import_of_a_second_points_week_says_the_scale_the_refresh_reads(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, POINTS + _rows("A", 2, [5, 4, 3, 4, 5]), name="week1.csv")
    out = imported(tmp_path, book, POINTS + _rows("B", 3, [4, 3, 0, 4, 2]), name="week2.csv")
    # week 2 tops at 4 and holds a 0: read as the 1-5 rating week 1 is read on, at refresh (the import reads the
    # export alone for a guessed scale, and says its baselines may wait)
    assert "may wait" in out
    said = [p for p in _converted(book) if p.startswith("Scores week2")]
    assert len(said) == 1 and "scores read as a 1-5 rating, its 0 0 points" in said[0], said
    base = records(book, "Baseline")[0]
    # A 5, 4, 3, 4, 5 -> 100, 80, 60, 80, 100 (420); B 4, 3, 0, 4, 2 -> 80, 60, 0, 80, 40 (260); 680 / 10
    assert base["Recomputed n"] == 10
    assert base["Recomputed mean"] == pytest.approx(68.0)


def test_a_points_week_of_zeros_alone_is_scores_of_zero(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, RATINGS + _rows("C", 2, [5, 4, 3, 4, 5, 2, 1, 3], "Greeting,"), name="ratings.csv")
    out = imported(tmp_path, book, POINTS + _rows("B", 3, [0, 0, 0, 0, 0]))
    assert "read as \"not scored\"" not in out
    assert checks_of(book, Code.ZERO_NOT_SCORED) == []
    base = records(book, "Baseline")[0]
    # the last 10 calls before 2026-03-10: C4-C8, 4, 5, 2, 1, 3 on 1-5 -> 80, 100, 40, 20, 60 (300), and B1-B5, five
    # 0 points, each a score of 0; 300 / 10 = 30
    assert (base["Recomputed n"], base["Calls"]) == (10, "C4, C5, C6, C7, C8, B1, B2, B3, B4, B5")
    assert base["Recomputed mean"] == pytest.approx(30.0)
