"""The windows' figures made a column at a time are those the rules give window by window.

A follow-up window's sums are its calls added in window order (domain.md, "Delta", "Check-in"), the
call types of a window counted as they come, and a pair keeps only the call columns asked for.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl.core import followup as fu
from coachlog_xl.core.stats import window_stats
from coachlog_xl.core.windows import BASELINE, FOLLOWUP, SAME_DAY, assign
from tests.test_fastpath import random_case


def test_every_figures_of_a_complete_window_worked_by_hand():
    # follow-up 70, 80, 90, 100, 60 (N 5, check-in 3, threshold 85) against a baseline of 70:
    # mean 400 / 5 = 80, check-in mean 240 / 3 = 80, delta 10, two calls (90, 100) at threshold
    got = fu.every_figures([[70.0, 80.0, 90.0, 100.0, 60.0]], [70.0], [85.0], 3, [5])
    assert got == {"followup_n": [5], "followup_mean": [80.0], "delta": [10.0], "at_threshold": [2],
                   "checkin_mean": [80.0], "improvement_emerging": [fu.YES]}


def test_every_figures_adds_a_window_in_window_order_from_its_first_call():
    # 0.1 + 0.2 = 0.30000000000000004, + 0.3 = 0.6000000000000001: added in another order (0.3 first)
    # the sum would be 0.6; the check-in is its first two calls, 0.30000000000000004 / 2
    got = fu.every_figures([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], [None, 0.1], [0.5, 0.5], 2, [3, 3])
    assert got["followup_mean"] == [0.6000000000000001 / 3, 0.6 / 3]
    assert got["checkin_mean"] == [0.30000000000000004 / 2, 0.5 / 2]
    assert got["delta"] == [None, 0.6 / 3 - 0.1]
    assert got["improvement_emerging"] == [None, fu.YES]


def test_every_figures_of_windows_short_of_the_check_in_and_empty():
    # one call of a check-in of 2: its mean but no check-in, delta or emergence; none: no mean either
    got = fu.every_figures([[90.0], []], [50.0, 50.0], [80.0, 80.0], 2, [4, 4])
    assert got == {"followup_n": [1, 0], "followup_mean": [90.0, None], "delta": [None, None],
                   "at_threshold": [1, 0], "checkin_mean": [None, None], "improvement_emerging": [None, None]}


_SCORES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.sampled_from([0.1, 0.7, 85.0, -0.0])


@settings(deadline=None)
@given(st.lists(st.tuples(st.lists(_SCORES, max_size=12), st.one_of(st.none(), _SCORES),
                          st.sampled_from([0.0, 85.0, 0.7]), st.integers(1, 12)), max_size=20),
       st.integers(1, 12))
def test_every_figures_are_the_figures_of_each_window(windows, checkin_n):
    want = [fu.figures(s, b, t, checkin_n, n) for s, b, t, n in windows]
    scores, bases, thresholds, ns = (list(c) for c in zip(*windows)) if windows else ([], [], [], [])
    got = fu.every_figures(scores, bases, thresholds, checkin_n, ns)
    for i, one in enumerate(want):
        assert {k: repr(got[k][i]) for k in one} == {k: repr(v) for k, v in one.items()}


def test_window_types_are_counted_in_order_of_first_appearance():
    # a window of one type, one of two types (outbound seen first), one with a blank type, an empty one
    members = pd.DataFrame({
        "s": [0, 0, 1, 1, 1, 2, 2],
        "role": [BASELINE] * 7,
        "pos": [1, 0, 2, 1, 0, 1, 0],
        "at": pd.to_datetime([f"2026-03-0{d}" for d in (1, 2, 1, 2, 3, 1, 2)]),
        "score": [1.0] * 7,
        "call_type": pd.Series(["inbound", "inbound", "outbound", "inbound", "outbound", None, "inbound"],
                               dtype=object),  # (as the calls hold it: a blank type None)
        "version": [""] * 7,
        "call_id": [f"C{k}" for k in range(7)],
    })
    types = window_stats(4, members)["b_types"].tolist()
    assert [list(c.items()) for c in types] == [[("inbound", 2)], [("outbound", 2), ("inbound", 1)],
                                                [(None, 1), ("inbound", 1)], []]
    assert all(type(c) is Counter for c in types)


@pytest.mark.parametrize("seed", range(20))
def test_window_types_are_counters_of_each_windows_call_types(seed):
    sessions, calls = random_case(seed)
    members = assign(sessions, calls)
    stats = window_stats(len(sessions), members)
    for prefix, role in (("b", BASELINE), ("f", FOLLOWUP)):
        mine = members[members["role"] == role]
        for s in range(len(sessions)):
            window = mine[mine["s"] == s].sort_values("pos", ascending=role == FOLLOWUP, kind="stable")
            assert list(stats.at[s, f"{prefix}_types"].items()) == list(Counter(window["call_type"]).items())


@pytest.mark.parametrize("seed", range(20))
def test_pairs_keeping_some_call_columns_are_the_pairs_with_those_columns(seed):
    sessions, calls = random_case(seed)
    keep = ["call_id", "score", "at", "evaluator"]
    whole = assign(sessions, calls)
    pd.testing.assert_frame_equal(assign(sessions, calls, keep=keep), whole[keep + ["s", "role", "pos"]],
                                  check_exact=True)
    assert set(whole["role"]) <= {BASELINE, FOLLOWUP, SAME_DAY}
    if len(whole):  # a pair's role is text as pandas holds a column of texts
        assert whole["role"].dtype == pd.Series([BASELINE]).dtype
