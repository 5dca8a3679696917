"""A ``Total Score`` column the HeaderMap reads as the maximum (``total_score``) that holds the evaluation's overall
score, repeated on each of its questions' rows (a Dialpad-like long export: ``Score`` a question's 1-5 rating): one
value on every row of a call, differing from call to call on the same question, or holding fractions beside whole
scores.  It is read as the evaluation's overall and not used, never as points possible (4 of 55 would be 7.3)."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

CRITERIA = [{"criterion_id": "G", "name": "Greeting"}, {"criterion_id": "E", "name": "Empathy"}]
REPS = [{"rep": "Dana Cruz"}]
HEAD = ["Call ID", "Agent", "Call Date", "Question", "Score", "Total Score", "Reviewer"]
# six calls, each rated 1-5 on Greeting and Empathy; Total Score is the evaluation's overall on its whole form (more
# questions than these two), the same on both rows of a call, six values from call to call
RATINGS = [("D1", 1, 5, 55), ("D2", 2, 4, 70), ("D3", 3, 3, 85), ("D4", 4, 2, 40), ("D5", 5, 1, 65), ("D6", 4, 2, 90)]


def _rows(ratings=RATINGS):
    return [[call, "Dana Cruz", f"2026-09-0{n + 1} 10:00", question, score, total, "Quinn Ada"]
            for n, (call, g, e, total) in enumerate(ratings) for question, score in (("Greeting", g), ("Empathy", e))]


def _preview(head=HEAD, rows=None, header_map=None):
    export = RawTable.from_rows("dialpad.csv", head, _rows() if rows is None else rows)
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS, header_map=header_map), export)


def _scores(pv, criterion):
    calls = pv.calls[pv.calls["criterion"] == criterion].sort_values("call_id")
    return calls["score"].round(3).tolist()


def test_a_total_score_one_value_per_call_is_the_evaluations_overall_not_each_questions_maximum():
    pv = _preview()
    # the ratings on 1-5, value / 5 x 100: Greeting 1, 2, 3, 4, 5, 4 -> 20, 40, 60, 80, 100, 80
    # (read over Total Score they were 1 of 55 = 1.818, 2 of 70 = 2.857...)
    assert _scores(pv, "Greeting") == [20.0, 40.0, 60.0, 80.0, 100.0, 80.0]
    # Empathy 5, 4, 3, 2, 1, 2 -> 100, 80, 60, 40, 20, 40
    assert _scores(pv, "Empathy") == [100.0, 80.0, 60.0, 40.0, 20.0, 40.0]
    assert "max_score" not in pv.mapped  # the column list says what is read: Total Score is not a maximum
    assert "Total Score" in pv.ignored
    notes = pv.checks[pv.checks["code"] == Code.LAYOUT_NOTE.value]
    said = notes[notes["value"] == "Total Score"]["problem"].tolist()
    assert len(said) == 1 and said[0].startswith(
        'dialpad.csv: "Total Score" is read as the evaluation\'s overall score, not as each question\'s maximum')


def test_a_total_score_holding_fractions_beside_whole_ratings_is_the_overall():
    # five calls, two totals only (too few to tell by calls), but 73.3 and 46.7 are no question's points possible
    ratings = [("D1", 4, 3, 73.3), ("D2", 2, 5, 46.7), ("D3", 5, 1, 73.3), ("D4", 3, 4, 46.7), ("D5", 1, 2, 73.3)]
    pv = _preview(rows=_rows(ratings))
    # Greeting 4, 2, 5, 3, 1 on 1-5 -> 80, 40, 100, 60, 20
    assert _scores(pv, "Greeting") == [80.0, 40.0, 100.0, 60.0, 20.0]
    assert "max_score" not in pv.mapped


def test_a_workbook_listing_total_score_first_reads_max_points_when_total_score_is_the_overall():
    earlier = {f: list(h) for f, h in schema.DEFAULT_HEADER_MAP.items()}
    earlier["max_score"] = ["Max score", "max_rubric_score", "total_score", "max_points", "possible_points"]
    head = [*HEAD, "Max Points"]
    # Greeting out of 5, Empathy out of 10 (its score doubled): points over Max Points
    rows = [[*r, 5 if r[3] == "Greeting" else 10] for r in _rows()]
    for r in rows:
        r[4] = r[4] * (2 if r[3] == "Empathy" else 1)
    pv = _preview(head, rows, earlier)
    # Greeting 1..5, 4 of 5 -> 20, 40, 60, 80, 100, 80; Empathy 10, 8, 6, 4, 2, 4 of 10 -> 100, 80, 60, 40, 20, 40
    assert _scores(pv, "Greeting") == [20.0, 40.0, 60.0, 80.0, 100.0, 80.0]
    assert _scores(pv, "Empathy") == [100.0, 80.0, 60.0, 40.0, 20.0, 40.0]
    assert pv.mapped["max_score"] == "Max Points"


def test_a_maximum_the_same_for_a_question_from_call_to_call_stays_the_maximum():
    # every question of the form out of 10, on each row: one value per call, but the same for a question on every
    # call, so points possible: Greeting 1..5, 4 of 10 -> 10, 20, 30, 40, 50, 40
    rows = [[*r[:5], 10, r[6]] for r in _rows()]
    pv = _preview(rows=rows)
    assert _scores(pv, "Greeting") == [10.0, 20.0, 30.0, 40.0, 50.0, 40.0]
    assert pv.mapped["max_score"] == "Total Score"


def test_a_wide_exports_total_score_is_not_listed_as_the_maximum():
    head = ["Ticket ID", "Agent", "Created at", "Greeting", "Empathy", "Total Score"]
    rows = [["T1", "Dana Cruz", "2026-09-04 09:17", 8, 2, 40.0], ["T2", "Dana Cruz", "2026-09-08 09:34", 2, 6, 20.0]]
    pv = _preview(head, rows)
    assert "max_score" not in pv.mapped  # a wide row's Total Score is no criterion's maximum, and is not read as one
