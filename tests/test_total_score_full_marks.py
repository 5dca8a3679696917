"""A ``Total Score`` the HeaderMap reads as the maximum (``total_score``) beside 1-5 ratings: one value on every
question's row of a call, as a form version's maximum is.  Where it tracks the ratings (their sum, 10 and 9, or their
percent, 100 and 90) it is the evaluation's overall, the ratings read on their own scale; where every call is at full
marks beside one total (5 + 5 = 10, or 100) it may be either on any number of calls, and no baseline is recorded
(``maximum-or-overall``, an error) until the score column's header states the questions' scale.  Session: Ann Lee on
Greeting, 2026-03-10 (tests.import_kit); every call below is before it, so each is in the baseline."""

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


def _retype_score_header(book, sheet: str, header: str) -> None:
    """The hold's fix: the paste's score column header, ``Score``, retyped on its sheet."""
    wb = load_workbook(book)
    ws = wb[sheet]
    cell = next(c for row in ws.iter_rows(max_row=5) for c in row if c.value == "Score")
    cell.value = header
    wb.save(book)


def test_a_percent_total_of_100_beside_full_marks_on_six_calls_holds_the_baseline(tmp_path):
    book = session_book(tmp_path)
    # six calls, Greeting and Resolution both 5, Total Score 100 on each: each question out of 100 (5 of 100 = 5) or
    # 1-5 ratings beside the evaluation's 100 % (5 of 1-5 = 100)? Six calls alike tell no more than one
    imported(tmp_path, book, _export([(f"D{n}", n, 5, 5, 100) for n in range(1, 7)]), code=1)
    assert [c["Field"] for c in checks_of(book, Code.MAXIMUM_UNSURE)] == ["Total Score"]
    assert records(book, "Log")[0]["Baseline recorded on"] is None


def test_a_points_total_that_is_the_sum_of_the_ratings_is_the_overall(tmp_path):
    book = session_book(tmp_path, "Resolution")
    # two questions of 5 points: Total Score = Greeting + Resolution, 10 at full marks, 9 where Resolution is 4
    calls = [("D1", 1, 5, 5, 10), ("D2", 2, 5, 4, 9), ("D3", 3, 5, 5, 10), ("D4", 4, 5, 5, 10), ("D5", 5, 5, 4, 9),
             ("D6", 6, 5, 5, 10)]
    imported(tmp_path, book, _export(calls))
    # Resolution 5, 4, 5, 5, 4, 5 on 1-5: 100, 80, 100, 100, 80, 100; baseline 560 / 6 = 93.33
    # (over Total Score: 5/10, 4/9, 5/10, 5/10, 4/9, 5/10 = 50, 44.44, 50, 50, 44.44, 50: mean 48.15)
    assert _baseline(book) == (6, 93.33)


def test_a_percent_total_that_tracks_the_ratings_on_two_calls_is_held_until_the_header_states_their_scale(tmp_path):
    book = session_book(tmp_path, "Resolution")
    # D1: 5 and 5 of 1-5 = 10 of 10 = 100 %; D2: 5 and 4 = 9 of 10 = 90 %: the total follows the ratings, the
    # overall; but two calls do not show the ratings' 1-5 scale (read on 0-100, 4 would be 4): held
    imported(tmp_path, book, _export([("D1", 1, 5, 5, 100), ("D2", 2, 5, 4, 90)]), code=1)
    assert [c["Field"] for c in checks_of(book, Code.MAXIMUM_UNSURE)] == ["Total Score"]
    assert records(book, "Log")[0]["Baseline recorded on"] is None
    _retype_score_header(book, "Scores form", "Score (1-5)")
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    # Resolution 5 and 4 on 1-5: 100 and 80; baseline (100 + 80) / 2 = 90 (over Total Score: 5 and 4.44)
    assert _baseline(book) == (2, 90.0)
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []


def test_the_hold_on_an_overall_released_by_the_score_header_beside_a_percent_export(tmp_path):
    book = session_book(tmp_path)
    # another export's Greeting on 0-100 in the same book: 85, 90, 70, 95, 60
    pct = "Call ID,Agent,Call Date,Question,Score\n" + "".join(
        f"P{n},Ann Lee,2026-02-{n + 10:02d} 10:00,Greeting,{s}\n" for n, s in enumerate([85, 90, 70, 95, 60]))
    (tmp_path / "pct.csv").write_text(pct, encoding="utf-8")
    assert run("import", book, tmp_path / "pct.csv").exit_code == 0
    out = imported(tmp_path, book, _export([("D1", 2, 5, 5, 100)]), code=1)
    said = checks_of(book, Code.MAXIMUM_UNSURE)
    assert [(c["Sheet"], c["Field"], c["Severity"]) for c in said] == [("Scores form", "Total Score", "error")]
    fix = said[0]["How to fix"]  # (the fix is the wording: the scale in this paste's own score header)
    assert '"Score (1-5)"' in fix and '"Score (0-100)"' in fix
    assert 'error: form.csv: "Total Score" may be each question\'s maximum or the evaluation\'s overall' in out
    assert records(book, "Log")[0]["Baseline recorded on"] is None  # held, not 5 of 100 recorded for good
    assert [c["Sheet"] for c in checks_of(book, Code.BASELINE_HELD)] == ["Scores form"]
    _retype_score_header(book, "Scores form", "Score (1-5)")  # the fix, as its message words it
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    # Greeting: 85, 90, 70, 95, 60 and the form's 5 of 1-5 = 100: (85 + 90 + 70 + 95 + 60 + 100) / 6 = 83.33
    assert _baseline(book) == (6, 83.33)
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []
    assert records(book, "Log")[0]["Baseline recorded on"] is not None


def test_the_hold_on_points_possible_released_by_the_score_header(tmp_path):
    book = session_book(tmp_path)
    # one call, 5 + 5 = 10: each question out of 10 (5 of 10 = 50) or two questions of 5 summed (100)?
    imported(tmp_path, book, _export([("D1", 2, 5, 5, 10)]), code=1)
    assert len(checks_of(book, Code.MAXIMUM_UNSURE)) == 1
    assert records(book, "Log")[0]["Baseline recorded on"] is None  # held, not 50 or 100 recorded for good
    _retype_score_header(book, "Scores form", "Score (0-10)")  # each question out of 10 points
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    # Greeting 5 of 10 = 50, one call
    assert _baseline(book) == (1, 50.0)
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []


def test_the_export_again_with_more_calls_after_a_hold_makes_no_conflict(tmp_path):
    book = session_book(tmp_path, "Resolution")
    calls = [("D1", 1, 5, 5, 100), ("D2", 2, 5, 4, 90), ("D3", 3, 4, 4, 80), ("D4", 4, 5, 4, 90), ("D5", 5, 5, 5, 100),
             ("D6", 6, 3, 4, 70)]  # (Total Score the percent of the ratings: (3 + 4) / 10 x 100 = 70 for D6)
    imported(tmp_path, book, _export(calls[:2]), code=1)  # two calls: held, read over Total Score meanwhile
    # the hold's other fix, more of the export's calls: the same file again, six calls; D1 and D2 are already there,
    # read over Total Score on the held sheet (5 of 100) and as the overall's ratings in the export (5 of 1-5):
    # the same cells, no conflict
    out = imported(tmp_path, book, _export(calls))
    assert "different scores" not in out
    assert [c for c in records(book, "Checks") if c["Code"] in (Code.CONFLICT.value, Code.MAXIMUM_UNSURE.value)] == []
    # Resolution 5, 4, 4, 4, 5, 4 on 1-5: 100, 80, 80, 80, 100, 80; baseline 520 / 6 = 86.67
    assert _baseline(book) == (6, 86.67)


def test_a_regrade_of_a_held_call_is_still_a_conflict_at_import(tmp_path):
    book = session_book(tmp_path, "Resolution")
    imported(tmp_path, book, _export([("D1", 1, 5, 5, 100)]), code=1)  # one call at full marks: held
    # D1 re-graded by the same evaluator, Resolution 5 -> 3 (Total Score now 80): the pasted cells 5 and 3 differ,
    # a conflict whether Total Score is each question's maximum (5 and 3 of it) or the overall (5 and 3 of 1-5)
    out = imported(tmp_path, book, _export([("D1", 1, 5, 3, 80)]), name="regrade.csv", code=1)
    assert 'Call D1, "Resolution": different scores' in out
    assert 'Call D1, "Greeting"' not in out  # (5 pasted in both: no conflict, though 5 of 100 and 5 of 80 differ)


def test_a_regrade_of_another_export_on_a_sheet_holding_a_held_paste_is_a_conflict_at_import(tmp_path):
    book = session_book(tmp_path, "Resolution")
    wb = load_workbook(book)  # Scores: a 0-100 export's call P1, and below it the one-call form export at full marks
    rows = ["Call ID,Agent,Call Date,Question,Score,Reviewer", "P1,Ann Lee,2026-02-10 10:00,Resolution,85,Quinn Ada",
            "", *_export([("D1", 1, 5, 5, 100)]).splitlines()]
    for r, line in enumerate(rows, start=1):
        for c, v in enumerate(line.split(",") if line else [], start=1):
            wb["Scores"].cell(r, c, int(v) if v.isdigit() else v)
    wb.save(book)
    run("refresh", book, "--as-of", "2026-06-01")
    assert checks_of(book, Code.MAXIMUM_UNSURE) != []
    # P1 re-graded by the same evaluator, 85 -> 60: a conflict, as on a sheet with no hold
    out = imported(tmp_path, book, "Call ID,Agent,Call Date,Question,Score,Reviewer\n"
                                   "P1,Ann Lee,2026-02-10 10:00,Resolution,60,Quinn Ada\n", name="regrade.csv", code=1)
    assert 'Call P1, "Resolution": different scores (85, 60)' in out


def test_the_import_names_the_sheet_and_row_of_the_header_to_retype_and_that_fix_records(tmp_path):
    book = session_book(tmp_path)
    out = imported(tmp_path, book, _export([("D1", 2, 5, 5, 100)]), code=1)  # one call at full marks: held
    # written to a new sheet, its header on row 1 (the export's own row 1 is form.csv's, not the workbook's)
    assert "retype the header \"Score\" on sheet 'Scores form', row 1 as \"Score (1-5)\"" in out
    fix = checks_of(book, Code.MAXIMUM_UNSURE)[0]["How to fix"]
    assert "on sheet 'Scores form', row 1 as" in fix
    wb = load_workbook(book)
    wb["Scores form"].cell(1, 5).value = "Score (1-5)"  # row 1, column E: the Score header, as told
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    assert _baseline(book) == (1, 100.0)  # Greeting 5 on 1-5 = 100, one call


def test_the_settings_score_scale_states_the_ratings_scale_as_the_score_header_would(tmp_path):
    book = session_book(tmp_path, "Resolution")
    wb = load_workbook(book)
    ws = wb["Settings"]
    ws.cell(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Score scale"), 2).value = "1-5"
    wb.save(book)
    # D1 5 + 5 = 10 of 10 = 100 %, D2 5 + 4 = 90 %: the overall, on two calls; the Settings' 1-5 is their scale
    imported(tmp_path, book, _export([("D1", 1, 5, 5, 100), ("D2", 2, 5, 4, 90)]))
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []
    # Resolution 5 and 4 on 1-5: 5 / 5 x 100 = 100 and 4 / 5 x 100 = 80; (100 + 80) / 2 = 90 (as under Score (1-5))
    assert _baseline(book) == (2, 90.0)


def test_a_follow_up_held_by_maximum_or_overall_shows_no_delta(tmp_path):
    book = session_book(tmp_path)
    # before the session: six calls whose Total Score tracks the ratings (4 + 5 = 90 %, 4 + 4 = 80 %): the overall
    before = [(f"B{n}", n, 4, 5 if n % 2 else 4, 90 if n % 2 else 80) for n in range(1, 7)]
    imported(tmp_path, book, _export(before), name="before.csv")
    assert run("refresh", book, "--as-of", "2026-03-11").exit_code == 0
    assert _baseline(book) == (6, 80.0)  # Greeting 4 on 1-5 = 80, six calls, recorded
    # after it: ten calls, every rating 5 beside 100: held; read meanwhile as 5 of 100 = 5, a delta of 5 - 80 = -75
    after = HEAD + "".join(f"A{n},Ann Lee,2026-03-{10 + n} 10:00,{q},5,100,Quinn Ada\n" for n in range(1, 11)
                           for q in ("Greeting", "Resolution"))
    imported(tmp_path, book, after, name="after.csv", code=1)
    row = records(book, "Follow-up")[0]
    assert checks_of(book, Code.MAXIMUM_UNSURE) != []
    assert (row["Delta"], row["Change"]) == (None, None)
