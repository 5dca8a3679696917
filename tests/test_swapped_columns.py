"""Score rows pasted in another column order than the header above them (the Scores sheet's columns
were reordered, then an export pasted under it without its own header): a criterion's name under Rep and
a rep's name under Criterion.  Before, each name was only "not on the Reps sheet" / "not on the Criteria
sheet" (a warning) and the rep's baseline was recorded without those calls, for good.  Now Checks names
the rows as an error, and the baselines they may belong to wait for them."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import api, schema
from tests import fidelity_kit as kit


def _swap_ann_rows(path, before: dt.datetime) -> list[int]:
    """Ann Lee's calls before ``before`` with her name under Criterion and the criterion under Rep; returns
    their Scores rows."""
    wb = load_workbook(path)
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    rep, crit, at = (head.index(schema.SCORES.column(k).header) + 1 for k in ("rep", "criterion", "call_at"))
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, rep).value == "Ann Lee" and ws.cell(r, at).value < before]
    for r in rows:
        ws.cell(r, rep).value, ws.cell(r, crit).value = ws.cell(r, crit).value, ws.cell(r, rep).value
    wb.save(path)
    return rows


def test_rows_with_rep_and_criterion_swapped_are_an_error_and_the_baseline_waits_for_them(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    rows = _swap_ann_rows(book, dt.datetime(2026, 3, 1))  # her twelve calls before her session
    assert rows == list(range(2, 14))  # (the kit pastes Ann's 12 calls before her session first)
    api.refresh_file(book, as_of=dt.date(2026, 4, 30), backup=False)
    checks = load_workbook(book)["Checks"]
    found = [[c.value for c in r] for r in checks.iter_rows(min_row=2) if r[5].value == "rep-criterion-swapped"]
    assert len(found) == 1
    severity, sheet, row, _, _, _, problem, fix = found[0]
    assert (severity, sheet, row) == ("error", "Scores", 2)
    assert problem.startswith('Scores: 12 rows, first at row 2, hold a criterion under Rep and a rep under '
                              'Criterion ("Acknowledges the concern" under Rep, "Ann Lee" under Criterion)')
    assert "header" in fix
    log = load_workbook(book)["Log"]
    head = [c.value for c in log[1]]
    mean, n = head.index("Baseline mean") + 1, head.index("Baseline n") + 1
    # Ann's (row 2) waits; Bo's (row 3) is recorded: the last ten of 60 62 64 66 68 70 58 62 66 69 61 63
    assert (log.cell(2, mean).value, log.cell(2, n).value) == (None, None)
    assert (log.cell(3, mean).value, log.cell(3, n).value) == (64.7, 10)
    # and the names are not each said to be missing from the lists as well
    codes = [r[5].value for r in checks.iter_rows(min_row=2)]
    assert "unknown-rep" not in codes and "unknown-score-criterion" not in codes


def test_an_unknown_rep_beside_an_unknown_criterion_is_not_taken_for_a_swap(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    last = ws.max_row + 1
    for key, value in {"call_id": "Zz01", "rep": "Cy Dee", "call_at": dt.datetime(2026, 2, 12, 9),
                       "criterion": "Greets by name", "score": 80}.items():
        ws.cell(last, head.index(schema.SCORES.column(key).header) + 1).value = value
    wb.save(book)
    codes = list(api.compute_file(book, as_of=dt.date(2026, 4, 30)).checks["code"])
    assert "rep-criterion-swapped" not in codes
    assert "unknown-rep" in codes and "unknown-score-criterion" in codes


def test_one_swapped_row_is_said_as_one(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    assert _swap_ann_rows(book, dt.datetime(2026, 2, 11)) == [2]  # her first call, on 10 February
    checks = api.compute_file(book, as_of=dt.date(2026, 4, 30)).checks
    problem = checks.loc[checks["code"] == "rep-criterion-swapped", "problem"].tolist()
    assert len(problem) == 1
    assert problem[0].startswith('Scores: 1 row, row 2, holds a criterion under Rep and a rep under Criterion '
                                 '("Acknowledges the concern" under Rep, "Ann Lee" under Criterion)')
