"""A computed sheet deleted by a user and re-created by a refresh, in a workbook whose default cell style is not
plain (LibreOffice saves its Default style with an alignment, general and bottom): an openpyxl load and save
before the next refresh (a paste script) must not make that refresh say the formatting of cells nobody
formatted "is not kept". The re-created sheet's columns carry the workbook's default style by number, as every
column of a sheet LibreOffice or Excel saved does."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from coachlog_xl import api
from tests import fidelity_kit as kit
from tests.wbkit import soffice_convert

AS_OF = dt.date(2026, 6, 1)


def _saved_by_libreoffice(tmp_path: Path) -> Path:
    """A coaching log refreshed once, then opened and saved in LibreOffice: its Default cell style has an
    alignment (general, bottom), and every column of its sheets names its style."""
    made = tmp_path / "made" / "team.xlsx"
    made.parent.mkdir()
    kit.base_workbook(made)
    api.refresh_file(made, as_of=AS_OF, backup=False)
    return soffice_convert(made, "xlsx", tmp_path)


def _openpyxl_save(path: Path) -> None:
    wb = load_workbook(path)
    wb.save(path)


def test_a_recreated_aggregate_saved_by_openpyxl_is_not_said_to_lose_formatting(tmp_path):
    path = _saved_by_libreoffice(tmp_path)
    control = tmp_path / "control.xlsx"
    shutil.copy(path, control)
    wb = load_workbook(path)
    del wb["Aggregate"]
    wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)  # Aggregate comes back
    _openpyxl_save(path)
    # nobody formatted a cell of Aggregate: nothing is named, as for the sheet never deleted
    assert api.refresh_file(path, as_of=AS_OF, backup=False).restyled == {}
    _openpyxl_save(control)
    assert api.refresh_file(control, as_of=AS_OF, backup=False).restyled == {}


def test_a_cell_a_person_formats_on_the_recreated_sheet_is_still_named(tmp_path):
    # the default style by number on its columns hides no formatting a person gives: a filled A2 is named
    path = _saved_by_libreoffice(tmp_path)
    wb = load_workbook(path)
    del wb["Aggregate"]
    wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    wb["Aggregate"]["A2"].fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(path)
    assert api.refresh_file(path, as_of=AS_OF, backup=False).restyled == {"Aggregate": ["A2"]}
