"""Text dates typed with spaces around their slashes or dashes (``03 / 04 / 2025``), a slash doubled
(``03//04/2025``) or spaces alone (``03 04 2025``) are read as ``03/04/2025`` is: in the date order,
proving it (``13 / 04 / 2025``) and named when they read two ways.  The general parser read them instead,
and took a day above 12 for the month's place without a word: a paste's ``03 / 04 / 2025`` was 4 March and
its ``13 / 04 / 2025`` 13 April."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from tests.rules_kit import codes, run, session
from tests.test_rules import worked_example_scores

ACK = "Acknowledges the concern"


@pytest.mark.parametrize("text", ["13 / 04 / 2025", "13 /04/ 2025", "13 - 04 - 2025", "13//04/2025", "13 04 2025"])
def test_a_spaced_date_impossible_in_the_date_order_is_unreadable_not_turned(text):
    with pytest.raises(coerce.Unreadable, match="month-first"):
        coerce.moment(text, "month-first")
    assert coerce.moment(text, "day-first").at == dt.datetime(2025, 4, 13)


@pytest.mark.parametrize(("text", "at"), [
    ("03 / 04 / 2025", dt.datetime(2025, 3, 4)),
    ("03 / 04 / 2025 14:15", dt.datetime(2025, 3, 4, 14, 15)),
    ("01 . 04 . 2025", dt.datetime(2025, 4, 1)),  # dotted: day-first in every order
    ("03//04/2025", dt.datetime(2025, 3, 4)),  # a slash typed twice
    ("03 04 2025", dt.datetime(2025, 3, 4)),  # spaces alone
])
def test_a_spaced_date_reads_as_the_date_without_spaces(text, at):
    assert coerce.moment(text, "month-first").at == at


def test_a_paste_of_spaced_day_first_dates_proves_its_order_and_reads_every_date_in_it():
    head = ["Call ID", "Agent", "Call Date", "Criterion", "Score"]
    rows = [["C1", "Dana Cruz", "03 / 04 / 2025", ACK, 70], ["C2", "Dana Cruz", "13 / 04 / 2025", ACK, 80]]
    pv = preview(RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": ACK}], reps=[{"rep": "Dana Cruz"}]),
                 RawTable.from_rows("e.csv", head, rows))
    got = sorted((r.call_id, r.at.to_pydatetime()) for r in pv.calls.itertuples())
    assert got == [("C1", dt.datetime(2025, 4, 3)), ("C2", dt.datetime(2025, 4, 13))]  # both day-first
    assert Code.DATE_ORDER_OF_PASTE.value in set(pv.checks["code"])


@pytest.mark.parametrize("typed", ["10 / 03 / 2026", "10//03/2026", "10 03 2026"])
def test_a_spaced_session_date_that_reads_two_ways_is_named(typed):
    r = run(worked_example_scores(), [session(session_date=typed)])
    assert "ambiguous-session-date" in codes(r)
