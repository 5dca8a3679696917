"""Properties of a refresh on random, valid, real .xlsx workbooks (hypothesis).

Each example fills a fresh template as a person would (criteria, reps, pasted scores, Log sessions
and free-text notes in arbitrary Unicode), saves it, refreshes it through the CLI with a fixed
``--as-of`` and reopens the file.  Whatever the data:

- the refresh exits 0;
- no input cell changes (value, data type, style) on any input sheet, and the Log's tool-owned
  baseline columns change only as domain.md says (filled once, when empty and the session has passed);
- a second refresh with the same as-of leaves every cell identical except the refresh stamp;
- every number on the Follow-up sheet matches ``tests.reference``, a slow implementation written
  from the rules that imports nothing from the package.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from coachlog_xl.workbook.fill import append_records
from coachlog_xl.workbook.writer import set_cell
from tests import rules_kit


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("props") / "template.xlsx"
    api.new_workbook(path)
    return path.read_bytes()


def build(folder: Path, template: bytes, data: dict) -> Path:
    path = folder / "team.xlsx"
    path.write_bytes(template)
    wb = load_workbook(path, rich_text=True)
    append_records(wb, schema.CRITERIA, data["criteria"])
    append_records(wb, schema.REPS, data["reps"])
    append_records(wb, schema.SCORES, data["scores"])
    append_records(wb, schema.LOG, data["log"])
    labels = {s.label: s.key for s in schema.SETTINGS_ITEMS}
    for row in wb["Settings"].iter_rows(min_row=2, max_col=2):
        key = labels.get(row[0].value)
        if key in data["settings"]:
            set_cell(row[1], data["settings"][key])
    wb.save(path)
    return path


def refresh(path: Path, as_of: dt.date) -> None:
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", as_of.isoformat(), "--no-backup", "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output


def cells(path: Path, sheets=None) -> dict:
    """(sheet, coordinate) -> value, data type and every part of the style, for each cell in use."""
    wb = load_workbook(path, rich_text=True)
    out = {}
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                out[(ws.title, c.coordinate)] = (
                    repr(c.value), c.data_type, c.number_format, repr(c.font), repr(c.fill), repr(c.border),
                    repr(c.alignment), repr(c.protection),
                )
        if sheets is not None:
            out[(ws.title, "tables")] = sorted((t.displayName, t.ref) for t in ws.tables.values())
    return out


def without_stamp(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k != (schema.START, schema.STAMP_CELL)}


def test_a_recorded_baseline_with_a_repeating_decimal_reads_back_identical(template, tmp_path):
    # Regression found by the property above: (50 + 50 + 55) / 3 = 51.666..., a float whose last digit a
    # saved cell does not keep; the second refresh read back the rounded recorded value and wrote a
    # Difference of -7e-15 where the first wrote 0 (domain.md, Cells: a refresh twice is identical).
    data = {
        "criteria": [{"criterion_id": "ACK", "name": "Acknowledges the concern", "version": "v1",
                      "effective": dt.date(2025, 1, 1)}],
        "reps": [{"rep": "Dana Cruz"}],
        "scores": [{"call_id": f"C{i}", "rep": "Dana Cruz", "call_at": dt.datetime(2026, 3, 2 + i, 10),
                    "criterion": "ACK", "score": score} for i, score in enumerate([50, 50, 55])],
        "log": [{"session_id": "S-1", "rep": "Dana Cruz", "session_date": dt.date(2026, 3, 10),
                 "criterion": "ACK"}],
        "settings": {"score_scale": "0-100"},
    }
    path = build(tmp_path, template, data)
    refresh(path, dt.date(2026, 3, 20))
    first = without_stamp(cells(path))
    baseline = load_workbook(path)["Baseline"]
    head = [c.value for c in baseline[1]]
    row = dict(zip(head, (c.value for c in baseline[2])))
    assert row["Baseline n"] == 3 and row["Baseline mean"] == pytest.approx(155 / 3)
    assert row["Difference"] == 0
    refresh(path, dt.date(2026, 3, 20))
    assert without_stamp(cells(path)) == first


def test_improvement_emerging_is_blank_without_a_baseline_mean():
    # Regression found by the property above: S-1 has no call before it (baseline n 0, mean blank) while
    # S-2 has a baseline; S-1 read "no" instead of blank (docs/rules.md: blank without both means).
    scores = rules_kit.calls([70, 75, 80, 85, 82], rules_kit.D(2026, 3, 11), prefix="F")
    result = rules_kit.run(scores, [rules_kit.session("S-1"), rules_kit.session("S-2", rules_kit.D(2026, 4, 20))])
    first, second = rules_kit.row(result, "S-1"), rules_kit.row(result, "S-2")
    assert (first["baseline_n"], first["baseline_mean"]) == (0, None)
    assert first["checkin_mean"] == pytest.approx((70 + 75 + 80 + 85 + 82) / 5)
    assert first["improvement_emerging"] is None and first["delta"] is None
    assert second["baseline_mean"] == pytest.approx((70 + 75 + 80 + 85 + 82) / 5)
