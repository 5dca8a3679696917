"""Excel tables (Format as Table) a person made on a computed sheet, kept true to the rows a refresh
writes.

Excel holds a table's column names in the table part and again in its header cells, and takes a
table whose names and header cells disagree for damage: it "repairs" the file on open by dropping the
table.  A refresh writes the computed sheet's header row and every cell below it, so a table whose
header is the sheet's row 1 is brought into line with what is written: its rows run to the last one
written (at least one data row), its columns that lie over the tool's are named as the tool's headers
(a header renamed in the sheet is written back as the tool's), and its columns past the tool's
(a column a person added to the table, whose cells a refresh does not keep) are taken out of it, with
the filters and sort conditions on them.  A sort applied to a table follows its rows; a Total Row is
switched off (as Excel does, its columns' totals functions are kept): the row under the data would
otherwise be taken for the totals.  A table without a header row (Table Design > Header Row unticked)
runs from its first row, 1 or 2, to the last one written.  :func:`table_columns` tells, before anything
is written, which column names a table loses (renamed back, or a column of the team's written over or taken
out), so that the formulas of the team's naming them
are named (:mod:`~coachlog_xl.workbook.tablerefs`).  A table whose header is not row 1, or that
lies wholly past the tool's columns, stops a refresh of the file before it writes
(:mod:`~coachlog_xl.workbook.besidetables`).
"""

from __future__ import annotations

import re

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import column_index_from_string, get_column_letter
from coachlog_xl.workbook.besidetables import headerless
from coachlog_xl.workbook.filters import move_sorts
from coachlog_xl.workbook.package import REL, Package
from coachlog_xl.workbook.parts import attribute_text
from coachlog_xl.workbook.xmltext import escape

_REF = re.compile(r'<(?:\w+:)?table\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_COLUMN = re.compile(r"<((?:\w+:)?)tableColumn\b([^>]*?)(?:/>|>.*?</\1tableColumn>)", re.S)
_NAME = re.compile(r'(\sname=")[^"]*(")')
_FILTER_COLUMN = re.compile(r"<((?:\w+:)?)filterColumn\b[^>]*?\bcolId=\"(\d+)\"[^>]*?(?:/>|>.*?</\1filterColumn>)",
                            re.S)
_SORT_END = re.compile(r'(<(?:\w+:)?sortState\b[^>]*?\bref="[A-Z]+\d+:)([A-Z]+)(?=\d+")')
_SORT_CONDITION = re.compile(r'<(?:\w+:)?sortCondition\b[^>]*?\bref="([A-Z]+)\d+:[A-Z]+\d+"[^>]*?/>')
_TOTALS_SHOWN = re.compile(r'<(?:\w+:)?table\b[^>]*?\stotalsRowCount="[1-9]\d*"[^>]*>')
_DISPLAY_NAME = re.compile(r'\sdisplayName="([^"]*)"')
_NAME_VALUE = re.compile(r'\sname="([^"]*)"')


def update_tables(pkg: Package, part: str, sheet: schema.Sheet, n_rows: int,
                  totals: list[str] | None = None) -> list[tuple[int, str]]:
    """Bring the tables on the computed sheet ``part`` in line with ``n_rows`` rows of ``sheet``
    under its header (see the module); returns those whose header is the sheet's (row 1), each as
    its first column (0-based) and its XML, whose filter :func:`~coachlog_xl.workbook.filters.hidden_rows`
    applies to the new rows.  ``totals`` gets the names of the tables whose Total Row is switched off."""
    over_header = []
    for rel in pkg.rels(part):
        if rel.type != REL + "table" or rel.external or rel.target not in pkg.names:
            continue
        text = pkg.read(rel.target).decode("utf-8")
        if totals is not None and (shown := _TOTALS_SHOWN.search(text)):
            name = _DISPLAY_NAME.search(shown.group(0))
            totals.append(attribute_text(name.group(1)) if name else rel.target.rsplit("/", 1)[-1])
        new = _updated(text, sheet, n_rows)
        if new != text:
            pkg.put(rel.target, new.encode("utf-8"))
        m = _REF.search(new)
        if m is not None and m.group(2) == "1":
            over_header.append((column_index_from_string(m.group(1)) - 1, new))
    return over_header


def _updated(text: str, sheet: schema.Sheet, n_rows: int) -> str:
    m = _REF.search(text)
    if m is None:
        return text
    first_col, top, last_col = column_index_from_string(m.group(1)), int(m.group(2)), m.group(3)
    if top == 1 and first_col <= len(sheet.columns):
        text, last_col = _columns(text, sheet, first_col)
    values = top + 1  # the first row of values: under the header, or under the sheet's for a headerless table
    if headerless(text[m.start():text.index(">", m.end())]):
        values = 2
    last = values - 1 + max(n_rows, 1)
    ref = f"{m.group(1)}{top}:{last_col}{last}"
    text = re.sub(r'(<(?:\w+:)?(?:table|autoFilter)\b[^>]*?\bref=")[^"]*"', rf'\g<1>{ref}"', text, count=2)
    text = move_sorts(text, values, last)
    return re.sub(r'(<(?:\w+:)?table\b[^>]*?)\s+totalsRowCount="\d+"', r"\g<1>", text, count=1)


def _columns(text: str, sheet: schema.Sheet, first_col: int) -> tuple[str, str]:
    """The table's columns named as the tool's headers over them, those past the tool's taken out
    (with their filters and sort conditions); returns the text and the table's last column."""
    headers = [c.header for c in sheet.columns]
    kept = len(headers) - first_col + 1  # columns of the table over the tool's
    position = 0

    def column(c: re.Match) -> str:
        nonlocal position
        position += 1
        if position > kept:
            return ""
        return c.group(0).replace(c.group(2), _NAME.sub(
            lambda n: n.group(1) + escape(headers[first_col + position - 2], {'"': "&quot;"}) + n.group(2),
            c.group(2), count=1), 1)

    text = _COLUMN.sub(column, text)
    width = min(position, kept)
    text = re.sub(r'(<(?:\w+:)?tableColumns\b[^>]*?\bcount=")\d+"', rf'\g<1>{width}"', text, count=1)
    text = _FILTER_COLUMN.sub(lambda f: f.group(0) if int(f.group(2)) < width else "", text)
    last = first_col + width - 1
    text = _SORT_CONDITION.sub(lambda s: s.group(0) if column_index_from_string(s.group(1)) <= last else "", text)
    text = _SORT_END.sub(lambda s: s.group(1) + (s.group(2) if column_index_from_string(s.group(2)) <= last
                                                 else get_column_letter(last)), text)
    return text, get_column_letter(last)


def table_columns(pkg: Package, part: str, sheet: schema.Sheet) -> tuple[list[tuple[str, str, str | None, str]],
                                                                       dict[str, list[str]]]:
    """What :func:`update_tables` will do to the tables on the computed sheet ``part`` whose header is its row 1,
    read only, before anything is written, each table part read once: (1) the columns whose name the table no
    longer has once it names its columns as the tool's headers, each as the table's name, the column's name in
    the file, the tool's header a refresh names it back to (None: a column the team added, inside the table or
    past the tool's, whose place the tool's columns take or which is taken out) and its header cell (``L1``);
    (2) each table (by name) with its column names then.
    Names are compared, not places: a column moved along by one inserted before it keeps its name, and so
    do the formulas naming it.  A name that differs only in its capitals is not changed: a structured
    reference finds a column whatever its capitals.  A column renamed is one whose tool's header is not
    among the table's names in the file (typing that header back mends it); any other column whose name
    goes is one added."""
    renamed, kept_names = [], {}
    for table, olds, news, first in _over_header(pkg, part, sheet):
        kept = {new.casefold() for new in news if new is not None}
        had = {old.casefold() for old in olds}
        for position, (old, new) in enumerate(zip(olds, news)):
            if old.casefold() not in kept:
                renamed.append((table, old, new if new is not None and new.casefold() not in had else None,
                                f"{get_column_letter(first + position)}1"))
        if table:
            kept_names[table] = [new for new in news if new is not None]
    return renamed, kept_names


def _over_header(pkg: Package, part: str, sheet: schema.Sheet):
    """Each table on the computed sheet ``part`` whose header is its row 1, as its name, its column names in
    the file, the tool's header each is named as (None: past the tool's, taken out) and its first column."""
    headers = [c.header for c in sheet.columns]
    for rel in pkg.rels(part):
        if rel.type != REL + "table" or rel.external or rel.target not in pkg.names:
            continue
        text = pkg.read(rel.target).decode("utf-8")
        m = _REF.search(text)
        if m is None or m.group(2) != "1" or (first := column_index_from_string(m.group(1))) > len(headers):
            continue
        table = _DISPLAY_NAME.search(text[m.start():text.index(">", m.end())])
        olds = [attribute_text(name.group(1)) if (name := _NAME_VALUE.search(c.group(2))) else ""
                for c in _COLUMN.finditer(text)]
        news = [headers[first - 1 + position] if first - 1 + position < len(headers) else None
                for position in range(len(olds))]
        yield attribute_text(table.group(1)) if table else "", olds, news, first
