"""The bodies of the worksheet functions: plain Python, the same rules as a refresh.

The Excel front end (``coachlog lite`` / ``coachlog excel``) wraps these in xlwings ``@func``s; here
they take and return plain values, so they are tested as plain calls.

- :func:`k_of_n`: domain.md, "Threshold" (at least K calls at or above the threshold score).
- :func:`window_mean` and :func:`delta`: one session run through :func:`~coachlog_xl.core.refresh.compute`
  on the given scores table, so the windows, scales, duplicates, calibration merges and conflicts are
  exactly those of a refresh.  The session gets its own Log row; the rep and the criterion are taken as
  the names the table uses.  The as-of date is the last day of the follow-up window, so the result
  never depends on today.

An omitted or blank number takes the product's default (N 10, timeframe 30 days, threshold 80, K 7).  A
number is read as on a Log row (:func:`~coachlog_xl.core.config.bounded`): a threshold of 0.8 or "80%" is 80,
one of 1 is 100 (a cell formatted 100 %); a threshold from 1 to 10 otherwise (a rating) or a number outside
its range is refused with a message, where a Log row's would give way to Settings unseen.
"""

from __future__ import annotations

import datetime as dt

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.core.config import LEAST_CALLS, bounded
from coachlog_xl.core.followup import NO, YES, reaches
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute

BEFORE, AFTER = "before", "after"


class FunctionInputError(ValueError):
    """An argument a worksheet function cannot use; the message says which and how to fix it."""


def k_of_n(scores, threshold=80, k=7) -> str:
    """``yes`` when at least ``k`` of the scores are at or above ``threshold``, else ``no``.

    Blank and N/A cells are not calls; ``Yes``/``Pass`` count as 100 and ``No``/``Fail`` as 0, as in
    the Scores sheet.
    """
    threshold, k = _threshold(threshold), _whole(k, "k", 7, "k_needed")
    values = []
    for cell in _flat(scores):
        try:
            value, _ = coerce.score(cell)
        except coerce.Unreadable as exc:
            raise FunctionInputError(f"scores: {exc}.") from None
        if value is not None:
            values.append(value)
    return YES if sum(1 for v in values if reaches(v, threshold)) >= k else NO


def window_mean(table, rep, criterion, date, side: str = BEFORE, n=10, days=30):
    """The mean score of the baseline (``before``) or follow-up (``after``) window of a session on
    ``date``, or None when the window has no calls."""
    side = coerce.text(_single(side, "side")).lower() or BEFORE
    if side not in (BEFORE, AFTER):
        raise FunctionInputError(f'side: {side!r} is neither "before" nor "after".')
    row = _one_session(table, rep, criterion, date, n, days, 80, 1)
    return row["baseline_mean"] if side == BEFORE else row["followup_mean"]


def delta(table, rep, criterion, date, n=10, days=30, threshold=80, k=7) -> list:
    """``[delta, threshold met]`` of a session on ``date``.

    The delta (follow-up mean - baseline mean) is None until the follow-up window has 5 calls;
    threshold met is ``yes`` once K follow-up calls reach the threshold, ``no`` once K cannot be
    reached, None while undecided (domain.md, "Exact rules: Before a window completes").
    """
    row = _one_session(table, rep, criterion, date, n, days, threshold, k)
    return [row["delta"], row["threshold_met"]]


def _one_session(table, rep, criterion, date, n, days, threshold, k) -> dict:
    rep, criterion = coerce.text(_single(rep, "rep")), coerce.text(_single(criterion, "criterion"))
    if not rep or not criterion:
        raise FunctionInputError("rep and criterion must not be blank.")
    try:
        moment = coerce.moment(_single(date, "date"))
    except coerce.Unreadable as exc:
        raise FunctionInputError(f"date: {exc}.") from None
    if moment is None:
        raise FunctionInputError("date: the session date is blank.")
    n, days = _whole(n, "n", 10), _whole(days, "days", 30, "timeframe_days")
    if n < LEAST_CALLS:  # as on the Log: the follow-up is never the first call alone (domain.md, S1 step 4)
        raise FunctionInputError(f"n: a window holds {LEAST_CALLS} calls or more (the follow-up is never the first "
                                 "call alone).")
    n = _in_range("window_n", "n", n)
    threshold, k = _threshold(threshold), _whole(k, "k", 7, "k_needed")
    scores = _scores_table(table)
    session = {
        "session_id": "F1", "rep": rep, "criterion": criterion, "session_date": moment.day,
        "session_time": None if moment.date_only else moment.at.time(),
        "window_n": n, "timeframe_days": days, "threshold": threshold, "k_needed": k,
    }
    inputs = RawInputs.from_records(
        criteria=[{"name": criterion}], reps=[{"rep": rep}], log=[session],
    )
    inputs.scores = [scores]
    as_of = moment.day + dt.timedelta(days=days)
    result = compute(inputs, as_of=as_of)
    checks = result.checks
    missing = checks[(checks["sheet"] == schema.SCORES.name) & (checks["code"] == Code.MISSING_COLUMN.value)]
    if not missing.empty:
        raise FunctionInputError(f"scores_table: {missing['problem'].iloc[0]}")
    followup = result.followup
    if followup.empty:
        raise FunctionInputError("the session could not be read; check rep, criterion and date.")
    return {key: _plain(value) for key, value in followup.iloc[0].to_dict().items()}


def _scores_table(table) -> RawTable:
    table = table if isinstance(table, (list, tuple)) else [[table]]
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in (table or [])]
    if len(rows) < 2:
        raise FunctionInputError(
            "scores_table: select the Scores table with its header row (e.g. Scores[#All])."
        )
    return RawTable.from_rows(schema.SCORES.name, rows[0], rows[1:])


def _single(value, name: str):
    """The value of a one-cell argument; a range of several cells is refused with its size."""
    if not isinstance(value, (list, tuple)):
        return value
    cells = _flat(value)
    if len(cells) == 1:
        return cells[0]
    rows = len(value) if all(isinstance(r, (list, tuple)) for r in value) else 1
    raise FunctionInputError(f"{name}: give one cell or value, not a range of {len(cells)} cells "
                             f"({rows} x {len(cells) // max(rows, 1)}).")


def _flat(cells) -> list:
    if not isinstance(cells, (list, tuple)):
        return [cells]
    return [v for c in cells for v in _flat(c)]


def _number(value, name: str, default: float) -> float:
    """A number argument; a blank cell or an omitted argument gives the default."""
    try:
        out = coerce.number(_single(value, name))
    except coerce.Unreadable as exc:
        raise FunctionInputError(f"{name}: {exc}.") from None
    return float(default) if out is None else out


def _whole(value, name: str, default: int, key: str | None = None) -> int:
    """A whole-number argument, within the range of the Log's ``key`` where given (:func:`_in_range`)."""
    out = _number(value, name, default)
    if not out.is_integer() or out < 1:
        raise FunctionInputError(f"{name}: {coerce.text(value)!r} is not a whole number of at least 1.")
    return int(out) if key is None else _in_range(key, name, int(out))


def _threshold(value) -> float:
    """The threshold argument read as a Log row's Threshold score (0.8 or "80%" is 80)."""
    return float(_in_range("threshold", "threshold", _single(value, "threshold"), 80))


def _in_range(key: str, name: str, value, default=None):
    """``value`` read as a Log row's ``key`` (:func:`~coachlog_xl.core.config.bounded`): the session the
    function makes is a Log row, whose unreadable number would give way to Settings without a word."""
    try:
        out = bounded(key, value)
    except coerce.Unreadable as exc:
        raise FunctionInputError(f"{name}: {exc}.") from None
    return default if out is None else out


def _plain(value):
    """NaN and other blanks as None, so a cell shows blank."""
    return None if coerce.is_blank(value) else value
