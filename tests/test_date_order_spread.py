"""A paste whose text dates show no order (every day up to the 12th), read in the Settings Date order, that so spreads
over months while read in the other order it falls within a few weeks (a French week of 1-7 December read month-first
is 12 January to 12 July): its order cannot stand, whatever the as-of date, so the baselines its rows could enter wait
(``date-order-doubted``) instead of being recorded for good on the wrong days."""

from __future__ import annotations

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


def test_a_week_written_in_utc_and_converted_to_tokyo_is_doubted_by_its_written_days():
    # 01/12 .. 07/12 at 20:00 +00:00, Time zone Asia/Tokyo (+9): read month-first, 07/12 is 12 July 20:00 UTC = 13 July
    # 05:00 in Tokyo, a day above 12 once converted; written, day and month are 7 and 12 both up to 12, so the paste
    # still reads two ways: month-first 12 January .. 12 July, day-first 1 .. 7 December (Tokyo: 2 .. 8 December)
    rows = french_week()
    for i, r in enumerate(rows):
        r["call_at"] = f"{i + 1:02d}/12/2026 20:00 +00:00"
    r = run(rows, [session(day=SESSION)], as_of=D(2026, 12, 31), settings={"time_zone": "Asia/Tokyo"})
    assert r.log_updates.empty
    err = r.checks[r.checks["code"] == "date-order-doubted"]
    assert list(err["value"]) == ["01/12/2026 20:00 +00:00"]
    assert "2026-01-12 to 2026-07-12" in err["problem"].iloc[0] and "2026-12-01 to 2026-12-07" in err["problem"].iloc[0]
    assert list(r.checks[r.checks["code"] == "baseline-not-recorded"]["row"]) == [2]


def test_a_day_above_12_once_converted_but_not_written_leaves_the_paste_doubted_column_wise():
    # the same week straight through spread_pastes: moments as converted (7 December 20:00 UTC read month-first is
    # 13 July in Tokyo, day 13), texts as written: (first, last) read 12 January, 12 July; swapped 1, 7 December
    texts = [f"{d:02d}/12/2026 20:00 +00:00" for d in range(1, 8)]
    at = pd.to_datetime([f"2026-{d:02d}-12 20:00" for d in range(1, 8)]) + pd.Timedelta(hours=9)
    out = pd.DataFrame({"paste": np.zeros(7, dtype=np.int64), "at": at, "exclude": [""] * 7})
    found = orderspread.spread_pastes(pd.Series(texts, dtype=object), out, [0], "month-first")
    assert found == {0: (D(2026, 1, 12), D(2026, 7, 12), D(2026, 12, 1), D(2026, 12, 7))}


@pytest.mark.parametrize("texts", [["03/01/2026 10:00", "06/01/2026 10:00", "09/01/2026 10:00"],
                                   ["03/02/2026 10:00", "06/02/2026 11:00"]])
def test_a_paste_of_fewer_than_five_dates_is_read_in_the_settings_order(texts):
    # month-first 1 March, 1 June, 1 September (or 2 March, 2 June): spread over months, day-first within days (3, 6,
    # 9 January), but three or two dates are too few to doubt an order by: read month-first, all before the session of
    # 20 November: n = the number of calls, mean 80
    rows = calls([80] * len(texts), D(2026, 1, 1))
    for r, text in zip(rows, texts):
        r["call_at"] = text
    r = run(rows, [session(day=D(2026, 11, 20))], as_of=D(2026, 12, 31))
    assert "date-order-doubted" not in codes(r)
    assert list(r.log_updates["baseline_n"]) == [len(texts)] and list(r.log_updates["baseline_mean"]) == [80]


def test_the_first_of_eleven_months_is_doubted_and_the_problem_names_a_monthly_sample():
    # 01/01 .. 11/01 month-first: 1 January .. 1 November (305 days); day-first 1 .. 11 January (11 days): 11 dates,
    # doubted; the problem says such a paste may be the same day of several months, the fix how to say so
    rows = calls([80] * 11, D(2026, 1, 1))
    for r, m in zip(rows, range(1, 12)):
        r["call_at"] = f"{m:02d}/01/2026 10:00"
    r = run(rows, [session(day=D(2026, 11, 20))], as_of=D(2026, 12, 31))
    err = r.checks[r.checks["code"] == "date-order-doubted"]
    assert "same days of several months" in err["problem"].iloc[0]
    assert '"Call date (mm/dd/yyyy)"' in err["fix"].iloc[0]


def test_the_spread_error_names_the_first_row_it_counted_not_one_left_out():
    # row 2 (05/05/2026) has an Exclude reason: the spread is of rows 3..9 (01/12 .. 07/12), and so is the row named
    rows = french_week()
    rows.insert(0, {**rows[0], "call_id": "X0", "call_at": "05/05/2026 10:00", "exclude": "duplicate grading"})
    r = run(rows, [session(day=SESSION)], as_of=D(2026, 12, 31))
    err = r.checks[r.checks["code"] == "date-order-doubted"]
    assert list(err["row"]) == [3] and list(err["value"]) == ["01/12/2026 10:00"]
