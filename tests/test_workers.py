"""The second process for the evidence's chunks: the same results, in order, whatever happens to it."""

from __future__ import annotations

import os
import time
from functools import partial

import pandas as pd
import pytest

from coachlog_xl import workers
from coachlog_xl.core import aggregate, evidence, panel
from coachlog_xl.core.refresh import compute
from coachlog_xl.workbook.beside import writing_path, writings
from tests.demo_kit import demo_copy
from tests.evidence_kit import simulate


def test_half_the_items_are_computed_in_a_second_process_and_come_back_in_order():
    parent = os.getpid()
    got = workers.map_halves(lambda x: (x * x, os.getpid()), range(7))
    assert [v for v, _ in got] == [x * x for x in range(7)]
    assert {pid for _, pid in got[0::2]} == {parent}
    if workers.available():  # Linux with two cores, as in CI
        assert parent not in {pid for _, pid in got[1::2]}
    else:
        assert {pid for _, pid in got[1::2]} == {parent}


def test_weighted_items_are_dealt_heaviest_first_to_the_lighter_side():
    # 5 -> here (0 vs 0, a tie stays here); 4 -> there; 3 -> there (5 vs 4); 2 -> here (5 vs 7);
    # 1 -> here (7 vs 7)
    assert workers.deal([5, 4, 3, 2, 1]) == [False, True, True, False, False]
    assert workers.deal([1, 9, 1, 1]) == [True, False, True, True]  # 9 here; then 1, 1, 1 there
    assert workers.deal([]) == []
    parent = os.getpid()
    got = workers.map_halves(lambda x: (x * 10, os.getpid()), [1, 9, 1, 1], weights=[1, 9, 1, 1])
    assert [v for v, _ in got] == [10, 90, 10, 10]
    away = {i for i, (_, pid) in enumerate(got) if pid != parent}
    assert away == ({0, 2, 3} if workers.available() else set())


def test_small_work_stays_in_one_process():
    assert workers.for_rows(workers.SCORE_ROWS - 1) is map \
        and workers.for_rows(workers.SCORE_ROWS) is workers.map_halves
    pids = workers.map_halves(lambda _: os.getpid(), range(4), weights=[1, 1, 1, 1], least=5)
    assert set(pids) == {os.getpid()}  # 4 < 5
    pids = workers.map_halves(lambda _: os.getpid(), range(4), weights=[1, 1, 1, 2], least=5)
    assert (len(set(pids)) == 2) == workers.available()


def test_items_the_second_process_fails_on_are_computed_here():
    parent = os.getpid()

    def fn(x):
        if os.getpid() != parent:
            raise RuntimeError("the second process fails")
        return x + 1

    assert workers.map_halves(fn, range(5)) == [1, 2, 3, 4, 5]


def test_an_error_here_is_raised_and_leaves_no_second_process_behind():
    def fn(x):
        if x == 2:
            raise ValueError("bad chunk")
        return x

    workers.collect()  # (the second processes earlier tests left ending, collected as a command's end does)
    with pytest.raises(ValueError, match="bad chunk"):
        workers.map_halves(fn, range(4))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left to reap


def test_one_process_when_told(monkeypatch):
    monkeypatch.setenv("COACHLOG_WORKERS", "1")
    assert not workers.available()
    assert {pid for pid in workers.map_halves(lambda _: os.getpid(), range(4))} == {os.getpid()}


def _one_and_two_processes(monkeypatch, reps: int) -> tuple[list[int], object, object]:
    """A simulated team computed with the built-in map and with two processes (the team's figures
    beside the windows and the Checks beside the Aggregate at any size): the number of pieces each
    mapping was given, and both results, whose tables must be equal."""
    monkeypatch.setattr(evidence, "BESIDE_RUNS", 0)
    monkeypatch.setattr(aggregate, "APART", 0)
    inputs, as_of, _ = simulate(effect=4.0, seed=11, reps=reps, days=200)
    one = compute(inputs, as_of=as_of)
    inputs, as_of, _ = simulate(effect=4.0, seed=11, reps=reps, days=200)
    calls = []

    def spy(fn, items):
        items = list(items)
        calls.append(len(items))
        return workers.map_halves(fn, items)

    two = compute(inputs, as_of=as_of, mapper=spy)
    for name in ("followup", "baseline", "aggregate", "checks"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), check_exact=True)
    return calls, one, two


@pytest.mark.parametrize("beside", [True, False])
def test_the_evidence_from_two_processes_is_the_evidence_from_one(monkeypatch, beside):
    from coachlog_xl.core import refresh

    monkeypatch.setattr(panel, "CHUNK", 97)  # many chunks of the 60 reps' pairs
    # the Log read beside the Scores, or (shorter than LOG_BESIDE rows) before them in this process
    monkeypatch.setattr(refresh, "LOG_BESIDE", 0 if beside else 10**9)
    calls, one, _ = _one_and_two_processes(monkeypatch, reps=60)
    # the Scores beside the Log, the calls' runs and windows beside the team's figures, the evidence's
    # pieces, the tail
    assert calls[:2] == [2, 2] if beside else calls[0] == 2
    assert len(calls) == 3 + beside and max(calls) > 10
    assert one.followup["comparison_reps"].notna().sum() > 10  # the comparison group was at work


def test_the_intervals_each_chunk_of_pairs_works_out_are_those_of_one_chunk_of_every_pair(monkeypatch):
    from coachlog_xl.core import comparison

    found = []
    comparisons = comparison.comparisons
    monkeypatch.setattr(comparison, "comparisons", lambda *args: found.append(comparisons(*args)) or found[-1])
    inputs, as_of, _ = simulate(effect=4.0, seed=11, reps=60, days=200)
    whole = compute(inputs, as_of=as_of)
    chunks = len(found)
    monkeypatch.setattr(panel, "CHUNK", 97)  # many chunks of the 60 reps' pairs, each with its intervals
    inputs, as_of, _ = simulate(effect=4.0, seed=11, reps=60, days=200)
    many = compute(inputs, as_of=as_of)
    assert chunks == 1 and len(found) - chunks > 10
    pd.testing.assert_frame_equal(whole.followup, many.followup, check_exact=True)
    ends = ["comparison_low", "comparison_high", "did_low", "did_high", "placebo_low", "placebo_high"]
    assert (whole.followup[ends].notna().sum() > 10).all()  # (each interval worked out for many sessions)


def test_the_evidence_of_one_chunk_of_pairs_is_computed_in_this_process(monkeypatch):
    calls, one, _ = _one_and_two_processes(monkeypatch, reps=40)
    # the windows beside the team's figures, the tail: not the evidence's three pieces (its own
    # figures, the anchor and mix, the one chunk)
    assert len(calls) == 2 and calls[0] == 2 and calls[1] > 3
    assert one.followup["comparison_reps"].notna().sum() > 5


def test_the_aggregates_of_a_few_thousand_sessions_are_not_worth_a_second_process(monkeypatch):
    from coachlog_xl.core import aggregate, refresh

    made = []

    class Seen(aggregate.Aggregation):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(refresh, "Aggregation", Seen)
    inputs, as_of, _ = simulate(effect=4.0, seed=11, reps=20, days=120)
    compute(inputs, as_of=as_of)
    monkeypatch.setattr(aggregate, "APART", 5)
    inputs, as_of, _ = simulate(effect=4.0, seed=11, reps=20, days=120)
    compute(inputs, as_of=as_of)
    assert [a.weighty for a in made] == [False, True]


def test_one_process_while_another_thread_runs():
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not workers.available()
        assert {pid for pid in workers.map_halves(lambda _: os.getpid(), range(4))} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_a_command_pauses_the_cycle_collector_and_collects_every_second_process():
    import gc

    assert gc.isenabled()
    with workers.command():
        assert not gc.isenabled()
        assert workers.map_halves(lambda x: x * x, range(6)) == [0, 1, 4, 9, 16, 25]
        assert workers.map_halves(lambda x: -x, range(4)) == [0, -1, -2, -3]
    assert gc.isenabled()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no second process left ending
    gc.disable()
    try:
        with workers.command():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def _two_halves(n: int) -> list[range]:
    return [part for part in (range(0, n // 2), range(n // 2, n)) if len(part)]


def test_the_sessions_in_two_halves_give_what_one_pass_over_them_gives(tmp_path, tmp_path_factory, monkeypatch):
    """The demo's sessions (Checks rows from the baselines, the windows and the Log's quality in both
    halves): one pass, two halves, two halves with a second process for the team's figures and the
    rest; the same tables, and the Checks rows gathered in the same order before the sheet sorts them."""
    from coachlog_xl import api
    from coachlog_xl.core import checks, refresh

    path = demo_copy(tmp_path / "demo.xlsx", tmp_path_factory)
    gathered = []
    real_frame = checks.Issues.frame

    def spy(self, shown=None):
        gathered.append([(i.code, i.sheet, i.row, i.field, i.problem) for i in self])
        return real_frame(self, shown)

    monkeypatch.setattr(checks.Issues, "frame", spy)
    runs = {}
    for name, halves, rows in (("one pass", None, None), ("halves", _two_halves, None),
                               ("halves side by side", _two_halves, 0)):
        with monkeypatch.context() as m:
            if halves:
                m.setattr(refresh, "_parts", halves)
            if rows is not None:
                m.setattr(workers, "SCORE_ROWS", rows)  # two processes even for the demo's few rows
            gathered.clear()
            runs[name] = (api.compute_file(path, cache=False), gathered[-1])
    one, one_order = runs["one pass"]
    assert len(one.followup) > 20 and len(one_order) > 50
    for name in ("halves", "halves side by side"):  # (the parts put together as one pass's)
        result, order = runs[name]
        for table in ("followup", "baseline", "aggregate", "checks", "log_updates"):
            pd.testing.assert_frame_equal(getattr(one, table), getattr(result, table), check_exact=True)
        assert order == one_order, name


def test_a_second_process_ends_at_the_end_of_the_session_without_the_commands_own_words():
    # the command line says "Interrupted." on SIGTERM and SIGHUP; a second process inheriting that would
    # say it a second time, or stop the first one's work with its own exit status
    import signal

    said = []
    before = {s: signal.signal(s, lambda *_: said.append("handled")) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        forked = workers.fork_sending(lambda: bytes(
            signal.getsignal(s) == signal.SIG_DFL for s in (signal.SIGTERM, signal.SIGHUP)))
        assert forked is not None
        pid, read_end = forked
        with os.fdopen(read_end, "rb") as fh:
            assert fh.read() == b"\x01\x01"
        os.waitpid(pid, 0)
        assert all(signal.getsignal(s) is not signal.SIG_DFL for s in before)  # this process keeps its own
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
    assert said == []


def test_a_result_computed_later_by_a_second_process_is_the_one_computed_here(monkeypatch):
    with workers.Later(lambda: (sum(range(1000)), os.getpid())) as later:
        assert later.ahead == workers.available()
        total, pid = later.result()
    assert total == 499500 and (pid != os.getpid()) == workers.available()
    with workers.Later(lambda: os.getpid(), fork=False) as here:  # told not to: computed when asked for
        assert not here.ahead and here.result() == os.getpid()
    tries = []

    def fails_away() -> int:
        tries.append(os.getpid())
        if os.getpid() != here_pid:
            raise RuntimeError("only in the second process")
        return 7

    here_pid = os.getpid()
    with workers.Later(fails_away) as later:
        assert later.result() == 7  # the second process failed: computed here, as it would have been
    with workers.Later(lambda: 1):  # never asked for: the second process is stopped and collected
        pass
    workers.collect()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_result_interrupted_while_waited_for_leaves_no_second_process():
    import signal

    def stop(*_):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, stop)
    try:
        with workers.Later(lambda: time.sleep(5) or 1) as later:
            signal.setitimer(signal.ITIMER_REAL, 0.3)
            with pytest.raises(KeyboardInterrupt):
                later.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_spare_task_is_done_once_by_the_first_second_process_forked_while_it_is_ready(tmp_path, monkeypatch):
    done, ready = tmp_path / "done", []

    def task():  # (in the second process, once it has sent its share)
        with open(done, "a") as fh:
            fh.write(f"{os.getpid()}\n")

    with workers.Spare(task, lambda: bool(ready)) as spare:
        assert workers.map_halves(lambda x: x + 1, range(4)) == [1, 2, 3, 4]
        workers.collect()
        assert not spare.taken and not done.exists()  # not ready yet: left
        ready.append(True)
        assert workers.map_halves(lambda x: x * 2, range(4)) == [0, 2, 4, 6]
        assert workers.map_halves(lambda x: x * 3, range(4)) == [0, 3, 6, 9]
        workers.collect()
        if workers.available():  # Linux with two cores, as in CI
            assert spare.taken and [int(pid) for pid in done.read_text().split()] != [os.getpid()]
            assert len(done.read_text().split()) == 1  # done once, by the first
        else:
            assert not spare.taken and not done.exists()
    with workers.Spare(task, lambda: True) as later:
        pass
    done.unlink(missing_ok=True)
    workers.map_halves(lambda x: x, range(4))  # offered no more
    workers.collect()
    assert not later.taken and not done.exists()
    with workers.Spare(task, lambda: True) as unforked:
        monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError("no more processes")))
        assert workers.map_halves(lambda x: x - 1, range(4)) == [-1, 0, 1, 2]
    assert not unforked.taken and not done.exists()  # (the caller does it itself)


def test_a_spare_task_ready_is_taken_now_by_a_second_process_of_its_own(tmp_path, monkeypatch):
    done, ready = tmp_path / "done", []

    def task():
        with open(done, "a") as fh:
            fh.write(f"{os.getpid()}\n")

    with workers.ended():
        with workers.Spare(task, lambda: bool(ready)) as spare:
            workers.spare_now()
            assert not spare.taken  # not ready yet: left
            ready.append(True)
            workers.spare_now()
            workers.spare_now()  # (taken already: nothing more)
            assert workers.map_halves(lambda x: x * 2, range(4)) == [0, 2, 4, 6]
    if workers.available():  # Linux with two cores, as in CI
        assert spare.taken and len(pids := done.read_text().split()) == 1 and int(pids[0]) != os.getpid()
    else:
        assert not spare.taken and not done.exists()
    for told, fork in ((True, os.fork), (False, lambda: (_ for _ in ()).throw(OSError("no more processes")))):
        with monkeypatch.context() as m:
            if told:
                m.setenv("COACHLOG_WORKERS", "1")
            m.setattr(os, "fork", fork)
            with workers.Spare(task, lambda: True) as here:
                workers.spare_now()
            assert not here.taken  # (the caller does it itself)


def test_a_second_process_passes_no_spare_task_on_to_its_own(tmp_path):
    # a spare task not ready when a second process is forked stays this process's: one that the second
    # process would find ready (its own map_halves) is not done there, nor by a process it forks
    done, ready, parent = tmp_path / "done", [], os.getpid()

    def task():
        with open(done, "a") as fh:
            fh.write(f"{os.getpid()}\n")

    def nested(x):
        if os.getpid() != parent:
            ready.append(True)  # (in the second process: ready there only)
        return sum(workers.map_halves(lambda y: y + x, range(4)))

    with workers.Spare(task, lambda: bool(ready)) as spare:
        assert workers.map_halves(nested, range(2)) == [6, 10]
        workers.collect()
        ready.clear()
    assert not spare.taken and not done.exists()


CACHE = ".team.xlsx.coachlog-cache"


def test_a_spare_task_still_running_when_the_wait_runs_out_is_stopped_and_its_file_removed(tmp_path):
    # the spare task writes a file beside the workbook, then hangs: the block's end waits 0.3 s for it,
    # stops it and removes the file it left half-written
    cache = tmp_path / CACHE
    started = time.monotonic()
    with workers.ended(partial(writings, cache), wait=0.3):
        _hanging_spare_task_begun(cache)
    _stopped_and_removed(cache, started)


def _hanging_spare_task_begun(cache) -> None:
    """A spare task taken by a second process, which begins writing ``cache`` under its own temporary
    name and then hangs, once it has begun."""

    def task():
        writing_path(cache).write_bytes(b"half of it")
        time.sleep(30)

    with workers.Spare(task, lambda: True) as spare:
        assert workers.map_halves(lambda x: x + 1, range(4)) == [1, 2, 3, 4]
    deadline = time.monotonic() + 10
    while spare.taken and not writings(cache) and time.monotonic() < deadline:
        time.sleep(0.01)


def _stopped_and_removed(cache, started: float, kept: tuple = ()) -> None:
    """The hanging task was stopped within seconds, collected, and its file removed (``kept``: the
    temporary files of others, left as they were)."""
    assert time.monotonic() - started < 10
    assert sorted(p.name for p in cache.parent.iterdir()) == sorted(p.name for p in kept)
    assert workers._LEAVING == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # (stopped and collected)


def test_an_interruption_during_the_wait_for_a_spare_task_stops_it_and_removes_its_file(tmp_path):
    # the spare task writes its file, then hangs; Ctrl-C comes while the block's end waits for it:
    # the task is stopped, collected and its half-written file removed before the interruption goes on
    cache = tmp_path / CACHE
    started = _interrupted_while_waited_for(cache)
    _stopped_and_removed(cache, started)


def _interrupted_while_waited_for(cache) -> float:
    """Ctrl-C while the end of an :func:`workers.ended` block waits for a hanging spare task writing
    ``cache``; when it began."""
    import signal

    def interrupt(*_):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            with workers.ended(partial(writings, cache), wait=20):
                _hanging_spare_task_begun(cache)
                signal.setitimer(signal.ITIMER_REAL, 0.3)  # (during the wait of 20 s)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return started


CHECK = """
import sys, time
from pathlib import Path
from coachlog_xl.workbook.done import write_beside
book, cache = Path(sys.argv[1]), Path(sys.argv[2])

def write(fh):  # half of the cache, then the rest once told to go on
    fh.write(b"the check's cache, ")
    fh.flush()
    (book.parent / "begun").touch()
    while not (book.parent / "go").exists():
        time.sleep(0.01)
    fh.write(b"whole")

print(write_beside(book, cache, write))
"""


def test_a_stopped_refresh_leaves_alone_the_cache_a_check_is_writing_meanwhile(tmp_path, monkeypatch):
    # a check (no lock) is writing the cache of a workbook when a refresh of it, whose second process
    # writes the cache too, is stopped (Ctrl-C): the refresh removes its process's file, and the check
    # ends with its own cache whole
    import subprocess
    import sys

    from coachlog_xl.workbook.done import write_beside

    monkeypatch.setattr(workers, "available", lambda: True)  # (a second process however many cores)
    book, cache = tmp_path / "team.xlsx", tmp_path / CACHE
    book.write_bytes(b"PK")
    check = subprocess.Popen([sys.executable, "-c", CHECK, str(book), str(cache)], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "begun").exists() and time.monotonic() < deadline:
        time.sleep(0.01)

    def hangs(fh):
        fh.write(b"half of the refresh's")
        fh.flush()
        time.sleep(30)

    def task():  # (the refresh's second process, keeping the cache)
        write_beside(book, cache, hangs)

    import signal

    def interrupt(*_):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            with workers.ended(partial(writings, cache), wait=20):
                with workers.Spare(task, lambda: True) as spare:
                    assert workers.map_halves(lambda x: x + 1, range(4)) == [1, 2, 3, 4]
                while spare.taken and len(writings(cache)) < 2 and time.monotonic() < deadline:
                    time.sleep(0.01)
                assert len(writings(cache)) == 2  # the check's and the refresh's, both being written
                signal.setitimer(signal.ITIMER_REAL, 0.3)  # (Ctrl-C during the wait for the second process)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    (tmp_path / "go").touch()
    assert check.communicate(timeout=60)[0].strip() == "True"  # the check renamed its own file
    assert cache.read_bytes() == b"the check's cache, whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([cache.name, "begun", "go", "team.xlsx"])


def test_a_stopped_command_leaves_alone_the_file_its_own_processes_did_not_write(tmp_path):
    # the cache's .tmp of another command (a check holds no lock): this one's second processes took no
    # spare task, so its interruption removes nothing
    cache = tmp_path / CACHE
    tmp = writing_path(cache)
    tmp.write_bytes(b"another command's")

    def slow(x):
        time.sleep(0.2)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with workers.ended(partial(writings, cache), wait=5):
            workers.map_halves(slow, range(2))
    assert tmp.read_bytes() == b"another command's" and workers._LEAVING == []


def test_an_interruption_here_stops_the_second_process_at_once_not_waiting_for_the_spare_task(tmp_path, monkeypatch):
    # the spare task still running (it takes 6 s) when this process's half is interrupted:
    # map_halves goes up at once, and the end of the ended block stops the task before it is done
    begun = tmp_path / "begun"

    def task():
        begun.touch()
        time.sleep(6)  # (a refresh cache's writer slowed)
        (tmp_path / "done").touch()

    def ours(x):
        if os.getpid() == parent:
            while not begun.exists():  # (the spare task's process is running)
                time.sleep(0.01)
            raise KeyboardInterrupt
        return x

    parent = os.getpid()
    monkeypatch.setattr(workers, "available", lambda: True)  # (a second process however many cores)
    with pytest.raises(KeyboardInterrupt):
        with workers.ended(partial(writings, tmp_path / "cache"), wait=60):
            with workers.Spare(task, lambda: True) as spare:
                workers.spare_now()
                assert spare.taken
                workers.map_halves(ours, range(4))
    assert not (tmp_path / "done").exists()  # the spare task stopped before its end, not waited for
    assert workers._LEAVING == [] and workers._SPARE_TAKERS == []
