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
from tests.session_kit import pasted_book

SECOND_HEADER = ["Call ID", "Agent", "Start Time", "Criterion", "Score"]


def _book(tmp_path, first: list[list], second: list[list]):
    """A new workbook whose Scores holds ``first`` under its own header and ``second`` pasted below it under
    :data:`SECOND_HEADER`, as a person pastes them, with one date-only session on 2026-03-10; refreshed."""
    return _pasted(tmp_path, [*first, SECOND_HEADER, *second])


def _pasted(tmp_path, rows: list[list]):
    """:func:`_book` with ``rows`` (header rows among them) written from row 2 down."""
    book = tmp_path / "team.xlsx"
    pasted_book(book, dt.date(2026, 3, 10), rows, first_row=2)
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


KEYS = ("baseline_n", "baseline_mean", "followup_n", "followup_mean")
DAY_FIRST = [["B-1", "Dana Cruz", "13/03/2026 10:00", "Empathy", 80],
             ["B-2", "Dana Cruz", "04/03/2026 11:00", "Empathy", 50]]
PROVING_NOTHING = [["C-1", "Dana Cruz", "03/05/2026 10:00", "Empathy", 40],
                   ["C-2", "Dana Cruz", "05/03/2026 10:00", "Empathy", 90]]


def test_a_paste_proving_no_order_is_read_as_the_other_pastes_when_they_agree(tmp_path):
    # Day-first paste: 13 March 80 (follow-up), 4 March 50 (baseline).  The paste below proves nothing (03/05 and
    # 05/03 read either way) and follows it, day-first though Settings says month-first: 05/03 is 5 March, 90
    # (baseline), 03/05 is 3 May, after the as-of date.  Baseline (50 + 90) / 2 = 70; follow-up 80.
    got, checks = _pasted(tmp_path, [*DAY_FIRST, SECOND_HEADER, *PROVING_NOTHING])
    assert [got[schema.FOLLOWUP.column(k).header] for k in KEYS] == [2, 70, 1, 80]
    assert Code.DATE_ORDER.value not in {code for _, code in checks}, checks


def test_a_paste_proving_no_order_is_read_in_the_settings_order_when_the_others_disagree(tmp_path):
    # Month-first paste: 4 March 60 (baseline), 14 March 70 (follow-up); day-first paste: 13 March 80 (follow-up),
    # 4 March 50 (baseline); the third, under its header in another column order, proves nothing and the others
    # disagree: read month-first as Settings says, 03/05 is 5 March, 40 (baseline), 05/03 3 May (after the as-of
    # date).  Baseline (60 + 50 + 40) / 3 = 50; follow-up (70 + 80) / 2 = 75.
    month_first = [["A-1", "Dana Cruz", "03/04/2026 10:00", "Empathy", 60],
                   ["A-2", "Dana Cruz", "03/14/2026 10:00", "Empathy", 70]]
    reordered = ["Agent", "Call ID", "Criterion", "Score", "Start Time"]
    third = [[r[1], r[0], r[3], r[4], r[2]] for r in PROVING_NOTHING]
    got, checks = _pasted(tmp_path, [*month_first, SECOND_HEADER, *DAY_FIRST, reordered, *third])
    assert [got[schema.FOLLOWUP.column(k).header] for k in KEYS] == [3, 50, 2, 75]
    assert (5, Code.DATE_ORDER_OF_PASTE.value) in checks  # the day-first paste's 13/03/2026, its first row
    # the note names the paste by its rows (5-6), not the whole sheet, whose other pastes are read otherwise
    problems = [r[6] for r in load_workbook(tmp_path / "team.xlsx", read_only=True)["Checks"].iter_rows(
        min_row=2, values_only=True) if r[5] == Code.DATE_ORDER_OF_PASTE.value]
    assert len(problems) == 1 and problems[0].startswith("Scores rows 5-6: its dates are read day-first"), problems
