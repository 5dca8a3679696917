"""A spelling holding a semicolon (a question text) cannot be typed among a criterion's Other names as it is, which
are split at semicolons: the unknown-criterion fix says to type it without its semicolon, and typed so it matches."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records, run

QUESTION = "Was the issue resolved; on the first contact?"


def test_the_fix_for_a_question_text_with_a_semicolon_says_what_to_type_and_typed_so_it_matches(tmp_path):
    book = session_book(tmp_path, "Resolution")
    # Ann's calls under the question text: 60 and 80 before the session (3/10), 90 after; and one Greeting call
    text = "Agent,Call ID,Date of call,Question,Score\nAnn Lee,G1,3/1/2026,Greeting,70\n" + "".join(
        f"Ann Lee,C{i},{day},{QUESTION},{s}\n" for i, (day, s) in enumerate(
            (("3/1/2026", 60), ("3/2/2026", 80), ("3/12/2026", 90)), 1))
    out = imported(tmp_path, book, text)
    said = checks_of(book, Code.UNKNOWN_SCORE_CRITERION)
    assert [c["Value"] for c in said] == [QUESTION]
    typed = "Was the issue resolved on the first contact?"
    assert f'type it there without its semicolon, as "{typed}"' in said[0]["How to fix"]
    assert f'"{typed}"' in out
    # the fix followed: the text so typed in Resolution's Other names (Criteria row 3, column C)
    wb = load_workbook(book)
    assert wb["Criteria"].cell(row=1, column=3).value == "Other names"
    wb["Criteria"].cell(row=3, column=3, value=typed)
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    assert checks_of(book, Code.UNKNOWN_SCORE_CRITERION) == []
    base = records(book, "Baseline")[0]
    assert (base["Recomputed n"], base["Calls"]) == (2, "C1, C2")
    assert base["Recomputed mean"] == pytest.approx((60 + 80) / 2)

