"""What a person typed inside a computed sheet's table is named, not lost without a word: a formula in the
table, and on Follow-up a decision typed in Decision while the Log's Decision for that session is blank."""

import datetime as dt

import pytest
import xlwings as xw
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel, schema
from coachlog_xl.cli import main
from tests import fidelity_kit as kit
from tests.xlbook import ENGINES, demo_files

# Follow-up's columns by hand: Session ID is A; Decision is the 35th column (A..Z, then AA..AI)
DECISION = "AI"
AS_OF = dt.date(2026, 6, 1)


def _refreshed(path):
    """The base workbook (S-1 on Log row 2, S-2 on Log row 3; neither has a decision) refreshed once:
    Follow-up's rows 2 and 3 are S-1 and S-2."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    ws = load_workbook(path)["Follow-up"]
    assert ws[f"{DECISION}1"].value == "Decision"
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["S-1", "S-2"]


def test_a_decision_typed_in_follow_up_for_a_session_the_log_has_none_for_is_named_with_its_log_row(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    ws = wb["Follow-up"]
    ws[f"{DECISION}3"] = "escalate"  # S-2: its Log row (3) holds no decision
    ws[f"{DECISION}2"] = '=IF(L2>0,"close","continue")'  # a team's formula in the table: a person's words
    ws["B3"] = "=UPPER(C3)"
    wb.save(book)
    result = api.refresh_file(book, as_of=AS_OF, backup=True)
    assert result.dropped == {"Follow-up": [f"{DECISION}2", "B3", f"{DECISION}3"]}
    assert result.decided == {"Follow-up": [(f"{DECISION}3", 3)]}
    after = load_workbook(book)["Follow-up"]
    assert after[f"{DECISION}3"].value is None and after[f"{DECISION}2"].value is None  # the Log's (blank)
    with open(book.with_name(book.name + ".bak"), "rb") as backup:  # (openpyxl goes by the name's extension)
        assert load_workbook(backup)["Follow-up"][f"{DECISION}3"].value == "escalate"


def test_a_follow_up_decision_that_differs_from_the_log_s_is_the_log_edited_since_and_not_named(tmp_path):
    book = tmp_path / "book.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    kit._type(wb["Log"], 2, schema.LOG, {"decision": "continue"})
    wb.save(book)
    api.refresh_file(book, as_of=AS_OF, backup=False)
    wb = load_workbook(book)
    assert wb["Follow-up"][f"{DECISION}2"].value == "continue"
    kit._type(wb["Log"], 2, schema.LOG, {"decision": "close"})  # the weekly flow: the Log's decision changed
    wb.save(book)
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.dropped == {} and result.decided == {}
    assert load_workbook(book)["Follow-up"][f"{DECISION}2"].value == "close"


def test_the_command_line_names_the_typed_decision_and_the_log_row_to_type_it_in(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    wb["Follow-up"][f"{DECISION}2"] = "close"  # S-1, Log row 2
    wb.save(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert f"what was typed on them is gone: Follow-up {DECISION}2." in out.output
    assert f"Follow-up {DECISION}2 -> Log row 2" in out.output
    assert "Log's Decision column" in out.output


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


@pytest.mark.parametrize("engine", ENGINES)
def test_in_excel_a_decision_typed_in_follow_up_stops_the_refresh_and_names_the_log_row(engine, files):
    sheets = files.after()  # as the file refresh wrote them
    follow = sheets["Follow-up"]
    at = follow[0].index("Decision")
    assert at == 34  # AI, the 35th column
    r = next(i for i, row in enumerate(follow[1:], 2) if row[at] is None)
    session = follow[r - 1][0]
    log = sheets["Log"]
    log_row = next(i for i, row in enumerate(log[1:], 2) if row[log[0].index("Session ID")] == session)
    follow[r - 1][at] = "escalate"
    book = engine.open(sheets)
    with pytest.raises(xw.XlwingsError, match=rf"Nothing was changed: Follow-up AI{r} holds words typed .*"
                                              rf"Follow-up AI{r} -> Log row {log_row}\)"):
        excel.refresh(book)
    assert engine.written_sheets(book) == set()
    assert engine.cells(book, "Follow-up")[(r, at + 1)] == "escalate"
