"""The ``coachlog`` console script's entry point (pyproject's ``[project.scripts]``): :func:`main`.

Importing the command (click, the workbook readers it starts) takes a few tenths of a second, before the
command's own handling of Ctrl-C (:class:`coachlog_xl.cli._Commands`) is in place: an interruption then is
said as the command says it later, with exit status 130, not as a KeyboardInterrupt traceback.  This module
imports nothing but :mod:`sys`, so that it is in place from the start; ``import coachlog_xl`` does not load it.
"""

from __future__ import annotations

import sys

INTERRUPTED = ("Interrupted. A workbook the command was saving is either as it was or saved whole (its .bak holds "
               "the one before); run the command again to finish.")
CTRL_C = 130  # 128 + SIGINT's number, as a shell reports a command Ctrl-C stopped


def main() -> None:
    """Import the command and run it (:func:`coachlog_xl.cli.run`); Ctrl-C during the import ends the
    process with :data:`INTERRUPTED` on stderr and exit status 130."""
    try:
        from coachlog_xl.cli import run
    except KeyboardInterrupt:
        try:
            sys.stderr.write(f"\n{INTERRUPTED}\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr closed or gone: the exit status says it all the same
            pass
        raise SystemExit(CTRL_C) from None
    run()
