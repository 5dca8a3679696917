"""The reader of the small sheets (python-calamine, which holds every shared string of the workbook
while it is open, the Scores' texts too) is let go before the Scores sheets are read, and a Scores sheet
read row by row after it reads as it did with the reader still open."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook import reader
from coachlog_xl.workbook.book import FileBook
from tests.test_fastpath import varied_workbook


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "varied.xlsx"
    varied_workbook(path)  # (its third Scores sheet is read row by row: a date among the scores)
    return path


def _read_cached(path):
    book = FileBook(path)
    try:
        return reader.read_cached(book, use_cache=False)[0]
    finally:
        book.close()


@pytest.mark.parametrize("read", [_read_cached, reader.read_inputs], ids=["refresh", "import"])
def test_the_small_sheets_reader_is_let_go_before_each_scores_sheet_is_read(varied, monkeypatch, read):
    held = []
    table = FileBook.table

    def watched(self, sheet):
        held.append((sheet, self._values is not None))
        return table(self, sheet)

    monkeypatch.setattr(FileBook, "table", watched)
    inputs = read(varied)
    assert held == [("Scores", False), ("Scores 2", False), ("Scores 3", False)]
    assert len(inputs.scores) == 3


def test_the_scores_read_after_it_is_let_go_are_those_read_with_it_open(varied):
    after = _read_cached(varied)
    held = FileBook(varied)  # (the scores read with the small sheets, the reader open throughout)
    try:
        before = reader.inputs_from_book(held)
    finally:
        held.close()
    assert [t.sheet for t in after.scores] == [t.sheet for t in before.scores] == ["Scores", "Scores 2", "Scores 3"]
    for a, b in zip(after.scores, before.scores):
        assert a.headers == b.headers
        pd.testing.assert_frame_equal(a.data, b.data, check_exact=True)


@pytest.mark.parametrize("read", [_read_cached, reader.read_inputs], ids=["refresh", "import"])
def test_a_workbook_replaced_after_its_small_sheets_were_read_stops_with_the_changed_on_disk_message(
        varied, tmp_path, monkeypatch, read):
    """The file swapped (as a save in Excel replaces it) for one whose third Scores sheet is renamed,
    after the small sheets were read and before that sheet is read row by row: the command stops with
    the message a save gives for a file changed on disk, not a missing sheet's KeyError, nor rows of
    another file read beside the first's."""
    import openpyxl

    path, other = tmp_path / "book.xlsx", tmp_path / "other.xlsx"
    path.write_bytes(varied.read_bytes())
    wb = openpyxl.load_workbook(varied)
    wb["Scores 3"].title = "Scores old"
    wb.save(other)
    rows, swapped = FileBook.rows, []

    def swapping(self, sheet):
        if sheet == "Scores 3" and not swapped:
            os.replace(other, path)
            swapped.append(sheet)
        return rows(self, sheet)

    monkeypatch.setattr(FileBook, "rows", swapping)
    with pytest.raises(WorkbookError, match="the file changed on disk since it was read"):
        read(path)
    assert swapped == ["Scores 3"]
