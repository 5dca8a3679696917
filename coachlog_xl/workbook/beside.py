"""The files a refresh keeps beside a workbook, by name alone (nothing imported: the command line looks
for them before it loads the library)."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime

SUFFIX = ".coachlog-cache"
DONE_SUFFIX = ".coachlog-done"
NEW_COPY = ".coachlog-new-"  # the start of a new version's name, the workbook's or its backup's, being written


def _beside(book: Path, suffix: str) -> Path:
    """A hidden file named after the workbook, in its folder: through a symbolic link, the folder and the
    name of the file it points to, where the save, the backup and the lock go (README: the cache lies in
    the workbook's folder, with its permissions), so that the link and the real path share one."""
    book = Path(os.path.realpath(book))
    return book.with_name(f".{book.name}{suffix}")


def cache_path(book: Path) -> Path:
    """``.BOOK.xlsx.coachlog-cache`` beside the workbook."""
    return _beside(book, SUFFIX)


def done_path(book: Path) -> Path:
    """``.BOOK.xlsx.coachlog-done`` beside the workbook."""
    return _beside(book, DONE_SUFFIX)


def too_long_to_keep(book: Path) -> list[str]:
    """The files kept beside the workbook (``.BOOK.xlsx.coachlog-cache``, ``-done``) whose temporary
    name (:func:`writing_path`, under which each is written first) the folder does not take: a name a
    little too long for them saves the workbook (and its backup) but keeps neither the cache nor the
    record of the refresh (:func:`~coachlog_xl.workbook.done.write_beside` says only False)."""
    book = Path(os.path.realpath(book))
    try:
        most = os.pathconf(book.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # (Windows has no pathconf: its names take 255 characters)
        most = 255
    return [path.name for path in (cache_path(book), done_path(book))
            if len(os.fsencode(writing_path(path).name)) > most]


def writing_path(path: Path) -> Path:
    """``path.PID-RANDOM.tmp``, in its folder: where this process writes a file kept beside the workbook
    before it takes its name (:func:`coachlog_xl.workbook.done.write_beside`).  Each writer has its
    own: a ``coachlog check`` holds no lock, so a check and a refresh of one workbook (or two checks)
    may write the cache at once, and threads of one process share its pid (hence the random part).
    The pid tells whose it is: the command whose second process was stopped while it wrote removes that
    process's alone (:func:`writings`), and a later writer knows a dead writer's (:func:`stale_writings`)."""
    path = Path(path)
    return path.with_name(f"{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")


def writings(path: Path, pid: int | None = None) -> list[Path]:
    """The temporary files being written (or left) for ``path`` in its folder, by the process ``pid``
    (None: by any, and the ``path.tmp`` that versions 0.3.5 and earlier wrote)."""
    path = Path(path)
    with contextlib.suppress(OSError):
        found = [(p, _writer(path, p.name)) for p in path.parent.iterdir()]
        return sorted(p for p, writer in found if writer is not None and pid in (None, writer))
    return []


def _writer(path: Path, name: str) -> int | None:
    """The pid in the name of a temporary file writing ``path`` (0: the older ``path.tmp``, no pid);
    None when ``name`` is not one."""
    rest = name[len(path.name) + 1:] if name.startswith(path.name + ".") else ""
    if rest == "tmp":
        return 0
    pid, _, tail = rest.partition("-")
    if (pid.isascii() and pid.isdigit() and len(tail) == 12 and tail.endswith(".tmp")
            and all(c in "0123456789abcdef" for c in tail[:8])):
        return int(pid)
    return None


DEAD_WRITER_SECONDS = 60.0
ABANDONED_SECONDS = 3600.0


def stale_writings(path: Path, now: float | None = None) -> list[Path]:
    """The temporary files writing ``path`` that a process killed while it wrote left (SIGKILL, a power
    cut: it could not remove its own), safe for the next writer to remove.  A writer writes its file in
    a second or two (a million score rows' cache), its modification time moving as it goes, then
    renames it at once.  So one is stale when it was last written over a minute ago and its pid runs no
    process here, or over an hour ago whoever wrote it: the minute because a writer on another computer
    sharing the folder has a pid this one cannot ask about, the hour because a pid may be taken again
    by another process (and Windows has no harmless way to ask).  Removed wrongly, a live writer's
    rename fails and it keeps no cache this time (the next refresh reads the Scores); nothing of the
    workbook's is touched."""
    now = time.time() if now is None else now
    stale = []
    for tmp in writings(path):
        with contextlib.suppress(OSError):
            age = now - tmp.stat(follow_symlinks=False).st_mtime
            if age > ABANDONED_SECONDS or age > DEAD_WRITER_SECONDS and not _running(_writer(path, tmp.name)):
                stale.append(tmp)
    return stale


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process here (True when it cannot be told: Windows, where ``os.kill``
    would end it)."""
    if pid <= 0:
        return False
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # (OverflowError: no pid of this system is that large)
        return False
    except OSError:  # (another user's process)
        return True
    return True


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


def apart_path(book: Path, before: str, when: datetime.datetime, again: int = 1) -> Path:
    """``BOOK.before-COMMAND-YYYY-MM-DD-HHMMSS.xlsx`` beside the workbook (``-2``, ``-3``, ... after the time
    for the ``again``-th of one second): a copy of it kept apart, which no command replaces (not hidden:
    it is the person's, and opens in Excel under its extension)."""
    book = Path(book)
    nth = f"-{again}" if again > 1 else ""
    return book.with_name(f"{book.stem}.before-{before}-{when:%Y-%m-%d-%H%M%S}{nth}{book.suffix}")


def is_scores(sheet: str) -> bool:
    """Whether a sheet is read as scores: its name starts with Scores (``Scores``, ``Scores Jan-Jun``)."""
    return sheet.lower().startswith("scores")
