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


def _calls(tmp_path, text: str):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))


def test_a_per_call_export_with_aggregate_captions_is_read_as_calls(tmp_path):
    # a BI tool's table of one row per call: call id and call date on each row, so calls, whatever its captions
    # ("Count of Holds", "Sum of Hold Seconds": call details summed per call)
    pv = _calls(tmp_path, "Call ID,Agent,Call Date,Greeting,Empathy,Count of Holds,Sum of Hold Seconds\n"
                "M1,Dana Cruz,2026-03-04 14:05,80,60,1,45\nM2,Dana Cruz,2026-03-05 14:05,100,40,0,0\n")
    assert not _said(pv)
    got = pv.calls.loc[pv.calls["criterion"].isin(["Greeting", "Empathy"])]
    # Greeting 80, 100 and Empathy 60, 40 on 0-100
    assert sorted(zip(got["call_id"], got["criterion"], got["score"])) == [
        ("M1", "Empathy", 60.0), ("M1", "Greeting", 80.0), ("M2", "Empathy", 40.0), ("M2", "Greeting", 100.0)]


def test_comments_starting_with_an_aggregate_word_are_no_captions(tmp_path):
    # evaluators' comments on the first rows ("Max of 2 holds allowed...", "Count of apologies: 0") are free text
    pv = _calls(tmp_path, "Call ID,Agent,Call Date,Criterion,Score,Comment\n"
                "M1,Dana Cruz,2026-03-01 14:05,Greeting,60,Max of 2 holds allowed; agent placed 3\n"
                "M2,Dana Cruz,2026-03-02 14:05,Greeting,80,Count of apologies: 0\n"
                "M3,Dana Cruz,2026-03-03 14:05,Greeting,100,Min of 1 verification question expected\n")
    assert not _said(pv)
    assert sorted(zip(pv.calls["call_id"], pv.calls["score"])) == [("M1", 60.0), ("M2", 80.0), ("M3", 100.0)]


def test_a_per_call_paste_without_its_call_id_column_is_no_summary(tmp_path):
    # one row per call, each with its call date (2026-03-01 .. 2026-03-20), and captions "Count of Holds", "Max of
    # Hold Seconds" (details of each call): calls whose id column is missing, not averages per rep, so the missing
    # call id column is the error, and no row of it is taken in
    pv = _calls(tmp_path, "Agent,Date of call,Greeting,Count of Holds,Max of Hold Seconds\n" + "".join(
        f"Dana Cruz,3/{i}/2026,{1 + i % 5},{i % 3},{30 * i}\n" for i in range(1, 21)))
    assert not _said(pv)
    assert len(pv.calls) == 0
    missing = pv.checks.loc[pv.checks["code"] == "missing-column", "problem"].tolist()
    assert len(missing) == 1 and "no call id column" in missing[0]
