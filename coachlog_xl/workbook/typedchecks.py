"""What a person typed on a computed sheet, found before the refresh writes it and said on Checks.

A refresh rewrites a computed sheet whole (README, "Data safety"): the cells typed outside its table or
over its headers (:func:`~coachlog_xl.workbook.strays.typed_cells`), a formula or an inserted column's
cells inside it, and a Follow-up decision the Log does not hold (:mod:`~coachlog_xl.workbook.intable`) are
not kept.  :func:`typed_scan` finds them on one sheet's XML as it was; the file refresh does it for every
computed sheet before the new parts are made, so that Checks, made beside the others, holds a row for
each (:func:`typed_issues`: ``typed-on-computed-sheet``, with the backup that still holds them and each
cell's value as it showed, and ``decision-not-on-log``, or a note, ``decision-of-session-gone``, for a
session no row of the Log holds now); ``coachlog check`` does it on the file as it is (:func:`typed_in_file`) and says
the same, without the backup.  The scans read a sheet's row tags, its header row and Follow-up's Session
ID and Decision columns (:mod:`~coachlog_xl.workbook.intable` gives their cost); at a first refresh the
sheets are the template's, empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from html import unescape
from pathlib import Path

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.workbook.celledits import CELL_REF, column_index, sheet_cells
from coachlog_xl.workbook.intable import (
    CELL_TYPE,
    CELL_VALUE,
    FORMULA,
    cell_texts,
    formula_cells,
    inserted_cells,
    on_log_rows,
    typed_decisions,
)
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.sheetxml import EPOCHS, column_letter
from coachlog_xl.workbook.strays import NOT_ON_LOG, SHOWN, decided_where, header_row, refresh_row, said, typed_cells
from coachlog_xl.workbook.stylesxml import Styles

CUT = 60  # characters of a typed cell's text a Checks row holds
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]*)<")


@dataclass(frozen=True)
class Typed:
    """What :func:`typed_scan` found on one computed sheet: the cells a refresh does not keep, in sheet
    order (Follow-up's decisions among them), the text of the first :data:`SHOWN` (cut at :data:`CUT`
    characters; a formula as ``=`` and its text), the decisions (cell, session ID, value) and whether a cell
    holds a formula (a byte search, which the workbook's calculation chain also needs)."""

    cells: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    decisions: list[tuple[str, str, str]] = field(default_factory=list)
    formula: bool = False


def typed_scan(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], shared: Callable[[], bytes],
               formula: bool, styles: Callable[[], Styles] | None = None, in1904: bool = False) -> Typed:
    """The cells typed on a computed sheet's XML as it was (``xml``; ``rows``: its new rows under the
    header; ``shared``: the workbook's shared strings, read when first asked for; ``formula``: whether a
    cell of it holds a formula; ``styles``: the styles its cells' indices name, read when a number is shown,
    and ``in1904`` the workbook's date system, so that a date shows as one: :func:`_texts`)."""
    own = refresh_row(sheet)
    typed = typed_cells(xml, sheet.headers, shared, own, own.firsts(rows))
    found = header_row(xml, sheet.headers, shared, own)  # (where the header row is: read once for both)
    decisions = typed_decisions(xml, sheet, rows, shared, found)
    inside = set(formula_cells(xml, len(sheet.columns)) if formula else ()) | {ref for ref, *_ in decisions} \
        | set(inserted_cells(xml, sheet, shared, found))
    if inside - set(typed):
        typed = sorted(set(typed) | inside, key=_in_sheet_order)
    held = {ref for ref, *_ in decisions}
    shown = [ref for ref in typed if ref not in held][:SHOWN]
    return Typed(typed, _texts(xml, shown, shared, styles, in1904) if shown else {}, decisions, formula)


def typed_in_file(path: Path, sheets: dict[str, tuple[schema.Sheet, Sequence[list]]]) -> dict[str, Typed]:
    """:func:`typed_scan` of each computed sheet of the workbook file ``path`` the workbook has (``sheets``:
    name -> its schema and the rows a refresh would write), as a refresh would find it (a sheet whose name
    differs only in its capitals taken for it, and named as its tab says); the sheets with none left out.  A file a
    refresh stops on before it looks (a Strict Open XML file, a damaged sheet) raises the refresh's
    :class:`~coachlog_xl.errors.WorkbookError`."""
    from coachlog_xl.workbook.byhand import holds_formula
    from coachlog_xl.workbook.damaged import computed_xml
    from coachlog_xl.workbook.package import REL, Package
    from coachlog_xl.workbook.parts import date1904
    from coachlog_xl.workbook.zipparts import ZipSource

    pkg = Package(ZipSource(path))
    try:
        parts = pkg.sheet_parts()
        shared = pkg.shared_strings()
        found = {}
        book = pkg.workbook_part()
        in1904 = date1904(pkg.read(book))
        styles_part = next((r.target for r in pkg.rels(book)
                            if r.type == REL + "styles" and r.target in pkg.source.names),
                           None)
        styles = cache(lambda: Styles(pkg.read(styles_part) if styles_part else b"<styleSheet/>"))
        for name, (sheet, rows) in sheets.items():
            # (as the refresh finds it: "checks" for Checks, whatever its capitals)
            tab = schema.sheet_named(parts, name)
            if tab is not None and parts[tab] in pkg.source.names:
                xml = computed_xml(pkg.source.path, tab, parts[tab], partial(pkg.read, parts[tab]))
                if (seen := typed_scan(xml, sheet, rows, shared, holds_formula(xml), styles, in1904)).cells:
                    found[tab] = seen
        return found
    finally:
        pkg.source.close()


def typed_issues(typed: dict[str, Typed], log, backup: str | None, preview: bool = False,
                 headers: dict[tuple[str, str], str] | None = None) -> Issues:
    """Checks rows for what :func:`typed_scan` found (``log``: the Log's raw table, where its decisions'
    sessions are looked up, :func:`~coachlog_xl.workbook.intable.on_log_rows`): one a cell typed, or one for a sheet
    holding more than :data:`SHOWN` (its cells' range, the first cells named), ``typed-on-computed-sheet``; one a
    decision, ``decision-not-on-log`` (:func:`decision_issues`).  ``backup``: the name of the file that
    holds them still, kept apart (:func:`~coachlog_xl.workbook.safety.keep_apart`; None: no backup was kept);
    ``preview``: said by ``coachlog check`` of the next refresh;
    ``headers``: the header cells of a table's columns renamed (sheet, cell) and the header the refresh writes
    back there, whose row says so rather than to move the cell (its own row, also among more than :data:`SHOWN`
    cells)."""
    issues = Issues()
    decided = {name: on_log_rows(log, seen.decisions) for name, seen in typed.items() if seen.decisions}
    held = {(name, ref) for name, found in decided.items() for ref, *_ in found}
    lost = "is not kept" if preview else "is gone"
    headers = headers or {}
    verb = "holds" if preview else "held"

    def one(name: str, ref: str, text: str) -> None:
        now = headers.get((name, ref))
        issues.add(Code.TYPED_NOT_KEPT, name, _row(ref), ref, text,
                   f'{name} {ref} {verb} "{text}": a refresh rewrites the computed sheets, so what was typed on them '
                   f"{lost}.", _fix(preview, backup, "it") if now is None else _header_fix(preview, now))

    for name, seen in typed.items():
        refs = [ref for ref in seen.cells if (name, ref) not in held]
        if len(refs) > SHOWN:  # (a table column's header renamed: its own row, whose fix is not to move it)
            for ref in refs:
                if (name, ref) in headers:
                    one(name, ref, seen.texts.get(ref, ""))
            refs = [ref for ref in refs if (name, ref) not in headers]
        if len(refs) <= SHOWN:
            for ref in refs:
                one(name, ref, seen.texts.get(ref, ""))
            continue
        span = _span(refs)
        first = seen.texts.get(refs[0], "")
        issues.add(Code.TYPED_NOT_KEPT, name, _row(refs[0]), span, first,
                   f"{said({name: refs})} ({len(refs)} cells in {span}; {refs[0]} {verb} \"{first}\"): a refresh "
                   f"rewrites the computed sheets, so what was typed on them {lost}.", _fix(preview, backup, "them"))
    for name, found in decided.items():
        issues.extend(decision_issues(name, found, preview, backup))
    return issues


def _header_fix(preview: bool, now: str) -> str:
    """How to fix a ``typed-on-computed-sheet`` row of a table column's header renamed, which the refresh
    writes back as ``now``."""
    if preview:
        return (f'In Excel, type the header back as "{now}": Excel renames the table\'s column and the formulas '
                "naming it with it. To show the column under another name, do it on a sheet of your own.")
    return (f'Nothing to move: it is the header of a table column you renamed, which the refresh wrote back as "{now}" '
            "(the table's column too). To show the column under another name, do it on a sheet of your own; a "
            "formula naming the old name is named in Checks.")


def _fix(preview: bool, backup: str | None, them: str) -> str:
    """How to fix a ``typed-on-computed-sheet`` row of one cell (``them``: "it") or of many ("them")."""
    if preview:
        return f"Move {them} to a sheet of your own before the next refresh."
    if backup:
        still = "It is" if them == "it" else "They are"
        return (f"{still} still in {backup}, a copy of the workbook as it was before this refresh, which no command "
                f"replaces: move {them} to a sheet of your own.")
    return f"No backup was kept: type {them} again on a sheet of your own."


def decision_issues(name: str, found: list[tuple[str, int | None, str, str]], preview: bool = False,
                    backup: str | None = None) -> Issues:
    """A ``decision-not-on-log`` row for each Follow-up decision the Log does not hold (cell, the session's
    Log row, session ID, value: :func:`~coachlog_xl.workbook.intable.on_log_rows`), in the words of
    :func:`~coachlog_xl.workbook.strays.decided_where`; ``preview``: said of the next refresh.  A decision
    of a session no row of the Log holds now is most often the Log's copy, its rows deleted since (or its
    Session ID changed): nothing is lost, and the refresh writes no row of Follow-up for it, so it gets a
    note, ``decision-of-session-gone``, naming the row it was on until this refresh (no Row: that row holds
    another session now; ``backup``: the file that holds it still)."""
    issues = Issues()
    done = "The next refresh writes" if preview else "The refresh wrote"
    verb = "holds" if preview else "held"
    for ref, row, sid, value in found:
        if row == NOT_ON_LOG:
            where = (f'{name} row {_row(ref)} holds "{value}" for {sid}, a session no row of the Log holds now (its '
                     "rows deleted, or its Session ID changed): the next refresh "
                     "writes no row for it") if preview else \
                (f'{name} row {_row(ref)} held "{value}" for {sid} until this refresh; no row of the Log holds {sid} '
                 f"now (its rows deleted, or its Session ID changed), so {name} has no row for it")
            kept = f" ({backup} holds the file as it was)" if backup else ""
            issues.add(Code.DECISION_OF_SESSION_GONE, name, _row(ref) if preview else None, "Decision", value,
                       f"{where}.",
                       f"Nothing to do if the session was deleted: its decision went with its Log row{kept}. If its "
                       "Session ID was changed, its Log row keeps its decision; type this one in that row's Decision "
                       "if it is blank there.")
            continue
        issues.add(Code.DECISION_NOT_ON_LOG, name, _row(ref), "Decision", value,
                   f"{decided_where({name: [(ref, row, sid, value)]}, verb)}.",
                   f"{done} the Log's decision here, as it always does: keep a decision in the Log's Decision column.")
    return issues


def _texts(xml: bytes, refs: list[str], shared: Callable[[], bytes], styles: Callable[[], Styles] | None = None,
           in1904: bool = False) -> dict[str, str]:
    """The text each of ``refs`` holds in a sheet's XML, cut at :data:`CUT` characters: a formula's as ``=``
    and its text, a true/false as TRUE or FALSE, a number its style shows as a date or a time of day as one
    (ISO: 2026-01-02, 2026-01-02 14:30, 14:30; ``styles``, ``in1904``: :func:`typed_scan`), else as
    :func:`~coachlog_xl.workbook.intable.cell_texts` reads it; a cell found by its reference, else among
    every cell of the sheet."""
    p = prefix_of(xml).encode()
    cells = {}
    for ref in refs:
        m = re.search(rb"<" + p + rb'c\b[^>]*?\br\s*=\s*"' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</' + p + rb"c\s*>)",
                      xml, re.S)
        if m is not None:
            cells[ref] = m.group(0)
    if len(cells) < len(refs):
        wanted = set(refs) - set(cells)
        cells.update({r: cell.encode() for row, col, cell in sheet_cells(xml.decode("utf-8"))
                      if (r := f"{column_letter(col)}{row}") in wanted})
    formulas = {ref: "=" + unescape(m.group(1).decode("utf-8")) for ref, cell in cells.items()
                if FORMULA.search(cell) and (m := _FORMULA_TEXT.search(cell)) and m.group(1)}
    texts = {**cell_texts({ref: cell for ref, cell in cells.items() if ref not in formulas}, shared), **formulas}
    for ref, cell in cells.items():
        if ref not in formulas and (shown := _shown(cell, styles, in1904)) is not None:
            texts[ref] = shown
    return {ref: _cut(texts.get(ref, "")) for ref in refs}


_STYLE = re.compile(rb'\ss\s*=\s*"(\d+)"')


def _shown(cell: bytes, styles: Callable[[], Styles] | None, in1904: bool) -> str | None:
    """A cell's value as Excel shows it where that is not the value as stored: TRUE or FALSE for a boolean,
    the ISO date, date and time, or time of day of a number its style shows as a date or a time; else None."""
    tag = cell[:cell.find(b">")]
    kind = m.group(1) if (m := CELL_TYPE.search(tag)) else b"n"
    v = CELL_VALUE.search(cell)
    if v is None or kind not in (b"b", b"n"):
        return None
    if kind == b"b":
        return "TRUE" if v.group(1).strip() in (b"1", b"true") else "FALSE"
    style = _STYLE.search(tag)
    if styles is None or style is None:
        return None
    shows = styles().number_kind(int(style.group(1)))
    try:
        number = float(v.group(1))
        moment = EPOCHS[in1904] + dt.timedelta(days=number)
    except (ValueError, OverflowError):
        return None
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    clock = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    if shows == "date":
        return moment.date().isoformat() + ("" if number == int(number) else f" {clock}")
    return clock if shows == "time" and 0 <= number < 1 else None


def _cut(text: str) -> str:
    return text if len(text) <= CUT else text[:CUT - 1] + "…"


def _row(ref: str) -> int:
    return int(CELL_REF.match(ref).group(2))


def _in_sheet_order(ref: str) -> tuple[int, int]:
    m = CELL_REF.match(ref)
    return int(m.group(2)), column_index(m.group(1))


def _span(refs: list[str]) -> str:
    """The range from the top left to the bottom right of ``refs``."""
    at = [(int(m.group(2)), column_index(m.group(1))) for m in map(CELL_REF.match, refs)]
    rows, cols = [r for r, _ in at], [c for _, c in at]
    return f"{column_letter(min(cols))}{min(rows)}:{column_letter(max(cols))}{max(rows)}"
