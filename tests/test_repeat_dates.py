"""One call pasted twice with two call dates (a 1904 workbook's dates misread and re-imported, or a typo): counted
once, on the first row's date, and said in Checks with both rows and both dates.  Imported and refreshed through the
command line; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows


def _refreshed(tmp_path, lines: list[str]):
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    wb = team_book(book, [("EMP", "Empathy")], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": "Empathy"}])
    wb.save(book)
    export.write_text("Call ID,Agent,Start Time,Metric,Score\n" + "".join(f"{line}\n" for line in lines),
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
