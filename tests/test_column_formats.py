"""A number format a manager gives a whole column of a computed sheet (select column L of Follow-up, Format
Cells > Number) is kept by a refresh when it shows the column's values as numbers of the same kind, as the
README promises for formatting given to whole columns; one that would show them as another kind (a mean as
a percent) gives way to the tool's."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from tests import fidelity_kit as kit

SIGNED = "+0.00;-0.00;0.00"


def _letter(key: str) -> str:
    return get_column_letter(schema.FOLLOWUP.keys.index(key) + 1)


def _format_whole_column(path, key: str, code: str) -> None:
    """As Excel formats a selected column: the column's style, and each cell of it that exists."""
    wb = load_workbook(path)
    ws = wb[schema.FOLLOWUP.name]
    letter = _letter(key)
    ws.column_dimensions[letter].number_format = code
    for row in range(2, ws.max_row + 1):
        ws[f"{letter}{row}"].number_format = code
    wb.save(path)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    # as of 2026-03-08, seven follow-up calls of each session are in (2 to 8 March)
    api.refresh_file(path, as_of=dt.date(2026, 3, 8), backup=False)
    return path


def test_a_whole_columns_number_format_of_the_same_kind_is_kept_on_the_rows_a_refresh_writes(book):
    _format_whole_column(book, "delta", SIGNED)
    api.refresh_file(book, as_of=dt.date(2026, 4, 30), backup=False)
    ws = load_workbook(book)[schema.FOLLOWUP.name]
    cells = [ws[f"{_letter('delta')}{row}"] for row in (2, 3)]
    # Ann Lee: follow-up 819 / 10 = 81.9 against a baseline of 647 / 10 = 64.7; Bo Chan: 591 / 10 = 59.1
    assert [round(c.value, 6) for c in cells] == [17.2, -5.6]
    assert [c.number_format for c in cells] == [SIGNED, SIGNED]
    assert ws.column_dimensions[_letter("delta")].number_format == SIGNED


def test_a_whole_columns_number_format_that_would_show_a_mean_as_a_percent_gives_way_to_the_tools(book):
    _format_whole_column(book, "baseline_mean", "0%")
    api.refresh_file(book, as_of=dt.date(2026, 4, 30), backup=False)
    ws = load_workbook(book)[schema.FOLLOWUP.name]
    cells = [ws[f"{_letter('baseline_mean')}{row}"] for row in (2, 3)]
    # the last ten calls before 1 March: 64 66 68 70 58 62 66 69 61 63, 647 / 10 (6470 % as a percent)
    assert [c.value for c in cells] == [64.7, 64.7]
    assert [c.number_format for c in cells] == ["0.0", "0.0"]


@pytest.mark.parametrize("code", [
    "0.0;;",  # no section for a negative number: Bo Chan's -5.6 would show as a blank cell
    '+0.0;"down"',  # -5.6 as the word down
    '[<=1]0.0;"high"',  # every delta over 1 (17.2) as the word high
    "0.0,",  # in thousands: 17.2 as 0.0
])
def test_a_whole_columns_number_format_that_would_hide_or_scale_some_values_gives_way_to_the_tools(book, code):
    _format_whole_column(book, "delta", code)
    api.refresh_file(book, as_of=dt.date(2026, 4, 30), backup=False)
    ws = load_workbook(book)[schema.FOLLOWUP.name]
    cells = [ws[f"{_letter('delta')}{row}"] for row in (2, 3)]
    assert [round(c.value, 6) for c in cells] == [17.2, -5.6]  # 81.9 - 64.7 and 59.1 - 64.7, as above
    assert [c.number_format for c in cells] == ["0.0", "0.0"]


def test_a_whole_columns_date_format_is_kept_for_dates_and_one_with_a_time_gives_way_to_the_tools(book):
    _format_whole_column(book, "session_at", "dd/mm/yyyy")
    _format_whole_column(book, "window_ends", "dd/mm/yyyy hh:mm")
    api.refresh_file(book, as_of=dt.date(2026, 4, 30), backup=False)
    ws = load_workbook(book)[schema.FOLLOWUP.name]
    session, ends = ws[f"{_letter('session_at')}2"], ws[f"{_letter('window_ends')}2"]
    # both sessions on 1 March, date only: their windows end 30 days later, on 31 March
    assert (session.value, session.number_format) == (dt.datetime(2026, 3, 1), "dd/mm/yyyy")
    assert ends.value == dt.datetime(2026, 3, 31)
    assert ends.number_format == "yyyy-mm-dd"  # (a format with a time would show 00:00 on a date-only end)


def _styles_with(code: str):
    """A styles part whose style 1 has number format ``code``."""
    from coachlog_xl.workbook.stylesxml import Styles

    code = code.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return Styles(
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<numFmts count="1"><numFmt numFmtId="164" formatCode="' + code.encode() + b'"/></numFmts>'
        b'<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')


@pytest.mark.parametrize(("code", "tool", "kept"), [
    ("0.0%", "0%", True),
    ("0%;;", "0%", False),  # a share of 0 (a Wilson interval's low end) as a blank cell
    ('0%;-0%;"none"', "0%", False),  # 0 as the word none
    ("#,##0.000", "0.0", True),
    ("#,##0.0,", "0.0", False),  # thousands
    ('[Red]+0.0;[Blue]-0.0;0.0', "0.0", True),
])
def test_a_format_keeps_its_place_only_when_it_shows_every_value_with_its_digits(code, tool, kept):
    assert _styles_with(code).shows_as(1, tool) is kept
