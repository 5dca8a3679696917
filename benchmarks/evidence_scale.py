"""The cost of the evidence step (comparison group, RTM, drift) on simulated teams of growing size.

For each team (tests/evidence_kit.py: one criterion, one call a rep a day, reps coached after a low run)
it times, in the same process, median of --repeat runs:
- ``compute``: the whole core refresh, evidence included;
- ``panel``: the windows of every rep around every session as coachlog_xl.core.panel takes them (the
  other reps in chunks of nearby sessions, each with only the calls it can reach);
- ``naive panel``: the same windows from one merge of every session with every rep's whole history.
Prints seconds, the pairs of (session, call) each panel builds and the ratio naive / chunked.

    python benchmarks/evidence_scale.py [--teams 20x200 60x240 80x600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coachlog_xl import schema  # noqa: E402
from coachlog_xl.core import panel as panel_module  # noqa: E402
from coachlog_xl.core.calls import count, normalise  # noqa: E402
from coachlog_xl.core.checks import Issues  # noqa: E402
from coachlog_xl.core.config import read_config  # noqa: E402
from coachlog_xl.core.inputs import by_schema  # noqa: E402
from coachlog_xl.core.names import criterion_directory, rep_directory  # noqa: E402
from coachlog_xl.core.pairsums import KEEP_ALL  # noqa: E402
from coachlog_xl.core.refresh import compute  # noqa: E402
from coachlog_xl.core.sessions import read_sessions  # noqa: E402
from coachlog_xl.core.windows import assign  # noqa: E402
from tests.evidence_kit import simulate  # noqa: E402


def naive_panel(sessions, calls):
    """Every session with every rep's whole history in one merge (what the chunks avoid)."""
    sess = sessions.assign(s=range(len(sessions)))
    pairs = sess.drop(columns=["rep"]).merge(calls[["rep", "criterion"]].drop_duplicates(), on="criterion")
    columns = ["s", "rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]
    pseudo = pairs.assign(s=range(len(pairs)), window_n=KEEP_ALL)[columns]
    return assign(pseudo, calls)


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", nargs="+", default=["20x200", "60x240", "80x600"], help="REPSxDAYS")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'team':>8} {'calls':>7} {'sessions':>8} {'compute s':>9} {'panel s':>8} {'pairs':>9} "
          f"{'naive s':>8} {'naive pairs':>11} {'naive/panel':>11}")
    for team in args.teams:
        reps, days = (int(v) for v in team.split("x"))
        inputs, as_of, records = simulate(8.0, 0, reps=reps, days=days, step=7, per_date=2)
        t_compute, _ = timed(lambda inputs=inputs, as_of=as_of: compute(inputs, as_of=as_of), args.repeat)
        issues = Issues()
        cfg = read_config(inputs, issues)
        rep_dir = rep_directory(by_schema(inputs.reps, schema.REPS)[0])
        crit_dir = criterion_directory(by_schema(inputs.criteria, schema.CRITERIA)[0])
        calls = count(normalise(inputs.scores, cfg, rep_dir, crit_dir), as_of, issues)
        sessions = read_sessions(inputs.log, cfg, rep_dir, crit_dir, issues)
        t_panel, (_, members) = timed(lambda s=sessions, c=calls: panel_module.panel(s, c), args.repeat)
        t_naive, naive = timed(lambda s=sessions, c=calls: naive_panel(s, c), args.repeat)
        print(f"{team:>8} {len(records['scores']):>7} {len(records['log']):>8} {t_compute:>9.2f} {t_panel:>8.2f} "
              f"{len(members):>9} {t_naive:>8.2f} {len(naive):>11} {t_naive / t_panel:>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
