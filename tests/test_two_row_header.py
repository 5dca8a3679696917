"""A wide export whose criteria are named over two header rows: each criterion's name over its group of
columns (merged across them in an .xlsx export), ``Score`` and ``Comment`` under each, the call's own
columns merged down over both rows (or blank in the second, as a CSV writes them); and one header row
naming each criterion's score column ``<criterion> - Score``."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export
from tests.wbkit import team_book

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz", "other_names": "dcruz@acme.test"}, {"rep": "Eli Moss"}]


def _read(path):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    calls = pv.calls.sort_values(["row", "criterion"])
    return [(r.row, r.call_id, r.rep, r.criterion, r.score) for r in calls.itertuples()], pv.checks


def test_a_csv_naming_its_criteria_over_a_row_of_score_and_comment_headers_is_read_wide(tmp_path):
    path = tmp_path / "grouped.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK},,{VERIFY},\n"
                    ",,,Score,Comment,Score,Comment\n"
                    'M1,Dana Cruz,2026-03-04 14:05,80,"ok, fine",100,\n'
                    "M2,Eli Moss,2026-03-05 09:00,60,meh,0,missed\n", encoding="utf-8")
    got, checks = _read(path)
    # each group's Score column is its criterion's; the rows below the two header rows are 3 and 4
    assert got == [(3, "M1", "Dana Cruz", ACK, 80.0), (3, "M1", "Dana Cruz", VERIFY, 100.0),
                   (4, "M2", "Eli Moss", ACK, 60.0), (4, "M2", "Eli Moss", VERIFY, 0.0)]
    assert set(checks["code"]) == {Code.LAYOUT_NOTE.value}


def _merged_export(path, calls: int = 3):
    wb = Workbook()
    ws = wb.active
    ws.title = "Evaluations"
    ws.append(["Call ID", "Agent", "Call Date", ACK, None, VERIFY, None])
    ws.append([None, None, None, "Score", "Comment", "Score", "Comment"])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"):
        ws.merge_cells(cells)
    for i in range(calls):
        ws.append([f"X{i}", "dcruz@acme.test", dt.datetime(2026, 3, 2 + i, 10), 70 + i, "note", 50 + 10 * i, None])
    wb.save(path)


def test_an_xlsx_export_with_criteria_merged_over_their_columns_is_read_wide(tmp_path):
    _merged_export(tmp_path / "merged.xlsx")
    got, _ = _read(tmp_path / "merged.xlsx")
    assert got == [(3, "X0", "Dana Cruz", ACK, 70.0), (3, "X0", "Dana Cruz", VERIFY, 50.0),
                   (4, "X1", "Dana Cruz", ACK, 71.0), (4, "X1", "Dana Cruz", VERIFY, 60.0),
                   (5, "X2", "Dana Cruz", ACK, 72.0), (5, "X2", "Dana Cruz", VERIFY, 70.0)]


def test_importing_it_adds_both_header_rows_as_exported_and_again_adds_nothing(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [(c["criterion_id"], c["name"]) for c in CRITERIA],
              [(r["rep"], r.get("other_names")) for r in REPS]).save(book)
    _merged_export(tmp_path / "merged.xlsx")
    first = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "merged.xlsx"), "-q"])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "merged.xlsx"), "-q"])
    assert again.exit_code == 0, again.output
    assert "Nothing added: all 3 rows are already in" in again.output
    ws = load_workbook(book)["Scores merged"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    # as Excel shows the merged cells: the call's own headers in both rows; the Exclude column added
    # after the second header row's last column
    assert rows[:2] == [["Call ID", "Agent", "Call Date", ACK, None, VERIFY, None, None],
                        ["Call ID", "Agent", "Call Date", "Score", "Comment", "Score", "Comment", "Exclude"]]
    assert rows[2:] == [[f"X{i}", "dcruz@acme.test", dt.datetime(2026, 3, 2 + i, 10), 70 + i, "note",
                         50 + 10 * i, None, None] for i in range(3)]
    checked = CliRunner().invoke(main, ["check", str(book)]).output  # (the refresh reads the sheet as the import)
    assert f"wide layout read, 2 criterion columns: {ACK}, {VERIFY}." in checked
    assert "no criterion column" not in checked and "another header row" not in checked


def test_a_row_of_scores_under_a_header_with_a_blank_cell_is_data_not_a_second_header_row(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(f"Call ID,Agent,Call Date,Criterion,Score,\nM1,Dana Cruz,2026-03-04 14:05,{ACK},80,x\n",
                    encoding="utf-8")
    got, _ = _read(path)
    assert got == [(2, "M1", "Dana Cruz", ACK, 80.0)]


@pytest.mark.parametrize("header, cells, scores", [
    # <criterion> - Score is the criterion's column, its - Comment a side column
    (f"{ACK} - Score,{ACK} - Comment,{VERIFY} - Score", "80,ok,100", (80.0, 100.0)),
    # beside its - Max column: 4 of 5 points and 2 of 4, the Max columns no criteria of their own
    (f"{ACK} - Score,{ACK} - Max,{VERIFY} - Score,{VERIFY} - Max", "4,5,2,4", (80.0, 50.0)),
])
def test_a_one_row_header_naming_each_criterions_score_column_criterion_dash_score_is_read_as_the_criterion(
        tmp_path, header, cells, scores):
    path = tmp_path / "dashed.csv"
    path.write_text(f"Call ID,Agent,Call Date,{header}\nM1,Dana Cruz,2026-03-04 14:05,{cells}\n", encoding="utf-8")
    got, checks = _read(path)
    assert got == [(2, "M1", "Dana Cruz", ACK, scores[0]), (2, "M1", "Dana Cruz", VERIFY, scores[1])]
    # points over a maximum column are said converted, once for the paste
    converted = {Code.SCALE_CONVERTED.value} if " - Max" in header else set()
    assert set(checks["code"]) == {Code.LAYOUT_NOTE.value} | converted


def test_a_long_exports_evaluators_named_over_their_score_and_comment_columns_stay_one_score_each(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Conversation", "Agent", "Call date", "Metric", "Lee", None, "Kim", None])
    ws.append([None, None, None, None, "Score", "Comment", "Score", "Comment"])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:H1"):
        ws.merge_cells(cells)
    ws.append(["K1", "Dana Cruz", dt.datetime(2026, 3, 4), ACK, "Adhered", "ok", "Not Adhered", "no"])
    wb.save(tmp_path / "calibration.xlsx")
    got, checks = _read(tmp_path / "calibration.xlsx")
    # the groups are evaluators: one call, the mean of Adhered (100) and Not Adhered (0)
    assert got == [(3, "K1", "Dana Cruz", ACK, 50.0)]
    assert Code.CALIBRATION_MERGED.value in set(checks["code"])


def test_a_groups_points_max_and_na_columns_are_its_criterions_points_over_maximum_and_na_flag(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Call ID", "Agent", "Call Date", ACK, None, None, VERIFY, None])
    ws.append([None, None, None, "Points", "Max", "N/A", "Rating", "Comment"])
    ws.append(["Z1", "Dana Cruz", dt.datetime(2026, 3, 4, 10), 3, 5, None, "Yes", "c"])
    ws.append(["Z2", "Dana Cruz", dt.datetime(2026, 3, 5, 10), None, 5, "x", "No", None])
    wb.save(tmp_path / "points.xlsx")
    got, checks = _read(tmp_path / "points.xlsx")
    # 3 of 5 points = 60; Z2's ACK flagged N/A: not scored, not 0; Yes = 100, No = 0
    assert got == [(3, "Z1", "Dana Cruz", ACK, 60.0), (3, "Z1", "Dana Cruz", VERIFY, 100.0),
                   (4, "Z2", "Dana Cruz", VERIFY, 0.0)]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])


def test_a_criterion_named_with_dash_score_on_the_criteria_sheet_keeps_its_whole_name(tmp_path):
    path = tmp_path / "named.csv"
    path.write_text(f"Call ID,Agent,Call Date,Greeting - Score,{VERIFY} - Score\n"
                    "M1,Dana Cruz,2026-03-04,80,100\n", encoding="utf-8")
    criteria = [{"criterion_id": "GREET", "name": "Greeting - Score"}, {"criterion_id": "VERIFY", "name": VERIFY}]
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))
    got = sorted((r.criterion, r.score) for r in pv.calls.itertuples())
    # the Criteria sheet's "Greeting - Score" is that criterion; VERIFY's column named after it with - Score
    assert got == [("Greeting - Score", 80.0), (VERIFY, 100.0)]
    assert set(pv.checks["code"]) == {Code.LAYOUT_NOTE.value}


def test_a_first_data_row_of_words_under_a_header_with_a_blank_cell_is_kept_as_data(tmp_path):
    path = tmp_path / "words.csv"
    # one header row with an unnamed column; the first call's criteria both N/A, the word Score beside them
    path.write_text(f"Call ID,Agent,Call Date,{ACK},,{VERIFY}\n"
                    "M1,Dana Cruz,2026-03-04,N/A,Score,N/A\nM2,Eli Moss,2026-03-05,80,x,70\n", encoding="utf-8")
    got, checks = _read(path)
    assert got == [(3, "M2", "Eli Moss", ACK, 80.0), (3, "M2", "Eli Moss", VERIFY, 70.0)]
    # row 2 is a call whose criteria were not scored, said so, not a second header row
    assert sorted(checks.loc[checks["code"] == Code.NOT_SCORED.value, "row"]) == [2]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])
