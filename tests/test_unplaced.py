"""Scores rows that could not be counted, and the windows they may belong in (baseline.Unplaced)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from coachlog_xl.core import baseline
from coachlog_xl.core.baseline import Unplaced

SESSION = {"rep": "Dana", "criterion": "Greeting", "day": pd.Timestamp("2025-03-10"), "timed": False, "window_n": 10}


def test_no_row_left_uncounted_holds_no_window_and_reads_no_session(monkeypatch):
    # a clean paste leaves no such row: each of 10,000 sessions is then answered at once (its dates
    # were converted for nothing, 55 ms at 10,000 sessions)
    def no_timestamp(*_args, **_kwargs):
        raise AssertionError("a date converted")

    monkeypatch.setattr(baseline.pd, "Timestamp", no_timestamp)
    empty = Unplaced([])
    assert empty.in_baseline({}, pd.NaT, 0) is False and empty.in_followup({}, None, 0, pd.NaT) is False


@pytest.mark.parametrize("day, baseline_side, followup_side", [
    (None, True, True),  # no readable day: it may be anywhere
    (dt.date(2025, 3, 5), True, False),  # among the last 10 calls before the session (the first on 3/1)
    (dt.date(2025, 2, 20), False, False),  # before the full baseline's first call
    (dt.date(2025, 3, 10), False, False),  # the session's own day, which a date-only session leaves out
    (dt.date(2025, 3, 15), False, True),  # within the follow-up window (its 10th call on 3/20)
])
def test_a_row_left_uncounted_holds_the_window_its_day_may_fall_in(day, baseline_side, followup_side):
    rows = Unplaced([("Dana", "Greeting", day), ("Lee", "Greeting", None)])
    first, last = pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-20")
    assert rows.in_baseline(SESSION, first, 10) is baseline_side
    assert rows.in_followup(SESSION, last, 10, pd.Timestamp("2025-04-09")) is followup_side
