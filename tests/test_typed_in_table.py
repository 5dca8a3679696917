"""What a person typed inside a computed sheet's table is named, not lost without a word: a formula in the
table, and on Follow-up a Decision value none of the Log's decisions for that session holds while one of
them is blank (typed on Follow-up, or cleared on the Log since: named with its value, in words true either
way), or one of a session no row of the Log holds now (its rows deleted)."""

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel, schema
from coachlog_xl.cli import main
from tests import fidelity_kit as kit
from tests.wbkit import kept_before_refresh
from tests.xlbook import ENGINES, MemoryEngine, demo_files, sheets_of

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
    assert result.decided == {"Follow-up": [(f"{DECISION}3", 3, "S-2", "escalate")]}
    after = load_workbook(book)["Follow-up"]
    assert after[f"{DECISION}3"].value is None and after[f"{DECISION}2"].value is None  # the Log's (blank)
    with open(book.with_name(book.name + ".bak"), "rb") as backup:  # (openpyxl goes by the name's extension)
        assert load_workbook(backup)["Follow-up"][f"{DECISION}3"].value == "escalate"


def _decided_and_refreshed(path, decision: str):
    """The base workbook with ``decision`` on Log row 2 (S-1), refreshed: the workbook as it is then."""
    kit.base_workbook(path)
    wb = load_workbook(path)
    kit._type(wb["Log"], 2, schema.LOG, {"decision": decision})
    wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    return load_workbook(path)


def test_a_follow_up_decision_that_differs_from_the_log_s_is_the_log_edited_since_and_not_named(tmp_path):
    book = tmp_path / "book.xlsx"
    wb = _decided_and_refreshed(book, "continue")
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
    assert "what was typed on them is gone" not in out.output  # (typed there, or cleared on the Log: either)
    assert f'Follow-up {DECISION}2 held "close", which Log row 2\'s Decision does not hold: if you typed it on ' \
           "Follow-up, type it in the Log's Decision; if you cleared it on the Log, nothing is lost." in out.output
    (kept,) = kept_before_refresh(book)
    assert f"{kept} holds them too." in out.output


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


def _checks(engine, book) -> list[dict]:
    """The Checks sheet an Excel refresh wrote, a dict a row by its headers."""
    grid = engine.cells(book, "Checks")
    width = max(c for _, c in grid)
    head = [grid.get((1, c)) for c in range(1, width + 1)]
    rows = sorted({r for r, _ in grid if r > 1})
    return [dict(zip(head, [grid.get((r, c)) for c in range(1, width + 1)])) for r in rows]


def _in_excel(path):
    """The workbook file ``path`` opened in the stand-in for Excel and refreshed there: the engine and the book."""
    engine = MemoryEngine()
    book = engine.open(sheets_of(path))
    excel.refresh(book, as_of=AS_OF)
    return engine, book


def _named(engine, book, code: str = "decision-not-on-log") -> list[dict]:
    return [row for row in _checks(engine, book) if row["Code"] == code]


@pytest.mark.parametrize("engine", ENGINES)
def test_in_excel_a_decision_typed_in_follow_up_is_named_on_checks_with_its_value_and_log_row(engine, files):
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
    excel.refresh(book)
    named = _named(engine, book)
    assert [(row["Sheet"], row["Row"], row["Field"], row["Value"])
            for row in named] == [("Follow-up", r, "Decision", "escalate")]
    assert f'Follow-up AI{r} held "escalate", which Log row {log_row}\'s Decision does not hold' in named[0]["Problem"]
    assert engine.cells(book, "Follow-up").get((r, at + 1)) is None  # the Log's (blank), written


def _cleared(path) -> None:
    """The base workbook with "close" on Log row 2 (S-1), refreshed (Follow-up AI2 "close"), then that Log
    cell cleared."""
    wb = _decided_and_refreshed(path, "close")
    assert wb["Follow-up"][f"{DECISION}2"].value == "close"
    log = wb["Log"]
    log.cell(2, [c.value for c in log[1]].index("Decision") + 1).value = None  # (openpyxl's cell(value=None) sets none)
    wb.save(path)


def test_a_decision_cleared_on_the_log_is_named_with_its_value_not_as_typed_and_lost(tmp_path):
    book = tmp_path / "book.xlsx"
    _cleared(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert "what was typed on them is gone" not in out.output
    assert "type a decision in the Log's Decision column instead" not in out.output
    assert f'Follow-up {DECISION}2 held "close", which Log row 2\'s Decision does not hold' in out.output
    assert "if you cleared it on the Log, nothing is lost" in out.output
    assert load_workbook(book)["Follow-up"][f"{DECISION}2"].value is None  # the Log's, blank now


def test_in_excel_a_decision_cleared_on_the_log_does_not_stop_the_refresh(tmp_path):
    book_path = tmp_path / "book.xlsx"
    _cleared(book_path)
    engine, book = _in_excel(book_path)
    assert "Follow-up" in engine.written_sheets(book)
    assert engine.cells(book, "Follow-up").get((2, 35)) is None
    named = _named(engine, book)
    assert [(row["Row"], row["Value"]) for row in named] == [(2, "close")]
    warnings = sum(row["Severity"] == "warning" for row in _checks(engine, book))
    assert f"{warnings} warning" in str(engine.cells(book, "Start here").get((3, 2)))  # the stamp counts it
    assert "if you cleared it on the Log, nothing is lost" in named[0]["Problem"]


def _moved(path) -> None:
    """The base workbook ("close" on Log row 2, S-1; Log row 3, S-2, blank) refreshed, then a column
    inserted on Follow-up at AI ("My note", "call Tue" on row 3) and "escalate" typed in the Decision
    moved to AJ, on S-2's row 3."""
    wb = _decided_and_refreshed(path, "close")
    ws = wb["Follow-up"]
    ws.insert_cols(35)
    ws["AI1"], ws["AI3"], ws["AJ3"] = "My note", "call Tue", "escalate"
    assert ws["AJ1"].value == "Decision" and ws["AJ2"].value == "close"
    wb.save(path)


def test_a_decision_column_moved_by_an_inserted_column_is_read_there_and_the_inserted_column_s_cells_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _moved(book)
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    # S-2's Log decision is blank: AJ3 ("escalate") is named; AJ2 ("close") is the Log's; AI3 is a note,
    # named as typed (its column's header is none of Follow-up's)
    assert result.decided == {"Follow-up": [("AJ3", 3, "S-2", "escalate")]}
    # the cells the new sheet does not keep, by hand: AI1 (the inserted header), AI3 (the note under it),
    # AJ3 (the decision); the table's last column (BJ) moved to BK is the refresh's own, its header there
    # in the sheet's order: not named
    assert result.dropped == {"Follow-up": ["AI1", "AI3", "AJ3"]}


def test_in_excel_the_decision_column_is_found_by_its_header_where_a_column_was_inserted(tmp_path):
    # (a refresh in Excel stops on the inserted column's header, typed over the table's, before it looks:
    # the columns the seam would read are the header row's, AJ (36) for Decision)
    from coachlog_xl.workbook.intable import decision_columns

    book_path = tmp_path / "book.xlsx"
    _moved(book_path)
    header = sheets_of(book_path)["Follow-up"][0]
    assert decision_columns({c: str(v) for c, v in enumerate(header, 1) if v is not None}) == (1, 36)
    assert decision_columns({}) == (1, 35)  # no header row: where the schema puts them


def _twice(path) -> None:
    """The base workbook with "close" on Log row 2 (S-1), refreshed, then S-1 typed on Log row 3 too (its
    decision blank): S-1 has two Log rows, one decided, and Follow-up holds "close" on one S-1 row."""
    wb = _decided_and_refreshed(path, "close")
    kit._type(wb["Log"], 3, schema.LOG, {"session_id": "S-1"})
    wb.save(path)


def test_a_decision_copied_from_one_of_two_log_rows_of_a_session_is_not_named(tmp_path):
    book = tmp_path / "book.xlsx"
    _twice(book)
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.decided == {} and result.dropped == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_in_excel_a_decision_copied_from_one_of_two_log_rows_of_a_session_is_not_named(engine, tmp_path):
    book_path = tmp_path / "book.xlsx"
    _twice(book_path)
    book = engine.open(sheets_of(book_path))
    excel.refresh(book, as_of=AS_OF)
    assert _named(engine, book) == []
    assert "Follow-up" in engine.written_sheets(book)


def _gone(path) -> None:
    """The base workbook refreshed, "close" typed in Follow-up's Decision on S-2's row (3), then S-2's Log
    row (3) cleared: no row of the Log holds S-2."""
    _refreshed(path)
    wb = load_workbook(path)
    wb["Follow-up"][f"{DECISION}3"] = "close"
    log = wb["Log"]
    assert log.cell(3, 1).value == "S-2"
    for cell in log[3]:
        cell.value = None
    wb.save(path)


GONE = (f'Follow-up {DECISION}3 held "close" for S-2, a session no row of the Log holds now: if you typed it on '
        "Follow-up, type it in the Log's Decision of the session's rows; if it was the Log's, copied before its "
        "rows were deleted or its Session ID changed, nothing is lost")
GONE_NOTE = ('Follow-up row 3 held "close" for S-2 until this refresh; no row of the Log holds S-2 now (its rows '
             "deleted, or its Session ID changed), so Follow-up has no row for it.")


def test_a_decision_of_a_session_whose_log_row_was_deleted_is_named_on_the_command_line_and_checks(tmp_path):
    book = tmp_path / "book.xlsx"
    _gone(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert GONE in out.output.replace("\n", " ")
    after = load_workbook(book)["Follow-up"]
    assert [after.cell(r, 1).value for r in (2, 3)] == ["S-1", None]  # S-2's row is gone
    checks = list(load_workbook(book)["Checks"].iter_rows(values_only=True))
    rows = [dict(zip(checks[0], row)) for row in checks[1:]]
    # on Checks a note, at no Row (row 3 holds nothing now), naming the row it was on until this refresh
    assert [(r["Row"], r["Value"], r["Problem"]) for r in rows if r["Code"] == "decision-of-session-gone"] == \
        [(None, "close", GONE_NOTE)]


def test_in_excel_a_decision_of_a_session_whose_log_row_was_deleted_is_named_on_checks(tmp_path):
    book_path = tmp_path / "book.xlsx"
    _gone(book_path)
    engine, book = _in_excel(book_path)
    named = _named(engine, book, "decision-of-session-gone")
    assert [(row["Row"], row["Value"], row["Problem"]) for row in named] == [(None, "close", GONE_NOTE)]


def _header_moved_down(path) -> None:
    """Refreshed (:func:`_refreshed`), then two empty rows inserted above Follow-up's header and "escalate"
    typed in S-2's Decision (its Log row, 3, holds none): the header row 3, S-1 row 4, S-2 row 5."""
    _refreshed(path)
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    ws.insert_rows(1, 2)
    ws[f"{DECISION}5"] = "escalate"
    wb.save(path)
    assert [load_workbook(path)["Follow-up"].cell(r, 1).value for r in (3, 4, 5)] == ["Session ID", "S-1", "S-2"]


def test_rows_inserted_above_follow_ups_header_leave_its_decision_header_unnamed_and_a_typed_decision_named(tmp_path):
    """Two empty rows inserted above Follow-up's header: the header is row 3, S-1 row 4, S-2 row 5; the
    header's "Decision" (AI3) is no decision of a session "Session ID", and S-2's "escalate" typed in AI5
    (its Log row, 3, holds none) is the one decision named."""
    book = tmp_path / "book.xlsx"
    _header_moved_down(book)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    said_ = " ".join(out.output.split())
    assert '"Decision"' not in said_ and f'Follow-up {DECISION}5 holds "escalate"' in said_
    result = api.refresh_file(book, as_of=AS_OF, backup=False)
    assert result.decided == {"Follow-up": [(f"{DECISION}5", 3, "S-2", "escalate")]}
    checks = list(load_workbook(book)["Checks"].iter_rows(values_only=True))
    codes = [dict(zip(checks[0], row))["Code"] for row in checks[1:]]
    assert "decision-of-session-gone" not in codes and codes.count("decision-not-on-log") == 1


def test_in_excel_rows_inserted_above_follow_ups_header_leave_a_typed_decision_named_under_it(tmp_path):
    """As above, in Excel: Session ID and Decision read under the header row found (row 3), so S-2's
    "escalate" in AI5 is named with its Log row (3), and the header's "Decision" is not."""
    book = tmp_path / "book.xlsx"
    _header_moved_down(book)
    engine, excel_book = _in_excel(book)
    named = _named(engine, excel_book)
    assert [(row["Sheet"], row["Row"], row["Value"]) for row in named] == [("Follow-up", 5, "escalate")]
    assert "Log row 3" in named[0]["Problem"]
    assert _named(engine, excel_book, "decision-of-session-gone") == []
