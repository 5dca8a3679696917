"""The ``maximum-or-overall`` hold on a Total Score every call reaches by full marks (core/overallmax.py): its fix
names a header the reader takes, for pass/fail questions too, and a score header's qualifier is replaced, not
doubled; a percent total of 100 beside full marks above 10 (80, 90: no rating's top) is points of it, not held."""
from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

CRITERIA = [{"criterion_id": "G", "name": "Greeting"}, {"criterion_id": "E", "name": "Empathy"},
            {"criterion_id": "R", "name": "Resolution"}]
REPS = [{"rep": "Dana Cruz"}]


def _preview(calls, score: str = "Score"):
    """(call, [Greeting, Empathy, Resolution ratings; fewer questions: the first ones], Total Score) -> preview."""
    head = ["Call ID", "Agent", "Call Date", "Question", score, "Total Score", "Reviewer"]
    rows = [[call, "Dana Cruz", f"2026-09-{n + 1:02d} 10:00", q, got, total, "Quinn Ada"]
            for n, (call, got_all, total) in enumerate(calls) for q, got in zip(("Greeting", "Empathy", "Resolution"),
                                                                                  got_all)]
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("qa.csv", head, rows))


def _held_fix(pv) -> list[str]:
    return pv.checks.loc[pv.checks["code"] == Code.MAXIMUM_UNSURE.value, "fix"].tolist()


def test_pass_fail_questions_all_passed_are_told_to_state_0_to_1_and_that_fix_reads_them():
    calls = [(f"D{n}", [1, 1, 1], 3) for n in range(4)]  # 1 + 1 + 1 = 3: every call's sum, every question passed
    fix = _held_fix(_preview(calls))
    assert len(fix) == 1 and '"Score (0-1)"' in fix[0] and "(1-1)" not in fix[0]
    done = _preview(calls, "Score (0-1)")  # the fix as worded: 1 of 0-1 = 100 on every question
    assert _held_fix(done) == [] and done.calls["score"].tolist() == [100.0] * 12


def test_a_qualifier_on_the_score_header_is_replaced_by_the_scale_not_doubled():
    calls = [(f"D{n}", [1, 1, 1], 3) for n in range(4)]  # pass/fail, with a header typed "(1-1)": no scale read
    fix = _held_fix(_preview(calls, "Score (1-1)"))
    assert len(fix) == 1 and 'as "Score (0-1)"' in fix[0] and "(1-1) (" not in fix[0]


def test_every_question_80_of_100_on_one_call_is_points_of_100():
    pv = _preview([("D1", [80, 80], 100)])  # 80 / 100 x 100 = 80: no 1-80 rating scale
    assert _held_fix(pv) == [] and pv.calls["score"].tolist() == [80.0, 80.0]


def test_every_question_90_of_100_on_twelve_calls_is_points_of_100():
    pv = _preview([(f"D{n}", [90, 90], 100) for n in range(12)])  # 90 / 100 x 100 = 90 on each of 24 rows
    assert _held_fix(pv) == [] and pv.calls["score"].tolist() == [90.0] * 24


def test_the_note_on_a_constant_total_under_a_stated_scale_says_why_it_is_the_overall():
    pv = _preview([("D1", [5, 5], 100)], "Score (1-5)")  # 100 on every row, one value: not 5, the header's top
    note = pv.checks.loc[(pv.checks["code"] == Code.LAYOUT_NOTE.value) & (pv.checks["value"] == "Total Score"),
                         "problem"].tolist()
    assert len(note) == 1 and "not the top of the scale the Score (1-5) header" in note[0]
    assert pv.calls["score"].tolist() == [100.0, 100.0]  # 5 of 1-5: 5 / 5 x 100
