"""A score written with a decimal comma in a comma-separated export, unquoted (``4,5``): the file's comma splits it
over two cells, 4 under the score's header and 5 right of it under no header (exports.md, "Values": decimal commas,
blank header cells).  It was read as 4, with no word in Checks.  Imported and refreshed through the command line;
values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from tests.session_kit import one_session_book
from tests.wbkit import records, run


def _imported(tmp_path, lines: list[str]):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2025, 3, 10), criterion="Empathy")
    export.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert run("refresh", book, "--as-of", "2025-03-31", "-q").exit_code == 0
    return book, records(book, "Follow-up")[0], records(book, "Checks")


def test_a_score_split_by_its_decimal_comma_is_read_as_written_and_said(tmp_path):
    book, row, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5)",
                                             "K-1,Dana Cruz,2025-03-03,Empathy,4,5",
                                             "K-2,Dana Cruz,2025-03-04,Empathy,3",
                                             "K-3,Dana Cruz,2025-03-11,Empathy,2,5",
                                             "K-4,Dana Cruz,2025-03-12,Empathy,4"])
    # on 1-5: 4,5 -> 90 and 3 -> 60 before the session (mean 75); 2,5 -> 50 and 4 -> 80 after it (mean 65)
    # (read as 4 and 2 before: 80 and 40, means 70 and 60)
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 75, 2, 65)
    [split] = [c for c in checks if c["Code"] == Code.SCORE_SPLIT.value]
    assert (split["Sheet"], split["Row"], split["Field"], split["Value"], split["Severity"]) == (
        "Scores export", 2, "score", "4 | 5", "warning")
    assert "rows 2, 4" in split["Problem"] and "(4,5)" in split["Problem"]
    cells = [list(r)[:6] for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, max_row=3, values_only=True)]
    assert cells == [["K-1", "Dana Cruz", "2025-03-03", "Empathy", 4, 5], ["K-2", "Dana Cruz", "2025-03-04", "Empathy",
                                                                           3, None]]  # as exported


def test_a_column_filled_beside_every_score_is_no_split(tmp_path):
    # digits beside every score under no header: a column of its own (a maximum without its header?), not joined
    _, row, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5),",
                                          "K-1,Dana Cruz,2025-03-03,Empathy,4,5",
                                          "K-3,Dana Cruz,2025-03-11,Empathy,2,5"])
    assert (row["Baseline mean"], row["Follow-up mean"]) == (80, 40)
    assert Code.SCORE_SPLIT.value not in [c["Code"] for c in checks]
