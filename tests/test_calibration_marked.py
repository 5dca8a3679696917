"""A calibration an export marks as such in an evaluation-type column (a Salesforce-like ``Evaluation Type`` of
``Standard`` or ``Calibration``): domain.md's rule stands (several evaluators on one call count once, with their
mean), but the ``calibration-merged`` note names the rows marked calibration and the Exclude reason that keeps them
out, where they are no production score, instead of "Nothing to do"."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from tests.rules_kit import CRIT, REP, session

HEAD = ["Call ID", "Agent", "Call Date", "Question", "Score", "Evaluator", "Evaluation Type"]
# five calls 1-5 March, each scored by Quinn Ada (Standard); call C3 also by Pat Cal in a calibration, at row 7
ROWS = [[f"C{d}", REP, f"2026-03-0{d} 10:00", CRIT, s, "Quinn Ada", "Standard"]
        for d, s in zip(range(1, 6), [60, 62, 64, 66, 68])] + [["C3", REP, "2026-03-03 10:00", CRIT, 100, "Pat Cal",
                                                                 "Calibration"]]


def _notes(head=HEAD, rows=ROWS):
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT}], reps=[{"rep": REP}],
                                    log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", head, rows)]
    result = compute(inputs, as_of=dt.date(2026, 6, 1))
    return result.checks[result.checks["code"] == "calibration-merged"]


def test_a_calibration_marked_so_by_the_export_names_its_rows_and_the_exclude_reason():
    notes = _notes()
    assert len(notes) == 1
    note = notes.iloc[0]
    # C3: (64 + 100) / 2 = 82, counted once (the rule stands)
    assert note["problem"] == ('Call C3, "Acknowledges the concern": scored by 2 evaluators; counted once with their '
                               "mean (82). Scores row 7 is marked calibration by the export's evaluation type.")
    assert "Nothing to do" not in note["fix"]
    assert note["fix"].startswith("If the calibration is no production score, type a reason (e.g. calibration) in "
                                  "the Exclude cell of Scores row 7")


def test_without_an_evaluation_type_the_calibration_note_is_as_before():
    notes = _notes(HEAD[:-1], [r[:-1] for r in ROWS])
    assert list(notes["fix"]) == ["Nothing to do."]
    assert list(notes["problem"]) == ['Call C3, "Acknowledges the concern": scored by 2 evaluators; counted once '
                                      "with their mean (82)."]
