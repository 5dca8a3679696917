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
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.logquality import log_header
from coachlog_xl.core.names import person_key
from coachlog_xl.core.wording import count, listed, some


def supervisors_from_reps(sessions: list[dict], roster: dict[str, list[tuple[str, int, str]]],
                          listed_as: dict[str, str], spelled: dict, issues: Issues) -> None:
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
                   f"Log: {len(rows)} session{'s' if many else ''} with a blank Supervisor (the first on row "
                   f"{rows[0]}) {'are' if many else 'is'} shown and grouped in Follow-up and Aggregate under the rep's "
                   "supervisor on the Reps sheet.",
                   "Nothing to do if that supervisor held the session; else type the supervisor who did on the Log.")
    for rep, held in torn.items():
        _unknown(rep, held, roster[rep], issues)


def _unknown(rep: str, held: list[dict], named: list[tuple[str, int, str]], issues: Issues) -> None:
    """The warning for ``held``, the sessions of ``rep`` with a blank supervisor, whose Reps rows ``named``
    name several supervisors: each with every row naming them and its Active (read as every yes/no cell
    is: ``Y``, ``TRUE``, ``x`` are yes), and, when one supervisor alone has an active row, that one as the
    supervisor for sessions since the move."""
    people: dict[str, list[tuple[str, int, bool | None, str]]] = {}  # each person's rows, the first's spelling
    for boss, row, active in named:
        people.setdefault(person_key(boss), []).append((boss, row, _active(active), active))
    said = [f"{rows[0][0]} ({_rows_said(rows)})" for rows in people.values()]
    now = [rows[0][0] for rows in people.values() if any(on for _, _, on, _ in rows)]
    one = len(held) == 1
    issues.add(Code.SUPERVISOR_UNKNOWN, schema.LOG.name, held[0]["row"], log_header("supervisor"), None,
               f"Log: {count(len(held), 'session')} of {rep} with a blank Supervisor ({'row' if one else 'rows'} "
               f"{some([s['row'] for s in held])}) {'has' if one else 'have'} no supervisor in Follow-up and "
               f"{'is' if one else 'are'} grouped under (blank) in Aggregate: the Reps sheet names {len(people)} "
               f"supervisors for {rep}, {listed(said)}, and no date of a move, so who held "
               f"{'it' if one else 'each'} is not known.",
               f"Type the supervisor who held {'the session' if one else 'each session'} in the Log's Supervisor"
               + (f" ({now[0]}, on the active Reps row, for sessions since the rep moved)." if len(now) == 1 else "."))


def _active(typed: str) -> bool | None:
    """A Reps row's Active as a yes/no cell reads (None: blank, or not a yes or a no)."""
    try:
        return coerce.flag(typed)
    except coerce.Unreadable:
        return None


def _rows_said(rows: list[tuple[str, int, bool | None, str]]) -> str:
    """``Reps row 2, Active no``, ``Reps row 3, Active no; row 4, Active yes``: each row of a supervisor with
    its Active (yes or no when it reads as one, else as typed; left out when blank)."""
    def active(on: bool | None, typed: str) -> str:
        word = typed if on is None else ("yes" if on else "no")
        return f", Active {word}" if word else ""
    return "; ".join(f"{'Reps row' if k == 0 else 'row'} {row}{active(on, typed)}"
                     for k, (_, row, on, typed) in enumerate(rows))
