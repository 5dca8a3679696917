"""Where each sheet lives inside an .xlsx package, read from its relationships without parsing cells."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from coachlog_xl.errors import CoachlogError
from coachlog_xl.workbook.zipparts import ZipSource


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
