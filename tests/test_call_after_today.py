"""Calls dated after the real today (a year typed wrong: 2027-10-20 for 2026-10-20) cannot have happened: a refresh
says so as an error (``call-after-today``) and records no baseline they could enter, which would otherwise stay
recorded for good on the calls left (n 0, or too few); once the dates are corrected the next refresh records it.  A
what-if ``--as-of`` in the past keeps its calls after the as-of date an info, as before; an import warns.  "Today"
is fixed here (``done.today``), so the tests do not depend on the machine's date."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.workbook import done
from tests.import_kit import session_book
from tests.wbkit import ACK, one_rep_book, records, run, type_log_rows

TODAY = dt.date(2026, 11, 24)
SESSION = dt.datetime(2026, 11, 10)
OCTOBER = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95]  # meant for 2026-10-20 to 10-29, one a day


def _book(path, year: int):
    """Bo Park's call of 2026-10-01 (40), typed right, then the ten of OCTOBER and two follow-up calls (2026-11-12
    and 11-13, 90 and 100) typed with ``year``; S-1 on 2026-11-10 (Log row 2), date only."""
    rows = [(dt.date(2026, 10, 1), 40)]
    rows += [(dt.date(year, 10, 20 + i), score) for i, score in enumerate(OCTOBER)]
    rows += [(dt.date(year, 11, 12), 90), (dt.date(year, 11, 13), 100)]
    return one_rep_book(path, rows, [{"Session ID": "S-1", "Session date": SESSION}])


def _grey(path) -> tuple:
    [row] = records(path, "Log")
    return row["Baseline mean"], row["Baseline n"], row["Baseline recorded on"]


def _codes(path) -> list[str]:
    return [c["Code"] for c in records(path, "Checks")]


def test_calls_typed_a_year_ahead_record_no_baseline_until_their_dates_are_fixed(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _book(book, 2027).save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q")
    assert out.exit_code == 0 and "as of 2026-11-24" in out.output, out.output
    # before: the one call of 2026-10-01 was the baseline, recorded for good (40 over 1 call); now nothing is written
    assert _grey(book) == (None, None, None)
    [said] = [c for c in records(book, "Checks") if c["Code"] == "call-after-today"]
    # the ten October calls and the two of November (Scores rows 3-14), the first on 2027-10-20
    assert (said["Severity"], said["Sheet"], said["Row"], said["Field"], said["Value"]) \
        == ("error", "Scores", 3, "Call date", "2027-10-20")
    assert "after-as-of" not in _codes(book)  # (said once, as the error)
    [held] = [c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]
    assert (held["Sheet"], held["Row"]) == ("Log", 2)
    [shown] = records(book, "Baseline")
    assert (shown["Baseline state"], shown["Baseline n"], shown["Baseline mean"]) == ("provisional", 1, 40)

    # the years corrected: the next refresh records the last ten calls before 11-10, the October ten
    wb = load_workbook(book)
    for row in range(3, 15):
        cell = wb["Scores"].cell(row=row, column=3)
        cell.value = cell.value.replace(year=2026)
    wb.save(book)
    out = run("refresh", book, "-q")
    assert out.exit_code == 0, out.output
    # (50 + 55 + 60 + 65 + 70 + 75 + 80 + 85 + 90 + 95) / 10 = 725 / 10 = 72.5; the 40 of 10-01 is the 11th
    assert _grey(book) == (72.5, 10, dt.datetime(2026, 11, 24))
    assert not {"call-after-today", "baseline-not-recorded"} & set(_codes(book))


def test_a_baseline_recorded_before_is_kept(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    # recorded by a refresh of 2026-11-11, before the paste a year ahead
    wb = _book(book, 2027)
    type_log_rows(wb, [{"Baseline mean": 61, "Baseline n": 10, "Baseline recorded on": dt.datetime(2026, 11, 11)}])
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == (61, 10, dt.datetime(2026, 11, 11))
    assert "call-after-today" in _codes(book) and "baseline-not-recorded" not in _codes(book)


def test_a_replay_as_of_a_past_date_keeps_its_later_calls_an_info(tmp_path, monkeypatch):
    # the dates right; --as-of 2026-11-11, before the follow-up calls of 11-12 and 11-13 (both before today)
    book = tmp_path / "team.xlsx"
    _book(book, 2026).save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "--as-of", "2026-11-11", "-q")
    assert out.exit_code == 0, out.output
    assert _grey(book) == (72.5, 10, dt.datetime(2026, 11, 11))  # (725 / 10, as above)
    [info] = [c for c in records(book, "Checks") if c["Code"] == "after-as-of"]
    assert (info["Severity"], info["Row"]) == ("info", 13)
    assert not {"call-after-today", "baseline-not-recorded"} & set(_codes(book))


def test_an_import_of_calls_dated_after_today_warns(tmp_path, monkeypatch):
    book = session_book(tmp_path)
    export = tmp_path / "week.csv"
    export.write_text("Call ID,Agent,Call date,Criterion,Score\n"
                      "C1,Ann Lee,2026-11-20,Greeting,80\n"
                      "C2,Ann Lee,2027-11-21,Greeting,90\n"
                      "C3,Ann Lee,2027-11-22,Greeting,70\n", encoding="utf-8")
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("import", book, export)
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    # lines 3 and 4 of the file (under its header): two calls, the first on 2027-11-21
    assert "warning: week.csv: 2 rows are dated after tomorrow (2026-11-25): the first, row 3, on 2027-11-21." \
        in said, said
    assert "The year (or a time zone) may be typed wrong" in said


def test_a_row_with_a_blank_rep_dated_after_today_holds_the_baseline_as_any_rep_s(tmp_path, monkeypatch):
    # the dates right but one more row on 2027-10-25 with its Rep blank: it cannot be counted (missing-field), and
    # may be any rep's call on ACK, its real day unknown
    book = tmp_path / "team.xlsx"
    wb = _book(book, 2026)
    wb["Scores"].append(["C99", None, dt.datetime(2027, 10, 25, 10), ACK, 30])
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == (None, None, None)
    [held] = [c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]
    assert (held["Sheet"], held["Row"]) == ("Log", 2)
    # the row's rep typed: a call of 2027 of Bo Park's, the same error as above
    wb = load_workbook(book)
    wb["Scores"].cell(row=15, column=2, value="Bo Park")
    wb.save(book)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == (None, None, None) and "call-after-today" in _codes(book)
    # its date corrected to 2026-10-25: the calls before 11-10 from 10-20 are the ten of OCTOBER and C99 (30), eleven;
    # the last ten drop the first, 10-20's 50: (725 - 50 + 30) / 10 = 705 / 10 = 70.5
    wb = load_workbook(book)
    wb["Scores"].cell(row=15, column=3, value=dt.datetime(2026, 10, 25, 10))
    wb.save(book)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == (70.5, 10, dt.datetime(2026, 11, 24))
