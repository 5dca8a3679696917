"""An export with no criterion column whose one column of scores is headed by a generic word (``Outcome``,
``Result``, ``Status``, ``Pass/Fail``): the missing criterion column is said once, naming that column and what
would have it read, not a criterion "Outcome" whose rows conflict call by call."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

ACK = "Acknowledges the concern"
REPS = [{"rep": "Dana Cruz"}]


def _export(path, head):
    # three calls, each on three rows (one per question of the scorecard, the question not exported):
    # Pass, Fail, Pass on each call: read as one criterion, each call's rows would be 100, 0, 100 in conflict
    rows = [f"Call ID,Agent,Call Date,{head}"]
    for call in ("C1", "C2", "C3"):
        rows += [f"{call},Dana Cruz,2026-03-02 10:00,{v}" for v in ("Pass", "Fail", "Pass")]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("head", ["Outcome", "Result", "Status", "Pass/Fail"])
def test_a_lone_generic_column_of_scores_is_no_criterion_and_the_missing_criterion_column_names_it(tmp_path, head):
    export = _export(tmp_path / "qa.csv", head)
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=REPS),
                 read_export(export))
    assert pv.calls.empty
    codes = list(pv.checks["code"])
    assert Code.CONFLICT.value not in codes
    assert codes.count(Code.MISSING_COLUMN.value) == 1  # the criterion column's; the scores are found
    said = pv.checks.loc[pv.checks["code"] == Code.MISSING_COLUMN.value].iloc[0]
    assert said["problem"].startswith(f'qa.csv: no criterion column. Its one column of scores, "{head}", is not read')
    assert "Field criterion" in said["fix"] and f'with "{head}" as its Criterion' in said["fix"]
    assert pv.refused


def test_the_generic_column_is_read_as_the_criterion_the_criteria_sheet_names_so(tmp_path):
    export = tmp_path / "qa.csv"
    export.write_text("Call ID,Agent,Call Date,Outcome\nC1,Dana Cruz,2026-03-02 10:00,Pass\n"
                      "C2,Dana Cruz,2026-03-03 10:00,Fail\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "OUT", "name": "Outcome"}], reps=REPS),
                 read_export(export))
    # the team coaches a criterion named Outcome: its column is read, Pass = 100 and Fail = 0
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("C1", "Outcome", 100.0), ("C2", "Outcome", 0.0)]
    assert Code.MISSING_COLUMN.value not in set(pv.checks["code"])


def test_a_status_beside_a_score_column_is_read_as_before_not_blamed(tmp_path):
    export = tmp_path / "qa.csv"
    export.write_text("Call ID,Agent,Call Date,Score,Status\nM1,Dana Cruz,2026-03-04 14:05,80,Pass\n"
                      "M2,Dana Cruz,2026-03-05 14:05,40,Fail\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=REPS),
                 read_export(export))
    # a Score column is mapped: the generic rule does not apply; Status is read as a wide criterion column, as
    # before (Pass = 100 on M1, Fail = 0 on M2), not on the Criteria sheet; nothing refused, Score not re-pointed
    assert pv.refused == []
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("M1", "Status", 100.0), ("M2", "Status", 0.0)]
    assert Code.MISSING_COLUMN.value not in set(pv.checks["code"])
    assert not any("generic word" in m for m in pv.checks["problem"])


@pytest.mark.parametrize(("heads", "m1", "m2"), [("Outcome,Evaluation Score", "Pass,80", "Fail,40"),
                                                 ("Result,Total points", "Pass,18", "Fail,7")])
def test_a_generic_column_beside_an_overall_score_not_the_score_field_is_named_as_the_lone_one(tmp_path, heads, m1, m2):
    export = tmp_path / "qa.csv"
    export.write_text(f"Call ID,Agent,Call Date,{heads}\nM1,Dana Cruz,2026-03-04 14:05,{m1}\n"
                      f"M2,Dana Cruz,2026-03-05 14:05,{m2}\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=REPS),
                 read_export(export))
    # the overall score (80 and 40, 18 and 7 points) is no criterion's, so the generic column is the paste's one
    # column of scores: not read as a criterion, and the missing criterion column names it
    generic = heads.split(",")[0]
    assert pv.calls.empty
    said = pv.checks.loc[pv.checks["code"] == Code.MISSING_COLUMN.value, "problem"].tolist()
    assert said[0].startswith(f'qa.csv: no criterion column. Its one column of scores, "{generic}", is not read')
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(pv.checks["code"])


@pytest.mark.parametrize("head, values", [("Outcome,Evaluation Score", ("Pass,80", "Fail,40")),
                                          ("Result,Total points", ("Pass,18", "Fail,7"))])
def test_a_criterions_other_name_does_not_make_a_generic_column_of_scores_its_own(tmp_path, head, values):
    # the criterion's Other names hold the export's generic header: an other name is how a long export spells a
    # criterion's rows, not a wide export's verdict column; the paste is read as without it: no call counted (a Pass
    # and a Fail would be 100 and 0 on "Resolution confirmed"), one missing criterion column naming the column
    generic = head.split(",")[0]
    export = tmp_path / "qa.csv"
    export.write_text(f"Call ID,Agent,Call Date,{head}\nM1,Dana Cruz,2026-03-04 14:05,{values[0]}\n"
                      f"M2,Dana Cruz,2026-03-05 14:05,{values[1]}\n", encoding="utf-8")
    criteria = [{"criterion_id": "RES", "name": "Resolution confirmed", "other_names": generic}]
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(export))
    assert pv.calls.empty
    missing = pv.checks.loc[pv.checks["code"] == Code.MISSING_COLUMN.value]
    assert len(missing) == 1
    assert missing.iloc[0]["problem"].startswith(
        f'qa.csv: no criterion column. Its one column of scores, "{generic}", is not read')
