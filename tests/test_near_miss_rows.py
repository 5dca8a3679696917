"""Two Reps rows, or two Criteria rows, whose names are near misses of each other (accents alone, one spelling
mistake): an export writing one person or criterion both ways splits its calls between them, so Checks names
both rows (``near-miss-rows``), and the fix it gives makes the calls one again."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coachlog_xl import schema
from tests.session_kit import one_session_book, refreshed, sheet_rows, typed_scores

# Ana's four calls before her session of 2026-03-10, alternating between two spellings of her name:
# all four give (60 + 80 + 70 + 90) / 4 = 75; the ones written "Ana Lopez" alone (60 + 70) / 2 = 65
CALLS = [("C1", dt.date(2026, 3, 1), 60), ("C2", dt.date(2026, 3, 2), 80),
         ("C3", dt.date(2026, 3, 3), 70), ("C4", dt.date(2026, 3, 4), 90)]


def _book(tmp_path, second: str, on: str) -> object:
    """Ana's book: ``second`` on Reps row 3 (``on="rep"``) or Criteria row 3 (``on="criterion"``), the even
    calls written that way."""
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Ana Lopez", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    if on == "rep":
        wb["Reps"].cell(3, 1, second)
    else:
        wb["Criteria"].cell(3, 1, "EMP2")
        wb["Criteria"].cell(3, 2, second)
    rows = []
    for r, (call, day, score) in enumerate(CALLS, start=2):
        odd = r % 2 == 0
        rows.append((call, "Ana Lopez" if odd or on != "rep" else second, day,
                     "Empathy" if odd or on != "criterion" else second, score))
    typed_scores(wb, rows)
    wb.save(book)
    return book


def _refresh(book) -> tuple[list[dict], tuple]:
    wb = refreshed(book, "2026-04-01")
    rows = sheet_rows(wb, "Checks")
    log = wb["Log"]
    cols = [c.value for c in log[1]]
    base = tuple(log.cell(2, cols.index(schema.LOG.column(k).header) + 1).value
                 for k in ("baseline_mean", "baseline_n"))
    return [r for r in rows if r.get("Code") == "near-miss-rows"], base


def _refreshed_anew(wb, book) -> None:
    """``wb`` with its fix made: the session's grey baseline cells cleared, saved and refreshed; then no
    warning, and the baseline recorded from all four calls."""
    log = wb["Log"]
    cols = [c.value for c in log[1]]
    for key in ("baseline_mean", "baseline_n", "baseline_recorded_on"):
        log.cell(2, cols.index(schema.LOG.column(key).header) + 1).value = None
    wb.save(book)
    said, baseline = _refresh(book)
    assert said == [] and baseline == (75, 4)


def test_two_reps_rows_one_person_spelled_two_ways_are_named_with_the_fix(tmp_path):
    second, how = "Ana López", "differ only by their accents"
    book = _book(tmp_path, second, "rep")
    said, baseline = _refresh(book)
    assert len(said) == 1
    assert (said[0]["Sheet"], said[0]["Row"], said[0]["Severity"]) == ("Reps", 3, "warning")
    assert f'Reps rows 2 and 3: "Ana Lopez" and "{second}" {how}' in said[0]["Problem"]
    assert "Scores hold calls under both" in said[0]["Problem"]
    assert f'type "{second}" among Ana Lopez\'s Other names' in said[0]["How to fix"]
    assert baseline == (65, 2)  # not held (docs/rules.md): her "Ana Lopez" calls only, C1 and C3
    # the fix: one row, the other spelling among her Other names, the recorded baseline cleared
    wb = load_workbook(book)
    wb["Reps"].delete_rows(3)
    wb["Reps"].cell(2, 2, second)
    _refreshed_anew(wb, book)


def test_two_criteria_rows_one_criterion_spelled_two_ways_are_named_with_the_fix(tmp_path):
    book = _book(tmp_path, "Émpathy", "criterion")
    said, baseline = _refresh(book)
    assert len(said) == 1
    assert (said[0]["Sheet"], said[0]["Row"]) == ("Criteria", 3)
    assert 'Criteria rows 2 and 3: "Empathy" and "Émpathy" differ only by their accents' in said[0]["Problem"]
    assert "Scores hold calls under both" in said[0]["Problem"]
    assert baseline == (65, 2)
    wb = load_workbook(book)  # the fix it gives: row 2's Criterion ID on row 3, with a Version of its own
    wb["Criteria"].cell(3, 1, "EMP")
    wb["Criteria"].cell(3, schema.CRITERIA.keys.index("version") + 1, "2")
    _refreshed_anew(wb, book)


def test_two_people_whose_names_are_near_misses_with_calls_of_one_only_are_named_without_the_split(tmp_path):
    book = _book(tmp_path, "Ana López", "rep")
    wb = load_workbook(book)
    for r in range(2, 6):
        wb["Scores"].cell(r, 2, "Ana Lopez")
    wb.save(book)
    said, baseline = _refresh(book)
    assert len(said) == 1 and "Scores hold calls under both" not in said[0]["Problem"]
    assert baseline == (75, 4)


@pytest.mark.parametrize("first, second, on", [
    ("Rep 001", "Rep 002", "rep"), ("Jo Kim", "Jo Kim 2", "rep"), ("Jo Kim", "Jon Kim", "rep"),
    ("A. Smith", "B. Smith", "rep"), ("Ana Lopez", "Ana Lopes", "rep"), ("Q1", "Q2", "criterion"),
    ("Step 9", "Step 10", "criterion"), ("Hold", "Holds", "criterion")])
def test_names_further_apart_than_accents_are_no_near_miss(tmp_path, first, second, on):
    # a letter more or less, another initial or number: two people or criteria as often as a typo, not named
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep=first if on == "rep" else "Ana Lopez",
                     session_date=dt.date(2026, 3, 10), criterion=first if on == "criterion" else "Empathy")
    wb = load_workbook(book)
    if on == "rep":
        wb["Reps"].cell(2, 1, first)
        wb["Reps"].cell(3, 1, second)
    else:
        wb["Criteria"].cell(2, 2, first)
        wb["Criteria"].cell(3, 1, "K2")
        wb["Criteria"].cell(3, 2, second)
    wb.save(book)
    near, _ = _refresh(book)
    assert near == []


def test_a_criterion_spelled_two_ways_with_a_semicolon_says_once_how_to_type_it(tmp_path):
    first, second = "Resolved; first time?", "Résolved; first time?"
    book = _book(tmp_path, second, "criterion")
    wb = load_workbook(book)
    wb["Criteria"].cell(2, 2, first)
    for r in range(2, wb["Scores"].max_row + 1):  # (the calls written "Empathy" written the first way)
        for c in range(1, wb["Scores"].max_column + 1):
            if wb["Scores"].cell(r, c).value == "Empathy":
                wb["Scores"].cell(r, c, first)
    log = wb["Log"]
    cols = [c.value for c in log[1]]
    log.cell(2, cols.index(schema.LOG.column("criterion").header) + 1, first)
    wb.save(book)
    said, _ = _refresh(book)
    assert len(said) == 1
    # the fix types the later spelling without its semicolon, once, and does not add the advice to do so again
    fix = said[0]["How to fix"]
    assert fix.count('"Résolved first time?"') == 1
    assert "split at semicolons" not in fix
