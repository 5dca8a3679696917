"""Where each sheet lives inside an .xlsx package, read from its relationships without parsing cells."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from coachlog_xl import schema
from coachlog_xl.errors import CoachlogError, TemplateError, WorkbookError
from coachlog_xl.shellword import shell_word
from coachlog_xl.workbook.leadrows import DATE1904
from coachlog_xl.workbook.partnames import stored_name
from coachlog_xl.workbook.xmltext import unescape
from coachlog_xl.workbook.zipparts import ZipSource
from coachlog_xl.workbook.zipsizes import Oversized

MAX_SHEET_NAME = 31
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# what reading a part whose bytes are damaged raises (a bad CRC or deflate stream, cut off)
PART_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)


def attribute_text(value: str) -> str:
    """An XML attribute's value as the text it stands for (its entities, quotes included, read)."""
    return unescape(value, {"&quot;": '"', "&apos;": "'"})


def date1904(workbook_xml: bytes) -> bool:
    """Whether the workbook part says the 1904 date system (Excel for Mac's option, LibreOffice's
    1904 null date): its serial numbers count days from 1904-01-01."""
    return DATE1904.search(workbook_xml) is not None


# a start tag up to an attribute's opening single quote (the attributes before it in either quote)
_TO_SINGLE_QUOTE = re.compile(rb"""<[A-Za-z_][\w.:-]*(?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s+[\w.:-]+\s*=\s*'""")
_SPACE = frozenset(b" \t\n\r\f\v")  # (white space as a pattern's \s)


def single_quoted(xml: bytes) -> bool:
    """Whether a start tag of the part quotes an attribute with ' (as XML allows and a few programs
    write), not "; a ' in a cell's text or formula (``'Other sheet'!A1``) is not one.  Each ' is found
    by a byte search (``memchr``) and only one that follows ``=`` and white space is read further: over
    the Follow-up's 28 MB at a million score rows 1 ms (the Checks' 35 MB, with 47,504 ' in its texts,
    17 ms), where a pattern for ``=``, white space and ' stopped at every attribute's ``=`` (36 ms and 32 ms)."""
    at = xml.find(b"'")
    while at != -1:
        eq = at - 1
        while eq >= 0 and xml[eq] in _SPACE:
            eq -= 1
        if eq >= 0 and xml[eq] == 0x3D:  # =
            start = xml.rfind(b"<", 0, eq)
            tag = _TO_SINGLE_QUOTE.match(xml, start) if start != -1 else None
            if tag is not None and tag.end() == at + 1:
                return True
        at = xml.find(b"'", at + 1)
    return False


def editable(pkg, part: str, xml: bytes, sheet: str | None = None) -> bytes:
    """The XML of a part a refresh edits (of the sheet ``sheet``, else the workbook's), refused before
    anything is written when it quotes attributes with ', which the refresh's edits do not read: a
    cell would be placed by its position, not its reference, and land in another row or twice in one."""
    if single_quoted(xml):
        where = f'a part of the sheet "{sheet}"' if sheet else "a part of the workbook"
        raise WorkbookError(f"{Path(pkg.source.path).name}: {where} ({part}) is saved by a program that writes "
                            "its XML in a way coachlog does not edit (attributes in single quotes); the file is "
                            "left as it was. Open and save it in Excel or LibreOffice, then run the command again.")
    return xml


def refuse_single_quoted(pkg, computed: dict[str, str]) -> None:
    """:func:`editable` for the tables and drawings of the computed sheets (by name: their parts), which
    a refresh edits too."""
    from coachlog_xl.workbook.package import REL

    for name, part in computed.items():
        for rel in pkg.rels(part) if part in pkg.source.names else ():
            if rel.type in (REL + "table", REL + "drawing") and not rel.external and rel.target in pkg.source.names:
                editable(pkg, rel.target, pkg.read(rel.target), name)


# the main namespace of a workbook saved as Strict Open XML Spreadsheet (Excel's Save As option)
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"


def strict_message(path: Path) -> str:
    return (f"{Path(path).name}: the workbook is saved as Strict Open XML Spreadsheet, which coachlog cannot "
            'write. In Excel: File > Save As > "Excel Workbook (.xlsx)", then run the command again.')


def refuse_strict(path: Path, then=None) -> None:
    """A :class:`~coachlog_xl.errors.WorkbookError` when the workbook is saved as Strict Open XML
    (before anything is read or computed: its parts cannot be written); any other problem of the file
    is left to the readers, which name it.  ``then(package, sheet_parts)``: a further check of the
    package opened here (:func:`~coachlog_xl.workbook.pivots.refuse_pivots`), which may raise too."""
    from coachlog_xl.workbook.package import Package

    try:
        source = ZipSource(path)
    except Oversized:
        raise
    except (OSError, CoachlogError):
        return
    try:
        pkg = Package(source)
        parts = pkg.sheet_parts()
        if then is not None:
            then(pkg, parts)
    except (KeyError, ElementTree.ParseError, TemplateError, *PART_DAMAGE):
        return
    finally:
        source.close()


# the content type [Content_Types].xml gives the workbook part -> the extension Excel opens that kind under
_MAIN_KINDS = {
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ".xlsx",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ".xltx",
    b"application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
}
# a template's kind -> what Excel's Save As calls the workbook made from it, and that workbook's extension
TEMPLATES = {".xltx": ("Excel Workbook", ".xlsx"), ".xltm": ("Excel Macro-Enabled Workbook", ".xlsm")}


def package_kind(types: bytes) -> str | None:
    """The extension of the kind of package a ``[Content_Types].xml`` declares (``.xlsx``, ``.xlsm``, or a
    template's, ``.xltx``, ``.xltm``), by its workbook part's content type; None when it names none of
    them, or several."""
    kinds = {kind for mime, kind in _MAIN_KINDS.items() if mime in types}
    return next(iter(kinds)) if len(kinds) == 1 else None


def misnamed(path: Path) -> str | None:
    """What to say when the workbook's extension is not its kind (an .xlsx workbook renamed .xlsm, or a
    macro workbook renamed .xlsx): Excel compares the two and refuses such a file ("the file format or file
    extension is not valid"), while coachlog reads it as any other.  None when they agree or the package
    cannot be read (the readers name that), and for a template, which no command reads
    (:func:`template_refused`)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            types = z.read("[Content_Types].xml")
    except (OSError, KeyError, *PART_DAMAGE):
        return None
    kind, suffix = package_kind(types), path.suffix.lower()
    if kind is None or kind in TEMPLATES or suffix not in (".xlsx", ".xlsm") or kind == suffix:
        return None
    return (f"{path.name} holds a workbook {'with' if kind == '.xlsm' else 'without'} macros (an {kind} workbook): "
            f"Excel does not open it under this name. Rename it to {path.stem}{kind}.")


def template_refused(path: Path, kind: str) -> str:
    """Why a package of a template's ``kind`` (``.xltx``, ``.xltm``) is not read, under any name, and how to
    make the workbook: Excel opens a template only under a template's extension, and a template renamed
    .xlsx is still a template inside (its content type, and for .xltm its macros), which Excel refuses;
    Excel's Save As writes the workbook's kind.  A refresh of it would write a file Excel does not open."""
    saved_as, suffix = TEMPLATES[kind]
    if path.suffix.lower() == kind:
        return (f"{path}: an Excel template ({kind}), not a workbook; coachlog reads and refreshes workbooks only, and "
                f"renaming a template does not make it one (Excel does not open a template named {suffix}). Open it in "
                f"Excel and use File > Save As > {saved_as} ({suffix}), then run the command on the workbook saved.")
    return (f"{path}: an Excel template ({kind}) named {path.suffix or 'without an extension'}, not a workbook: Excel "
            f"does not open it under this name, and coachlog reads and refreshes workbooks only. Rename it to "
            f"{path.stem}{kind}, open that in Excel and use File > Save As > {saved_as} ({suffix}), then run the "
            "command on the workbook saved.")


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> zip path of its XML part (``xl/worksheets/sheet3.xml``); {} when unreadable.

    The same lookup a refresh writes with (:meth:`Package.sheet_parts`), which follows the package's
    relationships to the workbook part wherever it is.
    """
    # Imported here: the package writer imports the reader, whose cache imports this module.
    from coachlog_xl.workbook.package import Package

    try:
        source = ZipSource(path)
    except (OSError, CoachlogError):
        return {}
    try:
        return Package(source).sheet_parts()
    except (KeyError, CoachlogError, ElementTree.ParseError):
        return {}
    finally:
        source.close()


_TABLE_TAG = re.compile(r"<(?:\w+:)?table\b[^>]*>")
_TABLE_REF = re.compile(r'\bref="[A-Z]+\d+:[A-Z]+(\d+)"')
_TOTALS = re.compile(r'\btotalsRowCount="(\d+)"')


def linked_by_sheet(path: Path, kind: str, read: Callable[[bytes, str], object]) -> dict[str, list]:
    """Sheet name -> what ``read`` makes of each part of relationship type ``kind`` (``table``, ``pivotTable``)
    the sheet links, given its XML and the sheet's name, Nones left out, for the sheets with one; {} when the
    package cannot tell."""
    from coachlog_xl.workbook.package import REL, Package

    try:
        source = ZipSource(path)
    except (OSError, CoachlogError):
        return {}
    try:
        pkg = Package(source)
        out: dict[str, list] = {}
        for sheet, part in pkg.sheet_parts().items():
            for rel in pkg.rels(part):
                if rel.type == REL + kind and not rel.external and rel.target in pkg.names \
                        and (got := read(pkg.read(rel.target), sheet)) is not None:
                    out.setdefault(sheet, []).append(got)
        return out
    except (KeyError, CoachlogError, ElementTree.ParseError, UnicodeError):
        return {}
    finally:
        source.close()


def totals_rows(path: Path) -> dict[str, set[int]]:
    """Sheet name -> the row numbers of the Total Rows of the tables on it (a table's Total Row, Excel's
    Table Design > Total Row, holds sums and labels, not data), for the sheets that have one; {} when
    the package cannot tell."""
    return {sheet: set().union(*rows) for sheet, rows in linked_by_sheet(path, "table", _total_rows).items()}


def _total_rows(xml: bytes, _sheet: str) -> set[int] | None:
    """The rows of a table part's Total Row, None without one."""
    tag = _TABLE_TAG.search(xml.decode("utf-8", "replace"))
    ref = _TABLE_REF.search(tag.group(0)) if tag else None
    count = _TOTALS.search(tag.group(0)) if tag else None
    if not (ref and count):
        return None
    bottom = int(ref.group(1))
    return set(range(bottom - int(count.group(1)) + 1, bottom + 1))


def sheet_name_problem(name: str) -> str | None:
    """Why Excel would refuse ``name`` as a sheet name (it then cannot open the file), or None.

    Excel's rules: not blank, at most 31 characters, none of \\ / ? * [ ] :, and no apostrophe at
    either end.
    """
    if not name.strip():
        return "a sheet name cannot be blank"
    bad = " or ".join('"' + c + '"' for c in sorted(set(BAD_SHEET_CHARS.findall(name))))
    if bad:
        return (f"a sheet name cannot hold {bad} "
                "(Excel allows none of \\ / ? * [ ] :)")
    if len(name) > MAX_SHEET_NAME:
        return f"a sheet name has at most {MAX_SHEET_NAME} characters; this one has {len(name)}"
    if name.startswith("'") or name.endswith("'"):
        return "a sheet name cannot start or end with an apostrophe"
    return None


def safe_sheet_name(text: str, instead: str = " ") -> str:
    """``text`` as a sheet name Excel opens (:func:`sheet_name_problem` finds nothing): each forbidden
    character as ``instead``, cut to 31 characters, no space or apostrophe at either end."""
    return BAD_SHEET_CHARS.sub(instead, text).strip(" '")[:MAX_SHEET_NAME].strip(" '")


def refuse_other_workbook(filename: str, names: list[str], path: Path | None = None) -> None:
    """Raise when a workbook has none of the Log, Criteria, Reps and Settings sheets: it is no coachlog
    workbook (a QA export named where the team's workbook goes, its arguments swapped on an import), and
    re-creating the sheets one by one (`coachlog repair`) would make it one.  The import the message
    offers names the file by ``path``, as the command was given it (else by ``filename``)."""
    if all(schema.sheet_named(names, s.name) is None for s in (schema.LOG, schema.CRITERIA, schema.REPS,
                                                                schema.SETTINGS)):
        raise TemplateError(
            f"{filename}: not a coachlog workbook: it has no Log, Criteria, Reps or Settings sheet (sheets found: "
            f"{', '.join(names)}). Run the command on the team's workbook; if this file is a QA export, add its "
            f"scores to that workbook with `coachlog import BOOK.xlsx {shell_word(path or filename)}` (the workbook "
            "first, then the export); to start a workbook, `coachlog new BOOK.xlsx`."
        )


_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def sheet_names(path: Path) -> list[str] | None:
    """The workbook's sheet names, in order, read with the standard library alone (``coachlog excel``, which
    imports no reader: pandas would take it a second); None when the package does not say them."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            rels = ElementTree.fromstring(zf.read(stored_name("_rels/.rels", names)))
            target = next((r.get("Target") for r in rels.iter(_RELATIONSHIP)
                           if (r.get("Type") or "").endswith("/officeDocument")), None)
            if target is None:
                return None
            book = ElementTree.fromstring(zf.read(stored_name(target.lstrip("/"), names)))
    except (OSError, KeyError, zipfile.BadZipFile, zlib.error, ElementTree.ParseError):
        return None
    return [s.get("name") or "" for s in book.iter() if s.tag.rsplit("}", 1)[-1] == "sheet"]
