"""Settings' As-of date given by a formula: a refresh reads the value the file was saved with, which for a
formula of today's date is the date of that save.  The shapes of today's date moved by whole days or months
are worked out for the refresh's today; any other formula's saved value is used, with a warning; both are
said in Checks and by the command line, with the cell, the formula and the date used."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coachlog_xl import schema
from coachlog_xl.core.asof import AsOfFormula, worked_out
from coachlog_xl.workbook import done
from tests import fidelity_kit as kit
from tests.wbkit import records, run

TODAY = dt.date(2026, 12, 6)  # the day of the refresh; the file was last saved on 2026-11-03
ROW = [s.key for s in schema.SETTINGS_ITEMS].index("as_of") + 2  # B9


def _as_of_formula(path, formula: str, saved: dt.date | None, recalculates: bool = False) -> None:
    """The base workbook with ``formula`` in Settings' As-of date, stored with ``saved`` as its value, as Excel
    saves it (no request to recalculate on opening, unless ``recalculates``); ``saved`` None: with no value, as a
    program that does not calculate formulas (openpyxl) saves it."""
    kit.base_workbook(path)
    z = kit.Zip(path)
    part = z.sheet("Settings")
    value = "" if saved is None else f"<v>{(saved - dt.date(1899, 12, 30)).days}</v>"
    xml, n = re.subn(rf'<c r="B{ROW}" (s="\d+") t="n" ?/>', rf'<c r="B{ROW}" \1><f>{formula}</f>{value}</c>',
                     z.text(part))
    assert n == 1
    z.parts[part] = xml.encode()
    if not recalculates:
        z.parts["xl/workbook.xml"] = re.sub(r'\s*fullCalcOnLoad="1"', "", z.text("xl/workbook.xml")).encode()
    z.save(path)


def _refreshed(tmp_path, monkeypatch, formula: str, saved: dt.date | None = None):
    """The base workbook with ``formula`` in the As-of date (:func:`_as_of_formula`), refreshed on :data:`TODAY`:
    the workbook and the command's result."""
    book = tmp_path / "team.xlsx"
    _as_of_formula(book, formula, saved)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q")
    assert out.exit_code == 0, out.output
    return book, out


def _checks(path, code: str) -> list[dict]:
    return [r for r in records(path, "Checks") if r["Code"] == code]


@pytest.mark.parametrize(("text", "expected"), [
    ("TODAY()", dt.date(2026, 12, 6)),
    ("NOW()", dt.date(2026, 12, 6)),
    ("today( )", dt.date(2026, 12, 6)),
    ("TODAY()-7", dt.date(2026, 11, 29)),  # 6 - 7: the last day but one of November
    ("TODAY() - 6", dt.date(2026, 11, 30)),
    ("EOMONTH(TODAY(),-1)", dt.date(2026, 11, 30)),  # the end of last month
    ("EOMONTH(TODAY(),0)", dt.date(2026, 12, 31)),
    ("EOMONTH( TODAY(), 2 )", dt.date(2027, 2, 28)),  # December + 2: February of a year not a leap year
    ("EOMONTH(TODAY(),-10)", dt.date(2026, 2, 28)),
    ("EOMONTH(TODAY(),-12)", dt.date(2025, 12, 31)),
    ("EOMONTH(TODAY(),-34)", dt.date(2024, 2, 29)),  # 2024 is a leap year
])
def test_the_shapes_of_todays_date_are_worked_out_as_excel_would_on_the_day(text, expected):
    assert worked_out(AsOfFormula(ROW, "B9", text, None), TODAY) == expected


@pytest.mark.parametrize("text", ["TODAY()+7", "WORKDAY(TODAY(),-1)", "EOMONTH(NOW(),-1)", "TODAY()-1.5",
                                  "EDATE(TODAY(),-1)", "Dashboard!B2", "DATE(2026,10,31)", "TODAY()-A1"])
def test_no_other_formula_is_worked_out(text):
    assert worked_out(AsOfFormula(ROW, "B9", text, None), TODAY) is None


def test_end_of_last_month_saved_a_month_ago_is_worked_out_for_the_refresh_day_and_said(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _as_of_formula(book, "EOMONTH(TODAY(),-1)", dt.date(2026, 10, 31))  # its value on 2026-11-03, the last save
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q")
    said = " ".join(out.output.split())
    assert out.exit_code == 0, said
    assert "as of 2026-11-30" in said  # the end of November, not of October
    assert ("Note: Settings B9: As-of date holds the formula =EOMONTH(TODAY(),-1), worked out for today (2026-12-06): "
            "the refresh is as of 2026-11-30. The value the file was saved with (2026-10-31)") in said
    [row] = _checks(book, "as-of-formula-worked-out")
    assert (row["Sheet"], row["Row"], row["Field"], row["Severity"], row["Value"]) == \
        ("Settings", ROW, "As-of date", "info", "=EOMONTH(TODAY(),-1)")
    logged = {r["Session ID"]: r["Baseline recorded on"] for r in records(book, "Log")}
    assert logged == {"S-1": dt.datetime(2026, 11, 30), "S-2": dt.datetime(2026, 11, 30)}


def test_a_shape_saved_without_a_value_is_worked_out_all_the_same(tmp_path, monkeypatch):
    # =TODAY()-7 as openpyxl writes it, with no value: worked out (2026-11-29), where it was read as blank and the
    # refresh ran as of today, recording the baselines as of the wrong day for good
    book, out = _refreshed(tmp_path, monkeypatch, "TODAY()-7")
    assert "as of 2026-11-29" in " ".join(out.output.split())
    [row] = _checks(book, "as-of-formula-worked-out")
    assert row["Problem"].endswith("the refresh is as of 2026-11-29. The file holds no value of it (saved by a "
                                   "program that does not calculate formulas); none is needed.")
    assert _checks(book, "formula-without-value") == []  # (not read as blank)
    logged = {r["Session ID"]: r["Baseline recorded on"] for r in records(book, "Log")}
    assert logged == {"S-1": dt.datetime(2026, 11, 29), "S-2": dt.datetime(2026, 11, 29)}


def test_another_formula_saved_without_a_value_holds_every_baseline(tmp_path, monkeypatch):
    # =DATE(2026,3,1) with no value: not one of the shapes worked out, nothing to read: as an As-of date that cannot
    # be read, the refresh runs as of today and records no baseline (it recorded them as of today, for good)
    book, out = _refreshed(tmp_path, monkeypatch, "DATE(2026,3,1)")
    [bad] = _checks(book, "bad-setting")
    assert (bad["Row"], bad["Field"], bad["Value"]) == (ROW, "As-of date", "=DATE(2026,3,1)")
    assert "not one coachlog works out" in bad["Problem"]
    assert [c["Sheet"] for c in _checks(book, "baseline-not-recorded")] == ["Settings"]
    assert _checks(book, "formula-without-value") == []  # (said once, as the setting)
    assert {r["Baseline recorded on"] for r in records(book, "Log")} == {None}
    assert "The As-of date on Settings cannot be read" in " ".join(out.output.split())  # (the summary says it)
    # with --as-of the cell is not used, and nothing is said of it
    given = run("refresh", book, "--as-of", "2026-11-30", "-q", "--no-cache")
    assert given.exit_code == 0, given.output
    assert _checks(book, "bad-setting") == [] and _checks(book, "formula-without-value") == []


def test_another_formula_s_saved_value_is_used_with_a_warning_even_when_the_file_recalculates_on_opening(
        tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _as_of_formula(book, "WORKDAY(TODAY(),-1)", dt.date(2026, 11, 2), recalculates=True)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q")
    said = " ".join(out.output.split())
    assert out.exit_code == 0, said
    assert "as of 2026-11-02" in said
    assert ("Note: Settings B9: As-of date holds the formula =WORKDAY(TODAY(),-1): the refresh is as of 2026-11-02, "
            "the value the formula had when the file was last saved") in said
    assert "clear the cell to refresh as of today, or pass --as-of YYYY-MM-DD" in said
    [row] = _checks(book, "as-of-formula-saved-value")
    assert (row["Sheet"], row["Row"], row["Severity"], row["Value"]) \
        == ("Settings", ROW, "warning", "=WORKDAY(TODAY(),-1)")
    checked = run("check", book)
    assert "Settings B9: As-of date holds the formula =WORKDAY(TODAY(),-1)" in " ".join(checked.output.split())


def test_as_of_given_on_the_command_line_or_left_blank_is_not_said(tmp_path, monkeypatch):
    book = tmp_path / "team.xlsx"
    _as_of_formula(book, "EOMONTH(TODAY(),-1)", dt.date(2026, 10, 31))
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0 and "as of 2026-04-30" in out.output and "As-of date holds" not in out.output
    assert not _checks(book, "as-of-formula-worked-out")
    blank = tmp_path / "blank.xlsx"
    kit.base_workbook(blank)
    out = run("refresh", blank, "-q")
    assert out.exit_code == 0 and "As-of date holds" not in out.output


def test_an_as_of_date_that_cannot_be_read_is_in_the_summary_only_when_it_is_used(tmp_path, monkeypatch):
    # "next week" in the As-of date: without --as-of the summary says it and that no baseline is recorded; with
    # --as-of the cell is not used, and the summary says nothing of it
    from openpyxl import load_workbook

    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    wb["Settings"][f"B{ROW}"] = "next week"
    wb.save(book)
    monkeypatch.setattr(done, "today", lambda: TODAY)
    out = run("refresh", book, "-q", "--no-cache")
    said = " ".join(out.output.split())
    assert out.exit_code == 0 and "'next week' is not a date" in said and "recorded no baseline" in said
    given = run("refresh", book, "--as-of", "2026-04-30", "-q", "--no-cache")
    said = " ".join(given.output.split())
    assert given.exit_code == 0 and "next week" not in said and "recorded no baseline" not in said
