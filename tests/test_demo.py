"""The demo: seeded, realistic in size, and every status, decision, invalid cause and check shows up."""

from __future__ import annotations

import zipfile
from collections import Counter

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from coachlog_xl.demo import demo_data


@pytest.fixture(scope="module")
def demo():
    d = demo_data()
    res = compute(RawInputs.from_records(criteria=d.criteria, reps=d.reps, scores=d.scores, log=d.log,
                                         supervisors=d.supervisors), as_of=d.as_of)
    return d, res


def test_same_seed_same_data_and_another_seed_differs():
    assert demo_data(5) == demo_data(5)
    assert demo_data(5).scores != demo_data(6).scores


def test_size_is_a_realistic_team(demo):
    d, _ = demo
    assert len(d.reps) == 12 and len(d.supervisors) == 3
    assert len({c["name"] for c in d.criteria}) == 6
    assert {r["call_type"] for r in d.scores} == {"inbound", "outbound", "retention"}
    assert len(d.scores) >= 2000 and len(d.log) >= 40


def test_every_status_decision_and_invalid_cause_appears(demo):
    _, res = demo
    f = res.followup
    assert set(f["status"]) == {"scheduled", "awaiting calls", "in progress", "check-in due", "complete", "expired"}
    assert set(f["suggested"]) == {"close", "continue", "escalate"}
    for condition in ("same_criterion", "definition_unchanged", "types_comparable", "enough_calls"):
        assert (f[condition] == "no").any(), condition
    history = f[(f["suggested"] == "escalate") & f["reason"].str.contains("earlier sessions")]
    assert len(history) >= 1


def test_every_log_quality_problem_and_paste_quirk_appears(demo):
    _, res = demo
    codes = Counter(res.checks["code"])
    for code in (Code.MISSING_CRITERION, Code.BROAD_THEME, Code.SEVERAL_TARGETS, Code.OUTCOME_TARGET,
                 Code.EVALUATIVE_OBSERVATION, Code.MIXED_OBSERVATION, Code.GENERIC_SUMMARY, Code.BAD_FOLLOWUP_NUMBER,
                 Code.MISSING_EVIDENCE, Code.OVERALL_SCORE_EVIDENCE, Code.LATE_LOG, Code.NO_OUTCOME,
                 Code.CONFLICT, Code.CALIBRATION_MERGED, Code.DUPLICATE_ROW, Code.TYPED_BASELINE_DIFFERS):
        assert codes[code.value] >= 1, code


def test_coachlog_demo_writes_a_refreshed_workbook(tmp_path):
    path = tmp_path / "demo.xlsx"
    result = CliRunner().invoke(main, ["demo", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Refreshed {path}" in result.output
    wb = load_workbook(path)
    assert wb["Follow-up"].max_row >= 41 and wb["Aggregate"].max_row > 10
    assert wb["Start here"]["B3"].value.startswith("Refreshed")
    with zipfile.ZipFile(path) as zf:  # the tool's own charts on Aggregate (openpyxl does not read charts back)
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 2
    again = CliRunner().invoke(main, ["demo", str(path)])
    assert again.exit_code == 2 and "already exists" in again.output
