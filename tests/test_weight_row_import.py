"""A hand-made scorecard's weekly CSVs, each with its Points possible row under the header, imported one after another:
the workbook keeps each week's row above its calls, so that the refresh reads them as points out of it, as the import's
preview did (the second week's row is the first's again, yet not a row the workbook holds for the second's calls)."""

from __future__ import annotations

import datetime as dt

import openpyxl

from coachlog_xl import api, schema

ACK, VER, RES = "Acknowledges the concern", "Verifies identity", "Resolution"
HEAD = f"Call date,Agent,Call ID,{ACK},{VER},{RES}\n"


def _book(tmp_path):
    book = tmp_path / "book.xlsx"
    api.new_workbook(book)
    wb = openpyxl.load_workbook(book)
    for i, (cid, name) in enumerate((("ACK", ACK), ("VER", VER), ("RES", RES))):
        wb[schema.CRITERIA.name].cell(2 + i, 1, cid)
        wb[schema.CRITERIA.name].cell(2 + i, 2, name)
    for i, rep in enumerate(("Dana Cruz", "Eli Moss")):
        wb[schema.REPS.name].cell(2 + i, 1, rep)
    log = wb[schema.LOG.name]
    at = {c.value: c.column for c in log[1] if c.value}
    for key, value in (("session_id", "S-1"), ("rep", "Eli Moss"), ("session_date", dt.datetime(2026, 9, 25)),
                       ("criterion", ACK)):
        log.cell(2, at[schema.LOG.column(key).header], value)
    wb.save(book)
    return book


def test_a_second_weeks_points_possible_row_is_imported_and_its_calls_read_over_it_as_previewed(tmp_path):
    book = _book(tmp_path)
    for week, calls in (("week1", "2026-09-04,Dana Cruz,C-1,30,40,30\n2026-09-05,Eli Moss,C-2,15,20,27\n"),
                        ("week3", "2026-09-18,Dana Cruz,C-5,30,40,30\n2026-09-19,Eli Moss,C-6,15,20,27\n")):
        export = tmp_path / f"{week}.csv"
        export.write_text(HEAD + "Points possible,,,30,40,30\n" + calls)
        preview, appended = api.import_export(book, export, force=True)
        # the preview reads each week over its row: Eli's 15 of 30 = 50 in ACK
        assert sorted(preview.calls.loc[preview.calls["criterion"] == ACK, "score"]) == [50.0, 100.0], week
        assert appended.rows_added == 3, week  # the row of points possible and the two calls, week 3's too
    # importing week 3 again adds nothing: its row goes with calls the workbook holds already
    assert api.import_export(book, tmp_path / "week3.csv", force=True)[1].rows_added == 0
    result = api.refresh_file(book, as_of=dt.date(2026, 9, 30), backup=False, cache=False)
    base = result.baseline.set_index("session_id").loc["S-1"]
    # Eli's ACK calls before 2026-09-25: C-2 15 of 30 = 50 and C-6 15 of 30 = 50, mean 50 (week 3 read out of 100
    # would give (50 + 15) / 2 = 32.5)
    assert base["computed_n"] == 2 and base["computed_mean"] == 50.0


def test_a_week_whose_points_possible_row_differs_starts_its_own_block_under_the_header_again(tmp_path):
    book = _book(tmp_path)
    weeks = (("week1", "30,40,30", "2026-09-04,Dana Cruz,C-1,30,40,30\n2026-09-05,Eli Moss,C-2,15,20,27\n"),
             ("week2", "20,40,40", "2026-09-11,Dana Cruz,C-3,20,40,40\n2026-09-12,Eli Moss,C-4,10,36,20\n"),
             ("week3", "30,40,30", "2026-09-18,Dana Cruz,C-5,30,32,21\n2026-09-19,Eli Moss,C-6,18,36,27\n"))
    for week, row, calls in weeks:
        export = tmp_path / f"{week}.csv"
        export.write_text(HEAD + f"Points possible,,,{row}\n" + calls)
        api.import_export(book, export, force=True, sheet=schema.SCORES.name)  # (weekly imports onto one sheet)
    sheet = openpyxl.load_workbook(book)[schema.SCORES.name]
    labels = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    # each week under its own header: header, its row, its two calls (rows 2-5, 6-9, 10-13)
    assert labels == ["Call date", "Points possible", "2026-09-04", "2026-09-05",
                      "Call date", "Points possible", "2026-09-11", "2026-09-12",
                      "Call date", "Points possible", "2026-09-18", "2026-09-19"]
    result = api.refresh_file(book, as_of=dt.date(2026, 9, 30), backup=False, cache=False)
    base = result.baseline.set_index("session_id").loc["S-1"]
    # Eli's ACK calls before 2026-09-25, each over its week's row: C-2 15 of 30 = 50, C-4 10 of 20 = 50, C-6 18 of 30
    # = 60: mean 160 / 3 = 53.333 (read as written, out of 100: (15 + 10 + 18) / 3 = 14.333)
    assert base["computed_n"] == 3 and round(base["computed_mean"], 3) == 53.333
