"""The core is pure computation: pandas in, pandas out, no workbook library, CLI or file access."""

import ast
import subprocess
import sys
from pathlib import Path

import coachlog_xl.core

CORE = Path(coachlog_xl.core.__file__).parent
OUTER = {"openpyxl", "xlwings", "click", "python_calamine", "fastexcel"}
NO_FILE_ACCESS = {"os", "pathlib", "shutil", "tempfile", "io", "zipfile", "glob"}


def test_importing_the_core_loads_no_outer_library():
    code = (
        "import sys, coachlog_xl.core.refresh; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(OUTER)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_core_modules_import_no_file_or_outer_modules_and_never_call_open():
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [(node.module or "").split(".")[0]]
            else:
                names = []
            bad = set(names) & (OUTER | NO_FILE_ACCESS)
            assert not bad, f"{path.name} imports {bad}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path.name} calls open()"


def test_core_modules_stay_small():
    for path in CORE.glob("*.py"):
        assert len(path.read_text().splitlines()) < 400, path.name
