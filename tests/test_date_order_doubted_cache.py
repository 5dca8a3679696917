"""Whether a paste's date order is doubted (``date-order-doubted``) depends on the as-of date: the refresh cache of
the normalised Scores serves a refresh as of another date only where the doubt would be the same, so the same
workbook and as-of date give the same result with the cache or without it (domain.md).  A session whose baseline
was recorded already from such a paste is named by the doubt, with how to record it again."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.workbook import cache, done, writer
from tests.wbkit import type_log_rows

SCORES = [50, 60, 62, 64, 66, 68, 70, 72, 74, 76, 90]
DOUBTED, LATER = dt.date(2026, 12, 5), dt.date(2026, 12, 20)
RESULTS = ("baseline", "followup", "aggregate", "checks", "log_updates")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # "today" fixed on the later as-of date: read month-first, 12-11-2026 is 11 December, a call dated after a real
    # day before it (call-after-today), which these tests do not weigh
    monkeypatch.setattr(done, "today", lambda: LATER)


@pytest.fixture
def book(tmp_path):
    """Eleven calls of Ana's written day-first and dashed, 02-11-2026 ... 12-11-2026 (2-12 November), no day above
    12, and a session on 20 November."""
    path = tmp_path / "team.xlsx"
    api.new_workbook(path)
    wb = load_workbook(path)
    wb["Criteria"].cell(row=2, column=2, value="Greeting")
    wb["Reps"].cell(row=2, column=1, value="Ana")
    for r, (day, score) in enumerate(zip(range(2, 13), SCORES), start=2):
        for c, v in enumerate([f"C{day:02d}", "Ana", f"{day:02d}-11-2026", "Greeting", score, "inbound"], start=1):
            wb["Scores"].cell(row=r, column=c, value=v)
    # and 01-09-2026 (9 January month-first, 1 September day-first: the eleventh call back either way, in no
    # baseline), so that the paste spreads over months in either order (test_date_order_spread)
    for c, v in enumerate(["C01", "Ana", "01-09-2026", "Greeting", 40, "inbound"], start=1):
        wb["Scores"].cell(row=13, column=c, value=v)
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Ana", "Session date": dt.date(2026, 11, 20),
                        "Targeted criterion": "Greeting"}])
    writer.save_atomically(wb, path, backup=False)
    return path


def _same(a, b):
    for name in RESULTS:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def _doubted(result):
    return list(result.checks.loc[result.checks["code"] == "date-order-doubted", "value"])


def test_a_cache_made_as_of_a_doubting_date_does_not_hold_the_baseline_as_of_a_later_one(book):
    # as of 5 December, read month-first, 12-11-2026 is 11 December, after it; day-first none is: doubted, nothing
    # recorded
    first = api.compute_file(book, DOUBTED)
    assert _doubted(first) == ["12-11-2026"] and first.log_updates.empty
    assert cache.cache_path(book).exists()
    # as of 20 December no call is after it either way: month-first, the ten calls before 20 November are
    # 02-11 ... 11-11 (11 February ... 11 November), 50 .. 76: 662 / 10 = 66.2, recorded
    warm = api.compute_file(book, LATER)
    assert _doubted(warm) == []
    assert list(warm.log_updates["baseline_n"]) == [10] and list(warm.log_updates["baseline_mean"]) == [66.2]
    _same(warm, api.compute_file(book, LATER, cache=False))


def test_a_cache_made_as_of_a_later_date_still_doubts_as_of_an_earlier_one(book):
    # as of 20 December nothing is doubted (66.2 recorded, above); a refresh as of 5 December after it is doubted as
    # a cold one is, and records nothing
    assert _doubted(api.compute_file(book, LATER)) == []
    warm = api.compute_file(book, DOUBTED)
    assert _doubted(warm) == ["12-11-2026"] and warm.log_updates.empty
    _same(warm, api.compute_file(book, DOUBTED, cache=False))


def test_the_doubt_names_the_sessions_whose_baseline_was_recorded_already(book):
    # recorded as of 20 December (66.2 of ten calls, read month-first); as of 5 December the paste's order is doubted,
    # and S1's baseline, recorded from it, may be on the wrong days: the error names it and how to record it again
    api.refresh_file(book, LATER, backup=False)
    doubt = api.compute_file(book, DOUBTED, cache=False).checks
    doubt = doubt[doubt["code"] == "date-order-doubted"].iloc[0]
    assert doubt["problem"].endswith("The baseline of S1 (Log row 2) was recorded already, from dates this paste may "
                                     "hold read in that order: it may be on the wrong days.")
    assert doubt["fix"].endswith("clear Baseline mean, Baseline n and Baseline recorded on in that Log row if a call "
                                 "of this paste was read on the wrong day there: the next refresh records the "
                                 "baseline again from the dates as told.")
