"""A date written day-month-year with dashes and a month name of another language, and no time (``03-abr-2026``, as a
Spanish Excel's d-mmm-yyyy writes it): read as the same date with spaces (``03 abr 2026``) is.  Its ``-2026`` was
read as an offset after no time ("writes a time zone or offset but no time"); and a word in a date's month place that
is no known month name is said to be one, not a time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce
from tests.session_kit import one_session_book
from tests.wbkit import records, run


@pytest.mark.parametrize(("raw", "day"), [("03-abr-2026", dt.date(2026, 4, 3)), ("03-dic-2026", dt.date(2026, 12, 3)),
                                          ("03-mär-2026", dt.date(2026, 3, 3)), ("03-okt-2026", dt.date(2026, 10, 3)),
                                          ("03-avr-2026", dt.date(2026, 4, 3)), ("3-abril-2026", dt.date(2026, 4, 3)),
                                          ("03-ene-26", dt.date(2026, 1, 3)), ("03-abr.-2026", dt.date(2026, 4, 3))])
def test_a_dashed_date_with_another_languages_month_name_is_that_date_in_either_order(raw, day):
    for order in ("month-first", "day-first"):
        read = coerce.moment(raw, order)
        assert (read.at, read.date_only) == (dt.datetime.combine(day, dt.time()), True)


@pytest.mark.parametrize(("raw", "word"), [("03-xyz-2026", "xyz"), ("18 listopada 2026", "listopada")])
def test_a_word_in_a_dates_month_place_that_is_no_month_name_is_said_so(raw, word):
    with pytest.raises(coerce.Unreadable, match=f"'{word}' is not a month name known") as caught:
        coerce.moment(raw, "day-first")
    assert "time zone" not in str(caught.value)


def test_an_export_of_dashed_spanish_dates_is_counted_on_its_days(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    export.write_text("Call ID;Agent;Call date;Criterion;Score\n"
                      "K-1;Dana Cruz;03-févr-2026;Empathy;60\n"
                      "K-2;Dana Cruz;04-mär-2026;Empathy;70\n"
                      "K-3;Dana Cruz;12-mrz-2026;Empathy;80\n"
                      "K-4;Dana Cruz;03-abr-2026;Empathy;90\n", encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    assert run("refresh", book, "--as-of", "2026-04-30", "--no-backup", "-q").exit_code == 0
    assert not [c for c in records(book, "Checks") if c["Code"] == "unreadable-date"]
    # session 2026-03-10, date only: K-1, K-2 on 3 Feb and 4 March before it, (60 + 70) / 2 = 65; K-3, K-4 on
    # 12 March and 3 April after it, within 30 days (to 9 April), (80 + 90) / 2 = 85
    [row] = records(book, "Follow-up")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)
