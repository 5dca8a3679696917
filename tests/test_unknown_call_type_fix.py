"""unknown-call-type's fix, followed: a call type no export writes, added to the Call type list, still counts no call,
so the baseline keeps waiting (another warning in its place); the fix offers the list only for a type the exports
write, and picking the type as the exports write it records the baseline."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, calls, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # inbound calls 2026-02-28 ... 03-09, sum 645


def _run(call_type: str, listed=schema.DEFAULT_CALL_TYPES):
    return compute(RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=[{"rep": REP}], scores=calls(BEFORE, D(2026, 2, 28)), log=[session(call_type=call_type)],
        call_types=listed), as_of=AS_OF)


def _said(result, code: str):
    return result.checks[result.checks["code"] == code]


def test_the_fix_offers_the_call_type_list_only_for_a_type_the_exports_write():
    chat = _run("Chat")
    [fix] = _said(chat, "unknown-call-type")["fix"]
    assert "Pick the call type from the dropdown as the exports write it" in fix
    assert "only if the exports write this type" in fix
    [held] = _said(chat, "baseline-not-recorded")["fix"]
    assert "only if it is a new one the exports write" in held
    # followed the other way (Chat added to the list): no Chat call is scored, so the baseline still waits, the
    # rep's inbound calls named: what the fix no longer offers for a type no export writes
    listed = _run("Chat", [*schema.DEFAULT_CALL_TYPES, "Chat"])
    assert listed.log_updates.empty and "unknown-call-type" not in set(listed.checks["code"])
    assert "inbound (10)" in _said(listed, "baseline-not-recorded")["problem"].iloc[0]
    # the type picked as the exports write it: the ten inbound calls before the session, 645 / 10 = 64.5, recorded
    picked = _run("inbound")
    assert list(picked.log_updates["baseline_n"]) == [10] and list(picked.log_updates["baseline_mean"]) == [64.5]
