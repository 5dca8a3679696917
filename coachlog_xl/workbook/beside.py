"""The files a refresh keeps beside a workbook, by name alone (nothing imported: the command line looks
for them before it loads the library)."""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".coachlog-cache"
DONE_SUFFIX = ".coachlog-done"


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


def backup_path(book: Path) -> Path:
    """``BOOK.xlsx.bak``: the workbook as it was before the last save (not hidden: it is the person's)."""
    book = Path(book)
    return book.with_name(book.name + ".bak")


def is_scores(sheet: str) -> bool:
    """Whether a sheet is read as scores: its name starts with Scores (``Scores``, ``Scores Jan-Jun``)."""
    return sheet.lower().startswith("scores")
