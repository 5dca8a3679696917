"""A cell that cannot be read is named in a sentence: the field's name, the value as Excel shows it, and
what it is (``Baseline n TRUE is a yes/no value, not a number``), whether the message joins the two with a
space or a colon.  (An Excel error value's words, ``#DIV/0! is an Excel error``, are asserted in
test_excel_contract.py.)"""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import schema
from tests import fidelity_kit as kit
from tests.wbkit import records, run


def _cell(ws, row: int, sheet: schema.Sheet, key: str):
    head = [c.value for c in ws[1]]
    return ws.cell(row=row, column=head.index(sheet.column(key).header) + 1)


def test_a_yes_no_value_and_a_date_that_is_none_are_named_in_a_sentence_with_their_field(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    _cell(wb["Log"], 2, schema.LOG, "baseline_n").value = True  # a TRUE typed in Baseline n
    _cell(wb["Log"], 3, schema.LOG, "session_date").value = "soon"
    as_of_row = [s.key for s in schema.SETTINGS_ITEMS].index("as_of") + 2
    wb["Settings"].cell(row=as_of_row, column=2).value = False
    wb.save(book)
    out = run("refresh", book, "--as-of", dt.date(2026, 4, 30), "-q")
    assert out.exit_code == 0, out.output
    problems = {(r["Sheet"], r["Row"], r["Field"]): r["Problem"] for r in records(book, "Checks")}
    assert problems[("Log", 2, "Baseline n")] == (
        "Log row 2 (S-1): Baseline n TRUE is a yes/no value, not a number; the cell is left as it is, and the "
        "session uses the baseline from the score data, shown as provisional and not recorded.")
    assert problems[("Log", 3, "Session date")] == (
        "Log row 3 (S-2): Session date 'soon' is not a date; the session cannot be placed in time.")
    assert problems[("Settings", as_of_row, "As-of date")] == (
        'Setting "As-of date": FALSE is a yes/no value, not a date; the default (today) is used.')
