"""``coachlog import`` says a doubted date order (``date-order-doubted``) as the refresh after it would, by the
Settings As-of date (else today), with its fix: the export's dates, read in the Settings Date order, put calls after
the as-of date while read in the other order none would be."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.workbook import done
from tests.wbkit import run, team_book


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Today is 20 December 2026, after the Settings As-of date of 5 December: the calls read on 11 December are
    after the as-of date, not after tomorrow (``call-after-today``, whose words would join the doubt's)."""
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 12, 20))


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


def test_import_counts_the_doubted_calls_of_a_wide_export_not_its_scores(tmp_path):
    # a wide export: one row per call, a score column per criterion (8). Day-first 2-12 November, two calls on the
    # 12th (C12, C13): month-first 12-11-2026 is 11 December, after the as-of date of 5 December (11-11-2026 is
    # 11 November either way), so 2 calls are after it, in 2 rows holding 2 x 8 = 16 scores
    book = tmp_path / "team.xlsx"
    names = ["Greeting", "Empathy", "Hold", "Close", "Verify", "Tone", "Pace", "Wrap"]
    wb = team_book(book, [(f"K{i}", name) for i, name in enumerate(names)], ["Dana Cruz"])
    for row in wb["Settings"].iter_rows(min_row=2):
        if row[0].value == "As-of date":
            row[1].value = dt.date(2026, 12, 5)
    wb.save(book)
    days = [*range(2, 13), 12]
    lines = [f"C{i + 2:02d},Dana Cruz,{d:02d}-11-2026," + ",".join([str(60 + d)] * len(names))
             for i, d in enumerate(days)]
    (tmp_path / "week.csv").write_text("Call ID,Agent,Call Date," + ",".join(names) + "\n" + "\n".join(lines) + "\n")
    said = run("import", book, tmp_path / "week.csv", "--dry-run")
    assert "which puts 2 of its calls after the as-of date 2026-12-05" in said.output
    assert 'row 12: "12-11-2026" read as 2026-12-11' in said.output  # (the first of the two, C12)


def test_calls_are_counted_by_call_id_else_by_pasted_row():
    import pandas as pd

    from coachlog_xl.core.frames import paste_calls
    # C1 scored on 2 criteria in a long paste (rows 2, 3), C2 on 1 (row 4): 2 calls; two rows with no call id
    # (rows 5 and 6, row 6 a wide row holding 2 scores): 2 more, one per pasted row; 2 + 2 = 4
    rows = pd.DataFrame({"sheet": ["Scores"] * 6, "row": [2, 3, 4, 5, 6, 6],
                         "call_id": ["C1", "C1", "C2", "", "", ""]})
    assert paste_calls(rows) == 4


def _long_paste(tmp_path, lines):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("GRT", "Greeting"), ("EMP", "Empathy"), ("HLD", "Hold")], ["Dana Cruz"])
    for row in wb["Settings"].iter_rows(min_row=2):
        if row[0].value == "As-of date":
            row[1].value = dt.date(2026, 12, 5)
    wb.save(book)
    (tmp_path / "week.csv").write_text("Call ID,Agent,Call Date,Question,Score\n" + "\n".join(lines) + "\n")
    return run("import", book, tmp_path / "week.csv", "--dry-run").output


def test_one_doubted_call_of_a_long_export_is_one_call_in_the_fix_too(tmp_path):
    # C02..C12 on 2..12 November day-first, each scored on 3 criteria (a long export: 3 rows a call): 12-11-2026
    # read month-first is 11 December, after the as-of date of 5 December, so 1 call (C12) in 3 rows is after it
    said = _long_paste(tmp_path, [f"C{d:02d},Dana Cruz,{d:02d}-11-2026,{c},{60 + d}" for d in range(2, 13)
                                  for c in ("Greeting", "Empathy", "Hold")])
    assert "which puts 1 of its calls after the as-of date" in said
    assert "leave the call out" in said and "leave the calls out" not in said


def test_rows_whose_call_id_is_an_excel_error_are_a_call_each(tmp_path):
    # C02..C11 on 2..11 November, then three rows on 12 November whose Call ID is #N/A (a formula that failed):
    # they name no call, so each is one, 3 calls after the as-of date read month-first (11 December)
    lines = [f"C{d:02d},Dana Cruz,{d:02d}-11-2026,Greeting,{60 + d}" for d in range(2, 12)]
    said = _long_paste(tmp_path, lines + [f"#N/A,Dana Cruz,12-11-2026,Greeting,{70 + k}" for k in range(3)])
    assert "which puts 3 of its calls after the as-of date" in said
