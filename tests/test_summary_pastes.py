"""A summary given instead of the calls, an Excel pivot pasted as values or Power BI's summarized export, is said
once as a summary (averages per rep), with the per-call export to make: none of its rows is read, and its figures
are never taken for reps or criteria."""

from __future__ import annotations

from openpyxl import Workbook

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

REPS = [{"rep": "Dana Cruz"}, {"rep": "Li Wei"}]
CRITERIA = [{"criterion_id": "GRT", "name": "Greeting"}, {"criterion_id": "EMP", "name": "Empathy"}]


def _said(pv) -> list[str]:
    return [p for p in pv.checks["problem"] if "holds a summary" in p]


def test_a_power_bi_summarized_export_is_said_a_summary(tmp_path):
    path = tmp_path / "summarized.csv"
    path.write_text("Agent,Criterion,ISO Week,Average of Score,Count of Evaluation ID\n"
                    "Dana Cruz,Greeting,2026-W10,80,1\nLi Wei,Empathy,2026-W10,60,2\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    assert len(pv.calls) == 0
    said = _said(pv)
    assert len(said) == 1 and '"Average of Score"' in said[0] and '"Count of Evaluation ID"' in said[0]
    assert "missing-column" not in set(pv.checks["code"])  # (one error, not one per missing column)


def test_an_excel_pivot_pasted_as_values_is_said_a_summary(tmp_path):
    path = tmp_path / "pivot.xlsx"
    wb = Workbook()
    for row in [["Average of Score", "Column Labels"], ["Row Labels", "Greeting", "Empathy", "Grand Total"],
                ["Dana Cruz", 69.57, 62.73, 66.1], ["Li Wei", 56.52, 62.11, 59.3], ["Grand Total", 63.0, 62.4, 62.7]]:
        wb.active.append(row)
    wb.save(path)
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    assert len(pv.calls) == 0
    assert len(_said(pv)) == 1
    # its figures are never reps or criteria
    assert not {"unknown-rep", "unknown-criterion", "unknown-score-criterion"} & set(pv.checks["code"])
