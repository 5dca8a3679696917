"""A criterion an export names with a version after the name (``Empathy - update Jan8``, ``Empathy (v2)``,
``Empathy rev 3``, ``Empathy 2026-01-08``): QA platforms rename a criterion so when its definition changes
(exports.md, "version: a date or "update Jan8" baked into the criterion name").  domain.md, Criteria: a definition
change is a new row (the same id, a version and the date it took effect), so comparability condition 2 sees it;
made an alias of the old name instead, the two definitions are one and a comparison across the change is called
valid.  Its advice says so first (:func:`new_version_fix`).  A version a column writes as a whole number with
``.0`` (``101.0``) is that number (:func:`version_text`).
"""

from __future__ import annotations

import re

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# each word after the name: a version word, a number (v2, 3, 2026), a month with or without its day (Jan8, jan)
_VERSION_WORD = re.compile(rf"^(?:v|ver|version|rev|revision|revised|update|updated|new|edition|v?\d+[a-z]?"
                           rf"|{_MONTH}\d*|\d+(?:st|nd|rd|th))$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")
_POINT_ZERO = re.compile(r"(\d+)\.0")


def version_text(text: str) -> str:
    """A version's text (stripped) as the version it is: a whole number written with ``.0`` (``101.0``, as a CSV
    round trip or a column of texts writes the number 101) is the whole number (``101``, as that number's cell reads);
    any other text stays as written (``101.5`` and ``101.50`` are two versions, as ``1.5`` and ``1.50`` may be)."""
    whole = _POINT_ZERO.fullmatch(text)
    return whole[1] if whole else text


def version_suffix(name: str, known: str) -> str | None:
    """What ``name`` adds after the ``known`` criterion's name when that is a version (``update Jan8``), else None:
    ``name`` begins with ``known`` (case and spacing aside) and each word after it is a version word, a number
    or a month (``Empathy statement count`` is another item of the scorecard, not a version)."""
    plain = " ".join(str(name).split())
    head = " ".join(str(known).split())
    if len(plain) <= len(head) or plain[:len(head)].casefold() != head.casefold() or plain[len(head)].isalnum():
        return None
    rest = plain[len(head):].strip(" -–—_:;,/()[]")
    words = _WORDS.findall(rest)
    return rest if words and all(_VERSION_WORD.match(w) for w in words) else None


def new_version_fix(name: str, hints: list[str]) -> str | None:
    """The fix for an unknown criterion that is a known one with a version after its name: a Criteria row of the
    new version first, and what adding it to the known criterion's Other names does; None for another name."""
    known = next((h for h in hints if version_suffix(name, h) is not None), None)
    if known is None:
        return None
    return (f'If "{name}" is a new version of {known} (its definition changed), add a Criteria row with {known}\'s '
            f'Criterion ID, "{name}" as its Criterion, a Version and the Effective from date: a comparison across the '
            f"change is then named not comparable. Adding this spelling to {known}'s Other names instead makes it "
            f"the same definition as {known}, and a comparison across the change counts as valid. Nothing to do if "
            "the team does not coach it.")
