"""The windows' figures made for all windows at once are those of each window: a window's call types
counted in the order they come, and a pair keeping only the call columns asked for."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from coachlog_xl.core.stats import window_stats
from coachlog_xl.core.windows import BASELINE, FOLLOWUP, SAME_DAY, assign
from tests.test_fastpath import random_case


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
