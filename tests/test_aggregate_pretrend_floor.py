"""The Aggregate's Pre-trend interval is never narrower than what its sessions' own errors give the mean, as
the mean delta's is (domain.md, "Evidence"): each session's own error of the placebo comes from the rep's two
windows before the baseline, and sessions whose windows before the baseline share calls count as one.
Expected half-widths worked out by hand (scipy for the t quantiles)."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import pandas as pd
import pytest
from scipy import stats

from coachlog_xl.core.aggregate import aggregate
from tests.wbkit import records, run, team_book, type_log_rows


def _session(sid: str, day: dt.date, se: float, pre_from: int, pre_to: int) -> dict:
    """A valid session of Ann on Greeting with a pre-trend of +1 (its own interval: +-2) whose own error of
    the placebo is ``se`` (18 df), its windows before the baseline from day ``pre_from`` to ``pre_to`` of
    March; the delta's windows apart from every other session's."""
    at = pd.Timestamp(day)
    return {"session_id": sid, "rep": "Ann Lee", "supervisor": None, "criterion": "Greeting", "method": "role-play",
            "criterion_key": "greeting", "at": at, "timeframe_days": 30, "session_at": day, "day": at,
            "status": "complete", "valid": "yes", "same_criterion": "yes", "definition_unchanged": "yes",
            "types_comparable": "yes", "enough_calls": "yes", "threshold_met": "no", "suggested": "continue",
            "delta": 5.0, "baseline_mean": 60.0, "followup_mean": 65.0,
            "placebo": 1.0, "placebo_low": -1.0, "placebo_high": 3.0, "placebo_se": se, "placebo_df": 18.0,
            "placebo_from": pd.Timestamp(2026, 3, pre_from), "placebo_to": pd.Timestamp(2026, 3, pre_to)}


def _pretrend(rows: list[dict]) -> tuple[float, float]:
    g = aggregate(pd.DataFrame(rows)).query("dimension == 'Rep'").iloc[0]
    return g["placebo"], g["placebo_margin"]


def test_two_equal_pre_trends_keep_their_own_errors_added_as_independent():
    # pre-trends +1 and +1: their spread is 0 (a t interval of +-0); the windows before the baselines are
    # apart (days 1-5 and 10-14): var(mean) = (3^2 + 4^2) / 2^2 = 6.25, df (Welch-Satterthwaite)
    # 6.25^2 / ((9/4)^2 / 18 + (16/4)^2 / 18) = 33.38
    rows = [_session("S-1", dt.date(2026, 4, 1), 3.0, 1, 5), _session("S-2", dt.date(2026, 4, 20), 4.0, 10, 14)]
    var = (9 + 16) / 4
    df = var**2 / ((9 / 4) ** 2 / 18 + (16 / 4) ** 2 / 18)
    assert df == pytest.approx(33.38, abs=0.01)
    value, margin = _pretrend(rows)
    assert value == pytest.approx(1.0)
    assert margin == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(var))  # 5.08, not 0


def test_pre_trends_whose_windows_before_the_baseline_share_calls_count_as_one():
    # the windows before the baselines overlap (days 1-10 and 5-14): one set of calls, the errors added
    # before squaring: var(mean) = ((3 + 4) / 2)^2 = 12.25, the fewer df (18): +-7.35
    rows = [_session("S-1", dt.date(2026, 4, 1), 3.0, 1, 10), _session("S-2", dt.date(2026, 4, 2), 4.0, 5, 14)]
    value, margin = _pretrend(rows)
    assert margin == pytest.approx(stats.t.ppf(0.975, 18) * 3.5)
    assert margin == pytest.approx(7.354, abs=1e-3)


def test_a_t_interval_already_wider_stays_the_t_interval_over_sessions():
    # pre-trends +1 and +21 (t(1) x sd / sqrt 2 = 12.706 x 10 = 127) against own errors of +-5
    rows = [_session("S-1", dt.date(2026, 4, 1), 3.0, 1, 5), _session("S-2", dt.date(2026, 4, 20), 4.0, 10, 14)]
    rows[1].update(placebo=21.0, placebo_low=19.0, placebo_high=23.0)
    value, margin = _pretrend(rows)
    assert value == pytest.approx(11.0)
    assert margin == pytest.approx(stats.t.ppf(0.975, 1) * statistics.stdev([1, 21]) / math.sqrt(2))


# --- through a refresh: each session's own error from its two windows before the baseline ---------------------------

DAY0 = dt.date(2026, 3, 1)
# N = 3 (each Log row's Calls to review): a rep's calls one a day at 10:00, days 0-8 before the session on day 9
# (09:00): P2 days 0-2, P1 days 3-5, the baseline days 6-8; the follow-up days 9-11.  Ann's P2 and P1 are
# 60 62 64 and 70 72 74 in both sessions (Ann on Greeting and on Closing, the same calls on each): her change
# before the baseline +10 in each, its own error sqrt(4/3 + 4/3) = 1.633 (4 df).  Her comparison reps change by 0.
ANN = [60, 62, 64, 70, 72, 74, 70, 70, 70, 80, 80, 80]
FLAT = {"Bo Park": [70, 71, 72, 70, 71, 72, 70, 71, 72, 70, 71, 72],
        "Cy Ito": [69, 71, 70, 69, 71, 70, 69, 71, 70, 69, 71, 70],
        "Di Roy": [70, 70, 71, 70, 70, 71, 70, 70, 71, 70, 70, 71]}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    path = tmp_path_factory.mktemp("pre") / "team.xlsx"
    wb = team_book(path, [("GRT", "Greeting"), ("CLS", "Closing")], ["Ann Lee", *FLAT])
    rows = [(f"{crit[:1]}{rep[:2]}{d:02d}", rep, dt.datetime.combine(DAY0 + dt.timedelta(days=d), dt.time(10)), crit, s)
            for crit in ("Greeting", "Closing") for rep, scores in (("Ann Lee", ANN), *FLAT.items())
            for d, s in enumerate(scores)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    type_log_rows(wb, [{"Session ID": sid, "Rep": "Ann Lee", "Supervisor": "Kim Wu",
                        "Session date": DAY0 + dt.timedelta(days=9), "Session time": "09:00",
                        "Targeted criterion": crit, "Development target": "Greet the caller by name.",
                        "Coaching method": "role-play", "Calls to review": 3, "Calls needed at threshold": 2}
                       for sid, crit in (("S-1", "Greeting"), ("S-2", "Closing"))])
    wb.save(path)
    done = run("refresh", path, "--as-of", "2026-04-30")
    assert done.exit_code == 0, done.output
    return ({(r["By"], r["Group"]): r for r in records(path, "Aggregate")},
            {r["Session ID"]: r for r in records(path, "Follow-up")})


def test_two_sessions_with_equal_pre_trends_show_their_own_error_through_a_refresh(refreshed):
    agg, followup = refreshed
    # Bo, Cy and Di change by 0 over P2 -> P1 (same scores): each session's pre-trend +10 - 0 = +10
    assert [followup[sid]["Pre-trend (placebo)"] for sid in ("S-1", "S-2")] == [pytest.approx(10), pytest.approx(10)]
    # two criteria: other calls, independent: var(mean) = (1.633^2 + 1.633^2) / 4 = 4/3, df 4^2... (Welch:
    # each session's own error of P1 - P2 has variance 4/3 + 4/3 = 8/3 with (8/3)^2 / ((4/3)^2/2 + (4/3)^2/2) = 4 df;
    # the mean's variance 2 x (8/3) / 4 = 4/3 with (4/3)^2 / (2 x (2/3)^2 / 4) = 8 df)
    own = stats.t.ppf(0.975, 8) * math.sqrt(4 / 3)
    assert own == pytest.approx(2.6625, abs=1e-3)
    assert agg[("Rep", "Ann Lee")]["Pre-trend ±"] == pytest.approx(own)
