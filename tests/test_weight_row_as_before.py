"""A row of weights under a hand-made scorecard's wide header is skipped with a note and its numbers are not read as
each criterion's points possible: a weighting (100 / 50 / 50 over 0-100 scores) or a weekly paste without its
weight row would otherwise put every score out of proportion; and a rep named Max is a call's row, not a weight row."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

ACK, VERIFY, RES = "Acknowledges the concern", "Verifies identity", "Resolution"
CRITERIA = [{"criterion_id": c, "name": n, "scoring": "percent 0-100"}
            for c, n in (("ACK", ACK), ("VER", VERIFY), ("RES", RES))]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}, {"rep": "Max"}]


def _read(head: list, rows: list, name: str = "x.csv"):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows(name, head, rows))
    return pv, sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"].round(4)))


def test_a_weighting_row_over_percent_scores_leaves_the_scores_as_written():
    # Weight 100 / 50 / 50 is a weighting of 0-100 scores: 40 in Verifies identity is 40, not 40 of 50 = 80
    pv, got = _read(["Date", "Agent", "Call ID", ACK, VERIFY, RES], [
        ["Weight", None, None, 100, 50, 50],
        ["2026-09-04", "Dana Cruz", "C-1", 80, 40, 50],
        ["2026-09-05", "Dana Cruz", "C-2", 100, 20, 40]])
    assert got == [("C-1", ACK, 80.0), ("C-1", RES, 50.0), ("C-1", VERIFY, 40.0),
                   ("C-2", ACK, 100.0), ("C-2", RES, 40.0), ("C-2", VERIFY, 20.0)]
    notes = " ".join(pv.checks["problem"])
    # Verifies identity scores 40 and 20, never its 50: the row is not read as points possible, said as a warning
    assert "so the row was skipped and the scores below it are read on their own scale" in notes
    assert "Verifies identity never scores 50" in notes


def test_a_rep_named_max_on_the_first_row_is_a_call():
    # the first row is Max's call C-0 (100, 90, 100), not a row of maxima: C-1's 60 is 60, not 60 of 90
    pv, got = _read(["Agent", "Date", "Call ID", ACK, VERIFY, RES], [
        ["Max", "2026-09-03", "C-0", 100, 90, 100],
        ["Dana Cruz", "2026-09-04", "C-1", 80, 60, 100]])
    assert got == [("C-0", ACK, 100.0), ("C-0", RES, 100.0), ("C-0", VERIFY, 90.0),
                   ("C-1", ACK, 80.0), ("C-1", RES, 100.0), ("C-1", VERIFY, 60.0)]


def test_a_weekly_paste_without_its_weight_row_reads_without_errors():
    # week 2 pasted under its header without the Weight row: its scores read, no "maximum ... blank" error
    head = ["Date", "Agent", "Call ID", ACK, VERIFY, RES]
    pv, got = _read(head, [
        ["Weight", None, None, 100, 50, 50],
        ["2026-09-07", "Dana Cruz", "C-1", 80, 40, 50],
        [None] * 6,
        head,
        ["2026-09-14", "Dana Cruz", "C-4", 60, 20, 30]], "Scores")
    assert Code.UNREADABLE_SCORE.value not in set(pv.checks["code"])
    assert ("C-4", VERIFY, 20.0) in got and ("C-1", VERIFY, 40.0) in got
