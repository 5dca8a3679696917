"""Importing QA exports: every scored value lands on the right call, rep, criterion and date.

The fixtures under tests/fixtures/exports were written by hand in the shapes of ../shared/exports.md:
- maestro_long.csv: MaestroQA-like long export (UTF-8 with BOM; raw_score over max_rubric_score,
  an empty normalized_score column, is_na, a quoted comment with commas, quotes and a line break);
- calibration.csv: calibration-style long export (Conversation, Agent, Queue, Metric, then the same
  "Score"/"Comment" headers once per evaluator, Adhered / Not Adhered / N/A), with a title row;
- wide.csv: wide export with four columns per metric (<metric>, - Is Fatal Metric, - Adherence Weight,
  - Violation), overall "Evaluation Score" and "Is Passed", several agents in one cell beside "Scored Agent";
- api_flat.csv: flattened review API output (Zendesk QA / Gong / Observe.AI) in UTF-16 with
  semicolons and decimal commas, question_revision_id, not_applicable, only a review date ("created");
- pwc_call_log.csv: a call-log export in Windows-1252 with a 1-5 rating, dates like 1-Jan-21 and a
  separate time column, a title row, a totals row and a second header block.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core import distinct, trailers
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.exports import read_export
from coachlog_xl.workbook.parts import sheet_name_problem
from tests.wbkit import team_book

FIX = Path(__file__).parent / "fixtures" / "exports"
ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [
    {"rep": "Dana Cruz", "other_names": "dcruz@acme.test; dana.cruz@acme.test"},
    {"rep": "Eli Moss", "other_names": "eli.moss@acme.test"},
    {"rep": "Renée Dubois"},
]


def scored(name: str):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(FIX / name))
    calls = pv.calls.sort_values(["call_id", "criterion"]).reset_index(drop=True)
    got = [(r.call_id, r.rep, r.criterion, round(r.score, 6), r.at.to_pydatetime()) for r in calls.itertuples()]
    return got, pv


def test_maestro_long_points_over_maximum_and_na():
    got, pv = scored("maestro_long.csv")
    assert got == [
        ("T-1001", "Dana Cruz", ACK, 80.0, dt.datetime(2026, 2, 2, 14, 5)),  # raw 4 / max 5 x 100; Z dropped
        ("T-1001", "Dana Cruz", VERIFY, 100.0, dt.datetime(2026, 2, 2, 14, 5)),  # 5 / 5
        ("T-1003", "Dana Cruz", ACK, 60.0, dt.datetime(2026, 2, 4, 10, 30)),  # 3 / 5
    ]  # T-1002 is_na = true: not scored, not 0
    assert pv.mapped["score"] == "raw_score"  # the empty normalized_score gives way
    assert Code.NOT_SCORED.value in set(pv.checks["code"])


def test_calibration_two_evaluators_count_once_with_their_mean():
    got, pv = scored("calibration.csv")
    assert got == [
        ("C-501", "Dana Cruz", ACK, 100.0, dt.datetime(2026, 3, 2, 10, 15)),  # Adhered, Adhered
        ("C-501", "Dana Cruz", VERIFY, 50.0, dt.datetime(2026, 3, 2, 10, 15)),  # (0 + 100) / 2
        ("C-503", "Eli Moss", ACK, 0.0, dt.datetime(2026, 3, 3, 16, 5)),  # Not Adhered twice
    ]  # C-502: N/A from both evaluators
    codes = list(pv.checks["code"])
    assert codes.count(Code.CALIBRATION_MERGED.value) == 3
    assert Code.LAYOUT_NOTE.value in codes  # the title row


def test_wide_export_reads_metric_columns_only():
    got, pv = scored("wide.csv")
    assert got == [
        ("W-1", "Dana Cruz", ACK, 100.0, dt.datetime(2026, 3, 5, 9, 12)),
        ("W-1", "Dana Cruz", VERIFY, 75.0, dt.datetime(2026, 3, 5, 9, 12)),
        ("W-2", "Eli Moss", ACK, 0.0, dt.datetime(2026, 3, 6, 11, 0)),
    ]  # W-2 Verifies identity is N/A; Evaluation Score, Is Passed and the side columns are not criteria
    assert pv.mapped["rep"] == "Scored Agent"
    # the two metric columns were read; the side and overall columns are kept, unused
    assert ACK not in pv.ignored and VERIFY not in pv.ignored
    assert {"Evaluation Score", "Is Passed", f"{ACK} - Violation"} <= set(pv.ignored)


def test_api_flat_utf16_semicolons_decimal_commas_and_grading_date():
    got, pv = scored("api_flat.csv")
    assert got == [
        ("Z-9001", "Dana Cruz", ACK, 87.5, dt.datetime(2026, 3, 9, 16, 20)),  # "87,5"; +01:00 dropped
        ("Z-9002", "Eli Moss", ACK, 62.5, dt.datetime(2026, 3, 10, 8, 5)),
    ]  # Z-9001 Verifies identity: not_applicable
    assert Code.GRADING_DATE_USED.value in set(pv.checks["code"])


def test_a_semicolon_export_whose_comments_hold_a_line_break_and_a_comma_is_read_by_semicolons(tmp_path):
    # by commas each data line splits in two ("...;80" | "5;\"line one") and so does its second line
    # ("line two" | " more\""): 6 lines of 2 fields against 3 records of 6 fields by semicolons
    path = tmp_path / "export.csv"
    path.write_bytes(("Call ID;Agent;Start Time;Metric;Score;Comment\r\n"
                      + "".join(f'K{i};Dana Cruz;2026-03-0{i + 1} 10:00;ACK;8{i},5;"line one\nline two, more"\r\n'
                                for i in range(3))).encode())
    table = read_export(path)
    assert table.headers == ["Call ID", "Agent", "Start Time", "Metric", "Score", "Comment"]
    assert table.data[0].tolist() == ["K0", "K1", "K2"] and table.data[4].tolist()[1] == "81,5"
    assert table.data[5].tolist()[2] == "line one\nline two, more"


@pytest.mark.parametrize("text", [
    # a comma export whose last column lists seven sections with semicolons, in every row
    "Call ID,Agent,Call date,Criterion,Score,Section scores\n" + "".join(
        f'C-{i},Dana Cruz,2026-03-0{i} 10:00,ACK,80,"A: 5; B: 4; C: 4; D: 3; E: 5; F: 4; G: 5"\n' for i in range(1, 9)),
    # a tab export of one call whose rep, evaluator and comment hold 13 commas between them
    "Call ID\tAgent\tCall date\tCriterion\tScore\tEvaluator\tComment\n"
    "C-1\tCruz, Dana\t2026-03-02 10:15\tACK\t80\tDoe, Jane\tGreeted, gave name, company, asked reason, but no "
    "verification, no empathy, no recap, rushed, talked over, no thanks, no close, long hold\n",
])
def test_a_separator_inside_every_rows_text_does_not_outvote_the_headers(tmp_path, text):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert read_export(path).headers[:5] == ["Call ID", "Agent", "Call date", "Criterion", "Score"]


def test_pwc_call_log_rating_1_to_5_separate_time_totals_and_second_header():
    got, pv = scored("pwc_call_log.csv")
    assert got == [
        ("P-1", "Renée Dubois", ACK, 80.0, dt.datetime(2021, 1, 1, 9, 30)),  # 4 / 5 x 100
        ("P-2", "Renée Dubois", ACK, 100.0, dt.datetime(2021, 1, 2, 14, 10)),  # 5 / 5
        ("P-4", "Renée Dubois", ACK, 40.0, dt.datetime(2021, 1, 5, 10, 0)),  # 2 / 5
        ("P-5", "Renée Dubois", ACK, 60.0, dt.datetime(2021, 1, 6, 16, 0)),  # 3 / 5, below the second header
    ]  # P-3 scored 0 on a 1-5 rating: not scored; the Total row is skipped
    codes = list(pv.checks["code"])
    assert Code.ZERO_NOT_SCORED.value in codes and Code.SCALE_CONVERTED.value in codes
    assert codes.count(Code.LAYOUT_NOTE.value) >= 3  # title row, totals row, second header


def test_export_without_a_call_id_is_refused_naming_headers(tmp_path):
    export = tmp_path / "bad.csv"
    export.write_text("agent,metric,score,date\nDana Cruz,ACK,80,2026-03-01\n")
    book = tmp_path / "team.xlsx"
    CliRunner().invoke(main, ["new", str(book)])
    before = book.read_bytes()
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 2
    assert "no call id column" in result.output and "Found: agent, metric, score, date" in result.output
    # every name looked for is either shown or counted, and the fix is given once
    shown = len(schema.DEFAULT_HEADER_MAP["call_id"]) - 8
    assert f"conversation_id and {shown} more on Settings." in result.output
    assert result.output.count("To fix: Rename the column") == 1 and "HeaderMap table on Settings" in result.output
    assert book.read_bytes() == before


def test_an_unreadable_date_of_a_wide_row_is_named_once_for_its_several_scores():
    head = ["qa_id", "agent_id", "evaluation_date", "Call date", "ACK", "VERIFY"]
    rows = [["Q1", "Dana Cruz", "2026-03-05", "31/31/2026", 80, 90],
            ["Q2", "Dana Cruz", "2026-03-05", "2026-03-04", 70, 90]]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("w.csv", head, rows))
    assert pv.mapped["call_at"] == "Call date" and len(pv.calls) == 2  # Q2's two scores
    dates = pv.checks[pv.checks["code"] == Code.UNREADABLE_DATE.value]
    assert list(dates["row"]) == [2]  # one row, two scores: one message


def test_a_wider_export_under_a_narrower_one_in_the_same_sheet_is_not_added_twice(book, tmp_path):
    first, second = tmp_path / "a" / "export.csv", tmp_path / "b" / "export.csv"  # one name: one sheet
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text("ConversationID,Agent,Start Time,Metric,Score\nK1,Dana Cruz,2026-03-04 09:00,ACK,60\n")
    second.write_text("ConversationID,Agent,Start Time,Metric,Score,Evaluator,Queue\n"
                      "K2,Dana Cruz,2026-03-05 09:00,ACK,70,Lee,Q1\nK3,Dana Cruz,2026-03-06 09:00,ACK,80,Lee,Q1\n")
    assert "Added 1 row" in CliRunner().invoke(main, ["import", str(book), str(first)]).output
    # the second paste's Queue column is where the first header has its Exclude: data, not an Exclude
    assert "Added 2 rows" in CliRunner().invoke(main, ["import", str(book), str(second)]).output
    assert "Nothing added" in CliRunner().invoke(main, ["import", str(book), str(second)]).output
    assert "Nothing added" in CliRunner().invoke(main, ["import", str(book), str(first)]).output


def test_a_column_of_month_texts_is_not_read_as_a_criterion_of_a_wide_export():
    head = ["qa_id", "agent_id", "Call date", "Month", "ACK", "VERIFY"]
    rows = [["Q1", "Dana Cruz", "2026-03-04", "03/2026", 80, 90], ["Q2", "Dana Cruz", "2026-03-05", "03/2026", 70, 60]]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("w.csv", head, rows))
    assert sorted(pv.calls["criterion"]) == [ACK, ACK, VERIFY, VERIFY]
    assert "Month" in pv.ignored


def test_an_excel_sep_line_names_the_separator_and_is_not_a_row(tmp_path):
    export = tmp_path / "sep.csv"
    export.write_text("sep=;\r\nCall ID;Rep;Call date;Criterion;Score\r\nK1;Dana Cruz;2026-03-04 09:00;ACK;85,5\r\n")
    table = read_export(export)
    assert table.headers == ["Call ID", "Rep", "Call date", "Criterion", "Score"]
    assert table.data.drop(columns=["_row"]).values.tolist() == [["K1", "Dana Cruz", "2026-03-04 09:00", "ACK", "85,5"]]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    assert list(pv.calls["score"]) == [85.5]
    export.write_text("sep=\r\nCall ID,Rep,Call date,Criterion,Score\r\nK1,Dana Cruz,2026-03-04 09:00,ACK,85\r\n")
    assert read_export(export).headers == ["sep=", None, None, None, None]  # no separator named: a title line


@pytest.mark.parametrize("content", [b"", b"\n\n \n", b"  \r\n\t\r\n", b",,\n ,\n"])
def test_an_export_of_blank_lines_or_spaces_holds_no_rows(tmp_path, content):
    export = tmp_path / "empty.csv"
    export.write_bytes(content)
    with pytest.raises(WorkbookError, match="the file holds no rows"):
        read_export(export)


def test_a_quote_never_closed_is_named_not_read_as_one_cell_holding_the_rest(tmp_path):
    export = tmp_path / "export.csv"
    head = "Call ID,Rep,Call date,Criterion,Score,Comment\n"
    export.write_text(head + 'K1,Dana Cruz,2026-03-04,ACK,80,"oops\nK2,Dana Cruz,2026-03-05,ACK,81,b\n'
                      "K3,Dana Cruz,2026-03-06,ACK,82,c\n")
    with pytest.raises(WorkbookError, match=r'line 2 opens a quoted field \(\"\) that is never closed, so the rest'):
        read_export(export)
    # after a field that quotes its quotes, and one whose quote Excel keeps as a character (the strict
    # csv reader stops at the latter), on a line after a quoted field with a line break in it
    export.write_text(head + 'K0,Dana Cruz,2026-03-03,ACK,79,"the ""12"" monitor, then\na break"\n'
                      'K1,Dana Cruz,2026-03-04,ACK,80,"the "12" monitor"\nK2,Dana Cruz,2026-03-05,ACK,81,"oops\n'
                      "K3,Dana Cruz,2026-03-06,ACK,82,c\n")
    with pytest.raises(WorkbookError, match="line 5 opens"):  # lines 2-3 hold K0, line 4 K1
        read_export(export)
    export.write_text("sep=,\n" + head + 'K1,Dana Cruz,2026-03-04,ACK,80,"oops\n')
    with pytest.raises(WorkbookError, match="line 3 opens"):  # the sep= line counted
        read_export(export)
    # a quote inside a field that does not start with one is a character of it, as in Excel
    export.write_text(head + 'K1,Dana Cruz,2026-03-04,ACK,80,said 5" screen\nK2,Dana Cruz,2026-03-05,ACK,81,b\n')
    assert list(read_export(export).data[5]) == ['said 5" screen', "b"]


def test_utf16_and_utf32_with_or_without_a_byte_order_mark_are_read_in_either_byte_order(tmp_path):
    text = "Call ID,Rep,Call date,Criterion,Score\nK1,Renée Dubois,2026-03-04,ACK,80\n"
    want = None
    # "utf-32" writes a byte order mark, FF FE 00 00, whose first two bytes are UTF-16's
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        export = tmp_path / f"{encoding}.csv"
        export.write_bytes(text.encode(encoding))
        got = read_export(export)
        assert got.data.drop(columns="_row").values.tolist() == [["K1", "Renée Dubois", "2026-03-04", "ACK", 80]]
        want = want or got.headers
        assert got.headers == want == ["Call ID", "Rep", "Call date", "Criterion", "Score"]


@pytest.fixture(scope="module")
def made_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("team") / "team.xlsx"
    wb = team_book(path, [(c["criterion_id"], c["name"]) for c in CRITERIA],
                   [(r["rep"], r.get("other_names")) for r in REPS])
    wb.save(path)
    return path


@pytest.fixture
def book(made_book, tmp_path):
    """The team's workbook, a copy of one made for the module (``coachlog new`` and an openpyxl load
    and save: 0.35 s a test)."""
    return shutil.copyfile(made_book, tmp_path / "team.xlsx")


def test_import_appends_as_exported_and_twice_adds_nothing(book):
    result = CliRunner().invoke(main, ["import", str(book), str(FIX / "calibration.csv")])
    assert result.exit_code == 0, result.output
    wb = load_workbook(book)
    assert "Scores calibration" in wb.sheetnames
    rows = [list(r) for r in wb["Scores calibration"].iter_rows(values_only=True)]
    assert rows[0][0] == "Calibration session export - March 2026"  # the title row, as exported
    assert rows[1] == ["Conversation", "Agent", "Queue", "Metric", "Start Time", "Score", "Comment", "Score", "Comment",
                       "Exclude"]  # the header row below the title gets the Exclude column the export lacks
    assert rows[0][1:] == [None] * 9  # the title row gets nothing
    assert rows[3][6] == "Skipped the PIN, then asked, later"
    assert rows[3][8] == "Asked at 01:10,\nafter the account lookup"
    assert len(rows) == 6  # title + header + 4 data rows
    again = CliRunner().invoke(main, ["import", str(book), str(FIX / "calibration.csv")])
    assert "Nothing added" in again.output
    assert [list(r) for r in load_workbook(book)["Scores calibration"].iter_rows(values_only=True)] == rows
    # into another sheet, by name: its rows are in the workbook already, so nothing is added either
    elsewhere = CliRunner().invoke(main, ["import", str(book), str(FIX / "calibration.csv"), "--sheet", "Scores March"])
    assert elsewhere.exit_code == 0 and "Nothing added" in elsewhere.output, elsewhere.output
    assert "Scores March" not in load_workbook(book).sheetnames
    # each time, the sheet named is the one that holds the rows (not the one the export's name gives)
    assert "already in Scores calibration." in elsewhere.output and "already in Scores March" not in elsewhere.output
    copy = book.parent / "calibration (1).csv"
    copy.write_bytes((FIX / "calibration.csv").read_bytes())
    assert "already in Scores calibration." in CliRunner().invoke(main, ["import", str(book), str(copy)]).output


def test_of_two_criterion_columns_the_one_holding_the_criteria_sheets_names_is_read():
    # a MaestroQA-like export: question_id holds the platform's numbers, section_name the criteria's
    # names; the Criteria sheet knows the names only
    head = ["gradable_id", "agent_name", "agent_email", "ticket_created_at", "section_name", "question_id",
            "raw_score"]
    rows = [["M1", "Dana Cruz", "dcruz@acme.test", "2026-03-02 09:15", ACK, 1101, 80],
            ["M1", "Dana Cruz", "dcruz@acme.test", "2026-03-02 09:15", VERIFY, 1102, 90],
            ["M2", "Someone Else", "eli.moss@acme.test", "2026-03-03 10:00", ACK, 1101, 70]]
    names_only = [{"criterion_id": None, "name": ACK}, {"criterion_id": None, "name": VERIFY}]
    pv = preview(RawInputs.from_records(criteria=names_only, reps=REPS), RawTable.from_rows("m.csv", head, rows))
    assert pv.mapped["criterion"] == "section_name"
    # agent_name holds a name the Reps sheet does not know, agent_email only known ones
    assert pv.mapped["rep"] == "agent_email"
    got = sorted(zip(pv.calls["call_id"], pv.calls["rep"], pv.calls["criterion"], pv.calls["score"]))
    assert got == [("M1", "Dana Cruz", ACK, 80.0), ("M1", "Dana Cruz", VERIFY, 90.0), ("M2", "Eli Moss", ACK, 70.0)]
    # the Criteria sheet knowing the platform's numbers as the criteria's ids: question_id, the
    # Settings order, wins the tie
    by_id = [{"criterion_id": "1101", "name": ACK}, {"criterion_id": "1102", "name": VERIFY}]
    pv = preview(RawInputs.from_records(criteria=by_id, reps=REPS), RawTable.from_rows("m.csv", head, rows))
    assert pv.mapped["criterion"] == "question_id"


def test_a_question_text_column_is_read_as_the_criterion():
    # exports.md: the criterion comes as the question's text; a header "Question Text" names it
    head = ["Interaction ID", "Agent", "Start Time", "Question Text", "Score"]
    rows = [["Q1", "Dana Cruz", "2026-03-02 09:15", ACK, 80], ["Q2", "Dana Cruz", "2026-03-03 10:00", VERIFY, 60]]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("q.csv", head, rows))
    assert pv.mapped["criterion"] == "Question Text"
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [("Q1", ACK, 80.0),
                                                                                         ("Q2", VERIFY, 60.0)]


def test_a_paste_none_of_whose_criteria_is_known_is_an_error_that_names_the_headermap():
    head = ["Call ID", "Rep", "Call date", "Criterion", "Score"]
    unknown = [["C1", "Dana Cruz", "2026-03-02", "1101", 80], ["C2", "Dana Cruz", "2026-03-03", "1102", 90]]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("s.csv", head, unknown))
    errors = pv.checks[pv.checks["code"] == Code.NO_KNOWN_CRITERION.value]
    assert list(errors["severity"]) == ["error"] and list(errors["row"]) == [2]
    assert '"1101", "1102"' in errors["problem"].iloc[0] and "HeaderMap" in errors["fix"].iloc[0]
    one_known = [*unknown, ["C3", "Dana Cruz", "2026-03-04", "ACK", 70]]  # a criterion the team does not coach
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("s.csv", head, one_known))
    assert Code.NO_KNOWN_CRITERION.value not in set(pv.checks["code"])
    assert Code.UNKNOWN_SCORE_CRITERION.value in set(pv.checks["code"])


def test_dry_run_writes_nothing(book):
    before = book.read_bytes()
    result = CliRunner().invoke(main, ["import", str(book), str(FIX / "wide.csv"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "call_id <- ConversationID" in result.output
    assert book.read_bytes() == before


def test_imported_scores_reach_the_windows_through_a_refresh(book):
    wb = load_workbook(book)
    ws = wb["Log"]
    head = [c.value for c in ws[1]]
    for key, value in {"session_id": "S-1", "rep": "Dana Cruz", "session_date": dt.date(2026, 2, 3),
                       "criterion": ACK}.items():
        ws.cell(row=2, column=head.index(schema.LOG.column(key).header) + 1, value=value)
    wb.save(book)
    CliRunner().invoke(main, ["import", str(book), str(FIX / "maestro_long.csv")])
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-02-28"])
    assert result.exit_code == 0, result.output
    fu = load_workbook(book)["Follow-up"]
    head = [c.value for c in fu[1]]
    row = dict(zip(head, [c.value for c in fu[2]]))
    # baseline: T-1001 on 2026-02-02 (80); follow-up: T-1003 on 2026-02-04 (60)
    assert (row["Baseline n"], row["Baseline mean"]) == (1, 80)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 60)


@pytest.mark.parametrize("header", ["Excluded", "is_excluded"])
def test_an_exports_own_excluded_column_leaves_out_the_rows_it_marks(tmp_path, header):
    export = tmp_path / "excluded.csv"
    export.write_text(f"call_id,agent_name,ticket_created_at,question_id,raw_score,{header}\n"
                      f"T-1,Dana Cruz,2026-02-02 10:00,{ACK},80,FALSE\n"
                      f"T-2,Dana Cruz,2026-02-03 10:00,{ACK},20,TRUE\n"
                      f"T-3,Dana Cruz,2026-02-04 10:00,{ACK},60,\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert sorted(pv.calls["call_id"]) == ["T-1", "T-3"]  # TRUE is a reason; FALSE and blank are none
    assert pv.mapped["exclude"] == header


def test_wide_score_columns_sharing_a_header_are_named_not_read_as_one_criterion(tmp_path):
    # "Points" / "Max" under each criterion with no row above naming them: nothing tells the
    # columns apart, so none is read (not 3 scores of one criterion "Points" in conflict)
    export = tmp_path / "grouped.csv"
    export.write_text("Call ID,Agent,Start Time,Points,Max,Points,Max\n"
                      "T-1,Dana Cruz,2026-02-02 10:00,4,5,3,5\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert pv.refused[0] == ('grouped.csv: 4 score columns share the headers "Points", "Max", so they cannot be '
                             "told apart and none of them is read (are the criteria named in a row above, over "
                             "merged cells?).")
    assert "conflicting-scores" not in set(pv.checks["code"]) and pv.calls.empty
    # the criteria named over them in a row above (a band row): each group's Points over its Max, 4/5 and 3/5
    export.write_text(f",,,{ACK},,{VERIFY},\nCall ID,Agent,Start Time,Points,Max,Points,Max\n"
                      "T-1,Dana Cruz,2026-02-02 10:00,4,5,3,5\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0), (VERIFY, 60.0)]
    # one criterion's column named, two sharing a header: the named one is read
    export.write_text(f"Call ID,Agent,Start Time,{ACK},Points,Points\nT-1,Dana Cruz,2026-02-02 10:00,80,3,4\n",
                      encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert list(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 80.0)]
    assert "repeated-criterion-columns" in set(pv.checks["code"]) and not pv.refused


def test_formula_like_export_text_is_stored_as_text(book, tmp_path):
    export = tmp_path / "evil.csv"
    export.write_text('call_id,agent_name,ticket_created_at,question_id,raw_score,comment\n'
                      'E-1,Dana Cruz,2026-03-01 10:00,ACK,80,"=HYPERLINK(""http://x.invalid"",""y"")"\n'
                      'E-2,Dana Cruz,2026-03-02 10:00,ACK,90,"@SUM(1+1)"\n'
                      'E-3,Dana Cruz,2026-03-03 10:00,ACK,-5,"-15 %"\n')  # signed numbers: no formula
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 0, result.output
    # said, as domain.md asks of cells starting with =, +, - or @: two, the first in comment row 2
    assert ("info: evil.csv: 2 cells start with =, +, - or @ as a formula does (the first: comment row 2, "
            "'=HYPERLINK(\"http://x.invalid\",\"y\")'); they are written as text, never as a formula."
            in result.output)
    ws = load_workbook(book)["Scores evil"]
    cells = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells['=HYPERLINK("http://x.invalid","y")'] == "s"
    assert cells["@SUM(1+1)"] == "s"


def test_formula_like_text_under_a_title_block_is_named_by_its_column_s_header(book, tmp_path):
    # a report's title over the header row: the note names the column as its header row does, not as the
    # title row (blank over that column) would
    export = tmp_path / "titled.csv"
    export.write_text('Quality report - March,,,,,\n'
                      'Exported by admin,,,,,\n'
                      'call_id,agent_name,ticket_created_at,question_id,raw_score,comment\n'
                      'E-1,Dana Cruz,2026-03-01 10:00,ACK,80,fine\n'
                      'E-2,Dana Cruz,2026-03-02 10:00,ACK,90,"+1 great"\n')
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 0, result.output
    assert ("info: titled.csv: 1 cell starts with =, +, - or @ as a formula does (the first: comment row 5, "
            "'+1 great'); it is written as text, never as a formula." in result.output)


def _one_criterion(scores, settings=None):
    rows = [[f"K{i}", "Dana Cruz", dt.datetime(2026, 1, 1, 9) + dt.timedelta(days=i), ACK, s]
            for i, s in enumerate(scores)]
    table = RawTable.from_rows("Scores", ["Call ID", "Rep", "Call date", "Criterion", "Score"], rows)
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS, settings=settings), table)
    return sorted(pv.calls["score"].round(6)), list(pv.checks["code"])


def test_scales_detected_and_named():
    # 1-50 needs twenty values: 20 x 25 -> 50 each, a 0 is "not scored"
    got, codes = _one_criterion([25] * 20 + [50, 0])
    assert got == [50.0] * 20 + [100.0] and Code.ZERO_NOT_SCORED.value in codes
    got, _ = _one_criterion([25] * 5 + [50])  # too few to call it 1-50: already 0-100
    assert got == [25.0] * 5 + [50.0]
    got, _ = _one_criterion([1, 2, 3, 4, 5, 0], settings={"score_scale": "0-100"})  # detection off
    assert got == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    got, _ = _one_criterion([40, 50, 0], settings={"score_scale": "1-50"})  # named: 40/50, 50/50; 0 not scored
    assert got == [80.0, 100.0]


@pytest.mark.parametrize("into", [None, "Scores"])  # a sheet of its own, or under the template's header
@pytest.mark.parametrize("name", ["maestro_long.csv", "calibration.csv", "wide.csv", "api_flat.csv",
                                  "pwc_call_log.csv"])
def test_a_refresh_reads_the_imported_sheet_exactly_as_the_file(book, name, into):
    from coachlog_xl.workbook.reader import read_inputs

    sheet_option = ["--sheet", into] if into else []
    assert CliRunner().invoke(main, ["import", str(book), str(FIX / name), *sheet_option]).exit_code == 0
    assert CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-12-31"]).exit_code == 0
    from_file, _ = scored(name)
    inputs = read_inputs(book)
    sheet = next(t for t in inputs.scores if (t.sheet == "Scores") == (into == "Scores"))
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), sheet)
    calls = pv.calls.sort_values(["call_id", "criterion"])
    from_book = [(r.call_id, r.rep, r.criterion, round(r.score, 6), r.at.to_pydatetime()) for r in calls.itertuples()]
    assert from_book == from_file


@pytest.mark.parametrize("name", ["Scores 03/2025", "Scores March 2025 from the platform export",
                                  "Scores [team]", "Scores ours'"])
def test_a_sheet_name_excel_cannot_open_is_refused_before_anything_is_written(book, tmp_path, name):
    export = tmp_path / "march.csv"
    export.write_text("Call ID,Agent,Call date,Metric,Score\nT1,Dana Cruz,2025-03-03,ACK,80\n")
    before = book.read_bytes()
    for extra in ([], ["--dry-run"]):
        result = CliRunner().invoke(main, ["import", str(book), str(export), "--sheet", name, *extra])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert f'--sheet "{name}": a sheet name' in result.output  # what is wrong with it
        suggested = result.output.split('e.g. --sheet "')[1].split('"')[0]
        assert sheet_name_problem(suggested) is None and suggested.startswith("Scores")
    assert book.read_bytes() == before


def test_repair_names_a_sheet_whose_name_excel_cannot_open(book):
    import zipfile

    wb = load_workbook(book)
    wb.create_sheet("Scores 03-2025")
    wb.save(book)
    with zipfile.ZipFile(book) as z:  # the name an earlier import wrote as given
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"Scores 03-2025", b"Scores 03/2025")
    with zipfile.ZipFile(book, "w") as z:
        for part, data in parts.items():
            z.writestr(part, data)
    before = book.read_bytes()
    result = CliRunner().invoke(main, ["repair", str(book)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)  # a message, no traceback
    assert '"Scores 03/2025"' in result.output
    assert book.read_bytes() == before


def test_long_numeric_call_ids_in_a_csv_keep_every_digit(book, tmp_path):
    export = tmp_path / "ids.csv"
    export.write_text("Call ID,Agent,Call date,Metric,Score,Evaluator\n"
                      "1234567890123456789,Dana Cruz,2026-03-03 10:00,ACK,80,Lee\n"
                      "1234567890123456790,Dana Cruz,2026-03-04 11:00,ACK,60,Lee\n"
                      "1234567890123456791,Dana Cruz,2026-03-05 12:00,ACK,90,Lee\n")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    # three distinct 19-digit ids: three calls, no conflict (as floats all three were 1234567890123456768)
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [
        ("1234567890123456789", 80.0), ("1234567890123456790", 60.0), ("1234567890123456791", 90.0)]
    assert Code.CONFLICT.value not in set(pv.checks["code"])
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    ws = load_workbook(book)["Scores ids"]
    assert [(c.value, c.data_type) for c in ws["A"][1:4]] == [
        ("1234567890123456789", "s"), ("1234567890123456790", "s"), ("1234567890123456791", "s")]
    assert [c.value for c in ws["E"][1:4]] == [80, 60, 90]  # 15 digits or fewer: still numbers


def test_a_utf8_export_with_a_few_other_bytes_stays_utf8_and_names_the_rows(tmp_path):
    export = tmp_path / "mixed.csv"
    data = ("Call ID,Agent,Call date,Metric,Score,Comment\n"
            "X1,Renée Dubois,2026-03-03 10:00,ACK,80,fine\n"
            "X2,Renée Dubois,2026-03-04 10:00,ACK,70,ok\n").encode()
    data += b"X3,Ren\xc3\xa9e Dubois,2026-03-05 10:00,ACK,75,said \x93thanks\x94\n"  # two Windows-1252 quotes
    export.write_bytes(data)
    table = read_export(export)
    assert table.data[1].tolist() == ["Renée Dubois"] * 3  # not "RenÃ©e" from a Windows-1252 reading
    assert table.data[5].tolist() == ["fine", "ok", "said \ufffdthanks\ufffd"]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    bad = pv.checks[pv.checks["code"] == Code.BYTES_NOT_READ.value]
    assert bad["row"].tolist() == [4] and bad["severity"].tolist() == ["warning"]  # header row 1, X3 row 4
    assert len(pv.calls) == 3


def test_an_export_with_no_utf8_letter_is_read_as_windows_1252(tmp_path):
    export = tmp_path / "legacy.csv"
    export.write_bytes("Call ID,Agent,Call date,Metric,Score,Comment\n"
                       "X1,Renée Dubois,2026-03-03 10:00,ACK,80,“fine”\n".encode("cp1252"))
    table = read_export(export)
    assert (table.data[1][0], table.data[5][0], table.replaced) == ("Renée Dubois", "“fine”", {})
    # the same bytes behind a UTF-8 byte order mark (a tool that marks every file it writes so)
    export.write_bytes(b"\xef\xbb\xbf" + export.read_bytes())
    table = read_export(export)
    assert (table.data[1][0], table.data[5][0], table.replaced) == ("Renée Dubois", "“fine”", {})


def test_grand_total_average_and_report_footer_lines_are_skipped_with_a_note(tmp_path):
    export = tmp_path / "trailers.csv"
    export.write_text("Agent,Metric,Score,ConversationID,Start Time\n"
                      "Dana Cruz,ACK,80,C1,2026-03-03 10:00\n"
                      "Dana Cruz,ACK,90,C2,2026-03-04 10:00\n"
                      "Average,,85,,\n"  # the label in the rep column, the call id column elsewhere
                      "Grand Total,,170,,\n"
                      ",,,,\n"
                      "Report generated 2026-04-01 08:00 by QA bot,,,,\n"
                      "Confidential - internal use only,,,,\n"
                      "Page 1 of 3,,,,\n")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert sorted(pv.calls["call_id"]) == ["C1", "C2"]
    notes = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    assert sorted(notes["row"]) == [4, 5, 7, 8, 9]  # header row 1; row 6 is blank
    assert "error" not in set(pv.checks["severity"])


def test_a_summary_table_below_the_scores_is_not_read_and_is_named(tmp_path):
    export = tmp_path / "with_summary.csv"
    export.write_text("Call ID,Agent,Start Time,Metric,Score\n"
                      "C1,Dana Cruz,2026-03-03 10:00,ACK,80\n"
                      "C2,Dana Cruz,2026-03-04 10:00,ACK,90\n"
                      "\n"
                      "Summary\n"
                      "Agent,Metric,Average Score,Evaluations,Start Time\n"
                      "Dana Cruz,ACK,85,2,2026-06-30 00:00\n"
                      "Total,,85,2,\n")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [("C1", 80.0), ("C2", 90.0)]
    said = pv.checks[pv.checks["code"] == "table-not-read"]
    assert list(said["row"]) == [6] and "Agent, Metric, Average Score" in said["problem"].iloc[0]
    assert "missing-column" not in set(pv.checks["code"]) and "error" not in set(pv.checks["severity"])


def test_excels_subtotal_rows_under_each_rep_are_skipped_with_a_note(tmp_path):
    # Data > Subtotal, "At each change in Agent, use Average": a row under each agent's calls, one at the end
    export = tmp_path / "subtotals.csv"
    export.write_text("Call ID,Agent,Call date,Metric,Score\n"
                      "C1,Dana Cruz,2026-03-03 10:00,ACK,80\n"
                      "C2,Dana Cruz,2026-03-04 10:00,ACK,90\n"
                      ",Dana Cruz Average,,,85\n"
                      "C3,Eli Moss,2026-03-05 10:00,ACK,60\n"
                      ",Eli Moss Average,,,60\n"
                      ",Grand Average,,,76.6666666667\n")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS + [{"rep": "Eli Moss"}]), read_export(export))
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [("C1", 80.0), ("C2", 90.0), ("C3", 60.0)]
    notes = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    assert sorted(notes["row"]) == [4, 6, 7] and "error" not in set(pv.checks["severity"])


def test_totals_rows_of_an_export_in_another_language_are_skipped_with_a_note(tmp_path):
    # a German export (semicolons, decimal commas, Windows-1252) with Excel's Teilergebnis rows, a French
    # and a Spanish grand average: no call's, so no blank rep or criterion to hold the baselines back
    export = tmp_path / "bewertungen.csv"
    export.write_bytes(("Call ID;Agent;Call date;Metric;Score\r\n"
                        "C1;Dana Cruz;2026-03-03 10:00;ACK;80,5\r\n"
                        "C2;Dana Cruz;2026-03-04 10:00;ACK;90\r\n"
                        ";Dana Cruz Ergebnis;;;170,5\r\n"
                        "C3;Eli Moss;2026-03-05 10:00;ACK;60\r\n"
                        "Durchschnitt;;;;76,8\r\n"
                        ";Gesamtergebnis;;;230,5\r\n"
                        "Moyenne générale;;;;76,8\r\n"
                        "Promedio general;;;;76,8\r\n").encode("cp1252"))
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS + [{"rep": "Eli Moss"}]), read_export(export))
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [("C1", 80.5), ("C2", 90.0), ("C3", 60.0)]
    notes = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    assert sorted(notes["row"]) == [4, 6, 7, 8, 9] and "error" not in set(pv.checks["severity"])
    # a criterion ending in "media" is no Italian average: the row under a merged call id is read
    media = tmp_path / "media.csv"
    media.write_text("Call ID,Agent,Call date,Metric,Score\n"
                     "C1,Dana Cruz,2026-03-03 10:00,ACK,80\n"
                     ",Dana Cruz,2026-03-03 10:00,Social media,70\n")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(media))
    assert Code.LAYOUT_NOTE.value not in set(pv.checks["code"])


def test_a_pasted_header_starting_with_a_byte_order_mark_read_as_windows_1252_is_read():
    # a UTF-8 export with a byte order mark opened as Windows-1252, then pasted: its first header is
    # "ï»¿call_id", the call id column all the same
    head = ["\u00ef\u00bb\u00bfcall_id", "agent_name", "ticket_created_at", "question_id", "raw_score"]
    table = RawTable.from_rows("Scores", head, [["E-1", "Dana Cruz", "2026-03-01 10:00", "ACK", 80]])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    assert [(r.call_id, r.rep, r.criterion, r.score)
            for r in pv.calls.itertuples()] == [("E-1", "Dana Cruz", ACK, 80.0)]
    assert "error" not in set(pv.checks["severity"])


def test_a_row_with_rep_date_and_score_is_a_call_whatever_its_call_id_says(tmp_path):
    export = tmp_path / "named.csv"
    export.write_text("Call ID,Agent,Call date,Metric,Score\n"
                      "Total care 1,Dana Cruz,2026-03-03 10:00,ACK,80\n"
                      "Page 2 of 2,Dana Cruz,2026-03-04 10:00,ACK,60\n")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(export))
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [("Page 2 of 2", 60.0), ("Total care 1", 80.0)]
    assert Code.LAYOUT_NOTE.value not in set(pv.checks["code"])


def test_excel_error_values_in_score_and_date_cells_are_reported_per_row(book):
    from coachlog_xl import api

    wb = load_workbook(book)
    at = dt.datetime(2026, 3, 3, 10)
    rows = [["E1", "Dana Cruz", at, ACK, 80], ["E2", "Dana Cruz", at, ACK, "#DIV/0!"],
            ["E3", "Dana Cruz", at, ACK, "#REF!"], ["E4", "Dana Cruz", at, ACK, "#N/A"],
            ["E5", "Dana Cruz", "#VALUE!", ACK, 75]]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)  # openpyxl stores "#..." as error cells, as Excel does
    wb.save(book)
    checks = api.compute_file(book, dt.date(2026, 12, 31), cache=False).checks
    scores = checks[checks["sheet"] == "Scores"]
    got = sorted(zip(scores["code"], scores["row"].fillna(0).astype(int), scores["value"].fillna("")))
    assert got == sorted([
        (Code.UNREADABLE_SCORE.value, 3, "#DIV/0!"),  # E2
        (Code.UNREADABLE_SCORE.value, 4, "#REF!"),  # E3
        (Code.NOT_SCORED.value, 5, ""),  # E4: #N/A is N/A, counted in the sheet's note, which names its row
        (Code.UNREADABLE_DATE.value, 6, "#VALUE!"),  # E5
    ])


def test_an_error_value_far_below_the_rows_the_fast_reader_samples_is_reported(book):
    from coachlog_xl import api

    wb = load_workbook(book)
    ws = wb["Scores"]
    start = dt.datetime(2026, 1, 1, 9)
    for i in range(3000):  # the error cell far down a column of numbers: fastexcel reports it, the row reader reads it
        ws.append([f"L{i}", "Dana Cruz", start + dt.timedelta(hours=i), ACK, 80])
    ws.cell(row=3001, column=5, value="#DIV/0!")  # stored as an error cell
    wb.save(book)
    checks = api.compute_file(book, dt.date(2026, 12, 31), cache=False).checks
    bad = checks[checks["code"] == Code.UNREADABLE_SCORE.value]
    assert list(zip(bad["row"], bad["value"])) == [(3001, "#DIV/0!")]


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5, 7, 64, 1 << 20])
def test_a_part_is_searched_across_its_reads(tmp_path, chunk):
    from coachlog_xl.workbook.book import _holds

    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", b"<c r='A1'>" * 50 + b'<c r="E9" t="e"><v>#REF!</v></c>' + b"<c/>" * 50)
        zf.writestr("b.xml", b"<c r='A1'>" * 100)
    with zipfile.ZipFile(path) as zf:
        assert _holds(zf, "a.xml", b't="e"', chunk) and not _holds(zf, "b.xml", b't="e"', chunk)


def test_a_refused_export_is_named_once_and_the_error_starts_its_own_line(tmp_path):
    export = tmp_path / "bad.csv"
    export.write_text("agent,metric,score,date\nDana Cruz,ACK,80,2026-03-01\n")
    book = tmp_path / "team.xlsx"
    CliRunner().invoke(main, ["new", str(book)])
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 2
    assert "bad.csv: bad.csv:" not in result.output
    lines = result.output.splitlines()
    assert any(line.startswith("Error: bad.csv: no ") for line in lines)  # not after "Normalising ..."
    assert not any("...Error" in line for line in lines)


def test_check_names_a_row_once(book):
    wb = load_workbook(book)
    for c, value in enumerate(["K1", "Dana Cruz", dt.datetime(2026, 3, 3, 10), ACK, "#DIV/0!"], start=1):
        wb["Scores"].cell(row=2, column=c, value=value)
    wb.save(book)
    result = CliRunner().invoke(main, ["check", str(book), "--no-cache"])
    assert "    Scores row 2: the score" in result.output and "Scores row 2: Scores row 2" not in result.output


def test_an_xlsx_with_a_csv_name_is_called_a_workbook(book, tmp_path):
    from openpyxl import Workbook

    export = tmp_path / "download.csv"
    wb = Workbook()
    wb.active.append(["Call ID", "Agent", "Call date", "Metric", "Score"])
    wb.save(export)
    result = CliRunner().invoke(main, ["import", str(book), str(export), "--dry-run"])
    assert result.exit_code == 2 and "Excel workbook" in result.output and "PK" not in result.output


def test_import_counts_blank_rows_apart_and_a_header_only_export_names_no_sheet(book, tmp_path):
    export = tmp_path / "week.csv"
    export.write_text("Call ID,Agent,Call date,Metric,Score\n"
                      "Q1,Dana Cruz,2026-03-03,ACK,80\n,,,,\n\nQ2,Dana Cruz,2026-03-04,ACK,70\n")
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    # 4 rows below the header: 2 added, 2 blank (",,,," and an empty line), none already there
    assert "Added 2 rows" in result.output and "0 were already there; 2 blank rows left out" in result.output
    header_only = tmp_path / "empty.csv"
    header_only.write_text("Call ID,Agent,Call date,Metric,Score\n")
    result = CliRunner().invoke(main, ["import", str(book), str(header_only)])
    assert result.exit_code == 0 and "Nothing added" in result.output and "Scores empty" not in result.output
    assert "Scores empty" not in load_workbook(book).sheetnames


def _script_names_preview(headers, rows, header_map=None):
    reps = [{"rep": "Иван Петров"}, {"rep": "Мария Иванова"}, {"rep": "Lê Anh"}, {"rep": "Lý Anh"}]
    criteria = [*CRITERIA, {"criterion_id": "EMP", "name": "Проявляет эмпатию"}]
    table = RawTable.from_rows("Scores", headers, rows)
    return preview(RawInputs.from_records(criteria=criteria, reps=reps, header_map=header_map), table)


def test_names_in_any_script_match_the_roster_and_accents_keep_people_apart():
    rows = [["R1", "ИВАН ПЕТРОВ", dt.datetime(2025, 3, 2, 10), "проявляет эмпатию", 90],
            ["R2", "Мария  Иванова", dt.datetime(2025, 3, 3, 10), "Проявляет эмпатию", 40],
            ["V1", "lê anh", dt.datetime(2025, 3, 5, 10), "ack", 95],
            ["V2", "Lý Anh", dt.datetime(2025, 3, 6, 10), ACK, 35]]
    pv = _script_names_preview(["Call ID", "Rep", "Call date", "Criterion", "Score"], rows)
    got = sorted(zip(pv.calls["call_id"], pv.calls["rep"], pv.calls["criterion"], pv.calls["score"]))
    # case and spacing ignored in every script; the accent tells Lê Anh from Lý Anh
    assert got == [("R1", "Иван Петров", "Проявляет эмпатию", 90.0), ("R2", "Мария Иванова", "Проявляет эмпатию", 40.0),
                   ("V1", "Lê Anh", ACK, 95.0), ("V2", "Lý Anh", ACK, 35.0)]
    assert not {Code.UNKNOWN_REP.value, Code.UNKNOWN_SCORE_CRITERION.value} & set(pv.checks["code"])


def test_unknown_names_in_other_scripts_stay_apart():
    rows = [["R1", "Олег Смирнов", dt.datetime(2025, 3, 2, 10), ACK, 90],
            ["R2", "王伟", dt.datetime(2025, 3, 3, 10), ACK, 40],
            ["R3", "?!", dt.datetime(2025, 3, 4, 10), ACK, 50],
            ["R4", "--", dt.datetime(2025, 3, 5, 10), ACK, 60]]
    pv = _script_names_preview(["Call ID", "Rep", "Call date", "Criterion", "Score"], rows)
    # four different spellings, none on the roster: four reps (a name without letters has an empty
    # key, which matches nothing but itself)
    assert sorted(zip(pv.calls["call_id"], pv.calls["rep"])) == [("R1", "Олег Смирнов"), ("R2", "王伟"),
                                                                 ("R3", "?!"), ("R4", "--")]
    assert list(pv.checks["code"]).count(Code.UNKNOWN_REP.value) == 4


def test_header_map_lines_in_other_scripts_find_their_columns():
    header_map = {k: list(v) for k, v in schema.DEFAULT_HEADER_MAP.items()}
    header_map["rep"].append("Сотрудник")
    header_map["criterion"].append("Критерий")
    header_map["score"].append("Оценка")
    rows = [["R1", 90, dt.datetime(2025, 3, 2, 10), "Проявляет эмпатию", "Иван Петров"]]
    pv = _script_names_preview(["Call ID", "Оценка", "Call date", "Критерий", "Сотрудник"], rows, header_map)
    assert (pv.mapped["rep"], pv.mapped["criterion"], pv.mapped["score"]) == ("Сотрудник", "Критерий", "Оценка")
    assert list(zip(pv.calls["rep"], pv.calls["score"])) == [("Иван Петров", 90.0)]


def test_text_dates_without_a_year_or_a_day_are_unreadable_dates_naming_the_row():
    rows = [["P1", "Dana Cruz", "4-Mar", ACK, 80], ["P2", "Dana Cruz", "Mar-25", ACK, 70],
            ["P3", "Dana Cruz", "March 2025", ACK, 60], ["P4", "Dana Cruz", "4-Mar-25", ACK, 90]]
    table = RawTable.from_rows("Scores", ["Call ID", "Rep", "Call date", "Criterion", "Score"], rows)
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    assert list(zip(pv.calls["call_id"], pv.calls["at"])) == [("P4", dt.datetime(2025, 3, 4))]
    bad = pv.checks[pv.checks["code"] == Code.UNREADABLE_DATE.value]
    assert list(bad["row"]) == [2, 3, 4]  # rows 2-4 of the sheet (the header is row 1)


def test_decimal_commas_with_three_decimals_are_decimals():
    # a semicolon CSV's cells as text; "0,875" cannot be a thousands grouping, and "87,5" shows that
    # the score column writes decimal commas, so "87,125" is 87.125
    rows = [["C1", "Dana Cruz", "2025-03-03", ACK, "0,5"], ["C2", "Dana Cruz", "2025-03-04", ACK, "0,875"],
            ["C3", "Dana Cruz", "2025-03-05", ACK, "0,75"], ["C4", "Dana Cruz", "2025-03-06", ACK, "0,667"],
            ["C1", "Dana Cruz", "2025-03-03", VERIFY, "87,5"], ["C2", "Dana Cruz", "2025-03-04", VERIFY, "87,125"],
            ["C3", "Dana Cruz", "2025-03-05", VERIFY, "66,667"]]
    table = RawTable.from_rows("Scores", ["Call ID", "Rep", "Call date", "Criterion", "Score"], rows)
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    got = sorted((r.criterion, r.call_id, round(r.score, 6)) for r in pv.calls.itertuples())
    # ACK: all within 0-1, so fractions x 100: 50, 87.5, 75, 66.7; VERIFY: already 0-100
    assert got == [(ACK, "C1", 50.0), (ACK, "C2", 87.5), (ACK, "C3", 75.0), (ACK, "C4", 66.7),
                   (VERIFY, "C1", 87.5), (VERIFY, "C2", 87.125), (VERIFY, "C3", 66.667)]
    assert Code.SCORE_OUT_OF_SCALE.value not in set(pv.checks["code"])


def test_a_comma_and_three_digits_nothing_explains_is_an_unreadable_score():
    rows = [["C1", "Dana Cruz", "2025-03-03", ACK, "87,125"], ["C2", "Dana Cruz", "2025-03-04", ACK, "90"]]
    table = RawTable.from_rows("Scores", ["Call ID", "Rep", "Call date", "Criterion", "Score"], rows)
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    assert list(zip(pv.calls["call_id"], pv.calls["score"])) == [("C2", 90.0)]
    bad = pv.checks[pv.checks["code"] == Code.UNREADABLE_SCORE.value]
    assert list(bad["row"]) == [2]


REGRADE = ("ConversationID,Agent,Start Time,Metric,Score,Evaluator\n"
           "K2,Dana Cruz,2026-03-04 09:00,ACK,60,Lee\n"
           "K2,Dana Cruz,2026-03-04 09:00,ACK,90,Lee\n")  # one call graded twice: a conflict


def _conflicts(book) -> int:
    from coachlog_xl import api

    checks = api.compute_file(book, dt.date(2026, 12, 31), cache=False).checks
    return int((checks["code"] == Code.CONFLICT.value).sum())


def test_import_exits_1_when_the_export_holds_a_row_it_cannot_read(book, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("Call ID,Rep,Call date,Criterion,Score\nK1,Dana Cruz,2026-03-04 09:00,ACK,80\n"
                      "K2,Dana Cruz,sometime,ACK,70\n")  # no date to read in K2's row
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 1 and "Added 2 rows" in result.output  # added as exported, all the same
    clean = tmp_path / "clean.csv"
    clean.write_text("Call ID,Rep,Call date,Criterion,Score\nK3,Dana Cruz,2026-03-05 09:00,ACK,80\n")
    assert CliRunner().invoke(main, ["import", str(book), str(clean)]).exit_code == 0


def test_a_dry_run_says_what_would_be_added_and_exits_as_the_import_would(book, tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("Call ID,Rep,Call date,Criterion,Score\nK1,Dana Cruz,2026-03-04 09:00,ACK,80\n"
                      "K2,Dana Cruz,sometime,ACK,70\n")  # no date to read in K2's row: an error
    before = book.read_bytes()
    dry = CliRunner().invoke(main, ["import", str(book), str(export), "--dry-run"])
    assert dry.exit_code == 1 and "would add 2 rows to a new sheet 'Scores export'" in dry.output, dry.output
    assert book.read_bytes() == before
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 1
    # the same rows again: nothing would be added, so the error is the workbook's already, for Checks
    again = CliRunner().invoke(main, ["import", str(book), str(export), "--dry-run"])
    assert again.exit_code == 0 \
        and "nothing to add: all 2 rows are already in Scores export." in again.output, again.output
    assert "`coachlog check" in again.output
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0


def test_an_imported_sheet_gets_an_exclude_column_where_a_reason_leaves_a_row_out(book, tmp_path):
    export = tmp_path / "regrade.csv"
    export.write_text(REGRADE)
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 1  # a conflict: an error
    assert _conflicts(book) == 1
    wb = load_workbook(book)
    ws = wb["Scores regrade"]
    assert [c.value for c in ws[1]] == ["ConversationID", "Agent", "Start Time", "Metric", "Score", "Evaluator",
                                        "Exclude"]
    ws["G2"] = "superseded grading"  # the 60 was the wrong grade
    wb.save(book)
    assert _conflicts(book) == 0
    again = tmp_path / "regrade2.csv"  # a second export with the same header: no second header row
    again.write_text(REGRADE.replace("K2", "K3"))
    added = CliRunner().invoke(main, ["import", str(book), str(again), "--sheet", "Scores regrade"])
    assert added.exit_code == 1  # K3: a conflict too
    assert [r[0].value for r in load_workbook(book)["Scores regrade"].iter_rows()] == [
        "ConversationID", "K2", "K2", "K3", "K3"]


def test_a_row_left_out_through_its_exclude_cell_is_not_brought_back_by_importing_again(book, tmp_path):
    export = tmp_path / "regrade.csv"
    export.write_text(REGRADE)
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 1  # a conflict: an error
    wb = load_workbook(book)
    wb["Scores regrade"]["G2"] = "superseded grading"  # the fix Checks gives for the conflict
    wb.save(book)
    assert _conflicts(book) == 0
    again = CliRunner().invoke(main, ["import", str(book), str(export)])
    # nothing added, so no error added: a daily import of a cumulative export does not fail
    assert again.exit_code == 0 and "Nothing added: all 2 rows are already in Scores regrade" in again.output
    assert [[c.value for c in r] for r in load_workbook(book)["Scores regrade"].iter_rows(min_row=2)] == [
        ["K2", "Dana Cruz", "2026-03-04 09:00", "ACK", 60, "Lee", "superseded grading"],
        ["K2", "Dana Cruz", "2026-03-04 09:00", "ACK", 90, "Lee", None]]
    assert _conflicts(book) == 0
    changed = tmp_path / "regrade3.csv"  # a row that differs in a cell of its own is another row
    changed.write_text(REGRADE.replace(",60,", ",65,"))
    assert "Added 1 row" in CliRunner().invoke(main, ["import", str(book), str(changed),
                                                      "--sheet", "Scores regrade"]).output


def test_an_export_imported_into_scores_uses_the_sheets_exclude_column(book, tmp_path):
    export = tmp_path / "regrade.csv"
    export.write_text(REGRADE)
    result = CliRunner().invoke(main, ["import", str(book), str(export), "--sheet", "Scores"])
    assert result.exit_code == 1, result.output
    wb = load_workbook(book)
    ws = wb["Scores"]
    exclude = [c.value for c in ws[1]].index("Exclude") + 1  # column M of the template
    assert [c.value for c in ws[2]][:7] == ["ConversationID", "Agent", "Start Time", "Metric", "Score", "Evaluator",
                                            None]  # the export's header, with no Exclude of its own
    assert _conflicts(book) == 1
    ws.cell(row=3, column=exclude, value="superseded grading")
    wb.save(book)
    assert _conflicts(book) == 0
    again = CliRunner().invoke(main, ["import", str(book), str(export), "--sheet", "Scores"])
    assert "Nothing added" in again.output, again.output
    assert _conflicts(book) == 0


def test_an_export_with_its_own_exclude_column_gets_no_second(book, tmp_path):
    export = tmp_path / "own.csv"
    export.write_text("ConversationID,Agent,Start Time,Metric,Score,Exclude\nK1,Dana Cruz,2026-03-04 09:00,ACK,60,\n")
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    assert [c.value for c in load_workbook(book)["Scores own"][1]] == [
        "ConversationID", "Agent", "Start Time", "Metric", "Score", "Exclude"]


def test_cells_merged_down_in_a_pasted_scores_sheet_are_named_with_how_to_mend_them(book):
    # a report pasted with its call id, rep and call date merged down over the call's three criteria:
    # only the merge's first row (2) holds them, so rows 3 and 4 have none, and the message says why
    from coachlog_xl import api

    wb = load_workbook(book)
    ws = wb["Scores"]
    for r, (crit, score) in enumerate([("ACK", 80), ("VERIFY", 60), ("ACK", 70)], start=2):
        ws.cell(row=r, column=4, value=crit)
        ws.cell(row=r, column=5, value=score)
    for col, value in ((1, "T-1"), (2, "Dana Cruz"), (3, dt.datetime(2026, 3, 2, 10))):
        ws.cell(row=2, column=col, value=value)
        ws.merge_cells(start_row=2, start_column=col, end_row=4, end_column=col)
    wb.save(book)
    checks = api.compute_file(book, dt.date(2026, 6, 1), cache=False).checks
    blank = checks[(checks["code"] == Code.MISSING_FIELD.value) & (checks["field"] == "Call ID")]
    assert blank["row"].tolist() == [3, 4]
    assert all("merged cell, held by its first row only: unmerge the cells and fill the value down" in fix
               for fix in blank["fix"])


def test_a_paste_under_its_own_header_uses_the_sheets_exclude_column(book):
    wb = load_workbook(book)
    ws = wb["Scores"]
    exclude = [c.value for c in ws[1]].index("Exclude") + 1  # column M of the template
    for col, v in enumerate(["K1", "Dana Cruz", dt.datetime(2026, 3, 3, 9), ACK, 80], start=1):
        ws.cell(row=2, column=col, value=v)
    for r, row in enumerate([["ConversationID", "Agent", "Start Time", "Metric", "Score", "Evaluator"],
                             ["K2", "Dana Cruz", dt.datetime(2026, 3, 4, 9), ACK, 60, "Lee"],
                             ["K2", "Dana Cruz", dt.datetime(2026, 3, 4, 9), ACK, 90, "Lee"]], start=4):
        for col, v in enumerate(row, start=1):
            ws.cell(row=r, column=col, value=v)
    wb.save(book)
    assert _conflicts(book) == 1
    wb = load_workbook(book)
    wb["Scores"].cell(row=5, column=exclude, value="superseded grading")
    wb.save(book)
    assert _conflicts(book) == 0


def test_score_columns_named_after_their_evaluators_are_one_score_each():
    # exports.md: "<evaluator> Score, <evaluator> Comment" once per evaluator
    export = RawTable.from_rows("calibration.csv", [
        "Conversation", "Agent", "Call date", "Metric", "Lee Score", "Lee Comment", "Kim Score", "Kim Comment"], [
        ["K1", "Dana Cruz", "2026-03-03 10:00", ACK, "Adhered", "ok", "Not Adhered", "no"],
        ["K2", "Dana Cruz", "2026-03-04 10:00", ACK, 80, "", 90, ""],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    calls = pv.calls.sort_values("call_id")
    # K1: Adhered (100) and Not Adhered (0) -> 50; K2: (80 + 90) / 2 = 85
    assert list(zip(calls["call_id"], calls["score"])) == [("K1", 50.0), ("K2", 85.0)]
    assert list(pv.checks["code"]).count(Code.CALIBRATION_MERGED.value) == 2
    assert pv.mapped["score"] == "Lee Score + Kim Score (an evaluator each)"
    assert pv.ignored == ["Lee Comment", "Kim Comment"]


def test_an_overall_score_beside_a_named_one_is_not_an_evaluator():
    # one evaluator-looking column and a QA Score: not a calibration export, no score column found
    export = RawTable.from_rows("x.csv", ["Conversation", "Agent", "Call date", "Metric", "QA Score", "Lee Score"],
                                [["K1", "Dana Cruz", "2026-03-03 10:00", ACK, 80, 70]])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert pv.refused  # no score column: refused, as before


def _state_used_range(path, part: str, ref: str) -> None:
    """Make a sheet state ``ref`` as its used range (its dimension), whatever it holds."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part] = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_an_xlsx_export_opening_on_a_summary_sheet_is_read_from_its_evaluations(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "download.xlsx"
    wb = Workbook()
    wb.active.title = "Summary"
    for row in (["QA export", "March 2026"], ["Evaluations", 3]):
        wb.active.append(row)
    ws = wb.create_sheet("Evaluations")
    ws.append(["Call ID", "Agent", "Start Time", "Metric", "Score"])
    for i, score in enumerate([80, 70, 90]):  # three rows and a header: more than the summary's two
        ws.append([f"E{i}", "Dana Cruz", dt.datetime(2026, 3, 3 + i, 10), ACK, score])
    wb.save(path)
    export = read_export(path)
    assert export.sheet == "download.xlsx (sheet Evaluations)"
    _state_used_range(path, "xl/worksheets/sheet2.xml", "A1")  # a writer that leaves it at A1: rows counted
    export = read_export(path)
    assert export.sheet == "download.xlsx (sheet Evaluations)" and len(export) == 3  # every row read
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert sorted(pv.calls["score"]) == [70.0, 80.0, 90.0]


def test_an_xlsx_export_in_monthly_tabs_is_read_from_every_visible_tab_and_not_from_a_hidden_one(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "download.xlsx"
    wb = Workbook()
    wb.active.title = "Summary"
    wb.active.append(["Agent", "Date", "Score"])
    wb.active.append(["Dana Cruz", "2026-03", 80])
    months = {"March": [80, 70], "April": [90, 60, 50]}
    for month, scores in months.items():
        ws = wb.create_sheet(month)
        ws.append(["Call ID", "Agent", "Start Time", "Metric", "Score"])
        for i, score in enumerate(scores):
            ws.append([f"{month[:3]}{i}", "Dana Cruz", dt.datetime(2026, 3 + (month == "April"), 2 + i, 10), ACK,
                       score])
        ws.append([None] * 5)  # a blank row at a tab's end
    stale = wb.create_sheet("_cache")  # the platform's own hidden sheet: longer, older scores
    stale.append(["Call ID", "Agent", "Start Time", "Metric", "Score"])
    for i in range(9):
        stale.append([f"Old{i}", "Dana Cruz", dt.datetime(2026, 1, 2 + i, 10), ACK, 10])
    stale.sheet_state = "hidden"
    wb.save(path)
    export = read_export(path)
    assert export.sheet == "download.xlsx (sheets March, April)"
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert sorted(pv.calls["score"]) == [50.0, 60.0, 70.0, 80.0, 90.0]  # both tabs, nothing of _cache
    only_hidden = Workbook()  # with its scores on a hidden sheet only, that sheet is read
    only_hidden.active.append(["Call ID", "Agent", "Start Time", "Metric", "Score"])
    only_hidden.active.append(["H1", "Dana Cruz", dt.datetime(2026, 3, 2, 10), ACK, 40])
    only_hidden.active.sheet_state = "hidden"
    only_hidden.create_sheet("Cover").append(["QA export"])
    only_hidden.active = 1
    only_hidden.save(tmp_path / "hidden.xlsx")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(tmp_path / "hidden.xlsx"))
    assert list(pv.calls["score"]) == [40.0]


def _tabs(path, tabs: dict[str, list[list]]) -> None:
    """An .xlsx export with a sheet per entry of ``tabs``, each holding its rows as given."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)


TAB_HEAD = ["Call ID", "Agent", "Question", "Score", "Call date"]


def test_a_bad_cell_of_an_xlsx_export_in_tabs_is_named_by_its_own_tab_and_its_row_there(book, tmp_path):
    path = tmp_path / "monthly.xlsx"
    _tabs(path, {
        "Jan": [TAB_HEAD,  # rows 1-3 of Jan
                ["J1", "Dana Cruz", ACK, 80, dt.date(2026, 1, 6)],
                ["J2", "Eli Moss", ACK, 70, dt.date(2026, 1, 7)]],
        "Feb": [TAB_HEAD,  # rows 1-4 of Feb
                ["F1", "Dana Cruz", ACK, 85, dt.date(2026, 2, 3)],
                ["F2", "Dana Cruz", ACK, "abc", dt.date(2026, 2, 4)],  # Feb row 3: no score to read
                ["F3", "Eli Moss", ACK, 60, None]],  # Feb row 4: no call date
        "Mar": [["March scores"], [],  # a title and a blank row above the header, on row 3
                TAB_HEAD,
                ["M1", "Dana Cruz", ACK, 88, dt.date(2026, 3, 3)],  # Mar row 4
                ["M2", "Eli Moss", ACK, "xyz", dt.date(2026, 3, 4)]],  # Mar row 5
    })
    result = CliRunner().invoke(main, ["import", str(book), str(path), "--dry-run"])
    assert result.exit_code == 1, result.output
    assert "monthly.xlsx (sheet Feb) row 3: the score 'abc' is not a number" in result.output
    assert "monthly.xlsx (sheet Feb) row 4: the call date is blank" in result.output
    assert "monthly.xlsx (sheet Mar) row 5: the score 'xyz' is not a number" in result.output
    assert "monthly.xlsx (sheet Mar): 2 row(s) above the header row 3 were skipped" in result.output
    assert "another header row" not in result.output  # a tab's own header is no second paste
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    errors = pv.checks[pv.checks["severity"] == "error"]
    assert list(zip(errors["code"], errors["sheet"], errors["row"])) == [
        (Code.UNREADABLE_SCORE.value, "monthly.xlsx (sheet Feb)", 3),
        (Code.MISSING_CALL_DATE.value, "monthly.xlsx (sheet Feb)", 4),
        (Code.UNREADABLE_SCORE.value, "monthly.xlsx (sheet Mar)", 5),
    ]


def test_an_xlsx_export_in_tabs_under_one_header_is_one_scale_and_its_rows_are_named_by_tab(tmp_path):
    path = tmp_path / "ratings.xlsx"
    _tabs(path, {
        "Jan": [TAB_HEAD, *([f"J{i}", "Dana Cruz", ACK, v, dt.date(2026, 1, 5 + i)] for i, v in enumerate([3, 4, 5]))],
        "Feb": [TAB_HEAD, *([f"F{i}", "Dana Cruz", ACK, v, dt.date(2026, 2, 2 + i)] for i, v in enumerate([2, 4, 5])),
                ["J1", "Dana Cruz", ACK, 4, dt.date(2026, 1, 6)],  # Feb row 5: Jan row 3 again
                ["Total", None, None, 20, None]],  # Feb row 6
    })
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    # three ratings a tab are too few to tell a scale; the six of the sheet an import makes of them are not
    assert sorted(pv.calls["score"]) == [40.0, 60.0, 80.0, 80.0, 100.0, 100.0]
    checks = pv.checks.set_index("code")
    assert checks.loc[Code.SCALE_CONVERTED.value, "sheet"] == "ratings.xlsx (sheets Jan, Feb)"
    dup = checks.loc[Code.DUPLICATE_ROW.value]
    assert (dup["sheet"], dup["row"]) == ("ratings.xlsx (sheet Feb)", 5)
    assert dup["problem"].startswith("ratings.xlsx (sheet Feb) row 5 repeats ratings.xlsx (sheet Jan) row 3 exactly")
    assert "ratings.xlsx (sheet Feb) row 6 looks like a totals row and was skipped." in set(pv.checks["problem"])


def test_an_xlsx_export_in_tabs_under_two_headers_names_each_paste_by_its_tab(tmp_path):
    path = tmp_path / "two.xlsx"
    _tabs(path, {
        "Jan": [TAB_HEAD, *([f"J{i}", "Dana Cruz", ACK, v, dt.date(2026, 1, 5 + i)] for i, v in enumerate([80, 90]))],
        "Feb": [["Call ID", "Agent", "Metric", "Score", "Call date", "Channel"],  # another export's header
                ["F1", "Dana Cruz", ACK, 0.8, dt.date(2026, 2, 2), "phone"],
                ["F2", "Dana Cruz", ACK, 0.7, dt.date(2026, 2, 3), "phone"]],
    })
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    assert sorted(pv.calls["score"]) == [70.0, 80.0, 80.0, 90.0]
    converted = pv.checks[pv.checks["code"] == Code.SCALE_CONVERTED.value]
    assert list(converted["problem"].str.split(",").str[0]) == ["two.xlsx (sheet Feb)"]


def test_an_xlsx_export_with_each_calls_cells_merged_down_over_its_criteria_is_read_as_excel_shows_it(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "merged.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Call ID", "Agent", "Start Time", "Metric", "Score"])
    ws.append(["M1", "Dana Cruz", dt.datetime(2026, 3, 2, 10), ACK, 80])
    ws.append([None, None, None, ACK, 60])  # the same call scored twice: one evaluator, a conflict
    ws.append(["M2", "Dana Cruz", dt.datetime(2026, 3, 3, 10), ACK, 90])
    ws.append([None, None, None, "Unlisted metric", 70])
    for col in "ABC":
        ws.merge_cells(f"{col}2:{col}3")
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("F1:G1")  # a merge across columns is left as it is
    wb.save(path)
    export = read_export(path)
    assert [export.data[c].tolist() for c in (0, 1)] == [["M1", "M1", "M2", "M2"], ["Dana Cruz"] * 4]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert "missing-field" not in set(pv.checks["code"]) and "conflicting-scores" in set(pv.checks["code"])
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [("M2", 70.0), ("M2", 90.0)]  # M1 in conflict


def _summary_and_details(path, head: list[str]):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Summary"
    wb.active.append(["Agent", "Date", "Score"])  # names two fields only: not an export's header
    for i in range(5):  # a per-agent summary longer than the evaluations
        wb.active.append([f"Agent {i}", "2026-03", 80])
    ws = wb.create_sheet("Details")
    ws.append(head)
    ws.append(["W-1", "Dana Cruz", dt.datetime(2026, 3, 25, 10), ACK, 77])
    wb.save(path)


def test_of_an_xlsx_exports_sheets_the_one_with_a_score_header_is_read_even_when_shorter(tmp_path):
    path = tmp_path / "download.xlsx"
    _summary_and_details(path, ["Call ID", "Agent", "Call date", "Criterion", "Score"])
    export = read_export(path)
    assert export.sheet == "download.xlsx (sheet Details)"
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert list(pv.calls["score"]) == [77.0]
    _state_used_range(path, "xl/worksheets/sheet2.xml", "A1")  # a stale used range: the header is read whole
    assert read_export(path).sheet == "download.xlsx (sheet Details)"


def test_an_xlsx_exports_sheet_of_scores_is_found_by_the_workbooks_own_header_names(book, tmp_path):
    path = tmp_path / "download.xlsx"
    _summary_and_details(path, ["Ticket", "Person", "When", "Item", "Points"])
    wb = load_workbook(book)
    ws = wb["Settings"]
    field = [c.value for c in ws[1]].index("Field") + 1
    last = max(r for r in range(2, ws.max_row + 1) if ws.cell(r, field).value)
    for i, pair in enumerate([("call_id", "Ticket"), ("rep", "Person"), ("call_at", "When"), ("criterion", "Item"),
                              ("score", "Points")], start=last + 1):  # rows added to the HeaderMap table
        ws.cell(i, field, pair[0])
        ws.cell(i, field + 1, pair[1])
    table = ws.tables["HeaderMap"]
    table.ref = re.sub(r"\d+$", str(last + 5), table.ref)
    wb.save(book)
    result = CliRunner().invoke(main, ["import", str(book), str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 score of 1 call on" in result.output and "call_id <- Ticket" in result.output


def test_an_xlsx_export_stating_too_small_a_used_range_is_read_whole(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "stale.xlsx"
    wb = Workbook()
    wb.active.append(["Call ID", "Agent", "Start Time", "Metric", "Score"])
    for i in range(10):
        wb.active.append([f"E{i}", "Dana Cruz", dt.datetime(2026, 3, 3 + i, 10), ACK, 80])
    wb.save(path)
    _state_used_range(path, "xl/worksheets/sheet1.xml", "A1:E3")
    assert len(read_export(path)) == 10  # not the 2 rows below the header the stated range holds


def test_error_cells_are_placed_in_rows_and_cells_written_without_their_numbers():
    from coachlog_xl.workbook.celledits import error_cells

    # row 2 numbered; the next row and its cells unnumbered: row 3, columns A, B
    xml = (b'<worksheet><sheetData><row r="2"><c r="A2"><v>1</v></c><c r="E2" t="e"><v>#DIV/0!</v></c></row>'
           b'<row><c><v>1</v></c><c t="e"><v>#REF!</v></c></row></sheetData></worksheet>')
    assert error_cells(xml) == {(2, 5): "#DIV/0!", (3, 2): "#REF!"}


def test_error_cells_written_in_any_valid_xml_form_are_found():
    from coachlog_xl.workbook.celledits import error_cells

    # single quotes, spaces around "=", a v element with an attribute, a space before a closing ">"; a
    # text "#N/A" (inline string, and t="str") is no error value
    xml = (b"<worksheet><sheetData><row r=\"60\"><c r=\"E60\" t='e'><v>#DIV/0!</v></c></row>"
           b'<row r="61"><c r="E61" t = "e"><v>#N/A</v></c></row>'
           b'<row r="62"><c r="E62" t="e"><v xml:space="preserve">#VALUE!</v></c></row>'
           b'<row r="64"><c r="C64" t="e"><v>#REF!</v ></c><c r="D64" t="inlineStr"><is><t>#N/A</t></is></c>'
           b'<c r="E64" t="str"><v>#N/A</v></c></row></sheetData></worksheet>')
    assert error_cells(xml) == {(60, 5): "#DIV/0!", (61, 5): "#N/A", (62, 5): "#VALUE!", (64, 3): "#REF!"}


@pytest.mark.parametrize("seed", range(30))
def test_error_cells_of_rows_numbered_or_not_are_those_a_walk_over_every_cell_finds(seed):
    # error_cells looks only at the rows holding an error cell; a walk over every cell (sheet_cells) is
    # the independent count of where each cell stands: rows with and without r, empty (<row/>) rows,
    # a text holding t="e" in a cell that is no error
    import random

    from coachlog_xl.workbook.celledits import error_cells, sheet_cells

    rng = random.Random(seed)
    rows, r = [], 0
    for _ in range(rng.randint(1, 40)):
        r += rng.choice((1, 1, 1, 2, 5))
        numbered = rng.random() < 0.6
        if rng.random() < 0.1:
            rows.append(f'<row r="{r}"/>' if numbered else "<row/>")
            continue
        cells = []
        for col in range(1, rng.randint(1, 6) + 1):
            kind = rng.random()
            ref = f' r="{"ABCDEF"[col - 1]}{r}"' if numbered else ""
            if kind < 0.15:
                cells.append(f'<c{ref} t="e"><v>{rng.choice(["#N/A", "#DIV/0!", "#REF!"])}</v></c>')
            elif kind < 0.25:
                cells.append(f'<c{ref} t="inlineStr"><is><t>t="e"</t></is></c>')
            else:
                cells.append(f"<c{ref}><v>{col}</v></c>")
        rows.append(f'<row r="{r}">{"".join(cells)}</row>' if numbered else f'<row>{"".join(cells)}</row>')
    xml = f'<worksheet><sheetData>{"".join(rows)}</sheetData></worksheet>'
    walked = {(rr, c): re.search(r"<v>([^<]*)</v>", cell).group(1)
              for rr, c, cell in sheet_cells(xml) if 't="e"' in cell[:cell.find(">")]}
    assert error_cells(xml.encode()) == walked


def test_the_added_exclude_column_never_lands_on_a_column_holding_values(book, tmp_path):
    # the export's last column has no header but holds a note: Exclude goes after it, and the row counts
    export = tmp_path / "noted.csv"
    export.write_text("ConversationID,Agent,Start Time,Metric,Score,\nK1,Dana Cruz,2026-03-04 09:00,ACK,60,a note\n")
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    rows = [list(r) for r in load_workbook(book)["Scores noted"].iter_rows(values_only=True)]
    assert rows == [["ConversationID", "Agent", "Start Time", "Metric", "Score", None, "Exclude"],
                    ["K1", "Dana Cruz", "2026-03-04 09:00", "ACK", 60, "a note", None]]
    from coachlog_xl import api

    calls = api.compute_file(book, dt.date(2026, 12, 31), cache=False).summary["calls"]
    assert calls == 1  # not left out as excluded by its note


def test_exports_with_a_title_row_imported_one_after_another_keep_each_block_under_its_header(book, tmp_path):
    a = "QA export\nConversation,Agent,Metric,Start Time,Score\n{id},Dana Cruz,ACK,2026-03-0{d} 10:00,{s}\n"
    b = "QA export\nConversation,Start Time,Agent,Metric,Score,Queue\nK2,2026-03-03 10:00,Dana Cruz,ACK,70,Billing\n"
    for n, text in enumerate([a.format(id="K1", d=2, s=80), b, a.format(id="K3", d=4, s=60)]):
        export = tmp_path / f"qa{n}.csv"
        export.write_text(text)
        result = CliRunner().invoke(main, ["import", str(book), str(export), "--sheet", "Scores qa"])
        assert result.exit_code == 0, result.output
    rows = [r[0] for r in load_workbook(book)["Scores qa"].iter_rows(values_only=True)]
    # the title only at the top; each header row right above its own rows
    assert rows == ["QA export", "Conversation", "K1", "Conversation", "K2", "Conversation", "K3"]
    from coachlog_xl import api

    result = api.compute_file(book, dt.date(2026, 12, 31), cache=False)
    assert result.summary["calls"] == 3
    assert not (result.checks["severity"] == "error").any()


def test_a_workbook_sheet_stating_too_small_a_used_range_is_read_whole_without_calamine(book, monkeypatch):
    from coachlog_xl.workbook import book as books
    from coachlog_xl.workbook.parts import sheet_parts

    wb = load_workbook(book)
    for i in range(2, 12):
        wb["Log"].cell(row=i, column=1, value=f"S-{i}")
    wb.save(book)
    _state_used_range(book, sheet_parts(book)["Log"], "A1:AD3")
    monkeypatch.setattr(books, "_calamine", lambda _path: None)  # the openpyxl reader
    rows = books.FileBook(book).rows("Log")
    assert [r[0] for r in rows[1:]] == [f"S-{i}" for i in range(2, 12)]  # all ten, not the two A1:AD3 holds


def _preview_csv(tmp_path, text: str):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    calls = pv.calls.sort_values(["call_id", "criterion"]).reset_index(drop=True)
    return [(r.call_id, r.rep, r.criterion, round(r.score, 6), r.at.to_pydatetime()) for r in calls.itertuples()], pv


def test_fields_written_for_excel_as_text_formulas_are_read_as_excel_shows_them(tmp_path):
    # ="000123" keeps the zeros of an id (and a date as text) when Excel opens the file: the id is 000123
    got, _ = _preview_csv(tmp_path, 'Call ID,Agent,Call date,Question,Score\n'
                                    '="000123",Dana Cruz,="2026-02-20 10:15",Acknowledges the concern,80\n'
                                    '="000124",Dana Cruz,="2026-02-21 11:00",Acknowledges the concern,="90"\n')
    assert got == [("000123", "Dana Cruz", ACK, 80.0, dt.datetime(2026, 2, 20, 10, 15)),
                   ("000124", "Dana Cruz", ACK, 90.0, dt.datetime(2026, 2, 21, 11, 0))]


def test_zero_points_of_zero_possible_is_not_scored(tmp_path):
    # an item not applicable, exported as 0 of 0: not scored, never 0; 3 of 4 is 75
    got, pv = _preview_csv(tmp_path, "interaction_id,agent_name,interaction_date,question,obtainedScore,total_score\n"
                                     "C-1,Dana Cruz,2026-02-20 10:00,Acknowledges the concern,3,4\n"
                                     "C-2,Dana Cruz,2026-02-21 10:00,Acknowledges the concern,0,0\n"
                                     "C-3,Dana Cruz,2026-02-22 10:00,Acknowledges the concern,0,4\n")
    assert got == [("C-1", "Dana Cruz", ACK, 75.0, dt.datetime(2026, 2, 20, 10, 0)),
                   ("C-3", "Dana Cruz", ACK, 0.0, dt.datetime(2026, 2, 22, 10, 0))]
    assert Code.NOT_SCORED.value in set(pv.checks["code"])


def test_an_export_of_another_format_is_refused_with_what_to_do(tmp_path):
    ods = tmp_path / "scores.ods"
    ods.write_bytes(b"PK\x03\x04")
    with pytest.raises(WorkbookError, match=r"save it as \.xlsx, or export the scores as \.csv"):
        read_export(ods)


def test_a_comment_per_evaluator_beside_each_score_is_no_error(tmp_path):
    # the calibration shape: Score, Comment once per evaluator; the comments differ, and no figure
    # depends on them: the scores are the two evaluators' mean, and nothing holds the baselines back
    got, pv = _preview_csv(tmp_path, "Conversation,Agent,Start Time,Metric,Score,Comment,Score,Comment\n"
                                     "C-1,Dana Cruz,2026-02-20 10:00,Acknowledges the concern,Adhered,fine,"
                                     "Not Adhered,missed it\n")
    assert got == [("C-1", "Dana Cruz", ACK, 50.0, dt.datetime(2026, 2, 20, 10, 0))]
    assert Code.SAME_HEADER.value not in set(pv.checks["code"])


def test_a_per_rep_average_line_in_the_criterion_column_is_a_totals_row(tmp_path):
    # a report's line under each rep's rows: no call id, "Average" where the criterion goes
    got, pv = _preview_csv(tmp_path, "Call ID,Rep,Call date,Criterion,Score\n"
                                     "C-1,Dana Cruz,2026-02-20 10:00,Acknowledges the concern,70\n"
                                     "C-2,Dana Cruz,2026-02-21 10:00,Acknowledges the concern,80\n"
                                     ",Dana Cruz,,Average,75\n"
                                     "C-3,Dana Cruz,2026-02-22 10:00,Average handle time,60\n"
                                     ",Dana Cruz,2026-02-23 10:00,Average handle time,65\n")
    assert [g[0] for g in got] == ["C-1", "C-2", "C-3"]  # a call's criterion may start with Average
    # the criterion's whole text is a totals word on a totals row; a criterion's name is not one
    assert list(pv.checks.loc[pv.checks["code"] == Code.MISSING_FIELD.value, "row"]) == [6]
    notes = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    assert list(notes["row"]) == [4] and "totals row" in notes["problem"].iloc[0]


def test_a_second_paste_s_own_time_maximum_and_na_columns_are_read_for_its_rows():
    # two pastes one below the other, the second from an export with more columns than the first
    # (the sheet's columns reach as far as the wider paste: the first header ends in blank cells)
    export = RawTable.from_rows("Scores", ["Call ID", "Agent", "Call date", "Metric", "raw_score", "max_points", None,
                                           None], [
        ["A1", "Dana Cruz", "2026-03-02", ACK, 3, 4],
        ["Call ID", "Agent", "Call date", "Time", "Metric", "normalized_score", "max_points", "is_na"],
        ["B1", "Dana Cruz", "2026-03-03", "09:30", ACK, 80, 4, "no"],
        ["B2", "Dana Cruz", "2026-03-04", "16:15", ACK, 3, 4, "yes"],
        ["B3", "Dana Cruz", "2026-03-05", "00:00", ACK, 55, 4, ""],
    ])
    calls = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export).calls.sort_values("call_id")
    # A1: 3 of 4 points = 75; B1 and B3: normalized already, read as they are; B2: N/A, not counted;
    # the second paste's Time column times its calls (B3 at midnight, not a date-only call)
    assert list(zip(calls["call_id"], calls["score"])) == [("A1", 75.0), ("B1", 80.0), ("B3", 55.0)]
    assert list(calls["at"].dt.strftime("%m-%d %H:%M")) == ["03-02 00:00", "03-03 09:30", "03-05 00:00"]
    assert list(calls["date_only"]) == [True, False, False]


def test_each_paste_under_its_own_header_is_put_on_its_own_scale():
    # a week of 0-100 points, then a week of 1-5 ratings pasted under it with the rating export's own
    # header: each paste's scale is its own (the ratings 4 and 5 are 80 and 100, not 4 and 5 points);
    # rows: the header 1, the points 2-6, the rating export's header 7, its ratings 8-13
    points = [[f"A{i}", "Dana Cruz", f"2026-03-0{i + 1}", ACK, 60] for i in range(5)]
    stars = [[f"B{i}", "Dana Cruz", f"2026-03-1{i}", ACK, 4 + i % 2] for i in range(6)]
    export = RawTable.from_rows("Scores", ["Call ID", "Agent", "Call date", "Metric", "Score"],
                                [*points, ["interaction_id", "agent_name", "interaction_date", "question", "Rating"],
                                 *stars])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    got = dict(zip(pv.calls["call_id"], pv.calls["score"]))
    assert got == {**{f"A{i}": 60.0 for i in range(5)}, **{f"B{i}": 80.0 + 20 * (i % 2) for i in range(6)}}
    said = pv.checks[pv.checks["code"] == Code.SCALE_CONVERTED.value]["problem"].tolist()
    assert said == [f'Scores rows 8-13, "{ACK}": scores read as a 1-5 rating; converted to 0-100 as value / 5 x 100.']
    # fractions under points: the fractions are x 100, the points stay, and no doubt is raised
    fractions = [[f"F{i}", "Dana Cruz", f"2026-03-2{i}", ACK, 0.75] for i in range(3)]
    export = RawTable.from_rows("Scores", ["Call ID", "Agent", "Call date", "Metric", "Score"],
                                [*points, ["Call ID", "Agent", "Call date", "Metric", "normalized_score"], *fractions])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert sorted(set(pv.calls["score"])) == [60.0, 75.0]
    assert Code.SCALE_UNCLEAR.value not in set(pv.checks["code"])
    # the same header again (a report's header repeated on each page, or last week's export pasted under
    # this week's) is one export: its rows' scale is read together (here points, 4 and 5 beside 60)
    export = RawTable.from_rows("Scores", ["Call ID", "Agent", "Call date", "Metric", "Score"],
                                [*points, ["Call ID", "Agent", "Call date", "Metric", "Score"], *stars])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert sorted(set(pv.calls["score"])) == [4.0, 5.0, 60.0]


def test_one_export_dated_by_its_grading_date_is_said_once_and_two_kinds_of_date_are_named_as_either():
    # one grading-date export whose header is repeated on each of three pages: one warning
    head = ["qa_id", "agent_name", "Metric", "Score", "evaluation_date"]
    pages = [[[f"Q{p}", "Eli Moss", ACK, 90, f"2026-05-0{p + 1}"], list(head)] for p in range(3)]
    export = RawTable.from_rows("Scores", head, [row for page in pages for row in page][:-1])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert len(pv.calls) == 3
    assert pv.checks["code"].tolist().count(Code.GRADING_DATE_USED.value) == 1
    # a call-date export, then a grading-date one with an unreadable date in row 4: the message cannot
    # say which of the two the sheet's dates are, so it names both
    export = RawTable.from_rows("Scores", ["Call ID", "Agent", "Metric", "Score", "Call date"], [
        ["D1", "Dana Cruz", ACK, 70, "2026-06-01 09:15"], list(head), ["Q1", "Eli Moss", ACK, 90, "garbage"]])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    bad = pv.checks[pv.checks["code"] == Code.UNREADABLE_DATE.value]
    assert bad["row"].tolist() == [4] and "the call date or grading date 'garbage'" in bad["problem"].iloc[0]


def test_a_summary_below_an_export_whose_score_column_comes_first_is_one_warning_not_errors():
    # the export's columns start Evaluator, Score; under it, after a blank row, a per-agent summary
    # (Agent, Average score) whose header names too few fields to be one: rows 6-8 land under Evaluator
    # and Score with no call id, rep or criterion, so they are no call's (rows: header 1, calls 2-4,
    # blank 5, summary 6-8)
    export = RawTable.from_rows("Scores", ["Evaluator", "Score", "Criterion", "Call date", "Agent", "Call ID"], [
        ["Rae", 65, ACK, "2026-02-02 09:00", "Dana Cruz", "T-10"],
        ["Rae", 75, ACK, "2026-02-03 09:00", "Dana Cruz", "T-11"],
        ["Quinn", 55, ACK, "2026-02-04 09:00", "Eli Moss", "T-12"],
        [None] * 6,
        ["Agent", "Average score"], ["Dana Cruz", 70], ["Eli Moss", 55]])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert sorted(pv.calls["call_id"]) == ["T-10", "T-11", "T-12"]
    errors = pv.checks[pv.checks["severity"] == "error"]
    assert errors.empty, errors["problem"].tolist()
    said = pv.checks[pv.checks["code"] == Code.TABLE_NOT_READ.value]
    assert said["row"].tolist() == [6] and "3 row(s) from row 6" in said["problem"].iloc[0]
    # a row with a call date is a call whose names are missing: errors, as before
    export.data.loc[len(export.data) - 1, 3] = "2026-02-05 09:00"  # row 8's Call date
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    errors = pv.checks[pv.checks["severity"] == "error"]
    assert set(errors["row"]) == {8} and set(errors["code"]) == {Code.MISSING_FIELD.value}
    said = pv.checks[pv.checks["code"] == Code.TABLE_NOT_READ.value]
    assert said["row"].tolist() == [6] and "2 row(s) from row 6" in said["problem"].iloc[0]


def test_a_later_paste_under_its_own_header_leaves_the_first_ones_columns_to_its_rows():
    # points over a maximum (4, 3, 5 of 5: 80, 60, 100), then a wide export pasted under them with its
    # own header and no maximum column: the first export's rows keep their maximum; rows: header 1,
    # points 2-4, the wide header 5, its calls 6-7 (0-100 already)
    points = [[f"M{i}", "Dana Cruz", f"2026-03-0{i + 2}T10:00:00Z", "ACK", p, 5] for i, p in enumerate([4, 3, 5])]
    wide = [["W1", "Eli Moss", "2026-04-13", 90, 70], ["W2", "Eli Moss", "2026-04-14", 60, 100]]
    export = RawTable.from_rows("Scores", ["gradable_id", "agent_name", "ticket_created_at", "question_id",
                                           "raw_score", "max_rubric_score"],
                                [*points, ["ConversationID", "Scored Agent", "Start Time", ACK, VERIFY], *wide])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    got = {(r.call_id, r.criterion): r.score for r in pv.calls.itertuples()}
    assert got == {("M0", ACK): 80.0, ("M1", ACK): 60.0, ("M2", ACK): 100.0,
                   ("W1", ACK): 90.0, ("W1", VERIFY): 70.0, ("W2", ACK): 60.0, ("W2", VERIFY): 100.0}
    assert Code.SCALE_UNCLEAR.value not in set(pv.checks["code"])


def test_each_paste_under_its_own_header_is_dated_by_its_own_date_column():
    # a long export with call dates, then a wide one with only a grading date (rows: header 1, calls
    # 2-3, the wide header 4, its calls 5-6): each export's rows are dated by its own column, and the
    # grading date is named for the second export's rows only
    dated = [["C1", "Dana Cruz", "2026-03-02 10:00", "ACK", 80], ["C2", "Dana Cruz", "2026-03-03 11:30", "ACK", 60]]
    graded = [["Q1", "Eli Moss", 90, "2026-05-04"], ["Q2", "Eli Moss", 50, "2026-05-05"]]
    export = RawTable.from_rows("Scores", ["Call ID", "Agent", "Call date", "Metric", "Score"],
                                [*dated, ["qa_id", "agent_name", ACK, "evaluation_date"], *graded])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    got = {r.call_id: r.at.to_pydatetime() for r in pv.calls.itertuples()}
    assert got == {"C1": dt.datetime(2026, 3, 2, 10), "C2": dt.datetime(2026, 3, 3, 11, 30),
                   "Q1": dt.datetime(2026, 5, 4), "Q2": dt.datetime(2026, 5, 5)}
    said = pv.checks[pv.checks["code"] == Code.GRADING_DATE_USED.value]
    assert said["row"].tolist() == [4]
    assert Code.MISSING_CALL_DATE.value not in set(pv.checks["code"])
    # the other way round: the grading-date export first, then one with a call date and a grading date
    # of its own (rows: header 1, calls 2-3, header 4, calls 5-6): the second export's calls are dated
    # by their call date
    later = [["D1", "Dana Cruz", "2026-06-01 09:15", "ACK", 70, "2026-06-20"]]
    export = RawTable.from_rows("Scores", ["qa_id", "agent_name", ACK, "evaluation_date", None, None],
                                [*graded, ["Call ID", "Agent", "Call date", "Metric", "Score", "Graded on"], *later])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    got = {r.call_id: r.at.to_pydatetime() for r in pv.calls.itertuples()}
    assert got == {"Q1": dt.datetime(2026, 5, 4), "Q2": dt.datetime(2026, 5, 5), "D1": dt.datetime(2026, 6, 1, 9, 15)}
    said = pv.checks[pv.checks["code"] == Code.GRADING_DATE_USED.value]
    assert said["row"].tolist() == [1]


def test_an_import_reads_a_short_column_on_the_rating_the_workbook_reads_its_criterion_on():
    # the workbook's Scores rate ACK 1-5 (six ratings); this week's export has three: too few to tell
    # alone, so the import says what the refresh will do: the workbook's rating, not points out of 100
    rated = [{"call_id": f"W{i}", "rep": "Dana Cruz", "call_at": dt.datetime(2026, 3, 2 + i, 10), "criterion": ACK,
              "score": 2 + i % 2} for i in range(6)]
    short = RawTable.from_rows("wk2.csv", ["Call ID", "Agent", "Call date", "Metric", "Rating"],
                               [[f"X{i}", "Dana Cruz", f"2026-03-1{i}", ACK, s] for i, s in enumerate([4, 5, 4])])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS, scores=rated), short)
    assert sorted(pv.calls["score"]) == [80.0, 80.0, 100.0]  # 4 / 5 and 5 / 5 x 100
    said = pv.checks.loc[pv.checks["code"] == Code.SCALE_CONVERTED.value, "problem"].tolist()
    assert said == [f'wk2.csv, "{ACK}": scores read as a 1-5 rating, as Scores rates it; converted to 0-100 as '
                    "value / 5 x 100."]
    assert Code.SCALE_UNCLEAR.value not in set(pv.checks["code"])
    # without such a workbook, the three are read as points, and that is flagged
    alone = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), short)
    assert sorted(alone.calls["score"]) == [4.0, 4.0, 5.0] and Code.SCALE_UNCLEAR.value in set(alone.checks["code"])


def test_the_workbook_s_ratings_are_read_only_when_a_short_column_could_take_one():
    from coachlog_xl.core.config import Config
    from coachlog_xl.core.scales import Ratings, put_on_scale

    def rows(scores):
        return pd.DataFrame({"sheet": "x.csv", "paste": 0, "row": range(2, 2 + len(scores)), "criterion": ACK,
                             "score": scores, "read_as": "number", "exclude": ""})

    def never() -> dict:
        raise AssertionError("the workbook's ratings were read")

    for scores in ([72, 85, 90], [0.8, 0.9], [4, 5, 4, 5, 3, 4]):  # points, fractions, a rating of its own
        put_on_scale(rows(scores), Config(), Issues(), seen=Ratings(beside=never))
    asked = []
    put_on_scale(rows([4, 5]), Config(), Issues(), seen=Ratings(beside=lambda: asked.append(1) or {}))
    assert asked == [1]


def test_a_text_that_writes_midnight_is_a_time_in_a_column_of_times():
    def read(dates):
        rows = [[f"K{i}", "Dana Cruz", d, ACK, 70] for i, d in enumerate(dates)]
        export = RawTable.from_rows("x.csv", ["Call ID", "Agent", "Call date", "Metric", "Score"], rows)
        calls = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export).calls.sort_values("call_id")
        return list(calls["date_only"])

    # a column of times: the written midnight is a call at 00:00, a date written alone is a date only
    assert read(["2025-10-09T14:05:00Z", "2025-10-10T00:00:00Z", "2025-10-11", "10/12/2025 12:00 AM"]) == [
        False, False, True, False]
    # every value at midnight: a column of dates written with a time of 00:00 (as some tools write dates)
    assert read(["2025-10-09 00:00:00", "2025-10-10 00:00:00"]) == [True, True]


def test_a_summary_under_the_scores_with_a_header_of_few_fields_is_a_note_not_errors():
    # a per-agent summary after a blank row; its header names one field (Agent), so it is no header block
    export = RawTable.from_rows("x.csv", ["Call ID", "Agent", "Call date", "Metric", "Score"], [
        ["K1", "Dana Cruz", "2026-03-03 10:00", ACK, 80],
        ["K2", "Dana Cruz", "2026-03-04 10:00", ACK, 60],
        [None, None, None, None, None],
        ["Agent", "Calls", "Average", None, None],
        ["Dana Cruz", 2, 70],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert sorted(pv.calls["call_id"]) == ["K1", "K2"]
    assert set(pv.checks["severity"]) <= {"info"}
    note = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    assert list(note["row"]) == [5] \
        and "2 row(s) from row 5 hold neither a criterion nor a score" in note["problem"].iloc[0]
    # under a score header repeated once per evaluator, each row is still one row
    twice = RawTable.from_rows("x.csv", ["Call ID", "Agent", "Call date", "Metric", "Evaluator", "Score", "Evaluator",
                                         "Score"], [["K1", "Dana Cruz", "2026-03-03 10:00", ACK, "Lee", 80, "Kim", 70],
                                                    [None] * 8, ["Agent", "Calls", "Average"], ["Dana Cruz", 1, 75]])
    checks = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), twice).checks
    assert "2 row(s) from row 4 hold neither" in checks.set_index("code").loc[Code.LAYOUT_NOTE.value, "problem"]


def test_carriage_returns_in_an_exports_text_are_kept(book, tmp_path):
    export = tmp_path / "notes.csv"
    export.write_bytes('call_id,agent_name,Call date,Metric,Score,comment\r\n'
                       'K1,Dana Cruz,2026-03-03 10:00,Acknowledges the concern,80,"\rcafé note"\r\n'
                       'K2,Dana Cruz,2026-03-04 10:00,Acknowledges the concern,60,"line one\r\nline two\r"\r\n'
                       .encode())
    with export.open(newline="", encoding="utf-8") as fh:  # the text as a CSV reader gives it
        expected = [row[5] for row in list(csv.reader(fh))[1:]]
    assert expected == ["\rcafé note", "line one\r\nline two\r"]
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    ws = load_workbook(book)["Scores notes"]  # (the export's own columns: a sheet of its own)
    head = [c.value for c in ws[1]]
    assert [ws.cell(row=r, column=head.index("comment") + 1).value for r in (2, 3)] == expected


def test_an_export_whose_formulas_have_no_values_is_refused_until_saved_by_a_spreadsheet(book, tmp_path):
    from openpyxl import Workbook

    from tests.wbkit import soffice_convert

    export = tmp_path / "scripted.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["call_id", "agent_name", "Call date", "Metric", "points", "max", "Score"])
    for i in range(3):
        ws.append([f"K{i}", "Dana Cruz", f"2026-03-0{i + 2} 10:00", ACK, 3 + i, 5, f"=E{i + 2}/F{i + 2}*100"])
    wb.save(export)  # openpyxl writes the formulas without values
    before = book.read_bytes()
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 2 and book.read_bytes() == before
    assert "3 cell(s) hold a formula without its calculated value (the first: G2, =E2/F2*100)" in result.output
    calculated = soffice_convert(export, "xlsx", tmp_path / "lo")  # LibreOffice calculates them when it saves
    assert CliRunner().invoke(main, ["import", str(book), str(calculated)]).exit_code == 0
    ws = load_workbook(book)[next(n for n in load_workbook(book).sheetnames if n.startswith("Scores "))]
    head = [c.value for c in ws[1]]
    assert [ws.cell(row=r, column=head.index("Score") + 1).value for r in (2, 3, 4)] == [60, 80, 100]


def test_two_filled_columns_that_could_each_be_the_score_are_named():
    export = RawTable.from_rows("x.csv", ["Call ID", "Agent", "Call date", "Metric", "raw_score", "score_percent"],
                                [["K1", "Dana Cruz", "2026-03-03 10:00", ACK, 13, 65]])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), export)
    assert list(pv.calls["score"]) == [13.0]  # the first in the HeaderMap order, as before
    note = pv.checks.set_index("code").loc[Code.LAYOUT_NOTE.value, "problem"]
    assert note.startswith("x.csv: raw_score and score_percent could each be the score; raw_score is read")
    # a column of the same name repeated (one per evaluator), or an empty one, is no other score
    for headers, row in ((["Call ID", "Agent", "Call date", "Metric", "Score", "Score"], [80, 70]),
                         (["Call ID", "Agent", "Call date", "Metric", "Score", "raw_score"], [80, None])):
        export = RawTable.from_rows("x.csv", headers, [["K1", "Dana Cruz", "2026-03-03 10:00", ACK, *row]])
        assert Code.LAYOUT_NOTE.value not in set(preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS),
                                                         export).checks["code"])


@pytest.mark.parametrize("kind", ["paged csv", "xlsx tabs"])
def test_an_export_repeating_its_header_row_imported_again_adds_nothing(book, tmp_path, kind):
    head = ["Call ID", "Agent", "Date", "Metric", "Score"]
    if kind == "paged csv":
        export = tmp_path / "paged.csv"
        export.write_text("Call ID,Agent,Date,Metric,Score\nS1,Dana Cruz,2026-05-11,ACK,90\nPage 1 of 2,,,,\n"
                          "Call ID,Agent,Date,Metric,Score\nS2,Dana Cruz,2026-05-12,ACK,70\n")
    else:
        export = tmp_path / "paged.xlsx"
        _tabs(export, {"Jan": [head, ["S1", "Dana Cruz", "2026-01-05", ACK, 90]],
                       "Feb": [head, ["S2", "Dana Cruz", "2026-02-05", ACK, 70]]})
    first = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert first.exit_code == 0, first.output
    rows = [list(r) for r in load_workbook(book)["Scores paged"].iter_rows(values_only=True)]
    assert [r[0] for r in rows] == (["Call ID", "S1", "Page 1 of 2", "Call ID", "S2"] if kind == "paged csv"
                                    else ["Call ID", "S1", "Call ID", "S2"])  # as exported
    for _ in range(2):
        again = CliRunner().invoke(main, ["import", str(book), str(export)])
        assert again.exit_code == 0 and "Nothing added" in again.output, again.output
    assert [list(r) for r in load_workbook(book)["Scores paged"].iter_rows(values_only=True)] == rows


def test_a_second_header_the_sheet_holds_is_written_again_above_new_rows_that_need_it(book, tmp_path):
    text = ("Call ID,Agent,Date,Metric,Score\n{a},Dana Cruz,2026-05-1{d},ACK,90\n"
            "Call ID,Agent,Date,Metric,Score,Channel\n{b},Dana Cruz,2026-05-1{d},ACK,70,phone\n")
    for n, (a, b) in enumerate([("A1", "A2"), ("B1", "B2")]):
        export = tmp_path / f"week{n}.csv"
        export.write_text(text.format(a=a, b=b, d=n))
        result = CliRunner().invoke(main, ["import", str(book), str(export), "--sheet", "Scores qa"])
        assert result.exit_code == 0, result.output
    rows = [(r[0], r[5]) for r in load_workbook(book)["Scores qa"].iter_rows(values_only=True)]
    # B2 is read under the Channel header again, not under the header above B1
    assert rows == [("Call ID", None), ("A1", None), ("Call ID", "Channel"), ("A2", "phone"),
                    ("Call ID", None), ("B1", None), ("Call ID", "Channel"), ("B2", "phone")]
    assert "Nothing added" in CliRunner().invoke(main,
                                                 ["import", str(book), str(export), "--sheet", "Scores qa"]).output


def test_a_date_impossible_in_both_orders_proves_no_date_order(tmp_path):
    # 31/04/2026 is no date day-first (April has 30 days) nor month-first (no month 31): it proves
    # nothing, so 05/03 and 05/04 are read month-first, as Settings says: 3 May and 4 May
    got, pv = _preview_csv(tmp_path, "Call ID,Agent,Date,Criterion,Score\n"
                                     f"D-1,Eli Moss,05/03/2026,{ACK},80\n"
                                     f"D-2,Eli Moss,05/04/2026,{ACK},70\n"
                                     f"D-3,Eli Moss,31/04/2026,{ACK},60\n")
    assert got == [("D-1", "Eli Moss", ACK, 80.0, dt.datetime(2026, 5, 3)),
                   ("D-2", "Eli Moss", ACK, 70.0, dt.datetime(2026, 5, 4))]
    codes = pv.checks["code"].tolist()
    assert Code.DATE_ORDER_OF_PASTE.value not in codes and codes.count(Code.UNREADABLE_DATE.value) == 1
    # 29/02/2025 (no 29 February in 2025) proves nothing either; 29/02/2024 proves day-first
    got, _ = _preview_csv(tmp_path, "Call ID,Agent,Date,Criterion,Score\n"
                                    f"E-1,Eli Moss,05/03/2025,{ACK},80\n"
                                    f"E-2,Eli Moss,29/02/2025,{ACK},60\n")
    assert [g[4] for g in got] == [dt.datetime(2025, 5, 3)]
    got, pv = _preview_csv(tmp_path, "Call ID,Agent,Date,Criterion,Score\n"
                                     f"E-1,Eli Moss,05/03/2024,{ACK},80\n"
                                     f"E-2,Eli Moss,29/02/2024,{ACK},60\n")
    assert [g[4] for g in got] == [dt.datetime(2024, 3, 5), dt.datetime(2024, 2, 29)]
    assert Code.DATE_ORDER_OF_PASTE.value in pv.checks["code"].tolist()


@pytest.mark.parametrize("line", [
    "Report run 2026-03-01", "Generated by QA Suite", "Exported 3/1/2026", "Printed 3 March", "Downloaded by A. Lee",
    "Created on 2026-03-01", "Run at 09:00", "CONFIDENTIAL", "Internal use only", "Page 2 of 7", "Copyright 2026",
    "(c) 2026 Acme", "End of the report", "Total rows: 812", "Records 812", "812 records exported",
])
def test_every_kind_of_report_footer_holds_a_word_the_quick_footer_test_looks_for(line):
    # an ASCII line without one of the words is not searched: each kind FOOTER knows must hold one
    assert trailers.FOOTER.search(line) is not None
    assert any(w in line.lower() for w in trailers._FOOTER_WORDS)
    assert trailers._any_footer(f"C-1\n{line}")


def test_a_zoned_date_time_column_is_blank_only_at_its_missing_cells():
    col = pd.Series(pd.to_datetime(["2026-03-01 09:00", None]).tz_localize("Europe/London"))
    assert distinct.blanks(col).tolist() == [False, True]


def test_import_quiet_prints_only_the_report_as_refresh_quiet_does(book):
    export = str(FIX / "calibration.csv")
    loud = CliRunner().invoke(main, ["import", str(book), export, "--dry-run"])
    quiet = CliRunner().invoke(main, ["import", str(book), export, "--dry-run", "-q"])
    assert (loud.exit_code, quiet.exit_code) == (0, 0), quiet.output
    assert "Reading calibration.csv ..." in loud.stderr and quiet.stderr == ""  # the progress lines
    assert quiet.stdout == loud.stdout and "Dry run: would add 4 rows" in quiet.stdout  # the report
    assert "-q, --quiet" in CliRunner().invoke(main, ["import", "--help"]).output
    # nor the wait for another coachlog command writing the workbook (held by a thread for half a second)
    from tests.wbkit import write_lock_held

    with write_lock_held(book, 0.5):
        waited = CliRunner().invoke(main, ["import", str(book), export, "--quiet"])
    assert waited.exit_code == 0, waited.output
    assert "Waiting" not in waited.output and waited.stderr == "" and "Added 4 rows" in waited.stdout
