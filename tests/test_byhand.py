"""What a person did on a computed sheet, found in the process that makes the sheet's part: the same as
found in one process, and the workbook's shared strings read there without moving the parent's file."""

import datetime as dt
import os
import random
import shutil
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from coachlog_xl import api, schema, workers
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.zipparts import ZipSource
from tests import fidelity_kit as kit


def _worked_on(path):
    """A refreshed workbook on whose Follow-up a person typed under the table and beside it, filled a
    cell, hid a row, left a note and a link on S-2's row (which a session dated earlier moves down), and
    typed a formula on Checks; saved by openpyxl, so that the sheets' texts are shared strings."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 1), backup=False)
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["S-1", "S-2"]
    ws["A9"] = "ask Lee about S-2"
    ws["CZ2"] = 7
    ws["B2"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["L3"].number_format = "0.000"  # (Delta, a mean: the refresh writes 0.0)
    ws.row_dimensions[2].hidden = True
    ws["C3"].comment = Comment("called back", "Lee")
    ws["A3"].hyperlink = "https://docs.example.com/coaching/S-2"
    wb["Checks"]["K5"] = "=1+1"
    kit._type(wb["Log"], 4, schema.LOG, {"session_id": "S-0", "rep": "Bo Chan", "supervisor": "Lee Park",
                                             "session_date": dt.date(2026, 2, 25), "criterion": kit.CRIT})
    wb.save(path)


def _reports(result) -> dict:
    return {name: getattr(result, name)
            for name in ("dropped", "restyled", "reformatted", "unhidden", "notes", "links")}


def test_the_scans_of_the_old_sheets_made_in_two_processes_find_what_one_process_finds(tmp_path, monkeypatch):
    if not workers.available():
        pytest.skip("no second process here (fork)")
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    _worked_on(one)
    shutil.copyfile(one, two)
    alone = api.refresh_file(one, as_of=dt.date(2026, 6, 2), backup=False, cache=False)
    forked = []
    real = workers.map_halves

    def counted(fn, items, *args, **kwargs):
        forked.append(len(items))
        return real(fn, items, *args, **kwargs)

    monkeypatch.setattr(workers, "CELLS", 0)  # every save's parts split between two processes
    monkeypatch.setattr(workers, "map_halves", counted)
    split = api.refresh_file(two, as_of=dt.date(2026, 6, 2), backup=False, cache=False)
    assert 2 in forked  # (the parts were dealt to two sides)
    # worked out from what _worked_on did: A9 under the two rows (three after S-0 comes), CZ2 beside them;
    # B2 filled; row 2 hidden; the note on C3 and the link on A3, S-2's row, now beside S-1
    assert alone.dropped["Follow-up"] == ["CZ2", "A9"]
    assert alone.restyled["Follow-up"] == ["B2"]
    assert alone.reformatted["Follow-up"] == ["L3 (Delta)"]
    assert alone.unhidden["Follow-up"] == ["2:2"]
    assert alone.notes["Follow-up"] == ["C3"] and alone.links["Follow-up"] == ["A3"]
    assert alone.dropped["Checks"] == ["K5"]
    assert _reports(split) == _reports(alone)
    with zipfile.ZipFile(one) as a, zipfile.ZipFile(two) as b:
        assert a.namelist() == b.namelist()
        stamp = a.getinfo("xl/worksheets/sheet1.xml").filename
        # (the Checks rows name each workbook's own copy kept apart, BOOK.before-refresh-...xlsx)
        kept_a, kept_b = alone.kept_apart.name.encode(), split.kept_apart.name.encode()
        assert all(a.read(n).replace(kept_a, b"KEPT") == b.read(n).replace(kept_b, b"KEPT")
                   for n in a.namelist() if n != stamp)


def test_the_styles_found_once_for_both_scans_find_what_each_scan_finds_alone(tmp_path):
    from coachlog_xl.workbook.parts import sheet_parts
    from coachlog_xl.workbook.restyled import cell_styles, reformatted_cells, restyled_cells
    from coachlog_xl.workbook.stylesxml import Styles

    path = tmp_path / "book.xlsx"
    _worked_on(path)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(sheet_parts(path)["Follow-up"])
        styles = Styles(zf.read("xl/styles.xml"))
    sheet = schema.FOLLOWUP
    used = cell_styles(xml, styles, sheet)
    width = len(sheet.columns)
    assert restyled_cells(xml, styles, width, used) == restyled_cells(xml, styles, width) == ["B2"]
    assert reformatted_cells(xml, styles, sheet, (), used) == reformatted_cells(xml, styles, sheet) == ["L3 (Delta)"]


def test_a_part_read_apart_leaves_the_archive_s_own_file_where_it_was(tmp_path):
    path = tmp_path / "t.zip"
    noise = random.Random(6).randbytes(1 << 18)  # (read from the file, not from a buffer holding it all)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("b.xml", b"<b/>")
        zf.writestr("a.xml", noise)
    source = ZipSource(path)
    try:
        source._fh.seek(17)
        fds = [source._fh.fileno(), source._zip.fp.fileno()]  # (the offsets a forked process would share)
        at = [os.lseek(fd, 0, os.SEEK_CUR) for fd in fds]
        for name, data in (("b.xml", b"<b/>"), ("a.xml", noise)):  # (b.xml read at the file's start)
            assert source.read_apart(name) == data
            assert [os.lseek(fd, 0, os.SEEK_CUR) for fd in fds] == at
        assert source.read("a.xml") == noise
        with pytest.raises(WorkbookError, match="c.xml it lists is missing"):
            source.read_apart("c.xml")
    finally:
        source.close()


_ROW = st.tuples(st.sampled_from(["next", "none", "skip", "back"]), st.sampled_from(["A", "B", "", "none"]),
                 st.sampled_from(["v", "is", "f", "empty", "closed"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, max_size=12), st.sampled_from(["", "x:"]))
def test_the_block_matched_all_at_once_is_the_block_read_row_by_row(rows, p):
    # (a merge covering no row sends _block down its row-by-row reading: the answer it gives)
    from coachlog_xl.workbook.strays import _block

    out, n = [], 0
    for numbered, column, value in rows:
        n = {"next": n + 1, "none": n + 1, "skip": n + 2, "back": max(n - 1, 1)}[numbered]
        number = "" if numbered == "none" else f' r="{n}"'
        if value == "closed":
            out.append(f"<{p}row{number}/>")
            continue
        ref = "" if column == "none" else f' r="{column}{n}"'
        inner = {"v": f"<{p}v>1</{p}v>", "is": f"<{p}is><{p}t>a</{p}t></{p}is>", "f": f"<{p}f>1+1</{p}f>",
                 "empty": ""}[value]
        out.append(f"<{p}row{number}><{p}c{ref}>{inner}</{p}c></{p}row>")
    xml = f"<{p}worksheet><{p}sheetData>{''.join(out)}</{p}sheetData></{p}worksheet>".encode()
    assert _block(xml, p.encode()) == _block(xml, p.encode(), {0})
