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

Other exports head every column in the lower row, the call's own columns too, and put a band over them in the
upper row: blank, or a word over the call's columns (``Call details``), each criterion's name over its group::

    Call details |       |           | Acknowledges the concern |         | Verifies identity |
    Call ID      | Agent | Call Date | Score                    | Comment | Score             | Comment

read alike (:func:`banded_header`); a band over columns headed in full below (a scorecard's section name over
its criteria) is no criterion's, and their own headers are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import replace

from coachlog_xl.core import coerce, sidewords, wide
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.evaluators import OVERALL_PREFIXES
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.paste_checks import column_letter
from coachlog_xl.core.wide import KEYS, MAXIMUM_SUFFIXES, OVERALL, SCORE_HEADS

# the fields a criterion's group of columns may hold (its score, maximum, N/A flag, comment, moment)
GROUP_FIELDS = {"score", "max_score", "not_applicable", "quote", "call_moment"}
# the other words (header_key) heading a column of a criterion's group: its score, maximum, N/A flag, comment or
# side column (as :data:`~.wide.SIDE_COLUMN` names one after a criterion's name)
GROUP_WORDS = {*SCORE_HEADS, *MAXIMUM_SUFFIXES, *KEYS["not_applicable"], "comment", "comments", "note", "notes",
               "weight", "violation", "adherenceweight", "isfatalmetric"}
_CALL_ID = re.compile(r"\S*\d\S*")  # a data row's call id: one word holding a digit (M1, 10442, C-7)


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


def banded_headers(starts: list[int], rows: int, cells: Callable[[int], list],
                   header_map: dict[str, list[str]]) -> tuple[dict[int, list], dict[int, str], dict]:
    """Of the header rows ``starts`` (as :func:`two_row_headers`), each one under a band row (a row above it that
    is no header row) -> (the band row -> the header the two make, the band row -> why the two are not read
    as one header when which criterion a score column is cannot be told, the band row -> the columns under no
    criterion's band, side columns unless named by a criterion, :attr:`~.inputs.RawTable.side`, with the band's
    name over each lone one that may be a criterion's, :attr:`~.inputs.RawTable.bands`) (:func:`banded_header`)."""
    combined, refused, sides = {}, {}, {}
    for start in starts:
        if start - 1 >= -1 and start - 1 not in starts:
            head, side, bands = _banded(cells(start - 1), cells(start), header_map)
            if isinstance(head, list):
                combined[start - 1], sides[start - 1] = head, {"side": side, "bands": bands}
            elif head is not None:
                refused[start - 1] = head
    return combined, refused, sides


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


def header_over_two_rows(upper: list, lower: list, header_map: dict[str, list[str]]) -> bool:
    """Whether ``upper`` and the row below it are read as one header (:func:`two_row_header`,
    :func:`banded_header`)."""
    return two_row_header(upper, lower, header_map) is not None or isinstance(
        banded_header(upper, lower, header_map), list)


def say_refused(sheet: str, refused: dict[int, str], excel_row: Callable[[int], int], issues: Issues) -> None:
    """A note for each band row over a header row not read with it (``refused``, :func:`banded_headers`), beside
    the error the header row read alone gets (its score columns under one header, no criterion column)."""
    for at, why in refused.items():
        r = excel_row(at)
        issues.add(Code.LAYOUT_NOTE, sheet, r, "header", None,
                   f"{sheet}: rows {r} and {r + 1} are not read as one header: {why}.",
                   f"Put each criterion's name in row {r} over its own group of columns (one Score column in each), "
                   f"or delete row {r} and name each score column in row {r + 1} by its criterion.")


def banded_header(upper: list, lower: list, header_map: dict[str, list[str]]) -> list | str | None:
    """The one header a band row ``upper`` and the header row below it, ``lower``, make (see the module); None
    when ``upper`` names no criterion's group; why not, when a criterion's name stands over two score columns.

    A band's span: its cell in ``upper`` and the blank ones after it over the fields a criterion's group holds
    (:data:`GROUP_FIELDS`' headers, :data:`GROUP_WORDS`: ``Score``, ``Comment``, ``Max``, ``N/A``) or an overall
    score; any other header (``Handle time``, ``Evaluation ID``, a call's own field, ``Exclude``) or a column blank
    in both rows ends it.  A span
    whose ``lower`` cells hold a HeaderMap name of the score (``Score``, ``Rating``, ``Points``) and none of a
    call's own fields is a criterion's group: its score column takes the band's name, any other the band's name,
    `` - `` and its own header.  Any other span (``Call details`` over the call's columns, a section's name over
    its criteria, a title over the whole row) is read by ``lower``'s headers alone, as is a column under no band
    (a side column of the call's, ``Duration (sec)``, ``CSAT``: the bands say which columns are criteria, so a
    column under none, its header no criterion's name, is no criterion, :func:`~.wide.criterion_columns`);
    ``upper`` holds no field's header (it would be a header row) and neither row names a criterion column (a
    long export's groups are its evaluators': :func:`two_row_header`).

    No band row: ``upper`` holding a data row's cells (a date under the call's date, a call id under its id: a
    week's last row over the next week's header, or a row of scores over the score columns with the call's own
    cells beside them); a band's name reading as a score (``1.1``, ``25%``, ``Met``) is a band's name.
    A band never renames an overall score (:func:`~.wide.overall`): a ``Total score``, ``Grade``, ``Overall %``
    under any band (its span runs on over it) stays as it is, and so does ``Score`` under a band named as one
    (``Evaluation``, ``Overall``, ``Final``)."""
    return _banded(upper, lower, header_map)[0]


def _banded(upper: list, lower: list, header_map: dict[str, list[str]]) -> tuple[list | str | None, frozenset[int],
                                                                                dict[int, str]]:
    """:func:`banded_header`'s header, the columns it leaves under no criterion's band, and of those the lone column
    a band stands over headed by no score word (``Answer``, ``Pts``) -> the band's name: the criterion's column,
    where the Criteria sheet names the band (:func:`named_bands`)."""
    width = max(len(upper), len(lower))
    upper, lower = [*upper, *[None] * (width - len(upper))], [*lower, *[None] * (width - len(lower))]
    fields = {header_key(h) for hs in header_map.values() for h in hs}
    if any(not isinstance(v, (str, int, float)) or header_key(v) in fields for v in upper if not coerce.is_blank(v)) \
            or {header_key(h) for h in header_map.get("criterion", ())} & {header_key(v) for v in lower}:
        return None, frozenset(), {}
    scores = {header_key(h) for h in header_map.get("score", ())} | set(SCORE_HEADS)
    others = {header_key(h) for f, hs in header_map.items() if f not in GROUP_FIELDS for h in hs}
    grouped = {header_key(h) for f in GROUP_FIELDS for h in header_map.get(f, ())} | GROUP_WORDS
    if _data_row(upper, lower, scores, header_map):
        return None, frozenset(), {}
    spans: list[list[int]] = []
    for p in range(width):
        if not coerce.is_blank(upper[p]):
            spans.append([p])
        elif coerce.is_blank(lower[p]) or header_key(lower[p]) not in grouped and not wide.overall(lower[p]):
            spans.append([])  # (a column blank in both rows, or one no criterion's group holds, ends a band)
        elif spans and spans[-1]:
            spans[-1].append(p)
    out = [None if coerce.is_blank(v) else v for v in lower]
    out = [upper[p] if v is None else v for p, v in enumerate(out)]
    named: set[int] = set()
    bands: dict[int, str] = {}
    for span in filter(None, spans):
        keys = [header_key(lower[p]) for p in span]
        label = coerce.text(upper[span[0]])
        overall = header_key(label) in OVERALL or header_key(label) in OVERALL_PREFIXES
        kept = {p for p, k in zip(span, keys)  # (an overall score under the band: Total score, Grade)
                if lower[p] is not None and k not in SCORE_HEADS and wide.overall(lower[p])}
        scored = [p for p, k in zip(span, keys) if k in scores and p not in kept and not (k in OVERALL and overall)]
        lone = [p for p, k in zip(span, keys) if k not in grouped and p not in kept and not wide.overall(lower[p])
                and not sidewords.about_call(coerce.text(lower[p]))]
        if not scored and len(lone) == 1 and not overall and not any(k in others for k in keys):
            bands[lone[0]] = label  # (a criterion's band over its one column headed Answer, Pts: see named_bands)
        if not scored or any(k in others for k in keys):
            continue  # (a band over columns headed in full, or over an overall score: its name is no criterion's)
        if len(scored) > 1:
            return (f"\"{label}\" in the upper row stands over {len(scored)} score columns "
                    f"({', '.join(column_letter(p) for p in scored)}) of the row below: which is its score cannot "
                    "be told"), frozenset(), {}
        named |= set(span) - kept
        for p in set(span) - kept:
            out[p] = label if p in scored else None if lower[p] is None else f"{label} - {coerce.text(lower[p])}"
    return (out, frozenset(range(width)) - named, bands) if named else (None, frozenset(), {})


def named_bands(block: RawTable, known: Mapping[str, Container] | None) -> RawTable:
    """``block`` with each lone column under a band (:attr:`~.inputs.RawTable.bands`: ``Verifies identity`` over
    ``Answer``) whose name ``known``'s criteria (the Criteria sheet's names, IDs and other names) hold, and whose own
    header they do not, headed by the band's name and the scale its own header states (``Rating (1-5)``): that
    criterion's column, no side column."""
    known = (known or {}).get("criterion", ())
    named = {p: band for p, band in block.bands.items()
             if band in known and coerce.text(block.headers[p]) not in known}
    if not named:
        return block
    heads = [h if p not in named else named[p] + coerce.text(h)[len(wide.unscaled(coerce.text(h))):]  # (its scale)
             for p, h in enumerate(block.headers)]
    return replace(block, headers=heads,
                   side=block.side - set(named), bands={})


def _data_row(upper: list, lower: list, scores: set[str], header_map: dict[str, list[str]]) -> bool:
    """Whether ``upper`` holds a data row's cells over ``lower``'s headers: a date under the call's date column, a
    call id (one word with a digit) under the call's id column, or a score over each score column with a cell over
    each of the call's id, rep and date columns (a band row's cells there are blank but for one band's name: a
    band named ``1.1`` or ``25%`` is still a band)."""
    heads = {f: {header_key(h) for h in header_map.get(f, ())} for f in ("call_id", "call_at", "rep")}
    over = [coerce.text(up).strip() for up, head in zip(upper, lower)
            if not coerce.is_blank(up) and header_key(head) in scores]
    own = [up for up, head in zip(upper, lower) if any(header_key(head) in h for h in heads.values())]
    if over and all(map(_scored, over)) and own and not any(coerce.is_blank(up) for up in own):
        return True
    for up, head in zip(upper, lower):
        if coerce.is_blank(up) or coerce.is_blank(head):
            continue
        key, value = header_key(head), coerce.text(up).strip()
        if key in heads["call_at"] and _dated(value) or key in heads["call_id"] and _CALL_ID.fullmatch(value):
            return True
    return False


def _dated(value: str) -> bool:
    """Whether a cell reads as a call's date and time."""
    try:
        return coerce.moment(value) is not None
    except coerce.Unreadable:
        return False


def _scored(value) -> bool:
    """Whether a cell reads as a score (a number, a percent, a rating word), as a data row's do."""
    try:
        _, how = coerce.score(value)
    except coerce.Unreadable:
        return False
    return how != "not scored"
