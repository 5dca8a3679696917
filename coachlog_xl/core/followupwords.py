"""A Log row's own Calls to review, Timeframe (days), Threshold score and Calls needed at threshold that are not
used (domain.md, Exact rules: Windows): the words of their ``unmeasurable-follow-up`` Checks row, and the marks that
read as a blank cell (``-``, ``N/A``: nothing typed, so the Settings value, as for a blank).

A Calls to review not used leaves the session's N, so its baseline window, unknown: a baseline not recorded yet
waits (``n``: a word, ``n-invalid``: a number that is not a valid N, ``n-formula``: a formula without a value); one
recorded or typed already is kept and in use."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.core.config import NUMBER_RANGES
from coachlog_xl.core.inputs import formula_shown, formula_words

# a dash or a not-applicable mark: the cell says "none here", as a blank does (the Settings value)
BLANK_MARKS = frozenset({"-", "--", "\u2013", "\u2014", "\u2212", "n/a", "na", "n.a.", "n.a", "n. a.",
                         "not applicable"})
_UNITS = {"window_n": "calls", "timeframe_days": "days", "k_needed": "calls"}
WAITS_FIX = " Its baseline is not recorded until then."


def is_blank_mark(raw) -> bool:
    """Whether a follow-up number's cell holds a mark that means blank (:data:`BLANK_MARKS`)."""
    return isinstance(raw, str) and " ".join(raw.split()).lower() in BLANK_MARKS


def read_as_blank(header: str, raw: str, default, row: int, sid: str) -> tuple[str, str]:
    """The note of a follow-up number typed as a dash or a not-applicable mark, read as a blank cell."""
    return (f'Log row {row} ({sid}): {header} "{raw}" is read as a blank cell: {default:g} from Settings is used.',
            f"Nothing to do if the Settings value is meant; else type the number in {header}.")


def allowed(key: str) -> str:
    """What the follow-up number ``key`` may be: ``a whole number of calls from 2 to 1000``."""
    kind, low, high = NUMBER_RANGES[key]
    if kind == "num":  # (the threshold: a score; the others count calls or days)
        return f"a score from {low:g} to {high:g}"
    return f"a whole number of {_UNITS[key]} from {low:g} to {high:g}"


def refused(raw) -> bool:
    """Whether a cell not used is a number read but out of the range allowed (``1``, ``-3``, ``12.5``, yes/no
    ``TRUE``), not a text that cannot be read as a number (``fifteen``)."""
    if isinstance(raw, (bool, int, float)):
        return True
    try:
        coerce.number(raw)
    except coerce.Unreadable:
        return False
    return True


def n_waits(raw, formula: bool) -> str:
    """Why a session's baseline waits for its Calls to review (:data:`~coachlog_xl.core.decisions._HELD`)."""
    return "n-formula" if formula else "n-invalid" if refused(raw) else "n"


def unmeasurable(key: str, header: str, raw, why, default, row: int, sid: str, kept: str) -> tuple[str, str]:
    """The problem and fix of a Log row's follow-up number ``key`` not used (``why``: its Unreadable), ``default``
    from Settings used instead; ``kept``: the session's grey cells' state (``recorded``, ``typed``: a baseline kept)."""
    if refused(raw):
        shown = ("TRUE" if raw else "FALSE") if isinstance(raw, bool) else coerce.text(raw)
        what = "N" if key == "window_n" else "value"
        said = f"{header} {shown} is not a valid {what} ({why}): it takes {allowed(key)}"
        until = "a valid N is typed"
    else:
        said, until = f"{header} is not measurable ({why})", "the number can be read"
    problem = f"Log row {row} ({sid}): {said}; {default:g} from Settings is used"
    fix = f"Type {allowed(key)}, e.g. {default:g}, or leave it blank for the Settings value."
    if key != "window_n":
        return problem + ".", fix
    if kept in ("recorded", "typed"):
        return (f"{problem} for the windows shown; its baseline, {kept} already, is kept and in use (a baseline "
                "is recorded once).", fix)
    return f"{problem} for the windows shown, and its baseline waits until {until}.", fix + WAITS_FIX


def uncalculated(header: str, text: str, default, row: int, sid: str) -> tuple:
    """The ``baseline-not-recorded`` row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session
    whose Calls to review holds a formula with no value (``text``), read as blank: once calculated the formula gives
    the session's N, so its baseline waits, as for a word."""
    return (Code.BASELINE_HELD, schema.LOG.name, row, header, formula_shown(text),
            f"{sid}: the baseline is not recorded yet: its {header} holds {formula_words(text)}, which has no "
            f"calculated value, read as blank for now ({default:g} from Settings for the windows shown); once "
            f"calculated it gives the session's N, and a baseline recorded now over {default:g} calls would stay.",
            "Open the workbook in Excel or LibreOffice and save it (that calculates the formula), or type the number "
            "instead; the next refresh records the baseline.")
