"""A Log row's Calls to review not used: a formula with no value, a number that is not a valid N, a word, or a mark
meaning blank (``-``, ``N/A``); and the words of one beside a baseline recorded already."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.rules_kit import D, base_row, calls, row, run, session
from tests.wbkit import one_rep_book, records
from tests.wbkit import run as cli

BEFORE = [95, 91, 60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # the twelve calls before the session on 03-10


def scores():
    return calls(BEFORE, D(2026, 2, 20), prefix="B")


def said(result, code: str):
    return result.checks[result.checks["code"] == code]


def test_a_calls_to_review_formula_with_no_value_holds_the_baseline(tmp_path):
    # Calls to review =7+5 saved by openpyxl (no value): read as blank, N 10 from Settings for what is shown;
    # once Excel calculates it N is 12, so a baseline recorded now over 10 calls would be wrong for good.
    # Twelve calls from 02-20 to 03-03 at 10:00 (scores as BEFORE), the session on 03-10.
    book = tmp_path / "team.xlsx"
    wb = one_rep_book(book, [(D(2026, 2, 20) + dt.timedelta(days=i), s) for i, s in enumerate(BEFORE)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10), "Calls to review": "=7+5"}])
    wb.save(book)
    assert cli("refresh", book, "--as-of", "2026-06-01", "-q").exit_code == 0
    log = load_workbook(book)["Log"]
    head = [c.value for c in log[1]]
    # nothing recorded in the grey cells (before: Baseline n 10, mean of the last ten, 645 / 10 = 64.5)
    assert [log.cell(2, head.index(h) + 1).value for h in ("Baseline mean", "Baseline n", "Baseline recorded on")] \
        == [None, None, None]
    held = [r for r in records(book, "Checks") if r["Code"] == "baseline-not-recorded"]
    assert [(r["Row"], r["Field"]) for r in held] == [(2, "Calls to review")]
    assert "=7+5" in held[0]["Problem"] and "formula" in held[0]["Problem"]
    base = [r for r in records(book, "Baseline") if r["Session ID"] == "S-1"][0]
    assert (base["Baseline n"], base["Baseline mean"]) == (10, pytest.approx(64.5))


@pytest.mark.parametrize("typed", [1, 0, -3, 12.5, True])
def test_a_number_that_is_not_a_valid_n_is_said_so_not_cannot_be_read(typed):
    result = run(scores(), [session(window_n=typed)])
    problem = said(result, "unmeasurable-follow-up")["problem"].iloc[0]
    # N is a whole number of calls from 2 (the follow-up never the first call alone) to 1000
    assert "is not a valid N" in problem and "a whole number of calls from 2 to 1000" in problem
    assert "can be read" not in problem
    assert "not a valid N" in row(result)["reason"] and "cannot be read" not in row(result)["reason"]
    # still held: the Settings N's baseline, the last ten calls 645 / 10 = 64.5, provisional
    assert result.log_updates.empty and base_row(result)["state"] == "provisional"


@pytest.mark.parametrize("typed", ["-", "N/A", "n/a", " - "])
@pytest.mark.parametrize("key", ["window_n", "timeframe_days", "threshold", "k_needed"])
def test_a_dash_or_n_a_is_a_blank_cell(key, typed):
    result = run(scores(), [session(**{key: typed})])
    # blank means Settings: N 10, the last ten calls recorded, 645 / 10 = 64.5; a note says what was typed is read as
    # a blank (the Settings value used), no warning
    assert said(result, "unmeasurable-follow-up").empty
    note = said(result, "follow-up-number-as-blank")
    assert len(note) == 1 and f'"{typed}" is read as a blank cell' in note["problem"].iloc[0]
    assert list(result.log_updates["baseline_n"]) == [10]
    assert list(result.log_updates["baseline_mean"]) == [pytest.approx(64.5)]


def test_an_unreadable_calls_to_review_beside_a_recorded_baseline_says_it_is_kept():
    kept = run(scores(), [session(window_n="fifteen", baseline_mean=64.5, baseline_n=10,
                                  baseline_recorded_on=D(2026, 3, 11))])
    problem = said(kept, "unmeasurable-follow-up")["problem"].iloc[0]
    assert "kept and in use" in problem and "waits" not in problem
    assert "not recorded until" not in said(kept, "unmeasurable-follow-up")["fix"].iloc[0]
