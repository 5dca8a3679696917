"""Text dates that begin with the weekday, as some exports and some people write them ("Thu 20/02/2025
10:00"): they prove a paste's date order as the same dates without the weekday do, and a Log Session date
written so is named when it reads two ways (domain.md, "Bad input": dates as text in several formats;
README: "03/04/2025 read in the Settings date order unless the paste proves the other").  A day-first
export with weekdays, under the Settings' month-first, had its days up to the 12th read month-first and
the others day-first, with no word in Checks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.wbkit import records, run, team_book, type_log_rows

CRIT = "Acknowledges the concern"


def _book(path, session_date):
    """Ann Lee's twelve calls at 60 from 2025-02-20 to 03-03 and ten at 80 from 03-11 to 03-20, pasted as a
    day-first export writes them with the weekday ("Thu 20/02/2025 10:00"); one session on ``session_date``."""
    wb = team_book(path, [("ACK", CRIT)], ["Ann Lee"])
    days = [dt.date(2025, 2, 20) + dt.timedelta(days=i) for i in range(12)]
    days += [dt.date(2025, 3, 11) + dt.timedelta(days=i) for i in range(10)]
    for i, day in enumerate(days):
        written = f"{day:%a} {day:%d/%m/%Y} 10:00"
        wb["Scores"].append([f"C{i:02d}", "Ann Lee", written, CRIT, 60 if i < 12 else 80])
    assert wb["Scores"]["C2"].value == "Thu 20/02/2025 10:00" and wb["Scores"]["C23"].value == "Thu 20/03/2025 10:00"
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Ann Lee", "Session date": session_date,
                        "Targeted criterion": CRIT}])
    wb.save(path)


def _checks(path, code):
    return [c for c in records(path, "Checks") if c["Code"] == code]


def test_a_day_first_export_with_weekdays_is_read_day_first_and_says_so(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, dt.datetime(2025, 3, 10))
    assert run("refresh", book, "--as-of", "2025-12-31", "-q").exit_code == 0
    [order] = _checks(book, "date-order-of-paste")
    assert order["Value"] == "Thu 20/02/2025 10:00" and "read day-first" in order["Problem"]
    # the last ten of the twelve 60s before 2025-03-10, the ten 80s from 03-11 (01/03 .. 12/03 read as
    # 1 .. 12 March, not 3 January .. 3 December)
    [row] = records(book, "Follow-up")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"], row["Delta"]) == (
        10, 60, 10, 80, 20)
    [base] = records(book, "Baseline")
    assert (base["First call"], base["Last call"]) == (dt.datetime(2025, 2, 22, 10), dt.datetime(2025, 3, 3, 10))


def test_a_session_date_written_with_its_weekday_that_reads_two_ways_is_named(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, "Mon 03/10/2025")  # 10 March 2025 month-first (a Monday), 3 October day-first
    assert run("refresh", book, "--as-of", "2025-12-31", "-q").exit_code == 0
    [two_ways] = _checks(book, "ambiguous-session-date")
    assert two_ways["Row"] == 2 and two_ways["Value"] == "Mon 03/10/2025"
    assert "read month-first (the Settings date order) as 2025-03-10; day-first it would be 2025-10-03" in (
        two_ways["Problem"])


def _order(texts):
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.dateorder import paste_date_order

    return paste_date_order(pd.Series(texts, dtype=object), "month-first", "Scores", Issues())


@pytest.mark.parametrize("first", ["-", "?", "#N/A", "(blank)", "", "1", "\tThu 19/02/2025 10:00",
                                   "\u00a0Thu 19/02/2025 10:00"])
def test_a_placeholder_or_a_stray_space_before_the_first_date_does_not_hide_the_weekdays_proof(first):
    # 20/02 can only be day-first; the first text of the column is no date, or a date after a tab or a
    # non-breaking space, and says nothing of how the export writes its dates
    assert _order([first, "Thu 20/02/2025 10:00", "Mon 03/03/2025 10:00"]) == "day-first"


@pytest.mark.parametrize(("texts", "order"), [
    (["Tues 18/02/2025", "Thurs 20/02/2025"], "day-first"),
    (["Thursday, 20/02/2025"], "day-first"),
    (["thu20/02/2025"], "day-first"),
    (["SAT. 22/02/2025"], "day-first"),
    # words that only begin as a weekday does are no weekday: their dates prove nothing
    (["Monster 13/04/2025"], "month-first"),
    (["Sunset 13 04 2025"], "month-first"),
    (["Monthly 20/02/2025"], "month-first"),
])
def test_only_a_weekdays_name_may_stand_before_a_date_that_proves_the_order(texts, order):
    assert _order(texts) == order
