"""A score column too short to tell its scale, whose other cells state their maximum (``4 out of 5``):
its bare numbers are read on that maximum, when every stated maximum agrees and no bare number is above
it; else they stay points out of 100, flagged as before.  Expected scores worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl.cli import main
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from tests.wbkit import type_log_rows

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}]
HEADER = ["call_id", "agent_name", "call_start_time", "question", "score"]


def _read(cells: list, criterion: str = ACK, extra: list | None = None):
    """An export's calls C1.. on 2 February on, one score each; the scores by call, and the checks."""
    rows = [[f"C{i}", "Dana Cruz", f"2026-02-{i + 1:02d} 10:00", criterion, c] for i, c in enumerate(cells, start=1)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS),
                 RawTable.from_rows("x.csv", HEADER, rows + (extra or [])))
    calls = pv.calls.sort_values(["criterion", "call_id"])
    return [(r.criterion, r.call_id, round(r.score, 9)) for r in calls.itertuples()], pv.checks


def _said(checks, code: Code) -> list[str]:
    return checks.loc[checks["code"] == code.value, "problem"].tolist()


def test_a_cell_s_stated_maximum_is_kept_with_its_kind():
    got, how = coerce.score("4 out of 5")
    assert (got, how, how.maximum) == (80.0, "points/max", 5.0)
    assert coerce.score("8.5/10")[1].maximum == 10.0
    assert not hasattr(coerce.score("80")[1], "maximum")


@pytest.mark.parametrize("stated", ["4 out of 5", "4/5", "4 of 5"])
def test_bare_ratings_beside_cells_stating_their_maximum_are_read_on_it(stated):
    got, checks = _read([4, stated, 3, "5/5", 2])
    # 4/5, 4/5, 3/5, 5/5, 2/5 x 100
    assert got == [(ACK, "C1", 80.0), (ACK, "C2", 80.0), (ACK, "C3", 60.0), (ACK, "C4", 100.0), (ACK, "C5", 40.0)]
    assert _said(checks, Code.SCALE_UNCLEAR) == []
    assert _said(checks, Code.SCALE_CONVERTED) == [
        f'x.csv, "{ACK}": scores read as points out of 5, the maximum its other cells state (as x.csv row 3 does); '
        "converted to 0-100 as value / 5 x 100."]


def test_a_bare_zero_beside_stated_maxima_is_zero_points_not_unscored():
    got, checks = _read([0, "4 out of 5", 3])
    assert got == [(ACK, "C1", 0.0), (ACK, "C2", 80.0), (ACK, "C3", 60.0)]  # 0/5, 4/5, 3/5
    assert _said(checks, Code.ZERO_NOT_SCORED) == []


def test_stated_maxima_that_disagree_leave_the_bare_numbers_as_points_and_flagged():
    got, checks = _read([4, "4 out of 5", "8/10", 3])
    assert got == [(ACK, "C1", 4.0), (ACK, "C2", 80.0), (ACK, "C3", 80.0), (ACK, "C4", 3.0)]
    said = _said(checks, Code.SCALE_UNCLEAR)  # (the likely scales named: the wording is what tells them)
    assert len(said) == 1 and said[0].startswith(f'x.csv, "{ACK}": all 2 scores are 10 or below, read as points out '
                                                 "of 100 (a 7.8 would be 7.8 %); more likely a 0-10 or 1-5 scale.")
    assert _said(checks, Code.SCALE_CONVERTED) == []


def test_a_bare_number_above_the_stated_maximum_leaves_the_column_as_points():
    got, checks = _read([7, "4 out of 5", 3])
    assert got == [(ACK, "C1", 7.0), (ACK, "C2", 80.0), (ACK, "C3", 3.0)]
    assert len(_said(checks, Code.SCALE_UNCLEAR)) == 1 and _said(checks, Code.SCALE_CONVERTED) == []


def test_the_stated_maximum_is_that_criterion_s_only():
    # VERIFY's bare 4 and 3 have no cell of theirs stating a maximum: points out of 100, flagged
    verify = [[f"V{i}", "Dana Cruz", "2026-02-10 10:00", VERIFY, v] for i, v in enumerate([4, 3], start=1)]
    got, checks = _read([4, "4 out of 5"], extra=verify)
    assert got == [(ACK, "C1", 80.0), (ACK, "C2", 80.0), (VERIFY, "V1", 4.0), (VERIFY, "V2", 3.0)]
    assert [p.split(":")[0] for p in _said(checks, Code.SCALE_UNCLEAR)] == [f'x.csv, "{VERIFY}"']


def test_a_stated_maximum_of_100_keeps_the_bare_numbers_as_points_without_doubt():
    got, checks = _read([7, "85/100"])
    assert got == [(ACK, "C1", 7.0), (ACK, "C2", 85.0)]
    assert _said(checks, Code.SCALE_UNCLEAR) == [] and _said(checks, Code.SCALE_CONVERTED) == []


def test_imported_and_refreshed_the_bare_ratings_count_on_the_stated_scale(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    CliRunner().invoke(main, ["new", str(book)])
    wb = load_workbook(book)
    wb["Criteria"].cell(row=2, column=1, value="ACK")
    wb["Criteria"].cell(row=2, column=2, value=ACK)
    wb["Reps"].cell(row=2, column=1, value="Dana Cruz")
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": ACK}])
    wb.save(book)
    export.write_text("call_id,agent_name,call_start_time,question,score\n"
                      f"C1,Dana Cruz,2026-02-02 10:00,{ACK},4\n"
                      f"C2,Dana Cruz,2026-02-03 10:00,{ACK},4 out of 5\n"
                      f"C3,Dana Cruz,2026-02-04 10:00,{ACK},3\n"
                      f"C4,Dana Cruz,2026-02-05 10:00,{ACK},5/5\n"
                      f"C5,Dana Cruz,2026-02-06 10:00,{ACK},2\n", encoding="utf-8")
    dry = CliRunner().invoke(main, ["import", str(book), str(export), "--dry-run"])
    assert "scores read as points out of 5" in dry.output and "read as points out of 100" not in dry.output
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-02-28"])
    assert result.exit_code == 0, result.output
    out = load_workbook(book)
    fu = out["Follow-up"]
    row = dict(zip([c.value for c in fu[1]], [c.value for c in fu[2]]))
    # baseline: C1 4/5 and C2 4 out of 5 (80, 80); C3 is on the session day; follow-up: C4 5/5 and C5 2/5 (100, 40)
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 80)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 70)
    checks = [r[5] for r in out["Checks"].iter_rows(min_row=2, values_only=True)]
    assert Code.SCALE_UNCLEAR.value not in checks and Code.SCALE_CONVERTED.value in checks
