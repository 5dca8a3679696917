"""K of N that can never be met (domain.md, Exact rules: Windows): a K above N typed on a Log row is named on
that row; one on Settings (the window made shorter there, K left as it was) is named once, on Settings,
not on every Log row whose K and N cells are blank."""

from __future__ import annotations

from tests.rules_kit import D, run, session
from tests.test_rules import worked_example_scores


def _said(result, code: str) -> list[tuple]:
    c = result.checks[result.checks["code"] == code]
    return list(zip(c["sheet"], c["row"], c["field"], c["problem"], c["fix"]))


def test_k_above_n_on_settings_is_named_once_on_settings_not_on_each_log_row():
    r = run(worked_example_scores(), [session(), session("S-2", D(2026, 3, 11))], settings={"window_n": 5})
    assert _said(r, "unmeasurable-follow-up") == []
    # the Settings rows as the template lays them out: N on row 2, K on row 5 (7, the default, typed there)
    assert _said(r, "bad-setting") == [(
        "Settings", 5, "Calls needed at threshold (K)",
        'Settings: "Calls needed at threshold (K)" is 7 and "Calls per window (N)" 5: 7 calls at threshold can '
        "never be reached with 5 calls to review, so no session taking them from Settings can meet its threshold.",
        'Make "Calls needed at threshold (K)" no larger than "Calls per window (N)" (the defaults are 7 of 10).')]
    # S-1's first 5 follow-up calls, 70 75 80 85 82: 3 at 80+, never 7 of 5
    s1 = r.followup[r.followup["session_id"] == "S-1"].iloc[0]
    assert (s1["followup_n"], s1["at_threshold"], s1["threshold_met"]) == (5, 3, "no")


def test_k_above_n_on_a_log_row_is_still_named_on_that_row():
    r = run(worked_example_scores(), [session(window_n=5)])  # Settings: 7 of 10, the row: 5 calls
    assert _said(r, "bad-setting") == []
    assert [p for _, _, _, p, _ in _said(r, "unmeasurable-follow-up")] == [
        "Log row 2 (S-1): 7 calls at threshold can never be reached with 5 calls to review."]
    # the row's own K of 4 fits Settings' N of 5: nothing to say of the row; Settings' 7 of 5 is said there
    fits = run(worked_example_scores(), [session(k_needed=4)], settings={"window_n": 5})
    assert _said(fits, "unmeasurable-follow-up") == [] and len(_said(fits, "bad-setting")) == 1
