"""A call's yes/no flag column (``Auto-Fail``, ``auto_fail``, ``Critical Fail``) is not read as a criterion unless
the Criteria sheet names it; and where an export holds each call's scores in one JSON cell (``scores_json``), the
missing criterion column's message says so and what to export, not to add the flag as a criterion."""

from __future__ import annotations

import json

import pytest

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export
from tests.wbkit import run, team_book

REPS = [{"rep": "Dana Cruz"}]
CRITERIA = [{"criterion_id": "GRT", "name": "Greeting"}, {"criterion_id": "EMP", "name": "Empathy"}]


def _export(tmp_path, flag: str):
    path = tmp_path / "five9.csv"
    path.write_text(f"Call ID,Agent,Call Date,Greeting,Empathy,{flag}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,60,No\n"
                    "M2,Dana Cruz,2026-03-05 14:05,40,100,Yes\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("flag", ["Auto-Fail", "auto_fail", "Critical Fail"])
def test_a_flag_column_is_no_criterion(tmp_path, flag):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(_export(tmp_path, flag)))
    # Greeting 80, 40 and Empathy 60, 100 (on 0-100): four scores, none of the flag's
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("M1", "Empathy", 60.0), ("M1", "Greeting", 80.0), ("M2", "Empathy", 100.0), ("M2", "Greeting", 40.0)]
    assert "unknown-criterion" not in set(pv.checks["code"])


def test_a_flag_column_the_criteria_sheet_names_is_read(tmp_path):
    criteria = [*CRITERIA, {"criterion_id": "AF", "name": "Auto-Fail"}]
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(_export(tmp_path, "Auto-Fail")))
    # No = 0, Yes = 100
    assert sorted(s for c, s in zip(pv.calls["criterion"], pv.calls["score"]) if c == "Auto-Fail") == [0.0, 100.0]


def test_scores_in_a_json_cell_are_said_with_the_export_to_make(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [("GRT", "Greeting")], ["Dana Cruz"])
    export = tmp_path / "levelai.csv"
    cell = json.dumps([{"question": "Greeting", "score": 80, "max": 100}]).replace('"', '""')
    export.write_text("conversation_id,agent,call date,score,scores_json,auto_fail\n"
                      f'40001,Dana Cruz,2026-03-04 14:05,80%,"{cell}",false\n', encoding="utf-8")
    out = run("import", book, export, "--dry-run").output
    assert "no criterion column" in out
    assert '"scores_json" holds each call\'s scores in one cell as JSON' in out
    assert "one row per criterion" in out
    assert "no criterion to add to the Criteria sheet" in out
    assert "Add the criteria" not in out


@pytest.mark.parametrize(("named", "flag"), [
    ({"other_names": "Auto-Fail"}, "Auto-Fail"),  # the team's compliance item, as its QA tool exports it
    ({"other_names": "Critical Fail"}, "critical_fail"),
    ({"criterion_id": "Auto-Fail"}, "Auto-Fail"),
])
def test_a_flag_column_named_by_an_other_name_or_id_is_that_criterion(tmp_path, named, flag):
    criteria = [*CRITERIA, {"criterion_id": "CMP", "name": "Compliance", **named}]
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(_export(tmp_path, flag)))
    # the flag column is Compliance's: M1 No = 0, M2 Yes = 100; never dropped (a session on it would record n = 0)
    got = pv.calls.loc[pv.calls["criterion"] == "Compliance"]
    assert sorted(zip(got["call_id"], got["score"])) == [("M1", 0.0), ("M2", 100.0)]


def test_a_flag_column_kept_unused_is_said_once(tmp_path):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(_export(tmp_path, "Auto-Fail")))
    said = [p for p in pv.checks["problem"] if "Auto-Fail" in p]
    assert len(said) == 1 and "kept but not used" in said[0] and "flag" in said[0]
