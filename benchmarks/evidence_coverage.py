"""How close the evidence figures come to a known truth, on simulated teams built as real workbooks.

Each team is a workbook made by ``coachlog_xl.api.new_workbook`` and filled with openpyxl the way a
person fills one: a Criteria row, a Reps roster, a Scores paste (one row per call, call date and time,
scores as the QA tool exports them) and one Log row per coaching session. ``api.refresh_file`` refreshes
it as of a day after every follow-up window has closed, and the Follow-up and Aggregate sheets are read
back with openpyxl. Nothing of the project's own simulation is used: the truth, the windows (to know
which calls each figure rests on) and the scores' expected values are worked out here.

The truth of a session is the difference between the *expected* follow-up mean and the *expected*
baseline mean of that rep, given the rep's level, the calls' dates and the coaching effect (scores are
clipped to 0-100, so a call's expected score is the mean of a clipped normal). Noise and the choice of
whom to coach are not part of it: a rep picked after a bad run has a true change of 0 when the coaching
does nothing. The coaching effect of a session is the same difference with the effect taken away from
the follow-up calls (so a time trend is in the true change but not in the true effect).

Per scenario, over the seeds, it prints:
- how many sessions' windows (n and mean of each) and figures differ from the same worked out here
  from docs/rules.md (the Welch interval with scipy's t quantile, the expected RTM gains from a one-way
  ANOVA and the drift of N-call block means, the comparison group's reps, baseline, change and
  interval, the difference-in-differences and its interval): 0 is the expected count;
- per session (complete and valid comparisons): the mean Delta and the mean true change, the share of
  Welch delta intervals covering the true change, the Change labels (improved / within noise / declined)
  and how many point the wrong way (improved with a true change <= 0, declined with one >= 0), the
  mean Delta vs comparison, its interval's coverage of the true effect, the Change vs comparison labels,
  how often the pre-trend placebo says Already trending (no scenario has a trend that differs between
  reps), and the mean Delta minus RTM gain;
- per team (the Aggregate row of the targeted criterion): the mean delta and its interval's coverage of
  the mean true change of the valid sessions, Delta vs comparison and its coverage of the mean true
  effect of the sessions with a comparison, Delta minus RTM gain (its interval's coverage of the mean true
  change), and the Verdict wordings.

Scenarios (per-call SD 10 and 20 where the criterion is a percentage):
  a  effect 0; at each session date, reps whose last-10 mean is in the team's bottom fifth are coached
     (pure regression to the mean); date-only sessions.
  b  effect +8 on average, different for each rep (SD 3); reps coached at random; sessions with a time.
  c  a present/absent criterion pasted as Yes/No; bottom-fifth reps; effect 0 and +20 points.
  d  no coaching effect, every rep's level rising 0.5 points a week; reps coached at random over five
     months, half of the sessions with a time, call volumes from 0.6 to 1.6 a working day.
  e  10 reps; bottom-fifth selection (two reps a date); effect +8.
  f  as b at SD 10, with 6 in every Log row's Calls to review (Settings keeps 10).

    python benchmarks/evidence_coverage.py [--seeds 20] [--first-seed 0] [--scenarios a b c d e f] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
from scipy import stats

from coachlog_xl import api

CRITERION = "Verifies caller identity"
START = dt.date(2026, 1, 5)  # a Monday
N = 10  # the Settings defaults: 10 calls a window, 30 days, check-in at 5 (a scenario's Log rows may give another N)
TIMEFRAME = 30
SUPERVISORS = ("Lee Park", "Ana Souza", "Tom Reyes")
METHODS = ("role-play", "call review")


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    reps: int = 40
    sd: float = 10.0
    binary: bool = False
    effect: float = 0.0
    effect_sd: float = 0.0
    select: str = "bottom"  # "bottom": last-10 mean in the bottom fifth; "random": any uncoached rep
    per_date: int = 3
    dates: tuple[int, ...] = tuple(range(63, 63 + 8 * 14, 14))  # days after START
    trend_week: float = 0.0
    timed_share: float = 0.0
    rates: tuple[float, float] = (0.8, 2.0)  # calls a working day, drawn per rep
    n: int = N  # calls per window: another N is typed in every Log row's Calls to review


def scenarios() -> list[Scenario]:
    out = []
    for sd in (10.0, 20.0):
        out.append(Scenario("a", f"a pure RTM, effect 0, SD {sd:g}", sd=sd))
    for sd in (10.0, 20.0):
        out.append(Scenario("b", f"b effect +8 (rep SD 3), random picks, timed, SD {sd:g}", sd=sd, effect=8.0,
                            effect_sd=3.0, select="random", timed_share=1.0))
    for effect in (0.0, 20.0):
        out.append(Scenario("c", f"c present/absent, bottom fifth, effect {effect:+g}", binary=True, effect=effect))
    for sd in (10.0, 20.0):
        out.append(Scenario("d", f"d trend +0.5/week, effect 0, random, SD {sd:g}", sd=sd, select="random",
                            trend_week=0.5, timed_share=0.5, rates=(0.6, 1.6),
                            dates=tuple(range(56, 56 + 15 * 10, 10)), per_date=2))
    for sd in (10.0, 20.0):
        out.append(Scenario("e", f"e 10 reps, bottom fifth, effect +8, SD {sd:g}", reps=10, sd=sd, effect=8.0,
                            per_date=1, dates=tuple(range(63, 63 + 6 * 14, 14))))
    out.append(Scenario("f", "f as b at SD 10, Calls to review 6 on every Log row", effect=8.0, effect_sd=3.0,
                        select="random", timed_share=1.0, n=6))
    return out


# --- the team ---------------------------------------------------------------------------------------

@dataclass
class Call:
    at: dt.datetime
    rep: int
    noise: float  # the call's own draw (percent) or uniform draw (present/absent)
    score: float | str = 0.0
    expected: float = 0.0  # expected score given the rep's level, the date and the effect
    expected_without: float = 0.0  # the same without the coaching effect
    call_id: str = ""


@dataclass
class Session:
    sid: str
    rep: int
    day: dt.date
    time: dt.time | None
    method: str
    effect: float
    n: int
    baseline: list[Call] = field(default_factory=list)
    followup: list[Call] = field(default_factory=list)

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.time or dt.time(0, 0))

    def true_change(self) -> float:
        return _mean(c.expected for c in self.followup) - _mean(c.expected for c in self.baseline)

    def true_effect(self) -> float:
        return _mean(c.expected - c.expected_without for c in self.followup)


def _mean(values) -> float:
    values = list(values)
    return math.fsum(values) / len(values)


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def clipped_mean(m: float, s: float, lo: float = 0.0, hi: float = 100.0) -> float:
    """E[min(max(X, lo), hi)] for X ~ Normal(m, s^2)."""
    a, b = (lo - m) / s, (hi - m) / s
    return lo * _cdf(a) + m * (_cdf(b) - _cdf(a)) + s * (_phi(a) - _phi(b)) + hi * (1 - _cdf(b))


def name(i: int) -> str:
    first = ("Dana", "Omar", "Mei", "Luis", "Ines", "Ravi", "Sara", "Jon", "Ayla", "Kofi")
    last = ("Cruz", "Haddad", "Lin", "Ortega", "Silva", "Nair", "Berg", "Okafor", "Kaya", "Mensah")
    return f"{first[i % 10]} {last[(i // 10) % 10]}"


def simulate(sc: Scenario, seed: int):
    rng = np.random.default_rng([seed, ord(sc.key), int(sc.sd), int(sc.effect)])
    if sc.binary:
        levels = rng.beta(6, 4, sc.reps)  # each rep's chance of doing it, mean 0.6
    else:
        levels = rng.normal(68, 8, sc.reps)
    rates = rng.uniform(*sc.rates, sc.reps)
    last_day = max(sc.dates) + TIMEFRAME + 10
    calls: list[Call] = []
    for d in range(last_day + 1):
        day = START + dt.timedelta(days=d)
        if day.weekday() >= 5:
            continue
        for r in range(sc.reps):
            for _ in range(rng.poisson(rates[r])):
                minute = int(rng.integers(8 * 60, 18 * 60))
                at = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
                calls.append(Call(at, r, float(rng.random() if sc.binary else rng.normal(0, sc.sd))))
    calls.sort(key=lambda c: (c.at, c.rep))
    for k, c in enumerate(calls):
        c.call_id = f"Q{k + 1:06d}"
    by_rep: dict[int, list[Call]] = {r: [] for r in range(sc.reps)}
    for c in calls:
        by_rep[c.rep].append(c)

    coached: dict[int, Session] = {}
    effects = rng.normal(sc.effect, sc.effect_sd, sc.reps) if sc.effect_sd else np.full(sc.reps, sc.effect)
    sessions: list[Session] = []

    def score(c: Call) -> None:
        s = coached.get(c.rep)
        after = s is not None and _after(c, s)
        eff = effects[c.rep] if after else 0.0
        if sc.binary:
            p0 = levels[c.rep]
            p = min(p0 + eff / 100, 1.0)
            c.score = "Yes" if c.noise < p else "No"
            c.expected, c.expected_without = 100 * p, 100 * p0
        else:
            m0 = levels[c.rep] + sc.trend_week * (c.at - dt.datetime.combine(START, dt.time())).days / 7
            c.score = min(max(round(m0 + eff + c.noise), 0), 100)
            c.expected, c.expected_without = clipped_mean(m0 + eff, sc.sd), clipped_mean(m0, sc.sd)

    for c in calls:
        score(c)
    for n_date, d in enumerate(sc.dates):
        day = START + dt.timedelta(days=d)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        for c in calls:  # the effect of sessions so far
            score(c)
        before = {r: [c for c in by_rep[r] if c.at.date() < day][-N:] for r in range(sc.reps)}
        means = {r: _mean(_value(c) for c in cs) for r, cs in before.items() if len(cs) == N}
        pool = [r for r in means if r not in coached]
        if sc.select == "bottom":
            cut = float(np.percentile(list(means.values()), 20))
            pool = [r for r in pool if means[r] <= cut]
        picks = rng.permutation(pool)[: sc.per_date]
        for j, r in enumerate(sorted(int(p) for p in picks)):
            timed = rng.random() < sc.timed_share
            at = dt.time(int(rng.integers(9, 17)), 30) if timed else None
            s = Session(f"S-{n_date + 1:02d}{j + 1}", r, day, at, METHODS[(n_date + j) % 2], float(effects[r]), sc.n)
            coached[r] = s
            sessions.append(s)
    for c in calls:
        score(c)
    for s in sessions:
        s.baseline, s.followup = windows(by_rep[s.rep], s)
    as_of = START + dt.timedelta(days=last_day)
    return by_rep, calls, sessions, as_of


def _value(c: Call) -> float:
    return (100.0 if c.score == "Yes" else 0.0) if isinstance(c.score, str) else float(c.score)


def _after(c: Call, s: Session) -> bool:
    """The coaching acts on calls after the session: after its moment, or from the next day for a
    date-only session (its own day's calls are in neither window)."""
    return c.at > s.moment if s.time else c.at.date() > s.day


def windows(rep_calls: list[Call], s: Session) -> tuple[list[Call], list[Call]]:
    """docs/rules.md "Windows", for calls that all have a time: the last N before, the first N after
    within the timeframe."""
    if s.time:
        before = [c for c in rep_calls if c.at < s.moment]
        end = s.moment + dt.timedelta(days=TIMEFRAME)
        after = [c for c in rep_calls if s.moment < c.at <= end]
    else:
        before = [c for c in rep_calls if c.at.date() < s.day]
        end_day = s.day + dt.timedelta(days=TIMEFRAME)
        after = [c for c in rep_calls if s.day < c.at.date() <= end_day]
    return before[-s.n:], after[:s.n]


# --- the workbook -----------------------------------------------------------------------------------

def _grow(ws, table: str, rows: int) -> None:
    t = ws.tables[table]
    first, last = t.ref.split(":")
    col = "".join(ch for ch in last if ch.isalpha())
    t.ref = f"{first}:{col}{max(rows + 1, 2)}"
    if t.autoFilter is not None:
        t.autoFilter.ref = t.ref


def _fill(ws, table: str, rows: list[dict]) -> None:
    headers = {c.value: c.column for c in ws[1] if c.value}
    for i, row in enumerate(rows, start=2):
        for key, value in row.items():
            ws.cell(i, headers[key], value)
    _grow(ws, table, len(rows))


def write_workbook(path: Path, sc: Scenario, calls: list[Call], sessions: list[Session]) -> None:
    api.new_workbook(path, overwrite=True)
    wb = openpyxl.load_workbook(path)
    _fill(wb["Criteria"], "Criteria", [{
        "Criterion ID": "ID-1", "Criterion": CRITERION, "Main criterion": "Compliance", "Weight": 1,
        "What good looks like": "Asks for two identifiers before discussing the account.",
        "What poor looks like": "Discusses the account before the caller is verified.",
        "Scoring": "present/absent" if sc.binary else "percent 0-100", "Version": "v1",
        "Effective from": dt.datetime(2025, 6, 1), "Active": "yes", "Appears in recordings": "yes",
        "Present/absent testable": "yes", "Within the rep's control": "yes"}])
    _fill(wb["Reps"], "Reps", [{"Rep": name(r), "Supervisor": SUPERVISORS[r % 3], "Team": "North", "Active": "yes"}
                               for r in range(sc.reps)])
    _fill(wb["Scores"], "Scores", [{
        "Call ID": c.call_id, "Rep": name(c.rep), "Call date": c.at, "Criterion": CRITERION,
        "Score": c.score, "Call type": "inbound", "Criteria version": "v1", "Evaluator": "QA Team"} for c in calls])
    log = []
    for s in sessions:
        anchor = s.baseline[-1] if s.baseline else None
        log.append({
            "Session ID": s.sid, "Rep": name(s.rep), "Supervisor": SUPERVISORS[s.rep % 3],
            "Session date": dt.datetime.combine(s.day, dt.time()), "Session time": s.time,
            "Logged at": s.moment + dt.timedelta(hours=2 if s.time else 15),
            "Evidence call ID or link": anchor.call_id if anchor else None, "Evidence timestamp": "01:12",
            "Evidence criterion": CRITERION, "Evidence score": anchor.score if anchor else None,
            "Evidence quote": "Rep: 'Sure, I can see your order here.'",
            "Behavioral observation": "Opened the account before asking for the caller's postcode.",
            "Development target": "Ask for two identifiers before opening the account.",
            "Targeted criterion": CRITERION, "Coaching method": s.method,
            "Commitment": "I will ask for two identifiers first on every call.",
            "Conversation summary": "Reviewed the call; practised the verification script; agreed the order of steps.",
            "Rep's response": "agreed", "Agreed next step": "Review ten calls next month.",
            "Calls to review": s.n if s.n != N else None})
    _fill(wb["Log"], "Log", log)
    wb.save(path)


def read_sheet(wb, sheet: str) -> list[dict]:
    rows = wb[sheet].iter_rows(values_only=True)
    headers = next(rows)
    return [dict(zip(headers, r)) for r in rows if any(v is not None for v in r)]


# --- one run ----------------------------------------------------------------------------------------

@dataclass
class Run:
    sessions: list[dict]
    aggregate: dict
    window_mismatch: int
    recomputed: dict[str, int]


def run_one(sc: Scenario, seed: int, folder: Path) -> Run:
    by_rep, calls, sessions, as_of = simulate(sc, seed)
    path = folder / f"team-{sc.key}-{seed}.xlsx"
    write_workbook(path, sc, calls, sessions)
    api.refresh_file(path, as_of=as_of, backup=False, cache=False)
    wb = openpyxl.load_workbook(path, read_only=True)
    follow = {r["Session ID"]: r for r in read_sheet(wb, "Follow-up")}
    agg = [r for r in read_sheet(wb, "Aggregate") if r["By"] == "Criterion" and r["Group"] == CRITERION]
    wb.close()
    out, mismatch = [], 0
    for s in sessions:
        row = follow[s.sid]
        b_mean = _mean(_value(c) for c in s.baseline) if s.baseline else None
        f_mean = _mean(_value(c) for c in s.followup) if s.followup else None
        if (row["Baseline n"] != len(s.baseline) or row["Follow-up n"] != len(s.followup)
                or not _close(row["Baseline mean"], b_mean) or not _close(row["Follow-up mean"], f_mean)):
            mismatch += 1
        out.append({**row, "true change": s.true_change() if s.baseline and s.followup else None,
                    "true effect": s.true_effect() if s.followup else None})
    return Run(out, agg[0] if agg else {}, mismatch, recompute(by_rep, sessions, follow))


def _close(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


# --- the figures recomputed here, from docs/rules.md "Evidence" ------------------------------------

def _t_interval(estimate: float, parts: list[tuple[float, int]]) -> tuple[float, float]:
    """estimate +- t(0.975, Welch-Satterthwaite df) x sqrt(sum of the variance parts)."""
    var = sum(v for v, _ in parts)
    if var == 0:  # windows without spread: a zero-width interval
        return estimate, estimate
    df = var * var / sum(v * v / d for v, d in parts if v > 0)
    half = float(stats.t.ppf(0.975, df)) * math.sqrt(var)
    return estimate - half, estimate + half


def _part(values: list[float]) -> tuple[float, int]:
    return statistics.variance(values) / len(values), len(values) - 1


def _anova(groups: list[list[float]]) -> tuple[float, float, float]:
    """One-way random-effects ANOVA (Searle's n0): the mean of the group means, within and between variance."""
    groups = [g for g in groups if g]
    sizes = np.array([len(g) for g in groups], dtype=float)
    total, k = sizes.sum(), len(groups)
    grand = sum(sum(g) for g in groups) / total
    means = np.array([statistics.fmean(g) for g in groups])
    msw = sum(sum((v - m) ** 2 for v in g) for g, m in zip(groups, means)) / (total - k)
    msb = float((sizes * (means - grand) ** 2).sum()) / (k - 1)
    n0 = (total - (sizes ** 2).sum() / total) / (k - 1)
    return float(means.mean()), msw, max(0.0, (msb - msw) / n0)


def _drift(groups: list[list[float]], within: float, n: int) -> float:
    """How much a rep's n-call block means vary beyond call noise, pooled over reps."""
    devs, count = 0.0, 0
    for g in groups:
        blocks = [statistics.fmean(g[i:i + n]) for i in range(0, len(g) // n * n, n)]
        if len(blocks) >= 2:
            m = statistics.fmean(blocks)
            devs += sum((b - m) ** 2 for b in blocks)
            count += len(blocks) - 1
    return max(0.0, devs / count - within / n) if count else 0.0


def recompute(by_rep: dict[int, list[Call]], sessions: list[Session], follow: dict[str, dict]) -> dict[str, int]:
    """How many sessions' Follow-up figures differ (by more than 1e-6) from the same figures worked out
    here from docs/rules.md: the Welch interval, the expected RTM gains, the comparison group (its reps,
    baseline, change and interval) and the difference-in-differences with its interval."""
    first = {s.rep: s.day for s in sorted(sessions, key=lambda s: s.day, reverse=True)}
    uncoached = [[_value(c) for c in cs if c.rep not in first or c.at.date() < first[c.rep]] for cs in by_rep.values()]
    team_mean, within, between = _anova(uncoached)
    n = sessions[0].n if sessions else N  # (one N for all of a scenario's sessions)
    slope = 1 - between / (between + within / n)
    drift_slope = 1 - (d := _drift(uncoached, within, n)) / (d + within / n)
    wrong = dict.fromkeys(("Welch", "RTM gain", "comparison", "DiD"), 0)

    def differs(got, want) -> bool:
        return (got is None) != (want is None) or (want is not None and abs(got - want) > 1e-6)

    for s in sessions:
        row = follow[s.sid]
        if row["Valid"] != "yes" or len(s.baseline) < 2:
            continue
        b = [_value(c) for c in s.baseline]
        f = [_value(c) for c in s.followup]
        own = [_part(f), _part(b)]
        delta = statistics.fmean(f) - statistics.fmean(b)
        low, high = _t_interval(delta, own)
        wrong["Welch"] += differs(row["Delta low (95%)"], low) or differs(row["Delta high (95%)"], high)
        earlier = [_value(c) for c in by_rep[s.rep][:by_rep[s.rep].index(s.baseline[0])]]  # (in call order)
        rep_gain = drift_slope * (statistics.fmean(earlier) - statistics.fmean(b)) if len(earlier) >= n else None
        wrong["RTM gain"] += (differs(row["Expected RTM gain (team)"], slope * (team_mean - statistics.fmean(b)))
                              or differs(row["Expected RTM gain (rep)"], rep_gain))
        team = {r: windows(cs, s) for r, cs in by_rep.items()}
        full = {r: statistics.fmean(_value(c) for c in w[0]) for r, w in team.items() if len(w[0]) == n}
        edges = np.percentile(list(full.values()), [20, 40, 60, 80])
        fifth = int((edges <= statistics.fmean(b)).sum())
        members = [r for r in full if (r not in first or first[r] > s.day) and len(team[r][1]) >= min(5, n)
                   and int((edges <= full[r]).sum()) == fifth]
        if not members:
            wrong["comparison"] += row["Comparison reps"] is not None
            continue
        changes = [statistics.fmean(_value(c) for c in team[r][1]) - full[r] for r in members]
        base = statistics.fmean(full[r] for r in members)
        change = statistics.fmean(changes) + slope * (base - statistics.fmean(b))
        if len(members) >= 2:
            comp = [(statistics.variance(changes) / len(members), len(members) - 1)]
        else:
            one = team[members[0]]
            comp = [_part([_value(c) for c in one[1]]), _part([_value(c) for c in one[0]])]
        c_low, c_high = _t_interval(change, comp)
        wrong["comparison"] += (row["Comparison reps"] != len(members) or differs(row["Comparison baseline"], base)
                                or differs(row["Comparison change"], change)
                                or differs(row["Comparison low (95%)"], c_low)
                                or differs(row["Comparison high (95%)"], c_high))
        d_low, d_high = _t_interval(delta - change, own + comp)
        wrong["DiD"] += (differs(row["Delta vs comparison"], delta - change) or differs(row["DiD low (95%)"], d_low)
                         or differs(row["DiD high (95%)"], d_high))
    return wrong


# --- the table --------------------------------------------------------------------------------------

def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) else None


def _covers(lo, hi, truth) -> bool:
    return lo is not None and hi is not None and lo - 1e-9 <= truth <= hi + 1e-9


def _pm(text, value):
    """An Aggregate '±' cell: a number, or blank."""
    return _num(text)


def summarise(sc: Scenario, runs: list[Run]) -> list[str]:
    valid = [r for run in runs for r in run.sessions if r["Valid"] == "yes" and _num(r["Delta"]) is not None]
    all_sessions = sum(len(run.sessions) for run in runs)
    lines = [f"## {sc.label}",
             f"seeds {len(runs)}; sessions {all_sessions}, complete and valid {len(valid)}; "
             f"windows differing from this script's {sum(run.window_mismatch for run in runs)}",
             "  figures differing from this script's: " + ", ".join(
                 f"{k} {sum(run.recomputed[k] for run in runs)}" for k in runs[0].recomputed)]
    if not valid:
        return lines + ["no valid session", ""]
    cover = [_covers(_num(r["Delta low (95%)"]), _num(r["Delta high (95%)"]), r["true change"]) for r in valid]
    labels = {k: sum(r["Change"] == k for r in valid) for k in ("improved", "within noise", "declined")}
    wrong = sum((r["Change"] == "improved" and r["true change"] <= 0)
                or (r["Change"] == "declined" and r["true change"] >= 0)
                for r in valid)
    truly_up = sum(r["true change"] > 0.5 for r in valid)
    did = [r for r in valid if _num(r["Delta vs comparison"]) is not None]
    did_cover = [_covers(_num(r["DiD low (95%)"]), _num(r["DiD high (95%)"]), r["true effect"]) for r in did]
    rtm = [r for r in valid if _num(r["Delta minus RTM gain"]) is not None]
    lines += [
        "per session: mean Delta {:+.2f} (true change {:+.2f}, true effect {:+.2f}); Welch interval covers "
        "the true change {:.0%}".format(
            _mean(r["Delta"] for r in valid), _mean(r["true change"] for r in valid),
            _mean(r["true effect"] for r in valid), _mean(cover)),
        f"  Change: improved {labels['improved']}, within noise {labels['within noise']}, declined "
        f"{labels['declined']}; true change above +0.5 in {truly_up}; a label pointing the wrong way {wrong}",
    ]
    if did:
        lines.append("  Delta vs comparison {:+.2f} over {} sessions (their true effect {:+.2f}); interval covers "
                     "the true effect {:.0%}; no comparison in {}".format(
                         _mean(r["Delta vs comparison"] for r in did), len(did),
                         _mean(r["true effect"] for r in did), _mean(did_cover), len(valid) - len(did)))
    else:
        lines.append(f"  no session with a comparison group; reasons: {_reasons(valid)}")
    if did:
        vs = {k: sum(r["Change vs comparison"] == k for r in did) for k in ("improved", "within noise", "declined")}
        pre = [r for r in did if r["Already trending"] in ("yes", "no")]
        lines.append(f"  Change vs comparison: improved {vs['improved']}, within noise {vs['within noise']}, declined "
                     f"{vs['declined']}; Already trending yes in {sum(r['Already trending'] == 'yes' for r in pre)} "
                     f"of {len(pre)} sessions with a pre-trend (none is true here)")
    if rtm:
        lines.append("  Delta minus RTM gain {:+.2f} over {} sessions (their true change {:+.2f}); expected RTM "
                     "gain {:+.2f}".format(
                         _mean(r["Delta minus RTM gain"] for r in rtm), len(rtm), _mean(r["true change"] for r in rtm),
                         _mean(r["Delta"] - r["Delta minus RTM gain"] for r in rtm)))
    lines += _aggregate_lines(runs)
    return lines + [""]


def _reasons(rows) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["No comparison because"])] = counts.get(str(r["No comparison because"]), 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


def _aggregate_lines(runs: list[Run]) -> list[str]:
    est = {"mean delta": [], "delta vs comparison": [], "delta minus RTM": []}
    cov = {k: [] for k in est}
    truth_of = {k: [] for k in est}
    verdicts: dict[str, int] = {}
    for run in runs:
        a = run.aggregate
        if not a or _num(a.get("Mean delta")) is None:
            verdicts["(no valid comparison)"] = verdicts.get("(no valid comparison)", 0) + 1
            continue
        valid = [r for r in run.sessions if r["Valid"] == "yes" and _num(r["Delta"]) is not None]
        with_did = [r for r in valid if _num(r["Delta vs comparison"]) is not None]
        with_rtm = [r for r in valid if _num(r["Delta minus RTM gain"]) is not None]
        for key, value, half, rows, truth in (
            ("mean delta", a["Mean delta"], a["Mean delta ± (95%)"], valid, "true change"),
            ("delta vs comparison", a["Delta vs comparison"], a["Delta vs comparison ±"], with_did, "true effect"),
            ("delta minus RTM", a["Delta minus RTM gain"], a["Delta minus RTM ±"], with_rtm, "true change"),
        ):
            v, h = _num(value), _pm(half, value)
            if v is None or not rows:
                continue
            t = _mean(r[truth] for r in rows)
            est[key].append(v)
            truth_of[key].append(t)
            cov[key].append(h is not None and abs(v - t) <= h + 1e-9)
        verdicts[a["Verdict"]] = verdicts.get(a["Verdict"], 0) + 1
    lines = []
    for key in est:
        if est[key]:
            lines.append(f"team {key}: {statistics.fmean(est[key]):+.2f} (truth "
                         f"{statistics.fmean(truth_of[key]):+.2f}, bias "
                         f"{statistics.fmean(e - t for e, t in zip(est[key], truth_of[key])):+.2f}, SD over seeds "
                         f"{statistics.stdev(est[key]) if len(est[key]) > 1 else 0.0:.2f}); interval covers "
                         f"{sum(cov[key])}/{len(cov[key])}")
        else:
            lines.append(f"team {key}: never shown")
    lines.append("Verdict: " + "; ".join(f"{k} {v}" for k, v in sorted(verdicts.items(), key=lambda kv: -kv[1])))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--scenarios", nargs="*", default=list("abcdef"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    lines = [f"evidence_coverage: {args.seeds} seeds a scenario, {dt.date.today()}", ""]
    print(lines[0], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for sc in scenarios():
            if sc.key not in args.scenarios:
                continue
            started = time.perf_counter()
            runs = [run_one(sc, seed, Path(tmp)) for seed in range(args.first_seed, args.first_seed + args.seeds)]
            block = summarise(sc, runs)
            block[1] += f"; {time.perf_counter() - started:.0f} s"
            print("\n".join(block), flush=True)
            lines += block
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
