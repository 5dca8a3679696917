"""Ctrl-C while click reads the command line (after the command is imported, before it runs) is said as an
interruption anywhere else is, with exit status 130, not as click's "Aborted!" with status 1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coachlog_xl.entry import INTERRUPTED
from tests.test_ctrl_c_early import ROOT, _console_script

# every click parser's call raises KeyboardInterrupt, as Ctrl-C pressed while it reads the arguments
INTERRUPTED_PARSER = '''
import click

made = click.Command.make_parser


def make_parser(self, ctx):
    parser = made(self, ctx)

    def interrupted(args):
        raise KeyboardInterrupt

    parser.parse_args = interrupted
    return parser


click.Command.make_parser = make_parser
'''


@pytest.mark.parametrize("args", [["refresh", "team.xlsx"], ["--version"], ["check", "--help"]])
def test_ctrl_c_while_click_reads_the_command_line_is_said_as_an_interruption_with_status_130(tmp_path, args):
    module, func = _console_script()
    script = f"import sys\n{INTERRUPTED_PARSER}\nfrom {module} import {func}\nsys.exit({func}())\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stderr, done.stdout) == (130, f"\n{INTERRUPTED}\n", "")
