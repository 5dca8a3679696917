"""A path as a shell reads it, for the commands a message tells the user to run (the command line's
messages and the library's share it: nothing else imported)."""

from __future__ import annotations

import os
import re
import shlex

_WINDOWS_PLAIN = re.compile(r"[\w.:\\/+~-]+")


def shell_word(path: str | os.PathLike, *, windows: bool = os.name == "nt") -> str:
    """``path`` as a command to paste back into the shell writes it: quoted when it holds a space or a
    quote (``'my team.xlsx'``), and ``./`` before a leading ``-`` (``./-x.xlsx``), which a command would
    take for an option.

    On Windows the quotes are double (``"my team.xlsx"``) and the prefix ``.\\``: the Command Prompt
    reads no single quotes, and double quotes are the ones it and PowerShell both read. A Windows path
    holds no double quote, so quoting it whole is always possible; anything but letters, digits and
    ``_ . : \\ / + ~ -`` is quoted, since each shell gives some of the rest a meaning (``&``, ``(``,
    ``'``, ``;``, ``@``, ``%``, ``$`` ...). Inside double quotes PowerShell still reads ``$name`` as a
    variable and the Command Prompt ``%name%``: names holding those stay the user's to type."""
    text = os.fsdecode(path)
    if not windows:
        return shlex.quote("./" + text if text.startswith("-") else text)
    if text.startswith("-"):
        text = ".\\" + text
    return text if _WINDOWS_PLAIN.fullmatch(text) else f'"{text}"'
