"""Two exports pasted into one Scores sheet, each under its own header, each read in the date order its own text
dates prove (domain.md, Exact rules: a paste proving the other order is read in it), and only a paste's own
date cells named as maybe turned by its texts."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from tests.session_kit import one_session_book

SECOND_HEADER = ["Call ID", "Agent", "Start Time", "Criterion", "Score"]


def _book(tmp_path, first: list[list], second: list[list]):
    """A new workbook whose Scores holds ``first`` under its own header and ``second`` pasted below it under
    :data:`SECOND_HEADER`, as a person pastes them, with one date-only session on 2026-03-10; refreshed."""
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    for r, row in enumerate([*first, SECOND_HEADER, *second], start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(r, c, value)
    wb.save(book)
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-04-30", "--no-backup"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(book, read_only=True)
    rows = list(wb["Follow-up"].iter_rows(values_only=True))
    checks = [(r[2], r[5]) for r in wb["Checks"].iter_rows(min_row=2, values_only=True)]
    return dict(zip(rows[0], rows[1])), checks


def test_a_day_first_export_pasted_under_a_month_first_one_is_read_day_first_and_the_first_month_first(tmp_path):
    # First paste, month-first (03/14 proves it): 03/04/2026 is 4 March, 60 (baseline); 03/14/2026, 70 (follow-up).
    # Second, day-first (13/03 proves it): 04/03/2026 is 4 March, 50 (baseline); 13/03/2026, 80 (follow-up).
    # Baseline (60 + 50) / 2 = 55; follow-up (70 + 80) / 2 = 75.  Read month-first as one, its 13/03 was no date
    # and its 04/03 3 April, in the follow-up: baseline 60 alone, follow-up (70 + 50) / 2 = 60, and an error.
    got, checks = _book(tmp_path,
                        [["A-1", "Dana Cruz", "03/04/2026 10:00", "Empathy", 60],
                         ["A-2", "Dana Cruz", "03/14/2026 10:00", "Empathy", 70]],
                        [["B-1", "Dana Cruz", "13/03/2026 10:00", "Empathy", 80],
                         ["B-2", "Dana Cruz", "04/03/2026 11:00", "Empathy", 50]])
    keys = ("baseline_n", "baseline_mean", "followup_n", "followup_mean")
    assert [got[schema.FOLLOWUP.column(k).header] for k in keys] == [2, 55, 2, 75]
    codes = {code for _, code in checks}
    assert Code.DATE_ORDER.value not in codes and Code.UNREADABLE_DATE.value not in codes, checks
    assert (5, Code.DATE_ORDER_OF_PASTE.value) in checks  # the second paste's 13/03/2026, row 5


def test_date_cells_of_one_paste_are_not_named_as_turned_by_the_day_first_texts_of_another(tmp_path):
    # The first paste's dates are date cells (4 and 5 March: days up to 12, which a swap could have made), the
    # second export's text dates day-first: its texts say nothing of the first's cells, whose export is another.
    got, checks = _book(tmp_path,
                        [["A-1", "Dana Cruz", dt.datetime(2026, 3, 4, 10), "Empathy", 60],
                         ["A-2", "Dana Cruz", dt.datetime(2026, 3, 5, 10), "Empathy", 70]],
                        [["B-1", "Dana Cruz", "13/03/2026 10:00", "Empathy", 80]])
    assert Code.DATE_CELLS_TURNED.value not in {code for _, code in checks}, checks
    assert (5, Code.DATE_ORDER_OF_PASTE.value) in checks
    # baseline: 4 and 5 March, (60 + 70) / 2 = 65; follow-up: 13 March, 80
    keys = ("baseline_n", "baseline_mean", "followup_n", "followup_mean")
    assert [got[schema.FOLLOWUP.column(k).header] for k in keys] == [2, 65, 1, 80]
