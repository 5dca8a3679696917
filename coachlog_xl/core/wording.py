"""Numbers and counts as the reasons and Checks messages write them.

A reason sits beside cells formatted ``0.0``; it shows a number as such a cell does, so the two never
disagree: one decimal, a half rounded away from zero on the number's 15 significant digits (as Excel
and LibreOffice round for display; Python's ``f"{15.25:.1f}"`` gives 15.2 where the cell shows 15.3),
and no minus sign on a zero (-0.04 shows as 0.0, not -0.0).  A signed figure (a delta, a change) within 1e-9
of 0 is 0.0 (float error, as a delta that small is 0); one further from 0 that one decimal would show as 0.0
keeps its sign, shown to two decimals (+0.05, and -0.00 for -0.003).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

HEADER_MAP_SAID = "the HeaderMap table on Settings (its Field and Export header columns)"
# what a reading changed (by a HeaderMap line, a setting) does not change: the baseline a refresh recorded before it
RECORDED_STAYS = ("a baseline recorded before stays: clear the session's Baseline mean, Baseline n and Baseline "
                  "recorded on cells in the Log to record it again")

_TENTH, _HUNDREDTH = Decimal("0.1"), Decimal("0.01")
_ZERO = 1e-9  # a signed figure this near 0 is 0 (followup.TOLERANCE, as a delta that small is)
# how to move a pivot table to a sheet of its own, in Excel and in LibreOffice
MOVE_PIVOT = ("Excel: click in it, PivotTable Analyze > Move PivotTable > New Worksheet; LibreOffice: right-click it, "
              "Properties > Source and Destination > Destination: New sheet")


def points(value: float, sign: bool = False) -> str:
    """``value`` to one decimal as a ``0.0`` cell shows it; with ``sign``, a + before a positive one, 0.0 within
    1e-9 of 0, and two decimals with its sign where one decimal would show 0.0 (+0.05, -0.00: its sign is never
    lost)."""
    if sign and abs(float(value)) <= _ZERO:
        return "0.0"
    exact = Decimal(f"{float(value):.15g}")
    shown = exact.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if shown == 0 and sign:
        return f"{'+' if value > 0 else '-'}{abs(exact.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP))}"
    if shown == 0:
        return "0.0"
    return f"+{shown}" if sign and shown > 0 else str(shown)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 session``, ``2 sessions``: ``n`` with the noun in the number it takes."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def scores_of_calls(scores: int, calls: int) -> str:
    """``7396 scores of 1283 calls``: score rows (a call scored on three criteria gives three) and the calls
    they are scores of, as the summary, the stamp on Start here and the import count them."""
    return f"{count(scores, 'score')} of {count(calls, 'call')}"


def rows_held(rows: int, scores: int) -> str:
    """``1 row (3 scores)``: rows of a paste as a person sees them, and the scores they hold when that is
    another number (a wide export's row holds one per criterion, a calibration export's one per evaluator);
    ``2 rows`` when each holds one."""
    return count(rows, "row") + ("" if scores == rows else f" ({count(scores, 'score')})")


def some(items, shown: int = 5) -> str:
    """``5, 9, 12 and 3 more``: the first ``shown`` of ``items``, then how many more."""
    items = [str(x) for x in items]
    return ", ".join(items[:shown]) + (f" and {len(items) - shown} more" if len(items) > shown else "")


def looked_for(names) -> str:
    """A field's header names a paste was looked at for: the first 8, then how many more the HeaderMap on Settings
    holds (``conversation_id and 12 more on Settings``)."""
    return some(names, 8) + (" on Settings" if len(names) > 8 else "")


def listed(items) -> str:
    """``A``, ``A and B``, ``A, B and C``: every one of ``items``, as a sentence lists them."""
    items = [str(x) for x in items]
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def checks_line(counts) -> str:
    """``2 errors, 1 warning, 0 notes``: the Checks rows per severity (a mapping severity -> rows)."""
    return ", ".join(count(counts.get(severity, 0), noun)
                     for severity, noun in (("error", "error"), ("warning", "warning"), ("info", "note")))


def score_outside(score: float, cell: float | None, setting: str, why: str, fix: str) -> tuple[float, str, str, str]:
    """A score outside 0-100 as Checks says it, with ``why`` and ``fix``: its Value and how the problem names it.
    As read (``score 120``); or, where the Settings scale ``setting`` made it so from the number ``cell`` holds
    (``1-5``: a cell's 60 is 1200), as that cell holds it, with that scale as the likely cause and its fix.
    ``cell`` is None or NaN for a score the scale did not convert (a percent text)."""
    if cell is None or cell != cell:
        return score, f"score {score:g}", why, fix
    return (cell, f"score {cell:g}, on the Settings scale {setting.strip()} {score:g} on 0-100,",
            f"is the export on {setting.strip()}?", "Set Score scale on Settings to auto or to the export's scale.")


LONG_MESSAGE = 1000  # a Checks message longer than this quotes a long value: the sheet shows it shortened
_QUOTED = re.compile(r'"([^"]*)"')  # quoted values (a typed value may hold line breaks), paired from the left
# a run twice as long as any message's own words between quotes: its first 60 characters and its last 200 kept
_LONG_RUN = re.compile(r'([^"\n]{60})[^"\n]{640,}([^"\n]{200})')


def shortened(problem: str) -> str:
    """A Checks message with a quoted value of over 80 characters (a 40,000-character rep name) cut to its
    first 60, the rest of the message whole (the Value column holds the value's first 200); the text between
    two quoted values is not one, and a value holding a quote of its own (``Dana 5" yyy…``), or one not quoted,
    is cut inside its run of 900 characters or more without a quote or line break, the run's first 60 and last
    200 kept (where the message's own words after it are).  The terminal shows every message so; the Checks sheet those
    longer than :data:`LONG_MESSAGE`, whose words would be lost below a value as long as a cell holds."""
    if '"' not in problem and len(problem) < 900:  # (no quoted value, no run that long: as it is)
        return problem
    shown = _QUOTED.sub(lambda m: f'"{m[1][:60]}\u2026"' if len(m[1]) > 80 else m[0], problem)
    return _LONG_RUN.sub(lambda m: f"{m[1]}\u2026{m[2]}", shown)
