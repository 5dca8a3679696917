"""Checks rows for input cells a refresh reads as blank though they are not (a formula never calculated,
merged cells, a pivot table standing on an input sheet) and for a computed sheet renamed."""

from __future__ import annotations

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawInputs, formula_shown, formula_words
from coachlog_xl.core.wording import MOVE_PIVOT
from coachlog_xl.core.wording import count as counted


def unread_cells(inputs: RawInputs, issues: Issues, as_of: tuple[str, int] | None = None) -> None:
    """A Checks row for each input cell read as blank though it is not: a formula never calculated (but
    ``as_of``, the sheet and row of the As-of date's, which :func:`~coachlog_xl.core.asof.said` says: worked out
    for the refresh's today, or a setting that cannot be read), and a range of merged cells on the Log, Criteria
    and Reps; and for a computed sheet renamed."""
    for sheet, name in inputs.renamed:
        issues.add(Code.COMPUTED_RENAMED, sheet, 1, "sheet name", sheet,
                   f'The sheet "{sheet}" has the {name} sheet\'s columns and there is no "{name}" sheet: it looks like '
                   f'{name} renamed. The refresh adds a new "{name}" sheet; "{sheet}" is left as it is, with the '
                   "figures of its last refresh.",
                   f'Nothing to do if it is a copy to keep; else delete the new "{name}" sheet and rename "{sheet}" '
                   f'back to "{name}".')
    for sheet, cells, first in inputs.merged:
        issues.add(Code.MERGED_CELLS, sheet, first, cells, None,
                   f"{sheet} {cells}: merged cells. Only the first cell of a merge holds a value: the others are "
                   "read as blank, and a value a refresh writes there is hidden (refreshed in Excel, not written).",
                   "Select the range and unmerge it (Home > Merge & Center), then fill each cell.")
    for placed in inputs.pivots:
        issues.add(Code.PIVOT_ON_INPUT, placed[0], placed[3], "pivot table", placed[1], *_pivot_words(*placed))
    for sheet, row, header, text in inputs.uncalculated:
        if (sheet, row) == as_of:
            continue
        issues.add(Code.UNCALCULATED, sheet, row, header, formula_shown(text),
                   f"{sheet} row {row}: {header} holds {formula_words(text)}, which has no calculated value (the file "
                   "was saved by a program that does not calculate formulas), so it is read as blank.",
                   "Open the workbook in Excel or LibreOffice and save it (that calculates the formula), "
                   "or type the value instead.")


_ENTRIES = {"Log": "sessions", "Criteria": "criteria", "Reps": "reps"}


def _pivot_words(sheet: str, name: str, cells: str | None, top: int | None, next_row: int | None) -> tuple[str, str]:
    """The problem and fix of Checks' row for a pivot table standing on the Log, Criteria or Reps
    (:attr:`~coachlog_xl.core.inputs.RawInputs.pivots`): its cells are read as blank, and where it stands
    where the sheet's next entries are typed, how many rows are left free above it."""
    what = _ENTRIES.get(sheet, "rows")
    move = f"move it to a sheet of its own ({MOVE_PIVOT})"
    if cells is None:
        return (f'The pivot table "{name}" stands on the {sheet} sheet, and where its cells are could not be told '
                f"(Excel on the web and xlwings Lite do not say), so its rows may be read as {what}.",
                f"{move[0].upper()}{move[1:]}, then refresh again.")
    problem = (f'{sheet} {cells}: the pivot table "{name}" stands here; its cells are its own, so its rows are not '
               f'read as {what}.')
    if next_row is None:
        return problem, f"Nothing to do; to keep the {sheet} sheet for {what} only, {move}."
    free = top - next_row
    left = (f"{counted(free, 'free row')} {'is' if free == 1 else 'are'} left above it" if free > 0
            else "no free row is left above it")
    return (f"{problem} It stands where {what} are typed next, under the last one (row {next_row} on): {left}.",
            f"{move[0].upper()}{move[1:]}, so that the rows under the {what} stay free for the next ones.")
