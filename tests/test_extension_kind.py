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


def _template(book, kind: str, tmp_path):
    """The base workbook saved as an Excel template of ``kind`` (.xltx, or .xltm with its VBA project), at
    ``book``: the package Excel's Save As > Excel Template writes differs from the workbook by the content
    type of its workbook part only."""
    made = tmp_path / "made.xlsx"
    kit.base_workbook(made)
    if kind == ".xltm":
        kit.make_xlsm(made, made.with_suffix(".xlsm"))
        made = made.with_suffix(".xlsm")
    z = kit.Zip(made)
    main = {".xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            ".xltm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml"}[kind]
    template = main.replace(".sheet.", ".template.")
    z.parts["[Content_Types].xml"] = z.text("[Content_Types].xml").replace(main, template).encode()
    z.save(book)


def test_a_template_is_refused_with_the_save_as_that_makes_its_workbook_and_not_told_to_be_renamed(tmp_path):
    for kind, saved_as in ((".xltx", "Excel Workbook (.xlsx)"), (".xltm", "Excel Macro-Enabled Workbook (.xlsm)")):
        book = tmp_path / f"team{kind}"
        _template(book, kind, tmp_path)
        before = book.read_bytes()
        for args in (("refresh", book, "--as-of", AS_OF, "-q"), ("check", book, "--as-of", AS_OF)):
            said = " ".join(run(*args).output.split())
            assert run(*args).exit_code == 2, said
            assert f"an Excel template ({kind}), not a workbook" in said
            assert f"Open it in Excel and use File > Save As > {saved_as}, then run the command" in said
            assert "Rename it" not in said  # (a renamed template is still one: Excel refuses it as .xlsx)
        assert book.read_bytes() == before


def test_a_template_renamed_xlsx_or_xlsm_is_refused_and_nothing_is_written(tmp_path):
    """Renamed as the old message said, the template would be refreshed and saved as a file named .xlsx holding a
    template (and for .xltm its macros), which Excel refuses: the refresh stops before it writes, and says to
    give the file its template's name back, which Excel opens, and save the workbook from there."""
    for kind, name in ((".xltx", "team.xlsx"), (".xltm", "team.xlsx"), (".xltm", "team.xlsm")):
        book = tmp_path / name
        _template(book, kind, tmp_path)
        before = book.read_bytes()
        out = run("refresh", book, "--as-of", AS_OF, "-q")
        said = " ".join(out.output.split())
        assert out.exit_code == 2, said
        assert f"an Excel template ({kind}) named {book.suffix}, not a workbook: Excel does not open it under this " \
               f"name" in said
        assert f"Rename it to team{kind}, open that in Excel and use File > Save As > Excel" in said
        assert book.read_bytes() == before
        assert "2 sessions" not in said


def test_a_workbook_named_as_a_template_is_told_to_take_its_workbook_name(tmp_path):
    """A workbook (not a template) renamed .xltx: renaming it .xlsx is all it needs."""
    book = tmp_path / "team.xltx"
    kit.base_workbook(book)
    out = run("refresh", book, "--as-of", AS_OF, "-q")
    assert out.exit_code == 2 and "Rename it to team.xlsx" in " ".join(out.output.split()), out.output


def test_a_macro_workbook_named_as_a_template_is_told_to_take_its_xlsm_name(tmp_path):
    """A macro workbook renamed .xltm or .xltx needs .xlsm back: an .xlsx name would be refused by Excel
    (and named by the next command) for the same reason."""
    made = tmp_path / "made.xlsx"
    kit.base_workbook(made)
    for suffix in (".xltm", ".xltx"):
        book = tmp_path / f"team{suffix}"
        kit.make_xlsm(made, book)
        said = " ".join(run("refresh", book, "--as-of", AS_OF, "-q").output.split())
        assert "Rename it to team.xlsm and run" in said and "team.xlsx" not in said, said
