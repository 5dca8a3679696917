"""The command line as a week of use finds it: a pipe closed early, a symbolic link to a workbook open
in Excel, a full disk, a new file's permissions, names a shell needs quoted, files of the wrong kind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys

import pytest

from coachlog_xl.shellword import shell_word
from tests.demo_kit import demo_copy
from tests.test_cli import run

COACHLOG = [sys.executable, "-m", "coachlog_xl.cli"]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "team.xlsx"
    assert run("new", path).exit_code == 0
    return path


def test_a_reader_that_stops_early_does_not_stop_the_refresh(tmp_path, tmp_path_factory):
    path = demo_copy(tmp_path / "demo.xlsx", tmp_path_factory)
    before = path.read_bytes()
    # `coachlog refresh BOOK 2>&1 | head -1`: the pipe closes after the first progress line
    shell = f"{' '.join(COACHLOG)} refresh {path} --as-of 2026-07-31 --no-cache 2>&1 | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert path.read_bytes() != before  # refreshed as of the new date
    assert (tmp_path / "demo.xlsx.bak").read_bytes() == before


def test_a_workbook_open_in_excel_is_refused_through_a_symbolic_link(book, tmp_path):
    (book.parent / f"~${book.name}").write_bytes(b"owner")  # Excel's owner file beside the real file
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    link = elsewhere / "team.xlsx"
    link.symlink_to(book)
    before = book.read_bytes()
    result = run("refresh", link)
    assert result.exit_code == 2 and "open in Excel" in result.output
    assert book.read_bytes() == before


def test_another_workbooks_owner_file_does_not_block_this_one(tmp_path):
    for name in ("team.xlsx", "v2team.xlsx"):
        assert run("new", tmp_path / name).exit_code == 0
    (tmp_path / "~$team.xlsx").write_bytes(b"owner")  # team.xlsx is open in Excel
    assert run("refresh", tmp_path / "v2team.xlsx").exit_code == 0
    assert run("refresh", tmp_path / "team.xlsx").exit_code == 2


def test_a_backup_that_cannot_be_written_stops_the_save_with_the_workbook_unchanged(book, monkeypatch):
    before = book.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", full)
    result = run("refresh", book, "--as-of", "2026-07-31")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "could not keep the backup team.xlsx.bak (No space left on device); nothing was written" in result.output
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir() if p.name.startswith(".team")) == []  # no copy, no lock


def test_a_new_workbook_gets_the_folders_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        assert run("new", tmp_path / "team.xlsx").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "team.xlsx").stat().st_mode & 0o777 == 0o644  # 0666 less the umask, as `touch` gives


def test_the_command_the_summary_suggests_can_be_pasted_back(tmp_path):
    path = tmp_path / "my team.xlsx"
    assert run("new", path).exit_code == 0
    result = run("refresh", path)
    assert f"`coachlog check '{path}'`" in result.output


def test_files_of_the_wrong_kind_are_named_for_what_they_are(tmp_path, book):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "the file is empty (0 bytes)" in run("refresh", empty).output
    xls = tmp_path / "export.csv"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    said = run("import", book, xls)
    assert said.exit_code == 2 and "an old .xls or password-protected workbook, not a text file" in said.output
    backup = tmp_path / "team.xlsx.bak"
    backup.write_bytes(book.read_bytes())
    assert "a backup a save kept" in run("check", backup).output


def test_a_file_name_too_long_for_the_files_kept_beside_it_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / ("t" * 245 + ".xlsx")  # a legal name; the lock files beside it would not be
    result = run("new", path)
    assert result.exit_code == 2 and "Traceback" not in result.output and "File name too long" in result.output
    assert "Give the workbook a shorter name" in result.output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_the_end_of_the_session_stops_a_refresh_cleanly_while_it_saves(book, monkeypatch, signum):
    # the signal comes once the new file is written beside the workbook, before it replaces it
    from coachlog_xl.workbook import safety

    before = book.read_bytes()
    monkeypatch.setattr(safety, "verify_package", lambda *_args: os.kill(os.getpid(), signum))
    # Ctrl-C as a terminal gives it (a test run started in the background begins with it ignored)
    ctrl_c = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = run("refresh", book, "--as-of", "2026-07-31")
    finally:
        signal.signal(signal.SIGINT, ctrl_c)
    assert result.exit_code == 128 + signum and "Interrupted" in result.output
    assert book.read_bytes() == before
    assert [p.name for p in book.parent.iterdir() if p.name.startswith(".team-")] == []  # the new file removed


def test_repair_names_a_password_protected_workbook_as_the_refresh_does(tmp_path):
    locked = tmp_path / "team.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an encrypted package is an OLE file
    for command in ("refresh", "repair"):
        result = run(command, locked)
        assert result.exit_code == 2 and "password-protected workbook" in result.output, command


@pytest.mark.parametrize(("typed", "said"), [
    (r"C:\Users\ana\team.xlsx", r"C:\Users\ana\team.xlsx"),
    (r"C:\Users\ana\my team.xlsx", r'"C:\Users\ana\my team.xlsx"'),
    (r"D:\QA\Q&A (2025).xlsx", r'"D:\QA\Q&A (2025).xlsx"'),
    ("O'Brien.xlsx", '"O\'Brien.xlsx"'),
    ("-x.xlsx", r".\-x.xlsx"),
    ("-my team.xlsx", r'".\-my team.xlsx"'),
    ("", '""'),
])
def test_a_path_is_quoted_as_the_windows_shells_read_it(typed, said):
    assert shell_word(typed, windows=True) == said


@pytest.mark.parametrize(("typed", "said"), [
    ("/home/ana/team.xlsx", "/home/ana/team.xlsx"),
    ("/home/ana/my team.xlsx", "'/home/ana/my team.xlsx'"),
    ("O'Brien.xlsx", "'O'\"'\"'Brien.xlsx'"),
    ("-x.xlsx", "./-x.xlsx"),
])
def test_a_path_is_quoted_as_a_posix_shell_reads_it(typed, said):
    assert shell_word(typed, windows=False) == said
