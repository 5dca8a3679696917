"""The Scores pastes read and put on 0-100 (:class:`Normalised`), as :func:`~coachlog_xl.core.calls.normalise`
gives them and the workbook layer's cache keeps them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from coachlog_xl.core.checks import Issue


@dataclass
class Normalised:
    """The Scores pastes read and put on 0-100, before anything that depends on the as-of date.

    ``rows`` has one row per readable score (names resolved, scale converted, Exclude still in);
    ``issues`` are the Checks rows reading them gave.  It depends only on the Scores sheets, Settings, Criteria and
    Reps (:attr:`as_of_span`: and the as-of dates), so the workbook layer may keep it between refreshes."""

    rows: pd.DataFrame
    issues: list[Issue]
    # the (rep, criterion, call day or None; a blank rep or criterion None) of each row that cannot be placed
    # (see _one_table) and has no Exclude reason, or whose rep or criterion is spelled close to a known
    # one: a baseline recorded now might miss its call
    unplaced: list[tuple] = field(default_factory=list)
    # the rows' rep and criterion factors (pandas.factorize), made as the names were resolved, and call_id's: see count
    factors: dict = field(default_factory=dict)
    # the orders the pastes' dates prove, by their header's words (dateorder.proved_orders): an export imported
    # whose dates prove none is read as the workbook's pastes of its header prove
    dated: dict = field(default_factory=dict)
    # (rep, criterion, day) as unplaced, of rows whose text call date reads two ways while Date order cannot be read
    two_way: list[tuple] = field(default_factory=list)
    # per Scores sheet read, its pastes' header rows and fields' headers (core.fieldnames: the Field column of Checks)
    shown: dict[str, list] = field(default_factory=dict)
    named: list = field(default_factory=list)  # reps, as written, of rows marked N/A, dated, with no Exclude
    as_of_span: tuple = (None, None)  # the as-of dates (from, to; None: open) it holds for (orderwaits.Span)
