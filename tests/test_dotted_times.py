"""Call times after a numeric text date written with dots (``10.03.2026 10.30``, as Nordic exports write them)
or without colons (``1030``) are times of day, and a number after the date that names no time (``10``, ``2400``)
is an unreadable time, never dropped: a call read as date-only on its session's day is in neither window."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from tests.session_kit import one_session_book


@pytest.mark.parametrize(("raw", "order", "at"), [
    ("10.03.2026 10.30", "month-first", dt.datetime(2026, 3, 10, 10, 30)),  # dotted dates are day-first
    ("10.03.2026 16.45.09", "month-first", dt.datetime(2026, 3, 10, 16, 45, 9)),
    ("03/10/2026 10.30", "month-first", dt.datetime(2026, 3, 10, 10, 30)),
    ("10/03/2026 2.30 PM", "day-first", dt.datetime(2026, 3, 10, 14, 30)),
    ("03/10/2026 10.30 a.m.", "month-first", dt.datetime(2026, 3, 10, 10, 30)),  # (read as 10:00 before)
    ("10.03.2026 10.30 p.m.", "month-first", dt.datetime(2026, 3, 10, 22, 30)),  # (22:00 before)
    ("03/10/2026 1030", "month-first", dt.datetime(2026, 3, 10, 10, 30)),  # (as after 2026-03-10; unreadable before)
    ("10.03.2026 163005", "month-first", dt.datetime(2026, 3, 10, 16, 30, 5)),
])
def test_a_dotted_time_after_a_numeric_date_is_its_time_of_day(raw, order, at):
    assert coerce.moment(raw, order) == coerce.Moment(at, False)


# dateutil's parser took each of these for a day of the month (10, 10.30: the 10th) or a year (2400), which
# the date before it then replaced: the call became date-only, its time gone
@pytest.mark.parametrize("raw", ["03/10/2026 10", "03/10/2026 10.3", "03/10/2026 2400", "03/10/2026 25.00",
                                 "03/10/2026 1", "10.03.2026 10.30 h", "10.03.2026 14.30 PM"])
def test_a_number_after_a_numeric_date_that_names_no_time_is_an_unreadable_time(raw):
    with pytest.raises(coerce.Unreadable, match="has an unreadable time"):
        coerce.moment(raw)


# a weekday's name beside the date (10 March 2026 is a Tuesday) moves the parser's default day, which is no
# day written: the time is read, or the date alone
@pytest.mark.parametrize(("raw", "at", "date_only"), [
    ("03/10/2026 Tue 10:30", dt.datetime(2026, 3, 10, 10, 30), False),
    ("03/10/2026 10:30 Tue", dt.datetime(2026, 3, 10, 10, 30), False),
    ("03/10/2026 Tuesday", dt.datetime(2026, 3, 10), True),
])
def test_a_weekday_after_a_numeric_date_is_no_day_written(raw, at, date_only):
    assert coerce.moment(raw, "month-first") == coerce.Moment(at, date_only)


def test_calls_on_a_timed_session_s_day_with_dotted_times_fall_in_the_windows_their_times_put_them(tmp_path):
    # Session 2026-03-10 at 12:00.  Calls: 3 March 09.15 (60), 5 March 16.45 (70), 10 March 10.30 (80) before
    # it; 10 March 14.30 (90) after it.  Baseline: 3 calls, (60 + 70 + 80) / 3 = 70; follow-up: 1 call, 90.
    # Read as date-only, the two calls of the 10th were in neither window (baseline 2 calls, 65; follow-up 0).
    # The last row's time, 2400, names no time of day: an unreadable date, named with its row.
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 3, 10),
         session_time=dt.time(12, 0), criterion="Empathy")
    export.write_text("Call ID;Agent;Call date;Criterion;Score\n"
                      "K-1;Dana Cruz;03.03.2026 09.15;Empathy;60\n"
                      "K-2;Dana Cruz;05.03.2026 16.45;Empathy;70\n"
                      "K-3;Dana Cruz;10.03.2026 10.30;Empathy;80\n"
                      "K-4;Dana Cruz;10.03.2026 14.30;Empathy;90\n"
                      "K-5;Dana Cruz;11.03.2026 2400;Empathy;50\n", encoding="utf-8")
    imported = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert imported.exit_code == 1 and "row 6" in imported.output, imported.output  # 1: a row it cannot read
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-03-20", "--no-backup"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(book, read_only=True)
    rows = list(wb["Follow-up"].iter_rows(values_only=True))
    got = dict(zip(rows[0], rows[1]))
    keys = ("baseline_n", "baseline_mean", "followup_n", "followup_mean")
    assert [got[schema.FOLLOWUP.column(k).header] for k in keys] == [3, 70, 1, 90]
    checks = [(r[2], r[5]) for r in wb["Checks"].iter_rows(min_row=2, values_only=True)]
    assert (6, Code.UNREADABLE_DATE.value) in checks, checks
