"""A Log row written ahead of its session on purpose: its Scheduled at on the Session date's day and Logged at
before it (docs/rules.md, "Log-quality checks").  With the Session date typed too, the row was not one the
checks call planned (no Session date), and logged-before-session said "one of them is wrong" from the first
refresh on, though neither is."""

from __future__ import annotations

import datetime as dt

from tests.wbkit import records, run, team_book, type_log_rows

CRIT = "Empathy statement"


def _book(path):
    """Cleo Park's five calls at 60 from 2026-02-20; three rows logged on 2026-02-26 09:00: S-014 written ahead
    (Scheduled at 2026-03-03 09:00, Session date 2026-03-03), S-015 with no Scheduled at and a Session date a
    year late (2027-03-03), S-016 with Scheduled at 2026-03-03 09:00 and that year-late Session date."""
    wb = team_book(path, [("EMP", CRIT)], ["Cleo Park"])
    for i in range(5):
        wb["Scores"].append([f"C{i}", "Cleo Park", dt.datetime(2026, 2, 20 + i, 10), CRIT, 60])
    logged, planned = dt.datetime(2026, 2, 26, 9), dt.datetime(2026, 3, 3, 9)
    rows = [("S-014", planned, dt.datetime(2026, 3, 3)), ("S-015", None, dt.datetime(2027, 3, 3)),
            ("S-016", planned, dt.datetime(2027, 3, 3))]
    type_log_rows(wb, [{"Session ID": sid, "Rep": "Cleo Park", "Scheduled at": at, "Session date": day,
                        "Logged at": logged, "Targeted criterion": "EMP",
                        "Development target": "Say one empathy statement before the fix"}
                       for sid, at, day in rows])
    wb.save(path)


def _logged_before(path) -> dict:
    return {c["Problem"].split("(")[1].split(")")[0]: c for c in records(path, "Checks")
            if c["Code"] == "logged-before-session"}


def test_a_row_written_ahead_with_its_session_date_is_not_told_one_of_its_dates_is_wrong(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book)
    assert run("refresh", book, "--as-of", "2026-02-27", "-q").exit_code in (0, 1)
    named = _logged_before(book)
    # the year-late Session dates are still named, with or without a Scheduled at (S-016's is another day)
    assert set(named) == {"S-015", "S-016"}
    assert {c["How to fix"] for c in named.values()} == {"Check Logged at and Session date: one of them is wrong."}
    # held (as of 2026-03-13): S-014's Logged at is the row's, written ahead; the fix is to take the log's
    assert run("refresh", book, "--as-of", "2026-03-13", "-q").exit_code in (0, 1)
    held = _logged_before(book)["S-014"]
    assert held["Problem"] == ("Log row 2 (S-014): logged on 2026-02-26, before the session took place: the row "
                               "was written ahead of it, as its Scheduled at says.")
    assert held["How to fix"].startswith("Once the conversation is logged, set Logged at to when it was")
    assert held["Severity"] == "warning"


def test_a_session_date_and_scheduled_at_both_typed_a_year_late_are_still_named(tmp_path):
    # Logged on 2026-02-26 for a session on 2027-03-03, both cells saying so (one filled from the other): a
    # plan 370 days ahead is a year typed wrong, more than the two weeks a row is written ahead
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("EMP", CRIT)], ["Cleo Park"])
    wb["Scores"].append(["C1", "Cleo Park", dt.datetime(2026, 2, 20, 10), CRIT, 60])
    late = dt.datetime(2027, 3, 3, 9)
    type_log_rows(wb, [{"Session ID": "S-017", "Rep": "Cleo Park", "Scheduled at": late, "Session date": late,
                        "Logged at": dt.datetime(2026, 2, 26, 9), "Targeted criterion": "EMP",
                        "Development target": "Say one empathy statement before the fix"}])
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-02-27", "-q").exit_code in (0, 1)
    assert _logged_before(book)["S-017"]["How to fix"] == "Check Logged at and Session date: one of them is wrong."


def test_a_date_only_scheduled_at_is_at_an_unknown_time_of_its_day(tmp_path):
    # Scheduled at 2026-03-03 (no time), the session held at 14:00 that day, the row logged at 08:00 that day:
    # written ahead (the plan's time unknown), not a date typed wrong
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("EMP", CRIT)], ["Cleo Park"])
    wb["Scores"].append(["C1", "Cleo Park", dt.datetime(2026, 2, 20, 10), CRIT, 60])
    type_log_rows(wb, [{"Session ID": "S-018", "Rep": "Cleo Park", "Scheduled at": dt.date(2026, 3, 3),
                        "Session date": dt.date(2026, 3, 3), "Session time": dt.time(14),
                        "Logged at": dt.datetime(2026, 3, 3, 8), "Targeted criterion": "EMP",
                        "Development target": "Say one empathy statement before the fix"}])
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-03-04", "-q").exit_code in (0, 1)
    assert _logged_before(book)["S-018"]["How to fix"].startswith("Once the conversation is logged, set Logged at")
