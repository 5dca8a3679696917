"""The files a refresh keeps beside a workbook, by name alone (nothing imported: the command line looks
for them before it loads the library)."""

from __future__ import annotations

import contextlib
from pathlib import Path

SUFFIX = ".coachlog-cache"
DONE_SUFFIX = ".coachlog-done"
NEW_COPY = ".coachlog-new-"  # the start of a new version's name, the workbook's or its backup's, being written


def _beside(book: Path, suffix: str) -> Path:
    """A hidden file named after the workbook, in its folder."""
    book = Path(book)
    return book.with_name(f".{book.name}{suffix}")


def cache_path(book: Path) -> Path:
    """``.BOOK.xlsx.coachlog-cache`` beside the workbook."""
    return _beside(book, SUFFIX)


def done_path(book: Path) -> Path:
    """``.BOOK.xlsx.coachlog-done`` beside the workbook."""
    return _beside(book, DONE_SUFFIX)


def writing_path(path: Path) -> Path:
    """``path.tmp``: where a file kept beside the workbook is written before it takes its name
    (:func:`coachlog_xl.workbook.done.write_beside`)."""
    path = Path(path)
    return path.with_name(path.name + ".tmp")


def new_copy_prefix(book: Path) -> str:
    """How the name of a new version of the workbook (or of its backup) written beside it starts, before
    the random letters of a temporary file: ``.BOOK.xlsx.coachlog-new-``.  Hidden, and named so that one
    left by a command killed while it saved is known for what it is (:func:`stale_copies`)."""
    return f".{Path(book).name}{NEW_COPY}"


def stale_copies(book: Path) -> list[Path]:
    """The new versions of the workbook a command killed while it saved left beside it (each a copy of
    the workbook's data, whole or in part).  Only a command holding the workbook's write lock may take
    them for stale: no other command is writing one then."""
    prefix = new_copy_prefix(book)
    with contextlib.suppress(OSError):
        return sorted(p for p in Path(book).parent.iterdir()
                      if p.name.startswith(prefix) and p.is_file() and not p.is_symlink())
    return []


def backup_path(book: Path) -> Path:
    """``BOOK.xlsx.bak``: the workbook as it was before the last save (not hidden: it is the person's)."""
    book = Path(book)
    return book.with_name(book.name + ".bak")


def is_scores(sheet: str) -> bool:
    """Whether a sheet is read as scores: its name starts with Scores (``Scores``, ``Scores Jan-Jun``)."""
    return sheet.lower().startswith("scores")
