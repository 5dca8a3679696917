"""What the Refresh button reads of formulas and merged cells on the Log and Scores, as ``coachlog refresh``
reads them on the file (docs/reading.md): a grey Log cell holding a formula is the team's and never written
over; merged cells are seen, said in Checks, and a merge's cells but its first are never written."""

from __future__ import annotations

import pytest

from coachlog_xl import excel
from coachlog_xl.workbook.a1 import get_column_letter
from tests.xlbook import MemoryEngine, demo_files

GREY = ("Baseline mean", "Baseline n", "Baseline recorded on")
SHOWS_NOTHING = '=IF(1=1,"","x")'


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


def _records(book, sheet: str) -> list[dict]:
    cells = book.grid(sheet)
    last_row, last_col = max(r for r, _ in cells), max(c for _, c in cells)
    head = [cells.get((1, c)) for c in range(1, last_col + 1)]
    return [{h: cells.get((r, c)) for c, h in enumerate(head, start=1)} for r in range(2, last_row + 1)]


def _grey(sheets) -> list[int]:
    return [sheets["Log"][0].index(h) + 1 for h in GREY]


def test_a_formula_showing_nothing_in_a_grey_log_cell_is_kept_and_named_as_on_the_file(files):
    sheets = files.before()
    grey = _grey(sheets)
    book = MemoryEngine().open(sheets, name=files.base.name, formulas={"Log": {(2, c): SHOWS_NOTHING for c in grey}})
    excel.refresh(book)
    log = book.sheets["Log"]
    assert [log.cells.get((2, c)) for c in grey] == [None, None, None]
    assert [log.formula_texts.get((2, c)) for c in grey] == [SHOWS_NOTHING] * 3
    named = [(r["Row"], r["Field"]) for r in _records(book, "Checks") if r["Code"] == "formula-in-baseline-column"]
    assert named == [(2, h) for h in GREY]
    s001 = next(r for r in _records(book, "Baseline") if r["Session ID"] == "S-001")
    assert s001["Baseline state"] == "provisional" and s001["Recorded on"] is None
    assert log.cells.get((3, grey[0])) is not None  # (S-002's row holds no formula: recorded as before)


def test_a_formula_in_a_grey_log_cell_costs_one_read_a_grey_column(files):
    sheets = files.before()
    grey = _grey(sheets)
    book = MemoryEngine().open(sheets, name=files.base.name, formulas={"Log": {(2, grey[0]): SHOWS_NOTHING}})
    excel.refresh(book)
    assert [op[3] for op in book.ops if op[1:3] == ("Log", "formulas")] == [(len(sheets["Log"]), 1)] * 3


def test_an_exclude_reason_merged_down_a_calls_scores_rows_is_seen_and_no_baseline_is_recorded(files):
    sheets = files.before()
    scores = sheets["Scores"]
    col = scores[0].index("Exclude") + 1
    rows = [r for r, row in enumerate(scores[1:], start=2) if row[0] == "CL-000104"]
    scores[rows[0] - 1][col - 1] = "regraded: wrong rubric"
    letter = get_column_letter(col)
    book = MemoryEngine().open(sheets, name=files.base.name,
                               merges={"Scores": [f"{letter}{rows[0]}:{letter}{rows[-1]}"]})
    excel.refresh(book)
    codes = {(r["Sheet"], r["Code"]) for r in _records(book, "Checks")}
    assert ("Scores", "merged-cells-in-scores") in codes and ("Scores", "baseline-not-recorded") in codes
    log = book.sheets["Log"]
    assert [v for (r, c), v in log.cells.items() if r > 1 and c in _grey(sheets)] == []  # (none recorded for good)
    # one read of the whole sheet for merges, then a few dozen to find the one merge in its 7,000 rows
    assert 1 < sum(op[1:3] == ("Scores", "merge cells") for op in book.ops) < 60


def test_merged_grey_log_cells_are_named_and_no_baseline_is_written_on_a_row_under_a_merge(files):
    sheets = files.before()
    mean = _grey(sheets)[0]
    letter = get_column_letter(mean)
    book = MemoryEngine().open(sheets, name=files.base.name, merges={"Log": [f"{letter}2:{letter}3"]})
    excel.refresh(book)
    merged = [r for r in _records(book, "Checks") if r["Code"] == "merged-cells"]
    assert [(r["Sheet"], r["Row"], r["Field"]) for r in merged] == [("Log", 2, f"{letter}2:{letter}3")]
    log = book.sheets["Log"]
    assert log.cells.get((2, mean)) == 72.2  # S-001's baseline mean, recorded in the merge's first cell
    # S-002's row (3) is written not at all: Excel would keep its n and date without its mean (read as cleared)
    assert [log.cells.get((3, c)) for c in _grey(sheets)] == [None, None, None]
    assert log.cells.get((4, mean)) is not None  # (S-003's, under the merge, as before)
    written = [op for op in book.ops if op[:3] == ("write", "Log", "values")]
    assert all(not (op[3][0] <= 3 < op[3][0] + op[4]) for op in written)


def test_a_sheet_without_merges_costs_one_read_for_them(files):
    book = MemoryEngine().open(files.before(), name=files.base.name)
    excel.refresh(book)
    reads = [op[1] for op in book.ops if op[2] in ("merge cells", "merge area")]
    assert sorted(reads) == ["Criteria", "Log", "Reps", "Scores"]


@pytest.mark.parametrize(("merge", "held"), [
    ("{mean}5:{on}5", [5]),  # S-004's three grey cells merged on its row: its n and date are hidden
    ("{mean}1:{mean}3", [2, 3]),  # merged from the header down: rows 2 and 3 are hidden under the header's cell
    ("{mean}1:{mean}1048576", None),  # a whole grey column merged: every row of the Log is hidden
])
def test_a_log_row_under_a_merge_of_grey_cells_is_shown_as_held_not_recorded(files, merge, held):
    sheets = files.before()
    grey = _grey(sheets)
    mean, on = get_column_letter(grey[0]), get_column_letter(grey[2])
    rows = held or [r for r in range(2, len(sheets["Log"]) + 1) if sheets["Log"][r - 1][0]]
    ref = merge.format(mean=mean, on=on)
    book = MemoryEngine().open(sheets, name=files.base.name, merges={"Log": [ref]})
    excel.refresh(book)
    log = book.sheets["Log"]
    ids = {sheets["Log"][r - 1][0] for r in rows}
    baseline = {r["Session ID"]: r for r in _records(book, "Baseline") if r["Session ID"] in ids}
    assert len(baseline) == len(ids)  # (each session held shows on Baseline)
    assert {(r["Baseline state"], r["Recorded on"]) for r in baseline.values()} == {("provisional", None)}
    told = {r["Row"] for r in _records(book, "Checks") if r["Code"] == "baseline-not-recorded" and r["Value"] == ref}
    assert told == set(rows)
    assert [c for r in rows for c in grey if log.cells.get((r, c)) is not None] == []


def _merge_reads(book, sheet: str) -> int:
    return sum(op[1:3] in ((sheet, "merge cells"), (sheet, "merge area")) for op in book.ops)


def test_finding_a_merge_over_several_rows_on_scores_stops_at_the_first(files):
    # a 3-row merge down the Exclude column every 100 rows (74 of them): the first, rows 2-4, holds every baseline
    # (merged-cells-in-scores): about two reads a halving of 7,400 rows (13 halvings) find it; each of the others
    # would cost as many again (about 2,000 reads in all)
    sheets = files.before()
    scores = sheets["Scores"]
    letter = get_column_letter(scores[0].index("Exclude") + 1)
    merges = [f"{letter}{r}:{letter}{r + 2}" for r in range(2, len(scores) - 2, 100)]
    book = MemoryEngine().open(sheets, name=files.base.name, merges={"Scores": merges})
    excel.refresh(book)
    assert _merge_reads(book, "Scores") < 60
    found = [r for r in _records(book, "Checks") if r["Code"] == "merged-cells-in-scores"]
    assert [(r["Row"], r["Value"]) for r in found] == [(2, f"{letter}2:{letter}4")]
    assert [v for (r, c), v in book.sheets["Log"].cells.items() if r > 1 and c in _grey(sheets)] == []


def test_finding_merges_on_a_sheet_holding_hundreds_costs_at_most_a_thousand_reads(files):
    # a merge on one row over two columns every 10 rows of the Scores (740) and on each of 3,000 rows of a Log: one
    # on a row of Scores is passed by (it hides no row's value), so none is found there; the Log's first merges, top
    # to bottom, are found until MERGE_READS (1,000) reads are spent
    sheets = files.before()
    scores = sheets["Scores"]
    wide = [f"K{r}:L{r}" for r in range(2, len(scores), 10)]
    book = MemoryEngine().open(sheets, name=files.base.name, merges={"Scores": wide})
    seam = excel.XlwingsBook(book)
    assert seam.long_merged("Scores") == [] and _merge_reads(book, "Scores") <= excel.MERGE_READS == 1_000
    rows = [[f"N{r}", "x", None, "y"] for r in range(3_000)]
    book = MemoryEngine().open({"Log": [["Note", "A", "B", "C"], *rows]},
                               merges={"Log": [f"B{r}:C{r}" for r in range(2, 3_002)]})
    found = excel.XlwingsBook(book).merged("Log")
    assert _merge_reads(book, "Log") <= 1_000 and found[:3] == ["B2:C2", "B3:C3", "B4:C4"]


def test_a_log_row_under_merged_grey_cells_is_held_on_the_file_too(files, tmp_path):
    # the same AA5:AC5 merge refreshed by `coachlog refresh`: S-004 provisional, its n and date cells named, none
    # of its three cells written (the file's hidden cells kept no value a refresh wrote either)
    import shutil

    from openpyxl import load_workbook

    from coachlog_xl import api
    from tests.wbkit import records

    path = shutil.copy(files.base, tmp_path / "merged.xlsx")
    wb = load_workbook(path)
    grey = _grey(files.before())
    wb["Log"].merge_cells(f"{get_column_letter(grey[0])}5:{get_column_letter(grey[2])}5")
    wb.save(path)
    api.refresh_file(path, backup=False, cache=False)
    s004 = next(r for r in records(path, "Baseline") if r["Session ID"] == "S-004")
    assert (s004["Baseline state"], s004["Recorded on"]) == ("provisional", None)
    told = [(r["Row"], r["Field"]) for r in records(path, "Checks") if r["Code"] == "baseline-not-recorded"
            and r["Row"] == 5]
    assert told == [(5, "Baseline n"), (5, "Baseline recorded on")]
    assert [records(path, "Log")[3][h] for h in GREY] == [None, None, None]
