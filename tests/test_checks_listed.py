"""The Checks sheet never holds more rows than a worksheet can: what does not fit is counted, code by code."""

from __future__ import annotations

from coachlog_xl.core.checks import SHEET_ROWS, Code, Issues, listed


def _issues(n_errors: int, n_infos: int) -> Issues:
    issues = Issues()
    for r in range(n_infos):
        issues.add(Code.DUPLICATE_ROW, "Scores", 100 + r, "call id", f"C{r}", "dropped", "nothing to do")
    for r in range(n_errors):
        issues.add(Code.UNREADABLE_SCORE, "Scores", 2 + r, "score", "meets", "not a score", "type a number")
    return issues


def test_a_table_that_fits_is_written_whole():
    checks = _issues(3, 2).frame()
    assert listed(checks, rows=5) is checks


def test_the_rows_past_the_sheet_are_counted_by_code_in_one_last_row():
    checks = _issues(3, 4).frame()  # 3 errors first, then 4 infos: 7 rows into a sheet of 5
    out = listed(checks, rows=5)
    assert len(out) == 5
    # the four most severe rows are listed as they were; the three infos after them are counted
    assert list(out["code"][:4]) == ["unreadable-score"] * 3 + ["duplicate-row"]
    assert list(out["row"][:4]) == [2, 3, 4, 100]
    last = out.iloc[-1]
    assert (last["code"], last["severity"]) == ("checks-not-listed", "info")  # as the most severe it counts
    assert "3 more problems are not listed" in last["problem"] and "3 duplicate-row" in last["problem"]
    assert "coachlog check" in last["fix"]


def test_the_counts_name_each_code_left_out():
    checks = _issues(6, 2).frame()
    out = listed(checks, rows=4)  # 3 errors listed; 3 errors and 2 infos counted
    assert "5 more problems" in out.iloc[-1]["problem"]
    assert "3 unreadable-score; 2 duplicate-row" in out.iloc[-1]["problem"]
    assert out.iloc[-1]["severity"] == "error"  # errors among those counted: a filter on errors shows it


def test_the_default_is_a_worksheet_less_its_header_row():
    assert SHEET_ROWS == 2 ** 20
    checks = _issues(1, 0).frame()
    assert listed(checks) is checks
    # 1,048,575 problems fill rows 2 to 1,048,576 under the header; one more makes the last a count of two
    row = checks.iloc[[0]]
    fits = row.loc[row.index.repeat(2 ** 20 - 1)].reset_index(drop=True)
    assert listed(fits) is fits
    over = row.loc[row.index.repeat(2 ** 20)].reset_index(drop=True)
    out = listed(over)
    assert len(out) == 2 ** 20 - 1 and out["code"].iloc[-2] == "unreadable-score"
    assert out["problem"].iloc[-1].startswith("2 more problems are not listed")


def test_a_refresh_writes_the_checks_as_listed(tmp_path, monkeypatch):
    # a sheet of 3 rows (header and 2): the demo's problems past the first are counted in the second
    from functools import partial

    from coachlog_xl import api
    from coachlog_xl.workbook import writer
    from tests.wbkit import made_demo, records

    monkeypatch.setattr(writer, "listed", partial(listed, rows=2))
    path = made_demo(tmp_path)
    every = api.compute_file(path).checks
    assert len(every) > 2
    rows = records(path, "Checks")
    assert len(rows) == 2
    assert (rows[0]["Code"], rows[0]["Problem"]) == (every["code"][0], every["problem"][0])
    assert rows[1]["Code"] == "checks-not-listed"
    assert f"{len(every) - 1:,} more problems are not listed" in rows[1]["Problem"]
