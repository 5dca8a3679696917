"""A score's percent beside it (``Score`` in points, ``Max Score``, ``Score %``) is the same score, not a second
evaluator's; a genuine score header repeated per evaluator still reads as one score each."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}]
HEAD = ["Call ID", "Agent Name", "Call date", "Evaluator", "Question"]


def _preview(headers: list, rows: list):
    export = RawTable.from_rows("verint.csv", HEAD + headers, [
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), "Lee", ACK, *rows[0]],
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), "Lee", VERIFY, *rows[1]],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    return pv, sorted(zip(pv.calls["criterion"], pv.calls["score"].round(4)))


def test_a_rounded_percent_beside_points_is_the_same_score_not_a_second_evaluator():
    # 2 of 3 = 66.6667, shown as 66,7 %; 1 of 3 = 33.3333, shown as 33,3 %: rounding, no conflict
    pv, got = _preview(["Score", "Max Score", "Score %"], [["2", "3", "66,7 %"], ["1", "3", "33,3 %"]])
    assert got == [(ACK, 66.6667), (VERIFY, 33.3333)]  # the points over the maximum are read
    codes = list(pv.checks["code"])
    assert Code.CONFLICT.value not in codes and Code.PERCENT_DISAGREES.value not in codes
    assert "evaluator each" not in pv.mapped["score"] and pv.mapped["score"].startswith("Score (Score % beside")


def test_a_percent_that_disagrees_beyond_rounding_is_a_warning_on_its_row():
    # row 3 (VERIFY): 1 of 3 = 33.3333, but the percent says 50,0 % (16.7 points off); read as 33.3333
    # row 2 (ACK): 2 of 3 = 66.6667 against 67 % written without decimals: within 0.5, no warning
    pv, got = _preview(["Score", "Max Score", "Score (%)"], [["2", "3", "67 %"], ["1", "3", "50,0 %"]])
    assert got == [(ACK, 66.6667), (VERIFY, 33.3333)]
    said = pv.checks[pv.checks["code"] == Code.PERCENT_DISAGREES.value]
    assert list(said["row"]) == [3]
    assert "33.3333" in said["problem"].iloc[0] and "50" in said["problem"].iloc[0]


def test_without_a_maximum_the_percent_is_read():
    # points 2 and 1 have no maximum to be read against; the percents 66.7 and 33.3 are the scores
    pv, got = _preview(["Score", "Percent"], [["2", "66,7 %"], ["1", "33,3 %"]])
    assert got == [(ACK, 66.7), (VERIFY, 33.3)]
    assert Code.CONFLICT.value not in set(pv.checks["code"])


def test_a_score_header_repeated_per_evaluator_still_reads_an_evaluator_each():
    # Score, Score: two evaluators; (80 + 60) / 2 = 70 and (100 + 50) / 2 = 75
    export = RawTable.from_rows("x.csv", ["Call ID", "Agent Name", "Call date", "Question", "Score", "Score"], [
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), ACK, 80, 60],
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), VERIFY, 100, 50],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    got = sorted(zip(pv.calls["criterion"], pv.calls["score"].round(4)))
    assert got == [(ACK, 70.0), (VERIFY, 75.0)]
    assert pv.mapped["score"] == "Score + Score (an evaluator each)"


def test_a_conflict_within_one_row_names_the_row_once_and_not_as_a_wide_exports():
    # the same evaluator named before both score columns: 80 and 60 on one row of one criterion is a conflict
    export = RawTable.from_rows("x.csv", ["Call ID", "Agent Name", "Call date", "Question",
                                          "Evaluator", "Score", "Score"], [
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), ACK, "Lee", 80, 60],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    said = pv.checks[pv.checks["code"] == Code.CONFLICT.value]
    assert len(said) == 1
    problem, fix = said["problem"].iloc[0], said["fix"].iloc[0]
    assert "x.csv row 2, x.csv row 2" not in problem and "x.csv row 2 (2 score columns of one row)" in problem
    assert "wide export" not in fix and "correct the wrong cell" in fix


def test_a_percent_stored_as_a_rounded_number_or_fraction_is_within_its_own_rounding():
    # 2 of 3 = 66.6667: 67 (a whole number) is within 0.5, 0.67 (a fraction of two decimals, 67 %) too;
    # 1 of 3 = 33.3333: 33.3 within 0.05; 0.5 (50 %) is 16.7 points off: a warning on row 3 only
    for percents in ([67, 33.3], [0.67, 0.333]):
        pv, got = _preview(["Score", "Max Score", "Percent"], [["2", "3", percents[0]], ["1", "3", percents[1]]])
        assert Code.PERCENT_DISAGREES.value not in set(pv.checks["code"]), percents
    pv, got = _preview(["Score", "Max Score", "Percent"], [["2", "3", 0.67], ["1", "3", 0.5]])
    assert list(pv.checks[pv.checks["code"] == Code.PERCENT_DISAGREES.value]["row"]) == [3]
