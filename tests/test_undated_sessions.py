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


def _groups(result, dimension: str) -> list:
    a = result.aggregate
    return list(a[a["dimension"] == dimension]["group"])


def test_a_row_copied_with_its_date_cleared_counts_once_and_keeps_the_verdict():
    # S-1 on 03-10 (a valid comparison, close), its row copied below with the Session date cleared: one session
    # written twice (same Session ID, same rep) is one session in Aggregate (rules.md), so Ann Lee has 1 session,
    # 1 valid, none left out, as without the copy
    alone = run(scores(), [session()])
    copied = run(scores(), [session(), session(day=None)])
    for result in (alone, copied):
        rep = _group(result, "Rep", REP)
        assert (rep["sessions"], rep["valid"], rep["left_out"]) == (1, 1, 0)
        assert "(blank)" not in _groups(result, "Month")
    assert _group(copied, "Rep", REP)["verdict"] == _group(alone, "Rep", REP)["verdict"]
    # the copy made first, the dated row after it: the same (the verdict of a group whose only valid session is
    # left out is no longer "until the Log rows are fixed")
    later = run(scores(), [session(day=None), session()])
    rep = _group(later, "Rep", REP)
    assert (rep["sessions"], rep["valid"], rep["left_out"], rep["verdict"]) == (1, 1, 0, _group(alone, "Rep",
                                                                                                 REP)["verdict"])
    # two undated copies of one session (S-2, no date on either) are one session left out, not two
    twice = run(scores(), [session(), session("S-2", day=None), session("S-2", day=None)])
    rep = _group(twice, "Rep", REP)
    assert (rep["sessions"], rep["left_out"], rep["left_out_why"]) == (2, 1, "no session date: 1")


def test_a_row_prepared_ahead_with_only_its_rep_is_no_session_in_aggregate():
    # S-1 on 03-10 (valid). Rows typed ahead: S-5 with only its id and rep, one with only the rep, one with the rep
    # and a supervisor; and one with no date but a development target typed (a session missing its date). Only the
    # last is counted: 2 sessions of Ann Lee, 1 left out for no session date, and no "(blank)" method or criterion
    log = [session(), {"session_id": "S-5", "rep": REP}, {"rep": REP}, {"rep": REP, "supervisor": "Lee Park"},
           {"session_id": "S-6", "rep": REP, "target": "Name the customer's concern before the fix"}]
    result = run(scores(), log)
    rep = _group(result, "Rep", REP)
    assert (rep["sessions"], rep["valid"], rep["left_out"], rep["left_out_why"]) == (2, 1, 1, "no session date: 1")
    # S-6 names no criterion or method: it is counted under (blank) there; the prepared rows add nothing
    assert _group(result, "Criterion", "(blank)")["sessions"] == 1
    assert _group(result, "Coaching method", "(blank)")["sessions"] == 1
    # a scheduled row whose day has come, with only its rep and Scheduled at: prepared, not counted either
    planned = run(scores(), [session(), {"session_id": "S-7", "rep": REP, "scheduled_at": D(2026, 3, 5)}])
    assert _group(planned, "Rep", REP)["sessions"] == 1
    assert "(blank)" not in _groups(planned, "Criterion") + _groups(planned, "Coaching method")
    # with the criterion typed ahead too it is a session missing its date
    typed = run(scores(), [session(), {"session_id": "S-7", "rep": REP, "criterion": session()["criterion"],
                                       "scheduled_at": D(2026, 3, 5)}])
    assert _group(typed, "Rep", REP)["sessions"] == 2
