"""An export pasted with its header under the template's, started in column B (column A left blank
below the template's header): each cell is read in its own column.  fastexcel leaves such a leading
blank column out of a load whose header row is the export's, which moved every column one to the left:
the call id was read from the rep's column, the call date from the criterion's."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core.checks import Code
from tests.wbkit import assert_same_results, refreshed_both_ways, team_book, type_log_rows

ACK = "Acknowledges the concern"
HEAD = ["conversation_external_id", "reviewee", "reviewer", "conversationCreatedAt", "category_name", "score"]


@pytest.mark.parametrize("first_column", [2, 3])
def test_an_export_pasted_from_column_b_under_the_template_header_is_read_in_its_columns(
        tmp_path, monkeypatch, first_column):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("ACK", ACK)], [("Dana Cruz", "dcruz@acme.test")])
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Dana Cruz", "Session date": dt.datetime(2026, 3, 10),
                        "Targeted criterion": ACK, "Calls to review": 3}])
    ws = wb["Scores"]
    rows = [HEAD]
    # three calls before the session (60, 0, 90) and four after it (80, 70, 100, 40)
    for i, (day, score) in enumerate([(2, 60), (3, 0), (4, 90), (11, 80), (12, 70), (13, 100), (14, 40)]):
        rows.append([f"D-{i}", "dcruz@acme.test", "qa3", dt.datetime(2026, 3, day, 9), ACK, score])
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=first_column):
            ws.cell(r, c, value)
    wb.save(path)
    fast, slow = refreshed_both_ways(path, monkeypatch, dt.date(2026, 3, 20))
    assert_same_results(fast, slow)
    row = fast.followup.iloc[0]
    # baseline: 60, 0 and 90, mean 50; follow-up: the first three after the 10th, 80, 70 and 100
    assert (row["baseline_n"], row["baseline_mean"]) == (3, pytest.approx(50.0))
    assert (row["followup_n"], row["followup_mean"]) == (3, pytest.approx(250 / 3))
    codes = set(fast.checks["code"])
    assert not codes & {Code.UNREADABLE_DATE.value, Code.UNREADABLE_SCORE.value, Code.SAME_HEADER.value}
