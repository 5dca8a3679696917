"""A column of texts alone is read as one of texts on pandas 2 (an object column) and on pandas 3 (a ``str``
column): the readers that look at a column's texts as a whole (a date order its dates prove, yyyymmdd dates read
at once, the factors made once per export) do so for both."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core import datenumbers, distinct, gradingdate

TEXT_KINDS = [object, pd.StringDtype()]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_holds_text_knows_an_object_and_a_string_column(kind):
    assert distinct.holds_text(pd.Series(["1.250", "1.300"], dtype=kind))


def test_holds_text_knows_the_column_pandas_makes_of_texts_alone():
    assert distinct.holds_text(pd.Series(["1.250", "1.300"]))  # object on pandas 2, str on pandas 3


def test_holds_text_is_false_for_numbers_and_dates():
    assert not distinct.holds_text(pd.Series([1.5, 2.0]))
    assert not distinct.holds_text(pd.Series(pd.to_datetime(["2026-02-03"])))


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_grading_dates_are_read_in_the_order_their_own_texts_prove(kind):
    # 13/02/2026 can only be day-first, so 03/02/2026 beside it is 3 February, not 2 March (Settings month-first)
    col = pd.Series(["13/02/2026", "03/02/2026"], dtype=kind)
    read = gradingdate._moments(col, "month-first", None)
    assert [m.day for m in read] == [dt.date(2026, 2, 13), dt.date(2026, 2, 3)]


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_yyyymmdd_texts_are_read_at_once(kind):
    got = datenumbers.read_column(pd.Series(["20260203", "20260204"], dtype=kind), (2000, 2100))
    assert got is not None
    at, read, _ = got
    assert read.tolist() == [True, True]
    assert at.astype("datetime64[D]").tolist() == list(np.array(["2026-02-03", "2026-02-04"], dtype="datetime64[D]"))


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_the_factors_of_a_text_column_are_made_once(kind):
    data = pd.DataFrame({0: pd.Series(["Dana", "Eli", "Dana"], dtype=kind), 1: [1.0, 2.0, 3.0]})
    factors = distinct.text_factors(data, None)
    assert list(factors) == [0]
    codes, uniques = factors[0]
    assert codes.tolist() == [0, 1, 0] and list(uniques) == ["Dana", "Eli"]
