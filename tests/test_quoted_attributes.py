"""Sheets whose XML quotes its attributes with ' (``<c r='AA5' s='3'>``), as XML allows and a few
programs write: read as Excel, LibreOffice and openpyxl read them; a part the refresh must edit so
written is refused before anything is written, with a message saying what to do.

The refresh's edits place a cell by its reference read in double quotes: on a Log written with single
quotes each row was taken to follow the one before and each recorded baseline appended to the end of
its row, after the cells of later columns and beside the empty cell it was meant for (two cells with
one reference: a file Excel repairs).  The variants are made from the user's workbook of
tests/fidelity_kit.py with Python's zipfile.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.parts import date1904, single_quoted
from tests import fidelity_kit as kit
from tests.test_fidelity import parts

FIRST = dt.date(2026, 6, 1)
_TAG = re.compile(rb"""<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)(\s*/?)>""")
_DOUBLE = re.compile(rb'([\w.:-]+)(\s*=\s*)"([^"]*)"')


def single(xml: bytes) -> bytes:
    """``xml`` with every attribute of every start tag quoted with ' (a ' in a value written &apos;)."""
    def tag(m: re.Match) -> bytes:
        quoted = _DOUBLE.sub(lambda a: a[1] + a[2] + b"'" + a[3].replace(b"'", b"&apos;") + b"'", m[2])
        return b"<" + m[1] + quoted + m[3] + b">"
    return _TAG.sub(tag, xml)


def requoted(src: Path, dst: Path, part: str) -> None:
    entries = parts(src)
    entries[part] = single(entries[part])
    assert entries[part] != parts(src)[part] and not any(b'"' in m[0] for m in _TAG.finditer(entries[part]))
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)


def cell_values(path: Path, sheet: str) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(path)[sheet].iter_rows()]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The user's workbook, no refresh yet: the next one records both sessions' baselines on the Log."""
    path = tmp_path_factory.mktemp("quotes") / "team.xlsx"
    kit.base_workbook(path)
    return path


def test_the_check_finds_an_attribute_in_single_quotes_and_nothing_else():
    assert single_quoted(b"<row r='2'><c r=\"A2\"/></row>")
    assert single_quoted(b"<c r=\"A2\" s=\"3\" t = 'n'><v>1</v></c>")  # (after attributes in either quote)
    assert not single_quoted(b"<?xml version='1.0' encoding='UTF-8'?><worksheet xmlns=\"x\"/>")
    assert not single_quoted(b"<c r=\"A2\"><f>B2='Other sheet'!C2</f></c>")  # a formula's text
    assert not single_quoted(b"<c r=\"A2\" t=\"inlineStr\"><is><t>x='y'</t></is></c>")  # a cell's text
    assert not single_quoted(b"<c r=\"A2\" ref=\"a='b'\"/>")  # (a ' inside a double-quoted value)


def _single_quoted_by_pattern(xml: bytes) -> bool:
    """The check as one pattern finds it: each ``=``, white space and ' found by a search, then its tag read."""
    for m in re.finditer(rb"=\s*'", xml):
        start = xml.rfind(b"<", 0, m.start())
        tag = re.match(rb"""<[A-Za-z_][\w.:-]*(?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s+[\w.:-]+\s*=\s*'""",
                       xml[start:]) if start != -1 else None
        if tag is not None and start + tag.end() == m.end():
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([b"<", b">", b"=", b"'", b'"', b" ", b"\t", b"\n", b"\x0b", b"c", b"r", b"t", b"x:c",
                                 b"<c r=", b"<c s=\"1\" r", b"= '", b"=\n\t'", b"'A1'", b'"A1"', b" t = ", b"/>",
                                 b"!"]),
                max_size=40))
@example([b"<c r", b"= '", b"A1'/>"])
@example([b"<x:c s=\"1\" r", b"=\n\t'", b"A1'>", b"x = 'y'"])
@example([b"<c r=\"A1\"><f>B2", b"= '", b"Other'!C2</f></c>"])
def test_the_check_by_byte_search_finds_what_the_pattern_finds(pieces):
    xml = b"".join(pieces)
    assert single_quoted(xml) == _single_quoted_by_pattern(xml)


def test_the_1904_date_system_is_read_in_either_quote():
    assert date1904(b"<workbook><workbookPr date1904='1'/></workbook>")
    assert date1904(b'<workbook><workbookPr date1904="true"/></workbook>')
    assert not date1904(b"<workbook><workbookPr date1904='0'/></workbook>")


def test_a_log_written_with_single_quotes_is_refused_before_its_baselines_are_recorded(book, tmp_path):
    plain = tmp_path / "plain.xlsx"
    shutil.copy(book, plain)
    path = tmp_path / "team.xlsx"
    log = kit.Zip(book).sheet("Log")
    requoted(book, path, log)
    assert cell_values(path, "Log") == cell_values(book, "Log")  # (openpyxl reads both alike)
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match=re.escape(
            f'team.xlsx: a part of the sheet "Log" ({log}) is saved by a program that writes its XML in a way '
            "coachlog does not edit (attributes in single quotes); the file is left as it was. Open and save "
            "it in Excel or LibreOffice")):
        api.refresh_file(path, as_of=FIRST, backup=False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["plain.xlsx", "team.xlsx"]
    load_workbook(path)
    # the same workbook in double quotes: the refresh had baselines to record there
    api.refresh_file(plain, as_of=FIRST, backup=False)
    ws = load_workbook(plain)["Log"]
    head = [c.value for c in ws[1]]
    # both reps: the last ten of 60 62 64 66 68 70 58 62 66 69 61 63 -> 647 / 10
    assert [ws.cell(row=r, column=head.index("Baseline mean") + 1).value for r in (2, 3)] == [pytest.approx(64.7)] * 2


@pytest.mark.parametrize("sheet", ["Follow-up", schema.START, None])
def test_another_part_the_refresh_edits_written_with_single_quotes_is_refused(book, tmp_path, sheet):
    # a computed sheet (rewritten from its XML, keeping its views, columns and filters), the stamp's
    # sheet, the workbook part (its defined names and calculation settings)
    path = tmp_path / "team.xlsx"
    part = kit.Zip(book).sheet(sheet) if sheet else "xl/workbook.xml"
    requoted(book, path, part)
    before = path.read_bytes()
    where = f'a part of the sheet "{sheet}"' if sheet else "a part of the workbook"
    with pytest.raises(WorkbookError, match=re.escape(f"{where} ({part}) is saved by a program that writes")):
        api.refresh_file(path, as_of=FIRST, backup=False)
    assert path.read_bytes() == before


def test_a_scores_sheet_written_with_single_quotes_is_read_as_the_same_scores(book, tmp_path):
    # a sheet the refresh only reads is not refused: the same results as from double quotes
    plain, path = tmp_path / "plain.xlsx", tmp_path / "team.xlsx"
    shutil.copy(book, plain)
    scores = kit.Zip(book).sheet("Scores")
    requoted(book, path, scores)
    api.refresh_file(plain, as_of=FIRST, backup=False)
    api.refresh_file(path, as_of=FIRST, backup=False)
    for sheet in [s.name for s in schema.COMPUTED_SHEETS] + ["Log"]:
        assert cell_values(path, sheet) == cell_values(plain, sheet), sheet
    assert parts(path)[scores] == single(parts(book)[scores])  # (kept as it was written)


@pytest.mark.parametrize("sheet", ["Scores", None])
def test_an_import_into_a_part_written_with_single_quotes_is_refused(book, tmp_path, sheet):
    # rows appended to the Scores sheet (after its last row, found by the rows' numbers), or a sheet of
    # the export's own listed in the workbook part
    export = Path(__file__).parent / "fixtures" / "exports" / "api_flat.csv"
    plain, path = tmp_path / "plain.xlsx", tmp_path / "team.xlsx"
    shutil.copy(book, plain)
    part = kit.Zip(book).sheet(sheet) if sheet else "xl/workbook.xml"
    requoted(book, path, part)
    before = path.read_bytes()
    where = f'a part of the sheet "{sheet}"' if sheet else "a part of the workbook"
    with pytest.raises(WorkbookError, match=re.escape(f"{where} ({part}) is saved by a program that writes")):
        api.import_export(path, export, sheet=sheet)
    assert path.read_bytes() == before
    _, appended = api.import_export(plain, export, sheet=sheet)  # (in double quotes, rows to add)
    assert appended is not None and len(load_workbook(plain).sheetnames) == len(load_workbook(book).sheetnames) + (
        sheet is None)
