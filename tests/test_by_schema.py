"""A fixed-layout table's columns renamed to schema keys: found by header key wherever they stand, the
first of a repeated header, the missing ones blank, every value kept as the reader gave it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core.inputs import ROW, RawTable, by_schema


def test_columns_are_found_by_header_key_and_the_missing_ones_are_blank():
    table = RawTable.from_rows("Reps", ["Notes", "rep ", "Active", "REP", ""],
                               [["x", "Ann", True, "Bob", 1.5], [None, "Cy", None, None, np.nan]], first_row=5)
    frame, missing = by_schema(table, schema.REPS)
    assert list(frame.columns) == [*schema.REPS.keys, ROW]
    assert missing == [c.header for c in schema.REPS.columns if c.key not in ("rep", "active")]
    assert frame["rep"].tolist() == ["Ann", "Cy"]  # the first of the two Rep columns
    assert frame["active"].tolist() == [True, None]
    for key in schema.REPS.keys:
        assert frame[key].dtype == object
        if key not in ("rep", "active"):
            assert frame[key].tolist() == [None, None]
    assert frame[ROW].tolist() == [5, 6] and frame[ROW].dtype == np.int64


def test_values_keep_their_types_and_an_empty_table_gives_an_empty_frame():
    when = dt.datetime(2025, 3, 4, 9, 30)
    table = RawTable.from_columns("Settings", ["Setting", "Value"],
                                  [np.array(["As-of date", "Backup"], dtype=object),
                                   np.array([when, 1.0], dtype=object)])
    frame, missing = by_schema(table, schema.SETTINGS)
    assert [type(v) for v in frame["value"]] == [dt.datetime, float] and frame["value"].tolist() == [when, 1.0]
    assert frame["help"].tolist() == [None, None] and missing == [schema.SETTINGS.column("help").header]
    empty, _ = by_schema(RawTable.from_rows("Reps", [], []), schema.REPS)
    expected = pd.DataFrame({k: pd.Series([], dtype=object) for k in schema.REPS.keys})
    expected[ROW] = np.arange(0)
    pd.testing.assert_frame_equal(empty, expected, check_index_type=False)
