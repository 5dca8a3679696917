"""A header over two rows: each criterion's name over the group of columns under it (a cell merged across
them in the export), the group's own headers in the row below (``Score``, ``Comment``, ``Max``).

A wide export saved from a spreadsheet often writes its criteria so::

    Call ID | Agent | Call Date | Acknowledges the concern |         | Verifies identity |
            |       |           | Score                    | Comment | Score             | Comment

(an .xlsx export's cells merged down over the two rows, ``Call ID``, read in both).  Read as one header
row, the criterion names stand over a row of words, and ``Score`` twice names no criterion.  Read together,
each group's score column is the criterion's (its header the name above it) and its other columns that
criterion's side columns (``Acknowledges the concern - Comment``), as a one-row wide export names them
(:mod:`.wide`).  Nothing in the paste's cells changes: the two rows are only read as one header.
"""

from __future__ import annotations

from collections.abc import Callable

from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.wide import SCORE_HEADS

# the fields a criterion's group of columns may hold (its score, maximum, N/A flag, comment, moment)
GROUP_FIELDS = {"score", "max_score", "not_applicable", "quote", "call_moment"}


def two_row_headers(starts: list[int], rows: int, cells: Callable[[int], list],
                    header_map: dict[str, list[str]]) -> dict[int, list]:
    """Of the header rows ``starts`` (indexes of a paste's rows, -1 its first row), each one with the row
    below it holding its groups' headers -> the one header the two make (:func:`two_row_header`);
    ``cells(i)``: row ``i``'s cells."""
    combined = {}
    for start in starts:
        if start + 1 < rows:
            head = two_row_header(cells(start), cells(start + 1), header_map)
            if head is not None:
                combined[start] = head
    return combined


def two_row_header(upper: list, lower: list, header_map: dict[str, list[str]]) -> list | None:
    """The one header ``upper`` and the row below it, ``lower``, make when ``lower`` holds the headers of
    groups of columns named in ``upper`` (see the module); None when it does not.

    A group: a name in ``upper``, not a HeaderMap name of a field, and the cells after it left blank there,
    with headers below each of them;
    ``lower`` holds such a group's headers when a group spans two columns or more, no cell of ``lower``
    under a group reads as a score (a row of scores is data, not headers), each of its cells outside the
    groups is blank or repeats the header above it (a merged cell; a data row holds the call's id, rep and
    date there), and one of them is a HeaderMap
    name of the score (``Score``, ``Rating``, ``Points``...), and neither row names a criterion column (a long export's
    groups are its evaluators').  Under a group, the score column takes the group's name;
    any other, the group's name, `` - `` and its own header."""
    width = max(len(upper), len(lower))
    upper, lower = [*upper, *[None] * (width - len(upper))], [*lower, *[None] * (width - len(lower))]
    # what a group's score column is headed by: the HeaderMap's names of the score, and the usual words
    scores = {header_key(h) for h in header_map.get("score", ())} | set(SCORE_HEADS)
    others = {header_key(h) for f, hs in header_map.items() if f not in GROUP_FIELDS for h in hs}
    fields = {header_key(h) for hs in header_map.values() for h in hs}
    label, groups, spans = None, {}, False
    for p in range(width):
        if not coerce.is_blank(upper[p]):  # (a field's header heads no group: an export's header under ours)
            label = None if header_key(upper[p]) in fields else coerce.text(upper[p])
        elif coerce.is_blank(lower[p]) or header_key(lower[p]) in others:
            label = None  # (a group ends at a column blank in both rows, or one of a call's own fields: Exclude)
        elif label is not None:
            spans = True
        if label is not None and not coerce.is_blank(lower[p]) and header_key(lower[p]) != header_key(label):
            groups[p] = label
    criterion = {header_key(h) for h in header_map.get("criterion", ())}
    if any(header_key(row[p]) in criterion for row in (upper, lower) for p in range(width) if p not in groups):
        return None  # a long export's: its groups are its evaluators' (a score repeated per evaluator), not criteria
    if not spans or not any(header_key(lower[p]) in scores for p in groups) \
            or any(not isinstance(lower[p], str) or _scored(lower[p]) for p in groups) \
            or any(not coerce.is_blank(upper[p]) and not coerce.is_blank(lower[p])
                   and header_key(lower[p]) != header_key(upper[p]) for p in range(width) if p not in groups):
        return None  # (a data row: a call's cells under the call's own headers, not blank or those headers)
    out = []
    for p in range(width):
        if p not in groups:
            out.append(lower[p] if coerce.is_blank(upper[p]) else upper[p])
        elif header_key(lower[p]) in scores:
            out.append(groups[p])
        else:
            out.append(f"{groups[p]} - {coerce.text(lower[p])}")
    return out


def _scored(value: str) -> bool:
    """Whether a cell reads as a score (a number, a percent, a rating word), as a data row's do."""
    try:
        _, how = coerce.score(value)
    except coerce.Unreadable:
        return False
    return how != "not scored"
