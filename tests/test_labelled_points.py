"""A scorecard answer written as its label and its points in brackets (``Good (4)``, ``Excellent (5)``,
``Yes (2)``) is read as that number: on its column's scale in a wide export, over its maximum in a long one."""

from __future__ import annotations

import pytest

from coachlog_xl.core import coerce
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

REPS = [{"rep": "Dana Cruz"}]
CRITERIA = [{"criterion_id": "GRT", "name": "Greeting"}, {"criterion_id": "EMP", "name": "Empathy"}]


@pytest.mark.parametrize(("cell", "read"), [
    ("Good (4)", (4.0, "number")),
    ("Very Poor (1)", (1.0, "number")),
    ("Yes (2)", (2.0, "number")),  # the points, not Yes's 100
    ("Partially ( 1.5 )", (1.5, "number")),
    ("N/A (0)", (None, "not scored")),  # an item that did not apply is no 0
])
def test_a_label_with_its_points_in_brackets_reads_as_the_points(cell, read):
    assert coerce.score(cell) == read


def test_a_wide_exports_labelled_answers_are_read_on_the_columns_scale(tmp_path):
    path = tmp_path / "five9.csv"
    answers = ["Very Poor (1)", "Good (4)", "Excellent (5)", "Fair (3)", "Good (4)"]
    path.write_text("Call ID,Agent,Call Date,Greeting,Empathy\n" + "".join(
        f"M{i},Dana Cruz,2026-03-0{i} 14:05,80%,{a}\n" for i, a in enumerate(answers, 1)), encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    empathy = sorted(zip(*[pv.calls.loc[pv.calls["criterion"] == "Empathy", c] for c in ("call_id", "score")]))
    # five whole numbers of 1-5, a 1-5 rating: 1 / 5 x 100 = 20, 4 / 5 x 100 = 80, 5 / 5 x 100 = 100, 3 -> 60
    assert empathy == [("M1", 20.0), ("M2", 80.0), ("M3", 100.0), ("M4", 60.0), ("M5", 80.0)]
    assert "kept but not used" not in " ".join(pv.checks["problem"])


def test_a_long_exports_labelled_answers_are_read_over_the_possible_points(tmp_path):
    path = tmp_path / "zoom.csv"
    path.write_text("Call ID,Agent,Call Date,Criterion,Score,Max Score\n"
                    "E1,Dana Cruz,2026-03-04 14:05,Greeting,Good (3),4\n"
                    "E1,Dana Cruz,2026-03-04 14:05,Empathy,Yes (2),2\n"
                    "E2,Dana Cruz,2026-03-05 14:05,Greeting,Poor (0),4\n"
                    "E2,Dana Cruz,2026-03-05 14:05,Empathy,N/A,2\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    # 3 of 4 = 75, 2 of 2 = 100, 0 of 4 = 0; the N/A is not counted
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("E1", "Empathy", 100.0), ("E1", "Greeting", 75.0), ("E2", "Greeting", 0.0)]
    assert "unreadable-score" not in set(pv.checks["code"])
