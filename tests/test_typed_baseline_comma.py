"""A Log number typed with a comma follows the rules a score's does: ``64,500`` could be 64500 or 64.5 and nothing in
a Log cell tells which, so it is unreadable; a typed Baseline mean far outside 0-100 is a misread, not used."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.core.checks import Code
from tests.session_kit import pasted_book
from tests.wbkit import records, run

HEADER = ["Call ID", "Agent", "Call date", "Metric", "Score"]
# 10 calls before the session of 2026-03-10 scoring 60..69 (mean (60 + 69) / 2 = 64.5), 10 after scoring 85
ROWS = [HEADER] + [[f"A{i}", "Dana Cruz", dt.datetime(2026, 2, i + 1, 10), "Empathy", 60 + i] for i in range(10)] \
    + [[f"C{i}", "Dana Cruz", dt.datetime(2026, 3, i + 11, 10), "Empathy", 85] for i in range(10)]


def _refreshed(tmp_path, **typed):
    book = tmp_path / "team.xlsx"
    pasted_book(book, dt.date(2026, 3, 10), ROWS)
    if typed:
        wb = load_workbook(book)
        head = [c.value for c in wb["Log"][1]]
        for key, value in typed.items():
            wb["Log"].cell(2, head.index(schema.LOG.column(key).header) + 1, value)
        wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    return book


@pytest.mark.parametrize("typed", ["64,500", "64500", 64500])
def test_a_typed_baseline_that_is_a_misread_is_not_used(tmp_path, typed):
    book = _refreshed(tmp_path, baseline_mean=typed, baseline_n=10)
    [named] = [c for c in records(book, "Checks") if c["Field"] == "Baseline mean"]
    assert (named["Code"], named["Severity"]) == (Code.UNREADABLE_SCORE.value, "error")
    # not 64500 - 85 = -64415: the cell left as typed, the figures from the scores (85 - 64.5 = 20.5), not recorded
    row = records(book, "Follow-up")[0]
    assert row["Delta"] == pytest.approx(20.5)
    log = records(book, "Log")[0]
    assert log["Baseline mean"] == typed and log["Baseline recorded on"] is None


def test_a_typed_baseline_with_a_decimal_comma_is_read(tmp_path):
    # 64,5 can only be 64.5 (a thousands group has three digits): used as typed, delta 85 - 64.5 = 20.5, no error
    book = _refreshed(tmp_path, baseline_mean="64,5", baseline_n=10)
    assert [c for c in records(book, "Checks") if c["Field"] == "Baseline mean" and c["Severity"] == "error"] == []
    assert records(book, "Follow-up")[0]["Delta"] == pytest.approx(20.5)


def test_a_threshold_typed_with_a_comma_and_three_digits_is_unreadable(tmp_path):
    book = _refreshed(tmp_path, threshold="80,500")
    [named] = [c for c in records(book, "Checks") if c["Field"] == "Threshold score"]
    assert "could be 80500" in named["Problem"] and "or 80.5 (a decimal comma)" in named["Problem"]
    assert "type 80500 or 80.5" in named["Problem"]  # (how to type it, where 80,500 alone reads two ways)


def _settings_typed(tmp_path, key, value):
    book = tmp_path / "team.xlsx"
    pasted_book(book, dt.date(2026, 3, 10), ROWS)
    wb = load_workbook(book)
    wb["Settings"].cell([s.key for s in schema.SETTINGS_ITEMS].index(key) + 2, 2, value)
    wb.save(book)
    return book, run("refresh", book, "--as-of", "2026-06-30")


@pytest.mark.parametrize(("key", "typed", "grouped", "decimal"), [("late_log_hours", "24,000", "24000", "24"),
                                                                  ("threshold", "80,500", "80500", "80.5")])
def test_a_setting_typed_with_a_comma_and_three_digits_is_unreadable_and_names_both(tmp_path, key, typed, grouped,
                                                                                     decimal):
    # a Settings cell stands alone, as a Log cell does: 24,000 is 24000 or 24, 80,500 is 80500 or 80.5 (not "above
    # 100"); the message names both and how to type each
    book, out = _settings_typed(tmp_path, key, typed)
    [named] = [c for c in records(book, "Checks") if c["Sheet"] == "Settings" and c["Value"] == typed]
    assert f"could be {grouped}" in named["Problem"] and f"or {decimal} (a decimal comma)" in named["Problem"]
    assert f"type {grouped} or {decimal}" in named["Problem"]
