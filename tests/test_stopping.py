"""Ctrl-C and the end of the session during a refresh: never lost where a library drops the interruption,
and never waiting for the refresh cache's writer; the workbook is left exactly as it was."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from coachlog_xl import stopping, workers
from coachlog_xl.core import evidence
from coachlog_xl.workbook import cache, reader
from coachlog_xl.workbook.beside import cache_path, done_path
from tests.demo_kit import demo_copy
from tests.test_cli import run

SLOW = 6.0  # seconds the slowed refresh cache's writer takes; a stop that waits for it is seen, not timed


@pytest.fixture
def book(tmp_path, tmp_path_factory):
    """The demo workbook with nothing beside it: a refresh reads its Scores and keeps the refresh cache."""
    path = demo_copy(tmp_path / "team.xlsx", tmp_path_factory)
    for beside in (cache_path(path), done_path(path)):
        beside.unlink(missing_ok=True)
    return path


def _as_it_was(path):
    """The workbook's bytes and modification time, and the files in its folder."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _dropped(signum: int) -> None:
    """The signal's handler run where a library drops what it raises: a callback fastexcel makes, a fork's hook."""
    try:
        signal.getsignal(signum)(signum, None)
    except (KeyboardInterrupt, SystemExit):  # (dropped, as the Rust extension's caller drops it)
        pass


class _DroppedBySignal:
    """Ctrl-C that lands where Python drops what is raised (it says "Exception ignored"): as the object is freed."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)


@pytest.fixture
def ctrl_c():
    """Ctrl-C as a terminal gives it (a test run started in the background begins with it ignored)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def _forking(monkeypatch) -> None:
    """The demo's refresh computing the sessions' windows beside a second process, as at 300,000 calls."""
    monkeypatch.setattr(workers, "available", lambda: True)  # (a second process however many cores)
    monkeypatch.setattr(workers, "SCORE_ROWS", 0)
    monkeypatch.setattr(evidence, "BESIDE_RUNS", 0)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_dropped_while_the_scores_load_still_stops_the_refresh_before_it_writes(book, monkeypatch, ctrl_c,
                                                                                       signum):
    # the review's refresh at 2.5-3.0 s: Ctrl-C landed in fastexcel's call to logging.getLogger while
    # the Scores loaded, which dropped the KeyboardInterrupt, and the refresh went on and saved
    real = reader.score_tables

    def load(*args, **kwargs):
        loaded = real(*args, **kwargs)
        _dropped(signum)
        return loaded

    monkeypatch.setattr(reader, "score_tables", load)
    before = _as_it_was(book)
    result = run("refresh", book, "--as-of", "2026-07-31")
    assert result.exit_code == 128 + signum and "Interrupted" in result.output
    assert "Traceback" not in result.output and "Refreshed" not in result.output
    assert _as_it_was(book) == before  # no save, no backup, no refresh cache, no record of a refresh
    assert stopping.asked() is None  # (forgotten with the command)


def test_a_stop_a_library_turns_into_an_error_of_its_own_is_said_as_the_interruption(book, monkeypatch, ctrl_c):
    # fastexcel, with the first process loading the Scores alone (COACHLOG_WORKERS=1): Ctrl-C in its call
    # to logging.getLogger came back as "SystemError: <method 'load_sheet'> returned a result with an
    # exception set", a traceback and exit status 1
    real = reader.score_tables

    def load(*args, **kwargs):
        real(*args, **kwargs)
        try:
            signal.getsignal(signal.SIGINT)(signal.SIGINT, None)
        except KeyboardInterrupt as exc:
            raise SystemError("<method 'load_sheet'> returned a result with an exception set") from exc

    monkeypatch.setattr(reader, "score_tables", load)
    before = _as_it_was(book)
    result = run("refresh", book, "--as-of", "2026-07-31")
    assert result.exit_code == 130 and "Interrupted" in result.output, result.exception
    assert _as_it_was(book) == before


def test_a_stop_dropped_in_a_forks_hook_still_stops_the_refresh_before_it_writes(book, monkeypatch, ctrl_c, capfd):
    # the review's other refresh: Ctrl-C landed in logging's after-fork hook as the compute forked its
    # second process ("Exception ignored in _releaseLock"), and the refresh saved
    _forking(monkeypatch)
    real, forked = os.fork, []

    def fork():
        pid = real()
        if pid:
            forked.append(pid)
            if len(forked) == 1:
                _DroppedBySignal()  # (freed at once: Python drops what its __del__ raises, as a fork's hooks')
        return pid

    monkeypatch.setattr(os, "fork", fork)
    before = _as_it_was(book)
    result = run("refresh", book, "--as-of", "2026-07-31")
    assert forked  # (the compute forked)
    assert result.exit_code == 130 and "Interrupted" in result.output
    assert "Traceback" not in result.output + capfd.readouterr().err
    kept = cache_path(book)
    # the second process forked before the stop was asked keeps the refresh cache of the Scores as read
    # when it gets to its end before the stop ends it: then the cache is whole, of the workbook as it is
    if kept.exists():
        assert cache.load(book, cache.key(book)) is not None
        kept.unlink()
    assert _as_it_was(book) == before  # no save, no backup, no record of a refresh, nothing half-written
    for pid in forked:  # every second process ended and collected
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _slow_store(ended: list[str]):
    """cache.store taking :data:`SLOW` seconds more in the second process that keeps the refresh cache,
    which notes in ``ended`` (a file) that it got to the end."""
    real = cache.store

    def store(*args, **kwargs):
        time.sleep(SLOW)
        stored = real(*args, **kwargs)
        with open(ended[0], "a") as fh:
            fh.write("stored\n")
        return stored

    return store


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_during_the_compute_does_not_wait_for_the_refresh_caches_writer(book, tmp_path_factory, monkeypatch,
                                                                                ctrl_c, signum):
    # the review's Ctrl-C to the first process alone while the refresh cache's writer (forked as soon as
    # the Scores were normalised) was slowed to 20 s: the error path of the compute's second process
    # waited for every process still running, the writer too, and the command ended 20 s later
    _forking(monkeypatch)
    monkeypatch.setattr(workers, "SPARE_ROWS", 0)  # (the writer forked as soon as the Scores are normalised)
    ended = [str(tmp_path_factory.mktemp("writer") / "ended")]
    monkeypatch.setattr(cache, "store", _slow_store(ended))
    real, parent, sent = workers.map_halves, os.getpid(), []

    def map_halves(fn, items, *args, **kwargs):
        def signalled(x):  # the signal comes in this process's half of the compute's first mapped work
            if os.getpid() == parent and not sent:
                sent.append(list(workers._SPARE_TAKERS))  # (the refresh cache's writer, running)
                os.kill(parent, signum)
            return fn(x)

        return real(signalled, items, *args, **kwargs)

    monkeypatch.setattr(workers, "map_halves", map_halves)
    before = _as_it_was(book)
    result = run("refresh", book, "--as-of", "2026-07-31")
    assert sent and sent[0] and result.exit_code == 128 + signum and "Interrupted" in result.output
    assert "Traceback" not in result.output
    assert not os.path.exists(ended[0])  # stopped before the writer's end, which it did not wait for
    assert _as_it_was(book) == before  # no half-written cache left beside it
    assert workers._LEAVING == [] and workers._SPARE_TAKERS == []  # every second process collected


def test_python_says_nothing_of_the_stop_it_drops_the_command_says_it(monkeypatch, ctrl_c):
    # "Exception ignored in _releaseLock" and its traceback before the command's own words: left unsaid
    said = []
    monkeypatch.setattr(sys, "unraisablehook", said.append)
    with stopping.handled():
        _DroppedBySignal()
        assert stopping.asked() == signal.SIGINT
        with pytest.raises(KeyboardInterrupt):
            stopping.check()
        _RaisesOtherwise()  # (what Python drops otherwise is said as before)
    assert [type(u.exc_value) for u in said] == [ValueError]
    assert stopping.asked() is None and sys.unraisablehook == said.append  # (as they were)


class _RaisesOtherwise:
    def __del__(self):
        raise ValueError("a bug, said")


def test_a_handler_python_did_not_set_is_left_as_it_is(monkeypatch):
    # a program embedding Python (its own C handler for SIGINT) makes signal.getsignal give None for it, which
    # signal.signal cannot take back: such a signal is neither taken over nor "restored" (which raised TypeError)
    taken: list[tuple[int, object]] = []
    real_getsignal, real_signal = signal.getsignal, signal.signal
    monkeypatch.setattr(signal, "getsignal", lambda s: None if s == signal.SIGINT else real_getsignal(s))
    monkeypatch.setattr(signal, "signal", lambda s, h: taken.append((s, h)) or real_signal(s, h))
    with stopping.handled():
        pass
    assert signal.SIGINT not in [s for s, _ in taken]
    assert (signal.SIGTERM, stopping.on_signal) in taken  # (the others are handled and set back)
    assert real_getsignal(signal.SIGTERM) is not stopping.on_signal
