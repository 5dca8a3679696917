"""Never lose a team's log: change detection, verified atomic saves and a backup.

A command that writes a workbook does so under :func:`~coachlog_xl.workbook.writelock.guarded_write`
(Excel's and LibreOffice's lock files looked for, our own write lock taken, the file's
:class:`Fingerprint` noted as it is read), then saves through :func:`save_package`:
1. refuse when the file changed since it was read, or was opened in Excel or LibreOffice meanwhile
   (a lock file of theirs, ``~$BOOK.xlsx`` or ``.~lock.BOOK.xlsx#``, that was not there before);
2. save to a temporary file in the same folder, verify it (zip integrity, every XML part written
   parses), keep the previous version as ``BOOK.xlsx.bak``, and replace the original in one step.
Any failure before that last step leaves the original byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from xml.parsers import expat

from coachlog_xl import stopping, workers
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.beside import apart_path, backup_path, new_copy_prefix
from coachlog_xl.workbook.zipsizes import open_part


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str
    # the Office lock files beside the workbook when the command started (passed with --force): only one
    # that appears later says the workbook was opened meanwhile (:func:`replace_verified`)
    locks: tuple[str, ...] = field(default=(), compare=False)
    # why the command holds no write lock, when it went on without one (``unless_unwritable`` of
    # :func:`~coachlog_xl.workbook.writelock.guarded_write`): the message it stops with before it writes
    # (:func:`~coachlog_xl.workbook.writelock.refuse_unlocked`)
    unlocked: str | None = field(default=None, compare=False)

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        st = os.stat(path)
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return cls(st.st_size, st.st_mtime_ns, digest.hexdigest())


def changed_on_disk(path: Path) -> str:
    """What a command says when the workbook changed on disk while it ran (saved or replaced)."""
    return (f"{path}: the file changed on disk since it was read (saved in Excel meanwhile?); nothing was "
            "written. Run the command again to include those changes.")


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
        halves = [half for half in ([r for r, far in zip(reads, away) if far is side] for side in (False, True))
                  if half]
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


_CELL_START = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr\s*=\s*"([A-Z]+\d+)"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_SELF_CLOSED = re.compile(rb"[^<>]*/>")  # the rest of a cell's start tag, closing itself


def part_where(path: Path, part: str) -> str:
    """Which sheet a damaged worksheet part is, and the cell its XML stops parsing in (the last cell started
    before where the parser stopped), as the message says them: ' (the sheet "Log", at cell B20)'; "" for
    another part, or one whose sheet is not found."""
    from coachlog_xl.workbook.parts import sheet_parts  # (its package imports this module)

    sheet = None
    with contextlib.suppress(*READ_BACK_ERRORS, KeyError):  # (the part naming the sheets may be the damaged one)
        sheet = next((name for name, p in sheet_parts(path).items() if p == part), None)
    if sheet is None:
        return ""
    cell, parser = None, expat.ParserCreate()
    with contextlib.suppress(*READ_BACK_ERRORS, KeyError), zipfile.ZipFile(path) as zf:
        data = zf.read(part)
        try:
            parser.Parse(data, True)
        except expat.ExpatError:
            end = parser.ErrorByteIndex
            starts = list(_CELL_START.finditer(data, max(0, end - 65536), end + 1))
            # (the cell whose element the parser stopped in: started before, not closed before)
            tail = data[starts[-1].end():end] if starts else b""
            inside = starts and not _CELL_END.search(tail) and not _SELF_CLOSED.match(tail)
            cell = starts[-1].group(1).decode() if inside else None
    return f' (the sheet "{sheet}"' + (f", at cell {cell}" if cell else "") + ")"


def replace_verified(tmp: Path, path: Path, backup: bool, expected: Fingerprint | None,
                     parts: list[str] | None = None) -> None:
    """Verify ``tmp`` (``parts``: see :func:`verify_package`), keep a backup, and move ``tmp`` over
    ``path`` in one step."""
    try:
        verify_package(tmp, parts)
    except WorkbookError as exc:
        raise WorkbookError(_unverified(path, parts, exc)) from None
    if expected is not None and path.exists() and Fingerprint.of(path) != expected:
        raise WorkbookError(changed_on_disk(path))
    opened = [f.name for f in office_lock_files(path) if f.name not in expected.locks] if expected is not None else []
    if opened:  # replaced now, the file would no longer be the one open there, whose next save would undo this
        raise WorkbookError(
            f"{path}: the workbook was opened in Excel or LibreOffice while the command ran (lock file {opened[0]}); "
            "nothing was written. Close it there and run the command again.")
    stopping.check()  # (a Ctrl-C dropped while the file was written: no backup made, nothing replaced)
    if path.exists():
        os.chmod(tmp, path.stat().st_mode & 0o777)
        if backup:
            _keep_backup(path)
    else:  # a new file gets the permissions any program's new file gets here (the umask's), not mkstemp's 0600
        os.chmod(tmp, 0o666 & ~_umask())
    stopping.check()
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
        return (f"{path}: not a readable .xlsx workbook; the part {found[0]}{part_where(path, found[0])} inside it is "
                f"damaged ({found[1]}); "
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


def _copied(path: Path, to: Path) -> None:
    """Copy the file ``path`` as it is to ``to``, in its folder, through a temporary name: a half-made copy
    never takes the name (nor replaces a whole one there); an OSError when it fails (a full disk)."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=new_copy_prefix(path), suffix=".bak", dir=path.parent)
        os.close(fd)
        shutil.copy2(path, tmp)
        os.replace(tmp, to)
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _keep_backup(path: Path) -> None:
    """Copy the file as it is to BOOK.xlsx.bak (:func:`_copied`); a copy that fails (a full disk) stops the
    save with the file unchanged."""
    bak = backup_path(path)
    try:
        _copied(path, bak)
    except OSError as exc:
        fix = "Free some space in the folder" \
            if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) else \
            f"Check {bak.name} (a folder of that name? a file you may not replace?) and the folder"
        raise WorkbookError(f"{path}: could not keep the backup {bak.name} ({exc.strerror or exc}); nothing was "
                            f"written. {fix}, or turn the backup off (Settings: Keep a backup (.bak) = no; "
                            "refresh --no-backup).") from None


def keep_apart(path: Path, before: str) -> Path:
    """Copy the workbook as it is to a name of its own beside it (:func:`~coachlog_xl.workbook.beside.apart_path`:
    ``BOOK.before-BEFORE-YYYY-MM-DD-HHMMSS.xlsx``, ``before`` the command about to replace what it holds) and
    return that name: no command replaces it, where the ``.bak`` of every save is replaced by the next one
    ("nothing a person typed is ever lost").  ``coachlog new`` and ``demo --force`` keep so the workbook they
    replace, and a refresh the workbook whose cells typed on a computed sheet it drops; any command replacing a
    workbook whole calls it first.  Called under the workbook's write lock (no other coachlog command names a
    copy meanwhile); through a symbolic link, the copy is of the file it points to, beside it.  A copy that
    fails (a full disk) stops the command with the workbook unchanged."""
    path = Path(os.path.realpath(path))
    now = dt.datetime.now()
    kept = next(p for n in range(1, 1000) if not os.path.lexists(p := apart_path(path, before, now, n)))
    try:
        _copied(path, kept)
    except OSError as exc:
        raise WorkbookError(f"{path}: could not keep a copy of the workbook as it is, as {kept.name} "
                            f"({exc.strerror or exc}); nothing was written. Free some space in the folder "
                            f"{path.parent}, or check that you may write there, and run the command again.") from None
    return kept


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
        raise WorkbookError(unwritable_folder(path, exc)) from None
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


def unwritable_folder(path: Path, exc: OSError) -> str:
    """What a command that may not create a file beside the workbook says (the save's temporary file,
    the write lock's file): the folder missing, a name too long for the files kept beside the workbook,
    or the system's refusal and what to do."""
    if not path.parent.is_dir():
        return f"{path}: the folder {path.parent} does not exist; nothing was written."
    if exc.errno == errno.ENAMETOOLONG:
        return (f"{path}: the workbook's name is too long for the files coachlog keeps beside it "
                f"({exc.strerror or exc}); nothing was written. Give the workbook a shorter name: coachlog keeps "
                "files beside it whose names are longer still (.NAME.coachlog-cache, NAME.bak, NAME.tmp).")
    return (f"{path}: coachlog cannot write in the folder {path.parent} ({exc.strerror or exc}); nothing was "
            "written. Copy the workbook to a folder you can write to, or ask for write access to this one.")


def save_workbook(wb, path: Path, backup: bool = True, expected: Fingerprint | None = None) -> None:
    """Save a whole openpyxl workbook safely (new workbooks, imports, repairs)."""
    save_package(wb.save, path, backup, expected)

