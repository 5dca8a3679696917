"""A call time in a column of its own written as a German or French export writes it (``14.30``, ``14:30 Uhr``,
``14.30 Uhr``, ``14.30.00``, ``um 14:30``): read as the same text after the date in one cell is.  A CSV's ``14.30``
arrives as the number 14.3, which is refused as before, as a number of minutes or hours is (``5.3`` minutes of a
handle time, ``14.5`` hours): a number is never taken for a clock reading."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce, timeofday
from tests.session_kit import one_session_book
from tests.wbkit import records, run


@pytest.mark.parametrize(("cell", "at"), [("14.30", dt.time(14, 30)), ("14:30 Uhr", dt.time(14, 30)),
                                          ("14.30 Uhr", dt.time(14, 30)), ("14.30.00", dt.time(14, 30)),
                                          ("um 14:30", dt.time(14, 30)), ("14:30", dt.time(14, 30))])
def test_a_call_time_cell_is_read_as_after_a_date(cell, at):
    assert timeofday.call_time(cell) == at


@pytest.mark.parametrize("cell", [14.75, 24.5, 14, "14 Uhr 75", "abc", 14.3, 5.3, 12.4, 14.5, 9.05])
def test_a_call_time_that_is_no_clock_reading_stays_unreadable(cell):
    # 14.75: 75 minutes; 24.5: no hour 24; 14 alone: no minutes (as ever); a number is minutes or hours, or a clock
    # whose text is lost (14.3 of 14.30): not read as one
    with pytest.raises(coerce.Unreadable, match="is not a time of day"):
        timeofday.call_time(cell)


def test_an_export_of_german_call_times_in_their_own_column_splits_a_timed_session(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 11, 18),
                     session_time=dt.time(12, 0), criterion="Empathy")
    export.write_text("Call ID;Agent;Call date;Call time;Criterion;Score\n"
                      "K-1;Dana Cruz;18.11.2026;09:15;Empathy;60\n"
                      "K-2;Dana Cruz;18.11.2026;10:30 Uhr;Empathy;70\n"
                      "K-3;Dana Cruz;18.11.2026;um 14.30;Empathy;80\n"
                      "K-4;Dana Cruz;18.11.2026;15.45 Uhr;Empathy;90\n", encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    assert run("refresh", book, "--as-of", "2026-11-30", "--no-backup", "-q").exit_code == 0
    assert not [c for c in records(book, "Checks") if c["Code"] == "unreadable-date"]
    # session 18 November at 12:00: K-1 (09:15) and K-2 (10:30) before it, (60 + 70) / 2 = 65; K-3 (14:30) and K-4
    # (15:45) after it, (80 + 90) / 2 = 85
    [row] = records(book, "Follow-up")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)


def test_handle_times_in_a_call_time_column_are_named_not_read_as_clock_times(tmp_path):
    # 5.3, 12.4, 3.5, 7.2 minutes would fit as 05:30, 12:40, 03:50, 07:20, yet are no times of day: each row is named
    # and its call, of the session's day with no time, is in neither window (baseline n 0, none recorded)
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 11, 18),
                     session_time=dt.time(12, 0), criterion="Empathy")
    export.write_text("Call ID;Agent;Call date;Call time;Criterion;Score\n"
                      "K-1;Dana Cruz;18.11.2026;5.3;Empathy;60\n"
                      "K-2;Dana Cruz;18.11.2026;12.4;Empathy;70\n"
                      "K-3;Dana Cruz;18.11.2026;3.5;Empathy;80\n"
                      "K-4;Dana Cruz;18.11.2026;7.2;Empathy;90\n", encoding="utf-8")
    run("import", book, export)
    assert run("refresh", book, "--as-of", "2026-11-30", "--no-backup", "-q").exit_code == 0
    named = {c["Row"] for c in records(book, "Checks") if c["Code"] == "unreadable-date"}
    assert len(named) == 4
    [row] = records(book, "Follow-up")
    assert (row["Baseline n"], row["Follow-up n"]) == (0, 0)
    [log] = records(book, "Log")
    assert log["Baseline n"] in (None, 0)
