"""An import weighed against the workbook's own scores: a row of the export that gives a call already
scored in the workbook another score by the same evaluator makes a conflict once added, so the import
(and its dry run) names it and exits 1, as `coachlog check` does after it (README, Commands: import exits
1 when the rows it adds hold a row it cannot count, such as a conflict)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.wbkit import run, team_book

CRIT = "Acknowledges"
# the workbook's own paste: three calls of Ann Lee on the criterion, 60, 62 and 64
BOOK_ROWS = [("G000", 60, dt.datetime(2026, 2, 20, 10)), ("G001", 62, dt.datetime(2026, 2, 21, 10)),
             ("G002", 64, dt.datetime(2026, 2, 22, 10))]
HEADER = "Call ID,Rep,Call date,Criterion,Score\n"


def _book(tmp_path, exclude_g001: str | None = None):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("ACK", CRIT)], ["Ann Lee"])
    ws = wb["Scores"]
    for r, (call, score, at) in enumerate(BOOK_ROWS, start=2):
        for c, value in enumerate((call, "Ann Lee", at, CRIT, score), start=1):
            ws.cell(row=r, column=c, value=value)
    if exclude_g001:
        ws.cell(row=3, column=13, value=exclude_g001)  # Exclude (column M) of G001's row
    wb.save(path)
    return path


def _export(tmp_path, lines: str):
    path = tmp_path / "week.csv"
    path.write_text(HEADER + lines, encoding="utf-8")
    return path


# G000 as the workbook has it (already there), G001 scored 20 where the workbook has 62, G005 new
CLASHING = ("G000,Ann Lee,2026-02-20 10:00,Acknowledges,60\nG001,Ann Lee,2026-02-21 10:00,Acknowledges,20\n"
            "G005,Ann Lee,2026-02-25 10:00,Acknowledges,70\n")
SAID = ('error: Call G001, "Acknowledges": different scores (62, 20) at Scores row 3, week.csv row 3; '
        "the call is left out until resolved.")


@pytest.mark.parametrize("refreshed", [False, True])  # the workbook's rows read again, or from the refresh cache
def test_a_row_giving_a_call_of_the_workbook_another_score_is_named_by_the_dry_run_and_the_import(tmp_path, refreshed):
    book = _book(tmp_path)
    if refreshed:
        assert run("refresh", book, "--as-of", "2026-03-01").exit_code == 0
        assert (tmp_path / ".team.xlsx.coachlog-cache").exists()
    export = _export(tmp_path, CLASHING)
    dry = run("import", book, export, "--dry-run")
    assert dry.exit_code == 1, dry.output
    assert SAID in dry.output
    assert "would add 2 rows" in dry.output and "1 is already there" in dry.output
    done = run("import", book, export)
    assert done.exit_code == 1, done.output
    assert SAID in done.output and "Added 2 rows" in done.output and "1 was already there" in done.output
    # the same story after the import: G000 was not added, so G001 is the first row below the new sheet's header
    check = run("check", book, "--as-of", "2026-03-01")
    assert check.exit_code == 1
    assert ('Call G001, "Acknowledges": different scores (62, 20) at Scores row 3, Scores week row 2; '
            "the call is left out until resolved.") in check.output


def test_rows_agreeing_with_the_workbook_or_against_an_excluded_row_make_no_conflict(tmp_path):
    agreeing = run("import", _book(tmp_path), _export(tmp_path, "G001,Ann Lee,2026-02-21 10:00,Acknowledges,62.0\n"
                                                       "G005,Ann Lee,2026-02-25 10:00,Acknowledges,70\n"), "--dry-run")
    assert agreeing.exit_code == 0 and "error" not in agreeing.output, agreeing.output
    # 62 left out with a reason in the workbook: the export's 20 is the one score of G001 counted
    other = tmp_path / "other"
    other.mkdir()
    excluded = run("import", _book(other, exclude_g001="superseded grading"), _export(other, CLASHING), "--dry-run")
    assert excluded.exit_code == 0 and "error" not in excluded.output, excluded.output
    # another evaluator's score of the same call is a calibration, not a conflict
    third = tmp_path / "third"
    third.mkdir()
    book = _book(third)
    wb = load_workbook(book)
    for r in range(2, 5):
        wb["Scores"].cell(row=r, column=8, value="Quinn")  # Evaluator (column H)
    wb.save(book)
    export = third / "week.csv"
    export.write_text("Call ID,Rep,Call date,Criterion,Score,Evaluator\n"
                      "G001,Ann Lee,2026-02-21 10:00,Acknowledges,20,Robin\n", encoding="utf-8")
    calibrated = run("import", book, export, "--dry-run")
    assert calibrated.exit_code == 0 and "error" not in calibrated.output, calibrated.output
