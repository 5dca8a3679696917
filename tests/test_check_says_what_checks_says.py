"""``coachlog check`` prints the same problems as the Checks sheet (README), the last refresh's rows of cells typed
on a computed sheet included: the refresh did not keep the cell, and its row on Checks says the backup still
holds it, which stays true, there and in ``check``, until a refresh writes again (replacing the backup)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.wbkit import kept_before_refresh, one_rep_book, records, run

NOTE = "talk to Bo on Friday"


def _book(path):
    """Bo Park's ten calls at 60 from 2026-02-28 to 03-09, S-1 on 2026-03-10."""
    one_rep_book(path, [(dt.date(2026, 2, 28) + dt.timedelta(days=i), 60) for i in range(10)],
                 [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10)}]).save(path)


def _typed(book) -> list[str]:
    return [f'{c["Field"]} {c["Value"]}' for c in records(book, "Checks") if c["Code"] == "typed-on-computed-sheet"]


def _checked(book) -> str:
    out = run("check", book, "--as-of", "2026-04-30")
    return " ".join(out.output.split())


def test_check_repeats_the_refresh_s_row_of_a_typed_cell_it_did_not_keep_until_a_refresh_writes_again(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    wb = load_workbook(book)
    ws = wb["Follow-up"]
    cell = ws.cell(row=2, column=ws.max_column + 2, value=NOTE)  # a note right of the table
    wb.save(book)
    ref = cell.coordinate
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    assert _typed(book) == [f"{ref} {NOTE}"]
    said = f'Follow-up {ref} held "{NOTE}"'
    [kept] = kept_before_refresh(book)
    assert said in _checked(book) and kept.name in _checked(book)
    # a refresh finding the workbook as it left it writes nothing: Checks keeps the row, and check says it
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0 and "up to date" in out.output
    assert _typed(book) == [f"{ref} {NOTE}"] and said in _checked(book)
    # a refresh that writes again (the workbook edited) finds nothing typed: the row is gone from both
    wb = load_workbook(book)
    wb["Log"]["A2"].value = "S-1 "
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    assert _typed(book) == []
    assert "typed-on-computed-sheet" not in _checked(book)
