"""A package whose parts unzip far beyond a workbook (a zip bomb, a part declaring what it does not hold),
and a damaged computed sheet: refused with a message naming the file and part, never read, never left
damaged under a word of success.  The hostile files are written entry by entry, here."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.demo_kit import demo_copy
from tests.wbkit import run

SCORES = "xl/worksheets/sheet3.xml"  # the demo's Scores sheet
FOLLOW_UP = "xl/worksheets/sheet7.xml"
LOG = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return demo_copy(tmp_path_factory.mktemp("demo") / "team.xlsx", tmp_path_factory)


def _entries(src: Path) -> list[list]:
    """[name, stored bytes, CRC, declared size] of each entry, as stored."""
    out = []
    with zipfile.ZipFile(src) as zf, open(src, "rb") as fh:
        for info in zf.infolist():
            fh.seek(info.header_offset + 26)
            skip = sum(struct.unpack("<2H", fh.read(4)))
            fh.seek(info.header_offset + 30 + skip)
            out.append([info.filename, fh.read(info.compress_size), info.CRC, info.file_size])
    return out


def _write(out: Path, entries: list[list]) -> Path:
    """A zip of deflated entries with the CRC and sizes given (a size past 4 GB in a zip64 field)."""
    with open(out, "wb") as fh:
        central = []
        for name, data, crc, size in entries:
            offset, raw = fh.tell(), name.encode()
            big = size >= 0xFFFFFFFF
            extra = struct.pack("<HHQQ", 1, 16, size, len(data)) if big else b""
            sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(data), size)
            fh.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 45, 0, 8, 0, 0x21, crc, *sizes, len(raw), len(extra)))
            fh.write(raw + extra + data)
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 45, 45, 0, 8, 0, 0x21, crc, *sizes, len(raw),
                                       len(extra), 0, 0, 0, 0, offset) + raw + extra)
        start = fh.tell()
        fh.write(b"".join(central))
        fh.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), fh.tell() - start, start, 0))
    return out


class _Bits:
    def __init__(self):
        self.value = self.n = 0

    def put(self, value: int, width: int, code: bool = False) -> None:
        """``width`` bits of ``value`` (a Huffman code goes most significant bit first)."""
        if code:
            value = int(f"{value:0{width}b}"[::-1], 2)
        self.value |= value << self.n
        self.n += width

    def bytes(self) -> bytes:
        assert self.n % 8 == 0
        return self.value.to_bytes(self.n // 8, "little")


def _spaces(units: int) -> tuple[bytes, int]:
    """A non-final deflate block, by hand, of one space and then 258-byte copies of it: 13 bytes stored
    for each 2,064 unzipped; with the number of bytes it unzips to.  It starts and ends on a byte."""
    head, unit, tail = _Bits(), _Bits(), _Bits()
    head.put(0, 1)
    head.put(1, 2)  # fixed Huffman codes
    head.put(0x30 + 0x20, 8, code=True)  # the literal " "
    for bits in (head, *[unit] * 8):
        bits.put(0b11000101, 8, code=True)  # length 258
        bits.put(0, 5, code=True)  # distance 1
    tail.put(0, 7, code=True)  # end of block
    tail.put(0, 3)  # an empty stored block, to end on a byte
    tail.put(0, 6)
    tail.put(0xFFFF0000, 32)
    return head.bytes() + unit.bytes() * units + tail.bytes(), 1 + 258 + 2064 * units


def _replaced(src: Path, out: Path, part: str, data: bytes, crc: int, size: int) -> Path:
    entries = _entries(src)
    for entry in entries:
        if entry[0] == part:
            entry[1:] = [data, crc, size]
    return _write(out, entries)


def _crc_of_spaces(n: int) -> int:
    crc, chunk = 0, b" " * (1 << 20)
    while n:
        take = min(n, len(chunk))
        crc = zlib.crc32(chunk[:take], crc)
        n -= take
    return crc


def _assert_refused(result, path: Path, before: bytes, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for word in (path.name, *words):
        assert word in result.output, (word, result.output)
    assert path.read_bytes() == before


def test_the_hand_made_block_unzips_to_what_it_says():
    block, size = _spaces(3)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = block + c.compress(b"<x/>") + c.flush()
    assert zlib.decompress(stream, -15) == b" " * (1 + 258 + 2064 * 3) + b"<x/>"
    assert size == 1 + 258 + 2064 * 3


@pytest.mark.parametrize("command", ["refresh", "check", "import"])
def test_a_part_that_unzips_to_hundreds_of_times_its_stored_bytes_is_refused_unread(demo, tmp_path, command):
    xml = zipfile.ZipFile(demo).read(SCORES)
    units = 136_000  # 281 MB of spaces from 1.8 MB stored: 159 times
    block, spaces = _spaces(units)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = block + c.compress(xml) + c.flush()
    size = spaces + len(xml)
    assert size > 256 << 20 and size > 100 * len(data)
    crc = zlib.crc32(xml, _crc_of_spaces(spaces))
    bomb = _replaced(demo, tmp_path / "bomb.xlsx", SCORES, data, crc, size)
    book = tmp_path / "team.xlsx"
    book.write_bytes(demo.read_bytes())
    target = bomb if command != "import" else book
    before = target.read_bytes()
    args = {"refresh": ("refresh", bomb, "--no-cache"), "check": ("check", bomb, "--no-cache"),
            "import": ("import", book, bomb)}[command]
    result = run(*args)
    _assert_refused(result, bomb, bomb.read_bytes(), SCORES, "Nothing was read or changed")
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", ["refresh", "check"])
def test_a_part_declaring_more_than_any_workbook_holds_is_refused(demo, tmp_path, command):
    entries = _entries(demo)
    for entry in entries:
        if entry[0] == SCORES:
            entry[3] = 5 << 30  # 5 GB declared (a zip64 size), a few hundred KB held
    path = _write(tmp_path / "declares.xlsx", entries)
    before = path.read_bytes()
    _assert_refused(run(command, path, "--no-cache"), path, before, SCORES, "5.0 GB", "Nothing was read or changed")


@pytest.mark.parametrize("command", ["refresh", "check"])
def test_a_part_holding_more_than_it_declares_is_refused_before_fastexcel_reads_it(demo, tmp_path, command):
    """The declared size and CRC are those of the sheet's own XML: Python's zipfile reads that much and
    stops, content; fastexcel reads on to the end of the data."""
    xml = zipfile.ZipFile(demo).read(SCORES)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    block, _ = _spaces(1_000)
    data = c.compress(xml) + c.flush(zlib.Z_SYNC_FLUSH) + block + b"\x03\x00"  # then a final empty block
    assert len(zlib.decompress(data, -15)) > len(xml)
    path = _replaced(demo, tmp_path / "lies.xlsx", SCORES, data, zlib.crc32(xml), len(xml))
    before = path.read_bytes()
    _assert_refused(run(command, path, "--no-cache"), path, before, SCORES, "holds more than")


def _refreshed(demo: Path, tmp_path: Path) -> Path:
    book = tmp_path / "team.xlsx"
    book.write_bytes(demo.read_bytes())
    assert run("refresh", book, "--as-of", "2025-12-31", "--no-backup").exit_code == 0
    return book


def _damage(book: Path, part: str, how: str) -> None:
    """Damage ``part`` in place: its XML cut short (a new CRC and size), or a byte of its stored data
    flipped (the zip directory as it was)."""
    entries = _entries(book)
    for entry in entries:
        if entry[0] == part:
            if how == "cut":
                xml = zlib.decompress(entry[1], -15)[:-40]
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                entry[1:] = [c.compress(xml) + c.flush(), zlib.crc32(xml), len(xml)]
            else:
                flipped = bytearray(entry[1])
                flipped[len(flipped) // 2] ^= 0xFF
                entry[1] = bytes(flipped)
    _write(book, entries)


@pytest.mark.parametrize("how", ["cut", "flipped"])
@pytest.mark.parametrize("cache", [True, False])
def test_a_damaged_computed_sheet_is_never_left_under_a_word_of_success(demo, tmp_path, how, cache):
    book = _refreshed(demo, tmp_path)
    _damage(book, FOLLOW_UP, how)  # no input changed: every result is as the file holds it
    before = book.read_bytes()
    result = run("refresh", book, "--as-of", "2025-12-31", "--no-backup", *([] if cache else ["--no-cache"]))
    _assert_refused(result, book, before, '"Follow-up"', FOLLOW_UP, "nothing was written")
    assert "up to date" not in result.output and "Refreshed" not in result.output


@pytest.mark.parametrize("cache", [True, False])
def test_a_damaged_input_sheet_is_still_refused_not_rewritten(demo, tmp_path, cache):
    book = _refreshed(demo, tmp_path)
    _damage(book, LOG, "flipped")
    before = book.read_bytes()
    result = run("refresh", book, "--as-of", "2025-12-31", "--no-backup", *([] if cache else ["--no-cache"]))
    _assert_refused(result, book, before, LOG, "damaged")


@pytest.mark.parametrize("size", [32, (1 << 20) + 88])
def test_a_part_is_read_whole_whatever_the_size_of_the_reads(tmp_path, size):
    # a part ending in a run of one byte: its last stored bytes are taken in whole by a read that
    # stops short of the run's end (the rest of the run still to come out of the inflater), here when
    # a read of 1 MB (the read-back's) or of all but one byte ends one byte before the part does
    from coachlog_xl.workbook.zipsizes import open_part

    data = b"<sheetData>" + b"a" * (size - 11)
    path = tmp_path / "run.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", data)
    n = 1 << 20 if size > 1 << 20 else size - 1
    with zipfile.ZipFile(path) as zf, open_part(zf, "xl/worksheets/sheet1.xml") as fh:
        got = [fh.read(n), fh.read(n), fh.read(n)]
    assert got == [data[:n], data[n:], b""]


def test_a_part_opened_for_its_size_reads_as_zipfile_reads_it(tmp_path):
    # read(0) gives nothing and read() or read(-1) the rest, as the file zipfile opens does
    from coachlog_xl.workbook.zipsizes import open_part

    data = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919 % 1000) for i in range(1, 20000))
    path = tmp_path / "rows.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", data)
    with zipfile.ZipFile(path) as zf:
        for opened in (zf.open, lambda name: open_part(zf, name)):
            with opened("xl/worksheets/sheet1.xml") as fh:
                assert [fh.read(0), fh.read(5), fh.read(0), fh.read(-1), fh.read()] \
                    == [b"", data[:5], b"", data[5:], b""]
