"""Helpers for tests that open real .xlsx files: cell snapshots, LibreOffice conversion, the command line
on a file, and Log rows typed by header."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter

from coachlog_xl import schema

_OPENED: dict[tuple, object] = {}
KEPT = 6  # workbooks kept open by :func:`opened`


def opened(path: Path, **options):
    """The workbook at ``path`` as openpyxl's ``load_workbook(path, **options)`` loads it, loaded once
    for the same bytes and options: a test reading one state of a file many times parses it once.  The
    workbook is shared; a caller reads it and never changes it.

    A plain load of bytes already loaded with ``rich_text=True`` is that workbook when none of its cells
    holds rich text: the two loads differ only in how they read a text of several runs."""
    data = Path(path).read_bytes()
    digest = hashlib.sha1(data).digest()
    key = (digest, tuple(sorted(options.items())))
    if key not in _OPENED:
        rich = _OPENED.get((digest, (("rich_text", True),)))
        if not options and rich is not None and not _holds_rich_text(rich):
            wb = rich
        else:
            wb = load_workbook(io.BytesIO(data), **options)
        if len(_OPENED) >= KEPT:
            _OPENED.pop(next(iter(_OPENED)))
        _OPENED[key] = wb
    return _OPENED[key]


def _holds_rich_text(wb) -> bool:
    """Whether a cell of ``wb`` (loaded with ``rich_text=True``) holds a text of several runs; read
    from the cells the file has (a worksheet's own store: iterating its rows would add empty ones)."""
    return any(isinstance(c.value, CellRichText) for ws in wb.worksheets for c in ws._cells.values())


def snapshot(path: Path, sheets=None, skip: set | None = None) -> dict:
    """Every cell in use of the given sheets: (sheet, coordinate) -> (value's repr, data type, number
    format, font, fill, border, alignment, protection).  ``skip`` holds (sheet, column letter) pairs to
    leave out.

    A cell's style is its index into the workbook's shared lists of fonts, fills, borders and so on (its
    style array), so the style part is worked out once per distinct array and reused by every cell that
    holds it: the same strings, without rendering the same font a thousand times."""
    wb = opened(path, rich_text=True)
    styles: dict[tuple, tuple] = {}
    out = {}
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        for row in ws.iter_rows():
            for c in row:
                if skip and (ws.title, get_column_letter(c.column)) in skip:
                    continue
                if c.value is None and not c.has_style:
                    continue
                key = tuple(c._style) if c._style is not None else ()
                if key not in styles:
                    styles[key] = (c.number_format, repr(c.font), repr(c.fill), repr(c.border),
                                   repr(c.alignment), repr(c.protection))
                out[(ws.title, c.coordinate)] = (repr(c.value), c.data_type, *styles[key])
    return out


def values(path: Path, sheet: str) -> list[list]:
    wb = load_workbook(path, data_only=False)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def records(path: Path, sheet: str) -> list[dict]:
    """The rows of a sheet as dicts keyed by the header of row 1."""
    rows = values(path, sheet)
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if any(v is not None for v in r)]


def checks_and_first_log_row(path: Path, as_of: str) -> tuple[list[dict], dict]:
    """The workbook refreshed as of ``as_of`` (quietly; it must succeed): its Checks rows and its first Log row."""
    out = run("refresh", path, "--as-of", as_of, "-q")
    assert out.exit_code == 0, out.output
    return records(path, "Checks"), records(path, "Log")[0]


def tool_columns_of_log(path: Path) -> set:
    wb = load_workbook(path, read_only=True)
    head = next(wb["Log"].iter_rows(max_row=1))
    tool = {c.header for c in schema.LOG.tool_columns()}
    return {("Log", h.column_letter) for h in head if h.value in tool}


def soffice_convert(path: Path, fmt: str, outdir: Path, timeout: int = 240) -> Path:
    """Convert with a real LibreOffice; fails the test when LibreOffice is not installed."""
    out = Path(outdir) / (Path(path).stem + "." + fmt.split(":")[0])
    assert out.resolve() != Path(path).resolve(), "convert into another folder: the result would be the source"
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is not installed: apt-get install libreoffice-calc-nogui (CI installs it)"
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    env = dict(os.environ, HOME=str(profile))
    proc = subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), str(path)],
        capture_output=True, text=True, timeout=timeout, env=env,
    )
    shutil.rmtree(profile, ignore_errors=True)
    assert proc.returncode == 0 and out.exists(), f"LibreOffice failed: {proc.stdout} {proc.stderr}"
    return out


def run(*args):
    """The ``coachlog`` command line run in this process (click's runner) on ``args``."""
    from click.testing import CliRunner

    from coachlog_xl.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def made_demo(folder: Path) -> Path:
    """``coachlog demo`` made in ``folder`` (team.xlsx)."""
    path = Path(folder) / "team.xlsx"
    assert run("demo", path, "--force").exit_code == 0
    return path


def one_team_demo(path: Path, supervisor: str = "Priya Nair") -> Path:
    """``coachlog demo`` (made and refreshed) with only one supervisor's team in it: their reps, their
    sessions and the score rows of those reps (under any of their spellings), the rest of the demo's data
    as it is (Priya Nair's: 4 reps, 13 sessions, 2,118 of the 7,411 score rows): a workbook openpyxl
    opens and saves in a third of the time, with the same kinds of rows on every sheet."""
    import dataclasses
    from unittest import mock

    from coachlog_xl import demo

    data = demo.demo_data()
    reps = [r for r in data.reps if r["supervisor"] == supervisor]

    def key(name) -> str:
        return "".join(str(name).split()).lower()

    spellings = {key(s) for r in reps for s in [r["rep"], *(r["other_names"] or "").split(";")] if s.strip()}
    team = dataclasses.replace(data, reps=reps, log=[r for r in data.log if r["supervisor"] == supervisor],
                               scores=[r for r in data.scores if key(r["rep"]) in spellings])
    with mock.patch.object(demo, "demo_data", lambda seed=2026: team):
        assert run("demo", path).exit_code == 0
    return path


def team_book(path: Path, criteria: list[tuple[str, str]], reps: list[str | tuple[str, str | None]]):
    """A new workbook at ``path`` (``coachlog new``) with ``criteria`` (Criterion ID, Criterion) and
    ``reps`` (Rep, or Rep and Other names) typed in, opened with openpyxl for more (the caller saves it)."""
    assert run("new", path).exit_code == 0
    wb = load_workbook(path)
    for i, (cid, name) in enumerate(criteria, start=2):
        wb["Criteria"].cell(row=i, column=1, value=cid)
        wb["Criteria"].cell(row=i, column=2, value=name)
    for i, rep in enumerate(reps, start=2):
        rep, other = (rep, None) if isinstance(rep, str) else rep
        wb["Reps"].cell(row=i, column=1, value=rep)
        if other is not None:
            wb["Reps"].cell(row=i, column=2, value=other)
    return wb


ACK = "Acknowledges the concern"


def one_rep_book(path: Path, calls: list[tuple], sessions: list[dict]):
    """A new workbook at ``path`` with one criterion (ACK, :data:`ACK`) and one rep (Bo Park), ``calls`` (day,
    score) of Bo Park on it at 10:00 on Scores (ids C00, C01, ...) and ``sessions`` (header -> value) on the Log,
    Rep and Targeted criterion Bo Park and ACK unless given; opened with openpyxl for more (the caller saves it)."""
    import datetime as dt

    wb = team_book(path, [("ACK", ACK)], ["Bo Park"])
    for i, (day, score) in enumerate(calls):
        wb["Scores"].append([f"C{i:02d}", "Bo Park", dt.datetime.combine(day, dt.time(10)), ACK, score])
    type_log_rows(wb, [{"Rep": "Bo Park", "Targeted criterion": ACK, **s} for s in sessions])
    return wb


def type_log_rows(wb, rows: list[dict]) -> None:
    """Each of ``rows`` (header -> value) typed into the Log of the openpyxl workbook ``wb``, from row 2."""
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for s, row in enumerate(rows):
        for key, value in row.items():
            log.cell(row=s + 2, column=head.index(key) + 1, value=value)


def refreshed_both_ways(path: Path, monkeypatch, as_of) -> tuple:
    """(the computed result read column-wise, the one read row by row) of the workbook, the second with
    fastexcel taken away (its Scores then read by python-calamine's rows), after checking it is."""
    from coachlog_xl import api
    from coachlog_xl.workbook import columns
    from coachlog_xl.workbook.book import FileBook

    fast = api.compute_file(path, as_of, cache=False)
    monkeypatch.setattr(columns, "modules", lambda: None)
    assert FileBook(path).table("Scores") is None
    return fast, api.compute_file(path, as_of, cache=False)


def assert_same_results(fast, slow) -> None:
    """The computed tables of two results equal (Baseline, Follow-up, Aggregate, Checks, Log updates)."""
    import pandas as pd

    for name in ("baseline", "followup", "aggregate", "checks", "log_updates"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), check_dtype=False)


@contextmanager
def write_lock_held(book: Path, seconds: float):
    """Another coachlog command holding ``book``'s write lock (a thread) from entry until ``seconds``
    later (or the block's end, when sooner)."""
    from coachlog_xl.workbook import writelock

    held, release = threading.Event(), threading.Event()

    def first_writer():
        with writelock.write_lock(book):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=first_writer)
    holder.start()
    held.wait(10)
    threading.Timer(seconds, release.set).start()
    try:
        yield
    finally:
        release.set()
        holder.join()


def with_shared_strings(parts: dict[str, bytes], strings: list[bytes]) -> None:
    """A package's ``parts`` (name -> bytes) given a shared strings part holding ``strings`` (each an
    ``<si>``'s content, numbered in order), with its relationship and content type, as Excel stores texts."""
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                     + b"".join(b"<si>" + t + b"</si>" for t in strings) + b"</sst>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def kept_before_refresh(book: Path) -> list[Path]:
    """The copies of ``book`` a refresh that dropped cells typed on a computed sheet kept apart beside it,
    ``STEM.before-refresh-YYYY-MM-DD-HHMMSS.xlsx`` (README, Data safety), by name."""
    return sorted(Path(book).parent.glob(f"{Path(book).stem}.before-refresh-*{Path(book).suffix}"))


def still_in(kept: Path, them: str = "them") -> str:
    """A ``typed-on-computed-sheet`` row's How to fix, of cells held in the copy ``kept`` (``them``: "it" for one)."""
    return (f"{'It is' if them == 'it' else 'They are'} still in {kept.name}, a copy of the workbook as it was before "
            f"this refresh, which no command replaces: move {them} to a sheet of your own.")


# a workbook as `coachlog new` made it before the Criteria sheet had an Other names column (376f591)
OLD_TEMPLATE = Path(__file__).parent / "fixtures" / "old_template" / "before_criteria_other_names.xlsx"


def old_template_book(path: Path, spelled: list[tuple]) -> None:
    """A workbook as ``coachlog new`` made it before the Criteria sheet's Other names column (:data:`OLD_TEMPLATE`) at
    ``path``, with ACK (Acknowledges the concern), the rep Bo Park, a call of Bo Park's at 10:00 for each of
    ``spelled`` (day, score, criterion as the export spells it; ids C00, C01, ...) and the session S-1 on 2026-03-10
    on ACK."""
    import datetime

    shutil.copy(OLD_TEMPLATE, path)
    wb = load_workbook(path)
    assert "Other names" not in [c.value for c in wb["Criteria"][1]]
    wb["Criteria"].cell(2, 1, "ACK")
    wb["Criteria"].cell(2, 2, ACK)
    wb["Reps"].cell(2, 1, "Bo Park")
    for i, (day, score, criterion) in enumerate(spelled):
        at = datetime.datetime.combine(day, datetime.time(10))
        wb["Scores"].append([f"C{i:02d}", "Bo Park", at, criterion, score])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Session date": datetime.date(2026, 3, 10),
                        "Targeted criterion": ACK}])
    wb.save(path)
