"""A paste whose text dates show no order (every day up to the 12th), read in the Settings Date order, that so spreads
over months while read in the other order it falls within a few weeks (a French week of 1-7 December read month-first
is 12 January to 12 July): its order cannot stand, whatever the as-of date, so the baselines its rows could enter wait
(``date-order-doubted``) instead of being recorded for good on the wrong days."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core import orderspread
from tests.rules_kit import D, calls, codes, run, session

SESSION = D(2026, 12, 3)


def french_week():
    # 1..7 December at 10:00, written day-first: 2 calls scoring 70.5 before the session of 3 December (date only),
    # then 90.5 (3 December: the session's day, in neither window)
    rows = calls([70.5, 70.5, 90.5, 90.5, 90.5, 90.5, 90.5], D(2026, 12, 1))
    for r in rows:
        r["call_at"] = r["call_at"].strftime("%d/%m/%Y %H:%M")
    return rows


@pytest.mark.parametrize("as_of", [D(2026, 12, 8), D(2026, 12, 31)])
def test_a_week_read_month_first_over_half_a_year_holds_the_baseline(as_of):
    # month-first: 01/12 .. 07/12 are 12 January .. 12 July (182 days apart, none after either as-of date); day-first
    # 1..7 December (7 days). Recorded, the baseline would be the calls read before 3 December: all seven, for good
    r = run(french_week(), [session(day=SESSION)], as_of=as_of)
    assert r.log_updates.empty
    err = r.checks[r.checks["code"] == "date-order-doubted"]
    assert list(err["severity"]) == ["error"] and list(err["value"]) == ["01/12/2026 10:00"]
    assert "2026-01-12 to 2026-07-12" in err["problem"].iloc[0] and "2026-12-01 to 2026-12-07" in err["problem"].iloc[0]
    assert "pick day-first in Date order on Settings" in err["fix"].iloc[0]
    held = r.checks[r.checks["code"] == "baseline-not-recorded"]
    assert list(held["row"]) == [2]


def test_with_date_order_day_first_the_week_is_read_and_recorded():
    # day-first: 1, 2 December before the session: (70.5 + 70.5) / 2 = 70.5 over 2
    r = run(french_week(), [session(day=SESSION)], as_of=D(2026, 12, 8), settings={"date_order": "day-first"})
    assert list(r.log_updates["baseline_n"]) == [2] and list(r.log_updates["baseline_mean"]) == [70.5]
    assert "date-order-doubted" not in codes(r)


def test_dates_spread_either_way_cast_no_doubt():
    # 01/03, 02/05, 03/07, 04/09, 05/11: month-first 3 January .. 11 May, day-first 1 March .. 5 November: both spread
    # over months, so nothing tells the order wrong: read month-first, all five are before 3 December: n 5
    rows = calls([80] * 5, D(2026, 1, 3))
    for r, text in zip(rows, ["01/03/2026", "02/05/2026", "03/07/2026", "04/09/2026", "05/11/2026"]):
        r["call_at"] = text
    r = run(rows, [session(day=SESSION)], as_of=D(2026, 12, 8))
    assert "date-order-doubted" not in codes(r)
    assert list(r.log_updates["baseline_n"]) == [5]


def test_the_spread_is_found_a_column_at_a_time():
    # 200,000 rows of one paste written 03/01/2026 .. 03/12/2026, read month-first as 3 January .. 3 December; the
    # other way 1 .. 12 March (12 days): found with whole columns, well under the 2 s a row at a time would take
    n = 200_000
    day = np.arange(n) % 12 + 1
    at = pd.to_datetime(pd.DataFrame({"year": 2026, "month": day, "day": 3}))
    out = pd.DataFrame({"paste": np.zeros(n, dtype=np.int64), "at": at, "exclude": [""] * n})
    col = pd.Series([f"03/{d:02d}/2026" for d in day.tolist()], dtype=object)
    start = time.perf_counter()
    found = orderspread.spread_pastes(col, out, [0])
    took = time.perf_counter() - start
    assert list(found) == [0] and took < 2
