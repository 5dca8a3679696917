"""Log rows holding only values filled down a column: rows no one started as a session.

A supervisor stretches the Log table to row 500 and fills a default (a threshold, a method) down a column
in advance; the rows under the sessions then hold that value alone.  Such a row is not a session someone
began (domain.md, "Bad input": one clear message, not one per row): every value it holds is the one the
row above or below holds in the same column, and it holds none of a session's key fields (Session ID, Rep,
Session date or Scheduled at, Targeted criterion), and none of a supervisor's own words (a free-text column:
a Behavioral observation or a Conversation summary copied down is words someone meant for a session, so
the row is named as a session missing its key fields, as before).  :func:`started` leaves those rows out of the sessions
and says each run of them once (``filled-down-rows``, a note: the rows, the column and the value); a row with
a key field typed is read as a session, and named as before when its other key fields are missing.
"""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues

KEYS = ("session_id", "rep", "session_date", "scheduled_at", "criterion")  # a session's: never filled down
_FILLED = tuple(c.key for c in schema.LOG.columns if c.owner == schema.INPUT and c.key not in KEYS)
# a supervisor's own words (an observation, a summary, a quote): never a default, so a row holding one is read
_WORDS = frozenset(c.key for c in schema.LOG.columns if c.kind == schema.TEXT and c.choices is None)
_GREY = ("baseline_mean", "baseline_n", "baseline_recorded_on")
_KEY_WORDS = "Session ID, Rep, Session date, Scheduled at or Targeted criterion"  # (:data:`KEYS`, as said)


def baseline_of_none(raw: dict[str, list], rows: list[int], blank, issues: Issues) -> set[int]:
    """The positions of the Log rows with a grey baseline cell filled and none of a session's key fields, each
    named in ``issues`` (see the module; ``raw``, ``rows``, ``blank``: as :func:`started` takes them)."""
    keyless = range(len(rows))  # the rows blank in the key columns looked at so far: few after the first
    for key in KEYS:
        keyless = [i for i, b in zip(keyless, blank([raw[key][i] for i in keyless])) if b]
    grey = [i for i in keyless if not all(blank([raw[key][i] for key in _GREY]))]
    for i in grey:
        held = [(key, raw[key][i]) for key in _GREY if not blank([raw[key][i]])[0]]
        said = ", ".join(f"{schema.LOG.column(key).header} {_shown(v)}" for key, v in held)
        decision = raw["decision"][i] if not blank([raw["decision"][i]])[0] else None
        also = f", and Decision {_shown(decision)}" if decision is not None else ""
        kept = "; ".join(f"{schema.LOG.column(key).header} {_shown(raw[key][i])}" for key in _FILLED
                         if not blank([raw[key][i]])[0])
        issues.add(Code.BASELINE_OF_NO_SESSION, schema.LOG.name, rows[i], schema.LOG.column(held[0][0]).header,
                   held[0][1],
                   f"Log row {rows[i]}: no {_KEY_WORDS}, but its grey cells hold a recorded baseline ({said}){also}"
                   + (f", and it keeps {kept}" if kept else "")
                   + ": a session's, cleared from the row? It is no session's now, and not read as one; a session "
                   "typed in this row would take that baseline as its own, kept for good (a recorded baseline is "
                   "never recomputed).",
                   "Clear Baseline mean, Baseline n and Baseline recorded on"
                   + (" (and Decision)" if decision is not None else "")
                   + " on this row, or delete the row, before typing a new session in it; the next refresh records "
                   "the new session's baseline.")
    return set(grey)


def started(raw: dict[str, list], rows: list[int], filled: list[int], blank, issues: Issues,
            unsaid: set[int] = frozenset()) -> list[int]:
    """Of ``filled`` (the positions of the Log rows with a value a person fills; ``raw``: the Log's columns,
    ``rows``: each position's Excel row, ``blank``: :func:`~coachlog_xl.core.logcells.blank`), those read as
    sessions; a note in ``issues`` for each run of rows holding only values filled down (see the module), but
    of the rows ``unsaid`` (named by :func:`baseline_of_none`: there is something to do), which are no sessions
    either, whatever other cells they keep."""
    keyless = filled  # the rows blank in the key columns looked at so far: few after the first, in a usual Log
    for key in KEYS:
        keyless = [i for i, b in zip(keyless, blank([raw[key][i] for i in keyless])) if b]
        if not keyless:
            return filled
    held: dict[int, list] = {i: [] for i in keyless}  # position -> its (column, value) pairs
    for key in _FILLED:
        for i, b in zip(keyless, blank([raw[key][i] for i in keyless])):
            if not b:
                held[i].append((key, raw[key][i]))
    down = {i: tuple(pairs) for i, pairs in held.items()  # the rows filled down
            if pairs and all(key not in _WORDS and _same(raw, rows, key, i, value) for key, value in pairs)}
    runs: list[list[int]] = []
    for i in sorted(down):
        if runs and runs[-1][-1] == i - 1 and rows[i - 1] == rows[i] - 1 and down[i - 1] == down[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if not unsaid.intersection(run):
            _say(run, rows, down[run[0]], issues)
        elif len(run) > 1:  # the rows of the run but those: each stretch of them noted as a run of its own
            for part in _split(run, unsaid):
                _say(part, rows, down[part[0]], issues)
    return [i for i in filled if i not in down and i not in unsaid] if down or unsaid else filled


def _split(run: list[int], out: set[int]) -> list[list[int]]:
    """The stretches of ``run`` without the positions ``out``."""
    parts: list[list[int]] = [[]]
    for i in run:
        if i in out:
            parts.append([])
        else:
            parts[-1].append(i)
    return [p for p in parts if p]


def _same(raw: dict[str, list], rows: list[int], key: str, i: int, value) -> bool:
    """Whether ``value`` (row ``i``'s in column ``key``) is the value of the row above or below it."""
    column = raw[key]
    return any(0 <= j < len(column) and abs(rows[j] - rows[i]) == 1 and type(column[j]) is type(value)
               and column[j] == value for j in (i - 1, i + 1))


def _say(run: list[int], rows: list[int], held: tuple, issues: Issues) -> None:
    """The note of one run of rows filled down (their positions ``run``, each holding ``held``)."""
    first, last = rows[run[0]], rows[run[-1]]
    headers = [schema.LOG.column(key).header for key, _ in held]
    values = "; ".join(f"{h} {_shown(v)}" for h, (_, v) in zip(headers, held))
    # (the row is the Checks row's own: the words say how far the run goes, not the row again)
    span = "this row holds" if first == last else f"this row and the {len(run) - 1} under it, to row {last}, hold"
    issues.add(Code.FILLED_DOWN_ROWS, schema.LOG.name, first, ", ".join(headers), _shown(held[0][1]),
               f"{span} only {values}, as the rows beside {'them' if first != last else 'it'} in the same column "
               "(filled down), and no Session ID, Rep, Session date or Targeted criterion: not read as sessions.",
               "Nothing to do: type a session's Session ID, Rep, Session date and Targeted criterion in one of "
               "these rows and it is read as a session.")


def _shown(value) -> str:
    """A value as the note shows it: a whole number without its .0, a date as its ISO date."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()
