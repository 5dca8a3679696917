"""The note on calls dated after the as-of date (domain.md, Exact rules: calls after the as-of moment are
ignored everywhere) agrees in number with how many there are."""

from __future__ import annotations

from tests.rules_kit import D, calls, run, session


def _note(result) -> tuple[str, str]:
    c = result.checks[result.checks["code"] == "after-as-of"]
    return c["problem"].iloc[0], c["fix"].iloc[0]


def test_one_call_after_the_as_of_date_is_said_as_one():
    # ten calls from 2026-05-01, the as-of date 2026-05-09: the call of 05-10 (Scores row 11) is after it
    assert _note(run(calls([60] * 10, D(2026, 5, 1)), [session()], as_of=D(2026, 5, 9))) == (
        "1 scored call is dated after the as-of date 2026-05-09 and is ignored (at Scores row 11, dated 2026-05-10).",
        "Nothing to do; it counts once the as-of date reaches it. A date that cannot be right yet may be read in the "
        "wrong order: see Date order on Settings.")
    # two: the first of them named
    assert _note(run(calls([60] * 10, D(2026, 5, 1)), [session()], as_of=D(2026, 5, 8)))[0] == (
        "2 scored calls are dated after the as-of date 2026-05-08 and are ignored (the first at Scores row 10, "
        "dated 2026-05-09).")
