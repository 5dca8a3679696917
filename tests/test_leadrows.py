"""An export pasted with its header under the template's header (and title rows above it) is read
column-wise in one fastexcel load, and gives exactly the table the row reader gives."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.workbook import columns, fastload, leadrows, prefetch
from coachlog_xl.workbook.book import FileBook
from coachlog_xl.workbook.parts import sheet_parts
from coachlog_xl.workbook.reader import _table
from tests.wbkit import assert_same_results, refreshed_both_ways, type_log_rows, with_shared_strings

TEMPLATE = ["Call ID", "Rep", "Call date", "Criterion", "Score", "Call type"]
EXPORT = ["gradable_id", "agent_name", "ticket_created_at", "call_time", "question", "raw_score", "is_na", "comment"]
SHEET = "xl/worksheets/sheet1.xml"


def _export_rows(n: int = 40) -> list[list]:
    """An export's body: text ids and names, date-times (some at midnight), times of day, numbers with
    N/A text and blanks among them, yes/no, a comment column mostly blank."""
    rows = []
    for k in range(n):
        at = dt.datetime(2025, 3, 1) + dt.timedelta(days=k % 9, hours=0 if k % 4 == 0 else 9 + k % 7)
        score = "N/A" if k % 11 == 3 else None if k % 13 == 5 else float(k % 5)
        rows.append([f"G{k:03d}", ["Ana", "Ben", "Cy"][k % 3], at, dt.time(9 + k % 8, 15 * (k % 4)),
                     ["Greeting", "Hold"][k % 2], score, k % 7 == 0, "fine" if k % 6 == 0 else None])
    return rows


def _book(path, top: list[list | None], body: list[list], edit=None, inline=lambda row: False) -> None:
    """A workbook whose Scores sheet holds the rows ``top`` (None: a row left out) then ``body``, its
    texts as shared strings (after strings no cell uses, as another sheet's would be) but in the rows
    for which ``inline(row)`` holds, its parts then passed through ``edit(name, bytes)`` when given."""
    from openpyxl import Workbook

    made = path.with_suffix(".made.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    for r, values in enumerate([*top, *body], start=1):
        for c, value in enumerate(values or [], start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.time):
                    ws.cell(row=r, column=c).number_format = "h:mm"
    wb.save(made)
    strings = {f"<t>unused {k}</t>".encode(): k for k in range(50)}

    def shared(m: re.Match) -> bytes:
        row = int(re.search(rb'r="[A-Z]+(\d+)"', m.group(1)).group(1))
        if inline(row):
            return m.group(0)
        return m.group(1) + b't="s"><v>' + str(strings.setdefault(m.group(2), len(strings))).encode() + b"</v></c>"

    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as out:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
        parts[SHEET] = re.sub(rb'(<c [^>]*?)t="inlineStr"><is>(.*?)</is></c>', shared, parts[SHEET], flags=re.S)
        with_shared_strings(parts, list(strings))
        for name, data in parts.items():
            out.writestr(name, edit(name, data) if edit else data)


def _plain(value):
    """A cell as both readers mean it: a blank (None, "", NaN, NaT) as None, a date-time as a Timestamp."""
    if value is None or (isinstance(value, str) and value == "") or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (dt.datetime, dt.date, np.datetime64)) and not isinstance(value, dt.time):
        return ("date-time", pd.Timestamp(value))
    if isinstance(value, (bool, np.bool_)):
        return ("yes/no", bool(value))
    if isinstance(value, (int, float, np.number)):
        return ("number", float(value))
    return (type(value).__name__, value)


def _loads(monkeypatch) -> list:
    """The calls fastexcel loads a whole sheet with (their header rows), recorded as they are made; not
    the load of the typed columns only that checks them, beside the first (:func:`fastload._checked`)."""
    reader = fastload.modules()[0].ExcelReader
    calls, load = [], reader.load_sheet_by_name

    def counted(self, name, **kwargs):
        if kwargs.get("n_rows") is None and kwargs.get("use_columns") is None:
            calls.append(kwargs.get("header_row"))
        return load(self, name, **kwargs)

    monkeypatch.setattr(reader, "load_sheet_by_name", counted)
    return calls


def _same_as_row_reader(path, fast) -> None:
    """``fast`` (a column-wise read) is the table the row reader gives: headers, each cell's value and
    kind, row numbers; its factors those pandas.factorize gives."""
    slow = _table(FileBook(path).rows("Scores"), "Scores")
    assert fast is not None  # read column-wise
    assert fast.headers == slow.headers
    assert list(fast.data.columns) == list(slow.data.columns)
    assert len(fast.data) == len(slow.data)
    for c in fast.data.columns:
        assert [_plain(v) for v in fast.data[c].astype(object)] == [_plain(v) for v in slow.data[c]], c
    for p, (codes, distinct) in fast.factors.items():
        want_codes, want_distinct = pd.factorize(fast.data[p].astype(object), use_na_sentinel=True)
        assert codes.tolist() == want_codes.tolist() and list(distinct) == list(want_distinct)


@pytest.mark.parametrize("top", [
    [TEMPLATE, EXPORT],  # pasted as exported under the template's header
    [TEMPLATE, ["QA export"], ["Generated 2025-03-10", "by Kim"], EXPORT],  # a title block above it
    [TEMPLATE, ["QA export"], None, EXPORT],  # and a blank row (not stored) between
])
def test_an_export_pasted_under_the_header_is_read_in_one_load_as_the_row_reader_reads_it(tmp_path, monkeypatch, top):
    path = tmp_path / "pasted.xlsx"
    _book(path, top, _export_rows())
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET)
    assert loads == [len(top) - 1]  # one load, its header row the export's
    _same_as_row_reader(path, fast)
    assert fast.headers == TEMPLATE + ["", ""]
    assert fast.data[5].tolist()[len(top) - 2:len(top) + 3] == ["raw_score", 0.0, 1.0, 2.0, "N/A"]
    assert list(fast.data["_row"])[:2] == [2, 3]


@pytest.mark.parametrize("weeks", [2, 5])
def test_weekly_exports_pasted_one_under_another_are_read_in_one_load_as_the_row_reader_reads_them(
        tmp_path, monkeypatch, weeks):
    # each week's export pasted under the last with its header, as the README asks: every number and
    # date column holds the header's text at each paste's top; the columns typed by the first week's
    # rows are loaded so at once (and checked by a load of those columns beside it)
    path = tmp_path / "weekly.xlsx"
    body = []
    for w in range(weeks):
        body += ([EXPORT] if w else []) + _export_rows(30)
    _book(path, [TEMPLATE, EXPORT], body)
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET)
    assert loads == [1]
    _same_as_row_reader(path, fast)
    # by hand: the export's header row, its 30 rows, then the header again above each later week's
    scores = fast.data[5].tolist()
    assert [k for k, v in enumerate(scores) if v == "raw_score"] == [31 * w for w in range(weeks)]


def test_the_row_reader_would_be_needed_without_the_rows_of_text_read_apart(tmp_path, monkeypatch):
    # the same paste read from row 1: a column of yes/no under a text is refused by fastexcel
    path = tmp_path / "pasted.xlsx"
    _book(path, [TEMPLATE, EXPORT], _export_rows())
    monkeypatch.setattr(leadrows, "LEAD_ROWS", 1)
    assert columns.read_columns(path, "Scores", SHEET) is None


@pytest.mark.parametrize("case", ["inline", "mixed", "rich", "bare"])
def test_the_rows_of_text_are_read_as_the_row_reader_reads_them_however_stored(tmp_path, monkeypatch, case):
    # shared or inline strings, a rich-text shared string (runs of formatting), rows and cells
    # stored without their numbers
    path = tmp_path / "stored.xlsx"
    top = [TEMPLATE, ["Report  \u00e9t\u00e9 &", "x < y"], EXPORT]
    if case in ("inline", "mixed"):  # every text of rows 1 .. 3 inline; row 2's only
        _book(path, top, _export_rows(), inline=(lambda row: row <= 3) if case == "inline" else (lambda row: row == 2))
    elif case == "rich":
        rich = b'<r><t xml:space="preserve">raw </t></r><r><rPr><b/></rPr><t>score</t></r>'

        def edit(name, data):
            return data.replace(b"<si><t>raw_score</t></si>", b"<si>" + rich + b"</si>") \
                if name == "xl/sharedStrings.xml" else data
        _book(path, top, _export_rows(), edit)
    else:  # every row without its number, and the cells of rows 1 .. 3 (no gap between them) too
        def edit(name, data):
            if name != SHEET:
                return data
            data = re.sub(rb'(<c\b[^>]*?) r="[A-Z]+[123]"', rb"\1", data)
            return re.sub(rb'(<row\b[^>]*?) r="\d+"', rb"\1", data)
        _book(path, top, _export_rows(), edit)
    with zipfile.ZipFile(path) as z:
        stored = z.read(SHEET)
        assert stored.count(b't="inlineStr"') == {"inline": 16, "mixed": 2}.get(case, 0)
        assert (b"<r><t" in z.read("xl/sharedStrings.xml")) == (case == "rich")
        assert (re.search(rb'<row r=|<c r="[A-Z]+[123]"', stored) is None) == (case == "bare")
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET)
    assert loads == [2]
    _same_as_row_reader(path, fast)
    assert fast.data[0].tolist()[:2] == ["Report  \u00e9t\u00e9 &", "gradable_id"]
    assert fast.data[5].tolist()[1] == ("raw score" if case == "rich" else "raw_score")


@pytest.mark.parametrize("export", [
    ["id", "agent", None, "time", "question", "score", "na", "comment"],  # a blank header cell
    ["id", "agent", "when", "when", "score", "score", "score_1", "x"],  # repeated names (fastexcel renames)
    ["1", "2025", "45658", "time", "question", "80", "TRUE", "comment"],  # texts that look like numbers
])
def test_any_header_row_of_text_is_read_as_the_row_reader_reads_it(tmp_path, monkeypatch, export):
    path = tmp_path / "header.xlsx"
    body = _export_rows()
    for k, row in enumerate(body):
        row[5] = "-" if k == 6 else row[5]  # a text fastexcel does not take for a blank: the column loaded again
    _book(path, [TEMPLATE, export], body)
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET)
    assert loads[0] == 1 and len(loads) <= 3
    _same_as_row_reader(path, fast)
    assert fast.data[1].tolist()[0] == export[1]


def test_data_rows_of_text_only_under_the_header_are_data(tmp_path, monkeypatch):
    # rows 2 and 3 are calls holding only text (no score yet, a text date), row 4 the first with a number
    path = tmp_path / "texts.xlsx"
    top = [TEMPLATE, ["C1", "Ana", "2025-03-01", "Greeting", "N/A", "inbound"], ["C2", "Ben", "03/02/2025", "Hold"]]
    body = [[f"C{k}", "Ana", dt.datetime(2025, 3, k), "Hold", 60.0 + k, "inbound"] for k in range(3, 12)]
    _book(path, top, body)
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET)
    assert loads == [2]
    _same_as_row_reader(path, fast)
    assert fast.data[4].tolist()[:4] == ["N/A", None, 63.0, 64.0]
    assert fast.data[2].tolist()[:3] == ["2025-03-01", "03/02/2025", dt.date(2025, 3, 3)]


def test_a_sheet_of_text_only_is_read_from_row_one(tmp_path, monkeypatch):
    path = tmp_path / "all_text.xlsx"
    _book(path, [TEMPLATE, EXPORT], [[f"G{k}", "Ana", "2025-03-01", "09:00", "Greeting", "80"] for k in range(5)])
    assert leadrows.scan(path, SHEET).rows == 1
    loads = _loads(monkeypatch)
    _same_as_row_reader(path, columns.read_columns(path, "Scores", SHEET))
    assert loads == [0]


def test_the_rows_of_text_are_sent_by_the_second_process_and_read_here_as_loaded_there(tmp_path, monkeypatch):
    path = tmp_path / "pasted.xlsx"
    _book(path, [TEMPLATE, ["QA export"], EXPORT], _export_rows())
    assert sheet_parts(path) == leadrows.sheet_parts(path)
    before, sheets, scans, after, halved = prefetch._load_all(path)
    assert halved == {}  # (a short sheet, and rows of text above its header: loaded whole)
    sent = io.BytesIO()
    prefetch._write_answer(sent, before, sheets, scans, after, halved)
    sent.seek(0)
    loaded = prefetch._read_answer(sent)[1]["Scores"]
    assert loaded.part == SHEET and [r[0] for r in loaded.lead] == ["Call ID", "QA export", "gradable_id"]
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET, loaded)
    assert loads == []  # not loaded again here
    _same_as_row_reader(path, fast)


def test_a_refresh_of_an_export_pasted_under_the_header_is_the_refresh_read_row_by_row(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from coachlog_xl import api

    path = tmp_path / "maestro.xlsx"
    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    for i, name in enumerate(["Greeting", "Hold"], start=2):
        wb["Criteria"].cell(row=i, column=2, value=name)
    for i, rep in enumerate(["Ana", "Ben"], start=2):
        wb["Reps"].cell(row=i, column=1, value=rep)
    scores = wb["Scores"]
    header = ["gradable_id", "agent_name", "grader", "ticket_created_at", "date_graded", "question_id",
              "raw_score", "normalized_score", "is_na", "comment"]
    for c, text in enumerate(header, start=1):
        scores.cell(row=2, column=c, value=text)
    start = dt.datetime(2026, 3, 1)
    for k in range(120):
        at = start + dt.timedelta(days=k % 40, hours=9 + k % 5)
        raw = None if k % 17 == 4 else "N/A" if k % 23 == 7 else k % 6
        row = [f"G{k:04d}", ["Ana", "Ben", "Cy"][k % 3], "Kim Lee", at, at + dt.timedelta(days=1),
               ["Greeting", "Hold"][k % 2], raw, None if not isinstance(raw, int) else raw * 20.0, k % 19 == 0,
               "ok" if k % 5 == 0 else None]
        for c, value in enumerate(row, start=1):
            scores.cell(row=3 + k, column=c, value=value)
    type_log_rows(wb, [{"Session ID": f"S{s}", "Rep": ["Ana", "Ben"][s % 2],
                        "Session date": (start + dt.timedelta(days=4 * s)).date(),
                        "Targeted criterion": ["Greeting", "Hold"][s % 2]} for s in range(10)])
    wb.save(path)
    loads = _loads(monkeypatch)
    table = FileBook(path).table("Scores")
    assert loads == [1]  # one load, from the export's header
    _same_as_row_reader(path, table)
    fast, slow = refreshed_both_ways(path, monkeypatch, dt.date(2026, 6, 30))
    assert fast.summary["scores"] > 80
    assert_same_results(fast, slow)


def test_a_title_merged_across_the_export_is_read_as_the_row_reader_reads_it(tmp_path, monkeypatch):
    from openpyxl import Workbook

    path = tmp_path / "merged.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws.append(TEMPLATE)
    ws.append(["QA export for March"])
    ws.merge_cells("A2:F2")  # (its other cells stored empty)
    ws.append(["id", "agent", "when", "metric", "score"])
    for k in range(6):
        ws.append([f"C{k}", "Ana", dt.datetime(2025, 3, 1 + k, 9), "Greeting", 70.0 + k])
    wb.save(path)
    loads = _loads(monkeypatch)
    fast = columns.read_columns(path, "Scores", SHEET)
    assert loads == [2]
    _same_as_row_reader(path, fast)
    assert fast.data[0].tolist()[:3] == ["QA export for March", "id", "C0"]
    assert fast.data[1].tolist()[:3] == [None, "agent", "Ana"]


def test_the_second_processs_sheet_parts_are_the_packages(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "names.xlsx"
    wb = Workbook()
    wb.active.title = "Scores <Q&A> \"é\""
    wb.create_sheet("Scores it's")
    wb.create_sheet("Log")
    wb.save(path)
    assert leadrows.sheet_parts(path) == sheet_parts(path)
    assert set(leadrows.sheet_parts(path)) == {"Scores <Q&A> \"é\"", "Scores it's", "Log"}


@pytest.mark.parametrize("top", [
    [TEMPLATE, EXPORT],
    [TEMPLATE, ["QA export"], ["Generated 2025-03-10", "by Kim"], EXPORT],
])
def test_the_export_block_below_the_rows_of_text_keeps_its_typed_columns(tmp_path, top):
    # the header block a paste under the template's header makes holds the export's rows as the reader
    # typed them (date-times, numbers, texts with their factors), not as the objects its column became
    # with the export's header in it; the values are the row reader's all the same
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.layout import segments
    from coachlog_xl.schema import DEFAULT_HEADER_MAP

    path = tmp_path / "pasted.xlsx"
    body = [r for r in _export_rows(60) if r[5] != "N/A"]  # (a column of numbers and blanks only)
    _book(path, top, body)
    fast = columns.read_columns(path, "Scores", SHEET)
    slow = _table(FileBook(path).rows("Scores"), "Scores")
    names = {field: list(headers) for field, headers in DEFAULT_HEADER_MAP.items()}
    fast_blocks, slow_blocks = segments(fast, names, Issues()), segments(slow, names, Issues())
    assert [b.headers for b in fast_blocks] == [b.headers for b in slow_blocks]
    block, want = fast_blocks[-1], slow_blocks[-1]
    assert block.headers[:3] == EXPORT[:3] and len(block.data) == len(body)
    assert block.data[2].dtype.kind == "M" and block.data[5].dtype.kind == "f"  # (as objects without the types)
    for c in block.data.columns:
        assert [_plain(v) for v in block.data[c].astype(object)] == [_plain(v) for v in want.data[c]], c
    assert {0, 1, 4} <= set(block.factors)
    for p, (codes, distinct) in block.factors.items():  # (a blank is None here, code -1)
        want_codes, want_distinct = pd.factorize(block.data[p].astype(object), use_na_sentinel=True)
        assert codes.tolist() == want_codes.tolist() and list(distinct) == list(want_distinct), p
