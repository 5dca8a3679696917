"""N/A as people and exports spell it: a backslash typed for the slash (``N\\A``), in brackets
(``(n/a)``, ``[N/A]``), a no-break space after it.  Each is not scored, never 0 and never an unreadable
score (an error that held the session's baseline back); a real 0 stays 0; ``NS``, which some
scorecards use for "not satisfactory", is not guessed to be N/A."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl import api
from coachlog_xl.core import coerce, scorewords
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.workbook.book import FileBook
from tests import reference
from tests.wbkit import assert_same_results, refreshed_both_ways, team_book, type_log_rows

CRITERIA = [{"criterion_id": "ACK", "name": "Acknowledges the concern"}]
REPS = [{"rep": "Dana Cruz"}]
SPELLINGS = ["N\\A", "n\\a", "(n/a)", "(N/A)", "[N/A]", "( n / a )", "n/a\u00a0", "N\\A\u00a0", "(n.a.)", "(-)"]


@pytest.mark.parametrize("raw", SPELLINGS)
def test_n_a_spelled_with_a_backslash_in_brackets_or_with_a_no_break_space_is_not_scored(raw):
    assert coerce.score(raw) == (None, "not scored")


@pytest.mark.parametrize(("raw", "value"), [("0", 0.0), (0, 0.0), ("'0", 0.0), ("(yes)", 100.0)])
def test_a_real_zero_stays_zero_and_a_word_in_brackets_is_the_word(raw, value):
    assert coerce.score(raw)[0] == value


@pytest.mark.parametrize("raw", ["NS", "N.S.", "n/s", "(5)"])
def test_ns_and_a_number_in_brackets_are_not_guessed(raw):
    # NS is "not scored" on some scorecards and "not satisfactory" on others: a fail is never dropped
    # on a guess; (5) may be an accounting -5
    with pytest.raises(coerce.Unreadable):
        coerce.score(raw)


def _preview(head, rows):
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("e.csv", head, rows))


def test_an_n_a_maximum_in_brackets_leaves_a_zero_beside_it_not_scored():
    head = ["Call ID", "Agent", "Call Date", "Criterion", "Score", "Max score"]
    pv = _preview(head, [["C1", "Dana Cruz", "2026-03-02 09:00", "Acknowledges the concern", 4, 5],
                         ["C2", "Dana Cruz", "2026-03-03 09:00", "Acknowledges the concern", 0, "(n/a)"],
                         ["C3", "Dana Cruz", "2026-03-04 09:00", "Acknowledges the concern", 0, "N\\A"]])
    assert pv.calls[["call_id", "score"]].values.tolist() == [["C1", 80.0]]  # 4 of 5; C2 and C3 not scored
    assert Code.UNREADABLE_SCORE.value not in set(pv.checks["code"])


@pytest.mark.parametrize("typed", ["(n/a)", "N\\A", "[no]"])
def test_an_exclude_cell_of_n_a_in_brackets_or_with_a_backslash_is_no_reason(typed):
    head = ["Call ID", "Agent", "Call Date", "Criterion", "Score", "Exclude"]
    pv = _preview(head, [["C1", "Dana Cruz", "2026-03-02 09:00", "Acknowledges the concern", 70, typed],
                         ["C2", "Dana Cruz", "2026-03-03 09:00", "Acknowledges the concern", 90, "misrouted call"]])
    assert pv.calls["call_id"].tolist() == ["C1"]


@pytest.mark.parametrize("typed", ["-]", "(-", "n/a)", "[none", "-'", "no'", "0'", "n/a'", "()", "[ ]", "(')"])
def test_an_exclude_cell_with_a_bracket_alone_an_apostrophe_after_it_or_brackets_around_nothing_is_a_reason(typed):
    # only the apostrophe in front (the one that keeps a cell text: '-) is no part of the word, and only a
    # pair of brackets around a word is taken off: "-]", "-'" and "()" are something typed, so the row is left out
    head = ["Call ID", "Agent", "Call Date", "Criterion", "Score", "Exclude"]
    pv = _preview(head, [["C1", "Dana Cruz", "2026-03-02 09:00", "Acknowledges the concern", 70, typed],
                         ["C2", "Dana Cruz", "2026-03-03 09:00", "Acknowledges the concern", 90, None]])
    assert pv.calls["call_id"].tolist() == ["C2"]


@pytest.mark.parametrize("raw", ["n/a)", "(n/a", "[-", "()", "[]", "( )"])
def test_a_score_with_a_bracket_alone_or_brackets_around_nothing_is_unreadable_not_n_a(raw):
    with pytest.raises(coerce.Unreadable):
        coerce.score(raw)


@pytest.mark.parametrize("mark", ["yes'", "1'", "x'"])
def test_an_n_a_flag_cell_with_an_apostrophe_after_its_word_marks_nothing(mark):
    # "yes'" is no yes, nor a no: the 0 beside it is neither not scored nor counted as a score; the cell is named
    head = ["Call ID", "Agent", "Call Date", "Criterion", "Score", "is_na"]
    pv = _preview(head, [["C1", "Dana Cruz", "2026-03-02 09:00", "Acknowledges the concern", 0, mark]])
    assert pv.calls.empty
    named = pv.checks[pv.checks["code"] == Code.UNREADABLE_NA_FLAG.value]
    assert (named["row"].tolist(), named["value"].tolist()) == ([2], [mark])


@pytest.mark.parametrize(("raw", "words"), [("'-", "-"), ("' N / A", "n/a"), ("-'", "-'"), ("n/a'", "n/a'"),
                                            ("(N\\A)", "n/a"), ("()", "()"), ("(')", "(')"), ("[ - ]", "-")])
def test_spelled_takes_off_the_apostrophe_in_front_and_brackets_around_a_word_only(raw, words):
    assert scorewords.spelled(raw) == words


def test_a_pasted_column_of_scores_and_n_a_spellings_gives_the_windows_computed_by_hand(tmp_path, monkeypatch):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("ACK", "Acknowledges the concern")], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Dana Cruz", "Session date": dt.datetime(2026, 3, 10),
                        "Targeted criterion": "Acknowledges the concern", "Calls to review": 3}])
    ws = wb["Scores"]
    scores = [(2, 60), (3, 0), (4, 90), (5, "N\\A"), (6, "(n/a)"), (7, "n/a\u00a0"), (8, "[N/A]"),
              (11, 80), (12, "( n / a )"), (13, 70), (14, 100), (15, 40)]
    for i, (day, score) in enumerate(scores, start=2):
        for col, value in enumerate([f"C{i}", "Dana Cruz", dt.datetime(2026, 3, day, 9), "Acknowledges the concern",
                                     score], start=1):
            ws.cell(i, col, value)
    wb.save(path)
    assert FileBook(path).table("Scores") is not None  # numbers with text cells: read column-wise
    fast, slow = refreshed_both_ways(path, monkeypatch, dt.date(2026, 3, 20))
    assert_same_results(fast, slow)
    row = fast.followup.iloc[0]
    # baseline: the last 3 scored calls before the 10th are 60, 0 (a real zero) and 90: mean 50.0;
    # follow-up: the first 3 after it are 80, 70 and 100: mean 83.33...
    assert (row["baseline_n"], row["baseline_mean"]) == (3, pytest.approx(50.0))
    assert (row["followup_n"], row["followup_mean"]) == (3, pytest.approx(250 / 3))
    assert fast.log_updates.iloc[0][["baseline_mean", "baseline_n"]].tolist() == [pytest.approx(50.0), 3]
    assert Code.UNREADABLE_SCORE.value not in set(fast.checks["code"])
    not_scored = fast.checks[fast.checks["code"] == Code.NOT_SCORED.value]
    assert not_scored["problem"].str.contains("5 scores are N/A").any(), not_scored["problem"].tolist()


@pytest.mark.parametrize("header", ["N/A", "is_na", "not_applicable"])
def test_an_n_a_flag_column_marking_its_items_n_a_or_with_a_tick_leaves_their_zero_not_scored(header):
    # an N/A column that says N/A (or ticks the item) where the item was not applicable: its 0 is no score
    marks = ["N/A", "NA", "not applicable", "(n/a)", "\u2713", "\u2714", "TRUE", "yes", 1, True]
    rows = [[f"C{i}", "Dana Cruz", f"2026-03-{i + 1:02d} 09:00", "Acknowledges the concern", 0, mark]
            for i, mark in enumerate(marks)]
    # and the cells that say the item was scored: its score counts, a 0 as 0
    rows += [[f"D{i}", "Dana Cruz", f"2026-03-{i + 20:02d} 09:00", "Acknowledges the concern", 0, mark]
             for i, mark in enumerate(["", None, "No", "FALSE", "-", 0, False])]
    pv = _preview(["Call ID", "Agent", "Call Date", "Criterion", "Score", header], rows)
    assert sorted(pv.calls["call_id"]) == [f"D{i}" for i in range(7)]
    assert pv.calls["score"].tolist() == [0.0] * 7


def test_an_exclude_of_a_dash_and_an_apostrophe_leaves_its_call_out_of_the_baseline_as_the_reference_does(tmp_path):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("ACK", "Acknowledges the concern")], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Dana Cruz", "Session date": dt.datetime(2026, 3, 10),
                        "Targeted criterion": "Acknowledges the concern", "Calls to review": 2}])
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    for r, (cid, day, score, exclude) in enumerate([("C1", 2, 60, None), ("C2", 3, 0, "-'"), ("C3", 4, 90, None)], 2):
        for h, v in (("Call ID", cid), ("Rep", "Dana Cruz"), ("Call date", dt.datetime(2026, 3, day, 9)),
                     ("Criterion", "Acknowledges the concern"), ("Score", score), ("Exclude", exclude)):
            ws.cell(r, head.index(h) + 1, v)
    wb.save(path)
    result = api.compute_file(path, dt.date(2026, 3, 20), cache=False)
    # C2 is left out: the last 2 calls before the session are C1 and C3, (60 + 90) / 2 = 75.0
    assert result.followup.iloc[0][["baseline_n", "baseline_mean"]].tolist() == [2, pytest.approx(75.0)]
    expected, _ = reference.followup(path, dt.date(2026, 3, 20))
    assert (expected["S1"]["Baseline n"], expected["S1"]["Baseline mean"]) == (2, pytest.approx(75.0))
