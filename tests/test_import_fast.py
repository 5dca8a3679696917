"""The surgical import: only the parts it owns change, the rows read back exactly, and a refresh gives
what it gave after the old openpyxl import (benchmarks/import_scale.py keeps that path as the reference)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path
from xml.parsers import expat

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from benchmarks.import_scale import naive_import
from coachlog_xl import api, schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.config import read_config
from coachlog_xl.core.distinct import text_factors
from coachlog_xl.core.imports import preview
from coachlog_xl.workbook import append, reader, safety, zipparts
from coachlog_xl.workbook.exports import read_export
from coachlog_xl.workbook.importer import plan_import
from coachlog_xl.workbook.parts import sheet_parts
from coachlog_xl.workbook.rowscheck import whole_rows
from tests.wbkit import soffice_convert, team_book

FIX = Path(__file__).parent / "fixtures" / "exports"
WORKBOOK_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
HEADERS = ["call_id", "agent_name", "ticket_created_at", "question_id", "raw_score", "recording_url", "comment"]
# Written by hand: a formula-like text, a link with & in it, a non-http link, padded text with markup
# characters, a number with leading zeros (text), a negative number, a decimal, a quoted line break.
EXPORT = (
    "call_id,agent_name,ticket_created_at,question_id,raw_score,recording_url,comment\n"
    'E-1,Dana Cruz,2026-03-01 10:00,ACK,80,https://rec.example/1?a=1&b=2,"=SUM(1,2)"\n'
    'E-2,Dana Cruz,2026-03-02 10:00,ACK,87.5,ftp://rec.example/2,"  padded & <tagged>  "\n'
    '007,Eli Moss,2026-03-03 10:00,VERIFY,-36,,"line one\nline two"\n'
)
# the export has no Exclude column: the import adds one after its last (blank on every row)
EXPECTED = [
    [*HEADERS, "Exclude"],
    ["E-1", "Dana Cruz", "2026-03-01 10:00", "ACK", 80, "https://rec.example/1?a=1&b=2", "=SUM(1,2)", None],
    ["E-2", "Dana Cruz", "2026-03-02 10:00", "ACK", 87.5, "ftp://rec.example/2", "  padded & <tagged>  ", None],
    ["007", "Eli Moss", "2026-03-03 10:00", "VERIFY", -36, None, "line one\nline two", None],
]


@pytest.fixture(scope="module")
def made_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("team") / "team.xlsx"
    wb = team_book(path, [("ACK", "ACK"), ("VERIFY", "VERIFY")], ["Dana Cruz", "Eli Moss"])
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"session_id": "S-1", "rep": "Dana Cruz", "session_date": dt.date(2026, 3, 1),
                       "criterion": "ACK"}.items():
        log.cell(row=2, column=head.index(schema.LOG.column(key).header) + 1, value=value)
    wb.save(path)
    return path


@pytest.fixture
def book(made_book, tmp_path):
    """The team's workbook, a copy of one made for the module (``coachlog new`` and an openpyxl load
    and save: 0.35 s a test)."""
    return shutil.copyfile(made_book, tmp_path / "team.xlsx")


def export_file(tmp_path, name: str = "evil.csv", text: str = EXPORT) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entries(path: Path) -> dict[str, tuple]:
    """Each zip entry's stored form (CRC, sizes, method, time) and its bytes."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: (i.CRC, i.compress_size, i.file_size, i.compress_type, i.date_time, z.read(i))
                for i in z.infolist()}


def import_(book: Path, export: Path, *extra: str):
    result = CliRunner().invoke(main, ["import", str(book), str(export), *extra])
    assert result.exit_code == 0, result.output
    return result


def values(path: Path, sheet: str) -> list[list]:
    return [list(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_a_new_sheet_changes_only_the_workbook_parts_and_adds_one_sheet_part(book, tmp_path):
    before = entries(book)
    import_(book, export_file(tmp_path))
    after = entries(book)
    assert set(before) - set(after) == set()
    # the new sheet and, for its recording link, the sheet's relationships
    assert set(after) - set(before) == {"xl/worksheets/sheet11.xml", "xl/worksheets/_rels/sheet11.xml.rels"}
    changed = {n for n in before if before[n] != after[n]}
    assert changed == WORKBOOK_PARTS
    wb = load_workbook(book)
    names = wb.sheetnames
    assert names.index("Scores evil") == names.index("Scores") + 1
    # the print titles of the sheets after the new one still belong to them (their position moved on)
    assert wb["Criteria"].print_title_rows == "$1:$1" and wb["Scores evil"].print_title_rows is None
    assert wb["Log"].print_title_cols == "$A:$A"


def test_the_rows_read_back_exactly_with_openpyxl_and_calamine(book, tmp_path):
    result = import_(book, export_file(tmp_path))
    assert "Added 3 rows to a new sheet 'Scores evil'" in result.output
    assert values(book, "Scores evil") == EXPECTED
    ws = load_workbook(book)["Scores evil"]
    assert ws["F2"].hyperlink.target == "https://rec.example/1?a=1&b=2"
    assert ws["F3"].hyperlink is None  # only http(s) addresses become links
    assert ws["G2"].data_type == "s"  # the formula-like text stays text
    got = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Scores evil").to_python()
    assert [[None if v == "" else v for v in row] for row in got] == EXPECTED


def test_texts_repeated_across_rows_and_columns_read_back_each_in_its_own_cell(book, tmp_path):
    # the same texts in many rows and columns (written once, then reused), a link repeated in a column
    # that is not the links', a blank text, markup written once and read back everywhere
    url = "https://rec.example/7?a=1&b=2"
    text = (f"{','.join(HEADERS)}\n" + "".join(
        f"E-{k},Dana Cruz,2026-03-0{k} 10:00,ACK,{80 + k},{url if k % 2 else ''},{url if k != 2 else ' '}\n"
        for k in range(1, 5))
            + 'E-5,Dana Cruz,2026-03-05 10:00,ACK,85,,"a<b & c>"\nE-6,Eli Moss,2026-03-06 10:00,ACK,86,,"a<b & c>"\n')
    import_(book, export_file(tmp_path, "same.csv", text))
    got = values(book, "Scores same")
    assert got[1:] == [
        ["E-1", "Dana Cruz", "2026-03-01 10:00", "ACK", 81, url, url, None],
        ["E-2", "Dana Cruz", "2026-03-02 10:00", "ACK", 82, None, None, None],
        ["E-3", "Dana Cruz", "2026-03-03 10:00", "ACK", 83, url, url, None],
        ["E-4", "Dana Cruz", "2026-03-04 10:00", "ACK", 84, None, url, None],
        ["E-5", "Dana Cruz", "2026-03-05 10:00", "ACK", 85, None, "a<b & c>", None],
        ["E-6", "Eli Moss", "2026-03-06 10:00", "ACK", 86, None, "a<b & c>", None],
    ]
    ws = load_workbook(book)["Scores same"]
    assert [c for c in ("F2", "F4", "G2", "G4", "G5") if ws[c].hyperlink is not None] == ["F2", "F4"]


def test_the_preview_made_in_a_second_process_says_and_writes_what_one_process_does(book, tmp_path, monkeypatch):
    from coachlog_xl import workers
    from coachlog_xl.core import imports

    seen = tmp_path / "preview-pids"

    def noted(*args):  # the process that made the preview, noted where both can read it
        with open(seen, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return previewed(*args)

    previewed = imports.preview
    monkeypatch.setattr(imports, "preview", noted)
    monkeypatch.setattr(workers, "SCORE_ROWS", 1)  # this small export as a large one is imported
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(book, twin)
    export = export_file(tmp_path)
    two = workers.available()  # Linux with two cores, as in CI
    beside = import_(book, export).output
    monkeypatch.setenv("COACHLOG_WORKERS", "1")
    alone = import_(twin, export).output

    def said(output: str) -> str:  # the words, each step's seconds aside
        return re.sub(r"\.\.\. \d+\.\d s", "...", output)

    assert said(beside.replace("team.xlsx", "twin.xlsx")) == said(alone)
    assert values(book, "Scores evil") == values(twin, "Scores evil") == EXPECTED
    pids = [int(p) for p in seen.read_text().split()]
    assert (pids[0] != os.getpid()) == two and pids[1] == os.getpid()
    # an export the preview refuses is refused as one process refuses it, and nothing is written
    monkeypatch.delenv("COACHLOG_WORKERS")
    before = book.read_bytes()
    bad = export_file(tmp_path, "bad.csv", "agent,metric,score,date\nDana Cruz,ACK,80,2026-03-01\n")
    refused = CliRunner().invoke(main, ["import", str(book), str(bad)])
    assert refused.exit_code == 2 and "Error: bad.csv: no call id column" in refused.output
    # the new file written aside: gone
    assert book.read_bytes() == before and not list(tmp_path.glob(".team.xlsx.coachlog-new-*"))
    assert "Writing into" not in refused.output
    book.chmod(0o444)  # a read-only workbook: the export's refusal is said first all the same
    try:
        refused = CliRunner().invoke(main, ["import", str(book), str(bad)])
    finally:
        book.chmod(0o644)
    assert refused.exit_code == 2 and "Error: bad.csv: no call id column" in refused.output


def test_importing_twice_adds_nothing_and_leaves_the_file_as_it_was(book, tmp_path):
    export = export_file(tmp_path)
    import_(book, export)
    written = book.read_bytes()
    again = import_(book, export)
    assert "Nothing added: all 3 rows are already in Scores evil" in again.output
    assert book.read_bytes() == written


def test_importing_twice_adds_nothing_when_a_cell_had_to_be_cut_to_fit(book, tmp_path):
    # a comment of 200,000 characters (a cell holds 32,767; the csv module reads 131,072 unless told), cut,
    # and one holding a control character, which a cell holds (XML does not: written as Excel writes it,
    # _x0001_), kept; the second import still finds the rows there
    text = EXPORT.replace('"=SUM(1,2)"', "x" * 200_000).replace('"  padded & <tagged>  "', "bad\x01byte")
    export = export_file(tmp_path, "evil.csv", text)
    first = import_(book, export)
    assert "Added 3 rows" in first.output
    # the export's header is row 1 of the new sheet, its first row (the long comment) row 2
    assert "1 cell held more than 32,767 characters, as many as a cell holds: it was cut there (row 2 of " \
           "'Scores evil', column \"comment\")" in " ".join(first.output.split())
    rows = CalamineWorkbook.from_path(book).get_sheet_by_name("Scores evil").to_python()
    assert len(rows[1][6]) == 32_767 and rows[2][6] == "bad\x01byte"
    with zipfile.ZipFile(book) as z:
        assert b"bad_x0001_byte" in b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    written = book.read_bytes()
    again = import_(book, export)
    assert "Nothing added: all 3 rows are already in Scores evil" in again.output
    assert book.read_bytes() == written


def test_a_character_no_file_holds_is_replaced_and_said_so(book, tmp_path):
    # U+FFFE (a non-character) in row E-2's comment: no XML holds it, so it is U+FFFD in the sheet, and the import
    # says so (it said the cell held more than 32,767 characters and was cut)
    first = import_(book, export_file(tmp_path, "evil.csv", EXPORT.replace('"  padded & <tagged>  "', "a\ufffeb")))
    assert "1 cell held a character no file holds (U+FFFE, U+FFFF or a broken one): it was replaced by \ufffd " \
           "there (row 3 of 'Scores evil', column \"comment\")" in " ".join(first.output.split())
    assert CalamineWorkbook.from_path(book).get_sheet_by_name("Scores evil").to_python()[2][6] == "a\ufffdb"


@pytest.mark.parametrize("where", ["comment", "call id"])
def test_an_export_with_a_control_character_imported_by_an_earlier_version_is_found_already_there(book, tmp_path,
                                                                                                  where):
    # versions before 0.3.20 stored a control character as U+FFFD: the rows an earlier import wrote so (made here
    # by importing the export with U+FFFD in place of the bell) are the export's own rows, not new ones (a call id
    # holding it would otherwise be a second call)
    old, bell = ("bad\ufffdbyte", "bad\x07byte") if where == "comment" else ("E-1\ufffd", "E-1\x07")
    text = EXPORT.replace('"  padded & <tagged>  "', old) if where == "comment" else EXPORT.replace("E-1,", f"{old},")
    import_(book, export_file(tmp_path, "evil.csv", text))
    written = book.read_bytes()
    again = import_(book, export_file(tmp_path, "evil.csv", text.replace(old, bell)))
    assert "Nothing added: all 3 rows are already in Scores evil" in again.output
    assert book.read_bytes() == written


def test_new_rows_of_a_second_export_go_below_and_their_links_join_the_sheets(book, tmp_path):
    import_(book, export_file(tmp_path))
    more = EXPORT.replace("E-1,", "E-9,").replace("https://rec.example/1", "http://rec.example/9")
    result = import_(book, export_file(tmp_path, "evil.csv", more))
    assert "Added 1 row to" in result.output and "2 were already there" in result.output
    rows = values(book, "Scores evil")
    assert rows == [*EXPECTED, ["E-9", *EXPECTED[1][1:5], "http://rec.example/9?a=1&b=2", "=SUM(1,2)", None]]
    ws = load_workbook(book)["Scores evil"]
    assert ws["F2"].hyperlink.target == "https://rec.example/1?a=1&b=2"
    assert ws["F5"].hyperlink.target == "http://rec.example/9?a=1&b=2"


def test_rows_with_the_scores_header_go_into_scores_and_its_table_grows(book, tmp_path):
    headers = schema.SCORES.headers
    lines = [",".join(headers)] + [
        ",".join([f"K{i}", "Dana Cruz", f"2026-03-0{i} 09:00", "ACK", str(60 + i)] + [""] * (len(headers) - 5))
        for i in range(1, 4)]
    export = export_file(tmp_path, "plain.csv", "\n".join(lines) + "\n")
    with zipfile.ZipFile(book) as z:
        scores_part = next(n for n in z.namelist() if n.endswith("sheet3.xml"))
    date_format = load_workbook(book)["Scores"]["C2"].number_format
    before = entries(book)
    import_(book, export)
    after = entries(book)
    changed = {n for n in before if before[n] != after[n]}
    assert set(after) == set(before)
    assert changed == {scores_part, "xl/tables/table2.xml"}
    wb = load_workbook(book)
    ws = wb["Scores"]
    assert [list(r)[:5] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        ["K1", "Dana Cruz", "2026-03-01 09:00", "ACK", 61],
        ["K2", "Dana Cruz", "2026-03-02 09:00", "ACK", 62],
        ["K3", "Dana Cruz", "2026-03-03 09:00", "ACK", 63]]
    assert ws.tables[schema.SCORES.table].ref == f"A1:{chr(ord('A') + len(headers) - 1)}4"  # header + 3 rows
    assert ws["C2"].number_format == date_format  # the template's formatted row 2 keeps its style


def test_libreoffice_opens_the_result(book, tmp_path):
    import_(book, export_file(tmp_path))
    saved = soffice_convert(book, "xlsx", tmp_path / "lo")
    assert values(saved, "Scores evil") == EXPECTED


@pytest.mark.parametrize("name", ["maestro_long.csv", "calibration.csv", "wide.csv", "pwc_call_log.csv"])
def test_a_refresh_after_the_import_matches_the_one_after_the_openpyxl_import(book, tmp_path, name):
    old = tmp_path / "old.xlsx"
    shutil.copy(book, old)
    new_report = api.import_export(book, FIX / name)[1]
    old_report = naive_import(old, FIX / name)
    assert (new_report.sheet, new_report.rows_added, new_report.first_row) == (
        old_report.sheet, old_report.rows_added, old_report.first_row)
    assert values(book, new_report.sheet) == values(old, old_report.sheet)
    as_of = dt.date(2026, 12, 31)
    api.refresh_file(book, as_of=as_of, backup=False, cache=False)
    api.refresh_file(old, as_of=as_of, backup=False, cache=False)
    for sheet in ("Follow-up", "Baseline", "Aggregate", "Checks"):
        assert values(book, sheet) == values(old, sheet), sheet


def test_a_large_sheet_gets_new_rows_after_its_last_one(book, tmp_path):
    lines = ["call_id,agent_name,ticket_created_at,question_id,raw_score"]
    lines += [f"L{i},Dana Cruz,2026-02-01 09:00,ACK,{i % 100}" for i in range(3000)]  # sheet XML well over 64 KB
    import_(book, export_file(tmp_path, "Q&A 'team'.csv", "\n".join(lines) + "\n"))
    lines.append("L-new,Eli Moss,2026-02-02 09:00,VERIFY,55")
    result = import_(book, export_file(tmp_path, "Q&A 'team'.csv", "\n".join(lines) + "\n"))
    assert "Added 1 row to" in result.output and "(from row 3002)" in result.output  # 1 header + 3000 rows above
    # Excel allows no apostrophe at the end of a sheet name: the file name's is left out
    got = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Scores Q&A 'team").to_python()
    assert len(got) == 1 + 3000 + 1  # header, the first export's rows, the one new row
    assert got[0][-1] == "Exclude"
    assert got[1] == ["L0", "Dana Cruz", "2026-02-01 09:00", "ACK", 0, ""]
    assert got[-1] == ["L-new", "Eli Moss", "2026-02-02 09:00", "VERIFY", 55, ""]


def test_an_xlsx_export_with_dates_times_and_flags_reads_back_as_after_the_openpyxl_import(book, tmp_path):
    from openpyxl import Workbook

    export = tmp_path / "platform.xlsx"
    wb = Workbook()
    wb.active.append(["Call ID", "Rep", "Call date", "Criterion", "Score", "Call time", "Passed"])
    wb.active.append(["X-1", "Dana Cruz", dt.datetime(2026, 3, 1, 9, 30), "ACK", 0.8, dt.time(9, 30), True])
    wb.active.append(["X-2", "Eli Moss", dt.date(2026, 3, 2), "VERIFY", 1, dt.time(14, 5, 10), False])
    wb.save(export)
    old = tmp_path / "old.xlsx"
    shutil.copy(book, old)
    api.import_export(book, export)
    naive_import(old, export)
    got = values(book, "Scores platform")
    assert got == values(old, "Scores platform")
    assert got[1] == ["X-1", "Dana Cruz", dt.datetime(2026, 3, 1, 9, 30), "ACK", 0.8, dt.time(9, 30), True, None]
    assert got[2][2] == dt.datetime(2026, 3, 2)  # a date cell reads back as midnight, as Excel stores it


def test_the_new_rows_are_checked_by_the_pattern_as_they_are_written_and_the_sheet_read_back_by_its_crc(
        book, tmp_path, monkeypatch):
    matched, read_back = [], []
    monkeypatch.setattr(zipparts, "whole_rows",
                        lambda chunk: matched.append((whole_rows(chunk), len(chunk))) or matched[-1][0])
    real_read_back = safety._read_back
    monkeypatch.setattr(safety, "_read_back",
                        lambda path, reads: read_back.extend(reads) or real_read_back(path, reads))
    before = set(entries(book))
    import_(book, export_file(tmp_path, text=EXPORT + "E-4,Eli Moss,2026-03-04 10:00,ACK,70,,plain\n"))
    (part,) = [n for n in entries(book) if n not in before and n.startswith("xl/worksheets/sheet")]
    # every new row (links, markup, a line break, a formula-like text) matched: expat never parsed them
    assert matched and all(end == size for end, size in matched) and sum(size for _, size in matched) > 500
    assert (part, False) in read_back and (part, True) not in read_back  # parsed as made: its CRC read back only
    with zipfile.ZipFile(book) as z:
        expat.ParserCreate().Parse(z.read(part), True)  # and the part is well-formed, parsed whole
    assert values(book, "Scores evil")[:4] == EXPECTED


def test_a_new_row_that_is_not_well_formed_xml_is_refused_and_the_workbook_left_as_it_was(book, tmp_path, monkeypatch):
    monkeypatch.setattr(append, "inline_string", lambda p, text: f"<{p}is><{p}t>{text}</{p}t></{p}is>")  # unescaped
    before = entries(book)
    result = CliRunner().invoke(main, ["import", str(book), str(export_file(tmp_path))])
    assert result.exit_code != 0 and "not a valid workbook" in result.output and "Traceback" not in result.output
    assert entries(book) == before


def test_an_exports_text_columns_come_with_their_factors_and_other_columns_without():
    data = pd.DataFrame({0: ["b", None, "a", "b", " "], 1: ["x", 1, "x", None, "y"], 2: [None] * 5,
                         3: [7, 8, 7, 9, 8], "_row": range(2, 7)}, dtype=object)
    got = text_factors(data, "_row")
    assert list(got) == [0]  # a number among texts, every cell blank, numbers, the row numbers: none
    codes, distinct = got[0]
    assert codes.tolist() == [0, -1, 1, 0, 2] and distinct.tolist() == ["b", "a", " "]  # first seen first


@pytest.mark.parametrize("text", [EXPORT, "\n".join([",".join(HEADERS[:5])] + [
    f"{'T' if i % 3 else ''}{i},{['Dana Cruz', 'Eli Moss', '  '][i % 3]},2026-03-0{1 + i % 5} 10:00,"
    f"{['ACK', 'VERIFY', '=1+1', ''][i % 4]},{[80, 'N/A', 87.5, ''][i % 4]}" for i in range(60)]
    + [",".join(HEADERS[:5]), "Z1,Eli Moss,2026-03-09 10:00,ACK,90"]) + "\n"])
def test_an_exports_preview_and_plan_are_the_same_with_its_texts_factors_as_without(book, tmp_path, text):
    inputs = reader.read_inputs(book)
    cfg = read_config(inputs, Issues())
    made = []
    for keep in (True, False):
        table = read_export(export_file(tmp_path, text=text), cfg.header_map)
        assert bool(table.factors) and all(len(codes) == len(table.data) for codes, _ in table.factors.values())
        if not keep:
            table.factors = {}
        plan = plan_import(list(sheet_parts(book)), inputs.scores, table, cfg, None, "evil")
        made.append((preview(inputs, table), plan.appended, plan.rows.rows))
    (pv, appended, rows), (pv_without, appended_without, rows_without) = made
    pd.testing.assert_frame_equal(pv.calls, pv_without.calls, check_exact=True)
    pd.testing.assert_frame_equal(pv.checks, pv_without.checks, check_exact=True)
    assert (pv.mapped, pv.ignored) == (pv_without.mapped, pv_without.ignored)
    assert appended == appended_without and rows == rows_without


def test_rows_take_the_prefix_of_the_sheets_root_not_of_a_comment_before_it(book, tmp_path):
    # a comment before the Scores sheet's root holds "<9:worksheet" (a prefix XML does not allow): the
    # rows appended take the root's own (none), and the saved sheet is namespace-well-formed XML
    from coachlog_xl.workbook.rowscheck import RowsXml

    part = sheet_parts(book)["Scores"]
    with zipfile.ZipFile(book) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, b"<!--<9:worksheet-->" + data if info.filename == part else data)
    shutil.move(edited, book)
    import_(book, export_file(tmp_path), "--sheet", "Scores")
    with zipfile.ZipFile(book) as z:
        saved = z.read(part)
    expat.ParserCreate(namespace_separator=" ").Parse(saved, True)
    assert b"<9:row" not in saved and saved.count(b"<row ") >= 4  # (header + 3 rows of the export at least)
    assert whole_rows(RowsXml('<9:row r="1"></9:row>', "9:")) == 0  # (left to expat, which refuses it)
