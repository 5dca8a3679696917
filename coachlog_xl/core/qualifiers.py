"""Export headers with a trailing qualifier in brackets: ``Start Time (UTC)``, ``Score (0-100)``,
``Agent Name (Full)``, ``Date [local]``.

A header no HeaderMap name matches is read as a field's when its words without the qualifier are one
of the field's names (:func:`qualified`) and the qualifier is a known one (a scale, a time zone, a date
form, a form of a name such as ``Full`` or ``ID``), unless:
- any other bracket is part of the header: a criterion (``Score (Opening)``, a wide export's column), a
  unit (``Time (sec)``, a duration), a group (``Agent (Team)``) or another quantity (``Score (max)``);
- two columns with different qualifiers would each be the field's (``Date (local)`` and ``Date (UTC)``):
  which one is meant cannot be told, and the paste asks for a HeaderMap line, naming both (:func:`rivals`).
A column a HeaderMap name matches as written keeps it (``Score (%)`` is ``Score``).

A qualifier that means something is read, never set aside silently:
- a scale on the score column (``(0-5)``, ``(1-10)``, ``(out of 5)``, ``(0-100)``): :func:`scale`, the
  paste's scores read on it as on a Score scale setting (:func:`~coachlog_xl.core.scales.put_on_scale`);
- a time zone on the call date or time column (``UTC``, ``GMT+1``, ``local``): its times are read as
  written, the zone only their label, and a note says so (:func:`header_notes`; domain.md, "Exact rules:
  Moments": times are compared as written);
- a date order on the call date column (``Date (dd/mm/yyyy)``): its dates are read in it unless they prove
  the other, as in a Date order setting, each paste's own (:func:`header_notes`), with a note when Settings names the other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import header_key

_TRAILING = re.compile(r"^(?P<base>.*?\S)\s*(?:\((?P<round>[^()]*)\)|\[(?P<square>[^\[\]]*)\])\s*$", re.S)
_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(rf"{_NUMBER}\s*(?:-|\u2013|\u2014|to)\s*{_NUMBER}\s*(?:%|points?|pts)?", re.I)
_OUT_OF = re.compile(rf"(?:out\s+of|of|max(?:imum)?|/)\s*{_NUMBER}\s*(?:points?|pts)?", re.I)
_ZONE = re.compile(r"(?:(?:utc|gmt)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|z|local(?:\s*time)?|(?-i:[A-Z]{2,4}T)"
                   r"|(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_]+)",
                   re.I)
# a date written as its form says: dd/mm/yyyy, MM-DD-YY, yyyy-mm-dd, dd.mm.yyyy hh:mm
_DATE_FORM = re.compile(r"[dmy]{1,4}(?:\s*[/.\-]\s*[dmy]{1,4}){1,2}(?:\s+h{1,2}:m{2}(?::s{2})?)?", re.I)
# the words of a qualifier saying which of a field's forms a column holds: Agent Name (Full), Agent (ID)
_FORM_WORDS = frozenset({"name", "full", "display", "id", "email", "e", "mail", "text", "value", "number", "no"})
_TIMED = ("call_at", "call_time")
_ORDER = {"day-first": re.compile(r"d{1,2}\s*[/.\-]\s*m{1,2}\b", re.I), "month-first": re.compile(r"m{1,2}\s*[/.\-]\s*d{1,2}\b", re.I)}


def split(header) -> tuple[str, str] | None:
    """(the words before, the qualifier) of a header ending in a qualifier in brackets; else None."""
    if not isinstance(header, str) or not header.rstrip().endswith((")", "]")):
        return None
    m = _TRAILING.match(header.strip())
    if m is None:
        return None
    return m.group("base"), (m.group("round") if m.group("round") is not None else m.group("square")).strip()


def scale(header) -> tuple[float, float] | None:
    """(bottom, top) of the scale a score header's qualifier states (``Score (1-10)`` -> (1, 10),
    ``Score (out of 5)`` -> (0, 5)); None when it states none (``Score (%)``, ``Score``)."""
    parts = split(header)
    if parts is None:
        return None
    if (m := _RANGE.fullmatch(parts[1])) is not None:
        bottom, top = float(m.group(1)), float(m.group(2))
        return (bottom, top) if bottom < top else None
    if (m := _OUT_OF.fullmatch(parts[1])) is not None and float(m.group(1)) > 0:
        return 0.0, float(m.group(1))
    return None


def zone(header) -> str | None:
    """The time zone a header's qualifier names (``Start Time (UTC)`` -> ``UTC``), else None."""
    parts = split(header)
    return parts[1] if parts is not None and _ZONE.fullmatch(parts[1]) else None


def date_order(header) -> str | None:
    """The date order a date header's qualifier states (``Date (dd/mm/yyyy)`` -> ``day-first``), else None."""
    parts = split(header)
    if parts is None or parts[1].lstrip()[:1] in ("y", "Y"):  # (year first, yyyy-mm-dd: never ambiguous)
        return None
    found = [order for order, form in _ORDER.items() if form.search(parts[1])]
    return found[0] if len(found) == 1 else None


def qualified(headers: list, header_map: Mapping[str, list[str]]) -> dict[str, dict[str, list[int]]]:
    """Per field, the columns whose header is the field's once its qualifier is set aside, grouped by
    their header (:func:`~coachlog_xl.core.inputs.header_key`): a header repeated once per evaluator is
    one group.  A header a HeaderMap name matches as written is none of them."""
    if not any(isinstance(h, str) and h.rstrip().endswith((")", "]")) for h in headers):
        return {}  # (the usual header: nothing keyed twice)
    field_of: dict[str, str] = {}
    for fld, names in header_map.items():
        for name in names:
            field_of.setdefault(header_key(name), fld)
    out: dict[str, dict[str, list[int]]] = {}
    for pos, head in enumerate(headers):
        parts = split(head)
        if parts is None or header_key(head) in field_of:
            continue
        fld = field_of.get(header_key(parts[0]))
        if fld is not None and _set_aside(parts[1], fld, header_map):
            out.setdefault(fld, {}).setdefault(header_key(head), []).append(pos)
    return out


def loose_positions(headers: list, header_map: Mapping[str, list[str]]) -> dict[str, list[int]]:
    """Per field, the columns read as the field's for their qualified header (:func:`qualified`), where
    one header (repeated or not) claims it."""
    return {fld: next(iter(groups.values())) for fld, groups in qualified(headers, header_map).items()
            if len(groups) == 1}


def rivals(headers: list, header_map: Mapping[str, list[str]], fld: str) -> list[str]:
    """The headers that would each be ``fld``'s once their qualifiers are set aside, when two or more
    differ (``Date (local)``, ``Date (UTC)``); else none."""
    groups = qualified(headers, header_map).get(fld, {})
    return [str(headers[ps[0]]) for ps in groups.values()] if len(groups) > 1 else []


def _set_aside(qualifier: str, fld: str, header_map: Mapping[str, list[str]]) -> bool:
    """Whether a qualifier is one an export adds to a field's header and may be set aside: a scale
    (``0-5``, ``out of 5``, ``%``), a time zone (``UTC``, ``GMT+2``, ``local``), a date form (``dd/mm/yyyy``)
    or a word of :data:`_FORM_WORDS` (``Full``, ``ID``) that is no word of another field's names only
    (``Agent (ID)`` is not the call id's).  Any other bracket is part of the header, as a unit
    (``Time (sec)``), a team (``Agent (Team)``) or a criterion (``Score (Opening)``) is."""
    if _RANGE.fullmatch(qualifier) or _OUT_OF.fullmatch(qualifier) or _ZONE.fullmatch(qualifier) \
            or qualifier.strip() == "%" or _DATE_FORM.fullmatch(qualifier):
        return True
    said = set(_words(qualifier))
    if not said or not said <= _FORM_WORDS:
        return False
    own = {w for name in header_map.get(fld, ()) for w in _words(name)}
    others = {w for f, names in header_map.items() if f != fld for name in names for w in _words(name)}
    return not said & (others - own)


def _words(text: str) -> list[str]:
    """A text's words, lowered, split at any other character and at a capital after a small letter."""
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", text)]


def header_notes(sheet: str, heads_of: Mapping[int, Mapping[str, str]], issues: Issues,
                 order: str) -> dict[int, tuple[str, str]]:
    """The date order each paste's call date header states (``Date (dd/mm/yyyy)``), as paste -> (order, what states
    it, in messages), its dates read in it unless they prove the other, as in a Date order setting; with a note
    where it is not ``order`` (Settings'), and one for each call date or time column whose header names a time
    zone.  ``heads_of``: paste -> field -> its column's header (:func:`~coachlog_xl.core.layout.to_long`)."""
    stated: dict[int, tuple[str, str]] = {}
    for paste, heads in heads_of.items():
        head = heads.get("call_at")
        if (own := date_order(head)) is None:
            continue
        stated[paste] = own, f'its header "{head}"'
        if own != order and all(was[1] != stated[paste][1] for p, was in stated.items() if p != paste):
            issues.add(Code.LAYOUT_NOTE, sheet, 1, schema.FIELD_NAMES["call_at"], head,
                       f'{sheet}: the call date column "{head}" states its date order; its dates are read {own}, not '
                       f"in the Settings Date order ({order}), unless they prove the other.",
                       "Nothing to do if the header is right.")
    for head, fld in dict.fromkeys((h[f], f) for h in heads_of.values() for f in _TIMED if f in h):
        if (name := zone(head)) is not None:
            issues.add(Code.LAYOUT_NOTE, sheet, 1, schema.FIELD_NAMES[fld], head,
                       f'{sheet}: the {schema.FIELD_NAMES[fld]} column "{head}" labels its times {name}; they are read '
                       "as written, not converted.",
                       "Nothing to do: call times are compared as written. A time carrying a Z or an offset is "
                       "converted only into the zone Settings names (Time zone).")
    return stated
