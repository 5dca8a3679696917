"""Aggregate's Verdict for a group whose only sessions left out wait on a Criteria row: a finished session whose Valid
is blank only because a version's Effective from cannot be read never becomes a valid comparison by waiting, so the
Verdict says "until the Criteria rows are fixed" (with a Log row to fix too: "the Log or Criteria rows"), not "yet";
and Why left out's header note names every reason, no targeted criterion among them."""

from __future__ import annotations

from coachlog_xl import schema
from tests.rules_kit import CRIT, D, calls, run, session

UNREADABLE = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": "last spring"}]
# 10 calls before the session on 2026-03-10 (from 2026-02-27) and 10 after (from 2026-03-11): complete by 2026-06-01
SCORES = calls([70] * 10, D(2026, 2, 27)) + calls([85] * 10, D(2026, 3, 11), prefix="F")


def _group(result, dimension: str, group: str) -> dict:
    a = result.aggregate
    return a[(a["dimension"] == dimension) & (a["group"] == group)].iloc[0].to_dict()


def test_a_complete_session_left_out_only_for_an_unreadable_effective_from_waits_for_the_criteria_row():
    res = run(SCORES, [session()], criteria=UNREADABLE)
    g = _group(res, "Coaching method", "role-play")
    assert (g["sessions"], g["valid"]) == (1, 0)
    assert g["left_out_why"] == "Effective from unreadable: 1"
    assert g["verdict"] == "no valid comparison until the Criteria rows are fixed"


def test_with_a_log_row_to_fix_too_the_verdict_names_both():
    # S-2's rep is on no Reps row (and has no call): its Log row is the fix; S-1 waits on the Criteria row
    log = [session(), session("S-2", rep="Cy Doe")]
    g = _group(run(SCORES, log, criteria=UNREADABLE), "Coaching method", "role-play")
    assert (g["sessions"], g["valid"]) == (2, 0)
    assert g["verdict"] == "no valid comparison until the Log or Criteria rows are fixed"


def test_an_open_session_with_an_unreadable_effective_from_still_says_yet():
    # on 2026-03-15 the follow-up window is still open: the session may yet complete, its Valid not known
    g = _group(run(SCORES, [session()], as_of=D(2026, 3, 15), criteria=UNREADABLE), "Coaching method", "role-play")
    assert g["left_out_why"] == "not complete: 1" and g["verdict"] == "no valid comparison yet"


def test_the_verdict_and_why_left_out_header_notes_say_so():
    notes = {c.key: c.help for c in schema.AGGREGATE.columns}
    why = notes["left_out_why"]
    assert "likely typed twice, no targeted criterion, a criterion or rep not on its sheet" in why
    assert "Effective from unreadable" in why
    assert "(the Criteria rows: a Criteria row's unreadable Effective from" in notes["verdict"]
    assert "the Log or Criteria rows: either" in notes["verdict"]

