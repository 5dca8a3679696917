"""Putting scores on 0-100 (a paste's date order is core/dateorder.py's).

domain.md, "Exact rules: Scores": a score becomes points earned over points possible x 100.  Words
and percent strings are converted when read (``coerce.score``); plain numbers are converted here,
per paste (a Scores sheet, or each header block of one: an export pasted under the last with its
own header; an export's tabs under one header are one, as the sheet its import makes of them is read)
and criterion, because the scale is a property of the whole column:
- Settings "Score scale" other than 0-100 (e.g. ``1-5``): every plain number is value / top x 100;
- otherwise ("auto"), detected from the values (a column of 0s alone is 0 on any scale: read as it is, no scale
  said, unless another paste rates the criterion, below): all within 0-1, or most of them between 0 and 1 and
  none above 1.5 (a bonus) -> fractions (x 100); at least five
  whole numbers up to 5 or 10 -> a 1-5 or 1-10 rating, and so when at least twenty scores, the strays
  among them, fit it but strays (two, or one in fifty: a bonus, a typo; :mod:`~.ratingstrays`), each of those kept
  and flagged by its row (an 11 among 1-10 ratings is 110, not the reason to read the column on another
  scale), a column read on a longer rating that mostly fits a shorter one named (:func:`_shorter`); at least twenty
  whole numbers from 1 to 50 and none above -> a 1-50 rating (value / top x 100); a column of too few values to tell (a
  short weekly paste) whose cells state their maximum (``4 out of 5``, ``5/5``: already read as points over it),
  all the same one, with every plain number from 0 to it -> points out of that maximum; else one whose
  whole numbers fit a rating another paste of the criterion was read on -> that rating;
  anything else is already 0-100.  Settings "0-100" turns detection off.
On a rating scale that starts at 1 (detected or named), a 0 means "not scored"; on 1-100, 0 points (said).
Each conversion is reported in Checks, and so are criteria of one paste read on different ratings;
values outside 0-100 are kept and flagged, never clipped, unless they are beyond 1000 points either way
(no bonus: a misread number such as 87,125), which are unreadable.
A column read as 0-100 that looks like something else is flagged (:func:`unclear`): every value 10 or
below (a short rating export, or half stars), or all but a stray (a short 1-10 column with an 11, or an 11
beside a -2, named by its row), or values between 0 and 1 beside values above 1 (a paste of fractions under
a paste of points)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import ABSURD, Config, named_scale
from coachlog_xl.core.distinct import kept_factors
from coachlog_xl.core.frames import records, unplaced_rows
from coachlog_xl.core.headerscale import (
    Said,
    far_under,
    fractions_under,
    misfit_under,
    rows_named,
    zeros_and_ones_under,
    zeros_as_points,
)
from coachlog_xl.core.mixedratings import mixed_ratings
from coachlog_xl.core.pastelabels import paste_labels
from coachlog_xl.core.pointscale import POINTS, zeros_as_scores
from coachlog_xl.core.rankedwords import ranked_apart
from coachlog_xl.core.ratingstrays import MOSTLY, NEAR_FIT_VALUES, allowed, by_row, cells_of, stray_count, strays
from coachlog_xl.core.scaledoubt import low_points, mark, short_ratings, short_words
from coachlog_xl.core.statedmax import stars_on_top, stated_maxima, stated_scale
from coachlog_xl.core.wording import count, score_outside

RATING_TOPS = (5, 10, 50)
BONUS_FRACTION = 1.5  # fractions of 1 may reach this with a bonus section (150 %)
MIN_VALUES = {5: 5, 10: 5, 50: 20}  # a 1-50 column looks like a low 0-100 one: it needs more evidence


def _numbers(values: pd.Series) -> np.ndarray | pd.Series:
    """A column's plain numbers as floats: as an array when none is NaN (a score read as a number never
    is), whose tests below give what the Series' give without their fixed cost per call (a paste's
    every criterion is tested); else as the Series, whose maximum skips a NaN."""
    v = values.to_numpy(dtype=float)
    return values.astype(float) if np.isnan(v).any() else v


def detect(values: pd.Series) -> tuple[float | None, str]:
    """(top of the scale, description) for one column's plain numbers; top None means already 0-100 (so for a
    column of 0s alone, which is 0 on any scale and says nothing of which)."""
    v = _numbers(values)
    if not len(v) or (v < 0).any() or not v.any():
        return None, ""
    most = v.max()
    if most <= 1 and (v < 1).any():
        return 1.0, "fractions of 1"
    if most <= BONUS_FRACTION and ((v > 0) & (v < 1)).sum() * 2 > len(v):
        return 1.0, "fractions of 1 (some above 1: a bonus)"  # 0.8, 0.95, 1.05: percent cells, one bonus
    if most <= 1:
        return 1.0, "0/1 (absent/present)"
    if not (v == v.round()).all():
        return None, ""
    for top in RATING_TOPS:
        if most <= top and len(v) >= MIN_VALUES[top] and most > 1:
            return float(top), f"a 1-{top} rating"
        if top < RATING_TOPS[-1] and (over := stray_count(v, top, NEAR_FIT_VALUES)):  # (not 1-50: a 0-100 column of low
            return float(top), f"a 1-{top} rating ({over} above {top}, flagged)"  # scores would fit it)
    return None, ""


def unclear(values: pd.Series, rows: pd.Series, sheets: pd.Series | None = None,
            alone: bool = True, points: bool = False) -> tuple[str, str, bool] | None:
    """(problem, fix, whether the doubt holds the baselines its scores may enter: :mod:`~.scaledoubt`) when a column
    read as points out of 100 looks like another scale, else None; ``sheets``: the sheet of each of ``rows``, to name
    with the row (a column over an export's tabs); ``alone``: whether the Scores hold no other criterion; ``points``:
    whether another paste of the criterion reads as points above 10 (then scores all 10 or below are low points)."""
    v = _numbers(values)
    if not len(v) or v.max() <= 1:
        return None
    if v.max() <= 10 and not (v < 0).any():  # (a 0.6 among 0-10 scores is one of them, not a fraction of 1)
        return (*low_points(values, alone, points), not points)
    fractions = np.asarray((v > 0) & (v < 1))  # beside points, whatever penalties (negative scores) are among them
    if fractions.any():
        on, row, _ = cells_of(fractions, values, rows, sheets)[0]
        first = f"{'' if sheets is None else f'{on} '}row {row}"
        return (f"{int(fractions.sum())} scores between 0 and 1 (first on {first}) "
                "stand beside scores above 1; all are read as points out of 100.",
                "If those rows are fractions (0.85 = 85 %), move them into a sheet of their own whose name starts with "
                "Scores, with the header above them (each sheet's scale is read apart; under the same header again, "
                "they are one paste with the rows above); else nothing to do.", False)
    # a short 1-10 column with an 11 (too few to read it as a rating), or one with an 11 and a penalty (-2)
    if (out := strays(v, 10, MIN_VALUES[10], allowed(len(v)))) is not None:
        fit, where = ("10 or below", "above it") if (v >= 0).all() else ("from 0 to 10", "outside it")
        return (f"all but {int(out.sum())} of the {len(v)} scores are {fit} ({where}: "
                f"{by_row(cells_of(out, values, rows, sheets), sheets)}); all are read as points out of 100.",
                "If they are ratings (e.g. 1-10), set Score scale on Settings (e.g. 1-10): a score above its top is "
                "then kept and flagged; else nothing to do.", False)
    return None


@dataclass
class Ratings:
    """The rating scales of two normalisations read apart that a refresh reads together (an export
    before its import, and the workbook's Scores sheets): :func:`put_on_scale` fills ``found``
    (criterion -> {top: the first paste read on it}) and, only when a column too short to tell its
    scale could take a rating, asks ``beside`` for the other's ``found``."""

    found: dict[str, dict[float, str]] = field(default_factory=dict)
    beside: Callable[[], dict[str, dict[float, str]]] | None = None


def put_on_scale(rows: pd.DataFrame, cfg: Config, issues: Issues, unplaced: set[tuple] | None = None,
                 seen: Ratings | None = None, together: dict[str, str] | None = None,
                 factors: dict | None = None, headed: dict | None = None,
                 as_of: dt.date | None = None) -> pd.DataFrame:
    """The rows' scores on 0-100 (see the module's rules), the rows not counted taken out; the (rep,
    criterion, day) of a score too far out to be one (and no Exclude reason) go to ``unplaced``;
    ``seen``: the ratings found, and those of other pastes (:class:`Ratings`); ``together``: an export's
    tabs, read apart so that each row is named by its tab (each tab's name -> the export's): their pastes
    are those of the one sheet their import writes them to, as a refresh will read it; ``factors``: columns'
    ``pandas.factorize`` (the criterion's as ``"criterion"``, :func:`~.names.resolve_names`), when made: made
    again, in place, of the rows kept; ``headed``: (sheet, paste) -> ((bottom, top), header) of a paste whose
    score header states its scale (``Score (1-10)``: :func:`~.qualifiers.scale`), read on it as on a Score scale
    setting, before Settings' own; (sheet, paste, criterion) -> the same of a wide paste's criterion column whose
    header states its scale (``Empathy (1-5)``); ``as_of``: a refresh's, after which no row is judged on."""
    headed = headed or {}
    numeric = rows["read_as"].to_numpy() == "number"  # (as an array: pandas compares objects 5x slower)
    named = named_scale(cfg.score_scale)
    rows["score"] = rows["score"].astype(float)
    ratings: dict[str, dict[str, float]] = {}  # per paste, the criteria read as ratings and their tops
    # (the sheet is read below only when tabs are read together: a one-sheet paste is not grouped by it)
    numbers = rows.loc[numeric, ["score", "row", "sheet"] if together else ["score", "row"]]
    sheets = (rows["sheet"].replace(together) if together else rows["sheet"]).to_numpy()
    graded, all_sheets = rows["read_as"].to_numpy() == "graded word", sheets
    pastes, criteria = rows["paste"].to_numpy(), rows["criterion"].to_numpy()
    stars_on_top(rows, sheets, numeric, issues, unplaced)  # (before the maxima stated: a column's stars shown)
    stated = stated_maxima(rows, sheets, numeric)
    of = slice(None) if numeric.all() else numeric  # (every score a number, the usual: the columns as they are)
    sheets, made = sheets[of], (factors or {}).get("criterion")
    columns = _columns(numbers, sheets, rows["paste"].to_numpy()[of], rows["criterion"].to_numpy()[of],
                       None if made is None else (made[0][of], made[1]))
    found = {key: (None, "") if named or key in headed or key[:2] in headed else detect(grp["score"])
             for key, grp in columns}
    label = paste_labels(rows, together or {}) if rows["paste"].to_numpy().any() else {(k[0], 0): k[0] for k in found}
    guessing = {} if named else short_ratings(columns, found, {k[2] for k in found if k in headed or k[:2] in headed
                                                               or stated.get(k) is not None})
    alone = len({k[2] for k in found}) < 2  # (one criterion: Settings' scale, read on every one, is offered first)
    pointed = {k[2] for k, grp in columns if found[k][0] is None and grp["score"].max() > 10 and k not in headed
               and k[:2] not in headed and stated.get(k) is None}  # (untold pastes read as points: see unclear)
    rated: dict[str, dict[float, str]] = {}  # per criterion, each rating scale and the first paste of it
    typed: dict = {}  # row -> how a score far outside 0-100 once on its header's scale is said (far_under)
    on_rating: dict[tuple, tuple[float, float]] = {}  # (sheet, paste, criterion) read on a rating from 1 -> its scale
    for (sheet, paste, crit), (top, _) in found.items():
        if top in RATING_TOPS:
            rated.setdefault(crit, {}).setdefault(top, label[sheet, paste])
    if seen is not None:
        seen.found = {crit: dict(tops) for crit, tops in rated.items()}
        if seen.beside is not None and any((found[k][0] is None or found[k][1].startswith("0/1"))
                                           and _fits(grp["score"], RATING_TOPS[-1]) for k, grp in columns):
            for crit, tops in seen.beside().items():
                for top, by in tops.items():
                    rated.setdefault(crit, {}).setdefault(top, by)
    if named and named[1] != 100:  # each number as its cell holds it, said of a score the scale takes outside 0-100
        rows["cell"] = rows["score"].where(numeric)
    for (sheet, paste, crit), grp in columns:
        where, tabs = label[sheet, paste], grp["sheet"] if together else None
        stated_by = headed.get((sheet, paste, crit), headed.get((sheet, paste)))
        naming = Said(where, crit, sheet, tabs, (sheet, paste, crit) in headed)
        fit = None if stated_by is None else misfit_under(grp, stated_by, naming, issues,
                                                          lambda v: (None, "") if named else detect(v))
        if fit is not None:  # (read as if none were stated, on the scale the numbers fit: not on Settings')
            stated_by, found[sheet, paste, crit] = None, fit
        by_header = stated_by is not None
        if by_header:
            (bottom, top), head = stated_by
            what = f'the scale {bottom:g}-{top:g} its header "{head}" states'
            read = fractions_under(grp, detect(grp["score"]), stated_by, naming, issues) if top > 1 else None
            if read is not None:
                (bottom, top), (what, fix), by_header = (0.0, 1.0), read, False
            else:
                zeros_and_ones_under(grp, stated_by, naming, issues)
                fix = f'Nothing to do if that is right; otherwise correct the scale in the header "{head}".'
        elif named and fit is None:
            (bottom, top), what = named, f"the Settings scale {cfg.score_scale}"
        else:
            top, what = found[sheet, paste, crit]
            if what in ("a 1-10 rating", "a 1-50 rating"):  # (1-5 ratings with a 6, 1-10 ones with some above 10)
                _shorter(grp, top, (sheet, tabs), (where, crit), issues)
            # too few values to tell (a short paste reads as points, or its 0s and 1s as absent/present)
            short = top is None or what.startswith("0/1")
            fits = [(t, by) for t, by in rated.get(crit, {}).items() if _fits(grp["score"], t)]
            if short and (over := stated_scale(stated.get((sheet, paste, crit)), grp["score"])) is not None:
                top, what = over
            elif short and fits:
                top, what = fits[0][0], f"a 1-{fits[0][0]:g} rating, as {fits[0][1]} rates it"
                if len(fits) > 1:
                    issues.add(Code.SCALE_UNCLEAR, sheet, None, "score", crit,
                               f'{where}, "{crit}": too few scores to tell their scale, and other pastes rate the '
                               f"criterion on different scales ({', '.join(f'1-{t:g} in {by}' for t, by in fits)}); "
                               f"read as 1-{fits[0][0]:g}.",
                               "Set Score scale on Settings if every paste has the same scale; else paste the rows "
                               "into the sheet of the export they came from.")
            bottom = 1.0 if top in RATING_TOPS and not what.startswith("points") else 0.0
            if bottom:
                ratings.setdefault(where, {})[crit] = top
        # (a column said not to fit its header's scale is said once: misfit_under names what it is read as)
        doubt = (unclear(grp["score"], grp["row"], tabs, alone, crit in pointed)
                 if top is None and not named and fit is None else None)
        if doubt is not None:
            issues.add(Code.SCALE_UNCLEAR, sheet, None, "score", crit, f'{where}, "{crit}": {doubt[0]}', doubt[1])
            if doubt[2]:
                mark(rows, grp.index)
        if guessed := stated_by is None and not named and bottom >= 1 and guessing.get(crit) == top:  # (.scaledoubt)
            mark(rows, grp.index)
            issues.add(Code.SCALE_UNCLEAR, sheet, None, "score", crit, f'{where}, "{crit}": ' + (
                said := short_words(grp["score"], top, bool((grp["score"] == 0).any()), alone))[0], said[1])
        if top == 100 and bottom >= 1:  # (a 0 is 0 points, said: a 1-100 scale is most often a 0-100 export's)
            zeros_as_points(grp, f'its header "{stated_by[1]}" states' if by_header else "set on Settings", naming,
                            issues)
        if top is None or top == 100:
            continue
        if bottom >= 1:  # (Meets, Partial among ratings from 1: not placed on them, .rankedwords)
            on_rating[sheet, paste, crit] = (bottom, top)
        points = headed.get((sheet, paste, crit, POINTS))  # (a quiz's points with no maximum: its 0 a score of 0)
        zero = (grp["score"] == 0) if bottom >= 1 and not guessed else pd.Series(False, index=grp.index)
        if points is not None and zero.any():
            what, zero = zeros_as_scores(what, points[1], int(zero.sum())), pd.Series(False, index=grp.index)
        if zero.any():  # (said on the first 0's row, with the rows of them all, as a row's problem is)
            rows.loc[grp.index[zero.to_numpy()], "score"] = float("nan")
            cells = cells_of(zero.to_numpy(), grp["score"], grp["row"], tabs, sheet)
            issues.add(
                Code.ZERO_NOT_SCORED, cells[0][0], cells[0][1], "score", crit,
                f'{where}, "{crit}": {count(len(cells), "zero")} on a {bottom:g}-{top:g} scale '
                f'({rows_named(cells, tabs)}), read as "not scored"; not counted.',
                f'Nothing to do if that is right; if 0 is a score, correct the scale in the header "{stated_by[1]}" '
                f"to 0-{top:g}." if by_header else "Nothing to do if that is right; otherwise set Score scale on "
                "Settings.")
        keep = grp.index[~zero.to_numpy()]
        rows.loc[keep, "score"] = rows.loc[keep, "score"] * (100.0 / top)
        if by_header:  # (a number far out once converted is said as typed, on the header's scale)
            typed.update(far_under(grp, (bottom, top), stated_by[1], ABSURD))  # and one outside it, said so:
            rows.loc[_outside(grp, bottom, top, sheet, tabs, issues, f'outside the scale {bottom:g}-{top:g} its header '
                              f'"{stated_by[1]}" states', "If the header's scale is wrong, correct it."),
                     "told"] = True
        elif not named and top in RATING_TOPS and (grp["score"] > top).any():  # a rating's few above its top (detect)
            rows.loc[_outside(grp, bottom, top, sheet, tabs, issues, f"above the 1-{top:g} rating the other "
                              f'{int((grp["score"] <= top).sum())} scores of "{crit}" in {where} are read on (not read '
                              "on another scale for it)",
                              f"If the column is not a 1-{top:g} rating, set Score scale on Settings."), "told"] = True
        if not guessed:  # (a guessed rating's reading is said by its scale-unclear row, with how to tell the scale)
            issues.add(Code.SCALE_CONVERTED, sheet, None, "score", crit,
                       f'{where}, "{crit}": scores read as {what}; converted to 0-100 as value / {top:g} x 100.',
                       fix if stated_by is not None else "Nothing to do if that is right; otherwise set Score scale on "
                       "Settings.")
    if graded.any():  # (Exceeds beside Meets, or Meets beside numbers, in one criterion: not placed, .rankedwords)
        ranked_apart(rows, graded, (all_sheets, pastes, criteria), label, on_rating, issues, unplaced, as_of)
    mixed_ratings(ratings, {label[k]: k[0] for k in label}, issues)
    del rows["paste"]
    absurd = rows["score"].abs() > ABSURD
    said = ["sheet", "row", "score", "cell"] if "cell" in rows else ["sheet", "row", "score"]
    for i, r in zip(rows.index[absurd], records(rows.loc[absurd, said])) if absurd.any() else ():
        cell, what, why, fix = typed[i] if i in typed else score_outside(
            r["score"], r.get("cell"), cfg.score_scale, "a decimal comma read as a thousands separator, as in 87,125?",
            "Correct the score (87.125), or type a reason in Exclude.")
        issues.add(Code.UNREADABLE_SCORE, r["sheet"], r["row"], "score", cell,
                   f'{r["sheet"]} row {r["row"]}: {what} is far outside 0-100 ({why}); it is not counted.', fix)
    if unplaced is not None and absurd.any():
        unplaced.update(unplaced_rows(rows[absurd & (rows["exclude"] == "")]))
    scored = rows["score"].notna() & ~absurd
    if not scored.all():
        rows = rows[scored].reset_index(drop=True)
        factors.update(kept_factors(factors, scored.to_numpy()) if factors else {})
    out_of_scale = (rows["score"] > 100) | (rows["score"] < 0)
    if "told" in rows:  # (a rating's scores above its top: said with the rating)
        out_of_scale &= ~rows.pop("told").eq(True)
    for r in records(rows.loc[out_of_scale, said]) if out_of_scale.any() else ():  # (none looked up in the usual case)
        cell, what, why, fix = score_outside(r["score"], r.get("cell"), cfg.score_scale, "bonus or penalty?",
                                             "Check the score; type a reason in Exclude if it should not count.")
        issues.add(Code.SCORE_OUT_OF_SCALE, r["sheet"], r["row"], "score", cell,
                   f'{r["sheet"]} row {r["row"]}: {what} is outside 0-100 ({why}); kept as it is.', fix)
    if "cell" in rows:
        del rows["cell"]
    return rows


def _outside(grp: pd.DataFrame, bottom: float, top: float, sheet: str, tabs: pd.Series | None, issues: Issues,
             said: str, fix: str) -> list:
    """A warning for each score of a column outside the scale it is read on (``said``: how the message names that
    scale; ``fix``: what to do if the scale is wrong), named by its row (``tabs``: each row's sheet, when the paste
    is over an export's tabs, else ``sheet``): kept as it converts (11 of 10: 110) and flagged, the column not read
    on another scale for it (domain.md, "Exact rules: Scores": values outside the scale are kept and flagged, never
    clipped); a 0 on a scale from 1 is not scored, and a score beyond :data:`~.config.ABSURD` unreadable, said apart.
    Returns the rows said (their index)."""
    cells = grp["score"]
    out = (((cells > top) | (cells < bottom)) & ~((cells == 0) & (bottom >= 1))).to_numpy()
    said_rows = []
    for i, (on, row, cell) in zip(grp.index[out].tolist(), cells_of(out, cells, grp["row"], tabs, sheet)):
        if abs(cell * 100 / top) > ABSURD:
            continue  # (no bonus: said unreadable with the others beyond it)
        issues.add(Code.SCORE_OUT_OF_SCALE, on, row, "score", cell,
                   f"{on} row {row}: score {cell:g} is {said}; kept as {cell * 100 / top:g} on 0-100 and flagged.",
                   f"Check the score (a bonus, or a typo?); type a reason in Exclude if it should not count. {fix}")
        said_rows.append(i)
    return said_rows


def _shorter(grp: pd.DataFrame, top: float, on: tuple, what: tuple[str, str], issues: Issues) -> None:
    """A scale-unclear warning, on the first row above it, when a column read as a 1-``top`` rating mostly fits
    a shorter one (:data:`~.ratingstrays.MOSTLY`): too short to tell (1-5 ratings with a 6), or with more scores
    above it than :data:`~.ratingstrays.STRAYS` (1-10 ratings with three above 10, read as 1-50: 8 as 16).
    ``on``: the paste's sheet and each row's tab (None but over an export's tabs); ``what``: how messages name
    the paste, and the criterion."""
    v = _numbers(grp["score"])
    for short in sorted((t for t in RATING_TOPS if t < top), reverse=True):
        if (out := strays(v, short, MIN_VALUES[short], max(allowed(len(v)), len(v) // MOSTLY))) is not None:
            cells = cells_of(out, grp["score"], grp["row"], on[1], on[0])
            issues.add(Code.SCALE_UNCLEAR, cells[0][0], cells[0][1], "score", what[1],
                       f'{what[0]}, "{what[1]}": all but {len(cells)} of the {len(v)} scores are {short} or below '
                       f"(above it: {by_row(cells, on[1])}); all are read as a 1-{top:g} rating.",
                       f"If they are 1-{short} ratings, set Score scale on Settings to 1-{short}: a score above its "
                       "top is then kept and flagged; else nothing to do.")
            return


def _columns(numbers: pd.DataFrame, sheets: np.ndarray, pastes: np.ndarray, criteria: np.ndarray,
             factors: tuple | None = None) -> list[tuple[tuple, pd.DataFrame]]:
    """The rows of each (sheet, paste, criterion) in their order, as ``groupby(sort=True)`` lists them,
    with the columns the scale is told from; the rows of one sheet (the usual) not grouped by it (a
    factorisation of a million texts spared), nor by the criteria when ``factors`` gives their codes
    and distinct names (texts: sorted as groupby sorts them)."""
    one = sheets[0] if len(sheets) else None
    if not isinstance(one, str) or not (sheets == one).all():
        return list(numbers.groupby([sheets, pastes, criteria], sort=True))
    if factors is None or not len(factors[1]) or set(map(type, factors[1])) != {str}:
        return [((one, *key), grp) for key, grp in numbers.groupby([pastes, criteria], sort=True)]
    by_name = np.argsort(factors[1])  # (distinct texts: no two equal)
    rank, names = np.empty(len(by_name), dtype=np.int64), factors[1][by_name].tolist()
    rank[by_name] = np.arange(len(by_name))
    numbered, paste = (pastes[:1], np.zeros(len(pastes), dtype=np.intp)) if pastes.min() == pastes.max() else \
        np.unique(pastes, return_inverse=True)  # (one paste, the usual: nothing sorted)
    key = paste.astype(np.int64).reshape(-1) * len(names) + rank[factors[0]]
    # one stable sort by (paste, criterion) as groupby's, by radix when the keys fit in 16 bits
    order = np.argsort(key.astype(np.uint16) if len(numbered) * len(names) <= 1 << 16 else key, kind="stable")
    key, numbered = key[order], numbered.tolist()
    starts = np.flatnonzero(np.diff(key, prepend=-1)).tolist()
    return [((one, numbered[k // len(names)], names[k % len(names)]), numbers.iloc[order[lo:hi]])
            for k, lo, hi in zip(key[starts].tolist(), starts, [*starts[1:], len(key)])]


def _fits(values: pd.Series, top: float) -> bool:
    """Whether a column too short to tell its scale could be a 1-``top`` rating: whole numbers from 0
    (not scored) to ``top`` (another paste of the criterion is rated so): so too a column of 0s alone, which says
    nothing of its scale, read on the rating of another paste of the criterion (its 0s not scored)."""
    v = values.astype(float)
    return bool(len(v) and (v >= 0).all() and v.max() <= top and (v == v.round()).all())
