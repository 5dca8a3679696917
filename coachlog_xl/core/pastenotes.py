"""The rows of text an export writes above its header (a title, a filter line: ``Filter: Team B; March 2025``) when
its paste is appended below another's, or a footer the paste above ends with: between the two pastes, they are
neither the rows above nor the header below (:func:`notes_above`)."""

from __future__ import annotations

from collections.abc import Callable

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.wording import count

LOOKED_AT = 5  # the rows above a later header looked at: an export's title and filter lines are a few
NOTE_CELLS = 2  # a row of text in at most this many cells is a note; a row of scores fills more


def is_note(values: list) -> bool:
    """Whether a row's cells are a line of text: one or two texts, no number or date (a totals row holds one)."""
    filled = [v for v in values if not coerce.is_blank(v)]
    return 0 < len(filled) <= NOTE_CELLS and all(isinstance(v, str) and not _number(v) for v in filled)


def _number(text: str) -> bool:
    try:
        return coerce.number(text) is not None
    except coerce.Unreadable:
        return False


def notes_above(sheet: str, starts: list[int], later: list[int], body_row: Callable, excel_row: Callable,
                issues: Issues) -> dict[int, int]:
    """Per later header (``later``, of ``starts``: the paste's header rows by position, -1 for row 1), the first of
    the note rows (:func:`is_note`) and blank rows right above it, when there are notes: the block above ends there,
    and the notes are said, by row, as not read (as the rows above a paste's first header are)."""
    cut: dict[int, int] = {}
    for start in later:
        above, first, notes = starts[starts.index(start) - 1], start, []
        for i in range(start - 1, max(above, start - 1 - LOOKED_AT), -1):
            row = body_row(i)
            if is_note(row):
                first, notes = i, [excel_row(i), *notes]
            elif not all(map(coerce.is_blank, row)):
                break
        if notes:
            cut[start] = first
            issues.add(Code.LAYOUT_NOTE, sheet, notes[0], "header", None,
                       f"{sheet}: {count(len(notes), 'row')} of text ({', '.join(map(str, notes))}) between the rows "
                       f"above and the header row {excel_row(start)} of a second paste (a title or filter line its "
                       "export writes above its header, or a footer) "
                       f"{'is' if len(notes) == 1 else 'are'} not read.", "Nothing to do.")
    return cut
