"""Checks' Field column names a Scores field as the sheet heads its column: the template's header (``Rep``,
``Call date``, ``Score``) under the template's header row, an export's own (``Agent Name``) under the export's, and
the template's for a column the paste lacks; the code's own words (``rep``, ``call date``) stay inside."""

from __future__ import annotations

from coachlog_xl.core.checks import Code, Issues
from tests.rules_kit import CRIT, D, calls, run, session
from tests.test_export_readings import _imported
from tests.wbkit import records


def test_a_scores_problem_names_its_field_by_the_template_header():
    rows = calls([60, "x", 70], D(2026, 3, 1))  # row 3: an unreadable score
    rows.append({"call_id": "Z1", "rep": None, "call_at": D(2026, 3, 5), "criterion": CRIT, "score": 50})  # row 5
    r = run(rows, [session()])
    said = r.checks[r.checks["sheet"] == "Scores"]
    assert sorted(zip(said["row"], said["field"], said["code"])) == [
        (3, "Score", "unreadable-score"), (5, "Rep", "missing-field")]


def test_an_export_problem_names_its_field_by_the_export_header(tmp_path):
    # row 3 of the export has no agent: its missing-field row names the column as the export heads it, Agent Name
    text = ("Conversation ID,Agent Name,Call Date,Criterion,Score\n"
            "c1,Dana Cruz,2025-03-03,Empathy,50\n"
            "c2,,2025-03-04,Empathy,60\n")
    book, _ = _imported(tmp_path, text, exit_code=1)
    said = [(r["Row"], r["Field"]) for r in records(book, "Checks") if r["Code"] == "missing-field"]
    assert said == [(3, "Agent Name")]


def test_a_field_is_named_by_the_paste_its_row_is_under_and_kept_as_the_code_names_it():
    from coachlog_xl.core.fieldnames import Shown

    # the template's header on row 1, an export's pasted below it with its header on row 20
    shown = Shown({"Scores": [(1, {"rep": "Rep", "call_at": "Call date"}), (20, {"rep": "Agent Name"})]})
    issues = Issues()
    for row in (5, 25):
        issues.add(Code.MISSING_FIELD, "Scores", row, "rep", None, "p", "f")
    issues.add(Code.MISSING_FIELD, "Scores", 25, "call date", None, "p", "f")  # the export has no call date column
    issues.add(Code.MISSING_FIELD, "Log", 2, "rep", None, "p", "f")  # no Scores sheet: as given
    framed = issues.frame(shown)
    assert list(zip(framed["sheet"], framed["row"], framed["field"])) == [
        ("Log", 2, "rep"), ("Scores", 5, "Rep"), ("Scores", 25, "Agent Name"), ("Scores", 25, "Call date")]
    assert [i.field for i in issues] == ["rep", "rep", "call date", "rep"]
