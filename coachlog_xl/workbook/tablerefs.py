"""Formulas of the team's that name a column of a table on a computed sheet which a refresh renames back or
takes out.

A team may format a computed sheet as an Excel table and refer to its columns by name from a sheet of its
own (``=SUM(FollowUp[Delta])``).  A refresh writes the sheet's headers, so a column renamed in the table
(Excel renames the formulas naming it with it: ``FollowUp[Delta pts]``) is named back as the tool's header,
and a column added to the table past the tool's is taken out of it (:mod:`~coachlog_xl.workbook.tables`):
a formula naming either then names a column the table no longer has (Excel shows ``#REF!`` or repairs the
file, LibreOffice ``#NAME?``).  :func:`naming_formulas` finds those formulas, where a refresh changes a
table's columns (and only then: most refreshes change none), in the team's sheets' cells, conditional
formats and data validations and in the workbook's defined names; the refresh names each in Checks and on
the command line (:func:`table_ref_issues`), leaving the formula as it was typed; ``coachlog check`` says
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

CUT = 60  # characters of a formula a Checks row's Value holds


@dataclass(frozen=True)
class Changed:
    """A column of a table on a computed sheet that a refresh renames back (``now``: the tool's header) or
    takes out (``now`` None); ``column``: its name in the file; ``cell``: its header cell."""

    sheet: str
    table: str
    column: str
    now: str | None
    cell: str = ""


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


def naming_formulas(changed: list[Changed], sheets: Iterable[tuple[str, Callable[[], bytes]]],
                    workbook: Callable[[], bytes]) -> list[Naming]:
    """The formulas of ``sheets`` (the team's: name, its XML read when asked) and of the defined names of
    the workbook part (``workbook``: its XML read when asked) that name a ``changed`` column of its table, in
    sheet order then the defined names; nothing is read when ``changed`` is empty."""
    changed = [c for c in changed if c.table]  # (a table without a name is named by no formula)
    if not changed:
        return []
    by_table: dict[str, dict[str, Changed]] = {}
    for c in changed:
        by_table.setdefault(c.table.casefold(), {})[c.column.casefold()] = c
    names = b"|".join(re.escape(t.table.encode("utf-8")) for t in changed)
    pattern = re.compile(rb"(?<![\w.\\])(?:" + names + rb")\s*\[", re.I)
    found: list[Naming] = []
    for sheet, read in sheets:
        xml = read()
        if pattern.search(xml) is not None:
            found += _in(xml, pattern, by_table, sheet)
    if pattern.search(book := workbook()) is not None:
        found += _in(book, pattern, by_table, None)
    return found


def _in(xml: bytes, pattern: re.Pattern[bytes], by_table: dict[str, dict[str, Changed]],
        sheet: str | None) -> list[Naming]:
    """The formulas of one part holding a match of ``pattern``, each with the columns it names."""
    out, done = [], set()
    for m in pattern.finditer(xml):
        start = xml.rfind(b"<", 0, m.start())  # (a formula's text holds no <: its element starts there)
        if start in done or (tag := _ELEMENT.match(xml, start)) is None:
            continue
        done.add(start)
        end = xml.find(b"<", tag.end())
        text = unescape(xml[tag.end():end].decode("utf-8"))
        where = _where(xml, start, tag, sheet)
        if where is None:
            continue
        seen = set()
        for c in named_columns(text, by_table):
            if c not in seen:
                seen.add(c)
                out.append(Naming(sheet, where, "=" + text if sheet is not None else text, c))
    return out


def _where(xml: bytes, start: int, tag: re.Match[bytes], sheet: str | None) -> str | None:
    """The cell (an array's or a shared formula's range), the range of a conditional format or a data
    validation, or the defined name a formula element at ``start`` belongs to."""
    kind, attrs = tag.group(1), tag.group(2)
    if kind == b"definedName":
        return (d.group(1).decode("utf-8") if (d := _DEFINED.search(attrs)) else None) if sheet is None else None
    if sheet is None:
        return None
    if kind == b"f":
        if (ref := _REF_ATTR.search(attrs)) is not None and b":" in ref.group(1):
            return ref.group(1).decode("utf-8")
        back = max(xml.rfind(b"<c ", 0, start), xml.rfind(b":c ", 0, start))  # (the cell holding it)
        if back >= 0 and xml[back:back + 1] == b":":
            back = xml.rfind(b"<", 0, back)
        cell = _CELL.match(xml, back) if back >= 0 else None
        return cell.group(1).decode("utf-8") if cell else None
    owner = xml.rfind(b"<conditionalFormatting" if kind == b"formula" else b"<dataValidation ", 0, start)
    if owner < 0:
        owner = xml.rfind(b":conditionalFormatting" if kind == b"formula" else b":dataValidation ", 0, start)
    sqref = _SQREF.search(xml, owner, xml.find(b">", owner)) if owner >= 0 else None
    return sqref.group(1).decode("utf-8").replace(" ", ", ") if sqref else None


def named_columns(formula: str, by_table: dict[str, dict[str, Changed]]) -> list[Changed]:
    """The ``by_table`` columns (table -> column, both case-folded) a formula's structured references name:
    ``Table[Col]``, ``Table[@Col]``, ``Table[[#This Row],[Col]]``, ``Table[[Col1]:[Col2]]`` (both ends), a
    name's ``'`` escapes read; a text in quotes names none."""
    text = _STRING.sub(lambda s: " " * len(s.group(0)), formula)
    names = "|".join(re.escape(t) for t in by_table)
    out = []
    for m in re.finditer(r"(?<![\w.\\])(" + names + r")\s*\[", text, re.I):
        inner = _bracketed(text, m.end())
        columns = by_table[m.group(1).casefold()]
        out += [columns[name.casefold()] for name in _items(inner) if name.casefold() in columns]
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


def in_file(path: Path) -> tuple[list[Naming], list[Changed]]:
    """What the next refresh of the workbook file ``path`` would find (:func:`naming_formulas`): the team's
    formulas naming a table column it would rename back or take out, and those columns; ``coachlog check``
    says them before the refresh."""
    from coachlog_xl.workbook.beside import is_scores
    from coachlog_xl.workbook.package import Package
    from coachlog_xl.workbook.tables import renamed_columns
    from coachlog_xl.workbook.zipparts import ZipSource

    pkg = Package(ZipSource(path))
    try:
        parts = pkg.sheet_parts()
        computed = {name: sheet for sheet in schema.COMPUTED_SHEETS
                    if (name := schema.sheet_named(parts, sheet.name)) is not None}
        changed = [Changed(name, *column) for name, sheet in computed.items()
                   for column in renamed_columns(pkg, parts[name], sheet)]
        team = [(name, partial(pkg.read, part)) for name, part in parts.items()
                if name not in computed and not is_scores(name) and part in pkg.source.names]
        return naming_formulas(changed, team, partial(pkg.read, pkg.workbook_part())), changed
    finally:
        pkg.source.close()


def table_ref_issues(found: list[Naming], backup: str | None, preview: bool = False) -> Issues:
    """A ``formula-names-table-column`` row for each formula :func:`naming_formulas` found: where it is, the
    column it names and what the refresh did to it, and how to mend it (``backup``: the file holding the
    sheet as it was, None: none kept); ``preview``: said by ``coachlog check`` of the next refresh, whose fix
    comes first: type the header back (Excel renames the formulas naming the column with it), or move the
    column."""
    issues = Issues()
    for f in found:
        c = f.changed
        shown = f.formula if len(f.formula) <= CUT else f.formula[:CUT - 1] + "…"
        ref = f"{c.table}[{c.column}]"
        if preview:
            did = (f'the next refresh writes its header back as "{c.now}", the template\'s, and the formula will '
                   "show an error" if c.now is not None else "a column added to the table past the refresh's, "
                   "which the next refresh takes out of the table, its cells with it, and the formula will show "
                   "an error")
            fix = (f'In Excel, type the header back as "{c.now}" in {c.sheet} {c.cell}: Excel renames the table\'s '
                   "column and the formulas naming it with it. Then refresh." if c.now is not None else
                   "Before the next refresh, put the column on a sheet of your own, beside the Session ID it "
                   "belongs to, and edit the formula to refer to it there.")
            issues.add(Code.TABLE_COLUMN_GONE, f.sheet or "(defined names)", f.row, f.cell, shown,
                       f'{f.where} holds {shown}, which names the column "{c.column}" of the table {c.table} on '
                       f"{c.sheet}: {did} (#REF! in Excel, #NAME? in LibreOffice).", fix)
            continue
        if c.now is not None:
            did = (f'the refresh wrote its header back as "{c.now}", the template\'s, so the table has no column '
                   f'"{c.column}" now')
            fix = (f"Edit the formula to name {c.table}[{_escaped(c.now)}] where it names {ref}: a computed sheet's "
                   "headers are the refresh's (to show the column under another name, give it that name on a sheet "
                   "of your own).")
        else:
            kept = f" (its cells are still in {backup}, until the next refresh replaces it)" if backup else ""
            did = ("a column added to the table past the refresh's, which the refresh took out of the table, its "
                   "cells with it")
            fix = (f"Put the column on a sheet of your own{kept}, beside the Session ID it belongs to, and edit the "
                   f"formula to refer to it there.")
        issues.add(Code.TABLE_COLUMN_GONE, f.sheet or "(defined names)", f.row, f.cell, shown,
                   f'{f.where} holds {shown}, which names the column "{c.column}" of the table {c.table} on {c.sheet}: '
                   f"{did}, and the formula shows an error (#REF! in Excel, #NAME? in LibreOffice).", fix)
    return issues


def said_naming(found: list[Naming]) -> str:
    """The formulas found, in words: ``Mine A1 (FollowUp[Delta pts], now FollowUp[Delta]); Mine A2
    (FollowUp[My flag], taken out of the table)``."""
    def one(f: Naming) -> str:
        c = f.changed
        now = f"now {c.table}[{_escaped(c.now)}]" if c.now is not None else "taken out of the table"
        return f"{f.where} ({c.table}[{c.column}], {now})"

    return "; ".join(one(f) for f in found)


def _escaped(name: str) -> str:
    """A column name as a structured reference writes it: ``'`` before ``[``, ``]``, ``#`` and ``'``."""
    return re.sub(r"([\[\]#'])", r"'\1", name)
