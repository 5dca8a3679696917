"""Formulas of the team's own over refreshed cells: named, while the file keeps their old results."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.cli import main
from coachlog_xl.workbook.recalc import recalculates_on_open
from tests import fidelity_kit as kit

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(("xml", "asks"), [
    (f'<workbook {MAIN}><sheets/><calcPr calcId="191029"/></workbook>', False),  # as Excel saves it
    (f'<workbook {MAIN}><calcPr iterateCount="100" refMode="A1" iterate="false"/></workbook>', False),  # LibreOffice
    (f'<workbook {MAIN}><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>', True),  # openpyxl, the template
    (f"<workbook {MAIN}><calcPr fullCalcOnLoad='true'></calcPr></workbook>", True),
    (f'<workbook {MAIN}><calcPr fullCalcOnLoad="0"/></workbook>', False),
    ('<x:workbook xmlns:x="urn:x"><x:calcPr x:calcId="1" fullCalcOnLoad="1"/></x:workbook>', True),
    (f'<workbook {MAIN}><sheets/></workbook>', False),
])
def test_whether_a_workbook_asks_to_be_recalculated_on_opening(xml, asks):
    assert recalculates_on_open(xml.encode()) is asks


def _without_flag(path: Path) -> bytes:
    """The workbook as Excel saves it: its calcPr without fullCalcOnLoad (Excel drops it once it has
    recalculated); returns the workbook part's new bytes."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    book = None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "xl/workbook.xml":
                data = book = re.sub(rb'<calcPr[^>]*/>', b'<calcPr calcId="191029"/>', data)
            z.writestr(info, data)
    return book


def _workbook_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/workbook.xml")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("team") / "team.xlsx"
    kit.base_workbook(path)
    return path


@pytest.fixture
def book(made, tmp_path) -> Path:
    """A team's workbook of two sessions, a sheet of the team's own and a chart sheet (a copy of one made
    for the module): the tests load and save it with openpyxl, which took 3-8 s a time for the demo
    (its 7,412 Scores rows), and what they show (formulas named, the workbook part kept, openpyxl's
    full recalculation asked for) depends on the sheets' formulas and the workbook part, not on the
    rows' number."""
    return shutil.copyfile(made, tmp_path / "team.xlsx")


def test_formulas_of_the_team_s_own_are_named_and_their_workbook_part_kept(book):
    wb = load_workbook(book)
    wb.create_sheet("Dashboard")["A1"] = "=COUNTIF('Follow-up'!Y2:Y500,\"complete\")"
    wb["Log"]["AH2"] = "=AA2+10"  # a column of the team's beside the Log
    wb.save(book)
    saved = _without_flag(book)
    result = api.refresh_file(book, as_of=dt.date(2026, 7, 1), backup=False)
    assert result.written and sorted(result.formulas) == ["Dashboard", "Log"]
    assert _workbook_xml(book) == saved  # its calculation settings (and every other byte) as they were
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-07-02"])
    assert "formulas of your own on Log and Dashboard" in out.output and "Ctrl+Alt+F9" in out.output


def test_no_word_when_the_workbook_recalculates_on_opening_or_holds_no_formula_of_its_own(book):
    wb = load_workbook(book)
    wb.create_sheet("Dashboard")["A1"] = "=1+1"
    wb.save(book)  # openpyxl asks for a full recalculation on opening
    assert api.refresh_file(book, as_of=dt.date(2026, 7, 1), backup=False).formulas == []
    del wb["Dashboard"]
    wb.save(book)
    _without_flag(book)
    assert api.refresh_file(book, as_of=dt.date(2026, 7, 2), backup=False).formulas == []


def test_checks_holds_a_note_for_each_sheet_whose_formulas_show_old_values(book):
    wb = load_workbook(book)
    wb.create_sheet("Dashboard")["A1"] = "=COUNTIF('Follow-up'!Y2:Y500,\"complete\")"
    wb.save(book)
    saved = _without_flag(book)
    api.refresh_file(book, as_of=dt.date(2026, 7, 1), backup=False)
    checks = load_workbook(book)["Checks"]
    notes = [(r[0], r[1]) for r in checks.iter_rows(min_row=2, values_only=True) if r[5] == "formulas-show-old-values"]
    assert notes == [("info", "Dashboard")]  # the team's one sheet holding formulas; Log holds none here
    assert _workbook_xml(book) == saved
