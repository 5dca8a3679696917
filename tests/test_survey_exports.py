"""A Qualtrics survey export: its third header row of import ids (``{"ImportId": "QID4_1"}``) is skipped with a
note, never read as a call; and its own columns of each response (``Progress``, ``Duration (in seconds)``,
``Finished``, ``LocationLatitude``...) are no criteria, kept but not used and said once.  A SurveyMonkey export:
its ``Respondent ID`` and ``Collector ID`` (numbers of 9 and 11 digits) are no criteria, and its second header row
(``Response``, ``Open-Ended Response``) is skipped with a note."""

from __future__ import annotations

import csv
import io

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

REPS = [{"rep": "Dana Cruz"}]
CRITERIA = [{"criterion_id": "GRT", "name": "Greeting"}, {"criterion_id": "EMP", "name": "Empathy"}]
META = ["StartDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
        "ResponseId", "LocationLatitude", "LocationLongitude"]


def _survey(tmp_path):
    rows = [META + ["Call ID", "Agent", "Call Date", "Greeting", "Empathy"],
            [f'{{"ImportId": "{h}"}}' for h in META] + [f'{{"ImportId": "QID{i}"}}' for i in range(1, 6)],
            ["2026-03-04 15:00", "IP Address", "10.0.0.1", "100", "371", "True", "2026-03-04 15:06", "R_1", "39.7",
             "-104.9", "C1", "Dana Cruz", "2026-03-04 14:05", "80", "60"],
            ["2026-03-05 15:00", "IP Address", "10.0.0.2", "100", "205", "True", "2026-03-05 15:03", "R_2", "39.7",
             "-104.9", "C2", "Dana Cruz", "2026-03-05 14:05", "40", "100"]]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path = tmp_path / "qualtrics.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))


def test_a_qualtrics_import_id_row_is_skipped_with_a_note(tmp_path):
    pv = _survey(tmp_path)
    # the import ids are row 2 of the file: no unreadable date or score of it, one note
    assert not {"unreadable-date", "unreadable-score"} & set(pv.checks["code"])
    notes = [p for p in pv.checks["problem"] if "row of import ids" in p]
    assert len(notes) == 1 and "row 2" in notes[0]


def test_a_surveys_own_columns_are_no_criteria(tmp_path):
    pv = _survey(tmp_path)
    # C1: Greeting 80, Empathy 60; C2: Greeting 40, Empathy 100 (on 0-100); nothing of Progress, Duration...
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("C1", "Empathy", 60.0), ("C1", "Greeting", 80.0), ("C2", "Empathy", 100.0), ("C2", "Greeting", 40.0)]
    assert not {"unknown-criterion", "unknown-score-criterion", "score-out-of-scale"} & set(pv.checks["code"])
    said = [p for p in pv.checks["problem"] if "survey export's own columns" in p]
    assert len(said) == 1 and "Duration (in seconds)" in said[0] and "LocationLatitude" in said[0]


def test_a_survey_column_the_criteria_sheet_names_by_an_other_name_is_read(tmp_path):
    criteria = [*CRITERIA, {"criterion_id": "PRG", "name": "Case progress", "other_names": "Progress"}]
    rows = [META + ["Call ID", "Agent", "Call Date", "Greeting"],
            ["2026-03-04 15:00", "IP Address", "10.0.0.1", "50", "371", "True", "2026-03-04 15:06", "R_1", "39.7",
             "-104.9", "C1", "Dana Cruz", "2026-03-04 14:05", "80"],
            ["2026-03-05 15:00", "IP Address", "10.0.0.2", "100", "205", "True", "2026-03-05 15:03", "R_2", "39.7",
             "-104.9", "C2", "Dana Cruz", "2026-03-05 14:05", "40"]]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path = tmp_path / "qualtrics.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))
    # "Progress" is an other name of Case progress: its 50 and 100 are that criterion's scores on 0-100
    got = pv.calls.loc[pv.calls["criterion"] == "Case progress"]
    assert sorted(zip(got["call_id"], got["score"])) == [("C1", 50.0), ("C2", 100.0)]


def test_a_qa_export_with_its_own_response_id_progress_and_finished_is_no_survey(tmp_path):
    # Response ID, Progress and Finished of a form tool's evaluation export: three of a survey's columns, with no
    # import id row and none of its others (StartDate, IPAddress, RecordedDate...): not said a survey export
    path = tmp_path / "form.csv"
    path.write_text("Response ID,Call ID,Agent,Call Date,Progress,Finished,Greeting,Empathy\n"
                    "R1,C1,Dana Cruz,2026-03-04 14:05,100,True,80,60\n"
                    "R2,C2,Dana Cruz,2026-03-05 14:05,100,True,40,100\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    assert not [p for p in pv.checks["problem"] if "survey export" in p]
    got = pv.calls.loc[pv.calls["criterion"].isin(["Greeting", "Empathy"])]
    assert sorted(zip(got["call_id"], got["criterion"], got["score"])) == [
        ("C1", "Empathy", 60.0), ("C1", "Greeting", 80.0), ("C2", "Empathy", 100.0), ("C2", "Greeting", 40.0)]


# a SurveyMonkey "all individual responses" CSV: its own columns, then the questions; a second header row
# ("Response" / "Open-Ended Response" under each question), then one row per response
MONKEY = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
          "Last Name", "Custom Data 1"]


def _monkey(tmp_path, criteria=CRITERIA):
    rows = [MONKEY + ["Agent", "Call date", "Call ID", "Greeting", "Empathy", "Comments"],
            [""] * len(MONKEY) + ["Response", "Response", "Open-Ended Response", "Response", "Response",
                                  "Open-Ended Response"],
            ["11401234561", "431000000", "03/11/2026 03:00:00 PM", "03/11/2026 03:03:00 PM", "10.0.0.1", "", "", "",
             "", "Dana Cruz", "03/04/2026", "C1", "Yes", "No", ""],
            ["11401234562", "431000000", "03/12/2026 03:00:00 PM", "03/12/2026 03:03:00 PM", "10.0.0.1", "", "", "",
             "", "Dana Cruz", "03/05/2026", "C2", "No", "Yes", "good call"]]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path = tmp_path / "surveymonkey.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))


def test_a_surveymonkey_export_s_id_columns_are_no_criteria(tmp_path):
    pv = _monkey(tmp_path)
    # C1: Greeting Yes = 100, Empathy No = 0; C2: Greeting No = 0, Empathy Yes = 100; the 11-digit Respondent ID and
    # the 9-digit Collector ID are no scores (before: each read as a criterion, every cell "far outside 0-100")
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("C1", "Empathy", 0.0), ("C1", "Greeting", 100.0), ("C2", "Empathy", 100.0), ("C2", "Greeting", 0.0)]
    assert not {"unknown-criterion", "unknown-score-criterion"} & set(pv.checks["code"])
    assert not [p for p in pv.checks["problem"] if "far outside 0-100" in p or " ID" in p]


def test_a_surveymonkey_second_header_row_is_skipped_with_a_note(tmp_path):
    pv = _monkey(tmp_path)
    # row 2 of the file, "Response" under Agent, Call date, Greeting...: no rep, date or score of it, one note
    assert not {"unreadable-date", "unreadable-score", "unknown-rep", "missing-field"} & set(pv.checks["code"])
    notes = [p for p in pv.checks["problem"] if "second header row" in p]
    assert len(notes) == 1 and "row 2" in notes[0]
    assert sorted(set(pv.calls["call_id"])) == ["C1", "C2"]



def test_a_criterion_headed_id_with_one_mistyped_long_number_is_read_with_the_typo_said(tmp_path):
    """A criterion not yet on the Criteria sheet whose header ends in ID, of scores 0-100 and one mistyped 10000000,
    is no column of record ids (not every number has 8 digits): read, the typo an error, the criterion named."""
    path = tmp_path / "r7.csv"
    path.write_text("Call ID,Agent,Call date,Greeting,Verified caller ID\nC1,Dana Cruz,2026-03-04,80,100\n"
                    "C2,Dana Cruz,2026-03-05,90,10000000\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    # C1: Greeting 80, Verified caller ID 100; C2: Greeting 90, its 10000000 not counted (one error)
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("C1", "Greeting", 80.0), ("C1", "Verified caller ID", 100.0), ("C2", "Greeting", 90.0)]
    assert list(pv.checks["code"]).count("unreadable-score") == 1
    assert "unknown-score-criterion" in set(pv.checks["code"])


def test_only_a_header_ending_in_the_word_id_names_record_ids():
    import pandas as pd

    from coachlog_xl.core.sidewords import record_ids

    ids = pd.Series(["11401234561", "11401234562"])
    # a word ending in "id" is no ID: Paid, Valid, Words to avoid, Grid
    assert [record_ids(h, ids) for h in ("Paid", "Valid", "Words to avoid", "Grid")] == [False] * 4
    # "ID", "Id" as a word or the last word of a name written together (RespondentId), any case as a word
    assert [record_ids(h, ids) for h in ("Respondent ID", "Collector id", "RespondentId", "respondent_id")] == [
        True] * 4
