"""QA exports read as they mean, each imported and refreshed through the command line, the Follow-up figures
worked out by hand in each test: a call date under a header the HeaderMap did not list, ``score`` beside
``weight`` (points over a per-row maximum, or a criterion's weighting), stars written as full glyphs only, spaced
or in other star marks, the rows of zeros read as not scored, a rep's self-assessment and versions written 101 and
101.0."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

SESSION = {"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2025, 3, 10),
           "Targeted criterion": "Empathy", "Calls to review": 3, "Calls needed at threshold": 2}


def _imported(tmp_path, text: str, as_of: str = "2025-04-30", exit_code: int = 0, header_map=(), settings=(),
              reps=("Dana Cruz",)):
    """A workbook with the session S-1 (Dana Cruz, Empathy, 2025-03-10, 3 calls, 2 at the threshold of 80) and the
    ``header_map`` lines (field, export header) added to its HeaderMap table, the ``settings`` (name, value) typed on
    Settings, the export ``text`` imported as export.csv (``exit_code``: 1 where it holds an error) and refreshed as
    of ``as_of``, ``reps`` on the Reps sheet (a name, or a name and its other names): (book, the import's output)."""
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("EMP", "Empathy")], list(reps))
    type_log_rows(wb, [SESSION])
    ws = wb["Settings"]
    field = [c.value for c in ws[1]].index("Field") + 1
    last = max(r for r in range(2, ws.max_row + 1) if ws.cell(r, field).value)
    for row, (name, header) in enumerate(header_map, start=last + 1):
        ws.cell(row, field, name)
        ws.cell(row, field + 1, header)
    table = ws.tables["HeaderMap"]
    table.ref = re.sub(r"\d+$", str(last + len(header_map)), table.ref)
    for name, value in settings:
        [cell] = [c for row in ws.iter_rows() for c in row if c.value == name]
        ws.cell(cell.row, cell.column + 1, value)
    wb.save(book)
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    imported = run("import", book, tmp_path / "export.csv")
    assert imported.exit_code == exit_code, imported.output
    refreshed = run("refresh", book, "--as-of", as_of, "-q")
    assert refreshed.exit_code == 0, refreshed.output
    return book, imported.output


def _figures(book) -> tuple:
    row = records(book, "Follow-up")[0]
    return (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], pytest.approx(row["Follow-up mean"]),
            row["Follow-up calls"])


def _checks(book, code: Code) -> list[dict]:
    return [r for r in records(book, "Checks") if r["Code"] == code.value]


# --- zeros read as not scored: said on their first row, with their rows ---------------------------------------------

def test_zeros_not_scored_on_a_rating_are_said_on_their_first_row_with_their_rows(tmp_path):
    text = ("qa_id,agent_name,call_date,empathy,communication\n"
            "1001,Dana Cruz,2025-03-05,3,4\n"   # row 2
            "1002,Dana Cruz,2025-03-06,4,4\n"   # row 3
            "1003,Dana Cruz,2025-03-07,0,3\n"   # row 4: not scored
            "1004,Dana Cruz,2025-03-08,2,5\n"   # row 5
            "1005,Dana Cruz,2025-03-11,5,5\n"   # row 6
            "1006,Dana Cruz,2025-03-12,0,4\n"   # row 7: not scored
            "1007,Dana Cruz,2025-03-13,4,1\n"   # row 8
            "1008,Dana Cruz,2025-03-14,1,2\n")  # row 9
    book, output = _imported(tmp_path, text)
    # 1-5 rating, the 0s not scored: baseline 1001, 1002, 1004 = 60, 80, 40 -> 60; follow-up 1005, 1007, 1008
    # = 100, 80, 20 -> 66.67
    assert _figures(book) == (3, 60, 3, 200 / 3, "1005, 1007, 1008")
    [zeros] = _checks(book, Code.ZERO_NOT_SCORED)
    assert (zeros["Sheet"], zeros["Row"], zeros["Value"]) == ("Scores export", 4, "Empathy")
    assert "2 zeros on a 1-5 scale (rows 4, 7)" in zeros["Problem"]
    assert "2 zeros on a 1-5 scale (rows 4, 7)" in output


# --- stars written as full stars only: a 1-5 star rating ------------------------------------------------------------

DAYS = ["2025-03-05", "2025-03-06", "2025-03-07", "2025-03-11", "2025-03-12", "2025-03-13"]


def _stars(cells: list[str]) -> str:
    return "call_id,agent_name,call_start_time,question,Rating\n" + "".join(
        f"c{i},Dana Cruz,{day},Empathy,{cell}\n" for i, (day, cell) in enumerate(zip(DAYS, cells), start=1))


def test_full_stars_only_are_a_one_to_five_star_rating(tmp_path):
    book, _ = _imported(tmp_path, _stars(["★", "★★", "★★★", "★★★★", "★★★★★", "★★★★"]))
    # n stars of 5: baseline 20, 40, 60 -> 40; follow-up 80, 100, 80 -> 86.67 (before: every cell n of n, 100)
    assert _figures(book) == (3, 40, 3, 260 / 3, "c4, c5, c6")
    assert not _checks(book, Code.SCALE_UNCLEAR)  # (five stars show the top)


def test_full_stars_none_of_five_are_read_out_of_five_and_said(tmp_path):
    book, _ = _imported(tmp_path, _stars(["★★", "★★★", "★", "★★★★", "★★★", "★★"]))
    # baseline 40, 60, 20 -> 40; follow-up 80, 60, 40 -> 60 (no cell shows whether the top is 4 or 5)
    assert _figures(book) == (3, 40, 3, 60, "c4, c5, c6")
    [unclear] = _checks(book, Code.SCALE_UNCLEAR)
    assert (unclear["Sheet"], unclear["Row"], unclear["Value"]) == ("Scores export", 2, "Empathy")
    assert "(rows 2, 3, 4, 5, 6 and 1 more)" in unclear["Problem"] and "1-5 star rating" in unclear["Problem"]


def test_empty_stars_still_show_the_top():
    assert coerce.score("★★★☆")[0] == 75  # 3 of the 4 stars shown
    assert coerce.score("★★★")[0] == 60  # 3 of 5


@pytest.mark.parametrize("cells, baseline, follow_up", [
    # a 3-star scale its empty stars show: baseline 66.67, 100, 33.33 -> 66.67; follow-up 100, 100, 66.67 -> 88.89
    # (★★★ read as 3 of 5, 60: 53.33 and 62.22)
    (["★★☆", "★★★", "★☆☆", "★★★", "★★★", "★★☆"], 200 / 3, 800 / 9),
    # a 10-star scale: baseline 40, 60, 80 -> 60; follow-up 70, 90, 100 -> 86.67 (six, seven and ten full stars
    # over 5: errors, not counted)
    (["★★★★☆☆☆☆☆☆", "★" * 6, "★" * 8 + "☆☆", "★" * 7, "★" * 9 + "☆", "★" * 10], 60, 260 / 3),
])
def test_full_stars_only_are_read_on_the_top_their_columns_empty_stars_show(tmp_path, cells, baseline, follow_up):
    book, _ = _imported(tmp_path, _stars(cells))
    assert _figures(book) == (3, pytest.approx(baseline), 3, follow_up, "c4, c5, c6")
    assert not _checks(book, Code.SCALE_UNCLEAR) and not _checks(book, Code.UNREADABLE_SCORE)


@pytest.mark.parametrize("cells, bad, baseline", [
    # c2, row 3: four full stars on a 3-star scale; baseline c1, c3 = 66.67, 33.33 -> 50
    (["★★☆", "★★★★", "★☆☆", "★★★", "★★★", "★★☆"], "★★★★", 50),
    # c2, row 3: six full stars, no top shown (a 1-5 rating): baseline c1, c3 = 40, 60 -> 50
    (["★★", "★" * 6, "★★★", "★★★★★", "★★★★★", "★★★★"], "★" * 6, 50),
])
def test_more_full_stars_than_the_top_are_an_unreadable_score(tmp_path, cells, bad, baseline):
    book, _ = _imported(tmp_path, _stars(cells), exit_code=1)
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (2, pytest.approx(baseline))
    [unread] = _checks(book, Code.UNREADABLE_SCORE)
    assert (unread["Sheet"], unread["Row"], unread["Value"]) == ("Scores export", 3, bad)
    assert f"{len(bad)} full stars and no empty one" in unread["Problem"]


def test_stars_spaced_or_written_with_other_star_marks_read_as_stars(tmp_path):
    book, output = _imported(tmp_path, _stars(["★ ★ ☆ ☆ ☆", "⭐⭐⭐", "★ ★ ★", "⭐ ⭐ ⭐ ⭐", "★ ★ ★ ★ ★",
                                               "⭐\ufe0f⭐\ufe0f⭐\ufe0f⭐\ufe0f"]))
    # the top of 5 row 2's empty stars show: baseline 2, 3, 3 of 5 = 40, 60, 60 -> 53.33; follow-up 4, 5, 4 of 5
    # = 80, 100, 80 -> 86.67 (before: every cell but row 2 an unreadable score)
    assert _figures(book) == (3, pytest.approx(160 / 3), 3, 260 / 3, "c4, c5, c6")
    assert not _checks(book, Code.UNREADABLE_SCORE) and not _checks(book, Code.SCALE_UNCLEAR)


@pytest.mark.parametrize("mark", ["*", "**", "* *"])
def test_asterisks_among_scores_are_unreadable_scores_not_stars(tmp_path, mark):
    book, _ = _imported(tmp_path, _stars(["85", "90", mark, "70", "95", "80"]), exit_code=1)
    # row 4 (c3) an unreadable score, not 1 or 2 stars of 5 (20 or 40): baseline c1, c2 = 85, 90 -> 87.5;
    # follow-up 70, 95, 80 -> 81.67
    assert _figures(book) == (2, 87.5, 3, 245 / 3, "c4, c5, c6")
    [unread] = _checks(book, Code.UNREADABLE_SCORE)
    assert (unread["Sheet"], unread["Row"], unread["Value"]) == ("Scores export", 4, mark)
    assert not _checks(book, Code.SCALE_UNCLEAR)


def test_full_stars_beside_empty_stars_of_two_tops_are_read_out_of_five_and_said(tmp_path):
    book, _ = _imported(tmp_path, _stars(["★★★☆☆", "★★★★☆☆☆☆☆☆", "★★", "★★★☆☆", "★★★★★★★★☆☆", "★★★"]))
    # rows 4 and 7, full stars only, on no one top: 2 and 3 of 5; baseline 60, 40, 40 -> 46.67; follow-up 60, 80,
    # 60 -> 66.67
    assert _figures(book) == (3, pytest.approx(140 / 3), 3, 200 / 3, "c4, c5, c6")
    [unclear] = _checks(book, Code.SCALE_UNCLEAR)  # (before: none)
    assert (unclear["Sheet"], unclear["Row"], unclear["Value"], unclear["Severity"]) == \
        ("Scores export", 4, "Empathy", "warning")
    assert "row 2: 5 stars; Scores export row 3: 10 stars" in unclear["Problem"]
    assert "(rows 4, 7)" in unclear["Problem"] and "1-5 star rating" in unclear["Problem"]


def test_plain_numbers_beside_full_stars_say_the_top_of_five_is_assumed(tmp_path):
    book, _ = _imported(tmp_path, _stars(["★★★", "3", "4", "4", "2", "★★★★"]))
    # points out of 5: baseline 60, 60, 80 -> 66.67; follow-up 80, 40, 80 -> 66.67
    assert _figures(book) == (3, pytest.approx(200 / 3), 3, 200 / 3, "c4, c5, c6")
    [note] = [r for r in _checks(book, Code.SCALE_CONVERTED) if "points out of 5" in r["Problem"]]
    assert "assumed" in note["Problem"] and "row 2's full stars" in note["Problem"]
    assert "state" not in note["Problem"]


# --- a rep's self-assessment: not a QA score ------------------------------------------------------------------------

def test_a_reps_self_assessment_is_left_out_of_the_windows_and_said_per_rep(tmp_path):
    text = ("call_id,agent_name,grader,call_start_time,question,score\n"
            "c1,Dana Cruz,Lee Park,2025-03-05,Empathy,60\n"           # row 2
            "c1,Dana Cruz,dcruz@acme.test,2025-03-05,Empathy,100\n"   # row 3: Dana's other name on Reps
            "c2,Dana Cruz,Lee Park,2025-03-06,Empathy,70\n"           # row 4
            '"c3",Dana Cruz,"Cruz, Dana",2025-03-07,Empathy,100\n'    # row 5: last name first
            "c4,Dana Cruz,Lee Park,2025-03-04,Empathy,80\n"           # row 6
            "c5,Dana Cruz,Lee Park,2025-03-11,Empathy,90\n"           # row 7
            "c5,DANA CRUZ,Dana Cruz,2025-03-11,Empathy,100\n"         # row 8: the rep spelled another way
            "c6,Dana Cruz,Lee Park,2025-03-12,Empathy,70\n"           # row 9
            "c7,Dana Cruz,Lee Park,2025-03-13,Empathy,85\n"           # row 10
            "c8,Lee Park,Lee Park,2025-03-12,Empathy,50\n"            # row 11: Lee's own
            "c9,Lee Park,Dana Cruz,2025-03-12,Empathy,55\n")          # row 12: Dana scores Lee: a QA score
    book, output = _imported(tmp_path, text, reps=[("Dana Cruz", "dcruz@acme.test"), "Lee Park"])
    # rows 3, 5 and 8 out: baseline c4, c1, c2 = 80, 60, 70 -> 70 (c3 has no other score); follow-up c5, c6, c7
    # = 90, 70, 85 -> 81.67 (before: c1 and c5 the mean of the two, 80 and 95, and c3 100: 83.33 and 83.33)
    assert _figures(book) == (3, 70, 3, 245 / 3, "c5, c6, c7")
    said = _checks(book, Code.SELF_ASSESSMENT)
    assert [(r["Sheet"], r["Row"], r["Value"], r["Severity"]) for r in said] == [
        ("Scores export", 3, "Dana Cruz", "warning"), ("Scores export", 11, "Lee Park", "warning")]
    assert "3 rows" in said[0]["Problem"] and "1 row" in said[1]["Problem"]
    assert "Exclude" in said[0]["How to fix"]
    assert not _checks(book, Code.CALIBRATION_MERGED)  # (c1 and c5 have one QA score each)
    assert "self-assessment" in output


@pytest.mark.parametrize("bad", ["0", "\u2605\u2605\u2605\u2605\u2605\u2605", "9999"])
def test_self_assessments_are_left_out_beside_rows_the_scale_drops_duplicates_late_and_unreadable_dates(tmp_path, bad):
    # the scale, stated by the header, drops row 5's score (a 0 is not scored on 1-5, six stars are more than its
    # five, 9999 is far out of reading) after the self-assessments are found: rows 6 and 11 are still the ones left
    # out (the refresh stopped on a traceback); row 3 is row 2 twice (counted once), row 7's date unreadable (the
    # import's error), row 12 after the as-of date.  On 1-5 as value / 5 x 100: baseline c1 60, c2 80 -> 70 (n 2);
    # follow-up c5, c6, c7 = 80, 100, 60 -> 80
    text = ("call_id,agent_name,grader,call_start_time,question,score (1-5)\n"
            "c1,Dana Cruz,Lee Park,2025-03-05,Empathy,3\n"              # row 2
            "c1,Dana Cruz,Lee Park,2025-03-05,Empathy,3\n"              # row 3: row 2 again
            "c2,Dana Cruz,Lee Park,2025-03-06,Empathy,4\n"              # row 4
            f"c3,Dana Cruz,Lee Park,2025-03-07,Empathy,{bad}\n"         # row 5: dropped by the scale
            "c2,Dana Cruz,Dana Cruz,2025-03-06,Empathy,5\n"             # row 6: self-assessment
            "c4,Dana Cruz,Lee Park,2025-03-3x,Empathy,5\n"              # row 7: unreadable date
            "c5,Dana Cruz,Lee Park,2025-03-11,Empathy,4\n"              # row 8
            "c6,Dana Cruz,Lee Park,2025-03-12,Empathy,5\n"              # row 9
            "c7,Dana Cruz,Lee Park,2025-03-13,Empathy,3\n"              # row 10
            "c8,Dana Cruz,Dana Cruz,2025-03-14,Empathy,5\n"             # row 11: self-assessment
            "c9,Dana Cruz,Lee Park,2025-05-10,Empathy,5\n")             # row 12: after the as-of date
    book, output = _imported(tmp_path, text, exit_code=1, reps=["Dana Cruz", "Lee Park"])
    assert "row 7: the call date" in output and "Traceback" not in output
    assert _figures(book) == (2, 70, 3, 80, "c5, c6, c7")
    said = _checks(book, Code.SELF_ASSESSMENT)
    assert [(r["Row"], r["Value"]) for r in said] == [(6, "Dana Cruz")]
    assert "2 rows" in said[0]["Problem"]
    assert not _checks(book, Code.CALIBRATION_MERGED)


def test_a_self_assessment_the_scale_drops_is_said_as_not_scored_and_the_others_left_out(tmp_path):
    # row 3, Dana's own 0, is not scored on 1-5 (dropped before the self-assessments are left out); row 5, her own 5
    # on c3, is the one self-assessment left out.  Baseline c1, c2, c3 = 60, 80, 40 -> 60; follow-up c5, c6 = 80,
    # 100 -> 90
    text = ("call_id,agent_name,grader,call_start_time,question,score (1-5)\n"
            "c1,Dana Cruz,Lee Park,2025-03-05,Empathy,3\n"              # row 2
            "c1,Dana Cruz,Dana Cruz,2025-03-05,Empathy,0\n"             # row 3: her own, not scored
            "c2,Dana Cruz,Lee Park,2025-03-06,Empathy,4\n"              # row 4
            "c3,Dana Cruz,Dana Cruz,2025-03-07,Empathy,5\n"             # row 5: self-assessment
            "c3,Dana Cruz,Lee Park,2025-03-07,Empathy,2\n"              # row 6
            "c5,Dana Cruz,Lee Park,2025-03-11,Empathy,4\n"              # row 7
            "c6,Dana Cruz,Lee Park,2025-03-12,Empathy,5\n")             # row 8
    book, _ = _imported(tmp_path, text, reps=["Dana Cruz", "Lee Park"])
    assert _figures(book) == (3, 60, 2, 90, "c5, c6")
    assert [r["Row"] for r in _checks(book, Code.SELF_ASSESSMENT)] == [5]
    assert [r["Row"] for r in _checks(book, Code.ZERO_NOT_SCORED)] == [3]


def test_self_assessments_beside_a_dropped_score_and_reasons_typed_in_exclude(tmp_path):
    # row 3's 0 is not scored on 1-5 (dropped by the scale); reasons typed in Exclude on row 4 (a self-assessment)
    # and row 5 leave both out, row 4 without the warning; row 6, Dana's own with no reason, is the one said.
    # Baseline c1 60 (n 1); follow-up c5, c6 = 100, 80 -> 90
    text = ("call_id,agent_name,grader,call_start_time,question,score (1-5)\n"
            "c1,Dana Cruz,Lee Park,2025-03-05,Empathy,3\n"              # row 2
            "c2,Dana Cruz,Lee Park,2025-03-06,Empathy,0\n"              # row 3: not scored
            "c2,Dana Cruz,Dana Cruz,2025-03-06,Empathy,5\n"             # row 4: her own, Exclude typed
            "c3,Dana Cruz,Lee Park,2025-03-07,Empathy,4\n"              # row 5: Exclude typed
            "c4,Dana Cruz,Dana Cruz,2025-03-08,Empathy,4\n"             # row 6: her own
            "c5,Dana Cruz,Lee Park,2025-03-11,Empathy,5\n"              # row 7
            "c6,Dana Cruz,Lee Park,2025-03-12,Empathy,4\n")             # row 8
    book, _ = _imported(tmp_path, text, as_of="2025-03-08", reps=["Dana Cruz", "Lee Park"])  # (no baseline recorded)
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb["Scores export"]
    exclude = [c.value for c in ws[1]].index("Exclude") + 1
    ws.cell(4, exclude, "self-assessment")
    ws.cell(5, exclude, "misrouted")
    wb.save(book)
    assert run("refresh", book, "--as-of", "2025-04-30", "-q").exit_code == 0
    assert _figures(book) == (1, 60, 2, 90, "c5, c6")
    said = _checks(book, Code.SELF_ASSESSMENT)
    assert [(r["Row"], r["Value"]) for r in said] == [(6, "Dana Cruz")] and "1 row" in said[0]["Problem"]


def test_an_evaluator_written_as_the_reps_address_is_a_self_assessment(tmp_path):
    # dana.cruz@acme.test is Dana Cruz, as the merge of a call's evaluators reads it (no Other names on Reps):
    # rows 3 and 8 out, as lee.park@acme.test on Lee's own row 11; dcruz@acme.test (row 5), a name not in parts
    # on no roster, is another evaluator: c3's two scores merged, (70 + 90) / 2 = 80.  Baseline c4, c1 (60), c2
    # (70), c3 (80) -> the last 3: 60, 70, 80 -> 70; follow-up c5 90, c6 70, c7 85 -> 81.67 (before: c1's and c5's
    # rows merged with Dana's 100s, 80 and 95: baseline 76.67, follow-up 83.33)
    text = ("call_id,agent_name,grader,call_start_time,question,score\n"
            "c1,Dana Cruz,Lee Park,2025-03-05,Empathy,60\n"             # row 2
            "c1,Dana Cruz,dana.cruz@acme.test,2025-03-05,Empathy,100\n" # row 3: her own
            "c2,Dana Cruz,Lee Park,2025-03-06,Empathy,70\n"             # row 4
            "c3,Dana Cruz,dcruz@acme.test,2025-03-07,Empathy,90\n"      # row 5: no one's name
            "c3,Dana Cruz,Lee Park,2025-03-07,Empathy,70\n"             # row 6
            "c5,Dana Cruz,Lee Park,2025-03-11,Empathy,90\n"             # row 7
            "c5,Dana Cruz,Dana.Cruz@ACME.test,2025-03-11,Empathy,100\n" # row 8: her own
            "c6,Dana Cruz,Lee Park,2025-03-12,Empathy,70\n"             # row 9
            "c7,Dana Cruz,Lee Park,2025-03-13,Empathy,85\n"             # row 10
            "c8,Lee Park,lee.park@acme.test,2025-03-12,Empathy,50\n"    # row 11: Lee's own
            "c0,Dana Cruz,Lee Park,2025-03-04,Empathy,80\n")            # row 12
    book, _ = _imported(tmp_path, text, reps=["Dana Cruz", "Lee Park"])
    assert _figures(book) == (3, 70, 3, 245 / 3, "c5, c6, c7")
    said = _checks(book, Code.SELF_ASSESSMENT)
    assert [(r["Row"], r["Value"]) for r in said] == [(3, "Dana Cruz"), (11, "Lee Park")]
    assert "2 rows" in said[0]["Problem"]
    assert [r["Row"] for r in _checks(book, Code.CALIBRATION_MERGED)] == [5]


# --- a version written 101 and 101.0 is one version ------------------------------------------------------------------

def _versioned(tmp_path, baseline: list, follow_up: list, apart: bool) -> dict:
    """The Follow-up row of S-1 (3 calls before and 3 after 2025-03-10, 60/70/80 then 80/90/100) with the versions
    ``baseline`` and ``follow_up`` typed in the Criteria version cells of the Scores sheet, the follow-up's on a sheet
    "Scores 2" of their own where ``apart``."""
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("EMP", "Empathy")], ["Dana Cruz"])
    type_log_rows(wb, [SESSION])
    head = [c.value for c in wb["Scores"][1]]
    other = wb.create_sheet("Scores 2")
    other.append(head)
    calls = [("c1", 5, 60), ("c2", 6, 70), ("c3", 7, 80), ("c4", 11, 80), ("c5", 12, 90), ("c6", 13, 100)]
    for (call, day, score), version in zip(calls, [*baseline, *follow_up]):
        ws = other if apart and day > 10 else wb["Scores"]
        row = [call, "Dana Cruz", dt.datetime(2025, 3, day, 10), "Empathy", score, None, version]
        ws.append(row + [None] * (len(head) - len(row)))
    wb.save(book)
    assert run("refresh", book, "--as-of", "2025-04-30", "-q").exit_code == 0
    return records(book, "Follow-up")[0]


@pytest.mark.parametrize("apart", [False, True])
def test_a_whole_number_version_written_as_a_number_or_with_point_zero_is_one_version(tmp_path, apart):
    row = _versioned(tmp_path, [101, 101, 101.0], ["101.0", "101", "101.0"], apart)
    # one version: valid; delta = 90 - 70 = 20 (before: "calls carry versions 101, 101.0", invalid)
    assert (row["Definition unchanged"], row["Valid"], row["Delta"]) == ("yes", "yes", 20)


def test_versions_written_with_other_decimals_stay_as_written(tmp_path):
    row = _versioned(tmp_path, ["101.5", "101.5", "101.5"], ["101.50", "101.50", "101.50"], apart=False)
    assert (row["Definition unchanged"], row["Valid"]) == ("no", "no")


# --- the call date under a header the HeaderMap did not list ----------------------------------------------------------

# c3 was taken before the session (2025-03-06) and graded after it (2025-03-12): a baseline call
DATED = [("c1", "2025-03-03", "2025-03-04", 50), ("c2", "2025-03-04", "2025-03-05", 60),
         ("c3", "2025-03-06", "2025-03-12", 70), ("c4", "2025-03-11", "2025-03-13", 80),
         ("c5", "2025-03-12", "2025-03-14", 90), ("c6", "2025-03-13", "2025-03-15", 100)]


def _dated_export(call_header: str, extra: str = "") -> str:
    head = f"Conversation ID,Agent,{call_header},Evaluation Date,Criterion,Score{',' + extra if extra else ''}\n"
    return head + "".join(f"{c},Dana Cruz,{called},{graded},Empathy,{score}{',2025-04-01' if extra else ''}\n"
                          for c, called, graded, score in DATED)


@pytest.mark.parametrize("header", ["Conversation Date", "Contact Date", "Date of call", "Interaction Date",
                                    "Call Date"])
def test_a_call_date_header_beside_the_grading_date_dates_the_calls(tmp_path, header):
    book, output = _imported(tmp_path, _dated_export(header))
    # by call date: baseline c1, c2, c3 = 50, 60, 70 -> 60; follow-up c4, c5, c6 = 80, 90, 100 -> 90
    # (before, by grading date: baseline c1, c2 -> 55, n 2, recorded so for good)
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")
    log = records(book, "Log")[0]
    assert (log["Baseline n"], log["Baseline mean"]) == (3, 60)
    assert not _checks(book, Code.GRADING_DATE_USED) and not _checks(book, Code.GRADING_DATE_HOLDS)
    assert f"call_at <- {header}" in output


def test_no_call_date_synonym_names_a_grading_date():
    from coachlog_xl.core.gradingdate import GRADING_WORDS, OTHER_DATE_WORDS
    from coachlog_xl.core.inputs import header_key
    from coachlog_xl.schema import DEFAULT_HEADER_MAP

    assert not [h for h in DEFAULT_HEADER_MAP["call_at"] if any(w in header_key(h) for w in GRADING_WORDS)]
    assert not [h for h in DEFAULT_HEADER_MAP["call_at"] if any(w in header_key(h) for w in OTHER_DATE_WORDS)]


def test_the_grading_date_warning_names_the_unread_date_columns_and_the_headermap_line(tmp_path):
    from openpyxl import load_workbook

    book, output = _imported(tmp_path, _dated_export("Ticket Opened", extra="Review Completed"))
    # read by the grading date: baseline c1, c2 (graded 03-04, 03-05) = 55; follow-up c3, c4, c5 = 70, 80, 90 -> 80
    assert _figures(book) == (2, 55, 3, 80, "c3, c4, c5")
    # c3, graded 03-12 after the session, may be a call before it: the baseline waits, so the row is the error
    [used] = _checks(book, Code.GRADING_DATE_HOLDS)
    assert (used["Sheet"], used["Row"]) == ("Scores export", 1)
    assert 'Columns C "Ticket Opened" and G "Review Completed" hold dates and are not read.' in used["Problem"]
    assert used["Problem"] in output.replace("export.csv", "Scores export")
    # the line offered is the one column not named after a review
    assert "If column C is the call date, add a line to the HeaderMap table on Settings" in used["How to fix"]
    assert "Field call_at, Export header Ticket Opened" in used["How to fix"]
    assert "Review Completed" not in used["How to fix"]
    # following it: the calls are dated by column C; no baseline was recorded by grading dates (it waited), so the
    # baseline recorded now is c1, c2, c3 = 50, 60, 70 -> 60, n 3
    wb = load_workbook(book)
    settings = wb["Settings"]
    fields = [c.column for c in settings[1] if c.value == "Field"][0]
    row = next(r for r in range(2, settings.max_row + 2) if settings.cell(row=r, column=fields).value is None)
    settings.cell(row=row, column=fields, value="call_at")
    settings.cell(row=row, column=fields + 1, value="Ticket Opened")
    wb.save(book)
    assert run("refresh", book, "--as-of", "2025-04-30", "-q").exit_code == 0
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")
    assert not _checks(book, Code.GRADING_DATE_USED) and not _checks(book, Code.GRADING_DATE_HOLDS)
    assert not _checks(book, Code.BASELINE_CHANGED)


def _two_dates(first: str, second: str, second_dates: list[str]) -> str:
    """An export with two columns the HeaderMap lists as the call date: ``first`` holding DATED's call dates,
    ``second`` holding ``second_dates``."""
    head = f"Conversation ID,Agent,{first},{second},Criterion,Score\n"
    return head + "".join(f"{c},Dana Cruz,{called},{other},Empathy,{score}\n"
                          for (c, called, _, score), other in zip(DATED, second_dates))


def test_two_call_date_columns_whose_dates_differ_are_named_with_the_one_read(tmp_path):
    book, output = _imported(tmp_path, _two_dates("Date", "Contact Date", ["2025-02-01"] * 6))
    # the customer's first contact (2025-02-01 on every row) beside the call's date: each could be the call date
    [warning] = _checks(book, Code.TWO_CALL_DATES)
    assert (warning["Sheet"], warning["Row"], warning["Severity"]) == ("Scores export", 2, "warning")
    assert "call_at <- Contact Date" in output  # (ahead of Date in the HeaderMap order)
    # every call read as on 2025-02-01, before the session: the baseline its last 3 (the session's calls to review),
    # c4, c5, c6 = 80, 90, 100 -> 90; no follow-up call (by Date: 60 and 90, as the tests above work out)
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"]) == (3, 90, 0)
    assert 'columns D "Contact Date" and C "Date"' in warning["Problem"]
    assert "6 of the first 6 rows differ" in warning["Problem"] and 'dated by "Contact Date"' in warning["Problem"]
    assert "Field call_at, Export header Date above the line Field call_at, Export header Contact Date" in \
        warning["How to fix"]


def test_two_call_date_columns_holding_the_same_days_are_not_said(tmp_path):
    book, _ = _imported(tmp_path, _two_dates("Date of call", "Call Date", [d for _, d, _, _ in DATED]))
    # one day in both: baseline c1, c2, c3 = 50, 60, 70 -> 60; follow-up 80, 90, 100 -> 90
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")
    assert not _checks(book, Code.TWO_CALL_DATES)


# the calls of DATED at 21:30 in New York, and the same moments in UTC: 5 hours later before 2025-03-09 (EST),
# 4 after (EDT): 2025-03-04 02:30Z, ..., 2025-03-12 01:30Z
NEW_YORK = [f"{called} 21:30" for _, called, _, _ in DATED]
UTC = ["2025-03-04T02:30:00Z", "2025-03-05T02:30:00Z", "2025-03-07T02:30:00Z", "2025-03-12T01:30:00Z",
       "2025-03-13T01:30:00Z", "2025-03-14T01:30:00Z"]
DAY_FIRST = [f"{d[8:]}/{d[5:7]}/{d[:4]}" for _, d, _, _ in DATED]  # 03/03/2025 ... 13/03/2025 (a day above 12)


@pytest.mark.parametrize("first, second, settings", [
    (("Call Date", NEW_YORK), ("conversationCreatedAt", UTC), [("Time zone", "America/New_York")]),
    (("conversationCreatedAt", UTC), ("Date", NEW_YORK), [("Time zone", "America/New_York")]),
    (("Date", [d for _, d, _, _ in DATED]), ("Call Date", DAY_FIRST), [("Date order", "day-first")]),
    (("Call Date", [d for _, d, _, _ in DATED]), ("Date", DAY_FIRST), []),  # (13/03/2025 proves day-first)
])
def test_two_call_date_columns_read_as_the_call_date_is_read_are_not_said_to_differ(tmp_path, first, second,
                                                                                     settings):
    text = f"Conversation ID,Agent,{first[0]},{second[0]},Criterion,Score\n" + "".join(
        f"{c},Dana Cruz,{a},{b},Empathy,{score}\n" for (c, _, _, score), a, b in zip(DATED, first[1], second[1]))
    book, _ = _imported(tmp_path, text, settings=settings)
    # the same call in both, in the Settings' zone and date order: baseline c1, c2, c3 = 50, 60, 70 -> 60; follow-up
    # 80, 90, 100 -> 90
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")
    assert not _checks(book, Code.TWO_CALL_DATES)


def test_two_call_date_columns_differing_by_an_hour_are_said_with_their_moments_as_read(tmp_path):
    later = [*UTC[:3], "2025-03-12T02:30:00Z", *UTC[4:]]  # c4: 22:30 in New York, an hour after its Date's 21:30
    text = "Conversation ID,Agent,Call Date,conversationCreatedAt,Criterion,Score\n" + "".join(
        f"{c},Dana Cruz,{a},{b},Empathy,{score}\n" for (c, _, _, score), a, b in zip(DATED, NEW_YORK, later))
    book, _ = _imported(tmp_path, text, settings=[("Time zone", "America/New_York")])
    [warning] = _checks(book, Code.TWO_CALL_DATES)
    assert warning["Row"] == 5
    assert "(row 5: 2025-03-11 21:30 and 2025-03-11 22:30; 1 of the first 6 rows differ)" in warning["Problem"]


def test_a_start_time_of_times_alone_beside_a_date_is_the_call_time_of_that_date(tmp_path):
    text = "Conversation ID,Agent,Date,Start Time,Criterion,Score\n" + "".join(
        f"{c},Dana Cruz,{called},09:{10 + n}:00,Empathy,{score}\n" for n, (c, called, _, score) in enumerate(DATED))
    book, output = _imported(tmp_path, text)
    # "Date + Time" in two columns: each call on its Date at its Start Time: baseline c1, c2, c3 = 50, 60, 70 -> 60;
    # follow-up 80, 90, 100 -> 90 (Start Time read as the call date, no row had a date)
    assert "call_at <- Date" in output and "call_time <- Start Time" in output
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")


def test_the_grading_date_warning_offers_no_hire_or_birth_date_as_the_call_date(tmp_path):
    book, _ = _imported(tmp_path, "Conversation ID,Agent,Hire Date,Birth Date,Evaluation Date,Criterion,Score\n"
                        + "".join(f"{c},Dana Cruz,2024-05-01,1990-01-02,{graded},Empathy,{score}\n"
                                  for c, _, graded, score in DATED))
    [used] = _checks(book, Code.GRADING_DATE_HOLDS)  # (c3, graded after the session, holds its baseline)
    assert 'C "Hire Date" and D "Birth Date" hold dates' in used["Problem"]  # (named, not offered)
    assert "Export header" not in used["How to fix"]


# --- score beside weight: points over the row's points possible, or a criterion's weighting ---------------------------

def _weighed(pairs: list[tuple], days: list[str] = DAYS) -> str:
    return "call_id,agent_name,call_start_time,question,score,weight\n" + "".join(
        f"c{i},Dana Cruz,{day},Empathy,{score},{weight}\n"
        for i, (day, (score, weight)) in enumerate(zip(days, pairs), 1))


def test_score_beside_a_weight_it_never_exceeds_and_scores_in_full_is_points_over_it(tmp_path):
    book, output = _imported(tmp_path, _weighed([(3, 5), (10, 10), (2, 2), (4, 4), (9, 10), (5, 5)]))
    # each weight (5, 10, 2, 4) scored in full on some row, none exceeded: points / weight: baseline 60, 100, 100
    # -> 86.67; follow-up 100, 90, 100 -> 96.67 (the weight not read, a 1-10 rating: 30, 100, 20 -> 50)
    assert _figures(book) == (3, pytest.approx(260 / 3), 3, 290 / 3, "c4, c5, c6")
    assert "max_score <- weight" in output
    [note] = [r for r in _checks(book, Code.SCALE_CONVERTED) if "weight" in r["Problem"]]
    assert (note["Sheet"], note["Row"]) == ("Scores export", 1)
    assert "points over the \"weight\" beside it" in note["Problem"]


def test_score_above_its_weight_makes_the_weight_a_weighting_not_read(tmp_path):
    book, output = _imported(tmp_path, _weighed([(60, 2), (80, 1), (100, 3), (25, 1), (90, 2), (100, 1)]))
    # 0-100 scores, the weight (1-3) the criterion's weighting, not used: baseline 60, 80, 100 -> 80; follow-up
    # 25, 90, 100 -> 71.67
    assert _figures(book) == (3, 80, 3, 215 / 3, "c4, c5, c6")
    assert "columns kept but not used: weight" in output
    [note] = [r for r in _checks(book, Code.LAYOUT_NOTE) if "weight" in r["Problem"]]
    assert (note["Sheet"], note["Row"]) == ("Scores export", 2)
    assert "weight in an overall score" in note["Problem"] and "row 2: 60 beside a weight of 2" in note["Problem"]


@pytest.mark.parametrize("pairs, baseline, follow_up, weights", [
    # 1-5 ratings beside a criterion's weighting of 30 or 20: baseline 60, 80, 60 -> 66.67; follow-up 80, 100, 80
    # -> 86.67 (points over the weight: 10, 13.3, 15 -> 12.78 and 13.3, 16.7, 20 -> 16.67)
    ([(3, 30), (4, 30), (3, 20), (4, 30), (5, 30), (4, 20)], 200 / 3, 260 / 3, "equal to its weight of 20 or 30"),
    # 1-5 ratings beside 5 and 10, the 5s scored in full but never a 10: baseline 80, 60, 100 -> 80; follow-up 40,
    # 100, 80 -> 73.33 (points over the weight: 80, 30, 100 -> 70 and 20, 50, 80 -> 50)
    ([(4, 5), (3, 10), (5, 5), (2, 10), (5, 10), (4, 5)], 80, 220 / 3, "equal to its weight of 10"),
])
def test_a_weight_never_scored_in_full_leaves_the_scores_on_their_own_scale_with_a_warning(
        tmp_path, pairs, baseline, follow_up, weights):
    book, output = _imported(tmp_path, _weighed(pairs))
    assert _figures(book) == (3, pytest.approx(baseline), 3, follow_up, "c4, c5, c6")
    assert "columns kept but not used: weight" in output
    [warning] = [r for r in _checks(book, Code.SCALE_UNCLEAR) if "weight" in r["Problem"]]
    assert (warning["Sheet"], warning["Row"], warning["Severity"]) == ("Scores export", 2, "warning")
    assert weights in warning["Problem"] and "points possible or each criterion's weight" in warning["Problem"]
    assert "Field max_score, Export header weight" in warning["How to fix"]
    assert not _checks(book, Code.SCALE_CONVERTED) or all("weight" not in r["Problem"]
                                                          for r in _checks(book, Code.SCALE_CONVERTED))


def _two_criteria(empathy: list[tuple], greeting: list[tuple]) -> str:
    """An export of c1-c6 (DAYS) scoring Empathy and Greeting, each (score, weight)."""
    return "call_id,agent_name,call_start_time,question,score,weight\n" + "".join(
        f"c{i},Dana Cruz,{day},{criterion},{score},{weight}\n"
        for i, (day, e, g) in enumerate(zip(DAYS, empathy, greeting), 1)
        for criterion, (score, weight) in (("Empathy", e), ("Greeting", g)))


def test_one_criterions_full_marks_prove_no_other_criterions_weight(tmp_path):
    book, output = _imported(tmp_path, _two_criteria([(s, 10) for s in (3, 4, 3, 4, 5, 4)],
                                                     [(s, 10) for s in (10, 8, 9, 10, 7, 10)]))
    # Greeting's 10 of 10 is no full mark of Empathy's weight of 10, never scored in full: Empathy's scores stay on
    # their own scale, a 1-5 rating: baseline 60, 80, 60 -> 66.67; follow-up 80, 100, 80 -> 86.67 (points over the
    # weight: 30, 40, 30 -> 33.33)
    assert _figures(book) == (3, pytest.approx(200 / 3), 3, 260 / 3, "c4, c5, c6")
    [warning] = [r for r in _checks(book, Code.SCALE_UNCLEAR) if "weight" in r["Problem"]]
    assert (warning["Row"], warning["Severity"]) == (2, "warning")  # (Empathy's first row)
    assert "equal to its weight of 10 (Empathy)" in warning["Problem"]
    assert "The scores of Empathy are read on their own scale" in warning["Problem"]


def test_a_criterion_never_scored_in_full_leaves_the_others_on_points_over_their_weight(tmp_path):
    book, output = _imported(tmp_path, _two_criteria([(4, 4), (3, 4), (2, 4), (4, 4), (3, 4), (4, 4)],
                                                     [(2, 3), (1, 3), (2, 3), (2, 3), (1, 3), (2, 3)]))
    # Empathy's 4 of 4 proves its weight points possible: baseline 100, 75, 50 -> 75; follow-up 100, 75, 100 -> 91.67;
    # Greeting never 3 of 3 stays on its own scale, with the warning naming it (Empathy read as a 1-5 rating with it:
    # 80, 60, 40 -> 60)
    assert _figures(book) == (3, 75, 3, 275 / 3, "c4, c5, c6")
    assert "max_score <- weight" in output
    [warning] = [r for r in _checks(book, Code.SCALE_UNCLEAR) if "weight" in r["Problem"]]
    assert warning["Row"] == 3 and "equal to its weight of 3 (Greeting)" in warning["Problem"]
    assert "The scores of Greeting are read on their own scale" in warning["Problem"]
    [note] = [r for r in _checks(book, Code.SCALE_CONVERTED) if "weight" in r["Problem"]]
    assert "each score but those of Greeting is read as points over" in note["Problem"]


def test_a_header_map_line_reads_a_weight_never_scored_in_full_as_points_possible(tmp_path):
    pairs = [(3, 30), (4, 30), (3, 20), (4, 30), (5, 30), (4, 20)]
    book, _ = _imported(tmp_path, _weighed(pairs), header_map=[("max_score", "weight")])
    # the fix the warning gives: points over the weight, baseline 10, 13.33, 15 -> 12.78; follow-up 13.33, 16.67, 20
    # -> 16.67
    assert _figures(book) == (3, pytest.approx(115 / 9), 3, 50 / 3, "c4, c5, c6")
    assert not [r for r in _checks(book, Code.SCALE_UNCLEAR) if "weight" in r["Problem"]]


def test_one_export_pasted_twice_is_read_one_way_by_all_its_rows(tmp_path):
    head = "call_id,agent_name,call_start_time,question,score,weight\n"
    text = (head + "c1,Dana Cruz,2025-03-05,Empathy,3,3\nc2,Dana Cruz,2025-03-06,Empathy,2,3\n"
            "c3,Dana Cruz,2025-03-07,Empathy,5,5\n"  # rows 2-4: alone, each weight in full and none above
            + head + "c4,Dana Cruz,2025-03-11,Empathy,4,3\nc5,Dana Cruz,2025-03-12,Empathy,5,5\n"
            "c6,Dana Cruz,2025-03-13,Empathy,3,3\n")  # the header again on row 5; row 6: 4 above its weight of 3
    book, output = _imported(tmp_path, text)
    assert "columns kept but not used: weight" in output
    # one export, a 4 above its weight of 3: the weight is a weighting for every row, the scores a 1-5 rating:
    # baseline 60, 40, 100 -> 66.67; follow-up 80, 100, 60 -> 80 (the first paste read alone as points over its
    # weight: 100, 66.67, 100 -> 88.89)
    assert _figures(book) == (3, pytest.approx(200 / 3), 3, 80, "c4, c5, c6")
    [note] = [r for r in _checks(book, Code.LAYOUT_NOTE) if "weight" in r["Problem"]]
    assert (note["Sheet"], note["Row"]) == ("Scores export", 6)
    assert not [r for r in _checks(book, Code.SCALE_CONVERTED) if "weight" in r["Problem"]]


def test_a_weight_of_0_beside_0_is_not_scored_and_a_blank_weight_leaves_its_score_unread(tmp_path):
    days = ["2025-03-05", "2025-03-06", "2025-03-07", "2025-03-08", "2025-03-09", "2025-03-11", "2025-03-12",
            "2025-03-13"]
    pairs = [(3, 5), (10, 10), (2, 2), (0, 0), (4, ""), (4, 4), (9, 10), (5, 5)]  # c4 row 5: 0 of 0; c5 row 6: 4 of ?
    book, _ = _imported(tmp_path, _weighed(pairs, days), exit_code=1)
    # baseline: c4 not scored and c5 unreadable, so c1, c2, c3 = 60, 100, 100 -> 86.67; follow-up c6, c7, c8 = 100,
    # 90, 100 -> 96.67
    assert _figures(book) == (3, pytest.approx(260 / 3), 3, 290 / 3, "c6, c7, c8")
    [unread] = _checks(book, Code.UNREADABLE_SCORE)
    assert (unread["Sheet"], unread["Row"]) == ("Scores export", 6)
    assert not [r for r in _checks(book, Code.LAYOUT_NOTE) if "weight" in r["Problem"]]
