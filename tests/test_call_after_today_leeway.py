"""A call of the day after today is taken for real (docs/rules.md, "Baseline recorded once"): an evening call in New
York exported in UTC is dated the next day, and where Settings names a time zone ahead of the machine's, a call made
there this morning is dated after the machine's today.  Only calls after the day after today (in Settings' Time zone
when one is named) are ``call-after-today``; a call of tomorrow is after the as-of date: the ``after-as-of`` info."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import schema
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from coachlog_xl.workbook import done
from tests.test_date_order_unread import CRIT, REP, calls, session, utc_before
from tests.wbkit import ACK, one_rep_book, records, run

TODAY = dt.date(2026, 11, 24)
BASE10 = [60, 62, 64, 66, 68, 70, 72, 74, 76, 78]  # 11-13 .. 11-22 at 10:00: 690 / 10 = 69.0


def _grey(path) -> tuple:
    [row] = records(path, "Log")
    return row["Baseline mean"], row["Baseline n"], row["Baseline recorded on"]


def _codes(path) -> list[str]:
    return [c["Code"] for c in records(path, "Checks")]


def _book(path, late: dt.datetime, zone: str | None = None) -> None:
    """Bo Park's ten calls of BASE10, S-1 on 2026-11-24 at 09:00 (timed), and C99 (90) at ``late``."""
    rows = [(dt.date(2026, 11, 13 + i), s) for i, s in enumerate(BASE10)]
    wb = one_rep_book(path, rows, [{"Session ID": "S-1", "Session date": dt.datetime(2026, 11, 24),
                                    "Session time": dt.time(9, 0)}])
    wb["Scores"].append(["C99", "Bo Park", late, ACK, 90])
    if zone:
        next(r for r in wb["Settings"].iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = zone
    wb.save(path)


def test_a_call_dated_tomorrow_by_a_utc_export_records_the_baseline(tmp_path, monkeypatch):
    # an evening call of 11-24 in New York exported in UTC: 2026-11-25 01:30. As of 11-24 (today) it is after the
    # as-of moment: left out (after-as-of); S-1's moment (11-24 09:00) has passed: the ten calls before it, 69.0
    book = tmp_path / "team.xlsx"
    _book(book, dt.datetime(2026, 11, 25, 1, 30))
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", book, "-q").exit_code == 0
    assert "call-after-today" not in _codes(book) and "after-as-of" in _codes(book)
    assert _grey(book) == (69.0, 10, dt.datetime(2026, 11, 24))
    # a day later, 11-26 01:30, is after the day after today (11-25): no call can be so dated yet
    later = tmp_path / "later.xlsx"
    _book(later, dt.datetime(2026, 11, 26, 1, 30))
    assert run("refresh", later, "-q").exit_code == 0
    assert "call-after-today" in _codes(later) and "baseline-not-recorded" in _codes(later)
    assert _grey(later) == (None, None, None)


def test_today_is_taken_in_the_settings_time_zone(tmp_path, monkeypatch):
    # the machine's day is 11-24; in Tokyo it is 2026-11-25 06:00 already. C99, a Tokyo call of 11-26 10:00, is of
    # the day after Tokyo's today (11-25 + 1 = 11-26): taken for real, though two days after the machine's today
    book = tmp_path / "team.xlsx"
    _book(book, dt.datetime(2026, 11, 26, 10), zone="Asia/Tokyo")
    monkeypatch.setattr(done, "today", lambda: TODAY)
    monkeypatch.setattr(done, "now", lambda zone: dt.datetime(2026, 11, 25, 6, tzinfo=zone))
    assert run("refresh", book, "-q").exit_code == 0
    assert "call-after-today" not in _codes(book) and "after-as-of" in _codes(book)
    assert _grey(book) == (69.0, 10, dt.datetime(2026, 11, 24))  # (as of the machine's day, as before)


def test_a_call_made_this_morning_in_tokyo_is_no_call_after_today():
    # machine (UTC) on 2026-03-10 at 21:00; in Tokyo (UTC+9) 11 March 06:00. The ten calls 28 Feb - 9 Mar at 10:00 UTC
    # average 64.5 (test_date_order_unread); T0, 2026-03-10 20:30 UTC, is 11 March 05:30 in Tokyo: made already. As of
    # 10 March it is after the as-of moment; the session of 10 March (date only) has passed: 64.5 over 10 recorded
    header = "Call date (UTC)"
    late = {**calls([90], dt.date(2026, 3, 10), prefix="T")[0], "call_at": dt.datetime(2026, 3, 10, 20, 30)}
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": dt.date(2025, 1, 1)}], reps=[{"rep": REP}],
                                    log=[session()], settings={"time_zone": "Asia/Tokyo"})
    inputs.scores = [RawTable.from_records(
        schema.SCORES, [{(header if k == "call_at" else k): v for k, v in r.items()} for r in utc_before() + [late]],
        [header if h == "Call date" else h for h in schema.SCORES.headers])]
    r = compute(inputs, today=dt.date(2026, 3, 10))
    assert "call-after-today" not in set(r.checks["code"]) and "after-as-of" in set(r.checks["code"])
    assert list(r.log_updates["baseline_n"]) == [10] and list(r.log_updates["baseline_mean"]) == [64.5]


def test_the_same_workbook_and_as_of_give_the_same_result_the_next_day(tmp_path, monkeypatch):
    # the call of 11-25 01:30 refreshed --as-of 2026-11-24 on 11-24 and on 11-25: taken for real both days, the
    # same baseline (69.0 over 10, recorded on the as-of date) and the same Checks codes
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _book(a, dt.datetime(2026, 11, 25, 1, 30))
    _book(b, dt.datetime(2026, 11, 25, 1, 30))
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", a, "--as-of", "2026-11-24", "-q").exit_code == 0
    monkeypatch.setattr(done, "today", lambda: TODAY + dt.timedelta(days=1))
    assert run("refresh", b, "--as-of", "2026-11-24", "-q").exit_code == 0
    assert _grey(a) == _grey(b) == (69.0, 10, dt.datetime(2026, 11, 24))
    assert _codes(a) == _codes(b)
