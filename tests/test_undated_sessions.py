"""Log rows with no readable Session date (domain.md, "Aggregates": how many sessions were left out and why): they
have no window and no Follow-up row (docs/rules.md, "Follow-up values"), and Aggregate counts them left out, with the
reason, until the row is fixed."""

from __future__ import annotations

from tests.rules_kit import REP, D, run, session
from tests.test_baseline_waits import scores


def _group(result, dimension: str, group: str) -> dict:
    a = result.aggregate
    return a[(a["dimension"] == dimension) & (a["group"] == group)].iloc[0].to_dict()


def test_sessions_without_a_readable_date_are_counted_left_out_with_their_reason():
    # S-1 on 03-10 is a valid comparison (10 baseline calls, 10 follow-up calls: close); S-2's date is a word,
    # S-3's is blank, S-4 was scheduled for 03-05 and its day has come with no Session date typed: 4 sessions of
    # Ann Lee, 1 valid, 3 left out (no session date: 2, session date unreadable: 1), 1 with a decision
    log = [session(), session("S-2", day="sometime in March"), session("S-3", day=None),
           session("S-4", day=None, scheduled_at=D(2026, 3, 5))]
    result = run(scores(), log)
    assert list(result.followup["session_id"]) == ["S-1"]
    rep = _group(result, "Rep", REP)
    assert (rep["sessions"], rep["valid"], rep["left_out"], rep["held"]) == (4, 1, 3, 1)
    assert rep["left_out_why"] == "no session date: 2; session date unreadable: 1"
    method = _group(result, "Coaching method", "role-play")
    assert (method["sessions"], method["left_out"]) == (4, 3)
    # no month to put them in: the (blank) month holds the three, none valid, fixed in the Log
    blank = _group(result, "Month", "(blank)")
    assert (blank["sessions"], blank["valid"], blank["left_out"]) == (3, 0, 3)
    assert blank["verdict"] == "no valid comparison until the Log rows are fixed"
    assert _group(result, "Month", "2026-03")["sessions"] == 1


def test_a_log_whose_only_session_has_no_readable_date_still_shows_it_left_out():
    result = run(scores(), [session(day="sometime in March")])
    assert result.followup.empty
    rep = _group(result, "Rep", REP)
    assert (rep["sessions"], rep["valid"], rep["left_out"], rep["left_out_why"]) == (
        1, 0, 1, "session date unreadable: 1")
    assert rep["verdict"] == "no valid comparison until the Log rows are fixed"


def test_an_undated_session_with_a_blank_supervisor_is_grouped_under_the_reps_supervisor():
    # the Reps sheet names Lee Park as Ann Lee's supervisor: a dated session with a blank Log Supervisor is grouped
    # under her, and so is one whose date cannot be read (2 sessions, 1 left out for its date)
    from coachlog_xl.core.inputs import RawInputs
    from coachlog_xl.core.refresh import compute
    from tests.rules_kit import AS_OF, CRIT
    inputs = RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=[{"rep": REP, "supervisor": "Lee Park"}], scores=scores(),
        log=[session(), session("S-2", day="sometime in March")])
    boss = _group(compute(inputs, as_of=AS_OF), "Supervisor", "Lee Park")
    assert (boss["sessions"], boss["left_out"], boss["left_out_why"]) == (2, 1, "session date unreadable: 1")
