"""Points beside a maximum column whose cell cannot be read as a maximum, or is blank or N/A while the
column gives maxima on other rows of the paste (domain.md, "Exact rules: Scores": points / maximum x
100): the score cannot be put on 0-100, so the row is named and not counted, never read as points out
of 100 beside its neighbours' points out of their maximum."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from coachlog_xl.workbook.exports import read_export
from tests.rules_kit import AS_OF, CRIT, REP, D, row, session

ACK = "Acknowledges the concern"
HEADER = ["call_id", "agent_name", "ticket_created_at", "question", "raw_score", "max_rubric_score"]


def read(tmp_path, points_and_maxima):
    """The export's scored calls as (call id, score) and its Checks, one call a day from 1 April 2025."""
    path = tmp_path / "maestro.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER] + [[f"T{i}", "Dana Cruz", f"2025-04-{i:02d} 10:00", ACK, p, m]
                                            for i, (p, m) in enumerate(points_and_maxima, start=1)])
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=[{"rep": "Dana Cruz"}]),
                 read_export(path))
    return sorted((c.call_id, round(c.score, 6)) for c in pv.calls.itertuples()), pv.checks


@pytest.mark.parametrize("maximum", ["fifty", "#DIV/0!", "-50", "50 pts?"])
def test_a_maximum_that_is_no_number_of_0_or_more_leaves_the_score_out_and_names_the_row(tmp_path, maximum):
    # 40 of 50 and 30 of 50, then 45 beside a maximum that cannot be read: 45 of what is not known, and
    # it is not 45 points out of 100
    got, checks = read(tmp_path, [(40, 50), (30, 50), (45, maximum)])
    assert got == [("T1", 80.0), ("T2", 60.0)]
    bad = checks[checks["code"] == "unreadable-score"]
    assert list(bad["row"]) == [4] and list(bad["severity"]) == ["error"]
    assert "maximum" in bad["problem"].iloc[0] and maximum in bad["problem"].iloc[0]


def test_points_above_0_of_a_maximum_of_0_are_unreadable_and_0_of_0_is_not_scored(tmp_path):
    got, checks = read(tmp_path, [(40, 50), (5, 0), (0, 0)])
    assert got == [("T1", 80.0)]
    assert list(checks.loc[checks["code"] == "unreadable-score", "row"]) == [3]  # 5 of 0 possible
    assert list(checks.loc[checks["code"] == "not-scored", "severity"]) == ["info"]  # 0 of 0: not scored


def unreadable(checks):
    """The unreadable-score rows of Checks as (severity, row, field as the sheet heads it, value)."""
    bad = checks[checks["code"] == "unreadable-score"]
    return list(zip(bad["severity"], bad["row"], bad["field"], bad["value"]))


def test_points_beside_a_blank_maximum_where_the_column_gives_maxima_are_named_and_not_counted(tmp_path):
    # 40 of 50 and 30 of 50 (80, 60), then 4 beside a blank maximum: 4 of 5 would be 80, 4 of 50 would
    # be 8; 4 read as it is (4 out of 100) was counted, so the row is named and left out
    got, checks = read(tmp_path, [(40, 50), (30, 50), (4, "")])
    assert got == [("T1", 80.0), ("T2", 60.0)]
    assert unreadable(checks) == [("error", 4, "raw_score", "4")]
    bad = checks[checks["code"] == "unreadable-score"].iloc[0]
    assert "maestro.csv row 4" in bad["problem"] and "maximum" in bad["problem"] and "blank" in bad["problem"]
    assert "Type the maximum" in bad["fix"] and "Exclude" in bad["fix"]


def test_0_points_beside_a_blank_maximum_are_not_counted_as_0(tmp_path):
    # 0 of 5 is 0, 0 of 0 is not scored: which one is not known
    got, checks = read(tmp_path, [(40, 50), (0, "")])
    assert got == [("T1", 80.0)]
    assert unreadable(checks) == [("error", 3, "raw_score", "0")]


def test_a_maximum_marked_not_applicable_leaves_0_points_unscored_and_names_points_above_0(tmp_path):
    # beside maxima on other rows, an N/A maximum says the item is not applicable: 0 points of it are
    # not scored (as 0 of 0 is), 3 points of it contradict it, and a blank score beside it is no score
    got, checks = read(tmp_path, [(40, 50), (0, "N/A"), (3, "N/A"), ("", "N/A"), (2, "-")])
    assert got == [("T1", 80.0)]
    assert unreadable(checks) == [("error", 4, "raw_score", "N/A"), ("error", 6, "raw_score", "-")]
    assert list(checks.loc[checks["code"] == "not-scored", "problem"]) == [
        "maestro.csv: 2 scores are N/A or blank (rows 3, 5); they are not counted (not as 0)."]  # 0 of N/A, blank


def test_a_blank_score_beside_a_blank_maximum_is_a_row_without_a_score(tmp_path):
    got, checks = read(tmp_path, [(40, 50), ("", "")])
    assert got == [("T1", 80.0)]
    assert unreadable(checks) == []
    assert list(checks.loc[checks["code"] == "not-scored", "problem"]) == [
        "maestro.csv: 1 score is N/A or blank (row 3); it is not counted (not as 0)."]


def test_a_maximum_column_giving_no_maximum_on_any_row_keeps_the_scores_as_read(tmp_path):
    # the platform leaves the column empty (or writes N/A in it): no maximum is given, the scores stay as read
    got, checks = read(tmp_path, [(90, ""), (85, "N/A"), (70, "")])
    assert got == [("T1", 90.0), ("T2", 85.0), ("T3", 70.0)]
    assert unreadable(checks) == []


def _two_pastes(second_header):
    """A paste with maxima (rows 2-3), then a second one (header row 4, rows 5-6) whose maxima are blank."""
    return RawTable.from_rows("Scores", HEADER, [
        ["A1", "Dana Cruz", "2025-04-01", ACK, 4, 5], ["A2", "Dana Cruz", "2025-04-02", ACK, 3, 4],
        second_header,
        ["B1", "Dana Cruz", "2025-04-03", ACK, 70, ""], ["B2", "Dana Cruz", "2025-04-04", ACK, 90, None],
    ])


def test_a_paste_under_its_own_header_with_blank_maxima_keeps_its_scores_and_the_same_header_again_does_not():
    criteria, reps = [{"criterion_id": "ACK", "name": ACK}], [{"rep": "Dana Cruz"}]
    # another export's header: its maximum column gives no maximum, its scores are read as they are
    own = preview(RawInputs.from_records(criteria=criteria, reps=reps),
                  _two_pastes(["Call ID", "Agent", "Call date", "Metric", "Score", "Max points"]))
    assert sorted(zip(own.calls["call_id"], own.calls["score"])) == [("A1", 80.0), ("A2", 75.0), ("B1", 70.0),
                                                                       ("B2", 90.0)]
    assert unreadable(own.checks) == []
    # the same export's header repeated (its next page): one paste, whose column gives maxima above
    again = preview(RawInputs.from_records(criteria=criteria, reps=reps), _two_pastes(HEADER))
    assert sorted(zip(again.calls["call_id"], again.calls["score"])) == [("A1", 80.0), ("A2", 75.0)]
    assert unreadable(again.checks) == [("error", 5, "raw_score", "70"), ("error", 6, "raw_score", "90")]


def test_a_refresh_leaves_points_beside_a_blank_maximum_out_of_the_follow_up_mean():
    # ten calls of 4 of 5 (80) before the session on 10 March 2026, ten after; the 15th row's maximum is
    # blank: counted as 4 it made the follow-up mean (9 x 80 + 4) / 10 = 72.4; left out, it is 80 over 9
    header = ["Call ID", "Rep", "Call date", "Criterion", "Score", "Max points"]
    rows = [[f"B{i}", REP, dt.date(2026, 2, 1 + i), CRIT, 4, 5] for i in range(10)]
    rows += [[f"F{i}", REP, dt.date(2026, 3, 11 + i), CRIT, 4, None if i == 4 else 5] for i in range(10)]
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], reps=[{"rep": REP}], log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", header, rows)]
    res = compute(inputs, as_of=AS_OF)
    r = row(res)
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(80.0))
    assert (r["followup_n"], r["followup_mean"]) == (9, pytest.approx(80.0))
    assert r["delta"] == pytest.approx(0.0)
    assert "F4" not in r["calls"]
    assert unreadable(res.checks) == [("error", 16, "Score", "4")]  # header row 1, B0-B9 rows 2-11, F4 row 16


def test_a_maximum_shown_as_a_date_says_its_cell_is_formatted_as_one():
    # 4 of 5 pasted where the Scores sheet's column is formatted as dates (the template's Graded on
    # column): the reader gives the 5 as 1900-01-05, as Excel shows it.  It is still not read (which
    # number a date stands for is the cell's format's guess), but Checks says what the date is.
    header = ["Call ID", "Rep", "Call date", "Criterion", "Score", "Max points"]
    rows = [[f"B{i}", REP, dt.date(2026, 2, 1 + i), CRIT, 4, dt.datetime(1900, 1, 5)] for i in range(3)]
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                    log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", header, rows)]
    bad = compute(inputs, as_of=AS_OF).checks.query("code == 'unreadable-score'")
    assert list(bad["row"]) == [2, 3, 4]
    problem, fix = bad["problem"].iloc[0], bad["fix"].iloc[0]
    assert "'1900-01-05'" in problem and "formatted as dates" in problem
    assert "Number" in fix
