"""The Scores sheets loaded by a second process while the first one starts.

A ``coachlog refresh`` spends its first half second importing pandas and the rest of the library,
and then most of its reading time in fastexcel loading the Scores sheets, which needs neither.  Where
:func:`coachlog_xl.workers.available` allows a second process, :func:`started` forks one before those
imports: it loads every sheet whose name starts with Scores (:func:`fastload.load`) and sends them
back through a pipe (what fastexcel reported pickled, then each sheet's rows as an Arrow IPC stream,
which neither process copies into one string first), while the first process imports, checks the
file and reads the small sheets.  The first process takes a sheet with :meth:`Prefetch.take` when it
reaches it; it reads the sheet itself (as it would without this module) when the second process
failed, has no such sheet, or the file is not the one the second process read (its size, time or
inode changed).

The command line starts it (not when a refresh cache lies beside the workbook: a warm refresh reads
no Scores); a program calling :mod:`coachlog_xl.api` directly reads as before.  ``coachlog import``
reads a CSV export's rows in a second process the same way (:func:`export_rows`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Iterator
from pathlib import Path

from coachlog_xl import workers
from coachlog_xl.workbook import fastload
from coachlog_xl.workbook.beside import cache_path, is_scores
from coachlog_xl.workbook.csvtext import plain_rows
from coachlog_xl.workbook.extent import stated_far

LEAST_BYTES = 1 << 20  # a smaller file loads in less time than a second process takes to start and send it


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

    def __init__(self, path: Path, pid: int, read_end: int):
        self.path = Path(path)
        self._pid: int | None = pid
        self._reader = os.fdopen(read_end, "rb")
        self._sheets: dict | None = None

    def take(self, sheet: str):
        """The sheet's :class:`fastload.Loaded` (or None: fastexcel could not load it), or
        :data:`fastload.NOT_LOADED` when the caller must load it itself."""
        if self._sheets is None:
            self._sheets = self._receive()
        return self._sheets.pop(sheet, fastload.NOT_LOADED)

    def _receive(self) -> dict:
        if self._pid is None:  # closed before anything was taken
            return {}
        try:
            before, sheets, after = _read_answer(self._reader)
        except Exception:  # noqa: BLE001 - the second process failed or was cut off: read here
            return {}
        finally:
            self._sheets = {}  # answered (or failed): close() reaps without stopping it
            self.close()
        # the file as the second process read it, before and after, and as it is now
        return sheets if before is not None and before == after == _stat(self.path) else {}

    def close(self) -> None:
        """Stop waiting for the second process: reap it when it has sent its answer, else stop it
        (a refresh that needed no Scores, e.g. from the refresh cache, does not wait for the load)."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        if self._sheets is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._reader.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def start(path: Path, cache: bool = False) -> Prefetch | None:
    """A second process loading ``path``'s Scores sheets, or None where none may run, the file is not
    an .xlsx / .xlsm workbook, is small (:data:`LEAST_BYTES`), or (``cache``: the command uses the
    refresh cache) a refresh cache lies beside it: then the Scores are likely not read at all
    (:mod:`coachlog_xl.workbook.cache`)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not workers.available() or not path.is_file():
        return None
    if path.stat().st_size < LEAST_BYTES or (cache and cache_path(path).exists()):
        return None

    def answer(fh) -> None:  # in the second process: the loads, or nothing (the first reads them itself)
        with contextlib.suppress(BaseException):  # any failure: the first process reads the sheets itself
            _write_answer(fh, *_load_all(path))

    forked = workers.fork_writing(answer)
    return None if forked is None else Prefetch(path, *forked)


def _write_answer(fh, before, sheets: dict, after) -> None:
    """The loads, as :func:`_read_answer` reads them: a pickle of the stats and of what each load
    reported (None: fastexcel could not load the sheet), then each loaded sheet's rows."""
    pickle.dump((before, {n: None if s is None else (s.errors, s.texts) for n, s in sheets.items()}, after),
                fh, protocol=pickle.HIGHEST_PROTOCOL)
    pa = fastload.modules()[1] if any(s is not None for s in sheets.values()) else None
    for loaded in sheets.values():
        if loaded is not None:
            with pa.ipc.new_stream(fh, loaded.body.schema) as stream:
                stream.write_batch(loaded.body)


def _read_answer(fh) -> tuple:
    """(stat before, {sheet: its :class:`fastload.Loaded` or None}, stat after), as sent by
    :func:`_write_answer`; raises when the answer is missing or cut off."""
    before, reported, after = pickle.load(fh)
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
    return before, sheets, after


def _load_all(path: Path) -> tuple:
    """(the file's stat before, {Scores sheet name: its load}, the file's stat after)."""
    before = _stat(path)
    found = fastload.modules()
    if found is None or stated_far(path):  # a sheet laid out as a grid would not fit: the first process says so
        return before, {}, None
    reader = found[0].read_excel(str(path))
    sheets = {n: fastload.load(path, n, reader) for n in reader.sheet_names if is_scores(n)}
    return before, sheets, _stat(path)


@contextlib.contextmanager
def started(path: Path, cache: bool = False) -> Iterator[Prefetch | None]:
    """:func:`start` for the length of a command; the second process never outlives it."""
    prefetch = start(path, cache)
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
    not a .csv / .txt / .tsv, or is small (:data:`LEAST_BYTES`).  The second process never outlives
    the command."""
    path = Path(path)
    rows = None
    if path.suffix.lower() in (".csv", ".txt", ".tsv") and workers.available() and path.is_file() \
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
