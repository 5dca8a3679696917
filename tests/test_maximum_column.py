"""Points beside a maximum column whose cell cannot be read as a maximum (domain.md, "Exact rules:
Scores": points / maximum x 100): the score cannot be put on 0-100, so the row is named and not
counted, never read as points out of 100 beside its neighbours' points out of their maximum."""

from __future__ import annotations

import csv

import pytest

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

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


def test_a_blank_maximum_or_one_marked_not_applicable_keeps_the_score_as_read(tmp_path):
    # no maximum given: the score stays as read (points out of 100)
    got, checks = read(tmp_path, [(40, 50), (90, ""), (85, "N/A")])
    assert got == [("T1", 80.0), ("T2", 90.0), ("T3", 85.0)]
    assert "unreadable-score" not in set(checks["code"])
