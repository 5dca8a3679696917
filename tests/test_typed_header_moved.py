"""A computed sheet whose header row is gone or moved: the rows the last refresh wrote under it are the
refresh's own, not cells typed there (no typed-on-computed-sheet row on Checks, no warning on the command
line); what was typed above a header moved down (a title) is named."""

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from coachlog_xl.workbook.strays import refresh_row, typed_values
from tests import fidelity_kit as kit

AS_OF = dt.date(2026, 6, 1)
TYPED = "typed-on-computed-sheet"


def _refreshed_then(path, edit) -> None:
    """The base workbook (S-1 and S-2) refreshed, Baseline's header and rows 2-3 checked, then ``edit``
    made to Baseline and saved."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    ws = wb["Baseline"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]
    edit(ws)
    wb.save(path)


def _cleared(ws) -> None:
    for cell in ws[1]:
        cell.value = None


def _deleted(ws) -> None:
    ws.delete_rows(1)  # (Excel's Delete row: the rows below move up)


def _inserted(ws) -> None:
    ws.insert_rows(1)


def _titled(ws) -> None:
    ws.insert_rows(1)
    ws["A1"] = "Baselines, June"


def _typed_rows(path) -> list[tuple]:
    rows = list(load_workbook(path)["Checks"].iter_rows(values_only=True))
    return [(r[1], r[2], r[3], r[4]) for r in rows[1:] if r[5] == TYPED]


@pytest.mark.parametrize("edit", [_cleared, _deleted, _inserted])
def test_the_rows_under_a_header_row_cleared_deleted_or_moved_down_are_not_named_as_typed(tmp_path, edit):
    book = tmp_path / "book.xlsx"
    _refreshed_then(book, edit)
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert TYPED not in out.output and "Baseline A" not in out.output
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    assert "what was typed on them is gone" not in out.output
    assert _typed_rows(book) == []
    ws = load_workbook(book)["Baseline"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]


def test_a_title_typed_above_the_header_row_moved_down_is_named_alone(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed_then(book, _titled)
    api.refresh_file(book, as_of=AS_OF, backup=False)
    assert _typed_rows(book) == [("Baseline", 1, "A1", "Baselines, June")]


HEADERS = ["Session ID", "Rep", "Criterion", "Session date"]


def test_in_excel_the_rows_under_a_header_row_gone_or_moved_are_not_typed_and_a_title_above_it_is():
    data = [["S-1", "Ana", "Empathy", 45000.0], ["S-2", "Ben", "Empathy", 45001.0]]
    own = refresh_row(schema.BASELINE)  # (Baseline's first four columns are HEADERS)
    assert typed_values([[None] * 4, *data], HEADERS, own) == []  # header cleared
    assert typed_values(data, HEADERS, own) == []  # header deleted: S-1 moved up into row 1
    assert typed_values([["Baselines, June", None, None, None], HEADERS, *data], HEADERS, own) == ["A1"]
    # a row 1 of words, none a header, is the header row renamed: each of its cells named, as before
    assert typed_values([["Sesión", "Agente", "Criterio", "Fecha"], *data], HEADERS, own) == ["A1", "B1", "C1", "D1"]
