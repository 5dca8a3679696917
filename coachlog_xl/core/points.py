"""Points written in one score cell: the points given over the points possible.

QA exports write some scores with their maximum in the cell: ``8.5/10``, ``4 / 5``, ``4 out of 5``,
``3 pts of 4``, ``1.5 of 2 pts``, or as stars (``★★★☆☆``: the stars given of the stars shown; written with spaces
between them, or with ``⭐`` for a full star, they read the same; asterisks do not, a footnote's mark as often).  Full
stars alone (``★★★``, no empty star to show the top) are never n of n (100): their top is the one the column's cells
with empty stars show (``★★☆`` beside ``★★★``: 3 of 3), else a 1-5 star rating, ``★★★`` 3 of 5, as a plain 3 of a
1-5 column is read.  A cell reads them over 5 (:attr:`Stated.assumed`), and its column puts them on their top
(:func:`~coachlog_xl.core.statedmax.stars_on_top`, which says in Checks where no cell shows five, and takes more full
stars than the top as unreadable).  Such a cell is points / maximum x 100, as points beside a maximum column are
(domain.md, "Exact rules: Scores"); 0 of 0 possible (``0/0``) is not scored.  A cell is understood but not counted when
its points have nothing to be read against (``3/0``) or are more than its maximum (``5 of 4``): a cell
that gives more than the maximum it states contradicts itself, so it is never read as a score above
100.  A maximum above 100 (``03/2026``, a month) is no maximum: the text is
then read as a number, and is unreadable; so is a signed one (``-1 of 4``).
The maximum a cell states is kept with the kind it is read as (:class:`Stated`): it tells the scale
of the bare numbers beside it in its column (:func:`~coachlog_xl.core.scales.put_on_scale`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_OVER = re.compile(r"(\d+(?:[.,]\d+)?) *(?:pts?|points?)? *(?:/|(?:out )?of) *(\d+(?:[.,]\d+)?)(?: *(?:pts?|points?))?")
# The marks exports write a star rating with: full (black star, the emoji star) and empty (white star, outlined
# white star); spaces between them and the emoji's presentation selector are left out (``★ ★ ★ ☆ ☆``, ``⭐️⭐️⭐️``
# read as ``★★★☆☆``, ``★★★``).  Not an asterisk: ``*`` or ``**`` among scores marks a footnote as often as a star
# rating, and read as stars it put 20 or 40 among scores of 0-100 (an unreadable score, named by its row).
_STAR_MARKS = str.maketrans({"\u2b50": "\u2605", "\u2729": "\u2606", "\ufe0f": None, " ": None, "\u00a0": None})
_STARS = frozenset("\u2605\u2606")  # black and white stars, as the marks are read
_MARKS = frozenset("\u2605\u2606\u2b50\u2729\ufe0f \u00a0")
STAR_TOP = 5  # the stars of a rating written in full stars only (no empty star shows its top)
LARGEST_MAXIMUM = 100  # a number above it after "/" or "of" is no maximum (a year)


class Stated(str):
    """The kind of a score read from points over the maximum its cell states: the text ``points/max``
    (equal to it, as every kind is a text), holding that maximum; ``assumed``: the cell does not show it
    (full stars only: :data:`STAR_TOP`); ``stars``: the cell shows it as empty stars beside its full ones."""

    maximum: float
    assumed: bool
    stars: bool

    def __new__(cls, maximum: float, assumed: bool = False, stars: bool = False) -> Stated:
        out = super().__new__(cls, "points/max")
        out.maximum, out.assumed, out.stars = maximum, assumed, stars
        return out

    def __reduce__(self):
        return Stated, (self.maximum, self.assumed, self.stars)


@dataclass(frozen=True)
class Points:
    """The points one cell gives and the maximum it gives them over."""

    given: float
    maximum: float
    slash: bool = False  # written with a slash (4/5), as a day and month can be
    assumed: bool = False  # full stars only: the maximum is the star rating's, not shown (STAR_TOP)
    stars: bool = False  # full and empty stars: the maximum shown as stars

    @property
    def score(self) -> float | None:
        """given / maximum x 100; None for 0 of 0 possible (not scored)."""
        return None if self.given == self.maximum == 0 else self.given / self.maximum * 100.0

    @property
    def kind(self) -> Stated:
        """How the cell is read: points over the maximum it states (or, full stars only, assumes)."""
        return Stated(self.maximum, self.assumed, self.stars)

    @property
    def problem(self) -> str | None:
        """Why the cell cannot be counted (said after the cell's text), or None when it can."""
        if self.maximum == 0 and self.given != 0:
            return "has no maximum above 0 to read its points against"
        if self.given > self.maximum and not self.assumed:  # (full stars only: put on their column's top)
            date = self.slash and self.given == int(self.given) and self.maximum == int(self.maximum) \
                and self.given <= 31 and self.maximum <= 31
            return (f"gives {self.given:g} points of a maximum of {self.maximum:g}, more than the maximum"
                    + (" (or is it a day and month written as text?)" if date else "")
                    + "; it is not counted (check the points and the maximum in the export)")
        return None


def too_many_stars(full: float, top: float) -> str:
    """Why a cell of ``full`` stars only is not counted where its column's top is ``top``."""
    return (f"has {full:g} full stars and no empty one, more than the {top:g} of its star rating; it is not counted "
            f"(write it with its empty stars, as {'★' * 6 + '☆' * 4} for 6 of 10, or type the score)")


def in_cell(low: str, number: Callable[[str], float]) -> Points | None:
    """The points a score cell's text (stripped, in lower case) gives over a maximum, or None when it
    gives none; ``number`` reads each of the two numbers (with the column's decimal separator)."""
    if low and set(low) <= _MARKS and set(low := low.translate(_STAR_MARKS)) <= _STARS and low:
        full = float(low.count("\u2605"))
        return Points(full, float(len(low)), stars=True) if full < len(low) else \
            Points(full, float(STAR_TOP), assumed=True)
    over = _OVER.fullmatch(low)
    if over is None:
        return None
    given, maximum = number(over[1]), number(over[2])
    return Points(given, maximum, "/" in low) if maximum <= LARGEST_MAXIMUM else None
