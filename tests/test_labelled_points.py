"""A scorecard answer written as its label and its points in brackets (``Good (4)``, ``Excellent (5)``,
``Yes (2)``) is read as those points over the maximum column beside it, else over the points its column's top answer
(``Yes``, ``Excellent``) carries; with neither it is unreadable, and a bracket after no answer label is no score."""

from __future__ import annotations

import pandas as pd
import pytest

from coachlog_xl.core import coerce, labelpoints
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

REPS = [{"rep": "Dana Cruz"}]
CRITERIA = [{"criterion_id": "GRT", "name": "Greeting"}, {"criterion_id": "EMP", "name": "Empathy"}]


@pytest.mark.parametrize("cell", ["Yes (2)", "Good (4)", "No (0)", "Excellent (5)"])
def test_a_labelled_answer_alone_gives_no_maximum_so_is_unreadable(cell):
    # its points are read only beside the column's maximum (a maximum column, or the top answer's points), never
    # alone on a guessed 1-5 or 1-10 rating
    with pytest.raises(coerce.Unreadable, match="points in brackets but not their maximum"):
        coerce.score(cell)


@pytest.mark.parametrize("cell", ["N/A (0)", "Not applicable (0)"])
def test_an_na_answer_with_points_is_not_scored(cell):
    assert coerce.score(cell) == (None, "not scored")  # an item that did not apply is no 0


@pytest.mark.parametrize("cell", ["Attempt (2)", "Renewal (2026)", "Penalty (-5)", "Ticket (12345)", "Step 2 (1)"])
def test_a_bracket_after_no_answer_label_is_no_score(cell):
    with pytest.raises(coerce.Unreadable, match="is not a number"):
        coerce.score(cell)


def _read(tmp_path, text: str, criteria=None):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return preview(RawInputs.from_records(criteria=criteria or CRITERIA, reps=REPS), read_export(path))


def _scores(pv, criterion: str) -> list:
    rows = pv.calls.loc[pv.calls["criterion"] == criterion]
    return sorted(zip(rows["call_id"], rows["score"]))


def test_a_long_exports_yes_with_points_is_read_over_the_top_answers_points(tmp_path):
    # a 2-point yes/no item, no maximum column: Yes (2) is 2 of 2 = 100 and No (0) 0 of 2 = 0 (a real 0, not "not
    # scored"), never 2 and 0 on a 1-5 rating (40 and not scored); the last ten calls (E11-E20) hold three No (E12,
    # E16, E20): a mean of 7 x 100 / 10 = 70
    pv = _read(tmp_path, "Call ID,Agent,Call Date,Criterion,Score\n" + "".join(
        f"E{i},Dana Cruz,2026-03-{i:02d} 14:05,Empathy,{'No (0)' if i % 4 == 0 else 'Yes (2)'}\n"
        for i in range(1, 21)))
    got = _scores(pv, "Empathy")
    assert len(got) == 20 and {s for _, s in got} == {0.0, 100.0}
    assert sum(s for c, s in got if int(c[1:]) > 10) / 10 == 70.0
    said = pv.checks.loc[pv.checks["code"] == "scale-converted", "problem"].tolist()
    assert len(said) == 1 and "points in brackets" in said[0] and "Yes (2) read as 2 of 2" in said[0]
    assert "unreadable-score" not in set(pv.checks["code"])


def test_labels_from_zero_take_the_top_answers_points_as_the_maximum(tmp_path):
    # Poor (0) .. Excellent (4): 4 is the maximum, so Poor (0) = 0, Good (2) = 50, Very good (3) = 75, Excellent 100
    answers = ["Poor (0)", "Good (2)", "Very good (3)", "Excellent (4)"]
    pv = _read(tmp_path, "Call ID,Agent,Call Date,Greeting,Empathy\n" + "".join(
        f"M{i},Dana Cruz,2026-03-0{i} 14:05,80%,{a}\n" for i, a in enumerate(answers, 1)))
    assert _scores(pv, "Empathy") == [("M1", 0.0), ("M2", 50.0), ("M3", 75.0), ("M4", 100.0)]


def test_labelled_answers_without_a_known_maximum_stay_unreadable(tmp_path):
    # no maximum column and no top answer (Yes, Excellent) among them: 4 of what is not known, so each row is an
    # unreadable score (holding its sessions), as before labels were read
    pv = _read(tmp_path, "Call ID,Agent,Call Date,Criterion,Score\n"
               "E1,Dana Cruz,2026-03-04 14:05,Greeting,Good (4)\n"
               "E2,Dana Cruz,2026-03-05 14:05,Greeting,Fair (3)\n")
    assert pv.calls.empty
    bad = pv.checks.loc[pv.checks["code"] == "unreadable-score", "problem"].tolist()
    assert len(bad) == 2 and all("not their maximum" in p for p in bad)


def test_an_answer_label_unknown_before_a_bracket_is_unreadable_in_an_export(tmp_path):
    # "Attempt (2)" is no answer label: not read as 2 (2 on 0-100), an unreadable score as any other text
    pv = _read(tmp_path, "Call ID,Agent,Call Date,Criterion,Score\n"
               "E1,Dana Cruz,2026-03-04 14:05,Greeting,80\n"
               "E2,Dana Cruz,2026-03-05 14:05,Greeting,Attempt (2)\n"
               "E3,Dana Cruz,2026-03-06 14:05,Greeting,90\n")
    assert _scores(pv, "Greeting") == [("E1", 80.0), ("E3", 90.0)]
    assert pv.checks.loc[pv.checks["code"] == "unreadable-score", "value"].tolist() == ["Attempt (2)"]


def test_a_wide_exports_labelled_answers_are_read_on_the_columns_scale(tmp_path):
    path = tmp_path / "five9.csv"
    answers = ["Very Poor (1)", "Good (4)", "Excellent (5)", "Fair (3)", "Good (4)"]
    path.write_text("Call ID,Agent,Call Date,Greeting,Empathy\n" + "".join(
        f"M{i},Dana Cruz,2026-03-0{i} 14:05,80%,{a}\n" for i, a in enumerate(answers, 1)), encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    empathy = sorted(zip(*[pv.calls.loc[pv.calls["criterion"] == "Empathy", c] for c in ("call_id", "score")]))
    # Excellent (5), the top answer, gives the maximum 5: 1 / 5 x 100 = 20, 4 / 5 x 100 = 80, 5 / 5 x 100 = 100, 3 -> 60
    assert empathy == [("M1", 20.0), ("M2", 80.0), ("M3", 100.0), ("M4", 60.0), ("M5", 80.0)]
    assert "kept but not used" not in " ".join(pv.checks["problem"])


def test_a_long_exports_labelled_answers_are_read_over_the_possible_points(tmp_path):
    path = tmp_path / "zoom.csv"
    path.write_text("Call ID,Agent,Call Date,Criterion,Score,Max Score\n"
                    "E1,Dana Cruz,2026-03-04 14:05,Greeting,Good (3),4\n"
                    "E1,Dana Cruz,2026-03-04 14:05,Empathy,Yes (2),2\n"
                    "E2,Dana Cruz,2026-03-05 14:05,Greeting,Poor (0),4\n"
                    "E2,Dana Cruz,2026-03-05 14:05,Empathy,N/A,2\n", encoding="utf-8")
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    # 3 of 4 = 75, 2 of 2 = 100, 0 of 4 = 0; the N/A is not counted
    assert sorted(zip(pv.calls["call_id"], pv.calls["criterion"], pv.calls["score"])) == [
        ("E1", "Empathy", 100.0), ("E1", "Greeting", 75.0), ("E2", "Greeting", 0.0)]
    assert "unreadable-score" not in set(pv.checks["code"])


_MAXED = "Call ID,Agent,Call Date,Criterion,Score,Max Score\n"


@pytest.mark.parametrize(("answers", "maximum", "top"), [
    (["Excellent (5)", "Good (4)", "Excellent (5)", "Fair (3)", "Excellent (5)", "Good (4)"], 10, "Excellent (5)"),
    (["Yes (2)", "No (0)", "Yes (2)", "Yes (2)", "Yes (2)", "Yes (2)"], 5, "Yes (2)")])
def test_a_top_answers_points_below_the_maximum_beside_it_are_unreadable(tmp_path, answers, maximum, top):
    # Excellent (5) is the most an answer earns, yet the maximum beside it is 10 (Yes (2) beside 5): read as points
    # of that maximum it would be 50 (40), a top answer below 100, and its criterion's other answers (Good (4) as
    # 40, No (0) as 0) on a scale the top answer contradicts; which is meant cannot be told, so all six rows are
    # unreadable scores (holding their sessions), each named with the top answer, its points and the maximum
    pv = _read(tmp_path, _MAXED + "".join(f"E{i},Dana Cruz,2026-03-0{i} 14:05,Greeting,{a},{maximum}\n"
                                          for i, a in enumerate(answers, 1)))
    assert pv.calls.empty
    bad = pv.checks.loc[pv.checks["code"] == "unreadable-score"]
    assert bad["row"].tolist() == [2, 3, 4, 5, 6, 7] and bad["value"].tolist() == answers
    points = top[-2]
    for answer, problem in zip(answers, bad["problem"]):
        assert f"{points} points are below the maximum {maximum}" in problem if answer == top else \
            f"top answer, {top!r}, gives {points} points, below that maximum" in problem and f"{maximum}" in problem
    assert "scale-converted" not in set(pv.checks["code"])


def test_a_top_answer_whose_points_are_the_maximum_beside_it_is_read_over_it(tmp_path):
    # the control: Excellent (5) beside a maximum of 5 is 5 / 5 x 100 = 100, Good (4) 80, Fair (3) 60
    answers = ["Excellent (5)", "Good (4)", "Excellent (5)", "Fair (3)", "Excellent (5)", "Good (4)"]
    pv = _read(tmp_path, _MAXED + "".join(f"E{i},Dana Cruz,2026-03-0{i} 14:05,Greeting,{a},5\n"
                                          for i, a in enumerate(answers, 1)))
    assert _scores(pv, "Greeting") == [("E1", 100.0), ("E2", 80.0), ("E3", 100.0), ("E4", 60.0), ("E5", 100.0),
                                       ("E6", 80.0)]
    assert "unreadable-score" not in set(pv.checks["code"])


def test_a_contradicted_criterion_leaves_another_criterion_of_the_paste_read(tmp_path):
    # Greeting's Yes (2) beside 5 contradicts it (unreadable); Empathy's Good (3) beside 4 is 3 / 4 x 100 = 75
    pv = _read(tmp_path, _MAXED + "E1,Dana Cruz,2026-03-04 14:05,Greeting,Yes (2),5\n"
               "E1,Dana Cruz,2026-03-04 14:05,Empathy,Good (3),4\n")
    assert _scores(pv, "Empathy") == [("E1", 75.0)] and _scores(pv, "Greeting") == []
    assert pv.checks.loc[pv.checks["code"] == "unreadable-score", "row"].tolist() == [2]


def test_labelled_answers_are_worked_out_per_distinct_criterion_not_per_cell(monkeypatch):
    # 600 cells over 2 criteria (Greeting, Empathy, each in two spellings that match as headers) hold 3 distinct
    # answers: the criterion names are matched once each (4 distinct names), never once per cell (600), and the
    # answers read as before: Good (4) beside Excellent (5) is 80, Excellent (5) 100, Fair (3) 60
    calls = []
    monkeypatch.setattr(labelpoints, "header_key", lambda text: calls.append(text) or "".join(text.lower().split()))
    answers = ["Good (4)", "Excellent (5)", "Fair (3)"]
    names = ["Greeting", "greeting", "Empathy", "EMPATHY"]
    raw = pd.DataFrame({"sheet": "Scores", "row": range(2, 602), "paste": 0,
                        "criterion": [names[i % 4] for i in range(600)],
                        "score": pd.Series([answers[i % 3] for i in range(600)], dtype=object)})
    got = labelpoints.with_points(raw, Issues())
    cells = got[0] if isinstance(got, tuple) else got
    assert cells.head(3).tolist() == ["4 of 5", "5 of 5", "3 of 5"]
    assert len(calls) <= len(names) + 1
