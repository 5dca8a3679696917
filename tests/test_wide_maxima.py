"""A wide export giving each criterion's points beside a column of the points possible
(``Greeting``, ``Greeting - Max Points``): the second is the first's maximum, not a criterion."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

ACK, VER = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VER", "name": VER}]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]


def _read(head: list, rows: list):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("w.csv", head, rows))
    got = sorted((r.call_id, r.criterion, round(r.score, 6)) for r in pv.calls.itertuples())
    return got, pv.checks


def test_a_max_points_column_beside_each_criterion_is_its_maximum_not_a_criterion():
    head = ["Call Id", "Agent", "Start Time", ACK, f"{ACK} - Max Points", VER, f"{VER} Possible", "Total Score"]
    rows = [
        ["F-1", "Dana Cruz", "2025-03-04 10:00", 3, 4, 0, 2, "60%"],
        ["F-2", "Dana Cruz", "2025-03-05 10:00", 4, 4, 2, 2, "100%"],
        ["F-3", "Eli Moss", "2025-03-06 10:00", 1, 4, 1, 2, "33%"],
        ["F-4", "Eli Moss", "2025-03-07 10:00", 2, 4, "N/A", "N/A", "50%"],
        ["F-5", "Eli Moss", "2025-03-08 10:00", 0, 4, 2, 2, "33%"],
    ]
    got, checks = _read(head, rows)
    # points / points possible x 100: 3/4 = 75, 4/4 = 100, 1/4 = 25, 2/4 = 50, 0/4 = 0 (0 points, not unscored);
    # 0/2 = 0, 2/2 = 100, 1/2 = 50, N/A of N/A not scored, 2/2 = 100
    assert got == [
        ("F-1", ACK, 75.0), ("F-1", VER, 0.0), ("F-2", ACK, 100.0), ("F-2", VER, 100.0),
        ("F-3", ACK, 25.0), ("F-3", VER, 50.0), ("F-4", ACK, 50.0), ("F-5", ACK, 0.0), ("F-5", VER, 100.0),
    ]
    codes = set(checks["code"])
    assert Code.UNKNOWN_SCORE_CRITERION.value not in codes  # the maximum columns are no criteria
    assert Code.UNREADABLE_SCORE.value not in codes


def test_a_criterion_without_a_maximum_column_beside_one_with_it_keeps_its_scores():
    head = ["Call Id", "Agent", "Start Time", ACK, f"{ACK} (max)", VER]
    rows = [
        ["F-1", "Dana Cruz", "2025-03-04 10:00", 3, 4, 85],
        ["F-2", "Dana Cruz", "2025-03-05 10:00", 4, 5, 70],
    ]
    got, checks = _read(head, rows)
    assert got == [("F-1", ACK, 75.0), ("F-1", VER, 85.0), ("F-2", ACK, 80.0), ("F-2", VER, 70.0)]
    assert Code.UNREADABLE_SCORE.value not in set(checks["code"])


def test_a_row_of_weights_or_points_possible_under_the_header_is_skipped_with_a_note():
    # a spreadsheet scorecard's second row gives each criterion's weight (or its points possible): no call
    head = ["qa_id", "agent_id", "call_date", ACK, VER]
    for label, cells in (("Weight", ["40%", "60%"]), ("Points possible", [5, 5]), ("Max points", [5, 5])):
        rows = [[label, None, None, *cells],
                ["Q-1", "Dana Cruz", "2025-03-04", 4, 3], ["Q-2", "Dana Cruz", "2025-03-05", 5, 5],
                ["Q-3", "Eli Moss", "2025-03-06", 2, 3], ["Q-4", "Eli Moss", "2025-03-07", 3, 5],
                ["Q-5", "Eli Moss", "2025-03-08", 1, 5]]
        got, checks = _read(head, rows)
        # 1-5 ratings: value / 5 x 100 (a row of 5 / 5 is the rating's top: the columns keep their own reading)
        assert got == [("Q-1", ACK, 80.0), ("Q-1", VER, 60.0), ("Q-2", ACK, 100.0), ("Q-2", VER, 100.0),
                       ("Q-3", ACK, 40.0), ("Q-3", VER, 60.0), ("Q-4", ACK, 60.0), ("Q-4", VER, 100.0),
                       ("Q-5", ACK, 20.0), ("Q-5", VER, 100.0)], label
        assert Code.MISSING_FIELD.value not in set(checks["code"]), label
        notes = checks[checks["code"] == Code.LAYOUT_NOTE.value]
        # a weight of 40 % is no number of points: skipped as a row of weights; 5 / 5 is said as the rating's top
        said = "weights" if label == "Weight" else "the top of the rating"
        assert any(r == 2 and said in p for r, p in zip(notes["row"], notes["problem"])), label


def test_a_call_whose_first_cell_only_begins_with_a_weight_word_is_no_row_of_weights():
    # a long export with the criterion first: "Out of hours handling" is a criterion, not an "Out of" label
    crit = [{"criterion_id": "OOH", "name": "Out of hours handling"},
            {"criterion_id": "WL", "name": "Weight loss advice"}]
    table = RawTable.from_rows("l.csv", ["Criterion", "Call Id", "Agent", "Call date", "Score"], [
        ["Out of hours handling", "L-1", "Dana Cruz", "2025-03-04", 80],
        ["Weight loss advice", "L-1", "Dana Cruz", "2025-03-04", 60],
        ["Out of hours handling", "L-2", None, "2025-03-05", 70],
    ])
    pv = preview(RawInputs.from_records(criteria=crit, reps=REPS), table)
    assert sorted((r.call_id, r.criterion) for r in pv.calls.itertuples()) == [
        ("L-1", "Out of hours handling"), ("L-1", "Weight loss advice")]
    missing = pv.checks[pv.checks["code"] == Code.MISSING_FIELD.value]
    assert list(missing["row"]) == [4]  # the blank rep said, not the row skipped as weights
    assert not pv.checks["problem"].str.contains("weights").any()


def test_a_criterion_column_of_points_over_a_maximum_in_each_cell_is_read():
    # each cell gives its points and the maximum: 3/5 = 60, 5/5 = 100, 0/5 = 0 (0 points, not unscored);
    # 4 out of 5 = 80, 1.5 of 2 = 75; the criteria by their Criterion IDs
    head = ["Call Id", "Agent", "Start Time", "ACK", "VER", "Shift"]
    rows = [
        ["F-1", "Dana Cruz", "2025-03-04 10:00", "3/5", "4 out of 5", "3/4"],
        ["F-2", "Dana Cruz", "2025-03-05 10:00", "5/5", "1.5 of 2", "3/12"],
        ["F-3", "Eli Moss", "2025-03-06 10:00", "0/5", "N/A", "10/12"],
    ]
    got, checks = _read(head, rows)
    assert got == [("F-1", ACK, 60.0), ("F-1", VER, 80.0), ("F-2", ACK, 100.0), ("F-2", VER, 75.0),
                   ("F-3", ACK, 0.0)]
    # a column of day-and-month texts (no one maximum: 4, 12) is no criterion
    assert "criterion columns: ACK, VER." in " ".join(checks["problem"])
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])
