"""A paste whose criteria are read on different rating scales (a criterion of a 1-10 column whose calls never went
above 5 is read as 1-5): said once per paste.  Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

from coachlog_xl.core.checks import Code, Issues


def mixed_ratings(ratings: dict[str, dict[str, float]], sheet_of: dict[str, str], issues: Issues) -> None:
    """A Checks row for each paste whose criteria were read on different rating scales: a criterion of
    a 1-10 column whose calls never went above 5 is read as 1-5.  ``sheet_of``: each paste's sheet.  A warning only:
    each criterion's own scale is read from its own scores."""
    for where, tops in ratings.items():
        if len(set(tops.values())) < 2:
            continue
        shown = ", ".join(f'"{crit}" 1-{top:g}' for crit, top in tops.items())
        issues.add(
            Code.SCALE_UNCLEAR, sheet_of[where], None, "score", None,
            f"{where}: its criteria are read on different rating scales ({shown}); a criterion whose scores "
            "never reach the top of the scale is read on a shorter one.",
            "If every criterion has the same scale, set Score scale on Settings (e.g. 1-10); else nothing to do.")
