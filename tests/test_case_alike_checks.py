"""A sheet of the team's named as Checks but for its capitals, Checks itself deleted: the refresh takes it for
Checks (as Excel finds a sheet whatever its capitals) and names what it held under the tab's own name."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.cli import main
from tests import fidelity_kit as kit


def test_a_case_alike_checks_sheet_is_named_as_its_tab_says_and_not_as_holding_formulas(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    api.refresh_file(book, as_of=dt.date(2026, 6, 1), backup=False)
    wb = load_workbook(book)
    del wb["Checks"]
    own = wb.create_sheet("checks")
    own["A1"], own["A2"], own["B2"] = "my checklist", "call Ann about S-1", "=TODAY()"
    wb.calculation.fullCalcOnLoad = False  # (as Excel saves it: the formulas' word would be due)
    wb.save(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-02", "--no-cache"])
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert "what was typed on them is gone: checks A1, A2, B2." in said  # the tab's name, its three cells
    assert "formulas of your own" not in said  # B2's formula went with the sheet's other cells
    ws = load_workbook(book)["checks"]
    typed = [(r[1], r[3]) for r in ws.iter_rows(min_row=2, values_only=True) if r[5] == "typed-on-computed-sheet"]
    assert typed == [("checks", "A1"), ("checks", "A2"), ("checks", "B2")]


def test_check_names_what_was_typed_on_a_computed_sheet_whose_tab_differs_only_in_capitals(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    api.refresh_file(book, as_of=dt.date(2026, 6, 1), backup=False)
    wb = load_workbook(book)
    fu = wb["Follow-up"]
    fu.title = "renaming"  # (openpyxl takes a name differing only in capitals for a duplicate)
    fu.title = "follow-up"  # (Excel finds it, and the refresh writes it, as Follow-up)
    fu["BM3"] = "call back Friday"
    wb.save(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-02", "--no-cache"])
    said = " ".join(out.output.split())
    assert 'follow-up BM3 holds "call back Friday"' in said and "is not kept" in said
