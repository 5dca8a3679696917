"""A form's submission time as the only time of an export with no call date: Google Forms heads the moment each
response was sent ``Timestamp`` (``3/2/2026 10:00:00``), the header a call recording's moment goes by (``02:10``).
Sent when the call was graded, it is a grading date, never the call's: the missing call date column is said with
the HeaderMap line that dates the rows by it as a grading date, not a rename of it into a call date.
Microsoft Forms heads its own times ``Start time`` and ``Completion time`` (when the evaluator opened and sent the
form, days after the call: grading moments too), and ``Start Time`` is a call date header of other exports: in a
Forms download (told by the header it starts with: ``ID, Start time, Completion time, Email, Name``), a question
asking the call's date (``Call Date/Time``) dates the calls before them, unless a HeaderMap line naming its
``Start time`` was moved above the template's call date lines (:func:`form_own_times`).  Elsewhere ``Start Time``
and ``Completion Time`` are the call's own start and end (a telephony export) and ``Start Time`` dates the calls."""

from __future__ import annotations

import datetime as dt
import re

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.wording import HEADER_MAP_SAID

# a date written out: day, month and year, in any order, around slashes, dots or dashes
_DATED = re.compile(r"\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
# the times a Microsoft Forms download heads its responses with (header_key), and the header it starts with
FORMS_TIMES = ("starttime", "completiontime", "lastmodifiedtime")
FORMS_SIGNATURE = ("id", "starttime", "completiontime", "email", "name")


def form_own_times(keys: list[str], header_map: dict[str, list[str]] | None = None) -> set[int]:
    """The positions of a Microsoft Forms download's own times among a header's keys (:func:`header_key` of each
    header): ``Start time``, ``Completion time`` and ``Last modified time``, where the header starts as a Forms
    download's does (:data:`FORMS_SIGNATURE`); none elsewhere (a telephony export's ``Start Time`` beside its
    ``Completion Time`` is the call's start).  With ``header_map``, a time whose call_at line the user moved above
    every call date line of the template's HeaderMap is the call date the user chose, not one of them."""
    if tuple(k for k in keys if k)[:len(FORMS_SIGNATURE)] != FORMS_SIGNATURE:
        return set()
    lines = [header_key(h) for h in (header_map or {}).get("call_at", ())]
    template = {header_key(h) for h in schema.DEFAULT_HEADER_MAP["call_at"]}
    chosen = {key for n, key in enumerate(lines) if key in FORMS_TIMES and all(
        k not in template or k == key for k in lines[:n])}
    return {p for p, key in enumerate(keys) if key in FORMS_TIMES and key not in chosen}


def submission_said(table: RawTable, found: dict, field: str, fix: str) -> tuple[str, str]:
    """What to add to the problem said of a paste's missing ``field``, and its fix (``fix`` as it is, nothing added,
    but where a form's submission time is the paste's only time): for its missing call date, where the column read
    as the recording's moment is a form's ``Timestamp`` holding dates (every non-blank cell of its first 50) and no
    grading date column is read, that it is a grading date, and the HeaderMap line dating the rows by it as one."""
    p = found.get("call_moment")
    if field != "call_at" or p is None or "graded_at" in found or \
            header_key(coerce.text(table.headers[p])) != "timestamp":
        return "", fix
    cells = [v for v in table.data[p].head(50) if not coerce.is_blank(v)]
    if not cells or not all(isinstance(v, dt.date) or _DATED.match(coerce.text(v)) for v in cells):
        return "", fix
    head = coerce.text(table.headers[p])
    return (f' "{head}" holds dates: a form\'s submission time, when each response was sent (a grading date), not '
            "when the call took place.",
            f'If the form asks no call date, add a line to {HEADER_MAP_SAID}: Field graded_at, Export header "{head}" '
            f'(and delete "{head}" from the call_moment lines): its rows are then dated by their grading date, and '
            "the baselines they may belong in wait for call dates. Do not rename it to a call date; where a column "
            "holds each call's date, add its header to the call_at lines instead.")
