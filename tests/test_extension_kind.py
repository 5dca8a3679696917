"""A workbook renamed to the other extension (team.xlsx renamed team.xlsm, with no macros, or a macro
workbook renamed .xlsx) is refreshed and checked as any other, and the command says that Excel will not
open it under that name and which name it needs: Excel compares a file's extension with the kind of
workbook its package declares and refuses a file where they differ."""

from __future__ import annotations

import datetime as dt
import shutil

from tests import fidelity_kit as kit
from tests.wbkit import run

AS_OF = dt.date(2026, 4, 30)


def test_an_xlsx_workbook_renamed_xlsm_is_refreshed_and_the_command_says_to_rename_it_back(tmp_path):
    made = tmp_path / "made.xlsx"
    kit.base_workbook(made)
    book = tmp_path / "team.xlsm"
    shutil.copy(made, book)
    for args in (("refresh", book, "--as-of", AS_OF, "-q"), ("check", book, "--as-of", AS_OF)):
        out = run(*args)
        assert out.exit_code == 0, out.output
        assert ("team.xlsm holds a workbook without macros (an .xlsx workbook): Excel does not open it under "
                "this name. Rename it to team.xlsx.") in " ".join(out.output.split())
        assert args[0] == "check" or "2 sessions" in out.output  # the refresh itself went through


def test_a_macro_workbook_renamed_xlsx_is_told_to_take_its_xlsm_name_back(tmp_path):
    made = tmp_path / "made.xlsx"
    kit.base_workbook(made)
    book = tmp_path / "team.xlsx"
    kit.make_xlsm(made, book)
    out = run("refresh", book, "--as-of", AS_OF, "-q")
    assert out.exit_code == 0, out.output
    assert ("team.xlsx holds a workbook with macros (an .xlsm workbook): Excel does not open it under this "
            "name. Rename it to team.xlsm.") in " ".join(out.output.split())


def test_a_workbook_under_its_own_extension_gets_no_such_note(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    xlsm = tmp_path / "team.xlsm"
    kit.make_xlsm(book, xlsm)
    for path in (book, xlsm):
        out = run("refresh", path, "--as-of", AS_OF, "-q")
        assert out.exit_code == 0 and "Excel does not open it" not in out.output, out.output
