"""A workbook refreshed through a symbolic link: its refresh cache and the record of the refresh (reps'
names and scores, README's Data safety) lie beside the file the link points to, in its folder, as the save,
the backup and the lock do, so a refresh through the link and one through the real path share them."""

from __future__ import annotations

import shutil

from tests.demo_kit import demo_copy
from tests.test_cli import run


def test_a_refresh_through_a_link_keeps_its_cache_beside_the_workbook_not_the_link(tmp_path, tmp_path_factory):
    made = demo_copy(tmp_path / "made.xlsx", tmp_path_factory)
    private, shared = tmp_path / "private", tmp_path / "shared"
    private.mkdir(mode=0o700)
    shared.mkdir()
    book = private / "team.xlsx"
    shutil.copyfile(made, book)  # (the workbook alone: no cache nor record beside it yet)
    link = shared / "team-link.xlsx"
    link.symlink_to(book)
    out = run("refresh", link, "--as-of", "2026-06-01")
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in shared.iterdir()) == ["team-link.xlsx"]
    assert sorted(p.name for p in private.iterdir()) == [
        ".team.xlsx.coachlog-cache", ".team.xlsx.coachlog-done", "team.xlsx", "team.xlsx.bak"]
    again = run("refresh", book, "--as-of", "2026-06-01")  # the same day, through the real path
    assert again.exit_code == 0, again.output
    assert "team.xlsx is up to date" in again.output
