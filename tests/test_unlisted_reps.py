"""Scores rows of a rep on no list (not on Reps, no rep's Other name, close to no listed rep): they hold only the
baseline of a rep with no Scores row at all, where the Reps sheet lists reps and such a row is before the session
(core.strangers)."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, base_row, calls, codes, row, run, session

AGENT = "3f1c2a9e-7b1d-4c55-9a1e-1b2c3d4e5f60"  # (an Amazon Connect agent id: no rep's name is near it)
BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # sum 645 -> mean 64.5


def held(result):
    return result.checks[result.checks["code"] == "baseline-not-recorded"]


def test_an_export_naming_the_rep_by_an_id_holds_the_baseline_until_the_id_is_an_other_name():
    # Ann Lee's 12 calls, daily from 02-20 to 03-03, all under the agent id: the session on 03-10 counts none.
    # Before, its baseline was recorded as 0 calls for good; adding the id afterwards changed nothing.
    ids = calls([95, 91] + BEFORE, D(2026, 2, 20), rep=AGENT)
    waiting = run(ids, [session()])
    assert waiting.log_updates.empty
    assert (base_row(waiting)["state"], row(waiting)["baseline_n"]) == ("provisional", 0)
    said = held(waiting)
    assert list(said["row"]) == [2] and list(said["field"]) == ["Baseline n"]
    assert AGENT in said["problem"].iloc[0] and "0 of its 10 calls" in said["problem"].iloc[0]
    assert "Other names on the Reps sheet" in said["fix"].iloc[0] and REP in said["fix"].iloc[0]
    assert "unknown-rep" in codes(waiting)  # (the Scores rows' own warning stays)
    assert "baseline-for-unscored-name" not in codes(waiting)  # (nothing recorded: no 0-call note)
    # the id added to Ann Lee's Other names: the next refresh records the last 10 calls, 64.5 over 10
    named = compute(RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=[{"rep": REP, "other_names": AGENT}, {"rep": "Bo Park"}], scores=ids, log=[session()]), as_of=AS_OF)
    assert list(named.log_updates["baseline_n"]) == [10]
    assert list(named.log_updates["baseline_mean"]) == [64.5]
    assert held(named).empty


def test_a_baseline_recorded_as_0_calls_before_says_the_id_may_be_the_rep():
    # recorded as 0 calls on 03-11 by a refresh before rows of reps on no list held it: the note says those rows
    # may be the rep's, not "nothing to do for a rep new to the scores"
    done = run(calls([95, 91] + BEFORE, D(2026, 2, 20), rep=AGENT),
               [session(baseline_n=0, baseline_recorded_on=D(2026, 3, 11))])
    note = done.checks[done.checks["code"] == "baseline-for-unscored-name"]
    assert AGENT in note["problem"].iloc[0]
    assert "Other names" in note["fix"].iloc[0] and "clear the session's Baseline n" in note["fix"].iloc[0]
    assert "new to the scores" not in note["fix"].iloc[0]


OTHERS = calls([50] * 18, D(2026, 2, 20), rep="Cy Dunn", prefix="X")  # another team's rep, daily 02-20 to 03-09
CRITS = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}]


def go(scores, log, reps):
    return compute(RawInputs.from_records(criteria=CRITS, reps=reps, scores=scores, log=log), as_of=AS_OF)


def recorded(result) -> list[list]:
    return result.log_updates[["baseline_n", "baseline_mean"]].values.tolist()


def test_another_teams_rep_does_not_hold_a_baseline_the_reps_own_calls_fill():
    # a Reps sheet listing a team lead's reps only: Cy Dunn's rows fall on every day of Ann Lee's window
    # (02-22 .. 03-03), yet her own 10 last calls fill it: recorded, 64.5 over 10
    full = run(calls([95, 91] + BEFORE, D(2026, 2, 20)) + OTHERS, [session()])
    assert list(full.log_updates["baseline_n"]) == [10] and list(full.log_updates["baseline_mean"]) == [64.5]
    assert held(full).empty


def test_another_teams_rows_do_not_hold_a_short_baseline_of_a_rep_with_calls():
    # 3 own calls (60, 70, 80) on 03-01 .. 03-03, Cy Dunn's rows before the session too: Ann Lee has Scores rows,
    # so his are not taken for hers: recorded, (60 + 70 + 80) / 3 = 70 over 3
    own = calls([60, 70, 80], D(2026, 3, 1))
    short = run(own + OTHERS, [session()])
    assert recorded(short) == [[3, 70]] and held(short).empty


def test_without_a_reps_list_no_name_is_a_stranger():
    # no Reps list: Ann Lee's 3 calls (60, 70, 80) and Bo Park's 12 are all under names on no list; nothing
    # holds: recorded as before the hold, (60 + 70 + 80) / 3 = 70 over 3
    own = calls([60, 70, 80], D(2026, 3, 1))
    bo = calls([70] * 12, D(2026, 2, 1), rep="Bo Park", prefix="B")
    done = go(own + bo, [session()], reps=[])
    assert recorded(done) == [[3, 70]] and held(done).empty


ANN_ID, BO_ID = AGENT, "9a8b7c6d-1111-2222-3333-444455556666"
CY_ID = "0c0c0c0c-aaaa-bbbb-cccc-ddddeeeeffff"


def test_an_id_export_with_one_reps_id_listed_records_hers_and_holds_the_rep_with_no_row():
    # every rep by an ID: Ann Lee's 5 calls (60 .. 80) on 03-01 .. 03-05, Bo's and Cy's 12 each from 02-01.
    # Ann's ID is her Other name: recorded, (60 + 65 + 70 + 75 + 80) / 5 = 70 over 5.  Bo Park's ID is not
    # given: no Scores row is his, and the rows of two IDs are before his session: held, naming both.
    ids = (calls([60, 65, 70, 75, 80], D(2026, 3, 1), rep=ANN_ID)
           + calls([70] * 12, D(2026, 2, 1), rep=BO_ID, prefix="B")
           + calls([70] * 12, D(2026, 2, 1), rep=CY_ID, prefix="Y"))
    log = [session(), session("S-2", rep="Bo Park")]
    reps = [{"rep": REP, "other_names": ANN_ID}, {"rep": "Bo Park"}]
    done = go(ids, log, reps)
    assert list(done.log_updates["_row"]) == [2] and recorded(done) == [[5, 70]]
    said = held(done)
    assert list(said["row"]) == [3]
    assert BO_ID in said["problem"].iloc[0] and CY_ID in said["problem"].iloc[0]
    assert ANN_ID not in said["problem"].iloc[0]  # (Ann Lee's Other name: not a stranger)
    assert "Bo Park's Other names on the Reps sheet" in said["fix"].iloc[0]
    # Bo's ID added: his last 10 calls, all 70: 70 over 10; Cy's rows (another team's) hold nothing
    reps[1]["other_names"] = BO_ID
    both = go(ids, log, reps)
    assert recorded(both) == [[5, 70], [10, 70]] and held(both).empty


def test_only_rows_before_the_session_hold_a_rep_with_no_row():
    # d1: a session at 10:00 on 03-10; an unknown row at 15:00 that day is after it.  Ann Lee has 3 calls:
    # recorded, 70 over 3.  Bo Park has none: his baseline records 0 calls, nothing before it to wait for.
    own = calls([60, 70, 80], D(2026, 3, 1))
    at_ten = dt.datetime(2026, 3, 10, 10)
    late = {"call_id": "L1", "rep": "Zed Unknown", "call_at": dt.datetime(2026, 3, 10, 15), "criterion": CRIT,
            "score": 50}
    done = run(own + [late], [session(session_date=at_ten)])
    assert recorded(done) == [[3, 70]] and held(done).empty
    bo = [session(rep="Bo Park", session_date=at_ten)]
    assert recorded(run([late], bo)) == [[0, None]] and held(run([late], bo)).empty
    # a date-only row that day is in neither window: nothing to wait for; a row at 09:00 is before: held
    same_day = run([{**late, "call_at": D(2026, 3, 10)}], bo)
    assert recorded(same_day) == [[0, None]] and held(same_day).empty
    early = run([{**late, "call_at": dt.datetime(2026, 3, 10, 9)}], bo)
    assert early.log_updates.empty and "Zed Unknown" in held(early)["problem"].iloc[0]
    # on a date-only session, a timed row on its day is in neither window either
    assert held(run([{**late, "call_at": dt.datetime(2026, 3, 10, 8)}], [session(rep="Bo Park")])).empty


def test_the_spellings_named_are_the_three_with_most_rows_before_the_session():
    # 5 IDs with 5, 4, 3, 2 and 1 rows before 03-10 (and the 1-row one 6 more after it): the three most named, the
    # 1-row one not among them (7 rows in all, 1 before), "and 2 more"
    spread = [calls([70] * k, D(2026, 3, 1), rep=f"agent-{k}", prefix=f"A{k}_") for k in (5, 4, 3, 2)]
    late = calls([70] * 6, D(2026, 3, 11), rep="agent-1", prefix="L")
    rows = [r for grp in spread for r in grp] + calls([70], D(2026, 3, 1), rep="agent-1", prefix="A1_") + late
    said = held(run(rows, [session()]))["problem"].iloc[0]
    assert '("agent-5", "agent-4", "agent-3" and 2 more:' in said


def test_a_rep_whose_rows_are_all_not_scored_is_named_by_the_export_and_not_held_by_agent_id_rows():
    # Ann Lee's only rows: 3 calls on 03-02..03-04 marked N/A (not scored: no call counts). Agent-ID rows ("A1043",
    # on no list) score 12 calls before the session on 03-10. The export writes Ann Lee by her name, so the ID rows
    # are not hers (another team's): her baseline is recorded as the calls she has, 0, recorded on the as-of date
    mine = calls(["N/A"] * 3, D(2026, 3, 2), prefix="N")
    ids = calls([95, 91] + BEFORE, D(2026, 2, 20), rep="A1043")
    done = run(mine + ids, [session()])
    assert held(done).empty
    assert done.log_updates[["baseline_n"]].values.tolist() == [[0]]
    # without her N/A rows she has no Scores row at all: the ID rows hold her baseline, and the message says what
    # no row of hers is (neither scored with a call date nor marked N/A)
    waiting = run(ids, [session()])
    assert waiting.log_updates.empty
    problem = held(waiting)["problem"].iloc[0]
    assert "no Scores row under Ann Lee or any of Ann Lee's Other names is scored or marked not scored (N/A) with " \
           "a call date and no Exclude reason" in problem and '"A1043"' in problem


def test_only_an_n_a_row_with_a_call_date_and_no_exclude_reason_names_the_rep_beside_agent_id_rows():
    # Agent-ID rows ("A1043", on no list) score 12 calls on 02-20..03-03, before the session on 03-10. Ann Lee has a
    # single row of her own, on 03-02; a row counts for a window only with a call date and no Exclude reason
    # (rules.md), so only an N/A row that would count but for its N/A names her as the export writes her:
    ids = calls([95, 91] + BEFORE, D(2026, 2, 20), rep="A1043")
    na = calls(["N/A"], D(2026, 3, 2), prefix="N")[0]
    names_her = {"marked N/A, dated": na}
    names_no_one = {
        "N/A with an Exclude reason": {**na, "exclude": "wrong agent: not Ann's call"},
        "N/A without a call date": {**na, "call_at": None},
        "a blank score (not marked N/A)": {**na, "score": None},
        "scored, with an Exclude reason": {**na, "score": 70, "exclude": "wrong agent"},
        "scored, without a call date": {**na, "score": 70, "call_at": None},
    }
    for what, mine in names_her.items():  # the hold released: 0 calls of hers before 03-10, recorded
        done = run(ids + [mine], [session()])
        assert held(done).empty, what
        assert done.log_updates["baseline_n"].tolist() == [0], what
    for what, mine in names_no_one.items():  # as if she had no row: her baseline held, nothing recorded
        done = run(ids + [mine], [session()])
        assert done.log_updates.empty, what
        assert len(held(done)) == 1, what  # (the scored row without a date holds it as a row not counted does)
        assert what == "scored, without a call date" or '"A1043"' in held(done)["problem"].iloc[0], what
