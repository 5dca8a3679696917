"""Per-session evidence with hand arithmetic: spread, Welch interval and label, Wilson share, the anchor
call, regression-to-the-mean estimates, the comparison group and its placebo, evaluator drift, the
aggregate's intervals and verdict."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from coachlog_xl.core import comparison, drift, rtm
from coachlog_xl.core.aggregate import aggregate, verdict
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.intervals import mean_interval
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, SESSION_DAY, D, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # domain.md's worked example: mean 64.5
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]  # mean 81.9


def _worked_example(**extra):
    scores = calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F")
    return run(scores, [session(**extra)])


def test_worked_example_gets_its_sds_welch_interval_label_and_reason():
    r = row(_worked_example())
    sd_b, sd_f = statistics.stdev(BEFORE), statistics.stdev(AFTER)
    se2 = sd_f**2 / 10 + sd_b**2 / 10
    df = se2**2 / ((sd_f**2 / 10) ** 2 / 9 + (sd_b**2 / 10) ** 2 / 9)
    half = stats.t.ppf(0.975, df) * math.sqrt(se2)
    assert (r["baseline_sd"], r["followup_sd"]) == pytest.approx((sd_b, sd_f))
    assert (r["delta_low"], r["delta_high"]) == pytest.approx((17.4 - half, 17.4 + half))
    assert r["change"] == "improved" and 17.4 - half > 0
    assert r["suggested"] == "close" and "delta +17.4, improved" in r["reason"]


def test_seven_of_ten_at_threshold_has_wilsons_interval():
    r = row(_worked_example())
    assert r["at_threshold"] == 7 and r["share_at_threshold"] == pytest.approx(0.7)
    assert (r["share_low"], r["share_high"]) == pytest.approx((0.3968, 0.8922), abs=1e-4)


def test_a_small_delta_from_spread_out_calls_is_within_noise():
    before, after = [60, 80] * 5, [62, 82] * 5  # means 70 and 72, per-call SD 10.5
    res = run(calls(before, D(2026, 2, 20), prefix="B") + calls(after, D(2026, 3, 11), prefix="F"), [session()])
    r = row(res)
    assert r["delta"] == pytest.approx(2.0) and r["delta_low"] < 0 < r["delta_high"]
    assert r["change"] == "within noise"
    assert "delta +2.0, within noise" in r["reason"]


def test_no_interval_before_the_check_in():
    res = run(calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER[:4], D(2026, 3, 11), prefix="F"),
              [session()], as_of=D(2026, 3, 15))
    r = row(res)
    assert r["delta"] is None and r["delta_low"] is None and r["change"] is None
    assert r["followup_sd"] == pytest.approx(statistics.stdev(AFTER[:4]))


def test_the_anchor_call_in_the_baseline_is_flagged_and_left_out_beside_it():
    res = _worked_example(evidence_call="B006")  # the seventh baseline call, score 58
    r = row(res)
    assert r["anchor_in_baseline"] == "yes" and "anchor-in-baseline" in codes(res)
    assert r["baseline_without_anchor"] == pytest.approx((645 - 58) / 9)
    assert row(_worked_example(evidence_call="X-999"))["anchor_in_baseline"] == "no"
    assert row(_worked_example(evidence_call="https://qa.example/rec/B006"))["anchor_in_baseline"] is None


def _two_reps_for_rtm():
    """Ann: 20 calls alternating 70/90, then a baseline alternating 50/70, then a follow-up of 70/90.
    Bo: 40 calls alternating 70/90 over the same days, never coached."""
    ann = (calls([70, 90] * 10, D(2026, 1, 1), prefix="A")
           + calls([50, 70] * 5, D(2026, 2, 28), prefix="AB")
           + calls([70, 90] * 5, D(2026, 3, 11), prefix="AF"))
    bo = calls([70, 90] * 20, D(2026, 1, 1), rep="Bo Park", prefix="BO")
    return run(ann + bo, [session()])


def test_expected_rtm_gain_at_rep_and_team_level_by_hand():
    r = row(_two_reps_for_rtm())
    ann_pre = [70, 90] * 10 + [50, 70] * 5  # Ann's calls before her session; Bo's are all before any session
    bo = [70, 90] * 20
    ss = sum((v - statistics.mean(ann_pre)) ** 2 for v in ann_pre) + sum((v - 80) ** 2 for v in bo)
    within = ss / (70 - 2)
    # drift: block means of 10 calls, Ann 80, 80, 60 (mean 73.33), Bo 80 x 4, pooled over (3-1)+(4-1) df
    blocks = ((80 - 220 / 3) ** 2 * 2 + (60 - 220 / 3) ** 2) / 5
    level = max(0.0, blocks - within / 10)
    gain_rep = (1 - level / (level + within / 10)) * (80 - 60)
    # team: one-way ANOVA of reps, n0 = (70 - (30^2 + 40^2) / 70) / 1
    grand = (sum(ann_pre) + sum(bo)) / 70
    msb = 30 * (statistics.mean(ann_pre) - grand) ** 2 + 40 * (80 - grand) ** 2
    n0 = 70 - (30**2 + 40**2) / 70
    between = max(0.0, (msb - within) / n0)
    team_mean = (statistics.mean(ann_pre) + 80) / 2
    gain_team = (1 - between / (between + within / 10)) * (team_mean - 60)
    assert r["long_run_n"] == 20 and r["long_run_mean"] == pytest.approx(80)
    assert r["rtm_gain_rep"] == pytest.approx(gain_rep)
    assert r["rtm_gain_team"] == pytest.approx(gain_team)
    assert r["rtm_basis"] == "rep" and r["rtm_corrected"] == pytest.approx(20 - gain_rep)
    assert r["reason"].endswith(f"; about {gain_rep:+.1f} of it expected back with no coaching (regression to "
                                "the mean)")
    assert r["rtm_flag"] == ("yes" if gain_rep >= math.sqrt(within / 10) else "no") == "yes"


def test_a_baseline_above_the_team_mean_is_not_far_below_it_when_no_scores_vary():
    # every rep's calls the same within each window: no spread, so the standard error is 0 and so is the
    # expected gain (all the difference between reps is real); Ann's 70 is above the team's mean
    # (60 + 70) / 2 = 65 and Bo's 60 below it, but neither is owed anything back by chance
    scores = (calls([70] * 10, D(2026, 2, 28)) + calls([90] * 10, D(2026, 3, 11), prefix="F")
              + calls([60] * 10, D(2026, 2, 28), rep="Bo Park", prefix="P")
              + calls([70] * 10, D(2026, 3, 11), rep="Bo Park", prefix="Q"))
    r = run(scores, [session(), {**session("S-2"), "rep": "Bo Park"}])
    for sid in ("S-1", "S-2"):
        assert row(r, sid)["rtm_flag"] == "no"
    assert "baseline-far-below-mean" not in codes(r)


def test_a_low_baseline_is_a_checks_warning():
    assert "baseline-far-below-mean" in codes(_two_reps_for_rtm())


def test_variance_components_of_a_balanced_team_by_hand():
    frame = pd.DataFrame({
        "rep": ["A"] * 3 + ["B"] * 3, "criterion": "X", "score": [60, 70, 80, 80, 90, 100],
        "at": pd.date_range("2026-01-01", periods=6), "call_id": list("abcdef"), "sheet": "Scores", "row": range(6),
    })
    comp = rtm.components(frame, block=1)["X"]
    # MSW = (200 + 200) / 4 = 100; MSB = 3 x (10^2 + 10^2) / 1 = 600; n0 = 3; between = (600 - 100) / 3
    assert comp.within == pytest.approx(100) and comp.between == pytest.approx(500 / 3)
    assert comp.mean == pytest.approx(80) and comp.reps == 2


def test_the_rep_level_drift_is_of_blocks_of_the_sessions_own_n():
    """A Log row's Calls to review (N = 2) under Settings N = 4: the rep's level variance is of 2-call
    block means, as docs/rules.md has it for an N-call mean, not of 4-call ones."""
    frame = pd.DataFrame({
        "rep": ["A"] * 4 + ["B"] * 4, "criterion": "X", "score": [60, 70, 80, 90, 50, 50, 70, 70],
        "at": pd.date_range("2026-01-01", periods=8), "call_id": list("abcdefgh"), "sheet": "Scores", "row": range(8),
    })
    frame["day"] = frame["at"]
    sessions = pd.DataFrame({"rep": ["Zed"], "criterion": ["X"], "day": [pd.Timestamp("2026-02-01")], "window_n": [2]})
    comp = rtm.components(frame, 4, sessions)["X"]
    # within: A's squares 225 + 25 + 25 + 225 = 500, B's 4 x 100 = 400, over 8 - 2 df: 150
    # 2-call blocks: A 65, 85 and B 50, 70, each 10 from its rep's mean: (4 x 100) / (1 + 1) = 200,
    # less within / 2 = 75: 125; a 4-call block is one per rep, no spread to measure: 0
    gains = rtm.expected_gains(pd.Series([55.0]), pd.Series([2]), pd.Series(["X"]),
                               pd.DataFrame({"R_n": [4], "R_mean": [75.0]}), {"X": comp})
    # rho = 125 / (125 + 150 / 2) = 0.625; (1 - 0.625) x (75 - 55) = 7.5 (with 4-call blocks' 0: all 20)
    assert gains.loc[0, "rtm_gain_rep"] == pytest.approx(7.5)
    assert comp.within == pytest.approx(150)
    assert comp.drift == 0 and comp.drift_of(2) == pytest.approx(125) and comp.drift_of(4) == 0


def test_the_rep_level_drift_pools_reps_of_different_numbers_of_stretches_by_hand():
    """Reps interleaved, blank reps left out, a rep's calls past its last whole stretch and a rep of one
    stretch not counted; reps of two and of three stretches pooled over their degrees of freedom."""
    b, a, c, blank = 0, 1, 2, -1
    reps = np.array([b, a, blank, b, a, c, b, a, blank, b, a, c, b, a, blank, b, blank])
    scores = np.array([50, 60, 10, 50, 70, 40, 70, 80, 20, 70, 90, 60, 90, 100, 30, 90, 40], dtype=float)
    # 2-call stretches: B 50, 70, 90 (mean 70: squares 400 + 0 + 400), A 65, 85 (mean 75: 100 + 100;
    # its fifth call, 100, is no whole stretch), C one stretch (none to compare); (800 + 200) over
    # (3 - 1) + (2 - 1) df, less within / 2 = 30 / 2
    assert rtm._drift(scores, reps, 2, 30.0) == pytest.approx(1000 / 3 - 15)
    assert rtm._drift(scores, reps, 2, 3000.0) == 0.0  # no more than the calls' noise
    # 3-call stretches: B 170 / 3 and 250 / 3, each 40 / 3 from their mean 70; A and C have one stretch or none
    assert rtm._drift(scores, reps, 3, 0.0) == pytest.approx(2 * (40 / 3) ** 2)
    assert rtm._drift(scores, reps, 9, 0.0) == 0.0  # no rep has two stretches


def test_a_recorded_baseline_at_a_fifth_edge_is_placed_as_the_same_calls_mean_is():
    """Eleven reps: the 20th percentile is the third lowest baseline, Ann's own (position 10 x 0.2 = 2),
    so Ann is in the second fifth with Bo (62; the 40th percentile is the fifth lowest, 70).  Ann's
    baseline was recorded as a workbook keeps it, 60.2333333333333 (15 digits) for the calls' mean
    (9 x 60 + 187 / 3) / 10 = 60.2333...: one number within a billionth of a point, so Ann stays in the
    second fifth and Bo (baseline 62) is the comparison, not Cy and Di (40 and 45) of the first."""
    plan = {"Ann Lee": [60.0] * 9 + [187 / 3], "Bo Park": [62.0] * 10, "Cy Ode": [40.0] * 10, "Di Roe": [45.0] * 10}
    plan.update({f"Rep {v}": [float(v)] * 10 for v in (70, 72, 74, 80, 82, 84, 90)})
    scores = []
    for k, (name, before) in enumerate(plan.items()):
        scores += calls(before, D(2026, 2, 20), rep=name, prefix=f"R{k}-")
        scores += calls([before[0] + 5] * 10, D(2026, 3, 11), rep=name, prefix=f"R{k}F-")
    recorded = {"baseline_mean": 60.2333333333333, "baseline_n": 10, "baseline_recorded_on": SESSION_DAY}
    r = compute(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                                  "effective": D(2025, 1, 1)}],
                                       reps=[{"rep": n} for n in plan], scores=scores,
                                       log=[session(**recorded)]), as_of=AS_OF)
    got = row(r)
    assert got["baseline_mean"] == 60.2333333333333
    assert got["comparison_reps"] == 1 and got["comparison_baseline"] == pytest.approx(62.0)


def _team(cy_session_day: dt.date | None):
    """Twelve reps, thirty calls before 2026-03-10 and ten after, each window at one score.

    Ann (coached): P2 60, P1 55, baseline 50, follow-up 70.  Bo: 50, 50, 50, then 55.  Cy: baseline 49,
    then 59.  Nine others far above (70..94) keep their score.  Fifths of the twelve baseline means: the
    20th percentile is 50 + 0.2 x (70 - 50) = 54, so Ann, Bo and Cy share the bottom fifth.
    """
    names = ["Ann Lee", "Bo Park", "Cy Ode"] + [f"Rep {v}" for v in (70, 72, 74, 80, 82, 84, 90, 92, 94)]
    plan = {"Ann Lee": (60, 55, 50, 70), "Bo Park": (50, 50, 50, 55), "Cy Ode": (49, 49, 49, 59)}
    plan.update({f"Rep {v}": (v, v, v, v) for v in (70, 72, 74, 80, 82, 84, 90, 92, 94)})
    scores = []
    for k, name in enumerate(names):
        p2, p1, b, f = plan[name]
        scores += calls([p2] * 10 + [p1] * 10 + [b] * 10, D(2026, 2, 8), rep=name, prefix=f"R{k}-")
        scores += calls([f] * 10, D(2026, 3, 11), rep=name, prefix=f"R{k}F-")
    log = [session(method="call review")]
    if cy_session_day:
        log.append({**session("S-2", cy_session_day), "rep": "Cy Ode"})
    return compute(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                                     "effective": D(2025, 1, 1)}],
                                          reps=[{"rep": n} for n in names], scores=scores, log=log), as_of=AS_OF)


def test_comparison_group_is_the_same_fifth_never_coached_before_the_session():
    res = _team(cy_session_day=D(2026, 3, 1))  # Cy was coached before Ann: not a comparison
    r = row(res)
    assert r["comparison_reps"] == 1 and r["comparison_baseline"] == pytest.approx(50)
    assert r["comparison_change"] == pytest.approx(55 - 50)
    assert r["did"] == pytest.approx((70 - 50) - (55 - 50))
    assert (r["did_low"], r["did_high"]) == pytest.approx((15, 15))  # every window at one score: no spread
    assert r["did_change"] == "improved"
    assert r["reason"].endswith("(delta +20.0, improved); vs comparison group +15.0, improved")


def test_a_rep_coached_later_is_still_a_comparison():
    r = row(_team(cy_session_day=D(2026, 3, 15)))
    assert r["comparison_reps"] == 2


def test_placebo_over_the_two_windows_before_the_baseline():
    res = _team(cy_session_day=D(2026, 3, 1))
    r = row(res)
    assert r["placebo"] == pytest.approx((55 - 60) - (50 - 50))
    assert r["pretrend"] == "yes" and "pre-trend" in codes(res)


def test_no_comparison_group_says_why():
    res = run(calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F"), [session()])
    r = row(res)
    assert r["comparison_reps"] is None and r["did"] is None
    assert r["no_comparison"] == "fewer than two reps with a full baseline at that date"


def test_evaluator_offsets_by_hand():
    frame = pd.DataFrame({"criterion": "X", "rep": ["A", "A", "A", "B", "B", "B"],
                          "evaluator": ["E1", "E1", "E2", "E1", "E2", "E2"], "score": [80, 90, 70, 60, 50, 40]})
    got = drift.offsets(frame).set_index("evaluator")
    # rep means: A 80, B 50; E1: 0, +10, +10; E2: -10, 0, -10
    assert got.loc["E1", "offset"] == pytest.approx(20 / 3) and got.loc["E2", "offset"] == pytest.approx(-20 / 3)
    assert got.loc["E1", "calls"] == 3
    half = stats.t.ppf(0.975, 2) * statistics.stdev([0, 10, 10]) / math.sqrt(3)
    assert got.loc["E1", "offset_high"] - got.loc["E1", "offset"] == pytest.approx(half)


def test_a_change_of_evaluators_between_the_windows_is_flagged_with_its_effect():
    scores = (calls(BEFORE, D(2026, 2, 20), prefix="B", evaluator="Lee")
              + calls(AFTER, D(2026, 3, 11), prefix="F", evaluator="Kim"))
    res = run(scores, [session()])
    r = row(res)
    # Ann's mean over both evaluators is 73.2: Lee's offset 64.5 - 73.2, Kim's 81.9 - 73.2; the whole
    # mix moved (shift 1), so the effect is Kim's offset minus Lee's = 17.4
    assert r["evaluator_shift"] == pytest.approx(1.0)
    assert r["evaluator_effect"] == pytest.approx(81.9 - 64.5)
    assert r["evaluators_changed"] == "yes" and "evaluator-mix-changed" in codes(res)
    same = run(calls(BEFORE, D(2026, 2, 20), prefix="B", evaluator="Lee")
               + calls(AFTER, D(2026, 3, 11), prefix="F", evaluator="Lee"), [session()])
    assert row(same)["evaluators_changed"] == "no" and row(same)["evaluator_shift"] == 0
    # the follow-up calls name no evaluator (an export without the column): whoever scored them, their
    # offset is unknown, so the effect is too, and a whole shift of the mix is flagged.  (Bo's calls give
    # Lee an offset: Bo's mean 75.5, Lee's 75s -0.5; Ann's calls by Lee 0 off her mean of them: -0.25,
    # which taken as the whole effect would be under a point)
    other = calls([75] * 10, D(2026, 1, 1), rep="Bo Park", prefix="L", evaluator="Lee") \
        + calls([76] * 10, D(2026, 1, 12), rep="Bo Park", prefix="K", evaluator="Kim")
    unnamed = run(other + calls(BEFORE, D(2026, 2, 20), prefix="B", evaluator="Lee")
                  + calls(AFTER, D(2026, 3, 11), prefix="F", evaluator=None), [session()])
    assert unnamed.aggregate.query("dimension == 'Evaluator'")["group"].tolist() == [f"Kim \u00b7 {CRIT}",
                                                                                      f"Lee \u00b7 {CRIT}"]
    r = row(unnamed)
    assert (r["evaluator_shift"], r["evaluator_effect"], r["evaluators_changed"]) == (pytest.approx(1.0), None, "yes")
    said = unnamed.checks.loc[unnamed.checks["code"] == "evaluator-mix-changed", "problem"].iloc[0]
    assert "changed hands), worth an unknown part of the delta (" in said, said  # not "worth about an unknown"
    assert any("changed hands), worth about +17.4 points of the delta." in p for p in res.checks["problem"])


def test_aggregate_mean_delta_interval_is_the_t_interval_over_sessions():
    scores = (calls(BEFORE, D(2026, 1, 1), prefix="B1") + calls(AFTER, D(2026, 1, 20), prefix="F1")
              + calls([v - 5 for v in BEFORE], D(2026, 2, 20), prefix="B2")
              + calls([v + 3 for v in AFTER], D(2026, 3, 11), prefix="F2"))
    log = [session("S-1", D(2026, 1, 15)), session("S-2", SESSION_DAY)]
    res = run(scores, log)
    deltas = [row(res, "S-1")["delta"], row(res, "S-2")["delta"]]
    a = res.aggregate
    g = a[(a["dimension"] == "Coaching method") & (a["group"] == "role-play")].iloc[0]
    half = stats.t.ppf(0.975, 1) * statistics.stdev(deltas) / math.sqrt(2)
    assert g["valid"] == 2 and g["mean_delta"] == pytest.approx(sum(deltas) / 2)
    assert g["delta_margin"] == pytest.approx(half)
    sessions = a[a["dimension"] == "Session"]
    assert list(sessions["group"]) == ["Ann Lee \u00b7 S-1", "Ann Lee \u00b7 S-2"]
    assert list(sessions["before"]) == pytest.approx([row(res, "S-1")["baseline_mean"], 59.5])


def test_verdict_reads_the_comparison_first_then_rtm_then_the_delta():
    assert verdict((5, 2, 8), (0.5, -3, 4), (0.2, -2, 2.4)) == (
        "gain matched by the comparison group: likely regression to the mean")
    assert verdict((9, 6, 12), (7, 3, 11), None) == "improved beyond the comparison group"
    assert verdict((5, 2, 8), None, (0.2, -2, 2.4)) == "gain explained by regression to the mean"
    assert verdict((9, 6, 12), None, (4, 1, 7)) == "improved beyond regression to the mean"
    # 6 of a 10-point gain is left but its interval spans 0: more than half survives, so not "RTM"
    assert verdict((10, 7, 13), (6, -1, 13), None) == "gain beyond the comparison group within noise"
    assert verdict((1, -2, 4), None, None) == "within noise"
    assert verdict((-6, -9, -3), (-6, -10, -1), None) == "declined against the comparison group"
    assert verdict(None, None, None) is None
    # above the comparison without a gain of its own: no improvement to speak of
    assert verdict((0.0, 0.0, 0.0), (10, 1.2, 18.8), None) == "no change while the comparison group declined"
    assert verdict((-2, -5, 1), (8, 1, 15), None) == "declined less than the comparison group"
    assert verdict((0.0, -3, 3), None, (4, 1, 7)) == "no change where regression to the mean expected a fall"


def _valid_session(sid: str, delta: float, change: float, names: tuple, sd) -> dict:
    return {"session_id": sid, "rep": "Ann Lee", "supervisor": None, "criterion": CRIT, "method": "role-play",
            "session_at": SESSION_DAY, "day": pd.Timestamp(SESSION_DAY), "status": "complete", "valid": "yes",
            "same_criterion": "yes", "definition_unchanged": "yes", "types_comparable": "yes",
            "enough_calls": "yes", "threshold_met": "no", "suggested": "continue", "delta": delta,
            "baseline_mean": 60.0, "followup_mean": 60.0 + delta, "comparison_change": change,
            "did": delta - change, "comparison_names": names, "comparison_sd": sd}


def test_sessions_sharing_a_comparison_rep_count_that_rep_once():
    frame = pd.DataFrame([_valid_session("S-1", 10, 2, ("Cy",), 4.0), _valid_session("S-2", 14, 4, ("Cy",), 4.0)])
    a = aggregate(frame)
    g = a[a["dimension"] == "Coaching method"].iloc[0]
    # Cy weighs 1/2 + 1/2 = 1: var(comparison) = 4^2 x 1^2 = 16 (df 1); var(mean delta) = var(10, 14) / 2 = 4
    var = 16 + 4
    df = var**2 / (16**2 / 1 + 4**2 / 1)
    assert g["did"] == pytest.approx(9) and g["did_margin"] == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(var))
    plain = stats.t.ppf(0.975, 1) * statistics.stdev([8, 10]) / math.sqrt(2)
    assert g["did_margin"] > plain
    assert g["comparison_margin"] == pytest.approx(stats.t.ppf(0.975, 1) * 4.0)
    assert g["comparison_reps"] == 1 and g["compared"] == 2


def test_sessions_sharing_one_comparison_rep_each_keep_that_reps_own_error():
    # three sessions whose comparison group is the same one rep (k = 1): no spread of reps' changes to
    # pool, so the rep's own error of change (variance 9 of the change, 12 df, as each session's interval
    # takes it) is what the Aggregate widens with; Cy weighs 3 x 1/3 = 1
    rows = [{**_valid_session(sid, delta, change, ("Cy",), None), "comparison_welch": (9.0, 12.0)}
            for sid, delta, change in (("S-1", 10, 4.0), ("S-2", 14, 4.2), ("S-3", 12, 3.8))]
    g = aggregate(pd.DataFrame(rows)).query("dimension == 'Coaching method'").iloc[0]
    assert g["comparison_change"] == pytest.approx(4.0)
    assert g["comparison_margin"] == pytest.approx(stats.t.ppf(0.975, 12) * 3.0)  # not the spread of 4.0, 4.2, 3.8
    var_delta = statistics.variance([10, 14, 12]) / 3  # the DiD adds the mean delta's variance (2 df)
    df = (9 + var_delta) ** 2 / (9**2 / 12 + var_delta**2 / 2)
    assert g["did"] == pytest.approx(8.0) \
        and g["did_margin"] == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(9 + var_delta))
    assert 8.0 - g["did_margin"] > 0 and g["verdict"] == "improved beyond the comparison group"


@pytest.mark.parametrize("seed", range(20))
def test_fifth_edges_are_numpys_quantiles_group_by_group(seed):
    # The comparison group's fifths are computed for every session of a chunk at once; each session's
    # edges must be exactly what numpy.quantile gives on its reps' baseline means (ties and all).
    # (odd seeds: one group far larger than the rest, which are sorted at once, not in rows of a grid)
    rng = np.random.default_rng(seed)
    groups = int(rng.integers(1, 30))
    sizes = rng.integers(0, 40, groups)
    if seed % 2:
        sizes[rng.integers(0, groups)] = 400
    group = np.repeat(np.arange(groups), sizes)
    values = rng.choice(np.round(rng.uniform(0, 100, 25), int(rng.integers(0, 3))), len(group)) \
        + rng.choice([0.0, 1 / 3, 1e-13], len(group))
    shuffled = rng.permutation(len(group))
    got = comparison.fifth_edges(group[shuffled], values[shuffled], groups)
    for k in range(groups):
        mine = values[group == k]
        if len(mine) < 2:
            assert np.isnan(got[k]).all()
        else:
            assert np.array_equal(got[k], np.quantile(mine, [0.2, 0.4, 0.6, 0.8])), (k, mine)


def test_fifth_edges_of_many_small_groups_beside_a_large_one():
    # 40,000 groups of a few values and one of 300: a grid as wide as the largest would be mostly padding
    rng = np.random.default_rng(7)
    groups = 40_000
    sizes = rng.integers(0, 5, groups)
    sizes[123] = 300
    group = np.repeat(np.arange(groups), sizes)
    values = np.round(rng.uniform(0, 100, len(group)), 1)
    got = comparison.fifth_edges(group, values, groups)
    for k in [123, *rng.choice(groups, 300, replace=False)]:
        mine = values[group == k]
        want = np.quantile(mine, [0.2, 0.4, 0.6, 0.8]) if len(mine) >= 2 else np.full(4, np.nan)
        assert np.array_equal(got[k], want, equal_nan=True), (k, mine)


@pytest.mark.parametrize("seed", range(30))
def test_the_team_figures_take_the_calls_in_the_order_sort_values_gives(seed):
    # the variance components read the calls in time order (ties by call id, sheet, row); the order
    # is found from each column's codes, as pandas sorts, blanks (NaT, None) last
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    moments = np.array(["2025-01-01T08:00", "2025-01-01T00:00", "2024-12-31T23:59", "NaT"], dtype="datetime64[us]")
    frame = pd.DataFrame({"at": rng.choice(moments, n),
                          "call_id": rng.choice(["a", "B", "b", "é", "10", "9", "", "Ω", None], n).astype(object),
                          "sheet": rng.choice(["Scores", "scores 2", "A"], n).astype(object),
                          "row": rng.integers(0, 5, n)})
    by = ["at", "call_id", "sheet", "row"]
    assert rtm._in_order(frame, by).tolist() == frame.sort_values(by, kind="stable").index.tolist()


@pytest.mark.parametrize("seed", range(30))
def test_calls_in_order_already_are_found_so_without_the_sort(seed):
    # calls in order already (as an export by date gives them) are found so by comparing each row with
    # the next: the positions are the sort's; a row out of order, or a blank call id, goes to the sort
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    moments = np.array(["2025-01-01T08:00", "2025-01-01T00:00", "2024-12-31T23:59", "NaT"], dtype="datetime64[us]")
    ids = ["a", "B", "b", "é", "10", "9", "", "Ω"] + ([None] if seed % 3 == 0 else [])
    frame = pd.DataFrame({"at": rng.choice(moments, n), "call_id": rng.choice(ids, n).astype(object),
                          "sheet": rng.choice(["Scores", "scores 2", "A"], n).astype(object),
                          "row": rng.integers(0, 5, n)})
    by = ["at", "call_id", "sheet", "row"]

    def ids(f: pd.DataFrame) -> dict:  # the call ids' factors, as counting the calls gives them
        return {"call_id": pd.factorize(f["call_id"])}

    ordered = frame.sort_values(by, kind="stable").reset_index(drop=True)
    for known in (None, ids(ordered)):
        assert rtm._ordered(ordered, by, known) == ordered["call_id"].map(lambda v: isinstance(v, str)).all()
        assert rtm._in_order(ordered, by, known).tolist() == list(range(n))
    for known in (None, ids(frame)):
        assert rtm._ordered(frame, by, known) <= (frame.sort_values(by, kind="stable").index.tolist() == list(range(n)))
    i = int(rng.integers(0, n - 1))
    swapped = ordered.take([*range(i), i + 1, i, *range(i + 2, n)]).reset_index(drop=True)
    same = (ordered.iloc[i][by].tolist() == ordered.iloc[i + 1][by].tolist())
    for known in (None, ids(swapped)):
        assert rtm._ordered(swapped, by, known) <= same
        assert rtm._in_order(swapped, by, known).tolist() == swapped.sort_values(by, kind="stable").index.tolist()


@pytest.mark.parametrize("blank", [None, np.nan, pd.NA, pd.NaT])
@pytest.mark.parametrize("dtype", [object, "string"])
def test_calls_in_order_with_a_blank_call_id_go_to_the_sort(blank, dtype):
    # a blank sorts last, not where it stands: a column holding one is never compared row by row
    if dtype == "string" and blank is pd.NaT:
        return
    frame = pd.DataFrame({"at": np.array(["2025-01-01T08:00"] * 3, dtype="datetime64[us]"),
                          "call_id": pd.Series(["a", blank, "b"], dtype=dtype), "sheet": ["S"] * 3, "row": [1, 2, 3]})
    by = ["at", "call_id", "sheet", "row"]
    assert not rtm._ordered(frame, by)
    assert not rtm._ordered(frame, by, {"call_id": pd.factorize(frame["call_id"])})
    assert rtm._in_order(frame, by).tolist() == [0, 2, 1]
    assert rtm._ordered(frame.assign(call_id=pd.Series(["a", "a", "b"], dtype=dtype)), by)


def _components_one_criterion_at_a_time(calls, block, sessions):
    """rtm.components the plain way: the calls sorted, cut by a merge, each criterion grouped on its own."""
    scored = calls.sort_values(["at", "call_id", "sheet", "row"], kind="stable")
    first = rtm.first_coached(sessions).rename("_first").reset_index()
    cut = scored.merge(first, on=["rep", "criterion"], how="left")["_first"]
    scored = scored[(cut.isna() | (scored["day"].to_numpy() < cut.to_numpy())).to_numpy()]
    out = {}
    for crit, g in scored.groupby("criterion", sort=True):
        per_rep = g.groupby("rep")["score"].agg(["size", "mean", "var"])
        k, total = len(per_rep), int(per_rep["size"].sum())
        if k < 2 or total - k < 1:
            continue
        grand = float(g["score"].mean())
        msw = float(((per_rep["size"] - 1) * per_rep["var"].fillna(0)).sum()) / (total - k)
        msb = float((per_rep["size"] * (per_rep["mean"] - grand) ** 2).sum()) / (k - 1)
        n0 = (total - float((per_rep["size"] ** 2).sum()) / total) / (k - 1)
        devs, count = 0.0, 0
        for _, h in g[g["rep"].notna()].groupby("rep", sort=False):
            scores = h["score"].to_numpy()
            whole = len(scores) // block
            if whole >= 2:
                means = scores[: whole * block].reshape(whole, block).mean(axis=1)
                devs, count = devs + float(((means - means.mean()) ** 2).sum()), count + whole - 1
        out[crit] = rtm.Components(float(per_rep["mean"].mean()), msw, max(0.0, (msb - msw) / n0) if n0 > 0 else 0.0,
                                   max(0.0, devs / count - msw / block) if count else 0.0, k)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_variance_components_of_every_criterion_at_once_are_those_of_each_on_its_own(seed):
    rng = np.random.default_rng(seed)
    n = 3000
    reps = [f"Rep {i}" for i in rng.permutation(25)]
    calls = pd.DataFrame({"rep": rng.choice(reps + ([None] if seed % 2 else []), n).astype(object),
                          "criterion": rng.choice(["Z", "Greeting", "Ω", "a"], n).astype(object),
                          "score": rng.normal(70, 12, n).round(int(rng.integers(0, 4))),
                          "at": np.datetime64("2025-01-01T08:00")
                          + rng.integers(0, 400 * 24, n).astype("timedelta64[h]"),
                          "call_id": [f"C{i:05d}" for i in rng.integers(0, n // 3, n)], "sheet": "Scores",
                          "row": range(n)})
    calls["day"] = calls["at"].dt.floor("D")
    if seed % 3 == 0:  # in order already: found so without the sort
        calls = calls.sort_values(["at", "call_id", "sheet", "row"], kind="stable").reset_index(drop=True)
    sessions = pd.DataFrame({"rep": rng.choice(reps + ["Nobody"], 40).astype(object),
                             "criterion": rng.choice(["Z", "Greeting", "Ω", None], 40).astype(object),
                             "day": np.datetime64("2025-06-01", "s")
                             + rng.integers(0, 200, 40).astype("timedelta64[D]")})
    want = _components_one_criterion_at_a_time(calls, 10, sessions)
    assert rtm.components(calls, 10, sessions) == want and len(want) >= 3
    # the calls' rep and criterion factors, given as counting makes them (codes in order of first
    # appearance, a blank -1): the same components, the distinct names sorted instead of the calls
    factors = {key: pd.factorize(calls[key]) for key in ("rep", "criterion")}
    assert rtm.components(calls, 10, sessions, factors) == want


@pytest.mark.parametrize("seed", range(6))
def test_the_evaluator_offsets_read_each_distinct_evaluator_once(seed):
    rng = np.random.default_rng(seed)
    n = 600
    names = ["Ann", "ann ", "Bob", "", None, "Cy", np.nan] if seed % 3 else ["", None]
    calls = pd.DataFrame({"rep": rng.choice(["R1", "R2", "R3"], n).astype(object),
                          "criterion": rng.choice(["X", "Y"], n).astype(object),
                          "score": rng.normal(70, 10, n).round(1),
                          "evaluator": rng.choice(np.array(names, dtype=object), n)}, index=rng.permutation(n) + 5)
    if seed >= 3:  # a call without a criterion (in no group), one without a rep (no offset of its own)
        calls.loc[calls.index[::17], "criterion"] = None
        calls.loc[calls.index[5::23], "rep"] = None
    keys = drift._keys(calls["evaluator"])  # the plain way: each cell's key, the named calls by it
    named = calls[keys != ""].assign(_ev=keys[keys != ""])
    named = named.assign(dev=named["score"] - named.groupby(["criterion", "rep"])["score"].transform("mean"))
    want = [(c, h["evaluator"].iloc[0], len(h), sum(h["dev"].tolist()) / len(h),
             *((iv.low, iv.high) if (iv := mean_interval(h["dev"].tolist())) else (None, None)))
            for c, g in named.groupby("criterion", sort=True) if g["_ev"].nunique() >= 2
            for _, h in g.groupby("_ev", sort=True)]
    want = [tuple(None if isinstance(x, float) and math.isnan(x) else x for x in w) for w in want]
    # the rep's and criterion's factors as the counting of the calls hands them on, or none
    for factors in (None, {key: pd.factorize(calls[key]) for key in ("rep", "criterion")}):
        got = drift.offsets(calls, factors).astype(object).where(lambda f: f.notna(), None)
        assert [tuple(r) for r in got[["criterion", "evaluator", "calls", "offset", "offset_low",
                                       "offset_high"]].itertuples(index=False)] == want
    assert len(want) == (0 if seed % 3 == 0 else 6)


def test_no_offsets_when_no_call_naming_an_evaluator_has_a_criterion():
    calls = pd.DataFrame({"rep": ["R1", "R2", "R1"], "criterion": [None, None, "X"], "score": [70.0, 80.0, 90.0],
                          "evaluator": ["Ann", "Bob", None]})
    for factors in (None, {key: pd.factorize(calls[key]) for key in ("rep", "criterion")}):
        got = drift.offsets(calls, factors)
        assert got.empty and list(got.columns) == ["criterion", "evaluator", "calls", "offset", "offset_low",
                                                   "offset_high"]


@pytest.mark.parametrize("blank", ["", None, " "])
def test_windows_whose_calls_name_no_evaluator_have_a_blank_mix_at_once(blank, monkeypatch):
    from coachlog_xl.core.windows import BASELINE, FOLLOWUP

    rng = np.random.default_rng(7)
    members = pd.DataFrame({"s": rng.integers(0, 30, 500), "role": rng.choice([BASELINE, FOLLOWUP, "other"], 500),
                            "evaluator": np.array([blank] * 500, dtype=object)})
    criteria = pd.Series(rng.choice(["X", "Y"], 30).astype(object))
    offsets = pd.DataFrame({"criterion": ["X", "X"], "evaluator": ["Ann", "Bob"], "offset": [1.5, -1.5]})
    fast = drift.mix_change(30, members, criteria, offsets)
    monkeypatch.setattr(drift, "_any_named", lambda col: True)  # the plain way: every session's mix weighed
    pd.testing.assert_frame_equal(fast, drift.mix_change(30, members, criteria, offsets), check_exact=True)
    assert fast.isna().all().all() and fast.dtypes.tolist() == [object] * 3


def test_the_aggregates_read_every_column_they_need(monkeypatch):
    # The aggregates make their rows from the Follow-up columns they read (aggregate.READ); reading every
    # column must give the same Aggregate sheet.
    from coachlog_xl.core import aggregate as aggregate_module
    from tests.evidence_kit import simulate

    inputs, as_of, _ = simulate(effect=4.0, seed=3, reps=40, days=200)
    some = compute(inputs, as_of=as_of).aggregate

    class Everything:
        def __contains__(self, _column) -> bool:
            return True

    monkeypatch.setattr(aggregate_module, "READ", Everything())
    inputs, as_of, _ = simulate(effect=4.0, seed=3, reps=40, days=200)
    every = compute(inputs, as_of=as_of).aggregate
    assert every["comparison_change"].notna().sum() > 3 and every["did_margin"].notna().sum() > 3
    pd.testing.assert_frame_equal(some, every, check_exact=True)


def test_the_aggregate_sheet_of_rows_given_as_tuples_is_the_sheet_of_rows_given_as_dicts(monkeypatch):
    # The session rows come as tuples of the sheet's columns (NaN where a row leaves one empty); the sheet
    # must be the one their dicts give, as pandas makes a frame of dicts (a missing key NaN).
    from coachlog_xl import schema
    from coachlog_xl.core import aggregate as aggregate_module
    from tests.evidence_kit import simulate

    inputs, as_of, _ = simulate(effect=4.0, seed=5, reps=30, days=200)
    as_tuples = compute(inputs, as_of=as_of).aggregate
    real = aggregate_module._session_rows

    def as_dicts(*args):  # each tuple as the dict of the columns it fills
        return [{k: v for k, v in zip(schema.AGGREGATE.keys, row) if not (isinstance(v, float) and math.isnan(v))}
                for row in real(*args)]

    monkeypatch.setattr(aggregate_module, "_session_rows", as_dicts)
    inputs, as_of, _ = simulate(effect=4.0, seed=5, reps=30, days=200)
    as_dicts_frame = compute(inputs, as_of=as_of).aggregate
    assert (as_tuples["dimension"] == schema.SESSION_DIMENSION).sum() > 10
    pd.testing.assert_frame_equal(as_tuples, as_dicts_frame, check_exact=True)
    parts = [[{"dimension": "a", "group": "x", "sessions": 2, "mean_delta": None}],
             [("b", "y", *[math.nan] * (len(schema.AGGREGATE.keys) - 2))]]
    work = aggregate_module.Aggregation(pd.DataFrame())
    work._order = [0, 1]
    want = pd.DataFrame([parts[0][0], {"dimension": "b", "group": "y"}], columns=schema.AGGREGATE.keys)
    pd.testing.assert_frame_equal(work.frame(parts), want, check_exact=True)


@pytest.mark.parametrize("as_objects", [False, True])
def test_the_aggregates_read_valid_sessions_with_a_delta_by_rep_then_date_then_id(as_objects):
    # valid with a delta: S2 (B, Mar 5), S1 (A, Mar 1), S0 (B, Mar 1), S1b (B, Mar 5); S3 has no delta,
    # S4 is not valid. Days as date-times, or as Timestamp objects.
    from coachlog_xl.core.aggregate_columns import Columns
    from coachlog_xl.core.followup import NO, YES

    day = pd.Series(pd.to_datetime(["2025-03-05", "2025-03-01", "2025-03-05", "2025-03-03", "2025-03-01",
                                    "2025-03-05"]))
    frame = pd.DataFrame({"valid": [YES, YES, YES, NO, YES, YES], "delta": [1.0, 2.0, None, 3.0, -1.0, 0.5],
                          "rep": ["B", "A", "A", "A", "B", "B"], "session_id": ["S2", "S1", "S3", "S4", "S0", "S1b"],
                          "day": day.astype(object) if as_objects else day})
    assert Columns(frame).by_rep.tolist() == [1, 4, 5, 0]


def test_the_aggregates_read_the_ids_of_one_rep_and_day_as_a_person_reads_them():
    # S-10 (row 0), S-2 (row 1) and S-9 (row 2) of one rep and day: S-2, S-9, S-10 (a run of digits as a number)
    from coachlog_xl.core.aggregate_columns import Columns
    from coachlog_xl.core.followup import YES

    frame = pd.DataFrame({"valid": [YES] * 3, "delta": [1.0, 2.0, 3.0], "rep": ["A"] * 3,
                          "session_id": ["S-10", "S-2", "S-9"], "day": pd.to_datetime(["2025-03-05"] * 3)})
    assert Columns(frame).by_rep.tolist() == [1, 2, 0]


def test_the_aggregates_rank_only_the_ids_of_a_rep_with_two_sessions_on_a_day(monkeypatch):
    # A has S-10 and S-2 on Mar 5 and S-1 on Mar 1; B has S-3 on Mar 5: only S-10 and S-2 share a rep and
    # day, so only they are ranked (S-2 before S-10); by hand: A Mar 1 (row 2), A Mar 5 S-2 (row 1), then
    # S-10 (row 0), B (row 3)
    from coachlog_xl.core import aggregate_columns
    from coachlog_xl.core.followup import YES

    asked = []
    real = aggregate_columns.id_rank
    monkeypatch.setattr(aggregate_columns, "id_rank", lambda col: asked.append(col.tolist()) or real(col))
    frame = pd.DataFrame({"valid": [YES] * 4, "delta": [1.0, 2.0, 3.0, 4.0], "rep": ["A", "A", "A", "B"],
                          "session_id": ["S-10", "S-2", "S-1", "S-3"],
                          "day": pd.to_datetime(["2025-03-05", "2025-03-05", "2025-03-01", "2025-03-05"])})
    assert aggregate_columns.Columns(frame).by_rep.tolist() == [2, 1, 0, 3]
    assert asked == [["S-10", "S-2"]]


def test_the_aggregates_keep_the_row_order_of_one_rep_days_equal_ids():
    # the same id twice on a rep's day (the session written twice) and another id between them: S-2 (rows 0
    # and 2, in that order), then S-10 (row 1)
    from coachlog_xl.core.aggregate_columns import Columns
    from coachlog_xl.core.followup import YES

    frame = pd.DataFrame({"valid": [YES] * 3, "delta": [1.0, 2.0, 3.0], "rep": ["A"] * 3,
                          "session_id": ["S-2", "S-10", "S-2"], "day": pd.to_datetime(["2025-03-05"] * 3)})
    assert Columns(frame).by_rep.tolist() == [0, 2, 1]


def test_a_session_of_a_rep_without_calls_beside_a_rep_with_calls_has_no_comparison_and_no_error():
    """A new rep coached before any call of theirs is scored: their session's one pair is the other
    rep's, who has no baseline before the session either (so is no comparison); the row says it has
    no baseline."""
    res = run(calls(AFTER, D(2026, 3, 11), rep="Bo Park"), [session()])
    r = row(res)
    assert r["no_comparison"] == "no baseline"
    assert [r[c] for c in ("comparison_reps", "comparison_change", "did", "placebo", "pretrend")] == [None] * 5


def _drift_rep_by_rep(scores: np.ndarray, reps: np.ndarray, block: int, within: float) -> float:
    """The rep-level drift one rep at a time (the code before the reps' stretches were averaged at once)."""
    block = max(int(block), 1)
    devs, count = 0.0, 0
    named = np.flatnonzero(reps >= 0)
    codes = pd.factorize(reps[named])[0]
    ordered = scores[named[np.argsort(codes, kind="stable")]]
    bounds = np.concatenate(([0], np.cumsum(np.bincount(codes))))
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        mine = ordered[lo:hi]
        whole = len(mine) // block
        if whole < 2:
            continue
        means = mine[: whole * block].reshape(whole, block).mean(axis=1)
        devs += float(((means - means.mean()) ** 2).sum())
        count += whole - 1
    return 0.0 if count == 0 else max(0.0, devs / count - within / block)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 6), st.one_of(st.integers(0, 100).map(float),
                                                          st.floats(0, 100, allow_nan=False), st.just(np.nan))),
                max_size=120),
       st.integers(-1, 20), st.floats(0, 500, allow_nan=False))
def test_the_rep_level_drift_is_the_float_of_one_rep_at_a_time(calls, block, within):
    # reps interleaved or not, blank reps (-1), fractional and missing scores, blocks of one call to more
    # than a rep has (and 0 or less, read as 1): the same float, bit for bit, as averaging rep by rep
    reps = np.array([r for r, _ in calls], dtype=np.int64)
    scores = np.array([s for _, s in calls], dtype=float)
    got, want = rtm._drift(scores, reps, block, within), _drift_rep_by_rep(scores, reps, block, within)
    assert got == want or (np.isnan(got) and np.isnan(want))
