"""The benchmark's large workbook is a valid package: its Scores rows ascend, each once, so Excel opens
it without repair and every reader sees the rows the generator wrote."""

from __future__ import annotations

import re
import zipfile

from openpyxl import load_workbook

from benchmarks.scale_book import CRITERIA, _sheet_part, make_workbook


def test_scores_rows_ascend_once_and_keep_their_values(tmp_path):
    book = tmp_path / "scale.xlsx"
    make_workbook(book, rows=800)
    with zipfile.ZipFile(book) as z:
        xml = z.read(_sheet_part(z, "Scores")).decode()
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    calls = 800 // len(CRITERIA)
    assert numbers == list(range(1, calls * len(CRITERIA) + 2))
    ws = load_workbook(book)["Scores"]
    assert ws.max_row == calls * len(CRITERIA) + 1
    dates = [ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1)]
    assert all(d is not None for d in dates)
    assert ws.cell(row=2, column=1).value == "C0000000"
