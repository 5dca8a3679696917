"""An export's N/A flag column written as other tools write a boolean (``t`` / ``f`` from Postgres and the data
warehouses, ``checked`` / ``unchecked`` from a form's check box) is read as yes and no, and a flag cell saying
neither beside a score is named in Checks with its rows, its score left out, never counted as applicable
without a word.  Imported and refreshed through the command line; expected values worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from coachlog_xl.core import calls, scorewords
from coachlog_xl.core.checks import Code
from tests.test_written_zones import ACK
from tests.test_written_zones import _refreshed as _excluded_refreshed
from tests.wbkit import records, run, team_book, type_log_rows

HEADER = ["gradable_id", "agent_email", "grader", "ticket_created_at", "date_graded", "question_id", "raw_score",
          "max_rubric_score", "is_na"]


def _refreshed(tmp_path, flags: list[tuple[int, object]]):
    """A MaestroQA-like export of calls G1, G2, ... before the session of 2026-03-10 (points, N/A flag each)."""
    book, export = tmp_path / "team.xlsx", tmp_path / "maestro.csv"
    wb = team_book(book, [("EMP", "Empathy")], [("Dana Cruz", "dana@acme.test")])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Targeted criterion": "Empathy"}])
    wb.save(book)
    with open(export, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows([f"G{i}", "dana@acme.test", "Ann Lee", f"2026-03-0{i} 10:00", f"2026-03-0{i + 1}", "Empathy",
                       points, 5, flag] for i, (points, flag) in enumerate(flags, start=1))
    imported = run("import", book, export)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    return imported, records(book, "Follow-up")[0], records(book, "Checks")


def test_t_f_checked_and_unchecked_flags_are_read_as_yes_and_no(tmp_path):
    imported, row, checks = _refreshed(tmp_path, [(4, "f"), (0, "t"), (5, "F"), (0, "checked"), (3, "unchecked"),
                                                  (0, "T")])
    # G2, G4 and G6 are not applicable (their 0 is no score); G1 4/5 = 80, G3 5/5 = 100, G5 3/5 = 60:
    # baseline n 3, mean (80 + 100 + 60) / 3 = 80 (not n 6, mean 40 with the three 0s counted)
    assert imported.exit_code == 0, imported.output
    assert (row["Baseline n"], row["Baseline mean"]) == (3, 80)
    assert Code.UNREADABLE_NA_FLAG.value not in [r["Code"] for r in checks]


def test_a_flag_neither_yes_nor_no_beside_a_score_is_named_with_its_rows_and_the_score_left_out(tmp_path):
    imported, row, checks = _refreshed(tmp_path, [(4, "f"), (0, "#N/A"), (5, "-"), (2, "#N/A"), (0, "unknown"),
                                                  (None, "#N/A")])
    # counted: G1 4/5 = 80 and G3 5/5 = 100 (a dash is a blank flag) -> n 2, mean 90; G2 and G4 (#N/A, a lookup
    # that failed) and G5 ("unknown") left out, named per value; G6 has no score to leave out, so it is not named
    assert imported.exit_code == 1 and 'the N/A flag "#N/A" is neither yes nor no' in imported.output
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 90)
    named = [(r["Severity"], r["Sheet"], r["Row"], r["Field"], r["Value"]) for r in checks
             if r["Code"] == Code.UNREADABLE_NA_FLAG.value]
    # (the N/A flag column as the export heads it)
    assert named == [("error", "Scores maestro", 3, "is_na", "#N/A"), ("error", "Scores maestro", 6, "is_na",
                                                                       "unknown")]
    problems = [r["Problem"] for r in checks if r["Code"] == Code.UNREADABLE_NA_FLAG.value]
    assert "(2 rows: 3, 5)" in problems[0] and "(1 row: 6)" in problems[1]
    # the left-out rows are before the session: its baseline waits for them, as for an unreadable score
    assert Code.BASELINE_HELD.value in [r["Code"] for r in checks]


def test_true_and_false_as_excel_writes_them_in_other_languages_are_read_as_yes_and_no(tmp_path):
    # a German Excel saves a CSV's booleans as WAHR / FALSCH, a French one as VRAI / FAUX
    imported, row, checks = _refreshed(tmp_path, [(4, "FALSCH"), (0, "WAHR"), (2, "faux"), (0, "Vrai"), (5, "FALSO")])
    # G2 and G4 are not applicable; G1 4/5 = 80, G3 2/5 = 40, G5 5/5 = 100: n 3, mean 220 / 3 = 73.3
    # (before: all five named as neither yes nor no, their scores left out and the baseline held)
    assert imported.exit_code == 0, imported.output
    assert (row["Baseline n"], round(row["Baseline mean"], 1)) == (3, 73.3)
    assert Code.UNREADABLE_NA_FLAG.value not in [r["Code"] for r in checks]


@pytest.mark.parametrize(("text", "na", "read"), [
    ("WAHR", True, True), ("Verdadero", True, True), ("VERO", True, True), ("DO\u011eRU", True, True),
    ("\u0418\u0421\u0422\u0418\u041d\u0410", True, True), ("FALSCH", False, True), ("ONWAAR", False, True),
    ("EP\u00c4TOSI", False, True), ("FA\u0141SZ", False, True), ("\u041b\u041e\u0416\u042c", False, True),
    ("wahrscheinlich", False, False), ("faux pas", False, False),
    ("t", True, True), ("'T", True, True), ("Checked", True, True), ("ticked", True, True), ("TRUE", True, True),
    ("f", False, True), ("unchecked", False, True), ("FALSE", False, True), ("", False, True), ("NULL", False, True),
    ("\u2610", False, True),  # an empty ballot box
    ("-", False, True), ("#N/A", False, False), ("\u2612", False, False), ("\u2717", False, False),
    ("tt", False, False), ("yes'", False, False),
])
def test_flag_words_read_as_yes_no_or_neither(text, na, read):
    assert (scorewords.marks_not_applicable(text), scorewords.flag_read(text)) == (na, read)


def test_false_in_other_languages_is_no_reason_to_exclude(tmp_path):
    # an export's excluded column saved by Excel in German and French: FALSCH, FAUX, FALSE are no reason (b1, b2
    # baseline (40 + 60) / 2 = 50;
    # f1 follow-up 90), 'duplicate grading' is one (f2 left out).  FALSCH and FAUX left b1 and f1 out before
    row = _excluded_refreshed(tmp_path, {"Session date": dt.date(2025, 3, 10)}, None, [
        ("b1", "Dana Cruz", "2025-03-08 10:00", ACK, 40, "FALSCH"),
        ("b2", "Dana Cruz", "2025-03-08 11:00", ACK, 60, "FALSE"),
        ("f1", "Dana Cruz", "2025-03-11 10:00", ACK, 90, "FAUX"),
        ("f2", "Dana Cruz", "2025-03-11 11:00", ACK, 10, "duplicate grading")],
        "call_id,agent_name,call_start_time,question,score,excluded")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 50, 1, 90)
    assert row["Follow-up calls"] == "f1"


def test_the_exclude_column_takes_false_in_other_languages_and_nothing_else_of_the_flag_words():
    assert {"falsch", "faux", "falso", "onwaar", "falskt"} <= calls.NOT_A_REASON
    # TRUE in other languages, and t / f and checked / unchecked (a flag column's words), stay reasons
    assert not {"wahr", "vrai", "verdadero", "t", "f", "checked", "unchecked"} & calls.NOT_A_REASON
