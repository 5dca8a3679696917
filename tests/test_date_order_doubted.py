"""A paste whose text dates show no order (every day up to the 12th), read in the Settings Date order, that so puts
calls after the as-of date while read in the other order none would be: its order cannot stand, so the baselines its
rows could enter wait (``date-order-doubted``, an error naming the sheet, the column and the fix) instead of being
recorded for good on the wrong days."""

from __future__ import annotations

from tests.rules_kit import D, calls, codes, run, session

AS_OF = D(2026, 12, 5)
SESSION = D(2026, 11, 20)
SCORES = [50, 60, 62, 64, 66, 68, 70, 72, 74, 76, 90]


def written_day_first(rows):
    # as a day-first export writes them, dashed: 02-11-2026 is 2 November
    for r in rows:
        r["call_at"] = r["call_at"].strftime("%d-%m-%Y")
    return rows


def scores(extra=()):
    # eleven calls 2-12 November, date only, one a day
    return written_day_first(calls(SCORES, D(2026, 11, 2), hour=None) + list(extra))


def said(result, code):
    return result.checks[result.checks["code"] == code]


def test_dates_read_month_first_after_the_as_of_date_that_day_first_are_not_hold_the_baseline():
    # month-first, 02-11-2026 ... 12-11-2026 are 11 February ... 11 November and 11 December: 11 December is after the
    # as-of date of 5 December; day-first none is (2-12 November). Recorded now, the baseline would be the ten calls
    # read before 20 November, 50..76: 662 / 10 = 66.2, for good. Nothing is recorded
    r = run(scores(), [session(day=SESSION)], as_of=AS_OF)
    assert r.log_updates.empty
    err = said(r, "date-order-doubted")
    assert list(err["severity"]) == ["error"] and list(err["sheet"]) == ["Scores"]
    assert list(err["value"]) == ["12-11-2026"]  # (its first such row: 11 December month-first)
    assert "read month-first" in err["problem"].iloc[0] and "day-first, none would be" in err["problem"].iloc[0]
    assert "pick day-first in Date order on Settings" in err["fix"].iloc[0]
    assert "(dd/mm/yyyy)" in err["fix"].iloc[0]  # (its order written in the header)
    held = said(r, "baseline-not-recorded")
    assert list(held["row"]) == [2] and "date-order-doubted" in held["problem"].iloc[0]


def test_with_date_order_day_first_the_baseline_is_recorded():
    # day-first: 2-12 November, eleven calls before 20 November, the last ten 60..90: (612 + 90) / 10 = 70.2
    r = run(scores(), [session(day=SESSION)], as_of=AS_OF, settings={"date_order": "day-first"})
    assert list(r.log_updates["baseline_n"]) == [10] and list(r.log_updates["baseline_mean"]) == [70.2]
    assert "date-order-doubted" not in codes(r)


def test_a_call_after_the_as_of_date_either_way_casts_no_doubt():
    # 12-12-2026 is 12 December either way: the paste has a call after the as-of date in both orders, so its order is
    # not doubted and the month-first baseline is recorded as before: 662 / 10 = 66.2
    later = calls([80], D(2026, 12, 12), prefix="L", hour=None)
    r = run(scores(later), [session(day=SESSION)], as_of=AS_OF)
    assert list(r.log_updates["baseline_n"]) == [10] and list(r.log_updates["baseline_mean"]) == [66.2]
    assert "date-order-doubted" not in codes(r)


def test_no_call_after_the_as_of_date_casts_no_doubt():
    # as of 15 December no call is after it either way: month-first, as Settings says, 66.2 as before (01-09-2026, 9
    # January month-first and 1 September day-first, the eleventh call back either way, spreads the paste over months
    # in either order: test_date_order_spread)
    early = calls([40], D(2026, 9, 1), prefix="E", hour=None)
    r = run(scores(early), [session(day=SESSION)], as_of=D(2026, 12, 15))
    assert list(r.log_updates["baseline_n"]) == [10] and list(r.log_updates["baseline_mean"]) == [66.2]
    assert "date-order-doubted" not in codes(r)


