"""A number typed in a cell that stands alone (a Settings value, a Log row's threshold or baseline), where no other
value of a column can tell its decimal separator: ``64,500`` is 64500 or 64.5 (domain.md, "Exact rules: Scores", as a
score reads it where nothing else in its column tells), and neither is used on a guess."""

from __future__ import annotations

from coachlog_xl.core import coerce


def comma_either(raw):
    """``raw`` as given; raises :class:`coerce.Unreadable` for a text number whose one comma is followed by exactly
    three digits, naming both readings and how to type each so that it reads one way."""
    if not isinstance(raw, str):
        return raw
    try:
        coerce.number(raw, None)
    except coerce.Unreadable:
        try:
            grouped = coerce.number(raw, False)
        except coerce.Unreadable:
            return raw  # no number at all: the cell's own reader says what it is
        decimal = coerce.number(raw, True)
        raise coerce.Unreadable(f"{raw.strip()!r} could be {grouped:g} (a comma grouping thousands) or {decimal:g} (a "
                                f"decimal comma), and nothing in one cell tells which: type {grouped:g} or "
                                f"{decimal:g}") from None
    return raw
