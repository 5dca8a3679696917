"""Writing the computed sheets: the surgical package writer side by side with the naive openpyxl save.

For each size, a workbook with that many score rows is generated once; each approach then writes the
same computed rows (Follow-up and Baseline with one row per session, Aggregate, Checks) into a fresh
copy, in its own process (median of --repeat runs).  Prints the seconds of the whole process and of the
write itself (write_sheet calls and save), the spread of the write, peak memory (RSS of the child)
and the ratio naive / surgical of the write.

    python benchmarks/write_scale.py --scores 10000 100000 --sessions 10000 [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coachlog_xl import schema

ROOT = Path(__file__).resolve().parent.parent


def make_workbook(path: Path, scores: int) -> None:
    from openpyxl import load_workbook

    from coachlog_xl import api

    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    ws = wb["Scores"]
    rng = random.Random(7)
    start = dt.datetime(2025, 1, 1, 9)
    for i in range(scores):
        ws.append([f"C{i // 8}", f"Rep {i % 500:03d}", start + dt.timedelta(minutes=7 * (i // 8)),
                   f"Criterion {i % 8 + 1}", rng.randint(40, 100), "inbound"])
    wb.save(path)


def computed_rows(sheet: schema.Sheet, n: int, seed: int = 1) -> list[list]:
    """Plausible values of each column's kind (text, dates, numbers, yes/no)."""
    rng = random.Random(seed)
    day = dt.date(2025, 3, 1)

    def value(col: schema.Column, i: int):
        if col.kind == schema.DATE:
            return day + dt.timedelta(days=i % 300)
        if col.kind == schema.DATETIME:
            return dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=i)
        if col.kind in (schema.MEAN, schema.NUMBER, schema.SHARE):
            return rng.random() * 100 if rng.random() > 0.1 else None
        if col.kind == schema.INTEGER:
            return rng.randrange(20)
        if col.kind == schema.FLAG:
            return rng.choice(["yes", "no"])
        return f"{col.key} {i} & notes <{rng.randrange(1000)}>"
    return [[value(c, i) for c in sheet.columns] for i in range(n)]


def write_once(approach: str, path: Path, sessions: int) -> float:
    """Write the computed rows through one approach; returns the seconds of the write itself."""
    from benchmarks.naive_refresh import NaiveBook
    from coachlog_xl.workbook.book import FileBook

    book = (NaiveBook if approach == "naive" else FileBook)(path)
    sizes = {schema.FOLLOWUP: sessions, schema.BASELINE: sessions, schema.AGGREGATE: 40, schema.CHECKS: sessions // 10}
    rows = {sheet: computed_rows(sheet, n) for sheet, n in sizes.items()}
    start = time.perf_counter()
    for sheet, values in rows.items():
        book.write_sheet(sheet, values)
    book.save(backup=False)
    return time.perf_counter() - start


def run(approach: str, src: Path, sessions: int) -> tuple[float, float, float]:
    """Whole-process seconds, write seconds and peak memory (MB) of one run."""
    work = Path(tempfile.mkdtemp(prefix="write-scale-"))
    try:
        copy = work / src.name
        shutil.copy(src, copy)
        code = ("import sys, resource; from pathlib import Path; sys.path.insert(0, sys.argv[4]); "
                "from benchmarks.write_scale import write_once; s = write_once(sys.argv[1], Path(sys.argv[2]), "
                "int(sys.argv[3])); print(s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, approach, str(copy), str(sessions),
                              str(ROOT)], check=True, capture_output=True, text=True)
        write, peak = out.stdout.split()[-2:]
        return time.perf_counter() - t, float(write), int(peak) / 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'score rows':>10} {'approach':>10} {'process s':>9} {'write s':>8} {'spread':>7} {'peak MB':>8} "
          f"{'ratio':>6}")
    for scores in args.scores:
        with tempfile.TemporaryDirectory() as folder:
            src = Path(folder) / f"scores-{scores}.xlsx"
            # In a child: a process's peak memory survives into the children it starts.
            subprocess.run([sys.executable, "-c",
                            "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]); "
                            "from benchmarks.write_scale import make_workbook; make_workbook(Path(sys.argv[1]), "
                            "int(sys.argv[2]))", str(src), str(scores), str(ROOT)], check=True)
            results = {}
            for approach in ("surgical", "naive"):
                runs = [run(approach, src, args.sessions) for _ in range(args.repeat)]
                writes = [r[1] for r in runs]
                results[approach] = statistics.median(writes)
                ratio = results[approach] / results["surgical"]
                print(f"{scores:>10} {approach:>10} {statistics.median(r[0] for r in runs):>9.2f} "
                      f"{results[approach]:>8.2f} {max(writes) - min(writes):>7.2f} {max(r[2] for r in runs):>8.0f} "
                      f"{ratio:>5.1f}x", flush=True)


if __name__ == "__main__":
    main()
