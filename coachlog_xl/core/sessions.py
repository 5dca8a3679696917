"""The Log sheet read into one table of sessions.

Each session gets its moment (domain.md, "The session's moment"), its window sizes (the Log row's
follow-up criteria, else Settings) and the baseline already in its tool-owned columns, if any.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import baseline as bl
from coachlog_xl.core import coerce, followup, followupwords, logcells, sessiontime, unscored
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.comparability import NO_CRITERION, UNDATED
from coachlog_xl.core.config import Config
from coachlog_xl.core.datesystem import in_date_system
from coachlog_xl.core.errorcells import error_words, is_error
from coachlog_xl.core.frames import records
from coachlog_xl.core.inputs import ROW, Formula, RawTable, by_schema, header_key, header_positions
from coachlog_xl.core.logcells import BASELINE_FIELDS, FOLLOWUP_FIELDS, KEYED, LEFT_AS_IT_IS, NOTES, LogCells, held_cell
from coachlog_xl.core.logcolumns import missing_columns
from coachlog_xl.core.logquality import log_header, written_ahead
from coachlog_xl.core.names import Directory
from coachlog_xl.core.roster import supervisors_from_reps

LOG = schema.LOG.name


def _date_numbers_said(log: pd.DataFrame, table: RawTable, issues: Issues) -> None:
    """Said once in Checks (:func:`~coachlog_xl.core.datesystem.in_date_system`): Session dates that reached
    coachlog as date numbers from an Excel that did not tell the workbook's date system (xlwings Lite or Server,
    or Excel answering with an error), read in the 1900 system."""
    if not isinstance(table.date1904, bool):
        in_date_system(log["session_date"], table.date1904, pd.DataFrame({"sheet": LOG, "row": log[ROW]}), issues,
                       log_header("session_date"))


def read_sessions(
    table: RawTable, cfg: Config, reps: Directory, criteria: Directory, issues: Issues, undated: list | None = None
) -> pd.DataFrame:
    """One row per Log row that names a rep and a session date, in Log order; ``undated`` (when given) gets a dict
    per Log row that names a rep but no readable session date (:func:`_undated`: Aggregate counts it left out)."""
    log, missing = by_schema(table, schema.LOG)
    missing_columns(missing, table, issues)
    _date_numbers_said(log, table, issues)
    on = header_positions(table.headers).get(header_key(log_header("baseline_recorded_on")), -1) + 1
    cells = LogCells(log, cfg, reps, criteria, {r: text for (r, col), text in table.formulas.items() if col == on})
    n_at = header_positions(table.headers).get(header_key(log_header("window_n")), -1) + 1
    cells.n_uncalculated = {r: text for (r, col), text in table.uncalculated.items() if col == n_at}
    found = []
    seen_ids: dict[str, dict] = {}
    written: dict[tuple, dict] = {}  # a session as Aggregate counts it once (followup.SAME_SESSION) -> its first row
    seen_moments: dict[tuple, dict] = {}  # (rep, criterion, repeat moment) -> the first session there
    spelled: dict[tuple, str] = {}  # (method or supervisor, key) -> its first spelling not on a list
    days: dict[dt.date, pd.Timestamp] = {}  # each session day as a Timestamp, made once
    for i in cells.filled(issues):
        s = _session(cells, i, cfg, reps, issues, spelled, days)
        if s is None:
            notes = dict(zip(NOTES, cells.notes[i]))
            if undated is not None and cells.text["rep"][i] and logcells.a_session(cells.text["criterion"][i], notes):
                undated.append(_undated(cells, i, cfg, spelled))  # (a session whose date is blank or unreadable)
            continue
        first = seen_ids.setdefault(s["session_id"], s)
        key = (s["session_id"], s["rep"], s["at"], _criterion(s))
        earlier = written.setdefault(key, s)
        same = first is not s and earlier is not s
        if first is not s:
            issues.add(
                Code.DUPLICATE_SESSION_ID, LOG, s["row"], log_header("session_id"), s["session_id"],
                f'Log row {s["row"]}: session id "{s["session_id"]}" is also used on row '
                f'{(earlier if same else first)["row"]}'
                + (" for the same rep, criterion and moment: the session written twice, counted once in "
                   "Aggregate." + _twin_baselines(s, earlier) if same else "."),
                _twin_fix(s, earlier) if same else "Give each session its own id.")
        if same and "none" in (earlier["stored_state"], s["stored_state"]):
            # one session: the row holding grey cells (the earlier, when neither does) records or keeps its
            # baseline, the blank one none, silent (provisional); a third row is compared with the holding one
            if earlier["stored_state"] == "none" and s["stored_state"] != "none":
                earlier["stored_state"], written[key] = bl.UNREADABLE, s
            else:
                s["stored_state"] = bl.UNREADABLE
        if not same:  # a row under a used id at another moment is a session too (followup.written_again)
            _same_moment(s, seen_moments, issues)
        found.append(s)
    supervisors_from_reps(found, reps.supervisors, _spellings(tuple(cfg.supervisors), "supervisor"), spelled, issues)
    if undated:  # (grouped as the sessions are, their Checks rows said of the sessions placed in time)
        supervisors_from_reps(undated, reps.supervisors, _spellings(tuple(cfg.supervisors), "supervisor"),
                              dict(spelled), Issues())
    columns = list(found[0]) if found else ["session_id", "row"]
    # object columns keep None as None (pandas 3 would turn a text column with None into NaN)
    frame = pd.DataFrame(found, columns=columns, dtype=object)
    if found:
        frame["at"] = pd.to_datetime(frame["at"])
        frame["day"] = pd.to_datetime(frame["day"])
        frame["row"] = frame["row"].astype(int)
    return frame


def _twin_fix(s: dict, earlier: dict) -> str:
    """The fix of a session written twice (``s`` its later row): which row to delete."""
    if _both_recorded(s, earlier):
        return ("Keep the row holding the session's recorded baseline (the one recorded first, when unsure) and "
                "delete the other.")
    if earlier["stored_state"] in ("none", bl.UNREADABLE) and s["stored_state"] in (bl.RECORDED, bl.TYPED):
        held = "are blank" if earlier["stored_state"] == "none" else "cannot be read"
        return f'Delete row {earlier["row"]}, whose grey baseline cells {held}: this row holds the baseline.'
    return "Delete the second row."


def _both_recorded(s: dict, earlier: dict) -> bool:
    """Whether the two rows of a session written twice hold two recorded baselines that differ."""
    return s["stored_state"] == earlier["stored_state"] == bl.RECORDED and \
        any(s[k] != earlier[k] for k in ("stored_mean", "stored_n", "stored_on"))


def _twin_baselines(s: dict, earlier: dict) -> str:
    """What the message of a session written twice adds when its two rows hold two recorded baselines."""
    if not _both_recorded(s, earlier):
        return ""
    said = [f'{bl.fmt(r["stored_mean"])} (n {r["stored_n"]}) recorded on {r["stored_on"]}' for r in (s, earlier)]
    return f" Its grey cells hold another recorded baseline, {said[0]}, than row {earlier['row']}'s, {said[1]}."


def _criterion(s: dict) -> str:
    """The session's criterion as Follow-up names it: as the Criteria sheet does, else as typed."""
    return s["criterion"] or s["criterion_text"]


def _same_moment(s: dict, seen: dict, issues: Issues) -> None:
    """A warning for a session at the moment of an earlier one (``seen``: the first of each) of the rep on the
    criterion (by its id or name) under another id, as :func:`~coachlog_xl.core.followup.repeat_moment` says."""
    moment = followup.repeat_moment(s["at"], s["timed"], s["target"], s["call_type"])
    first = s if moment is None else seen.setdefault((s["rep"], followup.repeat_criterion(_criterion(s)), moment), s)
    if first is not s:
        issues.add(
            Code.SAME_SESSION_TWICE, LOG, s["row"], log_header("session_id"), s["session_id"],
            f'Log row {s["row"]} ({s["session_id"]}): the same rep, criterion and moment as {first["session_id"]} on '
            f'row {first["row"]}; Aggregate (this row under Why left out) and a suggestion to escalate count it '
            "once, as that session.",
            "Delete the row if it repeats that session; if another, correct its Session time or development target.")


def _session(c: LogCells, i: int, cfg: Config, reps: Directory, issues: Issues, spelled: dict,
             days: dict) -> dict | None:
    """The session of the Log row at position ``i`` (None when it names no rep or no moment)."""
    row, text = c.rows[i], c.text
    sid = text["session_id"][i]
    if not sid or is_error(sid):  # (an error value names no session: two would be one session written twice)
        said, fix = error_words(log_header("session_id"), sid, "type the session's ID") if sid else (
            "no session id;", "")
        sid = f"row {row}"
        issues.add(
            Code.MISSING_SESSION_ID, LOG, row, log_header("session_id"), None,
            f"Log row {row}: {said[:-1]}; it is shown as \"{sid}\".",
            fix or "Type a session id (e.g. S-0042) so the session keeps its name when rows move.",
        )
    rep_text = text["rep"][i]
    if not rep_text:
        issues.add(
            Code.MISSING_REP, LOG, row, log_header("rep"), None,
            f"Log row {row} ({sid}): no rep, so nothing can be computed for this session.",
            "Pick the rep from the dropdown.",
        )
        return None
    planned = _planned(c.read["scheduled_at"][i]) if c.date_blank[i] else None
    # (the grey cells read first, their Checks rows said after the moment's: a baseline kept waits for no time)
    stored_issues = Issues()
    stored = _stored_baseline(c, i, row, sid, stored_issues)
    moment, time_waits = (planned, "") if planned else sessiontime.moment(c, i, row, sid, cfg, issues,
                                                                         stored)
    if moment is None:
        return None
    rep = c.rep[i]
    unlisted = []  # what the row names that is not on the lists: a typo, or a rep or type not added yet
    if rep is None:
        rep, unlisted = rep_text, ["rep"]
        hint = reps.suggest(rep_text)
        said, fix = error_words(log_header("rep"), rep_text) if is_error(rep_text) else (
            f'rep "{rep_text}" is not on the Reps sheet' + (f' (did you mean "{hint}"?).' if hint else "."),
            unscored.add_only_if_another("rep", rep_text, hint) if hint else
            "Pick the rep from the dropdown, or add the rep to the Reps sheet." if reps.aliases else
            "Add the rep to the Reps sheet (the Rep dropdown lists its names: none yet).")
        issues.add(Code.LOG_UNKNOWN_REP, LOG, row, log_header("rep"), rep_text, f"Log row {row} ({sid}): {said}", fix)
    day = days.get(moment.day)
    if day is None:
        day = days[moment.day] = pd.Timestamp(moment.day)
    out = {
        "session_id": sid,
        "row": row,
        "rep": rep,
        "criterion_text": text["criterion"][i],
        "criterion": c.criterion[i],
        "criterion_hints": c.hints[i],
        "criterion_sharing": c.sharing[i],
        "at": moment.at,
        "timed": not moment.date_only,
        "day": day,
        "call_type": text["call_type"][i],
        "logged_at": _optional_moment(c, i, "logged_at", row, issues),
        "planned": planned is not None,
        "time_waits": time_waits,  # (a Session time unread, or two times: a baseline not kept and used waits for it)
    }
    out["ahead"] = written_ahead(c.read["scheduled_at"][i], out["logged_at"], moment)
    out.update(zip(NOTES, c.notes[i]))
    for key, listed in (("method", cfg.methods), ("supervisor", cfg.supervisors)):
        out[key] = _as_listed(out[key], c.key[key][i], listed, key, row, sid, issues, spelled)
    issues.extend(stored_issues)
    out.update(stored)
    out.update(_followup_criteria(c, i, row, sid, cfg, issues, out["stored_state"]))
    if out["criterion"] is None:  # (or none typed: the row names nothing to look for)
        unlisted.append(NO_CRITERION if coerce.is_blank(out["criterion_text"]) else "criterion")
    if not _check_call_type(out["call_type"], c.key["call_type"][i], row, sid, cfg, issues):
        unlisted.append("call type")
    # (a rep not on a Reps list holds the baseline back; a team keeping no Reps list: no hold)
    out["unlisted"], out["unknown_rep"] = ", ".join(unlisted), "rep" in unlisted and bool(reps.aliases)
    return out


def _undated(c: LogCells, i: int, cfg: Config, spelled: dict) -> dict:
    """The Log row ``i``, which names a rep, as Aggregate counts it when its session date is blank or cannot be read
    (``missing-session-date`` said it): no window, left out for its date until the row is fixed (domain.md,
    "Aggregates": how many sessions were left out and why; ``date_unread``: the reason, :data:`UNDATED`).  Its method
    and supervisor as the Settings lists spell them, the Checks rows of their spelling said on rows placed in time."""
    unread = isinstance(c.read["session_date"][i], coerce.Unreadable)
    notes, quiet = dict(zip(NOTES, c.notes[i])), Issues()
    criterion = c.criterion[i] or c.text["criterion"][i]
    out = {"session_id": c.text["session_id"][i] or f"row {c.rows[i]}", "row": c.rows[i],
           "rep": c.rep[i] or c.text["rep"][i], "criterion": criterion, "criterion_key": criterion,
           "call_type": c.text["call_type"][i], "date_unread": UNDATED[int(unread)]}
    for key, listed in (("method", cfg.methods), ("supervisor", cfg.supervisors)):
        out[key] = _as_listed(notes[key], c.key[key][i], listed, key, c.rows[i], "", quiet, dict(spelled)) or None
    return out


def _planned(scheduled) -> coerce.Moment | None:
    """A session logged before it is held: no Session date, its Scheduled at (None when that is blank
    or unreadable too: then the Session date is asked for).  :func:`held_back` names it once that
    moment has come."""
    return None if isinstance(scheduled, coerce.Unreadable) else scheduled


def held_back(sessions: pd.DataFrame, as_of: dt.date, issues: Issues, undated: list | None = None) -> pd.DataFrame:
    """The sessions without those placed at their Scheduled at (no Session date typed) whose day is
    not after the as-of date: an error each, as a session without a date is (was it held, and when?), and
    in ``undated`` (when given) as Aggregate counts a Log row with no session date (:func:`_undated`).
    Those still to come are scheduled sessions, as a Session date would make them."""
    if "planned" not in sessions or not sessions["planned"].any():
        return sessions
    due = sessions["planned"].astype(bool) & ~(sessions["day"] > pd.Timestamp(as_of))
    if undated is not None:
        keys = ["session_id", "row", "rep", "criterion", "criterion_text", "call_type", "method", "supervisor"]
        for r in records(sessions.loc[due, [*dict.fromkeys([*keys, *logcells.SESSION_NOTES])]]):
            if not logcells.a_session(r["criterion_text"], r):
                continue
            r = {k: r[k] for k in keys}
            r["criterion"] = r["criterion_key"] = r.pop("criterion_text") if r["criterion"] is None else r["criterion"]
            undated.append({**r, "call_type": r["call_type"] or None, "method": r["method"] or None,
                            "supervisor": r["supervisor"] or None, "date_unread": UNDATED[0]})
    for r in records(sessions.loc[due, ["row", "session_id", "at", "timed"]]):
        when = f"{r['at']:%Y-%m-%d %H:%M}" if r["timed"] else f"{r['at']:%Y-%m-%d}"
        issues.add(
            Code.MISSING_SESSION_DATE, LOG, r["row"], log_header("session_date"), None,
            f"Log row {r['row']} ({r['session_id']}): no session date, and the session was scheduled for {when}, "
            "which has come, so no window can be computed.",
            "Type the date the session took place (or move Scheduled at if it has not taken place yet).",
        )
    return sessions[~due.to_numpy()].reset_index(drop=True)


def _optional_moment(c: LogCells, i: int, key: str, row: int, issues: Issues) -> coerce.Moment | None:
    read = c.read[key][i]
    if not isinstance(read, coerce.Unreadable):
        return read
    issues.add(
        Code.UNREADABLE_DATE, LOG, row, log_header(key), c.raw[key][i], f"Log row {row}: {log_header(key)} {read}.",
        f"Type {log_header(key)} as a date and time.",
    )
    return None


def _followup_criteria(c: LogCells, i: int, row: int, sid: str, cfg: Config, issues: Issues, kept: str) -> dict:
    """The Log row's N, timeframe, threshold and K, else Settings (domain.md, Exact rules: Windows); ``n_waits``:
    why its baseline waits when its Calls to review is not used (:func:`~.followupwords.n_waits`: the session's N,
    so its baseline window, is not known: a baseline recorded on the Settings N would stay when the number is
    typed or calculated), else ""; ``kept``: the state of its grey cells (one recorded or typed is kept)."""
    out = {"n_waits": ""}
    held = kept not in (bl.RECORDED, bl.TYPED)
    for key in FOLLOWUP_FIELDS:
        default, value, raw = getattr(cfg, key), c.read[key][i], c.raw[key][i]
        if isinstance(value, coerce.Unreadable):
            issues.add(Code.BAD_FOLLOWUP_NUMBER, LOG, row, log_header(key), raw,
                       *followupwords.unmeasurable(key, log_header(key), raw, value, default, row, sid, kept))
            value = None
            if key == "window_n" and held:
                out["n_waits"] = followupwords.n_waits(raw, False)
        elif value is None and followupwords.is_blank_mark(raw):  # (said: what was typed is read as a blank)
            issues.add(Code.FOLLOWUP_MARK, LOG, row, log_header(key), raw,
                       *followupwords.read_as_blank(log_header(key), raw, default, row, sid))
        elif key == "window_n" and value is None and row in c.n_uncalculated and held:
            issues.add(*followupwords.uncalculated(log_header(key), c.n_uncalculated[row], default, row, sid))
            out["n_waits"] = "n-formula"
        out[key] = default if value is None else value
    # (else said on Settings)
    if out["k_needed"] > out["window_n"] and (out["k_needed"], out["window_n"]) != (cfg.k_needed, cfg.window_n):
        issues.add(
            Code.BAD_FOLLOWUP_NUMBER, LOG, row, log_header("k_needed"), out["k_needed"],
            f"Log row {row} ({sid}): {out['k_needed']} calls at threshold can never be reached "
            f"with {out['window_n']} calls to review.",
            "Make Calls needed at threshold no larger than Calls to review.",
        )
    return out


def _stored_baseline(c: LogCells, i: int, row: int, sid: str, issues: Issues) -> dict:
    """What the tool-owned baseline columns already hold: recorded by a refresh, typed, nothing, or a
    cell that cannot be read.  A cell that is not blank is never written (domain.md, "Baseline is
    recorded once": what a person typed is kept), so a row with an unreadable cell is "unreadable":
    its session uses the baseline from the score data, not recorded, until the cell is corrected."""
    vals, unreadable = {}, False
    for key in BASELINE_FIELDS:
        raw, read = c.raw[key][i], c.read[key][i]
        if isinstance(raw, Formula):
            issues.add(*held_cell(raw, row, sid, log_header(key)))
            vals[key], unreadable = None, True
        elif isinstance(read, coerce.Unreadable):
            issues.add(
                Code.UNREADABLE_SCORE if key != "baseline_recorded_on" else Code.UNREADABLE_DATE,
                LOG, row, log_header(key), raw,
                f"Log row {row} ({sid}): {log_header(key)} {read}; {LEFT_AS_IT_IS}",
                f"Correct {log_header(key)}, or clear it for the next refresh to record the baseline from the scores.",
            )
            vals[key], unreadable = None, True
        else:
            vals[key] = read
    if unreadable:
        state = bl.UNREADABLE
    elif vals["baseline_recorded_on"] is not None:
        state = bl.RECORDED
    elif vals["baseline_mean"] is not None or vals["baseline_n"] is not None:
        state = bl.TYPED
    else:
        state = "none"
    return {"stored_state": state, "stored_mean": vals["baseline_mean"], "stored_n": vals["baseline_n"],
            "stored_on": vals["baseline_recorded_on"], "stored_formula": c.formula_on.get(row)}


@lru_cache(maxsize=16)
def _spellings(listed: tuple[str, ...], key: str) -> dict[str, str]:
    """A Settings list of the Log column ``key``, each of its entries' keys (:data:`KEYED`) to its first
    spelling (made once per list, not once per session)."""
    keyed = KEYED[key]
    return {keyed(x): x for x in reversed(listed)}


def _as_listed(text: str, keyed: str, listed: list[str], key: str, row: int, sid: str, issues: Issues,
               spelled: dict) -> str:
    """A coaching method or supervisor as the Settings list spells it (``Role play`` is ``role-play``,
    ``Park, Lee`` is ``Lee Park``: one group in Aggregate); one not on the list (or with no list) as the
    Log first spells it (``spelled``: those seen so far), with a Checks row when there is a list.
    ``keyed``: the text's key (:data:`KEYED`)."""
    if not text:
        return text
    found = _spellings(tuple(listed), key).get(keyed) if listed else None
    if found is None and listed:
        what = log_header(key).lower()
        said, fix = error_words(log_header(key), text) if is_error(text) else (
            f'{what} "{text}" is not on the Settings list, so Aggregate shows it as a group of its own.',
            "Pick it from the dropdown, or add it to the list on Settings.")
        issues.add(Code.NOT_ON_LIST, LOG, row, log_header(key), text, f"Log row {row} ({sid}): {said}", fix)
    return found or spelled.setdefault((key, keyed), text)


def _check_call_type(wanted: str, keyed: str, row: int, sid: str, cfg: Config, issues: Issues) -> bool:
    """Whether the session's call type (``keyed``: its key, :data:`KEYED`) is blank or on the Settings
    list (else a Checks row says so)."""
    listed = not wanted or keyed in _spellings(tuple(cfg.call_types), "call_type")
    if not listed:
        said, fix = error_words(log_header("call_type"), wanted) if is_error(wanted) else (
            f'call type "{wanted}" is not on the Settings call type list; windows use calls of exactly that type.',
            # (added to the list, a type no export writes still counts no call: the baseline keeps waiting, or is
            # recorded as 0 calls for good; the list takes only a type the exports write)
            "Pick the call type from the dropdown as the exports write it, or clear it to count all of the rep's "
            "calls; add it to the Call type list on Settings only if the exports write this type.")
        issues.add(Code.UNKNOWN_CALL_TYPE, LOG, row, log_header("call_type"), wanted, f"Log row {row} ({sid}): {said}",
                   fix)
    return listed
