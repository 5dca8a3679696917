"""A QA API's list of scores flattened to CSV by a generic JSON-to-CSV tool: one row per review, indexed
columns ``scores[0].criterion, scores[0].value, scores[1].criterion, ...`` (also written ``scores.0.criterion``,
``scores/0/value``, ``scores_0_criterion``).  Each item is one score of the row's call.  The files are
written by hand; expected scores worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export
from tests.wbkit import team_book, type_log_rows

ACK, VERIFY, CLOSE = "Acknowledges the concern", "Verifies identity", "Closes the call"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY},
            {"criterion_id": "CLOSE", "name": CLOSE}]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]
SPELLINGS = ["scores[{i}].{k}", "scores.{i}.{k}", "scores/{i}/{k}", "scores_{i}_{k}"]


def _export(tmp_path, spelling: str, keys: tuple[str, ...], rows: list[list]) -> tuple:
    """An export of ``rows`` under conversation_id, agent, call_date and three items of ``keys``; its preview."""
    head = ["conversation_id", "agent", "call_date"] + [spelling.format(i=i, k=k) for i in range(3) for k in keys]
    path = tmp_path / "api.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in [head, *rows]) + "\n", encoding="utf-8")
    return path, preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))


def _got(pv) -> list[tuple]:
    calls = pv.calls.sort_values(["call_id", "criterion"])
    return [(r.call_id, r.rep, r.criterion, round(r.score, 9), r.at.to_pydatetime(), r.row) for r in calls.itertuples()]


def _codes(pv) -> list[str]:
    return list(pv.checks["code"])


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_each_item_of_a_flattened_list_is_one_score_of_the_row_s_call(tmp_path, spelling):
    _, pv = _export(tmp_path, spelling, ("criterion", "value"), [
        ["K1", "Dana Cruz", "2026-02-02T10:00:00Z", ACK, 80, VERIFY, 90, CLOSE, 70],
        ["K2", "Eli Moss", "2026-02-03T11:30:00Z", VERIFY, 100, ACK, 60, "", ""],  # scored on two criteria
        ["K3", "Dana Cruz", "2026-02-04T09:15:00Z", CLOSE, 40, "", "", "", ""],  # on one
    ])
    at1, at2, at3 = dt.datetime(2026, 2, 2, 10), dt.datetime(2026, 2, 3, 11, 30), dt.datetime(2026, 2, 4, 9, 15)
    assert _got(pv) == [
        ("K1", "Dana Cruz", ACK, 80.0, at1, 2), ("K1", "Dana Cruz", CLOSE, 70.0, at1, 2),
        ("K1", "Dana Cruz", VERIFY, 90.0, at1, 2),
        ("K2", "Eli Moss", ACK, 60.0, at2, 3), ("K2", "Eli Moss", VERIFY, 100.0, at2, 3),
        ("K3", "Dana Cruz", CLOSE, 40.0, at3, 4),
    ]
    # the blank items are no scores, no criterion is unknown, nothing is missing, every column is read
    codes = _codes(pv)
    for code in (Code.NOT_SCORED, Code.UNKNOWN_SCORE_CRITERION, Code.MISSING_FIELD, Code.SCALE_UNCLEAR):
        assert code.value not in codes
    first = spelling.format(i=0, k="x")[:-2].rstrip("./_") if "[" not in spelling else "scores[0]"
    last = first.replace("0", "2")
    notes = pv.checks.loc[pv.checks["code"] == Code.LAYOUT_NOTE.value, "problem"].tolist()
    assert notes == [f"api.csv: a list flattened into columns read ({first} to {last}, each a criterion and a score): "
                     "one row per call and item, with the call's other columns."]
    assert pv.ignored == []
    assert {pv.mapped[f] for f in ("call_id", "rep", "call_at")} == {"conversation_id", "agent", "call_date"}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_an_item_s_own_maximum_and_na_flag_are_read_for_its_score(tmp_path, spelling):
    _, pv = _export(tmp_path, spelling, ("criterion", "value", "max", "is_na"), [
        ["K1", "Dana Cruz", "2026-02-02", ACK, 4, 5, "false", VERIFY, 3, 4, "false", "", "", "", ""],
        ["K2", "Dana Cruz", "2026-02-03", ACK, "", 5, "true", VERIFY, 2, 4, "false", CLOSE, 9, 10, "false"],
    ])
    day1, day2 = dt.datetime(2026, 2, 2), dt.datetime(2026, 2, 3)
    assert _got(pv) == [
        ("K1", "Dana Cruz", ACK, 80.0, day1, 2), ("K1", "Dana Cruz", VERIFY, 75.0, day1, 2),  # 4/5, 3/4
        ("K2", "Dana Cruz", CLOSE, 90.0, day2, 3), ("K2", "Dana Cruz", VERIFY, 50.0, day2, 3),  # 9/10, 2/4
    ]  # K2's ACK is N/A: not scored, not 0
    said = pv.checks.loc[pv.checks["code"] == Code.NOT_SCORED.value, "problem"].tolist()
    assert said == ["api.csv: 1 score is N/A or blank (row 3); it is not counted (not as 0)."]  # K2, below the header
    note = pv.checks.loc[pv.checks["code"] == Code.LAYOUT_NOTE.value, "problem"].iloc[0]
    assert "each a criterion, a score, a maximum and an N/A flag" in note


def test_numbered_columns_with_no_criterion_key_stay_a_wide_export(tmp_path):
    # q_1_score, q_2_score: items without a criterion are no list of scores; read as before, a column each
    path = tmp_path / "wide.csv"
    path.write_text("call_id,agent_name,call_date,q_1_score,q_2_score\nW1,Dana Cruz,2026-02-02,70,80\n",
                    encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [("q_1_score", 70.0), ("q_2_score", 80.0)]


def test_imported_and_refreshed_the_items_count_as_calls(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [(c["criterion_id"], c["name"]) for c in CRITERIA], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 2, 4),
                        "Targeted criterion": ACK}])
    wb.save(book)
    rows = [["K1", "Dana Cruz", "2026-02-02T10:00:00Z", ACK, 80, VERIFY, 90, "", ""],
            ["K2", "Dana Cruz", "2026-02-03T10:00:00Z", VERIFY, 50, ACK, 60, "", ""],
            ["K3", "Dana Cruz", "2026-02-06T10:00:00Z", ACK, 95, "", "", "", ""]]
    export, _ = _export(tmp_path, "scores[{i}].{k}", ("criterion", "value"), rows)
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-02-28"])
    assert result.exit_code == 0, result.output
    out = load_workbook(book)
    pasted = [list(r) for r in out["Scores api"].iter_rows(min_row=2, max_row=4, max_col=9, values_only=True)]
    assert [r[:2] + r[3:5] for r in pasted] == [["K1", "Dana Cruz", ACK, 80], ["K2", "Dana Cruz", VERIFY, 50],
                                                ["K3", "Dana Cruz", ACK, 95]]  # the rows as exported
    fu = out["Follow-up"]
    row = dict(zip([c.value for c in fu[1]], [c.value for c in fu[2]]))
    # ACK: baseline K1 80 and K2 60 (second item) -> 70; follow-up K3 95
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 95)
    codes = [r[5] for r in out["Checks"].iter_rows(min_row=2, values_only=True)]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in codes and Code.NOT_SCORED.value not in codes


def test_pasted_with_its_header_under_the_scores_sheet_s_the_items_are_read_as_imported():
    from coachlog_xl.core.inputs import RawTable

    template = [c.header for c in schema.SCORES.columns]
    width = len(template)
    pasted = [["conversation_id", "agent", "call_date", "scores_0_criterion", "scores_0_value", "scores_1_criterion",
               "scores_1_value"], ["K1", "Dana Cruz", "2026-02-02", ACK, 80, VERIFY, 90],
              ["K2", "Eli Moss", "2026-02-03", ACK, 60, "", ""]]
    table = RawTable.from_rows("Scores", template, [r + [None] * (width - len(r)) for r in pasted])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    day1, day2 = dt.datetime(2026, 2, 2), dt.datetime(2026, 2, 3)
    assert _got(pv) == [("K1", "Dana Cruz", ACK, 80.0, day1, 3), ("K1", "Dana Cruz", VERIFY, 90.0, day1, 3),
                        ("K2", "Eli Moss", ACK, 60.0, day2, 4)]
    notes = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    assert [int(r) for r in notes["row"]] == [2, 2]  # the second header row; the items read under it
