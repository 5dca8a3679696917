"""The Settings sheet read into one :class:`Config`.

Every value has the default of domain.md; a cell that cannot be read keeps the default and gets a
Checks row, so a typo in Settings never stops a refresh.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce, datenumbers, followupunits
from coachlog_xl.core.asof import AsOfFormula, AsOfText
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.dateorder import other_reading
from coachlog_xl.core.frames import records
from coachlog_xl.core.inputs import RawInputs, RawTable, by_schema, header_key, header_positions
from coachlog_xl.core.lonecells import comma_either
from coachlog_xl.core.paste_checks import column_letter

SETTINGS_SHEET = schema.SETTINGS.name
GIVEN_TWICE = "both give"  # (the words of a setting given on two rows: read, unlike a value that cannot be)

# key: (kind, lowest and highest allowed value), read-only: a score is 0-100; a window of days or hours fits between
# two dates (20260331 typed as days is not ten years); a window holds 2 calls or more (domain.md, S1 step 4)
LEAST_CALLS = 2  # the fewest calls a window holds (Settings, the Log and the worksheet functions)
ABSURD = 1000  # a score beyond this many points either way is no bonus or penalty but a misread number
NUMBER_RANGES = MappingProxyType({
    "window_n": ("int", LEAST_CALLS, 1000),
    "timeframe_days": ("int", 1, 3660),
    "threshold": ("num", 0, 100),
    "k_needed": ("int", 1, 1000),
    "checkin_n": ("int", 1, 1000),
    "type_tolerance": ("num", 0, 100),
    "escalate_after": ("int", 1, 1000),
    "late_log_hours": ("num", 0, 24 * 3660),
    "baseline_tolerance": ("num", 0, 100),
})
# settings in points out of 100 that a person may type as a percentage: 30 % is the cell value 0.3
_PERCENT_POINTS = ("threshold", "type_tolerance")


def bounded(key: str, raw):
    """A numeric setting (or a Log row's own N, timeframe, threshold, K) read from its cell; None for a blank; raises
    :class:`coerce.Unreadable` outside its range (:data:`NUMBER_RANGES`).  A threshold or call-type tolerance between
    0 and 1 is a percentage (a cell formatted 80 % holds 0.8): 0.8 is 80 points; so is either written as a percent in
    text, ``80%`` (as a cell formatted as text keeps it).  A threshold that is the number 1 is 100 (a cell formatted
    100 % holds 1); one from 1 to 10 otherwise is a value on a rating (4 of 5, 8 of 10) typed where scores are on
    0-100: unreadable, saying what it is on 0-100 on each rating it fits (4 of 5 is 80 and 4 of 10 is 40).
    A threshold written as "at or above" it, ``80+``, ``>= 80`` or ``≥80%``, or with its unit, ``85 Punkte``, is that
    threshold; a number of calls or days followed by its unit in English or the team's language
    (:mod:`~coachlog_xl.core.followupunits`), ``10 calls``, ``5 Tage``, is that number; followed by the other unit
    (``30 calls`` for days) it is unreadable, saying so.  The sign, percent or unit alone (``>=``, ``%``, ``calls``)
    is unreadable, never a blank; so is ``80,500`` (:func:`~.lonecells.comma_either`: 80500 or 80.5)."""
    kind, low, high = NUMBER_RANGES[key]
    text = raw.strip() if isinstance(raw, str) else None
    if text:  # "10 calls", "5 Tage", "85 Punkte", "80+": the number of the unit its label names
        try:
            text = followupunits.without_unit(key, text)
        except followupunits.OtherUnit as why:  # "30 calls" for days: the other unit
            raise coerce.Unreadable(f"{raw.strip()!r} {why}") from None
    percent = key in _PERCENT_POINTS and text is not None and text.endswith("%")
    if text is not None and raw.strip() and not (text[:-1] if percent else text).strip():
        raise coerce.Unreadable(f"{raw.strip()!r} is not a number")  # "%", ">=", "calls": no blank, no number
    if percent:
        value = coerce.number(comma_either(text[:-1]))
    else:
        read = comma_either(text) if text is not None else raw
        value = coerce.whole_number(read) if kind == "int" else coerce.number(read)
    if key in _PERCENT_POINTS and not percent and value is not None and 0 < value < 1:
        value = float(Fraction(repr(value)) * 100)  # 80 % typed in Excel is the number 0.8: 80 points
    elif key == "threshold" and not percent and value is not None and 1 <= value <= 10:
        if value == 1 and not isinstance(raw, str):
            return 100.0  # 100 % typed in Excel is the number 1
        raise coerce.Unreadable(f"{coerce.text(raw)} is a value on a rating, not a score on 0-100: "
                                f"{_on_ratings(value)}")
    if value is not None and not low <= value <= high:
        why = ": the follow-up is never the first call alone" if key == "window_n" and value < low else ""
        raise coerce.Unreadable(f"{coerce.text(raw)} is {'below' if value < low else 'above'} "
                                f"{low if value < low else high}{why}")
    return value


def _on_ratings(value: float) -> str:
    """A threshold typed on a rating said on 0-100 on each rating it fits, value / top x 100 as scores are put
    on 0-100: ``4 of 5 is 80 and 4 of 10 is 40 on 0-100``."""
    said = [f"{value:g} of {top} is {float(Fraction(repr(value)) * 100 / top):g}" for top in (5, 10) if value <= top]
    return " and ".join(said) + " on 0-100"


@dataclass
class Config:
    window_n: int = 10
    timeframe_days: int = 30
    threshold: float = 80
    k_needed: int = 7
    checkin_n: int = 5
    type_tolerance: Fraction = Fraction(30)
    escalate_after: int = 2
    as_of: dt.date | None = None
    as_of_formula: AsOfFormula | None = None  # the As-of date cell's formula, when it holds one
    as_of_text: AsOfText | None = None  # the As-of date cell's text, when it reads as two real dates
    as_of_number: tuple[int, object, object] | None = None  # its date number, row and date system, that unknown
    date_order: str = "month-first"
    order_unread: bool = False  # Date order on Settings cannot be read (core.orderwaits: text dates reading two ways)
    time_zone: str | None = None
    score_scale: str = "auto"
    late_log_hours: float = 24
    baseline_tolerance: float = 1
    backup: bool = True
    cache: bool = True
    word_lists: dict[str, list[str]] = field(default_factory=dict)
    header_map: dict[str, list[str]] = field(default_factory=dict)
    call_types: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)

    @property
    def dates(self) -> tuple[str, str | None]:
        """The date order and time zone call dates are read in."""
        return self.date_order, self.time_zone


def read_config(inputs: RawInputs, issues: Issues) -> Config:
    cfg = Config()
    _read_values(inputs.settings, cfg, issues)
    cfg.word_lists = _pairs(inputs.word_lists, schema.WORD_LISTS, schema.DEFAULT_WORD_LISTS, strip=False)
    cfg.header_map = _pairs(inputs.header_map, schema.HEADER_MAP, schema.DEFAULT_HEADER_MAP, strip=True)
    _unknown_fields(inputs.header_map, cfg.header_map, issues)
    _shared_headers(inputs.header_map, cfg.header_map, issues)
    cfg.call_types = _column(inputs.call_types, schema.CALL_TYPES, schema.DEFAULT_CALL_TYPES)
    cfg.methods = _column(inputs.methods, schema.METHODS, schema.DEFAULT_METHODS)
    cfg.supervisors = _column(inputs.supervisors, schema.SUPERVISORS, ())
    return cfg


def keeps_cache(inputs: RawInputs) -> bool:
    """Settings' "Keep a refresh cache", as :func:`read_config` reads it: from the Settings values alone,
    which set it, without the word lists and the header map, which take four fifths of
    :func:`read_config`'s time (a refresh asks before it reads the Scores, then reads the whole
    configuration as it computes)."""
    cfg = Config()
    _read_values(inputs.settings, cfg, Issues())
    return cfg.cache


def _read_values(table: RawTable, cfg: Config, issues: Issues) -> None:
    frame, _ = by_schema(table, schema.SETTINGS)
    wanted = {header_key(s.label): s for s in schema.SETTINGS_ITEMS}
    wanted.update({header_key(s.key): s for s in schema.SETTINGS_ITEMS})
    seen: set[str] = set()
    used: dict[str, tuple[int, object]] = {}  # setting -> the row and value it was given last
    formulas = {row: (col, text) for (row, col), text in table.formulas.items()}  # Value cells with a formula
    # the date order first, wherever its row is: the As-of date typed as text is read in it
    rows = sorted(records(frame),
                  key=lambda rec: getattr(wanted.get(header_key(rec["setting"])), "key", "") != "date_order")
    for rec in rows:
        item = wanted.get(header_key(rec["setting"]))
        if item is not None:
            seen.add(item.key)
        if item is None and not coerce.is_blank(rec["setting"]) and not coerce.is_blank(rec["value"]):
            issues.add(
                Code.BAD_SETTING, SETTINGS_SHEET, rec["_row"], coerce.text(rec["setting"]), rec["value"],
                f'Settings row {rec["_row"]}: "{coerce.text(rec["setting"])}" is not a setting, so its value is '
                "not used.", "Type the setting's name as the template has it (`coachlog new` makes a fresh one).")
        if item is not None and item.key == "as_of":  # (a date number: in the workbook's date system)
            if not isinstance(table.date1904, bool) and rec["_row"] not in formulas:  # (said if used: refresh)
                cfg.as_of_number = (rec["_row"], rec["value"], table.date1904)
            rec["value"] = datenumbers.in_1900(pd.Series([rec["value"]], dtype=object), table.date1904).iat[0]
        if item is not None and item.key == "as_of" and rec["_row"] in formulas:
            cfg.as_of_formula = _as_of_formula(rec["_row"], formulas[rec["_row"]], rec["value"], cfg)
            # (its value worked out for the refresh's today: core.asof; or none: a setting that cannot be read: refresh)
            if cfg.as_of_formula.workable or cfg.as_of_formula.uncalculated:
                continue
        if item is None or coerce.is_blank(rec["value"]):
            continue
        try:
            value = _value(item, rec["value"], cfg)
            if item.key == "score_scale" and _earlier_meaning(value, rec.get("help")):
                _earlier_scale(rec["_row"], rec["value"], issues)
            setattr(cfg, item.key, value)
            if item.key == "as_of" and (read := other_reading(rec["value"], value, cfg.date_order)) is not None:
                at = header_positions(table.headers).get(header_key(schema.SETTINGS.columns[1].header), 1)
                cfg.as_of_text = AsOfText(f"{column_letter(at)}{rec['_row']}", rec["_row"], rec["value"].strip(),
                                          value, *read)
            _given_twice(item, used.get(item.key), rec["_row"], value, rec["value"], issues)
            used[item.key] = (rec["_row"], value)
        except coerce.Unreadable as exc:
            issues.add(
                Code.BAD_SETTING, SETTINGS_SHEET, rec["_row"], item.label, rec["value"],
                f'Setting "{item.label}": {exc}; the default ({_shown(item)}) is used.',
                f"Type a value as described in the What it means column, or clear the cell to use {_shown(item)}.",
            )
    if seen:  # a Settings sheet with some of its rows: one deleted by mistake is named
        _missing_rows([s for s in schema.SETTINGS_ITEMS if s.key not in seen], issues)
    if cfg.k_needed > cfg.window_n:
        _k_above_n(cfg, used, issues)


# the Score scale row of the first template, whose default 0-100 meant what auto means now; since the template
# after it (6353a2d, still 0.1.0) a named 0-100 turns detection off, as every refresh since has read it
EARLIER_SCALE_HELP = "Scores are compared on 0-100; exports on other scales are converted to it."
CURRENT_SCALE_HELP = next(s.help for s in schema.SETTINGS_ITEMS if s.key == "score_scale")


def _earlier_meaning(value: str, help_text) -> bool:
    """Whether a Score scale of ``value`` beside ``help_text`` (its row's What it means) is the first template's
    default, which asked for what auto does now: each paste's scale detected and converted."""
    return named_scale(value) == (0.0, 100.0) and " ".join(coerce.text(help_text).split()) == EARLIER_SCALE_HELP


def _earlier_scale(row: int, raw, issues: Issues) -> None:
    """A warning for a Score scale of 0-100 beside the first template's meaning: read as typed (detection off),
    as every version since that template reads it, where the team may have meant the detection that text
    promises."""
    issues.add(Code.SCALE_EARLIER_MEANING, SETTINGS_SHEET, row, "Score scale", raw,
               f'Settings row {row}: Score scale "{coerce.text(raw)}" beside the first template\'s meaning '
               '("exports on other scales are converted to it"): since the template after it, 0-100 turns the '
               "detection of each paste's scale off, so a 1-5 or 1-10 rating is read as points of 100 (a 4 is 4, not "
               "80), as every refresh since has read it and recorded its baselines by; the first version converted.",
               "If every export scores 0-100, nothing changes: replace the What it means text beside it with the "
               f'current template\'s ("{CURRENT_SCALE_HELP}") to clear this row. If an export rates 1-5 or 1-10, '
               "first clear the Baseline mean, Baseline n and Baseline recorded on cells of every Log row whose "
               "baseline holds such ratings (recorded as points of 100, they would stay beside follow-ups where a 4 "
               "reads as 80), then type auto: each paste's scale is then detected and the next refresh records those "
               "baselines again.")


def _as_of_formula(row: int, found: tuple[int, str], raw, cfg: Config) -> AsOfFormula:
    """The As-of date cell's formula (``found``: its column, 1 = A, and text) with the value it was saved with."""
    try:
        saved = coerce.day(raw, cfg.date_order)
    except coerce.Unreadable:
        saved = None
    return AsOfFormula(row, f"{column_letter(found[0] - 1)}{row}", found[1], saved, coerce.is_blank(raw))


def _k_above_n(cfg: Config, used: dict[str, tuple[int, object]], issues: Issues) -> None:
    """A warning, once, for a K of N on Settings that can never be met (a window made shorter, and K left
    as it was): every session taking both from Settings is then unmet; a Log row giving its own K or N is
    named on its own row (:mod:`coachlog_xl.core.sessions`)."""
    key = "k_needed" if "k_needed" in used else "window_n"
    label = {s.key: s.label for s in schema.SETTINGS_ITEMS}
    k, n = label["k_needed"], label["window_n"]
    issues.add(Code.BAD_SETTING, SETTINGS_SHEET, used[key][0], label[key], used[key][1],
               f'Settings: "{k}" is {cfg.k_needed} and "{n}" {cfg.window_n}: {cfg.k_needed} calls at threshold can '
               f"never be reached with {cfg.window_n} calls to review, so no session taking them from Settings can "
               "meet its threshold.", f'Make "{k}" no larger than "{n}" (the defaults are 7 of 10).')


def _given_twice(item: schema.Setting, before: tuple[int, object] | None, row: int, value, raw, issues: Issues) -> None:
    """A warning for a setting given a value on an earlier row too, another one (a row renamed to the
    setting's name beside the template's own): the later row's is used."""
    if before is None or before[1] == value:
        return
    issues.add(Code.BAD_SETTING, SETTINGS_SHEET, row, item.label, raw,
               f'Settings rows {before[0]} and {row} {GIVEN_TWICE} "{item.label}"; row {row}\'s value '
               f"({coerce.text(raw)}) is used.", "Keep one of the two rows: delete the other, or clear its value.")


def _missing_rows(items: list[schema.Setting], issues: Issues) -> None:
    """An info row for each setting whose row is not on Settings (deleted, or a workbook made before the
    setting existed): its default is used, and nothing else would say so."""
    for item in items:
        issues.add(Code.SETTING_MISSING, SETTINGS_SHEET, None, item.label, None,
                   f'Settings has no "{item.label}" row, so its default ({_shown(item)}) is used.',
                   f'To set it, add a row with "{item.label}" in the Setting column and the value beside it '
                   "(`coachlog new` makes a fresh template to copy it from).")


def _shown(item: schema.Setting) -> str:
    """A setting's default as a message names it (no default: today's date, or the times as written)."""
    if item.default is not None:
        return str(item.default)
    return "today" if item.key == "as_of" else "none: times as written"


def _value(item: schema.Setting, raw, cfg: Config):
    key = item.key
    if key in NUMBER_RANGES:
        value = bounded(key, raw)
        return Fraction(str(value)) if key == "type_tolerance" else value
    if key in ("backup", "cache"):
        return bool(coerce.flag(raw))
    if key == "as_of":
        return coerce.day(raw, cfg.date_order)
    if key == "date_order":
        word = coerce.text(raw).lower().replace(" ", "-")
        if word not in ("month-first", "day-first"):
            raise coerce.Unreadable(f"{coerce.text(raw)!r} is neither month-first nor day-first")
        return word
    if key == "score_scale":
        text = coerce.text(raw)
        if text.lower() != "auto" and named_scale(text) is None:
            raise coerce.Unreadable(f"{text!r} is neither auto nor a scale such as 1-5 (its bottom below its top)")
        return text
    if key == "time_zone":
        from dateutil import tz

        name = coerce.text(raw)
        if tz.gettz(name) is None:
            raise coerce.Unreadable(f"{name!r} is not a time zone name")
        return name
    return coerce.text(raw)


def named_scale(setting: str) -> tuple[float, float] | None:
    """(bottom, top) of the scale a Score scale setting names (``1-5`` -> (1, 5); a dash of any length);
    None for auto, and for a text naming no scale, or one whose bottom is not below its top."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[-\u2013\u2014]\s*(\d+(?:\.\d+)?)\s*", setting or "")
    if m is None or float(m.group(1)) >= float(m.group(2)):
        return None
    return float(m.group(1)), float(m.group(2))


def _unknown_fields(table: RawTable | None, header_map: dict[str, list[str]], issues: Issues) -> None:
    """A Checks row for each field of the HeaderMap that no column is read as (a typo: ``scoore``)."""
    unknown = [fld for fld in header_map if fld not in schema.DEFAULT_HEADER_MAP]
    if not unknown:
        return
    frame, _ = by_schema(table, schema.HEADER_MAP)
    first = frame[schema.HEADER_MAP.keys[0]].map(lambda v: coerce.text(v).lower())
    for fld in unknown:
        row = int(frame.loc[first == fld, "_row"].iloc[0])
        issues.add(Code.BAD_SETTING, SETTINGS_SHEET, row, "HeaderMap field", fld,
                   f'Settings row {row}: the HeaderMap field "{fld}" is not one a column is read as, so its headers '
                   "are not used.", "Use one of the fields the template lists: " + ", ".join(schema.DEFAULT_HEADER_MAP)
                   + ".")


def _shared_headers(table: RawTable | None, header_map: dict[str, list[str]], issues: Issues) -> None:
    """A Checks row for each export header the HeaderMap lists for two fields: a column so named is
    read as the field that comes first only (``Date`` added to ``graded_at`` while ``call_at`` lists it)."""
    first_field: dict[str, str] = {}
    for fld, headers in header_map.items():  # the order the fields take columns in (map_headers)
        for header in headers:
            first_field.setdefault(header_key(header), fld)
    if len(first_field) == sum(len(h) for h in header_map.values()):
        return
    frame, _ = by_schema(table, schema.HEADER_MAP)
    listed = [(coerce.text(fld).lower(), coerce.text(header).strip(), int(row)) for fld, header, row in
              zip(frame[schema.HEADER_MAP.keys[0]], frame[schema.HEADER_MAP.keys[1]], frame["_row"])]
    for fld, header, row in listed:
        won = first_field.get(header_key(header), fld)
        if won != fld and not coerce.is_blank(header):
            # the winner's rows of the header, each as written (``Call date`` and ``call_date`` are one header)
            theirs = ", ".join(f'row {r}: "{h}"' for f, h, r in listed
                               if f == won and header_key(h) == header_key(header))
            issues.add(Code.BAD_SETTING, SETTINGS_SHEET, row, "HeaderMap header", header,
                       f'Settings row {row}: the export header "{header}" is listed for both "{won}" and '
                       f'"{fld}", so a column so named is read as {won} only.',
                       f'Keep the header on one field\'s row: delete it from "{fld}" (row {row}) or from "{won}" '
                       f"({theirs}).")


def _pairs(table: RawTable | None, sheet: schema.Sheet, default: dict, strip: bool) -> dict[str, list[str]]:
    if table is None:
        return {k: list(v) for k, v in default.items()}
    frame, missing = by_schema(table, sheet)
    if missing:
        return {k: list(v) for k, v in default.items()}
    first, second = sheet.keys
    out: dict[str, list[str]] = {}
    for a, b in zip(frame[first], frame[second]):
        if coerce.is_blank(a) or b is None or (isinstance(b, float) and b != b) or b == "":
            continue
        phrase = str(b).strip() if strip else str(b)
        out.setdefault(coerce.text(a).lower(), []).append(phrase)
    return out


def _column(table: RawTable | None, sheet: schema.Sheet, default) -> list[str]:
    if table is None:
        return list(default)
    frame, missing = by_schema(table, sheet)
    if missing:
        return list(default)
    return [coerce.text(v) for v in frame[sheet.keys[0]] if not coerce.is_blank(v)]
