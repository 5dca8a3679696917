"""Call dates as exports made in other locales write them (exports.md, "Values: dates"; domain.md, "Bad input":
dates as text in several formats): month names of other languages (``4 mars 2025``, ``5. März 2025``,
``6 de marzo de 2025``), an ISO date followed by its weekday (``2025-03-07 (Friday)``, ``2025-03-13 Donnerstag``),
and dates written with dots after a weekday or before a comma (``Tue 11.03.2025``, ``12.03.2025, 14:30``), which
are day-first wherever dots are written.  Each was an unreadable date, or (the dotted ones) read in the Settings'
month-first order: 11 March as 3 November."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce
from tests.session_kit import one_session_book
from tests.wbkit import records, run


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
])
def test_a_date_in_other_words_reads_one_way_in_either_date_order(raw, at):
    for order in ("month-first", "day-first"):
        assert coerce.moment(raw, order).at == at


@pytest.mark.parametrize("raw", ["4 xyz 2025", "4 mars", "2025-03-04 (soon)"])
def test_a_text_no_language_makes_a_date_of_stays_unreadable(raw):
    with pytest.raises(coerce.Unreadable, match="not a date|has no year"):
        coerce.moment(raw)
