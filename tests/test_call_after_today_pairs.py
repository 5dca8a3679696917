"""The baselines Scores rows dated after the day after today hold (:func:`coachlog_xl.core.aftertoday.said`): each
(rep, criterion) once, a blank name None, alike whether the names come as texts, as categories or with the factors
the normalising made (the refresh's way: a million rows a year ahead are not hashed again)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from coachlog_xl.core.aftertoday import Ahead, said
from coachlog_xl.core.checks import Issues

TODAY = dt.date(2026, 11, 24)
REPS = ["Ann", None, "Bo", "Ann", "Ann"]
CRITS = ["Greeting", "Greeting", None, "Hold", "Greeting"]


def _rows(rep, criterion) -> pd.DataFrame:
    days = pd.to_datetime(["2027-11-20", "2027-11-19", "2027-11-21", "2027-11-22", "2027-11-23"])
    return pd.DataFrame({"sheet": "Scores", "row": [2, 3, 4, 5, 6], "rep": rep, "criterion": criterion, "day": days})


@pytest.mark.parametrize("way", ["texts", "categories", "factors"])
def test_each_pair_once_with_a_blank_name_as_any(way):
    rep, crit = pd.Series(REPS, dtype=object), pd.Series(CRITS, dtype=object)
    factors = None
    if way == "categories":
        rep, crit = rep.astype("category"), crit.astype("category")
    if way == "factors":  # (pandas.factorize as the normalising makes them: a blank -1)
        factors = {k: pd.factorize(v.to_numpy(dtype=object)) for k, v in (("rep", rep), ("criterion", crit))}
    ahead, issues = Ahead(), Issues()
    said(_rows(rep, crit), TODAY, issues, ahead, factors)
    # rows 2 and 6 are both (Ann, Greeting): once; row 3 any rep's Greeting; row 4 Bo's on any criterion
    assert ahead == {("Ann", "Greeting", None), (None, "Greeting", None), ("Bo", None, None), ("Ann", "Hold", None)}
    assert ahead.first == dt.date(2027, 11, 19)  # (row 3, the earliest)
    assert [i.code.value for i in issues] == ["call-after-today"]
