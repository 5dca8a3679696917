"""A Date order on Settings that cannot be read (``dd/mm``): where text dates read two ways, the baselines they could
enter wait (an error on Settings), since a baseline recorded on the default month-first reading stays for good."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import schema
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, calls, codes, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]


def as_text(rows):
    # written day-first as an export would (01/03/2026 is 1 March): each day is up to the 12th, so every one of them
    # reads two ways and none proves the order
    for r in rows:
        r["call_at"] = r["call_at"].strftime("%d/%m/%Y")
    return rows


def scores():
    # ten calls 1-10 March, date only, then two on 11 and 12 March (after the session of 10 March)
    return as_text(calls(BEFORE, D(2026, 3, 1), hour=None) + calls([80, 80], D(2026, 3, 11), prefix="F", hour=None))


def said(result, code):
    return result.checks[result.checks["code"] == code]


def test_an_unreadable_date_order_holds_the_baselines_text_dates_reading_two_ways_could_enter():
    # read month-first (the default), 01/03/2026 ... 10/03/2026 are 3 January ... 3 October: the calls read as 3
    # January, 3 February and 3 March (60, 62, 64: the ten calls' first three days, 01/02/03) come before the
    # session of 10 March, so a baseline of 3 calls, mean (60 + 62 + 64) / 3 = 62, would be recorded for good
    # (the 9 calls of 1-9 March, day-first, mean 555 / 9 = 61.67, are the ones meant). Nothing is recorded now
    bad = run(scores(), [session()], settings={"date_order": "dd/mm"})
    assert bad.log_updates.empty
    err = said(bad, "date-order-unreadable")
    assert list(err["severity"]) == ["error"] and list(err["sheet"]) == ["Settings"]
    assert list(err["field"]) == ["Date order"] and "bad-setting" not in codes(bad)
    held = said(bad, "baseline-not-recorded")
    assert list(held["row"]) == [2] and "Date order" in held["fix"].iloc[0]
    # Date order picked: the next refresh records the 9 calls of 1-9 March (10 March is the date-only session's
    # own day, in neither window): 60+62+64+66+68+70+58+62+66 = 576 / 9 = 64.0
    good = run(scores(), [session()], settings={"date_order": "day-first"})
    assert list(good.log_updates["baseline_n"]) == [9] and list(good.log_updates["baseline_mean"]) == [64.0]
    assert "date-order-unreadable" not in codes(good)


def test_with_no_text_date_reading_two_ways_an_unreadable_date_order_stays_a_warning():
    # date cells read one way whatever the setting: the ten calls 1-10 March give the 9 before the date-only session
    # of 10 March, 576 / 9 = 64.0, recorded as before
    cells = calls(BEFORE, D(2026, 3, 1), hour=None) + calls([80, 80], D(2026, 3, 11), prefix="F", hour=None)
    r = run(cells, [session()], settings={"date_order": "dd/mm"})
    assert list(r.log_updates["baseline_n"]) == [9] and list(r.log_updates["baseline_mean"]) == [64.0]
    assert list(said(r, "bad-setting")["severity"]) == ["warning"] and "date-order-unreadable" not in codes(r)


def test_a_session_date_typed_as_text_reading_two_ways_waits_for_the_date_order():
    # Session date "03/04/2026" as text: 4 March month-first (the default), 3 April day-first; the calls are date cells
    # (1-10 March, 11-12 March), so only the session's own day is in doubt: 3 calls before 4 March, or 10 of 12 before
    # 3 April
    cells = calls(BEFORE, D(2026, 3, 1), hour=None) + calls([80, 80], D(2026, 3, 11), prefix="F", hour=None)
    r = run(cells, [session(day="03/04/2026")], settings={"date_order": "dd/mm"})
    assert r.log_updates.empty and "date-order-unreadable" in codes(r)
    assert "Session date" in said(r, "baseline-not-recorded")["problem"].iloc[0]


def test_a_paste_proving_its_order_holds_nothing():
    # a 13/03/2026 among the texts proves day-first: the paste is read day-first whatever the setting, so nothing
    # waits and the setting stays a warning
    rows = scores() + as_text(calls([70], D(2026, 3, 13), prefix="P", hour=None))
    r = run(rows, [session()], settings={"date_order": "dd/mm"})
    assert list(r.log_updates["baseline_n"]) == [9] and "date-order-unreadable" not in codes(r)


def ten_before():
    # ten calls 28 February - 9 March, one a day, before the date-only session of 10 March: a full baseline window
    # (N = 10), its first day 28 February; their scores 60 ... 69 sum to 645, mean 64.5
    return calls(BEFORE, D(2026, 2, 28), hour=None)


def test_a_text_date_whose_other_reading_alone_is_in_the_baseline_window_holds_the_baseline():
    # "08/03/2026" is 3 August month-first (the default: after the session, in no baseline) and 8 March day-first,
    # inside the window of 28 February - 9 March: only the other reading puts it in the baseline, so it waits
    rows = ten_before() + [{**calls([90], D(2026, 3, 8), prefix="T", hour=None)[0], "call_at": "08/03/2026"}]
    bad = run(rows, [session()], settings={"date_order": "dd/mm"})
    assert bad.log_updates.empty and "date-order-unreadable" in codes(bad)
    assert list(said(bad, "baseline-not-recorded")["row"]) == [2]
    # day-first picked: 8 March is in, and the last 10 calls before the session are 1-9 March with it, 28 February
    # (60) dropped: (645 - 60 + 90) / 10 = 67.5
    good = run(rows, [session()], settings={"date_order": "day-first"})
    assert list(good.log_updates["baseline_n"]) == [10] and list(good.log_updates["baseline_mean"]) == [67.5]


def run_utc(rows, settings, as_of=AS_OF):
    """A refresh of Scores whose call date header names UTC (``Call date (UTC)``): its times are converted into the
    Settings Time zone."""
    header = "Call date (UTC)"
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], reps=[{"rep": REP}],
                                    log=[session()], settings=settings)
    inputs.scores = [RawTable.from_records(
        schema.SCORES, [{(header if k == "call_at" else k): v for k, v in r.items()} for r in rows],
        [header if h == "Call date" else h for h in schema.SCORES.headers])]
    return compute(inputs, as_of=as_of)


def utc_before():
    # the ten calls at 10:00 UTC, 19:00 in Tokyo the same day: 28 February - 9 March, 645 / 10 = 64.5
    return [{**r, "call_at": dt.datetime.combine(r["call_at"], dt.time(10))} for r in ten_before()]


def test_the_other_reading_of_a_text_date_is_read_from_its_text_then_converted_into_the_time_zone():
    # "05/03/2026 23:00" UTC, Time zone Asia/Tokyo (UTC+9): month-first 3 May 23:00 UTC = 4 May 08:00 in Tokyo, after
    # the session; day-first 5 March 23:00 UTC = 6 March 08:00 in Tokyo, inside the window of 28 February - 9 March:
    # it waits. (4 May with its day and month swapped, 5 April, is outside the window: a baseline of 64.5, n 10,
    # recorded for good)
    text = {**calls([90], D(2026, 3, 5), prefix="T")[0], "call_at": "05/03/2026 23:00"}
    bad = run_utc(utc_before() + [text], {"date_order": "dd/mm", "time_zone": "Asia/Tokyo"})
    assert bad.log_updates.empty and "date-order-unreadable" in codes(bad)
    assert list(said(bad, "baseline-not-recorded")["row"]) == [2]
    # day-first picked: 6 March is in, 28 February (60) out: (645 - 60 + 90) / 10 = 67.5
    good = run_utc(utc_before() + [text], {"date_order": "day-first", "time_zone": "Asia/Tokyo"})
    assert list(good.log_updates["baseline_n"]) == [10] and list(good.log_updates["baseline_mean"]) == [67.5]


def test_a_text_date_converted_into_a_day_above_12_is_read_the_other_way_from_its_text():
    # "04/12/2026 23:00" UTC in Tokyo: month-first 12 April 23:00 UTC = 13 April 08:00, whose day and month swapped
    # are no date (month 13); day-first 4 December 23:00 UTC = 5 December 08:00. Both after the session of 10 March:
    # the baseline is the ten calls, 64.5, n 10, recorded
    text = {**calls([90], D(2026, 4, 12), prefix="T")[0], "call_at": "04/12/2026 23:00"}
    r = run_utc(utc_before() + [text], {"date_order": "dd/mm", "time_zone": "Asia/Tokyo"}, as_of=D(2026, 12, 31))
    assert list(r.log_updates["baseline_n"]) == [10] and list(r.log_updates["baseline_mean"]) == [64.5]
    assert "baseline-not-recorded" not in codes(r)
