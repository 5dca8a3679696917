"""Damaged packages and hostile files beside a workbook: each gets the one clear message (the file,
the part, how to get a good copy) and exit status 2, never a traceback, and the file is left as it was."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from pathlib import Path

import pytest

from coachlog_xl.workbook.parts import sheet_parts
from tests.demo_kit import demo_copy
from tests.wbkit import one_rep_book, run


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return demo_copy(tmp_path_factory.mktemp("demo") / "team.xlsx", tmp_path_factory)


def _rezip(src: Path, out: Path, drop: str | None = None) -> Path:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            if info.filename != drop:
                zo.writestr(info, zi.read(info.filename))
    return out


def _bad_crc(src: Path, out: Path, part: str) -> Path:
    """A copy whose central directory gives ``part`` a wrong CRC-32: its bytes then fail the CRC check,
    as a part whose stored bytes were changed on disk does."""
    data = bytearray(src.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack("<H", data[pos + 28:pos + 30])[0]
        if data[pos + 46:pos + 46 + name_len] == part.encode():
            crc = struct.unpack("<I", data[pos + 16:pos + 20])[0]
            data[pos + 16:pos + 20] = struct.pack("<I", crc ^ 0xFFFFFFFF)
            break
        pos = data.find(b"PK\x01\x02", pos + 1)
    else:
        raise AssertionError(part)
    out.write_bytes(bytes(data))
    return out


def _assert_clear(result, path: Path, before: bytes, part: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert path.name in result.output and part in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "refresh"])
@pytest.mark.parametrize("which", ["workbook", "log table"])
def test_a_part_failing_its_crc_is_named(demo, tmp_path, command, which):
    part = "xl/workbook.xml" if which == "workbook" else "xl/tables/table1.xml"  # (the Log's table)
    with zipfile.ZipFile(demo) as zf:
        assert part in zf.namelist()
    path = _bad_crc(demo, tmp_path / "team.xlsx", part)
    before = path.read_bytes()
    _assert_clear(run(command, path, "--no-cache"), path, before, part)


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_a_scores_sheet_whose_part_was_deleted_from_the_zip_is_named(demo, tmp_path, command):
    part = sheet_parts(demo)["Scores"]
    path = _rezip(demo, tmp_path / "team.xlsx", drop=part)
    before = path.read_bytes()
    result = run(command, path, "--no-cache")
    _assert_clear(result, path, before, part)
    assert "missing" in result.output


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_lock_file_linked_to_another_file_is_refused_and_that_file_kept(demo, tmp_path, link):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "team.xlsx"
    path.write_bytes(demo.read_bytes())
    before = path.read_bytes()
    victim = tmp_path / "notes.txt"  # another file of the user's, outside the workbook's folder
    victim.write_text("months of notes\n" * 50)
    lock = folder / ".team.xlsx.coachlog-lock"
    if link == "symbolic":
        lock.symlink_to(victim)
    else:
        lock.hardlink_to(victim)
    result = run("refresh", path, "--as-of", "2026-07-20", "--no-cache")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "team.xlsx" in result.output and lock.name in result.output and "Delete it" in result.output
    assert victim.read_text() == "months of notes\n" * 50
    assert path.read_bytes() == before
    lock.unlink()
    assert run("refresh", path, "--as-of", "2026-07-20", "--no-cache").exit_code == 0
    assert victim.read_text() == "months of notes\n" * 50


def test_a_folder_that_refuses_the_replace_gets_a_message_naming_the_workbook(demo, tmp_path, monkeypatch):
    """As in a shared folder with the sticky bit, where only a file's owner may replace it: the rename of
    the verified new file over the workbook is refused (EPERM)."""
    import errno
    import os

    from coachlog_xl.workbook import safety

    path = tmp_path / "team.xlsx"
    path.write_bytes(demo.read_bytes())
    before = path.read_bytes()
    real_replace = os.replace

    def refuse(src, dst):
        if os.fspath(dst) == os.fspath(path):
            raise PermissionError(errno.EPERM, "Operation not permitted", os.fspath(src))
        return real_replace(src, dst)

    monkeypatch.setattr(safety.os, "replace", refuse)
    result = run("refresh", path, "--as-of", "2026-07-20", "--no-cache")
    assert result.exit_code == 2, result.output
    assert f"{path}: could not replace the workbook" in result.output
    assert "the original is unchanged" in result.output and str(tmp_path) in result.output
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".team-")] == []


@pytest.mark.parametrize("command", ["check", "refresh"])
def test_a_package_holding_two_parts_of_one_name_is_refused(demo, tmp_path, command):
    """Two zip entries named as the Log's part, the second with other text: the refresh read the last one
    and wrote its names into Follow-up, while another program may read the first."""
    part = sheet_parts(demo)["Log"]
    path = tmp_path / "team.xlsx"
    twin = zipfile.ZipFile(demo).read(part).replace(b"Dana Cruz", b"Someone Else")
    assert twin != zipfile.ZipFile(demo).read(part)
    _rezip(demo, path)
    with zipfile.ZipFile(path, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr(part, twin)
    before = path.read_bytes()
    result = run(command, path, "--no-cache")
    _assert_clear(result, path, before, part)
    assert "two parts named" in result.output


def test_a_damaged_computed_sheet_that_fails_the_check_of_the_save_names_the_workbook_and_part(demo, tmp_path):
    """The Checks sheet's part cut short (its last 30 bytes gone): the save keeps what follows the rows,
    so the file written fails its check. The message named the temporary file; it names the workbook,
    the damaged part and how to get a good copy."""
    part = sheet_parts(demo)["Checks"]
    path = tmp_path / "team.xlsx"
    with zipfile.ZipFile(demo) as zi, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            zo.writestr(info.filename, data[:-30] if info.filename == part else data)
    before = path.read_bytes()
    result = run("refresh", path, "--as-of", "2026-07-20", "--no-cache")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and ".team-" not in result.output
    assert f'{path}: not a readable .xlsx workbook; the part {part} (the sheet "Checks")' in result.output
    assert "nothing was written" in result.output and "Restore it from" in result.output
    assert path.read_bytes() == before


def test_import_of_an_export_whose_sheet_part_is_damaged_names_the_export_and_part(demo, tmp_path):
    """An .xlsx export whose score sheet's XML is not well-formed (a byte changed on disk, the CRC
    recomputed): read row by row as it is imported, the parse error was a traceback."""
    export = tmp_path / "export.xlsx"
    with zipfile.ZipFile(demo) as zi:
        part = sheet_parts(demo)["Scores"]
        with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as zo:
            for info in zi.infolist():
                data = zi.read(info.filename)
                if info.filename == part:
                    middle = len(data) // 2
                    data = data[:middle] + b"<\x01>" + data[middle:]
                zo.writestr(info.filename, data)
    book = tmp_path / "team.xlsx"
    book.write_bytes(demo.read_bytes())
    before = book.read_bytes()
    result = run("import", book, export)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f'{export}: not a readable .xlsx workbook; the part {part} (the sheet "Scores"' in result.output
    assert book.read_bytes() == before


def test_a_styles_part_without_cell_formats_gets_them_and_the_refresh_writes(demo, tmp_path):
    # cellXfs may be left out (ECMA-376 allows it: every cell then has the default look), as a generator
    # writing unstyled cells does; the refresh adds the formats its cells need after that default one.
    import re

    from openpyxl import load_workbook

    from tests.wbkit import soffice_convert

    path = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(demo) as zi, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = re.sub(rb"<cellXfs\b.*?</cellXfs>", b"", data, flags=re.S)
            elif info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<(?:c|row)\b[^>]*?) s="\d+"', rb"\1", data)
                data = re.sub(rb'(<col\b[^>]*?) style="\d+"', rb"\1", data)
            zo.writestr(info, data)
    result = run("refresh", path, "--no-backup", "--as-of", "2025-12-31")
    assert result.exit_code in (0, 1) and not isinstance(result.exception, Exception), result.output
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml")
    xfs = re.findall(rb"<xf\b[^>]*>", re.search(rb"<cellXfs\b.*?</cellXfs>", styles, re.S).group(0))
    assert xfs[0] == b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' and len(xfs) > 1
    wb = load_workbook(path)  # every style index a cell names is there
    assert wb["Follow-up"].max_row > 1
    assert soffice_convert(path, "csv", tmp_path / "csv").stat().st_size > 0


@pytest.mark.parametrize("bad", [b"\x01", b"&#1;"])
def test_a_character_xml_cannot_hold_in_a_log_cell_is_named_by_its_sheet_and_cell(tmp_path, bad):
    """A control character written into a Log cell's XML as it is (a byte, or a character reference), as a
    hand-made file may hold it (Excel writes _x0001_): the refresh, recording S-1's baseline in the Log, cannot
    save it, and the message names the Log and the cell, B3, where it named the part only."""
    path = tmp_path / "team.xlsx"
    wb = one_rep_book(path, [(dt.date(2026, 3, d), 80) for d in range(1, 11)],
                      [{"Session ID": "S-1", "Session date": dt.date(2026, 3, 12)}])
    wb.save(path)
    part = sheet_parts(path)["Log"]
    with zipfile.ZipFile(path) as zi:
        data = {i.filename: zi.read(i) for i in zi.infolist()}
    # row 3 of the Log, B3: a rep's name holding the character
    cell = b'<row r="3"><c r="A3" t="inlineStr"><is><t>S-2</t></is></c><c r="B3" t="inlineStr"><is><t>Jo' + bad \
        + b'se</t></is></c></row>'
    at = data[part].index(b"</sheetData>")
    data[part] = data[part][:at] + cell + data[part][at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zo:
        for name, content in data.items():
            zo.writestr(name, content)
    before = path.read_bytes()
    result = run("refresh", path, "--as-of", "2026-03-20")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'the part {part} (the sheet "Log", at cell B3) inside it is damaged' in " ".join(result.output.split())
    assert path.read_bytes() == before
