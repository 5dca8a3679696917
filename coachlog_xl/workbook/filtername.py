"""A computed sheet's hidden filter name, set back to the whole columns when the rows written outrun it.

Excel records a sheet's filter range twice: in the sheet's ``<autoFilter>`` and in a hidden defined name
in workbook.xml, ``_xlnm._FilterDatabase``, local to the sheet (``localSheetId``: its place among the
sheets), which every save sets to the filter's rows exactly (``'Follow-up'!$A$1:$BJ$3``).  LibreOffice
takes the filter's range from the name, not from the sheet.  A refresh fits a computed sheet's
``<autoFilter>`` to the rows it writes (:func:`~coachlog_xl.workbook.sheetxml.computed_sheet`); when the
sheet's name no longer covers them, its text is set to the whole columns, as the template writes it
(``'Follow-up'!$A$1:$BJ$1048576``), so that LibreOffice filters and sorts every row.

Only that text changes, the sheet's reference in it kept as written; every other byte of workbook.xml is
kept.  A name that covers the rows (the template's, one a refresh set) leaves workbook.xml as it was.  No
other name is touched: print titles and areas, a person's own names (on a computed sheet or not), the
filter name of a sheet that is not computed, or of a computed sheet without a filter of its own (a person
switched it off, or a table's filter took its place), or one that refers to another sheet.
"""

from __future__ import annotations

import re
import zlib

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import column_index_from_string, get_column_letter
from coachlog_xl.workbook.filters import own_end
from coachlog_xl.workbook.parts import attribute_text
from coachlog_xl.workbook.sheetxml import attributes
from coachlog_xl.workbook.xmltext import escape

FILTER_NAME = "_xlnm._FilterDatabase"
_SHEET = re.compile(r"<(?:\w+:)?sheet\b([^>]*?)/?>")
_DEFINED_NAME = re.compile(r"(<(?:\w+:)?definedName\b([^>]*)>)([^<]*)(</(?:\w+:)?definedName>)")
# a reference's sheet (quoted, a quote in it doubled, or bare) and the rest: the range
_REFERENCE = re.compile(r"(?:'((?:[^']|'')+)'|([^'!]+))!(.*)", re.S)
_AREA = re.compile(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)|\$?([A-Z]{1,3}):\$?([A-Z]{1,3})")
_OWN_FILTER = re.compile(r"<(?:\w+:)?autoFilter\b")


def widen_filter_names(pkg, book: str, written: dict[str, tuple[int, int, bytes]]) -> None:
    """Set each computed sheet's filter name in ``book`` (the workbook part, as the refresh has it so far)
    to the sheet's whole columns where it does not cover the rows the refresh writes.  ``written``:
    computed sheet name -> (its number of columns, the last row written, its XML as read)."""
    data = pkg.edited.get(book)
    text = (zlib.decompress(data.data, -15) if data is not None else pkg.read(book)).decode("utf-8")
    titles = [attribute_text(attributes(m.group(1)).get("name", "")) for m in _SHEET.finditer(text)]

    def widened(m: re.Match) -> str:
        attrs = attributes(m.group(2))
        at = attrs.get("localSheetId", "")
        if attrs.get("name") != FILTER_NAME or not at.isdigit() or int(at) >= len(titles):
            return m.group(0)
        title = titles[int(at)]
        name = schema.sheet_named(written, title)
        if name is None:
            return m.group(0)
        columns, last_row, xml = written[name]
        ref = _REFERENCE.fullmatch(attribute_text(m.group(3)).strip())
        if ref is None or ((ref.group(1) or "").replace("''", "'") + (ref.group(2) or "")).casefold() != \
                title.casefold() or _covers(ref.group(3), columns, last_row) or not _has_own_filter(xml):
            return m.group(0)
        sheet = ref.group(0)[:ref.start(3) - 1]  # the sheet as the name wrote it, quotes and all
        whole = f"{sheet}!$A$1:${get_column_letter(columns)}${schema.SHEET_ROWS}"
        return m.group(1) + escape(whole) + m.group(4)

    new = _DEFINED_NAME.sub(widened, text)
    if new != text:
        pkg.put(book, new.encode("utf-8"))


def _covers(area: str, columns: int, last_row: int) -> bool:
    """Whether the range ``area`` (``$A$1:$BJ$3``, whole columns ``$A:$BJ``) holds A1 to the last column
    and the last row written."""
    m = _AREA.fullmatch(area.strip())
    if m is None:  # another shape, #REF!, several areas: not the filter's range
        return False
    if m.group(5):
        first, last, top, bottom = m.group(5), m.group(6), 1, schema.SHEET_ROWS
    else:
        first, last, top, bottom = m.group(1), m.group(3), int(m.group(2)), int(m.group(4))
    return first == "A" and top == 1 and column_index_from_string(last) >= columns and bottom >= last_row


def _has_own_filter(xml: bytes) -> bool:
    """Whether a sheet's XML has a filter of its own after its cells (not a custom view's)."""
    end = xml.rfind(b"sheetData")
    tail = xml[max(end, 0):].decode("utf-8")
    return _OWN_FILTER.search(tail, 0, own_end(tail)) is not None
