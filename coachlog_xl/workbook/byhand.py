"""What a person did on a computed sheet, read from its XML as it was, in the process that makes its new part.

A refresh rewrites a computed sheet whole, and says what it did not keep there: the cells a person typed
(found before the parts are made, so that Checks can say them: :mod:`~coachlog_xl.workbook.typedchecks`),
formatted, merged or gave a number format, the rows hidden (:mod:`~coachlog_xl.workbook.restyled`), the
notes and links whose row now holds another subject (:mod:`~coachlog_xl.workbook.notes`); and it drops
Excel's calculation chain when a formula was typed there (:func:`holds_formula`).  Each is a scan of the
sheet's old XML, tens of megabytes a sheet at a million score rows (about 0.6 s for the four sheets, one
after another).  :func:`scan` does them all for one sheet, and
:func:`~coachlog_xl.workbook.package.refresh_package` has it run by the process that makes the sheet's
new part (:func:`~coachlog_xl.workbook.package._make_parts`), so that the scans are split between the two
processes as the parts are; what they find is a few short lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from coachlog_xl import schema
from coachlog_xl.workbook.filters import unapplied_filters
from coachlog_xl.workbook.intable import FORMULA
from coachlog_xl.workbook.notes import moved_links, moved_notes
from coachlog_xl.workbook.restyled import cell_styles, hidden_by_hand, merged_by_hand, reformatted_cells, restyled_cells
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import columns_of


@dataclass(frozen=True)
class Asked:
    """Which of :class:`Found`'s scans a refresh wants (True for each the caller reports; a scan left
    False is not made)."""

    restyled: bool = False
    reformatted: bool = False
    unhidden: bool = False
    notes: bool = False
    links: bool = False


@dataclass(frozen=True)
class Found:
    """What :func:`scan` found on one computed sheet, each in sheet order, empty where not asked."""

    restyled: list[str] = field(default_factory=list)
    reformatted: list[str] = field(default_factory=list)
    unhidden: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    unfiltered: list[str] = field(default_factory=list)  # the headers of the columns whose filter is not applied


def scan(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], tables: Sequence[tuple[int, str]],
         comments: Sequence[bytes], shared: Callable[[], bytes], stored: Callable[[], Styles], asked: Asked,
         typed: Sequence[str] = ()) -> Found:
    """The scans ``asked`` of a computed sheet's XML as it was (``xml``): ``rows``, its new rows under the
    header; ``tables``, its tables over its header (first column, XML); ``comments``, its comments parts; ``shared``,
    the workbook's shared strings (read when first asked for); ``stored``, the styles its cells' indices name;
    ``typed``, the cells typed on it (:func:`~coachlog_xl.workbook.typedchecks.typed_scan`, found before), each named
    once, as typed (not as formatted too)."""
    named = set(typed)
    used = cell_styles(xml, stored(), sheet) if asked.restyled and asked.reformatted else None  # (one scan, for both)
    restyled = [ref for ref in restyled_cells(xml, stored(), len(sheet.columns), used) + merged_by_hand(xml)
                if ref not in named] if asked.restyled else []
    return Found(restyled,
                 reformatted_cells(xml, stored(), sheet, named, used) if asked.reformatted else [],
                 hidden_by_hand(xml, [table for _, table in tables]) if asked.unhidden else [],
                 moved_notes(xml, sheet, rows, comments, shared) if asked.notes and comments else [],
                 moved_links(xml, sheet, rows, shared) if asked.links else [],
                 _unfiltered(xml, sheet, rows, tables) if asked.unhidden else [])


def _unfiltered(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], tables: Sequence[tuple[int, str]]) -> list[str]:
    """The headers of the columns whose filter (the sheet's, or a table's) the new rows are not filtered by
    (:func:`~coachlog_xl.workbook.filters.unapplied_filters`): every row shows under it."""
    end = xml.rfind(b"sheetData>")
    tail = xml[end:].decode("utf-8") if end >= 0 and b"filterColumn" in xml[end:] else ""
    tables = [(at, table) for at, table in tables if "filterColumn" in table]
    if not tail and not tables:
        return []
    columns = columns_of(rows)
    return [sheet.headers[col] for col in unapplied_filters(tail, columns, tables) if col < len(sheet.headers)]


_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b")
_AFTER_F = frozenset(b" \t\r\n/>")


def holds_formula(xml: bytes) -> bool:
    """Whether a sheet's cells hold a formula (not the sparklines' or x14 formats' ``<xm:f>``, which
    follow the cells).  Byte searches, not one pattern over the cells: over the Checks sheet of 10,000
    sessions (35 MB of XML) a pattern takes 0.13 s, the two searches 0.08 s (a needle of two bytes is not
    found by ``memchr``: the search steps a few bytes at a time through markup dense with ``<``)."""
    data = _SHEET_DATA.search(xml)
    end = -1 if data is None else xml.rfind(b"</" + data.group(1) + b"sheetData>")
    if end < 0:  # none, or <sheetData/>: no cell
        return False
    for tag in (b"<f", b":f"):  # <f>, <f t="shared" .../>; a prefixed <x:f> in a sheet of any prefix
        at = xml.find(tag, data.end(), end)
        while at >= 0:
            if tag == b"<f" and xml[at + 2] in _AFTER_F:
                return True
            if tag == b":f" and xml[at + 2] in _AFTER_F and (lt := xml.rfind(b"<", data.end(), at)) >= 0 \
                    and FORMULA.match(xml, lt):
                return True
            at = xml.find(tag, at + 2, end)
    return False
