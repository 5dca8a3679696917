"""Refresh time and peak memory at 10k / 100k / 1M score rows, side by side with the naive approach.

Each approach runs as a whole process (median of --repeat runs) on the same generated workbook:
- ``coachlog refresh``: the CLI as users run it;
- ``openpyxl load+save``: the naive refresh floor (load the whole workbook, save it), for comparison;
- ``calamine read``: reading the Scores sheet alone with python-calamine (a lower bound for any
  refresh that reads its input).
Prints a table of seconds, peak memory (RSS of the child), spread and the ratios.

    python benchmarks/refresh_scale.py --rows 10000 100000 [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAIVE = "import sys; from openpyxl import load_workbook; wb = load_workbook(sys.argv[1]); wb.save(sys.argv[1])"
CALAMINE = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('Scores').to_python()"
)


def make_workbook(path: Path, rows: int, seed: int = 7) -> None:
    """A workbook with ``rows`` score rows (8 criteria per call) and one session per 100 rows."""
    from openpyxl import load_workbook

    from coachlog_xl import api, schema

    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    rng = random.Random(seed)
    criteria = [f"Criterion {i}" for i in range(1, 9)]
    reps = [f"Rep {i:03d}" for i in range(max(2, rows // 2000))]
    for i, c in enumerate(criteria, start=2):
        wb["Criteria"].cell(row=i, column=2, value=c)
    for i, r in enumerate(reps, start=2):
        wb["Reps"].cell(row=i, column=1, value=r)
    ws = wb["Scores"]
    start = dt.datetime(2025, 1, 1, 9)
    calls = rows // len(criteria)
    r = 2
    for k in range(calls):
        rep = reps[k % len(reps)]
        when = start + dt.timedelta(minutes=k * (365 * 24 * 60 // calls))
        for c in criteria:
            ws.cell(row=r, column=1, value=f"C{k:07d}")
            ws.cell(row=r, column=2, value=rep)
            ws.cell(row=r, column=3, value=when)
            ws.cell(row=r, column=4, value=c)
            ws.cell(row=r, column=5, value=rng.randint(40, 100))
            ws.cell(row=r, column=6, value=rng.choice(["inbound", "outbound"]))
            r += 1
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for s in range(max(1, rows // 100)):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(20, 300))
        values = {"session_id": f"S{s:05d}", "rep": rng.choice(reps), "session_date": day,
                  "criterion": rng.choice(criteria), "method": "role-play"}
        for key, value in values.items():
            log.cell(row=s + 2, column=head.index(schema.LOG.column(key).header) + 1, value=value)
    wb.save(path)


def run(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one child process (its own rusage, through wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t0
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}\n{err}")
    return took, usage.ru_maxrss / 1024


def measure(cmd_for, path: Path, repeat: int) -> tuple[float, float, float]:
    times, peaks = [], []
    for _ in range(repeat):
        work = path.with_name("run-" + path.name)
        work.write_bytes(path.read_bytes())
        took, peak = run(cmd_for(work))
        times.append(took)
        peaks.append(peak)
        work.unlink()
    return statistics.median(times), max(times) - min(times), max(peaks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    approaches = {
        "coachlog refresh": lambda p: [sys.executable, "-m", "coachlog_xl.cli", "refresh", str(p), "-q",
                                        "--no-backup", "--as-of", "2025-12-31"],
        "openpyxl load+save": lambda p: [sys.executable, "-c", NAIVE, str(p)],
        "calamine read": lambda p: [sys.executable, "-c", CALAMINE, str(p)],
    }
    print(f"{'rows':>9} {'approach':<20} {'median s':>9} {'spread s':>9} {'peak MB':>8} {'x naive':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = Path(tmp) / f"bench-{rows}.xlsx"
            make_workbook(path, rows)
            results = {name: measure(cmd, path, args.repeat) for name, cmd in approaches.items()}
            naive = results["openpyxl load+save"][0]
            for name, (med, spread, peak) in results.items():
                print(f"{rows:>9} {name:<20} {med:>9.2f} {spread:>9.2f} {peak:>8.0f} {naive / med:>8.2f}")
            print(f"{'':>9} file size {os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
