"""Weekly exports of one platform imported file by file, each onto a sheet of its own: a week whose dates show no
order (every day up to 12) is read in the order the same export's other weeks prove, not in the Settings one; where
those prove both orders, in the Settings one, with a warning naming them (domain.md, Exact rules: dates)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from tests.session_kit import one_session_book

HEADER = ["Call Id", "Agent", "Call date", "Metric", "Score"]
DAY_FIRST_WEEK = [["D1", "Dana Cruz", "20/03/2026 10:00", "Empathy", 60],  # 20/03: only possible day-first
                  ["D2", "Dana Cruz", "27/03/2026 10:00", "Empathy", 70]]
NO_ORDER_WEEK = [["D3", "Dana Cruz", "02/04/2026 10:00", "Empathy", 80],  # every day up to 12: either order
                 ["D4", "Dana Cruz", "08/04/2026 10:00", "Empathy", 90],
                 ["D5", "Dana Cruz", "10/04/2026 10:00", "Empathy", 100]]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args])
    assert result.exit_code == 0, result.output
    return result.output


def _import(book, tmp_path, name: str, rows: list[list]) -> str:
    """``rows`` under :data:`HEADER` written to ``name``.csv and imported (onto a sheet of its own, Scores name)."""
    path = tmp_path / f"{name}.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return _run("import", str(book), str(path))


def _refreshed(book, as_of: str = "2026-04-20") -> tuple[list, list[tuple]]:
    _run("refresh", str(book), "--as-of", as_of, "--no-backup")
    wb = load_workbook(book, read_only=True)
    rows = list(wb["Follow-up"].iter_rows(values_only=True))
    got = dict(zip(rows[0], rows[1]))
    keys = ("baseline_n", "baseline_mean", "followup_n", "followup_mean")
    checks = [(r[0], r[1], r[5]) for r in wb["Checks"].iter_rows(min_row=2, values_only=True)]
    return [got[schema.FOLLOWUP.column(k).header] for k in keys], checks


@pytest.mark.parametrize("refreshed_between", [False, True])
def test_a_week_proving_no_order_on_its_own_sheet_is_read_as_the_same_exports_other_week(tmp_path, refreshed_between):
    # Settings month-first (the default); the session on 2026-04-06, date only.  Week one proves day-first
    # (20/03).  Week two read day-first: 02/04 is 2 April (baseline), 08/04 and 10/04 are 8 and 10 April
    # (follow-up).  Baseline (60 + 70 + 80) / 3 = 70, follow-up (90 + 100) / 2 = 95.  Read month-first, 02/04
    # was 4 February and 08/04, 10/04 August and October, after the as-of date: follow-up n 0.
    # (Refreshed between the imports, before the session records its baseline, the second import reads the
    # workbook's pastes from the refresh cache.)
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 4, 6), criterion="Empathy")
    _import(book, tmp_path, "week1", DAY_FIRST_WEEK)
    if refreshed_between:
        _refreshed(book, "2026-04-01")
    said = _import(book, tmp_path, "week2", NO_ORDER_WEEK)
    [warning] = [line for line in said.splitlines() if "week2.csv: its dates" in line]
    assert warning.strip().startswith("warning:") and "day-first" in warning and "Scores week1" in warning, said
    figures, checks = _refreshed(book)
    assert figures == [3, 70, 2, 95]
    assert ("warning", "Scores week2", Code.DATE_ORDER_OF_EXPORT.value) in checks, checks


def test_a_week_proving_no_order_whose_export_proves_both_elsewhere_is_read_as_settings_say_with_a_warning(tmp_path):
    # Week one proves day-first (20/03), another sheet under the same header month-first (03/25): the week proving
    # nothing is read month-first, as Settings say, and both sheets are named.  Month-first its 02/04 is 4 February
    # (baseline), 08/04 and 10/04 August and October (after the as-of date).  Baseline: 60, 70 (day-first),
    # 50 (25 March), 80 (4 February): (60 + 70 + 50 + 80) / 4 = 65; follow-up none.
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 4, 6), criterion="Empathy")
    _import(book, tmp_path, "week1", DAY_FIRST_WEEK)
    _import(book, tmp_path, "other", [["M1", "Dana Cruz", "03/25/2026 10:00", "Empathy", 50]])
    said = _import(book, tmp_path, "week2", NO_ORDER_WEEK)
    [warning] = [line for line in said.splitlines() if "week2.csv: its dates" in line]
    assert warning.strip().startswith("warning:") and "Scores week1" in warning and "Scores other" in warning, said
    figures, checks = _refreshed(book)
    assert figures == [4, 65, 0, None]
    assert ("warning", "Scores week2", Code.DATE_ORDERS_DIFFER.value) in checks, checks
