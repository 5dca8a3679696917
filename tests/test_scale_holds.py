"""Scores read on a scale the tool only guesses hold the baselines they may enter (core/scaledoubt.py): a baseline is
recorded once (domain.md), so one recorded on a wrong scale would stay. Each export: Ann Lee on Greeting, ten calls
before the session (2026-03-10, date only) and ten after; the Log's grey cells are read after each refresh."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from coachlog_xl.core import scaledoubt
from coachlog_xl.core.baseline import Unplaced
from coachlog_xl.core.checks import Code
from coachlog_xl.core.frames import unplaced_rows
from tests.import_kit import checks_of, imported, session_book
from tests.wbkit import records, run

BEFORE = [dt.date(2026, 2, d) for d in range(10, 20)]
AFTER = [dt.date(2026, 3, d) for d in range(11, 21)]


def _export(before, after, header: str = "Score", days=None, ids: str = "c") -> str:
    days = days or BEFORE + AFTER
    lines = [f"Call ID,Agent,Call date,Criterion,{header}"]
    lines += [f"{ids}{i},Ann Lee,{day.isoformat()} 15:05,Greeting,{v}" for i, (day, v) in
              enumerate(zip(days, [*before, *after]))]
    return "\n".join(lines) + "\n"


def _grey(book) -> tuple:
    log = records(book, "Log")[0]
    return log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]


def _score_scale(book, scale: str) -> None:
    wb = load_workbook(book)
    settings = wb["Settings"]
    row = next(r for r in range(1, settings.max_row + 1) if settings.cell(row=r, column=1).value == "Score scale")
    settings.cell(row=row, column=2, value=scale)
    wb.save(book)


def _refreshed(book) -> dict:
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    return records(book, "Follow-up")[0]


def _held(book) -> str:
    """The problem of the one scale-holds-baseline row, once the session's baseline is seen to wait."""
    assert _grey(book) == (None, None, None)
    [held] = checks_of(book, Code.BASELINE_HELD)
    assert held["Row"] == 2 and "scale" in held["Problem"]
    [error] = checks_of(book, Code.SCALE_HOLDS)
    assert error["Severity"] == "error"
    return error["Problem"]


TEN_BEFORE = [4.2, 1.0, 6.1, 3.5, 1.6, 5.0, 7.3, 2.8, 4.4, 6.0]  # 41.9 / 10 = 4.19
TEN_AFTER = [7.8, 8.5, 9.1, 6.9, 8.0, 2.0, 8.8, 9.4, 7.5, 8.2]  # 76.2 / 10 = 7.62


@pytest.mark.parametrize("first", [1.0, 0.6])
def test_decimal_scores_of_0_10_wait_for_their_scale_and_are_recorded_on_the_one_told(tmp_path, first):
    # an AI QA tool's 0-10 scores with one decimal: before, read as points out of 100 and recorded at 4.19 for good
    book = session_book(tmp_path)
    imported(tmp_path, book, _export([4.2, first, *TEN_BEFORE[2:]], TEN_AFTER))
    problem = _held(book)
    assert "0-10" in problem and "1-5" in problem and "between 0 and 1" not in problem  # (a 0.6 is no fraction here)
    assert "Score scale" in checks_of(book, Code.SCALE_HOLDS)[0]["How to fix"]
    _score_scale(book, "0-10")
    fu = _refreshed(book)
    # 0-10 read: (41.9 - 1.0 + first) x 10 / 10 calls; follow-up 76.2 x 10 / 10 = 76.2, six of them at 80 or more
    base = (41.9 - 1.0 + first) * 10 / 10
    assert _grey(book)[:2] == (pytest.approx(base), 10)
    assert (fu["Follow-up mean"], fu["Calls at threshold"]) == (pytest.approx(76.2), 6)
    assert not checks_of(book, Code.SCALE_HOLDS)


def test_one_to_five_averages_with_decimals_wait_too(tmp_path):
    # a criterion that is the mean of its sub-questions: 3.67, 4.33 ... read as points out of 100 before
    before = [3.67, 4.33, 3.0, 4.0, 2.67, 3.33, 4.67, 3.0, 4.0, 3.66]  # sum 36.33
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(before, [4.0] * 10))
    assert "1-5" in _held(book)
    _score_scale(book, "1-5")
    _refreshed(book)
    assert _grey(book)[:2] == (pytest.approx(36.33 / 10 / 5 * 100), 10)  # 3.633 / 5 x 100 = 72.66


ZERO_TWO_BEFORE = [0, 1, 2, 2, 0, 1, 2, 1, 0, 0]  # 9 points of 20
ZERO_TWO_AFTER = [2, 2, 1, 2, 2, 2, 1, 2, 2, 1]  # 17 of 20


def test_a_zero_to_two_item_waits_and_its_zeros_count_as_zero_points(tmp_path):
    # before: read as 1-5 with its four 0s "not scored": 1, 2, 2, 1, 2, 1 -> 9 / 6 / 5 x 100 = 30, recorded over 6 calls
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(ZERO_TWO_BEFORE, ZERO_TWO_AFTER))
    problem = _held(book)
    assert "0-2" in problem and not checks_of(book, Code.ZERO_NOT_SCORED)
    _score_scale(book, "0-2")
    fu = _refreshed(book)
    # points over possible: 9 / (10 x 2) x 100 = 45 over all 10 calls; follow-up 17 / 20 x 100 = 85, seven 2s at 80
    assert _grey(book)[:2] == (pytest.approx(45.0), 10)
    assert (fu["Follow-up mean"], fu["Calls at threshold"]) == (pytest.approx(85.0), 7)


def test_a_later_week_of_only_zeros_and_ones_keeps_the_zero_to_two_item_waiting(tmp_path):
    # the 0-2 item's 20 calls wait; a later paste of 6 calls that are only 0s and 1s (read as absent/present) tells
    # no scale. Before, it lifted the doubt: the 20 were read as 1-5 again, their four 0s "not scored", and
    # 1, 2, 2, 1, 2, 1 -> 9 / 6 / 5 x 100 = 30 recorded for good
    book = session_book(tmp_path)
    (tmp_path / "first.csv").write_text(_export(ZERO_TWO_BEFORE, ZERO_TWO_AFTER), encoding="utf-8")
    assert run("import", book, tmp_path / "first.csv").exit_code == 0
    week = [dt.date(2026, 4, d) for d in range(1, 7)]
    imported(tmp_path, book, _export([0, 1, 1, 0, 1, 1], [], days=week, ids="w"), name="week.csv")
    assert "0-2" in _held(book)
    _score_scale(book, "0-2")
    _refreshed(book)
    assert _grey(book)[:2] == (pytest.approx(45.0), 10)  # 9 / (10 x 2) x 100, the week after the session


def test_a_header_stating_the_scale_records_at_once(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(ZERO_TWO_BEFORE, ZERO_TWO_AFTER, header="Score (0-2)"))
    assert _grey(book)[:2] == (pytest.approx(45.0), 10)  # 9 / 20 x 100, as above
    assert not checks_of(book, Code.SCALE_HOLDS) and not checks_of(book, Code.SCALE_UNCLEAR)


def test_a_three_point_rating_waits_and_is_recorded_on_one_to_three_once_told(tmp_path):
    # before: read as 1-5, 20 / 10 / 5 x 100 = 40 recorded, and the top score 3 read 60: the threshold never met
    before, after = [1, 2, 3, 2, 1, 3, 2, 2, 3, 1], [3, 3, 2, 3, 3, 3, 2, 3, 3, 3]  # sums 20 and 28
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(before, after))
    assert "1-3" in _held(book)
    _score_scale(book, "1-3")
    fu = _refreshed(book)
    assert _grey(book)[:2] == (pytest.approx(20 / 10 / 3 * 100), 10)  # 66.67
    # follow-up 28 / 10 / 3 x 100 = 93.33; eight 3s (100) at 80, the two 2s 66.7 below: threshold met, close
    assert (fu["Follow-up mean"], fu["Calls at threshold"]) == (pytest.approx(28 / 10 / 3 * 100), 8)
    assert fu["Suggested decision"] == "close"


def test_a_weekly_paste_below_the_top_of_a_rating_earlier_pastes_reach_reads_as_before(tmp_path):
    # 20 January calls on 1-5 reaching 5, then a weekly paste of 8 calls none above 4: a 1-5 rating, known
    book = session_book(tmp_path)
    january = [dt.date(2026, 1, d) for d in range(5, 25)]
    (tmp_path / "january.csv").write_text(_export([3, 4, 5, 4, 3] * 4, [], days=january), encoding="utf-8")
    assert run("import", book, tmp_path / "january.csv").exit_code == 0  # (no refresh between the two pastes)
    week = [dt.date(2026, 3, d) for d in range(1, 9)]
    imported(tmp_path, book, _export([4, 3, 4, 2, 4, 3, 4, 4], [], days=week, ids="w"), name="week.csv")
    # the last ten before 03-10: January's last two (4, 3) and the week's eight (28): 35 / 10 / 5 x 100 = 70
    assert _grey(book)[:2] == (pytest.approx(70.0), 10)
    assert not checks_of(book, Code.SCALE_HOLDS) and not checks_of(book, Code.BASELINE_HELD)


def test_fifteen_ratings_below_the_top_wait_as_twenty_five_do(tmp_path):
    # 15 scores of 1-4 (10 before, 5 after): before, read as 1-5 and recorded at 25 / 10 / 5 x 100 = 50 for good,
    # while 25 such scores waited: what was recorded hung on when the first refresh ran
    before = [1, 2, 3, 4, 2, 3, 4, 3, 2, 1]  # sum 25
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(before, [4] * 5, days=BEFORE + AFTER[:5]))
    assert "1-4" in _held(book)
    _score_scale(book, "1-4")
    _refreshed(book)
    assert _grey(book)[:2] == (pytest.approx(25 / 10 / 4 * 100), 10)  # 62.5


def test_a_baseline_recorded_from_scores_now_doubted_is_named_on_the_doubted_columns_row(tmp_path):
    # a baseline recorded before this release from the 1-4 item read as 1-5: nothing waits (it is recorded), and the
    # column's row no longer says no baseline is recorded: it names the session and the cells to clear
    book = session_book(tmp_path)
    export = tmp_path / "four.csv"
    export.write_text(_export([1, 2, 3, 4, 2, 3, 4, 3, 2, 1], [4] * 5, days=BEFORE + AFTER[:5]), encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    wb = load_workbook(book)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"Baseline mean": 50.0, "Baseline n": 10, "Baseline recorded on": dt.date(2026, 4, 1)}.items():
        log.cell(row=2, column=head.index(key) + 1, value=value)  # (25 / 10 / 5 x 100 = 50 on 1-5)
    wb.save(book)
    _refreshed(book)
    assert _grey(book)[0] == 50.0 and not checks_of(book, Code.BASELINE_HELD)
    [row] = checks_of(book, Code.SCALE_UNCLEAR)
    assert "S-1 (Log row 2) was recorded already" in row["Problem"]
    assert "clear Baseline mean, Baseline n and Baseline recorded on" in row["How to fix"]


def test_a_baseline_recorded_on_the_guessed_scale_is_said_to_be_read_on_the_settings_scale_now(tmp_path):
    # a baseline recorded before this release at 4.19 (0-10 scores read as points); Score scale 0-10 set since: the
    # data gives 41.9, ten times it, and the warning says the scale changed and to clear the three cells
    book = session_book(tmp_path)
    export = tmp_path / "ai.csv"
    export.write_text(_export(TEN_BEFORE, TEN_AFTER), encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    wb = load_workbook(book)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"Baseline mean": 4.19, "Baseline n": 10, "Baseline recorded on": dt.date(2026, 4, 1)}.items():
        log.cell(row=2, column=head.index(key) + 1, value=value)
    wb.save(book)
    _score_scale(book, "0-10")
    _refreshed(book)
    [changed] = checks_of(book, Code.BASELINE_CHANGED)
    assert "Score scale set on Settings" in changed["Problem"] and "x 10" in changed["Problem"]  # (41.9 / 4.19)
    assert "clear the session's Baseline mean, Baseline n and Baseline recorded on" in changed["How to fix"]


def test_late_scores_are_not_said_to_be_a_scale_change_when_no_scale_is_told(tmp_path):
    # 40.0 recorded over 10 calls; the data now gives 50.0 over 10 (a late score): 50 / 40 = 5 / 4, the ratio of two
    # scales' tops, which before was said to be "read on another scale now" with the advice to clear the cells.
    # No scale is told, so the ordinary causes stand (late scores, edits)
    book = session_book(tmp_path)
    export = tmp_path / "points.csv"
    export.write_text(_export([50, 40, 60, 50, 45, 55, 50, 40, 60, 50], [70] * 10), encoding="utf-8")  # 500 / 10
    assert run("import", book, export).exit_code == 0
    wb = load_workbook(book)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"Baseline mean": 40.0, "Baseline n": 10, "Baseline recorded on": dt.date(2026, 4, 1)}.items():
        log.cell(row=2, column=head.index(key) + 1, value=value)
    wb.save(book)
    _refreshed(book)
    [changed] = checks_of(book, Code.BASELINE_CHANGED)
    assert "50" in changed["Problem"] and "another scale" not in changed["Problem"]
    assert "guessed" not in changed["Problem"] and "If the scale told is wrong" not in changed["How to fix"]


def test_a_paste_mixing_criteria_is_told_to_state_the_scale_in_its_header_before_settings(tmp_path):
    # Greeting 0-2 waits beside Resolution 1-5 (reaching 5) in one export: before, the fix led with Score scale on
    # Settings, which reads Resolution on 0-2 too (a 5 then 250); now the header leads, Settings only if every paste
    # and criterion shares the scale
    book = session_book(tmp_path)
    text = _export(ZERO_TWO_BEFORE, ZERO_TWO_AFTER)
    text += "".join(f"r{i},Ann Lee,2026-02-{10 + i} 15:05,Resolution,{v}\n" for i, v in enumerate([3, 5, 4, 2, 5]))
    imported(tmp_path, book, text)
    [error] = checks_of(book, Code.SCALE_HOLDS)
    fix = error["How to fix"]
    assert fix.index("header") < fix.index("maximum column") < fix.index("only if every paste and criterion")
    assert fix.index("only if every paste and criterion") < fix.index("Score scale on Settings")


def test_a_lone_criterion_is_offered_settings_first(tmp_path):
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(ZERO_TWO_BEFORE, ZERO_TWO_AFTER))
    [error] = checks_of(book, Code.SCALE_HOLDS)
    assert error["How to fix"].index("Score scale on Settings") < error["How to fix"].index("header")
    assert "every paste and criterion" in error["How to fix"]


def test_low_points_beside_another_paste_of_the_criterion_above_10_are_points(tmp_path):
    # week 1: four low scores of a 0-100 criterion, all 10 or below; week 2 brings 85.5, 92, 78.5 of it in another
    # paste: plainly points. Before, week 1 held the baseline for good; now it is recorded, as points
    book = session_book(tmp_path)
    week1 = [dt.date(2026, 3, d) for d in range(1, 5)]
    (tmp_path / "week1.csv").write_text(_export([7.5, 2.5, 10, 5.5], [], days=week1), encoding="utf-8")
    assert run("import", book, tmp_path / "week1.csv").exit_code == 0
    week2 = [dt.date(2026, 3, d) for d in range(11, 14)]
    imported(tmp_path, book, _export([85.5, 92, 78.5], [], days=week2, ids="w"), name="week2.csv")
    assert _grey(book)[:2] == (pytest.approx((7.5 + 2.5 + 10 + 5.5) / 4), 4)  # 25.5 / 4 = 6.375
    assert not checks_of(book, Code.SCALE_HOLDS) and not checks_of(book, Code.BASELINE_HELD)
    [warning] = checks_of(book, Code.SCALE_UNCLEAR)
    assert warning["Severity"] == "warning"


def test_the_zero_to_two_items_reading_is_said_once_by_its_error_not_beside_it_as_fine(tmp_path):
    # before, a scale-converted info ("read as a 1-5 rating ... Nothing to do if that is right") stood beside the
    # scale-holds-baseline error of the same column
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(ZERO_TWO_BEFORE, ZERO_TWO_AFTER))
    assert checks_of(book, Code.SCALE_HOLDS) and not checks_of(book, Code.SCALE_CONVERTED)


def test_a_one_to_ten_rating_never_above_six_waits_and_names_one_to_seven(tmp_path):
    # whole numbers up to 6 read as 1-10 (a 6 is above 5): maybe a 1-7 item, or 0-6 / 1-6; before, 1-7 went unnamed
    before = [2, 6, 4, 5, 3, 6, 4, 5, 6, 3]  # sum 44
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(before, [6] * 10))
    problem = _held(book)
    assert "1-7" in problem and "0-6" in problem
    _score_scale(book, "1-7")
    _refreshed(book)
    assert _grey(book)[:2] == (pytest.approx(44 / 10 / 7 * 100), 10)  # 62.86


def test_doubted_rows_give_the_days_one_tuple_per_row_gives():
    # per-column arrays of call days, checked against the rows made one (rep, criterion, day) tuple each
    at = pd.to_datetime(["2026-02-10 09:00", "2026-02-10 15:00", "2026-02-03 10:00", None, "2026-02-11 08:00",
                         "2026-02-12 08:00"])
    rows = pd.DataFrame({"sheet": "Scores", "criterion": "Greeting", "rep": ["Ann", "Ann", "Ann", "Bo", "Bo", "Ann"],
                         "at": at, "exclude": ["", "", "", "", "", "late"], "scale_doubt": [1.0, 1, 1, 1, 1, 1]})
    undated, days = scaledoubt.doubted_rows(rows)["scale", "Scores", "Greeting"]
    assert undated == {("Bo", "Greeting")}
    assert days == {("Ann", "Greeting"): [dt.date(2026, 2, 3), dt.date(2026, 2, 10)],
                    ("Bo", "Greeting"): [dt.date(2026, 2, 11)]}  # (the excluded row of 02-12 not among them)
    one_by_one = Unplaced(unplaced_rows(rows[rows["exclude"] == ""]))
    assert (Unplaced.of_days(undated, days)._days, Unplaced.of_days(undated, days)._undated) == (
        one_by_one._days, one_by_one._undated)


def test_the_import_says_the_export_read_alone_may_wait_as_the_refresh_decides(tmp_path):
    # January reaches 5; a later export none above 4: read alone it looks like 1-4, beside January it is 1-5. Before,
    # the import said "no baseline these scores may enter is recorded" while the refresh recorded one
    book = session_book(tmp_path)
    january = [dt.date(2026, 1, d) for d in range(5, 25)]
    (tmp_path / "january.csv").write_text(_export([3, 4, 5, 4, 3] * 4, [], days=january), encoding="utf-8")
    assert run("import", book, tmp_path / "january.csv").exit_code == 0
    said = imported(tmp_path, book, _export([4, 3, 4, 2, 4, 3, 4, 4, 3, 4], [], ids="w"), name="week.csv")
    assert "Read in this export alone" in said and "may wait" in said and "no baseline these scores" not in said
    # the refresh reads both: the last ten before 03-10 are the week's, 35 / 10 / 5 x 100 = 70
    assert _grey(book)[:2] == (pytest.approx(70.0), 10)


def test_yes_and_no_among_one_to_four_ratings_are_not_said_to_be_no_score_above_four(tmp_path):
    # Yes/No words (read as 100 and 0) among whole numbers up to 4: before, "no score of the criterion is above 4"
    # beside "Yes = 100"; now the numbers are said to be the ones that never pass 4
    book = session_book(tmp_path)
    imported(tmp_path, book, _export(["Yes", 3, 4, 2, 4, 3, "No", 1, 4, 3], [2, 4, 3, 4, "Yes", 2, 3, 4, 3, 4]))
    problem = _held(book)
    assert "17 whole numbers" in problem and "no number of the criterion" in problem  # (20 cells less 3 words)
