"""A Log row's follow-up criteria typed with a unit in the team's language (``85 Punkte``, ``5 Tage``, ``9 von 10``)
are read as those numbers; one that still cannot be read is named in Checks and the Settings value used (domain.md:
N, K and the threshold come from the Log row when filled, else Settings)."""

from __future__ import annotations

import pytest

from tests.rules_kit import D, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # sum 645 -> mean 64.5
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]  # from 11 March, one a day: sum 819 -> mean 81.9; 7 at 80+


def scores():
    return calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F")


@pytest.mark.parametrize("typed", ["85 Punkte", "85 points", "85 Pkt.", "85 pts", "85 puntos", "85 pontos",
                                   "\u2265 85 Punkte"])
def test_a_threshold_typed_in_points_of_the_teams_language_is_that_threshold(typed):
    # 85 or more of 70 75 80 85 82 88 90 79 84 86: 85 88 90 86 = 4 calls, fewer than 7; delta 81.9 - 64.5 = +17.4 > 0
    r = run(scores(), [session(threshold=typed)])
    got = row(r)
    assert "unmeasurable-follow-up" not in codes(r)
    assert (got["at_threshold"], got["threshold_met"]) == (4, "no")
    assert got["delta"] == pytest.approx(81.9 - 64.5)
    assert got["suggested"] == "continue" and got["reason"].startswith("threshold not met (4 of 10 calls at 85+)")


@pytest.mark.parametrize("typed", ["5 Tage", "5 tage", "5 jours", "5 d\u00edas", "5 dias"])
def test_a_timeframe_typed_in_days_of_the_teams_language_is_that_many_days(typed):
    # a date-only session on 10 March, 5 days: calls of 11..15 March, 70 75 80 85 82 (sum 392, mean 78.4); as of
    # 1 June the window is over with 5 of 10 calls: expired
    r = run(scores(), [session(timeframe_days=typed)])
    got = row(r)
    assert "unmeasurable-follow-up" not in codes(r)
    assert (got["followup_n"], got["followup_mean"]) == (5, pytest.approx(392 / 5))
    assert (got["status"], got["suggested"]) == ("expired", "continue")


@pytest.mark.parametrize("typed", ["9 von 10", "9 sur 10", "9 de 10", "9 von 10 Anrufen", "9 von 10 Anruf",
                                   "9 sur 10 appel", "9 de 10 llamada", "9 de 10 chamada"])
def test_calls_needed_written_k_of_n_in_the_teams_language_is_k(typed):
    # 7 of the 10 follow-up calls reach 80, fewer than 9: not met; delta +17.4 > 0: continue
    r = run(scores(), [session(k_needed=typed)])
    got = row(r)
    assert "unmeasurable-follow-up" not in codes(r)
    assert (got["at_threshold"], got["threshold_met"]) == (7, "no")
    assert got["suggested"] == "continue"


def test_calls_to_review_typed_in_calls_of_the_teams_language_is_that_number():
    # the first 5 follow-up calls: 70 75 80 85 82, mean 392 / 5
    got = row(run(scores(), [session(window_n="5 Anrufe")]))
    assert (got["followup_n"], got["followup_mean"], got["status"]) == (5, pytest.approx(392 / 5), "complete")


@pytest.mark.parametrize(("typed", "header"), [({"threshold": "85 Prozent"}, "Threshold score"),
                                               ({"timeframe_days": "5 Wochen"}, "Timeframe (days)"),
                                               ({"k_needed": "neun"}, "Calls needed at threshold")])
def test_a_follow_up_number_that_cannot_be_read_is_named_and_the_settings_value_decides(typed, header):
    # on the Settings values (80, 30 days, 7) the windows give 7 of 10 at 80+ (70 75 80 85 82 88 90 79 84 86: 80 85
    # 82 88 90 84 86), delta 81.9 - 64.5 = +17.4: close, as with the cell blank; the cell is named in Checks
    r = run(scores(), [session(**typed)])
    got = row(r)
    assert list(r.checks.loc[r.checks["code"] == "unmeasurable-follow-up", "field"]) == [header]
    assert (got["followup_n"], got["at_threshold"], got["threshold_met"]) == (10, 7, "yes")
    assert (got["baseline_n"], got["baseline_mean"]) == (10, pytest.approx(64.5))
    assert got["suggested"] == "close"
