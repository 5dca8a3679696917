"""A Session time typed ``14,30`` in an Excel where a comma is the decimal sign is the number 14.3, which the Log's time
cell shows as 1900-01-14 07:12: said as a number, not a time (likely a time typed with a comma), with the fix, and
no time guessed from it.  It was said to hold "the date 1900-01-14 as well as the time", the session read at 07:12."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce, timeofday
from tests.session_kit import one_session_book
from tests.wbkit import records, run


@pytest.mark.parametrize(("cell", "number"), [(dt.datetime(1900, 1, 14, 7, 12), "14.3"), (14.3, "14.3"),
                                              (dt.datetime(1900, 1, 9, 12), "9.5")])
def test_a_number_of_hours_in_session_time_is_said_to_be_one(cell, number):
    # 1900-01-14 07:12 is day 14 and 0.3 of a day (7.2 h) after day 0, 1899-12-31: 14.3; 1900-01-09 12:00 is 9.5
    with pytest.raises(coerce.Unreadable, match=f"holds the number {number}.* not a time of day"):
        timeofday.time_of_day(cell)


@pytest.mark.parametrize(("cell", "hour"), [(14.0, "14:00"), (9.0, "09:00"), (dt.datetime(1900, 1, 14), "14:00")])
def test_a_whole_number_of_hours_is_said_to_be_an_hour_without_minutes_not_a_comma(cell, hour):
    # 1900-01-14 00:00 is day 14 after day 0: the number 14, typed with no decimal part, so no comma to name
    with pytest.raises(coerce.Unreadable, match=f"an hour without minutes\\); type it as {hour}") as said:
        timeofday.time_of_day(cell)
    assert "comma" not in str(said.value)


def test_a_time_on_a_later_day_of_1900_that_is_no_typed_number_is_its_time():
    # 1900-01-02 14:30 is 2 + 14.5 / 24 = 2.6041666... days: no number of two decimals, a time with a date as ever
    assert timeofday.time_of_day(dt.datetime(1900, 1, 2, 14, 30)) == dt.time(14, 30)


@pytest.mark.parametrize("cell", [dt.time(14, 30), 0.6041666666666666, dt.datetime(1899, 12, 30, 14, 30)])
def test_a_time_and_a_fraction_of_a_day_are_still_read(cell):
    # 0.6041666... of a day is 14.5 h: 14:30; a time on day 0 is that time
    assert timeofday.time_of_day(cell) == dt.time(14, 30)


def test_a_session_time_typed_with_a_decimal_comma_waits_and_says_what_it_is(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 3, 10), session_time=14.3,
                     criterion="Empathy")
    export.write_text("Call ID;Agent;Call date;Criterion;Score\n"
                      "K-1;Dana Cruz;2026-03-09 10:00;Empathy;60\n"
                      "K-2;Dana Cruz;2026-03-10 09:00;Empathy;70\n"
                      "K-3;Dana Cruz;2026-03-11 10:00;Empathy;80\n", encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    assert run("refresh", book, "--as-of", "2026-06-30", "--no-backup", "-q").exit_code == 0
    checks = records(book, "Checks")
    assert "two-session-times" not in [c["Code"] for c in checks]
    [said] = [c for c in checks if c["Code"] == "unreadable-session-time"]
    assert "holds the number 14.3" in said["Problem"] and "14,3" in said["Problem"]
    # read as date only, no time guessed: K-2 at 09:00 on the session's day is in neither window (at 07:12, as read
    # before, it was in the follow-up); baseline K-1 (60), follow-up K-3 (80), the baseline not recorded
    [row] = records(book, "Follow-up")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 60, 1, 80)
    [log] = records(book, "Log")
    assert log["Baseline mean"] is None and log["Session time"] == dt.datetime(1900, 1, 14, 7, 12)  # (as typed)
