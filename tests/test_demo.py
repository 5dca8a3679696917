"""The demo: seeded and realistic; a refresh shows every status, decision, invalid cause and check."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from coachlog_xl.demo import VERIFY_V2, demo_data

STATUSES = {"scheduled", "awaiting calls", "in progress", "check-in due", "complete", "expired"}
CONDITIONS = ("same_criterion", "definition_unchanged", "types_comparable", "enough_calls")
LOG_QUALITY = (
    Code.MISSING_CRITERION, Code.BROAD_THEME, Code.SEVERAL_TARGETS, Code.OUTCOME_TARGET,
    Code.EVALUATIVE_OBSERVATION, Code.MIXED_OBSERVATION, Code.GENERIC_SUMMARY, Code.BAD_FOLLOWUP_NUMBER,
    Code.MISSING_EVIDENCE, Code.OVERALL_SCORE_EVIDENCE, Code.LATE_LOG, Code.NO_OUTCOME,
)
PASTE_QUIRKS = (Code.CONFLICT, Code.CALIBRATION_MERGED, Code.DUPLICATE_ROW, Code.EXCLUDED, Code.NOT_SCORED,
                Code.TYPED_BASELINE_DIFFERS)


@pytest.fixture(scope="module")
def demo():
    d = demo_data()
    res = compute(RawInputs.from_records(criteria=d.criteria, reps=d.reps, scores=d.scores, log=d.log,
                                         supervisors=d.supervisors), as_of=d.as_of)
    return d, res


def test_same_seed_gives_identical_data_and_another_seed_differs():
    assert demo_data(5) == demo_data(5)
    assert demo_data(5).scores != demo_data(6).scores


def test_size_is_a_realistic_team(demo):
    d, _ = demo
    assert len(d.reps) == 12 and len(set(d.supervisors)) == 3
    assert {r["supervisor"] for r in d.reps} == set(d.supervisors)
    assert len({c["criterion_id"] for c in d.criteria}) == 6 and len({c["name"] for c in d.criteria}) == 6
    assert {r["call_type"] for r in d.scores} == {"inbound", "outbound", "retention"}
    assert len(d.scores) >= 2000 and len(d.log) >= 40
    assert {r["supervisor"] for r in d.log} == set(d.supervisors)


def test_records_use_schema_keys_and_a_fixed_as_of(demo):
    d, _ = demo
    assert str(d.as_of) == "2026-06-30"
    for records, sheet in ((d.criteria, schema.CRITERIA), (d.reps, schema.REPS), (d.scores, schema.SCORES),
                           (d.log, schema.LOG)):
        assert set().union(*records) <= set(sheet.keys), sheet.name


def test_scores_look_like_a_qa_export(demo):
    d, _ = demo
    assert all(re.fullmatch(r"CL-\d{6}", r["call_id"]) for r in d.scores)
    assert all(r["call_at"].weekday() < 5 and 8 <= r["call_at"].hour < 18 for r in d.scores)
    days = [r["call_at"].date() for r in d.scores]
    assert min(days).month == 1 and max(days) <= d.as_of
    numbers = [r["score"] for r in d.scores if r["score"] != "N/A"]
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in numbers)
    assert 3 <= Counter(r["score"] for r in d.scores)["N/A"] <= 10
    assert 3 <= len({r["evaluator"] for r in d.scores}) <= 4


def test_criteria_versions_in_scores_follow_the_effective_dates(demo):
    d, _ = demo
    versions = {(c["criterion_id"], c["version"]) for c in d.criteria}
    assert ("VERIFY", "v2") in versions and len(versions) == 7
    verify = next(c["name"] for c in d.criteria if c["criterion_id"] == "VERIFY")
    for r in d.scores:
        new = r["criterion"] == verify and r["call_at"].date() >= VERIFY_V2
        assert r["version"] == ("v2" if new else "v1")


def test_evidence_calls_are_the_reps_own_calls_on_that_criterion(demo):
    d, _ = demo
    aliases = {r["rep"]: {r["rep"], *(n.strip() for n in r["other_names"].split(";"))} for r in d.reps}
    named = {r["other_names"]: r["name"] for r in d.criteria if r["other_names"]}  # (an export's spelling)
    by_call = {(r["call_id"], named.get(r["criterion"], r["criterion"])): r for r in d.scores}
    anchored = [row for row in d.log if row.get("evidence_quote")]
    assert len(anchored) >= 35
    for row in anchored:
        call = by_call[(row["evidence_call"], row["evidence_criterion"])]
        assert call["rep"] in aliases[row["rep"]] and call["score"] == row["evidence_score"]
        assert call["call_at"].date() < row["session_date"]


def test_every_status_decision_and_invalid_cause_appears(demo):
    _, res = demo
    f = res.followup
    assert list(f.columns) == schema.FOLLOWUP.keys
    assert set(f["status"]) == STATUSES
    assert set(f["suggested"]) == {"close", "continue", "escalate"}
    for condition in CONDITIONS:
        assert (f[condition] == "no").any(), condition


def test_an_escalation_comes_from_the_reps_history(demo):
    _, res = demo
    f = res.followup
    history = f[(f["suggested"] == "escalate") & f["reason"].str.contains("earlier sessions")]
    assert len(history) >= 1
    assert (history["delta"] > 0).all()


def test_every_log_quality_problem_and_paste_quirk_appears(demo):
    _, res = demo
    codes = Counter(res.checks["code"])
    for code in LOG_QUALITY + PASTE_QUIRKS:
        assert codes[code.value] >= 1, code


def test_managers_mostly_but_not_always_follow_the_suggestion(demo):
    _, res = demo
    decided = res.followup[res.followup["decision"].notna()]
    agree = (decided["decision"] == decided["suggested"]).mean()
    assert len(decided) >= 25 and 0.8 <= agree < 1


def test_coachlog_demo_writes_a_refreshed_workbook_into_a_new_file_and_keeps_no_bak(tmp_path):
    path = tmp_path / "demo.xlsx"
    result = CliRunner().invoke(main, ["demo", str(path)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "demo.xlsx.bak").exists()
    assert f"Refreshed {path}" in result.output
    # its last line: the errors and warnings the summary just counted are the demo's mistakes, made on purpose
    assert result.output.splitlines()[-1] == (
        "The demo holds mistakes on purpose (an unresolved score conflict, a targeted criterion left blank, a log "
        "written three days late, ...): its errors and warnings are there to show what Checks says and how to fix it.")
    assert " errors, " in result.output.splitlines()[-2]
    wb = load_workbook(path)
    assert wb["Follow-up"].max_row >= 41 and wb["Aggregate"].max_row > 10
    assert wb["Start here"]["B3"].value.startswith("Refreshed")
    with zipfile.ZipFile(path) as zf:  # the charts on Aggregate (openpyxl does not read charts back)
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 4
    again = CliRunner().invoke(main, ["demo", str(path)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_coachlog_demo_force_keeps_the_workbook_it_replaces_apart_and_no_bak(tmp_path):
    path = tmp_path / "team.xlsx"
    assert CliRunner().invoke(main, ["new", str(path)]).exit_code == 0
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["demo", str(path), "--force"])
    assert result.exit_code == 0, result.output
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("team.before-demo-")]
    assert len(kept) == 1 and kept[0].name in result.output
    assert kept[0].read_bytes() == before  # the replaced workbook, not the demo before its refresh
    assert not (tmp_path / "team.xlsx.bak").exists()
    assert path.read_bytes() != before
