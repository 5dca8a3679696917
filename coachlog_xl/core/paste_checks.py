"""Checks on the header blocks of a paste that the layout reader makes: two columns under one header,
a table below the scores that is not scores; and the column tests they share with it.  Also the check
on a paste none of whose rows could be read (:func:`nothing_read`), and the note on rows that hold no
score (:func:`neither_criterion_nor_score`) and on its N/A and blank scores (:func:`not_scored`), the
errors of a call id that is an Excel error (:func:`error_ids`), what is said of the rows an Exclude reason leaves out
(:func:`settled`), and of a paste without a column it needs (:func:`missing_fields`)."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce, formtime, jsoncells
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.distinct import is_empty, per_value
from coachlog_xl.core.headerlines import newer_lines
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.qualifiers import rivals
from coachlog_xl.core.wording import HEADER_MAP_SAID, count, looked_for, some
from coachlog_xl.suffixes import EXPORT_SUFFIXES


def all_blank(col: pd.Series) -> bool:
    """Whether a column holds nothing but blanks."""
    if col.dtype.kind in "fM":  # a typed column: its blanks are NaN / NaT
        return bool(col.isna().all())
    if any(not coerce.is_blank(v) for v in col.iloc[:16].tolist()):
        return False  # a filled column shows it in its first rows
    if is_empty(col):
        return True
    return bool(per_value(col, coerce.is_blank, bool).all())


def hits(block: RawTable, names: Container, p: int) -> int:
    """How many distinct values of column ``p`` are among ``names``."""
    return sum(1 for v in pd.unique(block.data[p].to_numpy(dtype=object))
               if not coerce.is_blank(v) and coerce.text(v) in names)


def not_scores(block: RawTable, issues: Issues) -> None:
    """A warning for a table below a paste's scores whose header names no call id (a per-agent summary
    a report puts under its rows): its rows are not read."""
    row, shown = _header_row(block), ", ".join(coerce.text(h) for h in block.headers if not coerce.is_blank(h))
    issues.add(Code.TABLE_NOT_READ, block.sheet, row, "header", None,
               f"{block.sheet}: the table from row {row} ({shown}) has no call id column, so its {len(block.data)} "
               "rows were not read as scores (a summary below the export?).",
               "Nothing to do if it is a summary; if it holds scores, paste them with the export's header.")


def same_header(block: RawTable, cols: dict[str, int], issues: Issues,
                 known: Mapping[str, Container] | None) -> None:
    """An error for a field read from a column whose header another column with other values has too
    (two ``Date`` columns, the grading date's and the call's): which one is meant cannot be told, and
    the first is read.  A repeated score header is a score per evaluator, not this; nor are two rep or
    criterion columns of which the one read holds more of the names ``known`` (the one the layout reader
    picks for that reason), nor two columns of a field no figure depends on (a comment per evaluator)."""
    at: dict[str, list[int]] = {}
    for pos, head in enumerate(block.headers):
        at.setdefault(header_key(head), []).append(pos)
    for fld, pos in cols.items():
        if fld in _NOT_COUNTED or pos < 0:
            continue
        twins = [p for p in at.get(header_key(block.headers[pos]), []) if p != pos and not all_blank(block.data[p])
                 and not block.data[p].equals(block.data[pos])]
        if known and fld in known and twins:
            held = {p: hits(block, known[fld], p) for p in [pos, *twins]}
            twins = [p for p in twins if held[p] >= held[pos]]
        if twins:
            head, name = coerce.text(block.headers[pos]), schema.FIELD_NAMES.get(fld, fld)
            letters = [column_letter(p) for p in sorted([pos, *twins])]
            each = "both" if len(letters) == 2 else "all"
            issues.add(Code.SAME_HEADER, block.sheet, _header_row(block), name, head,
                       f'{block.sheet}: columns {", ".join(letters[:-1])} and {letters[-1]} are {each} headed '
                       f'"{head}" and hold different values; column {column_letter(pos)} is read as the {name}, which '
                       "may be the wrong one.",
                       f'Rename the header of the column that is not the {name} (e.g. "Grading date"), so each '
                       "column has a header of its own.")


# fields a score is not counted by: a repeated score header is a score per evaluator, and the others
# are text carried to the Baseline sheet
_NOT_COUNTED = frozenset({"score", "quote", "recording", "call_moment"})


def column_letter(position: int) -> str:
    """The column letter of a 0-based column position (0 -> A, 26 -> AA)."""
    out, n = "", position + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _header_row(block: RawTable) -> int:
    """The Excel row of a block's header (the row above its first data row)."""
    return int(block.data[ROW].iloc[0]) - 1 if len(block.data) else 1


def nothing_read(sheet: str, rows: int, counted: int, unread: dict[str, int], issues: Issues) -> None:
    """``no-row-read``: a paste none of whose ``rows`` could be read, with how many of the ``counted``
    ones (neither N/A nor excluded) have each problem (``unread``: its words -> rows).  One problem on
    every counted row is a column that is there but not read as it should be (a date order, a scale);
    several, a paste under the wrong columns."""
    found = {what: n for what, n in unread.items() if n}
    why = "; ".join(f"{n} with {what}" for what, n in found.items())
    if len(found) == 1 and next(iter(found.values())) == counted:
        what = next(iter(found))
        guess = f"every scored row has {what}: is that column the one to read, written as Settings expects?"
        fix = ("Look at that column on the rows Checks names, fix it (or the date order on Settings) and refresh.")
    else:
        guess = "is the paste under the wrong columns?"
        fix = ("Paste the export with its header row, its first column in column A (or into a new sheet whose "
               "name starts with Scores), or import the file with `coachlog import`.")
    issues.add(Code.NOTHING_READ, sheet, None, "", None,
               f"{sheet}: none of its {rows} rows could be read ({why}; see their own rows in Checks): {guess}", fix)


def _per_sheet(places: pd.DataFrame) -> list[tuple[str, list[int]]]:
    """The rows of ``places`` (its ``sheet`` and ``row`` columns) per sheet, each row once: a paste's one
    sheet, or each tab of an export read in several."""
    return [(sheet, list(dict.fromkeys(grp["row"].tolist()))) for sheet, grp in places.groupby("sheet", sort=False)]


def not_scored(sheet: str, rows: np.ndarray, issues: Issues) -> None:
    """The note on a sheet's scores that are N/A or blank (of calls named; ``rows`` their rows): one row of
    Checks at the first of them, naming the first few (a paste may hold thousands)."""
    if not len(rows):
        return
    n, rows = len(rows), np.unique(rows.astype(np.int64))
    issues.add(
        Code.NOT_SCORED, sheet, int(rows[0]), "score", None,
        f"{sheet}: {count(n, 'score')} {'is' if n == 1 else 'are'} N/A or blank (row{'s' * (len(rows) > 1)} "
        f"{some(rows)}); {'it is' if n == 1 else 'they are'} not counted (not as 0).",
        "Nothing to do unless those calls were scored; then paste the score.",
    )


def neither_criterion_nor_score(places: pd.DataFrame, issues: Issues) -> None:
    """A note for a paste's rows at ``places`` (sheet and row) that hold something (a call id, or a summary's
    text in its column) but neither a criterion nor a score: not read, as notes or a summary below an export
    are not."""
    for sheet, rows in _per_sheet(places):
        issues.add(Code.LAYOUT_NOTE, sheet, rows[0], "criterion", None,
                   f"{sheet}: {len(rows)} row(s) from row {rows[0]} hold neither a criterion nor a score (a summary "
                   "or notes below the export?); they are not read.",
                   "Nothing to do if they hold no scores; if they do, fill in their criterion and score.")


def no_call_named(places: pd.DataFrame, issues: Issues) -> None:
    """A warning for a paste's rows at ``places`` (sheet and row) that hold a score (or something in its
    column) but no call id, rep, criterion or call date: no call's, as a per-agent summary below an export
    whose header is too short to be told apart (``Agent, Average score``) is not; not read."""
    for sheet, rows in _per_sheet(places):
        issues.add(Code.TABLE_NOT_READ, sheet, rows[0], "call id", None,
                   f"{sheet}: {len(rows)} row(s) from row {rows[0]} hold a score but no call id, rep, criterion or "
                   "call date (a summary below the export?); they are not read.",
                   "Nothing to do if they are a summary; if they are scores, fill in their call id, rep and "
                   "criterion.")


def other_scores(block: RawTable, header_map: dict[str, list[str]], cols: dict[str, int], issues: Issues) -> None:
    """A note for a paste with two or more filled columns that could each be the score (``Score`` and
    ``score_percent``, ``raw_score`` and ``normalized_score``) or each the maximum (``Max Points`` and
    ``Total Score``, an evaluation's overall percent in a Genesys-like export): which one is read (the first
    in the HeaderMap order), and that the others are not.  A header repeated once per evaluator is not this."""
    used = set(cols.values())
    for field in ("score", "max_score"):
        if cols.get(field, -1) < 0:
            continue
        synonyms = {header_key(h) for h in header_map.get(field, ())}
        read, what = coerce.text(block.headers[cols[field]]), schema.FIELD_NAMES[field]
        others = [h for p, h in enumerate(block.headers) if p not in used and header_key(h) in synonyms
                  and header_key(h) != header_key(read) and p in block.data and not all_blank(block.data[p])]
        if others:
            names = ", ".join(coerce.text(h) for h in others)
            issues.add(Code.LAYOUT_NOTE, block.sheet, _header_row(block), field, read,
                       f"{block.sheet}: {read} and {names} could each be the {what}; {read} is read (the first of "
                       "them in the HeaderMap order on Settings), the other not.",
                       f"Nothing to do if {read} is the {what} to use; else move the other's line above it in the "
                       "HeaderMap table on Settings.")


def merged_cells(table: RawTable, issues: Issues, header_map: dict, known: Mapping[str, Container]) -> None:
    """An error for a paste holding cells merged over several rows (copied from a report-style export):
    only the first row of a merge holds its value, so the rows below it are read without it, and a
    baseline recorded now could miss their calls for good (:func:`~coachlog_xl.core.baseline.unread_scores`).
    Only a merge over a column the paste reads, whose rows below the first hold values of the paste's
    other columns, is one (a title or a note merged over rows is not)."""
    if not table.merged:
        return
    from coachlog_xl.core.layout import columns_read, segments  # (layout reads this module's checks)

    read: set[int] = set()
    for block in segments(table, header_map, Issues()):
        read |= columns_read(block, header_map, known)[1]
    rows = table.data.set_index(ROW, drop=False)
    found = []
    for ref in table.merged:
        (left, top), (right, bottom) = (_cell(end) for end in ref.split(":"))
        inside = set(range(left, right + 1))
        others = [c for c in read - inside if c in rows.columns]
        below = [r for r in range(top + 1, bottom + 1) if r in rows.index]
        if inside & read and others and below and not all(map(coerce.is_blank,
                                                              rows.loc[below, others].to_numpy().ravel())):
            found.append((top, ref))
    if not found:
        return
    top, first = found[0]
    more = f" and {count(len(found) - 1, 'more range')}" if len(found) > 1 else ""
    issues.add(Code.SCORES_MERGED, table.sheet, top, "", first,
               f"{table.sheet} {first}{more}: merged cells. Only the first cell of a merge holds its value: "
               "the rows below it are read without it (a blank call id, rep, date or criterion), so their scores "
               "are not counted.",
               "Unmerge the cells and fill each value down (or import the export with `coachlog import`, which "
               "reads a value merged down one column in each of its rows); the next refresh records the baselines.")


def _cell(ref: str) -> tuple[int, int]:
    """A cell reference as (column from 0, row): ``B3`` -> (1, 3)."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1, int(ref[len(letters):])


SCORE_FIELDS = ("call_id", "rep", "criterion", "score")  # a header naming none of them heads no scores


def title_rows(table: RawTable, starts: list[int], fields: Callable, body_row: Callable, excel_row: Callable,
               issues: Issues, head: list | None = None) -> bool:
    """Notes the rows of a paste's title that are skipped (``starts``: the header rows, -1 for row 1, as
    :func:`~coachlog_xl.core.layout.segments` finds them; ``fields``: a header's fields). A title above
    the first header, and one pasted at A1 over the template's header, are skipped: True for the latter,
    when row 1 names none of :data:`SCORE_FIELDS` (only the template's names past the paste's width)
    and a later header names a call id; row 1 then stays the sheet's header (its Exclude column).  ``head``: the
    header rows 1 and 2 make when read as one (a band over row 2: :mod:`.grouped`)."""
    if starts[0] >= 0:
        issues.add(Code.LAYOUT_NOTE, table.sheet, 1, "header", None,
                   f"{table.sheet}: {starts[0] + 1} row(s) above the header row {excel_row(starts[0])} were "
                   "skipped (a title?).", "Nothing to do.")
        return False
    first = fields(head or list(table.headers))
    if len(starts) < 2 or any(f in first for f in SCORE_FIELDS) or not any(
            "call_id" in fields(body_row(i)) for i in starts[1:]):
        return False
    rows = [excel_row(i) for i in range(starts[1])]
    issues.add(Code.LAYOUT_NOTE, table.sheet, 1, "header", None,
               f"{table.sheet}: {count(len(rows), 'row')} ({', '.join(map(str, rows))}) above the header row "
               f"{excel_row(starts[1])} were skipped (a title pasted over the sheet's own header?).", "Nothing to do.")
    return True


def error_ids(rows: pd.DataFrame, issues: Issues) -> None:
    """An error for each row whose call id is an Excel error value (``#N/A`` from a lookup that found
    nothing, ``#REF!``): read as an id, every such row of a rep and criterion would be one call, its
    scores a conflict, a re-grade or a duplicate."""
    for s, r, v in rows.drop_duplicates(["sheet", "row"]).itertuples(index=False):
        issues.add(
            Code.MISSING_FIELD, s, r, schema.FIELD_NAMES["call_id"], v,
            f"{s} row {r}: the call id is the Excel error {v} (a formula that could not be computed), not a call's "
            "id, so the score cannot be used.",
            "Mend the formula where the export was made and paste its values again, or type the call id; or type a "
            "reason in Exclude.",
        )


# what a row holds that cannot be read, and the score outside 0-100, each of whose fixes is "or type a reason in
# Exclude"
SETTLED_BY_EXCLUDE = frozenset({Code.UNREADABLE_SCORE, Code.UNREADABLE_DATE, Code.MISSING_FIELD, Code.MISSING_CALL_DATE,
                                Code.SCORE_OUT_OF_SCALE, Code.TWO_CALL_TIMES})


def settled(issues: Issues, excluded: list[tuple]) -> list[Issue]:
    """``issues`` as a list, but for those :data:`SETTLED_BY_EXCLUDE` says of a row whose Exclude holds a
    reason (``excluded``: per paste, the sheets and rows of those rows, as arrays): the reason typed is the
    fix they give.  The rows left unread so are named in one info row per sheet (a row outside 0-100 is
    read, and left out as any excluded row is).  Only the excluded rows such a Checks row names are looked
    up one by one: a million rows of another team's, excluded, cost a search of their row numbers."""
    named = {i.row for i in issues if i.code in SETTLED_BY_EXCLUDE and i.row is not None} if excluded else set()
    if not named:
        return list(issues)
    among = np.fromiter(named, dtype=np.int64, count=len(named))
    out = set()
    for sheets, rows in excluded:
        hit = np.isin(rows.astype(np.int64), among)
        out.update(zip(sheets[hit].tolist(), rows[hit].tolist()))
    kept, unread = [], {}
    for i in issues:
        if i.code not in SETTLED_BY_EXCLUDE or (i.sheet, i.row) not in out:
            kept.append(i)
        elif i.code is not Code.SCORE_OUT_OF_SCALE:
            unread.setdefault(i.sheet, set()).add(i.row)
    for sheet, rows in unread.items():
        numbers = sorted(rows)
        kept.append(Issue(Code.EXCLUDED, sheet, numbers[0], "Exclude", None,
                          f"{sheet}: {count(len(numbers), 'row')} left out unread because an Exclude cell holds a "
                          f"reason (row{'s' if len(numbers) > 1 else ''} {some(numbers)}); what could not be read in "
                          f"{'them is' if len(numbers) > 1 else 'it is'} not listed.",
                          "Nothing to do; clear an Exclude cell to read that row again."))
    return kept


def missing_fields(table: RawTable, found: dict, headers: list, header_map: Mapping, required: tuple,
                   issues: Issues) -> bool:
    """Whether the paste cannot be read for a missing field of ``required`` or its call date (each named in
    Checks); the call date is the grading date for an export that has only that (filled on some row)
    (:func:`~coachlog_xl.core.layout.to_long`)."""
    missing = [f for f in required if f not in found] + ([] if "call_at" in found else ["call_at"])
    said = {i.field for i in issues if i.code is Code.MISSING_COLUMN and i.sheet == table.sheet}  # (gradingdate)
    heads = ", ".join(coerce.text(h) for h in headers if coerce.text(h)) or "none"
    # a sheet of the team's own named Scores... (a summary), read as a paste as every such sheet is; not the
    # Scores sheet itself, nor an export file an import names (by its file name: export.csv)
    name = table.sheet.casefold()
    own = "" if name == schema.SCORES.name.casefold() or not name.startswith(schema.SCORES.name.casefold()) or \
        name.endswith(EXPORT_SUFFIXES) else (
        f" If {table.sheet} is not a QA export but a sheet of your own, rename it so that its name does not start "
        f"with {schema.SCORES.name}: every sheet whose name does is read as scores.")
    for f in (f for f in missing if schema.FIELD_NAMES[f] not in said):
        looked = looked_for(list(header_map.get(f, [])))
        two = rivals(headers, header_map, f)  # (Date (local) and Date (UTC): which one is meant cannot be told)
        both = f" {' and '.join(two)} would each be it but for their qualifiers; which one is meant cannot be told." \
            if two else ""
        newer = newer_lines(header_map, f, headers)  # (a workbook made before this version read them)
        old = f' This version reads "{newer[0]}" as one, but {HEADER_MAP_SAID} has no line for it (a workbook ' \
            "made by an earlier version keeps the lines it was made with)." if newer else ""
        extra, fix = jsoncells.said(table, f, *formtime.submission_said(table, found, f, f"Add a line to "
                                    f'{HEADER_MAP_SAID}: Field {f}, Export header "{newer[0]}".' if newer else "Rename "
                                    "the column to one of those headers, or add its header to the HeaderMap table on "
                                    "Settings."))
        issues.add(Code.MISSING_COLUMN, table.sheet, 1, schema.FIELD_NAMES[f], None,
                   f"{table.sheet}: no {schema.FIELD_NAMES[f]} column.{both}{old} Looked for: {looked}. Found: {heads}."
                   + extra, fix + own)
    return bool(missing)
