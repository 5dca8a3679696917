"""Call dates as exports made in other locales write them (exports.md, "Values: dates"; domain.md, "Bad input":
dates as text in several formats): month names of other languages (``4 mars 2025``, ``5. März 2025``,
``6 de marzo de 2025``), an ISO date followed by its weekday (``2025-03-07 (Friday)``, ``2025-03-13 Donnerstag``),
and dates written with dots after a weekday or before a comma (``Tue 11.03.2025``, ``12.03.2025, 14:30``), which
are day-first wherever dots are written.  Each was an unreadable date, or (the dotted ones) read in the Settings'
month-first order: 11 March as 3 November.  Once readable, a weekday of those languages before a slashed date
(``mardi 04/03/2025``) proved no date order, as ``Tue 04/03/2025`` does, and one before an ISO date (``Dienstag
2025-03-04``) let a day-first Settings read it year-day-month: each on the wrong day, silently."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coachlog_xl.core import coerce
from tests.session_kit import one_session_book
from tests.wbkit import records, run


def _imported(tmp_path, lines: list[str], order: str | None = None, session=dt.date(2025, 3, 10)) -> tuple:
    """An export of ``lines`` imported into a book of one session on ``session`` (``order``: its Settings date
    order) and refreshed as of 2025-03-31: its Follow-up row and its Checks."""
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=session, criterion="Empathy")
    if order:
        wb = load_workbook(book)
        [cells] = [r for r in wb["Settings"].iter_rows(min_row=2, max_col=2) if r[0].value == "Date order"]
        cells[1].value = order
        wb.save(book)
    export.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert run("refresh", book, "--as-of", "2025-03-31", "--no-backup", "-q").exit_code == 0
    [row] = records(book, "Follow-up")
    return row, records(book, "Checks")


def test_an_export_of_other_locales_dates_is_imported_and_counted_on_its_days(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2025, 3, 10), criterion="Empathy")
    export.write_text("Call ID,Agent,Call date,Criterion,Score\n"
                      "K-1,Dana Cruz,4 mars 2025,Empathy,60\n"
                      "K-2,Dana Cruz,5. März 2025,Empathy,70\n"
                      "K-3,Dana Cruz,6 de marzo de 2025,Empathy,80\n"
                      "K-4,Dana Cruz,2025-03-07 (Friday),Empathy,90\n"
                      "K-5,Dana Cruz,Tue 11.03.2025,Empathy,50\n"
                      "K-6,Dana Cruz,\"12.03.2025, 14:30\",Empathy,40\n"
                      "K-7,Dana Cruz,2025-03-13 Donnerstag,Empathy,30\n"
                      "K-8,Dana Cruz,ven. 14 mars 2025,Empathy,20\n", encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0 and "unreadable" not in imported.output, imported.output
    assert run("refresh", book, "--as-of", "2025-03-31", "--no-backup", "-q").exit_code == 0
    assert not [c for c in records(book, "Checks") if c["Code"] in ("unreadable-date", "date-order-of-paste")]
    # session 2025-03-10 (date only): K-1..K-4 on 4-7 March before it (60, 70, 80, 90: mean 75), K-5..K-8 on
    # 11-14 March after it (50, 40, 30, 20: mean 35); the cells stay as exported
    [row] = records(book, "Follow-up")
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (4, 75, 4, 35)
    [base] = records(book, "Baseline")
    assert (base["First call"], base["Last call"]) == (dt.datetime(2025, 3, 4), dt.datetime(2025, 3, 7))
    assert [r["Call date"] for r in records(book, "Scores export")][5] == "12.03.2025, 14:30"


@pytest.mark.parametrize(("raw", "at"), [
    ("4 févr. 2025", dt.datetime(2025, 2, 4)),
    ("4 Mär 2025", dt.datetime(2025, 3, 4)),
    ("mar. 4 mars 2025", dt.datetime(2025, 3, 4)),  # (mardi's "mar." beside mars: the weekday)
    ("4 mar 2025", dt.datetime(2025, 3, 4)),  # (alone, "mar" is March)
    ("martes, 4 de marzo de 2025 10:30", dt.datetime(2025, 3, 4, 10, 30)),
    ("13 déc. 2024 à 14:05", dt.datetime(2024, 12, 13, 14, 5)),
    ("4 maggio 2025", dt.datetime(2025, 5, 4)),
    ("4 de maio de 2025", dt.datetime(2025, 5, 4)),
    ("4 mei 2025", dt.datetime(2025, 5, 4)),
    ("Di., 04.03.2025, 10:00", dt.datetime(2025, 3, 4, 10)),
    ("04.03.2025.", dt.datetime(2025, 3, 4)),
    ("4. Mrz 2025", dt.datetime(2025, 3, 4)),  # (German's three-letter March)
    ("4. März 2025 10:30 Uhr", dt.datetime(2025, 3, 4, 10, 30)),
    ("mié, 5 de marzo de 2025", dt.datetime(2025, 3, 5)),  # (short weekdays: 5 March 2025 a Wednesday, ...)
    ("gio 6 marzo 2025", dt.datetime(2025, 3, 6)),
    ("vie. 7 mar. 2025", dt.datetime(2025, 3, 7)),
    ("sáb 8 mar 2025", dt.datetime(2025, 3, 8)),
    ("ter, 4 de março de 2025", dt.datetime(2025, 3, 4)),
])
def test_a_date_in_other_words_reads_one_way_in_either_date_order(raw, at):
    for order in ("month-first", "day-first"):
        read = coerce.moment(raw, order)
        assert (read.at, read.weekday) == (at, None)  # (each weekday written is its date's)


@pytest.mark.parametrize(("raw", "day_first", "month_first"), [
    ("04.03.2025 um 10:30 Uhr", (dt.datetime(2025, 3, 4, 10, 30), None), (dt.datetime(2025, 3, 4, 10, 30), None)),
    # 4 March 2025 a Tuesday, 3 April a Thursday: read in the Settings' order, a weekday not its date's said
    ("04/03/2025 (Tuesday)", (dt.datetime(2025, 3, 4), None), (dt.datetime(2025, 4, 3), "Tuesday")),
    ("04/03/2025 mardi", (dt.datetime(2025, 3, 4), None), (dt.datetime(2025, 4, 3), "mardi")),
    ("05/03/2025 à 10h30", (dt.datetime(2025, 3, 5, 10, 30), None), (dt.datetime(2025, 5, 3, 10, 30), None)),
    # a weekday between the date and its time is weighed too (3 April 2025 a Thursday; sexta is Friday)
    ("04/03/2025 (Tue) 10:30", (dt.datetime(2025, 3, 4, 10, 30), None), (dt.datetime(2025, 4, 3, 10, 30), "Tue")),
    ("04/03/25 ter 10:30", (dt.datetime(2025, 3, 4, 10, 30), None), (dt.datetime(2025, 4, 3, 10, 30), "ter")),
    ("04/03/2025 sex 10:30 PM", (dt.datetime(2025, 3, 4, 22, 30), "sex"), (dt.datetime(2025, 4, 3, 22, 30), "sex")),
])
def test_a_weekday_or_words_after_a_slashed_date_leave_its_time(raw, day_first, month_first):
    for order, want in (("day-first", day_first), ("month-first", month_first)):
        read = coerce.moment(raw, order)
        assert (read.at, read.weekday) == want


@pytest.mark.parametrize("raw", ["4 xyz 2025", "4 mars", "2025-03-04 (soon)", "04/03/2025 (soon)"])
def test_a_text_no_language_makes_a_date_of_stays_unreadable(raw):
    with pytest.raises(coerce.Unreadable, match="not a date|has no year|unreadable time"):
        coerce.moment(raw)


def test_a_weekday_of_another_language_before_a_slashed_date_proves_its_order(tmp_path):
    row, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score",
                                       "K-1,Dana Cruz,mardi 04/03/2025,Empathy,60",
                                       "K-2,Dana Cruz,mercredi 05/03/2025,Empathy,70",
                                       "K-3,Dana Cruz,jeudi 13/03/2025,Empathy,80",
                                       "K-4,Dana Cruz,vendredi 14/03/2025,Empathy,90"])
    # 13/03 proves day-first against the Settings' month-first: 4 and 5 March before the session of 10 March
    # (60, 70: mean 65), 13 and 14 March after it (80, 90: mean 85); read month-first, 04/03 and 05/03 were
    # 3 April and 3 May, after the as-of date, and the baseline empty
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)
    [order] = [c for c in checks if c["Code"] == "date-order-of-paste"]
    assert (order["Row"], order["Value"]) == (4, "jeudi 13/03/2025") and "read day-first" in order["Problem"]


@pytest.mark.parametrize("texts", [
    ["Dienstag 2025-03-04", "Mittwoch 2025-03-05", "Donnerstag 2025-03-13", "Freitag 2025-03-14"],
    ["mardi 2025-03-04", "mercredi 2025-03-05", "jeudi 2025-03-13 10:30", "vendredi 2025-03-14"],
    ["Tuesday 2025-03-04", "Wednesday 2025-03-05", "Thursday 2025-03-13", "Friday 2025-03-14"],
])
def test_a_weekday_before_an_iso_date_is_year_month_day_under_a_day_first_settings(tmp_path, texts):
    scores = [60, 70, 80, 90]
    row, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score",
                                       *(f"K-{i},Dana Cruz,{t},Empathy,{s}" for i, (t, s) in
                                         enumerate(zip(texts, scores), start=1))], order="day-first")
    # 4 and 5 March before the session (mean 65), 13 and 14 March after it (mean 85); read year-day-month,
    # 2025-03-04 was 3 April (after the as-of date) and the baseline empty
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)
    assert not [c for c in checks if c["Code"] in ("unreadable-date", "after-as-of")]


def test_a_session_date_after_a_weekday_of_another_language_that_reads_two_ways_is_named(tmp_path):
    book = tmp_path / "team.xlsx"
    # 10 March 2025 month-first (the Settings order), 3 October day-first
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date="lundi 03/10/2025", criterion="Empathy")
    assert run("refresh", book, "--as-of", "2025-12-31", "--no-backup", "-q").exit_code == 0
    [two_ways] = [c for c in records(book, "Checks") if c["Code"] == "ambiguous-session-date"]
    assert (two_ways["Row"], two_ways["Value"]) == (2, "lundi 03/10/2025")
    assert "as 2025-03-10; day-first it would be 2025-10-03" in two_ways["Problem"]


def test_a_call_written_as_a_range_of_times_is_at_its_start(tmp_path):
    row, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score",
                                       "K-1,Dana Cruz,4 mars 2025 de 10:00 à 10:20,Empathy,60",
                                       "K-2,Dana Cruz,4 mars 2025 de 10:30 à 11:00,Empathy,70",
                                       "K-3,Dana Cruz,4 mars 2025 de 11:00 à 11:30,Empathy,80",
                                       "K-4,Dana Cruz,5 mars 2025 de 9:00 à 9:30,Empathy,90"],
                            session=dt.datetime(2025, 3, 4, 10, 45))
    # the session at 10:45: K-1 and K-2 began before it (60, 70: mean 65), K-3 and K-4 after (80, 90: mean 85);
    # read at its end, 11:00, K-2 was after it
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)
    assert not [c for c in checks if c["Code"] == "unreadable-date"]


def test_a_weekday_that_is_not_its_dates_is_named_with_its_rows(tmp_path):
    row, checks = _imported(tmp_path, ["Call ID,Agent,Call date,Criterion,Score",
                                       "K-1,Dana Cruz,mardi 4 mars 2025,Empathy,60",
                                       "K-2,Dana Cruz,vendredi 5 mars 2025,Empathy,70",
                                       "K-3,Dana Cruz,2025-03-13 (Thursday),Empathy,80",
                                       "K-4,Dana Cruz,Monday 14 March 2025,Empathy,90"])
    # 4 March 2025 is a Tuesday (right), 5 March a Wednesday (not a Friday), 13 March a Thursday (right), 14 March a
    # Friday (not a Monday): rows 3 and 5 named; each read on its date, 65 before the session and 85 after
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 65, 2, 85)
    [said] = [c for c in checks if c["Code"] == "weekday-not-its-date"]
    assert (said["Sheet"], said["Row"], said["Value"], said["Severity"]) == (
        "Scores export", 3, "vendredi 5 mars 2025", "warning")
    assert "rows 3, 5" in said["Problem"] and "2025-03-05 is a Wednesday, not vendredi" in said["Problem"]
