"""A value typed far beyond a sheet's table: named before any reader lays the sheet out as a grid.

The commands run as processes: were the guard to fail, the reader's abort or its memory ends that
process, not the test run (each case's grid is small enough to be laid out where it is not refused).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from coachlog_xl import api, schema
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook import extent
from coachlog_xl.workbook.parts import sheet_parts


def coachlog(*args):
    return subprocess.run([sys.executable, "-m", "coachlog_xl.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A new workbook with five scored calls on Scores."""
    path = tmp_path_factory.mktemp("extent") / "team.xlsx"
    api.new_workbook(path)
    wb = load_workbook(path)
    ws = wb[schema.SCORES.name]
    for i in range(5):
        ws.append([f"C{i}", "Dana Cruz", dt.datetime(2026, 3, 2 + i, 10), "Empathy", 80])
    wb.save(path)
    return path.read_bytes()


def with_cells(folder, team: bytes, sheet: str, cells: dict[str, object], name="far.xlsx"):
    path = folder / name
    path.write_bytes(team)
    wb = load_workbook(path)
    for ref, value in cells.items():
        if value is Font:
            wb[sheet][ref].font = Font(bold=True)  # formatted, no value
        else:
            wb[sheet][ref] = value
    wb.save(path)
    return path


@pytest.mark.parametrize(("sheet", "cells", "named"), [
    ("Scores", {"XFD2": "note"}, "column XFD (at XFD2) and row {last} (at A{last})"),  # past the last column
    ("Log", {"XFD1048576": "x"}, "XFD1048576"),  # the sheet's last cell: 17 billion cells
])
def test_a_value_far_beyond_the_table_is_named_and_nothing_is_written(tmp_path, team, sheet, cells, named):
    path = with_cells(tmp_path, team, sheet, cells)
    named = named.format(last=load_workbook(path)[schema.SCORES.name].max_row)  # the last of the five calls
    before = path.read_bytes()
    for command in (["refresh", path], ["check", path]):
        done = coachlog(*command)
        assert done.returncode == 2, done.stderr
        assert f'the values of the sheet "{sheet}" reach {named}' in done.stderr and "Ctrl+End" in done.stderr
        assert "Traceback" not in done.stderr and "panicked" not in done.stderr
    assert path.read_bytes() == before


def test_far_cells_that_are_only_formatted_are_read_as_they_are(tmp_path, team, monkeypatch):
    path = with_cells(tmp_path, team, "Scores", {"XFD2": Font, "XFD1048576": Font})
    done = coachlog("refresh", path, "--as-of", "2026-06-30")
    assert done.returncode == 0, done.stderr
    # no value past column Z, none below the last cell's row: a grid of at most 26 by 1,048,576 cells,
    # told without a look at each cell, so the second process loads it
    monkeypatch.setattr(extent, "_farthest", lambda *_: pytest.fail("each cell looked at"))
    assert not extent.stated_far(path)
    extent.refuse_far(path, "Scores", sheet_parts(path)["Scores"])


def test_an_export_with_a_value_far_beyond_its_table_is_refused_by_import(tmp_path, team):
    export = tmp_path / "export.xlsx"
    wb = Workbook()
    wb.active.append(["Call ID", "Rep", "Call date", "Criterion", "Score"])
    wb.active.append(["X1", "Dana Cruz", dt.datetime(2026, 5, 1), "Empathy", 80])
    wb.active["XFD1048576"] = "x"
    wb.save(export)
    book = tmp_path / "team.xlsx"
    book.write_bytes(team)
    done = coachlog("import", book, export)
    assert done.returncode == 2 and 'the values of the sheet "Sheet" reach XFD1048576' in done.stderr
    assert book.read_bytes() == team


@pytest.mark.parametrize(("prefix", "quote"), [("", '"'), ("x:", '"'), ("", "'")])
def test_the_scan_finds_the_farthest_values_across_chunks(tmp_path, monkeypatch, prefix, quote):
    # (XML allows attributes in either quote: r='AMK8' as well as r="AMK8")
    p = prefix
    rows = [f'<{p}row r="{r}"><{p}c r="A{r}" t="s"><{p}v>{r}</{p}v></{p}c><{p}c r="B{r}" s="2"/></{p}row>'
            for r in range(1, 40)]
    rows[7] = (f'<{p}row r="8"><{p}c r="A8"><{p}v>1</{p}v></{p}c><{p}c r="AMK8" t="inlineStr"><{p}is><{p}t>far'
               f'</{p}t></{p}is></{p}c><{p}c r="XFD8" s="1"/></{p}row>')  # AMK: column 1,025; XFD only formatted
    rows[9] = (f'<{p}row r="10"><{p}c r="A10"><{p}v>1</{p}v></{p}c><{p}c r="AML10" t="inlineStr"><{p}is><{p}t>ratio '
               f'1:c 2, &lt;c r="XFD1"&gt;</{p}t></{p}is></{p}c></{p}row>')  # far, its text like a cell's tag
    xml = (f'<{p}worksheet xmlns{":x" if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<{p}dimension ref="A1:XFD39"/><{p}sheetData>{"".join(rows)}</{p}sheetData></{p}worksheet>')
    xml = re.sub(r"<[^<>]*>", lambda m: m.group(0).replace('"', quote), xml)  # (a tag's, not a text's)
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    for chunk in [*range(8, len(xml) + 1), 1 << 24]:  # cut anywhere: in a tag, in a text, between cells
        monkeypatch.setattr(extent, "_CHUNK", chunk)
        with zipfile.ZipFile(path) as zf:
            assert extent._farthest(zf, "xl/worksheets/sheet1.xml") == ((10, 1026), (39, 1)), chunk
            assert extent._reach(zf, "xl/worksheets/sheet1.xml") == (39, 1026), chunk  # (the bound: the same)
    with pytest.raises(WorkbookError, match=r"reach column AML \(at AML10\) and row 39 \(at A39\)\. .* \(this one: "
                       r"1,026 by 39\)"):
        extent.refuse_far(path, "Scores", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(("cells", "reach", "far"), [
    ('<c r="A3" t="s"><v>0</v></c><c r="B3"><v>1</v></c>', (3, 26), False),  # a stale used range
    ('<c r="A3"><v>0</v></c><c r="AMK3" s="1"/><c r="XFD3" s="1"/>', (3, 26), False),  # formatted far right
    ('<c r="A3"><v>0</v></c><c r="AB3"><v>1</v></c><c r="AC3" s="1"/>', (3, 28), False),
    ('<c r="A3"><v>0</v></c><c r="AMK3" t="inlineStr"><is><t>x</t></is></c>', (3, 1025), True),  # a value
    ('<c r="A3"><v>0</v></c><c r="AX3"><f>A3</f><v>0</v></c></row><row r="1048576"><c r="A1048576"><v>1</v></c>',
     (1048576, 50), True),  # 50 columns of a million rows
])
def test_a_used_range_stated_far_beyond_the_values_is_bounded_without_a_look_at_each_cell(
        tmp_path, monkeypatch, cells, reach, far):
    xml = ('<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
           f'<row r="2"><c r="A2" s="1"/></row><row r="3">{cells}</row></sheetData></worksheet>')
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as zf:
        assert extent._reach(zf, "xl/worksheets/sheet1.xml") == reach
    assert extent.stated_far(path) is far
    if not far:
        monkeypatch.setattr(extent, "_farthest", lambda *_: pytest.fail("each cell looked at"))
        extent.refuse_far(path, "Scores", "xl/worksheets/sheet1.xml")
    else:
        with pytest.raises(WorkbookError, match="Ctrl\\+End"):
            extent.refuse_far(path, "Scores", "xl/worksheets/sheet1.xml")


def test_a_usual_workbook_states_a_used_range_within_the_bounds(team, tmp_path):
    path = tmp_path / "team.xlsx"
    path.write_bytes(team)
    assert not extent.stated_far(path)
    for sheet, part in sheet_parts(path).items():
        extent.refuse_far(path, sheet, part)  # nothing to say


def test_a_used_range_of_one_cell_is_read_whole(tmp_path):
    path = tmp_path / "sheet.xlsx"
    for ref, size in (("XFD1048576", (1048576, 16384)), ("A1", (1, 1)), ("B2:AMK9", (9, 1025))):
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("xl/worksheets/sheet1.xml", f'<worksheet><dimension ref="{ref}"/><sheetData/></worksheet>')
        with zipfile.ZipFile(path) as zf:
            assert extent._stated(zf, "xl/worksheets/sheet1.xml") == size, ref


def test_a_damaged_scores_part_is_named_as_damaged(tmp_path, team):
    path = tmp_path / "team.xlsx"
    wb = load_workbook(io.BytesIO(team))
    ws = wb[schema.SCORES.name]
    for i in range(3000):  # enough compressed data to damage the middle of
        ws.append([f"D{i}", "Dana Cruz", dt.datetime(2026, 3, 2, 10) + dt.timedelta(hours=i), "Empathy", i % 100])
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(sheet_parts(path)[schema.SCORES.name])
    data = bytearray(path.read_bytes())
    early = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 200  # in its first 64 KB
    data[early:early + 16] = bytes(b ^ 0x5A for b in data[early:early + 16])
    path.write_bytes(bytes(data))
    done = coachlog("check", path)
    assert done.returncode == 2 and "damaged" in done.stderr and "Traceback" not in done.stderr, done.stderr
