"""A session's supervisor from the Reps sheet when the Log leaves it blank.

The Log's own Supervisor always wins when filled, and its cell is never written (a person types it):
only the session's supervisor, which Follow-up shows and Aggregate groups by, is taken from the rep's
row on Reps (:func:`~coachlog_xl.core.names.rep_directory` gives none for a rep whose rows name two
different supervisors, nor for a rep not on Reps).
"""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.logquality import log_header
from coachlog_xl.core.names import person_key


def supervisors_from_reps(sessions: list[dict], roster: dict[str, str], listed: dict[str, str], spelled: dict,
                          issues: Issues) -> None:
    """Give each session with a blank supervisor whose rep has one on Reps (``roster``: rep -> supervisor)
    that supervisor, as the Settings list spells it (``listed``: each entry's key to its spelling), else
    as the Log first spells the person (``spelled``, as a typed supervisor is read); and one info row in
    Checks for them all."""
    rows = []
    for s in sessions:
        boss = roster.get(s["rep"]) if not s["supervisor"] else None
        if boss:
            key = person_key(boss)
            s["supervisor"] = listed.get(key) or spelled.setdefault(("supervisor", key), boss)
            rows.append(s["row"])
    if rows:
        many = len(rows) > 1
        issues.add(Code.SUPERVISOR_FROM_REPS, schema.LOG.name, rows[0], log_header("supervisor"), None,
                   f"Log: {len(rows)} session{'s' if many else ''} with a blank Supervisor (the first on row {rows[0]}) "
                   f"{'are' if many else 'is'} shown and grouped in Follow-up and Aggregate under the rep's supervisor "
                   "on the Reps sheet.",
                   "Nothing to do if that supervisor held the session; else type the supervisor who did on the Log.")
