"""A suggestion's reason never shows a delta that is not 0 as 0.0: one decimal would round +0.05 to 0.0 and
read "improving (delta 0.0)"; such a delta is shown to two decimals with its sign, and one within 1e-9 of 0
(float error) is 0.0 (docs/rules.md)."""

from __future__ import annotations

from coachlog_xl.core.wording import points
from tests.rules_kit import D, calls, row, run, session


def test_a_small_positive_delta_keeps_its_sign_in_the_reason():
    # baseline: ten 60s before 2026-03-10, mean 60.0; follow-up: nine 60s and one 60.5 from 03-11,
    # (540 + 60.5) / 10 = 60.05; delta +0.05 > 0, no call at 80: continue, improving. In floating point the
    # delta is a hair under 0.05, which one decimal shows as 0.0; its first significant digit shows +0.05
    scores = calls([60] * 10, D(2026, 2, 20), prefix="B") + calls([60] * 9 + [60.5], D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()]))
    assert r["suggested"] == "continue"
    assert "delta 0.0" not in r["reason"] and "but improving (delta +0.05, " in r["reason"]


def test_a_delta_one_decimal_shows_as_zero_is_shown_to_two_decimals_with_its_sign():
    # 0.047 -> +0.05 (a half away from zero: 0.045 -> +0.05, 0.04999 -> +0.05); -0.003 -> -0.00 (two decimals
    # show 0.00, the sign kept); 0.004 -> +0.00; a delta of one decimal or more as before (+0.1 for 0.06 and
    # for 0.05, -0.1 for -0.05; 0.0 for 0)
    assert points(0.047, sign=True) == "+0.05"
    assert points(0.045, sign=True) == "+0.05" and points(0.04999, sign=True) == "+0.05"
    assert points(-0.003, sign=True) == "-0.00" and points(0.004, sign=True) == "+0.00"
    assert points(0.06, sign=True) == "+0.1" and points(0.0, sign=True) == "0.0"
    assert points(0.05, sign=True) == "+0.1" and points(-0.05, sign=True) == "-0.1"
    # unsigned figures (a baseline mean) are shown as their 0.0 cells show them
    assert points(0.047) == "0.0"


def test_a_signed_figure_within_a_billionth_of_zero_is_zero():
    # float error (1e-14, 2e-10, -1e-14) and 1e-9 itself: 0.0, never +0.00000000000001; 2e-9 is not 0: +0.00
    assert [points(v, sign=True) for v in (1e-14, -1e-14, 2e-10, 1e-9, -1e-9)] == ["0.0"] * 5
    assert points(2e-9, sign=True) == "+0.00"


def test_a_difference_in_differences_of_float_error_is_zero():
    # the comparison rep Bo Park has the coached rep's scores in another order: both baselines are 632.7 / 10 =
    # 63.27 and both follow-ups 808.3 / 10 = 80.83, so both deltas are 17.56 and the difference in differences is
    # 0 (summed in another order the two follow-up means differ in the last bit: 1.4e-14 before it is snapped)
    b = [65.2, 69.0, 68.5, 58.3, 68.3, 68.4, 52.0, 62.6, 64.5, 55.9]
    f = [82.3, 86.9, 89.2, 75.0, 89.0, 75.2, 87.3, 65.7, 68.5, 89.2]
    b2 = [68.4, 55.9, 68.5, 69.0, 58.3, 65.2, 68.3, 52.0, 64.5, 62.6]
    f2 = [89.2, 75.0, 86.9, 82.3, 68.5, 65.7, 89.0, 75.2, 89.2, 87.3]
    scores = (calls(b, D(2026, 2, 20), prefix="B") + calls(f, D(2026, 3, 11), prefix="F")
              + calls(b2, D(2026, 2, 20), prefix="X", rep="Bo Park") + calls(f2, D(2026, 3, 11), prefix="Y",
                                                                           rep="Bo Park"))
    r = row(run(scores, [session()], as_of=D(2026, 6, 2)))
    assert r["did"] == 0.0
    assert "vs comparison group 0.0, " in r["reason"]


def test_a_follow_up_mean_under_a_twentieth_above_the_baseline_reads_as_improving_by_that_much():
    # baseline ten 70s = 70.0; follow-up nine 70s and one 70.3: 700.3 / 10 = 70.03; delta +0.03 -> "+0.03"
    scores = calls([70] * 10, D(2026, 2, 20), prefix="B") + calls([70] * 9 + [70.3], D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()]))
    assert r["suggested"] == "continue"
    assert "but improving (delta +0.03" in r["reason"]
