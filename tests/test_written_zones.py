"""Call times carrying a zone in the spellings exports write (``GMT-5``, ``(UTC+01:00) Amsterdam, ...``,
``+0000 UTC``), and dates written as midnight UTC (``2025-03-10T00:00:00.000Z``), when Settings names a Time
zone (domain.md, "Exact rules: Moments").  ``GMT-5`` is five hours behind UTC, as a person and every export
means it (dateutil alone reads it the POSIX way, five hours ahead); a column of midnights is of dates alone,
converted into no zone.  Expected values worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pytest

from coachlog_xl.core import calls, coerce, qualifiers, zonetext
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.config import Config
from tests.test_fastpath import _greeting_book, _normalised_both_ways
from tests.wbkit import records, run, team_book, type_log_rows

ACK = "Acknowledges the concern"
MARCH_5_9AM = dt.datetime(2025, 3, 5, 9)


@pytest.mark.parametrize("zone, utc", [
    # 09:00 at UTC-5 is 14:00 UTC; at UTC+1, 08:00 UTC; at UTC+5:30, 03:30 UTC; at UTC, 09:00
    ("GMT-5", dt.datetime(2025, 3, 5, 14)), ("GMT -5", dt.datetime(2025, 3, 5, 14)),
    ("GMT-05:00", dt.datetime(2025, 3, 5, 14)), ("GMT-0500", dt.datetime(2025, 3, 5, 14)),
    ("UTC\u22125", dt.datetime(2025, 3, 5, 14)),  # (the minus sign)
    ("UTC+1", dt.datetime(2025, 3, 5, 8)), ("UTC+01:00", dt.datetime(2025, 3, 5, 8)),
    ("GMT+1", dt.datetime(2025, 3, 5, 8)), ("gmt+5:30", dt.datetime(2025, 3, 5, 3, 30)),
    ("(GMT-05:00)", dt.datetime(2025, 3, 5, 14)),
    ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", dt.datetime(2025, 3, 5, 8)),
    ("(UTC-05:00) Eastern Time (US & Canada)", dt.datetime(2025, 3, 5, 14)),
    ("(UTC) Coordinated Universal Time", MARCH_5_9AM),
    ("-05:00", dt.datetime(2025, 3, 5, 14)), ("GMT", MARCH_5_9AM), ("UTC", MARCH_5_9AM),
    ("+0000 UTC", MARCH_5_9AM), ("-0500 EST", dt.datetime(2025, 3, 5, 14)),  # (Go's format: the offset says it)
    ("+0530 IST", dt.datetime(2025, 3, 5, 3, 30)),  # (IST alone names three zones; the offset tells which)
])
@pytest.mark.parametrize("date", ["2025-03-05 09:00", "2025-03-05 09:00:00", "03/05/2025 09:00", "5 Mar 2025 09:00"])
def test_a_zone_written_after_the_time_is_its_offset_from_utc(date, zone, utc):
    written = f"{date} {zone}"
    assert coerce.moment(written, zone="UTC") == coerce.Moment(utc, False)
    # 14:00 UTC is 15:00 in Paris (UTC+1 in March); without a Settings zone the zone is dropped
    assert coerce.moment(written, zone="Europe/Paris").at == utc + dt.timedelta(hours=1)
    assert coerce.moment(written) == coerce.Moment(MARCH_5_9AM, False)


def test_a_zone_written_right_after_the_time_and_go_s_nanoseconds_are_read():
    assert coerce.moment("2025-03-05 09:00GMT-5", zone="UTC").at == dt.datetime(2025, 3, 5, 14)
    # 09:00:00.123456789 at UTC-5: 14:00 UTC, the fraction of a second dropped as any is
    assert coerce.moment("2025-03-05 09:00:00.123456789 -0500 EST", zone="UTC").at == dt.datetime(2025, 3, 5, 14)


@pytest.mark.parametrize("setting", ["GMT+1", "Etc/GMT-1", "CET"])
def test_settings_own_zone_spellings_keep_their_meaning(setting):
    # each is one hour ahead of UTC in March (Etc/GMT-1 in the POSIX way of the zone database): 09:00Z is 10:00
    assert coerce.moment("2025-03-05T09:00:00Z", zone=setting).at == dt.datetime(2025, 3, 5, 10)
    assert coerce.moment("2025-03-05 09:00 GMT-5", zone=setting).at == dt.datetime(2025, 3, 5, 15)


@pytest.mark.parametrize("written, utc", [
    ("23:30 GMT-5", dt.time(4, 30)), ("23:30 (UTC+01:00) Amsterdam, Berlin", dt.time(22, 30)),
    ("23:30 UTC+1", dt.time(22, 30)),
])
def test_a_call_time_s_zone_is_its_offset_from_utc(written, utc):
    read = qualifiers.zoned_time(written, "UTC")
    assert read.replace(tzinfo=None) == dt.time(23, 30)
    day = dt.datetime(2025, 3, 5, 23, 30, tzinfo=read.tzinfo).astimezone(dt.timezone.utc)
    assert day.time() == utc
    assert qualifiers.zoned_time(written, None) == dt.time(23, 30)


def test_an_unreadable_call_time_is_named_as_written():
    with pytest.raises(coerce.Unreadable, match=r"'25:99 GMT-5' is not a time of day"):
        qualifiers.zoned_time("25:99 GMT-5", "UTC")


def test_a_midnight_written_in_utc_is_a_date_alone_before_any_conversion():
    # 2025-03-10 00:00 UTC is 20:00 on the 9th in New York (on summer time, UTC-4, from 9 March), 01:00 in
    # Berlin (UTC+1): kept for a column holding other times
    read = coerce.moment("2025-03-10T00:00:00.000Z", zone="America/New_York")
    assert read == coerce.Moment(dt.datetime(2025, 3, 10), True, converted=dt.datetime(2025, 3, 9, 20))
    assert coerce.moment("2025-03-10T00:00:00Z") == coerce.Moment(dt.datetime(2025, 3, 10), True)
    unix = int(dt.datetime(2025, 3, 10, tzinfo=dt.timezone.utc).timestamp())
    assert coerce.moment(unix, zone="Europe/Berlin") == coerce.Moment(dt.datetime(2025, 3, 10), True,
                                                                      converted=dt.datetime(2025, 3, 10, 1))
    typed = dt.datetime(2025, 3, 10, tzinfo=dt.timezone.utc)
    assert coerce.moment(typed, zone="Europe/Berlin").at == dt.datetime(2025, 3, 10)


def _moments(cells: list, zone: str | None):
    col = pd.Series(cells, dtype=object)
    out = pd.DataFrame({"sheet": "Scores", "row": range(2, len(cells) + 2)})
    cfg = dataclasses.replace(Config(), time_zone=zone)
    at, date_only, _ = calls._moments(col, cfg, [(None, "month-first")], out, "call date", Issues())
    return at.astype("datetime64[s]").astype(object).tolist(), date_only.tolist()


@pytest.mark.parametrize("unix", [False, True])
def test_a_column_of_midnights_in_utc_is_of_dates_in_any_zone(unix):
    days = [dt.datetime(2025, 3, d, tzinfo=dt.timezone.utc) for d in (8, 9, 10)]
    cells = [int(d.timestamp()) if unix else f"{d:%Y-%m-%d}T00:00:00.000Z" for d in days]
    for zone in (None, "America/New_York", "Europe/Berlin"):
        assert _moments(cells, zone) == ([dt.datetime(2025, 3, d) for d in (8, 9, 10)], [True] * 3), zone


def test_a_midnight_in_utc_among_other_times_is_converted_as_they_are():
    # New York is UTC-4 from 9 March: 00:00Z on the 10th is 20:00 on the 9th, 15:30Z on the 10th 11:30
    cells = ["2025-03-10T00:00:00Z", "2025-03-10T15:30:00Z", "2025-03-11"]
    assert _moments(cells, "America/New_York") == (
        [dt.datetime(2025, 3, 9, 20), dt.datetime(2025, 3, 10, 11, 30), dt.datetime(2025, 3, 11)], [False, False, True])
    assert _moments(cells, None) == (
        [dt.datetime(2025, 3, 10), dt.datetime(2025, 3, 10, 15, 30), dt.datetime(2025, 3, 11)], [False, False, True])


def _refreshed(tmp_path, session: dict, zone: str | None, rows: list[tuple], header: str = "") -> dict:
    """A team workbook with one session of Dana Cruz on ``ACK``, window 3 and 1 call needed, and the Settings
    Time zone ``zone``; an export of ``rows`` (call id, call date-time, score; or, under ``header``, the cells of
    each line) imported and refreshed as of 30 April 2025: its Follow-up row."""
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Targeted criterion": ACK, "Calls to review": 3,
                        "Calls needed at threshold": 1, **session}])
    next(r for r in wb["Settings"].iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = zone
    wb.save(book)
    export.write_text(f"{header}\n" + "".join(",".join(map(str, r)) + "\n" for r in rows) if header else
                      "call_id,agent_name,call_start_time,question,score\n" + "".join(
                          f"{c},Dana Cruz,{at},{ACK},{s}\n" for c, at, s in rows), encoding="utf-8")
    imported = run("import", book, export)  # (exit 1 when it names an unreadable row, never on an exception)
    assert imported.exit_code == 0 or isinstance(imported.exception, SystemExit) and "error:" in imported.output, (
        imported.output, imported.exception)
    refreshed = run("refresh", book, "--as-of", "2025-04-30")
    assert refreshed.exit_code == 0, refreshed.output
    return records(book, "Follow-up")[0]


def test_calls_written_in_gmt_minus_5_fall_in_the_windows_their_utc_times_say(tmp_path):
    # session on 10 March (date only), Time zone UTC: c1 is 14:00 UTC on the 8th (baseline); c2 22:00 at UTC-5 on
    # the 9th is 03:00 UTC on the 10th, the session day (neither); c3 21:00 at UTC-5 on the 10th is 02:00 on the
    # 11th (follow-up), c4 14:00 on the 12th (follow-up): baseline 50 (n 1), follow-up (90 + 70) / 2 = 80 (n 2)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10)}, "UTC", [
        ("c1", "2025-03-08 09:00 GMT-5", 50), ("c2", "2025-03-09 22:00 GMT-5", 10),
        ("c3", "2025-03-10 21:00 (UTC-05:00) Eastern Time (US & Canada)", 90),
        ("c4", "2025-03-12 09:00 GMT-05:00", 70)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 50, 2, 80)
    assert row["Follow-up calls"] == "c3, c4"


@pytest.mark.parametrize("zone, session", [
    ("America/New_York", {"Session date": dt.date(2025, 3, 10)}),
    ("Europe/Berlin", {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(9, 0)}),
])
def test_dates_written_as_midnight_utc_stay_dates_in_the_settings_zone(tmp_path, zone, session):
    # dates alone on 8-12 March: c1, c2 before the session day (baseline (10 + 20) / 2 = 15), c3 on it (neither,
    # date only, the session timed or not), c4, c5 after it (follow-up (40 + 50) / 2 = 45)
    row = _refreshed(tmp_path, session, zone, [(f"c{d - 7}", f"2025-03-{d:02d}T00:00:00.000Z", 10 * (d - 7))
                                               for d in range(8, 13)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 15, 2, 45)
    assert row["Follow-up calls"] == "c4, c5"


def _zones_book(path, zone: str, written: list[str], copies: int):
    """The greeting workbook at ``path`` with the Settings Time zone ``zone`` and a sheet "Scores zones" of Ana's
    calls C0, C1, ... on ``written`` date-times, ``copies`` times over, opened with openpyxl for more."""
    wb = _greeting_book(path)
    next(r for r in wb["Settings"].iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = zone
    ws = wb.create_sheet("Scores zones")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    for i, when in enumerate(written * copies):
        ws.append([f"C{i}", "Ana", when, "Greeting", 60 + i])
    return wb


def test_zones_and_utc_midnights_read_column_wise_as_the_row_reader_reads_them(tmp_path, monkeypatch):
    path = tmp_path / "zones.xlsx"
    wb = _zones_book(path, "America/New_York",
                     ["2025-03-04 09:00 GMT-5", "2025-03-04 09:00 (UTC+01:00) Amsterdam, Berlin",
                                                "2025-03-04 09:00:00 +0000 UTC"], 10)
    midnights = wb.create_sheet("Scores midnights")
    midnights.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    for i in range(30):
        midnights.append([f"M{i}", "Ana", f"2025-03-{1 + i % 28:02d}T00:00:00.000Z", "Greeting", 60 + i])
    unix = wb.create_sheet("Scores unix")
    unix.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    for i in range(30):
        unix.append([f"U{i}", "Ana", int(dt.datetime(2025, 3, 1 + i % 28, tzinfo=dt.timezone.utc).timestamp()),
                     "Greeting", 60 + i])
    wb.save(path)
    from coachlog_xl.workbook.book import FileBook

    assert all(FileBook(path).table(f"Scores {s}") is not None for s in ("zones", "midnights", "unix"))  # column-wise
    got = dict(zip(*_normalised_both_ways(path, monkeypatch).rows[["call_id", "at"]].to_numpy().T))
    # New York is UTC-5 on 4 March: 09:00 at UTC-5 is 09:00 there; 09:00 at UTC+1 is 08:00 UTC, 03:00 there;
    # 09:00 UTC 04:00 there; the midnights, of dates alone, on their days
    assert [got[f"C{i}"] for i in range(3)] == [dt.datetime(2025, 3, 4, h) for h in (9, 3, 4)]
    assert got["M4"] == got["U4"] == dt.datetime(2025, 3, 5)


def _unreadable_rows(tmp_path) -> list[int]:
    """The Scores rows the refreshed workbook's Checks names unreadable-date."""
    return sorted(c["Row"] for c in records(tmp_path / "team.xlsx", "Checks") if c["Code"] == "unreadable-date")


@pytest.mark.parametrize("zone", [None, "UTC"])
def test_a_date_with_a_zone_but_no_time_is_no_call_at_5am(tmp_path, zone):
    # session on 10 March at 09:00: c1 on the 8th (date only: baseline), c2 '2025-03-10 GMT-5' and c3 'Mar 10 2025
    # UTC-5' write no time (unreadable, counted nowhere; read as 05:00 they were the baseline's, before 09:00),
    # c4, c5 after it: baseline 50 (n 1), follow-up (90 + 70) / 2 = 80 (n 2)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(9, 0)}, zone, [
        ("c1", "2025-03-08", 50), ("c2", "2025-03-10 GMT-5", 10), ("c3", "Mar 10 2025 UTC-5", 20),
        ("c4", "2025-03-11", 90), ("c5", "2025-03-12", 70)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 50, 2, 80)
    assert _unreadable_rows(tmp_path) == [3, 4]


def test_a_call_time_of_a_zone_alone_is_no_time(tmp_path):
    # c2's call time 'GMT-5' writes no time: an unreadable time, the call on its date alone, the session's day
    # (in neither window; read as 05:00 it was the baseline's): baseline c1 50 (n 1), follow-up c3 90 (n 1)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(9, 0)}, "UTC", [
        ("c1", "Dana Cruz", "2025-03-08", "10:00", ACK, 50), ("c2", "Dana Cruz", "2025-03-10", "GMT-5", ACK, 10),
        ("c3", "Dana Cruz", "2025-03-11", "10:00", ACK, 90)], "call_id,agent_name,call_date,call_time,question,score")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 50, 1, 90)
    assert _unreadable_rows(tmp_path) == [3]


def test_a_zone_s_name_after_its_offset_keeps_the_offset_as_meant(tmp_path):
    # Time zone UTC, session on 10 March at 09:00 UTC: c1, c2, c3 are each 09:30 at UTC+1, 08:30 UTC (baseline,
    # (10 + 20 + 30) / 3 = 20); c4 on the 12th (follow-up 70).  Read the POSIX way, c1 was 10:30 UTC (follow-up)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(9, 0)}, "UTC", [
        ("c1", "2025-03-10 09:30 UTC+01:00 (CET)", 10),
        ("c2", "Mon Mar 10 2025 09:30:00 GMT+0100 (Central European Standard Time)", 20),
        ("c3", "2025-03-10 09:30 GMT+1", 30), ("c4", "2025-03-12 10:00", 70)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (3, 20, 1, 70)
    assert _unreadable_rows(tmp_path) == []


def test_an_offset_no_zone_has_is_an_unreadable_date_named_by_its_row(tmp_path):
    # Time zone UTC: rows 2-6 write offsets beyond 14 hours (unreadable, counted nowhere); c6 08:00 on the 8th is
    # the baseline (50), c7 on the 11th the follow-up (90).  The command stopped on the first before
    header = "call_id,agent_name,call_start_time,question,score"
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(9, 0)}, "UTC", [
        *((f"c{i}", "Dana Cruz", at, ACK, 10) for i, at in enumerate(
            ["2025-03-08 10:00 GMT+99", "2025-03-08 10:00 GMT+24", "2025-03-08 10:00 (UTC+24:00) X",
             "2025-03-08 10:00:00 +2400 UTC", "2025-03-08T10:00:00+15:00"], start=1)),
        ("c6", "Dana Cruz", "2025-03-08 08:00", ACK, 50), ("c7", "Dana Cruz", "2025-03-11 10:00", ACK, 90)], header)
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 50, 1, 90)
    assert _unreadable_rows(tmp_path) == [2, 3, 4, 5, 6]


def test_a_word_after_an_offset_is_no_zone(tmp_path):
    # Time zone UTC: c1 '09:00 -0500 Ana' is not a date-time (read as 14:00 UTC on the 8th it was the baseline's);
    # c2 09:00 -0500 EST, Go's format, is 14:00 UTC on the 8th (baseline 60), c3 on the 11th (follow-up 90)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10)}, "UTC", [
        ("c1", "2025-03-08 09:00 -0500 Ana", 10), ("c2", "2025-03-08 09:00:00 -0500 EST", 60),
        ("c3", "2025-03-11", 90)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 60, 1, 90)
    assert _unreadable_rows(tmp_path) == [2]


@pytest.mark.parametrize("written", [
    "2025-03-10 GMT-5", "Mar 10 2025 UTC-5", "20250310 GMT-5", "03/10/2025 GMT-5", "2025-03-10 (Monday) GMT-5",
    "10/03/2025 (UTC-05:00) Eastern Time (US & Canada)", "2025-03-10 (UTC+01:00) Amsterdam, Berlin",
])
def test_a_zone_after_a_date_alone_is_left_as_written_and_unreadable(written):
    assert zonetext.as_offset(written) == written
    for zone in (None, "UTC", "Europe/Berlin"):
        with pytest.raises(coerce.Unreadable, match=re.escape(repr(written))):
            coerce.moment(written, "day-first", zone)


def test_a_call_time_of_a_zone_alone_is_unreadable():
    for into in (None, "UTC"):
        with pytest.raises(coerce.Unreadable, match=r"'GMT-5' is not a time of day"):
            qualifiers.zoned_time("GMT-5", into)


@pytest.mark.parametrize("written", [
    "2025-03-10 09:30 UTC+01:00 (CET)", "2025-03-10 09:30 GMT+1 (CET)", "2025-03-10 09:30 GMT+1",
    "Mon Mar 10 2025 09:30:00 GMT+0100 (Central European Standard Time)", "2025-03-10 9:30 AM UTC+1 (CET)",
    "2025-03-10 9:30 AM (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
])
def test_a_zone_s_name_in_brackets_after_the_offset_is_its_label(written):
    # 09:30 at UTC+1 is 08:30 UTC, 09:30 in Berlin (UTC+1 in March)
    assert coerce.moment(written, zone="UTC") == coerce.Moment(dt.datetime(2025, 3, 10, 8, 30), False)
    assert coerce.moment(written, zone="Europe/Berlin").at == dt.datetime(2025, 3, 10, 9, 30)
    assert coerce.moment(written).at == dt.datetime(2025, 3, 10, 9, 30)


@pytest.mark.parametrize("written", ["2025-03-10 09:00 GMT-5 (callback)", "2025-03-10 09:00 -0500 Ana",
                                     "2025-03-10 09:00 +0100 Bob", "2025-03-10 09:00 UTC+1 Ana"])
def test_a_word_after_the_zone_makes_the_text_no_date_time(written):
    assert zonetext.as_offset(written) == written
    for zone in (None, "UTC"):
        with pytest.raises(coerce.Unreadable, match=re.escape(repr(written))):
            coerce.moment(written, zone=zone)
    with pytest.raises(coerce.Unreadable):
        qualifiers.zoned_time(written.removeprefix("2025-03-10 "), "UTC")


@pytest.mark.parametrize("written, hours", [
    ("2025-03-08 10:00 GMT+99", 99), ("2025-03-08 10:00 GMT+24", 24), ("2025-03-08 10:00 (UTC+24:00) X", 24),
    ("2025-03-08 10:00:00 +2400 UTC", 24), ("2025-03-08T10:00:00+15:00", 15), ("2025-03-08 10:00 UTC-14:30", 14.5),
])
def test_an_offset_beyond_14_hours_is_unreadable_when_converted_and_dropped_when_not(written, hours):
    with pytest.raises(coerce.Unreadable, match=rf"{re.escape(repr(written))} is {hours:g} hours from UTC"):
        coerce.moment(written, zone="UTC")
    assert coerce.moment(written) == coerce.Moment(dt.datetime(2025, 3, 8, 10), False)  # (compared as written)
    with pytest.raises(coerce.Unreadable, match=rf"is {hours:g} hours from UTC"):
        qualifiers.zoned_time(written.removeprefix("2025-03-08").strip().removeprefix("T"), "UTC")


def test_the_largest_offsets_in_use_are_read():
    # Kiribati, UTC+14: 10:00 there is 20:00 UTC the day before; Baker Island, UTC-12: 10:00 there is 22:00 UTC
    assert coerce.moment("2025-03-08 10:00 GMT+14", zone="UTC").at == dt.datetime(2025, 3, 7, 20)
    assert coerce.moment("2025-03-08T10:00:00+14:00", zone="UTC").at == dt.datetime(2025, 3, 7, 20)
    assert coerce.moment("2025-03-08 10:00 UTC-12:00", zone="UTC").at == dt.datetime(2025, 3, 8, 22)


def test_a_header_naming_an_offset_no_zone_has_is_a_label():
    assert qualifiers.offset("Call date (UTC+99)") is None
    assert qualifiers.offset("Call date (UTC+14)") == dt.timezone(dt.timedelta(hours=14))


def test_the_review_s_zones_read_column_wise_as_the_row_reader_reads_them(tmp_path, monkeypatch):
    path = tmp_path / "zones.xlsx"
    _zones_book(path, "UTC", ["2025-03-04 GMT-5", "2025-03-04 09:30 UTC+01:00 (CET)", "2025-03-04 09:00 GMT+99",
                              "2025-03-04 09:00 -0500 Ana",
                              "Tue Mar 04 2025 09:30:00 GMT+0100 (Central European Standard Time)"], 6).save(path)
    got = _normalised_both_ways(path, monkeypatch)
    at = dict(zip(*got.rows[["call_id", "at"]].to_numpy().T))
    # 09:30 at UTC+1 is 08:30 UTC; the date alone with a zone, the impossible offset and the word: unreadable
    assert at["C1"] == at["C4"] == dt.datetime(2025, 3, 4, 8, 30)
    assert not {"C0", "C2", "C3"} & set(at)
    unread = {i.row for i in got.issues if i.code.value == "unreadable-date" and i.sheet == "Scores zones"}
    assert {2, 4, 5} <= unread


def test_a_time_written_0900_or_9h_before_gmt_minus_5_is_at_utc_minus_5(tmp_path):
    # as the test above, the times written without a colon: c2 22:00 at UTC-5 on the 9th is 03:00 UTC on the 10th
    # (neither), c3 21:00 at UTC-5 on the 10th 02:00 on the 11th (follow-up): baseline 50 (n 1), follow-up
    # (90 + 70) / 2 = 80 (n 2) (before: read at UTC+5, c2 17:00 on the 9th in the baseline, c3 16:00 on the 10th
    # in neither: baseline 30, n 2; follow-up 70, n 1)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10)}, "UTC", [
        ("c1", "2025-03-08 0900 GMT-5", 50), ("c2", "2025-03-09 2200 GMT-5", 10),
        ("c3", "2025-03-10 21h GMT-5", 90), ("c4", "2025-03-12 9h GMT-5", 70)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 50, 2, 80)
    assert row["Follow-up calls"] == "c3, c4"


@pytest.mark.parametrize(("zone", "figures", "follow_up"), [
    (None, (3, 60, 1, 90), "c4"), ("America/New_York", (2, 65, 2, 70), "c1, c4")])
def test_a_time_written_0900_after_a_slash_or_dotted_date_is_its_time_before_gmt_minus_5(tmp_path, zone, figures,
                                                                                         follow_up):
    # session on 10 March at 09:30.  c1 09:00 and c2 08:00 at UTC-5 (written after 3/10/2025 and 10.03.2025, as
    # after 2025-03-10); c3's noon is no time read (unreadable, counted nowhere); c4 14:00 on the 11th, c5 the 9th.
    # Times as written: baseline c5, c2, c1 = 70, 60, 50 -> 60 (n 3), follow-up c4 90.  In New York (UTC-4 from
    # 9 March): c1 is 10:00, after the session; c2 09:00: baseline c5, c2 -> 65 (n 2), follow-up c1, c4 -> 70.
    # (Before, c1 and c2 were unreadable dates said to write no time: baseline c5 alone, 70.)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(9, 30)}, zone, [
        ("c1", "3/10/2025 0900 GMT-5", 50), ("c2", "10.03.2025 0800 GMT-5", 60), ("c3", "3/10/2025 noon -05:00", 10),
        ("c4", "3/11/2025 1400", 90), ("c5", "3/9/2025", 70)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == figures
    assert row["Follow-up calls"] == follow_up
    [said] = [c for c in records(tmp_path / "team.xlsx", "Checks") if c["Code"] == "unreadable-date"]
    assert said["Row"] == 4 and "unreadable time" in said["Problem"] and "no time" not in said["Problem"], said


@pytest.mark.parametrize("zone", [None, "UTC"])
def test_an_offset_after_a_date_with_no_time_is_an_unreadable_date(tmp_path, zone):
    # session on 10 March at 03:00: c2, c3, c4 (rows 3-5) write an offset but no time: unreadable, counted nowhere;
    # baseline c1 50 (n 1), follow-up c5, c6 (90 + 70) / 2 = 80 (n 2) (before: c2, c3, c4 read as calls at 05:00 on
    # the 10th were the follow-up's three calls, mean 20)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10), "Session time": dt.time(3, 0)}, zone, [
        ("c1", "2025-03-07", 50), ("c2", "2025-03-10 -05:00", 10), ("c3", "03/10/2025 -05:00", 20),
        ("c4", "Mar 10 2025 -0500", 30), ("c5", "2025-03-11", 90), ("c6", "2025-03-12 09:00 -05:00", 70)])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 50, 2, 80)
    assert row["Follow-up calls"] == "c5, c6"
    assert _unreadable_rows(tmp_path) == [3, 4, 5]
