"""Scores read on a scale the tool only guesses: the baselines they may enter wait (docs/rules.md, "Scores").

A score is points earned over points possible, and a baseline is recorded once (domain.md), so a baseline recorded
from scores read on a guessed scale stays wrong for good.  Two readings are guesses:
- a column read as points out of 100 whose every score is 10 or below (``7.8``, an AI QA tool's 0-10 score, or
  ``3.67``, a 1-5 average): a 0-10 or 1-5 scale is likelier (:func:`low_points`);
- whole numbers read as a 1-5 (1-10) rating while the criterion, over all its pastes, has none above 4 (7)
  (:func:`short_ratings`): a 0-2, 0-3, 0-4, 1-3, 1-4 or 1-7 item (exports.md: binary, 3-, 4- and 5-point scales)
  may be what they are, however many there are (a team that seldom gives full marks gives none in 20 calls as often
  as not), and the wait ends by itself once a call gets the top.  Its 0s are 0 points meanwhile, not "not scored":
  a 0 means not scored only beside a scale from 1 (domain.md).
Such a column's rows are marked (``scale_doubt``): a session whose baseline one of them may enter waits
(:func:`held`), and the column's scale-unclear warning becomes an error, ``scale-holds-baseline``
(:func:`holding`), until the scale is told: Score scale on Settings, a header stating it (``Empathy (0-10)``,
``Score (1-4)``), or a maximum column.  A header, a maximum or Settings telling the scale, or another paste of the
criterion reaching the rating's top, is no guess: nothing waits then.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl.core.cellwaits import RECORDED
from coachlog_xl.core.checks import Code, Issues

SCALE = "scale"  # the first part of the key of a doubted column's rows (beside the grading-date exports' keys)
SHORT = {5: 4, 10: 7}  # the highest score of a 1-5 (1-10) rating read on a criterion that puts it in doubt
_SETTINGS = "set Score scale on Settings (e.g. 0-10, 1-5, 0-2, 1-4: it reads every paste and criterion on it)"
_HEADER = ("write the scale in the score's header (\"Score (0-2)\", \"Empathy (0-10)\": it reads every criterion of "
           "that paste on it)")
_MAXIMUM = "paste the export with its maximum column (each criterion's own)"
_NEXT = "; the next refresh reads the scores on it and records the baselines."


def tell(alone: bool) -> str:
    """How to tell a doubted column's scale; ``alone``: whether its criterion is the only one the Scores hold, so that
    Score scale on Settings, which reads every paste and criterion on it, is offered first."""
    if alone:
        return f"{_SETTINGS}, or {_HEADER}, or {_MAXIMUM}{_NEXT}"
    return (f"{_HEADER}, or {_MAXIMUM}; only if every paste and criterion has that scale, {_SETTINGS}{_NEXT}")


WAIT = "Until the scale is told, no baseline these scores may enter is recorded."  # (ends a doubted column's row)
IN_EXPORT = ("Read in this export alone, the baselines these scores may enter may wait until the scale is told (the "
             "refresh reads them beside the workbook's other pastes, which may tell it).")


def short_ratings(columns: list, found: dict, told: set) -> dict[str, float]:
    """The criteria whose whole numbers, over all their pastes (``columns``: (sheet, paste, criterion) -> rows,
    ``found``: the scale :func:`~.scales.detect` gives each), are none above :data:`SHORT` of the rating a paste of
    them is detected on (and none negative or a fraction), however few: criterion -> that rating's top.  A criterion
    one of whose pastes is read otherwise is left out, and so are those ``told``: a paste's header or its cells'
    maxima state their scale.  A paste too short to tell its scale, or of 0s and 1s alone (read as absent/present),
    leaves the doubt as it is: only its maximum counts (a 2 among them is below a 1-5 rating's top)."""
    tops: dict[str, set] = {}
    most: dict[str, float] = {}
    whole: dict[str, bool] = {}
    for key, grp in columns:
        crit, v = key[2], grp["score"].to_numpy(dtype=float)
        top, what = found[key]
        neutral = top is None or bool(((v == 0) | (v == 1)).all())  # (too short to tell, or 0s and 1s alone)
        tops.setdefault(crit, set()).add(None if neutral else top if what == f"a 1-{top:g} rating" else -1)
        if len(v):
            most[crit] = max(most.get(crit, -np.inf), float(np.nanmax(v)) if not np.isnan(v).all() else -np.inf)
        whole[crit] = whole.get(crit, True) and bool(((v >= 0) & (v == np.round(v))).all())
    out = {}
    for crit, seen in tops.items():
        if crit in told:
            continue
        rated = [t for t in seen if t in SHORT]
        if (len(rated) == 1 and seen <= {rated[0], None} and whole[crit]
                and most.get(crit, np.inf) <= SHORT[rated[0]]):
            out[crit] = rated[0]
    return out


def short_words(values: pd.Series, top: float, zeros: bool, alone: bool) -> tuple[str, str]:
    """The scale-unclear problem and fix of a column of whole numbers read as a 1-``top`` rating whose criterion
    never reaches above :data:`SHORT` of it (``zeros``: whether the column has 0s, then read as 0 points; ``alone``:
    see :func:`tell`)."""
    most = int(values.max())
    likely = f"a 0-{most}" + ("" if zeros else f" or 1-{most}") + f" scale, where {most} is full marks"
    likely = f"a 1-7 scale, or {likely}" if top == 10 and most < 7 else likely  # (a 1-7 item whose top no call got)
    zero = " Its 0s are counted as 0 points, not as \"not scored\"." if zeros else ""
    return (f"{len(values)} whole numbers read as a 1-{top:g} rating, and no number of the criterion in any paste is "
            f"above {most}: maybe {likely} (read as 1-{top:g}, {most} is only {most * 100 / top:g}).{zero} {WAIT}",
            f"Tell the scale: {tell(alone)}")


def low_points(values: pd.Series, alone: bool, points: bool = False) -> tuple[str, str]:
    """The scale-unclear problem and fix of a column read as points out of 100 whose scores are all 10 or below
    (``alone``: see :func:`tell`; ``points``: another paste of the criterion reads as points above 10, so these are
    most likely low points: a warning, no wait)."""
    v = values.to_numpy(dtype=float)
    if points:
        return (f"all {len(v)} scores are 10 or below, read as points out of 100 as the criterion's other pastes, "
                "whose scores go above 10.", "Nothing to do if these are low points; otherwise tell their scale: "
                f"{tell(alone)}")
    decimals = bool((v != np.round(v))[~np.isnan(v)].any())
    likely = "0-10 (an AI QA score such as 7.8) or 1-5 (an average such as 3.67)" if decimals else "0-10 or 1-5"
    return (f"all {len(v)} scores are 10 or below, read as points out of 100 (a 7.8 would be 7.8 %); more likely a "
            f"{likely} scale. {WAIT}",
            f"Tell the scale: {tell(alone)} If they really are points out of 100, set Score scale to 0-100 or write it "
            "in the header (\"Score (0-100)\").")


GUESSED = (100, 5, 10)  # the tops of the scales a guess reads scores on: points, a 1-5 or a 1-10 rating
RATIO_GAP = 0.005  # how far from the ratio of a guessed top to the told one two means may be
RECORD_AGAIN = ("If the scale read now is right, clear the session's Baseline mean, Baseline n and Baseline recorded "
                "on cells: the next refresh records the baseline on it (until then the delta compares two scales). "
                "If the scale told is wrong, correct Score scale on Settings.")


def mark(rows: pd.DataFrame, index: pd.Index) -> None:
    """Mark the rows ``index`` of ``rows`` as read on a scale in doubt (``scale_doubt`` 1)."""
    if "scale_doubt" not in rows:
        rows["scale_doubt"] = 0.0
    rows.loc[index, "scale_doubt"] = 1.0


def doubted_rows(rows: pd.DataFrame) -> dict[tuple, tuple[set, dict]]:
    """The Scores rows read on a scale in doubt, without an Exclude reason, by (:data:`SCALE`, sheet, criterion): the
    column whose scale-unclear row names them -> (the (rep, criterion) of those with no readable call day, and per
    (rep, criterion) their call days, sorted, each once): :meth:`~.baseline.Unplaced.of_days`.  Made per column of
    arrays, never a tuple per row (a doubted 200,000-row paste)."""
    if "scale_doubt" not in rows.columns:
        return {}
    mine = rows[(rows["scale_doubt"].to_numpy() == 1) & (rows["exclude"].to_numpy() == "")]
    out = {}
    for (sheet, crit), part in mine.groupby(["sheet", "criterion"], sort=False):
        reps, names = pd.factorize(part["rep"].to_numpy(dtype=object))
        day = pd.DatetimeIndex(pd.to_datetime(part["at"].to_numpy())).normalize().as_unit("ns").asi8
        dated = day != np.iinfo(np.int64).min  # (NaT: no readable call day)
        undated = {(names[r], crit) for r in np.unique(reps[~dated])}
        pairs = np.unique(np.stack([reps[dated], day[dated]]), axis=1)  # (sorted by rep, then day)
        dates = pairs[1].astype("datetime64[ns]").astype("datetime64[D]").astype(object)  # (datetime.date each)
        starts = np.flatnonzero(np.r_[True, np.diff(pairs[0]) != 0]) if pairs.size else np.array([], dtype=np.int64)
        days = {(names[pairs[0][a]], crit): dates[a:b].tolist()
                for a, b in zip(starts.tolist(), [*starts[1:].tolist(), pairs.shape[1]])}
        out[SCALE, sheet, crit] = (undated, days)
    return out


def held(s: dict) -> tuple:
    """The Checks row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session whose baseline
    waits for the scale of scores read on a guessed one."""
    return (Code.BASELINE_HELD, "Log", s["row"], "Baseline mean", None,
            f'{s["session_id"]}: the baseline is not recorded yet: scores of {s["rep"]} on this criterion that may be '
            "in it are read on a scale the tool only guesses (see the criterion's scale-holds-baseline row). A "
            "baseline recorded on a wrong scale would stay. It is shown as provisional.",
            f"Tell the scores' scale: {tell(False)}")


def said(issues: Issues, holders: set[tuple], sessions: list[dict], doubted: dict) -> None:
    """The doubted columns' rows once the sessions are settled: made errors where they hold a baseline
    (:func:`holding`), and named with the sessions recorded already (:func:`recorded_doubted`)."""
    holding(issues, holders)
    recorded_doubted(issues, sessions, doubted)


def holding(issues: Issues, holders: set[tuple]) -> None:
    """Each scale-unclear row of a column whose rows hold a session's baseline (``holders``: keys of
    :func:`doubted_rows`) made an error, ``scale-holds-baseline``."""
    doubted = {key[1:] for key in holders if key[0] == SCALE}  # (sheet, criterion)
    for i in [i for i in _doubts(issues) if i.code is Code.SCALE_UNCLEAR and (i.sheet, i.value) in doubted]:
        issues.replace(i, i._replace(code=Code.SCALE_HOLDS))


def _doubts(issues: Issues) -> list:
    """The Checks rows of the columns read on a scale in doubt (:func:`short_words`, :func:`low_points`), not the
    column's other scale-unclear rows."""
    return [i for i in issues if i.code in (Code.SCALE_UNCLEAR, Code.SCALE_HOLDS) and i.row is None
            and i.problem.endswith(WAIT)]


def in_export(issues: Issues) -> None:
    """The doubted columns' rows as an import says them: it reads the export alone, and the refresh reads it beside the
    workbook's other pastes, which may tell the scale (a paste reaching the rating's top), so a baseline may wait."""
    for issue in _doubts(issues):
        issues.replace(issue, issue._replace(problem=issue.problem[:-len(WAIT)].replace(
            "of the criterion in any paste", "of the criterion in this export") + IN_EXPORT))


def recorded_doubted(issues: Issues, sessions: list[dict], doubted: dict) -> None:
    """Each doubted column's row named with the sessions whose baseline was recorded already (an earlier refresh,
    before this release or before the column was doubted) though rows of the column (``doubted``: the keys of
    :func:`doubted_rows` -> their :class:`~.baseline.Unplaced`) may be in it: recorded on the guessed scale, it stays
    so until cleared."""
    for issue in _doubts(issues):
        rows = doubted.get((SCALE, issue.sheet, issue.value))
        kept = [s for s in sessions if rows is not None and s["stored_state"] == RECORDED and rows.within(
            s, None, s["day"].date() if s["timed"] else s["day"].date() - dt.timedelta(days=1))]
        if not kept:
            continue
        ids = ", ".join(f'{s["session_id"]} (Log row {s["row"]})' for s in kept[:5]) + (
            f" and {len(kept) - 5} more" if len(kept) > 5 else "")
        issues.replace(issue, issue._replace(
            problem=f"{issue.problem} The baseline of {ids} was recorded already, from scores of this column that "
                    "may be read on the guessed scale.",
            fix=f"{issue.fix} Once the scale is told, clear Baseline mean, Baseline n and Baseline recorded on in "
                "those Log rows if these scores are in their baseline: the next refresh records it on the scale told."))


def rescaled(mean: float, now: float, told: float | None) -> str:
    """Why a recorded baseline ``mean`` differs from the score data's ``now`` over as many calls when Score scale on
    Settings tells the scale (``told``: its top, else None) and ``now`` is ``mean`` times a guessed scale's top over
    it (4.19 recorded, 41.9 now with 0-10 set: 0-10 scores once read as points out of 100), else "": late scores
    alone, with no scale told, are no sign of it."""
    if not told or not mean or not now or mean == now:
        return ""
    for guessed in GUESSED:
        if guessed != told and abs(now / mean * told / guessed - 1) <= RATIO_GAP:
            ratio = f"{guessed / told:g}" if guessed % told == 0 else f"{guessed:g}/{told:g}"
            was = "points out of 100" if guessed == 100 else f"a 1-{guessed:g} rating"
            return (f"most likely as the scores are read on the Score scale set on Settings now, not as {was} as "
                    f"guessed when it was recorded (the data is the recorded mean x {ratio})")
    return ""
