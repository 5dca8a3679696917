"""A hand-made scorecard's row of points possible right under its wide header (``Max points | | | 30 | 40 | 30``): each
criterion column's maximum, its calls scored in points (25 of 30 is 83.3), read as points over a maximum column's are
(domain.md, "Exact rules: Scores").  Read on their own scale instead, 30-point and 40-point columns read as ratings that
put every score out of proportion, and a baseline recorded from them stays wrong for good.

A row is one only where it is soundly one (:func:`take`, :func:`decide`):

- it is the first row under the header, its first filled cell a label (``Weight``, ``Weighting``, ``Max``,
  ``Max points``, ``Points possible``, ``Out of``: :data:`LABELS`) in no criterion column, its call id, call date, rep
  cells blank (but the label's), the label no rep on the Reps sheet where it stands under the rep column (a rep named
  Max is a call's row), and its criterion cells numbers above 0 (or blank);
- over every row it stands for, no score of a column is above its number and each column scores its number in full on
  some row (full marks, which points possible show): a weighting of an overall score (30 / 40 / 30 % over 0-100
  scores; 100 / 50 / 50, whose 50-column never reaches 50) fails one or the other, and stays skipped with its note;
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
from coachlog_xl.core.inputs import ROW, RawTable
from coachlog_xl.core.trailers import WEIGHT_WORDS, header_words

# the first cell of a row of points possible (header_key); those the totals reader does not skip already are noted here
LABELS = WEIGHT_WORDS | {"max", "maximum", "possible", "maxpossible", "maximumpossible", "pointsavailable"}
_SKIPPED = "looks like a row of weights or points possible and was skipped."  # (the totals reader's note)
_NOT_FIELDS = ("call_id", "call_at", "graded_at", "rep")  # a row of points possible leaves these blank


@dataclass(frozen=True)
class WeightRow:
    """A row of points possible found under a block's header: its sheet, Excel row, label, and per criterion (as
    read in the wide frame) its number."""

    sheet: str
    row: int
    label: str
    tops: dict[str, float]


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
    if not header_words([label], LABELS)[0] or (filled[0] == cols.get("rep") and label.strip() in reps):
        return wide, None
    if any(cols.get(f) in first.index and cols[f] != filled[0] and not coerce.is_blank(first[cols[f]])
           for f in _NOT_FIELDS):
        return wide, None
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


def _number(value) -> float | None:
    """A cell's plain number (a score's reading), else None."""
    try:
        got, how = coerce.score(value)
    except coerce.Unreadable:
        return None
    return got if how == "number" else None


def decide(frame: pd.DataFrame, blocks: list[tuple[int, int, int, WeightRow | None]], issues: Issues) -> bool:
    """Give ``frame``'s rows the maxima of their export's rows of points possible where those hold (module
    docstring), each said in a note naming the row and the rows read over it; where they do not, each row is skipped
    with the note a row of weights has.  ``blocks``: per wide block, (its export's number, where its rows start in
    ``frame``, how many, its row of points possible or None).  Whether any maximum was given."""
    given = False
    for paste in dict.fromkeys(b[0] for b in blocks):
        own = [b for b in blocks if b[0] == paste]
        if not any(b[3] for b in own):
            continue
        served: dict[int, list[tuple[int, int]]] = {}  # a row of points possible (its index in own) -> the blocks
        for i, (_, start, n, _) in enumerate(own):
            above = [j for j in range(i, -1, -1) if own[j][3]]
            served.setdefault(above[0] if above else next(j for j in range(i, len(own)) if own[j][3]),
                              []).append((start, n))
        read = {j: _read_over(frame, own[j][3], spans) for j, spans in served.items()}
        if _hold(read, {j: own[j][3] for j in served}):
            for j, spans in served.items():
                given |= _apply(frame, own[j][3], spans, {c: at for c, (at, _) in read[j].items()}, issues)
        else:
            for j in served:
                if not header_words([own[j][3].label], WEIGHT_WORDS)[0]:  # (the others the totals reader notes)
                    w = own[j][3]
                    issues.add(Code.LAYOUT_NOTE, w.sheet, w.row, "row", None, f"{w.sheet} row {w.row} {_SKIPPED}",
                               "Nothing to do.")
    return given


def _read_over(frame: pd.DataFrame, found: WeightRow, spans: list[tuple[int, int]]) -> dict[str, tuple]:
    """Per criterion of ``found``, the positions in ``frame`` (of ``spans``) its number would be given to, those of its
    rows with no maximum of their own, and the distinct plain numbers scored there; a column without one (Yes / No)
    keeps its own reading and is left out."""
    at = np.concatenate([np.arange(s, s + n) for s, n in spans]) if spans else np.empty(0, dtype=int)
    crit = frame["criterion"].to_numpy(dtype=object)[at]
    open_ = frame["max_score"].isna().to_numpy()[at]
    scores = frame["score"].to_numpy(dtype=object)[at]
    out = {}
    for name in found.tops:
        mine = (crit == name) & open_
        numbers = {x for x in map(_number, set(scores[mine].tolist())) if x is not None}  # (each distinct cell once)
        if numbers:
            out[name] = (at[mine], numbers)
    return out


def _hold(read: dict[int, dict[str, tuple]], rows: dict[int, WeightRow]) -> bool:
    """Whether an export's rows of points possible are its columns' maxima: each gives one at least, no score a row
    stands for is above its column's number, and each column's number is scored in full on some row of the export
    that the same number stands for (a week pasted with the row again need not reach it by itself)."""
    if not all(read.values()):
        return False
    full: dict[tuple[str, float], bool] = {}
    for j, columns in read.items():
        for name, (_, numbers) in columns.items():
            top = rows[j].tops[name]
            if max(numbers) > top:
                return False
            full[name, top] = full.get((name, top), False) or top in numbers
    return all(full.values())


def _apply(frame: pd.DataFrame, found: WeightRow, spans: list[tuple[int, int]], read: dict[str, np.ndarray],
           issues: Issues) -> bool:
    """``found``'s numbers as the maxima of the rows ``read`` names, said in a note naming the row, each column's
    number and each block of rows read over it."""
    where = frame.columns.get_loc("max_score")
    for name, positions in read.items():
        frame.iloc[positions, where] = found.tops[name]
    rows, scores = frame["row"].to_numpy(), frame["score"].to_numpy(dtype=object)
    kept = [rows[s:s + n][[not coerce.is_blank(v) for v in scores[s:s + n].tolist()]] for s, n in spans]
    blocks = [(int(r.min()), int(r.max())) for r in kept if len(r)]  # (a blank row between pastes is none)
    shown = ", ".join(f"{name} {coerce.text(found.tops[name])}" for name in read)
    spanned = " and ".join(f"row {a}" if a == b else f"rows {a}-{b}" for a, b in blocks)
    note = Issue(Code.LAYOUT_NOTE, found.sheet, found.row, "max_score", found.label,
                   f"{found.sheet} row {found.row} ({found.label}) gives each criterion's points possible ({shown}): "
                 f"the scores in {spanned} are read as points out of them (no score is above its column's number, and "
                 "each column scores it in full on some call of this export).",
                 "Nothing to do if each number is its column's points possible; if the row is a weighting of an "
                 "overall score, delete it from the paste so that the scores are read on their own scale.")
    skipped = next((i for i in issues if i.code is Code.LAYOUT_NOTE and i.sheet == found.sheet and i.row == found.row
                    and i.problem.endswith(_SKIPPED)), None)
    if skipped is None:
        issues.adder()(note)
    else:  # the note that skipped the row says what it was read as instead
        issues.replace(skipped, note)
    return True
