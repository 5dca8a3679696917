"""A wide export's N/A flag column beside a criterion's (``Acknowledges N/A``, ``Acknowledges - Is NA``): a
flagged cell is not scored, never a 0 (domain.md: N/A is "not scored"), and the flag column is no criterion
of its own; an unflagged 0 stays a real 0."""

from __future__ import annotations

import pytest

from tests.import_kit import session_book
from tests.wbkit import records, run

CRIT = "Acknowledges"


@pytest.mark.parametrize("flag_header", ["Acknowledges N/A", "Acknowledges - Is NA", "Acknowledges (not applicable)"])
def test_a_cell_flagged_not_applicable_is_not_scored_and_a_real_zero_counts(tmp_path, flag_header):
    book = session_book(tmp_path, CRIT, [("ACK", CRIT)])
    export = tmp_path / "wide.csv"
    export.write_text(f"qa_id,agent_id,call_start_time,{CRIT},{flag_header}\n"
                      "Q1,Ann Lee,2026-03-01 10:00,80,FALSE\n"
                      "Q2,Ann Lee,2026-03-02 10:00,0,TRUE\n"  # not applicable: not scored
                      "Q3,Ann Lee,2026-03-03 10:00,60,\n"
                      "Q4,Ann Lee,2026-03-04 10:00,0,FALSE\n", encoding="utf-8")  # a real 0
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert "3 scores of 3 calls on 1 criterion for 1 rep." in imported.output
    assert "not on the Criteria sheet" not in imported.output
    assert "1 score is N/A or blank (row 3)" in imported.output
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    base = records(book, "Baseline")[0]
    # Q1, Q3, Q4: (80 + 60 + 0) / 3
    assert (base["Baseline n"], base["Calls"]) == (3, "Q1, Q3, Q4")
    assert base["Baseline mean"] == pytest.approx(140 / 3)
