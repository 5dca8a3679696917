"""What an export would add: the same normalisation a refresh uses, run on the export alone; its calls then
weighed against the workbook's own rows for the conflicts an import would make."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import aftertoday, coerce, scaledoubt
from coachlog_xl.core.calls import Normalised, normalise
from coachlog_xl.core.calls import count as count_calls
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import read_config
from coachlog_xl.core.criterionnames import OTHER_NAMES
from coachlog_xl.core.distinct import per_value
from coachlog_xl.core.evaluators import named_scores
from coachlog_xl.core.fieldnames import Shown
from coachlog_xl.core.inputs import ROW, RawInputs, RawTable, by_schema, header_key
from coachlog_xl.core.layout import columns_read, segments
from coachlog_xl.core.longrows import past_header_said
from coachlog_xl.core.names import criterion_directory, rep_directory
from coachlog_xl.core.overallscore import numbers
from coachlog_xl.core.percentcol import beside_note, pairs
from coachlog_xl.core.refresh import resolve_as_of
from coachlog_xl.core.repeats import call_key
from coachlog_xl.core.scales import Ratings
from coachlog_xl.core.wording import count

NO_LIMIT = dt.date(2200, 1, 1)


@dataclass
class ImportPreview:
    calls: pd.DataFrame  # the scores the export holds, normalised: a row per call and criterion scored
    checks: pd.DataFrame  # what the normalisation found, in the Checks layout
    mapped: dict[str, str]  # field -> the export header it was read from
    ignored: list[str]  # export headers no field uses (kept in the sheet, ignored)
    called: int = 0  # how many calls the rows of calls (a row per call and criterion scored) are scores of

    @property
    def refused(self) -> list[str]:
        """The messages that make the export unusable (a required column is missing)."""
        bad = self.checks[self.checks["code"] == Code.MISSING_COLUMN.value]
        if bad.empty:
            return []
        why = self.checks[self.checks["code"] == Code.REPEATED_CRITERIA.value]  # what left them missing
        return [*why["problem"], *bad["problem"], f"To fix: {bad['fix'].iloc[0]} A header written over two rows must "
                                                  "be made one row first; the rows above the header (a title) may "
                                                  "stay."]


def preview(inputs: RawInputs, export: RawTable, today: dt.date | None = None,
            real: dt.date | None = None) -> ImportPreview:
    """What ``export`` would add to the workbook of ``inputs``; its date order doubted as a refresh would doubt it, by
    the as-of date on Settings, else ``today`` (the machine's day, as a refresh takes it: :func:`~.orderwaits.doubted`);
    its calls dated after ``real`` (the real day where Settings' Time zone is, else ``today``) warned of
    (:func:`~.aftertoday.warned`)."""
    issues = Issues()
    cfg = read_config(inputs, issues)
    issues = Issues()
    reps, _ = by_schema(inputs.reps, schema.REPS)
    criteria, lacking = by_schema(inputs.criteria, schema.CRITERIA)
    known = {"rep": rep_directory(reps),
             "criterion": criterion_directory(criteria, None, cfg.date_order, OTHER_NAMES not in lacking)}

    book: list = []

    def workbook() -> tuple[Normalised, dict]:  # the workbook's own pastes read once: their rows, and the
        if not book:  # rating scales a refresh reads beside the export's (asked when a short column could take one)
            seen = Ratings()
            book.append((normalise(inputs.scores, cfg, known["rep"], known["criterion"], seen), seen.found))
        return book[0]

    def dated() -> dict:  # the orders the workbook's pastes prove, by header (an export proving none reads as they do)
        return (inputs.normalised or workbook()[0]).dated

    read = normalise([export], cfg, known["rep"], known["criterion"], Ratings(beside=lambda: workbook()[1]), dated,
                     as_of=resolve_as_of(None, cfg, today))
    tally: dict = {}
    calls = count_calls(read, NO_LIMIT, issues, tally=tally)
    aftertoday.warned(read.rows, export.sheet, real or today, issues)  # (before a refresh holds what they enter)
    scaledoubt.in_export(issues)  # (the export read alone: a refresh, beside the workbook's pastes, decides)
    if len(read.rows) and (inputs.normalised is not None or any(not t.cleared() for t in inputs.scores)):
        # (the workbook's rows as the last refresh kept them, when they are unchanged since: no reading again)
        book_read = inputs.normalised or workbook()[0]
        held = {(i.sheet, i.row) for i in book_read.issues if i.code is Code.MAXIMUM_UNSURE}
        _conflicts_with_book(book_read, read.rows, issues, {
            (sheet, row): score for t in inputs.scores for sheet, row, score in
            _pasted_scores(t, cfg.header_map, known, {r for s, r in held if s == t.sheet})} if held else {},
            {(s, r): v for s, r, v in _pasted_scores(export, cfg.header_map, known)} if held else {})
    for row, n in export.replaced.items():
        issues.add(
            Code.BYTES_NOT_READ, export.sheet, row, "text", None,
            f"{export.sheet} row {row}: {count(n, 'byte')} {'is' if n == 1 else 'are'} not UTF-8, unlike the rest of "
            "the file; each was read "
            "as \ufffd, the other characters as written.",
            "Export the file again as UTF-8, or type the right characters over \ufffd after the import.",
        )
    if export.encoding:
        _encoding_said(export, issues)
    if export.sheets_left:
        _sheets_left(export, issues)
    for name, why in export.sheets_skipped:
        issues.add(Code.LAYOUT_NOTE, export.sheet, None, "sheet", name,
                   f'{export.sheet}: sheet "{name}" of the file was not read: {why}.',
                   f'Nothing to do; to import it anyway, import the file again with --export-sheet "{name}".')
    for name in export.sheets_hidden:
        issues.add(Code.LAYOUT_NOTE, export.sheet, None, "sheet", name,
                   f'{export.sheet}: sheet "{name}" of the file is hidden and was not read, though it holds rows of '
                   f'scores found on no sheet read; --export-sheet "{name}" imports it.',
                   f'To import it, import the file again with --export-sheet "{name}"; rows already imported are '
                   "not added twice. Nothing to do if its scores are not to be coached from.")
    blocks = segments(export, cfg.header_map, Issues())
    _formula_like(export, issues, blocks)
    first = blocks[0]
    words = [tuple(k for k in map(header_key, b.headers) if k) for b in blocks]  # (its header again below: one export)
    cols, used = columns_read(first, cfg.header_map, known, [b for b, w in zip(blocks, words) if w == words[0]])
    mapped = {f: coerce.text(first.headers[p]) for f, p in cols.items() if p in used}  # (a wide paste's overall)
    past_header_said(export.sheet, export.long_rows, mapped.get("score", ""), issues)  # (a comma-separated file's)
    if others := _other_evaluators(first, cols, used):  # (read as the score of another evaluator each)
        mapped["score"] = " + ".join([mapped["score"], *(coerce.text(first.headers[p]) for p in others)]) \
            + " (an evaluator each)"
    if "score" in mapped:  # (its percent beside it: one of the two read)
        mapped["score"] += beside_note(first, cols)
    ignored = [coerce.text(h) for p, h in enumerate(first.headers) if p not in used and coerce.text(h)]
    return ImportPreview(calls, issues.frame(Shown(read.shown)), mapped, ignored, tally.get("calls", 0))


def _sheets_left(export: RawTable, issues: Issues) -> None:
    """A warning naming an .xlsx export's other sheets of scores, not imported (``export.sheets_left``), and how
    to import them: an import reads the sheets naming the most fields, and a second week's tab with one column
    more or less, or a hidden copy, would otherwise be left behind without a word."""
    left = export.sheets_left
    names = ", ".join(f'"{s}"' for s in left)
    many = len(left) > 1
    issues.add(Code.SHEETS_NOT_IMPORTED, export.sheet, None, "sheet", ", ".join(left),
               f"{export.sheet} {'were' if len(export.tabs) > 1 else 'was'} read; {'sheets' if many else 'sheet'} "
               f"{names} of the file also "
               f"{'hold' if many else 'holds'} a header naming a call id and scores, and {'were' if many else 'was'} "
               "not read.",
               f'To import {"them" if many else "it"} too, import the file again with --export-sheet "{left[0]}"'
               f'{" (once per sheet)" if many else ""}, or with --all-sheets for every sheet of scores at once; '
               "rows already imported are not added twice. Nothing to do if "
               f"{'they hold' if many else 'it holds'} no scores to coach from.")


def _other_evaluators(block: RawTable, cols: dict[str, int], used: set[int]) -> list[int]:
    """The score columns read beside the score field's own, another evaluator's each (:func:`~.layout.columns_read`):
    a calibration export's ``Rae Score`` beside ``Quinn Score`` (:func:`~.evaluators.named_scores`), or its score
    header repeated once per evaluator."""
    if "score" not in cols or "criterion" not in cols:
        return []
    first, headers = cols["score"], block.headers
    named = named_scores(headers, {f: p for f, p in cols.items() if f != "score"})
    if first in named:
        return [p for p in named if p != first and p in used]
    made = pairs(block, cols)  # (a score and its percent: one score, .percentcol)
    key, beside = header_key(headers[first]), {*made.values(), *(s for s, p in made.items() if first in (s, p))}
    return [p for p in sorted(used) if p != first and p not in beside and header_key(headers[p]) == key]


def _conflicts_with_book(read: Normalised, rows: pd.DataFrame, issues: Issues, held: dict, pasted: dict) -> None:
    """An error for each conflict the export's ``rows`` would make with the workbook's own rows (``read``; the
    same call and criterion with another score from the same evaluator): once imported, a refresh leaves the
    call out until one row is excluded, so the preview says so before (domain.md, "Exact rules: Scores"), in
    the words Checks will use.  Only the workbook's rows of the export's calls and criteria are weighed; a
    conflict the workbook or the export holds on its own is said by Checks or by the export's own count.  The rows
    of a paste whose maximum column may be the evaluation's overall (``maximum-or-overall``; ``held``: (sheet, row)
    -> its score cell's number) are read over that column only while it holds, and the export may tell it is the
    overall (5 of 1-5, not 5 of 100): they are weighed by the score cells as pasted, the export's too (``pasted``),
    so a re-grade (5, then 3) is a conflict either way and the same 5 none."""
    keys = list(zip(read.rows["sheet"], read.rows["row"]))
    on_hold = np.fromiter((k in held for k in keys), bool, len(keys))
    ids = set(rows["call_id"].map(call_key))
    near = read.rows[read.rows["criterion"].isin(rows["criterion"].unique()).to_numpy()
                     & read.rows["call_id"].map(call_key).isin(ids).to_numpy()]
    apart = near.index.isin(read.rows.index[on_hold])
    pairs_weighed = [(near[~apart], rows)]
    if apart.any():
        cells = near[apart].assign(score=[held[k] for k in zip(near[apart]["sheet"], near[apart]["row"])])
        own = rows.assign(score=[pasted.get(k, np.nan) for k in zip(rows["sheet"], rows["row"])])
        pairs_weighed.append((cells[cells["score"].notna()], own[own["score"].notna()]))

    def conflicts(table: pd.DataFrame) -> dict:
        found = Issues()
        count_calls(Normalised(table.reset_index(drop=True), []), NO_LIMIT, found)
        return {i.problem: i for i in found if i.code is Code.CONFLICT}

    for book, export in pairs_weighed:
        if book.empty:
            continue
        apart_found = conflicts(book) | conflicts(export)
        for problem, i in conflicts(pd.concat([book, export], ignore_index=True)).items():
            if problem not in apart_found:
                issues.add(i.code, i.sheet, i.row, i.field, i.value, problem, i.fix)


def _pasted_scores(table: RawTable, header_map: dict, known: dict, header_rows: set | None = None):
    """(sheet, row, number in its score cell as pasted) of each row of ``table``'s header blocks (of those whose
    header is on one of ``header_rows``; None: every block)."""
    for block in segments(table, header_map, Issues()):
        if header_rows is not None and block.header_row not in header_rows:
            continue
        cols, _ = columns_read(block, header_map, known, [block])
        if "score" in cols and cols["score"] in block.data:
            yield from zip([table.sheet] * len(block.data), block.data[ROW].tolist(),
                           numbers(block.data[cols["score"]]).tolist())


_FORMULA_START = ("=", "+", "-", "@")
_SIGNED = re.compile(r"[+-][\d.,%\s]*\d[\d.,%\s]*")  # a signed number, as -15 % or +1,5: no formula


def _formula_like(export: RawTable, issues: Issues, blocks: list[RawTable]) -> None:
    """A note for the texts of an export that start as a formula does (``=HYPERLINK(...)``, ``+1 great``,
    ``@ana``; a number such as ``-15`` apart): a spreadsheet opening the file would run them, the import
    writes them as text (domain.md, "cells starting with =, +, - or @").  The first is named by the
    header its row is read under (``blocks``: the export's header blocks; below a title, not the title)."""
    found, first = 0, None
    for p in (c for c in export.data.columns if c != ROW and export.data[c].dtype.kind not in "biufmM"):  # texts
        hit = per_value(export.data[p], _looks_like_formula, bool, (export.factors or {}).get(p))
        if hit.any():
            found += int(hit.sum())
            at = int(np.argmax(hit))
            row = int(export.data[ROW].iat[at])
            if first is None or row < first[0]:
                first = (row, coerce.text(_header_above(export, blocks, row, p)), export.data[p].iat[at])
    if first is not None:
        row, header, value = first
        issues.add(Code.FORMULA_TEXT, export.sheet, row, header, value,
                   f"{export.sheet}: {count(found, 'cell')} {'starts' if found == 1 else 'start'} with =, +, - or @ as "
                   f"a formula does (the first: {header or 'a column'} row {row}, {coerce.text(value)!r}); "
                   f"{'it is' if found == 1 else 'they are'} written as text, never as a formula.",
                   "Nothing to do.")


def _header_above(export: RawTable, blocks: list[RawTable], row: int, p: int):
    """The header of column ``p`` over the export's ``row``: its header block's (an export's tabs are
    numbered each on its own, so theirs is the table's first row)."""
    if not export.tabs:
        for block in blocks:
            if p < len(block.headers) and (block.data[ROW] == row).any():
                return block.headers[p]
    return export.headers[p]


def _looks_like_formula(value) -> bool:
    if not isinstance(value, str) or not value.startswith(_FORMULA_START) or len(value) < 2 or _SIGNED.fullmatch(value):
        return False
    try:
        coerce.number(value)
    except coerce.Unreadable:
        return True
    return False


def _encoding_said(export: RawTable, issues: Issues) -> None:
    """A note naming the encoding a text export beyond ASCII, not UTF-8, was read in: the file does not say which
    it is, so its letters beyond ASCII (é, ü, curly quotes, dashes) are as right as that reading; where another
    encoding reads it as plausibly, the note names that one and a word it reads otherwise."""
    doubt = f"; it could also be {export.encoding_doubt}, not used" if export.encoding_doubt else ""
    issues.add(Code.ENCODING_READ, export.sheet, None, "text", export.encoding,
               f"{export.sheet}: its text is not UTF-8 and was read as {export.encoding}, as the file does not say "
               f"its encoding{doubt}.",
               "Nothing to do if its names and criteria show their accented letters right (Renée, Côté); else save "
               "the file from Excel as \"CSV UTF-8\" and import that file instead.")
