"""A log written past the Settings hours after its session says by how much in hours and minutes (and seconds),
one way for every length, so one just past the limit never shows the limit itself ("24.0 hours ... (more than
24)"); counted from the session's moment, a date-only session's from the end of its day (domain.md, Exact rules:
Log-quality checks)."""

from __future__ import annotations

import datetime as dt

from tests.rules_kit import D, calls, run, session

T = dt.datetime


def _late(result) -> list[tuple[int, str]]:
    c = result.checks[result.checks["code"] == "late-log"]
    return list(zip(c["row"], c["problem"]))


def test_a_log_past_the_limit_says_its_hours_and_minutes_however_far_past():
    log = [session("S-1", logged_at=T(2026, 3, 12, 0, 1)),  # date-only on 3-10: its end is 3-11 00:00, +24 h 1 min
           session("S-2", logged_at=T(2026, 3, 12, 0, 0)),  # exactly 24 hours: not more than 24
           session("S-3", session_time=dt.time(14), logged_at=T(2026, 3, 11, 14, 1)),  # 24 h 1 min after 14:00
           session("S-4", session_time=dt.time(14), logged_at=T(2026, 3, 11, 20, 30))]  # 30 h 30 min
    r = run(calls([60] * 10, D(2026, 2, 20)), log)
    assert _late(r) == [(2, "Log row 2 (S-1): logged 24 hours 1 minute after the session (more than 24)."),
                        (4, "Log row 4 (S-3): logged 24 hours 1 minute after the session (more than 24)."),
                        (5, "Log row 5 (S-4): logged 30 hours 30 minutes after the session (more than 24).")]


def test_a_log_seconds_past_the_limit_says_its_seconds_without_a_zero_minutes():
    log = [session("S-1", session_time=dt.time(14), logged_at=T(2026, 3, 11, 14, 0, 30)),  # 24 h 30 s
           session("S-2", session_time=dt.time(14), logged_at=T(2026, 3, 11, 14, 2, 5))]  # 24 h 2 min 5 s
    r = run(calls([60] * 10, D(2026, 2, 20)), log)
    assert _late(r) == [(2, "Log row 2 (S-1): logged 24 hours 30 seconds after the session (more than 24)."),
                        (3, "Log row 3 (S-2): logged 24 hours 2 minutes 5 seconds after the session (more than 24).")]
