"""A workbook keeps the HeaderMap lines of the version that made it: an export header this version reads
(`Date of call`, added later) is not read in a workbook made before it.  An import or refresh missing that field
names the header and the line to add, instead of only listing the headers it looked for."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.wbkit import run

EXPORT = ("Interaction ID,Agent,Date of call,Question text,Score\n"
          "Q1,Ana Lopez,2026-03-10 10:00,Greeting,90\n"
          "Q2,Ana Lopez,2026-03-11 10:00,Greeting,85\n")


def _without_line(book, header: str) -> None:
    """The workbook's HeaderMap line for ``header`` deleted, as in a workbook made before the line was shipped."""
    wb = load_workbook(book)
    ws = wb["Settings"]
    [cell] = [c for row in ws.iter_rows() for c in row if c.value == header]
    assert ws.cell(row=1, column=cell.column).value == "Export header"
    cell.value = ws.cell(row=cell.row, column=cell.column - 1).value = None
    wb.save(book)


def test_an_export_header_the_workbook_has_no_line_for_is_named_with_the_line_to_add(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    export.write_text(EXPORT)
    assert run("new", book).exit_code == 0
    read = run("import", book, export, "--dry-run")
    assert read.exit_code == 0 and "call_at <- Date of call" in read.output  # (a new workbook has the line)
    _without_line(book, "Date of call")
    refused = run("import", book, export, "--dry-run")
    said = " ".join(refused.output.split())
    assert refused.exit_code != 0
    assert ('no call date column. This version reads "Date of call" as one, but the HeaderMap table on Settings (its '
            "Field and Export header columns) has no line for it (a workbook made by an earlier version keeps the "
            "lines it was made with).") in said
    assert ('To fix: Add a line to the HeaderMap table on Settings (its Field and Export header columns): Field '
            'call_at, Export header "Date of call".') in said


@pytest.mark.parametrize(("header", "hinted"), [
    ("Date of call (UTC)", True),  # a qualifier the reader sets aside: named as the reader takes it
    ("Date of call (Text)", False),  # Text is a word of other fields' names: a new workbook keeps it in the header
])
def test_a_header_with_a_qualifier_after_it_is_named_as_a_new_workbook_reads_it(tmp_path, header, hinted):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    export.write_text(EXPORT.replace("Date of call,", f"{header},"))
    assert run("new", book).exit_code == 0
    read = run("import", book, export, "--dry-run").output
    assert (f"call_at <- {header}" in read) == hinted and ("no call date column" in read) != hinted
    _without_line(book, "Date of call")
    said = " ".join(run("import", book, export, "--dry-run").output.split())
    assert "no call date column" in said and (f'This version reads "{header}" as one' in said) == hinted


def test_a_qualified_header_the_workbook_maps_elsewhere_is_not_offered():
    from coachlog_xl import schema
    from coachlog_xl.core.headerlines import newer_lines

    lacking = {f: [h for h in names if h != "Date of call"] for f, names in schema.DEFAULT_HEADER_MAP.items()}
    assert newer_lines(lacking, "call_at", ["Date of call (UTC)"]) == ["Date of call (UTC)"]
    elsewhere = {**lacking, "graded_at": [*lacking["graded_at"], "Date of call (UTC)"]}  # (the header as written)
    assert newer_lines(elsewhere, "call_at", ["Date of call (UTC)"]) == []
