"""The evidence charts on Aggregate: built by add_charts (the openpyxl reference of the charts' XML) on an openpyxl
sheet, present after a CLI refresh with ranges on the right rows, and drawn by LibreOffice (PDF, then pdftoppm to PNG
and PPM)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.refresh import compute
from coachlog_xl.workbook.fill import append_records
from coachlog_xl.workbook.template import format_computed_sheet
from coachlog_xl.workbook.writer import set_cell, sheet_rows
from tests.chart_reference import add_charts
from tests.evidence_kit import simulate
from tests.wbkit import soffice_convert

METHODS = ("role-play", "call review")
TITLES = ("Mean delta by coaching method", "Mean delta by criterion", "Before and after",
          "Suggested decisions by month")


def _letter(key: str) -> str:
    return get_column_letter(schema.AGGREGATE.keys.index(key) + 1)


def _span(dimensions: list, label: str, groups: list) -> tuple[int, int]:
    rows = [i + 2 for i, (d, g) in enumerate(zip(dimensions, groups)) if d == label and g != "(blank)"]
    assert rows == list(range(rows[0], rows[-1] + 1))  # one kind of row is contiguous
    return rows[0], rows[-1]


def _ref(key: str, span: tuple[int, int]) -> str:
    return f"'Aggregate'!${_letter(key)}${span[0]}:${_letter(key)}${span[1]}"


def _range(formula: str) -> str:
    """A reference as a range: openpyxl writes a one-cell range as the cell alone."""
    return formula if ":" in formula else f"{formula}:{formula.split('!')[1]}"


@pytest.fixture(scope="module")
def team():
    inputs, as_of, records = simulate(effect=8.0, seed=1, reps=24, days=150, step=7, methods=METHODS)
    return compute(inputs, as_of=as_of), as_of, records


@pytest.fixture
def sheet(team):
    """An Aggregate sheet written the way a refresh writes it (FileBook.write_sheet), with the charts added."""
    result = team[0]
    wb = Workbook()
    ws = wb.active
    ws.title = schema.AGGREGATE.name
    rows = sheet_rows(schema.AGGREGATE, result.aggregate)
    for col, c in enumerate(schema.AGGREGATE.columns, start=1):
        ws.cell(row=1, column=col, value=c.header)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            set_cell(ws.cell(row=r, column=col), value)
    format_computed_sheet(ws, schema.AGGREGATE, len(rows))
    add_charts(ws, schema.AGGREGATE, rows)
    return wb, ws, rows


def test_four_charts_point_at_their_rows_and_columns(sheet):
    _, ws, rows = sheet
    dims, groups = [r[0] for r in rows], [r[1] for r in rows]
    assert len(ws._charts) == 4
    method, crit, session, month = ws._charts
    span = _span(dims, "Coaching method", groups)
    assert span[1] - span[0] + 1 == len(METHODS)
    coached, comparison = method.series
    assert coached.val.numRef.f == _ref("mean_delta", span)
    assert coached.errBars.plus.numRef.f == coached.errBars.minus.numRef.f == _ref("delta_margin", span)
    assert comparison.val.numRef.f == _ref("comparison_change", span)
    assert comparison.errBars.plus.numRef.f == _ref("comparison_margin", span)
    assert coached.cat.strRef.f == _ref("group", span)
    assert _range(crit.series[0].val.numRef.f) == _ref("mean_delta", _span(dims, "Criterion", groups))
    s_span = _span(dims, schema.SESSION_DIMENSION, groups)
    assert [s.val.numRef.f for s in session.series] == [_ref("before", s_span), _ref("after", s_span)]
    m_span = _span(dims, "Month", groups)
    assert [_range(s.val.numRef.f) for s in month.series] == [_ref(k, m_span) for k in
                                                      ("share_close", "share_continue", "share_escalate")]
    assert month.grouping == "percentStacked"


def test_a_second_call_replaces_the_charts(sheet):
    _, ws, rows = sheet
    add_charts(ws, schema.AGGREGATE, rows)
    assert len(ws._charts) == 4
    add_charts(ws, schema.AGGREGATE, [])
    assert ws._charts == []


def test_charts_are_in_the_file_after_a_cli_refresh(tmp_path, team):
    _, as_of, records = team
    path = tmp_path / "team.xlsx"
    assert CliRunner().invoke(main, ["new", str(path)]).exit_code == 0
    wb = load_workbook(path)
    for sheet, key in ((schema.CRITERIA, "criteria"), (schema.REPS, "reps"), (schema.SCORES, "scores"),
                       (schema.LOG, "log")):
        append_records(wb, sheet, records[key])
    wb.save(path)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    agg = load_workbook(path, read_only=True)["Aggregate"]
    values = [r for r in agg.iter_rows(min_row=2, values_only=True)]
    dims, groups = [v[0] for v in values], [v[1] for v in values]
    with zipfile.ZipFile(path) as zf:
        charts = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = "".join(zf.read(n).decode() for n in charts)
    assert len(charts) == 4
    span = _span(dims, "Coaching method", groups)
    for key in ("mean_delta", "delta_margin", "comparison_change", "comparison_margin", "group"):
        assert _ref(key, span) in xml, key
    assert _ref("before", _span(dims, schema.SESSION_DIMENSION, groups)) in xml


def _saturated_pixels(ppm: bytes) -> int:
    """Pixels of a binary PPM whose colour is far from grey (the bars, not the text or the grid)."""
    parts = ppm.split(maxsplit=4)
    assert parts[0] == b"P6"
    data = parts[4]
    return sum(1 for i in range(0, len(data) - 2, 3)
               if max(data[i:i + 3]) - min(data[i:i + 3]) > 80)


def test_libreoffice_draws_the_charts(sheet, tmp_path):
    wb, _, _ = sheet
    path = tmp_path / "aggregate.xlsx"
    wb.save(path)  # openpyxl writes the charts it holds
    pdf = soffice_convert(path, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for title in TITLES:
        assert title in text, title
    exe = shutil.which("pdftoppm")
    assert exe, "pdftoppm is not installed (poppler-utils)"
    subprocess.run([exe, "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    subprocess.run([exe, "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))
    coloured = sum(_saturated_pixels(p.read_bytes()) for p in tmp_path.glob("page*.ppm"))
    assert coloured > 2000
