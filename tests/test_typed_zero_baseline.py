"""A Baseline n typed as 0 with no mean, where the score data has calls before the session: the Log row
is named in Checks with what the data has and how to fix it, where the Follow-up only said "no baseline
calls" and the session stayed not comparable with nothing in Checks about why."""

from __future__ import annotations

from tests.rules_kit import row, run, session
from tests.test_rules import worked_example_scores


def _typed_rows(result):
    checks = result.checks
    return checks[checks["code"] == "typed-baseline-differs"]


def test_a_baseline_n_typed_as_zero_with_calls_in_the_data_is_named_with_the_data_and_the_fix():
    result = run(worked_example_scores(), [session(baseline_n=0)])
    # the typed 0 is kept (nothing a person typed is changed) and the session has no baseline
    assert row(result)["baseline_mean"] is None and result.log_updates.empty
    said = _typed_rows(result)
    assert len(said) == 1
    hit = said.iloc[0]
    # domain.md's worked example: ten calls before the session, 64.5 on average
    assert (hit["sheet"], hit["row"], hit["field"], hit["value"]) == ("Log", 2, "Baseline n", "0")
    assert "typed as 0" in hit["problem"] and "10 calls before it (mean 64.5)" in hit["problem"]
    assert hit["fix"].startswith("Clear Baseline n")


def test_a_typed_baseline_with_calls_or_a_mean_is_not_named_as_typed_zero():
    for typed in ({"baseline_n": 10}, {"baseline_n": 5}, {"baseline_mean": 64.5}):
        assert _typed_rows(run(worked_example_scores(), [session(**typed)])).empty
