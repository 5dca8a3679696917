"""A session that counts one call type, none of whose calls comes before it: its baseline waits.

A session with a Call type counts only the calls of that type (windows compare call types as headers
are compared: case, spaces and punctuation aside).  When none of its rep's scored calls on its
criterion before it is of that type, a baseline of 0 calls recorded then would stay, recorded once,
after the cause is mended, and the cause is more likely a mismatch than a rep without such calls:
- the rep's calls have no call type at all (an export without the column: ``untyped``, counted by
  :func:`~coachlog_xl.core.baseline.mark_untyped`);
- they have other call types (the Log names a type the exports do not write: ``Chat`` where they write
  ``chat_inbound``): :func:`mark_other_types` names them.
Either way the baseline waits and Checks says why (:func:`held`).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.core.inputs import header_key

SHOWN = 3  # call types named; the others counted


def mark_other_types(sessions: list[dict], b_ns: list, calls: pd.DataFrame) -> None:
    """Each session's ``other_types``: for one counting a single call type with no call of it before its
    moment (baseline n 0) and whose rep's calls there have call types, those types and how many of each
    (``inbound (10), email (2)``); '' for the others."""
    zero = [i for i, s in enumerate(sessions) if s["call_type"] and b_ns[i] == 0 and not s.get("untyped")]
    for s in sessions:
        s["other_types"] = ""
    if not zero or calls.empty:
        return
    pairs = {(sessions[i]["rep"], sessions[i]["criterion"]) for i in zero}
    near = calls[calls["rep"].isin({r for r, _ in pairs}).to_numpy()
                 & calls["criterion"].isin({c for _, c in pairs}).to_numpy()]
    groups = dict(iter(near.groupby(["rep", "criterion"], sort=False))) if len(near) else {}
    for i in zero:
        s = sessions[i]
        grp = groups.get((s["rep"], s["criterion"]))
        if grp is None:
            continue
        # before it as the baseline window has it: a call with a date only, or any call of a session with a
        # date only, by day (the session's day is in neither window); of another type than the session's
        by_day = (grp["date_only"].astype(bool) | (not s["timed"])).to_numpy()
        before = np.where(by_day, (grp["day"] < s["day"]).to_numpy(), (grp["at"] < pd.Timestamp(s["at"])).to_numpy())
        mine = header_key(s["call_type"])
        types: Counter = Counter()
        for t, n in Counter(grp.loc[before, "call_type"].tolist()).items():  # (each distinct type looked at once)
            if not coerce.is_blank(t) and header_key(t) != mine:
                types[coerce.text(t)] += n
        if types:
            named = ", ".join(f"{t} ({n})" for t, n in sorted(types.items(), key=lambda tn: (-tn[1], tn[0]))[:SHOWN])
            s["other_types"] = named + (f" and {len(types) - SHOWN} more" if len(types) > SHOWN else "")


def held(s: dict) -> tuple:
    """Why the session's baseline waits (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`):
    its rep's calls have no call type, or only others (:func:`mark_other_types`)."""
    start = (f'{s["session_id"]}: the baseline is not recorded yet: the session counts only {s["call_type"]} calls, '
             f'and none of {s["rep"]}\'s ')
    if s.get("untyped"):
        return (Code.BASELINE_HELD, schema.LOG.name, s["row"], "Call type", s["call_type"],
                f'{start}{s["untyped"]} scored calls on the criterion before it has a call type (an export without '
                "its call type column?). A baseline of 0 calls recorded now would stay when call types are pasted.",
                "Clear the session's Call type to count all of the rep's calls, or paste the scores with their call "
                "types; the next refresh records the baseline.")
    return (Code.BASELINE_HELD, schema.LOG.name, s["row"], "Call type", s["call_type"],
            f'{start}scored calls on the criterion before it is one: their call types are {s["other_types"]}. A '
            "baseline of 0 calls recorded now would stay when the Call type is corrected.",
            "Pick the call type as the exports write it, or clear the session's Call type to count all of the "
            "rep's calls; the next refresh records the baseline.")
