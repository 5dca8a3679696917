"""Small builders for rule tests: a criterion, a rep, calls on given days, one or more sessions."""

from __future__ import annotations

import datetime as dt
import math

from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute

CRIT = "Acknowledges the concern"
REP = "Ann Lee"
D = dt.date
SESSION_DAY = D(2026, 3, 10)
AS_OF = D(2026, 6, 1)


def calls(scores, start: dt.date, *, step: int = 1, rep: str = REP, crit: str = CRIT, prefix: str = "C",
          hour: int | None = 10, call_type: str = "inbound", **extra) -> list[dict]:
    """One call per ``step`` days from ``start``, with the given scores (at ``hour``:00, or date only)."""
    out = []
    for i, score in enumerate(scores):
        day = start + dt.timedelta(days=i * step)
        when = dt.datetime.combine(day, dt.time(hour)) if hour is not None else day
        out.append({"call_id": f"{prefix}{i:03d}", "rep": rep, "call_at": when, "criterion": crit,
                    "score": score, "call_type": call_type, **extra})
    return out


def session(sid: str = "S-1", day: dt.date = SESSION_DAY, **extra) -> dict:
    return {"session_id": sid, "rep": REP, "session_date": day, "criterion": CRIT, "method": "role-play", **extra}


def run(scores, log, as_of=AS_OF, criteria=None, settings=None):
    criteria = criteria if criteria is not None else [{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                                       "effective": D(2025, 1, 1)}]
    return compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}, {"rep": "Bo Park"}],
                                          scores=scores, log=log, settings=settings), as_of=as_of)


def row(result, sid: str = "S-1") -> dict:
    f = result.followup
    return {k: blank_to_none(v) for k, v in f[f["session_id"] == sid].iloc[0].to_dict().items()}


def base_row(result, sid: str = "S-1") -> dict:
    b = result.baseline
    return {k: blank_to_none(v) for k, v in b[b["session_id"] == sid].iloc[0].to_dict().items()}


def blank_to_none(v):
    return None if (v is None or (isinstance(v, float) and math.isnan(v))) else v


def codes(result) -> list[str]:
    return list(result.checks["code"])
