"""What call-after-today and pasted-after-today say: the cause (a year typed wrong, or a date order read wrong when
the paste's order is doubted) and the count (rows of the paste, with the scores they hold when a row holds more)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.workbook import done, writer
from tests.wbkit import records, run, type_log_rows

TODAY = dt.date(2026, 11, 24)


def test_a_day_first_paste_read_month_first_names_the_date_order(tmp_path, monkeypatch):
    # "02-11-2026" .. "12-11-2026" typed day-first (2-12 November) and read month-first as Settings says: the last,
    # "12-11-2026" (Scores row 12), reads 2026-12-11, after the day after today (11-25); its sheet's order is doubted
    path = tmp_path / "team.xlsx"
    api.new_workbook(path)
    wb = load_workbook(path)
    wb["Criteria"].cell(row=2, column=2, value="Greeting")
    wb["Reps"].cell(row=2, column=1, value="Ana")
    for r, day in enumerate(range(2, 13), start=2):
        for c, v in enumerate([f"C{day:02d}", "Ana", f"{day:02d}-11-2026", "Greeting", 60 + day, "inbound"], start=1):
            wb["Scores"].cell(row=r, column=c, value=v)
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Ana", "Session date": dt.date(2026, 11, 20),
                        "Targeted criterion": "Greeting"}])
    writer.save_atomically(wb, path, backup=False)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    assert run("refresh", path, "-q").exit_code == 0
    checks = records(path, "Checks")
    assert "date-order-doubted" in [c["Code"] for c in checks]
    [said] = [c for c in checks if c["Code"] == "call-after-today"]
    assert said["Row"] == 12 and "Date order" in said["How to fix"]  # (the wording is the fix here)


def _imported(tmp_path, monkeypatch, text: str) -> str:
    from tests.import_kit import session_book

    book = session_book(tmp_path)
    export = tmp_path / "week.csv"
    export.write_text(text, encoding="utf-8")
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("import", book, export)
    assert out.exit_code == 0, out.output
    return " ".join(out.output.split())


def test_a_long_export_s_call_scored_on_two_criteria_is_counted_in_rows(tmp_path, monkeypatch):
    # one call (C2) scored on two criteria, two rows of the file, 2027-11-21: "2 rows", not "2 scored calls" under
    # the import's "2 scores of 1 call"
    said = _imported(tmp_path, monkeypatch, "Call ID,Agent,Call date,Criterion,Score\n"
                     "C2,Ann Lee,2027-11-21,Greeting,90\nC2,Ann Lee,2027-11-21,Resolution,60\n")
    assert "2 scores of 1 call" in said
    assert "week.csv: 2 rows are dated after tomorrow (2026-11-25): the first, row 2, on 2027-11-21." in said


def test_a_wide_export_s_rows_are_counted_with_their_scores(tmp_path, monkeypatch):
    # C2 and C3 (file rows 3 and 4) a year ahead, each scored on Greeting and Resolution: 2 rows of 2 x 2 = 4 scores
    said = _imported(tmp_path, monkeypatch, "Call ID,Agent,Call date,Greeting,Resolution\n"
                     "C1,Ann Lee,2026-11-20,80,70\nC2,Ann Lee,2027-11-21,90,60\nC3,Ann Lee,2027-11-22,70,50\n")
    assert "week.csv: 2 rows (4 scores) are dated after tomorrow (2026-11-25): the first, row 3, on 2027-11-21." \
        in said
    assert "correct the dates (the first in row 3)" in said
