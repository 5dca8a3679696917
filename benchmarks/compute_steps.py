"""Where the compute's CPU goes, step by step: :func:`coachlog_xl.core.refresh.compute` run again and again
in one process on a workbook's inputs, each of its steps timed.

A cold refresh of 100,000 score rows computes in one process (no step is large enough for a second
one), on the first process's path (``benchmarks/refresh_timeline.py``); its time is spread over many
steps of a few milliseconds each.  This reads the workbook's inputs once (no refresh cache, no prefetch:
the Scores are normalised by the compute, as in a cold refresh), then computes ``--runs`` times, each on
a fresh copy of the inputs, with every function the compute calls by name (those of ``core/refresh.py``'s
namespace, the evidence's and the baselines' steps) wrapped to add its own CPU seconds up, less those of
the wrapped steps it calls; what no wrapped step takes is ``(the rest)``: the compute's own lines.  Printed: each step's
median in milliseconds and its share of the compute's median, the largest first.

    python benchmarks/compute_steps.py BOOK [--runs 15] [--as-of 2025-12-31]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import pickle
import statistics
import time
import types
from collections import defaultdict
from pathlib import Path

from coachlog_xl.core import aggregate, checks, evidence, refresh, selfscored
from coachlog_xl.workbook import reader
from coachlog_xl.workbook.book import FileBook

# the steps timed: functions compute calls through these modules' names
STEPS = {
    refresh: ["read_config", "by_schema", "rep_directory", "criterion_directory", "normalise", "read_sessions",
              "near_rows", "count", "held_back", "id_rank", "records", "CallRuns", "window_ends", "effective_dates",
              "assign",
              "window_stats", "mark_other_types", "followup_columns", "_log_checks", "baseline_columns",
              "join_parts", "followup_table", "baseline_table", "_suggest", "Aggregation", "_result"],
    refresh.bl: ["mark_untyped", "settle_rows", "mark_held", "known_calls", "writes_frame", "no_scores"],
    evidence: ["team_figures", "session_evidence", "evidence_checks"],
    aggregate: ["_dimension", "_session_rows", "_evaluator_rows"],  # (the Aggregate's pieces, made in compute)
    aggregate.Aggregation: ["frame"],
    checks.Issues: ["frame"],
    selfscored: ["mark", "left_out"],  # (in normalise: the self-assessments found, told and left out)
}


class Steps:
    """Each wrapped step's own CPU seconds in the current run (nested steps' taken out of their caller's)."""

    def __init__(self):
        self.own: dict[str, float] = defaultdict(float)
        self._inner: list[float] = []  # per open step, the CPU seconds of the wrapped steps it called

    def wrap(self, owner, name: str) -> None:
        fn = getattr(owner, name)
        label = name if isinstance(owner, types.ModuleType) else f"{owner.__name__}.{name}"

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self._inner.append(0.0)
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.process_time() - started
                inner = self._inner.pop()
                self.own[label] += took - inner
                if self._inner:
                    self._inner[-1] += took

        setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--as-of", default="2025-12-31")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    book = FileBook(args.book)
    try:
        inputs, _ = reader.read_cached(book, use_cache=False)
    finally:
        book.close()
    kept = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    steps = Steps()
    for owner, names in STEPS.items():
        for name in names:
            steps.wrap(owner, name)
    per_step: dict[str, list[float]] = defaultdict(list)
    totals = []
    for _ in range(args.runs):
        fresh = pickle.loads(kept)
        steps.own.clear()
        started = time.process_time()
        refresh.compute(fresh, as_of=as_of, today=as_of)
        totals.append(time.process_time() - started)
        steps.own["(the rest)"] = totals[-1] - sum(steps.own.values())
        for name in {*per_step, *steps.own}:
            per_step[name].append(steps.own.get(name, 0.0))
    total = statistics.median(totals)
    print(f"{args.book.name}: compute {total * 1e3:.1f} ms of CPU (median of {args.runs} runs)")
    for name, took in sorted(per_step.items(), key=lambda item: -statistics.median(item[1])):
        ms = statistics.median(took) * 1e3
        print(f"{ms:8.2f} ms {ms / (total * 1e3):6.1%}  {name}")


if __name__ == "__main__":
    main()
