"""``coachlog new --force`` and ``demo --force`` over a team's workbook: the workbook replaced is kept under a
name of its own, which the command names and no later command replaces (README, Commands; "nothing a person
typed is ever lost")."""

from __future__ import annotations

import re

import pytest

from tests.demo_kit import demo_copy
from tests.test_cli import run


@pytest.mark.parametrize("command", ["new", "demo"])
def test_force_keeps_the_team_workbook_it_replaces_where_the_next_refresh_does_not_replace_it(
        tmp_path, tmp_path_factory, command):
    book = demo_copy(tmp_path / "team.xlsx", tmp_path_factory)  # the team's log: 45 sessions on its Log
    team = book.read_bytes()
    out = run(command, book, "--force")
    assert out.exit_code == 0, out.output
    named = re.findall(rf"kept as (\S*team\.before-{command}-\d{{4}}-\d\d-\d\d-\d{{6}}\.xlsx)", out.output)
    assert len(named) == 1, out.output
    kept = tmp_path / named[0].rsplit("/", 1)[-1]
    assert kept.read_bytes() == team
    # the next day's refresh, then an import-free second one with --no-cache: each keeps a .bak of its own
    for args in (["--as-of", "2026-07-01"], ["--as-of", "2026-07-02", "--no-cache"]):
        assert run("refresh", book, *args).exit_code == 0
    assert kept.read_bytes() == team
    assert (tmp_path / "team.xlsx.bak").read_bytes() != team  # (the .bak is the refreshes' own)


def test_new_over_no_file_keeps_nothing_and_says_nothing_of_a_copy(tmp_path):
    out = run("new", tmp_path / "team.xlsx", "--force")
    assert out.exit_code == 0, out.output
    assert "kept as" not in out.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.xlsx"]


@pytest.mark.parametrize("command", ["new", "demo", "template"])
def test_a_save_that_fails_leaves_the_workbook_as_it_was_and_no_copy_beside_it(tmp_path, monkeypatch, command):
    from coachlog_xl.workbook import safety, writer

    book = tmp_path / "team.xlsx"
    assert run("new", book).exit_code == 0
    team = book.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "save_atomically", full)
    monkeypatch.setattr(safety, "save_package", full)
    monkeypatch.setattr("coachlog_xl.api.save_package", full)
    out = run(command, book, "--force")
    assert out.exit_code != 0
    assert book.read_bytes() == team
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.xlsx"]
