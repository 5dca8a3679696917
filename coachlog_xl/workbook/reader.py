"""Reading a workbook's input sheets into :class:`~coachlog_xl.core.inputs.RawInputs`.

The reader hands over raw cell values (cached values for formula cells) with the Excel row number
of each row; it interprets nothing.  The Scores input is the Scores sheet plus every sheet whose
name starts with ``Scores``.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import keeps_cache
from coachlog_xl.core.frames import records
from coachlog_xl.core.inputs import ROW, Formula, Merged, RawInputs, RawTable, by_schema, header_key, header_positions
from coachlog_xl.errors import TemplateError, WorkbookError
from coachlog_xl.shellword import shell_word
from coachlog_xl.suffixes import WORKBOOK_SUFFIXES
from coachlog_xl.workbook import cache, damaged
from coachlog_xl.workbook.a1 import column_index_from_string, get_column_letter, range_boundaries
from coachlog_xl.workbook.beside import backup_path, is_scores
from coachlog_xl.workbook.leadrows import counts_from_1904
from coachlog_xl.workbook.partnames import alike_but_case, alike_message, folded, stored_name
from coachlog_xl.workbook.parts import TEMPLATES, package_kind, refuse_other_workbook, template_refused
from coachlog_xl.workbook.zipsizes import refuse_oversized

# Columns without which a sheet cannot be used (the rest may be missing and read as blank).
REQUIRED_HEADERS = {
    "Log": ("session_id", "rep", "session_date", "criterion", "baseline_mean", "baseline_n", "baseline_recorded_on"),
    "Criteria": ("name",),
    "Reps": ("rep",),
}


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def check_signature(path: Path) -> None:
    """A clear error for a missing file, a folder, an encrypted or .xls file, or a text file."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(f"{path}: no such file.")
    if path.is_dir():
        raise WorkbookError(f"{path}: is a folder, not a workbook.")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise WorkbookError(f"{path}: the file is empty (0 bytes). Restore it from "
                            + (f"{backup_path(path).name} or " if backup_path(path).exists() else "")
                            + "your last copy; to start a workbook, `coachlog new`.")
    if head.startswith(OLE_MAGIC) and path.suffix.lower() == ".xls":
        raise WorkbookError(old_xls(path, ".xlsx"))
    if head.startswith(OLE_MAGIC):
        raise WorkbookError(
            f"{path}: this is a password-protected workbook or an old .xls file, which coachlog cannot read. "
            "Open it in Excel, remove the password (File > Info > Protect Workbook) or use File > Save As > "
            "Excel Workbook (.xlsx), and run the command on that file."
        )
    if not head.startswith(b"PK"):
        named = " with an .xlsx name" if path.suffix.lower() in WORKBOOK_SUFFIXES else ""
        raise WorkbookError(
            f"{path}: not an .xlsx workbook (it looks like a text or CSV file{named}). "
            "To add a QA export, use `coachlog import BOOK.xlsx EXPORT.csv`; to start a workbook, `coachlog new`."
        )
    kind = _check_zip_kind(path)
    if path.suffix.lower() == ".bak":
        raise WorkbookError(
            f"{path}: a backup a save kept. To go back to it, rename it to {path.stem} (after moving that file "
            f"aside), or copy it to a new name ending in .xlsx, and run the command on that.")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise WorkbookError(
            f"{path}: a workbook inside, but named {path.suffix or 'without an extension'}; Excel and coachlog "
            f"read it only as .xlsx (or .xlsm with macros). Rename it to {path.stem}{kind or '.xlsx'} and run the "
            "command on that; to add a QA export, use `coachlog import BOOK.xlsx EXPORT`.")


def old_xls(path: Path, saved_as: str) -> str:
    """What a command says of a file named .xls: the old format, and what to save it as (``saved_as``: .xlsx for
    the team's workbook, .xlsx or .csv for a QA export), as the refresh and the import both say it."""
    return (f"{path}: the old .xls format cannot be read; open it in Excel and save it as {saved_as} (File > Save As), "
            "then run the command on that file.")


def _check_zip_kind(path: Path) -> str | None:
    """A zip that is not an Office Open XML package (an OpenDocument .ods, another zip), or is an Excel
    template (:func:`~coachlog_xl.workbook.parts.template_refused`), or holds a part
    twice (under one name, or under two alike but for case: :func:`~coachlog_xl.workbook.partnames.alike_but_case`),
    said as such before anything is read; the package's own parts are found whatever the case of their names.
    Else the extension of the workbook's kind its content types declare (``.xlsx``, ``.xlsm``; None if unread)."""
    try:
        with zipfile.ZipFile(path) as zf:
            refuse_oversized(path, zf.infolist())  # (before any part is unzipped)
            listed = zf.namelist()
            names = set(listed)
            kind = zf.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
            rels = stored_name("_rels/.rels", names)  # (a part's name is read whatever its case)
            book = _workbook_part(zf.read(rels)) if rels in names else None
            types = stored_name("[Content_Types].xml", names)
            declared = package_kind(zf.read(types)) if types in names else None
    except (OSError, zipfile.BadZipFile, zlib.error, UnicodeDecodeError):
        return None  # a damaged zip: the reader's own message says so
    if len(names) < len(listed):
        twice = next(n for n in listed if listed.count(n) > 1)
        raise WorkbookError(
            f"{path}: not a readable .xlsx workbook; it holds two parts named {twice} (a damaged or altered file, "
            "whose programs may each read a different one). Restore it from your last copy, or open it in Excel, "
            "which offers to repair it.")
    if kind.startswith("application/vnd.oasis.opendocument"):
        raise WorkbookError(
            f"{path}: this is an OpenDocument spreadsheet (.ods), which coachlog cannot read. Open it in "
            "LibreOffice and use File > Save As > Excel 2007-365 (.xlsx), and run the command on that file."
        )
    if (pair := alike_but_case(listed)) is not None:
        raise WorkbookError(alike_message(path, pair))
    if stored_name("[Content_Types].xml", names) not in names or (
            stored_name(book or "", names) not in names and not any(folded(n).endswith("workbook.xml") for n in names)):
        raise WorkbookError(
            f"{path}: a zip file, but not an Excel workbook (it has no workbook part, xl/workbook.xml). "
            "Run the command on the .xlsx file the workbook was saved as, or restore it from your last copy."
        )
    if declared in TEMPLATES:  # (whatever its name: a refresh would write a file Excel does not open)
        raise WorkbookError(template_refused(path, declared))
    return declared


def _workbook_part(rels: bytes) -> str | None:
    """The workbook part the package's relationships name (``xl/workbook.xml`` as Excel saves it, another
    name or folder as other tools may), or None."""
    from coachlog_xl.workbook.package import Package  # (the package writer imports this module)

    return next((r.target for r in Package.parse_rels("", rels) if r.type.endswith("/officeDocument")), None)


def sheet_values(ws) -> Iterator[tuple]:
    """The rows of a worksheet :func:`open_values` opened, as values: every row there is, whatever used
    range the sheet states (openpyxl's read-only mode stops at the stated range: a stale one cut rows).
    A number in a date or duration format past what Python's dates and durations hold (a ten-digit call id
    formatted ``[h]:mm:ss``), which openpyxl gives as the error value ``#VALUE!``, is given as the number, as
    python-calamine gives such a number in a date format: no formula failed there.  openpyxl's warning names
    the cell (it may come while an earlier row, one the file does not store, is handed out); a cell stored
    without its reference stays ``#VALUE!``."""
    ws.reset_dimensions()
    rows, end, number = ws.iter_rows(values_only=True), object(), 0
    numbers: dict[int, list[tuple[int, int | float]]] = {}  # row -> (column, the number) of the warnings so far
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            row = next(rows, end)
        if row is end:
            return
        number += 1
        for w in caught:
            m = _PAST_RANGE.match(str(w.message))
            if m is None:  # (any other word of openpyxl's, said as it would be)
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, module="openpyxl")
            else:
                numbers.setdefault(int(m["row"]), []).append((column_index_from_string(m["column"]) - 1,
                                                             _number(m["value"])))
        if number in numbers:
            row = list(row)
            for column, value in numbers.pop(number):
                if column < len(row):
                    row[column] = value
            row = tuple(row)
        yield row


# openpyxl's warning for a number in a date or duration format past the range (the cell then reads #VALUE!)
_PAST_RANGE = re.compile(r"Cell (?P<column>[A-Z]{1,3})(?P<row>\d+) is marked as a date but the serial value "
                         r"(?P<value>\S+) is outside the limits for dates")


def _number(text: str) -> int | float:
    """The number openpyxl's warning writes (an int, or a float's repr)."""
    try:
        return int(text)
    except ValueError:
        return float(text)


def open_values(path: Path):
    """The workbook opened read-only with cached values, or a clear error saying what the file is."""
    # (openpyxl imported here: a refresh with python-calamine installed reads without it)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_signature(path)
    try:
        with warnings.catch_warnings():  # openpyxl's words on what it would drop or not find when it saves
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")  # (it only reads here)
            return load_workbook(path, read_only=True, data_only=True)
    # IndexError: a style pointing at a cell style format the file leaves out (xlsx-stream writes such)
    except (*damaged.DAMAGE, InvalidFileException, IndexError, KeyError, OSError, ValueError, TypeError) as exc:
        raise WorkbookError(damaged.message(path, exc)) from None  # names the damaged part, when one is


def _recreated(sheet: schema.Sheet) -> str:
    """How ``coachlog repair`` re-creates a missing input sheet, in the missing sheet's message.  A
    refresh adds a missing computed sheet in place, but not Settings: it holds six tables (each a part
    of its own, its name unique in the workbook), which repair's rewrite of the whole workbook through
    openpyxl makes as the template does, and the lists the Log's dropdowns read through defined names
    point into it (where Excel deleted the sheet, they point at #REF!, and repair defines them again)."""
    if sheet is not schema.SETTINGS:
        return "empty."
    return ("with its default values (a refresh cannot add it in place: the sheet holds six tables and the lists the "
            "Log's dropdowns read, which repair makes by rewriting the whole workbook, minutes on a large one). "
            "Settings you had changed are back at their defaults: set them again.")


def inputs_from_book(book, scores: bool = True) -> RawInputs:
    """The input tables of a :class:`~coachlog_xl.workbook.book.Book`, as raw cells (without the
    Scores sheets when ``scores`` is false: see :func:`read_cached`)."""
    from coachlog_xl.workbook.pivots import placed, read_blank  # (it imports the writer, which imports this module)

    filename = book.name
    typed = getattr(book, "path", None) or filename  # (a book open in Excel has a name only)
    names = book.sheet_names()
    refuse_other_workbook(filename, names, typed)
    for sheet in (schema.CRITERIA, schema.REPS, schema.SCORES, schema.LOG, schema.SETTINGS):
        if sheet.name not in names and not (sheet is schema.SCORES and any(is_scores(n) for n in names)):
            if (variant := schema.sheet_named(names, sheet.name)) is not None:
                raise TemplateError(f'{filename}: the sheet "{sheet.name}" is named "{variant}": its name is read with '
                                    f'its capitals. Rename it "{sheet.name}" and run the command again.')
            raise TemplateError(
                f'{filename}: the sheet "{sheet.name}" is missing (sheets found: {", ".join(names)}). '
                f'If you renamed it, rename it back to "{sheet.name}"; if you deleted it, run '
                f"`coachlog repair {shell_word(typed)}` to re-create it {_recreated(sheet)}"
            )
    if schema.START in names:
        book.rows(schema.START)  # read with the inputs: the stamp's place is found in it when writing
    find_totals = getattr(book, "totals_rows", None)
    totals = {s.name: find_totals(s.name) if find_totals else set() for s in (schema.CRITERIA, schema.REPS, schema.LOG)}
    find_pivots = getattr(book, "pivots", None)  # (their cells are the pivot table's, not rows typed there)
    pivots = {name: find_pivots(name) if find_pivots else [] for name in totals}
    rows_of = {name: read_blank(book.rows(name), pivots[name]) for name in totals}
    tables = {name: _table(_without(rows_of[name], rows), name) for name, rows in totals.items()}
    for name, keys in REQUIRED_HEADERS.items():
        _require(tables[name], getattr(schema, name.upper()), keys, filename)
    settings_rows = book.rows(schema.SETTINGS.name)
    uncalculated = _mark_formulas(book, {**tables, schema.SETTINGS.name: _table(settings_rows, schema.SETTINGS.name)},
                                  totals)
    settings = _settings_tables(settings_rows)
    system = date_system(book)
    for table in [*tables.values(), *settings.values()]:  # (their date numbers: in the workbook's date system)
        table.date1904 = system
    _settings_formulas(book, settings["Settings"])
    find = getattr(book, "merged", None)
    used = {s.name: _field_columns(tables[s.name].headers, s) for s in (schema.CRITERIA, schema.REPS, schema.LOG)}
    # (reaching below the header, over a column the refresh reads or writes: not only the team's own)
    merged = [(name, ref, top) for name in tables for ref in (find(name) if find else ())
              for left, top, right, bottom in [range_boundaries(ref)]
              if bottom > 1 and any(left <= c <= right for c in used[name])]
    _mark_merged(tables["Log"], [ref for name, ref, _ in merged if name == schema.LOG.name])
    scores_read = score_tables(book) if scores else []
    return RawInputs(
        uncalculated=uncalculated,
        merged=merged,
        pivots=[found for name in tables for found in placed(name, pivots[name], rows_of[name], used[name])],
        renamed=_renamed_computed(book, names),
        elsewhere=_team_tops(book, names),
        criteria=tables["Criteria"],
        reps=tables["Reps"],
        scores=scores_read,
        log=tables["Log"],
        settings=settings["Settings"],
        call_types=settings["CallTypes"],
        methods=settings["Methods"],
        supervisors=settings["Supervisors"],
        word_lists=settings["WordLists"],
        header_map=settings["HeaderMap"],
    )


def _renamed_computed(book, names: list[str]) -> list[tuple[str, str]]:
    """(sheet, computed sheet) for each computed sheet that is missing while a sheet of another name
    starts with its header row: the computed sheet renamed, which the refresh leaves as it is (it adds
    the computed sheet back).  Only read when a computed sheet is missing."""
    missing = [s for s in schema.COMPUTED_SHEETS if schema.sheet_named(names, s.name) is None]
    out = []
    others = [n for n in names if schema.sheet_named(schema.SHEET_ORDER, n) is None and not is_scores(n)]
    for other in others if missing else []:
        rows = book.rows(other)
        first = [coerce.text(v) for v in rows[0]] if rows else []
        out.extend((other, s.name) for s in missing if first[:len(s.headers)] == list(s.headers))
    return out


def _team_tops(book, names: list[str]) -> list[tuple[str, list[list]]]:
    """(sheet, its first rows) of each sheet of the team's own (not the template's, nor read as Scores), where
    the book reads a sheet's first rows alone (:meth:`~coachlog_xl.workbook.book.FileBook.top_rows`)."""
    top = getattr(book, "top_rows", None)
    others = [n for n in names if schema.sheet_named(schema.SHEET_ORDER, n) is None and not is_scores(n)]
    return [(n, top(n)) for n in others] if top is not None else []


def _field_columns(headers: list, sheet: schema.Sheet, leave: tuple[str, ...] = ()) -> set[int]:
    """The columns (1 = A) under a header of the sheet's schema (but those of the keys in ``leave``):
    those a refresh reads or writes."""
    positions = header_positions(headers)
    return {positions[k] + 1 for c in sheet.columns if (k := header_key(c.header)) in positions and c.key not in leave}


def score_tables(book) -> list[RawTable]:
    """Every sheet whose name starts with Scores, in sheet order."""
    return [_score_table(book, n) for n in book.sheet_names() if is_scores(n)]


def read_cached(book, use_cache: bool = True, as_of: Callable[[RawInputs], object] | None = None
                ) -> tuple[RawInputs, Callable[[], None] | None]:
    """The inputs of a workbook file, with its Scores from the refresh cache when they are unchanged
    (:mod:`coachlog_xl.workbook.cache`), and the function to call after the compute to keep them
    for the next refresh (None when there is nothing to keep: they came from the cache, or no cache is
    kept).  Settings "Keep a refresh cache" = no turns the cache off and deletes it.  ``as_of``: the refresh's
    as-of date from the inputs, for a cache that holds for some as-of dates only (:func:`.cache.load`)."""
    wanted = cache.key(book.path) if use_cache else None
    inputs = inputs_from_book(book, scores=False)
    _let_go(book)
    if not keeps_cache(inputs):
        cache.remove(book.path)
        wanted = None
    inputs.normalised = cache.load(book.path, wanted, as_of(inputs) if as_of is not None and wanted else None)
    if inputs.normalised is not None:
        return inputs, None
    styles = None
    if wanted is not None:  # (the styles as read: a save that adds styles leaves the cache in use)
        wanted, styles = cache.keys(book.path, styles=True)
    inputs.scores = score_tables(book)
    if wanted is not None and cache.key(book.path) != wanted:
        wanted = None  # the file changed while it was read: keep nothing

    def keep() -> None:
        if inputs.normalised is not None:
            cache.store(book.path, wanted, inputs.normalised, styles)

    return inputs, keep if wanted is not None else None  # (the save runs beside a keep: no process for nothing)


def _let_go(book) -> None:
    """Close the reader of the small sheets, now read (:meth:`~coachlog_xl.workbook.book.FileBook.close`;
    a sheet read row by row later opens it again): python-calamine holds every shared string of the
    workbook while it is open, the Scores' texts too (a million different 380-character comments: 430
    MB), which would otherwise be held beside the Scores as they arrive and through the compute."""
    close = getattr(book, "close", None)
    if close is not None:
        close()


def _score_table(book, name: str) -> RawTable:
    """A Scores sheet: column-wise when the book can (a file with fastexcel), else row by row; with its
    cells holding a formula never calculated, when the book can tell them (:attr:`RawTable.uncalculated`),
    and the workbook's date system (:attr:`RawTable.date1904`)."""
    fast = getattr(book, "table", None)
    table = fast(name) if fast is not None else None
    # (a book open in Excel: which columns' time cells, as its engine hands them, show a time of day)
    clocks = book.clocks(name) if table is None and hasattr(book, "clocks") else frozenset()
    table = table if table is not None else _table(book.rows(name), name)
    table.date1904, table.clocks = date_system(book), clocks
    find = getattr(book, "uncalculated", None)  # (a book through xlwings has every value calculated)
    if find is not None:  # (not the header, nor a table's Total Row: neither is read as a score)
        totals = book.totals_rows(name) if hasattr(book, "totals_rows") else set()
        table.uncalculated = {(r, c): text for (r, c), text in find(name).items() if r > 1 and r not in totals}
    if hasattr(book, "long_merged"):  # merged over several rows below the header: only the first holds the value
        spans = {ref: range_boundaries(ref) for ref in book.long_merged(name)}  # (left, top, right, bottom)
        table.merged = sorted((ref for ref, (_, top, _, bottom) in spans.items() if top < bottom > 1),
                              key=lambda ref: (spans[ref][1], spans[ref][0]))  # in sheet order
    return table


def date_system(book):
    """Whether the workbook counts its date numbers from 1904 (:attr:`~coachlog_xl.core.inputs.RawTable.date1904`):
    read in a file's workbook part; as the engine tells it for a book open in Excel (None: untold)."""
    path = getattr(book, "path", None)
    return counts_from_1904(Path(path)) if path is not None else getattr(book, "date1904", False)


def _table(rows: list[list], name: str, first_col: int = 1, width: int | None = None) -> RawTable:
    """The cells of columns first_col .. first_col + width - 1 (all when width is None), trailing blank
    rows dropped; row 1 is the header."""
    lo = first_col - 1
    hi = None if width is None else lo + width
    cut = [(list(r[lo:hi]) + [None] * ((width or 0) - len(r[lo:hi]))) for r in rows]
    while cut and all(v is None or (isinstance(v, str) and not v.strip()) for v in cut[-1]):
        cut.pop()
    if not cut:
        return RawTable.from_rows(name, [], [])
    return RawTable.from_rows(name, cut[0], cut[1:], first_row=2)


# the Checks rows a refresh writes of cells typed on a computed sheet that it did not keep (typedchecks)
NOT_KEPT = (Code.TYPED_NOT_KEPT, Code.DECISION_NOT_ON_LOG, Code.DECISION_OF_SESSION_GONE)


def not_kept_rows(book) -> Issues:
    """The Checks sheet's rows, as the last refresh wrote them, of cells typed on a computed sheet that it did
    not keep (:data:`NOT_KEPT`): ``coachlog check`` says them too, since they stay true, and on Checks, until a
    refresh writes again (the backup naming them is replaced then, and that refresh finds nothing typed).
    None found when the workbook has no Checks sheet."""
    found = Issues()
    if schema.CHECKS.name not in book.sheet_names() or not _may_hold(book, [c.value.encode() for c in NOT_KEPT]):
        return found
    try:
        table = book.table(schema.CHECKS.name) or _table(book.rows(schema.CHECKS.name), schema.CHECKS.name)
    except WorkbookError:  # a damaged Checks sheet: what would stop a refresh says so (refresh_blocked)
        return found
    frame, _ = by_schema(table, schema.CHECKS)
    codes = {code.value: code for code in NOT_KEPT}
    for rec in records(frame[frame["code"].isin(list(codes))]):
        row = rec["row"] if isinstance(rec["row"], (int, float)) and rec["row"] == rec["row"] else None
        found.add(codes[rec["code"]], rec["sheet"], row, rec["field"], rec["value"], rec["problem"], rec["fix"])
    return found


def _may_hold(book, words: list[bytes]) -> bool:
    """Whether the Checks sheet's part, or the shared strings where its cells keep text there, holds one of
    ``words``: a byte search (0.05 s over a refresh's 5,700 Checks rows) spares reading the sheet's cells
    where it does not; True where the part cannot be told."""
    part = book.part(schema.CHECKS.name) if book.path.suffix.lower() in WORKBOOK_SUFFIXES else None
    if part is None:
        return True
    try:
        with zipfile.ZipFile(book.path) as z:
            xml = z.read(part)
            if any(w in xml for w in words):
                return True
            if b't="s"' not in xml:
                return False
            strings = z.read("xl/sharedStrings.xml")
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error):
        return True
    return any(w in strings for w in words)


def _without(rows: list[list], skip: set[int]) -> list[list]:
    """``rows`` with the rows numbered in ``skip`` (a table's Total Row: sums and labels, not an
    entry) read as blank."""
    return [[None] * len(r) if i in skip else r for i, r in enumerate(rows, start=1)] if skip else rows


def _mark_formulas(book, tables: dict[str, RawTable],
                   totals: dict[str, set[int]] | None = None) -> list[tuple[str, int, str, str]]:
    """A cell of the Log's tool-owned columns holding a formula that gives no value becomes a
    :class:`~coachlog_xl.core.inputs.Formula`: it is not blank, so no refresh writes over it (a book
    that cannot tell formulas hands its values only; one open in Excel tells those of the Log's
    tool-owned columns, and none uncalculated); one with a value is listed
    in :attr:`RawTable.formulas`.  Returns the other cells
    of ``tables`` (the Log, Criteria, Reps, Settings) a refresh reads (:func:`_read_columns`) holding
    a formula without a value (:attr:`RawInputs.uncalculated`)."""
    find = getattr(book, "formulas", None)
    if find is None:
        return []
    log = tables["Log"]
    positions = header_positions(log.headers)
    owned = {positions[header_key(c.header)] for c in schema.LOG.tool_columns() if header_key(c.header) in positions}
    first = int(log.data[ROW].iloc[0]) if len(log) else 2
    totals = totals or {}
    for (row, col), text in find(log.sheet, {c + 1 for c in owned}).items() if owned and len(log) else ():
        if row in totals.get(log.sheet, ()):
            continue
        i = row - first
        if 0 <= i < len(log) and coerce.is_blank(log.data.at[i, col - 1]):
            log.data.at[i, col - 1] = Formula(text)
        elif 0 <= i < len(log):  # (its value is read; the core names the formula where the value misleads)
            log.formulas[(row, col)] = text
    out = []  # (a formula that gives "", as one filled down the Log's empty rows does, is calculated)
    for table in tables.values():
        read = _read_columns(table) - ({c + 1 for c in owned} if table is log else set())
        found = find(table.sheet, read, calculated=False) if read else {}
        for (row, col), text in sorted(found.items()):
            if row > 1 and row not in totals.get(table.sheet, ()):  # (not the header, nor a Total Row)
                header = table.headers[col - 1]
                where = coerce.text(header) if not coerce.is_blank(header) else f"column {get_column_letter(col)}"
                out.append((table.sheet, row, where, text))
                if table is log:  # (the core holds the baseline of a session whose Calls to review is one)
                    log.uncalculated[(row, col)] = text
    return out


def _mark_merged(log: RawTable, refs: list[str]) -> None:
    """A cell of the Log's tool-owned columns that is one of a merge's cells but its first (``refs``: the Log's
    merges) becomes a :class:`~coachlog_xl.core.inputs.Merged`, as a formula's cell becomes a
    :class:`~coachlog_xl.core.inputs.Formula`: Excel keeps no value written there, so the session's baseline is
    not recorded (shown as provisional, and Checks says why) and nothing is written on its row, on the file as in
    Excel, until the range is unmerged.  A merge over grey cells of a row, down a grey column (a whole column
    merged: the Log's rows of it), or from the header down."""
    positions = header_positions(log.headers)
    owned = {positions[key] for c in schema.LOG.tool_columns() if (key := header_key(c.header)) in positions}
    first = int(log.data[ROW].iloc[0]) if len(log) else 2
    for ref in refs:
        left, top, right, bottom = range_boundaries(ref)
        for col in sorted(c for c in owned if left <= c + 1 <= right):
            for row in range(max(top, first), min(bottom, first + len(log) - 1) + 1):
                if (row, col + 1) != (top, left):
                    log.data.at[row - first, col] = Merged(ref)


def _settings_formulas(book, table: RawTable) -> None:
    """The Settings table's Value cells holding a formula with a value, in :attr:`RawTable.formulas`: the
    value is the one the file was saved with, and the As-of date's is named, or worked out
    (:mod:`~coachlog_xl.core.asof`).  Nothing for a book that cannot tell formulas, nor for one open in Excel
    (``live``), which calculated them now."""
    find = None if getattr(book, "live", False) else getattr(book, "formulas", None)
    value = header_positions(table.headers).get(header_key(schema.SETTINGS.column("value").header))
    if find is not None and value is not None:
        column = column_index_from_string(schema.SETTINGS_TABLE_COLUMNS[schema.SETTINGS.name]) + value
        table.formulas = find(table.sheet, {column})


def _read_columns(table: RawTable) -> set[int]:
    """The columns (1 = A) of the Log, Criteria, Reps or Settings whose cells a refresh reads: those under
    a header of the sheet's schema (the first, where two share one), and on Settings those of its tables
    at their places but the What it means column.  A column of the team's own is never read, so its
    formulas are never read as blank: nothing is said of them."""
    if table.sheet != schema.SETTINGS.name:
        return _field_columns(table.headers,
                              {s.name: s for s in (schema.CRITERIA, schema.REPS, schema.LOG)}[table.sheet])
    out = set()
    for name, letter in schema.SETTINGS_TABLE_COLUMNS.items():
        sheet, first = _SETTINGS_SHEETS[name], column_index_from_string(letter)
        heads = list(table.headers[first - 1:first - 1 + len(sheet.columns)])
        out |= {c + first - 1 for c in _field_columns(heads, sheet, leave=("help",))}
    return out


_SETTINGS_SHEETS = {
    "Settings": schema.SETTINGS, "CallTypes": schema.CALL_TYPES, "Methods": schema.METHODS,
    "Supervisors": schema.SUPERVISORS, "WordLists": schema.WORD_LISTS, "HeaderMap": schema.HEADER_MAP,
}


def _settings_tables(rows: list[list]) -> dict[str, RawTable]:
    return {
        table: _table(rows, schema.SETTINGS.name, column_index_from_string(letter),
                      len(_SETTINGS_SHEETS[table].columns))
        for table, letter in schema.SETTINGS_TABLE_COLUMNS.items()
    }


def _require(table: RawTable, sheet: schema.Sheet, keys, filename: str) -> None:
    found = {header_key(h) for h in table.headers}
    wanted = [sheet.column(k).header for k in keys]
    missing = [h for h in wanted if header_key(h) not in found]
    if not missing:
        return
    moved = _header_row_below(table, wanted)
    if moved:
        raise TemplateError(
            f'{filename}, sheet "{sheet.name}": the header row is at row {moved}, not row 1. '
            f"Delete the rows above it (or move the header back to row 1) and run the command again."
        )
    seen = ", ".join(str(h) for h in table.headers if h is not None) or "none"
    raise TemplateError(
        f'{filename}, sheet "{sheet.name}", row 1: the column(s) {", ".join(missing)} are missing '
        f"(headers found: {seen}). Restore the header text in row 1 exactly as in the template."
    )


def _header_row_below(table: RawTable, wanted: list[str]) -> int | None:
    keys = {header_key(h) for h in wanted}
    for row, values in zip(table.data["_row"].head(30), table.data.drop(columns=["_row"]).head(30).values.tolist()):
        if keys <= {header_key(v) for v in values}:
            return int(row)
    return None


def read_inputs(path: Path) -> RawInputs:
    from coachlog_xl.workbook.book import FileBook

    book = FileBook(path)
    try:
        inputs = inputs_from_book(book, scores=False)
        _let_go(book)
        inputs.scores = score_tables(book)
        return inputs
    finally:
        book.close()
