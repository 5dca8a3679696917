"""``coachlog repair`` adding the Criteria table's Other names to a workbook made before it adds the column only where
nothing of the user's covers the column after the table (a width over several columns, a data validation, a
conditional format, a protected sheet, a hidden column, no Criteria table at all); else adds nothing and says why
and what to do."""

from __future__ import annotations

import re
import zipfile

from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from coachlog_xl.cli import main
from tests.rules_kit import D
from tests.wbkit import ACK, old_template_book


def _book(tmp_path, change):
    """The old template's workbook (Criteria table A1:M2, ACK in row 2) with ``change`` made to its Criteria sheet."""
    book = tmp_path / "old.xlsx"
    old_template_book(book, [(D(2026, 3, 2), 60, ACK)])
    wb = load_workbook(book)
    change(wb["Criteria"])
    wb.save(book)
    return book


def _cols(book) -> list[tuple[int, int]]:
    """The (min, max) of each <col> entry of the Criteria sheet's XML, as saved."""
    with zipfile.ZipFile(book) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        sheets = z.read("xl/workbook.xml").decode()
        rid = re.search(r'<sheet [^>]*name="Criteria"[^>]*r:id="([^"]+)"', sheets).group(1)
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
        if target is None:
            target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        xml = z.read("xl/" + target.group(1).lstrip("/").removeprefix("xl/")).decode()
    return [(int(re.search(r'min="(\d+)"', c).group(1)), int(re.search(r'max="(\d+)"', c).group(1)))
            for c in re.findall(r"<col [^>]*>", xml)]


def _refused(book, why: str, first: str):
    out = CliRunner().invoke(main, ["repair", str(book)])
    assert out.exit_code == 0, out.output
    assert "Added the column" not in out.output and why in out.output and first in out.output, out.output
    assert "Type Other names in N1" in out.output
    ws = load_workbook(book)["Criteria"]
    assert ws.tables["Criteria"].ref == "A1:M2" and ws["N1"].value is None


def test_a_width_set_over_m_to_p_as_one_entry_is_kept_and_no_second_entry_covers_n(tmp_path):
    # the user's one <col min=13 max=16 width=22> over M:P: the column N is added to the table, and the saved sheet
    # holds that entry and none other over column 14 (two entries over one column: Excel calls the file damaged)
    def grouped(ws):
        d = ws.column_dimensions["M"]
        d.min, d.max, d.width = 13, 16, 22

    book = _book(tmp_path, grouped)
    out = CliRunner().invoke(main, ["repair", str(book)])
    assert out.exit_code == 0 and "Criteria: Other names" in out.output, out.output
    assert load_workbook(book)["Criteria"].tables["Criteria"].ref == "A1:N2"
    over_n = [(a, b) for a, b in _cols(book) if a <= 14 <= b]
    assert over_n == [(13, 16)]
    cols = sorted(_cols(book))
    assert all(b < c for (_, b), (c, _) in zip(cols, cols[1:]))  # no two entries overlap


def test_a_conditional_format_over_the_column_after_the_table_counts_as_taken(tmp_path):
    def cf(ws):
        ws.conditional_formatting.add("N2:N200", CellIsRule(operator="notEqual", formula=['""'],
                                                            fill=PatternFill("solid", fgColor="FF0000")))

    _refused(_book(tmp_path, cf), "a conditional format of yours stands over N2:N200", "Clear Rules")


def test_a_data_validation_over_the_column_after_the_table_counts_as_taken(tmp_path):
    def dv(ws):
        rule = DataValidation(type="list", formula1='"yes,no"', allow_blank=True, showErrorMessage=True)
        rule.add("N2:N200")
        ws.add_data_validation(rule)

    book = _book(tmp_path, dv)
    _refused(book, "a data validation of yours stands over N2:N200", "Clear All")
    assert [str(d.sqref) for d in load_workbook(book)["Criteria"].data_validations.dataValidation
            if "N" in str(d.sqref)] == ["N2:N200"]


def test_a_protected_sheet_gets_no_column(tmp_path):
    def protect(ws):
        for r in range(2, 20):
            for c in range(1, 14):
                ws.cell(r, c).protection = Protection(locked=False)
        ws.protection.sheet = True

    _refused(_book(tmp_path, protect), "the sheet is protected", "Unprotect Sheet")


def test_a_hidden_column_after_the_table_gets_no_column(tmp_path):
    def hide(ws):
        ws.column_dimensions["N"].hidden = True

    book = _book(tmp_path, hide)
    _refused(book, "column N is hidden", "Unhide it first")
    assert load_workbook(book)["Criteria"].column_dimensions["N"].hidden


def test_a_criteria_table_converted_to_a_range_or_renamed_is_said_to_be_missing_not_nothing_to_repair(tmp_path):
    # the old template's headers stand in A1:M1; with no table named Criteria the repair cannot grow one: it says
    # so and where to type the header (N1), not "nothing to repair"
    def as_range(ws):
        del ws.tables["Criteria"]

    def renamed(ws):
        ws.tables["Criteria"].displayName = ws.tables["Criteria"].name = "Criteria_1"

    for change in (as_range, renamed):
        folder = tmp_path / change.__name__
        folder.mkdir()
        book = _book(folder, change)
        out = CliRunner().invoke(main, ["repair", str(book)])
        assert out.exit_code == 0, out.output
        assert "nothing to repair" not in out.output
        assert "no Criteria table on the sheet" in out.output and "Type Other names in N1" in out.output
        assert load_workbook(book)["Criteria"]["N1"].value is None
