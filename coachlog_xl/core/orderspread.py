"""Pastes whose dates, read in the Settings' Date order, spread over months while read the other way they fall
within a few weeks: a French week of 1 to 7 December written ``01/12/2026`` .. ``07/12/2026`` read month-first is
12 January to 12 July.  An export is a span of calls (a day, a week, a month); one whose every date reads two ways
and whose other reading alone keeps it so is doubted as a paste whose dates put calls after the as-of date is
(:func:`~coachlog_xl.core.orderwaits.doubted`), whatever the as-of date: its order is not told, and a baseline
recorded on the wrong days would stay so for good (domain.md, "Baseline is recorded once")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.dateorder import WEEKDAY_DATE
from coachlog_xl.core.distinct import per_value

SPREAD_DAYS = 60  # read in the Settings order, a paste's dates spread over more than this many days ...
WITHIN_DAYS = 31  # ... while read the other way they all fall within this many


def spread_pastes(col: pd.Series, out: pd.DataFrame, free: list) -> dict:
    """Of the pastes ``free`` (read in the Settings order only), those whose rows without an Exclude reason all have
    a call date written as a text of day and month both up to 12, spread over more than :data:`SPREAD_DAYS` days as
    read and within :data:`WITHIN_DAYS` days with day and month swapped: each with (first, last) day as read and
    (first, last) day read the other way.  Whole columns at once: the texts are looked at only for such a paste."""
    pastes = out["paste"].to_numpy()
    read = pd.to_datetime(out["at"]).to_numpy().astype("datetime64[D]")
    rows = np.flatnonzero(np.isin(pastes, free) & ~np.isnat(read) & (out["exclude"].to_numpy() == ""))
    if not len(rows):
        return {}
    day = pd.DatetimeIndex(read[rows]).day.to_numpy()
    rows = rows[~np.isin(pastes[rows], pastes[rows][day > 12])]  # (a paste with a day above 12 reads one way)
    if not len(rows):
        return {}
    days = read[rows]
    when = pd.DatetimeIndex(days)
    day, month = when.day.to_numpy(), when.month.to_numpy()
    swapped = (days.astype("datetime64[Y]").astype("datetime64[M]") + (day - 1).astype("timedelta64[M]")).astype(
        "datetime64[D]") + (month - 1).astype("timedelta64[D]")  # (day and month swapped: both up to 12, a date)
    frame = pd.DataFrame({"p": pastes[rows], "d": days.view(np.int64), "s": swapped.view(np.int64)})
    per = frame.groupby("p").agg(d0=("d", "min"), d1=("d", "max"), s0=("s", "min"), s1=("s", "max"))
    hit = per[(per["d1"] - per["d0"] > SPREAD_DAYS) & (per["s1"] - per["s0"] <= WITHIN_DAYS)]
    found = {}
    for k, r in zip(hit.index.tolist(), hit.itertuples()):
        texts = col.iloc[rows[pastes[rows] == k]]
        if per_value(texts, _both_months, bool).all():
            found[k] = tuple(np.datetime64(int(v), "D").astype(object) for v in (r.d0, r.d1, r.s0, r.s1))
    return found


def _both_months(value) -> bool:
    """Whether a cell is a text date whose day and month are both up to 12 (it reads either way round)."""
    m = WEEKDAY_DATE.match(value) if isinstance(value, str) else None
    return m is not None and max(int(m.group(1)), int(m.group(2))) <= 12
