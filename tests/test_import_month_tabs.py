"""An .xlsx export in monthly tabs: a hidden tab holding rows found on no other sheet is named, with the option that
imports it; a tab holding its header alone (a month not started) is said to hold no rows, not to repeat another."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from coachlog_xl.cli import main
from tests.wbkit import team_book

ACK = "Acknowledges the concern"
HEAD = ["Call ID", "Agent", "Call Date", "Criterion", "Score"]


def _tab(ws, month: int, calls: int):
    ws.append(HEAD)
    for i in range(calls):
        ws.append([f"{month}-{i}", "Dana Cruz", dt.datetime(2026, month, 2 + i, 10), ACK, 80])


def _export(path, apr_copies_jan: bool = False):
    """Jan (2 calls), Feb (2 calls), Mar (its header alone), Apr hidden: 2 calls of its own, or Jan's 2 again."""
    wb = Workbook()
    wb.active.title = "Jan"
    _tab(wb.active, 1, 2)
    _tab(wb.create_sheet("Feb"), 2, 2)
    _tab(wb.create_sheet("Mar"), 3, 0)
    apr = wb.create_sheet("Apr")
    _tab(apr, 1 if apr_copies_jan else 4, 2)
    apr.sheet_state = "hidden"
    wb.save(path)


def _import(tmp_path, *args):
    book = tmp_path / f"team{len(args)}.xlsx"
    team_book(book, [("ACK", ACK)], ["Dana Cruz"]).save(book)
    done = CliRunner().invoke(main, ["import", str(book), str(tmp_path / "qa.xlsx"), *args])
    assert done.exit_code == 0, done.output
    ws = load_workbook(book)["Scores qa"]
    return done.output, sorted({r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0] != "Call ID"})


def test_a_hidden_tab_of_rows_found_nowhere_else_is_named_with_the_option_that_imports_it(tmp_path):
    _export(tmp_path / "qa.xlsx")
    out, ids = _import(tmp_path)
    # Jan and Feb read (1-0, 1-1, 2-0, 2-1); Apr's 4-0 and 4-1 are on no visible tab: said, not read
    assert ids == ["1-0", "1-1", "2-0", "2-1"]
    assert 'sheet "Apr" of the file is hidden and was not read' in out
    assert '--export-sheet "Apr" imports it' in out
    _, ids = _import(tmp_path, "--export-sheet", "Apr")
    assert ids == ["4-0", "4-1"]


def test_a_hidden_copy_of_a_read_tab_is_not_said(tmp_path):
    _export(tmp_path / "qa.xlsx", apr_copies_jan=True)
    out, ids = _import(tmp_path)
    # Apr holds Jan's rows (1-0, 1-1), read from Jan already
    assert ids == ["1-0", "1-1", "2-0", "2-1"]
    assert '"Apr"' not in out


def test_a_tab_holding_its_header_alone_is_said_to_hold_no_rows(tmp_path):
    _export(tmp_path / "qa.xlsx")
    out, _ = _import(tmp_path)
    assert 'sheet "Mar" of the file was not read: it holds no rows under its header.' in out
    assert 'its rows repeat those of sheet "Jan"' not in out
