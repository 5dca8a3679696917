"""A long Scores sheet loaded in two parts, one in each process, where one load of it kept one core idle.

A cold refresh's second process (:mod:`coachlog_xl.workbook.prefetch`) loads the Scores with fastexcel
while the first imports pandas and the library and reads the small sheets; at a million rows the
first process then waits some seconds with nothing to do.  Here the second process unzips the sheet's
XML as it goes and cuts it at a ``<row`` past a share of its bytes (:data:`SHARE`): as soon as the
rows above the cut are unzipped they are written, with the sheet's header row, the shared strings and
the styles, as a workbook of their own (stored, not compressed, in a temporary folder: in memory where
the system has ``/dev/shm``; the folders of a command killed meanwhile are removed by the next
command's, :func:`folder`), which the first process loads as it reaches the Scores; the rows below
the cut follow, under a copy of the header row numbered as the last row above the cut, in a second
workbook, which the second process loads.  Each row keeps its number, and the blank rows at the cut
stay in the load.

The two loads are one sheet's only when each is fastexcel's strict load with nothing refused (every
column typed by its cells; text cells among numbers reported, :func:`plain`) and :func:`joined` finds
them alike: the same column names, each column of one type in both (a column blank in one part takes
the other's type, as the whole sheet's load types it by the cells it holds), and the first part
ending with the row above the cut.  Otherwise the sheet is loaded whole, as before.  Text columns come
dictionary-encoded from each part; Arrow joins two dictionaries by appending the second's new texts in
order, which numbers them as encoding the whole column does.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from coachlog_xl.workbook import fastload, leadrows

LEAST_BYTES = 80 << 20  # the sheet's XML from which two loads pay (about 350,000 score rows; docs/speed.md)
SHARE = 0.5  # of the sheet's XML above the cut: the first process's part
_CHUNK = 1 << 20
_HEAD_MOST = 4  # chunks in which the header row and the next row's start must come (each a sheet's first bytes)
_SHEET_DATA = b"<sheetData>"
_DATA_END = b"</sheetData></worksheet>"
_ROW_START = b"<row "
_NUMBERED = re.compile(rb'<row r="(\d+)"')
_CELL_NUMBER = re.compile(rb'(<c r="[A-Z]{1,3})1"')
_SHM = "/dev/shm"
_PREFIX = "coachlog-"  # then the command's process number and a clock's, each folder's name
_STALE = re.compile(re.escape(_PREFIX) + r"(\d+)-\d+")
_BLANK_SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
_LEFT_OUT = ("xl/worksheets/", "xl/comments", "xl/drawings/", "xl/tables/", "xl/media/", "xl/printerSettings/",
             "docProps/", "customXml/")


@dataclass
class Cut:
    """The sheet's two workbooks: ``first`` (the header row and the rows above the cut, the last of
    them row ``last``), ``second`` (the header row, numbered ``last``, and the rest)."""

    first: str
    second: str
    last: int


def long_enough(path: Path, part: str, into: str) -> bool:
    """Whether the sheet ``part`` is long enough to be cut (:data:`LEAST_BYTES` of XML), stored
    deflated or as it is (read from the zip directory alone), and the folder ``into`` has room for
    both parts twice over (a container's ``/dev/shm`` may hold 64 MB)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(part)
        room = _free(into)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return (LEAST_BYTES <= info.file_size <= room // 2
            and info.compress_type in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED))


def _free(where: str) -> int:
    """The bytes free in the file system of ``where``."""
    st = os.statvfs(where)
    return st.f_bavail * st.f_frsize


def folder() -> str | None:
    """A new folder for the parts, readable by this user only, in memory where the system has
    ``/dev/shm`` (made without :mod:`tempfile`, whose import of :mod:`random` takes a few milliseconds
    before the fork); None where none can be made (the sheet is then loaded whole).  The folders a
    command killed before it could remove them (SIGKILL, SIGTERM, a lost session) are removed first:
    in ``/dev/shm`` each would hold its parts in memory until the machine restarts."""
    base = _SHM if os.access(_SHM, os.W_OK) else os.environ.get("TMPDIR") or "/tmp"
    try:
        _remove_stale(base)
        where = os.path.join(base, f"{_PREFIX}{os.getpid()}-{time.monotonic_ns()}")
        os.mkdir(where, 0o700)
    except OSError:
        return None
    return where


def _remove_stale(base: str) -> None:
    """Remove the folders of :func:`folder` in ``base`` whose command's process is gone (its number
    in the folder's name).  Only where ``os.kill(pid, 0)`` asks whether a process is there: on
    Windows it would end it."""
    if os.name != "posix":
        return
    for entry in os.scandir(base):
        stale = _STALE.fullmatch(entry.name)
        if stale is None:
            continue
        try:
            os.kill(int(stale.group(1)), 0)
        except ProcessLookupError:
            removed(entry.path)
        except OSError:  # (a process of another user's: there)
            continue


def cut(path: Path, part: str, into: str, announce, seen=None) -> Cut | None:
    """The sheet ``part`` of ``path`` written as two workbooks in the folder ``into``, ``announce(first)``
    called once the first is written (before the rest of the sheet is unzipped), ``seen(piece)`` (when
    given) with each piece of the sheet's XML as it is unzipped (the whole sheet's when a cut is made:
    :mod:`prefetch` scans them); None when the sheet's XML is not as this cuts it: ``<sheetData>`` and ``<row r="...">``
    without a prefix, row 1 first holding only values, the last row above the cut and the first below it numbered in
    order.  Raises ``OSError``, ``zipfile.BadZipFile`` or ``zlib.error`` for a part that cannot be read."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
        chunks = _unzipped(path, info, seen)
        buf = b""
        for _ in range(_HEAD_MOST):  # (not the whole sheet, a bytes object grown a chunk at a time, when
            more = next(chunks, None)  # its rows or <sheetData> are written otherwise: unnumbered, prefixed)
            if more is None:
                return None
            buf += more
            if _SHEET_DATA in buf and buf.count(_ROW_START, buf.find(_SHEET_DATA)) >= 2:
                break
        else:
            return None
        start = buf.index(_SHEET_DATA) + len(_SHEET_DATA)
        second_row = buf.index(_ROW_START, buf.index(_ROW_START, start) + 1)
        top, header = buf[:start], buf[start:second_row]
        if not header.startswith(b'<row r="1"') or b"<f" in header or b"<row" in header[1:]:
            return None
        first, second = os.path.join(into, "first.xlsx"), os.path.join(into, "second.xlsx")
        target = int(info.file_size * SHARE)
        seen, last = 0, None
        with _Part(zf, first, part) as out:
            while True:
                at = buf.find(_ROW_START, max(target - seen, second_row))
                before = buf.rfind(b"<row", 0, at) if at > 0 else -1
                if at > 0 and before >= 0:
                    number = _NUMBERED.match(buf, before)
                    if number is None:
                        return None
                    last = int(number.group(1))
                    out.write(buf[:at])
                    buf = buf[at:]
                    break
                out.write(buf[:len(buf) - 64])  # (the end kept: a <row split between two chunks)
                seen += len(buf) - 64
                buf = buf[len(buf) - 64:]
                more = next(chunks, None)
                if more is None:
                    return None
                buf += more
                second_row = 0
            out.write(_DATA_END)
        next_row = _NUMBERED.match(buf)
        if next_row is None or int(next_row.group(1)) <= last:
            return None
        announce(first)
        renumbered, cells = _CELL_NUMBER.subn(rb"\g<1>%d" % last + b'"',
                                              _NUMBERED.sub(b'<row r="%d"' % last, header, 1))
        if renumbered.count(b' r="') != cells + 1:  # (a cell numbered otherwise would stay in row 1)
            return None
        with _Part(zf, second, part) as out:
            out.write(top + renumbered + buf)
            for more in chunks:
                out.write(more)
    return Cut(first, second, last)


def first_cut(path: Path, names: list[str], parts: dict[str, str], announce, folder: str,
              seen=lambda part: None) -> tuple[str | None, Cut | None]:
    """(sheet, its :class:`Cut`) for the first of the Scores sheets ``names`` (their parts ``parts``) long
    enough to be cut in two and loaded from its first row (no rows of text above an export's own header,
    dates from 1900: :func:`fastload.load` reads those otherwise), its first part announced; (None, None)
    for none.  ``seen(part)``: what :func:`cut` gives each piece of that part's XML (None: nothing)."""
    for name in names:
        part = parts.get(name)
        if part is None or not long_enough(path, part, folder) or leadrows.counts_from_1904(path):
            continue
        head = leadrows.scan(path, part)
        if head is None or head.rows >= 2:
            continue
        try:
            made = cut(path, part, folder, lambda first, name=name: announce({name: first}), seen(part))
        except (OSError, zipfile.BadZipFile, zlib.error):
            made = None
        if made is not None:
            return name, made
    return None, None


class _Part:
    """A workbook of the original's parts but its sheets (each other sheet blank), the sheet ``part``
    written into it as it comes; stored, not compressed."""

    def __init__(self, zf: zipfile.ZipFile, name: str, part: str):
        self._out = zipfile.ZipFile(name, "w", zipfile.ZIP_STORED)
        for info in zf.infolist():
            if info.filename == part:
                continue
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                self._out.writestr(info.filename, _BLANK_SHEET)
            elif not info.filename.startswith(_LEFT_OUT):
                self._out.writestr(info.filename, zf.read(info))
        self._sheet = self._out.open(part, "w", force_zip64=True)

    def write(self, data: bytes) -> None:
        self._sheet.write(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._sheet.close()
        self._out.close()


def _unzipped(path: Path, info: zipfile.ZipInfo, seen=None):
    """The part's bytes, a piece at a time (zipfile's own reader checks each piece's CRC as it goes:
    the writer of each half computes its own), each given to ``seen`` first when it is given."""
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        local = fh.read(30)
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        fh.seek(info.header_offset + 30 + name_length + extra_length)
        inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        remaining, crc = info.compress_size, 0
        while remaining:
            data = fh.read(min(_CHUNK, remaining))
            if not data:
                raise zipfile.BadZipFile(f"{info.filename} is cut short")
            remaining -= len(data)
            if inflate is not None:
                data = inflate.decompress(data)
            crc = zlib.crc32(data, crc)
            if seen is not None:
                seen(data)
            yield data
        if inflate is not None:
            data = inflate.flush()
            crc = zlib.crc32(data, crc)
            if seen is not None:
                seen(data)
            yield data
        if crc != info.CRC:
            raise zipfile.BadZipFile(f"{info.filename} does not match its CRC")


def plain(path: str, sheet: str) -> fastload.Loaded | None:
    """One part's strict load (:func:`~coachlog_xl.workbook.fastload.load`'s first load, header in
    the part's first row), or None when fastexcel refused a column, a cell failed for another reason
    than holding text, or a column left of the first name is blank (the whole sheet's load then
    decides)."""
    found = fastload.modules()
    if found is None:
        return None
    fastexcel = found[0]
    try:
        loaded = fastexcel.read_excel(path).load_sheet_by_name(
            sheet, header_row=0, dtype_coercion="strict", schema_sample_rows=None)
        body, errors = loaded.to_arrow_with_errors()
    except Exception:  # noqa: BLE001 - a refusal or a failure: the whole sheet's load decides
        return None
    if any(getattr(c, "absolute_index", i) != i for i, c in enumerate(loaded.selected_columns)):
        return None
    texts = fastload.text_cells(errors.errors) if errors is not None and errors.errors else {}
    return None if texts is None else fastload.Loaded(body, False, texts)


def joined(first: fastload.Loaded | None, second: fastload.Loaded | None, last: int, pa) -> fastload.Loaded | None:
    """The sheet's load from its two parts' (:func:`plain`, text columns dictionary-encoded alike), or
    None when they are not one sheet's as its whole load would type it: the first part not ending
    with row ``last``, other column names, or a column of one type in one part and another in the
    other (both holding a value)."""
    if first is None or second is None or first.body.num_rows != last - 1:
        return None
    a, b = first.body, second.body
    if a.schema.names != b.schema.names:
        return None
    columns = []
    for i, (x, y) in enumerate(zip(a.columns, b.columns)):
        # a column with no cell in one part (no text cell either) is typed by the other part's cells
        if y.null_count == len(y) and i not in second.texts:
            y = pa.nulls(len(y), type=x.type)
        elif x.null_count == len(x) and i not in first.texts:
            x = pa.nulls(len(x), type=y.type)
        if x.type != y.type:
            return None
        columns.append(pa.concat_arrays([x, y]))
    texts = {i: dict(rows) for i, rows in first.texts.items()}
    for i, rows in second.texts.items():
        texts.setdefault(i, {}).update((r + len(a), text) for r, text in rows.items())
    return fastload.Loaded(pa.RecordBatch.from_arrays(columns, names=a.schema.names), False, texts)


def removed(where: str | None) -> None:
    """A part, or the parts' folder, removed (already gone: nothing to do)."""
    if where is not None:
        with contextlib.suppress(OSError):
            if os.path.isdir(where):
                for entry in os.scandir(where):
                    os.remove(entry.path)
                os.rmdir(where)
            else:
                os.remove(where)
