"""A workbook whose name is too long for the files a refresh keeps beside it is told so: refused with the
fix (a shorter name) when the save itself cannot be written, and saved with a note when only the refresh
cache and the record of the refresh cannot be kept."""

import os

from click.testing import CliRunner

from coachlog_xl.cli import main
from tests import fidelity_kit as kit


def _book(folder, length: int):
    made = folder / "made.xlsx"
    kit.base_workbook(made)
    return made.rename(folder / ("b" * (length - len(".xlsx")) + ".xlsx"))


def test_a_name_too_long_for_the_files_beside_it_is_refused_with_a_shorter_name_as_the_fix(tmp_path):
    assert os.pathconf(tmp_path, "PC_NAME_MAX") == 255
    # 230 characters: the save's temporary file ".NAME.coachlog-new-XXXXXXXX.xlsx" takes 1 + 230 + 14 + 8 + 5
    # = 258 > 255 (the lock file ".NAME.coachlog-lock", 245, and the cache's name, 246, are taken)
    book = _book(tmp_path, 230)
    before = book.read_bytes()
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-01"])
    assert out.exit_code != 0
    assert "Give the workbook a shorter name" in out.output
    assert "ask for write access" not in out.output
    assert book.read_bytes() == before


def test_a_name_too_long_for_the_cache_and_the_record_of_the_refresh_is_said_in_one_line(tmp_path):
    assert os.pathconf(tmp_path, "PC_NAME_MAX") == 255
    # 225 characters: saved (its backup NAME.bak takes 229), but ".NAME.coachlog-done.PID-8HEX.tmp" takes
    # 1 + 225 + 14 + 1 + len(PID) + 1 + 8 + 4 = 254 + len(PID) > 255, and the cache's one more
    book = _book(tmp_path, 225)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-01"])
    assert out.exit_code == 0, out.output
    assert (tmp_path / (book.name + ".bak")).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([book.name, book.name + ".bak"])
    notes = [line for line in out.output.splitlines() if "too long" in line]
    assert len(notes) == 1
    assert f"no refresh cache and no record of itself (.{book.name}.coachlog-cache, .{book.name}.coachlog-done)" \
        in notes[0]
