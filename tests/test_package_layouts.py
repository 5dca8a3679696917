"""A refresh of workbooks whose package another tool laid out: the parts found through the package's
relationships wherever they are, however their targets are written.

Open XML lets a package name its workbook part as it likes (``_rels/.rels`` points at it), quote the
attributes of its ``.rels`` parts with ' or ", and write a relationship's target as a path relative to
its part (``./worksheets/sheet1.xml``) or from the package root (``/xl/worksheets/sheet1.xml``).
Excel, LibreOffice and openpyxl open all of these.  The variants here are made from the user's workbook
of tests/fidelity_kit.py with Python's zipfile.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.errors import WorkbookError
from tests import fidelity_kit as kit
from tests.test_fidelity import owned_parts, parts, untouched_problems

FIRST, SECOND = dt.date(2026, 6, 1), dt.date(2026, 6, 2)
BOOK_RELS = "xl/_rels/workbook.xml.rels"
_TARGET = re.compile(r'Target="([^"]*)"')


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The user's workbook after a refresh, with the threshold changed since (the next refresh writes
    new results into the parts it owns)."""
    return kit.refreshed_then_lowered(tmp_path_factory.mktemp("layouts") / "team.xlsx", FIRST)


@pytest.fixture(scope="module")
def refreshed(book, tmp_path_factory) -> dict[str, bytes]:
    """The parts of the workbook, laid out as Excel saves it, after the refresh the tests make."""
    path = tmp_path_factory.mktemp("plain") / "team.xlsx"
    shutil.copy(book, path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    return parts(path)


def _targets(xml: bytes, change) -> bytes:
    """``xml`` (a .rels part) with each relationship target ``t`` written as ``change(t)``."""
    return _TARGET.sub(lambda m: f'Target="{change(m.group(1))}"', xml.decode("utf-8")).encode("utf-8")


def _move_workbook(entries: dict[str, bytes], new: str) -> dict[str, bytes]:
    """The workbook part and its relationships moved to ``new``, as the package's relationships and
    content types say; its relative targets rewritten to point at the same parts from there."""
    folder, base = posixpath.split(new)
    new_rels = posixpath.join(folder, "_rels", base + ".rels")

    def moved(target: str) -> str:
        if target.startswith("/"):
            return target
        return posixpath.relpath(posixpath.join("xl", target), folder or ".")

    out = {}
    for name, data in entries.items():
        if name == "_rels/.rels":
            data = data.replace(b'Target="xl/workbook.xml"', f'Target="{new}"'.encode())
        elif name == "[Content_Types].xml":
            data = data.replace(b'PartName="/xl/workbook.xml"', f'PartName="/{new}"'.encode())
        elif name == BOOK_RELS:
            name, data = new_rels, _targets(data, moved)
        elif name == "xl/workbook.xml":
            name = new
        out[name] = data
    return out


def _single_quoted(entries: dict[str, bytes]) -> dict[str, bytes]:
    return {name: re.sub(rb'(\w+)="([^"]*)"', rb"\1='\2'", data) if name.endswith(".rels") else data
            for name, data in entries.items()}


def _dot_targets(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Every target of the workbook's relationships written ``./worksheets/sheet1.xml``."""
    def dotted(target: str) -> str:
        return "./" + (posixpath.relpath(target, "/xl") if target.startswith("/") else target)

    return {**entries, BOOK_RELS: _targets(entries[BOOK_RELS], dotted)}


def _dot_workbook(entries: dict[str, bytes]) -> dict[str, bytes]:
    rels = entries["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="./xl/workbook.xml"')
    return {**entries, "_rels/.rels": rels}


LAYOUTS = {
    "the workbook part named xl/workbook2.xml": lambda e: _move_workbook(e, "xl/workbook2.xml"),
    "the workbook part at the root, workbook.xml": lambda e: _move_workbook(e, "workbook.xml"),
    "single-quoted attributes in the .rels parts": _single_quoted,
    "the workbook's targets written ./worksheets/sheet1.xml": _dot_targets,
    "the package's target written ./xl/workbook.xml": _dot_workbook,
}


def relaid(src: Path, dst: Path, layout: str) -> None:
    with zipfile.ZipFile(src) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    changed = LAYOUTS[layout](entries)
    assert changed != entries
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in changed.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_package_laid_out_another_way_is_refreshed_with_the_same_results_and_every_other_part_kept(
        book, refreshed, tmp_path, layout):
    path = tmp_path / "team.xlsx"
    relaid(book, path, layout)
    load_workbook(path)  # (a layout openpyxl opens)
    before = tmp_path / "before.xlsx"
    shutil.copy(path, before)
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert untouched_problems(before, path, owned_parts(book)) == []
    after, z = parts(path), kit.Zip(book)
    for sheet in schema.COMPUTED_SHEETS:  # the results of the workbook laid out as Excel saves it
        assert after[z.sheet(sheet.name)] == refreshed[z.sheet(sheet.name)], sheet.name
    assert after[z.sheet("Follow-up")] != parts(before)[z.sheet("Follow-up")]  # threshold 60: new results
    load_workbook(path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert parts(path) == after


@pytest.mark.parametrize("layout", ["single-quoted attributes in the .rels parts",
                                    "the workbook's targets written ./worksheets/sheet1.xml"])
def test_a_sheet_part_the_package_lists_but_lacks_is_named_in_any_layout(book, tmp_path, layout):
    path = tmp_path / "team.xlsx"
    relaid(book, path, layout)
    gone = kit.Zip(book).sheet("Log")
    entries = parts(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            if name != gone:
                zf.writestr(name, data)
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match=rf"the part {gone} it lists is missing"):
        api.refresh_file(path, as_of=SECOND, backup=False)
    assert path.read_bytes() == before


EXPORT = Path(__file__).parent / "fixtures" / "exports" / "api_flat.csv"  # a title line above its header


def test_a_package_only_openpyxl_reads_gives_the_results_of_one_calamine_reads(book, tmp_path):
    """python-calamine and fastexcel cannot open a workbook part named otherwise: openpyxl reads every
    sheet, its rows as wide as calamine gives them (a title above a pasted export's header is read as
    a title, not as a header of one column)."""
    plain, other = tmp_path / "plain.xlsx", tmp_path / "other.xlsx"
    shutil.copy(book, plain)
    relaid(book, other, "the workbook part named xl/workbook2.xml")
    for path in (plain, other):
        api.import_export(path, EXPORT)
        api.refresh_file(path, as_of=SECOND, backup=False)
    z, got, want = kit.Zip(plain), parts(other), parts(plain)
    for sheet in [*schema.COMPUTED_SHEETS, schema.LOG]:
        assert got[z.sheet(sheet.name)] == want[z.sheet(sheet.name)], sheet.name
    assert b"api_flat" in want[z.sheet("Checks")]  # (the export's sheet is read and checked)


def test_what_openpyxl_says_of_a_package_it_only_reads_is_not_shown(book, tmp_path):
    """Read through openpyxl (a layout calamine cannot open), a name of a sheet openpyxl cannot place
    makes it warn that it cannot locate it, which is about its own saving: the tool, reading, says
    nothing of it, and reads the workbook."""
    path = tmp_path / "team.xlsx"
    relaid(book, path, "the workbook part named xl/workbook2.xml")
    entries = parts(path)
    entries["xl/workbook2.xml"] = entries["xl/workbook2.xml"].replace(
        b"<definedNames>", b'<definedNames><definedName name="Far" localSheetId="40">\'Log\'!$A$1</definedName>', 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        api.refresh_file(path, as_of=SECOND, backup=False)
    assert [str(w.message) for w in said if "openpyxl" in w.filename] == []
    assert parts(path)[kit.Zip(book).sheet("Follow-up")] != entries[kit.Zip(book).sheet("Follow-up")]
