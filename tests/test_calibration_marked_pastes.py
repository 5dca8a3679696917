"""Calibration marks are read by each paste's own header: a later paste's ``Evaluation Type`` column marks its rows
though the sheet's first header has none there, and a later paste's ``Comments`` column under the first header's
``Evaluation Type`` marks nothing."""

from __future__ import annotations

from tests.test_calibration_marked import HEAD, ROWS, _notes

PLAIN = [*HEAD[:-1], None]  # the first paste's header: no evaluation type


def test_a_later_pastes_evaluation_type_marks_its_calibration_rows():
    # row 1 a header without Evaluation Type, rows 2-3 C1 and C2; row 4 a second paste's header with it, rows 5-8:
    # C3 by Quinn Ada (Standard), C3 by Pat Cal (Calibration, row 6), C4, C5
    first = [[*r[:-1], None] for r in ROWS[:2]]
    second = [ROWS[2], ROWS[5], ROWS[3], ROWS[4]]
    notes = _notes(PLAIN, [*first, HEAD, *second])
    assert len(notes) == 1
    # C3: (64 + 100) / 2 = 82
    assert notes.iloc[0]["problem"] == ('Call C3, "Acknowledges the concern": scored by 2 evaluators; counted once '
                                        "with their mean (82). Scores row 6 is marked calibration by the export's "
                                        "evaluation type.")
    assert "Exclude cell of Scores row 6" in notes.iloc[0]["fix"]


def test_a_later_pastes_comments_under_the_first_headers_evaluation_type_mark_nothing():
    # row 1 the header with Evaluation Type, rows 2-3 C1 and C2; row 4 a second paste's header whose seventh column
    # is Comments, its rows 5-6 C3 by both evaluators with the comment "calibration session"
    first = ROWS[:2]
    second = [[*ROWS[2][:-1], "calibration session"], [*ROWS[5][:-1], "calibration session"]]
    notes = _notes(HEAD, [*first, [*HEAD[:-1], "Comments"], *second])
    assert len(notes) == 1
    assert notes.iloc[0]["problem"] == ('Call C3, "Acknowledges the concern": scored by 2 evaluators; counted once '
                                        "with their mean (82).")
    assert notes.iloc[0]["fix"] == "Nothing to do."
