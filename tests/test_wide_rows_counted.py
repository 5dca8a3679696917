"""Messages that count a wide export's rows count them as the person sees them: one row per call, not
one per criterion (a wide row is read as a row per criterion).  One excluded call of three criteria
read "3 rows left out"; it reads "1 row (3 scores) left out". A late call of three criteria read "3 scored calls
... dated after the as-of date"; it reads "1 row (3 scores) is dated after"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute

CRITERIA = ["Greets the caller", "Verifies identity", "Summarises next steps"]
HEADER = ["Call ID", "Rep", "Call date", *CRITERIA, "Exclude"]


def _checks(rows, reps=("Ann Lee",)):
    inputs = RawInputs.from_records(criteria=[{"criterion_id": f"C{i}", "name": n} for i, n in enumerate(CRITERIA)],
                                    reps=[{"rep": r} for r in reps])
    inputs = dataclasses.replace(inputs, scores=[RawTable.from_rows("Scores", HEADER, rows)])
    return compute(inputs, as_of=dt.date(2026, 6, 30)).checks


def _said(checks, code):
    return checks.loc[checks["code"] == code, "problem"].tolist()


def test_an_excluded_wide_row_is_one_row_of_three_scores():
    checks = _checks([["W-1", "Ann Lee", dt.datetime(2026, 3, 2, 10), 80, 90, 70, "duplicate grading"],
                      ["W-2", "Ann Lee", dt.datetime(2026, 3, 3, 10), 60, 50, 40, None]])
    # the Scores sheet's row 2 is the one excluded: 1 row, holding 3 scores
    assert _said(checks, "excluded") == [
        "Scores: 1 row (3 scores) left out because an Exclude cell holds a reason (row 2)."]


def test_two_excluded_wide_rows_with_a_blank_score_count_their_scores():
    checks = _checks([["W-1", "Ann Lee", dt.datetime(2026, 3, 2, 10), 80, None, 70, "misrouted call"],
                      ["W-2", "Ann Lee", dt.datetime(2026, 3, 3, 10), 60, 50, 40, "misrouted call"]])
    excluded = _said(checks, "excluded")
    assert len(excluded) == 1
    # rows 2 and 3; W-1's blank Verifies identity is no score: 2 + 3 = 5
    assert excluded[0].startswith("Scores: 2 rows (5 scores) left out") and "(rows 2, 3)" in excluded[0]


def test_an_unknown_rep_on_a_wide_row_is_named_with_one_row():
    checks = _checks([["W-1", "Bo Park", dt.datetime(2026, 3, 2, 10), 80, 90, 70, None]])
    (said,) = _said(checks, "unknown-rep")
    assert '"Bo Park" (1 row, row 2)' in said


def test_a_wide_paste_none_of_whose_rows_reads_counts_its_rows():
    # six calls of three criteria, every call date unreadable: 6 rows, not 18
    checks = _checks([[f"W-{i}", "Ann Lee", "not a date", 80, 90, 70, None] for i in range(6)])
    (said,) = _said(checks, "no-row-read")
    assert said.startswith("Scores: none of its 6 rows could be read (6 with no readable call date;")


def test_a_calibration_row_with_rep_and_criterion_swapped_is_one_row():
    # a score column per evaluator: one pasted row is read as a row per evaluator, and named as one row
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "C0", "name": CRITERIA[0]}], reps=[{"rep": "Ann Lee"}])
    header = ["Call ID", "Rep", "Call date", "Criterion", "Score", "Score"]
    rows = [["W-1", CRITERIA[0], dt.datetime(2026, 3, 2, 10), "Ann Lee", 80, 90]]
    inputs = dataclasses.replace(inputs, scores=[RawTable.from_rows("Scores", header, rows)])
    (said,) = _said(compute(inputs, as_of=dt.date(2026, 6, 30)).checks, "rep-criterion-swapped")
    assert said.startswith("Scores: 1 row, row 2, holds a criterion under Rep")


def test_a_wide_row_pasted_again_without_its_evaluator_is_one_row():
    inputs = RawInputs.from_records(criteria=[{"criterion_id": f"C{i}", "name": n} for i, n in enumerate(CRITERIA)],
                                    reps=[{"rep": "Ann Lee"}])
    at = dt.datetime(2026, 3, 2, 10)
    rows = [["W-1", "Ann Lee", at, "Kim Lo", 80, 90, 70],
            ["Call ID", "Rep", "Call date", *CRITERIA],  # the same export pasted below, without the evaluator
            ["W-1", "Ann Lee", at, 80, 90, 70]]
    header = ["Call ID", "Rep", "Call date", "Evaluator", *CRITERIA]
    inputs = dataclasses.replace(inputs, scores=[RawTable.from_rows("Scores", header, rows)])
    said = [p for p in _said(compute(inputs, as_of=dt.date(2026, 6, 30)).checks, "duplicate-row") if "evaluator" in p]
    # row 4 gives W-1's three scores again without the evaluator: one row
    assert said == ["Scores: 1 row(s) give a call's score without its evaluator, and another row gives the same call "
                    "and score with one (the export pasted twice, once without that column?); each is counted once "
                    "(rows 4)."]


def test_a_wide_row_dated_after_the_as_of_date_is_one_row_of_its_scores():
    # the as-of date is 2026-06-30: W-2 (row 3, three scores) is dated after it
    checks = _checks([["W-1", "Ann Lee", dt.datetime(2026, 3, 2, 10), 80, 90, 70, None],
                      ["W-2", "Ann Lee", dt.datetime(2026, 7, 3, 10), 60, 50, 40, None]])
    assert _said(checks, "after-as-of") == [
        "1 row (3 scores) is dated after the as-of date 2026-06-30 and is ignored (at Scores row 3, dated 2026-07-03)."]
    fix = checks.loc[checks["code"] == "after-as-of", "fix"].iloc[0]
    assert fix.startswith("Nothing to do; it counts once the as-of date reaches it.")


def test_two_late_wide_rows_one_with_a_blank_score_are_two_rows():
    # rows 3 and 4 are late; row 4's blank Verifies identity is no score: 3 + 2 = 5 scores
    checks = _checks([["W-1", "Ann Lee", dt.datetime(2026, 3, 2, 10), 80, 90, 70, None],
                      ["W-2", "Ann Lee", dt.datetime(2026, 7, 3, 10), 60, 50, 40, None],
                      ["W-3", "Ann Lee", dt.datetime(2026, 7, 4, 10), 60, None, 40, None]])
    assert _said(checks, "after-as-of") == [
        "2 rows (5 scores) are dated after the as-of date 2026-06-30 and are ignored (the first at Scores row 3, "
        "dated 2026-07-03)."]
