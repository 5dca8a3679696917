"""The Scores sheets loaded by a second process while the first one starts.

A ``coachlog refresh`` spends its first half second importing pandas and the rest of the library,
and then most of its reading time in fastexcel loading the Scores sheets, which needs neither.  Where
:func:`coachlog_xl.workers.available` allows a second process, :func:`started` forks one before those
imports: it loads every sheet whose name starts with Scores (:func:`fastload.load`) and sends them
back through a pipe (what fastexcel reported pickled, then each sheet's rows as an Arrow IPC stream,
which neither process copies into one string first), while the first process imports, checks the
file and reads the small sheets.  fastexcel and pyarrow are imported just before the fork: the first
process imports pyarrow anyway (pandas does), and the second one then starts loading at once, where it
imported them again (0.15 s of CPU while both processes have a core busy).  The long sheets' XML must also be looked through for formulas stored
without their values (:func:`~coachlog_xl.workbook.unvalued.rows_holding`, 60 ms at 100,000 rows):
whichever process gets there first does it (a pipe holding one byte is the token: the one that reads
it scans), so that the first process does not scan when the second one finished loading before it
needed the sheets, and the second one does not scan, after a long load, what the first one scanned
meanwhile.  The first process takes a sheet with :meth:`Prefetch.take` when it
reaches it; it reads the sheet itself (as it would without this module) when the second process
failed, has no such sheet, or the file is not the one the second process read (its size, time or
inode changed).  While it waits for the answer, the first process imports the modules the save imports
when it starts (:data:`MEANWHILE`), which do not depend on the Scores: a module at a time, and only
while the answer is not there yet, so that an answer ready when it is taken is read at once.  It does
so before it reaches for the token: a second process that finishes its load meanwhile scans, where it
would wait for the first one's scan to end and this one would import the modules later (at 100,000
rows the load and the first process's start take about as long).

The command line starts it (not when a refresh cache lies beside the workbook: a warm refresh reads
no Scores), the ``coachlog`` console script before it imports click and the command line itself
(:func:`ahead`, taken up by :func:`started`); a program calling :mod:`coachlog_xl.api` directly reads
as before.  ``coachlog import``
reads a CSV export's rows in a second process the same way (:func:`export_rows`).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import select
import signal
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from coachlog_xl import workers
from coachlog_xl.suffixes import TEXT_SUFFIXES
from coachlog_xl.workbook import fastload, leadrows, unvalued, zipsizes
from coachlog_xl.workbook.beside import cache_path, is_scores
from coachlog_xl.workbook.csvtext import plain_rows
from coachlog_xl.workbook.extent import stated_far

LEAST_BYTES = 1 << 20  # a smaller file loads in less time than a second process takes to start and send it
LONG_PART = 1 << 20  # the worksheet parts the second process scans (unzipped bytes): the long sheets
# what the save of a refresh imports as it starts (coachlog_xl.workbook.package.refresh_package): imported
# while the first process waits for the Scores (:meth:`Prefetch.meanwhile`)
MEANWHILE = ("coachlog_xl.workbook.toolcharts", "coachlog_xl.workbook.strays", "coachlog_xl.workbook.readded",
             "coachlog_xl.workbook.tables", "coachlog_xl.workbook.recalc", "coachlog_xl.workbook.filtername",
             "coachlog_xl.workbook.notes")


def _stat(path: Path) -> tuple | None:
    """What tells the file apart from another one at its place (a copy keeping its size and time changes
    its status time)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


class Prefetch:
    """A second process loading the Scores sheets of ``path`` (see the module)."""

    def __init__(self, path: Path, pid: int, read_end: int, token: int, imports: tuple[str, ...] = MEANWHILE):
        self.path = Path(path)
        self.imports = imports  # (:meth:`meanwhile`)
        self._pid: int | None = pid
        self._reader = os.fdopen(read_end, "rb")
        self._token: int | None = token
        self._sheets: dict | None = None
        self._scans: dict | None = None

    def take(self, sheet: str):
        """The sheet's :class:`fastload.Loaded` (or None: fastexcel could not load it), or
        :data:`fastload.NOT_LOADED` when the caller must load it itself."""
        if self._sheets is None:
            self._receive()
        return self._sheets.pop(sheet, fastload.NOT_LOADED)

    def scanned(self, part: str) -> tuple[bytes, list[str]] | None:
        """What :func:`~coachlog_xl.workbook.unvalued.rows_holding` gives for a long sheet's part (its
        rows that may hold a formula stored without its value, b"" for none; its merged ranges), when
        the second process scanned it; None when the caller must scan it: the caller takes the token
        first (the second process is still loading; it will not scan), or the part is not one it scanned."""
        if self._scans is None:
            self.meanwhile()  # (first: see the module)
            if self._token is not None and _claim(self._token):
                self._scans = {}
            else:
                self._receive()
        return self._scans.get(part)

    def meanwhile(self) -> None:
        """Import the modules of :attr:`imports` (:data:`MEANWHILE`) not imported yet, one at a time while the second
        process's answer has not begun to arrive: work a refresh does later, done while this process
        would only wait (an import that fails is left to the code that needs the module)."""
        for name in self.imports if self._pid is not None else ():  # (else closed: nothing comes)
            if name in sys.modules:
                continue
            if select.select([self._reader], [], [], 0)[0]:
                return
            with contextlib.suppress(ImportError):
                importlib.import_module(name)

    def _receive(self) -> None:
        sheets, scans = {}, {}
        if self._pid is not None:  # (else closed before anything was taken)
            self.meanwhile()
            try:
                before, got, found, after = _read_answer(self._reader)
                # the file as the second process read it, before and after, and as it is now
                if before is not None and before == after == _stat(self.path):
                    sheets, scans = got, found
            except Exception:  # noqa: BLE001 - the second process failed or was cut off: read here
                pass
        # answered (or failed): close() reaps it without stopping it, at the end of the command, not
        # now: a process that held a long sheet takes up to 0.04 s to end
        self._sheets = sheets
        if self._scans is None:
            self._scans = scans

    def close(self) -> None:
        """Stop waiting for the second process: reap it when it has sent its answer, else stop it
        (a refresh that needed no Scores, e.g. from the refresh cache, does not wait for the load);
        :func:`started` calls it as the command ends."""
        if self._token is not None:
            os.close(self._token)
            self._token = None
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        if self._sheets is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._reader.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def start(path: Path, cache: bool = False, imports: tuple[str, ...] = MEANWHILE) -> Prefetch | None:
    """A second process loading ``path``'s Scores sheets, or None where none may run, the file is not
    an .xlsx / .xlsm workbook, is small (:data:`LEAST_BYTES`), or (``cache``: the command uses the
    refresh cache) a refresh cache lies beside it: then the Scores are likely not read at all
    (:mod:`coachlog_xl.workbook.cache`).  ``imports``: the modules imported while the answer is awaited
    (:meth:`Prefetch.meanwhile`): the save's for a refresh, none for a command that writes nothing."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not workers.available() or not path.is_file():
        return None
    if path.stat().st_size < LEAST_BYTES or (cache and cache_path(path).exists()):
        return None

    fastload.modules()  # (imported once, for both processes: see the module)
    token = _token()

    def answer(fh) -> None:  # in the second process: the loads, or nothing (the first reads them itself)
        with contextlib.suppress(BaseException):  # any failure: the first process reads the sheets itself
            _write_answer(fh, *_load_all(path, token))

    forked = workers.fork_writing(answer)
    if forked is None:
        os.close(token)
        return None
    return Prefetch(path, *forked, token, imports)


def _token() -> int:
    """The read end of a pipe holding one byte, which either process may take (:func:`_claim`): who
    scans the long sheets (see the module)."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"1")
    os.close(write_end)
    os.set_blocking(read_end, False)
    return read_end


def _claim(token: int) -> bool:
    """Whether this process took the token (the other one took it already: False)."""
    try:
        return os.read(token, 1) == b"1"
    except BlockingIOError:
        return False


def _write_answer(fh, before, sheets: dict, scans: dict, after) -> None:
    """The loads, as :func:`_read_answer` reads them: a pickle of the stats, of what each load
    reported (None: fastexcel could not load the sheet) and of the scans, then each loaded sheet's rows."""
    pickle.dump((before, {n: None if s is None else (s.errors, s.texts, s.lead, s.part)
                                    for n, s in sheets.items()}, scans, after),
                fh, protocol=pickle.HIGHEST_PROTOCOL)
    pa = fastload.modules()[1] if any(s is not None for s in sheets.values()) else None
    for loaded in sheets.values():
        if loaded is not None:
            body = _encoded(loaded.body, pa)
            with pa.ipc.new_stream(fh, body.schema) as stream:
                stream.write_batch(body)


def _encoded(body, pa):
    """The record batch with each text column dictionary-encoded, as the first process encodes it
    (:func:`~coachlog_xl.workbook.columns.read_columns`): done here, it is not done there, and a
    column of a few distinct texts is sent as their codes (a tenth of the bytes at 100,000 rows).  A
    text column without a text (an export's empty column) is sent as a column of nulls, which holds
    no bytes and which the first process reads as it reads the empty text column: every cell None."""
    encode = _encoder(pa)
    columns = [c if not (pa.types.is_string(c.type) or pa.types.is_large_string(c.type))
               else pa.nulls(len(c)) if c.null_count == len(c) else encode(c) for c in body.columns]
    return pa.RecordBatch.from_arrays(columns, names=body.schema.names)


def _encoder(pa):
    """``dictionary_encode`` of an Arrow array, through Arrow's compute kernel itself where it can be
    reached: ``Array.dictionary_encode`` first imports ``pyarrow.compute``, which makes a wrapper and a
    docstring for each of Arrow's functions (40 ms, after the load of the Scores: the first process
    waits for them), where the kernel's module alone takes a few milliseconds."""
    try:
        from pyarrow._compute import call_function
    except ImportError:  # (an Arrow that moved it: the public way)
        return lambda column: column.dictionary_encode()
    return lambda column: call_function("dictionary_encode", [column])


def _read_answer(fh) -> tuple:
    """(stat before, {sheet: its :class:`fastload.Loaded` or None}, {part: its scan}, stat after), as
    sent by :func:`_write_answer`; raises when the answer is missing or cut off."""
    before, reported, scans, after = pickle.load(fh)
    sheets = {}
    for name, got in reported.items():
        if got is None:
            sheets[name] = None
            continue
        with fastload.modules()[1].ipc.open_stream(fh) as stream:
            batches = list(stream)
        if len(batches) != 1:
            raise ValueError(f"{name}: {len(batches)} batches")
        sheets[name] = fastload.Loaded(batches[0], *got)
    return before, sheets, scans, after


def _load_all(path: Path, token: int | None = None) -> tuple:
    """(the file's stat before, {Scores sheet name: its load}, {long part: its scan}, the file's stat
    after); the scans when this process takes the ``token`` (:func:`_scans`)."""
    before = _stat(path)
    found = fastload.modules()
    if found is None or _declared_too_much(path) or stated_far(path):  # (the first process says what it is)
        return before, {}, {}, None
    reader = found[0].read_excel(str(path))
    parts = leadrows.sheet_parts(path)  # (each sheet's rows of text at the top are read apart)
    sheets = {n: fastload.load(path, n, reader, parts.get(n)) for n in reader.sheet_names if is_scores(n)}
    scans = _scans(path) if token is not None and _claim(token) else {}
    return before, sheets, scans, _stat(path)


def _declared_too_much(path: Path) -> bool:
    """Whether the file's parts declare more than a workbook holds (:func:`~coachlog_xl.workbook.zipsizes.oversized`)."""
    with zipfile.ZipFile(path) as zf:
        return zipsizes.oversized(zf.infolist()) is not None


def _scans(path: Path) -> dict[str, tuple[bytes, list[str]]]:
    """{part: (its rows that may hold a formula stored without its value, its merged ranges)} of each
    worksheet part of :data:`LONG_PART` bytes or more (:func:`~coachlog_xl.workbook.unvalued.rows_holding`;
    found by their size, not by their sheet: the first process takes the scan of the part it looks up);
    a part whose rows must be read whole, or that cannot be read, is left to the first process."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if "worksheets/" not in info.filename or info.file_size < LONG_PART:
                continue
            merged: list[str] = []
            try:
                rows = unvalued.rows_holding(zf, info.filename, merged=merged)
            except Exception:  # noqa: BLE001 - a damaged part: the first process scans it and names it
                continue
            if rows is not None:
                out[info.filename] = (rows, merged)
    return out


# the options of the commands that read the Scores (``coachlog refresh`` and ``check``): those taking no
# value, and the one that takes one (see :func:`ahead`)
_FLAGS = {"refresh": {"-q", "--quiet", "--force", "--no-backup", "--no-cache"}, "check": {"--no-cache"}}
_VALUED = "--as-of"
_AHEAD: list[tuple[Prefetch, bool]] = []  # (the second process :func:`ahead` started, its ``cache``)


def ahead(args: list[str]) -> None:
    """:func:`start` from the command line's words (``sys.argv[1:]``), before the command line itself is
    imported: a ``coachlog refresh`` or ``check`` of one workbook, each word one of its options or the
    book, starts the second process here, which :func:`started` then takes up for that book.  click
    and the command line's own modules take about 0.05 s of CPU to import (0.320 s -> 0.274 s at the
    fork), which the second process needs none of: it starts its load that much sooner, and the Scores
    are there that much sooner.  Any
    other command line (another command, ``--help``, a word it does not know, ``--``) starts nothing
    here: the command starts its own, as it would without this."""
    if not args or args[0] not in _FLAGS:
        return
    books, cache, words = [], True, iter(args[1:])
    for word in words:
        if word == _VALUED:
            if next(words, None) is None:
                return
        elif word.startswith(_VALUED + "="):
            continue
        elif word in _FLAGS[args[0]]:
            cache = cache and word != "--no-cache"
        elif word.startswith("-"):
            return
        else:
            books.append(word)
    if len(books) == 1 and (prefetch := start(Path(books[0]), cache)) is not None:
        _AHEAD.append((prefetch, cache))


def dropped() -> None:
    """Stop a second process :func:`ahead` started that no command took up (the command line was
    refused, or the command ended before it read the workbook); the command line calls it as it ends."""
    while _AHEAD:
        _AHEAD.pop()[0].close()


@contextlib.contextmanager
def started(path: Path, cache: bool = False, imports: tuple[str, ...] = MEANWHILE) -> Iterator[Prefetch | None]:
    """:func:`start` for the length of a command (the one :func:`ahead` started for ``path`` and
    ``cache``, when it did); the second process never outlives it."""
    if _AHEAD and _AHEAD[0][0].path == Path(path) and _AHEAD[0][1] == cache:
        prefetch = _AHEAD.pop()[0]
        prefetch.imports = imports
    else:
        dropped()
        prefetch = start(path, cache, imports)
    try:
        yield prefetch
    finally:
        if prefetch is not None:
            prefetch.close()


class ExportRows:
    """A second process reading the rows of a CSV export (:func:`export_rows`)."""

    def __init__(self, path: Path, later: workers.Later):
        self.path = Path(path)
        self._later: workers.Later | None = later

    def take(self) -> list[list] | None:
        """The export's rows as :func:`~coachlog_xl.workbook.csvtext.plain_rows` reads them, or None
        when the caller must read the file itself (the file needs a word to the user, or it is not
        the file the second process read)."""
        if self._later is None:
            return None
        later, self._later = self._later, None
        before, rows, after = later.result()
        return rows if before is not None and before == after == _stat(self.path) else None

    def close(self) -> None:
        """Stop the second process when its rows were not taken; collect it either way."""
        if self._later is not None:
            self._later.close()
            self._later = None
        workers.collect()


@contextlib.contextmanager
def export_rows(path: Path) -> Iterator[ExportRows | None]:
    """For the length of a command, a second process reading a CSV export's rows while the first
    imports pandas and reads the workbook (``coachlog import``): None where none may run, the file is
    not a text export (:data:`~coachlog_xl.suffixes.TEXT_SUFFIXES`), or is small (:data:`LEAST_BYTES`).  The second process never outlives
    the command."""
    path = Path(path)
    rows = None
    if path.suffix.lower() in TEXT_SUFFIXES and workers.available() and path.is_file() \
            and path.stat().st_size >= LEAST_BYTES:

        def read() -> tuple:  # (stat before, the rows or None, stat after)
            was = gc.isenabled()
            gc.disable()  # (a million cells that live until the answer is sent: no cycles to look for)
            try:
                before = _stat(path)
                data = path.read_bytes()
                rows = None if data[:4] == b"PK\x03\x04" else plain_rows(data)  # (a zip: refused by the caller)
                return before, rows, _stat(path)
            except Exception:  # noqa: BLE001 - any failure: the caller reads the file itself
                return None, None, None
            finally:
                if was:
                    gc.enable()

        later = workers.Later(read)
        rows = ExportRows(path, later) if later.ahead else None
    try:
        yield rows
    finally:
        if rows is not None:
            rows.close()
