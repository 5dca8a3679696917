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
