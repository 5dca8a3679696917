"""Turning raw cell values into typed values: the one place where coercion happens.

Each function takes a raw value as a reader gave it (str, int, float, bool, datetime, date, time, None) and
returns the typed value or raises :class:`Unreadable` with a reason, which callers put in a Checks row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

import pandas as pd
from dateutil import parser as dateparser
from dateutil import tz

from coachlog_xl.core import clock, datenumbers, monthnames, points, scorewords, zonetext
from coachlog_xl.core.scorewords import NO_WORDS, NOT_SCORED_WORDS, SCORE_WORDS, YES_WORDS, spelled, word_kind
from coachlog_xl.core.zonetext import ZONE_ABBREVIATIONS

# Excel's error values other than #N/A (which is N/A): a formula that could not be computed
EXCEL_ERRORS = {
    "#div/0!", "#ref!", "#value!", "#name?", "#num!", "#null!", "#spill!", "#calc!", "#field!", "#blocked!",
    "#connect!", "#busy!", "#unknown!", "#getting_data", "#python!",
}


class Unreadable(ValueError):
    """A cell whose value cannot be read as the kind its column needs.  Its text reads as a sentence after
    the field's name (``Baseline n TRUE is a yes/no value, not a number``); one naming the value first, as
    these do, reads after a colon too (``Setting "As-of date": TRUE is a yes/no value, not a date``)."""


@dataclass(frozen=True)
class Moment:
    """A point in time as written: ``at`` is midnight of the day when ``date_only``; ``converted``: a midnight written
    with a zone (``2025-03-10T00:00:00Z``) in the Settings Time zone, its time in a column of times (:mod:`.calls`)."""

    at: dt.datetime
    date_only: bool
    weekday: str | None = None  # a weekday its text names that is not its date's (:func:`.monthnames.wrong_weekday`)
    converted: dt.datetime | None = None

    @property
    def day(self) -> dt.date:
        return self.at.date()


def is_blank(value) -> bool:
    if type(value) is str:  # (most cells: told at once)
        return not value.strip()
    if value is None or value is pd.NaT or isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _excel_word(value: bool) -> str:
    """A yes/no cell as Excel shows it."""
    return "TRUE" if value else "FALSE"


def text(value) -> str:
    """A cell as text, stripped; blank cells give ''."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e16 else f"{value:g}"  # (past 1e16 a float's digits are noise)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != dt.time(0) else value.date().isoformat()
    return str(value).strip()


# A comma in a number: thousands grouping (1,234 or 1,234,567.5: a first group of 1-3 digits not starting with
# 0, then groups of three) or a decimal comma (85,5 or 0,875), dots then grouping thousands (1.500,5, 1.000.000).
# One comma or dot followed by three digits (87,125, 1.250) has both shapes.
_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_EITHER = re.compile(r"[-+]?[1-9]\d{0,2},\d{3}")
_COMMA = re.compile(r"[-+]?\d+,\d+")
_POINT = re.compile(r"[-+]?\d*\.\d+")
_DOT_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
DOT_EITHER = re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")
_SPACES_AND_MINUS = str.maketrans({"\u00a0": "", "\u202f": "", "\u2009": "", " ": "", "\u2212": "-"})


def _number_text(value) -> str:
    """A number's text without its spaces (a no-break or thin space groups thousands in some
    languages), the sign typed as the minus sign ``\u2212`` read as ``-``."""
    return str(value).strip().lstrip("'").translate(_SPACES_AND_MINUS)


def column_decimal_comma(values) -> bool | None:
    """Whether a column's texts write a decimal comma (True) or a decimal point (False), from the values only one
    way can read (``85,5``, ``0,875``, ``1.500,5``, ``1.000.000``; ``87.5``, ``1,234.5``, ``1,234,567``); None when
    none tells or they disagree.  :func:`number` reads ``87,125`` and ``1.250`` by it."""
    comma = point = False
    for v in values:
        if type(v) is not str or ("," not in v and "." not in v):
            continue
        s = _number_text(v).removesuffix("%")
        if _EITHER.fullmatch(s) or DOT_EITHER.fullmatch(s):
            continue
        if _GROUPED.fullmatch(s) or _POINT.fullmatch(s):
            point = True
        elif _COMMA.fullmatch(s) or _DOT_GROUPED.fullmatch(s):
            comma = True
    return comma if comma != point else None


def number(value, decimal_comma: bool | None = False) -> float | None:
    """A number from a numeric cell or text such as ``'-36``, ``1,234.5``, ``85,5``; blank gives None.

    ``0,875`` is always 0.875 (no thousands grouping starts with 0).  A single comma followed by three
    digits, ``87,125``, is read by ``decimal_comma``, the separator the rest of the column uses (see
    :func:`column_decimal_comma`): 87.125 when True, 87125 when False, unreadable when None (no other value
    tells: 87125 and 87.125 are both possible, and neither is counted on a guess).  When True, dots group
    thousands (``1.250`` is 1250, ``1.500,5`` 1500.5); else ``1.250`` is 1.25 (:func:`~.maxima.apply_max`)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise Unreadable(f"{_excel_word(value)} is a yes/no value, not a number")
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an int past a float's range
            raise Unreadable(f"{value} is a number too large to read") from None
    if isinstance(value, (dt.date, dt.time)):
        raise Unreadable(f"{text(value)!r} is a date, not a number (a number in a date-formatted cell shows as one)")
    s = _number_text(value)
    if decimal_comma and "." in s and _DOT_GROUPED.fullmatch(s):
        s = s.replace(".", "")
    if _EITHER.fullmatch(s) and decimal_comma is None:
        grouped, decimal = s.replace(",", ""), s.replace(",", ".")
        raise Unreadable(f"{text(value)!r} could be {grouped} (thousands) or {decimal} (decimal comma), and no "
                         "other value in the column tells which")
    if _GROUPED.fullmatch(s) and not (decimal_comma and _EITHER.fullmatch(s)):
        s = s.replace(",", "")
    elif _COMMA.fullmatch(s):
        s = s.replace(",", ".")
    try:
        out = float(s)
    except ValueError:
        raise Unreadable(f"{text(value)!r} is not a number") from None
    if math.isnan(out) or math.isinf(out):
        raise Unreadable(f"{text(value)!r} is not a number")
    return out


def whole_number(value, least: int | None = None) -> int | None:
    """A whole number (``least`` or more, when given)."""
    out = number(value)
    if out is not None and (not out.is_integer() or (least is not None and out < least)):
        raise Unreadable(f"{text(value)!r} is not a whole number"
                         + (f" of {least} or more" if least is not None else ""))
    return None if out is None else int(out)


def flag(value) -> bool | None:
    """yes/no cells: ``yes``, ``y``, ``true``, ``1`` are yes; blank is unknown."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    s = text(value).lower()
    if s in YES_WORDS:
        return True
    if s in NO_WORDS:
        return False
    raise Unreadable(f"{text(value)!r} is not yes or no")


def score(value, decimal_comma: bool | None = False) -> tuple[float | None, str]:
    """A raw score: (number, how it was read).  ``(None, 'not scored')`` for N/A and blanks.

    Words (Yes/Pass/Adhered = 100, No/Fail = 0; a graded scale's, Partial = 50, Meets: :class:`~.scorewords.Graded`),
    percent strings and points over their maximum in the cell (:mod:`~coachlog_xl.core.points`: ``4 of 5`` = 80; ``5
    of 4`` is unreadable) are already on 0-100; plain numbers are returned as written and put on the scale by the
    caller, which sees the whole column (domain.md, Exact rules: Scores); a labelled answer (``Yes (2)``) is read by
    :mod:`~.labelpoints`, unreadable here.  ``decimal_comma``: see :func:`number`."""
    if is_blank(value):
        return None, "not scored"
    if isinstance(value, bool):
        return (100.0 if value else 0.0), "yes/no"
    if isinstance(value, (int, float)):
        return number(value), "number"
    if (s := scorewords.points_of_label(str(value).strip())) is None:  # ("N/A (0)" is "": not scored)
        raise Unreadable(f"{str(value).strip()!r} {scorewords.LABEL_UNREAD}")
    low = s.lower().strip("'").strip()
    if (words := spelled(low)) in NOT_SCORED_WORDS:
        return None, "not scored"
    if words in SCORE_WORDS:
        return SCORE_WORDS[words], word_kind(words, s)
    if low in EXCEL_ERRORS:
        raise Unreadable(_error_value(s))
    if low.endswith("%"):
        return number(low[:-1], decimal_comma), "percent"
    given = points.in_cell(low, functools.partial(number, decimal_comma=decimal_comma))
    if given is not None:  # "8.5/10", "4 out of 5", "3 pts of 4", "★★★☆☆"
        if given.problem:
            raise Unreadable(f"{s!r} {given.problem}")
        return given.score, "not scored" if given.score is None else given.kind
    return number(s, decimal_comma), "number"


_error_value = "{} is an Excel error (its formula could not be computed), not a value".format
_NO_TIME = "writes a time zone or offset but no time (is the time missing?)"


# Defaults for the fields a text date leaves out, to tell which it left out: no export has a year 1,
# and a field that takes the second default's value where it took the first's was not written.
_FIRST_DEFAULT, _SECOND_DEFAULT = dt.datetime(1, 1, 1), dt.datetime(1, 2, 2)


def full_year(year: int) -> int:
    """A year as written, two digits read in a fixed century (00-69 are 20xx, 70-99 are 19xx)."""
    return year + (2000 if year < 70 else 1900) if year < 100 else year


class _FixedCentury(dateparser.parserinfo):
    """Two-digit years as :func:`_from_numeric_text` reads them (00-69 are 20xx, 70-99 are 19xx),
    not relative to the current year, so a file reads the same in any year."""

    def convertyear(self, year, century_specified=False):
        return year if century_specified else full_year(year)


PARSER = dateparser.parser(_FixedCentury())


def zone_offset(name: str | None, offset: int | None, converting: bool) -> dt.tzinfo | None:
    """The time zone of a parsed text (dateutil's ``tzinfos``): its offset, or a known abbreviation's.  An unknown
    abbreviation, or an offset no zone has (:data:`.zonetext.LARGEST_OFFSET`), is dropped like any offset when no zone
    is named (the time is read as written), and unreadable when the time must be converted into the named zone."""
    if offset is not None:
        if converting and abs(offset) > zonetext.LARGEST_OFFSET:
            raise Unreadable(f"is {abs(offset) / 3600:g} hours from UTC, and no time zone is more than 14")
        return tz.tzoffset(name, offset)
    if name is None:
        return None
    hours = ZONE_ABBREVIATIONS.get(name.upper())
    if hours is not None:
        return tz.tzoffset(name, hours * 3600)
    if converting:
        raise Unreadable(f"names the time zone {name!r}, which is not known; write its offset "
                         f"(such as -08:00) instead")
    return None


def _parse_text(s: str, zone: str | None, english: str | None = None, **options) -> dt.datetime:
    """A text date with dateutil: a year, a month and a day must be written (none is taken from
    today's date, so a file reads the same on any day); one it cannot read is read again with its month and
    weekday names of other languages in English (``english``, :func:`.monthnames.in_english`), named as written;
    a zone it ends in as :func:`.zonetext.in_date` writes it (``GMT-5`` is UTC-5, not dateutil's UTC+5)."""
    tzinfos = functools.partial(zone_offset, converting=zone is not None)
    if (written := zonetext.in_date(english or s, PARSER)) is None:
        raise Unreadable(f"{s!r} {_NO_TIME}")
    parse = functools.partial(PARSER.parse, written, tzinfos=tzinfos, **options)
    try:
        first = parse(default=_FIRST_DEFAULT)
        second = parse(default=_SECOND_DEFAULT) if first.month == 1 or first.day == 1 else first
    except Unreadable as exc:
        raise Unreadable(f"{s!r} {exc}") from None
    except (ValueError, OverflowError):
        if english is None and (english := monthnames.in_english(s)) is not None:
            return _parse_text(s, zone, english, **options)
        raise Unreadable(monthnames.not_a_date(s)) from None
    if first.year == _FIRST_DEFAULT.year:
        raise Unreadable(f"{s!r} has no year")
    if first.month != second.month or first.day != second.day:
        raise Unreadable(f"{s!r} has no {'month' if first.month != second.month else 'day'}")
    return first


# ISO 8601 as exports write it, fractions of a second, a Z or an offset up to 14 h (Python 3.11 reads them all)
_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-](?:(?:0\d|1[0-3]):?\d\d|14:?00))?)?")
# a date of four-digit year, month and day, at the text's start or after a word (Dienstag 2025-03-04), spaced too
_YEAR_FIRST = re.compile(r"(?<![\d/.\-])\d{4}(?:\s*[-/.]\s*|\s+)\d{1,2}(?:\s*[-/.]\s*|\s+)\d{1,2}(?!\d)")
# day, month and year (either way round) apart by a slash, dot or dash, spaced or doubled (10 / 03 / 2026,
# 10//03/2026), or by spaces alone (10 03 2026)
_NUMERIC_DATE = re.compile(r"^(\d{1,4})(?:\s*[/.\-]+\s*|\s+)(\d{1,2})(?:\s*[/.\-]+\s*|\s+)(\d{1,4})(?:[ T](.*))?$")
_DOTTED = re.compile(r"(?<![\d.])\d{1,2}\.\s*\d{1,2}\.\s*\d{2,4}(?![\d.]\d)")  # 04.03.2025, 4. 3. 25
YEARS = (1900, 2200)  # the years a date may fall in: a window's end must stay within pandas' (to 2262)


def moment(value, date_order: str = "month-first", zone: str | None = None) -> Moment | None:
    """A call or session time: a datetime, a date, a number (an Excel serial, ``20250304``, Unix time in
    seconds or milliseconds: :mod:`~coachlog_xl.core.datenumbers`) or text in the usual formats.

    A trailing ``Z``, offset (``GMT-5`` is UTC-5: :mod:`.zonetext`) or zone abbreviation is dropped, unless ``zone``
    names a time zone to convert into (domain.md, Exact rules: Moments); then an abbreviation must be one of
    :data:`ZONE_ABBREVIATIONS`.  Midnight as written means "date only".  A text without a year, month or day
    (``4-Mar``, ``March 2025``) is unreadable: nothing is filled in from today's date, and so is a
    date outside :data:`YEARS` (9999-12-31, a typo'd year).
    """
    m = _moment(value, date_order, zone)
    if m is not None and not YEARS[0] <= m.at.year <= YEARS[1]:
        raise Unreadable(f"{text(value)} is not a date from {YEARS[0]} to {YEARS[1]}")
    return m


def _moment(value, date_order: str, zone: str | None) -> Moment | None:
    if is_blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return _from_datetime(value, zone)
    if isinstance(value, dt.date):
        return Moment(dt.datetime(value.year, value.month, value.day), True)
    if isinstance(value, bool):
        raise Unreadable(f"{_excel_word(value)} is a yes/no value, not a date")
    if isinstance(value, (int, float)):
        return _from_serial(value, zone)
    s = str(value).strip().lstrip("'")
    if s.lower() in EXCEL_ERRORS or s.lower() == "#n/a":  # (a date has no N/A: a lookup that found nothing)
        raise Unreadable(_error_value(s))
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return _from_serial(float(s), zone)
    m = _NUMERIC_DATE.match(s)
    if m and len(m.group(1)) <= 2 and len(m.group(3)) in (2, 4):
        return _from_numeric_text(m, date_order, zone, s)
    year_first = bool(_YEAR_FIRST.search(s))
    if year_first and _ISO.fullmatch(s):
        # ISO 8601 is year-month-day in either date order; read without the general parser (exports repeat these a lot)
        try:
            return _from_datetime(dt.datetime.fromisoformat(s), zone)
        except ValueError:
            pass
    # A date written with a four-digit year first is year-month-day, after a weekday too (Monday 2025-03-04,
    # Dienstag 2025-03-04 10:30); the date order is for 03/04/2025, and a date
    # written with dots after a weekday or before a comma (Tue 04.03.2025, 04.03.2025, 10:00) is day-first
    dayfirst = (date_order == "day-first" or _DOTTED.search(s) is not None) and not year_first
    parsed = _parse_text(s, zone, dayfirst=dayfirst, yearfirst=year_first)
    read, said = _from_datetime(parsed, zone), monthnames.wrong_weekday(s, parsed.weekday())
    return read if said is None else dataclasses.replace(read, weekday=said)


def _from_numeric_text(m: re.Match, date_order: str, zone: str | None, s: str) -> Moment:
    a, b, year = int(m.group(1)), int(m.group(2)), full_year(int(m.group(3)))
    if s[len(m.group(1)):].lstrip()[0] == ".":  # 01.04.2025: the dotted dates of Europe are day-first everywhere
        date_order = "day-first"
    month, day = (b, a) if date_order == "day-first" else (a, b)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise Unreadable(f"{s!r} is not a date in {date_order} order") from None
    # (a zone it ends in as an offset, GMT-5, ...; a time without colons, 0900, written with them: see clock)
    if (rest := zonetext.in_date(clock.with_colons(m.group(4) or ""), PARSER, date.isoformat())) is None:
        raise Unreadable(f"{s!r} {_NO_TIME}")
    if rest and (bare := monthnames.time_alone(rest)) is not None:  # 04/03/2025 (Tuesday), ... 10:30 Uhr
        read = _from_numeric_text(_NUMERIC_DATE.match(f"{m[1]}/{m[2]}/{m[3]} {bare}".strip()), date_order, zone, s)
        said = monthnames.wrong_weekday(m.group(4), date.weekday())  # (its first or last word: 04/03/2025 Tue 10:30)
        return read if said is None else dataclasses.replace(read, weekday=said)
    if not rest:
        return Moment(dt.datetime(date.year, date.month, date.day), True)
    if (hms := clock.usual(rest)) is not None:  # (the usual times without the general parser: see clock)
        return _from_datetime(dt.datetime(date.year, date.month, date.day, *hms), zone)
    if clock.dotted_unread(rest):
        raise Unreadable(f"{s!r} has an unreadable time")
    tzinfos = functools.partial(zone_offset, converting=zone is not None)
    try:
        t = PARSER.parse(rest, default=_FIRST_DEFAULT, tzinfos=tzinfos)
        # a number that is no time is taken for a day or a year (``10``, ``1000``), the time lost: parsed again, a
        # day written stays (``1`` too), a weekday (``Tue``) moves each default to its own next such day
        if t.date() != _FIRST_DEFAULT.date() or t.time() == dt.time(0):
            u = PARSER.parse(rest, default=_SECOND_DEFAULT, tzinfos=tzinfos)
            if (t.year, t.month, u.year, u.month) != (1, 1, 1, 2) or t.day == u.day:
                raise ValueError(rest)
    except Unreadable as exc:
        raise Unreadable(f"{s!r} {exc}") from None
    except (ValueError, OverflowError):
        raise Unreadable(f"{s!r} has an unreadable time") from None
    return _from_datetime(t.replace(year=date.year, month=date.month, day=date.day), zone)


def _from_datetime(value: dt.datetime, zone: str | None) -> Moment:
    """A date-time, its zone dropped or converted into ``zone``; a midnight as written is a date alone
    (:class:`Moment`)."""
    value = value.replace(microsecond=0) if value.microsecond else value
    written, target = (value, None) if value.tzinfo is None else (value.replace(tzinfo=None), zone and tz.gettz(zone))
    moved = value.astimezone(target).replace(tzinfo=None) if target else None
    return Moment(written, True, converted=moved) if written.time() == dt.time(0) else Moment(moved or written, False)


def _from_serial(serial: float, zone: str | None = None) -> Moment:
    """A number: an Excel serial, yyyymmdd, or Unix time (in UTC, read as a ``Z`` is); see :mod:`.datenumbers`."""
    try:
        return _from_datetime(datenumbers.read(serial), zone)
    except datenumbers.NotADate as exc:
        raise Unreadable(f"{text(serial)} is not a date: {exc}") from None


def day(value, date_order: str = "month-first") -> dt.date | None:
    """A date cell (the time, if any, is dropped)."""
    m = moment(value, date_order)
    return None if m is None else m.day
