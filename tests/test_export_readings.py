"""QA exports read as they mean, each imported and refreshed through the command line, the Follow-up figures
worked out by hand in each test: a call date under a header the HeaderMap did not list, ``score`` beside
``weight`` (points over a per-row maximum, or a criterion's weighting), stars written as full glyphs only,
and the rows of zeros read as not scored."""

from __future__ import annotations

import datetime as dt

import pytest

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
