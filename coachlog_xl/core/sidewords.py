"""The words of a header about the call rather than its scoring (``Duration (sec)``, ``Handle time``, ``CSAT``,
``Evaluation ID``, ``Team``, ``Call #``): beside a band row's criteria, a column so headed under no criterion's band
is a side column (:func:`coachlog_xl.core.wide.scored_columns`, :func:`coachlog_xl.core.grouped.banded_header`).
A column of a record's ids (``Respondent ID`` of 11 digits: :func:`record_ids`) is no criterion anywhere."""

from __future__ import annotations

import re
from collections.abc import Container

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable, header_key

# an evaluation's yes/no flag (Five9's ``Auto-Fail``, LevelAI's ``auto_fail``, ``Critical Fail``), as header keys: a
# call failed whole on a fatal error, not a criterion's score, unless the Criteria sheet names it
CALL_FLAGS = {"autofail", "autofailed", "isautofail", "autofailure", "criticalfail", "criticalfailed",
              "iscriticalfail", "criticalfailure", "criticalerror", "fatalerror", "fatalfail", "isfatal", "autozero",
              "autozeroed", "fatalflag", "failflag"}

# a survey tool's own columns of each response (Qualtrics, as its first or its second header row names them): when
# it started and ended, its progress, its duration, where it was sent from; no criterion's scores, unless the
# Criteria sheet names one so
SURVEY_FIELDS = {"startdate", "enddate", "status", "responsetype", "ipaddress", "progress", "duration",
                 "durationinseconds", "finished", "recordeddate", "responseid", "recipientlastname",
                 "recipientfirstname", "recipientemail", "externalreference", "externaldatareference",
                 "locationlatitude", "locationlongitude", "distributionchannel", "userlanguage"}
# (five of them make a survey export: a QA export may have its own Response ID, Progress and Finished)
_SURVEY_MARKS = {"startdate", "enddate", "ipaddress", "responseid", "progress", "durationinseconds", "finished",
                 "recordeddate", "distributionchannel", "userlanguage", "responsetype", "locationlatitude"}

# the words of the call's details (a column headed otherwise, ``Courtesy``, is read as a criterion the Criteria sheet
# may lack)
ABOUT_CALL = {"duration", "length", "time", "sec", "secs", "seconds", "min", "mins", "minutes", "aht", "hold", "talk",
              "wait", "csat", "nps", "sat", "ces", "id", "ids", "count", "number", "no", "team", "site", "queue",
              "channel", "skill", "earned", "possible"}
# words a header about the call may hold beside those (``Evaluation ID``, ``Handle time``, ``Call #``)
_CALL_WORDS = ABOUT_CALL | {"handle", "handling", "evaluation", "call", "contact", "ticket", "case", "interaction",
                            "points", "avg", "average", "total", "of", "in", "s", "hh", "mm", "ss"}


def about_call(header: str) -> bool:
    """Whether a header is about the call, not a criterion's scoring: every word of it a word of the call's details
    (:data:`ABOUT_CALL`) or one they go with, at least one of the former (``Duration (sec)``, ``Handle time``,
    ``CSAT``, ``Team``, ``Call #``), where ``Hold time explained`` or ``Team handoff`` may name a criterion."""
    words = re.findall(r"[a-z]+", header.lower())
    return bool(words) and all(w in _CALL_WORDS for w in words) and (
        "#" in header or any(w in ABOUT_CALL for w in words))


# a header ending in ID: the word ``ID`` or ``Id`` in any case (``Respondent ID``, ``Collector id``), or a name written
# together whose last word is ``Id`` or ``ID`` (``RespondentId``), never a word ending in "id" (Paid, Valid, Grid)
_ID_HEADER = re.compile(r"(?:(?i:(?:\b|_)id)|[a-z]Id|[a-z]ID)\s*$")
_WHOLE = re.compile(r"\s*(\d+)(?:\.0+)?\s*")


def record_ids(header: str, col) -> bool:
    """Whether a column is a record's ids, no criterion's scores: headed by a name ending in ID and holding whole
    numbers of 8 digits or more (the first 50 filled cells; a SurveyMonkey ``Respondent ID`` of 11): no score is ever
    so written, and read as one each would be "far outside 0-100".  A column of scores with one such number among
    them (a mistyped 10000000) is read as scores, the typo said."""
    if not _ID_HEADER.search(header):
        return False
    cells = [coerce.text(v) for v in col.head(200).tolist() if not coerce.is_blank(v)][:50]
    whole = [_WHOLE.fullmatch(c) for c in cells]
    return bool(cells) and all(m is not None and len(m[1]) >= 8 for m in whole)


def survey_fields(headers: list) -> set[str]:
    """:data:`SURVEY_FIELDS` where ``headers`` are a survey export's (five of :data:`_SURVEY_MARKS` among them), else
    none: a QA export's ``Status`` or ``Duration`` is left as it is read elsewhere."""
    keys = {header_key(coerce.text(h)) for h in headers}
    return SURVEY_FIELDS if len(keys & _SURVEY_MARKS) >= 5 else set()


def flag_keys(headers: list, known: Container) -> set[str]:
    """The header keys of a call's flag (:data:`CALL_FLAGS`) and of a survey export's own columns
    (:func:`survey_fields`), no criteria, but for those ``headers`` the Criteria sheet (``known``) names a criterion by,
    as its name, its Criterion ID or one of its Other names (a team's compliance item exported as ``Auto-Fail``):
    read as that criterion."""
    named = {header_key(coerce.text(h)) for h in headers if coerce.text(h) in known}
    return (CALL_FLAGS | survey_fields(headers)) - named


def said_survey(block: RawTable, issues: Issues, known: Container = ()) -> None:
    """Say once that a survey export's own columns (:func:`survey_fields`), and once that a call's flag columns
    (:data:`CALL_FLAGS`), are kept but not used: those the Criteria sheet (``known``) names no criterion by."""
    unused = flag_keys(block.headers, known)
    heads = [coerce.text(h) for h in block.headers if header_key(coerce.text(h)) in unused - CALL_FLAGS]
    if heads:
        issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "layout", None,
                   f"{block.sheet}: a survey export's own columns ({', '.join(heads)}) are no criteria; kept but not "
                   "used.", "Nothing to do; a criterion named so on the Criteria sheet is read.")
    flags = [coerce.text(h) for h in block.headers if header_key(coerce.text(h)) in unused & CALL_FLAGS]
    if flags:
        issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "layout", None,
                   f"{block.sheet}: {', '.join(flags)}, a call's yes/no flag (a call failed whole), is no criterion; "
                   "kept but not used.", "Nothing to do; if the team coaches it as a criterion, add it to the "
                   "Criteria sheet (its name, or this header among its Other names) and it is read.")
