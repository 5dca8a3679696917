"""``coachlog import`` doubts an export's date order by the as-of date a refresh takes (the machine's day), while
Settings' Time zone only moves the day calls are "after today" by (docs/rules.md, "Baseline recorded once")."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.workbook import done
from tests.import_kit import session_book
from tests.wbkit import records, run

UTC_NOW = dt.datetime(2026, 11, 3, 16)  # the machine's day 11-03; in Tokyo it is 11-04 01:00


def test_import_and_the_refresh_after_it_doubt_the_date_order_alike_with_a_time_zone(tmp_path, monkeypatch):
    # Settings: Date order month-first (the default), Time zone Asia/Tokyo. The export is typed day-first, 1-11 April:
    # "11-04-2026" read month-first is 2026-11-04, after the as-of date 11-03 (the machine's day, Settings' As of
    # blank), and read day-first no call is after it: the order is doubted, by the import as by the refresh.
    book = session_book(tmp_path)
    wb = load_workbook(book)
    next(r for r in wb["Settings"].iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = "Asia/Tokyo"
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: UTC_NOW.date())
    monkeypatch.setattr(done, "now", lambda zone: UTC_NOW.replace(tzinfo=dt.timezone.utc).astimezone(zone))
    export = tmp_path / "week.csv"
    export.write_text("Call ID,Agent,Call date,Criterion,Score\n" + "".join(
        f"C{d},Ann Lee,{d:02d}-04-2026 10:00,Greeting,80\n" for d in range(1, 12)), encoding="utf-8")
    imported = run("import", book, export)
    assert "show no order" in imported.output and "after the as-of date 2026-11-03" in imported.output
    run("refresh", book, "-q")
    assert "date-order-doubted" in [c["Code"] for c in records(book, "Checks")]
