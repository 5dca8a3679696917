"""A workbook of the first template (0.1.0) keeps its Score scale row as that template wrote it: "0-100" beside
"Scores are compared on 0-100; exports on other scales are converted to it.", which asked for what "auto" does now
(each paste's scale detected).  Since 0.2.0 a named 0-100 turns detection off, and every refresh since has read
(and recorded baselines) so: it is still read so, and Checks warns that the text beside it promises otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.wbkit import one_rep_book, records, run

# the first template's text for the setting (schema.py at 0.1.0), as its workbooks keep it
FIRST_TEMPLATE = "Scores are compared on 0-100; exports on other scales are converted to it."


def _book(path, help_text: str):
    """Bo Park's ten calls rated 3 (of 5) from 2026-02-28 to 03-09 and ten rated 4 from 03-11 to 03-20 around
    S-1 of 03-10, the Settings Score scale 0-100 beside ``help_text``; the row's number."""
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = one_rep_book(path, [(day, 3 if i < 10 else 4) for i, day in enumerate(days)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10),
                        "Development target": "Name the concern first."}])
    [row] = [r for r in wb["Settings"].iter_rows() if r[0].value == "Score scale"]
    row[1].value, row[2].value = "0-100", help_text
    wb.save(path)
    return row[0].row


def _figures(book) -> tuple:
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    [s1] = records(book, "Follow-up")
    return s1["Baseline mean"], s1["Follow-up mean"], s1["Delta"]


@pytest.mark.parametrize("spaced", [False, True])
def test_the_first_templates_0_100_is_read_as_typed_and_warned(tmp_path, spaced):
    book = tmp_path / "team.xlsx"
    at = _book(book, FIRST_TEMPLATE.replace("; ", ";  ") + " " if spaced else FIRST_TEMPLATE)
    assert _figures(book) == (3, 4, 1)  # detection off: a rating of 3 is 3 points
    [said] = [c for c in records(book, "Checks") if c["Code"] == "score-scale-earlier-meaning"]
    assert (said["Severity"], said["Sheet"], said["Row"], said["Value"]) == ("warning", "Settings", at, "0-100")
    assert "since the template after it, 0-100 turns the detection of each paste's scale off" in said["Problem"]
    # what to type, in the order that keeps a recorded baseline from standing beside detected follow-ups
    fix = said["How to fix"]
    first = fix.index("first clear the Baseline mean, Baseline n and Baseline recorded on cells")
    assert first < fix.index("type auto")


def test_auto_typed_as_the_warning_says_detects_the_ratings(tmp_path):
    book = tmp_path / "team.xlsx"
    at = _book(book, FIRST_TEMPLATE)
    wb = load_workbook(book)
    wb["Settings"].cell(row=at, column=2).value = "auto"
    wb.save(book)
    assert _figures(book) == (60, 80, 20)  # a 1-5 rating as points of 100: 3 -> 60, 4 -> 80
    assert not [c for c in records(book, "Checks") if c["Code"] == "score-scale-earlier-meaning"]


def test_0_100_beside_the_current_text_is_not_warned(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, "auto: each paste's scale is detected (0-1, 1-5, 1-10, 1-50, 0-100); or name one, e.g. 1-50.")
    assert _figures(book) == (3, 4, 1)
    assert not [c for c in records(book, "Checks") if c["Code"] == "score-scale-earlier-meaning"]
