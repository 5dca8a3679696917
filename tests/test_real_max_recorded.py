"""End to end: a struggling rep's points out of 10 (obtainedScore + total_score), imported and refreshed: the
baseline recorded in the Log for good is the points over 10, on six calls and on a first import of two.  Session:
Ann Lee on Greeting, 2026-03-10 (tests.import_kit)."""
from __future__ import annotations

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records

HEAD = "interactionId,agentName,interactionDate,questionText,obtainedScore,total_score,evaluatorName\n"
CALLS = [("C1", 1, 2, 4), ("C2", 2, 3, 1), ("C3", 3, 4, 4), ("C4", 4, 1, 2), ("C5", 5, 3, 3), ("C6", 6, 2, 4)]


def _text(calls) -> str:
    """(call, day of March 2026, Greeting points, Resolution points) -> two rows a call, each out of 10."""
    return HEAD + "".join(f"{c},Ann Lee,2026-03-0{d} 10:00,{q},{p},10,Quinn Ada\n"
                          for c, d, g, r in calls for q, p in (("Greeting", g), ("Resolution", r)))


def test_points_of_10_under_half_record_their_own_baseline(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, _text(CALLS))
    log = records(book, "Log")[0]
    # Greeting 2, 3, 4, 1, 3, 2 of 10 = 20, 30, 40, 10, 30, 20: (20 + 30 + 40 + 10 + 30 + 20) / 6 = 25
    assert (log["Baseline n"], log["Baseline mean"]) == (6, 25.0), log["Baseline recorded on"]


def test_a_first_import_of_two_calls_under_half_is_not_held(tmp_path):
    book = session_book(tmp_path)
    # C1 2 + 4 = 6 and C2 3 + 1 = 4, neither the total 10: points possible a question, not an overall
    imported(tmp_path, book, _text(CALLS[:2]))
    assert checks_of(book, Code.MAXIMUM_UNSURE) == []
    log = records(book, "Log")[0]
    # Greeting 2 and 3 of 10 = 20 and 30: (20 + 30) / 2 = 25
    assert (log["Baseline n"], log["Baseline mean"]) == (2, 25.0)
