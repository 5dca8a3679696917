"""The zone written after a call's time, in the spellings exports use, as the plain offset a person means.

dateutil reads ``GMT+1`` the POSIX way, "GMT is this time plus one hour" (UTC-1), and ``GMT -5`` as GMT with
the offset lost; a person, and every export that writes it, means UTC+1 and UTC-5.  :func:`as_offset` writes
these as a plain offset (``-05:00``), which dateutil reads as meant, before a text date or time is parsed:

- ``GMT-5``, ``GMT -5``, ``GMT-05:00``, ``GMT-0500``, ``UTC+1``, ``UTC+01:00``, ``UTC\u22125``, and the zone's name
  in brackets after it, as JavaScript's ``Date.toString`` writes it (``GMT+0100 (Central European Standard Time)``)
  or a person notes it (``UTC+01:00 (CET)``);
- Windows' zone display names, the offset in brackets and the places after it as a label:
  ``(GMT-05:00)``, ``(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna``, ``(UTC) Dublin, London``;
- Go's default format, an offset then the zone's abbreviation in capitals (``+0000 UTC``, ``-0500 EST``): the offset.

Each only right after a clock reading (``09:00``, ``09:00:00.5``, ``9am``, ``9:30 PM``, ``14h30``, ``14.30``): a
plain offset with no time before it is what dateutil takes for the time (``2025-03-10 -05:00`` would be a call at
05:00).  A text date is read by :func:`in_date`, which knows what dateutil reads as a time: ``GMT-5`` after a
time it reads that is no clock above (``0900``, ``9h``) is that plain offset too (09:00 at UTC-5, as after
``09:00``), and a date with a zone or a plain offset but no time (``2025-03-10 -05:00``, ``2025-03-10 GMT-5``) is
an unreadable date, never a call at 05:00 (a time dateutil cannot read before it, ``noon -05:00``, is left for the
date's reader to call an unreadable time).  Anything
else after the zone (``09:00 -0500 Ana``, ``GMT-5 (callback)``) leaves the text as written too: a text with a word
after its time that is not a zone is not a date-time.

A Settings Time zone (``GMT+1``, ``Etc/GMT-1``, ``CET``) is a zone name dateutil's ``tz.gettz`` reads, never
a text date: this module does not touch it.  No zone is more than 14 hours from UTC (:data:`LARGEST_OFFSET`).
"""

from __future__ import annotations

import datetime as dt
import re

# Time-zone abbreviations read as their offset (hours from UTC); others are unknown.  North American
# and European ones only: CST, IST or BST name different zones in different countries elsewhere.
ZONE_ABBREVIATIONS = {
    "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
}

# the zones in use run from UTC-12:00 to UTC+14:00 (Kiribati): no offset is larger (in seconds)
LARGEST_OFFSET = 14 * 3600

_OFFSET = r"(?P<sign>[+\-\u2212])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?"
# a clock reading, as timeofday reads one, the zone right after it
_CLOCK = r"(?P<clock>\d:\d\d(?::\d\d(?:[.,]\d+)?)?|\d\s*[ap]\.?\s*m\.?|(?<![\d.])\d{1,2}[h.]\d\d)"
# a zone's name in brackets after its offset: (CET), (Central European Standard Time), (Coordinated Universal Time)
_NAMED = r"(?:\s*\(\s*(?:(?-i:[A-Z]{2,5})|[A-Za-z][A-Za-z .'\-]*\bTime)\s*\))?"
_WRITTEN = re.compile(
    rf"{_CLOCK}\s*(?:\(\s*(?:GMT|UTC)\s*(?:{_OFFSET})?\s*\)\D*"  # Windows: (UTC+01:00) Amsterdam, Berlin, ...
    rf"|(?:GMT|UTC)\s*{_OFFSET.replace('?P<', '?P<n_')}{_NAMED}"  # GMT-5, UTC+01:00 (CET)
    r"|\s(?P<go>[+\-]\d{4})\s+(?-i:[A-Z]{2,5}))\s*$",  # Go: +0000 UTC
    re.IGNORECASE)
_CLOCK_AT_END = re.compile(rf"{_CLOCK}\s*$", re.IGNORECASE)
_ZONE = re.compile(rf"(?<!\S)(?:GMT|UTC)\s*{_OFFSET}{_NAMED}\s*$", re.IGNORECASE)  # GMT-5 after any word
_PLAIN = re.compile(r"(?<!\S)[+\-\u2212]\d{2}(?::?\d{2})?\s*$")  # a plain offset the text ends in: -05:00, +0100
_UNWRITTEN = dt.datetime(1, 1, 1, 1, 1, 1, 1)  # the time a text that writes none is given, to tell it apart


def as_offset(text: str) -> str:
    """``text`` with the zone it ends in after its time, written as above, as a plain offset (``09:00 -05:00``);
    other texts as they are."""
    m = _WRITTEN.search(text)
    if m is None:
        return text
    before = text[:m.end("clock")]
    if m["go"]:
        return f"{before} {m['go']}"
    sign, hours, minutes = (m["sign"], m["hours"], m["minutes"]) if m["n_sign"] is None else (
        m["n_sign"], m["n_hours"], m["n_minutes"])
    if sign is None:  # (UTC) Coordinated Universal Time
        return f"{before} +00:00"
    return f"{before} {_plain(sign, hours, minutes)}"


def _plain(sign: str, hours: str, minutes: str | None) -> str:
    return f"{'+' if sign == '+' else '-'}{int(hours):02d}:{minutes or '00'}"


def in_date(text: str, parser, day: str = "") -> str | None:
    """A text date (or the part after its date: ``9h GMT-5``) as dateutil's ``parser`` is to read it: its zone as
    :func:`as_offset` writes it, ``GMT-5`` and ``UTC+01:00`` as a plain offset also after a time that is no clock
    above (``0900 GMT-5``, ``9h GMT-5``: UTC-5, where dateutil would read UTC+5); None where the plain offset it then
    ends in is after no time (``2025-03-10 -05:00``: dateutil would read a call at 05:00).  ``day``: the date the part
    after it follows (``2025-03-10``), read before it as the parser reads the whole text.  What the parser cannot read
    before the offset (``noon -05:00``) is left for it to say so, never said to write no time."""
    out = as_offset(text)
    if out == text and (m := _ZONE.search(text)) is not None:
        out = f"{text[:m.start()].rstrip()} {_plain(m['sign'], m['hours'], m['minutes'])}"
    bare = _PLAIN.search(out)
    if bare is None:
        return out
    before = out[:bare.start()].rstrip()
    return out if _CLOCK_AT_END.search(before) or before and _timed(f"{day} {before}", parser) is not False else None


def _timed(text: str, parser) -> bool | None:
    """Whether dateutil's ``parser`` reads a time of day in ``text``; None where it reads no date-time in it."""
    try:
        return parser.parse(text, default=_UNWRITTEN, ignoretz=True).time() != _UNWRITTEN.time()
    except (ValueError, OverflowError):
        return None
