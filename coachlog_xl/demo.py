"""A seeded, realistic coaching log: 12 reps, 6 criteria, six months of scored calls, 40+ sessions.

The sessions are planned so that every computed sheet shows something real: every status, every
suggested decision (an escalation through the rep's history among them), each of the four reasons a
comparison is not valid, and each log-quality problem; the scores carry a conflict, a calibration pair,
a repeated row, N/A scores and an excluded row.  Same seed, same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute

AS_OF = dt.date(2026, 6, 30)
START = dt.date(2026, 1, 1)
SUPERVISORS = ["Maya Chen", "Omar Haddad", "Priya Nair"]
EVALUATORS = ["QA Lena", "QA Tom", "QA Ines"]
CRITERIA = [
    ("ACK", "Acknowledges the concern before troubleshooting", "Empathy", "percent 0-100"),
    ("VERIFY", "Verifies identity before account changes", "Compliance", "percent 0-100"),
    ("NAME", "Uses the customer's name", "Rapport", "present/absent"),
    ("RECAP", "Recaps the agreed next steps", "Resolution", "percent 0-100"),
    ("HOLD", "Asks before placing on hold", "Call control", "present/absent"),
    ("OFFER", "Makes the retention offer when cancellation is mentioned", "Retention", "percent 0-100"),
]
V2 = ("VERIFY", dt.date(2026, 4, 15))  # a new definition of VERIFY takes effect mid-period
REPS = [
    "Alex Rivera", "Bea Lindqvist", "Chidi Okafor", "Dana Cruz", "Eli Moss", "Farah Aziz",
    "Gus Petrov", "Hana Sato", "Ivan Duarte", "Jo Kim", "Kai Brennan", "Lucia Romero",
]
SPARSE, SHIFTER = "Kai Brennan", "Lucia Romero"  # few calls; call mix moves from inbound to outbound
GAPS = {SPARSE: 7.0, "Chidi Okafor": 1.5}  # mean days between a rep's scored calls (others: 2)


@dataclass
class DemoData:
    as_of: dt.date
    criteria: list[dict] = field(default_factory=list)
    reps: list[dict] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)
    log: list[dict] = field(default_factory=list)


# Session plan: (rep, criterion id, session date, effect on later calls, scenario).  The scenario names
# the text of the Log row (see _log_row); "good" is a well-written log.
PLAN = [
    ("Alex Rivera", "ACK", dt.date(2026, 2, 10), 14, "good"),
    ("Alex Rivera", "RECAP", dt.date(2026, 4, 20), 10, "good"),
    ("Bea Lindqvist", "ACK", dt.date(2026, 2, 18), 12, "good"),
    ("Bea Lindqvist", "NAME", dt.date(2026, 3, 25), 0, "evaluative"),
    ("Chidi Okafor", "OFFER", dt.date(2026, 2, 5), 3, "good"),
    ("Chidi Okafor", "OFFER", dt.date(2026, 3, 20), 3, "good"),
    ("Chidi Okafor", "OFFER", dt.date(2026, 5, 5), 8, "history"),
    ("Dana Cruz", "ACK", dt.date(2026, 3, 10), 15, "timed"),
    ("Dana Cruz", "HOLD", dt.date(2026, 5, 12), 8, "good"),
    ("Dana Cruz", "RECAP", dt.date(2026, 6, 12), 6, "good"),
    ("Eli Moss", "RECAP", dt.date(2026, 2, 24), -6, "good"),
    ("Eli Moss", "VERIFY", dt.date(2026, 4, 5), 6, "good"),
    ("Eli Moss", "ACK", dt.date(2026, 6, 22), 5, "good"),
    ("Farah Aziz", "ACK", dt.date(2026, 2, 3), 10, "several targets"),
    ("Farah Aziz", "RECAP", dt.date(2026, 3, 30), 9, "outcome target"),
    ("Farah Aziz", None, dt.date(2026, 5, 20), 0, "broad theme"),
    ("Gus Petrov", "VERIFY", dt.date(2026, 2, 12), 11, "good"),
    ("Gus Petrov", "HOLD", dt.date(2026, 3, 16), 12, "mixed observation"),
    ("Gus Petrov", "ACK", dt.date(2026, 7, 3), 0, "scheduled"),
    ("Hana Sato", "NAME", dt.date(2026, 2, 9), 13, "good"),
    ("Hana Sato", "OFFER", dt.date(2026, 4, 8), 7, "generic summary"),
    ("Hana Sato", "RECAP", dt.date(2026, 6, 30), 0, "good"),
    ("Ivan Duarte", "ACK", dt.date(2026, 2, 26), -4, "unmeasurable"),
    ("Ivan Duarte", "VERIFY", dt.date(2026, 5, 18), 9, "no evidence"),
    ("Ivan Duarte", "HOLD", dt.date(2026, 6, 12), 7, "good"),
    ("Jo Kim", "RECAP", dt.date(2026, 3, 4), 12, "overall evidence"),
    ("Jo Kim", "ACK", dt.date(2026, 4, 27), 9, "late"),
    ("Jo Kim", "NAME", dt.date(2026, 6, 23), 5, "good"),
    ("Kai Brennan", "ACK", dt.date(2026, 2, 16), 8, "good"),
    ("Kai Brennan", "RECAP", dt.date(2026, 5, 6), 8, "good"),
    ("Lucia Romero", "ACK", dt.date(2026, 3, 16), 6, "good"),
    ("Lucia Romero", "RECAP", dt.date(2026, 5, 25), 8, "call type"),
    ("Alex Rivera", "HOLD", dt.date(2026, 6, 2), 9, "typed baseline"),
    ("Bea Lindqvist", "RECAP", dt.date(2026, 5, 4), 11, "good"),
    ("Eli Moss", "HOLD", dt.date(2026, 3, 18), 10, "good"),
    ("Gus Petrov", "RECAP", dt.date(2026, 5, 11), 8, "good"),
    ("Hana Sato", "ACK", dt.date(2026, 5, 19), 12, "good"),
    ("Ivan Duarte", "NAME", dt.date(2026, 4, 1), 10, "good"),
    ("Jo Kim", "OFFER", dt.date(2026, 2, 2), 9, "good"),
    ("Dana Cruz", "NAME", dt.date(2026, 1, 26), 10, "good"),
    ("Alex Rivera", "OFFER", dt.date(2026, 3, 9), 8, "good"),
    ("Farah Aziz", "HOLD", dt.date(2026, 6, 19), 6, "good"),
    ("Kai Brennan", None, dt.date(2026, 6, 5), 0, "missing criterion"),
]
LOW_START = {("Chidi Okafor", "OFFER"): 62, ("Eli Moss", "RECAP"): 70, ("Ivan Duarte", "ACK"): 66}


def demo_data(seed: int = 2026) -> DemoData:
    rng = random.Random(seed)
    data = DemoData(as_of=AS_OF, supervisors=list(SUPERVISORS))
    for cid, name, main, scoring in CRITERIA:
        data.criteria.append({"criterion_id": cid, "name": name, "main": main, "weight": 1, "scoring": scoring,
                              "good": f"{name}, every call, early.", "poor": f"Does not: {name.lower()}.",
                              "version": "v1", "effective": dt.date(2025, 1, 1), "active": "yes",
                              "in_recordings": "yes", "binary_testable": "yes", "in_control": "yes"})
    data.criteria.append({**data.criteria[1], "version": "v2", "effective": V2[1],
                          "good": "Verifies identity with two factors before any account change."})
    for i, rep in enumerate(REPS):
        first, last = rep.lower().split()
        data.reps.append({"rep": rep, "other_names": f"{first}.{last}@acme.test; {first[0]}{last}",
                          "supervisor": SUPERVISORS[i % 3], "team": f"Team {i % 3 + 1}", "active": "yes"})
    data.scores = _scores(rng)
    _quirks(data.scores)
    data.log = [_log_row(n, plan, data.scores, rng) for n, plan in enumerate(PLAN, start=1)]
    _decide(data)
    return data


def _scores(rng: random.Random) -> list[dict]:
    effects: dict[tuple, list[tuple]] = {}
    for rep, cid, day, effect, _ in PLAN:
        effects.setdefault((rep, cid), []).append((day, effect))
    rows, call_no = [], 0
    for rep in REPS:
        level = {cid: LOW_START.get((rep, cid), rng.gauss(74, 5)) for cid, *_ in CRITERIA}
        gap = GAPS.get(rep, 2.0)
        day = START + dt.timedelta(days=rng.random() * 2)
        while day <= AS_OF:
            call_no += 1
            when = dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60)))
            kind = _call_type(rep, day, rng)
            evaluator = rng.choice(EVALUATORS)
            for cid, name, _main, scoring in CRITERIA:
                lift = sum(e for d, e in effects.get((rep, cid), []) if day > d)
                mean = level[cid] + lift
                if scoring == "present/absent":
                    score = 100 if rng.random() < min(0.97, max(0.05, mean / 100)) else 0
                else:
                    score = int(max(0, min(100, round(rng.gauss(mean, 9)))))
                version = "v2" if (cid == V2[0] and day >= V2[1]) else "v1"
                rows.append({"call_id": f"CL-{call_no:06d}", "rep": rep, "call_at": when, "criterion": name,
                             "score": score, "call_type": kind, "version": version, "evaluator": evaluator,
                             "graded_at": day + dt.timedelta(days=rng.randrange(1, 5))})
            day += dt.timedelta(days=rng.expovariate(1 / gap) + 0.4)
    return rows


def _call_type(rep: str, day: dt.date, rng: random.Random) -> str:
    if rep == SHIFTER:
        return ("inbound" if rng.random() < 0.9 else "outbound") if day < dt.date(2026, 5, 25) else (
            "outbound" if rng.random() < 0.8 else "inbound")
    r = rng.random()
    return "inbound" if r < 0.82 else "outbound" if r < 0.95 else "retention"


def _quirks(rows: list[dict]) -> None:
    """What real pastes contain: a conflict, a calibration pair, a repeated row, N/A, an excluded row."""
    base = rows[40]
    rows.append({**base, "score": 100 - base["score"] if base["score"] != 50 else 20})  # conflict
    calib = rows[60]
    other = next(e for e in EVALUATORS if e != calib["evaluator"])
    rows.append({**calib, "evaluator": other, "score": min(100, calib["score"] + 10)})  # calibration
    rows.append(dict(rows[80]))  # the same row pasted twice
    for i in (100, 250, 400, 777):
        rows[i] = {**rows[i], "score": "N/A"}
    rows.append({**rows[90], "score": 12, "exclude": "misrouted call, graded by mistake"})


def _evidence(rep: str, crit: str, day: dt.date, scores: list[dict]) -> dict:
    before = [r for r in scores if r["rep"] == rep and r["criterion"] == crit and r["call_at"].date() < day
              and isinstance(r["score"], int)]
    worst = min(before[-10:], key=lambda r: r["score"]) if before else None
    if worst is None:
        return {}
    return {"evidence_call": worst["call_id"], "evidence_timestamp": "02:14", "evidence_criterion": crit,
            "evidence_score": worst["score"], "evidence_quote": "Let me just pull up the account first."}


GOOD = {
    "observation": "At 02:14 the customer said they had called three times; the rep asked for the account "
                   "number without responding to that.",
    "target": "Acknowledge the customer's concern in one sentence before troubleshooting.",
    "commitment": "I will name the customer's concern before I ask for account details.",
    "summary": "1) Listened to the call together at 02:14. 2) The rep noticed the skipped acknowledgement. "
               "3) Practised three openings. 4) Agreed to use one on every call this month.",
    "response": "agreed", "rep_context": "The queue was long that day.", "next_step": "Check-in after five calls.",
}
SCENARIOS = {
    "evaluative": {"observation": "The rep was rude and didn't care about the customer's problem."},
    "mixed observation": {"observation": "Placed the customer on hold at 03:40 without asking; should ask first."},
    "several targets": {"target": "Acknowledge the concern before troubleshooting; also recap next steps."},
    "outcome target": {"target": "Raise CSAT and cut handle time on billing calls."},
    "generic summary": {"summary": "Discussed performance."},
    "unmeasurable": {"threshold": "better"},
    "no evidence": {"evidence_call": None, "evidence_timestamp": None, "evidence_criterion": None,
                    "evidence_score": None, "evidence_quote": None},
    "overall evidence": {"evidence_criterion": "Overall", "evidence_timestamp": None, "evidence_quote": None,
                         "evidence_score": 71},
    "broad theme": {"criterion": "Empathy", "target": "Show more empathy."},
    "timed": {"session_time": dt.time(11, 30)},
    "call type": {"call_type": "inbound"},
}


def _log_row(n: int, plan: tuple, scores: list[dict], rng: random.Random) -> dict:
    rep, cid, day, _effect, scenario = plan
    crit = next((name for c, name, *_ in CRITERIA if c == cid), None)
    i = REPS.index(rep)
    row = {
        "session_id": f"S-{n:03d}", "rep": rep, "supervisor": SUPERVISORS[i % 3],
        "scheduled_at": dt.datetime.combine(day - dt.timedelta(days=2), dt.time(9)),
        "session_date": day, "logged_at": dt.datetime.combine(day, dt.time(16, rng.randrange(60))),
        "criterion": crit, "method": ["role-play", "call review", "script walkthrough", "other"][n % 4],
        **GOOD, **(_evidence(rep, crit, day, scores) if crit else {}),
    }
    row.update(SCENARIOS.get(scenario, {}))
    if scenario == "late":
        row["logged_at"] = dt.datetime.combine(day + dt.timedelta(days=3), dt.time(10))
    if scenario == "typed baseline":
        row["baseline_mean"] = 88  # typed from memory, higher than the scores say
    if scenario == "broad theme":
        row.pop("evidence_call", None)
        row["criterion"] = "Empathy"
    if crit is None and scenario != "broad theme":
        row["criterion"] = None
    return row


def _decide(data: DemoData) -> None:
    """Managers record a decision on most closed windows; a few are left blank (Checks flags them)."""
    result = compute(RawInputs.from_records(criteria=data.criteria, reps=data.reps, scores=data.scores,
                                            log=data.log, supervisors=data.supervisors), as_of=data.as_of)
    suggested = dict(zip(result.followup["session_id"], zip(result.followup["status"], result.followup["suggested"])))
    for k, row in enumerate(data.log):
        status, pick = suggested.get(row["session_id"], (None, None))
        if status in ("complete", "expired") and k % 5 != 2:
            row["decision"] = pick
