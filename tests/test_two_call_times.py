"""An export whose Date cell gives a time of day beside a Time column giving another (``2026-03-10 09:15``
and ``14:30``): the call is counted at the Date cell's time, as before, and a warning names the row, both
times and the one used; a Time column that agrees, or fills a date alone, says nothing.  Imported and
refreshed through the command line; windows worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

ACK = "Acknowledges the concern"


def _team(book):
    """The team workbook with one session, on 10 March 2026 at 12:00."""
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Session time": dt.time(12, 0), "Targeted criterion": ACK}])
    wb.save(book)


def test_a_call_date_time_and_a_call_time_that_differ_are_named_with_the_one_used(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    _team(book)
    export.write_text("Call ID,Agent,Date,Time,Metric,Score\n"
                      f"C1,Dana Cruz,2026-03-10 09:15,14:30,{ACK},60\n"  # 09:15 used: before the 12:00 session
                      f"C2,Dana Cruz,2026-03-10 11:00,11:00,{ACK},80\n"  # the two agree: nothing said
                      f"C3,Dana Cruz,2026-03-10,13:00,{ACK},90\n"  # a date alone: the Time column's 13:00
                      f"C4,Dana Cruz,2026-03-11 10:00:30,10:00:45,{ACK},100\n", encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert ("week.csv row 2: the call date gives the time 09:15 and the call time column 14:30; the call is counted "
            "at the call date's, 2026-03-10 09:15.") in imported.output
    assert run("refresh", book, "--as-of", "2026-03-31").exit_code == 0
    row = records(book, "Follow-up")[0]
    # baseline: C1 (09:15) and C2 (11:00), 60 and 80 -> 70; follow-up: C3 (13:00) and C4, 90 and 100 -> 95
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 95)
    said = [(r["Row"], r["Severity"]) for r in records(book, "Checks") if r["Code"] == Code.TWO_CALL_TIMES.value]
    assert said == [(2, "warning"), (5, "warning")]  # C1, and C4 whose seconds differ
    c4 = next(r["Problem"] for r in records(book, "Checks") if r["Code"] == Code.TWO_CALL_TIMES.value and r["Row"] == 5)
    assert "gives the time 10:00:30 and the call time column 10:00:45" in c4


def test_an_excluded_row_s_two_times_are_settled(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    team_book(book, [("ACK", ACK)], ["Dana Cruz"]).save(book)
    export.write_text("Call ID,Agent,Date,Time,Metric,Score,Exclude\n"
                      f"C1,Dana Cruz,2026-03-10 09:15,14:30,{ACK},60,graded twice\n", encoding="utf-8")
    imported = run("import", book, export, "--dry-run")
    assert imported.exit_code == 0, imported.output
    assert "the call date gives the time" not in imported.output


def _silent_follow_up(book, export) -> dict:
    """The Follow-up row of ``book`` with ``export`` imported and refreshed, two call times said nowhere."""
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert "the call date gives the time" not in imported.output
    assert run("refresh", book, "--as-of", "2026-03-31").exit_code == 0
    assert not [r for r in records(book, "Checks") if r["Code"] == Code.TWO_CALL_TIMES.value]
    return records(book, "Follow-up")[0]


def test_a_call_date_at_midnight_beside_a_call_time_is_a_date_alone(tmp_path):
    # 00:00 written in the call date (in a column holding other times of day) is no time of the call: the
    # Time column's 14:30 places it, after the 12:00 session, and nothing is said
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    _team(book)
    export.write_text("Call ID,Agent,Date,Time,Metric,Score\n"
                      f"C0,Dana Cruz,2026-03-09 08:00,,{ACK},70\n"
                      f"C1,Dana Cruz,2026-03-10 00:00,14:30,{ACK},60\n"
                      f"C2,Dana Cruz,2026-03-09 09:15,,{ACK},80\n"
                      f"C3,Dana Cruz,2026-03-11 10:00,10:00,{ACK},100\n", encoding="utf-8")
    row = _silent_follow_up(book, export)
    # baseline: C0 and C2 on the 9th, 70 and 80 -> 75; follow-up: C1 at 14:30 and C3, 60 and 100 -> 80
    # (counted at 00:00, C1 was a baseline call: 3 calls, 70, and a follow-up of C3 alone)
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 75)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 80)


def test_a_midnight_date_time_cell_beside_a_call_time_takes_it(tmp_path):
    # the same in an .xlsx export: a date-time cell at midnight (shown with its 00:00) takes the Time column's
    book, export = tmp_path / "team.xlsx", tmp_path / "week.xlsx"
    _team(book)
    xl = Workbook()
    ws = xl.active
    ws.append(["Call ID", "Agent", "Date", "Time", "Metric", "Score"])
    ws.append(["C0", "Dana Cruz", dt.datetime(2026, 3, 9, 8, 0), None, ACK, 70])
    ws.append(["C1", "Dana Cruz", dt.datetime(2026, 3, 10), dt.time(14, 30), ACK, 60])
    ws.append(["C2", "Dana Cruz", dt.datetime(2026, 3, 10, 9, 15), None, ACK, 80])
    for r in range(2, 5):
        ws.cell(row=r, column=3).number_format = "yyyy-mm-dd hh:mm"
    xl.save(export)
    row = _silent_follow_up(book, export)
    # baseline: C0 (the 9th) and C2 (09:15 on the 10th), 70 and 80 -> 75; follow-up: C1 at 14:30, 60
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 75)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 60)


def test_a_call_date_at_midnight_with_its_call_time_blank_is_a_date_alone_in_csv_and_xlsx(tmp_path):
    # beside a call time column, a call date's 00:00 is no time of the call, its Time cell blank or not, even
    # where another row's call date gives a time (C0's 08:00): C1 is on the session's day without a time, in
    # neither window (domain.md, Windows), in a CSV as in an .xlsx whose date-time cell shows 00:00
    rows = [("C0", dt.datetime(2026, 3, 9, 8, 0), None, 70), ("C1", dt.datetime(2026, 3, 10), None, 60),
            ("C2", dt.datetime(2026, 3, 11, 10, 0), dt.time(10, 0), 100)]
    csv, xlsx = tmp_path / "week.csv", tmp_path / "week.xlsx"
    csv.write_text("Call ID,Agent,Date,Time,Metric,Score\n" + "".join(
        f"{c},Dana Cruz,{d:%Y-%m-%d %H:%M},{t or ''},{ACK},{s}\n" for c, d, t, s in rows), encoding="utf-8")
    xl = Workbook()
    ws = xl.active
    ws.append(["Call ID", "Agent", "Date", "Time", "Metric", "Score"])
    for c, d, t, s in rows:
        ws.append([c, "Dana Cruz", d, t, ACK, s])
        ws.cell(row=ws.max_row, column=3).number_format = "yyyy-mm-dd hh:mm"
    xl.save(xlsx)
    for export in (csv, xlsx):
        book = tmp_path / f"team-{export.suffix[1:]}.xlsx"
        _team(book)
        row = _silent_follow_up(book, export)
        # baseline: C0 alone, 70 (C1 at 00:00 was a baseline call too: 2 calls, 65); follow-up: C2, 100
        assert (row["Baseline n"], row["Baseline mean"]) == (1, 70), export.name
        assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 100), export.name
