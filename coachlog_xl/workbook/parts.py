"""Where each sheet lives inside an .xlsx package, read from its zip directory without parsing cells."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> zip path of its XML part (``xl/worksheets/sheet3.xml``); {} when unreadable."""
    try:
        with zipfile.ZipFile(path) as book:
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.iter():
        if re.sub(r"^\{[^}]*\}", "", sheet.tag) != "sheet":
            continue
        target = targets.get(sheet.get(_REL_NS), "")
        if target:
            out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    return out
