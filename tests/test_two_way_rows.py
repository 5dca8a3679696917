"""The Scores rows whose text call dates read two ways while Date order on Settings cannot be read
(:func:`coachlog_xl.core.orderwaits.two_way_rows`): each (rep, criterion, day) a row may be on, read in the default
order and the other, as the reader reads it (a zone its header names converted into the Settings Time zone, a call
time added), of the rows without an Exclude reason; each distinct cell asked once whether it reads two ways."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core import orderwaits
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute

D = dt.date
ANN, BO, EMP, COURT = "Ann Lee", "Bo Park", "Empathy", "Courtesy"


def _inputs() -> RawInputs:
    # two pastes on one Scores sheet, each under its own header: the first's call dates in UTC (its header says so),
    # converted into Asia/Tokyo (UTC+9); the second's with a call time column and no zone. No text proves an order
    pad = [None] * 3
    rows = [
        ["Call ID", "Rep", "Call date (UTC)", "Criterion", "Score", "Exclude", *pad],
        ["c1", ANN, "05/03/2026 23:00", EMP, 80, None, *pad],
        ["c2", ANN, "05/03/2026 23:00", EMP, 70, None, *pad],  # (the same text again)
        ["c3", BO, "02/01/2026 10:00", EMP, 90, "duplicate", *pad],  # (excluded)
        ["c4", BO, "03/03/2026 10:00", EMP, 90, None, *pad],  # (day and month alike: one reading)
        ["c5", BO, dt.datetime(2026, 3, 9, 10), EMP, 90, None, *pad],  # (a date cell: no text)
        [None] * 9,
        ["Call ID", "Rep", "Call date", "Call time", "Criterion", "Score", "Exclude", None, None],
        ["d1", BO, "04/02/2026", "23:30", EMP, 60, None, None, None],
        ["d2", ANN, "04/02/2026", "09:00", COURT, 75, None, None, None],
        ["d3", None, "06/07/2026", None, EMP, 65, None, None, None],  # (a blank rep: any rep's)
    ]
    inputs = RawInputs.from_records(
        criteria=[{"criterion_id": k, "name": n, "version": "v1", "effective": D(2025, 1, 1)}
                  for k, n in (("EMP", EMP), ("CRT", COURT))],
        reps=[{"rep": ANN}, {"rep": BO}],
        log=[{"session_id": "S-1", "rep": ANN, "session_date": D(2026, 3, 10), "criterion": EMP,
              "method": "role-play"}],
        settings={"date_order": "dd/mm", "time_zone": "Asia/Tokyo"})
    inputs.scores = [RawTable.from_rows("Scores", rows[0], rows[1:])]
    return inputs


def test_rows_reading_two_ways_give_each_rep_criterion_and_day_they_may_be_on():
    inputs = _inputs()
    compute(inputs, as_of=D(2026, 12, 31))
    assert sorted(inputs.normalised.two_way, key=repr) == sorted([
        # c1 and c2, "05/03/2026 23:00" UTC: month-first 3 May 23:00 UTC = 4 May 08:00 in Tokyo; day-first 5 March
        # 23:00 UTC = 6 March 08:00 in Tokyo (the same text twice: the same two days)
        (ANN, EMP, D(2026, 5, 4)), (ANN, EMP, D(2026, 3, 6)),
        # d1, "04/02/2026" at 23:30 (no zone): 2 April 23:30 month-first, 4 February 23:30 day-first
        (BO, EMP, D(2026, 4, 2)), (BO, EMP, D(2026, 2, 4)),
        # d2, the same text at 09:00, Ann on Courtesy: the same two days
        (ANN, COURT, D(2026, 4, 2)), (ANN, COURT, D(2026, 2, 4)),
        # d3, "06/07/2026", no time, a blank rep (None: any rep's): 7 June month-first, 6 July day-first
        (None, EMP, D(2026, 6, 7)), (None, EMP, D(2026, 7, 6)),
        # not c3 (its Exclude reason), c4 (03/03: one date either way), c5 (a date cell)
    ], key=repr)


def test_each_distinct_call_date_cell_is_asked_once_whether_it_reads_two_ways(monkeypatch):
    asked = []
    real = orderwaits.reads_two_ways
    monkeypatch.setattr(orderwaits, "reads_two_ways", lambda v: asked.append(v) or real(v))
    compute(_inputs(), as_of=D(2026, 12, 31))
    # the rows asked about: those without an Exclude reason (c3 has one), 7 of them, holding 5 distinct cells:
    # "05/03/2026 23:00" (c1, c2), "03/03/2026 10:00", the date cell, "04/02/2026" (d1, d2), "06/07/2026"
    assert len(asked) == 5
    assert set(map(repr, asked)) == {repr("05/03/2026 23:00"), repr("03/03/2026 10:00"),
                                     repr(dt.datetime(2026, 3, 9, 10)), repr("04/02/2026"), repr("06/07/2026")}
