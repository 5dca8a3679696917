"""A "Date + Time" export (the call's date in one column, its start time in another: exports.md) pasted into
Scores is read alike by ``coachlog refresh`` and by the Refresh button, whatever an engine hands for a cell that
holds a time alone: a time (the file's readers), a date-time on Excel's day zero (Excel on the desktop: 1899-12-30
10:30, or 1904-01-01 10:30 in the 1904 system), a fraction of a day (Lite and Server: 0.4375) or ISO text.
A session on 4 February 2026; calls at 10:30 on 2 and 3 February (60, 80) and 5 and 6 February (90, 100)."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl import api, excel
from coachlog_xl.core.gradingdate import clock_apart
from coachlog_xl.core.inputs import RawTable
from tests.test_export_1904 import ACK
from tests.wbkit import records, team_book, type_log_rows
from tests.xlbook import DATE_MODES, MemoryBook, sheets_of

HEAD = ["Call ID", "Rep", "Date", "Start Time", "Criterion", "Score"]
CALLS = [(2, 60), (3, 80), (5, 90), (6, 100)]
AS_OF = dt.date(2026, 2, 28)
HEADER_MAP = {"call_at": ["Call date", "Date", "Start Time"]}


def _two_columns(path):
    """The workbook of S-1 and its four calls, each at 10:30 (hh:mm) on its day (Date)."""
    return _with_lengths(path, [dt.time(10, 30)] * len(CALLS), "hh:mm", dated=False)


def _followup(book: MemoryBook) -> dict:
    grid = book.grid("Follow-up")
    return {grid[(1, c)]: grid.get((2, c)) for c in range(1, max(c for _, c in grid) + 1)}


@pytest.fixture(scope="module")
def refreshed_file(tmp_path_factory):
    path = _two_columns(tmp_path_factory.mktemp("date-time") / "team.xlsx")
    sheets = sheets_of(path)
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    return sheets, records(path, "Follow-up")[0], [r["Code"] for r in records(path, "Checks")]


@pytest.mark.parametrize("dates", DATE_MODES)
def test_a_date_and_start_time_export_gives_in_excel_the_baseline_of_the_file_refresh(refreshed_file, dates):
    sheets, on_file, file_codes = refreshed_file
    assert (on_file["Baseline n"], on_file["Baseline mean"], on_file["Follow-up n"], on_file["Follow-up mean"]) == \
        (2, 70, 2, 95)
    book = MemoryBook({name: [list(r) for r in rows] for name, rows in sheets.items()}, name="team.xlsx", dates=dates)
    # (the cells' formats, as Excel holds them: a time alone is one as its hh:mm tells)
    book.sheets["Scores"].formats.update({(r, c): fmt for r in range(2, 6)
                                          for c, fmt in ((3, "yyyy-mm-dd"), (4, "hh:mm"))})
    excel.refresh(book, as_of=AS_OF)
    row = _followup(book)
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 70, 2, 95)
    codes = [book.grid("Checks").get((r, 6)) for r in range(2, 200) if book.grid("Checks").get((r, 6))]
    assert "unreadable-date" not in codes and sorted(codes) == sorted(file_codes)


def _block(date_values, time_values) -> RawTable:
    return RawTable.from_rows("Scores", HEAD, [[f"C{i}", "Dana Cruz", d, t, ACK, 80]
                                               for i, (d, t) in enumerate(zip(date_values, time_values))])


@pytest.mark.parametrize(("times", "clocks"), [
    # Excel on the desktop, 1900 system, the column formatted as a time of day (its position 3 in ``clocks``)
    ([dt.datetime(1899, 12, 30, 10, 30), dt.datetime(1899, 12, 30, 15, 8)], frozenset({3})),
    ([dt.datetime(1904, 1, 1, 10, 30), dt.datetime(1904, 1, 1, 15, 8)], frozenset({3})),  # ... and 1904 system
    ([0.4375, 0.6305], None),  # Lite and Server (no format told)
    ([0.4375, 0.6305], frozenset({3})),  # a number under a time's format
    (["1899-12-30 10:30:00", "1899-12-30 15:08:00"], frozenset()),  # as ISO text
])
def test_each_engines_time_alone_is_the_call_time_of_the_date_beside_it(times, clocks):
    for days in ([dt.datetime(2026, 2, 2), dt.datetime(2026, 2, 3)], [46055.0, 46056.0]):  # (46055: 2 Feb 2026)
        block = _block(days, times)
        block.clocks = clocks
        cols = clock_apart(block, HEADER_MAP, {"call_at": 3, "criterion": 4, "score": 5})
        assert (cols["call_at"], cols["call_time"]) == (2, 3)


@pytest.mark.parametrize(("times", "clocks"), [
    ([dt.datetime(1899, 12, 30, 0, 6, 30), dt.datetime(1899, 12, 30, 0, 7, 30)], frozenset()),  # a length's format
    ([0.05, 0.55], frozenset()),  # plain numbers (a share), on the file or under no time's format on the desktop
])
def test_a_column_not_formatted_as_a_time_of_day_is_no_call_time(times, clocks):
    block = _block([dt.datetime(2026, 2, 2), dt.datetime(2026, 2, 3)], times)
    block.clocks = clocks
    cols = {"call_at": 3, "criterion": 4, "score": 5}
    assert clock_apart(block, HEADER_MAP, dict(cols)) == cols


@pytest.mark.parametrize("times", [
    [dt.datetime(1899, 12, 30, 10, 30), dt.datetime(2026, 2, 3, 15, 8)],  # one a real call date: dates, not clocks
    [0.4375, 46056.4375],  # one a date number with its time
    [dt.datetime(1899, 12, 30), dt.datetime(1899, 12, 30)],  # (midnights of day zero, but beside no date column)
])
def test_a_column_of_real_dates_is_never_read_as_times_alone(times):
    days = [dt.datetime(2026, 2, 2), dt.datetime(2026, 2, 3)]
    cols = {"call_at": 3, "criterion": 4, "score": 5}
    if times[0] == times[1]:  # a call date column of 1899-12-30 with no other dated column: the call date it is
        block = RawTable.from_rows("Scores", ["Call ID", "Start Time", "Criterion"], [["C1", t, ACK] for t in times])
        assert clock_apart(block, HEADER_MAP, {"call_at": 1}) == {"call_at": 1}
        return
    assert clock_apart(_block(days, times), HEADER_MAP, dict(cols)) == cols


def _log_recorded(grid: dict) -> list:
    """Log row 2's Baseline mean, Baseline n and Baseline recorded on, as the stand-in holds them."""
    heads = {grid[(1, c)]: c for c in range(1, max(c for _, c in grid) + 1) if (1, c) in grid}
    return [grid.get((2, heads[h])) for h in ("Baseline mean", "Baseline n", "Baseline recorded on")]


def _with_lengths(path, times, time_format: str | None, dated=True):
    """The two-column workbook with ``times`` in Start Time (formatted ``time_format``) and the calls' dates (with
    a time: 09:00 of each day) in Date, or (``dated`` False) a column of call dates in Date only."""
    wb = team_book(path, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": ACK}])
    scores = wb["Scores"]
    for col in range(1, scores.max_column + 1):
        scores.cell(1, col).value = HEAD[col - 1] if col <= len(HEAD) else None
    for r, ((day, score), time) in enumerate(zip(CALLS, times), start=2):
        when = dt.datetime(2026, 2, day, 9) if dated else dt.datetime(2026, 2, day)
        for col, value in enumerate([f"C{r}", "Dana Cruz", when, time, ACK, score], 1):
            scores.cell(r, col).value = value
        scores.cell(r, 3).number_format = "yyyy-mm-dd hh:mm"
        if time_format:
            scores.cell(r, 4).number_format = time_format
    wb.save(path)
    return path


def _as_desktop(sheets: dict, formats: dict) -> MemoryBook:
    """The book as Excel on the desktop hands it: a duration's cell (openpyxl's timedelta) a date-time on day zero,
    the Scores cells' formats (``formats``: (row, column) -> code) as Excel holds them."""
    zero = dt.datetime(1899, 12, 30)
    book = MemoryBook({name: [[zero + v if isinstance(v, dt.timedelta) else v for v in r] for r in rows]
                       for name, rows in sheets.items()}, name="team.xlsx", dates="desktop")
    book.sheets["Scores"].formats.update(formats)
    return book


def test_a_start_time_column_of_call_lengths_is_no_call_time_on_the_desktop(tmp_path):
    # Start Time holds each call's length (0:06:30, [h]:mm:ss): the file refresh reads it as the call date, 4
    # unreadable dates (no year), so no baseline is recorded; the desktop hands each as 1899-12-30 00:06:30, which
    # was read as a time of day and S-1's baseline recorded (n 2, mean 70) on calls timed by their length
    path = _with_lengths(tmp_path / "team.xlsx", [dt.time(0, 6 + i, 30) for i in range(4)], "[h]:mm:ss")
    sheets = sheets_of(path)
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    file_codes = [r["Code"] for r in records(path, "Checks")]
    assert file_codes.count("unreadable-date") == 4 and records(path, "Log")[0]["Baseline n"] is None
    book = _as_desktop(sheets, {(r, 4): "[h]:mm:ss" for r in range(2, 6)})
    excel.refresh(book, as_of=AS_OF)
    assert _log_recorded(book.grid("Log")) == [None, None, None]
    codes = [book.grid("Checks").get((r, 6)) for r in range(2, 200) if book.grid("Checks").get((r, 6))]
    assert sorted(codes) == sorted(file_codes)


def test_time_cells_of_formats_that_differ_are_no_call_time_on_the_desktop(tmp_path):
    # the same times of day under two formats (hh:mm and [h]:mm): Excel tells no one format for the column, so
    # whether they are times of day or lengths is unknown: read as no call time, the calls named, nothing recorded
    path = _with_lengths(tmp_path / "team.xlsx", [dt.time(10, 30)] * 4, None, dated=False)
    book = _as_desktop(sheets_of(path), {(r, 4): "hh:mm" if r < 4 else "[h]:mm" for r in range(2, 6)})
    excel.refresh(book, as_of=AS_OF)
    assert _log_recorded(book.grid("Log")) == [None, None, None]
    assert "unreadable-date" in [book.grid("Checks").get((r, 6)) for r in range(2, 200)]


@pytest.mark.parametrize("dates", ["datetime", "desktop", "serial"])
def test_a_time_of_days_format_makes_the_call_time_on_the_desktop(tmp_path, dates):
    # the same cells under hh:mm: S-1's baseline (2 Feb 60, 3 Feb 80: n 2, mean 70) is recorded
    path = _with_lengths(tmp_path / "team.xlsx", [dt.time(10, 30)] * 4, "hh:mm", dated=False)
    book = MemoryBook(sheets_of(path), name="team.xlsx", dates=dates)
    book.sheets["Scores"].formats.update({(r, 4): "hh:mm" for r in range(2, 6)})
    excel.refresh(book, as_of=AS_OF)
    assert _log_recorded(book.grid("Log"))[:2] == [70, 2]


def test_a_column_of_day_shares_beside_the_date_is_no_call_time_on_the_file(tmp_path):
    # "Start Time" holding 0.05-0.35 as plain numbers (a share, no time's format): on the file the calls keep their
    # Date (2, 3, 5, 6 February, no time), so S-1's baseline is n 2, mean 70 either way; the shares, read as times
    # (01:12 ... 08:24), gave the calls times.  The call date column is Start Time, whose numbers are no dates:
    # 4 unreadable dates, nothing recorded, as before times were read from fractions
    path = _with_lengths(tmp_path / "team.xlsx", [0.05, 0.15, 0.25, 0.35], None, dated=False)
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    assert "unreadable-date" in [r["Code"] for r in records(path, "Checks")]
    assert records(path, "Log")[0]["Baseline n"] is None


@pytest.mark.parametrize("case", ["one call without a time", "hh:mm beside hh:mm:ss"])
def test_times_of_day_under_formats_that_differ_or_broken_by_a_blank_are_call_times_on_the_desktop(tmp_path, case):
    # the formats are read over the time cells only, a range of differing ones halved: a blank General cell
    # among them (3 February's call, on its date alone) or hh:mm beside hh:mm:ss (both times of day) is no
    # duration.  S-1's baseline: 2 Feb 60 and 3 Feb 80, n 2, mean 70, as the file refresh records it (Excel
    # told no one format for the column, so every time was read as a call's length: nothing recorded)
    blank = case == "one call without a time"
    times = [dt.time(10, 30), None if blank else dt.time(10, 30), dt.time(10, 30), dt.time(10, 30)]
    path = _with_lengths(tmp_path / "team.xlsx", times, None, dated=False)
    formats = {(r, 4): ("General" if r == 3 else "hh:mm") if blank else ("hh:mm" if r % 2 else "hh:mm:ss")
               for r in range(2, 6)}
    book = MemoryBook(sheets_of(path), name="team.xlsx", dates="desktop")
    book.sheets["Scores"].formats.update(formats)
    excel.refresh(book, as_of=AS_OF)
    assert _log_recorded(book.grid("Log"))[:2] == [70, 2]
    api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    assert [records(path, "Log")[0][h] for h in ("Baseline mean", "Baseline n")] == [70, 2]
