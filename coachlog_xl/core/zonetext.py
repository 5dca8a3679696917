"""The zone written after a call's time, in the spellings exports use, as the plain offset a person means.

dateutil reads ``GMT+1`` the POSIX way, "GMT is this time plus one hour" (UTC-1), and ``GMT -5`` as GMT with
the offset lost; a person, and every export that writes it, means UTC+1 and UTC-5.  :func:`as_offset` writes
these as a plain offset (``-05:00``), which dateutil reads as meant, before a text date or time is parsed:

- ``GMT-5``, ``GMT -5``, ``GMT-05:00``, ``GMT-0500``, ``UTC+1``, ``UTC+01:00``, ``UTC\u22125``;
- Windows' zone display names, the offset in brackets and the places after it as a label:
  ``(GMT-05:00)``, ``(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna``, ``(UTC) Dublin, London``;
- Go's default format, an offset then the zone's abbreviation (``+0000 UTC``, ``-0500 EST``): the offset.

A Settings Time zone (``GMT+1``, ``Etc/GMT-1``, ``CET``) is a zone name dateutil's ``tz.gettz`` reads, never
a text date: this module does not touch it.
"""

from __future__ import annotations

import re

# Time-zone abbreviations read as their offset (hours from UTC); others are unknown.  North American
# and European ones only: CST, IST or BST name different zones in different countries elsewhere.
ZONE_ABBREVIATIONS = {
    "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
}

_OFFSET = r"(?P<sign>[+\-\u2212])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?"
_WRITTEN = re.compile(
    rf"\s*(?:\(\s*(?:GMT|UTC)\s*(?:{_OFFSET})?\s*\)\D*"  # Windows: (UTC+01:00) Amsterdam, Berlin, ...
    rf"|(?<![A-Za-z])(?:GMT|UTC)\s*{_OFFSET.replace('?P<', '?P<n_')}"  # GMT-5, UTC+01:00
    r"|\s(?P<go>[+\-]\d{4})\s+[A-Z]{1,5})\s*$",  # Go: +0000 UTC
    re.IGNORECASE)


def as_offset(text: str) -> str:
    """``text`` with the zone it ends in, written as above, as a plain offset (``-05:00``); other texts as they are."""
    m = _WRITTEN.search(text)
    if m is None:
        return text
    if m["go"]:
        return f"{text[:m.start()]} {m['go']}"
    sign, hours, minutes = (m["sign"], m["hours"], m["minutes"]) if m["n_sign"] is None else (
        m["n_sign"], m["n_hours"], m["n_minutes"])
    if sign is None:  # (UTC) Coordinated Universal Time
        return f"{text[:m.start()]} +00:00"
    return f"{text[:m.start()]} {'+' if sign == '+' else '-'}{int(hours):02d}:{minutes or '00'}"
