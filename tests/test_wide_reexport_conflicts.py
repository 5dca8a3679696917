"""A wide export imported again a week later with one criterion regraded: a row holds a score per criterion, so a
conflict names only the rows repeating its own criterion's score, and following its fix keeps the other criteria's
good scores (domain.md, Exact rules: Scores; exports.md, the same call pasted twice)."""

from __future__ import annotations

import csv
import datetime as dt
import re

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from tests.session_kit import one_session_book

HEADER = ["qa_id", "agent_id", "Start Time", "empathy", "greeting"]
WEEK1 = [["Q1", "Dana Cruz", "2026-03-02 10:00", 80, 90],
         ["Q2", "Dana Cruz", "2026-03-04 10:00", 60, 90],  # Greeting 90: regraded to 95 below
         ["Q3", "Dana Cruz", "2026-03-11 10:00", 70, 90]]  # Empathy 70: regraded to 75 below
WEEK2 = [["Q1", "Dana Cruz", "2026-03-02 10:00", 80, 90],
         ["Q2", "Dana Cruz", "2026-03-04 10:00", 60, 95],
         ["Q3", "Dana Cruz", "2026-03-11 10:00", 75, 90],
         ["Q4", "Dana Cruz", "2026-03-13 10:00", 100, 90]]


def _run(*args: str, code: int = 0) -> None:
    result = CliRunner().invoke(main, [*args])
    assert result.exit_code == code, result.output


def _checks(book) -> list[tuple]:
    return [(r[1], r[2], r[5], r[6]) for r in load_workbook(book, read_only=True)["Checks"].iter_rows(
        min_row=2, values_only=True)]


def test_a_conflict_in_a_wide_reexport_names_only_its_own_criterions_rows_and_its_fix_keeps_good_scores(tmp_path):
    # Session on 2026-03-10 (date only), on Empathy.  The import leaves out Q1's row, on week1 already; the second
    # week's sheet holds Q2 (row 2), Q3 (row 3), Q4 (row 4), repeating Q2's Empathy 60 and Q3's Greeting 90;
    # Q2's Greeting (90, 95) and Q3's Empathy (70, 75) conflict (the import says so, exit code 1).  The first
    # grading is the wrong one: its rows (week1 rows 3 and 4) excluded, as each conflict's first row with the rows
    # said to repeat it, week2's rows hold Q2's Empathy 60 and Q3's Empathy 75.  Empathy: baseline Q1 80, Q2 60
    # -> 70, n 2; follow-up Q3 75, Q4 100 -> 87.5, n 2.  Had week2 row 2 been said to repeat week1 row 3 within
    # the Greeting conflict (it repeats its Empathy score only), excluding it too left Q2 out of the baseline
    # (n 1, 80); so for week2 row 3 and Q3 (follow-up n 1, 100).
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    wb["Criteria"].cell(3, 1, "GRT")
    wb["Criteria"].cell(3, 2, "Greeting")
    wb.save(book)
    for name, rows in (("week1", WEEK1), ("week2", WEEK2)):
        path = tmp_path / f"{name}.csv"
        with path.open("w", newline="") as fh:
            csv.writer(fh).writerows([HEADER, *rows])
        _run("import", str(book), str(path), code=int(name == "week2"))
    _run("refresh", str(book), "--as-of", "2026-03-20", "--no-backup")
    checks = _checks(book)
    notes = {row: problem for sheet, row, code, problem in checks
             if code == Code.DUPLICATE_ROW.value and sheet == "Scores week2"}
    assert set(notes) == {2, 3}
    assert "Empathy" in notes[2] and "Greeting" in notes[3]  # what each repeats, not the whole row
    conflicts = [problem for _, _, code, problem in checks if code == Code.CONFLICT.value]
    assert len(conflicts) == 2
    wrong = []
    for problem in conflicts:  # each conflict's first row, and the rows said to hold its score again
        first = re.search(r" at (Scores \S+ row \d+)(?: \(again at ([^)]*)\))?", problem)
        wrong += [first.group(1), *(first.group(2).split(", ") if first.group(2) else [])]
    assert sorted(wrong) == ["Scores week1 row 3", "Scores week1 row 4"]
    wb = load_workbook(book)
    for where in wrong:
        sheet, row = where.rsplit(" row ", 1)
        ws = wb[sheet]
        ws.cell(int(row), [c.value for c in ws[1]].index("Exclude") + 1, "superseded grading")
    wb.save(book)
    _run("refresh", str(book), "--as-of", "2026-03-20", "--no-backup")
    wb = load_workbook(book, read_only=True)
    rows = list(wb["Follow-up"].iter_rows(values_only=True))
    got = dict(zip(rows[0], rows[1]))
    keys = ("baseline_n", "baseline_mean", "followup_n", "followup_mean")
    assert [got[schema.FOLLOWUP.column(k).header] for k in keys] == [2, 70, 2, 87.5]
    rows = list(wb["Baseline"].iter_rows(values_only=True))
    base = dict(zip(rows[0], rows[1]))
    assert (base["Recomputed n"], base["Recomputed mean"]) == (2, 70)
    assert not [c for c in _checks(book) if c[2] == Code.CONFLICT.value]
