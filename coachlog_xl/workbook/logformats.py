"""Number formats a person gave the Log's grey baseline cells that a refresh sets back, named on Checks.

A refresh records a baseline (mean, n, recorded on) into the Log's tool-owned cells in the number format
of the value's kind, keeping the cell's own (or its column's) where it shows the value as that kind:
``0.00`` or ``0 "calls"`` on a mean or a count, ``dd mmm yyyy`` on the date, a fill, a font
(:func:`~coachlog_xl.workbook.celledits.formats_set_back`).  A format of another kind would show the value
wrong, so it is set back, as a computed sheet's cells are set back to their column's: a percent shows a
mean of 64.7 points as 6470 % and a count of 10 calls as 1000 %, Text (``@``) or a number format shows the
date as its serial number (46112), a date format shows a count as a day of January 1900.  A supervisor who
chose the format sees it gone, so Checks names each such cell (``log-format-set-back``, a note) with the
format it had, the one it has now, and what the old one would have shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from coachlog_xl import schema
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.errors import CoachlogError
from coachlog_xl.workbook.celledits import ColumnCells, column_cells, formats_set_back
from coachlog_xl.workbook.parts import date1904
from coachlog_xl.workbook.sheetxml import column_letter, serial
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import log_columns
from coachlog_xl.workbook.zipparts import ZipSource

FIX = ("Nothing is lost: the value is the recorded baseline. To keep a number format, give one that shows the value "
       "as the column's own does: such as 0.00 for 0.0 on a mean, 0 \"calls\" for 0 on a count, dd mmm yyyy for "
       "yyyy-mm-dd on the date, which is kept.")


@dataclass(frozen=True)
class LogCells:
    """What :func:`log_format_issues` reads of the workbook before the baselines are known (:func:`log_cells`):
    the styles part's XML, the Log's grey cells (:class:`~coachlog_xl.workbook.celledits.ColumnCells`) and the
    date system."""

    styles: bytes
    cells: ColumnCells
    date1904: bool


def log_cells(path: Path, headers: list) -> LogCells | None:
    """The workbook's grey Log cells as :func:`log_format_issues` needs them, read before the refresh knows
    its baselines (beside the Log's rows: at 10,000 Log rows about 0.1 s, where a core would idle);
    ``headers``: the Log's row 1.  None where there is nothing to name: no Log, no styles part (every cell
    General), a tool column missing (the write says so) or a part that cannot be read (the save names it)."""
    from coachlog_xl.workbook.package import REL, Package  # (the package writer imports the writer, as this)

    try:
        columns = {col for _, col, _ in log_columns(headers)}
        source = ZipSource(path)
    except (OSError, CoachlogError):
        return None
    try:
        pkg = Package(source)
        part = pkg.sheet_parts().get(schema.LOG.name)
        styles_part = next((r.target for r in pkg.rels(pkg.workbook_part()) if r.type == REL + "styles"), None)
        if part is None or styles_part is None:
            return None
        return LogCells(pkg.read(styles_part), column_cells(pkg.read(part), columns),
                        date1904(pkg.read(pkg.workbook_part())))
    except (KeyError, CoachlogError, ElementTree.ParseError, UnicodeError):
        return None
    finally:
        source.close()


def log_format_issues(path: Path, cells: list[tuple], headers: list, read: LogCells | None = None) -> Issues:
    """A Checks row for each of ``cells`` (the Log's tool-owned cells a refresh writes:
    :func:`~coachlog_xl.workbook.writer.log_cells`) whose number format the write sets back (see the module);
    ``headers``: the Log's row 1; ``read``: the workbook's cells as :func:`log_cells` read them already (else
    read here).  No row where the package cannot be read so far (the save names its problem)."""
    issues = Issues()
    if (read := read or log_cells(path, headers)) is None:
        return issues
    try:
        styles = Styles(read.styles)
        found = formats_set_back(read.cells, cells, styles)
    except (KeyError, CoachlogError, ElementTree.ParseError, UnicodeError):
        return issues
    values = {(row, col): value for row, col, value, _ in cells}
    for row, col, was, now in found:
        old, new = styles.code_shown(was), styles.code_shown(now)
        header = str(headers[col - 1]) if col <= len(headers) and headers[col - 1] is not None else column_letter(col)
        shown = _shown(values[(row, col)], old, styles.number_kind(was), read.date1904)
        issues.add(Code.LOG_FORMAT_SET_BACK, schema.LOG.name, row, header, old,
                   f"Log {column_letter(col)}{row} ({header}): the number format {old} given to the cell is set back "
                   f"to {new} as the refresh records the baseline there, as a computed sheet's cells are set back to "
                   f"their column's: {shown}.", FIX)
    return issues


def _shown(value, old: str, kind: str, date1904: bool) -> str:
    """What format ``old`` (of kind ``kind``: :meth:`~coachlog_xl.workbook.stylesxml.Styles.number_kind`) would
    show the value written as."""
    if value is None:  # (a recorded n of 0: the mean blank, written with the column's format)
        return "the cell stays blank (no call in the baseline window), in the column's format"
    if isinstance(value, (dt.date, dt.datetime)):
        if kind in ("text", "number"):
            return f"{old} would show the date {value:%Y-%m-%d} as its serial number, {serial(value, date1904):g}"
        return f"{old} would not show the date as a date"
    if kind == "percent" and isinstance(value, (int, float)):
        return f"{old} would show {value:g} as {value * 100:g} %"
    if kind in ("date", "time") and isinstance(value, (int, float)):
        return f"{old} would show the number {value:g} as a {kind}"
    return f"{old} would not show the value as a number"
