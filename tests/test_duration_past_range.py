"""A number in a duration format past what Python's durations hold (a ten-digit call id formatted [h]:mm:ss) is
read as the number, as a number in a date format past the dates is (python-calamine gives it so): the
column-wise reader and python-calamine's rows both raised OverflowError, a refresh ended in a traceback; then
openpyxl read the sheet, giving such a cell as the error value #VALUE!, which Checks called a formula that
could not be computed, and every other such number of the sheet alike."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.wbkit import ACK, one_rep_book, records, run


@pytest.mark.parametrize("fmt", ["[h]:mm:ss", "yyyy-mm-dd"])
def test_a_call_id_in_a_duration_format_past_the_range_is_read_as_the_number_not_a_traceback(tmp_path, fmt):
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = one_rep_book(book, [(day, 60 if i < 10 else 80) for i, day in enumerate(days)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10),
                        "Development target": "Name the concern first."}])
    wb["Scores"]["A2"] = 1_000_000_001  # (C00's id, typed as a number in a time format)
    wb["Scores"]["A2"].number_format = fmt
    wb.save(book)
    out = run("refresh", book, "--as-of", "2026-04-30")
    assert out.exit_code == 0 and out.exception is None, out.output
    assert [c for c in records(book, "Checks") if c["Sheet"] == "Scores"] == []
    [s1] = records(book, "Follow-up")
    # the ten 60s before the session, the first under the id 1000000001, and the ten 80s after it
    assert (s1["Baseline n"], s1["Baseline mean"], s1["Follow-up n"]) == (10, 60, 10)


def test_one_cell_past_the_range_changes_how_no_other_sheet_reads(tmp_path):
    # A2 in a duration format past the range sends this sheet to openpyxl, which gives A2 and A3 (a ten-digit id
    # in a date format) as the numbers; the other sheets are read as before
    from coachlog_xl.workbook.book import FileBook

    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i) for i in range(3)]
    wb = one_rep_book(book, [(day, 60) for day in days],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10)}])
    wb["Scores"]["A2"], wb["Scores"]["A3"] = 1_000_000_001, 1_000_000_002
    wb["Scores"]["A2"].number_format, wb["Scores"]["A3"].number_format = "[h]:mm:ss", "yyyy-mm-dd"
    wb.save(book)
    read = FileBook(book)
    assert [r[0] for r in read.rows("Scores")[1:4]] == [1_000_000_001, 1_000_000_002, "C02"]  # (openpyxl)
    log = read.rows("Log")
    # the Log still through python-calamine, which gives a date typed at midnight as a date (openpyxl: a date-time)
    assert log[1][0] == "S-1" and type(log[1][[str(h) for h in log[0]].index("Session date")]) is dt.date


def test_a_call_time_past_the_last_date_is_read_as_the_row_reader_reads_it(tmp_path):
    # 3,000,000 in a date format is the year 10113: no date-time holds it (a refresh ended in NotImplementedError)
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = one_rep_book(book, [(day, 60 if i < 10 else 80) for i, day in enumerate(days)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10),
                        "Development target": "Name the concern first."}])
    wb["Scores"]["C2"] = 3_000_000
    wb["Scores"]["C2"].number_format = "yyyy-mm-dd hh:mm"
    wb.save(book)
    out = run("refresh", book, "--as-of", "2026-04-30")
    assert out.exit_code == 0 and out.exception is None, out.output
    assert [(c["Row"], c["Field"]) for c in records(book, "Checks") if c["Sheet"] == "Scores"] == [(2, "Call date")]


def test_a_number_past_the_range_below_a_row_the_file_does_not_store_is_put_in_its_own_row(tmp_path):
    # row 4 blank (not stored: a gap between two weeks' pastes), A5 a ten-digit id in [h]:mm:ss: openpyxl warns of
    # A5 while it hands out the empty row 4; the number goes to row 5 (it raised IndexError writing into row 4)
    from coachlog_xl.workbook.book import FileBook

    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i) for i in range(2)]
    wb = one_rep_book(book, [(day, 60) for day in days],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10)}])
    wb["Scores"].append([])  # (row 4: openpyxl stores no empty row)
    wb["Scores"].append([1_000_000_001, "Bo Park", dt.datetime(2026, 3, 2, 10), ACK, 70])
    wb["Scores"]["A5"].number_format = "[h]:mm:ss"
    wb.save(book)
    rows = FileBook(book).rows("Scores")
    assert [r[0] for r in rows[1:5]] == ["C00", "C01", None, 1_000_000_001]
    out = run("refresh", book, "--as-of", "2026-04-30")
    assert out.exit_code == 0 and out.exception is None, out.output
