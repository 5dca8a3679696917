"""A number in a duration format past what Python's durations hold (a ten-digit call id formatted [h]:mm:ss) is
read as the error value Excel shows for it, #VALUE!, and Checks names its row: the column-wise reader and
python-calamine's rows both raised OverflowError, a refresh ended in a traceback.  In a date format the same
number is read as the number (python-calamine gives it so), as before."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.wbkit import one_rep_book, records, run


@pytest.mark.parametrize(("fmt", "named"), [("[h]:mm:ss", True), ("yyyy-mm-dd", False)])
def test_a_call_id_in_a_duration_format_past_the_range_is_named_not_a_traceback(tmp_path, fmt, named):
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = one_rep_book(book, [(day, 60 if i < 10 else 80) for i, day in enumerate(days)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10),
                        "Development target": "Name the concern first."}])
    wb["Scores"]["A2"] = 1_000_000_001  # (C00's id, typed as a number in a time format)
    wb["Scores"]["A2"].number_format = fmt
    wb.save(book)
    out = run("refresh", book, "--as-of", "2026-04-30")
    assert out.exit_code == 0 and out.exception is None, out.output
    said = [(c["Severity"], c["Row"], c["Field"], c["Value"]) for c in records(book, "Checks")
            if c["Sheet"] == "Scores"]
    assert said == ([("error", 2, "call id", "#VALUE!")] if named else [])
    [s1] = records(book, "Follow-up")
    # the ten 80s after the session, read as they were; the baseline's first call read (a number) or held back
    assert (s1["Follow-up n"], s1["Baseline n"]) == (10, 9 if named else 10)
