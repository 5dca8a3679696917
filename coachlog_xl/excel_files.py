"""The files that put the refresh into Excel: ``BOOK.py`` for the desktop add-in, ``main.py`` and
``requirements.txt`` for xlwings Lite.

Each generated file holds only thin front-end code: it calls :func:`coachlog_xl.excel.refresh`,
:func:`coachlog_xl.excel.check` and the bodies in :mod:`coachlog_xl.core.functions`.
"""

from __future__ import annotations

import keyword
import os
import zipfile
from pathlib import Path

from coachlog_xl import __version__
from coachlog_xl.errors import ConfigError
from coachlog_xl.suffixes import WORKBOOK_SUFFIXES
from coachlog_xl.workbook.parts import refuse_other_workbook, sheet_names

PACKAGE = "coachlog_xl"

DESKTOP = '''\
"""Refresh {book} from Excel with the xlwings add-in (Run main). Written by `coachlog excel`.

Keep this file next to {book}; the add-in runs main() of the file named like the workbook.
"""

import xlwings as xw

from coachlog_xl import excel


def main():
    """Recompute Baseline, Follow-up, Aggregate and Checks of the workbook that called."""
    excel.refresh(xw.Book.caller())


def check():
    """Rewrite only the Checks sheet of the workbook that called."""
    excel.check(xw.Book.caller())
'''

LITE = '''\
"""
# Coaching log

**Refresh** recomputes Baseline, Follow-up, Aggregate and Checks from Log, Scores, Criteria, Reps
and Settings, records baselines that are due and stamps *Start here*. **Check** rewrites only the
Checks sheet. Nothing you typed is changed.

Worksheet functions: `COACHLOG_KOFN`, `COACHLOG_WINDOW`, `COACHLOG_DELTA`.

Written by `coachlog lite` (coachlog_xl {version}).
"""

import xlwings as xw
from xlwings import arg, func, script

from coachlog_xl import excel
from coachlog_xl.core import functions as fn


@script(name="Refresh")
def refresh(book: xw.Book):
    """# Refresh
    Recompute the computed sheets, as `coachlog refresh` does on the file."""
    excel.refresh(book)


@script(name="Check")
def check(book: xw.Book):
    """# Check
    Rewrite only the Checks sheet: every problem in the data, where it is and how to fix it."""
    excel.check(book)


@func
@arg("scores", ndim=2, doc="The follow-up scores: a row or column of cells. Blank and N/A are not calls.")
@arg("threshold", doc="The score a call must reach, 0-100 (default 80; 0.8, a cell formatted 80 %, is 80).")
@arg("k", doc="How many calls must reach it (default 7).")
def coachlog_kofn(scores, threshold=80, k=7):
    """**K of N**: `yes` when at least K of the scores are at or above the threshold, else `no`.

    Example: `=COACHLOG_KOFN(F2:F11, 80, 7)`"""
    return excel.worksheet(fn.k_of_n, scores, threshold, k)


@func
@arg("scores_table", ndim=2, doc="The Scores table with its header row, e.g. Scores[#All].")
@arg("rep", doc="The rep, spelled as in the table's Rep column (the function does not see the Reps sheet).")
@arg("criterion", doc="The criterion, as the Scores sheet spells it.")
@arg("date", doc="The session date; with a time, calls split at that moment.")
@arg("side", doc='"before" for the baseline window, "after" for the follow-up window.')
@arg("n", doc="Calls per window (default 10).")
@arg("days", doc="Follow-up timeframe in days (default 30).")
def coachlog_window(scores_table, rep, criterion, date, side="before", n=10, days=30):
    """**Window mean**: the mean score of the rep's last N calls on the criterion before the session
    (`"before"`), or the first N within the timeframe after it (`"after"`). Calls on the day of a
    date-only session are in neither window. Blank when the window has no calls.

    Example: `=COACHLOG_WINDOW(Scores[#All], "Dana Cruz", "ACK", DATE(2026,3,10), "before", 10)`"""
    return excel.worksheet(fn.window_mean, scores_table, rep, criterion, date, side, n, days)


@func
@arg("scores_table", ndim=2, doc="The Scores table with its header row, e.g. Scores[#All].")
@arg("rep", doc="The rep, spelled as in the table's Rep column (the function does not see the Reps sheet).")
@arg("criterion", doc="The criterion, as the Scores sheet spells it.")
@arg("date", doc="The session date; with a time, calls split at that moment.")
@arg("n", doc="Calls per window (default 10).")
@arg("days", doc="Follow-up timeframe in days (default 30).")
@arg("threshold", doc="The score a follow-up call must reach, 0-100 (default 80; 0.8, a cell formatted 80 %, is 80).")
@arg("k", doc="How many follow-up calls must reach it (default 7).")
def coachlog_delta(scores_table, rep, criterion, date, n=10, days=30, threshold=80, k=7):
    """**Delta and threshold check**: two cells, the follow-up mean minus the baseline mean (blank
    until 5 follow-up calls) and whether K of the N follow-up calls reached the threshold (`yes`,
    `no`, or blank while undecided).

    Example: `=COACHLOG_DELTA(Scores[#All], "Dana Cruz", "ACK", DATE(2026,3,10))`"""
    return [excel.worksheet(fn.delta, scores_table, rep, criterion, date, n, days, threshold, k)]
'''


def desktop_entry(book: Path, force: bool = False) -> Path:
    """Write ``BOOK.py`` beside ``BOOK.xlsx`` for the xlwings add-in's Run main button; a workbook that is no
    coachlog one (no Log, Criteria, Reps or Settings sheet) is refused, as a refresh refuses it."""
    book = Path(book)
    if not book.exists():
        raise ConfigError(f"{book}: no such workbook. Give the path of the workbook you open in Excel.")
    if book.suffix.lower() not in WORKBOOK_SUFFIXES or not zipfile.is_zipfile(book):
        raise ConfigError(f"{book}: not an Excel workbook (.xlsx or .xlsm). Give the path of the workbook you open "
                          "in Excel.")
    if (sheets := sheet_names(book)) is not None:  # (a QA export or another workbook: refused as a refresh does)
        refuse_other_workbook(book.name, sheets, book)
    if not (book.stem.isidentifier() and not keyword.iskeyword(book.stem)):
        better = "".join(ch if ch.isalnum() else "_" for ch in book.stem).lstrip("0123456789_") or "coachlog"
        raise ConfigError(
            f'{book.name}: the xlwings add-in runs "import {book.stem}", which Python cannot do with this name. '
            f"Rename the workbook to letters, digits and underscores, e.g. {better}{book.suffix}, and run "
            "this command on it again."
        )
    target = book.with_suffix(".py")
    _refuse_overwrite([target], force)
    _write({target: DESKTOP.format(book=book.name)}, f"Check that you may write in the folder {target.parent}.")
    return target


def lite_files(folder: Path, wheel: str | None = None, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` for xlwings Lite into ``folder``.

    ``wheel`` is where Lite installs coachlog_xl from: a URL of the built wheel, or (default) the
    package name on PyPI.  pandas, numpy and xlwings are left to Lite (never pinned).
    """
    folder = Path(folder)
    main, requirements = folder / "main.py", folder / "requirements.txt"
    _refuse_overwrite([main, requirements], force)
    _write({main: LITE.format(version=__version__), requirements: f"{wheel or PACKAGE}\n"},
           "Give a folder you may write in (one that is missing is made, where its parent folder takes it).")
    return [main, requirements]


def _write(files: dict[Path, str], fix: str) -> None:
    """Write each file, in a folder made when missing; a folder that cannot be made or written in is said
    with ``fix``, and nothing of a workbook (these commands write none)."""
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        where = os.fsdecode(exc.filename) if exc.filename is not None else str(next(iter(files)).parent)
        raise ConfigError(f"{where}: {exc.strerror or exc}. {fix}") from None


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    there = [p for p in paths if p.exists()]
    if there and not force:
        raise ConfigError(f"{', '.join(str(p) for p in there)} already exists; pass --force to replace it.")
