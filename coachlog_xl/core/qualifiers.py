"""Export headers with a trailing qualifier in brackets: ``Start Time (UTC)``, ``Score (0-100)``,
``Agent Name (Full)``, ``Date [local]``.

A header no HeaderMap name matches is read as a field's when its words without the qualifier are one
of the field's names (:func:`qualified`) and the qualifier is a known one (a scale, a time zone, a date
form, a form of a name such as ``Full`` or ``ID``); any other bracket is part of the header: a criterion
(``Score (Opening)``, a wide export's column), a unit (``Time (sec)``, a duration), a group (``Agent (Team)``)
or another quantity (``Score (max)``).  Not either when:
- two columns with different qualifiers would each be the field's (``Date (local)`` and ``Date (UTC)``):
  which one is meant cannot be told, and the paste asks for a HeaderMap line, naming both (:func:`rivals`).
A column a HeaderMap name matches as written keeps it (``Score (%)`` is ``Score``).

A qualifier that means something is read, never set aside silently:
- a scale on the score column (``(0-5)``, ``(1-10)``, ``(out of 5)``, ``(0-100)``): :func:`scale`, the
  paste's scores read on it as on a Score scale setting (:func:`~coachlog_xl.core.scales.put_on_scale`);
- a time zone on the call date or time column: a fixed offset (``UTC``, ``GMT``, ``GMT+1``, ``CET``) is read
  as a ``Z`` or offset on each time is, converted into the zone Settings names or else dropped
  (:func:`in_settings_zone`; domain.md, "Exact rules: Moments"); ``local`` or a region's zone is the times'
  label only; a note says which (:func:`header_notes`);
- a date order on the call date column (``Date (dd/mm/yyyy)``): its dates are read in it unless they prove
  the other, as in a Date order setting, each paste's own (:func:`header_notes`), with a note when Settings names the
  other.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
from dateutil import parser as dateparser
from dateutil import tz

from coachlog_xl import schema
from coachlog_xl.core import coerce, timeofday, zonetext
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import per_value
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
_ORDER = {"day-first": re.compile(r"d{1,2}\s*[/.\-]\s*m{1,2}\b", re.I),
          "month-first": re.compile(r"m{1,2}\s*[/.\-]\s*d{1,2}\b", re.I)}


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


def header_notes(sheet: str, heads_of: Mapping[int, Mapping[str, str]], issues: Issues, order: str,
                 into: str | None = None) -> dict[int, tuple[str, str]]:
    """The date order each paste's call date header states (``Date (dd/mm/yyyy)``), as paste -> (order, what states
    it, in messages), its dates read in it unless they prove the other, as in a Date order setting; with a note
    where it is not ``order`` (Settings'), and one for each call date or time column whose header names a time
    zone, saying whether its times are converted into ``into``, the Settings Time zone (:func:`in_settings_zone`).
    ``heads_of``: paste -> field -> its column's header, and ``dated_by`` -> the field its call date column is
    (:func:`~coachlog_xl.core.layout.to_long`)."""
    stated: dict[int, tuple[str, str]] = {}
    for paste, heads in heads_of.items():
        head = heads.get("call_at")
        if (own := date_order(head)) is None:
            continue
        stated[paste] = own, f'its header "{head}"'
        if own != order and all(was[1] != stated[paste][1] for p, was in stated.items() if p != paste):
            issues.add(Code.LAYOUT_NOTE, sheet, 1, _named(heads, "call_at"), head,
                       f'{sheet}: the {_named(heads, "call_at")} column "{head}" states its date order; its dates are '
                       f'read {own}, not '
                       f"in the Settings Date order ({order}), unless they prove the other.",
                       "Nothing to do if the header is right.")
    for head, fld in dict.fromkeys((h[f], _named(h, f)) for h in heads_of.values() for f in _TIMED if f in h):
        if (name := zone(head)) is None:
            continue
        if into and offset(head) is not None:
            done, fix = (f"each time without a zone of its own is read as in {name} (as one ending in {name} would be) "
                         f"and converted into {into}, the Settings Time zone."), "Nothing to do if the header is right."
        else:
            done = ("they are read as written, not converted" + (f" ({name} is no fixed offset)." if into else "."))
            fix = ("Nothing to do: call times are compared as written. A time carrying a Z or an offset, or under "
                   "a header naming UTC, GMT or an offset, is converted only into the zone Settings names (Time zone).")
        issues.add(Code.LAYOUT_NOTE, sheet, 1, fld, head,
                   f'{sheet}: the {fld} column "{head}" labels its times {name}; {done}',
                   fix)
    return stated


def _named(heads: Mapping[str, str], fld: str) -> str:
    """A paste's call date or time column as messages name it: a grading date read as the call date
    (``Created (UTC)`` in an export without a call date) is the grading date, as Checks says."""
    return schema.FIELD_NAMES[heads.get("dated_by", fld) if fld == "call_at" else fld]


def offset(header) -> dt.tzinfo | None:
    """The fixed offset a call date or time header's zone names (``UTC``, ``GMT``, ``Z``, ``GMT+2``, ``CET``), which
    a time written under it is read in as if it ended in it; None for ``local``, a region's zone, an offset no zone
    has (``UTC+99``) or none."""
    name = zone(header)
    if name is None:
        return None
    if (m := re.fullmatch(r"(?:utc|gmt)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?|z", name.strip(), re.I)) is not None:
        minutes = int(m.group(2) or 0) * 60 + int(m.group(3) or 0)  # (UTC+99, beyond every zone's: a label only)
        return None if minutes * 60 > zonetext.LARGEST_OFFSET else dt.timezone(
            dt.timedelta(minutes=-minutes if m.group(1) == "-" else minutes))
    hours = coerce.ZONE_ABBREVIATIONS.get(name.strip().upper())
    return None if hours is None else dt.timezone(dt.timedelta(hours=hours))


# a text ending in a zone or offset of its own (10:00Z, 10:00+02:00, 10:00 EST, 10:00 PM EST), converted as it is read
_OWN_ZONE = re.compile(r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[aApP]\.?[mM]\.?\s*)?(?:[zZ]|[+-]\d\d:?\d\d|[A-Z]{3,5})\s*$")


def in_settings_zone(col: pd.Series, at: np.ndarray, date_only: np.ndarray, pastes: np.ndarray,
                     heads_of: Mapping[int, Mapping[str, str]], into: str | None,
                     own: np.ndarray | None = None) -> np.ndarray:
    """The call moments ``at`` converted into ``into``, the Settings Time zone, as a time ending in a zone or offset is
    (domain.md, "Exact rules: Moments"): each whose call time cell ends in one from it (``own``: each row's offset,
    NaT where its call time gives none or is not used: :func:`zoned_time`), and the others of each paste whose call
    date (or else call time) header names a fixed offset (:func:`offset`) from that offset; a date only, or a call
    date text with a zone of its own (``col``, converted already), is not.  Without ``into``, times are compared as
    written: ``at`` as it is."""
    if not into:
        return at
    zoned = np.zeros(len(at), bool) if own is None else ~np.isnat(own)
    zones = {p: z for p, h in heads_of.items()
             if (z := offset(h.get("call_at")) or offset(h.get("call_time"))) is not None}
    if not zones and not zoned.any():
        return at
    target, out = into, at.copy()
    if zoned.any():
        out[zoned] = _converted(at[zoned] - own[zoned], dt.timezone.utc, target)
    if zones:  # (each call date text with a zone of its own, converted already as it was read)
        free = ~date_only & ~np.isnat(at) & ~zoned & ~np.asarray(per_value(
            col, lambda v: isinstance(v, str) and _OWN_ZONE.search(zonetext.as_offset(v)) is not None, bool),
            dtype=bool)
    for paste, source in zones.items():
        rows = (pastes == paste) & free
        if rows.any():
            out[rows] = _converted(at[rows], source, target)
    return out


def _converted(at: np.ndarray, source: dt.tzinfo, target: str) -> np.ndarray:
    """Date-times read in ``source`` as they read in the zone named ``target``: by pandas where it knows the name
    (a dateutil zone object is not one pandas 2.2 can take back off), else one by one as :func:`coerce.moment`
    converts a text's zone (dateutil, which the Settings check asks, knows it)."""
    aware = pd.DatetimeIndex(at).tz_localize(source)
    try:
        return aware.tz_convert(target).tz_localize(None).to_numpy().astype(at.dtype)
    except (KeyError, ValueError):  # (a name dateutil reads and pandas' zone database does not)
        zone = tz.gettz(target)
        return np.array([np.datetime64("NaT") if t is pd.NaT
                         else t.to_pydatetime().astimezone(zone).replace(tzinfo=None)
                         for t in aware], dtype=at.dtype)


# a call time text ending in what may be a zone or offset (23:30Z, 23:30+01:00, 11:30 PM EST), read for it
_ZONED_TIME = re.compile(r"(?:[zZ]|[+-]\d\d:?\d\d|[A-Za-z]{3,5})\s*$")


def zoned_time(value, into: str | None) -> dt.time | None:
    """A call time cell as :func:`timeofday.call_time` reads it, with the zone its text ends in (``23:30Z``,
    ``23:30+01:00``, ``11:30 PM EST``) as its tzinfo when ``into`` (the Settings Time zone) names a zone to convert
    it into, as a call date text's own zone is (:func:`coerce.moment`, ``GMT-5`` and the other spellings of
    :mod:`.zonetext` too): then an abbreviation not in :data:`coerce.ZONE_ABBREVIATIONS` makes the time
    unreadable; without ``into`` the zone is dropped."""
    plain = zonetext.as_offset(value) if isinstance(value, str) else value
    try:
        read = timeofday.call_time(plain)
    except coerce.Unreadable:
        read = timeofday.call_time(value)  # (unreadable as written: its message quotes the cell)
    if read is None or not into or not isinstance(value, str) or not _ZONED_TIME.search(plain):
        return read
    try:
        written = dateparser.parse(plain, default=dt.datetime(2000, 1, 1),
                                   tzinfos=functools.partial(coerce.zone_offset, converting=True))
    except coerce.Unreadable as exc:
        raise coerce.Unreadable(f"{value.strip()!r} {exc}") from None
    return read if written.tzinfo is None else read.replace(tzinfo=written.tzinfo)
