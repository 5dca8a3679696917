"""Follow-up has a Decision column, the Log's copied, where a manager reading the suggestion beside it
types a decision that the next refresh rewrites (the sheet is the refresh's).  Its header note says where
the decision is recorded (README, "Manager": "Record your decision in the Log's Decision column")."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.wbkit import made_demo


def test_the_decision_header_on_follow_up_says_to_record_it_in_the_log(tmp_path):
    ws = load_workbook(made_demo(tmp_path))["Follow-up"]
    [decision] = [c for c in ws[1] if c.value == "Decision"]
    assert decision.comment is not None
    assert "record yours in the Decision column of the session's Log row" in decision.comment.text
    assert decision.comment.text.startswith("Written by Refresh: each refresh rewrites this sheet.")
