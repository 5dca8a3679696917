"""A workbook keeps the HeaderMap lines of the version that made it: an export header this version reads
(`Date of call`, added later) is not read in a workbook made before it.  An import or refresh missing that field
names the header and the line to add, instead of only listing the headers it looked for."""

from __future__ import annotations

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


def test_a_header_the_workbook_maps_to_another_field_is_not_offered_again(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    export.write_text(EXPORT)
    assert run("new", book).exit_code == 0
    wb = load_workbook(book)
    ws = wb["Settings"]
    [cell] = [c for row in ws.iter_rows() for c in row if c.value == "Date of call"]
    ws.cell(row=cell.row, column=cell.column - 1).value = "graded_at"  # (the team's export: its grading date)
    wb.save(book)
    said = " ".join(run("import", book, export, "--dry-run").output.split())
    assert "This version reads" not in said and "Add a line to the HeaderMap" not in said


def test_a_header_with_a_qualifier_after_it_is_named_as_the_reader_takes_it(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    export.write_text(EXPORT.replace("Date of call,", "Date of call (UTC),"))
    assert run("new", book).exit_code == 0
    assert "call_at <- Date of call (UTC)" in run("import", book, export, "--dry-run").output
    _without_line(book, "Date of call")
    said = " ".join(run("import", book, export, "--dry-run").output.split())
    assert 'This version reads "Date of call (UTC)" as one' in said


def test_no_line_is_offered_for_a_header_a_new_workbook_would_not_read_so(tmp_path):
    # "Date of call (Text)": Text is a word of other fields' names, a qualifier a new workbook keeps in the header
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    export.write_text(EXPORT.replace("Date of call,", "Date of call (Text),"))
    assert run("new", book).exit_code == 0
    assert "no call date column" in run("import", book, export, "--dry-run").output
    _without_line(book, "Date of call")
    said = " ".join(run("import", book, export, "--dry-run").output.split())
    assert "no call date column" in said and "This version reads" not in said


def test_a_qualified_header_the_workbook_maps_elsewhere_is_not_offered():
    from coachlog_xl import schema
    from coachlog_xl.core.headerlines import newer_lines

    lacking = {f: [h for h in names if h != "Date of call"] for f, names in schema.DEFAULT_HEADER_MAP.items()}
    assert newer_lines(lacking, "call_at", ["Date of call (UTC)"]) == ["Date of call (UTC)"]
    elsewhere = {**lacking, "graded_at": [*lacking["graded_at"], "Date of call (UTC)"]}  # (the header as written)
    assert newer_lines(elsewhere, "call_at", ["Date of call (UTC)"]) == []
