"""A hand-made scorecard's row of points possible right under its wide header (``Max points | | | 30 | 40 | 30``): each
criterion column's maximum, its calls scored in points (25 of 30 is 83.3), read as points over a maximum column's are
(domain.md, "Exact rules: Scores").  Read on their own scale instead, 30-point and 40-point columns read as ratings that
put every score out of proportion, and a baseline recorded from them stays wrong for good.

A row is one only where it is soundly one (:func:`take`, :func:`decide`):

- it is the first row under the header, its first filled cell a label (``Weight``, ``Weighting``, ``Max``,
  ``Max points``, ``Points possible``, ``Out of``: :data:`LABELS`) in no criterion column, its call id, call date, rep
  cells blank (but the label's), the label no rep on the Reps sheet where it stands under the rep column (a rep named
  Max is a call's row, and so is a label the export's own rep column names on another call), no reason typed in its
  Exclude cell (the team's word that it is a weighting), and its criterion cells numbers above 0 (or blank);
- a column whose number is the top of the rating its scores are read on anyway (5 over 1-5 ratings, 10 over 1-10) does
  not tell whether the row is one: a row whose every column is such keeps their own readings, where a 0 is "not
  scored" (domain.md), not 0 of 5; a row read as maxima by its other columns is read so on every column (0 of 5 is 0,
  as 0 of 20 is), one row read one way;
- over every row it stands for, no score of a column is above its number and each column scores its number in full on
  some row (full marks, which points possible show): a weighting of an overall score (30 / 40 / 30 % over 0-100
  scores; 100 / 50 / 50, whose 50-column never reaches 50) fails one or the other, and stays skipped: with the note
  a row of weights has where a score is above its number, with a warning naming the columns where one never reaches
  it (a short week of points, read out of 100 instead, may need its maximum given another way);
- one export's blocks (its header again further down the sheet, a week pasted under the last) are read one way: a block
  without the row takes the one above it (else the first below), and the export's rows are read over them only when
  every such row of it holds, so that no block is left with blank maxima beside another's.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.convertednotes import FROM_ROW
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.scales import MIN_VALUES, RATING_TOPS
from coachlog_xl.core.trailers import WEIGHT_WORDS, header_words

# the first cell of a row of points possible (header_key); those the totals reader does not skip already are noted here
LABELS = WEIGHT_WORDS | {"max", "maximum", "possible", "maxpossible", "maximumpossible", "pointsavailable"}
_SKIPPED = "looks like a row of weights or points possible and was skipped."  # (the totals reader's note)
_NOT_FIELDS = ("call_id", "call_at", "graded_at", "rep", "exclude")  # a row of points possible leaves these blank


@dataclass(frozen=True)
class WeightRow:
    """A row of points possible found under a block's header: its sheet, Excel row, label, and per criterion (as
    read in the wide frame) its number."""

    sheet: str
    row: int
    label: str
    tops: dict[str, float]


def labelled(cells: list) -> bool:
    """Whether an export's row (its cells as the file gives them) is one of points possible by its cells alone: its
    first filled cell a label of :data:`LABELS`, each other one a number above 0 (the importer writes it again with
    the rows under it: the refresh reads them over it as the import's preview did)."""
    filled = [v for v in cells if not coerce.is_blank(v)]
    if len(filled) < 2 or not isinstance(filled[0], str) or not header_words([filled[0]], LABELS)[0]:
        return False
    return all((top := _number(v)) is not None and top > 0 for v in filled[1:])


def take(block: RawTable, cols: dict[str, int], wide: pd.DataFrame, columns: dict[str, tuple],
         reps: Container = ()) -> tuple[pd.DataFrame, WeightRow | None]:
    """``wide`` (the block's rows made one per call and criterion) without the block's row of points possible, and
    that row, when its first row under the header is one by its cells (module docstring); else as given and None.
    ``columns``: each criterion as read -> the header of its column (:func:`~.wide.criterion_rows`)."""
    if not len(block.data) or not columns:
        return wide, None
    first = block.data.iloc[0]
    at = {coerce.text(head): name for name, (head, *_) in columns.items()}
    criteria = {p: at[coerce.text(h)] for p, h in enumerate(block.headers) if coerce.text(h) in at and p in first}
    filled = [p for p in first.index if p != ROW and not coerce.is_blank(first[p])]
    if not filled or filled[0] in criteria or not isinstance(label := first[filled[0]], str):
        return wide, None
    if not header_words([label], LABELS)[0] or (filled[0] == cols.get("rep") and _a_rep(block, filled[0], label, reps)):
        return wide, None
    if any(cols.get(f) in first.index and cols[f] != filled[0] and not coerce.is_blank(first[cols[f]])
           for f in _NOT_FIELDS):
        return wide, None  # (a reason in its Exclude cell: the team keeps it out)
    tops = {}
    for p, name in criteria.items():
        top = _number(first[p])
        if top is None and not coerce.is_blank(first[p]):
            return wide, None  # a word or a date among the numbers: no row of points possible
        if top is not None:
            tops[name] = top
    if not tops or any(t <= 0 for t in tops.values()):
        return wide, None
    row = int(first[ROW])
    return wide[wide["row"].to_numpy() != row].reset_index(drop=True), WeightRow(block.sheet, row, label.strip(), tops)


def _a_rep(block: RawTable, at: int, label: str, reps: Container) -> bool:
    """Whether a label under the rep column is a rep's name: one on the Reps sheet, or one the export's rep column
    names on another row (another call by a rep called Max)."""
    if label.strip() in reps:
        return True
    below = block.data[at].to_numpy(dtype=object)[1:]
    return bool(np.any(below == label) or np.any(below == label.strip()))


def _number(value) -> float | None:
    """A cell's plain number (a score's reading), else None."""
    try:
        got, how = coerce.score(value)
    except coerce.Unreadable:
        return None
    return got if how == "number" else None


def decide(frame: pd.DataFrame, blocks: list[tuple[int, int, int, WeightRow | None]], issues: Issues) -> bool:
    """Give ``frame``'s rows the maxima of their export's rows of points possible where those hold (module
    docstring), each said in a note naming the row and the rows read over it (those rows marked in
    :data:`FROM_ROW`); where they do not, each row is skipped with a note, a warning where a column never reaches
    its number.  ``blocks``: per wide block, (its export's number, where its rows start in ``frame``, how many, its
    row of points possible or None).  Whether any maximum was given."""
    given, codes = False, None
    for paste in dict.fromkeys(b[0] for b in blocks):
        own = [b for b in blocks if b[0] == paste]
        if not any(b[3] for b in own):
            continue
        if codes is None:  # (the criteria as integers, from the column as it is: its texts are not made objects)
            codes = pd.factorize(frame["criterion"])
        served: dict[int, list[tuple[int, int]]] = {}  # a row of points possible (its index in own) -> the blocks
        for i, (_, start, n, _) in enumerate(own):
            above = [j for j in range(i, -1, -1) if own[j][3]]
            served.setdefault(above[0] if above else next(j for j in range(i, len(own)) if own[j][3]),
                              []).append((start, n))
        rows = {j: own[j][3] for j in served}
        read = {j: _read_over(frame, rows[j], spans, codes) for j, spans in served.items()}
        rated = {j: {c for c, (at, numbers, _) in columns.items() if _rated(rows[j].tops[c], numbers, len(at))}
                 for j, columns in read.items()}
        whole = read
        read = {j: {c: got for c, got in columns.items() if c not in rated[j]} for j, columns in read.items()}
        verdict = _hold(read, rows, rated)
        if verdict is None and any(read.values()):  # (read as maxima: every column's number its maximum, 0 of 5 is 0)
            read, rated = whole, {j: set() for j in whole}
        if verdict is None:
            for j, spans in served.items():
                given |= _apply(frame, rows[j], spans, read[j], rated[j], issues)
        else:
            for j in served:
                _skipped(rows[j], *verdict, issues, read[j])
    return given


def _read_over(frame: pd.DataFrame, found: WeightRow, spans: list[tuple[int, int]], codes: tuple) -> dict[str, tuple]:
    """Per criterion of ``found``, the positions in ``frame`` (of ``spans``) its number would be given to, those of its
    rows with no maximum of their own, the distinct plain numbers scored there and the positions holding one; a column
    without one (Yes / No) keeps its own reading and is left out.  ``codes``: the frame's criteria factorized."""
    at = np.concatenate([np.arange(s, s + n) for s, n in spans]) if spans else np.empty(0, dtype=int)
    crit = codes[0][at]
    open_ = frame["max_score"].isna().to_numpy()[at]
    scores = frame["score"].to_numpy(dtype=object)[at]
    known = {name: k for k, name in enumerate(codes[1])}
    out = {}
    for name in found.tops:
        mine = np.flatnonzero((crit == known.get(name, -2)) & open_)
        cells, distinct = pd.factorize(scores[mine])  # (each distinct cell read once; a blank is -1)
        read = [_number(v) for v in distinct]
        numbers = {x for x in read if x is not None}
        if numbers:
            numbered = np.array([x is not None for x in read] + [False], dtype=bool)[cells]
            out[name] = (at[mine], numbers, at[mine[numbered]])
    return out


def _rated(top: float, numbers: set[float], n: int) -> bool:
    """Whether a column's scores are read on a rating whose top is the row's number anyway (:func:`.scales.detect`:
    whole numbers up to it, enough of them): the row adds nothing, and its 0s stay "not scored", not 0 points."""
    return (top in RATING_TOPS and n >= MIN_VALUES[int(top)] and max(numbers) <= top and max(numbers) > 1
            and all(float(x).is_integer() and x >= 0 for x in numbers))


def _hold(read: dict[int, dict[str, tuple]], rows: dict[int, WeightRow],
          rated: dict[int, set[str]]) -> tuple[str, list[tuple[str, float]]] | None:
    """None when an export's rows of points possible are its columns' maxima: each gives one at least (or is its
    columns' rating top), no score a row stands for is above its column's number, and each column's number is scored
    in full on some row of the export that the same number stands for (a week pasted with the row again need not reach
    it by itself).  Else why not: ``("none", [])``, ``("above", [])`` or ``("short", [(column, its number), ...])``."""
    if not all(read[j] or rated[j] for j in read):
        return "none", []
    full: dict[tuple[str, float], bool] = {}
    for j, columns in read.items():
        for name, (_, numbers, _) in columns.items():
            top = rows[j].tops[name]
            if max(numbers) > top:
                return "above", []
            full[name, top] = full.get((name, top), False) or top in numbers
    short = [k for k, reached in full.items() if not reached]
    return ("short", short) if short else None


def _skipped(found: WeightRow, why: str, short: list[tuple[str, float]], issues: Issues,
             read: dict[str, tuple]) -> None:
    """The note of a row of points possible that is not read: the totals reader's (said here for a label it does not
    know), or a warning naming the columns that never score their number in full, its example a score of the first
    of them (``read``: per column, its scores' numbers, :func:`_read_over`), and Score scale offered only where one
    scale fits every column's number (all the same)."""
    old = _note_of(found, issues)
    mine = [(c, t) for c, t in short if found.tops.get(c) == t]
    if why != "short" or not mine:
        if old is None:
            issues.add(Code.LAYOUT_NOTE, found.sheet, found.row, "row", None,
                       f"{found.sheet} row {found.row} {_SKIPPED}", "Nothing to do.")
        return
    never = ", ".join(f"{c} never scores {coerce.text(t)}" for c, t in mine)
    column, top = mine[0]
    got, number = coerce.text(max(read[column][1])), coerce.text(top)
    # (a Score scale reads every column on one top: offered only where every column's number is the same)
    scale = f", or Score scale on Settings set to 0-{number}" if len(set(found.tops.values())) == 1 else ""
    note = Issue(Code.SCALE_UNCLEAR, found.sheet, found.row, "max_score", found.label,
                 f"{found.sheet} row {found.row} ({found.label}) looks like each criterion's points possible "
                 f"({_shown(found, found.tops)}), but no call of this export scores it in full ({never}), so the row "
                 "was skipped and the scores below it are read on their own scale, as if the row were not there (out "
                 f"of 100 where no rating fits: {got} is {got}, not {got} of {number}).",
                 "If the numbers are the columns' points possible, give the scores their maximum another way: a "
                 "column of each criterion's maximum in the export (named in the HeaderMap table on Settings, Field "
                 f"max_score if its header is another){scale}; if the row is a "
                 "weighting, type a reason in its Exclude cell.")
    _say(note, old, issues)


def _note_of(found: WeightRow, issues: Issues) -> Issue | None:
    """The totals reader's note skipping ``found``, if it gave one."""
    return next((i for i in issues if i.code is Code.LAYOUT_NOTE and i.sheet == found.sheet and i.row == found.row
                 and i.problem.endswith(_SKIPPED)), None)


def _say(note: Issue, old: Issue | None, issues: Issues) -> None:
    """``note`` in place of the totals reader's (it says what the row was read as instead), else added."""
    if old is None:
        issues.adder()(note)
    else:
        issues.replace(old, note)


def _shown(found: WeightRow, names) -> str:
    return ", ".join(f"{name} {coerce.text(found.tops[name])}" for name in names)


def _apply(frame: pd.DataFrame, found: WeightRow, spans: list[tuple[int, int]], read: dict[str, tuple],
           rated: set[str], issues: Issues) -> bool:
    """``found``'s numbers as the maxima of the rows ``read`` names, said in one note naming the row, each column's
    number, how the scores are read and each block of rows read over it (no other note says those points)."""
    where = frame.columns.get_loc("max_score")
    if FROM_ROW not in frame:
        frame[FROM_ROW] = False
    marked = frame.columns.get_loc(FROM_ROW)
    scored = np.zeros(len(frame), dtype=bool)
    for name, (positions, _, numbered) in read.items():
        frame.iloc[positions, where] = found.tops[name]
        frame.iloc[numbered, marked] = True
        scored[numbered] = True
    rows = frame["row"].to_numpy()
    kept = [rows[s:s + n][scored[s:s + n]] for s, n in spans]
    blocks = [(int(r.min()), int(r.max())) for r in kept if len(r)]  # (a blank row between pastes is none)
    spanned = " and ".join(f"row {a}" if a == b else f"rows {a}-{b}" for a, b in blocks)
    top = next(iter(read), None)
    each = "each" if len(rated) > 1 else "its"
    ratings = (f"{_shown(found, [c for c in found.tops if c in rated])}: the top of the rating {each} column's "
               "scores are read on, which they keep (a 0 there is not scored)") if rated else ""
    if top is None:  # (every column of it a rating's top)
        problem = f"{found.sheet} row {found.row} ({found.label}) gives {ratings}; the row itself is no call."
    else:
        example = f"{coerce.text(found.tops[top] / 2)} of {coerce.text(found.tops[top])} = 50"
        problem = (f"{found.sheet} row {found.row} ({found.label}) gives each criterion's points possible "
                   f"({_shown(found, read)}): the scores in {spanned or 'none of its rows'} are read as points out of "
                   f"them, converted to 0-100 as points / the row's number x 100 ({example}; no score is above its "
                   f"column's number, and each column scores it in full on some call of this export)"
                   + (f"; {ratings}." if ratings else "."))
    note = Issue(Code.LAYOUT_NOTE, found.sheet, found.row, "max_score", found.label, problem,
                 "Nothing to do if each number is its column's points possible; if the row is a weighting of an "
                 "overall score, type a reason in its Exclude cell so that the scores are read on their own scale "
                 "(the pasted cells stay as they are).")
    _say(note, _note_of(found, issues), issues)
    return top is not None
