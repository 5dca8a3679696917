"""A graded scale's words that rank above and below each other in one column (Exceeds beside Meets): how many points
each is worth cannot be told, so each is an unreadable score that holds the baseline, never Exceeds = Meets = 100."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records, run


def _long(words: list[str]) -> str:
    return "Agent,Call ID,Date of call,Criterion,Score\n" + "".join(
        f"Ann Lee,C{i},3/{i}/2026,Greeting,{w}\n" for i, w in enumerate(words, 1))


def test_exceeds_meets_below_in_one_column_are_unreadable_and_hold_the_baseline(tmp_path):
    book = session_book(tmp_path)
    words = ["Meets Expectations", "Below Expectations", "Exceeds Expectations", "Meets Expectations",
             "Exceeds Expectations", "Meets Expectations"]
    out = imported(tmp_path, book, _long(words), code=1)
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    # every one of the six cells (Scores rows 2-7) is refused, Exceeds and Meets alike: not 100 and 100; said once,
    # on the first row, with the six rows
    assert [(c["Row"], c["Value"]) for c in bad] == [(2, words[0])]
    assert "6 scores: rows 2, 3, 4, 5, 6 and 1 more" in bad[0]["Problem"]
    assert "Exceeds 3/3, Meets 2/3, Below 1/3" in bad[0]["How to fix"]
    assert "Meets Expectations = 100" not in out
    base = records(book, "Baseline")[0]
    assert base["Recomputed n"] == 0
    assert base["Recorded on"] is None


def test_the_four_levels_exceeds_meets_needs_improvement_unsatisfactory_are_all_unreadable(tmp_path):
    book = session_book(tmp_path)
    words = ["Exceeds", "Meets", "Needs Improvement", "Unsatisfactory", "Meets", "Yes"]
    imported(tmp_path, book, _long(words), code=1)
    # Exceeds and Meets (rows 2, 3, 6) refused beside each other, said once on row 2, as Needs Improvement and
    # Unsatisfactory (rows 4, 5) already were; the Yes (row 7) is full marks on any scale: 100, the one call counted
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert sorted(c["Row"] for c in bad) == [2, 4, 5]
    assert "3 scores: rows 2, 3, 6" in bad[0]["Problem"]
    base = records(book, "Baseline")[0]
    assert (base["Recomputed n"], base["Calls"]) == (1, "C6")
    assert base["Recomputed mean"] == pytest.approx(100.0)
    assert base["Recorded on"] is None


def test_exceeds_in_another_criterions_column_leaves_meets_and_does_not_meet_read(tmp_path):
    book = session_book(tmp_path)
    text = _long(["Meets", "Does not meet", "Meets", "Meets expectations"]) + \
        "Ann Lee,R1,3/1/2026,Resolution,Exceeds\nAnn Lee,R2,3/2/2026,Resolution,Meets\n"
    imported(tmp_path, book, text, code=1)
    # only Resolution's column holds Exceeds beside Meets (rows 6, 7: said once, on row 6); Greeting's Meets / Does
    # not meet, a pass and a fail, stay 100 and 0: (100 + 0 + 100 + 100) / 4 = 75, recorded
    assert [c["Row"] for c in checks_of(book, Code.UNREADABLE_SCORE)] == [6]
    base = records(book, "Baseline")[0]
    assert base["Baseline n"] == 4
    assert base["Baseline mean"] == pytest.approx(75.0)



SIX = ["Meets Expectations", "Below Expectations", "Exceeds Expectations", "Meets Expectations",
       "Exceeds Expectations", "Meets Expectations"]


def _typed_over(book, replace: dict[str, str]) -> None:
    """The Score cells of the sheet ``Scores form`` holding a word of ``replace`` typed over with its points."""
    wb = load_workbook(book)
    ws = wb["Scores form"]
    col = [c.value for c in ws[1]].index("Score") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col).value in replace:
            ws.cell(r, col, value=replace[ws.cell(r, col).value])
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0


def test_points_typed_over_the_exceeds_cells_only_leave_meets_and_below_held(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, _long(SIX), code=1)
    _typed_over(book, {"Exceeds Expectations": "3/3"})
    # Meets and Below (rows 2, 3, 5, 7) beside 3/3: still not placed (Meets is 2/3 there, not 100), said once
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert [(c["Row"], c["Value"]) for c in bad] == [(2, "Meets Expectations")]
    assert "4 scores: rows 2, 3, 5, 7" in bad[0]["Problem"]
    base = records(book, "Baseline")[0]
    assert (base["Recomputed n"], base["Recorded on"]) == (2, None)  # the two 3/3 counted, the baseline held


def test_points_typed_over_every_word_release_the_baseline(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, _long(SIX), code=1)
    _typed_over(book, {"Exceeds Expectations": "3/3", "Meets Expectations": "2/3", "Below Expectations": "1/3"})
    assert checks_of(book, Code.UNREADABLE_SCORE) == []
    base = records(book, "Baseline")[0]
    # 2/3, 1/3, 3/3, 2/3, 3/3, 2/3 = (200 + 100 + 300 + 200 + 300 + 200) / 3 / 6 = 1300 / 18 = 72.2
    assert base["Baseline n"] == 6
    assert base["Baseline mean"] == pytest.approx(1300 / 18)


@pytest.mark.parametrize("words", [["Exceeds", "Met", "Not met", "Met", "Exceeds", "Met"],
                                   ["Exceeds", "Achieved", "Not achieved", "Achieved"]])
def test_exceeds_beside_met_or_achieved_is_held(tmp_path, words):
    book = session_book(tmp_path)
    imported(tmp_path, book, _long(words), code=1)
    # Met is Meets as another scorecard writes it: beside Exceeds not full marks, so no word is placed (not 100, 100)
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert [c["Row"] for c in bad] == [2]
    assert f"{len(words)} scores: rows 2, 3, 4, 5" in bad[0]["Problem"]
    base = records(book, "Baseline")[0]
    assert (base["Recomputed n"], base["Recorded on"]) == (0, None)


def test_one_exceeds_among_fifty_meets_is_one_checks_row(tmp_path):
    book = session_book(tmp_path)
    text = "Agent,Call ID,Date of call,Criterion,Score\n" + "".join(
        f"Ann Lee,C{i},3/{1 + i % 9}/2026,Greeting,{w}\n" for i, w in enumerate(["Meets"] * 50 + ["Exceeds"], 1))
    imported(tmp_path, book, text, code=1)
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    # 51 words (rows 2-52) said on one row, the first, naming five rows and how many more: 51 - 5 = 46
    assert [c["Row"] for c in bad] == [2]
    assert "51 scores: rows 2, 3, 4, 5, 6 and 46 more" in bad[0]["Problem"]


def test_exceeds_in_one_export_holds_meets_in_another_of_the_criterion(tmp_path):
    book = session_book(tmp_path)
    head = "Agent,Call ID,Date of call,Criterion,Score\n"
    feb = head + "".join(f"Ann Lee,F{i},2/{i}/2026,Greeting,{w}\n"
                         for i, w in enumerate(["Meets Expectations"] * 9 + ["Below Expectations"], 1))
    mar = head + "".join(f"Ann Lee,M{i},3/{10 + i}/2026,Greeting,Exceeds Expectations\n" for i in range(1, 11))
    (tmp_path / "feb.csv").write_text(feb, encoding="utf-8")
    (tmp_path / "mar.csv").write_text(mar, encoding="utf-8")
    assert run("import", book, tmp_path / "feb.csv").exit_code == 0
    assert run("import", book, tmp_path / "mar.csv").exit_code == 0
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    # Greeting's words over its two sheets are Exceeds / Meets / Below: neither sheet's is placed (not Meets =
    # Exceeds = 100, a delta of 100 - 90 = +10 from words alone); said once per sheet
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert sorted((c["Sheet"], c["Row"]) for c in bad) == [("Scores feb", 2), ("Scores mar", 2)]
    assert "words in Scores feb and Scores mar (below / exceeds / meets)" in bad[0]["Problem"]
    base = records(book, "Baseline")[0]
    assert (base["Recomputed n"], base["Recorded on"]) == (0, None)
    assert records(book, "Follow-up")[0]["Delta"] is None
