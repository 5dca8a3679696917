"""A refresh of workbooks whose zip archive another tool wrote: the parts it does not own keep their
names and bytes whatever the archive's layout.

Excel, LibreOffice, .NET packagers, streaming writers and zip utilities each lay an archive out their
own way: entries with data descriptors (sizes after the data) and zip64 records, directory entries,
``[Content_Types].xml`` last, entries stored or deflated at any level, extra fields, an archive comment,
a name in the old code page 437 (no UTF-8 flag, as older zip tools write non-ASCII names).  The archives
here are made from the user's workbook of tests/fidelity_kit.py with Python's zipfile and by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.errors import WorkbookError
from tests import fidelity_kit as kit
from tests.test_fidelity import owned_parts, parts, untouched_problems

FIRST, SECOND = dt.date(2026, 6, 1), dt.date(2026, 6, 2)
LEGACY_NAME = "customXml/itemQQQ.xml"  # its QQQ becomes three bytes 0x82 (é in code page 437) in the archive
LEGACY_BYTES = LEGACY_NAME.replace("QQQ", "\x82\x82\x82").encode("latin-1")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The user's workbook after a refresh, with the threshold changed since (the next refresh writes
    new results into the parts it owns)."""
    return kit.refreshed_then_lowered(tmp_path_factory.mktemp("unseen") / "team.xlsx", FIRST)


class _Stream(io.RawIOBase):
    """A stream that cannot seek: zipfile writes each entry's sizes after its data (a data descriptor)."""

    def __init__(self):
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.data += b
        return len(b)


def _entry(name: str, date_time: tuple, method: int = zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = method
    return info


def rezip(src: Path, dst: Path, layout: str) -> None:
    with zipfile.ZipFile(src) as zf:
        entries = [(i.filename, i.date_time, zf.read(i.filename)) for i in zf.infolist()]
    if layout == "streamed with zip64 records":
        stream = _Stream()
        with zipfile.ZipFile(stream, "w") as zf:
            for name, when, data in entries:
                with zf.open(_entry(name, when), "w", force_zip64=True) as fh:
                    fh.write(data)
        dst.write_bytes(bytes(stream.data))
        return
    if layout == "directories first, content types last, mixed compression":
        folders = sorted({name.rsplit("/", 1)[0] + "/" for name, _, _ in entries if "/" in name})
        entries = [e for e in entries if e[0] != "[Content_Types].xml"] + \
            [e for e in entries if e[0] == "[Content_Types].xml"]
        with zipfile.ZipFile(dst, "w") as zf:
            zf.comment = b"written by a packager"
            for folder in folders:
                zf.writestr(_entry(folder, (2025, 5, 5, 5, 5, 4), zipfile.ZIP_STORED), b"")
            for n, (name, when, data) in enumerate(entries):
                info = _entry(name, when, zipfile.ZIP_STORED if n % 3 == 0 else zipfile.ZIP_DEFLATED)
                info.extra = struct.pack("<HHBl", 0x5455, 5, 1, 1764700000)  # an extended timestamp
                zf.writestr(info, data, compresslevel=9 - n % 9)
        return
    assert layout == "a name in code page 437"
    shutil.copy(src, dst)
    with zipfile.ZipFile(dst, "a") as zf:
        zf.writestr(LEGACY_NAME, b"<data>the team's own</data>")
    raw = dst.read_bytes()
    assert raw.count(LEGACY_NAME.encode()) == 2  # the local header and the central directory
    dst.write_bytes(raw.replace(LEGACY_NAME.encode(), LEGACY_BYTES))


LAYOUTS = ["streamed with zip64 records", "directories first, content types last, mixed compression",
           "a name in code page 437"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_part_the_refresh_does_not_own_keeps_its_name_and_bytes_in_any_archive_layout(book, tmp_path, layout):
    path = tmp_path / "team.xlsx"
    rezip(book, path, layout)
    before = tmp_path / "before.xlsx"
    shutil.copy(path, before)
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert untouched_problems(before, path, owned_parts(before)) == []
    sheet = kit.Zip(before).sheet("Follow-up")
    assert parts(before)[sheet] != parts(path)[sheet]  # threshold 60: new results written
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
    load_workbook(path)
    first = parts(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == first


def test_a_name_stored_without_the_utf8_flag_is_written_back_as_its_own_bytes(book, tmp_path):
    path = tmp_path / "team.xlsx"
    rezip(book, path, "a name in code page 437")
    api.refresh_file(path, as_of=SECOND, backup=False)
    raw = path.read_bytes()
    assert raw.count(LEGACY_BYTES) == 2
    assert LEGACY_NAME.replace("QQQ", "ééé").encode("utf-8") not in raw  # not the name as read, in UTF-8
    with zipfile.ZipFile(path) as zf:
        assert zf.read(LEGACY_NAME.replace("QQQ", "ééé")) == b"<data>the team's own</data>"


@pytest.mark.parametrize("sheet", ["Follow-up", "Checks"])
def test_a_part_the_relationships_list_but_the_zip_does_not_hold_is_named_and_the_file_left_as_it_was(
        book, tmp_path, sheet):
    path = tmp_path / "team.xlsx"
    gone = kit.Zip(book).sheet(sheet)
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            if name != gone:
                dst.writestr(name, src.read(name))
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match=rf"the part {gone} it lists is missing"):
        api.refresh_file(path, as_of=SECOND, backup=False)
    assert path.read_bytes() == before


def move_sheets(path: Path, first: list[str], last: list[str]) -> None:
    """Move sheets as a person drags their tabs, then save as Excel does: the worksheet parts numbered
    again in tab order (sheet1.xml is the first tab's), sheet-scoped names following their sheets."""
    z = kit.Zip(path)
    book = z.text("xl/workbook.xml")
    tags = re.findall(r"<sheet [^>]*/>", book)
    names = [re.search(r'name="([^"]+)"', t).group(1) for t in tags]
    order = first + [n for n in names if n not in first + last] + last
    position = {names.index(n): order.index(n) for n in names}
    book = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{position[int(m.group(1))]}"', book)
    z.parts["xl/workbook.xml"] = book.replace("".join(tags), "".join(tags[names.index(n)] for n in order)).encode()
    worksheets = [z.sheet(n) for n in order if z.sheet(n).startswith("xl/worksheets/")]
    renamed = {old: f"xl/worksheets/sheet{k}.xml" for k, old in enumerate(worksheets, start=1)}
    renamed.update({f"xl/worksheets/_rels/{old[14:]}.rels": f"xl/worksheets/_rels/{new[14:]}.rels"
                    for old, new in renamed.items()})
    rels = z.text("xl/_rels/workbook.xml.rels")
    rels = re.sub(r'Target="/?(?:xl/)?worksheets/(sheet\d+\.xml)"',
                  lambda m: f'Target="/{renamed["xl/worksheets/" + m.group(1)]}"', rels)
    z.parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    z.parts = {renamed.get(name, name): data for name, data in z.parts.items()}
    z.save(path)


def test_a_macro_workbook_whose_sheets_were_moved_and_renumbered_keeps_every_part_it_does_not_own(book, tmp_path):
    path = tmp_path / "team.xlsm"
    blob = kit.make_xlsm(book, path)
    move_sheets(path, ["Follow-up", "Checks", "My notes"], ["Log"])
    z = kit.Zip(path)
    # the template's ten worksheets and My notes (the chart sheet is a chartsheet part)
    assert (z.sheet("Follow-up"), z.sheet("Log")) == ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet11.xml")
    before = tmp_path / "before.xlsm"
    shutil.copy(path, before)
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert untouched_problems(before, path, owned_parts(before)) == []
    assert parts(path)["xl/vbaProject.bin"] == blob
    wb = load_workbook(path, keep_vba=True)
    assert wb.sheetnames[:3] == ["Follow-up", "Checks", "My notes"] and wb.sheetnames[-1] == "Log"
    met = schema.FOLLOWUP.keys.index("at_threshold")
    rows = {r[0]: r for r in wb["Follow-up"].iter_rows(min_row=2, values_only=True)}
    # At 60 (was 80): Ann Lee's ten calls after all count; Bo Chan's 60 62 61 60 63 of ten.
    assert (rows["S-1"][met], rows["S-2"][met]) == (10, 5)
    first = parts(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == first


NOTE_ON_CHART = (
    f'<xdr:twoCellAnchor xmlns:xdr="{kit.XDR}" '
    f'xmlns:a="{kit.A}"><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff>'
    '<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>4</xdr:col>'
    '<xdr:colOff>0</xdr:colOff>'
    '<xdr:row>{end}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr>'
    '<xdr:cNvPr id="99" name="My note on the chart"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>'
    '<a:t>Role-play started in May</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>')


def _tool_drawing(path: Path) -> str:
    z = kit.Zip(path)
    return next(t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t))


def _shape_names(xml: bytes) -> list[str]:
    return re.findall(r'<(?:\w+:)?cNvPr\b[^>]*?\bname="([^"]*)"', xml.decode("utf-8"))


def test_a_persons_text_box_drawn_over_a_tools_chart_stays_in_front_of_the_chart_drawn_anew(book, tmp_path):
    """A drawing's shapes are drawn in the order they are listed: a note someone put on one of the tool's
    charts comes after it, and must still come after the chart that replaces it."""
    path = tmp_path / "team.xlsx"
    shutil.copy(book, path)
    z = kit.Zip(path)
    drawing = _tool_drawing(path)
    first_row = int(re.search(r"<(?:\w+:)?row>(\d+)</", z.text(drawing)).group(1))  # the first tool chart's top
    end = re.search(r"</(?:\w+:)?wsDr>", z.text(drawing)).group(0)
    z.insert(drawing, end, NOTE_ON_CHART.format(row=first_row + 1, end=first_row + 3))
    z.save(path)
    tool = [f"coachlog_xl chart {i}" for i in range(1, 5)]
    assert _shape_names(parts(path)[drawing]) == [*tool, "My note on the chart"]
    api.refresh_file(path, as_of=SECOND, backup=False)
    new = parts(path)
    drawing = _tool_drawing(path)
    assert _shape_names(new[drawing]) == [*tool, "My note on the chart"]
    assert "Role-play started in May" in new[drawing].decode()
    first = parts(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == first
