"""One writer of a workbook at a time: Excel's and LibreOffice's lock files, and our own write lock.

Every command that writes a workbook reads it and writes it under :func:`guarded_write`:
1. refuse when Excel or LibreOffice has the file open (their lock files ``~$BOOK.xlsx`` and
   ``.~lock.BOOK.xlsx#``, :func:`~coachlog_xl.workbook.safety.refuse_if_open`), unless forced;
2. take our own lock (:func:`write_lock`: the hidden file ``.BOOK.xlsx.coachlog-lock`` beside it,
   locked), so two commands on one file run one after the other, never interleaved, the second
   waiting up to :data:`LOCK_WAIT_SECONDS`;
3. note the file's :class:`~coachlog_xl.workbook.safety.Fingerprint` as it was when the command
   started, which the save (:func:`~coachlog_xl.workbook.safety.save_package`) compares before it
   replaces the file.
Where that lock file cannot be created for lack of permission (:class:`FolderNotWritable`), a command
that may write nothing goes on without the lock and stops before it would write (:func:`refuse_unlocked`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.beside import stale_copies
from coachlog_xl.workbook.safety import Fingerprint, office_lock_files, refuse_if_open, unwritable_folder

LOCK_WAIT_SECONDS = 30.0


class FolderNotWritable(WorkbookError):
    """The lock file cannot be created or opened for lack of permission: the user may not write in the
    workbook's folder (or its file system is read-only), or the lock file there is another user's."""


NOT_PERMITTED = (errno.EACCES, errno.EPERM, errno.EROFS)


@contextlib.contextmanager
def write_lock(path: Path, wait: float | None = None, waiting: Callable[[str], None] | None = None,
               unless_unwritable: bool = False):
    """Our own lock: a second writer of the same file waits, then gives up with a clear message;
    ``waiting`` is told once, as the wait starts, that the command waits and for what.  Yields None, or
    with ``unless_unwritable``, when the lock file cannot be created for lack of permission (a folder
    the user may only read, a read-only file system), the message a write there would stop with: the
    command goes on without the lock, and writes nothing (see :func:`guarded_write`).

    The lock file is removed as the command lets go, on every way out (an error, Ctrl-C, the end of the
    session), while it still holds the lock: a command leaves nothing beside the workbook (nor beside a
    file that does not exist).  A command that was waiting on the removed file finds, once it holds
    that file's lock, that the name no longer leads to it, and locks the name anew (:func:`_locked`), so
    two commands never hold two files of one name."""
    path = Path(path)
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    lock = path.parent / f".{path.name}.coachlog-lock"
    try:
        fh = _locked(path, lock, wait, waiting)
    except FolderNotWritable as exc:
        if not unless_unwritable:
            raise
        yield str(exc)
        return
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{socket.gethostname()} {os.getpid()}\n")
        fh.flush()
        for stale in stale_copies(path):  # left by a command killed while it saved (none is being written now)
            with contextlib.suppress(OSError):
                stale.unlink()
        yield None
    finally:
        with contextlib.suppress(OSError):  # (Windows refuses to remove an open file: there it stays, as it did)
            lock.unlink()
        _unlock(fh)
        fh.close()


def _locked(path: Path, lock: Path, wait: float, waiting: Callable[[str], None] | None):
    """The lock file, open and locked; waits up to ``wait`` seconds for another command to let go.  A
    lock taken on a file the command before removed meanwhile is let go and the name locked again."""
    deadline = time.monotonic() + wait
    while True:
        fh = _open_lock(path, lock)
        try:
            while not _try_lock(fh):
                if waiting is not None:
                    waiting(f"Waiting for another coachlog command to finish writing {path.name} (up to {wait:.0f} s)")
                    waiting = None
                if time.monotonic() > deadline:
                    raise WorkbookError(
                        f"{path}: another coachlog command is writing this workbook; waited {wait:.0f} s. "
                        "Try again when it has finished."
                    )
                time.sleep(0.2)
        except BaseException:  # (not removed: the command holding it removes it)
            fh.close()
            raise
        if _same_file(fh, lock):
            return fh
        _unlock(fh)
        fh.close()
        if time.monotonic() > deadline:  # (a folder whose files never read as the one opened: no endless loop)
            raise WorkbookError(f"{path}: the lock file {lock.name} beside it could not be held (it was removed each "
                                "time it was locked). Check that the folder is not being cleaned by another program.")


def _same_file(fh, lock: Path) -> bool:
    """Whether the name ``lock`` still leads to the file open as ``fh`` (not removed by its last holder)."""
    try:
        st = os.stat(lock, follow_symlinks=False)
    except OSError:
        return False
    mine = os.fstat(fh.fileno())
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _open_lock(path: Path, lock: Path):
    """The lock file open for writing, created when missing.  A lock that is a symbolic link or one of
    several hard links to a file is refused: writing our name into it would overwrite the file it
    points to (another file of the user's, anywhere)."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        if lock.is_symlink():
            raise WorkbookError(_not_a_lock(path, lock)) from None
        if exc.errno in NOT_PERMITTED and path.parent.is_dir():
            if exc.errno != errno.EROFS and lock.exists() and os.access(path.parent, os.W_OK | os.X_OK):
                raise FolderNotWritable(  # (the folder takes files: the lock file is another user's)
                    f"{path}: the lock file {lock.name} beside it cannot be opened ({exc.strerror}): it is another "
                    "user's, whose coachlog command may be writing this workbook; nothing was written. Try again "
                    f"when it has finished; if none is running, delete {lock.name} (it holds nothing of yours)."
                ) from None
            raise FolderNotWritable(unwritable_folder(path, exc)) from None
        raise WorkbookError(unwritable_folder(path, exc)) from None
    st = os.fstat(fd)
    if lock.is_symlink() or not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
        os.close(fd)
        raise WorkbookError(_not_a_lock(path, lock))
    return os.fdopen(fd, "r+")


def _not_a_lock(path: Path, lock: Path) -> str:
    return (f"{path}: {lock.name} beside it, the file coachlog locks the workbook with, is a link to another "
            "file; nothing was written. Delete it (it holds nothing of yours) and run the command again.")


def _try_lock(fh) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fh) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def guarded_write(path: Path, force: bool = False, waiting: Callable[[str], None] | None = None,
                  forceable: bool = True, unless_unwritable: bool = False):
    """Lock checks and our write lock around one read-compute-write of ``path``; yields the fingerprint
    of the file as it was when the command started.  Through a symbolic link, the file it points to is
    the one whose lock files are checked and taken (the one saved).  ``waiting``: see :func:`write_lock`;
    ``forceable``: see :func:`~coachlog_xl.workbook.safety.refuse_if_open`.

    ``unless_unwritable``: a command that may find it has nothing to write (a refresh of a workbook
    that is up to date), or never writes (an import's dry run), goes on without the lock where its
    file cannot be created for lack of permission, the workbook existing: a folder the user may only
    read took no lock before there was a lock file, and said such a workbook was up to date.  The fingerprint's
    ``unlocked`` then holds the message the command stops with as soon as it finds it would write
    (:func:`refuse_unlocked`): no lock, no write."""
    path = Path(os.path.realpath(path))
    if not force:
        refuse_if_open(path, forceable)
    with write_lock(path, waiting=waiting, unless_unwritable=unless_unwritable and path.exists()) as unlocked:
        if unlocked is not None and not path.exists():  # (gone meanwhile: no fingerprint to carry the refusal)
            raise WorkbookError(unlocked)
        yield replace(Fingerprint.of(path), locks=tuple(f.name for f in office_lock_files(path)),
                      unlocked=unlocked) if path.exists() else None


def refuse_unlocked(before: Fingerprint | None) -> None:
    """Stop a command that went on without the write lock (see :func:`guarded_write`) before it writes,
    with the message taking the lock gave: the file, the folder it may not write in, what to do."""
    if before is not None and before.unlocked is not None:
        raise WorkbookError(before.unlocked)
