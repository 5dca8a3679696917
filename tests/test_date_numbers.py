"""Call dates written as numbers: Unix time in seconds or milliseconds (flattened API exports) and
yyyymmdd, told from Excel serials by size, read alike as numbers or text, column-wise or row by row.

Hand arithmetic used below: 1741082400 s = 20151 days + 36000 s.  From 1970-01-01, 55 years to
2025-01-01 are 55 x 365 + 14 leap days (1972 to 2024) = 20089 days; January and February 2025 add 59,
so day 20148 is 2025-03-01 and day 20151 is 2025-03-04; 36000 s is 10:00.  One day is 86400 s.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from tests.wbkit import assert_same_results, refreshed_both_ways, team_book, type_log_rows

TEN_AM = coerce.Moment(dt.datetime(2025, 3, 4, 10, 0), False)
MARCH_4 = coerce.Moment(dt.datetime(2025, 3, 4), True)


@pytest.mark.parametrize("raw", [1741082400, 1741082400.0, "1741082400", "'1741082400", " 1741082400 ",
                                 1741082400000, 1741082400000.0, "1741082400000"])
def test_unix_time_in_seconds_or_milliseconds_reads_as_its_utc_moment(raw):
    assert coerce.moment(raw) == TEN_AM


@pytest.mark.parametrize("zone,expected", [(None, dt.datetime(2025, 3, 4, 10)),
                                           ("America/New_York", dt.datetime(2025, 3, 4, 5))])  # EST, UTC-5
def test_unix_time_is_treated_as_an_iso_text_with_z_is(zone, expected):
    # no zone on Settings: the UTC time as written, as the Z is dropped; a zone: converted into it
    for raw in (1741082400, "1741082400000"):
        assert coerce.moment(raw, zone=zone) == coerce.moment("2025-03-04T10:00:00Z", zone=zone)
        assert coerce.moment(raw, zone=zone).at == expected


def test_unix_milliseconds_round_to_the_second_half_up_as_serials_do():
    assert coerce.moment(1741082400499).at == dt.datetime(2025, 3, 4, 10, 0, 0)
    assert coerce.moment(1741082400500).at == dt.datetime(2025, 3, 4, 10, 0, 1)
    assert coerce.moment("1741082400.5").at == dt.datetime(2025, 3, 4, 10, 0, 1)


@pytest.mark.parametrize("raw", [20250304, 20250304.0, "20250304", "'20250304"])
def test_an_eight_digit_yyyymmdd_reads_as_that_day(raw):
    assert coerce.moment(raw) == MARCH_4


def test_yyyymmdd_of_a_leap_day_reads_and_of_no_calendar_day_is_unreadable_naming_the_forms():
    assert coerce.moment(20240229) == coerce.Moment(dt.datetime(2024, 2, 29), True)
    for raw in (20250229, "20251301", 20250300):
        with pytest.raises(coerce.Unreadable, match=r"is not a date: read as yyyymmdd, it is no calendar day"):
            coerce.moment(raw)


def test_a_small_number_is_still_an_excel_serial():
    # 45000 days after 1899-12-30 is 2023-03-15; half a day is noon
    assert coerce.moment(45000) == coerce.Moment(dt.datetime(2023, 3, 15), True)
    assert coerce.moment("45000.5") == coerce.Moment(dt.datetime(2023, 3, 15, 12), False)


@pytest.mark.parametrize("raw", [123456789, "123456789", 12345678901, 123456789012, 20250304.5, "99999999999999",
                                 -1741082400])
def test_a_number_of_no_date_form_is_unreadable_and_the_message_names_the_forms_read(raw):
    with pytest.raises(coerce.Unreadable, match=r"not a date: .*Excel serial.*yyyymmdd.*Unix time in seconds"):
        coerce.moment(raw)


def test_unix_time_past_2200_is_outside_the_years_a_date_may_fall_in():
    with pytest.raises(coerce.Unreadable, match="9999999999 is not a date from 1900 to 2200"):
        coerce.moment(9999999999)  # 2286-11-20


HEAD = ["conversation_external_id", "reviewee", "conversationCreatedAt", "category_name", "score"]
INPUTS = RawInputs.from_records(criteria=[{"criterion_id": "EMP", "name": "Empathy"}], reps=[{"rep": "Ann"}])


def test_an_imported_export_reads_unix_time_and_midnight_among_times_is_a_time():
    # 1760054400 = 1741082400 + 220 days - 36000 s: 2025-10-10 00:00 UTC, in a column of other times: a
    # moment at midnight, as 2025-10-10T00:00:00Z is there, not a date without a time
    rows = [["A1", "Ann", "1741082400000", "Empathy", 80], ["A2", "Ann", "1760054400", "Empathy", 90],
            ["A3", "Ann", "2025-10-10T00:00:00Z", "Empathy", 70]]
    pv = preview(INPUTS, RawTable.from_rows("flat.csv", HEAD, rows))
    got = [(r.call_id, r.at.to_pydatetime(), r.date_only) for r in pv.calls.itertuples()]
    assert got == [("A1", dt.datetime(2025, 3, 4, 10), False), ("A2", dt.datetime(2025, 10, 10), False),
                   ("A3", dt.datetime(2025, 10, 10), False)]
    assert Code.UNREADABLE_DATE.value not in set(pv.checks["code"])


def test_a_refresh_places_calls_dated_as_unix_time_and_yyyymmdd_alike_column_wise_and_row_by_row(
        tmp_path, monkeypatch):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("EMP", "Empathy")], ["Ann"])
    ws = wb["Scores"]
    for c, h in enumerate(HEAD, start=1):
        ws.cell(1, c, h)
    day = 86400
    calls = [("B1", 1741082400000, 60),          # 2025-03-04 10:00 (ms, a number)
             ("B2", "1741168800", 70),            # 2025-03-05 10:00 (seconds, text)
             ("B3", 20250306, 80),                # 2025-03-06 (a number)
             ("B4", "20250307", 90),              # 2025-03-07 (text)
             ("B5", 1741082400 + 6 * day, 10),    # 2025-03-10 10:00: the session's day, in neither window
             ("F1", 1741082400 + 10 * day, 100),  # 2025-03-14 10:00
             ("F2", "20250315", 50)]              # 2025-03-15
    for r, (call, at, score) in enumerate(calls, start=2):
        for c, v in enumerate([call, "Ann", at, "Empathy", score], start=1):
            ws.cell(r, c, v)
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Ann", "Session date": dt.date(2025, 3, 10),
                        "Targeted criterion": "Empathy"}])
    wb.save(path)
    fast, slow = refreshed_both_ways(path, monkeypatch, dt.date(2025, 4, 30))
    assert_same_results(fast, slow)
    base, follow = fast.baseline.iloc[0], fast.followup.iloc[0]
    assert (base["baseline_n"], base["baseline_mean"]) == (4, (60 + 70 + 80 + 90) / 4)
    assert base["left_out_same_day"] == 1
    assert (follow["followup_n"], follow["followup_mean"]) == (2, (100 + 50) / 2)
    assert Code.UNREADABLE_DATE.value not in set(fast.checks["code"])


def _moments_both_ways(cells: list):
    """The call date column read by :func:`calls._moments` at once (no time zone) and value by value
    (a zone of UTC: Unix time converted from UTC into UTC, the other forms unchanged), with Checks."""
    import dataclasses

    import pandas as pd

    from coachlog_xl.core import calls
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.config import Config

    col = pd.Series(cells, dtype=float if all(isinstance(c, float) for c in cells) else object)
    out = pd.DataFrame({"sheet": "Scores", "row": range(2, len(cells) + 2)})
    got = []
    for cfg in (Config(), dataclasses.replace(Config(), time_zone="UTC")):
        issues = Issues()
        at, date_only, kinds = calls._moments(col, cfg, [(None, "month-first")], out, "call date", issues)
        got.append((at.tolist(), date_only.tolist(), list(kinds), [(i.row, i.problem) for i in issues]))
    return got


EDGES = [1e7, 99999999.0, 20240229.0, 20250229.0, 18991231.0, 19000101.0, 22001231.0, 22010101.0, 20250304.5,
         1e9, 1e9 - 1, 9999999999.0, 7289654399.0, 7289654400.0, 7289654399.5, 1741082400.5, 1741082400.49999,
         1e12, 1e12 - 1, 1741082400499.0, 1741082400500.0, 1741082400499.9998, 7289654399499.0, 7289654399500.0,
         1760054400.0, 1760054400000.0, 45000.0, 45000.5, 0.5, float("nan"), 123456789.0, 1e13]


def test_numbers_read_at_once_give_what_reading_each_gives_to_the_second():
    rng = np.random.default_rng(7)
    drawn = np.concatenate([rng.uniform(1e9, 1e10, 300), rng.uniform(1e12, 1e13, 300),
                            rng.integers(1e7, 1e8, 300).astype(float), np.round(rng.uniform(1e9, 8e9, 100)),
                            rng.uniform(1, 80000, 100)]).tolist()
    fast, slow = _moments_both_ways(EDGES + drawn)
    assert fast == slow
    texts = [str(int(v)) for v in EDGES + drawn if v == v and v == int(v)] + ["0020250304", "20250304 ", "n/a", ""]
    fast, slow = _moments_both_ways(texts)
    assert fast == slow


def test_unix_time_at_midnight_read_at_once_is_a_time_in_a_column_of_times_and_a_day_alone_otherwise():
    # 1760054400 is 2025-10-10 00:00 UTC (see above); 1741082400 is 10:00 on 2025-03-04
    fast, _ = _moments_both_ways([1760054400.0, 1741082400.0, 20250305.0])
    assert fast[1] == [False, False, True]
    fast, _ = _moments_both_ways([1760054400.0, 20250305.0])
    assert fast[1] == [True, True]


def test_a_column_of_text_dates_is_matched_once_per_distinct_text(monkeypatch):
    import re

    import pandas as pd

    from coachlog_xl.core import datenumbers

    seen = []

    class Counting:
        def fullmatch(self, text):
            seen.append(text)
            return re.fullmatch(r"\d{8}|\d{10}|\d{13}", text)

    monkeypatch.setattr(datenumbers, "_DIGITS", Counting())
    col = pd.Series(["20250304", "03/04/2025", None, "20250304", 1741082400, "1741082400"] * 1000, dtype=object)
    at, done, midnight = datenumbers.read_column(col, (1990, 2100))
    assert sorted(seen) == ["03/04/2025", "1741082400", "20250304"]
    # by hand: 20250304 is 2025-03-04 (yyyymmdd); the text 1741082400 is Unix time 2025-03-04 10:00 UTC;
    # 03/04/2025, the blank and a number among texts are left to be read one by one
    expected = np.array(["2025-03-04T00:00", "NaT", "NaT", "2025-03-04T00:00", "NaT", "2025-03-04T10:00"],
                        dtype="datetime64[us]")
    assert (at[:6].astype(str) == expected.astype(str)).all()
    assert done[:6].tolist() == [True, False, False, True, False, True]
    assert midnight[:6].tolist() == [True, False, False, True, False, False]


@pytest.mark.parametrize("cells", [
    ["20250304", 20250304, 1.5, True, None, float("nan"), "x20250304", "2025030", "１２３４５６７８", " 20250304"],
    [1, 2.0, None],
    [None, float("nan")],
    [dt.datetime(2025, 3, 4), "1741082400123"],
])
def test_the_texts_read_at_once_are_those_pandas_matches_cell_by_cell(cells):
    import pandas as pd

    from coachlog_xl.core import datenumbers

    col = pd.Series(cells * 3, dtype=object)
    try:  # the reference: pandas' own match of every cell (an error where the column holds no text)
        reference = col.str.fullmatch(r"\d{8}|\d{10}|\d{13}").eq(True).to_numpy(dtype=bool)
    except AttributeError:
        reference = np.zeros(len(col), dtype=bool)
    assert datenumbers._digit_texts(col).tolist() == reference.tolist()


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_the_days_of_date_times_are_their_midnights_as_pandas_normalises_them(unit):
    import pandas as pd

    from coachlog_xl.core.datenumbers import days_of

    at = pd.Series(np.array(["2025-03-04T10:15:07", "1969-12-31T23:59:59", "NaT", "2025-03-05T00:00:00",
                             "1899-12-30T06:00:00"], dtype=f"datetime64[{unit}]"), index=[3, 1, 4, 1, 5])
    got = days_of(at)
    want = pd.Series(np.array(["2025-03-04", "1969-12-31", "NaT", "2025-03-05", "1899-12-30"],
                              dtype=f"datetime64[{unit}]"), index=[3, 1, 4, 1, 5])
    pd.testing.assert_series_equal(got, want, check_exact=True)
    pd.testing.assert_series_equal(got, at.dt.normalize(), check_exact=True)
