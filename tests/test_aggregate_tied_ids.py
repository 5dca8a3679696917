"""The Aggregate's per-session rows rank only the ids of a rep's sessions that share a day
(:func:`coachlog_xl.core.aggregate_columns._by_id`): the order is the one sorting every row by rep, day
and its id's rank among all the ids gives (equal ids in the rows' order)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl.core.aggregate_columns import _by_id
from coachlog_xl.core.ids import id_rank

_ID = st.one_of(st.sampled_from(["S2", "S10", "S02", "s2", "S-1", "", "T1", "10", "9"]), st.none(),
                st.text(alphabet="S0129a-", max_size=4))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ana", "Ben"]), st.integers(0, 2), _ID), max_size=30))
def test_only_tied_ids_ranked_give_the_order_of_ranking_all_ids(sessions):
    rep = [s[0] for s in sessions]
    day = [s[1] for s in sessions]
    sid = [s[2] for s in sessions]
    rank = id_rank(pd.Series(sid, dtype=object)).tolist()
    want = sorted(range(len(sessions)), key=lambda i: (rep[i], day[i], rank[i]))
    rows = sorted(range(len(sessions)), key=lambda i: (rep[i], day[i]))
    assert _by_id(rows, [(rep[i], day[i]) for i in rows], sid) == want
