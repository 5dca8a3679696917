"""A Date order on Settings that cannot be read (``dd/mm``): where text dates read two ways, the baselines they could
enter wait (an error on Settings), since a baseline recorded on the default month-first reading stays for good."""

from __future__ import annotations

from tests.rules_kit import D, calls, codes, run, session

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
