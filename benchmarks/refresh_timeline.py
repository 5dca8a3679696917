"""A cold refresh's timeline: where the first process's CPU goes, and when its second processes are done.

A cold ``coachlog refresh`` runs in two processes at a time (docs/speed.md, "Read while starting" and
"Two processes"): the first imports pandas and the library and reads the small sheets while the
second (the prefetch) loads the Scores; the first then computes and saves, the save's parts made half
in a second process of its own, which also keeps the refresh cache at 100,000 score rows.  On a quiet
machine the refresh's wall time is the longer path through them; on a shared machine, where wall
seconds move with other work, each process's own CPU seconds still say which path is the longer.

Each run refreshes a fresh copy of BOOK (no refresh cache or record of a last refresh beside it) with
``coachlog refresh COPY -q --no-backup --as-of DATE``, in a process that wraps a few of the package's
functions and ``os.fork`` to write a mark as each starts and ends (wall seconds since the launch, the
process, its own CPU seconds); the marks of every run are summed up as medians.  ``--show`` prints the
last run's marks as they came.

    python benchmarks/refresh_timeline.py BOOK [--runs 5] [--as-of 2025-12-31] [--show]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKS = "COACHLOG_TIMELINE_MARKS"  # the file the wrapped process writes its marks to
STARTED = "COACHLOG_TIMELINE_STARTED"  # the launch's wall time (time.time())


def _mark(what: str) -> None:
    line = f"{time.time() - float(os.environ[STARTED]):.4f} {os.getpid()} {time.process_time():.4f} {what}\n"
    fd = os.open(os.environ[MARKS], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def _wrapped(owner, name: str, label: str) -> None:
    """``owner.name`` marking ``> label`` and ``< label`` as it starts and ends."""
    fn = getattr(owner, name)

    def marked(*args, **kwargs):
        _mark(f"> {label}")
        try:
            return fn(*args, **kwargs)
        finally:
            _mark(f"< {label}")

    setattr(owner, name, marked)


def _kept(reader) -> None:
    """The refresh cache's keeping marked, in whichever process keeps it."""
    read_cached = reader.read_cached

    def marked(book, use_cache=True):
        inputs, keep = read_cached(book, use_cache)
        if keep is None:
            return inputs, keep

        def kept() -> None:
            _mark("> keep cache")
            keep()
            _mark("< keep cache")

        return inputs, kept

    reader.read_cached = marked


def _steps(cli) -> None:
    """Each step the command line would print, marked, and the library's import."""
    say = cli._Steps.__call__

    def marked(self, message):
        _mark(f"step {message}")
        return say(self, message)

    cli._Steps.__call__ = marked
    _wrapped(cli, "_api", "import library")


# the modules wrapped as they are imported: module -> what wraps it
WRAPS = {
    "coachlog_xl.cli": _steps,
    "coachlog_xl.workbook.reader": lambda m: (_wrapped(m, "inputs_from_book", "small sheets"),
                                              _wrapped(m, "score_tables", "scores"), _kept(m)),
    "coachlog_xl.workbook.prefetch": lambda m: _wrapped(m, "_write_answer", "send scores"),
    "coachlog_xl.core.refresh": lambda m: _wrapped(m, "compute", "compute"),
    "coachlog_xl.workbook.book": lambda m: _wrapped(m.FileBook, "save", "save"),
    "coachlog_xl.workbook.package": lambda m: _wrapped(m, "_make_parts", "parts"),
    "coachlog_xl.workbook.safety": lambda m: _wrapped(m, "verify_package", "read back"),
}


class _Wrapping:
    """An import hook wrapping the modules of :data:`WRAPS` as they are imported."""

    def find_spec(self, name, path, target=None):
        if name not in WRAPS:
            return None
        import importlib.util

        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            WRAPS[name](module)

        spec.loader.exec_module = exec_module
        return spec


def run_wrapped(args: list[str]) -> None:
    """In the wrapped process: the ``coachlog`` console script with its marks."""
    _mark("python up")
    fork, leave = os.fork, os._exit

    def marked_fork():
        pid = fork()
        _mark(f"forked {pid}" if pid else "child")
        return pid

    def marked_exit(code):
        _mark("exit")
        leave(code)

    os.fork, os._exit = marked_fork, marked_exit
    sys.meta_path.insert(0, _Wrapping())
    sys.argv = ["coachlog", *args]
    from coachlog_xl.entry import main

    main()


def one_run(book: Path, as_of: str, folder: Path) -> list[tuple[float, int, float, str]]:
    """The marks of one cold refresh of a fresh copy of ``book``, the command's end (as its launcher saw
    it) last."""
    copy = folder / book.name
    shutil.copyfile(book, copy)
    for beside in folder.glob(f".{book.name}.coachlog-*"):
        beside.unlink()
    marks = folder / "marks.txt"
    marks.unlink(missing_ok=True)
    started = time.time()
    env = {**os.environ, MARKS: str(marks), STARTED: repr(started), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, __file__, "--wrapped", "refresh", str(copy), "-q", "--no-backup",
                    "--as-of", as_of], env=env, check=True, stdout=subprocess.DEVNULL)
    ended = time.time() - started
    out = []
    for line in marks.read_text().splitlines():
        wall, pid, cpu, what = line.split(" ", 3)
        out.append((float(wall), int(pid), float(cpu), what))
    return [*out, (ended, 0, 0.0, "reaped")]


def phases(marks: list[tuple[float, int, float, str]]) -> dict[str, float | None]:
    """The figures of one run: CPU seconds of the process named, wall seconds where said."""
    first = marks[0][1]

    def at(pattern: str, pid: int | None = first, last: bool = False, field: int = 2) -> float | None:
        found = [m for m in marks if (pid is None or m[1] == pid) and re.fullmatch(pattern, m[3])]
        return (found[-1] if last else found[0])[field] if found else None

    def span(label: str, pid: int | None = first) -> float | None:
        start, end = at(f"> {label}", pid), at(f"< {label}", pid)
        return None if start is None or end is None else end - start

    forks = [int(m[3].split()[1]) for m in marks if m[1] == first and m[3].startswith("forked ")]
    sent_by = {m[1] for m in marks if m[3] == "< send scores"}
    prefetch = forks[0] if forks and forks[0] in sent_by else None
    parts = forks[-1] if forks and forks[-1] != prefetch else None  # (the save's second process, the last forked)
    fork = at(rf"forked {prefetch}") if prefetch is not None else None
    sent = at("< send scores", prefetch) if prefetch is not None else None
    keeper = next((m[1] for m in marks if m[3] == "> keep cache"), None)
    return {
        "forks the prefetch (cpu)": fork,
        "library imported (cpu)": span("import library"),
        "small sheets (cpu)": span("small sheets"),
        "asks for the Scores (cpu)": at("> scores"),
        "prefetch has sent them (fork + its cpu)": None if sent is None or fork is None else fork + sent,
        "Scores in hand (cpu)": at("< scores"),
        "compute (cpu)": span("compute"),
        "compute to save (cpu)": None if at("> save") is None else at("> save") - at("< compute"),
        "save (cpu)": span("save"),
        "  before the parts' fork (cpu)": None if parts is None else at(rf"forked {parts}") - at("> save"),
        "  parts, this process (cpu)": span("parts"),
        "  parts' second process, in all (cpu)": None if parts is None else at("exit", parts, last=True),
        "  read back (cpu)": span("read back"),
        "refresh cache kept by a second process (cpu)": (span("keep cache", keeper)
                                                         if keeper not in (None, first) else None),
        "refresh cache kept by the first (cpu)": span("keep cache") if keeper == first else None,
        "first process in all (cpu)": at("exit", last=True),
        "first process exits (wall)": at("exit", last=True, field=0),
        "exit to reaped (wall)": marks[-1][0] - at("exit", last=True, field=0),
    }


def main() -> None:
    if sys.argv[1:2] == ["--wrapped"]:
        run_wrapped(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--show", action="store_true", help="print the last run's marks")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs):
            runs.append(one_run(args.book.resolve(), args.as_of, Path(folder)))
    if args.show:
        for wall, pid, cpu, what in runs[-1]:
            print(f"{wall:7.3f} {pid:7d} {cpu:6.3f} {what}")
    figures = [phases(marks) for marks in runs]
    print(f"{args.book.name}, {args.runs} cold refreshes, seconds: median (min-max)")
    for name in figures[0]:
        values = [f[name] for f in figures if f[name] is not None]
        shown = f"{statistics.median(values):.3f} ({min(values):.3f}-{max(values):.3f})" if values else "-"
        print(f"  {name:46s} {shown}")


if __name__ == "__main__":
    main()
