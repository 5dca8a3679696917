"""A Log column of words renamed by a supervisor ("Development target" retitled "Development target (one
behaviour)") is named once in Checks, with the fix (rename it back); its rows are not each told that
their cell is blank and to write a target, a summary or an evidence call they wrote under the renamed
header."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import api
from tests import fidelity_kit as kit

RENAMED = {"Development target": "Development target (one behaviour)", "Conversation summary": "Summary",
           "Evidence call ID or link": "Evidence call", "Behavioral observation": "Observation"}


def _codes(path) -> list[tuple[str, object]]:
    result = api.compute_file(path, as_of=dt.date(2026, 4, 30))
    return list(zip(result.checks["code"], result.checks["row"]))


def _log(path, rename: dict[str, str], cells: dict[tuple[int, str], object]) -> None:
    wb = load_workbook(path)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for (row, header), value in cells.items():
        log.cell(row=row, column=head.index(header) + 1).value = value  # (None clears it)
    for old, new in rename.items():
        log.cell(row=1, column=head.index(old) + 1, value=new)
        log.tables["Log"].tableColumns[head.index(old)].name = new
    wb.save(path)


def test_renamed_columns_of_words_are_named_once_each_and_their_rows_not_told_to_fill_them(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)  # two sessions (Log rows 2 and 3), each with a target, observation and summary
    _log(book, RENAMED, {(2, "Evidence call ID or link"): "Ann00", (3, "Evidence call ID or link"): "Bo00"})
    codes = _codes(book)
    assert codes.count(("missing-log-column", 1)) == 4
    row_codes = {code for code, row in codes if row in (2, 3)}
    assert not row_codes & {"missing-target", "missing-observation", "generic-summary", "missing-evidence"}, codes


def test_a_target_left_blank_under_its_own_header_is_still_named_on_its_row(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    _log(book, {"Conversation summary": "Summary"}, {(3, "Development target"): None})
    codes = _codes(book)
    # the summary's column is renamed (named once), the target's is not: row 3's blank target is named
    assert codes.count(("missing-log-column", 1)) == 1
    assert ("missing-target", 3) in codes and ("missing-target", 2) not in codes
    assert not [c for c in codes if c[0] == "generic-summary"]
