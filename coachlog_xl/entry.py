"""The ``coachlog`` console script's entry point (pyproject's ``[project.scripts]``): :func:`main`.

Importing the command (click, the workbook readers it starts) takes a few tenths of a second, before the
command's own handling of Ctrl-C (:class:`coachlog_xl.cli._Commands`) is in place: an interruption then is
said as the command says it later, with exit status 130, not as a KeyboardInterrupt traceback.  This module
imports nothing but :mod:`os` and :mod:`sys`, so that it is in place from the start; ``import coachlog_xl``
does not load it.  A ``coachlog refresh`` or ``check`` of a workbook starts loading its Scores in a second
process before the command is imported (:func:`coachlog_xl.workbook.prefetch.ahead`).
"""

from __future__ import annotations

import os
import sys

INTERRUPTED = ("Interrupted. A workbook the command was saving is either as it was or saved whole (its .bak holds "
               "the one before); run the command again to finish.")
CTRL_C = 130  # 128 + SIGINT's number, as a shell reports a command Ctrl-C stopped


def arrow_memory() -> None:
    """Have Arrow (fastexcel's columns, pandas' text columns) allocate through the C library in this
    process: a long text column read and let go gives its memory back at once, where Arrow's own
    allocator keeps it (a paste of a million long comments peaks 0.4 GB lower and reads 2 s faster).
    Called before pyarrow is imported; a value the user set stays."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def main() -> None:
    """Import the command and run it (:func:`coachlog_xl.cli.run`), the Scores of the workbook it reads
    loading meanwhile (:func:`~coachlog_xl.workbook.prefetch.ahead`); Ctrl-C during the import stops that
    load and ends the process with :data:`INTERRUPTED` on stderr and exit status 130."""
    try:
        if sys.argv[1:2] in (["refresh"], ["check"]):
            arrow_memory()
            from coachlog_xl.workbook.prefetch import ahead

            ahead(sys.argv[1:])
        from coachlog_xl.cli import run
    except KeyboardInterrupt:
        if (prefetch := sys.modules.get("coachlog_xl.workbook.prefetch")) is not None:
            prefetch.dropped()  # (the load started ahead, which no command will take up: stopped and reaped)
        try:
            sys.stderr.write(f"\n{INTERRUPTED}\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed or gone: the exit status says it all the same
            pass
        raise SystemExit(CTRL_C) from None
    run()
