"""A rep or criterion no Scores row names: what Checks says of it on the Log (docs/rules.md, "Recorded").

A name the Log row gives that is on no list holds the baseline, and Checks asks to pick the name or add it to
the list (log-unknown-rep, unknown-criterion).  Adding a misspelling to the list (``Ana Lopes`` where ``Ana
Lopez`` has the scores) makes it a rep of its own with no call before the session, so the next refresh
records a baseline of 0 calls, for good, as it does for a rep new to the team.  So the fix names the close
known name to pick when it is the one meant (:func:`add_only_if_another`), and once such a baseline is
recorded a note names the name no Scores row holds, and the close name that has scores (:func:`note`).
"""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.names import Directory

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
    """The names the counted calls are under (their reps, their criteria), each found when first asked for."""

    def __init__(self, calls: pd.DataFrame):
        self._calls = calls
        self._names: dict[str, set] = {}
        self._near: dict[str, Directory] = {}

    def names(self, key: str) -> set:
        if key not in self._names:
            self._names[key] = set(self._calls[key].dropna().unique().tolist())
        return self._names[key]

    def close(self, key: str, name: str) -> str | None:
        """The name with scores one spelling mistake from ``name`` (as a "did you mean" finds it), or None."""
        if key not in self._near:
            self._near[key] = found = Directory()
            for known in sorted(self.names(key)):
                found.add(known)
        near = [known for known in self._near[key].near(name) if known != name]
        return near[0] if near else None


def note(sessions: list[dict], used: list[tuple], scored: Scored, issues: Issues) -> None:
    """A note on the Log row of each session whose baseline is recorded as 0 calls while no Scores row names its
    rep, or its criterion, at all: a misspelling added to a list records so (a new rep's first session too);
    ``used``: per session, the baseline in use (:func:`~coachlog_xl.core.baseline.settle_rows`)."""
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
            issues.add(
                Code.UNSCORED_NAME, LOG, s["row"], header, name,
                f'{s["session_id"]}: the baseline is recorded as 0 calls (on {on:%Y-%m-%d}), and no Scores row names '
                f'the {what} "{name}"{beside}: a {what} new to the scores, or a misspelling added to {sheet}.',
                (f'If the {what} is "{close}", pick it in the Log row, take "{name}" off {sheet}, and clear the '
                 "session's Baseline n and Baseline recorded on for the next refresh to record its baseline; else "
                 "nothing to do." if close else
                 f"Nothing to do for a {what} new to the scores; if the name is misspelt, correct it in the Log row "
                 f"and on {sheet}, and clear the session's Baseline n and Baseline recorded on."))
