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


def test_ctrl_c_while_the_command_imports_is_said_as_later_with_status_130(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(HOLD)
    module, func = _console_script()
    script = f"import sys\nfrom {module} import {func}\nsys.exit({func}())\n"  # as pip writes the script
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    # Ctrl-C as a terminal gives it (a test run started in the background begins with it ignored)
    child = subprocess.Popen([sys.executable, "-c", script, "--version"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert child.stdout.readline() == "importing\n"
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    from coachlog_xl.entry import INTERRUPTED

    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert (child.returncode, err) == (130, f"\n{INTERRUPTED}\n")
    assert out == ""  # (not the version: the command never ran)
    assert INTERRUPTED.startswith("Interrupted. A workbook the command was saving is either as it was or saved whole")


def test_importing_the_library_loads_no_console_script_entry():
    code = "import sys, coachlog_xl; print(sorted(m for m in sys.modules if m.startswith('coachlog_xl')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "['coachlog_xl']"
