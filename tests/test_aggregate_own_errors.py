"""The Aggregate's interval of a group's mean delta is never narrower than what its sessions' own
intervals give the mean (domain.md, "Evidence"), with the sessions of one rep whose windows share
calls counted as one: a refresh through ``coachlog refresh`` on a workbook built here, every
expected half-width worked out from the calls with the formulas written out below."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from coachlog_xl import schema
from coachlog_xl.core.aggregate import aggregate
from tests.wbkit import records, run, team_book, type_log_rows

DAY0 = dt.date(2026, 3, 1)
AS_OF = "2026-06-30"
# Ann's calls on Greeting, one a day at 10:00 from DAY0: she is coached on day 10 and again on day 11
# (09:00 both times), so each window of the second session is the first's moved on by one call
ANN = [70, 60, 80, 65, 75, 70, 60, 80, 65, 75, 72, 75, 65, 85, 70, 80, 75, 65, 85, 70, 75]
# on Closing, each rep's ten calls before a session on day 10 and ten after, no two reps coached alike
OTHERS = {
    "Bo Park": ([70, 62, 78, 66, 74, 70, 64, 76, 68, 72], [74, 66, 82, 70, 78, 74, 68, 80, 72, 76]),
    "Cy Ito": ([60, 70, 65, 75, 55, 80, 60, 70, 65, 60], [65, 75, 70, 80, 60, 85, 65, 75, 70, 56]),
    "Di Roy": ([50, 51, 49, 50, 50, 51, 49, 50, 50, 50], [70, 71, 69, 70, 70, 71, 69, 70, 70, 70]),
    "Eve Ng": ([80, 81, 79, 80, 80, 81, 79, 80, 80, 80], [60, 61, 59, 60, 60, 61, 59, 60, 60, 60]),
}
SUPERVISOR = {"Ann Lee": "Lee Ward", "Bo Park": "Kim Wu", "Cy Ito": "Kim Wu", "Di Roy": "Max Orr", "Eve Ng": "Max Orr"}


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(DAY0 + dt.timedelta(days=day), dt.time(hour))


def _book(path):
    wb = team_book(path, [("GRT", "Greeting"), ("CLS", "Closing")], list(SUPERVISOR))
    for i, rep in enumerate(SUPERVISOR, start=2):
        wb["Reps"].cell(row=i, column=3, value=SUPERVISOR[rep])
    rows = [(f"A{d:02d}", "Ann Lee", _at(d, 10), "Greeting", s) for d, s in enumerate(ANN)]
    for rep, (before, after) in OTHERS.items():
        rows += [(f"{rep[:2]}{d:02d}", rep, _at(d, 10), "Closing", s) for d, s in enumerate(before + after)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    log = [("S-1", "Ann Lee", 10, "Greeting"), ("S-2", "Ann Lee", 11, "Greeting")]
    log += [(f"S-{rep[:2]}", rep, 10, "Closing") for rep in OTHERS]
    type_log_rows(wb, [{"Session ID": sid, "Rep": rep, "Supervisor": SUPERVISOR[rep],
                        "Session date": DAY0 + dt.timedelta(days=day), "Session time": "09:00",
                        "Targeted criterion": crit, "Development target": "Greet the caller by name.",
                        "Coaching method": "role-play"} for sid, rep, day, crit in log])
    wb.save(path)


def _welch(before: list[float], after: list[float]) -> tuple[float, float, float]:
    """(delta, its standard error, Welch-Satterthwaite df), from the calls."""
    vb, va = statistics.variance(before) / len(before), statistics.variance(after) / len(after)
    df = (vb + va) ** 2 / (vb**2 / (len(before) - 1) + va**2 / (len(after) - 1))
    return statistics.mean(after) - statistics.mean(before), math.sqrt(vb + va), df


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    path = tmp_path_factory.mktemp("own") / "team.xlsx"
    _book(path)
    done = run("refresh", path, "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    agg = {(r["By"], r["Group"]): r for r in records(path, schema.AGGREGATE.name)}
    return agg, {r["Session ID"]: r for r in records(path, schema.FOLLOWUP.name)}


def test_two_sessions_sharing_calls_keep_their_own_error_as_one(sheets):
    agg, followup = sheets
    one, two = _welch(ANN[0:10], ANN[10:20]), _welch(ANN[1:11], ANN[11:21])
    assert (one[0], two[0]) == pytest.approx((4.2, 4.3))
    for sid, (delta, se, df) in (("S-1", one), ("S-2", two)):  # each session's own Welch interval
        assert followup[sid]["Delta low (95%)"] == pytest.approx(delta - stats.t.ppf(0.975, df) * se)
    # one set of calls: the errors added before squaring, var(mean) = ((se1 + se2) / 2)^2, the fewer df
    margin = stats.t.ppf(0.975, min(one[2], two[2])) * (one[1] + two[1]) / 2
    assert margin > 6  # each session's interval spans 0, and so does the group's
    plain = stats.t.ppf(0.975, 1) * statistics.stdev([4.2, 4.3]) / math.sqrt(2)  # 0.64: "improved" before
    for by, group in (("Rep", "Ann Lee"), ("Supervisor", "Lee Ward"), ("Criterion", "Greeting")):
        row = agg[(by, group)]
        assert row["Mean delta"] == pytest.approx(4.25)
        assert row["Mean delta ± (95%)"] == pytest.approx(margin) and margin > plain
        assert row["Verdict"] == "within noise"


def test_the_delta_minus_the_rtm_gain_keeps_the_sessions_own_error_too(sheets):
    agg, _ = sheets
    # each session's corrected interval is its delta interval moved by its expected gain: the same errors
    (_, se1, df1), (_, se2, df2) = (_welch(*OTHERS[rep]) for rep in ("Bo Park", "Cy Ito"))
    v1, v2 = se1**2 / 4, se2**2 / 4
    df = (v1 + v2) ** 2 / (v1**2 / df1 + v2**2 / df2)
    row = agg[("Supervisor", "Kim Wu")]
    assert row["Delta minus RTM ±"] == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(v1 + v2))


def test_the_difference_in_differences_adds_the_sessions_own_error_of_the_delta():
    # two sessions of Ann a day apart (sharing calls), deltas 10 and 10.2, each with a standard error
    # of 3 (18 df), five comparison reps each (SD of their changes 1)
    names = ("Cy", "Di", "Eve", "Fay", "Gus")
    rows = [{"session_id": sid, "rep": "Ann Lee", "supervisor": None, "criterion": "Greeting", "method": "role-play",
             "criterion_key": "greeting", "at": pd.Timestamp(day), "timeframe_days": 30, "session_at": day,
             "day": pd.Timestamp(day), "status": "complete", "valid": "yes", "same_criterion": "yes",
             "definition_unchanged": "yes", "types_comparable": "yes", "enough_calls": "yes", "threshold_met": "no",
             "suggested": "continue", "delta": delta, "delta_se": 3.0, "delta_df": 18.0, "baseline_mean": 60.0,
             "followup_mean": 60.0 + delta, "comparison_change": change, "did": delta - change,
             "comparison_names": names, "comparison_sd": 1.0}
            for sid, day, delta, change in (("S-1", dt.date(2026, 3, 10), 10.0, 2.0),
                                            ("S-2", dt.date(2026, 3, 11), 10.2, 2.1))]
    g = aggregate(pd.DataFrame(rows)).query("dimension == 'Rep'").iloc[0]
    # each comparison rep weighs 2 x 1/(2 x 5) = 0.2: var(comparison) = 1 x 5 x 0.2^2 = 0.2 (4 df); the mean
    # delta's own variance ((3 + 3) / 2)^2 = 9 (18 df) is wider than its spread (var(10, 10.2) / 2 = 0.01)
    var = 0.2 + 9
    df = var**2 / (0.2**2 / 4 + 9**2 / 18)
    assert g["did"] == pytest.approx(8.05) and g["did_margin"] == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(var))
    assert g["delta_margin"] == pytest.approx(stats.t.ppf(0.975, 18) * 3)


def test_two_independent_sessions_add_their_variances(sheets):
    agg, _ = sheets
    (d1, se1, df1), (d2, se2, df2) = (_welch(*OTHERS[rep]) for rep in ("Bo Park", "Cy Ito"))
    assert (d1, d2) == pytest.approx((4.0, 4.1))
    v1, v2 = se1**2 / 4, se2**2 / 4  # var(mean) = (se1^2 + se2^2) / 2^2, Welch-Satterthwaite df
    df = (v1 + v2) ** 2 / (v1**2 / df1 + v2**2 / df2)
    row = agg[("Supervisor", "Kim Wu")]
    plain = stats.t.ppf(0.975, 1) * statistics.stdev([4.0, 4.1]) / math.sqrt(2)  # 0.64
    assert row["Mean delta"] == pytest.approx(4.05) and row["Verdict"] == "within noise"
    assert row["Mean delta ± (95%)"] > plain
    assert row["Mean delta ± (95%)"] == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(v1 + v2))


def test_one_session_shows_its_own_interval(sheets):
    agg, _ = sheets
    delta, se, df = _welch(*OTHERS["Bo Park"])
    assert agg[("Rep", "Bo Park")]["Mean delta ± (95%)"] == pytest.approx(stats.t.ppf(0.975, df) * se)


def test_a_plain_interval_already_wider_stays_the_t_interval_over_sessions(sheets):
    agg, _ = sheets
    row = agg[("Supervisor", "Max Orr")]  # deltas +20 and -20, each known to within a point
    assert row["Mean delta"] == pytest.approx(0.0, abs=1e-9)
    assert row["Mean delta ± (95%)"] == pytest.approx(stats.t.ppf(0.975, 1) * statistics.stdev([20, -20]) / math.sqrt(2))


def test_the_sets_sharing_calls_run_on_while_a_session_falls_within_an_earlier_ones_window():
    # Bo's sessions on Mar 1 (30 days: up to Apr 1), Mar 20 (10 days) and Mar 25 (10 days): the third is
    # past the second's window but within the first's, so all three are one set; Apr 21 is past them all; Ann's Mar 2
    # session is another rep's, and Bo's session on another criterion another set
    from coachlog_xl.core.aggregate_columns import _sharing_calls

    frame = pd.DataFrame({
        "at": pd.to_datetime(["2026-03-01", "2026-03-20", "2026-03-25", "2026-04-21", "2026-03-02", "2026-03-02"]),
        "timeframe_days": [30, 10, 10, 30, 30, 30], "rep": ["Bo", "Bo", "Bo", "Bo", "Ann", "Bo"],
        "criterion_key": ["x", "x", "x", "x", "x", "y"]})
    assert _sharing_calls(frame, np.ones(6, dtype=bool)).tolist() == [0, 0, 0, 3, 4, 5]
