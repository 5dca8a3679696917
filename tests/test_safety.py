"""Data safety: locks, backups, failures at every step of a save, a killed refresh, damaged files."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook import safety, writelock, zipparts
from coachlog_xl.workbook.parts import sheet_parts
from tests.wbkit import (
    kept_before_refresh,
    one_team_demo,
    records,
    snapshot,
    soffice_convert,
    tool_columns_of_log,
    write_lock_held,
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def typed_book(tmp_path_factory) -> bytes:
    """The bytes of a new workbook with one Log session typed, made once for the module."""
    path = tmp_path_factory.mktemp("typed") / "team.xlsx"
    assert run("new", path).exit_code == 0
    wb = load_workbook(path)
    ws = wb["Log"]
    head = [c.value for c in ws[1]]
    for key, value in {"session_id": "S-1", "rep": "Ann Lee", "session_date": dt.date(2026, 3, 2),
                       "observation": "Typed notes: ünïcødé, emoji \U0001F600, \u05e2\u05d1\u05e8\u05d9\u05ea"}.items():
        ws.cell(row=2, column=head.index(schema.LOG.column(key).header) + 1, value=value)
    wb.save(path)
    return path.read_bytes()


@pytest.fixture
def book(tmp_path, typed_book):
    """Each test's own copy of :func:`typed_book`, alone in its folder."""
    path = tmp_path / "team.xlsx"
    path.write_bytes(typed_book)
    return path


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and "coachlog-lock" not in p.name)


@pytest.mark.parametrize("lock", ["~$team.xlsx", ".~lock.team.xlsx#"])
def test_refuses_to_write_a_workbook_open_in_excel_or_libreoffice(book, lock):
    (book.parent / lock).write_text("someone")
    before = book.read_bytes()
    result = run("refresh", book)
    assert result.exit_code == 2
    assert "open in Excel or LibreOffice" in result.output and "--force" in result.output
    assert book.read_bytes() == before
    assert run("refresh", book, "--force").exit_code == 0


def test_new_over_a_workbook_open_elsewhere_names_the_lock_file_not_force(book):
    lock = book.parent / f".~lock.{book.name}#"
    lock.write_text("someone")
    before = book.read_bytes()
    result = run("new", book, "--force")  # --force replaces a file; it does not override a lock
    assert result.exit_code == 2 and "--force" not in result.output and str(lock) in result.output
    assert book.read_bytes() == before


def test_demo_over_a_workbook_open_elsewhere_is_refused_before_the_demo_is_built(book):
    lock = book.parent / f"~${book.name}"
    lock.write_text("someone")
    before = book.read_bytes()
    result = run("demo", book, "--force")
    assert result.exit_code == 2 and "--force" not in result.output and str(lock) in result.output
    assert "Building a demo workbook" not in result.output  # (refused at once, not after the build)
    assert book.read_bytes() == before


def test_a_folder_that_is_not_there_is_named(tmp_path):
    for command in (["refresh", tmp_path / "gone" / "team.xlsx"], ["new", tmp_path / "gone" / "team.xlsx"]):
        result = run(*command)
        assert result.exit_code == 2 and f"the folder {tmp_path / 'gone'} does not exist" in result.output
        assert "cannot write" not in result.output


def test_a_text_file_is_called_one_by_the_name_it_has(tmp_path):
    for name, said in (("scores.csv", "a text or CSV file). "),
                       ("scores.xlsx", "a text or CSV file with an .xlsx name")):
        (tmp_path / name).write_text("a,b\n1,2\n")
        result = run("refresh", tmp_path / name)
        assert result.exit_code == 2 and said in result.output


def test_backup_keeps_the_previous_version(book):
    before = book.read_bytes()
    assert run("refresh", book).exit_code == 0
    assert (book.parent / "team.xlsx.bak").read_bytes() == before
    second = book.read_bytes()
    assert run("refresh", book, "--no-backup").exit_code == 0
    assert (book.parent / "team.xlsx.bak").read_bytes() == before != second


def test_a_folder_named_as_the_backup_stops_the_save_with_a_message_that_fits(book):
    (book.parent / "team.xlsx.bak").mkdir()
    before = book.read_bytes()
    result = run("refresh", book)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "could not keep the backup team.xlsx.bak" in result.output and "a folder of that name?" in result.output
    assert "Free some space" not in result.output and book.read_bytes() == before


def test_backup_can_be_turned_off_in_settings(book):
    wb = load_workbook(book)
    for row in wb["Settings"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "Keep a backup (.bak)":
            row[1].value = "no"
    wb.save(book)
    assert run("refresh", book).exit_code == 0
    assert not (book.parent / "team.xlsx.bak").exists()


def _fail(*_a, **_k):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["save", "verify", "backup", "replace"])
def test_a_failure_at_any_step_leaves_the_original_intact(book, monkeypatch, where):
    before = book.read_bytes()
    if where == "save":  # the disk fills while the new package is written
        monkeypatch.setattr(zipparts.ZipSink, "close", _fail)
    elif where == "verify":
        def broken(path, parts=None):
            raise safety.WorkbookError(f"{path}: the part xl/worksheets/sheet2.xml is damaged.")
        monkeypatch.setattr(safety, "verify_package", broken)
    elif where == "backup":
        monkeypatch.setattr(safety.shutil, "copy2", _fail)
    else:
        real = os.replace

        def replace(src, dst):
            if str(dst).endswith("team.xlsx"):
                _fail()
            real(src, dst)
        monkeypatch.setattr(safety.os, "replace", replace)
    result = run("refresh", book)
    assert result.exit_code != 0
    assert "Traceback" not in result.output or where in ("backup", "replace")
    assert book.read_bytes() == before
    assert leftovers(book.parent) == []


def test_file_changed_on_disk_during_the_refresh_is_not_overwritten(book, monkeypatch):
    from coachlog_xl import api

    real = api.compute

    def and_someone_saves(inputs, *a, **k):
        result = real(inputs, *a, **k)
        wb = load_workbook(book)
        wb["Log"]["A3"] = "S-2 typed meanwhile"
        wb.save(book)
        return result
    monkeypatch.setattr(api, "compute", and_someone_saves)
    result = run("refresh", book)
    assert result.exit_code == 2
    assert "changed on disk" in result.output
    assert load_workbook(book)["Log"]["A3"].value == "S-2 typed meanwhile"


def test_a_second_writer_waits_then_fails_cleanly(book, monkeypatch):
    monkeypatch.setattr(writelock, "LOCK_WAIT_SECONDS", 0.5)
    before = book.read_bytes()
    with writelock.write_lock(book):
        result = run("refresh", book)
    assert result.exit_code == 2
    assert "another coachlog command is writing" in result.output
    assert book.read_bytes() == before


def test_a_second_writer_says_it_waits_then_writes_when_the_first_is_done(book):
    with write_lock_held(book, 1.0):
        result = run("refresh", book, "--as-of", "2026-06-30")
    assert result.exit_code == 0, result.output
    assert "Waiting for another coachlog command to finish writing team.xlsx" in result.output
    assert result.output.index("Waiting for another") < result.output.index("Refreshed")
    assert load_workbook(book, read_only=True)["Checks"].max_row >= 1


def test_a_refresh_stopped_by_ctrl_c_or_an_error_leaves_no_lock_file(book, monkeypatch):
    from coachlog_xl import api

    lock = book.parent / ".team.xlsx.coachlog-lock"
    for stop in (KeyboardInterrupt, RuntimeError):
        def stopped(*_args, stop=stop, **_kwargs):
            assert lock.exists()  # (taken while the refresh computes)
            raise stop()
        monkeypatch.setattr(api, "compute", stopped)
        with pytest.raises(stop):
            api.refresh_file(book, cache=False)
        assert not lock.exists()


def test_a_writer_waiting_on_a_lock_file_removed_by_the_one_before_locks_the_name_anew(book):
    import threading

    lock = book.parent / ".team.xlsx.coachlog-lock"
    second_holds, done = threading.Event(), threading.Event()

    def second():
        with writelock.write_lock(book, wait=10):
            second_holds.set()
            done.wait(10)

    with writelock.write_lock(book):
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.5)  # (the second writer has opened the lock file and waits on it)
    try:
        assert second_holds.wait(10)
        assert lock.exists()  # the name's file, made anew: a third writer waits on it
        with pytest.raises(safety.WorkbookError, match="another coachlog command is writing"):
            with writelock.write_lock(book, wait=0.3):  # a third writer finds the lock held
                pass
    finally:
        done.set()
        waiter.join()
    assert not lock.exists()


def test_a_lock_file_that_never_reads_as_the_one_locked_ends_in_a_clear_error_not_a_loop(book, monkeypatch):
    # a folder where the name never leads to the file just locked (removed each time): the wait's end
    # still comes, with a message, where the retry would loop for ever
    monkeypatch.setattr(writelock, "_same_file", lambda fh, lock: False)
    started = time.monotonic()
    with pytest.raises(safety.WorkbookError, match="could not be held"):
        with writelock.write_lock(book, wait=0.5):
            pass
    assert time.monotonic() - started < 10


def test_colours_follow_no_color(book, monkeypatch):
    (book.parent / "~$team.xlsx").write_text("someone")  # an error, said in red
    assert "\x1b[" in CliRunner().invoke(main, ["refresh", str(book)], color=True).output
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(main, ["refresh", str(book)], color=True)
    assert result.exit_code == 2 and result.output.startswith("Error: ")
    assert "\x1b[" not in result.output


def test_killing_a_refresh_mid_write_leaves_the_original_intact(book, tmp_path):
    before = book.read_bytes()
    # The child refreshes, but its save writes the whole temporary file and then hangs until it is killed.
    code = (
        "import sys, time\n"
        "from coachlog_xl.workbook.zipparts import ZipSink\n"
        "real = ZipSink.close\n"
        "def slow(self):\n"
        "    real(self)\n"
        "    self._fh.flush()\n"
        "    open(sys.argv[2], 'w').write('written')\n"
        "    time.sleep(60)\n"
        "ZipSink.close = slow\n"
        "from coachlog_xl.cli import main\n"
        "main(['refresh', sys.argv[1]])\n"
    )
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", code, str(book), str(flag)])
    deadline = time.time() + 120
    while not flag.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    assert flag.exists()
    proc.kill()
    proc.wait()
    assert book.read_bytes() == before
    stale = [name for name in leftovers(book.parent) if name.startswith(".team.xlsx.coachlog-new-")]
    assert len(stale) == 1 and stale[0].endswith(".xlsx")  # the whole new version, never moved over the workbook
    assert run("refresh", book).exit_code == 0  # the lock died with the process
    # the next command that takes the lock removes the copy the killed one left (a copy of the team's data)
    assert not [name for name in leftovers(book.parent) if "coachlog-new-" in name]


def test_a_read_only_workbook_is_refused_and_left_as_it_is(book):
    before, inode = book.read_bytes(), book.stat().st_ino
    book.chmod(0o444)
    result = run("refresh", book)
    assert result.exit_code == 2 and "read-only" in result.output and "Traceback" not in result.output
    assert book.read_bytes() == before and book.stat().st_ino == inode  # not replaced
    assert leftovers(book.parent) == []


def _run_quietly(command: list[str]) -> bool:
    """Whether the command ran and succeeded (False where it is not installed)."""
    try:
        return subprocess.run(command, capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.fixture
def unwritable_folder(book, monkeypatch):
    """The book's folder made unwritable: without write permission, or immutable for root (whom
    permissions do not stop); where neither is possible, creating a file in it fails as it would."""
    folder = book.parent
    run("refresh", book)  # leaves its lock file, which an immutable folder would not let it create
    undo = None
    if os.geteuid() != 0:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    elif _run_quietly(["chattr", "+i", str(folder)]):
        undo = ["chattr", "-i", str(folder)]
    if undo is None or (os.access(folder, os.W_OK) and os.geteuid() != 0):
        def refused(*_args, **_kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    try:
        yield book
    finally:
        if undo is not None:
            subprocess.run(undo, check=True)


def test_a_folder_that_cannot_be_written_gets_one_clear_message(unwritable_folder):
    book = unwritable_folder
    before = book.read_bytes()
    result = run("refresh", book, "--no-cache")  # the cache would find the workbook up to date
    assert result.exit_code == 2 and "cannot write in the folder" in result.output
    assert "Traceback" not in result.output and book.read_bytes() == before


def test_a_truncated_workbook_gets_one_clear_message(book):
    data = book.read_bytes()
    book.write_bytes(data[: len(data) // 2])
    result = run("refresh", book)
    assert result.exit_code == 2
    assert "damaged or truncated" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["refresh", "check"])
@pytest.mark.parametrize("part", ["Log", "xl/styles.xml"])
def test_a_part_cut_off_inside_a_whole_zip_is_named(book, part, command):
    name = sheet_parts(book)[part] if part == "Log" else part
    with zipfile.ZipFile(book) as zf:
        data = {i.filename: zf.read(i) for i in zf.infolist()}
    data[name] = data[name][:-40]  # the XML ends inside an element
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in data.items():
            zf.writestr(n, b)
    before = book.read_bytes()
    result = run(command, book)
    assert result.exit_code == 2 and "Traceback" not in result.output
    where = ' (the sheet "Log"' if part == "Log" else " inside it"  # (no cell: the XML ends between cells)
    assert f"the part {name}{where}" in result.output and "is damaged" in result.output and str(book) in result.output
    assert book.read_bytes() == before


def test_a_password_protected_or_xls_file_gets_one_clear_message(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    result = run("refresh", path)
    assert result.exit_code == 2
    assert "password-protected" in result.output


@pytest.mark.parametrize(("entries", "said"), [
    ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<a/>"}, "OpenDocument"),
    ({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>"}, "no workbook part"),
])
def test_a_zip_that_is_not_an_excel_workbook_is_called_what_it_is(tmp_path, entries, said):
    path = tmp_path / "team.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
    for command in ("refresh", "check"):
        result = run(command, path)
        assert result.exit_code == 2 and said in result.output and "damaged" not in result.output


def test_a_moved_header_row_is_named(book):
    wb = load_workbook(book)
    wb["Log"].insert_rows(1, amount=2)
    wb.save(book)
    result = run("refresh", book)
    assert result.exit_code == 2
    assert 'sheet "Log": the header row is at row 3' in result.output


def test_repair_recreates_a_deleted_input_sheet_only_when_asked(book):
    wb = load_workbook(book)
    del wb["Reps"]
    wb.save(book)
    assert run("refresh", book).exit_code == 2
    result = run("repair", book)
    assert result.exit_code == 0 and "Re-created Reps" in result.output
    # what openpyxl drops is said, and the file as it was is there to copy it back from
    assert f"kept as {book.name}.bak" in result.output and "Power Query" in result.output
    with open(book.with_name(book.name + ".bak"), "rb") as kept:
        assert "Reps" not in load_workbook(kept).sheetnames
    wb = load_workbook(book)
    assert [c.value for c in wb["Reps"][1]] == schema.REPS.headers
    assert wb["Log"]["A2"].value == "S-1"
    assert run("refresh", book).exit_code == 0


def test_a_deleted_computed_sheet_comes_back_with_the_next_refresh_and_nothing_else_moves(book, tmp_path):
    kept = tmp_path / "kept.xlsx"
    kept.write_bytes(book.read_bytes())
    assert run("refresh", kept, "--as-of", "2026-06-30").exit_code == 0  # the same workbook, nothing deleted
    wb = load_workbook(book)
    del wb["Checks"], wb["Baseline"]
    wb.save(book)
    with zipfile.ZipFile(book) as zf:
        before = {n: zf.read(n) for n in zf.namelist()}
    result = run("refresh", book, "--as-of", "2026-06-30")
    assert result.exit_code == 0, result.output
    wb, want = load_workbook(book), load_workbook(kept)
    assert wb.sheetnames == want.sheetnames  # each back where the template has it
    for name in ("Checks", "Baseline"):
        assert [[c.value for c in r] for r in wb[name].iter_rows()] == \
            [[c.value for c in r] for r in want[name].iter_rows()], name
    with zipfile.ZipFile(book) as zf:
        after = {n: zf.read(n) for n in zf.namelist()}
    ours = {p for p in after if p not in before} | {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                                     "[Content_Types].xml"}
    parts = sheet_parts(book)
    ours |= {parts[n] for n in ("Follow-up", "Aggregate", "Start here", "Log")}
    ours.add(parts["Aggregate"].replace("worksheets/", "worksheets/_rels/") + ".rels")  # the tool's charts
    assert [p for p in before if p not in ours and p in after and after[p] != before[p]] == []
    assert set(before) <= set(after) | {p for p in before if "drawing" in p or "chart" in p}


def test_a_computed_sheet_added_back_before_the_open_tab_keeps_the_workbook_open_on_that_tab(book):
    wb = load_workbook(book)
    del wb["Follow-up"]
    wb.active = wb["Aggregate"]  # workbook.xml: firstSheet="0" activeTab="7" (Aggregate, once Follow-up is gone)
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    again = load_workbook(book)
    assert again.sheetnames.index("Follow-up") < again.sheetnames.index("Aggregate")
    assert again.active.title == "Aggregate"


def test_a_renamed_computed_sheet_is_left_as_it_is_and_named_in_checks(book):
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    wb = load_workbook(book)
    wb["Follow-up"].title = "Follow-up Q2"
    wb.save(book)
    snapshot = sheet_parts(book)["Follow-up Q2"]
    with zipfile.ZipFile(book) as zf:
        kept = zf.read(snapshot)
    assert run("refresh", book, "--as-of", "2026-07-31").exit_code == 0
    wb = load_workbook(book)
    assert "Follow-up" in wb.sheetnames and wb["Follow-up"]["A2"].value == "S-1"
    with zipfile.ZipFile(book) as zf:
        assert zf.read(snapshot) == kept  # the renamed copy: the person's, as it was
    checks = [[c.value for c in r] for r in wb["Checks"].iter_rows()]
    heads = checks[0]
    said = [dict(zip(heads, r)) for r in checks[1:] if "computed-sheet-renamed" in r]
    assert len(said) == 1 and said[0]["Sheet"] == "Follow-up Q2" and 'rename "Follow-up Q2"' in said[0]["How to fix"]


@pytest.mark.parametrize("sheet", ["Log", "Scores", "Settings"])
def test_repair_of_a_renamed_input_sheet_says_to_rename_it_back_and_changes_nothing(book, sheet):
    wb = load_workbook(book)
    wb[sheet].title = f"My {sheet}"
    wb.save(book)
    before = book.read_bytes()
    result = run("repair", book)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'the sheet "My {sheet}" holds the {sheet} table' in result.output
    assert f'Rename it back to "{sheet}"' in result.output
    assert book.read_bytes() == before


def _chart_names(path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return sorted(name.decode() for n in zf.namelist() if n.startswith("xl/drawings/") and n.endswith(".xml")
                      for name in re.findall(rb'cNvPr [^>]*name="([^"]*)"', zf.read(n)))


def test_after_repair_the_tools_charts_are_drawn_once_more_not_twice(tmp_path):
    # one team of the demo: its sessions draw the four tool charts the whole demo draws, in a workbook
    # repair's openpyxl load and save handle in a third of the time
    path = one_team_demo(tmp_path / "demo.xlsx")
    drawn = _chart_names(path)
    assert drawn and all(n.startswith("coachlog_xl chart") for n in drawn)
    with zipfile.ZipFile(path) as zf:  # Checks deleted as Excel deletes a sheet: gone from workbook.xml
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    index = schema.SHEET_ORDER.index("Checks")
    parts["xl/workbook.xml"] = re.sub(rb'<definedName[^>]*localSheetId="%d"[^>]*>[^<]*</definedName>' % index, b"",
                                      re.sub(rb'<sheet name="Checks"[^>]*/>', b"", parts["xl/workbook.xml"]))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert run("repair", path).exit_code == 0  # a whole openpyxl load and save: it renames charts "Chart N"
    assert run("refresh", path, "--no-cache").exit_code == 0
    assert run("refresh", path, "--no-cache", "--as-of", "2026-05-31").exit_code == 0
    assert _chart_names(path) == drawn  # the tool's charts once, under its names; no frozen copies


def test_saved_file_passes_the_package_check(book):
    assert run("refresh", book).exit_code == 0
    safety.verify_package(book)
    with zipfile.ZipFile(book) as zf:
        assert zf.testzip() is None


@pytest.mark.parametrize("broken", [0, 1, 2, 3])
def test_package_check_finds_a_part_that_does_not_parse_or_read_back_whichever_process_reads_it(tmp_path, broken,
                                                                                                 monkeypatch):
    # parts of falling size, dealt by size (however small): p0 and p3 here, p1 and p2 in a second process
    monkeypatch.setattr(safety.workers, "PART_BYTES", 0)
    parts = {f"xl/p{i}.xml": b"<a>" + b"<b>x</b>" * (4000 - 1000 * i) + b"</a>" for i in range(4)}
    name = f"xl/p{broken}.xml"
    parts[name] = parts[name][:-2]  # cut short: not well-formed
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    with pytest.raises(safety.WorkbookError, match="not a valid workbook"):
        safety.verify_package(path, list(parts))
    safety.verify_package(path, [n for n in parts if n != name])  # the others are fine
    with pytest.raises(safety.WorkbookError, match="not a valid workbook"):
        safety.verify_package(path, [*parts, "xl/missing.xml"])


def test_a_part_parsed_as_it_was_made_is_read_back_with_its_crc_and_what_its_parse_found_is_said(tmp_path):
    # the refresh parses each sheet it makes as it compresses it (zipparts.deflate); the check of the saved
    # file then reads that part back with its CRC only, and says a parse's problem as of a part read back
    good, cut = b"<a>" + b"<b>x</b>" * 3000 + b"</a>", b"<a><b>x</b>"
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/good.xml", good)
        zf.writestr("xl/cut.xml", cut)
    with pytest.raises(safety.WorkbookError, match="not a valid workbook"):
        safety.verify_package(path, ["xl/good.xml", "xl/cut.xml"])  # parsed here: cut short
    safety.verify_package(path, safety.Written(["xl/good.xml", "xl/cut.xml"], {"xl/cut.xml": None}))
    made = zipparts.deflate([cut], parse=True)
    assert made.parsed and made.problem
    with pytest.raises(safety.WorkbookError, match=re.escape(made.problem)):
        safety.verify_package(path, safety.Written(["xl/good.xml", "xl/cut.xml"], {"xl/cut.xml": made.problem}))
    data = bytearray(path.read_bytes())  # a byte of the parsed part's stream changed: its CRC says so
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/good.xml")
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(safety.WorkbookError, match="not a valid workbook"):
        safety.verify_package(path, safety.Written(["xl/good.xml"], {"xl/good.xml": None}))


def test_deflate_parses_the_chunks_it_compresses_as_expat_parses_the_whole_part():
    from xml.parsers import expat

    whole = b'<?xml version="1.0" encoding="UTF-8"?><a>' + "<b>\u00e9t\u00e9 \U0001F600</b>".encode() * 40000 + b"</a>"
    chunks = [whole[i:i + 65537] for i in range(0, len(whole), 65537)]  # split inside characters and tags
    for part, wrong in ((chunks, None), (chunks[:-1], "no element found"), ([b"<a>", b"</b></a>"], "mismatched tag")):
        plain, parsed = zipparts.deflate(iter(part)), zipparts.deflate(iter(part), parse=True)
        assert (parsed.data, parsed.crc, parsed.size) == (plain.data, plain.crc, plain.size)
        assert parsed.parsed and not plain.parsed and plain.problem is None
        try:
            expat.ParserCreate().Parse(b"".join(part), True)
            expected = None
        except expat.ExpatError as exc:
            expected = str(exc)
        assert parsed.problem == expected and (wrong is None) == (expected is None)
        assert wrong is None or wrong in expected


def test_a_part_made_as_the_file_holds_it_is_parsed_as_it_is_made_and_said_to_be_the_same():
    from xml.parsers import expat

    made = b"<a>" + b"<b>x</b>" * 30000 + b"</a>"
    chunks = [made[i:i + 50000] for i in range(0, len(made), 50000)]
    plain = zipparts.deflate(iter(chunks))
    same = zipparts.deflate(iter(chunks), parse=True, was=made)
    assert (same.data, same.crc, same.size, same.parsed, same.problem, same.same) == \
        (plain.data, plain.crc, plain.size, True, None, True)
    for was in (made[:120000] + b"<c/>" + made[120004:], made[:-4], made + b"<b/>", b"", b"<a>"):
        # the part differs from what the file holds within a chunk, at its end, or past it
        got = zipparts.deflate(iter(chunks), parse=True, was=was)
        assert got.parsed and got.problem is None and not got.same and (got.data, got.crc) == (plain.data, plain.crc)
    cut = chunks[:-1]  # cut short, and the file held it so far and more: its problem found as a parse of it whole
    got = zipparts.deflate(iter(cut), parse=True, was=made)
    try:
        expat.ParserCreate().Parse(b"".join(cut), True)
    except expat.ExpatError as exc:
        expected = str(exc)
    assert got.parsed and got.problem == expected and not got.same
    held = b"".join(cut)  # the file holds it cut short: the same, and its problem said
    got = zipparts.deflate(iter(cut), parse=True, was=held)
    assert got.same and got.problem == expected


def test_a_refresh_that_changes_nothing_parses_again_only_the_sheets_not_checked_as_they_were_made(book, monkeypatch):
    # every computed sheet comes out as the file holds it and was checked as it was made: its old XML,
    # those bytes, is not parsed again; a sheet whose check found a problem still is, and is refused
    from coachlog_xl.workbook import damaged, package

    assert run("refresh", book, "--as-of", "2026-04-30", "--no-backup").exit_code == 0
    asked = []
    real = damaged.refuse_unparsed
    monkeypatch.setattr(damaged, "refuse_unparsed",
                        lambda path, sheets: (asked.append(sorted(sheets)), real(path, sheets)))
    before = book.read_bytes()
    result = run("refresh", book, "--as-of", "2026-04-30", "--no-backup", "--no-cache")
    assert result.exit_code == 0, result.output
    assert book.read_bytes() == before and asked == [[]]
    real_deflate = package.deflate

    def found_wrong(chunks, parse=False, was=None):  # the check of the Checks sheet finds a problem
        made = real_deflate(chunks, parse, was)
        return replace(made,
                       problem="mismatched tag: line 1, column 2") if was and b"<t>How to fix</t>" in was else made

    monkeypatch.setattr(package, "deflate", found_wrong)
    asked.clear()
    result = run("refresh", book, "--as-of", "2026-04-30", "--no-backup", "--no-cache")
    assert asked == [[schema.CHECKS.name]]
    assert result.exit_code == 0 and book.read_bytes() == before  # (its XML as the file holds it parses)


@pytest.mark.parametrize("part_bytes", [None, 0])  # parsed as it is made; or, past PART_BYTES, as it is read back
def test_a_computed_sheet_that_does_not_parse_is_never_saved(book, monkeypatch, part_bytes):
    from coachlog_xl.workbook import package

    if part_bytes is not None:
        monkeypatch.setattr(safety.workers, "PART_BYTES", part_bytes)

    real = package.computed_sheet

    def cut_short(*args, **kwargs):  # the sheet's XML without its last chunk (the end of the worksheet)
        return list(real(*args, **kwargs))[:-1]

    before = book.read_bytes()
    monkeypatch.setattr(package, "computed_sheet", cut_short)
    result = run("refresh", book)
    assert result.exit_code != 0 and "not a valid workbook" in result.output and "Traceback" not in result.output
    assert book.read_bytes() == before
    assert leftovers(book.parent) == []


def test_odd_content_is_handled_or_reported(book):
    """Merged cells, hidden rows, a filter left on, very long text, emoji and right-to-left text."""
    wb = load_workbook(book)
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    rows = [("C1", "Ann Lee", dt.datetime(2026, 2, 27, 9), "Acknowledges", 70),
            ("C2", "Ann Lee", dt.datetime(2026, 2, 28, 9), "Acknowledges", 80),
            ("C3", None, dt.datetime(2026, 3, 1, 9), "Acknowledges", 90)]
    for r, values in enumerate(rows, start=2):
        for key, value in zip(("call_id", "rep", "call_at", "criterion", "score"), values):
            ws.cell(row=r, column=head.index(schema.SCORES.column(key).header) + 1, value=value)
    ws.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)  # Ann Lee over rows 3-4
    ws.row_dimensions[2].hidden = True
    ws.auto_filter.ref = "A1:M4"
    long_text = "\u05e9\u05dc\u05d5\u05dd \U0001F600 " * 3000  # 24,000 characters of Hebrew and emoji
    log = wb["Log"]
    log_head = [c.value for c in log[1]]
    log.cell(row=2, column=log_head.index("Conversation summary") + 1, value=long_text)
    wb.save(book)
    tool = tool_columns_of_log(book)
    before = snapshot(book, sheets={"Scores", "Log"}, skip=tool)
    result = run("refresh", book, "--as-of", "2026-04-30")
    assert result.exit_code == 0, result.output
    checks = {r[5] for r in load_workbook(book)["Checks"].iter_rows(min_row=2, values_only=True)}
    assert "missing-field" in checks  # the merged-away rep of row 4 is reported, not guessed
    assert snapshot(book, sheets={"Scores", "Log"}, skip=tool) == before
    assert load_workbook(book)["Log"].cell(row=2, column=log_head.index("Conversation summary") + 1).value \
        == long_text


def test_a_formula_never_calculated_is_named_in_checks_and_libreoffice_calculates_it(book, tmp_path):
    # openpyxl (like other programs that write workbooks) stores a formula without its value: read as
    # blank, it must be named as a formula, not only reported as a missing date or criterion; a formula
    # in a column the refresh never reads (the team's own, Settings' What it means) is not read as
    # blank, and nothing is said of it

    wb = load_workbook(book)
    log, criteria = wb["Log"], wb["Criteria"]
    head = [c.value for c in log[1]]
    date_col = head.index(schema.LOG.column("session_date").header) + 1
    log.cell(row=2, column=date_col, value="=DATE(2026,3,2)")
    criteria.cell(row=criteria.max_row + 1, column=1, value='=UPPER("x")')
    own = log.max_column + 1  # a column of the supervisor's, a formula filled down the empty rows too
    log.cell(row=1, column=own, value="Rep again")
    for r in range(2, 6):
        log.cell(row=r, column=own, value=f'=IF(B{r}="","",B{r})')
    criteria.cell(row=1, column=criteria.max_column + 1, value="Owner")
    criteria.cell(row=2, column=criteria.max_column, value='=LOWER("Ann")')
    reps = wb["Reps"]
    reps.cell(row=1, column=reps.max_column + 1, value="Email")
    reps.cell(row=2, column=reps.max_column, value='=LOWER(A2)&"@x.invalid"')
    settings = wb["Settings"]
    settings.cell(row=3, column=2, value="=5+5")
    settings.cell(row=3, column=3, value='="help"')  # What it means: shown to a person, never read
    settings.cell(row=3, column=4, value="=1+1")  # the column between Settings and CallTypes
    settings.cell(row=3, column=5, value='=LOWER("Inbound")')  # CallTypes: read
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output
    lines = [line.strip() for line in result.output.splitlines() if "no calculated value" in line]
    said = {line.split(", which has no calculated value")[0] for line in lines}
    assert len(lines) == 4 and said == {
        f"Settings row 3: {settings.cell(row=1, column=2).value} holds the formula =5+5",
        f'Settings row 3: {settings.cell(row=1, column=5).value} holds the formula =LOWER("Inbound")',
        f'Criteria row {criteria.max_row}: {criteria.cell(row=1, column=1).value} holds the formula =UPPER("x")',
        "Log row 2: Session date holds the formula =DATE(2026,3,2)"}
    assert "Rep again" not in result.output and "Email" not in result.output and "Owner" not in result.output
    assert "missing-session-date" in result.output  # what follows from it is still said
    calculated = soffice_convert(book, "xlsx", tmp_path / "lo")  # the fix the message gives
    with zipfile.ZipFile(calculated) as zf:  # a formula giving "" now holds an empty value: calculated
        assert re.search(rb"<v>\s*</v>|<v\s*/>", zf.read(sheet_parts(calculated)["Log"]))
    again = run("check", calculated, "--as-of", "2026-06-30")
    assert "no calculated value" not in again.output and "missing-session-date" not in again.output


def test_scores_formulas_never_calculated_are_named_not_dropped_silently(book, tmp_path):
    # a Scores sheet a script wrote (openpyxl stores a formula without its value): the cells read as
    # blank, so the calls they hold are not counted; each column holding such formulas is named once,
    # with its first cell and the rows of the others, and LibreOffice's save (the fix given) clears it
    wb = load_workbook(book)
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    at = {h: head.index(h) + 1 for h in ("Call ID", "Rep", "Call date", "Criterion", "Score")}
    rows = [("C-1", "=80"), ("C-2", 90), ("C-3", "=40+50"), ("C-4", 70), ('=CONCATENATE("C-","5")', 60), ("C-6", 85),
            ("C-7", "=SUM(60,5)"), ("C-8", "=75")]
    for r, (call, score) in enumerate(rows, start=2):
        for key, value in {"Call ID": call, "Rep": "Ann Lee", "Call date": dt.datetime(2026, 3, r, 10),
                           "Criterion": "Empathy", "Score": score}.items():
            ws.cell(row=r, column=at[key], value=value)
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output
    lines = [line.strip() for line in result.output.splitlines() if "no calculated value" in line]
    said = {line.split(" (the file was saved")[0]: line for line in lines}
    assert sorted(said) == [
        "Scores row 2: Score holds the formula =80, which has no calculated value",
        'Scores row 6: Call ID holds the formula =CONCATENATE("C-","5"), which has no calculated value']
    score, call = (said[k] for k in sorted(said))
    assert "; so are 3 more cells of Score (rows 4, 8, 9). A blank score" in score
    assert ", so it is read as blank. A blank score" in call
    calculated = soffice_convert(book, "xlsx", tmp_path / "lo")
    refreshed = run("refresh", book, "--as-of", "2026-06-30")
    assert "from 3 scores of 3 calls" in refreshed.output  # C-2, C-4 and C-6: the others are blank to the readers
    assert run("check", calculated, "--as-of", "2026-06-30").output.count("no calculated value") == 0
    assert "from 8 scores of 8 calls" in run("refresh", calculated, "--as-of", "2026-06-30").output


def test_scores_formulas_in_a_column_the_reader_does_not_read_are_not_named(book, tmp_path):
    # a column of the team's own beside the export's (a week number a script filled down) is never read:
    # its formulas are not said to be read as blank; a score column's are, and in a wide paste a
    # column named as a criterion's is, since its values, which the formulas hide, make it one
    wb = load_workbook(book)
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    at = {h: head.index(h) + 1 for h in ("Call ID", "Rep", "Call date", "Criterion", "Score")}
    week = len(head) + 1
    ws.cell(row=1, column=week, value="Week")
    for r, score in enumerate([80, "=90", 70], start=2):
        for key, value in {"Call ID": f"C-{r}", "Rep": "Ann Lee", "Call date": dt.datetime(2026, 3, r, 10),
                           "Criterion": "Empathy", "Score": score}.items():
            ws.cell(row=r, column=at[key], value=value)
        ws.cell(row=r, column=week, value=f"=WEEKNUM({get_column_letter(at['Call date'])}{r})")
    wide = wb.create_sheet("Scores wide")
    wide.append(["Call ID", "Agent", "Call date", "Empathy", "Notes"])
    for r in range(2, 5):
        wide.append([f"W-{r}", "Ann Lee", dt.datetime(2026, 3, r, 11), f"={60 + r}", f'="call {r}"'])
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output
    lines = [line.strip() for line in result.output.splitlines() if "no calculated value" in line]
    assert [line.split(", which")[0] for line in lines] == [
        "Scores row 3: Score holds the formula =90", "Scores wide row 2: Empathy holds the formula =62",
        "Scores wide row 2: Notes holds the formula =\"call 2\""]
    assert "Week" not in result.output


def test_a_formula_without_its_value_is_found_across_the_reads_of_a_long_sheet():
    # the sheet is unzipped a chunk at a time, each cut at its last whole row: a cell split between two
    # reads is still found, and only the rows holding one are kept for the search of their cells; a
    # formula with its value (a number, a text, or "" typed as text) and one shared from a cell above
    # with its value are not found; a row without its number sends the caller to the whole sheet
    from coachlog_xl.workbook.celledits import formula_cells
    from coachlog_xl.workbook.unvalued import rows_holding

    def found(rows: str, chunk: int, p: str = ""):
        xml = (f'<{p}worksheet xmlns{":" + p[:-1] if p else ""}="main"><{p}sheetData>{rows}</{p}sheetData>'
               f'<{p}autoFilter ref="A1:D9"><{p}filterColumn colId="0"/></{p}autoFilter></{p}worksheet>').encode()
        holder = tempfile.SpooledTemporaryFile()
        with zipfile.ZipFile(holder, "w") as zf:
            zf.writestr("sheet.xml", xml)
        with zipfile.ZipFile(holder) as zf:
            kept = rows_holding(zf, "sheet.xml", chunk)
        return None if kept is None else formula_cells(kept, set(range(1, 9)), calculated=False)

    calculated = ('<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>A1</f><v>x</v></c>'
                  '<c r="C2" t="str"><f>""</f><v></v></c><c r="D2"><f t="shared" si="0" ref="D2:D3">A2</f><v>2</v></c>'
                  '</row><row r="3"><c r="D3"><f t="shared" si="0"/><v>2</v></c></row>')
    for chunk in (5, 16, 1 << 20):
        assert found(calculated, chunk) == {}
        assert found(calculated + '<row r="4"><c r="A4"><v>1</v></c><c r="B4"><f>A2*2</f><v></v></c></row>'
                     '<row r="5"><c r="C5"><f>A4</f></c></row><row r="6"><c r="D6"><f t="shared" si="0"/><v/></c>'
                     '</row>', chunk) == {(4, 2): "A2*2", (5, 3): "A4", (6, 4): ""}
        assert found(calculated.replace("<", "<x:").replace("<x:/", "</x:")
                     + '<x:row r="7"><x:c r="A7"><x:f>A2*2</x:f></x:c></x:row>', chunk, "x:") == {(7, 1): "A2*2"}
        assert found(calculated + '<row><c><f>A2*2</f></c></row>', chunk) is None


def test_a_formula_without_its_value_is_found_in_pieces_of_any_size_another_reader_unzips():
    # the cut of a long Scores sheet in two gives the scan the pieces it unzips, of sizes it chooses: a
    # piece may end inside the root element, a tag, a row or the merged ranges after the rows
    import random

    from coachlog_xl.workbook.celledits import formula_cells
    from coachlog_xl.workbook.unvalued import Rows

    xml = (b'<worksheet xmlns="main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
           b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
           b'<row r="3"><c r="A3"><v>1</v></c><c r="B3"><f>A2*2</f><v></v></c></row>'
           b'<row r="4" s="3" customFormat="1"/><row r="5"><c r="C5"><f>A4</f></c></row></sheetData>'
           b'<mergeCells count="2"><mergeCell ref="A2:A9"/><mergeCell ref="B7:C7"/></mergeCells></worksheet>')
    pick = random.Random(7)
    for sizes in ([len(xml)], [1] * len(xml), [3, 7, 60, 5, 11], [pick.randint(1, 90) for _ in range(40)]):
        rows, at, merged = Rows(), 0, []
        for size in sizes * len(xml):
            if at >= len(xml):
                break
            rows.feed(xml[at:at + size])
            at += size
        assert rows.size == len(xml)
        kept = rows.end(merged)
        assert formula_cells(kept, set(range(1, 9)), calculated=False) == {(3, 2): "A2*2", (5, 3): "A4"}
        assert merged == ["A2:A9", "B7:C7"]
    unnumbered, without = Rows(), xml.replace(b'<row r="5">', b"<row>")  # (its number follows from the rows before)
    for at in range(0, len(without), 7):
        unnumbered.feed(without[at:at + 7])
    assert unnumbered.end([]) is None


def test_formatted_blank_rows_stored_as_one_tag_are_not_carried_from_read_to_read(monkeypatch):
    # rows formatted down to the sheet's end are stored as one empty tag each, with no </row>: each read
    # is cut where its last row starts, so the piece looked through stays about one read long (carried
    # whole, a million of them were looked through again at every read) and a formula after them is found
    rows = "".join(f'<row r="{r}" s="3" customFormat="1"/>' for r in range(3, 3000))
    xml = ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>' + rows
           + '<row r="3000"><c r="B3000"><f>A2*2</f></c></row></sheetData><mergeCells count="1"><mergeCell '
           'ref="A2:A9"/></mergeCells><rowBreaks count="1"><brk id="40" max="16383" man="1"/></rowBreaks></worksheet>'
           ).encode()
    merged = []
    kept, looked = _rows_holding_read_1k(monkeypatch, xml, merged)
    assert kept == b'<row r="3000"><c r="B3000"><f>A2*2</f></c></row>'
    assert merged == ["A2:A9"]  # (listed after the rows, before the page breaks)
    assert len(looked) > 50 and max(looked) < 1024 + 64


@pytest.mark.parametrize("space", ["\n", "\r\n", "\t"])
def test_rows_whose_tag_breaks_the_line_after_its_name_are_not_carried_from_read_to_read(monkeypatch, space):
    # XML allows any white space between a tag's name and its attributes (<row\n r="3">, an indenting
    # writer's): each read is still cut where its last row starts, and the formula after them is found
    rows = "".join(f'<row{space}r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 2000))
    xml = ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>' + rows
           + f'<row{space}r="2000"><c r="B2000"><f>A2*2</f></c></row></sheetData></worksheet>').encode()
    kept, looked = _rows_holding_read_1k(monkeypatch, xml)
    assert kept == f'<row{space}r="2000"><c r="B2000"><f>A2*2</f></c></row>'.encode()
    assert len(looked) > 50 and max(looked) < 1024 + 64


@pytest.mark.parametrize(("xml", "holds"), [
    (b'<c r="A2" t="inlineStr"><is><t>of the staff: fine, if any</t></is></c>', False),  # the letter f in texts
    (b'<c r="A2" t="inlineStr"><is><t>note:f </t></is></c><c r="B2"><v>1</v></c>', False),  # ":f " in a text
    (b'<c r="A2"><f>B2</f></c>', True),
    (b'<c r="A2"><f>B2</f><v></v></c>', True),
    (b'<c r="A2"><f>B2</f><v>4</v></c>', False),
    (b'<c r="A2"><f t="shared" si="0"/></c>', True),
    (b'<c r="A2"><f t="shared" si="0"/><v>3</v></c>', False),
    (b'<x:c r="A2"><x:f t="shared" si="0"/><x:v/></x:c>', True),
    (b'<x:c r="A2"><x:f>B2</x:f><x:v>3</x:v></x:c>', False),
])
def test_a_piece_of_sheet_may_hold_a_formula_without_its_value_only_where_one_is(xml, holds):
    from coachlog_xl.workbook import unvalued

    assert unvalued.may_hold(xml) is holds


def test_scores_header_and_total_row_formulas_are_not_named_as_unread_scores(book):
    # a Total Row (a SUBTOTAL a script wrote without its value) is no call, and a header is no score:
    # neither is named as a formula read as blank; a score below the header is
    wb = load_workbook(book)
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    at = {h: head.index(h) + 1 for h in ("Call ID", "Rep", "Call date", "Criterion", "Score")}
    for r, (call, score) in enumerate([("C-1", 80), ("C-2", "=90"), ("C-3", 70)], start=2):
        for key, value in {"Call ID": call, "Rep": "Ann Lee", "Call date": dt.datetime(2026, 3, r, 10),
                           "Criterion": "Empathy", "Score": score}.items():
            ws.cell(row=r, column=at[key], value=value)
    table = next(iter(ws.tables.values()))
    table.ref = f"A1:{get_column_letter(len(head))}5"
    table.totalsRowCount = 1
    ws.cell(row=5, column=at["Call ID"], value="Total")
    ws.cell(row=5, column=at["Score"], value="=SUBTOTAL(101,Scores[Score])")
    ws.cell(row=1, column=len(head) + 1, value='=CONCAT("No","tes")')
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    lines = [line.strip() for line in result.output.splitlines() if "no calculated value" in line]
    assert [line.split(",")[0] for line in lines] == ["Scores row 3: Score holds the formula =90"]


def test_a_settings_label_or_headermap_field_misspelled_is_named(book):
    wb = load_workbook(book)
    ws = wb["Settings"]
    label = ws.cell(row=2, column=1).value
    ws.cell(row=2, column=1, value="Calls per window")  # the label edited: the value would be dropped silently
    ws.cell(row=2, column=2, value=5)
    hm_field = next(c for c in ws[1] if c.value == schema.HEADER_MAP.headers[0]).column
    last = max(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=hm_field).value is not None)
    ws.cell(row=last + 1, column=hm_field, value="scoore")
    ws.cell(row=last + 1, column=hm_field + 1, value="Result")
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output and label != "Calls per window"
    assert 'Settings row 2: "Calls per window" is not a setting, so its value is not used.' in result.output
    assert f'Settings row {last + 1}: the HeaderMap field "scoore" is not one a column is read as' in result.output


def test_an_export_header_listed_for_two_fields_is_named(book):
    wb = load_workbook(book)
    ws = wb["Settings"]
    hm_field = next(c for c in ws[1] if c.value == schema.HEADER_MAP.headers[0]).column
    rows = {ws.cell(row=r, column=hm_field + 1).value: (ws.cell(row=r, column=hm_field).value, r)
            for r in range(2, ws.max_row + 1)}
    assert rows["Date"][0] == "call_at"  # the template lists Date for the call's date
    last = max(r for _, r in rows.values())
    ws.cell(row=last + 1, column=hm_field, value="graded_at")
    ws.cell(row=last + 1, column=hm_field + 1, value=" date ")  # another case, spaces around
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output
    assert (f'Settings row {last + 1}: the export header "date" is listed for both "call_at" and "graded_at", '
            "so a column so named is read as call_at only.") in result.output
    assert f"Settings row {rows['Date'][1]}:" not in result.output  # the row that wins is not named


def test_the_fix_for_a_header_listed_for_two_fields_names_each_row_to_delete_it_from(book):
    # the template lists "Call date" and "call_date" for call_at: one header to a reader, two rows to delete
    wb = load_workbook(book)
    ws = wb["Settings"]
    hm_field = next(c for c in ws[1] if c.value == schema.HEADER_MAP.headers[0]).column
    rows = {ws.cell(row=r, column=hm_field + 1).value: r for r in range(2, ws.max_row + 1)
            if ws.cell(row=r, column=hm_field).value == "call_at"}
    last = max(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=hm_field).value)
    ws.cell(row=last + 1, column=hm_field, value="graded_at")
    ws.cell(row=last + 1, column=hm_field + 1, value="Call date")
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert (f'delete it from "graded_at" (row {last + 1}) or from "call_at" (row {rows["Call date"]}: "Call date", '
            f'row {rows["call_date"]}: "call_date").') in result.output
    # done as it says, from call_at: no header is listed for two fields any more
    wb = load_workbook(book)
    for header in ("Call date", "call_date"):
        wb["Settings"].cell(row=rows[header], column=hm_field + 1).value = None
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output and "is listed for both" not in result.output


def _check_with_log_cells(book, cells: dict[tuple[int, str], str]) -> str:
    """``coachlog check`` of the book with Log cells set: (row, the header of its column) -> value."""
    wb = load_workbook(book)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for (row, header), value in cells.items():
        log.cell(row=row, column=head.index(header) + 1, value=value)
    wb.save(book)
    return run("check", book, "--as-of", "2026-06-30").output


def test_a_renamed_log_column_that_changes_the_numbers_is_named(book):
    said = _check_with_log_cells(book, {(2, "Session time"): "14:00", (1, "Session time"): "Time"})
    assert 'Log: no "Session time" column, so every session is read as date only. Columns not read: Time.' in said
    assert said.count("missing-log-column") == 1


def test_a_deleted_log_column_is_to_be_added_back_and_a_renamed_one_renamed(book):
    """With no column left under another header, there is nothing to rename: the fix says to add one, and
    followed, the row is gone; with one, it says to rename it back."""
    wb = load_workbook(book)
    wb["Log"].delete_cols([c.value for c in wb["Log"][1]].index("Session time") + 1)
    wb.save(book)
    said = run("check", book, "--as-of", "2026-06-30").output
    assert 'Log: no "Session time" column, so every session is read as date only.' in said
    assert 'Add a column headed "Session time"' in said and "Rename the column back" not in said
    wb = load_workbook(book)
    wb["Log"].cell(row=1, column=wb["Log"].max_column + 1, value="Session time")
    wb.save(book)
    assert "missing-log-column" not in run("check", book, "--as-of", "2026-06-30").output
    renamed = _check_with_log_cells(book, {(1, "Session time"): "Time"})
    assert 'Rename the column back to "Session time"' in renamed


def test_a_renamed_log_supervisor_column_says_the_reps_supervisors_are_used(book):
    said = _check_with_log_cells(book, {(1, "Supervisor"): "Coach"})
    assert ('Log: no "Supervisor" column, so each session\'s supervisor is its rep\'s on the Reps sheet (blank '
            "where Reps gives none). Columns not read: Coach.") in said


def test_a_renamed_log_column_of_words_or_decisions_is_named(book):
    said = _check_with_log_cells(book, {(1, "Behavioral observation"): "Behavioural observation",
                                        (1, "Decision"): "Decision (manager)"})
    assert "missing-log-column (2)" in said
    assert 'Log: no "Behavioral observation" column, so it is read as blank on every row. Columns not read: ' \
        "Behavioural observation, Decision (manager)." in said
    assert 'Log: no "Decision" column, so no session\'s decision is read' in said


def test_a_log_column_headed_twice_is_named_when_the_second_holds_values(book):
    wb = load_workbook(book)
    log = wb["Log"]
    last = log.max_column  # a column beside the Log's, headed as one of its own
    date_col = [c.value for c in log[1]].index("Session date") + 1
    log.cell(row=1, column=last + 1, value="session  DATE")  # case and spacing aside, the same header
    wb.save(book)
    assert "same-header-columns" not in run("check", book, "--as-of", "2026-06-30").output  # empty: nothing lost
    wb = load_workbook(book)
    wb["Log"].cell(row=2, column=last + 1, value=dt.date(2026, 3, 9))
    wb.save(book)
    said = run("check", book, "--as-of", "2026-06-30").output
    first, second = get_column_letter(date_col), get_column_letter(last + 1)
    assert (f'Log: columns {first} and {second} are both headed "Session date"; only column {first} is read, '
            f"not column {second}.") in said
    assert f"Move what column {second} holds into column {first}, or rename its header." in said


def test_a_workbook_named_as_a_csv_is_told_to_be_renamed_not_called_damaged(book, tmp_path):
    named = tmp_path / "scores.csv"
    named.write_bytes(book.read_bytes())
    result = run("refresh", named)
    assert result.exit_code == 2 and "Traceback" not in result.output and "damaged" not in result.output
    assert "named .csv" in result.output and "Rename it to scores.xlsx" in result.output
    assert named.read_bytes() == book.read_bytes()


def test_merged_cells_on_the_log_are_named(book):
    wb = load_workbook(book)
    wb["Log"].merge_cells("B2:C2")  # the rep's cell merged over the supervisor's
    wb["Reps"].merge_cells("A2:A3")
    log = wb["Log"]
    own = log.max_column + 2  # a column of the team's own, right of the Log's: its merge is its own business
    log.cell(1, own, "Team notes")
    log.cell(4, own, "see the call of 3 March")
    log.merge_cells(start_row=4, start_column=own, end_row=5, end_column=own)
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "Traceback" not in result.output and result.output.count("merged cells. Only the first cell") == 2
    assert "Log B2:C2: merged cells." in result.output and "Reps A2:A3: merged cells." in result.output


def _report_paste(path, merged: bool = True, blank: bool = False):
    """A workbook whose Scores hold a report-style export: each call's id, rep and date once, beside the
    first of its two criteria's rows (merged down over both, or left blank below), and a session on the
    second criterion, Verifies, on 20 February."""
    assert run("new", path).exit_code == 0
    wb = load_workbook(path)
    for i, (cid, name) in enumerate([("ACK", "Acknowledges"), ("VER", "Verifies")], start=2):
        wb["Criteria"].cell(i, 1, cid)
        wb["Criteria"].cell(i, 2, name)
    wb["Reps"].cell(2, 1, "Dana Cruz")
    ws, head = wb["Scores"], [c.value for c in wb["Scores"][1]]
    col = {h: head.index(h) + 1 for h in ("Call ID", "Rep", "Call date", "Criterion", "Score")}
    for k in range(12):  # one call a day from 1 February, both criteria scored 70
        top = 2 + 2 * k
        ws.cell(top, col["Call ID"], f"K{k}")
        ws.cell(top, col["Rep"], "Dana Cruz")
        ws.cell(top, col["Call date"], dt.datetime(2026, 2, 1 + k, 10))
        for r, crit in ((top, "Acknowledges"), (top + 1, "Verifies")):
            ws.cell(r, col["Criterion"], crit)
            ws.cell(r, col["Score"], 70)
        for h in ("Call ID", "Rep", "Call date"):
            if merged:
                ws.merge_cells(start_row=top, start_column=col[h], end_row=top + 1, end_column=col[h])
            elif not blank:
                ws.cell(top + 1, col[h], ws.cell(top, col[h]).value)
    log = wb["Log"]
    lh = [c.value for c in log[1]]
    for key, value in {"session_id": "S-1", "rep": "Dana Cruz", "session_date": dt.date(2026, 2, 20),
                       "criterion": "Verifies"}.items():
        log.cell(2, lh.index(schema.LOG.column(key).header) + 1, value)
    return wb


def test_a_scores_paste_with_cells_merged_down_holds_the_baselines_until_filled_down(tmp_path):
    # a report-style export pasted as it is: each call's id, rep and date merged down over its two
    # criteria's rows, so the Verifies rows are read with none of them
    path = tmp_path / "merged.xlsx"
    wb = _report_paste(path)
    wb.save(path)
    assert "0 baselines recorded this time" in run("refresh", path, "--as-of", "2026-03-31").output
    for _ in range(2):  # read, then from the refresh cache
        said = " ".join(run("check", path, "--as-of", "2026-03-31").output.split())
        assert "merged-cells-in-scores" in said and "Scores A2:A3 and 35 more ranges: merged cells." in said
        assert "Scores has cells merged over several rows" in said
    wb = load_workbook(path)
    ws = wb["Scores"]
    for ref in [str(r) for r in ws.merged_cells.ranges]:  # unmerged and filled down, as the fix says
        ws.unmerge_cells(ref)
        first, last = ref.split(":")
        ws[last].value = ws[first].value
    wb.save(path)
    said = " ".join(run("refresh", path, "--as-of", "2026-03-31").output.split())
    assert "merged-cells" not in said and "1 baseline recorded this time" in said
    log = load_workbook(path)["Log"]
    lh = [c.value for c in log[1]]
    assert (log.cell(2, lh.index("Baseline n") + 1).value, log.cell(2, lh.index("Baseline mean") + 1).value) == (10, 70)


def test_merged_cells_that_hold_no_call_s_rows_are_not_named_and_hold_nothing(tmp_path):
    # filled in: a title merged over two rows above the header, a footer below the rows, and a note
    # merged over two rows in a column of the team's own are no report-style paste
    path = tmp_path / "titled.xlsx"
    wb = _report_paste(path, merged=False)
    ws = wb["Scores"]
    ws.insert_rows(1, 3)
    ws["A1"] = "QA export, February"
    ws.merge_cells("A1:E2")
    ws["A40"] = "Generated by the QA platform"
    ws.merge_cells("A40:E41")
    ws["P10"] = "checked twice"
    ws.merge_cells("P10:P11")
    wb.save(path)
    said = " ".join(run("check", path, "--as-of", "2026-03-31").output.split())
    assert "merged-cells" not in said and "baseline-not-recorded" not in said
    assert "1 baseline recorded this time" in run("refresh", path, "--as-of", "2026-03-31").output


def test_a_report_paste_with_the_values_below_left_blank_holds_the_baselines(tmp_path):
    # unmerged but not filled down (or read through Excel, which shows no merge): the Verifies rows
    # hold a criterion and a score only, and may be any call's
    path = tmp_path / "blank.xlsx"
    _report_paste(path, merged=False, blank=True).save(path)
    said = " ".join(run("refresh", path, "--as-of", "2026-03-31").output.split())
    assert "0 baselines recorded this time" in said
    assert "the baseline is not recorded yet" in " ".join(run("check", path, "--as-of", "2026-03-31").output.split())


def test_a_total_row_on_the_log_table_is_not_read_as_a_session_and_survives_the_refresh(book):
    before = run("check", book, "--as-of", "2026-06-30")
    wb = load_workbook(book)
    ws = wb["Log"]
    table = next(iter(ws.tables.values()))
    head = [c.value for c in ws[1]]
    last = ws.max_row + 1
    ws.cell(last, 1, "Total")
    ws.cell(last, 2, "=SUBTOTAL(103,Log[Rep])")
    baseline = head.index(schema.LOG.column("baseline_mean").header) + 1
    ws.cell(last, baseline,
            f"=SUBTOTAL(101,{ws.cell(2, baseline).column_letter}2:{ws.cell(2, baseline).column_letter}{last - 1})")
    first = table.ref.split(":")[0]
    table.ref = f"{first}:{ws.cell(last, ws.max_column).coordinate}"
    table.totalsRowCount = 1
    wb.save(book)
    total_row = [c.value for c in load_workbook(book)["Log"][last]]

    after = run("check", book, "--as-of", "2026-06-30")
    assert after.exit_code == before.exit_code and "Traceback" not in after.output
    assert after.output.splitlines()[-1].split(": ", 1)[1] == before.output.splitlines()[-1].split(": ", 1)[1]
    assert "Total" not in after.output
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    assert [c.value for c in load_workbook(book)["Log"][last]] == total_row


def test_the_stamp_follows_its_label_and_never_writes_over_a_persons_words(book):
    wb = load_workbook(book)
    ws = wb["Start here"]
    ws.insert_rows(1)  # a row inserted at the top: the label and the stamp are on row 4 now
    ws["B3"] = "Ask Maya before changing anything on Settings."
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    ws = load_workbook(book)["Start here"]
    assert ws["B3"].value == "Ask Maya before changing anything on Settings."
    assert (ws["A4"].value, ws["B4"].value[:10]) == ("Last refresh", "Refreshed ")
    assert _unstamped(book) == []
    wb = load_workbook(book)
    wb["Start here"]["A4"] = "Notes"  # the label renamed: B3 is a person's, so no stamp is written
    wb["Start here"]["B4"] = "Our own notes"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30", "--no-cache").exit_code == 0
    ws = load_workbook(book)["Start here"]
    assert (ws["B3"].value, ws["B4"].value) == ("Ask Maya before changing anything on Settings.", "Our own notes")
    # (said on Checks, where a refresh from Excel, which prints nothing, shows it too)
    assert _unstamped(book) == [(3, "B3", "Ask Maya before changing anything on Settings.")]
    wb = load_workbook(book)
    wb["Start here"]["A4"] = "Last refresh"  # words typed beside the label itself are kept too
    wb["Start here"]["B4"] = "Ask before refreshing: Q3 is being re-imported"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30", "--no-cache").exit_code == 0
    assert load_workbook(book)["Start here"]["B4"].value == "Ask before refreshing: Q3 is being re-imported"
    assert _unstamped(book) == [(4, "B4", "Ask before refreshing: Q3 is being re-imported")]


def _unstamped(book) -> list[tuple]:
    """The Checks rows saying the stamp was not written: (row, field, value)."""
    return [(c["Row"], c["Field"], c["Value"]) for c in records(book, "Checks") if c["Code"] == "stamp-not-written"]


def test_a_renamed_start_here_sheet_is_said_to_hold_no_stamp(book):
    wb = load_workbook(book)
    wb["Start here"].title = "Read me first"
    wb.save(book)
    result = run("refresh", book, "--as-of", "2026-06-30")
    assert result.exit_code == 0 and "no sheet is named Start here (renamed?)" in result.output
    assert "Refreshed " not in str(load_workbook(book)["Read me first"]["B3"].value)
    # said on Checks too (a refresh from Excel prints nothing)
    assert [(c["Sheet"], c["Field"]) for c in records(book, "Checks") if c["Code"] == "stamp-not-written"] \
        == [("Start here", "sheet name")]
    wb = load_workbook(book)
    wb["Read me first"].title = "Start here"
    wb.save(book)
    result = run("refresh", book, "--as-of", "2026-06-30", "--no-cache")
    assert result.exit_code == 0 and "renamed?" not in result.output
    assert load_workbook(book)["Start here"]["B3"].value.startswith("Refreshed ")


def test_words_starting_like_the_stamp_are_kept_and_a_stamp_of_an_earlier_version_is_replaced(book):
    wb = load_workbook(book)
    wb["Start here"]["B3"] = "Refreshed by Maya on Mondays: ask her first"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    assert load_workbook(book)["Start here"]["B3"].value == "Refreshed by Maya on Mondays: ask her first"
    assert _unstamped(book) == [(3, "B3", "Refreshed by Maya on Mondays: ask her first")]
    # the stamp 0.1.0 wrote ("... 3 sessions, 40 scored calls; checks: 0 errors, ...") is a stamp
    wb = load_workbook(book)
    wb["Start here"]["B3"] = ("Refreshed 2026-11-24 09:15, as of 2026-11-24: 3 sessions, 40 scored calls; checks: "
                              "0 errors, 1 warnings, 0 notes.")
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30", "--no-cache").exit_code == 0
    stamp = load_workbook(book)["Start here"]["B3"].value
    assert stamp.startswith("Refreshed ") and ", as of 2026-06-30: " in stamp
    assert _unstamped(book) == []


def test_a_formula_saved_without_its_value_in_the_stamp_cell_is_kept_and_said(book):
    wb = load_workbook(book)
    wb["Start here"]["B3"] = '=A1&" (ours)"'  # openpyxl saves it without a value: read, it is blank
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    assert load_workbook(book)["Start here"]["B3"].value == '=A1&" (ours)"'
    assert _unstamped(book) == [(3, "B3", '=A1&" (ours)"')]
    quoted = [c for c in load_workbook(book)["Checks"]["E"] if c.value == '=A1&" (ours)"']
    assert [c.data_type for c in quoted] == ["s"]  # (the value quoted as text, not a formula)


def test_the_stamp_follows_its_label_into_another_column_and_an_as_of_date_time_writes_the_day(book):
    from coachlog_xl import api

    wb = load_workbook(book)
    wb["Start here"].insert_cols(1)  # the label now in B3, the stamp's cell C3
    wb.save(book)
    api.refresh_file(book, as_of=dt.datetime(2026, 6, 30))  # (a date-time, as a script may pass it)
    ws = load_workbook(book)["Start here"]
    assert ws["B3"].value == "Last refresh" and ws["C3"].value.startswith("Refreshed ")
    assert ", as of 2026-06-30: " in ws["C3"].value
    assert _unstamped(book) == []
    # the stamp an as-of date-time wrote before 0.3.21 (its midnight after the date) is a stamp, replaced
    wb = load_workbook(book)
    wb["Start here"]["C3"] = "Refreshed 2026-12-01 08:00, as of 2026-06-30 00:00:00: 3 sessions, 40 scores."
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-07-31", "--no-cache").exit_code == 0
    assert ", as of 2026-07-31: " in load_workbook(book)["Start here"]["C3"].value
    assert _unstamped(book) == []


def test_last_refresh_typed_above_the_label_in_another_column_does_not_take_the_stamp(book):
    wb = load_workbook(book)
    wb["Start here"]["D1"] = "Last refresh"  # a team's own words, above and right of the label in A3
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    ws = load_workbook(book)["Start here"]
    assert ws["B3"].value.startswith("Refreshed ") and ws["E1"].value is None
    assert _unstamped(book) == []


def test_check_previews_the_stamp_note_a_refresh_would_give_and_writes_nothing(book):
    # coachlog check says what the next refresh's Checks would: words in the stamp cell, a renamed sheet
    wb = load_workbook(book)
    wb["Start here"]["B3"] = "Ask Maya first"
    wb.save(book)
    before = book.read_bytes()
    result = run("check", book, "--as-of", "2026-06-30")
    assert book.read_bytes() == before
    assert "stamp-not-written (1)" in result.output
    assert "Start here B3 holds a value of yours, so the line saying when" in result.output
    wb = load_workbook(book)
    wb["Start here"]["B3"] = None
    wb.save(book)
    assert "stamp-not-written" not in run("check", book, "--as-of", "2026-06-30").output
    wb = load_workbook(book)
    wb["Start here"].title = "Read me first"
    wb.save(book)
    result = run("check", book, "--as-of", "2026-06-30")
    assert "stamp-not-written (1)" in result.output and "No sheet is named Start here (renamed?)" in result.output


def test_a_workbook_refreshed_through_a_symbolic_link_is_refreshed_where_it_lives(book, tmp_path):
    link = tmp_path / "current.xlsx"
    link.symlink_to(book)
    before = book.read_bytes()
    assert run("refresh", link, "--as-of", "2026-06-30").exit_code == 0
    assert link.is_symlink() and link.resolve() == book.resolve()
    assert book.read_bytes() != before and load_workbook(book)["Start here"]["B3"].value.startswith("Refreshed ")


def test_a_refresh_that_changes_nothing_but_the_stamps_time_does_not_rewrite_the_file(book, monkeypatch):
    from coachlog_xl import api

    assert run("refresh", book, "--as-of", "2026-06-30", "--no-cache").exit_code == 0
    first, backup = book.read_bytes(), book.with_name(book.name + ".bak").read_bytes()
    real = api.stamp
    monkeypatch.setattr(api, "stamp", lambda result, now=None: real(result, dt.datetime(2030, 1, 1, 9, 15)))
    again = run("refresh", book, "--as-of", "2026-06-30", "--no-cache")  # an hour, a day later: the same results
    assert again.exit_code == 0 and "it was not rewritten" in again.output
    assert book.read_bytes() == first and book.with_name(book.name + ".bak").read_bytes() == backup
    other = run("refresh", book, "--as-of", "2026-07-31", "--no-cache")  # another as-of date: written, stamped
    assert other.exit_code == 0 and "not rewritten" not in other.output
    assert load_workbook(book)["Start here"]["B3"].value.startswith("Refreshed 2030-01-01 09:15, as of 2026-07-31")


def test_cells_typed_on_a_computed_sheet_are_named_when_a_refresh_drops_them(book, tmp_path):
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    wb = load_workbook(book)
    ws = wb["Follow-up"]
    ws["A80"] = "Manager note: S-1 discussed in the team meeting"  # under the table, after empty rows
    ws.cell(row=2, column=len(schema.FOLLOWUP.columns) + 3, value="follow up!")  # right of its last column
    wb.save(book)
    beside = get_column_letter(len(schema.FOLLOWUP.columns) + 3)
    result = run("refresh", book, "--as-of", "2026-06-30")
    assert result.exit_code == 0
    (kept,) = kept_before_refresh(book)
    assert (f"what was typed on them is gone: Follow-up {beside}2, A80. They are still in {kept}, a copy"
            in " ".join(result.output.split()))
    assert load_workbook(kept)["Follow-up"]["A80"].value.startswith("Manager note")
    # the sheets as a refresh leaves them, also once LibreOffice has saved the workbook: nothing named
    assert "what was typed" not in run("refresh", book, "--as-of", "2026-06-30", "--no-cache").output
    saved = soffice_convert(book, "xlsx", tmp_path / "lo")
    assert "what was typed" not in run("refresh", saved, "--as-of", "2026-06-30", "--no-cache").output
    saved = soffice_convert(saved, "xlsx", tmp_path / "lo2")  # saved by LibreOffice, then a note typed
    wb = load_workbook(saved)
    wb["Checks"]["C90"] = "ask QA about these"
    wb.save(saved)
    said = " ".join(run("refresh", saved, "--as-of", "2026-06-30", "--no-cache").output.split())
    assert "what was typed on them is gone: Checks C90." in said


def test_a_title_typed_above_a_computed_sheets_header_or_a_renamed_header_is_named_when_a_refresh_drops_it(book):
    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    wb = load_workbook(book)
    wb["Checks"].insert_rows(1)  # Insert > Sheet Rows on the header row, then a title typed
    wb["Checks"]["A1"] = "Checks for the Q2 coaching review"
    assert wb["Follow-up"]["B1"].value == "Rep"
    wb["Follow-up"]["B1"] = "Agent"
    wb.save(book)  # (openpyxl writes every text as a shared string, as Excel does)
    said = " ".join(run("refresh", book, "--as-of", "2026-06-30").output.split())
    (kept,) = kept_before_refresh(book)
    assert f"what was typed on them is gone: Follow-up B1; Checks A1. They are still in {kept}," in said
    assert load_workbook(kept)["Checks"]["A1"].value == "Checks for the Q2 coaching review"
    wb = load_workbook(book)
    assert [wb["Checks"]["A1"].value, wb["Follow-up"]["B1"].value] == ["Severity", "Rep"]
    assert "what was typed" not in run("refresh", book, "--as-of", "2026-06-30", "--no-cache").output

HEAD = ("Session", "Rep & team", "Delta")


@pytest.mark.parametrize("p", ["", "x:"])
def test_typed_cells_are_those_outside_the_block_a_refresh_writes(p):
    from coachlog_xl.workbook.strays import typed_cells

    def sheet(rows, ref="A1:C3"):
        return (f'<{p}worksheet xmlns{":x" if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<{p}dimension ref="{ref}"/><{p}sheetData>{"".join(rows)}</{p}sheetData></{p}worksheet>').encode()

    def row(r, *cells):
        return f'<{p}row r="{r}">' + "".join(
            f'<{p}c r="{c}{r}" s="2"/>' if c.endswith("!") else
            f'<{p}c r="{c}1" t="inlineStr"><{p}is><{p}t>{HEAD[ord(c) - 65].replace("&", "&amp;")}</{p}t></{p}is></{p}c>'
            if r == 1 and c <= "C"
            else f'<{p}c r="{c}{r}"><{p}v>1</{p}v></{p}c>' for c in cells) + f"</{p}row>"

    block = [row(1, "A", "B", "C"), row(2, "A", "C"), row(3, "A")]
    assert typed_cells(sheet(block), HEAD) == []
    assert typed_cells(sheet([*block, row(4, "C")], "A1:C4"), HEAD) == ["C4"]  # a row under it, not in A
    assert typed_cells(sheet([*block, row(9, "A")], "A1:C9"), HEAD) == ["A9"]  # after empty rows
    assert typed_cells(sheet([row(1, "A", "B", "C", "E"), *block[1:]], "A1:E3"), HEAD) == ["E1"]  # right of it
    # a used range left stale by the writer that saved the sheet is not trusted
    assert typed_cells(sheet([row(1, "A", "B", "C", "E"), *block[1:]], "A1:C3"), HEAD) == ["E1"]
    assert typed_cells(sheet([*block[:2], row(3, "A", "AB")]), HEAD) == ["AB3"]
    assert typed_cells(sheet([*block[:2], row(3, "A", "D!")]), HEAD) == []  # formatted only
    # a cell without its reference, or with it written another way, is read as the cell it is
    for odd in (f"<{p}c><{p}v>9</{p}v></{p}c>", f'<{p}c\tr="D1"><{p}v>9</{p}v></{p}c>',
                f'<{p}c s="1" r="D1"><{p}v>9</{p}v></{p}c>', f'<{p}c r = "D1"><{p}v>9</{p}v></{p}c>'):
        assert typed_cells(sheet([row(1, "A", "B", "C").replace(f"</{p}row>", odd + f"</{p}row>"), *block[1:]]), HEAD) \
            == ["D1"], odd
    assert typed_cells(sheet([*block, row(7, "B!")], "A1:C7"), HEAD) == []  # a formatted cell holds nothing
    # formatted empty rows under the table (as LibreOffice saves them), a note among them
    empty = [row(r, "A!", "B!") for r in range(4, 9)]
    assert typed_cells(sheet([*block, *empty], "A1:C8"), HEAD) == []
    assert typed_cells(sheet([*block, *empty[:2], row(6, "A!", "B"), *empty[3:]], "A1:C8"), HEAD) == ["B6"]
    # rows and cells written without their numbers follow the ones before them; empty elements hold nothing
    unnumbered = [f"<{p}row><{p}c><{p}v>1</{p}v></{p}c></{p}row>"] * 2
    hollow = f'<{p}row r="4"><{p}c r="A4" s="1"></{p}c><{p}c r="B4"><{p}v></{p}v></{p}c></{p}row>'
    assert typed_cells(sheet([block[0], *unnumbered, hollow], "A1:C4"), HEAD) == []


@pytest.mark.parametrize("p", ["", "x:"])
def test_a_sheet_written_with_white_space_between_its_tags_and_attributes_holds_nothing_typed(p):
    """An indenting writer (or a person who pretty-printed the part) puts line breaks between a row's tag
    and its first cell, between attributes and around ``=``: the block is the same block."""
    from coachlog_xl.workbook.strays import typed_cells

    def cell(ref, value):
        return f'\n    <{p}c\n      r = "{ref}"\n      s="1" >\n      <{p}v>{value}</{p}v>\n    </{p}c>'

    def row(r, *cells):
        return f'\n  <{p}row\n    r = "{r}"\n    spans="1:3" >' + "".join(
            cell(f"{c}{r}", r) if r > 1 else head(c) for c in cells) + f"\n  </{p}row>"

    def head(c):
        return (f'\n    <{p}c r="{c}1"\n      t = "inlineStr" >\n      <{p}is>\n  '
                f'<{p}t>{HEAD[ord(c) - 65]}</{p}t>\n</{p}is></{p}c>').replace("&", "&amp;")

    def sheet(rows, ref="A1:C3"):
        return (f'<{p}worksheet xmlns{":x" if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'\n <{p}dimension\n  ref = "{ref}" />\n <{p}sheetData>{"".join(rows)}\n </{p}sheetData>\n'
                f"</{p}worksheet>").encode()

    block = [row(1, "A", "B", "C"), row(2, "A", "C"), row(3, "A")]
    assert typed_cells(sheet(block), HEAD) == []
    assert typed_cells(sheet([*block, row(9, "B")], "A1:C9"), HEAD) == ["B9"]  # a note under the table
    assert typed_cells(sheet([*block[:2], row(3, "A", "E")], "A1:E3"), HEAD) == ["E3"]  # right of it
    # only a line break after each row's tag (as a pretty-printed part of an audit): the same
    plain = re.sub(rb"\s+", b" ", re.sub(rb">\s+<", b"><", sheet(block))).replace(b" = ", b"=").replace(b" >", b">")
    assert b"<" + p.encode() + b'row r="1" spans="1:3"><' in plain
    assert typed_cells(re.sub(rb"(<(?:x:)?row\b[^>]*>)", rb"\1\n  ", plain), HEAD) == []



@pytest.mark.parametrize("p", ["", "x:"])
def test_a_header_row_holding_other_words_than_the_sheets_headers_is_named(p):
    """Row 1 is the header the refresh writes: a text there that is none of the sheet's headers (a title in
    a row inserted above the header, a renamed header) is words typed; a header in another column is not."""
    from coachlog_xl.workbook.strays import typed_cells

    def sheet(first, ref="A1:C4"):
        rows = [first, *(f'<{p}row r="{r}"><{p}c r="A{r}"><{p}v>{r}</{p}v></{p}c></{p}row>' for r in (2, 3, 4))]
        return (f'<{p}worksheet xmlns{":x" if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<{p}dimension ref="{ref}"/><{p}sheetData>{"".join(rows)}</{p}sheetData></{p}worksheet>').encode()

    def row1(*cells):
        return f'<{p}row r="1">' + "".join(cells) + f"</{p}row>"

    def shared(c, index):
        return f'<{p}c r="{c}1" t="s"><{p}v>{index}</{p}v></{p}c>'

    def inline(c, text):
        return f'<{p}c r="{c}1" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'

    def sst(*items, pad=""):
        return (f'<{p}sst xmlns{":x" if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{pad}'
                + "".join(items) + f"</{p}sst>").encode()

    # the shared strings: 0 a text of runs with a reading (its runs are the text, the reading is not),
    # 1 the second header escaped, 2 a title, 3 empty
    strings = sst(f"<{p}si><{p}r><{p}t>Ses</{p}t></{p}r><{p}r><{p}rPr><{p}b/></{p}rPr><{p}t>sion</{p}t></{p}r>"
                  f"<{p}rPh sb='0' eb='1'><{p}t>セ</{p}t></{p}rPh></{p}si>",
                  f"<{p}si><{p}t>Rep &amp; team</{p}t></{p}si>", f"<{p}si><{p}t>Q2 review</{p}t></{p}si>", f"<{p}si/>")
    assert typed_cells(sheet(row1(shared("A", 0), shared("B", 1), inline("C", "Delta"))), HEAD, lambda: strings) == []
    # the headers in other columns: the tool's own words
    assert typed_cells(sheet(row1(shared("A", 1), inline("B", "Delta"), shared("C", 0))), HEAD, lambda: strings) == []
    # a title typed in A1 over the header moved to row 2 (whose cells are the last refresh's rows)
    title = sheet(row1(shared("A", 2)), "A1:C4").replace(f'<{p}c r="A2"><{p}v>2'.encode(),
                                                         f'<{p}c r="A2" t="s"><{p}v>0'.encode())
    assert typed_cells(title, HEAD, lambda: strings) == ["A1"]
    # a renamed header, a number, a formula showing a header, an empty string; right of the sheet's columns
    first = row1(inline("A", "Session"), inline("B", "Rep &amp; agent"), f'<{p}c r="C1"><{p}v>2026</{p}v></{p}c>',
                 shared("D", 2))
    assert typed_cells(sheet(first, "A1:D4"), HEAD, lambda: strings) == ["B1", "C1", "D1"]
    formula = f'<{p}c r="C1" t="str"><{p}f>"Delta"</{p}f><{p}v>Delta</{p}v></{p}c>'
    assert typed_cells(sheet(row1(inline("A", "Session"), shared("B", 3), formula)), HEAD, lambda: strings) \
        == ["B1", "C1"]
    # a shared string the workbook does not hold is not named (nothing says what it held)
    assert typed_cells(sheet(row1(shared("A", 9), shared("B", 1))), HEAD, lambda: strings) == []
    assert typed_cells(sheet(row1(shared("A", 0))), HEAD) == []
    # a long shared strings part, counted a megabyte at a time: the element whose tag lies across the
    # megabyte's border (2 bytes before its end) or ends with it, and those around it, are found
    item = f"<{p}si><{p}t>n%05d</{p}t></{p}si>"
    head = len(sst(pad="")) - len(f"</{p}sst>")
    for before in (2, len(f"<{p}si")):
        k = ((1 << 20) - before - head) // len(item % 0)
        pad = " " * ((1 << 20) - before - head - k * len(item % 0))
        long = sst(*(item % i for i in range(k)), f"<{p}si><{p}t>Session</{p}t></{p}si>",
                   f"<{p}si><{p}t>Delta</{p}t></{p}si>", *(item % i for i in range(3)), pad=pad)
        assert long.index(f"<{p}si><{p}t>Session".encode()) == (1 << 20) - before
        for first, second, third in ((k, k + 1, k - 1), (k + 1, k, k + 2)):
            assert typed_cells(sheet(row1(shared("A", first), shared("B", second), shared("C", third))), HEAD,
                               lambda part=long: part) == ["C1"]
        for index, said in ((k - 1, ["A1"]), (k, []), (k + 1, []), (k + 2, ["A1"]), (k + 5, [])):
            assert typed_cells(sheet(row1(shared("A", index))), HEAD, lambda part=long: part) == said, (before, index)


def test_a_whole_file_check_leaves_legacy_vml_unparsed_as_excel_writes_it(tmp_path):
    # Excel's VML (comments, form buttons) is often not well-formed XML (an unclosed <br>): a whole
    # saved file (repair, new, demo) is checked by its CRCs and its XML parts, and such a drawing
    # passes; named as a part the refresh wrote, it is parsed
    path = tmp_path / "book.xlsm"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/drawings/vmlDrawing1.vml", "<xml><font>Run<br>macro</font></xml>")
    safety.verify_package(path)
    with pytest.raises(safety.WorkbookError, match="not a valid workbook"):
        safety.verify_package(path, ["xl/drawings/vmlDrawing1.vml"])


def _rows_holding_read_1k(monkeypatch, xml: bytes, merged: list | None = None) -> tuple[bytes, list[int]]:
    """``unvalued.rows_holding`` of a sheet part ``xml`` read 1,024 bytes at a time, and the length of
    each piece it looked through for a formula."""
    from coachlog_xl.workbook import unvalued

    holder = tempfile.SpooledTemporaryFile()
    with zipfile.ZipFile(holder, "w") as zf:
        zf.writestr("sheet.xml", xml)
    looked = []
    real = unvalued.may_hold
    monkeypatch.setattr(unvalued, "may_hold", lambda piece: looked.append(len(piece)) or real(piece))
    with zipfile.ZipFile(holder) as zf:
        return unvalued.rows_holding(zf, "sheet.xml", 1024, merged), looked


@pytest.fixture
def folder_not_mine(book):
    """The book, refreshed, in a folder its user may read but not write (mode 555), and how to run the
    command line there: a real refusal by the system, not a stand-in.  Permissions do not stop root, who
    may write anywhere by the capability to override them (CAP_DAC_OVERRIDE): as root, the command runs
    in a subprocess that has given that capability up, and is the folder's owner without its write bit
    (as nobody it could not run this Python, installed in root's home)."""
    assert run("refresh", book).exit_code == 0
    folder = book.parent
    folder.chmod(0o555)

    def command(*args) -> subprocess.CompletedProcess:
        code = "import sys; from coachlog_xl.cli import main; main(sys.argv[1:])"
        return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                              timeout=120, preexec_fn=_without_override if os.geteuid() == 0 else None)
    try:
        yield book, command
    finally:
        folder.chmod(0o755)


def _without_override() -> None:
    """(In the subprocess, before it runs Python) give up root's overriding of file permissions, for
    good: dropped from the bounding set, it is not given back by the exec."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_up_to_date_workbook_in_a_folder_the_user_cannot_write_is_said_up_to_date(folder_not_mine):
    book, command = folder_not_mine
    before = book.read_bytes()
    ran = command("refresh", book)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"{book} is up to date" in ran.stdout and "nothing was written" in ran.stdout
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir()) == [".team.xlsx.coachlog-cache", ".team.xlsx.coachlog-done",
                                                              "team.xlsx", "team.xlsx.bak"]


def test_a_refresh_that_would_write_in_a_folder_the_user_cannot_write_says_so(folder_not_mine):
    book, command = folder_not_mine
    before = book.read_bytes()
    ran = command("refresh", book, "--no-cache")  # (nothing found up to date: it would write)
    assert ran.returncode == 2 and "Traceback" not in ran.stdout + ran.stderr
    said = ran.stdout + ran.stderr
    assert f"{book}: coachlog cannot write in the folder {book.parent} (Permission denied)" in said
    assert "Copy the workbook to a folder you can write to" in said
    assert book.read_bytes() == before


WEEK = ("Call ID,Rep,Call date,Criterion,Score\nC-1,Ann Lee,2026-03-01 10:00,EMP,80\nC-2,Ann Lee,2026-03-03 "
        "10:00,EMP,90\n")


def test_an_import_dry_run_in_a_folder_the_user_cannot_write_says_what_it_would_add(folder_not_mine, tmp_path_factory):
    # a dry run writes nothing, so it needs no lock: it says what it would add (its header not the
    # template's, a sheet of its own: its header row 1, its two rows from row 2); a real import there
    # stops before it reads
    book, command = folder_not_mine
    export = tmp_path_factory.mktemp("export") / "week.csv"
    export.write_text(WEEK)
    before, names = book.read_bytes(), sorted(p.name for p in book.parent.iterdir())
    ran = command("import", book, export, "--dry-run")
    said = ran.stdout + ran.stderr
    assert "Traceback" not in said and "cannot write" not in said
    assert (f"Dry run: would add 2 rows to a new sheet 'Scores week' of {book} (from row 2); 0 are already there. "
            "Nothing written.") in said
    assert ran.returncode == 0  # (EMP and Ann Lee on no list yet: warnings, no error)
    ran = command("import", book, export)
    said = ran.stdout + ran.stderr
    assert ran.returncode == 2 and "Traceback" not in said
    assert f"{book}: coachlog cannot write in the folder {book.parent} (Permission denied)" in said
    assert "would add" not in said and "Added" not in said
    assert book.read_bytes() == before and sorted(p.name for p in book.parent.iterdir()) == names


def test_check_in_a_folder_the_user_cannot_write_says_what_it_says_in_one_it_can(folder_not_mine, tmp_path_factory):
    # check takes no lock and writes nothing to the workbook: read-only, it says what it says of a copy
    # of the folder the user may write in (the refresh cache it keeps there is simply not kept here)
    book, command = folder_not_mine
    copy = tmp_path_factory.mktemp("copy") / book.name
    shutil.copy2(book, copy)
    for name in (".team.xlsx.coachlog-cache", ".team.xlsx.coachlog-done"):
        shutil.copy2(book.parent / name, copy.parent / name)
    before, names = book.read_bytes(), sorted(p.name for p in book.parent.iterdir())
    for options in ((), ("--no-cache",)):
        ran, there = command("check", book, *options), command("check", copy, *options)
        assert "Traceback" not in ran.stdout + ran.stderr and "Traceback" not in there.stdout + there.stderr
        assert (ran.returncode, ran.stdout, ran.stderr) == (there.returncode,
                                                            there.stdout.replace(str(copy), str(book)),
                                                             there.stderr.replace(str(copy), str(book)))
        assert f"{book}: 1 error" in ran.stdout  # (the Log's session names no criterion)
    assert book.read_bytes() == before and sorted(p.name for p in book.parent.iterdir()) == names


@pytest.mark.parametrize("refused", [errno.EROFS, errno.EPERM, errno.EACCES])
def test_an_import_dry_run_goes_on_where_the_lock_files_creation_is_refused(book, tmp_path_factory, monkeypatch,
                                                                           refused):
    # the system stands in for a read-only file system or folder, as above: the dry run goes on without
    # the lock and says what it would add; the import itself stops with the folder's message
    from coachlog_xl import api

    export = tmp_path_factory.mktemp("export") / "week.csv"
    export.write_text(WEEK)
    before, real_open = book.read_bytes(), os.open

    def no_lock(path, flags, *args, **kwargs):
        if str(path).endswith(".coachlog-lock"):
            raise OSError(refused, os.strerror(refused), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_lock)
    _, appended = api.import_export(book, export, dry_run=True)
    assert (appended.sheet, appended.rows_added, appended.first_row, appended.new_sheet) == ("Scores week", 2, 2, True)
    with pytest.raises(WorkbookError, match=re.escape(
            f"{book}: coachlog cannot write in the folder {book.parent} ({os.strerror(refused)}); nothing was "
            "written.")):
        api.import_export(book, export)
    assert book.read_bytes() == before and not list(book.parent.glob(".*coachlog-lock"))


@pytest.mark.parametrize("refused", [errno.EROFS, errno.EPERM, errno.EACCES])
def test_a_refresh_that_cannot_create_its_lock_file_goes_on_only_to_find_the_workbook_up_to_date(book, monkeypatch,
                                                                                                 refused):
    # a read-only file system or a folder the user may only read (the system stands in: root may write
    # anywhere, and no file system can be mounted read-only here): the lock file's creation is refused
    from coachlog_xl import api

    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    before, names, real_open = book.read_bytes(), sorted(p.name for p in book.parent.iterdir()), os.open

    def no_lock(path, flags, *args, **kwargs):
        if str(path).endswith(".coachlog-lock"):
            raise OSError(refused, os.strerror(refused), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_lock)
    result = api.refresh_file(book, dt.date(2026, 6, 30))
    assert result.unchanged and result.summary["sessions"] == 1
    with pytest.raises(WorkbookError, match=re.escape(
            f"{book}: coachlog cannot write in the folder {book.parent} ({os.strerror(refused)}); nothing was "
            "written. Copy the workbook to a folder you can write to")):
        api.refresh_file(book, dt.date(2026, 7, 31))  # another date: it would write
    assert book.read_bytes() == before and sorted(p.name for p in book.parent.iterdir()) == names
    for command in (["import", book, book], ["repair", book]):  # (they write whatever they find)
        result = run(*command)
        assert result.exit_code == 2 and "cannot write in the folder" in result.output, result.output


def test_a_lock_file_another_user_left_in_a_writable_folder_is_named_as_such(book, monkeypatch):
    # the folder takes files, but the lock file there (another user's, mode 644) cannot be opened: the
    # message names the lock file and what to do, not a folder the user may not write in
    from coachlog_xl import api

    assert run("refresh", book, "--as-of", "2026-06-30").exit_code == 0
    lock = book.parent / f".{book.name}.coachlog-lock"
    lock.write_text("4242\n")
    before, real_open = book.read_bytes(), os.open

    def not_mine(path, flags, *args, **kwargs):
        if str(path).endswith(".coachlog-lock"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", not_mine)
    assert api.refresh_file(book, dt.date(2026, 6, 30)).unchanged  # (reading only)
    with pytest.raises(WorkbookError) as refused:
        api.refresh_file(book, dt.date(2026, 7, 31))
    said = str(refused.value)
    assert said.startswith(f"{book}: the lock file {lock.name} beside it cannot be opened (Permission denied)")
    assert "another user's" in said and f"delete {lock.name}" in said and "cannot write in the folder" not in said
    assert book.read_bytes() == before and lock.read_text() == "4242\n"


def test_a_workbook_gone_while_the_lock_is_refused_stops_the_lockless_command(book, monkeypatch):
    # without a fingerprint (no file) the refusal the lock gave would be lost, and the command would go
    # on without the lock: it stops at once with that refusal
    real_open = os.open

    def gone(path, flags, *args, **kwargs):
        if str(path).endswith(".coachlog-lock"):
            book.rename(book.with_name("moved.xlsx"))
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", gone)
    with pytest.raises(WorkbookError, match=re.escape(f"{book}: coachlog cannot write in the folder {book.parent}")):
        with writelock.guarded_write(book, unless_unwritable=True):
            pass


def test_a_table_of_the_teams_own_past_a_blank_column_is_a_note_not_a_column_to_move(book):
    # "Supervisor" / "Target sessions" two columns right of the Log's last, one blank column between: a table of
    # the team's own; moving its cells into column C, as the same-header error said, would overwrite the Log's
    wb = load_workbook(book)
    log = wb["Log"]
    last = log.max_column
    supervisor = get_column_letter([c.value for c in log[1]].index("Supervisor") + 1)
    log.cell(row=1, column=last + 2, value="Supervisor")
    log.cell(row=1, column=last + 3, value="Rep")  # (a second of the Log's headers in the same table of theirs)
    log.cell(row=1, column=last + 4, value="Target sessions")
    log.cell(row=2, column=last + 2, value="Maya Chen")
    log.cell(row=2, column=last + 3, value="Dana Cruz")
    log.cell(row=2, column=last + 4, value=20)
    wb.save(book)
    said = run("check", book, "--as-of", "2026-06-30").output
    side = get_column_letter(last + 2)
    assert "same-header-columns" not in said and "Move what column" not in said
    assert (f'Log: column {side}, past a blank column, is headed "Supervisor" too (a table of your own beside the '
            f"Log?); only column {supervisor} is read.") in said
    assert f'Log: column {get_column_letter(last + 3)}, past a blank column, is headed "Rep" too' in said
    # the table's first column unheaded (its labels: "Week 10"): still the team's table, past the empty column
    wb = load_workbook(book)
    log = wb["Log"]
    log.insert_cols(last + 2)
    log.cell(row=2, column=last + 2, value="Week 10")
    wb.save(book)
    said = run("check", book, "--as-of", "2026-06-30").output
    assert "same-header-columns" not in said and "Move what column" not in said
    assert f'Log: column {get_column_letter(last + 3)}, past a blank column, is headed "Supervisor" too' in said
    # a column the team inserted among the Log's, its header left blank but its cells filled, and a second
    # "Supervisor" right beside the Log's last column: the Log's own, an error as before
    wb = load_workbook(book)
    log = wb["Log"]
    for c in range(last + 2, last + 6):
        log.cell(row=1, column=c).value = log.cell(row=2, column=c).value = None
    log.insert_cols(5)
    log.cell(row=2, column=5, value="note of the team's")
    log.cell(row=1, column=last + 2, value="Supervisor")
    log.cell(row=2, column=last + 2, value="Maya Chen")
    wb.save(book)
    said = run("check", book, "--as-of", "2026-06-30").output
    assert "same-header-columns" in said and "past a blank column" not in said
