"""Log-quality checks: what the supervisor typed, against S1 step 2 and S2's common mistakes.

domain.md, "Log-quality checks" and "Exact rules: Log-quality checks".  The word lists come from
the Settings sheet, so a team can tune them; a phrase made of letters matches whole words only,
any other phrase (such as ``;``) matches anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce, unscored, wording
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.config import Config
from coachlog_xl.core.errorcells import error_words, is_error
from coachlog_xl.core.followup import COMPLETE, EXPIRED, SCHEDULED
from coachlog_xl.core.inputs import header_key

LOG = schema.LOG.name
OVERALL_WORDS = {"overall", "total", "overallscore", "totalscore", "qascore", "evaluationscore", "callscore"}
MIN_SUMMARY_WORDS = 6


_HEADERS = {c.key: c.header for c in schema.LOG.columns}  # (a Log of 10,000 sessions asks 50,000 times)


def log_header(key: str) -> str:
    """The Log's header of the column ``key`` (a dict lookup, not :mod:`schema`'s scan of its columns)."""
    return _HEADERS[key]


def find(text: str, phrases: list[str]) -> str | None:
    """The first phrase of the list found in ``text``, ignoring case; words in double quotes or
    guillemets (what the rep or customer said) are not the supervisor's and are not searched."""
    if not text:  # (no phrase is empty: a blank cell holds none, found without the list)
        return None
    low = text.lower()
    if _OPENING.intersection(low):
        low = _QUOTED.sub(" ", low)
    for found, search, part in _matchers(tuple(phrases)):
        # the text's plain containment first: it settles most phrases without the whole-word search
        if part in low and (search is None or search(low)):
            return found
    return None


# "...", \u201c...\u201d, \u201e...\u201c or \u201d, \u00ab...\u00bb, \u00bb...\u00ab
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d|\u201e[^\u201c\u201d]*[\u201c\u201d]|\u00ab[^\u00bb]*\u00bb'
                     r'|\u00bb[^\u00ab]*\u00ab')
_OPENING = frozenset('"\u201c\u201e\u00ab\u00bb')
DECISIONS = {"close", "closed", "continue", "continued", "escalate", "escalated"}


# outcome words that are also plain nouns of a behaviour (the credit score disclosure, the sales add-on):
# an outcome only beside a word of raising or lowering it
_PLAIN_NOUNS = frozenset({"score", "scores", "sales", "skills"})
_MOVE = re.compile(r"\b(?:improve[sd]?|improving|increase[sd]?|increasing|raise[sd]?|raising|boost(?:s|ed|ing)?"
                   r"|lift|grow|higher|better|lower|reduce[sd]?|reducing|hit|reach|get|achieve)\b")


def _outcome(target: str, phrases: list[str]) -> str | None:
    """The first outcome of the list the target names (:func:`find`); a plain noun of
    :data:`_PLAIN_NOUNS` only when the target speaks of moving it (``improve your score``)."""
    first = find(target, phrases)  # (one search for the most, which name no outcome)
    if first is None or first.lower() not in _PLAIN_NOUNS or _MOVE.search(target.lower()):
        return first
    return next((p.strip() for p in phrases if p.strip().lower() not in _PLAIN_NOUNS and find(target, [p])), None)


@lru_cache(maxsize=64)
def _matchers(phrases: tuple[str, ...]) -> tuple:
    """Per phrase of a word list, in order: what :func:`find` returns for it, a compiled whole-word
    search (a phrase of letters; None for another phrase) and the lower-case text it contains."""
    out = []
    for phrase in phrases:
        p = phrase.lower()
        if not p.strip():
            continue
        if re.fullmatch(r"[\w' -]+", p):
            out.append((phrase.strip(), re.compile(r"(?<!\w)" + re.escape(p.strip()) + r"(?!\w)").search, p.strip()))
        else:
            out.append((phrase, None, p))
    return tuple(out)


def broad_theme(text, cfg: Config, hints=()) -> bool:
    """Whether a targeted criterion typed as ``text`` names a broad theme of the Settings word list, as Checks
    says it (``hints``: the criteria it names; two or more are two targets, not a theme)."""
    return bool(text) and len(hints or ()) < 2 and find(text, cfg.word_lists.get("broad theme", [])) is not None


def check_criterion(s: dict, known: bool, cfg: Config, issues: Issues) -> None:
    """The targeted criterion: missing, a broad theme, or not on the Criteria sheet."""
    text, row, sid = s["criterion_text"], s["row"], s["session_id"]
    field, hints = log_header("criterion"), s.get("criterion_hints") or ()
    if not text:
        issues.add(Code.MISSING_CRITERION, LOG, row, field, None,
                   f"Log row {row} ({sid}): no targeted criterion, so there is nothing to measure.",
                   "Pick the one criterion the session targeted from the dropdown.")
    elif not known and is_error(text):
        said, fix = error_words(field, text)
        issues.add(Code.UNKNOWN_CRITERION, LOG, row, field, text, f"Log row {row} ({sid}): {said}", fix)
    elif not known and (sharing := s.get("criterion_sharing")):  # (the Scores rows under it say so too)
        issues.add(Code.UNKNOWN_CRITERION, LOG, row, field, text,
                   f'Log row {row} ({sid}): criterion "{text}" is an other name of {wording.listed(sharing)} on the '
                   "Criteria sheet, so it is neither's.",
                   f'Pick the criterion this session targeted from the dropdown, or keep "{text}" among the other '
                   "names of the one criterion it means.")
    elif not known and len(hints) > 1:  # two targets in one row
        named = wording.listed([f'"{h}"' for h in hints])
        issues.add(Code.UNKNOWN_CRITERION, LOG, row, field, text,
                   f'Log row {row} ({sid}): criterion "{text}" is not on the Criteria sheet: it names {len(hints)} '
                   f"of its criteria, {named}; a session targets one.",
                   "Pick the one criterion this session targeted from the dropdown.")
        issues.add(Code.SEVERAL_TARGETS, LOG, row, field, text,
                   f"Log row {row} ({sid}): the targeted criterion names {len(hints)} criteria ({named}): one "
                   "development target per session.",
                   "Keep the one criterion this session targeted; log the other as its own session later.")
    elif not known and broad_theme(text, cfg, hints):
        issues.add(Code.BROAD_THEME, LOG, row, field, text,
                   f'Log row {row} ({sid}): "{text}" is a broad theme, not a criterion on the Criteria sheet.',
                   "Pick the specific, observable criterion from the list (e.g. the behaviour the theme means).")
    elif not known:
        hint = f' (did you mean "{hints[0]}"?)' if hints else ""
        issues.add(Code.UNKNOWN_CRITERION, LOG, row, field, text,
                   f'Log row {row} ({sid}): criterion "{text}" is not on the Criteria sheet{hint}; '
                   "pick one from the list or add it there.",
                   unscored.add_only_if_another("criterion", text, hints[0]) if hints else
                   "Pick a criterion from the dropdown, or add this one to the Criteria sheet.")


# the checks of a cell left blank, by the column they read: said once for the whole column when Checks names
# the column as missing (renamed or deleted), not again on each row (whose cell is read as blank)
_BLANK = {Code.MISSING_TARGET: "target", Code.MISSING_OBSERVATION: "observation", Code.GENERIC_SUMMARY: "summary",
          Code.MISSING_EVIDENCE: "evidence_call"}


def unread_columns(issues: Issues) -> frozenset[str]:
    """The keys of the Log's columns that ``issues`` name as missing (``missing-log-column``)."""
    keys = {c.header: c.key for c in schema.LOG.columns}
    return frozenset(keys[i.field] for i in issues if i.code is Code.MISSING_LOG_COLUMN and i.field in keys)


def check_row(s: dict, status: str, cfg: Config, issues: Issues, unread: frozenset[str] = frozenset(),
              held: str = "") -> None:
    """Every log-quality check of one session; ``unread``: the keys of the Log's missing columns
    (:func:`unread_columns`), whose blank cells are not named on the row; ``held``: what the session's
    figures wait for (:func:`~coachlog_xl.core.baseline.mark_held`): its suggestion says to decide once
    that is fixed, so no decision is asked for meanwhile."""
    row, sid = s["row"], s["session_id"]
    words = cfg.word_lists
    # (a Log of 10,000 sessions flags some 50,000 problems: each made here at once)
    add, at, number = issues.adder(), f"Log row {row} ({sid}): ", None if row is None else int(row)

    def flag(code: Code, key: str, value, problem: str, fix: str) -> None:
        if unread and _BLANK.get(code) in unread:
            return
        add(Issue(code, LOG, number, _HEADERS[key], value, at + problem, fix))

    target, obs, summary = s["target"], s["observation"], s["summary"]
    if not target:
        flag(Code.MISSING_TARGET, "target", None, "no development target.",
             "Write the one behaviour the rep will change, e.g. 'acknowledge the concern before troubleshooting'.")
    else:
        second = find(target, words.get("second target", []))
        if second or len([ln for ln in target.splitlines() if ln.strip()]) > 1:
            flag(Code.SEVERAL_TARGETS, "target", target, "more than one development target in one row.",
                 "Keep one behaviour here; log the other as its own session later.")
        outcome = _outcome(target, words.get("outcome", []))
        if outcome:
            flag(Code.OUTCOME_TARGET, "target", target, f'the target names an outcome ("{outcome}"), not a behaviour.',
                 "Name what the rep will do on the call; outcomes follow from it.")
    if status == SCHEDULED:  # the conversation has not happened yet: nothing to summarise or judge, but a
        _check_late(s, cfg, flag, late=False)  # log written before it says a date is wrong (a year typo)
        _check_held_ahead(s, flag)
        return
    if obs:
        judged = find(obs, words.get("evaluative", []))
        if judged:
            flag(Code.EVALUATIVE_OBSERVATION, "observation", obs,
                 f'the observation judges ("{judged}") instead of describing what the rep did.',
                 "Describe what was said or done, with the timestamp, e.g. 'interrupted the customer at 02:14'.")
        mixed = find(obs, words.get("target in observation", []))
        if mixed:
            flag(Code.MIXED_OBSERVATION, "observation", obs,
                 f'the observation also states what should change ("{mixed}").',
                 "Keep the observation to what happened; put what should change in Development target.")
    else:  # one of the six elements of a coaching log: what the follow-up and the rep refer back to
        flag(Code.MISSING_OBSERVATION, "observation", None, "no behavioral observation.",
             "Describe what the rep did at the moment of the evidence call, e.g. 'gave the cancellation policy "
             "before asking why the customer wanted to cancel (02:14)'.")
    generic = find(summary, words.get("generic summary", [])) and len(summary.split()) < 12
    if not summary or generic or len(summary.split()) < MIN_SUMMARY_WORDS:
        flag(Code.GENERIC_SUMMARY, "summary", summary or None, "the conversation summary is blank or generic.",
             "Write 3-5 points: what was reviewed, what the rep said, what was agreed.")
    _check_evidence(s, flag)
    _check_late(s, cfg, flag)
    if s["decision"] and header_key(s["decision"]) not in DECISIONS:
        said = error_words("Decision", s["decision"], "pick close, continue or escalate") if is_error(
            s["decision"]) else (f'Decision "{s["decision"]}" is not close, continue or escalate, so no outcome is '
                                 "read from it.", "Pick close, continue or escalate from the dropdown (Follow-up "
                                 "shows a suggestion).")
        flag(Code.UNKNOWN_DECISION, "decision", s["decision"], *said)
    elif not s["decision"] and status in (COMPLETE, EXPIRED) and not held:
        window = "has expired" if status == EXPIRED else "is complete"
        flag(Code.NO_OUTCOME, "decision", None, f"the follow-up window {window} but no decision is recorded.",
             f"Pick close, continue or escalate in the Log's Decision column (Log row {row}); Follow-up shows "
             "a suggestion, and its own Decision column is the Log's, rewritten by every refresh.")


def _check_held_ahead(s: dict, flag) -> None:
    """A session dated after the as-of date whose row says how it went (the rep's response, a decision): a
    Session date typed wrong (a year late, day and month swapped) more likely than a session not held yet.
    Once that date passes, its baseline would count the calls since the real session as before it."""
    said = [f'{log_header(k)} "{s[k]}"' for k in ("response", "decision") if s[k]]
    if said and not s.get("planned"):
        flag(Code.HELD_AHEAD, "session_date", s["at"],
             f"the session is dated {s['at']:%Y-%m-%d}, after the as-of date, so it is taken as not held yet; but "
             f"the row records how it went ({' and '.join(said)}).",
             "If the session was held, correct its Session date (else its baseline, recorded once that date "
             "passes, would count the calls since the session as calls before it); if it is still to come, "
             "leave Rep's response and Decision blank until it is held.")


def _check_evidence(s: dict, flag) -> None:
    if not s["evidence_call"]:
        flag(Code.MISSING_EVIDENCE, "evidence_call", None, "no call evidence anchor (call id or recording link).",
             "Name the call the coaching was based on, with a timestamp and a quote.")
        return
    crit = header_key(s["evidence_criterion"])
    if (not crit or crit in OVERALL_WORDS) and not s["evidence_timestamp"] and not s["evidence_quote"]:
        flag(Code.OVERALL_SCORE_EVIDENCE, "evidence_criterion", s["evidence_criterion"] or None,
             "the evidence is only an overall call score.",
             "Add the criterion, the timestamp of the moment and the transcript quote.")


# days before its session a row may be written ahead on purpose (a plan for the next two weeks): a Logged at
# further back beside a Scheduled at on the session's day is more likely a date typed wrong in both cells
# (a Session date typed a year late, and its Scheduled at copied or filled from it)
AHEAD_DAYS = 14


def written_ahead(scheduled, logged: coerce.Moment | None, moment: coerce.Moment) -> bool:
    """Whether the row says it was written ahead of its session on purpose: a Scheduled at on the session's
    day, with Logged at not after it (on its day or before when either has no time of day: an unknown time of
    that day) and at most :data:`AHEAD_DAYS` before it."""
    if not isinstance(scheduled, coerce.Moment) or logged is None or scheduled.day != moment.day:
        return False
    before = (logged.day < scheduled.day or scheduled.date_only or logged.date_only or logged.at <= scheduled.at)
    return before and 0 <= (scheduled.day - logged.day).days <= AHEAD_DAYS


def _check_late(s: dict, cfg: Config, flag, late: bool = True) -> None:
    """Logged at before the session's moment, or (``late``: the session held) more than the Settings hours after
    it; a row written ahead on purpose (:func:`written_ahead`) is not named before its session, and once held
    is told to take the conversation's Logged at."""
    logged = s["logged_at"]
    # (a row with only its Scheduled at, or one on the session's day: logged ahead, as it is for)
    if logged is None or s.get("planned") or (s.get("ahead") and not late):
        return
    session_end = s["at"] if s["timed"] else s["at"] + dt.timedelta(days=1)
    # logged the day before (a date typo, likely), or before a timed session's moment that day
    day_before = logged.at.date() < pd.Timestamp(s["at"]).date()
    if day_before or (s["timed"] and not logged.date_only and pd.Timestamp(logged.at) < pd.Timestamp(s["at"])):
        when = f"{logged.at:%Y-%m-%d}" if day_before else f"{logged.at:%Y-%m-%d %H:%M}"
        problem = f"logged on {when}, before the session took place."
        fix = "Check Logged at and Session date: one of them is wrong."
        if s.get("ahead"):  # held now: the Logged at of the row written ahead, not of the conversation's log
            problem = (f"logged on {when}, before the session took place: the row was written ahead of it, as its "
                       "Scheduled at says.")
            fix = ("Once the conversation is logged, set Logged at to when it was (the late-log check reads it); "
                   "nothing else to do.")
        flag(Code.LOGGED_BEFORE, "logged_at", logged.at, problem, fix)
        return
    after = pd.Timestamp(logged.at) - pd.Timestamp(session_end)
    if late and after > pd.Timedelta(hours=cfg.late_log_hours):
        flag(Code.LATE_LOG, "logged_at", logged.at,
             f"logged {_late_by(after)} after the session (more than {cfg.late_log_hours:g}).",
             "Nothing to do for this row if Logged at is right (it says the log was written late); else correct "
             "Logged at. Write the next logs the same day, while the conversation is fresh.")


def _late_by(after: pd.Timedelta) -> str:
    """How long after the session a log was written, one way for every length: whole hours, then the minutes and
    seconds there are (``33 hours``, ``30 hours 30 minutes``, ``24 hours 1 minute``, ``24 hours 30 seconds``), so
    a log just past the limit never shows the limit itself (``24.0 hours`` for more than 24)."""
    h, rest = divmod(int(after.total_seconds()), 3600)
    m, sec = divmod(rest, 60)
    return " ".join(wording.count(n, unit) for n, unit in ((h, "hour"), (m, "minute"), (sec, "second"))
                    if n or unit == "hour")
