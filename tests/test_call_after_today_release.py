"""Baselines held by calls dated after the day after today are recorded once the hold ends (docs/rules.md,
"Baseline recorded once"): the dates fixed, a reason typed in Exclude, or the day come; and the up-to-date shortcut
(:mod:`coachlog_xl.workbook.done`) does not keep a hold a refresh would lift.  Another rep's sessions are not held."""

from __future__ import annotations

import datetime as dt
import shutil

from openpyxl import load_workbook

from coachlog_xl.workbook import done
from tests.wbkit import ACK, one_rep_book, records, run, team_book, type_log_rows

TODAY = dt.date(2026, 11, 24)
BASE10 = [60, 62, 64, 66, 68, 70, 72, 74, 76, 78]  # 11-13 .. 11-22 at 10:00: 690 / 10 = 69.0
S1 = {"Session ID": "S-1", "Session date": dt.datetime(2026, 11, 24), "Session time": dt.time(9, 0)}


def _grey(path) -> list[tuple]:
    return [(r["Baseline mean"], r["Baseline n"], r["Baseline recorded on"]) for r in records(path, "Log")]


def _codes(path) -> list[str]:
    return [c["Code"] for c in records(path, "Checks")]


def _book(path, late_rep: str | None = "Bo Park") -> None:
    """Bo Park's ten calls of BASE10, S-1 on 2026-11-24 09:00, and C99 (90) of ``late_rep`` on 2026-11-26 01:30."""
    rows = [(dt.date(2026, 11, 13 + i), s) for i, s in enumerate(BASE10)]
    wb = one_rep_book(path, rows, [S1])
    wb["Scores"].append(["C99", late_rep, dt.datetime(2026, 11, 26, 1, 30), ACK, 90])
    wb.save(path)


def _on(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(done, "today", lambda: day)


def test_the_up_to_date_shortcut_keeps_no_hold_once_the_day_has_come(tmp_path, monkeypatch):
    # --as-of 2026-11-24 on 11-24: C99 (11-26) is after the day after today (11-25): S-1 held
    book, fresh = tmp_path / "team.xlsx", tmp_path / "fresh.xlsx"
    _book(book)
    _on(monkeypatch, TODAY)
    assert run("refresh", book, "--as-of", "2026-11-24", "-q").exit_code == 0
    assert _grey(book) == [(None, None, None)] and "call-after-today" in _codes(book)
    shutil.copy(book, fresh)
    # on 11-26 C99 is today's: the same command records the ten calls before 11-24 09:00, 69.0, on the as-of date
    _on(monkeypatch, TODAY + dt.timedelta(days=2))
    out = run("refresh", book, "--as-of", "2026-11-24")
    assert out.exit_code == 0 and "up to date" not in out.output, out.output
    assert _grey(book) == [(69.0, 10, dt.datetime(2026, 11, 24))]
    assert run("refresh", fresh, "--as-of", "2026-11-24", "--no-cache", "-q").exit_code == 0
    assert _grey(fresh) == _grey(book)  # (as a refresh without the cache gives)


def test_the_next_day_releases_the_hold(tmp_path, monkeypatch):
    # on 11-25 C99 (11-26) is of the day after today: taken for real, after the as-of date 11-25: S-1 recorded on 11-25
    book = tmp_path / "team.xlsx"
    _book(book)
    _on(monkeypatch, TODAY)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == [(None, None, None)]
    _on(monkeypatch, TODAY + dt.timedelta(days=1))
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == [(69.0, 10, dt.datetime(2026, 11, 25))]
    assert "call-after-today" not in _codes(book) and "after-as-of" in _codes(book)


def test_an_exclude_reason_releases_a_blank_rep_row(tmp_path, monkeypatch):
    # C99 with no rep may be any rep's call: S-1 held until a reason is typed in its Exclude cell (Scores row 12)
    book = tmp_path / "team.xlsx"
    _book(book, late_rep=None)
    _on(monkeypatch, TODAY)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == [(None, None, None)] and "baseline-not-recorded" in _codes(book)
    wb = load_workbook(book)
    head = [c.value for c in wb["Scores"][1]]
    wb["Scores"].cell(row=12, column=head.index("Exclude") + 1, value="year typed wrong")
    wb.save(book)
    assert run("refresh", book, "-q").exit_code == 0
    assert _grey(book) == [(69.0, 10, dt.datetime(2026, 11, 24))]
    assert "baseline-not-recorded" not in _codes(book)


def test_another_rep_s_session_is_not_held(tmp_path, monkeypatch):
    # C99 is Ann Lee's, 2027-11-26: it holds no baseline of Bo Park's S-1 (69.0 over 10), and Ann Lee has no session
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", ACK)], ["Bo Park", "Ann Lee"])
    for i, score in enumerate(BASE10):
        wb["Scores"].append([f"C{i:02d}", "Bo Park", dt.datetime(2026, 11, 13 + i, 10), ACK, score])
    wb["Scores"].append(["C99", "Ann Lee", dt.datetime(2027, 11, 26, 1, 30), ACK, 90])
    type_log_rows(wb, [{"Rep": "Bo Park", "Targeted criterion": ACK, **S1}])
    wb.save(book)
    _on(monkeypatch, TODAY)
    assert run("refresh", book, "-q").exit_code == 0
    assert "call-after-today" in _codes(book) and "baseline-not-recorded" not in _codes(book)
    assert _grey(book) == [(69.0, 10, dt.datetime(2026, 11, 24))]


def test_a_session_after_today_under_a_what_if_as_of_is_held_for_that(tmp_path, monkeypatch):
    # S-9 on 2027-11-10 and its ten calls 2027-10-20..29, all a year ahead; --as-of 2027-12-31 (a what-if). S-9 is
    # held because it is after today: the as-of row says so (Field "Baseline recorded on"), and no row blames its calls
    book = tmp_path / "team.xlsx"
    rows = [(dt.date(2027, 10, 20 + i), 50 + 5 * i) for i in range(10)]
    one_rep_book(book, rows, [{"Session ID": "S-9", "Session date": dt.datetime(2027, 11, 10)}]).save(book)
    _on(monkeypatch, TODAY)
    assert run("refresh", book, "--as-of", "2027-12-31", "-q").exit_code == 0
    held = [(c["Sheet"], c["Row"], c["Field"]) for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"]
    assert held == [("Log", None, "Baseline recorded on")]
    assert "call-after-today" in _codes(book) and _grey(book) == [(None, None, None)]


def test_a_hold_a_year_ahead_stays_up_to_date_while_it_lasts(tmp_path, monkeypatch):
    # Bo Park's ten calls 11-13 .. 11-22 and S-1 on 11-24 09:00; C99 typed 2027-11-26 (a year wrong): held. Nothing
    # changes: a second refresh the same day, and another a week on (the call still a year ahead), has nothing to
    # change, so the up-to-date shortcut answers; it is skipped only once the held date draws near.
    book = tmp_path / "team.xlsx"
    wb = one_rep_book(book, [(dt.date(2026, 11, 13 + i), 60 + 2 * i) for i in range(10)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 11, 24), "Session time": dt.time(9, 0)}])
    wb["Scores"].append(["C99", "Bo Park", dt.datetime(2027, 11, 26, 10), ACK, 90])
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 11, 24))
    assert run("refresh", book, "--as-of", "2026-11-24", "-q").exit_code == 0
    assert "call-after-today" in [c["Code"] for c in records(book, "Checks")]
    assert "up to date" in run("refresh", book, "--as-of", "2026-11-24").output
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 12, 1))
    assert "up to date" in run("refresh", book, "--as-of", "2026-11-24").output
