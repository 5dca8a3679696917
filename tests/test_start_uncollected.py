"""The ``coachlog`` console script's start (:func:`coachlog_xl.entry.main`): the commands that read a
workbook's Scores or an export pause Python's cycle collector before they import anything, so it makes no
pass over the objects their imports make (nor one over all of them as the library's import ends); the
other commands leave it running.  Seen in a process of its own, the command line itself replaced by a
module that reports the collector's state and passes as the command would start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# the command line's module replaced: its run() prints whether the collector runs and how many passes it
# made since main() was called; main() imports the second process's module first for refresh and check
PROBE = '''
import gc, sys, types
from coachlog_xl import entry

def passes():
    return sum(gen["collections"] for gen in gc.get_stats())

def run():
    print(gc.isenabled(), passes() - before)
    gc.enable()

cli = types.ModuleType("coachlog_xl.cli")
cli.run = run
sys.modules["coachlog_xl.cli"] = cli
sys.argv = ["coachlog", *sys.argv[1:]]
gc.collect()
before = passes()
entry.main()
'''


def _started(*words: str) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", PROBE, *words], env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=True, timeout=120).stdout.split()
    return out[0], int(out[1])


@pytest.mark.parametrize("words", [["refresh", "missing.xlsx", "-q"], ["check", "missing.xlsx"],
                                   ["import", "missing.xlsx", "export.csv"]])
def test_a_command_reading_a_workbook_starts_with_the_collector_paused_and_no_pass_made(words):
    enabled, passes = _started(*words)
    assert enabled == "False"
    assert passes == 0


@pytest.mark.parametrize("words", [["new", "missing.xlsx"], ["--help"]])
def test_another_command_starts_with_the_collector_running(words):
    enabled, _ = _started(*words)
    assert enabled == "True"
