"""The suffixes of the files an export is read from are one list (coachlog_xl.suffixes), which the
import's reader, the prefetch and Checks' wording all read: a file named so is read, by the reader its
kind says, and a sheet named so is an export file, not a sheet of the team's own."""

from __future__ import annotations

import pytest

from coachlog_xl import suffixes
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.inputs import RawTable
from coachlog_xl.core.paste_checks import missing_fields
from coachlog_xl.errors import WorkbookError
from coachlog_xl.schema import DEFAULT_HEADER_MAP
from coachlog_xl.workbook.exports import read_export


def test_the_suffixes_are_the_text_and_the_workbook_ones():
    assert suffixes.EXPORT_SUFFIXES == (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
    assert set(suffixes.TEXT_SUFFIXES) | set(suffixes.WORKBOOK_SUFFIXES) == set(suffixes.EXPORT_SUFFIXES)


@pytest.mark.parametrize("suffix", suffixes.TEXT_SUFFIXES)
def test_a_text_export_is_read_under_each_text_suffix(tmp_path, suffix):
    path = tmp_path / f"export{suffix.upper()}"  # (the suffix's case is not the file's kind)
    path.write_text("Call ID,Rep,Call date,Criterion,Score\nC1,Ann Lee,2026-03-02,Greeting,80\n")
    table = read_export(path)
    assert list(table.headers) == ["Call ID", "Rep", "Call date", "Criterion", "Score"] and len(table) == 1


def test_another_suffix_is_refused_naming_every_one_read(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("{}")
    with pytest.raises(WorkbookError, match=r"must be a \.csv, \.txt, \.tsv, \.xlsx or \.xlsm file"):
        read_export(path)


@pytest.mark.parametrize(("sheet", "own"), [("Scores export.csv", False), ("Scores week 9.XLSM", False),
                                            ("Scores summary", True), ("Scores", False)])
def test_only_a_sheet_not_named_as_an_export_file_is_told_it_is_read_as_scores(sheet, own):
    issues = Issues()
    table = RawTable.from_rows(sheet, ["Agent", "Average"], [["Ann Lee", 80]])
    assert missing_fields(table, {}, list(table.headers), DEFAULT_HEADER_MAP, ("call_id",), issues)
    assert any("rename it so that its name does not start with Scores" in i.fix for i in issues) == own
