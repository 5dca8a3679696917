"""What finding the Scores rows whose text call dates read two ways costs a refresh, where Date order on Settings
cannot be read (``dd/mm``): :func:`coachlog_xl.core.orderwaits.two_way_rows` as it is (each distinct text, and
each distinct text and moment, read once) beside the row-by-row way it replaced (kept here as the naive
reference), on the same arguments, with whether both give the same (rep, criterion, day) set.

The Scores sheet: ROWS text call dates written day-first with a time (``03/04/2025 14:30``), every day and month up
to 12 (each reads two ways, none proves the order), under a header naming UTC (``Call date (UTC)``) with the
Settings Time zone Asia/Tokyo, so that each moment is converted as the reader converts it; 50 reps, 8 criteria, one
row in 20 with an Exclude reason.  The arguments are those a refresh's read of that sheet hands the function; each
figure is the fastest of RUNS calls, in one process.

    python benchmarks/two_way_dates.py [--rows 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # (typed_scan's timer)

from typed_scan import fastest  # noqa: E402

from coachlog_xl import schema  # noqa: E402
from coachlog_xl.core import calls, orderwaits  # noqa: E402
from coachlog_xl.core.dateorder import reads_two_ways  # noqa: E402
from coachlog_xl.core.inputs import RawInputs, RawTable  # noqa: E402
from coachlog_xl.core.orderwaits import _other_moment, settings_order_pastes  # noqa: E402
from coachlog_xl.core.refresh import compute  # noqa: E402

CRITERIA = [f"Criterion {c}" for c in range(8)]
REPS = [f"Rep {r:02d}" for r in range(50)]
HEADER = "Call date (UTC)"


def naive_two_way_rows(col, out, stated, proved, at, zone, convert) -> set[tuple]:
    """The row-by-row way (the code before it was made per distinct value): each row asked whether its text reads
    two ways, each distinct text and moment read the other way, the set built row by row."""
    pastes = out["paste"].to_numpy()
    fallback = np.isin(pastes, settings_order_pastes(pastes, col, stated, proved))
    found: set[tuple] = set()
    if not fallback.any():
        return found
    read = pd.to_datetime(out["at"])
    ks, others, seen = [], [], {}
    for k in np.flatnonzero(fallback & read.notna().to_numpy() & (out["exclude"].to_numpy() == "")):
        if reads_two_ways(col.iat[k]):
            if (key := (col.iat[k], at[k])) not in seen:
                other = _other_moment(col.iat[k], at[k], zone)
                seen[key] = np.datetime64("NaT", "us") if other is None else np.datetime64(other, "us")
            ks.append(k)
            others.append(seen[key])
    if not ks:
        return found
    ks = np.array(ks)
    moved = convert(ks, np.array(others, dtype="datetime64[us]"))
    for k, other in zip(ks, moved):
        rep, crit = out["rep"].iat[k] or None, out["criterion"].iat[k] or None
        found.add((rep, crit, read.iat[k].date()))
        if not np.isnat(other):
            found.add((rep, crit, pd.Timestamp(other).date()))
    return found


def inputs(rows: int) -> RawInputs:
    """The workbook's inputs: the Scores sheet above, one Log session."""
    rng = np.random.default_rng(6)
    days, months = rng.integers(1, 13, rows), rng.integers(1, 13, rows)
    hours, quarters = rng.integers(8, 18, rows), rng.integers(0, 4, rows) * 15
    reps, crits, scores = rng.integers(0, len(REPS), rows), rng.integers(0, len(CRITERIA), rows), rng.integers(
        50, 101, rows)
    headers = [HEADER if h == "Call date" else h for h in schema.SCORES.headers]
    records = [{"call_id": f"C{k // len(CRITERIA):07d}", "rep": REPS[reps[k]], HEADER:
                f"{days[k]:02d}/{months[k]:02d}/2025 {hours[k]:02d}:{quarters[k]:02d}", "criterion": CRITERIA[crits[k]],
                "score": int(scores[k]), "call_type": "inbound", "exclude": "duplicate" if k % 20 == 0 else None}
               for k in range(rows)]
    raw = RawInputs.from_records(
        criteria=[{"criterion_id": f"K{c}", "name": name, "version": "v1", "effective": dt.date(2024, 1, 1)}
                  for c, name in enumerate(CRITERIA)],
        reps=[{"rep": r} for r in REPS],
        log=[{"session_id": "S-1", "rep": REPS[0], "session_date": dt.date(2025, 6, 15), "criterion": CRITERIA[0],
              "method": "role-play"}],
        settings={"date_order": "dd/mm", "time_zone": "Asia/Tokyo"})
    raw.scores = [RawTable.from_records(schema.SCORES, records, headers)]
    return raw


def handed(rows: int) -> tuple:
    """The arguments a refresh's read of the sheet hands :func:`~coachlog_xl.core.orderwaits.two_way_rows`."""
    got = []
    real = calls.two_way_rows

    def kept(*args):
        got.append(args)
        return real(*args)

    calls.two_way_rows = kept
    try:
        compute(inputs(rows), as_of=dt.date(2026, 1, 1))
    finally:
        calls.two_way_rows = real
    [args] = got
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    handed_args = handed(args.rows)
    texts = handed_args[0]
    print(f"{args.rows} Scores rows, {texts.nunique()} distinct text call dates, Date order dd/mm, Time zone "
          "Asia/Tokyo")
    naive_s, naive = fastest(args.runs, lambda: naive_two_way_rows(*handed_args))
    new_s, new = fastest(args.runs, lambda: orderwaits.two_way_rows(*handed_args))
    print(f"| {'way':30s} | {'seconds':>8s} | {'(rep, criterion, day)':>22s} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 24}|")
    print(f"| {'row by row (naive reference)':30s} | {naive_s:8.3f} | {len(naive):22d} |")
    print(f"| {'per distinct value':30s} | {new_s:8.3f} | {len(new):22d} |")
    print(f"ratio naive / per distinct value: {naive_s / new_s:.1f}x; same set: {naive == new}")
    if naive != new:
        raise SystemExit("the two ways give different sets")


if __name__ == "__main__":
    main()
