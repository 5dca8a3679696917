"""frames.records gives exactly what DataFrame.to_dict("records") gives: same keys, values and types."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from coachlog_xl.core.frames import blank_none, records

# pandas 3 works copy-on-write: a slice shares its parent's memory until either is written. pandas 2.2 (the
# line xlwings Lite ships) writes through a slice, so there the rows must be copied.
COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if a is pd.NaT or a is pd.NA:
        return a is b
    return a == b


def test_records_match_to_dict_over_the_dtypes_a_refresh_meets():
    frame = pd.DataFrame({
        "text": pd.Series(["a", None, "c"], dtype=object),
        "mixed": pd.Series([np.int64(3), np.float64(2.5), np.bool_(True)], dtype=object),
        "numpy_times": pd.Series([np.datetime64("2026-03-01T09:30"), np.timedelta64(5, "m"), np.str_("s")],
                                 dtype=object),
        "objects": pd.Series([dt.date(2026, 3, 1), ("x", "y"), pd.NA], dtype=object),
        "number": [1.5, np.nan, 3.0],
        "count": np.array([1, 2, 3], dtype=np.int64),
        "flag": [True, False, True],
        "when": pd.to_datetime([dt.datetime(2026, 3, 1, 9, 30), None, dt.datetime(2026, 3, 2)]),
        "nullable": pd.array([1, None, 3], dtype="Int64"),
        "string": pd.array(["p", None, "r"], dtype="string"),
        "category": pd.Categorical(["u", "v", "u"]),
    })
    want = frame.to_dict("records")
    got = records(frame)
    assert [list(r) for r in got] == [list(r) for r in want]
    for g, w in zip(got, want):
        for key in w:
            assert _same(g[key], w[key]), (key, g[key], w[key])


def test_records_of_frames_without_rows_or_columns():
    assert records(pd.DataFrame({"a": []})) == []
    assert records(pd.DataFrame(index=range(2))) == [{}, {}]


def _blank_in_row_1() -> pd.DataFrame:
    """Every dtype a refresh writes or aggregates, with a blank of its kind in row 1."""
    return pd.DataFrame({
        "text": pd.Series(["a", None, np.nan], dtype=object),
        "mixed": pd.Series([np.int64(3), np.float64(np.nan), pd.Timestamp("2026-03-01 09:30")], dtype=object),
        "objects": pd.Series([dt.date(2026, 3, 1), pd.NaT, np.bool_(True)], dtype=object),
        "missing": pd.Series(["m", pd.NA, None], dtype=object),
        "number": [1.5, np.nan, np.inf],
        "count": np.array([1, -2, 3], dtype=np.int64),
        "flag": [True, False, True],
        "when": pd.to_datetime([dt.datetime(2026, 3, 1, 9, 30), None, dt.datetime(2026, 3, 2)]),
        "gap": pd.to_timedelta([1, None, 3], unit="D"),
        "nullable": pd.array([1, None, 3], dtype="Int64"),
        "string": pd.array(["p", None, "r"], dtype="string"),
        "str": pd.Series(["x", None, "z"], dtype="str"),
        "category": pd.Categorical(["u", None, "u"]),
    })


def test_sheet_rows_match_cell_value_of_each_row_over_the_dtypes_a_refresh_writes():
    from coachlog_xl.workbook.writer import cell_value, sheet_rows

    frame = _blank_in_row_1()
    sheet = type("Sheet", (), {"keys": ["flag", "text", "mixed", "objects", "number", "count", "when", "nullable",
                                        "string", "str"]})
    want = [[cell_value(v) for v in row] for row in frame[sheet.keys].itertuples(index=False, name=None)]
    got = sheet_rows(sheet, frame)
    assert len(got) == len(want) == 3
    for g, w in zip(got, want):
        assert type(g) is list and len(g) == len(w) == len(sheet.keys)
        for a, b in zip(g, w):
            assert _same(a, b), (a, b)
    assert got[1][4] is None and got[1][3] is None and got[2][4] == math.inf  # NaN blank, infinity kept
    assert sheet_rows(sheet, frame.iloc[:0]) == []


def test_lazy_sheet_rows_are_made_on_first_read_and_are_the_sheet_rows():
    from coachlog_xl.workbook import writer

    frame = _blank_in_row_1()
    sheet = type("Sheet", (), {"keys": ["flag", "text", "number", "when"]})
    made = []
    real = writer.sheet_rows

    def counted(*args):
        made.append(1)
        return real(*args)

    writer_rows = writer.SheetRows(sheet, frame)
    try:
        writer.sheet_rows = counted
        assert len(writer_rows) == 3 and made == []  # the length without making the rows
        assert list(writer_rows) == real(sheet, frame) and writer_rows[2] == real(sheet, frame)[2]
        assert made == [1]  # made once, then kept
    finally:
        writer.sheet_rows = real


def test_blank_none_gives_a_column_as_records_of_the_frame_made_objects_first_with_blanks_none():
    frame = _blank_in_row_1()
    rows = records(frame.astype(object).where(frame.notna(), None))
    for key in frame.columns:
        got, want = blank_none(frame[key]), [r[key] for r in rows]
        assert len(got) == len(want) == 3 and all(_same(g, w) for g, w in zip(got, want)), (key, got, want)
    # row 1 holds a blank of each kind, but in the columns no blank fits (a bool and an int64 column)
    assert [k for k in frame.columns if blank_none(frame[k])[1] is not None] == ["count", "flag"]


def test_kept_rows_are_the_rows_taken_one_by_one_and_a_first_run_of_them_is_not_copied_where_pandas_copies_on_write():
    from coachlog_xl.core.frames import kept_rows

    frame = pd.DataFrame({"text": ["a", None, "c", "d", "e"], "number": [1.0, 2.0, np.nan, 4.0, 5.0],
                          "when": pd.to_datetime(["2025-01-01", None, "2025-01-03", "2025-01-04", "2025-01-05"])},
                         index=[10, 11, 12, 13, 14])
    for kept in ([1, 1, 1, 0, 0], [1, 0, 1, 1, 0], [0, 1, 1, 1, 1], [0] * 5, [1] * 5):
        kept = np.array(kept, dtype=bool)
        got = kept_rows(frame, kept)
        pd.testing.assert_frame_equal(got, frame.iloc[np.flatnonzero(kept)].reset_index(drop=True), check_exact=True)
    first = kept_rows(frame, np.array([1, 1, 1, 0, 0], dtype=bool))
    assert np.shares_memory(first["number"].to_numpy(), frame["number"].to_numpy()) == COPY_ON_WRITE
    first.loc[0, "number"] = 99.0  # a write to the rows kept never reaches the frame they came from
    assert frame["number"].tolist()[:2] == [1.0, 2.0]


def test_counting_calls_with_the_later_ones_at_the_end_copies_no_column_where_pandas_copies_on_write():
    # a paste in date order whose last calls are after the as-of date: the calls counted are its first
    # rows, read where they are (a million rows' cells were copied one by one, 0.08 s)
    from coachlog_xl.core.calls import count, normalise
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.config import read_config
    from coachlog_xl.core.inputs import RawInputs
    from coachlog_xl.core.names import Directory

    scores = [{"call_id": f"C{i}", "rep": "Dana", "criterion": "Greeting", "score": 70.0 + i,
               "call_at": dt.datetime(2025, 3, 1 + i, 10)} for i in range(6)]
    inputs = RawInputs.from_records(scores=scores)
    normalised = normalise(inputs.scores, read_config(inputs, Issues()), Directory(), Directory())
    issues = Issues()
    calls = count(normalised, dt.date(2025, 3, 4), issues)
    assert calls["call_id"].tolist() == ["C0", "C1", "C2", "C3"] and calls["score"].tolist() == [70.0, 71.0, 72.0, 73.0]
    assert "after-as-of" in [i.code.value for i in issues]
    assert np.shares_memory(calls["score"].to_numpy(), normalised.rows["score"].to_numpy()) == COPY_ON_WRITE
