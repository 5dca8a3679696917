"""A slow, independent reference for the Follow-up numbers, written from domain.md and docs/rules.md.

It imports nothing from ``coachlog_xl``: it reads a workbook file with openpyxl and recomputes, with
plain loops over plain Python values, what a refresh must write on the Follow-up sheet and into the
Log's tool-owned baseline columns.  The property tests compare the package against it.

Scope: the clean canonical layout only.  Scores hold the template's own columns, scores are numbers
on 0-100 (or a not-scored word), call dates are datetimes, so no export normalisation is needed.
A date cell without a time (midnight) is a date-only call, since a cell cannot tell them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from tests.wbkit import opened

SETTINGS_LABELS = {
    "Calls per window (N)": "window_n",
    "Follow-up timeframe (days)": "timeframe_days",
    "Threshold score": "threshold",
    "Calls needed at threshold (K)": "k_needed",
    "Check-in after (calls)": "checkin_n",
    "Call-type share tolerance (points)": "type_tolerance",
    "Escalate after unmet sessions": "escalate_after",
}
DEFAULTS = {"window_n": 10, "timeframe_days": 30, "threshold": 80, "k_needed": 7, "checkin_n": 5,
            "type_tolerance": 30, "escalate_after": 2}
NOT_SCORED = {"n/a", "na", "-"}
# a difference under a billionth of a point is floating-point error, not the scores' (docs/rules.md, Follow-up values)
ERROR = 1e-9
CLOSED = ("complete", "expired")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _text(value) -> str:
    return "" if _blank(value) else str(value).strip()


def _key(value) -> str:
    """Names match ignoring case and spaces (docs/rules.md, Which calls count)."""
    return "".join(str(value).split()).lower()


def _number(value):
    if isinstance(value, bool) or _blank(value):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _mean(values):
    return sum(values) / len(values) if values else None


def _rows(ws) -> list[tuple[int, dict]]:
    """(Excel row, {header: value}) for every row below the header that holds a value."""
    grid = list(ws.iter_rows(values_only=True))
    head = [None if h is None else str(h).strip() for h in grid[0]]
    out = []
    for number, values in enumerate(grid[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        out.append((number, {h: v for h, v in zip(head, values) if h}))
    return out


def _settings(ws) -> dict:
    out = dict(DEFAULTS)
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        key = SETTINGS_LABELS.get(_text(row[0]))
        value = _number(row[1])
        if key == "type_tolerance" and value is not None and 0 < value < 1:
            value = float(Fraction(repr(value)) * 100)  # a cell formatted 30 % holds 0.3 (docs/rules.md)
        if key and value is not None:
            out[key] = value
    return out


class Directory:
    """Spellings -> one canonical name."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def add(self, spelling, canonical: str) -> None:
        if not _blank(spelling):
            self.names.setdefault(_key(spelling), canonical)

    def resolve(self, spelling):
        return None if _blank(spelling) else self.names.get(_key(spelling))


def _as_datetime(value):
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None


# an Exclude cell holding nothing, or a word saying no (docs/rules.md, Which calls count)
_NO_REASON = {"", "false", "no", "n", "0", "n/a", "na", "-", "--", "none", "null"}


def _calls(rows, reps: Directory, criteria: Directory, as_of: dt.date) -> tuple[list[dict], set[tuple]]:
    """The counted calls: scored, not excluded, not after the as-of moment, one per call and criterion;
    and the days of the calls left out for a conflict, by (rep, criterion)."""
    kept = []
    for number, r in rows:
        rep = reps.resolve(r.get("Rep"))
        crit = criteria.resolve(r.get("Criterion"))
        at = _as_datetime(r.get("Call date"))
        score = _number(r.get("Score"))
        if _blank(r.get("Call ID")) or rep is None or crit is None or at is None or score is None:
            continue
        if _text(r.get("Exclude")).lower() not in _NO_REASON or at.date() > as_of:
            continue
        if reps.resolve(r.get("Evaluator")) == rep:  # a rep's self-assessment: no QA score
            continue
        kept.append({"row": number, "call_id": _text(r.get("Call ID")), "rep": rep, "criterion": crit,
                     "at": at, "date_only": at.time() == dt.time(0), "score": score,
                     "call_type": _text(r.get("Call type")), "version": _text(r.get("Criteria version")),
                     "evaluator": _text(r.get("Evaluator"))})
    groups: dict[tuple, list[dict]] = {}
    for c in kept:
        # a call is its id and rep; under an id Excel rounded (many calls' ids made one number), its moment too
        moment = c["at"] if re.fullmatch(r"\d{15}0+|\d(\.\d+)?E\+\d+", c["call_id"], re.I) else None
        groups.setdefault((c["call_id"], c["rep"], moment, c["criterion"]), []).append(c)
    calls, conflicted = [], {}
    for group in groups.values():
        by_evaluator: dict[str, set] = {}
        for c in group:
            by_evaluator.setdefault(c["evaluator"], set()).add(c["score"])
        # scores without an evaluator beside named ones (who gave them is not known): one of the named
        # scores again is that grading, counted once; another score is a conflict
        named = set().union(*(v for e, v in by_evaluator.items() if e)) if len(by_evaluator) > 1 else set()
        unnamed = by_evaluator.pop("", set()) if named else set()
        if unnamed - named or any(len(scores) > 1 for scores in by_evaluator.values()):
            for c in group:
                conflicted.setdefault((c["rep"], c["criterion"]), []).append(c["at"].date())
            continue  # one evaluator, two scores: a conflict, out of every window
        first = min(group, key=lambda c: c["row"])
        call = dict(first)
        call["score"] = _mean([next(iter(s)) for s in by_evaluator.values()])  # calibration: their mean
        calls.append(call)
    return calls, conflicted


def _order(call) -> tuple:
    # call ids as a person reads them: each run of digits a number (C2 before C10), digits before text
    tokens = [(0, len(t.lstrip("0")), t.lstrip("0")) if t.isdecimal() else (1, 0, t)
              for t in re.findall(r"\d+|\D+", call["call_id"])]
    return (call["at"], tokens, call["row"])


def _windows(calls: list[dict], s: dict) -> tuple[list[dict], list[dict]]:
    """The baseline window (last N) and the follow-up window (first N) of a session."""
    day, timed, moment, days = s["day"], s["timed"], s["moment"], s["timeframe_days"]
    before, after = [], []
    for c in calls:
        if c["rep"] != s["rep"] or c["criterion"] != s["criterion"]:
            continue
        if s["call_type"] and c["call_type"] != s["call_type"]:
            continue
        c_day = c["at"].date()
        if not timed or c["date_only"]:
            # by day: the session day itself is in neither window
            last_day = (moment + dt.timedelta(days=days)).date() if timed else day + dt.timedelta(days=days)
            if c_day < day:
                before.append(c)
            elif day < c_day <= last_day:
                after.append(c)
        else:
            if c["at"] < moment:
                before.append(c)
            elif moment < c["at"] <= moment + dt.timedelta(days=days):
                after.append(c)
    before.sort(key=_order)
    after.sort(key=_order)
    n = s["window_n"]
    return before[max(0, len(before) - n):], after[:n]


def _untyped_only(calls: list[dict], s: dict) -> bool:
    """Whether a session counting one call type follows calls of its rep on its criterion of which none
    has a call type (an export without the column): no baseline of 0 calls is recorded for it."""
    earlier = [c for c in calls if c["rep"] == s["rep"] and c["criterion"] == s["criterion"] and c["at"] < s["moment"]]
    return bool(s["call_type"]) and bool(earlier) and not any(c["call_type"] for c in earlier)


def _other_types_only(calls: list[dict], s: dict) -> bool:
    """Whether a session counting one call type, none of whose calls comes before it, follows calls of its
    rep on its criterion (before it as its baseline window has it) of other call types (the Log's word is
    not the exports'): no baseline of 0 calls is recorded for it either."""
    if not s["call_type"]:
        return False
    for c in calls:
        if c["rep"] != s["rep"] or c["criterion"] != s["criterion"] or not c["call_type"]:
            continue
        by_day = not s["timed"] or c["date_only"]
        if (c["at"].date() < s["day"]) if by_day else (c["at"] < s["moment"]):
            return True  # (a call of the session's own type before it would have made the baseline's n above 0)
    return False


def _sessions(rows, reps: Directory, criteria: Directory, cfg: dict) -> list[dict]:
    out = []
    for number, r in rows:
        day = _as_datetime(r.get("Session date"))
        rep = reps.resolve(r.get("Rep"))
        if day is None or rep is None:
            continue
        day = day.date()
        t = r.get("Session time")
        timed = isinstance(t, dt.time)
        s = {"row": number, "session_id": _text(r.get("Session ID")), "rep": rep, "day": day, "timed": timed,
             "moment": dt.datetime.combine(day, t) if timed else dt.datetime.combine(day, dt.time(0)),
             "criterion": criteria.resolve(r.get("Targeted criterion")), "call_type": _text(r.get("Call type")),
             "criterion_text": _text(r.get("Targeted criterion")), "method": _text(r.get("Coaching method")),
             "supervisor": _text(r.get("Supervisor")), "target": _text(r.get("Development target")),
             "typed_mean": _number(r.get("Baseline mean")), "typed_n": _number(r.get("Baseline n")),
             "recorded_on": r.get("Baseline recorded on")}
        for key, header in (("window_n", "Calls to review"), ("timeframe_days", "Timeframe (days)"),
                            ("threshold", "Threshold score"), ("k_needed", "Calls needed at threshold")):
            value = _number(r.get(header))
            s[key] = value if value is not None else cfg[key]
        for key in ("window_n", "timeframe_days", "k_needed"):
            s[key] = int(s[key])
        out.append(s)
    return out


def typed_none(s: dict) -> bool:
    """Whether the session's baseline cells hold nothing typed."""
    return s["typed_mean"] is None and s["typed_n"] is None


def _conflict_holds(s: dict, base: list[dict], follow: list[dict], days: list[dt.date]) -> tuple[bool, bool]:
    """Whether a call left out for a conflict may belong in the session's baseline, and in its
    follow-up: dated from the first of the baseline's N calls (any day before, when it has fewer) up to
    the session, or from the session up to the follow-up's Nth call (the window's last day when fewer).
    A date-only session's own day is in neither window."""
    day, n = s["day"], s["window_n"]
    if s["timed"]:
        before_last, after_first = day, day
        window_last = (s["moment"] + dt.timedelta(days=s["timeframe_days"])).date()
    else:
        before_last, after_first = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
        window_last = day + dt.timedelta(days=s["timeframe_days"])
    base_first = base[0]["at"].date() if len(base) >= n else dt.date.min
    follow_last = follow[-1]["at"].date() if len(follow) >= n else window_last
    return (any(base_first <= d <= before_last for d in days), any(after_first <= d <= follow_last for d in days))


def _status(s: dict, fn: int, as_of: dt.date, checkin: int) -> str:
    end_of_as_of = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(0))
    if s["day"] > as_of:
        return "scheduled"
    if fn >= s["window_n"]:
        return "complete"
    if s["timed"]:
        expired = s["moment"] + dt.timedelta(days=s["timeframe_days"]) < end_of_as_of
    else:
        expired = s["day"] + dt.timedelta(days=s["timeframe_days"]) < as_of
    if expired:
        return "expired"
    if fn == 0:
        return "awaiting calls"
    return "in progress" if fn < checkin else "check-in due"


def _same_criterion(s, bn, follow, status) -> str | None:
    if s["criterion"] is None:
        return "no"
    if not bn:  # (the baseline used: a recorded n of 0 is no baseline call); calls may yet come before a scheduled one
        return None if status == "scheduled" else "no"
    if not follow:
        return "no" if status in CLOSED else None
    return "yes"


def _definition_unchanged(s, base, follow, versions, status) -> str | None:
    if not base or not follow:
        return None
    first, last = base[0]["at"], follow[-1]["at"]
    for effective in versions.get(s["criterion"], []):
        if first < effective <= last:
            return "no"
    seen = {c["version"] for c in base + follow if c["version"]}
    if len(seen) > 1:
        return "no"
    return "yes" if status in CLOSED else None  # until the window closes a later call may follow a new version


def _types_comparable(s, base, follow, status, tolerance) -> str | None:
    if not base or not follow:
        return None
    if s["call_type"]:
        return f"yes ({s['call_type']} only)"
    if status not in CLOSED:
        return None

    def shares(window):
        counts: dict[str, int] = {}
        for c in window:
            counts[c["call_type"]] = counts.get(c["call_type"], 0) + 1
        return {t: Fraction(k, len(window)) for t, k in counts.items()}

    b, f = shares(base), shares(follow)
    limit = Fraction(tolerance) / 100
    ok = all(abs(b.get(t, 0) - f.get(t, 0)) <= limit for t in set(b) | set(f))
    return "yes" if ok else "no"


def _enough(s, bn, fn, status) -> str | None:
    n = s["window_n"]
    if bn is None or bn < n:
        return None if status == "scheduled" else "no"
    if fn >= n:
        return "yes"
    return "no" if status == "expired" else None


def followup(path, as_of: dt.date) -> tuple[dict[str, dict], dict[int, tuple]]:
    """What a refresh as of ``as_of`` must produce for the workbook at ``path``.

    Returns ``(rows, log_updates)``: the Follow-up values per session id, keyed by the Follow-up
    sheet's headers, and the baseline ``(mean, n, recorded on)`` a refresh must write into each Log row
    whose baseline columns are empty and whose session has passed.
    """
    rows, updates = _compute(path, as_of)
    return {sid: {k: v for k, v in r.items() if not k.startswith("_")} for sid, r in rows.items()}, updates


def _read_target(target: str) -> str:
    """A development target as a person reads it (docs/rules.md, Log-quality checks): case, runs of
    spaces, the spaces around it and full stops at its end aside."""
    return re.sub(r"[. ]+$", "", re.sub(r"\s+", " ", target).strip()).casefold()


def repeat_key(s: dict):
    """What a session shares with an earlier Log row of the rep on the criterion, under another id, when
    ``same-session-twice`` names it as likely typed twice (docs/rules.md, Log-quality checks): the timed
    moment, or the date-only day with its development target, with the call type it names (or none);
    None for a date-only session without a target.  The criterion is matched as names are, case aside."""
    criterion = (s["criterion"] or s["criterion_text"]).lower()
    kind = _key(s["call_type"]) if s["call_type"] else ""
    if s["timed"]:
        return s["rep"], criterion, s["moment"], kind
    target = _read_target(s["target"])
    return (s["rep"], criterion, s["day"], kind, target) if target else None


def aggregates(path, as_of: dt.date) -> dict[tuple[str, str], dict]:
    """The Aggregate sheet's figures per (By, Group): valid comparisons only (docs/rules.md, Aggregates).

    A Log row likely typing an earlier row's session again (:func:`repeat_key`) counts among Sessions and
    is left out."""
    rows, _ = _compute(path, as_of)
    seen, again = set(), set()
    for r in sorted(rows.values(), key=lambda r: r["_session"]["row"]):
        key = repeat_key(r["_session"])
        if key in seen:
            again.add(r["_session"]["row"])
        elif key is not None:
            seen.add(key)
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows.values():
        s = r["_session"]
        keys = (("Coaching method", s["method"]), ("Criterion", s["criterion"] or s["criterion_text"]),
                ("Rep", s["rep"]), ("Supervisor", s["supervisor"]), ("Month", s["day"].strftime("%Y-%m")))
        for key in keys:
            groups.setdefault(key, []).append(r)
    out = {}
    for key, members in groups.items():
        valid = [r for r in members if r["Valid"] == "yes" and not r["_waits"]  # figures not final
                 and r["_session"]["row"] not in again]
        deltas = sorted(r["Delta"] for r in valid)
        half = len(deltas) // 2
        median = None
        if deltas:
            median = deltas[half] if len(deltas) % 2 else (deltas[half - 1] + deltas[half]) / 2
        out[key] = {
            "Sessions": len(members), "Valid comparisons": len(valid), "Left out": len(members) - len(valid),
            "Mean delta": _mean(deltas), "Median delta": median,
            "Share improved": _mean([1.0 if d > ERROR else 0.0 for d in deltas]),
            "Share meeting threshold": _mean([1.0 if r["Threshold met"] == "yes" else 0.0 for r in valid]),
        }
    return out


def _compute(path, as_of: dt.date) -> tuple[dict[str, dict], dict[int, tuple]]:
    wb = opened(path)
    cfg = _settings(wb["Settings"])
    reps, criteria = Directory(), Directory()
    for _, r in _rows(wb["Reps"]):
        name = _text(r.get("Rep"))
        if not name:
            continue
        reps.add(name, name)
        for other in str(r.get("Other names") or "").split(";"):
            reps.add(other, name)
    versions: dict[str, list[dt.datetime]] = {}
    for _, r in _rows(wb["Criteria"]):
        name = _text(r.get("Criterion"))
        if not name:
            continue
        criteria.add(name, name)
        criteria.add(r.get("Criterion ID"), criteria.resolve(name))
        effective = _as_datetime(r.get("Effective from"))
        if effective is not None:
            # Effective from is taken as the start of that day
            versions.setdefault(criteria.resolve(name), []).append(dt.datetime.combine(effective.date(), dt.time(0)))
    calls, conflicted = _calls(_rows(wb["Scores"]), reps, criteria, as_of)
    nothing_pasted = not _rows(wb["Scores"])
    sessions = _sessions(_rows(wb["Log"]), reps, criteria, cfg)

    rows, updates = {}, {}
    checkin = int(cfg["checkin_n"])
    for s in sessions:
        base, follow = _windows(calls, s)
        computed_mean, computed_n = _mean([c["score"] for c in base]), len(base)
        status = _status(s, len(follow), as_of, checkin)
        base_held, follow_held = _conflict_holds(s, base, follow, conflicted.get((s["rep"], s["criterion"]), []))
        if nothing_pasted:  # no Scores row at all: nothing is recorded, everything waits
            base_held = follow_held = True
        held = False
        recorded_on = _as_datetime(s["recorded_on"])
        # cells recorded before the session's day are no recording of it (a copied row): not used, held
        misplaced = recorded_on is not None and recorded_on.date() < s["day"]
        if not _blank(s["recorded_on"]) and status != "scheduled" and not misplaced:
            bmean, bn = s["typed_mean"], s["typed_n"]
            if bn and bmean is not None and int(bn) != computed_n:
                # the window holds another number of calls than the recorded n (N changed, older calls pasted
                # since): the rep's last n calls before the session are the baseline's when they give its mean
                own = _windows(calls, {**s, "window_n": int(bn)})[0]
                if len(own) == int(bn) and abs(_mean([c["score"] for c in own]) - float(bmean)) <= ERROR:
                    base = own
        elif _blank(s["recorded_on"]) and (s["typed_mean"] is not None or s["typed_n"] == 0):
            # a typed mean (its n typed, else the data's), or an n of 0: no calls, no mean (a mean typed beside it
            # is not used: domain.md, a recorded n of 0 has its mean blank)
            bmean = None if s["typed_n"] == 0 else s["typed_mean"]
            bn = s["typed_n"] if s["typed_n"] is not None else computed_n
        else:  # not recorded yet, or recorded by a refresh as of a later date than this one, or misplaced
            bmean, bn = computed_mean, computed_n
            # a typed n without its mean: neither used nor recorded over, held until the person mends it
            lone_n = _blank(s["recorded_on"]) and s["typed_n"] is not None
            held = (misplaced or lone_n) and status != "scheduled"
            if _blank(s["recorded_on"]) and not lone_n and status != "scheduled":
                # a conflict that may be in the baseline holds it, and so does a criterion not on the list
                # when no call matches (the row mistyped: a baseline of 0 calls would stay when fixed)
                # and so do calls before it that carry no call type, for a session counting one type
                # and so do calls before it of other call types only
                held = base_held or (computed_n == 0 and (s["criterion"] is None or _untyped_only(calls, s)
                                                          or _other_types_only(calls, s)))
                if not held:
                    updates[s["row"]] = (computed_mean, computed_n, as_of)
        held = held or (status != "scheduled" and follow_held)
        # figures that may change once Scores rows are counted: kept out of the aggregates
        waits = status != "scheduled" and (follow_held or (_blank(s["recorded_on"]) and typed_none(s) and base_held))
        bn = None if bn is None else int(bn)
        scores = [c["score"] for c in follow]
        fn, fmean = len(scores), _mean(scores)
        n, k = s["window_n"], s["k_needed"]
        at = sum(1 for x in scores if x >= s["threshold"] - ERROR)  # (within float error reaches it)
        if at >= k:
            met = "yes"
        elif s["criterion"] is None:  # no call can count until the Log row (or the list) is fixed: not known
            met = None
        elif at + (n - fn) < k or status in CLOSED:
            met = "no"
        else:
            met = None
        delta = fmean - bmean if fn >= checkin and bmean is not None else None
        checkin_mean = _mean(scores[:checkin]) if fn >= checkin else None
        emerging = None if checkin_mean is None or bmean is None else ("yes" if checkin_mean - bmean > ERROR else "no")
        if s["timed"]:
            ends = s["moment"] + dt.timedelta(days=s["timeframe_days"])
        else:
            ends = dt.datetime.combine(s["day"] + dt.timedelta(days=s["timeframe_days"]), dt.time(0))
        conditions = (
            _same_criterion(s, bn, follow, status),
            # a baseline recorded with no call has no window to judge a definition or call types in
            _definition_unchanged(s, [] if bn == 0 else base, follow, versions, status),
            _types_comparable(s, [] if bn == 0 else base, follow, status, cfg["type_tolerance"]),
            _enough(s, bn, fn, status),
        )
        flags = ["no" if c == "no" else None if c is None else "yes" for c in conditions]
        valid = "no" if "no" in flags else (None if None in flags else "yes")
        rows[s["session_id"]] = {
            "Baseline n": bn, "Baseline mean": bmean, "Follow-up n": fn, "Follow-up mean": fmean, "Delta": delta,
            "Calls at threshold": at, "Threshold met": met, "Check-in mean": checkin_mean,
            "Improvement emerging": emerging, "Status": status, "Window ends": ends,
            "Same criterion": conditions[0], "Definition unchanged": conditions[1],
            "Call types comparable": conditions[2], "Enough calls": conditions[3], "Valid": valid,
            "_session": s, "_held": held, "_waits": waits,
        }
    for s in sessions:
        rows[s["session_id"]]["Suggested decision"] = _suggested(s, rows, sessions, cfg["escalate_after"])
    return rows, updates


def _suggested(s: dict, rows: dict, sessions: list[dict], escalate_after) -> str:
    r = rows[s["session_id"]]
    if r["Status"] != "complete" or r["Valid"] != "yes" or r["_held"]:
        return "continue"  # (a conflict that may be in its windows: no decision until it is resolved)
    if r["Threshold met"] == "yes":
        return "close"
    if r["Delta"] is not None and r["Delta"] <= ERROR:  # a delta that small is 0
        return "escalate"
    unmet = set()
    for other in sessions:
        o = rows[other["session_id"]]
        if (other["rep"] == s["rep"] and other["criterion"] == s["criterion"] and other["day"] < s["day"]
                and o["Status"] == "complete" and o["Valid"] == "yes" and o["Threshold met"] == "no"):
            # sessions likely typed twice under two ids count once
            unmet.add(repeat_key(other) or ("row", other["row"]))
    return "escalate" if len(unmet) >= escalate_after else "continue"
