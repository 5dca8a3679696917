"""The Log's grey cells, whose number formats a refresh may set back, are read beside the Log's rows (in the
process reading the Log while the other normalises the Scores, where there are two), before the baselines are
known, and their verdicts are reached among the Aggregate's pieces (in its second process, where there is one):
the Checks rows are those reading them and reaching the verdicts after the compute gives, with two processes
and with one; and the verdict of each (cell's style, column, format, value's kind), reached once, is each
cell's own."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachlog_xl import api, workers
from coachlog_xl.core import aggregate, refresh
from coachlog_xl.workbook import logformats
from coachlog_xl.workbook.book import FileBook
from coachlog_xl.workbook.celledits import _NewCells, formats_set_back
from coachlog_xl.workbook.reader import inputs_from_book
from coachlog_xl.workbook.stylesxml import Styles
from tests.test_log_format_set_back import AS_OF, _formatted


def _log_headers(path: Path) -> list:
    return [cell.value for cell in load_workbook(path, read_only=True)["Log"][1]]


@pytest.mark.skipif(not workers.available(), reason="a second process needs Linux and two cores")
def test_the_caller_s_task_runs_in_the_process_reading_the_log_and_its_value_comes_back(tmp_path, monkeypatch):
    path = tmp_path / "team.xlsx"
    _formatted(path)
    monkeypatch.setattr(refresh, "LOG_BESIDE", 0)  # (the Log read beside the Scores however short)
    book = FileBook(path)
    try:
        inputs = inputs_from_book(book)
    finally:
        book.close()
    result = refresh.compute(inputs, AS_OF, mapper=workers.map_halves, beside_log=os.getpid)
    assert isinstance(result.beside_log, int) and result.beside_log != os.getpid()
    book = FileBook(path)
    try:
        inputs = inputs_from_book(book)
    finally:
        book.close()
    assert refresh.compute(inputs, AS_OF, beside_log=os.getpid).beside_log == os.getpid()  # (one process: here)


def _inputs(path: Path):
    book = FileBook(path)
    try:
        return inputs_from_book(book)
    finally:
        book.close()


@pytest.mark.skipif(not workers.available(), reason="a second process needs Linux and two cores")
def test_the_caller_s_task_beside_the_aggregate_runs_in_its_second_process_given_the_log_cells_to_write(
        tmp_path, monkeypatch):
    path = tmp_path / "team.xlsx"
    _formatted(path)
    monkeypatch.setattr(aggregate, "APART", 0)  # (the Aggregate's pieces worth a second process however few)
    given = []

    def task(updates, read):
        given.append((updates, read))  # (in this process only: a second process's list is its own)
        return os.getpid(), updates.to_dict("list"), read

    two = refresh.compute(_inputs(path), AS_OF, mapper=workers.map_halves, beside_log=lambda: "read beside",
                          beside_aggregate=task)
    pid, updates, read = two.beside_aggregate
    assert pid != os.getpid() and not given
    # S-1's and S-2's baselines recorded (rows 2 and 3), and what beside_log gave
    assert updates == two.log_updates.to_dict("list") and sorted(updates["_row"]) == [2, 3] and read == "read beside"
    one = refresh.compute(_inputs(path), AS_OF, beside_log=lambda: "read beside", beside_aggregate=task)
    assert one.beside_aggregate[0] == os.getpid() and len(given) == 1  # (one process: here, once)
    assert one.beside_aggregate[1:] == two.beside_aggregate[1:]
    assert refresh.compute(_inputs(path), AS_OF).beside_aggregate is None  # (no task: none done)


@pytest.mark.parametrize("processes", ["two", "one"])
def test_the_checks_are_those_of_the_grey_cells_read_after_the_compute(tmp_path, monkeypatch, processes):
    path, after = tmp_path / "team.xlsx", tmp_path / "after.xlsx"
    _formatted(path)
    shutil.copy(path, after)
    if processes == "two":
        monkeypatch.setattr(refresh, "LOG_BESIDE", 0)
        monkeypatch.setattr(workers, "SCORE_ROWS", 0)
        monkeypatch.setattr(aggregate, "APART", 0)
    else:
        monkeypatch.setenv("COACHLOG_WORKERS", "1")
    beside = api.refresh_file(path, AS_OF, backup=False, cache=False)
    assert isinstance(beside.beside_log, logformats.LogCells) and len(beside.beside_aggregate) == 3
    monkeypatch.setattr(api, "_log_cells", lambda _path, _inputs: None)  # (read after the compute, as before)
    compute = api.compute  # (and the verdicts reached after it, as before)
    monkeypatch.setattr(api, "compute", lambda *args, beside_aggregate=None, **kwargs: compute(*args, **kwargs))
    read_after = api.refresh_file(after, AS_OF, backup=False, cache=False)
    assert read_after.beside_log is None and read_after.beside_aggregate is None
    named = beside.checks[beside.checks["code"] == "log-format-set-back"]
    assert list(named["row"]) == [2, 2, 2]  # (AA2 0.0%, AB2 0%, AC2 @: tests/test_log_format_set_back.py)
    assert beside.checks.equals(read_after.checks)
    assert load_workbook(path)["Log"]["AB2"].number_format == load_workbook(after)["Log"]["AB2"].number_format == "0"


def test_each_cell_s_verdict_is_the_one_reached_for_it_alone(tmp_path):
    path = tmp_path / "team.xlsx"
    _formatted(path)  # S-1's grey cells 0.0%, 0%, @; S-2's 0.00, 0 "calls", dd mmm yyyy; row 4's the columns'
    read = logformats.log_cells(path, _log_headers(path))
    day = dt.date(2026, 3, 31)
    # by hand: S-1's percents and text set back to the values' formats, S-2's of the values' kinds kept
    recorded = [(row, col, value, fmt) for row in (2, 3) for col, value, fmt in
                ((27, 64.7, "0.0"), (28, 10, "0"), (29, day, "yyyy-mm-dd"))]
    styles = Styles(read.styles)
    assert [(row, col, styles.code_shown(was), styles.code_shown(now))
            for row, col, was, now in formats_set_back(read.cells, recorded, styles)] == [
        (2, 27, "0.0%", "0.0"), (2, 28, "0%", "0"), (2, 29, "@", "yyyy-mm-dd")]
    values = [64.7, 10, None, "n/a", day, dt.datetime(2026, 3, 31), dt.datetime(2026, 3, 31, 9, 30)]
    cells = [(row, col, value, fmt) for row in (2, 3, 4) for col in (27, 28, 29) for value in values
             for fmt in ("0.0", "0", "yyyy-mm-dd")]
    for turn in range(0, len(cells), 5):  # each value and format the last given a cell (the one written) in turn
        given = cells[turn:] + cells[:turn]
        styles = Styles(read.styles)
        found = [(row, col, styles.code_shown(was), styles.code_shown(now))
                 for row, col, was, now in formats_set_back(read.cells, given, styles)]
        alone = []  # each cell with styles and a style cache of its own
        for (row, col), (value, fmt) in sorted({(r, c): (v, f) for r, c, v, f in given}.items()):
            own = Styles(read.styles)
            new_cell, current = _NewCells("", read.cells.column_styles, own), read.cells.styles.get((row, col))
            base, style = new_cell.base(col, current), new_cell.style_for(col, current, value, fmt)
            if own.number_kind(base) != "general" and own.format_of(style) != own.format_of(base):
                alone.append((row, col, own.code_shown(base), own.code_shown(style)))
        assert found == alone and alone
