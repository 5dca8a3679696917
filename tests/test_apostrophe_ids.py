"""A call id an export writes with the apostrophe that keeps a cell text (``'0012346``) is the call the next
week's export writes without it (``0012346``): an escaped value is the same value (exports.md: ``'-36``).
Imported and refreshed through the command line; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.core import repeats
from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

HEADER = "Call Id,Agent,Call date,Metric,Score\n"


def _two_weeks(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("EMP", "Empathy")], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Targeted criterion": "Empathy"}])
    wb.save(book)
    (tmp_path / "week1.csv").write_text(HEADER + "'0012345,Dana Cruz,2026-03-02 10:00,Empathy,60\n"
                                        "'0012346,Dana Cruz,2026-03-11 10:00,Empathy,70\n", encoding="utf-8")
    (tmp_path / "week2.csv").write_text(HEADER + "0012345,Dana Cruz,2026-03-02 10:00,Empathy,60\n"
                                        "0012346,Dana Cruz,2026-03-11 10:00,Empathy,90\n", encoding="utf-8")
    assert run("import", book, tmp_path / "week1.csv").exit_code == 0
    # the second import already says the conflict it makes with the first week's rows (an error: exit code 1)
    second = run("import", book, tmp_path / "week2.csv")
    assert second.exit_code == 1 and "different scores (70, 90)" in second.output
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    return book


def test_an_id_with_an_apostrophe_in_front_is_the_same_call_without_it(tmp_path):
    book = _two_weeks(tmp_path)
    row = records(book, "Follow-up")[0]
    # baseline: 0012345 pasted in both weeks with 60 is one call (n 1, mean 60, not n 2);
    # follow-up: 0012346 scored 70, then 90, by no named evaluator: a conflict, out of the window (n 0, not 2 at 80)
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (1, 60, 0, None)
    checks = records(book, "Checks")
    [conflict] = [r for r in checks if r["Code"] == Code.CONFLICT.value]
    assert (conflict["Sheet"], conflict["Row"], conflict["Severity"]) == ("Scores week1", 3, "error")
    assert "Scores week1 row 3, Scores week2 row 3" in conflict["Problem"]
    repeated = [(r["Sheet"], r["Row"]) for r in checks if r["Code"] == Code.DUPLICATE_ROW.value]
    assert repeated == [("Scores week2", 2)]
    # the ids are shown as written: the pasted cells and the baseline's calls keep the apostrophe
    assert [r["Call Id"] for r in records(book, "Scores week1")] == ["'0012345", "'0012346"]
    assert records(book, "Baseline")[0]["Calls"] == "'0012345"


def test_excluding_the_superseded_score_of_an_escaped_id_counts_the_other(tmp_path):
    book = _two_weeks(tmp_path)
    wb = load_workbook(book)
    sheet = wb["Scores week1"]
    exclude = [c.value for c in sheet[1]].index("Exclude") + 1
    sheet.cell(row=3, column=exclude, value="superseded grading")  # the 70 of '0012346
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 90)
    assert Code.CONFLICT.value not in [r["Code"] for r in records(book, "Checks")]


def test_call_key_drops_one_apostrophe_in_front_only():
    assert [repeats.call_key(i) for i in ["'0012346", "0012346", "'C-9", "'", "''7", "12'3", 42]] == [
        "12346", "12346", "C-9", "'", "'7", "12'3", 42]
