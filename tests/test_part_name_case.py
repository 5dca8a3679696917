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
from coachlog_xl.workbook.parts import sheet_parts
from tests import fidelity_kit as kit
from tests.test_fidelity import owned_parts, parts, untouched_problems
from tests.test_package_layouts import SECOND, book, refreshed  # noqa: F401 - the fixtures: the kit's workbook and its refresh

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
