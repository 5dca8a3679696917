"""A suggestion's reason never shows a delta that is not 0 as 0.0: one decimal would round +0.05 to 0.0 and
read "improving (delta 0.0)"; such a delta is shown to its first significant digit (docs/rules.md)."""

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


def test_a_delta_one_decimal_shows_as_zero_is_shown_to_its_first_digit():
    # 0.047 -> +0.05 (first significant digit, a half away from zero: 0.045 -> +0.05), -0.003 -> -0.003;
    # a delta of one decimal or more as before (+0.1 for 0.06; 0.0 for 0)
    assert points(0.047, sign=True) == "+0.05"
    assert points(0.045, sign=True) == "+0.05"
    assert points(-0.003, sign=True) == "-0.003"
    assert points(0.06, sign=True) == "+0.1" and points(0.0, sign=True) == "0.0"
    # unsigned figures (a baseline mean) are shown as their 0.0 cells show them
    assert points(0.047) == "0.0"


def test_a_follow_up_mean_under_a_twentieth_above_the_baseline_reads_as_improving_by_that_much():
    # baseline ten 70s = 70.0; follow-up nine 70s and one 70.3: 700.3 / 10 = 70.03; delta +0.03 -> "+0.03"
    scores = calls([70] * 10, D(2026, 2, 20), prefix="B") + calls([70] * 9 + [70.3], D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session()]))
    assert r["suggested"] == "continue"
    assert "but improving (delta +0.03" in r["reason"]
