"""One call pasted twice with two call dates (a 1904 workbook's dates misread and re-imported, a typo, or an id the QA
platform used again), whoever scored it: counted once, on the first row's date, and said in Checks, once per call,
with its rows and their dates.  Imported and refreshed through the
command line; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows


def _refreshed(tmp_path, lines: list[str], header: str = "Call ID,Agent,Start Time,Metric,Score",
               criteria: tuple = (("EMP", "Empathy"),)):
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    wb = team_book(book, list(criteria), ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": "Empathy"}])
    wb.save(book)
    export.write_text(f"{header}\n" + "".join(f"{line}\n" for line in lines),
                      encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    return records(book, "Follow-up")[0], records(book, "Checks")


def test_one_call_pasted_twice_with_two_dates_is_counted_once_and_named(tmp_path):
    row, checks = _refreshed(tmp_path, ["C2,Dana Cruz,2026-02-02 10:00,Empathy,60",
                                        "C3,Dana Cruz,2026-02-03 10:00,Empathy,80",
                                        "C5,Dana Cruz,2022-02-05 10:00,Empathy,90",
                                        "C5,Dana Cruz,2026-02-05 10:00,Empathy,90"])
    # C5 once, on its first row's date (2022: before the session): baseline 60, 80, 90 -> 76.67; no follow-up call
    assert (row["Baseline n"], round(row["Baseline mean"], 2), row["Follow-up n"]) == (3, 76.67, 0)
    said = [r for r in checks if r["Code"] == Code.REPEAT_DATES_DIFFER.value]
    assert [(r["Sheet"], r["Row"], r["Severity"], r["Value"]) for r in said] == [("Scores week", 4, "warning", "C5")]
    assert "row 4: 2022-02-05 10:00" in said[0]["Problem"] and "row 5: 2026-02-05 10:00" in said[0]["Problem"]
    assert "counted once, on 2022-02-05 10:00" in said[0]["Problem"]


def test_an_exact_repeat_is_no_call_with_two_dates(tmp_path):
    _, checks = _refreshed(tmp_path, ["C2,Dana Cruz,2026-02-02 10:00,Empathy,60",
                                      "C2,Dana Cruz,2026-02-02 10:00,Empathy,60"])
    codes = [r["Code"] for r in checks]
    assert Code.DUPLICATE_ROW.value in codes and Code.REPEAT_DATES_DIFFER.value not in codes


def test_one_call_id_on_two_call_dates_by_two_evaluators_is_named_and_two_calls_once_the_ids_differ(tmp_path):
    # call 1001 in 2025 by Lee Park (40) and in 2026 by Kim Roe (100): a call's evaluators share its call date, so the
    # rows are named (it was merged as a calibration unsaid); counted once, on 2025-02-10, with the mean 70: baseline
    # 60, 80, 70 -> 70, no follow-up call
    row, checks = _refreshed(tmp_path, ["C2,Dana Cruz,Lee Park,2026-02-02 10:00,Empathy,60",
                                        "C3,Dana Cruz,Lee Park,2026-02-03 10:00,Empathy,80",
                                        "1001,Dana Cruz,Lee Park,2025-02-10 10:00,Empathy,40",
                                        "1001,Dana Cruz,Kim Roe,2026-02-15 10:00,Empathy,100"],
                             "Call ID,Agent,Evaluator,Start Time,Metric,Score")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"]) == (3, 70, 0)
    said = [r for r in checks if r["Code"] == Code.REPEAT_DATES_DIFFER.value]
    assert [(r["Row"], r["Value"]) for r in said] == [(4, "1001")]
    assert "row 4: 2025-02-10 10:00" in said[0]["Problem"] and "row 5: 2026-02-15 10:00" in said[0]["Problem"]
    assert "make their ids differ" in said[0]["How to fix"]
    # the fix taken: the 2026 call's id made 1001-2026 -> two calls, the follow-up 100 (the baseline as recorded)
    book = tmp_path / "team.xlsx"
    wb = load_workbook(book)
    wb["Scores week"].cell(row=5, column=1, value="1001-2026")
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 100)
    assert Code.REPEAT_DATES_DIFFER.value not in [r["Code"] for r in records(book, "Checks")]


def test_two_evaluators_on_two_call_dates_get_one_note_with_the_score_counted_and_no_calibration_note(tmp_path):
    # call 1001 by Lee Park on 2025-02-10 (40) and by Kim Roe on 2026-02-15 (100): maybe two calls under a reused id,
    # so not said to be a calibration beside the note on its two dates (the two said opposite things); that note
    # names the score counted, their mean (40 + 100) / 2 = 70. C2 on one day by both (60, 80) is a calibration.
    _, checks = _refreshed(tmp_path, ["C2,Dana Cruz,Lee Park,2026-02-02 10:00,Empathy,60",
                                      "C2,Dana Cruz,Kim Roe,2026-02-02 10:00,Empathy,80",
                                      "1001,Dana Cruz,Lee Park,2025-02-10 10:00,Empathy,40",
                                      "1001,Dana Cruz,Kim Roe,2026-02-15 10:00,Empathy,100"],
                           "Call ID,Agent,Evaluator,Start Time,Metric,Score")
    calibrated = [r for r in checks if r["Code"] == Code.CALIBRATION_MERGED.value]
    assert [(r["Sheet"], r["Row"], r["Value"]) for r in calibrated] == [("Scores week", 2, "Lee Park, Kim Roe")]
    [said] = [r for r in checks if r["Code"] == Code.REPEAT_DATES_DIFFER.value]
    assert (said["Sheet"], said["Row"], said["Field"], said["Value"]) == ("Scores week", 4, "Start Time", "1001")
    assert "counted once, on 2025-02-10 10:00 with the mean of its 2 evaluators' scores (70)." in said["Problem"]


def test_calls_on_two_dates_are_counted_by_call_not_by_criterion(tmp_path):
    # 21 calls, each of Empathy and Opening, pasted on 2022-02-14 and again on 2026-02-15: 21 calls to name, the first
    # 20 one by one (SHOWN), then one row for the 1 more (it said 42 pairs: 20 and 22 more)
    lines = [f"X{i},Dana Cruz,{day} 10:00,{crit},100" for day in ("2022-02-14", "2026-02-15") for i in range(21)
             for crit in ("Empathy", "Opening")]
    _, checks = _refreshed(tmp_path, lines, criteria=(("EMP", "Empathy"), ("OPN", "Opening")))
    said = [r for r in checks if r["Code"] == Code.REPEAT_DATES_DIFFER.value]
    assert [r["Value"] for r in said[:20]] == [f"X{i}" for i in range(20)]
    assert len(said) == 21 and said[20]["Problem"].startswith("Scores week: 1 more calls") and "(rows 42)" in \
        said[20]["Problem"]


def test_an_export_dated_by_its_grading_date_alone_names_one_evaluators_rows_only(tmp_path):
    # no call date column: a calibration's evaluators may grade apart (C5: Lee Park on the 5th, Kim Roe on the 6th, one
    # call, mean 70); one evaluator's rows on two dates are named (C6: Lee Park on the 5th and the 6th, once: 90)
    row, checks = _refreshed(tmp_path, ["C2,Dana Cruz,Lee Park,2026-02-02,Empathy,60",
                                        "C5,Dana Cruz,Lee Park,2026-02-05,Empathy,80",
                                        "C5,Dana Cruz,Kim Roe,2026-02-06,Empathy,60",
                                        "C6,Dana Cruz,Lee Park,2026-02-05,Empathy,90",
                                        "C6,Dana Cruz,Lee Park,2026-02-06,Empathy,90"],
                             "Call ID,Agent,Evaluator,Graded on,Metric,Score")
    assert (row["Baseline n"], row["Follow-up n"], row["Follow-up mean"]) == (1, 2, 80)
    said = [r for r in checks if r["Code"] == Code.REPEAT_DATES_DIFFER.value]
    assert [(r["Row"], r["Value"]) for r in said] == [(5, "C6")]
