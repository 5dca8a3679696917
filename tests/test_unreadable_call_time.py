"""An unreadable cell in a Scores time column (``25:00``) is an error in Checks that says what the refresh did
with the call: a call date alone counts the call on that day without a time (in neither window of a session
that day: domain.md, Exact rules: Windows), a call date that gives a time keeps it, and a call without a
readable date is not counted; the fix says so (correct the time, or clear it to keep the call as counted)."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, row, session

HEAD = ["Call ID", "Rep", "Call date", "Call time", "Criterion", "Score"]


def _run(rows):
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], reps=[{"rep": REP}], log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", HEAD, rows)]
    return compute(inputs, as_of=AS_OF)


def test_an_unreadable_call_time_says_the_call_counts_on_its_date_and_in_which_windows():
    before = [[f"C{i}", REP, D(2026, 2, 20) + dt.timedelta(days=i), "10:00", CRIT, 60] for i in range(10)]
    r = _run(before + [["X1", REP, D(2026, 3, 10), "25:00", CRIT, 80],  # row 12: the session's day, no time
                       ["X2", REP, D(2026, 3, 12), "25:00", CRIT, 90],  # row 13: two days after it
                       ["X3", REP, "2026-03-11 09:00", "25:00", CRIT, 70],  # row 14: its date gives a time
                       ["X4", REP, None, "25:00", CRIT, 50]])  # row 15: no date
    # the session (2026-03-10, no time): X1 is on its day, in neither window; X2 and X3 are followed up:
    # n 2, mean (90 + 70) / 2 = 80; the baseline is the ten 60s
    got = row(r)
    assert (got["baseline_n"], got["baseline_mean"], got["followup_n"], got["followup_mean"]) == (10, 60.0, 2, 80.0)
    times = r.checks[(r.checks["code"] == "unreadable-date") & (r.checks["field"] == "Call time")]
    said = dict(zip(times["row"], zip(times["problem"], times["fix"])))
    assert sorted(said) == [12, 13, 14, 15]
    problem, fix = said[12]
    assert problem.startswith("Scores row 12: the call time '25:00' is not a time of day")
    assert "is counted on its date, 2026-03-10, without a time" in problem
    assert ": in neither window of a session that day (its order there is unknown), and by its date" in problem
    assert "clear it to count the call on its date" in fix and "Exclude" in fix
    assert "is counted on its date, 2026-03-12, without a time" in said[13][0]
    assert "is counted at the time its call date gives, 2026-03-11 09:00" in said[14][0]
    assert "clear it to keep the call date's time" in said[14][1]
    assert "not counted" in said[15][0]
