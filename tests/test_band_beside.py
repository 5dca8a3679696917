"""A banded wide export with a column of numbers beside the criteria's groups: a side column about the call
(``Duration (sec)``, ``CSAT``, ``Evaluation ID``) under ``Call details`` or no band, or the call's overall score
(``Total score``, ``Grade``) after the last group.  The bands over ``Score`` columns are still read, and the
other column keeps its own header."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]


def _read(path):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    calls = pv.calls.sort_values(["row", "criterion"])
    return [(r.row, r.criterion, r.score) for r in calls.itertuples()], pv.checks


@pytest.mark.parametrize(("band", "side"), [("Call details", "Duration (sec)"), ("Call details", "CSAT"),
                                            ("Call details", "Team"), ("", "Evaluation ID")])
def test_a_numeric_side_column_among_the_call_columns_leaves_the_criteria_bands_read(tmp_path, band, side):
    path = tmp_path / "side.csv"
    path.write_text(f"{band},,,,{ACK},,{VERIFY},\nCall ID,Agent,Call Date,{side},Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,7,80,ok,100,\nM2,Eli Moss,2026-03-05 09:00,9,60,meh,0,missed\n",
                    encoding="utf-8")
    got, checks = _read(path)
    # E is ACK's score (80, 60), G VERIFY's (100, 0), on rows 3 and 4 under the two header rows
    crits = [(row, crit, score) for row, crit, score in got if crit in (ACK, VERIFY)]
    assert crits == [(3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    # D keeps its own header, read as a one-row wide export reads it (7 and 9, a criterion not on the sheet)
    assert [(row, crit, score) for row, crit, score in got if crit not in (ACK, VERIFY)] == [
        (3, side, 7.0), (4, side, 9.0)]
    assert Code.NO_KNOWN_CRITERION.value not in set(checks["code"])


@pytest.mark.parametrize("overall", ["Total score", "Total", "Percentage", "QA Score", "Grade", "Total (%)"])
def test_an_overall_score_after_the_last_band_stays_the_overall_score(tmp_path, overall):
    path = tmp_path / "trailing.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},,\nCall ID,Agent,Call Date,Score,Comment,Score,Comment,{overall}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,,90\nM2,Eli Moss,2026-03-05 09:00,60,meh,0,missed,30\n",
                    encoding="utf-8")
    got, checks = _read(path)
    # D ACK's (80, 60), F VERIFY's (100, 0); H (90, 30) under VERIFY's blank band cell is the overall score: not
    # "Verifies identity - Total score", no third criterion
    assert got == [(3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])
    assert any("wide layout read, 2 criterion columns" in m for m in checks["problem"])


@pytest.mark.parametrize("overall", ["Total score", "Overall %", "Final Score", "Grade"])
def test_an_overall_score_under_the_call_details_band_leaves_the_criteria_bands_read(tmp_path, overall):
    path = tmp_path / "leading.csv"
    path.write_text(f"Call details,,,,{ACK},,{VERIFY},\nCall ID,Agent,Call Date,{overall},Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,90,80,ok,100,\n", encoding="utf-8")
    got, checks = _read(path)
    # D (90) the overall score; E ACK's 80, G VERIFY's 100
    assert got == [(3, ACK, 80.0), (3, VERIFY, 100.0)]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])


@pytest.mark.parametrize("label", ["1.1", "25%", "Met", "10"])
def test_a_band_whose_name_reads_as_a_score_still_names_its_group_and_the_other_bands_are_read(tmp_path, label):
    path = tmp_path / "label.csv"
    path.write_text(f"Call details,,,{label},,{VERIFY},\nCall ID,Agent,Call Date,Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,\n", encoding="utf-8")
    got, _ = _read(path)
    # row 1 is no data row: blank over Agent and Call Date, no call id, no date; D (80) is the band's, F (100) VERIFY's
    assert sorted(got) == sorted([(3, label, 80.0), (3, VERIFY, 100.0)])


def test_numbered_bands_read_as_the_criteria_the_criteria_sheet_numbers_so(tmp_path):
    path = tmp_path / "numbered.csv"
    path.write_text("Call details,,,1.1,,1.2,\nCall ID,Agent,Call Date,Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,\n", encoding="utf-8")
    criteria = [{"criterion_id": "1.1", "name": ACK}, {"criterion_id": "1.2", "name": VERIFY}]
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))
    # D (80) under 1.1 is ACK's, F (100) under 1.2 VERIFY's
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0), (VERIFY, 100.0)]


def test_a_row_of_scores_with_the_calls_own_cells_over_a_header_is_data_not_a_band(tmp_path):
    path = tmp_path / "data.csv"
    # row 1 is a call's row (call id X, rep, an unreadable date) with scores over both Score columns: no band
    path.write_text("X,Dana Cruz,soon,70,ok,50,\nCall ID,Agent,Call Date,Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,\n", encoding="utf-8")
    got, checks = _read(path)
    assert got == []
    assert Code.MISSING_COLUMN.value in set(checks["code"])
