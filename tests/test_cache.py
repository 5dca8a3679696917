"""The warm refresh cache: same results as a cold read, invalidated by any edit it depends on.

Edits are made inside the .xlsx package, one part at a time, every other part copied byte for byte,
so each test shows that this one part is in the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.workbook import cache, done, reader, writer
from coachlog_xl.workbook.beside import writings
from coachlog_xl.workbook.parts import sheet_parts
from tests.wbkit import type_log_rows

AS_OF = dt.date(2026, 6, 30)
START = dt.datetime(2026, 3, 2, 9)
RESULTS = ("baseline", "followup", "aggregate", "checks", "log_updates")


@pytest.fixture(scope="module")
def made_book(tmp_path_factory):
    """A workbook with two reps, 60 scored calls each on one criterion and two sessions; text cells
    in a shared-strings part, as Excel saves them."""
    path = tmp_path_factory.mktemp("team") / "team.xlsx"
    api.new_workbook(path)
    wb = load_workbook(path)
    wb["Criteria"].cell(row=2, column=2, value="Greeting")
    for i, rep in enumerate(["Ana", "Ben"], start=2):
        wb["Reps"].cell(row=i, column=1, value=rep)
    scores = wb["Scores"]
    r = 2
    for k in range(60):
        for rep in ("Ana", "Ben"):
            for c, v in enumerate([f"C{k:03d}{rep[0]}", rep, START + dt.timedelta(days=k // 2, hours=k % 2),
                                   "Greeting", 50 + (k * 7) % 50, "inbound"], start=1):
                scores.cell(row=r, column=c, value=v)
            r += 1
    type_log_rows(wb, [{"Session ID": f"S{s}", "Rep": rep, "Session date": dt.date(2026, 3, 16),
                        "Targeted criterion": "Greeting"} for s, rep in enumerate(["Ana", "Ben"])])
    writer.save_atomically(wb, path, backup=False)
    _to_shared_strings(path)
    return path


@pytest.fixture
def book(made_book, tmp_path):
    """:func:`made_book` copied for a test of its own (made, it cost 0.8 s a test); the workbook alone,
    as it was made: no cache or refresh record beside it."""
    return shutil.copyfile(made_book, tmp_path / "team.xlsx")


def _to_shared_strings(path):
    """Move the Scores sheet's inline strings into xl/sharedStrings.xml (how Excel stores text)."""
    part = sheet_parts(path)["Scores"]
    strings: dict[str, int] = {}

    def shared(m):
        text = m.group(2)
        return f'{m.group(1)}t="s"><v>{strings.setdefault(text, len(strings))}</v></c>'

    with zipfile.ZipFile(path) as z:
        xml = z.read(part).decode()
    body = re.sub(r'(<c r="[A-Z]+\d+"(?: s="\d+")? )t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, xml)
    sst = "".join(f"<si><t>{t}</t></si>" for t in strings)
    sst = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">{sst}</sst>')
    _rewrite(path, {part: body.encode(), "xl/sharedStrings.xml": sst.encode()},
             content_type='<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                          'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />',
             relationship='<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/'
                          '2006/relationships/sharedStrings" Target="sharedStrings.xml" />')


def _rewrite(path, new_parts: dict, content_type: str = "", relationship: str = ""):
    """Replace or add parts; every other part is copied byte for byte."""
    tmp = path.with_name("edit.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = new_parts.pop(info.filename, None) or src.read(info.filename)
            if content_type and info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", content_type.encode() + b"</Types>")
            if relationship and info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
            out.writestr(info, data)
        for name, data in new_parts.items():
            out.writestr(name, data)
    os.replace(tmp, path)


def _edit(path, part: str, old: str, new: str):
    with zipfile.ZipFile(path) as z:
        xml = z.read(part).decode()
    assert old in xml
    _rewrite(path, {part: xml.replace(old, new, 1).encode()})


def _add_row(path, sheet: str, text: str):
    """A new row 60 on a sheet with one text cell in column A."""
    row = f'<row r="60"><c r="A60" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData>'
    _edit(path, sheet_parts(path)[sheet], "</sheetData>", row)


def _spy_reads(monkeypatch) -> list:
    """Record each time the Scores sheets are parsed."""
    reads = []
    real = reader.score_tables

    def spy(book):
        reads.append(book.name)
        return real(book)

    monkeypatch.setattr(reader, "score_tables", spy)
    return reads


def _same(a, b):
    for name in RESULTS:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_the_fixture_keeps_text_in_shared_strings(book):
    with zipfile.ZipFile(book) as z:
        assert b"Ana" in z.read("xl/sharedStrings.xml")


def test_warm_result_is_identical_to_cold_and_does_not_parse_scores(book, monkeypatch):
    reads = _spy_reads(monkeypatch)
    cold = api.compute_file(book, AS_OF)
    assert cache.cache_path(book).exists()
    warm = api.compute_file(book, AS_OF)
    assert reads == ["team.xlsx"]  # only the cold run parsed the Scores sheet
    assert cold.summary["calls"] == 120  # 60 calls x 2 reps
    _same(cold, warm)
    _same(warm, api.compute_file(book, AS_OF, cache=False))


def test_the_cache_keeps_the_rows_that_could_not_be_placed(tmp_path):
    # a warm refresh holds the same baselines back as a cold one: the rows it would not read are kept
    from coachlog_xl.core.calls import Normalised

    book = tmp_path / "team.xlsx"
    book.write_bytes(b"a workbook")
    unplaced = [("Ana", "Acknowledges", None), ("Bo", "Greets", dt.date(2026, 3, 1))]  # no readable day; a day
    made = Normalised(pd.DataFrame({"rep": ["Ana"], "score": [80.0]}), [], unplaced)
    assert cache.store(book, "key", made)
    assert cache.load(book, "key").unplaced == unplaced


def test_a_warm_run_on_another_as_of_date_matches_a_cold_one(book):
    api.compute_file(book, AS_OF)
    earlier = dt.date(2026, 3, 20)  # scores after it are ignored: the cached table is as-of free
    _same(api.compute_file(book, earlier), api.compute_file(book, earlier, cache=False))


@pytest.mark.parametrize("edit", ["scores cell", "shared string", "settings", "criteria", "reps", "version"])
def test_each_part_of_the_key_invalidates_the_cache(book, monkeypatch, edit):
    api.compute_file(book, AS_OF)
    before = cache.key(book)
    if edit == "scores cell":
        _edit(book, sheet_parts(book)["Scores"], "<v>50</v>", "<v>99</v>")
    elif edit == "shared string":
        _edit(book, "xl/sharedStrings.xml", "<t>Ben</t>", "<t>Benjamin</t>")
    elif edit == "settings":
        _add_row(book, "Settings", "Score scale")
    elif edit == "criteria":
        _add_row(book, "Criteria", "GRT")
    elif edit == "reps":
        _add_row(book, "Reps", "Benjamin")
    else:
        monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.key(book) != before
    reads = _spy_reads(monkeypatch)
    got = api.compute_file(book, AS_OF)
    assert reads == ["team.xlsx"]
    _same(got, api.compute_file(book, AS_OF, cache=False))


def _written_anew(path):
    """The workbook written again cell by cell by another program (openpyxl's write-only mode, as a
    script filling the template's sheets would): the same sheets and values, dates with a date format,
    none of the template's cell styles."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    source = load_workbook(path, read_only=True)
    anew = Workbook(write_only=True)
    for ws in source.worksheets:
        out = anew.create_sheet(ws.title)
        for row in ws.iter_rows(values_only=True):
            cells = []
            for value in row:
                cell = WriteOnlyCell(out, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            out.append(cells)
    source.close()
    anew.save(path)


def _crc(path, part):
    with zipfile.ZipFile(path) as z:
        return z.getinfo(part).CRC


def test_a_workbook_written_anew_stays_warm_after_its_first_refresh_adds_styles(book, monkeypatch):
    # the first refresh of a workbook xlsxwriter, openpyxl or pandas wrote adds the computed sheets'
    # styles to its styles part: the styles it read come first, unchanged, so the cache still serves it
    _written_anew(book)
    before = _crc(book, "xl/styles.xml")
    _refresh(book, "-q", "--no-backup")
    assert _crc(book, "xl/styles.xml") != before
    reads = _spy_reads(monkeypatch)
    warm = api.compute_file(book, AS_OF)
    assert reads == []
    assert warm.summary["calls"] == 120
    _same(warm, api.compute_file(book, AS_OF, cache=False))


def test_a_style_changed_in_place_invalidates_the_cache(book, monkeypatch):
    # the Scores' date style shown as a plain number reads those cells as numbers: the cache must not serve
    api.compute_file(book, AS_OF)
    part = sheet_parts(book)["Scores"]
    with zipfile.ZipFile(book) as z:
        used = {int(s) for row, s in re.findall(rb'<c r="C(\d+)" s="(\d+)"', z.read(part)) if int(row) > 1}
        styles = z.read("xl/styles.xml").decode()
    assert len(used) == 1
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    xf = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs.group(1), re.S)[used.pop()]
    assert 'numFmtId="0"' not in xf
    _rewrite(book, {"xl/styles.xml": styles.replace(xf, re.sub(r'numFmtId="\d+"', 'numFmtId="0"', xf), 1).encode()})
    reads = _spy_reads(monkeypatch)
    got = api.compute_file(book, AS_OF)
    assert reads == ["team.xlsx"]
    _same(got, api.compute_file(book, AS_OF, cache=False))


def test_the_edit_shows_in_the_result_after_invalidation(book):
    first = api.compute_file(book, AS_OF)
    _edit(book, "xl/sharedStrings.xml", "<t>Ben</t>", "<t>Benjamin</t>")
    second = api.compute_file(book, AS_OF)
    unknown = second.checks[second.checks["code"] == Code.UNKNOWN_REP.value]
    assert len(first.checks[first.checks["code"] == Code.UNKNOWN_REP.value]) == 0
    assert len(unknown) == 1 and "Benjamin" in unknown["problem"].iloc[0]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_cache_falls_back_to_a_cold_read(book, monkeypatch, damage):
    cold = api.compute_file(book, AS_OF)
    path = cache.cache_path(book)
    data = path.read_bytes()
    path.write_bytes({"truncated": data[: len(data) // 2], "garbage": b"PK\x03\x04" + b"x" * 500,
                      "empty": b""}[damage])
    reads = _spy_reads(monkeypatch)
    _same(cold, api.compute_file(book, AS_OF))
    assert reads == ["team.xlsx"]
    assert cache.load(book, cache.key(book)) is not None  # rewritten whole


def test_cache_has_the_workbooks_permissions_and_folder(book):
    os.chmod(book, 0o600)
    api.compute_file(book, AS_OF)
    path = cache.cache_path(book)
    assert path.parent == book.parent and path.name == ".team.xlsx.coachlog-cache"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_check_on_a_read_only_file_system_reads_without_a_cache(book, monkeypatch):
    # a read-only share or write-protected stick: creating the cache file fails, and so does removing it
    refused = OSError(30, "Read-only file system")
    want = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-30", "--no-cache"]).output

    def read_only(*args, **kwargs):
        raise refused

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(type(book), "unlink", read_only)
    result = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-30"])
    assert result.exit_code in (0, 1) and "Read-only" not in result.output, result.output
    assert result.output == want  # what it says where nothing is written
    cache.remove(book)  # the cache turned off on such a share: nothing to remove there, and no error


def test_no_cache_flag_neither_writes_nor_uses_it(book, monkeypatch):
    result = CliRunner().invoke(main, ["check", str(book), "--as-of", "2026-06-30", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not cache.cache_path(book).exists()
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-30", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    assert not cache.cache_path(book).exists()


def test_refresh_keeps_the_cache_after_saving(book):
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-30", "-q"])
    assert result.exit_code == 0, result.output
    assert cache.cache_path(book).exists()


def test_settings_cache_no_turns_it_off_and_deletes_it(book):
    api.compute_file(book, AS_OF)
    assert cache.cache_path(book).exists()
    wb = load_workbook(book)
    api._set_setting(wb, "cache", "no")
    writer.save_atomically(wb, book, backup=False)
    api.compute_file(book, AS_OF)
    assert not cache.cache_path(book).exists()


def test_a_file_changed_while_it_is_read_leaves_no_cache(book, monkeypatch):
    real = reader.score_tables

    def read_then_someone_saves(b):
        tables = real(b)
        _edit(book, "xl/sharedStrings.xml", "<t>Ben</t>", "<t>Benjamin</t>")
        return tables

    monkeypatch.setattr(reader, "score_tables", read_then_someone_saves)
    api.compute_file(book, AS_OF)
    assert not cache.cache_path(book).exists()


def _spy_computes(monkeypatch) -> list:
    """Record each time a refresh computes."""
    runs = []
    real = api.compute

    def spy(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "compute", spy)
    return runs


def _refresh(book, *flags):
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-30", *flags])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_saved_file_is_recorded_by_its_digest_without_being_read_back(book, monkeypatch):
    # the record of the refresh's file holds the SHA-256 of the bytes the save wrote, taken as they were
    # written: the saved file is not read back for it (a whole 40 MB file at a million score rows)
    from coachlog_xl.workbook.safety import Fingerprint

    digests = []
    real = Fingerprint.of.__func__

    def spy(cls, path):
        taken = real(cls, path)
        digests.append(taken.sha256)
        return taken

    monkeypatch.setattr(Fingerprint, "of", classmethod(spy))
    _refresh(book)
    saved = hashlib.sha256(book.read_bytes()).hexdigest()
    assert json.loads(cache.done_path(book).read_text())["sha256"] == saved
    assert digests and saved not in digests  # (each digest taken was of the file as it was before)


def test_an_unchanged_workbook_is_left_alone(book, monkeypatch):
    _refresh(book)
    assert cache.done_path(book).exists()
    data, mtime = book.read_bytes(), book.stat().st_mtime_ns
    backups = [(p.name, p.stat().st_mtime_ns) for p in book.parent.glob("*.bak*")]
    runs = _spy_computes(monkeypatch)
    out = _refresh(book)
    assert runs == []
    assert "is up to date" in out and "nothing was written" in out
    assert "2 sessions from 120 scores of 120 calls" in out  # the last refresh's summary
    assert book.read_bytes() == data and book.stat().st_mtime_ns == mtime
    assert [(p.name, p.stat().st_mtime_ns) for p in book.parent.glob("*.bak*")] == backups


def test_an_up_to_date_workbook_is_told_without_loading_the_library(book):
    """The command line asks the record of the last refresh before it imports pandas and the readers:
    an up-to-date workbook is said so without them (a subprocess: this one has them imported)."""
    _refresh(book)
    data = book.read_bytes()
    probe = ("import sys; from coachlog_xl.cli import main\n"
             "try:\n    main(['refresh', sys.argv[1], '--as-of', '2026-06-30'])\n"
             "except SystemExit as e:\n    assert not e.code, e.code\n"
             "print(sorted(m for m in ('pandas', 'numpy', 'openpyxl', 'fastexcel') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe, str(book)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "is up to date" in run.stdout and "2 sessions from 120 scores of 120 calls" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "[]"
    assert book.read_bytes() == data
    _add_row(book, "Log", "a note")  # changed: the same command loads the library and refreshes
    run = subprocess.run([sys.executable, "-c", probe, str(book)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Refreshed" in run.stdout and "'pandas'" in run.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("change", ["log cell", "computed sheet", "properties", "as of", "day", "version",
                                    "no cache", "record damaged", "summary damaged"])
def test_anything_different_means_a_full_refresh(book, monkeypatch, change):
    dated = ["--as-of", "2026-06-30"]
    result = CliRunner().invoke(main, ["refresh", str(book), *([] if change == "day" else dated)])
    assert result.exit_code == 0 and cache.done_path(book).exists(), result.output
    flags = dated
    if change == "log cell":  # a typed note, saved: only the Log part changes
        _add_row(book, "Log", "a note")
    elif change == "computed sheet":  # someone typed over a computed sheet: the refresh writes it back
        _add_row(book, "Follow-up", "typed over")
    elif change == "properties":  # saved with no edit: the package's properties change
        _edit(book, "docProps/core.xml", "</cp:coreProperties>", "<dc:title>t</dc:title></cp:coreProperties>")
    elif change == "as of":
        flags = ["--as-of", "2026-06-29"]
    elif change == "day":
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        monkeypatch.setattr(done, "today", lambda: tomorrow)
        flags = []  # no --as-of, on another day: the as-of date can be today's
    elif change == "version":
        monkeypatch.setattr(done, "__version__", "0.0.0-other")
    elif change == "no cache":
        flags = [*dated, "--no-cache"]
    elif change == "summary damaged":  # JSON of the right package, but its summary edited away
        state = json.loads(cache.done_path(book).read_text())
        del state["summary"]["status"]
        state["result_as_of"] = "30 June"  # (either stops the up-to-date message: the API's too)
        cache.done_path(book).write_text(json.dumps(state))
    else:
        cache.done_path(book).write_text("{not json")
    runs = _spy_computes(monkeypatch)
    result = CliRunner().invoke(main, ["refresh", str(book), *flags])
    assert result.exit_code == 0, result.output
    assert runs == [1] and "Refreshed" in result.output
    if change == "computed sheet":
        assert "typed over" not in str([c.value for row in load_workbook(book)["Follow-up"].iter_rows()
                                         for c in row])


def test_a_dated_refresh_needs_no_particular_day(book):
    _refresh(book)
    later = dt.date.today() + dt.timedelta(days=3)
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    assert done.unchanged(book, dt.date(2026, 6, 30), later, digest) is not None  # --as-of given: the day is not used
    assert done.unchanged(book, None, later, digest) is None


def test_settings_cache_no_records_nothing(book):
    wb = load_workbook(book)
    api._set_setting(wb, "cache", "no")
    writer.save_atomically(wb, book, backup=False)
    _refresh(book)
    assert not cache.done_path(book).exists() and not cache.cache_path(book).exists()


def test_the_record_has_the_workbooks_permissions(book):
    os.chmod(book, 0o600)
    _refresh(book)
    assert stat.S_IMODE(cache.done_path(book).stat().st_mode) == 0o600


def test_an_undated_refresh_is_left_alone_on_the_same_day(book, monkeypatch):
    assert CliRunner().invoke(main, ["refresh", str(book)]).exit_code == 0
    runs = _spy_computes(monkeypatch)
    result = CliRunner().invoke(main, ["refresh", str(book)])
    assert result.exit_code == 0 and "is up to date" in result.output and runs == []


# Values whose objects are shared by many cells (as the normalised Scores' names are), equal texts held
# by distinct objects, None and NaN (one NaN object and fresh ones), and a large share of distinct objects
_NAN = float("nan")
_POOL = ["Dana", "dana", "", "Öz", None, _NAN]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(range(len(_POOL))), st.text(max_size=3), st.just(-1)), max_size=60))
def test_a_text_column_is_coded_as_pandas_factorize_codes_it(picks):
    cells = [_POOL[p] if isinstance(p, int) and p >= 0 else float("nan") if p == -1 else "".join(list(p))
             for p in picks]
    for values in (np.array(cells, dtype=object), np.array(cells * 5, dtype=object)):  # (the latter: by address)
        codes, uniques = cache.factorized(values)
        want_codes, want_uniques = pd.factorize(values, use_na_sentinel=False)
        assert codes.tolist() == want_codes.tolist()
        assert len(uniques) == len(want_uniques)
        # each value's first cell, as pandas gives it (None and NaN as NaN)
        assert all(a is b or pd.isna(a) and pd.isna(b) for a, b in zip(uniques, want_uniques))


def test_a_long_column_of_few_shared_objects_is_coded_by_value():
    # a rep's name typed twice is two objects with one value: one code, in order of first appearance
    dana, dana_again, lee = "Dana Reyes", "".join(["Dana ", "Reyes"]), "Lee"
    assert dana is not dana_again
    values = np.array([lee, dana, None, dana_again, lee, None, dana] * 1000, dtype=object)
    codes, uniques = cache.factorized(values)
    assert codes[:7].tolist() == [0, 1, 2, 1, 0, 2, 1]
    assert codes.tolist() == [0, 1, 2, 1, 0, 2, 1] * 1000
    assert list(uniques[:2]) == ["Lee", "Dana Reyes"] and len(uniques) == 3 and pd.isna(uniques[2])


# the cells a text column may hold, and others: every kind of blank, a text held by two objects, numbers
# equal by value across types (1, 1.0, True)
_MIXED = ["Dana", "".join(["Da", "na"]), "", None, _NAN, float("nan"), pd.NA, pd.NaT, 1, 1.0, True, "İ", "ı"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(range(len(_MIXED))), max_size=30), st.integers(1, 8),
       st.sampled_from(["as made", "every other", "reversed", "read-only"]))
def test_any_column_in_any_layout_is_coded_as_pandas_factorize_codes_it(picks, times, layout):
    # a view that is not contiguous, or that cannot be written, is coded as the array it shows; lengths
    # 0 and 1 among them
    values = np.array([_MIXED[p] for p in picks] * times, dtype=object)
    if layout == "every other":
        values = values[::2]
    elif layout == "reversed":
        values = values[::-1]
    elif layout == "read-only":
        values.flags.writeable = False
    codes, uniques = cache.factorized(values)
    want_codes, want_uniques = pd.factorize(values, use_na_sentinel=False)
    assert codes.tolist() == want_codes.tolist()
    assert len(uniques) == len(want_uniques)
    assert all(a is b or pd.isna(a) and pd.isna(b) for a, b in zip(uniques, want_uniques))


def test_a_text_column_is_coded_by_value_where_ctypes_cannot_be_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctypes", None)  # (an import of it raises ImportError)
    dana, lee = "Dana", "Lee"
    codes, uniques = cache.factorized(np.array([lee, dana, None, lee] * 10, dtype=object))
    assert codes.tolist() == [0, 1, 2, 0] * 10
    assert list(uniques[:2]) == ["Lee", "Dana"] and len(uniques) == 3 and pd.isna(uniques[2])


@pytest.mark.parametrize("value, kept", [(None, True), ("no", False), ("yes", True), ("No", False), ("maybe", True),
                                         ("", True)])
def test_whether_a_refresh_keeps_its_cache_is_read_from_the_settings_values_alone(value, kept):
    # "maybe" cannot be read (the default, yes, is used); a blank cell is the default too
    from coachlog_xl.core.config import keeps_cache, read_config
    from coachlog_xl.core.inputs import RawInputs

    inputs = RawInputs.from_records(settings={} if value is None else {"cache": value})
    assert keeps_cache(inputs) is kept
    assert read_config(inputs, Issues()).cache is kept


def test_a_workbook_with_no_refresh_recorded_is_neither_locked_nor_digested_before_the_library(book, monkeypatch):
    from pathlib import Path

    from coachlog_xl import cli
    from coachlog_xl.workbook import safety, writelock

    def unwanted(*_args, **_kwargs):
        raise AssertionError("locked and digested before the library")

    assert not cache.done_path(book).exists()
    monkeypatch.setattr(writelock, "write_lock", unwanted)
    monkeypatch.setattr(safety.Fingerprint, "of", unwanted)
    assert cli._up_to_date(Path(book), None, False, cli._Steps(True)) is None


def test_a_refresh_keeps_its_cache_in_a_second_process_of_its_compute_the_same_cache(book, monkeypatch, tmp_path):
    # the windows beside the team's figures in two processes (as from 300,000 calls): the second one,
    # having sent the team's figures, writes the refresh cache where the save wrote it beside its parts
    from coachlog_xl import workers
    from coachlog_xl.core import evidence

    monkeypatch.setattr(evidence, "BESIDE_RUNS", 0)
    monkeypatch.setattr(workers, "SCORE_ROWS", 0)
    _kept_by_a_second_process_before(book, monkeypatch, tmp_path, writer, "write_result")  # (before the compute ended)


def test_a_refresh_of_many_score_rows_keeps_its_cache_in_a_process_of_its_own_once_the_scores_are_normalised(
        book, monkeypatch, tmp_path):
    # from workers.SPARE_ROWS score rows (300,000) a process forked as soon as the Scores are normalised keeps
    # the cache while this one counts the calls and sorts them into runs: before the windows, the same cache
    from coachlog_xl import workers
    from coachlog_xl.core import refresh

    monkeypatch.setattr(workers, "SPARE_ROWS", 0)
    monkeypatch.setattr(workers, "SCORE_ROWS", 0)
    _kept_by_a_second_process_before(book, monkeypatch, tmp_path, refresh, "CallRuns")  # (before the runs are sorted)


def _kept_by_a_second_process_before(book, monkeypatch, tmp_path, module, step: str) -> None:
    """A refresh of ``book`` keeps its cache in a second process (where one may run) before ``module.step`` is
    called; one process keeps it after, here; the two caches are the same, and so is what is computed from them."""
    from coachlog_xl import workers

    one = tmp_path / "one.xlsx"
    one.write_bytes(book.read_bytes())
    stores, store, real, passed = tmp_path / "stores", cache.store, getattr(module, step), []

    def spy(path, wanted, normalised, *styles):  # which process keeps it, and whether the step had been reached
        with open(stores, "a") as fh:
            fh.write(f"{os.getpid()} {bool(passed)}\n")
        return store(path, wanted, normalised, *styles)

    def reached(*args):
        passed.append(True)
        return real(*args)

    monkeypatch.setattr(cache, "store", spy)
    monkeypatch.setattr(module, step, reached)
    api.refresh_file(book, AS_OF)
    passed.clear()
    with monkeypatch.context() as m:
        m.setenv("COACHLOG_WORKERS", "1")
        api.refresh_file(one, AS_OF)
    (pid, before), (here, after) = (line.split() for line in stores.read_text().splitlines())
    assert (int(here), after) == (os.getpid(), "True")  # (one process: kept beside the save, here)
    if workers.available():  # Linux with two cores, as in CI
        assert int(pid) != os.getpid() and before == "False"
    with zipfile.ZipFile(cache.cache_path(book)) as a, zipfile.ZipFile(cache.cache_path(one)) as b:
        assert a.namelist() == b.namelist() and len(a.namelist()) > 5
        assert all(a.read(name) == b.read(name) for name in a.namelist())
    assert api.compute_file(book, AS_OF).followup.equals(api.compute_file(one, AS_OF, cache=False).followup)


def _cache_written_slowly(monkeypatch, write) -> None:
    """Refreshes whose pieces are mapped to a second process however few the rows, the refresh cache's
    bytes written by ``write(fh, **arrays)``."""
    from coachlog_xl import workers

    monkeypatch.setattr(workers, "SCORE_ROWS", 0)
    monkeypatch.setattr(cache.np, "savez", write)


def test_a_refresh_stopped_while_a_second_process_writes_the_cache_leaves_no_tmp(book, monkeypatch):
    import time

    real = api.compute

    def half_then_hangs(fh, **_arrays):  # (in the second process that took the cache as its spare task)
        fh.write(b"half of the cache")
        fh.flush()
        time.sleep(30)

    def stopped_while_the_cache_is_written(inputs, as_of=None, today=None, progress=None, mapper=map, **_callbacks):
        real(inputs, as_of=as_of, today=today, progress=progress)  # (the Scores normalised: the cache may be written)

        def share(x):  # this process's share stopped (Ctrl-C) once the second process writes the cache
            deadline = time.monotonic() + 20
            while x == 0 and not writings(cache.cache_path(book)) and time.monotonic() < deadline:
                time.sleep(0.01)
            if x == 0:
                raise KeyboardInterrupt
            return x

        return list(mapper(share, [0, 1]))

    _cache_written_slowly(monkeypatch, half_then_hangs)
    monkeypatch.setattr(api, "compute", stopped_while_the_cache_is_written)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        api.refresh_file(book, AS_OF)
    assert time.monotonic() - started < 25  # the second process stopped, not waited for
    assert sorted(p.name for p in book.parent.iterdir()) == ["team.xlsx"]  # no .tmp, no cache, no lock


def test_the_cache_a_second_process_writes_is_written_before_the_write_lock_goes(book, monkeypatch):
    import time

    from coachlog_xl.workbook import writelock

    real_savez, unlock, real, seen = np.savez, writelock._unlock, api.compute, []

    def then_a_piece_mapped(inputs, as_of=None, today=None, progress=None, mapper=map, **_callbacks):
        # (the Scores normalised: the cache may be written)
        result = real(inputs, as_of=as_of, today=today, progress=progress)
        assert list(mapper(abs, [0, -1])) == [0, 1]  # its second process takes the cache, as at 1M the windows' does
        return result

    def late(fh, **arrays):  # (the second process's cache, written after the save would have ended)
        time.sleep(3)
        real_savez(fh, **arrays)

    def unlocked(fh):
        seen.append((cache.cache_path(book).exists(), writings(cache.cache_path(book)) != []))
        unlock(fh)

    _cache_written_slowly(monkeypatch, late)
    monkeypatch.setattr(api, "compute", then_a_piece_mapped)
    monkeypatch.setattr(writelock, "_unlock", unlocked)
    api.refresh_file(book, AS_OF)
    assert seen == [(True, False)]  # the cache whole, no .tmp, as the lock was let go
    assert cache.load(book, cache.key(book)) is not None  # the next refresh reads it
