"""The record of the last refresh, ``.BOOK.xlsx.coachlog-done`` beside the workbook (a few lines of
JSON): the CRC-32 and size of every part of the package the refresh saved, the ``--as-of`` date asked
for, the day (when no date was asked for, the as-of date can be today's; when one after the day was, the
baselines recorded depend on the day), the earliest call dated after the day after it (its baselines held until
then), the package version and the
cache's format, with the summary the refresh printed.

A refresh that finds the workbook exactly as the last refresh left it, on the same terms, would write
the same figures again: it writes nothing and says the workbook is up to date (:func:`unchanged`).
Any change to the file's bytes (even a save with no edit, which rewrites the package's
properties), another day or another version means a full refresh.  The standard library only: the
command line asks it before it imports pandas and the readers (about a second), so an up-to-date
workbook is told in a fraction of that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import numbers
import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from coachlog_xl import __version__, stopping
from coachlog_xl.workbook.beside import done_path, stale_writings, writing_path

FORMAT = 8  # of the refresh cache and this record (6: Scores rows with a blank rep or criterion and merged cells hold
# baselines; 7: a 1904 workbook's Scores dates read in its own date system; 8: Scores rows dated after the day after
# today hold the baselines they could enter, and this record says until when; rows read on a scale in doubt marked)


def today() -> dt.date:
    """The day a refresh without ``--as-of`` runs on."""
    return dt.date.today()


def today_where(zone: str | None) -> dt.date:
    """The real day where the team is, for calls dated after it (:mod:`~coachlog_xl.core.aftertoday`): in Settings'
    Time zone when one is named (a call made this morning in Tokyo is dated tomorrow by a machine in London), else
    the machine's (:func:`today`)."""
    if not zone:
        return today()
    from dateutil import tz  # (as Settings reads the name; not on the up-to-date path, which needs no zone)

    return now(tz.gettz(zone)).date()


def now(zone: dt.tzinfo | None) -> dt.datetime:
    """The moment of the refresh in ``zone``."""
    return dt.datetime.now(zone)


def record_done(book: Path, as_of, day, summary: dict, result_as_of, sha256: str,
                ahead: dt.date | None = None) -> bool:
    """After a refresh saved ``book``: record the package it left (``sha256``: the file's, as it left
    it) and the terms it ran on; ``ahead``: the earliest Scores day dated after the day after ``day``, whose
    baselines the refresh held (:mod:`~coachlog_xl.core.aftertoday`), None when none."""
    parts = _package(book)
    if parts is None:
        return False
    state = {**_terms(as_of, day), "package": parts, "sha256": sha256, "summary": summary,
             "result_as_of": str(result_as_of), "ahead": None if ahead is None else str(ahead)}
    data = json.dumps(state, default=_json_value).encode()
    return write_beside(book, done_path(book), lambda fh: fh.write(data))


def unchanged(book: Path, as_of, day, sha256: str) -> dict | None:
    """The record of the last refresh when ``book`` is exactly the package it saved, byte for byte
    (``sha256``: the file's now, which the command's lock computed already), and the terms are the same
    (a refresh now would change nothing); None otherwise.  The zip directory alone would not tell a
    part whose stored bytes were damaged since (its CRC and size are as they were): the refresh must
    read it, and say so."""
    path = done_path(book)
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(state, dict) or any(state.get(k) != v for k, v in _terms(as_of, day).items()):
        return None
    if not _said(state.get("summary")) or not _a_day(state.get("result_as_of")) or _released(state.get("ahead"), day):
        return None
    parts = _package(book)
    if parts is None or state.get("package") != parts or state.get("sha256") != sha256:
        return None
    return state


def _said(summary) -> bool:
    """Whether a recorded summary holds what the up-to-date message says (a record edited by hand may not, nor
    one of a version that counted no scores apart from calls: that workbook is refreshed again)."""
    return isinstance(summary, dict) \
        and all(isinstance(summary.get(k), int) for k in ("sessions", "scores", "calls")) \
        and all(isinstance(summary.get(k), dict) for k in ("status", "checks"))


def _released(ahead, day) -> bool:
    """Whether the calls a refresh held baselines for (the earliest dated ``ahead``) may be real by ``day``: from the
    day before it (:func:`~coachlog_xl.core.aftertoday.last_day`), a day sooner still where Settings' Time zone is a day
    ahead of the machine's (:func:`today_where`): a refresh then may record those baselines."""
    if ahead is None:
        return False
    return not _a_day(ahead) or dt.date.fromisoformat(ahead) - dt.timedelta(days=2) <= dt.date.fromisoformat(str(day))


def _a_day(text) -> bool:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def write_beside(book: Path, path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Write ``path`` through ``write`` atomically, with the workbook's permissions; False when the
    folder is not writable (or another writer's rename came first and this one's file was taken for
    stale).  Written first under a name of this writer's own (:func:`~coachlog_xl.workbook.beside.writing_path`),
    so that two commands writing it at once (a check takes no lock) each rename a whole file of theirs.
    A second process stopped by SIGKILL while it writes cannot remove its file: the command that stopped
    it does (:func:`coachlog_xl.workers.ended`), and one a command killed outright left is removed by
    the next writer once it is stale (:func:`~coachlog_xl.workbook.beside.stale_writings`)."""
    for stale in stale_writings(path):
        with contextlib.suppress(OSError):
            stale.unlink()
    tmp = writing_path(path)
    try:
        mode = stat.S_IMODE(os.stat(book).st_mode)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode & 0o666)
    except OSError:  # (nothing created; a file of that name, were there one, is not this writer's to remove)
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            stopping.check()  # (a Ctrl-C the command noted but lost on the way: nothing written beside the workbook)
            write(fh)
        os.chmod(tmp, mode)
        stopping.check()
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):  # (a read-only file system refuses the unlink too)
            tmp.unlink(missing_ok=True)
        return False
    except BaseException:  # Ctrl-C, or ``write`` failing: no half-written file is left beside the workbook
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return True


def _package(book: Path) -> list | None:
    """Every part's name, CRC-32 and size, from the zip directory (None when the file is no zip)."""
    try:
        with zipfile.ZipFile(book) as z:
            return [[i.filename, i.CRC, i.file_size] for i in z.infolist()]
    except (OSError, zipfile.BadZipFile):
        return None


def _terms(as_of, day) -> dict:
    """The terms a refresh ran on: the day counts without ``--as-of``, and with one after it (a session
    held since is recorded then: docs/rules.md, "Baseline recorded once")."""
    dated = as_of is None or str(as_of) > str(day)
    return {"format": FORMAT, "version": __version__, "as_of": None if as_of is None else str(as_of),
            "today": str(day) if dated else None}


def _json_value(value):
    """numpy numbers and dates in a summary, as JSON keeps them (numpy's integers and floats are
    registered as Python's numbers)."""
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)
