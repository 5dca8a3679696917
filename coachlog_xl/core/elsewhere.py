"""A sheet of the team's own whose top holds a Scores header: scores moved to an archive sheet ("Q1 Scores
(archive)"), or the Scores sheet renamed ("Q3 Scores") beside a new empty one.  Only sheets whose names start
with Scores are read, so its scores count for no session: an error naming it, which holds every baseline as a
Scores sheet that cannot be read does (docs/rules.md, "Baseline recorded once"): a baseline recorded without
its calls would stay wrong once the sheet is renamed."""

from __future__ import annotations

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.layout import is_header, map_headers

# the fields a row must name to be a Scores header here (as a paste's must: calls.REQUIRED), and a call date
NAMED = ("call_id", "rep", "criterion", "score", "call_at")


def scores_elsewhere(tops: list[tuple[str, list[list]]], header_map: dict[str, list[str]], issues: Issues) -> None:
    """``scores-sheet-not-read`` for each sheet of ``tops`` (sheet, its first rows from row 1) whose rows hold a
    header naming a call id, rep, criterion, score and call date."""
    for sheet, rows in tops:
        for r, row in enumerate(rows, start=1):
            if not is_header(row, header_map) or not set(NAMED) <= set(map_headers(row, header_map)):
                continue
            shown = ", ".join(coerce.text(v) for v in row if not coerce.is_blank(v))
            renamed = " ".join(["Scores", *(w for w in sheet.split() if w.lower() != "scores")])
            issues.add(Code.SCORES_ELSEWHERE, sheet, r, "", None,
                       f'Sheet "{sheet}": row {r} is a Scores header ({shown}), but the sheet is not read: only '
                       "sheets whose names start with Scores are, so none of its scores counts for any session.",
                       f'Rename the sheet so its name starts with Scores (e.g. "{renamed}") for its scores to '
                       "count; if they are on Scores too, or are not to count, move the sheet to another workbook.")
            break
