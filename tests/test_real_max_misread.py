"""A real per-question maximum (exports.md: obtainedScore + total_score, points possible a question) that no score
reaches, one value a call: the points stay points over it, not ratings beside an overall (core/overallmax.py: a
total that does not track the scores, or one the scores do not reach in full, is each question's maximum)."""
from __future__ import annotations

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

CRITERIA = [{"criterion_id": "G", "name": "Greeting"}, {"criterion_id": "E", "name": "Empathy"},
            {"criterion_id": "R", "name": "Resolution"}]
REPS = [{"rep": "Dana Cruz"}]
EXPORT = ["interactionId", "agentName", "interactionDate", "questionText", "obtainedScore", "total_score",
          "evaluatorName"]
QS = ("Greeting", "Empathy", "Resolution")


def _scores(calls, criterion):
    rows = [[call, "Dana Cruz", f"2026-09-{n + 1:02d} 10:00", q, got, top, "Quinn Ada"]
            for n, (call, points, top) in enumerate(calls) for q, got in zip(QS, points)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("qa.csv", EXPORT, rows))
    return pv.calls[pv.calls["criterion"] == criterion].sort_values("call_id")["score"].round(3).tolist()


def test_a_struggling_reps_points_out_of_10_under_half_on_every_call_stay_points_over_10():
    # a form of 10 points a question; the coached rep's six calls never reach 5 on a question
    calls = [("C1", (2, 4), 10), ("C2", (3, 1), 10), ("C3", (4, 4), 10), ("C4", (1, 2), 10), ("C5", (3, 3), 10),
             ("C6", (2, 4), 10)]
    # Greeting 2, 3, 4, 1, 3, 2 of 10 -> 20, 30, 40, 10, 30, 20 (mean 25); read on 1-5 they would be 40, 60,
    # 80, 20, 60, 40 (mean 50), a baseline twice the real one, recorded for good
    assert _scores(calls, "Greeting") == [20.0, 30.0, 40.0, 10.0, 30.0, 20.0]


def test_half_marks_on_both_questions_of_10_stay_fifty():
    # five calls, each question out of 10, the rep at 5 (partial credit) on both: 5 + 5 = 10, "the sum"
    calls = [(f"C{n}", (5, 5), 10) for n in range(1, 6)]
    # 5 of 10 = 50 on each (as ratings of 1-5: 100); five calls alike hold the baseline, read as points
    assert _scores(calls, "Greeting") == [50.0] * 5


def test_three_questions_of_10_scored_3_3_4_stay_points_over_10():
    calls = [(f"C{n}", (3, 3, 4), 10) for n in range(1, 6)]
    # Resolution 4 of 10 = 40 on each (4 on 1-5 would be 80)
    assert _scores(calls, "Resolution") == [40.0] * 5


def test_a_form_of_questions_out_of_2_5_stays_points_over_2_5():
    # every question out of 2.5 (halves beside whole points, the README's own "stays the maximum" case), the rep at
    # 1 on both questions of five calls: 1 of 2.5 = 40 (as a rating at full marks: 100)
    calls = [(f"C{n}", (1, 1), 2.5) for n in range(1, 6)]
    assert _scores(calls, "Greeting") == [40.0] * 5


def test_questions_out_of_2_5_scored_1_and_1_5_stay_points_over_2_5():
    # Greeting 1, Empathy 1.5 of 2.5 (1 + 1.5 = 2.5, "the sum") on five calls: 40 and 60 (not Greeting 1 read
    # as full marks, 100)
    calls = [(f"C{n}", (1, 1.5), 2.5) for n in range(1, 6)]
    assert (_scores(calls, "Greeting"), _scores(calls, "Empathy")) == ([40.0] * 5, [60.0] * 5)
