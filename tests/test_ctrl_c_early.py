"""Ctrl-C while the ``coachlog`` console script is still importing the command (its first few tenths of a
second) is said as the command says it later, with exit status 130, and no KeyboardInterrupt traceback;
``import coachlog_xl`` is left as it was for a library user."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# held at the import of click (the command imports it first thing) until the test interrupts it
HOLD = '''
import sys, time


class _Hold:
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            sys.meta_path.remove(self)
            print("importing", flush=True)
            time.sleep(60)
        return None


sys.meta_path.insert(0, _Hold())
'''


def _console_script() -> tuple[str, str]:
    """The module and function pyproject names as the ``coachlog`` console script."""
    text = (ROOT / "pyproject.toml").read_text()
    scripts = text[text.index("[project.scripts]"):]
    module, func = re.search(r'^coachlog\s*=\s*"([\w.]+):(\w+)"', scripts, re.M).groups()
    return module, func


def _started(site: Path, sitecustomize: str, *args: str) -> subprocess.Popen:
    """The console script, as pip writes it, started with ``args`` and ``sitecustomize`` (in the folder ``site``)
    run as Python starts; Ctrl-C as a terminal gives it (a test run started in the background begins with
    it ignored)."""
    (site / "sitecustomize.py").write_text(sitecustomize)
    module, func = _console_script()
    script = f"import sys\nfrom {module} import {func}\nsys.exit({func}())\n"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _interrupted_when(site: Path, hold: str, said: str) -> tuple[int, str, str]:
    """``coachlog --version`` started with the ``hold`` (a sitecustomize) and Ctrl-C given once it prints
    ``said``: its exit status, stdout and stderr."""
    child = _started(site, hold, "--version")
    try:
        assert child.stdout.readline() == said
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    return child.returncode, out, err


def test_ctrl_c_while_the_command_imports_is_said_as_later_with_status_130(tmp_path):
    code, out, err = _interrupted_when(tmp_path, HOLD, "importing\n")
    from coachlog_xl.entry import INTERRUPTED

    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert (code, err) == (130, f"\n{INTERRUPTED}\n")
    assert out == ""  # (not the version: the command never ran)
    assert INTERRUPTED.startswith("Interrupted. A workbook the command was saving is either as it was or saved whole")


def test_importing_the_library_loads_no_console_script_entry():
    code = "import sys, coachlog_xl; print(sorted(m for m in sys.modules if m.startswith('coachlog_xl')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "['coachlog_xl']"


# held once the command is imported, as run() begins, before click parses the command line
HOLD_AFTER_IMPORT = '''
import sys, time

import coachlog_xl.workers as workers


def _held():
    print("running", flush=True)
    time.sleep(60)


workers.ends_with_command = _held
'''


def test_ctrl_c_after_the_import_before_the_command_line_is_parsed_is_said_with_status_130(tmp_path):
    code, out, err = _interrupted_when(tmp_path, HOLD_AFTER_IMPORT, "running\n")
    from coachlog_xl.entry import INTERRUPTED

    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert (code, err, out) == (130, f"\n{INTERRUPTED}\n", "")


# a Ctrl-C that Python drops as the load of the Scores starts (as a hook logging runs after os.fork drops it,
# "Exception ignored in: <function _releaseLock ...>"): raised in a __del__, which Python reports and goes on
DROPPED_AS_THE_LOAD_STARTS = '''
import os, signal

import coachlog_xl.workbook.prefetch as prefetch

started = prefetch.ahead


class _Dropped:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(100_000):  # (the handler runs here, at the loop's next check: its exception dropped)
            pass


def _ahead(args):
    started(args)
    _Dropped()


prefetch.ahead = _ahead
'''


def test_a_ctrl_c_python_drops_as_the_load_starts_still_stops_the_refresh_before_it_writes(tmp_path):
    book = tmp_path / "team.xlsx"
    from coachlog_xl import api

    api.new_workbook(book)
    before = book.read_bytes()
    site = tmp_path / "site"
    site.mkdir()
    child = _started(site, DROPPED_AS_THE_LOAD_STARTS, "refresh", str(book))
    try:
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    from coachlog_xl.entry import INTERRUPTED

    assert (child.returncode, err, out) == (130, f"\n{INTERRUPTED}\n", "")
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "team.xlsx"]
