"""Sentences and long names on the computed sheets wrap in their column, on rows tall enough to show them."""

from __future__ import annotations

import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.core.checks import Code
from coachlog_xl.workbook.rowheights import LINE_HEIGHT, MAX_LINES, lines, row_heights
from coachlog_xl.workbook.template import build_template
from tests.demo_kit import demo_copy
from tests.fidelity_kit import Zip

WRAPPED = {
    "Checks": ("field", "value", "problem", "fix"),
    "Aggregate": ("group", "left_out_why", "verdict", "no_comparison_why"),
    "Follow-up": ("criterion", "invalid_because", "reason", "no_comparison"),
    "Baseline": ("criterion", "call_types"),
}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    return demo_copy(tmp_path_factory.mktemp("wrapped") / "demo.xlsx", tmp_path_factory)


@pytest.fixture(scope="module")
def demo(demo_path):
    return load_workbook(demo_path)


def test_lines_counts_words_to_a_line_and_breaks_a_word_too_long():
    assert lines("aaa bbb ccc", 7) == 2  # "aaa bbb" is 7 characters, "ccc" goes below
    assert lines("aaa bbb ccc", 11) == 1
    assert lines("abcdefghij", 4) == 3  # abcd / efgh / ij
    assert lines("one\ntwo", 20) == 2
    assert lines("", 10) == 1


def test_row_heights_take_the_tallest_wrapped_cell_and_skip_columns_that_do_not_wrap():
    long = "word " * 6  # 30 characters: 3 lines of 10, 2 lines of 15
    heights = row_heights([10, 15, None], [["short", long], ["x", long], [long * 9, long * 9]])
    assert heights == {1: 3 * LINE_HEIGHT}


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_the_template_wraps_the_long_text_columns_of_each_computed_sheet(name):
    ws = build_template()[name]
    sheet = next(s for s in schema.COMPUTED_SHEETS if s.name == name)
    wrapped = {c.key for c in sheet.columns if c.wrap}
    assert wrapped == set(WRAPPED[name])
    for i, col in enumerate(sheet.columns, start=1):
        dim = ws.column_dimensions[ws.cell(row=1, column=i).column_letter]
        assert bool(dim.alignment.wrap_text) == (col.key in wrapped), col.key


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_a_refreshed_sheet_shows_its_long_texts_whole(demo, name):
    ws = demo[name]
    sheet = next(s for s in schema.COMPUTED_SHEETS if s.name == name)
    cols = [(i, c) for i, c in enumerate(sheet.columns, start=1) if c.wrap]
    long_rows = 0
    for r in range(2, ws.max_row + 1):
        need = max((lines(v, c.width) for i, c in cols if isinstance(v := ws.cell(r, i).value, str)), default=1)
        height = ws.row_dimensions[r].height
        if need > 1:
            long_rows += 1
            assert height is not None and height >= need * LINE_HEIGHT, (name, r)
        for i, _ in cols:
            if ws.cell(r, i).value is not None:
                assert ws.cell(r, i).alignment.wrap_text, (name, ws.cell(r, i).coordinate)
    assert long_rows  # the demo has sentences longer than their column on every one of these sheets


def test_checks_code_column_holds_the_longest_code():
    code = schema.CHECKS.column("code")
    assert code.width >= max(len(c.value) for c in Code)


def test_a_workbook_whose_columns_do_not_wrap_keeps_one_line_rows(demo_path, tmp_path):
    """A workbook made before these columns wrapped: its column styles are kept, and so are its rows' heights."""
    path = tmp_path / "older.xlsx"
    with zipfile.ZipFile(demo_path) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        sheets = {s.title: i for i, s in enumerate(load_workbook(demo_path, read_only=True).worksheets, start=1)}
        checks = f"xl/worksheets/sheet{sheets['Checks']}.xml"
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == checks:
                data = re.sub(rb'(<col [^>]*?) style="\d+"', rb"\1", data)  # no column style: nothing wraps
            out.writestr(info, data)
    api.refresh_file(path, force=True, backup=False, cache=False)
    last, heights = _rows_and_heights(path, "Checks")
    assert last > 50
    assert [r for r in heights if r >= 2] == []


def _rows_and_heights(path, sheet: str) -> tuple[int, list[int]]:
    """The last row of ``sheet`` and the rows given a height (``ht``), read from its part: what an
    openpyxl load gives as ``max_row`` and the rows whose ``row_dimensions`` have a height, without
    loading the other sheets (the demo's 7,412 Scores rows: 3-4 s)."""
    package = Zip(path)
    rows = re.findall(r"<row\b[^>]*>", package.text(package.sheet(sheet)))
    numbers = [int(re.search(r' r="(\d+)"', row).group(1)) for row in rows]
    return max(numbers), [n for n, row in zip(numbers, rows, strict=True) if re.search(r' ht="', row)]


def test_texts_differing_only_in_their_digits_are_wrapped_once(monkeypatch):
    from coachlog_xl.workbook import rowheights

    calls = []
    monkeypatch.setattr(rowheights, "lines", lambda text, room: calls.append(text) or lines(text, room))
    problems = [f"Log row {r} (S{r:05d}): the conversation summary is blank or generic." for r in range(10, 100)]
    heights = row_heights([30], [problems])
    # "Log row 10 (S00010): the" is 24 characters, "conversation summary is" 23, "blank or generic." 17
    assert heights == {i: 3 * LINE_HEIGHT for i in range(90)}
    assert len(calls) == 1


_WORDS = st.lists(st.sampled_from(["a", "bb", "word", "longerword", "x" * 23, " ", "  ", "\t", "\n", "\u2028", "é"]),
                  max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.none(), st.integers(), st.floats(allow_nan=True)), max_size=30),
       st.integers(min_value=1, max_value=30))
def test_row_heights_are_each_texts_own_line_count(values, width):
    expected = {}
    for i, value in enumerate(values):
        if isinstance(value, str) and (len(value) > width or "\n" in value):
            n = min(lines(value, width), MAX_LINES)
            if n > 1:
                expected[i] = n * LINE_HEIGHT
    assert row_heights([width], [values]) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(_WORDS, st.none(), st.integers()), st.one_of(_WORDS, st.just(["a list"]))),
                max_size=30),
       st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_a_row_is_as_tall_as_its_tallest_wrapped_cell_whatever_else_its_columns_hold(rows, first, second):
    # the tallest of each row's own line counts, counted text by text; a column holding a value that is
    # no dict key (a list) is read as well as one that holds none
    expected = {}
    for i, row in enumerate(rows):
        counts = [min(lines(value, width), MAX_LINES) for value, width in zip(row, (first, second))
                  if isinstance(value, str) and (len(value) > width or "\n" in value)]
        if max(counts, default=1) > 1:
            expected[i] = max(counts) * LINE_HEIGHT
    columns = [[row[0] for row in rows], [row[1] for row in rows]]
    assert row_heights([first, None, second], [columns[0], ["x" * 99] * len(rows), columns[1]]) == expected
