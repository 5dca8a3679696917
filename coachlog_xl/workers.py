"""A second process for the independent pieces of a refresh, where the machine has a second core.

The Log does not depend on the Scores, nor the sessions' windows on the team's figures; the
comparison group's figures are computed a chunk of sessions at a time, each chunk on its own
(:class:`coachlog_xl.core.panel.Chunks`); the Aggregate does not depend on the Log checks; the
computed sheets are written, and the parts of a saved file checked, one by one.  :func:`map_halves`
hands every other piece to a forked copy of the process, which has all the refresh's data already
(nothing is sent but the results), and takes the results back in order; :class:`Later` has one result
computed so while this process goes on (an import's preview while its rows are written).  The results are the same
floats as one process gives: a piece's arithmetic does not depend on where it runs.

Only on Linux (where ``fork`` is the safe default), with two or more cores free to the process, no
other Python thread running (as in the command line; a server handling requests on threads computes in
one process), and not when ``COACHLOG_WORKERS=1``: anywhere else (Windows, macOS, Pyodide / xlwings
Lite) the chunks run one after another, as they would without this module.  When the second process
fails for any reason, its chunks are computed in this one, so an error shows as it would have.  A
second process that has sent its answer is left to end on its own and collected later: by the next
:func:`map_halves`, or at the end of the command (:func:`command`, which also pauses Python's cycle
collector for the command's work); in a process that ends with its command (the command line's:
:func:`ends_with_command`), by the end of that process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_OK, _FAILED = "ok", "failed"


def available() -> bool:
    """Whether a second process may take half of the chunks here: Linux, two cores free to the process,
    and no other Python thread running (a server's threads may hold a lock the copy would wait on)."""
    if os.environ.get("COACHLOG_WORKERS", "").strip() == "1":
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) >= 2


def map_halves(fn: Callable[[T], R], items: Sequence[T], weights: Sequence[float] | None = None,
               least: float = 0) -> list[R]:
    """``[fn(x) for x in items]``, the odd-numbered items computed in a forked process meanwhile;
    with ``weights`` (each item's expected cost), the items are dealt so both sides take about as long
    (:func:`deal`), and all are computed here when they add up to less than ``least`` (a second
    process takes a few hundredths of a second to start and fill, which small work does not repay)."""
    items = list(items)
    if len(items) < 2 or not available() or (weights is not None and sum(weights) < least):
        return [fn(x) for x in items]
    second = deal(weights) if weights is not None else [i % 2 == 1 for i in range(len(items))]
    theirs = [x for x, away in zip(items, second) if away]

    def answer() -> bytes:  # in the second process: its half, or word that it failed
        try:
            return pickle.dumps((_OK, [fn(x) for x in theirs]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - any failure: the parent computes these chunks itself
            return pickle.dumps((_FAILED, None))

    spare = _spare()
    forked = fork_sending(answer, then=None if spare is None else spare.task)
    if forked is None:
        if spare is not None:
            spare.taken = False
        return [fn(x) for x in items]
    pid, read_end = forked
    if spare is not None:
        _SPARE_TAKERS.append(pid)
    reader = os.fdopen(read_end, "rb")
    try:
        mine = [fn(x) for x, away in zip(items, second) if not away]
        data = reader.read()
    except BaseException:  # its half is of no use now: stopped and collected before the error goes up
        reader.close()
        _stop_now(pid)
        raise
    reader.close()
    _reap(pid)
    try:
        status, got = pickle.loads(data)
    except Exception:  # noqa: BLE001 - an empty or cut-off answer
        status, got = _FAILED, None
    if status != _OK or len(got) != len(theirs):
        got = [fn(x) for x in theirs]
    ours, away = iter(mine), iter(got)
    return [next(away) if far else next(ours) for far in second]


class Spare:
    """``task()`` done by the first second process :func:`map_halves` forks while this is offered (a
    ``with`` block) and ``ready()`` holds, once that process has sent its share: its core would idle
    while this process ends its own share; or by a process of its own that :func:`spare_now` forks.  A
    refresh of 300,000 score rows or more has the refresh cache (0.3-0.5 s at a million) written so as
    soon as its Scores are normalised, while this process counts the calls and sorts them into runs with
    the other core idle (the windows' second process, which took it before, sent the team's figures
    before this one was done with the windows, but the cache then ran on beside the comparison group's
    chunks: three processes on two cores).  A refresh offers it through its save too, whose first
    second process takes it where the compute forked none.  ``taken``: whether a second process took it; else the caller
    does it itself.  A second process that fails meanwhile leaves it undone (the refresh cache is not written: the next
    refresh reads the Scores).  The process outlives the block: :func:`ended` waits for it (or stops it and
    removes what it left half-written) where the task must be done before the caller goes on."""

    def __init__(self, task: Callable[[], object] | None, ready: Callable[[], bool]):
        self.task, self.ready, self.taken = task, ready, False

    def __enter__(self) -> Spare:
        if self.task is not None:
            _SPARE.append(self)
        return self

    def __exit__(self, *_exc) -> None:
        with contextlib.suppress(ValueError):  # (taken, or never offered)
            _SPARE.remove(self)


_SPARE: list[Spare] = []  # the spare tasks offered (:class:`Spare`)


def spare_now() -> None:
    """The spare task offered (:class:`Spare`) taken now by a second process of its own, where one may run
    and the task is ready: a refresh of a million score rows calls this once its Scores are normalised, so
    that the refresh cache is written while this process counts the calls and sorts them into runs (about
    0.5 s with the other core idle), not beside the comparison group's chunks, where three processes shared
    two cores.  Nothing is sent back; :func:`ended` waits for the task as for any spare task's."""
    if not available() or (spare := _spare()) is None:
        return
    forked = fork_writing(lambda _pipe: None, then=spare.task)
    if forked is None:
        spare.taken = False
        return
    pid, read_end = forked
    os.close(read_end)  # (the pipe closes empty: the task follows)
    _SPARE_TAKERS.append(pid)
    _LEAVING.append(pid)


def _spare() -> Spare | None:
    """The spare task a second process forked now is to do, marked taken; None for none ready."""
    for spare in _SPARE:
        if spare.ready():
            _SPARE.remove(spare)
            spare.taken = True
            return spare
    return None


@contextlib.contextmanager
def command() -> Iterator[None]:
    """The process set up for one command's work: Python's cycle collector paused (as it was after
    the block), and the second processes :func:`map_halves` left ending collected at its end.

    A refresh makes millions of objects (a dict per session, a string per call id) that live until
    it ends, and almost no reference cycles: the collector's passes over them found nothing to free
    and took 0.8 s of an 11 s refresh of a million score rows, with the same peak memory without them.
    What cycles there are go at the next collection after the block."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not _ENDS_WITH_COMMAND:
            collect()
            if was:
                gc.enable()


_ENDS_WITH_COMMAND: list = []  # (:func:`ends_with_command`: what the commands left for the process's end to free)


def ends_with_command() -> None:
    """This process ends as soon as its command is done, freeing nothing (the command line's ``os._exit``):
    :func:`command` then neither resumes the cycle collector (its first pass walks every object the
    command made) nor waits for second processes still ending, :func:`ended` waits for a spare task to
    be done, not for its process's exit, and :func:`left` keeps what a command is done with (docs/speed.md)."""
    _ENDS_WITH_COMMAND.append(None)


def left(*done_with: object) -> None:
    """Keep ``done_with`` to the end of a process that ends with its command; elsewhere they are freed as usual."""
    if _ENDS_WITH_COMMAND:
        _ENDS_WITH_COMMAND.extend(done_with)


# below these a refresh's pieces are computed in one process: score rows read, cells written, bytes checked
SCORE_ROWS = 40_000
CELLS = 150_000
PART_BYTES = 16 << 20
# score rows from which the refresh cache is kept by a second process of its own as soon as the Scores are
# normalised (:func:`spare_now`): where the windows fork a second process too (300,000 calls), the one that kept it
SPARE_ROWS = 300_000


def for_rows(rows: int) -> Callable:
    """The mapper for a refresh of ``rows`` score rows: :func:`map_halves`, or the built-in ``map``
    below :data:`SCORE_ROWS`."""
    return map_halves if rows >= SCORE_ROWS else map


class Later:
    """``fn()`` computed by a forked process while this one goes on (``ahead``: where :func:`available`
    and ``fork`` is true), taken with :meth:`result`; computed here, when asked for, where no second
    process runs or it failed.  :meth:`close` stops a second process whose result is not wanted (a
    ``with`` block does)."""

    def __init__(self, fn: Callable[[], R], fork: bool = True):
        self._fn = fn

        def answer() -> bytes:  # in the second process: the result, or word that it failed
            try:
                return pickle.dumps((_OK, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - any failure: the first process computes it itself
                return pickle.dumps((_FAILED, None))

        self._forked = fork_sending(answer) if fork and available() else None
        self.ahead = self._forked is not None

    def result(self) -> R:
        if self._forked is None:
            return self._fn()
        (pid, read_end), self._forked = self._forked, None
        try:
            with os.fdopen(read_end, "rb") as reader:
                data = reader.read()
        except BaseException:  # (an interruption) its result is of no use now: stopped and collected
            _stop_now(pid)
            raise
        _reap(pid)
        try:
            status, got = pickle.loads(data)
        except Exception:  # noqa: BLE001 - an empty or cut-off answer
            status, got = _FAILED, None
        return got if status == _OK else self._fn()

    def close(self) -> None:
        if self._forked is not None:
            (pid, read_end), self._forked = self._forked, None
            os.close(read_end)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            _LEAVING.append(pid)

    def __enter__(self) -> Later:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


_LEAVING: list[int] = []  # second processes that sent everything and are still ending (or doing a spare task)

_SPARE_TAKERS: list[int] = []  # the second processes that took a spare task (:class:`Spare`)
_SIGNALLED: list[int] = []  # those of them collected, since :func:`ended` began, that a signal ended
ENDED_WAIT_SECONDS = 30.0


@contextlib.contextmanager
def ended(leaves: Callable[[int], Iterable[Path]] | None = None, wait: float | None = None) -> Iterator[None]:
    """Every second process this one started has ended when the block is left, so that what a spare
    task writes (:class:`Spare`: the refresh cache) is written while the caller still holds what covers
    it (a refresh: the workbook's write lock), not beside the next command's own.  Left normally or by
    an error, the block waits for them up to ``wait`` seconds (the spare task normally ends well
    before the save, so nothing is waited for; where the process ends with its command, only for the
    spare task to be done: :func:`ends_with_command`); left by an interruption (Ctrl-C, the end of the
    session, also one during that wait), or when the wait runs out, those still running are stopped
    (SIGKILL, which they cannot clean up on).  ``leaves(pid)`` names the files the process ``pid`` may
    have left part-written as it did the spare task (each writer's are its own:
    :func:`~coachlog_xl.workbook.beside.writing_path`); they are removed only when the process that
    took the spare task was stopped so, or ended by a signal of its own (SIGTERM, SIGHUP).  A second
    process that ends of itself removes its own (a file written beside the workbook is removed on any
    exception: :func:`~coachlog_xl.workbook.done.write_beside`), and those of another command (a
    ``coachlog check`` holds no lock) or of another process are never touched."""
    wait = ENDED_WAIT_SECONDS if wait is None else wait
    _SIGNALLED.clear()
    try:
        yield
    except Exception:
        _end(wait, leaves)
        raise
    except BaseException:
        _end(0, leaves)
        raise
    _end(wait, leaves)


def _end(wait: float, leaves: Callable[[int], Iterable[Path]] | None) -> None:
    """:func:`ended`'s end: wait up to ``wait`` seconds for every second process still running, stop
    those left and remove what ``leaves`` names of each one that took the spare task and was stopped or
    ended by a signal.  Interrupted while it waits, it stops them at once, then lets the interruption go on."""
    deadline = time.monotonic() + wait
    try:
        while _waited() and time.monotonic() < deadline:
            _reap(None)
            if waited := _waited():  # (the pipes of those saying their task is done wake this at once)
                said = [_TASK_DONE[child] for child in waited if child in _TASK_DONE]
                select.select(said, [], [], max(0.0, deadline - time.monotonic()) if len(said) == len(waited) else 0.01)
    except BaseException:
        _end(0, leaves)
        raise
    for child in _waited():
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
    collect(_waited())
    while _SIGNALLED:
        child = _SIGNALLED.pop()
        for path in leaves(child) if leaves is not None else ():
            with contextlib.suppress(OSError):
                os.unlink(path)


def _stop_now(pid: int) -> None:
    """Stop the second process ``pid`` (SIGKILL) and collect it, and it alone: another still running (the
    spare task's, which may take seconds) is left to :func:`ended`, which stops it at once on an interruption."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _LEAVING.append(pid)
    collect([pid])


def _reap(pid: int | None) -> None:
    """Collect a second process that has sent its answer (None: only those before), without waiting the
    hundredths of a second a process holding a copy of a large refresh takes to end: one still ending
    is collected by a later call (and by the end of this process)."""
    if pid is not None:
        _LEAVING.append(pid)
    for child in list(_LEAVING):
        try:
            done, status = os.waitpid(child, os.WNOHANG)
        except ChildProcessError:  # collected already
            done, status = child, 0
        if done:
            _LEAVING.remove(child)
            _note_signal(child, status)


def collect(children: list[int] | None = None) -> None:
    """Wait for every second process still ending (see :func:`_reap`), or for those of ``children``."""
    for child in list(_LEAVING if children is None else children):
        _LEAVING.remove(child)
        with contextlib.suppress(ChildProcessError):  # collected already
            _note_signal(child, os.waitpid(child, 0)[1])


def _waited() -> list[int]:
    """The second processes :func:`_end` waits for: every one still ending, or, where the process ends with
    its command (:func:`ends_with_command`), the spare task's taker until it says its task is done."""
    if not _ENDS_WITH_COMMAND:
        return list(_LEAVING)
    return [child for child in _LEAVING if child in _SPARE_TAKERS and not _task_done(child)]


_TASK_DONE: dict[int, int] = {}  # {a spare task's taker: the pipe through which it says the task is done}


def _task_done(child: int) -> bool:
    """Whether the spare task's taker ``child`` said its task is done (only its exit is left); False while
    it works, and when it ended without saying so (its status says why)."""
    said = _TASK_DONE.get(child)
    if said is None or not select.select([said], [], [], 0)[0]:
        return False
    done = os.read(said, 1) == b"1"
    os.close(said)
    del _TASK_DONE[child]
    if done:
        _SPARE_TAKERS.remove(child)
    return done


def _note_signal(child: int, status: int) -> None:
    """Keep in mind that a second process that took a spare task ended by a signal (:func:`ended` then
    removes what it may have left half-written)."""
    if child in _SPARE_TAKERS:
        _SPARE_TAKERS.remove(child)
        if os.WIFSIGNALED(status):
            _SIGNALLED.append(child)


def fork_sending(payload: Callable[[], bytes], then: Callable[[], object] | None = None) -> tuple[int, int] | None:
    """A forked process that sends ``payload()`` through a pipe and leaves without any cleanup: (its
    pid, the pipe's read end), or None when no process can be forked.  ``payload`` gives the bytes to
    send whatever happens (its own word for a failure); ``then()``, when given, is done once the pipe
    is closed (the answer read whole meanwhile), before the process leaves."""
    return fork_writing(lambda fh: fh.write(payload()), then)


def fork_writing(write: Callable[[BinaryIO], object],
                 then: Callable[[], object] | None = None) -> tuple[int, int] | None:
    """:func:`fork_sending` for a process that writes its answer to the pipe as it goes: ``write(fh)``,
    ``fh`` the pipe's write end as a binary file."""
    read_end, write_end = os.pipe()
    # (where the process ends with its command, ``then()`` is said done through a pipe of its own: see _end)
    said, says = os.pipe() if then is not None and _ENDS_WITH_COMMAND else (None, None)
    try:
        pid = os.fork()
    except OSError:
        for fd in (read_end, write_end, said, says):
            if fd is not None:
                os.close(fd)
        return None
    if pid == 0:  # the second process
        code = 0
        try:
            for name in ("SIGTERM", "SIGHUP"):  # the end of the session ends it quietly: the first says so
                if hasattr(signal, name):
                    signal.signal(getattr(signal, name), signal.SIG_DFL)
            os.close(read_end)
            if said is not None:
                os.close(said)
            _SPARE.clear()  # (a spare task is done by one process: this one's own second processes take none)
            with os.fdopen(write_end, "wb") as fh:
                write(fh)
            if then is not None:
                then()
                if says is not None:
                    os.write(says, b"1")
        except BaseException:  # noqa: BLE001 - e.g. the first process stopped reading
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    if says is not None:
        os.close(says)
        _TASK_DONE[pid] = said
    return pid, read_end


def deal(weights: Sequence[float]) -> list[bool]:
    """Which items go to the second process: the heaviest first, each to the side with less so far
    (ties to this one)."""
    second = [False] * len(weights)
    loads = [0.0, 0.0]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        side = 0 if loads[0] <= loads[1] else 1
        second[i] = side == 1
        loads[side] += weights[i]
    return second

