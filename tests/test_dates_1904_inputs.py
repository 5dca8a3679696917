"""In a workbook of the 1904 date system (Excel for Mac's option) a date typed as a plain number is a day of that
system on every input sheet, as on the Scores: the Log's Session date, Criteria's Effective from and Settings'
As-of date; read so by ``coachlog refresh`` and by the Refresh button (Excel on the desktop tells the system).
Days worked out by hand: 1 February 2026 is day 44,592 of the 1904 system (122 years with 31 leap days from
1904-01-01, then 31 days of January); read in the 1900 system the same number is a day 4 years earlier."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coachlog_xl import api, excel
from tests.test_export_1904 import team_1904
from tests.wbkit import records
from tests.xlbook import MemoryBook, sheets_of

FEB_1_2026 = 122 * 365 + 31 + 31
SESSION = FEB_1_2026 + 3  # 4 February 2026: 2 and 3 February's calls before it (60, 80), 5 and 6 after (90, 100)
AS_OF = dt.date(2026, 2, 28)


def _typed(path, sheet: str, where: tuple[int, str], value) -> None:
    """``value`` typed as a plain number (General) in ``sheet``, in the row whose column A holds ``where[1]``
    (row ``where[0]`` when None), under the header ``where[1]`` otherwise."""
    wb = load_workbook(path)
    ws = wb[sheet]
    row, header = where
    if row is None:
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == header)
        col = 2
    else:
        col = [c.value for c in ws[1]].index(header) + 1
    ws.cell(row, col, value).number_format = "General"
    wb.save(path)


def _both_ways(path, as_of=AS_OF) -> list[tuple]:
    """(result, Follow-up's first row) of the file refresh and of the Refresh button on Excel on the desktop."""
    sheets = sheets_of(path)
    book = MemoryBook(sheets, name=path.name, date1904=True)
    in_excel = excel.refresh(book, as_of=as_of)
    grid = book.grid("Follow-up")
    width = max(c for _, c in grid)
    excel_row = {grid.get((1, c)): grid.get((2, c)) for c in range(1, width + 1)}
    on_file = api.refresh_file(path, as_of=as_of, backup=False, cache=False)
    return [(on_file, records(path, "Follow-up")[0]), (in_excel, excel_row)]


@pytest.fixture
def book(tmp_path):
    return team_1904(tmp_path / "team.xlsx")


def test_a_log_session_date_typed_as_a_number_is_a_day_of_the_1904_system(book):
    _typed(book, "Log", (2, "Session date"), SESSION)
    for _, row in _both_ways(book):
        assert row["Session date"] == dt.datetime(2026, 2, 4)
        assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)  # (read as 2022: no call before it, n = 0)
        assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 95)


def test_a_criteria_effective_from_typed_as_a_number_is_a_day_of_the_1904_system(book):
    _typed(book, "Criteria", (2, "Effective from"), FEB_1_2026 + 4)  # 5 February: between the windows' calls
    for _, row in _both_ways(book):
        # (read as 2022, before every call: the definition unchanged, not yet told while the window is open)
        assert row["Definition unchanged"] == "no" and "2026-02-05" in row["Not valid because"]


def test_a_settings_as_of_date_typed_as_a_number_is_a_day_of_the_1904_system(book):
    _typed(book, "Settings", (None, "As-of date"), FEB_1_2026 + 27)  # 28 February 2026
    for result, _ in _both_ways(book, as_of=None):
        assert result.as_of == AS_OF
