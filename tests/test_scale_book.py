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


def test_the_other_writers_store_the_same_rows_and_refresh_alike(tmp_path):
    import datetime as dt

    import pandas as pd

    from coachlog_xl import api

    def made(**how):
        book = tmp_path / f"scale-{'-'.join(how.values()) or 'default'}.xlsx"
        make_workbook(book, rows=800, **how)
        with zipfile.ZipFile(book) as z:
            xml = z.read(_sheet_part(z, "Scores")).decode()
        return book, xml

    default, xml = made()
    assert 't="s"' in xml and "inlineStr><is><t>C0000000<" not in xml
    want = api.compute_file(default, dt.date(2025, 12, 31), cache=False)
    assert want.summary["scores"] == 800  # (a call and criterion per row)
    for how, told in [({"writer": "inline"}, 'c r="A2" t="inlineStr"><is><t>C0000000</t>'),
                      ({"writer": "bare"}, '<row><c t="s"><v>'),
                      ({"dates": "us-text"}, "<t>1/1/2025 8:00:00 AM</t>"),
                      ({"paste": "below"}, '<row r="3"><c r="A3" t="s">')]:
        book, xml = made(**how)
        assert told in xml or told in zipfile.ZipFile(book).read("xl/sharedStrings.xml").decode(), how
        got = api.compute_file(book, dt.date(2025, 12, 31), cache=False)
        for name in ("followup", "baseline", "aggregate"):
            pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name), check_dtype=False)


def test_the_messy_scores_are_the_same_scores_stored_as_text_or_with_one_error_value(tmp_path):
    def scores(**how):
        book = tmp_path / f"scale-{'-'.join(how.values()) or 'default'}.xlsx"
        make_workbook(book, rows=800, **how)
        ws = load_workbook(book)["Scores"]
        return [ws.cell(row=r, column=5) for r in range(2, ws.max_row + 1)]

    numbers = [c.value for c in scores()]
    assert len(numbers) == 800 and all(isinstance(v, int) for v in numbers)
    assert [c.value for c in scores(scores="percent-text")] == [f"{v}%" for v in numbers]
    one_na = scores(scores="one-na")
    errors = [i for i, c in enumerate(one_na) if c.data_type == "e"]
    assert errors == [398] and one_na[398].value == "#N/A"  # (row 400 = 801 // 2, the last row's half)
    assert [c.value for i, c in enumerate(one_na) if i != 398] == numbers[:398] + numbers[399:]


def test_rows_carry_the_grader_and_the_grading_date_and_six_columns_are_the_same_rows_without(tmp_path):
    import datetime as dt

    from coachlog_xl import api

    eight, six = tmp_path / "eight.xlsx", tmp_path / "six.xlsx"
    make_workbook(eight, rows=800)
    make_workbook(six, rows=800, columns=6)
    w8, w6 = load_workbook(eight)["Scores"], load_workbook(six)["Scores"]
    head = [c.value for c in w8[1]]
    evaluator, graded = head.index("Evaluator") + 1, head.index("Graded on") + 1
    graders: dict[str, set] = {}
    for r in range(2, w8.max_row + 1):
        row8 = [c.value for c in w8[r]]
        assert row8[:6] == [c.value for c in w6[r]][:6] and w6.cell(r, evaluator).value is None
        assert sum(v is not None for v in row8) == 8  # (issue 6's workbook: "1,000,000 rows x 8 columns")
        assert w8.cell(r, graded).value.date() == w8.cell(r, 3).value.date() + dt.timedelta(days=2)
        graders.setdefault(row8[0], set()).add(w8.cell(r, evaluator).value)
    assert all(len(g) == 1 for g in graders.values())  # one grader per call, all its criteria
    assert len(set().union(*graders.values())) == 12
    shifts = api.compute_file(eight, dt.date(2025, 12, 31), cache=False).followup["evaluator_shift"]
    assert shifts.notna().any()  # (the evaluators are read: their mix is weighed)
    assert api.compute_file(six, dt.date(2025, 12, 31), cache=False).followup["evaluator_shift"].isna().all()
