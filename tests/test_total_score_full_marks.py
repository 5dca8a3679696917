"""A ``Total Score`` the HeaderMap reads as the maximum (``total_score``) beside 1-5 ratings where the calls scored
full marks: one value on every question's row of a call, as a form version's maximum is, but no rating reaches it
and it is their sum (5 + 5 = 10) or far above them (100).  On five or more evaluations it is read as the
evaluation's overall, the ratings on their own scale; on fewer it may be either, and no baseline is recorded
(``maximum-or-overall``, an error) rather than one read as points over it.  Session: Ann Lee on Greeting,
2026-03-10 (tests.import_kit); every call below is before it, so each is in the baseline."""

from __future__ import annotations

from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records, run

HEAD = "Call ID,Agent,Call Date,Question,Score,Total Score,Reviewer\n"


def _export(calls) -> str:
    """(call, day of March 2026, Greeting rating, Resolution rating, Total Score) -> two rows a call."""
    return HEAD + "".join(f"{call},Ann Lee,2026-03-0{day} 10:00,{question},{rating},{total},Quinn Ada\n"
                          for call, day, greeting, resolution, total in calls
                          for question, rating in (("Greeting", greeting), ("Resolution", resolution)))


def _baseline(book) -> tuple[int, float]:
    row = records(book, "Follow-up")[0]
    return row["Baseline n"], round(row["Baseline mean"], 2)


def test_a_percent_total_of_100_beside_full_marks_on_every_call_is_the_overall(tmp_path):
    book = session_book(tmp_path)
    # six calls, Greeting and Resolution both 5 of 1-5, Total Score the evaluation's 100 %
    out = imported(tmp_path, book, _export([(f"D{n}", n, 5, 5, 100) for n in range(1, 7)]))
    # Greeting 5 on 1-5: 5 / 5 x 100 = 100 on each of the six calls; baseline (6 x 100) / 6 = 100
    # (read as points over Total Score: 5 of 100 = 5 each, a baseline of 5 recorded for good)
    assert _baseline(book) == (6, 100.0)
    assert '"Total Score" is read as the evaluation\'s overall score' in out
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []


def test_a_points_total_that_is_the_sum_of_the_ratings_is_the_overall(tmp_path):
    book = session_book(tmp_path, "Resolution")
    # two questions of 5 points: Total Score = Greeting + Resolution, 10 at full marks, 9 where Resolution is 4
    calls = [("D1", 1, 5, 5, 10), ("D2", 2, 5, 4, 9), ("D3", 3, 5, 5, 10), ("D4", 4, 5, 5, 10), ("D5", 5, 5, 4, 9),
             ("D6", 6, 5, 5, 10)]
    imported(tmp_path, book, _export(calls))
    # Resolution 5, 4, 5, 5, 4, 5 on 1-5: 100, 80, 100, 100, 80, 100; baseline 560 / 6 = 93.33
    # (over Total Score: 5/10, 4/9, 5/10, 5/10, 4/9, 5/10 = 50, 44.44, 50, 50, 44.44, 50: mean 48.15)
    assert _baseline(book) == (6, 93.33)


def test_one_evaluation_at_full_marks_beside_a_total_holds_the_baseline(tmp_path):
    book = session_book(tmp_path)
    # one call, Greeting and Resolution 5, Total Score 100: each question out of 100 (5 of 100 = 5) or the overall
    # (5 of 1-5 = 100)? One evaluation does not tell, so no baseline is recorded from either reading
    out = imported(tmp_path, book, _export([("D1", 2, 5, 5, 100)]), code=1)
    said = checks_of(book, Code.MAXIMUM_UNSURE)
    assert [(c["Sheet"], c["Field"], c["Value"], c["Severity"]) for c in said] == [
        ("Scores form", "Total Score", "Total Score", "error")]
    assert 'error: form.csv: "Total Score" may be the evaluation\'s overall score' in out
    assert records(book, "Log")[0]["Baseline recorded on"] is None  # held, not 5 recorded for good
    assert [c["Sheet"] for c in checks_of(book, Code.BASELINE_HELD)] == ["Scores form"]
    # the fix for an overall: delete the HeaderMap line naming it, and set Score scale 1-5 (one call shows no scale)
    wb = load_workbook(book)
    ws = wb["Settings"]
    head = [c.value for c in ws[1]]
    field, header = head.index("Field") + 1, head.index("Export header") + 1
    at = next(r for r in range(2, ws.max_row + 1)
              if ws.cell(r, field).value == "max_score" and ws.cell(r, header).value == "total_score")
    ws.cell(at, field).value = ws.cell(at, header).value = None
    scale = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Score scale")
    ws.cell(scale, 2).value = "1-5"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    # Greeting 5 on 1-5: 5 / 5 x 100 = 100, one call
    assert _baseline(book) == (1, 100.0)
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []
    assert records(book, "Log")[0]["Baseline recorded on"] is not None


def test_a_sum_of_full_marks_on_one_evaluation_holds_the_baseline(tmp_path):
    book = session_book(tmp_path)
    # one call, 5 + 5 = 10: each question out of 10 (5 of 10 = 50) or two questions of 5 summed (100)?
    imported(tmp_path, book, _export([("D1", 2, 5, 5, 10)]), code=1)
    assert len(checks_of(book, Code.MAXIMUM_UNSURE)) == 1
    assert records(book, "Log")[0]["Baseline recorded on"] is None  # held, not 50 recorded for good
