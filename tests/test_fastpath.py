"""The fast paths give exactly what the straightforward methods give.

Windows: :func:`coachlog_xl.core.windows.assign` finds each session's calls by binary search; the
reference here pairs every session with every call of its rep and criterion (the method it
replaced) and applies the same rules.  Both run on varied random sessions and calls: date-only and
timed sessions and calls, calls at midnight with a time, calls exactly at the session's moment and
at the window's end, sessions naming a call type in other spellings, unknown criteria.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core.calls import CALL_COLUMNS
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.stats import window_stats
from coachlog_xl.core.windows import BASELINE, FOLLOWUP, SAME_DAY, assign, join_parts
from tests.wbkit import assert_same_results, refreshed_both_ways, type_log_rows, with_shared_strings

START = dt.datetime(2026, 3, 1)


def reference_assign(sessions: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """Every session paired with every call of its rep and criterion, then the window rules."""
    sess = sessions.assign(s=np.arange(len(sessions)))[
        ["s", "rep", "criterion", "at", "timed", "day", "timeframe_days", "window_n", "call_type"]]
    sess = sess[sess["criterion"].notna()]
    pairs = sess.merge(calls, on=["rep", "criterion"], suffixes=("_s", ""))
    wanted = pairs["call_type_s"].map(header_key)
    pairs = pairs[(wanted == "") | (wanted == pairs["call_type"].map(header_key))]
    span = pd.to_timedelta(pairs["timeframe_days"].astype(int), unit="D")
    s_at, s_day, timed = pairs["at_s"], pairs["day_s"], pairs["timed"].astype(bool)
    c_at, c_day = pairs["at"], pairs["day"]
    by_day = ~timed | pairs["date_only"].astype(bool)
    end_day = (s_at + span).dt.normalize()
    before = np.where(by_day, c_day < s_day, c_at < s_at)
    after = np.where(by_day, (c_day > s_day) & (c_day <= end_day), (c_at > s_at) & (c_at <= s_at + span))
    same_day = ~before & ~after & (c_day == s_day).to_numpy()
    pairs = pairs.assign(role=np.select([before, after, same_day], [BASELINE, FOLLOWUP, SAME_DAY], default=""))
    pairs = pairs[pairs["role"] != ""].sort_values(["s", "at", "call_id", "sheet", "row"], kind="stable")
    base = pairs[pairs["role"] == BASELINE]
    base = base.assign(pos=base.groupby("s").cumcount(ascending=False))
    base = base[base["pos"] < base["window_n"]]
    follow = pairs[pairs["role"] == FOLLOWUP]
    follow = follow.assign(pos=follow.groupby("s").cumcount())
    follow = follow[follow["pos"] < follow["window_n"]]
    same = pairs[pairs["role"] == SAME_DAY].assign(pos=0)
    keep = list(calls.columns) + ["s", "role", "pos"]
    return pd.concat([base, follow, same])[keep].reset_index(drop=True)


def random_case(seed: int, start: dt.datetime = START) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    reps, criteria, types = ["Ana", "Ben", "Cy"], ["Greeting", "Hold"], ["inbound", "outbound", ""]
    calls = []
    for k in range(rng.randint(0, 160)):
        day = start + dt.timedelta(days=rng.randint(0, 25))
        kind = rng.random()
        if kind < 0.3:
            at, date_only = day, True
        elif kind < 0.4:
            at, date_only = day, False  # a call time of 00:00 given in its own column
        else:
            at, date_only = day + dt.timedelta(hours=rng.choice((9, 12, 15)), minutes=rng.choice((0, 30))), False
        calls.append({
            "call_id": f"C{rng.randint(0, 60):03d}", "rep": rng.choice(reps), "criterion": rng.choice(criteria),
            "score": float(rng.randint(0, 100)), "at": at, "date_only": date_only, "day": day,
            "call_type": rng.choice(types), "version": rng.choice(["", "v1", "v2"]), "evaluator": "",
            "sheet": rng.choice(["Scores", "Scores 2"]), "row": k + 2,
        })
    sessions = []
    for k in range(rng.randint(1, 30)):
        day = start + dt.timedelta(days=rng.randint(0, 25))
        timed = rng.random() < 0.5
        at = day + dt.timedelta(hours=rng.choice((0, 9, 12, 15)), minutes=rng.choice((0, 30))) if timed else day
        sessions.append({
            "session_id": f"S{k}", "rep": rng.choice(reps + ["Dee"]),
            "criterion": rng.choice(criteria + [None]), "at": at, "timed": timed, "day": day,
            "timeframe_days": rng.randint(1, 6), "window_n": rng.randint(1, 5),
            "call_type": rng.choice(["", "", "inbound", " Inbound", "outbound", "retention"]),
        })
    calls_df = pd.DataFrame(calls, columns=CALL_COLUMNS)
    calls_df["at"] = pd.to_datetime(calls_df["at"])
    calls_df["day"] = pd.to_datetime(calls_df["day"])
    sess_df = pd.DataFrame(sessions)
    sess_df["criterion"] = sess_df["criterion"].astype(object)
    return sess_df, calls_df


@pytest.mark.parametrize("start", [START, dt.datetime(1969, 12, 20)])  # days before and after 1970
@pytest.mark.parametrize("seed", range(40))
def test_binary_search_windows_match_pairing_every_session_with_every_call(seed, start):
    sessions, calls = random_case(seed, start)
    got = assign(sessions, calls)
    want = reference_assign(sessions, calls) if len(calls) else got.iloc[0:0]
    assert len(want) == len(got)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)
    stats_got = window_stats(len(sessions), got)
    stats_want = window_stats(len(sessions), want)
    pd.testing.assert_frame_equal(stats_got, stats_want)


@pytest.mark.parametrize("seed", range(20))
def test_windows_of_two_parts_of_the_sessions_are_the_windows_of_all(seed):
    sessions, calls = random_case(seed)
    whole = assign(sessions, calls)
    for cut in sorted({0, len(sessions) // 2, len(sessions)}):
        parts = [assign(sessions.iloc[:cut], calls), assign(sessions.iloc[cut:], calls, first=cut)]
        pd.testing.assert_frame_equal(join_parts(parts, calls), whole, check_dtype=bool(len(whole)))
        stats = pd.concat([window_stats(cut, parts[0]), window_stats(len(sessions) - cut, parts[1], first=cut)])
        pd.testing.assert_frame_equal(stats, window_stats(len(sessions), whole))


def test_random_cases_cover_every_role_and_a_full_window():
    roles, full = set(), 0
    for seed in range(40):
        sessions, calls = random_case(seed)
        got = assign(sessions, calls)
        roles |= set(got["role"])
        full += int(((got["role"] == BASELINE) & (got["pos"] == got["s"].map(sessions["window_n"]) - 1)).sum())
    assert roles == {BASELINE, FOLLOWUP, SAME_DAY}
    assert full > 0


def test_window_stats_lists_calls_in_window_order():
    # a baseline of N=2 keeps the last two calls before the session, listed oldest first
    sessions = pd.DataFrame([{"rep": "Ana", "criterion": "Hold", "at": pd.Timestamp("2026-03-10"), "timed": False,
                              "day": pd.Timestamp("2026-03-10"), "timeframe_days": 30, "window_n": 2,
                              "call_type": ""}])
    calls = pd.DataFrame([
        {"call_id": cid, "rep": "Ana", "criterion": "Hold", "score": score, "at": pd.Timestamp(at),
         "date_only": False, "day": pd.Timestamp(at).normalize(), "call_type": "inbound", "version": "",
         "evaluator": "", "sheet": "Scores", "row": row}
        for cid, score, at, row in (("C1", 50.0, "2026-03-01 09:00", 2), ("C2", 60.0, "2026-03-05 09:00", 3),
                                    ("C3", 70.0, "2026-03-07 09:00", 4), ("C4", 90.0, "2026-03-12 09:00", 5))
    ], columns=CALL_COLUMNS)
    stats = window_stats(1, assign(sessions, calls))
    assert stats.at[0, "b_ids"] == ["C2", "C3"]
    assert stats.at[0, "b_mean"] == (60.0 + 70.0) / 2
    assert stats.at[0, "f_scores"] == [90.0]


def varied_workbook(path):
    """A workbook whose Scores sheet fastexcel can read column-wise (one kind of value per column,
    date-times with and without a time and with fractions of a second, blank rows inside and at the
    end, a totals row, unknown spellings), a second paste of scores with N/A text among them (numbers
    read column-wise, the text put back), and a third it cannot read (a date among the scores)."""
    from openpyxl import load_workbook

    from coachlog_xl import api

    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    for i, name in enumerate(["Greeting", "Hold"], start=2):
        wb["Criteria"].cell(row=i, column=2, value=name)
    for i, rep in enumerate(["Ana", "Ben"], start=2):
        wb["Reps"].cell(row=i, column=1, value=rep)
    rng = random.Random(5)
    scores = wb["Scores"]
    r = 2
    for k in range(300):
        if k in (40, 41):
            r += 1  # a blank row inside the paste
            continue
        at = START + dt.timedelta(days=rng.randint(0, 40), hours=rng.choice((0, 9, 14)),
                                  minutes=rng.choice((0, 15)), microseconds=rng.choice((0, 400_000, 999_000)))
        call = "Total" if k == 299 else f"C{k:04d}"
        values = [call, rng.choice(["Ana", "Ben", "ana ", "Cyd"]), at, rng.choice(["Greeting", "Hold", "hold"]),
                  rng.choice((1, 2, 3, 4, 5)) * 20, rng.choice(["inbound", "outbound", None])]
        for c, v in enumerate(values, start=1):
            scores.cell(row=r, column=c, value=v)
        r += 1
    second = wb.create_sheet("Scores 2")
    second.append(["Call ID", "Rep", "Call date", "Criterion", "Score"])
    for k in range(30):
        second.append([f"D{k:03d}", "Ana", START + dt.timedelta(days=k), "Greeting", "N/A" if k % 7 == 0 else 70 + k])
    third = wb.create_sheet("Scores 3")
    third.append(["Call ID", "Rep", "Call date", "Criterion", "Score"])
    for k in range(30):
        third.append([f"E{k:03d}", "Ben", START + dt.timedelta(days=k), "Hold",
                      dt.datetime(2025, 3, 1) if k == 9 else 60 + k])
    type_log_rows(wb, [{"Session ID": f"S{s}", "Rep": ["Ana", "Ben"][s % 2],
                        "Session date": (START + dt.timedelta(days=3 * s)).date(),
                        "Targeted criterion": ["Greeting", "Hold"][s % 2]} for s in range(12)])
    wb.save(path)


def test_column_wise_read_gives_the_same_refresh_as_the_row_reader(tmp_path, monkeypatch):
    from coachlog_xl.workbook.book import FileBook

    path = tmp_path / "varied.xlsx"
    varied_workbook(path)
    book = FileBook(path)
    assert book.table("Scores") is not None  # read column-wise
    assert book.table("Scores 2") is not None  # numbers and N/A: read column-wise, the text put back
    assert book.table("Scores 3") is None  # a date among numbers: read row by row
    fast, slow = refreshed_both_ways(path, monkeypatch, dt.date(2026, 6, 30))
    assert fast.summary["scores"] > 250
    assert_same_results(fast, slow)


@pytest.mark.parametrize("header", [
    ["Call ID", "Score", None, "Score", "Score_1"],  # a blank and a repeated header (one per evaluator)
    [" Call ID ", "Score", 2025, "Criterion", "x"],  # spaces kept, a number as a header
])
def test_column_wise_read_keeps_row_one_exactly(tmp_path, header):
    from openpyxl import Workbook

    from coachlog_xl.workbook.book import FileBook
    from coachlog_xl.workbook.reader import _table

    path = tmp_path / "head.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws.append(header)
    for k in range(5):
        ws.append([f"C{k}", 80.0, f"v{k}", 70.0 + k, "a"])
    wb.save(path)
    book = FileBook(path)
    fast = book.table("Scores")
    slow = _table(book.rows("Scores"), "Scores")
    assert fast is not None
    assert fast.headers == slow.headers
    pd.testing.assert_frame_equal(fast.data.map(lambda v: None if v == "" or v != v else v),
                                  slow.data.map(lambda v: None if v == "" or v != v else v), check_dtype=False)


def _six_calls_edited(tmp_path, edit, row: int = 1, column: int = 1):
    """A Scores sheet of six calls whose header stands at ``row`` and ``column``, written by openpyxl,
    its sheet XML then passed through ``edit`` (bytes in, bytes out): the file's path."""
    import zipfile

    from openpyxl import Workbook

    made = tmp_path / "made.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    cells = [["Call ID", "Rep", "Call date", "Criterion", "Score"]]
    cells += [[f"C{k}", "Dana Cruz", dt.datetime(2026, 3, 2 + k, 9, 30), "Empathy", 70.0 + k] for k in range(6)]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            ws.cell(row=row + r, column=column + c, value=value)
    wb.save(made)
    path = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info, edit(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return path


@pytest.mark.parametrize("numbers", [("row", "c"), ("c",), ("row",)])
def test_a_sheet_stored_without_row_or_cell_numbers_is_read_column_wise(tmp_path, numbers):
    # r is optional in the format: a row or a cell without it follows the one before (the first row is
    # row 1, a row's first cell is in column A); some writers leave it out, every reader places them
    from coachlog_xl.workbook.book import FileBook
    from coachlog_xl.workbook.reader import _table

    def bare(data: bytes) -> bytes:
        for tag in numbers:
            data, n = re.subn(rb'(<' + tag.encode() + rb'\b[^>]*?) r="[A-Z]*\d+"', rb"\1", data)
            assert n >= 7
        return data

    book = FileBook(_six_calls_edited(tmp_path, bare))
    fast = book.table("Scores")
    assert fast is not None  # (not left to the row reader)
    slow = _table(book.rows("Scores"), "Scores")
    assert fast.headers == ["Call ID", "Rep", "Call date", "Criterion", "Score"] == slow.headers
    # (its row)
    assert list(fast.data.iloc[5]) == ["C5", "Dana Cruz", dt.datetime(2026, 3, 7, 9, 30), "Empathy", 75.0, 7]
    pd.testing.assert_frame_equal(fast.data.astype(object), slow.data.astype(object), check_dtype=False)


@pytest.mark.parametrize(("row", "column"), [(2, 1), (1, 2), (1, 1)])
def test_a_sheet_written_with_single_quoted_attributes_is_placed_where_its_cells_stand(tmp_path, row, column):
    # XML allows r='B1' as well as r="B1": a table starting in row 2 or column B is no table at A1
    # (fastexcel drops the offset), so it is left to the row reader; one at A1 is read column-wise
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.book import FileBook
    from coachlog_xl.workbook.reader import _table

    def quoted(data: bytes) -> bytes:
        at = data.index(b"<sheetData")
        rows, n = re.subn(rb'(<(?:row|c)\b[^>]*?) r="([A-Z]*\d+)"', rb"\1 r='\2'", data[at:])
        assert n == 7 * 6
        return data[:at] + rows

    path = _six_calls_edited(tmp_path, quoted, row, column)
    fast = columns.read_columns(path, "Scores", "xl/worksheets/sheet1.xml")
    slow = _table(FileBook(path).rows("Scores"), "Scores")
    if (row, column) != (1, 1):
        assert fast is None
        return
    assert fast.headers == ["Call ID", "Rep", "Call date", "Criterion", "Score"] == slow.headers
    pd.testing.assert_frame_equal(fast.data.astype(object), slow.data.astype(object), check_dtype=False)


def reference_merge(rows: pd.DataFrame, issues) -> pd.DataFrame:
    """Conflicts, calibration and a call's rows of a criterion on several call days (whoever scored them; one note
    per call) grouped on the call id and criterion texts (the method replaced)."""
    from coachlog_xl.core.checks import Code

    rows["_ev"] = rows["evaluator"].map(header_key)
    # a score without its evaluator on a call with named ones: one of their scores again (dropped, one
    # note per sheet), or another score (the call conflicts)
    named = {}
    for call, crit, ev, score in rows[["call_id", "criterion", "_ev", "score"]].itertuples(index=False):
        if ev:
            named.setdefault((call, crit), set()).add(score)
    again, clash = [], set()
    for i, (call, crit, ev, score) in enumerate(rows[["call_id", "criterion", "_ev", "score"]].itertuples(index=False)):
        if not ev and (call, crit) in named:
            (again.append(i) if score in named[call, crit] else clash.add((call, crit)))
    if again:
        issues.add(Code.DUPLICATE_ROW, "Scores", int(rows["row"].iloc[again[0]]), "evaluator", None, "", "")
        rows = rows.drop(rows.index[again])
    per_eval = rows.groupby(["call_id", "criterion", "_ev"], sort=False)["score"].transform("nunique")
    keys = pd.concat([rows.loc[per_eval > 1, ["call_id", "criterion"]],
                      pd.DataFrame(sorted(clash), columns=["call_id", "criterion"])]).drop_duplicates()
    in_conflict = rows.set_index(["call_id", "criterion"]).index.isin(keys.set_index(["call_id", "criterion"]).index)
    for (call, crit), grp in rows[in_conflict].groupby(["call_id", "criterion"], sort=True):
        issues.add(Code.CONFLICT, grp["sheet"].iloc[0], grp["row"].iloc[0], "score", None, f"{call} {crit}", "")
    rows = rows[~in_conflict]
    n_eval = rows.groupby(["call_id", "criterion"], sort=False)["_ev"].transform("nunique")
    # a call and criterion whose rows are on different days is said so, not as a calibration (two calls, maybe)
    apart = rows.groupby(["call_id", "criterion"], sort=False)["day"].transform("nunique") > 1
    for (call, crit), grp in rows[(n_eval > 1) & ~apart].groupby(["call_id", "criterion"], sort=True):
        issues.add(Code.CALIBRATION_MERGED, grp["sheet"].iloc[0], grp["row"].iloc[0], "evaluator", None,
                   f"{call} {crit}", "")
    for call, grp in rows[apart].groupby("call_id", sort=False):
        issues.add(Code.REPEAT_DATES_DIFFER, grp["sheet"].iloc[0], grp["row"].iloc[0], "call date", None, call, "")
    merged = rows.groupby(["call_id", "criterion"], sort=False, as_index=False).agg(
        rep=("rep", "first"), score=("score", "mean"), at=("at", "first"), date_only=("date_only", "first"),
        day=("day", "first"), call_type=("call_type", "first"), version=("version", "first"),
        evaluator=("evaluator", "first"), sheet=("sheet", "first"), row=("row", "first"),
    )
    return merged[CALL_COLUMNS].reset_index(drop=True)


def graded_rows(seed: int) -> pd.DataFrame:
    """Scores of up to 40 calls on two criteria by evaluators spelled several ways (re-grades,
    calibration and conflicts), an hour apart: a call's rows may fall on several days."""
    rng = random.Random(seed)
    return pd.DataFrame([{
        "call_id": f"C{rng.randint(0, 40)}", "rep": "Ana", "criterion": rng.choice(["Greeting", "Hold"]),
        "score": float(rng.choice((60, 80, 100))), "at": pd.Timestamp("2026-03-01") + pd.Timedelta(hours=k),
        "date_only": False, "day": pd.Timestamp("2026-03-01") + pd.Timedelta(days=k // 24), "call_type": "",
        "version": "",
        "evaluator": rng.choice(["Eve", "eve ", "Max", ""]), "sheet": "Scores", "row": k + 2,
    } for k in range(rng.randint(1, 120))])


@pytest.mark.parametrize("seed", range(15))
def test_evaluator_merge_on_numbers_matches_grouping_on_texts(seed, monkeypatch):
    from coachlog_xl.core import repeatnotes, repeats
    from coachlog_xl.core.checks import Issues

    monkeypatch.setattr(repeatnotes, "SHOWN", 1000)  # every note named, as the reference names them
    rows = graded_rows(seed)
    got_issues, want_issues = Issues(), Issues()
    got = repeats.merge_evaluators(repeats.with_call_keys(rows.copy()), got_issues, CALL_COLUMNS)
    want = reference_merge(rows.copy(), want_issues)
    pd.testing.assert_frame_equal(got, want)
    assert [(i.code, i.row) for i in got_issues] == [(i.code, i.row) for i in want_issues]
    got_keys = [tuple(g for g in re.match(r'Call ([^\s:,]+)(?:, "([^"]+)")?', i.problem).groups() if g is not None)
                for i in got_issues if i.problem.startswith("Call")]
    assert got_keys == [tuple(i.problem.split(" ")) for i in want_issues if i.problem]


def test_graded_rows_hold_conflicts_and_calibrations():
    from coachlog_xl.core.checks import Code, Issues

    found = set()
    for seed in range(15):
        issues = Issues()
        reference_merge(graded_rows(seed), issues)
        found |= set(issues.codes())
    # (a score again without its name; a call's scores of a criterion on two call days)
    assert found == {Code.CONFLICT, Code.CALIBRATION_MERGED, Code.DUPLICATE_ROW, Code.REPEAT_DATES_DIFFER}


@pytest.mark.parametrize("text", [
    "2025-06-01", "2025-06-01 08:00", "2025-06-01T08:00:05", "2025-12-11 23:59:59.250", "2024-02-29 00:00",
    "2025-06-01 08:00:05.123456", "2025-02-30", "2025-06-01 25:00", "2025-06-01T00:00:00",
])
def test_iso_text_dates_read_as_the_general_parser_reads_them(text):
    from dateutil import parser as dateparser

    from coachlog_xl.core import coerce

    try:
        want = coerce._from_datetime(dateparser.parse(text, dayfirst=False), None)
    except (ValueError, OverflowError):
        with pytest.raises(coerce.Unreadable):
            coerce.moment(text, "month-first")
        return
    assert coerce.moment(text, "month-first") == want


@pytest.mark.parametrize("totals_row", [True, False])  # without one, the text columns use the factors too
def test_the_column_readers_factors_are_pandas_factorize_and_change_no_normalised_row(tmp_path, totals_row):
    # A text column read column-wise comes with its codes and distinct values; the paste's reading
    # uses them instead of hashing the column again.  They must be what pandas.factorize gives, and
    # reading with them must give the same rows and Checks rows as reading without.
    import dataclasses

    from openpyxl import load_workbook

    from coachlog_xl import schema
    from coachlog_xl.core import calls
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.config import read_config
    from coachlog_xl.core.inputs import by_schema
    from coachlog_xl.core.names import criterion_directory, rep_directory
    from coachlog_xl.workbook import reader
    from coachlog_xl.workbook.book import FileBook

    path = tmp_path / "varied.xlsx"
    varied_workbook(path)
    if not totals_row:
        wb = load_workbook(path)
        cell = next(c for c in wb["Scores"]["A"] if c.value == "Total")
        cell.value = "C9999"
        wb.save(path)
    book = FileBook(path)
    table = book.table("Scores")
    assert len(table.factors) >= 4  # call id, rep, criterion, call type
    for p, (codes, distinct) in table.factors.items():
        want_codes, want_distinct = pd.factorize(table.data[p].astype(object), use_na_sentinel=True)
        assert codes.tolist() == want_codes.tolist() and list(distinct) == list(want_distinct)
    inputs = reader.inputs_from_book(FileBook(path), scores=False)
    cfg = read_config(inputs, Issues())
    reps, crits = rep_directory(by_schema(inputs.reps, schema.REPS)[0]), \
        criterion_directory(by_schema(inputs.criteria, schema.CRITERIA)[0])
    with_factors = calls.normalise([table], cfg, reps, crits)
    without = calls.normalise([dataclasses.replace(table, factors={})], cfg, reps, crits)
    pd.testing.assert_frame_equal(with_factors.rows, without.rows, check_exact=True)
    assert with_factors.issues == without.issues and len(with_factors.issues) > 0


def test_an_empty_column_read_column_wise_comes_with_factors_saying_so_and_is_not_scanned(tmp_path, monkeypatch):
    # The template's columns an export leaves empty (a million blank cells each at 1M rows) come from the
    # column reader with factors that say so (every code -1, no value), and the layout takes them from
    # there instead of scanning each cell for a value; the normalised rows are the same without them
    # (the test above).
    from coachlog_xl.core import calls, layout
    from coachlog_xl.core.config import Config
    from coachlog_xl.core.names import Directory
    from coachlog_xl.workbook.book import FileBook

    path = tmp_path / "varied.xlsx"
    varied_workbook(path)
    table = FileBook(path).table("Scores")
    empty = [p for p in range(len(table.headers)) if table.data[p].isna().all()]
    assert empty  # (the template's columns this export has no values for)
    for p in empty:
        codes, distinct = table.factors[p]
        assert len(distinct) == 0 and len(codes) == len(table.data) and (np.asarray(codes) == -1).all()
    scanned = []
    real = layout.is_empty
    monkeypatch.setattr(layout, "is_empty", lambda col: scanned.append(col.name) or real(col))
    calls.normalise([table], Config(), Directory(), Directory())
    assert scanned and not set(scanned) & set(empty)


def _greeting_book(path):
    """A new workbook with the criterion Greeting and the rep Ana (an openpyxl workbook to add to)."""
    from openpyxl import load_workbook

    from coachlog_xl import api

    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    wb["Criteria"].cell(row=2, column=2, value="Greeting")
    wb["Reps"].cell(row=2, column=1, value="Ana")
    return wb


def _normalised_both_ways(path, monkeypatch):
    """The workbook's Scores normalised as read column-wise, then as read row by row; checks that
    both give the same rows and Checks rows, and returns the first."""
    from coachlog_xl import schema
    from coachlog_xl.core import calls
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.config import read_config
    from coachlog_xl.core.inputs import by_schema
    from coachlog_xl.core.names import criterion_directory, rep_directory
    from coachlog_xl.workbook import columns, reader

    def normalised():
        inputs = reader.read_inputs(path)
        cfg = read_config(inputs, Issues())
        reps = rep_directory(by_schema(inputs.reps, schema.REPS)[0])
        crits = criterion_directory(by_schema(inputs.criteria, schema.CRITERIA)[0])
        return calls.normalise(inputs.scores, cfg, reps, crits)

    fast = normalised()
    with monkeypatch.context() as patched:
        patched.setattr(columns, "modules", lambda: None)
        slow = normalised()
    pd.testing.assert_frame_equal(fast.rows, slow.rows, check_exact=True)
    assert fast.issues == slow.issues
    return fast


def test_a_column_mixing_kinds_reads_as_the_row_reader_reads_it(tmp_path, monkeypatch):
    # Text times with one number (0.5 of a day = 12:00), and a yes/no among numeric scores: a
    # column-wise read would give "0.5" and 1.0; the row reader gives 0.5 and True.
    path = tmp_path / "mixed.xlsx"
    wb = _greeting_book(path)
    mixed = wb.create_sheet("Scores mixed")
    mixed.append(["Call ID", "Agent", "Date", "Time", "Metric", "Score"])
    mixed.append(["D1", "Ana", dt.datetime(2025, 3, 4), "2:30 PM", "Greeting", 80])
    mixed.append(["D2", "Ana", dt.datetime(2025, 3, 7), 0.5, "Greeting", True])
    mixed.append(["D3", "Ana", dt.datetime(2025, 3, 8), "09:15", "Greeting", 60])
    wb.save(path)
    fast = _normalised_both_ways(path, monkeypatch)
    got = fast.rows.sort_values("call_id")
    assert list(zip(got["call_id"], got["at"], got["score"])) == [
        ("D1", dt.datetime(2025, 3, 4, 14, 30), 80.0),
        ("D2", dt.datetime(2025, 3, 7, 12, 0), 100.0),  # 0.5 x 24 h = 12:00; yes = 100
        ("D3", dt.datetime(2025, 3, 8, 9, 15), 60.0),
    ]


@pytest.mark.parametrize("time_format", ["h:mm", "h:mm:ss AM/PM", "[h]:mm:ss"])  # times of day, and durations
def test_separate_date_and_time_columns_are_read_column_wise_as_the_row_reader_reads_them(
        tmp_path, monkeypatch, time_format):
    from coachlog_xl.workbook.book import FileBook

    path = tmp_path / "date_time.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores export")
    ws.append(["Call ID", "Agent", "Date", "Time", "Metric", "Score"])
    fractions = [0.0, 9.5 / 24, (14 * 3600 + 7 * 60 + 31) / 86400, None, 86399 / 86400]
    for k, fraction in enumerate(fractions):
        ws.append([f"T{k}", "Ana", dt.datetime(2025, 3, 3 + k), fraction, "Greeting", 70 + k])
        ws.cell(row=ws.max_row, column=3).number_format = "yyyy-mm-dd"
        ws.cell(row=ws.max_row, column=4).number_format = time_format
    wb.save(path)
    assert FileBook(path).table("Scores export") is not None  # not sent to the row reader
    got = _normalised_both_ways(path, monkeypatch).rows.sort_values("call_id")
    # by hand: 0.0 is midnight (a time given: not date only); 9.5 h; 14:07:31; no time; 23:59:59
    assert list(zip(got["call_id"], got["at"], got["date_only"])) == [
        ("T0", dt.datetime(2025, 3, 3, 0, 0), False),
        ("T1", dt.datetime(2025, 3, 4, 9, 30), False),
        ("T2", dt.datetime(2025, 3, 5, 14, 7, 31), False),
        ("T3", dt.datetime(2025, 3, 6), True),
        ("T4", dt.datetime(2025, 3, 7, 23, 59, 59), False),
    ]


def test_a_time_column_holding_a_date_is_read_by_the_row_reader(tmp_path, monkeypatch):
    from coachlog_xl.workbook.book import FileBook

    path = tmp_path / "time_and_date.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores export")
    ws.append(["Call ID", "Agent", "Date", "Time", "Metric", "Score"])
    ws.append(["T0", "Ana", dt.datetime(2025, 3, 3), dt.time(9, 15), "Greeting", 70])
    ws.append(["T1", "Ana", dt.datetime(2025, 3, 4), dt.datetime(2025, 3, 4, 10, 0), "Greeting", 75])
    wb.save(path)
    assert FileBook(path).table("Scores export") is None
    got = _normalised_both_ways(path, monkeypatch).rows.sort_values("call_id")
    assert list(got["at"]) == [dt.datetime(2025, 3, 3, 9, 15), dt.datetime(2025, 3, 4, 10, 0)]


@pytest.mark.parametrize(("debug", "text"), [
    ('N/A', "N/A"),
    ('say \\"hi\\"', 'say "hi"'),
    ("back\\\\slash", "back\\slash"),
    ("line\\nbreak\\ttab", "line\nbreak\ttab"),
    ("\\u{301}accent first", "\u0301accent first"),
    ("nb\\u{a0}sp \\u{1f600}", "nb\u00a0sp \U0001F600"),
    ("it's", "it's"),
    ("\\\\u{41}", "\\u{41}"),  # an escaped backslash before text that looks like an escape
])
def test_fastexcels_text_of_a_cell_is_read_back_exactly(debug, text):
    from coachlog_xl.workbook.fastload import _unescape

    assert _unescape(debug) == text


def test_an_escape_rust_does_not_write_is_not_guessed():
    from coachlog_xl.workbook.fastload import _unescape

    assert _unescape("odd \\q escape") is None


@pytest.mark.parametrize("texts", [
    ["N/A"] * 3,  # a few text cells among many numbers (fastexcel types the column as numbers)
    ["N/A", "NA", "null", "None", "n/a"] * 4,  # the texts fastexcel takes for blanks, many of them
])
def test_numbers_with_text_cells_are_read_column_wise_as_the_row_reader_reads_them(tmp_path, monkeypatch, texts):
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "na.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores na")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    scores = [60 + i % 40 for i in range(40)]
    cells = [*scores[:10], *texts, *scores[10:]]
    for i, score in enumerate(cells):
        ws.append([f"C{i}", "Ana", dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=i), "Greeting", score])
    wb.save(path)
    table = columns.read_columns(path, "Scores na", sheet_parts(path)["Scores na"])
    assert table is not None  # read column-wise
    assert table.data[4].tolist() == [float(v) if isinstance(v, int) else v for v in cells]
    fast = _normalised_both_ways(path, monkeypatch)
    assert sorted(fast.rows["score"]) == sorted(float(s) for s in scores)  # the 40 numbers; no text counted


def test_text_dates_among_date_cells_are_read_column_wise_as_the_row_reader_reads_them(tmp_path, monkeypatch):
    # a day-first export pasted into a month-first Excel: the dates it could read became date cells,
    # the others (13/04/2025) stayed text; the column is read column-wise, each cell as the row reader
    # gives it (a date cell at midnight as a date), and normalises as the row reader's cells do
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.book import FileBook
    from coachlog_xl.workbook.parts import sheet_parts
    from coachlog_xl.workbook.reader import _table

    path = tmp_path / "dates.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores dates")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    dates = [dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=7 * i) for i in range(30)]
    texts = {3: "13/04/2025 09:00", 8: "2025-03-02T10:00:00Z", 12: "45658", 20: "pending", 21: "-"}
    cells = [texts.get(i, d) for i, d in enumerate(dates)] + [dt.datetime(2025, 3, 20)]
    for i, when in enumerate(cells):
        ws.append([f"C{i}", "Ana", when, "Greeting", 60 + i])
    wb.save(path)
    table = columns.read_columns(path, "Scores dates", sheet_parts(path)["Scores dates"])
    assert table is not None  # read column-wise
    expected = [texts.get(i, d.date() if d.hour == 0 else d) for i, d in enumerate(dates)] + [dt.date(2025, 3, 20)]
    assert sum(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in expected) == 2
    assert table.data[2].tolist() == expected
    assert table.data[2].tolist() == _table(FileBook(path).rows("Scores dates"), "Scores dates").data[2].tolist()
    fast = _normalised_both_ways(path, monkeypatch)
    got = dict(zip(fast.rows["call_id"], fast.rows["at"]))
    assert got["C3"] == dt.datetime(2025, 4, 13, 9) and got["C8"] == dt.datetime(2025, 3, 2, 10)
    assert "C20" not in got and got["C30"] == dt.datetime(2025, 3, 20)  # (pending: no date, in Checks)


def test_a_date_among_numbers_is_read_by_the_row_reader(tmp_path):
    from openpyxl import Workbook

    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "date.xlsx"
    wb = Workbook()
    wb.active.title = "Scores"
    wb.active.append(["Call ID", "Score"])
    for i in range(20):
        wb.active.append([f"C{i}", 70 if i != 5 else dt.datetime(2025, 3, 1)])
    wb.save(path)
    assert columns.read_columns(path, "Scores", sheet_parts(path)["Scores"]) is None


@pytest.mark.parametrize(("errors", "column_wise"), [
    ({3: "#N/A"}, True),  # one lookup that found nothing, among the scores (and the call date)
    ({2: "#DIV/0!", 5: "#NULL!", 9: "#NUM!", 11: "#REF!", 14: "#VALUE!", 20: "#N/A"}, True),
    ({7: "#NAME?"}, False),  # python-calamine cannot type a column holding it: the row reader reads the sheet
])
def test_error_values_among_numbers_and_dates_are_read_column_wise_as_the_row_reader_reads_them(
        tmp_path, monkeypatch, errors, column_wise):
    # an export's formula that failed (a VLOOKUP's #N/A) stores an error value; the row reader gives it
    # as its text, and so does the column reader, without reading the whole sheet again row by row
    from openpyxl import load_workbook

    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.book import FileBook
    from coachlog_xl.workbook.parts import sheet_parts
    from coachlog_xl.workbook.reader import _table

    path = tmp_path / "errors.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores errors")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    for i in range(30):
        when = errors.get(i + 1, dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=i))
        ws.append([f"C{i}", "Ana", when, "Greeting", errors.get(i, 60 + i)])
    wb.save(path)
    assert {c.value for row in load_workbook(path)["Scores errors"] for c in row if c.data_type == "e"} \
        == set(errors.values())  # (stored as error cells, t="e")
    table = columns.read_columns(path, "Scores errors", sheet_parts(path)["Scores errors"])
    assert (table is not None) == column_wise
    if column_wise:
        assert table.data[4].tolist() == [errors.get(i, 60.0 + i) for i in range(30)]
        assert [table.data[2][i - 1] for i in errors if i <= 30] == [errors[i] for i in errors if i <= 30]
        assert table.data[2].tolist() == _table(FileBook(path).rows("Scores errors"), "Scores errors").data[2].tolist()
        assert table.data[4].tolist() == _table(FileBook(path).rows("Scores errors"), "Scores errors").data[4].tolist()
    fast = _normalised_both_ways(path, monkeypatch)
    assert sorted(fast.rows["call_id"]) == sorted(f"C{i}" for i in range(30) if i not in errors and i + 1 not in errors)


@pytest.mark.parametrize(("texts", "column_wise"), [
    (["80", "00123", "-", "1e3", "2026-03-01", "Müller \"Q\""], True),  # text a number reader would take
    (["nan"], False),  # a text fastexcel reads as the number NaN without a word, which no cell holds
    (["N/A", "nan"], False),
])
def test_text_among_numbers_is_read_as_typed_or_by_the_row_reader(tmp_path, monkeypatch, texts, column_wise):
    # "80" and "00123" typed as text stay text ("00123" is not 123), however the column is read
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "texts.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores texts")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    cells = [*range(60, 100), *texts]
    for i, score in enumerate(cells):
        ws.append([f"C{i}", "Ana", dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=i), "Greeting", score])
    wb.save(path)
    table = columns.read_columns(path, "Scores texts", sheet_parts(path)["Scores texts"])
    assert (table is not None) == column_wise
    if column_wise:
        assert table.data[4].tolist() == [float(v) if isinstance(v, int) else v for v in cells]
    _normalised_both_ways(path, monkeypatch)  # the same rows and Checks as the row reader gives


@pytest.mark.parametrize("seed", range(20))
def test_resolve_column_names_each_cell_as_a_pass_over_the_cells_in_order_does(seed):
    """A column of texts (factorised without a scan for blanks) and one holding blanks (None, NaN: one
    value, factorised with pandas' sentinel off), against the rule applied cell by cell: the directory's
    name, else the first spelling of the cell's key met so far (a key-less text itself)."""
    from coachlog_xl.core.names import Directory, resolve_column

    rng = random.Random(seed)
    known = Directory()
    known.add("Dana Cruz", "dana.cruz@x.com")
    known.add("Lee Wu")
    spellings = ["Dana Cruz", "dana cruz", "DANA  CRUZ", "dana.cruz@x.com", "Lee Wu", "lee-wu", "Sam Po", "sam po",
                 "SAM PO", "", "--", "??", "Émile", "émile"]
    blanks = [None, np.nan] if seed % 2 else []
    cells = [rng.choice(spellings + blanks) for _ in range(rng.randint(1, 40))]
    got, unknown = resolve_column(pd.Series(cells, dtype=object), known)

    canon: dict = {}
    first_spelling: dict = {}
    want, want_unknown = [], []
    blank = object()  # the blanks are one value, NaN
    for cell in cells:
        value = blank if cell is None or cell != cell else cell
        shown = np.nan if value is blank else value
        if value not in canon:
            hit = known.resolve(shown)
            canon[value] = hit if hit is not None else first_spelling.setdefault(header_key(shown) or shown, shown)
        want.append(canon[value])
        want_unknown.append(shown != "" and shown not in known)  # (NaN is not "": a blank is unknown)
    assert [None if isinstance(v, float) else v for v in got.tolist()] == \
        [None if isinstance(v, float) else v for v in want]
    assert unknown.tolist() == want_unknown


@pytest.mark.parametrize("seed", range(20))
def test_the_checks_sorted_before_the_frame_is_made_are_the_frame_sorted(seed, monkeypatch):
    from coachlog_xl.core import checks
    from coachlog_xl.core.checks import Code, Issues

    rng = random.Random(seed)
    issues = Issues()
    codes = [Code.MISSING_REP, Code.LATE_LOG, Code.EXCLUDED, Code.PRE_TREND, Code.LAYOUT_NOTE]
    for _ in range(rng.randrange(0, 60)):
        issues.add(rng.choice(codes), rng.choice(["Log", "Scores", "Émis", None]), rng.choice([None, 0, 2, 10, 3]),
                   rng.choice(["Rep", "rep", "", "Ω field", "Session date"]),
                   rng.choice([None, 20250408.0, "x", float("nan"), 7, "=A1"]), rng.choice(["b", "a", "B", ""]), "fix")
    if seed % 4 == 3:  # a field that is no text: the frame's own sort
        issues.add(Code.LATE_LOG, "Log", 5, None, None, "a", "fix")
    if seed % 2:  # rows told apart before their problem texts: those texts not ranked
        for k in range(rng.randrange(1, 40)):
            issues.add(Code.MISSING_TARGET, "Log", 1000 + k, "Development target", None, "same text", "fix")
    fast = issues.frame()
    # the plain way: made, then sorted
    monkeypatch.setattr(checks, "_order", lambda columns, coded=None, kinds=None: None)
    plain = issues.frame()
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert fast.equals(plain) and list(fast.dtypes) == list(plain.dtypes)


def test_the_checks_columns_many_problems_share_are_told_apart_once(monkeypatch):
    # the codes, sheets and fields: their distinct cells found once, for the order and the frame both; the
    # severities read from the codes' (each code has one); the order by hand: errors, warnings, notes, then
    # by sheet (blank first), row, field, code
    from coachlog_xl.core import checks
    from coachlog_xl.core.checks import Code, Issues

    issues = Issues()
    issues.add(Code.LAYOUT_NOTE, "Scores", 4, "row", None, "p1", "f")
    issues.add(Code.MISSING_TARGET, "Log", 7, "Development target", None, "p2", "f")
    issues.add(Code.MISSING_REP, "Log", 3, "Rep", None, "p3", "f")
    issues.add(Code.MISSING_TARGET, "Log", 2, "Development target", None, "p4", "f")
    issues.add(Code.LAYOUT_NOTE, None, None, "row", None, "p5", "f")
    seen = []
    real = checks._distinct
    monkeypatch.setattr(checks, "_distinct", lambda cells: seen.append(list(cells)) or real(cells))
    frame = issues.frame()
    codes = [i.code.value for i in issues]
    assert seen.count(codes) == 1 and seen.count([i.sheet for i in issues]) == 1
    assert seen.count([i.field for i in issues]) == 1
    assert not [c for c in seen if set(c) <= {"error", "warning", "info"} and len(c) == 5]
    assert frame["problem"].tolist() == ["p3", "p4", "p2", "p5", "p1"]
    assert frame["severity"].tolist() == ["error", "warning", "warning", "info", "info"]


WEEKLY_HEADER = ["Call ID", "Agent", "Date", "Graded on", "Metric", "Score", "Max", "Weight", "Passed", "Handle time"]


def _weekly_pastes(path, weeks, rows_per_week, odd=None):
    """A workbook whose "Scores weekly" holds ``weeks`` exports pasted one under another, each with its
    header row (as the README asks), five of the ten columns numbers or date-times, one yes/no, one
    durations (a handle time, ``[h]:mm:ss``); ``odd``: (week,
    row, column, value) cells put in place of what the export would hold."""
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores weekly")
    start = dt.datetime(2025, 3, 3, 9)
    for w in range(weeks):
        ws.append(WEEKLY_HEADER)
        for i in range(rows_per_week):
            k = w * rows_per_week + i
            when = start + dt.timedelta(hours=5 * k)
            ws.append([f"C{k}", "Ana", when, when + dt.timedelta(days=1), "Greeting", 60 + k % 40, 100, 1, k % 3 == 0,
                       dt.timedelta(seconds=120 + 7 * k)])
            ws.cell(row=ws.max_row, column=len(WEEKLY_HEADER)).number_format = "[h]:mm:ss"
    for week, row, column, value in odd or ():
        cell = ws.cell(row=1 + week * (rows_per_week + 1) + 1 + row, column=WEEKLY_HEADER.index(column) + 1)
        cell.value = value
        cell.number_format = "yyyy-mm-dd" if isinstance(value, dt.datetime) else "General"
    wb.save(path)


def _as_row_reader_reads(path, sheet):
    from coachlog_xl.workbook.book import FileBook
    from coachlog_xl.workbook.reader import _table

    return _table(FileBook(path).rows(sheet), sheet)


@pytest.mark.parametrize(("weeks", "rows_per_week"), [(4, 30), (3, 120)])  # a week within the sample, or past it
def test_weekly_pastes_each_with_its_header_are_read_column_wise_as_the_row_reader_reads_them(
        tmp_path, monkeypatch, weeks, rows_per_week):
    # every number and date column holds a header text at each paste's top: five such columns, more
    # than are typed one refusal at a time, once went to the row reader
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "weekly.xlsx"
    _weekly_pastes(path, weeks, rows_per_week)
    table = columns.read_columns(path, "Scores weekly", sheet_parts(path)["Scores weekly"])
    assert table is not None  # read column-wise
    slow = _as_row_reader_reads(path, "Scores weekly")
    score = WEEKLY_HEADER.index("Score")
    # by hand: each week's header row holds "Score"; below it 60 + k % 40 for the week's calls
    expected = []
    for w in range(weeks):
        expected += ["Score"] + [float(60 + (w * rows_per_week + i) % 40) for i in range(rows_per_week)]
    assert table.headers[:len(WEEKLY_HEADER)] == WEEKLY_HEADER
    assert table.data[score].tolist() == expected[1:]
    for p in range(len(WEEKLY_HEADER)):
        assert table.data[p].tolist() == slow.data[p].tolist(), WEEKLY_HEADER[p]
    fast = _normalised_both_ways(path, monkeypatch)
    assert len(fast.rows) == weeks * rows_per_week


def test_weekly_pastes_of_numeric_call_ids_past_the_dates_range_are_read_column_wise(tmp_path, monkeypatch):
    # MaestroQA's gradable_id is a number of ten digits: loaded as date-times (the load proving a column of
    # numbers holds numbers and text only), each is past the last date a sheet can hold and was reported, and
    # the sheet went to the row reader (a million rows: 17.9 s against 10.2 s, 1.36 GB at the peak)
    from openpyxl import load_workbook

    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "weekly.xlsx"
    _weekly_pastes(path, 3, 120)
    wb = load_workbook(path)
    ws = wb["Scores weekly"]
    ids = [1_000_000_001 + 7 * k for k in range(ws.max_row)]
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=1).value != "Call ID":  # (each week's header row stays)
            ws.cell(row=r, column=1).value = ids[r - 1]
    wb.save(path)
    table = columns.read_columns(path, "Scores weekly", sheet_parts(path)["Scores weekly"])
    assert table is not None  # read column-wise
    slow = _as_row_reader_reads(path, "Scores weekly")
    # by hand: the week's header text, then the ids typed under it, as numbers
    assert table.data[0].tolist() == [float(ids[r]) if r % 121 else "Call ID" for r in range(1, 363)]
    for p in range(len(WEEKLY_HEADER)):
        assert table.data[p].tolist() == slow.data[p].tolist(), WEEKLY_HEADER[p]
    fast = _normalised_both_ways(path, monkeypatch)
    assert len(fast.rows) == 3 * 120


@pytest.mark.parametrize("odd", [
    (2, 70, "Score", True),  # a yes/no among the numbers, below the rows the columns are typed by
    (2, 70, "Score", "80"),  # a number typed as text stays text
    (2, 70, "Score", "00123"),
    (2, 70, "Date", 45730.5),  # a bare number among the date-times stays a number
    (2, 70, "Date", True),
    (2, 70, "Max", dt.datetime(2025, 3, 1)),  # a date among the numbers
    (2, 70, "Passed", 1.0),  # a number among the yes/no
    (2, 70, "Passed", "true"),  # a text that reads as yes
    (2, 70, "Score", False),
    (2, 70, "Handle time", 2.5),  # a number among the durations
    (2, 70, "Handle time", dt.datetime(2025, 3, 1)),  # a date among them
    (0, 5, "Weight", "n/a"),  # a text within the rows the columns are typed by
])
def test_a_cell_of_another_kind_in_a_column_typed_by_its_first_rows_is_read_as_the_row_reader_reads_it(
        tmp_path, monkeypatch, odd):
    # the columns are typed by their first rows; a cell below of another kind is either read
    # column-wise as exactly the cell it is, or the sheet goes to the row reader
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "odd.xlsx"
    _weekly_pastes(path, 3, 100, [odd])
    week, row, column, value = odd
    table = columns.read_columns(path, "Scores weekly", sheet_parts(path)["Scores weekly"])
    slow = _as_row_reader_reads(path, "Scores weekly")
    at = week * 101 + row  # (the sheet's row 2 is the table's first)
    cell = slow.data[WEEKLY_HEADER.index(column)].iloc[at]
    if isinstance(value, dt.datetime):  # (a date at midnight, as the row reader gives it)
        assert cell == value.date() and type(cell) is dt.date
    else:
        assert cell == value and type(cell) is type(value)
    if table is not None:
        for p in range(len(WEEKLY_HEADER)):
            assert table.data[p].tolist() == slow.data[p].tolist(), WEEKLY_HEADER[p]
    _normalised_both_ways(path, monkeypatch)


def test_a_load_failing_unexpectedly_leaves_no_check_of_its_columns_running(tmp_path, monkeypatch):
    # the columns a sheet's first rows type are checked by a load in a thread beside the sheet's own;
    # when the sheet's load fails in a way not foreseen, the failure is raised once that thread is done
    import threading

    from coachlog_xl.workbook import fastload
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "weekly.xlsx"
    _weekly_pastes(path, 3, 20)
    reader = fastload.modules()[0].ExcelReader
    load, entered, release, checks = reader.load_sheet_by_name, threading.Event(), threading.Event(), []

    def failing(self, name, **kwargs):
        if kwargs.get("use_columns") is not None:  # the check: held until released (or a second passes)
            checks.append(threading.current_thread())
            entered.set()
            release.wait(1.0)
            return load(self, name, **kwargs)
        if kwargs.get("dtypes"):  # the sheet's load with the columns typed, once the check is under way
            entered.wait(5.0)
            raise RuntimeError("not foreseen")
        return load(self, name, **kwargs)

    monkeypatch.setattr(reader, "load_sheet_by_name", failing)
    with pytest.raises(RuntimeError, match="not foreseen"):
        fastload.load(path, "Scores weekly", part=sheet_parts(path)["Scores weekly"])
    running = [t for t in checks if t.is_alive()]
    release.set()
    assert checks and not running


@pytest.mark.parametrize("which", ["check", "sheet"])
def test_a_panic_in_fastexcel_sends_the_sheet_to_the_row_reader_without_a_traceback(tmp_path, monkeypatch, which):
    # fastexcel's Rust panics reach Python as pyo3's PanicException, a BaseException (a raw <v>-1e999</v>): in the
    # check load's thread it printed a traceback; in the sheet's own load a traceback ended the refresh
    import threading

    from coachlog_xl.workbook import columns, fastload
    from coachlog_xl.workbook.parts import sheet_parts

    class PanicException(BaseException):  # (pyo3's name, and no Exception)
        pass

    path = tmp_path / "weekly.xlsx"
    _weekly_pastes(path, 3, 20)
    reader = fastload.modules()[0].ExcelReader
    load, hooked = reader.load_sheet_by_name, []

    def panicking(self, name, **kwargs):
        check = kwargs.get("use_columns") is not None  # (the check load; else the sheet's, or a sample of it)
        if check if which == "check" else kwargs.get("n_rows") is None and not check:
            raise PanicException("called `Option::unwrap()` on a `None` value")
        return load(self, name, **kwargs)

    monkeypatch.setattr(reader, "load_sheet_by_name", panicking)
    monkeypatch.setattr(threading, "excepthook", hooked.append)
    assert columns.read_columns(path, "Scores weekly", sheet_parts(path)["Scores weekly"]) is None  # (row reader)
    assert hooked == []
    assert fastload.is_panic(PanicException()) and not fastload.is_panic(KeyboardInterrupt())


@pytest.mark.parametrize(("last", "cell", "column_wise"), [
    ([dt.datetime(2025, 3, 7), None, None], dt.date(2025, 3, 7), True),  # a last row holding only its date
    ([dt.time(9, 30), None, None], dt.time(9, 30), False),  # or a time of day (beside dates: the row reader)
])
def test_a_last_row_holding_only_a_date_among_header_texts_is_read_as_the_row_reader_reads_it(
        tmp_path, last, cell, column_wise):
    # the first column holds the pastes' dates and, at each paste's top, its header text: read as the
    # row reader gives them (date cells and text), down to the last row that holds a value
    from openpyxl import Workbook

    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "dates_first.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    rows = [["Date", "Call ID", "Score"], [dt.datetime(2025, 3, 3, 9), "C1", 80], [dt.datetime(2025, 3, 4), "C2", 70],
            ["Date", "Call ID", "Score"], [dt.datetime(2025, 3, 5, 14), "C3", 60], last]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.time):
                    ws.cell(row=r, column=c).number_format = "h:mm"
    wb.save(path)
    table = columns.read_columns(path, "Scores", sheet_parts(path)["Scores"])
    slow = _as_row_reader_reads(path, "Scores")
    first = [dt.datetime(2025, 3, 3, 9), dt.date(2025, 3, 4), "Date", dt.datetime(2025, 3, 5, 14), cell]
    assert slow.data[0].tolist() == first  # (by hand: a date at midnight is a date)
    assert (table is not None) == column_wise
    if table is not None:
        assert len(table.data) == len(slow.data) == 5

        def cells(column) -> list:  # (a blank as None: the row reader gives "" or None, a column of numbers NaN)
            return [None if v is None or v == "" or v != v else v for v in column.tolist()]

        for p in range(3):
            got, want = cells(table.data[p]), cells(slow.data[p])
            assert got == want and [type(v) for v in got] == [type(v) for v in want], p


_MIXED_SCORES = [  # (what the score cell holds, the cell as the row reader gives it: worked out by hand)
    (85, 85.0),  # a number: a float
    ("85", "85"),  # a number stored as text stays text
    ("yes", "yes"),
    ("N/A", "N/A"),
    ("#N/A", "#N/A"),  # a lookup's error value (openpyxl stores it as one, t="e"), given as its text
    (True, True),  # a yes/no cell
    ("TRUE", "TRUE"),  # a text that reads as yes stays text
    (None, None),  # a blank
    ("72%", "72%"),
    (1, 1.0),  # a number, not a yes
    ("1", "1"),
    (False, False),
    ("'90", "90"),  # typed '90 in Excel: the text 90 with the quote-prefix style
]


@pytest.mark.parametrize("strings", ["inline", "shared"])
def test_a_score_column_mixing_numbers_text_and_yes_no_is_read_column_wise_as_typed(tmp_path, monkeypatch, strings):
    # an export's score column holding numbers, numbers stored as text, yes/no, N/A and #N/A went to the
    # row reader, after two refused loads of the whole sheet; it is read column-wise, each cell as the
    # row reader gives it, its kinds seen in the first rows before the whole sheet is loaded
    import zipfile

    from coachlog_xl.workbook import columns, fastload
    from coachlog_xl.workbook.parts import sheet_parts

    path = tmp_path / "mixed.xlsx"
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores mixed")
    ws.append(["Call ID", "Agent", "Date", "Metric", "Score"])
    cells = [stored for stored, _ in _MIXED_SCORES] + [60 + i for i in range(80)] + [True, "N/A", 75]
    for i, score in enumerate(cells):
        ws.append([f"C{i}", "Ana", dt.datetime(2025, 3, 1, 9) + dt.timedelta(hours=i), "Greeting",
                   score[1:] if score == "'90" else score])
        if score == "'90":
            ws.cell(row=i + 2, column=5).quotePrefix = True
    wb.save(path)
    part = sheet_parts(path)["Scores mixed"]
    if strings == "shared":  # (as Excel stores a paste: each text once, in the shared strings part)
        _share_strings(path, part)
    with zipfile.ZipFile(path) as z:
        stored = z.read(part)
    assert stored.count(b't="inlineStr"') == (0 if strings == "shared" else 3 * len(cells) + 5 + 8)
    assert stored.count(b't="e"') == 1 and stored.count(b't="b"') == 3
    refused = []
    reader = fastload.modules()[0].ExcelReader
    load = reader.load_sheet_by_name

    def counted(self, name, **kwargs):
        try:
            return load(self, name, **kwargs)
        except fastload.modules()[0].UnsupportedColumnTypeCombinationError:
            if kwargs.get("n_rows") is None:  # (a whole sheet's load, not the first rows')
                refused.append(name)
            raise

    monkeypatch.setattr(reader, "load_sheet_by_name", counted)
    table = columns.read_columns(path, "Scores mixed", part)
    assert table is not None  # read column-wise
    assert refused == []
    expected = [read for _, read in _MIXED_SCORES] + [60.0 + i for i in range(80)] + [True, "N/A", 75.0]
    got = table.data[4].tolist()
    blank = _MIXED_SCORES.index((None, None))
    assert np.isnan(got[blank])  # (a blank among numbers: NaN; the row reader's "", both read as blank)
    got = got[:blank] + got[blank + 1:]
    assert got == expected[:blank] + expected[blank + 1:]
    assert [type(v) for v in got[:12]] == [float, str, str, str, str, bool, str, str, float, str, bool, str]
    slow = _as_row_reader_reads(path, "Scores mixed").data[4].tolist()
    assert slow[blank] == ""
    slow = slow[:blank] + slow[blank + 1:]
    assert slow == got and [type(v) for v in slow] == [type(v) for v in got]  # (True is not 1.0, "1" not 1.0)
    _normalised_both_ways(path, monkeypatch)  # the same rows and Checks rows as the row reader's


def _share_strings(path, part: str) -> None:
    """The workbook with the text cells of the sheet ``part`` stored in a shared strings part, as Excel stores them."""
    import zipfile

    strings: list[bytes] = []

    def shared(m: re.Match) -> bytes:
        strings.append(m.group(2))
        return m.group(1) + b't="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    parts[part] = re.sub(rb'(<c [^>]*?)t="inlineStr"><is>(.*?)</is></c>', shared, parts[part], flags=re.S)
    with_shared_strings(parts, strings)
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
