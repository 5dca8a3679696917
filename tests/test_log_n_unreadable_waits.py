"""A Log row's Calls to review that cannot be read ("fifteen"): the session's N, so its baseline window, is not
known, so its baseline waits as one of an unreadable Session time does; one recorded already stays."""

from __future__ import annotations

import pytest

from tests.rules_kit import D, base_row, calls, row, run, session

BEFORE = [95, 91, 60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # the twelve calls before the session on 03-10


def scores():
    return calls(BEFORE, D(2026, 2, 20), prefix="B")


def said(result, code: str):
    return result.checks[result.checks["code"] == code]


def test_calls_to_review_typed_as_a_word_holds_the_baseline_until_a_number_is_typed():
    word = run(scores(), [session(window_n="fifteen")])
    # Settings' N (10) is used for what is shown: the last ten calls, 60 .. 69 = 645 / 10 = 64.5, provisional.
    # Before, 64.5 over 10 calls was recorded at once, and typing 12 later left it recorded for good
    assert word.log_updates.empty
    assert (base_row(word)["state"], row(word)["baseline_n"], row(word)["baseline_mean"]) == (
        "provisional", 10, pytest.approx(64.5))
    assert "baseline waits" in said(word, "unmeasurable-follow-up")["problem"].iloc[0]
    assert row(word)["suggested"] == "continue" and "Calls to review cannot be read" in row(word)["reason"]
    # the number typed as the fix says: the last twelve calls recorded, (95 + 91 + 645) / 12 = 831 / 12 = 69.25
    typed = run(scores(), [session(window_n=12)])
    assert list(typed.log_updates["baseline_n"]) == [12]
    assert list(typed.log_updates["baseline_mean"]) == [pytest.approx(69.25)]


def test_a_baseline_recorded_already_stays_beside_an_unreadable_calls_to_review():
    kept = run(scores(), [session(window_n="fifteen", baseline_mean=64.5, baseline_n=10,
                                  baseline_recorded_on=D(2026, 3, 11))])
    assert kept.log_updates.empty and base_row(kept)["state"] == "recorded"
    assert (row(kept)["baseline_n"], row(kept)["baseline_mean"]) == (10, 64.5)


def test_another_follow_up_number_unreadable_does_not_hold_the_baseline():
    # a threshold typed as a word leaves the baseline window (the last N calls) as it is: recorded, 64.5 over 10
    result = run(scores(), [session(threshold="eighty")])
    assert list(result.log_updates["baseline_mean"]) == [pytest.approx(64.5)]
