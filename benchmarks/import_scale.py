"""`coachlog import` of a CSV export into a new workbook, at 10k and 100k rows, side by side with the old way.

Each approach runs as a whole process on a fresh copy of a new workbook (``coachlog new``), median of
``--repeat`` runs; peak memory is the child's own maximum RSS (``wait4``, started from a small launcher):
- ``import (surgical)``: ``coachlog import BOOK.xlsx EXPORT.csv``: the rows streamed into a new sheet
  part, every other part of the package copied as stored;
- ``import (openpyxl)``: the same import written the way it was before, kept here only as the
  reference (:func:`naive_import`, also the tests' reference): load the whole workbook with openpyxl,
  append, save it whole.

    python benchmarks/import_scale.py [--rows 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from refresh_scale import coachlog, make_export  # noqa: E402
from refresh_scale import run as run_child  # noqa: E402

NAIVE = "import sys; sys.path.insert(0, sys.argv[3]); from import_scale import naive_import; " \
        "naive_import(sys.argv[1], sys.argv[2])"


def naive_import(book: Path, export: Path, sheet: str | None = None):
    """The import as it was: the export appended through a whole openpyxl workbook, saved whole (the
    reference for the surgical import; not a user option).  Returns the :class:`Appended` report."""
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.config import read_config
    from coachlog_xl.core.imports import preview
    from coachlog_xl.errors import UserDataError
    from coachlog_xl.workbook import reader, writer
    from coachlog_xl.workbook.exports import read_export
    from coachlog_xl.workbook.importer import plan_import
    from coachlog_xl.workbook.writelock import guarded_write

    with guarded_write(book) as before:
        inputs = reader.read_inputs(book)
        cfg = read_config(inputs, Issues())
        table = read_export(export, cfg.header_map)
        refused = preview(inputs, table).refused  # the same normalisation the command runs first
        if refused:
            raise UserDataError("\n".join(refused))
        wb = writer.load_for_writing(book)
        plan = plan_import(wb.sheetnames, inputs.scores, table, cfg, sheet, Path(export).stem)
        if plan.rows is not None:
            _append(wb, plan)
            writer.save_atomically(wb, book, backup=cfg.backup, expected=before)
    return plan.appended


def _append(wb, plan) -> None:
    """The planned rows written through openpyxl (what to add is decided as the surgical import decides it)."""
    from coachlog_xl import schema
    from coachlog_xl.workbook.fill import extend_table

    name, rows = plan.appended.sheet, plan.rows
    if plan.appended.new_sheet:
        ws = wb.create_sheet(name, wb.sheetnames.index(plan.after) + 1)
    else:
        ws = wb[name]
    for i, r in enumerate(rows.rows):
        _write_row(ws, rows.first + i, r, None if i in rows.plain else rows.links)
    if name == schema.SCORES.name:
        extend_table(ws, schema.SCORES.table, rows.last)


def _write_row(ws, row: int, values, link_col: int | None) -> None:
    from coachlog_xl.core import coerce
    from coachlog_xl.workbook.writer import set_cell

    for col, value in enumerate(values, start=1):
        if coerce.is_blank(value):
            continue
        cell = ws.cell(row=row, column=col)
        set_cell(cell, value)
        if link_col is not None and col - 1 == link_col and re.match(r"https?://", str(value).strip(), re.I):
            cell.hyperlink = str(value).strip()
            cell.style = "Hyperlink"


def run(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one child process (:func:`refresh_scale.run`)."""
    took, peak, _ = run_child(cmd, allowed=(0,))
    return took, peak


def measure(cmd, blank: Path, work: Path, repeat: int) -> tuple[float, float, float]:
    """Median seconds, spread (max - min) and the largest peak MB over ``repeat`` runs on fresh copies."""
    times, peaks = [], []
    for _ in range(repeat):
        shutil.copy(blank, work)
        took, peak = run(cmd)
        times.append(took)
        peaks.append(peak)
    return statistics.median(times), max(times) - min(times), max(peaks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    here = str(Path(__file__).resolve().parent)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        blank, work = Path(tmp) / "blank.xlsx", Path(tmp) / "team.xlsx"
        subprocess.run(coachlog("new", str(blank)), check=True,
                       stdout=subprocess.DEVNULL)
        for rows in args.rows:
            export = Path(tmp) / f"export_{rows}.csv"
            make_export(export, rows)
            surgical = coachlog("import", str(work), str(export))
            naive = [sys.executable, "-c", NAIVE, str(work), str(export), here]
            results[rows] = (measure(surgical, blank, work, args.repeat), measure(naive, blank, work, args.repeat))
            print(f"measured {rows:,} rows", file=sys.stderr)
    print(f"\n`coachlog import` of a CSV export into a new workbook (whole processes, median of {args.repeat})\n")
    print("| rows | surgical s | spread | peak MB | openpyxl s | spread | peak MB | time ratio | memory ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for rows, ((t1, s1, m1), (t2, s2, m2)) in results.items():
        print(f"| {rows:,} | {t1:.2f} | {s1:.2f} | {m1:,.0f} | {t2:.2f} | {s2:.2f} | {m2:,.0f} | "
              f"{t2 / t1:.1f}x | {m2 / m1:.1f}x |")


if __name__ == "__main__":
    main()
