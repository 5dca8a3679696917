"""A score's percent beside it: ``Score`` in points with ``Max Score`` and ``Score %`` (``66,7 %``), as a long export
writes each criterion's row.  ``Score %``, ``Score (%)`` and ``% Score`` share the score's header key, so they read as
a score header repeated once per evaluator (:func:`~.layout._long`): every row two evaluators' scores, 66.6667 and
66.7 where the percent is rounded, a conflict holding each call out.  The percent is the same score on 0-100, not an
evaluator's: one of the two is read (the points over the maximum where the paste has a maximum column, else the
percent), and a row where they disagree by more than the percent's rounding is a warning."""

from __future__ import annotations

import re

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.wording import count

_PERCENT = re.compile(r"%|\bper\s*cent(?:age)?\b|\bpct\b", re.I)
_DECIMALS = re.compile(r"[.,](\d+)\s*%?\s*$")
LEAST_TOLERANCE = 0.05  # points of percent a percent may differ from its points over the maximum (rounding)
SHOWN_ROWS = 20  # rows of disagreeing percents named one by one; the rest are counted


def _percent(header) -> bool:
    return isinstance(header, str) and _PERCENT.search(header) is not None


def _bare(header) -> str:
    """A header's key without its percent words (``Score %`` -> ``score``, ``Percentage`` -> empty)."""
    return header_key(_PERCENT.sub(" ", header)) if isinstance(header, str) else header_key(header)


def partner(headers: list, cols: dict[str, int]) -> int | None:
    """The column beside a long paste's score column that is the same score another way: its percent (``Score %``,
    ``Score (%)``, ``% Score``, ``Percent``, ``Percentage``) beside a score in points, or the points beside a score
    read from the percent; None when there is none (a score header repeated per evaluator has none)."""
    at = cols.get("score", -1)
    if at < 0 or "criterion" not in cols:
        return None
    own, key, taken = _percent(headers[at]), _bare(headers[at]), set(cols.values())
    for p, h in enumerate(headers):
        if p == at or p in taken or not isinstance(h, str) or _percent(h) == own:
            continue
        if _bare(h) == key or (not own and not _bare(h)):
            return p
    return None


def read_one(headers: list, cols: dict[str, int]) -> dict[str, int]:
    """The fields' columns with the score read from one of a score and its percent (:func:`partner`): the points
    where the paste has a maximum column (points / maximum), else the percent."""
    other = partner(headers, cols)
    if other is None:
        return cols
    points = other if _percent(headers[cols["score"]]) else cols["score"]
    return {**cols, "score": points if "max_score" in cols else (other if points == cols["score"] else cols["score"])}


def _decimals(value) -> int:
    """The decimals a percent is written with (``66,7 %``: 1; a number cell's as stored, ``0.67``: 2)."""
    if not isinstance(value, str) and float(value).is_integer():
        return 0  # (a whole number: written without decimals)
    text = value.strip() if isinstance(value, str) else repr(float(value))
    if "e" in text.lower():
        return 15  # (a number in exponent form: as exact as stored)
    m = _DECIMALS.search(text)
    return len(m.group(1)) if m else 0


def say_disagreeing(block: RawTable, data: pd.DataFrame, cols: dict[str, int], issues: Issues) -> None:
    """A warning per row (the first :data:`SHOWN_ROWS`, then a count) whose percent (:func:`partner`) differs from
    its points over the maximum by more than the percent's rounding: the larger of :data:`LEAST_TOLERANCE` and half
    the last decimal the percent is written with (``67 %``: 0.5).  Only where the points are read (a maximum column)."""
    other = partner(block.headers, cols)
    if other is None or cols.get("max_score", -1) < 0 or _percent(block.headers[cols["score"]]):
        return
    shown = coerce.text(block.headers[other])
    points, tops, percents = (data[cols["score"]], data[cols["max_score"]], data[other])
    comma = {c: coerce.column_decimal_comma(s.dropna().unique()) for c, s in (("p", points), ("t", tops),
                                                                              ("c", percents))}
    rows = []
    for given, top, pct, row in zip(points, tops, percents, data[ROW]):
        try:
            g, t = coerce.score(given, comma["p"])[0], coerce.number(top, comma["t"])
            c, kind = coerce.score(pct, comma["c"])
        except coerce.Unreadable:
            continue
        if g is None or c is None or not t:
            continue
        d = _decimals(pct)
        if kind != "percent" and 0 <= c <= 1 and g / t <= 1 and abs(c - g / t) <= abs(c - 100 * g / t):
            c, d = c * 100, max(d - 2, 0)  # (a fraction shown as a percentage: 0.667 is 66.7, one decimal)
        tolerance = max(LEAST_TOLERANCE, 0.5 * 10 ** -d) + 1e-9
        if abs(100 * g / t - c) > tolerance:
            rows.append((int(row), g, t, c))
    for row, g, t, c in rows[:SHOWN_ROWS]:
        issues.add(Code.PERCENT_DISAGREES, block.sheet, row, "score", f"{g:g} of {t:g}, {c:g}",
                   f"{block.sheet} row {row}: its score {g:g} of {t:g} is {round(100 * g / t, 4):g} on 0-100, but "
                   f"its {shown} says {c:g}; {round(100 * g / t, 4):g} (the points over the maximum) is read.",
                   f"Check the row in the QA tool; if {shown} is right, correct the points, or type a reason in "
                   "the row's Exclude cell to leave it out.")
    if len(rows) > SHOWN_ROWS:
        more = len(rows) - SHOWN_ROWS
        issues.add(Code.PERCENT_DISAGREES, block.sheet, None, "score", shown,
                   f"{block.sheet}: {count(more, 'more row')} whose {shown} differs from the points over the maximum "
                   f"beyond rounding (first at row {rows[SHOWN_ROWS][0]}); the points over the maximum are read.",
                   "Check those rows in the QA tool, as above.")


def beside_note(headers: list, cols: dict[str, int]) -> str:
    """For an import's preview of the score column: `` (Score % beside it: the same score on 0-100)``, else empty."""
    other = partner(headers, cols)
    return "" if other is None else f" ({coerce.text(headers[other])} beside it: the same score, one read)"

