"""Settings' As-of date typed as text that reads as two real dates (``03/04/2026``) is read in the Settings date
order, as a Log Session date is, and named in Checks with both readings (docs/rules.md, "Moments")."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl import schema
from coachlog_xl.workbook import done
from tests.wbkit import one_rep_book, records, run

ROW = {s.key: i for i, s in enumerate(schema.SETTINGS_ITEMS, start=2)}


def _book(path, as_of: str, order: str | None = None):
    """Bo Park's ten calls at 60 from 2026-02-28 to 03-09, S-1 on 2026-03-10; Settings' As-of date ``as_of``."""
    wb = one_rep_book(path, [(dt.date(2026, 2, 28) + dt.timedelta(days=i), 60) for i in range(10)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10)}])
    wb["Settings"].cell(row=ROW["as_of"], column=2, value=as_of)
    if order is not None:
        wb["Settings"].cell(row=ROW["date_order"], column=2, value=order)
    wb.save(path)


def _said(path) -> list[dict]:
    return [c for c in records(path, "Checks") if c["Code"] == "ambiguous-as-of-date"]


@pytest.mark.parametrize(("order", "read", "other", "recorded"), [
    # month-first: 4 March, before the session on 03-10 (scheduled: nothing recorded); day-first: 3 April
    (None, "2026-03-04", "day-first it would be 2026-04-03", (None, None, None)),
    ("day-first", "2026-04-03", "month-first it would be 2026-03-04", (60, 10, dt.datetime(2026, 4, 3))),
])
def test_an_as_of_text_of_two_readings_is_read_in_the_date_order_and_named(tmp_path, monkeypatch, order, read, other,
                                                                           recorded):
    book = tmp_path / "team.xlsx"
    _book(book, "03/04/2026", order)
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 5, 1))
    out = run("refresh", book, "-q")
    assert out.exit_code == 0, out.output
    assert f"as of {read}" in out.output
    [log] = records(book, "Log")
    assert (log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]) == recorded
    [said] = _said(book)
    assert (said["Sheet"], said["Row"], said["Field"], said["Value"], said["Severity"]) == \
        ("Settings", ROW["as_of"], "As-of date", "03/04/2026", "warning")
    assert said["Problem"].startswith(f'Settings B{ROW["as_of"]}: the As-of date "03/04/2026" is text')
    assert f"as {read}; {other}" in said["Problem"]
    checked = " ".join(run("check", book).output.split())
    assert "ambiguous-as-of-date" in checked and other in checked


def test_an_as_of_text_of_one_reading_or_an_as_of_given_is_not_named(tmp_path, monkeypatch):
    monkeypatch.setattr(done, "today", lambda: dt.date(2026, 5, 1))
    book = tmp_path / "one.xlsx"
    _book(book, "13/04/2026", "day-first")  # no 13th month: one reading
    out = run("refresh", book, "-q")
    assert out.exit_code == 0 and "as of 2026-04-13" in out.output
    assert _said(book) == []
    given = tmp_path / "given.xlsx"
    _book(given, "03/04/2026")  # the cell is not used with --as-of
    out = run("refresh", given, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0 and "as of 2026-04-30" in out.output
    assert _said(given) == []
