"""A refresh of workbooks whose part names differ in case from one place of the package to another.

Open XML compares part names ignoring case (ECMA-376 Part 2, 6.2.2.3): a sheet stored as
``xl/worksheets/Sheet9.xml`` whose relationships part is ``xl/worksheets/_rels/sheet9.xml.rels``, or a
zip entry ``Sheet1.xml`` that the workbook's relationships name ``sheet1.xml``, is a package Excel and
LibreOffice open as any other.  The variants are made from the user's workbook of
tests/fidelity_kit.py with Python's zipfile.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook import leadrows
from coachlog_xl.workbook.package import Package
from coachlog_xl.workbook.partnames import alike_but_case
from coachlog_xl.workbook.parts import sheet_parts
from coachlog_xl.workbook.reader import check_signature
from coachlog_xl.workbook.toolcharts import CHART_TYPE, DRAWING_TYPE
from coachlog_xl.workbook.zipparts import ZipSource
from tests import fidelity_kit as kit
from tests.test_fidelity import owned_parts, parts, untouched_problems
from tests.test_package_layouts import SECOND, book, refreshed  # noqa: F401 - the fixtures: the kit's workbook and its refresh
from tests.wbkit import run, soffice_convert

SHEETS = re.compile(rb"worksheets/sheet(\d+)\.xml")


def _write(path: Path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)


def _upper(name: str) -> str:
    return name.replace("worksheets/sheet", "worksheets/Sheet")


def _alike_but_case(names) -> list[str]:
    folded: dict[str, list[str]] = {}
    for name in names:
        folded.setdefault(name.lower(), []).append(name)
    return sorted(n for same in folded.values() if len(same) > 1 for n in same)


def test_a_sheet_whose_relationships_part_differs_in_case_keeps_that_part_and_its_drawing(book, refreshed, tmp_path):  # noqa: F811
    """Every sheet named ``Sheet9.xml`` in the zip, the workbook's relationships and the content types,
    each sheet's relationships part left ``_rels/sheet9.xml.rels``: Aggregate's relationships part is
    found, and stays the one part under its own name, pointing at the same drawing (the tool's charts
    redrawn in it) and at the header notes; no part is added beside another alike but for case."""
    entries = parts(book)
    changed = {}
    for name, data in entries.items():
        if name.endswith(".rels") and "worksheets/_rels/" not in name or name == "[Content_Types].xml":
            data = SHEETS.sub(rb"worksheets/Sheet\1.xml", data)
        changed[name if "/_rels/" in name else _upper(name)] = data
    path, before = tmp_path / "team.xlsx", tmp_path / "before.xlsx"
    _write(path, changed)
    shutil.copy(path, before)
    z = kit.Zip(book)
    aggregate_rels = "xl/worksheets/_rels/sheet9.xml.rels"
    assert z.sheet("Aggregate") == "xl/worksheets/sheet9.xml"
    drawing = next(t for t in z.targets(z.sheet("Aggregate")) if "drawings/drawing" in t)

    api.refresh_file(path, as_of=SECOND, backup=False)

    after = parts(path)
    assert _alike_but_case(after) == []
    assert after[aggregate_rels] == entries[aggregate_rels]  # (the drawing and the notes, as they were)
    charts = sorted(n for n in after if n.startswith("xl/charts/chart"))
    assert charts == sorted(n for n in refreshed if n.startswith("xl/charts/chart"))
    assert sorted(kit.Zip(path).targets(drawing)) == sorted(z.targets(drawing))
    owned = {_upper(n) for n in owned_parts(book)}
    assert untouched_problems(before, path, owned) == []
    for sheet in schema.COMPUTED_SHEETS:  # the results of the workbook laid out as Excel saves it
        assert after[_upper(z.sheet(sheet.name))] == refreshed[z.sheet(sheet.name)], sheet.name
    assert after[_upper(z.sheet("Follow-up"))] != entries[z.sheet("Follow-up")]  # threshold 60: new results
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == after


def test_zip_entries_named_in_another_case_than_the_package_names_them_are_read_and_written(
        book, refreshed, tmp_path):  # noqa: F811
    """Each worksheet stored as ``xl/worksheets/Sheet1.xml`` (its relationships part too), while the
    workbook's relationships and the content types say ``sheet1.xml``: read, checked and refreshed,
    each part rewritten under the name the zip holds it by, and opened by openpyxl after."""
    entries = parts(book)
    path, before = tmp_path / "team.xlsx", tmp_path / "before.xlsx"
    _write(path, {_upper(name): data for name, data in entries.items()})
    shutil.copy(path, before)
    z = kit.Zip(book)

    held = {name: _upper(part) for name, part in sheet_parts(book).items()}  # (as the zip holds them)
    assert sheet_parts(path) == held and leadrows.sheet_parts(path) == held  # (the second process's too)
    checked, plain = api.compute_file(path, as_of=SECOND), api.compute_file(book, as_of=SECOND)
    assert checked.checks.equals(plain.checks) and len(plain.checks) > 0
    api.refresh_file(path, as_of=SECOND, backup=False)

    after = parts(path)
    assert sorted(after) == sorted(_upper(n) for n in entries)
    assert untouched_problems(before, path, {_upper(n) for n in owned_parts(book)}) == []
    for sheet in schema.COMPUTED_SHEETS:
        assert after[_upper(z.sheet(sheet.name))] == refreshed[z.sheet(sheet.name)], sheet.name
    assert after[_upper(z.sheet("Follow-up"))] != entries[z.sheet("Follow-up")]  # threshold 60: new results
    load_workbook(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == after


def test_a_zip_holding_two_parts_alike_but_for_case_is_refused_before_anything_is_written(book, tmp_path):  # noqa: F811
    """Aggregate's relationships part stored twice, as ``_rels/sheet9.xml.rels`` and as
    ``_rels/Sheet9.xml.rels`` (a drawing-only copy, as an earlier refresh wrote one): which is the
    sheet's cannot be told, so the refresh stops naming both, and the file stays as it was."""
    entries = parts(book)
    own = "xl/worksheets/_rels/sheet9.xml.rels"
    copy = "xl/worksheets/_rels/Sheet9.xml.rels"
    entries[copy] = re.sub(rb"<Relationship [^>]*comments[^>]*/>", b"", entries[own])
    assert entries[copy] != entries[own]
    path = tmp_path / "team.xlsx"
    _write(path, entries)
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match=rf"two parts whose names differ only in case, {own} and {copy}"):
        api.refresh_file(path, as_of=SECOND, backup=False)
    assert path.read_bytes() == before


def _types(path: Path) -> dict[str, str | None]:
    """Each zip entry's content type as [Content_Types].xml gives it (OPC): the Override naming it, ignoring
    the case of ASCII letters as part names compare, else the Default of its extension, else None."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        types = zf.read(next(n for n in names if n.lower() == "[content_types].xml")).decode("utf-8")
    overrides = {name.lstrip("/").lower(): kind for name, kind in re.findall(
        r'<Override PartName="([^"]+)" ContentType="([^"]+)"\s*/>', types)}
    defaults = {ext.lower(): kind
                for ext, kind in re.findall(r'<Default Extension="([^"]+)" ContentType="([^"]+)"\s*/>',
                                                              types)}
    return {n: overrides.get(n.lower(), defaults.get(n.rsplit(".", 1)[-1].lower()))
            for n in names if n.lower() != "[content_types].xml"}


def _tool_parts(path: Path) -> tuple[str, str]:
    """Aggregate's drawing, which holds the tool's charts, and the second of those charts."""
    z = kit.Zip(path)
    drawing = next(t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t))
    return drawing, z.targets(drawing)[1]


@pytest.mark.parametrize("with_drawing", [False, True], ids=["chart", "chart-and-drawing"])
def test_a_tool_chart_stored_under_a_capitalised_name_is_rewritten_under_it_with_its_content_type(
        book, refreshed, tmp_path, with_drawing):  # noqa: F811
    """The tool's chart ``xl/charts/chart4.xml`` stored as ``xl/charts/CHART4.xml`` (and Aggregate's drawing,
    ``drawing3.xml``, with its relationships part as ``DRAWING3.xml``), the relationships and the content
    types naming them as before: the refresh draws the chart anew under the name the zip holds it by, no
    ``chart4.xml`` beside it, and [Content_Types].xml keeps the Override that gives it its type (a refresh
    deleting ``CHART4.xml`` and writing ``chart4.xml`` dropped it: a part without a content type)."""
    drawing, chart = _tool_parts(book)
    assert (drawing, chart) == ("xl/drawings/drawing3.xml", "xl/charts/chart4.xml")
    renamed = {chart: "xl/charts/CHART4.xml"}
    if with_drawing:
        renamed |= {drawing: "xl/drawings/DRAWING3.xml",
                    "xl/drawings/_rels/drawing3.xml.rels": "xl/drawings/_rels/DRAWING3.xml.rels"}
    path = tmp_path / "team.xlsx"
    entries = {renamed.get(name, name): data for name, data in parts(book).items()}
    if with_drawing:  # (the sheet's relationship names it as the zip holds it: openpyxl looks parts up so)
        rels = "xl/worksheets/_rels/sheet9.xml.rels"
        entries[rels] = entries[rels].replace(b"drawings/drawing3.xml", b"drawings/DRAWING3.xml")
    _write(path, entries)
    assert _types(path)["xl/charts/CHART4.xml"] == CHART_TYPE

    api.refresh_file(path, as_of=SECOND, backup=False)

    after = parts(path)
    assert sorted(after) == sorted(renamed.get(name, name) for name in refreshed)  # (none added, none gone)
    assert _types(path)["xl/charts/CHART4.xml"] == CHART_TYPE
    assert _types(path)[renamed.get(drawing, drawing)] == DRAWING_TYPE
    assert after["xl/charts/CHART4.xml"] == refreshed[chart]  # the chart the refresh of the plain file draws
    plain = tmp_path / "plain.xlsx"
    _write(plain, refreshed)
    charts = kit.Zip(plain).targets(drawing)  # (each relationship names the part as the zip holds it)
    assert kit.Zip(path).targets(renamed.get(drawing, drawing)) == [renamed.get(t, t) for t in charts]
    assert len(load_workbook(path)["Aggregate"]._charts) == 4  # (openpyxl finds each chart by its name)
    saved = kit.Zip(soffice_convert(path, "xlsx", tmp_path / "lo"))  # LibreOffice opens it, its four charts too
    lo_drawing = next(t for t in saved.targets(saved.sheet("Aggregate")) if "drawings/drawing" in t)
    assert len([t for t in saved.targets(lo_drawing) if "charts/chart" in t]) == 4
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == after


@pytest.mark.parametrize(("held", "written", "content_type"), [
    ("xl/charts/CHART4.xml", "xl/charts/chart4.xml", CHART_TYPE),
    ("xl/drawings/DRAWING3.xml", "xl/drawings/drawing3.xml", DRAWING_TYPE),
], ids=["chart", "drawing"])
def test_a_part_deleted_and_written_again_in_another_case_keeps_its_name_and_its_content_type(
        book, tmp_path, held, written, content_type):  # noqa: F811
    """The package writer deleting a tool part the zip holds as ``CHART4.xml`` (or ``DRAWING3.xml``) and
    then writing ``chart4.xml``: one part, under the zip's name, with the Override [Content_Types].xml has
    for it (``/xl/charts/chart4.xml``), and a relationship to it names it as the zip holds it."""
    lower = held.lower()
    src, out = tmp_path / "team.xlsx", tmp_path / "out.xlsx"
    _write(src, {held if name == lower else name: data for name, data in parts(book).items()})
    pkg = Package(ZipSource(src))
    try:
        pkg.delete(held)
        named = pkg.put(written, b"<new/>", content_type)
        free = pkg.free_name(written)
        with open(out, "wb") as fh:
            pkg.write(fh)
    finally:
        pkg.source.close()
    after = parts(out)
    assert after[held] == b"<new/>" and written not in after
    assert _types(out)[held] == content_type
    assert named == held and free.lower() != held.lower()  # (the name a relationship to it takes; taken)


def test_a_tool_chart_left_without_a_content_type_gets_it_back_at_the_next_refresh(refreshed, tmp_path):  # noqa: F811
    """The refreshed workbook whose [Content_Types].xml lost the Override of the tool's chart4.xml (as a
    refresh of the chart stored as ``CHART4.xml`` left it): a refresh as of the same date, which writes no
    cell anew, still writes the file, with the Override back, and the refresh after changes nothing."""
    types = refreshed["[Content_Types].xml"]
    override = re.search(rb'<Override PartName="/xl/charts/chart4\.xml"[^>]*/>', types).group(0)
    path = tmp_path / "team.xlsx"
    _write(path, {**refreshed, "[Content_Types].xml": types.replace(override, b"")})
    assert _types(path)["xl/charts/chart4.xml"] == "application/xml"  # (the Default of .xml)

    api.refresh_file(path, as_of=SECOND, backup=False)

    assert _types(path)["xl/charts/chart4.xml"] == CHART_TYPE
    after = parts(path)
    assert {n for n in after if after[n] != refreshed[n]} <= {"[Content_Types].xml", kit.Zip(path).sheet(schema.START)}
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == after


@pytest.mark.parametrize("renamed", [
    {"xl/workbook.xml": "xl/Workbook.xml"},
    {"[Content_Types].xml": "[content_types].xml"},
    {"xl/workbook.xml": "xl/Workbook.xml", "[Content_Types].xml": "[content_types].xml",
     "xl/_rels/workbook.xml.rels": "xl/_rels/Workbook.xml.rels", "xl/styles.xml": "xl/Styles.xml"},
], ids=["workbook", "content-types", "both-and-styles"])
def test_the_workbook_part_or_the_content_types_stored_in_another_case_are_read_and_kept_under_that_name(
        book, refreshed, tmp_path, renamed):  # noqa: F811
    """``xl/workbook.xml`` stored as ``xl/Workbook.xml``, ``[Content_Types].xml`` as ``[content_types].xml``
    (the package's relationships naming them as before): the same part to Open XML, so checked and refreshed
    as the file laid out as Excel saves it is, every part kept under the name the zip holds it by (neither
    openpyxl nor LibreOffice opens such a file, before or after: both look the parts up by their exact names)."""
    path = tmp_path / "team.xlsx"
    _write(path, {renamed.get(name, name): data for name, data in parts(book).items()})
    z = kit.Zip(book)

    checked, plain = api.compute_file(path, as_of=SECOND), api.compute_file(book, as_of=SECOND)
    assert checked.checks.equals(plain.checks) and len(plain.checks) > 0
    api.refresh_file(path, as_of=SECOND, backup=False)

    after = parts(path)
    assert sorted(after) == sorted(renamed.get(name, name) for name in refreshed)
    for sheet in schema.COMPUTED_SHEETS:
        assert after[z.sheet(sheet.name)] == refreshed[z.sheet(sheet.name)], sheet.name
    assert after[z.sheet("Follow-up")] != parts(book)[z.sheet("Follow-up")]  # threshold 60: new results
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == after


def test_a_zip_holding_two_parts_alike_but_for_case_is_refused_by_check_as_by_refresh(book, tmp_path):  # noqa: F811
    """``xl/styles.xml`` and a copy as ``xl/Styles.xml``: `coachlog check` refuses the file as `coachlog
    refresh` does, naming both parts, before anything is computed (the reader's first look at the zip),
    rather than saying it is fine."""
    entries = parts(book)
    entries["xl/Styles.xml"] = entries["xl/styles.xml"]
    path = tmp_path / "team.xlsx"
    _write(path, entries)
    before = path.read_bytes()
    pattern = "two parts whose names differ only in case, xl/styles.xml and xl/Styles.xml"

    said = run("check", path)

    assert said.exit_code != 0 and pattern in " ".join(said.output.split())
    with pytest.raises(WorkbookError, match=pattern):
        check_signature(path)
    said = run("refresh", path, "--as-of", SECOND.isoformat(), "--no-backup")
    assert said.exit_code != 0 and pattern in " ".join(said.output.split())
    assert "Computing" not in said.output and path.read_bytes() == before


def test_parts_whose_names_differ_in_a_letter_other_than_ascii_are_two_parts(book, tmp_path):  # noqa: F811
    """``xl/media/Ä.png`` and ``xl/media/ä.png``: Open XML folds the case of ASCII letters only (ECMA-376
    Part 2, 6.2.2.3), so these are two parts, not one stored twice; the file is refreshed, both kept byte
    for byte.  (``xl/media/X.PNG`` beside ``XL/Media/x.png`` is one part twice: refused.)"""
    entries = parts(book)
    entries["xl/media/Ä.png"], entries["xl/media/ä.png"] = kit.png(2, 2), kit.png(3, 3)
    path = tmp_path / "team.xlsx"
    _write(path, entries)

    api.refresh_file(path, as_of=SECOND, backup=False)

    after = parts(path)
    assert (after["xl/media/Ä.png"], after["xl/media/ä.png"]) == (kit.png(2, 2), kit.png(3, 3))
    assert alike_but_case(["XL/Media/x.png", "xl/media/Ä.png", "xl/media/ä.png", "xl/media/X.PNG"]) == \
        ("XL/Media/x.png", "xl/media/X.PNG")
