"""An as-of date after the real today (docs/rules.md, "Baseline recorded once"): a what-if refresh records no
baseline of a session held after today, whose calls before it are not all pasted yet; a recorded one would be
kept for good.  Sessions held by today record as before.  "Today" is fixed here (``done.today``), so the
tests do not depend on the machine's date."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.workbook import done
from tests.wbkit import ACK, one_rep_book, records, run

TODAY = dt.date(2026, 3, 15)
AS_OF_ROW = [s.key for s in schema.SETTINGS_ITEMS].index("as_of") + 2


def _book(path):
    """Bo Park's ten calls at 60 from 2026-02-28 to 03-09 and five at 80 from 03-11 to 03-15 (today): S-1 on
    03-10 (Log row 2), held; S-2 on 03-18 (Log row 3), three days after today."""
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i) for i in range(10)]
    days += [dt.date(2026, 3, 11) + dt.timedelta(days=i) for i in range(5)]
    wb = one_rep_book(path, [(day, 60 if i < 10 else 80) for i, day in enumerate(days)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10)},
                       {"Session ID": "S-2", "Session date": dt.datetime(2026, 3, 18)}])
    return wb


def _grey(path) -> dict:
    return {r["Session ID"]: (r["Baseline mean"], r["Baseline n"], r["Baseline recorded on"])
            for r in records(path, "Log")}


@pytest.mark.parametrize("on_settings", [False, True])
def test_a_session_after_today_is_not_recorded_by_an_as_of_after_today(tmp_path, monkeypatch, on_settings):
    book = tmp_path / "team.xlsx"
    wb = _book(book)
    if on_settings:
        wb["Settings"].cell(row=AS_OF_ROW, column=2, value=dt.datetime(2026, 4, 30))
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q", *([] if on_settings else ["--as-of", "2026-04-30"]))
    assert out.exit_code == 0, out.output
    assert "as of 2026-04-30" in out.output
    # S-1 was held by today: its ten 60s recorded as of the refresh's date; S-2 not, its cells left blank
    assert _grey(book) == {"S-1": (60, 10, dt.datetime(2026, 4, 30)), "S-2": (None, None, None)}
    # S-2's baseline shown all the same, from the calls before 03-18: the five 80s and the last five 60s
    shown = {r["Session ID"]: r for r in records(book, "Baseline")}
    assert (shown["S-2"]["Baseline state"], shown["S-2"]["Baseline n"], shown["S-2"]["Baseline mean"],
            shown["S-2"]["Recorded on"]) == ("provisional", 10, (5 * 80 + 5 * 60) / 10, None)
    assert (shown["S-1"]["Baseline state"], shown["S-1"]["Recorded on"]) == ("recorded", dt.datetime(2026, 4, 30))
    [said] = [c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]
    assert said["Severity"] == "warning"
    assert (said["Sheet"], said["Field"]) == (("Settings", "As-of date") if on_settings else
                                              ("Log", "Baseline recorded on"))
    assert "as of 2026-04-30" in said["Problem"] and "after today (2026-03-15)" in said["Problem"]
    assert "1 session held after today (Log row 3)" in said["Problem"]
    assert ("Set the As-of date on Settings back" if on_settings else "without --as-of") in said["How to fix"]
    # the check says the same
    checked = " ".join(run("check", book, *([] if on_settings else ["--as-of", "2026-04-30"])).output.split())
    assert "after today (2026-03-15)" in checked


def test_the_session_is_recorded_by_a_refresh_once_it_is_held(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _book(book).save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    # two calls pasted on the days before the session: the baseline recorded then takes them in
    wb = load_workbook(book)
    for i, day in enumerate((16, 17)):
        wb["Scores"].append([f"C9{i}", "Bo Park", dt.datetime(2026, 3, day, 10), ACK, 100])
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 3, 19))
    out = run("refresh", book, "-q")
    assert out.exit_code == 0, out.output
    # the last ten before 03-18: two 100s, five 80s and the last three 60s = (200 + 400 + 180) / 10 = 78
    assert _grey(book)["S-2"] == (78, 10, dt.datetime(2026, 3, 19))
    assert not [c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]


def test_an_as_of_not_after_today_records_as_before(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _book(book).save(book)
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 5, 1))
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    assert _grey(book) == {"S-1": (60, 10, dt.datetime(2026, 4, 30)), "S-2": (70, 10, dt.datetime(2026, 4, 30))}
    assert not [c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]


def test_the_same_as_of_after_today_on_a_later_day_records_what_is_held_by_then(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _book(book).save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    assert _grey(book)["S-2"] == (None, None, None)
    # the file untouched, the same --as-of the day after the session: not "up to date", S-2 is held now
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 3, 19))
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0 and "up to date" not in out.output, out.output
    assert _grey(book)["S-2"] == (70, 10, dt.datetime(2026, 4, 30))


def test_the_sessions_left_unrecorded_are_named_in_log_order(tmp_path, monkeypatch):
    # S-3 (Log row 2) on 03-20 and S-2 (Log row 3) on 03-18, both after today: the windows take them by date
    # (row 3 first), the Checks row names them as the Log holds them
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i) for i in range(10)]
    wb = one_rep_book(book, [(day, 60) for day in days],
                      [{"Session ID": "S-3", "Session date": dt.datetime(2026, 3, 20)},
                       {"Session ID": "S-2", "Session date": dt.datetime(2026, 3, 18)}])
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q", "--as-of", "2026-04-30")
    assert out.exit_code == 0, out.output
    [said] = [c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]
    assert "2 sessions held after today (Log rows 2, 3)" in said["Problem"]
