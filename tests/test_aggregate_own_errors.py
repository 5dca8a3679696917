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
             "comparison_names": names, "comparison_sd": 1.0,
             # one call a day: baselines of the ten days before, follow-ups of the ten from the session's day
             **{key: pd.Timestamp(day) + pd.Timedelta(days=d) for key, d in
                (("baseline_from", -10), ("baseline_to", -1), ("followup_from", 0), ("followup_to", 9))}}
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
    assert row["Mean delta ± (95%)"] == pytest.approx(stats.t.ppf(0.975,
                                                                  1) * statistics.stdev([20, -20]) / math.sqrt(2))


def test_the_sets_sharing_calls_are_the_sessions_whose_baselines_or_follow_ups_share_calls():
    # Bo on x: row 0's baseline shares calls with row 1's, row 1's follow-up with row 7's: one set; row 2's
    # baseline is row 1's follow-up (chained): not linked by it; row 3's follow-up shares calls with row
    # 2's: a set; Ann's session (row 4) is another rep's, Bo's on y (row 5) another criterion's, and row
    # 6 has no calls: each a set of its own
    from coachlog_xl.core.aggregate_columns import _sharing_calls

    spans = [("03-01", "03-10", "03-11", "03-20"), ("03-05", "03-14", "03-15", "03-24"),
             ("03-21", "03-30", "03-31", "04-09"), ("02-01", "02-10", "04-05", "04-14"),
             ("03-01", "03-10", "03-11", "03-20"), ("03-01", "03-10", "03-11", "03-20"), (None,) * 4,
             ("01-01", "01-10", "03-23", "03-28")]
    frame = pd.DataFrame({"rep": ["Bo", "Bo", "Bo", "Bo", "Ann", "Bo", "Bo", "Bo"],
                          "criterion_key": ["x", "x", "x", "x", "x", "y", "x", "x"]})
    for k, key in enumerate(("baseline_from", "baseline_to", "followup_from", "followup_to")):
        frame[key] = pd.to_datetime([f"2026-{s[k]}" if s[k] else None for s in spans])
    assert _sharing_calls(frame, np.ones(8, dtype=bool)).tolist() == [0, 0, 2, 2, 4, 5, 6, 0]
    # a session left out of the aggregates links nothing: without row 1, rows 0 and 7 share no calls
    valid = np.ones(8, dtype=bool)
    valid[1] = False
    assert _sharing_calls(frame, valid).tolist() == [0, 1, 2, 2, 4, 5, 6, 7]



def test_sessions_naming_different_call_types_share_no_calls():
    # Bo's sessions on x over the same days: rows 0 and 1 name Sales, row 2 Support (its windows hold
    # Support calls alone): rows 0 and 1 one set, row 2 its own; Cy's on x, one naming Sales and one
    # none (which holds the Sales calls too): one set
    from coachlog_xl.core.aggregate_columns import _sharing_calls

    span = ("03-01", "03-10", "03-11", "03-20")
    frame = pd.DataFrame({"rep": ["Bo", "Bo", "Bo", "Cy", "Cy"], "criterion_key": ["x"] * 5,
                          "call_type": ["Sales", "SALES", "Support", "Sales", None]})
    for k, key in enumerate(("baseline_from", "baseline_to", "followup_from", "followup_to")):
        frame[key] = pd.to_datetime([f"2026-{span[k]}"] * 5)
    assert _sharing_calls(frame, np.ones(5, dtype=bool)).tolist() == [0, 0, 2, 3, 3]

# Dana, on Greeting, is coached monthly: calls one a day at 10:00 on days 0-19 and 30-49, sessions on
# days 10 and 40 at 09:00, so her windows are days 0-9 / 10-19 and 30-39 / 40-49 (no call shared).  Eli,
# on Closing, is coached on days 10 and 20, calls on days 0-29: the second session's baseline is the
# first's follow-up (days 10-19; chained).  Every window alternates two scores 26 apart: each delta +10.
LOW, HIGH, TOP = [52, 78] * 5, [62, 88] * 5, [72, 98] * 5
APART = {"Dana Cruz": ("Greeting", {0: LOW, 10: HIGH, 30: LOW, 40: HIGH}, (10, 40)),
         "Eli Moss": ("Closing", {0: LOW, 10: HIGH, 20: TOP}, (10, 20))}


@pytest.fixture(scope="module")
def apart(tmp_path_factory):
    path = tmp_path_factory.mktemp("apart") / "team.xlsx"
    wb = team_book(path, [("GRT", "Greeting"), ("CLS", "Closing")], list(APART))
    rows = [(f"{rep[:2]}{day + i:02d}", rep, _at(day + i, 10), crit, score)
            for rep, (crit, blocks, _) in APART.items() for day, scores in blocks.items()
            for i, score in enumerate(scores)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    type_log_rows(wb, [{"Session ID": f"{rep[:2]}-{day}", "Rep": rep, "Supervisor": f"Sup {rep}",
                        "Session date": DAY0 + dt.timedelta(days=day), "Session time": "09:00",
                        "Targeted criterion": crit, "Development target": "Greet the caller by name.",
                        "Coaching method": "role-play"}
                       for rep, (crit, _, days) in APART.items() for day in days])
    wb.save(path)
    done = run("refresh", path, "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    return ({(r["By"], r["Group"]): r for r in records(path, schema.AGGREGATE.name)},
            {r["Session ID"]: r for r in records(path, schema.FOLLOWUP.name)})


@pytest.mark.parametrize("rep", list(APART))
def test_sessions_sharing_no_calls_in_one_role_add_their_variances(apart, rep):
    agg, followup = apart
    delta, se, df = _welch(LOW, HIGH)  # every session's: 10, sqrt(2 x 187.8 / 10) = 6.13, 18 df
    assert (delta, se, df) == pytest.approx((10, 6.128, 18), abs=1e-3)
    for day in APART[rep][2]:
        row = followup[f"{rep[:2]}-{day}"]
        assert (row["Delta"], row["Change"]) == (10, "within noise")  # each alone: 10 -/+ 12.87
        assert row["Delta low (95%)"] == pytest.approx(10 - stats.t.ppf(0.975, 18) * se)
    # independent errors: var(mean) = (se^2 + se^2) / 2^2, df = var^2 / (2 x (se^2 / 4)^2 / 18) = 36:
    # 2.028 x 4.33 = 8.79 (counted as one, ((se + se) / 2)^2 at 18 df, it was 12.87: within noise)
    margin = stats.t.ppf(0.975, 36) * se / math.sqrt(2)
    assert margin == pytest.approx(8.788, abs=1e-3)
    for by, group in (("Rep", rep), ("Supervisor", f"Sup {rep}"), ("Criterion", APART[rep][0])):
        row = agg[(by, group)]
        assert (row["Valid comparisons"], row["Mean delta"]) == (2, 10)
        assert row["Mean delta ± (95%)"] == pytest.approx(margin)
        assert row["Verdict"] == "improved"


def test_four_independent_sessions_over_two_reps(apart):
    agg, _ = apart
    # var(mean) = 4 se^2 / 4^2 = se^2 / 4, df = (se^2 / 4)^2 / (4 x (se^2 / 16)^2 / 18) = 72
    _, se, _ = _welch(LOW, HIGH)
    row = agg[("Coaching method", "role-play")]
    assert (row["Valid comparisons"], row["Mean delta"]) == (4, 10)
    assert row["Mean delta ± (95%)"] == pytest.approx(stats.t.ppf(0.975, 72) * se / 2)


@pytest.fixture(scope="module")
def two_types(tmp_path_factory):
    # Fay's Sales calls at 10:00 and Support calls at 11:00 on days 0-19, each day alike (LOW then HIGH);
    # on day 10 at 09:00 a session naming Sales and one naming Support: each session's windows hold its
    # type's calls alone, so the two share none
    path = tmp_path_factory.mktemp("types") / "team.xlsx"
    wb = team_book(path, [("GRT", "Greeting")], ["Fay Diaz"])
    scores = LOW + HIGH
    rows = [(f"{kind[:2]}{day:02d}", "Fay Diaz", _at(day, hour), "Greeting", scores[day], kind)
            for kind, hour in (("Sales", 10), ("Support", 11)) for day in range(20)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    type_log_rows(wb, [{"Session ID": f"F-{kind}", "Rep": "Fay Diaz", "Supervisor": "Sup Fay",
                        "Session date": DAY0 + dt.timedelta(days=10), "Session time": "09:00",
                        "Targeted criterion": "Greeting", "Development target": "Greet the caller by name.",
                        "Coaching method": "role-play", "Call type": kind} for kind in ("Sales", "Support")])
    wb.save(path)
    done = run("refresh", path, "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    return ({(r["By"], r["Group"]): r for r in records(path, schema.AGGREGATE.name)},
            {r["Session ID"]: r for r in records(path, schema.FOLLOWUP.name)})


def test_two_sessions_naming_different_call_types_add_their_variances(two_types):
    agg, followup = two_types
    _, se, _ = _welch(LOW, HIGH)
    for sid in ("F-Sales", "F-Support"):
        row = followup[sid]
        assert (row["Baseline n"], row["Follow-up n"], row["Delta"]) == (10, 10, 10)
    # independent errors, as for the monthly sessions: t(36) x se / sqrt 2 = 8.79, improved (counted as one,
    # t(18) x se = 12.87: within noise)
    row = agg[("Rep", "Fay Diaz")]
    assert (row["Valid comparisons"], row["Mean delta"]) == (2, 10)
    assert row["Mean delta ± (95%)"] == pytest.approx(stats.t.ppf(0.975, 36) * se / math.sqrt(2))
    assert row["Verdict"] == "improved"
