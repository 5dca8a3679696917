"""A Baseline mean typed as a percent (a cell formatted 0.0 % holding 0.75) is read as 0.75 of a point, as the
cell holds it (docs/rules.md: a mean under 1 point is one the score data can give), and the warning that it
differs from the score data says so, with the fix if 75 points was meant."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from tests.session_kit import one_session_book


def test_a_typed_baseline_under_one_point_is_said_to_be_read_as_points(tmp_path):
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Ana Lopez", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    wb = load_workbook(book)
    for r, (day, score) in enumerate(((1, 60), (2, 80), (3, 70), (4, 90)), start=2):  # mean 300 / 4 = 75
        for c, value in enumerate((f"C{r}", "Ana Lopez", dt.date(2026, 3, day), "Empathy", score), start=1):
            wb["Scores"].cell(r, c, value)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    mean = log.cell(2, head.index(schema.LOG.column("baseline_mean").header) + 1, 0.75)
    mean.number_format = "0.0%"
    log.cell(2, head.index(schema.LOG.column("baseline_n").header) + 1, 4)
    wb.save(book)
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-04-01", "--no-cache"])
    assert out.exit_code == 0, out.output
    ws = load_workbook(book)["Checks"]
    cols = [c.value for c in ws[1]]
    said = [dict(zip(cols, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    said = [c for c in said if c["Code"] == "typed-baseline-differs"]
    assert len(said) == 1
    assert "It is read as 0.75 of a point on the 0-100 scale" in said[0]["Problem"]
    assert "shows it as 75 %" in said[0]["Problem"]
    assert "If the baseline is 75 points, type 75 in Baseline mean" in said[0]["How to fix"]
