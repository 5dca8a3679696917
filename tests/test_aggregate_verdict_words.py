"""Aggregate's Verdict says what it rests on: the sessions it counts where they are fewer than the group's
valid comparisons, and that a group has no valid comparison (docs/rules.md, "Aggregates" and "Evidence")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coachlog_xl.core.aggregate import aggregate
from tests.rules_kit import D, calls, run, session


def _valid(sid: str, rep: str, delta: float, low: float, high: float, did=None, did_low=None, did_high=None,
           rtm=None, rtm_low=None, rtm_high=None) -> dict:
    """A complete, valid Follow-up row of a role-play session on 2026-03-10, with its delta's interval and,
    where it has a comparison group, its delta vs comparison's."""
    return {"session_id": sid, "rep": rep, "method": "role-play", "criterion": "Greeting", "supervisor": "Kim Wu",
            "session_at": dt.datetime(2026, 3, 10), "status": "complete", "valid": "yes", "threshold_met": "no",
            "suggested": "continue", "delta": delta, "delta_low": low, "delta_high": high, "did": did,
            "did_low": did_low, "did_high": did_high, "comparison_change": None if did is None else delta - did,
            "rtm_corrected": rtm, "rtm_low": rtm_low, "rtm_high": rtm_high}


def _groups(agg: pd.DataFrame, dimension: str) -> dict[str, dict]:
    return {r["group"]: r for r in agg[agg["dimension"] == dimension].to_dict("records")}


def test_a_verdict_resting_on_some_of_a_group_s_sessions_says_how_many():
    # Ann: delta +2 (-1 .. +5), delta vs comparison -6 (-9 .. -3): declined against her comparison group;
    # Bo: delta +10 (+7 .. +13), no comparison group.  The method's verdict goes by the comparison, which
    # only Ann's session has: 1 of the group's 2 valid comparisons
    agg = aggregate(pd.DataFrame([_valid("S-1", "Ann Lee", 2.0, -1.0, 5.0, -6.0, -9.0, -3.0),
                                  _valid("S-2", "Bo Park", 10.0, 7.0, 13.0)]))
    method = _groups(agg, "Coaching method")["role-play"]
    assert (method["valid"], method["compared"]) == (2, 1)
    # the suffix names what the 1 counts: sessions with a comparison group, not sessions that declined
    assert method["verdict"] == "declined against the comparison group (on the 1 of 2 sessions with a comparison group)"
    # each rep's verdict rests on all of that rep's one session: no count
    reps = _groups(agg, "Rep")
    assert reps["Ann Lee"]["verdict"] == "declined against the comparison group"
    assert reps["Bo Park"]["verdict"] == "improved"


def test_a_verdict_resting_on_the_expected_rtm_gain_of_some_sessions_names_them_as_those_with_one():
    # no comparison group anywhere; Ann: delta +2, minus her expected RTM gain -6 (-9 .. -3); Bo: delta +3, minus
    # his -6 (-8 .. -4); Cy: delta +10, no expected gain.  All three deltas are above 0; the verdict goes by the
    # delta minus RTM gain, mean -6 (no spread; the sessions' own errors give about -6 +- 3, below 0): declined,
    # over the 2 of the 3 valid comparisons that have an expected gain, not 2 sessions that declined
    agg = aggregate(pd.DataFrame([_valid("S-1", "Ann Lee", 2.0, -1.0, 5.0, rtm=-6.0, rtm_low=-9.0, rtm_high=-3.0),
                                  _valid("S-2", "Bo Park", 3.0, 0.0, 6.0, rtm=-6.0, rtm_low=-8.0, rtm_high=-4.0),
                                  _valid("S-3", "Cy Ray", 10.0, 7.0, 13.0)]))
    method = _groups(agg, "Coaching method")["role-play"]
    assert (method["valid"], method["share_improved"]) == (3, 1.0)
    assert method["verdict"] == "declined (on the 2 of 3 sessions with an expected RTM gain)"


def test_a_verdict_resting_on_every_valid_session_says_no_count():
    # both sessions have a comparison group, each with a delta vs comparison of -6: their mean -6, no spread,
    # the interval -6 .. -6 below 0; the verdict rests on both valid comparisons, so it says no count
    agg = aggregate(pd.DataFrame([_valid("S-1", "Ann Lee", 2.0, -1.0, 5.0, -6.0, -9.0, -3.0),
                                  _valid("S-2", "Bo Park", 3.0, 0.5, 5.5, -6.0, -8.0, -4.0)]))
    assert _groups(agg, "Coaching method")["role-play"]["verdict"] == "declined against the comparison group"


def test_a_group_without_a_valid_comparison_says_so_in_its_verdict_and_leaves_its_figures_blank():
    # S-1: ten calls before 2026-03-10, none in the 30 days after: expired on 2026-04-09, not valid.
    # S-2 (Bo, 2026-05-20): three follow-up calls by 2026-06-01: in progress, not valid yet
    scores = (calls([60] * 10, D(2026, 2, 20), prefix="A")
              + calls([60] * 10, D(2026, 5, 1), prefix="B", rep="Bo Park")
              + calls([70] * 3, D(2026, 5, 21), prefix="F", rep="Bo Park"))
    agg = run(scores, [session("S-1"), {**session("S-2", D(2026, 5, 20)), "rep": "Bo Park"}]).aggregate
    reps = _groups(agg, "Rep")
    ann, bo = reps["Ann Lee"], reps["Bo Park"]
    assert (ann["valid"], ann["left_out"]) == (0, 1)
    assert ann["verdict"] == "no valid comparison"  # finished: it never will have one
    assert bo["verdict"] == "no valid comparison yet"  # still open
    assert _groups(agg, "Coaching method")["role-play"]["verdict"] == "no valid comparison yet"
    for key in ("mean_delta", "median_delta", "share_improved", "share_threshold", "delta_margin"):
        assert pd.isna(ann[key]) and pd.isna(bo[key]), key
