"""Call times carrying a zone in the spellings exports write (``GMT-5``, ``(UTC+01:00) Amsterdam, ...``,
``+0000 UTC``), and dates written as midnight UTC (``2025-03-10T00:00:00.000Z``), when Settings names a Time
zone (domain.md, "Exact rules: Moments").  ``GMT-5`` is five hours behind UTC, as a person and every export
means it (dateutil alone reads it the POSIX way, five hours ahead); a column of midnights is of dates alone,
converted into no zone.  Expected values worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from coachlog_xl.core import calls, coerce, qualifiers
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
    ("23:30 GMT-5", dt.time(4, 30)), ("23:30 (UTC+01:00) Amsterdam, Berlin", dt.time(22, 30)), ("23:30 UTC+1", dt.time(22, 30)),
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


def _refreshed(tmp_path, session: dict, zone: str, rows: list[tuple[str, str, int]]) -> dict:
    """A team workbook with one session of Dana Cruz on ``ACK``, window 3 and 1 call needed, and the Settings
    Time zone ``zone``; an export of ``rows`` (call id, call date-time, score) imported and refreshed as of
    30 April 2025: its Follow-up row."""
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Targeted criterion": ACK, "Calls to review": 3,
                        "Calls needed at threshold": 1, **session}])
    next(r for r in wb["Settings"].iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = zone
    wb.save(book)
    export.write_text("call_id,agent_name,call_start_time,question,score\n" + "".join(
        f"{c},Dana Cruz,{at},{ACK},{s}\n" for c, at, s in rows), encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    refreshed = run("refresh", book, "--as-of", "2025-04-30")
    assert refreshed.exit_code == 0, refreshed.output
    return records(book, "Follow-up")[0]


def test_calls_written_in_gmt_minus_5_fall_in_the_windows_their_utc_times_say(tmp_path):
    # session on 10 March (date only), Time zone UTC: c1 is 14:00 UTC on the 8th (baseline); c2 22:00 at UTC-5 on
    # the 9th is 03:00 UTC on the 10th, the session day (neither); c3 21:00 at UTC-5 on the 10th is 02:00 on the
    # 11th (follow-up), c4 14:00 on the 12th (follow-up): baseline 50 (n 1), follow-up (90 + 70) / 2 = 80 (n 2)
    row = _refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10)}, "UTC", [
        ("c1", "2025-03-08 09:00 GMT-5", 50), ("c2", "2025-03-09 22:00 GMT-5", 10),
        ("c3", "2025-03-10 21:00 (UTC-05:00) Eastern Time (US & Canada)", 90), ("c4", "2025-03-12 09:00 GMT-05:00", 70)])
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


def test_zones_and_utc_midnights_read_column_wise_as_the_row_reader_reads_them(tmp_path, monkeypatch):
    path = tmp_path / "zones.xlsx"
    wb = _greeting_book(path)
    next(r for r in wb["Settings"].iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = "America/New_York"
    ws = wb.create_sheet("Scores zones")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    written = ["2025-03-04 09:00 GMT-5", "2025-03-04 09:00 (UTC+01:00) Amsterdam, Berlin", "2025-03-04 09:00:00 +0000 UTC"]
    for i, when in enumerate(written * 10):
        ws.append([f"C{i}", "Ana", when, "Greeting", 60 + i])
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
