"""Writing the computed sheets: the surgical package writer side by side with the naive openpyxl save.

For each size, a workbook with that many score rows is generated once; each approach then writes the
same computed rows (Follow-up and Baseline with one row per session, Aggregate, Checks) into a fresh
copy, in its own process (median of --repeat runs).  Prints seconds, peak memory (RSS of the child),
the spread and the ratio naive / surgical.

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


def write_once(approach: str, path: Path, sessions: int) -> None:
    from benchmarks.naive_refresh import NaiveBook
    from coachlog_xl.workbook.book import FileBook

    book = (NaiveBook if approach == "naive" else FileBook)(path)
    sizes = {schema.FOLLOWUP: sessions, schema.BASELINE: sessions, schema.AGGREGATE: 40, schema.CHECKS: sessions // 10}
    for sheet, n in sizes.items():
        book.write_sheet(sheet, computed_rows(sheet, n))
    book.save(backup=False)


def run(approach: str, src: Path, sessions: int) -> tuple[float, float]:
    work = Path(tempfile.mkdtemp(prefix="write-scale-"))
    try:
        copy = work / src.name
        shutil.copy(src, copy)
        code = ("import sys, resource; from pathlib import Path; sys.path.insert(0, sys.argv[4]); "
                "from benchmarks.write_scale import write_once; write_once(sys.argv[1], Path(sys.argv[2]), "
                "int(sys.argv[3])); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, approach, str(copy), str(sessions),
                              str(Path(__file__).resolve().parent.parent)], check=True, capture_output=True, text=True)
        return time.perf_counter() - t, int(out.stdout.split()[-1]) / 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'score rows':>10} {'approach':>10} {'seconds':>8} {'spread':>7} {'peak MB':>8} {'ratio':>6}")
    for scores in args.scores:
        with tempfile.TemporaryDirectory() as folder:
            src = Path(folder) / f"scores-{scores}.xlsx"
            make_workbook(src, scores)
            results = {}
            for approach in ("surgical", "naive"):
                runs = [run(approach, src, args.sessions) for _ in range(args.repeat)]
                secs = [r[0] for r in runs]
                results[approach] = statistics.median(secs)
                ratio = results[approach] / results["surgical"]
                print(f"{scores:>10} {approach:>10} {results[approach]:>8.2f} {max(secs) - min(secs):>7.2f} "
                      f"{max(r[1] for r in runs):>8.0f} {ratio:>5.1f}x", flush=True)


if __name__ == "__main__":
    main()
