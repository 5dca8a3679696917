"""A score written with a decimal comma in a comma-separated export, unquoted (``4,5``): the file's comma splits it
over two cells, 4 under the score's header and 5 right of it, and the rest of its row one cell to the right, so the
row holds one cell more than the header (exports.md, "Values": decimal commas, blank header cells).  The file
cannot tell that from a comment's comma or a column without a header, and every guess at joining the cells merged
real data (a headerless maximum 8,10 read 8.1, a comment's "6,3, 4 and 7 missed" read 6,3): the import joins
nothing, imports every cell where the file put it and names the rows (row-past-header) with both readings.
Imported and refreshed through the command line; values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from coachlog_xl.core.checks import Code
from tests.session_kit import one_session_book
from tests.wbkit import records, run


def _imported(tmp_path, lines: list[str] | None = None, export=None) -> tuple:
    """``lines`` written as export.csv (or ``export``, a file made already) imported into a book of one session on
    2025-03-10, refreshed as of 2025-03-31: the book, its Follow-up row, the import's output and the Checks."""
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2025, 3, 10), criterion="Empathy")
    if export is None:
        export = tmp_path / "export.csv"
        export.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert run("refresh", book, "--as-of", "2025-03-31", "--no-backup", "-q").exit_code == 0
    return book, records(book, "Follow-up")[0], imported.output, records(book, "Checks")


def _figures(row) -> tuple:
    return row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]


def _named(output: str) -> str:
    """The import's row-past-header line (its warning, then its fix)."""
    lines = output.splitlines()
    at = [i for i, line in enumerate(lines) if "past the header (the file's row" in line]
    assert len(at) == 1, output
    return lines[at[0]] + "\n" + lines[at[0] + 1]


# the review's files (Dana's calls, all before the session on 2025-03-10, on a scale the column cannot tell: read as
# points), each imported as written: the baseline is the cells under "Score", and the rows past the header named
REVIEW = {
    "A: a headerless maximum, one row without it": (
        ["Call ID,Agent,Call date,Criterion,Score",
         "K-1,Dana Cruz,2025-03-03,Empathy,8,10", "K-2,Dana Cruz,2025-03-04,Empathy,7,10",
         "K-3,Dana Cruz,2025-03-05,Empathy,9,10", "K-4,Dana Cruz,2025-03-06,Empathy,6,"],
        # 8, 7, 9, 6: mean 7.5 (joined: 8.1, 7.1, 9.1, 6, mean 7.575)
        4, 7.5, "rows 2, 3, 4)"),
    "B: a headerless maximum, a footer row": (
        ["Call ID,Agent,Call date,Criterion,Score",
         "K-1,Dana Cruz,2025-03-03,Empathy,8,10", "K-2,Dana Cruz,2025-03-04,Empathy,7,10",
         "K-3,Dana Cruz,2025-03-05,Empathy,9,10", "Average,,,,8"],
        # 8, 7, 9 (the Average row a totals row): mean 8 (joined: 8.1)
        3, 8, "rows 2, 3, 4)"),
    "C: a comment starting with numbers and a comma": (
        ["Call ID,Agent,Call date,Criterion,Score,Comment",
         "K-1,Dana Cruz,2025-03-03,Empathy,4,5,fine", "K-2,Dana Cruz,2025-03-04,Empathy,6,3, 4 and 7 missed",
         "K-3,Dana Cruz,2025-03-05,Empathy,8,good"],
        # 4, 6, 8: mean 6 (joined: 4.5, 6.3, 8)
        3, 6, "rows 2, 3)"),
    "D: the column before the score split": (
        ["Call ID,Agent,Call date,Criterion,Weight,Score",
         "K-1,Dana Cruz,2025-03-03,Empathy,1,8", "K-2,Dana Cruz,2025-03-04,Empathy,0,5,8",
         "K-3,Dana Cruz,2025-03-05,Empathy,1,9"],
        # 8, 5, 9: mean 22/3 (joined: 5,8 read 5.8)
        3, 22 / 3, "row 3)"),
    "E: a comment before the score split": (
        ["Call ID,Agent,Call date,Criterion,Comment,Score",
         "K-1,Dana Cruz,2025-03-03,Empathy,ok,8", "K-2,Dana Cruz,2025-03-04,Empathy,missed items 2,4,8",
         "K-3,Dana Cruz,2025-03-05,Empathy,good,9"],
        # 8, 4, 9: mean 7 (joined: 4,8 read 4.8)
        3, 7, "row 3)"),
    "F: a trailing comma on every row and the header": (
        ["Call ID,Agent,Call date,Criterion,Score,",
         "K-1,Dana Cruz,2025-03-03,Empathy,4,5,", "K-2,Dana Cruz,2025-03-04,Empathy,3,",
         "K-3,Dana Cruz,2025-03-05,Empathy,4,"],
        # 4, 3, 4: mean 11/3, the 5 under the blank-named column
        3, 11 / 3, "row 2)"),
    "M: a split score and comments' commas": (
        ["Call ID,Agent,Call date,Criterion,Score,Call type,Comment",
         "K-1,Dana Cruz,2025-03-03,Empathy,4,5,inbound,ok, fine",
         "K-2,Dana Cruz,2025-03-04,Empathy,3,outbound,good, but slow",
         "K-3,Dana Cruz,2025-03-05,Empathy,4,5,inbound,fine"],
        # 4, 3, 4: mean 11/3
        3, 11 / 3, "rows 2, 3, 4)"),
}


@pytest.mark.parametrize("name", list(REVIEW))
def test_the_reviews_files_are_imported_as_written_and_their_long_rows_named(tmp_path, name):
    lines, n, mean, rows = REVIEW[name]
    book, row, output, checks = _imported(tmp_path, lines)
    assert row["Baseline n"] == n and row["Baseline mean"] == pytest.approx(mean)
    assert f"past the header (the file's {rows}" in _named(output)
    assert not [c for c in checks if c["Code"] == Code.ROW_PAST_HEADER.value]  # said at import only
    assert "Nothing added" in run("import", book, tmp_path / "export.csv").output


def test_a_file_without_a_criterion_column_keeps_its_scores_where_the_file_put_them(tmp_path):
    # the review's K: a score and its maximum, comments with commas; the scores stay 4, 9, 8, 9 under "Score" (the
    # file names no criterion: the import reads "Max" as one, not on the Criteria sheet, and exits 1)
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2025, 3, 10), criterion="Empathy")
    export = tmp_path / "export.csv"
    export.write_text("Call ID,Agent,Call date,Score,Max,Comment\nK-1,Dana Cruz,2025-03-03,4,5,10,fine\n"
                      "K-2,Dana Cruz,2025-03-04,9,10,10, not great\nK-3,Dana Cruz,2025-03-05,8,10,good\n"
                      "K-4,Dana Cruz,2025-03-06,9,10,ok, not great\n", encoding="utf-8")
    output = run("import", book, export).output
    cells = [list(r)[3:7]
             for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, max_row=5, values_only=True)]
    assert cells == [[4, 5, 10, "fine"], [9, 10, 10, " not great"], [8, 10, "good", None], [9, 10, "ok", " not great"]]
    assert "past the header (the file's rows 2, 3, 5)" in _named(output)


def test_a_score_split_by_its_decimal_comma_is_read_as_written_and_both_readings_said(tmp_path):
    book, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5)",
                                                "K-1,Dana Cruz,2025-03-03,Empathy,4,5",
                                                "K-2,Dana Cruz,2025-03-04,Empathy,3",
                                                "K-3,Dana Cruz,2025-03-11,Empathy,2,5",
                                                "K-4,Dana Cruz,2025-03-12,Empathy,4"])
    # on 1-5, read as written: 4 -> 80 and 3 -> 60 before the session (mean 70); 2 -> 40 and 4 -> 80 after (mean 60)
    # (joined they were 4,5 -> 90 and 2,5 -> 50: means 75 and 65)
    assert _figures(row) == (2, 70, 2, 60)
    said = _named(output)
    assert "2 rows hold a value past the header (the file's rows 2, 4)" in said
    assert 'row 2: 4 under "Score (1-5)", 5 under no header, read as 4 (or 4,5)' in said
    assert "if the export meant 4,5" in said and "scores quoted or with semicolons" in said
    assert "type 4,5 in the Score (1-5) cell" in said and "give the column a header" in said
    cells = [list(r)[:6]
             for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, max_row=3, values_only=True)]
    assert cells == [["K-1", "Dana Cruz", "2025-03-03", "Empathy", 4, 5],  # as the file's commas left them
                     ["K-2", "Dana Cruz", "2025-03-04", "Empathy", 3, None]]
    again = run("import", book, tmp_path / "export.csv").output
    assert "Nothing added" in again and "past the header (the file's rows 2, 4)" in again


def test_a_quoted_decimal_comma_score_and_a_semicolon_file_read_4_5(tmp_path):
    comma = ["Call ID,Agent,Call date,Criterion,Score (1-5)", 'K-1,Dana Cruz,2025-03-03,Empathy,"4,5"',
             "K-2,Dana Cruz,2025-03-04,Empathy,3"]
    semicolons = ["Call ID;Agent;Call date;Criterion;Score (1-5)", "K-1;Dana Cruz;2025-03-03;Empathy;4,5",
                  "K-2;Dana Cruz;2025-03-04;Empathy;3"]
    for name, lines in (("comma", comma), ("semicolons", semicolons)):
        (tmp_path / name).mkdir()
        _, row, output, _ = _imported(tmp_path / name, lines)
        # on 1-5: 4,5 -> 90 and 3 -> 60 before the session, mean 75; nothing after it
        assert _figures(row)[:2] == (2, 75), name
        assert "past the header" not in output, name


def test_digits_beside_every_score_are_kept_as_written_and_both_readings_said(tmp_path):
    # every scored row holds a cell beside its score: every score split (85,5) reads the same as a column without a
    # header (85 of a maximum of 5?), so nothing is joined, and the import says both readings and both fixes
    book, row, output, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score",
                                                     "K-1,Dana Cruz,2025-03-03,Empathy,85,5",
                                                     "K-2,Dana Cruz,2025-03-04,Empathy,70,0",
                                                     "K-3,Dana Cruz,2025-03-11,Empathy,62,5",
                                                     "K-4,Dana Cruz,2025-03-12,Empathy,90,0"])
    # read as written: 85 and 70 before (mean 77.5), 62 and 90 after (mean 76); joined they were 85.5, 70, 62.5, 90
    assert _figures(row) == (2, 77.5, 2, 76)
    said = _named(output)
    assert "4 rows hold a value past the header (the file's rows 2, 3, 4, 5)" in said
    assert "give the column a header" in said and "scores quoted" in said and "read as 85 (or 85,5)" in said
    assert not [c for c in checks if c["Code"] == Code.ROW_PAST_HEADER.value]


def test_a_split_score_before_the_call_date_is_read_as_written_and_named(tmp_path):
    # reversed: the split used to be joined and the date moved back under its header
    _, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Criterion,Score (1-5),Call date",
                                             "K-1,Dana Cruz,Empathy,4,5,2025-03-03",
                                             "K-2,Dana Cruz,Empathy,3,2025-03-04",
                                             "K-3,Dana Cruz,Empathy,2,5,2025-03-11",
                                             "K-4,Dana Cruz,Empathy,4,2025-03-12"])
    # as written: the split rows' call date is the 5 (Excel's day 5, 1900-01-05), before the session: 4 -> 80,
    # 3 -> 60, 2 -> 40 before (mean 60), 4 -> 80 after
    assert _figures(row) == (3, 60, 1, 80)
    assert ('row 2: 4 under "Score (1-5)", 5 under "Call date", "2025-03-03" under no header, read as 4 (or 4,5)'
            in _named(output))


def test_a_row_longer_than_its_header_in_a_wide_export_is_named(tmp_path):
    # a wide export: 4,5,3 is 4,5 and 3 or 4 and 5,3: left as written, said
    _, _, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Empathy",
                                           "K-1,Dana Cruz,2025-03-03,4,5",
                                           "K-2,Dana Cruz,2025-03-04,3",
                                           "K-3,Dana Cruz,2025-03-11,2,5",
                                           "K-4,Dana Cruz,2025-03-12,4"])
    assert "2 rows hold a value past the header (the file's rows 2, 4)" in _named(output)


def test_a_value_under_a_blank_header_cell_beside_the_scores_is_named(tmp_path):
    # reversed: the header's last cell is blank, a column of its own (a maximum without its header?) or the scores
    # split; it was imported with no word
    _, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5),",
                                             "K-1,Dana Cruz,2025-03-03,Empathy,4,5",
                                             "K-2,Dana Cruz,2025-03-04,Empathy,3,",
                                             "K-3,Dana Cruz,2025-03-11,Empathy,2,5"])
    # 4 -> 80 and 3 -> 60 before (mean 70), 2 -> 40 after
    assert _figures(row) == (2, 70, 1, 40)
    assert "2 rows hold a value past the header (the file's rows 2, 4)" in _named(output)


def test_digits_beside_the_scores_of_a_file_no_comma_splits_are_no_split(tmp_path):
    rows = [["Call ID", "Agent", "Call date", "Criterion", "Score"],
            ["K-1", "Dana Cruz", "2025-03-03", "Empathy", 80, 2],
            ["K-2", "Dana Cruz", "2025-03-04", "Empathy", 70], ["K-3", "Dana Cruz", "2025-03-11", "Empathy", 90, 1],
            ["K-4", "Dana Cruz", "2025-03-12", "Empathy", 60]]
    xlsx = tmp_path / "export.xlsx"
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(xlsx)
    semicolons = tmp_path / "semicolons" / "export.csv"
    semicolons.parent.mkdir()
    semicolons.write_text("".join(";".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    for export in (xlsx, semicolons):
        _, row, output, _ = _imported(export.parent, export=export)
        # 80, 70 before (mean 75), 90, 60 after (mean 75): the 2 and 1 are a column of their own (read 80.2 before)
        assert _figures(row) == (2, 75, 2, 75), export
        assert "past the header" not in output


def test_a_headerless_column_of_maximums_is_not_merged_into_the_scores(tmp_path):
    # the review's file: a column of maximums (10) without a header beside every score; joined, 8 and 10 read 8.1
    book, row, output, checks = _imported(tmp_path, ["call_id,agent_name,ticket_created_at,question_id,raw_score",
                                                     "C1,Dana Cruz,2025-03-03 10:00,Empathy,80,100",
                                                     "C2,Dana Cruz,2025-03-04 10:00,Empathy,70,100",
                                                     "C3,Dana Cruz,2025-03-11 10:00,Empathy,60,100",
                                                     "C4,Dana Cruz,2025-03-12 10:00,Empathy,90,100"])
    # 80 and 70 before the session on 2025-03-10 (mean 75), 60 and 90 after it (mean 75); joined: 80.1, 70.1, ...
    assert _figures(row) == (2, 75, 2, 75)
    cells = [list(r)[4:6]
             for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, max_row=5, values_only=True)]
    assert cells == [[80, 100], [70, 100], [60, 100], [90, 100]]  # as the file holds them
    assert "4 rows hold a value past the header (the file's rows 2, 3, 4, 5)" in _named(output)


def test_a_comment_split_by_its_comma_does_not_join_the_score_with_the_next_number_column(tmp_path):
    # the review's file: "ok, not great" unquoted; 70 and 100 beside it are the score and its maximum, not 70,100
    book, row, output, _ = _imported(tmp_path, [
        "call_id,agent_name,ticket_created_at,question_id,raw_score,max_rubric_score,comment",
        "C1,Dana Cruz,2025-03-03 10:00,Empathy,80,100,fine",
        "C2,Dana Cruz,2025-03-04 10:00,Empathy,70,100,ok, not great",
        "C3,Dana Cruz,2025-03-11 10:00,Empathy,60,100,good",
        "C4,Dana Cruz,2025-03-12 10:00,Empathy,90,100,fine"])
    # 80 and 70 of 100 before (mean 75), 60 and 90 after (mean 75); joined, 70,100 read 70.1 with "ok" its maximum
    assert _figures(row) == (2, 75, 2, 75)
    cells = list(next(load_workbook(book)["Scores export"].iter_rows(min_row=3, max_row=3, values_only=True)))[4:8]
    assert cells == [70, 100, "ok", " not great"]  # as the file's commas split the row
    assert "1 row holds a value past the header (the file's row 3)" in _named(output)


def test_a_split_score_before_a_text_column_is_read_as_written(tmp_path):
    # reversed: the score is not the last column and the cell moved back a comment's: it was joined
    _, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5),Max,Comment",
                                             "K-1,Dana Cruz,2025-03-03,Empathy,4,5,5,fine",
                                             "K-2,Dana Cruz,2025-03-04,Empathy,3,5,ok",
                                             "K-3,Dana Cruz,2025-03-11,Empathy,2,5,5,\"slow, clear\"",
                                             "K-4,Dana Cruz,2025-03-12,Empathy,4,5,good"])
    # on 1-5, as written: 4 -> 80 and 3 -> 60 before (mean 70), 2 -> 40 and 4 -> 80 after (mean 60)
    assert _figures(row) == (2, 70, 2, 60)
    assert "2 rows hold a value past the header (the file's rows 2, 4)" in _named(output)


def test_the_import_says_its_long_rows_however_many_other_warnings(tmp_path):
    # 20 reps not on the Reps sheet: 20 warnings before the one only the import says (Checks never holds it)
    lines = ["Call ID,Agent,Call date,Criterion,Score"]
    lines += [f"R-{i},Rep {i},2025-03-0{1 + i % 9},Empathy,70" for i in range(20)]
    lines += ["K-1,Dana Cruz,2025-03-03,Empathy,85,5", "K-2,Dana Cruz,2025-03-04,Empathy,70,7,7"]
    _, row, output, checks = _imported(tmp_path, lines)
    # file rows 22 (85 as written, 5 beside it) and 23 (two cells too many: 70 as written), both before the session
    assert _figures(row)[:2] == (2, 77.5)
    said = [line for line in output.splitlines() if line.startswith("  warning: ")]
    assert said[0].startswith("  warning: export.csv: 2 rows hold a value past the header (the file's rows 22, 23)")
    assert len(said) == 16 and "... and 5 more warnings (see Checks after a refresh)" in output  # 20 reps: 15 + 5
    assert "found in the Scores sheet by call ID" in output
    assert not [c for c in checks if c["Code"] == Code.ROW_PAST_HEADER.value]


def test_rows_below_a_second_wider_header_are_measured_against_it(tmp_path):
    # two exports one below the other, the second with a comment column: its rows are as long as their header; only
    # its row 5, one cell longer, is named (main named none: a longer header row among the long rows stopped it)
    _, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score",
                                             "K-1,Dana Cruz,2025-03-03,Empathy,80",
                                             "Call ID,Agent,Call date,Criterion,Score,Comment",
                                             "K-2,Dana Cruz,2025-03-04,Empathy,70,ok",
                                             "K-3,Dana Cruz,2025-03-05,Empathy,60,5,fine"])
    # 80, 70, 60 before the session: mean 70
    assert _figures(row)[:2] == (3, 70)
    assert ('1 row holds a value past the header (the file\'s row 5), imported as written, every cell where the file '
            'put it: row 5: 60 under "Score", 5 under "Comment", "fine" under no header, read as 60 (or 60,5)'
            in _named(output))
