"""A criterion's Other names where they meet the rest: a workbook made before the column (its fixes, and
``coachlog repair`` adding it), a wide export's overall column, an other name holding commas, a Log row under a
shared other name, two Criteria rows apart by their accents, and the demo's anchor calls."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from coachlog_xl.demo import demo_data
from tests.rules_kit import AS_OF, CRIT, REP, D, calls, codes, row, session
from tests.wbkit import ACK, old_template_book

ACK_ROW = {"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}


def _fix(result, code: str) -> str:
    fixes = result.checks.loc[result.checks["code"] == code, "fix"].tolist()
    assert len(fixes) == 1, fixes
    return fixes[0]


def _log(path: Path) -> dict:
    wb = load_workbook(path)
    return {h.value: c.value for h, c in zip(wb["Log"][1], wb["Log"][2])}


def _refresh(path: Path):
    return CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-01", "--no-cache", "--no-backup"])


def test_the_fix_for_an_unknown_criterion_in_a_workbook_made_before_other_names_says_to_add_the_column():
    # the Criteria table without the column: "Acknowledge concern" is unknown, and its fix, which names Other
    # names, says the table has none yet and how to add it
    old = RawInputs.from_records(criteria=[ACK_ROW], reps=[{"rep": REP}], log=[session()],
                                 scores=calls([60] * 3, D(2026, 2, 20), crit="Acknowledge concern"))
    old.criteria = RawTable.from_records(schema.CRITERIA, [ACK_ROW],
                                         headers=[h for h in schema.CRITERIA.headers if h != "Other names"])
    fix = _fix(compute(old, as_of=AS_OF), "unknown-score-criterion")
    assert "no Other names column" in fix and "coachlog repair" in fix
    # with the column (blank), the fix names it alone
    made = RawInputs.from_records(criteria=[ACK_ROW], reps=[{"rep": REP}], log=[session()],
                                  scores=calls([60] * 3, D(2026, 2, 20), crit="Acknowledge concern"))
    fix = _fix(compute(made, as_of=AS_OF), "unknown-score-criterion")
    assert "Other names" in fix and "coachlog repair" not in fix


def test_repair_adds_other_names_at_the_end_of_an_old_criteria_table_and_the_spelling_typed_there_counts(tmp_path):
    # Bo Park's session on 2026-03-10 on ACK; before it 2 calls under its name (60, 70) and 2 under
    # "ACK - Acknowledgement" (80, 90).  Before the repair the baseline waits: those 2 are of an unknown criterion
    # close to ACK, and the fix says to add the column.  The repair adds Other names as the table's 14th column (N,
    # after the old template's 13); "ACK - Acknowledgement" typed in N2, all 4 count: n 4, mean
    # (60 + 70 + 80 + 90) / 4 = 75.
    book = tmp_path / "old.xlsx"
    old_template_book(book, [(D(2026, 3, 2), 60, ACK), (D(2026, 3, 3), 70, ACK),
                     (D(2026, 3, 4), 80, "ACK - Acknowledgement"), (D(2026, 3, 5), 90, "ACK - Acknowledgement")])
    before = [[c.value for c in r] for r in load_workbook(book)["Criteria"].iter_rows()]
    assert _refresh(book).exit_code == 0
    assert (_log(book)["Baseline n"], _log(book)["Baseline mean"]) == (None, None)
    checks = [r for r in load_workbook(book)["Checks"].iter_rows(values_only=True) if "unknown-score-criterion" in r]
    assert len(checks) == 1 and "coachlog repair" in str(checks[0])
    out = CliRunner().invoke(main, ["repair", str(book)])
    assert out.exit_code == 0, out.output
    assert "Criteria: Other names" in out.output
    wb = load_workbook(book)
    ws, table = wb["Criteria"], wb["Criteria"].tables["Criteria"]
    assert table.ref == "A1:N2" and [c.name for c in table.tableColumns][-1] == "Other names"
    # every cell of the user's where it was, the new column after them
    assert [[c.value for c in r][:13] for r in ws.iter_rows()] == before
    assert ws["N1"].value == "Other names" and ws["N2"].value is None
    ws["N2"] = "ACK - Acknowledgement"
    wb.save(book)
    assert _refresh(book).exit_code == 0
    assert (_log(book)["Baseline n"], _log(book)["Baseline mean"]) == (4, 75)
    out = CliRunner().invoke(main, ["repair", str(book)])  # nothing more to add
    assert out.exit_code == 0 and "nothing to repair" in out.output


def test_repair_adds_no_column_where_the_cell_after_the_criteria_table_holds_a_value(tmp_path):
    # a note typed in N1, right of the old table (A1:M2): the column would cover it, so none is added and the
    # repair says so; the workbook is left as it was
    book = tmp_path / "old.xlsx"
    old_template_book(book, [(D(2026, 3, 2), 60, ACK)])
    wb = load_workbook(book)
    wb["Criteria"]["N1"] = "my note"
    wb.save(book)
    out = CliRunner().invoke(main, ["repair", str(book)])
    assert out.exit_code == 0, out.output
    assert "N1 holds a value" in out.output and "Re-created" not in out.output
    wb = load_workbook(book)
    assert wb["Criteria"].tables["Criteria"].ref == "A1:M2" and wb["Criteria"]["N1"].value == "my note"


def _wide(other_names: str, overall: str):
    # Ann Lee's session on 2026-03-10 on "Greets the caller" (GREET); a wide export of 4 calls before it, each
    # Greets the caller 80, Verifies identity 90 and an overall column of 50
    criteria = [{"criterion_id": "GREET", "name": "Greets the caller", "other_names": other_names},
                {"criterion_id": "VER", "name": "Verifies identity"}]
    inputs = RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}],
                                    log=[session(criterion="Greets the caller")])
    headers = ["Call ID", "Agent", "Call date", "Greets the caller", "Verifies identity", overall]
    rows = [[f"W-{i}", REP, dt.datetime(2026, 3, 2 + i, 10), 80, 90, 50] for i in range(4)]
    return compute(dataclasses.replace(inputs, scores=[RawTable.from_rows("Scores", headers, rows)]), as_of=AS_OF)


def test_an_other_name_that_is_an_overall_header_leaves_a_wide_exports_overall_column_the_overall_score():
    # GREET's other names hold "Overall" (or "QA Score"), as a long export may spell its rows; the wide export's
    # Overall column is still its overall score, not GREET's: the baseline is GREET's own column's 4 calls of 80
    # (n 4, mean 80), with no conflict between 80 and 50 on a call
    for overall in ("Overall", "QA Score"):
        r = _wide(overall, overall)
        assert (row(r)["baseline_n"], row(r)["baseline_mean"]) == (4, 80.0), overall
        assert "conflicting-scores" not in codes(r)


def test_a_spelling_that_is_a_comma_part_of_an_other_name_is_told_to_split_it_with_a_semicolon():
    # ACK's other names "ACK - Ack, Acknowledge concern" are one name (commas are a criterion name's own); 3 calls
    # under "ACK - Ack" are unknown, and the fix says to put a semicolon between the two names, not to add it
    criteria = [{**ACK_ROW, "other_names": "ACK - Ack, Acknowledge concern"}]
    r = compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}], log=[session()],
                                       scores=calls([60] * 3, D(2026, 2, 20), crit="ACK - Ack")), as_of=AS_OF)
    fix = _fix(r, "unknown-score-criterion")
    assert "semicolon" in fix and '"ACK - Ack, Acknowledge concern"' in fix
    assert "add this spelling" not in fix


def test_a_log_row_under_an_other_name_two_criteria_give_is_told_so_not_to_add_it():
    # "desk-7" is an other name of both ACK and EMP (shared-other-name): a session targeting it is neither's; its
    # check names both criteria and says to keep the name with one, not that it is missing from the Criteria sheet
    criteria = [{"criterion_id": "ACK", "name": CRIT, "other_names": "desk-7"},
                {"criterion_id": "EMP", "name": "Empathy", "other_names": "desk-7"}]
    r = compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}], scores=calls([60] * 5, D(2026, 2, 20)),
                                       log=[session(criterion="desk-7")]), as_of=AS_OF)
    said = r.checks[(r.checks["code"] == "unknown-criterion") & (r.checks["sheet"] == "Log")]
    assert len(said) == 1
    problem, fix = said.iloc[0]["problem"], said.iloc[0]["fix"]
    assert "other name of" in problem and CRIT in problem and "Empathy" in problem
    assert "not on the Criteria sheet" not in problem and "add this one" not in fix


def test_the_fix_for_two_criteria_rows_apart_by_accents_names_other_names_not_a_version():
    # "Resume check" (row 2) and "Résumé check" (row 3): if one criterion, row 3 goes and its spelling is typed
    # among row 2's Other names, as for a rep
    criteria = [{"criterion_id": "R1", "name": "Resume check"}, {"criterion_id": "R2", "name": "Résumé check"}]
    r = compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}],
                                       scores=calls([60] * 3, D(2026, 2, 20), crit="Resume check"),
                                       log=[session(criterion="Resume check")]), as_of=AS_OF)
    fix = _fix(r, "near-miss-rows")
    assert 'delete row 3 and type "Résumé check" among Resume check\'s Other names' in fix
    assert "Version" not in fix


def test_the_demos_anchor_calls_are_picked_among_every_spelling_of_the_criterion():
    # HOLD's scores from one evaluator are spelled "Hold etiquette" (its other name); S-016's anchor call is one
    # of them, and S-015's and S-016's anchor calls are in their baselines, as before the other name
    d = demo_data()
    r = compute(RawInputs.from_records(criteria=d.criteria, reps=d.reps, scores=d.scores, log=d.log,
                                       supervisors=d.supervisors), as_of=d.as_of)
    follow = r.followup.set_index("session_id")
    assert follow.loc[["S-015", "S-016"], "anchor_in_baseline"].tolist() == ["yes", "yes"]
    anchor = next(s["evidence_call"] for s in d.log if s["session_id"] == "S-016")
    assert {s["criterion"] for s in d.scores if s["call_id"] == anchor} >= {"Hold etiquette"}
