"""The warning on a paste's cells holding formulas never calculated (the file saved by a program that
does not calculate them, such as a script's openpyxl), for the cells the layout reader reads: a column
of the team's own beside the export's is never read, so what its formulas give does not matter."""

from __future__ import annotations

from collections.abc import Container, Mapping

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, RawTable, formula_shown, formula_words, header_key
from coachlog_xl.core.layout import columns_read, segments
from coachlog_xl.core.paste_checks import column_letter
from coachlog_xl.core.wide import OVERALL, SIDE_COLUMN
from coachlog_xl.core.wording import count, some


def uncalculated(table: RawTable, issues: Issues, header_map: dict[str, list[str]],
                 known: Mapping[str, Container] | None = None) -> None:
    """A warning per column of a paste holding formulas never calculated in cells the layout reader may
    read (:func:`read_cells`): the readers give such a cell as blank, so a score there is not counted
    and a call id or date there leaves its row unread.  Names the first cell, and the rows of the others
    (:func:`~coachlog_xl.core.wording.some`)."""
    if not table.uncalculated:
        return
    may_read = read_cells(table, header_map, known)
    by_column: dict[int, list[tuple[int, str]]] = {}
    for (row, col), text in sorted(table.uncalculated.items(), key=lambda item: (item[0][1], item[0][0])):
        if may_read(row, col):
            by_column.setdefault(col, []).append((row, text))
    for col, cells in by_column.items():
        (row, text), more = cells[0], len(cells) - 1
        head = table.headers[col - 1] if col <= len(table.headers) else None
        where = coerce.text(head) if not coerce.is_blank(head) else f"column {column_letter(col - 1)}"
        issues.add(Code.UNCALCULATED, table.sheet, row, where, formula_shown(text),
                   f"{table.sheet} row {row}: {where} holds {formula_words(text)}, which has no calculated value (the "
                   "file was saved by a program that does not calculate formulas), so it is read as blank"
                   + (f"; so {'is' if more == 1 else 'are'} {count(more, 'more cell')} of {where} (row"
                      f"{'' if more == 1 else 's'} {some(r for r, _ in cells[1:])})" if more else "")
                   + ". A blank score is not counted, and a row without its call id or call date is not read.",
                   "Open the workbook in Excel or LibreOffice and save it (that calculates the formulas), or paste "
                   "the export's values there instead (Paste Special > Values).")


def read_cells(table: RawTable, header_map: dict[str, list[str]], known: Mapping[str, Container] | None = None):
    """Whether the layout reader may read the cell at (Excel row, column 1 = A), by the header block the
    row is under (:func:`~coachlog_xl.core.layout.segments`): a field's column, an evaluator's score
    column (:func:`~coachlog_xl.core.layout.columns_read`), the sheet's Exclude column; in a wide paste
    every named column but a side column or an overall score, since a criterion's column is told by its
    values, which a formula never calculated hides; nothing of a table below the scores that names no
    call id.  A row under no block (a header row further down) is taken as read."""
    spans = []  # (first row, last row, columns read from 1)
    blocks = segments(table, header_map, Issues())
    first = next((n for n, block in enumerate(blocks) if len(block.data)), 0)
    sheet_exclude = None
    for n, block in enumerate(blocks):
        if not len(block.data):
            continue
        cols, read = columns_read(block, header_map, known)
        if n == 0:
            sheet_exclude = cols.get("exclude")
        elif sheet_exclude is not None:
            read.add(sheet_exclude)
        if n > first and "call_id" not in cols:
            read = set()
        elif "criterion" not in cols:  # wide: a criterion's column is one whose values read as scores
            read |= {p for p, head in enumerate(block.headers) if (name := coerce.text(head))
                     and not SIDE_COLUMN.search(name) and header_key(name) not in OVERALL}
        rows = block.data[ROW]
        spans.append((int(rows.min()), int(rows.max()), {p + 1 for p in read}))

    def may_read(row: int, col: int) -> bool:
        under = [cols for top, bottom, cols in spans if top <= row <= bottom]
        return not under or col in under[0]

    return may_read
