"""A pivot table standing on a computed sheet stops a refresh, in the file and in Excel, named with its
range and how to move it; its cells are not called typed.  A pivot table over a computed sheet standing
on a sheet of its own is left alone."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import xlwings as xw
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, excel
from coachlog_xl.cli import main
from coachlog_xl.workbook.pivots import Pivot, pivot_of, refusal
from tests import fidelity_kit as kit
from tests.wbkit import soffice_convert
from tests.xlbook import ENGINES, MemoryEngine, demo_files

AS_OF = dt.date(2026, 6, 30)
PIVOT_PARTS = ["xl/pivotTables/pivotTable1.xml", "xl/pivotCache/pivotCacheDefinition1.xml",
               "xl/pivotCache/pivotCacheRecords1.xml"]
SHOWN = ["Row Labels", "S-1", "S-2", "Grand Total"]  # the pivot table's cells: its rows over the two sessions
MOVE = "PivotTable Analyze > Move PivotTable > New Worksheet"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _refreshed(path: Path, note: bool = True) -> None:
    """The fidelity workbook (two sessions: Follow-up's rows 1 to 3) after a refresh, with a note typed
    in A80 of Follow-up."""
    kit.base_workbook(path)
    api.refresh_file(path, AS_OF, backup=False, cache=False)
    if note:
        wb = load_workbook(path)
        wb["Follow-up"]["A80"] = "Manager note: S-1 discussed in the team meeting"
        wb.save(path)


def _pivot_on_follow_up(path: Path, top: int = 6, above: dict | None = None, pages: str = "",
                        libreoffice: bool = False) -> None:
    """The pivot table of :mod:`tests.fidelity_kit` placed on Follow-up at Z6:Z9 (Insert > PivotTable >
    Existing Worksheet), its four cells written there as Excel writes them; ``top``: its first row
    instead, ``above``: the cells written over it (its report filters), ``pages``: the attributes its
    location gives them (``rowPageCount="1" colPageCount="1"``); ``libreoffice``: its root as LibreOffice
    writes it, without Excel's versions."""
    wb = load_workbook(path)
    for i, text in enumerate(SHOWN):
        wb["Follow-up"].cell(row=top + i, column=26, value=text)
    for ref, text in (above or {}).items():
        wb["Follow-up"][ref] = text
    wb.save(path)
    z = kit.Zip(path)
    z.put(PIVOT_PARTS[2], kit.PIVOT_RECORDS, f"{kit.CT}.spreadsheetml.pivotCacheRecords+xml")
    z.put(PIVOT_PARTS[1], kit.PIVOT_CACHE, f"{kit.CT}.spreadsheetml.pivotCacheDefinition+xml")
    z.rel(PIVOT_PARTS[1], "rId1", "pivotCacheRecords", PIVOT_PARTS[2])
    z.rel("xl/workbook.xml", "rIdPivotCache", "pivotCacheDefinition", PIVOT_PARTS[1])
    z.insert("xl/workbook.xml", "</workbook>",
             f'<pivotCaches><pivotCache cacheId="7" r:id="rIdPivotCache" xmlns:r="{kit.R}"/></pivotCaches>')
    location = f'<location ref="Z{top}:Z{top + 3}"' + (f" {pages}" if pages else "")
    part = kit.PIVOT_TABLE.replace('<location ref="A3:A6"', location)
    if libreoffice:
        part = re.sub(r' (created|updated|minRefreshable)Version="\d+"', "", part)
    z.put(PIVOT_PARTS[0], part,
          f"{kit.CT}.spreadsheetml.pivotTable+xml")
    z.rel(PIVOT_PARTS[0], "rId1", "pivotCacheDefinition", PIVOT_PARTS[1])
    z.rel(z.sheet("Follow-up"), "rIdPivot", "pivotTable", PIVOT_PARTS[0])
    z.save(path)


def _parts(path: Path, names: list[str]) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in names]


def test_a_pivot_table_on_follow_up_stops_the_refresh_before_anything_is_written(tmp_path):
    path = tmp_path / "team.xlsx"
    _refreshed(path)
    _pivot_on_follow_up(path)
    before = path.read_bytes()
    result = run("refresh", path, "--as-of", AS_OF, "--no-cache")
    said = " ".join(result.output.split())
    assert result.exit_code == 2
    assert 'team.xlsx: Nothing was changed: the pivot table "SessionsPivot" (Follow-up Z6:Z9) stands on a sheet' in said
    assert MOVE in said and "then refresh again" in said
    # the note is named as typed; the pivot table's own cells (Z6 to Z9) are not
    assert "Follow-up A80 holds words typed" in said
    assert "Z7" not in said and "Z8" not in said and "Z6," not in said and "what was typed" not in said
    assert path.read_bytes() == before
    left = {p.name for p in tmp_path.iterdir()} - {"team.xlsx", ".team.xlsx.coachlog-lock"}  # (the lock: kept)
    assert left == set()  # no backup, no cache, no temporary file


def test_without_typed_cells_only_the_pivot_table_is_named(tmp_path):
    path = tmp_path / "team.xlsx"
    _refreshed(path, note=False)
    _pivot_on_follow_up(path)
    result = run("refresh", path, "--as-of", AS_OF, "--no-cache")
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and '"SessionsPivot" (Follow-up Z6:Z9)' in said
    assert "typed" not in said


@pytest.mark.parametrize("above, pages, libreoffice", [
    # Excel: Rep as a report filter (PivotTable Fields > Filters) in the row above a blank one over the table
    ({"Z6": "Rep", "AA6": "(All)"}, 'rowPageCount="1" colPageCount="1"', False),
    # LibreOffice: its Filter button two rows over the table, with no report filter
    ({"Z6": "Filter"}, "", True),
    # LibreOffice with two report filters: the button, then the filters, then a blank row
    ({"Z4": "Filter", "Z5": "Supervisor", "AA5": "- all -", "Z6": "Criterion", "AA6": "- all -"},
     'rowPageCount="2" colPageCount="1"', True),
])
def test_the_report_filters_over_a_pivot_table_are_its_own_cells_not_typed_ones(tmp_path, above, pages, libreoffice):
    path = tmp_path / "team.xlsx"
    _refreshed(path)
    _pivot_on_follow_up(path, top=8, above=above, pages=pages, libreoffice=libreoffice)
    result = run("refresh", path, "--as-of", AS_OF, "--no-cache")
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and '"SessionsPivot" (Follow-up Z8:Z11)' in said
    assert "Follow-up A80 holds words typed" in said  # the note typed below; none of the filters' cells


@pytest.mark.parametrize("above, pages", [({"Z7": "Sessions by rep"}, ""),
                                          ({"Z5": "Sessions by rep", "Z6": "Rep", "AA6": "(All)"},
                                           'rowPageCount="1" colPageCount="1"')])
def test_a_title_typed_over_an_excel_pivot_tables_filters_is_named_as_typed(tmp_path, above, pages):
    # Excel puts no Filter button over a pivot table: the row over it (no filter) or over its filters and
    # their blank row is the sheet's, and what a person typed there is lost as the rest is
    path = tmp_path / "team.xlsx"
    _refreshed(path, note=False)
    _pivot_on_follow_up(path, top=8, above=above, pages=pages)
    said = " ".join(run("refresh", path, "--as-of", AS_OF, "--no-cache").output.split())
    title = next(iter(above))
    assert f"Follow-up {title} holds words typed on such a sheet" in said
    assert "Z6" not in said.replace(title, "") and "AA6" not in said


def test_only_the_rows_over_a_pivot_table_its_report_filters_take_are_its_own():
    # location Z8:AB11 with two report filters in one column, their values in the next: LibreOffice's
    # button in row 4, the filters in rows 5 and 6, a blank row 7
    pivot = pivot_of(b'<pivotTableDefinition name="P"><location ref="Z8:AB11" firstHeaderRow="1" '
                     b'rowPageCount="2" colPageCount="1"/>', "Follow-up")
    assert [pivot.covers(ref) for ref in ("Z4", "Z5", "AA6", "AB7", "Z3", "Y5", "AC5", "Z12")] == [
        True, True, True, True, False, False, False, False]
    # Excel's part (createdVersion on its root): no button, so row 4 is the sheet's
    excels = pivot_of(b'<pivotTableDefinition name="P" createdVersion="6"><location ref="Z8:AB11" '
                      b'rowPageCount="2" colPageCount="1"/>', "Follow-up")
    assert [excels.covers(ref) for ref in ("Z4", "Z5", "AA6", "AB7", "Y5")] == [False, True, True, True, False]
    # three filters across (Excel's Over, Then Down; colPageCount 3): two columns each and a blank one
    # between, past the table's; the filters' row 6 and the blank row 7 only
    across = pivot_of(b'<pivotTableDefinition name="P" createdVersion="6"><location ref="Z8:Z11" '
                      b'rowPageCount="1" colPageCount="3"/>', "Follow-up")
    assert [across.covers(ref) for ref in ("AG6", "AH6", "AG7", "Z7", "Z5")] == [True, False, True, True, False]


def test_a_pivot_table_over_follow_up_on_a_sheet_of_its_own_is_left_alone_and_typed_cells_still_warned(tmp_path):
    path = tmp_path / "team.xlsx"
    _refreshed(path)
    kit.patch_user_parts(path)  # the same pivot table over Follow-up, standing on the sheet "My notes"
    pivot = _parts(path, PIVOT_PARTS)
    result = run("refresh", path, "--as-of", AS_OF, "--no-cache")
    said = " ".join(result.output.split())
    assert result.exit_code == 0 and "pivot table" not in said
    assert "what was typed on them is gone: Follow-up A80. They are still in" in said
    assert _parts(path, PIVOT_PARTS) == pivot


def test_a_pivot_table_libreoffice_saved_on_follow_up_is_named_with_the_range_it_wrote(tmp_path):
    path = tmp_path / "team.xlsx"
    _refreshed(path, note=False)
    _pivot_on_follow_up(path)
    saved = soffice_convert(path, "xlsx", tmp_path / "lo")  # LibreOffice lays the pivot table out anew
    with zipfile.ZipFile(saved) as zf:
        [part] = [n for n in zf.namelist() if re.fullmatch(r"xl/pivotTables/pivotTable\d+\.xml", n)]
        ref = re.search(r'<location ref="([A-Z]+6:[A-Z]+\d+)"', zf.read(part).decode()).group(1)
    before = saved.read_bytes()
    result = run("refresh", saved, "--as-of", AS_OF, "--no-cache")
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and f'the pivot table "SessionsPivot" (Follow-up {ref}) stands on a sheet' in said
    assert "typed" not in said and saved.read_bytes() == before


def test_excels_own_pivot_table_part_gives_its_name_and_range():
    xml = (Path(__file__).parent / "fixtures" / "excel_parts" / "pivotTable1.xml").read_bytes()
    # <location ref="A3:D7" ...>, no report filter: no row over it is its own (Excel has no Filter button)
    assert pivot_of(xml, "Aggregate") == Pivot("PivotTable1", "Aggregate", "A3:D7", 0, 2)


def test_a_location_naming_no_block_of_cells_is_an_untold_range_not_a_traceback():
    for ref in ("", "A:C", "3:9", "not a range"):
        pivot = pivot_of(f'<pivotTableDefinition name="P"><location ref="{ref}" firstHeaderRow="1"/>'.encode(),
                         "Follow-up")
        assert (pivot.name, pivot.sheet, pivot.ref) == ("P", "Follow-up", None)
        said = refusal([pivot], {"Follow-up": ["A80"]})  # the sheet's typed cells not named: the range is untold
        assert '"P" (on Follow-up)' in said and "A80" not in said
    assert pivot_of(b'<pivotTableDefinition name="P"><location ref="$Z$6"/>', "Baseline").ref == "Z6"
    three = refusal([Pivot("A", "Follow-up", "Z6:Z9"), Pivot("B", "Baseline", None), Pivot("C", "Checks", "H1:I4")], {})
    assert 'the pivot tables "A" (Follow-up Z6:Z9), "B" (on Baseline) and "C" (Checks H1:I4) stand on sheets' in three


def test_the_refusal_names_every_pivot_table_and_leaves_out_their_cells_and_sheets_of_untold_ranges():
    pivots = [Pivot("Means", "Follow-up", "Z6:AB9"), Pivot("By rep", "Aggregate", None)]
    typed = {"Follow-up": ["AA7", "AB9", "AC9", "A80"], "Aggregate": ["T2"], "Checks": ["C90"]}
    text = refusal(pivots, typed)
    assert text.startswith('Nothing was changed: the pivot tables "Means" (Follow-up Z6:AB9) and "By rep" '
                           "(on Aggregate) stand on sheets that a refresh rewrites whole, so their cells would be "
                           "written over. Move each to a sheet of its own (")
    # AA7 and AB9 lie in Z6:AB9; Aggregate's T2 may be the pivot table's (its range is not told)
    assert text.endswith(" Follow-up AC9, A80; Checks C90 hold words typed on such a sheet, which a refresh does "
                         "not keep either: move them to a sheet of your own too (or clear them).")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


def _with_pivot_cells(files) -> tuple[dict, int]:
    """The demo's sheets as the file refresh left them, with a pivot table's four cells at Z{n+3}:Z{n+6}
    under Follow-up's n rows (header included) and a note in A{n+7}; returns the sheets and n."""
    sheets = files.after()
    n = len(sheets["Follow-up"])
    sheets["Follow-up"] += [[], []] + [[None] * 25 + [text] for text in SHOWN] + [["call back Tuesday"]]
    return sheets, n


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pivot_table_on_a_computed_sheet_stops_a_refresh_in_excel(engine, files):
    sheets, n = _with_pivot_cells(files)
    book = engine.open(sheets, pivots={"Follow-up": [("SessionsPivot", None)]})  # a range Lite does not tell
    with pytest.raises(xw.XlwingsError, match=r'Nothing was changed: the pivot table "SessionsPivot" \(on '
                                              r"Follow-up\) stands on a sheet") as raised:
        excel.refresh(book)
    assert MOVE in str(raised.value) and "typed" not in str(raised.value)
    assert engine.written_sheets(book) == set()
    excel.check(book)  # the Checks sheet has no pivot table: `check` writes it
    assert engine.written_sheets(book) == {"Checks"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pivot_table_on_the_checks_sheet_stops_a_check_in_words_of_a_check(engine, files):
    """The Check button rewrites only Checks: its refusal speaks of a check, not of a refresh."""
    sheets = files.after()
    sheets["Checks"] += [[None] * 25 + [text] for text in SHOWN] + [["see the Log"]]
    book = engine.open(sheets, pivots={"Checks": [("IssuesPivot", None)]})
    with pytest.raises(xw.XlwingsError, match=r'Nothing was changed: the pivot table "IssuesPivot" \(on '
                                              r"Checks\) stands on a sheet that a check rewrites whole") as raised:
        excel.check(book)
    assert str(raised.value).endswith("then run the check again.") and "refresh" not in str(raised.value)
    assert engine.written_sheets(book) == set()


def test_in_excel_a_pivot_tables_told_range_is_named_and_its_cells_are_not_called_typed(files):
    sheets, n = _with_pivot_cells(files)
    ref = f"Z{n + 3}:Z{n + 6}"
    book = MemoryEngine().open(sheets, pivots={"Follow-up": [("SessionsPivot", ref)]})  # as Excel on a desktop
    with pytest.raises(xw.XlwingsError) as raised:
        excel.refresh(book)
    text = str(raised.value)
    assert f'the pivot table "SessionsPivot" (Follow-up {ref}) stands on a sheet' in text
    assert f"Follow-up A{n + 7} holds words typed on such a sheet" in text
    assert f"Z{n + 4}" not in text and f"Z{n + 5}" not in text
    assert book.written_sheets() == set()


def test_in_excel_the_report_filters_over_a_pivot_tables_range_are_its_own_cells(files):
    """Excel's pivot table range (xlwings' ``range``, Excel's TableRange1) leaves out its report filters:
    two filters stand in Z:AA on the two rows over a blank row over the range, and are not called typed;
    a note typed in AB beside the first filter, past the two columns a filter takes, still is."""
    sheets = files.after()
    n = len(sheets["Follow-up"])
    sheets["Follow-up"] += ([[], []] + [[None] * 25 + [name, "(All)"] for name in ("Rep", "Criterion")] + [[]]
                            + [[None] * 25 + [text] for text in SHOWN])
    sheets["Follow-up"][n + 2] += ["ask QA"]  # AB{n+3}
    ref = f"Z{n + 6}:Z{n + 9}"
    book = MemoryEngine().open(sheets, pivots={"Follow-up": [("SessionsPivot", ref, ("Rep", "Criterion"))]})
    with pytest.raises(xw.XlwingsError) as raised:
        excel.refresh(book)
    text = str(raised.value)
    assert f'the pivot table "SessionsPivot" (Follow-up {ref}) stands on a sheet' in text
    assert f"Follow-up AB{n + 3} holds words typed on such a sheet" in text
    for cell in (f"Z{n + 3}", f"AA{n + 3}", f"Z{n + 4}", f"AA{n + 4}", f"Z{n + 7}"):
        assert cell not in text
    assert book.written_sheets() == set()
