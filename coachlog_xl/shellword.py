"""A path as a shell reads it, for the commands a message tells the user to run (the command line's
messages and the library's share it: nothing else imported)."""

from __future__ import annotations

import os
import shlex


def shell_word(path: str | os.PathLike) -> str:
    """``path`` as a command to paste back into the shell writes it: quoted when it holds a space or a
    quote (``'my team.xlsx'``), and ``./`` before a leading ``-`` (``./-x.xlsx``), which a command would
    take for an option."""
    text = os.fsdecode(path)
    return shlex.quote("./" + text if text.startswith("-") else text)
