"""A pass and a fail written as a graded scale's words (Met / Not met, Meets / Does not meet, Achieved / Not
achieved) are 100 and 0 beside numbers in another paste, as Pass / Fail are; graded words are judged only on the rows
a refresh counts: none dated after its as-of date, no number with a reason in Exclude."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from tests.import_kit import checks_of, session_book
from tests.wbkit import records, run

HEAD = "Agent,Call ID,Date of call,Criterion,Score\n"
# the session (Ann Lee, Greeting) is on 2026-03-10: ten calls in February before it, ten from 2026-03-11 after it
BEFORE = ["Met"] * 8 + ["Not met"] * 2  # 8 x 100 + 2 x 0 = 800 / 10 = 80
AFTER = ["Met"] * 9 + ["Not met"]  # 9 x 100 + 0 = 900 / 10 = 90


def _paste(prefix: str, month: int, first_day: int, scores: list) -> str:
    return HEAD + "".join(f"Ann Lee,{prefix}{i},{month}/{first_day + i}/2026,Greeting,{s}\n"
                          for i, s in enumerate(scores))


def _imported(tmp_path, book, *pastes: tuple[str, str]) -> None:
    for name, text in pastes:
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = run("import", book, tmp_path / name)
        assert done.exit_code == 0, done.output


def _refreshed(book, as_of: str) -> tuple[dict, dict]:
    assert run("refresh", book, "--as-of", as_of).exit_code == 0
    return records(book, "Baseline")[0], records(book, "Follow-up")[0]


def _words(pair=("Met", "Not met")) -> str:
    swap = {"Met": pair[0], "Not met": pair[1]}
    after = _paste("F", 3, 11, [swap[w] for w in AFTER])
    return _paste("W", 2, 1, [swap[w] for w in BEFORE]) + after.removeprefix(HEAD)


@pytest.mark.parametrize("pair", [("Met", "Not met"), ("Meets", "Does not meet"), ("Achieved", "Not achieved")])
def test_a_pass_fail_pair_beside_a_later_paste_of_percents_is_100_and_0(tmp_path, pair):
    book = session_book(tmp_path)
    _imported(tmp_path, book, ("words.csv", _words(pair)), ("may.csv", _paste("P", 5, 1, ["70%"] * 5)))
    base, follow = _refreshed(book, "2026-06-01")
    assert checks_of(book, Code.UNREADABLE_SCORE) == []
    # baseline 800 / 10 = 80, follow-up 900 / 10 = 90 (May's percents are after the 30 days), delta 90 - 80 = +10
    assert (base["Baseline n"], base["Baseline mean"]) == (10, pytest.approx(80.0))
    assert (follow["Follow-up n"], follow["Follow-up mean"], follow["Delta"]) == (10, pytest.approx(90.0),
                                                                                  pytest.approx(10.0))
    assert follow["Suggested decision"] == "close"


def test_a_pass_fail_pair_after_a_paste_of_percents_is_100_and_0(tmp_path):
    book = session_book(tmp_path)
    # January's percents (ten of 50) are before the baseline's last ten calls, which are February's words
    _imported(tmp_path, book, ("jan.csv", _paste("J", 1, 1, ["50%"] * 10)), ("words.csv", _words()))
    base, follow = _refreshed(book, "2026-06-01")
    assert checks_of(book, Code.UNREADABLE_SCORE) == []
    # the last ten before 2026-03-10 are February's: 800 / 10 = 80; follow-up 900 / 10 = 90
    assert (base["Baseline n"], base["Baseline mean"]) == (10, pytest.approx(80.0))
    assert (follow["Follow-up mean"], follow["Delta"]) == (pytest.approx(90.0), pytest.approx(10.0))


def test_a_refresh_before_the_later_paste_and_its_replay_agree(tmp_path):
    book = session_book(tmp_path)
    _imported(tmp_path, book, ("words.csv", _words()))
    april = _refreshed(book, "2026-04-30")
    _imported(tmp_path, book, ("may.csv", _paste("P", 5, 1, ["70%"] * 5)))
    # replayed as of 2026-04-30, the May percents are ignored: the same cells as the April refresh (80, 90, +10)
    assert _refreshed(book, "2026-04-30") == april
    assert (april[1]["Follow-up mean"], april[1]["Delta"]) == (pytest.approx(90.0), pytest.approx(10.0))


def test_exceeds_in_an_export_dated_after_the_as_of_date_holds_no_word_in_its_replay(tmp_path):
    book = session_book(tmp_path)
    _imported(tmp_path, book, ("words.csv", _words(("Meets", "Does not meet"))),
              ("may.csv", _paste("X", 5, 1, ["Exceeds"] * 5)))
    # as of 2026-04-30 May's Exceeds are ignored: Meets / Does not meet are 100 / 0, baseline 80 (as above)
    base, _ = _refreshed(book, "2026-04-30")
    assert checks_of(book, Code.UNREADABLE_SCORE) == []
    assert (base["Recomputed n"], base["Recomputed mean"]) == (10, pytest.approx(80.0))


def test_a_number_with_a_reason_in_exclude_holds_no_word_beside_it(tmp_path):
    book = session_book(tmp_path)
    # one paste: ten Meets before the session and a stray 80 typed in, Excluded (it is no score of the column)
    text = HEAD.replace("Score\n", "Score,Exclude\n") + "".join(
        f"Ann Lee,W{i},2/{1 + i}/2026,Greeting,Meets,\n" for i in range(10)) + \
        "Ann Lee,S1,2/20/2026,Greeting,80,typed by mistake\n"
    _imported(tmp_path, book, ("words.csv", text))
    base, _ = _refreshed(book, "2026-06-01")
    assert checks_of(book, Code.UNREADABLE_SCORE) == []
    # the 80 is left out: the ten Meets (rows 2-11) are 100 each, 1000 / 10 = 100
    assert (base["Baseline n"], base["Baseline mean"]) == (10, pytest.approx(100.0))


def test_meets_alone_beside_a_number_in_its_own_paste_names_the_pair_example_and_whole_cells(tmp_path):
    book = session_book(tmp_path)
    text = _paste("W", 2, 1, ["Met"] * 5 + [80])
    (tmp_path / "words.csv").write_text(text, encoding="utf-8")
    assert run("import", book, tmp_path / "words.csv").exit_code == 1
    _refreshed(book, "2026-06-01")
    # Met alone (no Not met) beside 80 in its own column: it may be the middle of a scale typed as numbers, so the
    # five (rows 2-6) are held; the fix gives Met's points as a pass (1/1), not 2/3, and whole-cell Find & Replace
    bad = checks_of(book, Code.UNREADABLE_SCORE)
    assert [c["Row"] for c in bad] == [2]
    assert "Met 1/1, Not met 0/1" in bad[0]["How to fix"]
    assert "Match entire cell contents" in bad[0]["How to fix"]


def test_the_fix_for_exceeds_met_not_met_keeps_three_levels_and_replaces_not_met_before_met(tmp_path):
    book = session_book(tmp_path)
    (tmp_path / "words.csv").write_text(_paste("W", 2, 1, ["Exceeds", "Met", "Not met", "Met"]), encoding="utf-8")
    assert run("import", book, tmp_path / "words.csv").exit_code == 1
    _refreshed(book, "2026-06-01")
    # three levels: the example stays 3/3, 2/3, 1/3; replacing Met first (part of a cell) would turn "Not met" into
    # "Not 2/3", so the longer word comes first
    fix = checks_of(book, Code.UNREADABLE_SCORE)[0]["How to fix"]
    assert "Exceeds 3/3, Meets 2/3, Below 1/3" in fix
    assert "Match entire cell contents" in fix
    assert "Not met, then Met" in fix
