"""A rep or criterion no counted call is under: what Checks says of it on the Log (docs/rules.md, "Recorded").

A name the Log row gives that is on no list holds the baseline, and Checks asks to pick the name or add it to
the list (log-unknown-rep, unknown-criterion).  Adding a misspelling to the list (``Ana Lopes`` where ``Ana
Lopez`` has the scores) makes it a rep of its own with no call before the session, so the next refresh
records a baseline of 0 calls, for good, as it does for a rep new to the team.  So the fix names the close
known name to pick when it is the one meant (:func:`add_only_if_another`), and once such a baseline is
recorded a note names the name no counted call is under, and the close name that has scores (:func:`note`).
"""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.names import Directory
from coachlog_xl.core.strangers import Strangers, shown

LOG = schema.LOG.name
_WHAT = {"rep": ("rep", "Rep", "the Reps sheet"),
         "criterion": ("criterion", "Targeted criterion", "the Criteria sheet")}


def add_only_if_another(key: str, text: str, hint: str) -> str:
    """The fix of a Log row naming a rep or criterion (``key``) as ``text``, not on its list, close to the known
    ``hint``: pick the known name if it is the one meant; add the new one only if it is another."""
    what, _, sheet = _WHAT[key]
    return (f'If the {what} is "{hint}", pick it from the dropdown. Add "{text}" to {sheet} only if it is another '
            f"{what}: its baseline is then recorded for good from the calls scored under that name, 0 calls when no "
            "Scores row names it yet.")


class Scored:
    """The names the counted calls are under (their reps, their criteria), and those the Scores rows read name,
    counted or not (``rows``: :attr:`~coachlog_xl.core.calls.Normalised.rows`, the excluded and later ones in;
    ``unplaced``: the (rep, criterion, day) of the rows that cannot be placed), each found when first asked for."""

    def __init__(self, calls: pd.DataFrame, rows: pd.DataFrame, unplaced: list[tuple]):
        self._calls, self._rows, self._unplaced = calls, rows, unplaced
        self._names: dict[str, set] = {}
        self._named: dict[str, set] = {}
        self._near: dict[str, Directory] = {}

    def names(self, key: str) -> set:
        if key not in self._names:
            self._names[key] = set(self._calls[key].dropna().unique().tolist())
        return self._names[key]

    def read_none(self) -> bool:
        """Whether no Scores row was read at all (a Log filled in before the first paste)."""
        return self._rows.empty and not self._unplaced

    def named(self, key: str) -> set:
        """The names the Scores rows read give, excluded, later than the as-of date or unplaced too."""
        if key not in self._named:
            at = ("rep", "criterion").index(key)
            self._named[key] = (set(self._rows[key].dropna().unique().tolist()) if not self._rows.empty else set()) | {
                u[at] for u in self._unplaced if u[at] is not None}
        return self._named[key]

    def close(self, key: str, name: str) -> str | None:
        """The name with scores one spelling mistake from ``name`` (as a "did you mean" finds it), or None."""
        if key not in self._near:
            self._near[key] = found = Directory()
            for known in sorted(self.names(key)):
                found.add(known)
        near = [known for known in self._near[key].near(name) if known != name]
        return near[0] if near else None


def note(sessions: list[dict], used: list[tuple], scored: Scored, issues: Issues,
         unlisted: Strangers | None = None) -> None:
    """A note on the Log row of each session whose baseline is recorded as 0 calls while no counted call is under
    its rep, or its criterion: a misspelling added to a list records so (a new rep's first session too), and so
    do calls all excluded; ``used``: per session, the baseline in use (:func:`~coachlog_xl.core.baseline.settle_rows`).
    ``unlisted``: rows of reps on no list, which may be the calls of a rep with no Scores row at all (a baseline
    recorded before a refresh held for them: the fix says to add the spelling and record the baseline again).
    Nothing is said while no Scores row is read at all: every name is without calls then."""
    if scored.read_none():
        return
    for s, (state, n, _, on) in zip(sessions, used):
        if state != "recorded" or n is None or int(n) != 0:
            continue
        for key in ("rep", "criterion"):
            name = s[key]
            if name is None or name in scored.names(key):
                continue
            what, header, sheet = _WHAT[key]
            close = scored.close(key, name)
            beside = f', while "{close}", a name close to it, has scores' if close else ""
            recorded = f'{s["session_id"]}: the baseline is recorded as 0 calls (on {on:%Y-%m-%d}), and'
            if name in scored.named(key):  # (its rows are all excluded, later than the as-of date or unplaced)
                problem, fix = (
                    f'{recorded} no counted call is under the {what} "{name}" (the Scores rows naming it are '
                    f"excluded, after the as-of date or cannot be read){beside}.",
                    "Nothing to do if those rows are rightly left out; else mend them (an Exclude reason typed by "
                    "mistake, a cell that cannot be read) and clear the session's Baseline n and Baseline recorded "
                    "on for the next refresh to record its baseline.")
            else:  # (no row read names it: its rows, if any, are N/A, which are not read as scores)
                problem, fix = (f'{recorded} no counted call is under the {what} "{name}"{beside}: a {what} new to '
                                f"the scores, a misspelling{_added(s, key, sheet)}, or one whose every Scores row is "
                                "N/A.", _fix(s, key, name, close))
                if key == "rep" and not close and unlisted is not None and (found := unlisted.of(s)):
                    problem, fix = _strangers(s, recorded, found)
            issues.add(Code.UNSCORED_NAME, LOG, s["row"], header, name, problem, fix)


def _strangers(s: dict, recorded: str, found: list[str]) -> tuple[str, str]:
    """The note and fix of a baseline recorded as 0 calls of a rep with no Scores row at all, beside Scores rows of
    reps on no list (``found``, their spellings) on its criterion before it: they may be the rep's calls (an export
    naming reps by an ID)."""
    rep = s["rep"]
    return (f'{recorded} no Scores row with a score and a call date is under the rep "{rep}" or any of {rep}\'s '
            f"Other names, while Scores rows on this criterion before the session are of reps on no list "
            f"({shown(found)}), which may be {rep}'s (an "
            "export naming reps by an ID or login).",
            f"If one of them is {rep}, add that spelling to {rep}'s Other names on the Reps sheet, and clear the "
            "session's Baseline n and Baseline recorded on for the next refresh to record its baseline. If "
            f"{rep} really had no call before the session, nothing to do: this note goes once {rep}'s calls "
            "arrive.")


def _listed(s: dict, key: str) -> bool:
    """Whether the session's rep or criterion is on its list (a rep on no Reps row is still named)."""
    return key not in (s.get("unlisted") or "").split(", ")


def _added(s: dict, key: str, sheet: str) -> str:
    return f" added to {sheet}" if _listed(s, key) else ""


def _fix(s: dict, key: str, name: str, close: str | None) -> str:
    """What to do of a name no Scores row holds: pick the close name with scores if meant, the name taken off its
    list if it is on it, and the baseline recorded again."""
    what, _, sheet = _WHAT[key]
    again = "clear the session's Baseline n and Baseline recorded on"
    if close:
        # (a name on no list has no dropdown to pick from, nor a row to take off)
        off = f'pick it in the Log row, take "{name}" off {sheet},' if _listed(s, key) else "type it in the Log row"
        return (f'If the {what} is "{close}", {off} and {again} for the next refresh to record its baseline; '
                "else nothing to do.")

    on_list = f" and on {sheet}" if _listed(s, key) else ""
    return (f"Nothing to do for a {what} new to the scores; if the name is misspelt, correct it in the Log "
            f"row{on_list}, and {again}.")
