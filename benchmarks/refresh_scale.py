"""Refresh time and peak memory at 10k / 100k / 1M score rows, side by side with the baselines.

Workbooks come from ``scale_book.py`` (8 criteria per call, one session per 100 score rows: 10,000
sessions at 1M; 8 columns a row, the evaluator and grading date among them, the shape issue 6 measured:
``--columns 6`` for the workbook of the runs up to refresh_scale-2026-12-07.txt, the same rows without those
two).  Each approach runs as a whole process on a fresh copy of the same workbook, median of ``--repeat`` runs; peak
memory is the child's own maximum RSS (``wait4``, started from a small launcher):
- ``refresh-cold``: ``coachlog refresh`` with no refresh cache beside the workbook;
- ``warm-unchanged``: ``coachlog refresh`` again on a workbook refreshed once and not changed since
  (the record of the last refresh says so: nothing is read, computed or written);
- ``warm-log-edit``: refreshed once, then one Log cell changed (a session date, a day earlier) the way
  a saved edit changes only the Log's part: the Scores come from the cache, everything is computed
  and written;
- ``check-warm``: ``coachlog check`` (read and compute, no write) with the cache in place;
- ``fastexcel read``: fastexcel alone reading the Scores sheet into pandas (the issue's yardstick);
- ``calamine read``: python-calamine alone reading the Scores sheet into Python rows;
- ``openpyxl-read``: openpyxl read-only reading the Scores sheet (the pure-Python fallback's speed);
- ``unzip``: only decompressing the Scores sheet's XML (the floor for any reader);
- ``naive-refresh``: the obvious refresh (``naive_refresh.py``: the same compute, then openpyxl loads
  the whole workbook, writes the computed sheets and saves it whole), the issue's yardstick;
- ``load+save``: openpyxl loading and saving the workbook, no compute (the naive refresh's floor);
  the naive approaches and the openpyxl read run at 1M only with ``--naive-1m``, and once (they take minutes);
- ``import 100k CSV``: ``coachlog import`` of a 100,000-row export into a new workbook (once per run).
``--paste below`` makes every workbook as a QA lead pastes an export under the template's header (the
export's own header in row 2: ``scale_book.py --paste below``); ``--paste weekly`` as one who goes on
pasting each week's export under the last, its header included (``scale_book.py --paste weekly``).
The package's bytecode is written first, as a wheel install writes it (:func:`compile_package`).
Then an in-process split of ``compute_file`` into read and compute phases, cold and warm, so the read
side can be judged apart from the writer.  Prints tables of seconds, spread, peak MB and the ratios the
targets use.

    python benchmarks/refresh_scale.py [--rows 10000 100000 1000000] [--repeat 3] [--naive-1m]
        [--only refresh-cold fastexcel ...] [--paste below|weekly] [--columns 8|6]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_book import CRITERIA, make_workbook  # noqa: E402

AS_OF = "2025-12-31"
NAIVE = "import sys; from openpyxl import load_workbook; wb = load_workbook(sys.argv[1]); wb.save(sys.argv[1])"
HERE = Path(__file__).resolve().parent
FASTEXCEL = "import sys, fastexcel; fastexcel.read_excel(sys.argv[1]).load_sheet_by_name('Scores').to_pandas()"
OPENPYXL_READ = (
    "import sys; from openpyxl import load_workbook; "
    "rows = list(load_workbook(sys.argv[1], read_only=True, data_only=True)['Scores'].iter_rows(values_only=True))"
)
UNZIP = (
    "import sys, zipfile; sys.path.insert(0, sys.argv[2]); from scale_book import _sheet_part; "
    "z = zipfile.ZipFile(sys.argv[1]); z.read(_sheet_part(z, 'Scores'))"
)
CALAMINE = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('Scores').to_python()"
)
PHASES = """
import datetime as dt, json, sys, time
from coachlog_xl import api
marks, t0 = [], time.perf_counter()
api.compute_file(sys.argv[1], dt.date.fromisoformat(sys.argv[2]),
                 progress=lambda m: marks.append((m, time.perf_counter())))
marks.append(("done", time.perf_counter()))
print(json.dumps([[m, round(b - a, 3)] for (m, a), (_, b) in zip(marks, marks[1:])]))
"""


def coachlog(*args: str) -> list[str]:
    """The command as a person runs it: the ``coachlog`` console script's entry point
    (``coachlog_xl.entry.main``), which starts loading the Scores of a workbook to refresh or check
    before it imports the command (``python -m coachlog_xl.cli`` would skip that)."""
    return [sys.executable, "-c", "from coachlog_xl.entry import main; main()", *args]


# Each child is started by a small process of its own, which times it and takes its rusage: a process
# forked from this one (hundreds of MB once the workbooks are made) reports this one's size as its peak
# (Linux keeps the largest resident size a process had before exec).
_LAUNCH = ("import os, subprocess, sys, time; t = time.perf_counter(); p = subprocess.Popen(sys.argv[2:]); "
           "_, s, u = os.wait4(p.pid, 0); t = time.perf_counter() - t; "
           "open(sys.argv[1], 'w').write(f'{t} {u.ru_maxrss} {os.waitstatus_to_exitcode(s)}')")


def run(cmd: list[str], allowed: tuple[int, ...] = (0, 1)) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and output of one child process (its own rusage, through wait4, in a
    small launcher); ``allowed``: the exit codes that are no failure (1: `check` found errors in the
    data, which is fine here)."""
    with tempfile.NamedTemporaryFile("r", suffix=".run") as note:
        proc = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCH, note.name, *cmd],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = proc.stdout.read().decode()
        proc.wait()
        fields = note.read().split()
    if proc.returncode != 0 or len(fields) != 3 or int(fields[2]) not in allowed:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return float(fields[0]), int(fields[1]) / 1024, out


def cache_of(path: Path) -> list[Path]:
    return [path.with_name(f".{path.name}.coachlog-{kind}") for kind in ("cache", "done")]


def _forget(path: Path) -> None:
    for p in cache_of(path):
        p.unlink(missing_ok=True)


class Approach:
    """How to prepare a fresh copy of the workbook and the command to time on it."""

    def __init__(self, name, command, prepare=None, workbook=True):
        self.name, self.command, self.prepare, self.workbook = name, command, prepare, workbook


def _prime(path: Path) -> None:
    run(coachlog("refresh", str(path), "-q", "--no-backup", "--as-of", AS_OF))


def _prime_check(path: Path) -> None:
    run(coachlog("check", str(path), "--as-of", AS_OF))


def _prime_and_edit_log(path: Path) -> None:
    """Refresh once, then move the first session's date a day earlier inside the Log's part (every
    other part copied as stored, as a save of that one edit leaves them)."""
    import re

    from scale_book import edit_sheet

    from coachlog_xl import schema

    _prime(path)
    col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[schema.LOG.headers.index(schema.LOG.column("session_date").header)]

    def edit(data: bytes) -> bytes:
        data, hits = re.subn(rf'(<c r="{col}2"[^>]*><v>)(\d+)(</v>)'.encode(),
                             lambda m: m[1] + str(int(m[2]) - 1).encode() + m[3], data, count=1)
        assert hits == 1, "no session date in Log row 2"
        return data

    edit_sheet(path, "Log", edit)


def approaches(csv_path: Path) -> list[Approach]:
    refresh = ["-q", "--no-backup", "--as-of", AS_OF]
    return [
        Approach("refresh-cold", lambda p: coachlog("refresh", str(p), *refresh)),
        Approach("warm-unchanged", lambda p: coachlog("refresh", str(p), *refresh), prepare=_prime),
        Approach("warm-log-edit", lambda p: coachlog("refresh", str(p), *refresh), prepare=_prime_and_edit_log),
        Approach("check-warm", lambda p: coachlog("check", str(p), "--as-of", AS_OF), prepare=_prime_check),
        Approach("fastexcel", lambda p: [sys.executable, "-c", FASTEXCEL, str(p)]),
        Approach("calamine", lambda p: [sys.executable, "-c", CALAMINE, str(p)]),
        Approach("openpyxl-read", lambda p: [sys.executable, "-c", OPENPYXL_READ, str(p)]),
        Approach("unzip", lambda p: [sys.executable, "-c", UNZIP, str(p), str(Path(__file__).resolve().parent)]),
        Approach("naive-refresh", lambda p: [sys.executable, str(HERE / "naive_refresh.py"), str(p),
                                             "--as-of", AS_OF]),
        Approach("load+save", lambda p: [sys.executable, "-c", NAIVE, str(p)]),
        Approach("import-100k", lambda p: coachlog("import", str(p), str(csv_path), "--force"),
                 prepare=lambda p: run(coachlog("new", str(p), "--force")), workbook=False),
    ]


def measure(approach: Approach, source: Path, repeat: int) -> tuple[float, float, float]:
    """Median seconds, spread (max - min) and the largest peak MB over ``repeat`` runs."""
    times, peaks = [], []
    for _ in range(repeat):
        work = source.with_name("run-" + source.name)
        _forget(work)
        if approach.workbook:
            shutil.copyfile(source, work)
        if approach.prepare:
            approach.prepare(work)
        took, peak, _ = run(approach.command(work))
        times.append(took)
        peaks.append(peak)
        work.unlink(missing_ok=True)
        _forget(work)
    return statistics.median(times), max(times) - min(times), max(peaks)


def phases(path: Path, warm: bool) -> dict[str, float]:
    """Seconds per step of ``compute_file`` in one process (cold: no cache; warm: cache in place)."""
    import json

    work = path.with_name("phase-" + path.name)
    shutil.copyfile(path, work)
    _forget(work)
    if warm:
        _prime_check(work)
    _, _, out = run([sys.executable, "-c", PHASES, str(work), AS_OF])
    work.unlink()
    _forget(work)
    return dict(json.loads(out.strip().splitlines()[-1]))


def make_export(path: Path, rows: int, seed: int = 11) -> None:
    """A QA platform's CSV export: one row per call x criterion, its own header names."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 6, 1, 8)
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Interaction ID", "Agent Name", "Interaction Date", "Question", "Score", "Channel"])
        for k in range(rows // len(CRITERIA)):
            when = (start + dt.timedelta(minutes=7 * k)).strftime("%Y-%m-%d %H:%M")
            rep = f"Rep {k % 50:03d}"
            for c in CRITERIA:
                out.writerow([f"X{k:07d}", rep, when, c, rng.randint(40, 100), "inbound"])


def compile_package() -> None:
    """The package's bytecode written once, as installing it from a wheel does: in an editable
    install with PYTHONDONTWRITEBYTECODE set (as on CI machines) every process would otherwise compile
    the whole package again before it starts, the naive refresh and the coachlog runs alike."""
    import compileall

    import coachlog_xl

    compileall.compile_dir(Path(coachlog_xl.__file__).parent, quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--naive-1m", action="store_true", help="also time openpyxl load+save at 1M rows (minutes)")
    ap.add_argument("--only", nargs="+", help="approach names to run (default: all)")
    ap.add_argument("--paste", choices=("header", "below", "weekly"), default="header",
                    help="below: the Scores rows under an export's own header in row 2; weekly: and that "
                         "header again above each week's rows (scale_book.py)")
    ap.add_argument("--columns", type=int, choices=(8, 6), default=8,
                    help="6: the rows without their evaluator and grading date (scale_book.py)")
    args = ap.parse_args()
    compile_package()
    results: dict[tuple[int, str], tuple[float, float, float]] = {}
    split: dict[tuple[int, str], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "export-100k.csv"
        make_export(csv_path, 100_000)
        chosen = [a for a in approaches(csv_path) if not args.only or a.name in args.only]
        print(f"{'rows':>9} {'approach':<14} {'median s':>9} {'spread s':>9} {'peak MB':>8}", flush=True)
        for rows in args.rows:
            path = Path(tmp) / f"bench-{rows}.xlsx"
            make_workbook(path, rows, paste=args.paste, columns=args.columns)
            for a in chosen:
                if a.name in ("naive-refresh", "load+save", "openpyxl-read") and rows >= 1_000_000 \
                        and not args.naive_1m:
                    continue
                if a.name == "import-100k" and rows != args.rows[0]:
                    continue  # the import does not depend on the workbook size
                once = a.name in ("naive-refresh", "load+save", "openpyxl-read") and rows >= 1_000_000
                results[rows, a.name] = measure(a, path, 1 if once else args.repeat)  # (minutes each at 1M: once)
                med, spread, peak = results[rows, a.name]
                print(f"{rows:>9} {a.name:<14} {med:>9.2f} {spread:>9.2f} {peak:>8.0f}", flush=True)
            split[rows, "cold"] = phases(path, warm=False)
            split[rows, "warm"] = phases(path, warm=True)
            print(f"{'':>9} file {os.path.getsize(path) / 1e6:.1f} MB", flush=True)
    report(results, split, args.rows)


def report(results: dict, split: dict, sizes: list[int]) -> None:
    print("\nIn-process compute_file, seconds per step (read side apart from the writer):")
    for (rows, kind), steps in split.items():
        print(f"{rows:>9} {kind:<5} " + ", ".join(f"{k}: {v:.2f}" for k, v in steps.items())
              + f"; total {sum(steps.values()):.2f}")
    print("\nTargets:")
    for rows in sizes:
        def get(name, rows=rows):
            return results.get((rows, name), (None, None, None))

        cold, _, cold_peak = get("refresh-cold")
        fast = get("fastexcel")[0]
        naive, floor = get("naive-refresh")[0], get("load+save")[0]
        warm, edited = get("warm-unchanged")[0], get("warm-log-edit")[0]
        check_warm = get("check-warm")[0]
        if cold and fast:
            print(f"{rows:>9} refresh cold / fastexcel read = {cold / fast:.2f} (target <= 1.3 at 1M)")
        if cold and naive:
            print(f"{rows:>9} naive refresh / refresh cold = {naive / cold:.1f}x "
                  "(target >= 20x at 100k, >= 40x at 1M)")
        if cold and floor:
            print(f"{rows:>9} openpyxl load+save alone / refresh cold = {floor / cold:.1f}x")
        if cold_peak:
            print(f"{rows:>9} refresh cold peak memory {cold_peak:.0f} MB (target < 1500 MB)")
        if warm:
            print(f"{rows:>9} warm refresh, workbook unchanged {warm:.2f} s (target < 1.5 s at 1M)")
        if edited:
            print(f"{rows:>9} warm refresh after a Log edit {edited:.2f} s; check warm {check_warm or 0:.2f} s")
    imp = next((v[0] for (r, n), v in results.items() if n == "import-100k"), None)
    if imp:
        print(f"{'':>9} import of a 100k-row CSV into a new workbook {imp:.2f} s (target < 5 s)")
    for name in ("refresh-cold", "check-warm", "fastexcel"):
        runs = [(r, results[r, name]) for r in sizes if (r, name) in results]
        if len(runs) > 1:
            print(f"\nGrowth of {name}: " + "; ".join(
                f"{a:,} -> {b:,} rows (x{b / a:g}): time x{vb[0] / va[0]:.1f}, peak x{vb[2] / va[2]:.1f}"
                for (a, va), (b, vb) in zip(runs, runs[1:])))

if __name__ == "__main__":
    main()
