"""The rows of text above a pasted export's body: where a column-wise read starts, and what those rows hold.

The README asks for the week's export pasted as exported, its header row included, into Scores: under
the template's header, the export's own header (and any title rows above it) stand in rows 2, 3...
Every number or date column then holds text at its top, which a column-wise read of the sheet from row 1
would have to load again and again, or leave to the row reader.  :func:`scan` finds the run of rows of
text only at the top of the sheet (rows 1 .. k), so that fastexcel loads the sheet once with row k as
its header row (:func:`coachlog_xl.workbook.fastload.load`), and :func:`values` gives rows 1 .. k as the
row reader gives them: python-calamine, as :mod:`coachlog_xl.workbook.book` uses it, reading a small
workbook of the original's parts holding only those rows and the shared strings they use, copied byte
for byte.  No string is decoded here.  :func:`top` makes such a workbook of the first rows, whatever
they hold, for fastexcel to type the columns by (:func:`coachlog_xl.workbook.fastload._sampled`).

Imports neither pandas nor numpy: it runs in the prefetch's second process (:mod:`.prefetch`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from coachlog_xl.workbook.partnames import rels_name, resolve, stored_name
from coachlog_xl.workbook.rootprefix import root_prefix

LEAD_ROWS = 64  # the most rows of text looked through above the first row holding another value
LEAD_BYTES = 1 << 22  # and the most of the sheet's XML read to find them

_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(/?)>")  # (its attributes; "/" when it holds no cell)
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)  # (attributes, content)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_TEXT_CELL = re.compile(rb'\bt="(?:s|inlineStr|str)"')
_SHARED_CELL = re.compile(rb'\bt="s"')
_R = re.compile(rb'\br\s*=\s*["\']([^"\']*)["\']')  # (XML allows either quote, and spaces around =)
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?/>")
_V = re.compile(rb"(<(?:\w+:)?v>)\s*(\d+)\s*(</(?:\w+:)?v>)")
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>.*?</(?:\w+:)?si>)", re.S)
_SI_START = re.compile(rb"<(?:\w+:)?si\b")
_SST = re.compile(rb"<((?:\w+:)?)sst\b")
_SST_END = re.compile(rb"</(?:\w+:)?sst>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*?)/?>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*?)/?>")
DATE1904 = re.compile(rb"""<(?:\w+:)?workbookPr\b[^>]*?\bdate1904=(["'])(?:1|true)\1""")


@dataclass
class Head:
    """The top of a sheet whose first stored row is row 1 and whose first cell is A1, holding a value:
    ``text`` whether every cell of row 1 is text; ``rows`` the number of rows of text only at the top
    (k: the cells of rows 1 .. k are text or empty, and a row below holds another value, within
    :data:`LEAD_ROWS`), 1 when there is no such run; ``xml`` the sheet's XML to the end of row k."""

    text: bool
    rows: int = 1
    xml: bytes = b""


def scan(path: Path, part: str) -> Head | None:
    """The :class:`Head` of the sheet in ``part``, or None when its first stored row is not row 1, or
    that row's first cell is not A1 or holds nothing (fastexcel would drop the offset).  A row or a cell
    stored without its number (``r``) follows the one before it: the first is row 1, column A."""
    with zipfile.ZipFile(path) as book, book.open(part) as fh:
        rows = _rows(fh)
        first = next(rows, None)
        if first is None or first[1] is None or _number(first[0]) not in (None, b"1"):
            return None
        cell = _CELL_TAG.search(first[1])
        if cell is None or cell.group(2) or _number(cell.group(1)) not in (None, b"A1"):
            return None
        head = Head(_text_only(first[1]))
        k, last = 1, first[2]
        for attributes, cells, end, data in rows if head.text else ():
            stated = _number(attributes)
            number = k + 1 if stated is None else int(stated) if stated.isdigit() else 0
            if number <= k or number > LEAD_ROWS:  # (rows out of order, or too many rows of text)
                return head
            if cells is None or _text_only(cells):
                k, last = number, end
                continue
            if k >= 2:
                head.rows, head.xml = k, data[:last]
            return head
        return head


def _rows(fh):
    """(attributes, XML of its cells or None for a row stored as ``<row/>``, where it ends, the XML read
    so far) of each of the sheet's rows, read a chunk at a time up to :data:`LEAD_BYTES`."""
    data, pos, done = b"", None, False
    while True:
        if pos is None and (start := data.find(b"<sheetData")) >= 0:
            pos = start
        row = _ROW_TAG.search(data, pos) if pos is not None else None
        if pos is not None and _DATA_END.search(data, pos, row.start() if row is not None else len(data)):
            return
        end = None if row is None or row.group(2) else _ROW_END.search(data, row.end())
        if row is not None and (row.group(2) or end is not None):
            yield (row.group(1), None, row.end(), data) if row.group(2) else \
                (row.group(1), data[row.end():end.start()], end.end(), data)
            pos = row.end() if row.group(2) else end.end()
            continue
        if done or len(data) >= LEAD_BYTES:
            return
        chunk = fh.read(64 * 1024)
        done, data = not chunk, data + chunk


def _text_only(cells: bytes) -> bool:
    """Whether every cell of a row's XML is text (shared, inline or a formula's text) or holds nothing."""
    for cell in _CELL.finditer(cells):
        if not _TEXT_CELL.search(cell.group(1)) and cell.group(2) is not None and b"<" in cell.group(2):
            return False
    return True


def _number(attributes: bytes) -> bytes | None:
    """The ``r`` of a row's or a cell's start tag (its attributes), or None when it has none."""
    found = _R.search(attributes)
    return None if found is None else found.group(1)


def top(path: Path, part: str, first: int, more: int) -> bytes | None:
    """A small workbook (:func:`_small_book`) of the sheet's first ``first`` stored rows and up to ``more``
    rows below them, ending before a row of text only (another paste's header); None when the sheet holds
    no row (within :data:`LEAD_BYTES`)."""
    with zipfile.ZipFile(path) as book, book.open(part) as fh:
        last, xml, n = None, b"", 0
        for _, cells, end, data in _rows(fh):
            if n >= first and (n >= first + more or cells is None or _text_only(cells)):
                break
            last, xml, n = end, data, n + 1
    return None if last is None else _small_book(path, part, Head(True, n, xml[:last]))


def values(path: Path, sheet: str, part: str, head: Head) -> list[list] | None:
    """Rows 1 .. ``head.rows`` of the sheet as python-calamine gives them (a blank cell as ""), each as
    wide as the widest; None when they cannot be read so."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - exercised where the wheel is missing
        return None
    try:
        small = _small_book(path, part, head)
        if small is None:
            return None
        rows = CalamineWorkbook.from_filelike(io.BytesIO(small)).get_sheet_by_name(sheet).to_python(
            skip_empty_area=False)
    except Exception:  # noqa: BLE001 - any failure: the sheet is read from row 1 as before
        return None
    if len(rows) > head.rows:
        return None
    width = max(map(len, rows), default=0)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    return rows + [[""] * width for _ in range(head.rows - len(rows))]


def _small_book(path: Path, part: str, head: Head) -> bytes | None:
    """A workbook of the original's content types, relationships, workbook and styles parts, the sheet's
    part holding rows 1 .. k only and a shared strings part holding the strings they use, renumbered."""
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        workbook = _target("", _read(book, "_rels/.rels"), "/officeDocument")
        workbook = None if workbook is None else stored_name(workbook, names)
        if workbook is None or workbook not in names:
            return None
        workbook_rels = stored_name(rels_name(workbook), names)
        rels = _read(book, workbook_rels)
        strings, styles = (None if t is None else stored_name(t, names)
                           for t in (_target(workbook, rels, "/sharedStrings"), _target(workbook, rels, "/styles")))
        xml, used = _renumbered(head.xml)
        if xml is None or (used and (strings is None or strings not in names)):
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as small:
            for name in ("[Content_Types].xml", "_rels/.rels", workbook, workbook_rels, styles):
                if name is not None and name in names:
                    small.writestr(name, book.read(name))
            small.writestr(part, xml)
            if strings is not None and strings in names:
                sst = _strings(book, strings, used)
                if sst is None:
                    return None
                small.writestr(strings, sst)
    return out.getvalue()


def _renumbered(xml: bytes) -> tuple[bytes | None, list[int]]:
    """The sheet's XML to the end of row k closed (its root element with its own prefix:
    :func:`~coachlog_xl.workbook.rootprefix.root_prefix`), without its stated dimension (so that the
    reader sizes the sheet by its rows), each shared string cell numbered in the order of first use;
    and the original numbers in that order.  (None, []) when a shared string cell holds no number."""
    data = _SHEET_DATA.search(xml)
    root = root_prefix(xml)
    if data is None or root is None:
        return None, []
    used: dict[int, int] = {}
    bad = False

    def cell(m: re.Match) -> bytes:
        nonlocal bad
        if not _SHARED_CELL.search(m.group(1)):
            return m.group(0)
        v = _V.search(m.group(0))
        if v is None:
            bad = True
            return m.group(0)
        new = used.setdefault(int(v.group(2)), len(used))
        whole = m.group(0)
        return whole[:v.start()] + v.group(1) + str(new).encode() + v.group(3) + whole[v.end():]

    rows = _CELL.sub(cell, xml[data.start():])
    if bad:
        return None, []
    top = _DIMENSION.sub(b"", xml[:data.start()])
    return top + rows + b"</" + data.group(1) + b"sheetData></" + root.encode() + b"worksheet>", list(used)


def _strings(book: zipfile.ZipFile, part: str, used: list[int]) -> bytes | None:
    """A shared strings part holding the ``<si>`` elements numbered ``used`` in that order, copied byte
    for byte: the part is read as far as the highest of them.  None when it holds fewer."""
    wanted = set(used)
    found: dict[int, bytes] = {}
    top = None
    with book.open(part) as fh:
        data, index, pos = b"", 0, 0
        while top is None or len(found) < len(wanted):
            chunk = fh.read(64 * 1024)
            data += chunk
            if top is None:
                first = _SI_START.search(data) or (None if chunk else _SST_END.search(data))
                if first is None:
                    if not chunk:
                        return None
                    continue
                top, pos = data[:first.start()], first.start()
            while (m := _SI.search(data, pos)) is not None and (m.end() < len(data) or not chunk):
                if index in wanted:
                    found[index] = m.group(0)
                index, pos = index + 1, m.end()
                if len(found) == len(wanted):
                    break
            if not chunk and len(found) < len(wanted):
                return None
            data, pos = data[pos:], 0
    sst = _SST.search(top or b"")
    if sst is None:
        return None
    return top + b"".join(found[i] for i in used) + b"</" + sst.group(1) + b"sst>"


def _read(book: zipfile.ZipFile, name: str) -> bytes:
    """A part, whatever the case its name is written in (:func:`~coachlog_xl.workbook.partnames.stored_name`);
    b"" when the zip lacks it."""
    name = stored_name(name, book.NameToInfo)
    return book.read(name) if name in book.NameToInfo else b""


def _target(part: str, rels: bytes, kind: str) -> str | None:
    """The part the first relationship of ``rels`` (those of ``part``) whose type ends with ``kind``
    points to, as a zip name."""
    for m in _RELATIONSHIP.finditer(rels):
        attrs = {k: a or b for k, a, b in _ATTRIBUTE.findall(m.group(1))}
        if attrs.get(b"Type", b"").endswith(kind.encode()) and attrs.get(b"TargetMode") != b"External":
            return resolve(part, attrs.get(b"Target", b"").decode("utf-8", "replace"))
    return None


def counts_from_1904(path: Path) -> bool:
    """Whether the workbook part says the 1904 date system (Excel for Mac's option): its date cells are
    days from 1904-01-01 (:func:`coachlog_xl.workbook.parts.date1904`, without importing what that imports)."""
    try:
        with zipfile.ZipFile(path) as book:
            workbook = _target("", _read(book, "_rels/.rels"), "/officeDocument")
            return workbook is not None and DATE1904.search(_read(book, workbook)) is not None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> its part, found as :func:`coachlog_xl.workbook.parts.sheet_parts` finds it (without
    importing what that imports); {} when the package cannot tell."""
    try:
        with zipfile.ZipFile(path) as book:
            workbook = _target("", _read(book, "_rels/.rels"), "/officeDocument")
            if workbook is None:
                return {}
            rels = _read(book, rels_name(workbook))
            targets = {}
            for m in _RELATIONSHIP.finditer(rels):
                attrs = {k: a or b for k, a, b in _ATTRIBUTE.findall(m.group(1))}
                if b"Id" in attrs and attrs.get(b"TargetMode") != b"External":
                    targets[attrs[b"Id"]] = stored_name(resolve(
                        workbook, attrs.get(b"Target", b"").decode("utf-8", "replace")), book.NameToInfo)
            out = {}
            for m in _SHEET.finditer(_read(book, workbook)):
                attrs = {k: a or b for k, a, b in _ATTRIBUTE.findall(m.group(1))}
                rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
                if b"name" in attrs and rid in targets:
                    out[_unescape(attrs[b"name"].decode("utf-8", "replace"))] = targets[rid]
            return out
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return {}


_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#x([0-9a-fA-F]+)|#([0-9]+));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    """An attribute's text as written in XML (its five named entities and character references) as text
    (without importing :mod:`xml.sax`, which the second process would import for this alone)."""
    return _ENTITY.sub(lambda m: _NAMED[m.group(1)] if m.group(1) else chr(int(m.group(2) or m.group(3),
                                                                              16 if m.group(2) else 10)), text)
