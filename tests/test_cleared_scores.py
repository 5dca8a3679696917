"""A Scores sheet cleared whole, its header row too (the team's scores now come in sheets that
`coachlog import` makes): there is nothing on it to misread, so it neither reports five missing columns
nor holds every session's baseline back."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

ACK = "Acknowledges the concern"


def _book(tmp_path, with_export: bool):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Dana Cruz", "Session date": dt.datetime(2026, 3, 10),
                        "Targeted criterion": ACK, "Calls to review": 3}])
    for cell in wb["Scores"][1]:
        cell.value = None
    wb.save(path)
    if with_export:
        export = tmp_path / "march.csv"
        export.write_text("Call ID,Agent,Call Date,Criterion,Score\n"
                          f"C1,Dana Cruz,2026-03-02 09:00,{ACK},60\n"
                          f"C2,Dana Cruz,2026-03-03 09:00,{ACK},0\n"
                          f"C3,Dana Cruz,2026-03-04 09:00,{ACK},90\n"
                          f"C4,Dana Cruz,2026-03-11 09:00,{ACK},80\n", encoding="utf-8")
        assert run("import", path, export).exit_code == 0
    return path


def _checks(path):
    return [(r["Severity"], r["Sheet"], r["Code"]) for r in records(path, "Checks")]


def test_a_scores_sheet_cleared_whole_beside_an_imported_one_holds_no_baseline_back(tmp_path):
    path = _book(tmp_path, with_export=True)
    result = run("refresh", path, "--as-of", "2026-03-20", "--no-backup")
    assert result.exit_code == 0, result.output
    assert not [c for c in _checks(path) if c[1] == "Scores"]  # nothing said of the cleared sheet
    log = load_workbook(path)["Log"]
    head = [c.value for c in log[1]]
    recorded = [log.cell(2, head.index(schema.LOG.column(k).header) + 1).value for k in ("baseline_mean", "baseline_n")]
    assert recorded == [50.0, 3]  # (60 + 0 + 90) / 3, from the imported sheet


def test_a_scores_sheet_cleared_whole_and_alone_holds_no_score_yet(tmp_path):
    path = _book(tmp_path, with_export=False)
    assert run("refresh", path, "--as-of", "2026-03-20", "--no-backup").exit_code == 0
    said = [c for c in _checks(path) if c[1] == "Scores"]
    assert said == [("warning", "Scores", Code.BASELINE_HELD.value)]  # no score yet: as with its header kept
    assert Code.MISSING_COLUMN.value not in {c[2] for c in _checks(path)}
