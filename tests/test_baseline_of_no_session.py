"""A Log row whose session was cleared by hand, its grey baseline cells left: named as holding the recorded
baseline of no session (a session typed in it next would take that baseline for good), not as a row filled down
where there is nothing to do."""

from __future__ import annotations

from tests.rules_kit import D, calls, run, session

# the grey cells a refresh recorded for the session cleared from the row: 69.0 over 10 calls, on 30 June
GREY = {"baseline_mean": 69.0, "baseline_n": 10, "baseline_recorded_on": D(2026, 6, 30)}


def _checks(result, code: str) -> list[tuple]:
    c = result.checks
    return [(r.sheet, r.row, r.field, r.severity) for r in c[c["code"] == code].itertuples()]


def test_a_row_holding_only_grey_cells_is_named_as_a_baseline_of_no_session():
    # row 2: a session; row 3: its cells A:Z and Decision cleared, the three grey cells left
    result = run(calls([70] * 12, D(2026, 2, 20)), [session("S-1"), dict(GREY)])
    assert _checks(result, "baseline-without-session") == [("Log", 3, "Baseline mean", "warning")]
    said = result.checks[result.checks["code"] == "baseline-without-session"].iloc[0]
    assert "Baseline n 10" in said["problem"]
    assert "Clear Baseline mean, Baseline n and Baseline recorded on" in said["fix"]
    assert "(and Decision)" not in said["fix"]
    assert result.followup["session_id"].tolist() == ["S-1"]  # (no session read from row 3)
    assert _checks(result, "missing-rep") == []


def test_a_cleared_row_keeping_its_decision_filled_down_is_named_so_not_noted_as_filled_down():
    # rows 2 and 4: sessions decided "continue"; row 3: a session cleared A:Z, its Decision "continue" (the same as
    # the rows beside it) and grey cells left: before, a filled-down note said "Nothing to do" of it
    log = [session("S-1", decision="continue"), {**GREY, "decision": "continue"},
           session("S-2", decision="continue")]
    result = run(calls([70] * 12, D(2026, 2, 20)), log)
    assert _checks(result, "filled-down-rows") == []
    assert _checks(result, "baseline-without-session") == [("Log", 3, "Baseline mean", "warning")]
    said = result.checks[result.checks["code"] == "baseline-without-session"].iloc[0]
    assert "Decision continue" in said["problem"] and "(and Decision)" in said["fix"]
    assert sorted(result.followup["session_id"]) == ["S-1", "S-2"]


def test_a_filled_down_run_around_a_row_with_grey_cells_is_noted_without_it():
    # rows 3-7: Threshold 80 filled down; row 5 also holds grey cells: rows 3-4 and 6-7 are two runs noted, row 5
    # named for its baseline
    log = [session("S-1", threshold=80), {"threshold": 80}, {"threshold": 80}, {**GREY, "threshold": 80},
           {"threshold": 80}, {"threshold": 80}]
    result = run(calls([70] * 12, D(2026, 2, 20)), log)
    assert [r[1] for r in _checks(result, "filled-down-rows")] == [3, 6]
    assert [r[1] for r in _checks(result, "baseline-without-session")] == [5]
    assert result.followup["session_id"].tolist() == ["S-1"]


def test_a_session_s_own_recorded_baseline_is_not_named():
    result = run(calls([70] * 12, D(2026, 2, 20)), [session("S-1", **GREY)])
    assert _checks(result, "baseline-without-session") == []


def test_a_row_keeping_one_other_input_beside_grey_cells_is_named_once_naming_it():
    # row 3: a session cleared but its Coaching method (role-play), its grey cells left: before, it was also read
    # as a session with no rep and no id (missing-rep, missing-session-id)
    result = run(calls([70] * 12, D(2026, 2, 20)), [session("S-1"), {**GREY, "method": "role-play"}])
    on_row = sorted(result.checks.loc[result.checks["row"] == 3, "code"])
    assert on_row == ["baseline-without-session"]
    problem = result.checks[result.checks["code"] == "baseline-without-session"]["problem"].iloc[0]
    assert "Coaching method role-play" in problem and "Scheduled at" in problem
    assert result.followup["session_id"].tolist() == ["S-1"]
