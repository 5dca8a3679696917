"""A score written with a decimal comma in a comma-separated export, unquoted (``4,5``): the file's comma splits it
over two cells, 4 under the score's header and 5 right of it, and the rest of its row one cell to the right, so the
row holds one cell more than the header (exports.md, "Values": decimal commas, blank header cells).  It was read as
4 with no word; then joined wherever digits stood beside a whole score under no header, in files no comma splits
(an .xlsx, a semicolon file: 80 beside a count of 2 read 80.2), and not at all when every score was split, or when
the score was not the last column (its call date read as 5, 1900-01-05).  Imported and refreshed through the
command line; values worked out by hand."""

from __future__ import annotations

import datetime as dt

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


def test_a_score_split_by_its_decimal_comma_is_joined_as_written_and_said(tmp_path):
    book, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5)",
                                                "K-1,Dana Cruz,2025-03-03,Empathy,4,5",
                                                "K-2,Dana Cruz,2025-03-04,Empathy,3",
                                                "K-3,Dana Cruz,2025-03-11,Empathy,2,5",
                                                "K-4,Dana Cruz,2025-03-12,Empathy,4"])
    # on 1-5: 4,5 -> 90 and 3 -> 60 before the session (mean 75); 2,5 -> 50 and 4 -> 80 after it (mean 65)
    # (read as 4 and 2 before: 80 and 40, means 70 and 60)
    assert _figures(row) == (2, 75, 2, 65)
    assert "2 scores under \"Score (1-5)\" were split over two cells by the file's commas (the file's rows 2, 4; " \
        "first 4 | 5)" \
        in output and "as one (4,5)" in output
    cells = [list(r)[:6] for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, max_row=3, values_only=True)]
    assert cells == [["K-1", "Dana Cruz", "2025-03-03", "Empathy", "4,5", None],  # as the export wrote it
                     ["K-2", "Dana Cruz", "2025-03-04", "Empathy", 3, None]]
    assert "Nothing added" in run("import", book, tmp_path / "export.csv").output  # the same rows, joined again


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
    assert "every scored row holds one cell more than the header" in output and "the file's rows 2, 3, 4, 5" in output
    assert "give that column a header" in output and "scores quoted" in output
    assert "split over two cells by the file's commas (" not in output
    assert not [c for c in checks if c["Code"] in (Code.SCORE_SPLIT.value, Code.ROW_PAST_HEADER.value)]


def test_a_split_score_before_the_call_date_puts_the_date_back_under_its_header(tmp_path):
    _, row, _, checks = _imported(tmp_path, ["Call ID,Agent,Criterion,Score (1-5),Call date",
                                             "K-1,Dana Cruz,Empathy,4,5,2025-03-03",
                                             "K-2,Dana Cruz,Empathy,3,2025-03-04",
                                             "K-3,Dana Cruz,Empathy,2,5,2025-03-11",
                                             "K-4,Dana Cruz,Empathy,4,2025-03-12"])
    # as the first test: 90, 60 before (75), 50, 80 after (65); the split rows' date read as 5 (1900-01-05) before,
    # three calls in the baseline
    assert _figures(row) == (2, 75, 2, 65)
    assert not [c for c in checks if c["Code"] in ("unreadable-date", "row-past-header")]


def test_a_row_longer_than_its_header_that_cannot_be_undone_is_named(tmp_path):
    # a wide export: 4,5,3 is 4,5 and 3 or 4 and 5,3: left as written, said
    _, _, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Empathy",
                                           "K-1,Dana Cruz,2025-03-03,4,5",
                                           "K-2,Dana Cruz,2025-03-04,3",
                                           "K-3,Dana Cruz,2025-03-11,2,5",
                                           "K-4,Dana Cruz,2025-03-12,4"])
    assert "2 rows hold more cells than the header (the file's rows 2, 4)" in output
    assert "split over two cells by the file's commas" not in output


def test_a_headerless_column_beside_the_scores_is_no_split(tmp_path):
    # the header's last cell is blank: a column of its own (a maximum without its header?), not joined
    _, row, output, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5),",
                                                  "K-1,Dana Cruz,2025-03-03,Empathy,4,5",
                                                  "K-2,Dana Cruz,2025-03-04,Empathy,3,",
                                                  "K-3,Dana Cruz,2025-03-11,Empathy,2,5"])
    # 4 -> 80 and 3 -> 60 before (mean 70), 2 -> 40 after
    assert _figures(row) == (2, 70, 1, 40)
    assert Code.SCORE_SPLIT.value not in [c["Code"] for c in checks] and "split" not in output


def test_digits_beside_the_scores_of_a_file_no_comma_splits_are_no_split(tmp_path):
    rows = [["Call ID", "Agent", "Call date", "Criterion", "Score"], ["K-1", "Dana Cruz", "2025-03-03", "Empathy", 80, 2],
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
        assert "split" not in output


def test_a_headerless_column_of_maximums_is_not_merged_into_the_scores(tmp_path):
    # the review's file: a column of maximums (10) without a header beside every score; joined, 8 and 10 read 8.1
    book, row, output, checks = _imported(tmp_path, ["call_id,agent_name,ticket_created_at,question_id,raw_score",
                                                     "C1,Dana Cruz,2025-03-03 10:00,Empathy,80,100",
                                                     "C2,Dana Cruz,2025-03-04 10:00,Empathy,70,100",
                                                     "C3,Dana Cruz,2025-03-11 10:00,Empathy,60,100",
                                                     "C4,Dana Cruz,2025-03-12 10:00,Empathy,90,100"])
    # 80 and 70 before the session on 2025-03-10 (mean 75), 60 and 90 after it (mean 75); joined: 80.1, 70.1, ...
    assert _figures(row) == (2, 75, 2, 75)
    cells = [list(r)[4:6] for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, max_row=5, values_only=True)]
    assert cells == [[80, 100], [70, 100], [60, 100], [90, 100]]  # as the file holds them
    assert "(4 rows: the file's rows 2, 3, 4, 5; first 80 | 100)" in output


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
    assert "1 row holds more cells than the header (the file's row 3)" in output and "split over two" not in output


def test_a_split_score_before_a_text_column_is_still_joined(tmp_path):
    # the score is not the last column, but the cell moved back is a comment's (no column of numbers gets text)
    _, row, output, _ = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score (1-5),Max,Comment",
                                             "K-1,Dana Cruz,2025-03-03,Empathy,4,5,5,fine",
                                             "K-2,Dana Cruz,2025-03-04,Empathy,3,5,ok",
                                             "K-3,Dana Cruz,2025-03-11,Empathy,2,5,5,\"slow, clear\"",
                                             "K-4,Dana Cruz,2025-03-12,Empathy,4,5,good"])
    # on 1-5: 4,5 -> 90 and 3 -> 60 before (mean 75), 2,5 -> 50 and 4 -> 80 after (mean 65)
    assert _figures(row) == (2, 75, 2, 65)
    assert "2 scores under \"Score (1-5)\" were split" in output


def test_the_import_says_its_split_scores_and_long_rows_however_many_other_warnings(tmp_path):
    # 20 reps not on the Reps sheet: 20 warnings before those only the import says (Checks never holds them)
    lines = ["Call ID,Agent,Call date,Criterion,Score"]
    lines += [f"R-{i},Rep {i},2025-03-0{1 + i % 9},Empathy,70" for i in range(20)]
    lines += ["K-1,Dana Cruz,2025-03-03,Empathy,85,5", "K-2,Dana Cruz,2025-03-04,Empathy,70,7,7"]
    _, row, output, checks = _imported(tmp_path, lines)
    # file rows 22 (85,5 joined: 85.5) and 23 (two cells too many: 70 as written), both before the session
    assert _figures(row)[:2] == (2, 77.75)
    said = [line for line in output.splitlines() if line.startswith("  warning: ")]
    assert said[0].startswith("  warning: export.csv: 1 score under \"Score\" was split") and "(the file's row 22;" in said[0]
    assert said[1].startswith("  warning: export.csv: 1 row holds more cells") and "(the file's row 23)" in said[1]
    assert len(said) == 17 and "... and 5 more warnings (see Checks after a refresh)" in output  # 20 reps: 15 + 5
    assert "found there by call ID" in output
    assert not [c for c in checks if c["Code"] in (Code.SCORE_SPLIT.value, Code.ROW_PAST_HEADER.value)]
