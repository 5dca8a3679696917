"""An .xlsx export saved in the 1904 date system (Excel for Mac's option) whose date column holds
unformatted numbers (serials, days from 1904-01-01) is read in its own date system: the calls fall on
the days the export means, not 1,462 days (4 years and 1 day) earlier, and the import writes them into
the workbook as those dates.  Imported and refreshed through the command line; days worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from tests.wbkit import records, run, team_book, type_log_rows

ACK = "Acknowledges the concern"
# days from 1904-01-01: 2026-01-01 is 122 years on, 31 of them leap (1904, 1908 .. 2024): 122 x 365 + 31 = 44561
JAN_1_2026 = 44561


def _export_1904(path, serials: list[float], scores: list[int], graded: list[float] | None = None):
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["Call ID", "Agent", "Call date", "Metric", "Score", "Graded on"])
    for i, (serial, score) in enumerate(zip(serials, scores), start=1):
        ws.append([f"C{i}", "Dana Cruz", serial, ACK, score, (graded or serials)[i - 1]])  # numbers, no date format
    wb.save(path)
    assert 'date1904="1"' in __import__("zipfile").ZipFile(path).read("xl/workbook.xml").decode()
    return path


def _session_book(tmp_path):
    """A team workbook with one session on 4 February 2026 (date only): calls of 2-3 February are its baseline, of
    5-6 February its follow-up."""
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": ACK}])
    wb.save(book)
    return book


def _refreshed_70_and_95(book):
    """Refreshed: C1 60 and C2 80 (2 and 3 February) the baseline, C3 90 and C4 100 (5 and 6 February) the
    follow-up; read as 1900 serials all four would fall in February 2022, before the session: a baseline of 4."""
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 95)


def test_serials_of_a_1904_export_are_its_days(tmp_path):
    book = _session_book(tmp_path)
    # 1 February 2026 is 31 days after 1 January: serial 44592; 2 February at 10:30 is 44593 + 0.4375
    feb = JAN_1_2026 + 31
    export = _export_1904(tmp_path / "mac.xlsx", [feb + 1.4375, feb + 2.4375, feb + 4.4375, feb + 5.4375],
                          [60, 80, 90, 100])
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    rows = records(book, "Scores mac")
    assert [r["Call date"] for r in rows] == [dt.datetime(2026, 2, d, 10, 30) for d in (2, 3, 5, 6)]
    assert [r["Graded on"] for r in rows] == [dt.datetime(2026, 2, d, 10, 30) for d in (2, 3, 5, 6)]
    _refreshed_70_and_95(book)
    wb = load_workbook(book)
    assert wb.epoch != CALENDAR_MAC_1904  # the team workbook counts from 1900: the cells hold dates, not numbers


def test_the_import_s_dry_run_reads_them_so_too(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [("ACK", ACK)], ["Dana Cruz"]).save(book)
    export = _export_1904(tmp_path / "mac.xlsx", [JAN_1_2026 + 31 + 1.5], [80])
    dry = run("import", book, export, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert run("import", book, export).exit_code == 0
    assert records(book, "Scores mac")[0]["Call date"] == dt.datetime(2026, 2, 2, 12, 0)


def team_1904(book):
    """The team's own workbook saved in the 1904 date system, a session on 4 February 2026, and its Scores' call
    dates pasted as plain numbers: 60 and 80 on 2 and 3 February, 90 and 100 on 5 and 6 February, at 10:30."""
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    wb.epoch = CALENDAR_MAC_1904
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": ACK}])
    scores = wb["Scores"]
    head = [c.value for c in scores[1]]
    feb = JAN_1_2026 + 31  # 1 February 2026, days from 1904-01-01 (see above)
    for r, (day, score) in enumerate([(2, 60), (3, 80), (5, 90), (6, 100)], start=2):
        for key, value in {"Call ID": f"C{r}", "Rep": "Dana Cruz", "Call date": feb + day - 1 + 0.4375,
                           "Criterion": ACK, "Score": score}.items():
            scores.cell(row=r, column=head.index(key) + 1, value=value).number_format = "General"
    wb.save(book)
    return book


def test_date_numbers_typed_in_a_1904_workbook_s_scores_are_its_days(tmp_path):
    book = team_1904(tmp_path / "team.xlsx")
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    row = records(book, "Follow-up")[0]
    # 2 and 3 February before the session (60, 80 -> 70), 5 and 6 after (90, 100 -> 95); read from 1900 they were
    # all in February 2022
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 95)


def test_a_time_alone_in_a_1904_export_s_date_column_is_no_date(tmp_path):
    # 0.4375 is 10:30 with no day: no serial of either system, so an unreadable date as in a 1900 export,
    # not a call on 1904-01-01 (day 0 of the 1904 system) at 10:30
    book = tmp_path / "team.xlsx"
    team_book(book, [("ACK", ACK)], ["Dana Cruz"]).save(book)
    export = _export_1904(tmp_path / "mac.xlsx", [JAN_1_2026 + 31 + 1.5, 0.4375, 1.0], [80, 70, 60])
    imported = run("import", book, export)
    assert imported.exit_code == 1, imported.output  # (an error named: the rows are added all the same)
    # 1.0 is 1904-01-02, the first serial of the system: a date (far too early, but a day the cell writes)
    assert [r["Call date"] for r in records(book, "Scores mac")] == [
        dt.datetime(2026, 2, 2, 12, 0), 0.4375, dt.datetime(1904, 1, 2)]
    assert "error: mac.xlsx row 3: the call date 0.4375 is not a date" in imported.output
    assert "row 4" not in imported.output


def _imported_1904(tmp_path, rows: list[list]):
    """The rows written into an .xlsx export saved in the 1904 date system, imported into :func:`_session_book`'s
    workbook: (the workbook, its rows of the sheet the import wrote, Scores mac)."""
    book = _session_book(tmp_path)
    out = Workbook()
    out.epoch = CALENDAR_MAC_1904
    for row in rows:
        out.active.append(row)
    out.save(export := tmp_path / "mac.xlsx")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    return book, records(book, "Scores mac")


def test_the_date_column_the_refresh_reads_is_the_one_moved_from_1904(tmp_path):
    # two call date columns: call_start_time (first in Settings' order, but empty) and Start Time (the serials).
    # The refresh reads Start Time (an empty column gives way to a filled one), so the import moves Start Time's
    # serials from 1904: C1-C4 on 2, 3, 5 and 6 February 2026 at 10:30, not 1,462 days earlier
    feb = JAN_1_2026 + 31  # serial of 1 February 2026
    book, cells = _imported_1904(tmp_path,
                                 [["Call ID", "Agent", "call_start_time", "Start Time", "Metric", "Score"]] + [
        [f"C{i}", "Dana Cruz", None, feb + day - 1 + 0.4375, ACK, score]
        for i, (day, score) in enumerate(zip((2, 3, 5, 6), (60, 80, 90, 100)), start=1)])
    assert [r["Start Time"] for r in cells] == [dt.datetime(2026, 2, d, 10, 30) for d in (2, 3, 5, 6)]
    _refreshed_70_and_95(book)


def test_a_second_header_block_of_a_1904_export_has_its_own_date_column_moved(tmp_path):
    # C1, C2 under one header (Call date third), C3, C4 under a second whose Call date is last: each block's
    # serials are moved in its own date column (2, 3, 5 and 6 February 2026 at 10:30), the 2nd block's not left
    # 1,462 days early by the first header's positions
    feb = JAN_1_2026 + 31  # serial of 1 February 2026
    book, cells = _imported_1904(tmp_path, [
        ["Call ID", "Agent", "Call date", "Metric", "Score"],
        ["C1", "Dana Cruz", feb + 1.4375, ACK, 60], ["C2", "Dana Cruz", feb + 2.4375, ACK, 80],
        ["Call ID", "Agent", "Metric", "Score", "Call date"],
        ["C3", "Dana Cruz", ACK, 90, feb + 4.4375], ["C4", "Dana Cruz", ACK, 100, feb + 5.4375]])
    # (records are keyed by the first header: the second's Call date is under Score)
    assert [cells[0]["Call date"], cells[1]["Call date"]] == [dt.datetime(2026, 2, d, 10, 30) for d in (2, 3)]
    assert [cells[3]["Score"], cells[4]["Score"]] == [dt.datetime(2026, 2, d, 10, 30) for d in (5, 6)]
    _refreshed_70_and_95(book)
