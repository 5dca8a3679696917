"""What Checks says of a baseline on the Log that the score data does not bear out: a recorded one
that differs from it now, a typed one of no calls where the data has some, and what to do."""

from __future__ import annotations

from coachlog_xl.core.comparability import LISTS, NO_CRITERION
from coachlog_xl.core.errorcells import is_error
from coachlog_xl.core.wording import listed, points


def fmt(value) -> str:
    """A baseline mean as the messages write it: as its ``0.0`` cell shows it (:func:`points`)."""
    return "blank" if value is None else points(value)


def changed_since(n: int, now_n: int, off_list: str | None = None, off_roster: str | None = None) -> tuple[str, str]:
    """Why a recorded baseline of ``n`` calls differs from the ``now_n`` calls the score data gives, and what to
    do (a recorded baseline is never recomputed); ``off_list``: the session's criterion as the Log row has it
    when the Criteria sheet does not ("" when blank), whose scores then count for no session however many are on
    Scores (unknown-criterion says so);
    ``off_roster``: the session's rep as the Log row has it when the Reps sheet lists it under no name
    (log-unknown-rep says so): with no call counted, the rep was renamed or removed there since (the
    export's names for the rep now lead to the new name), not Scores cleared."""
    if off_list == "":
        return ("as the session's Log row names no criterion now (its Criterion cell cleared since), so no score "
                "counts for it", "Pick the session's criterion in its Log row again.")
    for header, text in (("Targeted criterion", off_list), ("Rep", off_roster)):
        if is_error(text):  # (a formula's cell: nothing to add to a list)
            return (f"as the session's {header} cell shows the Excel error {text.strip()} now (its formula could not "
                    "be computed), so none of its scores on Scores counts for it",
                    f"Mend the formula in the Log row's {header} cell, or type the name there; the recorded baseline "
                    "stays and the calls count again. Do not clear the recorded cells.")
    if off_list is not None:
        return (f'as its criterion "{off_list}" is not on the Criteria sheet now (its row deleted, or its name or '
                "ID changed, since), so none of its scores on Scores counts for it",
                "Add the criterion back to the Criteria sheet (its Criterion ID and name as before) for its scores to "
                "count again; if the Log row should name another criterion, pick it there and clear the session's "
                "Baseline mean, Baseline n and Baseline recorded on cells for the next refresh to record it again.")
    if now_n == 0 and off_roster is not None:
        return (f'as its rep "{off_roster}" is not on the Reps sheet now (renamed or removed there since), so none '
                "of the calls on Scores counts for it",
                f'Type "{off_roster}" in the Other names of the rep\'s row on the Reps sheet (or pick the rep\'s name '
                "in the Log row); the recorded baseline stays and the calls count again. Do not clear the recorded "
                "cells.")
    if now_n == 0:
        return ("as none of its calls is on Scores now (Scores cleared and only later calls pasted, or the "
                "session's Log row corrected since: its rep, criterion, date, time or call type)",
                "Paste back the calls from before the session (its follow-up is counted from the calls on Scores now, "
                "which may start after its first follow-up calls); if the Log row was corrected since, clear the "
                "session's Baseline mean, Baseline n and Baseline recorded on cells for the next refresh to record "
                "it again.")
    return ("e.g. late scores, a score corrected on Scores, the session's Log row corrected since (its rep, "
            "criterion, date, time or call type), Date order or Time zone on Settings changed since, or its row copied "
            "from another session's with the grey baseline cells",
            "Nothing to do if late scores explain it (the Baseline sheet shows both); if a score of the baseline was "
            "corrected on Scores or misread when it was recorded, the Log row or a setting was corrected since, or "
            "the row was copied from another session's with its grey cells, clear the session's Baseline mean, "
            "Baseline n and Baseline recorded on cells for the next refresh to record its own baseline.")


def smaller_window(session_id: str, on, mean: str, n: int, window_n: int) -> tuple[str, str]:
    """The note and the fix of a baseline recorded over ``n`` calls whose session's window holds ``window_n``,
    fewer, now (Calls per window changed since), the rep's last n calls before the session still its calls."""
    return (f"{session_id}: baseline recorded on {on} as {mean} over {n} calls; the window holds {window_n} calls "
            "now (Calls per window on Settings, or the row's own, changed since). The recorded baseline stays in "
            f"use, and its {n} calls are still on Scores (the rep's last {n} before the session): its SD, the delta's "
            "interval and Change, the anchor check, the conditions and the Baseline sheet's row are computed from "
            f"them; the follow-up is counted over {window_n} calls.",
            f"Nothing to do if the follow-up is meant to be counted over {window_n} calls; to count it over {n}, as "
            f"the baseline, type {n} in the row's Calls to review. Do not clear the recorded cells: a baseline "
            f"recorded again would be over the last {window_n} calls.")


def larger_window(session_id: str, on, mean: str, n: int, window_n: int, now_n: int, now_mean: str) -> tuple[str, str]:
    """The warning and the fix of a baseline recorded over ``n`` calls whose window holds ``now_n``, more, now
    (``window_n`` at most), giving ``now_mean``, its last n calls still the recorded ones."""
    return (f"{session_id}: baseline recorded on {on} as {mean} over {n} calls; the window holds {now_n} calls now, "
            f"giving {now_mean} (Calls per window made larger since, or older calls pasted since: the Baseline sheet "
            f"shows the window's). The recorded baseline stays in use; its {n} calls are still the rep's last {n} "
            "before the session, so its SD, the delta's interval and Change are computed from them, and Enough calls "
            f"asks for {window_n} baseline calls.",
            "If Calls per window was made larger on purpose, nothing to do; to count this session's follow-up over "
            f"{n} calls, as its baseline, type {n} in the row's Calls to review. If older calls were pasted since "
            "and the baseline should take them in, clear the session's Baseline mean, Baseline n and Baseline "
            "recorded on cells for the next refresh to record it again.")


def typed_zero(session_id: str, data_n: int, data_mean: str) -> tuple[str, str]:
    """The problem and the fix of a Baseline n typed as 0 with no Baseline mean, where the score data
    has ``data_n`` calls before the session (mean ``data_mean``): the session is compared with no
    baseline, so it is never valid, and its Follow-up says only that there are no baseline calls."""
    return (f"{session_id}: Baseline n is typed as 0 with no Baseline mean, so the session has no baseline and its "
            f"follow-up is never comparable; the score data has {data_n} call{'' if data_n == 1 else 's'} before "
            f"it (mean {data_mean}).",
            "Clear Baseline n (the next refresh records the baseline from the scores), or type the baseline the "
            "team kept with its Baseline mean and Baseline n.")


def typed_mean_of_zero(session_id: str, mean: str, data_n: int, data_mean: str) -> tuple[str, str]:
    """The problem and the fix of a Baseline mean typed beside a Baseline n of 0 (no Baseline recorded on): a
    baseline of no call has no mean (domain.md: a recorded n of 0 stays recorded, mean blank), so which of the two
    was meant is not known; the session is compared with no baseline (no delta) until one is cleared."""
    return (f"{session_id}: Baseline mean {mean} is typed beside a Baseline n of 0, but a baseline of no call has no "
            "mean: the two contradict each other, so the mean is not used and no delta is shown (the session has no "
            f"baseline); the score data has {data_n} call{'' if data_n == 1 else 's'} before it"
            + (f" (mean {data_mean})." if data_n else "."),
            "Type the number of calls the typed mean was taken over in Baseline n, or clear Baseline mean if the "
            "session has no baseline call; clear both for the next refresh to record the baseline from the scores.")


# what a baseline whose calls are not known (recorded, then the data changed; typed, and the data differs) leaves out
CALLS_UNKNOWN = "so its SD, the delta's interval and Change, and the anchor check are left blank"


def read_as_points(mean: float) -> tuple[str, str]:
    """For a typed Baseline mean above 0 and at most 1: how it was read (points on 0-100, never a share: the score
    data can give such a mean) and the fix if it was a percent (a cell formatted 72.6 % holds 0.726); else ''."""
    if not 0 < mean <= 1:
        return "", ""
    shown = f"{mean * 100:.10g}"
    return (f" It is read as {mean:.10g} of a point on the 0-100 scale (the cell holds {mean:.10g}; a cell "
            f"formatted as a percent shows it as {shown} %).",
            f"If the baseline is {shown} points, type {shown} in Baseline mean (in a cell formatted as a number); "
            "else check the typed value (memory bias?), or clear Baseline mean and Baseline n to let Refresh record "
            "the baseline from the scores.")


# (a call type added to the list counts only the calls the exports write under it)
_WRITTEN = " the exports write"


def unlisted_held(session_id: str, unlisted: str, broad: bool = False) -> tuple[str, str]:
    """The Checks message and fix of a baseline held because no scored call matches a session whose Log row
    names what is on no list (``unlisted``: "rep", "criterion", "call type", or no criterion at all); ``broad``:
    its criterion is a broad theme (Checks' broad-theme: the specific criterion to pick, none to add)."""
    named = [k for k in unlisted.split(", ") if k != NO_CRITERION]
    blank = len(named) < len(unlisted.split(", "))
    theme = broad and "criterion" in named  # (its own words: a theme, not a name mistyped)
    off = [k for k in named if not (theme and k == "criterion")]
    what = " and ".join([*([f"its {listed(off)} {'is' if len(off) == 1 else 'are'} not on the lists (mistyped?)"]
                           if off else []), *(["its criterion is a broad theme"] if theme else []),
                         *(["it names no targeted criterion"] if blank else [])])
    lists = "; ".join(LISTS.get(k, k) for k in off)
    # (added to its list, a name no call is under records a baseline of 0 calls, for good: only a new one is added)
    picks = "; ".join([*([f"pick the {listed(off)} from the dropdown" + (
                             f" (or, only if it is a new one{_WRITTEN if off == ['call type'] else ''}, add it to "
                             f"{lists})" if len(off) == 1
                             else f" (or, only for a new one, add each to its list: {lists})")]
                         if off else []),
                       *(["pick the specific criterion the broad theme means from the dropdown"] if theme else []),
                       *(["pick the one criterion the session targeted from the dropdown"] if blank else [])])
    return (f"{session_id}: the baseline is not recorded yet: no scored call matches the session, and {what}. A "
            "baseline of 0 calls recorded now would stay when the row is fixed.",
            picks[0].upper() + picks[1:] + "; the next refresh records the baseline.")
