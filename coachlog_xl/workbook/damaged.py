"""A workbook whose zip is whole but a part inside is damaged (cut off, a flipped byte): the low-level
errors of the zip, zlib, XML and calamine readers become one :class:`~coachlog_xl.errors.WorkbookError`
naming the file and the part."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.beside import backup_path
from coachlog_xl.workbook.safety import READ_BACK_ERRORS, part_problem, part_where

try:  # the optional compiled reader (not on Pyodide / xlwings Lite)
    from python_calamine import CalamineError
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    CalamineError = zipfile.BadZipFile  # a class listed twice below changes nothing

# What reading a damaged part raises: what reading it back raises, other XML parsers' and calamine's errors
DAMAGE = (*READ_BACK_ERRORS, ElementTree.ParseError, UnicodeDecodeError, CalamineError)


def damaged_part(path: Path) -> tuple[str, str] | None:
    """The first part of the package that does not read back whole or, for XML, parse, with what is
    wrong; None when every part does (or the zip itself cannot be opened)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return None
    for name in names:
        problem = part_problem(path, name)
        if problem:
            return name, problem
    return None


def message(path: Path, exc: BaseException) -> str:
    """What the user reads: the file, the damaged part when one is found, and how to get a good copy."""
    found = damaged_part(path)
    what = (f"the part {found[0]}{part_where(path, found[0])} inside it is damaged ({found[1]})" if found
            else f"it is damaged or truncated ({exc.__class__.__name__}: {exc})")
    bak = backup_path(path)
    kept = f"Restore it from {bak.name} or your last copy" if bak.exists() else "Restore it from your last copy"
    return f"{path}: not a readable .xlsx workbook; {what}. {kept}, or open it in Excel, which offers to repair it."


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Around a read of ``path``'s parts: a damaged part raises :class:`WorkbookError` (see the module)."""
    try:
        yield
    except DAMAGE as exc:
        raise WorkbookError(message(path, exc)) from None


def _computed_message(path: Path, name: str, part: str, problem: str) -> str:
    bak = backup_path(path)
    kept = f"Restore it from {bak.name} or your last copy" if bak.exists() else "Restore it from your last copy"
    return (f"{path}: the sheet \"{name}\" ({part}), which a refresh computes, is damaged ({problem}); nothing was "
            f"written. {kept}, or open the workbook in Excel, which offers to repair it, save it and refresh again: "
            f"the refresh writes \"{name}\" anew.")


def computed_xml(path: Path, name: str, part: str, read) -> bytes:
    """A computed sheet's part as ``read()`` gives it, or a :class:`WorkbookError` naming the sheet when
    its bytes are damaged (a bad CRC or deflate stream)."""
    try:
        return read()
    except READ_BACK_ERRORS as exc:
        raise WorkbookError(_computed_message(path, name, part, str(exc) or exc.__class__.__name__)) from None


def refuse_unparsed(path: Path, sheets: dict[str, tuple[str, bytes]]) -> None:
    """A :class:`WorkbookError` naming the first computed sheet (name -> its part and XML) whose XML does
    not parse: a refresh that finds every result as the file holds it writes nothing, and must not call
    the file refreshed while Excel would call it damaged."""
    for name, (part, xml) in sheets.items():
        try:
            expat.ParserCreate().Parse(xml, True)
        except expat.ExpatError as exc:
            raise WorkbookError(_computed_message(path, name, part, str(exc))) from None
