"""Refresh from inside Excel: the workbook seam over an open ``xlwings.Book``.

:class:`XlwingsBook` implements :class:`~coachlog_xl.workbook.book.Book` with the part of the xlwings
API that every runtime has (the desktop add-in, xlwings Lite, xlwings Server):

- it reads every input first (sheet names, used ranges and values) and writes afterwards, because
  Lite and Server run on a snapshot taken when the script starts and apply the writes when it returns;
- it uses tuple coordinates only (a tuple mixed with a Range fails on the Lite/Server engine);
- it writes values and number formats; it reads one number format per computed column, that of the
  column's cells under its rows (:meth:`XlwingsBook.read_formats`), and keeps it where the file refresh
  keeps a whole column's (:func:`_format`); reading one raises on Lite and Server, which then write the
  column's own, as before;
- it writes large ranges in chunks far below the 5 MB that Excel on the web takes in one transfer;
- it reads what the file refresh reads of the input cells beyond their values where the engine tells it (Excel
  on Windows and macOS): the formulas of the Log's grey columns (:meth:`XlwingsBook.formulas`), never written
  over, and the merged cells of the Log, Criteria, Reps and Scores (:meth:`XlwingsBook.merged`), said in Checks,
  no baseline recorded on a Log row where a grey cell is a merge's but its first (read as held, as on the file); Lite
  and Server read both asynchronously only, and there the values alone are read, as before;
- it reads Excel's error values (``#DIV/0!``, ``#N/A``...) as their text (``err_to_str``), as the file
  reader gives them, so Checks names them; every engine would otherwise give a blank;
- it hands dates to the core as the engine returned them (a datetime, an Excel serial number or ISO
  text): the core reads all three the same way; datetimes are only made naive and rounded to the second;
  a Scores column holding cells as an engine hands a time alone (a date-time on Excel's day zero, a fraction
  of a day) has its number format read over each run of them (:meth:`XlwingsBook.clocks`): a time of day's
  makes them call times, a duration's anywhere hands them on as the file's readers hand a duration;
  a serial is read in the workbook's date system, which Excel on the desktop tells (``Date1904``) and
  Lite and Server do not: there a call date that is a number is read in the 1900 system and Checks says so,
  as it does, in its own words and with its text, where Excel answers the question with an error;
- text is written with Excel's text prefix (a leading apostrophe), so no pasted text ever becomes a
  formula, a number or a date;
- a computed sheet holding cells a person typed outside the refresh's block or over its headers (a
  note under the table, a title in a row inserted above the header: :mod:`coachlog_xl.workbook.strays`)
  stops the refresh before anything is written, with the cells named: in Excel there is no backup file
  to find them in afterwards; so does a pivot table standing on one (:mod:`coachlog_xl.workbook.pivots`),
  named with its range where the engine tells it.

:func:`refresh` and :func:`check` are what the generated ``main.py`` (Lite) and ``BOOK.py`` (desktop)
call.  Our errors become :class:`xlwings.XlwingsError`, which Excel shows as a message.  Importing this
module needs only pure-Python packages and what xlwings Lite ships (pandas, numpy, xlwings).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from functools import partial

import xlwings as xw

from coachlog_xl import api, schema
from coachlog_xl.core.calltimes import DAY_ZERO
from coachlog_xl.core.checks import Code, Issues, listed
from coachlog_xl.core.datesystem import Refused
from coachlog_xl.core.functions import FunctionInputError
from coachlog_xl.core.refresh import RefreshResult, compute
from coachlog_xl.core.wording import MOVE_PIVOT
from coachlog_xl.errors import CoachlogError
from coachlog_xl.workbook import done, reader, writer
from coachlog_xl.workbook.a1 import coordinate_from_string
from coachlog_xl.workbook.intable import decision_columns, log_decisions, on_log_rows, typed_decision_values
from coachlog_xl.workbook.pivots import DOING, Pivot, refusal
from coachlog_xl.workbook.strays import FORMULA_CELL, header_in, refresh_row, said, typed_values
from coachlog_xl.workbook.stylesxml import format_shows_as
from coachlog_xl.workbook.typedchecks import decision_issues

CHUNK_BYTES = 1_000_000  # one write's payload; Excel on the web refuses transfers above 5 MB
ENVELOPE_BYTES = 1_024  # room for what an engine sends around the values (action name, position)
TEXT_PREFIX = "'"
# errors that, asking Excel its date system, are this code's own fault rather than Excel's answer (:func:`_date1904`)
_BUGS = (TypeError, ValueError, NameError, LookupError, ArithmeticError, AssertionError, RecursionError)
TYPED_READ = 2_000_000  # cells of a computed sheet read for words typed on it (:func:`_refuse_typed`)
MERGE_READS = 1_000  # engine calls to find a sheet's merged cells, at most (:meth:`XlwingsBook.merged`)
FORMAT_READS = 1_000  # number formats read to tell a sheet's times of day from durations (:meth:`XlwingsBook.clocks`)
HEADER_READ = 512  # cells of Follow-up's header row read for its Session ID and Decision (:func:`_tell_decided`)


def refresh(book, as_of: dt.date | None = None) -> RefreshResult:
    """Recompute Baseline, Follow-up, Aggregate and Checks in an open workbook and stamp Start here."""
    try:
        seam = XlwingsBook(book)
        seam.read_formats(schema.COMPUTED_SHEETS)
        return api.refresh_book(seam, as_of, before_write=partial(_before_write, seam))
    except CoachlogError as exc:
        raise xw.XlwingsError(str(exc)) from None


def check(book, as_of: dt.date | None = None) -> RefreshResult:
    """Rewrite only the Checks sheet: every other sheet and cell stays as it is."""
    try:
        seam = XlwingsBook(book)
        _refuse_typed(seam, [schema.CHECKS], "check")
        seam.read_formats([schema.CHECKS])
        inputs = reader.inputs_from_book(seam)
        result = compute(inputs, as_of=as_of, today=done.today(), real=api.real_day(inputs))  # (call-after-today)
        _tell_typed(seam, result)
        _tell_decided(seam, inputs, result, preview=True)
        writer.stamp_said(result, writer.start_rows(seam))
        seam.write_sheet(schema.CHECKS, writer.sheet_rows(schema.CHECKS, listed(result.checks)))
        return result
    except CoachlogError as exc:
        raise xw.XlwingsError(str(exc)) from None


def worksheet(body, *args):
    """A worksheet function's body (:mod:`coachlog_xl.core.functions`) called with the cell's arguments;
    an argument it cannot use becomes a message Excel shows (:class:`xlwings.XlwingsError`), not a traceback."""
    try:
        return body(*args)
    except FunctionInputError as exc:
        raise xw.XlwingsError(str(exc)) from None


def _before_write(seam: XlwingsBook, inputs, result: RefreshResult) -> None:
    """Once computed, before anything is written: :func:`_refuse_typed`, then :func:`_tell_decided`."""
    _refuse_typed(seam, schema.COMPUTED_SHEETS, "refresh", _firsts(result))
    _tell_decided(seam, inputs, result)


def _firsts(result: RefreshResult) -> dict[str, frozenset]:
    """By computed sheet, the values ``result`` writes in its first column
    (:meth:`~coachlog_xl.workbook.strays.RefreshRow.firsts`)."""
    return {sheet.name: refresh_row(sheet).firsts(writer.SheetRows(sheet, frame))
            for sheet, frame in writer.computed_frames(result)}


def _typed(seam: XlwingsBook, sheets: list[schema.Sheet], firsts: dict[str, frozenset] | None) -> dict[str, list[str]]:
    """The cells of ``sheets`` typed outside the block a refresh writes (the refresh's rows told by
    :func:`~coachlog_xl.workbook.strays.refresh_row`), or in rows under its header row that are none of the
    refresh's (``firsts``: :func:`_firsts`; a sheet not in it, those of every refresh), by sheet: within its
    used range, 256 columns right of the block and :data:`TYPED_READ` cells at most (a used range Excel stretched
    to a formatted cell far away is not read whole)."""
    named = {s.name: schema.sheet_named(seam.sheet_names(), s.name) for s in sheets}  # (whatever its capitals)
    return {named[s.name]: refs for s in sheets if named[s.name] is not None
            and (refs := typed_values(seam.head_typed(named[s.name], TYPED_READ, len(s.columns) + 256), s.headers,
                                      refresh_row(s), (firsts or {}).get(s.name)))}


def _tell_typed(seam: XlwingsBook, result: RefreshResult) -> None:
    """A Checks row, in a check (which rewrites Checks only), for each sheet a refresh rewrites whole holding
    cells typed on it (:func:`_typed`), which would stop the next refresh, as ``coachlog check`` says them."""
    sheets = [s for s in schema.COMPUTED_SHEETS if s.name != schema.CHECKS.name]
    issues = Issues()
    pivots = _pivots(seam, sheets)
    for pivot in pivots:
        where = f"{pivot.sheet} {pivot.ref}" if pivot.ref else f"on {pivot.sheet}"
        issues.add(Code.TYPED_NOT_KEPT, pivot.sheet, None, pivot.ref or "", pivot.name,
                   f'The pivot table "{pivot.name}" ({where}) stands on a sheet that Refresh rewrites whole: the next '
                   "Refresh stops on it, changing nothing.",
                   f"Move it to a sheet of its own ({MOVE_PIVOT}), then refresh.")
    # (a pivot table's own cells are not words typed; on a sheet with one whose range is not known, none is named)
    unknown = {p.sheet for p in pivots if p.ref is None}
    typed = {sheet: kept for sheet, refs in _typed(seam, sheets, _firsts(result)).items() if sheet not in unknown
             and (kept := [ref for ref in refs if not any(p.sheet == sheet and p.covers(ref) for p in pivots)])}
    for sheet, refs in typed.items():
        issues.add(Code.TYPED_NOT_KEPT, sheet, coordinate_from_string(refs[0])[1], refs[0], None,
                   f"{said({sheet: refs})} {'hold' if len(refs) > 1 else 'holds'} words typed on a sheet that Refresh "
                   "rewrites whole: the next Refresh stops on them, changing nothing.",
                   "Move them to a sheet of your own (or clear them), then refresh.")
    if len(issues):
        api.add_checks(result, issues)


def _pivots(seam: XlwingsBook, sheets: list[schema.Sheet]) -> list[Pivot]:
    """The pivot tables standing on ``sheets`` (each found whatever its capitals)."""
    named = [schema.sheet_named(seam.sheet_names(), s.name) for s in sheets]
    return [p for name in named if name is not None for p in seam.pivots(name)]


def _refuse_typed(seam: XlwingsBook, sheets: list[schema.Sheet], action: str = "refresh",
                  firsts: dict[str, frozenset] | None = None) -> None:
    """Stop, before anything is written (by a refresh, or by a check: ``action``), when one of ``sheets``
    holds cells typed on it (:func:`_typed`), or a pivot table stands on one
    (:mod:`coachlog_xl.workbook.pivots`: its cells are its own, not typed)."""
    typed = _typed(seam, sheets, firsts)
    if pivots := _pivots(seam, sheets):
        raise CoachlogError(refusal(pivots, typed, action))
    if typed:
        doing, again = DOING[action]
        raise CoachlogError(
            f"Nothing was changed: {said(typed)} "
            f"{'hold' if sum(map(len, typed.values())) > 1 else 'holds'} words typed on a sheet that {doing} "
            f"rewrites whole. Move them to a sheet of your own (or clear them), then {again}.")


def _tell_decided(seam: XlwingsBook, inputs, result: RefreshResult, preview: bool = False) -> None:
    """A Checks row for each value of Follow-up's Decision that none of the Log's decisions for its session
    holds while one of them is blank, or of a session no row of the Log holds now
    (:func:`~coachlog_xl.workbook.intable.unheld`): a decision typed on Follow-up, or one cleared on the Log
    since the last refresh (its rows deleted), which the tool cannot tell apart.  The refresh goes on and
    writes the Log's there; the row holds the value, so nothing is lost either way (the file refresh writes
    the same row: :func:`~coachlog_xl.workbook.typedchecks.decision_issues`); ``preview``: said by a check, of
    the next refresh, as ``coachlog check`` says it."""
    name = schema.sheet_named(seam.sheet_names(), schema.FOLLOWUP.name)
    held = log_decisions(result.followup["session_id"].tolist(), result.followup["decision"].tolist())
    if name is None:
        return
    top, header = _header_found(seam, name)
    at_id, at_decision = decision_columns({col: str(v) for col, v in header.items()})
    # (two columns read, not the sheet: at 10,000 sessions 20,000 cells, not 620,000)
    found = typed_decision_values(seam.column(name, at_id), seam.column(name, at_decision), at_decision, held, top)
    if found:
        # (the stamp counts them)
        api.add_checks(result, decision_issues(name, on_log_rows(inputs.log, found), preview))


def _header_found(seam: XlwingsBook, name: str) -> tuple[int, dict[int, object]]:
    """Follow-up's header row (its number, its values by column) where rows inserted above it moved it, as
    the file refresh finds it (:func:`~coachlog_xl.workbook.strays.header_in`): its first ten rows read,
    then four times as many while neither it nor a row of the refresh's is found; row 1, and no values
    (the columns where the schema puts them), when none is."""
    rows, own = 10, refresh_row(schema.FOLLOWUP)
    while True:
        top = seam.head(name, HEADER_READ * rows, HEADER_READ)
        if (found := header_in(top, schema.FOLLOWUP.headers, own)) is not None or len(top) < rows:
            return found or (1, {})
        rows *= 4


class XlwingsBook:
    """An open workbook, through the xlwings API (see the module docstring for the rules it keeps)."""

    live = True  # every formula's value is Excel's own, calculated now: none is a saved value to judge

    def __init__(self, book, chunk_bytes: int = CHUNK_BYTES):
        self.book = book
        self.name = book.name
        self.chunk_bytes = chunk_bytes
        self._sheets = {s.name: s for s in book.sheets}
        self._extent = {name: _last_cell(s) for name, s in self._sheets.items()}
        self._rows: dict[str, list[list]] = {}
        self._formats: dict[str, list[str | None]] = {}  # by sheet, each column's format read from Excel
        self._merges: dict[str, list[str]] = {}  # by sheet, its ranges of merged cells (:meth:`merged`)
        self.date1904 = _date1904(book)

    def read_formats(self, sheets: list[schema.Sheet]) -> None:
        """Read the number format of each column of ``sheets``, one read a column, before anything is
        written: that of the column's cells under its used range, which no refresh wrote, so a format
        given to the whole column (select the column, then format it) and not one given to some cells
        of it; None where those cells' formats differ (Excel's ``NumberFormat`` is then Null, which
        xlwings gives as None), where the used range reaches the last row, or where the engine cannot
        read a format (Lite and Server raise)."""
        for sheet in sheets:
            name = schema.sheet_named(self._sheets, sheet.name)
            if name is None:
                continue
            below = self._extent[name][0] + 1
            if below > schema.SHEET_ROWS:
                continue
            ws, found = self._sheets[name], []
            for col in range(1, len(sheet.columns) + 1):
                try:
                    found.append(ws.range((below, col), (schema.SHEET_ROWS, col)).number_format)
                except NotImplementedError:
                    return
            self._formats[name] = found

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def rows(self, sheet: str) -> list[list]:
        if sheet not in self._rows:
            last_row, last_col = self._extent[sheet]
            values = self._sheets[sheet].range((1, 1), (last_row, last_col)).options(ndim=2, err_to_str=True).value
            self._rows[sheet] = [[_read(v) for v in row] for row in values]
        return self._rows[sheet]

    def column(self, sheet: str, col: int) -> list:
        """The values of the sheet's column ``col`` (1-based) from row 1 to its used range's last row, as
        :meth:`rows` reads them (blanks None)."""
        last_row, last_col = self._extent[sheet]
        if col > last_col:
            return [None] * last_row
        values = self._sheets[sheet].range((1, col), (last_row, col)).options(ndim=2, err_to_str=True).value
        return [_read(row[0]) for row in values]

    def head(self, sheet: str, cells: int, columns: int) -> list[list]:
        """The sheet's values from A1 (as :meth:`rows`), at most ``columns`` wide and ``cells`` in all."""
        last_row, last_col = self._extent[sheet]
        cols = min(last_col, columns)
        rows = min(last_row, max(1, cells // cols))
        if (rows, cols) == (last_row, last_col):
            return self.rows(sheet)
        values = self._sheets[sheet].range((1, 1), (rows, cols)).options(ndim=2, err_to_str=True).value
        return [[_read(v) for v in row] for row in values]

    def top_rows(self, sheet: str, n: int = 20) -> list[list]:
        """The sheet's first ``n`` rows from A1, as :meth:`rows` reads them (64 columns at most), as the file's
        reader gives them (:meth:`~coachlog_xl.workbook.book.FileBook.top_rows`)."""
        return self.head(sheet, n * 64, 64)[:n]

    def head_typed(self, sheet: str, cells: int, columns: int) -> list[list]:
        """:meth:`head`, each cell holding a formula as :data:`~coachlog_xl.workbook.strays.FORMULA_CELL`
        (a refresh writes values only, so a formula is a person's, whatever it shows: a total's sum reads as
        a count would): its formula read where the engine reads formulas (Excel on Windows and macOS; not
        Lite or Server, which read them asynchronously only, where the values alone are judged)."""
        values = self.head(sheet, cells, columns)
        if not values or not values[0]:
            return values
        try:
            texts = self._sheets[sheet].range((1, 1), (len(values), len(values[0]))).formula
        except NotImplementedError:
            return values
        if isinstance(texts, str):  # (one cell: Excel gives its formula alone)
            texts = ((texts,),)
        # (a formula's text starts with "=" and is not what the cell shows; a text "=..." typed with Excel's
        # prefix shows its own text)
        return [[FORMULA_CELL if isinstance(text, str) and text.startswith("=") and text != value else value
                 for value, text in zip(row, line)] for row, line in zip(values, texts)]

    def formulas(self, sheet: str, columns: set[int], calculated: bool | None = None) -> dict[tuple[int, int], str]:
        """(row, column) -> formula text (without its ``=``) of the cells of ``columns`` holding a formula, as
        :meth:`head_typed` tells one (``Range.formula``, one read a column of the used range); none with
        ``calculated`` False (Excel has calculated every formula).  Nothing where the engine cannot read formulas
        (Lite and Server read them asynchronously only: ``get_formula``), whose values alone are judged."""
        last_row, last_col = self._extent[sheet]
        if calculated is False:
            return {}
        rows, found = self.rows(sheet), {}
        for col in sorted(c for c in columns if c <= last_col):
            try:
                texts = self._sheets[sheet].range((1, col), (last_row, col)).formula
            except NotImplementedError:
                return {}
            texts = ((texts,),) if isinstance(texts, str) else texts  # (one cell: its formula alone)
            found.update({(r, col): text[1:] for r, ((text, *_), row) in enumerate(zip(texts, rows), start=1)
                          if isinstance(text, str) and text.startswith("=") and text != row[col - 1]})
        return found

    def merged(self, sheet: str) -> list[str]:
        """The ranges of merged cells on the sheet's used range (``A2:A4``), top to bottom: a range read whole
        (``Range.merge_cells``: False, True where every cell is merged, None where some are) and halved while
        it holds merged cells and is no merge's own (``merge_area``), so a sheet without merges costs one read
        and each merge two reads a halving (about 30 on a sheet of 10,000 rows); at most :data:`MERGE_READS` in
        all, the merges found by then kept (a sheet holding hundreds of merges is not looked at whole).  Nothing
        where the engine cannot tell (Lite and Server read them asynchronously only: ``get_merge_cells``)."""
        return self._merges_of(sheet, tall=False)

    def long_merged(self, sheet: str) -> list[str]:
        """:meth:`merged` of a Scores sheet, where only a merge over several rows counts (its rows below the
        first are read without its value, which holds every baseline:
        :func:`~coachlog_xl.core.paste_checks.merged_cells`) and one names them: the first found, top to bottom, ends
        the search; a merge on one row is passed by."""
        return self._merges_of(sheet, tall=True)

    def _merges_of(self, sheet: str, tall: bool) -> list[str]:
        if sheet not in self._merges:
            found: dict[str, tuple[int, int]] = {}
            search = _MergeSearch(self._sheets[sheet], found, tall)
            try:
                search.within((1, 1), self._extent[sheet])
            except NotImplementedError:
                found.clear()
            except _SearchDone:
                pass
            self._merges[sheet] = sorted(found, key=found.__getitem__)
        return self._merges[sheet]

    def clocks(self, sheet: str) -> frozenset[int] | None:
        """The column positions (0 = A) of the sheet whose cells of a time alone, as the engine hands them (a
        date-time on Excel's day zero, 1899-12-30 or 1904-01-01; a fraction of a day), show a time of day
        (:attr:`~coachlog_xl.core.inputs.RawTable.clocks`).  A column holding one under a duration's format
        (``[h]:mm:ss``) has them all handed on as a duration (``datetime.timedelta``), as the file's readers
        hand a duration, a column of them no call's time, nor its date.  The ``number_format`` is read over
        each run of such cells (a blank cell or a second export's header between them is no time), a run
        whose cells' formats differ (``hh:mm`` beside
        ``hh:mm:ss``) halved until each part has one; at most :data:`FORMAT_READS` reads a sheet, a part still
        unread then taken as the column's parts read before it (times of day when every one was, else
        durations).  None where the engine reads no format (Lite and Server, which hand a time cell as a
        fraction of a day)."""
        rows, found, left = self.rows(sheet), set(), FORMAT_READS
        for col in range(len(rows[0]) if rows else 0):
            at = [r for r in range(1, len(rows)) if _time_alone(rows[r][col])]
            runs = [[r for _, r in g] for _, g in itertools.groupby(enumerate(at), key=lambda p: p[1] - p[0])]
            seen: set[str] = set()
            while runs:
                run = runs.pop()
                if left > 0:
                    left -= 1
                    try:
                        shown = _time_format(self._sheets[sheet].range((run[0] + 1, col + 1), (run[-1] + 1, col + 1))
                                             .number_format)
                    except NotImplementedError:
                        return None
                else:
                    shown = "clock" if seen == {"clock"} else "duration"
                if shown is None and len(run) > 1:
                    runs += [run[:len(run) // 2], run[len(run) // 2:]]
                else:
                    seen.add(shown or "duration")
            if seen == {"clock"}:
                found.add(col)
            elif seen & {"duration"}:  # (as the file reads a column holding a duration: no time of day in it)
                for r in at:
                    if isinstance(value := rows[r][col], dt.datetime):
                        rows[r][col] = value - dt.datetime.combine(value.date(), dt.time())
        return frozenset(found)

    def pivots(self, sheet: str) -> list[Pivot]:
        """The pivot tables standing on the sheet, with their ranges where the engine tells them (Excel
        on Windows and macOS; not Lite or Server, whose range is read asynchronously); none where the
        engine cannot list them (xlwings before 0.37.3, a client without Excel's pivot table API)."""
        try:
            tables = list(self._sheets[sheet].pivot_tables)
        except (AttributeError, NotImplementedError):
            return []
        found = []
        for table in tables:
            try:
                ref = table.range.address.replace("$", "")
            except (AttributeError, NotImplementedError):
                ref = None
            found.append(Pivot(table.name, sheet, ref, *(_report_filters(table) if ref else (0, 0))))
        return found

    def totals_rows(self, sheet: str) -> set[int]:
        """The row numbers of the Total Rows of the sheet's tables (none where the engine cannot list
        a sheet's tables)."""
        try:
            ranges = [t.totals_row_range for t in self._sheets[sheet].tables if t.show_totals]
        except (AttributeError, NotImplementedError):
            return set()
        return {r.row for r in ranges if r is not None}

    def write_sheet(self, sheet: schema.Sheet, rows: list[list]) -> None:
        name = schema.sheet_named(self._sheets, sheet.name)  # the sheet Excel takes for it, whatever its capitals
        if name is None:
            name = sheet.name
            self._sheets[name] = self.book.sheets.add(name=name, after=self.book.sheets[len(self.book.sheets) - 1])
            self._extent[name] = (1, 1)
        ws = self._sheets[name]
        width = len(sheet.columns)
        self._write_values(ws, 1, 1, [sheet.headers] + rows)
        formats = [schema.NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
        given = self._formats.get(name) or [None] * width
        for col in range(width):
            self._write_formats(ws, 2, col + 1, [_format(r[col], formats[col], given[col]) for r in rows])
        last_row, last_col = self._extent[name]
        if last_row > len(rows) + 1:
            ws.range((len(rows) + 2, 1), (last_row, max(last_col, width))).clear_contents()
        if last_col > width:
            ws.range((1, width + 1), (len(rows) + 1, last_col)).clear_contents()

    def write_cells(self, sheet: str, cells: list[tuple]) -> None:
        """Write single cells (row, column, value, number format), one write per block of adjacent cells (none is a
        merge's but its first: the reader marks those of the Log, :func:`~coachlog_xl.workbook.reader.inputs_from_book`,
        and no baseline is recorded on their row)."""
        ws = self._sheets[sheet]
        for row, col, values, fmts in _blocks(cells):
            self._write_values(ws, row, col, values)
            for offset in range(len(values[0])):
                self._write_formats(ws, row, col + offset, [f[offset] for f in fmts])

    def _write_values(self, ws, row: int, col: int, rows: list[list]) -> None:
        """Write a block of rows starting at (row, col), in chunks of at most ``chunk_bytes``."""
        prepared = [[_write(v) for v in r] for r in rows]
        start, size = 0, 0
        for i, r in enumerate(prepared):
            row_size = _payload_size(r)
            if i > start and size + row_size > self.chunk_bytes - ENVELOPE_BYTES:
                self._put(ws, row + start, col, prepared[start:i])
                start, size = i, 0
            size += row_size
        if start < len(prepared):
            self._put(ws, row + start, col, prepared[start:])

    @staticmethod
    def _put(ws, row: int, col: int, block: list[list]) -> None:
        width = max(len(r) for r in block)
        block = [r + [None] * (width - len(r)) for r in block]
        ws.range((row, col), (row + len(block) - 1, col + width - 1)).value = block

    @staticmethod
    def _write_formats(ws, first_row: int, col: int, formats: list) -> None:
        """One number-format write per run of equal formats down a column (blank runs are skipped)."""
        start = 0
        for i in range(1, len(formats) + 1):
            if i == len(formats) or formats[i] != formats[start]:
                if formats[start]:
                    ws.range((first_row + start, col), (first_row + i - 1, col)).number_format = formats[start]
                start = i


def _date1904(book) -> bool | Refused | None:
    """Whether the open workbook counts its date numbers from 1904 (Excel's ``Workbook.Date1904``: ``book.api``
    is the COM workbook on Windows, whose ``Date1904`` it is, and the appscript one on macOS, whose ``date_1904``
    property it is); None where the engine cannot tell: on xlwings Lite and Server ``book.api`` is the JSON the
    Office.js client sent, which holds no date system; :class:`~coachlog_xl.core.datesystem.Refused`, with the
    error's text, where Excel answers with an error (a COM call Excel rejects while a dialog is open raises
    ``pywintypes.com_error``, an appscript call ``CommandError``, neither importable off its platform): the refresh
    goes on, the date numbers read in the 1900 system and said (``date-system-unknown``), never stopped by the
    question.  An AttributeError means the engine spells it the other way (or neither: None); an error of
    :data:`_BUGS` is plainly a bug here, not Excel's answer, and is raised."""
    api = getattr(book, "api", None)
    if api is None or isinstance(api, dict):
        return None
    for ask in (lambda: api.Date1904, lambda: api.date_1904.get()):
        try:
            return bool(ask())
        except AttributeError:
            continue
        except _BUGS:
            raise
        except Exception as error:  # noqa: BLE001 - Excel's own error (its engine's class, not importable here)
            return Refused(" ".join(str(a) for a in error.args if isinstance(a, str)) or type(error).__name__)
    return None


class _SearchDone(Exception):
    """A search for merges ended early (:class:`_MergeSearch`): its merge found, or its reads spent."""


class _MergeSearch:
    """The merges meeting a block of a sheet, into ``found`` (range -> its first row and column): the block read
    whole, halved while it holds merged cells and is no merge's own, the top half first; ``tall``: only merges
    over several rows, and the first ends the search.  At most ``reads`` reads (:data:`MERGE_READS`)."""

    def __init__(self, ws, found: dict[str, tuple[int, int]], tall: bool, reads: int | None = None):
        self.ws, self.found, self.tall = ws, found, tall
        self.left = MERGE_READS if reads is None else reads

    def _read(self, ask):
        if self.left <= 0:
            raise _SearchDone
        self.left -= 1
        return ask()

    def within(self, first: tuple[int, int], last: tuple[int, int]) -> None:
        if self._read(lambda: self.ws.range(first, last).merge_cells) is False:
            return
        area = self._read(lambda: self.ws.range(first).merge_area)
        rows, cols = area.shape
        if rows > 1 or cols > 1:
            if not self.tall or rows > 1:
                self.found[area.address.replace("$", "")] = (area.row, area.column)
            if self.tall and rows > 1:
                raise _SearchDone
            if area.row <= first[0] and area.column <= first[1] and area.row + rows - 1 >= last[0] \
                    and area.column + cols - 1 >= last[1]:
                return
        if first == last:
            return
        (top, left), (bottom, right) = first, last
        if bottom - top >= right - left:
            half = (top + bottom) // 2
            self.within(first, (half, right))
            self.within((half + 1, left), last)
        else:
            half = (left + right) // 2
            self.within(first, (bottom, half))
            self.within((top, half + 1), last)


def _time_alone(value) -> bool:
    """Whether an engine hands the cell as it hands a cell holding a time alone: a date-time on Excel's day zero
    (the desktop, in the 1900 or the 1904 system) or a fraction of a day."""
    if isinstance(value, dt.datetime):
        return value.date() in DAY_ZERO
    return isinstance(value, float) and 0 <= value < 1


def _time_format(code: str | None) -> str | None:
    """What a number format shows: ``duration`` (an elapsed time: ``[h]:mm:ss``, ``[mm]:ss``), ``date`` (a date,
    with its time or not), ``clock`` (a time of day alone: ``hh:mm``, ``h:mm AM/PM``, ``mm:ss``) or ``number``
    (``General``, ``0.00``); None for None (the range's cells' formats differ)."""
    if code is None:
        return None
    plain = re.sub(r'"[^"]*"|\\.|_.|\*.', "", code).lower()  # (quoted text, escaped and padding characters)
    if re.search(r"\[(h+|m+|s+)\]", plain):
        return "duration"
    plain = re.sub(r"\[[^\]]*\]", "", plain).replace("general", "")  # (a colour, a locale; General's letters)
    if re.search(r"[yde]", plain):
        return "date"
    return "clock" if re.search(r"[hs]|am/pm|a/p", plain) else "number"


def _report_filters(table) -> tuple[int, int]:
    """The rows and columns over a pivot table's range (xlwings' ``range`` is Excel's ``TableRange1``,
    without them) that its report filters take, as :class:`~coachlog_xl.workbook.pivots.Pivot` counts
    them: Excel's default layout puts each filter on a row of its own (its name, its value), then a
    blank row; none where the engine cannot list the filters."""
    try:
        count = len(table.filters)
    except (AttributeError, NotImplementedError):
        return 0, 0
    return (count + 1, 2) if count else (0, 0)


def _last_cell(sheet) -> tuple[int, int]:
    """The last row and column of a sheet's used range (an empty sheet gives (1, 1))."""
    used = sheet.used_range
    rows, cols = used.shape
    return used.row + rows - 1, used.column + cols - 1


def _read(value):
    """A value as the core expects it: blanks as None, datetimes naive and to the second."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, dt.datetime):
        if hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime()
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        # Desktop engines can return 09:29:59.999 for a cell that holds 09:30 (binary fractions).
        if value.microsecond:
            value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return value
    return value


def _write(value):
    """A value as xlwings should send it; text gets Excel's text prefix so it stays text."""
    value = writer.cell_value(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, str):
        return TEXT_PREFIX + writer.fitted_text(value) if value else None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _format(value, column_format: str | None, given: str | None = None) -> str | None:
    """The number format a cell gets: the rule of :func:`coachlog_xl.workbook.writer.set_cell`, and, as
    the file refresh keeps a whole column's (:class:`coachlog_xl.workbook.sheetxml._Column`), the
    format ``given`` to the whole column when it shows the value as that one does
    (:func:`~coachlog_xl.workbook.stylesxml.format_shows_as`: ``0.000`` for ``0.0``, not ``0.0;;``), or
    whatever it is on a column of no format of its own."""
    code = writer.date_format(writer.cell_value(value)) or column_format
    if given is None:
        return code
    if not code or code == "General":
        return given
    return given if format_shows_as(given, code) else code


def _blocks(cells: list) -> list[tuple[int, int, list, list]]:
    """Single cells grouped into rectangles: horizontal runs, then runs of the same columns on
    consecutive rows (the baseline columns of many Log rows).  Each is (row, column, values, formats)."""
    runs: list[tuple[int, int, list, list]] = []
    for row, col, value, fmt in sorted(cells, key=lambda c: (c[0], c[1])):
        last = runs[-1] if runs else None
        if last and last[0] == row and last[1] + len(last[2]) == col:
            last[2].append(value)
            last[3].append(_format(value, fmt))
        else:
            runs.append((row, col, [value], [_format(value, fmt)]))
    blocks: list[tuple[int, int, list, list]] = []
    for row, col, values, fmts in runs:
        last = blocks[-1] if blocks else None
        if last and last[1] == col and len(last[2][0]) == len(values) and last[0] + len(last[2]) == row:
            last[2].append(values)
            last[3].append(fmts)
        else:
            blocks.append((row, col, [values], [fmts]))
    return blocks


def _payload_size(row: list) -> int:
    """Bytes a row takes in the JSON that Lite and Server send to Excel (dates counted as their longest
    text, other characters as JSON escapes them)."""
    return len(json.dumps(row, default=str)) + 2
