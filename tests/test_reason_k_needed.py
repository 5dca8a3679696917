"""A suggestion's reason says the K it needed where the Log's Calls needed at threshold is above its calls to
review: every call at threshold then reads as met, and is not (docs/rules.md, "Suggested decision")."""

from __future__ import annotations

from tests.rules_kit import D, calls, row, run, session


def test_a_threshold_not_met_with_a_k_above_n_says_the_k_it_needed():
    # Log: 12 calls needed at threshold, 10 to review; ten follow-up calls of 95 after ten of 70: all ten at
    # 80+, yet 12 can never be reached: not met, delta +25 -> continue, and the reason says 12 were needed
    scores = calls([70] * 10, D(2026, 2, 20), prefix="B") + calls([95] * 10, D(2026, 3, 11), prefix="F")
    r = row(run(scores, [session(k_needed=12)]))
    assert (r["at_threshold"], r["threshold_met"], r["suggested"]) == (10, "no", "continue")
    assert r["reason"].startswith("threshold not met (10 of 10 calls at 80+, 12 needed) but improving (delta +25.0")


def test_a_threshold_not_met_with_k_within_n_reads_as_before():
    # K 7 of 10 (the Settings'): four calls of 85 and six of 75 after ten of 70: 4 at 80+, delta +9
    scores = (calls([70] * 10, D(2026, 2, 20), prefix="B")
              + calls([85] * 4 + [75] * 6, D(2026, 3, 11), prefix="F"))
    assert row(run(scores, [session()]))["reason"].startswith("threshold not met (4 of 10 calls at 80+) but improving")
