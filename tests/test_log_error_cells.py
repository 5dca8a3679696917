"""A Log cell naming a rep or a criterion through a formula that shows an Excel error (a VLOOKUP finding nothing
gives #N/A) is said to show that error, with the fix to mend the formula: Checks said rep "#N/A" was not on the
Reps sheet, to add it there, and, of a recorded baseline, to type "#N/A" among the rep's Other names."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.excel_made_kit import put_cell
from tests.fidelity_kit import Zip
from tests.wbkit import ACK, records, run, team_book, type_log_rows


def _team(path):
    """Bo Park's ten calls at 60 before S-1 (2026-03-10) and ten at 80 after it."""
    wb = team_book(path, [("ACK", ACK), ("GRT", "Greets")], ["Bo Park"])
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    for i, day in enumerate(days):
        wb["Scores"].append([f"C{i:02d}", "Bo Park", dt.datetime.combine(day, dt.time(10)), ACK, 60 if i < 10 else 80])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK,
                        "Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first."}])
    wb.save(path)


def _shows_na(path, letter: str) -> None:
    """S-1's cell in column ``letter`` made a formula whose value, as Excel saved it, is #N/A."""
    z = Zip(path)
    put_cell(z, "Log", f"{letter}2", f'<c r="{letter}2" t="e"><f>VLOOKUP(A2,Roster!A:B,2,FALSE)</f><v>#N/A</v></c>')
    z.save(path)


@pytest.mark.parametrize(("header", "letter", "code"), [("Rep", "B", "log-unknown-rep"),
                                                        ("Targeted criterion", "O", "unknown-criterion")])
def test_a_log_name_showing_an_excel_error_is_said_to_be_its_formulas(tmp_path, header, letter, code):
    book = tmp_path / "team.xlsx"
    _team(book)
    assert load_workbook(book)["Log"][f"{letter}1"].value == header
    _shows_na(book, letter)
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0, out.output
    [said] = [c for c in records(book, "Checks") if c["Code"] == code]
    assert (said["Row"], said["Field"], said["Value"]) == (2, header, "#N/A")
    assert said["Problem"] == (f"Log row 2 (S-1): {header} shows the Excel error #N/A: its formula could not be "
                               f"computed, so it names no {header.lower()}.")
    assert said["How to fix"] == (f"Mend the formula in that {header} cell (a lookup that finds nothing shows #N/A), "
                                  "or type the name there.")


def test_a_recorded_baseline_whose_rep_cell_shows_an_error_asks_to_mend_the_formula(tmp_path):
    book = tmp_path / "team.xlsx"
    _team(book)
    assert run("refresh", book, "--as-of", "2026-03-10", "-q").exit_code == 0  # records 60 over ten calls
    _shows_na(book, "B")
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    [said] = [c for c in records(book, "Checks") if c["Code"] == "baseline-differs-from-recorded"]
    assert "as the session's Rep cell shows the Excel error #N/A now (its formula could not be computed)" in \
        said["Problem"]
    assert said["How to fix"].startswith("Mend the formula in the Log row's Rep cell, or type the name there")
