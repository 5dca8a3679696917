"""Pivot tables placed on a computed sheet, which a refresh would write over.

A pivot table's cells are ordinary cells of the sheet it stands on (its part, ``pivotTable1.xml``,
says where: ``<location ref="Z6:AB9">``), so on a computed sheet a refresh would clear them or write
its rows into them, while the pivot table's parts, which it keeps byte for byte, still say they are
there: Excel then shows a pivot table over cells that are no longer its own (and cannot refresh it
where the sheet's rows now lie).  Neither are they words a person typed, the warning a refresh gives
for those (:mod:`~coachlog_xl.workbook.strays`).  So a refresh stops before anything is written, names
each such pivot table and its range, and says how to move it to a sheet of its own; cells typed
elsewhere on the computed sheets are named with it, since the next refresh would not keep them
either.  A pivot table's report filters stand over its range (Excel: a row for each filter its location
counts as ``rowPageCount``, then a blank row, and no row at all without a filter; LibreOffice puts its
Filter button a row above those, even with no filter): they are its cells too, not typed ones.  Which
of the two wrote the part its root tells: Excel writes ``createdVersion`` on every pivot table,
LibreOffice never (a part of neither is taken for LibreOffice's, the wider of the two).  A pivot table over a computed
sheet that stands on a sheet of its own is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from xml.etree import ElementTree

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.wording import MOVE_PIVOT, listed
from coachlog_xl.errors import CoachlogError, WorkbookError
from coachlog_xl.workbook.a1 import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from coachlog_xl.workbook.parts import attribute_text, linked_by_sheet
from coachlog_xl.workbook.strays import said

_ROOT = re.compile(rb"<(?:\w+:)?pivotTableDefinition\b[^>]*>")
_NAME = re.compile(rb'\sname\s*=\s*"([^"]*)"')
_LOCATION = re.compile(rb'<(?:\w+:)?location\b[^>]*?\sref\s*=\s*"([^"]*)"[^>]*')
_PAGES = re.compile(rb'\s(row|col)PageCount\s*=\s*"(\d+)"')
_EXCELS = re.compile(rb'\screatedVersion\s*=')
MOVE = MOVE_PIVOT
CUT = "select its cells, cut them (Ctrl+X) and paste them on another sheet"  # a table (Insert > Table)
# what a refusal says of each kind of thing in the way: where it stands on the sheet, what would become
# of its cells, whether Excel would then drop it as damaged, whose sheet to move it to, and how
_WORDS = {
    "pivot table": ("", "written over", False, "its own", MOVE),
    "table": (", beside or below the rows it writes", "cleared or written over", True, "your own", CUT),
}


@dataclass(frozen=True)
class Pivot:
    """A pivot table (or a table in the way, :mod:`~coachlog_xl.workbook.besidetables`): its name, the
    sheet it stands on and its range (``Z6:AB9``; None where the engine cannot tell it)."""

    name: str
    sheet: str
    ref: str | None
    filter_rows: int = 0
    filter_columns: int = 0

    def covers(self, cell: str) -> bool:
        """Whether the cell (``AA7``) lies in the pivot table's range, or among the ``filter_rows`` rows over
        it where its report filters stand, ``filter_columns`` columns wide from its first (or as wide as it)."""
        if self.ref is None:
            return False
        first_col, first_row, last_col, last_row = range_boundaries(self.ref)
        letters, row = coordinate_from_string(cell)
        col = column_index_from_string(letters)
        if first_row - self.filter_rows <= row < first_row:
            return first_col <= col <= max(last_col, first_col + self.filter_columns - 1)
        return first_col <= col <= last_col and first_row <= row <= last_row

    def bounds(self) -> tuple[int, int, int, int] | None:
        """(first column, first row, last column, last row) of the block its cells take, the rows of its report
        filters over it included (as :meth:`covers`); None where its range is not told."""
        if self.ref is None:
            return None
        first_col, first_row, last_col, last_row = range_boundaries(self.ref)
        right = max(last_col, first_col + self.filter_columns - 1) if self.filter_rows else last_col
        return first_col, max(1, first_row - self.filter_rows), right, last_row


def pivot_of(xml: bytes, sheet: str) -> Pivot:
    """The pivot table a pivot table part defines, standing on ``sheet``."""
    root = _ROOT.search(xml)
    name = _NAME.search(root.group(0)) if root else None
    ref = _LOCATION.search(xml)
    pages = {kind: int(count) for kind, count in _PAGES.findall(ref.group(0))} if ref else {}
    filters = pages.get(b"row", 0)
    # Excel's filters and the blank row under them (a title typed over a pivot table without filters is
    # no cell of it); LibreOffice's button, filters and blank row
    above = (filters + 1 if filters else 0) if root and _EXCELS.search(root.group(0)) else filters + 2
    # each filter across takes two columns (its name, its value) and a blank one before the next
    return Pivot(attribute_text(name.group(1).decode("utf-8")) if name else "", sheet,
                 _cells(ref.group(1).decode("utf-8").replace("$", "")) if ref else None,
                 above, 3 * max(pages.get(b"col", 0), 1) - 1)


def pivots_by_sheet(path: Path) -> dict[str, list[Pivot]]:
    """Sheet name -> the pivot tables standing on it (each a part the sheet's relationships link), for the
    sheets with one: on the Log, Criteria or Reps their cells are the pivot table's, not rows typed there
    (:func:`~coachlog_xl.workbook.reader.inputs_from_book` reads them as blank); {} when the package cannot tell."""
    return linked_by_sheet(path, "pivotTable", pivot_of)


def read_blank(rows: list[list], pivots: list[Pivot]) -> list[list]:
    """``rows`` (a sheet's, from row 1) with the cells the pivot tables cover read as blank (a copy of each row
    so changed): a pivot table's rows are not entries typed on the sheet.  A pivot table whose range is not
    told covers none."""
    out = rows
    for pivot in pivots:
        if (bounds := pivot.bounds()) is None:
            continue
        left, top, right, bottom = bounds
        out = list(out) if out is rows else out
        for r in range(top, min(bottom, len(out)) + 1):
            row = out[r - 1] = list(out[r - 1])
            for c in range(left, min(right, len(row)) + 1):
                if pivot.covers(f"{get_column_letter(c)}{r}"):
                    row[c - 1] = None
    return out


def placed(sheet: str, pivots: list[Pivot], rows: list[list], columns: set[int]) -> list[tuple]:
    """What Checks says of each pivot table standing on an input sheet
    (:attr:`~coachlog_xl.core.inputs.RawInputs.pivots`): (sheet, its name, the range of its cells, its first row, and
    the row the sheet's next entry is typed in when the pivot table stands there or below it in ``columns``, the sheet's
    own, else None); ``rows``: the sheet's rows with the pivot tables' cells read as blank (:func:`read_blank`).  A
    pivot table whose range is not told gives None for its range and rows."""
    last = max((i for i, row in enumerate(rows[1:], start=2)
                if any(not coerce.is_blank(row[c - 1]) for c in columns if c <= len(row))), default=1)
    out = []
    for pivot in pivots:
        if (bounds := pivot.bounds()) is None:
            out.append((sheet, pivot.name, None, None, None))
            continue
        left, top, right, bottom = bounds
        in_the_way = bottom > last and any(left <= c <= right for c in columns)
        out.append((sheet, pivot.name, f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}", top,
                    last + 1 if in_the_way else None))
    return out


def _cells(ref: str) -> str | None:
    """``ref`` when it names a block of cells (``Z6:AB9``, ``Z6``), else None (its range untold)."""
    try:
        return ref if None not in range_boundaries(ref) else None
    except ValueError:
        return None


def refuse_pivots(pkg, parts: dict[str, str]) -> None:
    """A :class:`~coachlog_xl.errors.WorkbookError` naming the pivot tables standing on the computed
    sheets of the package (``parts``: its sheet parts by name) and the cells typed elsewhere on them,
    before anything is read or written (:func:`~coachlog_xl.workbook.parts.refuse_strict` opens it);
    any other problem of the file is left to the readers, which name it."""
    if (found := on_computed(pkg, parts, "pivotTable", lambda xml, name, _: pivot_of(xml, name))) is not None:
        pivots, typed = found
        raise WorkbookError(f"{PurePath(pkg.source.path).name}: {refusal(pivots, typed)}")


def on_computed(pkg, parts: dict[str, str], kind: str, read: Callable) -> tuple[list, dict[str, list[str]]] | None:
    """(what ``read`` makes of each part of relationship type ``kind`` a computed sheet of the package
    links, given its XML, the sheet's name and :class:`~coachlog_xl.schema.Sheet`, Nones left out; the
    cells typed on the computed sheets, by sheet name, the refresh's rows told as a refresh tells them,
    from the row alone: :func:`~coachlog_xl.workbook.strays.refresh_row`) when ``read`` finds one; None when it finds
    none, or the file cannot be read so far (the readers name its problem)."""
    from coachlog_xl.workbook.package import REL
    from coachlog_xl.workbook.strays import refresh_row, typed_cells

    try:
        computed = {name: s for s in schema.COMPUTED_SHEETS if (name := schema.sheet_named(parts, s.name))}
        found = [got for name, s in computed.items() for rel in pkg.rels(parts[name])
                 if rel.type == REL + kind and not rel.external and rel.target in pkg.names
                 and (got := read(pkg.read(rel.target), name, s)) is not None]
        if not found:
            return None
        shared = pkg.shared_strings()
        return found, {name: typed_cells(pkg.read(parts[name]), s.headers, shared, refresh_row(s))
                       for name, s in computed.items()}
    except (KeyError, CoachlogError, ElementTree.ParseError, UnicodeError):
        return None


# what stops, and what to do once the sheet is cleared: a refresh, or a check (the Check button)
DOING = {"refresh": ("a refresh", "refresh again"), "check": ("a check", "run the check again")}


def refusal(pivots: list[Pivot], typed: dict[str, list[str]], action: str = "refresh",
            kind: str = "pivot table") -> str:
    """The message of a refresh (``action`` "check": of a check, which rewrites only Checks) stopped by
    ``pivots`` standing on computed sheets (``kind`` "table": tables beside or below the rows written,
    :mod:`~coachlog_xl.workbook.besidetables`); ``typed``: by sheet, cells holding a value outside the
    block written (:mod:`~coachlog_xl.workbook.strays`), of which those in a pivot table's range are
    its own and not named, and none on a sheet with a pivot table whose range is not known."""
    doing, again = DOING[action]
    where, fate, dropped, whose, move = _WORDS[kind]
    many = len(pivots) > 1
    each = [f'"{p.name}" ({p.sheet} {p.ref})' if p.ref else f'"{p.name}" (on {p.sheet})' for p in pivots]
    named = listed(each)
    text = (f"Nothing was changed: the {kind}{'s' if many else ''} {named} {'stand' if many else 'stands'} on "
            f"{'sheets' if len({p.sheet for p in pivots}) > 1 else 'a sheet'} that {doing} rewrites whole{where}, so "
            f"{'their' if many else 'its'} cells would be {fate}"
            + (f" (and Excel would then drop {'them' if many else 'it'} as damaged)" if dropped else "")
            + f". Move {'each' if many else 'it'} to a sheet of {whose} ({move}), then {again}.")
    unknown = {p.sheet for p in pivots if p.ref is None}
    rest = {sheet: kept for sheet, refs in typed.items() if sheet not in unknown
            and (kept := [ref for ref in refs if not any(p.sheet == sheet and p.covers(ref) for p in pivots)])}
    if rest:
        text += (f" {said(rest)} "
                 f"{'hold' if sum(map(len, rest.values())) > 1 else 'holds'} words typed on such a sheet, which "
                 f"{doing} does not keep either: move them to a sheet of your own too (or clear them).")
    return text
