"""The Log checks add their problems through :meth:`Issues.adder` (a made problem appended as it is):
the Checks table they give, its order, its repeated problems and the count of the problems a sheet
cannot list (checks-not-listed), are those of adding each through :meth:`Issues.add`."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coachlog_xl import api, schema
from coachlog_xl.core.checks import Issues, listed
from tests.demo_kit import demo_copy


def test_log_problems_added_as_made_give_the_checks_of_adding_them_one_by_one(tmp_path, tmp_path_factory, monkeypatch):
    path = demo_copy(tmp_path / "demo.xlsx", tmp_path_factory)
    as_of = dt.date(2026, 6, 30)
    made = api.compute_file(path, as_of=as_of, cache=False).checks

    def one_by_one(self):
        return lambda issue: self.add(*issue)  # (each through add: its row made a whole number there)

    monkeypatch.setattr(Issues, "adder", one_by_one)
    added = api.compute_file(path, as_of=as_of, cache=False).checks
    log_rows = made["sheet"].eq("Log") & made["problem"].str.startswith("Log row ")
    assert log_rows.sum() >= 10  # (the demo's Log has problems of its own to compare)
    # each names its Log column by the header the sheet shows, and its row as the problem says it
    headers = {c.header for c in schema.LOG.columns}
    for _, issue in made[log_rows].iterrows():
        assert issue["field"] in headers, issue["field"]
        assert type(issue["row"]) is int and issue["problem"].startswith(f"Log row {issue['row']} (")
    pd.testing.assert_frame_equal(made, added)
    # the sheet's cap: the first rows and one row counting the rest, code by code
    pd.testing.assert_frame_equal(listed(made, rows=8), listed(added, rows=8))
