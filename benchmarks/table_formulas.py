"""``coachlog check`` and ``coachlog refresh`` on a workbook whose team sheet holds many formulas naming a
table column a refresh renames back (:mod:`coachlog_xl.workbook.tablerefs`).

The workbook is ``coachlog demo``'s, refreshed once; its Follow-up is formatted as the table FollowUp with
Delta renamed "Delta pts" (cell and table), and a sheet Big holds ``=SUM(FollowUp[Delta pts])+r`` in A1 to
A``n`` for each ``--formulas`` n (the rows after n, to ``--rows``, hold ``=B r*2+C r``, which name none).
Each command runs as a whole process on a fresh copy, ``--repeat`` times (the median and the figures of
the last run: seconds, bytes printed, the rows of Checks holding ``formula-names-table-column``).

    python benchmarks/table_formulas.py [--formulas 10000 100000] [--rows 100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.table import Table


def _base(folder: Path) -> Path:
    book = folder / "demo.xlsx"
    subprocess.run(["coachlog", "demo", str(book)], check=True, capture_output=True)
    subprocess.run(["coachlog", "refresh", str(book), "--as-of", "2026-06-01", "--no-cache", "--no-backup"],
                   check=True, capture_output=True)
    wb = load_workbook(book)
    fu = wb["Follow-up"]
    fu.auto_filter.ref = None
    table = Table(displayName="FollowUp", ref=f"A1:{fu.cell(1, fu.max_column).column_letter}{fu.max_row}")
    table._initialise_columns()
    for column in table.tableColumns:
        column.name = fu.cell(1, column.id).value
        if column.name == "Delta":
            column.name = fu.cell(1, column.id).value = "Delta pts"
    fu.add_table(table)
    wb.save(book)
    return book


def _with_formulas(base: Path, out: Path, n: int, rows: int) -> None:
    wb = load_workbook(base)
    big = wb.create_sheet("Big")
    for r in range(1, rows + 1):
        big.cell(r, 1, f"=SUM(FollowUp[Delta pts])+{r}" if r <= n else f"=B{r}*2+C{r}")
    wb.save(out)


def _named_rows(book: Path) -> int:
    wb = load_workbook(book, read_only=True)
    return sum(1 for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if r[5] == "formula-names-table-column")


def _run(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(done.stderr.decode(errors="replace")[-2000:])
    return seconds, len(done.stdout) + len(done.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formulas", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    a = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = _base(folder)
        for n in a.formulas:
            made = folder / f"big{n}.xlsx"
            _with_formulas(base, made, n, max(a.rows, n))
            for command in ("check", "refresh"):
                times = []
                for _ in range(a.repeat):
                    book = folder / f"run{n}.xlsx"
                    shutil.copyfile(made, book)
                    extra = ["--no-backup"] if command == "refresh" else []
                    seconds, printed = _run(["coachlog", command, str(book), "--as-of", "2026-06-02", "--no-cache",
                                             *extra])
                    times.append(seconds)
                rows = f", {_named_rows(book)} Checks rows" if command == "refresh" else ""
                print(f"{n:>7} formulas  {command:<8} {statistics.median(times):7.2f} s  {printed:>10,} bytes "
                      f"printed{rows}", flush=True)


if __name__ == "__main__":
    main()
