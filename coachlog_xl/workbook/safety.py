"""Never lose a team's log: locks, change detection, verified atomic saves and a backup.

Every command that writes a file goes through :func:`guarded_write`:
1. refuse when Excel or LibreOffice has the file open (their lock files ``~$BOOK.xlsx`` and
   ``.~lock.BOOK.xlsx#``), unless forced;
2. take our own lock, so two refreshes of one file run one after the other, never interleaved;
3. note the file's fingerprint when it is read and refuse to write when it changed since;
4. save to a temporary file in the same folder, verify it (zip integrity, every XML part written
   parses), keep the previous version as ``BOOK.xlsx.bak``, and replace the original in one step.
Any failure before that last step leaves the original byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import socket
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from xml.parsers import expat

from coachlog_xl import workers
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.beside import backup_path, new_copy_prefix, stale_copies
from coachlog_xl.workbook.zipsizes import open_part

LOCK_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str
    # the Office lock files beside the workbook when the command started (passed with --force): only one
    # that appears later says the workbook was opened meanwhile (:func:`replace_verified`)
    locks: tuple[str, ...] = field(default=(), compare=False)
    # why the command holds no write lock, when it went on without one (:func:`guarded_write`'s
    # ``unless_unwritable``): the message it stops with before it writes (:func:`refuse_unlocked`)
    unlocked: str | None = field(default=None, compare=False)

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        st = os.stat(path)
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return cls(st.st_size, st.st_mtime_ns, digest.hexdigest())


def office_lock_files(path: Path) -> list[Path]:
    """The lock files Excel and LibreOffice keep beside a workbook they have open."""
    path = Path(path)
    names = {f"~${path.name}", f".~lock.{path.name}#"}
    if len(path.stem) >= 8:  # Office shortens a long name's owner file: its first two letters make way for ~$
        names.add(f"~${path.name[2:]}")
    return [path.parent / n for n in sorted(names) if (path.parent / n).exists()]


def refuse_if_open(path: Path, forceable: bool = True) -> None:
    """A clear error when Excel or LibreOffice has the workbook open; ``forceable``: the command has a
    --force that overrides the lock (``new`` and ``demo`` have none: they replace the whole file)."""
    locks = office_lock_files(path)
    if locks:
        stale = ("or pass --force if you are sure it is not open (a lock file can be left behind by a crash)"
                 if forceable else f"or, if you are sure it is not open, delete the lock file {locks[0]} (a crash "
                 "can leave one behind)")
        raise WorkbookError(
            f"{path}: the workbook is open in Excel or LibreOffice (lock file {locks[0].name}). "
            f"Close it there and run the command again, {stale}.")


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
                    f"when it has finished; if none is running, delete {lock.name} (it holds nothing of yours).") from None
            raise FolderNotWritable(_unwritable_folder(path, exc)) from None
        raise WorkbookError(_unwritable_folder(path, exc)) from None
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


class Written(list):
    """The names of the parts a write made anew (the ones :func:`verify_package` checks), with
    ``parsed``: those parsed as XML as they were made, before they were compressed, each with what
    parsing found wrong (None: nothing)."""

    def __init__(self, names, parsed: dict[str, str | None] | None = None):
        super().__init__(names)
        self.parsed = parsed or {}


def verify_package(path: Path, parts: list[str] | None = None) -> None:
    """The saved file is a whole zip and the given parts (default: all) read back with their CRC and,
    for XML parts, parse.  The surgical write verifies only the parts it wrote: the others are the
    original's bytes.  A part parsed as it was made (``parts`` a :class:`Written`) is read back with
    its CRC only: the bytes read back are those parsed, and what parsing them found wrong is said here,
    as of a part that does not parse when read back.  Where a second core is free and the parts are
    large, half of them are read in a second process."""
    parsed = getattr(parts, "parsed", {})
    try:
        with zipfile.ZipFile(path) as zf:
            if parts is None:
                bad = zf.testzip()
                if bad is not None:
                    raise WorkbookError(f"{path}: the part {bad} is damaged.")
            names = [n for n in zf.namelist() if n.endswith((".xml", ".rels"))] if parts is None else parts
            sizes = {i.filename: (i.file_size, i.compress_size) for i in zf.infolist()}
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{path}: the file written is not a valid workbook ({exc}).") from None
    for problem in parsed.values():
        if problem:
            raise WorkbookError(f"{path}: the file written is not a valid workbook ({problem}).")
    # dealt out by expected time, so that the two halves take about as long: reading back and parsing a
    # part takes about 4 ms per MB of XML and 20 ms more per MB compressed (numbers and markup parse more
    # slowly than long text, and compress less well; fitted on the five parts a 1M refresh writes);
    # reading one back without parsing it, 14 ms per MB compressed and a fifth of a ms per MB of XML.
    # Under PART_BYTES of XML, all in this process.
    found = [sizes.get(n, (0, 0)) for n in names]
    weights = [(plain + 70 * packed) / 20 if n in parsed else plain + 5 * packed
               for n, (plain, packed) in zip(names, found)]
    reads = [(n, n not in parsed) for n in names]
    if sum(plain for plain, _ in found) < workers.PART_BYTES:
        halves = [reads]
    else:
        away = workers.deal(weights)
        halves = [half for half in ([r for r, far in zip(reads, away) if far is side] for side in (False, True)) if half]
    for problem in workers.map_halves(partial(_read_back, path), halves):
        if problem:
            raise WorkbookError(f"{path}: the file written is not a valid workbook ({problem}).")


# what reading back a part whose bytes are damaged raises: a bad CRC or deflate stream, XML cut off
READ_BACK_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, expat.ExpatError)


def part_problem(path: Path, name: str) -> str | None:
    """None when the part reads back whole (its CRC) and, for XML, parses; else what is wrong."""
    return _read_back(path, [(name, True)])


def _read_back(path: Path, reads: list[tuple[str, bool]]) -> str | None:
    """What is wrong with the first of the parts ``reads`` names that does not read back whole (its
    CRC) or, for XML when its flag says so, parse; None when all do."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name, parse in reads:
                with open_part(zf, name) as fh:
                    parser = expat.ParserCreate() if parse and name.endswith((".xml", ".rels", ".vml")) else None
                    while True:  # a megabyte at a time (ParseFile reads 2 KB at a time: a sixth slower)
                        data = fh.read(1 << 20)
                        if parser is not None:
                            parser.Parse(data, not data)
                        if not data:
                            break
    except (*READ_BACK_ERRORS, KeyError) as exc:
        return str(exc) or exc.__class__.__name__
    return None


def replace_verified(tmp: Path, path: Path, backup: bool, expected: Fingerprint | None,
                     parts: list[str] | None = None) -> None:
    """Verify ``tmp`` (``parts``: see :func:`verify_package`), keep a backup, and move ``tmp`` over
    ``path`` in one step."""
    try:
        verify_package(tmp, parts)
    except WorkbookError as exc:
        raise WorkbookError(_unverified(path, parts, exc)) from None
    if expected is not None and path.exists() and Fingerprint.of(path) != expected:
        raise WorkbookError(
            f"{path}: the file changed on disk since it was read (saved in Excel meanwhile?); nothing was "
            "written. Run the command again to include those changes."
        )
    opened = [f.name for f in office_lock_files(path) if f.name not in expected.locks] if expected is not None else []
    if opened:  # replaced now, the file would no longer be the one open there, whose next save would undo this
        raise WorkbookError(
            f"{path}: the workbook was opened in Excel or LibreOffice while the command ran (lock file {opened[0]}); "
            "nothing was written. Close it there and run the command again.")
    if path.exists():
        os.chmod(tmp, path.stat().st_mode & 0o777)
        if backup:
            _keep_backup(path)
    else:  # a new file gets the permissions any program's new file gets here (the umask's), not mkstemp's 0600
        os.chmod(tmp, 0o666 & ~_umask())
    try:
        os.replace(tmp, path)
    except OSError as exc:  # a folder that lets only a file's owner replace it (the sticky bit), a lock on Windows
        raise WorkbookError(
            f"{path}: could not replace the workbook with the new version ({exc.strerror or exc}); the original is "
            f"unchanged. Check that you may replace files in the folder {path.parent} (a shared folder may let only "
            "a file's owner do so), or work on a copy.") from None


def _unverified(path: Path, parts: list[str] | None, exc: WorkbookError) -> str:
    """What the user reads when the file written fails its check: when the same part of the workbook
    itself is damaged (a tool-owned sheet whose end was cut off: the save keeps what follows its rows),
    that part and how to get a good copy; else the check's own words.  Either way the workbook is the
    one named, not the temporary file, and it is unchanged."""
    found = None
    if path.exists():
        try:
            with zipfile.ZipFile(path) as zf:  # (a part the save made anew is not the original's)
                names = [n for n in zf.namelist() if n.endswith((".xml", ".rels")) and (parts is None or n in parts)]
        except (OSError, zipfile.BadZipFile):
            names = []
        found = next(((n, p) for n in names if (p := part_problem(path, n))), None)
    if found is not None:
        bak = backup_path(path)
        kept = f"Restore it from {bak.name} or your last copy" if bak.exists() else "Restore it from your last copy"
        return (f"{path}: not a readable .xlsx workbook; the part {found[0]} inside it is damaged ({found[1]}); "
                f"nothing was written. {kept}, or open it in Excel, which offers to repair it.")
    detail = str(exc).split(": ", 1)[-1]
    return f"{path}: {detail} Nothing was written; the workbook is unchanged."


def _umask() -> int:
    """The process's umask, read without setting it where the system says it (Linux), else set and reset."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        with open("/proc/self/status") as fh:
            return int(next(line for line in fh if line.startswith("Umask:")).split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_backup(path: Path) -> None:
    """Copy the file as it is to BOOK.xlsx.bak (through a temporary name: a half-copied backup never
    replaces a whole one); a copy that fails (a full disk) stops the save with the file unchanged."""
    bak = backup_path(path)
    bak_tmp = None
    try:
        fd, bak_tmp = tempfile.mkstemp(prefix=new_copy_prefix(path), suffix=".bak", dir=path.parent)
        os.close(fd)
        shutil.copy2(path, bak_tmp)
        os.replace(bak_tmp, bak)
    except OSError as exc:
        fix = "Free some space in the folder" if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) else \
            f"Check {bak.name} (a folder of that name? a file you may not replace?) and the folder"
        raise WorkbookError(f"{path}: could not keep the backup {bak.name} ({exc.strerror or exc}); nothing was "
                            f"written. {fix}, or turn the backup off (Settings: Keep a backup (.bak) = no; "
                            "refresh --no-backup).") from None
    finally:
        if bak_tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(bak_tmp)


def save_package(write: Callable[[Path], list[str] | None], path: Path, backup: bool = True,
                 expected: Fingerprint | None = None, unchanged: list[str] | None = None) -> bool:
    """Save safely (see the module docstring): ``write(tmp)`` writes the new file to a temporary path
    in the same folder and returns the parts to verify (None: all of them), or ``unchanged`` when the
    file would be the same: then nothing is replaced (returns False).  A symbolic link is saved
    through: the file it points to is replaced, and the link stays."""
    path = Path(os.path.realpath(path))
    refuse_if_read_only(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=new_copy_prefix(path), suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise WorkbookError(_unwritable_folder(path, exc)) from None
    os.close(fd)
    try:
        try:
            parts = write(Path(tmp))
        except OSError as exc:
            raise WorkbookError(f"{path}: could not write the workbook ({exc.strerror or exc}); "
                                + ("the original is unchanged." if path.exists() else "nothing was written.")) from None
        if unchanged is not None and parts is unchanged:
            return False  # the new file would be the old one: nothing replaced, the backup kept
        replace_verified(Path(tmp), path, backup, expected, parts)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def writable(path: Path) -> bool:
    """Whether :func:`save_package` may replace the workbook: it is not read-only and its folder takes a
    new file (it may still fail later, for a full disk)."""
    path = Path(os.path.realpath(path))
    try:
        refuse_if_read_only(path)
    except WorkbookError:
        return False
    return os.access(path.parent, os.W_OK | os.X_OK)


def refuse_if_read_only(path: Path) -> None:
    """A workbook marked read-only (the read-only attribute, or no write permission) is not replaced,
    as Excel would not save over it."""
    if not path.exists():
        return
    if not os.access(path, os.W_OK) or not stat.S_IMODE(path.stat().st_mode) & 0o222:
        raise WorkbookError(
            f"{path}: the file is read-only; nothing was written. Make it writable (clear its read-only "
            "attribute in the file's properties, or chmod u+w) and run the command again, or work on a copy."
        )


def _unwritable_folder(path: Path, exc: OSError) -> str:
    if not path.parent.is_dir():
        return f"{path}: the folder {path.parent} does not exist; nothing was written."
    return (f"{path}: coachlog cannot write in the folder {path.parent} ({exc.strerror or exc}); nothing was "
            "written. Copy the workbook to a folder you can write to, or ask for write access to this one.")


def save_workbook(wb, path: Path, backup: bool = True, expected: Fingerprint | None = None) -> None:
    """Save a whole openpyxl workbook safely (new workbooks, imports, repairs)."""
    save_package(wb.save, path, backup, expected)


@contextlib.contextmanager
def guarded_write(path: Path, force: bool = False, waiting: Callable[[str], None] | None = None,
                  forceable: bool = True, unless_unwritable: bool = False):
    """Lock checks and our write lock around one read-compute-write of ``path``; yields the fingerprint
    of the file as it was when the command started.  Through a symbolic link, the file it points to is
    the one whose lock files are checked and taken (the one saved).  ``waiting``: see :func:`write_lock`;
    ``forceable``: see :func:`refuse_if_open`.

    ``unless_unwritable``: a command that may find it has nothing to write (a refresh of a workbook
    that is up to date), or never writes (an import's dry run), goes on without the lock where its file cannot be created for lack of
    permission, the workbook existing: a folder the user may only read took no lock before there was a
    lock file, and said such a workbook was up to date.  The fingerprint's ``unlocked`` then holds the
    message the command stops with as soon as it finds it would write (:func:`refuse_unlocked`): no
    lock, no write."""
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
