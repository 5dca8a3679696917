"""Log rows holding only a default filled down a column (a stretched Log table): one note a run of them, not
two errors a row; a row with a session's key field typed is still named as missing the others."""

from __future__ import annotations

from tests.rules_kit import CRIT, D, calls, run, session


def _checks(result, code: str) -> list[tuple]:
    c = result.checks
    return [(r.sheet, r.row, r.field, r.value) for r in c[c["code"] == code].itertuples()]


def test_rows_holding_only_a_threshold_filled_down_are_one_note_a_run_and_not_sessions():
    log = [
        session("S-1", threshold=80),  # row 2: a session
        *[{"threshold": 80}] * 4,  # rows 3-6: the threshold filled down, nothing else
        {"session_id": "S-9", "threshold": 80},  # row 7: a session begun (its ID typed), its rep missing
        *[{"threshold": 80}] * 2,  # rows 8-9: filled down again under it
        {"method": "call review"},  # row 10: a method alone, the rows beside it blank there: named as now
    ]
    result = run(calls([70] * 12, D(2026, 2, 20)), log)
    assert _checks(result, "filled-down-rows") == [("Log", 3, "Threshold score", "80"),
                                                   ("Log", 8, "Threshold score", "80")]
    notes = result.checks[result.checks["code"] == "filled-down-rows"]
    assert notes["severity"].tolist() == ["info", "info"]
    assert notes["problem"].iloc[0].startswith("this row and the 3 under it, to row 6, hold only Threshold score 80,")
    assert notes["problem"].iloc[1].startswith("this row and the 1 under it, to row 9, hold only")
    assert [r[1] for r in _checks(result, "missing-rep")] == [7, 10]
    assert [r[1] for r in _checks(result, "missing-session-id")] == [10]
    assert result.followup["session_id"].tolist() == ["S-1"]


def test_a_session_typed_in_a_row_of_the_filled_run_is_read_and_the_run_around_it_noted():
    log = [session("S-1", threshold=80), *[{"threshold": 80}] * 2,
           {"session_id": "S-2", "rep": "Bo Park", "session_date": D(2026, 3, 12), "criterion": CRIT, "threshold": 80},
           *[{"threshold": 80}] * 3]
    result = run(calls([70] * 12, D(2026, 2, 20)), log)
    assert _checks(result, "filled-down-rows") == [("Log", 3, "Threshold score", "80"),
                                                   ("Log", 6, "Threshold score", "80")]
    assert sorted(result.followup["session_id"]) == ["S-1", "S-2"]
    assert _checks(result, "missing-rep") == [] and _checks(result, "missing-session-id") == []


def test_two_columns_filled_down_together_are_named_in_one_note():
    log = [session("S-1", threshold=80, method="role-play"), *[{"threshold": 80, "method": "role-play"}] * 3]
    result = run(calls([70] * 12, D(2026, 2, 20)), log)
    notes = result.checks[result.checks["code"] == "filled-down-rows"]
    assert notes[["row", "field"]].values.tolist() == [[3, "Coaching method, Threshold score"]]
    assert "Coaching method role-play; Threshold score 80" in notes["problem"].iloc[0]


def test_a_supervisor_s_words_copied_down_rows_with_no_key_field_are_named_as_rows_missing_their_keys():
    # rows 3-5 hold the observation of row 2 copied down (a supervisor's words, no default): each is a row
    # begun without a rep or a session ID, as it was before filled-down rows were told apart
    words = "Paused 4 s before the greeting at 00:12"
    log = [session("S-1", observation=words), *[{"observation": words}] * 3]
    result = run(calls([70] * 12, D(2026, 2, 20)), log)
    assert _checks(result, "filled-down-rows") == []
    assert [r[1] for r in _checks(result, "missing-rep")] == [3, 4, 5]
    assert [r[1] for r in _checks(result, "missing-session-id")] == [3, 4, 5]
