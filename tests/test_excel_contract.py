"""The Excel seam's contract, run unchanged on the in-memory stand-in and on xlwings' own JSON engine.

The JSON engine (``xw.Book(json=...)``, xlwings.pro) is the engine of xlwings Lite and Server; it needs
an xlwings license key, so its half of each test runs only when XLWINGS_LICENSE_KEY is set.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import xlwings as xw

from coachlog_xl import api, excel, schema
from coachlog_xl.core.checks import Code
from tests.xlbook import (
    DATE_MODES,
    ENGINES,
    FORMAT_ENGINES,
    MemoryEngine,
    demo_files,
    filled_formats,
    grid_of,
    normalised,
    written_formats,
)

COMPUTED = [s.name for s in schema.COMPUTED_SHEETS]
HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


@pytest.mark.parametrize("engine", FORMAT_ENGINES)
@pytest.mark.parametrize("dates", DATE_MODES)
def test_refresh_in_excel_gives_the_cells_of_coachlog_refresh_on_the_file(engine, dates, files):
    book = engine.open(files.before(), dates=dates, name=files.base.name)
    excel.refresh(book)
    expected = files.after()
    # call dates that reach an engine unable to tell the date system (Lite, Server) as numbers: said, once
    told = dates != "serial" or engine.tells_date_system
    for name in COMPUTED + ["Log"]:
        cells = normalised(engine.cells(book, name))
        assert (cells if told or name != schema.CHECKS.name else _unknown_system_said(cells)) == \
            grid_of(expected[name]), name
    stamp = engine.cells(book, schema.START)[(3, 2)]
    if not told:  # (the warnings counted: the Scores' call dates, the Log's session dates, Settings' As-of date)
        stamp = re.sub(r"(\d+) warnings", lambda m: f"{int(m[1]) - 3} warnings", stamp)
    want = expected[schema.START][2][1]
    assert re.sub(r"Refreshed \S+ \S+,", "", stamp) == re.sub(r"Refreshed \S+ \S+,", "", want)
    assert stamp.startswith("Refreshed ") and "sessions" in stamp


def _unknown_system_said(cells: dict) -> dict:
    """Checks' cells with the rows saying the date system is unknown taken out: one of the Scores' call dates, one
    of the Log's session dates and one of Settings' As-of date (the demo's, a date), each a date number on this
    engine (asserted there)."""
    rows: dict[int, dict] = {}
    for (r, c), v in cells.items():
        rows.setdefault(r, {})[c] = v
    code = next(c for c, v in rows[1].items() if v == "Code")
    sheet = next(c for c, v in rows[1].items() if v == "Sheet")
    said = [r for r in rows if rows[r].get(code) == Code.DATE_SYSTEM_UNKNOWN.value]
    assert sorted(rows[r][sheet] for r in said) == ["Log", "Scores", "Settings"]
    kept = [r for r in sorted(rows) if r not in said]
    return {(i, c): v for i, r in enumerate(kept, start=1) for c, v in rows[r].items()}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_total_row_on_the_log_is_not_a_session_and_is_left_as_it_is(engine, files):
    sheets = files.before()
    log = sheets["Log"]
    total = [None] * len(log[0])
    total[0], total[1] = "Total", sum(1 for r in log[1:] if r[1] is not None)  # Excel's count of the Rep column
    log.append(total)
    book = engine.open(sheets, name=files.base.name, totals={"Log": len(log)})
    excel.refresh(book)
    expected = files.after()
    for name in COMPUTED:
        assert normalised(engine.cells(book, name)) == grid_of(expected[name]), name
    expected["Log"].append(total)
    assert normalised(engine.cells(book, "Log")) == grid_of(expected["Log"])


@pytest.mark.parametrize("engine", ENGINES)
def test_number_formats_are_those_of_the_file_refresh(engine, files):
    book = engine.open(files.before())
    excel.refresh(book)
    for sheet in schema.COMPUTED_SHEETS:
        assert written_formats(engine, book, sheet.name) == filled_formats(files.refreshed, sheet.name), sheet.name


@pytest.mark.parametrize("engine", ENGINES)
def test_a_second_refresh_changes_nothing_but_the_stamp(engine, files):
    book = engine.open(files.before())
    excel.refresh(book)
    first = {n: normalised(engine.cells(book, n)) for n in COMPUTED + ["Log"]}
    again = engine.open({n: _rows(engine.cells(book, n)) for n in _names(engine, book)})
    excel.refresh(again)
    assert {n: normalised(engine.cells(again, n)) for n in COMPUTED + ["Log"]} == first


@pytest.mark.parametrize("engine", ENGINES)
def test_our_errors_reach_excel_as_an_xlwings_error_without_a_traceback_chain(engine, files):
    sheets = files.before()
    del sheets["Log"]
    book = engine.open(sheets)
    with pytest.raises(xw.XlwingsError, match='the sheet "Log" is missing') as info:
        excel.refresh(book)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    with pytest.raises(xw.XlwingsError, match='the sheet "Log" is missing'):
        excel.check(book)
    assert engine.written_sheets(book) == set()


@pytest.mark.parametrize("engine", ENGINES)
def test_large_writes_go_in_chunks_below_the_limit(engine, files):
    whole = engine.open(files.before())
    api.refresh_book(excel.XlwingsBook(whole))
    assert max(engine.transfers(whole)) <= excel.CHUNK_BYTES < 5_000_000
    limit = 20_000
    chunked = engine.open(files.before())
    api.refresh_book(excel.XlwingsBook(chunked, chunk_bytes=limit))
    sizes = engine.transfers(chunked)
    assert max(sizes) <= limit
    assert len(sizes) > len(engine.transfers(whole))  # the big sheets really were split
    for name in COMPUTED + ["Log"]:
        assert engine.cells(chunked, name) == engine.cells(whole, name), name


@pytest.mark.parametrize("engine", ENGINES)
def test_check_rewrites_only_the_checks_sheet(engine, files):
    sheets = files.before()
    book = engine.open(sheets)
    before = {n: engine.cells(book, n) for n in sheets}
    excel.check(book)
    assert engine.written_sheets(book) == {"Checks"}
    for name in sheets:
        if name != "Checks":
            assert engine.cells(book, name) == before[name], name
    assert normalised(engine.cells(book, "Checks")) == grid_of(files.after()["Checks"])


@pytest.mark.parametrize("engine", ENGINES)
def test_stale_rows_and_columns_of_a_computed_sheet_are_cleared(engine, files):
    sheets = files.before()
    # an older refresh's rows, as it wrote them (a session ID, its rep, counts), more of them than now
    sheets["Follow-up"] = sheets["Follow-up"][:1] + [[f"OLD-{i}", "old rep"] + [1.0] * 38 for i in range(300)]
    book = engine.open(sheets)
    excel.refresh(book)
    assert normalised(engine.cells(book, "Follow-up")) == grid_of(files.after()["Follow-up"])


@pytest.mark.parametrize("engine", ENGINES)
def test_words_typed_on_a_computed_sheet_stop_the_refresh_before_anything_is_written(engine, files):
    sheets = files.after()
    last = len(sheets["Follow-up"])  # header and rows, as the file refresh wrote them
    sheets["Follow-up"].append([])
    sheets["Follow-up"].append(["call back Tuesday"])  # a row left free under the table, then a note
    sheets["Follow-up"][1] += [None] * (62 - len(sheets["Follow-up"][1])) + ["ask QA"]  # column 63, BK
    book = engine.open(sheets)
    with pytest.raises(xw.XlwingsError, match=rf"Nothing was changed: Follow-up BK2, A{last + 2} hold words"):
        excel.refresh(book)
    assert engine.written_sheets(book) == set()
    assert engine.cells(book, "Follow-up")[(last + 2, 1)] == "call back Tuesday"
    excel.check(book)  # the Checks sheet holds nothing typed: `check` writes it and no other
    assert engine.written_sheets(book) == {"Checks"}

    sheets = files.after()
    sheets["Checks"].append([None, "see the Log"])
    book = engine.open(sheets)
    with pytest.raises(xw.XlwingsError, match=rf"Checks B{len(sheets['Checks'])} holds words"):
        excel.check(book)
    assert engine.written_sheets(book) == set()



@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_typed_in_a_row_inserted_above_a_computed_sheets_header_stops_the_refresh(engine, files):
    sheets = files.after()
    checks = sheets["Checks"]
    sheets["Checks"] = [["Checks for the Q2 coaching review"]] + checks  # Insert > Sheet Rows on row 1, A1 typed
    book = engine.open(sheets)
    with pytest.raises(xw.XlwingsError, match=r"Nothing was changed: Checks A1 holds words"):
        excel.check(book)
    assert engine.written_sheets(book) == set()
    # a header the refresh writes, moved to another column, is the tool's own words: nothing is said
    sheets = files.after()
    sheets["Checks"][0] = [sheets["Checks"][0][1], sheets["Checks"][0][0], *sheets["Checks"][0][2:]]
    book = engine.open(sheets)
    excel.check(book)
    assert engine.written_sheets(book) == {"Checks"}

def test_words_typed_far_out_on_a_computed_sheet_are_looked_for_within_a_bounded_read(files):
    sheets = files.after()
    sheets["Checks"][1] = sheets["Checks"][1] + [None] * (19 - len(sheets["Checks"][1])) + ["see me"]  # T2
    book = MemoryEngine().open(sheets)
    book.sheets["Checks"].cells[(2500, 300)] = "far"  # the used range: 2,500 rows by 300 columns
    with pytest.raises(xw.XlwingsError, match=r"Nothing was changed: Checks T2 holds words"):
        excel.check(book)
    width = len(schema.CHECKS.columns) + 256  # the read stops 256 columns right of the table
    # the values, then the formulas of the same cells (a formula there is a person's)
    assert [op[2:] for op in book.ops if op[:2] == ("read", "Checks") and op[2] != "used range"] == \
        [((2500, width),), ("formulas", (2500, width))]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_missing_computed_sheet_is_added(engine, files):
    sheets = files.before()
    del sheets["Aggregate"]
    book = engine.open(sheets)
    excel.refresh(book)
    assert normalised(engine.cells(book, "Aggregate")) == grid_of(files.after()["Aggregate"])


@pytest.mark.parametrize("engine", ENGINES)
def test_scores_moved_to_a_sheet_not_named_scores_are_named_as_on_the_file(engine, files):
    # the scores moved under their header to "Archive", Scores left with its header: the file's refresh names
    # Archive (scores-sheet-not-read, at its header row), and so does Excel's
    sheets = files.before()
    sheets["Archive"], sheets["Scores"] = sheets["Scores"], sheets["Scores"][:1]
    book = engine.open(sheets)
    excel.refresh(book)
    checks = engine.cells(book, schema.CHECKS.name)
    said = [r for r in range(2, max(r for r, _ in checks) + 1) if checks.get((r, 6)) == "scores-sheet-not-read"]
    assert [(checks[(r, 1)], checks[(r, 2)], checks[(r, 3)]) for r in said] == [("error", "Archive", 1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_computed_sheet_renamed_in_its_capitals_only_is_refreshed_in_place(engine, files):
    sheets = {("AGGREGATE" if n == "Aggregate" else n): rows for n, rows in files.before().items()}
    book = engine.open(sheets)
    excel.refresh(book)
    assert normalised(engine.cells(book, "AGGREGATE")) == grid_of(files.after()["Aggregate"])
    assert [s.name for s in book.sheets if s.name.casefold() == "aggregate"] == ["AGGREGATE"]


@pytest.mark.parametrize("engine", ENGINES)
def test_pasted_text_is_written_as_text_never_as_a_formula(engine, files):
    sheets = files.before()
    scores = sheets["Scores"]
    head = scores[0]
    for call_id, rep, score in ((HOSTILE, "Ana Ruiz", "@oops"), ("X-1", "+44 20 7946 0000", 90)):
        row = [None] * len(head)
        row[head.index("Call ID")], row[head.index("Rep")], row[head.index("Score")] = call_id, rep, score
        row[head.index("Criterion")], row[head.index("Call date")] = "-nonsense", dt.datetime(2026, 3, 2, 10)
        scores.append(row)
    book = engine.open(sheets)
    excel.refresh(book)
    assert engine.formulas(book) == []
    written = [v for n in COMPUTED for v in engine.cells(book, n).values()]
    for text in ("+44 20 7946 0000", "@oops"):
        assert any(isinstance(v, str) and text in v for v in written), text


def test_the_seam_reads_everything_before_it_writes(files):
    engine = MemoryEngine()
    book = engine.open(files.before())
    excel.refresh(book)
    kinds = [op[0] for op in book.ops]
    assert "write" in kinds
    assert "read" not in kinds[kinds.index("write"):]


def _names(engine, book) -> list[str]:
    return [s.name for s in book.sheets]


def _rows(cells: dict) -> list[list]:
    if not cells:
        return []
    height, width = max(r for r, _ in cells), max(c for _, c in cells)
    return [[cells.get((r, c)) for c in range(1, width + 1)] for r in range(1, height + 1)]


def test_baselines_go_to_the_log_in_one_write_per_block_of_consecutive_rows(files):
    engine = MemoryEngine()
    book = engine.open(files.before())
    excel.refresh(book)
    log = files.after()["Log"]
    col = log[0].index(schema.LOG.column("baseline_recorded_on").header)
    recorded = [r for r, row in enumerate(log[1:], 2) if row[col] is not None]
    blocks = 1 + sum(1 for a, b in zip(recorded, recorded[1:]) if b != a + 1)
    writes = [op for op in book.ops if op[:3] == ("write", "Log", "values")]
    assert len(recorded) > 10 and len(writes) == blocks


@pytest.mark.parametrize("engine", ENGINES)
def test_a_deleted_computed_sheet_comes_back_at_the_end_moving_no_other_sheet(engine, files):
    # Before xlwings 0.37 the Lite/Server engine kept a sheet's position from when its object was made:
    # a sheet inserted in the middle would send the writes for the sheets after it to the wrong sheet.
    sheets = files.before()
    del sheets["Baseline"], sheets["Checks"]
    sheets["My notes"] = [["kept"]]
    book = engine.open(sheets)
    excel.refresh(book)
    assert [s.name for s in book.sheets] == list(sheets) + ["Baseline", "Checks"]
    expected = files.after()
    for name in ("Follow-up", "Baseline", "Aggregate", "Checks"):
        assert normalised(engine.cells(book, name)) == grid_of(expected[name]), name
    assert engine.cells(book, "My notes") == {(1, 1): "kept"}


@pytest.fixture(scope="module")
def errors_file(files, tmp_path_factory):
    """The demo with Excel error values in its cells (the sheets as an engine holds them), and the
    sheets after ``coachlog refresh`` of that file: made once, for every engine.  The errors are
    written into the Log's and Scores' parts (an openpyxl load and save of the whole demo cost 5 s)."""
    import shutil

    from openpyxl.utils import column_index_from_string

    from tests.fidelity_kit import Zip
    from tests.xlbook import ExcelError, cells_replaced, sheets_of

    errors = {"Log": {("E", 3): "#DIV/0!"},  # a session date whose formula failed
              "Scores": {("E", row): "#N/A" for row in range(2, len(files.before()["Scores"]) + 1, 97)}}
    errors["Scores"]["B", 20] = "#REF!"  # (the #N/A are scores looked up and not found)
    path = tmp_path_factory.mktemp("errors") / "errors.xlsx"
    package = Zip(files.base)
    for name, given in errors.items():
        part = package.sheet(name)
        package.put(part, cells_replaced(package.text(part), lambda col, row, given=given:
                                         ("e", f"<v>{given[col, row]}</v>") if (col, row) in given else None))
    package.save(path)
    sheets = sheets_of(path)
    for name, given in errors.items():
        made = {(col, row): sheets[name][row - 1][column_index_from_string(col) - 1] for col, row in given}
        assert made == given and all(isinstance(v, ExcelError) for v in made.values()), name
    unrefreshed = shutil.copy(path, path.with_name("unrefreshed.xlsx"))
    api.refresh_file(path, backup=False)
    return path, sheets, sheets_of(path, same_as=(unrefreshed, sheets))


@pytest.mark.parametrize("engine", ENGINES)
def test_excel_error_values_give_the_checks_and_results_of_the_file_refresh(engine, errors_file):
    from tests.xlbook import ExcelError

    path, sheets, expected = errors_file
    assert isinstance(sheets["Log"][2][4], ExcelError)  # an error cell, which an engine reads as None by default
    book = engine.open(sheets, name=path.name)
    excel.refresh(book)
    assert any("#DIV/0! is an Excel error" in str(r[6]) for r in expected["Checks"])
    for name in COMPUTED + ["Log"]:
        assert normalised(engine.cells(book, name)) == grid_of(expected[name]), name


def test_check_in_excel_writes_the_checks_as_a_sheet_holds_them(files, monkeypatch):
    # a sheet of 3 rows (header and 2): the first problem, then a row counting the others by code
    from functools import partial

    from coachlog_xl.core.checks import listed

    monkeypatch.setattr(excel, "listed", partial(listed, rows=2))
    engine = MemoryEngine()
    book = engine.open(files.before())
    every = excel.check(book).checks
    assert len(every) > 2
    cells = engine.cells(book, "Checks")
    code = schema.CHECKS.keys.index("code") + 1
    problem = schema.CHECKS.keys.index("problem") + 1
    assert max(r for r, _ in cells) == 3
    assert cells[(2, code)] == every["code"][0]
    assert cells[(3, code)] == "checks-not-listed"
    assert cells[(3, problem)].startswith(f"{len(every) - 1:,} more problems are not listed")


@pytest.mark.parametrize("engine", ENGINES)
def test_check_in_excel_says_a_decision_the_log_lost_and_words_typed_on_follow_up(engine, files):
    # the refreshed demo, then a decided session's Decision cleared on the Log (Follow-up still holds it) and
    # a note typed three rows below Follow-up's last: Check in Excel says both, as `coachlog check` does (it
    # said neither), and the note as what the next Refresh stops on
    sheets = files.after()
    log, follow = sheets["Log"], sheets["Follow-up"]
    at = log[0].index("Decision")
    row = next(r for r in log[1:] if r[at])
    sid, decision, log_row = row[0], row[at], log.index(row) + 1
    row[at] = None
    assert next(r for r in follow[1:] if r[0] == sid)[follow[0].index("Decision")] == decision
    note_row = len(follow) + 3
    follow.extend([[None] * len(follow[0]) for _ in range(3)])
    follow[-1][0] = "ask Dana about the hold music"
    book = engine.open(sheets)
    excel.check(book)
    cells = engine.cells(book, "Checks")
    keys = schema.CHECKS.keys
    rows = [{k: cells.get((r, c)) for c, k in enumerate(keys, start=1)} for r in range(2, max(r for r, _ in cells) + 1)]
    lost = [r for r in rows if r["code"] == Code.DECISION_NOT_ON_LOG.value]
    assert len(lost) == 1 and lost[0]["sheet"] == "Follow-up" and lost[0]["value"] == decision
    assert f"Log row {log_row}'s Decision does not hold" in lost[0]["problem"]
    typed = [r for r in rows if r["code"] == Code.TYPED_NOT_KEPT.value]
    assert [(t["sheet"], t["row"], t["field"]) for t in typed] == [("Follow-up", note_row, f"A{note_row}")]
    assert typed[0]["problem"].startswith(f"Follow-up A{note_row} holds words typed on a sheet that Refresh")
    assert engine.written_sheets(book) == {"Checks"}


def _stamp_notes(engine, book) -> list[tuple]:
    """The Checks rows saying the stamp was not written: (sheet, row, field, value)."""
    cells = engine.cells(book, "Checks")
    keys = schema.CHECKS.keys
    rows = [{k: cells.get((r, c)) for c, k in enumerate(keys, start=1)} for r in range(2, max(r for r, _ in cells) + 1)]
    return [(r["sheet"], r["row"], r["field"], r["value"]) for r in rows if r["code"] == Code.STAMP_NOT_WRITTEN.value]


@pytest.mark.parametrize("engine", ENGINES)
def test_words_in_the_stamp_cell_are_kept_and_said_on_checks_in_excel(engine, files):
    # Excel shows no command-line output: Checks says why Start here has no "Refreshed ..." line
    sheets = files.before()
    start = sheets[schema.START]
    start[2][1] = "Ask Maya before refreshing"  # B3
    book = engine.open(sheets)
    excel.refresh(book)
    assert engine.cells(book, schema.START)[(3, 2)] == "Ask Maya before refreshing"
    said = _stamp_notes(engine, book)
    assert said == [(schema.START, 3, "B3", "Ask Maya before refreshing")]


@pytest.mark.parametrize("engine", ENGINES)
def test_check_in_excel_previews_the_stamp_note(engine, files):
    # the Check button says on Checks what the next Refresh would of words in the stamp cell, writing Checks only
    sheets = files.before()
    sheets[schema.START][2][1] = "Ask Maya before refreshing"  # B3
    book = engine.open(sheets)
    excel.check(book)
    assert engine.cells(book, schema.START)[(3, 2)] == "Ask Maya before refreshing"
    said = _stamp_notes(engine, book)
    assert said == [(schema.START, 3, "B3", "Ask Maya before refreshing")]
    assert engine.written_sheets(book) == {"Checks"}


def test_a_formula_showing_nothing_in_the_stamp_cell_is_kept_and_said_in_excel(files):
    # a formula of the team's in B3 giving "": Excel, where writing a value replaces a formula, keeps it (Lite and
    # Server cannot read formulas: xlbook's engines without formats)
    engine = MemoryEngine()
    sheets = files.before()
    sheets[schema.START][2][1] = None  # B3 shows nothing
    book = engine.open(sheets, formulas={schema.START: {(3, 2): '=IF(A1="","","Team notes")'}})
    excel.refresh(book)
    assert book.sheets[schema.START].formula_texts == {(3, 2): '=IF(A1="","","Team notes")'}
    said = _stamp_notes(engine, book)
    assert said == [(schema.START, 3, "B3", '=IF(A1="","","Team notes")')]


def test_check_in_excel_names_a_pivot_table_and_the_words_typed_beside_it(files):
    # a pivot table two columns right of Aggregate's block, and a note typed under the block: Check says both, as
    # Refresh's refusal does, and not the pivot table's own cells as words typed
    engine = MemoryEngine()
    sheets = files.after()
    agg = sheets["Aggregate"]
    width = max(len(r) for r in agg)
    for r in agg:
        r.extend([None] * (width + 3 - len(r)))
    col = width + 2
    agg[0][col], agg[1][col], agg[2][col] = "Row Labels", "Dana", "Grand Total"
    from coachlog_xl.workbook.a1 import get_column_letter

    ref = f"{get_column_letter(col + 1)}1:{get_column_letter(col + 1)}3"
    note_row = len(agg) + 2
    agg.extend([[None] * len(agg[0]) for _ in range(2)])
    agg[-1][0] = "ask Dana"
    book = engine.open(sheets, pivots={"Aggregate": [("PivotTable1", ref)]})
    excel.check(book)
    cells = engine.cells(book, "Checks")
    keys = schema.CHECKS.keys
    rows = [{k: cells.get((r, c)) for c, k in enumerate(keys, start=1)} for r in range(2, max(r for r, _ in cells) + 1)]
    said = [(r["sheet"], r["field"]) for r in rows if r["code"] == Code.TYPED_NOT_KEPT.value]
    assert said == [("Aggregate", ref), ("Aggregate", f"A{note_row}")]
