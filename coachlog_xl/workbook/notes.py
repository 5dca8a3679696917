"""Notes a person left on the rows of a computed sheet, which stay on their cells while the rows move.

A note (Review > New Note, or a comment: Excel keeps its thread beside it) belongs to a cell and lives
in the sheet's comments part, which a refresh copies as it is.  The rows under it are written anew in
the refresh's order (by session date, then session id), so a note left beside one session may stand
beside another's after a refresh: a new session dated earlier moves every later row down.
:func:`moved_notes` names the notes below the header whose row now holds another subject than when the
note was left (another session on Follow-up and Baseline, another group on Aggregate, another problem
on Checks), told by the row's first cells, so that the refresh can say so.  Nothing is moved: the
comments part is the person's.  A link (Insert > Link) belongs to its cells in the same way, in the
sheet's ``<hyperlinks>``, which a refresh keeps: :func:`moved_links` names those whose rows now hold
another subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import column_index_from_string
from coachlog_xl.workbook.celledits import sheet_cells
from coachlog_xl.workbook.sheetxml import CELL_REF, ROW_START, attributes, column_letter
from coachlog_xl.workbook.strays import cell_text, shared_texts, string_text
from coachlog_xl.workbook.writer import SheetRows

COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
# the columns that tell what a row is about, by sheet (the others change from one as-of date to the next)
SUBJECT = {schema.FOLLOWUP.name: ("session_id",), schema.BASELINE.name: ("session_id",),
           schema.AGGREGATE.name: ("dimension", "group"), schema.CHECKS.name: ("sheet", "row", "field", "code")}
_REF = re.compile(r'<(?:\w+:)?comment\b[^>]*?\bref="([A-Z]+\d+)"')
_LINK = re.compile(r'<(?:\w+:)?hyperlink\b[^>]*?\bref="(([A-Z]+)(\d+)(?::[A-Z]+(\d+))?)"')
_TYPE = re.compile(r'\st="(\w+)"')
_V = re.compile(r"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def note_cells(comments: Sequence[bytes]) -> list[tuple[int, int]]:
    """(row, column) of every note in the comments parts, 1-based, by row then column."""
    found = set()
    for xml in comments:
        for ref in _REF.findall(_decoded(xml)):
            m = CELL_REF.fullmatch(ref)
            found.add((int(m.group(2)), column_index_from_string(m.group(1))))
    return sorted(found)


def _decoded(xml: bytes) -> str:
    """A comments part's text: UTF-16 when it starts with its byte order mark, else UTF-8 (a character
    of another encoding replaced: the references read are ASCII)."""
    if xml[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return xml.decode("utf-16")
    return xml.decode("utf-8", "replace")


def moved_notes(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], comments: Sequence[bytes],
                shared: Callable[[], bytes] = bytes) -> list[str]:
    """The cells (``E10``) of the notes below row 1 whose row held another subject in the sheet's XML
    as it was (``xml``) than it holds in ``rows`` (the new rows under the header), or holds none now."""
    cells = [(r, c) for r, c in note_cells(comments) if r > 1]
    return [f"{column_letter(c)}{r}" for r, c in _moved(xml, sheet, rows, cells, shared)]


def moved_links(xml: bytes, sheet: schema.Sheet, rows: Sequence[list],
                shared: Callable[[], bytes] = bytes) -> list[str]:
    """The references (``A3``, ``A3:B4``) of the links in the sheet's XML as it was (``xml``) with a row
    below row 1 that held another subject than it holds in ``rows``, or holds none now."""
    end = xml.rfind(b"sheetData")  # (the links follow the cells: the cells are not searched)
    links = []
    for m in _LINK.finditer(xml[max(end, 0):].decode("utf-8", "replace")):
        first, last = int(m.group(3)), int(m.group(4) or m.group(3))
        links.append((m.group(1), column_index_from_string(m.group(2)), range(max(first, 2), last + 1)))
    cells = sorted({(r, c) for _, c, span in links for r in span})
    moved = set(_moved(xml, sheet, rows, cells, shared)) if cells else set()
    return [ref for ref, c, span in links if any((r, c) in moved for r in span)]


def _moved(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], cells: list[tuple[int, int]],
           shared: Callable[[], bytes]) -> list[tuple[int, int]]:
    """Those of ``cells`` (row, column; below row 1) whose row held another subject in ``xml`` than it
    holds in ``rows``, or holds none now."""
    if not cells:
        return []
    keys = [sheet.keys.index(k) for k in SUBJECT.get(sheet.name, sheet.keys[:1])]
    text = xml.decode("utf-8")
    starts = _row_starts(text, {r for r, _ in cells})
    found = {r: _row_values(text, starts.get(r), r, keys) for r, _ in cells}
    indices = {v for values in found.values() if values for v in values if isinstance(v, int)}
    strings = shared_texts(shared(), indices) if indices else {}  # (all at once: counted from the first)
    old = {r: _texts(values, strings) for r, values in found.items()}
    columns = rows.columns() if isinstance(rows, SheetRows) else None  # (a lazy table's rows are not made)
    out = []
    for r, c in cells:
        i = r - 2
        new = None if i >= len(rows) else [_as_text(columns[k][i]) for k in keys] if columns is not None else \
            [_as_text(rows[i][k] if k < len(rows[i]) else None) for k in keys]
        if old[r] is not None and old[r] != new:
            out.append((r, c))
    return out


def _row_starts(text: str, wanted: set[int]) -> dict[int, int]:
    """Where each row of ``wanted`` starts in the sheet's XML, found in one pass up to the last of them
    (a row without its r attribute follows the one before it)."""
    found: dict[int, int] = {}
    last, r = max(wanted), 0
    for m in ROW_START.finditer(text):
        r = int(attributes(m.group(1)).get("r", r + 1))
        if r in wanted:
            found.setdefault(r, m.start())
        if r >= last:
            break
    return found


def _row_values(text: str, start: int | None, r: int, keys: list[int]) -> list[str | int | None]:
    """The texts of row ``r``'s cells (the row starting at ``start``) in the columns ``keys`` (0-based;
    None for a blank, the index of a shared string); none when the sheet has no such row."""
    if start is None:
        return []
    cells: dict[int, str] = {}
    for row, col, cell in sheet_cells(text, start, r - 1):
        if row != r:
            break
        cells[col - 1] = cell
    values: list[str | int | None] = []
    for k in keys:
        cell = cells.get(k)
        kind = _TYPE.search(cell[:cell.find(">")]) if cell else None
        v = _V.search(cell) if cell else None
        if cell is None:
            values.append(None)
        elif kind and kind.group(1) == "inlineStr":
            values.append(_as_text(string_text(cell)))
        elif kind and kind.group(1) == "s" and v and v.group(1).strip().isdigit():
            values.append(int(v.group(1)))
        else:
            values.append(_as_text(cell_text(v.group(1))) if v else None)
    return values


def _texts(values: list[str | int | None], strings: dict[int, str]) -> list[str | None] | None:
    """``values`` with their shared strings' texts, None when there are none (no subject to compare).  A
    text is compared as :func:`_as_text` gives the new rows' values ('0001' as '1')."""
    texts = [_as_text(strings.get(v)) if isinstance(v, int) else v for v in values]
    return None if all(v is None for v in texts) else texts


def _as_text(value) -> str | None:
    """A cell's value as the text compared: a whole number without its ``.0``, a blank None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        value = number
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
