"""The Criteria sheet as people type it: an Effective from typed as a text date that reads two ways is named
with both readings (as a Log Session date is), and blank rows between criteria are no criteria."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coachlog_xl import schema
from tests.session_kit import one_session_book, refreshed, sheet_rows, typed_scores

CRIT = schema.CRITERIA.keys


def _book(tmp_path) -> object:
    """Ana's session of 2026-03-10 (date only) on Empathy, four calls before it (2026-03-01 to 03-04) and five after
    (2026-03-11 to 03-15): a version taking effect from 2026-03-02 to 2026-03-15 is inside the windows."""
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Ana Lopez", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    days = [dt.date(2026, 3, d) for d in (1, 2, 3, 4, 11, 12, 13, 14, 15)]
    typed_scores(wb, [(f"C{r}", "Ana Lopez", day, "Empathy", 80) for r, day in enumerate(days, start=2)])
    wb.save(book)
    return book


def _refresh(book) -> tuple[list[dict], dict]:
    wb = refreshed(book, "2026-04-20")
    return sheet_rows(wb, "Checks"), sheet_rows(wb, "Follow-up")[0]


@pytest.mark.parametrize("order, read, other, unchanged", [
    ("month-first", "2026-03-05", "2026-05-03", "no"),  # 5 March: between the windows' first and last call
    # 3 May: after the follow-up window (to 9 April, over as of 20 April)
    ("day-first", "2026-05-03", "2026-03-05", "yes"),
])
def test_an_effective_from_typed_as_text_that_reads_two_ways_is_named_with_both_readings(tmp_path, order, read,
                                                                                           other, unchanged):
    book = _book(tmp_path)
    wb = load_workbook(book)
    crit = wb["Criteria"]
    crit.cell(2, CRIT.index("version") + 1, "1")
    for key, value in (("criterion_id", "EMP"), ("name", "Empathy"), ("version", "2"), ("effective", "03/05/2026")):
        crit.cell(3, CRIT.index(key) + 1, value)
    settings = wb["Settings"]
    row = next(r for r in range(1, settings.max_row + 1) if settings.cell(r, 1).value == "Date order")
    settings.cell(row, 2, order)
    wb.save(book)
    checks, session = _refresh(book)
    said = [c for c in checks if c["Code"] == "ambiguous-effective-date"]
    assert [(c["Sheet"], c["Row"], c["Field"], c["Value"], c["Severity"]) for c in said] == [
        ("Criteria", 3, "Effective from", "03/05/2026", "warning")]
    assert f"read {order} (the Settings date order) as {read}" in said[0]["Problem"]
    assert f"it would be {other}" in said[0]["Problem"]
    assert session["Definition unchanged"] == unchanged


def test_blank_rows_between_criteria_are_no_criteria(tmp_path):
    book = _book(tmp_path)
    wb = load_workbook(book)
    crit = wb["Criteria"]
    for key, value in (("criterion_id", "GRT"), ("name", "Greeting")):
        crit.cell(5, CRIT.index(key) + 1, value)  # rows 3 and 4 left blank
    wb.save(book)
    checks, session = _refresh(book)
    assert [c for c in checks if c["Sheet"] == "Criteria"] == []
    assert session["Definition unchanged"] == "yes"
