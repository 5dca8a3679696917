"""The worksheet functions' bodies as plain calls, with the arithmetic done by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core.functions import FunctionInputError, delta, k_of_n, window_mean

HEAD = ["Call ID", "Rep", "Call date", "Criterion", "Score"]
SESSION = dt.date(2026, 3, 10)
# domain.md's worked example: twelve calls before (the last ten average 64.5), two on the session
# day, eleven after (the first ten: 70 75 80 85 82 88 90 79 84 86).
BEFORE = [95, 91, 60, 62, 64, 66, 68, 70, 58, 62, 66, 69]
SAME_DAY = [40, 99]
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86, 20]


def table(before=BEFORE, same_day=SAME_DAY, after=AFTER, rep="Dana Cruz", crit="ACK") -> list[list]:
    rows = [HEAD]
    for i, s in enumerate(before):
        rows.append([f"B{i:02d}", rep, dt.datetime(2026, 2, 14, 9) + dt.timedelta(days=i), crit, s])
    for i, s in enumerate(same_day):
        rows.append([f"D{i}", rep, dt.datetime(2026, 3, 10, 8 + 6 * i), crit, s])
    for i, s in enumerate(after):
        rows.append([f"A{i:02d}", rep, dt.datetime(2026, 3, 11, 10) + dt.timedelta(days=i), crit, s])
    return rows


def test_k_of_n_counts_scores_at_or_above_the_threshold():
    scores = [[80, 79.9], [100, None], ["N/A", "Yes"], [81, 80]]
    # at or above 80: 80, 100, Yes (=100), 81, 80 -> 5 calls; 79.9 is below; blank and N/A are not calls
    assert k_of_n(scores, 80, 5) == "yes"
    assert k_of_n(scores, 80, 6) == "no"
    assert k_of_n(scores, 80.5, 3) == "yes"  # 100, 100, 81
    assert k_of_n(scores, 80.5, 4) == "no"


def test_k_of_n_defaults_are_80_and_7_also_for_blank_arguments():
    assert k_of_n([80] * 7 + [0] * 3) == "yes"
    assert k_of_n([80] * 6 + [79] * 4) == "no"
    assert k_of_n([80] * 7, None, None) == "yes"
    assert k_of_n([80] * 6 + [100], None, None) == "yes"
    assert k_of_n([80] * 6, None, None) == "no"


def test_k_of_n_rejects_unreadable_scores_and_arguments():
    with pytest.raises(FunctionInputError, match="not a number"):
        k_of_n(["eighty"], 80, 1)
    with pytest.raises(FunctionInputError, match="k: '0' is not a whole number"):
        k_of_n([90], 80, 0)


def test_k_of_n_reads_its_threshold_as_a_log_row_does():
    scores = [[80, 79.9], [100, None], ["N/A", "Yes"], [81, 80]]
    # a cell formatted 80 % holds 0.8: 80 points, so 79.9 does not reach it (5 calls do: 80, 100, Yes, 81, 80)
    assert k_of_n(scores, 0.8, 5) == "yes"
    assert k_of_n(scores, 0.8, 6) == "no"
    assert k_of_n(scores, "80%", 6) == "no"
    # a cell formatted 100 % holds 1: 100 points, reached by 100 and Yes only
    assert k_of_n(scores, 1, 2) == "yes"
    assert k_of_n(scores, 1, 3) == "no"
    # 8 of a 1-10 rating is not a threshold on 0-100, which every call here would reach
    with pytest.raises(FunctionInputError, match=r"threshold: 8 is a value on a rating"):
        k_of_n(scores, 8, 6)


@pytest.mark.parametrize(("argument", "said"), [
    ({"threshold": 8}, r"threshold: 8 is a value on a rating"),
    ({"threshold": 150}, r"threshold: 150 is above 100"),
    ({"days": 5000}, r"days: 5000 is above 3660"),
    ({"k": 2000}, r"k: 2000 is above 1000"),
    ({"n": 2000}, r"n: 2000 is above 1000"),
])
def test_delta_refuses_a_number_a_log_row_could_not_use_where_settings_would_replace_it_unseen(argument, said):
    # the function's session is a Log row: these would give way to Settings' 80, 30 days, 7 or 10 without a word
    with pytest.raises(FunctionInputError, match=said):
        delta(table(), "Dana Cruz", "ACK", SESSION, **argument)


def test_window_means_of_the_worked_example():
    rows = table()
    assert window_mean(rows, "Dana Cruz", "ACK", SESSION, "before") == pytest.approx(
        (60 + 62 + 64 + 66 + 68 + 70 + 58 + 62 + 66 + 69) / 10)  # 64.5
    assert window_mean(rows, "Dana Cruz", "ACK", SESSION, "after") == pytest.approx(
        (70 + 75 + 80 + 85 + 82 + 88 + 90 + 79 + 84 + 86) / 10)  # 81.9


def test_delta_and_threshold_of_the_worked_example():
    d, met = delta(table(), "Dana Cruz", "ACK", SESSION)
    assert d == pytest.approx(81.9 - 64.5)  # +17.4
    assert met == "yes"  # 80 85 82 88 90 84 86: seven calls at 80 or more


def test_blank_window_arguments_take_the_defaults():
    rows = table()
    assert window_mean(rows, "Dana Cruz", "ACK", SESSION, None, None, None) == pytest.approx(64.5)
    d, met = delta(rows, "Dana Cruz", "ACK", SESSION, None, None, None, None)
    assert d == pytest.approx(81.9 - 64.5) and met == "yes"


def test_window_uses_a_smaller_n_and_matches_names_ignoring_case_and_spaces():
    rows = table()
    assert window_mean(rows, "dana  cruz", "ack", SESSION, "before", 3) == pytest.approx((62 + 66 + 69) / 3)
    assert window_mean(rows, "DANA CRUZ", "Ack", SESSION, "after", 2) == pytest.approx((70 + 75) / 2)


def test_a_timed_session_splits_the_session_day_at_its_moment():
    rows = table()
    at_noon = dt.datetime(2026, 3, 10, 12, 0)  # the 08:00 call (40) is before, the 14:00 call (99) after
    assert window_mean(rows, "Dana Cruz", "ACK", at_noon, "before") == pytest.approx(
        (62 + 64 + 66 + 68 + 70 + 58 + 62 + 66 + 69 + 40) / 10)
    assert window_mean(rows, "Dana Cruz", "ACK", at_noon, "after", 3) == pytest.approx((99 + 70 + 75) / 3)


def test_dates_as_excel_serials_read_like_datetimes():
    rows = [HEAD] + [[r[0], r[1], (r[2] - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1), r[3], r[4]]
                     for r in table()[1:]]
    session_serial = (dt.datetime(2026, 3, 10) - dt.datetime(1899, 12, 30)).days  # 46091
    assert window_mean(rows, "Dana Cruz", "ACK", session_serial, "before") == pytest.approx(64.5)


def test_delta_stays_blank_before_five_follow_up_calls_and_threshold_waits_until_decided():
    d, met = delta(table(after=[90, 90, 90, 90]), "Dana Cruz", "ACK", SESSION)
    assert d is None and met is None  # 4 calls: no delta yet; 4 at 80+ and 6 to come: K=7 still open
    d, met = delta(table(after=[90, 90, 90, 90, 60]), "Dana Cruz", "ACK", SESSION)
    assert d == pytest.approx((90 * 4 + 60) / 5 - 64.5)  # 84 - 64.5 = 19.5
    assert met is None
    d, met = delta(table(after=[60, 60, 60, 60]), "Dana Cruz", "ACK", SESSION)
    assert met == "no"  # 0 at 80+ and only 6 calls to come: 7 can no longer be reached


def test_follow_up_window_ends_after_the_timeframe():
    after = [70] * 3
    rows = table(after=after)
    rows.append(["LATE", "Dana Cruz", dt.datetime(2026, 4, 10, 9), "ACK", 10])  # day 31 after the session
    assert window_mean(rows, "Dana Cruz", "ACK", SESSION, "after") == pytest.approx(70)
    assert window_mean(rows, "Dana Cruz", "ACK", SESSION, "after", 10, 31) == pytest.approx((70 * 3 + 10) / 4)


def test_window_of_an_empty_window_is_blank_and_bad_arguments_say_what_to_fix():
    rows = table(before=[])
    assert window_mean(rows, "Dana Cruz", "ACK", SESSION, "before") is None
    with pytest.raises(FunctionInputError, match='neither "before" nor "after"'):
        window_mean(rows, "Dana Cruz", "ACK", SESSION, "during")
    with pytest.raises(FunctionInputError, match="header row"):
        window_mean([HEAD], "Dana Cruz", "ACK", SESSION, "before")
    with pytest.raises(FunctionInputError, match="date: 'soon' is not a date"):
        window_mean(rows, "Dana Cruz", "ACK", "soon", "before")
    with pytest.raises(FunctionInputError, match="n: a window holds 2 calls or more"):
        window_mean(rows, "Dana Cruz", "ACK", SESSION, "after", 1)  # never the first call alone


def test_a_range_where_one_cell_is_wanted_gets_a_message_naming_the_argument():
    rows = table()
    with pytest.raises(FunctionInputError, match=r"rep: give one cell or value, not a range of 2 cells \(1 x 2\)"):
        delta(rows, [["Dana Cruz", "Jo Kim"]], "ACK", SESSION)
    with pytest.raises(FunctionInputError, match=r"date: give one cell or value, not a range of 4 cells \(2 x 2\)"):
        window_mean(rows, "Dana Cruz", "ACK", [[46091, 46092], [46093, 46094]])
    with pytest.raises(FunctionInputError, match=r"threshold: give one cell or value, not a range of 2 cells"):
        k_of_n([90], [[80, 70]], 1)
    # a range of one cell is that cell: (60+62+64+66+68+70+58+62+66+69)/10 = 64.5
    assert window_mean(rows, [["Dana Cruz"]], [["ACK"]], [[SESSION]]) == pytest.approx(64.5)


def test_a_scores_table_without_its_header_row_or_a_single_cell_gets_a_message():
    # the first call's cells taken as headers: neither a call id nor a call date column (the message names one)
    with pytest.raises(FunctionInputError, match="scores_table: Scores: no call (id|date) column"):
        delta(table()[1:], "Dana Cruz", "ACK", SESSION)
    with pytest.raises(FunctionInputError, match="scores_table: select the Scores table with its header row"):
        delta(5, "Dana Cruz", "ACK", SESSION)


def test_dates_as_excel_serials_give_the_windows_of_datetimes():
    serial = lambda d: (d - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)  # noqa: E731
    rows = [HEAD] + [r[:2] + [serial(r[2])] + r[3:] for r in table()[1:]]
    # 2026-03-10 is serial 46091; delta 81.9 - 64.5 = 17.4; 7 follow-up calls at 80+ -> yes
    got = delta(rows, "Dana Cruz", "ACK", 46091)
    assert got[0] == pytest.approx(81.9 - 64.5) and got[1] == "yes"
