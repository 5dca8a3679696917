"""Cells a person typed inside a computed sheet's table, which a refresh writes over.

A refresh writes values only in a computed sheet's table, so a formula there is a person's
(:func:`formula_cells`).  Follow-up's Decision is the Log's Decision, copied: one typed there while the
Log's Decision for that session (the value the refresh writes there) is blank is a person's decision
that belongs in the Log (:func:`typed_decisions`).  A Decision that differs from a non-blank Log decision
is the Log edited since the last refresh (the weekly flow): not named.  Both are named where
:func:`~coachlog_xl.workbook.strays.typed_cells` names the cells typed outside the table.

The scans are cheap at 10,000 sessions (Follow-up's XML 28 MB): the formulas are looked for only when
a byte search finds one (70 ms), and the decisions read only the cells of two columns (Session ID and Decision),
found from their references' literal start (85 ms a column), and only when a session's decision is blank now:
0.1 s with Decision empty, 0.2 s with all 10,000 filled (both columns read, every one named or none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from coachlog_xl import schema
from coachlog_xl.core.inputs import ROW
from coachlog_xl.workbook.celledits import sheet_cells
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.sheetxml import column_letter
from coachlog_xl.workbook.strays import shared_texts, string_text

_FORMULA = re.compile(r"<(?:\w+:)?f\b")
_TYPE = re.compile(rb'\st\s*=\s*"(\w+)"')
_NUMBER = re.compile(rb"<(?:\w+:)?v\s*>([^<]*)<")


def formula_cells(xml: bytes, width: int) -> list[str]:
    """The references of the cells below row 1 within the sheet's ``width`` columns holding a formula,
    in sheet order (the caller looks first whether any cell holds one: a byte search)."""
    return [f"{column_letter(col)}{row}" for row, col, cell in sheet_cells(xml.decode("utf-8"))
            if row > 1 and col <= width and _FORMULA.search(cell)]


def typed_decisions(xml: bytes, sheet: schema.Sheet, rows: Sequence[list],
                    shared: Callable[[], bytes] = bytes) -> list[tuple[str, str]]:
    """(reference, session ID) of each Decision cell of Follow-up's XML as it was (``xml``) holding a value
    (not a formula) whose row's session has a blank decision in ``rows`` (the new rows under the header),
    in sheet order; ``shared``: the workbook's shared strings part, read when a cell holds one."""
    keys = sheet.keys
    if sheet.name != schema.FOLLOWUP.name or "decision" not in keys or not len(rows):
        return []
    at_id, at_decision = keys.index("session_id"), keys.index("decision")
    columns = rows.columns() if hasattr(rows, "columns") else [list(c) for c in zip(*rows)]
    blank = undecided(columns[at_id], columns[at_decision])
    if not blank:
        return []
    p = prefix_of(xml).encode()
    decisions = {row: cell for row, cell in _column(xml, p, at_decision + 1).items()
                 if row > 1 and not re.search(rb"<(?:\w+:)?f\b", cell)}
    values = _values(decisions, shared)
    decided = {row: value for row, value in values.items() if value.strip()}
    if not decided:
        return []
    ids = _values({row: cell for row, cell in _column(xml, p, at_id + 1).items() if row in decided}, shared)
    letter = column_letter(at_decision + 1)
    return [(f"{letter}{row}", ids[row]) for row in sorted(decided) if ids.get(row, "").strip() in blank]


def undecided(ids: Sequence, decisions: Sequence) -> set[str]:
    """The session IDs (as text) whose decision is blank (None, NaN or no text): where the refresh writes a
    blank Decision."""
    return {_text(sid) for sid, decision in zip(ids, decisions)
            if decision is None or decision != decision or (isinstance(decision, str) and not decision.strip())}


def typed_decision_values(ids: list, decisions: list, blank: set[str]) -> list[tuple[str, str]]:
    """:func:`typed_decisions` of Follow-up's values read through xlwings (``ids``, ``decisions``: its
    Session ID and Decision columns from row 1, blanks as None): (reference, session ID) of each Decision
    cell of the table's rows holding a value whose session is one of ``blank`` (:func:`undecided` of what
    the refresh writes)."""
    letter = column_letter(schema.FOLLOWUP.keys.index("decision") + 1)
    found = []
    for r, (sid, value) in enumerate(zip(ids[1:], decisions[1:]), 2):
        if sid is None:
            break  # (the end of the table's block: what lies under it is named as typed outside it)
        if value is not None and str(value).strip() and _text(sid) in blank:
            found.append((f"{letter}{r}", _text(sid)))
    return found


def on_log_rows(log, found: list[tuple[str, str]]) -> list[tuple[str, int | None]]:
    """Each (cell, session ID) of ``found`` as (cell, the session's row on ``log``, the Log's raw table;
    None: no one row of the Log, its Session ID column renamed or the ID on two rows)."""
    names = [str(h).strip().casefold() for h in log.headers]
    wanted = schema.LOG.column("session_id").header.casefold()
    at = names.index(wanted) if wanted in names else None
    rows: dict[str, list[int]] = {}
    if at is not None:
        for sid, row in zip(log.data[at].tolist(), log.data[ROW].tolist()):
            rows.setdefault(_text(sid), []).append(int(row))
    return [(ref, rows[sid][0] if len(rows.get(sid, [])) == 1 else None) for ref, sid in found]


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


def _values(cells: dict[int, bytes], shared: Callable[[], bytes]) -> dict[int, str]:
    """The text each cell shows (a shared string looked up in ``shared``'s part; a number as written)."""
    out, indices = {}, {}
    for row, cell in cells.items():
        kind = m.group(1) if (m := _TYPE.search(cell[:cell.find(b">")])) else b"n"
        if kind == b"inlineStr":
            out[row] = string_text(cell.decode("utf-8"))
        elif (v := _NUMBER.search(cell)) is not None:
            if kind == b"s" and v.group(1).strip().isdigit():
                indices[row] = int(v.group(1))
            elif kind != b"s":
                out[row] = _text(float(v.group(1))) if kind == b"n" and _is_number(v.group(1)) else v.group(1).decode()
    if indices:
        texts = shared_texts(shared(), set(indices.values()))
        out.update({row: texts[i] for row, i in indices.items() if i in texts})
    return out


def _is_number(text: bytes) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True

