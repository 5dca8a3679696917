"""Where python-calamine and fastexcel have no wheel (pyproject leaves them out on emscripten, xlwings
Lite's platform), openpyxl reads the rows: a refresh there gives every cell the compiled readers give."""

from __future__ import annotations

import shutil
import subprocess
import sys

from coachlog_xl import schema
from tests.demo_kit import demo_copy
from tests.wbkit import records, run

# the command line with both readers' imports failing, as where their wheels are missing
WITHOUT = """
import sys
sys.modules["python_calamine"] = None
sys.modules["fastexcel"] = None
sys.argv = ["coachlog", *sys.argv[1:]]
from coachlog_xl import entry
entry.main()
"""
COMPUTED = (schema.FOLLOWUP.name, schema.BASELINE.name, schema.AGGREGATE.name, schema.CHECKS.name)


def test_a_refresh_without_python_calamine_or_fastexcel_gives_the_same_cells(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readers")
    book = demo_copy(folder / "with.xlsx", tmp_path_factory)
    without = shutil.copyfile(book, folder / "without.xlsx")
    done = run("refresh", book, "--as-of", "2026-03-31", "--no-cache", "--no-backup", "-q")
    assert done.exit_code == 0, done.output
    bare = subprocess.run([sys.executable, "-c", WITHOUT, "refresh", str(without), "--as-of", "2026-03-31",
                           "--no-cache",
                           "--no-backup", "-q"], capture_output=True, text=True, timeout=600)
    assert bare.returncode == 0, bare.stderr
    assert "Traceback" not in bare.stderr
    for name in COMPUTED:
        assert records(without, name) == records(book, name), name
    assert records(without, schema.LOG.name) == records(book, schema.LOG.name)
