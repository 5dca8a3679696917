"""What a refresh inside Excel costs at 10k / 50k / 100k / 200k score rows, against xlwings Lite's limits.

Each size runs in its own process on the in-memory book of the tests (tests/xlbook.py), which sends
what xlwings' remote engine would send, so the numbers are those of ``coachlog_xl.excel.refresh(book)``
without Excel itself:

- seconds for the whole refresh through the seam, and for the core computation alone on the same
  inputs (the naive floor: no reading or writing), with their ratio;
- peak memory of the process (RSS; Lite gives Python about 2 GB);
- the snapshot Lite reads when the script starts (all sheets' values as JSON) and the Scores sheet's
  share of it;
- the writes: how many, the largest one (Excel on the web refuses more than 5 MB in one transfer) and
  the largest computed sheet written in one piece, as a write without chunks would send it.

    python benchmarks/excel_lite_scale.py [--rows 10000 50000 100000 200000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import datetime as dt, json, resource, sys, time
sys.path.insert(0, {root!r})
from benchmarks.excel_lite_scale import make_sheets, snapshot_bytes
from coachlog_xl import excel, schema
from coachlog_xl.core.refresh import compute
from coachlog_xl.workbook import reader, writer
from tests.xlbook import MemoryBook, _payload

sheets = make_sheets({rows})
read_all, read_scores = snapshot_bytes(sheets)
core_book = MemoryBook(sheets)
inputs = reader.inputs_from_book(excel.XlwingsBook(core_book))
t = time.perf_counter(); result = compute(inputs); core = time.perf_counter() - t
book = MemoryBook(sheets)
t = time.perf_counter(); excel.refresh(book); seam = time.perf_counter() - t
whole = max(_payload([s.headers] + [[excel._write(v) for v in r] for r in writer.sheet_rows(s, getattr(result, k))])
            for s, k in ((schema.FOLLOWUP, "followup"), (schema.BASELINE, "baseline"),
                         (schema.AGGREGATE, "aggregate"), (schema.CHECKS, "checks")))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(rows={rows}, sessions=result.summary["sessions"], seam=seam, core=core, rss=rss,
                      read_all=read_all, read_scores=read_scores, writes=len(book.transfers),
                      largest=max(book.transfers), whole=whole)))
"""


def make_sheets(rows: int, seed: int = 7) -> dict[str, list[list]]:
    """A workbook's values: ``rows`` score rows (8 criteria per call) and one session per 100 rows."""
    from coachlog_xl import schema

    rng = random.Random(seed)
    criteria = [f"Criterion {i}" for i in range(1, 9)]
    reps = [f"Rep {i:03d}" for i in range(max(2, rows // 2000))]
    start = dt.datetime(2025, 1, 1, 9)
    calls = rows // len(criteria)
    scores = [schema.SCORES.headers]
    for k in range(calls):
        when = start + dt.timedelta(minutes=k * (365 * 24 * 60 // calls))
        for c in criteria:
            row = [f"C{k:07d}", reps[k % len(reps)], when, c, rng.randint(40, 100), rng.choice(["inbound", "outbound"])]
            scores.append(row + [None] * (len(schema.SCORES.columns) - len(row)))
    log = [schema.LOG.headers]
    keys = schema.LOG.keys
    for s in range(rows // 100):
        rec = {"session_id": f"S{s:05d}", "rep": reps[s % len(reps)], "criterion": criteria[s % len(criteria)],
               "session_date": (start + dt.timedelta(days=30 + (s * 300) // max(1, rows // 100))).replace(hour=0),
               "target": "Acknowledge the concern before troubleshooting", "method": "role-play",
               "summary": "Reviewed two calls; practised the opening; agreed to try it on every call"}
        log.append([rec.get(k) for k in keys])
    return {
        schema.START: [["Coaching log"], [None], [None, None]],
        "Criteria": [schema.CRITERIA.headers] + [[f"C{i}", c] for i, c in enumerate(criteria, 1)],
        "Reps": [schema.REPS.headers] + [[r] for r in reps],
        "Scores": scores,
        "Log": log,
        "Settings": [["Setting", "Value"], ["As-of date", dt.datetime(2026, 1, 31)]],
    }


def snapshot_bytes(sheets: dict[str, list[list]]) -> tuple[int, int]:
    """Bytes of the JSON snapshot Lite reads at the start (dates as ISO text), and the Scores sheet's part."""
    def size(rows):
        return len(json.dumps([[v.isoformat() + ".000Z" if isinstance(v, dt.datetime) else ("" if v is None else v)
                                for v in r] for r in rows]).encode())
    return sum(size(r) for r in sheets.values()), size(sheets["Scores"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000, 100_000, 200_000])
    args = parser.parse_args()
    print(f"{'score rows':>10} {'sessions':>8} {'refresh s':>9} {'core s':>7} {'ratio':>5} {'peak MB':>7} "
          f"{'snapshot MB':>11} {'Scores MB':>9} {'writes':>6} {'largest KB':>10} {'unchunked MB':>12}")
    for rows in args.rows:
        out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), rows=rows)],
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout
        r = json.loads(out.splitlines()[-1])
        print(f"{r['rows']:>10,} {r['sessions']:>8,} {r['seam']:>9.2f} {r['core']:>7.2f} "
              f"{r['seam'] / r['core']:>5.2f} {r['rss']:>7.0f} {r['read_all'] / 1e6:>11.2f} "
              f"{r['read_scores'] / 1e6:>9.2f} {r['writes']:>6} {r['largest'] / 1e3:>10.0f} {r['whole'] / 1e6:>12.2f}")


if __name__ == "__main__":
    main()
