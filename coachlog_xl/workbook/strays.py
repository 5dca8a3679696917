"""Cells a person typed on a computed sheet, which a refresh rewrites whole.

A refresh leaves a computed sheet as one block: rows 1, 2, 3 ... each with a value in column A (the
sheet's first column, wherever columns inserted before it moved it: :func:`lead_column`), no
cell right of the sheet's last column, and the sheet's headers in row 1.  :func:`typed_cells` names the
cells holding a value outside that block in the sheet's XML as it is before the refresh writes it (a
note typed under the table, or in a spare column), and the cells of row 1 holding a text that is none of
the sheet's headers (a title typed in a row inserted above the header, a header renamed), which the
refresh writes its header over: the file refresh says they were not kept, and where they still are
(the backup).  A header of the sheet in another column of row 1 is the tool's own words, and the rows
under row 1 are the last refresh's: neither is named.  A header row moved down (rows inserted above
it, however many: looked for in the first ten rows, then four times as far while not found), renamed
or gone (deleted, or cleared) is found where it is (:func:`block_start`): the rows under it, or the rows
the refresh wrote from the first that is recognisably one (:func:`refresh_row`, told from the row alone,
so that a refresh, a check and a pivot table's refusal say the same; its columns found by the header
row's words, so that a column inserted moves them), are the last refresh's too, and
what was typed above it (a title, the header renamed), or on a sheet emptied, is named.  Under a header
row every row is judged (:func:`_typed_rows`).  The rows ending the sheet are read whole, from the last
up to the first that is the refresh's (:func:`refresh_row`): a note, a total or a formula typed under the
table, or far below it, is named whatever its first cell holds.  Above them a row whose first cell (in
the lead column) holds a value the refresh writes there (:meth:`RefreshRow.firsts`: the session IDs of
the new rows on Baseline and Follow-up, a severity on Checks, a grouping on Aggregate) is the refresh's
when the refresh could have written it (:meth:`RefreshRow.told_with`: a session ID in one row only, the
sheet having one row per session; a severity with a code; a grouping with a group and its Sessions
count); the others (that cell empty, a formula or another text, a session ID on two rows, each of them:
few) are told by :func:`refresh_row`, from
the columns it reads on Baseline and Follow-up (a session ID, a text in Rep, a number: so that a sheet
none of whose first cells is known, behind a pivot table or after every session ID was renamed, costs
little more than the usual one) and else from the whole row, and those that are none of the refresh's
are named: a heading or a note typed in a row inserted between two of its rows, with the first column
filled or empty, merged down over it or not (a row whose cell A a merge covers is judged with the
merge's value there).  So a row inserted in the table with its first column empty does not end the
table: the refresh's rows under it are its own, and a refresh with more sessions, or as many or fewer,
writes its rows where it writes them either way.  Its own rows of sessions it no longer writes are
recognised as its rows, not named; a row typed to look exactly like one of them (in the table a known
first cell as the refresh writes it, or a session ID, a rep and a number) is taken for one.
Without a header row (deleted or cleared) the rows are not judged: the block is the rows from the
refresh's first with a value in the lead column, and what lies under it is named.
:func:`typed_values` applies the same rule to a sheet's values read through xlwings, where no backup
is made: a refresh in Excel stops before it writes anything and names the cells.  Cells that hold
nothing (LibreOffice and Excel write formatted empty cells, and empty rows below a table) are no one's
words.

The first rows are read alone, and the rows not told by their first cell, every cell read one way
(:func:`_cell_value`: the first cells, the cells told with them and the whole rows alike); a shared string
of them is found by counting the ``<si>`` elements of the workbook's shared strings a megabyte at a time
(a part of a million texts in tens of milliseconds), each looked up once for the sheet (:class:`_Strings`),
each distinct first cell read once.
The usual sheet is told in one scan of its row tags and the first cell of each; the cells are read one
by one only in the rows that scan does not tell, and in every row only where a cell may lie past its last column: the
sheet's used range says so, a search of the cells' references finds one, or a cell's reference is not
its first attribute (or it has none), which the search does not read.  White space where XML allows it
(line breaks between a row's tag and its first cell, between attributes, around ``=``: an indenting
writer's) is read as the same block.  A sheet whose attributes are quoted with ' is not looked at (no
writer here does that).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from html import unescape
from typing import NamedTuple

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Severity
from coachlog_xl.core.inputs import header_key
from coachlog_xl.workbook.celledits import column_index, sheet_cells
from coachlog_xl.workbook.restyled import merged_by_hand
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.sheetxml import column_letter
from coachlog_xl.workbook.xmltext import xstring_read

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref\s*=\s*"[A-Z]+\d+:([A-Z]+)\d+"')
_HELD_AT = r"<(?:\w+:)?(?:v\s*>[^<]|is\b|f\b)"  # a cell's value, inline text or formula
_VALUE = re.compile(_HELD_AT)
_HELD = re.compile(_HELD_AT.encode())  # (in a row's bytes)
_TYPE = re.compile(r'\st\s*=\s*"(\w+)"')  # a cell's type, in its start tag
_TEXT = re.compile(r"<(?:\w+:)?t\b[^>/]*>([^<]*)<")  # a text run of a string
_PHONETIC = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh\s*>", re.S)  # a reading's runs: not the string's text
_FORMULA = re.compile(r"<(?:\w+:)?f\b")
_NUMBER = re.compile(r"<(?:\w+:)?v\s*>([^<]*)<")
_SST = re.compile(rb"<(\w+:)?sst\b")
SHOWN = 8  # cells named in a message; the others counted


def typed_cells(xml: bytes, headers: Sequence[str], shared: Callable[[], bytes] = bytes,
                own: RefreshRow | None = None, firsts: Collection | None = None) -> list[str]:
    """The references of the cells holding a value in a computed sheet's XML outside the block a refresh
    writes or in its header row as none of ``headers`` (see the module; a header row moved down or gone:
    :func:`block_start`), and of the rows under the header row that are none of the refresh's (a row typed
    under the table or inside it: :func:`_typed_rows`), in sheet order; ``headers``: the sheet's, in order;
    ``shared``: the workbook's shared strings part (read only when a row looked at holds one; a shared
    string it does not hold is not named); ``own``: whether a row is one the refresh writes there
    (:func:`refresh_row`); ``firsts``: the values the refresh writes in its first column (:meth:`RefreshRow.firsts`;
    None: those of every refresh, the others' rows read whole)."""
    if b"r='" in xml[:1 << 16]:  # (a writer quoting its attributes with ': not read)
        return []
    width = len(headers)
    p = prefix_of(xml).encode()  # (the root after its prolog, however long: the match ends at the root)
    strings = _Strings(shared)
    head = _head_found(xml, p, headers, strings, own)
    first, is_header = block_start(head, headers, own)
    named = [(r, c) for r, cells in head.items() if r < first for c in cells]  # (above the header row: a title)
    if is_header:
        named += [(first, c) for c, value in head[first].items() if c <= width and value not in headers
                  and value is not _UNKNOWN]
    lead = lead_column(head[first], headers) if is_header and first in head else 1
    if own is not None and is_header and first in head:  # (every row under the header row judged)
        rows = _typed_rows(xml, p, strings, own.placed(head[first]), own.firsts() if firsts is None else firsts,
                           first, lead, _merged_down(xml))
        named += [(r, c) for r, cells in rows.items() for c in cells]
        last, after = sys.maxsize, None
    else:  # (without a header row the rows are not judged: the block ends at the first without a value in the
        # lead column)
        last, after = _block(xml, p, _merged_down(xml), first, is_header, lead) if first else (0, 0)
    shifted = shifted_columns(head[first], headers) if is_header and first in head else set()
    dim = _DIMENSION.search(xml)  # cells right of the block: every row is read (a stale used range is not trusted)
    wide = dim is None or column_index(dim.group(1).decode()) > width or not _led_by_reference(xml, p) \
        or _past(p, width).search(xml) is not None
    if after is not None or wide:
        text = xml.decode("utf-8")
        start = 0 if wide or not after else len(xml[:after].decode("utf-8"))
        below = [(row, col) for row, col, cell in sheet_cells(text, start, 0 if wide or not after else last)
                 if (row > last or col > width and col not in shifted) and (row >= first or not first)
                 and _VALUE.search(cell)]
        named += below
    return [f"{column_letter(col)}{row}" for row, col in sorted(set(named))]  # (in sheet order: rows, then columns)


def inserted_columns(header: dict[int, object], headers: Sequence[str]) -> list[int]:
    """The columns (1-based, within the sheet's width) of a header row (``header``: its values by column)
    a person inserted, however many and with a header or none: between two of the sheet's ``headers``
    found in it (or before the first, or after the last) more columns than the sheet has there
    (:func:`_spans`), every one of them whose header is none of the sheet's, a renamed header's among them
    (an odd layout, named whole: none typed is left out); as many, a header renamed in place, named alone,
    its column's values the refresh's.  A header of the sheet's moved to another column is the tool's own."""
    known = {header_key(h) for h in headers}
    return [col for (left, at_left), (right, at_right) in _spans(header, headers) if right - left > at_right - at_left
            for col in range(left + 1, min(right, len(headers) + 1))
            if not isinstance(text := header.get(col), str) or header_key(text) not in known]


def shifted_columns(header: dict[int, object], headers: Sequence[str]) -> set[int]:
    """The columns right of the sheet's width whose cell in the header row (``header``) is one of the
    sheet's ``headers`` in its order (:func:`_spans`): the refresh's last columns, pushed right by columns
    inserted before them, their cells in the table its own."""
    return {col for (col, at), _ in _spans(header, headers) if at and col > len(headers)}


def _spans(header: dict[int, object], headers: Sequence[str]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The header row (``header``) cut at the sheet's ``headers`` found in it, each right of the one found
    before in the sheet's order too (a header moved alone is not one): pairs of (column, the header's
    place among ``headers``), from (0, 0) before the first to one past the row's last cell (or past where
    the sheet's last column lies after the last found) and ``headers`` ending after the last."""
    keys = [header_key(h) for h in headers]  # (two may be one key: "Delta vs comparison" and its "±")
    found, last = [(0, 0)], 0
    for col in sorted(header):
        key = header_key(header[col]) if isinstance(header[col], str) else None
        at = next((i for i in range(last + 1, len(keys) + 1) if keys[i - 1] == key), None) if key else None
        if at is not None:
            found.append((col, at))
            last = at
    end = max([found[-1][0] + len(headers) - last, *header]) + 1
    found.append((end, len(headers) + 1))
    return list(zip(found, found[1:]))


def header_row(xml: bytes, headers: Sequence[str], shared: Callable[[], bytes] = bytes,
               own: RefreshRow | None = None) -> tuple[int, dict[int, object]]:
    """Where the rows a refresh wrote start in a computed sheet's XML, as :func:`typed_cells` finds it
    (:func:`block_start`): the header row's number and its values by column (a text as a text), or, with
    none found, the row before the refresh's first row (0: none) and its values (a header row renamed in
    full, none of its words the sheet's: its columns are then where the schema puts them, and a column
    inserted is told by its width, :func:`inserted_columns`)."""
    if b"r='" in xml[:1 << 16]:  # (a writer quoting its attributes with ': not read, as typed_cells)
        return 1, {}
    p = prefix_of(xml).encode()
    strings = _Strings(shared)
    head, _ = _head_values(xml, p, strings, 1)  # (row 1 alone first, the usual sheet: the strings of one row looked up)
    if _found_start(head, headers, None) != (1, True):
        head = _head_found(xml, p, headers, strings, own)
    first, is_header = block_start(head, headers, own)
    return (first, head.get(first, {})) if is_header else (max(first - 1, 0), head.get(first - 1, {}))


def header_in(rows: list[list], headers: Sequence[str],
              own: RefreshRow | None = None) -> tuple[int, dict[int, object]] | None:
    """:func:`header_row` of a sheet's first values read through xlwings (``rows``: from A1, blanks as
    None); None when neither the header row nor a row of the refresh's is among them (read further)."""
    head = {r: cells for r, row in enumerate(rows, 1)
            if (cells := {c: v for c, v in enumerate(row, 1) if v is not None})}
    if (found := _found_start(head, headers, own)) is None:
        return None
    first, is_header = found
    return (first, head[first]) if is_header else (first - 1, head.get(first - 1, {}))


def _head_found(xml: bytes, p: bytes, headers: Sequence[str], strings: _Strings,
                own: RefreshRow | None) -> dict[int, dict[int, object]]:
    """The values of the sheet's first rows (:func:`_head_values`) down to its header row or the refresh's
    first row: the first ten, then four times as far while neither is found (a header row pushed further
    down)."""
    rows = _HEAD
    head, more = _head_values(xml, p, strings, rows)
    while more and _found_start(head, headers, own) is None:
        rows *= 4
        head, more = _head_values(xml, p, strings, rows)
    return head


def _typed_rows(xml: bytes, p: bytes, strings: _Strings, placed: _Placed, firsts: Collection, first: int,
                lead: int | None, covered: dict[int, int]) -> dict[int, dict[int, object]]:
    """The values of the rows under the header row (``first``) that are none of the refresh's (``placed``:
    its test with its columns found in the header row).  The rows ending the sheet are read whole, from
    the last up to the first that is the refresh's (a note, a total or a formula typed under the table, or
    far below it, whatever its first cell holds).  Above them a row is told by its cell in the lead column
    (``lead``; None: not known) when that holds a value the refresh writes there (``firsts``: a session
    ID held by one row only; a severity with a code, a grouping with a group and its Sessions count:
    :meth:`RefreshRow.placed`); the others (that cell empty, a formula, another text, a session ID on
    two rows, each of them: a heading or a note typed in a row inserted in the table, a session's ID and a
    note typed above its row, a row of a session the refresh no longer writes) are told by the
    columns the refresh row reads (:func:`_told_by_columns`) or else read whole.  A row holding no value is
    no one's; one whose cell A a merge covers (``covered``: its merge's first row) is read with that row's
    value there (:func:`_merge_tops`).  The rows' first cells are matched all at once (``findall``, as
    :func:`_block` matches them) and each distinct one read once, so the usual sheet costs what its
    block's scan costs."""
    at = _row_after(xml, p, first)
    if at is None:
        return {}
    start, before = at
    end = xml.rfind(b"</" + p + b"sheetData")
    end = end if end >= 0 else len(xml)
    judge, with_ = placed.judge, placed.told_with
    found = _first_cells(p).findall(xml, start, end)
    letter = column_letter(lead).encode() if lead else None
    count = column_letter(with_[2]) if with_ and with_[2] else None
    pairs = _paired_cell(p, column_letter(with_[0]), count).findall(xml, start, end) if with_ else []
    firsts_at = {cell: cell[2:] for cell in {cell[1:] for cell in found} if not cell[0] and (cell[1] or b"A") == letter}
    cell_parts = _paired_cell(p)
    parts = {rest: cell_parts.match(rest).groups() for rest in {rest for _, rest in pairs}}
    # (told holding any value, a shared string is taken for one unread: looking each up costs more than the scan)
    unread = {rest for rest, cell in parts.items() if _kind_of(cell[0]) == "s"} if with_ and with_[1] is None else set()
    values = _decoded({**firsts_at, **{rest: cell for rest, cell in parts.items() if rest not in unread}}, strings,
                      _last_shared(xml, p, found, start, before))  # (the strings found at once)
    keys = {cell: first_key(values.get(cell)) for cell in firsts_at}  # (a cell elsewhere, or empty: none)
    told = {cell for cell, key in keys.items() if key in firsts}
    paired = _paired(pairs, parts, values, with_[1], sum(not cell[1] for cell in found), unread) if with_ else None
    seen: dict[str, int | None] = {}  # (each key told once, by the row holding it: None once a second holds it)
    suspects: dict[int, str | None] = {}  # (each row not told by its first cell, with that cell's key)
    numbers, n = [], before
    for number, *cell in found:
        n = int(number) if number else n + 1
        if cell[0]:
            continue
        numbers.append(n)
        cell = tuple(cell)
        if cell in told and (paired is None or number in paired):
            if not placed.once:
                continue
            if (key := keys[cell]) not in seen:
                seen[key] = n
                continue
            if (earlier := seen[key]) is not None:  # (an ID on two rows: the first is judged too)
                suspects[earlier], seen[key] = key, None
        suspects[n] = keys.get(cell)
    if any(held is None for held in seen.values()):
        suspects = dict(sorted(suspects.items()))  # (in sheet order, as they are looked for)
    tops = _merge_tops(xml, p, strings, covered)
    out: dict[int, dict[int, object]] = {}
    for n in reversed(numbers):  # (the rows ending the sheet, read whole from the last)
        suspects.pop(n, None)
        span = _row_spans(xml, p, start, before, [n], True).get(n)
        judged, cells = _row_values(xml, p, strings, *span, n, tops) if span else ({}, {})
        if cells and judge(judged):
            break
        if cells:
            out[n] = cells
    spans = _row_spans(xml, p, start, before, list(suspects))
    told = _told_by_columns(xml, p, strings, placed.columns, spans, suspects) if placed.once else set()
    for n, (at_row, end_row) in spans.items():
        if n in told:
            continue
        judged, cells = _row_values(xml, p, strings, at_row, end_row, n, tops)
        if cells and not judge(judged):
            out[n] = cells
    return out


def _row_values(xml: bytes, p: bytes, strings: _Strings, at: int, end: int, n: int,
                tops: Callable[[int], object]) -> tuple[dict[int, object], dict[int, object]]:
    """The values of row ``n`` (its XML from ``at`` to its end tag at ``end``) by column as a refresh's row
    is judged (one whose cell A a merge covers holding the value of the merge's first row there, ``tops``:
    :func:`_merge_tops`), and those it holds itself; ({}, {}) for a row holding none."""
    if not _HELD.search(xml, at, end):
        return {}, {}
    cells = _one_row(xml, p, strings, at, end, n)
    if cells and 1 not in cells and (value := tops(n)) is not None:
        return {1: value, **cells}, cells
    return cells, cells


def _merge_tops(xml: bytes, p: bytes, strings: _Strings, covered: dict[int, int]) -> Callable[[int], object]:
    """The value in column A of the first row of the merge covering row ``n`` (``covered``: those rows,
    each with that first row: :func:`_merged_down`), None for one covered by none or whose first row holds
    none there: each merge's first row read when first asked for, once for the sheet."""
    read: dict[int, object] = {}

    def top(n: int) -> object:
        if (first := covered.get(n)) is not None and first not in read:
            span = _row_spans(xml, p, max(xml.find(b"<" + p + b"sheetData"), 0), 0, [first]).get(first)
            read[first] = _one_row(xml, p, strings, *span, first).get(1) if span else None
        return read.get(first)

    return top


def _one_row(xml: bytes, p: bytes, strings: _Strings, at: int, end: int, n: int) -> dict[int, object]:
    """The values of row ``n`` (its XML from ``at`` to its end tag at ``end``) by column (:func:`_head_values`)."""
    return _head_values(xml[at:end] + b"</" + p + b"row>", p, strings, 1, n - 1)[0].get(n, {})


@functools.cache
def _row_tag(p: bytes) -> re.Pattern[bytes]:
    """A row's start tag, (its number, if written)."""
    return re.compile(rb"<" + p + rb'row\b(?:\s+r\s*=\s*"(\d+)")?')


@functools.cache
def _held_value(p: bytes, groups: bool = True) -> bytes:
    """The pattern of a cell's value after its start tag's ``>``: its ``<v>`` text, its inline string's
    text when the string is one run, closed as the usual writer closes it or with an indenting writer's
    white space between the tags (a string of several runs is not read here: its row is read whole), "f"
    for a formula; without ``groups``, none of them)."""
    g = b"(" if groups else b"(?:"
    return rb"\s*<" + p + rb"(?:v\s*>" + g + rb"[^<]+)|is\b[^>]*>\s*<" + p + rb"t\b[^>/]*>" + g + rb"[^<]*)</" + p \
        + rb"t>\s*</" + p + rb"is>|" + g + rb"f)\b)"


@functools.cache
def _first_cells(p: bytes) -> re.Pattern[bytes]:
    """A row's start tag and its first cell: (its number, "/" when it is empty, the cell's column, its
    attributes after the reference, its ``<v>`` text, its inline string's text, "f" for a formula:
    :func:`_held_value`); the cell's groups empty when it holds no value, or not in a shape read here."""
    return re.compile(rb"<" + p + rb'row\b(?:\s+r\s*=\s*"(\d+)")?[^>]*?(/?)>(?:\s*<' + p
                      + rb'c\b(?:\s+r\s*=\s*"([A-Z]+)\d+")?([^>/]*)>' + _held_value(p) + rb")?")


def _decoded(cells: dict, strings: _Strings, also: Collection[int] = ()) -> dict:
    """The values of ``cells`` (each a cell's attributes after its reference, its ``<v>`` text, its inline
    string's text and "f" for a formula, by a key of the caller's: :func:`_held_value`) as
    :func:`_cell_value` reads them; a cell holding none left out.  Each cell is read once, its shared
    string looked up with the others' and those of ``also`` (indices)."""
    out, shared = {}, {}  # (a shared string read once the strings wanted are looked up, at once)
    for at, (attrs, v, text, formula) in cells.items():
        if v or text or formula:
            kind, v = _kind_of(attrs), v.decode("utf-8") if v else None
            if kind == "s" and not formula:
                shared[at] = v
            else:
                out[at] = _cell_value(kind, v, cell_text(text.decode("utf-8")) if text else "", bool(formula), strings)
    strings.want({i for v in shared.values() if (i := _index("s", v)) is not None} | set(also))
    return out | {at: _cell_value("s", v, "", False, strings) for at, v in shared.items()}


@functools.lru_cache(maxsize=64)
def _kind_of(attrs: bytes) -> str:
    """:func:`_kind` of a cell's attributes (a sheet's cells have a few sets of them: each read once)."""
    return _kind(attrs.decode("utf-8"))


def _last_shared(xml: bytes, p: bytes, found: list[tuple[bytes, ...]], start: int, before: int) -> set[int]:
    """The shared strings' indices the sheet's last row holding cells (``found``: the rows' first cells,
    :func:`_first_cells`) holds, so that reading it whole (the rows ending the sheet) searches the shared
    strings no more."""
    number = next((cell[0] for cell in reversed(found) if not cell[1]), b"")
    span = _row_spans(xml, p, start, before, [int(number)], True).get(int(number)) if number else None
    return {int(v) for v in _SHARED_AT.findall(xml, *span)} if span else set()


_SHARED_AT = re.compile(rb'\st\s*=\s*"s"[^>]*>\s*<(?:\w+:)?v\s*>\s*(\d+)\s*<')  # (a shared string's index in a cell)


def _paired(pairs: list[tuple[bytes, bytes]], parts: dict[bytes, tuple], values: dict, held: frozenset | None,
            rows: int, unread: set[bytes]) -> set[bytes] | None:
    """The numbers (as written) of the rows whose cell in a told column (``pairs``: each row's number and
    the cell after its reference, :func:`_paired_cell`; ``parts``: each such cell's; ``values``: their
    values, :func:`_decoded`) holds one of ``held`` (:func:`_test_of`), or is among ``unread`` (shared
    strings taken for any value); None when every one of the ``rows`` holding a value does (one such cell
    each)."""
    test = _test_of(held)
    ok = unread | {rest for rest in parts if rest not in unread and test(values.get(rest))}
    if len(pairs) == rows and len(ok) == len(parts):
        return None
    return {number for number, rest in pairs if rest in ok}


@functools.cache
def _paired_cell(p: bytes, letter: str | None = None, count: str | None = None,
                 parts: bool = False) -> re.Pattern[bytes]:
    """A cell in column ``letter`` written as the usual writer writes it (``<c r="F7"``; another is not
    read, its row read whole), found from that literal at the speed of a search: (its row's number, the
    cell after its reference); with ``count``, only one followed in its row by a number in that column (a
    cell without a type, or of type n: on Aggregate the Sessions count, matched in the same pass, at once
    when it is the next cell).  Without ``letter``: a cell after its reference, (its attributes, its
    ``<v>`` text, its inline string's text, "f" for a formula: :func:`_held_value`); with ``parts``: the
    row's number and those."""
    if letter is None or parts:
        return re.compile((b"" if letter is None else rb"<" + p + rb'c r="' + letter.encode() + rb'(\d+)"')
                          + rb"([^>/]*)>"
                          + _held_value(p))
    counted = rb"(?:</" + p + rb"v\s*>)?\s*</" + p + rb"c\s*>(?:(?!</?" + p + rb"row\b)[\s\S])*?<" + p + rb'c r="' \
        + count.encode() + rb'\d+"[^>/t]*(?:\st\s*=\s*"n"[^>/t]*)?>\s*<' + p + rb"v\s*>\s*[-+.\d]" if count else b""
    return re.compile(rb"<" + p + rb'c r="' + letter.encode() + rb'(\d+)"([^>/]*>' + _held_value(p, False) + rb")"
                      + counted)


def _told_by_columns(xml: bytes, p: bytes, strings: _Strings, at: dict[str, tuple[int, ...]],
                     spans: dict[int, tuple[int, int]], keys: dict[int, str | None]) -> set[int]:
    """The rows of Baseline or Follow-up among ``spans`` (each row's XML from its start to its end tag)
    that :class:`RefreshRow` takes for the refresh's, told by the columns it reads: a session ID in the
    Session ID column (``keys``: each row's first cell, :func:`first_key`), a text or a formula in the Rep
    column (``at``: each column found), a number in a cell of another column.  A row they do not tell
    (a column not found in one place, a cell written without its reference or not as the usual writer
    writes it) is read whole by the caller."""
    ids, reps = at.get("session_id", ()), at.get("rep", ())
    if len(ids) != 1 or len(reps) != 1 or not spans:
        return set()
    rep = column_letter(reps[0])
    skip = b"|".join((column_letter(ids[0]).encode(), rep.encode()))
    counted = re.compile(rb"<" + p + rb'c\s+r\s*=\s*"(?!(?:' + skip + rb')\d)[A-Z]+\d+"[^>/t]*>\s*<' + p
                         + rb"v\s*>\s*[-+.\d]")
    rep_cell = _paired_cell(p, rep, parts=True)
    cells = {}
    for n, (begin, end) in spans.items():
        key = keys.get(n)
        if key and key.strip() and counted.search(xml, begin, end) and (m := rep_cell.search(xml, begin, end)):
            cells[n] = m.groups()[1:]
    values = _decoded(cells, strings)
    return {n for n in cells if _text(value := values.get(n)) or value is FORMULA_CELL}


def _row_after(xml: bytes, p: bytes, first: int) -> tuple[int, int] | None:
    """Where the first row after row ``first`` starts, and the number of the row before it; None: none."""
    n = 0
    for m in _row_tag(p).finditer(xml, max(xml.find(b"<" + p + b"sheetData"), 0)):
        number = int(m.group(1)) if m.group(1) else n + 1
        if number > first:
            return m.start(), n
        n = number
    return None


def _row_spans(xml: bytes, p: bytes, start: int, before: int, rows: list[int],
               last: bool = False) -> dict[int, tuple[int, int]]:
    """Where each of ``rows`` (their numbers, in order) starts and where its end tag starts, from ``start``
    (``before``: the number of the row before it): found by its tag as the usual writer writes it (``<row
    r="7"``; ``last``: looked for from the sheet's end), else among every row tag."""
    close = b"</" + p + b"row"
    out, pos = {}, start
    for n in rows:
        at = xml.rfind(b"<" + p + b'row r="%d"' % n, pos) if last else xml.find(b"<" + p + b'row r="%d"' % n, pos)
        if at < 0:
            break
        out[n] = (at, xml.find(close, at))
        pos = at + 1
    if len(out) < len(rows):
        wanted, n = set(rows), before
        for m in _row_tag(p).finditer(xml, start):
            n = int(m.group(1)) if m.group(1) else n + 1
            if n in wanted:
                out[n] = (m.start(), xml.find(close, m.start()))
    return {n: span for n, span in out.items() if span[1] >= 0}


def typed_values(rows: list[list], headers: Sequence[str],
                 own: RefreshRow | None = None, firsts: Collection | None = None) -> list[str]:
    """The references of the cells holding a value outside the block a refresh writes, or in its header
    row as none of ``headers``, or in the rows under it that are none of the refresh's, or in a
    column a person inserted in the table (:func:`inserted_columns`, as the file refresh names it), or
    holding a formula (:data:`FORMULA_CELL`: a refresh writes values only, so a formula is a person's, as
    the file refresh names it), in ``rows`` (a sheet's values from A1, blanks as None; the header row found
    as :func:`block_start` finds it, and the rows under it told as :func:`typed_cells` tells them, with
    ``own`` and ``firsts``); ``headers``: the sheet's, in order."""
    width, known = len(headers), set(headers)
    values = [{c: v for c, v in enumerate(row, 1) if v is not None} for row in rows]
    head = {r: cells for r, cells in enumerate(values[:_HEAD], 1) if cells}
    if _found_start(head, headers, own) is None:  # (a header row pushed further down)
        head = {r: cells for r, cells in enumerate(values, 1) if cells}
    first, is_header = block_start(head, headers, own)
    last = first - 1 if first else 0
    lead = lead_column(values[first - 1], headers) if is_header else 1
    placed = own.placed(values[first - 1]) if own is not None and is_header else None
    tail = set() if placed is None else _typed_in(values, first, lead, placed,
                                                  own.firsts() if firsts is None else firsts)
    if placed is not None:  # (every row under the header row judged)
        last = len(rows)
    while placed is None and first and last < len(rows) and (
            any(v is not None for v in (rows[last][lead - 1:lead] if lead else rows[last]))
            or (is_header and last + 1 == first)):
        last += 1
    shifted = shifted_columns(values[first - 1], headers) if is_header else set()
    renamed = values[first - 2] if first > 1 and not is_header else {}  # (a header row renamed in full)
    inserted = set(inserted_columns(values[first - 1] if is_header else renamed, headers))
    return [f"{column_letter(c)}{r}" for r, row in enumerate(rows, 1) for c, value in enumerate(row, 1)
            if value is not None and (r < first or r > last or c > width and c not in shifted or r in tail
                                      or c in inserted
                                      or (is_header and r == first and value not in known)
                                      or value is FORMULA_CELL)]


def _typed_in(values: list[dict[int, object]], first: int, lead: int | None, placed: _Placed,
              firsts: Collection) -> set[int]:
    """The rows under the header row (``first``) of a sheet's ``values`` (by row from 1, each by column)
    that are none of the refresh's (``placed``), told as :func:`_typed_rows` tells them: the rows ending the
    sheet from the last up to the first that is the refresh's, the others by their value in the lead
    column (``lead``) when it is one of ``firsts`` (a session ID on one row only; a severity with a code, a
    grouping with a group and its Sessions count), else whole."""
    judge, with_ = placed.judge, placed.told_with
    out, end = set(), len(values)
    while end > first and (not values[end - 1] or not judge(values[end - 1])):
        if values[end - 1]:
            out.add(end)
        end -= 1
    told = None if with_ is None else _test_of(with_[1])
    # (the rows ending it too: an ID there is on two rows)
    keys = [first_key(cells.get(lead)) if lead else None for cells in values[first:]]
    again = {key for key, count in Counter(keys).items() if count > 1} if placed.once else set()
    for r, key in enumerate(keys[:end - first - 1], first + 1):
        cells = values[r - 1]
        if not (key in firsts and key not in again and (with_ is None or told(cells.get(with_[0]))
                                                        and (with_[2] is None or _counted(cells.get(with_[2]))))) \
                and cells and not judge(cells):
            out.add(r)
    return out


_HEAD = 10  # the rows looked through for the header row when row 1 is not it
_UNKNOWN = object()  # a shared string the workbook does not hold: not told
FORMULA_CELL = object()  # a formula (read from a sheet's XML, or through xlwings): words typed, whatever they show


def block_start(head: dict[int, dict], headers: Sequence[str],
                own: Callable[[dict[int, object]], bool] | None = None) -> tuple[int, bool]:
    """Where the rows a refresh wrote start in a computed sheet (``head``: the values of its first rows by
    row and column, those holding one): (that row, 0 for none; whether it is the header row).  The header
    row is the first holding the sheet's first header in column A or at least half of ``headers`` (row 1,
    or lower when rows were inserted above it; one header word typed as a note is not it); the rows above it
    were typed.  With none, the header row was deleted, cleared or renamed: the refresh's rows start at the
    first row that is one of them (``own``, :func:`refresh_row`), and the rows above it were typed (a title,
    the header renamed in full, row 1 when it is that row); with none of them either, row 1 is taken for the
    header row, every cell of it named, and a first value below it starts no block: every cell is named
    (the sheet was emptied and typed on)."""
    if (found := _found_start(head, headers, own)) is not None:
        return found
    return (1, True) if head and min(head) == 1 else (0, False)


def _found_start(head: dict[int, dict], headers: Sequence[str],
                 own: Callable[[dict[int, object]], bool] | None) -> tuple[int, bool] | None:
    """:func:`block_start`'s header row, or else the first row of the refresh's, in ``head``; None for
    neither."""
    width, known = len(headers), set(headers)
    for r in sorted(head):
        held = {value for value in head[r].values() if isinstance(value, str) and value in known}
        if head[r].get(1) == headers[0] or 2 * len(held) >= width:
            return r, True
    if own is not None and (r := next((r for r in sorted(head) if own(head[r])), None)) is not None:
        return r, False
    return None


class RefreshRow:
    """Whether a row's values (by column) are recognisably one a refresh writes on a sheet (for
    :func:`block_start`, the rows ending the sheet and those under the header row not told by their first
    cell: :func:`_typed_rows`),
    told from the row alone, so that a refresh, a
    check and a pivot table's refusal say the same: on Checks a severity in its Severity column and a code
    in its Code column; on Aggregate one of its groupings in "By", a group in "Group" and a number in
    another (its counts: every row it writes holds one); on Baseline and Follow-up a session ID in
    its Session ID column, a text (or a formula typed over it) in the Rep column and a number or a date in
    another (the counts the refresh writes in every row): a header row, renamed or not, holds words only,
    and a note, a heading or a total typed in the table or under it no rep.  A row of the last refresh whose session the
    Log no longer holds is one too: what a refresh drops of it is its own.  Called on a row alone, the columns
    are where the schema puts them (a header row deleted: where the refresh's rows start);
    :meth:`placed` finds them in the header row found too, so that a column a person inserted moves them."""

    def __init__(self, sheet: schema.Sheet):
        self.sheet = sheet
        self._keys, self._with = _RULES.get(sheet.name, (("session_id", "rep"), None))
        self._schema = {key: (sheet.keys.index(key) + 1,) for key in self._keys}
        self._test = self._at(self._schema)

    def __call__(self, cells: dict[int, object]) -> bool:
        return self._test(cells)

    def firsts(self, rows: Sequence[list] = ()) -> frozenset:
        """The values the refresh writes in the sheet's first column as :func:`first_key` gives them: on
        Checks and Aggregate whatever that column may hold (a severity, a grouping), on Baseline and
        Follow-up the session IDs of ``rows`` (the new rows; a :class:`~coachlog_xl.workbook.writer.SheetRows`'
        first column made alone), so that a row of the last refresh is told by its first cell alone."""
        if (told := _TOLD.get(self.sheet.keys[0])) is not None:
            return frozenset(told)
        column = rows.column(0) if hasattr(rows, "column") else [row[0] for row in rows if row]
        return frozenset(map(first_key, column)) - {None}

    def placed(self, header: dict[int, object]) -> _Placed:
        """The rule placed in ``header`` (the header row found: its values by column), its columns found
        once for the sheet (:meth:`columns`): the test; those columns; what a row told by its first cell
        must hold besides (on Checks a code, on Aggregate a group and its Sessions count: the refresh never
        writes a severity or a grouping alone, nor a grouping and a group without a count): that column,
        the values it may hold (None: any a refresh writes, :func:`_typed_value`) and the column that must
        hold a number (None: none, or not found in one place), None on Baseline and Follow-up or when that
        column is not found in one place; and whether a first cell's value is the refresh's in one row at
        most (a session ID: one row per session; rows holding the same one are each judged whole)."""
        at = self.columns(header, tuple(dict.fromkeys((*self._keys, *(self._with or ())))))
        judged = {key: at[key] for key in self._keys if key in at}
        moved = self._at(judged)
        judge = self._test if judged == self._schema else lambda cells: moved(cells) or self._test(cells)
        told_with = None
        if self._with is not None:
            key, *count = self._with
            cols, counts = at.get(key, ()), at.get(count[0], ()) if count else ()
            told_with = (cols[0], _TOLD[key], counts[0] if len(counts) == 1 else None) if len(cols) == 1 else None
        return _Placed(judge, judged, told_with, self._with is None)

    def columns(self, header: dict[int, object], keys: Sequence[str] | None = None) -> dict[str, tuple[int, ...]]:
        """The columns of each key told (``keys``: those, if others) found in ``header``: where its header
        is found, else (renamed) where the headers found on either side put it (:func:`_spans`: counted
        from the one left of it, or from the one right of it when columns were inserted between them); one
        whose header and column are gone (fewer columns there than the sheet has: deleted) left out, and a
        sheet that lost every column told has every row taken for the refresh's (none is named: less than a
        typed row's words is lost than a refresh's rows named)."""
        found: dict[str, int] = {}
        for col in sorted(header):
            if isinstance(header[col], str):
                found.setdefault(header_key(header[col]), col)
        at: dict[str, tuple[int, ...]] = {}
        spans = _spans(header, self.sheet.headers)
        for key in self._keys if keys is None else keys:
            place = self.sheet.keys.index(key) + 1
            (left, at_left), (right, at_right) = next(s for s in spans if s[0][1] <= place < s[1][1])
            if (col := found.get(header_key(self.sheet.column(key).header))) is not None:
                at[key] = (col,)
            elif right - left >= at_right - at_left:
                at[key] = tuple(sorted({left + place - at_left, right - (at_right - place)}))
        return at

    def _at(self, at: dict[str, tuple[int, ...]]) -> Callable[[dict[int, object]], bool]:
        """The test with each key's value looked for in its columns ``at`` (any of them), a key not in
        ``at`` not looked for."""
        if self._with is not None:
            told = [(cols, _test_of(_TOLD[key])) for key, cols in at.items()]
            if self.sheet.name == schema.AGGREGATE.name and told:  # (its counts, in every row it writes)
                seen = {col for cols in at.values() for col in cols}
                return lambda cells: all(any(test(cells.get(col)) for col in cols) for cols, test in told) \
                    and any(_counted(value) for col, value in cells.items() if col not in seen)
            return lambda cells: all(any(test(cells.get(col)) for col in cols) for cols, test in told)
        ids, reps = at.get("session_id", ()), at.get("rep", ())
        return lambda cells: (not ids or any(_typed_value(cells.get(col)) for col in ids)) \
            and (not reps or any(_text(cells.get(col)) or cells.get(col) is FORMULA_CELL for col in reps)) \
            and any(_counted(value) for col, value in cells.items() if col not in ids and col not in reps)


class _Placed(NamedTuple):
    """A sheet's :class:`RefreshRow` placed in the header row found (:meth:`RefreshRow.placed`)."""

    judge: Callable[[dict[int, object]], bool]
    columns: dict[str, tuple[int, ...]]
    told_with: tuple[int, frozenset | None, int | None] | None
    once: bool


def refresh_row(sheet: schema.Sheet) -> RefreshRow:
    """:class:`RefreshRow` of ``sheet``."""
    return RefreshRow(sheet)


def first_key(value: object) -> str | None:
    """A first cell's value as the refresh's are compared: a text as it is, a whole number without its
    point (a number as text); None for any other (blank, a formula, a date, true or false)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return None


def _typed_value(value: object) -> bool:
    """Whether a cell's value is one a refresh writes (a text not blank, or a number), not a formula."""
    return _text(value) or _counted(value)


def _text(value: object) -> bool:
    """Whether a cell's value is a text, not blank."""
    return isinstance(value, str) and value.strip() != ""


def _counted(value: object) -> bool:
    """Whether a cell's value is a number or a date (as a cell's XML or Excel gives it)."""
    return isinstance(value, (int, float, dt.date)) and not isinstance(value, bool)


_SEVERITIES = {s.value for s in Severity}
_CODES = {c.value for c in Code}
_GROUPINGS = ({label for _, label in schema.AGGREGATE_DIMENSIONS}
              | {schema.SESSION_DIMENSION, schema.EVALUATOR_DIMENSION})
# The columns a row of a sheet is told by, and what a row whose first cell is the refresh's must hold
# besides (a told column, then a column holding a number); a sheet not here: a session ID and a rep, a
# session ID telling its row alone (in one row only)
_RULES = {schema.CHECKS.name: (("severity", "code"), ("code",)),
          schema.AGGREGATE.name: (("dimension", "group"), ("group", "sessions"))}
# (the values a told column holds; None: any)
_TOLD = {"severity": _SEVERITIES, "code": _CODES, "dimension": _GROUPINGS, "group": None}


def _test_of(values: frozenset | set | None) -> Callable[[object], bool]:
    """Whether a told column's value is one of ``values`` (None: any value a refresh writes, not a formula)."""
    return _typed_value if values is None else lambda value: isinstance(value, str) and value in values


def _head_values(xml: bytes, p: bytes, strings: _Strings, rows: int = _HEAD,
                 before: int = 0) -> tuple[dict[int, dict[int, object]], bool]:
    """The values of the cells of the sheet's first ``rows`` rows by row and column, the rows holding one
    (:func:`_cell_value`), and whether the sheet has rows after them; ``before``: the rows before
    ``xml``'s first (a row written without its number is the one after them)."""
    close, end = 0, xml.rfind(b"</" + p + b"sheetData")
    more = True
    for _ in range(rows):
        found = xml.find(b"</" + p + b"row", close, end if end >= 0 else len(xml))
        if found < 0:
            more = False
            break
        close = found + 1
    more = more and xml.find(b"<" + p + b"row", close, end if end >= 0 else len(xml)) >= 0
    text = xml[:xml.find(b">", close) + 1].decode("utf-8") if close else ""
    cells = {(row, col): _parts(cell) for row, col, cell in sheet_cells(text, 0, before) if _VALUE.search(cell)}
    strings.want({i for kind, v, *_ in cells.values() if (i := _index(kind, v)) is not None})
    out: dict[int, dict[int, object]] = {}
    for (row, col), cell in sorted(cells.items()):
        out.setdefault(row, {})[col] = _cell_value(*cell, strings)
    return out, more


def _parts(cell: str) -> tuple[str, str | None, str, bool]:
    """A cell's XML as :func:`_cell_value` reads it: its type, its ``<v>`` text, its inline string's text
    (:func:`string_text`, every run of it), whether it holds a formula."""
    kind = _kind(cell[:cell.find(">")])
    v = _NUMBER.search(cell)
    return (kind, v.group(1) if v else None, string_text(cell) if kind == "inlineStr" else "",
            _FORMULA.search(cell) is not None)


def _kind(tag: str) -> str:
    """A cell's type, read in its start tag (or its attributes): "n" when it has none."""
    return m.group(1) if (m := _TYPE.search(tag)) else "n"


def _index(kind: str, v: str | None) -> int | None:
    """The index of the shared string a cell of type ``kind`` whose ``<v>`` text is ``v`` holds; None: none."""
    return int(v) if kind == "s" and v is not None and v.strip().isdigit() else None


def _cell_value(kind: str, v: str | None, text: str, formula: bool, strings: _Strings) -> object:
    """A cell's value from its type (``kind``), its ``<v>`` text, its inline string's text and whether it
    holds a formula, as a sheet shows it: a formula as :data:`FORMULA_CELL` (whatever it shows), a shared
    string as its text (one the workbook does not hold as :data:`_UNKNOWN`: its shared strings looked up
    first, :meth:`_Strings.want`), an inline string as its text, a number as a float, a boolean as True or
    False (no text: TRUE typed in Rep is no rep's name, as Excel reads it), any other (an error, a date
    written as text) as its ``<v>`` text; None without one."""
    if formula:
        return FORMULA_CELL
    if kind == "s":
        return strings.get(_index(kind, v), _UNKNOWN)
    if kind == "inlineStr":
        return text
    if v is None:
        return None
    if kind == "n" and is_number(v):
        return float(v)
    if kind == "b" and v.strip() in ("0", "1"):
        return v.strip() == "1"
    return cell_text(v)


class _Strings(dict):
    """The workbook's shared strings by index (``shared``: their part, read when one is first wanted),
    each looked up once for a sheet, those wanted together in one pass (:func:`shared_texts`): one the
    part does not hold is :data:`_UNKNOWN`."""

    def __init__(self, shared: Callable[[], bytes]):
        super().__init__()
        self._shared, self._part = shared, None

    def want(self, indices: Collection[int]) -> None:
        """Look up the strings ``indices`` not looked up yet."""
        if missing := set(indices) - self.keys():
            if self._part is None:
                self._part = self._shared()
            self.update(dict.fromkeys(missing, _UNKNOWN))
            self.update(shared_texts(self._part, missing))


def is_number(text: str | bytes) -> bool:
    """Whether a cell's ``<v>`` text reads as a number."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def string_text(xml: str) -> str:
    """The text of a string element (``<si>`` or a cell's ``<is>``): its runs, without a reading's."""
    return cell_text("".join(_TEXT.findall(_PHONETIC.sub("", xml))))


def cell_text(xml: str) -> str:
    """Cell text in a sheet's XML as Excel shows it (entities and OOXML's ``_x0041_`` read)."""
    return xstring_read(unescape(xml))


def shared_texts(xml: bytes, wanted: set[int]) -> dict[int, str]:
    """The texts of the shared strings ``wanted`` (their indices) in a shared strings part's XML; an
    index past its last is left out."""
    m = _SST.search(xml[:4096])
    tag = b"<" + ((m.group(1) or b"") if m else b"") + b"si"
    out: dict[int, str] = {}
    pos, seen = 0, 0  # seen: the elements before pos
    for index in sorted(wanted):
        pos = _nth(xml, tag, index - seen, pos)
        if pos < 0:
            break
        seen = index
        end = xml.find(b">", pos)
        out[index] = "" if xml[end - 1:end] == b"/" else \
            string_text(xml[pos:xml.find(b"</" + tag[1:], end)].decode("utf-8"))
    return out


def _nth(data: bytes, tag: bytes, n: int, start: int) -> int:
    """Where the ``n``-th occurrence (0: the first) of ``tag`` from ``start`` starts, or -1: counted a
    megabyte at a time while far, then found one by one."""
    step = 1 << 20
    while n > 64 and start < len(data):
        count = data.count(tag, start, start + step)
        if count > n:
            break
        n -= count
        start += step - len(tag) + 1  # (a tag across the chunks' border is counted in the next)
    for _ in range(n):
        start = data.find(tag, start) + 1
        if start == 0:
            return -1
    return data.find(tag, start)


def _led_by_reference(xml: bytes, p: bytes) -> bool:
    """Whether every cell tag starts ``<c r="`` (as Excel, LibreOffice and openpyxl write them), counted at
    the speed of memory: every tag starting ``<c`` in the cell data (a rich text's ``<color>`` too, which
    only makes the answer no)."""
    start, end = xml.find(b"<" + p + b"sheetData"), xml.rfind(b"</" + p + b"sheetData>")
    tag = b"<" + p + b"c"
    return start < 0 or xml.count(tag + b' r="', start, end) == xml.count(tag, start, end)


def _past(p: bytes, width: int) -> re.Pattern[bytes]:
    """A cell tag ``<c r="...`` whose reference lies right of column ``width`` (more letters than its
    letter, or as many and later in the alphabet at the first letter that differs); searched from its
    literal start, it costs about 2 ms a megabyte."""
    last = column_letter(width)
    later = [(last[:i] + f"[{chr(ord(last[i]) + 1)}-Z]" + "[A-Z]" * (len(last) - i - 1)).encode()
             for i in range(len(last)) if last[i] != "Z"] + [b"[A-Z]{%d,3}" % (len(last) + 1)] * (len(last) < 3)
    return re.compile(rb"<" + p + rb'c r="(?:' + b"|".join(later) + rb")\d")


def _block(xml: bytes, p: bytes, covered: Collection[int] = frozenset(), first: int = 1,
           header: bool = True, lead: int | None = 1) -> tuple[int, int | None]:
    """The last row of the block (rows ``first`` .. n, each with a value in column ``lead``, the column of
    the sheet's first header (:func:`lead_column`; None: in any column); ``header``: row ``first`` is the
    header row, one of the block whatever it holds) and the byte where the first row after it starts (None:
    none).
    A row or a cell written without its number is the one after the one before (ECMA-376); a row whose
    cell A lies under a merge (``covered``: the refresh unmerges it) is one of the block, as it was written.
    Without merges and from row 1 the rows are first matched all at once (``findall``, no match object per
    row: the Checks' 57,506 rows at a million score rows in 40 ms, not 180 ms), and one by one only where a
    row ends the block."""
    rows = _valued(p, row=True)
    # (a group that did not take part is b"" here: none of them matches nothing when it does)
    if not covered and first == 1 and lead == 1:
        found = rows.findall(xml)
        if all((not number or int(number) == n) and not empty and (value and column in (b"", b"A") or header and n == 1)
               for n, (number, empty, column, value) in enumerate(found, 1)):
            return len(found), None
    n, before = first - 1, 0  # n: the block's last row so far; before: the number of the row before
    for m in rows.finditer(xml):
        number, empty, column, value = m.groups()
        if lead != 1 and not empty:  # (the row's cells read for a value in the lead column, or in any)
            column, value = None, _holds(xml[m.start():xml.find(b"</" + p + b"row", m.start())], p, lead)
        at = int(number) if number is not None else before + 1
        before = at
        if at < first:  # (above the block: the caller names what they hold)
            continue
        while at > n + 1 and n + 1 in covered:  # (rows the merge left empty)
            n += 1
        in_block = not empty and (value and column in (None, b"A") or (header and at == first)) or n + 1 in covered
        if at != n + 1 or not in_block:
            return n, m.start()
        n += 1
    return n, None


def _holds(row: bytes, p: bytes, lead: int | None) -> bool:
    """Whether a row's XML holds a value in column ``lead`` (None: in any; a cell without its reference
    taken for one there)."""
    letter = column_letter(lead).encode() if lead else None
    return any(letter is None or c.group(1) in (None, letter) for c in _valued(p).finditer(row))


@functools.cache
def _valued(p: bytes, row: bool = False) -> re.Pattern[bytes]:
    """A cell holding a value: (its column, its value's start tag); ``row``: a row's start tag and its first
    cell when that holds one: (the row's number, "/" when it is empty, then those)."""
    cell = rb"<" + p + rb'c\b(?:\s+r\s*=\s*"([A-Z]+)\d+")?[^>/]*>\s*<' + p + rb"(v\s*>[^<]|is\b|f\b)"
    return re.compile(rb"<" + p + rb'row\b(?:\s+r\s*=\s*"(\d+)")?[^>]*?(/?)>(?:\s*' + cell + rb")?" if row else cell)


def lead_column(header: dict[int, object], headers: Sequence[str]) -> int | None:
    """The column of a computed sheet's first header in its header row (``header``: its values by column):
    where it is found, or A when the row's columns before the first header found are as many as the sheet
    has there (renamed in place); None when more (a column inserted before a renamed first header: which is
    the first is not told, and a row's value in any column keeps it in the block)."""
    (_, (right, at_right)), *_ = _spans(header, headers)
    return right if at_right == 1 else 1 if right == at_right else None


def _merged_down(xml: bytes) -> dict[int, int]:
    """The rows whose cell A a merge starting in column A covers, below the merge's first row (the ranges
    :func:`~coachlog_xl.workbook.restyled.merged_by_hand` names), each with that first row."""
    return {r: int(m[1]) for ref in merged_by_hand(xml) if (m := re.fullmatch(r"A(\d+):[A-Z]+(\d+)", ref))
            for r in range(int(m[1]) + 1, int(m[2]) + 1)}


def said(found: dict[str, list[str]]) -> str:
    """Cells by sheet in words: ``Follow-up A80, BM2; Checks C90`` (of each sheet the first :data:`SHOWN`,
    then how many more)."""

    def one(sheet: str, refs: list[str]) -> str:
        more = f" and {len(refs) - SHOWN} more" if len(refs) > SHOWN else ""
        return f"{sheet} {', '.join(refs[:SHOWN])}{more}"

    return "; ".join(one(sheet, refs) for sheet, refs in found.items())


def decided_where(found: dict[str, list[tuple[str, int | None, str, str]]], verb: str = "held") -> str:
    """Follow-up decisions the Log does not hold (cell, the session's Log row, None or :data:`NOT_ON_LOG`,
    session ID, value), in words true whether one was typed there or cleared on the Log: ``Follow-up AI2
    held "close", which Log row 2's Decision does not hold: if ...``; and of a session no row of the Log
    holds now, true whether it was typed there or was the Log's before its rows were deleted or its ID
    changed (each kind's first :data:`SHOWN`, then how many more); ``verb``: "holds" when said of the next
    refresh."""
    cells = [(f"{sheet} {ref}", row, sid, value) for sheet, refs in found.items() for ref, row, sid, value in refs]
    unheld = [(cell, f'{verb} "{value}", which ' + (f"Log row {row}'s Decision" if row is not None
                                                  else f"the Log's Decision for {sid}") + " does not hold")
              for cell, row, sid, value in cells if row != NOT_ON_LOG]
    gone = [(cell, f'{verb} "{value}" for {sid}, a session no row of the Log holds now')
            for cell, row, sid, value in cells if row == NOT_ON_LOG]
    said_unheld = _listed(unheld, lambda it: f"if you typed {it} on Follow-up, type it in the Log's Decision; "
                          f"if you cleared {it} on the Log, nothing is lost")
    said_gone = _listed(gone, lambda it: f"if you typed {it} on Follow-up, type it in the Log's Decision of the "
                        f"session's rows; if {it} was the Log's, copied before its rows were deleted or its "
                        "Session ID changed, nothing is lost")
    return ". ".join(words for words in (said_unheld, said_gone) if words)


NOT_ON_LOG = 0  # the Log row of a decision's session no row of the Log holds (:func:`decided_where`)


def _listed(cells: list[tuple[str, str]], then: Callable[[str], str]) -> str:
    """``cells`` (a cell, what it held) as one sentence, the first :data:`SHOWN`, then how many more, ending
    with ``then`` of "it" (one cell) or "one"; "" for none."""
    if not cells:
        return ""
    more = f" and {len(cells) - SHOWN} more" if len(cells) > SHOWN else ""
    return ("; ".join(f"{cell} {held}" for cell, held in cells[:SHOWN]) + more + ": "
            + then("it" if len(cells) == 1 else "one"))
