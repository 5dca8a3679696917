"""The words a follow-up number may be typed with (a Settings value, or a Log row's own Calls to review, Timeframe
(days), Threshold score and Calls needed at threshold): its unit, in English or in the languages of the teams
that type it (``10 calls``, ``30 Tage``, ``85 Punkte``), and a threshold written as what reaches it (``80+``).

A number of calls typed with the days unit (``30 calls`` in Timeframe) is the other unit, and unreadable;
a unit word alone (``Tage``) is no number, never a blank."""

from __future__ import annotations

import re

# the unit a number of calls, days or points may be typed with, in English, German, French, Spanish and Portuguese
WORDS = {
    "calls": r"calls?|anruf(?:e|en)?|appels?|llamadas?|chamadas?",
    "days": r"days?|tage?|tagen|jours?|d[ií]as?",
    "points": r"points?|pts?\.?|punkte?|pkt\.?|puntos?|pontos?",
}
_UNIT = {unit: re.compile(rf"\s*(?:{words})\s*$", re.I) for unit, words in WORDS.items()}
# a setting's own unit, and the other one
_UNITS = {"window_n": ("calls", "days"), "k_needed": ("calls", "days"), "checkin_n": ("calls", "days"),
          "timeframe_days": ("days", "calls")}


class OtherUnit(ValueError):
    """A number typed with the unit of another setting (``30 calls`` for days): the text says which."""


def without_unit(key: str, text: str) -> str:
    """The text of the setting ``key`` without the unit it may be typed with (``10 calls``, ``5 Tage``,
    ``85 Punkte`` or ``80+``); raises :class:`OtherUnit` for a number followed by the other unit."""
    if key == "threshold":
        return _at_or_above(_UNIT["points"].sub("", text).strip())
    if key not in _UNITS:
        return text
    own, other = _UNITS[key]
    text = _UNIT[own].sub("", text)
    if _UNIT[other].search(text) and _UNIT[other].sub("", text).strip():
        raise OtherUnit(f"counts {other}, not {own}")
    return text


def _at_or_above(text: str) -> str:
    """The threshold of a text written as what reaches it (``80+``, ``>= 80``, ``≥80%``), else the text."""
    if text.endswith("+"):
        return text[:-1].strip()
    for sign in (">=", "\u2265"):
        if text.startswith(sign):
            return text[len(sign):].strip()
    return text
