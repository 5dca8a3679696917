"""A Log cell that names a rep, criterion, supervisor, method or call type showing one of Excel's error values
(``#N/A`` from a lookup that finds nothing): its formula could not be computed, so it names nothing.  Checks says
so, where it asked for the error's text to be added to a list ("add #N/A to the Reps sheet")."""

from __future__ import annotations

from coachlog_xl.core.coerce import EXCEL_ERRORS

# Excel's error values as texts in lower case, #N/A among them (for a name, an id or a date it is an error too)
ERROR_TEXTS = frozenset(EXCEL_ERRORS | {"#n/a"})


def is_error(text) -> bool:
    """Whether a cell's text is one of Excel's error values, #N/A among them."""
    return isinstance(text, str) and text.strip().lower() in ERROR_TEXTS


def error_words(header: str, text: str, instead: str = "type the name there") -> tuple[str, str]:
    """(what a Log cell under ``header`` showing the error ``text`` is, the fix: mend the formula, or ``instead``),
    the first to follow the row's ``Log row N (S-1): ``."""
    return (f"{header} shows the Excel error {text.strip()}: its formula could not be computed, so it names no "
            f"{header.lower()}.",
            f"Mend the formula in that {header} cell (a lookup that finds nothing shows #N/A), or {instead}.")
