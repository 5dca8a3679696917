"""Reading a QA platform's export file (CSV or .xlsx) as raw cells, exactly as exported.

CSV files come in UTF-8 with or without a byte-order mark, UTF-16 and Windows-1252 (a UTF-8 file
with a few bytes that are not, pasted from another program, stays UTF-8), separated by
commas, semicolons, tabs or pipes, with quoted fields that hold separators, quotes and line breaks.
Cells stay text except plain numbers that a cell holds exactly (so ``00123``, ``'-36`` and a
19-digit call id stay as written).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from itertools import accumulate, islice
from pathlib import Path
from typing import TYPE_CHECKING

from coachlog_xl.core import coerce
from coachlog_xl.core.calls import REQUIRED
from coachlog_xl.core.distinct import text_factors
from coachlog_xl.core.inputs import ROW, Formula, RawTable, header_key
from coachlog_xl.core.layout import HEADER_FIELDS_NEEDED, is_header, map_headers
from coachlog_xl.core.longrows import past_header
from coachlog_xl.core.wide import OVERALL, SIDE_COLUMN
from coachlog_xl.errors import ConfigError, WorkbookError
from coachlog_xl.schema import DEFAULT_HEADER_MAP
from coachlog_xl.suffixes import EXPORT_SUFFIXES, TEXT_SUFFIXES, WORKBOOK_SUFFIXES
from coachlog_xl.workbook.a1 import column_index_from_string, get_column_letter
from coachlog_xl.workbook.celledits import formula_cells
from coachlog_xl.workbook.csvtext import PlainRows, decode, decode_named, fields, layout
from coachlog_xl.workbook.damaged import reading
from coachlog_xl.workbook.extent import refuse_far
from coachlog_xl.workbook.leadrows import counts_from_1904
from coachlog_xl.workbook.parts import sheet_parts
from coachlog_xl.workbook.reader import old_xls, open_values, sheet_values

if TYPE_CHECKING:
    from coachlog_xl.workbook.prefetch import ExportRows

_MERGED_DOWN = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def read_csv(path: Path, read: PlainRows | None = None, header_map=DEFAULT_HEADER_MAP) -> RawTable:
    """A CSV export's rows; a first line ``sep=;`` (written for Excel, which does not show it) names
    the separator and is not a row, as in Excel.  ``read``: the file's rows, separator and encodings as
    :func:`~coachlog_xl.workbook.csvtext.plain_rows` read them already (a second process).  Its columns of
    text come with their factors (:func:`~coachlog_xl.core.distinct.text_factors`).  A comma-separated file's
    rows holding a value past its header are kept as they are and found for the import to name them
    (:func:`~coachlog_xl.core.longrows.past_header`, ``header_map``: the workbook's HeaderMap, which finds its
    header and score): no cells are joined."""
    bad = 0
    if read is None:
        text, bad, one_byte, doubt = decode_named(Path(path).read_bytes())
        text, delimiter, skipped = layout(text)
        if text.count('"') % 2:  # a quote never closed takes every line after it into one cell
            _refuse_open_quote(path, text, delimiter, skipped)
        rows = fields(text, delimiter)
    else:
        rows, delimiter, one_byte, doubt = read
    long = past_header(rows, header_map) if delimiter == "," else {}
    table = _table(path, rows)
    table.long_rows, table.encoding, table.encoding_doubt = long, one_byte, doubt
    table.factors = text_factors(table.data, ROW)
    if bad:
        table.replaced = _replaced_rows(table)
    return table


def _refuse_open_quote(path: Path, text: str, delimiter: str, skipped: int) -> None:
    """A clear error for a field whose opening quote is never closed (the rest of the file would be read
    as the text of that one cell, and the scores in it not at all); ``skipped``: lines before ``text``.
    A quote opens a field only as its first character, as in the csv reader and Excel."""
    special = re.compile('["\n' + re.escape(delimiter) + "]")
    pos, line, field = 0, 1, 0  # field: where the current field starts (-1: after its closing quote)
    while (m := special.search(text, pos)) is not None:
        at, ch = m.start(), m.group()
        if ch == '"' and at == field:
            end = at + 1
            while (end := text.find('"', end)) >= 0 and text.startswith('""', end):
                end += 2  # a doubled quote inside the field
            if end < 0:
                raise WorkbookError(
                    f'{path}: line {line + skipped} opens a quoted field (") that is never closed, so the rest of '
                    "the file from there would be read as the text of one cell. Close the quote on that line (or "
                    "export the scores again), then run the command again.")
            line += text.count("\n", at, end)
            pos, field = end + 1, -1
            continue
        if ch != '"':
            line += ch == "\n"
            field = at + 1
        pos = at + 1


def _replaced_rows(table: RawTable) -> dict[int, int]:
    """Row number -> how many U+FFFD its text cells hold (the header is row 1)."""
    out = {1: n} if (n := sum(v.count("\ufffd") for v in table.headers if isinstance(v, str))) else {}
    for row in table.data.itertuples(index=False, name=None):
        n = sum(v.count("\ufffd") for v in row[:-1] if isinstance(v, str))
        if n:
            out[int(row[-1])] = n
    return out


def read_xlsx(path: Path, sheets: Sequence[str] = (), header_map=DEFAULT_HEADER_MAP, every: bool = False) -> RawTable:
    """An .xlsx export's rows: of ``sheets`` (named), else of the worksheets whose header row names the most of
    the fields a score is read by (by ``header_map``, the workbook's HeaderMap; :func:`_header`):
    every visible one of them, one below the other, each under its own header (an export in monthly
    tabs), or, when all of them are hidden, the one with the most rows (a platform download may open on
    a summary sheet before the ones with the evaluations, and keep a hidden sheet of its own; the rows
    counted by the used range each sheet states, or its rows holding a value where it states none);
    messages name those sheets when the file has several, and a row of one of several by its sheet and
    its row there (:attr:`~coachlog_xl.core.inputs.RawTable.tabs`).  The other visible sheets whose header names a
    call id, scores and criteria (a second week's tab with one more column) are named in the table's
    ``sheets_left``; with ``every``, they are read too, each under its own header.  A visible sheet repeating the
    rows of one read (a spare copy), holding no row under its header (a month not started), or naming no criterion
    (a per-call summary), is not read, and named with why in ``sheets_skipped``; a hidden sheet is read only when
    named, and named in ``sheets_hidden`` when it holds rows of scores found on no sheet read (a hidden copy is
    not)."""
    wb = open_values(path)
    try:
        if not wb.worksheets:
            raise WorkbookError(
                f"{path}: no worksheet in it can be read. A workbook saved as Strict Open XML Spreadsheet reads as "
                'none: open it in Excel and save it as "Excel Workbook (.xlsx)", or export the scores as .csv.')
        parts = sheet_parts(path)
        with reading(path):  # (a sheet's part damaged: the message names it; rows are read lazily, here)
            missing = [s for s in sheets if s not in wb.sheetnames]
            if missing:
                raise WorkbookError(f"{path}: no sheet named {', '.join(map(repr, missing))}; its sheets are "
                                    f"{', '.join(map(repr, wb.sheetnames))}.")
            counted = [_row_count(ws) for ws in wb.worksheets]  # first: reading the rows forgets the range stated
            heads = [_header(ws, header_map) for ws in wb.worksheets]
            named = [map_headers(head, header_map).keys() & _NEEDED for head in heads]
            chosen = [wb[s] for s in dict.fromkeys(sheets)] or _score_sheets(wb.worksheets, named, counted)
            left, skipped, hidden = [], [], []  # (of the sheets not chosen whose header names a call id and scores)
            for ws, head, fields in zip(wb.worksheets, heads, named):
                if ws in chosen or "call_id" not in fields or len(fields) < HEADER_FIELDS_NEEDED:
                    continue
                if getattr(ws, "sheet_state", "visible") != "visible":
                    if _criteria_named(head, header_map):
                        hidden.append((ws, head))  # (the export's own: read only when named, said if not a copy)
                elif _criteria_named(head, header_map):
                    left.append(ws)
                else:
                    skipped.append((ws.title, "its header names no criterion (each call's overall score?)"))
            for ws in chosen:
                refuse_far(path, ws.title, parts.get(ws.title))
            def rows_of(ws) -> list[list]:  # a sheet's rows, as read
                return _trimmed(_filled_down(path, parts.get(ws.title), sheet_values(ws)))

            tabs, head_of = [], {ws.title: head for ws, head in zip(wb.worksheets, heads)}
            read = {ws.title: rows_of(ws) for ws in chosen}
            filled = [t for t, ws in zip(read.values(), chosen) if _holds_rows(t, head_of[ws.title])]
            for ws in list(chosen):
                rows = read[ws.title]
                if not sheets and filled and not _holds_rows(rows, head_of[ws.title]):
                    chosen.remove(ws)  # (a month's tab not started: its header alone)
                    skipped.append((ws.title, "it holds no rows under its header"))
                elif not sheets and (copied := _copy_of(rows, tabs)) is not None:  # (a copy among monthly tabs)
                    chosen.remove(ws)
                    skipped.append((ws.title, f'its rows repeat those of sheet "{copied}", which was read'))
                else:
                    tabs.append((ws.title, rows))
            for ws in list(left):
                try:
                    refuse_far(path, ws.title, parts.get(ws.title))
                except WorkbookError:
                    if every:
                        raise
                    continue  # (not read: named as left, unread)
                rows = rows_of(ws)
                if not _holds_rows(rows, head_of[ws.title]):
                    left.remove(ws)
                    skipped.append((ws.title, "it holds no rows under its header"))
                elif (copied := _copy_of(rows, tabs)) is not None:
                    left.remove(ws)
                    skipped.append((ws.title, f'its rows repeat those of sheet "{copied}", which was read'))
                elif every:
                    tabs.append((ws.title, rows))
            unseen = []
            for ws, head in hidden:
                try:
                    refuse_far(path, ws.title, parts.get(ws.title))
                except WorkbookError:
                    continue  # (too far to read here: left unsaid, as a hidden sheet was)
                rows = rows_of(ws)
                if _holds_rows(rows, head) and _copy_of(rows, tabs) is None:
                    unseen.append(ws.title)
            if every:
                chosen, left = [ws for ws in wb.worksheets if ws in chosen or ws in left], []
                tabs.sort(key=lambda tab: wb.sheetnames.index(tab[0]))
        several = len(wb.sheetnames) > 1
    finally:
        wb.close()
    table = _table(path, [r for _, rows in tabs for r in rows])
    table.date1904 = counts_from_1904(path)  # (its unformatted date numbers count from 1904)
    table.sheets_left, table.sheets_skipped, table.sheets_hidden = [ws.title for ws in left], skipped, unseen
    if several:
        names = ", ".join(ws.title for ws in chosen)
        table.sheet = f"{Path(path).name} (sheet{'s' if len(chosen) > 1 else ''} {names})"
    if len(chosen) > 1:  # each tab's rows are named by the tab and their rows on it
        firsts = accumulate((len(rows) for _, rows in tabs), initial=1)
        table.tabs = [(f"{Path(path).name} (sheet {title})", first) for (title, rows), first in zip(tabs, firsts)
                      if rows]
    return table


def _score_sheets(sheets: list, named: list[set[str]], counted: list[int]) -> list:
    """The worksheets to read the scores from (see :func:`read_xlsx`; ``named``: the fields each sheet's
    :func:`_header` names, ``counted``: its :func:`_row_count`)."""
    ranked = [(len(fields), rows) for fields, rows in zip(named, counted)]
    best = max(fields for fields, _ in ranked)
    top = [i for i, (fields, _) in enumerate(ranked) if fields == best]
    shown = [i for i in top if getattr(sheets[i], "sheet_state", "visible") == "visible"]
    if best == 0 or not shown:  # no header of scores anywhere, or only hidden ones: the longest
        return [sheets[max(top, key=lambda i: (ranked[i][1], -i))]]
    return [sheets[i] for i in shown]


def _filled_down(path: Path, part: str | None, values) -> list[list]:
    """A sheet's rows with each cell merged down over several rows (a call's id, agent and time once
    beside its criteria) read as the value the merge shows in each of them, as Excel shows it."""
    rows = [list(r) for r in values]
    if part is None:
        return rows
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(part)
    _refuse_uncalculated(path, xml)
    for left, top, right, bottom in _MERGED_DOWN.findall(xml):
        if left != right or int(bottom) <= int(top) or int(top) > len(rows):
            continue  # only a merge one column wide and several rows high
        col = column_index_from_string(left.decode()) - 1
        shown = rows[int(top) - 1][col] if col < len(rows[int(top) - 1]) else None
        for r in range(int(top), min(int(bottom), len(rows))):
            rows[r] += [None] * (col + 1 - len(rows[r]))
            rows[r][col] = shown
    return rows


def _refuse_uncalculated(path: Path, xml: bytes) -> None:
    """A clear error for a sheet holding formulas without their calculated values (a file written by a
    program that does not calculate, e.g. a script's openpyxl): the readers give such a cell as blank,
    and a score read as blank is not counted."""
    if b"<f" not in xml and b":f" not in xml:
        return
    found = formula_cells(xml, calculated=False)
    if found:
        (row, col), text = min(found.items())
        raise WorkbookError(
            f"{path}: {len(found)} cell(s) hold a formula without its calculated value (the first: "
            f"{get_column_letter(col)}{row}, {Formula(text)}): the file was saved by a program that does not calculate "
            "formulas, so they would be read as blank. Open it in Excel or LibreOffice, save it, and import it "
            "again.")


def _trimmed(rows) -> list[list]:
    """A sheet's rows without the blank rows at its end (so the next sheet's header follows its data)."""
    out = [list(r) for r in rows]
    while out and all(v is None or (isinstance(v, str) and not v.strip()) for v in out[-1]):
        out.pop()
    return out


_NEEDED = {*REQUIRED, "call_at", "graded_at"}  # what a row of scores is read by (either date will do)


def _header(ws, header_map, rows: int = 30) -> list:
    """The header row among a worksheet's first ``rows`` rows naming the most of the fields a score is read by
    (empty without one), whatever used range the sheet states: an export's sheet of evaluations
    (``Call ID, Agent, Call date, Criterion, Score``) names more than its summary (``Agent, Date, Score``)."""
    return max((list(r) for r in islice(sheet_values(ws), rows) if is_header(list(r), header_map)),
               key=lambda r: len(map_headers(r, header_map).keys() & _NEEDED), default=[])


def _criteria_named(head: list, header_map) -> bool:
    """Whether a sheet's header names its criteria: a criterion column, or a column that is no field's, no
    overall score's nor a side column (a wide export's criterion); a per-call summary (``Call ID, Agent, Call
    Date, Score``) names none."""
    mapped = map_headers(head, header_map)
    used = set(mapped.values())
    return "criterion" in mapped or any(
        p not in used and isinstance(h, str) and h.strip() and header_key(h) not in OVERALL
        and not SIDE_COLUMN.search(h) for p, h in enumerate(head))


def _holds_rows(rows: list[list], head: list) -> bool:
    """Whether a sheet's ``rows`` hold a row under its header row ``head`` (:func:`_header`) that is not that
    header again; a sheet whose header is not found is taken to hold rows."""
    def key(row: list) -> tuple:
        return tuple(coerce.text(v).strip() for v in row if not coerce.is_blank(v))

    mark = key(head)
    if not mark:
        return True
    at = next((i for i, r in enumerate(rows) if key(r) == mark), None)
    return at is None or any(key(r) and key(r) != mark for r in rows[at + 1:])


def _copy_of(rows: list[list], tabs: list[tuple[str, list[list]]]) -> str | None:
    """The sheet of ``tabs`` (the sheets read) whose rows hold every row of ``rows`` (a sheet's), if any: a
    hidden or spare copy of the export, its scores read already."""
    def key(row: list) -> tuple:
        row = list(row)
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        return tuple(map(repr, row))

    mine = {key(r) for r in rows} - {()}
    for title, theirs in tabs:
        if mine and mine <= {key(r) for r in theirs}:
            return title
    return None


def _row_count(ws) -> int:
    """A worksheet's rows as its used range states them (read without reading the rows); counted when
    it states none, or one row (some writers leave ``A1`` there whatever the sheet holds)."""
    stated = ws.max_row or 0
    if stated > 1:
        return stated
    return sum(1 for r in sheet_values(ws) if any(v is not None and v != "" for v in r))


def read_export(path: Path, header_map=DEFAULT_HEADER_MAP, prefetch: ExportRows | None = None,
                sheets: Sequence[str] = (), every: bool = False) -> RawTable:
    """An export's rows as exported (``header_map``: the workbook's HeaderMap, which tells an .xlsx
    export's sheet of scores from its other sheets; ``prefetch``: a CSV export's rows being read by a
    second process, :class:`~coachlog_xl.workbook.prefetch.ExportRows`; ``sheets``, ``every``: an .xlsx
    export's sheets to read, or every one of scores, :func:`read_xlsx`)."""
    path = Path(path)
    if sheets and every:
        raise ConfigError("--export-sheet and --all-sheets cannot be used together: --export-sheet NAME imports the "
                          "sheets named (hidden ones too), --all-sheets every visible sheet of scores; give one.")
    if not path.exists():
        raise WorkbookError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        with open(path, "rb") as fh:
            if fh.read(4) == b"PK\x03\x04":  # a zip: an .xlsx downloaded or renamed with a text name
                raise WorkbookError(f"{path}: this is an Excel workbook (.xlsx), not a {suffix} text file; "
                                    f"rename it {path.stem}.xlsx and import that.")
        _refuse_binary(path)
        if sheets:
            raise WorkbookError(f"{path}: a {suffix} file has no sheets to pick; import it without naming a sheet.")
        return read_csv(path, prefetch.take() if prefetch is not None else None, header_map)
    if suffix in WORKBOOK_SUFFIXES:
        return read_xlsx(path, sheets, header_map, every)
    if suffix == ".xls":
        raise WorkbookError(old_xls(path, ".xlsx or .csv"))
    listed = f"{', '.join(EXPORT_SUFFIXES[:-1])} or {EXPORT_SUFFIXES[-1]}"
    raise WorkbookError(f"{path}: an export must be a {listed} file; open it in Excel or "
                        "LibreOffice and save it as .xlsx, or export the scores as .csv.")


def _refuse_binary(path: Path) -> None:
    """A clear error for a binary file with a text name: an old .xls or encrypted workbook, a
    compressed file, a PDF report or any other binary file (read as text, it would be a screen of
    symbols under "no score column")."""
    with open(path, "rb") as fh:
        head = fh.read(_SAMPLE)
    if head.startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x1f\x8b")):
        what = "an old .xls or password-protected workbook" if head.startswith(b"\xd0") else "a compressed (.gz) file"
        raise WorkbookError(f"{path}: this is {what}, not a text file. Open it in Excel and save it as .xlsx or "
                            ".csv (after removing any password), or unpack it, and import that file.")
    if head.startswith(b"%PDF-") or _binary(head):
        what = "a PDF document" if head.startswith(b"%PDF-") else "a binary file"
        raise WorkbookError(f"{path}: this is {what}, not a text file of scores. Export the scores from the QA "
                            "platform as .csv or .xlsx, and import that file.")


_SAMPLE = 8192  # the first bytes of a text export looked at for what kind of file it is


def _binary(head: bytes) -> bool:
    """Whether a file's first bytes, read as its encoding (:func:`decode`), are more than 30 % control
    characters and bytes no encoding reads: a binary file, whose "header" would be a line of symbols.
    A text export with a few such characters (replaced in its cells) is read."""
    text, _ = decode(head)
    odd = sum(1 for ch in text if (ch < " " and ch not in "\t\r\n") or ch in "\x7f\ufffd")
    return len(text) >= 64 and odd > 0.3 * len(text)


def _table(path: Path, rows: list[list]) -> RawTable:
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise WorkbookError(f"{path}: the file holds no rows (no header, no scores). Export it again from the QA "
                            "platform, its header row included, or give the export you meant.")
    width = max(map(len, rows))
    rows = [r if len(r) == width else r + [None] * (width - len(r)) for r in rows]
    full = width
    while width and all(r[width - 1] in (None, "") for r in rows):
        width -= 1
    if width < full:
        rows = [r[:width] for r in rows]
    return RawTable.from_rows(Path(path).name, rows[0], rows[1:])
