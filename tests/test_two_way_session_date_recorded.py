"""A Session date typed as text that reads two ways (``03/10/2026``: 10 March month-first, as Settings' Date order
reads it, 3 October day-first): where its baseline is recorded for the date as read, the fix says to clear the
three grey cells too when the date typed is the other one, since a recorded baseline is never recomputed."""

from __future__ import annotations

import pytest

from tests.rules_kit import D, calls, run, session

# ten calls, 20 Feb .. 1 Mar, before the session read as 10 March: (5 x 60 + 5 x 70) / 10 = 65
SCORES = calls([60] * 5 + [70] * 5, D(2026, 2, 20))
CLEAR = "clear Baseline mean, Baseline n and Baseline recorded on as well"


def fix(result) -> str:
    c = result.checks
    return c[c["code"] == "ambiguous-session-date"]["fix"].iloc[0]


def test_the_fix_says_to_clear_the_grey_cells_the_refresh_records_for_the_date_as_read():
    result = run(SCORES, [session(day="03/10/2026")])
    assert list(result.log_updates["baseline_mean"]) == [pytest.approx(65.0)]  # recorded: the order is stated
    said = fix(result)
    assert "this refresh records its baseline for 2026-03-10" in said
    assert "if the session was on 2026-10-03, " + CLEAR in said


def test_the_fix_says_so_of_grey_cells_recorded_by_an_earlier_refresh():
    result = run(SCORES, [session(day="03/10/2026", baseline_mean=65.0, baseline_n=10,
                                  baseline_recorded_on=D(2026, 3, 11))])
    assert result.log_updates.empty
    said = fix(result)
    assert "its grey cells hold the baseline recorded on 2026-03-11 for 2026-03-10" in said and CLEAR in said


def test_nothing_is_added_while_no_baseline_is_recorded():
    # as of 1 March, before the session read as 10 March: nothing recorded, nothing to clear
    result = run(SCORES, [session(day="03/10/2026")], as_of=D(2026, 3, 1))
    assert result.log_updates.empty and CLEAR not in fix(result)
