"""The surgical write: a refresh rewrites only the parts it owns and copies every other part as it was.

A workbook is a zip package of XML parts.  A refresh owns the computed sheets' XML (cell data, the
ranges that follow it), the tables on them, the tool's own charts on them (and the drawing that holds
them), the tool-owned cells of the Log and the stamp cell of Start here.  Every other entry of the
package — other sheets, shared strings, styles, users' charts and drawings, images, pivot tables and
caches, comments, defined names, custom XML, the VBA project — is copied as its stored compressed
bytes.  styles.xml is rewritten only if a cell needs a style combination the workbook never had (or a
computed sheet someone deleted comes back, :mod:`~coachlog_xl.workbook.readded`, with styles the
workbook lacks; a package without a styles part gets one then, listed in the workbook's relationships), and
[Content_Types].xml only when the tool's charts, a sheet or the styles part appear or go; workbook.xml
only when such a sheet comes back, or a computed sheet's hidden filter name no longer covers the rows
written (:mod:`~coachlog_xl.workbook.filtername`: that name's text alone).

:func:`refresh_package` does the whole write from a source file to an open output file.
"""

from __future__ import annotations

import posixpath
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from xml.etree import ElementTree

from coachlog_xl import schema, workers
from coachlog_xl.errors import TemplateError, WorkbookError
from coachlog_xl.workbook.byhand import Asked, Found, holds_formula, scan
from coachlog_xl.workbook.celledits import edit_cells
from coachlog_xl.workbook.partcost import edited_cost, sheet_cost, split
from coachlog_xl.workbook.partnames import alike_but_case, alike_message, folded, rels_name, resolve, stored_name
from coachlog_xl.workbook.parts import STRICT_MAIN, attribute_text, date1904, editable, strict_message
from coachlog_xl.workbook.safety import Written
from coachlog_xl.workbook.sheetxml import attributes, computed_sheet
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.typedchecks import Typed, typed_scan
from coachlog_xl.workbook.xmltext import quoteattr
from coachlog_xl.workbook.zipparts import Deflated, ZipSink, ZipSource, deflate

CONTENT_TYPES = "[Content_Types].xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b([^>]*?)(?:/>|>.*?</(?:\w+:)?Relationship>)", re.S)


@dataclass(frozen=True)
class Rel:
    """One relationship of a part: its id, type, target part (resolved) and its XML as written."""

    id: str
    type: str
    target: str
    xml: str
    external: bool = False


@dataclass
class Package:
    """An .xlsx/.xlsm package being edited: reads from the source, remembers what changes."""

    source: ZipSource
    edited: dict[str, Deflated] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    added_types: dict[str, str] = field(default_factory=dict)
    _plain: dict[str, bytes] = field(default_factory=dict, init=False, repr=False)  # edited .rels, unzipped

    @property
    def names(self) -> set[str]:
        return (self.source.names | set(self.edited)) - self.deleted

    def read(self, name: str) -> bytes:
        return self.source.read(name)

    def stored(self, name: str) -> str:
        """The name the package holds a part under, whatever the case ``name`` is written in (part names
        compare ignoring case: :func:`~coachlog_xl.workbook.partnames.stored_name`), so that a part is
        read, rewritten and deleted under its own name and never added beside it; ``name`` when none.  A
        part deleted by this refresh counts as held: written again (the tool's chart ``xl/charts/CHART4.xml``
        deleted and its successor made as ``chart4.xml``), it takes its old name, and keeps its content type."""
        if name in self.source.names or name in self.edited:
            return name
        return stored_name(name, self.source.names | self.edited.keys())

    def put(self, name: str, data: bytes | Iterable[bytes] | Deflated, content_type: str | None = None) -> str:
        """Replace or add a part (``content_type`` for a part the package does not have yet); ``data``
        may come compressed already (:func:`deflated`).  Returns the name it is written under (:meth:`stored`),
        the one a relationship to it names."""
        name = self.stored(name)
        self.deleted.discard(name)
        self.edited[name] = data if isinstance(data, Deflated) else deflated(data)
        if content_type:
            self.added_types[name] = content_type
        return name

    def delete(self, name: str) -> None:
        name = self.stored(name)
        self.edited.pop(name, None)
        self.added_types.pop(name, None)
        if name in self.source.names:
            self.deleted.add(name)

    def rels(self, part: str) -> list[Rel]:
        """The relationships of ``part`` as they stand (its .rels part may have been edited), each target
        the name the package holds that part under (:meth:`stored`)."""
        name = self.stored(rels_name(part))
        if name in self.deleted or name not in self.names:
            return []
        return [rel if rel.external or (held := self.stored(rel.target)) == rel.target else replace(rel, target=held)
                for rel in self.parse_rels(part, self._current(name))]

    @staticmethod
    def parse_rels(part: str, xml: bytes) -> list[Rel]:
        out = []
        for m in _RELATIONSHIP.finditer(xml.decode("utf-8")):
            a = attributes(m.group(1))
            external = a.get("TargetMode") == "External"
            target = attribute_text(a.get("Target", ""))
            out.append(Rel(a.get("Id", ""), a.get("Type", ""), target if external else resolve(part, target),
                           m.group(0), external))
        return out

    def _current(self, name: str) -> bytes:
        if name in self._plain:
            return self._plain[name]
        return self.read(name)

    def put_rels(self, part: str, rels: list[Rel]) -> None:
        """Write ``part``'s relationships (the part is deleted when none are left), under the name the
        package holds them under (:meth:`stored`)."""
        name = self.stored(rels_name(part))
        if not rels:
            self.delete(name)
            self._plain.pop(name, None)
            return
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<Relationships xmlns="{_RELS_NS}">' + "".join(r.xml for r in rels) + "</Relationships>").encode()
        self._plain[name] = xml
        self.put(name, xml)

    def free_name(self, like: str) -> str:
        """The first unused name of the form of ``like`` (``xl/charts/chart7.xml`` -> chart1, chart2...)."""
        stem, ext = re.match(r"(.*?)\d*(\.[^./]+)$", like).groups()
        taken = {folded(name) for name in self.names}  # (a name that differs but in case is taken)
        n = 1
        while folded(f"{stem}{n}{ext}") in taken:
            n += 1
        return f"{stem}{n}{ext}"

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> worksheet part name."""
        book = self.workbook_part()
        targets = {r.id: r.target for r in self.rels(book)}
        root = ElementTree.fromstring(self.read(book))
        main = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
        if main == "{" + STRICT_MAIN + "}":
            raise WorkbookError(strict_message(self.source.path))
        out = {}
        for sheet in root.iter(f"{main}sheet"):
            rid = sheet.get(f"{{{REL.rstrip('/')}}}id")
            if rid in targets:
                out[sheet.get("name")] = targets[rid]
        return out

    def workbook_part(self) -> str:
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument"):
                return rel.target
        raise TemplateError(f"{self.source.path}: the package has no workbook part.")

    def shared_strings(self, apart: bool = False) -> Callable[[], bytes]:
        """The workbook's shared strings part, read when first asked for (b"" where it has none); ``apart``:
        read as :meth:`~coachlog_xl.workbook.zipparts.ZipSource.read_apart` reads, where a forked process
        may ask for it."""
        strings = next((r.target for r in self.rels(self.workbook_part()) if r.type == REL + "sharedStrings"), None)
        read = self.source.read_apart if apart else self.read
        return cache(lambda: read(strings) if strings else b"")

    def same_as_source(self, ignore: set[str]) -> bool:
        """Whether every part written anew, but those in ``ignore``, has the bytes it had (the same
        CRC and size), none was added or deleted, and each part made with a content type has it
        (a file whose tool chart was left without one is written, and so mended)."""
        if self.deleted or any(n not in self.source.names for n in self.added_types) or self._types_text():
            return False
        infos = {i.filename: i for i in self.source.infos}
        for name, part in self.edited.items():
            info = infos.get(name)
            if name not in ignore and (info is None or (part.crc, part.size) != (info.CRC, info.file_size)):
                return False
        return True

    def write(self, fh) -> Written:
        """Write the package to ``fh``: entries in their order, edited ones in place, new ones last.

        Returns the names of the parts written anew (the ones to verify), with those parsed as they
        were made."""
        self._content_types()
        sink = ZipSink(fh)
        pending = dict(self.edited)
        for info in self.source.infos:
            name = info.filename
            if name in pending:
                sink.add(name, pending.pop(name), info.date_time)
            elif name not in self.deleted:
                sink.copy(info, self.source.raw(info))
        for name, part in pending.items():
            sink.add(name, part)
        sink.close()
        return Written(self.edited, {name: part.problem for name, part in self.edited.items() if part.parsed})

    def _content_types(self) -> None:
        """Overrides for the parts added, none for the parts deleted; untouched when nothing changed."""
        text = self._types_text()
        if text is not None:
            self.put(CONTENT_TYPES, text.encode("utf-8"))

    def _types_text(self) -> str | None:
        """[Content_Types].xml with an Override for each part added that has none and none for a part
        deleted, or None when it stays as it is.  An override names its part ignoring case, as part names
        compare (:func:`~coachlog_xl.workbook.partnames.folded`)."""
        text = self.read(CONTENT_TYPES).decode("utf-8")
        overrides = {folded(m.group(2)): m.group(0) for m in re.finditer(
            r'<(?:\w+:)?Override\b[^>]*?PartName=(["\'])/?(.*?)\1[^>]*?/>', text)}
        kept = {folded(n) for n in self.added_types}
        removed = [n for n in self.deleted if folded(n) in overrides and folded(n) not in kept]
        added = [n for n in self.added_types if folded(n) not in overrides]
        if not removed and not added:
            return None
        for name in removed:
            text = text.replace(overrides[folded(name)], "", 1)
        new = "".join(f'<Override PartName={quoteattr("/" + n)} ContentType={quoteattr(self.added_types[n])}/>'
                      for n in added)
        return re.sub(r"</((?:\w+:)?)Types>", lambda m: new + m.group(0), text, count=1)


def relationship(rid: str, rel_type: str, part: str, target: str) -> Rel:
    """A new relationship from ``part`` to the part ``target`` (written as an absolute target)."""
    xml = f'<Relationship Id={quoteattr(rid)} Type={quoteattr(rel_type)} Target={quoteattr("/" + target)}/>'
    return Rel(rid, rel_type, target, xml)


def free_rid(rels: list[Rel]) -> str:
    taken = {r.id for r in rels}
    n = 1
    while f"rId{n}" in taken:
        n += 1
    return f"rId{n}"


# what :func:`refresh_package` returns when the refresh changes nothing but the stamp (not saved)
UNCHANGED: list[str] = ["(unchanged)"]


def refresh_package(path: Path, out, sheets: dict[str, tuple[schema.Sheet, Sequence[list]]],
                    cells: dict[str, list[tuple]], skip_unchanged: bool = False,
                    dropped: dict[str, list[str]] | None = None, formulas: list[str] | None = None,
                    notes: dict[str, list[str]] | None = None,
                    restyled: dict[str, list[str]] | None = None,
                    reformatted: dict[str, list[str]] | None = None,
                    unhidden: dict[str, list[str]] | None = None,
                    links: dict[str, list[str]] | None = None,
                    totals: dict[str, list[str]] | None = None,
                    decided: dict[str, list[tuple[str, str, str]]] | None = None,
                    unfiltered: dict[str, list[str]] | None = None,
                    typed_checks: Callable[[dict[str, Typed], list, list[str], list], None] | None = None,
                    naming: list | None = None, renamed: list | None = None) -> list[str]:
    """Write the refreshed package of ``path`` to the open file ``out``; returns the parts written anew.

    ``sheets``: computed sheet name -> (its schema, its rows: any sequence, read where the sheet's XML
    is made); ``cells``: input sheet name -> cells (row, column, value, number format) to set.  With
    ``skip_unchanged``, nothing is written and :data:`UNCHANGED` returned when every part made is as
    the file holds it but the stamp's time.  ``dropped`` gets, by computed sheet, the cells a person
    typed on it outside the refresh's block or over its headers, a formula in its table, a decision in
    Follow-up's the Log does not hold, which the new sheet does not hold
    (:func:`~coachlog_xl.workbook.strays.typed_cells`, :mod:`~coachlog_xl.workbook.intable`), and ``decided``
    those decisions with their session IDs and values; ``unfiltered`` the columns of a computed sheet whose filter is
    not applied to the new rows (:func:`~coachlog_xl.workbook.filters.unapplied_filters`); ``typed_checks``, when
    a person typed on a computed sheet, a formula of the team's names a table column the refresh renames back
    or takes out (or one a table on a computed sheet has not), or the team's sheets hold formulas the file does not
    recalculate, is given what :func:`~coachlog_xl.workbook.typedchecks.typed_scan` found on each such sheet, those
    formulas (:func:`~coachlog_xl.workbook.tablerefs.naming_formulas`), those sheets and the table columns renamed back
    or taken out (:class:`~coachlog_xl.workbook.tablerefs.Changed`) before any part is made, and may
    write the Checks sheet and the stamp again through ``sheets`` and ``cells`` (so that Checks says it); each
    computed sheet is named in these reports as the workbook's tab names it (``checks`` for Checks, its
    capitals changed); ``formulas`` the sheets of the workbook's own
    holding formulas, when it does not ask to be recalculated on opening (:mod:`~coachlog_xl.workbook.recalc`),
    ``naming`` those formulas naming a table column and ``renamed`` the table columns renamed back or taken out;
    ``notes`` the cells of a person's notes, and ``links`` the references of a person's links, whose row now holds
    another subject (:mod:`~coachlog_xl.workbook.notes`);
    ``restyled`` the cells a person formatted or merged on a computed sheet, ``reformatted`` those given a number
    format of their own there and ``unhidden`` the rows a person hid there (:mod:`~coachlog_xl.workbook.restyled`);
    ``totals`` the tables on a computed sheet whose Total Row is switched off (:mod:`~coachlog_xl.workbook.tables`).
    """
    from coachlog_xl.workbook.beside import is_scores
    from coachlog_xl.workbook.damaged import computed_xml, refuse_unparsed
    from coachlog_xl.workbook.filtername import widen_filter_names
    from coachlog_xl.workbook.notes import COMMENTS
    from coachlog_xl.workbook.parts import refuse_single_quoted
    from coachlog_xl.workbook.readded import add_missing, with_header_row
    from coachlog_xl.workbook.recalc import recalculates_on_open
    from coachlog_xl.workbook.tablerefs import naming_formulas, table_changes
    from coachlog_xl.workbook.tables import update_tables
    from coachlog_xl.workbook.toolcharts import update_tool_charts

    pkg = Package(ZipSource(path))
    try:
        _refuse_alike(pkg)
        parts = pkg.sheet_parts()
        book = pkg.workbook_part()
        styles_part = next((r.target for r in pkg.rels(book) if r.type == REL + "styles"), None)
        styles_xml = stored_styles = editable(pkg, styles_part, pkg.read(styles_part)) if styles_part else _EMPTY_STYLES
        shared = pkg.shared_strings(apart=True)  # (read once a scan needs it, in the process it runs in)
        in1904 = date1904(editable(pkg, book, pkg.read(book)))
        refuse_single_quoted(pkg, {name: parts[name] for name in sheets if name in parts})
        # (part, its XML, its expected cost (:mod:`~coachlog_xl.workbook.partcost`), its XML as it was)
        jobs: list[tuple[str, Callable[[Styles], bytes | Iterable[bytes]], float, bytes]] = []
        old: dict[str, bytes] = {}  # each computed sheet's XML as it was
        as_stored = cache(lambda: Styles(stored_styles))  # (the styles its cells' indices name)
        adopted = Styles(styles_xml) if styles_part else None  # taking the styles of a sheet added back
        tabs = {name: schema.sheet_named(parts, name) or name for name in sheets}  # (as the workbook's tabs say them)
        added = add_missing(pkg, book, parts, list(sheets), adopted)
        chained = any(r.type == REL + "calcChain" and not r.external for r in pkg.rels(book))
        asked = Asked(restyled is not None, reformatted is not None, unhidden is not None, notes is not None,
                      links is not None)
        for name in sheets:
            old[name] = added[name] if name in added else \
                editable(pkg, parts[name],
                         computed_xml(pkg.source.path, name, parts[name], partial(pkg.read, parts[name])), name)
        # (the cells typed there, found before any part is made, Checks' too, so that Checks says them; at a first
        # refresh the sheets are the template's, empty)
        typed = {name: typed_scan(old[name], sheet, rows, shared, holds_formula(old[name]), as_stored, in1904)
                 if dropped is not None
                 else Typed(formula=chained and holds_formula(old[name])) for name, (sheet, rows) in sheets.items()}
        computed = {parts[name] for name in sheets}
        team = {name: partial(pkg.read, part) for name, part in parts.items()  # (the team's sheets but Scores)
                if part not in computed and not is_scores(name) and part in pkg.source.names}
        changed, tables = table_changes(pkg, [(tabs[name], parts[name], sheet) for name, (sheet, _) in sheets.items()])
        if changed or tables:  # (read once for both)
            team = {name: cache(read) for name, read in team.items()}
        named = naming_formulas(changed, team.items(), partial(pkg.read, book), tables)
        own = [name for name, read in team.items() if holds_formula(read())] \
            if formulas is not None and not recalculates_on_open(pkg.read(book)) else []
        if typed_checks is not None and (any(seen.cells for seen in typed.values()) or named or own):
            typed_checks({tabs[name]: seen for name, seen in typed.items() if seen.cells}, named, own, changed)
        if naming is not None:
            naming.extend(named)
        if renamed is not None:
            renamed.extend(changed)
        scans: list[Callable[[], Found]] = []  # what a person did on each computed sheet, found where it is made
        for name, (sheet, rows) in sheets.items():
            part = parts[name]
            drawing = update_tool_charts(pkg, part, sheet, rows)
            switched: list[str] = []
            tables = update_tables(pkg, part, sheet, len(rows), switched)
            if switched and totals is not None:
                totals[tabs[name]] = switched
            comments = [pkg.read(r.target) for r in pkg.rels(part)
                        if r.type == COMMENTS and r.target in pkg.source.names]
            xml = old[name] if adopted is None else with_header_row(old[name], name, adopted)
            jobs.append((part, partial(_sheet_xml, xml, sheet, rows, drawing, in1904, tables),
                         sheet_cost(sheet, len(rows)), old[name]))
            scans.append(partial(scan, old[name], sheet, rows, tables, comments, shared, as_stored,
                                 asked, typed[name].cells))
        widen_filter_names(pkg, book, {name: (len(sheet.columns), len(rows) + 1, old[name])
                                       for name, (sheet, rows) in sheets.items()})
        if adopted is not None and adopted.changed:
            styles_xml = adopted.updated_xml()
        for name, edits in cells.items():
            if edits and name in parts:
                xml = editable(pkg, parts[name], pkg.read(parts[name]), name)
                jobs.append((parts[name], partial(_edited_xml, xml, edits, in1904), edited_cost(xml), xml))
        styles, made, found = _make_parts([make for _, make, _, _ in jobs], [size for _, _, size, _ in jobs],
                                          styles_xml, [was for *_, was in jobs], scans)
        for name, seen in zip(sheets, found):  # (in the sheets' order, as each report lists them)
            for report, cells_found in ((dropped, typed[name].cells), (restyled, seen.restyled),
                                        (reformatted, seen.reformatted), (unhidden, seen.unhidden), (notes, seen.notes),
                                        (links, seen.links)):
                if cells_found:
                    report[tabs[name]] = cells_found
            if typed[name].decisions and decided is not None:
                decided[tabs[name]] = typed[name].decisions
            if seen.unfiltered and unfiltered is not None:
                unfiltered[tabs[name]] = seen.unfiltered
        if chained and any(seen.formula for seen in typed.values()):
            _drop_calc_chain(pkg, book)
        for (part, *_), data in zip(jobs, made):
            pkg.put(part, data)
        if styles.changed:
            styles_xml = styles.updated_xml()
        if styles_xml is not stored_styles:
            pkg.put(styles_part or _add_styles_part(pkg, book), styles_xml, None if styles_part else STYLES_TYPE)
        if skip_unchanged and pkg.same_as_source({parts.get(schema.START, "")}) \
                and _same_but_time(pkg, parts.get(schema.START)):
            refuse_unparsed(pkg.source.path, {name: (parts[name], old[name]) for name in sheets
                                              if not _parses_as_was(pkg.edited.get(parts[name]))})
            return UNCHANGED  # every cell as the last refresh wrote it, as of the same date: nothing saved
        if formulas is not None:
            formulas.extend(own)
        return pkg.write(out)
    finally:
        pkg.source.close()


def _refuse_alike(pkg: Package) -> None:
    """A :class:`WorkbookError` before anything is written when the zip holds two parts whose names
    differ only in case (:func:`~coachlog_xl.workbook.partnames.alike_but_case`): which of them is the
    part a refresh would rewrite cannot be told."""
    pair = alike_but_case([info.filename for info in pkg.source.infos])
    if pair is not None:
        raise WorkbookError(alike_message(pkg.source.path, pair))


_STAMP_TIME = re.compile(rb"Refreshed \d{4}-\d\d-\d\d \d\d:\d\d")


def _same_but_time(pkg: Package, start: str | None) -> bool:
    """Whether the Start here sheet is as it was but for the time its stamp gives (the stamp's as-of
    date and counts the same)."""
    if start is None or start not in pkg.edited:
        return True
    new = zlib.decompress(pkg.edited[start].data, -15)
    return _STAMP_TIME.sub(b"", new) == _STAMP_TIME.sub(b"", pkg.read(start))


def _parses_as_was(part: Deflated | None) -> bool:
    """Whether a part was made byte for byte as the file holds it and parsed as it was made without a
    problem: the file's part parses then too."""
    return part is not None and part.same and part.parsed and part.problem is None


def _drop_calc_chain(pkg: Package, book: str) -> None:
    """Delete Excel's calculation chain (it lists every formula cell; Excel rebuilds it when missing):
    a formula a person typed on a computed sheet is gone after the refresh, and a chain listing a cell
    without a formula makes Excel report the file as damaged."""
    rels = pkg.rels(book)
    chain = [r for r in rels if r.type == REL + "calcChain" and not r.external]
    for rel in chain:
        pkg.delete(rel.target)
    if chain:
        pkg.put_rels(book, [r for r in rels if r not in chain])


def _sheet_xml(xml: bytes, sheet: schema.Sheet, rows: Sequence[list], drawing, in1904: bool,
               tables: list[tuple[int, str]], styles: Styles) -> Iterable[bytes]:
    return computed_sheet(xml, sheet, rows, styles, drawing, in1904, tables)


def _edited_xml(xml: bytes, edits: list[tuple], in1904: bool, styles: Styles) -> bytes:
    return edit_cells(xml, edits, styles, in1904)


def _make_parts(makes: list[Callable[[Styles], bytes | Iterable[bytes]]], sizes: list[float],
                styles_xml: bytes, were: list[bytes | None] | None = None,
                scans: list[Callable[[], Found]] | None = None) -> tuple[Styles, list[Deflated], list[Found | None]]:
    """Each part's XML made, compressed and checked as it is made (:func:`deflate`: the check of the
    save, :class:`~coachlog_xl.workbook.safety.Written`, made by the process that makes the part, a
    computed sheet's rows matched by a pattern, :mod:`~coachlog_xl.workbook.rowscheck`), and the
    ``scans`` of the first parts (:func:`~coachlog_xl.workbook.byhand.scan`: what a person did on a
    computed sheet, read from its old XML) done where it is made; split by ``sizes`` (their expected
    costs, :func:`~coachlog_xl.workbook.partcost.split`) between two processes where
    :func:`~coachlog_xl.workers.map_halves` can; then the styles as the parts left them, and what the
    scans found (None for a part without one).

    A part may need a style the workbook lacks (its first refresh, on a workbook that is not from the
    template): styles are numbered in the order they are added, so when any part added one, all
    parts are made again one after another, in order, as one process makes them (the scans, which
    read no style it adds, are not done again)."""
    styles = Styles(styles_xml)
    were = were or [None] * len(makes)
    scans = (scans or []) + [None] * (len(makes) - len(scans or []))

    def make(i: int) -> tuple[Deflated, bool, Found | None]:
        data = deflated(makes[i](styles), True, were[i])
        return data, styles.changed, scans[i]() if scans[i] is not None else None

    if sum(sizes) < workers.CELLS:  # (small work: in this process)
        sides = [range(len(makes))]
    else:
        away = split(sizes)
        sides = [on for on in ([i for i, far in enumerate(away) if far is side] for side in (False, True)) if on]
    made: list = [None] * len(makes)
    for side, got in zip(sides, workers.map_halves(lambda side: [make(i) for i in side], sides)):
        for i, one in zip(side, got):
            made[i] = one
    found = [seen for *_, seen in made]
    if not any(added for _, added, _ in made) and not styles.changed:
        return styles, [data for data, *_ in made], found
    styles = Styles(styles_xml)
    return styles, [deflated(m(styles), True, w) for m, w in zip(makes, were)], found


def deflated(data: bytes | Iterable[bytes], parse: bool = False, was: bytes | None = None) -> Deflated:
    """A part's bytes (or its chunks) compressed for the archive; ``parse`` and ``was``: see :func:`deflate`."""
    return deflate([data] if isinstance(data, bytes) else data, parse, was)


# A package may have no styles part (as some tools other than Excel save one): every cell has the
# default look.  When a cell needs a style, the part is made from this (:class:`Styles` adds the default
# font, fill and border its styles name).
_EMPTY_STYLES = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


def _add_styles_part(pkg: Package, book: str) -> str:
    """A new styles part for a package without one: its name, linked from the workbook part."""
    name = posixpath.join(posixpath.dirname(book), "styles.xml")
    name = pkg.free_name(name) if name in pkg.names else name
    rels = pkg.rels(book)
    pkg.put_rels(book, [*rels, relationship(free_rid(rels), REL + "styles", book, name)])
    return name
