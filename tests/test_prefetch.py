"""The Scores loaded by a second process while the command starts: the same tables, or read here."""

from __future__ import annotations

import datetime as dt
import os
import select
import shutil
import sys
import types
import zipfile
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from coachlog_xl import api, workers
from coachlog_xl.cli import main
from coachlog_xl.workbook import fastload, prefetch, unvalued
from coachlog_xl.workbook.book import FileBook
from coachlog_xl.workbook.parts import sheet_parts
from tests.test_fastpath import varied_workbook

AS_OF = dt.date(2026, 6, 30)
needs_two = pytest.mark.skipif(not workers.available(), reason="one process here: nothing is prefetched")


@pytest.fixture(autouse=True)
def any_size(monkeypatch):
    """The test workbooks are small: prefetch them all the same, their long sheets' scans with them."""
    monkeypatch.setattr(prefetch, "LEAST_BYTES", 0)
    monkeypatch.setattr(prefetch, "LONG_PART", 0)


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    path = tmp_path_factory.mktemp("prefetch") / "varied.xlsx"
    varied_workbook(path)
    return path


def _same_table(a, b) -> None:
    assert (a is None) == (b is None)
    if a is not None:
        assert a.headers == b.headers
        pd.testing.assert_frame_equal(a.data, b.data, check_exact=True)


def _no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@needs_two
def test_a_prefetched_sheet_is_the_sheet_read_here_and_is_not_loaded_again(varied, monkeypatch):
    here = {name: FileBook(varied).table(name) for name in ("Scores", "Scores 2", "Scores 3")}
    # column-wise; column-wise with text cells among the numbers; row by row
    assert here["Scores"] is not None and here["Scores 2"] is not None and here["Scores 3"] is None
    with prefetch.started(varied) as pf:
        assert pf is not None
        # the second process was forked before this: loading here now would fail the test
        monkeypatch.setattr(fastload, "load", lambda *_: pytest.fail("loaded again in the first process"))
        book = FileBook(varied, pf)
        for name in ("Scores", "Scores 2", "Scores 3"):
            _same_table(book.table(name), here[name])
    _no_child_left()


def test_a_sheet_sent_with_its_texts_encoded_reads_as_the_sheet_loaded_here(varied):
    from coachlog_xl.workbook import columns

    for name in ("Scores", "Scores 2"):
        loaded, sent = fastload.load(varied, name), fastload.load(varied, name)
        sent.body = prefetch._encoded(sent.body, fastload.modules()[1])
        assert any(str(t).startswith("dictionary") for t in sent.body.schema.types)
        _same_table(columns.read_columns(varied, name, sheet_parts(varied)[name], sent),
                    columns.read_columns(varied, name, sheet_parts(varied)[name], loaded))



def test_an_empty_text_column_is_sent_as_nulls_and_every_column_reads_as_sent_whole():
    import numpy as np
    import pyarrow as pa

    from coachlog_xl.workbook import columns

    body = pa.record_batch({"texts": pa.array(["b", None, "a", "b"]), "empty": pa.array([None] * 4, pa.string()),
                            "numbers": pa.array([1.0, None, 2.5, 3.0]), "none": pa.nulls(4)})
    sent = prefetch._encoded(body, pa)
    assert [str(t) for t in sent.schema.types] == [
        "dictionary<values=string, indices=int32, ordered=0>", "null", "double", "null"]
    assert sent.column(0).equals(body.column(0).dictionary_encode())
    for i in range(4):
        here, there = columns._column(list(body.columns), i, pa), columns._column(list(sent.columns), i, pa)
        if i == 0:  # the texts: their values, then their (codes, distinct values) as pandas.factorize gives them
            assert here[0].tolist() == there[0].tolist() == ["b", None, "a", "b"]
            assert here[1][0].tolist() == there[1][0].tolist() == [0, -1, 1, 0]
            assert here[1][1].tolist() == there[1][1].tolist() == ["b", "a"]
        elif i in (1, 3):  # no text: blanks, with factors saying so (every code -1, no value)
            assert here[0].tolist() == there[0].tolist() == [None] * 4
            assert here[1][0].tolist() == there[1][0].tolist() == [-1] * 4
            assert here[1][1].tolist() == there[1][1].tolist() == []
        else:
            assert here.dtype == there.dtype and np.array_equal(here, there, equal_nan=i == 2)


@needs_two
def test_a_refresh_with_the_prefetch_is_the_refresh_without(varied, tmp_path):
    with prefetch.started(varied) as pf:
        fast = api.compute_file(varied, AS_OF, cache=False, prefetch=pf)
    plain = api.compute_file(varied, AS_OF, cache=False)
    for name in ("baseline", "followup", "aggregate", "checks", "log_updates"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(plain, name), check_exact=True)
    _no_child_left()


@needs_two
def test_a_file_replaced_after_the_prefetch_read_it_is_read_again(varied, tmp_path):
    path = tmp_path / "team.xlsx"
    shutil.copy(varied, path)
    other = tmp_path / "other.xlsx"
    varied_workbook(other)
    from openpyxl import load_workbook

    wb = load_workbook(other)
    wb["Scores"]["E2"] = 55  # one score changed
    wb.save(other)
    with prefetch.started(path) as pf:
        assert select.select([pf._reader], [], [], 30)[0]  # the second process has read the old file
        os.replace(other, path)
        got = FileBook(path, pf).table("Scores")
    _same_table(got, FileBook(path).table("Scores"))
    assert 55.0 in got.data[4].tolist()
    _no_child_left()


def test_a_second_process_that_cannot_read_the_file_leaves_the_reading_here(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook at all")
    with prefetch.started(path) as pf:
        if pf is not None:
            assert pf.take("Scores") is fastload.NOT_LOADED
    _no_child_left()
    result = CliRunner().invoke(main, ["refresh", str(path)])
    assert result.exit_code == 2 and "broken.xlsx" in result.output and "Traceback" not in result.output
    _no_child_left()


@pytest.mark.parametrize("command", ["refresh", "check"])
def test_a_flipped_byte_in_the_scores_part_is_named_whichever_process_reads_it(varied, tmp_path, command):
    path = tmp_path / "flipped.xlsx"
    shutil.copy(varied, path)
    name = sheet_parts(path)["Scores"]
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # inside the compressed Scores: a bad CRC or stream
    path.write_bytes(bytes(data))
    result = CliRunner().invoke(main, [command, str(path), "--no-cache", "--as-of", str(AS_OF)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f'the part {name} (the sheet "Scores") inside it is damaged' in result.output
    _no_child_left()


def test_no_second_process_when_told_or_for_another_kind_of_file(varied, tmp_path, monkeypatch):
    csv = tmp_path / "export.csv"
    csv.write_text("Call ID,Score\n")
    assert prefetch.start(csv) is None
    assert prefetch.start(tmp_path / "missing.xlsx") is None
    monkeypatch.setattr(prefetch, "LEAST_BYTES", 1 << 20)
    assert prefetch.start(varied) is None  # a small file loads faster than a second process starts
    monkeypatch.setattr(prefetch, "LEAST_BYTES", 0)
    monkeypatch.setenv("COACHLOG_WORKERS", "1")
    assert prefetch.start(varied) is None


def test_the_command_line_refresh_with_the_prefetch_writes_what_the_library_writes(varied, tmp_path):
    by_cli, by_api = tmp_path / "cli.xlsx", tmp_path / "api.xlsx"
    shutil.copy(varied, by_cli)
    shutil.copy(varied, by_api)
    result = CliRunner().invoke(main, ["refresh", str(by_cli), "--as-of", AS_OF.isoformat(), "--no-backup", "-q"])
    assert result.exit_code == 0, result.output
    _no_child_left()
    api.refresh_file(by_api, as_of=AS_OF, backup=False)
    for name in ("baseline", "followup", "aggregate", "checks"):
        pd.testing.assert_frame_equal(getattr(api.compute_file(by_cli, AS_OF, cache=False), name),
                                      getattr(api.compute_file(by_api, AS_OF, cache=False), name))


@needs_two
def test_a_command_that_needs_no_scores_does_not_wait_for_their_load(varied, monkeypatch):
    import time

    def slow(path, sheet, reader=None):  # the second process's load, made slow
        time.sleep(30)

    monkeypatch.setattr(fastload, "load", slow)
    started = time.perf_counter()
    with prefetch.started(varied) as pf:
        assert pf is not None
    assert time.perf_counter() - started < 10
    _no_child_left()
    assert pf.take("Scores") is fastload.NOT_LOADED  # stopped: nothing to take, the caller reads


def test_no_second_process_beside_a_refresh_cache_unless_the_cache_is_off(varied, tmp_path):
    path = tmp_path / "team.xlsx"
    shutil.copy(varied, path)
    api.refresh_file(path, as_of=AS_OF, backup=False)  # keeps the refresh cache beside it
    from coachlog_xl.workbook.cache import cache_path

    assert cache_path(path).exists()
    assert prefetch.start(path, cache=True) is None
    with prefetch.started(path, cache=False) as pf:
        assert (pf is not None) == workers.available()
    _no_child_left()


def test_an_answer_cut_off_anywhere_is_refused_and_a_whole_one_reads_back_as_loaded(varied):
    import io

    loads = prefetch._load_all(varied, prefetch._token())
    assert loads[1]["Scores"] is not None and loads[0] == loads[3] and loads[2]
    sent = io.BytesIO()
    prefetch._write_answer(sent, *loads)
    data = sent.getvalue()
    before, sheets, scans, after, halved = prefetch._read_answer(io.BytesIO(data))
    assert (before, scans, after, halved) == (loads[0], loads[2], loads[3], {}) and sheets.keys() == loads[1].keys()
    for name, loaded in loads[1].items():
        got = sheets[name]
        assert (got is None) == (loaded is None)
        if loaded is not None:
            # its text columns sent dictionary-encoded, as the first process encodes them
            assert got.body.equals(prefetch._encoded(loaded.body, fastload.modules()[1]))
            assert (got.errors, got.texts) == (loaded.errors, loaded.texts)
            assert got.body.num_rows == loaded.body.num_rows and got.body.schema.names == loaded.body.schema.names
    for cut in (0, 1, len(data) // 3, len(data) // 2, len(data) - 1):
        with pytest.raises(Exception):  # noqa: B017 - pickle, Arrow or our own check: any refusal will do
            prefetch._read_answer(io.BytesIO(data[:cut]))


def test_the_modules_imported_while_waiting_are_modules_a_refresh_imports_anyway(varied, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "team.xlsx"
    shutil.copy(varied, path)
    probe = ("import sys\nfrom coachlog_xl.workbook import prefetch\nfrom coachlog_xl.cli import main\n"
             "prefetch.LEAST_BYTES = 1 << 40  # no second process: nothing imported while waiting\n"
             "try:\n    main(['refresh', sys.argv[1], '--as-of', '2026-06-30', '--no-backup', '-q'])\n"
             "except SystemExit as e:\n    assert not e.code, e.code\n"
             "print([m for m in prefetch.MEANWHILE if m not in sys.modules])")
    run = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


def _waiting(monkeypatch, answered: bool) -> list[str]:
    """The modules :meth:`Prefetch.meanwhile` imports (none really: recorded), with the answer begun
    to arrive on its pipe or not."""
    imported: list[str] = []
    monkeypatch.setattr(prefetch.importlib, "import_module", imported.append)
    read_end, write_end = os.pipe()
    if answered:
        os.write(write_end, b"x")
    pf = prefetch.Prefetch(Path("unused.xlsx"), -1, read_end, None,  # (a second process that is not there)
                           ("json", "a.module.not.imported", "another.one"))
    try:
        pf.meanwhile()
    finally:
        pf._pid = None
        pf._reader.close()
        os.close(write_end)
    return imported


@needs_two
def test_a_command_that_writes_nothing_is_started_with_no_imports_while_it_waits(varied):
    with prefetch.started(varied, imports=()) as pf:
        assert pf is not None
        assert pf.imports == ()
        assert pf.take("Scores") is not fastload.NOT_LOADED
    _no_child_left()


def test_the_wait_imports_what_is_not_imported_yet_and_nothing_once_the_answer_is_there(monkeypatch):
    assert _waiting(monkeypatch, answered=False) == ["a.module.not.imported", "another.one"]  # (json is imported)
    assert _waiting(monkeypatch, answered=True) == []


@pytest.fixture(scope="module")
def unvalued_book(tmp_path_factory):
    """The varied workbook with formulas stored without their values (as a script's openpyxl writes
    them) and a merged range on its Scores sheet."""
    from openpyxl import load_workbook

    path = tmp_path_factory.mktemp("prefetch") / "unvalued.xlsx"
    varied_workbook(path)
    wb = load_workbook(path)
    wb["Scores"]["E7"] = "=E6*1"
    wb["Scores"]["F9"] = '=""&"x"'
    wb["Scores"].merge_cells("F20:F22")
    wb.save(path)
    return path


def _scan_here(path: Path) -> dict:
    book = FileBook(path)
    return {name: (book.uncalculated(name), book.long_merged(name)) for name in ("Scores", "Scores 2")}


def test_the_long_sheets_are_scanned_by_the_process_that_takes_the_token_first(unvalued_book):
    part = sheet_parts(unvalued_book)["Scores"]
    token = prefetch._token()
    assert prefetch._claim(token) and not prefetch._claim(token)  # one byte: one process takes it
    assert prefetch._load_all(unvalued_book, token)[2] == {}  # taken here: the second process scans nothing
    scans = prefetch._load_all(unvalued_book, prefetch._token())[2]
    rows, merged = scans[part]
    assert b"E6*1" in rows and merged == ["F20:F22"]


@needs_two
@pytest.mark.parametrize("first", ["second process", "this one"])
def test_uncalculated_formulas_and_merged_ranges_are_the_same_whichever_process_scans(unvalued_book, monkeypatch,
                                                                                       first):
    here = _scan_here(unvalued_book)
    assert here["Scores"][0] == {(7, 5): "E6*1", (9, 6): '""&"x"'} and here["Scores"][1] == ["F20:F22"]
    with prefetch.started(unvalued_book) as pf:
        if first == "second process":
            pf._first_parts()  # (its first message: no sheet cut in two)
            assert select.select([pf._reader], [], [], 30)[0]  # its answer, its scans made, is on its way
            monkeypatch.setattr(unvalued, "rows_holding", lambda *_, **__: pytest.fail("scanned here too"))
        else:  # taken here before the second process finished its load: it scans nothing, this one scans
            assert prefetch._claim(pf._token)
        book = FileBook(unvalued_book, pf)
        got = {name: (book.uncalculated(name), book.long_merged(name)) for name in ("Scores", "Scores 2")}
        book.table("Scores")
    assert got == here
    _no_child_left()


@needs_two
def test_the_wait_imports_before_taking_the_token_so_a_load_done_meanwhile_scans_there(unvalued_book, monkeypatch):
    import time

    here = _scan_here(unvalued_book)
    load = fastload.load

    def slow(*args, **kwargs):  # the second process's load, long enough for this one to reach the token first
        time.sleep(0.5)
        return load(*args, **kwargs)

    monkeypatch.setattr(fastload, "load", slow)
    with prefetch.started(unvalued_book) as pf:
        assert pf is not None
        # an import that lasts until the second process has loaded, taken the token, scanned and answered
        pf.imports = ("a.module.not.imported",)
        monkeypatch.setattr(prefetch.importlib, "import_module",
                            lambda _name: select.select([pf._reader], [], [], 30))
        monkeypatch.setattr(unvalued, "rows_holding", lambda *_, **__: pytest.fail("scanned here too"))
        book = FileBook(unvalued_book, pf)
        got = {name: (book.uncalculated(name), book.long_merged(name)) for name in ("Scores", "Scores 2")}
        assert pf._token is not None and not prefetch._claim(pf._token)  # taken there
    assert got == here
    _no_child_left()

EXPORT = (  # written by hand: a title-free CSV export with a quoted separator, a formula-like text, a decimal
    "call_id,agent_name,ticket_created_at,question_id,raw_score,comment\n"
    'E-1,Dana Cruz,2026-03-01 10:00,ACK,80,"fine, thanks"\n'
    'E-2,Dana Cruz,2026-03-02 10:00,ACK,87.5,"=SUM(1,2)"\n'
    "007,Eli Moss,2026-03-03 10:00,VERIFY,-36,\n"
)
EXPORT_ROWS = [
    ["call_id", "agent_name", "ticket_created_at", "question_id", "raw_score", "comment"],
    ["E-1", "Dana Cruz", "2026-03-01 10:00", "ACK", 80, "fine, thanks"],
    ["E-2", "Dana Cruz", "2026-03-02 10:00", "ACK", 87.5, "=SUM(1,2)"],
    ["007", "Eli Moss", "2026-03-03 10:00", "VERIFY", -36, None],
]


def test_csv_rows_read_without_a_word_to_the_user_or_not_at_all():
    from coachlog_xl.workbook.csvtext import plain_rows

    assert plain_rows(EXPORT.encode()) == (EXPORT_ROWS, ",", "", "")
    other = EXPORT.replace(",", ";").replace("fine; thanks", "fine, thanks").replace("(1;2)", "(1,2)")
    assert plain_rows(other.encode("utf-16")) == (EXPORT_ROWS, ";", "", "")  # another encoding and separator
    accented = EXPORT.replace("Dana Cruz", "Renée Côté")  # read as Windows-1252, which the import names
    renamed = [[v.replace("Dana Cruz", "Renée Côté") if isinstance(v, str) else v for v in r] for r in EXPORT_ROWS]
    assert plain_rows(accented.encode("cp1252")) == (renamed, ",", "Windows-1252", "")
    # bytes not UTF-8
    assert plain_rows(EXPORT.encode() + b"E-3,Dana Cruz,2026-03-04,ACK,70,caf\xe9 \xc3\xa9\n") is None
    assert plain_rows(EXPORT.encode() + b'E-3,Dana Cruz,2026-03-04,ACK,70,"open\n') is None  # a quote never closed


@needs_two
def test_an_export_read_by_the_second_process_is_the_export_read_here(tmp_path, monkeypatch):
    from coachlog_xl.workbook.exports import read_export

    path = tmp_path / "export.csv"
    path.write_text(EXPORT)
    with prefetch.export_rows(path) as rows:
        assert rows is not None
        monkeypatch.setattr(prefetch.os, "fork", lambda: pytest.fail("forked twice"))
        got = read_export(path, prefetch=rows)
    monkeypatch.undo()
    _same_table(got, read_export(path))
    assert got.headers == EXPORT_ROWS[0] and [list(r)[:-1] for r in got.data.itertuples(index=False)] == EXPORT_ROWS[1:]
    _no_child_left()


@needs_two
def test_a_windows_1252_export_read_by_the_second_process_is_not_read_again(tmp_path, monkeypatch):
    from coachlog_xl.workbook import exports

    path = tmp_path / "export.csv"
    path.write_bytes(EXPORT.replace("Dana Cruz", "Renée Côté").encode("cp1252"))
    with prefetch.export_rows(path) as rows:
        assert rows is not None
        monkeypatch.setattr(exports, "decode_named", lambda data: pytest.fail("the file was read again"))
        got = exports.read_export(path, prefetch=rows)
    monkeypatch.undo()
    _same_table(got, exports.read_export(path))
    assert got.encoding == "Windows-1252" and got.data[1].tolist()[:2] == ["Renée Côté"] * 2
    _no_child_left()


@needs_two
def test_an_export_changed_after_the_second_process_read_it_or_one_it_cannot_read_is_read_here(tmp_path):
    from coachlog_xl.workbook.exports import read_export

    path = tmp_path / "export.csv"
    path.write_text(EXPORT)
    with prefetch.export_rows(path) as rows:
        assert select.select([rows._later._forked[1]], [], [], 30)[0]  # the second process has read the old file
        path.write_text(EXPORT.replace("87.5", "55"))
        got = read_export(path, prefetch=rows)
    assert 55 in got.data[4].tolist() and 87.5 not in got.data[4].tolist()
    _no_child_left()
    # copied over it keeping its size and time (cp -p, rsync -t, unzip): read here all the same
    path.write_text(EXPORT)
    copy = tmp_path / "copy.csv"
    copy.write_text(EXPORT.replace("87.5", "77.5"))
    os.utime(copy, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    with prefetch.export_rows(path) as rows:
        assert select.select([rows._later._forked[1]], [], [], 30)[0]
        shutil.copy2(copy, path)
        got = read_export(path, prefetch=rows)
    assert 77.5 in got.data[4].tolist() and 87.5 not in got.data[4].tolist()
    _no_child_left()
    path.write_bytes(EXPORT.encode() + b"E-3,Dana Cruz,2026-03-04,ACK,70,caf\xc3\xa9 \xe9\n")  # a byte not UTF-8
    with prefetch.export_rows(path) as rows:
        got = read_export(path, prefetch=rows)
    _same_table(got, read_export(path))
    assert got.replaced  # named as read in one process
    with prefetch.export_rows(path) as rows:  # a command that stops before it reads the export
        assert rows is not None
    _no_child_left()


def test_the_import_with_its_export_read_by_a_second_process_is_the_import_without(tmp_path, monkeypatch):
    export = tmp_path / "export.csv"
    export.write_text(EXPORT)
    books = []
    for workers_env in ("", "1"):
        monkeypatch.setenv("COACHLOG_WORKERS", workers_env)
        book = tmp_path / f"team{workers_env}.xlsx"
        assert CliRunner().invoke(main, ["new", str(book)]).exit_code == 0
        result = CliRunner().invoke(main, ["import", str(book), str(export)])
        assert result.exit_code == 0, result.output
        books.append(book)
    from openpyxl import load_workbook

    sheets = [[list(r) for r in load_workbook(b)["Scores export"].iter_rows(values_only=True)] for b in books]
    assert sheets[0] == sheets[1] and [r[:6] for r in sheets[0]] == EXPORT_ROWS
    with prefetch.export_rows(tmp_path / "team.xlsx") as none:  # not a CSV: no second process
        assert none is None
    _no_child_left()


def test_coachlog_check_imports_no_save_modules_while_it_waits_and_refresh_does(varied, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from coachlog_xl import cli

    asked: list[tuple] = []
    started = prefetch.started

    def recording(path, cache=False, imports=prefetch.MEANWHILE):
        asked.append(imports)
        return started(path, cache, imports)

    monkeypatch.setattr(prefetch, "started", recording)
    path = tmp_path / "team.xlsx"
    shutil.copy(varied, path)
    runner = CliRunner()
    checked = runner.invoke(cli.main, ["check", str(path), "--as-of", "2026-06-30", "--no-cache"])
    assert checked.exit_code in (0, 1), checked.output  # (1: the team's data has errors)
    refreshed = runner.invoke(cli.main,
                              ["refresh", str(path), "--as-of", "2026-06-30", "--no-cache", "--no-backup", "-q"])
    assert refreshed.exit_code == 0, refreshed.output
    assert asked == [(), prefetch.MEANWHILE]
    _no_child_left()


@pytest.mark.parametrize("workers_env, expected", [("", "False True False False None True"),
                                                    ("1", "False False False False absent False")])
def test_each_process_imports_the_column_reader_after_the_fork_and_the_second_one_no_numpy(varied, workers_env,
                                                                                          expected):
    # imported before the fork with numpy, pyarrow was on both processes' paths to the Scores; the
    # second process now imports it without numpy (what it had of numpy when it sent its answer is
    # written to a file), and its answer is the sheet loaded here
    import subprocess
    import sys

    probe = ("import sys\nfrom coachlog_xl.workbook import prefetch\nprefetch.LEAST_BYTES = 0\n"
             "load = prefetch._load_all\n"
             "def noted(*args):\n"
             "    got = load(*args)\n"
             "    open(sys.argv[2], 'w').write(repr(sys.modules.get('numpy', 'absent')))\n"
             "    return got\n"
             "prefetch._load_all = noted\n"
             "before = 'pyarrow' in sys.modules or 'fastexcel' in sys.modules\n"
             "p = prefetch.start(sys.argv[1])\n"
             "print(before, p is not None, 'pyarrow' in sys.modules, 'fastexcel' in sys.modules)\n"
             "if p is not None:\n"
             "    from coachlog_xl.workbook import fastload\n"
             "    sent, here = p.take('Scores'), fastload.load(sys.argv[1], 'Scores')\n"
             "    p.close()\n"
             "    print(sent.body.to_pydict() == here.body.to_pydict() and (sent.errors, sent.texts) == (here.errors, "
             "here.texts))\nelse:\n"
             "    print(False)\n")
    note = Path(varied).parent / f"numpy-{workers_env or 'two'}.txt"
    note.unlink(missing_ok=True)
    run = subprocess.run([sys.executable, "-c", probe, str(varied), str(note)], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "COACHLOG_WORKERS": workers_env})
    assert run.returncode == 0, run.stderr
    numpy = note.read_text() if note.exists() else "absent"
    first, loaded = run.stdout.strip().splitlines()
    assert f"{first} {numpy} {loaded}" == expected


@pytest.fixture
def forks(monkeypatch):
    """The paths :func:`prefetch.start` was asked to load, in order (each a second process, or None)."""
    asked: list[Path] = []
    start = prefetch.start

    def recording(path, cache=False, imports=prefetch.MEANWHILE):
        asked.append(Path(path))
        return start(path, cache, imports)

    monkeypatch.setattr(prefetch, "start", recording)
    yield asked
    prefetch.dropped()


@needs_two
@pytest.mark.parametrize("words",
                         [["refresh", "{book}"], ["refresh", "-q", "--as-of", "2026-06-30", "{book}", "--force"],
                                   ["refresh", "--as-of=2026-06-30", "--no-backup", "{book}"], ["check", "{book}"],
                                   ["check", "{book}", "--no-cache", "--as-of", "2026-06-30"]])
def test_a_refresh_or_check_of_one_book_starts_its_load_before_the_command_is_imported(varied, forks, words):
    prefetch.ahead([w.format(book=varied) for w in words])
    assert forks == [varied]
    cache = "--no-cache" not in words
    with prefetch.started(varied, cache=cache, imports=()) as pf:  # taken up: no second fork
        assert forks == [varied] and pf is not None and pf.imports == ()
        _same_table(FileBook(varied, prefetch=pf).table("Scores"), FileBook(varied).table("Scores"))
    _no_child_left()


@pytest.mark.parametrize("command", ["refresh", "check"])
def test_the_options_read_ahead_are_the_commands_own(command):
    """:func:`prefetch.ahead` reads the command line before click is imported, from its own list of each
    command's options: the list is the command's, option for option (an option added to the command and
    not to the list would leave its command lines loading late; one left in the list after the command
    dropped it, loading for a command line click refuses)."""
    options = [p for p in main.commands[command].params if isinstance(p, click.Option)]
    assert {o for p in options if p.is_flag for o in p.opts + p.secondary_opts} == prefetch._FLAGS[command]
    assert {o for p in options if not p.is_flag for o in p.opts + p.secondary_opts} == {prefetch._VALUED}


@pytest.mark.parametrize("words", [[], ["refresh"], ["refresh", "--help", "{book}"], ["refresh", "{book}", "{book}"],
                                   ["refresh", "{book}", "--as-of"], ["refresh", "--", "{book}"],
                                   ["check", "-q", "{book}"], ["import", "{book}", "export.csv"],
                                   ["new", "{book}"], ["--version"], ["refresh", "-qh", "{book}"]])
def test_no_load_is_started_ahead_for_another_command_line(varied, forks, words):
    prefetch.ahead([w.format(book=varied) for w in words])
    assert forks == []
    _no_child_left()


@needs_two
def test_a_load_started_ahead_for_other_terms_is_stopped_and_the_command_starts_its_own(varied, forks, tmp_path):
    other = tmp_path / "other.xlsx"
    shutil.copy(varied, other)
    prefetch.ahead(["refresh", "--no-cache", str(varied)])
    with prefetch.started(other, cache=False) as pf:
        assert forks == [varied, other] and pf.path == other
    _no_child_left()
    prefetch.ahead(["refresh", str(varied)])
    prefetch.dropped()  # (a command line click refused: the command line stops it as it ends)
    _no_child_left()
    with prefetch.started(varied, cache=True) as pf:  # (nothing left to take up: a load of its own)
        assert forks == [varied, other, varied, varied]
    _no_child_left()


def test_the_console_script_refresh_writes_what_the_library_writes(varied, tmp_path):
    # through the console script's entry, whose load starts before the command is imported
    import subprocess
    import sys

    by_script, by_api = tmp_path / "script.xlsx", tmp_path / "api.xlsx"
    shutil.copy(varied, by_script)
    shutil.copy(varied, by_api)
    starts = tmp_path / "starts.txt"  # a line per second process started: the one started ahead, taken up
    code = ("import sys\nfrom coachlog_xl.workbook import prefetch\nprefetch.LEAST_BYTES = 0\nstart = prefetch.start\n"
            "note = open(sys.argv.pop(), 'a')\n"
            "def counted(*args):\n    started = start(*args)\n    if started is not None:\n"
            "        note.write('start\\n')\n        note.flush()\n    return started\n"
            "prefetch.start = counted\n"
            "from coachlog_xl.entry import main\nsys.argv[0] = 'coachlog'\nmain()")
    run = subprocess.run([sys.executable, "-c", code, "refresh", str(by_script), "--as-of", AS_OF.isoformat(),
                          "--no-backup", "-q", str(starts)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert starts.read_text() == ("start\n" if workers.available() else "")
    api.refresh_file(by_api, as_of=AS_OF, backup=False)
    with zipfile.ZipFile(by_script) as a, zipfile.ZipFile(by_api) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        stamped = {p for p in a.namelist() if a.read(p) != b.read(p)}
    assert len(stamped) <= 1  # (the Start here sheet's refresh stamp: the time of day)
    for name in ("baseline", "followup", "aggregate", "checks"):
        pd.testing.assert_frame_equal(getattr(api.compute_file(by_script, AS_OF, cache=False), name),
                                      getattr(api.compute_file(by_api, AS_OF, cache=False), name), check_exact=True)


class _InterruptedImport(types.ModuleType):
    """The command line's module as Ctrl-C finds it while it is being imported."""

    def __getattr__(self, name):
        if name == "run":
            raise KeyboardInterrupt
        raise AttributeError(name)


@needs_two
def test_ctrl_c_while_the_command_is_imported_stops_the_load_started_ahead(varied, forks, monkeypatch, capsys):
    import gc

    from coachlog_xl import entry

    monkeypatch.setattr(sys, "argv", ["coachlog", "refresh", str(varied)])
    monkeypatch.setitem(sys.modules, "coachlog_xl.cli", _InterruptedImport("coachlog_xl.cli"))
    with pytest.raises(SystemExit) as stopped:
        try:
            entry.main()
        finally:
            gc.enable()  # (entry.main pauses the collector for the rest of the console script's process)
    assert stopped.value.code == 130
    assert capsys.readouterr().err == f"\n{entry.INTERRUPTED}\n"
    assert forks == [varied]  # (started ahead, then stopped and reaped: no process left behind)
    _no_child_left()
