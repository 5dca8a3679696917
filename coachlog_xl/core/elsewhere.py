"""A sheet of the team's own holding scores under a Scores header: scores moved to an archive sheet ("Q1 Scores
(archive)"), or the Scores sheet renamed ("Q3 Scores") beside a new empty one.  Only sheets whose names start
with Scores are read, so its scores count for no session: an error naming it, which holds every baseline as a
Scores sheet that cannot be read does (docs/rules.md, "Baseline recorded once"): a baseline recorded without
its calls would stay wrong once the sheet is renamed.  A sheet half of whose calls under the header or more are on
Scores (a view of Scores, a copy, a calibration of its calls), or with no row under it yet, or with no criterion
(a customer rating of calls), is the team's own: not named."""

from __future__ import annotations

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.layout import is_header, map_headers
from coachlog_xl.core.names import Directory
from coachlog_xl.core.repeats import call_key

# the fields a row must name to be a Scores header here (a long export's, a wide one's, one dated by grading), with a
# criterion and a score, or a column headed by a criterion's name (a wide export's)
NAMED = ("call_id", "rep")


def scores_elsewhere(tops: list[tuple[str, list[list]]], header_map: dict[str, list[str]], on_scores: pd.Series,
                     criteria: Directory, issues: Issues) -> None:
    """``scores-sheet-not-read`` for each sheet of ``tops`` (sheet, its first rows from row 1) whose first ten rows
    hold a header naming a call id, a rep, a criterion and a score (or a criterion of ``criteria``: a wide export),
    and below it calls most of which are not among ``on_scores`` (the Scores' call ids as read; both as calls are
    matched, :func:`call_key`)."""
    for sheet, rows in tops:
        for r, row in enumerate(rows[:10], start=1):
            mapped = map_headers(row, header_map) if is_header(row, header_map) else {}
            if not set(NAMED) <= set(mapped) or not ({"score", "criterion"} <= set(mapped) or any(
                    criteria.resolve(v) for v in row if isinstance(v, str) and v.strip())):
                continue
            at = mapped["call_id"]
            ids = {_key(below[at]) for below in rows[r:] if at < len(below) and not coerce.is_blank(below[at])}
            found = set(pd.Series(on_scores.unique()).map(_key)) & ids if ids else set()
            if len(ids) > 2 * len(found):  # (most of its calls not on Scores: not a view of it, nor a copy)
                _named(sheet, r, row, issues)
            break


def _key(call_id) -> str:
    """A call id as calls are matched (:func:`call_key`), whatever the cell holds (a number, a text)."""
    return call_key(coerce.text(call_id))


def _named(sheet: str, r: int, row: list, issues: Issues) -> None:
    shown = ", ".join(coerce.text(v) for v in row if not coerce.is_blank(v))
    renamed = " ".join(["Scores", *(w for w in sheet.split() if w.lower() != "scores")])
    issues.add(Code.SCORES_ELSEWHERE, sheet, r, "", None,
               f'Sheet "{sheet}": row {r} is a Scores header ({shown}) over calls that are not on Scores, but the '
               "sheet is not read: only sheets whose names start with Scores are, so none of its scores counts for "
               "any session.",
               f'Rename the sheet so its name starts with Scores (e.g. "{renamed}") for its scores to count; if they '
               'are not to count, rename its Call ID header to a name of your own (e.g. "Archived call"), or move the '
               "sheet to another workbook.")
