"""A Playvox-like long export: ``Score`` the evaluation's overall percent, repeated on each of its questions' rows,
``Points`` and ``Max Points`` the question's.  Read as each criterion's score it gives every criterion the call's
overall percent, and a baseline recorded from it is wrong for good: it is an error (``score-per-call``) naming the
column read and the one varying within a call, the import says it, and no baseline is recorded while it stands.
Expected values worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from tests.wbkit import records, run, team_book, type_log_rows

HEAD = ["Evaluation ID", "Interaction ID", "Agent", "Interaction Date", "Score", "Question", "Points", "Max Points"]
# call: (Empathy points of 10, Greeting points of 5) -> overall (E + G) / 15
CALLS = [(8, 4),   # 12 / 15 = 80 %
         (4, 5),   # 9 / 15 = 60 %
         (2, 4),   # 6 / 15 = 40 %
         (10, 2),  # 12 / 15 = 80 %
         (6, 3),   # 9 / 15 = 60 %
         (4, 2)]   # 6 / 15 = 40 %
OVERALL = ["80%", "60%", "40%", "80%", "60%", "40%"]


def _rows():
    out = []
    for i, ((emp, greet), overall) in enumerate(zip(CALLS, OVERALL), start=1):
        for question, points, top in (("Empathy", emp, 10), ("Greeting", greet, 5)):
            out.append([f"EV-{i}", f"I{i}", "Dana Cruz", f"03/0{i}/2026 10:00 AM", overall, question, points, top])
    return out


def _inputs(header_map=None):
    return RawInputs.from_records(criteria=[{"criterion_id": "EMP", "name": "Empathy"},
                                            {"criterion_id": "GRT", "name": "Greeting"}],
                                  reps=[{"rep": "Dana Cruz"}], header_map=header_map)


def _points_first():
    """The HeaderMap with a line Field score, Export header Points, above the line naming Score."""
    hmap = {f: list(h) for f, h in schema.DEFAULT_HEADER_MAP.items()}
    hmap["score"] = ["Points", *hmap["score"]]
    return hmap


def test_an_overall_score_repeated_on_each_questions_row_is_an_error_naming_the_column_that_varies():
    pv = preview(_inputs(), RawTable.from_rows("playvox.csv", HEAD, _rows()))
    said = pv.checks[pv.checks["code"] == Code.SCORE_PER_CALL.value]
    # all six calls are scored on two criteria, each with one value on both rows (80, 60, 40: none 0 or 100)
    assert list(zip(said["severity"], said["sheet"], said["field"], said["value"])) == [
        ("error", "playvox.csv", "Score", "Score")]
    assert "6 calls" in said["problem"].iloc[0] and "Points varies within a call" in said["problem"].iloc[0]
    assert "Field score, Export header Points, above the line naming Score" in said["fix"].iloc[0]


def test_the_questions_points_named_above_score_in_the_headermap_are_read_without_the_error():
    pv = preview(_inputs(_points_first()), RawTable.from_rows("playvox.csv", HEAD, _rows()))
    assert Code.SCORE_PER_CALL.value not in set(pv.checks["code"])
    emp = pv.calls[pv.calls["criterion"] == "Empathy"].sort_values("call_id")
    # Points / Max Points: 8/10, 4/10, 2/10, 10/10, 6/10, 4/10
    assert list(emp["score"]) == [80.0, 40.0, 20.0, 100.0, 60.0, 40.0]


def test_a_pass_fail_export_whose_calls_mostly_pass_every_item_is_not_this():
    head = ["Call ID", "Agent", "Call date", "Question", "Score"]
    # six calls on two items: five pass both (one value, 100: not counted), one passes one and fails the other
    rows = [[f"K{i}", "Dana Cruz", f"2026-03-0{i} 10:00", q, "Yes" if i < 6 or q == "Empathy" else "No"]
            for i in range(1, 7) for q in ("Empathy", "Greeting")]
    pv = preview(_inputs(), RawTable.from_rows("passfail.csv", head, rows))
    assert Code.SCORE_PER_CALL.value not in set(pv.checks["code"])


def _book(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "playvox.csv"
    wb = team_book(book, [("EMP", "Empathy"), ("GRT", "Greeting")], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Targeted criterion": "Empathy"}])
    wb.save(book)
    with open(export, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEAD, *_rows()])
    return book, export


def test_the_import_says_the_error_and_no_baseline_is_recorded_until_the_headermap_names_points(tmp_path):
    book, export = _book(tmp_path)
    imported = run("import", book, export)
    assert imported.exit_code == 1  # rows added that hold an error
    assert "error: playvox.csv: Score is one value on every criterion's row" in imported.output
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    row, checks = records(book, "Follow-up")[0], records(book, "Checks")
    codes = [(r["Severity"], r["Sheet"], r["Code"]) for r in checks]
    assert ("error", "Scores playvox", Code.SCORE_PER_CALL.value) in codes
    assert ("warning", "Scores playvox", Code.BASELINE_HELD.value) in codes
    assert records(book, "Log")[0]["Baseline recorded on"] is None  # held, not recorded
    # the fix: a line Field score, Export header Points, above the line naming Score
    wb = load_workbook(book)
    ws = wb["Settings"]
    head = [c.value for c in ws[1]]
    field, header = head.index("Field") + 1, head.index("Export header") + 1
    at = next(r for r in range(2, ws.max_row + 1)
              if ws.cell(r, field).value == "score" and ws.cell(r, header).value == "Score")
    ws.cell(at, header).value = "Points"  # (Score moved to the table's end: below it)
    last = next(r for r in range(2, ws.max_row + 2) if ws.cell(r, field).value is None)
    ws.cell(last, field).value, ws.cell(last, header).value = "score", "Score"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    row = records(book, "Follow-up")[0]
    # Empathy, calls 1-6 before the session: (80 + 40 + 20 + 100 + 60 + 40) / 6 = 340 / 6 = 56.7
    # (read from Score: (80 + 60 + 40 + 80 + 60 + 40) / 6 = 60)
    assert (row["Baseline n"], round(row["Baseline mean"], 1)) == (6, 56.7)
    assert Code.SCORE_PER_CALL.value not in [r["Code"] for r in records(book, "Checks")]
    assert records(book, "Log")[0]["Baseline recorded on"] is not None


def _codes(head, rows, sheet="export.csv"):
    pv = preview(_inputs(), RawTable.from_rows(sheet, head, rows))
    return pv.checks[pv.checks["code"].isin([Code.SCORE_PER_CALL.value, Code.SCORE_ALIKE.value])]


def test_a_call_scored_on_one_criterion_by_two_evaluators_is_not_counted():
    head = ["Call ID", "Agent", "Call date", "Criterion", "Score", "Evaluator"]
    # ten calls, each on one criterion, both evaluators agreeing: 20 rows, yet no call scored on two criteria
    rows = [[f"K{i}", "Dana Cruz", f"2026-03-{i:02} 10:00", ("Empathy", "Greeting")[i % 2], 40 + 20 * (i % 3), who]
            for i in range(1, 11) for who in ("Kim Park", "Tom Hart")]
    assert _codes(head, rows).empty


def test_a_call_scored_on_one_criterion_pasted_twice_is_not_counted():
    head = ["Call ID", "Agent", "Call date", "Criterion", "Score"]
    # ten calls on one criterion each, the week pasted twice: each call's two rows are one criterion's duplicate
    rows = [[f"K{i}", "Dana Cruz", f"2026-03-{i:02} 10:00", ("Empathy", "Greeting")[i % 2], 40 + 20 * (i % 3)]
            for i in range(1, 11)]
    assert _codes(head, rows + rows).empty


def _evaluated_again(rows, evaluator):
    """Calls I1 and I2 evaluated again, the overall score 5 points lower (80 -> 75 %, 60 -> 55 %)."""
    again = [[r[0] + "-cal", r[1], r[2], r[3], f"{int(r[4][:-1]) - 5}%", *r[5:]] for r in rows if r[1] in ("I1", "I2")]
    head = [*HEAD[:4], "Evaluator", *HEAD[4:]] if evaluator else HEAD
    if evaluator:
        rows = [[*r[:4], "Kim Park", *r[4:]] for r in rows]
        again = [[*r[:4], "Lee Park", *r[4:]] for r in again]
    return head, rows + again


def test_calls_evaluated_twice_are_two_evaluations_each_one_value():
    for evaluator in (True, False):
        head, rows = _evaluated_again(_rows(), evaluator)
        said = _codes(head, rows, "playvox.csv")
        # eight evaluations (six calls, two of them twice), each one value on both its criteria: 8 of 8; by call
        # alone I1 (80, 75) and I2 (60, 55) vary, 4 of 6 = 67 % < 90 %
        assert list(said["code"]) == [Code.SCORE_PER_CALL.value]
        noun = "evaluations (a call and its evaluator)" if evaluator else "evaluations (a call scored twice is two)"
        assert f"8 of the 8 {noun}" in said["problem"].iloc[0]


def test_a_points_export_at_full_marks_by_its_maximum_column_is_not_this():
    head = ["Call ID", "Agent", "Call date", "Criterion", "Score", "Max score"]
    # ten calls on two questions of 0-3 points: eight at full marks (3, 3: the row's maximum, left out), two at
    # (2, 2): two calls counted, fewer than five (the top taken as 5 counted all ten, 10 of 10 one value)
    rows = [[f"K{i}", "Dana Cruz", f"2026-03-{i:02} 10:00", q, 2 if i in (3, 7) else 3, 3]
            for i in range(1, 11) for q in ("Empathy", "Greeting")]
    assert _codes(head, rows).empty


def _halo():
    """Ten calls rated 1-5 on two criteria: nine rated alike (2, 3 or 4: 2, 3, 4, 2, 3, 4, 2, 3, 4), one (5, 4)."""
    return [[f"K{i}", "Dana Cruz", f"2026-03-{i:02} 10:00", q, (5 if q == "Empathy" else 4) if i == 10 else 2 + i % 3]
            for i in range(1, 11) for q in ("Empathy", "Greeting")]


def test_ratings_alike_on_every_criterion_with_no_other_column_is_a_warning_that_holds_nothing():
    head = ["Call ID", "Agent", "Call date", "Criterion", "Score"]
    said = _codes(head, _halo())
    # 9 of the 10 calls one value (none 0 or 5, the largest): 90 %, but no other column says which is the score
    assert list(zip(said["code"], said["severity"])) == [(Code.SCORE_ALIKE.value, "warning")]
    assert "9 of the 10 calls" in said["problem"].iloc[0] and "Check that Score is" in said["fix"].iloc[0]
    pv = preview(_inputs(), RawTable.from_rows("export.csv", head, _halo()))
    assert Code.BASELINE_HELD.value not in set(pv.checks["code"])


def test_a_question_number_beside_ratings_alike_is_no_score_and_leaves_the_warning():
    # the halo ratings with each question's number (101 Empathy, 102 Greeting): it varies within every call but
    # is the same for a criterion on every call, a question's id, not its score: still the warning, nothing held
    head = ["Call ID", "Agent", "Call date", "Criterion", "Score", "Question ID"]
    rows = [[*r, 101 if r[3] == "Empathy" else 102] for r in _halo()]
    said = _codes(head, rows)
    assert list(zip(said["code"], said["severity"])) == [(Code.SCORE_ALIKE.value, "warning")]


def test_the_message_says_how_many_calls_at_0_or_the_top_were_left_out():
    # the six calls of _rows and two more at 0 % on both questions (Points 0): 6 of the 6 calls counted, the two at
    # 0 left out (the top: the row's Max Points)
    zero = [[f"EV-{i}", f"I{i}", "Dana Cruz", f"03/0{i}/2026 10:00 AM", "0%", q, 0, top]
            for i in (7, 8) for q, top in (("Empathy", 10), ("Greeting", 5))]
    problem = _codes(HEAD, _rows() + zero, "playvox.csv")["problem"].iloc[0]
    assert "6 of the 6 calls scored on two or more criteria (2 calls left out: their one value is 0 or the top, " \
        "its row's maximum)" in problem


def test_a_long_paste_whose_export_changes_below_its_first_rows_is_sampled_across_all_of_them(monkeypatch):
    # (the sample made small for the test: 300 rows) 100 calls of each question's own points first (600 rows:
    # under half alike), then 1,000 calls of the overall percent on each row: 1,000 of the 1,100 calls, 91 %, are
    # one value, so it is said; a look at the first rows alone saw only the own points
    from coachlog_xl.core import overallscore

    monkeypatch.setattr(overallscore, "SAMPLED_ROWS", 300)
    head = ["Evaluation ID", "Interaction ID", "Agent", "Interaction Date", "Score", "Question", "Points", "Max Points"]
    rows = []
    for i in range(1_100):
        points = [(i + k) % 5 for k in range(6)]  # 0-4 of 4 each, differing within the call
        overall = f"{100 * sum(points) / 24:.1f}%"
        for k, p in enumerate(points):
            rows.append([f"EV-{i}", f"I{i}", "Dana Cruz", "03/02/2026 10:00 AM", p if i < 100 else overall,
                         f"Q{k}", p, 4])
    said = _codes(head, rows)
    assert list(said["code"]) == [Code.SCORE_PER_CALL.value]
    assert "1000 of the 1100 calls" in said["problem"].iloc[0]


def test_a_long_paste_past_the_first_rows_looked_at_is_judged_the_same():
    # 12,000 calls x 6 questions (72,000 rows, past the 60,000 from which the first 20,000 are looked at first):
    # the overall percent on each question's row is said; each question's own points are not
    head = ["Evaluation ID", "Interaction ID", "Agent", "Interaction Date", "Score", "Question", "Points", "Max Points"]
    questions = ["Empathy", "Greeting", "Q3", "Q4", "Q5", "Q6"]
    rows, own = [], []
    for i in range(12_000):
        points = [(i + k) % 5 for k in range(6)]  # 0-4 of 4 each, differing within the call
        overall = f"{100 * sum(points) / 24:.1f}%"
        for q, p in zip(questions, points):
            rows.append([f"EV-{i}", f"I{i}", "Dana Cruz", "03/02/2026 10:00 AM", overall, q, p, 4])
            own.append([f"EV-{i}", f"I{i}", "Dana Cruz", "03/02/2026 10:00 AM", p, q, p, 4])
    said = preview(_inputs(), RawTable.from_rows("big.csv", head, rows)).checks
    assert list(said.loc[said["code"] == Code.SCORE_PER_CALL.value, "value"]) == ["Score"]
    said = preview(_inputs(), RawTable.from_rows("own.csv", head, own)).checks
    assert not {Code.SCORE_PER_CALL.value, Code.SCORE_ALIKE.value} & set(said["code"])


def test_yes_no_items_every_call_passes_leave_points_the_likely_score():
    # 40 calls x 6 questions: four yes/no items every call passes (1 of 1), two rated 1-3 of 4; Score the overall
    # percent on every row, (4 + a + b) / 12: one value per call, differing between calls: the error, naming Points,
    # though Points is one value for four of the six criteria
    head = ["Evaluation ID", "Interaction ID", "Agent", "Interaction Date", "Score", "Question", "Points", "Max Points"]
    rows = []
    for i in range(40):
        a, b = 1 + i % 3, 1 + (i // 3) % 3
        overall = f"{100 * (4 + a + b) / 12:.1f}%"
        for q, p, top in (("Y1", 1, 1), ("Y2", 1, 1), ("Y3", 1, 1), ("Y4", 1, 1), ("R1", a, 4), ("R2", b, 4)):
            rows.append([f"EV-{i}", f"I{i}", "Dana Cruz", "03/02/2026 10:00 AM", overall, q, p, top])
    said = _codes(head, rows)
    assert list(zip(said["code"], said["severity"])) == [(Code.SCORE_PER_CALL.value, "error")]
    assert "Points varies within a call" in said["problem"].iloc[0]


def test_a_question_id_of_two_form_versions_beside_ratings_alike_is_no_score():
    # the halo ratings, the questions numbered 101/102 on the first form and 201/202 on the second (calls 6-10): the
    # id varies for a criterion across calls, but is above any score (100): still the warning, nothing held
    head = ["Call ID", "Agent", "Call date", "Criterion", "Score", "Question ID"]
    rows = [[*r, (101 if r[3] == "Empathy" else 102) + (100 if int(r[0][1:]) > 5 else 0)] for r in _halo()]
    said = _codes(head, rows)
    assert list(zip(said["code"], said["severity"])) == [(Code.SCORE_ALIKE.value, "warning")]


def test_a_long_paste_in_step_with_the_sample_is_still_judged_on_its_calls(monkeypatch):
    # (the sample made small: 300 rows) 1,200 calls x 6 questions = 7,200 rows, every 24th call (the sample's step
    # were it every k-th call, k = 7,200 // 300) a full audit of each question's own points, the 23 between it the
    # overall percent on each row: 1,150 of the 1,200 calls one value, 96 %: said
    from coachlog_xl.core import overallscore

    monkeypatch.setattr(overallscore, "SAMPLED_ROWS", 300)
    head = ["Evaluation ID", "Interaction ID", "Agent", "Interaction Date", "Score", "Question", "Points", "Max Points"]
    rows = []
    for i in range(1_200):
        points = [(i + k) % 5 for k in range(6)]
        overall = f"{100 * sum(points) / 24:.1f}%"
        for k, p in enumerate(points):
            rows.append([f"EV-{i}", f"I{i}", "Dana Cruz", "03/02/2026 10:00 AM", p if i % 24 == 0 else overall,
                         f"Q{k}", p, 4])
    said = _codes(head, rows)
    assert list(said["code"]) == [Code.SCORE_PER_CALL.value]
    assert "1150 of the 1200 calls" in said["problem"].iloc[0]
