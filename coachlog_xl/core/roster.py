"""A session's supervisor from the Reps sheet when the Log leaves it blank.

The Log's own Supervisor always wins when filled, and its cell is never written (a person types it):
only the session's supervisor, which Follow-up shows and Aggregate groups by, is taken from the rep's
rows on Reps, when they name one person (``Park, Lee`` and ``Lee Park`` are one).  A Supervisor on the
Log is the one who held the session (domain.md, Log), so Aggregate's supervisor is who coached.  A rep
whose rows name two (a rep moved between teams: the old row set Active no, a new active row) gets none:
Reps says who supervises the rep now, not from when, so the sessions before the move cannot be told from
those after it, and the new supervisor would be credited with the old one's sessions.  Checks says so
for each such rep (``supervisor-unknown``), naming the supervisors and which row is active.
"""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.logquality import log_header
from coachlog_xl.core.names import person_key
from coachlog_xl.core.wording import count, listed, some


def supervisors_from_reps(sessions: list[dict], roster: dict[str, list[tuple[str, int, str]]], listed_as: dict[str, str],
                          spelled: dict, issues: Issues) -> None:
    """Give each session with a blank supervisor whose rep's rows on Reps (``roster``: rep -> (supervisor,
    row, Active) of each row naming one) name one person that supervisor, as the Settings list spells it
    (``listed_as``: each entry's key to its spelling), else as the Log first spells the person (``spelled``,
    as a typed supervisor is read); and one info row in Checks for them all, one warning per rep whose rows
    name several."""
    rows, torn = [], {}
    for s in sessions:
        named = roster.get(s["rep"], []) if not s["supervisor"] else []
        people = {person_key(boss) for boss, _, _ in named}
        if len(people) == 1:
            key = person_key(named[0][0])
            s["supervisor"] = listed_as.get(key) or spelled.setdefault(("supervisor", key), named[0][0])
            rows.append(s["row"])
        elif people:
            torn.setdefault(s["rep"], []).append(s)
    if rows:
        many = len(rows) > 1
        issues.add(Code.SUPERVISOR_FROM_REPS, schema.LOG.name, rows[0], log_header("supervisor"), None,
                   f"Log: {len(rows)} session{'s' if many else ''} with a blank Supervisor (the first on row {rows[0]}) "
                   f"{'are' if many else 'is'} shown and grouped in Follow-up and Aggregate under the rep's supervisor "
                   "on the Reps sheet.",
                   "Nothing to do if that supervisor held the session; else type the supervisor who did on the Log.")
    for rep, held in torn.items():
        _unknown(rep, held, roster[rep], issues)


def _unknown(rep: str, held: list[dict], named: list[tuple[str, int, str]], issues: Issues) -> None:
    """The warning for ``held``, the sessions of ``rep`` with a blank supervisor, whose Reps rows ``named``
    name several supervisors."""
    people: dict[str, tuple[str, int, str]] = {}  # each person's first row
    for boss, row, active in named:
        people.setdefault(person_key(boss), (boss, row, active))
    said = [f"{boss} (Reps row {row}{f', Active {active}' if active else ''})" for boss, row, active in people.values()]
    now = [boss for boss, _, active in people.values() if active.lower() == "yes"]
    one = len(held) == 1
    issues.add(Code.SUPERVISOR_UNKNOWN, schema.LOG.name, held[0]["row"], log_header("supervisor"), None,
               f"Log: {count(len(held), 'session')} of {rep} with a blank Supervisor (rows "
               f"{some([s['row'] for s in held])}) {'has' if one else 'have'} no supervisor in Follow-up and "
               f"{'is' if one else 'are'} grouped under (blank) in Aggregate: the Reps sheet names {len(people)} "
               f"supervisors for {rep}, {listed(said)}, and no date of a move, so who held "
               f"{'it' if one else 'each'} is not known.",
               f"Type the supervisor who held {'the session' if one else 'each session'} in the Log's Supervisor"
               + (f" ({now[0]}, on the active Reps row, for sessions since the rep moved)." if len(now) == 1 else "."))
