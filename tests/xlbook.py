"""An in-memory stand-in for the part of the xlwings API that ``coachlog_xl.excel`` uses.

It behaves like xlwings' remote engine (xlwings/pro/_xlremote.py, the engine of Lite and Server) and
Excel where the seam depends on it:

- ``Sheet.range`` takes tuple coordinates; a tuple mixed with a Range raises (as on Lite/Server);
- reading ``Range.number_format`` gives the format the range's cells share, None when they differ (as
  Excel on Windows and macOS: ``NumberFormat`` is Null, which xlwings gives as None), a cell's format
  being its own, else its column's (:meth:`Sheet.format_column`, as Excel formats a selected column),
  else General; or, in a book opened with ``reads_formats=False``, raises, as it does on Lite and Server;
- ``book.api.Date1904`` tells the workbook's date system (as the COM workbook does on Windows), but in a
  book opened as Lite and Server (``date1904=None``), whose ``book.api`` is the JSON the client sent; given
  an exception (``date1904=ComError(...)``), reading it raises that, as a COM call Excel fails does;
- ``Range.value`` reads a 2-D list with ``options(ndim=2)``; a single cell reads as a scalar;
- ``Range.formula`` reads, as Excel on Windows and macOS (``Range.Formula``), a tuple of rows of texts: a
  cell's formula where it holds one (given to the book with its value: ``formulas``), else its constant
  as text ("" for a blank), a single cell as a text alone; a value written over a cell clears its formula;
  in a book opened as Lite and Server (``reads_formats=False``) it raises, as their engine does;
- ``Range.merge_cells`` tells, as Excel's ``MergeCells``, whether the range's cells are merged (True: all,
  None: some, False: none) and ``merge_area`` the merge a cell is in (the cell alone when none), the
  merges given to the book by sheet (``merges``: ``AA2:AA3``); Lite and Server raise; a value written to
  a merge's cell but its first is not kept (Excel keeps only the first's);
- written text with a leading apostrophe is stored as text; text starting with ``=`` becomes a formula;
- numbers are stored as doubles, dates as datetimes; how dates read back is the ``dates`` mode:
  ``datetime``, ``desktop`` (a datetime a millisecond early when it has a time, as the binary day
  fraction can come back through COM), ``serial`` (the raw Excel number) or ``text``;
- ``used_range`` is the box of the cells holding a value or a number format of their own (not their
  column's), as Excel reports it;
- a cell's error value (:class:`ExcelError`, as :func:`sheets_of` reads one from a file) reads as None,
  or as its text with ``options(err_to_str=True)``, as on every xlwings engine;
- ``pivot_tables`` lists the pivot tables given for a sheet (none by default); a pivot table's
  ``range`` is told where its range was given (as Excel on Windows and macOS tells it, without the
  report filters over it) and raises where it was not (as the Lite/Server engine does); its
  ``filters`` are the report filters' names given after its range (none by default).

Every read and write is logged in order (``ops``), and every value write records its payload size in
the JSON that Lite/Server send (``transfers``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

from coachlog_xl.workbook.a1 import get_column_letter, range_boundaries

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
DATE_MODES = ("datetime", "desktop", "serial", "text")


def serial(value: dt.datetime) -> float:
    return (value - EXCEL_EPOCH) / dt.timedelta(days=1)


def as_text(value: dt.datetime) -> str:
    return value.isoformat(sep=" ")


class ExcelError(str):
    """An error value a cell holds (``#DIV/0!``, ``#N/A``...): every engine reads it as None unless
    the range is read with ``err_to_str=True``, which gives its text."""


class FormulaWritten(AssertionError):
    """A refresh wrote text that Excel would have turned into a formula."""


class MemoryBook:
    """A workbook of values and number formats; ``sheets`` maps a name to rows from A1."""

    def __init__(self, sheets: dict[str, list[list]], name: str = "coachlog.xlsx", dates: str = "datetime",
                 totals: dict[str, int] | None = None, pivots: dict[str, list[tuple[str, str | None]]] | None = None,
                 reads_formats: bool = True, date1904: bool | None | Exception = False,
                 formulas: dict[str, dict[tuple[int, int], str]] | None = None,
                 merges: dict[str, list[str]] | None = None):
        assert dates in DATE_MODES
        self.name = name
        if date1904 is not None:  # Excel on the desktop tells its date system; Lite and Server do not
            self.api = DesktopApi(date1904)
        self.dates = dates
        self.reads_formats = reads_formats
        self.ops: list[tuple] = []
        self.transfers: list[int] = []
        self.formulas: list[tuple] = []
        self._sheets = [Sheet(self, n, rows, (totals or {}).get(n)) for n, rows in sheets.items()]
        for sheet in self._sheets:
            sheet.pivots = (pivots or {}).get(sheet.name, [])
            sheet.formula_texts = dict((formulas or {}).get(sheet.name, {}))
            sheet.merges = [range_boundaries(ref) for ref in (merges or {}).get(sheet.name, [])]
        self.sheets = Sheets(self)

    def grid(self, sheet: str) -> dict[tuple[int, int], object]:
        return dict(self.sheets[sheet].cells)

    def formats(self, sheet: str) -> dict[tuple[int, int], str]:
        return dict(self.sheets[sheet].formats)

    def written_sheets(self) -> set[str]:
        return {op[1] for op in self.ops if op[0] == "write"}


class ComError(Exception):
    """What pywin32 raises when a COM call fails (``pywintypes.com_error``: an Exception, not an AttributeError),
    with its arguments: the HRESULT, its text, the exception's details and the argument at fault."""


class DesktopApi:
    """``book.api`` of Excel on Windows (the COM workbook), as far as the seam reads it: its date system, or the
    error reading it raises (an exception given for it)."""

    def __init__(self, date1904: bool | Exception):
        self._date1904 = date1904

    @property
    def Date1904(self) -> bool:
        if isinstance(self._date1904, Exception):
            raise self._date1904
        return self._date1904


class Sheets:
    def __init__(self, book: MemoryBook):
        self.book = book

    def __iter__(self):
        return iter(list(self.book._sheets))

    def __len__(self) -> int:
        return len(self.book._sheets)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.book._sheets[key]
        for s in self.book._sheets:
            if s.name.casefold() == key.casefold():  # as Excel finds a sheet, whatever its capitals
                return s
        raise KeyError(key)

    def add(self, name=None, before=None, after=None):
        if any(s.name.casefold() == str(name).casefold() for s in self.book._sheets):
            raise ValueError(f"That name is already taken: {name}")  # as Excel refuses it
        sheet = Sheet(self.book, name, [])
        pos = self.book._sheets.index(after) + 1 if after is not None else len(self.book._sheets)
        self.book._sheets.insert(pos, sheet)
        self.book.ops.append(("write", name, "add sheet"))
        return sheet


class Sheet:
    def __init__(self, book: MemoryBook, name: str, rows: list[list], total_row: int | None = None):
        self.book = book
        self.name = name
        self.total_row = total_row  # the row of a table's Total Row on the sheet, if any
        self.pivots: list[tuple] = []  # pivot tables standing on it: name, range (None: untold), report filters
        self.cells: dict[tuple[int, int], object] = {}
        self.formats: dict[tuple[int, int], str] = {}  # the cells' own
        self.column_formats: dict[int, str] = {}
        # the cells holding a formula: its text (their value is what it shows)
        self.formula_texts: dict[tuple[int, int], str] = {}
        self.merges: list[tuple[int, int, int, int]] = []  # merged ranges: (left, top, right, bottom)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    self.cells[(r, c)] = _stored(value)

    @property
    def used_range(self) -> Range:
        self.book.ops.append(("read", self.name, "used range"))
        used = set(self.cells) | set(self.formats)
        if not used:
            return Range(self, (1, 1))
        rows = [r for r, _ in used]
        cols = [c for _, c in used]
        return Range(self, (min(rows), min(cols)), (max(rows), max(cols)))

    def format_column(self, col: int, fmt: str) -> None:
        """Give the whole column a number format, as Excel does when the column is selected: the column's
        own, and every cell of it with a format of its own gets it too."""
        self.column_formats[col] = fmt
        for where in [w for w in self.formats if w[1] == col]:
            self.formats[where] = fmt

    def range(self, cell1, cell2=None) -> Range:
        return Range(self, cell1, cell2)

    @property
    def tables(self) -> list[Table]:
        """The sheet's table (over all its cells) when it has a Total Row, as xlwings lists tables."""
        if self.total_row is None:
            return []
        width = max(c for _, c in self.cells)
        return [Table(Range(self, (self.total_row, 1), (self.total_row, width)))]


    @property
    def pivot_tables(self) -> list[PivotTable]:
        """The pivot tables standing on the sheet, as xlwings (0.37.3 or later) lists them."""
        return [PivotTable(self, *pivot) for pivot in self.pivots]


class PivotTable:
    """A pivot table: its name, and its range where the engine tells it (Excel on Windows and macOS);
    a range left untold raises as on the Lite/Server engine, which reads it asynchronously."""

    def __init__(self, sheet: Sheet, name: str, ref: str | None, filters: tuple[str, ...] = ()):
        self.sheet, self.name, self.ref, self._filters = sheet, name, ref, filters

    @property
    def filters(self) -> list[str]:
        """The fields in its Filters area (xlwings' ``PivotFields``; only their count is read)."""
        return list(self._filters)

    @property
    def range(self) -> Range:
        if self.ref is None:
            raise NotImplementedError("PivotTable.range is not supported on this engine.")
        first_col, first_row, last_col, last_row = range_boundaries(self.ref)
        return Range(self.sheet, (first_row, first_col), (last_row, last_col))


class Table:
    """A table whose Total Row is shown (xlwings' ``show_totals``, ``totals_row_range``)."""

    show_totals = True

    def __init__(self, totals_row_range: Range):
        self.totals_row_range = totals_row_range


class Range:
    def __init__(self, sheet: Sheet, cell1, cell2=None, ndim=None, err_to_str=False):
        for cell in (cell1, cell2):
            if cell is not None and not (isinstance(cell, tuple) and len(cell) == 2
                                         and all(isinstance(i, int) and i >= 1 for i in cell)):
                raise TypeError(f"use tuple coordinates (row, column); got {cell!r} "
                                "(a tuple mixed with a Range fails on the Lite/Server engine)")
        cell2 = cell2 or cell1
        self.sheet = sheet
        self.row, self.column = min(cell1[0], cell2[0]), min(cell1[1], cell2[1])
        self.last = max(cell1[0], cell2[0]), max(cell1[1], cell2[1])
        self.ndim = ndim
        self.err_to_str = err_to_str

    @property
    def shape(self) -> tuple[int, int]:
        return self.last[0] - self.row + 1, self.last[1] - self.column + 1

    @property
    def address(self) -> str:
        """``$Z$6:$AB$9``, as Excel writes it."""
        first, last = (f"${get_column_letter(c)}${r}" for r, c in ((self.row, self.column), self.last))
        return first if first == last else f"{first}:{last}"

    def options(self, ndim=None, err_to_str=False, **_ignored) -> Range:
        return Range(self.sheet, (self.row, self.column), self.last, ndim=ndim, err_to_str=err_to_str)

    @property
    def value(self):
        self.sheet.book.ops.append(("read", self.sheet.name, self.shape))
        rows = [[self._read(self.sheet.cells.get((r, c))) for c in range(self.column, self.last[1] + 1)]
                for r in range(self.row, self.last[0] + 1)]
        if self.ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if len(rows[0]) == 1:
            return [r[0] for r in rows]
        return rows

    def _merge_of(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        return next((m for m in self.sheet.merges if m[0] <= col <= m[2] and m[1] <= row <= m[3]), None)

    @property
    def merge_cells(self) -> bool | None:
        if not self.sheet.book.reads_formats:
            raise NotImplementedError("Reading whether cells are merged synchronously isn't supported on this engine.")
        self.sheet.book.ops.append(("read", self.sheet.name, "merge cells", self.shape))
        (top, left), (bottom, right) = (self.row, self.column), self.last
        # (merges never overlap: the cells of the range merged are the sum of its overlaps with each)
        covered = sum(max(0, min(right, m[2]) - max(left, m[0]) + 1) * max(0, min(bottom, m[3]) - max(top, m[1]) + 1)
                      for m in self.sheet.merges)
        return False if covered == 0 else True if covered == (bottom - top + 1) * (right - left + 1) else None

    @property
    def merge_area(self) -> Range:
        if not self.sheet.book.reads_formats:
            raise NotImplementedError("Reading the merge area synchronously isn't supported on this engine.")
        self.sheet.book.ops.append(("read", self.sheet.name, "merge area", (self.row, self.column)))
        m = self._merge_of(self.row, self.column)
        return Range(self.sheet, (self.row, self.column)) if m is None else \
            Range(self.sheet, (m[1], m[0]), (m[3], m[2]))

    @property
    def formula(self):
        sheet = self.sheet
        if not sheet.book.reads_formats:
            raise NotImplementedError("Reading formulas synchronously isn't supported on this engine.")
        sheet.book.ops.append(("read", sheet.name, "formulas", self.shape))

        def text(where) -> str:
            if where in sheet.formula_texts:
                return sheet.formula_texts[where]
            value = sheet.cells.get(where)
            return "" if value is None else str(value)

        rows = tuple(tuple(text((r, c)) for c in range(self.column, self.last[1] + 1))
                     for r in range(self.row, self.last[0] + 1))
        return rows[0][0] if self.shape == (1, 1) else rows

    @value.setter
    def value(self, data) -> None:
        book = self.sheet.book
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else \
            [data if isinstance(data, list) else [data]]
        book.ops.append(("write", self.sheet.name, "values", (self.row, self.column), len(rows)))
        book.transfers.append(_payload(rows))
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                where = (self.row + i, self.column + j)
                if (m := self._merge_of(*where)) is not None and where != (m[1], m[0]):
                    continue  # (Excel keeps only a merge's first cell)
                self.sheet.formula_texts.pop(where, None)
                if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
                    book.formulas.append((self.sheet.name, where, v))
                if v is None or v == "":
                    self.sheet.cells.pop(where, None)
                else:
                    self.sheet.cells[where] = _stored(v[1:] if isinstance(v, str) and v.startswith("'") else v)

    @property
    def number_format(self) -> str | None:
        sheet = self.sheet
        if not sheet.book.reads_formats:
            raise NotImplementedError("Reading the number format synchronously isn't supported on this engine.")
        sheet.book.ops.append(("read", sheet.name, "number format", (self.row, self.column), self.shape))
        rows, cols = range(self.row, self.last[0] + 1), range(self.column, self.last[1] + 1)
        own = [(where, fmt) for where, fmt in sheet.formats.items() if where[0] in rows and where[1] in cols]
        found = {fmt for _, fmt in own}
        if len(own) < len(rows) * len(cols):  # some cells show their column's format
            found |= {sheet.column_formats.get(c, "General") for c in cols
                      if sum(1 for where, _ in own if where[1] == c) < len(rows)}
        return found.pop() if len(found) == 1 else None

    @number_format.setter
    def number_format(self, fmt: str) -> None:
        self.sheet.book.ops.append(("write", self.sheet.name, "number format", (self.row, self.column), self.shape))
        for r in range(self.row, self.last[0] + 1):
            for c in range(self.column, self.last[1] + 1):
                self.sheet.formats[(r, c)] = fmt

    def clear_contents(self) -> None:
        self.sheet.book.ops.append(("write", self.sheet.name, "clear", (self.row, self.column), self.shape))
        for r in range(self.row, self.last[0] + 1):
            for c in range(self.column, self.last[1] + 1):
                self.sheet.cells.pop((r, c), None)
                self.sheet.formula_texts.pop((r, c), None)

    def _read(self, value):
        if isinstance(value, ExcelError):
            return str(value) if self.err_to_str else None
        if isinstance(value, dt.datetime):
            mode = self.sheet.book.dates
            return engine_date(value, mode)
        return value


def engine_date(value: dt.datetime, mode: str):
    """A stored date as an engine in ``mode`` returns it."""
    if mode == "serial":
        return serial(value)
    if mode == "text":
        return as_text(value)
    if mode == "desktop" and value.time() != dt.time(0):
        return value - dt.timedelta(milliseconds=1)
    return value


def _stored(value):
    """What Excel holds for a value: doubles for numbers, datetimes for dates and times."""
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return dt.datetime.combine(EXCEL_EPOCH.date(), value)
    raise TypeError(f"Excel cannot hold {type(value).__name__} {value!r}")


def _payload(rows: list[list]) -> int:
    """The size of the write as xlwings' remote engine sends it: dates as ISO text, in a JSON action."""
    def plain(v):
        if isinstance(v, dt.datetime):
            return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
        return v
    return len(json.dumps({"func": "setValues", "values": [[plain(v) for v in r] for r in rows]}).encode("utf-8"))


# --- The two engines the contract tests run on -------------------------------------------------------


class MemoryEngine:
    """The stand-in above, as Excel on Windows and macOS (``reads_formats``, and it tells its date system) or as
    Lite and Server (neither)."""

    def __init__(self, reads_formats: bool = True):
        self.reads_formats = self.tells_date_system = reads_formats
        self.name = "memory" if reads_formats else "memory-lite"

    def open(self, sheets: dict[str, list[list]], dates: str = "datetime", name: str = "coachlog.xlsx",
             totals: dict[str, int] | None = None, pivots: dict[str, list[tuple[str, str | None]]] | None = None,
             formulas: dict[str, dict[tuple[int, int], str]] | None = None,
             merges: dict[str, list[str]] | None = None):
        """``formulas``: by sheet, the cells holding a formula and its text (``sheets`` holds what each shows);
        ``merges``: by sheet, its ranges of merged cells."""
        return MemoryBook(sheets, name=name, dates=dates, totals=totals, pivots=pivots,
                          reads_formats=self.reads_formats, date1904=False if self.reads_formats else None,
                          formulas=formulas, merges=merges)

    def format_column(self, book: MemoryBook, sheet: str, col: int, fmt: str) -> None:
        book.sheets[sheet].format_column(col, fmt)

    def format_cells(self, book: MemoryBook, sheet: str, first: tuple[int, int], last: tuple[int, int],
                     fmt: str) -> None:
        book.sheets[sheet].formats.update({(r, c): fmt for r in range(first[0], last[0] + 1)
                                           for c in range(first[1], last[1] + 1)})

    def cells(self, book: MemoryBook, sheet: str) -> dict:
        return book.grid(sheet)

    def formats(self, book: MemoryBook, sheet: str) -> dict:
        return book.formats(sheet)

    def transfers(self, book: MemoryBook) -> list[int]:
        return list(book.transfers)

    def formulas(self, book: MemoryBook) -> list:
        return list(book.formulas)

    def written_sheets(self, book: MemoryBook) -> set[str]:
        return book.written_sheets()


class JsonEngine:
    """xlwings' own remote engine (``xw.Book(json=...)``, xlwings.pro), the engine of Lite and Server.

    Its book holds the values sent by the client and records every write as an action; ``cells``
    replays the actions onto those values the way Excel applies them.
    """

    name = "xlwings-json"
    reads_formats = False  # a range's number format is read asynchronously only
    tells_date_system = False  # the Office.js client sends none

    def format_column(self, book, sheet: str, col: int, fmt: str) -> None:
        """Nothing: the Office.js client sends no number formats (the engine cannot read one)."""

    def format_cells(self, book, sheet: str, first: tuple[int, int], last: tuple[int, int], fmt: str) -> None:
        """Nothing, as :meth:`format_column`."""

    def open(self, sheets: dict[str, list[list]], dates: str = "datetime", name: str = "coachlog.xlsx",
             totals: dict[str, int] | None = None, pivots: dict[str, list[tuple[str, str | None]]] | None = None):
        """``pivots``: by sheet, the pivot tables standing on it (name, range); the Office.js client sends
        their names, and their ranges are read asynchronously only (ranges given are not sent)."""
        import xlwings as xw

        data = {
            "client": "Office.js", "version": xw.__version__,
            "book": {"name": name, "active_sheet_index": 0, "selection": "A1"}, "names": [],
            "sheets": [{"name": n, "values": _client_values(rows, dates), "pictures": [],
                        "tables": _client_tables(n, rows, (totals or {}).get(n)),
                        "pivot_tables": [{"name": p, "id": f"{{pivot-{i}}}"}
                                         for i, (p, *_) in enumerate((pivots or {}).get(n, []))]}
                       for n, rows in sheets.items()],
        }
        book = xw.Book(json=data)
        book._coachlog_start = {n: MemoryBook({n: rows}).grid(n) for n, rows in sheets.items()}
        return book

    def cells(self, book, sheet: str) -> dict:
        return self._replay(book)[0].get(sheet, {})

    def formats(self, book, sheet: str) -> dict:
        return self._replay(book)[1].get(sheet, {})

    def transfers(self, book) -> list[int]:
        return [len(json.dumps(a).encode("utf-8")) for a in book.json()["actions"] if a["func"] == "setValues"]

    def formulas(self, book) -> list:
        return self._replay(book)[2]

    def written_sheets(self, book) -> set[str]:
        names = list(book._coachlog_start)
        out = set()
        for a in book.json()["actions"]:
            if a["func"] == "addSheet":
                names.insert(a["args"][0], a["args"][1])
                out.add(a["args"][1])
            else:
                out.add(names[a["sheet_position"]])
        return out

    @staticmethod
    def _replay(book):
        names = list(book._coachlog_start)
        cells = {n: dict(g) for n, g in book._coachlog_start.items()}
        formats: dict[str, dict] = {n: {} for n in names}
        formulas = []
        for a in book.json()["actions"]:
            if a["func"] == "addSheet":
                names.insert(a["args"][0], a["args"][1])
                cells[a["args"][1]], formats[a["args"][1]] = {}, {}
                continue
            sheet = names[a["sheet_position"]]
            r0, c0 = a["start_row"] + 1, a["start_column"] + 1
            box = [(r0 + i, c0 + j) for i in range(a["row_count"]) for j in range(a["column_count"])]
            if a["func"] == "setValues":
                for i, row in enumerate(a["values"]):
                    for j, v in enumerate(row):
                        where = (r0 + i, c0 + j)
                        if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
                            formulas.append((sheet, where, v))
                        stored = _excel_reads(v)
                        if stored is None:
                            cells[sheet].pop(where, None)
                        else:
                            cells[sheet][where] = stored
            elif a["func"] == "rangeClearContents":
                for where in box:
                    cells[sheet].pop(where, None)
            elif a["func"] == "setNumberFormat":
                for where in box:
                    formats[sheet][where] = a["args"][0]
            else:
                raise AssertionError(f"unexpected action {a['func']}")
        return cells, formats, formulas


def _client_values(rows: list[list], dates: str) -> list[list]:
    """Sheet values as the Office.js client sends them: "" for blanks, dates per ``dates``."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for row in rows:
        cells = []
        for v in list(row) + [None] * (width - len(row)):
            if v is None:
                cells.append("")
                continue
            v = _stored(v)
            if isinstance(v, dt.datetime):
                v = engine_date(v, dates)
                if isinstance(v, dt.datetime):
                    v = v.isoformat(timespec="milliseconds") + "Z"
            cells.append(v)
        out.append(cells)
    return out or [[]]


def _excel_reads(value):
    """What Excel stores for a value the remote engine sent (ISO dates become dates)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return _stored(value)


# --- A real workbook to refresh both ways ------------------------------------------------------------


def sheets_of(path, same_as=None) -> dict[str, list[list]]:
    """Every sheet's cached values from A1, as a reader of the file sees them (openpyxl streaming each
    sheet once, read-only: the values and the sheet's extent of a full load, in about half its time).

    ``same_as``, another file and its sheets read so: a sheet whose part is byte for byte that file's
    (and the workbook, styles and shared strings parts too, which say what its cells hold) has the same
    values, copied from there: the demo's Scores (7,412 rows) took a second to read again."""
    from openpyxl import load_workbook

    same = _same_sheets(path, same_as[0]) if same_as else set()
    wb = load_workbook(path, data_only=True, read_only=True)
    try:
        return {ws.title: [list(r) for r in same_as[1][ws.title]] if ws.title in same else
                [[ExcelError(c.value) if c.data_type == "e" else c.value for c in r]
                 for r in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column)]
                for ws in wb.worksheets}
    finally:
        wb.close()


def _same_sheets(path, other) -> set[str]:
    """The titles of the sheets whose parts are those of ``other`` byte for byte, none unless the parts
    their cells depend on are too."""
    from tests.fidelity_kit import Zip

    one, two = Zip(path), Zip(other)
    shared = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml")
    if any(one.parts.get(name) != two.parts.get(name) for name in shared):
        return set()
    titles = re.findall(r'<sheet [^>]*name="([^"]+)"', one.text("xl/workbook.xml"))
    return {unescape(t) for t in titles if one.parts[one.sheet(t)] == two.parts.get(two.sheet(t))}  # (names as written)


class DemoFiles:
    """The demo workbook with its baselines not yet recorded (``base``) and the same file after
    ``coachlog refresh`` (``refreshed``); tests get fresh copies of their values.

    The baselines are cleared in the Log's part (:func:`cells_replaced`), the package's other parts as
    the demo wrote them: an openpyxl load and save of the whole demo (its 7,412 Scores rows) took 3-6 s
    of the files' cost, the part's edit 0.2 s.  Every sheet's values are those the openpyxl way gave
    but on the computed Follow-up, Aggregate and Baseline sheets, which the refresh writes again: 612
    numbers openpyxl wrote rounded to 16 significant digits, and 889 whole numbers it wrote without a
    decimal point (read back as ints, equal values); the refreshed file's values are the same.  The
    demo itself is :func:`tests.demo_kit.demo_copy`'s."""

    def __init__(self, tmp_path_factory):
        import shutil

        from coachlog_xl import api, schema
        from tests.demo_kit import demo_copy
        from tests.fidelity_kit import Zip

        folder = tmp_path_factory.mktemp("excel-demo")
        demo = demo_copy(folder / "demo.xlsx", tmp_path_factory)
        package = Zip(demo)
        part = package.sheet("Log")
        sheet = package.text(part)
        head = {_text(body): col for col, body in re.findall(r'<c r="([A-Z]+)1"[^>]*>(.*?)</c>', sheet, re.S)}
        tool = {head[column.header] for column in schema.LOG.tool_columns()}
        package.put(part, cells_replaced(sheet, lambda col, row: ("", "") if col in tool and row > 1 else None))
        self.base = folder / "base.xlsx"
        package.save(self.base)
        self.refreshed = folder / "refreshed.xlsx"
        shutil.copy(self.base, self.refreshed)
        api.refresh_file(self.refreshed, backup=False)
        self._before = sheets_of(self.base)
        self._after = sheets_of(self.refreshed, same_as=(self.base, self._before))

    def before(self) -> dict[str, list[list]]:
        return _copied(self._before)

    def after(self) -> dict[str, list[list]]:
        return _copied(self._after)


def _copied(sheets: dict[str, list[list]]) -> dict[str, list[list]]:
    """Sheets whose rows a test may change: each row a new list; the values in them are immutable (text,
    numbers, dates, times, error values), so this is a deep copy made about ten times faster."""
    return {name: [list(row) for row in rows] for name, rows in sheets.items()}


def cells_replaced(sheet: str, given) -> str:
    """A worksheet part whose cells ``given(column letters, row)`` tells get a type and content (the
    cell's XML inside it): None keeps the cell, ``("", "")`` empties it (its style kept, as openpyxl
    writes a cell set to None), ``("e", "<v>#N/A</v>")`` makes it an error value.  Cells not in the
    part are not made."""
    def replaced(m) -> str:
        value = given(m.group(1), int(m.group(2)))
        if value is None:
            return m.group(0)
        kind, inner = value
        attrs = re.sub(r' t="[^"]*"', "", m.group(3)) + (f' t="{kind}"' if kind else "")
        return f'<c r="{m.group(1)}{m.group(2)}"{attrs}' + (f">{inner}</c>" if inner else "/>")

    return re.sub(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>.*?</c>)', replaced, sheet, flags=re.S)


def _text(xml: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", xml))


_DEMO: list[DemoFiles] = []


def demo_files(tmp_path_factory) -> DemoFiles:
    """The demo files, built once per test session."""
    if not _DEMO:
        _DEMO.append(DemoFiles(tmp_path_factory))
    return _DEMO[0]


def _client_tables(name: str, rows: list[list], total_row: int | None) -> list[dict]:
    """A sheet's tables as the Office.js client sends them: one over all the rows, with its Total
    Row shown at ``total_row`` (none without one)."""
    if total_row is None:
        return []
    from openpyxl.utils import get_column_letter

    last = get_column_letter(max(len(r) for r in rows))
    return [{"name": name, "range_address": f"A1:{last}{total_row}", "header_row_range_address": f"A1:{last}1",
             "data_body_range_address": f"A2:{last}{total_row - 1}",
             "total_row_range_address": f"A{total_row}:{last}{total_row}", "show_headers": True,
             "show_totals": True, "table_style": "TableStyleMedium2", "show_autofilter": True}]


# --- Comparing with a file ----------------------------------------------------------------------


def filled_formats(path, sheet: str) -> dict[tuple[int, int], str]:
    """The number format of each cell of a sheet's rows under its header that holds a value, General
    left out: the file refresh leaves blank cells out, Excel formats whole blocks, and General is no format."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)  # (read-only parses the one sheet asked for, not the Scores)
    try:
        return {(c.row, c.column): c.number_format for row in wb[sheet].iter_rows(min_row=2) for c in row
                if c.value is not None and c.number_format != "General"}
    finally:
        wb.close()


def written_formats(engine, book, sheet: str) -> dict[tuple[int, int], str]:
    """The number formats an engine's book shows on a sheet's cells holding a value, as :func:`filled_formats`."""
    cells = engine.cells(book, sheet)
    return {pos: fmt for pos, fmt in engine.formats(book, sheet).items()
            if pos in cells and pos[0] > 1 and fmt != "General"}


def excel_value(v):
    """A file's value as Excel holds it: numbers as doubles (15 significant digits), dates as datetimes."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return None if v == "" else v
    if isinstance(v, (int, float)):
        return float(f"{v:.15g}")
    if isinstance(v, dt.time):
        return dt.datetime.combine(dt.date(1899, 12, 30), v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    return v


def grid_of(rows: list[list]) -> dict:
    return {(r, c): excel_value(v) for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1)
            if excel_value(v) is not None}


def normalised(cells: dict) -> dict:
    return {k: excel_value(v) for k, v in cells.items()}


def engines() -> list:
    """The engines every contract test runs on; xlwings' JSON engine needs a license key."""
    import os

    import pytest

    return [
        pytest.param(MemoryEngine(), id="memory"),
        pytest.param(JsonEngine(), id="xlwings-json", marks=pytest.mark.skipif(
            not os.environ.get("XLWINGS_LICENSE_KEY"),
            reason="xlwings' JSON engine (xlwings.pro) needs XLWINGS_LICENSE_KEY")),
    ]


def format_engines() -> list:
    """The engines the tests of a number format a person gave run on: those of :func:`engines` and the
    stand-in as Lite and Server, which cannot read a format."""
    import pytest

    return [*engines(), pytest.param(MemoryEngine(reads_formats=False), id="memory-lite")]


ENGINES = engines()
FORMAT_ENGINES = format_engines()
