"""session_tables writes moments a column at a time: the same values and types as one Timestamp each."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl.core.session_tables import call_times, moments

# moments as a refresh holds them (in microseconds), before and after 1970 and past 2262 (a year typed
# wrong), many at midnight
_MOMENTS = st.one_of(
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)).map(
        lambda d: dt.datetime(d.year, d.month, d.day)),
).map(lambda d: pd.Timestamp(np.datetime64(d, "us")))


def _typed(values: list) -> list:
    return [(type(v), v) for v in values]


@settings(deadline=None)  # a loaded machine's first example may take longer than hypothesis's 200 ms
@given(st.lists(st.tuples(_MOMENTS, st.booleans()), min_size=1, max_size=30))
def test_moments_are_each_timestamps_datetime_or_date(pairs):
    at, timed = [a for a, _ in pairs], [t for _, t in pairs]
    want = [a.to_pydatetime() if t else a.date() for a, t in pairs]
    assert _typed(moments(at, timed)) == _typed(want)


@settings(deadline=None)
@given(st.lists(st.one_of(st.none(), _MOMENTS), min_size=1, max_size=30))
def test_call_times_are_a_date_at_midnight_else_a_datetime(values):
    want = [None if v is None else v.date() if v == v.normalize() else v.to_pydatetime() for v in values]
    assert _typed(call_times(values)) == _typed(want)


def test_call_times_of_a_date_and_a_timed_call():
    got = call_times([pd.Timestamp("1969-12-31"), pd.Timestamp("1969-12-31 23:59:59.5"), None])
    assert _typed(got) == _typed([dt.date(1969, 12, 31), dt.datetime(1969, 12, 31, 23, 59, 59, 500000), None])


def test_call_times_of_a_midnight_past_2262_is_a_date():
    assert _typed(call_times([pd.Timestamp(np.datetime64("2600-01-01", "us"))])) == _typed([dt.date(2600, 1, 1)])


def test_moments_taken_as_numpy_moments_are_those_numpy_reads_from_the_fields():
    # a Timestamp goes in as its numpy moment: the same microseconds as numpy reading its fields, in
    # any unit (nanoseconds floored, before 1970 too), beside a datetime and a blank
    from coachlog_xl.core.session_tables import _microseconds

    values = [pd.Timestamp("2025-03-01 10:00:00.123456789"), pd.Timestamp("1969-12-31 23:59:59.999999999"),
              pd.Timestamp("1960-01-01 00:00:00.000000001"), pd.Timestamp(np.datetime64("9000-05-05T01:02:03.456789")),
              pd.Timestamp(np.datetime64("0100-05-05T01:02:03", "s")), None, dt.datetime(2025, 1, 2, 3, 4, 5, 6)]
    got, want = _microseconds(values), np.array(values, dtype="datetime64[us]")
    assert got.dtype == want.dtype and got.astype(np.int64).tolist() == want.astype(np.int64).tolist()
