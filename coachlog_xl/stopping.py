"""A stop asked of the running command (Ctrl-C, the end of the session) kept in mind, so that it is never lost.

Python raises a signal's exception wherever the first process happens to be, and some places drop it: a
callback a Rust extension makes (fastexcel's ``load_sheet`` calls :func:`logging.getLogger`), or a hook run
after ``os.fork`` (logging's: "Exception ignored in _releaseLock"); the refresh then went on and saved.
The command's handler (:func:`handled`) notes the signal before it raises :class:`KeyboardInterrupt`, and
:func:`check` raises it again where work is committed (before a workbook is replaced, before its backup is
made, before a file beside it is written, at each step of a refresh), so a stop dropped on the way stops the
command there, as the interruption itself would have, and what Python says of the exception it dropped
(an "Exception ignored" traceback) is left unsaid.  Nothing is noted outside a command's handler: a
library caller's own signal handling is left as it is.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from functools import partial

_ASKED: list[int] = []  # the signals that asked the command to stop, the first first


def on_signal(signum: int, _frame) -> None:
    """The command's handler of Ctrl-C and the end of the session: the stop noted, then raised."""
    _ASKED.append(int(signum))
    raise KeyboardInterrupt


def asked() -> int | None:
    """The signal that first asked the running command to stop, or None."""
    return _ASKED[0] if _ASKED else None


def check() -> None:
    """Raise :class:`KeyboardInterrupt` when a stop was asked of the command, though the one the signal
    raised was dropped on the way (see the module)."""
    if _ASKED:
        raise KeyboardInterrupt


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Ctrl-C (SIGINT) and the end of the session (SIGTERM, SIGHUP) handled by :func:`on_signal` in the
    block (only in the main thread, the one Python lets set them), the handlers before restored and the
    stop forgotten after it.  A signal the process was started ignoring (SIGINT in a job a shell started
    in the background, SIGHUP under ``nohup``) stays ignored, and so does one whose handler Python did not
    set (a program embedding Python set it: ``signal.getsignal`` gives None, which cannot be set back)."""
    names = ("SIGINT", "SIGTERM", "SIGHUP") if threading.current_thread() is threading.main_thread() else ()
    signals = [getattr(signal, n) for n in names if hasattr(signal, n)]
    before = {s: signal.signal(s, on_signal) for s in signals if signal.getsignal(s) not in (signal.SIG_IGN, None)}
    said = sys.unraisablehook
    sys.unraisablehook = partial(_unraisable, said)
    try:
        yield
    finally:
        sys.unraisablehook = said
        for s, handler in before.items():
            signal.signal(s, handler)
        _ASKED.clear()


def _unraisable(said, unraisable) -> None:
    """Python's word for an exception it drops (a hook run after ``os.fork``, a ``__del__``), left unsaid for the
    stop :func:`on_signal` raised: the command says it (:func:`check`), not an "Exception ignored" traceback."""
    if not (_ASKED and isinstance(unraisable.exc_value, KeyboardInterrupt)):
        said(unraisable)
