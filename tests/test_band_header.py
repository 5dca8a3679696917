"""A wide export heading every column in its second header row (the call's id, rep and date too) under a band
row: blank or ``Call details`` over the call's columns, each criterion's name over its ``Score`` and ``Comment``
columns; a band that names a criterion over two score columns is not read, and says why."""

from __future__ import annotations

import datetime as dt

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
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]
LOWER = "Call ID,Agent,Call Date,Score,Comment,Score,Comment"
ROWS = 'M1,Dana Cruz,2026-03-04 14:05,80,"ok, fine",100,\nM2,Eli Moss,2026-03-05 09:00,60,meh,0,missed\n'


def _read(path):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    calls = pv.calls.sort_values(["row", "criterion"])
    return [(r.row, r.call_id, r.rep, r.criterion, r.score) for r in calls.itertuples()], pv.checks


def test_call_headers_in_the_lower_row_under_a_call_details_band_are_read_wide(tmp_path):
    path = tmp_path / "band.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},\n{LOWER}\n{ROWS}", encoding="utf-8")
    got, checks = _read(path)
    # D is ACK's score, F VERIFY's; the calls are on rows 3 and 4, below the two header rows
    assert got == [(3, "M1", "Dana Cruz", ACK, 80.0), (3, "M1", "Dana Cruz", VERIFY, 100.0),
                   (4, "M2", "Eli Moss", ACK, 60.0), (4, "M2", "Eli Moss", VERIFY, 0.0)]
    assert set(checks["code"]) == {Code.LAYOUT_NOTE.value}
    assert any("wide layout read, 2 criterion columns" in m for m in checks["problem"])


def test_a_blank_band_over_the_call_columns_is_read_the_same(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(f",,,{ACK},,{VERIFY},\n{LOWER}\n{ROWS}", encoding="utf-8")
    got, _ = _read(path)
    assert [(row, crit, score) for row, _, _, crit, score in got] == [
        (3, ACK, 80.0), (3, VERIFY, 100.0), (4, ACK, 60.0), (4, VERIFY, 0.0)]


def test_a_section_band_over_criteria_headed_in_full_below_is_read_as_before(tmp_path):
    path = tmp_path / "section.csv"
    path.write_text(f"Call details,,,Opening,\nCall ID,Agent,Call Date,{ACK},{VERIFY}\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,100\n", encoding="utf-8")
    got, _ = _read(path)
    # the section's name is no criterion: the lower row's own headers are
    assert got == [(3, "M1", "Dana Cruz", ACK, 80.0), (3, "M1", "Dana Cruz", VERIFY, 100.0)]


def test_a_criterion_over_two_score_columns_is_refused_saying_which(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(f",,,{ACK},,,\n{LOWER}\n{ROWS}", encoding="utf-8")
    got, checks = _read(path)
    assert got == []
    # ACK's band runs over D to G: two Score columns, D and F
    said = checks.loc[checks["problem"].str.contains("not read as one header"), "problem"].tolist()
    assert len(said) == 1 and "2 score columns (D, F)" in said[0]
    assert Code.MISSING_COLUMN.value in set(checks["code"])


def test_importing_a_banded_xlsx_adds_both_rows_and_the_check_reads_it(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [(c["criterion_id"], c["name"]) for c in CRITERIA], [r["rep"] for r in REPS]).save(book)
    wb = Workbook()
    ws = wb.active
    ws.title = "Evaluations"
    ws.append(["Call details", None, None, ACK, None, VERIFY, None])
    ws.append(LOWER.split(","))
    for cells in ("A1:C1", "D1:E1", "F1:G1"):
        ws.merge_cells(cells)
    for i in range(3):
        ws.append([f"X{i}", "Dana Cruz", dt.datetime(2026, 3, 2 + i, 10), 70 + i, "note", 50 + 10 * i, None])
    wb.save(tmp_path / "band.xlsx")
    done = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "band.xlsx"), "-q"])
    assert done.exit_code == 0, done.output
    rows = [[c.value for c in r] for r in load_workbook(book)["Scores band"].iter_rows()]
    # both header rows as exported, the Exclude column after the lower row's last column, then the 3 calls
    assert rows[:2] == [["Call details", None, None, ACK, None, VERIFY, None, None], [*LOWER.split(","), "Exclude"]]
    assert len(rows) == 5
    checked = CliRunner().invoke(main, ["check", str(book)]).output
    assert f"wide layout read, 2 criterion columns: {ACK}, {VERIFY}." in checked
    assert "no criterion column" not in checked


def test_a_band_over_the_overall_score_does_not_make_it_a_criterion_when_the_criteria_are_headed_below(tmp_path):
    for band in ("Evaluation", "Final"):
        path = tmp_path / "overall.csv"
        path.write_text(f"Call details,,,Scorecard,,{band},\nCall ID,Agent,Call Date,{ACK},{VERIFY},Score,Comment\n"
                        "M1,Dana Cruz,2026-03-04 14:05,80,100,90,good\nM2,Eli Moss,2026-03-05 09:00,60,0,30,meh\n",
                        encoding="utf-8")
        got, checks = _read(path)
        # D and E are the criteria, named in row 2; F (Score: 90, 30) is the evaluation's overall score, no criterion
        assert got == [(3, "M1", "Dana Cruz", ACK, 80.0), (3, "M1", "Dana Cruz", VERIFY, 100.0),
                       (4, "M2", "Eli Moss", ACK, 60.0), (4, "M2", "Eli Moss", VERIFY, 0.0)], band
        assert Code.UNKNOWN_SCORE_CRITERION.value not in set(checks["code"])


def test_a_band_named_as_an_overall_score_leaves_its_score_column_the_overall_score(tmp_path):
    path = tmp_path / "overall.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},,Evaluation\n{LOWER},Score\n"
                    "M1,Dana Cruz,2026-03-04 14:05,80,ok,100,,90\n", encoding="utf-8")
    got, checks = _read(path)
    # D is ACK's score (80), F VERIFY's (100); H under "Evaluation" (90) is the call's overall score: no third
    # criterion
    assert got == [(3, "M1", "Dana Cruz", ACK, 80.0), (3, "M1", "Dana Cruz", VERIFY, 100.0)]
    assert "Evaluation" not in " ".join(checks["problem"])


def test_a_weeks_last_row_above_the_next_weeks_header_is_data_not_a_band(tmp_path):
    path = tmp_path / "weeks.csv"
    path.write_text(f"Call details,,,{ACK},,{VERIFY},\n{LOWER}\nM1,Dana Cruz,3/4/2026 2:05 PM,Pass,ok,Fail,missed\n"
                    f"{LOWER}\nM2,Eli Moss,3/11/2026 9:00 AM,Fail,meh,Pass,good\n", encoding="utf-8")
    got, checks = _read(path)
    # week 1 (row 3): ACK Pass = 100, VERIFY Fail = 0; week 2 (row 5, under row 4's repeat of row 2): ACK Fail = 0,
    # VERIFY Pass = 100; no criterion named "Pass" or "Fail"
    assert got == [(3, "M1", "Dana Cruz", ACK, 100.0), (3, "M1", "Dana Cruz", VERIFY, 0.0),
                   (5, "M2", "Eli Moss", ACK, 0.0), (5, "M2", "Eli Moss", VERIFY, 100.0)]
    assert not {Code.UNKNOWN_SCORE_CRITERION.value, Code.NO_KNOWN_CRITERION.value} & set(checks["code"])


def test_a_data_row_of_text_over_a_header_row_is_no_band_by_its_call_id_and_date(tmp_path):
    path = tmp_path / "data.csv"
    # row 1 holds no score word (its D and F are comments), but A is a call id and C a date: a data row
    path.write_text(f"M0,Dana Cruz,2026-03-01 10:00,see notes,,later,\n{LOWER}\n{ROWS}", encoding="utf-8")
    got, checks = _read(path)
    # read as one header row (row 2) alone: Score twice names no criterion, so nothing is read and that is said
    assert got == []
    assert Code.MISSING_COLUMN.value in set(checks["code"])
    assert "see notes" not in " ".join(checks["problem"])


def test_a_title_over_the_band_row_names_the_lower_row_as_the_header(tmp_path):
    path = tmp_path / "title.csv"
    path.write_text(f"QA export March 2026\nCall details,,,{ACK},,{VERIFY},\n{LOWER}\n{ROWS}", encoding="utf-8")
    got, checks = _read(path)
    # row 1 the title, row 2 the band, row 3 the header of the call's columns; the calls on rows 4 and 5
    assert [(row, crit, score) for row, _, _, crit, score in got] == [
        (4, ACK, 80.0), (4, VERIFY, 100.0), (5, ACK, 60.0), (5, VERIFY, 0.0)]
    assert "title.csv: 1 row(s) above the header row 3 were skipped (a title?)." in list(checks["problem"])
