"""The usual time after a numeric text date (``03/04/2025 14:15``, ``3/4/2025 2:15:07 PM``), read at once.

The time of a text date is otherwise read by dateutil's parser, some 50 microseconds a value: an export
imported with such dates (its text kept as text) holds one distinct text per call, and a million rows
took seconds more than the same rows with ISO dates or date cells.  :func:`usual` reads the forms
exports write, giving what that parser gives for them, and None for any other text, which is left to it;
and the dotted times of Nordic exports (``04.03.2025 14.15``), which that parser reads as a day of the
month (the 14th), as a Session time's ``14.30`` is read.
"""

from __future__ import annotations

import re

_USUAL = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])[Mm])?")
# (looked for once the usual one fails)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{2})(?:\.(\d{2}))?(?: ?([AaPp])\.?[Mm]\.?)?")
_DOTTED_NUMBER = re.compile(r"(?<![\d:.])\d{1,2}\.\d")  # 10.30 not after a time's colon (10:30:00.123 is one)
# a time of four or six digits standing alone (0900, 143015), not an offset's (-0500) or a longer number's
_COMPACT = re.compile(r"(?<![\d:.,+\-\u2212])([01]\d|2[0-3])([0-5]\d)([0-5]\d)?(?![\d:.,])")


def usual(text: str) -> tuple[int, int, int] | None:
    """(hour, minute, second) of ``14:15``, ``14:15:07`` or ``2:15 PM`` (``12:05 AM`` and ``0:05 AM`` are 00:05), also
    with dots (``14.15``, ``14.15.07``), or None when the text is not one of them or names no time of day (``25:00``,
    ``13:00 PM``)."""
    m = _USUAL.fullmatch(text) or _DOTTED.fullmatch(text)
    if m is None:
        return None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[4]:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if m[4] in "pP" else 0)
    return (hour, minute, second) if hour < 24 and minute < 60 and second < 60 else None


def with_colons(text: str) -> str:
    """``text`` with a time written without colons, ``0900`` or ``143015`` (as dateutil's parser reads it after a date
    it holds: 09:00, 14:30:15), written ``09:00`` and ``14:30:15``: alone after a numeric date that parser would
    take it for a year, and the time would be lost."""
    return _COMPACT.sub(lambda m: ":".join(g for g in m.groups() if g), text, count=1)


def dotted_unread(text: str) -> bool:
    """Whether ``text``, which :func:`usual` did not read, holds a dotted time (``14.30 h``, ``14.30 PM``,
    ``14.30 +01:00``): dateutil's parser would read its ``14.30`` as hours (14:18) or as 14:00, silently."""
    return _DOTTED_NUMBER.search(text) is not None
