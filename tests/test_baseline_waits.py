"""Sessions whose baseline waits for the person, not recorded for good as the row stands: a typed Baseline n
without its mean, a Session time that cannot be read or is given twice; and a baseline of 0 calls recorded for a
name no Scores row holds, said the day it records."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, base_row, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # sum 645 -> mean 64.5
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]  # sum 819 -> mean 81.9


def scores():
    # two calls (95, 91) before the ten of the baseline, then the ten after the session on 03-10
    return calls([95, 91] + BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F")


def said(result, code: str):
    return result.checks[result.checks["code"] == code]


def test_a_typed_n_without_its_mean_is_an_error_and_the_baseline_waits_for_the_mean_or_the_n_cleared():
    # n 7 typed, the mean blank (left when the mean was cleared as typed-baseline-differs asks). Before, the
    # last 7 calls were taken silently: 66, 68, 70, 58, 62, 66, 69 = 459 / 7 = 65.57, moving with late scores.
    # Now nothing is taken from the 7: the data's ten calls (64.5) are shown as provisional, nothing recorded
    lone = run(scores(), [session(baseline_n=7)])
    err = said(lone, "typed-n-without-mean")
    assert list(err["row"]) == [2] and list(err["severity"]) == ["error"] and list(err["field"]) == ["Baseline mean"]
    assert "Baseline n" in err["problem"].iloc[0] and "Baseline mean" in err["problem"].iloc[0]
    assert "Type the baseline's mean in Baseline mean" in err["fix"].iloc[0]
    assert "clear Baseline n" in err["fix"].iloc[0]
    assert lone.log_updates.empty
    assert (base_row(lone)["state"], row(lone)["baseline_n"], row(lone)["baseline_mean"]) == (
        "provisional", 10, pytest.approx(64.5))
    assert row(lone)["suggested"] == "continue" and "Baseline n is typed without a Baseline mean" in row(lone)["reason"]
    # a late 0 on 03-09 (inside the baseline): still nothing recorded, still provisional
    late = run(scores() + calls([0], D(2026, 3, 9), prefix="L"), [session(baseline_n=7)])
    assert late.log_updates.empty and base_row(late)["state"] == "provisional"
    # the mean typed beside it: a typed baseline (65.6 is within a point of the last seven calls' 65.57)
    typed = run(scores(), [session(baseline_n=7, baseline_mean=65.6)])
    assert "typed-n-without-mean" not in codes(typed) and "typed-baseline-differs" not in codes(typed)
    assert (base_row(typed)["state"], row(typed)["baseline_n"], row(typed)["baseline_mean"]) == ("typed", 7, 65.6)
    # the n cleared: the next refresh records the data's ten calls, 64.5
    cleared = run(scores(), [session()])
    assert list(cleared.log_updates["baseline_n"]) == [10]
    # an n typed as 0 is a whole baseline of no calls (no mean): not this error
    assert "typed-n-without-mean" not in codes(run(scores(), [session(baseline_n=0)]))
    # a recorded baseline whose mean was cleared is recorded-mean-cleared, not this
    recorded = run(scores(), [session(baseline_n=10, baseline_recorded_on=D(2026, 3, 11))])
    assert "recorded-mean-cleared" in codes(recorded) and "typed-n-without-mean" not in codes(recorded)


def test_typed_baseline_differs_says_to_clear_both_cells():
    # 55 typed with n 10: the last ten calls give 64.5, 9.5 points away; clearing only the mean would leave a
    # lone n (the error above), so the fix names both cells
    far = run(scores(), [session(baseline_mean=55, baseline_n=10)])
    fix = said(far, "typed-baseline-differs")["fix"].iloc[0]
    assert "clear Baseline mean and Baseline n" in fix



def with_a_formula_in_recorded_on(**cells):
    # =DATE(2026,3,11) in Baseline recorded on, with its value 2026-03-11, beside the given mean and n
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], reps=[{"rep": REP}], scores=scores(),
                                    log=[session(baseline_recorded_on=D(2026, 3, 11), **cells)])
    on = inputs.log.headers.index("Baseline recorded on") + 1
    inputs.log.formulas[(2, on)] = "DATE(2026,3,11)"
    return compute(inputs, as_of=AS_OF)


def test_a_formula_in_recorded_on_beside_a_lone_n_says_to_clear_the_n_too():
    # n 10, the mean blank: deleting the formula alone would leave a typed n without its mean (an error, nothing
    # recorded), so the fix says to clear Baseline n as well
    lone = with_a_formula_in_recorded_on(baseline_n=10)
    fix = said(lone, "formula-in-baseline-column")["fix"].iloc[0]
    assert fix.startswith("Delete the formula from Baseline recorded on and clear Baseline n (the next refresh")
    assert lone.log_updates.empty
    # done: the three cells blank, the next refresh records the data's ten calls, 645 / 10 = 64.5
    done = run(scores(), [session()])
    assert "typed-n-without-mean" not in codes(done)
    assert list(done.log_updates["baseline_mean"]) == [pytest.approx(64.5)]
    # the n blank too: deleting the formula is the whole fix
    blank = with_a_formula_in_recorded_on()
    fix = said(blank, "formula-in-baseline-column")["fix"].iloc[0]
    assert fix.startswith("Delete the formula from Baseline recorded on (the next refresh") and "clear" not in fix

def with_a_same_day_call():
    # a call at 11:00 on the session's day, 03-10, scoring 40: a session at 14:30 counts it in its baseline (the
    # last ten calls are then 62 .. 69 and 40: (645 - 60 + 40) / 10 = 62.5); a date-only session counts none
    # of that day's calls (the ten before it: 64.5)
    return scores() + calls([40], D(2026, 3, 10), hour=11, prefix="D")


def test_an_unreadable_session_time_holds_the_baseline_until_the_time_is_typed():
    unread = run(with_a_same_day_call(), [session(session_time="half past two")])
    problem = said(unread, "unreadable-session-time")["problem"].iloc[0]
    assert "baseline waits" in problem
    # read date only (64.5 over the ten calls before 03-10), shown as provisional and not recorded: a baseline
    # recorded now would leave out the 11:00 call, and typing 14:30 would then raise baseline-differs-from-recorded
    assert unread.log_updates.empty
    assert (base_row(unread)["state"], row(unread)["baseline_n"], row(unread)["baseline_mean"]) == (
        "provisional", 10, pytest.approx(64.5))
    assert row(unread)["suggested"] == "continue" and "Session time cannot be read" in row(unread)["reason"]
    # the time typed as the fix says: recorded with the same-day call, 62.5
    typed = run(with_a_same_day_call(), [session(session_time=dt.time(14, 30))])
    assert list(typed.log_updates["baseline_mean"]) == [pytest.approx(62.5)]
    # what the wait spares: had the date-only 64.5 over 10 calls been recorded (on 03-11), typing 14:30 would
    # recompute 62.5 beside it and raise baseline-differs-from-recorded, the recorded 64.5 kept for good
    late = run(with_a_same_day_call(), [session(session_time=dt.time(14, 30), baseline_mean=64.5, baseline_n=10,
                                                 baseline_recorded_on=D(2026, 3, 11))])
    assert "baseline-differs-from-recorded" in codes(late) and late.log_updates.empty
    # a baseline recorded already stays as it is, used as recorded
    kept = run(with_a_same_day_call(), [session(session_time="half past two", baseline_mean=64.5, baseline_n=10,
                                                baseline_recorded_on=D(2026, 3, 11))])
    assert kept.log_updates.empty and base_row(kept)["state"] == "recorded"
    assert (row(kept)["baseline_n"], row(kept)["baseline_mean"]) == (10, 64.5)


def test_two_differing_session_times_hold_the_baseline_until_one_is_kept():
    # 09:00 in Session date, 14:00 in Session time: 14:00 is used (the 11:00 call would count), but which is
    # right is not known: nothing recorded until one is kept
    two = run(with_a_same_day_call(), [session(day=dt.datetime(2026, 3, 10, 9, 0), session_time=dt.time(14, 0))])
    assert "baseline waits" in said(two, "two-session-times")["problem"].iloc[0]
    assert two.log_updates.empty and base_row(two)["state"] == "provisional"
    assert "time is given twice" in row(two)["reason"]
    # Session time cleared: 09:00 from Session date, before the 11:00 call: the ten before, 64.5, recorded
    one = run(with_a_same_day_call(), [session(day=dt.datetime(2026, 3, 10, 9, 0))])
    assert list(one.log_updates["baseline_mean"]) == [pytest.approx(64.5)]
    # a date in Session time other than the Session date's: the day is in doubt too
    other_day = run(with_a_same_day_call(), [session(session_time=dt.datetime(2026, 3, 11, 14, 0))])
    assert "two-session-times" in codes(other_day) and other_day.log_updates.empty
    # a baseline recorded already (64.5 over 10 calls, on 03-11) stays as it is and is used as recorded, for
    # either kind of two-session-times
    for times in ({"day": dt.datetime(2026, 3, 10, 9, 0), "session_time": dt.time(14, 0)},
                  {"session_time": dt.datetime(2026, 3, 11, 14, 0)}):
        kept = run(with_a_same_day_call(), [session(baseline_mean=64.5, baseline_n=10,
                                                    baseline_recorded_on=D(2026, 3, 11), **times)])
        assert "two-session-times" in codes(kept) and kept.log_updates.empty
        assert base_row(kept)["state"] == "recorded" and (row(kept)["baseline_n"], row(kept)["baseline_mean"]) == (
            10, 64.5)



def test_a_session_date_seconds_from_session_time_waits_and_the_message_shows_the_seconds():
    # 14:30:27 in Session date (a cell formatted h:mm shows 14:30) and 14:30 in Session time: a call at 14:30:15
    # would be in the follow-up by one and the baseline by the other, so the baseline waits as for any two times,
    # and the message shows the seconds that differ (where both read 14:30 it gave no reason to change either)
    shown = session(day=dt.datetime(2026, 3, 10, 14, 30, 27), session_time=dt.time(14, 30))
    same = run(with_a_same_day_call(), [shown])
    assert same.log_updates.empty
    [problem] = list(said(same, "two-session-times")["problem"])
    assert "the Session date holds the time 14:30:27 and Session time 14:30:00;" in problem
    # 14:31:05 beside 14:30: minutes apart, said in minutes, and the baseline waits
    two = run(with_a_same_day_call(), [session(day=dt.datetime(2026, 3, 10, 14, 31, 5), session_time=dt.time(14, 30))])
    assert two.log_updates.empty
    [problem] = list(said(two, "two-session-times")["problem"])
    assert "the Session date holds the time 14:31 and Session time 14:30;" in problem
    # the same time to the second in both: one time, recorded with the 11:00 call: (645 - 60 + 40) / 10 = 62.5
    one = run(with_a_same_day_call(), [session(day=dt.datetime(2026, 3, 10, 14, 30), session_time=dt.time(14, 30))])
    assert "two-session-times" not in codes(one)
    assert list(one.log_updates["baseline_mean"]) == [pytest.approx(62.5)]


def run_with(log, reps=(REP,), criteria=(CRIT,)):
    # the worked scores are all Ann Lee's, on "Acknowledges the concern"
    listed = [{"criterion_id": f"C{i}", "name": name, "version": "v1", "effective": D(2025, 1, 1)}
              for i, name in enumerate(criteria)]
    return compute(RawInputs.from_records(criteria=listed, reps=[{"rep": r} for r in reps], scores=scores(), log=log),
                   as_of=AS_OF)


def test_a_misspelt_rep_added_to_reps_records_0_calls_with_a_note_naming_the_rep_with_scores():
    # "Ann Lea" is one letter from "Ann Lee", whose 20 calls are on Scores: the fix says to pick "Ann Lee" if
    # that is the rep, and to add "Ann Lea" only if it is another rep
    unknown = run_with([session(rep="Ann Lea")])
    fix = said(unknown, "log-unknown-rep")["fix"].iloc[0]
    assert 'If the rep is "Ann Lee", pick it' in fix and 'Add "Ann Lea" to the Reps sheet only if it is another' in fix
    assert "recorded for good" in fix and unknown.log_updates.empty
    assert "only if it is a new one, add it to the Reps sheet" in said(unknown, "baseline-not-recorded")["fix"].iloc[0]
    # added to Reps: a rep of its own with no call before the session, so 0 calls are recorded (a new rep's
    # true baseline), and a note says no Scores row names "Ann Lea" while "Ann Lee" has scores
    added = run_with([session(rep="Ann Lea")], reps=(REP, "Ann Lea"))
    assert list(added.log_updates["baseline_n"]) == [0]
    note = said(added, "baseline-for-unscored-name")
    assert list(note["severity"]) == ["info"] and list(note["field"]) == ["Rep"] and list(note["row"]) == [2]
    assert '"Ann Lea"' in note["problem"].iloc[0] and '"Ann Lee"' in note["problem"].iloc[0]
    assert 'If the rep is "Ann Lee", pick it in the Log row' in note["fix"].iloc[0]
    # recorded since (n 0 on 06-01): the note stays while no Scores row names the rep
    kept = run_with([session(rep="Ann Lea", baseline_n=0, baseline_recorded_on=D(2026, 6, 1))], reps=(REP, "Ann Lea"))
    assert "baseline-for-unscored-name" in codes(kept)
    # a rep new to the team, no name close to it with scores: the note, with nothing to pick
    new = run_with([session(rep="Bo Park")], reps=(REP, "Bo Park"))
    assert list(new.log_updates["baseline_n"]) == [0]
    assert said(new, "baseline-for-unscored-name")["fix"].iloc[0].startswith("Nothing to do for a rep new")
    # Ann Lee's session on a listed criterion no Scores row names: the rep has scores, so the note names the
    # criterion alone
    other = run_with([session(criterion="Empathy statement")], criteria=(CRIT, "Empathy statement"))
    assert list(other.log_updates["baseline_n"]) == [0] and "baseline-for-unscored-name" in codes(other)
    assert list(said(other, "baseline-for-unscored-name")["field"]) == ["Targeted criterion"]


def test_a_misspelt_criterion_added_to_criteria_records_0_calls_with_a_note_naming_the_criterion_with_scores():
    # "Acknowledges concern" is "Acknowledges the concern" without "the": the scores are all under the latter
    unknown = run_with([session(criterion="Acknowledges concern")])
    fix = said(unknown, "unknown-criterion")["fix"].iloc[0]
    assert f'If the criterion is "{CRIT}", pick it' in fix and "only if it is another criterion" in fix
    added = run_with([session(criterion="Acknowledges concern")], criteria=(CRIT, "Acknowledges concern"))
    assert list(added.log_updates["baseline_n"]) == [0]
    note = said(added, "baseline-for-unscored-name")
    assert list(note["field"]) == ["Targeted criterion"] and f'"{CRIT}"' in note["problem"].iloc[0]


def test_the_unscored_name_note_says_no_counted_call_when_the_rows_naming_it_are_all_excluded():
    # Ann Lee's 22 Scores rows all excluded (calibration calls), her baseline recorded as 0 calls on 03-11:
    # Scores rows do name her and the criterion, so the note says no counted call is under them
    recorded = session(baseline_n=0, baseline_recorded_on=D(2026, 3, 11))
    excluded = [dict(c, exclude="calibration call") for c in scores()]
    note = said(run(excluded, [recorded]), "baseline-for-unscored-name")
    assert list(note["field"]) == ["Rep", "Targeted criterion"]
    assert all("no counted call is under the" in p and "no Scores row" not in p for p in note["problem"])
    assert all("rightly left out" in f for f in note["fix"])
    # the Scores sheet empty (a Log filled in before the first paste): no call read at all, nothing said
    assert "baseline-for-unscored-name" not in codes(run([], [recorded]))


def test_the_unscored_name_note_on_a_name_on_no_list_does_not_say_to_take_it_off_the_list():
    # no Reps list: the Log's "Ann Lee" beside Scores rows all under "ann lee" (one letter case apart), her
    # baseline recorded as 0 calls: the fix says to type "ann lee" in the Log row, not to take "Ann Lee" off the
    # Reps sheet, which does not hold it
    lower = [dict(c, rep="ann lee") for c in scores()]
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], scores=lower,
                                    log=[session(baseline_n=0, baseline_recorded_on=D(2026, 3, 11))])
    note = said(compute(inputs, as_of=AS_OF), "baseline-for-unscored-name")
    assert list(note["field"]) == ["Rep"] and '"ann lee", a name close to it, has scores' in note["problem"].iloc[0]
    fix = note["fix"].iloc[0]
    assert fix.startswith('If the rep is "ann lee", type it in the Log row and clear') and "Reps sheet" not in fix


def test_a_kept_baseline_beside_an_unreadable_session_time_is_said_in_use_and_the_followup_from_the_day_read():
    # 64.5 over 10 calls recorded on 03-11; Session time "half past two": the session is read date only on 03-10,
    # so its follow-up takes the calls from 03-11 on: the ten of AFTER, 819 / 10 = 81.9, delta 81.9 - 64.5 = +17.4,
    # 7 of them at 80+ (80, 85, 82, 88, 90, 84, 86): close. Nothing waits, and the words say so
    kept = run(with_a_same_day_call(), [session(session_time="half past two", baseline_mean=64.5, baseline_n=10,
                                                baseline_recorded_on=D(2026, 3, 11))])
    [said_row] = said(kept, "unreadable-session-time").to_dict("records")
    assert "waits" not in said_row["problem"] and "not recorded" not in said_row["fix"]
    assert "its baseline, recorded already, stays as it is and is in use" in said_row["problem"]
    assert "the follow-up window is measured from 2026-03-10, date only (calls from 2026-03-11 on)" in said_row[
        "problem"]
    r = row(kept)
    assert (r["suggested"], r["followup_n"], r["followup_mean"]) == ("close", 10, pytest.approx(81.9))
    assert r["reason"].startswith("threshold met (7 of 10 calls at 80+); delta +17.4")
    assert r["reason"].endswith("; its Session time cannot be read (see Checks): its baseline, recorded already, "
                                "stays in use; until the time can be read, the follow-up window is "
                                "measured from 2026-03-10, date only (calls from 2026-03-11 on)")
    # a typed baseline (64.5, n 10, no date) is kept as well
    typed = run(with_a_same_day_call(), [session(session_time="half past two", baseline_mean=64.5, baseline_n=10)])
    assert "its baseline, typed already, stays" in said(typed, "unreadable-session-time")["problem"].iloc[0]
    assert "its baseline, typed already, stays in use" in row(typed)["reason"]
    # 09:00 in Session date and 14:00 in Session time beside the recorded baseline: 14:00 is used, so the follow-up
    # is measured from 2026-03-10 14:00 (the same ten calls of 03-11 on)
    two = run(with_a_same_day_call(), [session(day=dt.datetime(2026, 3, 10, 9, 0), session_time=dt.time(14, 0),
                                               baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 3, 11))])
    problem = said(two, "two-session-times")["problem"].iloc[0]
    assert "waits" not in problem and "measured from 2026-03-10 14:00" in problem
    assert row(two)["reason"].endswith("until one of the two is kept, the follow-up window is measured from "
                                       "2026-03-10 14:00")
    # with no baseline kept the reason is the wait's alone, said once
    unread = run(with_a_same_day_call(), [session(session_time="half past two")])
    assert row(unread)["reason"].count("Session time cannot be read") == 1
    assert "baseline waits" in said(unread, "unreadable-session-time")["problem"].iloc[0]


@pytest.mark.parametrize("grey, held_by", [
    # recorded on 03-05, before the session on 03-10: another session's cells
    ({"baseline_mean": 64.5, "baseline_n": 10, "baseline_recorded_on": D(2026, 3, 5)}, "recorded-before-session"),
    # a recorded mean cleared (n 10 and the date left), or a recorded n cleared (the mean and the date left)
    ({"baseline_n": 10, "baseline_recorded_on": D(2026, 3, 11)}, "recorded-mean-cleared"),
    ({"baseline_mean": 64.5, "baseline_recorded_on": D(2026, 3, 11)}, "recorded-n-cleared"),
    # an n of 7 typed without its mean
    ({"baseline_n": 7}, "typed-n-without-mean"),
])
def test_grey_cells_not_used_beside_an_unreadable_session_time_are_not_said_in_use(grey, held_by):
    # the grey cells are recorded or typed, but another Checks row says they are not used (the baseline shown is
    # the provisional one from the scores): the Session time's row says the baseline waits, as for a row with none
    done = run(with_a_same_day_call(), [session(session_time="half past two", **grey)])
    assert not said(done, held_by).empty
    [time_row] = said(done, "unreadable-session-time").to_dict("records")
    assert "stays as it is and is in use" not in time_row["problem"]
    assert time_row["problem"].endswith("and its baseline waits until the time can be read.")
    assert time_row["fix"].endswith("Its baseline is not recorded until then.")
    assert "stays in use" not in row(done)["reason"]


def test_a_date_in_session_time_beside_a_kept_baseline_is_said_in_the_reason_as_checks_says_it():
    # Session date 03-10 and, in Session time, 03-12 14:00: the session is read as on 03-10 at 14:00; the baseline
    # recorded on 03-11 (64.5 over 10) is kept and in use, the follow-up window measured from 2026-03-10 14:00
    kept = {"baseline_mean": 64.5, "baseline_n": 10, "baseline_recorded_on": D(2026, 3, 11)}
    done = run(with_a_same_day_call(), [session(session_time=dt.datetime(2026, 3, 12, 14, 0), **kept)])
    [checks_row] = said(done, "two-session-times").to_dict("records")
    assert "until only the time is left in Session time, the follow-up window is measured from 2026-03-10 14:00" \
        in checks_row["problem"]
    # the reason names the doubt and its end in the Checks row's words, not "given twice ... one of the two is kept"
    assert row(done)["reason"].endswith("; its Session time holds a date as well as the time (see Checks): its "
                                        "baseline, recorded already, stays in use; until only the time is left in "
                                        "Session time, the follow-up window is measured from 2026-03-10 14:00")
    # and the fix says which moment the window is measured from once mended
    assert checks_row["fix"].endswith("the follow-up window is then measured from the Session date at the time left "
                                      "in Session time.")
    unread = run(with_a_same_day_call(), [session(session_time="half past two", **kept)])
    assert said(unread, "unreadable-session-time")["fix"].iloc[0].endswith(
        "the follow-up window is then measured from the time typed.")
    # with no baseline kept, the reason for the wait says the same
    waits = run(with_a_same_day_call(), [session(session_time=dt.datetime(2026, 3, 12, 14, 0))])
    assert "Session time holds a date as well as the time (see Checks), so its baseline is not recorded; decide " \
           "once only the time is left in Session time" in row(waits)["reason"]
