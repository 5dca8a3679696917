"""The Scores sheets loaded by a second process while the first one starts.

A ``coachlog refresh`` spends its first half second importing pandas and the rest of the library,
and then most of its reading time in fastexcel loading the Scores sheets, which needs neither.  Where
:func:`coachlog_xl.workers.available` allows a second process, :func:`started` forks one before those
imports: it loads every sheet whose name starts with Scores (:func:`fastload.load`) and sends them
back through a pipe (what fastexcel reported pickled, then each sheet's rows as an Arrow IPC stream,
which neither process copies into one string first), while the first process imports, checks the
file and reads the small sheets.  Each process imports fastexcel and pyarrow after the fork, as it
needs them: the second one without numpy (:func:`_without_numpy`), which pyarrow imports where it can and
which is half of its import's time, the first one with pandas.  Imported once before the fork with numpy, they
were on both processes' paths to the Scores (docs/speed.md).  The long sheets' XML must also be looked through for
formulas stored without their values (:func:`~coachlog_xl.workbook.unvalued.rows_holding`, 60 ms at 100,000 rows):
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

A long Scores sheet (:data:`~coachlog_xl.workbook.halves.LEAST_BYTES` of XML, about 350,000 rows) is
cut in two at a row as the second process unzips it (:mod:`~coachlog_xl.workbook.halves`): its first
message says where the rows above the cut were written, which the first process loads when it reaches
the Scores (before it imports the save's modules), while the second loads the rows below; the two loads are joined
where they are the whole sheet's load, else the sheet is loaded whole.  At a million rows a core was
otherwise idle for most of the load.

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
from coachlog_xl.suffixes import TEXT_SUFFIXES, WORKBOOK_SUFFIXES
from coachlog_xl.workbook import fastload, halves, leadrows, unvalued, zipsizes
from coachlog_xl.workbook.beside import cache_path, is_scores
from coachlog_xl.workbook.csvtext import PlainRows, plain_rows
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

    def __init__(self, path: Path, pid: int, read_end: int, token: int, imports: tuple[str, ...] = MEANWHILE,
                 folder: str | None = None):
        self.path = Path(path)
        self.imports = imports  # (:meth:`meanwhile`)
        self._pid: int | None = pid
        self._reader = os.fdopen(read_end, "rb")
        self._token: int | None = token
        self._sheets: dict | None = None
        self._scans: dict | None = None
        self._firsts: dict | None = None  # {sheet: the first part's load} (:mod:`halves`)
        self._folder = folder  # where the second process writes a sheet's parts
        self.joined: set[str] = set()  # the sheets loaded in two parts and joined

    def take(self, sheet: str):
        """The sheet's :class:`fastload.Loaded` (or None: fastexcel could not load it), or
        :data:`fastload.NOT_LOADED` when the caller must load it itself."""
        if self._sheets is None:
            self._first_parts()
            self._receive()
        return self._sheets.pop(sheet, fastload.NOT_LOADED)

    def scanned(self, part: str) -> tuple[bytes, list[str]] | None:
        """What :func:`~coachlog_xl.workbook.unvalued.rows_holding` gives for a long sheet's part (its
        rows that may hold a formula stored without its value, b"" for none; its merged ranges), when
        the second process scanned it; None when the caller must scan it: the caller takes the token
        first (the second process is still loading; it will not scan), or the part is not one it scanned."""
        if self._scans is None:
            self._first_parts()
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

    def _first_parts(self) -> None:
        """Load the first part of each sheet the second process cut in two (:mod:`halves`), as soon as
        it says where it wrote it, the second process loading the other part meanwhile."""
        if self._firsts is not None or self._pid is None:
            return
        self._firsts = {}
        try:
            announced = pickle.load(self._reader)
        except Exception:  # noqa: BLE001 - the second process failed: :meth:`_receive` finds out
            return
        for sheet, first in announced.items():
            loaded = halves.plain(first, sheet)
            if loaded is not None:
                loaded.body = _encoded(loaded.body, fastload.modules()[1])
            self._firsts[sheet] = loaded
            with contextlib.suppress(OSError):
                os.remove(first)

    def _receive(self) -> None:
        sheets, scans = {}, {}
        if self._pid is not None:  # (else closed before anything was taken)
            self.meanwhile()
            try:
                before, got, found, after, halved = _read_answer(self._reader)
                # the file as the second process read it, before and after, and as it is now
                if before is not None and before == after == _stat(self.path):
                    sheets, scans = got, found
                for sheet, last in halved.items():  # (each part let go once joined)
                    whole = halves.joined(self._firsts.pop(sheet, None), sheets.pop(sheet, None), last,
                                          fastload.modules()[1])
                    if whole is not None:
                        sheets[sheet] = whole
                        self.joined.add(sheet)
            except Exception:  # noqa: BLE001 - the second process failed or was cut off: read here
                pass
        self._firsts = {}  # (a first part whose second the second process did not send: let go too)
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
        if self._pid is not None:
            pid, self._pid = self._pid, None
            if self._sheets is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self._reader.close()
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        halves.removed(self._folder)  # (once the second process is gone: it writes there)
        self._folder = None


def start(path: Path, cache: bool = False, imports: tuple[str, ...] = MEANWHILE) -> Prefetch | None:
    """A second process loading ``path``'s Scores sheets, or None where none may run, the file is not
    an .xlsx / .xlsm workbook, is small (:data:`LEAST_BYTES`), or (``cache``: the command uses the
    refresh cache) a refresh cache lies beside it: then the Scores are likely not read at all
    (:mod:`coachlog_xl.workbook.cache`).  ``imports``: the modules imported while the answer is awaited
    (:meth:`Prefetch.meanwhile`): the save's for a refresh, none for a command that writes nothing."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES or not workers.available() or not path.is_file():
        return None
    if path.stat().st_size < LEAST_BYTES or (cache and cache_path(path).exists()):
        return None

    token = _token()
    folder = halves.folder()

    def answer(fh) -> None:  # in the second process: the loads, or nothing (the first reads them itself)
        with contextlib.suppress(BaseException):  # any failure: the first process reads the sheets itself
            _without_numpy()
            _write_answer(fh, *_load_all(path, token, _Announce(fh), folder))

    forked = workers.fork_writing(answer)
    if forked is None:
        os.close(token)
        halves.removed(folder)
        return None
    return Prefetch(path, *forked, token, imports, folder)


def _without_numpy() -> None:
    """In the second process, before it imports pyarrow: numpy is not imported (an import of it raises
    ImportError), where it is not imported already.  pyarrow imports numpy when it can, which is half of
    its import's time, but needs none (since pyarrow 18, the least version the package asks for) for what
    this process does with it: fastexcel's load, the text columns' encoding and the Arrow stream sent, the
    same bytes with numpy or without."""
    if "numpy" not in sys.modules:
        sys.modules["numpy"] = None


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


class _Announce:
    """In the second process: tells the first where the first part of a sheet cut in two is
    (:meth:`Prefetch._first_parts`), or that there is none; the answer's first message, sent once."""

    def __init__(self, fh):
        self._fh = fh
        self.sent = False

    def __call__(self, firsts: dict[str, str]) -> None:
        if not self.sent:
            pickle.dump(firsts, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
            self._fh.flush()
            self.sent = True


def _write_answer(fh, before, sheets: dict, scans: dict, after, halved: dict[str, int]) -> None:
    """The loads, as :func:`_read_answer` reads them: a pickle of the stats, of what each load
    reported (None: fastexcel could not load the sheet), of the scans and of the sheets sent as their
    second part ({sheet: the last row of the first part}), then each loaded sheet's rows."""
    pickle.dump((before, {n: None if s is None else (s.errors, s.texts, s.lead, s.part)
                                    for n, s in sheets.items()}, scans, after, halved),
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
    """(stat before, {sheet: its :class:`fastload.Loaded` or None}, {part: its scan}, stat after, {sheet
    sent as its second part: the first part's last row}), as sent by :func:`_write_answer`; raises when
    the answer is missing or cut off."""
    before, reported, scans, after, halved = pickle.load(fh)
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
    return before, sheets, scans, after, halved


def _load_all(path: Path, token: int | None = None, announce=lambda firsts: None, folder: str | None = None) -> tuple:
    """(the file's stat before, {Scores sheet name: its load}, {long part: its scan}, the file's stat
    after, {sheet sent as its second part: the first part's last row}); the scans when this process
    takes the ``token`` (:func:`_scans`).  A long sheet is cut in two (:func:`halves.first_cut`) in ``folder``,
    ``announce`` telling the first process where the first part is, or ({}) that none is.  The cut unzips
    the whole sheet, which is scanned on the way (:class:`unvalued.Rows`): this process then takes the
    token at once, before its part's load, where it would unzip the sheet again after it (0.5-0.9 s at
    a million rows, while the first process waits for that part anyway)."""
    before = _stat(path)
    found = fastload.modules()
    if found is None or _declared_too_much(path) or stated_far(path):  # (the first process says what it is)
        announce({})
        return before, {}, {}, None, {}
    reader = found[0].read_excel(str(path))
    parts = leadrows.sheet_parts(path)  # (each sheet's rows of text at the top are read apart)
    names = [n for n in reader.sheet_names if is_scores(n)]
    fed: dict[str, unvalued.Rows] = {}  # {part: its scan as the cut unzipped it}

    def seen(part: str):
        fed[part] = unvalued.Rows()
        return fed[part].feed

    sheet, cut = halves.first_cut(path, names, parts, announce, folder, seen) if folder is not None else (None, None)
    announce({})
    mine = cut is not None and token is not None and _claim(token)  # (the scans: this process's, or the first's)
    sheets, halved = {}, {}
    for n in names:
        if n == sheet:
            second = halves.plain(cut.second, n)
            halves.removed(cut.second)
            if second is not None:
                sheets[n], halved[n] = second, cut.last
                continue
        sheets[n] = fastload.load(path, n, reader, parts.get(n))
    if mine:
        scans = _scans(path, {parts[sheet]: fed[parts[sheet]]})
    else:
        scans = _scans(path, {}) if cut is None and token is not None and _claim(token) else {}
    return before, sheets, scans, _stat(path), halved


def _declared_too_much(path: Path) -> bool:
    """Whether the file's parts declare more than a workbook holds
    (:func:`~coachlog_xl.workbook.zipsizes.oversized`)."""
    with zipfile.ZipFile(path) as zf:
        return zipsizes.oversized(zf.infolist()) is not None


def _scans(path: Path, fed: dict[str, unvalued.Rows]) -> dict[str, tuple[bytes, list[str]]]:
    """{part: (its rows that may hold a formula stored without its value, its merged ranges)} of each
    worksheet part of :data:`LONG_PART` bytes or more (:func:`~coachlog_xl.workbook.unvalued.rows_holding`;
    found by their size, not by their sheet: the first process takes the scan of the part it looks up);
    a part whose rows must be read whole, or that cannot be read, is left to the first process.  ``fed``:
    the scans made as the parts were unzipped for another use, each taken when it was fed the bytes the
    part declares."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if "worksheets/" not in info.filename or info.file_size < LONG_PART:
                continue
            merged: list[str] = []
            if info.filename in fed and fed[info.filename].size == info.file_size:
                rows = fed[info.filename].end(merged)
            else:
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

    def take(self) -> PlainRows | None:
        """The export's rows, separator and encodings as :func:`~coachlog_xl.workbook.csvtext.plain_rows` reads them,
        or None when the caller must read the file itself (the file needs a word to the user, or it is not
        the file the second process read)."""
        if self._later is None:
            return None
        later, self._later = self._later, None
        before, read, after = later.result()
        return read if before is not None and before == after == _stat(self.path) else None

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
    not a text export (:data:`~coachlog_xl.suffixes.TEXT_SUFFIXES`), or is small (:data:`LEAST_BYTES`).  The second
    process never outlives the command."""
    path = Path(path)
    rows = None
    if path.suffix.lower() in TEXT_SUFFIXES and workers.available() and path.is_file() \
            and path.stat().st_size >= LEAST_BYTES:

        def read() -> tuple:  # (stat before, the rows and separator or None, stat after)
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
