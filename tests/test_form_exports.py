"""Form-style exports (Google Forms, Microsoft Forms): a scorecard's Meets / Partially meets / Does not meet are
score words; a column headed by a criterion's name is that criterion's where its cells read as scores for the most
part (one of no scores said once, never dropped unsaid); a quiz's ``Points - X`` and ``Feedback - X`` are X's
points and feedback, not criteria of their own; a form's response ``Id`` is no criterion; a form's ``Timestamp``
(its submission time) is said a grading date where the export has no call date, not a column to rename."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.import_kit import session_book
from tests.wbkit import records, run


def _imported(tmp_path, book, text: str, code: int = 0):
    export = tmp_path / "form.csv"
    export.write_text(text, encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == code, imported.output  # (1: an unreadable score reported as an error)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    return imported.output


def test_a_forms_meets_column_headed_by_a_criterion_is_read_as_its_scores(tmp_path):
    book = session_book(tmp_path, "Resolution")
    out = _imported(tmp_path, book, "Timestamp,Agent,Call ID,Date of call,Greeting,Resolution\n"
                    "3/2/2026 10:00:00,Ann Lee,C1,3/1/2026,Yes,Meets\n"
                    "3/3/2026 10:00:00,Ann Lee,C2,3/2/2026,No,Partially meets\n"
                    "3/4/2026 10:00:00,Ann Lee,C3,3/3/2026,Yes,Does not meet\n"
                    "3/5/2026 10:00:00,Ann Lee,C4,3/4/2026,Yes,N/A\n"
                    "3/6/2026 10:00:00,Ann Lee,C5,3/5/2026,Yes,Meets expectations\n")
    assert "criterion columns: Greeting, Resolution." in out
    base = records(book, "Baseline")[0]
    # C1 Meets 100, C2 Partially meets 50, C3 Does not meet 0, C5 Meets expectations 100; C4 N/A not scored:
    # (100 + 50 + 0 + 100) / 4 = 62.5
    assert (base["Baseline n"], base["Calls"]) == (4, "C1, C2, C3, C5")
    assert base["Baseline mean"] == pytest.approx(62.5)


def test_a_column_headed_by_a_criterion_holding_no_scores_is_said_not_read(tmp_path):
    book = session_book(tmp_path, "Greeting")
    out = _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting,Resolution\n"
                    "Ann Lee,C1,3/1/2026,Yes,Solved\n"
                    "Ann Lee,C2,3/2/2026,No,Unsolved\n"
                    "Ann Lee,C3,3/3/2026,Yes,Solved\n", code=1)
    # no cell of Resolution reads as a score: one error naming the column, its criterion and its values (it may be
    # Resolution's scores written in a way not read: a session on Resolution waits), not one per row
    assert '"Resolution" is headed as the criterion "Resolution" but its cells cannot be read as scores for the ' \
        "most part (Solved, Unsolved)" in out
    assert len([c for c in records(book, "Checks") if c["Code"] == "unreadable-score"]) == 1
    base = records(book, "Baseline")[0]
    # Greeting: Yes 100, No 0, Yes 100: (100 + 0 + 100) / 3, recorded
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(200 / 3)


def test_a_quiz_questions_points_and_feedback_are_its_own_not_criteria(tmp_path):
    book = session_book(tmp_path, "Greeting")
    out = _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting,Points - Greeting,Feedback - Greeting\n"
                    "Ann Lee,C1,3/1/2026,Yes,5,\n"
                    "Ann Lee,C2,3/2/2026,No,0,missed it\n"
                    "Ann Lee,C3,3/3/2026,Yes,5,\n")
    assert "not on the Criteria sheet" not in out
    assert "criterion columns: Greeting." in out
    assert '"Greeting" and "Points - Greeting" each score one question' in out
    base = records(book, "Baseline")[0]
    # the answers: Yes 100, No 0, Yes 100; (100 + 0 + 100) / 3
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(200 / 3)


def test_a_quiz_questions_points_with_their_maximum_are_read_a_zero_a_real_zero(tmp_path):
    book = session_book(tmp_path, "Resolution")
    out = _imported(tmp_path, book, "Agent,Call ID,Date of call,Resolution,Points - Resolution,"
                    "Resolution - Max Points\n"
                    "Ann Lee,C1,3/1/2026,Meets,5,5\n"
                    "Ann Lee,C2,3/2/2026,Partially meets,3,5\n"
                    "Ann Lee,C3,3/3/2026,Does not meet,0,5\n")
    assert "not on the Criteria sheet" not in out
    base = records(book, "Baseline")[0]
    # the points over their maximum: 5/5 = 100, 3/5 = 60, 0/5 = 0; (100 + 60 + 0) / 3
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(160 / 3)


@pytest.mark.parametrize("id_header", ["Id", "ID", "Response ID", "Submission ID"])
def test_a_forms_response_id_is_no_criterion(tmp_path, id_header):
    book = session_book(tmp_path, "Greeting")
    out = _imported(tmp_path, book, f"{id_header},Agent,Call ID,Date of call,Greeting\n"
                    "1,Ann Lee,C1,3/1/2026,4\n"
                    "2,Ann Lee,C2,3/2/2026,2\n"
                    "3,Ann Lee,C3,3/3/2026,5\n")
    assert "not on the Criteria sheet" not in out
    assert "criterion columns: Greeting." in out
    assert "3 scores of 3 calls on 1 criterion" in out


_NO_CALL_DATE = ("Timestamp,Agent,Call ID,Greeting\n"
                 "3/2/2026 10:00:00,Ann Lee,C1,Yes\n"
                 "3/3/2026 11:30:00,Ann Lee,C2,No\n")


def test_a_forms_timestamp_is_said_a_grading_date_not_a_call_date_to_rename(tmp_path):
    book = session_book(tmp_path, "Greeting")
    export = tmp_path / "form.csv"
    export.write_text(_NO_CALL_DATE, encoding="utf-8")
    refused = run("import", book, export)
    assert refused.exit_code != 0
    said = " ".join(refused.output.split())
    assert "no call date column" in said
    assert '"Timestamp" holds dates: a form\'s submission time' in said
    assert 'Field graded_at, Export header "Timestamp"' in said
    assert "Rename the column" not in said


def test_a_forms_timestamp_mapped_to_the_grading_date_dates_the_rows_and_holds_the_baseline(tmp_path):
    book = session_book(tmp_path, "Greeting")
    wb = load_workbook(book)
    ws = wb["Settings"]
    field = [c.value for c in ws[1]].index("Field") + 1
    row = 2
    while ws.cell(row, field).value:
        row += 1
    ws.cell(row, field, "graded_at")
    ws.cell(row, field + 1, "Timestamp")
    wb.save(book)
    _imported(tmp_path, book, _NO_CALL_DATE)
    assert "grading-date-holds-baseline" in {c["Code"] for c in records(book, "Checks")}
    base = records(book, "Baseline")[0]
    assert base["Recorded on"] is None  # held: the calls graded on 3/2 and 3/3 may be older than their grading


def test_a_recording_moment_headed_timestamp_keeps_the_rename_fix(tmp_path):
    book = session_book(tmp_path, "Greeting")
    export = tmp_path / "form.csv"
    export.write_text("Timestamp,Agent,Call ID,Greeting\n02:10,Ann Lee,C1,Yes\n", encoding="utf-8")
    said = " ".join(run("import", book, export).output.split())
    assert "Rename the column" in said
    assert "submission time" not in said
