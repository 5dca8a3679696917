"""Call ids that are Excel error values (``#N/A`` from a lookup that found nothing, ``#REF!``) name no
call: read as ids, every such row of a rep and criterion was one call, so different calls were a
conflict, a mean of two evaluators or one duplicate.  Each such row is an error in Checks, not counted."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

CRITERIA = [{"criterion_id": "EMP", "name": "Empathy"}]
REPS = [{"rep": "Dana Cruz"}]
HEAD = ["Call ID", "Agent", "Call Date", "Criterion", "Score", "Grader"]
ROWS = [
    ["#N/A", "Dana Cruz", "2026-03-02 09:00", "Empathy", 90, "Lee"],
    ["#N/A", "Dana Cruz", "2026-03-03 09:00", "Empathy", 40, "Kim"],  # another call, another evaluator
    ["#N/A", "Dana Cruz", "2026-03-04 09:00", "Empathy", 40, "Lee"],
    ["#REF!", "Dana Cruz", "2026-03-05 09:00", "Empathy", 70, "Lee"],
    ["C-5", "Dana Cruz", "2026-03-06 09:00", "Empathy", 60, "Lee"],
    ["", "Dana Cruz", "2026-03-07 09:00", "Empathy", 50, "Lee"],
]


def test_rows_whose_call_id_is_an_excel_error_are_errors_and_not_one_call():
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("e.csv", HEAD, ROWS))
    assert [(c.call_id, c.score) for c in pv.calls.itertuples()] == [("C-5", 60.0)]
    missing = pv.checks[pv.checks["code"] == Code.MISSING_FIELD.value]
    assert list(missing["row"]) == [2, 3, 4, 5, 7]
    assert list(missing["value"][:4]) == ["#N/A", "#N/A", "#N/A", "#REF!"]
    assert set(missing["severity"]) == {"error"}
    assert "Excel error #REF!" in missing["problem"].iloc[3]
    assert "is blank" in missing["problem"].iloc[4]  # a blank id is still said as blank
    assert {Code.CONFLICT.value, Code.CALIBRATION_MERGED.value}.isdisjoint(pv.checks["code"])


def test_import_of_such_rows_says_each_and_exits_1(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    assert CliRunner().invoke(main, ["new", str(book)]).exit_code == 0
    export.write_text("\n".join(",".join(map(str, r)) for r in [HEAD, *ROWS[:2], ROWS[4]]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 1, result.output
    assert "export.csv row 2: the call id is the Excel error #N/A" in result.output
    assert "export.csv row 3: the call id is the Excel error #N/A" in result.output
    assert "different scores" not in result.output
    ids = [r[0] for r in load_workbook(book)["Scores export"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["#N/A", "#N/A", "C-5"]  # written as exported, text


def test_an_error_id_beside_no_score_is_said_as_a_row_scoring_nothing_is():
    # no score to use: not an error of its id (the row is left out as any row without a score)
    rows = [["#N/A", "Dana Cruz", "2026-03-02 09:00", "Empathy", None, "Lee"], ROWS[4]]
    apart = [["C-9", "Dana Cruz", "2026-03-02 09:00", "Empathy", None, "Lee"], ROWS[4]]
    checks = [preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("e.csv", HEAD, r)).checks
              for r in (rows, apart)]
    assert Code.MISSING_FIELD.value not in set(checks[0]["code"])
    assert sorted(checks[0]["code"]) == sorted(checks[1]["code"])  # as with a call id
