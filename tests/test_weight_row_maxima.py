"""A hand-made scorecard's row of weights or points possible right under its wide header (``Weight`` 30 / 40):
each criterion column's maximum, its scores points out of it; not where a score is above its column's number."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

ACK, VER = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VER", "name": VER}]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]
HEAD = ["Call date", "Agent", "Call ID", ACK, VER, "Total"]


def _read(rows: list):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("card.xlsx", HEAD, rows))
    got = sorted((r.call_id, r.criterion, round(r.score, 6)) for r in pv.calls.itertuples())
    return got, pv.checks


def test_a_weight_row_under_the_header_is_each_criterions_points_possible():
    for label in ("Weight", "Max", "Points possible", "Out of", "Possible"):
        got, checks = _read([
            [label, None, None, 30, 40, 70],
            ["2026-09-04", "Dana Cruz", "C-1", 24, 8, 32],
            ["2026-09-05", "Dana Cruz", "C-2", 12, 32, 44],
            ["2026-09-06", "Eli Moss", "C-3", 6, 20, 26],
        ])
        # points out of the row's number: 24/30 = 80, 8/40 = 20; 12/30 = 40, 32/40 = 80; 6/30 = 20, 20/40 = 50
        # (read on their own scale, as 1-40 or 1-50 ratings, they were 24/40 x 100 = 60 and so on)
        assert got == [("C-1", ACK, 80.0), ("C-1", VER, 20.0), ("C-2", ACK, 40.0), ("C-2", VER, 80.0),
                       ("C-3", ACK, 20.0), ("C-3", VER, 50.0)], label
        assert "error" not in set(checks["severity"]), label  # the row is no call
        notes = checks[checks["code"] == Code.LAYOUT_NOTE.value]
        assert any(r == 2 and "points possible" in p and "30" in p and "40" in p
                   for r, p in zip(notes["row"], notes["problem"])), label


def test_a_score_above_its_columns_number_keeps_the_row_from_being_maxima_and_says_so():
    got, checks = _read([
        ["Weight", None, None, 3, 2, 5],
        ["2026-09-04", "Dana Cruz", "C-1", 4, 3, 7],  # 4 above 3 (and 3 above 2): the row is no maxima
        ["2026-09-05", "Dana Cruz", "C-2", 5, 5, 10],
        ["2026-09-06", "Eli Moss", "C-3", 2, 3, 5],
        ["2026-09-07", "Eli Moss", "C-4", 3, 5, 8],
        ["2026-09-08", "Eli Moss", "C-5", 1, 5, 6],
    ])
    # today's reading: 1-5 ratings, value / 5 x 100: 4 -> 80, 3 -> 60, 5 -> 100, 2 -> 40, 1 -> 20
    assert got == [("C-1", ACK, 80.0), ("C-1", VER, 60.0), ("C-2", ACK, 100.0), ("C-2", VER, 100.0),
                   ("C-3", ACK, 40.0), ("C-3", VER, 60.0), ("C-4", ACK, 60.0), ("C-4", VER, 100.0),
                   ("C-5", ACK, 20.0), ("C-5", VER, 100.0)]
    notes = checks[checks["code"] == Code.LAYOUT_NOTE.value]
    said = [p for r, p in zip(notes["row"], notes["problem"]) if r == 2 and "not read as each" in p]
    assert said and "row 3" in said[0] and "4" in said[0]
