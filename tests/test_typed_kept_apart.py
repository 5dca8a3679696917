"""A note typed on a computed sheet, which a refresh drops: the refresh keeps the workbook as it was under a
name of its own and names it, on the command line and in Checks, and the commands that save the workbook
after it (an import, a refresh with --no-cache, the next day's) replace the .bak but never that copy."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from tests.demo_kit import demo_copy
from tests.test_cli import run

NOTE = "my note: call Dana about S-003 on Monday"


def _checks_fix(path: Path) -> list[str]:
    ws = load_workbook(path, read_only=True)["Checks"]
    rows = list(ws.iter_rows(values_only=True))
    return [row[-1] for row in rows[1:] if "typed-on-computed-sheet" in row]


def test_a_note_dropped_from_follow_up_is_kept_where_an_import_and_later_refreshes_leave_it(tmp_path, tmp_path_factory):
    book = demo_copy(tmp_path / "book.xlsx", tmp_path_factory)
    wb = load_workbook(book)
    wb["Follow-up"]["CZ3"] = NOTE  # far right of the table: a refresh does not keep it
    wb.save(book)
    out = run("refresh", book)
    assert out.exit_code == 0, out.output
    said = re.findall(r"They are still in (\S+book\.before-refresh-\d{4}-\d\d-\d\d-\d{6}\.xlsx), a copy", out.output)
    assert len(said) == 1, out.output
    kept = Path(said[0])
    assert kept.parent == tmp_path
    (fix,) = _checks_fix(book)
    assert fix.startswith(f"It is still in {kept.name}, ")
    export = tmp_path / "export.csv"
    export.write_text("Call ID,Agent,Call date,Criterion,Score\nX1,Dana Cruz,2026-06-20 10:00,Empathy,80\n")
    assert run("import", book, export).exit_code in (0, 1)  # (its criterion is not on the list: rows with an error)
    assert "book.xlsx.bak" in {p.name for p in tmp_path.iterdir()}
    with open(tmp_path / "book.xlsx.bak", "rb") as fh:  # the .bak: the import's (openpyxl refuses the name)
        assert load_workbook(fh)["Follow-up"]["CZ3"].value is None
    (fix,) = _checks_fix(book)  # the import rewrote no Checks: what it says is still true
    assert fix.startswith(f"It is still in {kept.name}, ")
    for args in (["--no-cache"], ["--as-of", "2026-07-01"]):
        assert run("refresh", book, *args).exit_code == 0
    assert load_workbook(kept)["Follow-up"]["CZ3"].value == NOTE
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("book.before-")] == [kept.name]
