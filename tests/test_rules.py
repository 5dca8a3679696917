"""Each rule of domain.md on small cases whose expected values are worked out by hand in the test."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, base_row, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # sum 645 -> mean 64.5
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]  # sum 819 -> mean 81.9; 7 at 80+; first five 392 -> 78.4


def worked_example_scores():
    return (calls([95, 91] + BEFORE, D(2026, 2, 20), prefix="B")
            + calls([40, 99], D(2026, 3, 10), step=0, prefix="D")
            + calls(AFTER + [20], D(2026, 3, 11), prefix="F"))


def test_worked_example_of_domain_md():
    r = row(run(worked_example_scores(), [session()]))
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(64.5))
    assert (r["followup_n"], r["followup_mean"]) == (10, pytest.approx(81.9))
    assert r["delta"] == pytest.approx(81.9 - 64.5)
    assert (r["at_threshold"], r["threshold_met"]) == (7, "yes")
    assert r["checkin_mean"] == pytest.approx(78.4) and r["improvement_emerging"] == "yes"
    assert (r["status"], r["valid"], r["suggested"]) == ("complete", "yes", "close")
    assert "F010" not in r["calls"]  # the 11th follow-up call is not used


def test_baseline_excludes_calls_on_a_date_only_session_day():
    res = run(worked_example_scores(), [session()])
    assert base_row(res)["left_out_same_day"] == 2  # D0 and D1 on 2026-03-10
    assert "calls-on-session-day" in codes(res)
    assert "D0" not in base_row(res)["calls"] and "D0" not in row(res)["calls"]


def test_a_timed_session_splits_its_own_day_and_a_call_at_the_moment_is_in_neither():
    scores = calls([60] * 9, D(2026, 3, 1), prefix="B") + [
        {"call_id": "M1", "rep": REP, "call_at": dt.datetime(2026, 3, 10, 9), "criterion": CRIT, "score": 50},
        {"call_id": "M2", "rep": REP, "call_at": dt.datetime(2026, 3, 10, 12), "criterion": CRIT, "score": 10},
        {"call_id": "M3", "rep": REP, "call_at": dt.datetime(2026, 3, 10, 15), "criterion": CRIT, "score": 90},
        {"call_id": "M4", "rep": REP, "call_at": D(2026, 3, 10), "criterion": CRIT, "score": 0},  # date only
    ]
    res = run(scores, [session(session_time=dt.time(12, 0))])
    r = row(res)
    # baseline: nine 60s and the 09:00 call (50): (9 * 60 + 50) / 10 = 59
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(59.0))
    assert (r["followup_n"], r["followup_mean"]) == (1, pytest.approx(90.0))  # the 15:00 call
    assert base_row(res)["left_out_same_day"] == 2  # the call at 12:00 and the date-only call
    same_day = res.checks[res.checks["code"] == "calls-on-session-day"]
    # the session has its time: M4 has none and M2 is at the moment, which nothing typed places
    assert "(1 has no time of day, 1 is at the session's exact moment)" in same_day["problem"].iloc[0]
    assert same_day["fix"].iloc[0].startswith("Nothing to do if the Session time is right")
    # without the session's time: typing it places M1, M2 and M3 (they have times), not M4
    untimed = run(scores, [session()]).checks
    fix = untimed[untimed["code"] == "calls-on-session-day"]["fix"].iloc[0]
    assert fix.startswith("Type the Session time to place the 3 with a time of day") and "The other 1" in fix


def test_calls_after_the_as_of_date_are_counted_and_the_first_is_named():
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls([90, 80], D(2026, 7, 2), prefix="L")
    res = run(scores, [session()], as_of=D(2026, 7, 1))
    late = res.checks[res.checks["code"] == "after-as-of"]
    assert len(late) == 1
    assert late["problem"].iloc[0].startswith("2 scored calls are dated after the as-of date 2026-07-01")
    assert "(the first at Scores row 12, dated 2026-07-02)" in late["problem"].iloc[0]  # after the 10 B rows
    assert late["row"].iloc[0] == 12
    assert "Date order" in late["fix"].iloc[0]


def test_nine_calls_and_the_window_expired():
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls([90, 90, 90, 90, 90, 60, 60, 60, 60],
                                                               D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()], as_of=D(2026, 4, 20)))  # window ends 2026-04-09 (03-10 + 30)
    assert (r["followup_n"], r["status"]) == (9, "expired")
    assert (r["at_threshold"], r["threshold_met"]) == (5, "no")  # 5 of 9, and the window closed short
    assert (r["enough_calls"], r["valid"], r["suggested"]) == ("no", "no", "continue")
    assert "expired" in r["reason"]
    said = run(scores, [session()], as_of=D(2026, 4, 20)).checks
    assert list(said.loc[said["code"] == "no-outcome", "problem"].str.contains(
        "the follow-up window has expired but no decision is recorded", regex=False)) == [True]
    on_last_day = row(run(scores, [session()], as_of=D(2026, 4, 9)))
    assert on_last_day["status"] == "check-in due" and on_last_day["enough_calls"] is None


def test_the_timeframe_includes_its_last_day_only():
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + [
        {"call_id": "F1", "rep": REP, "call_at": dt.datetime(2026, 4, 9, 17), "criterion": CRIT, "score": 80},  # D+30
        {"call_id": "F2", "rep": REP, "call_at": dt.datetime(2026, 4, 10, 8), "criterion": CRIT, "score": 90},  # D+31
    ]
    r = row(run(scores, [session()]))
    assert (r["followup_n"], r["followup_mean"], r["window_ends"]) == (1, pytest.approx(80.0), D(2026, 4, 9))


def test_as_of_replays_history():
    res = run(worked_example_scores(), [session(), session("S-2", D(2026, 3, 20))], as_of=D(2026, 3, 15))
    r = row(res)
    # follow-up calls 03-11 .. 03-15 only: 70 75 80 85 82
    assert (r["followup_n"], r["status"]) == (5, "check-in due")
    assert r["delta"] == pytest.approx(78.4 - 64.5)
    assert row(res, "S-2")["status"] == "scheduled"
    assert list(res.log_updates["_row"]) == [2]  # only the held session records a baseline


def test_baseline_is_recorded_once_and_late_scores_do_not_change_it():
    first = run(worked_example_scores(), [session()])
    upd = first.log_updates.iloc[0]
    assert (upd["baseline_mean"], upd["baseline_n"], upd["baseline_recorded_on"]) == (64.5, 10, D(2026, 6, 1))
    late = calls([100], D(2026, 3, 9), prefix="L")  # scored later, inside the baseline period
    recorded = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 6, 1))
    second = run(worked_example_scores() + late, [recorded], as_of=D(2026, 6, 2))
    r, b = row(second), base_row(second)
    assert (r["baseline_mean"], r["baseline_n"]) == (64.5, 10)
    assert r["delta"] == pytest.approx(81.9 - 64.5)
    # recomputed: the late 100 replaces the oldest of the ten (60): (645 - 60 + 100) / 10 = 68.5
    assert b["computed_mean"] == pytest.approx(68.5) and b["difference"] == pytest.approx(64.5 - 68.5)
    assert "baseline-differs-from-recorded" in codes(second)
    assert second.log_updates.empty


def test_a_recorded_baseline_whose_calls_were_cleared_from_scores_says_what_cannot_be_checked():
    # Scores cleared and only the calls after the session pasted back: the recorded 64.5 stays; the
    # definition and call-type conditions need the baseline's calls, so the comparison cannot be judged
    recorded = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 6, 1))
    later = [c for c in worked_example_scores() if c["call_id"].startswith("F")]
    res = run(later, [recorded], as_of=D(2026, 6, 2))
    r = row(res)
    assert (r["baseline_mean"], r["status"], r["delta"]) == (64.5, "complete", pytest.approx(81.9 - 64.5))
    assert (r["definition_unchanged"], r["types_comparable"], r["valid"]) == (None, None, None)
    assert r["invalid_because"].startswith("the baseline's calls are not on Scores (cleared since it was recorded")
    assert r["suggested"] == "continue" and r["reason"] == f"comparison cannot be judged: {r['invalid_because']}"
    assert set(res.aggregate["left_out_why"].dropna()) == {"cannot be checked: 1"}
    problem, fix = res.checks.loc[res.checks["code"] == "baseline-differs-from-recorded", ["problem", "fix"]].iloc[0]
    assert "none of its calls is on Scores now" in problem and fix.startswith("Paste back the calls from before")
    # a baseline typed in (from before the scores were kept): the same, and said alike
    typed = row(run(later, [session(baseline_mean=64.5, baseline_n=10)], as_of=D(2026, 6, 2)))
    assert (typed["baseline_mean"], typed["valid"], typed["invalid_because"]) == (64.5, None, r["invalid_because"])


def test_a_window_made_shorter_after_a_baseline_was_recorded_is_noted_as_the_cause():
    # recorded over 10 calls; Calls per window set to 8 since: the window holds BEFORE's last 8,
    # 64 + 66 + 68 + 70 + 58 + 62 + 66 + 69 = 523, 65.375; the recorded 64.5 stays, and the rep's last 10
    # calls before the session, BEFORE, still give it (645 / 10): a note, not a difference, and the Baseline
    # sheet shows those 10 calls (computed n 10, mean 64.5, Difference 0)
    recorded = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 6, 1))
    res = run(worked_example_scores(), [recorded], as_of=D(2026, 6, 2), settings={"window_n": 8})
    assert row(res)["baseline_mean"] == 64.5 and res.log_updates.empty
    b = base_row(res)
    assert (b["computed_n"], b["computed_mean"], b["difference"]) == (10, 64.5, 0.0)
    assert "baseline-differs-from-recorded" not in codes(res)
    problem, fix = res.checks.loc[res.checks["code"] == "window-smaller-than-recorded", ["problem", "fix"]].iloc[0]
    assert "as 64.5 over 10 calls; the window holds 8 calls now" in problem
    assert "Do not clear the recorded cells" in fix and "type 10 in the row's Calls to review" in fix


def test_the_spread_of_a_baseline_in_use_comes_from_its_own_calls_or_is_left_blank():
    # BEFORE's deviations from 64.5 squared: 20.25 + 6.25 + 0.25 + 2.25 + 12.25 + 30.25 + 42.25 + 6.25
    # + 2.25 + 20.25 = 142.5; SD = sqrt(142.5 / 9) = 3.979
    first = row(run(worked_example_scores(), [session()]))
    assert first["baseline_sd"] == pytest.approx(3.979, abs=1e-3) and first["delta_low"] is not None
    # a late 100 inside the baseline period: the recorded 64.5 stays, and its ten calls are no longer
    # the window's (68.5 now), so nothing is computed from the window's calls as if they were its own
    late = calls([100], D(2026, 3, 9), prefix="L")
    recorded = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 6, 1),
                       evidence_call="B007")
    res = run(worked_example_scores() + late, [recorded], as_of=D(2026, 6, 2))
    r = row(res)
    assert r["delta"] == pytest.approx(81.9 - 64.5)
    assert (r["baseline_sd"], r["delta_low"], r["delta_high"], r["change"]) == (None, None, None, None)
    assert (r["anchor_in_baseline"], r["baseline_without_anchor"]) == (None, None)
    problem = res.checks.loc[res.checks["code"] == "baseline-differs-from-recorded", "problem"].iloc[0]
    assert problem.endswith("its calls are no longer known, so its SD, the delta's interval and Change, and the anchor "
                            "check are left blank.")
    # without the late score the recorded baseline is the window's: its SD and interval stay
    same = row(run(worked_example_scores(), [recorded], as_of=D(2026, 6, 2)))
    assert same["baseline_sd"] == pytest.approx(3.979, abs=1e-3) and same["delta_low"] is not None
    # the anchor B007 (70; B000 and B001 are the 95 and 91 before the ten) is one of them: without it
    # (645 - 70) / 9 = 63.89
    assert same["baseline_without_anchor"] == pytest.approx(575 / 9)
    # typed: 65 is within a point of 64.5 over the same ten calls; 70 is not; a typed n of 5 with a mean of
    # 65 is the last five calls 70, 58, 62, 66, 69: mean 65, squares 25 + 49 + 9 + 1 + 16 = 100, SD 5
    assert row(run(worked_example_scores(), [session(baseline_mean=65)]))["baseline_sd"] \
        == pytest.approx(3.979, abs=1e-3)
    assert row(run(worked_example_scores(), [session(baseline_mean=70)]))["baseline_sd"] is None
    assert row(run(worked_example_scores(), [session(baseline_n=5, baseline_mean=65)]))["baseline_sd"] \
        == pytest.approx(5.0)
    # a typed n of 12 with the window's ten calls and their mean (64.5): the spread is theirs
    assert row(run(worked_example_scores(), [session(baseline_n=12, baseline_mean=64.5)]))["baseline_sd"] \
        == pytest.approx(3.979, abs=1e-3)


def test_a_typed_baseline_is_kept_and_flagged_beyond_one_point():
    far = run(worked_example_scores(), [session(baseline_mean=70)])
    assert row(far)["baseline_mean"] == 70 and row(far)["delta"] == pytest.approx(81.9 - 70)
    assert "typed-baseline-differs" in codes(far) and far.log_updates.empty  # |70 - 64.5| = 5.5 > 1
    said = far.checks.loc[far.checks["code"] == "typed-baseline-differs", "problem"].iloc[0]
    # 70 differs from the ten calls' 64.5, so they are not its calls: nothing computed from them is shown
    assert said.endswith("by more than 1 point. The typed value is used; the calls behind it are not known, so its "
                         "SD, the delta's interval and Change, and the anchor check are left blank.")
    assert (row(far)["baseline_sd"], row(far)["delta_low"], row(far)["change"], row(far)["anchor_in_baseline"]) == \
        (None, None, None, None)
    near = run(worked_example_scores(), [session(baseline_mean=65)])
    assert "typed-baseline-differs" not in codes(near)  # |65 - 64.5| = 0.5
    # a typed n of 0 is a whole baseline (no calls, so no mean); a lone typed n above 0 waits (test_baseline_waits)
    assert row(run(worked_example_scores(), [session(baseline_n=0)]))["baseline_mean"] is None


def test_a_typed_baseline_with_its_n_is_checked_against_that_many_last_calls():
    # five calls at 50 then five at 70: the last ten average 60, the last five 70
    scores = calls([50] * 5 + [70] * 5, D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F")
    right = run(scores, [session(baseline_mean=70, baseline_n=5)])  # the data's own figure for 5 calls
    assert "typed-baseline-differs" not in codes(right)
    assert row(right)["baseline_sd"] == 0.0  # its five calls known: all at 70
    wrong = run(scores, [session(baseline_mean=60, baseline_n=5)])  # |60 - 70| = 10 > 1
    said = wrong.checks.loc[wrong.checks["code"] == "typed-baseline-differs", "problem"]
    assert list(said) == ["S-1: the typed baseline 60.0 differs from the score data (70.0 over 5 calls) "
                          "by more than 1 point. The typed value is used; the calls behind it are not known, so its "
                          "SD, the delta's interval and Change, and the anchor check are left blank."]
    beyond = run(scores, [session(baseline_mean=62, baseline_n=12)])  # 12 typed, 10 there: all ten, 60
    assert "(60.0 over 10 calls)" in beyond.checks.loc[beyond.checks["code"] == "typed-baseline-differs",
                                                       "problem"].iloc[0]


def test_a_negative_baseline_n_is_named_and_the_baseline_comes_from_the_scores():
    res = run(worked_example_scores(), [session(baseline_n=-1)])
    r = row(res)
    # the cell is left as it is; the ten calls before the session give 64.5, provisional, not recorded
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(64.5)) and res.log_updates.empty
    assert base_row(res)["state"] == "provisional"
    problem = res.checks.loc[res.checks["field"] == "Baseline n", "problem"].tolist()
    assert len(problem) == 1 and "'-1' is not a whole number of 0 or more" in problem[0]


def test_a_grey_baseline_cell_holding_only_spaces_is_not_written_over():
    # a space is not blank to Excel (ISBLANK is FALSE): it was typed, so the refresh leaves it and says so
    res = run(worked_example_scores(), [session(baseline_mean=" ")])
    assert res.log_updates.empty and base_row(res)["state"] == "provisional"
    assert (row(res)["baseline_n"], row(res)["baseline_mean"]) == (10, pytest.approx(64.5))
    problem = res.checks.loc[res.checks["field"] == "Baseline mean", "problem"].tolist()
    assert problem == ["Log row 2 (S-1): Baseline mean holds only spaces, which a refresh would write over; the "
                       "cell is left as it is, and the session uses the baseline from the score data, shown as "
                       "provisional and not recorded."]
    assert len(run(worked_example_scores(), [session(baseline_mean="")]).log_updates) == 1  # an empty text is blank


def test_a_baseline_message_shows_the_mean_as_its_0_0_cell_does():
    # a typed 70.25 shows as 70.3 in its cell (a half rounds away from zero); Python's .1f gives 70.2
    res = run(worked_example_scores(), [session(baseline_mean=70.25)])
    problem = res.checks.loc[res.checks["code"] == "typed-baseline-differs", "problem"].iloc[0]
    assert "the typed baseline 70.3 differs from the score data (64.5 over 10 calls)" in problem


@pytest.mark.parametrize(("typed", "code"), [
    ({"baseline_mean": "n/a"}, "unreadable-score"),
    ({"baseline_n": "ten"}, "unreadable-score"),
    ({"baseline_recorded_on": "see coaching notes"}, "unreadable-date"),
    ({"baseline_mean": "n/a", "baseline_n": 10, "baseline_recorded_on": D(2026, 6, 1)}, "unreadable-score"),
])
def test_text_in_a_baseline_column_is_never_written_over_and_the_baseline_stays_provisional(typed, code):
    res = run(worked_example_scores(), [session(**typed)])
    r, b = row(res), base_row(res)
    assert res.log_updates.empty and code in codes(res)
    # the score data's baseline, 645 / 10 = 64.5, is used but not recorded
    assert (b["state"], b["recorded_on"], r["baseline_n"], r["baseline_mean"]) == ("provisional", None, 10, 64.5)
    assert r["delta"] == pytest.approx(81.9 - 64.5)


def test_a_recorded_n_of_zero_stays_recorded():
    first = run(calls([80] * 10, D(2026, 3, 11)), [session()])
    upd = first.log_updates.iloc[0]
    assert upd["baseline_n"] == 0 and upd["baseline_mean"] is None
    again = run(calls([80] * 10, D(2026, 3, 11)),
                [session(baseline_n=0, baseline_recorded_on=D(2026, 6, 1))], as_of=D(2026, 6, 2))
    r = row(again)
    assert (r["baseline_n"], r["baseline_mean"], r["same_criterion"]) == (0, None, "no")
    assert "baseline-differs-from-recorded" not in codes(again) and again.log_updates.empty


@pytest.mark.parametrize(
    ("follow", "met"),
    [
        ([85] * 7, "yes"),  # 7 of 7 already: met before the window completes
        ([80] * 6 + [79], None),  # 6 at 80+ (80 counts), 3 calls to come: still possible
        ([70, 70, 70, 70], "no"),  # 0 at 80+ and only 6 calls left: 0 + 6 < 7
        ([70, 70, 70], None),  # 0 + 7 = 7: still possible
    ],
)
def test_k_of_n_is_decided_as_soon_as_it_is_known(follow, met):
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(follow, D(2026, 3, 11), prefix="F")
    assert row(run(scores, [session()], as_of=D(2026, 3, 25)))["threshold_met"] == met


def test_delta_and_check_in_wait_for_five_calls():
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER[:4], D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()], as_of=D(2026, 3, 20)))
    assert (r["followup_n"], r["status"], r["delta"], r["checkin_mean"]) == (4, "in progress", None, None)
    assert r["followup_mean"] == pytest.approx((70 + 75 + 80 + 85) / 4)


@pytest.mark.parametrize(("n_after", "as_of", "status"), [
    (0, D(2026, 3, 5), "scheduled"), (0, D(2026, 3, 20), "awaiting calls"), (2, D(2026, 3, 20), "in progress"),
    (6, D(2026, 3, 20), "check-in due"), (10, D(2026, 5, 1), "complete"), (3, D(2026, 5, 1), "expired"),
])
def test_status_words(n_after, as_of, status):
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER[:n_after], D(2026, 3, 11), prefix="F")
    assert row(run(scores, [session()], as_of=as_of))["status"] == status


def test_criterion_not_on_the_criteria_sheet():
    res = run(worked_example_scores(), [session(criterion="Greeting script")])
    assert row(res)["same_criterion"] == "no" and row(res)["valid"] == "no"
    assert "unknown-criterion" in codes(res)
    broad = run(worked_example_scores(), [session(criterion="communication")])
    assert "broad-theme" in codes(broad)


def test_a_criterion_typed_with_a_slip_is_named_with_the_one_it_may_be():
    # the Criteria sheet's closest name is suggested, never used: the session stays unmatched
    slip = CRIT[:-3] + CRIT[-2:]  # one letter left out near the end
    res = run(worked_example_scores(), [session(criterion=slip), session("S-2", criterion="Greeting script")])
    said = res.checks.loc[res.checks["code"] == "unknown-criterion", "problem"].tolist()
    assert said == [f'Log row 2 (S-1): criterion "{slip}" is not on the Criteria sheet (did you mean "{CRIT}"?); '
                    "pick one from the list or add it there.",
                    'Log row 3 (S-2): criterion "Greeting script" is not on the Criteria sheet; '
                    "pick one from the list or add it there."]
    assert row(res)["same_criterion"] == "no"


def test_a_new_version_taking_effect_mid_window_breaks_the_comparison():
    v2 = [{"name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
          {"name": CRIT, "version": "v2", "effective": D(2026, 3, 15)}]  # after 02-22, before 03-20
    r = row(run(worked_example_scores(), [session()], criteria=v2))
    assert (r["definition_unchanged"], r["valid"], r["suggested"]) == ("no", "no", "continue")
    on_first_day = [v2[0], {**v2[1], "effective": D(2026, 2, 22)}]  # first baseline call: 2026-02-22 10:00
    assert row(run(worked_example_scores(), [session()], criteria=on_first_day))["definition_unchanged"] == "yes"


def test_a_new_version_that_rewords_the_name_is_the_same_criterion():
    # the rows of one Criterion ID are its versions, whatever the name: the scores and the sessions under
    # either name are one criterion's, and the version taking effect on 03-15 breaks the comparison
    reworded = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
                {"criterion_id": "ACK", "name": "Acknowledges the concern first", "version": "v2",
                 "effective": D(2026, 3, 15)}]
    scores = [{**c, "criterion": "Acknowledges the concern first"} if c["call_id"] >= "F005" and c["call_id"][0] == "F"
              else c for c in worked_example_scores()]
    r = run(scores, [session(), session("S-2", criterion="Acknowledges the concern first")], criteria=reworded)
    for sid in ("S-1", "S-2"):
        got = row(r, sid)
        assert (got["baseline_n"], got["followup_n"]) == (10, 10)  # the follow-up's last five under the new name
        assert (got["definition_unchanged"], got["valid"]) == ("no", "no")
    assert "unknown-criterion" not in codes(r) and "unknown-score-criterion" not in codes(r)
    assert list(r.checks.loc[r.checks["code"] == "criterion-version-renamed", "row"]) == [3]  # said, as info


@pytest.mark.parametrize("first, later, renamed", [
    (101, "101.0", False), ("101.0", 101, False), (101.0, "101", False),  # one version, however written
    ("101.5", "101.50", True), (101, "101.5", True)])  # two versions, as on Scores
def test_a_criteria_version_written_with_point_zero_is_the_whole_number_as_on_scores(first, later, renamed):
    # a Criteria row of ACK under another name is a later version only when its version is another: 101.0 (a CSV
    # round trip, or a number typed as text) is 101, as a Scores version column reads it, so the row repeats the
    # version and is another criterion under a copied ID; 101.5 and 101.50 stay two versions
    rows = [{"criterion_id": "ACK", "name": CRIT, "version": first, "effective": D(2025, 1, 1)},
            {"criterion_id": "ACK", "name": "Acknowledges the concern first", "version": later,
             "effective": D(2026, 3, 15)}]
    said = codes(run(worked_example_scores(), [session()], criteria=rows))
    assert ("criterion-version-renamed" in said, "criterion-id-shared" in said) == (renamed, not renamed)


def test_a_reworded_row_without_a_version_is_a_later_version_by_its_date_in_the_settings_date_order():
    # no Version column: "02/01/2026" then "01/03/2026" typed as text, day-first: 2 Jan then 1 Mar, a
    # later row; read month-first they would be 1 Feb then 3 Jan, and the second an ID copied
    rows = [{"criterion_id": "ACK", "name": CRIT, "effective": "02/01/2026"},
            {"criterion_id": "ACK", "name": "Acknowledges the concern first", "effective": "01/03/2026"}]
    day_first = run(worked_example_scores(), [session()], criteria=rows, settings={"date_order": "day-first"})
    assert "criterion-version-renamed" in codes(day_first) and "criterion-id-shared" not in codes(day_first)
    month_first = run(worked_example_scores(), [session()], criteria=rows)
    assert "criterion-id-shared" in codes(month_first) and "criterion-version-renamed" not in codes(month_first)


def test_a_further_version_without_a_date_is_named_and_the_first_row_may_go_undated():
    undated = [{"name": CRIT, "version": "v1", "effective": None}, {"name": CRIT, "version": "v2", "effective": None},
               {"name": "Recaps next steps", "version": "v1", "effective": None}]
    r = run(worked_example_scores(), [session()], criteria=undated)
    said = r.checks[r.checks["code"] == "criterion-version-undated"]
    assert list(said["row"]) == [3] and f'further version of "{CRIT}"' in said["problem"].iloc[0]
    assert row(r)["definition_unchanged"] == "yes"  # no date: no change is seen, and Checks says so


def test_two_versions_among_the_calls_break_the_comparison():
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B", version="v1") + calls(AFTER, D(2026, 3, 11), prefix="F",
                                                                               version="v2")
    assert row(run(scores, [session()]))["definition_unchanged"] == "no"


def test_a_version_in_another_case_or_spacing_is_the_same_version():
    # two exports spelling one scorecard version "V1" and "v1 ": no change of definition
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B", version="V1") + calls(AFTER, D(2026, 3, 11), prefix="F",
                                                                               version=" v1 ")
    assert row(run(scores, [session()]))["definition_unchanged"] == "yes"


@pytest.mark.parametrize(("inbound_after", "verdict"), [(4, "yes"), (3, "no")])
def test_call_type_shares_within_30_points_inclusive(inbound_after, verdict):
    # baseline 7 inbound / 3 outbound; follow-up 4/6 -> |70% - 40%| = 30 points (yes), 3/7 -> 40 (no)
    before = [{**c, "call_type": "inbound" if i < 7 else "outbound"}
              for i, c in enumerate(calls(BEFORE, D(2026, 2, 20), prefix="B"))]
    after = [{**c, "call_type": "inbound" if i < inbound_after else "outbound"}
             for i, c in enumerate(calls(AFTER, D(2026, 3, 11), prefix="F"))]
    assert row(run(before + after, [session()]))["types_comparable"] == verdict


def test_a_named_call_type_filters_both_windows():
    inbound = calls([60] * 10, D(2026, 2, 10), step=2, prefix="BI") + calls([90] * 10, D(2026, 3, 11), prefix="FI")
    outbound = calls([100] * 5, D(2026, 2, 11), step=2, prefix="BO", call_type="outbound") + \
        calls([0] * 5, D(2026, 3, 12), prefix="FO", call_type="outbound")
    r = row(run(inbound + outbound, [session(call_type="inbound")]))
    assert (r["baseline_n"], r["baseline_mean"], r["followup_n"], r["followup_mean"]) == (10, 60, 10, 90)
    assert r["types_comparable"] == "yes (inbound only)" and r["valid"] == "yes"


def test_a_window_empty_of_the_named_call_type_says_so():
    # the rep's calls before the session are all outbound, the ones after inbound: the session counts
    # only inbound calls, so its baseline window is empty of that type, not of the criterion
    scores = calls([60] * 10, D(2026, 2, 20), prefix="B", call_type="outbound") \
        + calls(AFTER, D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session(call_type="inbound")]))
    assert (r["baseline_n"], r["same_criterion"]) == (0, "no")
    assert "no baseline calls on the criterion of call type inbound" in r["invalid_because"]
    assert "no baseline calls on the criterion" in row(run(scores[10:], [session()]))["invalid_because"]


def test_too_few_baseline_calls():
    scores = calls(BEFORE[:8], D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()]))
    assert (r["baseline_n"], r["enough_calls"], r["valid"], r["suggested"]) == (8, "no", "no", "continue")
    assert "comparison not valid" in r["reason"]


def test_an_unchanged_definition_is_known_only_once_the_follow_up_window_has_closed():
    # session 2026-03-10; ten baseline calls from 02-20, follow-up calls daily from 03-11
    criteria = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
                {"criterion_id": "ACK", "name": CRIT, "version": "v2", "effective": D(2026, 3, 18)}]
    scores = calls([60] * 10, D(2026, 2, 20), prefix="B") + calls([80] * 10, D(2026, 3, 11), prefix="F")
    # as of 03-15: follow-up calls 03-11 to 03-14 so far, all before v2 (03-18): not yet known, as a
    # later call may fall after it (and does: 03-18 to 03-20)
    assert row(run(scores[:14], [session()], as_of=D(2026, 3, 15), criteria=criteria))["definition_unchanged"] is None
    assert row(run(scores, [session()], as_of=D(2026, 6, 1), criteria=criteria))["definition_unchanged"] == "no"
    # without v2 the closed window gives yes
    assert row(run(scores, [session()], as_of=D(2026, 6, 1), criteria=criteria[:1]))["definition_unchanged"] == "yes"
    # a change already seen is final while the window is open: v2 on 03-12, a call on 03-13
    early = [criteria[0], {**criteria[1], "effective": D(2026, 3, 12)}]
    r = row(run(scores[:14], [session()], as_of=D(2026, 3, 15), criteria=early))
    assert (r["status"], r["definition_unchanged"]) == ("in progress", "no")


def test_calls_tied_on_their_date_are_ordered_by_call_id_as_a_person_reads_it():
    # twelve date-only calls on 2026-02-27 with ids 95 to 106; 95 and 96 scored 0, 100 and 101 scored
    # 100, the rest 50; the baseline takes the last 10 in id order read as numbers: 97 to 106, so
    # (8 x 50 + 2 x 100) / 10 = 60.0 (by code points, "100" < "95": 102-106 and 95-99, a mean of 40.0)
    scored = {95: 0, 96: 0, 100: 100, 101: 100}
    scores = [{"call_id": str(i), "rep": REP, "call_at": D(2026, 2, 27), "criterion": CRIT,
               "score": scored.get(i, 50), "call_type": "inbound"} for i in range(95, 107)]
    r = row(run(scores, [session(day=D(2026, 3, 1))]))
    assert (r["baseline_n"], r["baseline_mean"]) == (10, 60.0)
    # letters before the digits, ids C2 to C12: C2 comes before C10, so C2 (scored 0) is the one left
    # out and the mean is 80.0 (by code points C10 comes first and is left out: (0 + 9 x 80) / 10 = 72.0)
    scores = [{"call_id": f"C{i}", "rep": REP, "call_at": D(2026, 2, 27), "criterion": CRIT,
               "score": 0 if i == 2 else 80, "call_type": "inbound"} for i in range(2, 13)]
    r = row(run(scores, [session(day=D(2026, 3, 1))]))
    assert (r["baseline_n"], r["baseline_mean"]) == (10, 80.0)


def test_call_ids_of_thousands_of_digits_are_ordered_as_numbers_too():
    # eleven date-only calls on one day: ids 1 to 10 scored 50, and one of 5,001 digits (10^5000) scored
    # 100, which is the largest id, so the baseline (the last 10) holds it and leaves out id 1:
    # (9 x 50 + 100) / 10 = 55.0
    ids = [str(i) for i in range(1, 11)] + ["1" + "0" * 5000]
    scores = [{"call_id": c, "rep": REP, "call_at": D(2026, 2, 27), "criterion": CRIT,
               "score": 100 if len(c) > 2 else 50, "call_type": "inbound"} for c in ids]
    r = row(run(scores, [session(day=D(2026, 3, 1))]))
    assert (r["baseline_n"], r["baseline_mean"]) == (10, 55.0)


def test_a_scheduled_sessions_short_or_empty_baseline_is_not_yet_known_to_stay_so():
    # as of 2026-03-01 the session of 2026-03-10 is still to come: 3 calls so far (10 needed), and
    # none for another session's rep; calls may yet come before either, so both conditions are blank
    # (not yet known) and so is Valid; once the session has passed with no more calls, they are "no"
    scores = calls([60, 70, 80], D(2026, 2, 20), prefix="B")
    log = [session(), {**session("S-2"), "rep": "Bo Park"}]
    early = run(scores, log, as_of=D(2026, 3, 1))
    for sid in ("S-1", "S-2"):
        r = row(early, sid)
        assert (r["status"], r["same_criterion"], r["enough_calls"], r["valid"]) == ("scheduled", None, None, None)
    assert row(early)["baseline_n"] == 3
    later = run(scores, log, as_of=D(2026, 6, 1))
    assert (row(later)["enough_calls"], row(later)["valid"]) == ("no", "no")
    assert (row(later, "S-2")["same_criterion"], row(later, "S-2")["valid"]) == ("no", "no")


@pytest.mark.parametrize(("after", "decision"), [([65] * 10, "escalate"), ([75] * 10, "continue")])
def test_unmet_threshold_escalates_without_improvement_and_continues_with_it(after, decision):
    scores = calls([70] * 10, D(2026, 2, 20), prefix="B") + calls(after, D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()]))
    assert (r["threshold_met"], r["suggested"]) == ("no", decision)  # delta -5 / +5, nobody at 80


def _history_scores():
    # daily calls from Jan 1 to May 31 at 70; from April 16 on at 72 (so the third session improves a little)
    days = (D(2026, 5, 31) - D(2026, 1, 1)).days + 1
    return calls([70 if D(2026, 1, 1) + dt.timedelta(days=i) < D(2026, 4, 16) else 72 for i in range(days)],
                 D(2026, 1, 1), hour=10)


def test_a_third_unmet_session_on_the_same_criterion_escalates():
    log = [session("S-1", D(2026, 1, 20)), session("S-2", D(2026, 3, 1)), session("S-3", D(2026, 4, 15))]
    res = run(_history_scores(), log, as_of=D(2026, 6, 30))
    assert [row(res, s)["suggested"] for s in ("S-1", "S-2")] == ["escalate", "escalate"]  # delta 0, unmet
    r = row(res, "S-3")
    assert r["delta"] == pytest.approx(2.0) and r["threshold_met"] == "no"
    assert r["suggested"] == "escalate" and "S-1, S-2" in r["reason"]
    two = run(_history_scores(), log[1:], as_of=D(2026, 6, 30))
    assert row(two, "S-3")["suggested"] == "continue"  # only one earlier unmet session
    twice = run(_history_scores(), [log[1], log[1], log[2]], as_of=D(2026, 6, 30))  # S-2 written on two rows
    assert row(twice, "S-3")["suggested"] == "continue"  # still one earlier unmet session
    assert row(run(_history_scores(), log[1:], as_of=D(2026, 6, 30), settings={"escalate_after": 1}),
               "S-3")["suggested"] == "escalate"


def test_conflicting_scores_stay_out_until_one_row_is_excluded():
    base = calls([50] + [60] * 10, D(2026, 2, 18), prefix="B")
    clash = {**base[-1], "score": 95}  # the same call, criterion and (blank) evaluator, another score
    res = run(base + [clash], [session()])
    # B010 is out: last ten = 50 and nine 60s -> (50 + 540) / 10 = 59
    assert row(res)["baseline_mean"] == pytest.approx(59.0) and "conflicting-scores" in codes(res)
    resolved = run(base + [{**clash, "exclude": "superseded grading"}], [session()])
    assert row(resolved)["baseline_mean"] == pytest.approx(60.0)
    assert "conflicting-scores" not in codes(resolved)
    said = resolved.checks[resolved.checks["code"] == "excluded"]  # the 11 rows from row 2, then the clash
    assert list(said["row"]) == [13] and "Scores: 1 row left out because an Exclude cell holds a reason (row 13)" \
        in said["problem"].iloc[0]


def test_a_conflict_names_every_row_holding_a_score_pasted_twice_so_one_pass_resolves_it():
    # B010 (60, row 12) pasted again exactly (row 13), then a corrected 95 (row 14)
    base = calls([50] + [60] * 10, D(2026, 2, 18), prefix="B")
    twice = base + [dict(base[-1]), {**base[-1], "score": 95}]
    said = run(twice, [session()]).checks.set_index("code").loc["conflicting-scores"]
    assert "at Scores row 12 (again at Scores row 13), Scores row 14" in said["problem"]
    # both rows of the 60 excluded, as the message names them: resolved in one pass (95 replaces a 60)
    fixed = [*base[:-1], *({**c, "exclude": "superseded"} for c in twice[-3:-1]), twice[-1]]
    resolved = run(fixed, [session()])
    assert "conflicting-scores" not in codes(resolved) and row(resolved)["baseline_mean"] == pytest.approx(63.5)


@pytest.mark.parametrize("no_reason", [False, 0, "FALSE", "no", "N", "0", "n/a", "-", " None "])
def test_an_exclude_cell_saying_no_is_no_reason_and_the_row_counts(no_reason):
    # an export's own Excluded column says FALSE on every row it keeps
    scores = calls([60] * 9 + [90], D(2026, 2, 20), prefix="B")  # the last baseline call scores 90
    marked = [{**c, "exclude": no_reason} for c in scores]
    r = row(run(marked, [session()]))
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(63.0))  # (9 * 60 + 90) / 10
    out = row(run(marked[:-1] + [{**scores[-1], "exclude": True}], [session()]))
    assert (out["baseline_n"], out["baseline_mean"]) == (9, pytest.approx(60.0))  # TRUE is a reason


def test_a_reason_in_exclude_settles_what_its_row_could_not_be_read_for():
    # each of these rows' Checks fix is "..., or type a reason in Exclude": typed, the problem is gone
    good = calls([60] * 10, D(2026, 2, 20), prefix="B")
    bad = [{**good[0], "call_id": "X1", "score": "fifty"},  # sheet row 12: unreadable score
           {**good[0], "call_id": "X2", "rep": ""},  # row 13: blank rep
           {**good[0], "call_id": "X3", "call_at": "yesterday"},  # row 14: unreadable date
           {**good[0], "call_id": "X4", "score": 140}]  # row 15: outside 0-100, kept as it is
    said = run(good + bad, [session()]).checks
    assert sorted(said.loc[said["sheet"] == "Scores", "code"]) == [
        "missing-field", "score-out-of-scale", "unreadable-date", "unreadable-score"]
    settled = run(good + [{**b, "exclude": "test call"} for b in bad], [session()])
    scores_rows = settled.checks[settled.checks["sheet"] == "Scores"]
    assert sorted(scores_rows["code"]) == ["excluded", "excluded"]
    unread, read = sorted(scores_rows["problem"], key=lambda p: "unread" not in p)
    assert "3 rows left out unread" in unread and "(rows 12, 13, 14)" in unread
    assert "1 row left out" in read and "(row 15)" in read  # the 140, read and left out as any excluded row
    assert "error" not in set(settled.checks["severity"])
    r = row(settled)
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(60.0))  # the ten good calls only


def test_a_name_only_rows_left_out_with_a_reason_give_is_not_named_unknown():
    # another team's rows pasted with the export and excluded: their rep and criterion need no fixing
    good = calls([60] * 10, D(2026, 2, 20), prefix="B")
    theirs = [{**g, "call_id": f"Z{i}", "rep": "Zed Other", "exclude": "other team"} for i, g in enumerate(good[:3])]
    upsell = [{**g, "call_id": f"Y{i}", "criterion": "Upsell", "exclude": "not coached"}
              for i, g in enumerate(good[:3])]
    said = run(good + theirs + upsell, [session()]).checks
    assert "unknown-rep" not in set(said["code"]) and "unknown-score-criterion" not in set(said["code"])
    # one of Zed's rows counted (row 18): named, with that row alone
    said = run(good + theirs + upsell + [{**good[0], "call_id": "Q1", "rep": "Zed Other"}], [session()]).checks
    assert list(said.loc[said["code"] == "unknown-rep", "problem"]) == [
        'Scores: rep "Zed Other" (1 row, row 18) is not on the Reps sheet (Rep or Other names).']


def test_a_sheet_of_only_rows_left_out_with_a_reason_is_not_said_to_name_no_known_criterion():
    # every row of the paste another team's, excluded: nothing to add to the Criteria sheet, no error
    theirs = calls([70, 80], D(2026, 3, 1), crit="Upsell", exclude="other team")
    said = run(theirs, [session()]).checks
    assert "no-known-criterion" not in set(said["code"]) and "error" not in set(said["severity"])
    # one row of it counted (row 4): the sheet still names no known criterion, said at that row
    said = run(theirs + calls([70], D(2026, 3, 2), crit="Upsell", prefix="K"), [session()]).checks
    assert list(said.loc[said["code"] == "no-known-criterion", "row"]) == [4]


def test_two_evaluators_count_as_one_call_with_their_mean_and_duplicates_once():
    base = calls([60] * 10, D(2026, 2, 20), prefix="B", evaluator="Quinn")
    second_opinion = {**base[-1], "evaluator": "Rae", "score": 80}
    res = run(base + [second_opinion, dict(base[0]), {**base[3], "call_id": "NA1", "score": "N/A"}], [session()])
    r = row(res)
    # B009 = (60 + 80) / 2 = 70: (9 * 60 + 70) / 10 = 61; B000 twice counts once; N/A not counted
    assert (r["baseline_n"], r["baseline_mean"]) == (10, pytest.approx(61.0))
    assert {"calibration-merged", "duplicate-row", "not-scored"} <= set(codes(res))


def test_the_log_row_overrides_n_k_and_threshold():
    r = row(run(worked_example_scores(), [session(window_n=5, k_needed=4, threshold=75)]))
    # last five before: 70 58 62 66 69 -> 325 / 5 = 65; first five after: 392 / 5 = 78.4
    assert (r["baseline_n"], r["baseline_mean"]) == (5, pytest.approx(65.0))
    assert (r["followup_n"], r["followup_mean"], r["status"]) == (5, pytest.approx(78.4), "complete")
    assert (r["at_threshold"], r["threshold_met"]) == (4, "yes")  # 75 80 85 82 reach 75


def test_aggregates_use_valid_comparisons_only():
    crit2 = "Recaps next steps"
    criteria = [{"name": CRIT}, {"name": crit2}]
    scores = (calls([60] * 10, D(2026, 2, 20), prefix="A1") + calls([70] * 10, D(2026, 3, 11), prefix="A2")
              + calls([60] * 10, D(2026, 2, 20), prefix="B1", rep="Bo Park")
              + calls([90] * 10, D(2026, 3, 11), prefix="B2", rep="Bo Park")
              + calls([80] * 10, D(2026, 2, 20), prefix="A3", crit=crit2)
              + calls([75] * 10, D(2026, 3, 11), prefix="A4", crit=crit2)
              + calls([80] * 8, D(2026, 2, 20), prefix="B3", rep="Bo Park", crit=crit2)
              + calls([75] * 10, D(2026, 3, 11), prefix="B4", rep="Bo Park", crit=crit2))
    log = [session("S-1"), {**session("S-2"), "rep": "Bo Park"},
           {**session("S-3"), "criterion": crit2, "method": "call review"},
           {**session("S-4"), "rep": "Bo Park", "criterion": crit2, "method": "call review"}]
    agg = run(scores, log, criteria=criteria).aggregate
    by = {r["group"]: r for r in agg[agg["dimension"] == "Coaching method"].to_dict("records")}
    rp, cr = by["role-play"], by["call review"]
    # role-play: deltas +10 and +30 -> mean 20, median 20, both improved, one met (Bo: ten 90s)
    assert (rp["sessions"], rp["valid"], rp["left_out"]) == (2, 2, 0)
    assert (rp["mean_delta"], rp["median_delta"], rp["share_improved"], rp["share_threshold"]) == (20, 20, 1, 0.5)
    # call review: S-3 delta -5 (valid); S-4 has 8 baseline calls -> left out
    assert (cr["sessions"], cr["valid"], cr["left_out"], cr["left_out_why"]) == (2, 1, 1, "too few calls: 1")
    assert (cr["mean_delta"], cr["share_improved"], cr["share_threshold"]) == (-5, 0, 0)


def test_aggregate_names_a_criterion_not_on_the_list_as_why_a_session_is_left_out():
    # the session's criterion is not on Criteria: no call is ever counted for it, so it is not merely
    # "not complete" (it never will be); the scores under that name change nothing
    scores = calls([60] * 10, D(2026, 2, 20), prefix="A", crit="Speaks Klingon") \
        + calls([70] * 10, D(2026, 3, 11), prefix="B", crit="Speaks Klingon")
    agg = run(scores, [{**session(), "criterion": "Speaks Klingon"}]).aggregate
    by = {r["group"]: r for r in agg[agg["dimension"] == "Criterion"].to_dict("records")}
    assert (by["Speaks Klingon"]["valid"], by["Speaks Klingon"]["left_out_why"]) == (
        0, "criterion not on the Criteria sheet: 1")


def test_a_session_written_twice_counts_once_in_aggregate_and_two_sessions_sharing_an_id_count_twice():
    scores = (calls([60] * 10, D(2026, 2, 20), prefix="A1") + calls([70] * 10, D(2026, 3, 11), prefix="A2")
              + calls([60] * 10, D(2026, 2, 20), prefix="B1", rep="Bo Park")
              + calls([90] * 10, D(2026, 3, 11), prefix="B2", rep="Bo Park"))
    twice = run(scores, [session("S-1"), session("S-1")])
    rp = twice.aggregate[twice.aggregate["dimension"] == "Coaching method"].iloc[0]
    assert (rp["sessions"], rp["valid"], rp["mean_delta"]) == (1, 1, 10)  # 70 - 60, once
    said = twice.checks[twice.checks["code"] == "duplicate-session-id"].iloc[0]
    assert said["row"] == 3 and "written twice, counted once" in said["problem"] \
        and said["fix"] == "Delete the second row."
    assert len(twice.followup) == 2  # both rows still get their figures
    # Bo's session typed with Ann's id: two sessions, both counted, and the id is to be fixed
    shared = run(scores, [session("S-1"), {**session("S-1"), "rep": "Bo Park"}])
    rp = shared.aggregate[shared.aggregate["dimension"] == "Coaching method"].iloc[0]
    assert (rp["sessions"], rp["valid"], rp["mean_delta"]) == (2, 2, 20)  # (+10 and +30) / 2
    assert shared.checks.set_index("code").loc["duplicate-session-id", "fix"] == "Give each session its own id."


def test_call_type_shares_wait_for_the_window_to_close():
    # baseline all inbound; the first three follow-up calls outbound: 100 points apart, but the window is open
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER[:3], D(2026, 3, 11), prefix="F",
                                                               call_type="outbound")
    res = run(scores, [session()], as_of=D(2026, 3, 20))
    assert row(res)["types_comparable"] is None and "call-types-shifted" not in codes(res)
    closed = run(scores, [session()], as_of=D(2026, 5, 1))  # expired with 3 outbound calls
    assert row(closed)["types_comparable"] == "no" and "call-types-shifted" in codes(closed)


def test_a_session_not_yet_held_is_not_judged_on_its_summary_or_evidence():
    res = run(worked_example_scores(), [session(summary=None)], as_of=D(2026, 3, 1))
    assert row(res)["status"] == "scheduled"
    assert not {"generic-summary", "missing-evidence"} & set(codes(res))
    held = run(worked_example_scores(), [session(summary=None)])
    assert {"generic-summary", "missing-evidence"} <= set(codes(held))


def test_a_window_shorter_than_the_check_in_count_has_its_check_in_at_n():
    # N = 3 on the Log row, check-in count 5 (Settings default): the check-in is at 3 calls.
    # Baseline: the last 3 calls before the session, 60, 70, 80 -> mean 70.
    # Follow-up: 90, 80, 100 -> mean 90, delta +20, check-in mean 90 (the first 3), above 70.
    scores = calls([50, 60, 70, 80], D(2026, 3, 1), prefix="B") + calls([90, 80, 100], D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session(window_n=3)]))
    assert (r["baseline_n"], r["baseline_mean"]) == (3, pytest.approx(70.0))
    assert (r["followup_n"], r["followup_mean"], r["delta"]) == (3, pytest.approx(90.0), pytest.approx(20.0))
    assert (r["checkin_mean"], r["improvement_emerging"], r["status"]) == (pytest.approx(90.0), "yes", "complete")


def test_means_equal_in_exact_arithmetic_give_a_delta_of_exactly_zero_and_escalate():
    # 0-1 fractions: the baseline is ten 0.58 -> 58; the follow-up alternates 0.50 and 0.66 ->
    # (5 x 50 + 5 x 66) / 10 = 58 as well: delta 0 (floating point makes the means differ by about
    # 1e-14, which must not read as an improvement), nobody reaches 80: escalate
    scores = calls([0.58] * 10, D(2026, 2, 20), prefix="B") + calls([0.5, 0.66] * 5, D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()]))
    assert r["baseline_mean"] == pytest.approx(58.0) and r["followup_mean"] == pytest.approx(58.0)
    assert (r["at_threshold"], r["threshold_met"]) == (0, "no")
    assert r["delta"] == 0.0
    assert r["suggested"] == "escalate"
    assert "delta 0.0" in r["reason"]


def test_a_fraction_exactly_at_the_threshold_reaches_it():
    # 0-1 fractions: 0.58 x 100 is 57.99999999999999 in floating point, yet it is 58 points
    scores = calls([0.5] * 10, D(2026, 2, 20), prefix="B") + calls([0.58] * 10, D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session(threshold=58)]))
    assert r["followup_mean"] == pytest.approx(58.0) and r["baseline_mean"] == pytest.approx(50.0)
    assert (r["at_threshold"], r["threshold_met"], r["suggested"]) == (10, "yes", "close")


@pytest.mark.parametrize("scores, holds", [
    ([4, 5, 3, 4], True),  # four 1-5 ratings: too few to call it a rating (five are needed), yet surely not points
    ([3.5, 4.5, 4, 5, 3, 4], True),  # half stars: not whole, so no rating is detected
    ([70] * 10 + [0.85, 0.9], False),  # fractions pasted under points
    ([70] * 10 + [-36, 0.85, 0.9], False),  # the same beside a penalty (a negative score), which is kept as points
])
def test_a_column_read_as_points_that_looks_like_another_scale_is_flagged(scores, holds):
    res = run(calls(scores, D(2026, 2, 20)), [session()])
    # every score 10 or below read as points out of 100 is a guess: the baseline it enters waits, the warning an error
    assert ("scale-holds-baseline" if holds else "scale-unclear") in codes(res)
    assert res.log_updates.empty == holds
    assert "scale-converted" not in codes(res)  # still read as points out of 100, as the rule says


def test_fractions_below_points_moved_to_a_sheet_of_their_own_as_the_fix_says_are_read_as_fractions():
    from coachlog_xl import schema
    from coachlog_xl.core.inputs import RawTable

    points, fractions = calls(BEFORE, D(2026, 2, 20)), calls([0.7, 0.8, 0.9], D(2026, 3, 11), prefix="F")
    unclear = run(points + fractions, [session()])
    fix = unclear.checks.loc[unclear.checks["code"] == "scale-unclear", "fix"].iloc[0]
    assert "a sheet of their own whose name starts with Scores" in fix
    # the same rows under the same header again, in Scores, are one paste with the rows above (an export's
    # header repeated): still unclear, so the fix does not offer that
    head = schema.SCORES.headers
    cells = [[rec.get(c.key) for c in schema.SCORES.columns] for rec in points + fractions]
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                    log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", head, cells[:10] + [list(head)] + cells[10:])]
    assert "scale-unclear" in codes(compute(inputs, as_of=AS_OF))
    assert "header row" not in fix
    # done as it says: the fractions read as 70, 80, 90, the points as they were
    inputs.scores = [RawTable.from_rows("Scores", head, cells[:10]),
                     RawTable.from_rows("Scores fractions", head, cells[10:])]
    inputs.normalised = None  # (the compute above kept the pastes it read)
    moved = compute(inputs, as_of=AS_OF)
    assert "scale-unclear" not in codes(moved)
    assert (row(moved)["baseline_mean"], row(moved)["followup_mean"]) == (pytest.approx(64.5), pytest.approx(80.0))


def test_score_columns_sharing_a_header_are_read_once_headed_as_the_fix_says():
    from coachlog_xl.core.inputs import RawTable

    days = [dt.datetime(2026, 2, 20 + i, 10) for i in range(5)] + [dt.datetime(2026, 3, 11 + i, 10) for i in range(5)]
    cells = [[f"C{i}", REP, at, 60 + i, 40] for i, at in enumerate(days)]
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT},
                                              {"criterion_id": "HLD", "name": "Hold"}],
                                    reps=[{"rep": REP}], log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", ["Call ID", "Rep", "Call date", "Points", "Points"], cells)]
    fix = compute(inputs, as_of=AS_OF).checks.set_index("code").loc["repeated-criterion-columns", "fix"]
    # each header named as the fix says (the criterion as the Criteria sheet has it, or its ID): read, nothing
    # else to fix; a header such as "Greeting points" would be an unknown criterion, so it is not the example
    assert "the Criteria sheet" in fix and "points" not in fix
    for names in ([CRIT, "Hold"], ["ACK", "HLD"]):
        inputs.scores = [RawTable.from_rows("Scores", ["Call ID", "Rep", "Call date", *names], cells)]
        inputs.normalised = None
        res = compute(inputs, as_of=AS_OF)
        assert not {"repeated-criterion-columns", "unknown-score-criterion", "no-known-criterion"} & set(codes(res))
        assert (row(res)["baseline_mean"], row(res)["followup_mean"]) == (62.0, 67.0)  # 60..64, 65..69


@pytest.mark.parametrize("scores", [BEFORE + AFTER, [0, 100, 0, 100], [4, 5, 3, 4, 5]])
def test_points_and_detected_ratings_are_not_flagged_as_unclear(scores):
    # 0-100 points; 0/100 pass-fail points; five 1-5 ratings (detected and converted instead)
    assert "scale-unclear" not in codes(run(calls(scores, D(2026, 2, 20)), [session()]))


def test_a_paste_overlapping_an_earlier_one_names_twenty_repeats_and_the_rest_in_one_row():
    first = calls([70 + i % 20 for i in range(30)], D(2026, 2, 1), prefix="P")
    res = run(first + first, [session()])  # the same 30 rows pasted again below: rows 32-61 repeat 2-31
    notes = res.checks[res.checks["code"] == "duplicate-row"]
    assert len(notes) == 21  # 20 named one by one, the other 10 in one row
    assert list(notes["row"][:20]) == list(range(32, 52))
    assert notes["problem"].iloc[0] == "Scores row 32 repeats row 2 exactly (call P000); it is counted once."
    rest = notes.iloc[20]
    assert rest["row"] == 52 and rest["problem"].startswith("Scores: 10 more rows repeat earlier rows exactly")
    assert "(rows 52, 53, 54, 55, 56, ...)" in rest["problem"]
    assert res.summary["calls"] == 30  # each counted once


def test_calibrated_calls_beyond_twenty_are_noted_in_one_row():
    lee = calls([80] * 25, D(2026, 2, 1), prefix="K", evaluator="Lee")
    kim = calls([90] * 25, D(2026, 2, 1), prefix="K", evaluator="Kim")  # the same 25 calls, scored again
    res = run(lee + kim, [session()])
    notes = res.checks[res.checks["code"] == "calibration-merged"]
    assert len(notes) == 21
    assert notes["problem"].iloc[0] == ('Call K000, "Acknowledges the concern": scored by 2 evaluators; counted once '
                                        'with their mean (85).')
    assert notes["problem"].iloc[20].startswith("Scores: 5 more calls were scored by several evaluators")
    assert notes["row"].iloc[20] == 22  # K020, the 21st call, first at row 22
    followup = row(res)
    assert followup["baseline_mean"] == pytest.approx(85.0)  # (80 + 90) / 2 for each of the last ten


@pytest.mark.parametrize(("typed", "said"), [
    ({"timeframe_days": 20260331}, ("Timeframe (days) 20260331 is not a valid value (20260331 is above 3660): it "
                                    "takes a whole number of days from 1 to 3660; 30 from Settings")),
    ({"timeframe_days": 1e20}, "Timeframe (days) 1e+20 is not a valid value (1e+20 is above 3660)"),
    ({"threshold": -5}, ("Threshold score -5 is not a valid value (-5 is below 0): it takes a score from "
                              "0 to 100; 80 from Settings")),
    ({"threshold": 101}, "Threshold score 101 is not a valid value (101 is above 100)"),
])
def test_a_follow_up_number_out_of_range_is_named_and_the_settings_value_used(typed, said):
    # a date typed into Timeframe (days) once ran the window past the last date pandas holds
    r = run(worked_example_scores(), [session(**typed)])
    problems = list(r.checks.loc[r.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert len(problems) == 1 and said in problems[0]
    assert row(r) == row(run(worked_example_scores(), [session()]))  # the session as with the Settings values


@pytest.mark.parametrize("typed", ["85%", "85 %", " 85% ", 0.85, "85"])
def test_a_threshold_written_as_a_percent_in_text_is_that_many_points(typed):
    # the worked example's follow-up, 70 75 80 85 82 88 90 79 84 86: 4 calls at 85 or more (85 88 90 86),
    # fewer than the 7 needed; at the Settings 80 there are 7
    r = run(worked_example_scores(), [session(threshold=typed)])
    assert "unmeasurable-follow-up" not in codes(r)
    assert (row(r)["at_threshold"], row(r)["threshold_met"]) == (4, "no")
    assert (row(run(worked_example_scores(), [session()]))["at_threshold"]) == 7
    # the text percent is read as written: 0.5% is half a point, not 50 (as the number 0.5 is)
    low = run(worked_example_scores(), [session(threshold="0.5%")])
    assert "unmeasurable-follow-up" not in codes(low) and row(low)["at_threshold"] == 10


@pytest.mark.parametrize("typed", ["85+", ">= 85", "\u226585%"])
def test_a_threshold_written_as_at_or_above_it_is_that_threshold(typed):
    # 85 or more in the worked example's follow-up: 85 88 90 86, 4 calls, as with 85 typed
    r = run(worked_example_scores(), [session(threshold=typed)])
    assert "unmeasurable-follow-up" not in codes(r) and row(r)["at_threshold"] == 4


@pytest.mark.parametrize(("typed", "said"), [
    ({"threshold": "%"}, "Threshold score is not measurable ('%' is not a number); 80 from Settings"),
    ({"threshold": "+"}, "Threshold score is not measurable ('+' is not a number); 80 from Settings"),
    ({"threshold": ">="}, "Threshold score is not measurable ('>=' is not a number); 80 from Settings"),
    ({"threshold": "\u2265 %"}, "Threshold score is not measurable ('\u2265 %' is not a number); 80 from Settings"),
    ({"window_n": "calls"}, "Calls to review is not measurable ('calls' is not a number); 10 from Settings"),
    ({"timeframe_days": " days "}, "Timeframe (days) is not measurable ('days' is not a number); 30 from Settings"),
])
def test_a_sign_or_unit_typed_without_its_number_is_named_not_read_as_blank(typed, said):
    # "80+", "80%" and "10 calls" are numbers with a sign or a unit; the sign or the unit alone is no number,
    # and a cell holding what someone typed is never read as a blank one (whose default would say nothing)
    r = run(worked_example_scores(), [session(**typed)])
    problems = list(r.checks.loc[r.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert len(problems) == 1 and said in problems[0]


@pytest.mark.parametrize(("typed", "window"), [("7 of 10", None), ("7/10", None), ("7 out of 10 calls", 10),
                                                ("4 of 5", 5)])
def test_calls_needed_written_as_k_of_the_calls_to_review_is_k(typed, window):
    # the worked example's follow-up 70 75 80 85 82 88 90 79 84 86: 7 at 80 or more, of the 10 calls
    # (Settings' 10, or the row's); of the first 5 (70 75 80 85 82), 3 reach 80: fewer than 4
    r = run(worked_example_scores(), [session(k_needed=typed, window_n=window)])
    assert "unmeasurable-follow-up" not in codes(r)
    assert (row(r)["at_threshold"], row(r)["threshold_met"]) == ((7, "yes") if window != 5 else (3, "no"))


def test_a_number_of_calls_or_days_typed_with_its_unit_is_that_number():
    typed = run(worked_example_scores(), [session(window_n="10 calls", timeframe_days="30 days", k_needed="7 Calls")])
    assert "unmeasurable-follow-up" not in codes(typed)
    assert row(typed) == row(run(worked_example_scores(), [session()]))  # the Settings values: 10, 30, 7
    short = run(worked_example_scores(), [session(window_n="5 calls")])  # the first 5: 70 75 80 85 82
    assert (row(short)["followup_n"], row(short)["followup_mean"]) == (5, pytest.approx(78.4))
    wrong = run(worked_example_scores(), [session(timeframe_days="30 calls")])  # not days: Settings' 30 is used
    said = list(wrong.checks.loc[wrong.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert said == ["Log row 2 (S-1): Timeframe (days) is not measurable ('30 calls' counts calls, not days); "
                    "30 from Settings is used."]
    calls = run(worked_example_scores(), [session(window_n="10 days")])  # and days typed for calls
    said = list(calls.checks.loc[calls.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert said == ["Log row 2 (S-1): Calls to review is not measurable ('10 days' counts days, not calls); "
                    "10 from Settings is used for the windows shown, and its baseline waits until the number can be "
                    "read."]


def test_calls_needed_of_another_number_of_calls_than_the_row_reviews_says_what_to_type():
    r = run(worked_example_scores(), [session(k_needed="8 of 12")])
    said = list(r.checks.loc[r.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert said == ["Log row 2 (S-1): Calls needed at threshold is not measurable ('8 of 12' counts 12 calls where "
                    "10 are to be reviewed: type 8 here and 12 in Calls to review); 7 from Settings is used."]


def test_calls_needed_of_a_number_of_calls_no_row_may_review_says_why_not_to_type_it():
    # "1 of 1" names one call to review, which the Calls to review cell refuses (the follow-up is never the
    # first call alone): the message does not ask for it there
    r = run(worked_example_scores(), [session(k_needed="1 of 1")])
    said = list(r.checks.loc[r.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert said == ["Log row 2 (S-1): Calls needed at threshold is not measurable ('1 of 1' counts 1 call, which "
                    "Calls to review cannot be: 1 is below 2: the follow-up is never the first call alone); "
                    "7 from Settings is used."]


def test_a_window_of_one_call_is_refused_since_the_follow_up_is_never_the_first_call_alone():
    # domain.md: the follow-up window is "never the first call alone" (S1: reps overcorrect right after
    # a session). Calls to review = 1 once judged the session on call F000 (70) alone: complete, valid.
    r = run(worked_example_scores(), [session(window_n=1, k_needed=1)])
    problems = list(r.checks.loc[r.checks["code"] == "unmeasurable-follow-up", "problem"])
    assert problems == ["Log row 2 (S-1): Calls to review 1 is not a valid N (1 is below 2: the follow-up is never "
                        "the first call alone): it takes a whole number of calls from 2 to 1000; 10 from Settings is "
                        "used for the windows shown, and its baseline waits until a valid N is typed."]
    got = row(r)
    assert (got["followup_n"], got["status"]) == (10, "complete")  # the worked example's 10 calls, mean 81.9
    assert got["followup_mean"] == pytest.approx(81.9)
    two = row(run(worked_example_scores(), [session(window_n=2, k_needed=2)]))  # 70 and 75: two calls are a window
    assert (two["followup_n"], two["followup_mean"], two["threshold_met"]) == (2, 72.5, "no")
    settings = run(worked_example_scores(), [session()], settings={"window_n": 1})
    said = list(settings.checks.loc[settings.checks["code"] == "bad-setting", "problem"])
    assert said == ['Setting "Calls per window (N)": 1 is below 2: the follow-up is never the first call alone; '
                    'the default (10) is used.']
    assert row(settings)["followup_n"] == 10


def test_a_session_date_past_2200_or_a_huge_setting_is_named_not_a_crash():
    r = run(worked_example_scores(), [session(), session("S-2", D(9999, 12, 30))],
            settings={"threshold": 1e308, "timeframe_days": 10_000_000})
    checks = r.checks.set_index("code")
    assert "9999-12-30 is not a date from 1900 to 2200" in checks.loc["missing-session-date", "problem"]
    settings = list(r.checks.loc[r.checks["code"] == "bad-setting", "problem"])
    assert sorted(settings) == [
        'Setting "Follow-up timeframe (days)": 10000000 is above 3660; the default (30) is used.',
        'Setting "Threshold score": 1e+308 is above 100; the default (80) is used.']
    assert row(r)["threshold_met"] == "yes"  # 7 of 10 at the default 80, as in the worked example


def test_no_baseline_is_recorded_while_a_scores_sheet_cannot_be_read():
    # recorded once: a baseline recorded from unreadable scores (n 0) would stay wrong after the fix
    def inputs(score_header: str) -> RawInputs:
        made = RawInputs.from_records(
            criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
            reps=[{"rep": REP}], scores=worked_example_scores(), log=[session()])
        headers = made.scores[0].headers
        headers[headers.index("Score")] = score_header
        return made

    held = compute(inputs("Result"), as_of=D(2026, 6, 1))
    assert held.log_updates.empty and base_row(held)["state"] == "provisional"
    assert list(held.checks.loc[held.checks["code"] == "baseline-not-recorded", "sheet"]) == ["Scores"]
    read = compute(inputs("Score"), as_of=D(2026, 6, 1))
    assert len(read.log_updates) == 1 and base_row(read)["state"] == "recorded"
    assert "baseline-not-recorded" not in codes(read)


def test_a_reps_own_name_is_never_another_reps_other_name_and_a_shared_one_is_nobodys():
    from coachlog_xl.core.inputs import RawInputs
    from coachlog_xl.core.refresh import compute

    reps = [{"rep": REP, "other_names": "ann.l; desk-7"}, {"rep": "Bo Park", "other_names": f"{REP}; desk-7"}]
    scores = (calls([60] * 5, D(2026, 2, 20), prefix="A") + calls([70] * 5, D(2026, 2, 26), prefix="L", rep="ann.l")
              + calls([100] * 5, D(2026, 3, 3), prefix="S", rep="desk-7"))
    r = compute(RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=reps, scores=scores, log=[session()]), as_of=AS_OF)
    # Ann's ten: five as "Ann Lee" (Bo's other name, read as Ann), five as "ann.l"; desk-7 is neither's
    assert (row(r)["baseline_n"], row(r)["baseline_mean"]) == (10, pytest.approx(65.0))
    checks = r.checks.set_index("code")
    assert checks.loc["rep-name-clash", "row"] == 3 \
        and f'"{REP}", among Bo Park' in checks.loc["rep-name-clash", "problem"]
    assert checks.loc["shared-other-name", "row"] == 3
    assert '"desk-7" is an other name of both Ann Lee (Reps row 2) and Bo Park' \
        in checks.loc["shared-other-name", "problem"]
    assert '"desk-7" (5 rows, first at row 12) is an other name of Ann Lee and Bo Park on the Reps sheet' in \
        checks.loc["unknown-rep", "problem"]
    # its rows, 03-03 .. 03-07, may be Ann's baseline calls: her baseline waits until the name is settled
    assert r.log_updates.empty and base_row(r)["state"] == "provisional"


@pytest.mark.parametrize(("other_names", "counted"), [
    ("ann@acme.test, A. Lee", 10),  # a list written with a comma: both names are Ann's
    ("E1001, A. Lee; ann@acme.test", 10),  # an id among them, and a semicolon as well
    ("Ann Leigh, A. Lee", 5),  # two names of two words: "A. Lee" is Ann's, the address nobody's
    ("Lee, A. Lee", 0),  # one comma and a part of one word: one name, last name first, not "Lee" and "A. Lee"
    ("ann@acme.test, A. Lee, E1001", 10),  # more than one comma
    ("Lee, A. Lee, ann@acme.test", 0),  # a part of one word: one name whole, its parts no one's
])
def test_other_names_between_commas_are_read_one_by_one_where_they_cannot_be_one_name(other_names, counted):
    from coachlog_xl.core.inputs import RawInputs
    from coachlog_xl.core.refresh import compute

    scores = calls([60] * 5, D(2026, 2, 20), prefix="A", rep="ann@acme.test") \
        + calls([70] * 5, D(2026, 2, 26), prefix="L", rep="A. Lee")
    r = compute(RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=[{"rep": REP, "other_names": other_names}], scores=scores, log=[session()]), as_of=AS_OF)
    # "A. Lee" is Ann's either way ("Lee, A." is A. Lee written last name first): her 70s; the 60s only
    # when the address is read as her name too, (5 x 60 + 5 x 70) / 10 = 65
    assert base_row(r)["computed_n"] == counted
    assert base_row(r)["computed_mean"] == ({10: pytest.approx(65.0), 5: pytest.approx(70.0), 0: None}[counted])


def test_an_unreadable_session_time_is_named_and_the_session_is_read_as_date_only():
    r = run(worked_example_scores(), [session(session_time="25:99"),
                                      session("S-2", dt.datetime(2026, 3, 10, 14, 0), session_time=dt.time(14, 30))])
    bad = r.checks[r.checks["code"] == "unreadable-session-time"].iloc[0]
    assert (bad["field"], bad["value"], bad["severity"]) == ("Session time", "25:99", "warning")
    assert "Session time: '25:99' is not a time of day" in bad["problem"]
    assert "read as on 2026-03-10, date only" in bad["problem"] and "14:30" in bad["fix"]
    assert "missing-session-date" not in codes(r)
    # as the worked example's date-only session: baseline 64.5 over 10, follow-up 81.9 over 10
    first = row(r)
    assert base_row(r)["left_out_same_day"] == 2
    assert (first["baseline_n"], first["baseline_mean"]) == (10, pytest.approx(64.5))
    assert (first["followup_n"], first["followup_mean"]) == (10, pytest.approx(81.9))
    two = r.checks[r.checks["code"] == "two-session-times"].iloc[0]
    assert "holds the time 14:00 and Session time 14:30; Session time is used" in two["problem"]
    # a date-time of another day in Session time: its time is used on the Session date, and said
    other = run(worked_example_scores(), [session(session_time=dt.datetime(2026, 3, 11, 14, 30))])
    said = other.checks[other.checks["code"] == "two-session-times"]
    assert len(said) == 1 and "holds the date 2026-03-11" in said["problem"].iloc[0]
    assert row(other)["session_at"] == dt.datetime(2026, 3, 10, 14, 30)


def test_a_bad_setting_without_a_default_value_says_what_is_used():
    r = run(worked_example_scores(), [session()], settings={"as_of": "someday", "time_zone": "Mars/Base"})
    said = sorted(r.checks.loc[r.checks["code"] == "bad-setting", "problem"])
    assert said == ['Setting "As-of date": \'someday\' is not a date; the default (today) is used.',
                    'Setting "Time zone": \'Mars/Base\' is not a time zone name; the default (none: times as written) '
                    "is used."]


def test_an_unreadable_as_of_date_records_no_baseline_unless_the_date_is_given_otherwise():
    unread = run(worked_example_scores(), [session()], as_of=None, settings={"as_of": "31/31/2026"})
    assert unread.as_of == dt.date.today() and len(unread.log_updates) == 0
    held = unread.checks.set_index("code").loc["baseline-not-recorded"]
    assert (held["sheet"], held["field"]) == ("Settings", "As-of date") and "recorded no baseline" in held["problem"]
    assert base_row(unread)["state"] == "provisional" and base_row(unread)["baseline_mean"] == pytest.approx(64.5)
    readable = run(worked_example_scores(), [session()], as_of=None, settings={"as_of": D(2026, 6, 30)})
    assert readable.as_of == D(2026, 6, 30) and list(readable.log_updates["baseline_n"]) == [10]
    given = run(worked_example_scores(), [session()], settings={"as_of": "31/31/2026"})  # --as-of on the command line
    assert given.as_of == AS_OF and list(given.log_updates["baseline_n"]) == [10]
    assert "baseline-not-recorded" not in codes(given)


def test_an_as_of_date_typed_as_text_is_read_in_the_settings_date_order():
    # 09/03/2026 day-first is 9 March, the day before the session: it is scheduled, nothing recorded
    # (month-first it would be 3 September, after the whole follow-up window)
    for settings in ({"as_of": "09/03/2026", "date_order": "day-first"},
                     {"date_order": "day-first", "as_of": "09/03/2026"}):
        r = run(worked_example_scores(), [session()], as_of=None, settings=settings)
        assert r.as_of == D(2026, 3, 9) and row(r)["status"] == "scheduled" and r.log_updates.empty
    month_first = run(worked_example_scores(), [session()], as_of=None, settings={"as_of": "09/03/2026"})
    assert month_first.as_of == D(2026, 9, 3) and row(month_first)["status"] == "complete"


def test_a_session_logged_ahead_with_only_its_scheduled_time_is_scheduled_until_that_time_comes():
    ahead = session(session_date=None, scheduled_at=dt.datetime(2026, 3, 10, 14, 0))
    # as of 03-09 the session is still to come: scheduled, its baseline provisional, nothing recorded
    before = run(worked_example_scores(), [ahead], as_of=D(2026, 3, 9))
    assert (row(before)["status"], row(before)["suggested"]) == ("scheduled", "continue")
    assert before.log_updates.empty and "missing-session-date" not in codes(before)
    # as of 03-10 its moment has come with no Session date typed: was it held, and when? an error, no row
    after = run(worked_example_scores(), [ahead], as_of=D(2026, 3, 10))
    said = after.checks[after.checks["code"] == "missing-session-date"]
    assert list(said["row"]) == [2] and "scheduled for 2026-03-10 14:00" in said["problem"].iloc[0]
    assert after.followup.empty and after.log_updates.empty
    # a Session date typed: the session is placed at it, as always
    held = run(worked_example_scores(), [{**ahead, "session_date": D(2026, 3, 10)}])
    assert (row(held)["status"], row(held)["baseline_mean"]) == ("complete", pytest.approx(64.5))


def test_a_session_date_typed_as_text_that_reads_two_ways_is_named():
    r = run(worked_example_scores(), [session(session_date="09/02/2026"), session("S-2", session_date="03/03/2026"),
                                      session("S-3", session_date="2026-02-09"), session("S-4")])
    said = r.checks[r.checks["code"] == "ambiguous-session-date"]
    assert list(said["row"]) == [2] and list(said["severity"]) == ["warning"]
    assert "read month-first (the Settings date order) as 2026-09-02; day-first it would be 2026-02-09" \
        in said["problem"].iloc[0]
    assert said["fix"].iloc[0].startswith("Type the date as a date, or as 2026-09-02 or 2026-02-09, whichever it is")
    assert row(r)["session_at"] == D(2026, 9, 2)  # read as Settings says, and said so


def test_a_log_written_before_its_session_is_flagged():
    r = run(worked_example_scores(), [session(logged_at=dt.datetime(2020, 3, 10, 12, 0)),
                                      session("S-2", logged_at=dt.datetime(2026, 3, 10, 18, 0))])
    flagged = r.checks[r.checks["code"] == "logged-before-session"]
    assert list(flagged["problem"].str.contains("logged on 2020-03-10, before the session took place")) == [True]
    assert "late-log" not in codes(r)  # the same evening is neither
    timed = run(worked_example_scores(), [session(session_time=dt.time(14, 30), logged_at=dt.datetime(2026, 3, 10, 9))])
    said = timed.checks.loc[timed.checks["code"] == "logged-before-session", "problem"]
    assert list(said.str.contains("logged on 2026-03-10 09:00, before the session")) == [True]  # 14:30 that day


def test_a_paste_that_proves_the_other_date_order_is_read_in_it_and_dotted_dates_are_day_first():
    # month-first (the default): 13/02 can only be day-first, so the paste writes its dates day-first:
    # 03/02 beside it is 3 February, not 2 March (one call a day from 3 February, 12 days)
    slashed = [{**c, "call_at": c["call_at"].strftime("%d/%m/%Y %H:%M")}
               for c in calls(list(range(40, 100, 5)), D(2026, 2, 3))]  # 03/02 ... 14/02: 40, 45 ... 95
    res = run(slashed, [session()])
    said = res.checks[res.checks["code"] == "date-order-of-paste"]
    assert list(said["severity"]) == ["info"] and list(said["value"]) == ["13/02/2026 10:00"]
    assert "date-order-contradicted" not in codes(res) and "unreadable-date" not in codes(res)
    assert (row(res)["baseline_n"], row(res)["baseline_mean"]) == (10, 72.5)  # the last ten: 50 ... 95
    # one paste writing dates both ways (13/02 day-first, 02/13 month-first): an error, read as Settings says
    both = slashed + [{**calls([60], D(2026, 2, 13), prefix="M")[0], "call_at": "02/13/2026 11:00"}]
    said = run(both, [session()]).checks
    said = said[said["code"] == "date-order-contradicted"]
    assert list(said["severity"]) == ["error"] and list(said["value"]) == ["13/02/2026 10:00"]
    # the same dates dotted are read day-first: nothing contradicted, every call on its own day
    dotted = [{**c, "call_at": c["call_at"].strftime("%d.%m.%Y %H:%M")}
              for c in calls(list(range(40, 100, 5)), D(2026, 2, 3))]  # 40, 45 ... 95 on 3-14 February
    res = run(dotted, [session()])
    assert "date-order-contradicted" not in codes(res) and "unreadable-date" not in codes(res)
    assert res.summary["calls"] == 12  # month-first, 13.02 would be unreadable and 12.02 in December
    assert (row(res)["baseline_n"], row(res)["baseline_mean"]) == (10, 72.5)  # 50 ... 95


def test_the_date_order_notes_name_the_rows_of_the_dates_that_prove_an_order():
    # the calls are Scores rows 2-13 (3-14 February); 13/02 is the 11th, on row 12; a 13th call written
    # 02/13 (month-first) is row 14: a QA lead correcting the dates written the other way finds them
    slashed = [{**c, "call_at": c["call_at"].strftime("%d/%m/%Y %H:%M")}
               for c in calls(list(range(40, 100, 5)), D(2026, 2, 3))]
    said = run(slashed, [session()]).checks.set_index("code").loc["date-order-of-paste"]
    assert said["row"] == 12 and 'the date "13/02/2026 10:00" (row 12) is only possible day-first' in said["problem"]
    both = slashed + [{**calls([60], D(2026, 2, 13), prefix="M")[0], "call_at": "02/13/2026 11:00"}]
    said = run(both, [session()]).checks.set_index("code").loc["date-order-contradicted"]
    assert said["row"] == 12
    assert ('the date "13/02/2026 10:00" (row 12) is only possible day-first and "02/13/2026 11:00" (row 14) only '
            "month-first") in said["problem"]


def test_percent_cells_with_one_bonus_are_fractions_and_the_bonus_is_flagged():
    # cells formatted 0 % hold 0.8, 0.9 ...; one bonus call at 105 % must not make the rest points out of 100
    scores = calls([0.6, 0.7, 0.8, 0.9, 0.5, 0.6, 0.7, 0.8, 0.9, 1.05], D(2026, 2, 20))
    res = run(scores, [session()])
    r = row(res)
    assert r["baseline_n"] == 10 \
        and r["baseline_mean"] == pytest.approx((60 + 70 + 80 + 90 + 50 + 60 + 70 + 80 + 90 + 105) / 10)
    assert list(res.checks.loc[res.checks["code"] == "score-out-of-scale", "value"]) == ["105"]
    assert "scale-unclear" not in codes(res)


def test_a_score_far_beyond_any_bonus_is_unreadable_not_counted():
    # 87,125 in a column that writes 85.5 is 87125: no bonus reaches that
    scores = calls([80, 85.5, 87125, 70], D(2026, 2, 20))
    res = run(scores, [session()])
    bad = res.checks[res.checks["code"] == "unreadable-score"]
    assert list(bad["value"]) == ["87125"] and list(bad["severity"]) == ["error"]
    assert (row(res)["baseline_n"], row(res)["baseline_mean"]) == (3, pytest.approx((80 + 85.5 + 70) / 3))


def test_points_above_their_maximum_in_one_cell_are_an_error_naming_both_and_not_counted():
    # Scores rows 2-5 (a header, then one row per call): 70, 80, "5 of 4", 90, all before the session;
    # 5 of 4 would be 125: not counted, so the baseline is (70 + 80 + 90) / 3 = 80 over 3 calls
    scores = calls([70, 80, "5 of 4", 90], D(2026, 2, 20))
    res = run(scores, [session()])
    bad = res.checks[res.checks["code"] == "unreadable-score"]
    assert list(zip(bad["severity"], bad["sheet"], bad["row"], bad["field"], bad["value"])) == [
        ("error", "Scores", 4, "Score", "5 of 4")]
    assert "5 points of a maximum of 4" in bad["problem"].iloc[0]
    assert "not a number" not in bad["problem"].iloc[0]
    assert "score-out-of-scale" not in codes(res)
    assert (row(res)["baseline_n"], row(res)["baseline_mean"]) == (3, pytest.approx(80.0))


def test_criteria_of_one_paste_read_on_different_ratings_are_flagged():
    # one 1-10 column: the second criterion's calls never went above 5, so it reads as 1-5
    other = "Verifies identity"
    scores = calls([7, 9, 10, 6, 8], D(2026, 2, 20)) + calls([3, 4, 5, 2, 4], D(2026, 2, 20), crit=other, prefix="V")
    criteria = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
                {"criterion_id": "VER", "name": other, "version": "v1", "effective": D(2025, 1, 1)}]
    res = run(scores, [session()], criteria=criteria)
    said = list(res.checks.loc[res.checks["code"] == "scale-unclear", "problem"])
    assert len(said) == 1 and f'"{CRIT}" 1-10' in said[0] and f'"{other}" 1-5' in said[0]
    alone = run(calls([7, 9, 10, 6, 8], D(2026, 2, 20)), [session()])
    assert "scale-unclear" not in codes(alone)  # one rating scale: nothing to say


@pytest.mark.parametrize("broken", [{"call_at": "31/31/2026"}, {"score": "eighty"}, {"score": 87125}])
def test_no_baseline_is_recorded_while_a_row_of_the_reps_criterion_cannot_be_placed(broken):
    # one of the rep's calls on the criterion cannot be placed: it may belong in the baseline, and a
    # baseline recorded without it would stay wrong once the row is fixed
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    bad = {**calls([70], D(2026, 3, 1), prefix="X")[0], **broken}
    held = run(good + [bad], [session()])
    assert held.log_updates.empty and base_row(held)["state"] == "provisional"
    said = held.checks[held.checks["code"] == "baseline-not-recorded"]
    assert list(said["sheet"]) == ["Log"] and list(said["row"]) == [2]
    # the row excluded with a reason, or a row of another rep: the baseline is recorded
    for other in ({**bad, "exclude": "test call"}, {**bad, "rep": "Bo Park"}):
        read = run(good + [other], [session()])
        assert len(read.log_updates) == 1 and base_row(read)["state"] == "recorded"
        assert "baseline-not-recorded" not in codes(read)


def test_a_rep_name_close_to_the_sessions_rep_holds_its_baseline_back():
    # "Ann Lees" is not on Reps, but is close to the coached "Ann Lee": those calls may be hers
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    typo = calls([40, 45], D(2026, 3, 1), prefix="T", rep="Ann Lees")
    held = run(good + typo, [session()])
    assert "unknown-rep" in codes(held)
    assert held.log_updates.empty and base_row(held)["state"] == "provisional"
    excluded = [{**c, "exclude": "another team"} for c in typo]  # said to be someone else's: recorded
    read = run(good + excluded, [session()])
    assert len(read.log_updates) == 1 and "baseline-not-recorded" not in codes(read)


def test_a_criterion_spelled_close_to_the_sessions_criterion_holds_its_baseline_back():
    # "Acknowledge the concern" is one letter off the coached criterion: those calls may be it
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    near = calls([40, 45], D(2026, 3, 1), prefix="T", crit="Acknowledge the concern")
    held = run(good + near, [session()])
    assert "unknown-score-criterion" in codes(held) and "Did you mean" in " ".join(held.checks["problem"])
    assert held.log_updates.empty and base_row(held)["state"] == "provisional"
    read = run(good + [{**c, "exclude": "old scorecard"} for c in near], [session()])
    assert len(read.log_updates) == 1 and "baseline-not-recorded" not in codes(read)


def test_a_criterion_written_with_a_modifier_letter_apostrophe_is_the_criterion():
    name = "Acknowledges the customer's concern"
    typed = calls(list(range(50, 100, 5)), D(2026, 2, 20), crit="Acknowledges the customer\u02bcs concern")
    r = run(typed, [session(criterion=name)], criteria=[{"criterion_id": "ACK", "name": name}])
    assert base_row(r)["baseline_n"] == 10 and "unknown-score-criterion" not in codes(r)


def test_scores_in_conflict_hold_the_baseline_back_until_resolved():
    # call C003 is scored 65 and 95 by one evaluator: it is out of the windows until a row is excluded,
    # and a baseline recorded meanwhile would miss it for good
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    again = {**good[3], "score": 95}
    held = run(good + [again], [session()])
    assert "conflicting-scores" in codes(held)
    assert held.log_updates.empty and base_row(held)["state"] == "provisional"
    assert base_row(held)["baseline_n"] == 9
    # no decision is suggested on numbers that may change once the conflict is resolved
    assert row(held)["suggested"] == "continue" and "could not be counted yet" in row(held)["reason"]
    read = run(good + [{**again, "exclude": "superseded grading"}], [session()])
    assert "could not be counted" not in row(read)["reason"]
    # resolved: ten calls 50, 55, ..., 95 -> mean 72.5
    assert list(read.log_updates["baseline_n"]) == [10] and base_row(read)["baseline_mean"] == pytest.approx(72.5)
    other = run(good + calls([60, 61], D(2026, 2, 20), rep="Bo Park", prefix="B") + [
        {**calls([90], D(2026, 2, 20), rep="Bo Park", prefix="B")[0]}], [session()])
    assert "conflicting-scores" in codes(other) and len(other.log_updates) == 1  # Bo's conflict: Ann's recorded


def test_a_scores_sheet_naming_none_of_the_criteria_holds_every_baseline_back():
    unknown = calls(list(range(50, 100, 5)), D(2026, 2, 20), crit="Section 2 > Empathy")
    held = run(unknown, [session()])
    assert "no-known-criterion" in codes(held) and held.log_updates.empty
    said = held.checks[held.checks["code"] == "baseline-not-recorded"]
    assert list(said["sheet"]) == ["Scores"] and "names none of the criteria" in said["problem"].iloc[0]


def test_an_excel_error_where_a_rep_or_criterion_is_expected_is_named_as_the_error():
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    broken = calls([40], D(2026, 3, 1), prefix="E", rep="#N/A") + calls([45], D(2026, 3, 2), prefix="R", crit="#REF!")
    said = run(good + broken, [session()]).checks.set_index("code")["problem"]
    assert said["unknown-rep"] == ('Scores: rep "#N/A" (1 row, row 12) is the Excel error #N/A (a formula '
                                   "that could not be computed), not a rep's name.")
    assert said["unknown-score-criterion"].endswith("is the Excel error #REF! (a formula that could not be computed), "
                                                    "not a criterion's name.")


@pytest.mark.parametrize("written", ["Lee, Ann", "Ann Lee <alee@acme.test>", "LEE,  ANN"])
def test_a_rep_written_last_name_first_or_with_an_address_is_the_rep(written):
    r = run(calls(list(range(50, 100, 5)), D(2026, 2, 20), rep=written), [session()])
    assert (base_row(r)["baseline_n"], base_row(r)["baseline_mean"]) == (10, pytest.approx(72.5))
    assert "unknown-rep" not in codes(r) and len(r.log_updates) == 1


@pytest.mark.parametrize("written", ["Ann Lee", "ann lee", "Lee, Ann", "Ann Lee <alee@acme.test>"])
def test_a_rep_the_roster_writes_last_name_first_is_the_rep_as_exports_and_the_log_write_it(written):
    # the roster (Reps) lists "Lee, Ann"; the export and the Log write her first name first: the scores
    # 50, 55, .. 95 are hers, the baseline their mean (50 + 95) / 2 = 72.5
    scores = calls(list(range(50, 100, 5)), D(2026, 2, 20), rep=written)
    criteria = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}]
    r = compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": "Lee, Ann"}], scores=scores,
                                       log=[session(rep=written)]), as_of=AS_OF)
    assert (base_row(r)["baseline_n"], base_row(r)["baseline_mean"]) == (10, pytest.approx(72.5))
    assert row(r)["rep"] == "Lee, Ann"
    assert not {"unknown-rep", "log-unknown-rep"} & set(codes(r)) and len(r.log_updates) == 1


def test_a_call_id_of_digits_is_the_same_call_with_or_without_its_leading_zeros():
    # one export pasted twice: once as text ("000101"), once through Excel, which made the ids numbers
    text = [{**c, "call_id": f"{101 + i:06d}"} for i, c in enumerate(calls(list(range(50, 100, 5)), D(2026, 2, 20)))]
    numbers = [{**c, "call_id": 101 + i} for i, c in enumerate(text)]
    r = run(text + numbers, [session()])
    assert (base_row(r)["baseline_n"], base_row(r)["baseline_mean"]) == (10, pytest.approx(72.5))  # 50..95 once
    assert list(r.checks["code"]).count("duplicate-row") == 10 and r.summary["calls"] == 10
    conflict = run(text + [{**numbers[0], "score": 0}], [session()])  # a different score for 000101: a conflict
    said = conflict.checks[conflict.checks["code"] == "conflicting-scores"]
    assert len(said) == 1 and "Call 000101" in said["problem"].iloc[0] and "(50, 0)" in said["problem"].iloc[0]


def test_a_conflict_over_many_rows_lists_ten_and_a_rounded_call_id_is_named_as_such():
    # twelve rows of one call id and rep, with twelve scores: one call in conflict
    twelve = calls(list(range(40, 100, 5)), D(2026, 2, 20))
    said = run([{**c, "call_id": "X1"} for c in twelve], [session()]).checks.set_index("code").loc["conflicting-scores"]
    assert said["problem"].count(" row ") == 10 and "(12 rows in all)" in said["problem"]
    assert said["value"] == "40, 45, 50, 55, 60, 65, 70, 75, 80, 85, ..."
    assert "rounded" not in said["problem"] and "Exclude" in said["fix"]
    # twelve calls whose 19-digit ids Excel turned into one number: told apart by their moments, the
    # last ten before the session 50, 55, ..., 95: mean 72.5
    rounded = [{**c, "call_id": "7.12346E+18"} for c in twelve]
    apart = run(rounded, [session()])
    assert "conflicting-scores" not in codes(apart)
    assert (base_row(apart)["baseline_n"], base_row(apart)["baseline_mean"]) == (10, pytest.approx(72.5))
    # two scores under a rounded id at one moment: a conflict, the id named as rounded
    said = run(rounded + [{**rounded[0], "score": 99}], [session()]).checks.set_index("code").loc["conflicting-scores"]
    assert "looks rounded" in said["problem"] and "coachlog import" in said["fix"]


def test_two_columns_under_one_date_header_are_an_error_and_hold_the_baselines():
    from coachlog_xl.core.inputs import RawInputs
    from coachlog_xl.core.refresh import compute

    def inputs(grading_header: str) -> RawInputs:
        graded = [{**c, "graded_at": c["call_at"] + dt.timedelta(days=9)} for c in worked_example_scores()]
        made = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                      scores=graded, log=[session()])
        headers = made.scores[0].headers
        headers[headers.index("Call date")] = "Date"
        headers[headers.index("Graded on")] = grading_header
        return made

    two = compute(inputs("Date"), as_of=AS_OF)
    said = two.checks[two.checks["code"] == "same-header-columns"]
    assert len(said) == 1 and said["severity"].iloc[0] == "error" and said["field"].iloc[0] == "Date"
    assert 'columns C and I are both headed "Date"' in said["problem"].iloc[0]
    assert "column C is read as the call date" in said["problem"].iloc[0]
    assert two.log_updates.empty and "baseline-not-recorded" in codes(two)
    apart = compute(inputs("Graded on"), as_of=AS_OF)  # each column under its own header: the worked example
    assert "same-header-columns" not in codes(apart) and list(apart.log_updates["baseline_n"]) == [10]
    assert base_row(apart)["baseline_mean"] == pytest.approx(64.5)


@pytest.mark.parametrize("where", ["settings", "log"])
def test_a_threshold_typed_as_a_percentage_is_points_out_of_100(where):
    # a cell formatted 80 % holds 0.8; the worked example's follow-up has 7 of 10 calls at 80+ (not 10 at 0.8+)
    scores = worked_example_scores()
    if where == "settings":
        res = run(scores, [session()], settings={"threshold": 0.8})
    else:
        res = run(scores, [session(threshold=0.8)])
    r = row(res)
    assert (r["at_threshold"], r["threshold_met"]) == (7, "yes")
    assert "bad-setting" not in codes(res) and "unmeasurable-follow-up" not in codes(res)


@pytest.mark.parametrize("where", ["settings", "log"])
@pytest.mark.parametrize(("typed", "on_100"), [
    (4, "4 of 5 is 80 and 4 of 10 is 40"), (8.0, "8 of 10 is 80"), ("8", "8 of 10 is 80"), (10, "10 of 10 is 100")])
def test_a_threshold_typed_as_a_rating_is_not_measurable_and_80_is_used(where, typed, on_100):
    # a team scoring 1-5 types 4 (4 of 5), one scoring 1-10 types 8: on 0-100 nearly every call reaches 4 or 8
    # (the worked example's ten follow-up calls would all count); read as not measurable, the default 80
    # gives 7 of 10 (80, 85, 82, 88, 90, 84, 86)
    scores = worked_example_scores()
    res = run(scores, [session()], settings={"threshold": typed}) if where == "settings" else \
        run(scores, [session(threshold=typed)])
    r = row(res)
    assert (r["at_threshold"], r["threshold_met"]) == (7, "yes")
    said = res.checks[res.checks["code"] == ("bad-setting" if where == "settings" else "unmeasurable-follow-up")]
    # the message says what the typed value is on 0-100 on each rating it fits (value / top x 100)
    assert len(said) == 1 \
        and f"is a value on a rating, not a score on 0-100: {on_100} on 0-100" in said["problem"].iloc[0]


@pytest.mark.parametrize("where", ["settings", "log"])
def test_a_threshold_of_100_percent_typed_in_excel_is_100_points(where):
    # a cell formatted 100 % holds the number 1: none of the worked example's follow-up calls reaches 100,
    # so the window, complete, cannot meet it (read as 1 point, all ten would)
    scores = worked_example_scores()
    res = run(scores, [session()], settings={"threshold": 1}) if where == "settings" else \
        run(scores, [session(threshold=1)])
    r = row(res)
    assert (r["at_threshold"], r["threshold_met"]) == (0, "no")
    assert "bad-setting" not in codes(res) and "unmeasurable-follow-up" not in codes(res)


@pytest.mark.parametrize(("typed", "comparable"), [(0.3, "yes"), (0.2, "no")])
def test_a_call_type_tolerance_typed_as_a_percentage_is_points(typed, comparable):
    # a cell formatted 30 % holds 0.3; the follow-up's inbound share is 7 of 10 against 10 of 10 before:
    # 30 points apart, within 30 % (30 points) and beyond 20 %, not beyond 0.3 of a point
    follow = [dict(c, call_type="outbound" if i >= 7 else "inbound")
              for i, c in enumerate(calls(AFTER, D(2026, 3, 11), prefix="F"))]
    res = run(calls(BEFORE, D(2026, 2, 20), prefix="B") + follow, [session()], settings={"type_tolerance": typed})
    assert row(res)["types_comparable"] == comparable
    assert "bad-setting" not in codes(res)


def test_a_deleted_settings_row_is_named_and_its_default_used():
    made = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                             "effective": D(2025, 1, 1)}],
                                  reps=[{"rep": REP}], scores=worked_example_scores(), log=[session()],
                                  settings={"threshold": 70})
    data = made.settings.data
    made.settings.data = data[data[0] != "Follow-up timeframe (days)"].reset_index(drop=True)
    r = compute(made, as_of=AS_OF)
    missing = r.checks[r.checks["code"] == "setting-missing"]
    assert list(missing["field"]) == ["Follow-up timeframe (days)"] and list(missing["severity"]) == ["info"]
    assert "default (30) is used" in missing["problem"].iloc[0]
    assert r.config.timeframe_days == 30 and r.config.threshold == 70  # the rows left are still read
    assert "setting-missing" not in codes(run(worked_example_scores(), [session()]))  # every row there: no note


def _conflict(day: dt.date, prefix: str = "X") -> list[dict]:
    """One call scored 50 and 60 by the same evaluator: in conflict."""
    return calls([50], day, prefix=prefix) + calls([60], day, prefix=prefix)


def test_a_score_row_without_a_call_id_on_a_baseline_day_holds_the_baseline_back():
    # B005 (02-25, 66) has no call id: unusable, and a baseline recorded now would miss it for good
    blank = [{**c, "call_id": None} if c["call_id"] == "B005" else c for c in worked_example_scores()]
    r = run(blank, [session()])
    assert {"missing-field", "baseline-not-recorded"} <= set(codes(r)) and r.log_updates.empty
    assert base_row(r)["state"] == "provisional" and "a blank call id" in r.checks.loc[
        r.checks["code"] == "baseline-not-recorded", "problem"].iloc[0]
    # filled in: recorded, the worked example's 64.5; on a day after the follow-up's tenth call: no hold
    assert list(run(worked_example_scores(), [session()]).log_updates["baseline_mean"]) == [64.5]
    late = worked_example_scores() + [{**calls([50], D(2026, 4, 25), prefix="L")[0], "call_id": None}]
    assert list(run(late, [session()]).log_updates["baseline_mean"]) == [64.5]
    # a row without a call id or a date (a rep's subtotal line) is no call: it holds nothing
    subtotal = worked_example_scores() + [{**calls([50], D(2026, 3, 1))[0], "call_id": None, "call_at": None}]
    assert list(run(subtotal, [session()]).log_updates["baseline_mean"]) == [64.5]


@pytest.mark.parametrize("field", ["rep", "criterion"])
def test_a_score_row_with_a_blank_rep_or_criterion_on_a_baseline_day_holds_the_baseline_back(field):
    # B005 (02-25, 66) with its rep or criterion blank (as under a merged cell pasted): it may be Ann
    # Lee's on this criterion, so a baseline recorded now could miss it for good
    blank = [{**c, field: None} if c["call_id"] == "B005" else c for c in worked_example_scores()]
    r = run(blank, [session()])
    assert {"missing-field", "baseline-not-recorded"} <= set(codes(r)) and r.log_updates.empty
    assert base_row(r)["state"] == "provisional" and "a blank call id, rep or criterion" in r.checks.loc[
        r.checks["code"] == "baseline-not-recorded", "problem"].iloc[0]
    # excluded with a reason: the baseline is recorded without it (the other nine and B004 before them)
    excluded = [{**c, "exclude": "merged cell"} if c["call_id"] == "B005" else c for c in blank]
    assert list(run(excluded, [session()]).log_updates["baseline_n"]) == [10]
    # on a day after the follow-up's tenth call: no hold
    late = worked_example_scores() + [{**calls([50], D(2026, 4, 25), prefix="L")[0], field: None}]
    assert list(run(late, [session()]).log_updates["baseline_mean"]) == [64.5]
    # with neither call id nor date: a criterion's score without a rep may be any call's (a report's row
    # below the first of its call: held); a rep's line without a criterion is a subtotal (no hold)
    bare = worked_example_scores() + [{**calls([50], D(2026, 3, 1))[0], field: None, "call_id": None,
                                       "call_at": None}]
    assert list(run(bare, [session()]).log_updates["baseline_mean"]) == ([] if field == "rep" else [64.5])


def test_a_refresh_before_any_score_is_pasted_records_no_baseline_of_zero():
    # the Log filled in first, Refresh pressed before the first paste: the session's moment has passed
    # (as of 06-01), but a baseline recorded now would be 0 calls for good
    r = run([], [session()])
    assert r.log_updates.empty and (base_row(r)["state"], base_row(r)["baseline_n"]) == ("provisional", 0)
    said = r.checks[r.checks["code"] == "baseline-not-recorded"]
    assert list(said["sheet"]) == ["Scores"] and "Scores holds no score to read yet (as of 2026-06-01)" in said[
        "problem"].iloc[0]
    # rows that cannot be read hold it too (each named); once pasted: the worked example's 64.5
    unread = [{**c, "call_id": None, "call_at": None} for c in worked_example_scores()]
    assert run(unread, [session()]).log_updates.empty
    assert list(run(worked_example_scores(), [session()]).log_updates["baseline_mean"]) == [64.5]
    # scores there, none of them the rep's before the session: a baseline of 0 calls is recorded (domain.md)
    later = [c for c in worked_example_scores() if c["call_at"].date() > D(2026, 3, 10)]
    assert list(run(later, [session()]).log_updates["baseline_n"]) == [0]
    # no session, or only a session planned after the as-of date (no baseline due yet): nothing is said
    assert "baseline-not-recorded" not in codes(run([], []))
    planned = run([], [session(day=D(2026, 6, 2))])
    assert "baseline-not-recorded" not in codes(planned) and row(planned)["status"] == "scheduled"
    # the planned session's moment passed, still nothing pasted: held, and said
    assert "baseline-not-recorded" in codes(run([], [session(day=D(2026, 6, 2))], as_of=D(2026, 6, 3)))


def test_a_session_of_one_call_type_on_scores_without_call_types_records_no_baseline_of_zero():
    # the export has no call types: an inbound-only session matches none of Ann's 12 calls before 03-10
    untyped = [{**c, "call_type": None} for c in worked_example_scores()]
    r = run(untyped, [session(call_type="inbound")])
    assert r.log_updates.empty and (base_row(r)["state"], base_row(r)["baseline_n"]) == ("provisional", 0)
    said = r.checks[r.checks["code"] == "baseline-not-recorded"]
    assert list(said["field"]) == ["Call type"] and "none of Ann Lee's 12 scored calls" in said["problem"].iloc[0]
    assert row(r)["suggested"] == "continue" and "its rep's calls have none" in row(r)["reason"]
    # the call type cleared: every call counts, the worked example's 64.5; typed calls: recorded as usual
    assert list(run(untyped, [session()]).log_updates["baseline_mean"]) == [64.5]
    assert list(run(worked_example_scores(), [session(call_type="inbound")]).log_updates["baseline_mean"]) == [64.5]
    # one stray call without a type among typed ones: the export has the column, and the rep's calls before
    # the session are all outbound: no baseline of 0 inbound calls is recorded either (a Call type the
    # exports do not write, more likely than a rep without such calls), and Checks names the types there
    stray = [{**c, "call_type": "outbound"} for c in worked_example_scores()] + [
        {**calls([70], D(2025, 3, 1), prefix="X")[0], "call_type": None}]
    held = run(stray, [session(call_type="inbound")])
    assert held.log_updates.empty and (base_row(held)["state"], base_row(held)["baseline_n"]) == ("provisional", 0)
    said = held.checks[held.checks["code"] == "baseline-not-recorded"]
    # before 03-10: B000..B011 (12) outbound, X000 without a type; the two on 03-10 itself are not before it
    assert said["problem"].iloc[0].endswith("before it is one: their call types are outbound (12). A baseline of 0 "
                                            "calls recorded now would stay when the Call type is corrected.")
    assert "its rep's calls before it are all of other types" in row(held)["reason"]
    # the Call type corrected to the exports' word: the last ten outbound calls, the worked example's 64.5
    assert list(run(stray, [session(call_type="outbound")]).log_updates["baseline_mean"]) == [64.5]
    # a rep with no call at all yet on an inbound-only session: nothing hints at a missing column
    assert "baseline-not-recorded" not in codes(run(calls([70], D(2026, 3, 11)), [session(call_type="inbound")]))


def test_calls_of_the_session_day_or_of_its_own_type_are_not_named_as_other_types_before_it():
    # a session at 14:00 counting inbound calls; the export has dates only: the call on the session's day is
    # in neither window, so it is not a call before it whose type differs (it was named 'inbound (1)', the
    # session's own type, and the baseline waited for a Call type already right)
    later = calls([90] * 3, D(2026, 3, 12), prefix="F")
    for call_type in ("inbound", "outbound"):
        r = run(calls([70], D(2026, 3, 10), hour=None, call_type=call_type) + later,
                [session(session_time=dt.time(14), call_type="inbound")])
        assert "baseline-not-recorded" not in codes(r) and base_row(r)["state"] == "recorded"
        assert base_row(r)["baseline_n"] == 0 and ("calls-on-session-day" in codes(r)) == (call_type == "inbound")
    # an outbound call the day before is before it: named, and the baseline waits
    r = run(calls([70], D(2026, 3, 9), hour=None, call_type="outbound") + later,
            [session(session_time=dt.time(14), call_type="inbound")])
    said = r.checks[r.checks["code"] == "baseline-not-recorded"]
    assert "their call types are outbound (1)." in said["problem"].iloc[0] and base_row(r)["state"] == "provisional"


def test_a_conflict_no_window_can_hold_leaves_the_baseline_and_the_decision_alone():
    # the baseline's ten calls are 02-22 .. 03-03 and the follow-up's ten 03-11 .. 03-20: a call in
    # conflict on 04-25 (after the follow-up's tenth call) or on 02-20 (before the baseline's first of
    # ten) belongs in neither, whichever score is right
    for day in (D(2026, 4, 25), D(2026, 2, 20)):
        r = run(worked_example_scores() + _conflict(day), [session()])
        assert "conflicting-scores" in codes(r) and "baseline-not-recorded" not in codes(r)
        assert list(r.log_updates["baseline_n"]) == [10] and list(r.log_updates["baseline_mean"]) == [64.5]
        assert row(r)["suggested"] == "close"


def test_a_conflict_in_the_follow_up_window_holds_the_decision_not_a_recorded_baseline():
    scores = worked_example_scores()
    again = {**next(c for c in scores if c["call_id"] == "F005"), "score": 10}  # 03-16, scored 80 and 10
    fresh = run(scores + [again], [session()])
    # the baseline is before the session: recorded; the follow-up may change once the conflict is settled
    assert list(fresh.log_updates["baseline_mean"]) == [64.5]
    assert row(fresh)["suggested"] == "continue" and "follow-up window could not be counted" in row(fresh)["reason"]
    # and its delta stays out of Aggregate until then, said as the reason it is left out
    rep = fresh.aggregate[fresh.aggregate["dimension"] == "Rep"].iloc[0]
    assert (rep["valid"], rep["left_out"], rep["left_out_why"]) == (0, 1, "waits for scores: 1")
    settled = run(scores + [{**again, "exclude": "regraded"}], [session()]).aggregate
    rep = settled[settled["dimension"] == "Rep"].iloc[0]
    assert (rep["valid"], rep["mean_delta"]) == (1, pytest.approx(81.9 - 64.5))
    # grey cells copied from another session wait for a person, not for scores: the figures, from the
    # score data, stay as they are once the cells are cleared, so the session counts
    copied = run(scores, [session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 3, 1))])
    assert "recorded-before-session" in codes(copied) and row(copied)["suggested"] == "continue"
    rep = copied.aggregate[copied.aggregate["dimension"] == "Rep"].iloc[0]
    assert (rep["valid"], rep["mean_delta"]) == (1, pytest.approx(81.9 - 64.5))
    recorded = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 6, 1))
    later = run(scores + [again], [recorded], as_of=D(2026, 6, 2))
    assert later.log_updates.empty and base_row(later)["state"] == "recorded"
    assert row(later)["suggested"] == "continue" and "follow-up window" in row(later)["reason"]


def test_a_recorded_session_is_not_held_by_a_problem_row_outside_its_windows():
    recorded = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 6, 1))
    near = calls([40], D(2026, 4, 25), prefix="T", rep="Ann Lees")  # close to Ann Lee, after her windows
    r = run(worked_example_scores() + _conflict(D(2026, 4, 25)) + near, [recorded], as_of=D(2026, 6, 2))
    assert {"conflicting-scores", "unknown-rep"} <= set(codes(r))
    assert (row(r)["suggested"], base_row(r)["state"]) == ("close", "recorded")


def test_replaying_a_date_before_the_session_shows_the_baseline_as_it_was_then():
    # recorded on 06-01 as 70 (a late score changed it since); as of 03-05 the session is still ahead:
    # the baseline is provisional, the ten calls up to then, 02-22 .. 03-03 (mean 64.5)
    recorded = session(baseline_mean=70, baseline_n=10, baseline_recorded_on=D(2026, 6, 1))
    r = run(worked_example_scores(), [recorded], as_of=D(2026, 3, 5))
    b = base_row(r)
    assert (row(r)["status"], b["state"]) == ("scheduled", "provisional")
    assert (row(r)["baseline_n"], row(r)["baseline_mean"]) == (10, pytest.approx(64.5))
    assert r.log_updates.empty and "baseline-differs-from-recorded" not in codes(r)


def test_one_call_id_under_two_reps_is_two_calls():
    # a platform numbering calls per queue: Ann's C000 .. C009 and Bo's C000 .. C009 are twenty calls,
    # on the same days (Bo's an hour later, or date only), scored alike (C000 .. C004) or not; Ann's
    # baseline is her own ten, 50 .. 95 (mean 72.5), Bo's 50 .. 70 and five 60s: (300 + 300) / 10 = 60
    ann = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    for hours in ({"hour": 11}, {"hour": None}):
        bo = calls([50, 55, 60, 65, 70] + [60] * 5, D(2026, 2, 20), rep="Bo Park", **hours)
        r = run((ann if hours["hour"] else calls(list(range(50, 100, 5)), D(2026, 2, 20), hour=None)) + bo,
                [session(), {**session("S-2"), "rep": "Bo Park"}])
        assert not {"conflicting-scores", "duplicate-row", "calibration-merged", "call-under-two-reps"} & set(codes(r))
    assert (base_row(r)["baseline_n"], base_row(r)["baseline_mean"]) == (10, pytest.approx(72.5))
    assert (base_row(r, "S-2")["baseline_n"], base_row(r, "S-2")["baseline_mean"]) == (10, pytest.approx(60.0))


def test_a_call_exported_again_under_another_rep_at_its_moment_is_named_and_counts_for_both_until_excluded():
    # F003 (03-14 10:00, scored 85) was Ann's; the platform moved it to Bo and the next export has it there
    scores = worked_example_scores()
    moved = {**next(c for c in scores if c["call_id"] == "F003"), "rep": "Bo Park"}
    r = run(scores + [moved], [session()])
    said = r.checks[r.checks["code"] == "call-under-two-reps"]
    assert list(said["row"]) == [len(scores) + 2] and list(said["severity"]) == ["warning"]
    assert "Call F003 on 2026-03-14 10:00 is under Bo Park here and under Ann Lee at Scores row" \
        in said["problem"].iloc[0]
    assert row(r)["followup_n"] == 10  # Ann's window still counts it
    # the wrong one excluded (here Ann's): her window takes her next call, F010 (20), instead of 85
    wrong = [{**c, "exclude": "reassigned"} if c["call_id"] == "F003" else c for c in scores]
    fixed = run(wrong + [moved], [session()])
    assert "call-under-two-reps" not in codes(fixed)
    assert row(fixed)["followup_mean"] == pytest.approx((819 - 85 + 20) / 10)


def test_a_short_paste_of_ratings_is_read_on_the_rating_another_paste_of_the_criterion_has():
    # the first paste's ten 1-5 ratings tell its scale; the weekly paste's three cannot alone, and are
    # read on the same 1-5: baseline (5 x 3 + 5 x 4) / 10 x 20 = 70, follow-up (5 + 4 + 5) / 3 x 20 = 93.33
    from coachlog_xl import schema
    from coachlog_xl.core.inputs import RawTable

    made = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                  scores=calls([3] * 5 + [4] * 5, D(2026, 2, 20)), log=[session()])
    weekly = RawTable.from_records(schema.SCORES, calls([5, 4, 5], D(2026, 3, 11), prefix="W"))
    weekly.sheet = "Scores week 11"
    made.scores.append(weekly)
    r = compute(made, as_of=AS_OF)
    assert (row(r)["baseline_mean"], row(r)["followup_n"]) == (pytest.approx(70.0), 3)
    assert row(r)["followup_mean"] == pytest.approx(280 / 3)
    assert "scale-unclear" not in codes(r)
    said = r.checks[(r.checks["code"] == "scale-converted") & (r.checks["sheet"] == "Scores week 11")]
    assert "a 1-5 rating, as Scores rates it" in said["problem"].iloc[0]
    # three ratings of 1 alone would read as present/absent (100 each); on the criterion's 1-5, 20 each
    made.scores[1] = RawTable.from_records(schema.SCORES, calls([1, 1, 1], D(2026, 3, 11), prefix="W"))
    made.scores[1].sheet = "Scores week 11"
    made.normalised = None  # (the first compute kept the pastes it read)
    assert row(compute(made, as_of=AS_OF))["followup_mean"] == pytest.approx(20.0)
    # a third paste rates the criterion 1-10 (Scores old, 6 .. 10, before the baseline's calls): the three
    # 1s fit both scales, are read on the first paste's 1-5 (Scores, by sheet name), and that is said
    old = RawTable.from_records(schema.SCORES, calls([6, 7, 8, 9, 10], D(2026, 1, 5), prefix="O"))
    old.sheet = "Scores old"
    made.scores.append(old)
    made.normalised = None
    both = compute(made, as_of=AS_OF)
    assert row(both)["followup_mean"] == pytest.approx(20.0)
    said = both.checks[(both.checks["code"] == "scale-unclear") & (both.checks["sheet"] == "Scores week 11")]
    assert len(said) == 1 and "(1-5 in Scores, 1-10 in Scores old); read as 1-5" in said["problem"].iloc[0]


@pytest.mark.parametrize("typo", [{"rep": "Ann Leee"}, {"criterion": "Acknowledge concern"}, {"criterion": None},
                                  {"call_type": "inbund"}])
def test_a_session_matching_no_call_under_a_name_not_on_the_lists_records_no_baseline(typo):
    # a baseline of 0 calls recorded for a mistyped row would stay when the row is fixed
    mistyped = run(worked_example_scores(), [session(**typo)])
    assert mistyped.log_updates.empty and base_row(mistyped)["state"] == "provisional"
    held = mistyped.checks[mistyped.checks["code"] == "baseline-not-recorded"]
    blank = typo == {"criterion": None}  # (no criterion at all: said so, not that it is on no list)
    assert list(held["row"]) == [2]
    assert ("it names no targeted criterion" if blank else "not on the lists") in held["problem"].iloc[0]
    # the reason names the list the row's name is not on, as the Checks row does
    off = {"rep": "rep is not on the Reps sheet", "criterion": "criterion is not on the Criteria sheet",
           "call_type": "call type is not on the Settings call type list"}[next(iter(typo))]
    off = "targeted criterion is blank" if blank else off
    assert row(mistyped)["suggested"] == "continue" and row(mistyped)["reason"].startswith(f"its {off} (see Checks)")
    assert row(mistyped)["reason"].endswith("decide once the Log row is fixed")
    fixed = run(worked_example_scores(), [session()])  # as the worked example: 64.5 over 10, recorded
    assert list(fixed.log_updates["baseline_mean"]) == [64.5]


def test_a_rep_not_on_reps_holds_the_baseline_until_added_unless_the_team_keeps_no_reps_list():
    # the Log and the Scores name the rep alike, but Reps lists others: the calls under that name may be
    # only some of the rep's (a rep renamed on Reps, the exports' other rows under an address), so a
    # baseline recorded now could stay wrong: held, and said
    scores = [{**c, "rep": "Cy Moss"} for c in worked_example_scores()]
    r = run(scores, [session(rep="Cy Moss")])
    assert "log-unknown-rep" in codes(r) and r.log_updates.empty and base_row(r)["state"] == "provisional"
    held = r.checks[r.checks["code"] == "baseline-not-recorded"].iloc[0]
    assert (held["row"], held["field"], held["value"]) == (2, "Rep", "Cy Moss") and "10 calls" in held["problem"]
    assert "decide once the Log row is fixed" in row(r)["reason"]
    # added to Reps: recorded, the worked example's 64.5
    criteria = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}]
    listed = compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}, {"rep": "Cy Moss"}],
                                            scores=scores, log=[session(rep="Cy Moss")]), as_of=AS_OF)
    assert list(listed.log_updates["baseline_mean"]) == [64.5]
    # a team keeping no Reps list: the names alike are the rep's, and the calls count
    unlisted = compute(RawInputs.from_records(criteria=criteria, reps=[], scores=scores, log=[session(rep="Cy Moss")]),
                       as_of=AS_OF)
    assert "log-unknown-rep" in codes(unlisted) and list(unlisted.log_updates["baseline_mean"]) == [64.5]


# (written "Ann Lee (E1001)" it is Ann Lee while she lists no ID of its shape, else a namesake who holds her baseline:
# tests/test_rep_name_and_id.py)
@pytest.mark.parametrize("written", ["Ann Lee E1001", "Lee Ann", "Ann Lee - Care East"])
def test_a_rep_name_holding_the_reps_words_is_hinted_and_holds_the_baseline(written):
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20))
    theirs = calls([40, 45], D(2026, 3, 1), prefix="T", rep=written)
    r = run(good + theirs, [session()])
    said = r.checks.loc[r.checks["code"] == "unknown-rep", "problem"].iloc[0]
    assert f'"{written}"' in said and 'Did you mean "Ann Lee"?' in said
    assert r.log_updates.empty and "baseline-not-recorded" in codes(r)


def test_a_criterion_cell_naming_two_criteria_holds_both_sessions():
    criteria = [{"criterion_id": "ACK", "name": CRIT}, {"criterion_id": "NAME", "name": "Uses the name"}]
    both = calls(list(range(50, 100, 5)), D(2026, 2, 20)) + calls([70, 75], D(2026, 3, 1), prefix="T", crit="ACK; NAME")
    r = run(both, [session(), session("S-2", criterion="Uses the name")], criteria=criteria)
    said = r.checks.loc[r.checks["code"] == "unknown-score-criterion", "problem"].iloc[0]
    assert f'Did you mean "{CRIT}" or "Uses the name"?' in said
    held = r.checks[r.checks["code"] == "baseline-not-recorded"]
    assert r.log_updates.empty and sorted(held["problem"].str[:3]) == ["S-1", "S-2"]
    # a criterion id of digits is no hint inside another name: "Section 2 total" is not criterion 2
    numbered = [{"criterion_id": "2", "name": CRIT}]
    other = run(calls([70], D(2026, 3, 1), crit="Section 2 total") + calls([80], D(2026, 3, 2), prefix="K"),
                [session()], criteria=numbered)
    assert "Did you mean" not in " ".join(other.checks["problem"]) and len(other.log_updates) == 1


def test_a_scores_sheet_none_of_whose_rows_can_be_read_holds_every_baseline():
    # a paste two columns to the right of the header: no row has a call id, so none can be placed, and
    # the baselines (of 0 calls) would stay wrong once the paste is moved
    shifted = [{"call_id": None, "rep": REP, "call_at": "inbound", "criterion": CRIT, "score": "C00" + str(i)}
               for i in range(12)]
    r = run(shifted, [session()])
    assert "no-row-read" in codes(r) and r.log_updates.empty
    held = r.checks[r.checks["code"] == "baseline-not-recorded"]
    assert list(held["sheet"]) == ["Scores"] and "has rows that could not be read" in held["problem"].iloc[0]
    said = r.checks[r.checks["code"] == "no-row-read"]["problem"].iloc[0]
    assert "12 with no readable score; 12 with no readable call date; 12 with a blank call id" in said
    assert said.endswith("is the paste under the wrong columns?")
    # every row read but its date, written in a way no date order reads: that column is named, not the paste
    weeks = [{**c, "call_at": f"2026-W0{1 + i % 8}"} for i, c in enumerate(calls([70] * 6, D(2026, 2, 20)))]
    said = run(weeks, [session()]).checks.set_index("code").loc["no-row-read", "problem"]
    assert "(6 with no readable call date;" in said and "every scored row has no readable call date" in said
    assert "wrong columns" not in said
    na = [{**c, "score": "N/A"} for c in calls([1] * 2, D(2026, 2, 27), prefix="N")]  # not counted: as they say
    said = run(weeks + na, [session()]).checks.set_index("code").loc["no-row-read", "problem"]
    assert "none of its 8 rows" in said and "every scored row has no readable call date" in said
    # one half-typed row is a typo, named on its own row, not a paste under the wrong columns
    assert "no-row-read" not in codes(run(worked_example_scores() + shifted[:1], [session()]))
    assert "no-row-read" not in codes(run(shifted[:4], [session()]))  # fewer than five rows
    # rows all N/A, or all excluded with a reason, are read as what they say: the baseline is recorded
    for rows in ([{**c, "score": "N/A"} for c in calls([1] * 3, D(2026, 2, 20))],
                 [{**c, "exclude": "test calls"} for c in calls([70] * 3, D(2026, 2, 20))]):
        read = run(rows, [session()])
        assert "no-row-read" not in codes(read) and list(read.log_updates["baseline_n"]) == [0]


def test_one_evaluator_written_two_ways_with_two_scores_is_a_conflict_not_a_calibration():
    scores = worked_example_scores()
    lee = [{**c, "evaluator": "Lee Park"} for c in scores]
    again = {**lee[5], "evaluator": "Park, Lee <lee.park@acme.test>", "score": 99}  # B005, scored 66 and 99
    r = run(lee + [again], [session()])
    assert "conflicting-scores" in codes(r) and "calibration-merged" not in codes(r)
    # B005 is left out: the ten before the session are B001 .. B011 without it, (91 + 645 - 66) / 10
    assert base_row(r)["baseline_mean"] == pytest.approx(67.0)
    # the address alone, as another export names evaluators: the same person
    bare = run(lee + [{**again, "evaluator": "lee.park@acme.test"}], [session()])
    assert "conflicting-scores" in codes(bare) and base_row(bare)["baseline_mean"] == pytest.approx(67.0)
    # an address that is not a name in parts is another evaluator: a calibration, the mean of 66 and 99
    other = run(lee + [{**again, "evaluator": "qa7@acme.test"}], [session()])
    assert "calibration-merged" in codes(other) and "conflicting-scores" not in codes(other)
    assert base_row(other)["baseline_mean"] == pytest.approx((645 - 66 + (66 + 99) / 2) / 10)  # B002 .. B011


def test_a_score_without_its_evaluator_beside_the_same_call_with_one_is_that_grading_or_a_conflict():
    scores = worked_example_scores()
    named = [{**c, "evaluator": "Gail Grader"} for c in scores]
    unnamed = [{**c, "evaluator": None} for c in scores]  # the same export pasted again without the column
    r = run(named + unnamed, [session()])
    assert "calibration-merged" not in codes(r) and "conflicting-scores" not in codes(r) and "duplicate-row" in codes(r)
    assert (base_row(r)["baseline_mean"], row(r)["followup_mean"]) == (pytest.approx(64.5), pytest.approx(81.9))
    # one call graded again with a name: who gave the other score is not known, so not a second opinion
    regraded = [{**c, "score": c["score"] + 10} if c["call_id"] == "F000" else c for c in named]
    r = run(regraded + unnamed, [session()])
    assert "conflicting-scores" in codes(r) and "calibration-merged" not in codes(r)
    # F000 (70) is left out: the follow-up is F001 .. F010, 75 80 85 82 88 90 79 84 86 20
    assert (row(r)["followup_n"], row(r)["followup_mean"]) == (10, pytest.approx(769 / 10))


@pytest.mark.parametrize(("target", "flagged"), [
    ("Raise CSAT", True), ("CSAT", True), ("Improve your scores on empathy", True),
    ("Improve communication skills", True), ("Hit quota every week", True),
    ("Explain the credit score disclosure before quoting a rate", False),
    ("Offer the sales add-on once the issue is resolved", False),
    ("Acknowledge the concern before troubleshooting", False),
])
def test_a_target_naming_an_outcome_is_named_and_a_plain_noun_in_a_behaviour_is_not(target, flagged):
    assert _flags("outcome-target", target=target) == ([2] if flagged else [])


def _flags(code: str, **typed) -> list[int]:
    """The Log rows one session, typed so, gets a Checks row of ``code`` for (as of 06-01: complete)."""
    r = run(worked_example_scores(), [session(**typed)])
    return list(r.checks.loc[r.checks["code"] == code, "row"])


def test_words_in_quotes_are_what_someone_said_not_the_supervisors_judgement():
    assert _flags("evaluative-observation", observation='At 02:14 the customer said "you people are so rude"; '
                                                         "the rep paused, then answered the question.") == []
    assert _flags("observation-and-target-mixed", observation='The rep said \u201cI should check that\u201d and put '
                                                               "the customer on hold at 03:10.") == []
    assert _flags("evaluative-observation", observation="Le client a dit \u00ab you are rude \u00bb at 02:14.") == []
    assert _flags("evaluative-observation", observation="Der Kunde: \u201eyou were rude\u201c at 02:14.") == []
    # the supervisor's own words are still read
    assert _flags("evaluative-observation", observation="The rep rudely cut the customer off at 02:14.") == [2]
    assert _flags("observation-and-target-mixed", observation="Cut the customer off; should let them finish.") == [2]


def test_a_decision_that_is_not_one_of_the_three_is_named_and_no_outcome_is_read():
    assert _flags("unknown-decision", decision="TBD") == [2] and _flags("no-outcome", decision="TBD") == []
    assert _flags("unknown-decision", decision="Escalated") == [] and _flags("no-outcome", decision="Escalated") == []
    assert _flags("no-outcome") == [2]  # complete, and blank


def test_a_held_session_without_a_behavioral_observation_is_named():
    # the observation is one of the six elements of a coaching log: blank (or spaces) is named, on its row
    assert _flags("missing-observation") == [2]
    assert _flags("missing-observation", observation="  ") == [2]
    assert _flags("missing-observation", observation="Gave the policy before asking why, at 02:14.") == []
    ahead = run(worked_example_scores(), [session()], as_of=D(2026, 3, 1))  # not held yet: nothing to observe
    assert row(ahead)["status"] == "scheduled" and "missing-observation" not in codes(ahead)


def test_a_session_not_yet_held_has_its_observation_left_alone():
    ahead = run(worked_example_scores(), [session(observation="The rep was rude.")], as_of=D(2026, 3, 1))
    assert row(ahead)["status"] == "scheduled" and "evaluative-observation" not in codes(ahead)


def test_a_session_date_typed_a_year_late_is_named_by_its_log_date():
    # held on 2026-03-10, typed 2027-03-10 and logged the same day: scheduled as of 06-01, and logged before it
    typo = run(worked_example_scores(), [session(day=D(2027, 3, 10), logged_at=dt.datetime(2026, 3, 10, 18))])
    assert row(typo)["status"] == "scheduled"
    assert list(typo.checks.loc[typo.checks["code"] == "logged-before-session", "row"]) == [2]


def test_a_method_is_grouped_as_the_settings_list_spells_it_and_one_not_there_is_named():
    r = run(worked_example_scores(), [session(method="Role play"), session("S-2", method="role-play"),
                                      session("S-3", method="Ride-along")])
    assert [row(r, s)["method"] for s in ("S-1", "S-2", "S-3")] == ["role-play", "role-play", "Ride-along"]
    said = r.checks[r.checks["code"] == "not-on-list"]
    assert list(said["row"]) == [4] \
        and 'coaching method "Ride-along" is not on the Settings list' in said["problem"].iloc[0]
    methods = r.aggregate[r.aggregate["dimension"] == "Coaching method"]["group"].tolist()
    assert "role-play" in methods and "Role play" not in methods


def _supervised(*names, supervisors=()):
    log = [session(f"S-{i}", supervisor=name) for i, name in enumerate(names, start=1)]
    return compute(RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=[{"rep": REP}], scores=worked_example_scores(), log=log, supervisors=supervisors), as_of=AS_OF)


def test_a_supervisor_written_last_name_first_or_in_other_case_is_one_aggregate_group():
    # no Settings list: each person as the Log first spells them
    r = _supervised("Sam Boss", "Boss, Sam", "sam boss", "Kim Lo")
    assert [row(r, f"S-{i}")["supervisor"] for i in range(1, 5)] == ["Sam Boss"] * 3 + ["Kim Lo"]
    groups = r.aggregate[r.aggregate["dimension"] == "Supervisor"]
    assert groups["group"].tolist() == ["Kim Lo", "Sam Boss"] and groups["sessions"].tolist() == [1, 3]
    # a list: as it spells them, and "Boss, Sam" is on it
    listed = _supervised("Boss, Sam", "Kim Lo", supervisors=("Sam Boss",))
    assert row(listed, "S-1")["supervisor"] == "Sam Boss"
    assert list(listed.checks.loc[listed.checks["code"] == "not-on-list", "value"]) == ["Kim Lo"]


def _rostered(log, reps, supervisors=("Sam Boss", "Kim Lo")):
    return compute(RawInputs.from_records(
        criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}],
        reps=reps, scores=worked_example_scores(), log=log, supervisors=supervisors), as_of=AS_OF)


_ROSTER = [{"rep": REP, "other_names": "alee@acme.test", "supervisor": "Boss, Sam"},
           {"rep": "Bo Park", "supervisor": "Kim Lo"}, {"rep": "Cy Diaz"}]


def test_a_blank_log_supervisor_is_the_reps_roster_supervisor_and_a_typed_one_wins():
    log = [session("S-1"), session("S-2", rep="alee@acme.test"), session("S-3", supervisor="kim lo"),
           session("S-4", rep="Bo Park"), session("S-5", rep="Cy Diaz"), session("S-6", rep="Dee Unlisted")]
    r = _rostered(log, _ROSTER)
    # S-1, S-2: Ann Lee (by name, by other name) -> "Boss, Sam" on Reps, "Sam Boss" as Settings spells him;
    # S-3: typed, so Kim Lo whatever Reps says; S-4: Bo Park's Kim Lo; S-5: no roster supervisor; S-6: not on Reps
    assert [row(r, f"S-{i}")["supervisor"] for i in range(1, 7)] == ["Sam Boss", "Sam Boss", "Kim Lo", "Kim Lo",
                                                                     None, None]
    groups = r.aggregate[r.aggregate["dimension"] == "Supervisor"].set_index("group")
    assert sorted(groups.index) == ["(blank)", "Kim Lo", "Sam Boss"]
    assert groups.loc[["(blank)", "Kim Lo", "Sam Boss"], "sessions"].tolist() == [2, 2, 2]
    # Ann Lee's sessions are the worked example (valid, delta 81.9 - 64.5); Bo Park, Cy Diaz: no scores
    assert groups.loc[["(blank)", "Kim Lo", "Sam Boss"], "valid"].tolist() == [0, 1, 2]
    assert groups.loc["Sam Boss", "mean_delta"] == pytest.approx(17.4)
    said = r.checks[r.checks["code"] == "supervisor-from-reps"]
    assert len(said) == 1 and list(said["severity"]) == ["info"] and list(said["row"]) == [2]
    assert "3 sessions with a blank Supervisor" in said["problem"].iloc[0]
    assert "type the supervisor who did on the Log" in said["fix"].iloc[0]
    assert "not-on-list" not in codes(r)
    assert not r.log_updates.empty and "supervisor" not in r.log_updates.columns  # the Log's cell is never written


def test_no_roster_supervisor_for_a_rep_whose_reps_rows_name_two():
    log = [session("S-1"), session("S-2", rep="Bo Park")]
    torn = [{"rep": REP, "supervisor": "Sam Boss"}, {"rep": "ann lee", "supervisor": "Kim Lo"},
            {"rep": "Bo Park", "supervisor": "Park, Lee"}, {"rep": "Bo Park", "supervisor": "Lee Park"},
            {"rep": "Bo Park"}]
    r = _rostered(log, torn, supervisors=())
    # Ann Lee: two supervisors, none taken; Bo Park: one person written two ways, as Reps first writes him
    assert [row(r, s)["supervisor"] for s in ("S-1", "S-2")] == [None, "Park, Lee"]
    said = r.checks[r.checks["code"] == "supervisor-from-reps"]
    assert list(said["row"]) == [3] \
        and "1 session with a blank Supervisor (the first on row 3) is" in said["problem"].iloc[0]


def test_a_roster_supervisor_off_the_settings_list_is_spelled_as_the_log_spells_the_person():
    log = [session("S-1", supervisor="lee park"), session("S-2", rep="Bo Park")]
    r = _rostered(log, [{"rep": REP}, {"rep": "Bo Park", "supervisor": "Lee Park"}], supervisors=())
    assert [row(r, s)["supervisor"] for s in ("S-1", "S-2")] == ["lee park", "lee park"]
    groups = r.aggregate[r.aggregate["dimension"] == "Supervisor"]
    assert groups["group"].tolist() == ["lee park"] and groups["sessions"].tolist() == [2]


def test_a_score_shown_as_a_date_says_its_cell_is_formatted_as_one():
    scores = worked_example_scores()
    dated = [{**c, "score": dt.datetime(1900, 3, 1)} if c["call_id"] == "B005" else c for c in scores]  # 61 so shown
    said = run(dated, [session()]).checks.set_index("code").loc["unreadable-score"]
    assert said["row"] == 7 and "is a date, not a score" in said["problem"] \
        and "format the column as Number" in said["problem"]


def test_a_score_excel_made_a_date_from_points_over_a_maximum_says_so_and_offers_the_import():
    # "8/10" pasted into Excel (or an export opened in it) becomes 10 August of the current year, whatever
    # the column's format: formatting the column as Number would not bring 8/10 back
    scores = worked_example_scores()
    dated = [{**c, "score": dt.datetime(2026, 8, 10)} if c["call_id"] == "B005" else c for c in scores]
    said = run(dated, [session()]).checks.set_index("code").loc["unreadable-score"]
    assert said["row"] == 7 and "'2026-08-10' is a date, not a score" in said["problem"]
    assert "8/10" in said["problem"] and "`coachlog import BOOK.xlsx EXPORT`" in said["problem"]
    assert "format the column as Number" not in said["problem"]


def test_grey_cells_recorded_before_the_session_are_another_sessions_and_not_used():
    # a Log row copied with its grey cells, or a session moved later since its baseline was recorded
    copied = session(baseline_mean=50, baseline_n=10, baseline_recorded_on=D(2026, 3, 1))  # the session: 03-10
    r = run(worked_example_scores(), [copied])
    said = r.checks[r.checks["code"] == "recorded-before-session"]
    assert list(said["row"]) == [2] and list(said["severity"]) == ["error"]
    assert (base_row(r)["state"], row(r)["baseline_mean"]) == ("provisional", pytest.approx(64.5))  # the data's
    assert r.log_updates.empty  # the cells are left for the person to clear
    assert row(r)["suggested"] == "continue" and "another session's" in row(r)["reason"]
    on_the_day = session(baseline_mean=64.5, baseline_n=10, baseline_recorded_on=D(2026, 3, 10))
    assert "recorded-before-session" not in codes(run(worked_example_scores(), [on_the_day]))


def test_a_recorded_baseline_whose_mean_was_cleared_is_not_used_as_a_blank_mean():
    # recorded on the session's day; the mean cleared since, n and the date left
    for cleared in (session(baseline_n=10, baseline_recorded_on=D(2026, 3, 10)),
                    session(baseline_recorded_on=D(2026, 3, 10))):
        r = run(worked_example_scores(), [cleared])
        said = r.checks[r.checks["code"] == "recorded-mean-cleared"]
        assert list(said["row"]) == [2] and list(said["severity"]) == ["error"]
        # the worked example's baseline from the scores: the last ten before 03-10 average 64.5
        assert (base_row(r)["state"], row(r)["baseline_mean"]) == ("provisional", pytest.approx(64.5))
        assert row(r)["delta"] == pytest.approx(81.9 - 64.5)
        assert r.log_updates.empty  # the cells are left for the person to mend
        assert row(r)["suggested"] == "continue" and "cleared" in row(r)["reason"]
    kept = run(worked_example_scores(), [session(baseline_n=0, baseline_recorded_on=D(2026, 3, 10))])
    assert "recorded-mean-cleared" not in codes(kept)  # n 0: recorded without a mean


def test_a_recorded_baseline_whose_n_was_cleared_does_not_take_the_datas_n():
    # recorded on 03-10 as 55.0 over 4 calls (the scores then); the n cleared since, the mean and date left.
    # The data now gives ten calls (mean 64.5): 10 beside the recorded 55.0 would be no recording at all,
    # and would make the comparison valid where 4 calls made it not
    cleared = session(baseline_mean=55, baseline_recorded_on=D(2026, 3, 10))
    r = run(worked_example_scores(), [cleared])
    said = r.checks[r.checks["code"] == "recorded-n-cleared"]
    assert list(said["row"]) == [2] and list(said["severity"]) == ["error"] and list(said["field"]) == ["Baseline n"]
    assert "baseline-differs-from-recorded" not in codes(r)
    assert (base_row(r)["state"], row(r)["baseline_n"], row(r)["baseline_mean"]) == ("provisional", 10,
                                                                                    pytest.approx(64.5))
    assert r.log_updates.empty  # the cells are left for the person to mend
    assert row(r)["suggested"] == "continue" and "Baseline n was cleared" in row(r)["reason"]
    whole = run(worked_example_scores(), [session(baseline_mean=55, baseline_n=4, baseline_recorded_on=D(2026, 3, 10))])
    assert "recorded-n-cleared" not in codes(whole) and row(whole)["enough_calls"] == "no"


def test_a_recorded_baseline_of_no_calls_is_no_baseline_on_the_criterion_whatever_came_later():
    # recorded with n 0 (no call yet); late scores before the session came since: the recorded n is used
    recorded = session(baseline_n=0, baseline_recorded_on=D(2026, 6, 1))
    r = row(run(worked_example_scores(), [recorded], as_of=D(2026, 6, 2)))
    assert (r["baseline_n"], r["same_criterion"], r["enough_calls"]) == (0, "no", "no")
    # the baseline in use has no call: no window to judge a definition or call types in (the late
    # calls, all inbound on version v1, are not the baseline's)
    assert (r["definition_unchanged"], r["types_comparable"]) == (None, None)


def test_two_criteria_sharing_an_id_without_a_version_are_two_criteria_and_named():
    shared = [{"criterion_id": "C1", "name": CRIT, "version": "v1"}, {"criterion_id": "C1", "name": "Uses the name",
                                                                     "version": "v1"}]
    named = [{**c, "criterion": "Uses the name", "score": 65} for c in worked_example_scores()]
    r = run(worked_example_scores() + [{**c, "call_id": "N" + c["call_id"]} for c in named],
            [session(), session("S-2", criterion="Uses the name")], criteria=shared)
    assert (row(r)["baseline_mean"], row(r, "S-2")["baseline_mean"]) == (pytest.approx(64.5), pytest.approx(65.0))
    said = r.checks[r.checks["code"] == "criterion-id-shared"]
    assert list(said["row"]) == [3] and list(said["severity"]) == ["warning"]
    # the same version with a later date is still a copied ID, not a new version
    dated = [{**shared[0], "effective": D(2025, 1, 1)}, {**shared[1], "effective": D(2026, 1, 1)}]
    again = run(worked_example_scores() + [{**c, "call_id": "N" + c["call_id"]} for c in named],
                [session(), session("S-2", criterion="Uses the name")], criteria=dated)
    assert (row(again)["baseline_mean"], row(again, "S-2")["baseline_mean"]) == (pytest.approx(64.5),
                                                                                 pytest.approx(65.0))


def test_an_unknown_item_scored_on_the_same_calls_as_a_criterion_holds_nothing():
    # "Acknowledges the concern count" holds the criterion's words, but each of its calls has a row under the
    # criterion too: another item of the scorecard, not a misspelling of it
    extra = [{**c, "criterion": f"{CRIT} count", "score": 2} for c in worked_example_scores()]
    r = run(worked_example_scores() + extra, [session()])
    said = r.checks.loc[r.checks["code"] == "unknown-score-criterion", "problem"].iloc[0]
    assert f'Did you mean "{CRIT}"?' in said  # still hinted
    assert list(r.log_updates["baseline_mean"]) == [64.5] and "baseline-not-recorded" not in codes(r)


def test_an_other_name_two_reps_share_is_neither_and_holds_both_baselines():
    from coachlog_xl.core.inputs import RawInputs as Inputs

    reps = [{"rep": REP, "other_names": "Team Alpha"}, {"rep": "Bo Park", "other_names": "Team Alpha"}]
    theirs = [{**c, "rep": "Team Alpha", "call_id": "T" + c["call_id"]} for c in calls([40] * 3, D(2026, 3, 1))]
    r = compute(Inputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=reps,
                                    scores=worked_example_scores() + theirs, log=[session()]), as_of=AS_OF)
    said = r.checks.loc[r.checks["code"] == "unknown-rep", "problem"].iloc[0]
    assert '"Team Alpha"' in said and "Did you mean" not in said
    # its calls on 03-01 .. 03-03 may be Ann's baseline calls: recorded without them, it would stay wrong
    assert r.log_updates.empty and base_row(r)["state"] == "provisional"
    # settled as Ann's: her last ten before 03-10 are B005 .. B011 (66 68 70 58 62 66 69) and the three 40s
    mine = [{**c, "rep": REP} for c in theirs]
    settled = compute(Inputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=reps[:1],
                                          scores=worked_example_scores() + mine, log=[session()]), as_of=AS_OF)
    assert list(settled.log_updates["baseline_n"]) == [10]
    assert list(settled.log_updates["baseline_mean"]) == [pytest.approx((66 + 68 + 70 + 58 + 62 + 66 + 69 + 120) / 10)]
    # written as exports write a person: last name first, or with an address
    for written in ("Alpha, Team", "Team Alpha <alpha@acme.test>"):
        other = compute(Inputs.from_records(
            criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=reps,
            scores=worked_example_scores() + [{**c, "rep": written} for c in theirs], log=[session()]), as_of=AS_OF)
        assert other.log_updates.empty and "other name of Ann Lee and Bo Park" in other.checks.loc[
            other.checks["code"] == "unknown-rep", "problem"].iloc[0]


def test_one_session_typed_again_under_another_id_is_named():
    target = "Acknowledge the concern before troubleshooting"
    again = run(worked_example_scores(), [session(target=target), session("S-1b", target=target),
                                          session("S-2", target="Use the customer's name")])  # all on 03-10
    said = again.checks[again.checks["code"] == "same-session-twice"]
    assert list(said["row"]) == [3] and "S-1 on row 2" in said["problem"].iloc[0]
    timed = run(worked_example_scores(), [session(session_time=dt.time(14, 30)),
                                          session("S-1b", session_time=dt.time(14, 30))])
    assert list(timed.checks.loc[timed.checks["code"] == "same-session-twice", "row"]) == [3]
    # the criterion typed by its Criterion ID on one row and by its name on the other: one criterion
    by_id = run(worked_example_scores(), [session(session_time=dt.time(14, 30)),
                                          session("S-1b", criterion="ACK", session_time=dt.time(14, 30))])
    assert list(by_id.checks.loc[by_id.checks["code"] == "same-session-twice", "row"]) == [3]


@pytest.mark.parametrize("types, named", [(("inbound", "retention"), []), (("inbound", "In-bound"), [3]),
                                          ((None, None), [3]), (("inbound", None), [])])
def test_two_sessions_at_one_moment_naming_two_call_types_are_two_sessions(types, named):
    # each session's windows count its own call type's calls: two types at one moment are two sessions (the
    # Aggregate counts both), one type however cased is one session typed twice
    log = [session(sid, session_time=dt.time(14, 30), **({"call_type": kind} if kind else {}))
           for sid, kind in zip(("S-1", "S-1b"), types)]
    r = run(worked_example_scores(), log)
    assert list(r.checks.loc[r.checks["code"] == "same-session-twice", "row"]) == named


@pytest.mark.parametrize("again, named", [("  acknowledge the CONCERN  before troubleshooting. ", [3]),
                                          ("Acknowledge the concern before troubleshooting!", []),
                                          ("Acknowledge the concern, before troubleshooting", [])])
def test_development_targets_are_compared_as_a_person_reads_them(again, named):
    # case, runs of spaces, surrounding spaces and end full stops aside; other punctuation is another target
    target = "Acknowledge the concern before troubleshooting."
    r = run(worked_example_scores(), [session(target=target), session("S-1b", target=again)])
    assert list(r.checks.loc[r.checks["code"] == "same-session-twice", "row"]) == named


def test_a_row_that_cannot_be_read_under_a_name_close_to_the_reps_holds_the_baseline():
    # "Ann Leee" is not on Reps but close to Ann Lee, and its date cannot be read: it may be one of her calls
    bad = {**calls([70], D(2026, 3, 1), prefix="X", rep="Ann Leee")[0], "call_at": "31/31/2026"}
    r = run(worked_example_scores() + [bad], [session()])
    assert r.log_updates.empty and "baseline-not-recorded" in codes(r)


def test_a_call_of_another_rep_under_the_hinted_criterion_does_not_release_the_hold():
    # Ann's X1 under a spelling close to the criterion may be hers on it; Bo's X1 is another call
    near = calls([40], D(2026, 3, 1), prefix="X", crit="Acknowledge the concern")
    bos = calls([60], D(2026, 3, 1), prefix="X", rep="Bo Park")
    r = run(worked_example_scores() + near + bos, [session()])
    assert r.log_updates.empty and "baseline-not-recorded" in codes(r)


# 2958465.99999999 is a serial in year 10000 once rounded to the second; 10**400 is past any float
@pytest.mark.parametrize(("cell", "code"), [
    ({"session_date": None, "scheduled_at": 2958465.99999999}, "missing-session-date"),
    ({"session_date": None, "scheduled_at": "2958465.99999999"}, "missing-session-date"),
    ({"scheduled_at": 10**400, "session_date": None}, "missing-session-date"),
    ({"logged_at": 2958465.99999999}, "unreadable-date"),
    ({"logged_at": 10**400}, "unreadable-date"),
    ({"window_n": 10**400}, "unmeasurable-follow-up"),
])
def test_a_log_date_or_number_cell_past_what_can_be_read_is_a_checks_row_not_an_error(cell, code):
    r = run(worked_example_scores(), [session(**cell)])
    assert list(r.checks.loc[r.checks["code"] == code, "row"]) == [2]


@pytest.mark.parametrize("as_objects", [False, True])
def test_earlier_unmet_sessions_are_the_reps_unmet_sessions_of_earlier_days_once_each(as_objects):
    # rep A: unmet S1 (Mar 1, on two rows), S3 (Mar 3), S5 (Mar 5) and S9 (Mar 9); S5b met the
    # threshold; rep B's T9 is another rep's. Days as date-times, or as Timestamp objects.
    import pandas as pd

    from coachlog_xl.core.decisions import earlier_unmet_sessions
    from coachlog_xl.core.followup import COMPLETE, NO, YES

    day = pd.Series(pd.to_datetime(["2025-03-05", "2025-03-01", "2025-03-05", "2025-03-03", "2025-03-09",
                                    "2025-03-09", "2025-03-01"]))
    table = pd.DataFrame({"rep": list("AAAAABA"), "criterion_key": ["x"] * 7, "criterion": ["x"] * 7,
                          "day": day.astype(object) if as_objects else day, "session_at": day,
                          "session_id": ["S5", "S1", "S5b", "S3", "S9", "T9", "S1"], "status": [COMPLETE] * 7,
                          "valid": [YES] * 7, "threshold_met": [NO, NO, YES, NO, NO, NO, NO]})
    assert (table["day"].dtype == object) == as_objects
    assert earlier_unmet_sessions(table) == [["S1", "S3"], [], ["S1", "S3"], ["S1"], ["S1", "S3", "S5"], [], []]


def test_earlier_unmet_sessions_of_one_day_are_in_id_order_with_the_ranks_of_all_ids_or_none():
    # rep A's unmet sessions S-10, S-2 and S-9 on Mar 1 (S-3 met the threshold that day), then S-11
    # on Mar 2: its earlier ones as a person reads the ids, S-2, S-9, S-10; the ranks of every id
    # (S-2 0, S-3 1, S-9 2, S-10 3, S-11 4), given, order them alike
    import pandas as pd

    from coachlog_xl.core.decisions import earlier_unmet_sessions
    from coachlog_xl.core.followup import COMPLETE, NO, YES

    day = pd.Series(pd.to_datetime(["2025-03-01"] * 4 + ["2025-03-02"]))
    table = pd.DataFrame({"rep": ["A"] * 5, "criterion_key": ["x"] * 5, "criterion": ["x"] * 5, "day": day,
                          "session_at": day,
                          "session_id": ["S-10", "S-2", "S-9", "S-3", "S-11"], "status": [COMPLETE] * 5,
                          "valid": [YES] * 5, "threshold_met": [NO, NO, NO, YES, NO]})
    expected = [[], [], [], [], ["S-2", "S-9", "S-10"]]
    assert earlier_unmet_sessions(table) == expected
    assert earlier_unmet_sessions(table, [3, 0, 2, 1, 4]) == expected



def test_earlier_unmet_sessions_with_the_ranks_of_all_ids_are_those_ranked_alone():
    # ids of mixed types (texts with and without digits, leading zeros, numbers, blanks), reps and
    # criteria few, several sessions a day, one session written twice: the ranks of every session's id
    # order the unmet ones as ranking those ids alone does
    import numpy as np
    import pandas as pd
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from coachlog_xl.core.decisions import earlier_unmet_sessions
    from coachlog_xl.core.followup import COMPLETE, NO, YES
    from coachlog_xl.core.ids import id_rank

    ids = st.sampled_from(["S-2", "S-10", "S-02", "s-2", "S2", "S-9a", "T-1", "10", "9", "", None, np.nan, 7, 7.0, 12])
    rows = st.lists(st.tuples(ids, st.sampled_from("AB"), st.sampled_from("xy"), st.integers(1, 4),
                              st.sampled_from([COMPLETE, "Pending"]), st.sampled_from([YES, NO]),
                              st.sampled_from([NO, NO, YES, None])), max_size=25)

    @settings(max_examples=400, deadline=None)
    @given(rows)
    def check(drawn):
        day = pd.Series(pd.to_datetime([f"2025-03-0{d}" for _, _, _, d, *_ in drawn]), dtype="datetime64[ns]")
        table = pd.DataFrame({"session_id": pd.Series([r[0] for r in drawn], dtype=object),
                              "rep": [r[1] for r in drawn], "criterion_key": [r[2] for r in drawn],
                              "criterion": [r[2] for r in drawn], "day": day,
                              "session_at": day, "status": [r[4] for r in drawn], "valid": [r[5] for r in drawn],
                              "threshold_met": pd.Series([r[6] for r in drawn], dtype=object)})
        alone = earlier_unmet_sessions(table)
        assert earlier_unmet_sessions(table, id_rank(table["session_id"])) == alone

    check()


_CLEARED = "clear the session's Baseline mean, Baseline n and Baseline recorded on cells"
_RECORD_AGAIN = "would join it only if the baseline were recorded again"


def test_typing_the_session_time_after_the_baseline_was_recorded_never_says_to_clear_the_recorded_cells():
    """The fix for calls left out on a date-only session's day is to type the Session time; the first refresh
    after the session has recorded its baseline, which is never recomputed (domain.md: recorded once), so the fix
    says the recorded baseline stays, and what recording it again would take in, without advising to clear it."""
    first = run(worked_example_scores(), [session()])
    fix = first.checks.set_index("code").loc["calls-on-session-day", "fix"]
    assert fix.startswith("Type the Session time to place them") and _RECORD_AGAIN in fix and _CLEARED not in fix
    # the Session time typed alone: the recorded 64.5 stays, and Checks names the difference
    timed_only = run(worked_example_scores(), [session(session_time=dt.time(12, 0), baseline_mean=64.5, baseline_n=10,
                                                       baseline_recorded_on=D(2026, 6, 1))], as_of=D(2026, 6, 2))
    assert row(timed_only)["baseline_mean"] == pytest.approx(64.5)
    assert "baseline-differs-from-recorded" in codes(timed_only)
    # recorded again (the cells blank): D0 (40) and D1 (99), at 10:00, join the baseline: BEFORE[2:] + 40 + 99
    # = 523 + 139 = 662 over 10 calls
    both = run(worked_example_scores(), [session(session_time=dt.time(12, 0))], as_of=D(2026, 6, 2))
    assert row(both)["baseline_mean"] == pytest.approx(66.2)
    assert not {"calls-on-session-day", "baseline-differs-from-recorded"} & set(codes(both))
    # a session whose baseline is not recorded (a typed one, kept): nothing is said of recording it again
    typed = run(worked_example_scores(), [session(baseline_mean=64.5, baseline_n=10)])
    assert _RECORD_AGAIN not in typed.checks.set_index("code").loc["calls-on-session-day", "fix"]


def test_a_late_log_says_there_is_nothing_to_do_for_the_row_unless_logged_at_is_wrong():
    r = run(worked_example_scores(), [session(logged_at=dt.datetime(2026, 3, 14, 9))])  # 81 h after 03-10 24:00
    fix = r.checks.set_index("code").loc["late-log", "fix"]
    assert fix.startswith("Nothing to do") and "Logged at" in fix
    corrected = run(worked_example_scores(), [session(logged_at=dt.datetime(2026, 3, 10, 18))])
    assert "late-log" not in codes(corrected)


def test_a_date_order_set_for_an_ambiguous_session_date_says_the_text_date_stays_listed():
    """Setting Date order reads the text the other way, but it still reads two ways: the fix says to type it
    as a date too, which clears the row."""
    r = run(worked_example_scores(), [session(session_date="03/10/2026")], settings={"date_order": "day-first"})
    said = r.checks.set_index("code").loc["ambiguous-session-date"]
    assert "read day-first" in said["problem"] and "stays listed" in said["fix"]
    assert row(r)["session_at"] == D(2026, 10, 3)
    typed = run(worked_example_scores(), [session(session_date=D(2026, 10, 3))], settings={"date_order": "day-first"})
    assert "ambiguous-session-date" not in codes(typed)


def test_a_session_logged_ahead_at_its_scheduled_time_is_not_logged_before_it():
    """A row with only Scheduled at is a session not held yet: its log written before that time is what
    Scheduled at is for (moving Scheduled at is the fix of a session due without a date)."""
    ahead = session(session_date=None, scheduled_at=dt.datetime(2026, 7, 10, 14, 0),
                    logged_at=dt.datetime(2026, 5, 28, 9, 0))
    r = run(worked_example_scores(), [ahead])
    assert row(r)["status"] == "scheduled" and "logged-before-session" not in codes(r)
    typo = run(worked_example_scores(), [session(day=D(2026, 7, 10), logged_at=dt.datetime(2026, 5, 28, 9, 0))])
    assert "logged-before-session" in codes(typo)  # a Session date typed: as before


def test_a_session_typed_twice_with_its_criterion_spelled_in_other_case_is_one_session_written_twice():
    twice = run(worked_example_scores(), [session(), session(criterion=CRIT.lower())])
    said = twice.checks.set_index("code").loc["duplicate-session-id"]
    assert said["fix"] == "Delete the second row." and "written twice" in said["problem"]
    by_method = twice.aggregate[twice.aggregate["dimension"] == "Coaching method"].iloc[0]
    assert by_method["sessions"] == 1  # as the problem says: counted once


@pytest.mark.parametrize("typed", ["1 to 5", "five stars", "5-1"])
def test_a_score_scale_setting_naming_no_scale_is_a_bad_setting_and_auto_is_used(typed):
    # 1-5 ratings: auto detects them (3 -> 60, 4 -> 80); a Score scale that names no scale was used as auto unsaid
    scores = calls([3] * 10, D(2026, 2, 20)) + calls([4] * 10, D(2026, 3, 11), prefix="F")
    r = run(scores, [session()], settings={"score_scale": typed})
    said = r.checks[r.checks["code"] == "bad-setting"]
    assert list(said["field"]) == ["Score scale"] and "the default (auto) is used" in said["problem"].iloc[0]
    assert (row(r)["baseline_mean"], row(r)["followup_mean"]) == (60.0, 80.0)
    for fixed in (None, "1-5", "1–5"):  # the cell cleared, or a scale typed as the What it means column shows
        r = run(scores, [session()], settings={"score_scale": fixed})
        assert "bad-setting" not in codes(r) and (row(r)["baseline_mean"], row(r)["followup_mean"]) == (60.0, 80.0)


def test_a_setting_given_a_value_on_two_rows_is_named_and_the_later_is_used():
    # a row renamed as the unknown-setting fix says ("Calls per windw" -> the template's name) beside the
    # template's own row: two values for one setting; the later row's is used, and Checks says which
    from coachlog_xl import schema
    from coachlog_xl.core.inputs import RawTable

    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                    scores=worked_example_scores(), log=[session()])
    rows = [{"setting": s.label, "value": s.default} for s in schema.SETTINGS_ITEMS]
    last = len(rows) + 2  # (the header is row 1)
    inputs.settings = RawTable.from_records(schema.SETTINGS, rows + [{"setting": "Calls per window (N)", "value": 5}])
    r = compute(inputs, as_of=AS_OF)
    said = r.checks[r.checks["code"] == "bad-setting"]
    # (K left at 7 with N now 5: a K of N that can never be met, said on K's row, row 5, as well)
    assert list(zip(said["row"], said["field"])) \
        == [(5, "Calls needed at threshold (K)"), (last, "Calls per window (N)")]
    assert f'Settings rows 2 and {last} both give "Calls per window (N)"; row {last}\'s value (5) is used.' == \
        said["problem"].iloc[1]
    # worked example, N = 5: follow-up 70, 75, 80, 85, 82 -> 78.4; baseline the last five of BEFORE -> 65
    assert (row(r)["followup_n"], row(r)["followup_mean"]) == (5, pytest.approx(78.4))
    assert row(r)["baseline_mean"] == pytest.approx((70 + 58 + 62 + 66 + 69) / 5)
    # the same value twice, or one of the rows blank: one value, nothing to say
    for again in (10, None):
        inputs.settings = RawTable.from_records(schema.SETTINGS,
                                                rows + [{"setting": "Calls per window (N)", "value": again}])
        inputs.normalised = None
        assert "bad-setting" not in codes(compute(inputs, as_of=AS_OF))


def test_sessions_of_one_day_are_listed_by_id_as_a_person_reads_them():
    # S-2 comes before S-10 (a run of digits compared as a number), whatever the Log's row order
    scores = calls(BEFORE + AFTER, D(2026, 2, 20)) + calls(BEFORE + AFTER, D(2026, 2, 20), rep="Bo Park", prefix="P")
    log = [session("S-10"), session("S-2", rep="Bo Park"), session("S-1", day=D(2026, 3, 11))]
    res = run(scores, log)
    assert list(res.followup["session_id"]) == ["S-2", "S-10", "S-1"]
    assert list(res.baseline["session_id"]) == ["S-2", "S-10", "S-1"]


def test_the_aggregates_session_rows_of_one_day_are_listed_by_id_as_a_person_reads_them():
    # one rep's S-10 (09:00) and S-2 (08:00) on the same day: the Session rows list S-2 first, as Follow-up does;
    # ten calls before the day (Feb 28 to Mar 9) and ten after both sessions (Mar 10 to 19 at 10:00)
    scores = calls(BEFORE + AFTER, D(2026, 2, 28))
    res = run(scores, [session("S-10", session_time=dt.time(9)), session("S-2", session_time=dt.time(8))])
    assert list(res.followup["session_id"]) == ["S-2", "S-10"]
    sessions = res.aggregate[res.aggregate["dimension"] == "Session"]
    assert list(sessions["group"]) == [f"{REP} \u00b7 S-2", f"{REP} \u00b7 S-10"]


def test_the_earlier_unmet_sessions_of_one_day_are_named_by_id_as_a_person_reads_them():
    # S-10 (09:00) and S-2 (08:00) on Jan 20 both end unmet (delta 0): the reason for S-3 names S-2 first
    log = [session("S-10", D(2026, 1, 20), session_time=dt.time(9)),
           session("S-2", D(2026, 1, 20), session_time=dt.time(8)), session("S-3", D(2026, 4, 15))]
    r = row(run(_history_scores(), log, as_of=D(2026, 6, 30)), "S-3")
    assert r["suggested"] == "escalate" and r["reason"].endswith("(S-2, S-10)")


def test_a_session_dated_after_the_as_of_date_whose_row_says_how_it_went_is_named():
    # held on 2026-03-10 and typed 2026-10-03 (day and month swapped): scheduled as of 2026-06-01, yet the
    # rep's response and a decision are recorded
    typo = run(worked_example_scores(), [session(day=D(2026, 10, 3), response="agreed", decision="close")])
    assert row(typo)["status"] == "scheduled"
    said = typo.checks[typo.checks["code"] == "outcome-before-session"]
    assert list(said["row"]) == [2] and list(said["field"]) == ["Session date"]
    assert list(said["severity"]) == ["warning"]
    assert "2026-10-03" in said["problem"].iloc[0] and "Rep's response \"agreed\"" in said["problem"].iloc[0]
    # a session still to come, with nothing recorded of it, or one already held: not named
    ahead = run(worked_example_scores(), [session(day=D(2026, 10, 3))])
    held = run(worked_example_scores(), [session(response="agreed", decision="close")])
    assert "outcome-before-session" not in codes(ahead) + codes(held)


def test_earlier_unmet_sessions_with_blank_ids_read_as_none_and_as_empty_text_are_listed_in_row_order():
    """Two unmet sessions of one day whose ids are blank, one read as None and one as '': they rank
    alike and are listed in the Log's order under the next day's session (before: a TypeError)."""
    import pandas as pd

    from coachlog_xl.core.decisions import earlier_unmet_sessions
    from coachlog_xl.core.followup import COMPLETE, NO, YES

    day = pd.Series(pd.to_datetime(["2025-03-01", "2025-03-01", "2025-03-02"]), dtype="datetime64[ns]")
    table = pd.DataFrame({"session_id": pd.Series(["", None, "S-3"], dtype=object), "rep": ["A"] * 3,
                          "criterion_key": ["x"] * 3, "criterion": ["x"] * 3, "day": day, "session_at": day,
                          "status": [COMPLETE] * 3, "valid": [YES] * 3,
                          "threshold_met": pd.Series([NO] * 3, dtype=object)})
    assert earlier_unmet_sessions(table) == [[], [], ["", None]]


def test_an_as_of_date_given_on_two_rows_is_read_and_baselines_are_recorded():
    # two Settings rows giving the As-of date (2026-04-01, then 2026-04-02): the later is used, said, and the
    # baselines are recorded as of it (the warning was taken for an As-of date that cannot be read: none recorded)
    from coachlog_xl import schema
    from coachlog_xl.core.inputs import RawTable

    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                    scores=worked_example_scores(), log=[session()])
    rows = [{"setting": s.label, "value": dt.date(2026, 4, 1) if s.key == "as_of" else s.default}
            for s in schema.SETTINGS_ITEMS]
    inputs.settings = RawTable.from_records(schema.SETTINGS, rows + [{"setting": "As-of date",
                                                                       "value": dt.date(2026, 4, 2)}])
    r = compute(inputs)
    assert r.as_of == dt.date(2026, 4, 2)
    assert [f for f in r.checks[r.checks["code"] == "bad-setting"]["field"]] == ["As-of date"]
    assert "baseline-not-recorded" not in codes(r)
    assert list(r.log_updates["baseline_recorded_on"]) == [dt.date(2026, 4, 2)]
