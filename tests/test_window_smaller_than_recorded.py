"""Calls per window made smaller after a baseline was recorded (docs/rules.md, "Baseline recorded once"): the
follow-up takes the new N, the recorded baseline stays in use, and its calls (the rep's last n before the
session, n the recorded n) are found again when their mean is the recorded mean: its SD, the delta's interval
and Change come from them, and Checks notes the smaller window once (info). Late scores among them are still the
warning baseline-differs-from-recorded."""

from __future__ import annotations

import pytest

from tests.rules_kit import D, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]


def _scores():
    # two older calls (95, 91) before the ten of the recorded baseline, two on the session's day, ten after
    return (calls([95, 91] + BEFORE, D(2026, 2, 20), prefix="B")
            + calls([40, 99], D(2026, 3, 10), step=0, prefix="D")
            + calls(AFTER + [20], D(2026, 3, 11), prefix="F"))


RECORDED = {"baseline_mean": 64.5, "baseline_n": 10, "baseline_recorded_on": D(2026, 3, 11)}


def _checks(res, code):
    return res.checks[res.checks["code"] == code]


def test_a_window_made_smaller_keeps_the_recorded_baselines_calls_and_its_evidence():
    # recorded: BEFORE, 645 / 10 = 64.5; SD: squared deviations 20.25 + 6.25 + 0.25 + 2.25 + 12.25 + 30.25 +
    # 42.25 + 6.25 + 2.25 + 20.25 = 142.5, sqrt(142.5 / 9) = 3.979.
    # N 8 now: follow-up 70 75 80 85 82 88 90 79 = 649 / 8 = 81.125; delta 81.125 - 64.5 = 16.625.
    # follow-up squared deviations sum to 308.875, variance 44.125; Welch: 44.125 / 8 + 15.8333 / 10 = 7.09896,
    # se 2.6644; df = 7.09896^2 / (5.515625^2 / 7 + 1.58333^2 / 9) = 10.90; t(0.975, 10.9) = 2.2015;
    # low = 16.625 - 2.2015 x 2.6644 = 10.759 > 0: improved
    res = run(_scores(), [session(**RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 8})
    r = row(res)
    assert (r["baseline_mean"], r["baseline_n"], r["followup_n"]) == (64.5, 10, 8)
    assert r["delta"] == pytest.approx(16.625)
    assert r["baseline_sd"] == pytest.approx(3.979, abs=1e-3)
    assert r["delta_low"] == pytest.approx(10.759, abs=0.01) and r["change"] == "improved"
    assert "baseline-differs-from-recorded" not in codes(res) and res.log_updates.empty
    [note] = _checks(res, "window-smaller-than-recorded").itertuples()
    assert note.severity == "info"
    assert "over 10 calls; the window holds 8 calls now" in note.problem
    assert "recorded baseline stays in use" in note.problem and "no longer known" not in note.problem
    assert note.fix.startswith("Nothing to do if the follow-up is meant to be counted over 8 calls")
    assert "type 10 in the row's Calls to review" in note.fix


def test_the_anchor_call_is_looked_for_among_the_recorded_baselines_calls():
    # the anchor B003 (62, the second of BEFORE) is one of the ten, not of the last 8: without it
    # (645 - 62) / 9 = 64.78
    res = run(_scores(), [session(evidence_call="B003", **RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 8})
    r = row(res)
    assert r["anchor_in_baseline"] == "yes" and r["baseline_without_anchor"] == pytest.approx(583 / 9)


def test_late_scores_under_a_smaller_window_are_still_the_warning():
    # a late 100 on 03-09, before the session: the rep's last 10 before it are BEFORE without its 60 and the 100,
    # (645 - 60 + 100) / 10 = 68.5, not the recorded 64.5: its calls are not known, SD and interval blank
    late = calls([100], D(2026, 3, 9), prefix="L")
    res = run(_scores() + late, [session(**RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 8})
    r = row(res)
    assert (r["baseline_mean"], r["baseline_sd"], r["delta_low"], r["change"]) == (64.5, None, None, None)
    assert "window-smaller-than-recorded" not in codes(res)
    [warn] = _checks(res, "baseline-differs-from-recorded").itertuples()
    assert warn.severity == "warning"
    assert "the rep's last 10 calls before the session now give 68.5 (n 10; the window holds 8 calls now" in (
        warn.problem)
    assert "late scores" in warn.problem and "its calls are no longer known" in warn.problem
    assert warn.fix.startswith("Nothing to do if late scores explain it") and "Set the window back" not in warn.fix
