"""The record of a refresh (``.BOOK.coachlog-done``) holds the SHA-256 of the file the refresh left, taken
from the bytes as the save wrote them: it is the digest of the file on disk after every kind of save (an
.xlsx, an .xlsm, the cache kept by a second process beside the save, a save refused by the lock re-check
and run again), and a workbook changed on disk between the save and the record is not later taken for
the one the refresh left ("up to date" when it is not)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from openpyxl import load_workbook

from coachlog_xl import api, workers
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook import cache, safety
from tests import fidelity_kit as kit

AS_OF = dt.date(2026, 4, 30)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recorded(path) -> str:
    return json.loads(cache.done_path(path).read_text())["sha256"]


def _book(tmp_path, suffix: str):
    made = tmp_path / "made.xlsx"
    kit.base_workbook(made)
    book = tmp_path / f"team{suffix}"
    if suffix == ".xlsm":
        kit.make_xlsm(made, book)
    else:
        made.rename(book)
    return book


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
@pytest.mark.parametrize("two_processes", [False, True])
def test_the_recorded_digest_is_the_saved_files_on_every_save(tmp_path, monkeypatch, suffix, two_processes):
    book = _book(tmp_path, suffix)
    if two_processes:  # the cache kept by a forked second process while this one saves, as at 100,000 rows
        monkeypatch.setattr(workers, "for_rows", lambda rows: workers.map_halves)
        monkeypatch.setattr(workers, "available", lambda: True)
    result = api.refresh_file(book, as_of=AS_OF)
    assert result.written
    assert _recorded(book) == _sha(book)
    assert api.refresh_file(book, as_of=AS_OF).unchanged  # and the next refresh finds it as it was left


def test_a_save_refused_by_the_lock_recheck_then_run_again_records_the_file_of_the_second(tmp_path):
    book = _book(tmp_path, ".xlsx")
    lock = tmp_path / "~$team.xlsx"

    def opened_meanwhile(step: str, *args, **kwargs) -> None:
        if step.startswith("Writing"):
            lock.write_bytes(b"")

    with pytest.raises(WorkbookError, match="opened in Excel or LibreOffice while the command ran"):
        api.refresh_file(book, as_of=AS_OF, progress=opened_meanwhile)
    assert not cache.done_path(book).exists()  # nothing saved, nothing recorded
    lock.unlink()
    assert api.refresh_file(book, as_of=AS_OF).written
    assert _recorded(book) == _sha(book)


def test_a_workbook_saved_elsewhere_just_after_the_refresh_saved_is_refreshed_again(tmp_path, monkeypatch):
    # Excel saves the file just after the refresh replaced it, before the refresh records what it left: the
    # record must not take that file for the refresh's, or the next refresh would say "up to date" and skip it
    book = _book(tmp_path, ".xlsx")
    replace = safety.replace_verified

    def saved_in_excel_meanwhile(tmp, path, *args, **kwargs):
        replace(tmp, path, *args, **kwargs)
        wb = load_workbook(path)
        wb["Log"].cell(row=40, column=30, value="typed meanwhile")
        wb.save(path)

    monkeypatch.setattr(safety, "replace_verified", saved_in_excel_meanwhile)
    assert api.refresh_file(book, as_of=AS_OF).written
    monkeypatch.setattr(safety, "replace_verified", replace)
    assert not api.refresh_file(book, as_of=AS_OF).unchanged  # (the file saved meanwhile is read and refreshed)
