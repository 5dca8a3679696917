"""A column read as the maximum that is a real one stays the maximum though it looks, in part, like an evaluation's
overall: a form version's maximum, the same on every question of a call and differing between versions
(exports.md's ``obtainedScore + total_score``), which the scores reach; a maximum with halves beside whole points,
the same for a question from call to call.  And the overall a paste's later rows only fill is still found."""

from __future__ import annotations

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from tests.test_total_score_not_a_maximum import CRITERIA, HEAD, REPS, _preview, _rows

EXPORT = ["interactionId", "agentName", "interactionDate", "questionText", "obtainedScore", "total_score",
          "evaluatorName"]


def _scores(pv, criterion, prefix="C"):
    calls = pv.calls[(pv.calls["criterion"] == criterion) & pv.calls["call_id"].str.startswith(prefix)]
    return calls.sort_values("call_id")["score"].round(3).tolist()


def _export(points):
    # (call, maximum, Greeting, Empathy) -> two rows a call, the maximum on both
    return [[call, "Dana Cruz", f"2026-09-{n + 1:02d} 10:00", question, got, top, "Quinn Ada"]
            for n, (call, top, g, e) in enumerate(points) for question, got in (("Greeting", g), ("Empathy", e))]


def test_a_form_versions_maximum_the_same_on_each_question_of_a_call_stays_the_maximum():
    # ten calls on five form versions out of 4, 5, 10, 3 and 6 points a question, a version a call: one maximum on
    # both rows of a call, five on a question's rows; but no score is above it and every call has one at it
    points = [("C01", 4, 4, 3), ("C02", 5, 4, 5), ("C03", 10, 10, 7), ("C04", 3, 2, 3), ("C05", 6, 6, 3),
              ("C06", 4, 3, 2), ("C07", 5, 5, 4), ("C08", 10, 9, 10), ("C09", 3, 3, 1), ("C10", 6, 5, 6)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS),
                 RawTable.from_rows("qa.csv", EXPORT, _export(points)))
    # points over total_score: 4/4, 4/5, 10/10, 2/3, 6/6, 3/4, 5/5, 9/10, 3/3, 5/6
    assert _scores(pv, "Greeting") == [100.0, 80.0, 100.0, 66.667, 100.0, 75.0, 100.0, 90.0, 100.0, 83.333]
    # 3/4, 5/5, 7/10, 3/3, 3/6, 2/4, 4/5, 10/10, 1/3, 6/6
    assert _scores(pv, "Empathy") == [75.0, 100.0, 70.0, 100.0, 50.0, 50.0, 80.0, 100.0, 33.333, 100.0]
    assert pv.mapped["max_score"] == "total_score"


def test_a_maximum_with_halves_beside_whole_points_stays_the_maximum():
    # Greeting out of 2.5, Empathy out of 7.5 on every call: fractions beside whole points, but each question's own
    points = [(f"C{n:02d}", None, g, e) for n, (g, e) in enumerate(
        [(2, 7), (1, 5), (2, 6), (1, 7), (2, 3), (1, 7), (2, 4), (2, 7), (1, 6), (2, 5)], start=1)]
    rows = [[*r[:5], 2.5 if r[3] == "Greeting" else 7.5, r[6]] for r in _export(points)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("qa.csv", EXPORT, rows))
    # 2 of 2.5 = 80, 1 of 2.5 = 40
    assert _scores(pv, "Greeting") == [80.0, 40.0, 80.0, 40.0, 80.0, 40.0, 80.0, 80.0, 40.0, 80.0]
    # 7, 5, 6, 7, 3, 7, 4, 7, 6, 5 of 7.5: 93.333, 66.667, 80, 93.333, 40, 93.333, 53.333, 93.333, 80, 66.667
    assert _scores(pv, "Empathy") == [93.333, 66.667, 80.0, 93.333, 40.0, 93.333, 53.333, 93.333, 80.0, 66.667]
    assert pv.mapped["max_score"] == "total_score"


def test_an_overall_filled_only_after_the_first_twenty_thousand_rows_is_found():
    # 20,100 earlier rows (10,050 calls) whose Total Score is blank, then the six calls whose Total Score is their
    # overall (tests.test_total_score_not_a_maximum): read on 1-5, Greeting 1, 2, 3, 4, 5, 4 -> 20 .. 100, 80, never
    # 1 of 55, 2 of 70
    early = [[f"E{n:05d}", "Dana Cruz", "2025-01-02 10:00", question, 3, "", "Quinn Ada"]
             for n in range(10_050) for question in ("Greeting", "Empathy")]
    pv = _preview(HEAD, early + _rows())
    assert _scores(pv, "Greeting", "D") == [20.0, 40.0, 60.0, 80.0, 100.0, 80.0]
    assert "max_score" not in pv.mapped


def test_a_form_versions_maximum_no_call_reaches_stays_the_maximum():
    # a hard form: ten calls on versions out of 4, 5, 10, 3 and 6 points a question, no call at full marks on any
    # question: one maximum on both rows of a call, five whole values, every score below it but near it
    points = [("C01", 4, 3, 2), ("C02", 5, 4, 3), ("C03", 10, 9, 7), ("C04", 3, 2, 1), ("C05", 6, 5, 3),
              ("C06", 4, 1, 3), ("C07", 5, 2, 4), ("C08", 10, 8, 9), ("C09", 3, 1, 2), ("C10", 6, 4, 5)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS),
                 RawTable.from_rows("qa.csv", EXPORT, _export(points)))
    # points over total_score: 3/4, 4/5, 9/10, 2/3, 5/6, 1/4, 2/5, 8/10, 1/3, 4/6
    assert _scores(pv, "Greeting") == [75.0, 80.0, 90.0, 66.667, 83.333, 25.0, 40.0, 80.0, 33.333, 66.667]
    # 2/4, 3/5, 7/10, 1/3, 3/6, 3/4, 4/5, 9/10, 2/3, 5/6
    assert _scores(pv, "Empathy") == [50.0, 60.0, 70.0, 33.333, 50.0, 75.0, 80.0, 90.0, 66.667, 83.333]
    assert pv.mapped["max_score"] == "total_score"
