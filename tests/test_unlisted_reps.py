"""Scores rows of a rep on no list (not on Reps, no rep's Other name, close to no listed rep): the baselines short of
their N calls that they may belong in wait (core.strangers); a baseline the rep's own calls fill does not."""

from __future__ import annotations

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


def test_another_teams_rep_does_not_hold_a_baseline_the_reps_own_calls_fill():
    # a Reps sheet listing a team lead's reps only: Cy Dunn's rows fall on every day of Ann Lee's window
    # (02-22 .. 03-03), yet her own 10 last calls fill it: recorded, 64.5 over 10
    full = run(calls([95, 91] + BEFORE, D(2026, 2, 20)) + OTHERS, [session()])
    assert list(full.log_updates["baseline_n"]) == [10] and list(full.log_updates["baseline_mean"]) == [64.5]
    assert held(full).empty


def test_a_baseline_short_of_its_calls_waits_for_another_teams_rows_until_they_are_excluded():
    # 3 own calls (60, 70, 80) before the session, Cy Dunn's rows before it too: they may be hers, it waits
    own = calls([60, 70, 80], D(2026, 3, 1))
    short = run(own + OTHERS, [session()])
    assert short.log_updates.empty and "Cy Dunn" in held(short)["problem"].iloc[0]
    assert "3 of its 10 calls" in held(short)["problem"].iloc[0]
    # their rows given an Exclude reason: recorded, (60 + 70 + 80) / 3 = 70 over 3
    excluded = run(own + [{**c, "exclude": "another team"} for c in OTHERS], [session()])
    assert list(excluded.log_updates["baseline_n"]) == [3] and list(excluded.log_updates["baseline_mean"]) == [70]
    # their rows on another criterion, or only from the session's day on: nothing to wait for
    for others in (calls([50] * 18, D(2026, 2, 20), rep="Cy Dunn", prefix="X", crit="Greeting"),
                   calls([50] * 5, D(2026, 3, 10), rep="Cy Dunn", prefix="X")):
        crits = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
                 {"criterion_id": "GRT", "name": "Greeting", "version": "v1", "effective": D(2025, 1, 1)}]
        free = run(own + others, [session()], criteria=crits)
        assert list(free.log_updates["baseline_n"]) == [3] and held(free).empty
