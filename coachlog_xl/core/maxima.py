"""Points beside a maximum column: points / maximum x 100 (domain.md, "Exact rules: Scores").

Where the column gives a maximum on some row of a paste (an export under one header), every number
score of that paste is points of its row's maximum: one beside a blank maximum (``4`` of what?) cannot
be put on 0-100, nor can points above 0 beside a maximum of N/A (a dash, ``not applicable``: the item
is not applicable, yet points are given); both are unreadable, named in Checks and not counted, never
read as points out of 100.  0 points beside an N/A maximum, as 0 of 0 possible, is an item not
applicable, as some platforms write it: not scored.  A paste whose column gives no maximum on any row
(the platform leaves it empty, or writes N/A in it; the rows of a wide paste made long, which carry
none: :func:`~coachlog_xl.core.layout.to_long`) keeps its scores as read, and so does a row whose weight
:func:`~coachlog_xl.core.weights.own_scale` marks :data:`OWN_SCALE` (its criterion's scores are not points over it).  A
plain number beside a maximum that is no number of 0 or more (``fifty``, ``#DIV/0!``, ``-50``), or beside 0 possible
with points above 0, is unreadable too, and so is a score written ``1.250`` beside a maximum that 1250 fits as
well as 1.25 where neither column tells its decimal separator (:func:`_thousands_or_point`); a maximum ``2.000``
or ``2,000`` there is read as the points beside it allow (:func:`_dotted_maximum`).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, scorewords
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import holds_text, per_distinct, per_value
from coachlog_xl.core.scorecells import decimal_comma

_EITHER = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")  # (a maximum 2.000 or 2,000: 2 or 2000)
NOT_APPLICABLE = -1.0  # a maximum cell marked not applicable (N/A, a dash): no other cell reads as it


class _OwnScale:
    """The mark :func:`~coachlog_xl.core.weights.own_scale` puts in place of a weight that is not its row's points
    possible (its criterion never proves it, where others prove theirs): the score stays on its own scale."""

    def __repr__(self) -> str:
        return "OWN_SCALE"


OWN_SCALE = _OwnScale()
_OWN = -2.0  # (the mark read: no cell reads as it)


def apply_max(out: pd.DataFrame, maxima: pd.Series, issues: Issues, wide: bool = False,
              scores: pd.Series | None = None) -> None:
    """``out``'s plain-number scores over the maximum beside each (``maxima``, the column's cells; ``wide``:
    the rows of a paste with a column per criterion, each criterion's maximum in a column of its own;
    ``scores``: the score cells, whose decimal separator a maximum's text telling none is read by)."""
    comma = decimal_comma(maxima, scores)
    top = per_distinct(maxima, lambda values: [_maximum(v, comma) for v in values], float)
    score = pd.to_numeric(out["score"], errors="coerce").to_numpy(dtype=float, copy=True)
    numbers = (out["read_as"].to_numpy(dtype=object) == "number") & ~np.isnan(score)
    if comma is None and scores is not None and holds_text(maxima):
        unsure = _dotted_maximum(out, maxima, scores, top, score, numbers, issues)
        numbers &= ~unsure
        score[unsure] = np.nan
    if comma is None and scores is not None and holds_text(scores):
        unsure = _thousands_or_point(out, scores, top, numbers, issues)
        numbers &= ~unsure
        score[unsure] = np.nan
    given = ~np.isnan(top) & (top != NOT_APPLICABLE) & (top != _OWN)
    held = given  # the rows of a paste (of a wide paste's criterion) whose column gives a maximum on some row
    if given.any() and not given.all():
        paste = out["paste"].to_numpy()  # (each paste's number: that of its first header block, 0 up)
        if wide:  # a criterion without a maximum column beside one with it keeps its scores as read
            criterion = pd.factorize(out["criterion"].to_numpy(dtype=object), use_na_sentinel=False)[0]
            paste = pd.factorize(paste.astype(np.int64) * (int(criterion.max()) + 1) + criterion)[0]
        held = (np.bincount(paste[given], minlength=int(paste.max()) + 1) > 0)[paste]
    na = numbers & held & (top == NOT_APPLICABLE)
    use = numbers & given & (top > 0)
    none = numbers & (score == 0) & ((top == 0) | na)
    bad = numbers & (np.isinf(top) | ((top == 0) & (score != 0)) | (held & np.isnan(top)) | (na & (score != 0)))
    if bad.any():
        _unreadable(out["sheet"].to_numpy()[bad], out["row"].to_numpy()[bad], score[bad],
                    maxima.to_numpy(dtype=object)[bad], issues)
    score[none | bad] = np.nan
    score[use] = score[use] / top[use] * 100
    if (none | bad | use).any():
        out["score"] = score
        out.loc[none, "read_as"] = "not scored"
        out.loc[bad, "read_as"] = "unreadable"
        out.loc[use, "read_as"] = "points/max"


def _unreadable(sheets: np.ndarray, rows: np.ndarray, scores: np.ndarray, cells: np.ndarray, issues: Issues) -> None:
    """Checks' rows, one per score that the maximum cell beside it cannot put on 0-100 (the texts made once
    per distinct score and cell: a paste may have a million such rows)."""
    said: dict = {}
    for sheet, r, points, cell in zip(sheets.tolist(), rows.tolist(), scores.tolist(), cells.tolist()):
        key = (points, None if coerce.is_blank(cell) else cell)
        if key not in said:
            said[key] = _said(coerce.text(points), key[1])
        value, what, fix = said[key]
        issues.add(Code.UNREADABLE_SCORE, sheet, r, "score", value,
                   f"{sheet} row {r}: {what}, so the score cannot be put on 0-100.", fix)


def _said(points: str, cell) -> tuple[str, str, str]:
    """(the value, what is wrong, how to fix it) of a score ``points`` beside the maximum ``cell`` (None: blank)."""
    if cell is None:
        return points, (f"the maximum beside the score {points} is blank, while the maximum column gives the "
                        "points possible on other rows"), _TYPE_IT
    if _maximum(cell) == NOT_APPLICABLE:
        return coerce.text(cell), (f"the maximum {coerce.text(cell)!r} says the item is not applicable, yet the "
                                   f"score beside it gives {points} points"), _TYPE_IT
    if isinstance(cell, dt.date):
        return coerce.text(cell), (f"the maximum {coerce.text(cell)!r} beside the score {points} is a date, not a "
                                   "number of points possible: a maximum pasted into cells formatted as dates shows as "
                                   "one (5 as 1900-01-05)"), ("Format the maximum column as Number and paste the "
                                                              "export again, or type a reason in Exclude to leave the "
                                                              "row out.")
    return coerce.text(cell), (f"the maximum {coerce.text(cell)!r} beside the score {points} is no number of "
                               "points possible"), \
        "Correct the maximum, or type a reason in Exclude to leave the row out."


_TYPE_IT = "Type the maximum, or type a reason in Exclude to leave the row out."


def _thousands_or_point(out: pd.DataFrame, scores: pd.Series, top: np.ndarray, numbers: np.ndarray,
                        issues: Issues) -> np.ndarray:
    """The rows whose score is written with one dot and three digits (``1.250``, read 1.25 where neither the
    score nor the maximum column tells the decimal separator) beside a maximum that 1250 fits as well as
    1.25 (2000): which is meant cannot be told, so each is unreadable, named with both readings; beside a
    maximum below 1250 (or none) the decimal point is the only reading on the scale."""
    dotted = _dotted(scores, numbers)
    if dotted.any():
        texts, grouped = scores.to_numpy(dtype=object), np.full(len(scores), np.nan)
        dotted_at = np.flatnonzero(dotted)
        grouped[dotted_at] = [float(coerce.text(v).lstrip("'").replace(".", "")) for v in texts[dotted_at].tolist()]
        dotted &= np.isfinite(top) & (top > 0) & (grouped <= np.where(np.isfinite(top), top, 0))
    if not dotted.any():
        return dotted
    sheets, rows = out["sheet"].to_numpy(dtype=object), out["row"].to_numpy()
    for at in np.flatnonzero(dotted).tolist():
        written, point, of = coerce.text(texts[at]).lstrip("'"), out["score"].iloc[at], coerce.text(top[at])
        issues.add(Code.UNREADABLE_SCORE, sheets[at], int(rows[at]), "score", texts[at],
                   f"{sheets[at]} row {rows[at]}: the score {written!r} could be {grouped[at]:g} (a dot grouping "
                   f"thousands: {round(grouped[at] / top[at] * 100, 2):g} % of the maximum {of}) or {point:g} (a "
                   f"decimal point: {round(point / top[at] * 100, 2):g} %), and no other value in the score or maximum "
                   "column tells which.",
                   f"Type the score as {grouped[at]:g} or as {point:g}, or type a reason in Exclude to leave the "
                   "row out.")
    out.loc[dotted, "score"] = None
    out.loc[dotted, "read_as"] = "unreadable"
    return dotted


def _dotted(col: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` of ``col`` are texts written with one dot and three digits (``2.000``, ``1.250``)."""
    return rows & per_value(col, lambda v: type(v) is str and coerce.DOT_EITHER.fullmatch(
        coerce.text(v).lstrip("'")) is not None, bool)


def _either(value) -> bool:
    """Whether a cell is a text number with one dot or comma and three digits (``2.000``, ``2,000``): 2 or 2000."""
    return type(value) is str and _EITHER.fullmatch(coerce.text(value).lstrip("'")) is not None


def _dotted_maximum(out: pd.DataFrame, maxima: pd.Series, scores: pd.Series, top: np.ndarray, score: np.ndarray,
                    numbers: np.ndarray, issues: Issues) -> np.ndarray:
    """A maximum written with one dot or comma and three digits (``2.000``, ``2,000``) where neither column tells the
    decimal separator, read as the score beside it allows (``top`` set in place; the rows whose score cannot be read
    are returned).
    Beside a score written so too (``1.250``) either reading gives one share (1.25 of 2 and 1250 of 2000 are 62.5 %);
    beside points above the decimal reading (750 beside 2.000) only the thousands dot fits: 2000, on every row of that
    text (1 beside it as well: 1 of 2000); where no row of the column proves a thousands separator, the decimal
    reading is the only one on a scorecard (4, 3, 5 beside 5.000 would be at most 0.1 % of 5000); beside points above
    0 that fit both (3 of 5 or of 5000) in a column that proves another text (2.000) so, which is meant cannot be told:
    unreadable, named with both readings."""
    dotted = numbers & ~_dotted(scores, numbers) & per_value(maxima, _either, bool)
    dotted &= np.isfinite(top) & (top > 0) & (score != 0)
    if not dotted.any():
        return np.zeros(len(top), dtype=bool)
    grouped, above = np.where(dotted, top * 1000, np.nan), dotted & (score > top)
    written = maxima.to_numpy(dtype=object)
    above |= dotted & pd.Series(written).isin(set(written[above].tolist())).to_numpy()  # (proved once: every row)
    if not above.any():  # (points up to the decimal reading are under 0.1 % of the thousands one: 4 of 5000)
        return np.zeros(len(top), dtype=bool)
    unsure = dotted & ~above
    top[above] = grouped[above]
    sheets, rows = out["sheet"].to_numpy(dtype=object), out["row"].to_numpy()
    for at in np.flatnonzero(unsure).tolist():
        text, points = coerce.text(written[at]).lstrip("'"), score[at]
        issues.add(Code.UNREADABLE_SCORE, sheets[at], int(rows[at]), "score", coerce.text(points),
                   f"{sheets[at]} row {rows[at]}: the maximum {text!r} beside the score {points:g} could be "
                   f"{grouped[at]:g} (thousands grouped: {round(points / grouped[at] * 100, 2):g} %) or "
                   f"{top[at]:g} (a decimal separator: {round(points / top[at] * 100, 2):g} %), and no other value in "
                   "the score or maximum column tells which.",
                   f"Type the maximum as {grouped[at]:g} or as {top[at]:g}, or type a reason in Exclude to leave "
                   "the row out.")
    out.loc[unsure, "score"] = None
    out.loc[unsure, "read_as"] = "unreadable"
    return unsure


def _maximum(value, comma: bool | None = False) -> float:
    """A maximum column's cell as a number: NaN when blank, :data:`NOT_APPLICABLE` when marked N/A,
    infinity when it is no number of 0 or more (a maximum given that cannot be read); ``comma``: the
    column's decimal separator (:func:`coerce.number`)."""
    if value is OWN_SCALE:
        return _OWN
    if coerce.is_blank(value):
        return np.nan
    if scorewords.not_scored(coerce.text(value)):
        return NOT_APPLICABLE
    if comma is None and _either(value):
        return float(coerce.text(value).lstrip("'").replace(",", "."))  # (its decimal reading: 2,000 as 2.000)
    try:
        top = coerce.number(value, bool(comma))
    except coerce.Unreadable:
        return np.inf
    return np.inf if top is None or top < 0 else top
