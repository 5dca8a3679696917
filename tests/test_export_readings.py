"""QA exports read as they mean, each imported and refreshed through the command line, the Follow-up figures
worked out by hand in each test: a call date under a header the HeaderMap did not list, ``score`` beside
``weight`` (points over a per-row maximum, or a criterion's weighting), stars written as full glyphs only,
and the rows of zeros read as not scored."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

SESSION = {"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2025, 3, 10),
           "Targeted criterion": "Empathy", "Calls to review": 3, "Calls needed at threshold": 2}


def _imported(tmp_path, text: str, as_of: str = "2025-04-30"):
    """A workbook with the session S-1 (Dana Cruz, Empathy, 2025-03-10, 3 calls, 2 at the threshold of 80), the
    export ``text`` imported as export.csv and refreshed as of ``as_of``: (book, the import's output)."""
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("EMP", "Empathy")], ["Dana Cruz"])
    type_log_rows(wb, [SESSION])
    wb.save(book)
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    imported = run("import", book, tmp_path / "export.csv")
    assert imported.exit_code == 0, imported.output
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


def test_empty_stars_still_show_the_top_and_six_full_stars_are_not_counted():
    assert coerce.score("★★★☆")[0] == 75  # 3 of the 4 stars shown
    assert coerce.score("★★★")[0] == 60  # 3 of 5
    with pytest.raises(coerce.Unreadable, match="6 full stars and no empty one"):
        coerce.score("★★★★★★")
