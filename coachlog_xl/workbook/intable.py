"""Cells a person typed inside a computed sheet's table, which a refresh writes over.

A refresh writes values only in a computed sheet's table, so a formula there is a person's
(:func:`formula_cells`).  Follow-up's Decision is the Log's, copied: a value there that none of the Log's
decisions for its session holds while one of them is blank (:func:`unheld`) was typed there, or cleared
on the Log since the last refresh; the tool cannot tell which, so it is named with its value
(:func:`typed_decisions`).  A Decision that differs from a non-blank Log decision is the Log edited since
the last refresh (the weekly flow): not named.  A value there for a session no row of the Log holds now
(its rows deleted, or its Session ID changed) is named too: typed there, or the Log's copied before the
rows went, it is not written again.  Both are named where
:func:`~coachlog_xl.workbook.strays.typed_cells` names the cells typed outside the table.

The scans are cheap at 10,000 sessions (Follow-up's XML 28 MB): the formulas are looked for only when
a byte search finds one (70 ms), and the decisions read only the cells of two columns (Session ID and Decision),
found by the header row and from their references' literal start (85 ms a column), the Session ID only
where Decision holds a value: 0.07 s with Decision empty, 0.22 s with all 10,000 filled (both columns
read, every one named), against 0.06 s and 0.19 s when the columns were taken where the schema puts them.
A column inserted in the table (:func:`inserted_cells`) is read only when the header row names one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from coachlog_xl import schema
from coachlog_xl.core.inputs import ROW, ArrayPart, header_key
from coachlog_xl.workbook.celledits import formula_cells as cell_formulas
from coachlog_xl.workbook.celledits import sheet_cells
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.sheetxml import column_letter
from coachlog_xl.workbook.strays import (
    NOT_ON_LOG,
    header_row,
    inserted_columns,
    is_number,
    refresh_row,
    shared_texts,
    string_text,
)
from coachlog_xl.workbook.writer import columns_of

FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")  # a cell's formula, <f> or <x:f> (the one spelling of the check)
CELL_TYPE = re.compile(rb'\st\s*=\s*"(\w+)"')  # a cell's type, in its start tag
CELL_VALUE = re.compile(rb"<(?:\w+:)?v\s*>([^<]*)<")  # a cell's <v> text


def formula_cells(xml: bytes, width: int) -> list[str]:
    """The references of the cells below row 1 within the sheet's ``width`` columns holding a formula
    (:func:`~coachlog_xl.workbook.celledits.formula_cells`; an array formula's other cells hold only its
    values), in sheet order (the caller looks first whether any cell holds one: a byte search)."""
    return [f"{column_letter(col)}{row}" for (row, col), text in cell_formulas(xml, set(range(1, width + 1))).items()
            if row > 1 and not isinstance(text, ArrayPart)]


def typed_decisions(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], shared: Callable[[], bytes] = bytes,
                    found: tuple[int, dict[int, object]] | None = None) -> list[tuple[str, str, str]]:
    """(reference, session ID, value) of each Decision cell of Follow-up's XML as it was (``xml``) holding a
    value (not a formula) the Log does not hold for its session while one of the session's decisions is
    blank in ``rows`` (the new rows under the header), or of a session none of ``rows`` holds
    (:func:`unheld`), in sheet order.  Session ID and
    Decision are found by the old sheet's header row, where it was found (rows inserted above it move it, a
    column inserted before them moves them: :func:`~coachlog_xl.workbook.strays.header_row`), else
    where the schema puts them; ``shared``: the workbook's shared strings part, read when a cell holds one;
    ``found``: the header row's :func:`~coachlog_xl.workbook.strays.header_row`, when the caller has it."""
    keys = sheet.keys
    if sheet.name != schema.FOLLOWUP.name or "decision" not in keys:
        return []
    p = prefix_of(xml).encode()
    # (rows inserted above it move it)
    top, header = found or header_row(xml, sheet.headers, shared, refresh_row(sheet))
    at_id, at_decision = decision_columns({col: value for col, value in header.items() if isinstance(value, str)})
    decisions = {row: cell for row, cell in _column(xml, p, at_decision).items()
                 if row > top and not FORMULA.search(cell)}
    decided = {row: value for row, value in cell_texts(decisions, shared).items() if value.strip()}
    if not decided:  # (the new rows' columns made only now: a first refresh's Follow-up, empty, makes none)
        return []
    columns = columns_of(rows) if len(rows) else None
    held = log_decisions(columns[keys.index("session_id")], columns[keys.index("decision")]) if columns else {}
    ids = cell_texts({row: cell for row, cell in _column(xml, p, at_id).items() if row in decided}, shared)
    letter = column_letter(at_decision)
    return [(f"{letter}{row}", ids[row], decided[row]) for row in sorted(decided)
            # (no ID: a cell typed under the table)
            if ids.get(row, "").strip() and unheld(held, ids[row], decided[row])]


def inserted_cells(xml: bytes, sheet: schema.Sheet, shared: Callable[[], bytes] = bytes,
                   found: tuple[int, dict[int, object]] | None = None) -> list[str]:
    """The references of the cells below the header row found holding a value in a column of the old
    sheet's table (within the sheet's width) whose header is none of the sheet's, the sheet's header of
    that column being next right (:func:`~coachlog_xl.workbook.strays.inserted_columns`): a column a person
    inserted, whose cells the new sheet, its columns where the schema puts them, does not keep; in sheet
    order (``found``: as :func:`typed_decisions`')."""
    p = prefix_of(xml).encode()
    top, header = found or header_row(xml, sheet.headers, shared, refresh_row(sheet))
    inserted = inserted_columns(header, sheet.headers)
    cells = [(row, col) for col in inserted for row, value in cell_texts(_column(xml, p, col), shared).items()
             if row > top and value.strip()]
    return [f"{column_letter(col)}{row}" for row, col in sorted(cells)]


def decision_columns(header: dict[int, str]) -> tuple[int, int]:
    """Follow-up's Session ID and Decision columns (1-based) in its header row as it was (``header``:
    the text of each column's cell), each where the schema puts it when its header is not found."""
    found = {}
    for col in sorted(header):
        found.setdefault(header_key(header[col]), col)
    keys = schema.FOLLOWUP.keys
    return tuple(found.get(header_key(schema.FOLLOWUP.column(key).header), keys.index(key) + 1)
                 for key in ("session_id", "decision"))


def log_decisions(ids: Sequence, decisions: Sequence) -> dict[str, set[str]]:
    """The session IDs (as text) the refresh writes, each with its decisions as the tool compares them
    (:func:`header_key`: case, spaces; a blank, None, NaN or no text, where the refresh writes a blank
    Decision, as "")."""
    out: dict[str, set[str]] = {}
    for sid, decision in zip(ids, decisions):
        blank = decision is None or decision != decision or (isinstance(decision, str) and not decision.strip())
        out.setdefault(_text(sid), set()).add("" if blank else _decision_key(decision))
    return out


def unheld(held: dict[str, set[str]], sid, value) -> bool:
    """Whether a Follow-up Decision ``value`` of session ``sid`` is none of the Log's decisions for it
    while one is blank (``held``: :func:`log_decisions`), a decision typed there or one cleared on the Log;
    or is one of a session the refresh no longer writes (its Log rows deleted, or its Session ID changed)."""
    sid = _text(sid)
    return sid not in held or ("" in held[sid] and _decision_key(value) not in held[sid])


def _decision_key(value) -> str:
    text = _text(value)
    return header_key(text) or text


def typed_decision_values(ids: list, decisions: list, col: int, held: dict[str, set[str]],
                          top: int = 1) -> list[tuple[str, str, str]]:
    """:func:`typed_decisions` of Follow-up's values read through xlwings (``ids``, ``decisions``: its
    Session ID and Decision columns from row 1, blanks as None, the Decision column ``col``, 1-based, both
    found by :func:`decision_columns`; ``top``: the header row, the table's rows under it): (reference,
    session ID, value) of each Decision cell of the table's rows holding a value :func:`unheld` by the Log
    (``held``: :func:`log_decisions` of what the refresh writes)."""
    letter = column_letter(col)
    found = []
    for r, (sid, value) in enumerate(zip(ids[top:], decisions[top:]), top + 1):
        if sid is None:
            break  # (the end of the table's block: what lies under it is named as typed outside it)
        if value is not None and str(value).strip() and unheld(held, sid, value):
            found.append((f"{letter}{r}", _text(sid), _text(value)))
    return found


def on_log_rows(log, found: list[tuple[str, str, str]]) -> list[tuple[str, int | None, str, str]]:
    """Each (cell, session ID, value) of ``found`` as (cell, the session's row on ``log``, the Log's raw
    table, session ID, value; the row None: no one row of the Log, its Session ID column renamed or the ID
    on two rows; :data:`NOT_ON_LOG`: the ID on none)."""
    names = [str(h).strip().casefold() for h in log.headers]
    wanted = schema.LOG.column("session_id").header.casefold()
    at = names.index(wanted) if wanted in names else None
    rows: dict[str, list[int]] = {}
    if at is not None:
        for sid, row in zip(log.data[at].tolist(), log.data[ROW].tolist()):
            rows.setdefault(_text(sid), []).append(int(row))
    return [(ref, rows[sid][0] if len(rows.get(sid, [])) == 1 else NOT_ON_LOG if at is not None and sid not in rows
             else None, sid, value) for ref, sid, value in found]


def _text(value) -> str:
    """A session ID as text, as a cell shows it (a whole number without its point)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _column(xml: bytes, p: bytes, col: int) -> dict[int, bytes]:
    """The cells of column ``col`` by row: found from ``<c r="LETTERS`` where every cell tag starts so,
    else from every cell of the sheet."""
    letter = column_letter(col).encode()
    start, end = xml.find(b"<" + p + b"sheetData"), xml.rfind(b"</" + p + b"sheetData")
    tag = b"<" + p + b"c"
    if start >= 0 and xml.count(tag + b' r="', start, end) == xml.count(tag, start, end):
        pattern = re.compile(rb"<" + p + rb'c r="' + letter + rb'(\d+)"[^>]*?(?:/>|>.*?</' + p + rb"c\s*>)", re.S)
        return {int(m.group(1)): m.group(0) for m in pattern.finditer(xml, start, end)}
    return {row: cell.encode() for row, c, cell in sheet_cells(xml.decode("utf-8")) if c == col}


def cell_texts(cells: dict, shared: Callable[[], bytes]) -> dict:
    """The text each cell shows (``cells``: its XML by any key, the key kept; a shared string looked up in
    ``shared``'s part; a number as written)."""
    out, indices = {}, {}
    for row, cell in cells.items():
        kind = m.group(1) if (m := CELL_TYPE.search(cell[:cell.find(b">")])) else b"n"
        if kind == b"inlineStr":
            out[row] = string_text(cell.decode("utf-8"))
        elif (v := CELL_VALUE.search(cell)) is not None:
            if kind == b"s" and v.group(1).strip().isdigit():
                indices[row] = int(v.group(1))
            elif kind != b"s":
                out[row] = _text(float(v.group(1))) if kind == b"n" and is_number(v.group(1)) else v.group(1).decode()
    if indices:
        texts = shared_texts(shared(), set(indices.values()))
        out.update({row: texts[i] for row, i in indices.items() if i in texts})
    return out

