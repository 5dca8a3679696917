"""The suggested decision, always with a one-line reason (domain.md, "Suggested decision").

- window still open, expired, or comparison not valid: continue;
- complete and valid, threshold met: close;
- complete and valid, not met, delta <= 0: escalate;
- complete and valid, not met, delta > 0: continue, or escalate when the rep already had
  ``escalate_after`` earlier sessions (by session date) on the same criterion that ended complete and
  valid without meeting the threshold (progressive discipline); sessions at one moment, which Checks
  says may be one session written twice, count once there, and the reason says so.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import pandas as pd

from coachlog_xl.core import followup as fu
from coachlog_xl.core import sessiontime
from coachlog_xl.core.comparability import LISTS, NO_CRITERION
from coachlog_xl.core.frames import columns, day_numbers
from coachlog_xl.core.windows import id_rank
from coachlog_xl.core.wording import count, points

CLOSE, CONTINUE, ESCALATE = "close", "continue", "escalate"


def _delta(value, change=None) -> str:
    """The delta as the reason shows it, with the evidence label when there is one (domain.md, "Evidence")."""
    if value is None:
        return "blank"
    shown = points(value, sign=True)
    return f"{shown}, {change}" if isinstance(change, str) and change else shown


# the Follow-up columns :func:`suggest` reads
SUGGEST_FIELDS = ("status", "followup_n", "window_n", "valid", "invalid_because", "at_threshold", "threshold",
                  "k_needed", "delta", "change", "threshold_met", "did", "did_change", "rtm_gain", "rtm_flag", "held",
                  "unlisted", "uncalled", "time_waits", "stored_state", "at", "timed")


def suggest(row: dict, earlier_unmet: list[str], escalate_after: int, as_of) -> tuple[str, str]:
    if row["status"] == fu.SCHEDULED:
        return CONTINUE, f"session not held yet as of {as_of}"
    decision, reason = _suggest(row, earlier_unmet, escalate_after)
    return decision, reason + _moment_in_doubt(row)


def _moment_in_doubt(row: dict) -> str:
    """What the reason adds for a session whose moment is in doubt (its Session time cannot be read, or a time is
    given twice) while its baseline, recorded or typed already, is kept: the baseline in use, and the follow-up
    window measured from the moment as read meanwhile (docs/rules.md, "Moments"); "" for the others (a baseline
    not kept waits, and its reason says so)."""
    doubt, kept = row.get("time_waits"), row.get("stored_state")
    if not doubt or kept not in sessiontime.KEPT or row.get("held"):
        return ""
    what, until, _ = sessiontime.DOUBT[doubt]
    return (f"; {what} (see Checks): its baseline, {kept} already, stays in use; until {until}, the follow-up window "
            f"is measured from {sessiontime.kept_words(row['at'], bool(row['timed']))}")



def _suggest(row: dict, earlier_unmet: list[str], escalate_after: int) -> tuple[str, str]:
    """:func:`suggest` of a session held."""
    st, n, window_n = row["status"], row["followup_n"], row["window_n"]
    never = waits_for_log_row(row.get("unlisted"), row.get("uncalled"))  # (the window's state: no matter)
    off = " and its ".join(_OFF_LISTS.get(k, k) for k in (row.get("unlisted") or "").split(", "))
    if row.get("held") == "session" and row.get("unlisted") and (st in (fu.COMPLETE, fu.EXPIRED) or never):
        return CONTINUE, f"its {off} (see Checks), so its baseline is not recorded; decide once the Log row is fixed"
    if never:  # (a baseline recorded before the name went off its list: the fix may be the list's, as Checks says)
        return CONTINUE, f"its {off} (see Checks), so no follow-up call can count; decide once that is fixed"
    if row.get("held") and st in (fu.COMPLETE, fu.EXPIRED):  # its numbers wait for scores not yet counted
        return CONTINUE, _HELD[row["held"]]
    if st == fu.EXPIRED:
        return CONTINUE, f"window expired with {n} of {window_n} follow-up calls; too few to judge"
    if st != fu.COMPLETE:
        return CONTINUE, f"window still open: {n} of {window_n} follow-up calls so far"
    if row["valid"] != fu.YES:
        because = row["invalid_because"] if _present(row["invalid_because"]) else "a condition is not known yet"
        return CONTINUE, f"comparison {'not valid' if row['valid'] == fu.NO else 'cannot be judged'}: {because}"
    decision, reason, history = _judge(row, earlier_unmet, escalate_after)
    return decision, reason + _evidence_note(row) + history  # (the evidence beside the delta it speaks of)


def waits_for_log_row(unlisted, uncalled) -> bool:
    """Whether no call can count for a session until its Log row is fixed: its criterion is on no list, or blank
    (``unlisted``), or its rep is not on the Reps sheet and no call is scored under its name (``uncalled``:
    :func:`~coachlog_xl.core.verdicts.uncalled`).  Checks asks for no decision meanwhile, and Threshold met is
    blank (:func:`~coachlog_xl.core.session_tables.followup_columns`, from the same two)."""
    return bool({"criterion", NO_CRITERION} & set((unlisted or "").split(", "))) or bool(uncalled)


# what the Log row names that is on no list, as the reason of a session waiting for it says it
_OFF_LISTS = {**{name: f"{name} is not on {where}" for name, where in LISTS.items()},
              NO_CRITERION: "targeted criterion is blank"}
_HELD = {
    "baseline": "scores that may belong in its baseline could not be counted yet (see Checks), so its baseline is "
                "not recorded; decide once they are fixed",
    "session": "its rep, criterion or call type is not on the lists (see Checks), so its baseline is not recorded; "
               "decide once the Log row is fixed",
    "untyped": "it counts only calls of its call type, and its rep's calls have none (see Checks), so its baseline "
               "is not recorded; decide once call types are pasted or the session's Call type is cleared",
    "types": "it counts only calls of its call type, and its rep's calls before it are all of other types (see "
             "Checks), so its baseline is not recorded; decide once the session's Call type names a type the exports "
             "write, or is cleared",
    "record": "its Baseline recorded on is before the session, so those cells are another session's (see Checks); "
              "decide once they are cleared",
    "cleared": "its recorded Baseline mean was cleared (see Checks); decide once it is typed back, or Baseline n "
               "and Baseline recorded on are cleared too",
    "n-cleared": "its recorded Baseline n was cleared (see Checks); decide once it is typed back, or Baseline mean "
                 "and Baseline recorded on are cleared too",
    "typed-n": "its Baseline n is typed without a Baseline mean (see Checks), so its baseline is not recorded; decide "
               "once the mean is typed, or Baseline n is cleared",
    "time": "its Session time cannot be read (see Checks), so its baseline is not recorded; decide once the time is "
            "typed as 14:30, or cleared",
    "two-times": "its time is given twice, differing (see Checks), so its baseline is not recorded; decide once "
                 "one of the two is kept",
    "date-in-time": "its Session time holds a date as well as the time (see Checks), so its baseline is not "
                    "recorded; decide once only the time is left in Session time",
    "n": "its Calls to review cannot be read (see Checks), so its baseline is not recorded; decide once it is typed "
         "as a number, or cleared",
    "n-invalid": "its Calls to review is not a valid N (see Checks), so its baseline is not recorded; decide once "
                 "a valid N is typed, or the cell cleared",
    "n-formula": "its Calls to review holds a formula with no calculated value (see Checks), so its baseline is not "
                 "recorded; decide once the workbook is saved in Excel or the number typed",
    "formula": "its Baseline recorded on holds a formula, so its baseline is not recorded (see Checks); decide once "
               "the formula is deleted",
    "follow-up": "scores that may belong in its follow-up window could not be counted yet (see Checks); decide "
                 "once they are fixed",
}


def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _evidence_note(row: dict) -> str:
    """What the comparison group, or else regression to the mean, says about the delta (domain.md,
    "Evidence"); empty when neither is known.  The decision itself follows the rule unchanged."""
    did, label = row.get("did"), row.get("did_change")
    if _present(did) and isinstance(label, str):
        return f"; vs comparison group {points(did, sign=True)}, {label}"
    gain = row.get("rtm_gain")
    if row.get("rtm_flag") == fu.YES and _present(gain):
        return f"; about {points(gain, sign=True)} of it expected back with no coaching (regression to the mean)"
    return ""


def _judge(row: dict, earlier_unmet: list[str], escalate_after: int) -> tuple[str, str, str]:
    """The decision of a complete, valid comparison, its reason and the earlier unmet sessions it names ("" or
    "; 1 earlier session ...")."""
    n, k = row["followup_n"], row.get("k_needed")
    met = f"{row['at_threshold']} of {n} calls at {row['threshold']:g}+"
    if _present(k) and k > n:  # (a Log's K above its N: even every call at threshold does not meet it)
        met += f", {k:g} needed"
    delta = None if pd.isna(row["delta"]) else row["delta"]
    change = row.get("change")
    if row["threshold_met"] == fu.YES:
        return CLOSE, f"threshold met ({met}); delta {_delta(delta, change)}", ""
    if delta is None:
        return CONTINUE, f"threshold not met ({met}); no baseline mean to compare with", ""
    if delta <= 0:
        return ESCALATE, f"threshold not met ({met}) and no improvement (delta {_delta(delta, change)})", ""
    # the earlier unmet sessions named (escalate_after of them escalate; one that may be another written again is
    # counted once, and the reason says so)
    earlier = (f"; {count(len(earlier_unmet), 'earlier session')} on this criterion also ended unmet "
               f"({', '.join(earlier_unmet)})") if earlier_unmet else ""
    if len(earlier_unmet) >= escalate_after:
        return ESCALATE, f"threshold not met ({met}) though improving (delta {_delta(delta, change)})", earlier
    return CONTINUE, f"threshold not met ({met}) but improving (delta {_delta(delta, change)})", earlier


class Repeated(str):
    """An earlier unmet session as a reason names it when other sessions of the rep on the criterion
    share its moment (one session written twice under two ids, as Checks' same-session-twice says it
    may be): its id and theirs, counted as one session."""

    def __new__(cls, sid, repeats: list) -> Repeated:
        return super().__new__(cls, f"{sid} and {', '.join(map(str, repeats))} at one moment, counted once: see Checks")


def suggest_all(table: pd.DataFrame, history: list[list[str]], escalate_after: int, as_of) -> tuple[list, list]:
    """:func:`suggest` of every row of the Follow-up table ``table`` (its columns of :data:`SUGGEST_FIELDS`;
    ``history``: :func:`earlier_unmet_sessions`): the decisions and the reasons, each row's fields read
    from the table's columns (one pass over each) rather than a frame's records."""
    cols = columns(table[[k for k in SUGGEST_FIELDS if k in table.columns]])
    keys = list(cols)
    picks = [suggest(dict(zip(keys, values)), earlier, escalate_after, as_of)
             for values, earlier in zip(zip(*cols.values()), history)]
    return [p[0] for p in picks], [p[1] for p in picks]


def _moments(table: pd.DataFrame, rows: np.ndarray) -> list:
    """Of the sessions ``rows``, what Checks' same-session-twice compares (sessions.py): the moment, and
    for a date-only session its development target too (None where a session shares it with no other:
    a date-only one without a target); all None when the table has no moments."""
    if not {"at", "timed", "target"} <= set(table.columns):
        return [None] * len(rows)
    at, timed, target = (table[k].to_numpy()[rows].tolist() for k in ("at", "timed", "target"))
    kind = table["call_type"].to_numpy(dtype=object)[rows].tolist() if "call_type" in table else [None] * len(rows)
    return [fu.repeat_moment(a, t, g, k) for a, t, g, k in zip(at, timed, target, kind)]


def _once(entries: list[tuple]) -> tuple[list, list]:
    """The days and ids of one rep's unmet sessions on a criterion (``entries``: day, rank, id, moment,
    sorted), the sessions at the moment of an earlier one folded into its :class:`Repeated`."""
    days, ids, repeats, first = [], [], {}, {}
    for day, _, sid, moment in entries:
        if moment is not None and moment in first:
            repeats.setdefault(first[moment], []).append(sid)
            continue
        if moment is not None:
            first[moment] = len(ids)
        days.append(day)
        ids.append(sid)
    for at, more in repeats.items():
        ids[at] = Repeated(ids[at], more)
    return days, ids


def _tied(sid) -> tuple[str, float]:
    """How ids of one rank are ordered: texts as texts, numbers as numbers, and a blank (None, NaN, a
    Log's blank cell read either way) as the empty text it ranks with, anything else by its text;
    never a text against a number."""
    if isinstance(sid, str):
        return sid, 0.0
    if sid is None or sid != sid:
        return "", 0.0
    if isinstance(sid, (int, float, np.number)):
        return "", float(sid)
    return str(sid), 0.0  # (a date typed as an id: its ISO text, in time order)


def earlier_unmet_sessions(table: pd.DataFrame, id_ranks: np.ndarray | None = None) -> list[list[str]]:
    """For each row, the ids of the same rep's sessions on the same criterion with an earlier session date
    that ended complete and valid without meeting the threshold (a session written twice, one id, rep,
    criterion and moment on two rows, :data:`~coachlog_xl.core.followup.SAME_SESSION`, once; sessions
    at one moment under two ids, which Checks says may be one written twice, once: a :class:`Repeated`); ``id_ranks``:
    the rows' :func:`id_rank`, when known (ranks among all the ids order those of the unmet sessions as ranks among
    theirs alone do)."""
    table = table[[*fu.SAME_SESSION, "criterion_key", "day", "status", "valid", "threshold_met",
                   *(k for k in ("at", "timed", "target", "call_type") if k in table.columns)]]
    unmet = (table["status"] == fu.COMPLETE) & (table["valid"] == fu.YES) & (table["threshold_met"] == fu.NO)
    unmet = np.flatnonzero(unmet.to_numpy(dtype=bool, na_value=False))
    unmet = unmet[~fu.same_sessions(table.iloc[unmet])]
    reps, keys, days = (table["rep"].tolist(), table["criterion_key"].tolist(),
                        day_numbers(table["day"]) or table["day"].tolist())
    ids = table["session_id"].to_numpy(dtype=object)[unmet].tolist()
    # a day's ids as Follow-up lists them (S-2, S-10)
    rank = (id_rank(table["session_id"].iloc[unmet]) if id_ranks is None else np.asarray(id_ranks)[unmet]).tolist()
    moments = _moments(table, unmet)
    by_key: dict[tuple, list[tuple]] = {}
    for i, r, sid, moment in zip(unmet.tolist(), rank, ids, moments):
        by_key.setdefault((reps[i], keys[i]), []).append((days[i], r, sid, moment))
    ordered = {}
    for k, v in by_key.items():  # each key's days and ids, sorted once
        v.sort(key=lambda t: (t[0], t[1], *_tied(t[2])))
        ordered[k] = _once(v)
    out = []
    for rep, key, day in zip(reps, keys, days):
        days_of, ids_of = ordered.get((rep, key), ([], []))
        out.append(ids_of[:bisect_left(days_of, day)])  # those strictly earlier
    return out

