"""A file the refresh keeps beside the workbook (its record, the refresh cache) is written through a
temporary file and moved into place: a write stopped part way (Ctrl-C, an error) leaves neither a
half-written file nor the temporary one beside the workbook, and the stop still reaches the caller."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from coachlog_xl.workbook.beside import writing_path, writings
from coachlog_xl.workbook.done import write_beside


def _beside(tmp_path):
    book = tmp_path / "team.xlsx"
    book.write_bytes(b"PK")
    return book, tmp_path / ".team.xlsx.coachlog-cache"


@pytest.mark.parametrize("stop", [KeyboardInterrupt, ValueError])
def test_a_write_stopped_part_way_leaves_nothing_beside_the_workbook(tmp_path, stop):
    book, path = _beside(tmp_path)

    def write(fh):
        fh.write(b"half of it")
        raise stop

    with pytest.raises(stop):
        write_beside(book, path, write)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.xlsx"]


def test_a_write_stopped_part_way_keeps_the_file_written_before(tmp_path):
    book, path = _beside(tmp_path)
    assert write_beside(book, path, lambda fh: fh.write(b"first"))

    def write(fh):
        fh.write(b"sec")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_beside(book, path, write)
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, "team.xlsx"]


def test_two_writers_at_once_each_rename_a_whole_file_of_their_own(tmp_path):
    # a check (no lock) and a refresh keep the cache of one workbook at the same moment: the first begins,
    # the second writes and renames its file whole meanwhile, then the first ends and renames its own
    book, path = _beside(tmp_path)
    begun, second_done, results = threading.Event(), threading.Event(), {}
    first = b"first: " + b"1" * 100_000
    second = b"second: " + b"2" * 50_000

    def write_first(fh):
        fh.write(first[:10_000])
        fh.flush()
        begun.set()
        assert second_done.wait(10)
        fh.write(first[10_000:])

    def write_second(fh):
        assert begun.wait(10)
        fh.write(second)

    def run(name, write):
        results[name] = write_beside(book, path, write)
        if name == "second":
            second_done.set()

    threads = [threading.Thread(target=run, args=("first", write_first)),
               threading.Thread(target=run, args=("second", write_second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert results == {"first": True, "second": True}  # neither found its file gone
    assert path.read_bytes() == first  # whole: the last renamed, nothing of the other mixed in
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["team.xlsx", path.name])  # no .tmp left


def test_two_processes_writing_the_cache_at_once_both_leave_a_valid_cache(tmp_path):
    # two checks of one workbook at once, in two processes, each keeping a cache the other can read
    book, path = _beside(tmp_path)
    script = ("import sys, numpy as np; from pathlib import Path; from coachlog_xl.workbook.done import write_beside\n"
              "book, path, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])\n"
              "for _ in range(40):\n"
              "    assert write_beside(book, path, lambda fh: np.savez(fh, a=np.full(200_000, n)))\n")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(book), str(path), str(n)]) for n in (1, 2)]
    assert [r.wait(120) for r in runs] == [0, 0]  # every write of both renamed its own whole file
    with np.load(path, allow_pickle=False) as data:
        values = set(data["a"].tolist())
    assert values in ({1}, {2})  # one writer's array, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["team.xlsx", path.name])


def test_a_writer_removes_what_a_dead_writer_left_long_enough_ago_and_nothing_else(tmp_path):
    # a process killed outright while it wrote (kill -9, a power cut) leaves its file: the next writer
    # removes it once it is stale; a live writer's, a fresh one and another file are left alone
    book, path = _beside(tmp_path)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        now = time.time()
        files = {
            "dead, two minutes ago": (f"{path.name}.{gone}-0a1b2c3d.tmp", now - 120, False),
            "dead, just now": (f"{path.name}.{gone}-00000000.tmp", now - 5, True),
            "alive, ten minutes ago": (f"{path.name}.{alive.pid}-ffffffff.tmp", now - 600, True),
            "alive, two hours ago": (f"{path.name}.{alive.pid}-12345678.tmp", now - 7200, False),
            "an older version's, two minutes ago": (f"{path.name}.tmp", now - 120, False),
            "the workbook's own, long ago": (f"{book.name}.tmp", now - 7200, True),
            "not a writer's name": (f"{path.name}.{gone}-notahexx.tmp", now - 7200, True),
        }
        for name, when, _ in files.values():
            (tmp_path / name).write_bytes(b"x")
            os.utime(tmp_path / name, (when, when))
        assert write_beside(book, path, lambda fh: fh.write(b"new"))
        left = {p.name for p in tmp_path.iterdir()}
        assert {what: name in left for what, (name, _, _) in files.items()} == \
            {what: kept for what, (_, _, kept) in files.items()}
        assert path.read_bytes() == b"new" and book.name in left
    finally:
        alive.kill()
        alive.wait()


def test_each_writer_has_its_own_name_in_the_folder_with_its_pid(tmp_path):
    path = tmp_path / ".team.xlsx.coachlog-cache"
    names = {writing_path(path) for _ in range(100)}
    assert len(names) == 100
    assert all(n.parent == tmp_path and n.name.startswith(f".team.xlsx.coachlog-cache.{os.getpid()}-")
               and n.name.endswith(".tmp") for n in names)
    (tmp_path / next(iter(names)).name).write_bytes(b"")
    assert writings(path, os.getpid()) == [next(iter(names))] and writings(path, os.getpid() + 1) == []


def test_names_no_coachlog_writer_makes_are_never_taken_for_a_writer(tmp_path):
    # a digit Python reads as one but int() does not ("²"), and a pid larger than any system's: a
    # refresh that met such a file beside the workbook ended in a traceback after its save
    from coachlog_xl.workbook.beside import cache_path, stale_writings, writings

    cache = cache_path(tmp_path / "team.xlsx")
    odd = cache.with_name(cache.name + ".²-abcdef12.tmp")
    huge = cache.with_name(cache.name + ".99999999999999999999-abcdef12.tmp")
    for made in (odd, huge):
        made.write_bytes(b"x")
        os.utime(made, (1_000, 1_000))
    assert writings(cache) == [huge]  # (not "²": no pid)
    assert stale_writings(cache) == [huge]  # (no process has that pid)
