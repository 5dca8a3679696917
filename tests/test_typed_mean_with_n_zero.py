"""A Baseline mean typed beside a Baseline n of 0 (no Baseline recorded on): a baseline of no call has no mean
(domain.md: a recorded n of 0 stays recorded, mean blank), so the two contradict each other: named, and no delta
is shown against a mean of no call."""

from __future__ import annotations

from tests.rules_kit import D, calls, codes, row, run, session

# ten calls before the session on 03-10 ((5 x 60 + 5 x 70) / 10 = 65), ten after it at 80
SCORES = calls([60] * 5 + [70] * 5, D(2026, 2, 20), prefix="B") + calls([80] * 10, D(2026, 3, 11), prefix="F")


def test_a_mean_typed_beside_an_n_of_0_is_named_and_gives_no_delta():
    result = run(SCORES, [session(baseline_mean=70, baseline_n=0)])
    # before: a delta of 80 - 70 = +10 was shown against 0 baseline calls, and only typed-baseline-differs said
    got = row(result)
    assert (got["baseline_n"], got["baseline_mean"], got["delta"]) == (0, None, None)
    assert "typed-mean-with-n-0" in codes(result) and "typed-baseline-differs" not in codes(result)
    c = result.checks[result.checks["code"] == "typed-mean-with-n-0"]
    assert (c["row"].iloc[0], c["field"].iloc[0], c["severity"].iloc[0]) == (2, "Baseline mean", "warning")
    assert result.log_updates.empty  # (the typed cells are kept as typed)


def test_a_typed_n_of_0_beside_a_blank_mean_is_said_as_before():
    result = run(SCORES, [session(baseline_n=0)])
    assert "typed-mean-with-n-0" not in codes(result) and "typed-baseline-differs" in codes(result)
