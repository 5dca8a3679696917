"""A row a person inserted inside a computed sheet's table (between two of the refresh's rows, the rows
under it renumbered as Excel and LibreOffice renumber them) is judged like every row under the header
row: what was typed in it (a heading in the first column, a note with the first column empty, a formula)
is named on the command line, in Checks and by the Excel refresh, and the refresh's own rows under it are
not; an untouched second refresh names nothing."""

import datetime as dt
import re
import zipfile

import pytest
import xlwings as xw
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel
from coachlog_xl.cli import main
from tests import fidelity_kit as kit
from tests.demo_kit import demo_copy
from tests.wbkit import kept_before_refresh, soffice_convert
from tests.xlbook import MemoryEngine, sheets_of

AS_OF = dt.date(2026, 6, 1)
TYPED = "typed-on-computed-sheet"
HEADING = "--- Q2 sessions below ---"


def _refreshed(path) -> None:
    """The base workbook (S-1 on Log row 2, S-2 on Log row 3) refreshed by the tool: on Follow-up and
    Baseline rows 2 and 3 are S-1 and S-2; on Aggregate rows 2 to 10 its groupings, on Checks rows 2 to 5
    its four warnings (column A "Coaching method", "Coaching method" ... and "warning" each)."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    assert [wb["Follow-up"].cell(r, 1).value for r in (2, 3, 4)] == ["S-1", "S-2", None]
    assert [wb["Aggregate"].cell(r, 1).value for r in (2, 3)] == ["Coaching method", "Coaching method"]
    assert [wb["Checks"].cell(r, 1).value for r in (2, 3, 4, 5, 6)] == ["warning"] * 4 + [None]


def _inserted(path, sheet: str, cells: dict[str, object]) -> None:
    """A row inserted above row 3 of ``sheet`` (the rows from 3 down renumbered one lower), ``cells``
    typed in it."""
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.insert_rows(3)
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)


def _typed_rows(path) -> list[tuple]:
    return [(r[1], r[2], r[3], r[4]) for r in load_workbook(path)["Checks"].iter_rows(values_only=True)
            if r[5] == TYPED]


def _excel_says(path, run=excel.refresh) -> str:
    """The Excel refresh (or check: ``run``) of the file's values: its refusal's message, or "" when it runs."""
    book = MemoryEngine().open(sheets_of(path))
    try:
        run(book, as_of=AS_OF)
    except xw.XlwingsError as exc:
        return str(exc)
    return ""


def _cli(*args: str) -> str:
    out = CliRunner().invoke(main, [*args, "--as-of", AS_OF.isoformat()])
    assert out.exit_code == 0, out.output
    return " ".join(out.output.split())


@pytest.mark.parametrize("sheet", ["Follow-up", "Baseline", "Aggregate", "Checks"])
def test_a_heading_typed_in_a_row_inserted_inside_the_table_is_named_and_the_rows_under_it_are_not(tmp_path, sheet):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, sheet, {"A3": HEADING})
    # by hand: the heading alone; the refresh's rows under it (S-2, a grouping, a warning: now row 4 on) are its own
    assert _excel_says(book).startswith(f"Nothing was changed: {sheet} A3 holds words typed")
    if sheet == "Checks":
        assert _excel_says(book, excel.check).startswith("Nothing was changed: Checks A3 holds words typed")
    said = _cli("check", str(book))
    assert f'{sheet} A3 holds "{HEADING}"' in said and f"{sheet} A4" not in said
    said = _cli("refresh", str(book))
    (kept,) = kept_before_refresh(book)
    assert f"what was typed on them is gone: {sheet} A3. They are still in {kept}, a copy" in said
    assert _typed_rows(book) == [(sheet, 3, "A3", HEADING)]
    assert load_workbook(kept)[sheet]["A3"].value == HEADING  # still there
    # untouched since: nothing typed now, and check says what Checks keeps, the refresh's row, until a refresh
    # writes again
    said = _cli("check", str(book))
    assert f'{sheet} A3 held "{HEADING}"' in said and f"{sheet} A3 holds" not in said
    assert "typed on them" not in _cli("refresh", str(book), "--no-backup")
    assert api.refresh_file(book, as_of=AS_OF, backup=False, cache=False).dropped == {}
    assert _typed_rows(book) == [] and f"{sheet} A" not in _cli("check", str(book))


def test_a_note_in_a_row_inserted_with_its_first_column_empty_is_named_and_the_session_under_it_is_not(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Follow-up", {"C3": "call Bo back on Friday"})  # Supervisor's column, Session ID empty
    # by hand: C3 alone; S-2's row, now row 4 (A4 "S-2", B4 "Bo Chan", ...), is the refresh's
    assert _excel_says(book) == "Nothing was changed: Follow-up C3 holds words typed on a sheet that a refresh " \
                                "rewrites whole. Move them to a sheet of your own (or clear them), then refresh again."
    said = _cli("check", str(book))
    assert 'Follow-up C3 holds "call Bo back on Friday"' in said and "Follow-up A4" not in said
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.dropped == {"Follow-up": ["C3"]}
    assert _typed_rows(book) == [("Follow-up", 3, "C3", "call Bo back on Friday")]
    ws = load_workbook(book)["Follow-up"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["S-1", "S-2", None]
    assert api.refresh_file(book, as_of=AS_OF, backup=False).dropped == {}


def test_a_formula_in_a_row_inserted_in_the_table_is_named_and_the_session_under_it_is_not(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Follow-up", {"K3": "=AVERAGE(K2:K46)"})  # Follow-up mean is K
    # (openpyxl stores no value for the formula: the Excel stand-in reads row 3 as empty, and S-2's row
    # under it as the refresh's, so it refreshes)
    assert _excel_says(book) == ""
    said = _cli("check", str(book))
    assert 'Follow-up K3 holds "=AVERAGE(K2:K46)"' in said and "Follow-up A4" not in said
    said = _cli("refresh", str(book))
    assert "what was typed on them is gone: Follow-up K3. They are still" in said
    assert _typed_rows(book) == [("Follow-up", 3, "K3", "=AVERAGE(K2:K46)")]


def test_the_row_of_a_session_the_log_no_longer_holds_under_an_inserted_row_is_the_refreshs(tmp_path):
    """S-1's Log row deleted: the old row 2 (S-1) is read whole (its ID is none the refresh writes now) and
    told as the refresh's by its rep and counts; the note under it and S-2's row are told as before."""
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Follow-up", {"C3": "call Bo back on Friday"})
    wb = load_workbook(book)
    wb["Log"].delete_rows(2)
    wb.save(book)
    said = _cli("check", str(book))
    assert 'Follow-up C3 holds "call Bo back on Friday"' in said and "Follow-up A2" not in said
    assert api.refresh_file(book, as_of=AS_OF).dropped == {"Follow-up": ["C3"]}


def _xml_inserted(path, part: str, row: str) -> None:
    """A row inserted above row 3 of the sheet ``part`` by rewriting its XML as the tool wrote it (its texts
    inline strings, which the tool writes and openpyxl would turn into shared ones): the rows from 3 down
    and their cells' references one lower, ``row`` (the new row 3's XML) before them."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts[part].decode()
    assert 't="inlineStr"><is><t>' in xml
    shifted = re.sub(r'(<row r="|<c r="[A-Z]+)(\d+)"', lambda m: f'{m[1]}{int(m[2]) + (int(m[2]) >= 3)}"', xml)
    at = shifted.index('<row r="4"')
    parts[part] = (shifted[:at] + row + shifted[at:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _sheet_part(path, sheet: str) -> str:
    """The zip name of ``sheet``'s part, as the workbook's relationships say."""
    with zipfile.ZipFile(path) as z:
        rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="(\w+)"', z.read("xl/workbook.xml").decode())[1]
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
                           z.read("xl/_rels/workbook.xml.rels").decode())
    return (target[1] or target[2]).lstrip("/").removeprefix("xl/").join(("xl/", ""))


def test_a_row_inserted_in_the_tools_own_xml_is_told_by_its_inline_strings(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    part = _sheet_part(book, "Follow-up")
    _xml_inserted(book, part, f'<row r="3"><c r="A3" t="inlineStr"><is><t>{HEADING}</t></is></c></row>')
    _xml_inserted(book, part, '<row r="3"><c r="C3" t="inlineStr"><is><t>see Log</t></is></c></row>')
    # rows 3 ("see Log" in C) and 4 (the heading in A) inserted, S-2 now in row 5
    assert load_workbook(book)["Follow-up"]["A5"].value == "S-2"
    assert api.refresh_file(book, as_of=AS_OF, backup=False).dropped == {"Follow-up": ["C3", "A4"]}


def test_a_row_inserted_in_a_file_saved_by_libreoffice_is_named_and_the_rows_under_it_are_not(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Baseline", {"A3": HEADING, "D3": "from April"})
    saved = soffice_convert(book, "xlsx", tmp_path / "lo")
    ws = load_workbook(saved)["Baseline"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["S-1", HEADING, "S-2"]
    said = _cli("check", str(saved))
    assert f'Baseline A3 holds "{HEADING}"' in said and "Baseline A4" not in said
    assert api.refresh_file(saved, as_of=AS_OF, backup=False).dropped == {"Baseline": ["A3", "D3"]}


def _typed(path, sheet: str, cells: dict[str, object]) -> None:
    """``cells`` typed on ``sheet``, no row inserted."""
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)


@pytest.mark.parametrize(("sheet", "cells"), [
    ("Follow-up", {"A4": "S-1", "B4": "call back next week"}),  # directly under S-2's row
    ("Checks", {"A40": "warning", "B40": "my own note"}),  # far under the four warnings
    ("Aggregate", {"A30": "Rep", "B30": "remember Dana"}),  # far under the groupings
])
def test_a_row_under_the_table_whose_first_cell_the_refresh_writes_there_is_named(tmp_path, sheet, cells):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, sheet, cells)
    # by hand: neither row is one a refresh writes: S-1's row is row 2 (this one has no count), a Checks
    # row has a code in Code (column F), an Aggregate row a group and its counts (C on); both cells named
    refs = list(cells)
    assert _excel_says(book) == f"Nothing was changed: {sheet} {refs[0]}, {refs[1]} hold words typed on a sheet " \
                                "that a refresh rewrites whole. Move them to a sheet of your own (or clear them), " \
                                "then refresh again."
    said = _cli("check", str(book))
    assert all(f'{sheet} {ref} holds "{value}"' in said for ref, value in cells.items())
    said = _cli("refresh", str(book))
    (kept,) = kept_before_refresh(book)
    assert f"what was typed on them is gone: {sheet} {refs[0]}, {refs[1]}. They are still in {kept}," in said
    assert _typed_rows(book) == [(sheet, int(ref[1:]), ref, value) for ref, value in cells.items()]
    assert [load_workbook(kept)[sheet][ref].value for ref in refs] == list(cells.values())


@pytest.mark.parametrize(("sheet", "cells"), [
    ("Follow-up", {"A3": "S-1", "B3": "call back next week"}),  # S-1's second row: one row per session
    ("Follow-up", {"A3": "S-2", "B3": "call back next week"}),  # S-2's ID above S-2's own row (now row 4)
    ("Baseline", {"A3": "S-2", "D3": "ask about the March calls"}),  # the same, the note in Criterion
    ("Checks", {"A3": "warning", "B3": "my own note"}),  # a severity without a code
    ("Aggregate", {"A3": "Rep", "B3": "remember Dana"}),  # a grouping and a group without their counts
    ("Aggregate", {"A3": "Coaching method", "B3": "try the new script"}),
])
def test_a_row_inserted_in_the_table_whose_first_cell_alone_the_refresh_writes_is_named(tmp_path, sheet, cells):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, sheet, cells)
    # by hand: row 3 named (both its cells); the refresh's rows 2 and 4 (S-1 and S-2, two warnings or two
    # groupings, each with its counts) are its own: the session ID on two rows, each is judged whole and
    # only the one with a rep and counts is the refresh's; an Aggregate row the refresh writes holds its
    # Sessions count (C), which row 3 does not
    refs = list(cells)
    assert _excel_says(book).startswith(f"Nothing was changed: {sheet} {refs[0]}, {refs[1]} hold words typed")
    said = _cli("check", str(book))
    assert all(f'{sheet} {ref} holds "{value}"' in said for ref, value in cells.items())
    assert f"{sheet} A2" not in said and f"{sheet} A4" not in said
    assert api.refresh_file(book, as_of=AS_OF).dropped == {sheet: refs}
    assert _typed_rows(book) == [(sheet, 3, ref, value) for ref, value in cells.items()]
    (kept,) = kept_before_refresh(book)
    assert [load_workbook(kept)[sheet][ref].value for ref in refs] == list(cells.values())


def test_the_demo_refreshed_three_times_names_nothing(tmp_path, tmp_path_factory):
    """The demo's own rows (its sessions, groupings with their counts, warnings with their codes) are
    the refresh's however often it runs: nothing is named on any of its computed sheets."""
    book = demo_copy(tmp_path / "demo.xlsx", tmp_path_factory)
    for _ in range(3):
        assert api.refresh_file(book, as_of=AS_OF, backup=False, cache=False).dropped == {}
    assert _excel_says(book) == ""
    said = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()]).output
    assert "demo.xlsx: " in said and TYPED not in said  # (its summary said, no typed cell)


def _merged(path, rows: int, cells: dict[str, object], merge: str) -> None:
    """``rows`` rows inserted above Follow-up row 3, ``cells`` typed in them and ``merge`` merged."""
    wb = load_workbook(path)
    ws = wb["Follow-up"]
    ws.insert_rows(3, rows)
    for ref, value in cells.items():
        ws[ref] = value
    ws.merge_cells(merge)
    wb.save(path)


@pytest.mark.parametrize(("rows", "cells", "merge"), [
    (2, {"A3": "Q2 sessions", "B4": "note under the heading"}, "A3:A4"),
    (3, {"A3": "Q2", "C4": "note", "D5": 7}, "A3:B5"),
])
def test_the_rows_under_a_merge_in_column_a_are_judged_and_what_was_typed_in_them_named(tmp_path, rows, cells, merge):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _merged(book, rows, cells, merge)
    # by hand: every cell typed is named, the merge's first row's and those of the rows under it (column
    # A's value, the heading, read in them: a heading, a note and no rep's counts are none of the refresh's)
    refs = ", ".join(cells)
    assert _excel_says(book).startswith(f"Nothing was changed: Follow-up {refs} hold words typed")
    said = _cli("check", str(book))
    assert all(f"Follow-up {ref} holds" in said for ref in cells)
    assert api.refresh_file(book, as_of=AS_OF).dropped == {"Follow-up": list(cells)}
    assert _typed_rows(book) == [("Follow-up", int(ref[1:]), ref, str(value)) for ref, value in cells.items()]


def test_with_every_session_id_renamed_the_rows_are_told_by_their_rep_and_counts(tmp_path):
    """Both Log IDs renamed (S-1 -> T-1, S-2 -> T-2): none of Follow-up's first cells is one the refresh
    writes, so each row is told by the columns a refresh row fills (a session ID, a text in Rep, a number)."""
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _inserted(book, "Follow-up", {"A3": "S-9", "B3": 5, "C3": 3})  # a number as the rep: no refresh row
    wb = load_workbook(book)
    for row in wb["Log"].iter_rows(min_row=2):
        if row[0].value in ("S-1", "S-2"):
            row[0].value = row[0].value.replace("S-", "T-")
    wb.save(book)
    # by hand: rows 2 and 4 (S-1, S-2: a rep's name and counts) the refresh's; row 3's three cells named
    said = _cli("check", str(book))
    assert "Follow-up A3 holds" in said and "Follow-up B3 holds" in said and "Follow-up A4" not in said
    assert api.refresh_file(book, as_of=AS_OF).dropped == {"Follow-up": ["A3", "B3", "C3"]}
