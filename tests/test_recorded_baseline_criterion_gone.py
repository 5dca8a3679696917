"""A recorded baseline whose session's criterion is no longer on the Criteria sheet (its row deleted) says
so in baseline-differs-from-recorded: its calls are still on Scores but count for no session, where the
message blamed Scores cleared or the Log row corrected (domain.md, "Baseline is recorded once")."""

from __future__ import annotations

from tests.rules_kit import CRIT, D, calls, run, session

SCORES = calls([60] * 10, D(2026, 2, 20)) + calls([80] * 10, D(2026, 3, 11), prefix="F")
OTHER = {"criterion_id": "HLD", "name": "Hold", "version": "v1", "effective": D(2025, 1, 1)}
ACK = {"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}


def _differs(result) -> list[tuple[str, str]]:
    c = result.checks[result.checks["code"] == "baseline-differs-from-recorded"]
    return list(zip(c["problem"], c["fix"]))


def _log(**extra) -> list[dict]:
    # recorded on 2026-03-11 as the ten 60s before the session (2026-03-10) gave it
    return [session(baseline_mean=60, baseline_n=10, baseline_recorded_on=D(2026, 3, 11), **extra)]


def test_a_recorded_baseline_whose_criterion_left_the_criteria_sheet_names_that_cause():
    r = run(SCORES, _log(), criteria=[OTHER])  # the criterion's row deleted from Criteria
    assert "unknown-criterion" in set(r.checks["code"])
    [(problem, fix)] = _differs(r)
    assert problem.startswith("S-1: baseline recorded on 2026-03-11 as 60.0 (n 10); the score data now gives blank "
                              f'(n 0), as its criterion "{CRIT}" is not on the Criteria sheet now')
    assert "Scores cleared" not in problem and "Log row corrected" not in problem
    assert fix.startswith("Add the criterion back to the Criteria sheet")
    # done as it says: the ten 60s count again, as recorded, and nothing differs
    assert _differs(run(SCORES, _log(), criteria=[OTHER, ACK])) == []


def test_a_recorded_baseline_whose_log_row_names_no_criterion_now_says_so():
    [(problem, fix)] = _differs(run(SCORES, _log(criterion=None)))
    assert "as the session's Log row names no criterion now" in problem
    assert fix == "Pick the session's criterion in its Log row again."


def test_a_recorded_baseline_of_a_listed_criterion_with_no_calls_now_still_names_scores_cleared():
    [(problem, _)] = _differs(run(SCORES[10:], _log(), criteria=[ACK]))  # the baseline's calls gone from Scores
    assert "as none of its calls is on Scores now (Scores cleared" in problem
