"""Log cells as supervisors type them: a Session time typed as the number 1430 (quoted as typed, not as the
date the cell's time format makes of it), two criteria in Targeted criterion (two targets, not a broad theme),
and one Session ID written in two cases (one id, as names are matched)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from tests.session_kit import one_session_book

LOG = schema.LOG


def _checks(book) -> list[dict]:
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-04-01", "--no-cache"])
    assert out.exit_code == 0, out.output
    ws = load_workbook(book)["Checks"]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def _log_cell(wb, row: int, key: str, value, number_format: str | None = None) -> None:
    log = wb["Log"]
    cell = log.cell(row, [c.value for c in log[1]].index(LOG.column(key).header) + 1, value)
    if number_format:
        cell.number_format = number_format


def test_a_session_time_typed_as_1430_in_a_time_cell_is_quoted_as_typed(tmp_path):
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Ana Lopez", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    _log_cell(wb, 2, "session_time", 1430, "hh:mm")  # the cell shows 00:00; Excel's day 1430 is 1903-11-30
    wb.save(book)
    said = [c for c in _checks(book) if c["Code"] == "unreadable-session-time"]
    assert len(said) == 1 and str(said[0]["Value"]) == "1430"
    assert "'1430' is not a time of day (type it as 14:30)" in said[0]["Problem"]
    assert "1903" not in said[0]["Problem"]


def test_two_criteria_of_the_list_in_targeted_criterion_are_two_targets_not_a_broad_theme(tmp_path):
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Ana Lopez", session_date=dt.date(2026, 3, 10),
                     criterion="Greeting; Empathy")  # "empathy" is on the broad-theme list, Empathy on Criteria
    wb = load_workbook(book)
    wb["Criteria"].cell(3, 1, "GRT")
    wb["Criteria"].cell(3, 2, "Greeting")
    wb.save(book)
    codes = {c["Code"] for c in _checks(book) if c["Sheet"] == "Log" and c["Field"] == "Targeted criterion"}
    assert codes == {"several-targets", "unknown-criterion"}


def test_session_ids_differing_in_case_are_two_ids(tmp_path):
    # S-1 on row 2 and s-1 on row 3, the same rep, criterion and day: two ids as typed (a baseline recorded on
    # one is that row's), and no duplicate-session-id; S-1 again on row 4 is the id written twice
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Ana Lopez", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    for row, sid in ((3, "s-1"), (4, "S-1 ")):
        for key, value in (("session_id", sid), ("rep", "Ana Lopez"), ("session_date", dt.date(2026, 3, 17)),
                           ("criterion", "Empathy")):
            _log_cell(wb, row, key, value)
    wb.save(book)
    said = [(c["Row"], c["Problem"]) for c in _checks(book) if c["Code"] == "duplicate-session-id"]
    assert said == [(4, 'Log row 4: session id "S-1" is also used on row 2.')]
