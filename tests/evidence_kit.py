"""A simulated team with a known coaching effect, for the evidence tests.

Each rep has a true level on one criterion (team mean 70, between-rep SD 8) and every call scores
that level plus call noise (SD 12), one call a day at 10:00.  Every ``step`` days from day 60 the
reps whose mean of their last 10 calls lies in the bottom fifth of the team (at most ``per_date`` of
them, the lowest first, each rep coached once) get a session: selection on a noisy low baseline,
the way coaching is usually triggered.  From the day after a session every call of that rep gains
``effect`` points.  With ``effect`` 0 any gain is regression to the mean.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from coachlog_xl.core.inputs import RawInputs

CRIT = "Acknowledges the concern"
START = dt.date(2026, 1, 1)
N = 10


def simulate(effect: float, seed: int, reps: int = 60, days: int = 240, step: int = 7, per_date: int = 3,
             methods: tuple[str, ...] = ("role-play",), trend: float = 0.0) -> tuple[RawInputs, dt.date, dict]:
    """Inputs for :func:`coachlog_xl.core.refresh.compute`, the as-of date and the raw records.

    ``trend`` adds that many points a day to every rep (a team-wide drift, coached or not).
    """
    rng = np.random.default_rng(seed)
    names = [f"Rep {i:02d}" for i in range(reps)]
    raw = (70 + 8 * rng.standard_normal(reps))[:, None] + 12 * rng.standard_normal((reps, days))
    raw = raw + trend * np.arange(days)[None, :]
    coached_on = np.full(reps, days + 1)
    log = []
    for day in range(60, days - 40, step):
        means = raw[:, day - N:day].mean(axis=1) + np.where(coached_on < day, effect, 0.0)
        cut = np.quantile(means, 0.2)
        chosen = [i for i in np.argsort(means) if means[i] <= cut and coached_on[i] > days][:per_date]
        for i in chosen:
            coached_on[i] = day
            log.append({"session_id": f"S-{len(log) + 1:03d}", "rep": names[i], "criterion": CRIT,
                        "session_date": START + dt.timedelta(days=int(day)),
                        "method": methods[len(log) % len(methods)]})
    gained = np.arange(days)[None, :] > coached_on[:, None]
    scores = np.clip(np.round(raw + effect * gained), 0, 100)
    calls = [{"call_id": f"C{i:02d}-{d:03d}", "rep": names[i], "criterion": CRIT, "score": float(scores[i, d]),
              "call_at": dt.datetime.combine(START + dt.timedelta(days=d), dt.time(10))}
             for i in range(reps) for d in range(days)]
    records = {
        "criteria": [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": dt.date(2025, 1, 1)}],
        "reps": [{"rep": r} for r in names],
        "scores": calls,
        "log": log,
    }
    return RawInputs.from_records(**records), START + dt.timedelta(days=days + 5), records


def overall(result) -> dict:
    """The Aggregate row of all sessions (one coaching method) as a dict."""
    a = result.aggregate
    return a[a["dimension"] == "Coaching method"].iloc[0].to_dict()
