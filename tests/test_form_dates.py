"""Which column dates a call where an export holds several dates: a Microsoft Forms download's own times (when the
evaluator opened and sent the form) beside the question that asks the call's date; a ``Call time`` column holding
full date-times (an Airtable date field) beside a grading date (``Created``) or alone; a call time of day beside a
grading date.  Each imported into a book with one session and refreshed through the command line, the Follow-up
figures worked out by hand in each test."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

SESSION = {"Session ID": "S-1", "Rep": "Ann Lee", "Session date": dt.date(2026, 3, 10),
           "Targeted criterion": "Greeting", "Calls to review": 3, "Calls needed at threshold": 2}
# (call id, the call's date, its Greeting score): three calls before the session of 2026-03-10, three after
CALLS = [("CALL-1", dt.date(2026, 3, 4), 50), ("CALL-2", dt.date(2026, 3, 5), 60),
         ("CALL-3", dt.date(2026, 3, 9), 70), ("CALL-4", dt.date(2026, 3, 11), 80),
         ("CALL-5", dt.date(2026, 3, 12), 90), ("CALL-6", dt.date(2026, 3, 13), 100)]
LAG = dt.timedelta(days=7, hours=5)  # the evaluator fills the form a week after the call


def _book(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("GRT", "Greeting")], ["Ann Lee"])
    type_log_rows(wb, [SESSION])
    wb.save(book)
    return book


def _refreshed(tmp_path, book, export) -> str:
    done = run("import", book, export)
    assert done.exit_code == 0, done.output
    assert run("refresh", book, "--as-of", "2026-06-01", "-q").exit_code == 0
    return " ".join(done.output.split())


def _figures(book) -> tuple:
    row = records(book, "Follow-up")[0]
    return (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], pytest.approx(row["Follow-up mean"]),
            row["Follow-up calls"])


def _forms_download(tmp_path, question: str = "Call Date/Time"):
    """A Microsoft Forms "Open in Excel" download: the form's ID, Start time, Completion time, Email and Name, then
    the questions (Agent, ``question`` asking the call's date-time, Call ID, Greeting)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Agent", question, "Call ID", "Greeting"])
    for n, (call_id, day, score) in enumerate(CALLS, start=1):
        called = dt.datetime.combine(day, dt.time(10, 15))
        ws.append([n, called + LAG, called + LAG + dt.timedelta(minutes=4), "sam.ortiz@acme.com", "Sam Ortiz",
                   "Ann Lee", called, call_id, score])
        for column in (2, 3, 7):
            ws.cell(ws.max_row, column).number_format = "m/d/yy h:mm:ss"
    path = tmp_path / "QA form(1-6).xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("question", ["Call Date/Time", "Date of call"])
def test_a_forms_question_naming_the_call_date_dates_the_calls_not_the_forms_start_time(tmp_path, question):
    book = _book(tmp_path)
    output = _refreshed(tmp_path, book, _forms_download(tmp_path, question))
    assert f"call_at <- {question}" in output
    # by the call's date: baseline CALL-1..3 = (50 + 60 + 70) / 3 = 60; follow-up CALL-4..6 = (80 + 90 + 100) / 3 = 90.
    # (By the form's Start time, a week later, every call fell after the session: no baseline call.)
    assert _figures(book) == (3, 60, 3, 90, "CALL-4, CALL-5, CALL-6")
    log = records(book, "Log")[0]
    assert (log["Baseline mean"], log["Baseline n"]) == (60, 3)  # recorded on the call dates
    # the form's own Start time is a grading moment, not a second call date to choose between
    assert not [c for c in records(book, "Checks") if c["Code"] == Code.TWO_CALL_DATES.value]


def _airtable(tmp_path, created: bool, suffix: str):
    """An Airtable grid export: Call ID, Agent, ``Call time`` holding each call's date and time (``3/4/2026 3:05pm``
    as text in a CSV, a date-time cell in an .xlsx), Criterion, Score, and with ``created`` the record's creation,
    when the call was graded, six days later."""
    head = ["Call ID", "Agent", "Call time", "Criterion", "Score"] + (["Created"] if created else [])
    rows = []
    for call_id, day, score in CALLS:
        called = dt.datetime.combine(day, dt.time(15, 5))
        rows.append([call_id, "Ann Lee", called, "Greeting", score] + ([called + dt.timedelta(days=6)] if created
                                                                         else []))
    path = tmp_path / f"Reviews-Grid view.{suffix}"
    if suffix == "csv":
        def shown(at):  # (every time here is 15:05)
            return f"{at.month}/{at.day}/{at.year} 3:05pm"
        path.write_text("\n".join(",".join(shown(v) if isinstance(v, dt.datetime) else str(v) for v in row)
                                   for row in [head, *rows]) + "\n", encoding="utf-8")
        return path
    wb = Workbook()
    wb.active.append(head)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("created, suffix", [(True, "csv"), (False, "csv"), (True, "xlsx")])
def test_a_call_time_column_of_full_date_times_is_the_call_date(tmp_path, created, suffix):
    book = _book(tmp_path)
    output = _refreshed(tmp_path, book, _airtable(tmp_path, created, suffix))
    assert "call_at <- Call time" in output
    # each call at its own date and 15:05: baseline CALL-1..3 = (50 + 60 + 70) / 3 = 60; follow-up CALL-4..6 =
    # (80 + 90 + 100) / 3 = 90.  (By Created, six days later, CALL-1 fell on the session day and CALL-2, CALL-3 after
    # it, with the baseline held back; without Created, the export had "no call date column".)
    assert _figures(book) == (3, 60, 3, 90, "CALL-4, CALL-5, CALL-6")
    log = records(book, "Log")[0]
    assert (log["Baseline mean"], log["Baseline n"]) == (60, 3)
    codes = {c["Code"] for c in records(book, "Checks")}
    assert not codes & {Code.GRADING_DATE_USED.value, Code.GRADING_DATE_HOLDS.value, Code.MISSING_COLUMN.value,
                        Code.TWO_CALL_TIMES.value}
    # the column read as the call date is named
    [note] = [c for c in records(book, "Checks") if c["Code"] == Code.LAYOUT_NOTE.value and c["Value"] == "Call time"]
    assert 'column C "Call time" holds full dates and times' in note["Problem"]


def test_a_bare_time_column_of_date_times_never_dates_the_calls(tmp_path):
    """``Time`` (a HeaderMap call time header) holding date-times may be when each review was sent: the rows are
    dated by their grading date (``Created``) with its warning, never by it silently."""
    book = _book(tmp_path)
    export = tmp_path / "reviews.csv"
    export.write_text("Call ID,Agent,Time,Criterion,Score,Created\n" + "".join(
        f"{call_id},Ann Lee,3/9/2026 4:00pm,Greeting,{score},3/9/2026 4:00pm\n" for call_id, _, score in CALLS[:4]),
        encoding="utf-8")
    _refreshed(tmp_path, book, export)
    # dated by Time, all four reviews (50, 60, 70, 80) were before the session of 2026-03-10: a baseline of
    # (50 + 60 + 70 + 80) / 4 = 65 recorded for good; dated by their grading date they hold the baseline instead
    assert Code.GRADING_DATE_HOLDS.value in {c["Code"] for c in records(book, "Checks")}
    log = records(book, "Log")[0]
    assert (log["Baseline mean"], log["Baseline n"]) == (None, None)


def test_a_call_time_of_day_beside_a_grading_date_never_calls_the_grading_date_the_call_date(tmp_path):
    book = _book(tmp_path)
    export = tmp_path / "reviews.csv"
    export.write_text("Call ID,Agent,Call time,Criterion,Score,Created\n" + "".join(
        f"{call_id},Ann Lee,3:05pm,Greeting,{score},{day + dt.timedelta(days=6)} 11:05\n"
        for call_id, day, score in CALLS), encoding="utf-8")
    _refreshed(tmp_path, book, export)
    # the rows are dated by their grading date (no call date column), whose 11:05 differs from the call time 15:05
    said = [c for c in records(book, "Checks") if c["Code"] == Code.TWO_CALL_TIMES.value]
    assert [c["Row"] for c in said] == [2, 3, 4, 5, 6, 7]
    assert "row 2: the grading date gives the time 11:05 and the call time column 15:05" in said[0]["Problem"]
    assert all("call date gives" not in c["Problem"] for c in said)


def test_two_call_dates_name_the_headermap_lines_as_the_headermap_spells_them(tmp_path):
    book = _book(tmp_path)
    export = tmp_path / "calls.csv"
    export.write_text("Call ID,Agent,Call Date/Time,Date,Criterion,Score\n" + "".join(
        f"{call_id},Ann Lee,{day} 10:15,2026-04-01,Greeting,{score}\n" for call_id, day, score in CALLS),
        encoding="utf-8")
    _refreshed(tmp_path, book, export)
    [warning] = [c for c in records(book, "Checks") if c["Code"] == Code.TWO_CALL_DATES.value]
    # "Call Date/Time" is read through the HeaderMap line "call date-time", the line the fix names (no line of the
    # HeaderMap reads "Call Date/Time" as written)
    assert "move the line Field call_at, Export header Date above the line Field call_at, Export header " \
        "call date-time:" in warning["How to fix"]


def test_a_telephony_start_and_completion_time_beside_a_grading_date_still_date_the_calls(tmp_path):
    """No Microsoft Forms download (its header starts ID, Start time, Completion time, Email, Name): a telephony
    export's Start Time is the call's start and dates the calls, its grading ``Date`` named as a second call date."""
    book = _book(tmp_path)
    export = tmp_path / "calls.csv"
    export.write_text("Call ID,Agent,Start Time,Completion Time,Date,Greeting\n" + "".join(
        f"{call_id},Ann Lee,{day} 10:00,{day} 10:07,2026-03-20,{score}\n" for call_id, day, score in CALLS),
        encoding="utf-8")
    output = _refreshed(tmp_path, book, export)
    assert "call_at <- Start Time" in output
    # by Start Time: baseline CALL-1..3 = (50 + 60 + 70) / 3 = 60; follow-up CALL-4..6 = (80 + 90 + 100) / 3 = 90.
    # (By Date, 2026-03-20, every call fell after the session of 2026-03-10: a baseline of 0 calls recorded.)
    assert _figures(book) == (3, 60, 3, 90, "CALL-4, CALL-5, CALL-6")
    assert (records(book, "Log")[0]["Baseline n"]) == 3
    assert [c["Value"] for c in records(book, "Checks") if c["Code"] == Code.TWO_CALL_DATES.value] == ["Date"]


def _moved_to_the_top(book, header: str) -> None:
    """The HeaderMap line Field call_at naming ``header`` moved above the template's first call_at line."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    settings = wb["Settings"]
    field = [c.column for c in settings[1] if c.value == "Field"][0]
    rows = [r for r in range(2, settings.max_row + 1) if settings.cell(row=r, column=field).value == "call_at"]
    [mine] = [r for r in rows if settings.cell(row=r, column=field + 1).value == header]
    top = settings.cell(row=rows[0], column=field + 1).value
    settings.cell(row=rows[0], column=field + 1, value=header)
    settings.cell(row=mine, column=field + 1, value=top)
    wb.save(book)


def test_a_forms_start_time_set_aside_is_said_and_a_headermap_line_moved_to_the_top_dates_the_calls(tmp_path):
    book = _book(tmp_path)
    _refreshed(tmp_path, book, _forms_download(tmp_path))
    # set aside for the question Call Date/Time: a note names the form's Start time and the column dating the calls
    [note] = [c for c in records(book, "Checks") if c["Code"] == Code.LAYOUT_NOTE.value and c["Value"] == "Start time"]
    assert 'column G "Call Date/Time" dates them' in note["Problem"]
    assert "move the line Field call_at, Export header Start Time above every other call_at line" in note["How to fix"]
    book.unlink()
    book = _book(tmp_path)
    _moved_to_the_top(book, "Start Time")
    output = _refreshed(tmp_path, book, _forms_download(tmp_path))
    assert "call_at <- Start time" in output
    # the user's choice: each call a week and 5 hours after its own date (LAG), the session of 2026-03-10 before
    # every one of them (3/4 + 7 d = 3/11 15:15): baseline 0 calls; follow-up the first three after it by Start time,
    # CALL-1..3 = (50 + 60 + 70) / 3 = 60
    assert _figures(book)[:2] == (0, None)
    assert _figures(book)[2:4] == (3, 60)


def _forms_csv(tmp_path, call_time: bool):
    """A Microsoft Forms download saved as CSV: the form's times a week after each call (LAG), and with ``call_time``
    a question ``Call time`` answered with the call's full date and time."""
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Agent"] + (["Call time"] if call_time else [])
    lines = [",".join(head + ["Call ID", "Greeting"])]
    for n, (call_id, day, score) in enumerate(CALLS, start=1):
        called = dt.datetime.combine(day, dt.time(15, 5))
        opened = called + LAG
        lines.append(",".join([str(n), f"{opened:%m/%d/%Y %H:%M}", f"{opened:%m/%d/%Y %H:%M}", "sam@acme.com", "Sam",
                               "Ann Lee"] + ([f"{called:%m/%d/%Y} 3:05pm"] if call_time else []) +
                              [call_id, str(score)]))
    path = tmp_path / "QA form(1-6).csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_forms_call_time_question_of_date_times_dates_the_calls_not_the_forms_start_time(tmp_path):
    book = _book(tmp_path)
    output = _refreshed(tmp_path, book, _forms_csv(tmp_path, call_time=True))
    assert "call_at <- Call time" in output
    # by the Call time question: baseline CALL-1..3 = (50 + 60 + 70) / 3 = 60; follow-up CALL-4..6 =
    # (80 + 90 + 100) / 3 = 90.  (By the form's Start time, a week later, no call fell before the session.)
    assert _figures(book) == (3, 60, 3, 90, "CALL-4, CALL-5, CALL-6")
    log = records(book, "Log")[0]
    assert (log["Baseline mean"], log["Baseline n"]) == (60, 3)
    assert not {Code.TWO_CALL_TIMES.value, Code.GRADING_DATE_USED.value} & {c["Code"] for c in records(book, "Checks")}


def test_a_forms_download_without_a_call_date_question_is_dated_by_its_grading_date_with_the_warning(tmp_path):
    book = _book(tmp_path)
    _refreshed(tmp_path, book, _forms_csv(tmp_path, call_time=False))
    # the form's Start time is when the evaluator opened it (a grading date): its rows hold the baseline (by it,
    # 3/11 20:05 .. 3/20 20:05, every call fell after the session of 2026-03-10: a baseline of 0 calls for good)
    [held] = [c for c in records(book, "Checks") if c["Code"] == Code.GRADING_DATE_HOLDS.value]
    assert held["Field"] == "Start time"
    assert "Completion time" not in held["How to fix"]  # (the form's own time is never offered as the call date)
    log = records(book, "Log")[0]
    assert (log["Baseline mean"], log["Baseline n"]) == (None, None)


def test_an_unreadable_call_time_beside_a_grading_date_never_calls_the_grading_date_the_call_date(tmp_path):
    book = _book(tmp_path)
    export = tmp_path / "reviews.csv"
    export.write_text("Call ID,Agent,Call time,Criterion,Score,Created\nCALL-1,Ann Lee,3:05pm,Greeting,80,"
                      "3/20/2026 11:05\nCALL-2,Ann Lee,3:65pm,Greeting,70,3/20/2026 11:05\n", encoding="utf-8")
    assert run("import", book, export).exit_code == 1  # (an error: the unreadable call time)
    assert run("refresh", book, "--as-of", "2026-06-01", "-q").exit_code == 0
    # row 3's 3:65pm is no time: the call stays at its grading date's 11:05, which is named as the grading date
    [said] = [c for c in records(book, "Checks") if c["Code"] == Code.UNREADABLE_DATE.value and c["Row"] == 3]
    assert "counted at the time its grading date gives, 2026-03-20 11:05" in said["Problem"]
    assert "call date" not in said["Problem"].replace("no call date column", "")
    assert "keep the grading date's time" in said["How to fix"] and "call date" not in said["How to fix"]


def test_a_call_time_cell_giving_another_day_than_the_call_date_is_said(tmp_path):
    book = _book(tmp_path)
    export = tmp_path / "calls.csv"
    export.write_text("Call ID,Agent,Call date,Call time,Greeting\n" + "".join(
        f"{call_id},Ann Lee,{day:%m/%d/%Y},{'3/12/2026 3:05pm' if call_id == 'CALL-3' else '3:05pm'},{score}\n"
        for call_id, day, score in CALLS), encoding="utf-8")
    _refreshed(tmp_path, book, export)
    # CALL-3 (row 4) is counted on its call date, 3/9 15:05, before the session: baseline CALL-1..3 =
    # (50 + 60 + 70) / 3 = 60; follow-up CALL-4..6 = (80 + 90 + 100) / 3 = 90; its call time's 3/12 is said
    assert _figures(book) == (3, 60, 3, 90, "CALL-4, CALL-5, CALL-6")
    [said] = [c for c in records(book, "Checks") if c["Code"] == Code.TWO_CALL_DATES.value]
    assert (said["Row"], said["Value"]) == (4, "3/12/2026 3:05pm")
