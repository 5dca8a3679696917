"""A date written with a four-digit year first is year-month-day, its parts apart by a dot and a space as Hungarian
and Korean Excel write them (``2026. 02. 03. 10:00``) or by spaces alone (``2026 02 03``): a four-digit year first
is never a day, whatever the Settings date order."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce
from tests.session_kit import pasted_book
from tests.wbkit import records, run


@pytest.mark.parametrize("order", ["month-first", "day-first"])
@pytest.mark.parametrize(("written", "at"), [
    ("2026. 02. 03. 10:00", dt.datetime(2026, 2, 3, 10)), ("2026. 02. 03.", dt.datetime(2026, 2, 3)),
    ("2026 02 03", dt.datetime(2026, 2, 3)), ("2026. 2. 3.", dt.datetime(2026, 2, 3)),
    ("2026 - 02 - 03", dt.datetime(2026, 2, 3)), ("2026. 11. 3. 14:30", dt.datetime(2026, 11, 3, 14, 30)),
])
def test_a_spaced_year_first_date_is_year_month_day(written, at, order):
    assert coerce.moment(written, order).at == at


def test_calls_dated_year_first_with_dots_and_spaces_fall_in_their_windows(tmp_path):
    # 10 calls on 1..10 February scoring 50 (before the session of 2026-03-10), 10 on 11..20 March scoring 90:
    # baseline 50 over 10, follow-up 90 over 10, delta 90 - 50 = 40 (read day-month, 2 Jan / 2 Feb / 2 Mar ... would
    # put 3 of the February calls before it and the rest after)
    head = [["Call ID", "Agent", "Call date", "Metric", "Score"]]
    calls = [[f"B{d}", "Dana Cruz", f"2026. 02. {d:02d}. 10:00", "Empathy", 50] for d in range(1, 11)]
    calls += [[f"F{d}", "Dana Cruz", f"2026. 03. {d:02d}. 10:00", "Empathy", 90] for d in range(11, 21)]
    book = tmp_path / "team.xlsx"
    pasted_book(book, dt.date(2026, 3, 10), head + calls)
    assert run("refresh", book, "--as-of", "2026-12-31").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (10, 50)
    assert (row["Follow-up n"], row["Follow-up mean"], row["Delta"]) == (10, 90, 40)
