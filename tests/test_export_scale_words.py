"""Two small readings of a wide export's criterion columns: a column holding only 0 says nothing of its scale (no
"fractions of 1" note), and a header stating its scale after a criterion's name (``Result (0-100)``) is that
criterion's, on that scale, even where the name is a generic word."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

ACK = "Acknowledges the concern"
REPS = [{"rep": "Dana Cruz"}]


def _preview(path, criteria):
    return preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))


def test_a_one_row_paste_of_zeros_gets_no_scale_note(tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK}\nM1,Dana Cruz,2026-03-04 14:05,0\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}])
    # 0 is 0 on any scale: read as 0, and no scale said of it
    assert list(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 0.0)]
    assert Code.SCALE_CONVERTED.value not in set(pv.checks["code"])
    assert not any("fractions of 1" in m for m in pv.checks["problem"])


def test_a_tab_of_one_row_of_zeros_beside_a_tab_of_fractions(tmp_path):
    path = tmp_path / "tabs.xlsx"
    wb = Workbook()
    first = wb.active
    first.title = "March"
    for row in [["Call ID", "Agent", "Call Date", ACK], ["M1", "Dana Cruz", "2026-03-04 14:05", 0]]:
        first.append(row)
    second = wb.create_sheet("April")
    for row in [["Call ID", "Agent", "Call Date", "Verifies identity"], ["M2", "Dana Cruz", "2026-04-04 14:05", 0.5],
                ["M3", "Dana Cruz", "2026-04-05 14:05", 0.75]]:
        second.append(row)
    wb.save(path)
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VER", "name": "Verifies identity"}])
    # April's 0.5 and 0.75 are fractions of 1 (50, 75), said; March's lone 0 is 0, nothing said of it
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [
        (ACK, 0.0), ("Verifies identity", 50.0), ("Verifies identity", 75.0)]
    said = [m for m in pv.checks["problem"] if "fractions of 1" in m]
    assert len(said) == 1 and '"Verifies identity"' in said[0]


@pytest.mark.parametrize(("head", "cells", "scores"), [
    ("Result (0-100)", (90, 40), [90.0, 40.0]),  # on 0-100 as stated: as they are
    ("Result (1-5)", (4, 3), [80.0, 60.0]),  # 4 / 5 x 100, 3 / 5 x 100
])
def test_a_header_stating_its_scale_after_a_criterions_generic_name_is_that_criterion(tmp_path, head, cells, scores):
    path = tmp_path / "result.csv"
    path.write_text(f"Call ID,Agent,Call Date,{head}\nM1,Dana Cruz,2026-03-04 14:05,{cells[0]}\n"
                    f"M2,Dana Cruz,2026-03-05 14:05,{cells[1]}\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "RES", "name": "Result"}])
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("M1", "Result", scores[0]), ("M2", "Result", scores[1])]
    assert Code.MISSING_COLUMN.value not in set(pv.checks["code"])


def test_an_overall_header_with_its_scale_beside_a_criterion_so_named_is_that_criterion(tmp_path):
    path = tmp_path / "quality.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK},Quality score (0-100)\nM1,Dana Cruz,2026-03-04 14:05,80,70\n",
                    encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "QS", "name": "Quality score"}])
    # the Criteria sheet names "Quality score": E (70) is its score, not the call's overall score
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0), ("Quality score", 70.0)]


def test_a_generic_header_with_its_scale_and_no_such_criterion_is_still_refused(tmp_path):
    path = tmp_path / "outcome.csv"
    path.write_text("Call ID,Agent,Call Date,Result (0-100)\nM1,Dana Cruz,2026-03-04 14:05,90\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}])
    # no criterion "Result": the lone generic column is the call's outcome, the criterion column said missing
    assert len(pv.calls) == 0
    assert Code.MISSING_COLUMN.value in set(pv.checks["code"])


def test_a_scaled_header_beside_the_criterions_own_plain_column_is_no_second_column_of_it(tmp_path):
    path = tmp_path / "total.csv"
    path.write_text("Call ID,Agent,Call Date,Courtesy,Total,Total (0-100)\nC1,Dana Cruz,2026-03-02 10:00,80,60,70\n"
                    "C2,Dana Cruz,2026-03-03 10:00,100,90,95\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "CRT", "name": "Courtesy"}, {"criterion_id": "TOT", "name": "Total"}])
    # E "Total" is the criterion Total's own column (60, 90); F "Total (0-100)" beside it is not read as Total's by
    # name: the call's overall score on 0-100, kept but not used, and no criterion "Total (0-100)"
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("C1", "Courtesy", 80.0), ("C1", "Total", 60.0), ("C2", "Courtesy", 100.0), ("C2", "Total", 90.0)]
    assert pv.ignored == ["Total (0-100)"]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(pv.checks["code"])


def test_score_with_its_scale_beside_a_plain_score_column_is_not_the_criterion_score(tmp_path):
    path = tmp_path / "score.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK},Score,Score (0-100)\nC1,Dana Cruz,2026-03-02 10:00,80,3,70\n"
                    "C2,Dana Cruz,2026-03-03 10:00,60,5,100\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "SC", "name": "Score"}])
    # F "Score (0-100)" (70, 100) stands beside the plain "Score" E: not read as the criterion Score's by name
    assert ("Score", 70.0) not in set(zip(pv.calls["criterion"], pv.calls["score"]))
    assert "Score (0-100)" in pv.ignored


def test_a_paste_of_zeros_alone_is_read_on_the_rating_the_workbook_reads_its_criterion_on(tmp_path):
    import datetime as dt
    # the workbook's Scores rate ACK 1-5 (2, 3, 2, 3, 2, 3: six whole numbers up to 5); this week's export holds
    # one 0 under ACK, which alone says nothing of its scale: read on the workbook's 1-5, where 0 is "not scored"
    rated = [{"call_id": f"W{i}", "rep": "Dana Cruz", "call_at": dt.datetime(2026, 3, 2 + i, 10), "criterion": ACK,
              "score": 2 + i % 2} for i in range(6)]
    path = tmp_path / "week2.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK}\nX1,Dana Cruz,2026-03-12 10:00,0\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=REPS, scores=rated),
                 read_export(path))
    assert len(pv.calls) == 0  # (the one score, not scored, not counted)
    zero = pv.checks[pv.checks["code"] == Code.ZERO_NOT_SCORED.value]
    assert len(zero) == 1 and "1-5 scale" in zero["problem"].iloc[0]
    assert not any("fractions of 1" in m for m in pv.checks["problem"])


def test_an_overall_header_with_its_scale_is_not_read_as_the_criterion_whose_id_it_is(tmp_path):
    # `Result (0-100)` holds each call's overall (90 = (80 + 100) / 2, 30 = (60 + 0) / 2); the criterion whose ID is
    # "Result" is named "Call resolution": an ID is how overall scores are often headed, so only a criterion's name
    # read without the scale makes the column its; kept, not read, as before
    path = tmp_path / "overall.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK},Result (0-100)\n"
                    "C1,Dana Cruz,2026-03-02 10:00,80,90\nC2,Dana Cruz,2026-03-03 10:00,60,30\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "Result", "name": "Call resolution"}])
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("C1", ACK, 80.0), ("C2", ACK, 60.0)]
    assert "Result (0-100)" in pv.ignored
