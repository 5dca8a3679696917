"""``coachlog import`` says a doubted date order (``date-order-doubted``) as the refresh after it would, by the
Settings As-of date (else today), with its fix: the export's dates, read in the Settings Date order, put calls after
the as-of date while read in the other order none would be."""

from __future__ import annotations

import datetime as dt

from tests.wbkit import run, team_book


def _book(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("GRT", "Greeting")], ["Dana Cruz"])
    for row in wb["Settings"].iter_rows(min_row=2):
        if row[0].value == "As-of date":
            row[1].value = dt.date(2026, 12, 5)
    wb.save(book)
    return book


def test_import_says_a_doubted_date_order_and_its_fix(tmp_path):
    book = _book(tmp_path)
    # day-first and dashed, 2-12 November: month-first (Settings' default) 12-11-2026 is 11 December, after the
    # as-of date of 5 December; day-first none is
    lines = [f"C{d:02d},Dana Cruz,{d:02d}-11-2026,Greeting,{60 + d}" for d in range(2, 13)]
    (tmp_path / "week.csv").write_text("Call ID,Agent,Call Date,Question,Score\n" + "\n".join(lines) + "\n")
    said = run("import", book, tmp_path / "week.csv", "--dry-run")
    assert 'error: week.csv: its "Call Date" dates show no order' in said.output
    assert 'row 12: "12-11-2026" read as 2026-12-11' in said.output  # (the 11th data row, under the header)
    assert "pick day-first in Date order on Settings" in said.output
    assert said.exit_code == 1  # (rows it would add hold an error, as `check` would say)


def test_import_of_dates_after_the_as_of_date_either_way_says_no_doubt(tmp_path):
    book = _book(tmp_path)
    # 12-12-2026 is 12 December either way: a call after the as-of date whichever the order, so none is doubted
    # (01-09-2026, 1 September day-first, spreads the paste over months either way: test_date_order_spread)
    lines = [f"C{d:02d},Dana Cruz,{d:02d}-12-2026,Greeting,{60 + d}" for d in range(2, 13)]
    lines.append("C01,Dana Cruz,01-09-2026,Greeting,61")
    (tmp_path / "week.csv").write_text("Call ID,Agent,Call Date,Question,Score\n" + "\n".join(lines) + "\n")
    said = run("import", book, tmp_path / "week.csv", "--dry-run")
    assert "date-order" not in said.output and "show no order" not in said.output
