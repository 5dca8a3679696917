"""The one seam between a refresh and a workbook: read raw rows, write computed sheets and cells.

Two implementations: :class:`FileBook` (an .xlsx or .xlsm file, written surgically; used by the CLI) and
``coachlog_xl.excel.XlwingsBook`` (an open workbook through xlwings: desktop, Lite, Server).  The
reader and the writer only use the methods of :class:`Book`, so a refresh computes the same cells on
either.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from coachlog_xl import schema
from coachlog_xl.core.inputs import RawTable
from coachlog_xl.errors import WorkbookError
from coachlog_xl.suffixes import WORKBOOK_SUFFIXES
from coachlog_xl.workbook import columns, fastload, leadrows, package, unvalued
from coachlog_xl.workbook.celledits import ERROR_MARK, error_cells, formula_cells
from coachlog_xl.workbook.damaged import reading
from coachlog_xl.workbook.extent import refuse_far
from coachlog_xl.workbook.parts import sheet_parts, totals_rows
from coachlog_xl.workbook.pivots import Pivot, pivots_by_sheet
from coachlog_xl.workbook.reader import check_signature, open_values, sheet_values
from coachlog_xl.workbook.safety import Fingerprint, changed_on_disk, save_package
from coachlog_xl.workbook.zipparts import missing_part

Cell = tuple[int, int, object, "str | None"]  # row, column (1-based), value, number format

try:  # the optional compiled fast reader (not on Pyodide / xlwings Lite)
    from python_calamine import CalamineError, WorksheetNotFound
    from python_calamine import CalamineWorkbook as _CalamineBook
    _OPENED: tuple = (_CalamineBook,)  # what a book python-calamine opened is an instance of
except ImportError:  # where the wheel is missing: openpyxl reads (tests/test_without_compiled_readers.py)
    _CalamineBook = CalamineError = WorksheetNotFound = None
    _OPENED = ()  # no book is one

_MERGED = re.compile(r'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"')


def _version(text: str) -> tuple[int, ...]:
    """A version's leading numbers (``0.9.1`` -> (0, 9, 1); ``1.0.0rc1`` -> (1, 0, 0))."""
    return tuple(int(m.group()) for m in map(re.compile(r"\d+").match, text.split(".")[:3]) if m)


def _installed_version(module, folder_name: str) -> str | None:
    """The version of the installed distribution whose ``folder_name`` (``python_calamine``) is
    ``module``'s package, or None when none is found: read from the name of the one
    ``<folder_name>-<version>.dist-info`` folder beside the package (a folder listing) where there is one,
    else from :mod:`importlib.metadata`, which takes 15 ms of every refresh's start (it imports the email
    package and looks through each installed distribution)."""
    beside = os.path.dirname(os.path.dirname(os.path.abspath(module.__file__)))
    prefix = folder_name.lower() + "-"
    try:
        found = [n for n in os.listdir(beside) if n.lower().startswith(prefix) and n.endswith(".dist-info")]
    except OSError:  # (a package inside a zip file, or a folder that cannot be listed)
        found = []
    if len(found) == 1:
        return found[0][len(prefix):-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(folder_name.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return None


def _reads_1904() -> bool:
    """Whether the installed python-calamine reads a workbook in the 1904 date system as Excel saves it:
    before 0.9.1 it took the date system from the workbook part's last ``workbookPr`` element of any prefix,
    and Excel 2013 and later write a second one (``x15:workbookPr``) without it, so every date came out
    1,462 days early.  Not trusted when no version of it is found (an install metadata does not describe)."""
    import python_calamine

    version = _installed_version(python_calamine, "python_calamine")
    return version is not None and _version(version) >= (0, 9, 1)


READS_1904 = _CalamineBook is not None and _reads_1904()


def _calamine(path: Path):
    """The workbook opened with python-calamine, or None (not installed, a file it cannot read, or a
    workbook in the 1904 date system it would read 1,462 days early: :func:`_reads_1904`)."""
    if _CalamineBook is None or path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return None
    if not READS_1904 and leadrows.counts_from_1904(path):
        return None
    check_signature(path)
    try:
        return _CalamineBook.from_path(str(path))
    except CalamineError:
        return None


def _with_error_values(path: Path, part: str | None, rows: list[list]) -> list[list]:
    """python-calamine's rows (from A1) of the sheet in ``part`` with the Excel error values it gives as
    blanks put back as text (``#DIV/0!``), as openpyxl gives them, so that the score or date cell is reported."""
    if part is None:
        return rows
    with zipfile.ZipFile(path) as zf:
        if not _holds(zf, part, ERROR_MARK):  # (most sheets: streamed, never held whole in memory)
            return rows
        errors = error_cells(zf.read(part))
    for (r, c), value in errors.items():
        while len(rows) < r:
            rows.append([])
        row = rows[r - 1]
        row.extend([""] * (c - len(row)))
        row[c - 1] = value
    return rows


def _padded(rows: list[list]) -> list[list]:
    """openpyxl's rows each as wide as the widest, as python-calamine gives them: a row ends at its last
    cell there (a title above the header would be read as a one-column header)."""
    width = max(map(len, rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows


def _holds(zf: zipfile.ZipFile, part: str, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Whether the part's XML contains ``needle``, read a chunk at a time."""
    tail = b""
    with zf.open(part) as fh:
        while data := fh.read(chunk):
            window = tail + data  # a needle split between two reads is whole here
            if needle in window:
                return True
            tail = window[-(len(needle) - 1):]
    return False


class Book(Protocol):
    """What a refresh needs of a workbook.  A book that can tell formulas also offers ``formulas(sheet,
    columns)`` (as :meth:`FileBook.formulas`), so that a tool-owned cell holding one is never written
    over; one that cannot (through xlwings) hands the values only."""

    name: str

    def sheet_names(self) -> list[str]:
        """The sheet names in order."""

    def rows(self, sheet: str) -> list[list]:
        """Raw values of a sheet from A1 to the end of its used range (cached values of formulas)."""

    def write_sheet(self, sheet: schema.Sheet, rows: list[list]) -> None:
        """Replace a computed sheet's content: the header row, then ``rows`` (values in schema order)."""

    def write_cells(self, sheet: str, cells: list[Cell]) -> None:
        """Write single cells (the tool-owned Log columns, the refresh stamp)."""


class FileBook:
    """An .xlsx file: read through a read-only openpyxl workbook, written surgically: :meth:`save` rewrites
    only the parts the refresh owns (:mod:`coachlog_xl.workbook.package`); ``prefetch``: its Scores
    sheets being loaded by a second process (:mod:`coachlog_xl.workbook.prefetch`), or None."""

    lazy_rows = True  # write_sheet takes any sequence of rows: they are read when the file is saved

    def __init__(self, path: Path, prefetch=None):
        self.path = Path(path)
        self.name = self.path.name
        self.prefetch = prefetch
        self._values = None
        self._opened: tuple[int, int, int] | None = None  # the file's size, time and inode when first read
        self._names: list[str] | None = None  # (:meth:`sheet_names`)
        self._rows: dict[str, list[list]] = {}
        self._xml: dict[str, bytes] = {}  # small sheets' XML (:meth:`_small_sheet`)
        self._sheets: dict[str, tuple[schema.Sheet, Sequence[list]]] = {}
        self._cells: dict[str, list[Cell]] = {}
        self._totals: dict[str, set[int]] | None = None  # (:meth:`totals_rows`)
        self._pivots: dict[str, list[Pivot]] | None = None  # (:meth:`pivots`)
        self.dropped: dict[str, list[str]] = {}  # cells typed on a computed sheet, not kept by the save
        # of those, Follow-up's decisions: (cell, session ID, value)
        self.decided: dict[str, list[tuple[str, str, str]]] = {}
        self.unfiltered: dict[str, list[str]] = {}  # columns of a computed sheet whose filter is not applied again
        self.notes: dict[str, list[str]] = {}  # a person's notes on a computed sheet's rows now beside another subject
        self.links: dict[str, list[str]] = {}  # a person's links on a computed sheet's rows now beside another subject
        self.totals: dict[str, list[str]] = {}  # tables on a computed sheet whose Total Row the save switched off
        self.restyled: dict[str, list[str]] = {}  # cells a person formatted on a computed sheet, not kept by the save
        self.reformatted: dict[str, list[str]] = {}  # cells a person gave a number format on a computed sheet
        self.unhidden: dict[str, list[str]] = {}  # rows a person hid on a computed sheet, shown again by the save
        self.own_formulas: list[str] = []  # sheets of the team's holding formulas the file does not recalculate
        self.naming: list = []  # formulas of the team's naming a table column the save renamed back or took out
        self.renamed: list = []  # the table columns on the computed sheets the save renamed back or took out
        self._uncalculated: dict[str, dict[tuple[int, int], str]] = {}  # (:meth:`uncalculated`)
        self._long_merged: dict[str, list[str]] = {}  # (:meth:`long_merged`)
        self._parts: dict[str, str] | None = None  # (:meth:`part`)
        self.saved_sha256: str | None = None  # the SHA-256 of the file :meth:`save` wrote, taken as it was written
        # told what was typed on the computed sheets before the save writes them
        # (:func:`~coachlog_xl.workbook.package.refresh_package`)
        self.typed_checks = None

    def part(self, sheet: str) -> str | None:
        """The zip path of the sheet's XML part (:func:`~coachlog_xl.workbook.parts.sheet_parts`, looked
        up once for the book: each lookup opens the package and reads its relationships), or None."""
        if self._parts is None:
            self._parts = sheet_parts(self.path)
        return self._parts.get(sheet)

    def _read(self):
        """The fast reader (python-calamine) when installed, else openpyxl read-only; either way a file
        that is not a readable workbook gets the reader's one clear message.  Opened again after
        :meth:`close`, the file must be the one first read (its size, time and inode): a workbook saved or
        replaced meanwhile gets :func:`~coachlog_xl.workbook.safety.changed_on_disk`'s message, not a
        mix of two files' sheets."""
        if self._values is None:
            values = _calamine(self.path) or open_values(self.path)
            st = os.stat(self.path)
            now = (st.st_size, st.st_mtime_ns, st.st_ino)
            if self._opened is not None and now != self._opened:
                if not isinstance(values, _OPENED):
                    values.close()
                raise WorkbookError(changed_on_disk(self.path))
            self._opened, self._values = now, values
        return self._values

    def sheet_names(self) -> list[str]:
        """The workbook's sheet names, in order (read once: after :meth:`close` too, without opening it again)."""
        if self._names is None:
            with reading(self.path):
                book = self._read()
                self._names = list(book.sheet_names if isinstance(book, _OPENED) else book.sheetnames)
        return list(self._names)

    def table(self, sheet: str) -> RawTable | None:
        """A long input sheet read column-wise (see :mod:`coachlog_xl.workbook.columns`), or None when
        it must be read row by row through :meth:`rows`."""
        if not columns.available() or self.path.suffix.lower() not in WORKBOOK_SUFFIXES:
            return None
        check_signature(self.path)
        part = self.part(sheet)
        with reading(self.path):
            refuse_far(self.path, sheet, part)
            self.uncalculated(sheet)  # (scanned here while a prefetch still loads the sheet, or taken from it)
            loaded = self.prefetch.take(sheet) if self.prefetch is not None else fastload.NOT_LOADED
            return columns.read_columns(self.path, sheet, part, loaded)

    def rows(self, sheet: str) -> list[list]:
        """A sheet's values (see :class:`Book`); a damaged part gets one clear message (:mod:`damaged`)."""
        if sheet not in self._rows:
            with reading(self.path):
                book = self._read()
                if self.path.suffix.lower() in WORKBOOK_SUFFIXES:
                    refuse_far(self.path, sheet, self.part(sheet))
                if isinstance(book, _OPENED):
                    try:
                        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
                    except WorksheetNotFound:
                        if not self._stored(sheet):
                            raise
                        # a sheet stored where calamine does not look for it (a relationship to
                        # ``./worksheets/sheet1.xml``): openpyxl, which follows the relationships, reads the file
                        book = self._values = open_values(self.path)
                    except OverflowError:  # a number in a date or duration format past Python's (a ten-digit id
                        # in [h]:mm:ss): openpyxl reads this sheet, that cell as the number (sheet_values)
                        book = open_values(self.path)
                if isinstance(book, _OPENED):
                    self._rows[sheet] = _with_error_values(self.path, self.part(sheet), rows)
                else:
                    if sheet not in book.sheetnames:  # (openpyxl leaves out a sheet whose part is missing)
                        self._stored(sheet)
                    with warnings.catch_warnings():  # (openpyxl's words on what it reads)
                        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                        self._rows[sheet] = _padded([list(r) for r in sheet_values(book[sheet])])
                    if book is not self._values:  # (opened for this sheet alone)
                        book.close()
        return self._rows[sheet]

    def top_rows(self, sheet: str, n: int = 20) -> list[list]:
        """The sheet's first ``n`` stored rows as python-calamine gives them, from row 1 (a small workbook of
        those rows alone: :func:`~coachlog_xl.workbook.leadrows.top`); none where they cannot be read so."""
        part = self.part(sheet)
        if part is None or self.path.suffix.lower() not in WORKBOOK_SUFFIXES:
            return []
        try:
            from python_calamine import CalamineWorkbook

            small = leadrows.top(self.path, part, n, 0)
            return [] if small is None else CalamineWorkbook.from_filelike(io.BytesIO(small)).get_sheet_by_name(
                sheet).to_python(skip_empty_area=False)[:n]
        except Exception:  # noqa: BLE001 - a sheet of the team's own that cannot be read so: not looked at
            return []

    def _stored(self, sheet: str) -> bool:
        """Whether the package holds the sheet's part (False: it names none); a :class:`WorkbookError`
        naming the part when the package lists it but does not hold it."""
        part = self.part(sheet)
        if part is None:
            return False
        with zipfile.ZipFile(self.path) as zf:
            _held(self.path, zf, part)
        return True

    def formulas(self, sheet: str, columns: set[int], calculated: bool | None = None) -> dict[tuple[int, int], str]:
        """(row, column) -> formula text of the cells of ``columns`` that hold a formula (the readers
        give only their cached values); :func:`~coachlog_xl.workbook.celledits.formula_cells`."""
        xml = self._small_sheet(sheet)
        return {} if xml is None else formula_cells(xml, columns, calculated)

    def uncalculated(self, sheet: str) -> dict[tuple[int, int], str]:
        """(row, column) -> formula text of the sheet's cells holding a formula never calculated, which the
        readers give as blank (:func:`~coachlog_xl.workbook.celledits.formula_cells`), of the rows
        :func:`~coachlog_xl.workbook.unvalued.rows_holding` keeps as the sheet is unzipped."""
        if sheet not in self._uncalculated:
            found: dict[tuple[int, int], str] = {}
            merged: list[str] = []
            part = self.part(sheet) if self.path.suffix.lower() in WORKBOOK_SUFFIXES else None
            scanned = self.prefetch.scanned(part) if self.prefetch is not None and part is not None else None
            if scanned is not None:  # (the second process got to the scan first)
                rows, merged = scanned
                if rows != b"":
                    with reading(self.path):
                        found = formula_cells(rows, calculated=False)
            elif part is not None:
                with reading(self.path), zipfile.ZipFile(self.path) as zf:
                    _held(self.path, zf, part)
                    rows = unvalued.rows_holding(zf, part, merged=merged)
                    if rows is None:  # (read whole: a row without its number)
                        xml = zf.read(part)
                        merged = [ref.decode() for ref in unvalued.MERGED.findall(xml)]
                    if rows != b"":
                        found = formula_cells(xml if rows is None else rows, calculated=False)
            self._uncalculated[sheet], self._long_merged[sheet] = found, merged
        return self._uncalculated[sheet]

    def long_merged(self, sheet: str) -> list[str]:
        """The ranges of merged cells on a long sheet (a Scores sheet), found as it is unzipped for
        :meth:`uncalculated`."""
        self.uncalculated(sheet)
        return self._long_merged[sheet]

    def merged(self, sheet: str) -> list[str]:
        """The ranges of merged cells on a sheet (``A2:A4``), in the order the sheet lists them."""
        xml = self._small_sheet(sheet)
        return [] if xml is None else _MERGED.findall(xml.decode("utf-8", "replace"))

    def totals_rows(self, sheet: str) -> set[int]:
        """The row numbers of the Total Rows of the sheet's tables (:func:`~coachlog_xl.workbook.parts.totals_rows`,
        read once for every sheet)."""
        if self._totals is None:
            with reading(self.path):  # (a table part that fails its CRC: the message names it)
                self._totals = totals_rows(self.path)
        return self._totals.get(sheet, set())

    def pivots(self, sheet: str) -> list[Pivot]:
        """The pivot tables standing on the sheet (:func:`~coachlog_xl.workbook.pivots.pivots_by_sheet`, read
        once for every sheet)."""
        if self._pivots is None:
            with reading(self.path):
                self._pivots = pivots_by_sheet(self.path)
        return self._pivots.get(sheet, [])

    def _small_sheet(self, sheet: str) -> bytes | None:
        """A sheet's XML, read once for :meth:`formulas` and :meth:`merged` (the Log, Criteria, Reps and
        Settings: never a long Scores sheet), or None when the workbook has no such sheet."""
        if sheet not in self._xml:
            part = self.part(sheet)
            if part is None:
                return None
            with reading(self.path), zipfile.ZipFile(self.path) as zf:
                self._xml[sheet] = zf.read(_held(self.path, zf, part))
        return self._xml[sheet]

    def write_sheet(self, sheet: schema.Sheet, rows: Sequence[list]) -> None:
        self._sheets[sheet.name] = (sheet, rows)

    def write_cells(self, sheet: str, cells: list[Cell]) -> None:
        self._cells.setdefault(sheet, []).extend(cells)

    def restamp(self, stamp: str) -> None:
        """Write ``stamp`` where :meth:`write_cells` was given the refresh's stamp on Start here (its one cell
        there)."""
        self._cells[schema.START] = [(r, c, stamp, f) for r, c, _, f in self._cells.get(schema.START, [])]

    def save(self, backup: bool = True, expected: Fingerprint | None = None) -> bool:
        """Write what :meth:`write_sheet` and :meth:`write_cells` were given, every other part of the
        file byte for byte as it was, through the verified atomic save of
        :func:`~coachlog_xl.workbook.safety.save_package`; False when nothing was written: the
        refresh changed no cell but the stamp, which then stays as the last refresh wrote it."""
        if not (self._sheets or self._cells):
            return False
        wrote = save_package(self._write_package, self.path, backup=backup, expected=expected,
                             unchanged=package.UNCHANGED)
        if wrote:
            self._opened = None  # (the file is this save's now: a sheet read later reads it)
        return wrote

    def _write_package(self, tmp: Path) -> list[str]:
        with reading(self.path), open(tmp, "wb") as fh:
            out = _Digesting(fh)
            written = package.refresh_package(self.path, out, self._sheets, self._cells, skip_unchanged=True,
                                              dropped=self.dropped, formulas=self.own_formulas,
                                              notes=self.notes, restyled=self.restyled, unhidden=self.unhidden,
                                              reformatted=self.reformatted, links=self.links, totals=self.totals,
                                              decided=self.decided, unfiltered=self.unfiltered,
                                              typed_checks=self.typed_checks, naming=self.naming,
                                              renamed=self.renamed)
        self.saved_sha256 = out.hexdigest()
        return written

    def close(self) -> None:
        """Let go of the reader :meth:`rows` opened (the rows it read stay); a sheet read after this opens it again."""
        if self._values is not None and not isinstance(self._values, _OPENED):
            self._values.close()
        self._values = None


class _Digesting:
    """A file being written from its start, one write after another (as a zip archive is), and the SHA-256
    of what was written: the saved file's, which the refresh records beside it
    (:mod:`~coachlog_xl.workbook.done`) without reading it back (40 MB at a million score rows)."""

    def __init__(self, fh):
        self._fh, self._digest = fh, hashlib.sha256()

    def write(self, data) -> int:
        self._digest.update(data)
        return self._fh.write(data)

    def tell(self) -> int:
        return self._fh.tell()

    def flush(self) -> None:
        self._fh.flush()

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _held(path: Path, zf: zipfile.ZipFile, part: str) -> str:
    """``part``, when the zip holds it; else the :class:`WorkbookError` naming the part the package lists
    but lacks (a sheet's part deleted from the zip)."""
    if part not in zf.NameToInfo:
        raise missing_part(path, part)
    return part
