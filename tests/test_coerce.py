"""Reading raw cell values: dates in the shapes exports use, scores on 0-100, yes/no, N/A."""

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core import coerce, timeofday


@pytest.mark.parametrize(
    ("raw", "order", "at", "date_only"),
    [
        (dt.datetime(2026, 3, 10, 14, 5), "month-first", dt.datetime(2026, 3, 10, 14, 5), False),
        (dt.datetime(2026, 3, 10), "month-first", dt.datetime(2026, 3, 10), True),
        (dt.date(2026, 3, 10), "month-first", dt.datetime(2026, 3, 10), True),
        ("2026-03-10T14:05:00Z", "month-first", dt.datetime(2026, 3, 10, 14, 5), False),
        ("2026-03-10 14:05:00+02:00", "month-first", dt.datetime(2026, 3, 10, 14, 5), False),
        ("03/04/2025", "month-first", dt.datetime(2025, 3, 4), True),
        ("03/04/2025", "day-first", dt.datetime(2025, 4, 3), True),
        # a four-digit year first is year-month-day whatever the date order (ISO 8601)
        ("2025-06-01", "day-first", dt.datetime(2025, 6, 1), True),
        ("2025-06-01T09:30:00Z", "day-first", dt.datetime(2025, 6, 1, 9, 30), False),
        ("2025/06/01 09:30", "day-first", dt.datetime(2025, 6, 1, 9, 30), False),
        ("2025.06.01", "day-first", dt.datetime(2025, 6, 1), True),
        # dotted day.month.year (German, Nordic, Russian exports) is day-first whatever the date order
        ("01.04.2025", "month-first", dt.datetime(2025, 4, 1), True),
        ("13.04.2025 09:07", "month-first", dt.datetime(2025, 4, 13, 9, 7), False),
        ("01.04.2025", "day-first", dt.datetime(2025, 4, 1), True),
        ("03/04/2025 2:30 PM", "month-first", dt.datetime(2025, 3, 4, 14, 30), False),
        ("1-Jan-21", "month-first", dt.datetime(2021, 1, 1), True),
        # Excel serial 46091 = 2026-03-10 (46091 days after 1899-12-30); .5 = noon
        (46091, "month-first", dt.datetime(2026, 3, 10), True),
        (46091.5, "month-first", dt.datetime(2026, 3, 10, 12, 0), False),
        ("46091", "month-first", dt.datetime(2026, 3, 10), True),
    ],
)
def test_moment_reads_the_date_shapes_of_exports(raw, order, at, date_only):
    m = coerce.moment(raw, order)
    assert (m.at, m.date_only) == (at, date_only)


def test_moment_converts_offsets_only_when_a_zone_is_named():
    # In July London is on summer time (UTC+1), so 14:05Z is 15:05 there; without a zone the Z is dropped.
    assert coerce.moment("2026-07-10T14:05:00Z", zone="Europe/London").at == dt.datetime(2026, 7, 10, 15, 5)
    assert coerce.moment("2026-07-10T14:05:00Z").at == dt.datetime(2026, 7, 10, 14, 5)


@pytest.mark.parametrize("raw", ["13/45/2025", "yesterday-ish", True])
def test_unreadable_dates_raise_with_the_value(raw):
    with pytest.raises(coerce.Unreadable):
        coerce.moment(raw)


# An Excel "d-mmm" or "mmm-yy" column saved as text, a month, a bare time: nothing is taken from today
@pytest.mark.parametrize("raw", ["4-Mar", "Mar-25", "March 2025", "2025-03", "2:30 PM", "Monday"])
def test_text_dates_without_a_year_or_a_day_are_unreadable(raw):
    with pytest.raises(coerce.Unreadable):
        coerce.moment(raw)


def test_two_digit_years_read_alike_in_every_text_shape():
    # 00-69 are 20xx and 70-99 are 19xx, as in 01/01/73, whatever the current year
    assert coerce.moment("1-Jan-73").at == coerce.moment("01/01/73").at == dt.datetime(1973, 1, 1)
    assert coerce.moment("1-Jan-69").at == dt.datetime(2069, 1, 1)


@pytest.mark.filterwarnings("error")  # no Python warning reaches the user
def test_zone_abbreviations_are_dropped_or_converted_as_offsets():
    # no zone named: read as written
    assert coerce.moment("Mar 4, 2025, 11:30 PM PST").at == dt.datetime(2025, 3, 4, 23, 30)
    assert coerce.moment("Mar 4, 2025, 11:30 PM IST").at == dt.datetime(2025, 3, 4, 23, 30)
    # PST is UTC-8: 23:30 PST = 07:30 UTC on the 5th = 02:30 in New York (EST, UTC-5, before 9 March)
    assert coerce.moment("Mar 4, 2025, 11:30 PM PST", zone="America/New_York").at == dt.datetime(2025, 3, 5, 2, 30)
    assert coerce.moment("03/04/2025 2:30 PM PST", zone="America/New_York").at == dt.datetime(2025, 3, 4, 17, 30)
    assert timeofday.time_of_day("2:30 PM PST") == dt.time(14, 30)


@pytest.mark.filterwarnings("error")
def test_an_unknown_zone_abbreviation_is_unreadable_when_converting():
    # IST is India, Ireland or Israel: the time cannot be converted
    with pytest.raises(coerce.Unreadable):
        coerce.moment("Mar 4, 2025, 11:30 PM IST", zone="America/New_York")


def test_day_first_date_that_is_impossible_month_first_is_unreadable():
    with pytest.raises(coerce.Unreadable, match="month-first"):
        coerce.moment("25/03/2025", "month-first")


@pytest.mark.parametrize(
    ("raw", "value", "how"),
    [
        (85, 85.0, "number"),
        ("'-36", -36.0, "number"),
        ("85,5", 85.5, "number"),
        ("1,234.5", 1234.5, "number"),
        ("33.33%", 33.33, "percent"),
        ("Yes", 100.0, "word"),
        ("Not Adhered", 0.0, "word"),
        ("Pass", 100.0, "word"),
        ("Partial", 50.0, "graded word"),  # a 3-point scale's middle: Yes / Partial / No
        ("Partially Adhered", 50.0, "graded word"),  # Adhered / Partially Adhered / Not Adhered
        ("Meets", 100.0, "graded word"),  # a form's scorecard: Meets / Partially meets / Does not meet (graded: its
        # place on a rating beside it cannot be told, .rankedwords)
        ("Partially meets", 50.0, "graded word"),
        ("Does not meet", 0.0, "graded word"),
        ("Meets Expectations", 100.0, "graded word"),
        ("Exceeds expectations", 100.0, "graded word"),
        ("Partially Meets Expectations", 50.0, "graded word"),
        ("Does Not Meet Expectations", 0.0, "graded word"),
        ("Below expectations", 0.0, "graded word"),
        ("N/A", None, "not scored"),
        ("n.a.", None, "not scored"),
        ("NaN", None, "not scored"),  # a missing value as a data tool writes it into a CSV
        ("nan", None, "not scored"),
        ("N / A", None, "not scored"),  # spaces around the slash, as some exports and typists write it
        ("n /a", None, "not scored"),
        ("N\u00a0/\u00a0A", None, "not scored"),  # with no-break spaces
        ("Not  Applicable", None, "not scored"),  # two spaces between the words
        ("Not  Adhered", 0.0, "word"),
        ("-", None, "not scored"),
        ("\u2014", None, "not scored"),  # an em dash
        ("\u2013", None, "not scored"),  # an en dash
        ("\u221210", -10.0, "number"),  # the minus sign U+2212
        ("1\u202f234,5", 1234.5, "number"),  # a narrow no-break space groups thousands
        ("8.5/10", 85.0, "points/max"),  # 8.5 of 10 points
        ("4 / 5", 80.0, "points/max"),
        ("4 out of 5", 80.0, "points/max"),
        ("4 of 5", 80.0, "points/max"),
        ("3 pts of 4", 75.0, "points/max"),
        ("3 points out of 4", 75.0, "points/max"),
        ("1.5 of 2 pts", 75.0, "points/max"),
        ("0/0", None, "not scored"),  # 0 of 0 possible, as a maximum column of 0 beside a 0 is
        ("0 of 0", None, "not scored"),
        ("\u2605\u2605\u2605\u2606\u2606", 60.0, "points/max"),  # three stars of five
        ("", None, "not scored"),
        (None, None, "not scored"),
    ],
)
def test_score_reads_numbers_words_and_not_scored(raw, value, how):
    got, kind = coerce.score(raw)
    assert kind == how
    assert getattr(kind, "word", raw) == raw  # (a graded word holds the word as written)
    assert got == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(("raw", "comma", "value"), [
    ("0,875", None, 0.875),  # no thousands grouping starts with 0
    ("-0,875", None, -0.875),
    ("87,125", True, 87.125),  # the column writes decimal commas
    ("87,125", False, 87125.0),  # the column writes decimal points
    ("1,234,567", True, 1234567.0),  # only grouping has two commas
])
def test_number_reads_a_comma_by_its_shape_or_the_column(raw, comma, value):
    assert coerce.number(raw, comma) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["3/0", "5 of 4", "4 off 5", "of 5"])
def test_points_without_a_maximum_above_them_are_unreadable(raw):
    with pytest.raises(coerce.Unreadable):
        coerce.score(raw)


@pytest.mark.parametrize(("raw", "said"), [
    ("5 of 4", "5 points of a maximum of 4"),
    ("6/5", "6 points of a maximum of 5"),
    ("3 pts of 2", "3 points of a maximum of 2"),
    ("2.5 of 2 pts", "2.5 points of a maximum of 2"),
    ("11/10", "11 points of a maximum of 10"),  # (were it November 2010, it is no score either)
    ("31/12", "31 points of a maximum of 12"),
])
def test_points_above_their_maximum_in_one_cell_are_unreadable_and_say_both_numbers(raw, said):
    with pytest.raises(coerce.Unreadable, match=rf"{re.escape(said)}, more than the maximum") as caught:
        coerce.score(raw)
    # whole numbers up to 31 with a slash may be a day and month: the message asks
    assert ("day and month" in str(caught.value)) == (raw in ("6/5", "11/10", "31/12"))


@pytest.mark.parametrize("raw", ["-1 of 4", "5 of -4"])
def test_negative_points_or_maximum_in_one_cell_are_not_a_number(raw):
    with pytest.raises(coerce.Unreadable, match=f"'{raw}' is not a number"):
        coerce.score(raw)


def test_a_comma_and_three_digits_is_unreadable_when_the_column_does_not_tell():
    with pytest.raises(coerce.Unreadable):
        coerce.number("87,125", None)


@pytest.mark.parametrize(("values", "comma"), [
    (["87,125", "87,5"], True), (["87,125", "0,875"], True), (["87,125", "87.5"], False),
    (["87,125", "1,234,567"], False), (["87,125", "90", 85.5, None], None), (["87,5", "87.5"], None),
])
def test_column_decimal_comma_from_the_values_only_one_way_reads(values, comma):
    assert coerce.column_decimal_comma(values) is comma


def test_unreadable_score_raises():
    with pytest.raises(coerce.Unreadable, match="not a number"):
        coerce.score("great call")
    with pytest.raises(coerce.Unreadable, match="no maximum above 0"):
        coerce.score("3/0")
    for month in ("03/2026", "Q1/2026"):  # no maximum of 100 or less
        with pytest.raises(coerce.Unreadable, match=f"'{month}' is not a number"):
            coerce.score(month)


@pytest.mark.parametrize(("raw", "t"), [(dt.time(14, 30), dt.time(14, 30)), (0.5, dt.time(12, 0)),
                                        ("2:30 PM", dt.time(14, 30)), ("09:15", dt.time(9, 15))])
def test_time_of_day(raw, t):
    assert timeofday.time_of_day(raw) == t


@pytest.mark.parametrize("error", ["#DIV/0!", "#REF!", "#VALUE!", "#NAME?"])
def test_an_excel_error_value_is_unreadable_as_a_score_or_date_but_na_is_not_scored(error):
    with pytest.raises(coerce.Unreadable, match="Excel error"):
        coerce.score(error)
    with pytest.raises(coerce.Unreadable, match="Excel error"):
        coerce.moment(error)
    assert coerce.score("#N/A") == (None, "not scored")


def test_header_words_keys_only_texts_a_header_could_be(monkeypatch):
    from coachlog_xl.core import trailers

    keyed = []
    real = trailers.header_keys
    monkeypatch.setattr(trailers, "header_keys", lambda texts: keyed.extend(texts) or real(texts))
    comment = "The rep skipped the greeting, " * 20  # a comment column's text: 600 characters
    values = ["Call ID", " call-id ", "Agent", comment, 85, None]
    assert trailers.header_words(values, {"callid", "agent"}) == [True, True, True, False, False, False]
    assert comment not in keyed  # never keyed: far longer than any header


@pytest.mark.parametrize("zone", [None, "Europe/Paris", "America/New_York"])
@pytest.mark.parametrize("text", [
    "2025-03-04T14:05:00Z", "2025-03-04T14:05:00.000Z", "2025-03-04 14:05:00+02:00", "2025-03-04T14:05:00-0500",
    "2025-03-04T14:05Z", "2025-03-04T23:59:59.999999+05:30", "2025-03-04T00:00:00Z", "2025-12-31T23:30:00-02:00",
    "2025-03-04T14:05:00.5Z", "2025-03-04", "2025-03-04 00:00",
])
def test_iso_texts_read_without_the_general_parser_as_it_reads_them(text, zone):
    # dateutil's parser, the path every other text takes, is the independent reading
    expected = coerce._from_datetime(coerce._parse_text(text, zone, dayfirst=False, yearfirst=True), zone)
    assert coerce.moment(text, zone=zone) == expected


@pytest.mark.parametrize("order", ["month-first", "day-first"])
def test_the_usual_times_after_a_numeric_date_read_without_the_general_parser_as_it_reads_them(monkeypatch, order):
    # dateutil's parser, the path every other time takes, is the independent reading: each text is read
    # by it first, then again with the parser out of reach
    times = [f"{h}:{m:02d}{s}{half}" for h in (0, 1, 9, 11, 12, 13, 23, 24) for m in (0, 7, 59, 60)
             for s in ("", ":00", ":42", ":60") for half in ("", " AM", " PM", "pm", " am")]
    texts = [f"{day} {t}" for t in times + ["09:30", "00:05:09"] for day in ("03/04/2025", "4.3.25", "3-4-2025")]
    expected = {}
    for text in texts:
        with monkeypatch.context() as m:
            m.setattr(coerce.clock, "usual", lambda _: None)
            try:
                expected[text] = coerce.moment(text, order)
            except coerce.Unreadable:
                expected[text] = None
    assert sum(v is not None for v in expected.values()) > 400
    monkeypatch.setattr(coerce.PARSER, "parse", lambda *_, **__: pytest.fail("the general parser"))
    for text, at in expected.items():
        if at is not None and "60" not in text.split(" ", 1)[1]:
            assert coerce.moment(text, order) == at, text
    assert coerce.moment("03/04/2025 2:15 PM", "day-first").at == dt.datetime(2025, 4, 3, 14, 15)
    assert coerce.moment("03/04/2025 12:05 AM").at == dt.datetime(2025, 3, 4, 0, 5)


def test_typed_codes_tell_equal_cells_of_other_types_apart_and_share_one_code_for_missing():
    from coachlog_xl.core.distinct import typed_codes

    raw = np.array([1, 1.0, True, None, float("nan"), "a", 1, True, pd.NaT, "a"], dtype=object)
    codes, distinct = typed_codes(raw)
    # by hand: 1, 1.0, True, missing, 'a' in order of first appearance
    assert codes.tolist() == [0, 1, 2, 3, 3, 4, 0, 2, 3, 4]
    assert [type(v) for v in distinct[[0, 1, 2, 4]]] == [int, float, bool, str]
    texts = np.array(["b", None, "a", "b", float("nan")], dtype=object)  # one kind of value: factorised
    codes, distinct = typed_codes(texts)
    assert codes.tolist() == [0, 1, 2, 0, 1] and distinct[[0, 2]].tolist() == ["b", "a"]


@pytest.mark.parametrize("raw,expected", [
    ("14.30", dt.time(14, 30)), ("2.30pm", dt.time(14, 30)), ("14h30", dt.time(14, 30)), ("2pm", dt.time(14)),
    ("2:30 PM", dt.time(14, 30)), ("12 a.m.", dt.time(0)), (0.5, dt.time(12)),
])
def test_a_session_time_keeps_its_minutes(raw, expected):
    assert timeofday.time_of_day(raw) == expected


@pytest.mark.parametrize("raw", ["1430", 1430, 930, 1.5, "noon", "25:00", "14", "14:75"])
def test_a_number_or_word_that_is_no_clock_reading_is_unreadable_not_midnight(raw):
    with pytest.raises(coerce.Unreadable, match="not a time of day"):
        timeofday.time_of_day(raw)


# 2958466 is 10000-01-01; the 0.5 s that rounds a serial to the second takes one from 2958465.9999942
# (0.5 / 86400 = 0.0000058 of a day before it) past 9999-12-31 23:59:59.5 into year 10000
@pytest.mark.parametrize("raw", [2958465.99999999, "2958465.99999999", 2958465.9999943, 10**400, -10**400],
                         ids=["float", "text", "first-past", "huge", "huge-negative"])
def test_a_serial_past_year_9999_once_rounded_or_too_large_for_a_float_is_unreadable(raw):
    with pytest.raises(coerce.Unreadable):
        coerce.moment(raw)


def test_the_last_serial_rounding_within_year_9999_reads_as_its_last_second():
    # 0.9999942 of a day is 86399.49989 s: 23:59:59.49989, rounded down to 23:59:59
    assert coerce._from_serial(2958465.9999942) == coerce.Moment(dt.datetime(9999, 12, 31, 23, 59, 59), False)


@pytest.mark.parametrize("read", [coerce.number, coerce.whole_number, coerce.score])
def test_an_integer_too_large_for_a_float_is_unreadable_not_a_number(read):
    for raw in (10**400, -10**400):
        with pytest.raises(coerce.Unreadable, match="too large"):
            read(raw)


def test_a_number_shown_as_a_date_names_the_date_and_the_cell_format():
    # 10 typed into a cell formatted as a date reads back as 1900-01-10: the message names it, so that a
    # Log message built on it ("Baseline n ...") reads as a sentence
    with pytest.raises(coerce.Unreadable, match=r"'1900-01-10' is a date, not a number.*date-formatted cell"):
        coerce.number(dt.datetime(1900, 1, 10))
