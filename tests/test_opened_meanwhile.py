"""A workbook opened in Excel or LibreOffice while a refresh runs (its lock file appears after the
command's first look) is not replaced under the open copy: the command stops before the save and says
so, and the file stays as it was.  A lock file already there when a forced command started (a stale one,
passed with --force) does not stop it."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from coachlog_xl import api
from coachlog_xl.errors import WorkbookError
from tests import fidelity_kit as kit

AS_OF = dt.date(2026, 4, 30)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lock", ["~$team.xlsx", ".~lock.team.xlsx#"])
def test_a_workbook_opened_while_the_refresh_runs_is_not_replaced(tmp_path, lock):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    before = _sha(book)

    def opened_meanwhile(step: str, *args, **kwargs) -> None:
        if step.startswith("Writing"):  # the computed sheets are being written: the file is opened now
            (tmp_path / lock).write_bytes(b"")

    with pytest.raises(WorkbookError, match=rf"opened in Excel or LibreOffice while the command ran \(lock file "
                                            rf"{lock.replace('$', '[$]').replace('.', '[.]')}\); nothing was written"):
        api.refresh_file(book, as_of=AS_OF, progress=opened_meanwhile, cache=False)
    assert _sha(book) == before
    assert not (tmp_path / "team.xlsx.bak").exists()


def test_a_stale_lock_passed_with_force_still_lets_the_refresh_save(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    (tmp_path / "~$team.xlsx").write_bytes(b"")  # left behind by a crash
    before = _sha(book)
    result = api.refresh_file(book, as_of=AS_OF, force=True, cache=False)
    assert result.written and _sha(book) != before
