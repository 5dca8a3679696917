"""The ``coachlog`` console script's entry point (pyproject's ``[project.scripts]``): :func:`main`.

Importing the command (click, the workbook readers it starts) takes a few tenths of a second, before the
command's own handling of Ctrl-C (:class:`coachlog_xl.cli._Commands`) is in place: an interruption then is
said as the command says it later, with exit status 130, not as a KeyboardInterrupt traceback.  This module
imports nothing but :mod:`os` and :mod:`sys` (and :mod:`ctypes`, for :func:`malloc_settings`), so that it
is in place from the start; ``import coachlog_xl`` does not load it.  ``refresh``, ``check`` and ``import``
set the C library's allocator for their large tables first (:func:`malloc_settings`); a ``coachlog
refresh`` or ``check`` of a workbook starts loading its Scores in a second process before the command is
imported (:func:`coachlog_xl.workbook.prefetch.ahead`).

Those three commands also pause Python's cycle collector before they import anything, for the rest of the
process: their work runs with it paused anyway (:func:`coachlog_xl.workers.command`), and the objects their
imports make (over 100,000: modules, functions, classes) live as long as the process.  Running, the
collector passed over them again and again as they were made, and, as the library's import let it run
again (``coachlog_xl.cli._api``), once over all of them, freeing a few hundred: 40-50 ms of CPU on the
first process's path to the Scores at 100,000 score rows, and a few more before the second process is
forked (docs/speed.md).
"""

from __future__ import annotations

import gc
import os
import sys

INTERRUPTED = ("Interrupted. A workbook the command was saving is either as it was or saved whole (its .bak holds "
               "the one before); run the command again to finish.")
CTRL_C = 130  # 128 + SIGINT's number, as a shell reports a command Ctrl-C stopped
# glibc's mallopt parameters (malloc.h) and the values the commands that read a workbook's Scores set
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
MALLOC_SETTINGS = ((M_MMAP_THRESHOLD, 16 << 20), (M_TRIM_THRESHOLD, 256 << 20), (M_TOP_PAD, 64 << 20))
LARGE_COMMANDS = ("refresh", "check", "import")  # (the commands reading a workbook's Scores or an export)


def arrow_memory() -> None:
    """Have Arrow (fastexcel's columns, pandas' text columns) allocate through the C library in this
    process: a long text column read and let go gives its memory back at once, where Arrow's own
    allocator keeps it (a paste of a million long comments peaks 0.4 GB lower and reads 2 s faster).
    Called before pyarrow is imported; a value the user set stays."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def malloc_settings(environ=os.environ) -> bool:
    """Have glibc's allocator keep the memory a command frees and take more at a time (whether it did):
    blocks under 16 MiB come from the heap, not each from a mapping of its own, 256 MiB freed at the
    heap's top are kept before any goes back, and the heap grows by 64 MiB more than asked.  A refresh
    makes and frees columns of a few MB by the thousand; glibc's defaults map each such block anew (from
    128 KiB, a threshold that rises only as mapped blocks are freed) and give the heap's top back as
    soon as 128 KiB of it are free, so the next column takes fresh pages from the kernel, each zeroed at
    its first touch.  A cold refresh of a million score rows: minor page faults 660-674k -> 619-624k,
    system CPU 2.6-2.8 s -> 2.1-2.8 s, peak memory 767-772 -> 778-780 MB (3 interleaved pairs on a shared
    machine; 32 MiB gave the same faults, and 6.4 -> 5.85 s of wall-clock on a quieter one).  The
    threshold is 16 MiB, not 32, for the paste heaviest in memory, a million different 380-character
    comments: 2,168 MB at the peak with glibc's defaults and with these, 2,195 MB with 32 MiB
    (docs/speed.md).  Only on Linux with glibc, and only when the user set none of glibc's own malloc
    settings (a ``MALLOC_*`` variable, or malloc tunables in ``GLIBC_TUNABLES``, which glibc read as the
    process started): anywhere else, or when ctypes or the call fails, the allocator is left as it is."""
    if not sys.platform.startswith("linux") or any(name.startswith("MALLOC_") for name in environ) \
            or "glibc.malloc." in environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):  # (musl's mallopt does nothing)
            return False
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt  # (the process's own C library)
        mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
        return all([mallopt(param, value) == 1 for param, value in MALLOC_SETTINGS])
    except (ImportError, OSError, ValueError, AttributeError):
        return False


def main() -> None:
    """Import the command and run it (:func:`coachlog_xl.cli.run`), the Scores of the workbook it reads
    loading meanwhile (:func:`~coachlog_xl.workbook.prefetch.ahead`); Ctrl-C during the import, or after it
    where the command's own handling is not in place (before click parses the command line, as the process
    ends), stops that load and ends the process with :data:`INTERRUPTED` on stderr and exit status 130 (the
    end of the session, SIGTERM or SIGHUP, from the load's start to the import's end: 128 + its number).
    A Ctrl-C that Python drops while the load starts (a hook logging runs after ``os.fork`` says "Exception
    ignored") is noted all the same (:func:`coachlog_xl.stopping.handled`): the command does not run.

    Before this function is called, Python starts (its site packages' ``.pth`` files too) and the console
    script pip writes imports :mod:`re` and this module: a Ctrl-C then is Python's own to handle, a
    KeyboardInterrupt traceback or the process ended by the signal (README, Commands)."""
    stopped_by = CTRL_C
    try:
        if sys.argv[1:2] and sys.argv[1] in LARGE_COMMANDS:
            gc.disable()  # (see the module: its imports' objects live to the end, as the command's do)
            malloc_settings()
        ahead = _ahead(sys.argv[1:2] in (["refresh"], ["check"]))
        from coachlog_xl import stopping

        with stopping.handled():  # (a stop dropped on the way, as in the hook run after the load's fork, is noted)
            try:
                ahead(sys.argv[1:])
                from coachlog_xl.cli import run

                stopping.check()  # (a Ctrl-C dropped: no command runs, as the interruption itself would have done)
            except KeyboardInterrupt:
                stopped_by = 128 + stopping.asked() if stopping.asked() else CTRL_C
                raise
        run()  # (it ends the process, its command's own interruption handled in it)
    except KeyboardInterrupt:
        if (prefetch := sys.modules.get("coachlog_xl.workbook.prefetch")) is not None:
            prefetch.dropped()  # (the load started ahead, which no command will take up: stopped and reaped)
        try:
            sys.stderr.write(f"\n{INTERRUPTED}\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed or gone: the exit status says it all the same
            pass
        raise SystemExit(stopped_by) from None


def _ahead(loads: bool):
    """:func:`coachlog_xl.workbook.prefetch.ahead` when the command ``loads`` a workbook's Scores (``refresh``,
    ``check``), imported here; else a function that starts nothing."""
    if not loads:
        return lambda _args: None
    arrow_memory()
    from coachlog_xl.workbook.prefetch import ahead

    return ahead
