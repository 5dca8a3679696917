"""The follow-up figures, status and conditions of many sessions at once (:mod:`coachlog_xl.core.verdicts`)
are those the one-session rules (:mod:`~coachlog_xl.core.followup`, :mod:`~coachlog_xl.core.comparability`)
give each session: the same values, the same floats and the same words."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl.core import comparability as cmp
from coachlog_xl.core import followup as fu
from coachlog_xl.core import verdicts as vd

_SCORE = st.one_of(st.integers(0, 100).map(float), st.floats(0, 100, allow_nan=False),
                   st.sampled_from([80.0, 79.99999999999]))
_DAY = st.integers(0, 40).map(lambda d: pd.Timestamp("2026-03-01") + pd.Timedelta(days=d))
_SESSION = st.fixed_dictionaries({
    "scores": st.lists(_SCORE, max_size=12),
    "base": st.one_of(st.none(), _SCORE, st.integers(0, 100)),
    "threshold": st.sampled_from([80, 80.0, 75.5, 0]),
    "window_n": st.integers(1, 12),
    "k": st.integers(1, 12),
    "scheduled": st.booleans(),
    "over": st.booleans(),
    "known": st.booleans(),
    "b_n": st.integers(0, 12),
    "call_type": st.sampled_from([None, "", "inbound", "Outbound"]),
    "b_types": st.dictionaries(st.sampled_from(["inbound", "Inbound ", "outbound", ""]), st.integers(1, 6), max_size=3),
    "f_types": st.dictionaries(st.sampled_from(["inbound", "outbound", "retention", ""]), st.integers(1, 6),
                               max_size=3),
    "first": st.one_of(st.none(), _DAY),
    "last": st.one_of(st.none(), _DAY),
    "versions": st.sets(st.sampled_from(["v1", "V1 ", "v2"]), max_size=2),
    "criterion": st.sampled_from(["Empathy", "Hold", "Greeting"]),
})
_EFFECTIVE = {"Empathy": [pd.Timestamp("2026-03-15")], "Hold": [pd.Timestamp("2026-03-20"), pd.NaT], "Greeting": []}


@settings(deadline=None, max_examples=300)
@given(st.lists(_SESSION, min_size=1, max_size=8), st.integers(1, 6))
def test_every_session_as_the_one_session_rules_give_it(sessions, checkin_n):
    window_n = np.array([s["window_n"] for s in sessions])
    fig = vd.figures([s["scores"] for s in sessions], [s["base"] for s in sessions],
                     np.array([s["threshold"] for s in sessions], dtype=float), checkin_n, window_n)
    later, over = np.array([s["scheduled"] for s in sessions]), np.array([s["over"] for s in sessions])
    f_n = np.array([len(s["scores"]) for s in sessions])
    status = vd.status(f_n, window_n, checkin_n, later, over)
    closed = over | (status == fu.COMPLETE)
    met = vd.threshold_met(np.array(fig["at_threshold"]), f_n, window_n, np.array([s["k"] for s in sessions]), closed)
    out = vd.Conditions(len(sessions))
    b_n = np.array([s["b_n"] for s in sessions])
    known = np.array([s["known"] for s in sessions])
    vd.same_criterion(out, known, b_n, f_n, closed, [s["call_type"] for s in sessions], later)
    vd.definition_unchanged(out, _EFFECTIVE, [s["criterion"] for s in sessions], [s["first"] for s in sessions],
                            [s["last"] for s in sessions], [s["versions"] for s in sessions], closed)
    b_types, f_types = [Counter(s["b_types"]) for s in sessions], [Counter(s["f_types"]) for s in sessions]
    vd.call_types_comparable(out, [s["call_type"] for s in sessions], b_types, f_types,
                             np.array([sum(t.values()) for t in b_types]), np.array([sum(t.values()) for t in f_types]),
                             Fraction(30), closed)
    vd.enough_calls(out, b_n, f_n, window_n, closed, later)
    gone = np.zeros(len(sessions), dtype=bool)
    gone[::2] = True
    valid, because = out.overall(gone)
    for i, s in enumerate(sessions):
        one = fu.figures(s["scores"], s["base"], s["threshold"], checkin_n, s["window_n"])
        assert [(type(fig[k][i]), fig[k][i]) for k in one] == [(type(v), v) for v in one.values()]
        st_one = fu.status(len(s["scores"]), s["window_n"], checkin_n, s["scheduled"], s["over"])
        assert status[i] == st_one
        shut = s["over"] or st_one == fu.COMPLETE
        assert met[i] == fu.threshold_met(one["at_threshold"], len(s["scores"]), s["window_n"], s["k"], shut)
        verdicts = [
            cmp.same_criterion(s["known"], s["b_n"], len(s["scores"]), shut, s["call_type"], s["scheduled"]),
            cmp.definition_unchanged(_EFFECTIVE[s["criterion"]], s["first"], s["last"], s["versions"], shut),
            cmp.call_types_comparable(s["call_type"], b_types[i], f_types[i], Fraction(30), shut),
            cmp.enough_calls(s["b_n"], len(s["scores"]), s["window_n"], shut, s["scheduled"]),
        ]
        assert [(out.values[c][i], out.reasons[c][i]) for c in range(4)] == [(v.value, v.reason) for v in verdicts]
        whole = cmp.overall(verdicts, calls_gone=bool(gone[i]))
        assert (valid[i], because[i]) == (whole.value, whole.reason or None)


def test_the_worked_example_of_domain_md():
    """domain.md's worked example: ten follow-up calls against a baseline of 64.5."""
    scores = [70.0, 75.0, 80.0, 85.0, 82.0, 88.0, 90.0, 79.0, 84.0, 86.0]
    fig = vd.figures([scores], [64.5], np.array([80.0]), 5, np.array([10]))
    assert fig["followup_n"] == [10] and fig["at_threshold"] == [7]
    assert round(fig["followup_mean"][0], 9) == 81.9 and round(fig["delta"][0], 9) == 17.4
    assert round(fig["checkin_mean"][0], 9) == 78.4 and fig["improvement_emerging"] == ["yes"]
    status = vd.status(np.array([10]), np.array([10]), 5, np.array([False]), np.array([False]))
    assert status.tolist() == ["complete"]
    assert vd.threshold_met(np.array([7]), np.array([10]), np.array([10]), np.array([7]), np.array([True])) == ["yes"]


def test_a_window_longer_than_the_grid_has_the_figures_of_the_one_session_rule():
    # 100 follow-up calls of 80.1 and 79.9 in turn (N 100, check-in 5): beside a session of 3 calls
    long = [80.1 if k % 2 == 0 else 79.9 for k in range(100)]
    fig = vd.figures([long, [90.0, 70.0, 80.0]], [70.0, None], np.array([80.0, 80.0]), 5, np.array([100, 10]))
    assert vd.GRID < 100
    assert fig["followup_n"] == [100, 3] and fig["at_threshold"] == [50, 2]
    assert fig["followup_mean"][0] == sum(long) / 100 and fig["followup_mean"][1] == 80.0
    assert fig["checkin_mean"] == [sum(long[:5]) / 5, None]
    assert fig["delta"] == [sum(long) / 100 - 70.0, None] and fig["improvement_emerging"] == ["yes", None]


def test_a_session_without_follow_up_calls_has_no_figures():
    fig = vd.figures([[], [50.0]], [None, 60.0], np.array([80.0, 80.0]), 5, np.array([10, 10]))
    assert fig == {"followup_n": [0, 1], "followup_mean": [None, 50.0], "delta": [None, None], "at_threshold": [0, 0],
                   "checkin_mean": [None, None], "improvement_emerging": [None, None]}


_FLOAT = st.one_of(st.none(), st.just(float("nan")), st.floats(-30, 30, allow_nan=False),
                   st.sampled_from([0.0, -0.04, 15.25]))
_ROW = st.fixed_dictionaries({
    "status": st.sampled_from([fu.SCHEDULED, fu.COMPLETE, fu.EXPIRED, fu.AWAITING, fu.IN_PROGRESS, fu.CHECKIN_DUE]),
    "followup_n": st.integers(0, 10), "window_n": st.integers(1, 10),
    "valid": st.sampled_from([fu.YES, fu.NO, None]),
    "invalid_because": st.sampled_from([None, float("nan"), "only 3 baseline calls (10 needed)"]),
    "at_threshold": st.integers(0, 10), "threshold": st.sampled_from([80, 80.0, 72.5]),
    "delta": _FLOAT, "change": st.sampled_from([None, "", "improved", "within noise"]),
    "threshold_met": st.sampled_from([fu.YES, fu.NO, None]), "did": _FLOAT,
    "did_change": st.sampled_from([None, "improved", float("nan")]), "rtm_gain": _FLOAT,
    "rtm_flag": st.sampled_from([fu.YES, fu.NO, None]),
    "held": st.sampled_from([None, "", "baseline", "formula"]),
})


@settings(deadline=None, max_examples=300)
@given(st.lists(_ROW, min_size=1, max_size=8), st.lists(st.lists(st.sampled_from(["S-1", "S-2"]), max_size=3),
                                                      min_size=8, max_size=8), st.integers(0, 3))
def test_the_decisions_of_all_sessions_are_those_suggested_one_at_a_time(rows, history, escalate_after):
    import datetime as dt

    from coachlog_xl.core.decisions import suggest, suggest_all
    from coachlog_xl.core.frames import records

    # the Follow-up table's text columns hold None for a blank (its held column is None or a reason)
    table = pd.DataFrame({k: pd.Series([r[k] for r in rows], dtype=object) for k in rows[0]})
    as_of = dt.date(2026, 11, 24)
    decisions, reasons = suggest_all(table, history, escalate_after, as_of)

    want = [suggest(r, h, escalate_after, as_of) for r, h in zip(records(table), history)]
    assert list(zip(decisions, reasons)) == want
