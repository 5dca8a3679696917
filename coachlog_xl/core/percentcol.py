"""A score's percent beside it: ``Score`` in points with ``Max Score`` and ``Score %`` (``66,7 %``), as a long export
writes each criterion's row. ``Score %``, ``Score (%)`` and ``% Score`` share the score's header key, so they read as
a score header repeated once per evaluator (:func:`~.longblock.long_rows`): every row two evaluators' scores, 66.6667
and 66.7 where the percent is rounded, a conflict holding each call out. The percent is the same score on 0-100, not
an evaluator's: row by row one of the two is read (the points over the maximum where the paste has a maximum column,
else the percent; where the percent is blank the score; an N/A in either is not scored), and a row where they
disagree by more than the percent's rounding is a warning. Only a percent header naming the score pairs (a bare
``Percentage`` is an evaluation's overall), and not one holding one value per evaluation."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks, per_value, typed_codes
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.wording import count

_PERCENT = re.compile(r"%|\bper\s*cent(?:age)?\b|\bpct\b", re.I)
_DECIMALS = re.compile(r"[.,](\d+)\s*%?\s*$")
LEAST_TOLERANCE = 0.05  # points of percent a percent may differ from its points over the maximum (rounding)
SHOWN_ROWS = 20  # rows of disagreeing percents named one by one; the rest are counted


def _percent(header) -> bool:
    return isinstance(header, str) and _PERCENT.search(header.replace("_", " ")) is not None


def _bare(header) -> str:
    """A header's key without its percent words (``Score %``, ``score_percent`` -> ``score``; ``Percentage`` ->
    empty)."""
    return header_key(_PERCENT.sub(" ", header.replace("_", " "))) if isinstance(header, str) else header_key(header)


def pairs(block: RawTable, cols: dict[str, int]) -> dict[int, int]:
    """A long paste's score columns with a percent beside each (score column -> its percent column): a percent
    header naming the score (``Score %``, ``Score (%)``, ``% Score``, ``Score percent``, ``score_percent``) pairs
    with the nearest score column before it (else after it), each once, so ``Score, Score %, Score, Score %`` is two
    evaluators.  A bare ``Percent``/``Percentage``/``Pct`` is an evaluation's overall, never a pair, and so is a
    percent holding one value per evaluation (:func:`_per_evaluation`)."""
    at = cols.get("score", -1)
    if at < 0 or "criterion" not in cols:
        return {}
    key = (id(block), tuple(sorted(cols.items())))  # (asked by several steps of one block's reading: made once)
    if (made := _MADE.get(key)) is not None and made[0] is block:
        return made[1]
    out = _pairs(block, cols, at)
    _MADE.clear()  # (the last block's only: none kept alive past its reading)
    _MADE[key] = (block, out)
    return out


_MADE: dict[tuple, tuple[RawTable, dict[int, int]]] = {}


def _pairs(block: RawTable, cols: dict[str, int], at: int) -> dict[int, int]:
    """:func:`pairs`, made."""
    key, taken = _bare(block.headers[at]), {p for f, p in cols.items() if f != "score"}
    named = [p for p, h in enumerate(block.headers) if p not in taken and isinstance(h, str) and _bare(h) == key]
    scores = [p for p in named if not _percent(block.headers[p])]
    out: dict[int, int] = {}
    for pct in (p for p in named if _percent(block.headers[p])):
        free = [s for s in scores if s not in out]
        before = [s for s in free if s < pct]
        if free and not _per_evaluation(block, cols, s := before[-1] if before else free[0], pct):
            out[s] = pct
    return out


def _per_evaluation(block: RawTable, cols: dict[str, int], score: int, pct: int) -> bool:
    """Whether a percent column holds one value per evaluation across its criterion rows (an overall ``Score %``
    on each row, or on its first row only): within each call (and evaluator) one value at most, while the scores
    vary and some row's percent is not its own score."""
    if "call_id" not in cols:
        return False
    data = block.data
    # (each distinct cell read once, the calls grouped by pandas: a 200,000-row export in a fraction of a second)
    keys = {f: per_value(data[cols[f]], coerce.text) for f in ("call_id", "evaluator") if f in cols}
    pcts, points = _values(data[pct]), _values(data[score])
    tops = _values(data[cols["max_score"]]) if "max_score" in cols else np.full(len(pcts), np.nan)
    groups = pd.DataFrame({"p": pcts, "s": points, **keys}).groupby(list(keys), sort=False)
    one = bool((groups["p"].nunique() <= 1).all())
    varied = bool(((groups.size() > 1) & (groups["s"].nunique() > 1)).any())
    own = np.where(np.isnan(tops) | (tops == 0), points, 100 * points / np.where(tops == 0, 1, tops))
    apart = bool(np.any(np.abs(pcts - own) > 0.5))  # (NaN on either side: no comparison)
    return one and varied and apart


def _values(col: pd.Series) -> np.ndarray:
    """Each cell's score (:func:`_value`, NaN where none), read once per distinct cell, ``TRUE`` told from ``1``
    (:func:`~coachlog_xl.core.distinct.typed_codes`: a yes/no reads as 100, a 1 as 1)."""
    return per_value(col, _value, float, typed_codes(col.to_numpy(dtype=object)))


def _value(cell) -> float | None:
    try:
        return coerce.score(cell)[0]
    except coerce.Unreadable:
        return None


def one_score(block: RawTable, data: pd.DataFrame, cols: dict[str, int], at: int, beside: dict[int, int]):
    """The cells read as the score of column ``at`` (a score column of :func:`pairs`, or its percent): row by row
    the percent where the paste has no maximum column or the score field names the percent (a HeaderMap line
    choosing ``Score %``), else the points; where the percent is blank and there is no maximum column, the score; an
    N/A in either is not scored, never a 0 from the other."""
    back = {p: s for s, p in beside.items()}
    if at not in beside and at not in back:
        return data[at].to_numpy()
    points, pct = (at, beside[at]) if at in beside else (back[at], at)
    bare = "max_score" not in cols
    first = bare or _percent(block.headers[cols["score"]])
    s, p = data[points].to_numpy(dtype=object), data[pct].to_numpy(dtype=object)
    # (each distinct cell tested once: an export repeats its scores and percents down a long column)
    na_s, na_p = per_value(data[points], _not_scored, bool), per_value(data[pct], _not_scored, bool)
    read = (~blanks(data[pct]) | (not bare)) if first else np.zeros(len(s), dtype=bool)  # (the percent's rows)
    return np.where(na_s, s, np.where(na_p, p, np.where(read, p, s)))


def _not_scored(cell) -> bool:
    """An N/A cell (not a blank one)."""
    if coerce.is_blank(cell):
        return False
    try:
        return coerce.score(cell)[0] is None
    except coerce.Unreadable:
        return False


def followed(block: RawTable, cols: dict[str, int], header_map: dict[str, list[str]]) -> dict[str, int]:
    """The fields' columns with the score a pair's percent (:func:`pairs`) where the HeaderMap line that names the
    score column is a percent (``Score %`` above ``Score``): ``Score %`` and ``Score`` share a header key, so the
    line finds the ``Score`` column first; the percent is then read (:func:`one_score`)."""
    keys = {header_key(h) for h in block.headers}
    line = next((x for x in header_map.get("score", ()) if header_key(x) in keys), None)
    at = cols.get("score", -1)
    if line is None or not _percent(line) or at < 0 or _percent(block.headers[at]):
        return cols
    pct = pairs(block, cols).get(at)
    return cols if pct is None else {**cols, "score": pct}


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
    """A warning per row (the first :data:`SHOWN_ROWS`, then a count) whose percent (:func:`pairs`) differs from
    its points over the maximum by more than the percent's rounding: the larger of :data:`LEAST_TOLERANCE` and half
    the last decimal the percent is written with (``67 %``: 0.5).  Only where the points are read (a maximum column)."""
    if cols.get("max_score", -1) < 0 or _percent(block.headers[cols["score"]]):
        return
    for at, other in pairs(block, cols).items():
        _disagreeing(block, data[at], data[cols["max_score"]], data[other], data[ROW], issues)


def _disagreeing(block: RawTable, points: pd.Series, tops: pd.Series, percents: pd.Series, numbers: pd.Series,
                 issues: Issues) -> None:
    shown = coerce.text(block.headers[percents.name])
    comma = {c: coerce.column_decimal_comma(s.dropna().unique()) for c, s in (("p", points), ("t", tops),
                                                                              ("c", percents))}
    rows = []
    for given, top, pct, row in zip(points, tops, percents, numbers):
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


def beside_note(block: RawTable, cols: dict[str, int]) -> str:
    """For an import's preview of the score column: `` (Score % beside it: the same score, one read)``, else empty."""
    at, beside = cols.get("score"), pairs(block, cols)
    shown = " and ".join(dict.fromkeys(coerce.text(block.headers[s if p == at else p]) for s, p in beside.items()))
    return f" ({shown} beside {'it' if len(beside) == 1 else 'each'}: the same score, one read)" if shown else ""

