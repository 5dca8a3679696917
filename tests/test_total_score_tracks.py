"""A points ``Total Score`` that is the sum of the call's 1-5 ratings (core/overallmax.py: it tracks them) is the
evaluation's overall whatever else the paste holds: a call with an N/A question (its total the one rating scored),
or a paste long enough to be looked at in runs of rows, which cut an evaluation at each end; so is their mean, held
on a first paste too short to show the ratings' scale."""
from __future__ import annotations

import numpy as np

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

CRITERIA = [{"criterion_id": "G", "name": "Greeting"}, {"criterion_id": "E", "name": "Empathy"},
            {"criterion_id": "R", "name": "Resolution"}]
REPS = [{"rep": "Dana Cruz"}]
HEAD = ["Call ID", "Agent", "Call Date", "Question", "Score", "Total Score", "Reviewer"]


def _greeting(rows, call=None) -> list[float]:
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("qa.csv", HEAD, rows))
    got = pv.calls[(pv.calls["criterion"] == "Greeting") & ((pv.calls["call_id"] == call) if call else True)]
    return got.sort_values("call_id")["score"].round(3).tolist()


def test_a_call_with_an_na_question_keeps_the_sum_read_as_the_overall():
    calls = [("D1", 5, 5, 10), ("D2", 5, 4, 9), ("D3", 5, 5, 10), ("D4", 5, 4, 9), ("D5", 5, 5, 10), ("D6", 5, 4, 9),
             ("D7", 5, "N/A", 5)]  # (D7's total: Greeting's 5 alone, the one question scored)
    rows = [[call, "Dana Cruz", f"2026-09-{n + 1:02d} 10:00", q, got, total, "Quinn Ada"]
            for n, (call, g, e, total) in enumerate(calls) for q, got in (("Greeting", g), ("Empathy", e))]
    # Greeting 5 on 1-5 = 5 / 5 x 100 = 100 on all seven (over Total Score: 5 of 10 = 50, 5 of 9 = 55.6, D7 100)
    assert _greeting(rows) == [100.0] * 7


def test_na_calls_at_a_tenth_of_the_scored_rows_keep_the_sum_read_as_the_overall():
    calls = [("D1", 5, 5, 10), ("D2", 5, 4, 9), ("D3", 5, 5, 10), ("D4", 5, 4, 9), ("D5", 5, 5, 10), ("D6", 5, 4, 9),
             ("D7", 5, "N/A", 5), ("D8", 5, "N/A", 5)]  # (D7 and D8: Greeting's 5 alone reaches the total 5)
    rows = [[call, "Dana Cruz", f"2026-09-{n + 1:02d} 10:00", q, got, total, "Quinn Ada"]
            for n, (call, g, e, total) in enumerate(calls) for q, got in (("Greeting", g), ("Empathy", e))]
    # 14 scored rows, 2 of them (14 %, over a tenth) a score at its total, both on a call of one scored row; on the
    # calls of two, none does (5 + 5 = 10 above 5): the sum rule decides, Greeting 5 on 1-5 = 100 on all eight
    # (over Total Score: 5 of 10 = 50, 5 of 9 = 55.6)
    assert _greeting(rows) == [100.0] * 8


def test_a_sum_of_three_ratings_on_8000_calls_is_the_overall():
    rng = np.random.default_rng(3)
    rows = []
    for c in range(8_000):  # 24,000 rows: looked at in runs
        s = np.array([rng.integers(4, 6), rng.integers(4, 6), rng.integers(1, 3)])
        rows += [[f"C{c:05d}", "Dana Cruz", f"2026-0{1 + c % 9}-{1 + c % 28:02d} 10:00", q, int(v), int(s.sum()),
                  "Quinn Ada"] for q, v in zip(("Greeting", "Empathy", "Resolution"), s)]
    for r, v in zip(rows[:3], (5, 5, 2)):  # the first call: 5 + 5 + 2 = 12
        r[4], r[5] = v, 12
    # C00000's Greeting 5 on 1-5 = 5 / 5 x 100 = 100 (over the total 12: 41.7)
    assert _greeting(rows, "C00000") == [100.0]


def test_a_mean_total_on_two_calls_holds_rather_than_reads_points_over_it():
    rows = [[call, "Dana Cruz", f"2026-09-{n + 1:02d} 10:00", q, got, total, "Quinn Ada"]
            for n, (call, g, e, total) in enumerate([("D1", 4, 5, 4.5), ("D2", 3, 4, 3.5)])
            for q, got in (("Greeting", g), ("Empathy", e))]
    # (4 + 5) / 2 = 4.5 and (3 + 4) / 2 = 3.5: the calls' mean, Empathy's 5 above it; read over it Greeting would be
    # 4 / 4.5 = 88.9 and Empathy 5 / 4.5 = 111.1; two calls do not show the 1-5 scale (4 on 0-100 is 4): held
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("qa.csv", HEAD, rows))
    assert pv.checks.loc[pv.checks["code"] == Code.MAXIMUM_UNSURE.value, "field"].tolist() == ["Total Score"]
