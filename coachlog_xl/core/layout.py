"""Reading the layout of a pasted QA export: where its header is, long or wide, which column is what.

A paste may carry a title row above its header, a row of units under it, a second header block from a second paste, a
totals row, duplicated score headers (one per evaluator), separate date and time columns, and either layout:
- **long**: one row per call x criterion, with a criterion and a score column;
- **wide**: one row per call, one column per criterion (side columns such as ``<metric> - Violation``
  and overall-score columns are not criteria), or a list of scores flattened into indexed columns
  (``scores[0].criterion``, ``scores[0].value``...): :mod:`.wide`.
:func:`to_long` turns any of them into one long table of raw cells with the sheet row of each (totals
rows and report footers left out: :mod:`.trailers`).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from functools import cache, partial

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, fieldnames, weightrow
from coachlog_xl.core.blocks import block_rows
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import is_empty, per_distinct_table
from coachlog_xl.core.evaluators import named_scores, per_named_evaluator
from coachlog_xl.core.flatlist import item_rows, items
from coachlog_xl.core.formtime import form_own_times
from coachlog_xl.core.genericscore import say_generic
from coachlog_xl.core.gradingdate import clock_apart, dated_by, dated_clock, dated_clock_said, two_call_dates
from coachlog_xl.core.grouped import banded_headers, named_bands, say_refused, two_row_headers
from coachlog_xl.core.grouplabels import labelled
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.longblock import FIELDS, base_rows, long_rows
from coachlog_xl.core.overallmax import said_overall, without_overall
from coachlog_xl.core.overallscore import beside_criteria, overall_score
from coachlog_xl.core.paste_checks import all_blank, hits, not_scores, other_scores, same_header, title_rows
from coachlog_xl.core.pastenotes import notes_above
from coachlog_xl.core.percentcol import followed, say_disagreeing
from coachlog_xl.core.qualifiers import loose_positions
from coachlog_xl.core.sidewords import said_survey
from coachlog_xl.core.trailers import drop_trailers, header_synonyms, header_words, skip_units
from coachlog_xl.core.weights import by_header, own_scale, said_weight, with_weight
from coachlog_xl.core.wide import criterion_columns, criterion_rows, maximum_columns, na_columns

# the fields that only refine a score: a later paste's own columns of them are read for its rows
REFINING = ("call_time", "max_score", "not_applicable")
HEADER_FIELDS_NEEDED = 3


def map_headers(headers: list, header_map: dict[str, list[str]], filled: set[int] | None = None,
                prefer: Callable[[str, list[int]], int] | None = None) -> dict[str, int]:
    """The column of each field: a field's synonyms are tried in Settings order and the first one
    present wins; each column serves one field only, the others are kept as extra columns.  A field
    none names as written takes the column named so with a qualifier (``Score (0-5)``: :mod:`.qualifiers`).

    With ``filled`` (the columns holding any value), an empty column gives way to a later synonym
    that has values (an export with an empty ``normalized_score`` beside a filled ``raw_score``).
    With ``prefer``, a field with several such columns takes the one ``prefer(field, columns)`` picks.
    A Microsoft Forms download's own times (``Start time``: when the evaluator opened the form) give way to any other
    call date column (a question ``Call Date/Time``): windows use the call date, never the grading date; without one
    they are the grading date (the rows then dated by a ``Call time`` question holding dates, else by their grading
    date with its warning); a HeaderMap line naming ``Start time`` moved above the template's call date lines makes
    it the call date (:func:`~.formtime.form_own_times`).
    """
    positions: dict[str, list[int]] = {}
    for pos, head in enumerate(headers):
        positions.setdefault(header_key(head), []).append(pos)
    form_times = form_own_times([header_key(head) for head in headers], header_map)
    used: set[int] = set()
    out: dict[str, int] = {}
    loose = loose_positions(headers, header_map)
    for fld, synonyms in header_map.items():
        candidates = [p for syn in synonyms for p in positions.get(header_key(syn), []) if p not in used] or \
            [p for p in loose.get(fld, ()) if p not in used]
        if filled is not None:
            candidates = [p for p in candidates if p in filled] or candidates
        if fld == "call_at":
            candidates = [p for p in candidates if p not in form_times]
        if candidates:
            out[fld] = prefer(fld, candidates) if prefer is not None and len(candidates) > 1 else candidates[0]
            used.add(out[fld])
    if "call_at" not in out and "graded_at" not in out and form_times - used:
        out["graded_at"] = min(form_times - used)  # (its Start time, the first: when the form was opened)
    return out


def filled_columns(table: RawTable) -> set[int]:
    """The positions of the columns holding a value (one whose factors list no value: empty, unscanned)."""
    return {p for p in range(len(table.headers)) if p in table.data
            and not (p in table.factors and not len(table.factors[p][1])) and not all_blank(table.data[p])}


def is_header(values: list, header_map) -> bool:
    """Whether a row is a header row: text cells naming at least three fields."""
    cells = [v for v in values if not coerce.is_blank(v)]
    if not cells or not all(isinstance(v, str) for v in cells):
        return False
    return len(map_headers(values, header_map)) >= HEADER_FIELDS_NEEDED


def segments(table: RawTable, header_map, issues: Issues, merge: bool = False) -> list[RawTable]:
    """The header blocks of a paste: each header-like row starts a block that runs to the next one; of
    an export's tabs read one below the other, each tab's are named by the tab and their rows on it.

    With ``merge``, a block under the same header as the block above it, both after the first block
    with rows, is read as part of it (the same export pasted week after week) where :func:`to_long`
    reads them alike (:func:`_alike`): one block of their rows, the header rows between left out, and so are the
    lines of text right above a later header (:func:`~.pastenotes.notes_above`; without it, an import's plan compares
    every row as exported)."""
    if table.tabs:
        return [block for tab in table.tabs_apart() for block in segments(tab, header_map, issues, merge)]
    data = table.data
    width = len(table.headers)
    synonyms = header_synonyms(header_map)
    hits = np.zeros(len(data), dtype=int)
    empty = {}  # the empty columns' factors (every cell -1), kept by a paste read as it is: not scanned again
    for p in range(width):
        col = data[p]
        if p in table.factors and not len(table.factors[p][1]):
            continue  # a column its factors say is empty (a reader's): no cell of it to look at
        if col.dtype.kind not in "fM" and is_empty(col):
            empty[p] = (np.full(len(col), -1, dtype=np.intp), np.empty(0, dtype=object))
        if col.dtype.kind in "fM" or p in empty:
            continue  # a column of numbers or date-times, or an empty one, holds no header text
        rows, typed = slice(None), table.typed.get(p)
        if typed is not None and typed[1].dtype.kind in "fM":  # (only its rows above the typed ones, and
            rows = np.r_[np.arange(typed[0]), typed[0] + typed[3]]  # its text cells among them, may)
            col = col.iloc[rows]
        codes, words = per_distinct_table(col, lambda vs: header_words(vs, synonyms, table.keyed), bool,
                                          table.factors.get(p) if isinstance(rows, slice) else None)
        if words.any():  # (a column of no header's text: nothing spread over the rows)
            hits[rows] += words[codes]
    candidates = np.flatnonzero(hits >= HEADER_FIELDS_NEEDED)

    def body_row(i: int) -> list:  # a row's cells, without the row number
        return [v for c, v in data.iloc[i].items() if c != ROW]

    starts = [-1] if is_header(list(table.headers), header_map) else []
    starts += [int(i) for i in candidates if is_header(body_row(i), header_map)]
    if not starts:
        return [table]
    row_no = data[ROW].to_numpy()
    # a header row -> the header it makes with the row below it (criteria named over two rows)
    row_cells = lambda i: list(table.headers) if i < 0 else body_row(i)  # noqa: E731
    combined = two_row_headers(starts, len(data), row_cells, header_map)
    banded, refused, side = banded_headers([s for s in starts if s - 1 not in combined], len(data), row_cells,
                                           header_map)
    combined.update(banded)  # (and a later header row repeating a band's lower row: a week's, read as that band's)
    again = {s: b for s in starts for b in banded if s - 1 not in combined and row_cells(s) == row_cells(b + 1)}
    starts = sorted({*starts, *banded} - {s + 1 for s in combined})

    def excel_row(i: int) -> int:
        return 1 if i < 0 else int(row_no[i])

    say_refused(table.sheet, refused, excel_row, issues)
    # a title pasted over row 1: row 1 stays the sheet's header (its Exclude column), with none of the title's rows
    over_title = title_rows(table, starts, partial(map_headers, header_map=header_map), body_row,
                            lambda i: excel_row(i) + (i in banded), issues, combined.get(-1))  # (a band's lower row)
    later = starts[2:] if over_title else starts[1:]  # (the header under a title is the paste's first: no second one)
    pasted = [i for i in later if "call_id" in map_headers(body_row(i), header_map)]  # (else: not scores)
    cut = notes_above(table.sheet, starts, pasted, body_row, excel_row, issues) if merge else {}  # (read, not compared)
    for i in pasted:
        issues.add(Code.LAYOUT_NOTE, table.sheet, excel_row(i), "header", None,
                   f"{table.sheet}: row {excel_row(i)} is another header row (a second paste); the rows below "
                   "it are read with it.", "Nothing to do.")
    spans, first_width = [], 0  # per header: its row, its cells, its rows (first, end)
    for n, start in enumerate(starts):
        end = cut.get(starts[n + 1], starts[n + 1]) if n + 1 < len(starts) else len(data)
        head = list(combined.get(start) or banded.get(again.get(start)) or row_cells(start))
        while head and coerce.is_blank(head[-1]):
            head.pop()
        if n == 0:
            first_width = len(head)
        else:  # the columns of the first header stay, unnamed, under a narrower later one (its Exclude)
            head += [""] * (first_width - len(head))
        below = end if n == 0 and over_title else start + 1 + (start in combined)  # (a row of units under it:
        below += below < end and skip_units(table.sheet, head, body_row(below), excel_row(below), header_map, issues)
        spans.append((start, head, (below, end)))  # skipped, noted)
    if len(spans) == 1 and spans[0][0] < 0 and spans[0][2][0] == 0 \
            and list(data.columns) == [*range(len(spans[0][1])), ROW] \
            and isinstance(data.index, pd.RangeIndex) and data.index.start == 0:
        # one paste under row 1: as is (its texts keyed for a header row kept for its totals)
        return [RawTable(table.sheet, spans[0][1], data, {**empty, **table.factors}, keyed=table.keyed,
                         clocks=table.clocks)]
    groups: list[tuple[int, list, list]] = []  # (header row, cells, the rows of each header block it takes)
    first = next((n for n, (_, _, (a, b)) in enumerate(spans) if b > a), len(spans))  # the first block with rows
    alike = cache(lambda head: _alike(list(head), header_map))  # (a header pasted week after week: looked at once)
    for start, head, rows in spans:
        if merge and groups and len(groups) - 1 > first and groups[-1][1] == head and alike(tuple(head)):
            groups[-1][2].append(rows)  # under the same header as the block above: read as one block
        else:
            groups.append((start, head, [rows]))
    return [RawTable(table.sheet, head, *block_rows(table, rows, len(head)), header_row=excel_row(start),
                     clocks=table.clocks, **side.get(again.get(start, start), {}))
            for start, head, rows in groups]


def _alike(head: list, header_map: dict[str, list[str]]) -> bool:
    """Whether :func:`to_long` reads every block under this header as it reads their rows as one block:
    a long paste with one score column whose header names each field by one column at most, so that no
    field's column is chosen by the rows' values (:func:`map_headers`' ``filled`` and ``prefer``)."""
    keys = [header_key(h) for h in head]
    for synonyms in header_map.values():
        named = {header_key(s) for s in synonyms}
        if sum(k in named for k in keys) > 1:
            return False
    cols = map_headers(head, header_map)
    return {"call_id", "criterion", "score"} <= cols.keys() and keys.count(keys[cols["score"]]) == 1


def to_long(table: RawTable, header_map: dict[str, list[str]], issues: Issues,
            known: Mapping[str, Container] | None = None,
            dates: tuple[str, str | None] = ("month-first", None),
            scale: tuple[float, float] | None = None) -> tuple[pd.DataFrame, dict, list, dict, set, dict]:
    """Raw cells of every score in a paste, one row per call x criterion x evaluator column.

    ``known``: field -> the names it knows (the Criteria sheet's criteria, the Reps sheet's names); where several
    columns could be a field's (``question_id`` and ``section_name``, ``agent_name`` and ``agent_email``), the one
    with the most known names is read. ``dates``: the Settings' date order and zone (:func:`two_call_dates`).
    ``scale``: the Settings Score scale (None: auto), a score header's own where it states none (:mod:`.overallmax`).

    Returns the frame (columns :data:`FIELDS` plus ``sheet``, ``row`` and ``paste``: the first header block under
    the same header as the row's, :func:`_pasted`), the fields found and the header row they were found in (of the
    first block, with the :data:`REFINING` fields of later ones), for the caller's messages, the fields' factors
    (:attr:`RawTable.factors`) when the frame holds the paste's rows as they are, and the fields its exports' rows
    are dated by (``call_at``, ``graded_at``: :func:`.dated_by`), and each paste's headers of its score, call date and
    call time columns (paste -> field -> its text: a scale, date order or zone it states is the paste's,
    :mod:`.qualifiers`; ``dated_by``: the field its call date column is, ``graded_at`` in an export without a call
    date, ``graded_under`` then the header row its grading-date-used row names; ``words``: its header's words, an
    export's wherever pasted; ``criteria``: a wide paste's criterion -> the header of its column where that states the
    column's scale, ``Empathy (1-5)``, :func:`~.wide.criterion_name`), and per block of rows its header row and each
    field's header as written (:class:`~.fieldnames.Shown`).
    """
    frames, found, heads, factors = [], {}, list(table.headers), {}
    blocks = [named_bands(b, known) for b in segments(table, header_map, issues, merge=True)]
    # the paste's fields are those of its first block with rows: a header with nothing under it (the
    # template's, above an export pasted with its own header) names no column of the scores
    first = next((n for n, block in enumerate(blocks) if len(block.data)), 0)
    sheet_exclude, blank = None, ()  # (blank: the call date, where the first paste's grading dates are blank)
    dated, graded = {}, {}  # paste -> the field its rows are dated by; a paste's -> its grading-date-used row
    ours = {header_key(h) for h in header_map.get("exclude", ())}
    said: dict[int, set[str]] = {}  # paste -> what Checks says of its wide layout
    heads_of: dict[int, dict] = {}  # paste -> the headers of its score, call date and time columns
    shown: list[tuple[int, dict]] = []  # per block of scores: its header row, field -> its header (core.fieldnames)
    wide_blocks: list[tuple] = []  # per block of a column per criterion: weightrow.decide's
    # a header's words (but the Exclude column the team may add) -> the first block under it, and its blocks with rows
    keyed, pastes = [tuple(k for k in map(header_key, b.headers) if k and k not in ours) for b in blocks], {}
    alike = by_header(blocks[first:], keyed[first:])  # (one export's: :mod:`.weights`)
    for n, block in enumerate(blocks):
        paste, undated = pastes.setdefault(words := keyed[n], n), False
        cols, named, overall = _block_fields(block, header_map, known, alike.get(words, ()), scale)
        shown += [fieldnames.as_headed(block, cols)] if n >= first else []
        if n >= first and "call_id" in cols:
            if paste not in heads_of:  # (said once per export: its weight column's reading, its call dates)
                said_weight(block, cols, issues, alike[words])
                if overall is not None:
                    said_overall(block, overall, cols, issues)
                two_call_dates(block, header_map, cols, issues, *dates)
                dated_clock_said(block, header_map, cols, issues)
            undated = not dated_by(block, cols, paste, dated, issues, graded)  # (its grading date column blank)
            heads_of.setdefault(paste, {"words": words, **{
                f: coerce.text(block.headers[cols[f]]) for f in ("score", "call_at", "call_time")
                if cols.get(f, -1) >= 0}}).update(dated_by=dated.get(paste, "call_at"), graded_under=graded.get(paste))
        if n == 0:
            sheet_exclude = cols.get("exclude")
        elif "exclude" not in cols and unnamed(block.headers, sheet_exclude):
            cols["exclude"] = sheet_exclude  # a later paste under the sheet's Exclude column uses it
        if n == first:
            found, heads, blank = dict(cols), list(block.headers), ("call_at",) if undated else ()
            same_header(block, cols, issues, known)
            other_scores(block, header_map, cols, issues)
        elif n > first and "call_id" not in cols:  # a table below the scores that is not one (a summary)
            not_scores(block, issues)
            continue
        else:  # a later paste's own columns of the fields that only refine a score (its rows, not the others')
            found.update({f: cols[f] for f in (*REFINING, *blank) if f in cols and f not in found})
        data = labelled(block, drop_trailers(block, cols, issues), cols, issues)  # (a rep written once above)
        if n < first or undated:  # a header with no rows under it (the template's, above an export pasted with its
            continue  # own); a paste whose rows no date can date (said once: :func:`~.gradingdate.dated_by`)
        if named:
            frames.append(_pasted(per_named_evaluator(base_rows(block, data, cols), data, named), paste))
        elif "criterion" in cols and "score" in cols:
            frames.append(_pasted(own_scale(long_rows(block, data, cols), alike.get(words)), paste))
            overall_score(block, data, cols, issues)
            say_disagreeing(block, data, cols, issues)  # (a score's percent beside it)
            if n == first and data is block.data and len(frames) == 1 and len(frames[0]) == len(data):  # (one score
                factors = {f: block.factors[cols[f]] for f in FIELDS if cols.get(f) in block.factors}  # column)
        elif "criterion" not in cols:
            listed, heard, base = items(block.headers, header_map, cols), Issues(), partial(base_rows, block, data)
            stated, columns, held = {}, {}, {}
            wide = item_rows(block, data, cols, listed, base, heard) if listed else criterion_rows(
                block, data, cols, base, heard, (known or {}).get("criterion", ()), stated, columns, held)
            if wide is not None and not listed:  # (its row of points possible under the header: :mod:`.weightrow`)
                wide, top_row = weightrow.take(block, cols, wide, columns, (known or {}).get("rep", ()))
                wide_blocks.append((paste, sum(map(len, frames)), len(wide), top_row))
                if cols.get("score", -1) >= 0:  # (a form's total, Score: 17 / 20)
                    beside_criteria(block, data, cols, heard)
            said_survey(block, heard, (known or {}).get("criterion", ()))  # (Progress, Auto-Fail: kept unused)
            for key, got in (("criteria", stated), ("columns", columns), ("held", held)):  # (see criterion_rows)
                if got:
                    heads_of.setdefault(paste, {}).setdefault(key, {}).update(got)
            if wide is None and n == first and (generic := say_generic(  # (one column of scores headed Outcome,
                    block, data, cols, (known or {}).get("criterion", ()), header_map, issues)) is not None:
                found["score"] = generic  # Result...: the paste's scores, said; its criterion column is what is missing
            for issue in heard:  # an export's layout said once, not under each of its weekly headers again
                if issue.problem not in said.setdefault(paste, set()):
                    said[paste].add(issue.problem)
                    issues.add(*issue)
            if wide is not None:
                frames.append(_pasted(wide, paste))
                if n == first:  # (an item's maximum and N/A flag are read as their columns' would be)
                    found = {**cols, "criterion": -1, "score": -1, **{f: -1 for _, fs in listed for f in fs}}
                else:  # the first paste's fields stay (its maximum, N/A and time columns are read for its rows)
                    found.setdefault("criterion", -1)
                    found.setdefault("score", -1)
                if wide["max_score"].notna().any():  # a criterion's column of its points possible
                    found.setdefault("max_score", -1)
                if wide["not_applicable"].notna().any():  # a criterion's column of its N/A flag
                    found.setdefault("not_applicable", -1)
        elif n == first:
            found = cols
    if len(frames) != 1:
        factors = {}
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*FIELDS, "sheet", "row", "paste"])
    if weightrow.decide(frame, wide_blocks, issues):
        found.setdefault("max_score", -1)
    return frame, found, heads, factors, set(dated.values()), heads_of, shown


def _pasted(frame: pd.DataFrame, paste: int) -> pd.DataFrame:
    """A block's rows marked with their paste: the sheet's first block under the same header (one export's)."""
    frame["paste"] = np.full(len(frame), paste, dtype=np.int32)
    return frame


def unnamed(headers: list, position: int | None) -> bool:
    """Whether a block's header leaves the column at ``position`` without a name of its own."""
    return position is not None and (position >= len(headers) or coerce.is_blank(headers[position]))


def _block_fields(block: RawTable, header_map: dict[str, list[str]], known: Mapping[str, Container] | None = None,
                  alike=(), scale=None) -> tuple[dict[str, int], dict[int, str], int | None]:
    """Each field's column in a block, and its score columns named after evaluators (position ->
    evaluator; :func:`~.evaluators.named_scores`), the first of which then stands for the score column.
    ``known``: see :func:`to_long`; ``alike``: the blocks of its export (:func:`~.weights.with_weight`).  Third, the
    column the HeaderMap reads as the maximum that is the evaluation's overall score (:mod:`.overallmax`), not read,
    or may be one (read, the baselines held)."""
    cols = with_weight(block, dated_clock(block, clock_apart(block, header_map, map_headers(
        block.headers, header_map, filled_columns(block), partial(_most_known, block, known) if known else None))),
        alike)
    cols = followed(block, cols, header_map)  # (a HeaderMap line naming a percent beside the score, .percentcol)
    named = named_scores(block.headers, cols) if "criterion" in cols and "score" not in cols else {}
    if named:
        cols["score"] = next(iter(named))
    cols, overall = without_overall(block, cols, header_map, scale)  # (the evaluation's overall as maximum: not read)
    return cols, named, overall


def _most_known(block: RawTable, known: Mapping[str, Container], field: str, candidates: list[int]) -> int:
    """Of a field's candidate columns, the one with the most distinct values ``known[field]`` holds
    (the first of them on a tie: the Settings order)."""
    if field not in known:
        return candidates[0]
    counts = [hits(block, known[field], p) for p in candidates]
    return candidates[counts.index(max(counts))]


def columns_read(block: RawTable, header_map: dict[str, list[str]], known: Mapping[str, Container] | None = None,
                 alike=()) -> tuple[dict[str, int], set[int]]:
    """What :func:`to_long` reads of a block's columns (``alike``: its export's other blocks, :func:`_block_fields`):
    each field's column, and every column read (a field's, a criterion's of a wide paste, each evaluator's score)."""
    cols, named, _ = _block_fields(block := named_bands(block, known), header_map, known, alike)
    if "max_score" in cols and "criterion" not in cols and "score" not in cols:  # a wide row's: no score's (.longblock)
        del cols["max_score"]
    read = set(cols.values()) | set(named)
    if "criterion" in cols and not named:  # a score header repeated per evaluator
        keys = {header_key(block.headers[cols[f]]) for f in ("score", "evaluator") if f in cols}
        read |= {p for p, h in enumerate(block.headers) if header_key(h) in keys}  # repeated per evaluator
    elif "criterion" not in cols:  # a flattened list's items, else the criterion columns
        listed = items(block.headers, header_map, cols)
        criteria = criterion_columns(block, block.data, cols, (known or {}).get("criterion", ()))
        read |= {p for _, fs in listed for p in fs.values()} or \
            {*criteria, *maximum_columns(block.headers, criteria).values(),
             *na_columns(block.headers, block.data, criteria).values()}
        if criteria and not listed:  # (its score field's column the overall score beside them: not read)
            read.discard(cols.get("score"))
    return cols, read
