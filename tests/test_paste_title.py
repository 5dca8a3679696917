"""A report with a title block pasted at A1 of Scores, over the template's header.

The paste's title row takes row 1, beside the template's own header names it did not cover
(Recording link ... Exclude), and the export's header comes a few rows down. Those template names
once made row 1 a header of its own, with no call id, rep, criterion, score or date, so the whole
sheet was reported unreadable and no score counted.
"""

import datetime as dt

import openpyxl

from coachlog_xl import api

TITLE = [["Scores Report"], ["Date range: 03/01/2025 - 03/31/2025"], ["Generated: 04/01/2025 8:02 AM"], []]
HEADER = ["Reference", "Agent", "Call Date", "Question", "Score", "Evaluator"]
ROWS = [
    ["REF-1", "Lee Park", "3/4/2025 2:15 PM", "Resolution", "3/5", "Kim Lo"],
    ["REF-2", "Lee Park", "3/12/2025 12:30 PM", "Resolution", "5/5", "Kim Lo"],
    ["REF-3", "Lee Park", "3/14/2025 12:05 AM", "Resolution", "4/5", "Kim Lo"],
]


def _book(tmp_path, exclude_row: int | None = None):
    path = tmp_path / "team.xlsx"
    api.new_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb["Reps"].append(["Lee Park", None, "Morgan Hale", "Team A", "yes"])
    wb["Criteria"].append(["C1", "Resolution", None, "Process", 1, "good", "poor", "percent 0-100", "1",
                           dt.date(2024, 1, 1), "yes", "yes", "yes", "yes"])
    for col, value in enumerate(["S1", "Lee Park", "Morgan Hale", None, dt.date(2025, 3, 10)], start=1):
        wb["Log"].cell(2, col, value)
    wb["Log"].cell(2, 15, "Resolution")
    scores = wb["Scores"]
    for r, row in enumerate([*TITLE, HEADER, *ROWS], start=1):
        for c in range(1, len(HEADER) + 1):  # the paste covers A:F; G1:M1 keep the template's names
            scores.cell(r, c).value = row[c - 1] if c - 1 < len(row) else None
    if exclude_row is not None:
        exclude = [c.column for c in scores[1] if c.value == "Exclude"][0]
        scores.cell(exclude_row, exclude, "superseded grading")
    scores.tables["Scores"].ref = f"A1:M{len(TITLE) + 1 + len(ROWS)}"
    wb.save(path)
    return path


def test_title_block_pasted_over_the_template_header_is_read(tmp_path):
    result = api.compute_file(_book(tmp_path), as_of=dt.date(2025, 12, 31), cache=False)
    assert not (result.checks["code"] == "missing-column").any()
    row = result.followup.iloc[0]
    # baseline: REF-1, 3 of 5 = 60; follow-up: REF-2 5/5 = 100 and REF-3 4/5 = 80
    assert result.baseline.iloc[0]["baseline_n"] == 1
    assert result.baseline.iloc[0]["baseline_mean"] == 60
    assert row["followup_n"] == 2
    assert row["followup_mean"] == 90
    title = result.checks[(result.checks["sheet"] == "Scores") & (result.checks["code"] == "layout-note")]
    assert title["problem"].str.contains("row 5").any()
    # the export's header under the title is its first: not named as a second paste's
    assert not title["problem"].str.contains("another header row").any()


def test_the_template_exclude_column_still_leaves_a_row_out(tmp_path):
    result = api.compute_file(_book(tmp_path, exclude_row=7), as_of=dt.date(2025, 12, 31), cache=False)
    row = result.followup.iloc[0]
    assert row["followup_n"] == 1
    assert row["followup_mean"] == 80
