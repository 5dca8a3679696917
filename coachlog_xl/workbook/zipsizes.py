"""How far the parts of a package may unzip: a damaged or hostile .xlsx whose part unzips to gigabytes
is refused before it is read, not read until memory runs out.

Two things bound what reading a part costs.  What the zip directory declares (:func:`refuse_oversized`,
run where the directory is read already, before any part is unzipped): each part's unzipped size, the
sum of them, and, for a part declared huge, how many times its stored bytes it unzips to.  The limits
are far above any workbook: a 1,000,000-row Scores sheet is about 440 MB of XML, compressed about
9 times; Python's zipfile stops at the declared size, as the python-calamine reader does (it reports a
part that holds more).  And what a part holds past its declared size (:func:`open_part`): fastexcel
reads a part to the end of its data whatever size it declares, so the long sheets it loads are first
unzipped here (the search for formulas stored without their values reads them anyway), and a part
holding more than it declares is damaged.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from coachlog_xl.errors import WorkbookError

PART_LIMIT = 3 << 30  # bytes one part may declare unzipped (7 times the XML of a 1,000,000-row Scores sheet)
TOTAL_LIMIT = 6 << 30  # bytes all the parts of a package may declare unzipped
HUGE = 256 << 20  # a part declared larger than this must unzip to at most RATIO times its stored bytes
RATIO = 100  # (a worksheet's XML is stored at 5 to 15 times smaller; deflate's own limit is about 1,000)
_LOCAL = struct.Struct("<4s5H3L2H")


class Oversized(WorkbookError):
    """A package whose parts declare more than a workbook holds (see the module)."""


def _gb(size: int) -> str:
    return f"{size / (1 << 30):,.1f} GB"


def oversized(infos: list[zipfile.ZipInfo]) -> str | None:
    """What the zip directory ``infos`` declares beyond the limits (see the module), or None."""
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > PART_LIMIT:
            return (f"the part {info.filename} inside it declares {_gb(size)} unzipped (at most {_gb(PART_LIMIT)} is "
                    "read)")
        if size > HUGE and size > RATIO * max(info.compress_size, 1):
            return (f"the part {info.filename} inside it declares {_gb(size)} unzipped from {info.compress_size:,} "
                    f"bytes stored, {size // max(info.compress_size, 1):,} times as many (a workbook's parts unzip "
                    f"to at most about 20 times)")
    if total > TOTAL_LIMIT:
        return f"its parts declare {_gb(total)} unzipped in all (at most {_gb(TOTAL_LIMIT)} is read)"
    return None


def refuse_oversized(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """:class:`Oversized` naming the file and the part when its zip directory ``infos`` declares more
    than a workbook holds."""
    problem = oversized(infos)
    if problem is not None:
        raise Oversized(f"{path}: not a workbook coachlog reads; {problem}. Nothing was read or changed. A workbook "
                        "holds that much only when it is damaged or made to fill the memory: restore it from your "
                        "last copy, or open it in Excel, which offers to repair it.")


def open_part(zf: zipfile.ZipFile, name: str):
    """The part ``name`` open for reading, as ``zf.open`` opens it, but a deflated part that holds more
    than its declared size raises :class:`zipfile.BadZipFile` naming it once its declared size is read
    (a part cut short, or whose bytes are not their CRC, raises as with ``zf.open``)."""
    info = zf.getinfo(name)
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1 or not isinstance(zf.filename, str):
        return zf.open(name)
    return _Inflating(zf.filename, info)


class _Inflating:
    """A deflated part read from its stored bytes a piece at a time (see :func:`open_part`)."""

    def __init__(self, path: str, info: zipfile.ZipInfo):
        self._info = info
        self._fh = open(path, "rb")  # noqa: SIM115 - closed by close()
        try:
            self._fh.seek(info.header_offset)
            head = self._fh.read(_LOCAL.size)
            if len(head) < _LOCAL.size or head[:4] != b"PK\x03\x04":
                raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename!r}")
            fields = _LOCAL.unpack(head)
            self._fh.seek(info.header_offset + _LOCAL.size + fields[9] + fields[10])
        except BaseException:
            self._fh.close()
            raise
        self._stored_left = info.compress_size
        self._inflate = zlib.decompressobj(-15)
        self._made = self._crc = 0

    def read(self, n: int = -1) -> bytes:
        """Up to ``n`` bytes (at least one unless the part has ended); the rest of the part when ``n`` is
        negative, nothing when it is 0, as zipfile's reader."""
        if n < 0:
            return b"".join(iter(lambda: self.read(1 << 20), b""))
        if n == 0:
            return b""
        while True:
            pending = self._inflate.unconsumed_tail
            if not pending and self._stored_left > 0 and not self._inflate.eof:
                pending = self._fh.read(min(self._stored_left, 1 << 16))
                if not pending:
                    raise EOFError(f"{self._info.filename}: the file ends inside the part")
                self._stored_left -= len(pending)
            # (with no stored bytes left the inflater may still hold output: a read stopped inside a run)
            data = self._inflate.decompress(pending, n) if pending or not self._inflate.eof else b""
            if data:
                self._made += len(data)
                if self._made > self._info.file_size:
                    raise zipfile.BadZipFile(f"the part {self._info.filename} holds more than the "
                                             f"{self._info.file_size:,} bytes it declares")
                self._crc = zlib.crc32(data, self._crc)
                return data
            if self._inflate.eof or self._stored_left <= 0:
                return self._end()

    def _end(self) -> bytes:
        if not self._inflate.eof or self._made != self._info.file_size:
            raise EOFError(f"{self._info.filename}: the part is cut short")
        if self._crc != self._info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self._info.filename!r}")
        return b""

    def close(self) -> None:
        self._fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
