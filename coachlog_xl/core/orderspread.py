"""Pastes whose dates, read in the Settings' Date order, spread over months while read the other way they fall
within a few weeks: a French week of 1 to 7 December written ``01/12/2026`` .. ``07/12/2026`` read month-first is
12 January to 12 July.  An export is a span of calls (a day, a week, a month); one whose every date reads two ways
and whose other reading alone keeps it so is doubted as a paste whose dates put calls after the as-of date is
(:func:`~coachlog_xl.core.orderwaits.doubted`), whatever the as-of date: its order is not told, and a baseline
recorded on the wrong days would stay so for good (domain.md, "Baseline is recorded once")."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl.core.coerce import full_year
from coachlog_xl.core.dateorder import WEEKDAY_DATE

SPREAD_DAYS = 60  # read in the Settings order, a paste's dates spread over more than this many days ...
WITHIN_DAYS = 31  # ... while read the other way they all fall within this many
MIN_DATES = 5  # a paste of fewer distinct dates (2 March and 2 June) is too short to tell its order by
SHIFT_DAYS = 2  # a time zone converted into moves a call's day by at most this many (+14:00 to -12:00 is 26 hours)


def spread_pastes(col: pd.Series, out: pd.DataFrame, free: list, order: str) -> dict:
    """Of the pastes ``free`` (read in the Settings ``order`` only), those whose rows without an Exclude reason all
    have a call date written as a text of day and month both up to 12, on at least :data:`MIN_DATES` distinct days,
    spread over more than :data:`SPREAD_DAYS` days as read and within :data:`WITHIN_DAYS` days with day and month
    swapped: each with (first, last) day as read and (first, last) day read the other way.  Day and month are the
    text's, not those of the moment a time zone was converted into (07/12 20:00 +00:00 read month-first is 13 July
    in Tokyo, yet written the 7th).  A paste with a converted day the zone cannot have moved from one up to 12 is
    left out at once (the usual export), whole columns at once; the texts of the others are read once each."""
    pastes = out["paste"].to_numpy()
    read = pd.to_datetime(out["at"]).to_numpy().astype("datetime64[D]")
    rows = np.flatnonzero(np.isin(pastes, free) & ~np.isnat(read) & (out["exclude"].to_numpy() == ""))
    if not len(rows):
        return {}
    day = pd.DatetimeIndex(read[rows]).day.to_numpy()
    one_way = (day > 12 + SHIFT_DAYS) & (day <= 28 - SHIFT_DAYS)  # (written a day from 13 to 28, whatever the zone)
    rows = rows[~np.isin(pastes[rows], pastes[rows][one_way])]
    if not len(rows):
        return {}
    codes, uniques = pd.factorize(col.iloc[rows].to_numpy(dtype=object), use_na_sentinel=False)
    texts = np.array([_day_month(v, order) for v in uniques], dtype="datetime64[D]")[codes]
    keep = ~np.isin(pastes[rows], pastes[rows][np.isnat(texts).any(axis=1)])  # (every date must read two ways)
    rows, texts = rows[keep], texts[keep]
    if not len(rows):
        return {}
    frame = pd.DataFrame({"p": pastes[rows], "d": texts[:, 0].view(np.int64), "s": texts[:, 1].view(np.int64)})
    per = frame.groupby("p").agg(d0=("d", "min"), d1=("d", "max"), s0=("s", "min"), s1=("s", "max"),
                                 n=("d", "nunique"))
    hit = per[(per["d1"] - per["d0"] > SPREAD_DAYS) & (per["s1"] - per["s0"] <= WITHIN_DAYS)
              & (per["n"] >= MIN_DATES)]
    return {k: tuple(np.datetime64(int(v), "D").astype(object) for v in (r.d0, r.d1, r.s0, r.s1))
            for k, r in zip(hit.index.tolist(), hit.itertuples())}


def _day_month(value, order: str) -> tuple:
    """A text date whose day and month are both up to 12 (it reads either way round) as (the day read in ``order``,
    the day read the other way), from its text; (NaT, NaT) for any other cell."""
    m = WEEKDAY_DATE.match(value) if isinstance(value, str) else None
    if m is None or max(int(m.group(1)), int(m.group(2))) > 12 or min(int(m.group(1)), int(m.group(2))) < 1:
        return np.datetime64("NaT"), np.datetime64("NaT")
    first, second, year = int(m.group(1)), int(m.group(2)), full_year(int(m.group(3)))
    month, day = (first, second) if order == "month-first" else (second, first)
    return np.datetime64(dt.date(year, month, day)), np.datetime64(dt.date(year, day, month))
