"""A recorded baseline whose n is not the window's N now (docs/rules.md, "Baseline recorded once"): once its n calls
are found among the rep's calls before the session, every baseline figure is theirs, the Baseline sheet's, the
conditions' and the evaluators' mix as well as the statistics', so a session is never judged on calls its baseline
does not hold; a window made larger is a difference the Baseline sheet shows, as late scores are."""

from __future__ import annotations

import pytest

from tests.rules_kit import CRIT, D, base_row, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]
RECORDED = {"baseline_mean": 64.5, "baseline_n": 10, "baseline_recorded_on": D(2026, 3, 11)}
VERSIONS = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
            {"criterion_id": "ACK", "name": CRIT, "version": "v2", "effective": D(2026, 2, 24)}]


def _checks(res, code):
    return res.checks[res.checks["code"] == code]


def _spanning():
    # B000..B003 daily from 02-20 (95, 91, 60, 62), outbound, scored by Eve; E000..E007 daily from 02-24 (BEFORE's
    # last 8), inbound, by Max; the follow-up F000..F009 from 03-11, by Max. The session is on 03-10: the rep's
    # last 10 calls before it are B002 (02-22), B003 (02-23) and E000..E007 (02-24 .. 03-03), 645 / 10 = 64.5
    return (calls([95, 91, 60, 62], D(2026, 2, 20), prefix="B", call_type="outbound", evaluator="Eve")
            + calls(BEFORE[2:], D(2026, 2, 24), prefix="E", evaluator="Max")
            + calls(AFTER, D(2026, 3, 11), prefix="F", evaluator="Max"))


def test_a_baseline_found_over_a_criterion_version_change_is_not_valid():
    # recorded over 10 calls, N 8 now: the 10 calls run from 02-22, before v2 took effect on 02-24, so Definition
    # unchanged is "no" and the session is not valid, as it is with N 10 (the window's last 8 alone start on 02-24)
    res = run(_spanning(), [session(**RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 8}, criteria=VERSIONS)
    r = row(res)
    assert "window-smaller-than-recorded" in codes(res)
    assert (r["definition_unchanged"], r["valid"]) == ("no", "no")
    assert r["invalid_because"] == "a new version took effect on 2026-02-24"
    # the evaluators' mix: baseline Eve 2 / 10, Max 8 / 10; follow-up Max 8 / 8: total variation
    # (|0 - 0.2| + |1 - 0.8|) / 2 = 0.2 (the last 8 alone, all Max, would give 0)
    assert r["evaluator_shift"] == pytest.approx(0.2)


def test_the_baseline_sheet_shows_the_found_calls():
    # the row of the session: its 10 calls, B002 .. E007, from 02-22 10:00 to 03-03 10:00, 2 outbound and
    # 8 inbound; computed n 10, mean 645 / 10 = 64.5, Difference 64.5 - 64.5 = 0
    res = run(_spanning(), [session(**RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 8}, criteria=VERSIONS)
    b = base_row(res)
    assert (b["computed_n"], b["computed_mean"], b["difference"]) == (10, 64.5, 0.0)
    assert b["calls"] == "B002, B003, E000, E001, E002, E003, E004, E005, E006, E007"
    assert (str(b["first_call"]), str(b["last_call"])) == ("2026-02-22 10:00:00", "2026-03-03 10:00:00")
    assert b["call_types"] == "inbound 8, outbound 2"


def _scores():
    # two older calls (95, 91) from 02-20 before BEFORE (02-22 .. 03-03), ten after the session (03-11 ..) and a 20
    return (calls([95, 91] + BEFORE, D(2026, 2, 20), prefix="B")
            + calls(AFTER + [20], D(2026, 3, 11), prefix="F"))


def test_a_window_made_larger_is_a_difference_the_baseline_sheet_shows():
    # recorded over BEFORE's 10 calls (64.5); N 12 now: the window holds all 12 calls before the session,
    # (95 + 91 + 645) / 12 = 831 / 12 = 69.25. Older calls pasted since would look the same, so the Baseline
    # sheet shows the window's 12 calls beside the recorded 64.5, Difference 64.5 - 69.25 = -4.75, and Checks warns
    res = run(_scores(), [session(**RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 12})
    b = base_row(res)
    assert (b["computed_n"], b["difference"]) == (12, pytest.approx(-4.75))
    assert b["computed_mean"] == pytest.approx(69.25)
    [warn] = _checks(res, "baseline-differs-from-recorded").itertuples()
    assert warn.severity == "warning" and "the window holds 12 calls now, giving 69.3" in warn.problem  # (69.25)
    # its last 10 are BEFORE, 64.5: the recorded calls, so its SD is theirs, sqrt(142.5 / 9) = 3.979, said so
    assert row(res)["baseline_sd"] == pytest.approx(3.979, abs=1e-3)
    assert "left blank" not in warn.problem
    assert "SD, the delta's interval and Change are computed from them" in warn.problem
    assert "type 10 in the row's Calls to review" in warn.fix


def test_a_larger_window_whose_last_calls_are_not_the_recorded_ones_is_still_the_warning():
    # recorded 64.5 over 10 calls; a late 100 on 03-09 makes the last 10 before the session BEFORE without its
    # 60 plus the 100: (645 - 60 + 100) / 10 = 68.5, not 64.5: the calls are not known, the figures blank
    late = calls([100], D(2026, 3, 9), prefix="L")
    res = run(_scores() + late, [session(**RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 12})
    r = row(res)
    assert (r["baseline_sd"], r["delta_low"], r["change"]) == (None, None, None)
    assert "window-larger-than-recorded" not in codes(res)
    [warn] = _checks(res, "baseline-differs-from-recorded").itertuples()
    assert "left blank" in warn.problem


def test_following_the_larger_windows_fix_counts_the_follow_up_over_the_recorded_n():
    # 10 typed in the row's Calls to review: the window is 10 calls, BEFORE, 64.5: nothing to say
    res = run(_scores(), [session(window_n=10, **RECORDED)], as_of=D(2026, 6, 2), settings={"window_n": 12})
    assert not {"window-larger-than-recorded", "baseline-differs-from-recorded"} & set(codes(res))
    assert row(res)["followup_n"] == 10
