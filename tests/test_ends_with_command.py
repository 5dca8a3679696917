"""A process that ends with its command (the command line's): nothing freed, collected or waited for that
its end does anyway, and a spare task's file still written before the command's block is left."""

from __future__ import annotations

import gc
import os
import time
import weakref
from functools import partial

import pytest

from coachlog_xl import workers
from coachlog_xl.workbook.beside import writing_path, writings

CACHE = ".team.xlsx.coachlog-cache"


@pytest.fixture
def ending(monkeypatch):
    """This process said to end with its command, for the test only."""
    monkeypatch.setattr(workers, "_ENDS_WITH_COMMAND", [None])


class _Table:
    """Something a command is done with (weakly referenced: a list is not)."""


def test_what_a_command_is_done_with_is_kept_where_the_process_ends_with_it(ending):
    table = _Table()
    gone = weakref.ref(table)
    workers.left(table)
    del table
    assert gone() is not None


def test_what_a_command_is_done_with_is_freed_elsewhere():
    table = _Table()
    gone = weakref.ref(table)
    workers.left(table)
    del table
    assert gone() is None


def test_the_cycle_collector_stays_paused_after_a_command_where_the_process_ends_with_it(ending):
    assert gc.isenabled()
    try:
        with workers.command():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.skipif(not workers.available(), reason="a second process runs on Linux with two cores only")
def test_the_block_is_left_once_the_spare_task_is_done_not_once_its_process_has_exited(tmp_path, monkeypatch, ending):
    # the spare task's process takes 3 s to exit after its task (as a copy of a large refresh takes
    # hundredths of a second): the block is left as soon as the task's file is written
    cache = tmp_path / CACHE
    real_exit = os._exit

    def slow_exit(code):  # (in the second process only: this one ends the test normally)
        time.sleep(3)
        real_exit(code)

    def task():
        tmp = writing_path(cache)
        tmp.write_bytes(b"the cache")
        os.replace(tmp, cache)

    monkeypatch.setattr(os, "_exit", slow_exit)
    started = time.monotonic()
    with workers.ended(partial(writings, cache), wait=20):
        with workers.Spare(task, lambda: True) as spare:
            assert workers.map_halves(lambda x: x + 1, range(4)) == [1, 2, 3, 4]
        assert spare.taken
    left_after = time.monotonic() - started
    monkeypatch.setattr(os, "_exit", real_exit)
    assert cache.read_bytes() == b"the cache"
    assert left_after < 2.5, left_after  # (waiting for the exit too took 3 s and more)
    workers.collect()  # (the process left ending, collected for the next test)


@pytest.mark.skipif(not workers.available(), reason="a second process runs on Linux with two cores only")
def test_a_spare_task_still_running_when_the_wait_runs_out_is_stopped_and_its_file_removed(tmp_path, ending):
    # as where the process goes on after its command: the task hangs after it began its file; the block's
    # end waits 0.3 s for it, stops it, collects it and removes the file it left half-written
    cache = tmp_path / CACHE

    def task():
        writing_path(cache).write_bytes(b"half of it")
        time.sleep(30)

    started = time.monotonic()
    with workers.ended(partial(writings, cache), wait=0.3):
        with workers.Spare(task, lambda: True) as spare:
            assert workers.map_halves(lambda x: x + 1, range(4)) == [1, 2, 3, 4]
        deadline = time.monotonic() + 10
        while spare.taken and not writings(cache) and time.monotonic() < deadline:
            time.sleep(0.01)
    assert time.monotonic() - started < 10
    assert list(tmp_path.iterdir()) == []
    workers.collect()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # (stopped and collected)


@pytest.mark.skipif(not workers.available(), reason="a second process runs on Linux with two cores only")
def test_a_spare_task_that_fails_is_waited_for_until_its_process_ends(tmp_path, ending):
    # the task raises: it says nothing done, and the block's end waits for its process, which removed
    # its own file (as a file written beside the workbook is on any exception)
    cache = tmp_path / CACHE

    def task():
        tmp = writing_path(cache)
        tmp.write_bytes(b"half of it")
        tmp.unlink()
        raise OSError("disk full")

    with workers.ended(partial(writings, cache), wait=20):
        with workers.Spare(task, lambda: True) as spare:
            assert workers.map_halves(lambda x: x + 1, range(4)) == [1, 2, 3, 4]
        assert spare.taken
    assert workers._LEAVING == [] and list(tmp_path.iterdir()) == []
