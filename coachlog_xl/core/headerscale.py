"""Scores whose paste's header states a scale (``Score (0-100)``, :func:`~coachlog_xl.core.qualifiers.scale`) but
whose numbers say otherwise: cells formatted as percent (80 % stored as 0.8) are fractions of 1 whatever the header
says.  Used by :func:`coachlog_xl.core.scales.put_on_scale` (domain.md, "Exact rules: Scores")."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core.checks import Code, Issues


def fractions_under(grp: pd.DataFrame, detected: tuple[float | None, str], where: str, crit: str, head: str,
                    sheet: str, issues: Issues) -> str | None:
    """How a column is read whose header states a scale above 1 (``Score (0-100)``) but whose numbers are
    all fractions of 1 (cells formatted 80 %, stored 0.8): as fractions, as under ``Score (%)``, the
    contradiction said; None when they are not (``detected``: :func:`~coachlog_xl.core.scales.detect`'s reading)."""
    top, what = detected
    if top != 1 or not what.startswith("fractions"):
        return None
    v = grp["score"].to_numpy(dtype=float)
    issues.add(Code.SCALE_UNCLEAR, sheet, None, "score", crit,
               f'{where}, "{crit}": its header "{head}" states a scale, but all {len(v)} scores are {what} (first: '
               f'row {grp["row"].to_numpy()[0]}, {v[0]:g}; cells formatted as percent hold 80 % as 0.8); read as '
               f"fractions (0.8 = 80).",
               "Nothing to do if they are percents; if they are points on the header's scale, type them so.")
    return what
