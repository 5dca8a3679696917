"""The zip layer of the surgical write: read parts, copy untouched entries as their compressed bytes.

:class:`ZipSource` reads an .xlsx/.xlsm package (a zip archive) and hands out each entry either
decompressed (the few parts a refresh edits) or raw, exactly as stored (everything else).
:class:`ZipSink` writes a new archive entry by entry: raw entries keep their compressed bytes, CRC
and timestamp; new or edited parts are deflated as they are generated (and parsed as XML meanwhile,
for the check of the saved file; a computed sheet's rows matched by a pattern instead,
:mod:`~coachlog_xl.workbook.rowscheck`).  Nothing of the archive is held in memory but the edited
parts, compressed.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.partnames import stored_name
from coachlog_xl.workbook.rowscheck import PROBE, PROBE_NAME, RowsXml, whole_rows
from coachlog_xl.workbook.zipsizes import Oversized, refuse_oversized

_LOCAL = struct.Struct("<4s5H3L2H")  # local file header without the name and extra field
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF
NEW_ENTRY_TIME = (2026, 1, 1, 0, 0, 0)  # new parts: a fixed time, so two refreshes write the same bytes


def _dos_time(date_time: tuple) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


@dataclass(frozen=True)
class Deflated:
    """A part compressed for the archive: the deflate stream, the CRC and size of the plain bytes; for
    a part parsed as XML as it was compressed (``parsed``), what parsing it found wrong (None: nothing);
    and whether it was made byte for byte as the file held it (``same``, :func:`deflate`'s ``was``)."""

    data: bytes
    crc: int
    size: int
    parsed: bool = False
    problem: str | None = None
    same: bool = False


_BATCH = 1 << 20  # bytes of a part handed to the compressing thread at a time
# zlib's fastest level: a computed sheet's XML compresses about 3x faster than at the default 6, and
# the parts written come out about a quarter larger (the Scores, copied as they are, keep theirs)
LEVEL = 1


def deflate(chunks: Iterable[bytes], parse: bool = False, was: bytes | None = None) -> Deflated:
    """Compress a part as its chunks arrive (only the compressed bytes are kept); with ``parse``, the
    same chunks, those the CRC is of, are parsed as XML meanwhile (:class:`Deflated`).  ``was``: the
    part as the file holds it, compared with the chunks as they come (:attr:`Deflated.same`).  A part
    made as the file holds it is parsed all the same: in the process that makes it, where its rows are
    matched by a pattern (:mod:`~coachlog_xl.workbook.rowscheck`), not by expat as the check of the
    written file would read it back (at a million score rows the Checks, 35 MB, come out the same on a
    second refresh); and a refresh that changes nothing, which writes no file, knows from it that the
    file's part parses too (:func:`~coachlog_xl.workbook.damaged.refuse_unparsed`).

    A large part (a computed sheet) is compressed on a second thread, a megabyte at a time and in
    order, while the next chunks are generated: zlib lets go of the interpreter while it compresses.
    Where no thread can be started (Pyodide) it is compressed in line; the bytes are the same."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    out: list = []
    crc = size = held = 0
    pending: list[bytes] = []
    worker, tried = None, False
    check = _Parse() if parse else None
    same = memoryview(was) if was is not None else None  # while the chunks are as ``was`` holds them
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        if same is not None and same[size:size + len(chunk)] != chunk:
            same = None
        if check is not None:
            check.feed(chunk)
        size += len(chunk)
        pending.append(chunk)
        held += len(chunk)
        if held >= _BATCH:
            if not tried:
                worker, tried = _worker(), True
            batch = b"".join(pending)
            out.append(worker.submit(compressor.compress, batch) if worker else compressor.compress(batch))
            pending, held = [], 0
    if worker:
        worker.shutdown(wait=True)
    data = [part if isinstance(part, bytes) else part.result() for part in out]
    data.append(compressor.compress(b"".join(pending)))
    data.append(compressor.flush())
    packed = b"".join(data)
    problem = check.end() if check is not None else None
    if check is not None and check.whole:
        problem = parse_whole(zlib.decompress(packed, -15))
    return Deflated(packed, crc, size, parse, problem, same is not None and size == len(same))


class _Parse:
    """An XML parser fed a part a piece at a time, which keeps the first problem it finds; a computed
    sheet's rows (:class:`~coachlog_xl.workbook.rowscheck.RowsXml`) are matched by a pattern, and expat
    parses the probe in their place (see :mod:`~coachlog_xl.workbook.rowscheck`).  ``whole``: the
    part must be parsed whole after all (a probe not parsed as two elements, or a problem in a part
    where rows were matched: its words are those of a parse of the part whole)."""

    def __init__(self):
        self._parser, self.problem = expat.ParserCreate(), None
        self.whole = self._matched = False

    def feed(self, data) -> None:
        if self._parser is None:
            return
        if isinstance(data, RowsXml) and (end := whole_rows(data)):
            if not self._probe():
                self._parser, self.whole = None, True
                return
            self._matched = True
            data = memoryview(data)[end:]
        try:
            self._parser.Parse(data, False)
        except expat.ExpatError as exc:
            self._parser, self.problem = None, str(exc)

    def _probe(self) -> bool:
        """Whether :data:`~coachlog_xl.workbook.rowscheck.PROBE`, fed to the parser, is parsed as two
        sibling elements and nothing else."""
        seen: list = []
        parser = self._parser
        parser.StartElementHandler = lambda name, _attributes: seen.append((1, name))
        parser.EndElementHandler = lambda name: seen.append((0, name))
        try:
            parser.Parse(PROBE, False)
        except expat.ExpatError:
            return False
        finally:
            parser.StartElementHandler = parser.EndElementHandler = None
        return seen == [(1, PROBE_NAME), (0, PROBE_NAME)] * 2

    def end(self) -> str | None:
        """What was wrong (None: nothing), the part ended; :attr:`whole` says whether to ask
        :func:`parse_whole` instead."""
        if self._parser is not None:
            try:
                self._parser.Parse(b"", True)
            except expat.ExpatError as exc:
                self.problem = str(exc)
        self.whole = self.whole or (self._matched and self.problem is not None)
        return self.problem


def parse_whole(data: bytes) -> str | None:
    """What expat finds wrong with a part parsed whole (None: nothing)."""
    try:
        expat.ParserCreate().Parse(data, True)
    except expat.ExpatError as exc:
        return str(exc)
    return None


def _worker() -> ThreadPoolExecutor | None:
    """One thread that runs the compressions in the order they are handed over, or None."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        pool.submit(int).result()  # the thread starts here, or cannot
    except RuntimeError:
        return None
    return pool


def missing_part(path: Path, name: str) -> WorkbookError:
    """The error for a part the package lists (its relationships or content types) but the zip lacks."""
    return WorkbookError(f"{path}: not a readable .xlsx workbook; the part {name} it lists is missing. "
                         "Restore it from your last copy, or open it in Excel, which offers to repair it.")


class ZipSource:
    """An archive open for reading: its entries in order, decompressed or raw."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:  # said as a refresh says it, with how to get a good copy
            from coachlog_xl.workbook.damaged import message  # (it imports this module's callers' readers)

            raise WorkbookError(message(self.path, exc)) from None
        self.infos = self._zip.infolist()
        try:
            refuse_oversized(self.path, self.infos)
        except Oversized:
            self._zip.close()
            raise
        self._fh = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        self.names = {i.filename for i in self.infos}

    def read(self, name: str) -> bytes:
        """A part decompressed, found under its name as stored whatever the case it is asked for in
        (:func:`~coachlog_xl.workbook.partnames.stored_name`)."""
        try:
            return self._zip.read(stored_name(name, self.names))
        except KeyError:  # listed by the package's relationships or content types, but not in the zip
            raise missing_part(self.path, name) from None

    def read_apart(self, name: str) -> bytes:
        """:meth:`read`, through a file of its own that reads at its own offsets (``os.pread``): a process
        forked from this one reads the archive through it while this one reads it too, which through the
        shared descriptor would move each other's position.  (Without ``os.pread`` no process is forked.)"""
        if not hasattr(os, "pread"):
            return self.read(name)
        try:
            with zipfile.ZipFile(_At(self._fh.fileno())) as own:
                return own.read(stored_name(name, self.names))
        except KeyError:
            raise missing_part(self.path, name) from None

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        """The entry's bytes as stored in the archive (still compressed)."""
        self._fh.seek(info.header_offset)
        head = self._fh.read(_LOCAL.size)
        fields = _LOCAL.unpack(head)
        if fields[0] != b"PK\x03\x04":
            raise WorkbookError(f"{self.path}: the part {info.filename} is damaged.")
        self._fh.seek(info.header_offset + _LOCAL.size + fields[9] + fields[10])
        return self._fh.read(info.compress_size)

    def close(self) -> None:
        self._zip.close()
        self._fh.close()


class _At(io.RawIOBase):
    """A file open for reading read at its own position (``os.pread`` on a descriptor it does not own)."""

    def __init__(self, fd: int):
        super().__init__()
        self._fd, self._pos = fd, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._pos = offset + (0, self._pos, os.fstat(self._fd).st_size)[whence]
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer) -> int:
        data = os.pread(self._fd, len(buffer), self._pos)
        buffer[:len(data)] = data
        self._pos += len(data)
        return len(data)


class ZipSink:
    """A new archive written entry by entry to a seekable file."""

    def __init__(self, fh):
        self._fh = fh
        self._central: list[bytes] = []

    def _header(self, name: bytes, method: int, date_time: tuple, crc: int, csize: int, usize: int,
                flags: int) -> tuple[bytes, int]:
        offset = self._fh.tell()
        if max(offset, csize, usize) >= _LIMIT:
            raise WorkbookError("the workbook is too large to write (over 4 GB in one part).")
        dtime, ddate = _dos_time(date_time)
        version = 20
        local = _LOCAL.pack(b"PK\x03\x04", version, flags, method, dtime, ddate, crc, csize, usize,
                            len(name), 0) + name
        central = _CENTRAL.pack(b"PK\x01\x02", version, version, flags, method, dtime, ddate, crc, csize,
                                usize, len(name), 0, 0, 0, 0, 0o644 << 16, offset) + name
        return local, central

    def copy(self, info: zipfile.ZipInfo, data: bytes) -> None:
        """An entry as it was: the same name, compressed bytes, CRC, method and time (a name stored without
        the UTF-8 flag was read as code page 437, and is written back as its own bytes)."""
        flags = 0x800 if info.flag_bits & 0x800 else 0
        name = info.orig_filename.encode("utf-8" if flags else "cp437")
        local, central = self._header(name, info.compress_type, info.date_time, info.CRC,
                                      info.compress_size, info.file_size, flags)
        self._fh.write(local)
        self._fh.write(data)
        self._central.append(central)

    def add(self, name: str, part: Deflated, date_time: tuple = NEW_ENTRY_TIME) -> None:
        """A new or edited part, already deflated by :func:`deflate`."""
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        local, central = self._header(encoded, zipfile.ZIP_DEFLATED, date_time, part.crc, len(part.data),
                                      part.size, flags)
        self._fh.write(local)
        self._fh.write(part.data)
        self._central.append(central)

    def close(self) -> None:
        start = self._fh.tell()
        for record in self._central:
            self._fh.write(record)
        size = self._fh.tell() - start
        n = len(self._central)
        if n >= 0xFFFF or start >= _LIMIT:
            raise WorkbookError("the workbook has too many parts or is too large to write.")
        self._fh.write(_END.pack(b"PK\x05\x06", 0, 0, n, n, size, start, 0))
