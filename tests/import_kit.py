"""A team book with one session (Ann Lee on Greeting or Resolution, 2026-03-10) and an export imported into it and
refreshed, for tests of how an export is read."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book


def session_book(tmp_path, criterion: str = "Greeting", criteria=(("GRT", "Greeting"), ("RES", "Resolution"))):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, list(criteria), ["Ann Lee"])
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"Session ID": "S-1", "Rep": "Ann Lee", "Session date": dt.date(2026, 3, 10),
                       "Targeted criterion": criterion}.items():
        log.cell(row=2, column=head.index(key) + 1, value=value)
    wb.save(book)
    return book


def imported(tmp_path, book, text: str, name: str = "form.csv", code: int = 0) -> str:
    """The import's output, its spaces made one, after importing ``text`` as ``name`` and refreshing."""
    export = tmp_path / name
    export.write_text(text, encoding="utf-8")
    done = run("import", book, export)
    assert done.exit_code == code, done.output
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    return " ".join(done.output.split())


def checks_of(book, code: Code) -> list[dict]:
    return [c for c in records(book, "Checks") if c["Code"] == code.value]
