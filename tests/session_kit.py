"""A new workbook holding one criterion, one rep and one Log session, for tests that paste or import scores
into it and read what a refresh made of them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main


def one_session_book(book: Path, **session) -> None:
    """``book`` made by ``coachlog new`` with criterion EMP (Empathy), the session's rep on the Reps sheet and a
    Log row of ``session``'s cells (keyed as the Log's schema names its columns)."""
    made = CliRunner().invoke(main, ["new", str(book)])
    assert made.exit_code == 0, made.output
    wb = load_workbook(book)
    wb["Criteria"].cell(2, 1, "EMP")
    wb["Criteria"].cell(2, 2, "Empathy")
    wb["Reps"].cell(2, 1, session["rep"])
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in session.items():
        log.cell(2, head.index(schema.LOG.column(key).header) + 1, value)
    wb.save(book)
