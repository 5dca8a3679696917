"""Formulas stored without their values, found in a long sheet as its XML is unzipped.

A file written by a program that does not calculate (a script's openpyxl) stores each formula with an
empty value (``<f>A2*2</f><v></v>``, or no ``<v>`` at all), which the readers give as blank.  A Scores
sheet can hold a million rows, so it is never held whole for this: :func:`rows_holding` reads it a
chunk at a time (or :class:`Rows` is given the pieces another reader unzips), each chunk cut where its last row starts,
and keeps only the rows that may hold such a formula, for :func:`~coachlog_xl.workbook.celledits.formula_cells` to
read.  The sheet data of a file Excel or LibreOffice saved holds no letter f at all (texts are shared strings, numbers
and dates digits), which is looked for first at the speed of memory, so such a sheet costs its unzipping only.
The ranges of merged cells the sheet lists after its rows are taken on the way (:data:`MERGED`).
"""

from __future__ import annotations

import re
import zipfile

from coachlog_xl.workbook.rootprefix import root_prefix, root_unread
from coachlog_xl.workbook.zipsizes import open_part

# a formula stored without its value: the end of its <f> element, then the cell's end or an empty <v>
_UNVALUED = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^<>]*/>)\s*(?:</(?:\w+:)?c>|<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</)")
_NUMBERED = re.compile(rb'\sr="')
# a formula element's tag: "f>" (<f>, </f>, </x:f>), "<f " or ":f " (<f t="shared" ...>, <x:f ...>), in one
# pass that looks at the letter f alone (three searches of the bytes for these take four times as long)
_FORMULA = re.compile(rb"f(?:>|(?<=[<:]f) )")
_ROW_END = frozenset(b" >\n\r\t")  # what may follow "<row" in a row's start tag
# the most of a part's start held while its root element is not read whole (a comment or instruction
# never closed, or no worksheet): past it, rows are looked for unprefixed, as in a part without one
ROOT_WAIT = 1 << 22
MERGED = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"')


def may_hold(xml: bytes) -> bool:
    """Whether a piece of a sheet's XML may hold a formula stored without its value: the letter f, then
    any formula, then the search.  A formula giving "" (an empty value typed as text) is found too:
    :func:`~coachlog_xl.workbook.celledits.formula_cells` tells it apart."""
    return b"f" in xml and _FORMULA.search(xml) is not None and _UNVALUED.search(xml) is not None


def rows_holding(zf: zipfile.ZipFile, part: str, chunk: int = 1 << 20, merged: list | None = None) -> bytes | None:
    """The rows of the part's sheet that may hold a formula stored without its value, whole and in
    order (b"" for none), or None when one of them has no row number (its number follows from the rows
    before it, which are not kept: the caller reads the whole sheet).  ``merged`` gets the ranges of
    merged cells the sheet lists after its rows (``A2:A9``), when it is read to its end."""
    rows = Rows()
    with open_part(zf, part) as fh:  # (a part holding more than it declares: said before fastexcel reads it)
        while data := fh.read(chunk):
            rows.feed(data)
            if rows.unnumbered:
                return None
    return rows.end(merged)


class Rows:
    """:func:`rows_holding` fed the sheet's XML a piece at a time by whoever unzips it: the cut of a long
    Scores sheet in two (:mod:`~coachlog_xl.workbook.halves`) unzips the whole sheet already, where a
    scan of its own would unzip it again (0.5-0.9 s of a million rows' 225 MB).  Each piece is looked
    through up to where its last row starts, that row carried to the next piece."""

    def __init__(self):
        self.size = 0  # the bytes fed
        self.unnumbered = False  # a row that may hold such a formula has no row number: :meth:`end` gives None
        self._found: list[bytes] = []
        self._tail, self._close, self._start, self._first = b"", b"</row>", b"<row", True
        self._unread = 0  # the bytes read when the root element was last found not read whole yet

    def feed(self, data: bytes) -> None:
        self.size += len(data)
        if self.unnumbered:
            return
        window = self._tail + data
        if self._first and not self._rooted(window):
            self._tail = window
            return
        # up to the last row's start: whole rows, those stored as one empty tag (<row r="9" s="1"/>,
        # a formatted blank row) too, so that a long run of them is not carried from read to read
        end = _last_start(window, self._start)
        if end <= 0:  # no row starts here after one that ended: the next piece completes it
            self._tail = window
            return
        whole, self._tail = window[:end], window[end:]
        if may_hold(whole) and not _keep(whole, self._start, self._close, self._found):
            self.unnumbered, self._tail = True, b""

    def end(self, merged: list | None = None) -> bytes | None:
        """The rows kept (:func:`rows_holding`'s answer) once the whole sheet was fed."""
        tail = self._tail
        if self._first:
            self._rooted(tail, whole=True)
        if self.unnumbered or (tail and may_hold(tail) and not _keep(tail, self._start, self._close, self._found)):
            return None
        if merged is not None:
            merged.extend(ref.decode() for ref in MERGED.findall(tail))
        return b"".join(self._found)

    def _rooted(self, window: bytes, whole: bool = False) -> bool:
        """Whether the sheet's namespace prefix, if it has one, is taken from its root element (the rows'
        tags then known), ``window`` being the sheet's XML from its start (``whole``: all of it).  Not
        while the prolog or the root's name is cut off (:func:`~coachlog_xl.workbook.rootprefix.root_unread`),
        looked at again once twice as much is read: a long prolog read in many pieces is looked through
        a few times, not once a piece; and not past :data:`ROOT_WAIT` bytes, so that a start never ended
        is not held whole (nor copied once a piece)."""
        waits = not whole and len(window) < ROOT_WAIT
        if waits and len(window) < 2 * self._unread:
            return False
        prefix = root_prefix(window)
        if prefix is None and waits and root_unread(window):
            self._unread = len(window)
            return False
        p = (prefix or "").encode()  # ("" too when the part is no worksheet: its rows are looked for as <row)
        self._close, self._start, self._first = b"</" + p + b"row>", b"<" + p + b"row", False
        return True


def _last_start(window: bytes, start: bytes) -> int:
    """Where the last row of ``window`` starts (``start`` then a space, ">" or a line's end: not <rowBreaks,
    which follows the rows), or -1 for none; one search back from the end, where the five searches of
    ``start`` and each character would each read the whole window when one of them is not in it."""
    end = window.rfind(start)
    while end >= 0 and (end + len(start) >= len(window) or window[end + len(start)] not in _ROW_END):
        end = window.rfind(start, 0, end)
    return end


def _keep(xml: bytes, start: bytes, close: bytes, found: list[bytes]) -> bool:
    """Add to ``found`` each row of ``xml`` (whole rows) holding a formula without its value; False when
    such a row has no row number."""
    last = -1
    for m in _UNVALUED.finditer(xml):
        begin = xml.rfind(start, 0, m.start())
        if begin < 0 or begin == last:
            continue
        last = begin
        head = xml[begin:xml.find(b">", begin)]
        if not _NUMBERED.search(head):
            return False
        found.append(xml[begin:xml.find(close, m.end()) + len(close)])
    return True
