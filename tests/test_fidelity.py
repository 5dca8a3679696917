"""A refresh touches only what it owns: every other part of a user's workbook stays byte for byte.

The fixtures are workbooks as people leave them (see tests/fidelity_kit.py): a user's chart on
Follow-up with an Excel chart extension, a user's chart beside the tool's on Aggregate, a chart
sheet, an image and a shape, a form control, a pivot table over Follow-up, comments, an own sheet with
x14 data bars and sparklines, a defined name, and an .xlsm with a VBA project.  The naive refresh
(openpyxl load and save, benchmarks/naive_refresh.py) runs as the negative control: it must fail the
same checks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.worksheet.formula import ArrayFormula
from python_calamine import CalamineWorkbook

from benchmarks.naive_refresh import naive_refresh
from coachlog_xl import api, schema
from coachlog_xl.core.inputs import ArrayPart, RawTable, by_schema, formula_words
from coachlog_xl.workbook import celledits, package, writer
from coachlog_xl.workbook.stylesxml import Styles
from tests import fidelity_kit as kit
from tests.wbkit import soffice_convert

FIRST, SECOND = dt.date(2026, 6, 1), dt.date(2026, 6, 2)

# The tool's charts on Aggregate for these fixtures: mean delta by method, by criterion, before/after
# per session, decisions by month.
TOOL_CHARTS = 4


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> tuple[Path, str]:
    """The user's workbook after one refresh, with a chart added beside the tool's and the threshold
    lowered from 80 to 60 since (so the next refresh has new results to write)."""
    path = tmp_path_factory.mktemp("fidelity") / "team.xlsx"
    kit.base_workbook(path)
    kit.patch_user_parts(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    anchor = kit.add_user_chart_to_aggregate(path)
    kit.type_setting(path, "threshold", 80, 60)
    return path, anchor


@pytest.fixture(scope="module")
def xlsm(rich, tmp_path_factory) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("fidelity") / "team.xlsm"
    return path, kit.make_xlsm(rich[0], path)


def _copy(src: Path, tmp_path: Path, folder: str = "work") -> Path:
    """A copy of ``src`` in its own folder under ``tmp_path`` (keeping the file name)."""
    (tmp_path / folder).mkdir(exist_ok=True)
    dst = tmp_path / folder / src.name
    shutil.copy(src, dst)
    return dst


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def stored(path: Path) -> dict[str, bytes]:
    """Each entry's bytes as stored in the archive (compressed), read from its local header."""
    out = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            fh.seek(info.header_offset)
            head = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", head[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            out[info.filename] = fh.read(info.compress_size)
    return out


def owned_parts(path: Path) -> set[str]:
    """What a refresh may rewrite: the computed sheets, the Log and Start here, and the drawing holding
    the tool's charts on Aggregate with its relationships and the tool's chart parts (found through
    the package's own relationships, not through the code under test)."""
    z = kit.Zip(path)
    sheets = {z.sheet(s.name) for s in schema.COMPUTED_SHEETS} | {z.sheet("Log"), z.sheet(schema.START)}
    drawing = next(t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t))
    drawing_rels = posixpath.join(posixpath.dirname(drawing), "_rels", posixpath.basename(drawing) + ".rels")
    charts = set(z.targets(drawing)) - {"xl/charts/userChart1.xml"}
    return sheets | {drawing, drawing_rels} | charts


def untouched_problems(before: Path, after: Path, owned: set[str]) -> list[str]:
    """Every part outside ``owned``: still there, same bytes, same stored (compressed) bytes."""
    old, new = parts(before), parts(after)
    old_raw, new_raw = stored(before), stored(after)
    problems = [f"{n}: added" for n in new if n not in old and n not in owned]
    for name, data in old.items():
        if name in owned:
            continue
        if name not in new:
            problems.append(f"{name}: dropped")
        elif new[name] != data:
            problems.append(f"{name}: rewritten")
        elif new_raw[name] != old_raw[name]:
            problems.append(f"{name}: recompressed")
    return problems


def test_a_refresh_keeps_every_part_it_does_not_own_byte_for_byte(rich, tmp_path):
    path = _copy(rich[0], tmp_path)
    before = _copy(path, tmp_path, "before")
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert untouched_problems(before, path, owned_parts(before)) == []
    old, new = parts(before), parts(path)
    followup = kit.Zip(before).sheet("Follow-up")
    assert old[followup] != new[followup]  # the owned parts were written: threshold 60 changes results
    rows = {r[0]: r for r in load_workbook(path)["Follow-up"].iter_rows(min_row=2, values_only=True)}
    met = schema.FOLLOWUP.keys.index("at_threshold")
    # At 60 (was 80): Ann Lee's 70 75 80 85 82 88 90 79 84 86 all count; Bo Chan's 60 62 61 60 63 of ten.
    assert (rows["S-1"][met], rows["S-2"][met]) == (10, 5)


def test_the_naive_openpyxl_refresh_fails_the_same_check(rich, tmp_path):
    path = _copy(rich[0], tmp_path)
    before = _copy(path, tmp_path, "before")
    naive_refresh(path, as_of=SECOND)
    problems = untouched_problems(before, path, owned_parts(before))
    assert problems != []
    lost = {p.split(":")[0] for p in problems}
    notes = kit.Zip(before).sheet("My notes")  # its x14 data bar and sparklines
    assert {"xl/ctrlProps/ctrlProp1.xml", "xl/drawings/userDrawing1.xml", "xl/pivotCache/pivotCacheDefinition1.xml",
            "xl/workbook.xml", "xl/charts/userChart1.xml", notes} <= lost


def test_a_users_chart_beside_the_tools_keeps_its_anchor_and_part(rich, tmp_path):
    path = _copy(rich[0], tmp_path)
    old = parts(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    new = parts(path)
    anchor = rich[1]
    drawing = next(n for n, d in new.items() if n.startswith("xl/drawings/drawing") and anchor.encode() in d)
    assert new["xl/charts/userChart1.xml"] == old["xl/charts/userChart1.xml"]
    names = re.findall(r'cNvPr id="\d+" name="([^"]+)"', new[drawing].decode())
    tool = [f"coachlog_xl chart {i}" for i in range(1, TOOL_CHARTS + 1)]
    assert sorted(names) == sorted(["My own Aggregate chart", *tool])
    charts = load_workbook(path)["Aggregate"]._charts
    assert len(charts) == TOOL_CHARTS + 1


def test_a_macro_workbook_keeps_its_vba_project_and_every_other_part(xlsm, tmp_path):
    path = _copy(xlsm[0], tmp_path)
    before = _copy(path, tmp_path, "before")
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert untouched_problems(before, path, owned_parts(before)) == []
    assert parts(path)["xl/vbaProject.bin"] == xlsm[1]
    assert "macroEnabled" in parts(path)["[Content_Types].xml"].decode()
    load_workbook(path, keep_vba=True)
    naive = _copy(xlsm[0], tmp_path, "naive")
    naive_refresh(naive, as_of=SECOND)
    assert untouched_problems(before, naive, owned_parts(before)) != []


def _without_stamp(xml: bytes) -> bytes:
    return re.sub(rb'<c r="B3"[^>]*?(/>|>.*?</c>)', b"", xml, flags=re.S)


def test_a_second_refresh_changes_nothing_but_the_stamp(rich, tmp_path):
    path = _copy(rich[0], tmp_path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    first = parts(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)  # recomputed and written again
    second = parts(path)
    assert list(first) == list(second)
    start = kit.Zip(path).sheet(schema.START)
    changed = [n for n in first if first[n] != second[n]]
    assert changed in ([], [start])
    assert _without_stamp(first[start]) == _without_stamp(second[start])
    assert load_workbook(path)[schema.START][schema.STAMP_CELL].value.startswith("Refreshed ")


def _red_pixels(ppm: bytes) -> int:
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    data = ppm[m.end():]
    return sum(1 for i in range(0, len(data) - 2, 3) if data[i] > 200 and data[i + 1] < 60 and data[i + 2] < 60)


def test_libreoffice_opens_the_refreshed_file_and_draws_both_charts(rich, tmp_path):
    path = _copy(rich[0], tmp_path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    pdf = soffice_convert(path, 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}',
                          tmp_path)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    text = "\n".join(pages)
    assert "Follow-up means (the user's" in text  # the title wraps in the chart
    assert "Mean delta by coaching method" in text
    page = next(i for i, p in enumerate(pages, start=1) if "Follow-up means" in p)
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "30", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    assert _red_pixels((tmp_path / "page.ppm").read_bytes()) > 100  # the user's red bars are drawn


def test_libreoffice_filters_every_row_a_refresh_wrote_and_workbook_xml_stays(tmp_path):
    """LibreOffice takes a sheet filter's range from the hidden name _xlnm._FilterDatabase in
    workbook.xml, which a refresh does not touch: a new workbook's name spans the whole columns, so
    the filter covers every row a refresh writes (a name at the header row filters the header alone)."""
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    book = kit.Zip(path).text("xl/workbook.xml")
    assert "'Follow-up'!$A$1:$" + get_column_letter(len(schema.FOLLOWUP.columns)) + "$1048576" in book
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert kit.Zip(path).text("xl/workbook.xml") == book
    saved = kit.Zip(soffice_convert(path, "xlsx", tmp_path / "lo"))  # another folder: a new file
    for sheet in (schema.FOLLOWUP, schema.CHECKS):
        rows = load_workbook(path, read_only=True)[sheet.name].max_row
        assert rows >= 3
        ref = re.search(r'<autoFilter ref="([^"]+)"', saved.text(saved.sheet(sheet.name))).group(1)
        first, last = ref.split(":")
        last_col, last_row = re.fullmatch(r"([A-Z]+)(\d*)", last).groups()
        # the filter spans the header and every row written (LibreOffice keeps whole columns as A:BJ)
        assert first in ("A", "A1") and last_col == get_column_letter(len(sheet.columns)), ref
        assert not last_row or int(last_row) >= rows, (sheet.name, ref, rows)


def _filter_checks(path: Path, filter_column: str) -> None:
    """Set a filter on the Checks sheet as Excel saves one: the choices inside its <autoFilter>."""
    z = kit.Zip(path)
    part = z.sheet("Checks")
    z.put(part, re.sub(r"<autoFilter ref=\"([^\"]+)\"\s*/>", rf'<autoFilter ref="\1">{filter_column}</autoFilter>',
                       z.text(part)))
    z.save(path)


def _hidden_codes(path: Path) -> tuple[list[str], list[str]]:
    """The codes of the Checks rows shown and of those hidden, as the saved sheet marks them."""
    z = kit.Zip(path)
    rows = re.findall(r'<row r="(\d+)"([^>]*)>(.*?)</row>', z.text(z.sheet("Checks")))  # a tall row has ht too
    code = get_column_letter(schema.CHECKS.keys.index("code") + 1)
    shown, hidden = [], []
    for r, flag, body in rows:
        if r == "1":
            continue
        text = re.search(rf'<c r="{code}{r}"[^>]*><is><t>([^<]*)</t>', body).group(1)
        (hidden if 'hidden="1"' in flag else shown).append(text)
    return shown, hidden


def test_a_filter_someone_set_on_a_computed_sheet_applies_to_the_rows_a_refresh_writes(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    codes = [r[schema.CHECKS.keys.index("code")] for r in
             load_workbook(path)["Checks"].iter_rows(min_row=2, values_only=True)]
    kept = codes[0]
    assert len(set(codes)) > 1 and codes.count(kept) < len(codes)
    col = schema.CHECKS.keys.index("code")
    _filter_checks(path,
                   f'<filterColumn colId="{col}"><filters><filter val="{kept.upper()}"/></filters></filterColumn>')
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    shown, hidden = _hidden_codes(path)
    assert shown == [c for c in codes if c == kept] and hidden == [c for c in codes if c != kept]  # case ignored
    assert f'<filterColumn colId="{col}">' in kit.Zip(path).text(kit.Zip(path).sheet("Checks"))  # the filter stays


@pytest.mark.parametrize("other", [
    '<filterColumn colId="2"><filters><filter val="2"/></filters></filterColumn>',  # a number: Excel's to format
    '<filterColumn colId="5"><customFilters><customFilter operator="notEqual" val="x"/></customFilters></filterColumn>',
])
def test_a_filter_of_another_kind_leaves_every_row_shown(tmp_path, other):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    _filter_checks(path, other)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    shown, hidden = _hidden_codes(path)
    assert shown and hidden == []


def test_a_filter_on_a_table_over_a_computed_sheet_applies_to_the_rows_a_refresh_writes(tmp_path):
    # Follow-up or Checks made a table (Insert > Table) and filtered from its buttons: the choices are
    # in the table's part, counted from the table's first column, and the sheet has no filter of its own
    from openpyxl.worksheet.table import Table

    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    wb = load_workbook(path)
    ws = wb["Checks"]
    codes = [r[schema.CHECKS.keys.index("code")] for r in ws.iter_rows(min_row=2, values_only=True)]
    kept = codes[-1]
    assert len(set(codes)) > 1
    ws.auto_filter.ref = None
    ws.add_table(Table(displayName="ChecksTable", ref=f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"))
    wb.save(path)
    z = kit.Zip(path)
    table = next(n for n in z.parts if n.startswith("xl/tables/") and b'"ChecksTable"' in z.parts[n])
    col = schema.CHECKS.keys.index("code")
    z.put(table, re.sub(r'<autoFilter ref="([^"]+)"\s*/>', rf'<autoFilter ref="\1"><filterColumn colId="{col}">'
                        rf'<filters><filter val="{kept}"/></filters></filterColumn></autoFilter>', z.text(table)))
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    shown, hidden = _hidden_codes(path)
    assert shown == [c for c in codes if c == kept] and hidden == [c for c in codes if c != kept]
    assert f'<filterColumn colId="{col}">' in kit.Zip(path).text(table)  # the filter stays


def test_a_sort_on_a_computed_sheets_own_filter_follows_its_rows(tmp_path):
    # sorted from the filter buttons of the sheet (no table): the sort's range is the filter's rows
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    n = sum(1 for _ in load_workbook(path)["Checks"].iter_rows(min_row=2))
    last = get_column_letter(len(schema.CHECKS.columns))
    z = kit.Zip(path)
    part = z.sheet("Checks")
    assert f'<autoFilter ref="A1:{last}{n + 1}"' in z.text(part)
    stale = n + 40  # as if the last refresh had written 40 rows more
    z.put(part, re.sub(r'<autoFilter ref="[^"]+"\s*/>',
                       f'<autoFilter ref="A1:{last}{stale}"><sortState ref="A2:{last}{stale}">'
                       f'<sortCondition descending="1" ref="C2:C{stale}"/></sortState></autoFilter>', z.text(part)))
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    got = kit.Zip(path).text(part)
    assert (f'<autoFilter ref="A1:{last}{n + 1}"><sortState ref="A2:{last}{n + 1}">'
            f'<sortCondition descending="1" ref="C2:C{n + 1}"/></sortState></autoFilter>') in got
    load_workbook(path)


def _write(src: Path, dst: Path, sheets: dict, cells: dict | None = None) -> list[str]:
    with open(dst, "wb") as fh:
        return package.refresh_package(src, fh, sheets, cells or {})


def test_cell_values_are_written_as_their_types_and_text_never_as_a_formula(tmp_path):
    src = tmp_path / "new.xlsx"
    api.new_workbook(src)
    sheet = schema.CHECKS
    n = len(sheet.columns)
    long_text = "x" * 40000
    rows = [
        ["=1+1", "bell\x07and\x1fnull\x00", long_text] + [None] * (n - 3),
        [dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30), float("nan"), True, 3, 2.5, "  padded  "]
        + [None] * (n - 7),
    ]
    _write(src, tmp_path / "out.xlsx", {sheet.name: (sheet, rows)})
    ws = load_workbook(tmp_path / "out.xlsx")[sheet.name]
    assert [c.value for c in ws[1]] == sheet.headers
    a2, b2, c2 = ws["A2"], ws["B2"], ws["C2"]
    assert (a2.value, a2.data_type) == ("=1+1", "s")
    assert b2.value == "bell_x0007_and_x001F_null_x0000_"  # (openpyxl reads the XML's text; Excel and calamine:)
    assert CalamineWorkbook.from_path(tmp_path / "out.xlsx").get_sheet_by_name(sheet.name).to_python()[1][1] \
        == "bell\x07and\x1fnull\x00"
    assert len(c2.value) == 32767 and c2.value.endswith("\u2026")
    assert (ws["A3"].value, ws["A3"].number_format) == (dt.datetime(2026, 3, 2), "yyyy-mm-dd")
    assert (ws["B3"].value, ws["B3"].number_format) == (dt.datetime(2026, 3, 2, 9, 30), "yyyy-mm-dd hh:mm")
    assert ws["C3"].value is None
    assert [ws["D3"].value, ws["E3"].value, ws["F3"].value, ws["G3"].value] == [True, 3, 2.5, "  padded  "]
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=n).column_letter}3"
    assert parts(tmp_path / "out.xlsx")["xl/styles.xml"] == parts(src)["xl/styles.xml"]


def test_a_column_the_sheet_does_not_have_yet_gets_a_width_and_its_number_format(tmp_path):
    src = tmp_path / "new.xlsx"
    api.new_workbook(src)
    extra = schema.C("spread", "Spread of deltas", schema.MEAN, width=13)
    sheet = dataclasses.replace(schema.AGGREGATE, columns=(*schema.AGGREGATE.columns, extra))
    n = len(sheet.columns)
    _write(src, tmp_path / "out.xlsx", {sheet.name: (sheet, [["by method", "role-play"] + [None] * (n - 3) + [1.25]])})
    ws = load_workbook(tmp_path / "out.xlsx")[sheet.name]
    cell = ws.cell(row=2, column=n)
    assert (ws.cell(row=1, column=n).value, cell.value, cell.number_format) == ("Spread of deltas", 1.25, "0.0")
    assert ws.column_dimensions[cell.column_letter].width == 13
    header = ws.cell(row=1, column=n)
    assert header.fill.fgColor.rgb == ws["A1"].fill.fgColor.rgb  # the header style of its neighbours


@pytest.mark.parametrize("new_formats", [False, True])
def test_parts_made_side_by_side_are_the_parts_one_process_makes(tmp_path, monkeypatch, new_formats):
    # The computed sheets and the Log are made in two processes where Linux gives two cores; a part
    # that needs a style the workbook lacks makes them all again in order, so the styles are numbered
    # as one process numbers them and every cell keeps its format.
    monkeypatch.setattr(package.workers, "CELLS", 0)  # side by side however small
    src = tmp_path / "new.xlsx"
    api.new_workbook(src)
    kinds = {schema.FOLLOWUP.name: "thousandths", schema.BASELINE.name: "tenth-percent",
             schema.AGGREGATE.name: "thousandths", schema.CHECKS.name: "tenth-percent"} if new_formats else {}
    monkeypatch.setitem(schema.NUMBER_FORMATS, "thousandths", "0.000")
    monkeypatch.setitem(schema.NUMBER_FORMATS, "tenth-percent", "0.0%")
    sheets = {}
    for base, n_rows in ((schema.FOLLOWUP, 300), (schema.BASELINE, 200), (schema.AGGREGATE, 5), (schema.CHECKS, 100)):
        sheet = base if base.name not in kinds else dataclasses.replace(
            base, columns=(*base.columns, schema.C("extra", "Extra", kinds[base.name], width=11)))
        sheets[sheet.name] = (sheet, [[f"{sheet.name} {r}"] + [None] * (len(sheet.columns) - 2) + [r / 7]
                                      for r in range(n_rows)])
    cells = {schema.LOG.name: [(2, 1, "S-1", None), (3, 2, dt.date(2026, 3, 2), "yyyy-mm-dd")]}
    written = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("COACHLOG_WORKERS", workers)
        _write(src, tmp_path / f"out{workers}.xlsx", sheets, cells)
        written[workers] = parts(tmp_path / f"out{workers}.xlsx")
    assert written["1"] == written["2"]
    wb = load_workbook(tmp_path / "out2.xlsx")
    for name, (sheet, rows) in sheets.items():
        last = wb[name].cell(row=len(rows) + 1, column=len(sheet.columns))
        assert last.value == pytest.approx((len(rows) - 1) / 7)
        assert last.number_format == schema.NUMBER_FORMATS.get(kinds.get(name), last.number_format)
    assert wb["Log"]["B3"].value == dt.datetime(2026, 3, 2)
    assert (written["2"]["xl/styles.xml"] != parts(src)["xl/styles.xml"]) is new_formats


def test_when_the_tools_charts_go_a_users_chart_on_the_same_drawing_stays(rich, tmp_path):
    out = tmp_path / "out.xlsx"
    _write(rich[0], out, {"Aggregate": (schema.AGGREGATE, [])})
    old, new = parts(rich[0]), parts(out)
    drawing = next(n for n, d in new.items() if n.startswith("xl/drawings/drawing") and rich[1].encode() in d)
    names = re.findall(r'cNvPr id="\d+" name="([^"]+)"', new[drawing].decode())
    assert names == ["My own Aggregate chart"]
    drawing_rels = drawing.replace("drawings/", "drawings/_rels/") + ".rels"
    tool_charts = set(re.findall(r'Target="/?([^"]+)"', old[drawing_rels].decode())) - {"xl/charts/userChart1.xml"}
    gone = {n for n in old if n not in new}
    assert len(tool_charts) == TOOL_CHARTS and gone == tool_charts
    assert all(new[n] == old[n] for n in old if n.startswith("xl/charts/") and n not in tool_charts)
    types = new["[Content_Types].xml"].decode()
    assert all(f'"/{n}"' not in types for n in gone)
    assert [len(ws._charts) for ws in load_workbook(out).worksheets if ws.title in ("Aggregate", "Follow-up")] == [1, 1]


def test_with_no_chart_left_the_tools_drawing_is_removed_cleanly(tmp_path):
    src = tmp_path / "team.xlsx"
    kit.base_workbook(src)
    api.refresh_file(src, as_of=FIRST, backup=False)
    assert len(load_workbook(src)["Aggregate"]._charts) == TOOL_CHARTS
    out = tmp_path / "out.xlsx"
    _write(src, out, {"Aggregate": (schema.AGGREGATE, [])})
    new = parts(out)
    z = kit.Zip(out)
    aggregate_rels = new[z.sheet("Aggregate").replace("worksheets/", "worksheets/_rels/") + ".rels"].decode()
    assert "relationships/drawing" not in aggregate_rels and "relationships/vmlDrawing" in aggregate_rels
    assert "<drawing" not in new[z.sheet("Aggregate")].decode()
    assert load_workbook(out)["Aggregate"]._charts == []
    assert {n for n in parts(src) if n not in new} and all(f'"/{n}"' not in new["[Content_Types].xml"].decode()
                                                          for n in parts(src) if n not in new)


def test_on_the_log_only_the_tool_cells_change(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    before = _copy(path, tmp_path, "before")
    log = kit.Zip(before).sheet("Log")
    head = [c.value for c in load_workbook(before)["Log"][1]]
    tool = [load_workbook(before)["Log"].cell(row=1, column=head.index(c.header) + 1).column_letter
            for c in schema.LOG.tool_columns()]
    api.refresh_file(path, as_of=SECOND, backup=False)

    def others(xml: bytes) -> bytes:
        xml = re.sub(rb' spans="[^"]*"', b"", xml)
        return re.sub(rb'<c r="(?:' + "|".join(tool).encode() + rb')\d+"[^>]*?(/>|>.*?</c>)', b"", xml, flags=re.S)
    old, new = parts(before)[log], parts(path)[log]
    assert old != new and others(old) == others(new)
    wb = load_workbook(path)
    cell = wb["Log"].cell(row=3, column=head.index("Baseline mean") + 1)
    # Bo Chan's baseline: the last ten of 60 62 64 66 68 70 58 62 66 69 61 63 -> 64+66+68+70+58+62+66+69+61+63 = 647
    assert (cell.value, cell.number_format, cell.fill.fgColor.rgb[-6:]) == (pytest.approx(64.7), "0.0", "E7E6E6")


def _log_with_baseline_columns(path: Path):
    """The base workbook made at ``path``, opened by openpyxl: the workbook, its Log and the columns
    (1-based) of Baseline mean, n and recorded on."""
    kit.base_workbook(path)
    wb = load_workbook(path)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    return wb, log, tuple(head.index(h) + 1 for h in ("Baseline mean", "Baseline n", "Baseline recorded on"))


def test_a_persons_number_format_on_a_baseline_cell_is_kept_when_it_shows_the_value(tmp_path):
    """A value written into a cell keeps the cell's number format, as when it is typed in Excel: a
    supervisor's 0.00 on a mean, dd/mm/yyyy on a date and #,##0 on a count stay, with their fill; a
    General cell, or one whose format would show the value as something else (a date as 0.00), gets the
    tool's format."""
    path = tmp_path / "team.xlsx"
    wb, log, (mean, n, on) = _log_with_baseline_columns(path)
    for col, fmt in ((mean, "0.00"), (n, "#,##0"), (on, "dd/mm/yyyy")):
        log.cell(row=2, column=col).number_format = fmt
    log.cell(row=2, column=mean).fill = PatternFill("solid", fgColor="FFFF00")
    for col, fmt in ((mean, "General"), (n, "yyyy-mm-dd"), (on, "0.00")):
        log.cell(row=3, column=col).number_format = fmt
    wb.save(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    log = load_workbook(path)["Log"]
    # both reps: the last ten of 60 62 64 66 68 70 58 62 66 69 61 63 -> 647 / 10
    assert [log.cell(row=r, column=mean).value for r in (2, 3)] == [pytest.approx(64.7)] * 2
    assert [log.cell(row=2, column=c).number_format for c in (mean, n, on)] == ["0.00", "#,##0", "dd/mm/yyyy"]
    assert log.cell(row=2, column=mean).fill.fgColor.rgb[-6:] == "FFFF00"
    assert [log.cell(row=3, column=c).number_format for c in (mean, n, on)] == ["0.0", "0", "yyyy-mm-dd"]


def test_a_number_formats_kind_is_read_past_its_literal_text_and_colours():
    ids = (0, 2, 15, 49, 9, 20, 46, *range(164, 176))
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for i in ids)
    codes = ['[Red]0.0;[Blue]-0.0', '[h]:mm', '"days: "0', 'dd/mm/yyyy', '@" pts"', '\\d0', '0.0%', ';;;',
             '0;-0;;@', '[$-409]h:mm AM/PM', '"n/a"', '[>=100]0;0.0']
    numfmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{c.replace(chr(34), "&quot;")}"/>'
                      for i, c in enumerate(codes))
    styles = Styles(f'<styleSheet xmlns="{kit.MAIN}"><numFmts>{numfmts}</numFmts><cellXfs>{xfs}</cellXfs>'
                    "</styleSheet>".encode())
    assert [styles.number_kind(i) for i in range(len(ids))] == [
        "general", "number", "date", "text", "percent", "time", "time",
        "number", "time", "number", "date", "text", "number", "percent", "hidden", "number", "time", "general",
        "number"]


def test_a_persons_format_that_would_not_show_the_baseline_gets_the_tools(tmp_path):
    """A mean of 64.7 in a 0% cell would show 6470%, a count in a ;;; cell nothing, a date in a time
    format 0:00 (or, as a duration, 1108176:00): those cells get the tool's format.  A count format
    hiding only zeros and text (0;-0;;@) shows 10 and is kept."""
    path = tmp_path / "team.xlsx"
    wb, log, (mean, n, on) = _log_with_baseline_columns(path)
    for r, fmts in ((2, ("0%", ";;;", "h:mm")), (3, ("0.0%", "0;-0;;@", "[h]:mm"))):
        for col, fmt in zip((mean, n, on), fmts):
            log.cell(row=r, column=col).number_format = fmt
    wb.save(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    log = load_workbook(path)["Log"]
    assert [log.cell(row=r, column=mean).value for r in (2, 3)] == [pytest.approx(64.7)] * 2
    assert [log.cell(row=2, column=c).number_format for c in (mean, n, on)] == ["0.0", "0", "yyyy-mm-dd"]
    assert [log.cell(row=3, column=c).number_format for c in (mean, n, on)] == ["0.0", "0;-0;;@", "yyyy-mm-dd"]


def test_a_blank_baseline_on_an_earlier_row_does_not_change_the_format_kept_on_a_later_one():
    """A recorded n of 0 leaves the mean blank (written with the tool's 0.0); the next row's mean, in the
    same column formatted 0.000 by a person, keeps 0.000."""
    styles = Styles(f'<styleSheet xmlns="{kit.MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/>'
                    '</numFmts><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
                    "</styleSheet>".encode())
    xml = (f'<worksheet xmlns="{kit.MAIN}"><cols><col min="1" max="1" style="1"/></cols><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row></sheetData></worksheet>').encode()
    edited = celledits.edit_cells(xml, [(2, 1, None, "0.0"), (3, 1, 64.7, "0.0")], styles).decode()
    assert '<c r="A3" s="1"><v>64.7</v></c>' in edited


def test_a_new_number_format_gets_an_id_no_format_of_the_workbook_has():
    """LibreOffice writes built-in codes as numbered formats too (164 General, 165 0): a format added
    after them is numbered past them, not 164 again (two formats 164: Excel repairs the file)."""
    styles = Styles(f'<styleSheet xmlns="{kit.MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="General"/>'
                    '<numFmt numFmtId="165" formatCode="0"/></numFmts><cellXfs count="1"><xf numFmtId="164" '
                    'fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>'.encode())
    added = styles.with_format(0, "0.0")
    xml = styles.updated_xml().decode()
    assert re.findall(r'numFmtId="(\d+)" formatCode', xml) == ["164", "165", "166"]
    assert styles.xfs[added][0] == "166" and 'formatCode="0.0"' in xml


def test_the_log_reader_and_the_baseline_writer_find_the_same_columns():
    """A header spelled another way is found by both; a user's column with the same header after the
    tool's columns is neither's: the first match wins for both."""
    header = ["Session ID", "Baseline_mean", "baseline  N", "Baseline recorded on", "Decision", "Baseline mean"]
    table = RawTable.from_rows("Log", header, [["S-1", 64.5, 10, dt.date(2026, 6, 1), "close", "my note"]], first_row=7)
    read = by_schema(table, schema.LOG)[0].iloc[0]
    assert (read["baseline_mean"], read["baseline_n"]) == (64.5, 10)  # columns 2 and 3, not column 6
    updates = pd.DataFrame([{"_row": 7, "baseline_mean": 70.0, "baseline_n": 10,
                             "baseline_recorded_on": dt.date(2026, 6, 2)}])
    cells = writer.log_cells(header, updates)
    assert [(row, col) for row, col, *_ in cells] == [(7, 2), (7, 3), (7, 4)]


def test_a_formula_in_a_baseline_column_is_never_written_over(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    head = [c.value for c in wb["Log"][1]]
    mean, n, on = (head.index(h) + 1 for h in ("Baseline mean", "Baseline n", "Baseline recorded on"))
    wb["Log"].cell(row=2, column=mean).value = '=IF(TRUE,"","")'  # no cached value: it reads as blank
    wb.save(path)
    result = api.refresh_file(path, as_of=FIRST, backup=False)
    log = load_workbook(path)["Log"]
    assert [log.cell(row=2, column=c).value for c in (mean, n, on)] == ['=IF(TRUE,"","")', None, None]
    # Bo Chan's row is recorded as usual: 647 / 10 (see test_on_the_log_only_the_tool_cells_change)
    assert [log.cell(row=3, column=c).value for c in (mean, n, on)] \
        == [pytest.approx(64.7), 10, dt.datetime(2026, 6, 1)]
    checks = result.checks
    assert list(checks[checks["code"] == "formula-in-baseline-column"]["row"]) == [2]


def _today_in_recorded_on(path, cached: bool) -> tuple[int, int, int]:
    """The base workbook at ``path`` with =TODAY() typed in row 2's Baseline recorded on, saved without a
    value (a script's openpyxl) or, ``cached``, with the value Excel stores with it: 2026-05-20, day
    46174 - 12 (see test_dates_are_written...); the columns of Baseline mean, Baseline n and Baseline
    recorded on."""
    kit.base_workbook(path)
    wb = load_workbook(path)
    head = [c.value for c in wb["Log"][1]]
    mean, n, on = (head.index(h) + 1 for h in ("Baseline mean", "Baseline n", "Baseline recorded on"))
    wb["Log"].cell(row=2, column=on).value = "=TODAY()"
    wb.save(path)
    if cached:
        z = kit.Zip(path)
        part = z.sheet("Log")
        body, k = re.subn(rf'(<c r="{get_column_letter(on)}2"[^>]*>)<f>TODAY\(\)</f>(?:<v\s*/>|<v>\s*</v>)?',
                          r"\g<1><f>TODAY()</f><v>46162</v>", z.text(part))
        assert k == 1
        z.parts[part] = body.encode("utf-8")
        z.save(path)
    return mean, n, on


@pytest.mark.parametrize("cached", [False, True])
def test_a_formula_typed_in_baseline_recorded_on_is_named_as_the_teams_own_not_as_a_cleared_cell(tmp_path, cached):
    """=TODAY() typed in a session's Baseline recorded on, its mean and n blank: saved without a value (a
    script's openpyxl) or with one (as Excel saves it), Checks names the formula, which the refresh
    keeps, and not a mean cleared since a refresh recorded the baseline; the baseline is not recorded."""
    path = tmp_path / "team.xlsx"
    mean, n, on = _today_in_recorded_on(path, cached)
    checks = api.refresh_file(path, as_of=FIRST, backup=False).checks
    assert "recorded-mean-cleared" not in set(checks["code"])
    said = checks[checks["code"] == "formula-in-baseline-column"]
    assert list(said["row"]) == [2] and list(said["value"]) == ["=TODAY()"]
    problem = said["problem"].iloc[0]
    assert "holds the formula =TODAY()" in problem and "never writes over a formula" in problem
    assert ("showing 2026-05-20" in problem) is cached and "cleared" not in problem
    log = load_workbook(path)["Log"]
    assert [log.cell(row=2, column=c).value for c in (mean, n, on)] == [None, None, "=TODAY()"]


def test_a_baseline_of_the_teams_own_typed_as_the_formula_checks_fix_says_is_kept_without_another_error(tmp_path):
    """Baseline recorded on holding =TODAY(): for a baseline of one's own the fix says to type its mean and n
    and leave Baseline recorded on blank (a typed baseline, kept and used); a date typed there too would make
    the cells a recorded baseline, and one dated before the session an error saying they are another
    session's."""
    path = tmp_path / "team.xlsx"
    mean, n, on = _today_in_recorded_on(path, cached=True)
    checks = api.refresh_file(path, as_of=FIRST, backup=False).checks
    fix = checks.set_index("code").loc["formula-in-baseline-column", "fix"]
    assert "type its Baseline mean and Baseline n and leave Baseline recorded on blank" in fix
    wb = load_workbook(path)
    for col, value in ((mean, 50), (n, 10), (on, None)):
        wb["Log"].cell(row=2, column=col).value = value
    wb.save(path)
    result = api.refresh_file(path, as_of=SECOND, backup=False)
    codes = set(result.checks.loc[result.checks["row"] == 2, "code"])
    assert not codes & {"formula-in-baseline-column", "recorded-before-session", "recorded-mean-cleared"}
    assert result.followup.set_index("session_id").loc["S-1", "baseline_mean"] == 50
    log = load_workbook(path)["Log"]
    assert [log.cell(row=2, column=c).value for c in (mean, n, on)] == [50, 10, None]


def test_a_filled_down_formulas_first_cell_is_never_written_over():
    """Excel stores a formula filled down as a shared formula: its first cell holds the formula text of
    all of them, so writing over it would break the others."""
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="str"><f t="shared" ref="B2:B3" si="0">IF(A2=1,"",A2)</f>'
           b'<v></v></c></row><row r="3"><c r="B3"><f t="shared" si="0"/><v>7</v></c></row></sheetData></worksheet>'
           )
    assert celledits.formula_cells(xml, {2}) == {(2, 2): 'IF(A2=1,"",A2)', (3, 2): ""}
    assert celledits.formula_cells(xml, {1}) == {}
    edited = celledits.edit_cells(xml, [(2, 2, 64.5, "0.0"), (3, 2, 64.5, "0.0")], Styles(package._EMPTY_STYLES))
    assert edited == xml


def test_the_cells_an_array_formula_spills_into_are_never_written_over():
    """Excel stores a dynamic array's spill (or a legacy array formula entered over several cells) as
    the formula in its first cell, with the range in ref, and only the values in the others: a value
    written there would be overwritten when Excel calculates (and a spill blocked, #SPILL!)."""
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="str"><f t="array" ref="B2:B3" aca="1">IF(A2:A3=1,"",A2:A3)'
           b'</f><v></v></c><c r="C2"/></row><row r="3"><c r="B3" t="str"><v></v></c><c r="C3"/></row>'
           b'<row r="4"><c r="B4"/></row></sheetData></worksheet>')
    found = celledits.formula_cells(xml, {2})
    assert found == {(2, 2): 'IF(A2:A3=1,"",A2:A3)', (3, 2): "B2:B3"} and isinstance(found[(3, 2)], ArrayPart)
    assert formula_words(found[(3, 2)]) == "part of the array formula in B2 (its range B2:B3)"
    assert celledits.formula_cells(xml, {3}) == {}
    edited = celledits.edit_cells(xml, [(r, c, 64.5, "0.0") for r in (2, 3, 4) for c in (2, 3)],
                                  Styles(package._EMPTY_STYLES)).decode()
    cells = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', edited))
    assert [cells[ref] for ref in ("B3", "C2", "C3", "B4")] == ["<v></v>", "<v>64.5</v>", "<v>64.5</v>", "<v>64.5</v>"]
    assert "<v></v>" in cells["B2"] and "64.5" not in cells["B2"]


def test_a_baseline_cell_inside_an_array_formulas_range_is_named_as_part_of_it(tmp_path):
    """A legacy array formula entered over Baseline mean's rows 2 and 3 (or a spill) without its values:
    row 2 holds the formula, row 3 part of its range, not a filled-down formula; neither is written."""
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    head = [c.value for c in wb["Log"][1]]
    col = get_column_letter(head.index("Baseline mean") + 1)
    wb["Log"][f"{col}2"] = ArrayFormula(f"{col}2:{col}3", '=IF(TRUE,"","")')
    wb["Log"][f"{col}3"] = 0  # (a cell for the range's second, stored below as Excel stores it: no value yet)
    wb.save(path)
    z = kit.Zip(path)
    part = z.sheet("Log")
    body, k = re.subn(rf'<c r="{col}3"([^>]*)><v>0</v></c>', rf'<c r="{col}3"\1/>', z.text(part))
    assert k == 1
    z.parts[part] = body.encode("utf-8")
    z.save(path)
    checks = api.refresh_file(path, as_of=FIRST, backup=False).checks
    said = checks[checks["code"] == "formula-in-baseline-column"].set_index("row")["problem"]
    assert list(said.index) == [2, 3]
    assert 'Baseline mean holds the formula =IF(TRUE,"","")' in said[2]
    assert f"Baseline mean holds part of the array formula in {col}2 (its range {col}2:{col}3)" in said[3]
    assert "filled-down" not in said[3]


def test_a_tall_spill_and_a_column_of_array_formulas_are_each_never_written_over():
    """A spill down 100 rows (C2:C101) and a formula on each row that Excel saved as an array formula of
    its own cell (B2, B3, ...): none of their cells is written; the cells beside and below them are."""
    rows = "".join(f'<row r="{r}"><c r="B{r}"><f t="array" ref="B{r}">MAX(A{r})</f><v>1</v></c>'
                   + (f'<c r="C{r}"><f t="array" ref="C2:C101">SEQUENCE(100)</f><v>1</v></c>' if r == 2 else
                      f'<c r="C{r}"><v>{r - 1}</v></c>' if r <= 101 else "") + "</row>" for r in range(2, 103))
    xml = f'<worksheet xmlns="{kit.MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    found = celledits.formula_cells(xml, {3})
    assert sorted(found) == [(r, 3) for r in range(2, 102)] and found[(2, 3)] == "SEQUENCE(100)"
    edits = [(r, c, 64.5, "0.0") for r in (2, 50, 101, 102) for c in (2, 3, 4)]
    edited = celledits.edit_cells(xml, edits, Styles(package._EMPTY_STYLES)).decode()
    written = set(re.findall(r'<c r="([A-Z]+\d+)"[^>]*><v>64.5</v>', edited))
    assert written == {"D2", "D50", "D101", "C102", "D102"}


def test_rows_written_without_row_numbers_are_edited_where_they_stand():
    """ECMA-376 lets a writer leave out a row's r attribute (the row after the one before) and a cell's
    (the column after the one before): the third row is row 3, its second cell B3."""
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    xml = (b"<worksheet " + ns + b"><sheetData>"
           b'<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>mean</t></is></c></row>'
           b'<row><c t="inlineStr"><is><t>S-1</t></is></c><c t="inlineStr"><is><t>typed</t></is></c></row>'
           b'<row><c t="inlineStr"><is><t>S-2</t></is></c></row>'
           b"</sheetData></worksheet>")
    edited = celledits.edit_cells(xml, [(3, 2, 64.5, None)], Styles(package._EMPTY_STYLES)).decode()
    assert edited.count("<row") == 3  # no row added
    rows = edited.split("<row")[1:]
    assert "S-2" in rows[2] and 'r="B3"' in rows[2] and "<v>64.5</v>" in rows[2]
    assert "64.5" not in rows[0] + rows[1]


def test_dates_are_written_in_the_workbooks_own_date_system(tmp_path):
    """A workbook in the 1904 date system (Excel for Mac's option) counts days from 1904-01-01."""
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904  # the same dates, stored as 1904 serials
    wb.save(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    z = kit.Zip(path)
    # 2026-06-01 is day 46174 from 1899-12-30, and 46174 - 1462 (the days from there to 1904-01-01) = 44712
    # from 1904-01-01; the sessions of 2026-03-01 are day 44620
    log = load_workbook(path)["Log"]
    head = [c.value for c in log[1]]
    on = log.cell(row=2, column=head.index("Baseline recorded on") + 1).coordinate
    assert re.search(rf'<c r="{on}"[^>]*><v>44712(\.0)?</v>', z.text(z.sheet("Log")))
    session_at = get_column_letter(schema.FOLLOWUP.keys.index("session_at") + 1)
    assert re.search(rf'<c r="{session_at}2"[^>]*><v>44620(\.0)?</v>', z.text(z.sheet("Follow-up")))
    assert load_workbook(path)["Log"][on].value == dt.datetime(2026, 6, 1)


def test_a_workbook_saved_by_libreoffice_refreshes_with_its_own_styles_and_parts_kept(rich, tmp_path):
    """Another producer: shared strings, relative targets, its own style table and number format ids."""
    saved = soffice_convert(_copy(rich[0], tmp_path, "lo"), "xlsx", tmp_path)
    before = _copy(saved, tmp_path, "before")
    api.refresh_file(saved, as_of=SECOND, backup=False)
    assert untouched_problems(before, saved, owned_parts(before)) == []
    assert parts(saved)["xl/styles.xml"] == parts(before)["xl/styles.xml"]
    wb = load_workbook(saved)
    rows = {r[0]: r for r in wb["Follow-up"].iter_rows(min_row=2, values_only=True)}
    assert rows["S-1"][schema.FOLLOWUP.keys.index("followup_mean")] == pytest.approx(81.9)  # 819 / 10
    assert len(wb["Aggregate"]._charts) == TOOL_CHARTS + 1 and len(wb["Follow-up"]._charts) == 1


def test_a_table_on_a_computed_sheet_grows_and_shrinks_with_the_data(tmp_path):
    from openpyxl.worksheet.table import Table

    src = tmp_path / "new.xlsx"
    api.new_workbook(src)
    wb = load_workbook(src)
    last = wb["Checks"].cell(row=1, column=len(schema.CHECKS.columns)).column_letter
    wb["Checks"].auto_filter.ref = None  # a table brings its own filter
    wb["Checks"].add_table(Table(displayName="ChecksTable", ref=f"A1:{last}2"))
    wb.save(src)
    rows = [[f"check {i}"] + [None] * (len(schema.CHECKS.columns) - 1) for i in range(3)]
    for n, expected in ((3, f"A1:{last}4"), (0, f"A1:{last}2")):  # a table keeps one data row when empty
        out = tmp_path / f"out{n}.xlsx"
        _write(src, out, {"Checks": (schema.CHECKS, rows[:n])})
        table = load_workbook(out)["Checks"].tables["ChecksTable"]
        assert (table.ref, table.autoFilter.ref) == (expected, expected)


def test_a_sort_on_a_computed_sheets_table_follows_its_rows_and_its_total_row_is_switched_off(tmp_path):
    from openpyxl.worksheet.table import Table

    src = tmp_path / "new.xlsx"
    api.new_workbook(src)
    wb = load_workbook(src)
    last = wb["Checks"].cell(row=1, column=len(schema.CHECKS.columns)).column_letter
    wb["Checks"].auto_filter.ref = None
    wb["Checks"].add_table(Table(displayName="ChecksTable", ref=f"A1:{last}9"))
    wb.save(src)
    z = kit.Zip(src)
    table = next(n for n in z.parts if n.startswith("xl/tables/") and b'"ChecksTable"' in z.parts[n])
    # as Excel writes a table sorted by its second column, with a Total Row counting the first
    body = z.text(table).replace(f'ref="A1:{last}9"', f'ref="A1:{last}9" totalsRowCount="1"', 1)
    body = re.sub(r"<autoFilter [^>]*/>", f'<autoFilter ref="A1:{last}8"/><sortState ref="A2:{last}8">'
                  '<sortCondition ref="B2:B8"/></sortState>', body, count=1)
    body = body.replace('<tableColumn id="1" name="Severity"',
                        '<tableColumn id="1" name="Severity" totalsRowFunction="count"')
    z.parts[table] = body.encode("utf-8")
    z.save(src)
    rows = [[f"check {i}"] + [None] * (len(schema.CHECKS.columns) - 1) for i in range(3)]
    out = tmp_path / "out.xlsx"
    _write(src, out, {"Checks": (schema.CHECKS, rows)})
    got = parts(out)[table].decode()
    assert re.search(r"<table [^>]*>", got).group(0).count("totalsRowCount") == 0
    assert f'ref="A1:{last}4"' in got and f'<autoFilter ref="A1:{last}4"/>' in got
    assert f'<sortState ref="A2:{last}4"><sortCondition ref="B2:B4"/>' in got
    assert 'totalsRowFunction="count"' in got  # as Excel keeps it when the Total Row is switched off
    assert load_workbook(out)["Checks"].tables["ChecksTable"].ref == f"A1:{last}4"


def test_a_table_on_a_computed_sheet_keeps_its_names_equal_to_its_header_cells(tmp_path):
    # Excel takes a table whose column names differ from its header cells for damage (it drops the
    # table on open): a header renamed in the sheet, and a column a person added to the table
    from openpyxl.worksheet.table import Table

    src = tmp_path / "new.xlsx"
    api.new_workbook(src)
    wb = load_workbook(src)
    ws, width = wb["Checks"], len(schema.CHECKS.columns)
    ws.auto_filter.ref = None
    ws.cell(row=1, column=2, value="Renamed by me")
    ws.cell(row=1, column=width + 1, value="My notes")
    for r in range(2, 6):
        ws.cell(row=r, column=width + 1, value=f"note {r}")
    last, mine = get_column_letter(width), get_column_letter(width + 1)
    ws.add_table(Table(displayName="ChecksTable", ref=f"A1:{mine}5"))
    wb.save(src)
    z = kit.Zip(src)
    table = next(n for n in z.parts if n.startswith("xl/tables/") and b'"ChecksTable"' in z.parts[n])
    # a filter and a sort on the person's column, beside a sort on one of the tool's
    body = re.sub(r"<autoFilter [^>]*/>", f'<autoFilter ref="A1:{mine}5"><filterColumn colId="{width}">'
                  '<filters><filter val="note 2"/></filters></filterColumn></autoFilter>'
                  f'<sortState ref="A2:{mine}5"><sortCondition ref="B2:B5"/><sortCondition ref="{mine}2:{mine}5"/>'
                  "</sortState>", z.text(table), count=1)
    z.parts[table] = body.encode("utf-8")
    z.save(src)
    rows = [[f"check {i}"] + [None] * (width - 1) for i in range(3)]
    out = tmp_path / "out.xlsx"
    _write(src, out, {"Checks": (schema.CHECKS, rows)})
    got = parts(out)[table].decode()
    names = re.findall(r'<tableColumn [^>]*name="([^"]*)"', got)
    header = [c.value for c in load_workbook(out)["Checks"][1]]
    assert names == header == [c.header for c in schema.CHECKS.columns]
    assert f'<tableColumns count="{width}">' in got and f'ref="A1:{last}4"' in got
    assert "filterColumn" not in got and f'<sortState ref="A2:{last}4"><sortCondition ref="B2:B4"/></sortState>' in got
    assert load_workbook(out)["Checks"].tables["ChecksTable"].ref == f"A1:{last}4"
    soffice_convert(out, "csv", tmp_path / "lo")  # LibreOffice opens it


def test_a_deleted_computed_sheet_comes_back_and_every_part_the_refresh_does_not_own_stays(tmp_path):
    from click.testing import CliRunner

    from coachlog_xl.cli import main

    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    del wb["Checks"]
    wb.save(path)
    before = _copy(path, tmp_path, "before")
    result = CliRunner().invoke(main, ["refresh", str(path)])
    assert result.exit_code == 0, result.output
    names = load_workbook(path).sheetnames
    assert names[names.index("Aggregate") + 1] == "Checks"  # where the template has it, before the person's sheets
    owned = owned_parts(path) | {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    z = kit.Zip(path)
    # (openpyxl's save left out the tool's charts on Aggregate: linked anew); Checks comes back with its
    # header notes, a comments part and its VML drawing
    for sheet in ("Aggregate", "Checks"):
        part = z.sheet(sheet)
        owned.add(posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"))
    owned |= set(z.targets(z.sheet("Checks")))
    assert untouched_problems(before, path, owned) == []


def test_a_large_part_compressed_on_a_thread_is_the_same_deflate_stream(monkeypatch):
    # deflate hands a big part to a second thread a megabyte at a time; where no thread starts
    # (Pyodide) it compresses in line.  Both give the stream one compressor gives for the whole part.
    import zlib

    from coachlog_xl.workbook import zipparts

    chunks = [f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>call {i * 7919 % 10007}</t></is></c></row>'.encode()
              * 40 for i in range(3000)]
    whole = b"".join(chunks)
    one = zlib.compressobj(zipparts.LEVEL, zlib.DEFLATED, -15)
    expected = one.compress(whole) + one.flush()
    threaded = zipparts.deflate(iter(chunks))
    monkeypatch.setattr(zipparts.ThreadPoolExecutor, "submit", lambda *a, **k: (_ for _ in ()).throw(
        RuntimeError("can't start new thread")))
    in_line = zipparts.deflate(iter(chunks))
    assert len(whole) > 3 * zipparts._BATCH
    for got in (threaded, in_line):
        assert got.data == expected and got.crc == zlib.crc32(whole) and got.size == len(whole)


def test_a_filter_of_texts_is_read_with_its_blanks_entities_and_prefix_and_other_kinds_are_not():
    from coachlog_xl.workbook.filters import hidden_rows, text_filters

    tail = ('</x:sheetData><x:autoFilter ref="A1:C9"><x:filterColumn colId="2"><x:filters blank="1">'
            '<x:filter val="Tom &amp; Ann"/><x:filter val=\'Complete\'/></x:filters></x:filterColumn></x:autoFilter>')
    assert text_filters(tail) == {2: ({"tom & ann", "complete"}, True)}
    columns = [[1, 2, 3, 4], ["a", "b", "c", "d"], ["complete", None, "expired", "TOM & ANN"]]
    assert hidden_rows(tail, columns) == {2}
    dates = ('<autoFilter ref="A1:C9"><filterColumn colId="0"><filters><dateGroupItem year="2026" '
             'dateTimeGrouping="year"/></filters></filterColumn></autoFilter>')
    assert text_filters(dates) is None
    assert text_filters('<autoFilter ref="A1:C9"/>') is None
    assert hidden_rows('<autoFilter ref="A1:C9"><filterColumn colId="7"><filters><filter val="x"/></filters>'
                       '</filterColumn></autoFilter>', columns) == set()  # a column the sheet no longer has


_ANCHOR = re.compile(r"<((?:\w+:)?)(oneCellAnchor|twoCellAnchor|absoluteAnchor)\b.*?</\1\2>", re.S)


def _drawing_charts(z: kit.Zip, drawing: str) -> tuple[list[str], dict[str, str]]:
    """The drawing's anchors, and the chart part each rId of its relationships points at."""
    rels = z.text(drawing.replace("drawings/", "drawings/_rels/") + ".rels")
    targets = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', rel).group(1), re.search(r'Target="([^"]+)"', rel).group(1)
        targets[rid] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl/drawings", target))
    return [m.group(0) for m in _ANCHOR.finditer(z.text(drawing))], targets


def _chart_of(anchor: str, targets: dict[str, str]) -> str:
    return targets[re.search(r'r:id="([^"]+)"', anchor).group(1)]


def _drawings(z: kit.Zip, sheet: str) -> list[str]:
    """The drawing parts of a sheet."""
    return [t for t in z.targets(z.sheet(sheet)) if re.search(r"drawings/drawing\d+\.xml$", t)]


def _tool_drawing(tmp_path: Path) -> tuple[Path, kit.Zip, str]:
    src = tmp_path / "team.xlsx"
    kit.base_workbook(src)
    api.refresh_file(src, as_of=FIRST, backup=False)
    z = kit.Zip(src)
    return src, z, _drawings(z, "Aggregate")[0]


def test_a_copy_of_a_tools_chart_that_a_person_retitled_or_pasted_is_theirs_and_stays(tmp_path):
    # LibreOffice names a pasted copy of "coachlog_xl chart 1" "coachlog_xl chart 5" (past the four the
    # tool draws); a copy keeping the name "coachlog_xl chart 2" but retitled is the person's as well
    src, z, drawing = _tool_drawing(tmp_path)
    anchors, targets = _drawing_charts(z, drawing)
    first = anchors[0]
    chart = z.text(_chart_of(first, targets))
    copies = []
    for k, (name, title) in enumerate([("coachlog_xl chart 5", None), ("coachlog_xl chart 2", "Own view of it")]):
        part = f"xl/charts/userCopy{k}.xml"
        body = chart if title is None else re.sub(r"Mean delta by [^<]*", title, chart, count=1)
        z.put(part, body, "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
        z.rel(drawing, f"rIdCopy{k}", "chart", part)
        copy = re.sub(r'name="coachlog_xl chart \d+"', f'name="{name}"', first, count=1)
        copy = re.sub(r'(cNvPr id=")\d+', rf"\g<1>{90 + k}", copy, count=1)
        copies.append(re.sub(r'r:id="[^"]+"', f'r:id="rIdCopy{k}"', copy, count=1))
    z.insert(drawing, anchors[-1], "".join(copies))
    z.save(src)
    before = parts(src)
    api.refresh_file(src, as_of=SECOND, backup=False)
    after = kit.Zip(src)
    new_anchors, new_targets = _drawing_charts(after, drawing)
    assert all(copy in new_anchors for copy in copies)  # each copy's anchor as it was
    assert all(after.parts[f"xl/charts/userCopy{k}.xml"] == before[f"xl/charts/userCopy{k}.xml"] for k in (0, 1))
    names = sorted(re.search(r'cNvPr id="\d+" name="([^"]+)"', a).group(1) for a in new_anchors)
    tool = [f"coachlog_xl chart {i}" for i in range(1, TOOL_CHARTS + 1)]
    assert names == sorted([*tool, "coachlog_xl chart 5", "coachlog_xl chart 2"])


def test_a_tools_chart_grouped_with_a_persons_text_box_keeps_the_group_and_gets_this_refreshs_chart(tmp_path):
    src, z, drawing = _tool_drawing(tmp_path)
    anchors, targets = _drawing_charts(z, drawing)
    first = anchors[0]
    p = re.match(r"<((?:\w+:)?)", first).group(1)
    frame = re.search(rf"<{p}graphicFrame\b.*?</{p}graphicFrame>", first, re.S).group(0)
    box = (f'<{p}sp macro="" textlink=""><{p}nvSpPr><{p}cNvPr id="80" name="TextBox 79"/><{p}cNvSpPr txBox="1"/>'
           f'</{p}nvSpPr><{p}spPr><a:xfrm><a:off x="300000" y="300000"/><a:ext cx="2400000" cy="400000"/></a:xfrm>'
           f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></{p}spPr><{p}txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>'
           f"<a:t>Role-play works best</a:t></a:r></a:p></{p}txBody></{p}sp>")
    group = (f'<{p}grpSp><{p}nvGrpSpPr><{p}cNvPr id="81" name="Group 80"/><{p}cNvGrpSpPr/></{p}nvGrpSpPr>'
             f'<{p}grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="6480000" cy="2700000"/><a:chOff x="0" y="0"/>'
             f'<a:chExt cx="6480000" cy="2700000"/></a:xfrm></{p}grpSpPr>{frame}{box}</{p}grpSp>')
    grouped = first.replace(frame, group)
    z.parts[drawing] = z.text(drawing).replace(first, grouped).encode("utf-8")
    chart = _chart_of(first, targets)
    title = re.search(r"<a:t>(Mean delta by [^<]*)</a:t>", z.text(chart)).group(1)
    z.parts[chart] = re.sub(r"\$\d+<", "$999<", z.text(chart)).encode("utf-8")  # ranges a refresh must redo
    z.save(src)
    plain = _copy(src, tmp_path, "plain")  # the same workbook without the group: the chart as a refresh draws it
    ungrouped = kit.Zip(plain)
    ungrouped.parts[drawing] = ungrouped.text(drawing).replace(grouped, first).encode("utf-8")
    ungrouped.save(plain)
    api.refresh_file(src, as_of=SECOND, backup=False)
    api.refresh_file(plain, as_of=SECOND, backup=False)
    after = kit.Zip(src)
    new_anchors, new_targets = _drawing_charts(after, drawing)
    assert grouped in new_anchors  # the group, its text box and its frame, as the person left them
    names = [re.search(r'cNvPr id="\d+" name="([^"]+)"', a).group(1) for a in new_anchors]
    assert names.count("coachlog_xl chart 1") == 0 and len(new_anchors) == TOOL_CHARTS  # no second copy drawn
    drawn = kit.Zip(plain)
    plain_anchors, plain_targets = _drawing_charts(drawn, drawing)
    fresh = next(drawn.parts[_chart_of(a, plain_targets)] for a in plain_anchors
                 if title in drawn.text(_chart_of(a, plain_targets)))
    assert after.parts[chart] == fresh and b"$999<" not in after.parts[chart]
    again = parts(src)
    api.refresh_file(src, as_of=SECOND, backup=False, cache=False)
    assert {n: d for n, d in parts(src).items() if n != after.sheet("Start here")} == \
        {n: d for n, d in again.items() if n != after.sheet("Start here")}


def test_a_workbook_saved_by_openpyxl_gets_the_tools_charts_redrawn_once_and_keeps_its_own(tmp_path):
    # openpyxl keeps every chart it reads but names each "Chart N": the tool's must still be told
    # apart (placed and sized as the tool places them), and a person's chart drawn with openpyxl kept
    from openpyxl.chart import BarChart, Reference

    src = _tool_drawing(tmp_path)[0]
    wb = load_workbook(src)
    ws = wb["Aggregate"]
    own = BarChart()
    own.title = "Mean delta by team lead"  # begins as a tool title does, but stands where the tool's never do
    own.add_data(Reference(ws, min_col=5, min_row=1, max_row=4), titles_from_data=True)
    ws.add_chart(own, "C3")
    wb.save(src)
    saved = _drawing_charts(kit.Zip(src), _drawings(kit.Zip(src), "Aggregate")[0])[0]
    assert not any("coachlog_xl chart" in a for a in saved) and len(saved) == TOOL_CHARTS + 1
    api.refresh_file(src, as_of=SECOND, backup=False)
    after = kit.Zip(src)
    drawings = _drawings(after, "Aggregate")
    anchors, targets = _drawing_charts(after, drawings[0])
    titles = sorted(re.search(r"<a:t>([^<]*)</a:t>", after.text(_chart_of(a, targets))).group(1) for a in anchors)
    assert len(drawings) == 1 and len(anchors) == TOOL_CHARTS + 1
    assert titles.count("Mean delta by team lead") == 1 and len(set(titles)) == TOOL_CHARTS + 1  # no chart twice
    names = [re.search(r'cNvPr id="\d+" name="([^"]+)"', a).group(1) for a in anchors]
    assert sorted(n for n in names if n.startswith("coachlog_xl")) == [f"coachlog_xl chart {i}"
                                                                      for i in range(1, TOOL_CHARTS + 1)]


def test_a_workbook_saved_by_openpyxl_then_libreoffice_gets_the_tools_charts_redrawn_not_doubled(tmp_path):
    # LibreOffice saves the tool's one cell anchors as two cell anchors and its 18 cm as 6,479,640 EMU
    src = _tool_drawing(tmp_path)[0]
    load_workbook(src).save(src)  # the charts named "Chart N", as a script's save names them
    saved = soffice_convert(src, "xlsx", tmp_path / "lo")
    z = kit.Zip(saved)
    anchors = _drawing_charts(z, _drawings(z, "Aggregate")[0])[0]
    assert len(anchors) == TOOL_CHARTS and all("twoCellAnchor" in a and 'name="Chart ' in a for a in anchors)
    charts = sum(1 for n in z.parts if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    api.refresh_file(saved, as_of=SECOND, backup=False)
    after = kit.Zip(saved)
    anchors, targets = _drawing_charts(after, _drawings(after, "Aggregate")[0])
    names = sorted(re.search(r'cNvPr id="\d+" name="([^"]+)"', a).group(1) for a in anchors)
    assert names == [f"coachlog_xl chart {i}" for i in range(1, TOOL_CHARTS + 1)]
    assert sum(1 for n in after.parts if re.fullmatch(r"xl/charts/chart\d+\.xml", n)) == charts  # four for four


def test_a_copy_of_a_tools_chart_on_another_sheet_is_a_persons_whatever_its_name_and_title(tmp_path):
    # a chart copied from Aggregate to Follow-up keeps the tool's name ("coachlog_xl chart 1") and title;
    # the tool draws on Aggregate only, so there it is the person's, and stays byte for byte
    src, z, drawing = _tool_drawing(tmp_path)
    anchors, targets = _drawing_charts(z, drawing)
    z.put("xl/charts/copied1.xml", z.parts[_chart_of(anchors[0], targets)],
          "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
    own = _drawings(z, "Follow-up")[0]  # the drawing of the person's own chart there
    z.rel(own, "rIdCopied", "chart", "xl/charts/copied1.xml")
    last = _drawing_charts(z, own)[0][-1]
    z.insert(own, last, re.sub(r'r:id="[^"]+"', 'r:id="rIdCopied"', anchors[0], count=1))
    z.save(src)
    before = parts(src)
    api.refresh_file(src, as_of=SECOND, backup=False)
    after = parts(src)
    for part in (own, own.replace("drawings/", "drawings/_rels/") + ".rels", "xl/charts/copied1.xml"):
        assert after[part] == before[part], part
    load_workbook(src)  # and the file still opens


# Before the sessions' follow-up windows close, Aggregate has seven rows and three charts (no session is
# valid yet: no before and after chart); once they close, nine rows and four. The tool anchors its first
# chart three rows below the table (0-based row 7 + 3 = 10, then 9 + 3 = 12), each 7.5 cm chart 17 rows
# below the last with a row's gap: the decisions chart, third then, is at row 10 + 18 + 18 = 46.
EARLY, LATER = dt.date(2026, 3, 3), dt.date(2026, 3, 20)
DECISIONS = "Suggested decisions by month (sessions held)"
_FRAME = re.compile(r"<((?:\w+:)?)graphicFrame\b.*?</\1graphicFrame>", re.S)


def _by_title(z: kit.Zip, drawing: str) -> dict[str, tuple[str, str]]:
    """A drawing's charts by their title: (anchor, chart part)."""
    anchors, targets = _drawing_charts(z, drawing)
    charts = {a: _chart_of(a, targets) for a in anchors}
    return {re.search(r"<a:t>([^<]*)</a:t>", z.text(part)).group(1): (a, part) for a, part in charts.items()}


def _row(anchor: str) -> int:
    return int(re.search(r"<(?:\w+:)?row>(\d+)<", anchor).group(1))


def _placement(anchor: str) -> str:
    """An anchor but its graphic frame: its element, attributes, corners, size and client data."""
    return _FRAME.sub("", anchor)


_XFRM = '<xfrm><a:off x="4114800" y="180000"/><a:ext cx="{}" cy="{}"/></xfrm>'
_FROM = "<from><col>{}</col><colOff>{}</colOff><row>{}</row><rowOff>{}</rowOff></from>"
_TO = "<to><col>{}</col><colOff>{}</colOff><row>{}</row><rowOff>{}</rowOff></to>"
# (anchor element, its attributes, its place, the frame's xfrm) as a person leaves the decisions chart
_PLACES = {
    # Excel keeps a dragged one cell anchor and rewrites its corner (its size as it was)
    "dragged in Excel": ("oneCellAnchor", "", _FROM.format(6, 228600, 1, 38100) + '<ext cx="6480000" cy="2700000" />',
                         None),
    # made 12 cm high in Excel: its corner where the tool put it
    "resized in Excel": ("oneCellAnchor", "", _FROM.format(0, 0, 46, 0) + '<ext cx="6480000" cy="4320000" />', None),
    # LibreOffice saves a chart as a two cell anchor moving with its cell, its size in the frame (rounded)
    "dragged in LibreOffice": ("twoCellAnchor", ' editAs="oneCell"',
                               _FROM.format(6, 167760, 1, 32400) + _TO.format(11, 335520, 15, 64800),
                               _XFRM.format(6479640, 2699640)),
    # at the tool's corner and size, but set to move and size with its cells (Excel's default anchor)
    "set to size with cells": ("twoCellAnchor", "", _FROM.format(0, 0, 46, 0) + _TO.format(5, 167760, 60, 32400),
                               _XFRM.format(6480000, 2700000)),
    # set to move nor size with cells: an absolute anchor
    "set to stay put": ("absoluteAnchor", "", '<pos x="4114800" y="180000" /><ext cx="6480000" cy="2700000" />', None),
}


@pytest.mark.parametrize("how", list(_PLACES))
def test_a_tools_chart_a_person_moved_or_resized_keeps_its_anchor_and_shows_this_refreshs_chart(tmp_path, how):
    src = tmp_path / "team.xlsx"
    kit.base_workbook(src)
    api.refresh_file(src, as_of=EARLY, backup=False)
    plain = _copy(src, tmp_path, "plain")  # left as the tool placed it
    z = kit.Zip(src)
    drawing = _drawings(z, "Aggregate")[0]
    early = _by_title(z, drawing)
    assert sorted(_row(a) for a, _ in early.values()) == [10, 28, 46]
    anchor, early_chart = early[DECISIONS]
    element, attributes, place, xfrm = _PLACES[how]
    opening = re.match(r"<oneCellAnchor( [^>]*)>", anchor).group(1)  # the namespaces the tool declares there
    frame = _FRAME.search(anchor).group(0)
    moved = (f"<{element}{opening}{attributes}>{place}{frame.replace('<xfrm />', xfrm or '<xfrm />')}"
             f"<clientData /></{element}>")
    z.parts[drawing] = z.text(drawing).replace(anchor, moved).encode("utf-8")
    z.parts[early_chart] = re.sub(r"\$\d+<", "$999<", z.text(early_chart)).encode("utf-8")  # ranges to redo
    z.save(src)
    api.refresh_file(src, as_of=LATER, backup=False)
    api.refresh_file(plain, as_of=LATER, backup=False)
    after, drawn = kit.Zip(src), kit.Zip(plain)
    charts, tools = _by_title(after, drawing), _by_title(drawn, drawing)
    assert sorted(charts) == sorted(tools) and len(charts) == TOOL_CHARTS
    kept, part = charts[DECISIONS]
    assert _placement(kept) == _placement(moved)  # where and as large as the person left it
    assert 'name="coachlog_xl chart 4"' in kept  # the fourth chart the tool draws now
    assert after.parts[part] == drawn.parts[tools[DECISIONS][1]] and b"$999<" not in after.parts[part]  # redrawn
    for title in set(charts) - {DECISIONS}:  # the others placed as the tool places them, lower: the table grew
        assert charts[title][0] == tools[title][0]
    assert sorted(_row(a) for t, (a, _) in charts.items() if t != DECISIONS) == [12, 30, 48]
    again = parts(src)
    api.refresh_file(src, as_of=LATER, backup=False, cache=False)
    assert {n: d for n, d in parts(src).items() if n != after.sheet("Start here")} == \
        {n: d for n, d in again.items() if n != after.sheet("Start here")}
    assert len(load_workbook(src)["Aggregate"]._charts) == TOOL_CHARTS


def test_libreoffices_anchors_at_the_tools_place_are_placed_again_and_one_it_moved_stays(tmp_path):
    src = tmp_path / "team.xlsx"
    kit.base_workbook(src)
    api.refresh_file(src, as_of=EARLY, backup=False)
    saved = soffice_convert(src, "xlsx", tmp_path / "lo")
    z = kit.Zip(saved)
    drawing = _drawings(z, "Aggregate")[0]
    early = _by_title(z, drawing)
    assert all(a.startswith('<xdr:twoCellAnchor editAs="oneCell">') for a, _ in early.values())
    anchor = early[DECISIONS][0]
    place = re.search(r"<xdr:from>.*?</xdr:to>", anchor, re.S).group(0)
    place_moved = _FROM.format(6, 167760, 1, 32400) + _TO.format(11, 335520, 15, 64800)
    moved = anchor.replace(place, re.sub(r"<(/?)(\w+)>", r"<\1xdr:\2>", place_moved))
    moved = re.sub(r'<a:off x="\d+" y="\d+"/>', '<a:off x="4114800" y="180000"/>', moved)
    z.parts[drawing] = z.text(drawing).replace(anchor, moved).encode("utf-8")
    z.save(saved)
    api.refresh_file(saved, as_of=LATER, backup=False)
    after = kit.Zip(saved)
    charts = _by_title(after, drawing)
    assert len(charts) == TOOL_CHARTS and _placement(charts[DECISIONS][0]) == _placement(moved)
    others = [a for t, (a, _) in charts.items() if t != DECISIONS]
    assert all(a.startswith("<oneCellAnchor") for a in others) and sorted(map(_row, others)) == [12, 30, 48]
    assert len(load_workbook(saved)["Aggregate"]._charts) == TOOL_CHARTS
    again = kit.Zip(soffice_convert(saved, "xlsx", tmp_path / "again"))  # LibreOffice reads the kept anchor
    anchors, targets = _drawing_charts(again, _drawings(again, "Aggregate")[0])
    assert len(anchors) == TOOL_CHARTS
    dragged = [a for a in anchors if re.search(r"<xdr:from><xdr:col>6</xdr:col>", a)]
    assert len(dragged) == 1 and DECISIONS in again.text(_chart_of(dragged[0], targets))


def _as_excel_saves(anchor: str) -> str:
    """A tool's one cell anchor as Excel saves a chart set to move but not size with its cells: a two cell
    anchor, its far corner where the chart ends (columns of 5.5 cm are not needed: the corner is not read),
    its frame 0 x 0, its client data saying it does not lock with the sheet."""
    row = _row(anchor)
    cy = int(re.search(r'cy="(\d+)"', anchor).group(1))
    anchor = re.sub(r"^<oneCellAnchor( [^>]*)>", r'<twoCellAnchor\1 editAs="oneCell">', anchor)
    anchor = anchor.replace("</oneCellAnchor>", "</twoCellAnchor>")
    anchor = re.sub(r'<ext cx="\d+" cy="\d+" />', _TO.format(5, 167760, row + round(cy / 190500), 0), anchor, count=1)
    anchor = anchor.replace("<xfrm />", '<xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xfrm>')
    return anchor.replace("<clientData />", '<clientData fLocksWithSheet="0"/>')


def test_tool_charts_excel_saved_unmoved_are_placed_again_lower_and_one_it_moved_stays(tmp_path):
    src = tmp_path / "team.xlsx"
    kit.base_workbook(src)
    api.refresh_file(src, as_of=EARLY, backup=False)
    z = kit.Zip(src)
    drawing = _drawings(z, "Aggregate")[0]
    text = z.text(drawing)
    for title, (anchor, _) in _by_title(z, drawing).items():
        saved = _as_excel_saves(anchor)
        if title == DECISIONS:  # dragged to G2 in Excel
            saved = saved.replace(_FROM.format(0, 0, 46, 0), _FROM.format(6, 228600, 1, 38100))
        text = text.replace(anchor, saved)
    z.parts[drawing] = text.encode("utf-8")
    z.save(src)
    api.refresh_file(src, as_of=LATER, backup=False)
    charts = _by_title(kit.Zip(src), drawing)
    assert len(charts) == TOOL_CHARTS
    assert re.search(r"<twoCellAnchor[^>]*><from><col>6</col><colOff>228600</colOff><row>1</row>", charts[DECISIONS][0])
    # the others placed as the tool places them, lower (the table grew by two rows), not left at 10 and 28
    others = [a for t, (a, _) in charts.items() if t != DECISIONS]
    assert all(a.startswith("<oneCellAnchor") for a in others) and sorted(map(_row, others)) == [12, 30, 48]
    assert len(load_workbook(src)["Aggregate"]._charts) == TOOL_CHARTS


def test_a_persons_note_on_a_computed_row_that_now_holds_another_session_is_named(tmp_path):
    # a note stays on its cell (the comments part is the person's); a session dated earlier moves the
    # rows under it down, so the notes left beside S-1 and S-2 now stand beside other sessions
    from click.testing import CliRunner
    from openpyxl.comments import Comment

    from coachlog_xl.cli import main

    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    wb = load_workbook(path)
    followup, aggregate = wb["Follow-up"], wb["Aggregate"]
    assert [followup.cell(r, 1).value for r in (2, 3)] == ["S-1", "S-2"]
    for ref in ("E2", "E3", "A1"):
        followup[ref].comment = Comment("Talk to this rep on Friday.", "Lee Park")
    group = [aggregate.cell(2, c).value for c in (1, 2)]
    aggregate["C2"].comment = Comment("Our main method.", "Lee Park")
    kit._type(wb["Log"], 4, schema.LOG, {
        "session_id": "S-0", "rep": "Ann Lee", "supervisor": "Lee Park", "session_date": dt.date(2026, 2, 25),
        "logged_at": dt.datetime(2026, 2, 25, 16), "criterion": kit.CRIT, "method": "role-play",
        "observation": "Went straight to troubleshooting.", "target": "Name the concern first.",
        "summary": "Reviewed a call.", "commitment": "Name the concern."})
    wb.save(path)
    result = api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    wb = load_workbook(path)
    assert [wb["Follow-up"].cell(r, 1).value for r in (2, 3, 4)] == ["S-0", "S-1", "S-2"]
    assert [wb["Aggregate"].cell(2, c).value for c in (1, 2)] == group  # the same group: its note is where it was
    assert wb["Follow-up"]["E2"].comment.text == "Talk to this rep on Friday."  # kept on its cell
    assert result.notes == {"Follow-up": ["E2", "E3"]}
    # the next refresh writes the rows in the same order: no note is named; one more session dated
    # earlier moves them again, and the command says so
    assert api.refresh_file(path, as_of=SECOND + dt.timedelta(days=1), backup=False, cache=False).notes == {}
    kit._type(wb["Log"], 5, schema.LOG, {**{k: v for k, v in zip(schema.LOG.keys, [c.value for c in wb["Log"][4]])},
                                         "session_id": "S-00", "session_date": dt.date(2026, 2, 20)})
    wb.save(path)
    out = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-03", "--no-backup", "--no-cache"])
    assert out.exit_code == 0 and "the notes on Follow-up E2, E3 now stand beside another session" in out.output


def _settings(xml: str) -> str:
    """What a person set on Follow-up besides its cells, as Excel writes it: a tab colour, no gridlines,
    a zoom, a split pane instead of the frozen one, a hidden and a wider column, columns grouped, a taller
    header, protection, conditional formats of their own, a link on a header, a print header and footer,
    gridlines printed and a page break."""
    edits = [
        (r"<sheetPr>", '<sheetPr><tabColor rgb="FFFF0000"/>'),
        (r'<sheetView workbookViewId="0">', '<sheetView showGridLines="0" zoomScale="85" zoomScaleNormal="85" '
                                            'workbookViewId="0">'),
        (r"<pane [^>]*/>", '<pane xSplit="3000" ySplit="1800" topLeftCell="C5" activePane="bottomRight"/>'),
        (r'<col width="26" customWidth="1"( style="\d+")? min="4" max="4" />',
         r'<col width="40" customWidth="1"\1 min="4" max="4"/>'),
        (r'<col width="11" customWidth="1" min="7" max="7" />', '<col width="11" hidden="1" customWidth="1" min="7" '
                                                                'max="7"/>'),
        (r'(<col [^>]*min="9" max="9") />', r'\1 outlineLevel="1"/>'),
        (r'(<row r="1") ht="\d+"', r'\1 ht="66"'),
        (r"</sheetData>", '</sheetData><sheetProtection sheet="1" objects="1" scenarios="1" autoFilter="0" sort="0"/>'),
        (r"<pageMargins", '<conditionalFormatting sqref="E:E"><cfRule type="containsText" dxfId="2" priority="40" '
                          'operator="containsText" '
                          'text="Lee"><formula>NOT(ISERROR(SEARCH("Lee",E1)))</formula></cfRule>'
                          '</conditionalFormatting><conditionalFormatting sqref="A2:A3 C3:C9"><cfRule '
                          'type="expression" '
                          'dxfId="1" priority="41"><formula>$A2&lt;&gt;""</formula></cfRule></conditionalFormatting>'
                          '<hyperlinks><hyperlink ref="A1" location="\'Start here\'!A1" '
                          'display="Session"/></hyperlinks>'
                          '<printOptions gridLines="1"/><pageMargins'),
        (r"(<pageSetup [^>]*/>)", r'\1<headerFooter><oddHeader>&amp;CFollow-up</oddHeader><oddFooter>Page &amp;P'
                                  r'</oddFooter></headerFooter><rowBreaks count="1" manualBreakCount="1"><brk id="20" '
                                  r'max="16383" man="1"/></rowBreaks>'),
    ]
    for pattern, new in edits:
        xml, n = re.subn(pattern, new, xml, count=1)
        assert n == 1, pattern
    return xml


def test_what_a_person_set_on_a_computed_sheet_besides_its_cells_stays_as_its_rows_grow(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    z = kit.Zip(path)
    part = z.sheet("Follow-up")
    z.parts[part] = _settings(z.text(part)).encode("utf-8")
    # a third session typed below the Log's last row (its table grown, as Excel grows it)
    log = z.sheet("Log")
    row = re.search(r'<row r="3"[^>]*>.*?</row>', z.text(log), re.S).group(0)
    row = re.sub(r'(r="[A-Z]*)3"', r'\g<1>4"', row)
    row = re.sub(r'<c r="A4"[^>]*?(?:/>|>.*?</c>)', '<c r="A4" t="inlineStr"><is><t>S-3</t></is></c>', row, count=1)
    z.parts[log] = z.text(log).replace("</sheetData>", row + "</sheetData>").encode("utf-8")
    table = next(n for n in z.parts if n.startswith("xl/tables/") and b'displayName="Log"' in z.parts[n])
    z.parts[table] = re.sub(rb'ref="A1:([A-Z]+)3"', rb'ref="A1:\g<1>4"', z.parts[table])
    z.save(path)
    before = kit.Zip(path).text(part)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    after = kit.Zip(path).text(part)
    assert [c.value for c in load_workbook(path)["Follow-up"]["A"][1:]] == ["S-1", "S-2", "S-3"]
    last = get_column_letter(len(schema.FOLLOWUP.columns))

    def outside(xml: str) -> str:
        return xml[:xml.index("<sheetData")] + xml[xml.index("</sheetData>"):]
    # every setting stays; only the ranges that follow the rows reach the new one (not C3:C9, nor E:E)
    grown = outside(before).replace(f'<dimension ref="A1:{last}3"', f'<dimension ref="A1:{last}4"').replace(
        f'<autoFilter ref="A1:{last}3"', f'<autoFilter ref="A1:{last}4"').replace(
        'sqref="A2:A3 C3:C9"', 'sqref="A2:A4 C3:C9"')
    assert outside(after) == grown
    assert re.search(r'<row r="1" ht="66"', after)
    assert api.refresh_file(path, as_of=SECOND, backup=False, cache=False).written is False  # nothing left to change
    load_workbook(path)
