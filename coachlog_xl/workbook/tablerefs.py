"""Formulas of the team's that name a column of a table on a computed sheet which a refresh renames back or
takes out.

A team may format a computed sheet as an Excel table and refer to its columns by name from a sheet of its
own (``=SUM(FollowUp[Delta])``).  A refresh writes the sheet's headers, so a column renamed in the table
(Excel renames the formulas naming it with it: ``FollowUp[Delta pts]``) is named back as the tool's header,
and a column added to the table past the tool's is taken out of it (:mod:`~coachlog_xl.workbook.tables`):
a formula naming either then names a column the table no longer has (Excel shows ``#REF!`` or repairs the
file, LibreOffice ``#NAME?``).  :func:`naming_formulas` finds those formulas, and at every refresh after
that one those naming a column such a table has not (still showing the error), wherever a computed sheet
holds a table (and only then: most workbooks have none, and their sheets are not read), in the team's
sheets' cells, conditional formats and data validations and in the workbook's defined names; the refresh names each in
Checks and on the command line (:func:`table_ref_issues`), leaving the formula as it was typed; ``coachlog check`` says
them of the next refresh (:func:`in_file`), when typing the header back in Excel still mends them.  The Scores sheets, a
platform's pasted exports, are not searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from html import unescape
from pathlib import Path

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.workbook.rootprefix import prefix_of
from coachlog_xl.workbook.strays import SHOWN

CUT = 60  # characters of a formula a Checks row's Value holds


@dataclass(frozen=True)
class Changed:
    """A column of a table on a computed sheet that a refresh renames back (``now``: the tool's header) or
    takes out (``now`` None); ``column``: its name in the file; ``cell``: its header cell; ``lacking``: a
    column a formula names that the table has not (renamed or taken out at an earlier refresh, or never
    there: ``column`` as the formula names it)."""

    sheet: str
    table: str
    column: str
    now: str | None
    cell: str = ""
    lacking: bool = False


@dataclass(frozen=True)
class Naming:
    """A formula of the team's naming a :class:`Changed` column: on ``sheet`` at ``cell`` (a cell, or the
    range a conditional format or a data validation covers), or the defined name ``cell`` (``sheet`` None)."""

    sheet: str | None
    cell: str
    formula: str
    changed: Changed

    @property
    def where(self) -> str:
        return f"{self.sheet} {self.cell}" if self.sheet is not None else f"the defined name {self.cell}"

    @property
    def row(self) -> int | None:
        m = re.match(r"\$?[A-Z]+\$?(\d+)", self.cell) if self.sheet is not None else None
        return int(m.group(1)) if m else None


_STRING = re.compile(r'"(?:[^"]|"")*"')  # a text in a formula, which names no table
_ELEMENT = re.compile(rb"<(?:\w+:)?(f|formula|formula1|formula2|definedName)\b([^>]*)>")
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr\s*=\s*"([A-Z]+\d+)"')
_SQREF = re.compile(rb'\ssqref\s*=\s*"([^"]*)"')
_REF_ATTR = re.compile(rb'\sref\s*=\s*"([^"]*)"')
_DEFINED = re.compile(rb'\sname\s*=\s*"([^"]*)"')


Kept = dict  # table name, case-folded -> (its sheet, its name, its column names case-folded after the refresh)


def naming_formulas(changed: list[Changed], sheets: Iterable[tuple[str, Callable[[], bytes]]],
                    workbook: Callable[[], bytes], tables: Iterable[tuple[str, str, list[str]]] = ()) -> list[Naming]:
    """The formulas of ``sheets`` (the team's: name, its XML read when asked) and of the defined names of
    the workbook part (``workbook``: its XML read when asked) that name a ``changed`` column of its table, or
    a column one of ``tables`` (the tables on the computed sheets: sheet, name, column names after the
    refresh) has not, in sheet order then the defined names; nothing is read when both are empty (no table
    on a computed sheet: most workbooks)."""
    changed = [c for c in changed if c.table]  # (a table without a name is named by no formula)
    kept: Kept = {table.casefold(): (sheet, table, {n.casefold() for n in names}) for sheet, table, names in tables
                  if table}
    if not changed and not kept:
        return []
    by_table: dict[str, dict[str, Changed]] = {}
    for c in changed:
        by_table.setdefault(c.table.casefold(), {})[c.column.casefold()] = c
    names = b"|".join(re.escape(t.encode("utf-8")) for t in {c.table for c in changed} | {t for _, t, _ in
                                                                                          kept.values()})
    pattern = re.compile(rb"(?<![\w.\\!\]])(?:" + names + rb")\s*\[", re.I)
    found: list[Naming] = []
    for sheet, read in sheets:
        xml = read()
        if pattern.search(xml) is not None:
            found += _in(xml, pattern, by_table, sheet, kept)
    if pattern.search(book := workbook()) is not None:
        found += _in(book, pattern, by_table, None, kept)
    return found


def _in(xml: bytes, pattern: re.Pattern[bytes], by_table: dict[str, dict[str, Changed]],
        sheet: str | None, kept: Kept) -> list[Naming]:
    """The formulas of one part holding a match of ``pattern``, each with the columns it names."""
    out, done = [], set()
    cell = b"<" + prefix_of(xml).encode() + b"c"  # (a cell's start tag: <c, or <x:c in a part with a prefix)
    for m in pattern.finditer(xml):
        start = xml.rfind(b"<", 0, m.start())  # (a formula's text holds no <: its element starts there)
        if start in done or (tag := _ELEMENT.match(xml, start)) is None:
            continue
        done.add(start)
        end = xml.find(b"<", tag.end())
        text = unescape(xml[tag.end():end].decode("utf-8"))
        where = _where(xml, start, tag, sheet, cell)
        if where is None:
            continue
        seen = set()
        for c in named_columns(text, by_table, kept):
            if c not in seen:
                seen.add(c)
                out.append(Naming(sheet, where, "=" + text if sheet is not None else text, c))
    return out


_BACK = 1 << 12  # bytes looked back from a cell's formula for its start tag, which only its attributes part


def _where(xml: bytes, start: int, tag: re.Match[bytes], sheet: str | None, cell: bytes = b"<c") -> str | None:
    """The cell (an array's or a shared formula's range), the range of a conditional format or a data
    validation, or the defined name a formula element at ``start`` belongs to (``cell``: how a cell's start
    tag begins in the part).  A cell's formula is looked for no further back than :data:`_BACK` bytes: a
    look back to the part's start for each of 100,000 formulas took minutes."""
    kind, attrs = tag.group(1), tag.group(2)
    if kind == b"definedName":
        return (d.group(1).decode("utf-8") if (d := _DEFINED.search(attrs)) else None) if sheet is None else None
    if sheet is None:
        return None
    if kind == b"f":
        if (ref := _REF_ATTR.search(attrs)) is not None and b":" in ref.group(1):
            return ref.group(1).decode("utf-8")
        back, low = start, max(0, start - _BACK)
        while (back := xml.rfind(cell, low, back)) >= 0:
            if xml[back + len(cell):back + len(cell) + 1] in (b" ", b"\t", b"\r", b"\n", b">", b"/"):
                found = _CELL.match(xml, back)  # (the cell holding it; <col, <cfRule... are not cells)
                return found.group(1).decode("utf-8") if found else None
        return None
    owner = xml.rfind(b"<conditionalFormatting" if kind == b"formula" else b"<dataValidation ", 0, start)
    if owner < 0:
        owner = xml.rfind(b":conditionalFormatting" if kind == b"formula" else b":dataValidation ", 0, start)
    sqref = _SQREF.search(xml, owner, xml.find(b">", owner)) if owner >= 0 else None
    return sqref.group(1).decode("utf-8").replace(" ", ", ") if sqref else None


def named_columns(formula: str, by_table: dict[str, dict[str, Changed]], kept: Kept | None = None) -> list[Changed]:
    """The ``by_table`` columns (table -> column, both case-folded) a formula's structured references name,
    and those a ``kept`` table has not (a :class:`Changed` ``lacking``, as the formula names it):
    ``Table[Col]``, ``Table[@Col]``, ``Table[[#This Row],[Col]]``, ``Table[[Col1]:[Col2]]`` (both ends), a
    name's ``'`` escapes read; a text in quotes names none, and so does a reference after ``!`` or ``]``
    (``[1]!FollowUp[Delta]``: a table of another workbook)."""
    text = _STRING.sub(lambda s: " " * len(s.group(0)), formula)
    kept = kept or {}
    names = "|".join(re.escape(t) for t in set(by_table) | set(kept))
    out = []
    for m in re.finditer(r"(?<![\w.\\!\]])(" + names + r")\s*\[", text, re.I):
        inner = _bracketed(text, m.end())
        columns = by_table.get(table := m.group(1).casefold(), {})
        for name in _items(inner):
            if name.casefold() in columns:
                out.append(columns[name.casefold()])
            elif table in kept and name.casefold() not in kept[table][2]:
                out.append(Changed(kept[table][0], kept[table][1], name, None, lacking=True))
    return out


def _bracketed(text: str, start: int) -> str:
    """The text from ``start`` (after a ``[``) to its matching ``]`` (``'`` escapes the next character)."""
    depth, i = 1, start
    while i < len(text):
        ch = text[i]
        if ch == "'":
            i += 1
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return text[start:i]
        i += 1
    return text[start:]


def _items(inner: str) -> list[str]:
    """The column names of a structured reference's brackets (``inner``), its special items (``#Data``,
    ``#This Row``) left out."""
    items, i, bare = [], 0, ""
    while i < len(inner):
        ch = inner[i]
        if ch == "[":
            end = i + 1 + len(_bracketed(inner, i + 1))
            items.append(inner[i + 1:end])
            i, bare = end + 1, ""
            continue
        if ch in ",:":
            items.append(bare)
            bare = ""
        elif ch == "'" and i + 1 < len(inner):
            bare += inner[i:i + 2]
            i += 1
        else:
            bare += ch
        i += 1
    items.append(bare)
    out = []
    for item in items:
        item = item.strip().lstrip("@").strip()
        if item and not item.startswith("#"):
            out.append(re.sub(r"'(.)", r"\1", item))
    return out


def table_changes(pkg, computed: Iterable[tuple[str, str, schema.Sheet]]) -> tuple[list[Changed], list[tuple]]:
    """The columns of the tables on the computed sheets ``computed`` (each its tab, part and sheet) that a refresh
    renames back or takes out, and each table (its tab, name and column names after the refresh), as
    :func:`naming_formulas` takes them (:func:`~coachlog_xl.workbook.tables.table_columns`)."""
    from coachlog_xl.workbook.tables import table_columns

    changed, tables = [], []
    for tab, part, sheet in computed:
        renamed, kept = table_columns(pkg, part, sheet)
        changed += [Changed(tab, *column) for column in renamed]
        tables += [(tab, table, names) for table, names in kept.items()]
    return changed, tables


def renamed_headers(changed: list[Changed]) -> dict[tuple[str, str], str]:
    """The header cells of ``changed`` a refresh writes the tool's header back into, by (sheet, cell): a table's
    header renamed, which is told so, not to be moved."""
    return {(c.sheet, c.cell): c.now for c in changed if c.now is not None}


def in_file(path: Path) -> tuple[list[Naming], list[Changed]]:
    """What the next refresh of the workbook file ``path`` would find (:func:`naming_formulas`): the team's
    formulas naming a table column it would rename back or take out, or one the table has not, and the
    columns renamed back or taken out; ``coachlog check``
    says them before the refresh."""
    from coachlog_xl.workbook.beside import is_scores
    from coachlog_xl.workbook.package import Package
    from coachlog_xl.workbook.zipparts import ZipSource

    pkg = Package(ZipSource(path))
    try:
        parts = pkg.sheet_parts()
        computed = {name: sheet for sheet in schema.COMPUTED_SHEETS
                    if (name := schema.sheet_named(parts, sheet.name)) is not None}
        changed, tables = table_changes(pkg, [(name, parts[name], sheet) for name, sheet in computed.items()])
        team = [(name, partial(pkg.read, part)) for name, part in parts.items()
                if name not in computed and not is_scores(name) and part in pkg.source.names]
        return naming_formulas(changed, team, partial(pkg.read, pkg.workbook_part()), tables), changed
    finally:
        pkg.source.close()


def table_ref_issues(found: list[Naming], backup: str | None, preview: bool = False) -> Issues:
    """A ``formula-names-table-column`` row for each formula :func:`naming_formulas` found: where it is, the
    column it names and what the refresh did to it, and how to mend it (``backup``: the file holding the
    sheet as it was, None: none kept); ``preview``: said by ``coachlog check`` of the next refresh, whose fix
    comes first: type the header back (Excel renames the formulas naming the column with it), or move the
    column.  More than :data:`SHOWN` formulas of one sheet (or of the defined names) naming one column are
    one row, naming the first :data:`SHOWN` and counting the others (a column filled with one formula)."""
    issues = Issues()
    for group in _groups(found):
        f, c = group[0], group[0].changed
        shown = f.formula if len(f.formula) <= CUT else f.formula[:CUT - 1] + "…"
        ref = f"{c.table}[{c.column}]"
        if c.lacking:
            did = (f"the table has no such column (its columns are named as {c.sheet}'s headers, which every "
                   "refresh writes), so the formula shows an error")
            fix = (f"Edit the formula to name the column as {c.sheet}'s header row names it; to refer to a column "
                   "of your own, put it on a sheet of your own and refer to it there.")
        elif preview:
            did = (f'the next refresh writes its header back as "{c.now}", the template\'s, and the formula will '
                   "show an error" if c.now is not None else _ADDED + "the next refresh takes it out of the table, "
                   "its cells with it, and the formula will show an error")
            fix = (f'In Excel, type the header back as "{c.now}" in {c.sheet} {c.cell}: Excel renames the table\'s '
                   "column and the formulas naming it with it. Then refresh." if c.now is not None else
                   "Before the next refresh, put the column on a sheet of your own, beside the Session ID it "
                   "belongs to, and edit the formula to refer to it there.")
        elif c.now is not None:
            did = (f'the refresh wrote its header back as "{c.now}", the template\'s, so the table has no column '
                   f'"{c.column}" now, and the formula shows an error')
            fix = (f"Edit the formula to name {c.table}[{_escaped(c.now)}] where it names {ref}: a computed sheet's "
                   "headers are the refresh's (to show the column under another name, give it that name on a sheet "
                   "of your own).")
        else:
            kept = f" (its cells are still in {backup})" if backup else ""
            did = _ADDED + "the refresh took it out of the table, its cells with it, and the formula shows an error"
            fix = (f"Put the column on a sheet of your own{kept}, beside the Session ID it belongs to, and edit the "
                   f"formula to refer to it there.")
        said = (f"{f.where} holds {shown}, which names" if len(group) == 1 else
                f"{_cells(group)} ({len(group)} formulas; {f.cell} holds {shown}) name")
        issues.add(Code.TABLE_COLUMN_GONE, f.sheet or "(defined names)", f.row,
                   f.cell if len(group) == 1 else f"{f.cell} and {len(group) - 1} more", shown,
                   f'{said} the column "{c.column}" of the table {c.table} on {c.sheet}: {did} (#REF! in Excel, '
                   "#NAME? in LibreOffice).", fix)
    return issues


_ADDED = "a column added to the table, not one of the template's: "


def _groups(found: list[Naming]) -> list[list[Naming]]:
    """``found`` by sheet (or the defined names) and column named, in the order first found, a group of
    :data:`SHOWN` formulas or fewer as one group a formula, in ``found``'s order."""
    groups: dict[tuple[str | None, Changed], list[Naming]] = {}
    for f in found:
        groups.setdefault((f.sheet, f.changed), []).append(f)
    out, done = [], set()
    for f in found:
        group = groups[f.sheet, f.changed]
        if len(group) <= SHOWN:
            out.append([f])
        elif id(group) not in done:
            done.add(id(group))
            out.append(group)
    return out


def _cells(group: list[Naming]) -> str:
    """Where a group of formulas is: ``Mine A1, A2 and 3 more``, the first :data:`SHOWN` named."""
    if len(group) == 1:
        return group[0].where
    more = f" and {len(group) - SHOWN} more" if len(group) > SHOWN else ""
    where = ", ".join(f.cell for f in group[:SHOWN])
    return (f"{group[0].sheet} {where}" if group[0].sheet is not None else f"the defined names {where}") + more


def said_naming(found: list[Naming]) -> str:
    """The formulas found, in words: ``Mine A1 (FollowUp[Delta pts], now FollowUp[Delta]); Mine A2
    (FollowUp[My flag], taken out of the table)``; of a sheet's many formulas naming one column, the first
    :data:`SHOWN` cells and how many more."""
    def one(group: list[Naming]) -> str:
        c = group[0].changed
        now = (f"now {c.table}[{_escaped(c.now)}]" if c.now is not None else
               "no such column" if c.lacking else "taken out of the table")
        return f"{_cells(group)} ({c.table}[{c.column}], {now})"

    return "; ".join(one(group) for group in _groups(found))


def _escaped(name: str) -> str:
    """A column name as a structured reference writes it: ``'`` before ``[``, ``]``, ``#`` and ``'``."""
    return re.sub(r"([\[\]#'])", r"'\1", name)
