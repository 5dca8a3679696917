"""A score's percent beside it (``Score`` in points, ``Max Score``, ``Score %``) is the same score, not a second
evaluator's; a genuine score header repeated per evaluator still reads as one score each."""

from __future__ import annotations

import datetime as dt

import pandas as pd

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
    pv, got = _preview(["Score", "Score %"], [["2", "66,7 %"], ["1", "33,3 %"]])
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
        pv, got = _preview(["Score", "Max Score", "Score percent"],
                           [["2", "3", percents[0]], ["1", "3", percents[1]]])
        assert Code.PERCENT_DISAGREES.value not in set(pv.checks["code"]), percents
    pv, got = _preview(["Score", "Max Score", "score_percent"], [["2", "3", 0.67], ["1", "3", 0.5]])
    assert list(pv.checks[pv.checks["code"] == Code.PERCENT_DISAGREES.value]["row"]) == [3]


def _read(headers: list, rows: list) -> tuple:
    """Rows of (call, criterion, evaluator, score...) read by a preview; the preview too."""
    export = RawTable.from_rows("x.csv", ["Call ID", "Agent Name", "Call date", "Question", *headers], [
        [r[0], "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), *r[1:]] for r in rows])
    pv = preview(RawInputs.from_records(criteria=CRITERIA + [{"criterion_id": "RES", "name": RES}], reps=REPS), export)
    return pv, sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"].round(4)))


RES = "Resolution"


def test_an_overall_percentage_beside_each_criterions_score_is_not_read_as_their_score():
    # Percentage is the evaluation's overall (C1: (100 + 20 + 60) / 3 = 60); each row's Score is its criterion's
    pv, got = _read(["Evaluator", "Score", "Percentage"], [
        ["C1", ACK, "Lee", 100, 60], ["C1", VERIFY, "Lee", 20, 60], ["C1", RES, "Lee", 60, 60]])
    assert got == [("C1", ACK, 100.0), ("C1", RES, 60.0), ("C1", VERIFY, 20.0)]
    assert pv.mapped["score"] == "Score"
    # with points over a Max Score: 5 of 5 = 100, 1 of 5 = 20, 3 of 5 = 60; "60%" says nothing of a row
    pv, got = _read(["Evaluator", "Score", "Max Score", "Percentage"], [
        ["C1", ACK, "Lee", 5, 5, "60%"], ["C1", VERIFY, "Lee", 1, 5, "60%"], ["C1", RES, "Lee", 3, 5, "60%"]])
    assert got == [("C1", ACK, 100.0), ("C1", RES, 60.0), ("C1", VERIFY, 20.0)]
    assert Code.PERCENT_DISAGREES.value not in set(pv.checks["code"])


def test_an_overall_percentage_beside_two_evaluators_scores_leaves_them_two_evaluators():
    # Score, Score (an evaluator each) and an overall 55: ACK (80 + 60) / 2 = 70, VERIFY (100 + 80) / 2 = 90
    pv, got = _read(["Score", "Score", "Percentage"], [["C1", ACK, 80, 60, 55], ["C1", VERIFY, 100, 80, 55]])
    assert got == [("C1", ACK, 70.0), ("C1", VERIFY, 90.0)]
    assert pv.mapped["score"] == "Score + Score (an evaluator each)"


def test_a_score_percent_holding_one_value_per_evaluation_is_not_read_as_each_criterions():
    # 60% on the evaluation's first row only, beside 80, 60, 40 ((80 + 60 + 40) / 3 = 60: the overall): ACK is
    # not read as 60; VERIFY 60 and RES 40 are read from the Score
    pv, got = _read(["Evaluator", "Score", "Score %"], [
        ["C1", ACK, "Lee", 80, "60%"], ["C1", VERIFY, "Lee", 60, None], ["C1", RES, "Lee", 40, None]])
    assert ("C1", ACK, 60.0) not in got
    assert ("C1", VERIFY, 60.0) in got and ("C1", RES, 40.0) in got


def test_where_the_percent_is_blank_the_score_is_read_and_an_na_in_either_is_not_scored():
    # 0-100 scores; Score % filled on some rows only: each row's Score where its percent is blank
    pv, got = _read(["Evaluator", "Score", "Score %"], [
        ["C1", ACK, "Lee", 80, "80%"], ["C1", VERIFY, "Lee", 60, None], ["C1", RES, "Lee", 40, None],
        ["C2", ACK, "Lee", 100, None], ["C2", VERIFY, "Lee", 20, "20%"]])
    assert got == [("C1", ACK, 80.0), ("C1", RES, 40.0), ("C1", VERIFY, 60.0), ("C2", ACK, 100.0),
                   ("C2", VERIFY, 20.0)]
    # N/A beside 0 % (the tool's 0 for an N/A item), and 0 beside N/A: neither is a 0, both not scored
    pv, got = _read(["Evaluator", "Score", "Score %"], [
        ["C1", ACK, "Lee", 80, "80%"], ["C1", VERIFY, "Lee", "N/A", "0%"], ["C1", RES, "Lee", 40, "40%"],
        ["C2", ACK, "Lee", "N/A", 0], ["C2", VERIFY, "Lee", 0, "N/A"]])
    assert got == [("C1", ACK, 80.0), ("C1", RES, 40.0)]


def test_two_evaluators_each_with_a_percent_are_two_evaluators():
    # Max Score, Score, Score %, Score, Score %: each Score % beside its own Score; ACK 4 and 3 of 5 = 80 and 60,
    # mean 70; VERIFY 5 and 2 of 5 = 100 and 40, mean 70; two evaluators, not three
    pv, got = _read(["Max Score", "Score", "Score %", "Score", "Score %"], [
        ["C1", ACK, 5, 4, "80%", 3, "60%"], ["C1", VERIFY, 5, 5, "100%", 2, "40%"]])
    assert got == [("C1", ACK, 70.0), ("C1", VERIFY, 70.0)]
    merged = pv.checks[pv.checks["code"] == Code.CALIBRATION_MERGED.value]
    assert len(merged) == 2 and all("by 2 evaluators" in p for p in merged["problem"])
    assert pv.mapped["score"].startswith("Score + Score (an evaluator each)")


def test_a_headermap_line_naming_the_percent_first_reads_the_percent():
    # the HeaderMap lists Score % above Score: 50 % and 90 % are read, not 1 of 5 = 20 and 4 of 5 = 80
    from coachlog_xl import schema
    hm = {k: list(v) for k, v in schema.DEFAULT_HEADER_MAP.items()}
    hm["score"] = ["Score %", *hm["score"]]
    export = RawTable.from_rows("x.csv", HEAD + ["Score", "Max Score", "Score %"], [
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), "Lee", ACK, 1, 5, "50%"],
        ["C1", "Dana Cruz", dt.datetime(2026, 9, 4, 9, 17), "Lee", VERIFY, 4, 5, "90%"]])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS, header_map=hm), export)
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"].round(4))) == [(ACK, 50.0), (VERIFY, 90.0)]
    assert pv.mapped["score"].startswith("Score % (Score beside it")
    assert Code.CONFLICT.value not in set(pv.checks["code"])


def test_a_yes_no_cell_is_told_from_a_1_in_the_per_evaluation_test():
    # call B, evaluator 2, has two rows whose percents are 1.0 and TRUE: a yes/no TRUE is a score of 100 (as the Scores
    # reading reads it), so the call holds two percents (1 and 100) and the percent is no per-evaluation overall:
    # False. Read as numbers alike (TRUE equal to 1), the call would hold one percent, 1, its scores 1 and 4 varying and
    # C's percent 4 apart from its score 1: True, the percent then taken for an evaluation's overall
    from coachlog_xl.core import percentcol
    from coachlog_xl.core.inputs import RawTable

    data = pd.DataFrame({0: ["C", "B", "B", "B"], 1: [1, True, 4, 0], 2: [4, 1.0, True, "80%"], 3: ["c"] * 4,
                         4: [2, 2, 2, None]})
    block = RawTable("Scores", ["Call ID", "Score", "Score %", "Criterion", "Evaluator"], data)
    cols = {"call_id": 0, "score": 1, "criterion": 3, "evaluator": 4}
    assert percentcol._per_evaluation(block, cols, 1, 2) is False
