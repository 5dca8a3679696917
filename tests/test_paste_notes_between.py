"""A second export pasted below a first one, with the title and filter lines its export writes above its header
(exports.md, "Values": a title row; domain.md, "Bad input"): those rows are said as text above the second paste's
header, not as rows of the first export that hold neither a criterion nor a score (a summary below it?), which
named them as the first paste's.  Pasted into Scores and refreshed through the command line; values by hand."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.checks import Code
from tests.session_kit import pasted_book
from tests.wbkit import records, run

HEADER = ["Call ID", "Agent", "Call date", "Criterion", "Score"]


def _pasted_and_refreshed(tmp_path, rows: list[list]):
    """A workbook with Dana Cruz's session on 2025-03-10 (date only), ``rows`` pasted at A1 of Scores, refreshed as
    of 2025-03-31: (its Follow-up row, its Checks rows)."""
    book = tmp_path / "team.xlsx"
    pasted_book(book, dt.date(2025, 3, 10), rows)
    assert run("refresh", book, "--as-of", "2025-03-31", "-q").exit_code == 0
    [row] = records(book, "Follow-up")
    return row, records(book, "Checks")


def test_a_second_paste_s_title_and_filter_lines_are_said_as_its_own(tmp_path):
    row, checks = _pasted_and_refreshed(tmp_path, [
        HEADER,
        ["K-1", "Dana Cruz", "2025-03-03", "Empathy", 60],
        ["K-2", "Dana Cruz", "2025-03-04", "Empathy", 70],
        ["QA evaluations export"],                       # row 4: the second export's title
        ["Filter: Team B; period", "March 2025"],        # row 5: its filter line, in two cells
        [],                                              # row 6: blank
        HEADER,                                          # row 7: its header
        ["K-3", "Dana Cruz", "2025-03-11", "Empathy", 80],
        ["K-4", "Dana Cruz", "2025-03-12", "Empathy", 90],
    ])
    # session 2025-03-10: K-1, K-2 before it (60, 70: mean 65), K-3, K-4 after it (80, 90: mean 85)
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)
    notes = [c for c in checks if c["Code"] == Code.LAYOUT_NOTE.value]
    assert [(c["Sheet"], c["Row"], c["Field"]) for c in notes] == [("Scores", 4, "header"), ("Scores", 7, "header")]
    assert "rows of text (4, 5)" in notes[0]["Problem"] and "header row 7 of a second paste" in notes[0]["Problem"]


def test_a_totals_row_above_a_second_paste_is_no_line_of_text(tmp_path):
    # the first export's totals row (a number in it) is not taken for the second one's title: said as before
    row, checks = _pasted_and_refreshed(tmp_path, [
        HEADER, ["K-1", "Dana Cruz", "2025-03-03", "Empathy", 60], ["Total", None, None, None, 60],
        HEADER, ["K-3", "Dana Cruz", "2025-03-11", "Empathy", 80]])
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 60, 1, 80)
    assert not [c for c in checks if "of text" in c["Problem"]]
