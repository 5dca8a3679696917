"""A long Scores sheet cut in two parts, each loaded by fastexcel in its own process (:mod:`halves`):
the parts joined are the whole sheet's load, or they are left for it."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from coachlog_xl import api, workers
from coachlog_xl.workbook import fastload, halves, leadrows, prefetch
from tests.test_fastpath import varied_workbook

START = dt.datetime(2026, 3, 1, 9, 0)
HEADER = ["Call ID", "Rep", "Call date", "Criterion", "Score", "Evaluator"]


@pytest.fixture(autouse=True)
def any_size(monkeypatch):
    """The test workbooks are small: cut them all the same, and prefetch them."""
    monkeypatch.setattr(halves, "LEAST_BYTES", 0)
    monkeypatch.setattr(prefetch, "LEAST_BYTES", 0)


def _book(path, rows, date1904=False):
    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws.append(HEADER)
    for r, values in rows.items():
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    if date1904:
        wb.epoch = dt.datetime(1904, 1, 1)
    wb.save(path)
    return path


def _rows(changes=None, n=40):
    """Rows 2 .. n + 1 of calls (each its own score, 60 + its row), with ``changes`` {row: values}."""
    rows = {r: [f"C{r:03d}", "Ana", START + dt.timedelta(days=r), "Greeting", 60 + r, None] for r in range(2, n + 2)}
    rows.update(changes or {})
    return rows


def _encoded(loaded):
    if loaded is not None:
        loaded.body = prefetch._encoded(loaded.body, fastload.modules()[1])
    return loaded


def _cut(path, tmp_path):
    part = leadrows.sheet_parts(path)["Scores"]
    announced = []
    cut = halves.cut(path, part, str(tmp_path), announced.append)
    assert cut is None or announced == [cut.first]
    return cut


def _joined(path, tmp_path):
    cut = _cut(path, tmp_path)
    assert cut is not None
    first, second = (_encoded(halves.plain(p, "Scores")) for p in (cut.first, cut.second))
    return cut, halves.joined(first, second, cut.last, fastload.modules()[1])


def _whole(path):
    return _encoded(fastload.load(path, "Scores", part=leadrows.sheet_parts(path)["Scores"]))


def _same_load(got, whole):
    assert got.body.equals(whole.body) and got.body.schema == whole.body.schema
    assert (got.errors, got.texts, got.lead, got.part) == (whole.errors, whole.texts, whole.lead, whole.part)


def test_the_two_parts_joined_are_the_whole_sheets_load_each_row_where_it_stands(tmp_path):
    # blank rows inside each part and a gap of blank rows wherever the cut falls (rows 19 .. 24)
    rows = {r: v for r, v in _rows().items() if r not in (5, 6, *range(19, 25), 37)}
    path = _book(tmp_path / "b.xlsx", rows)
    cut, got = _joined(path, tmp_path)
    assert 10 < cut.last < 35 and got is not None
    _same_load(got, _whole(path))
    scores = got.body.column("Score").to_pylist()
    assert len(scores) == 40  # rows 2 .. 41
    assert scores == [None if r in (5, 6, *range(19, 25), 37) else 60.0 + r for r in range(2, 42)]


def test_a_text_among_the_numbers_of_the_second_part_comes_back_where_it_stands(tmp_path):
    path = _book(tmp_path / "b.xlsx", _rows({39: ["C039", "Ana", START, "Greeting", "N/A", None]}))
    cut, got = _joined(path, tmp_path)
    assert cut.last < 39 and got is not None
    assert got.texts == {4: {37: "N/A"}}  # row 39 of the sheet, row 37 of the rows below the header
    _same_load(got, _whole(path))


@pytest.mark.parametrize("second_part", [
    lambda r: [f"C{r:03d}", "Ana", START, "Greeting", START, None],  # date-times under numbers
    lambda r: [f"C{r:03d}", "Ana", START, "Greeting", "good", None],  # text alone under numbers
    lambda r: [f"C{r:03d}", "Ana", START, "Greeting", "-" if r == 40 else 50, None],  # a text fastexcel refuses
])
def test_a_column_typed_otherwise_in_the_second_part_is_left_to_the_whole_sheets_load(tmp_path, second_part):
    path = _book(tmp_path / "b.xlsx", _rows({r: second_part(r) for r in range(30, 42)}))
    cut = _cut(path, tmp_path)
    assert cut.last < 30
    first, second = (_encoded(halves.plain(p, "Scores")) for p in (cut.first, cut.second))
    assert first is not None
    assert halves.joined(first, second, cut.last, fastload.modules()[1]) is None


def test_a_column_blank_in_one_part_is_typed_by_the_other(tmp_path):
    rows = _rows()
    for r, values in rows.items():
        values[5] = f"Eve {r % 3}" if r > 36 else None  # an evaluator only far down
        if r > 30:
            values[2] = None  # call dates in the first part only
    path = _book(tmp_path / "b.xlsx", rows)
    cut, got = _joined(path, tmp_path)
    assert 6 < cut.last < 30 and got is not None
    whole = _whole(path)
    _same_load(got, whole)
    assert str(got.body.schema.field("Call date").type).startswith("timestamp")
    assert got.body.column("Evaluator").to_pylist() == [f"Eve {r % 3}" if r > 36 else None for r in range(2, 42)]


def test_a_header_only_sheet_and_a_header_renumbered_in_place_only_are_not_cut(tmp_path):
    assert _cut(_book(tmp_path / "h.xlsx", {}), tmp_path) is None
    path = _book(tmp_path / "b.xlsx", _rows())
    assert _cut(path, tmp_path) is not None
    # a header cell whose number is not where the cut renumbers it (its r after another attribute)
    moved = tmp_path / "m.xlsx"
    _rewritten(path, moved, b'<c r="B1" t="inlineStr">', b'<c t="inlineStr" r="B1">')
    assert _cut(moved, tmp_path) is None


def _rewritten(path, to, old, new):
    import zipfile

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            zout.writestr(info, data)


def test_a_workbook_counting_dates_from_1904_is_not_cut(tmp_path):
    path = _book(tmp_path / "b.xlsx", _rows(), date1904=True)
    assert leadrows.counts_from_1904(path)
    announced = []
    assert halves.first_cut(path, ["Scores"], leadrows.sheet_parts(path), announced.append, str(tmp_path)) == (
        None, None)
    assert announced == []


def _varied_with_a_stranger(path):
    varied_workbook(path)
    wb = load_workbook(path)
    wb["Scores"]["B250"] = "Zed Unknown"  # a rep the roster does not know, far down the sheet
    wb.save(path)


@pytest.mark.skipif(not workers.available(), reason="one process here: nothing is prefetched")
def test_a_refresh_from_a_sheet_cut_in_two_is_the_refresh_without_and_names_the_same_rows(tmp_path):
    path = tmp_path / "varied.xlsx"
    _varied_with_a_stranger(path)
    as_of = dt.date(2026, 6, 30)
    with prefetch.started(path) as pf:
        fast = api.compute_file(path, as_of, cache=False, prefetch=pf)
        assert pf.joined == {"Scores"}  # its first part loaded here, its second there
        folder = pf._folder
    assert folder is not None and not os.path.exists(folder)  # the parts are gone
    plain = api.compute_file(path, as_of, cache=False)
    for name in ("baseline", "followup", "aggregate", "checks", "log_updates"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(plain, name), check_exact=True)
    checks = fast.checks
    stranger = checks[(checks["sheet"] == "Scores") & (checks["value"].astype(str).str.contains("Zed Unknown"))]
    assert stranger["row"].tolist() == [250]


def test_no_cut_where_the_folder_has_no_room_for_both_parts(tmp_path, monkeypatch):
    path = _book(tmp_path / "b.xlsx", _rows())
    part = leadrows.sheet_parts(path)["Scores"]
    assert halves.long_enough(path, part, str(tmp_path))
    monkeypatch.setattr(halves, "_free", lambda _: 4096)
    assert not halves.long_enough(path, part, str(tmp_path))


def test_a_refresh_where_no_folder_can_be_made_loads_the_sheet_whole_without_a_word(tmp_path, monkeypatch):
    # no /dev/shm (macOS) and a TMPDIR that is not there, or read-only: mkdir fails, the command goes on
    path = tmp_path / "varied.xlsx"
    _varied_with_a_stranger(path)
    monkeypatch.setattr(halves, "_SHM", str(tmp_path / "no-shm"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "gone"))
    assert halves.folder() is None
    as_of = dt.date(2026, 6, 30)
    with prefetch.started(path) as pf:
        fast = api.compute_file(path, as_of, cache=False, prefetch=pf)
        assert pf is None or not pf.joined
    plain = api.compute_file(path, as_of, cache=False)
    for name in ("baseline", "followup", "aggregate", "checks", "log_updates"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(plain, name), check_exact=True)


def _gone_pid():
    """The number of a process that has ended (a child reaped)."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_a_new_folder_removes_those_of_killed_commands_only(tmp_path, monkeypatch):
    monkeypatch.setattr(halves, "_SHM", str(tmp_path))
    stale = tmp_path / f"coachlog-{_gone_pid()}-17"
    alive = tmp_path / f"coachlog-{os.getpid()}-18"  # (this command's own, another load of it)
    other = tmp_path / "coachlog-notes"
    for where in (stale, alive, other):
        where.mkdir()
        (where / "first.xlsx").write_bytes(b"x" * 1000)
    made = halves.folder()
    assert made is not None and os.path.isdir(made) and os.path.dirname(made) == str(tmp_path)
    assert not stale.exists()
    assert (alive / "first.xlsx").exists() and (other / "first.xlsx").exists()


def _running(pid):
    """Whether the process ``pid`` is there and not ended (a zombie no one reaps has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_the_parts_a_killed_refresh_left_in_memory_are_removed_by_the_next(tmp_path, monkeypatch):
    import signal
    import subprocess
    import sys
    import time

    path = _book(tmp_path / "b.xlsx", _rows(n=400))
    shm = tmp_path / "shm"
    shm.mkdir()
    script = (
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from coachlog_xl.workbook import halves, prefetch\n"
        f"halves._SHM = {str(shm)!r}; halves.LEAST_BYTES = 0; prefetch.LEAST_BYTES = 0\n"
        f"pf = prefetch.start(Path({str(path)!r}))\n"
        "print(pf._pid, flush=True)\n"
        "import pickle; pickle.load(pf._reader)  # (the first part announced: written whole)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run([sys.executable, "-c", script], env=env, timeout=120, capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL
    left = [p for p in shm.iterdir() if p.name.startswith("coachlog-")]
    assert len(left) == 1 and (left[0] / "first.xlsx").exists()  # what a killed command leaves
    second = int(run.stdout.split()[0])  # (it goes on to load the second part, then ends)
    end = time.monotonic() + 60
    while _running(second) and time.monotonic() < end:
        time.sleep(0.01)
    monkeypatch.setattr(halves, "_SHM", str(shm))
    made = halves.folder()
    assert [p.name for p in shm.iterdir()] == [os.path.basename(made)]


@pytest.mark.parametrize("bad_date", [False, True])
def test_problems_on_both_sides_of_the_cut_are_checked_on_their_own_rows(tmp_path, bad_date):
    # the varied Scores sheet's 300 rows are cut near row 151: an unknown rep and N/A scores above it
    # and below, blank scores; a text in the date column below it (the parts then load whole) when ``bad_date``
    path = tmp_path / "varied.xlsx"
    varied_workbook(path)
    wb = load_workbook(path)
    ws = wb["Scores"]
    ws.cell(row=40, column=2, value="Yan Above")
    ws.cell(row=260, column=2, value="Zed Below")
    for row in (60, 270):
        ws.cell(row=row, column=5, value="N/A")
    for row in (80, 280):
        ws.cell(row=row, column=5, value=None)
    if bad_date:
        ws.cell(row=290, column=3, value="31/02/2026")
    wb.save(path)
    as_of = dt.date(2026, 6, 30)
    with prefetch.started(path) as pf:
        fast = api.compute_file(path, as_of, cache=False, prefetch=pf)
        assert ("Scores" in pf.joined) is not bad_date
    plain = api.compute_file(path, as_of, cache=False)
    for name in ("baseline", "followup", "aggregate", "checks", "log_updates"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(plain, name), check_exact=True)
    checks = fast.checks[fast.checks["sheet"] == "Scores"]
    problems = dict(zip(checks["row"], checks["problem"]))
    assert '"Yan Above" (1 row, row 40)' in problems[40]
    assert '"Zed Below" (1 row, row 260)' in problems[260]
    assert "(rows 60, 270)" in problems[60]
    if bad_date:
        assert 290 in problems


def test_a_sheet_whose_rows_are_not_numbered_is_given_up_from_its_first_bytes(tmp_path, monkeypatch):
    # rows written <row> (no number: each the row after the last) are not cut; the sheet is left for its
    # whole load after its first chunks, not after being unzipped into one growing piece of memory
    path = _book(tmp_path / "b.xlsx", _rows(n=400))
    unnumbered = tmp_path / "u.xlsx"
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(unnumbered, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, rows = re.subn(rb'<row r="\d+"( spans="[^"]*")?>', b"<row>", data)
                assert rows == 401
            zout.writestr(info, data)
    monkeypatch.setattr(halves, "_CHUNK", 256)
    read = []
    unzipped = halves._unzipped

    def counted(*args):
        for chunk in unzipped(*args):
            read.append(len(chunk))
            yield chunk

    monkeypatch.setattr(halves, "_unzipped", counted)
    size = zipfile.ZipFile(unnumbered).getinfo("xl/worksheets/sheet1.xml").file_size
    assert _cut(unnumbered, tmp_path) is None
    assert sum(read) < size / 10


def test_a_first_part_whose_second_is_not_sent_is_let_go_and_the_sheet_comes_whole(tmp_path):
    # a "-" among the scores below the cut: the second part's load is refused, the second process loads
    # the sheet whole and sends that; the first part loaded here (some 50 MB at a million rows) goes
    path = _book(tmp_path / "b.xlsx", _rows({40: ["C040", "Ana", START, "Greeting", "-", None]}))
    with prefetch.started(path) as pf:
        got = pf.take("Scores")
        assert not pf.joined and pf._firsts == {}
    _same_load(_encoded(got), _whole(path))
    assert got.texts == {4: {38: "-"}}  # row 40 of the sheet


def test_a_sheet_cut_in_two_is_scanned_as_it_is_cut_by_the_process_that_cuts_it(tmp_path, monkeypatch):
    # formulas stored without their values (as a script's openpyxl writes them) above and below the cut,
    # and a merged range: the second process scans the XML the cut unzips, taking the token as the cut
    # is made (before its part's load), and unzips the sheet no second time
    from coachlog_xl.workbook import unvalued
    from coachlog_xl.workbook.book import FileBook

    path = _book(tmp_path / "b.xlsx", _rows({7: ["C007", "Ana", START, "Greeting", "=E6*1", None],
                                             36: ["C036", "Ana", START, "Greeting", '=""&"x"', None]}))
    wb = load_workbook(path)
    wb["Scores"].merge_cells("F20:F22")
    wb.save(path)
    monkeypatch.setattr(prefetch, "LONG_PART", 0)
    here = FileBook(path)
    assert here.uncalculated("Scores") == {(7, 5): "E6*1",
                                           (36, 5): '""&"x"'} and here.long_merged("Scores") == ["F20:F22"]
    part = leadrows.sheet_parts(path)["Scores"]
    unzip = unvalued.rows_holding
    monkeypatch.setattr(unvalued, "rows_holding",
                        lambda zf, name, **kw: pytest.fail("unzipped again") if name == part else unzip(zf, name, **kw))
    token, claimed = prefetch._token(), []
    load = halves.plain

    def plain(where, sheet):  # (the second part's load, once the cut is made: the token is taken by then)
        claimed.append(prefetch._claim(token))
        return load(where, sheet)

    monkeypatch.setattr(halves, "plain", plain)
    folder = halves.folder()
    try:
        _, sheets, scans, _, halved = prefetch._load_all(path, token, lambda firsts: None, folder)
    finally:
        halves.removed(folder)
    assert halved == {"Scores": halved["Scores"]} and 10 < halved["Scores"] < 35 and claimed == [False]
    rows, merged = scans[part]
    assert rows.count(b"<row ") == 2 and b'r="7"' in rows and b'r="36"' in rows and merged == ["F20:F22"]
