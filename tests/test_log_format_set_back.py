"""A number format a supervisor gave the Log's grey baseline cells before the refresh records the baseline
there: one that shows the value as its kind (0.00 on a mean, 0 "calls" on a count, dd mmm yyyy on the date)
is kept, as is a fill; one of another kind (a percent, Text) would show the value wrong, so it is set back to
the column's, and Checks names each such cell with the format it had and what it would have shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from coachlog_xl import api
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from tests import fidelity_kit as kit

AS_OF = dt.date(2026, 3, 31)
YELLOW = "00FFFF00"
# the grey columns: Baseline mean (AA), Baseline n (AB), Baseline recorded on (AC); S-1 in row 2, S-2 in row 3
GIVEN = {"AA2": "0.0%", "AB2": "0%", "AC2": "@", "AA3": "0.00", "AB3": '0 "calls"', "AC3": "dd mmm yyyy"}


def _formatted(path: Path) -> None:
    kit.base_workbook(path)
    wb = load_workbook(path)
    log = wb["Log"]
    for ref, code in GIVEN.items():
        log[ref].number_format = code
    log["AA2"].fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(path)


def test_a_percent_or_text_format_on_the_grey_log_cells_is_set_back_and_named_on_checks(tmp_path):
    path = tmp_path / "team.xlsx"
    _formatted(path)

    result = api.refresh_file(path, AS_OF, backup=False, cache=False)

    log = load_workbook(path)["Log"]
    # set back: the kind's formats (a mean 0.0, a count 0, a date yyyy-mm-dd); kept: the others, and the fill
    assert {ref: log[ref].number_format for ref in GIVEN} == {
        "AA2": "0.0", "AB2": "0", "AC2": "yyyy-mm-dd", "AA3": "0.00", "AB3": '0 "calls"', "AC3": "dd mmm yyyy"}
    assert log["AA2"].fill.fgColor.rgb == YELLOW
    mean = sum(kit.BEFORE[-10:]) / 10  # the last ten calls before the session: 647 / 10 = 64.7
    assert (log["AA2"].value, log["AB2"].value) == (mean, 10) and log["AC2"].value.date() == AS_OF
    named = result.checks[result.checks["code"] == "log-format-set-back"]
    assert [(r.severity, r.sheet, r.row, r.field, r.value) for r in named.itertuples()] == [
        ("info", "Log", 2, "Baseline mean", "0.0%"), ("info", "Log", 2, "Baseline n", "0%"),
        ("info", "Log", 2, "Baseline recorded on", "@")]
    serial = (AS_OF - dt.date(1899, 12, 30)).days  # Excel's day number of 2026-03-31: 46112
    problems = list(named["problem"])
    assert problems[0].startswith("Log AA2 (Baseline mean): the number format 0.0% given to the cell is set "
                                  "back to 0.0")
    assert problems[0].endswith("0.0% would show 64.7 as 6470 %.")
    assert problems[1].endswith("0% would show 10 as 1000 %.")
    assert problems[2].endswith(f"@ would show the date 2026-03-31 as its serial number, {serial}.")
    assert result.summary["checks"].get("info") == 3  # (the stamp counts them)


def test_coachlog_check_names_the_formats_the_next_refresh_sets_back(tmp_path):
    path = tmp_path / "team.xlsx"
    _formatted(path)
    before = path.read_bytes()
    out = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert "log-format-set-back (3)" in out.output
    assert "Log AC2 (Baseline recorded on): the number format @" in out.output
    assert path.read_bytes() == before


def test_a_format_of_the_value_s_kind_on_the_grey_cells_is_not_named(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    for row in (2, 3):
        for col, code in (("AA", "0.00"), ("AB", '0 "calls"'), ("AC", "dd mmm yyyy")):
            wb["Log"][f"{col}{row}"].number_format = code
    wb.save(path)
    result = api.refresh_file(path, AS_OF, backup=False, cache=False)
    assert Code.LOG_FORMAT_SET_BACK.value not in set(result.checks["code"])
    assert load_workbook(path)["Log"]["AC3"].number_format == "dd mmm yyyy"
