"""A seeded, realistic coaching log: 12 reps, 3 supervisors, 6 criteria, six months of scored calls.

``demo_data(seed)`` returns plain records keyed by the schema's column keys, filled the way people fill
the input sheets; the workbook layer writes them.  Generation uses the standard library only (no engine,
no files), and the same seed always gives the same records.

The sessions of ``PLAN`` are designed so that a refresh as of ``AS_OF`` with the Settings defaults shows
something real on every computed sheet (docs/rules.md): every status, every suggested decision (one
escalation through the rep's history among them), each reason a comparison is not valid and each
log-quality problem.  Each plan row says what it demonstrates.  The Scores carry what real pastes carry:
an unresolved conflict, a conflict resolved with Exclude, a calibration pair, a call pasted twice, N/A
scores, a rep listed under their e-mail address and one evaluator's export spelling a criterion its own way
(``Hold etiquette``, read as HOLD through its Other names).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import NamedTuple

AS_OF = dt.date(2026, 6, 30)
FIRST_DAY = dt.date(2026, 1, 2)
CRITERIA_FROM = dt.date(2025, 10, 1)
VERIFY_V2 = dt.date(2026, 4, 15)  # a new definition of VERIFY takes effect mid-period
SUPERVISORS = ["Maya Chen", "Omar Haddad", "Priya Nair"]
EVALUATORS = ["Lena Ortiz", "Tom Becker", "Ines Moreau", "Sam Patel"]
METHODS = ["role-play", "call review", "script walkthrough", "other"]
NOISE = 8.0  # SD of a percent score around the rep's level


@dataclass
class DemoData:
    as_of: dt.date
    criteria: list[dict]
    reps: list[dict]
    supervisors: list[str]
    scores: list[dict]
    log: list[dict]


class Criterion(NamedTuple):
    cid: str
    name: str
    main: str
    weight: int
    scoring: str
    level: float  # the team's typical score
    good: str
    poor: str
    quote: str  # what a rep says when it goes wrong
    observation: str  # descriptive, at the evidence moment {ts}
    target: str
    commitment: str
    noticed: str  # what the rep noticed listening back
    other: str = ""  # how one evaluator's QA export spells it (its Other names on Criteria)


PCT, BIN = "percent 0-100", "present/absent"
CRITERIA = [
    Criterion("ACK", "Acknowledges the concern before troubleshooting", "Customer connection", 20, PCT, 80,
              "Restates the customer's concern and its impact in one sentence before the first question.",
              "Goes straight to account questions or troubleshooting; the customer repeats the problem.",
              "Okay, can I get the account number?",
              "At {ts} the customer said it was their third call about the outage; the rep asked for the "
              "account number and started a line test.",
              "Acknowledge the customer's concern in one sentence before the first troubleshooting question.",
              "I will restate the concern before I ask for any account details.",
              "heard the customer repeat the problem twice"),
    Criterion("PROBE", "Asks a clarifying question before offering a solution", "Discovery", 15, PCT, 78,
              "Asks at least one open question that confirms the actual problem before proposing a fix.",
              "Offers the first standard fix that matches a keyword; the fix misses the real problem.",
              "Sounds like a router reset, let's do that.",
              "At {ts} the customer mentioned 'internet' once; the rep started a router reset without a "
              "question. The real issue, a billing block, came up six minutes later.",
              "Ask one open question that confirms the problem before proposing a fix.",
              "I will ask 'what exactly happens when you try?' before I suggest anything.",
              "counted six minutes spent on the wrong fix"),
    Criterion("VERIFY", "Verifies identity before account changes", "Compliance", 20, BIN, 90,
              "Confirms two of date of birth, postcode and last payment before any account change.",
              "Changes the address, plan or payment method before identity is confirmed.",
              "Sure, I've updated the address for you.",
              "At {ts} the rep changed the billing address after the caller gave the account number only; "
              "no identity question was asked.",
              "Complete identity verification before making any change to the account.",
              "I will finish the verification steps before I open the account change screen.",
              "found the address change happened before any identity question"),
    Criterion("HOLD", "Asks before placing on hold", "Call control", 10, BIN, 85,
              "Asks permission, says why and for how long, and thanks the customer on return.",
              "Places the customer on hold without asking or without a time.",
              "One sec.",
              "At {ts} the rep said 'one sec' and placed the customer on hold for 2 min 40 s without asking "
              "or saying why.",
              "Ask permission and give a reason and a time before every hold.",
              "I will ask 'may I place you on a two-minute hold while I check?' before every hold.",
              "timed the silent hold at almost three minutes", other="Hold etiquette"),
    Criterion("EXPECT", "Sets a clear expectation for when the issue will be resolved", "Resolution", 15, PCT,
              77, "Gives a specific day and says who does what next.",
              "Ends with vague timing ('soon', 'we'll look into it'); the customer asks when.",
              "Someone will look into it soon.",
              "At {ts} the customer asked when the refund would arrive; the rep said 'soon' and moved to the "
              "closing.",
              "Give a specific day and the next action whenever the issue needs a follow-up.",
              "I will say who does what by which day whenever the issue stays open.",
              "noticed the customer asked 'when' twice"),
    Criterion("RECAP", "Recaps the agreed next steps before closing", "Resolution", 20, PCT, 79,
              "Summarises what was done and what happens next, and checks the customer agrees.",
              "Closes without a recap; the customer is unsure what happens next.",
              "Alright, anything else? Have a good day.",
              "At {ts} the rep closed straight after the fix; the customer asked 'so what happens "
              "now?' as the call ended.",
              "Recap what was done and the next step, and check the customer agrees, before closing.",
              "I will recap in two sentences and ask 'does that match what you expected?' before closing.",
              "heard the customer's question at the very end"),
]
CRIT = {c.cid: c for c in CRITERIA}
VERIFY_V2_TEXT = ("Sends a one-time passcode and confirms one identity detail before any account change.",
                  "Changes the account before the passcode is confirmed.")


class Rep(NamedTuple):
    name: str
    supervisor: str
    rate: float  # scored calls per weekday
    mix: tuple[float, float, float] = (0.92, 0.05, 0.03)  # shares of inbound, outbound, retention
    first_day: dt.date = FIRST_DAY


MAYA, OMAR, PRIYA = SUPERVISORS
REPS = [
    Rep("Alex Rivera", MAYA, 0.8), Rep("Bea Lindqvist", MAYA, 0.8), Rep("Chidi Okafor", MAYA, 1.1),
    Rep("Dana Cruz", MAYA, 0.85), Rep("Eli Moss", OMAR, 0.8), Rep("Farah Aziz", OMAR, 0.8, (0.08, 0.02, 0.9)),
    Rep("Gus Petrov", OMAR, 0.9), Rep("Hana Sato", OMAR, 0.8), Rep("Ivan Duarte", PRIYA, 0.85),
    Rep("Jo Kim", PRIYA, 0.8), Rep("Kai Brennan", PRIYA, 0.25, first_day=dt.date(2026, 1, 19)),  # part-time
    Rep("Lucia Romero", PRIYA, 1.0, (0.95, 0.03, 0.02)),
]
REP = {r.name: r for r in REPS}
TEAMS = {MAYA: "Care East", OMAR: "Care West", PRIYA: "Care North"}
SHIFT = ("Lucia Romero", dt.date(2026, 4, 1), (0.1, 0.88, 0.02))  # moved to the outbound campaign
QA_NAME = {"Jo Kim": "jo.kim@acme.example"}  # the QA platform lists Jo by e-mail


class Session(NamedTuple):
    sid: str
    rep: str
    cid: str  # the criterion the session is about (its texts, evidence and score levels)
    day: str  # MM-DD in 2026
    pre: float | None  # the rep's level on the criterion before the session (None: shapes no scores)
    post: float | None  # and after it
    decision: str | None  # the manager's
    shows: str
    edits: dict | None = None  # Log cells unlike a well-written row; plus late_days, evidence, planned


S = Session
PLAN = [
    S("S-001", "Dana Cruz", "PROBE", "01-27", 68, 90, "close", "complete, threshold met: close"),
    S("S-002", "Jo Kim", "EXPECT", "02-02", 68, 76, "continue", "complete, unmet, improving: continue"),
    S("S-003", "Farah Aziz", "ACK", "02-03", 70, 89, "close", "two development targets in one row",
      {"target": "Acknowledge the concern before troubleshooting; also recap the next steps at the end."}),
    S("S-004", "Chidi Okafor", "RECAP", "02-04", 60, 63, "continue", "history 1 of 3: complete, unmet"),
    S("S-005", "Hana Sato", "VERIFY", "02-09", 72, 96, "close", "present/absent criterion, v1 throughout"),
    S("S-006", "Alex Rivera", "ACK", "02-10", 68, 90, "close", "complete, threshold met: close"),
    S("S-007", "Gus Petrov", "PROBE", "02-12", 64, 74, "continue", "evaluative observation",
      {"observation": "The rep was rude to the customer and didn't care about the billing error."}),
    S("S-008", "Kai Brennan", "ACK", "02-16", 70, 82, "continue", "too few calls: baseline < 10, expired"),
    S("S-009", "Bea Lindqvist", "ACK", "02-18", 70, 89, None, "complete, no decision recorded"),
    S("S-010", "Eli Moss", "RECAP", "02-24", 72, 63, "escalate", "complete, unmet, delta <= 0: escalate",
      {"response": "pushed back", "rep_context": "Says the new ticket form leaves no time for a recap."}),
    S("S-011", "Ivan Duarte", "ACK", "02-26", 66, 61, "escalate", "unmeasurable follow-up ('better')",
      {"threshold": "better"}),
    S("S-012", "Jo Kim", "RECAP", "03-03", 70, 90, "close", "evidence is only the overall call score",
      {"evidence": "overall"}),
    S("S-013", "Dana Cruz", "ACK", "03-10", 70, 90, "close", "a timed session (14:30)",
      {"session_time": dt.time(14, 30)}),
    S("S-014", "Chidi Okafor", "RECAP", "03-11", 63, 65, "continue", "history 2 of 3: complete, unmet"),
    S("S-015", "Gus Petrov", "HOLD", "03-16", 60, 92, "close", "observation mixed with the target",
      {"observation": "At {ts} the rep placed the customer on hold without asking; should ask first."}),
    S("S-016", "Eli Moss", "HOLD", "03-18", 70, 92, "continue", "manager: continue; the tool: close"),
    S("S-017", "Lucia Romero", "ACK", "03-30", 68, 80, "continue", "call types not comparable (to outbound)"),
    S("S-018", "Bea Lindqvist", "RECAP", "03-30", 70, 88, "close", "target names an outcome",
      {"target": "Improve call handling skills to bring CSAT and handle time in line with the team."}),
    S("S-019", "Ivan Duarte", "EXPECT", "04-01", 70, 90, "close", "complete, threshold met: close"),
    S("S-020", "Alex Rivera", "PROBE", "04-06", 70, 78, "continue", "complete, unmet, improving: continue"),
    S("S-021", "Eli Moss", "VERIFY", "04-08", 70, 88, "continue", "definition changed (v2 on 04-15)"),
    S("S-022", "Hana Sato", "EXPECT", "04-13", 66, 77, "continue", "generic summary",
      {"summary": "Discussed performance."}),
    S("S-023", "Alex Rivera", "RECAP", "04-20", 70, 89, "close", "complete, threshold met: close"),
    S("S-024", "Chidi Okafor", "RECAP", "04-22", 65, 74, "escalate", "escalate by history (S-004, S-014)"),
    S("S-025", "Jo Kim", "ACK", "04-27", 70, 90, "close", "logged three days late", {"late_days": 3}),
    S("S-026", "Dana Cruz", "EXPECT", "04-29", 70, 89, "close", "complete, threshold met: close"),
    S("S-027", "Bea Lindqvist", "PROBE", "05-04", 70, 79, "close", "manager: close; the tool: continue"),
    S("S-028", "Gus Petrov", "RECAP", "05-06", 69, 89, None, "complete, no decision recorded"),
    S("S-029", "Kai Brennan", "RECAP", "05-11", 68, 82, None, "expired short, no decision recorded"),
    S("S-030", "Dana Cruz", "HOLD", "05-13", 65, 92, "close", "a baseline typed from memory",
      {"baseline_mean": 55}),
    S("S-031", "Ivan Duarte", "VERIFY", "05-18", 72, 96, "close", "no evidence anchor; v2 throughout",
      {"evidence": "none"}),
    S("S-032", "Lucia Romero", "RECAP", "05-19", 68, 90, "close", "named for outbound calls only",
      {"call_type": "outbound"}),
    S("S-033", "Farah Aziz", "ACK", "05-20", None, None, "continue", "broad theme 'Empathy', not a criterion",
      {"criterion": "Empathy", "target": "Show more empathy with upset customers."}),
    S("S-034", "Hana Sato", "ACK", "05-26", 70, 89, "close", "complete, threshold met: close"),
    S("S-035", "Alex Rivera", "EXPECT", "05-27", 72, 80, "continue", "the rep pushed back",
      {"response": "pushed back", "rep_context": "Back office gives no dates, so any day given is a guess."}),
    S("S-036", "Ivan Duarte", "ACK", "06-03", None, None, None, "targeted criterion left blank",
      {"criterion": None}),
    S("S-037", "Farah Aziz", "PROBE", "06-08", 68, 88, None, "recent: complete or at check-in"),
    S("S-038", "Jo Kim", "VERIFY", "06-10", 75, 95, None, "recent: complete or at check-in"),
    S("S-039", "Eli Moss", "ACK", "06-17", 70, 88, None, "check-in due"),
    S("S-040", "Bea Lindqvist", "EXPECT", "06-18", 68, 86, None, "check-in due"),
    S("S-041", "Chidi Okafor", "PROBE", "06-19", 70, 86, None, "check-in due"),
    S("S-042", "Gus Petrov", "RECAP", "06-25", 74, 90, None, "in progress"),
    S("S-043", "Ivan Duarte", "RECAP", "06-26", 70, 88, None, "in progress"),
    S("S-044", "Hana Sato", "RECAP", "06-30", 66, None, None, "awaiting calls: held on the as-of date"),
    S("S-045", "Gus Petrov", "ACK", "07-02", 64, None, None, "scheduled after the as-of date",
      {"planned": True}),
]

METHOD_STEP = {
    "role-play": "Role-played the moment twice, supervisor as the customer.",
    "call review": "Compared it with one of the rep's calls that got it right.",
    "script walkthrough": "Walked through the script step for this moment.",
    "other": "Listened to a peer's call that handles this moment well.",
}
NEXT_STEPS = [
    "Check-in after five scored calls.",
    "Side-by-side on two live calls next week, then check-in after five scored calls.",
    "Rep sends one example call by Friday; check-in after five scored calls.",
]
CONTEXTS = [None, None, "Queue was long that week.", "The new billing screen is slow to load.",
            "Thought the checklist covered it."]


def demo_data(seed: int = 2026) -> DemoData:
    """The demo records; the same seed always gives the same data."""
    rng = random.Random(seed)
    scores = _scores(rng)
    log = [_log_row(n, s, scores, rng) for n, s in enumerate(PLAN)]
    _paste_quirks(scores, rng)
    return DemoData(AS_OF, _criteria(), _reps(), list(SUPERVISORS), scores, log)


def _day(month_day: str) -> dt.date:
    return dt.date.fromisoformat(f"2026-{month_day}")


def _criteria() -> list[dict]:
    rows = [{"criterion_id": c.cid, "name": c.name, "other_names": c.other or None, "main": c.main,
             "weight": c.weight, "good": c.good, "poor": c.poor, "scoring": c.scoring, "version": "v1",
             "effective": CRITERIA_FROM, "active": "yes", "in_recordings": "yes", "binary_testable": "yes",
             "in_control": "yes"}
            for c in CRITERIA]
    verify = next(r for r in rows if r["criterion_id"] == "VERIFY")
    good, poor = VERIFY_V2_TEXT
    return [*rows, {**verify, "version": "v2", "effective": VERIFY_V2, "good": good, "poor": poor}]


def _reps() -> list[dict]:
    out = []
    for r in REPS:
        first, last = r.name.lower().split()
        other = QA_NAME.get(r.name, f"{first}.{last}@acme.example")
        out.append({"rep": r.name, "other_names": f"{other}; {first[0]}{last}", "supervisor": r.supervisor,
                    "team": TEAMS[r.supervisor], "active": "yes"})
    return out


def _moment(s: Session) -> dt.datetime:
    """When a session shapes scores: its time, or midday (calls that day are in neither window)."""
    return dt.datetime.combine(_day(s.day), (s.edits or {}).get("session_time", dt.time(12)))


def _level(rep: str, cid: str, at: dt.datetime, base: float, coached: dict) -> float:
    """The rep's level on a criterion at a moment: ``pre`` of the first session, then each ``post``."""
    sessions = coached.get((rep, cid))
    if not sessions:
        return base
    level = sessions[0].pre
    for s in sessions:
        if at > _moment(s) and s.post is not None:
            level = s.post
    return level


def _call_type(rep: Rep, day: dt.date, rng: random.Random) -> str:
    mix = SHIFT[2] if rep.name == SHIFT[0] and day >= SHIFT[1] else rep.mix
    return rng.choices(["inbound", "outbound", "retention"], weights=mix)[0]


def _scores(rng: random.Random) -> list[dict]:
    """One row per call x criterion, calls on weekdays in business hours; HOLD only on calls with a hold."""
    coached: dict[tuple, list[Session]] = {}
    for s in sorted(PLAN, key=_moment):
        if s.pre is not None:
            coached.setdefault((s.rep, s.cid), []).append(s)
    calls = []
    for rep in REPS:
        offset = rng.gauss(0, 3)
        base = {c.cid: min(98.0, rng.gauss(c.level + offset, 3)) for c in CRITERIA}
        day = rep.first_day
        while day <= AS_OF:
            for _ in range(2 if day.weekday() < 5 else 0):
                if rng.random() < rep.rate / 2:
                    at = dt.datetime.combine(day, dt.time(8 + rng.randrange(10), rng.randrange(60)))
                    calls.append((at, rep, base))
            day += dt.timedelta(days=1)
    calls.sort(key=lambda c: (c[0], c[1].name))
    rows = []
    for number, (at, rep, base) in enumerate(calls, start=1):
        call_id, kind, evaluator = f"CL-{number:06d}", _call_type(rep, at.date(), rng), rng.choice(EVALUATORS)
        graded = min(at.date() + dt.timedelta(days=rng.randrange(1, 7)), AS_OF)
        for c in CRITERIA:
            if c.cid == "HOLD" and rng.random() < 0.2:
                continue
            level = _level(rep.name, c.cid, at, base[c.cid], coached)
            if c.scoring == BIN:
                score = 100 if rng.random() < level / 100 else 0
            else:
                score = max(0, min(100, round(rng.gauss(level, NOISE))))
            # (one evaluator's export spells a criterion its own way: read as it by the criterion's Other names)
            named = c.other if c.other and evaluator == EVALUATORS[-1] else c.name
            rows.append({"call_id": call_id, "rep": QA_NAME.get(rep.name, rep.name), "call_at": at,
                         "criterion": named, "score": score, "call_type": kind,
                         "version": "v2" if c.cid == "VERIFY" and at.date() >= VERIFY_V2 else "v1",
                         "evaluator": evaluator, "graded_at": graded,
                         "recording": f"https://recordings.acme.example/{call_id}"})
    return rows


def _spelled(row: dict, c: Criterion) -> bool:
    """Whether a Scores row is of the criterion: under its name, or its other name (one evaluator's export's)."""
    return row["criterion"] in (c.name, c.other or c.name)


def _evidence(s: Session, c: Criterion, scores: list[dict]) -> dict | None:
    """The rep's lowest-scoring of the last 10 calls on the criterion (under any of its spellings) before the
    session."""
    name, kind = QA_NAME.get(s.rep, s.rep), (s.edits or {}).get("call_type")
    before = [r for r in scores if r["rep"] == name and _spelled(r, c)
              and r["call_at"].date() < _day(s.day) and kind in (None, r["call_type"])]
    return min(before[-10:], key=lambda r: r["score"]) if before else None


def _log_row(n: int, s: Session, scores: list[dict], rng: random.Random) -> dict:
    c, rep, edits = CRIT[s.cid], REP[s.rep], dict(s.edits or {})
    day, ts = _day(s.day), f"{rng.randrange(1, 9):02d}:{rng.randrange(60):02d}"
    at = dt.datetime.combine(day, edits.get("session_time", dt.time(rng.choice([9, 10, 11, 14, 15]))))
    method = METHODS[n % len(METHODS)]
    row = {"session_id": s.sid, "rep": s.rep, "supervisor": rep.supervisor, "scheduled_at": at,
           "session_date": day, "observation": c.observation.format(ts=ts), "target": c.target,
           "criterion": c.name, "method": method}
    evidence, kind = _evidence(s, c, scores), edits.pop("evidence", None)
    if evidence and kind != "none":
        evidence.update(call_moment=ts, quote=c.quote)
        row.update(evidence_call=evidence["call_id"], evidence_timestamp=ts, evidence_criterion=c.name,
                   evidence_score=evidence["score"], evidence_quote=c.quote)
    if kind == "overall":
        same_call = [r["score"] for r in scores if r["call_id"] == evidence["call_id"]]
        row.update(evidence_timestamp=None, evidence_criterion="Overall", evidence_quote=None,
                   evidence_score=round(sum(same_call) / len(same_call)))
    if not edits.pop("planned", False):
        listened = f"Listened to {evidence['call_id']} from {ts} together" if "evidence_call" in row \
            else "Talked through a recent call the rep remembered"
        summary = (f"1) {listened}. 2) {s.rep.split()[0]} {c.noticed}. 3) {METHOD_STEP[method]} "
                   "4) Agreed one commitment and a check-in after five scored calls.")
        logged = at + dt.timedelta(days=edits.pop("late_days", 0), minutes=rng.randrange(40, 300))
        row.update(logged_at=logged, commitment=c.commitment, summary=summary, response="agreed",
                   rep_context=rng.choice(CONTEXTS), next_step=rng.choice(NEXT_STEPS), decision=s.decision)
    row.update({k: v.format(ts=ts) if isinstance(v, str) else v for k, v in edits.items()})
    return row


def _paste_quirks(rows: list[dict], rng: random.Random) -> None:
    """What real pastes contain, on calls that decide no planned outcome."""

    def pick(rep: str, cid: str, month: int) -> dict:
        return rng.choice([r for r in rows if r["rep"] == rep and _spelled(r, CRIT[cid])
                           and r["call_at"].month == month])

    for r in rng.sample([r for r in rows if r["rep"] in ("Alex Rivera", "Bea Lindqvist")
                         and _spelled(r, CRIT["VERIFY"])], 5):
        r["score"] = "N/A"  # no account change on the call
    regrade = pick("Alex Rivera", "EXPECT", 1)  # re-graded, both pasted: a conflict left unresolved
    rows.append({**regrade, "score": _moved(regrade["score"], 30), "graded_at": dt.date(2026, 2, 20)})
    disputed = pick("Gus Petrov", "PROBE", 3)  # re-graded after a dispute; the first grade excluded
    rows.append({**disputed, "score": _moved(disputed["score"], 25), "graded_at": dt.date(2026, 4, 2)})
    disputed["exclude"] = "superseded by the re-grade after the rep's dispute"
    calibrated = pick("Hana Sato", "ACK", 4)  # a second evaluator in a calibration session
    others = [e for e in EVALUATORS if e != calibrated["evaluator"]]
    rows.append({**calibrated, "evaluator": rng.choice(others), "score": _moved(calibrated["score"], 10)})
    pasted_twice = pick("Ivan Duarte", "RECAP", 3)["call_id"]  # the same call in two pastes
    rows.extend([dict(r) for r in rows if r["call_id"] == pasted_twice])


def _moved(score: int, points: int) -> int:
    """Another grader's view of the same moment: ``points`` higher, or lower when that would pass 100."""
    return score + points if score + points <= 100 else score - points
