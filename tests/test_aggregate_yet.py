"""Aggregate's Verdict says "yet" only where a session left out may still become a valid comparison, and points
at the Log where fixing a Log row would make one; Why left out names the condition already failed of a session
still open, as Follow-up's Not valid because does (docs/rules.md, "Aggregates")."""

from __future__ import annotations

from tests.rules_kit import CRIT, D, calls, row, run, session


def _by_method(result) -> dict[str, dict]:
    agg = result.aggregate
    return {r["group"]: r for r in agg[agg["dimension"] == "Coaching method"].to_dict("records")}


def test_an_open_session_whose_valid_is_no_already_gives_no_yet_and_its_failed_condition():
    # As of 2026-06-01, three sessions on 2026-05-20, each with three follow-up calls (2026-05-21 .. 23) of
    # the ten needed: all three in progress.
    # S-1 (Ann, "short"): six calls before the session (ten needed): its baseline is recorded short, Enough
    #   calls is no for good, so it is left out for too few calls and can never be valid.
    # S-2 (Bo, "fine"): ten calls before: nothing failed yet, still open: "not complete", and "yet".
    scores = (calls([60] * 6, D(2026, 5, 10), prefix="A") + calls([70] * 3, D(2026, 5, 21), prefix="AF")
              + calls([60] * 10, D(2026, 5, 5), prefix="B", rep="Bo Park")
              + calls([70] * 3, D(2026, 5, 21), prefix="BF", rep="Bo Park"))
    res = run(scores, [{**session("S-1", D(2026, 5, 20)), "method": "short"},
                       {**session("S-2", D(2026, 5, 20)), "rep": "Bo Park", "method": "fine"}])
    assert row(res, "S-1")["status"] == "in progress" and row(res, "S-1")["valid"] == "no"
    assert row(res, "S-1")["invalid_because"] == "only 6 baseline calls (10 needed)"
    assert row(res, "S-2")["status"] == "in progress" and row(res, "S-2")["valid"] is None
    by = _by_method(res)
    assert (by["short"]["left_out_why"], by["short"]["verdict"]) == ("too few calls: 1", "no valid comparison")
    assert (by["fine"]["left_out_why"], by["fine"]["verdict"]) == ("not complete: 1", "no valid comparison yet")


def test_an_open_session_without_baseline_calls_is_left_out_for_them_with_no_yet():
    # S-1 on 2026-05-20: no call before it, three after: in progress, "no baseline calls on the criterion"
    # already (the baseline window is past), so it never becomes valid
    res = run(calls([70] * 3, D(2026, 5, 21), prefix="F"), [session("S-1", D(2026, 5, 20))])
    assert row(res, "S-1")["status"] == "in progress" and row(res, "S-1")["valid"] == "no"
    method = _by_method(res)["role-play"]
    assert (method["left_out_why"], method["verdict"]) == ("no baseline calls: 1", "no valid comparison")


def test_a_scheduled_session_is_left_out_as_not_held_yet_and_may_still_give_a_comparison():
    # S-1 on 2026-06-20, after the as-of date 2026-06-01: scheduled, its Valid blank
    res = run(calls([60] * 10, D(2026, 5, 1), prefix="A"), [session("S-1", D(2026, 6, 20))])
    assert row(res, "S-1")["status"] == "scheduled"
    method = _by_method(res)["role-play"]
    assert (method["left_out_why"], method["verdict"]) == ("not held yet: 1", "no valid comparison yet")


# ten calls at 60 before 2026-03-10, ten at 75 after: a complete, valid comparison (delta +15) once the Log
# row names Ann Lee and the criterion as Reps and Criteria do
_SCORES = calls([60] * 10, D(2026, 2, 20), prefix="A") + calls([75] * 10, D(2026, 3, 11), prefix="B")


def test_no_valid_comparison_until_the_log_rows_are_fixed_where_a_fix_makes_one():
    for typed, why in ((dict(criterion=CRIT[:-1]), "criterion not on the Criteria sheet: 1"),
                       (dict(criterion=None), "no targeted criterion: 1"),
                       (dict(rep="Ann Leee"), "rep not on the Reps sheet: 1")):
        method = _by_method(run(_SCORES, [{**session(), **typed}]))["role-play"]
        assert (method["valid"], method["left_out_why"]) == (0, why), typed
        assert method["verdict"] == "no valid comparison until the Log rows are fixed", typed
    fixed = _by_method(run(_SCORES, [session()]))["role-play"]
    assert (fixed["valid"], fixed["mean_delta"]) == (1, 15)
