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


def _preview(path, criteria=CRITERIA):
    return preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))


@pytest.mark.parametrize(("band", "side"), [("Call details", "Duration (sec)"), ("Call details", "CSAT"),
                                            ("Call details", "Team"), ("", "Evaluation ID")])
def test_a_numeric_side_column_among_the_call_columns_is_kept_not_read_as_a_criterion(tmp_path, band, side):
    path = tmp_path / "side.csv"
    path.write_text(f"{band},,,,{ACK},,{VERIFY},\nCall ID,Agent,Call Date,{side},Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,7,80,ok,100,\nM2,Eli Moss,2026-03-05 09:00,9,60,meh,0,missed\n",
                    encoding="utf-8")
    pv = _preview(path)
    got, checks = _read(path)
    # E is ACK's score (80, 60), G VERIFY's (100, 0), on rows 3 and 4 under the two header rows; D (7, 9) stands under
    # no criterion's band and names no criterion: a side column, kept but not used
    assert got == [(3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    assert side in pv.ignored
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])
    assert Code.NO_KNOWN_CRITERION.value not in set(checks["code"])


def test_duration_and_csat_beside_the_bands_raise_no_check_rows(tmp_path):
    path = tmp_path / "call.csv"
    path.write_text(f"Call details,,,,,{ACK},,{VERIFY},\n"
                    "Call ID,Agent,Call Date,Duration (sec),CSAT,Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,340,4,80,ok,100,\nM2,Eli Moss,2026-03-05 09:00,200,5,60,meh,0,x\n",
                    encoding="utf-8")
    pv = _preview(path)
    # F ACK's (80, 60), H VERIFY's (100, 0): two criteria; D (340, 200) and E (4, 5) are the call's, not scores, so
    # no unknown criterion, no score past 100, no scale to ask about
    assert sorted(zip(pv.calls["row"], pv.calls["criterion"], pv.calls["score"])) == [
        (3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    assert set(pv.checks["code"]) == {Code.LAYOUT_NOTE.value}
    assert any("wide layout read, 2 criterion columns: " + f"{ACK}, {VERIFY}." in m for m in pv.checks["problem"])
    assert pv.ignored[:2] == ["Duration (sec)", "CSAT"]


@pytest.mark.parametrize("named", ["Empathy", "EMP", "Shows empathy"])
def test_a_column_beside_the_bands_headed_by_a_criterions_name_id_or_other_name_is_that_criterion(tmp_path, named):
    path = tmp_path / "named.csv"
    path.write_text(f"Call details,,,,{ACK},,{VERIFY},\nCall ID,Agent,Call Date,{named},Score,Comment,Score,Comment\n"
                    "M1,Dana Cruz,2026-03-04 14:05,70,80,ok,100,\n", encoding="utf-8")
    criteria = [*CRITERIA, {"criterion_id": "EMP", "name": "Empathy", "other_names": "Shows empathy"}]
    pv = _preview(path, criteria)
    # D (70) is Empathy's by its name, ID or other name, though under no band; E ACK's 80, G VERIFY's 100
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0), ("Empathy", 70.0), (VERIFY, 100.0)]


def test_a_one_row_export_still_reads_an_unknown_numeric_column_as_a_criterion(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(f"Call ID,Agent,Call Date,Duration (sec),{ACK},{VERIFY}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,340,80,100\n", encoding="utf-8")
    pv = _preview(path)
    # no band row says which columns are criteria: D (340) may be a criterion the Criteria sheet lacks, and is said so
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [
        (ACK, 80.0), ("Duration (sec)", 340.0), (VERIFY, 100.0)]
    assert Code.UNKNOWN_SCORE_CRITERION.value in set(pv.checks["code"])


@pytest.mark.parametrize("tail", ["Handle time", "Points earned", "Evaluation ID"])
def test_a_column_after_the_last_band_that_no_group_holds_keeps_its_own_header(tmp_path, tail):
    path = tmp_path / "tail.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},,\nCall ID,Agent,Call Date,Score,Comment,Score,Comment,{tail}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,,340\nM2,Eli Moss,2026-03-05 09:00,60,meh,0,x,200\n",
                    encoding="utf-8")
    pv = _preview(path)
    got, checks = _read(path)
    # D ACK's (80, 60), F VERIFY's (100, 0); H (340, 200) ends VERIFY's band: its own header, a side column, not
    # "Verifies identity - Handle time"
    assert got == [(3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    assert pv.ignored == [f"{ACK} - Comment", f"{VERIFY} - Comment", tail]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])


def test_a_criterion_headed_after_the_last_band_is_read_by_its_own_name(tmp_path):
    path = tmp_path / "after.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},,\nCall ID,Agent,Call Date,Score,Comment,Score,Comment,Empathy\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,,70\n", encoding="utf-8")
    criteria = [*CRITERIA, {"criterion_id": "EMP", "name": "Empathy"}]
    pv = _preview(path, criteria)
    # H (70) headed Empathy ends VERIFY's band: Empathy's score, not "Verifies identity - Empathy"
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0), ("Empathy", 70.0), (VERIFY, 100.0)]


def test_a_bands_own_fields_after_its_score_stay_its_own(tmp_path):
    path = tmp_path / "fields.csv"
    path.write_text(f",,,{ACK},,,{VERIFY},,\nCall ID,Agent,Call Date,Score,Max,Comments,Points,N/A,Notes\n"
                    "M1,Dana Cruz,2026-03-04 14:05,8,10,ok,4,,fine\n", encoding="utf-8")
    pv = _preview(path)
    # D/E ACK's points over its maximum (8 of 10: 80), G VERIFY's 4 with N/A blank; the comments and notes their own
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0), (VERIFY, 4.0)]
    assert f"{ACK} - Comments" in pv.ignored and f"{VERIFY} - Notes" in pv.ignored


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


@pytest.mark.parametrize("sections", ["Interaction,,People", "Call,,Staff", "Interaction,When,Who"])
@pytest.mark.parametrize("weekly", [False, True])
def test_section_names_over_the_calls_own_columns_are_a_band_row_not_a_calls_row(tmp_path, sections, weekly):
    path = tmp_path / "sections.csv"
    header = "Call ID,Call Date,Agent,Score,Comment,Score,Comment\n"
    week2 = header + "M3,2026-03-11 14:05,Dana Cruz,70,ok,100,\n" if weekly else ""
    path.write_text(f"{sections},{ACK},,{VERIFY},\n{header}M1,2026-03-04 14:05,Dana Cruz,80,ok,100,\n"
                    f"M2,2026-03-05 09:00,Eli Moss,60,meh,0,missed\n{week2}", encoding="utf-8")
    got, checks = _read(path)
    # row 1 holds section names over the call's columns (no call id, no date, nothing over the Score columns that
    # reads as a score) and the criteria's names over D and F: a band row.  D is ACK's score, F VERIFY's: rows 3
    # and 4 (80, 100; 60, 0), and after the second week's repeated header on row 5, row 6 (70, 100)
    want = [(3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    assert got == want + ([(6, ACK, 70.0), (6, VERIFY, 100.0)] if weekly else [])
    assert Code.MISSING_COLUMN.value not in set(checks["code"])


@pytest.mark.parametrize("head", ["Courtesy", "Answer", "Pts"])
def test_a_column_of_scores_under_no_criterions_band_headed_by_no_field_is_read_and_said_unknown(tmp_path, head):
    path = tmp_path / "unknown.csv"
    path.write_text(f"Call details,,,{ACK},,\nCall ID,Agent,Call Date,Score,Comment,{head}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100\nM2,Eli Moss,2026-03-05 09:00,60,meh,0\n",
                    encoding="utf-8")
    got, checks = _read(path)
    # D is ACK's score (80, 60); F (100, 0) stands under no criterion's band and its header says nothing about the
    # call (no duration, time, CSAT or id word): a criterion the Criteria sheet lacks, read and said so, not dropped
    assert got == [(3, ACK, 80.0), (3, head, 100.0), (4, ACK, 60.0), (4, head, 0.0)]
    unknown = checks[checks["code"] == Code.UNKNOWN_SCORE_CRITERION.value]
    assert len(unknown) == 1 and f'"{head}"' in unknown["problem"].iloc[0]


@pytest.mark.parametrize(("head", "cells", "want"), [("Answer", ("Yes", "No"), (100.0, 0.0)),
                                                     ("Pts", (100, 0), (100.0, 0.0)),
                                                     ("Rating (1-5)", (4, 2), (80.0, 40.0))])
def test_a_criterions_band_over_its_one_column_not_headed_score_is_that_criterions_column(tmp_path, head, cells,
                                                                                          want):
    path = tmp_path / "lone.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY}\nCall ID,Agent,Call Date,Score,Comment,{head}\n"
                    f"M1,Dana Cruz,2026-03-04 14:05,80,ok,{cells[0]}\nM2,Eli Moss,2026-03-05 09:00,60,meh,{cells[1]}\n",
                    encoding="utf-8")
    got, checks = _read(path)
    # D is ACK's score (80, 60); VERIFY's band stands over F alone: VERIFY's column.  Yes/No read as 100/0; Pts
    # 100/0 as they are; on the 1-5 its header states, 4 and 2 are 4/5 x 100 = 80 and 2/5 x 100 = 40
    assert got == [(3, ACK, 80.0), (3, VERIFY, want[0]), (4, ACK, 60.0), (4, VERIFY, want[1])]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])


def test_a_field_repeated_under_every_band_after_its_score_stays_kept_not_read(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},\nCall ID,Agent,Call Date,Score,Answer,Score,Answer\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,Yes,100,Yes\nM2,Eli Moss,2026-03-05 09:00,60,No,0,No\n",
                    encoding="utf-8")
    pv = _preview(path)
    got, checks = _read(path)
    # D ACK's (80, 60), F VERIFY's (100, 0); E and G, "Answer" under each band, are a field of each group: kept
    assert got == [(3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]
    assert pv.ignored == ["Answer", "Answer"]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])


@pytest.mark.parametrize("name", ["Hold time explained", "Team handoff", "Number verification", "Queue etiquette"])
def test_a_criterion_not_yet_on_the_sheet_whose_name_holds_a_call_word_is_read_and_said_unknown(tmp_path, name):
    # a band row over ACK's Score/Comment; the last column, under no band, is headed by a criterion's name that holds
    # a word of the call's details (hold, team, number, queue) but is no header about the call: its 100 and 0 are read
    # as that criterion's, which the Criteria sheet lacks, so it is said unknown (not dropped unsaid)
    path = tmp_path / "named.csv"
    path.write_text(f",,,{ACK},,\nCall ID,Agent,Call Date,Score,Comment,{name}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100\nM2,Eli Moss,2026-03-05 09:00,60,meh,0\n",
                    encoding="utf-8")
    got, checks = _read(path)
    assert got == [(3, ACK, 80.0), (3, name, 100.0), (4, ACK, 60.0), (4, name, 0.0)]
    unknown = checks[checks["code"] == Code.UNKNOWN_SCORE_CRITERION.value]
    assert len(unknown) == 1 and f'"{name}"' in unknown["problem"].iloc[0]
