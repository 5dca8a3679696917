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


def pasted_book(book: Path, session_date, rows: list[list], first_row: int = 1) -> None:
    """:func:`one_session_book` with Dana Cruz's session on Empathy on ``session_date``, and ``rows`` written into
    Scores from ``first_row`` down, as a person pastes them (header rows among them)."""
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=session_date, criterion="Empathy")
    wb = load_workbook(book)
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(r, c, value)
    wb.save(book)


def typed_scores(wb, rows) -> None:
    """Each of ``rows`` (call id, rep, call date, criterion, score) typed on the Scores sheet of the openpyxl
    workbook ``wb``, from row 2."""
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(r, c, value)


def refreshed(book: Path, as_of: str):
    """``coachlog refresh book --as-of as_of --no-cache`` (it must succeed), then ``book`` opened with openpyxl."""
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", as_of, "--no-cache"])
    assert out.exit_code == 0, out.output
    return load_workbook(book)


def sheet_rows(wb, name: str) -> list[dict]:
    """The rows of the sheet ``name`` of the openpyxl workbook ``wb``, each as header -> value."""
    ws = wb[name]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
