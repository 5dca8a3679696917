"""The Checks row counting a paste's N/A and blank scores names where they are: its Row is the first of
them and its words give the first few rows, so that a QA lead can find them (domain.md: every problem
names its sheet, row and field)."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import api
from tests.wbkit import team_book

ACK, HOLD = "Acknowledges the concern", "Explains the hold"


def _checks(tmp_path, rows):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", ACK), ("HOLD", HOLD)], ["Dana Cruz"])
    ws = wb.create_sheet("Scores March")
    for row in rows:
        ws.append(row)
    wb.save(book)
    checks = api.compute_file(book, dt.date(2026, 12, 31), cache=False).checks
    return checks[checks["code"] == "not-scored"]


def test_n_a_scores_of_a_long_paste_are_named_by_row(tmp_path):
    at = dt.datetime(2026, 3, 2, 10)
    scores = [80, "N/A", 90, "n/a", "-", "NA", "N/A", "N/A"]  # rows 2-9: not scored on 3, 5, 6, 7, 8, 9
    rows = [["Call Id", "Agent", "Start Time", "Metric", "Score"]]
    rows += [[f"C{i}", "Dana Cruz", at + dt.timedelta(days=i), ACK, s] for i, s in enumerate(scores)]
    said = _checks(tmp_path, rows)
    assert len(said) == 1
    assert (said["sheet"].iloc[0], said["row"].iloc[0], said["field"].iloc[0]) == ("Scores March", 3, "Score")
    assert said["problem"].iloc[0] == ("Scores March: 6 scores are N/A or blank (rows 3, 5, 6, 7, 8 and 1 more); "
                                       "they are not counted (not as 0).")


def test_a_wide_paste_row_with_two_n_a_criteria_is_named_once(tmp_path):
    rows = [["Call Id", "Agent", "Start Time", ACK, HOLD],
            ["W1", "Dana Cruz", dt.datetime(2026, 3, 2, 10), 80, 90],
            ["W2", "Dana Cruz", dt.datetime(2026, 3, 3, 10), "N/A", "N/A"]]  # row 3: both criteria not scored
    said = _checks(tmp_path, rows)
    assert said["row"].tolist() == [3]
    assert said["problem"].tolist() == ["Scores March: 2 scores are N/A or blank (row 3); they are not counted "
                                        "(not as 0)."]


def test_a_single_n_a_score_is_said_in_the_singular(tmp_path):
    rows = [["Call Id", "Agent", "Start Time", "Metric", "Score"],
            ["S1", "Dana Cruz", dt.datetime(2026, 3, 2, 10), ACK, 70],
            ["S2", "Dana Cruz", dt.datetime(2026, 3, 3, 10), ACK, "N/A"]]
    said = _checks(tmp_path, rows)
    assert said["problem"].tolist() == ["Scores March: 1 score is N/A or blank (row 3); it is not counted (not as 0)."]
