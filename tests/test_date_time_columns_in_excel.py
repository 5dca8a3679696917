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
    wb = team_book(path, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": ACK}])
    scores = wb["Scores"]
    for col in range(1, scores.max_column + 1):
        scores.cell(1, col).value = HEAD[col - 1] if col <= len(HEAD) else None
    for r, (day, score) in enumerate(CALLS, start=2):
        for col, value in enumerate([f"C{r}", "Dana Cruz", dt.datetime(2026, 2, day), dt.time(10, 30), ACK, score], 1):
            scores.cell(r, col).value = value
        scores.cell(r, 3).number_format, scores.cell(r, 4).number_format = "yyyy-mm-dd", "hh:mm"
    wb.save(path)
    return path


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
    excel.refresh(book, as_of=AS_OF)
    row = _followup(book)
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 70, 2, 95)
    codes = [book.grid("Checks").get((r, 6)) for r in range(2, 200) if book.grid("Checks").get((r, 6))]
    assert "unreadable-date" not in codes and sorted(codes) == sorted(file_codes)


def _block(date_values, time_values) -> RawTable:
    return RawTable.from_rows("Scores", HEAD, [[f"C{i}", "Dana Cruz", d, t, ACK, 80]
                                               for i, (d, t) in enumerate(zip(date_values, time_values))])


@pytest.mark.parametrize("times", [
    [dt.datetime(1899, 12, 30, 10, 30), dt.datetime(1899, 12, 30, 15, 8)],  # Excel on the desktop, 1900 system
    [dt.datetime(1904, 1, 1, 10, 30), dt.datetime(1904, 1, 1, 15, 8)],  # ... and 1904 system
    [0.4375, 0.6305],  # Lite and Server
    ["1899-12-30 10:30:00", "1899-12-30 15:08:00"],  # as ISO text
])
def test_each_engines_time_alone_is_the_call_time_of_the_date_beside_it(times):
    for days in ([dt.datetime(2026, 2, 2), dt.datetime(2026, 2, 3)], [46055.0, 46056.0]):  # (46055: 2 Feb 2026)
        cols = clock_apart(_block(days, times), HEADER_MAP, {"call_at": 3, "criterion": 4, "score": 5})
        assert (cols["call_at"], cols["call_time"]) == (2, 3)


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
