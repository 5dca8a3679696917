"""`coachlog refresh` on workbooks it never made the way they are: a team's after a month in Excel, and
one saved by a tool that writes no styles part, no shared strings and no document properties.

tests/month_kit.py builds both (see its docstring for what the month's workbook holds).  Each test
compares the package part by part before and after a refresh run from the command line, checks the
values written by hand, and that a second refresh changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import schema
from tests import excel_kit as xk
from tests import fidelity_kit as kit
from tests import month_kit as mk
from tests.test_fidelity import parts, untouched_problems
from tests.test_fidelity_excel import only_gone_types_removed, package_problems
from tests.wbkit import run, soffice_convert

AS_OF = "2026-06-02"
# S-3 (Ann Lee) and S-4 (Bo Chan), both on 2026-03-12: the ten calls before each are the ten scored
# 2026-03-02 .. 03-11 (fidelity_kit.AFTER): Ann 70 75 80 85 82 88 90 79 84 86 = 819, Bo 60 55 62 58 61
# 57 60 59 63 56 = 591.
EXPECTED = {4: 81.9, 5: 59.1}


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("month") / "team.xlsx"
    mk.month_book(path)
    return path


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "team.xlsx"
    mk.plain_book(path)
    return path


@pytest.fixture(scope="module")
def empty_styles(tmp_path_factory) -> Path:
    """The plain workbook with its styles part written as ``<styleSheet/>``."""
    path = tmp_path_factory.mktemp("empty") / "team.xlsx"
    mk.plain_book(path, empty_styles=True)
    return path


@pytest.fixture(params=[False, True], ids=["no styles part", "an empty styles part"])
def styleless(request, plain, empty_styles) -> tuple[Path, bool]:
    """A workbook without styles: (its path, whether it has an empty styles part)."""
    return (empty_styles if request.param else plain), request.param


def _refreshed(src: Path, tmp_path: Path, *options: str) -> tuple[Path, Path]:
    """(the file as it was, the file refreshed by the command line)."""
    (tmp_path / "before").mkdir(parents=True, exist_ok=True)
    (tmp_path / "work").mkdir(parents=True, exist_ok=True)
    before, path = tmp_path / "before" / src.name, tmp_path / "work" / src.name
    shutil.copy(src, before)
    shutil.copy(src, path)
    result = run("refresh", path, "--as-of", AS_OF, "--no-backup", *options)
    assert result.exit_code == 0 and result.exception is None, result.output
    return before, path


def _tool_parts(path: Path) -> set[str]:
    """The parts a refresh owns: the computed sheets, the Log, Start here, the drawing on Aggregate and
    the tool's chart parts with what only they use, never a chartEx part a person put in that drawing."""
    z = kit.Zip(path)
    out = {z.sheet(s.name) for s in schema.COMPUTED_SHEETS} | {z.sheet("Log"), z.sheet(schema.START)}
    drawing = next(t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t))
    out |= {drawing, xk.rels_name(drawing), "[Content_Types].xml"}
    for chart in z.targets(drawing):
        if re.search(r"charts/chart\d+\.xml$", chart):
            out |= {chart, xk.rels_name(chart), *z.targets(chart)}
    return out


BOOK = "xl/workbook.xml"
_FILTER_NAME = re.compile(r'(<definedName name="_xlnm\._FilterDatabase" localSheetId="(\d+)" hidden="1">)([^<]*)<')


def _book_problems(before: Path, path: Path) -> list[str]:
    """What differs in workbook.xml but a computed sheet's hidden filter name, which a refresh writing more
    rows than Excel's last save left it covering sets to the sheet's whole columns: the same text with its
    last row 1048576 (README: What a refresh touches)."""
    old, new = parts(before)[BOOK].decode(), parts(path)[BOOK].decode()
    if _FILTER_NAME.sub(r"\1<", old) != _FILTER_NAME.sub(r"\1<", new):
        return [f"{BOOK}: more than the filter names rewritten"]
    titles = re.findall(r'<sheet name="([^"]+)"', old)
    computed = {s.name for s in schema.COMPUTED_SHEETS}
    problems = []
    for (_, at, was), (_, _, now) in zip(_FILTER_NAME.findall(old), _FILTER_NAME.findall(new)):
        whole = re.sub(r"\d+$", "1048576", was)
        if now != was and (titles[int(at)] not in computed or now != whole):
            problems.append(f"{BOOK}: the filter name of {titles[int(at)]} {was} became {now}")
    return problems


def test_a_month_old_excel_workbook_keeps_every_part_but_the_tools_byte_for_byte(month, tmp_path):
    before, path = _refreshed(month, tmp_path)
    assert untouched_problems(before, path, _tool_parts(before) | {BOOK}) == [] and _book_problems(before, path) == []
    assert only_gone_types_removed(before, path) and package_problems(path) == []
    old, new = parts(before), parts(path)
    gone = sorted(n for n in old if n not in new)
    assert all(re.match(r"xl/charts/(?:style|colors|_rels/chart)\d+\.xml", n) for n in gone), gone
    z = kit.Zip(path)  # the person's histogram stays in the drawing the tool's charts are redrawn in
    drawing = next(t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t))
    assert "xl/charts/chartEx2.xml" in z.targets(drawing)
    assert 'r:id="rIdCx2"' in z.text(drawing) and z.text(drawing).count("coachlog_xl chart") == 4


def _without(xml: bytes, cells: list[str]) -> bytes:
    xml = re.sub(rb'\sspans="[^"]*"', b"", xml)
    for ref in cells:
        xml = re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', b"", xml, flags=re.S)
    return xml


def test_on_the_month_old_log_only_the_tool_cells_of_its_moved_columns_are_written(month, tmp_path):
    before, path = _refreshed(month, tmp_path)
    order = mk.log_order()
    letter = {h: get_column_letter(order.index(h) + 1) for h in ("Baseline mean", "Baseline n", "Baseline recorded on")}
    assert letter == {"Baseline mean": "AB", "Baseline n": "AF", "Baseline recorded on": "AD"}
    written = [f"{c}{r}" for c in letter.values() for r in EXPECTED]
    log = kit.Zip(before).sheet("Log")
    assert _without(parts(path)[log], written) == _without(parts(before)[log], written)
    ws = load_workbook(path)["Log"]
    assert [ws[f"{c}1"].value for c in ("AB", "AC", "AD", "AF")] == ["Baseline Mean", "My note", "Baseline recorded on",
                                                                      "baseline n"]
    for row, mean in EXPECTED.items():
        assert ws[f"AB{row}"].value == pytest.approx(mean) and ws[f"AB{row}"].number_format == "0.0"
        assert ws[f"AF{row}"].value == 10
        assert ws[f"AD{row}"].value == dt.datetime(2026, 6, 2)
    assert (ws["F2"].value, ws["AC2"].value) == (4, "typed by me")  # the person's columns
    assert ws["AB4"].hyperlink is not None and ws.protection.sheet  # a link on a written cell, the password


def test_a_second_refresh_of_either_workbook_changes_nothing(month, plain, tmp_path):
    for n, book in enumerate((month, plain)):
        _, once = _refreshed(book, tmp_path / str(n))
        first = once.read_bytes()
        result = run("refresh", once, "--as-of", AS_OF, "--no-backup", "--no-cache")
        assert result.exit_code == 0 and "not rewritten" in result.output, result.output
        assert once.read_bytes() == first


def test_libreoffice_draws_the_chart_on_the_odd_named_sheet_of_the_refreshed_month_workbook(month, tmp_path):
    _, path = _refreshed(month, tmp_path)
    assert load_workbook(path)[mk.ODD_NAME]["A1"].value == "Ünïcødé"
    pdf = soffice_convert(path, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Aggregate by me" in text and "Ünïcødé" in text
    assert "hidden" not in text.split()  # the very hidden sheet stays hidden


def _styles_part(path: Path) -> tuple[str, bytes]:
    z = kit.Zip(path)
    rels = z.text("xl/_rels/workbook.xml.rels")
    target = re.findall(r'<Relationship [^>]*Type="[^"]*/styles"[^>]*/>', rels)
    assert len(target) == 1, rels
    name = re.search(r'Target="/?([^"]+)"', target[0]).group(1)
    name = name if name.startswith("xl/") else "xl/" + name
    return name, z.parts[name]


def test_the_styles_part_made_for_a_workbook_without_one_has_the_normal_cell_style(styleless, tmp_path):
    # Excel's styles parts name the Normal style (built-in style 0) over cell style record 0; without it
    # openpyxl warns "Workbook contains no default style" on every load.
    plain, _ = styleless
    _, path = _refreshed(plain, tmp_path)
    _, styles = _styles_part(path)
    assert re.search(rb'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>', styles)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_workbook(path)


def test_a_workbook_without_styles_gets_the_formats_its_written_cells_need(styleless, tmp_path):
    plain, empty = styleless
    before, path = _refreshed(plain, tmp_path)
    name, styles = _styles_part(path)
    assert name == "xl/styles.xml" and (name in parts(before)) == empty
    for piece in (b"<font>", b'<patternFill patternType="none"/>', b'<patternFill patternType="gray125"/>',
                  b"<border>"):  # what a style's font, fill and border 0 name
        assert piece in styles
    types = parts(path)["[Content_Types].xml"].decode()
    assert re.search(r'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                     r'officedocument.spreadsheetml.styles\+xml"/>', types)
    xfs = re.findall(rb"<xf\b", re.search(rb"<cellXfs\b.*?</cellXfs>", styles, re.S).group(0))
    for part, xml in parts(path).items():  # every style a cell or column names is there
        if part.startswith("xl/worksheets/"):
            used = [int(i) for i in re.findall(rb'\s(?:s|style)="(\d+)"', xml)]
            assert max(used, default=0) < len(xfs), part
    rels = "xl/_rels/workbook.xml.rels"  # (the new part listed there; a part already listed is kept)
    assert (parts(before)[rels] == parts(path)[rels]) == empty
    owned = _tool_parts(before) | {rels, name, BOOK}
    assert untouched_problems(before, path, owned) == [] and package_problems(path) == []
    assert _book_problems(before, path) == []
    ws = load_workbook(path)["Log"]
    head = [c.value for c in ws[1]]
    row = {key: ws.cell(row=4, column=head.index(schema.LOG.column(key).header) + 1)
           for key in ("baseline_mean", "baseline_n", "baseline_recorded_on")}
    assert row["baseline_mean"].value == pytest.approx(EXPECTED[4]) and row["baseline_mean"].number_format == "0.0"
    assert row["baseline_n"].value == 10
    assert row["baseline_recorded_on"].value == dt.datetime(2026, 6, 2)
    assert row["baseline_recorded_on"].number_format == "yyyy-mm-dd"
    with zipfile.ZipFile(path) as zf:
        assert not any(n.startswith("docProps/") or n == "xl/sharedStrings.xml" for n in zf.namelist())
    assert soffice_convert(path, "csv", tmp_path / "csv").stat().st_size > 0
